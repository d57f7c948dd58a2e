#include "config.h"

#include "util/hashset.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Linear probing from the low bits, at most half full so a probe ends
 * soon; the table doubles when an insert would fill it past that. */
static size_t
find_slot(const struct hashset *set, uint64_t key)
{
	size_t k, mask = set->cap - 1;

	for (k = key & mask; set->slots[k] != 0 && set->slots[k] != key; k = (k + 1) & mask)
		continue;
	return k;
}

static void
grow(struct hashset *set)
{
	uint64_t *old = set->slots;
	size_t cap = set->cap, i;

	set->cap = cap ? cap * 2 : 1024;
	set->slots = xcalloc(set->cap, sizeof(*set->slots));
	for (i = 0; i < cap; i++)
		if (old[i] != 0)
			set->slots[find_slot(set, old[i])] = old[i];
	free(old);
}

bool
hashset_insert(struct hashset *set, uint64_t key)
{
	size_t k;

	if (key == 0) {
		if (set->has_zero)
			return false;
		set->has_zero = true;
		set->count++;
		return true;
	}
	if (2 * (set->count + 1) > set->cap)
		grow(set);
	k = find_slot(set, key);
	if (set->slots[k] == key)
		return false;
	set->slots[k] = key;
	set->count++;
	return true;
}

bool
hashset_contains(const struct hashset *set, uint64_t key)
{
	if (key == 0)
		return set->has_zero;
	return set->cap > 0 && set->slots[find_slot(set, key)] == key;
}

size_t
hashset_count(const struct hashset *set)
{
	return set->count;
}

void
hashset_merge(struct hashset *into, const struct hashset *from)
{
	size_t i;

	if (from->has_zero)
		hashset_insert(into, 0);
	for (i = 0; i < from->cap; i++)
		if (from->slots[i] != 0)
			hashset_insert(into, from->slots[i]);
}

void
hashset_free(struct hashset *set)
{
	free(set->slots);
	set->slots = NULL;
	set->cap = set->count = 0;
	set->has_zero = false;
}

/* The same probing as the set's, over the slots of the index: a slot of
 * another hash is stepped over, an empty one ends the search. */
size_t
hashindex_next(const struct hashindex *ix, uint64_t hash, size_t *it)
{
	size_t mask = ix->cap - 1;

	if (ix->cap == 0)
		return SIZE_MAX;
	for (*it = (*it + 1) & mask; ix->slots[*it].index != 0; *it = (*it + 1) & mask)
		if (ix->slots[*it].hash == hash)
			return ix->slots[*it].index - 1;
	return SIZE_MAX;
}

size_t
hashindex_first(const struct hashindex *ix, uint64_t hash, size_t *it)
{
	*it = ((size_t)hash - 1) & (ix->cap - 1);
	return hashindex_next(ix, hash, it);
}

static void
put(struct hashindex *ix, uint64_t hash, size_t index_plus1)
{
	size_t k, mask = ix->cap - 1;

	for (k = hash & mask; ix->slots[k].index != 0; k = (k + 1) & mask)
		continue;
	ix->slots[k].hash = hash;
	ix->slots[k].index = index_plus1;
}

void
hashindex_add(struct hashindex *ix, uint64_t hash, size_t index)
{
	if (2 * (ix->count + 1) > ix->cap) {
		struct hashindex_slot *old = ix->slots;
		size_t cap = ix->cap, i;

		ix->cap = cap ? cap * 2 : 64;
		ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
		for (i = 0; i < cap; i++)
			if (old[i].index != 0)
				put(ix, old[i].hash, old[i].index);
		free(old);
	}
	put(ix, hash, index + 1);
	ix->count++;
}

void
hashindex_clear(struct hashindex *ix)
{
	if (ix->slots != NULL)
		memset(ix->slots, 0, ix->cap * sizeof(*ix->slots));
	ix->count = 0;
}

void
hashindex_free(struct hashindex *ix)
{
	free(ix->slots);
	ix->slots = NULL;
	ix->cap = ix->count = 0;
}
