/* store.h - the states of one layer of the search.
 *
 * A node is one state: a fixed-size header, then the key (what makes two
 * states the same: a bound prefix, every frame, the model's hashed
 * region), then the rest of the state (model_state_pieces), both
 * without their zero words (sparse.h), so that nodes differ in size.  Nodes live in arenas of
 * chunks, one arena per job.  A layer finds nodes by key in a hash table
 * split into partitions by the hash's top byte, each with its own lock,
 * so that jobs adding states to the same layer rarely wait for each
 * other.  A job looks a state up by its encoded key (store_find) under
 * the partition's lock and, only if it is new, builds the node in its
 * arena (store_peek), adds it (store_add) and keeps it (store_commit).
 *
 * Memory.  Fresh memory is dear (the kernel zeroes every page at its
 * first touch), so layers take their chunks and tables from a pool the
 * whole search shares (struct store_memory) and give them back.  Once a
 * layer is complete (store_seal) its table goes back at once, and each
 * chunk goes back as soon as every node in it has been expanded
 * (store_release): the layer being filled then grows into the memory of
 * the one being emptied, and the search holds about one layer, not two.
 */
#ifndef LOCKSTEP_EXPLORE_STORE_H
#define LOCKSTEP_EXPLORE_STORE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

struct node {
	uint64_t sleep;		/* threads whose pending step need not be taken */
	uint64_t count;		/* schedules from the start to here */
	struct model_verdict *verdict;	/* a terminal state: how it ended */
	struct model_value *shared;	/* a terminal state: the final values */
	uint32_t parent;	/* index of the parent in the previous layer */
	uint16_t thread, choice;	/* the step from the parent */
	uint32_t flags;		/* NODE_* */
	uint32_t key_len;	/* bytes of the key, encoded */
	uint32_t rest_len;	/* bytes of the rest, encoded, after the key */
	uint32_t rest_room;	/* bytes there are for the rest */
	unsigned char bytes[];	/* key, then the rest, encoded */
};

#define NODE_TERMINAL 1		/* the run ends here: nothing to expand */
#define NODE_MOVED 2		/* replaced by a copy with more room; not a state */
#define NODE_AGAIN 4		/* seen in an earlier layer: expanded again (seen.h) */

/* The bytes a node with this much room takes in an arena. */
size_t store_node_bytes(size_t key_len, size_t rest_room);

#define STORE_PARTITIONS 256

/* A slot's fields, and a partition's slots and cap, are atomics: a job
 * reads them without the lock to fetch what it will look up soon
 * (store_prefetch, store_prefetch_match).  Tables a partition grew out of
 * are kept until the layer is sealed, so that such a read never meets
 * freed memory. */
struct store_slot {
	_Atomic uint64_t hash;
	_Atomic(struct node *) node;	/* NULL: empty */
};

struct store_partition {
	/* a line the look aheads read, written only when the table grows */
	_Alignas(64) _Atomic(struct store_slot *) slots;
	atomic_size_t cap;		/* written after slots, read before */
	struct store_slot **retired;	/* tables it grew out of */
	size_t nretired, retired_cap;
	/* and one written at every lookup: with the lock beside slots, a
	 * job's look ahead would miss the cache wherever the other had just
	 * locked (apart from session 9's other changes, not measurable
	 * outside the noise: bench/README.md) */
	_Alignas(64) atomic_flag lock;
	size_t count;
};

struct store_chunk;

/* A job's spare chunks.  A job short of them takes another's before
 * fresh memory (the kernel zeroes each fresh page), so the list has a
 * lock: taken once a chunk (megabytes of nodes), it costs nothing. */
struct store_spare {
	_Alignas(64) atomic_flag lock;	/* a job's to a cache line */
	struct store_chunk *list;
};

/* What layers hand on to the next: per job, a list of spare chunks and a
 * spare array for an arena's list of nodes; one spare table; and the bytes
 * the chunks and tables take, for --max-memory. */
struct store_memory {
	int jobs;
	struct store_spare *spare;
	struct node ***spare_nodes;
	size_t *spare_nodes_cap;
	struct store_slot *table;
	size_t table_slots;
	_Alignas(64) atomic_size_t bytes;	/* a cache line apart */
	char apart[56];
};

void store_memory_init(struct store_memory *mem, int jobs);
/* Deal the spare chunks out to the jobs evenly: a job's list holds those
 * it released, and a job short of them takes the others' (their lines
 * last in another CPU's cache). */
void store_memory_balance(struct store_memory *mem);
/* Frees what the pool holds; every layer must be freed first. */
void store_memory_free(struct store_memory *mem);

struct store_arena {
	_Alignas(64) struct store_chunk **chunks;	/* oldest first; an arena to a cache line */
	size_t nchunks, cap;
	unsigned char *next, *end;
	struct node **nodes;		/* in the order they were committed */
	size_t nnodes, nodes_cap;
	size_t moved;			/* nodes this job marked NODE_MOVED */
};

struct store {
	size_t node_max, chunk_size;	/* the largest node; a chunk */
	bool locking;		/* several jobs add at once */
	struct store_partition parts[STORE_PARTITIONS];
	struct store_slot *table;	/* the partitions' slots, or NULL once sealed */
	size_t table_cap;		/* slots per partition in it */
	struct store_arena *arenas;	/* one per job */
	int jobs;
	/* nodes marked NODE_MOVED are in the arenas' lists until the layer
	 * is sealed; sealed with some, store_seal_arena drops them */
	bool sweep;
	struct store_memory *mem;
};

uint64_t store_hash(const void *bytes, size_t len);
/* Another hash of the same bytes for each seed. */
uint64_t store_hash_seeded(const void *bytes, size_t len, uint64_t seed);

/* An empty layer sized for about expected nodes of at most node_max
 * bytes (store_node_bytes), its memory from mem.  Its table is not yet
 * zeroed: store_zero_part(s, k, parts) for every k below parts first, each
 * by a job of its own if need be (it is hundreds of megabytes). */
struct store *store_new(size_t node_max, int jobs, size_t expected, struct store_memory *mem);
void store_zero_part(struct store *s, int part, int parts);
/* Gives back to the pool what the layer still holds (and frees nothing
 * that the nodes' verdict and shared point to). */
void store_free(struct store *s);

/* The layer is complete: its table goes back to the pool (store_find and
 * store_add may no longer be called).  Then store_seal_arena for each job
 * (at once, each by a job of its own if need be): each chunk of its arena
 * counts its nodes for store_release, and the nodes moved to a copy leave
 * its list. */
void store_seal(struct store *s);
void store_seal_arena(struct store *s, int job);
/* count nodes of a sealed layer in n's chunk are done with: when every
 * node of the chunk is, it goes to job's spare list, and its nodes are
 * gone. */
void store_release(struct store *s, int job, const struct node *n, size_t count);
bool store_same_chunk(const struct store *s, const struct node *a, const struct node *b);

/* Room for a node of size bytes in job's arena; the same until
 * store_commit. */
struct node *store_peek(struct store *s, int job, size_t size);
void store_commit(struct store *s, int job, size_t size);

/* A key, encoded, as a job has it before storing a node. */
struct store_key {
	const unsigned char *bytes;
	size_t len;
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
/* Then, once the slot is in the cache, start fetching the key of the
 * node there, if it is k's hash. */
void store_prefetch_match(const struct store *s, const struct store_key *k);
/* Start fetching a node of a sealed layer, about size bytes: it is
 * expanded next. */
void store_prefetch_node(const struct node *n, size_t size);
/* With p locked: the node with k's key, or NULL. */
struct node *store_find(const struct store *s, const struct store_partition *p,
    const struct store_key *k);
/* With p locked: add n, whose key (with this hash) is not in p yet. */
void store_add(struct store *s, struct store_partition *p, struct node *n, uint64_t hash);
/* With p locked: copy, a node with the same key as old (with this hash)
 * and more room, takes its place; old is marked NODE_MOVED, and counted
 * in job's arena (a count all jobs added to shared a line with what
 * store_peek reads, and moved it between the CPUs). */
void store_replace(struct store *s, int job, struct store_partition *p, struct node *old,
    struct node *copy, uint64_t hash);

/* Every node in the order they lie in memory, the quickest to go through:
 * each job's in the order it stored them, the first job's first, into
 * *nodes (room for *cap, grown if need be: the caller's, to use again and
 * to free); *count set, and per_job[j] to job j's count (if per_job is
 * not NULL). */
void store_in_memory_order(struct store *s, struct node ***nodes, size_t *cap,
    size_t *count, size_t *per_job);

#endif
