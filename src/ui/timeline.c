#include "config.h"

#include "ui/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/heap.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A step's few words for its timeline column: "LOAD 0", "STORE 1",
 * "acq m", "wait c", "put 11".  A switch over the methods, not a table:
 * each word is chosen for a column eight wide. */
static const char *
method_word(enum lang_method m)
{
	switch (m) {
	case LANG_M_ACQUIRE: case LANG_M_TRY_ACQUIRE: return "acq";
	case LANG_M_RELEASE: case LANG_M_RELEASE_N: return "rel";
	case LANG_M_LOCKED: return "locked";
	case LANG_M_WAIT: case LANG_M_WAIT_FOR: return "wait";
	case LANG_M_WAIT_REACQUIRE: return "wake";
	case LANG_M_NOTIFY: return "notify";
	case LANG_M_NOTIFY_ALL: return "ntfyall";
	case LANG_M_SET: return "set";
	case LANG_M_CLEAR: return "clear";
	case LANG_M_IS_SET: return "is_set";
	case LANG_M_EVENT_WAIT: case LANG_M_EVENT_BLOCK: return "wait";
	case LANG_M_BARRIER_ARRIVE: return "arrive";
	case LANG_M_BARRIER_PASS: return "pass";
	case LANG_M_BARRIER_ABORT: return "abort";
	case LANG_M_BARRIER_RESET: return "reset";
	case LANG_M_BARRIER_RELEASE: return "release";
	case LANG_M_BARRIER_BROKEN: return "broken";
	case LANG_M_BARRIER_N_WAITING: return "waiting";
	case LANG_M_PUT: case LANG_M_PUT_NOWAIT: return "put";
	case LANG_M_GET: case LANG_M_GET_NOWAIT: return "get";
	case LANG_M_TASK_DONE: return "done";
	case LANG_M_QUEUE_JOIN: return "join";
	case LANG_M_QSIZE: return "qsize";
	case LANG_M_EMPTY: return "empty";
	case LANG_M_FULL: return "full";
	case LANG_M_ACQUIRE_READ: return "acq_r";
	case LANG_M_RELEASE_READ: return "rel_r";
	case LANG_M_ACQUIRE_WRITE: return "acq_w";
	case LANG_M_RELEASE_WRITE: return "rel_w";
	case LANG_M_COUNT: break;
	}
	return "call";
}

/* The label of a step; short_w: the columns it should fit in.  A label
 * is made to fit by giving up words, never by cutting a value short
 * unmarked: LOAD becomes LD and STORE ST, forks[1] f1, a call's primitive
 * goes; a value that still does not fit is cut by the frame, with an
 * ellipsis, so a cut value cannot pass for a whole one. */
static void
timeline_label(const struct ui_session *s, const struct trace_step *ts, int short_w,
    char *buf, size_t size)
{
	char v[200], name[96];

	v[0] = '\0';
	if (ts->has_value)
		model_value_format(&s->strings, &ts->value, v, sizeof(v));
	switch ((enum lang_opcode)ts->op) {
	case LANG_OP_LOAD:
	case LANG_OP_LOAD_ELEM:
		/* a short column gives up the word, never the value */
		snprintf(buf, size, "%s %s", 5 + ui_text_width(v) <= short_w ? "LOAD" : "LD", v);
		return;
	case LANG_OP_STORE:
	case LANG_OP_STORE_ELEM:
		snprintf(buf, size, "%s %s", 6 + ui_text_width(v) <= short_w ? "STORE" : "ST", v);
		return;
	case LANG_OP_CALL:
		if (ts->method == LANG_M_PUT || ts->method == LANG_M_GET) {
			snprintf(buf, size, "%s %s", method_word((enum lang_method)ts->method), v);
			return;
		}
		model_prim_name(s->model, ts->target, name, sizeof(name));
		snprintf(buf, size, "%s %s", method_word((enum lang_method)ts->method), name);
		/* forks[1] is f1 where the column is short */
		if ((int)strlen(buf) > short_w && strchr(name, '[') != NULL)
			snprintf(buf, size, "%s %c%.*s", method_word((enum lang_method)ts->method),
			    name[0], (int)strcspn(strchr(name, '[') + 1, "]"),
			    strchr(name, '[') + 1);
		/* still too long: the method alone (the panes name the primitive) */
		if (ui_text_width(buf) > short_w)
			snprintf(buf, size, "%s", method_word((enum lang_method)ts->method));
		return;
	case LANG_OP_START:
		snprintf(buf, size, "start %s", ui_thread_name(s, ts->target));
		return;
	case LANG_OP_JOIN:
		snprintf(buf, size, "join %s", ui_thread_name(s, ts->target));
		return;
	case LANG_OP_IS_ALIVE:
		snprintf(buf, size, "is_alive %s", ui_thread_name(s, ts->target));
		return;
	case LANG_OP_SLEEP:
		snprintf(buf, size, "sleep");
		return;
	case LANG_OP_PRINT:
		snprintf(buf, size, "print");
		return;
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_ATOMIC_END:
		snprintf(buf, size, "atomic");
		return;
	LANG_CASES_HEAP_OPS
		snprintf(buf, size, "%s %s", model_heap_step_word(ts->op), v);
		return;
	LANG_CASES_LOCAL_OPS
	case LANG_OP_END:
	case LANG_OP_RAISE:
	case LANG_OP_COUNT:
		snprintf(buf, size, "%s", lang_op_name((enum lang_opcode)ts->op));
		return;
	}
}

/* The race a step is in ("a" for the first race found...), or 0. */
static char
race_letter(const struct ui_session *s, long step, int t)
{
	const struct model_state *st = ui_session_state(s);
	size_t i;

	for (i = 0; i < model_nraces(st) && i < 26; i++) {
		const struct model_race *r = model_race(st, i);

		if (((long)r->first_step == step + 1 && r->first_thread == t) ||
		    ((long)r->second_step == step + 1 && r->second_thread == t))
			return (char)('a' + i);
	}
	return 0;
}

/* The timeline's legend on one row, each race's two steps after it (the
 * help shows it too, with s NULL: no races). */
void
ui_timeline_legend(const struct ui_session *s, struct ui_frame *f, int x, int y, int w)
{
	static const struct {
		enum ui_glyph g;
		int times;
		enum ui_role role;
		const char *words;
	} keys[] = {
		{ G_ARROW, 1, UI_PENDING, "next" },
		{ G_HELD, 2, UI_LOCK_HELD, "holds a lock" },
		{ G_SHADE, 2, UI_BLOCKED, "blocked" },
		{ G_RACE, 1, UI_RACE, "race" },
	};
	const struct model_state *st = s != NULL ? ui_session_state(s) : NULL;
	size_t nraces = st != NULL ? model_nraces(st) : 0, i;
	struct strbuf races = { 0 };
	int col = x, k;

	/* the races name themselves: "!a counter B@2/A@3" */
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) - (nraces > 0); i++) {
		for (k = 0; k < keys[i].times; k++)
			ui_frame_set(f, col++, y, ui_glyph(f, keys[i].g), keys[i].role);
		col += 1 + ui_frame_text(f, col + 1, y, x + w - col - 1, UI_DIM,
		    keys[i].words) + 2;
	}
	for (i = 0; i < nraces && i < 26; i++) {
		const struct model_race *r = model_race(st, i);
		char name[96];

		model_element_name(s->model, r->element, name, sizeof(name));
		strbuf_printf(&races, "%s!%c %s %s@%u/%s@%u", i ? "  " : "", (char)('a' + i),
		    name, ui_thread_name(s, r->first_thread), r->first_step,
		    ui_thread_name(s, r->second_thread), r->second_step);
	}
	if (races.len > 0)
		ui_frame_text(f, col, y, x + w - col, UI_RACE, strbuf_str(&races));
	strbuf_free(&races);
}

#define TIMELINE_MIN_STEPS 8

/* Which threads get a lane when not all fit: the selected one, then those
 * whose last step shown is the newest; lane_of[t] is t's row among them
 * (in thread order), or -1. */
static void
pick_lanes(const struct ui_session *s, long start, long end, int shown, int *lane_of)
{
	int n = (int)s->prog->nthreads, t, k = 0;
	long step;

	for (t = 0; t < n; t++)
		lane_of[t] = n <= shown ? 0 : -1;
	if (n > shown) {
		if (shown > 0) {
			lane_of[s->selected] = 0;
			k = 1;
		}
		for (step = end - 1; step >= start && k < shown; step--) {
			int runner = s->trace.steps[step].thread;

			if (lane_of[runner] < 0) {
				lane_of[runner] = 0;
				k++;
			}
		}
		for (t = 0; t < n && k < shown; t++)
			if (lane_of[t] < 0) {
				lane_of[t] = 0;
				k++;
			}
	}
	for (t = 0, k = 0; t < n; t++)
		if (lane_of[t] == 0)
			lane_of[t] = k++;
}

/* The rows the timeline wants: the ruler, a lane per thread (with a row
 * under it for lock-holding and blocked spans when spans is set), the
 * legend. */
int
ui_timeline_rows(int nthreads, bool spans)
{
	return 2 + nthreads * (spans ? 2 : 1);
}

/* A lane per thread, a column group per step labelled with what it did;
 * under each lane (or, short of rows, in it) the spans where the thread
 * held a lock (═) or was blocked (░); the steps of each data race marked
 * with the race's letter; the ruler's step numbers with the newest shown
 * step as the cursor; the legend at the bottom. */
void
ui_timeline_draw(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h)
{
	const struct model_state *st = ui_session_state(s);
	int n = (int)s->prog->nthreads, t, name_w = 1, lanes_w, cw, count, c;
	long end = (long)s->trace.nsteps - s->scroll, start, step;
	bool spans = h >= ui_timeline_rows(n, true);
	int per = spans ? 2 : 1, shown = (h - 2) / per;
	int *lane_of = xcalloc((size_t)n + 1, sizeof(int));
	char label[300];

	for (t = 0; t < n; t++)
		if ((int)strlen(ui_thread_name(s, t)) > name_w)
			name_w = (int)strlen(ui_thread_name(s, t));
	if (name_w > 12)
		name_w = 12;
	lanes_w = w - name_w - 1;
	/* as wide as the widest label shown, but at least the last eight
	 * steps on the screen */
	cw = 5;
	for (step = end - 1; step >= 0 && step >= end - lanes_w / 5; step--) {
		const struct trace_step *ts = &s->trace.steps[step];

		timeline_label(s, ts, 1000, label, sizeof(label));
		if (ui_text_width(label) + 2 > cw)
			cw = ui_text_width(label) + 2;
	}
	if (cw > lanes_w / TIMELINE_MIN_STEPS)
		cw = lanes_w / TIMELINE_MIN_STEPS;
	if (cw > 14)
		cw = 14;
	if (cw < 3)
		cw = 3;
	count = (lanes_w - 2) / cw;
	start = end - count > 0 ? end - count : 0;
	/* the ruler: each step's number; the newest shown is the cursor */
	for (step = start, c = 0; step < end; step++, c++) {
		snprintf(label, sizeof(label), "%ld", step + 1);
		ui_frame_text(f, x + name_w + 1 + c * cw, y, cw - 1, step == end - 1 ?
		    UI_SELECTED : UI_DIM, label);
	}
	if (start > 0 && name_w >= 4)
		ui_frame_text(f, x, y, name_w, UI_DIM, "step");
	if (shown < n)
		shown = (h - 3) / per;	/* a row for the note of the others */
	pick_lanes(s, start, end, shown, lane_of);
	for (t = 0; t < n; t++) {
		int ly = y + 1 + lane_of[t] * per, sy = spans ? ly + 1 : ly;

		if (lane_of[t] < 0)
			continue;

		ui_frame_text(f, x, ly, name_w, t == s->selected ? UI_SELECTED : ui_thread_role(t),
		    ui_thread_name(s, t));
		for (step = start, c = 0; step < end; step++, c++) {
			unsigned char lane = ui_session_lane(s, (size_t)step, t);
			int cx = x + name_w + 1 + c * cw, k;
			enum trace_lane kind = (enum trace_lane)(lane & TRACE_LANE_KIND);

			if (kind == TRACE_LANE_RAN) {
				char race = race_letter(s, step, t);

				timeline_label(s, &s->trace.steps[step], cw - (race ? 2 : 1), label,
				    sizeof(label));
				/* a label too long for its column ends in an ellipsis, as
				 * cut text does everywhere (the value it hides is in the
				 * step table and the status line) */
				ui_frame_text(f, cx, ly, cw - (race ? 2 : 1), race ? UI_RACE :
				    ui_thread_role(t), label);
				if (race) {
					ui_frame_set(f, cx + cw - 2, ly, L'!', UI_RACE);
					ui_frame_set(f, cx + cw - 1, ly, (wchar_t)race, UI_RACE);
				}
			}
			/* spans: blocked, or holding a lock, under the lane (or in it,
			 * where the thread did not run) */
			for (k = 0; k < cw; k++) {
				if (kind == TRACE_LANE_BLOCKED && (spans || k < cw - 1))
					ui_frame_set(f, cx + k, sy, ui_glyph(f, G_SHADE), UI_BLOCKED);
				else if ((lane & TRACE_LANE_HOLDS) && (spans || kind != TRACE_LANE_RAN))
					ui_frame_set(f, cx + k, sy, ui_glyph(f, G_HELD), UI_LOCK_HELD);
			}
		}
		/* now: where each thread stands */
		if (s->scroll == 0 && model_thread(st, t)->status == MODEL_T_ALIVE)
			ui_frame_set(f, x + name_w + 1 + c * cw, ly, model_enabled(st, t) ?
			    ui_glyph(f, G_ARROW) : ui_glyph(f, G_SHADE),
			    model_enabled(st, t) ? UI_PENDING : UI_BLOCKED);
	}
	if (shown < n)
		ui_frame_printf(f, x, y + 1 + shown * per, w, UI_DIM, "%d more threads: the "
		    "selected one and those that stepped last are shown", n - shown);
	free(lane_of);
	ui_timeline_legend(s, f, x, y + h - 1, w);
}

void
ui_table_draw(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h)
{
	int n = (int)s->prog->nthreads, t, col_w = (w - 6) / (n > 0 ? n : 1);
	long end = (long)s->trace.nsteps - s->scroll, step;
	long start = end - (h - 1) > 0 ? end - (h - 1) : 0;
	char label[400];

	if (col_w < 6)
		col_w = 6;
	ui_frame_text(f, x, y, 5, UI_DIM, "step");
	for (t = 0; t < n; t++)
		ui_frame_text(f, x + 6 + t * col_w, y, col_w - 1, ui_thread_role(t),
		    ui_thread_name(s, t));
	for (step = start; step < end; step++) {
		const struct trace_step *ts = &s->trace.steps[step];
		int row = y + 1 + (int)(step - start);

		ui_frame_printf(f, x, row, 5, UI_DIM, "%4ld", step + 1);
		trace_step_label(&s->trace, ts, label, sizeof(label));
		ui_frame_text(f, x + 6 + ts->thread * col_w, row, col_w - 1,
		    (ui_session_lane(s, (size_t)step, ts->thread) & TRACE_LANE_RACE) ?
		    UI_RACE : UI_NORMAL, label);
	}
}
