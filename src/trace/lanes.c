/* lanes.c - lane cells and last writes, from the model's states and a
 * trace's steps. */
#include "config.h"

#include "trace/lanes.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

enum trace_hue
trace_thread_hue(int thread)
{
	return (enum trace_hue)(thread % TRACE_HUES);
}

void
trace_lanes_init(struct trace_lanes *l, size_t nthreads)
{
	memset(l, 0, sizeof(*l));
	l->nthreads = nthreads;
}

void
trace_lanes_free(struct trace_lanes *l)
{
	free(l->cells);
	memset(l, 0, sizeof(*l));
}

void
trace_lanes_note(struct trace_lanes *l, size_t row, const struct model_state *st, int runner)
{
	size_t n = l->nthreads, t;
	unsigned char *cells;

	if (row >= l->nrows) {
		l->cells = xgrow(l->cells, &l->cap, (row + 1) * n + 1, 1);
		memset(l->cells + l->nrows * n, 0, (row + 1 - l->nrows) * n);
		l->nrows = row + 1;
	}
	cells = l->cells + row * n;
	for (t = 0; t < n; t++) {
		const struct model_thread *th = model_thread(st, (int)t);
		unsigned char lane = TRACE_LANE_ABSENT;

		if ((int)t == runner)
			lane = TRACE_LANE_RAN;
		else if (th->status == MODEL_T_ALIVE)
			lane = model_enabled(st, (int)t) ? TRACE_LANE_READY : TRACE_LANE_BLOCKED;
		if (th->status == MODEL_T_ALIVE && model_holds_lock(st, (int)t))
			lane |= TRACE_LANE_HOLDS;
		cells[t] = lane;
	}
}

void
trace_lanes_truncate(struct trace_lanes *l, size_t rows)
{
	if (rows < l->nrows)
		l->nrows = rows;
}

unsigned char
trace_lanes_at(const struct trace_lanes *l, size_t row, int t)
{
	return row < l->nrows ? l->cells[row * l->nthreads + (size_t)t] : TRACE_LANE_ABSENT;
}

static void
mark(struct trace_lanes *l, uint32_t step, int thread, size_t first, size_t last)
{
	if (step >= first && step <= last && step - first < l->nrows && thread >= 0 &&
	    (size_t)thread < l->nthreads)
		l->cells[(step - first) * l->nthreads + (size_t)thread] |= TRACE_LANE_RACE;
}

void
trace_lanes_mark_races(struct trace_lanes *l, const struct model_race *races, size_t n,
    size_t first, size_t last)
{
	size_t i;

	for (i = 0; i < n; i++) {
		mark(l, races[i].first_step, races[i].first_thread, first, last);
		mark(l, races[i].second_step, races[i].second_thread, first, last);
	}
}

/* An element's initial value, for one written only once. */
static struct model_value
initial_value(const struct trace *tr, size_t e)
{
	const struct lang_program *prog = tr->prog;
	struct model_value v = { 0 };
	size_t sh;

	for (sh = 0; sh < prog->nshared; sh++) {
		int base = model_element_of(tr->model, (int)sh, 0);
		const struct lang_value *c;

		if (base < 0 || (int)e < base || (int)e >= base + prog->shared[sh].length)
			continue;
		c = &prog->shared[sh].init[(int)e - base];
		v.kind = c->kind == LANG_VAL_INT ? MODEL_INT : c->kind == LANG_VAL_BOOL ?
		    MODEL_BOOL : c->kind == LANG_VAL_STR ? MODEL_STR : MODEL_NONE;
		v.pad = 0;
		v.i = c->i;
	}
	return v;
}

/* A step that changed a list a shared name refers to (target: that name). */
static bool
changes_list(const struct trace_step *st)
{
	return st->target >= 0 && (st->op == LANG_OP_ITEM_STORE ||
	    st->op == LANG_OP_LIST_APPEND || st->op == LANG_OP_LIST_POP ||
	    st->op == LANG_OP_LIST_INSERT || st->op == LANG_OP_LIST_REMOVE);
}

void
trace_last_writes(const struct trace *tr, struct trace_write *w)
{
	size_t nelements = model_nelements(tr->model), e, left = nelements, i;
	bool *second = xcalloc(nelements + 1, sizeof(bool));

	for (e = 0; e < nelements; e++)
		w[e].step = 0;
	for (i = tr->nsteps; i > 0 && left > 0; i--) {
		const struct trace_step *st = &tr->steps[i - 1];

		if (st->op != LANG_OP_STORE && st->op != LANG_OP_STORE_ELEM &&
		    !changes_list(st))
			continue;
		e = (size_t)st->target;
		if (w[e].step == 0) {
			w[e].step = (long)i;
			w[e].thread = st->thread;
			if (changes_list(st)) {	/* the list is the same object */
				w[e].before.kind = MODEL_UNSET;
				second[e] = true;
				left--;
			}
		} else if (!second[e]) {
			w[e].before = st->value;
			second[e] = true;
			left--;
		}
	}
	for (e = 0; e < nelements; e++)
		if (w[e].step != 0 && !second[e])
			w[e].before = initial_value(tr, e);
	free(second);
}
