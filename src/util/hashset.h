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

#endif
