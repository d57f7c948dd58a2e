#include "config.h"

#include "ui/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "explore/report.h"
#include "ui/job.h"
#include "ui/keys.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define SIDE_MIN 26
#define PANE_MIN 16

static enum ui_role
thread_role(int t)
{
	return (enum ui_role)(UI_THREAD + t % UI_THREAD_COLOURS);
}

static const char *
thread_name(const struct ui_session *s, int t)
{
	return s->prog->threads[t].name;
}

/* ---- the shared values: last write and the value before it ---- */

struct write_info {
	long step;			/* 1-based, 0 if never written */
	int thread;
	struct model_value before;
};

static void
last_writes(const struct ui_session *s, struct write_info *w, size_t nelements)
{
	const struct lang_program *prog = s->prog;
	size_t e, left = nelements, i;
	bool *second = xcalloc(nelements + 1, sizeof(bool));

	for (e = 0; e < nelements; e++)
		w[e].step = 0;
	for (i = s->trace.nsteps; i > 0 && left > 0; i--) {
		const struct trace_step *st = &s->trace.steps[i - 1];

		if (st->op != LANG_OP_STORE && st->op != LANG_OP_STORE_ELEM)
			continue;
		e = (size_t)st->target;
		if (w[e].step == 0) {
			w[e].step = (long)i;
			w[e].thread = st->thread;
		} else if (!second[e]) {
			w[e].before = st->value;
			second[e] = true;
			left--;
		}
	}
	/* written once: the value before is the initial one */
	for (e = 0; e < nelements; e++) {
		size_t sh;

		if (w[e].step == 0 || second[e])
			continue;
		for (sh = 0; sh < prog->nshared; sh++) {
			int base = model_element_of(s->model, (int)sh, 0);
			const struct lang_value *c;

			if (base < 0 || (int)e < base || (int)e >= base + prog->shared[sh].length)
				continue;
			c = &prog->shared[sh].init[(int)e - base];
			w[e].before.kind = c->kind == LANG_VAL_INT ? MODEL_INT :
			    c->kind == LANG_VAL_BOOL ? MODEL_BOOL :
			    c->kind == LANG_VAL_STR ? MODEL_STR : MODEL_NONE;
			w[e].before.pad = 0;
			w[e].before.i = c->i;
		}
	}
	free(second);
}

static void
value_text(const struct ui_session *s, const struct model_value *v, char *buf, size_t size)
{
	model_value_format(&s->strings, v, buf, size);
}

/* Threads blocked on primitive p, for "waits: B, C". */
static void
waiters_of(const struct ui_session *s, int p, struct strbuf *out)
{
	const struct model_state *st = ui_session_state(s);
	size_t t;
	bool any = false;

	for (t = 0; t < s->prog->nthreads; t++) {
		const struct model_thread *th = model_thread(st, (int)t);

		if (th->status == MODEL_T_ALIVE && th->pending.op == LANG_OP_CALL &&
		    th->pending.target == p && !model_enabled(st, (int)t)) {
			strbuf_printf(out, "%s%s", any ? ", " : "  waits: ", thread_name(s, (int)t));
			any = true;
		}
	}
}

static void
prim_text(const struct ui_session *s, int p, struct strbuf *out)
{
	const struct model_state *st = ui_session_state(s);
	const struct model_prim *prim = model_prim(st, p);
	char name[96], v[300];
	int i;
	size_t t;

	model_prim_name(s->model, p, name, sizeof(name));
	strbuf_printf(out, "%s: ", name);
	switch ((enum lang_prim_type)prim->type) {
	case LANG_PRIM_LOCK:
	case LANG_PRIM_RLOCK:
		if (prim->owner < 0)
			strbuf_puts(out, "free");
		else if (prim->type == LANG_PRIM_RLOCK && prim->depth > 1)
			strbuf_printf(out, "%s (depth %d)", thread_name(s, prim->owner), prim->depth);
		else
			strbuf_puts(out, thread_name(s, prim->owner));
		break;
	case LANG_PRIM_SEMAPHORE:
	case LANG_PRIM_BSEMAPHORE:
		strbuf_printf(out, "%lld", (long long)prim->count);
		if (prim->type == LANG_PRIM_BSEMAPHORE)
			strbuf_printf(out, " of %lld", (long long)prim->limit);
		break;
	case LANG_PRIM_CONDITION: {
		const struct model_prim *lock = model_prim(st, prim->lock);
		bool any = false;

		if (prim->lock == p)
			strbuf_puts(out, lock->owner < 0 ? "free" : thread_name(s, lock->owner));
		else
			strbuf_puts(out, "lock");
		for (t = 0; t < s->prog->nthreads; t++)
			if (((prim->waiting | prim->notified) >> t) & 1) {
				strbuf_printf(out, "%s%s%s", any ? ", " : "  sleeping: ",
				    thread_name(s, (int)t), ((prim->notified >> t) & 1) ?
				    " (woken)" : "");
				any = true;
			}
		break;
	}
	case LANG_PRIM_EVENT:
		strbuf_puts(out, prim->flag ? "set" : "clear");
		break;
	case LANG_PRIM_BARRIER:
		strbuf_printf(out, "%lld of %lld arrived", (long long)prim->count,
		    (long long)prim->limit);
		break;
	case LANG_PRIM_QUEUE:
		strbuf_puts(out, "[");
		for (i = 0; i < prim->count; i++) {
			value_text(s, model_queue_item(st, p, i), v, sizeof(v));
			strbuf_printf(out, "%s%s", i ? ", " : "", v);
		}
		strbuf_puts(out, "]");
		if (prim->limit > 0)
			strbuf_printf(out, " %lld/%lld", (long long)prim->count,
			    (long long)prim->limit);
		break;
	case LANG_PRIM_RWLOCK:
		if (prim->owner >= 0) {
			strbuf_printf(out, "writer %s", thread_name(s, prim->owner));
		} else if (prim->readers != 0) {
			bool any = false;

			for (t = 0; t < s->prog->nthreads; t++)
				if ((prim->readers >> t) & 1) {
					strbuf_printf(out, "%s%s", any ? ", " : "readers ",
					    thread_name(s, (int)t));
					any = true;
				}
		} else {
			strbuf_puts(out, "free");
		}
		break;
	default:
		break;
	}
	waiters_of(s, p, out);
}

static bool
lock_like(const struct model_prim *p)
{
	return p->type == LANG_PRIM_LOCK || p->type == LANG_PRIM_RLOCK ||
	    p->type == LANG_PRIM_RWLOCK;
}

static void
draw_side(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h)
{
	const struct model_state *st = ui_session_state(s);
	const struct lang_program *prog = s->prog;
	size_t ne = model_nelements(s->model), sh, p;
	struct write_info *writes = xcalloc(ne + 1, sizeof(*writes));
	int row = y, k;
	char v[300], before[300];
	long last = (long)s->trace.nsteps;

	last_writes(s, writes, ne);
	ui_frame_text(f, x, row++, w, UI_TITLE, "shared");
	for (sh = 0; sh < prog->nshared && row < y + h; sh++) {
		const struct lang_shared *var = &prog->shared[sh];
		int base = model_element_of(s->model, (int)sh, 0);
		struct strbuf line = { 0 };
		int newest = -1;

		if (base < 0)
			continue;
		if (var->kind == LANG_SHARED_SCALAR) {
			value_text(s, model_element_value(st, base), v, sizeof(v));
			strbuf_printf(&line, "%s = %s", var->name, v);
			newest = base;
		} else {
			strbuf_printf(&line, "%s = [", var->name);
			for (k = 0; k < var->length; k++) {
				value_text(s, model_element_value(st, base + k), v, sizeof(v));
				strbuf_printf(&line, "%s%s", k ? ", " : "", v);
				if (writes[base + k].step > 0 && (newest < 0 ||
				    writes[base + k].step > writes[newest].step))
					newest = base + k;
			}
			strbuf_puts(&line, "]");
		}
		ui_frame_text(f, x, row, w, writes[newest >= 0 ? newest : base].step == last &&
		    last > 0 ? UI_CHANGED : UI_NORMAL, strbuf_str(&line));
		row++;
		if (newest >= 0 && writes[newest].step > 0 && row < y + h) {
			char name[96];

			value_text(s, &writes[newest].before, before, sizeof(before));
			model_element_name(s->model, newest, name, sizeof(name));
			if (var->kind == LANG_SHARED_SCALAR)
				ui_frame_printf(f, x + 2, row++, w - 2, UI_DIM, "was %s, %s@%ld",
				    before, thread_name(s, writes[newest].thread),
				    writes[newest].step);
			else
				ui_frame_printf(f, x + 2, row++, w - 2, UI_DIM, "%s was %s, %s@%ld",
				    name, before, thread_name(s, writes[newest].thread),
				    writes[newest].step);
		}
		strbuf_free(&line);
	}
	free(writes);
	if (model_nprims(s->model) > 0 && row + 1 < y + h) {
		row++;
		ui_frame_text(f, x, row++, w, UI_TITLE, "primitives");
	}
	for (p = 0; p < model_nprims(s->model) && row < y + h; p++) {
		struct strbuf line = { 0 };
		const struct model_prim *prim = model_prim(st, (int)p);

		prim_text(s, (int)p, &line);
		ui_frame_text(f, x, row++, w, lock_like(prim) && prim->owner >= 0 ?
		    UI_LOCK_HELD : UI_NORMAL, strbuf_str(&line));
		strbuf_free(&line);
	}
}

/* ---- thread panes ---- */

static void
thread_state(const struct ui_session *s, int t, char *buf, size_t size, enum ui_role *role)
{
	const struct model_state *st = ui_session_state(s);
	const struct model_thread *th = model_thread(st, t);
	char why[300];

	*role = UI_NORMAL;
	switch (th->status) {
	case MODEL_T_NEW:
		snprintf(buf, size, "not started");
		*role = UI_DIM;
		return;
	case MODEL_T_FINISHED:
		snprintf(buf, size, "finished");
		*role = UI_FINISHED;
		return;
	case MODEL_T_STOPPED:
		snprintf(buf, size, "stopped (daemon)");
		*role = UI_FINISHED;
		return;
	default:
		break;
	}
	if (model_enabled(st, t)) {
		snprintf(buf, size, "runnable");
		return;
	}
	model_blocked_reason(st, t, why, sizeof(why));
	snprintf(buf, size, "blocked: %s", why[0] ? why : "waiting");
	*role = UI_BLOCKED;
}

/* The micro-operations of source line `line` in t's code, with the index
 * of the pending one marked. */
static void
draw_micro_ops(const struct ui_session *s, struct ui_frame *f, int t, int line, int x,
    int *row, int w, int bottom, int pending_pc)
{
	const struct lang_program *prog = s->prog;
	const struct lang_code *code = &prog->groups[prog->threads[t].group].code;
	size_t i;
	char text[128];

	for (i = 0; i < code->count && *row < bottom; i++) {
		const struct lang_insn *in = &code->insns[i];
		bool here = (int)i == pending_pc;

		if ((int)in->loc.line != line || in->op == LANG_OP_END)
			continue;
		lang_insn_format(prog, code, in, text, sizeof(text));
		if (here)
			ui_frame_set(f, x + 2, *row, ui_glyph(f, G_ARROW), UI_PENDING);
		ui_frame_text(f, x + 4, *row, w - 4, here ? UI_PENDING :
		    lang_op_is_visible(in->op) ? UI_NORMAL : UI_DIM, text);
		(*row)++;
	}
}

static void
draw_locals(const struct ui_session *s, struct ui_frame *f, int t, int x, int y, int w)
{
	const struct lang_program *prog = s->prog;
	const struct lang_code *code = &prog->groups[prog->threads[t].group].code;
	const struct model_frame *frame = engine_frame(s->engine, t);
	const struct model_thread *th = model_thread(ui_session_state(s), t);
	struct strbuf line = { 0 };
	char v[300];
	int i;

	if (frame == NULL || th->status != MODEL_T_ALIVE)
		return;
	for (i = 0; i < code->nlocals; i++) {
		const struct model_value *val;

		if (code->local_names[i][0] == '$')
			continue;
		val = model_frame_local(s->model, t, frame, i);
		if (val->kind == MODEL_UNSET)
			continue;
		value_text(s, val, v, sizeof(v));
		strbuf_printf(&line, "%s%s = %s", line.len ? ", " : "", code->local_names[i], v);
	}
	if (line.len > 0)
		ui_frame_text(f, x, y, w, UI_DIM, strbuf_str(&line));
	strbuf_free(&line);
}

static void
draw_thread(const struct ui_session *s, struct ui_frame *f, int t, int x, int y, int w, int h)
{
	const struct lang_program *prog = s->prog;
	const struct lang_group *g = &prog->groups[prog->threads[t].group];
	const struct model_thread *th = model_thread(ui_session_state(s), t);
	const struct model_frame *frame = engine_frame(s->engine, t);
	int pending_line = th->status == MODEL_T_ALIVE ? th->pending.line : 0;
	int pending_pc = frame != NULL && th->status == MODEL_T_ALIVE ?
	    model_frame_pc(frame) : -1;
	int row = y + 1, bottom = y + h - 1, first, indent = -1, n;
	unsigned line;
	char state[320], label[32];
	enum ui_role role;

	snprintf(label, sizeof(label), "%d", t + 1);
	if (t < 9)
		ui_frame_text(f, x, y, 2, UI_KEY, label);
	n = ui_frame_text(f, x + 2, y, w - 2, t == s->selected ? UI_SELECTED : thread_role(t),
	    thread_name(s, t));
	thread_state(s, t, state, sizeof(state), &role);
	if (role == UI_BLOCKED && h > 4) {
		/* "blocked" beside the name, why on a row of its own */
		ui_frame_text(f, x + 3 + n, y, w - 3 - n, role, "blocked");
		ui_frame_text(f, x + 2, row++, w - 2, role, state + strlen("blocked: "));
	} else {
		ui_frame_text(f, x + 3 + n, y, w - 3 - n, role, state);
	}
	/* the block's source, scrolled so the pending line shows */
	first = (int)g->first_line + 1;
	if (pending_line > 0 && pending_line - first >= bottom - row - (s->expand ? 4 : 1))
		first = pending_line - (bottom - row) / 2;
	for (line = (unsigned)first; line <= g->last_line; line++) {
		size_t len, i;
		const char *text = lang_source_line(prog->source, line, &len);

		if (text == NULL)
			break;
		for (i = 0; i < len && text[i] == ' '; i++)
			;
		if (i == len)
			continue;		/* blank */
		if (indent < 0 || (int)i < indent)
			indent = (int)i;
	}
	for (line = (unsigned)first; line <= g->last_line && row < bottom; line++) {
		size_t len;
		const char *text = lang_source_line(prog->source, line, &len);
		char buf[512];
		bool here = (int)line == pending_line;
		int skip = indent > 0 ? indent : 0;

		if (text == NULL)
			break;
		if ((int)len < skip)
			skip = (int)len;
		snprintf(buf, sizeof(buf), "%.*s", (int)len - skip, text + skip);
		if (here && !s->expand)
			ui_frame_set(f, x, row, ui_glyph(f, G_ARROW), UI_PENDING);
		ui_frame_text(f, x + 2, row, w - 2, here ? UI_PENDING : UI_NORMAL, buf);
		row++;
		if (here && s->expand)
			draw_micro_ops(s, f, t, (int)line, x, &row, w, bottom, pending_pc);
	}
	draw_locals(s, f, t, x, y + h - 1, w);
}

/* ---- timeline and table ---- */

static void
draw_timeline(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h)
{
	int n = (int)s->prog->nthreads, t, name_w = 1, lanes_w, c;
	long end = (long)s->trace.nsteps - s->scroll, start;
	const struct model_state *st = ui_session_state(s);

	for (t = 0; t < n; t++)
		if ((int)strlen(thread_name(s, t)) > name_w)
			name_w = (int)strlen(thread_name(s, t));
	if (name_w > 12)
		name_w = 12;
	lanes_w = w - name_w - 2;
	start = end - (lanes_w - 1) > 0 ? end - (lanes_w - 1) : 0;
	for (t = 0; t < n && t < h - 1; t++) {
		long step;

		ui_frame_text(f, x, y + t, name_w, thread_role(t), thread_name(s, t));
		for (step = start, c = 0; step < end; step++, c++) {
			unsigned char lane = ui_session_lane(s, (size_t)step, t);
			wchar_t ch = L' ';
			enum ui_role role = UI_DIM;

			switch (lane & UI_LANE_KIND) {
			case UI_LANE_RAN:
				ch = ui_glyph(f, (lane & UI_LANE_RACE) ? G_RACE : G_RAN);
				role = (lane & UI_LANE_RACE) ? UI_RACE : thread_role(t);
				break;
			case UI_LANE_READY:
				ch = ui_glyph(f, (lane & UI_LANE_HOLDS) ? G_HELD : G_READY);
				role = (lane & UI_LANE_HOLDS) ? UI_LOCK_HELD : UI_DIM;
				break;
			case UI_LANE_BLOCKED:
				ch = ui_glyph(f, (lane & UI_LANE_HOLDS) ? G_HELD : G_BLOCKED);
				role = UI_BLOCKED;
				break;
			default:
				break;
			}
			ui_frame_set(f, x + name_w + 1 + c, y + t, ch, role);
		}
		/* now: where each thread stands */
		if (s->scroll == 0 && model_thread(st, t)->status == MODEL_T_ALIVE)
			ui_frame_set(f, x + name_w + 1 + c, y + t, model_enabled(st, t) ?
			    ui_glyph(f, G_ARROW) : ui_glyph(f, G_BLOCKED),
			    model_enabled(st, t) ? UI_PENDING : UI_BLOCKED);
	}
	/* the ruler: a step number every ten */
	if (t < h) {
		long step;

		for (step = start; step < end; step++)
			if ((step + 1) % 10 == 0) {
				char num[24];
				int col = x + name_w + 1 + (int)(step - start);

				snprintf(num, sizeof(num), "%ld", step + 1);
				if (col + (int)strlen(num) <= x + w)
					ui_frame_text(f, col, y + t, (int)strlen(num), UI_DIM, num);
			}
	}
}

static void
draw_table(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h)
{
	int n = (int)s->prog->nthreads, t, col_w = (w - 6) / (n > 0 ? n : 1);
	long end = (long)s->trace.nsteps - s->scroll, step;
	long start = end - (h - 1) > 0 ? end - (h - 1) : 0;
	char label[400];

	if (col_w < 6)
		col_w = 6;
	ui_frame_text(f, x, y, 5, UI_DIM, "step");
	for (t = 0; t < n; t++)
		ui_frame_text(f, x + 6 + t * col_w, y, col_w - 1, thread_role(t),
		    thread_name(s, t));
	for (step = start; step < end; step++) {
		const struct trace_step *ts = &s->trace.steps[step];
		int row = y + 1 + (int)(step - start);

		ui_frame_printf(f, x, row, 5, UI_DIM, "%4ld", step + 1);
		trace_step_label(&s->trace, ts, label, sizeof(label));
		ui_frame_text(f, x + 6 + ts->thread * col_w, row, col_w - 1,
		    (ui_session_lane(s, (size_t)step, ts->thread) & UI_LANE_RACE) ?
		    UI_RACE : UI_NORMAL, label);
	}
}

/* ---- the status line ---- */

static const char *
verdict_tag(const struct ui_session *s, const struct model_verdict *v, bool races)
{
	switch (v->kind) {
	case MODEL_OK: return races ? "OK, BUT RACY" : "OK";
	case MODEL_EXPECT_FAILED: return races ? "RACE" : "FAILED";
	case MODEL_ASSERT_FAILED: return "ASSERTION";
	case MODEL_DEADLOCK: return "DEADLOCK";
	case MODEL_RUNTIME_ERROR: return "ERROR";
	case MODEL_NO_PROGRESS: return "NO PROGRESS";
	default: return races ? "RACE" : "";
	}
	(void)s;
}

static void
draw_status(const struct ui_session *s, struct ui_frame *f, int x, int y, int w)
{
	const struct model_state *st = ui_session_state(s);
	const struct model_verdict *v = model_verdict(st);
	bool races = model_nraces(st) > 0;
	const char *tag = verdict_tag(s, v, races);
	const char *hints = s->playing ? "space pause  ? help" :
	    "1-9 step  space play  u undo  ? help";
	char text[700];
	enum ui_role role = UI_NORMAL;
	int n = 0, hint_w;

	text[0] = '\0';
	if (s->message[0] != '\0') {
		snprintf(text, sizeof(text), "%s", s->message);
		role = s->message_is_error ? UI_BAD : UI_NORMAL;
		tag = "";
	} else if (v->kind != MODEL_RUNNING && v->kind != MODEL_OK) {
		snprintf(text, sizeof(text), "%s", v->message);
	} else if (races) {
		const struct model_race *r = model_race(st, 0);
		char name[96];

		model_element_name(s->model, r->element, name, sizeof(name));
		snprintf(text, sizeof(text), "on %s: %s %s at step %u, %s %s at step %u",
		    name, thread_name(s, r->first_thread), r->first_is_write ? "writes" :
		    "reads", r->first_step, thread_name(s, r->second_thread),
		    r->second_is_write ? "writes" : "reads", r->second_step);
	} else if (v->kind == MODEL_OK) {
		snprintf(text, sizeof(text), "%s", v->message);
	} else if (s->trace.nsteps == 0) {
		snprintf(text, sizeof(text), "the run is at its start");
		role = UI_DIM;
	}
	if ((int)(strlen(tag) + strlen(text) + strlen(hints)) + 4 > w)
		hints = "? help";
	hint_w = (int)strlen(hints);
	if (tag[0] != '\0')
		n = ui_frame_text(f, x, y, w - hint_w - 2, v->kind == MODEL_OK && !races ?
		    UI_OK : v->kind == MODEL_RUNNING ? UI_RACE : UI_BAD, tag) + 2;
	ui_frame_text(f, x + n, y, w - hint_w - 2 - n, role, text);
	ui_frame_text(f, x + w - hint_w, y, hint_w, UI_KEY, hints);
}

/* ---- overlays ---- */

static void
centred_box(struct ui_frame *f, int w, int h, const char *title, int *x, int *y)
{
	int i;

	if (w > f->width - 2)
		w = f->width - 2;
	if (h > f->height - 2)
		h = f->height - 2;
	*x = (f->width - w) / 2;
	*y = (f->height - h) / 2;
	for (i = 0; i < h; i++) {
		int j;

		for (j = 0; j < w; j++)
			ui_frame_set(f, *x + j, *y + i, L' ', UI_NORMAL);
	}
	ui_frame_box(f, *x, *y, w, h, title);
}

/* The key table in a box: one column with a margin when it fits, one
 * column edge to edge on a short screen, two columns on a shorter one. */
static void
draw_help(struct ui_frame *f)
{
	int n = UI_ACTION_COUNT, w = f->width - 4 < 64 ? f->width - 4 : 64;
	int margin = n + 4 <= f->height ? 1 : 0, cols = n + 2 <= f->height ? 1 : 2;
	int per_col = (n + cols - 1) / cols, h = per_col + 2 + 2 * margin;
	int x, y, a, col_w, i, key_w = 0;

	if (cols == 2)
		w = f->width - 2;
	col_w = (w - 2) / cols;
	for (a = 0; a < n; a++) {
		int len = (int)strlen(ui_action_info((enum ui_action)a)->keys);

		key_w = len > key_w ? len : key_w;
	}
	x = (f->width - w) / 2;
	y = (f->height - h) / 2;
	for (i = 0; i < h; i++) {
		int j;

		for (j = 0; j < w; j++)
			ui_frame_set(f, x + j, y + i, L' ', UI_NORMAL);
	}
	ui_frame_box(f, x, y, w, h, "keys");
	for (a = 0; a < n; a++) {
		const struct ui_action_info *info = ui_action_info((enum ui_action)a);
		int cx = x + 2 + (a / per_col) * col_w, cy = y + 1 + margin + a % per_col;

		int help_w = col_w - key_w - 3;

		ui_frame_text(f, cx, cy, key_w, UI_KEY, info->keys);
		/* the long words where they fit, else the brief ones */
		ui_frame_text(f, cx + key_w + 1, cy, help_w, UI_NORMAL,
		    (int)strlen(info->help) <= help_w ? info->help : info->brief);
	}
}

/* Word-wrap text into the box: lines of a paragraph are joined, a blank
 * line starts a new paragraph. */
static int
draw_wrapped(struct ui_frame *f, int x, int y, int w, int max_rows, const char *text)
{
	int row = 0, col = 0;
	const char *p = text;

	while (*p != '\0' && row < max_rows) {
		size_t word;

		if (p[0] == '\n' && p[1] == '\n') {
			row += 2;		/* a paragraph break */
			col = 0;
			p += 2;
			continue;
		}
		if (*p == '\n') {		/* within a paragraph: reflow */
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		word = strcspn(p, " \n");
		if (col > 0 && col + 1 + (int)word > w) {
			row++;
			col = 0;
			if (row >= max_rows)
				break;
		} else if (col > 0) {
			col++;
		}
		{
			char buf[256];

			snprintf(buf, sizeof(buf), "%.*s", (int)(word < 255 ? word : 255), p);
			col += ui_frame_text(f, x + col, y + row, w - col, UI_NORMAL, buf);
		}
		p += word;
	}
	return row + 1;
}

static void
draw_about(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4;
	const char *about = s->prog->about[0] ? s->prog->about :
	    "This scenario has no about: text.";

	centred_box(f, w, h, s->prog->title[0] ? s->prog->title : s->name, &x, &y);
	draw_wrapped(f, x + 2, y + 2, w - 4, h - 4, about);
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "any key closes this");
}

static void
draw_picker(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4, rows = h - 4;
	int first = s->picker_selected >= rows ? s->picker_selected - rows + 1 : 0, i;

	centred_box(f, w, h, "open a scenario", &x, &y);
	if (s->npicker == 0)
		ui_frame_text(f, x + 2, y + 2, w - 4, UI_BAD, "no scenarios found on the "
		    "search path (see lockstep(1))");
	for (i = 0; i < rows && first + i < (int)s->npicker; i++) {
		const struct ui_picker_entry *e = &s->picker[first + i];
		bool sel = first + i == s->picker_selected;
		int n;

		n = ui_frame_text(f, x + 2, y + 2 + i, 28, sel ? UI_SELECTED : UI_KEY, e->name);
		ui_frame_text(f, x + 31, y + 2 + i, w - 33, UI_NORMAL, e->title);
		if (sel)
			ui_frame_role(f, x + 2 + n, y + 2 + i, w - 4 - n, UI_SELECTED);
	}
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "Up/Down choose  Enter open  "
	    "Esc close");
}

/* Free-run: a progress bar while it runs, then the outcomes as bars. */
static void
draw_freerun(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4, done, failed;
	int total, bar = w - 20, i, row;
	struct ui_job *job = s->job;
	bool finished = ui_job_poll(job, &done, &failed, &total);
	char title[64];

	snprintf(title, sizeof(title), "free-run: %d runs on real threads", total);
	centred_box(f, w, h, title, &x, &y);
	ui_frame_printf(f, x + 2, y + 2, w - 4, UI_NORMAL, "%d of %d runs, %d failed", done,
	    total, failed);
	for (i = 0; i < bar; i++)
		ui_frame_set(f, x + 2 + i, y + 3, total > 0 && i < bar * done / total ?
		    ui_glyph(f, G_RAN) : ui_glyph(f, G_READY), total > 0 &&
		    i < bar * done / total ? UI_KEY : UI_DIM);
	if (!finished) {
		ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "Esc stops it");
		return;
	}
	if (!job->ok)
		ui_frame_text(f, x + 2, y + 5, w - 4, UI_BAD, job->err);
	row = y + 5;
	for (i = 0; i < (int)job->result.noutcomes && row < y + h - 3; i++) {
		const struct freerun_outcome *o = &job->result.outcomes[i];
		char shared[300];
		int len = job->result.runs > 0 ? 20 * o->count / job->result.runs : 0, k;
		bool ok = o->verdict.kind == MODEL_OK;

		freerun_format_shared(job->model, o->shared, shared, sizeof(shared));
		ui_frame_printf(f, x + 2, row, 14, ok ? UI_OK : UI_BAD, "%5.1f%% %6d",
		    job->result.runs > 0 ? 100.0 * o->count / job->result.runs : 0.0, o->count);
		for (k = 0; k < (len > 0 ? len : 1); k++)
			ui_frame_set(f, x + 17 + k, row, ui_glyph(f, G_RAN), ok ? UI_OK : UI_BAD);
		ui_frame_text(f, x + 39, row, w - 41, UI_NORMAL, shared);
		row++;
		ui_frame_text(f, x + 17, row++, w - 19, UI_DIM, ok ? "ok" : o->verdict.message);
	}
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM,
	    freerun_captured(&job->result) != NULL ?
	    "Enter steps through a captured failing run   Esc closes" :
	    job->result.failed > 0 ? "no failing run was reproduced on the controlled "
	    "engine   Esc closes" : "Esc closes");
}

/* The explorer: states and schedules while it searches, then what the
 * search covered, every outcome with how many schedules end so, and the
 * shortest failing schedule. */
static void
draw_explore(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4, dummy, row, i;
	struct ui_job *job = s->job;
	bool finished = ui_job_poll(job, &dummy, &dummy, &dummy);
	const struct explore_result *r = &job->explored;
	const struct explore_failure *shortest;
	uint64_t states, executions;

	centred_box(f, w, h, "explore: every schedule, on the model", &x, &y);
	pthread_mutex_lock(&job->lock);
	states = job->states;
	executions = job->executions;
	pthread_mutex_unlock(&job->lock);
	ui_frame_printf(f, x + 2, y + 2, w - 4, UI_NORMAL, "%llu states, %llu schedules "
	    "followed to their end", (unsigned long long)states,
	    (unsigned long long)executions);
	if (!finished) {
		ui_frame_text(f, x + 2, y + 3, w - 4, UI_DIM, "searching...");
		ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "Esc stops it");
		return;
	}
	ui_frame_printf(f, x + 2, y + 3, w - 4, r->exhaustive ? UI_OK : UI_CHANGED, "%s, "
	    "%.2f s", r->exhaustive ? "exhaustive: every schedule" : "bounded: not every "
	    "schedule was searched", r->seconds);
	row = y + 5;
	for (i = 0; i < (int)r->noutcomes && row < y + h - 5; i++) {
		const struct explore_outcome *o = &r->outcomes[i];
		char shared[300];
		bool ok = o->verdict.kind == MODEL_OK;

		freerun_format_shared(job->model, o->shared, shared, sizeof(shared));
		ui_frame_printf(f, x + 2, row, 12, ok ? UI_OK : UI_BAD, "%10llu",
		    (unsigned long long)o->count);
		ui_frame_text(f, x + 14, row, w - 16, UI_NORMAL, shared);
		row++;
		ui_frame_text(f, x + 14, row++, w - 16, UI_DIM, ok ? "ok" : o->verdict.message);
	}
	shortest = explore_shortest_failure(r);
	if (shortest != NULL)
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_BAD, "the shortest failing "
		    "schedule takes %zu steps", shortest->schedule.count);
	else if (r->livelock == EXPLORE_LIVELOCK_FOUND)
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_BAD, "livelock: after %zu steps, "
		    "%zu steps the threads can repeat forever", r->livelock_prefix.count,
		    r->livelock_cycle.count);
	else if (explore_proven(r))
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_OK, "no schedule fails (%llu "
		    "schedules covered)", (unsigned long long)r->executions);
	else {
		char bound[120];

		explore_report_bound(r, bound, sizeof(bound));
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_CHANGED, "not proven: no failure "
		    "in %llu executions (bounded by %s)", (unsigned long long)r->executions,
		    bound);
	}
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, shortest != NULL ?
	    "Enter steps through it   Esc closes" : "Esc closes");
}

/* ---- the whole screen ---- */

static void
draw_too_small(struct ui_frame *f)
{
	char msg[120];
	int len;

	snprintf(msg, sizeof(msg), "terminal too small: lockstep needs %dx%d, this one "
	    "is %dx%d", UI_MIN_WIDTH, UI_MIN_HEIGHT, f->width, f->height);
	len = (int)strlen(msg);
	ui_frame_text(f, len < f->width ? (f->width - len) / 2 : 0, f->height / 2,
	    f->width, UI_BAD, msg);
}

static void
draw_header(const struct ui_session *s, struct ui_frame *f)
{
	char title[300], info[200];
	int n, w;

	snprintf(title, sizeof(title), "%s%s%s", s->name, s->prog->title[0] == '\0' ? "" :
	    f->unicode ? " \xe2\x80\x94 " : " - ", s->prog->title);
	snprintf(info, sizeof(info), "step %zu  %s  %d/s  seed %llu%s", s->trace.nsteps,
	    s->policy == POLICY_RANDOM ? "random" : s->policy == POLICY_PCT ? "PCT" :
	    "round-robin", ui_session_speed(s), (unsigned long long)s->seed,
	    s->playing ? "  playing" : "");
	n = (int)strlen(info);
	w = ui_frame_text(f, 2, 0, f->width - n - 8, UI_TITLE, title);
	ui_frame_set(f, 1, 0, L' ', UI_BORDER);
	ui_frame_set(f, 2 + w, 0, L' ', UI_BORDER);
	ui_frame_text(f, f->width - n - 2, 0, n, UI_DIM, info);
	ui_frame_set(f, f->width - n - 3, 0, L' ', UI_BORDER);
	ui_frame_set(f, f->width - 2, 0, L' ', UI_BORDER);
}

/* Where the panes go: the same arithmetic for drawing and for clicks. */
struct pane_grid {
	int cols, rows, pane_w, pane_h, top_h, y_lower, lower_h;
};

static void
pane_grid(const struct ui_session *s, int W, int H, struct pane_grid *g)
{
	int n = (int)s->prog->nthreads, side_w;

	g->lower_h = s->view == UI_VIEW_TABLE ? (H - 4) / 3 + 1 : n + 1;
	if (g->lower_h > (H - 4) / 2)
		g->lower_h = (H - 4) / 2;
	g->y_lower = H - 3 - g->lower_h;
	g->top_h = g->y_lower - 2;
	side_w = n > 2 ? W / 4 : W / 3;
	side_w = side_w < SIDE_MIN ? SIDE_MIN : side_w > 48 ? 48 : side_w;
	g->cols = (W - side_w - 2) / PANE_MIN;
	g->cols = g->cols < 1 ? 1 : g->cols > n ? n : g->cols;
	g->rows = (n + g->cols - 1) / g->cols;
	g->pane_w = (W - side_w - 2) / g->cols;
	g->pane_h = g->top_h / g->rows;
}

int
ui_layout_thread_at(const struct ui_session *s, int W, int H, int x, int y)
{
	struct pane_grid g;
	int c, r, t;

	if (s->prog == NULL || s->overlay != UI_OVERLAY_NONE || W < UI_MIN_WIDTH ||
	    H < UI_MIN_HEIGHT)
		return -1;
	pane_grid(s, W, H, &g);
	if (x < 1 || y < 1 || x >= 1 + g.cols * g.pane_w || y >= 1 + g.rows * g.pane_h)
		return -1;
	c = (x - 1) / g.pane_w;
	r = (y - 1) / g.pane_h;
	t = r * g.cols + c;
	return t < (int)s->prog->nthreads ? t : -1;
}

void
ui_layout(const struct ui_session *s, struct ui_frame *f)
{
	int W = f->width, H = f->height, n, cols, rows, pane_w, pane_h, top_h;
	int lower_h, t, y_lower, status_y;

	ui_frame_clear(f);
	if (W < UI_MIN_WIDTH || H < UI_MIN_HEIGHT) {
		draw_too_small(f);
		return;
	}
	if (s->prog == NULL) {
		if (s->overlay == UI_OVERLAY_PICKER)
			draw_picker(s, f);
		return;
	}
	n = (int)s->prog->nthreads;
	ui_frame_box(f, 0, 0, W, H, NULL);
	draw_header(s, f);
	/* bottom: the status line above the frame's edge */
	status_y = H - 2;
	ui_frame_set(f, 0, H - 3, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
	ui_frame_hline(f, 1, H - 3, W - 2, UI_BORDER);
	ui_frame_set(f, W - 1, H - 3, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
	draw_status(s, f, 2, status_y, W - 4);
	/* the timeline or table: a lane per thread and the ruler */
	{
		struct pane_grid g;

		pane_grid(s, W, H, &g);
		cols = g.cols;
		rows = g.rows;
		pane_w = g.pane_w;
		pane_h = g.pane_h;
		top_h = g.top_h;
		lower_h = g.lower_h;
		y_lower = g.y_lower;
	}
	ui_frame_set(f, 0, y_lower - 1, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
	ui_frame_hline(f, 1, y_lower - 1, W - 2, UI_BORDER);
	ui_frame_set(f, W - 1, y_lower - 1, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
	ui_frame_text(f, 2, y_lower - 1, 20, UI_TITLE, s->view == UI_VIEW_TABLE ?
	    " step table " : " timeline ");
	if (s->view == UI_VIEW_TABLE)
		draw_table(s, f, 2, y_lower, W - 4, lower_h);
	else
		draw_timeline(s, f, 2, y_lower, W - 4, lower_h);
	for (t = 0; t < n; t++) {
		int c = t % cols, r = t / cols;
		int px = 1 + c * pane_w, py = 1 + r * pane_h;

		/* a pane above another ends where the line between them is */
		draw_thread(s, f, t, px + 1, py, pane_w - 2, r + 1 < rows ? pane_h - 1 : pane_h);
		ui_frame_vline(f, px + pane_w - 1, py, pane_h, UI_BORDER);
	}
	for (t = 1; t < rows; t++)
		ui_frame_hline(f, 1, 1 + t * pane_h - 1, cols * pane_w - 1, UI_BORDER);
	ui_frame_set(f, 1 + cols * pane_w - 1, y_lower - 1, ui_glyph(f, G_TEE_UP), UI_BORDER);
	for (t = 1; t < cols; t++) {
		ui_frame_vline(f, 1 + t * pane_w - 1, 1, top_h, UI_BORDER);
		ui_frame_set(f, 1 + t * pane_w - 1, y_lower - 1, ui_glyph(f, G_TEE_UP),
		    UI_BORDER);
	}
	draw_side(s, f, 1 + cols * pane_w + 1, 1, W - (1 + cols * pane_w + 1) - 2, top_h);
	if (s->overlay == UI_OVERLAY_HELP)
		draw_help(f);
	else if (s->overlay == UI_OVERLAY_ABOUT)
		draw_about(s, f);
	else if (s->overlay == UI_OVERLAY_PICKER)
		draw_picker(s, f);
	else if (s->overlay == UI_OVERLAY_JOB && s->job != NULL &&
	    s->job->kind == UI_JOB_EXPLORE)
		draw_explore(s, f);
	else if (s->overlay == UI_OVERLAY_JOB && s->job != NULL)
		draw_freerun(s, f);
}
