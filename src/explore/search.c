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
 * state (search_choose_base): the key (the frames and the hashed region) then the
 * rest.  Keys are hashed and compared as encoded; expanding a node
 * decodes it straight into the job's working state, again before each
 * further step from it.
 *
 * Jobs.  All jobs expand one layer together, each the nodes it stored
 * itself first (they may still be in its cache), in chunks from an atomic
 * counter, then what the others have left of theirs.  They add successors
 * to the next layer's partitioned table (store.h), a lock per partition.
 * A barrier ends the layer, and the first job (the caller's thread) sorts
 * it, records parents and outcomes and frees the layer before; the parts
 * of that each job can do for its own share (sealing its arena, reading
 * its nodes' arrivals, a part of the parents and of zeroing the next
 * table) every job does at once, between two more barriers
 * (search_phase).  Merging
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
 * is the first job's, between barriers, but in the phases that complete a
 * layer, where each job writes only its own share: its arena, its range
 * of the ranks and end states, its range of the parents and indexes, its
 * part of the next layer's table.
 */
#include "config.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "explore/search.h"
#include "util/xalloc.h"

#ifdef SEARCH_TIMES
/* Where the first job's time goes (a build with -DSEARCH_TIMES only: see
 * bench/README.md): each phase, and completing layers in all. */
#include <stdio.h>
#include <time.h>

static double phase_seconds[SEARCH_QUIT + 1], finish_seconds;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
print_times(void)
{
	fprintf(stderr, "search times: expand %.3f s, between layers %.3f s "
	    "(of which seal %.3f, rank %.3f, parents %.3f in every job)\n",
	    phase_seconds[SEARCH_EXPAND], finish_seconds, phase_seconds[SEARCH_SEAL],
	    phase_seconds[SEARCH_RANK], phase_seconds[SEARCH_PARENTS]);
}
#endif

/* The job's part of the phase s is in; false once the search is over. */
static bool
do_part(struct worker *w)
{
	struct search *s = w->s;

	switch (s->phase) {
	case SEARCH_EXPAND:
		assert(s->next != NULL);
		search_work(w);
		return true;
	case SEARCH_SEAL:
		store_seal_arena(s->cur, w->id);
		return true;
	case SEARCH_RANK:
		search_rank_part(w);
		return true;
	case SEARCH_PARENTS:
		search_parents_part(w);
		return true;
	case SEARCH_QUIT:
		return false;
	}
	return false;
}

static void init_worker(struct search *s, struct worker *w, int id);

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct search *s = w->s;

	/* its working state, buffers and tallies made on its own thread, so
	 * from its own malloc arena: made one job after the other on the
	 * first job's, two jobs' blocks could share a cache line that both
	 * write at every step (model_hb_access and the copies of the state
	 * took 1.7 times the CPU of one job instead of 1.3, depending on
	 * what else had been allocated before; bench/README.md, session 9) */
	init_worker(s, w, w->id);
	pthread_mutex_lock(&s->ready_lock);
	while (!s->ready)
		pthread_cond_wait(&s->ready_cond, &s->ready_lock);
	pthread_mutex_unlock(&s->ready_lock);
	for (;;) {
		pthread_barrier_wait(&s->start);
		if (!do_part(w))
			return NULL;
		pthread_barrier_wait(&s->done);
	}
}

void
search_phase(struct search *s, enum search_phase phase)
{
#ifdef SEARCH_TIMES
	double t0 = now();
#endif

	s->phase = phase;
	pthread_barrier_wait(&s->start);
	do_part(&s->workers[0]);
	pthread_barrier_wait(&s->done);
#ifdef SEARCH_TIMES
	phase_seconds[phase] += now() - t0;
#endif
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
	search_state_pieces(s, w->key, w->st, w->pieces);
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
	for (j = 0; j < s.jobs; j++) {
		s.workers[j].s = &s;
		s.workers[j].id = j;
	}
	/* the others' are made by their threads (worker_main) */
	init_worker(&s, &s.workers[0], 0);
	for (k = 0; k < s.npieces; k++) {
		s.encoded_max += sparse_bound(s.workers[0].pieces[k].words);
		if (k >= s.nkey)
			s.rest_words += s.workers[0].pieces[k].words;
	}
	s.node_max = store_node_bytes(s.encoded_max, 0);
	search_choose_base(&s);
	start_workers(&s);
	search_first_layer(&s);
	/* search_finish_layer makes the next layer if the search goes on */
	while (s.next != NULL) {
		atomic_store(&s.added, 0);
		search_phase(&s, SEARCH_EXPAND);
		for (j = 0; j < s.jobs; j++) {
			search_note_added(&s, s.workers[j].added % 256);
			s.workers[j].added = 0;
		}
		if (atomic_load(&job->stop) != EXPLORE_BOUND_NONE)
			break;
#ifdef SEARCH_TIMES
		{
			double t0 = now();

			search_finish_layer(&s);
			finish_seconds += now() - t0;
		}
#else
		search_finish_layer(&s);
#endif
	}
#ifdef SEARCH_TIMES
	print_times();
#endif
	search_note_memory(&s);
	s.phase = SEARCH_QUIT;
	pthread_barrier_wait(&s.start);
	for (j = 1; j < s.jobs; j++)
		pthread_join(s.workers[j].thread, NULL);
	pthread_barrier_destroy(&s.start);
	pthread_barrier_destroy(&s.done);
	pthread_mutex_destroy(&s.ready_lock);
	pthread_cond_destroy(&s.ready_cond);
	/* the workers whose threads started (start_workers) */
	for (j = 0; j < s.jobs; j++) {
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
		for (k = 0; k < w->succ_cap; k++) {
			free(w->succ[k].bytes);
			free(w->succ[k].raw);
		}
		free(w->succ);
		free(w->ends);
		free(w->frame_ptrs);
	}
	search_drop_layer(s.next);
	store_free(s.cur);
	store_memory_free(&s.mem);
	visited_free(&s.visited);
	free(s.nodes);
	free(s.index);
	free(s.ranks);
	free(s.sorted);
	free(s.first);
	free(s.ends);
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
