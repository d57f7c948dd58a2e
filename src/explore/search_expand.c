/* search_expand.c - expanding a layer: each node's steps, its successors
 * stored in the next.
 *
 * A job restores a node's state from its encoding, takes every step the
 * bounds and the sleep set allow (search.c's essay says which), encodes
 * each state reached and stores it in the next layer, or merges it into
 * the node already there.  Storing is a pipeline over the nodes that
 * follow (expand_chunks), so that the table slots and stored keys a
 * successor will meet come into the cache while the job works on others.
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "explore/search.h"
#include "util/xalloc.h"

void
search_state_pieces(const struct search *s, unsigned char *key, struct model_state *st,
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

void
search_encode(const struct search *s, const struct model_piece *pieces, unsigned char *out,
    uint32_t *key_len, uint32_t *rest_len)
{
	*key_len = (uint32_t)encode_pieces(s, pieces, 0, s->nkey, out);
	*rest_len = (uint32_t)encode_pieces(s, pieces, s->nkey, s->npieces, out + *key_len);
}

/* sc's rest encoded after its key, if it was not yet: the same bytes as
 * search_encode writes, from the copy of the pieces kept in sc->raw. */
static void
encode_rest(const struct worker *w, struct successor *sc)
{
	const struct search *s = w->s;
	const uint32_t *from = sc->raw;
	size_t i, len = 0;

	if (sc->rest_len != SUCCESSOR_RAW)
		return;
	for (i = s->nkey; i < s->npieces; from += w->pieces[i++].words)
		len += s->encode(from, base_of(s, i), w->pieces[i].words, sc->bytes + sc->k.len + len);
	sc->rest_len = (uint32_t)len;
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

void
search_note_added(struct search *s, uint64_t count)
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

static void
fill_node(struct node *n, const struct successor *sc, size_t rest_room)
{
	n->sleep = sc->a.sleep;
	n->count = sc->a.count;
	n->verdict = sc->verdict;
	n->shared = sc->shared;
	n->parent = sc->a.parent;
	n->thread = sc->a.thread;
	n->choice = sc->a.choice;
	n->flags = sc->verdict != NULL ? NODE_TERMINAL : 0;
	n->key_len = (uint32_t)sc->k.len;
	n->rest_len = sc->rest_len;
	n->rest_room = (uint32_t)rest_room;
	memcpy(n->bytes, sc->bytes, sc->k.len + sc->rest_len);
}

struct node *
search_new_node(struct search *s, int job, struct successor *sc, size_t rest_room)
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
    struct successor *sc)
{
	struct node *copy;

	into->sleep &= sc->a.sleep;
	into->count = tally_add_counts(into->count, sc->a.count);
	if (!w->forgot_history) {
		encode_rest(w, sc);
		if (sc->rest_len != into->rest_len ||
		    memcmp(into->bytes + into->key_len, sc->bytes + sc->k.len, sc->rest_len) != 0)
			w->forgot_history = true;
	}
	if (!arrives_before(&sc->a, into))
		return;
	encode_rest(w, sc);
	into->parent = sc->a.parent;
	into->thread = sc->a.thread;
	into->choice = sc->a.choice;
	if (sc->rest_len <= into->rest_room) {
		memcpy(into->bytes + into->key_len, sc->bytes + sc->k.len, sc->rest_len);
		into->rest_len = sc->rest_len;
		return;
	}
	copy = search_new_node(w->s, w->id, sc, sc->rest_len);
	copy->sleep = into->sleep;
	copy->count = into->count;
	copy->verdict = into->verdict;
	copy->shared = into->shared;
	copy->flags = into->flags;
	store_replace(w->s->next, w->id, p, into, copy, sc->k.hash);
}

/* How a run that ended in st ended: its verdict and its outcome's key
 * (final values and output, tally_key). */
void
search_capture_end(const struct explore_job *job, const struct model_state *st,
    struct model_verdict **verdict, struct model_value **shared)
{
	*verdict = xmalloc(sizeof(**verdict));
	**verdict = *model_verdict(st);
	*shared = xcalloc(tally_key_size(job->m) + 1, sizeof(**shared));
	tally_key(job->m, st, *shared);
}

/* Keep the state w->st just reached from parent by thread t's step as a
 * successor, to be stored with the others (store_successors). */
static void
keep_successor(struct worker *w, const struct node *parent, uint32_t index, int t,
    int choice, uint64_t sleep, int preemptions)
{
	struct search *s = w->s;
	struct explore_job *job = s->job;
	struct successor *sc;
	uint32_t key_len, *raw;
	size_t i;

	/* the layering: every successor of layer d has taken d + 1 steps */
	assert(model_steps(w->st) == s->nlayers);
	if (w->nsucc == w->succ_cap) {
		size_t old = w->succ_cap;

		w->succ = xgrow(w->succ, &w->succ_cap, w->nsucc + 1, sizeof(*w->succ));
		for (i = old; i < w->succ_cap; i++) {
			w->succ[i].bytes = xmalloc(s->encoded_max);
			w->succ[i].raw = xmalloc(s->rest_words * 4 + 4);
		}
	}
	sc = &w->succ[w->nsucc++];
	if (s->prefix > 0) {
		w->key[0] = (unsigned char)t;
		w->key[1] = (unsigned char)preemptions;
	}
	if (s->exact)
		model_hb_canonical(w->st);
	key_len = (uint32_t)encode_pieces(s, w->pieces, 0, s->nkey, sc->bytes);
	for (i = s->nkey, raw = sc->raw; i < s->npieces; raw += w->pieces[i++].words)
		memcpy(raw, w->pieces[i].at, w->pieces[i].words * 4);
	sc->rest_len = SUCCESSOR_RAW;
	sc->k.bytes = sc->bytes;
	sc->k.len = key_len;
	store_key_hash(&sc->k);
	store_prefetch(s->next, sc->k.hash);
	sc->a.sleep = sleep;
	sc->a.count = parent->count;
	sc->a.parent = index;
	sc->a.thread = (uint16_t)t;
	sc->a.choice = (uint16_t)choice;
	sc->verdict = NULL;
	sc->shared = NULL;
	if (model_verdict(w->st)->kind != MODEL_RUNNING)
		search_capture_end(job, w->st, &sc->verdict, &sc->shared);
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
 * is expanded again with the smaller set (search_finish_layer keeps the meet).
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
store_one(struct worker *w, struct successor *sc)
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
	encode_rest(w, sc);
	n = search_new_node(s, w->id, sc, sc->rest_len);
	if (again)
		n->flags |= NODE_AGAIN;
	store_add(s->next, p, n, sc->k.hash);
	store_unlock(s->next, p);
	/* n is another job's to merge into once unlocked: again, not its flags */
	if (!again && ++w->added % 256 == 0)
		search_note_added(s, 256);
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

/* Take every step from node (at index in its layer) that the bounds and
 * the sleep set allow. */
static void
expand(struct worker *w, const struct node *node, uint32_t index)
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
	explore_pending_races(job, w->pending, enabled, &w->seen, w->layer_tally);
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
			keep_successor(w, node, index, t, 0, sleep, 0);
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
			explore_model_races(&w->seen, w->layer_tally, w->st);
			keep_successor(w, node, index, t, c,
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
					expand(w, n, s->index[i]);
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

void
search_work(struct worker *w)
{
	expand_chunks(w);
	store_successors(w, w->nsucc);
}

