/* search.c - the exhaustive search: breadth first, one layer per step.
 *
 * Layers.  Layer d holds the states first reached by a schedule of d
 * steps.  The search keeps two layers: the one it expands and the one it
 * fills, in which each state is stored once however many schedules reach
 * it.  A state is where the threads are and what they hold, not how many
 * steps it took (no step counts in it), so a schedule can come back to a
 * state of an earlier layer: around a loop (a busy wait) or by a longer
 * way.  The visited set (visited.h) knows every state of the layers
 * before; a state found there is not stored again, so that loops close
 * and the search ends, but for sleep sets (below).  Only a scenario with
 * a loop (a backward jump) keeps one: without, no schedule can come back
 * to where it was, the search ends anyway, and a state reached again by
 * a longer way is only stored again, in its later layer.  A stored state (struct node)
 * remembers one arrival -- its parent's index in the layer before and the
 * step from it -- which is all the shortest schedule to it needs; these go
 * to a small array per layer when the layer is complete.  Of several
 * arrivals it keeps the first by (parent, thread, choice), and a complete
 * layer is ordered by the arrivals it kept: so each node's schedule is the
 * first, in the order of the steps and then of the threads, of those that
 * reach it.  Breadth first, the first layer in which an outcome appears
 * holds its shortest schedules, and its first node there gives the one
 * reported.
 *
 * Counting schedules.  A node's count is the number of schedules from the
 * start to it: the sum of its parents' counts over every step the search
 * took into it.  The executions are the counts of the end states.  Without
 * reduction, and when no schedule came back to a state of an earlier
 * layer, that is every interleaving there is; a schedule that did is not
 * followed again, and the result says the counts are not all
 * (every_schedule_counted).
 *
 * Sleep sets (Godefroid, 1996).  Expanding a state, the search takes the
 * enabled threads in order; after it has taken t's step, a later sibling
 * u's subtree need not take t's step again where t and u are independent
 * (depend.h): that schedule is t's subtree's with the two swapped.  So
 * the child by u inherits a sleep set -- the threads whose steps it need
 * not take -- of the parent's sleep set and the earlier siblings, less
 * those dependent on u.  With a visited set this is unsound if a state is
 * searched with the sleep set of the first schedule that reached it; here
 * every schedule into a layer is known before the layer is expanded, and a
 * state's sleep set is the intersection of all of theirs, so it takes
 * every step that any of them needs; a schedule that comes back to a
 * state of an earlier layer with a smaller sleep set has it expanded
 * again (arrives_anew).  Sleep sets prune steps, never states, so a loop
 * cannot hide a state from them: the cycle proviso that persistent sets
 * need is not needed here.  (The one persistent set, a lone sleep, is
 * taken outside any loop, so no loop can keep putting it off.)  Sleep sets leave every reachable
 * state reachable; only schedules that reorder independent steps go.  A
 * step that ends the run (an assert, a runtime error) stops every other
 * thread, so it is never put to sleep, nor does it let others sleep.
 *
 * Lone sleeps (a persistent set of one).  A sleep() outside any loop
 * touches nothing and comes once, so a state where one is pending takes
 * only that step (depend.h).  That makes schedules up to depend_sleeps's
 * count steps longer, which matters only at the step limit: a search that
 * took such steps and came that near the limit is done again without.
 *
 * Preemptions (Musuvathi and Qadeer, 2007).  With a bound K the key gets a
 * prefix: the thread that took the last step and the preemptions so far.
 * Switching away from a thread that could still run costs one; steps that
 * would pass K are left out and counted, and a search that left none out
 * was exhaustive after all.  Reduction is off under a bound: sleep sets
 * and bounds together can lose schedules that stay within it.
 *
 * States.  A state is stored as the model hands it out, pieces of its
 * own memory (model_state_pieces) after the frames, without their zero
 * words (sparse.h), the key's pieces as their difference from a base
 * state (choose_base): the key (the frames and the hashed region) then the
 * rest.  Keys are hashed and compared as encoded; expanding a node
 * decodes it straight into the job's working state, again before each
 * further step from it.
 *
 * Jobs.  All jobs expand one layer together, each the nodes it stored
 * itself first (they may still be in its cache), in chunks from an atomic
 * counter, then what the others have left of theirs.  They add successors
 * to the next layer's partitioned table (store.h), a lock per partition.
 * A barrier ends the layer, and the first job (the caller's thread) sorts
 * it, records parents and outcomes and frees the layer before.  Merging
 * two arrivals at a state keeps the smaller (parent, thread, choice) and
 * its happens-before clocks, so the result does not depend on which job
 * came first.  A stop (timeout, cancel, --max-states) drops the layer
 * being filled: what is reported is every complete layer, the same for
 * any number of jobs.  (Giving each partition to one job, with the others
 * posting it successors, takes no locks, but copying the successors cost
 * more than the locks: 4.04 s against 3.83 on semaphore-limit.)
 *
 * Lock invariant: a node in the layer being filled is read or written only
 * under its partition's lock (a job's look ahead reads slots without it,
 * atomically, and never a node); the layer being expanded is read-only
 * but for the chunk counts store_release keeps atomically; everything else
 * is the first job's, between barriers.
 */
#include "config.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "explore/depend.h"
#include "explore/internal.h"
#include "explore/store.h"
#include "explore/visited.h"
#include "explore/sparse.h"
#include "util/xalloc.h"

#define CHUNK 32		/* nodes a job takes at a time */
#define NO_THREAD 0xFF		/* the preemption prefix before the first step */
#define BASE_PIECES 2		/* the frames and the model's data: the key */
#define BASE_SAMPLES 64		/* states of the walk that chooses the base */

struct parent_step {
	uint32_t parent;
	uint16_t thread, choice;
};

struct layer_parents {
	struct parent_step *steps;
	size_t count;
};

struct search;

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
	uint64_t transitions, pruned;	/* in the layer being filled */
	uint64_t added;			/* new states in it */
	uint64_t revisits;		/* arrivals at states of earlier layers */
	bool took_lone;			/* some state took a lone sleep alone */
	bool forgot_history;		/* dropped an arrival's clocks, unlike the kept */
	unsigned ticks;
	struct successor *succ;		/* of the node being expanded */
	size_t nsucc, succ_cap;
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
	size_t node_max;		/* bytes a node takes, at most */
	int max_preemptions;		/* -1: no bound */
	bool reduction;
	const struct depend_sleeps *sleeps;	/* lone sleeps taken alone, or NULL */
	int lone_below;			/* ... in layers before this one */
	struct store *cur, *next;
	struct node **nodes;		/* cur, in memory order */
	size_t nnodes, nrunning;
	struct layer_parents *parents;	/* per layer */
	size_t nlayers, layers_cap;
	pthread_barrier_t start, done;
	pthread_mutex_t ready_lock;	/* the barriers are set up: ready */
	pthread_cond_t ready_cond;
	bool ready;
	bool quit;
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

/* A state's pieces as the search stores them (the first two are the
 * key): the preemption prefix and the frames in key, then the model's
 * pieces of st. */
static void
state_pieces(const struct search *s, unsigned char *key, struct model_state *st,
    struct model_piece *pieces)
{
	pieces[0].at = key;
	pieces[0].words = (s->prefix + s->job->frames_size) / 4;
	model_state_pieces(st, pieces + 1);
	if (s->exact) {
		/* the clocks join the key; the step count stays out of it */
		struct model_piece steps = pieces[2];

		memmove(pieces + 2, pieces + 3, (s->npieces - 3) * sizeof(*pieces));
		pieces[s->npieces - 1] = steps;
	}
}

/* The base piece i is stored against, or NULL. */
static const uint32_t *
base_of(const struct search *s, size_t i)
{
	return i < BASE_PIECES ? s->base[i] : NULL;
}

static size_t
encode_pieces(const struct search *s, const struct model_piece *pieces, size_t from,
    size_t to, unsigned char *out)
{
	size_t i, len = 0;

	for (i = from; i < to; i++)
		len += s->encode(pieces[i].at, base_of(s, i), pieces[i].words, out + len);
	return len;
}

/* The state in pieces encoded into out (s->encoded_max bytes): the key's
 * bytes, then the rest's. */
static void
encode(const struct search *s, const struct model_piece *pieces, unsigned char *out,
    uint32_t *key_len, uint32_t *rest_len)
{
	*key_len = (uint32_t)encode_pieces(s, pieces, 0, s->nkey, out);
	*rest_len = (uint32_t)encode_pieces(s, pieces, s->nkey, s->npieces, out + *key_len);
}

/* The node's state into the working state, frames and prefix too. */
static void
restore(struct worker *w, const struct node *node)
{
	const unsigned char *in = node->bytes;
	size_t i;

	for (i = 0; i < w->s->npieces; i++)
		in += w->s->decode(in, base_of(w->s, i), w->pieces[i].words, w->pieces[i].at);
	model_state_resume(w->st);
}

/* The node just restored, kept as it is to go back to before each further
 * step from it: copying the pieces back costs less than decoding them
 * again. */
static void
save(struct worker *w)
{
	uint32_t *to = w->saved;
	size_t i;

	for (i = 0; i < w->s->npieces; to += w->pieces[i++].words)
		memcpy(to, w->pieces[i].at, w->pieces[i].words * 4);
}

static void
restore_saved(struct worker *w)
{
	const uint32_t *from = w->saved;
	size_t i;

	for (i = 0; i < w->s->npieces; from += w->pieces[i++].words)
		memcpy(w->pieces[i].at, from, w->pieces[i].words * 4);
	model_state_resume(w->st);
}

/* Publish a job's count of new states, and stop when the layer will not
 * fit under --max-states (the first job checks the exact count too) or
 * the layers have outgrown --max-memory. */
static void
note_added(struct search *s, uint64_t count)
{
	struct explore_job *job = s->job;
	uint64_t added = atomic_fetch_add(&s->added, count) + count;
	int none = EXPLORE_BOUND_NONE;

	if (job->opt->max_states > 0 && job->states + added > job->opt->max_states)
		atomic_compare_exchange_strong(&job->stop, &none, EXPLORE_BOUND_MAX_STATES);
	else if (job->opt->max_memory > 0 &&
	    atomic_load_explicit(&s->mem.bytes, memory_order_relaxed) + s->visited.bytes >
	    job->opt->max_memory)
		atomic_compare_exchange_strong(&job->stop, &none, EXPLORE_BOUND_MAX_MEMORY);
}

/* How a step arrives at a state. */
struct arrival {
	uint64_t sleep, count;
	uint32_t parent;
	uint16_t thread, choice;
};

/* Whether a goes before the node's own arrival (for merging arrivals). */
static bool
arrives_before(const struct arrival *a, const struct node *n)
{
	if (a->parent != n->parent)
		return a->parent < n->parent;
	if (a->thread != n->thread)
		return a->thread < n->thread;
	return a->choice < n->choice;
}

/* A state a step reached, encoded as a node holds it (key, then the
 * rest) in a buffer of the job's own until it is stored, a few nodes
 * later (expand_chunks). */
struct successor {
	struct arrival a;
	struct store_key k;
	unsigned char *bytes;
	uint32_t rest_len;
	struct model_verdict *verdict;	/* the run ends here */
	struct model_value *shared;
};

static void
fill_node(struct node *n, const struct successor *sc, size_t rest_room)
{
	n->sleep = sc->a.sleep;
	n->count = sc->a.count;
	n->verdict = sc->verdict;
	n->shared = sc->shared;
	n->parent = sc->a.parent;
	n->index = 0;
	n->thread = sc->a.thread;
	n->choice = sc->a.choice;
	n->flags = sc->verdict != NULL ? NODE_TERMINAL : 0;
	n->key_len = (uint32_t)sc->k.len;
	n->rest_len = sc->rest_len;
	n->rest_room = (uint32_t)rest_room;
	memcpy(n->bytes, sc->bytes, sc->k.len + sc->rest_len);
}

/* A new node for sc in job's arena, with room for a rest of rest_room. */
static struct node *
new_node(struct search *s, int job, const struct successor *sc, size_t rest_room)
{
	size_t size = store_node_bytes(sc->k.len, rest_room);
	struct node *n = store_peek(s->next, job, size);

	fill_node(n, sc, rest_room);
	store_commit(s->next, job, size);
	return n;
}

/* A second arrival at a node: the sleep sets meet, the counts add, and
 * the earlier arrival's rest (its happens-before clocks) is kept, in a
 * copy of the node if it needs more room. */
static void
merge(struct worker *w, struct store_partition *p, struct node *into,
    const struct successor *sc)
{
	struct node *copy;

	into->sleep &= sc->a.sleep;
	into->count = tally_add_counts(into->count, sc->a.count);
	if (sc->rest_len != into->rest_len ||
	    memcmp(into->bytes + into->key_len, sc->bytes + sc->k.len, sc->rest_len) != 0)
		w->forgot_history = true;
	if (!arrives_before(&sc->a, into))
		return;
	into->parent = sc->a.parent;
	into->thread = sc->a.thread;
	into->choice = sc->a.choice;
	if (sc->rest_len <= into->rest_room) {
		memcpy(into->bytes + into->key_len, sc->bytes + sc->k.len, sc->rest_len);
		into->rest_len = sc->rest_len;
		return;
	}
	copy = new_node(w->s, w->id, sc, sc->rest_len);
	copy->sleep = into->sleep;
	copy->count = into->count;
	copy->verdict = into->verdict;
	copy->shared = into->shared;
	copy->flags = into->flags;
	store_replace(w->s->next, p, into, copy, sc->k.hash);
}

/* How a run that ended in st ended: its verdict and its outcome's key
 * (final values and output, tally_key). */
static void
capture_end(const struct explore_job *job, const struct model_state *st,
    struct model_verdict **verdict, struct model_value **shared)
{
	*verdict = xmalloc(sizeof(**verdict));
	**verdict = *model_verdict(st);
	*shared = xcalloc(tally_key_size(job->m) + 1, sizeof(**shared));
	tally_key(job->m, st, *shared);
}

static void
forget_terminal(struct node *n)
{
	free(n->verdict);
	free(n->shared);
	n->verdict = NULL;
	n->shared = NULL;
}

/* A layer dropped before it was finished may still hold terminal nodes'
 * verdicts and values. */
static void
drop_layer(struct store *layer)
{
	struct node **nodes;
	size_t n, i;

	if (layer == NULL)
		return;
	nodes = store_in_memory_order(layer, &n, NULL);
	for (i = 0; i < n; i++)
		forget_terminal(nodes[i]);
	free(nodes);
	store_free(layer);
}

/* Keep the state w->st just reached from parent by thread t's step as a
 * successor, to be stored with the others (store_successors). */
static void
keep_successor(struct worker *w, const struct node *parent, int t, int choice,
    uint64_t sleep, int preemptions)
{
	struct search *s = w->s;
	struct explore_job *job = s->job;
	struct successor *sc;
	uint32_t key_len;

	/* the layering: every successor of layer d has taken d + 1 steps */
	assert(model_steps(w->st) == s->nlayers);
	if (w->nsucc == w->succ_cap) {
		size_t i, old = w->succ_cap;

		w->succ = xgrow(w->succ, &w->succ_cap, w->nsucc + 1, sizeof(*w->succ));
		for (i = old; i < w->succ_cap; i++)
			w->succ[i].bytes = xmalloc(s->encoded_max);
	}
	sc = &w->succ[w->nsucc++];
	if (s->prefix > 0) {
		w->key[0] = (unsigned char)t;
		w->key[1] = (unsigned char)preemptions;
	}
	if (s->exact)
		model_hb_canonical(w->st);
	encode(s, w->pieces, sc->bytes, &key_len, &sc->rest_len);
	sc->k.bytes = sc->bytes;
	sc->k.len = key_len;
	store_key_hash(&sc->k);
	store_prefetch(s->next, sc->k.hash);
	sc->a.sleep = sleep;
	sc->a.count = parent->count;
	sc->a.parent = parent->index;
	sc->a.thread = (uint16_t)t;
	sc->a.choice = (uint16_t)choice;
	sc->verdict = NULL;
	sc->shared = NULL;
	if (model_verdict(w->st)->kind != MODEL_RUNNING)
		capture_end(job, w->st, &sc->verdict, &sc->shared);
}

static void
swap_successors(struct successor *a, struct successor *b)
{
	struct successor t = *a;

	*a = *b;
	*b = t;
}

/* Whether sc goes into the layer being filled: it does if it was
 * never seen (merged there with other arrivals at it); seen in an earlier
 * layer (a loop, or a longer schedule to it), only if it must be expanded
 * again.  That is when this arrival's sleep set lacks a thread the
 * earlier expansions left asleep: with a visited set, sleep sets are
 * sound only if a state is searched with the meet of the sleep sets of
 * every schedule that reaches it (Godefroid, 1996, ch. 5), so the state
 * is expanded again with the smaller set (finish_layer keeps the meet).
 * The set shrinks each time, so a state comes back at most once per
 * thread.  The sets are those of the layers before, which no job changes
 * while the layer is filled: the result does not depend on which job
 * came first.  A run's end seen before is never stored again: its
 * outcome was tallied at its shortest. */
static bool
arrives_anew(struct worker *w, const struct successor *sc, bool *again)
{
	const uint64_t *sleep = !w->s->loops ? NULL : visited_find(&w->s->visited,
	    sc->k.hash, visited_check(sc->k.bytes, sc->k.len));

	*again = sleep != NULL;
	if (sleep == NULL)
		return true;
	w->revisits++;
	w->forgot_history = true;
	return sc->verdict == NULL && (*sleep & ~sc->a.sleep) != 0;
}

/* Store sc, a new node or merged into the one already stored. */
static void
store_one(struct worker *w, const struct successor *sc)
{
	struct search *s = w->s;
	struct store_partition *p = store_partition(s->next, sc->k.hash);
	struct node *n;
	bool again;

	/* a state seen before takes only the arrivals that need it, so
	 * that its node is the same whichever job came first */
	if (!arrives_anew(w, sc, &again)) {
		free(sc->verdict);
		free(sc->shared);
		return;
	}
	store_lock(s->next, p);
	n = store_find(s->next, p, &sc->k);
	if (n != NULL) {
		merge(w, p, n, sc);
		store_unlock(s->next, p);
		free(sc->verdict);
		free(sc->shared);
		return;
	}
	n = new_node(s, w->id, sc, sc->rest_len);
	if (again)
		n->flags |= NODE_AGAIN;
	store_add(s->next, p, n, sc->k.hash);
	store_unlock(s->next, p);
	/* n is another job's to merge into once unlocked: again, not its flags */
	if (!again && ++w->added % 256 == 0)
		note_added(s, 256);
}

/* Store the first count successors kept; the others move to the front. */
static void
store_successors(struct worker *w, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		store_one(w, &w->succ[i]);
	for (i = count; i < w->nsucc; i++)
		swap_successors(&w->succ[i - count], &w->succ[i]);
	w->nsucc -= count;
}

/* Of the threads in mask, those whose pending steps are independent of t's. */
static uint64_t
independent_of(const struct worker *w, int t, uint64_t mask)
{
	uint64_t out = 0;
	int u;

	for (u = 0; mask != 0; u++, mask >>= 1)
		if ((mask & 1) && depend_independent(&w->pending[t], &w->pending[u]))
			out |= (uint64_t)1 << u;
	return out;
}

/* Take every step from node that the bounds and the sleep set allow. */
static void
expand(struct worker *w, const struct node *node)
{
	struct search *s = w->s;
	struct explore_job *job = s->job;
	uint64_t enabled = 0, done = 0, sleep = s->reduction ? node->sleep : 0;
	int choices[LANG_MAX_THREADS], n = s->nthreads, t, c;
	int last = NO_THREAD, used = 0;
	bool fresh = true;

	restore(w, node);
	save(w);
	for (t = 0; t < n; t++)
		if (model_enabled(w->st, t)) {
			enabled |= (uint64_t)1 << t;
			choices[t] = model_choices(w->st, t);
			depend_classify(w->st, t, (job->daemons >> t) & 1, &w->pending[t]);
		}
	explore_pending_races(job, w->pending, enabled, w->layer_tally);
	if (s->prefix > 0) {
		last = w->key[0];
		used = w->key[1];
	}
	if (s->sleeps != NULL && (int)s->nlayers - 1 < s->lone_below)
		for (t = 0; t < n; t++) {
			if (!((enabled >> t) & 1) || ((sleep >> t) & 1) ||
			    !depend_lone_sleep(s->sleeps, w->st, model_program(job->m), t))
				continue;
			fresh = false;
			model_step(w->st, w->frame_ptrs, t, 0, NULL);
			w->transitions++;
			if (model_verdict(w->st)->kind != MODEL_RUNNING)
				break;
			keep_successor(w, node, t, 0, sleep, 0);
			w->took_lone = true;
			return;
		}
	for (t = 0; t < n; t++) {
		bool ends = false;
		int cost = 0;

		if (!((enabled >> t) & 1))
			continue;
		if (s->max_preemptions >= 0) {
			cost = last != NO_THREAD && last != t && ((enabled >> last) & 1);
			if (used + cost > s->max_preemptions) {
				w->pruned++;
				continue;
			}
		}
		if (choices[t] == 1 && ((sleep >> t) & 1))
			continue;
		for (c = 0; c < choices[t]; c++) {
			if (!fresh)
				restore_saved(w);
			fresh = false;
			model_step(w->st, w->frame_ptrs, t, c, NULL);
			w->transitions++;
			ends = model_verdict(w->st)->kind != MODEL_RUNNING;
			tally_model_races(w->layer_tally, w->st);
			keep_successor(w, node, t, c,
			    s->reduction ? independent_of(w, t, (sleep | done) & enabled &
			    ~((uint64_t)1 << t)) : 0, used + cost);
		}
		if (s->reduction && choices[t] == 1 && !ends)
			done |= (uint64_t)1 << t;
	}
}

/* Fetch the stored nodes that successors [from, to) will be compared
 * with: their slots were fetched when they were kept. */
static void
prefetch_matches(const struct worker *w, size_t from, size_t to)
{
	const struct search *s = w->s;
	size_t i;

	for (i = from; i < to; i++)
		store_prefetch_match(s->next, &w->succ[i].k);
}

/* Expand the nodes of the chunks this job takes.  Storing a node's
 * successors is a pipeline over the nodes that follow it, so that the
 * memory it reads comes into the cache while the job works on others:
 * expanding a node fetches the table slots its successors go to; after
 * the next node, the stored nodes in those slots; after the one after,
 * the successors are stored. */
static void
expand_chunks(struct worker *w)
{
	struct search *s = w->s;
	struct explore_job *job = s->job;
	size_t older = 0, old = 0;	/* successors of the nodes two and one before */
	const struct node *done = NULL;	/* expanded, the last few in one chunk */
	size_t ndone = 0;
	int k;

	/* its own nodes first (it wrote them: they may be in its cache),
	 * then what the others have left of theirs */
	for (k = 0; k < s->jobs; k++) {
		struct share *sh = &s->shares[(w->id + k) % s->jobs];

		for (;;) {
			size_t i = atomic_fetch_add(&sh->next, CHUNK), end;

			if (i >= sh->end)
				break;
			end = i + CHUNK < sh->end ? i + CHUNK : sh->end;
			for (; i < end; i++) {
				struct node *n = s->nodes[i];

				if (atomic_load(&job->stop) != EXPLORE_BOUND_NONE)
					goto out;
				if (i + 1 < end)
					store_prefetch_node(s->nodes[i + 1],
					    store_node_bytes(n->key_len, n->rest_room));
				if (!(n->flags & NODE_TERMINAL))
					expand(w, n);
				/* released a chunk at a time: one atomic, not one a node */
				if (done != NULL && !store_same_chunk(s->cur, done, n)) {
					store_release(s->cur, w->id, done, ndone);
					ndone = 0;
				}
				done = n;
				ndone++;
				store_successors(w, older);
				prefetch_matches(w, 0, old);
				older = old;
				old = w->nsucc - older;
				if (w->id == 0 && ++w->ticks % 64 == 0)
					explore_job_tick(job, job->states + atomic_load(&s->added),
					    job->executions, (int)s->nlayers);
			}
		}
	}
out:
	if (done != NULL)
		store_release(s->cur, w->id, done, ndone);
}

static void
work(struct worker *w)
{
	expand_chunks(w);
	store_successors(w, w->nsucc);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct search *s = w->s;

	pthread_mutex_lock(&s->ready_lock);
	while (!s->ready)
		pthread_cond_wait(&s->ready_cond, &s->ready_lock);
	pthread_mutex_unlock(&s->ready_lock);
	for (;;) {
		pthread_barrier_wait(&s->start);
		assert(s->next != NULL || s->quit);
		if (s->quit)
			return NULL;
		work(w);
		pthread_barrier_wait(&s->done);
	}
}

/* The schedule of the node at index i of layer depth. */
static void
schedule_to(const struct search *s, size_t depth, uint32_t i, struct schedule *out)
{
	size_t d;

	out->count = 0;
	for (d = depth; d > 0; d--)
		schedule_append(out, 0, 0);
	for (d = depth; d > 0; d--) {
		const struct parent_step *ps = &s->parents[d].steps[i];

		out->entries[d - 1].thread = ps->thread;
		out->entries[d - 1].choice = ps->choice;
		i = ps->parent;
	}
}

/* A layer's nodes in the order of their kept arrivals: by parent, then
 * step.  With the layer before in that order too, this is the order of
 * the schedules that reach them (first steps first, threads in the order
 * of the scenario), the same whatever the jobs did. */
static uint64_t
arrival_rank(const struct node *n)
{
	return (uint64_t)n->parent << 32 | (uint64_t)n->thread << 16 | n->choice;
}

/* Whether nodes are in the order of their arrivals already, as one job
 * stores them: it takes parents in order and their steps in order, and a
 * later arrival never displaces the first. */
static bool
in_arrival_order(struct node *const *nodes, size_t count)
{
	size_t i;

	for (i = 1; i < count; i++)
		if (arrival_rank(nodes[i - 1]) > arrival_rank(nodes[i]))
			return false;
	return true;
}

/* Nodes with the same parent, by step: a handful at most. */
static void
sort_siblings(struct node **nodes, size_t count)
{
	size_t i, j;

	for (i = 1; i < count; i++) {
		struct node *n = nodes[i];

		for (j = i; j > 0 && arrival_rank(nodes[j - 1]) > arrival_rank(n); j--)
			nodes[j] = nodes[j - 1];
		nodes[j] = n;
	}
}

/* Counting sort by parent (each below nparents), then siblings by step:
 * a new array. */
static struct node **
sorted_by_parent(struct node *const *nodes, size_t count, size_t nparents)
{
	size_t *first = xcalloc(nparents + 1, sizeof(*first));
	struct node **out = xmalloc((count + 1) * sizeof(*out));
	size_t i, p;

	for (i = 0; i < count; i++)
		first[nodes[i]->parent + 1]++;
	for (p = 1; p <= nparents; p++)
		first[p] += first[p - 1];
	for (i = 0; i < count; i++)
		out[first[nodes[i]->parent]++] = nodes[i];
	for (p = 0, i = 0; p < nparents; i = first[p++])
		sort_siblings(out + i, first[p] - i);
	free(first);
	return out;
}

/* The layer's nodes (in memory order) by arrival: the same array if they
 * are in order already, as one job's are; several jobs' are checked,
 * since a job often takes all of a stretch of parents. */
static struct node **
sorted_by_arrival(struct node **nodes, size_t count, size_t nparents, int jobs)
{
#if LOCKSTEP_DEBUG
	assert(jobs > 1 || in_arrival_order(nodes, count));
#endif
	if (jobs == 1 || in_arrival_order(nodes, count))
		return nodes;
	return sorted_by_parent(nodes, count, nparents);
}

/* Put n in the visited set, or shrink its sleep set there if it was in
 * it: 1 if it was. */
static size_t
remember(struct search *s, const struct node *n)
{
	struct store_key k = { n->bytes, n->key_len, 0 };
	uint64_t check = visited_check(k.bytes, k.len);

	store_key_hash(&k);
	if (n->flags & NODE_AGAIN) {
		*visited_find(&s->visited, k.hash, check) &= n->sleep;
		return 1;
	}
	visited_add(&s->visited, k.hash, check, n->sleep);
	return 0;
}

/* The most memory the stored states have taken so far: the layers and
 * the visited set. */
static void
note_memory(struct search *s)
{
	uint64_t now = atomic_load(&s->mem.bytes) + s->visited.bytes;

	if (now > s->job->memory)
		s->job->memory = now;
}

/* The layer just filled becomes the one to expand: sorted, its parents
 * recorded, its end states counted as outcomes. */
static void
finish_layer(struct search *s)
{
	struct explore_job *job = s->job;
	struct layer_parents *lp;
	struct schedule sched = { 0 };
	struct node **sorted;
	size_t i, depth = s->nlayers, nparents = s->nnodes, per_job[EXPLORE_MAX_JOBS];
	size_t again = 0;
	int j;

	note_memory(s);
	free(s->nodes);
	store_free(s->cur);
	s->cur = s->next;
	s->next = NULL;
	store_seal(s->cur);
	s->nodes = store_in_memory_order(s->cur, &s->nnodes, per_job);
	sorted = sorted_by_arrival(s->nodes, s->nnodes, nparents, s->jobs);
	s->parents = xgrow(s->parents, &s->layers_cap, s->nlayers + 1, sizeof(*s->parents));
	lp = &s->parents[s->nlayers++];
	lp->count = s->nnodes;
	lp->steps = xcalloc(s->nnodes + 1, sizeof(*lp->steps));
	s->nrunning = 0;
	for (i = 0; i < s->nnodes; i++) {
		struct node *n = sorted[i];

		if (s->loops)
			again += remember(s, n);
		n->index = (uint32_t)i;
		lp->steps[i].parent = n->parent;
		lp->steps[i].thread = n->thread;
		lp->steps[i].choice = n->choice;
		if (!(n->flags & NODE_TERMINAL)) {
			s->nrunning++;
		} else {
			struct tally_outcome *o = tally_find(job->tally, n->verdict, n->shared);

			tally_count(o, n->count);
			job->executions = tally_add_counts(job->executions, n->count);
			if (!o->has_schedule) {
				schedule_to(s, depth, (uint32_t)i, &sched);
				tally_offer(o, &sched, 0);
			}
			forget_terminal(n);
		}
	}
	if (sorted != s->nodes)
		free(sorted);
	for (j = 0; j < s->jobs; j++) {
		struct worker *w = &s->workers[j];

		job->transitions += w->transitions;
		job->pruned += w->pruned;
		job->revisits += w->revisits;
		w->transitions = w->pruned = w->revisits = 0;
		tally_merge(w->tally, w->layer_tally);
		tally_free(w->layer_tally);
		w->layer_tally = tally_new(job->m);
	}
	for (i = 0, j = 0; j < s->jobs; j++) {
		atomic_store(&s->shares[j].next, i);
		i += per_job[j];
		s->shares[j].end = i;
	}
	schedule_free(&sched);
	job->states += s->nnodes - again;
	if (s->nnodes > 0)
		job->depth = (int)depth;
}

/* The most frequent value of each word in n samples of words words. */
static void
most_frequent(const uint32_t *samples, size_t n, size_t words, uint32_t *out)
{
	size_t k, i, j, best, count;

	for (k = 0; k < words; k++) {
		out[k] = 0;
		best = 0;
		for (i = 0; i < n; i++) {
			for (count = 0, j = 0; j < n; j++)
				count += samples[j * words + k] == samples[i * words + k];
			if (count > best) {
				best = count;
				out[k] = samples[i * words + k];
			}
		}
	}
}

/* The base the key's pieces are stored against.  A word that has the
 * same non-zero value in most states (the kind of a local that holds an
 * int, a thread's status, a pc many threads wait at) costs a word in every
 * node although it tells no state apart; stored as its difference from
 * the base it is a zero word, which the sparse encoding leaves out.  The
 * base is each word's most frequent value along one round-robin walk of
 * the program, taken before the search; one base for the whole search, so
 * that equal states still have equal encodings.  (The 5 x 3 counter's
 * search peaks at 1,105 MiB, not 1,670, and takes 8% less time.) */
static void
choose_base(struct search *s)
{
	struct explore_job *job = s->job;
	struct worker *w = &s->workers[0];
	struct model_state *st = explore_job_start(job, w->frames, w->frame_ptrs);
	struct model_piece *pieces = xcalloc(s->npieces, sizeof(*pieces));
	uint32_t *samples[BASE_PIECES];
	size_t i, n = 0;
	int t = 0, tried;

	state_pieces(s, w->key, st, pieces);
	for (i = 0; i < BASE_PIECES; i++)
		samples[i] = xmalloc(BASE_SAMPLES * pieces[i].words * 4 + 4);
	while (n < BASE_SAMPLES) {
		for (i = 0; i < BASE_PIECES; i++)
			memcpy(samples[i] + n * pieces[i].words, pieces[i].at, pieces[i].words * 4);
		n++;
		if (model_verdict(st)->kind != MODEL_RUNNING)
			break;
		for (tried = 0; tried < s->nthreads && !model_enabled(st, t); tried++)
			t = (t + 1) % s->nthreads;
		if (tried == s->nthreads)
			break;
		model_step(st, w->frame_ptrs, t, 0, NULL);
		t = (t + 1) % s->nthreads;
	}
	for (i = 0; i < BASE_PIECES; i++) {
		s->base[i] = xmalloc(pieces[i].words * 4 + 4);
		most_frequent(samples[i], n, pieces[i].words, s->base[i]);
		free(samples[i]);
	}
	free(pieces);
	model_state_free(st);
}

/* Layer 0: the state every schedule starts from. */
static void
first_layer(struct search *s)
{
	struct explore_job *job = s->job;
	struct worker *w = &s->workers[0];
	struct model_state *st = explore_job_start(job, w->frames, w->frame_ptrs);
	struct model_piece *pieces;
	struct successor sc;
	uint32_t key_len;

	memset(&sc, 0, sizeof(sc));
	s->next = store_new(s->node_max, s->jobs, 1, &s->mem);
	if (s->prefix > 0)
		w->key[0] = NO_THREAD;
	pieces = xcalloc(s->npieces, sizeof(*pieces));
	if (s->exact)
		model_hb_canonical(st);
	state_pieces(s, w->key, st, pieces);
	sc.bytes = xmalloc(s->encoded_max);
	encode(s, pieces, sc.bytes, &key_len, &sc.rest_len);
	free(pieces);
	sc.k.bytes = sc.bytes;
	sc.k.len = key_len;
	store_key_hash(&sc.k);
	sc.a.count = 1;
	sc.a.parent = UINT32_MAX;
	if (model_verdict(st)->kind != MODEL_RUNNING)
		capture_end(job, st, &sc.verdict, &sc.shared);
	store_add(s->next, store_partition(s->next, sc.k.hash),
	    new_node(s, 0, &sc, sc.rest_len), sc.k.hash);
	free(sc.bytes);
	model_state_free(st);
	finish_layer(s);
}

static void
init_worker(struct search *s, struct worker *w, int id)
{
	struct explore_job *job = s->job;
	size_t k, words;

	w->s = s;
	w->id = id;
	w->st = model_state_new(job->m, job->opt->max_steps);
	w->key = xcalloc(s->prefix + job->frames_size + 1, 1);
	w->frames = w->key + s->prefix;
	w->frame_ptrs = xcalloc((size_t)s->nthreads + 1, sizeof(*w->frame_ptrs));
	explore_job_frames(job, w->frames, w->frame_ptrs);
	w->pieces = xcalloc(s->npieces, sizeof(*w->pieces));
	state_pieces(s, w->key, w->st, w->pieces);
	for (k = 0, words = 0; k < s->npieces; k++)
		words += w->pieces[k].words;
	w->saved = xmalloc(words * 4 + 4);
	w->tally = tally_new(job->m);
	w->layer_tally = tally_new(job->m);
}

static void
start_workers(struct search *s)
{
	int j;

	pthread_mutex_init(&s->ready_lock, NULL);
	pthread_cond_init(&s->ready_cond, NULL);
	for (j = 1; j < s->jobs; j++)
		if (pthread_create(&s->workers[j].thread, NULL, worker_main, &s->workers[j]) != 0)
			break;
	/* fewer threads than asked for: search with those that started */
	s->jobs = j;
	pthread_barrier_init(&s->start, NULL, (unsigned)s->jobs);
	pthread_barrier_init(&s->done, NULL, (unsigned)s->jobs);
	pthread_mutex_lock(&s->ready_lock);
	s->ready = true;
	pthread_cond_broadcast(&s->ready_cond);
	pthread_mutex_unlock(&s->ready_lock);
}

/* One search (with the clocks in the key if histories); false if lone
 * sleeps were taken alone and schedules came so near the step limit that
 * taking them earlier may have cut some. */
static bool
search_once(struct explore_job *job, const struct depend_sleeps *sleeps, bool histories)
{
	const struct explore_options *o = job->opt;
	struct search s;
	bool exact, took_lone = false;
	size_t k;
	int j;

	memset(&s, 0, sizeof(s));
	s.job = job;
	s.nthreads = job->nthreads;
	s.max_preemptions = o->preemptions;
	s.reduction = o->reduction && o->preemptions < 0;
	s.prefix = o->preemptions >= 0 ? 8 : 0;
	s.npieces = 1 + model_state_npieces(job->m);
	s.exact = histories;
	s.nkey = histories ? s.npieces - 1 : 2;
	s.encode = sparse_encoder();
	s.decode = sparse_decoder();
	s.jobs = o->jobs;
	s.sleeps = sleeps;
	s.lone_below = sleeps != NULL ? o->max_steps - sleeps->count - 1 : 0;
	atomic_init(&s.added, 0);
	s.workers = xcalloc((size_t)s.jobs, sizeof(*s.workers));
	store_memory_init(&s.mem, s.jobs);
	visited_init(&s.visited);
	s.loops = depend_has_loops(model_program(job->m));
	if (posix_memalign((void **)&s.shares, 64, (size_t)s.jobs * sizeof(*s.shares)) != 0)
		util_fatal("out of memory");
	for (j = 0; j < s.jobs; j++)
		atomic_init(&s.shares[j].next, 0);
	for (j = 0; j < s.jobs; j++)
		init_worker(&s, &s.workers[j], j);
	for (k = 0; k < s.npieces; k++)
		s.encoded_max += sparse_bound(s.workers[0].pieces[k].words);
	s.node_max = store_node_bytes(s.encoded_max, 0);
	choose_base(&s);
	start_workers(&s);
	first_layer(&s);
	while (s.nrunning > 0 && atomic_load(&job->stop) == EXPLORE_BOUND_NONE) {
		store_memory_balance(&s.mem);
		s.next = store_new(s.node_max, s.jobs, s.nnodes, &s.mem);
		atomic_store(&s.added, 0);
		pthread_barrier_wait(&s.start);
		work(&s.workers[0]);
		pthread_barrier_wait(&s.done);
		for (j = 0; j < s.jobs; j++) {
			note_added(&s, s.workers[j].added % 256);
			s.workers[j].added = 0;
		}
		if (atomic_load(&job->stop) != EXPLORE_BOUND_NONE)
			break;
		finish_layer(&s);
	}
	note_memory(&s);
	s.quit = true;
	pthread_barrier_wait(&s.start);
	for (j = 1; j < s.jobs; j++)
		pthread_join(s.workers[j].thread, NULL);
	pthread_barrier_destroy(&s.start);
	pthread_barrier_destroy(&s.done);
	pthread_mutex_destroy(&s.ready_lock);
	pthread_cond_destroy(&s.ready_cond);
	for (j = 0; j < o->jobs; j++) {
		struct worker *w = &s.workers[j];

		took_lone |= w->took_lone;
		job->forgot_history |= w->forgot_history;
		tally_merge(job->tally, w->tally);
		tally_free(w->tally);
		tally_free(w->layer_tally);
		model_state_free(w->st);
		free(w->key);
		free(w->pieces);
		free(w->saved);
		for (k = 0; k < w->succ_cap; k++)
			free(w->succ[k].bytes);
		free(w->succ);
		free(w->frame_ptrs);
	}
	drop_layer(s.next);
	store_free(s.cur);
	store_memory_free(&s.mem);
	visited_free(&s.visited);
	free(s.nodes);
	for (j = 0; j < (int)s.nlayers; j++)
		free(s.parents[j].steps);
	free(s.parents);
	for (k = 0; k < BASE_PIECES; k++)
		free(s.base[k]);
	free(s.workers);
	free(s.shares);
	exact = !took_lone || (int)s.nlayers < s.lone_below;
	return exact || atomic_load(&job->stop) != EXPLORE_BOUND_NONE;
}

void
explore_search_races(struct explore_job *job)
{
	search_once(job, NULL, true);
}

void
explore_search(struct explore_job *job)
{
	const struct explore_options *o = job->opt;
	struct depend_sleeps sleeps;

	depend_sleeps_init(&sleeps, model_program(job->m));
	if (o->reduction && o->preemptions < 0 && sleeps.count > 0) {
		if (search_once(job, &sleeps, false))
			goto done;
		tally_free(job->tally);
		job->tally = tally_new(job->m);
		job->executions = job->states = job->transitions = job->pruned = 0;
		job->revisits = 0;
		job->depth = 0;
	}
	search_once(job, NULL, false);
done:
	depend_sleeps_free(&sleeps);
}
