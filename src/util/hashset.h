/* hashset.h - a set of 64-bit keys, found by open addressing.
 *
 * For the places that count distinct things by a hash of them (the
 * states a sampled search saw): insert and contains in O(1), no order.
 * The keys are their own hash; a caller with keys of poor low bits mixes
 * them first.  A zeroed struct hashset is the empty set.
 */
#ifndef LOCKSTEP_UTIL_HASHSET_H
#define LOCKSTEP_UTIL_HASHSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hashset {
	uint64_t *slots;	/* 0: empty; key 0 is has_zero instead */
	size_t cap, count;
	bool has_zero;
};

/* Adds key; true if it was not there yet. */
bool hashset_insert(struct hashset *set, uint64_t key);
bool hashset_contains(const struct hashset *set, uint64_t key);
/* How many distinct keys it holds. */
size_t hashset_count(const struct hashset *set);
/* Adds every key of from to into. */
void hashset_merge(struct hashset *into, const struct hashset *from);
void hashset_free(struct hashset *set);

/* An index of entries kept elsewhere (an array the caller owns), found by
 * a hash of each: the set of (hash, index) pairs, so it grows without
 * hashing an entry again.  Which entries with the hash are equal to what is
 * looked for is the caller's to say:
 *
 *	for (i = hashindex_first(&ix, h, &it); i != SIZE_MAX;
 *	    i = hashindex_next(&ix, h, &it))
 *		if (same(entries[i], key)) return i;
 */
struct hashindex {
	struct hashindex_slot {
		uint64_t hash;
		size_t index;	/* + 1; 0: the slot is empty */
	} *slots;
	size_t cap, count;
};

/* The first index added with hash, or SIZE_MAX; *it is where to go on. */
size_t hashindex_first(const struct hashindex *ix, uint64_t hash, size_t *it);
/* The next index added with hash after the one *it is at, or SIZE_MAX. */
size_t hashindex_next(const struct hashindex *ix, uint64_t hash, size_t *it);
/* Adds index under hash (the caller has looked for it first). */
void hashindex_add(struct hashindex *ix, uint64_t hash, size_t index);
/* Empties it and keeps its room. */
void hashindex_clear(struct hashindex *ix);
void hashindex_free(struct hashindex *ix);

#endif
