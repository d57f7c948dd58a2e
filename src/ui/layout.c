#include "config.h"

#include "ui/layout.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "ui/job.h"
#include "ui/keys.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define SIDE_MIN 18

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

/* Word-wrap text at (x, y) in w columns, at most max_rows rows: lines of a
 * paragraph are joined, a blank line starts a new one.  With f NULL it
 * only counts the rows the text needs. */
static int
draw_wrapped(struct ui_frame *f, int x, int y, int w, int max_rows, enum ui_role role,
    const char *text)
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
		if (*p == '\n' || *p == ' ') {	/* within a paragraph: reflow */
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
		if (f != NULL) {
			char buf[256];

			snprintf(buf, sizeof(buf), "%.*s", (int)(word < 255 ? word : 255), p);
			ui_frame_text(f, x + col, y + row, w - col, role, buf);
		}
		col += (int)word < w ? (int)word : w;
		p += word;
	}
	return row + 1;
}

/* Columns of UTF-8 text (every character lockstep draws is one wide). */
static int
text_width(const char *text)
{
	int n = 0;

	for (; *text != '\0'; text++)
		n += ((unsigned char)*text & 0xc0) != 0x80;
	return n;
}

/* Text at (x, y) in w columns, folded at spaces onto rows indented by
 * two rather than cut (runs of spaces kept within a row); returns the
 * rows it took, at most max_rows.  With f NULL it only counts them. */
static int
draw_folded(struct ui_frame *f, int x, int y, int w, int max_rows, enum ui_role role,
    const char *text)
{
	int rows = 0, indent = 0;
	char buf[1024];

	while (*text != '\0' && rows < max_rows) {
		int avail = w - indent, len = (int)strlen(text), cut = len;

		if (text_width(text) > avail && rows + 1 < max_rows) {
			for (cut = avail; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = avail;
		}
		snprintf(buf, sizeof(buf), "%.*s", cut, text);
		if (f != NULL)
			ui_frame_text(f, x + indent, y + rows, avail, role, buf);
		rows++;
		text += cut;
		while (*text == ' ')
			text++;
		indent = 2;
	}
	return rows;
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

/* A value as Python's repr, on one line: a string's newlines, tabs and
 * other control characters are escaped ('a\\nb'), as the screen has one
 * row for it. */
static void
value_text(const struct ui_session *s, const struct model_value *v, char *buf, size_t size)
{
	const unsigned char *p;
	size_t n = 0;

	if (v->kind != MODEL_STR) {
		model_value_format(&s->strings, v, buf, size);
		return;
	}
	if (size < 8) {
		buf[0] = '\0';
		return;
	}
	buf[n++] = '\'';
	for (p = (const unsigned char *)model_strings_get(&s->strings, v->i);
	    *p != '\0' && n + 6 < size; p++) {
		const char *esc = *p == '\n' ? "\\n" : *p == '\t' ? "\\t" : *p == '\r' ? "\\r" :
		    *p == '\\' ? "\\\\" : *p == '\'' ? "\\'" : NULL;

		if (esc != NULL)
			n += (size_t)snprintf(buf + n, size - n, "%s", esc);
		else if (*p < 0x20 || *p == 0x7f)
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", *p);
		else
			buf[n++] = (char)*p;
	}
	buf[n++] = '\'';
	buf[n] = '\0';
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
	int row = y, k, n;
	char v[300], before[300], who[800];
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
		/* who wrote it at which step, and what it was: beside the value
		 * when there is room, else under it */
		if (newest >= 0 && writes[newest].step > 0) {
			char name[96];

			value_text(s, &writes[newest].before, before, sizeof(before));
			model_element_name(s->model, newest, name, sizeof(name));
			snprintf(who, sizeof(who), "%s%s%s@%ld, was %s",
			    var->kind == LANG_SHARED_SCALAR ? "" : name,
			    var->kind == LANG_SHARED_SCALAR ? "" : " by ",
			    thread_name(s, writes[newest].thread), writes[newest].step, before);
		} else {
			snprintf(who, sizeof(who), "(initial)");
		}
		k = draw_folded(f, x, row, w, y + h - row, writes[newest >= 0 ? newest : base].step ==
		    last && last > 0 ? UI_CHANGED : UI_NORMAL, strbuf_str(&line));
		n = k == 1 ? text_width(strbuf_str(&line)) : w;
		row += k;
		if (n + 2 + text_width(who) <= w)
			ui_frame_text(f, x + n + 2, row - 1, w - n - 2, UI_DIM, who);
		else if (row < y + h)
			row += draw_folded(f, x + 2, row, w - 2, y + h - row, UI_DIM, who);
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
		row += draw_folded(f, x, row, w, y + h - row, lock_like(prim) && prim->owner >= 0 ?
		    UI_LOCK_HELD : UI_NORMAL, strbuf_str(&line));
		strbuf_free(&line);
	}
}

/* ---- thread panes ---- */

/* What a thread is doing: a word (runnable, blocked, finished ...) and
 * why, in words.  After a failure the run has stopped, but the threads it
 * stopped are told apart from the failing one and from those that really
 * were blocked. */
static const char *
thread_state(const struct ui_session *s, int t, char *why, size_t size, enum ui_role *role)
{
	const struct model_state *st = ui_session_state(s);
	const struct model_thread *th = model_thread(st, t);
	const struct model_verdict *v = model_verdict(st);

	*role = UI_NORMAL;
	why[0] = '\0';
	switch ((enum model_thread_status)th->status) {
	case MODEL_T_NEW:
		*role = UI_DIM;
		return "not started";
	case MODEL_T_FINISHED:
		*role = UI_FINISHED;
		return "finished";
	case MODEL_T_STOPPED:
		*role = UI_FINISHED;
		return "stopped (daemon)";
	case MODEL_T_ALIVE:
		break;
	}
	if ((v->kind == MODEL_ASSERT_FAILED || v->kind == MODEL_RUNTIME_ERROR) &&
	    v->thread == t) {
		snprintf(why, size, "at line %d", v->line);
		*role = UI_BAD;
		return "failed";
	}
	if (model_could_run(st, t)) {
		switch (v->kind) {
		case MODEL_RUNNING:
			return "runnable";
		case MODEL_ASSERT_FAILED:
		case MODEL_RUNTIME_ERROR:
			snprintf(why, size, "(stopped by %s's failure)",
			    v->thread >= 0 ? thread_name(s, v->thread) : "a");
			break;
		case MODEL_NO_PROGRESS:
			snprintf(why, size, "(stopped at the step limit)");
			break;
		case MODEL_OK:
		case MODEL_EXPECT_FAILED:
		case MODEL_DEADLOCK:
			snprintf(why, size, "(the run has ended)");
			break;
		}
		*role = UI_DIM;
		return "runnable";
	}
	model_blocked_reason(st, t, why, size);
	*role = UI_BLOCKED;
	return "blocked";
}

/* What the thread's steps on its current line have done so far: walking
 * back from the newest step while the thread stays on this line, each
 * visible micro-operation's value (read, written, got), by pc. */
#define MAX_DONE 16

struct done_op {
	int pc;
	int32_t op;
	struct model_value value;
	bool has_value;
};

static int
done_on_line(const struct ui_session *s, int t, int line, int pending_pc, struct done_op *out)
{
	size_t i;
	int n = 0, last_pc = pending_pc;

	for (i = s->trace.nsteps; i > 0 && n < MAX_DONE; i--) {
		const struct trace_step *ts = &s->trace.steps[i - 1];

		if (ts->thread != t)
			continue;
		if (ts->line != line || ts->pc >= last_pc)
			break;
		out[n].pc = ts->pc;
		out[n].op = ts->op;
		out[n].value = ts->value;
		out[n].has_value = ts->has_value;
		last_pc = ts->pc;
		n++;
	}
	return n;
}

/* What a micro-operation read or wrote ("read 0", "wrote 1", "got 11"),
 * or, pending, what it will write ("will write 1", "will put 11"). */
static void
op_value_note(const struct ui_session *s, int t, const struct lang_insn *in, int pc,
    int pending_pc, const struct done_op *done, int ndone, char *buf, size_t size)
{
	const struct model_frame *frame = engine_frame(s->engine, t);
	const struct model_value *v = NULL;
	char val[200];
	int i;

	buf[0] = '\0';
	if (pc == pending_pc && frame != NULL) {
		const char *verb = NULL;

		if (in->op == LANG_OP_STORE) {
			v = model_frame_stack(frame, 0);
			verb = "will write";
		} else if (in->op == LANG_OP_STORE_ELEM) {
			v = model_frame_stack(frame, 1);
			verb = "will write";
		} else if (in->op == LANG_OP_CALL && in->b == LANG_M_PUT) {
			v = model_frame_stack(frame, (in->flags & LANG_IF_INDEXED) ? 1 : 0);
			verb = "will put";
		}
		if (v != NULL && v->kind != MODEL_UNSET) {
			value_text(s, v, val, sizeof(val));
			snprintf(buf, size, "%s %s", verb, val);
		}
		return;
	}
	for (i = 0; i < ndone; i++) {
		if (done[i].pc != pc || !done[i].has_value)
			continue;
		value_text(s, &done[i].value, val, sizeof(val));
		snprintf(buf, size, "%s %s", done[i].op == LANG_OP_LOAD ||
		    done[i].op == LANG_OP_LOAD_ELEM ? "read" : done[i].op == LANG_OP_STORE ||
		    done[i].op == LANG_OP_STORE_ELEM ? "wrote" : in->b == LANG_M_PUT ?
		    "put" : "got", val);
	}
}

/* The micro-operations of the pending line under it, each with the value
 * it read or will write, the pending one marked: the visible ones, or all
 * of them with e. */
static void
draw_line_ops(const struct ui_session *s, struct ui_frame *f, int t, int line, int x,
    int *row, int w, int bottom, int pending_pc)
{
	const struct lang_program *prog = s->prog;
	const struct lang_code *code = &prog->groups[prog->threads[t].group].code;
	struct done_op done[MAX_DONE];
	int ndone = done_on_line(s, t, line, pending_pc, done), op_w = 0, pass;
	size_t i;
	char text[128], note[240];

	/* two passes: the widest operation first, so the values line up */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < code->count && *row < bottom; i++) {
			const struct lang_insn *in = &code->insns[i];
			bool here = (int)i == pending_pc;
			int n;

			if ((int)in->loc.line != line || in->op == LANG_OP_END ||
			    (!s->expand && !lang_op_is_visible((enum lang_opcode)in->op)))
				continue;
			lang_insn_format(prog, code, in, text, sizeof(text));
			if (pass == 0) {
				op_w = (int)strlen(text) > op_w ? (int)strlen(text) : op_w;
				continue;
			}
			if (here)
				ui_frame_set(f, x + 2, *row, ui_glyph(f, G_ARROW), UI_PENDING);
			n = ui_frame_text(f, x + 4, *row, w - 4, here ? UI_PENDING :
			    lang_op_is_visible((enum lang_opcode)in->op) ? UI_NORMAL : UI_DIM,
			    text);
			op_value_note(s, t, in, (int)i, pending_pc, done, ndone, note, sizeof(note));
			if (note[0] != '\0') {
				int len = text_width(note), col = 4 + op_w + 2;

				/* beside the operation, lined up, or under it */
				if (col + len > w)
					col = 4 + n + 1;
				if (col + len > w && *row + 1 < bottom)
					(*row)++, col = 4;
				*row += draw_folded(f, x + col, *row, w - col, bottom - *row,
				    here ? UI_PENDING : UI_CHANGED, note) - 1;
			}
			(*row)++;
		}
}

/* Whether the pending line is worth its micro-operations: it reads or
 * writes a shared variable, or puts a value (a lock's acquire and release
 * tell nothing more than the line does). */
static bool
line_has_story(const struct ui_session *s, int t, int line)
{
	const struct lang_code *code = &s->prog->groups[s->prog->threads[t].group].code;
	size_t i;

	if (s->expand)
		return true;
	for (i = 0; i < code->count; i++) {
		const struct lang_insn *in = &code->insns[i];

		if ((int)in->loc.line != line)
			continue;
		if (in->op == LANG_OP_LOAD || in->op == LANG_OP_LOAD_ELEM ||
		    in->op == LANG_OP_STORE || in->op == LANG_OP_STORE_ELEM ||
		    (in->op == LANG_OP_CALL && in->b == LANG_M_PUT))
			return true;
	}
	return false;
}

/* The line a local is shown beside: of the lines that set it, the last one
 * at or before the pending line (the first one if none is). */
static int
local_line(const struct lang_code *code, int local, int pending_line)
{
	size_t i;
	int best = 0, first = 0;

	for (i = 0; i < code->count; i++) {
		const struct lang_insn *in = &code->insns[i];
		int line = (int)in->loc.line;

		if (in->op != LANG_OP_STORE_LOCAL || in->a != local)
			continue;
		if (first == 0 || line < first)
			first = line;
		if (line <= pending_line && line > best)
			best = line;
	}
	return best > 0 ? best : first;
}

/* The locals set on a line, "i = 1, mine = 11"; with line 0, every local
 * not yet placed (placed[] says which were). */
static void
locals_of_line(const struct ui_session *s, int t, int line, int pending_line, bool *placed,
    struct strbuf *out)
{
	const struct lang_code *code = &s->prog->groups[s->prog->threads[t].group].code;
	const struct model_frame *frame = engine_frame(s->engine, t);
	char v[300];
	int i;

	if (frame == NULL || model_thread(ui_session_state(s), t)->status != MODEL_T_ALIVE)
		return;
	for (i = 0; i < code->nlocals && i < LANG_MAX_LOCALS; i++) {
		const struct model_value *val;

		if (code->local_names[i][0] == '$' || placed[i] ||
		    (line > 0 && local_line(code, i, pending_line) != line))
			continue;
		val = model_frame_local(s->model, t, frame, i);
		if (val->kind == MODEL_UNSET)
			continue;
		value_text(s, val, v, sizeof(v));
		strbuf_printf(out, "%s%s = %s", out->len ? ", " : "", code->local_names[i], v);
		if (line > 0)
			placed[i] = true;
	}
}

/* The key that steps thread t: 1-9, 0 for the tenth; beyond that none
 * (select it and press Enter). */
static void
thread_key(int t, char *buf, size_t size)
{
	if (t < 9)
		snprintf(buf, size, "%d", t + 1);
	else if (t == 9)
		snprintf(buf, size, "0");
	else
		buf[0] = '\0';
}

/* The thread of group gi whose code and values its pane shows: the
 * selected one if it is a member, else the first that has not finished. */
static int
group_shown_thread(const struct ui_session *s, int gi)
{
	const struct lang_group *g = &s->prog->groups[gi];
	const struct model_state *st = ui_session_state(s);
	int i;

	if (s->selected >= g->first_thread && s->selected < g->first_thread + g->count)
		return s->selected;
	for (i = 0; i < g->count; i++)
		if (model_thread(st, g->first_thread + i)->status == MODEL_T_ALIVE)
			return g->first_thread + i;
	return g->first_thread;
}

/* A thread's row: key, name, state word and why, the why wrapped under it
 * rather than cut; returns the rows it took. */
static int
draw_thread_row(const struct ui_session *s, struct ui_frame *f, int t, int x, int y, int w,
    int max_rows, bool compact)
{
	char state[320], key[12];
	const char *word;
	enum ui_role role;
	int n, kw = s->prog->nthreads > 9 ? 3 : 2;

	thread_key(t, key, sizeof(key));
	ui_frame_text(f, x, y, kw, UI_KEY, key);
	n = ui_frame_text(f, x + kw, y, w - kw, t == s->selected ? UI_SELECTED : thread_role(t),
	    thread_name(s, t));
	word = thread_state(s, t, state, sizeof(state), &role);
	/* in a group's list, "waits for m held by B" says blocked already */
	if (compact && role == UI_BLOCKED && state[0] != '\0')
		word = "";
	if (kw + n + 1 + (int)strlen(word) + (state[0] ? 2 + text_width(state) : 0) <= w) {
		ui_frame_printf(f, x + kw + n + 1, y, w - kw - n - 1, role, "%s%s%s", word,
		    !state[0] || !word[0] ? "" : role == UI_BLOCKED ? ": " : " ", state);
		return 1;
	}
	if (word[0] == '\0')
		word = "blocked";	/* no room for why: it shows in the code's pane */
	ui_frame_text(f, x + kw + n + 1, y, w - kw - n - 1, role, word);
	if (state[0] == '\0' || max_rows < 2)
		return 1;
	return 1 + draw_wrapped(f, x + kw, y + 1, w - kw, max_rows - 1, role, state);
}

/* The source lines of group g as shown: the block's lines less their
 * common indentation. */
static int
group_indent(const struct lang_program *prog, const struct lang_group *g)
{
	unsigned line;
	int indent = -1;

	for (line = g->first_line + 1; line <= g->last_line; line++) {
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
	return indent > 0 ? indent : 0;
}

/* The last line of group g's block that is not blank or a comment (the
 * block runs on to the next one's start). */
static unsigned
group_last_line(const struct lang_program *prog, const struct lang_group *g)
{
	unsigned line, last = g->first_line + 1;

	for (line = g->first_line + 1; line <= g->last_line; line++) {
		size_t len, i;
		const char *text = lang_source_line(prog->source, line, &len);

		if (text == NULL)
			break;
		for (i = 0; i < len && (text[i] == ' ' || text[i] == '\r'); i++)
			;
		if (i < len && text[i] != '#')
			last = line;
	}
	return last;
}

/* "◀ 0 2" after a line: which members of a group stand there (by tid). */
static void
members_at_line(const struct ui_session *s, const struct lang_group *g, int line,
    struct strbuf *out)
{
	const struct model_state *st = ui_session_state(s);
	int i;

	for (i = 0; i < g->count; i++) {
		const struct model_thread *th = model_thread(st, g->first_thread + i);

		if (th->status == MODEL_T_ALIVE && th->pending.line == line)
			strbuf_printf(out, " %d", i);
	}
}

/* A group's pane: its members, one row each (a single thread: its key,
 * name and state), then its code once, with the shown thread's next step
 * marked and its values beside and under the lines, and, for a group,
 * where every member stands. */
static void
draw_group(const struct ui_session *s, struct ui_frame *f, int gi, int x, int y, int w, int h,
    bool members)
{
	const struct lang_program *prog = s->prog;
	const struct lang_group *g = &prog->groups[gi];
	int t = group_shown_thread(s, gi);
	const struct model_thread *th = model_thread(ui_session_state(s), t);
	const struct model_frame *frame = engine_frame(s->engine, t);
	int pending_line = th->status == MODEL_T_ALIVE ? th->pending.line : 0;
	int pending_pc = frame != NULL && th->status == MODEL_T_ALIVE ?
	    model_frame_pc(frame) : -1;
	int row = y, bottom = y + h, first, skip = group_indent(prog, g), i;
	int last_step_line = 0;
	bool story = pending_line > 0 && line_has_story(s, t, pending_line);
	bool placed[LANG_MAX_LOCALS] = { false };
	unsigned line, last;
	struct strbuf rest = { 0 };

	for (i = 0; i < g->count && row < bottom && members; i++) {
		if (g->count > 1 && row + 1 >= bottom - 1 && i + 1 < g->count) {
			ui_frame_printf(f, x, row++, w, UI_DIM, "%d more: h and l select them",
			    g->count - i);
			break;
		}
		row += draw_thread_row(s, f, g->first_thread + i, x, row, w, bottom - row - 1,
		    g->count > 1);
	}
	if (g->count > 1 && row < bottom && members) {
		int n = ui_frame_printf(f, x, row, w, UI_DIM, "code of %s[%d],", g->name,
		    t - g->first_thread) + 1;

		if (n + 6 <= w) {
			ui_frame_set(f, x + n, row, ui_glyph(f, G_LARROW), UI_PENDING);
			ui_frame_text(f, x + n + 2, row, w - n - 2, UI_DIM, "tids");
		}
		row++;
	}
	/* the block's source, scrolled so the pending line and its
	 * micro-operations show */
	/* a finished thread, with e: its last step's micro-operations, with
	 * the values they read and wrote, under that step's line */
	if (pending_line == 0 && s->expand)
		for (i = (int)s->trace.nsteps; i > 0; i--)
			if (s->trace.steps[i - 1].thread == t) {
				last_step_line = s->trace.steps[i - 1].line;
				break;
			}
	last = group_last_line(prog, g);
	first = (int)g->first_line + 1;
	if (pending_line > 0 && pending_line - first >= bottom - row - (story ? 4 : 1))
		first = pending_line - (bottom - row) / 2;
	if (first < (int)g->first_line + 1)
		first = (int)g->first_line + 1;
	for (line = (unsigned)first; line <= last && row < bottom; line++) {
		size_t len;
		const char *text = lang_source_line(prog->source, line, &len);
		char buf[1024];
		bool here = (int)line == pending_line;
		int cut = skip, cols;
		struct strbuf locals = { 0 }, marks = { 0 };

		if (text == NULL)
			break;
		while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\r'))
			len--;
		if ((int)len < cut)
			cut = (int)len;
		snprintf(buf, sizeof(buf), "%.*s", (int)len - cut, text + cut);
		if (here && !story)
			ui_frame_set(f, x, row, ui_glyph(f, G_ARROW), UI_PENDING);
		if (text_width(buf) > w - 2) {
			/* folded at a space rather than cut: the code is the story;
			 * a line with no room left for its folds is left out */
			int rows = draw_folded(NULL, 0, 0, w - 2, 100, UI_NORMAL, buf);

			if (rows > bottom - row)
				break;
			draw_folded(f, x + 2, row, w - 2, rows, here ? UI_PENDING : UI_NORMAL, buf);
			row += rows - 1;
			cols = w - 2;
		} else {
			cols = ui_frame_text(f, x + 2, row, w - 2, here ? UI_PENDING : UI_NORMAL,
			    buf);
		}
		/* where the members stand, then the locals this line set */
		if (g->count > 1)
			members_at_line(s, g, (int)line, &marks);
		if (marks.len > 0 && cols + 5 <= w) {
			/* as many tids as fit, never cut in the middle of one */
			const char *m = strbuf_str(&marks);
			int room = w - 2 - cols - 2, fit = (int)marks.len;

			/* as many tids as fit with " +" after them for the rest */
			while (fit > room || (fit < (int)marks.len && fit + 2 > room))
				while (--fit > 0 && m[fit] != ' ')
					;
			ui_frame_set(f, x + 2 + cols + 1, row, ui_glyph(f, G_LARROW), UI_PENDING);
			snprintf(buf, sizeof(buf), "%.*s%s", fit, m, fit < (int)marks.len ? " +" : "");
			cols += 2 + ui_frame_text(f, x + 2 + cols + 2, row, room, UI_PENDING, buf);
		}
		locals_of_line(s, t, (int)line, pending_line, placed, &locals);
		if (locals.len > 0 && 2 + cols + 3 + (int)locals.len <= w)
			ui_frame_text(f, x + 2 + cols + 3, row, w - cols - 5, UI_CHANGED,
			    strbuf_str(&locals));
		else if (locals.len > 0)
			strbuf_printf(&rest, "%s%s", rest.len ? ", " : "", strbuf_str(&locals));
		strbuf_free(&locals);
		strbuf_free(&marks);
		row++;
		if (here && story)
			draw_line_ops(s, f, t, (int)line, x, &row, w, bottom, pending_pc);
		else if ((int)line == last_step_line)
			draw_line_ops(s, f, t, (int)line, x, &row, w, bottom, INT_MAX);
	}
	/* locals that found no room beside their line, under the code */
	locals_of_line(s, t, 0, pending_line, placed, &rest);
	if (rest.len > 0 && row < bottom)
		draw_wrapped(f, x, row, w, bottom - row, UI_CHANGED, strbuf_str(&rest));
	strbuf_free(&rest);
}

/* The columns and rows group gi's pane wants: its members, the widest
 * line of its code, every line, and the micro-operations of the line with
 * the most. */
static void
group_need(const struct ui_session *s, int gi, int *w, int *h)
{
	const struct lang_program *prog = s->prog;
	const struct lang_group *g = &prog->groups[gi];
	const struct lang_code *code = &g->code;
	int skip = group_indent(prog, g), lines = 0, width = 0, ops = 0, i;
	unsigned line, last = group_last_line(prog, g);

	for (line = g->first_line + 1; line <= last; line++) {
		size_t len, k;
		const char *text = lang_source_line(prog->source, line, &len);
		int here = 0;

		if (text == NULL)
			break;
		while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\r'))
			len--;
		lines++;
		if ((int)len - skip > width)
			width = (int)len - skip;
		for (k = 0; k < code->count; k++)
			if (code->insns[k].loc.line == line &&
			    lang_op_is_visible((enum lang_opcode)code->insns[k].op))
				here++;
		ops = here > ops ? here : ops;
	}
	/* the markers of where members stand may be cut, the code may not */
	*w = 2 + 2 + width + (g->count > 1 ? 4 : 0);	/* margins, gutter, code */
	i = (int)strlen(g->name) + (g->count > 1 ? 8 : 5) + 10;
	*w = *w < i ? i : *w;
	*w = *w < 22 ? 22 : *w;
	*h = (g->count > 1 ? g->count + 1 : 2) + lines + (ops > 1 ? ops : 1) + 1;
}

/* ---- timeline and table ---- */

/* A step's few words for its timeline column: "LOAD 0", "STORE 1",
 * "acq m", "wait c", "put 11".  A switch over the methods, not a table:
 * each word is chosen for a column eight wide. */
static const char *
method_word(enum lang_method m)
{
	switch (m) {
	case LANG_M_ACQUIRE: case LANG_M_TRY_ACQUIRE: return "acq";
	case LANG_M_RELEASE: return "rel";
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
	case LANG_M_PUT: return "put";
	case LANG_M_GET: return "get";
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

/* The label of a step; short_w: the columns it should fit in. */
static void
timeline_label(const struct ui_session *s, const struct trace_step *ts, int short_w,
    char *buf, size_t size)
{
	char v[200], name[96];

	v[0] = '\0';
	if (ts->has_value)
		value_text(s, &ts->value, v, sizeof(v));
	switch ((enum lang_opcode)ts->op) {
	case LANG_OP_LOAD:
	case LANG_OP_LOAD_ELEM:
		/* a short column gives up the word, never the value */
		snprintf(buf, size, "%s %s", 5 + text_width(v) <= short_w ? "LOAD" : "LD", v);
		return;
	case LANG_OP_STORE:
	case LANG_OP_STORE_ELEM:
		snprintf(buf, size, "%s %s", 6 + text_width(v) <= short_w ? "STORE" : "ST", v);
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
		return;
	case LANG_OP_START:
		snprintf(buf, size, "start %s", thread_name(s, ts->target));
		return;
	case LANG_OP_JOIN:
		snprintf(buf, size, "join %s", thread_name(s, ts->target));
		return;
	case LANG_OP_SLEEP:
		snprintf(buf, size, "sleep");
		return;
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_ATOMIC_END:
		snprintf(buf, size, "atomic");
		return;
	default:
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
static void
draw_legend(const struct ui_session *s, struct ui_frame *f, int x, int y, int w)
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
		    name, thread_name(s, r->first_thread), r->first_step,
		    thread_name(s, r->second_thread), r->second_step);
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
static int
timeline_rows(int nthreads, bool spans)
{
	return 2 + nthreads * (spans ? 2 : 1);
}

/* A lane per thread, a column group per step labelled with what it did;
 * under each lane (or, short of rows, in it) the spans where the thread
 * held a lock (═) or was blocked (░); the steps of each data race marked
 * with the race's letter; the ruler's step numbers with the newest shown
 * step as the cursor; the legend at the bottom. */
static void
draw_timeline(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h)
{
	const struct model_state *st = ui_session_state(s);
	int n = (int)s->prog->nthreads, t, name_w = 1, lanes_w, cw, count, c;
	long end = (long)s->trace.nsteps - s->scroll, start, step;
	bool spans = h >= timeline_rows(n, true);
	int per = spans ? 2 : 1, shown = (h - 2) / per;
	int *lane_of = xcalloc((size_t)n + 1, sizeof(int));
	char label[300];

	for (t = 0; t < n; t++)
		if ((int)strlen(thread_name(s, t)) > name_w)
			name_w = (int)strlen(thread_name(s, t));
	if (name_w > 12)
		name_w = 12;
	lanes_w = w - name_w - 1;
	/* as wide as the widest label shown, but at least the last eight
	 * steps on the screen */
	cw = 5;
	for (step = end - 1; step >= 0 && step >= end - lanes_w / 5; step--) {
		const struct trace_step *ts = &s->trace.steps[step];

		timeline_label(s, ts, 1000, label, sizeof(label));
		if (text_width(label) + 2 > cw)
			cw = text_width(label) + 2;
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

		ui_frame_text(f, x, ly, name_w, t == s->selected ? UI_SELECTED : thread_role(t),
		    thread_name(s, t));
		for (step = start, c = 0; step < end; step++, c++) {
			unsigned char lane = ui_session_lane(s, (size_t)step, t);
			int cx = x + name_w + 1 + c * cw, k;
			enum ui_lane kind = (enum ui_lane)(lane & UI_LANE_KIND);

			if (kind == UI_LANE_RAN) {
				char race = race_letter(s, step, t);

				timeline_label(s, &s->trace.steps[step], cw - (race ? 2 : 1), label,
				    sizeof(label));
				/* a label is cut short, not ellipsised: the next column's
				 * gap shows where it ends */
				if (text_width(label) > cw - (race ? 2 : 1))
					label[cw - (race ? 2 : 1) > 0 ? cw - (race ? 2 : 1) : 0] = '\0';
				ui_frame_text(f, cx, ly, cw - (race ? 2 : 1), race ? UI_RACE :
				    thread_role(t), label);
				if (race) {
					ui_frame_set(f, cx + cw - 2, ly, L'!', UI_RACE);
					ui_frame_set(f, cx + cw - 1, ly, (wchar_t)race, UI_RACE);
				}
			}
			/* spans: blocked, or holding a lock, under the lane (or in it,
			 * where the thread did not run) */
			for (k = 0; k < cw; k++) {
				if (kind == UI_LANE_BLOCKED && (spans || k < cw - 1))
					ui_frame_set(f, cx + k, sy, ui_glyph(f, G_SHADE), UI_BLOCKED);
				else if ((lane & UI_LANE_HOLDS) && (spans || kind != UI_LANE_RAN))
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
	draw_legend(s, f, x, y + h - 1, w);
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

/* ---- the verdict and the status line ---- */

static const char *
verdict_tag(const struct model_verdict *v, bool races)
{
	switch (v->kind) {
	case MODEL_OK: return races ? "OK, BUT RACY" : "OK";
	case MODEL_EXPECT_FAILED: return races ? "RACE" : "FAILED";
	case MODEL_ASSERT_FAILED: return "ASSERTION";
	case MODEL_DEADLOCK: return "DEADLOCK";
	case MODEL_RUNTIME_ERROR: return "ERROR";
	case MODEL_NO_PROGRESS: return "NO PROGRESS";
	case MODEL_RUNNING: return races ? "RACE" : "";
	}
	return "";
}

/* The words of the status line: the verdict once the run has ended (it
 * stays there until the run changes), the first race while it runs. */
static void
status_text(const struct ui_session *s, char *text, size_t size, enum ui_role *role)
{
	const struct model_state *st = ui_session_state(s);
	const struct model_verdict *v = model_verdict(st);

	*role = UI_NORMAL;
	text[0] = '\0';
	if ((v->kind == MODEL_ASSERT_FAILED || v->kind == MODEL_RUNTIME_ERROR) &&
	    v->thread >= 0) {
		snprintf(text, size, "%s, line %d: %s", thread_name(s, v->thread), v->line,
		    v->message);
	} else if (v->kind != MODEL_RUNNING && v->kind != MODEL_OK) {
		snprintf(text, size, "%s", v->message);
	} else if (model_nraces(st) > 0) {
		const struct model_race *r = model_race(st, 0);
		char name[96];

		model_element_name(s->model, r->element, name, sizeof(name));
		snprintf(text, size, "on %s: %s %s at step %u, %s %s at step %u", name,
		    thread_name(s, r->first_thread), r->first_is_write ? "writes" : "reads",
		    r->first_step, thread_name(s, r->second_thread),
		    r->second_is_write ? "writes" : "reads", r->second_step);
	} else if (v->kind == MODEL_OK) {
		snprintf(text, size, "%s", v->message);
	} else if (s->trace.nsteps == 0) {
		snprintf(text, size, "the run is at its start: a thread's number takes its step");
		*role = UI_DIM;
	} else {
		const struct trace_step *ts = &s->trace.steps[s->trace.nsteps - 1];
		char label[400];

		trace_step_label(&s->trace, ts, label, sizeof(label));
		snprintf(text, size, "step %zu: %s %s", s->trace.nsteps, thread_name(s, ts->thread),
		    label);
		*role = UI_DIM;
	}
}

#define STATUS_MAX_ROWS 4

/* The status line: the verdict's tag, then its words, wrapped rather than
 * cut (a deadlock's whole cycle); returns the rows it takes. */
static int
draw_status(const struct ui_session *s, struct ui_frame *f, int x, int y, int w)
{
	const struct model_state *st = ui_session_state(s);
	const char *tag = verdict_tag(model_verdict(st), model_nraces(st) > 0);
	enum model_verdict_kind kind = model_verdict(st)->kind;
	char text[800];
	enum ui_role role;
	int n = 0;

	status_text(s, text, sizeof(text), &role);
	if (tag[0] != '\0') {
		n = (int)strlen(tag) + 2;
		if (f != NULL)
			ui_frame_text(f, x, y, n, kind == MODEL_OK && model_nraces(st) == 0 ?
			    UI_OK : kind == MODEL_RUNNING ? UI_RACE : UI_BAD, tag);
	}
	return draw_wrapped(f, x + n, y, w - n, STATUS_MAX_ROWS, role, text);
}

/* The rule above the status line: what the last key did, and the keys. */
static void
draw_message_rule(const struct ui_session *s, struct ui_frame *f, int y)
{
	const char *hints = s->playing ? " space pause  ? help " :
	    " 1-9 step  space play  u undo  e ops  ? help ";
	int W = f->width, hint_w, n;

	ui_frame_set(f, 0, y, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
	ui_frame_hline(f, 1, y, W - 2, UI_BORDER);
	ui_frame_set(f, W - 1, y, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
	if (s->message[0] != '\0' && (int)strlen(s->message) + (int)strlen(hints) + 8 > W)
		hints = " ? help ";
	hint_w = (int)strlen(hints);
	ui_frame_text(f, W - 2 - hint_w, y, hint_w, UI_KEY, hints);
	if (s->message[0] != '\0') {
		n = ui_frame_printf(f, 2, y, W - 6 - hint_w, s->message_is_error ? UI_BAD :
		    UI_CHANGED, " %s ", s->message);
		(void)n;
	}
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
	int per_col = (n + cols - 1) / cols, h = per_col + 3 + 2 * margin;
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
	/* what the timeline's marks mean */
	draw_legend(NULL, f, x + 2, y + h - 2 - margin, w - 4);
}

static void
draw_about(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4;
	const char *about = s->prog->about[0] ? s->prog->about :
	    "This scenario has no about: text.";

	centred_box(f, w, h, s->prog->title[0] ? s->prog->title : s->name, &x, &y);
	draw_wrapped(f, x + 2, y + 2, w - 4, h - 4, UI_NORMAL, about);
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "any key closes this");
}

/* The picker: what has been typed, then the scenarios whose name or
 * title holds it, scrolled so the selected one shows. */
static void
draw_picker(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4, rows = h - 5;
	int before = 0, first = 0, i, row;
	size_t e;

	centred_box(f, w, h, "open a scenario", &x, &y);
	if (s->npicker == 0)
		ui_frame_text(f, x + 2, y + 2, w - 4, UI_BAD, "no scenarios found on the "
		    "search path (see lockstep(1))");
	ui_frame_printf(f, x + 2, y + 1, w - 4, s->picker_query[0] ? UI_NORMAL : UI_DIM,
	    "search: %s%s", s->picker_query, s->picker_query[0] ? "_" :
	    "type to search names and titles");
	/* how many shown entries come before the selected one */
	for (e = 0; e < s->npicker && (int)e < s->picker_selected; e++)
		before += ui_session_picker_shows(s, e);
	first = before >= rows ? before - rows + 1 : 0;
	for (e = 0, i = 0, row = 0; e < s->npicker && row < rows; e++) {
		const struct ui_picker_entry *p = &s->picker[e];
		bool sel = (int)e == s->picker_selected;
		int n;

		if (!ui_session_picker_shows(s, e) || i++ < first)
			continue;
		n = ui_frame_text(f, x + 2, y + 3 + row, 28, sel ? UI_SELECTED : UI_KEY, p->name);
		ui_frame_text(f, x + 31, y + 3 + row, w - 33, UI_NORMAL, p->title);
		if (sel)
			ui_frame_role(f, x + 2 + n, y + 3 + row, w - 4 - n, UI_SELECTED);
		row++;
	}
	if (row == 0 && s->npicker > 0)
		ui_frame_text(f, x + 2, y + 3, w - 4, UI_DIM, "no scenario matches");
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "Up/Down choose  Enter open  "
	    "Backspace  Esc clears or closes");
}

/* A notify that can wake one waiter or another: a key per choice, the
 * first being Python's (the longest waiting). */
static void
draw_choice(const struct ui_session *s, struct ui_frame *f)
{
	const struct model_state *st = ui_session_state(s);
	int t = s->choosing, n = model_choices(st, t), shown = n < 9 ? n : 9;
	int x, y, w = f->width > 70 ? 60 : f->width - 4, i, k, woken[LANG_MAX_THREADS];
	char name[96], title[160];

	model_prim_name(s->model, model_thread(st, t)->pending.target, name, sizeof(name));
	snprintf(title, sizeof(title), "%s: %s.notify() wakes which?", thread_name(s, t), name);
	centred_box(f, w, shown + 5, title, &x, &y);
	for (i = 0; i < shown; i++) {
		struct strbuf line = { 0 };
		int nw = model_choice_woken(st, t, i, woken);

		for (k = 0; k < nw; k++)
			strbuf_printf(&line, "%s%s", k ? ", " : "", thread_name(s, woken[k]));
		if (i == 0)
			strbuf_puts(&line, "  (waiting longest: Python's choice)");
		ui_frame_printf(f, x + 2, y + 1 + i, 3, UI_KEY, "%d", i + 1);
		ui_frame_text(f, x + 5, y + 1 + i, w - 7, UI_NORMAL, strbuf_str(&line));
		strbuf_free(&line);
	}
	ui_frame_text(f, x + 2, y + shown + 2, w - 4, UI_DIM, n > 9 ?
	    "a key picks; Enter takes 1; Esc steps nothing; more: play picks" :
	    "a key picks; Enter takes 1; Esc steps nothing");
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
	else
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_OK, "no schedule fails (%llu "
		    "schedules covered)", (unsigned long long)r->executions);
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

/* Who takes the steps: "manual" while keys do, the policy while it plays,
 * "replay" while a trace's steps are left to take. */
static void
in_charge(const struct ui_session *s, char *buf, size_t size)
{
	const char *policy = s->policy == POLICY_RANDOM ? "random" :
	    s->policy == POLICY_PCT ? "PCT" : "round-robin";

	if (s->playing)
		snprintf(buf, size, "%s %d/s", s->replaying ? "replay" : policy,
		    ui_session_speed(s));
	else
		snprintf(buf, size, "%s", s->replaying && s->redo.count > 0 ? "replay" : "manual");
}

static void
draw_header(const struct ui_session *s, struct ui_frame *f)
{
	const struct model_state *st = ui_session_state(s);
	const char *tag = verdict_tag(model_verdict(st), model_nraces(st) > 0);
	const char *dot = f->unicode ? " \xc2\xb7 " : "  ";
	char title[300], info[200], who[64];
	int n, w;

	snprintf(title, sizeof(title), "%s%s%s", s->name, s->prog->title[0] == '\0' ? "" :
	    f->unicode ? " \xe2\x80\x94 " : " - ", s->prog->title);
	in_charge(s, who, sizeof(who));
	/* the seed matters only to the policies that draw from it */
	n = snprintf(info, sizeof(info), "%s%sstep %zu%s%s", tag, tag[0] ? dot : "",
	    s->trace.nsteps, dot, who);
	if (s->policy != POLICY_RR)
		snprintf(info + n, sizeof(info) - (size_t)n, "%sseed %llu", dot,
		    (unsigned long long)s->seed);
	n = text_width(info);
	/* the name alone where the title does not fit (a shows it) */
	if (text_width(title) > f->width - n - 8)
		snprintf(title, sizeof(title), "%s", s->name);
	w = ui_frame_text(f, 2, 0, f->width - n - 8, UI_TITLE, title);
	ui_frame_set(f, 1, 0, L' ', UI_BORDER);
	ui_frame_set(f, 2 + w, 0, L' ', UI_BORDER);
	n = ui_frame_text(f, f->width - n - 2, 0, n, UI_DIM, info);
	if (tag[0] != '\0')
		ui_frame_role(f, f->width - n - 2, 0, (int)strlen(tag),
		    model_verdict(st)->kind == MODEL_OK && model_nraces(st) == 0 ? UI_OK :
		    model_verdict(st)->kind == MODEL_RUNNING ? UI_RACE : UI_BAD);
	ui_frame_set(f, f->width - n - 3, 0, L' ', UI_BORDER);
	ui_frame_set(f, f->width - 2, 0, L' ', UI_BORDER);
}

/* Where everything goes, computed from the terminal's size and the
 * scenario: the same arithmetic for drawing and for clicks.  A pane per
 * thread group, as wide as its code, side by side when they fit, else one
 * above another; as tall as the code (its members, lines and
 * micro-operations), and the timeline takes what is left. */
struct layout {
	int ngroups;
	bool stacked;
	int *px, *py, *pw, *ph;		/* each group's pane */
	int panes_w;			/* columns of the panes, from x 1 */
	int top_h;			/* rows of the panes and the side panel */
	int lower_y, lower_h;		/* the timeline or table */
	int status_rows;
	int list_rows;			/* > 0: a thread list, then one group's code */
};

/* Rows the side panel wants in w columns: its title, a row a variable
 * (an array's last writer goes under it, on two rows when narrow), a
 * title and the folded rows of each primitive. */
static int
side_rows(const struct ui_session *s, int w)
{
	size_t sh, p, t;
	int rows = 1, name_w = 0;

	for (t = 0; t < s->prog->nthreads; t++)
		if ((int)strlen(thread_name(s, (int)t)) > name_w)
			name_w = (int)strlen(thread_name(s, (int)t));
	/* a scalar's writer beside it, "NAME = v  T@12, was v", or under it */
	for (sh = 0; sh < s->prog->nshared; sh++)
		rows += model_element_of(s->model, (int)sh, 0) < 0 ? 0 :
		    s->prog->shared[sh].kind != LANG_SHARED_SCALAR ? (w < 36 ? 3 : 2) :
		    (int)strlen(s->prog->shared[sh].name) + name_w + 22 > w ? 2 : 1;
	if (model_nprims(s->model) > 0)
		rows += 2;
	for (p = 0; p < model_nprims(s->model); p++) {
		struct strbuf line = { 0 };

		prim_text(s, (int)p, &line);
		rows += draw_folded(NULL, 0, 0, w, 100, UI_NORMAL, strbuf_str(&line));
		strbuf_free(&line);
	}
	return rows;
}

static void
compute_layout(const struct ui_session *s, int W, int H, struct layout *L)
{
	int G = (int)s->prog->ngroups, n = (int)s->prog->nthreads, i, sum_w = 0, max_h = 0;
	int sum_h = 0, side_w, avail, tl_min, top_need, extra, x, y;
	int *need_w = xcalloc((size_t)G + 1, sizeof(int));
	int *need_h = xcalloc((size_t)G + 1, sizeof(int));

	L->ngroups = G;
	L->px = xcalloc((size_t)G + 1, sizeof(int));
	L->py = xcalloc((size_t)G + 1, sizeof(int));
	L->pw = xcalloc((size_t)G + 1, sizeof(int));
	L->ph = xcalloc((size_t)G + 1, sizeof(int));
	L->status_rows = draw_status(s, NULL, 0, 0, W - 4);
	/* rows between the header and the rule above the status line, less
	 * the timeline's title */
	avail = H - 1 - L->status_rows - 1 - 1 - 1;
	for (i = 0; i < G; i++) {
		group_need(s, i, &need_w[i], &need_h[i]);
		sum_w += need_w[i] + 1;
		sum_h += need_h[i] + 1;
		max_h = need_h[i] > max_h ? need_h[i] : max_h;
	}
	/* the side panel gives up columns for the panes to stand side by side */
	side_w = W / 3 < SIDE_MIN ? SIDE_MIN : W / 3 > 48 ? 48 : W / 3;
	if (sum_w > W - 2 - side_w && W - 2 - sum_w >= SIDE_MIN)
		side_w = W - 2 - sum_w;
	L->panes_w = W - 2 - side_w - 1;
	L->stacked = sum_w > L->panes_w + 1;
	/* stacked, each pane is as wide as the panes: the widest code fits
	 * (the marks of where a group's members stand may be cut) */
	for (i = 0; i < G && L->stacked; i++) {
		int code_w = need_w[i] - (s->prog->groups[i].count > 1 ? 4 : 0);

		if (code_w > L->panes_w && W - 3 - code_w >= SIDE_MIN) {
			side_w = W - 3 - code_w;
			L->panes_w = code_w;
		}
	}
	top_need = L->stacked ? sum_h - 1 : max_h;
	if (top_need < side_rows(s, W - (1 + L->panes_w + 2) - 2))
		top_need = side_rows(s, W - (1 + L->panes_w + 2) - 2);
	tl_min = s->view == UI_VIEW_TABLE ? avail / 3 : timeline_rows(n, false);
	if (tl_min > avail / 3 && tl_min > 5)
		tl_min = avail / 3 > 5 ? avail / 3 : 5;
	L->top_h = top_need < avail - tl_min ? top_need : avail - tl_min;
	if (L->top_h < 3)
		L->top_h = 3;
	L->lower_y = 1 + L->top_h + 1;
	L->lower_h = H - 1 - L->status_rows - 1 - L->lower_y;
	/* the panes: extra columns shared out, or rows by need */
	extra = L->panes_w + 1 - sum_w;
	for (i = 0, x = 1, y = 1; i < G; i++) {
		if (!L->stacked) {
			L->pw[i] = need_w[i] + extra / G + (i < extra % G ? 1 : 0);
			L->ph[i] = L->top_h;
			L->px[i] = x;
			L->py[i] = 1;
			x += L->pw[i] + 1;
		} else {
			int rows_left = L->top_h - (y - 1), left = G - i;

			L->pw[i] = L->panes_w;
			L->px[i] = 1;
			L->py[i] = y;
			L->ph[i] = i + 1 == G ? rows_left : need_h[i] * (L->top_h - (G - 1)) /
			    (sum_h - G);
			if (L->ph[i] > rows_left - 2 * (left - 1))
				L->ph[i] = rows_left - 2 * (left - 1);
			if (L->ph[i] < 1)
				L->ph[i] = 1;
			y += L->ph[i] + 1;
		}
	}
	/* stacked panes too short for their threads and some code: a list of
	 * the threads, a row each, and the selected one's code under it */
	L->list_rows = 0;
	for (i = 0; i < G && L->stacked; i++) {
		const struct lang_group *g = &s->prog->groups[i];

		if (L->ph[i] < (g->count > 1 ? g->count + 1 : 1) + 2) {
			int code_h = need_h[s->prog->threads[s->selected].group] -
			    s->prog->groups[s->prog->threads[s->selected].group].count;

			code_h = code_h < 4 ? 4 : code_h;
			L->list_rows = L->top_h - 1 - code_h;
			L->list_rows = L->list_rows > n ? n : L->list_rows < 3 ? 3 : L->list_rows;
			break;
		}
	}
	free(need_w);
	free(need_h);
}

/* The first thread of the list's window: the selected one in view. */
static int
list_first(const struct ui_session *s, int rows)
{
	int n = (int)s->prog->nthreads, first = s->selected - rows / 2;

	if (first > n - rows)
		first = n - rows;
	return first < 0 ? 0 : first;
}

/* Many threads: a row a thread (key, name, state), then the selected
 * thread's code, as its group's pane shows it. */
static void
draw_list(const struct ui_session *s, struct ui_frame *f, const struct layout *L)
{
	int first = list_first(s, L->list_rows), r, x = 2, w = L->panes_w - 2;
	int sel_group = s->prog->threads[s->selected].group;

	for (r = 0; r < L->list_rows && first + r < (int)s->prog->nthreads; r++) {
		if (first + r == s->selected)
			ui_frame_set(f, 1, 1 + r, ui_glyph(f, G_ARROW), UI_SELECTED);
		draw_thread_row(s, f, first + r, x, 1 + r, w, 1, true);
	}
	ui_frame_set(f, 0, 1 + L->list_rows, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
	ui_frame_hline(f, 1, 1 + L->list_rows, L->panes_w, UI_BORDER);
	ui_frame_set(f, 1 + L->panes_w, 1 + L->list_rows, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
	ui_frame_printf(f, 2, 1 + L->list_rows, w, UI_TITLE, " code of %s ",
	    thread_name(s, s->selected));
	draw_group(s, f, sel_group, x, 2 + L->list_rows, w, L->top_h - L->list_rows - 1, false);
}

static void
layout_free(struct layout *L)
{
	free(L->px);
	free(L->py);
	free(L->pw);
	free(L->ph);
}

int
ui_layout_thread_at(const struct ui_session *s, int W, int H, int x, int y)
{
	struct layout L;
	int i, t = -1;

	if (s->prog == NULL || s->overlay != UI_OVERLAY_NONE || W < UI_MIN_WIDTH ||
	    H < UI_MIN_HEIGHT)
		return -1;
	compute_layout(s, W, H, &L);
	if (L.list_rows > 0) {
		int r = y - 1, first = list_first(s, L.list_rows);

		t = x >= 1 && x <= L.panes_w && r >= 0 && r < L.list_rows &&
		    first + r < (int)s->prog->nthreads ? first + r : -1;
		layout_free(&L);
		return t;
	}
	for (i = 0; i < L.ngroups; i++) {
		const struct lang_group *g = &s->prog->groups[i];

		if (x < L.px[i] || x >= L.px[i] + L.pw[i] || y < L.py[i] || y >= L.py[i] + L.ph[i])
			continue;
		/* a member's row picks it; the rest of the pane, the thread shown */
		t = g->count > 1 && y - L.py[i] < g->count ? g->first_thread + y - L.py[i] :
		    group_shown_thread(s, i);
	}
	layout_free(&L);
	return t;
}

void
ui_layout(const struct ui_session *s, struct ui_frame *f)
{
	int W = f->width, H = f->height, i, status_y;
	struct layout L;

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
	compute_layout(s, W, H, &L);
	ui_frame_box(f, 0, 0, W, H, NULL);
	draw_header(s, f);
	/* bottom: the status line (the verdict, wrapped) above the frame's
	 * edge, the messages and keys in the rule above it */
	status_y = H - 1 - L.status_rows;
	draw_message_rule(s, f, status_y - 1);
	draw_status(s, f, 2, status_y, W - 4);
	/* the timeline or table */
	ui_frame_set(f, 0, L.lower_y - 1, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
	ui_frame_hline(f, 1, L.lower_y - 1, W - 2, UI_BORDER);
	ui_frame_set(f, W - 1, L.lower_y - 1, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
	ui_frame_text(f, 2, L.lower_y - 1, 20, UI_TITLE, s->view == UI_VIEW_TABLE ?
	    " step table " : " timeline ");
	if (s->view == UI_VIEW_TABLE)
		draw_table(s, f, 2, L.lower_y, W - 4, L.lower_h);
	else
		draw_timeline(s, f, 2, L.lower_y, W - 4, L.lower_h);
	/* the panes, and the lines between them */
	for (i = 0; i < L.ngroups; i++) {
		if (L.list_rows > 0)
			break;
		draw_group(s, f, i, L.px[i] + 1, L.py[i], L.pw[i] - 2, L.ph[i], true);
		if (!L.stacked && i + 1 < L.ngroups) {
			ui_frame_vline(f, L.px[i] + L.pw[i], 1, L.top_h, UI_BORDER);
			ui_frame_set(f, L.px[i] + L.pw[i], L.lower_y - 1, ui_glyph(f, G_TEE_UP),
			    UI_BORDER);
		} else if (L.stacked && i + 1 < L.ngroups) {
			int ly = L.py[i] + L.ph[i];

			ui_frame_set(f, 0, ly, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
			ui_frame_hline(f, 1, ly, L.panes_w, UI_BORDER);
			ui_frame_set(f, 1 + L.panes_w, ly, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
		}
	}
	if (L.list_rows > 0)
		draw_list(s, f, &L);
	ui_frame_vline(f, 1 + L.panes_w, 1, L.top_h, UI_BORDER);
	ui_frame_set(f, 1 + L.panes_w, L.lower_y - 1, ui_glyph(f, G_TEE_UP), UI_BORDER);
	if (L.list_rows > 0)
		ui_frame_set(f, 1 + L.panes_w, 1 + L.list_rows, ui_glyph(f, G_TEE_RIGHT),
		    UI_BORDER);
	draw_side(s, f, 1 + L.panes_w + 2, 1, W - (1 + L.panes_w + 2) - 2, L.top_h);
	layout_free(&L);
	if (s->overlay == UI_OVERLAY_HELP)
		draw_help(f);
	else if (s->overlay == UI_OVERLAY_ABOUT)
		draw_about(s, f);
	else if (s->overlay == UI_OVERLAY_PICKER)
		draw_picker(s, f);
	else if (s->overlay == UI_OVERLAY_CHOICE)
		draw_choice(s, f);
	else if (s->overlay == UI_OVERLAY_JOB && s->job != NULL &&
	    s->job->kind == UI_JOB_EXPLORE)
		draw_explore(s, f);
	else if (s->overlay == UI_OVERLAY_JOB && s->job != NULL)
		draw_freerun(s, f);
}
