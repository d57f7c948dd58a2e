#include "config.h"

#include "explore/store.h"

#include <stddef.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "util/xalloc.h"

#define CHUNK_BYTES (4u << 20)	/* a chunk, its header included */
#define HUGE_PAGE (2u << 20)

struct store_chunk {
	struct store_chunk *next;	/* in a spare list */
	const struct store *owner;	/* the layer using it; NULL: spare */
	atomic_size_t unexpanded;	/* nodes not yet released, once sealed */
	size_t size;			/* of bytes */
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
	return store_hash_seeded(bytes, len, 0);
}

uint64_t
store_hash_seeded(const void *bytes, size_t len, uint64_t seed)
{
	const unsigned char *p = bytes;
	uint64_t a = 0x243F6A8885A308D3ULL ^ (uint64_t)len ^ seed, b = 0x13198A2E03707344ULL;
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
account(struct store_memory *mem, long long bytes)
{
	if (bytes >= 0)
		atomic_fetch_add_explicit(&mem->bytes, (size_t)bytes, memory_order_relaxed);
	else
		atomic_fetch_sub_explicit(&mem->bytes, (size_t)-bytes, memory_order_relaxed);
}

static void *
aligned_alloc_or_die(size_t align, size_t size)
{
	void *p;

	if (posix_memalign(&p, align, size) != 0)
		util_fatal("out of memory (%zu bytes)", size);
	return p;
}

/* size bytes aligned to align, on huge pages where the system has them: a
 * layer's nodes and table are hundreds of megabytes looked at in no order,
 * and a page fault and a TLB entry per 4 KiB of them cost. */
static void *
huge_alloc(size_t align, size_t size)
{
	void *p = aligned_alloc_or_die(align, size);

#if defined(__linux__) && defined(MADV_HUGEPAGE)
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

void
store_memory_init(struct store_memory *mem, int jobs)
{
	int j;

	mem->jobs = jobs;
	mem->spare = aligned_alloc_or_die(64, (size_t)jobs * sizeof(*mem->spare));
	for (j = 0; j < jobs; j++) {
		atomic_flag_clear(&mem->spare[j].lock);
		mem->spare[j].list = NULL;
	}
	mem->spare_nodes = xcalloc((size_t)jobs, sizeof(*mem->spare_nodes));
	mem->spare_nodes_cap = xcalloc((size_t)jobs, sizeof(*mem->spare_nodes_cap));
	mem->table = NULL;
	mem->table_slots = 0;
	atomic_init(&mem->bytes, 0);
}

void
store_memory_balance(struct store_memory *mem)
{
	struct store_chunk *all = NULL, *c, *next;
	int j, to = 0;

	for (j = 0; j < mem->jobs; j++) {
		for (c = mem->spare[j].list; c != NULL; c = next) {
			next = c->next;
			c->next = all;
			all = c;
		}
		mem->spare[j].list = NULL;
	}
	for (c = all; c != NULL; c = next, to = (to + 1) % mem->jobs) {
		next = c->next;
		c->next = mem->spare[to].list;
		mem->spare[to].list = c;
	}
}

static void
free_chunk(struct store_memory *mem, struct store_chunk *c)
{
	account(mem, -(long long)(sizeof(*c) + c->size));
	free(c);
}

void
store_memory_free(struct store_memory *mem)
{
	struct store_chunk *c, *next;
	int j;

	for (j = 0; j < mem->jobs; j++) {
		for (c = mem->spare[j].list; c != NULL; c = next) {
			next = c->next;
			free_chunk(mem, c);
		}
		free(mem->spare_nodes[j]);
	}
	free(mem->spare);
	free(mem->spare_nodes);
	free(mem->spare_nodes_cap);
	account(mem, -(long long)(mem->table_slots * sizeof(struct store_slot)));
	free(mem->table);
}

/* A table of count slots, not zeroed: the pool's, if it is big enough. */
static struct store_slot *
take_table(struct store_memory *mem, size_t count)
{
	struct store_slot *t = mem->table;

	if (t == NULL || mem->table_slots < count) {
		account(mem, -(long long)(mem->table_slots * sizeof(*t)));
		free(t);
		/* a huge page is a 2 MiB fault, worth it only for a table as big */
		t = count * sizeof(*t) >= HUGE_PAGE ? huge_alloc(HUGE_PAGE, count * sizeof(*t)) :
		    aligned_alloc_or_die(64, count * sizeof(*t));
		mem->table_slots = count;
		account(mem, (long long)(count * sizeof(*t)));
	}
	mem->table = NULL;
	return t;
}

static void
give_table(struct store_memory *mem, struct store_slot *t, size_t count)
{
	if (mem->table == NULL) {
		mem->table = t;
		mem->table_slots = count;
		return;
	}
	account(mem, -(long long)(count * sizeof(*t)));
	free(t);
}

/* An arena's list of nodes, with room for want of them: the pool's, which
 * the layer before the last gave back, so that the list neither takes
 * fresh memory nor is copied as it grows, layer after layer. */
static void
take_nodes(struct store_memory *mem, int job, struct store_arena *a, size_t want)
{
	a->nodes = mem->spare_nodes[job];
	a->nodes_cap = mem->spare_nodes_cap[job];
	mem->spare_nodes[job] = NULL;
	mem->spare_nodes_cap[job] = 0;
	if (a->nodes_cap < want) {
		/* nothing in it to keep: not a realloc, which would copy */
		free(a->nodes);
		a->nodes_cap = want;
		a->nodes = xmalloc(want * sizeof(*a->nodes));
	}
}

/* The larger of the pool's list and the arena's is kept. */
static void
give_nodes(struct store_memory *mem, int job, struct store_arena *a)
{
	if (a->nodes_cap > mem->spare_nodes_cap[job]) {
		free(mem->spare_nodes[job]);
		mem->spare_nodes[job] = a->nodes;
		mem->spare_nodes_cap[job] = a->nodes_cap;
	} else {
		free(a->nodes);
	}
	a->nodes = NULL;
	a->nodes_cap = 0;
}

size_t
store_node_bytes(size_t key_len, size_t rest_room)
{
	return (offsetof(struct node, bytes) + key_len + rest_room + 7) & ~(size_t)7;
}

/* Chunks are aligned to their size, a power of two, so that a node's
 * chunk is its address rounded down; four nodes fit at least. */
static size_t
chunk_size_for(size_t node_max)
{
	size_t size = CHUNK_BYTES;

	while (size - sizeof(struct store_chunk) < node_max * 4)
		size *= 2;
	return size;
}

struct store *
store_new(size_t node_max, int jobs, size_t expected, struct store_memory *mem)
{
	/* aligned as its partitions are declared: from malloc, at 16 bytes,
	 * each partition's lock would share a line with the one before */
	struct store *s = aligned_alloc_or_die(64, sizeof(*s));
	size_t cap = 8, i;

	memset(s, 0, sizeof(*s));
	s->mem = mem;
	s->node_max = node_max;
	s->chunk_size = chunk_size_for(node_max);
	s->jobs = jobs;
	s->locking = jobs > 1;
	/* an arena to a cache line: jobs fill theirs side by side */
	s->arenas = aligned_alloc_or_die(64, (size_t)jobs * sizeof(*s->arenas));
	memset(s->arenas, 0, (size_t)jobs * sizeof(*s->arenas));
	for (i = 0; i < (size_t)jobs; i++)
		take_nodes(mem, (int)i, &s->arenas[i], expected * 2 / (size_t)jobs);
	while (cap * STORE_PARTITIONS < expected * 2 && cap < ((size_t)1 << 24))
		cap *= 2;
	s->table = take_table(mem, cap * STORE_PARTITIONS);
	s->table_cap = cap;
	for (i = 0; i < STORE_PARTITIONS; i++) {
		atomic_flag_clear(&s->parts[i].lock);
		atomic_init(&s->parts[i].slots, s->table + i * cap);
		atomic_init(&s->parts[i].cap, cap);
	}
	return s;
}

/* A partition's slots are in the layer's table until it grows. */
static bool
in_table(const struct store *s, const struct store_slot *slots)
{
	return slots >= s->table && slots < s->table + STORE_PARTITIONS * s->table_cap;
}

/* A partition's own table of cap slots (not the layer's) is freed. */
static void
free_slots(struct store *s, struct store_slot *slots, size_t cap)
{
	if (in_table(s, slots))
		return;
	account(s->mem, -(long long)(cap * sizeof(*slots)));
	free(slots);
}

static void
free_tables(struct store *s)
{
	size_t i, k;

	if (s->table == NULL)
		return;
	for (i = 0; i < STORE_PARTITIONS; i++) {
		struct store_partition *p = &s->parts[i];
		size_t cap = atomic_load_explicit(&p->cap, memory_order_relaxed);

		/* each table it grew out of had half the slots of the next */
		for (k = p->nretired; k > 0; k--) {
			cap /= 2;
			free_slots(s, p->retired[k - 1], cap);
		}
		free(p->retired);
		free_slots(s, atomic_load_explicit(&p->slots, memory_order_relaxed),
		    atomic_load_explicit(&p->cap, memory_order_relaxed));
		atomic_store_explicit(&p->slots, NULL, memory_order_relaxed);
	}
	give_table(s->mem, s->table, STORE_PARTITIONS * s->table_cap);
	s->table = NULL;
}

void
store_zero_part(struct store *s, int part, int parts)
{
	size_t slots = STORE_PARTITIONS * s->table_cap;
	size_t from = slots * (size_t)part / (size_t)parts;
	size_t to = slots * (size_t)(part + 1) / (size_t)parts;

	memset(s->table + from, 0, (to - from) * sizeof(*s->table));
}

/* Held for a lookup and maybe an insert, or for a chunk list's head:
 * spin, but give way to a holder the scheduler has put aside. */
static void
spin_lock(atomic_flag *lock)
{
	unsigned spins = 0;

	while (atomic_flag_test_and_set_explicit(lock, memory_order_acquire))
		if (++spins % 64 == 0)
			sched_yield();
}

static void
spin_unlock(atomic_flag *lock)
{
	atomic_flag_clear_explicit(lock, memory_order_release);
}

static void
spare_chunk(struct store_memory *mem, int job, struct store_chunk *c)
{
	struct store_spare *sp = &mem->spare[job];

	c->owner = NULL;
	spin_lock(&sp->lock);
	c->next = sp->list;
	sp->list = c;
	spin_unlock(&sp->lock);
}

/* A spare chunk of size bytes from job's list, or NULL. */
static struct store_chunk *
pop_spare(struct store_memory *mem, int job, size_t size)
{
	struct store_spare *sp = &mem->spare[job];
	struct store_chunk *c;

	spin_lock(&sp->lock);
	c = sp->list;
	if (c != NULL && c->size == size)
		sp->list = c->next;
	else
		c = NULL;
	spin_unlock(&sp->lock);
	return c;
}

void
store_free(struct store *s)
{
	size_t k;
	int j;

	if (s == NULL)
		return;
	free_tables(s);
	for (j = 0; j < s->jobs; j++) {
		struct store_arena *a = &s->arenas[j];

		for (k = 0; k < a->nchunks; k++)
			if (a->chunks[k]->owner == s)
				spare_chunk(s->mem, j, a->chunks[k]);
		free(a->chunks);
		give_nodes(s->mem, j, a);
	}
	free(s->arenas);
	free(s);
}

/* Whether some node in an arena's list is marked NODE_MOVED: some were
 * and the layer is not sealed yet. */
static bool
some_moved(const struct store *s)
{
	int j;

	for (j = 0; j < s->jobs; j++)
		if (s->arenas[j].moved > 0)
			return true;
	return false;
}

/* The states job's arena holds, in order, into nodes (if not NULL); how
 * many.  Nodes are looked at only if some were moved. */
static size_t
arena_nodes(const struct store *s, int job, struct node **nodes)
{
	const struct store_arena *a = &s->arenas[job];
	size_t i, count = 0;

	if (!some_moved(s)) {
		if (nodes != NULL && a->nnodes > 0)
			memcpy(nodes, a->nodes, a->nnodes * sizeof(*nodes));
		return a->nnodes;
	}
	for (i = 0; i < a->nnodes; i++)
		if (!(a->nodes[i]->flags & NODE_MOVED)) {
			if (nodes != NULL)
				nodes[count] = a->nodes[i];
			count++;
		}
	return count;
}

static struct store_chunk *
chunk_of(const struct store *s, const struct node *n)
{
	return (struct store_chunk *)((uintptr_t)n & ~(uintptr_t)(s->chunk_size - 1));
}

void
store_seal(struct store *s)
{
	free_tables(s);
	s->sweep = some_moved(s);
}

void
store_seal_arena(struct store *s, int job)
{
	struct store_arena *a = &s->arenas[job];
	struct store_chunk *c = NULL;
	size_t i, kept, run = 0;

	/* an arena's nodes lie chunk after chunk: count each chunk's run;
	 * and the nodes moved to a copy leave the list here, so that no one
	 * reads every node for its flag again (store_in_memory_order) */
	for (i = 0, kept = 0; i < a->nnodes; i++) {
		struct node *n = a->nodes[i];

		if (s->sweep && (n->flags & NODE_MOVED))
			continue;
		a->nodes[kept++] = n;
		if (chunk_of(s, n) != c) {
			if (c != NULL)
				atomic_init(&c->unexpanded, run);
			c = chunk_of(s, n);
			run = 0;
		}
		run++;
	}
	a->nnodes = kept;
	a->moved = 0;
	if (c != NULL)
		atomic_init(&c->unexpanded, run);
}

void
store_release(struct store *s, int job, const struct node *n, size_t count)
{
	struct store_chunk *c = chunk_of(s, n);

	/* acq_rel: every job's reads of the chunk's nodes come before the
	 * writes of the job that takes it next */
	if (atomic_fetch_sub_explicit(&c->unexpanded, count, memory_order_acq_rel) == count)
		spare_chunk(s->mem, job, c);
}

bool
store_same_chunk(const struct store *s, const struct node *a, const struct node *b)
{
	return chunk_of(s, a) == chunk_of(s, b);
}

/* A chunk for job's arena: a spare one, its own or else another job's,
 * or a new one.  (Each job kept to its own list, two jobs took 10% more
 * memory than one, every page of it zeroed by the kernel.) */
static struct store_chunk *
take_chunk(struct store *s, int job)
{
	struct store_memory *mem = s->mem;
	size_t bytes = s->chunk_size - sizeof(struct store_chunk);
	struct store_chunk *c = pop_spare(mem, job, bytes);
	int k;

	for (k = 1; c == NULL && k < mem->jobs; k++)
		c = pop_spare(mem, (job + k) % mem->jobs, bytes);
	if (c == NULL) {
		account(mem, (long long)s->chunk_size);
		c = huge_alloc(s->chunk_size, s->chunk_size);
		c->size = bytes;
	}
	c->owner = s;
	c->next = NULL;
	return c;
}

struct node *
store_peek(struct store *s, int job, size_t size)
{
	struct store_arena *a = &s->arenas[job];

	if (a->next == NULL || (size_t)(a->end - a->next) < size) {
		struct store_chunk *c = take_chunk(s, job);

		a->chunks = xgrow(a->chunks, &a->cap, a->nchunks + 1, sizeof(*a->chunks));
		a->chunks[a->nchunks++] = c;
		a->next = c->bytes;
		a->end = c->bytes + c->size;
	}
	return (struct node *)(void *)a->next;
}

void
store_commit(struct store *s, int job, size_t size)
{
	struct store_arena *a = &s->arenas[job];

	a->nodes = xgrow(a->nodes, &a->nodes_cap, a->nnodes + 1, sizeof(*a->nodes));
	a->nodes[a->nnodes++] = (struct node *)(void *)a->next;
	a->next += size;
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
		spin_lock(&p->lock);
}

void
store_unlock(const struct store *s, struct store_partition *p)
{
	if (s->locking)
		spin_unlock(&p->lock);
}

/* The slot for hash's i-th probe in p's slots (with p locked, or for a
 * look ahead that tolerates a table being grown). */
static struct store_slot *
slots_of(const struct store_partition *p, size_t *mask)
{
	/* cap first: a newer cap comes with the newer, larger slots; and
	 * newer slots with an older cap are still made (release in grow) */
	*mask = atomic_load_explicit(&p->cap, memory_order_acquire) - 1;
	return atomic_load_explicit(&p->slots, memory_order_acquire);
}

static struct node *
slot_node(const struct store_slot *slot)
{
	return atomic_load_explicit(&slot->node, memory_order_relaxed);
}

static uint64_t
slot_hash(const struct store_slot *slot)
{
	return atomic_load_explicit(&slot->hash, memory_order_relaxed);
}

static void
put_slot(struct store_slot *slot, uint64_t hash, struct node *n)
{
	atomic_store_explicit(&slot->hash, hash, memory_order_relaxed);
	atomic_store_explicit(&slot->node, n, memory_order_relaxed);
}

static void
grow(struct store *s, struct store_partition *p)
{
	size_t mask, cap, i, k;
	struct store_slot *old = slots_of(p, &mask), *slots;

	cap = (mask + 1) * 2;
	slots = xcalloc(cap, sizeof(*slots));
	account(s->mem, (long long)(cap * sizeof(*slots)));
	for (i = 0; i <= mask; i++) {
		struct node *n = slot_node(&old[i]);

		if (n == NULL)
			continue;
		for (k = slot_hash(&old[i]) & (cap - 1); slot_node(&slots[k]) != NULL;
		    k = (k + 1) & (cap - 1))
			;
		put_slot(&slots[k], slot_hash(&old[i]), n);
	}
	p->retired = xgrow(p->retired, &p->retired_cap, p->nretired + 1, sizeof(*p->retired));
	p->retired[p->nretired++] = old;
	atomic_store_explicit(&p->slots, slots, memory_order_release);
	atomic_store_explicit(&p->cap, cap, memory_order_release);
}

void
store_key_hash(struct store_key *k)
{
	k->hash = store_hash(k->bytes, k->len);
}

void
store_prefetch(const struct store *s, uint64_t hash)
{
	size_t mask;
	const struct store_slot *slots = slots_of(&s->parts[hash >> 56], &mask);

	__builtin_prefetch(&slots[hash & mask]);
}

static void
prefetch_bytes(const void *p, size_t len)
{
	const char *c = p;
	size_t off;

	for (off = 0; off < len; off += 64)
		__builtin_prefetch(c + off);
}

/* Fetch a line about to be written: with several jobs it is often in the
 * other CPU's cache, and a read would fetch it shared only for the write
 * to fetch it again. */
static void
prefetch_for_write(const void *p)
{
#if defined(__GNUC__) && defined(__x86_64__)
	/* PREFETCHW, which CPUs without it run as a no-op; the compiler
	 * makes it only when told the CPU has it, and here a read would not do */
	__asm__ volatile("prefetchw %0" : : "m"(*(const char *)p));
#else
	__builtin_prefetch(p, 1);
#endif
}

void
store_prefetch_match(const struct store *s, const struct store_key *k)
{
	size_t mask;
	const struct store_partition *p = &s->parts[k->hash >> 56];
	const struct store_slot *slot = slots_of(p, &mask) + (k->hash & mask);
	const struct node *n = slot_node(slot);

	if (s->locking)
		prefetch_for_write(&p->lock);
	if (n == NULL || slot_hash(slot) != k->hash)
		return;
	/* a merge writes the header; the key is only read */
	if (s->locking)
		prefetch_for_write(n);
	prefetch_bytes(n, offsetof(struct node, bytes) + k->len);
}

void
store_prefetch_node(const struct node *n, size_t size)
{
	prefetch_bytes(n, size);
}

struct node *
store_find(const struct store *s, const struct store_partition *p, const struct store_key *k)
{
	size_t mask, i;
	const struct store_slot *slots = slots_of(p, &mask);
	struct node *n;

	(void)s;
	for (i = k->hash & mask; (n = slot_node(&slots[i])) != NULL; i = (i + 1) & mask)
		if (slot_hash(&slots[i]) == k->hash && n->key_len == k->len &&
		    memcmp(n->bytes, k->bytes, k->len) == 0)
			return n;
	return NULL;
}

void
store_add(struct store *s, struct store_partition *p, struct node *n, uint64_t hash)
{
	size_t mask, i;
	struct store_slot *slots = slots_of(p, &mask);

	for (i = hash & mask; slot_node(&slots[i]) != NULL; i = (i + 1) & mask)
		;
	put_slot(&slots[i], hash, n);
	if (++p->count * 10 > (mask + 1) * 7)
		grow(s, p);
}

void
store_replace(struct store *s, int job, struct store_partition *p, struct node *old,
    struct node *copy, uint64_t hash)
{
	size_t mask, i;
	struct store_slot *slots = slots_of(p, &mask);

	for (i = hash & mask; slot_node(&slots[i]) != old; i = (i + 1) & mask)
		;
	atomic_store_explicit(&slots[i].node, copy, memory_order_relaxed);
	old->flags |= NODE_MOVED;
	s->arenas[job].moved++;
}

void
store_in_memory_order(struct store *s, struct node ***nodes, size_t *cap, size_t *count,
    size_t *per_job)
{
	size_t n = 0;
	int j;

	for (j = 0; j < s->jobs; j++)
		n += s->arenas[j].nnodes;	/* moved ones too: at most */
	if (*cap < n + 1) {
		/* nothing in it to keep: not a realloc, which would copy */
		free(*nodes);
		*cap = n + 1 + n / 2;
		*nodes = xmalloc(*cap * sizeof(**nodes));
	}
	n = 0;
	for (j = 0; j < s->jobs; j++) {
		size_t mine = arena_nodes(s, j, *nodes + n);

		if (per_job != NULL)
			per_job[j] = mine;
		n += mine;
	}
	*count = n;
}
