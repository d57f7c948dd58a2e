/* freerun.h - free-run: a scenario on real threads with no baton, many times.
 *
 * The controlled engine shows that a bug *can* happen; free-run shows how
 * often it *does*.  Each run gives each scenario thread a pthread when it
 * starts (at once, or when start() is called, as CPython does); each
 * runs its step program at full speed on real pthread primitives, the
 * shared variables being relaxed atomic words, so `counter += 1` really
 * loses updates.  A watchdog ends a run whose threads are all blocked with
 * no step for the timeout (a deadlock, named as the controlled engine names
 * it); every thread is then released and joined before the next run.
 *
 * The result is a histogram: the distinct outcomes (final shared values,
 * what the run printed, and verdict) with how many runs ended so.  For each failing outcome, the
 * real interleaving of one run is captured (every visible action takes a
 * global sequence number), turned into a schedule and replayed on the
 * controlled engine; the schedule is offered only if the replay gives the
 * same outcome.
 *
 * freerun_run is called from one thread (the command line's, or a UI's
 * worker); it creates and joins its scenario threads itself and leaves no
 * thread behind.  While it runs, nobody else may use the model's string
 * table, which free-run interns into: a UI that keeps drawing a controlled
 * run meanwhile gives free-run a model of its own (model_new on the same
 * program with a fresh struct model_strings).  The progress callback runs
 * on freerun_run's thread; it sees the histogram so far and may stop the
 * runs.  An outcome's schedule, once the free-run is over, is what
 * policy_new(POLICY_REPLAY or POLICY_SCHEDULE, ...) takes to step through
 * the run on the controlled engine.
 */
#ifndef LOCKSTEP_ENGINE_FREERUN_H
#define LOCKSTEP_ENGINE_FREERUN_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "trace/schedule.h"

/* Defaults and limits (documented in lockstep(1)). */
#define FREERUN_DEFAULT_RUNS       1000
#define FREERUN_MAX_RUNS           10000000
#define FREERUN_DEFAULT_TIMEOUT_MS 250
#define FREERUN_MAX_TIMEOUT_MS     3600000
#define FREERUN_DEFAULT_RUN_LIMIT_MS 10000
#define FREERUN_DEFAULT_MAX_STEPS  1000000
/* Replays tried per failing outcome before saying none reproduced it. */
#define FREERUN_CAPTURE_TRIES      3
/* A run of more steps than this is not replayed. */
#define FREERUN_CAPTURE_MAX_STEPS  100000
/* Runs in a row that reach the run limit before free-run stops early:
 * a scenario that runs away once most likely always does. */
#define FREERUN_RUNAWAY_RUNS       3

struct freerun_options {
	int runs;		/* how many runs (>= 1) */
	int timeout_ms;		/* no step for this long, all blocked: deadlock */
	int run_limit_ms;	/* a run this long: no progress (endless loops) */
	int max_steps;		/* steps of one run before "no progress" */
	bool capture;		/* capture and replay failing runs */
};

/* Fill o with the defaults. */
void freerun_options_init(struct freerun_options *o);

enum freerun_capture {
	FREERUN_NOT_CAPTURED,	/* an ok outcome, capture off, or not tried yet */
	FREERUN_REPRODUCED,	/* schedule is a run the controlled replay repeats */
	FREERUN_NOT_REPRODUCED,	/* no replay tried gave this outcome; why says why */
};

/* The limit that cut a run short (its verdict is MODEL_NO_PROGRESS): a
 * run stopped so was not judged, so it is neither a bug nor a pass. */
enum freerun_limit {
	FREERUN_NO_LIMIT,
	FREERUN_STEP_LIMIT,	/* max_steps steps taken, threads still running */
	FREERUN_RUN_LIMIT,	/* run_limit_ms went by, sleeping or looping */
};

/* One distinct way a run ended. */
struct freerun_outcome {
	struct model_value *shared;	/* model_nelements final values */
	char *output;			/* what the run printed (model_output) */
	struct model_verdict verdict;
	enum freerun_limit limit;	/* cut short, not failed: which limit */
	int count;			/* runs that ended so */
	enum freerun_capture capture;
	int tries;			/* replays tried */
	struct schedule schedule;	/* REPRODUCED: the captured run */
	char why[600];			/* NOT_REPRODUCED: what the last replay did */
};

struct freerun_result {
	int runs;			/* runs done */
	int failed;			/* of them, with a verdict other than ok */
	int cut_short;			/* of those, stopped at a limit (not bugs) */
	double seconds;			/* wall-clock time of the runs */
	bool cancelled;			/* the progress callback stopped it */
	bool runaway;			/* stopped early: FREERUN_RUNAWAY_RUNS runs
					 * in a row reached the run limit */
	struct freerun_outcome *outcomes;	/* most frequent first */
	size_t noutcomes;
};

/* Called after every run and about every FREERUN_PROGRESS_MS within a long
 * one, on freerun_run's thread; return false to cancel (a run under way is
 * stopped and not counted). */
#define FREERUN_PROGRESS_MS 100
typedef bool (*freerun_progress_fn)(void *arg, const struct freerun_result *so_far,
    int runs_total);

/* Run m o->runs times.  strings is the table m was made with.  progress
 * may be NULL.  result is initialized here and owned by the caller
 * (freerun_result_free).  False with a message in err if threads could not
 * be created ("cannot create a thread for B: ..."); result then holds the
 * runs done so far. */
bool freerun_run(const struct model *m, struct model_strings *strings,
    const struct freerun_options *o, freerun_progress_fn progress, void *arg,
    struct freerun_result *result, char *err, size_t errsize);
void freerun_result_free(struct freerun_result *r);

/* A failing outcome whose schedule was reproduced, the most frequent such
 * one (one cut short only if no bug was); NULL if none. */
const struct freerun_outcome *freerun_captured(const struct freerun_result *r);
/* How often something seen in k of n runs (n > 0) happens, per run, as a
 * 95% Wilson score interval: *low and *high. */
void freerun_rate_interval(int k, int n, double *low, double *high);
/* Final shared values as the step table shows them: "counter = 1, buf =
 * [1, 2]". */
void freerun_format_shared(const struct model *m, const struct model_value *values,
    char *buf, size_t size);

#endif
