/* job.h - long work the UI starts in the background: free-run and the
 * explorer, on a thread of its own so the UI never waits on it.
 *
 * The job thread never calls curses and never touches the session: it
 * works on a model of its own (its own string table) and publishes its
 * progress under a mutex; the UI thread polls it on a timer, draws the
 * progress, and may ask it to stop.  When it is done, the result belongs
 * to the UI thread.
 */
#ifndef LOCKSTEP_UI_JOB_H
#define LOCKSTEP_UI_JOB_H

#include <pthread.h>
#include <stdbool.h>

#include "engine/freerun.h"
#include "explore/explore.h"
#include "lang/program.h"

enum ui_job_kind { UI_JOB_FREERUN, UI_JOB_EXPLORE };

struct ui_job {
	enum ui_job_kind kind;
	pthread_t thread;
	pthread_mutex_t lock;
	/* under lock */
	bool done;
	bool cancel;
	int runs_done, runs_failed, runs_total;	/* free-run */
	uint64_t states, executions;		/* explore */
	/* the job's own, then the UI's once done is seen */
	struct model_strings strings;
	struct model *model;
	struct freerun_options options;
	struct freerun_result result;
	struct explore_options explore_options;
	struct explore_result explored;
	bool ok;
	char err[300];
};

/* Start free-running prog in the background; NULL if the thread cannot
 * be created. */
struct ui_job *ui_job_start_freerun(const struct lang_program *prog, int runs);
/* Explore prog in the background (every schedule, bounded by a time). */
struct ui_job *ui_job_start_explore(const struct lang_program *prog, double seconds);
/* Progress so far; true once the job is done (then the result may be read). */
bool ui_job_poll(struct ui_job *job, int *done, int *failed, int *total);
void ui_job_cancel(struct ui_job *job);
/* Wait for the thread (cancelling it if still running) and free it all. */
void ui_job_free(struct ui_job *job);

#endif
