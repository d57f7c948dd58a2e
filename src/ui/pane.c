#include "config.h"

#include "ui/pane.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "model/heap.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

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
	if (model_thread_raised(st, t) != NULL) {	/* of a Python program */
		snprintf(why, size, "at line %d: %s%s", th->pending.line,
		    model_thread_raised(st, t), model_exit_pending(st) == t ?
		    " (next: the exit, which stops the daemons)" : "");
		*role = UI_BAD;
		return "died";
	}
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
			if (model_exit_pending(st) == t)
				snprintf(why, size, "(next: the exit, which stops the daemons)");
			else if (model_times_out(st, t)) {
				char wait[200];

				model_blocked_reason(st, t, wait, sizeof(wait));
				snprintf(why, size, "(next: times out; it %s)", wait);
			}
			return "runnable";
		case MODEL_ASSERT_FAILED:
		case MODEL_RUNTIME_ERROR:
			snprintf(why, size, "(stopped by %s's failure)",
			    v->thread >= 0 ? ui_thread_name(s, v->thread) : "a");
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

/* Whether thread t's next step is a raise (a failing assert, a division
 * by zero, an index out of range: a step of its own), and what it will
 * raise ("AssertionError: x is not 1").  The model alone knows the words:
 * the step is taken on a copy of the state and of t's frame. */
static bool
pending_raise(const struct ui_session *s, int t, char *buf, size_t size)
{
	const struct model_state *st = ui_session_state(s);
	const struct model_thread *th = model_thread(st, t);
	const struct model_frame *frame = engine_frame(s->engine, t);
	struct model_frame **frames;
	struct model_state *copy;
	const char *what;
	size_t n = model_frame_size(s->model, t), len;

	if (th->status != MODEL_T_ALIVE || th->pending.op != LANG_OP_RAISE || frame == NULL ||
	    model_verdict(st)->kind != MODEL_RUNNING || !model_enabled(st, t))
		return false;
	frames = xcalloc(s->prog->nthreads, sizeof(*frames));
	frames[t] = xmalloc(n);
	memcpy(frames[t], frame, n);
	copy = model_state_clone(st);
	model_step(copy, frames, t, 0, NULL);
	/* the run's verdict, or in a Python program the thread's death; cut
	 * to buf, as snprintf would, without -Wformat-truncation's complaint
	 * that the verdict's message may be longer */
	what = model_thread_raised(copy, t);
	if (what == NULL)
		what = model_verdict(copy)->message;
	len = strlen(what);
	len = len < size ? len : size - 1;
	memcpy(buf, what, len);
	buf[len] = '\0';
	model_state_free(copy);
	free(frames[t]);
	free(frames);
	return true;
}

/* "will raise AssertionError: x is not 1" if a raise is t's next step. */
static bool
raise_note(const struct ui_session *s, int t, char *buf, size_t size)
{
	char what[300];

	if (!pending_raise(s, t, what, sizeof(what)))
		return false;
	snprintf(buf, size, "will raise %s", what);
	return true;
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
done_on_line(const struct ui_session *s, int t, int func, int line, int pending_pc,
    struct done_op *out)
{
	size_t i;
	int n = 0, last_pc = pending_pc;

	for (i = s->trace.nsteps; i > 0 && n < MAX_DONE; i--) {
		const struct trace_step *ts = &s->trace.steps[i - 1];

		if (ts->thread != t)
			continue;
		if (ts->line != line || ts->func != func || ts->pc >= last_pc)
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
		} else if (in->op == LANG_OP_ITEM_STORE) {
			v = model_frame_stack(frame, 2);
			verb = "will write";
		} else if (in->op == LANG_OP_LIST_APPEND || in->op == LANG_OP_LIST_INSERT ||
		    in->op == LANG_OP_LIST_REMOVE) {
			v = model_frame_stack(frame, 0);
			verb = in->op == LANG_OP_LIST_APPEND ? "will append" :
			    in->op == LANG_OP_LIST_INSERT ? "will insert" : "will remove";
		}
		if (v != NULL && model_value_is_object(v)) {
			struct model_value frozen = model_state_freeze(ui_session_state(s), v);

			model_value_format(&s->strings, &frozen, val, sizeof(val));
			snprintf(buf, size, "%s %s", verb, val);
			return;
		}
		if (v != NULL && v->kind != MODEL_UNSET && (in->op == LANG_OP_LIST_APPEND ||
		    in->op == LANG_OP_LIST_INSERT || in->op == LANG_OP_LIST_REMOVE)) {
			/* which list: "will append 30 to done" */
			const struct model_value *obj = model_frame_stack(frame,
			    lang_heap_operand((enum lang_opcode)in->op));
			char name[64];

			model_value_format(&s->strings, v, val, sizeof(val));
			if (obj == NULL || !model_value_is_object(obj) ||
			    model_object_name(ui_session_state(s), obj, name, sizeof(name)) < 0)
				snprintf(buf, size, "%s %s", verb, val);
			else	/* long values cut: the pane shows what fits anyway */
				snprintf(buf, size, "%s %.150s %s %.40s", verb, val,
				    in->op == LANG_OP_LIST_REMOVE ? "from" : "to", name);
			return;
		}
		if (v != NULL && v->kind != MODEL_UNSET) {
			model_value_format(&s->strings, v, val, sizeof(val));
			snprintf(buf, size, "%s %s", verb, val);
		}
		return;
	}
	for (i = 0; i < ndone; i++) {
		if (done[i].pc != pc || !done[i].has_value)
			continue;
		model_value_format(&s->strings, &done[i].value, val, sizeof(val));
		snprintf(buf, size, "%s %s", done[i].op == LANG_OP_LOAD ||
		    done[i].op == LANG_OP_LOAD_ELEM || done[i].op == LANG_OP_ITEM_LOAD ? "read" :
		    done[i].op == LANG_OP_STORE || done[i].op == LANG_OP_STORE_ELEM ||
		    done[i].op == LANG_OP_ITEM_STORE ? "wrote" :
		    done[i].op == LANG_OP_LIST_APPEND ? "appended" :
		    done[i].op == LANG_OP_LIST_INSERT ? "inserted" :
		    done[i].op == LANG_OP_LIST_REMOVE ? "removed" :
		    done[i].op != LANG_OP_CALL ? "got" : in->b == LANG_M_PUT ? "put" : "got",
		    val);
	}
}

/* Whether the operation on a list at pc is a step of this run: the
 * pending one, or one taken on this line (shared lists only). */
static bool
heap_step_here(const struct ui_session *s, int t, int pc, int pending_pc,
    const struct done_op *done, int ndone)
{
	const struct model_thread *th = model_thread(ui_session_state(s), t);
	int i;

	if (pc == pending_pc)
		return lang_heap_operand((enum lang_opcode)th->pending.op) >= 0;
	for (i = 0; i < ndone; i++)
		if (done[i].pc == pc)
			return true;
	return false;
}

/* The micro-operations of the pending line under it, each with the value
 * it read or will write, the pending one marked: the visible ones, or all
 * of them with e. */
static void
draw_line_ops(const struct ui_session *s, struct ui_frame *f, int t, int func, int line,
    int x, int *row, int w, int bottom, int pending_pc)
{
	const struct lang_program *prog = s->prog;
	const struct lang_code *code = lang_code_of(prog, prog->threads[t].group, func);
	struct done_op done[MAX_DONE];
	int ndone = done_on_line(s, t, func, line, pending_pc, done), op_w = 0, pass;
	size_t i;
	char text[128], note[240];

	/* two passes: the widest operation first, so the values line up */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < code->count && *row < bottom; i++) {
			const struct lang_insn *in = &code->insns[i];
			bool here = (int)i == pending_pc;
			int n;

			if ((int)in->loc.line != line || in->op == LANG_OP_END ||
			    (!s->expand && !lang_op_is_visible((enum lang_opcode)in->op) &&
			    !heap_step_here(s, t, (int)i, pending_pc, done, ndone)))
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
				int len = ui_text_width(note), col = 4 + op_w + 2;

				/* beside the operation, lined up, or under it */
				if (col + len > w)
					col = 4 + n + 1;
				if (col + len > w && *row + 1 < bottom)
					(*row)++, col = 4;
				*row += ui_frame_folded(f, x + col, *row, w - col, bottom - *row,
				    here ? UI_PENDING : UI_CHANGED, note) - 1;
			}
			(*row)++;
		}
}

/* Whether the pending line is worth its micro-operations: it reads or
 * writes a shared variable, or puts a value (a lock's acquire and release
 * tell nothing more than the line does). */
static bool
line_has_story(const struct lang_code *code, bool expand, int line)
{
	size_t i;

	if (expand)
		return true;
	for (i = 0; i < code->count; i++) {
		const struct lang_insn *in = &code->insns[i];

		if ((int)in->loc.line != line)
			continue;
		if (in->op == LANG_OP_LOAD || in->op == LANG_OP_LOAD_ELEM ||
		    in->op == LANG_OP_STORE || in->op == LANG_OP_STORE_ELEM ||
		    (in->op == LANG_OP_CALL && in->b == LANG_M_PUT) ||
		    lang_heap_operand((enum lang_opcode)in->op) >= 0)
			return true;
	}
	return false;
}

/* The line a local is shown beside: of the lines that set it, the last one
 * at or before the pending line (the first one if none is); a function's
 * parameter, set by its call, beside its def line. */
static int
local_line(const struct lang_program *prog, int func, const struct lang_code *code,
    int local, int pending_line)
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
	if (first == 0 && func >= 0 && local < prog->functions[func].nparams)
		return (int)prog->functions[func].first_line;
	return best > 0 ? best : first;
}

/* Local i's value as the pane shows it: a loop variable over a list of
 * threads holds the member's number, shown as the Thread it stands for. */
static void
local_text(const struct ui_session *s, const struct lang_code *code, int i,
    const struct model_value *val, char *buf, size_t size)
{
	const struct lang_group *g;

	if (code->local_threads != NULL && code->local_threads[i] >= 0 &&
	    val->kind == MODEL_INT) {
		g = &s->prog->groups[code->local_threads[i]];
		if (val->i >= 0 && val->i < g->count) {
			snprintf(buf, size, "<Thread(%s)>",
			    ui_thread_name(s, g->first_thread + (int)val->i));
			return;
		}
	}
	model_value_format(&s->strings, val, buf, size);
}

/* The locals set on a line, "i = 1, mine = 11"; with line 0, every local
 * not yet placed (placed[] says which were). */
static void
locals_of_line(const struct ui_session *s, int t, int line, int pending_line, bool *placed,
    struct strbuf *out)
{
	const struct model_frame *frame = engine_frame(s->engine, t);
	const struct lang_code *code = frame != NULL ? model_frame_code(s->model, t, frame) :
	    &s->prog->groups[s->prog->threads[t].group].code;
	char v[300];
	int i;

	if (frame == NULL || model_thread(ui_session_state(s), t)->status != MODEL_T_ALIVE)
		return;
	for (i = 0; i < code->nlocals && i < LANG_MAX_LOCALS; i++) {
		const struct model_value *val;

		if (code->local_names[i][0] == '$' || placed[i] ||
		    (line > 0 && local_line(s->prog, frame != NULL ? model_frame_func(frame) : -1,
		    code, i, pending_line) != line))
			continue;
		val = model_frame_local(s->model, t, frame, i);
		if (val->kind == MODEL_UNSET)
			continue;
		local_text(s, code, i, val, v, sizeof(v));
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
int
ui_pane_shown_thread(const struct ui_session *s, int gi)
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

int
ui_pane_first_member(const struct ui_session *s, int gi, int h)
{
	const struct lang_group *g = &s->prog->groups[gi];
	int shown = ui_pane_shown_thread(s, gi) - g->first_thread;
	int rows = h - 2;	/* less the "more" row and the "code of" row */
	int first;

	if (g->count <= 1 || rows < 1 || shown < rows)
		return 0;
	first = shown - rows / 2;
	if (first > g->count - rows)
		first = g->count - rows;
	return first;
}

/* A thread's row: key, name, state word and why, the why wrapped under it
 * rather than cut; returns the rows it took. */
int
ui_pane_thread_row(const struct ui_session *s, struct ui_frame *f, int t, int x, int y, int w,
    int max_rows, bool compact)
{
	char state[320], key[12];
	const char *word;
	enum ui_role role;
	int n, kw = s->prog->nthreads > 9 ? 3 : 2;

	thread_key(t, key, sizeof(key));
	ui_frame_text(f, x, y, kw, UI_KEY, key);
	n = ui_frame_text(f, x + kw, y, w - kw, t == s->selected ? UI_SELECTED : ui_thread_role(t),
	    ui_thread_name(s, t));
	word = thread_state(s, t, state, sizeof(state), &role);
	/* in a list, a row is all a thread has: what its raise will say (a
	 * pane says it under the code line) */
	if (compact && pending_raise(s, t, state, sizeof(state))) {
		word = "will raise";
		role = UI_BAD;
	}
	/* in a group's list, "waits for m held by B" says blocked already */
	if (compact && role == UI_BLOCKED && state[0] != '\0')
		word = "";
	if (kw + n + 1 + (int)strlen(word) + (state[0] ? 2 + ui_text_width(state) : 0) <= w) {
		ui_frame_printf(f, x + kw + n + 1, y, w - kw - n - 1, role, "%s%s%s", word,
		    !state[0] || !word[0] ? "" : role == UI_BLOCKED ? ": " : " ", state);
		return 1;
	}
	if (word[0] == '\0')
		word = "blocked";	/* no room for why: it shows in the code's pane */
	ui_frame_text(f, x + kw + n + 1, y, w - kw - n - 1, role, word);
	if (state[0] == '\0' || max_rows < 2)
		return 1;
	return 1 + ui_frame_wrapped(f, x + kw, y + 1, w - kw, max_rows - 1, role, state);
}

/* What a pane shows of a thread: the code it is in now and its source
 * lines, a thread block's under its header, or a function's from its def
 * line (so that its parameters show). */
struct shown_block {
	int func;			/* -1: the thread's own code */
	const struct lang_code *code;
	unsigned first, last;		/* the lines, as declared */
};

static void
block_of(const struct lang_program *prog, int gi, int func, struct shown_block *b)
{
	b->func = func;
	b->code = lang_code_of(prog, gi, func);
	if (func < 0) {
		b->first = prog->groups[gi].first_line + 1;
		b->last = prog->groups[gi].last_line;
	} else {
		b->first = prog->functions[func].first_line;
		b->last = prog->functions[func].last_line;
	}
}

/* The function a .py file's thread of group gi runs: a Thread's code is
 * a call of its target (or run()) on the line that made it; -1 for the
 * main thread, in a .race file, where a thread's code is its own, and for
 * a group whose members run different targets (chosen by their index). */
static int
thread_target(const struct lang_program *prog, int gi)
{
	const struct lang_code *code = &prog->groups[gi].code;
	int target = -1;
	size_t i;

	if (!prog->python || gi == prog->main_group)
		return -1;
	for (i = 0; i < code->count; i++) {
		if (code->insns[i].op != LANG_OP_CALL_FUNCTION)
			continue;
		if (target >= 0)
			return -1;
		target = code->insns[i].a;
	}
	return target;
}

/* The function thread t is in now, or -1. */
static int
current_func(const struct ui_session *s, int t)
{
	const struct model_frame *frame = engine_frame(s->engine, t);

	return frame != NULL && model_thread(ui_session_state(s), t)->status == MODEL_T_ALIVE ?
	    model_frame_func(frame) : -1;
}

/* "in transfer(src=0, dst=1, amount=30) line 28 <- A line 33": where t
 * is, innermost first, the running call with its arguments as a backtrace
 * shows them; a piece that does not fit its row starts the next, indented,
 * and past max_rows the callers left are counted ("+3").  Returns the
 * rows drawn (0 outside a function). */
static int
draw_call_stack(const struct ui_session *s, struct ui_frame *f, int t, int line, int x,
    int y, int w, int max_rows)
{
	const struct lang_program *prog = s->prog;
	const struct model_frame *frame = engine_frame(s->engine, t);
	int depth = frame != NULL ? model_frame_depth(frame) : 0, i, func, pc;
	int row = 0, col = 0, width;
	const struct lang_function *fn;
	struct strbuf piece = { 0 };
	char v[300];

	if (depth == 0 || max_rows < 1)
		return 0;
	fn = &prog->functions[model_frame_func(frame)];
	strbuf_printf(&piece, "in %s(", fn->name);
	for (i = 0; i < fn->nparams; i++) {
		model_value_format(&s->strings, model_frame_local(s->model, t, frame, i), v,
		    sizeof(v));
		strbuf_printf(&piece, "%s%s=%s", i > 0 ? ", " : "", fn->code.local_names[i], v);
	}
	strbuf_printf(&piece, ") line %d", line);
	for (i = -1; i < depth; i++) {
		if (i >= 0) {
			model_frame_caller(s->model, t, frame, i, &func, &pc);
			strbuf_printf(&piece, "%s %s%s line %u", f->unicode ? "\xe2\x86\x90" : "<-",
			    func < 0 ? ui_thread_name(s, t) : prog->functions[func].name,
			    func < 0 ? "" : "()",
			    lang_code_of(prog, prog->threads[t].group, func)->insns[pc].loc.line);
		}
		width = ui_text_width(strbuf_str(&piece));
		/* on the last row, room for "+N" stays while callers are left */
		if (col > 0 && row + 1 >= max_rows &&
		    col + 1 + width + (i + 1 < depth ? 4 : 0) > w) {
			strbuf_reset(&piece);
			strbuf_printf(&piece, "+%d", depth - i);
			ui_frame_text(f, x + col + 1, y + row, w - col - 1, UI_DIM,
			    strbuf_str(&piece));
			break;
		}
		if (col > 0 && col + 1 + width > w) {
			row++;
			col = 2;
		} else if (col > 0) {
			col++;
		}
		col += ui_frame_text(f, x + col, y + row, w - col, UI_DIM, strbuf_str(&piece));
		strbuf_reset(&piece);
	}
	strbuf_free(&piece);
	return row + 1;
}

/* The source lines of a block as shown: less their common indentation. */
static int
block_indent(const struct lang_program *prog, const struct shown_block *b)
{
	unsigned line;
	int indent = -1;

	for (line = b->first; line <= b->last; line++) {
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

/* The last line of a block that is not blank or a comment (the block
 * runs on to the next one's start). */
static unsigned
block_last_line(const struct lang_program *prog, const struct shown_block *b)
{
	unsigned line, last = b->first;

	for (line = b->first; line <= b->last; line++) {
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

/* "◀ 0 2" after a line: which members of a group stand there, by tid; in
 * a .py file, which has no tids, by the key each has in the thread list
 * ("◀ 2 3" for Thread-1 and Thread-2, after MainThread). */
static void
members_at_line(const struct ui_session *s, const struct lang_group *g, int line,
    struct strbuf *out)
{
	const struct model_state *st = ui_session_state(s);
	int i;

	for (i = 0; i < g->count; i++) {
		int t = g->first_thread + i;

		if (model_thread(st, t)->status != MODEL_T_ALIVE ||
		    model_thread(st, t)->pending.line != line)
			continue;
		/* the list's key (0 for the tenth); past it, the row's place */
		strbuf_printf(out, " %d", !s->prog->python ? i : t == 9 ? 0 : t + 1);
	}
}

/* A group's pane: its members, one row each (a single thread: its key,
 * name and state), then its code once, with the shown thread's next step
 * marked and its values beside and under the lines, and, for a group,
 * where every member stands. */
void
ui_pane_draw(const struct ui_session *s, struct ui_frame *f, int gi, int x, int y, int w, int h,
    bool members)
{
	const struct lang_program *prog = s->prog;
	const struct lang_group *g = &prog->groups[gi];
	int t = ui_pane_shown_thread(s, gi);
	const struct model_thread *th = model_thread(ui_session_state(s), t);
	const struct model_frame *frame = engine_frame(s->engine, t);
	int pending_line = th->status == MODEL_T_ALIVE ? th->pending.line : 0;
	int pending_pc = frame != NULL && th->status == MODEL_T_ALIVE ?
	    model_frame_pc(frame) : -1;
	int row = y, bottom = y + h, first, skip, i;
	int last_step_line = 0, last_step_func = -1;
	struct shown_block block;
	bool story;
	bool placed[LANG_MAX_LOCALS] = { false };
	unsigned line, last;
	struct strbuf rest = { 0 };
	char raise[320];

	/* a thread not started yet, or finished: the code it runs, rather
	 * than the one line of main's that made it */
	block_of(prog, gi, th->status == MODEL_T_ALIVE || thread_target(prog, gi) < 0 ?
	    current_func(s, t) : thread_target(prog, gi), &block);
	skip = block_indent(prog, &block);
	story = pending_line > 0 && line_has_story(block.code, s->expand, pending_line);

	first = members ? ui_pane_first_member(s, gi, h) : 0;
	for (i = first; i < g->count && row < bottom && members; i++) {
		if (g->count > 1 && row + 1 >= bottom - 1 && i + 1 < g->count)
			break;
		/* scrolled, a row a member, so that rows are members */
		row += ui_pane_thread_row(s, f, g->first_thread + i, x, row, w,
		    first > 0 ? 1 : bottom - row - 1, g->count > 1);
	}
	/* the members not listed, above the window or below it */
	if (members && (first > 0 || i < g->count) && row < bottom)
		ui_frame_printf(f, x, row++, w, UI_DIM, "%d more: h and l select them",
		    g->count - (i - first));
	if (g->count > 1 && row < bottom && members) {
		/* a .py file's group is a list of Thread objects: the shown
		 * one by its name, the marks the thread list's keys */
		int n = (s->prog->python ? ui_frame_printf(f, x, row, w, UI_DIM, "code of %s,",
		    ui_thread_name(s, t)) : ui_frame_printf(f, x, row, w, UI_DIM,
		    "code of %s[%d],", g->name, t - g->first_thread)) + 1;
		const char *marks = s->prog->python ? "keys" : "tids";

		if (n + 2 + (int)strlen(marks) <= w) {
			ui_frame_set(f, x + n, row, ui_glyph(f, G_LARROW), UI_PENDING);
			ui_frame_text(f, x + n + 2, row, w - n - 2, UI_DIM, marks);
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
				last_step_func = s->trace.steps[i - 1].func;
				break;
			}
	/* in a function: where it was called from, above its code */
	/* two rows at most: the code is the story */
	row += draw_call_stack(s, f, t, pending_line, x, row, w,
	    bottom - row < 2 ? bottom - row : 2);
	for (i = 0; block.func >= 0 && i < prog->functions[block.func].nparams; i++)
		placed[i] = true;	/* the call stack shows the arguments */
	last = block_last_line(prog, &block);
	first = (int)block.first;
	if (pending_line > 0 && pending_line - first >= bottom - row - (story ? 4 : 1))
		first = pending_line - (bottom - row) / 2;
	if (first < (int)block.first)
		first = (int)block.first;
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
		if (ui_text_width(buf) > w - 2) {
			/* folded at a space rather than cut: the code is the story;
			 * a line with no room left for its folds is left out */
			int rows = ui_frame_folded(NULL, 0, 0, w - 2, 100, UI_NORMAL, buf);

			if (rows > bottom - row)
				break;
			ui_frame_folded(f, x + 2, row, w - 2, rows, here ? UI_PENDING : UI_NORMAL,
			    buf);
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
			draw_line_ops(s, f, t, block.func, (int)line, x, &row, w, bottom,
			    pending_pc);
		else if ((int)line == last_step_line)
			draw_line_ops(s, f, t, last_step_func, (int)line, x, &row, w, bottom,
			    INT_MAX);
		/* a raise is the next step: say what it raises, under its line */
		if (here && row < bottom && raise_note(s, t, raise, sizeof(raise))) {
			if (story)
				ui_frame_set(f, x + 2, row, ui_glyph(f, G_ARROW), UI_PENDING);
			row += ui_frame_folded(f, x + 4, row, w - 4, bottom - row, UI_BAD, raise);
		}
	}
	/* locals that found no room beside their line, under the code */
	locals_of_line(s, t, 0, pending_line, placed, &rest);
	if (rest.len > 0 && row < bottom)
		ui_frame_wrapped(f, x, row, w, bottom - row, UI_CHANGED, strbuf_str(&rest));
	strbuf_free(&rest);
}

static void block_need(const struct lang_program *prog, const struct shown_block *b,
    int *lines, int *width, int *ops);

/* The columns and rows group gi's pane wants: its members, the widest
 * line of its code, every line, and the micro-operations of the line with
 * the most. */
void
ui_pane_need(const struct ui_session *s, int gi, int *w, int *h)
{
	const struct lang_program *prog = s->prog;
	const struct lang_group *g = &prog->groups[gi];
	int lines = 0, width = 0, ops = 0, i, func;
	unsigned char *reach = xcalloc(prog->nfunctions + 1, 1);
	char raise[320];

	/* the thread's own block, and any function it may be in (calls
	 * come and go: the pane keeps its size) */
	lang_group_reach(prog, gi, reach);
	for (func = -1; func < (int)prog->nfunctions; func++) {
		struct shown_block b;
		int block_lines = 0;

		if (func >= 0 && !reach[func])
			continue;
		block_of(prog, gi, func, &b);
		block_need(prog, &b, &block_lines, &width, &ops);
		if (func >= 0)
			block_lines++;	/* the call stack above it */
		lines = block_lines > lines ? block_lines : lines;
	}
	free(reach);
	/* the markers of where members stand may be cut, the code may not */
	*w = 2 + 2 + width + (g->count > 1 ? 4 : 0);	/* margins, gutter, code */
	i = (int)strlen(g->name) + (g->count > 1 ? 8 : 5) + 10;
	*w = *w < i ? i : *w;
	*w = *w < 22 ? 22 : *w;
	*h = (g->count > 1 ? g->count + 1 : 2) + lines + (ops > 1 ? ops : 1) + 1;
	/* and the rows of what a raise that comes next will say */
	if (raise_note(s, ui_pane_shown_thread(s, gi), raise, sizeof(raise)))
		*h += ui_frame_folded(NULL, 0, 0, *w - 6, 100, UI_BAD, raise);
}

/* The lines of block b, its widest line and the most visible operations
 * on one line (the widest and the most over every block asked). */
static void
block_need(const struct lang_program *prog, const struct shown_block *b, int *lines,
    int *width, int *ops)
{
	const struct lang_code *code = b->code;
	int skip = block_indent(prog, b);
	unsigned line, last = block_last_line(prog, b);

	for (line = b->first; line <= last; line++) {
		size_t len, k;
		const char *text = lang_source_line(prog->source, line, &len);
		int here = 0;

		if (text == NULL)
			break;
		while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\r'))
			len--;
		++*lines;
		if ((int)len - skip > *width)
			*width = (int)len - skip;
		for (k = 0; k < code->count; k++)
			if (code->insns[k].loc.line == line &&
			    lang_op_is_visible((enum lang_opcode)code->insns[k].op))
				here++;
		*ops = here > *ops ? here : *ops;
	}
}
