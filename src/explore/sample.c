/* sample.c - random and PCT schedules, run on the model.
 *
 * For state spaces too large to exhaust.  Run i follows, from the start to
 * its verdict, the schedule that policy.h's random or PCT policy picks
 * with seed + i.  Every state a run passes is remembered by the 64-bit
 * hash of its key, which is what "distinct states" counts here.  Jobs take
 * runs from an atomic counter; each run depends only on its number and the
 * tallies merge by order (the shorter schedule, then the lower run), so
 * the result is the same for any number of jobs unless a timeout or a
 * cancel cuts it short.
 *
 * Lock invariant: none is needed; a job touches only its own worker, and
 * the caller's thread merges them after joining the others.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "sched/policy.h"
#include "explore/internal.h"
#include "explore/store.h"
#include "util/hashset.h"
#include "util/xalloc.h"

struct sampler;

struct sample_worker {
	struct sampler *s;
	int id;
	pthread_t thread;
	struct model_state *st;
	unsigned char *frames;
	struct model_frame **frame_ptrs;
	struct model_value *shared;
	struct schedule schedule;
	struct tally *tally;
	struct hashset seen;		/* the hashes of the states seen */
	uint64_t transitions;
	size_t longest;
	struct depend_step pending[LANG_MAX_THREADS];
};

struct sampler {
	struct explore_job *job;
	enum policy_kind policy;
	int steps_hint;
	unsigned char *start;		/* packed */
	unsigned char *start_frames;
	atomic_uint_fast64_t next_run, runs_done;
	struct sample_worker *workers;
};

static void
remember(struct sample_worker *w)
{
	const struct explore_job *job = w->s->job;
	size_t len;
	const void *data = model_state_bytes(w->st, &len);

	hashset_insert(&w->seen, store_hash(w->frames, job->frames_size) *
	    0x9E3779B97F4A7C15ULL ^ store_hash(data, len));
}

static void
run_one(struct sample_worker *w, uint64_t run)
{
	struct sampler *s = w->s;
	struct explore_job *job = s->job;
	const struct lang_program *prog = model_program(job->m);
	struct policy *policy = policy_new(s->policy, job->opt->seed + run, NULL,
	    (size_t)job->nthreads, job->opt->pct_depth, s->steps_hint);
	struct tally_outcome *o;
	char err[300];
	int t, choice;

	memcpy(w->frames, s->start_frames, job->frames_size);
	model_state_unpack(w->st, s->start);
	w->schedule.count = 0;
	remember(w);
	while (model_verdict(w->st)->kind == MODEL_RUNNING) {
		uint64_t enabled = 0;

		for (t = 0; t < job->nthreads; t++)
			if (model_enabled(w->st, t)) {
				enabled |= (uint64_t)1 << t;
				depend_classify(w->st, t, false, &w->pending[t]);
			}
		explore_pending_races(job, w->pending, enabled, NULL, w->tally);
		if (!policy_next(policy, w->st, prog, &t, &choice, err, sizeof(err)))
			break;
		model_step(w->st, w->frame_ptrs, t, choice, NULL);
		schedule_append(&w->schedule, t, choice);
		w->transitions++;
		remember(w);
	}
	policy_free(policy);
	if (w->schedule.count > w->longest)
		w->longest = w->schedule.count;
	if (model_verdict(w->st)->kind == MODEL_RUNNING)
		return;
	tally_key(job->m, w->st, w->shared);
	o = tally_find(w->tally, model_verdict(w->st), w->shared);
	tally_count(o, 1);
	tally_offer(o, &w->schedule, run);
	tally_model_races(w->tally, w->st);
	atomic_fetch_add(&s->runs_done, 1);
}

static void *
sample_main(void *arg)
{
	struct sample_worker *w = arg;
	struct sampler *s = w->s;
	struct explore_job *job = s->job;

	while (atomic_load(&job->stop) == EXPLORE_BOUND_NONE) {
		uint64_t run = atomic_fetch_add(&s->next_run, 1);

		if (run >= job->opt->runs)
			break;
		run_one(w, run);
		if (w->id == 0)
			explore_job_tick(job, hashset_count(&w->seen), atomic_load(&s->runs_done), 0);
	}
	return NULL;
}

void
explore_sample(struct explore_job *job)
{
	const struct explore_options *o = job->opt;
	struct sampler s;
	struct model_frame **frames;
	struct model_state *st;
	int j, started;

	memset(&s, 0, sizeof(s));
	s.job = job;
	s.policy = o->mode == EXPLORE_PCT ? POLICY_PCT : POLICY_RANDOM;
	s.steps_hint = o->mode == EXPLORE_PCT ? policy_estimate_steps(job->m, o->max_steps) : 1;
	s.start_frames = xcalloc(job->frames_size + 1, 1);
	frames = xcalloc((size_t)job->nthreads + 1, sizeof(*frames));
	st = explore_job_start(job, s.start_frames, frames);
	free(frames);
	s.start = xmalloc(model_state_packed_size(st));
	if (model_verdict(st)->kind != MODEL_RUNNING) {
		/* it ends before any step: every run is the empty schedule */
		struct schedule none = { 0 };
		struct model_value *shared = xcalloc(tally_key_size(job->m) + 1, sizeof(*shared));
		struct tally_outcome *out;

		tally_key(job->m, st, shared);
		out = tally_find(job->tally, model_verdict(st), shared);
		tally_count(out, o->runs);
		tally_offer(out, &none, 0);
		job->executions = o->runs;
		job->states = 1;
		free(shared);
		model_state_free(st);
		free(s.start);
		free(s.start_frames);
		return;
	}
	model_state_pack(st, s.start);
	model_state_free(st);
	atomic_init(&s.next_run, 0);
	atomic_init(&s.runs_done, 0);
	s.workers = xcalloc((size_t)o->jobs, sizeof(*s.workers));
	for (j = 0; j < o->jobs; j++) {
		struct sample_worker *w = &s.workers[j];

		w->s = &s;
		w->id = j;
		w->st = model_state_new(job->m, o->max_steps);
		w->frames = xcalloc(job->frames_size + 1, 1);
		w->frame_ptrs = xcalloc((size_t)job->nthreads + 1, sizeof(*w->frame_ptrs));
		explore_job_frames(job, w->frames, w->frame_ptrs);
		w->shared = xcalloc(tally_key_size(job->m) + 1, sizeof(*w->shared));
		w->tally = tally_new(job->m);
	}
	for (started = 1; started < o->jobs; started++)
		if (pthread_create(&s.workers[started].thread, NULL, sample_main,
		    &s.workers[started]) != 0)
			break;
	sample_main(&s.workers[0]);
	for (j = 1; j < started; j++)
		pthread_join(s.workers[j].thread, NULL);
	for (j = 0; j < o->jobs; j++) {
		struct sample_worker *w = &s.workers[j];

		job->transitions += w->transitions;
		tally_merge(job->tally, w->tally);
		if (j > 0)
			hashset_merge(&s.workers[0].seen, &w->seen);
	}
	job->states = hashset_count(&s.workers[0].seen);
	job->executions = atomic_load(&s.runs_done);
	for (j = 0; j < o->jobs; j++) {
		struct sample_worker *w = &s.workers[j];

		if (w->longest > (size_t)job->depth)
			job->depth = (int)w->longest;
		tally_free(w->tally);
		schedule_free(&w->schedule);
		hashset_free(&w->seen);
		free(w->shared);
		free(w->frames);
		free(w->frame_ptrs);
		model_state_free(w->st);
	}
	free(s.workers);
	free(s.start);
	free(s.start_frames);
}
