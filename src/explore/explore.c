#include "config.h"

#include "explore/explore.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sched/policy.h"
#include "explore/depend.h"
#include "explore/internal.h"
#include "util/xalloc.h"

#define PROGRESS_INTERVAL 0.1	/* seconds between progress calls */
#define ROUND_RUNS 256		/* sampled schedules of each policy a round */
#define SEARCH_SHARE 0.8	/* of --timeout, the search's; the rest samples */
#define RACES_MAX_STATES 10000	/* a search of every history after one this big, */
#define RACES_STATES_FACTOR 16	/* ... of at most this many times its states */
#define RACES_MIN_STATES 20000

void
explore_options_init(struct explore_options *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = EXPLORE_EXHAUSTIVE;
	o->reduction = true;
	o->preemptions = -1;
	o->max_states = 0;
	o->max_memory = explore_default_max_memory();
	o->pct_depth = 3;
	o->jobs = 1;
	o->max_steps = MODEL_DEFAULT_MAX_STEPS;
	o->enough_seconds = EXPLORE_ENOUGH_SECONDS;
}

/* MemAvailable from /proc/meminfo, in bytes; 0 if there is none. */
static uint64_t
available_memory(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[200];
	unsigned long long kib = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
			break;
	fclose(f);
	return (uint64_t)kib << 10;
}

uint64_t
explore_default_max_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	uint64_t bytes = 0, free_bytes = available_memory(), cap;

	if (pages > 0 && page > 0)
		bytes = (uint64_t)((double)pages * (double)page * EXPLORE_MEMORY_SHARE);
	if (free_bytes > 0 && (bytes == 0 ||
	    (double)free_bytes * EXPLORE_FREE_MEMORY_SHARE < (double)bytes))
		bytes = (uint64_t)((double)free_bytes * EXPLORE_FREE_MEMORY_SHARE);
	if (bytes == 0)
		bytes = (uint64_t)EXPLORE_FALLBACK_MAX_MEMORY_MB << 20;
	cap = (uint64_t)EXPLORE_MAX_MEMORY_MB << 20;
	return bytes < cap ? bytes : cap;
}

double
explore_job_seconds(const struct explore_job *job)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - job->started.tv_sec) +
	    (double)(now.tv_nsec - job->started.tv_nsec) / 1e9;
}

static void
stop_for(struct explore_job *job, enum explore_bound why)
{
	int none = EXPLORE_BOUND_NONE;

	atomic_compare_exchange_strong(&job->stop, &none, (int)why);
}

void
explore_job_tick(struct explore_job *job, uint64_t states, uint64_t executions, int depth)
{
	double now = explore_job_seconds(job);
	struct explore_progress p;

	if (job->opt->timeout > 0 && now >= job->opt->timeout)
		stop_for(job, EXPLORE_BOUND_TIMEOUT);
	if (job->progress == NULL || now - job->last_progress < PROGRESS_INTERVAL)
		return;
	job->last_progress = now;
	p.states = states;
	p.executions = executions;
	p.depth = depth;
	p.seconds = now;
	if (!job->progress(&p, job->progress_arg))
		stop_for(job, EXPLORE_BOUND_CANCELLED);
}

void
explore_job_frames(const struct explore_job *job, unsigned char *buf,
    struct model_frame **frames)
{
	int t;

	for (t = 0; t < job->nthreads; t++)
		frames[t] = (struct model_frame *)(void *)(buf + job->frame_offset[t]);
}

struct model_state *
explore_job_start(const struct explore_job *job, unsigned char *buf,
    struct model_frame **frames)
{
	struct model_state *st = model_state_new(job->m, job->opt->max_steps);
	int t;

	explore_job_frames(job, buf, frames);
	for (t = 0; t < job->nthreads; t++)
		model_frame_init(job->m, t, frames[t]);
	model_state_begin(st, frames);
	return st;
}

void
explore_race(struct explore_seen_races *seen, struct tally *tally, int element,
    int thread_a, int line_a, bool write_a, int thread_b, int line_b, bool write_b)
{
	/* every argument in 128 bits, one-to-one (threads are below 64); a
	 * bit of the second word that no arguments set says it is a race */
	uint64_t k0 = (uint64_t)(uint32_t)element << 32 | (uint32_t)line_a;
	uint64_t k1 = (uint64_t)(uint32_t)line_b << 32 | (uint64_t)thread_a << 16 |
	    (uint64_t)thread_b << 8 | 1u << 2 | (uint64_t)write_a << 1 | (uint64_t)write_b;
	uint64_t *slot;

	if (seen != NULL) {
		slot = seen->race[((k0 ^ k1) * 0x9E3779B97F4A7C15ULL) >> 56];
		if (slot[0] == k0 && slot[1] == k1)
			return;
		slot[0] = k0;
		slot[1] = k1;
	}
	tally_race(tally, element, thread_a, line_a, write_a, thread_b, line_b, write_b);
}

void
explore_model_races(struct explore_seen_races *seen, struct tally *tally,
    const struct model_state *st)
{
	size_t i, n = model_nraces(st);

	for (i = 0; i < n; i++) {
		const struct model_race *r = model_race(st, i);

		explore_race(seen, tally, r->element, r->first_thread, r->first_line,
		    r->first_is_write, r->second_thread, r->second_line, r->second_is_write);
	}
}

void
explore_pending_races(const struct explore_job *job, const struct depend_step *pending,
    uint64_t enabled, struct explore_seen_races *seen, struct tally *tally)
{
	int t, u;

	for (t = 0; t < job->nthreads; t++) {
		const struct depend_step *a = &pending[t];

		if (!((enabled >> t) & 1) || a->kind != DEPEND_ELEMENT)
			continue;
		for (u = t + 1; u < job->nthreads; u++) {
			const struct depend_step *b = &pending[u];

			if (((enabled >> u) & 1) && b->kind == DEPEND_ELEMENT && a->a == b->a &&
			    (a->write || b->write))
				explore_race(seen, tally, a->a, t, a->line, a->write, u, b->line,
				    b->write);
		}
	}
}

static void
lock_strings(void *arg)
{
	pthread_mutex_lock(arg);
}

static void
unlock_strings(void *arg)
{
	pthread_mutex_unlock(arg);
}

/* A job of its own for another search of job's scenario, with options o
 * and a tally of its own, started now. */
static void
sub_job(struct explore_job *sub, const struct explore_job *job, const struct explore_options *o)
{
	memset(sub, 0, sizeof(*sub));
	sub->m = job->m;
	sub->opt = o;
	sub->progress = job->progress;
	sub->progress_arg = job->progress_arg;
	clock_gettime(CLOCK_MONOTONIC, &sub->started);
	sub->tally = tally_new(job->m);
	atomic_init(&sub->stop, EXPLORE_BOUND_NONE);
	sub->nthreads = job->nthreads;
	sub->daemons = job->daemons;
	sub->frames_size = job->frames_size;
	sub->frame_offset = job->frame_offset;
}

/* The search keeps one history of a state, the first arrival's clocks:
 * a race that only another history to it shows is lost (a thread that
 * synchronised through a lock on one way and not the other).  Where it
 * did forget a different history, and the scenario is small, search it
 * again with the clocks in each state's key (made canonical), which
 * forgets none, for the races alone. */
static void
search_histories(struct explore_job *job, struct explore_result *r)
{
	struct explore_options o = *job->opt;
	struct explore_job sub;

	r->races_complete = !job->forgot_history;
	if (r->races_complete || job->states > RACES_MAX_STATES)
		return;
	o.max_states = job->states * RACES_STATES_FACTOR;
	if (o.max_states < RACES_MIN_STATES)
		o.max_states = RACES_MIN_STATES;
	o.timeout = 0;
	sub_job(&sub, job, &o);
	explore_search_races(&sub);
	tally_merge_races(job->tally, sub.tally);
	r->history_states = sub.states;
	r->races_complete = atomic_load(&sub.stop) == EXPLORE_BOUND_NONE;
	if (atomic_load(&sub.stop) == EXPLORE_BOUND_CANCELLED)
		stop_for(job, EXPLORE_BOUND_CANCELLED);
	tally_free(sub.tally);
}

/* Sample runs schedules of each of PCT and random, from seed, into
 * sampled, on a job of its own (job's model and options but for these)
 * that stops after seconds (0: never); false if it was stopped so. */
static bool
sample_round(struct explore_job *job, struct tally *sampled, uint64_t seed, uint64_t runs,
    double seconds, uint64_t *runs_done)
{
	static const enum explore_mode modes[] = { EXPLORE_PCT, EXPLORE_RANDOM };
	struct explore_options o = *job->opt;
	struct explore_job sub;
	size_t k;
	bool stopped = false;

	for (k = 0; k < 2 && !stopped; k++) {
		o.mode = modes[k];
		o.runs = runs;
		o.seed = job->opt->seed + seed;
		o.timeout = seconds;
		sub_job(&sub, job, &o);
		explore_sample(&sub);
		tally_merge(sampled, sub.tally);
		tally_free(sub.tally);
		*runs_done += sub.executions;
		stopped = atomic_load(&sub.stop) != EXPLORE_BOUND_NONE;
		if (atomic_load(&sub.stop) == EXPLORE_BOUND_CANCELLED)
			stop_for(job, EXPLORE_BOUND_CANCELLED);
	}
	return !stopped;
}

/* The exhaustive search, with a sample before it and after it: a few
 * PCT and random schedules first, which find most bugs at once (a lost
 * update among 50 threads lies 10,000 steps deep, past any breadth-first
 * search); if they find one, the search for the shortest schedule gets
 * EXPLORE_ENOUGH_SECONDS, unless --timeout says how long it may take.  If the search then stops short of every state
 * (--max-states, --max-memory, the timeout) with no failure, sampling
 * goes on, in rounds, for as long again (1 to 10 s), or what is left of
 * --timeout, until a run fails. */
static void
search_and_sample(struct explore_job *job, struct explore_options *opt, struct explore_result *r)
{
	struct tally *sampled = tally_new(job->m);
	double timeout = opt->timeout, budget;
	uint64_t runs = 0, round, preview;
	int steps = policy_estimate_steps(job->m, opt->max_steps);
	enum explore_bound stop;

	preview = EXPLORE_PREVIEW_STEPS / (uint64_t)(steps > 1 ? steps : 1);
	preview = preview < 1 ? 1 : preview > EXPLORE_PREVIEW_RUNS ? EXPLORE_PREVIEW_RUNS : preview;
	sample_round(job, sampled, 0, preview, timeout, &runs);
	if (tally_failed(sampled) && timeout <= 0 && opt->enough_seconds > 0) {
		opt->timeout = explore_job_seconds(job) + opt->enough_seconds;
		r->search_cut_short = true;
	} else if (timeout > 0) {
		opt->timeout = timeout * SEARCH_SHARE;
	}
	explore_search(job);
	stop = (enum explore_bound)atomic_load(&job->stop);
	r->search_cut_short = r->search_cut_short && stop == EXPLORE_BOUND_TIMEOUT;
	if ((stop == EXPLORE_BOUND_MAX_STATES || stop == EXPLORE_BOUND_MAX_MEMORY ||
	    stop == EXPLORE_BOUND_TIMEOUT) && !tally_failed(job->tally)) {
		budget = explore_job_seconds(job);
		budget = timeout > 0 ? timeout - budget : budget < 1 ? 1 : budget > 10 ? 10 : budget;
		budget += explore_job_seconds(job);
		for (round = 1; !tally_failed(sampled) && explore_job_seconds(job) < budget;
		    round++)
			if (!sample_round(job, sampled, round * ROUND_RUNS, ROUND_RUNS,
			    budget - explore_job_seconds(job), &runs))
				break;
		r->sampled_runs = runs;
		r->sampled_failure = tally_failed(sampled);
		tally_merge_failures(job->tally, sampled);
	}
	opt->timeout = timeout;
	tally_free(sampled);
}

void
explore_run(const struct model *m, const struct explore_options *o,
    explore_progress_fn progress, void *progress_arg, struct explore_result *r)
{
	/* The table is the model's caller's; interning through a const model
	 * is how the model works, and several jobs need it locked. */
	struct model_strings *strings = (struct model_strings *)model_strings(m);
	const struct lang_program *prog = model_program(m);
	pthread_mutex_t strings_lock = PTHREAD_MUTEX_INITIALIZER;
	bool own_lock = o->jobs > 1 && strings->lock == NULL;
	struct explore_options opt = *o;
	struct explore_job job;
	int t;

	memset(r, 0, sizeof(*r));
	if (model_nthreads(m) > EXPLORE_MAX_THREADS)
		return;
	memset(&job, 0, sizeof(job));
	if (opt.jobs < 1)
		opt.jobs = 1;
	if (opt.jobs > EXPLORE_MAX_JOBS)
		opt.jobs = EXPLORE_MAX_JOBS;
	if (opt.max_steps <= 0)
		opt.max_steps = MODEL_DEFAULT_MAX_STEPS;
	if (opt.preemptions > EXPLORE_MAX_PREEMPTIONS)
		opt.preemptions = EXPLORE_MAX_PREEMPTIONS;
	job.m = m;
	job.opt = &opt;
	job.progress = progress;
	job.progress_arg = progress_arg;
	clock_gettime(CLOCK_MONOTONIC, &job.started);
	job.tally = tally_new(m);
	atomic_init(&job.stop, EXPLORE_BOUND_NONE);
	job.nthreads = (int)model_nthreads(m);
	job.frame_offset = xcalloc((size_t)job.nthreads + 1, sizeof(size_t));
	for (t = 0; t < job.nthreads; t++) {
		job.frame_offset[t] = job.frames_size;
		job.frames_size += model_frame_size(m, t);
		if (prog->groups[prog->threads[t].group].daemon)
			job.daemons |= (uint64_t)1 << t;
	}
	if (own_lock) {
		strings->lock = lock_strings;
		strings->unlock = unlock_strings;
		strings->lock_arg = &strings_lock;
	}
	if (opt.mode == EXPLORE_EXHAUSTIVE) {
		if (opt.preemptions < 0)
			search_and_sample(&job, &opt, r);
		else
			explore_search(&job);
		if (depend_has_loops(prog)) {
			if (atomic_load(&job.stop) == EXPLORE_BOUND_NONE)
				explore_livelock(&job);
			else
				job.livelock = EXPLORE_LIVELOCK_UNKNOWN;
		}
		if (atomic_load(&job.stop) == EXPLORE_BOUND_NONE && opt.preemptions < 0)
			search_histories(&job, r);
	} else {
		explore_sample(&job);
	}
	if (own_lock) {
		strings->lock = NULL;
		strings->unlock = NULL;
		strings->lock_arg = NULL;
	}
	r->mode = opt.mode;
	r->jobs = opt.jobs;
	r->reduction = opt.mode == EXPLORE_EXHAUSTIVE && opt.reduction && opt.preemptions < 0;
	r->bound = (enum explore_bound)atomic_load(&job.stop);
	if (r->bound == EXPLORE_BOUND_NONE && opt.mode != EXPLORE_EXHAUSTIVE)
		r->bound = EXPLORE_BOUND_SAMPLED;
	if (r->bound == EXPLORE_BOUND_NONE && job.pruned > 0)
		r->bound = EXPLORE_BOUND_PREEMPTIONS;
	r->exhaustive = r->bound == EXPLORE_BOUND_NONE;
	switch (r->bound) {
	case EXPLORE_BOUND_PREEMPTIONS: r->bound_value = (uint64_t)opt.preemptions; break;
	case EXPLORE_BOUND_MAX_STATES: r->bound_value = opt.max_states; break;
	case EXPLORE_BOUND_MAX_MEMORY: r->bound_value = opt.max_memory >> 20; break;
	case EXPLORE_BOUND_SAMPLED: r->bound_value = opt.runs; break;
	default: break;
	}
	r->timeout = opt.timeout;
	r->executions = job.executions;
	r->executions_saturated = job.executions == UINT64_MAX;
	r->states = job.states;
	r->memory = job.memory;
	r->transitions = job.transitions;
	r->every_schedule_counted = job.revisits == 0;
	r->livelock = job.livelock;
	r->livelock_prefix = job.livelock_prefix;
	r->livelock_cycle = job.livelock_cycle;
	r->depth = job.depth;
	tally_result(job.tally, r);
	if (r->exhaustive && explore_cut_at_step_limit(r)) {
		r->bound = EXPLORE_BOUND_STEPS;
		r->bound_value = (uint64_t)opt.max_steps;
		r->exhaustive = false;
	}
	if (r->exhaustive && opt.mode == EXPLORE_EXHAUSTIVE)
		explore_count_interleavings(&job, r);
	r->seconds = explore_job_seconds(&job);
	tally_free(job.tally);
	free(job.frame_offset);
	pthread_mutex_destroy(&strings_lock);
}

void
explore_result_free(struct explore_result *r)
{
	size_t i;

	for (i = 0; i < r->noutcomes; i++) {
		free(r->outcomes[i].shared);
		free(r->outcomes[i].output);
		schedule_free(&r->outcomes[i].schedule);
	}
	for (i = 0; i < r->nfailures; i++)
		schedule_free(&r->failures[i].schedule);
	free(r->outcomes);
	free(r->failures);
	free(r->races);
	schedule_free(&r->livelock_prefix);
	schedule_free(&r->livelock_cycle);
	memset(r, 0, sizeof(*r));
}

bool
explore_found_bug(const struct explore_result *r)
{
	return r->nfailures > 0 || r->livelock == EXPLORE_LIVELOCK_FOUND;
}

/* A schedule that reached the step limit was not judged: an endless loop,
 * a long run, or a busy wait whose partner the schedule never ran (unfair
 * spinning, which is not a bug). The search did not see how it ends, so
 * it is a bound, not a failure (the livelock check judges loops). */
bool
explore_step_limit_verdict(const struct model_verdict *v)
{
	return v->kind == MODEL_NO_PROGRESS && v->thread < 0;
}

bool
explore_cut_at_step_limit(const struct explore_result *r)
{
	size_t i;

	for (i = 0; i < r->noutcomes; i++)
		if (explore_step_limit_verdict(&r->outcomes[i].verdict))
			return true;
	return false;
}

bool
explore_proven(const struct explore_result *r)
{
	return r->exhaustive && !explore_found_bug(r) && r->livelock == EXPLORE_LIVELOCK_NONE;
}

const struct explore_failure *
explore_shortest_failure(const struct explore_result *r)
{
	const struct explore_failure *best = NULL;
	size_t i;

	for (i = 0; i < r->nfailures; i++)
		if (best == NULL || r->failures[i].schedule.count < best->schedule.count)
			best = &r->failures[i];
	return best;
}
