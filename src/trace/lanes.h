/* lanes.h - how each thread stood at each step of a run, and who wrote
 * each shared element last: what the timeline, the picture and the side
 * panel draw.
 *
 * A lane cell is one thread at one step: it took the step, could have
 * taken it, or was blocked (or had not started, or had finished), with
 * flags for "holds a lock" and "this step's access races".  The UI fills
 * its lanes as it steps; the picture fills them while replaying a trace
 * on the model.  Both call trace_lanes_note with the state just before the
 * step, so the two cannot disagree on what a lane means.
 */
#ifndef LOCKSTEP_TRACE_LANES_H
#define LOCKSTEP_TRACE_LANES_H

#include <stddef.h>

#include "model/model.h"
#include "trace/trace.h"

/* A cell is a kind in its low bits and flags above them. */
enum trace_lane {
	TRACE_LANE_ABSENT,		/* not started, or finished */
	TRACE_LANE_RAN,			/* took this step */
	TRACE_LANE_READY,		/* could have */
	TRACE_LANE_BLOCKED,
};
enum trace_lane_flag {
	TRACE_LANE_KIND = 0x0f,		/* the mask of the kind */
	TRACE_LANE_HOLDS = 0x10,	/* holds a lock */
	TRACE_LANE_RACE = 0x20,		/* this step's access races */
};

/* A thread's colour in every view: each view (the TUI's theme, a
 * recording's escape codes, the picture's palettes) says how a hue looks,
 * and all of them give thread t the same hue. */
enum trace_hue {
	TRACE_HUE_CYAN, TRACE_HUE_MAGENTA, TRACE_HUE_YELLOW, TRACE_HUE_GREEN,
	TRACE_HUE_BLUE, TRACE_HUE_RED,
};
#define TRACE_HUES 6

enum trace_hue trace_thread_hue(int thread);

/* Rows of lane cells, one row a step, nthreads cells a row.  Zeroed is
 * empty; trace_lanes_free frees it. */
struct trace_lanes {
	unsigned char *cells;
	size_t nthreads, nrows, cap;
};

void trace_lanes_init(struct trace_lanes *l, size_t nthreads);
void trace_lanes_free(struct trace_lanes *l);
/* Note row `row` (growing the rows to reach it) from st, the state just
 * before the step: runner takes the step (-1: none, the row after the
 * last step). */
void trace_lanes_note(struct trace_lanes *l, size_t row, const struct model_state *st,
    int runner);
/* Drop the rows from `rows` on (the steps undone). */
void trace_lanes_truncate(struct trace_lanes *l, size_t rows);
unsigned char trace_lanes_at(const struct trace_lanes *l, size_t row, int t);
/* Flag the accesses of races[0..n) whose steps (1-based) lie in
 * first..last; row 0 is step `first`. */
void trace_lanes_mark_races(struct trace_lanes *l, const struct model_race *races, size_t n,
    size_t first, size_t last);

/* The last write of a shared element and what it held before. */
struct trace_write {
	long step;			/* 1-based, 0 if never written */
	int thread;
	struct model_value before;	/* MODEL_UNSET: a list changed in place */
};

/* The last write of each of the model's elements in tr's steps: w has
 * model_nelements(tr->model) entries. */
void trace_last_writes(const struct trace *tr, struct trace_write *w);

#endif
