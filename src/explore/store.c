#include "config.h"

#include "explore/store.h"

#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "util/xalloc.h"

#define CHUNK_BYTES (4u << 20)	/* a chunk, its header included */
#define HUGE_PAGE (2u << 20)

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

static uint64_t
finalize(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h;
}

/* wyhash's folded multiply: 16 bytes into 8 with one 64 x 64 -> 128
 * multiplication, its halves xored. */
static uint64_t
fold(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 r = (unsigned __int128)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
	uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32, bl = b & 0xFFFFFFFFu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);

	return (a * b) ^ (hh + (lh >> 32) + (hl >> 32) + (mid >> 32));
#endif
}

/* Folded multiplies over 16-byte words in four independent lanes (so that
 * the multiplications overlap), then MurmurHash3's finalizer. */
uint64_t
store_hash(const void *bytes, size_t len)
{
	const unsigned char *p = bytes;
	uint64_t a = 0x243F6A8885A308D3ULL ^ (uint64_t)len, b = 0x13198A2E03707344ULL;
	uint64_t c = 0xA4093822299F31D0ULL, d = 0x082EFA98EC4E6C89ULL, w[8];

	for (; len >= 64; p += 64, len -= 64) {
		memcpy(w, p, 64);
		a = fold(w[0] ^ 0x452821E638D01377ULL, w[1] ^ a);
		b = fold(w[2] ^ 0xBE5466CF34E90C6CULL, w[3] ^ b);
		c = fold(w[4] ^ 0xC0AC29B7C97C50DDULL, w[5] ^ c);
		d = fold(w[6] ^ 0x3F84D5B5B5470917ULL, w[7] ^ d);
	}
	for (; len >= 16; p += 16, len -= 16) {
		memcpy(w, p, 16);
		a = fold(w[0] ^ 0x9216D5D98979FB1BULL, w[1] ^ a);
	}
	if (len > 0) {
		w[0] = w[1] = 0;
		memcpy(w, p, len);
		b = fold(w[0] ^ 0xD1310BA698DFB5ACULL, w[1] ^ b);
	}
	return finalize(mix(mix(mix(a, b), c), d));
}

/* Memory taken (bytes > 0) or given back (< 0), for --max-memory. */
static void
account(atomic_size_t *total, long long bytes)
{
	if (total == NULL)
		return;
	if (bytes >= 0)
		atomic_fetch_add_explicit(total, (size_t)bytes, memory_order_relaxed);
	else
		atomic_fetch_sub_explicit(total, (size_t)-bytes, memory_order_relaxed);
}

struct store *
store_new(size_t node_size, size_t key_size, int jobs, size_t expected,
    struct store_chunk **spare, atomic_size_t *bytes)
{
	struct store *s = xcalloc(1, sizeof(*s));
	size_t cap = 8, i;

	s->spare = spare;
	s->bytes = bytes;
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
	account(bytes, (long long)(STORE_PARTITIONS * cap * sizeof(struct store_slot)));
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
		account(s->bytes, -(long long)(s->parts[i].cap * sizeof(struct store_slot)));
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
				account(s->bytes, -(long long)(sizeof(*c) + c->size));
				free(c);
			}
		}
	}
	free(s->arenas);
	free(s);
}

void
store_spare_free(struct store_chunk **spare, int jobs, atomic_size_t *bytes)
{
	struct store_chunk *c, *next;
	int j;

	for (j = 0; j < jobs; j++)
		for (c = spare[j]; c != NULL; c = next) {
			next = c->next;
			account(bytes, -(long long)(sizeof(*c) + c->size));
			free(c);
		}
	free(spare);
}

/* A new chunk with room for bytes, on huge pages where the system has
 * them: a layer's nodes are hundreds of megabytes looked at in no order,
 * and a page fault and a TLB entry per 4 KiB of them cost. */
static struct store_chunk *
new_chunk(size_t bytes)
{
	struct store_chunk *c;
	void *p;

	if (posix_memalign(&p, HUGE_PAGE, sizeof(*c) + bytes) != 0)
		util_fatal("out of memory (%zu bytes)", sizeof(*c) + bytes);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	(void)madvise(p, sizeof(*c) + bytes, MADV_HUGEPAGE);
#endif
	c = p;
	c->size = bytes;
	return c;
}

/* A chunk for job's arena: a spare one of the usual size, or a new one. */
static struct store_chunk *
take_chunk(struct store *s, int job, size_t bytes)
{
	struct store_chunk *c = s->spare != NULL ? s->spare[job] : NULL;

	if (c != NULL && c->size == bytes) {
		s->spare[job] = c->next;
		return c;
	}
	account(s->bytes, (long long)(sizeof(*c) + bytes));
	return new_chunk(bytes);
}

struct node *
store_peek(struct store *s, int job)
{
	struct store_arena *a = &s->arenas[job];

	if (a->next == NULL || (size_t)(a->end - a->next) < s->node_size) {
		size_t bytes = s->node_size > CHUNK_BYTES / 4 ? s->node_size * 4 :
		    CHUNK_BYTES - sizeof(struct store_chunk);
		struct store_chunk *c = take_chunk(s, job, bytes);

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
grow(struct store *s, struct store_partition *p)
{
	size_t cap = p->cap * 2, i, k;
	struct store_slot *slots = xcalloc(cap, sizeof(*slots));

	account(s->bytes, (long long)(p->cap * sizeof(*slots)));
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

	for (i = n->hash & (p->cap - 1); p->slots[i].node != NULL; i = (i + 1) & (p->cap - 1))
		;
	p->slots[i].hash = n->hash;
	p->slots[i].node = n;
	if (++p->count * 10 > p->cap * 7)
		grow(s, p);
}

/* Job j's chunks, oldest first (the arena keeps them newest first). */
static size_t
chunks_oldest_first(const struct store_arena *a, const struct store_chunk ***out,
    size_t *cap)
{
	const struct store_chunk *c;
	size_t n = 0, i;

	for (c = a->chunks; c != NULL; c = c->next)
		n++;
	*out = xgrow(*out, cap, n + 1, sizeof(**out));
	for (c = a->chunks, i = n; c != NULL; c = c->next)
		(*out)[--i] = c;
	return n;
}

struct node **
store_in_memory_order(struct store *s, size_t *count)
{
	const struct store_chunk **chunks = NULL;
	size_t n = 0, i, k, nchunks, cap = 0, off;
	struct node **nodes;
	int j;

	for (i = 0; i < STORE_PARTITIONS; i++)
		n += s->parts[i].count;
	nodes = xmalloc((n + 1) * sizeof(*nodes));
	n = 0;
	for (j = 0; j < s->jobs; j++) {
		const struct store_arena *a = &s->arenas[j];

		nchunks = chunks_oldest_first(a, &chunks, &cap);
		for (k = 0; k < nchunks; k++) {
			const struct store_chunk *c = chunks[k];
			size_t used = c == a->chunks ? (size_t)(a->next - c->bytes) : c->used;

			for (off = 0; off + s->node_size <= used; off += s->node_size)
				nodes[n++] = (struct node *)(void *)(c->bytes + off);
		}
	}
	free(chunks);
	*count = n;
	return nodes;
}
