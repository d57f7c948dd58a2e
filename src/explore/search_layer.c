/* search_layer.c - a complete layer: ordered, its parents kept, its
 * outcomes counted; the first layer, and the base states are stored
 * against.
 *
 * Everything here runs on the first job's thread between barriers, but
 * the parts every job does at once for its share (search_phase): sealing
 * its arena, reading its nodes' arrivals into ranks, and a part of the
 * parents and of zeroing the next layer's table.  Done by the first job
 * alone they took it 1.6 s of a 20 s search with two jobs (bench/README.md).
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "explore/search.h"
#include "util/xalloc.h"

#define BASE_SAMPLES 64		/* states of the walk that chooses the base */

static void
forget_terminal(struct node *n)
{
	free(n->verdict);
	free(n->shared);
	n->verdict = NULL;
	n->shared = NULL;
}

void
search_drop_layer(struct store *layer)
{
	struct node **nodes = NULL;
	size_t n, i, cap = 0;

	if (layer == NULL)
		return;
	store_in_memory_order(layer, &nodes, &cap, &n, NULL);
	for (i = 0; i < n; i++)
		forget_terminal(nodes[i]);
	free(nodes);
	store_free(layer);
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

/* Room in the search's arrays for ordering count nodes of nparents
 * parents.  Nothing in them is kept: freed and taken, not reallocated. */
static void
order_room(struct search *s, size_t count, size_t nparents)
{
	if (s->order_cap < count + 1) {
		free(s->index);
		free(s->ranks);
		free(s->sorted);
		s->order_cap = count + 1 + count / 2;
		s->index = xmalloc(s->order_cap * sizeof(*s->index));
		s->ranks = xmalloc(s->order_cap * sizeof(*s->ranks));
		s->sorted = xmalloc(s->order_cap * sizeof(*s->sorted));
	}
	if (s->first_cap < nparents + 1) {
		free(s->first);
		s->first_cap = nparents + 1 + nparents / 2;
		s->first = xmalloc(s->first_cap * sizeof(*s->first));
	}
}

/* Positions in ranks with the same parent, by step: a handful at most. */
static void
sort_siblings(const uint64_t *ranks, uint32_t *at, size_t count)
{
	size_t i, j;

	for (i = 1; i < count; i++) {
		uint32_t k = at[i];

		for (j = i; j > 0 && ranks[at[j - 1]] > ranks[k]; j--)
			at[j] = at[j - 1];
		at[j] = k;
	}
}

/* The positions of s->ranks[0, count) in their order into s->sorted:
 * a counting sort by parent (each below nparents), then siblings by
 * step. */
static void
sort_by_parent(struct search *s, size_t count, size_t nparents)
{
	size_t *first = s->first, i, p;

	memset(first, 0, (nparents + 1) * sizeof(*first));
	for (i = 0; i < count; i++)
		first[(s->ranks[i] >> 32) + 1]++;
	for (p = 1; p <= nparents; p++)
		first[p] += first[p - 1];
	for (i = 0; i < count; i++)
		s->sorted[first[s->ranks[i] >> 32]++] = (uint32_t)i;
	for (p = 0, i = 0; p < nparents; i = first[p++])
		sort_siblings(s->ranks, s->sorted + i, first[p] - i);
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

/* The nodes s->nodes[w->from, w->to) read in memory order into ranks:
 * each job's nodes lie in the order it stored them, and going through
 * them in another would miss the cache at every one.  So the end states
 * are listed (w->ends) and the visited set updated here too. */
void
search_rank_part(struct worker *w)
{
	struct search *s = w->s;
	size_t i;

	w->in_order = true;
	w->nends = 0;
	w->again = 0;
	for (i = w->from; i < w->to; i++) {
		const struct node *node = s->nodes[i];

		if (i + 1 < w->to)
			__builtin_prefetch(s->nodes[i + 1]);
		s->ranks[i] = arrival_rank(node);
		if (i > w->from && s->ranks[i - 1] > s->ranks[i])
			w->in_order = false;
		if (node->flags & NODE_TERMINAL) {
			w->ends = xgrow(w->ends, &w->ends_cap, w->nends + 1, sizeof(*w->ends));
			w->ends[w->nends++] = (uint32_t)i;
		}
		if (s->loops)
			w->again += remember(s, node);
	}
}

/* The layer's order: s->sorted[k] is the position in s->nodes of the
 * k-th node by arrival, or NULL if that is memory order already, as one
 * job's is (it takes parents in order and their steps in order, and a
 * later arrival never displaces the first); several jobs' are checked,
 * since a job often takes all of a stretch of parents.  Each job ranks
 * its own nodes (search_rank_part), but for a search with a visited set,
 * which one job updates alone; *again counts the states it had. */
static const uint32_t *
order_by_arrival(struct search *s, size_t nparents, const size_t *per_job, size_t *again)
{
	size_t i, n = s->nnodes;
	bool in_order = true;
	int j;

	order_room(s, n, nparents);
	for (i = 0, j = 0; j < s->jobs; j++) {
		struct worker *w = &s->workers[j];

		w->from = s->loops ? (j == 0 ? 0 : n) : i;
		i += per_job[j];
		w->to = s->loops ? n : i;
	}
	search_phase(s, SEARCH_RANK);
	s->nends = 0;
	for (j = 0; j < s->jobs; j++) {
		const struct worker *w = &s->workers[j];

		if (w->from == w->to)
			continue;
		in_order = in_order && w->in_order &&
		    (w->from == 0 || s->ranks[w->from - 1] <= s->ranks[w->from]);
		if (w->nends > 0) {	/* a job that ended no run has no ends */
			s->ends = xgrow(s->ends, &s->ends_cap, s->nends + w->nends,
			    sizeof(*s->ends));
			memcpy(s->ends + s->nends, w->ends, w->nends * sizeof(*s->ends));
			s->nends += w->nends;
		}
		*again += w->again;
	}
	assert(s->jobs > 1 || in_order);
	if (in_order)
		return NULL;
	sort_by_parent(s, n, nparents);
	return s->sorted;
}

/* A part of the layer's parents, in its order, and of each node's index
 * in it; and a part of the next layer's table zeroed. */
void
search_parents_part(struct worker *w)
{
	struct search *s = w->s;
	struct layer_parents *lp = &s->parents[s->nlayers - 1];
	size_t i, from = s->nnodes * (size_t)w->id / (size_t)s->jobs;
	size_t to = s->nnodes * (size_t)(w->id + 1) / (size_t)s->jobs;

	for (i = from; i < to; i++) {
		uint32_t at = s->order != NULL ? s->order[i] : (uint32_t)i;
		uint64_t rank = s->ranks[at];

		s->index[at] = (uint32_t)i;
		lp->steps[i].parent = (uint32_t)(rank >> 32);
		lp->steps[i].thread = (uint16_t)(rank >> 16);
		lp->steps[i].choice = (uint16_t)rank;
	}
	if (s->next != NULL)
		store_zero_part(s->next, w->id, s->jobs);
}

/* End states by their index in the layer: a few, mostly in order. */
static void
sort_ends(struct search *s)
{
	size_t i, j;

	for (i = 1; i < s->nends; i++) {
		uint32_t k = s->ends[i];

		for (j = i; j > 0 && s->index[s->ends[j - 1]] > s->index[k]; j--)
			s->ends[j] = s->ends[j - 1];
		s->ends[j] = k;
	}
}

void
search_note_memory(struct search *s)
{
	uint64_t now = atomic_load(&s->mem.bytes) + s->visited.bytes;

	if (now > s->job->memory)
		s->job->memory = now;
}

void
search_finish_layer(struct search *s)
{
	struct explore_job *job = s->job;
	struct layer_parents *lp;
	struct schedule sched = { 0 };
	size_t i, depth = s->nlayers, nparents = s->nnodes, per_job[EXPLORE_MAX_JOBS];
	size_t again = 0;
	int j;

	search_note_memory(s);
	store_free(s->cur);
	s->cur = s->next;
	s->next = NULL;
	store_seal(s->cur);
	search_phase(s, SEARCH_SEAL);
	store_in_memory_order(s->cur, &s->nodes, &s->nodes_cap, &s->nnodes, per_job);
	s->order = order_by_arrival(s, nparents, per_job, &again);
	s->parents = xgrow(s->parents, &s->layers_cap, s->nlayers + 1, sizeof(*s->parents));
	lp = &s->parents[s->nlayers++];
	lp->count = s->nnodes;
	lp->steps = xmalloc((s->nnodes + 1) * sizeof(*lp->steps));
	s->nrunning = s->nnodes - s->nends;
	/* the next layer, if the search goes on: its table is zeroed with
	 * the parents */
	if (s->nrunning > 0 && atomic_load(&job->stop) == EXPLORE_BOUND_NONE) {
		store_memory_balance(&s->mem);
		s->next = store_new(s->node_max, s->jobs, s->nnodes, &s->mem);
	}
	search_phase(s, SEARCH_PARENTS);
	sort_ends(s);
	for (i = 0; i < s->nends; i++) {
		struct node *n = s->nodes[s->ends[i]];
		struct tally_outcome *o = tally_find(job->tally, n->verdict, n->shared);

		tally_count(o, n->count);
		job->executions = tally_add_counts(job->executions, n->count);
		if (!o->has_schedule) {
			schedule_to(s, depth, s->index[s->ends[i]], &sched);
			tally_offer(o, &sched, 0);
		}
		forget_terminal(n);
	}
	for (j = 0; j < s->jobs; j++) {
		struct worker *w = &s->workers[j];

		job->transitions += w->transitions;
		job->pruned += w->pruned;
		job->revisits += w->revisits;
		w->transitions = w->pruned = w->revisits = 0;
		tally_merge(w->tally, w->layer_tally);
		tally_free(w->layer_tally);
		w->layer_tally = tally_new(job->m);
		memset(&w->seen, 0, sizeof(w->seen));
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
void
search_choose_base(struct search *s)
{
	struct explore_job *job = s->job;
	struct worker *w = &s->workers[0];
	struct model_state *st = explore_job_start(job, w->frames, w->frame_ptrs);
	struct model_piece *pieces = xcalloc(s->npieces, sizeof(*pieces));
	uint32_t *samples[BASE_PIECES];
	size_t i, n = 0;
	int t = 0, tried;

	search_state_pieces(s, w->key, st, pieces);
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

void
search_first_layer(struct search *s)
{
	struct explore_job *job = s->job;
	struct worker *w = &s->workers[0];
	struct model_state *st = explore_job_start(job, w->frames, w->frame_ptrs);
	struct model_piece *pieces;
	struct successor sc;
	uint32_t key_len;

	memset(&sc, 0, sizeof(sc));
	s->next = store_new(s->node_max, s->jobs, 1, &s->mem);
	store_zero_part(s->next, 0, 1);
	if (s->prefix > 0)
		w->key[0] = NO_THREAD;
	pieces = xcalloc(s->npieces, sizeof(*pieces));
	if (s->exact)
		model_hb_canonical(st);
	search_state_pieces(s, w->key, st, pieces);
	sc.bytes = xmalloc(s->encoded_max);
	search_encode(s, pieces, sc.bytes, &key_len, &sc.rest_len);
	free(pieces);
	sc.k.bytes = sc.bytes;
	sc.k.len = key_len;
	store_key_hash(&sc.k);
	sc.a.count = 1;
	sc.a.parent = UINT32_MAX;
	if (model_verdict(st)->kind != MODEL_RUNNING)
		search_capture_end(job, st, &sc.verdict, &sc.shared);
	store_add(s->next, store_partition(s->next, sc.k.hash),
	    search_new_node(s, 0, &sc, sc.rest_len), sc.k.hash);
	free(sc.bytes);
	model_state_free(st);
	search_finish_layer(s);
}

