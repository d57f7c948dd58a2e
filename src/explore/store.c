#include "config.h"

#include "explore/store.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define CHUNK_BYTES (4u << 20)

struct store_chunk {
	struct store_chunk *next;
	size_t size;
	size_t used;		/* bytes committed, once the next chunk is taken */
	unsigned char bytes[];
};

static uint64_t
mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 32);
}

/* Multiply-xorshift over 8-byte words in four independent lanes (so that
 * the multiplications overlap), then MurmurHash3's finalizer. */
uint64_t
store_hash(const void *bytes, size_t len)
{
	const unsigned char *p = bytes;
	uint64_t a = 0x243F6A8885A308D3ULL ^ (uint64_t)len, b = 0x13198A2E03707344ULL;
	uint64_t c = 0xA4093822299F31D0ULL, d = 0x082EFA98EC4E6C89ULL, w[4], h;

	for (; len >= 32; p += 32, len -= 32) {
		memcpy(w, p, 32);
		a = mix(a, w[0]);
		b = mix(b, w[1]);
		c = mix(c, w[2]);
		d = mix(d, w[3]);
	}
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(w, p, 8);
		a = mix(a, w[0]);
	}
	if (len > 0) {
		w[0] = 0;
		memcpy(w, p, len);
		b = mix(b, w[0]);
	}
	h = mix(mix(mix(a, b), c), d);
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h;
}

struct store *
store_new(size_t node_size, size_t key_size, int jobs, size_t expected,
    struct store_chunk **spare)
{
	struct store *s = xcalloc(1, sizeof(*s));
	size_t cap = 8, i;

	s->spare = spare;
	s->node_size = node_size;
	s->key_size = key_size;
	s->jobs = jobs;
	s->locking = jobs > 1;
	s->arenas = xcalloc((size_t)jobs, sizeof(*s->arenas));
	while (cap * STORE_PARTITIONS < expected * 2 && cap < ((size_t)1 << 24))
		cap *= 2;
	for (i = 0; i < STORE_PARTITIONS; i++) {
		pthread_mutex_init(&s->parts[i].lock, NULL);
		s->parts[i].cap = cap;
		s->parts[i].slots = xcalloc(cap, sizeof(struct store_slot));
	}
	return s;
}

void
store_free(struct store *s)
{
	size_t i;
	int j;

	if (s == NULL)
		return;
	for (i = 0; i < STORE_PARTITIONS; i++) {
		free(s->parts[i].slots);
		pthread_mutex_destroy(&s->parts[i].lock);
	}
	for (j = 0; j < s->jobs; j++) {
		struct store_chunk *c = s->arenas[j].chunks, *next;

		for (; c != NULL; c = next) {
			next = c->next;
			if (s->spare != NULL) {
				c->next = s->spare[j];
				s->spare[j] = c;
			} else {
				free(c);
			}
		}
	}
	free(s->arenas);
	free(s);
}

void
store_spare_free(struct store_chunk **spare, int jobs)
{
	struct store_chunk *c, *next;
	int j;

	for (j = 0; j < jobs; j++)
		for (c = spare[j]; c != NULL; c = next) {
			next = c->next;
			free(c);
		}
	free(spare);
}

struct node *
store_peek(struct store *s, int job)
{
	struct store_arena *a = &s->arenas[job];

	if (a->next == NULL || (size_t)(a->end - a->next) < s->node_size) {
		size_t bytes = s->node_size > CHUNK_BYTES / 4 ? s->node_size * 4 : CHUNK_BYTES;
		struct store_chunk *c = s->spare != NULL ? s->spare[job] : NULL;

		if (c != NULL && c->size == bytes) {
			s->spare[job] = c->next;
		} else {
			c = xmalloc(sizeof(*c) + bytes);
			c->size = bytes;
		}
		if (a->chunks != NULL)
			a->chunks->used = (size_t)(a->next - a->chunks->bytes);
		c->next = a->chunks;
		c->used = 0;
		a->chunks = c;
		a->next = c->bytes;
		a->end = c->bytes + bytes;
	}
	return (struct node *)(void *)a->next;
}

void
store_commit(struct store *s, int job)
{
	s->arenas[job].next += s->node_size;
}

struct store_partition *
store_partition(struct store *s, uint64_t hash)
{
	return &s->parts[hash >> 56];
}

void
store_lock(const struct store *s, struct store_partition *p)
{
	if (s->locking)
		pthread_mutex_lock(&p->lock);
}

void
store_unlock(const struct store *s, struct store_partition *p)
{
	if (s->locking)
		pthread_mutex_unlock(&p->lock);
}

static void
grow(struct store_partition *p)
{
	size_t cap = p->cap * 2, i, k;
	struct store_slot *slots = xcalloc(cap, sizeof(*slots));

	for (i = 0; i < p->cap; i++) {
		if (p->slots[i].node == NULL)
			continue;
		for (k = p->slots[i].hash & (cap - 1); slots[k].node != NULL;
		    k = (k + 1) & (cap - 1))
			;
		slots[k] = p->slots[i];
	}
	free(p->slots);
	p->slots = slots;
	p->cap = cap;
}

void
store_key_hash(struct store_key *k)
{
	uint64_t h = store_hash(k->tail, k->tail_len) ^
	    (store_hash(k->head, k->head_len) * 0x9E3779B97F4A7C15ULL);

	h ^= h >> 29;
	k->hash = h * 0xBF58476D1CE4E5B9ULL;
}

void
store_prefetch(const struct store *s, uint64_t hash)
{
	const struct store_partition *p = &s->parts[hash >> 56];

	__builtin_prefetch(&p->slots[hash & (p->cap - 1)]);
}

struct node *
store_find(const struct store *s, const struct store_partition *p, const struct store_key *k)
{
	size_t i;

	(void)s;
	for (i = k->hash & (p->cap - 1); p->slots[i].node != NULL; i = (i + 1) & (p->cap - 1)) {
		const struct node *n = p->slots[i].node;

		if (p->slots[i].hash == k->hash &&
		    memcmp(n->bytes, k->head, k->head_len) == 0 &&
		    memcmp(n->bytes + k->head_len, k->tail, k->tail_len) == 0)
			return p->slots[i].node;
	}
	return NULL;
}

void
store_add(struct store *s, struct store_partition *p, struct node *n)
{
	size_t i;

	(void)s;
	for (i = n->hash & (p->cap - 1); p->slots[i].node != NULL; i = (i + 1) & (p->cap - 1))
		;
	p->slots[i].hash = n->hash;
	p->slots[i].node = n;
	if (++p->count * 10 > p->cap * 7)
		grow(p);
}

struct node **
store_in_memory_order(struct store *s, size_t *count)
{
	size_t n = 0, i, off;
	struct node **nodes;
	int j;

	for (i = 0; i < STORE_PARTITIONS; i++)
		n += s->parts[i].count;
	nodes = xmalloc((n + 1) * sizeof(*nodes));
	n = 0;
	for (j = 0; j < s->jobs; j++) {
		const struct store_arena *a = &s->arenas[j];
		const struct store_chunk *c;

		for (c = a->chunks; c != NULL; c = c->next) {
			size_t used = c == a->chunks ? (size_t)(a->next - c->bytes) : c->used;

			for (off = 0; off + s->node_size <= used; off += s->node_size)
				nodes[n++] = (struct node *)(void *)(c->bytes + off);
		}
	}
	*count = n;
	return nodes;
}
