/* store.h - the states of one layer of the search.
 *
 * A node is one state: a fixed-size header, then the key (what makes two
 * states the same: a bound prefix, every frame, the model's hashed
 * region), then the rest of the packed state.  Nodes live in arenas, one
 * per job, freed with their layer.  A layer finds nodes by key in a hash
 * table split into partitions by the hash's top byte, each with its own
 * lock, so that jobs adding states to the same layer rarely wait for each
 * other.  A job looks a state up by its key in pieces (store_find) under
 * the partition's lock and, only if it is new, builds the node in place in
 * its arena (store_peek), adds it and keeps it (store_commit).
 */
#ifndef LOCKSTEP_EXPLORE_STORE_H
#define LOCKSTEP_EXPLORE_STORE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

struct node {
	uint64_t hash;
	uint64_t sleep;		/* threads whose pending step need not be taken */
	uint64_t count;		/* schedules from the start to here */
	struct model_verdict *verdict;	/* a terminal state: how it ended */
	struct model_value *shared;	/* a terminal state: the final values */
	uint32_t parent;	/* index of the parent in the previous layer */
	uint32_t index;		/* index in its own layer, once sorted */
	uint16_t thread, choice;	/* the step from the parent */
	uint32_t flags;		/* NODE_* */
	unsigned char bytes[];	/* key, then the rest of the packed state */
};

#define NODE_TERMINAL 1		/* the run ends here: nothing to expand */

#define STORE_PARTITIONS 256

struct store_slot {
	uint64_t hash;
	struct node *node;		/* NULL: empty */
};

struct store_partition {
	pthread_mutex_t lock;
	struct store_slot *slots;
	size_t cap, count;
};

struct store_chunk;

struct store_arena {
	struct store_chunk *chunks;
	unsigned char *next, *end;
};

struct store {
	size_t node_size, key_size;
	bool locking;		/* several jobs add at once */
	struct store_partition parts[STORE_PARTITIONS];
	struct store_arena *arenas;	/* one per job */
	int jobs;
	struct store_chunk **spare;	/* per job, chunks to use again, or NULL */
	atomic_size_t *bytes;	/* memory the search's layers hold, or NULL */
};

uint64_t store_hash(const void *bytes, size_t len);

/* An empty layer sized for about expected nodes.  Its arenas take chunks
 * from spare (one list per job, the caller's; NULL: none) and give them
 * back there when it is freed, so that layer after layer reuses memory.
 * The bytes its tables and chunks take are added to *bytes (if not NULL),
 * and taken off when they are freed, for --max-memory. */
struct store *store_new(size_t node_size, size_t key_size, int jobs, size_t expected,
    struct store_chunk **spare, atomic_size_t *bytes);
/* Frees the nodes too (not what their verdict and shared point to). */
void store_free(struct store *s);
/* Free jobs lists of spare chunks, and the array. */
void store_spare_free(struct store_chunk **spare, int jobs, atomic_size_t *bytes);

/* Room for one node in job's arena; the same until store_commit. */
struct node *store_peek(struct store *s, int job);
void store_commit(struct store *s, int job);

/* A key as a job has it before storing a node: two pieces (the prefix and
 * the frames, then the model's hashed region) that a node holds end to
 * end.  Looking a key up this way copies nothing for a state already
 * stored, as most are. */
struct store_key {
	const unsigned char *head;
	size_t head_len;
	const unsigned char *tail;
	size_t tail_len;
	uint64_t hash;
};

/* Set k->hash; a node's hash is that of its key. */
void store_key_hash(struct store_key *k);

struct store_partition *store_partition(struct store *s, uint64_t hash);
void store_lock(const struct store *s, struct store_partition *p);
void store_unlock(const struct store *s, struct store_partition *p);
/* Start fetching the table slot where a key with this hash goes; for a
 * layer that one job fills alone (others may be growing the table). */
void store_prefetch(const struct store *s, uint64_t hash);
/* With p locked: the node with k's key, or NULL. */
struct node *store_find(const struct store *s, const struct store_partition *p,
    const struct store_key *k);
/* With p locked: add n, whose key is not in p yet (n->hash set). */
void store_add(struct store *s, struct store_partition *p, struct node *n);

/* Every node in the order they lie in memory, the quickest to go through:
 * each job's in the order it stored them; *count set.  The caller frees
 * the array. */
struct node **store_in_memory_order(struct store *s, size_t *count);

#endif
