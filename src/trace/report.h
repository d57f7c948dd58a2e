/* report.h - a trace as text for people (the step table) or as JSON.
 *
 * The step table reads like the bytecode tables of the lectures: one column
 * per thread, one row per step, each cell the action and the value read or
 * written; then the final shared values, the data-race warnings and the
 * verdict.  With more threads than fit 80 columns it becomes a list with a
 * thread column.
 */
#ifndef LOCKSTEP_TRACE_REPORT_H
#define LOCKSTEP_TRACE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "trace/trace.h"

struct report_options {
	bool expand;		/* show each step's micro-operations */
	bool summary;		/* no steps, just counts, state, warnings, verdict */
	int width;		/* columns available (80) */
	const struct lang_tour *tour;	/* the tour run: its captions, or NULL */
};

void report_text(const struct trace *tr, const char *scenario,
    const struct report_options *opt, FILE *out);
void report_json(const struct trace *tr, const char *scenario,
    const struct report_options *opt, FILE *out);

/* "goal: deadlock: reached" (or "not reached"), for a challenge; "" when
 * the program has no goal. */
void report_goal_text(const struct trace *tr, char *buf, size_t size);

/* Pieces the other reports (free-run's) share with these: */
/* Print text from column indent (indent spaces first), wrapped at spaces
 * before column width (a longer word stands alone), its further lines at
 * column indent + hang; then a newline. */
void report_print_wrapped(FILE *out, const char *text, int indent, int hang, int width);
/* "expectation failed: expect counter == 2: counter is 1", "ok",
 * "runtime error: ... (thread A, line 4)" */
void report_verdict_text(const struct lang_program *prog, const struct model_verdict *v,
    char *buf, size_t size);
/* "data race on counter: B reads it at step 2 (line 25) and A writes it at
 * step 3 (line 22), and nothing orders the two" */
void report_race_text(const struct trace *tr, const struct model_race *r, char *buf,
    size_t size);
void report_json_string(FILE *out, const char *s);
/* A run's text under a label, from column indent: "output: a" (or
 * "stderr: ..."), the other lines below the first, or "output: (nothing)":
 * what a program printed, and a Python program's stderr. */
void report_lines(FILE *out, const char *label, const char *text, int indent);
/* {"counter": 1, "buf": [1, 2]}: the shared variables' values. */
void report_json_shared(FILE *out, const struct model *m, const struct model_value *values);
/* {"kind": ..., "message": ..., "thread": ..., "line": ...} */
void report_json_verdict(FILE *out, const struct lang_program *prog,
    const struct model_verdict *v);

#endif
