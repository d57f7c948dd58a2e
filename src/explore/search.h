/* search.h - what the files of the exhaustive search share.
 *
 * search.c schedules it (the design essay is there): the jobs, their
 * threads and barriers, one layer after another.  search_expand.c expands
 * a layer: it restores each node's state, takes its steps and stores the
 * successors in the next layer.  search_layer.c completes a layer: it
 * orders it, records its parents and counts its outcomes; and it makes the
 * first.  Nothing here is for the rest of the explorer (internal.h is).
 */
#ifndef LOCKSTEP_EXPLORE_SEARCH_H
#define LOCKSTEP_EXPLORE_SEARCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explore/depend.h"
#include "explore/internal.h"
#include "explore/sparse.h"
#include "explore/store.h"
#include "explore/visited.h"

#define CHUNK 32		/* nodes a job takes at a time */
#define NO_THREAD 0xFF		/* the preemption prefix before the first step */
#define BASE_PIECES 2		/* the frames and the model's data: the key */

struct parent_step {
	uint32_t parent;
	uint16_t thread, choice;
};

struct layer_parents {
	struct parent_step *steps;
	size_t count;
};

struct search;

/* What the jobs do together, between two barriers: expand a layer, or a
 * part of completing one (search_layer.c) that each job does for its own
 * share, so that the first job does less alone between layers. */
enum search_phase {
	SEARCH_EXPAND,		/* search_work */
	SEARCH_SEAL,		/* store_seal_arena: its own arena */
	SEARCH_RANK,		/* its nodes' arrivals into ranks */
	SEARCH_PARENTS,		/* a part of the parents; of the next table zeroed */
	SEARCH_QUIT		/* the search is over: the threads end */
};

/* The nodes of the layer being expanded that one job stored, s->nodes
 * [next, end): it takes chunks of them, and so do the others once they
 * have no more of their own. */
struct share {
	_Alignas(64) atomic_size_t next;	/* a share to a cache line */
	size_t end;
	char apart[48];
};

struct worker {
	struct search *s;
	int id;
	pthread_t thread;
	struct model_state *st;
	unsigned char *key;		/* the preemption prefix, then the frames */
	unsigned char *frames;		/* in key */
	struct model_piece *pieces;	/* of st, after the key's first (key) */
	uint32_t *saved;		/* the pieces, end to end: the node expanded */
	struct model_frame **frame_ptrs;
	struct tally *tally;		/* races */
	struct tally *layer_tally;	/* races found filling the layer */
	struct explore_seen_races seen;	/* given to layer_tally lately */
	uint64_t transitions, pruned;	/* in the layer being filled */
	uint64_t added;			/* new states in it */
	uint64_t revisits;		/* arrivals at states of earlier layers */
	bool took_lone;			/* some state took a lone sleep alone */
	bool forgot_history;		/* dropped an arrival's clocks, unlike the kept */
	unsigned ticks;
	struct successor *succ;		/* of the node being expanded */
	size_t nsucc, succ_cap;
	/* SEARCH_RANK: its nodes, s->nodes[from, to), in order or not; the
	 * end states among them; the states the visited set had */
	size_t from, to;
	bool in_order;
	uint32_t *ends;
	size_t nends, ends_cap, again;
	struct depend_step pending[LANG_MAX_THREADS];
	char apart[64];			/* no false sharing with the next */
};

struct search {
	struct explore_job *job;
	int nthreads;
	size_t prefix;			/* preemption prefix: 8 bytes, or none */
	size_t npieces;			/* of a state, with the key's first */
	size_t nkey;			/* of those, the key's */
	bool exact;			/* the clocks are in the key (races) */
	sparse_encode_fn encode;
	sparse_decode_fn decode;
	uint32_t *base[BASE_PIECES];	/* the words states are told apart from */
	size_t encoded_max;		/* key and rest encoded, at most */
	size_t rest_words;		/* of the rest, as it is */
	size_t node_max;		/* bytes a node takes, at most */
	int max_preemptions;		/* -1: no bound */
	bool reduction;
	const struct depend_sleeps *sleeps;	/* lone sleeps taken alone, or NULL */
	int lone_below;			/* ... in layers before this one */
	struct store *cur, *next;
	struct node **nodes;		/* cur, in memory order */
	size_t nnodes, nrunning, nodes_cap;
	/* ordering a layer (search_layer.c), kept from layer to layer */
	uint32_t *index;		/* of nodes[i] in its layer's order */
	uint64_t *ranks;		/* of nodes[i]'s kept arrival */
	uint32_t *sorted;		/* positions in nodes, in the layer's order */
	size_t *first;			/* per parent: where its children go */
	size_t order_cap, first_cap;
	const uint32_t *order;		/* sorted, or NULL: memory order is the layer's */
	uint32_t *ends;			/* positions of the layer's end states */
	size_t nends, ends_cap;
	struct layer_parents *parents;	/* per layer */
	size_t nlayers, layers_cap;
	pthread_barrier_t start, done;
	pthread_mutex_t ready_lock;	/* the barriers are set up: ready */
	pthread_cond_t ready_cond;
	bool ready;
	enum search_phase phase;	/* the first job's to set, between barriers */
	struct worker *workers;
	int jobs;
	struct store_memory mem;	/* what the layers hand on */
	bool loops;			/* the scenario has one: visited is kept */
	struct visited visited;		/* every state of the layers before */
	struct share *shares;		/* per job: the nodes it stored, to expand */
	/* written by every job as it goes: a cache line apart from what
	 * they only read */
	_Alignas(64) atomic_uint_fast64_t added;	/* nodes in next so far */
	char apart[64];
};

/* How a step arrives at a state. */
struct arrival {
	uint64_t sleep, count;
	uint32_t parent;
	uint16_t thread, choice;
};

/* A state a step reached, encoded as a node holds it (key, then the
 * rest) in a buffer of the job's own until it is stored, a few nodes
 * later (expand_chunks).  The rest is encoded only once it is needed: most
 * successors are states stored already, whose rest nobody reads. */
#define SUCCESSOR_RAW UINT32_MAX
struct successor {
	struct arrival a;
	struct store_key k;
	unsigned char *bytes;
	uint32_t rest_len;		/* SUCCESSOR_RAW: not encoded yet */
	uint32_t *raw;			/* the rest's pieces, as they are, end to end */
	struct model_verdict *verdict;	/* the run ends here */
	struct model_value *shared;
};

/* A state's pieces as the search stores them (the first two are the
 * key): the preemption prefix and the frames in key, then the model's
 * pieces of st. */
void search_state_pieces(const struct search *s, unsigned char *key, struct model_state *st,
    struct model_piece *pieces);
/* The state in pieces encoded into out (s->encoded_max bytes): the key's
 * bytes, then the rest's. */
void search_encode(const struct search *s, const struct model_piece *pieces, unsigned char *out,
    uint32_t *key_len, uint32_t *rest_len);
/* A new node for sc in job's arena of the layer being filled, with room
 * for a rest of rest_room. */
struct node *search_new_node(struct search *s, int job, struct successor *sc,
    size_t rest_room);
/* How a run that ended in st ended: its verdict and final values. */
void search_capture_end(const struct explore_job *job, const struct model_state *st,
    struct model_verdict **verdict, struct model_value **shared);
/* Publish a job's count of new states, and stop when the layer will not
 * fit under --max-states (the first job checks the exact count too) or
 * the layers have outgrown --max-memory. */
void search_note_added(struct search *s, uint64_t count);
/* A job's part of expanding the layer: its nodes, then what the others
 * left, their successors all stored when it returns. */
void search_work(struct worker *w);

/* The layer just filled becomes the one to expand: sorted, its parents
 * recorded, its end states counted as outcomes. */
void search_finish_layer(struct search *s);
/* Every job does phase together (the first job, the caller, too). */
void search_phase(struct search *s, enum search_phase phase);
/* A job's part of SEARCH_RANK and of SEARCH_PARENTS. */
void search_rank_part(struct worker *w);
void search_parents_part(struct worker *w);
/* Layer 0: the state every schedule starts from. */
void search_first_layer(struct search *s);
/* The base the key's pieces are stored against (the essay on it is in
 * search_layer.c). */
void search_choose_base(struct search *s);
/* The most memory the stored states have taken so far: the layers and
 * the visited set. */
void search_note_memory(struct search *s);
/* A layer dropped before it was finished may still hold terminal nodes'
 * verdicts and values: they are freed with it. */
void search_drop_layer(struct store *layer);

#endif
