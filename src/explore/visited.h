/* visited.h - every state the search has stored, in any layer.
 *
 * Without step counts in a state, a schedule can come back to a state:
 * around a loop (a busy wait, `while not done:`) or by a longer way.  A
 * layer (store.h) finds a state again only within itself; the visited
 * set finds it in any layer before, so that a loop closes and the search
 * ends.  For each state it keeps the sleep set the search has expanded
 * it with so far (search.c says why that can shrink).
 *
 * A state is known here by a 128-bit fingerprint of its key -- two
 * independent 64-bit hashes of it -- not by the key itself, which takes
 * ten times the memory: the chance that two of even a billion states
 * share a fingerprint is below 10^-20, far below that of a memory error.
 *
 * Lock invariant: the first job adds states and shrinks their sleep sets
 * between layers, alone; while a layer is filled every job finds states
 * (visited_find) and reads their sleep sets, and nothing changes.
 */
#ifndef LOCKSTEP_EXPLORE_VISITED_H
#define LOCKSTEP_EXPLORE_VISITED_H

#include <stddef.h>
#include <stdint.h>

struct visited_slot {
	uint64_t hash, check;	/* the fingerprint; check is never 0 in a full slot */
	uint64_t sleep;
};

struct visited {
	struct visited_slot *slots;
	size_t cap, count;	/* cap a power of two, or 0 */
	size_t bytes;		/* for --max-memory */
};

void visited_init(struct visited *v);
void visited_free(struct visited *v);

/* The fingerprint's check word of the encoded key (its hash is the
 * store's, store_key_hash). */
uint64_t visited_check(const void *key, size_t len);

/* The sleep set of the state with this fingerprint, or NULL if it was
 * never added. */
uint64_t *visited_find(const struct visited *v, uint64_t hash, uint64_t check);
/* Add a state not added before, with the sleep set it is expanded with. */
void visited_add(struct visited *v, uint64_t hash, uint64_t check, uint64_t sleep);

#endif
