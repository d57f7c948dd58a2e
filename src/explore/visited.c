#include "config.h"

#include "explore/visited.h"

#include <stdlib.h>
#include <string.h>

#include "explore/store.h"
#include "util/xalloc.h"

void
visited_init(struct visited *v)
{
	memset(v, 0, sizeof(*v));
}

void
visited_free(struct visited *v)
{
	free(v->slots);
	memset(v, 0, sizeof(*v));
}

uint64_t
visited_check(const void *key, size_t len)
{
	/* a seed of its own makes it independent of the store's hash */
	return store_hash_seeded(key, len, 0x6A09E667F3BCC908ULL) | 1;
}

/* The slots are probed from the hash's low bits; the store's partitions
 * take its top byte, so the two do not follow each other. */
uint64_t *
visited_find(const struct visited *v, uint64_t hash, uint64_t check)
{
	size_t mask = v->cap - 1, i;

	if (v->cap == 0)
		return NULL;
	for (i = hash & mask; v->slots[i].check != 0; i = (i + 1) & mask)
		if (v->slots[i].hash == hash && v->slots[i].check == check)
			return &v->slots[i].sleep;
	return NULL;
}

static void
place(struct visited_slot *slots, size_t mask, const struct visited_slot *from)
{
	size_t i;

	for (i = from->hash & mask; slots[i].check != 0; i = (i + 1) & mask)
		;
	slots[i] = *from;
}

/* Twice the slots, at most three quarters of them full. */
static void
grow(struct visited *v)
{
	size_t cap = v->cap != 0 ? v->cap * 2 : 1024, i;
	struct visited_slot *slots = xcalloc(cap, sizeof(*slots));

	for (i = 0; i < v->cap; i++)
		if (v->slots[i].check != 0)
			place(slots, cap - 1, &v->slots[i]);
	free(v->slots);
	v->slots = slots;
	v->cap = cap;
	v->bytes = cap * sizeof(*slots);
}

void
visited_add(struct visited *v, uint64_t hash, uint64_t check, uint64_t sleep)
{
	struct visited_slot slot = { hash, check, sleep };

	if ((v->count + 1) * 4 > v->cap * 3)
		grow(v);
	place(v->slots, v->cap - 1, &slot);
	v->count++;
}
