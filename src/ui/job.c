#include "config.h"

#include "ui/job.h"

#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "util/xalloc.h"

static bool
progress(void *arg, const struct freerun_result *so_far, int total)
{
	struct ui_job *job = arg;
	bool go_on;

	pthread_mutex_lock(&job->lock);
	job->runs_done = so_far->runs;
	job->runs_failed = so_far->failed;
	job->runs_total = total;
	go_on = !job->cancel;
	pthread_mutex_unlock(&job->lock);
	return go_on;
}

static void *
run_freerun(void *arg)
{
	struct ui_job *job = arg;
	bool ok = freerun_run(job->model, &job->strings, &job->options, progress, job,
	    &job->result, job->err, sizeof(job->err));

	pthread_mutex_lock(&job->lock);
	job->ok = ok;
	job->done = true;
	pthread_mutex_unlock(&job->lock);
	return NULL;
}

static bool
explore_progress(const struct explore_progress *p, void *arg)
{
	struct ui_job *job = arg;
	bool go_on;

	pthread_mutex_lock(&job->lock);
	job->states = p->states;
	job->executions = p->executions;
	go_on = !job->cancel;
	pthread_mutex_unlock(&job->lock);
	return go_on;
}

static void *
run_explore(void *arg)
{
	struct ui_job *job = arg;

	explore_run(job->model, &job->explore_options, explore_progress, job, &job->explored);
	pthread_mutex_lock(&job->lock);
	job->ok = true;
	job->states = job->explored.states;
	job->executions = job->explored.executions;
	job->done = true;
	pthread_mutex_unlock(&job->lock);
	return NULL;
}

/* A job on a model of its own, its thread started with every signal
 * blocked (signals stay with the UI thread) and on every CPU (the UI
 * thread's engine keeps it on one). */
static struct ui_job *
start(struct ui_job *job, const struct lang_program *prog, void *(*body)(void *))
{
	int err = engine_thread_create(&job->thread, NULL, body, job);

	if (err != 0) {
		model_free(job->model);
		model_strings_free(&job->strings);
		pthread_mutex_destroy(&job->lock);
		free(job);
		return NULL;
	}
	(void)prog;
	return job;
}

static struct ui_job *
new_job(enum ui_job_kind kind, const struct lang_program *prog)
{
	struct ui_job *job = xcalloc(1, sizeof(*job));

	job->kind = kind;
	pthread_mutex_init(&job->lock, NULL);
	job->model = model_new(prog, &job->strings);
	return job;
}

struct ui_job *
ui_job_start_freerun(const struct lang_program *prog, int runs)
{
	struct ui_job *job = new_job(UI_JOB_FREERUN, prog);

	freerun_options_init(&job->options);
	job->options.runs = runs;
	job->runs_total = runs;
	return start(job, prog, run_freerun);
}

struct ui_job *
ui_job_start_explore(const struct lang_program *prog, double seconds)
{
	struct ui_job *job = new_job(UI_JOB_EXPLORE, prog);

	explore_options_init(&job->explore_options);
	job->explore_options.timeout = seconds;
	return start(job, prog, run_explore);
}

bool
ui_job_poll(struct ui_job *job, int *done, int *failed, int *total)
{
	bool finished;

	pthread_mutex_lock(&job->lock);
	*done = job->runs_done;
	*failed = job->runs_failed;
	*total = job->runs_total;
	finished = job->done;
	pthread_mutex_unlock(&job->lock);
	return finished;
}

void
ui_job_cancel(struct ui_job *job)
{
	pthread_mutex_lock(&job->lock);
	job->cancel = true;
	pthread_mutex_unlock(&job->lock);
}

void
ui_job_free(struct ui_job *job)
{
	if (job == NULL)
		return;
	ui_job_cancel(job);
	pthread_join(job->thread, NULL);
	freerun_result_free(&job->result);
	if (job->kind == UI_JOB_EXPLORE)
		explore_result_free(&job->explored);
	model_free(job->model);
	model_strings_free(&job->strings);
	pthread_mutex_destroy(&job->lock);
	free(job);
}
