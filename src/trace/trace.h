/* trace.h - a recorded run: its schedule, its steps, how it ended.
 *
 * A trace is what every view of a run reads: the step table of `lockstep
 * run`, its JSON, the saved trace file that `lockstep replay` re-runs, and
 * later the terminal UI's timeline.  It owns copies of everything; the
 * program it describes must outlive it.
 */
#ifndef LOCKSTEP_TRACE_TRACE_H
#define LOCKSTEP_TRACE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "trace/schedule.h"

/* Steps kept in memory for the table and the trace file; a longer run is
 * still run to its end and counted (documented in lockstep(1)). */
#define TRACE_MAX_STEPS 1000000
/* The most of a program's stderr text a trace keeps. */
#define TRACE_ERRORS_MAX 16384

struct trace_step {
	int thread;
	int choice;
	int32_t pc, op, method;
	int32_t func;		/* pc is in this function's code, or -1: the thread's */
	int target;
	int line;
	struct model_value value;
	bool has_value;
	char *woken;		/* "B, C" for notify, or NULL */
	char *output;		/* print() output, or NULL */
	char *name;		/* a step on a list or tuple: what names it, or NULL */
	bool timed_out;		/* a timed call or join that gave up */
};

struct trace {
	const struct lang_program *prog;
	const struct model *model;
	char *policy;		/* "rr", "random", "schedule" ... */
	uint64_t seed;
	int max_steps;
	struct schedule schedule;
	struct trace_step *steps;	/* NULL when only counting (--summary) */
	size_t nsteps, cap;
	bool keep_steps;
	bool truncated;		/* more than TRACE_MAX_STEPS steps: the rest not kept */
	/* at the end */
	struct model_verdict verdict;
	struct model_race *races;
	size_t nraces;
	struct model_value *final;	/* model_nelements values */
	char *errors;		/* a Python program's stderr text: the reports of
				 * its uncaught exceptions (model_stderr), or NULL */
	char *output;		/* what the run printed (model_output) */
};

void trace_init(struct trace *tr, const struct model *m, const char *policy,
    uint64_t seed, int max_steps, bool keep_steps);
void trace_record(struct trace *tr, int choice, const struct model_step_info *info);
/* Copy the verdict, races, final values, output and stderr text out of
 * the last state. */
void trace_finish(struct trace *tr, const struct model_state *st);
void trace_free(struct trace *tr);

/* A step as the table shows it: "LOAD counter -> 0", "m.acquire()". */
void trace_step_label(const struct trace *tr, const struct trace_step *s,
    char *buf, size_t size);
/* The verdict's kind in words: "ok", "expectation failed", "deadlock" ... */
const char *trace_verdict_name(enum model_verdict_kind kind);

#endif
