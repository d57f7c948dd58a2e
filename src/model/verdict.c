/* verdict.c - how a run ends, in words a student reads. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/eval.h"
#include "model/internal.h"
#include "model/wait.h"
#include "model/words.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void __attribute__((format(printf, 5, 0)))
set_verdict_v(struct model_verdict *v, enum model_verdict_kind kind, int thread, int line,
    const char *fmt, va_list ap)
{
	if (v->kind != MODEL_RUNNING)
		return;
	v->kind = kind;
	v->thread = thread;
	v->line = line;
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
}

void
model_fail(struct model_state *st, enum model_verdict_kind kind, int thread, int line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_verdict_v(&st->verdict, kind, thread, line, fmt, ap);
	va_end(ap);
}

void
model_verdict_set(struct model_verdict *v, enum model_verdict_kind kind, int thread,
    int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_verdict_v(v, kind, thread, line, fmt, ap);
	va_end(ap);
}

/* A shared name's value as Python prints it, a long array cut short. */
static void
format_shared(const struct model *m, const struct model_value *values,
    const struct model_heap *heap, int shared, char *buf, size_t size)
{
	const struct model_value *v = &values[m->element_base[shared]];
	struct strbuf sb = { 0 };

	buf[0] = '\0';
	if (heap != NULL && m->prog->shared[shared].kind == LANG_SHARED_SCALAR &&
	    model_value_is_object(v)) {
		model_heap_repr(heap, m->strings, v, buf, size);
		return;
	}
	model_shared_words(m, values, shared, 8, &sb);
	strbuf_catf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

static struct model_value
final_value(void *arg, int element)
{
	return ((const struct model_value *)arg)[element];
}

/* The heap an expect computes on: a copy of the run's (values may refer
 * to its objects), or an empty one, in mem (model_heap_bytes of the
 * model's heap size); the run's own is not changed by judging it. */
static struct model_heap *
scratch_heap(const struct model *m, const struct model_heap *from, void **mem,
    struct model_heap *h)
{
	int nobjs = from != NULL ? from->nobjs : m->heap_objs;
	int ncells = from != NULL ? from->ncells : m->heap_cells;

	*mem = NULL;
	if (m->heap_objs == 0)
		return NULL;
	*mem = xcalloc(1, model_heap_bytes(nobjs, ncells));
	model_heap_view(h, *mem, nobjs, ncells);
	if (from != NULL) {
		memcpy(h->objs, from->objs, (size_t)nobjs * sizeof(*h->objs));
		memcpy(h->cells, from->cells, (size_t)ncells * sizeof(*h->cells));
	}
	return h;
}

#define EXPECT_STACK (LANG_MAX_EXPR_DEPTH * 2 + 8)

static int
run_expect(const struct model *m, const struct model_value *values,
    const struct lang_expect *ex, struct model_regs *regs, const struct model_world *w,
    struct model_verdict *v)
{
	struct model_value a;

	while ((size_t)regs->pc < ex->code.count && regs->sp < EXPECT_STACK - 1) {
		const struct lang_insn *in = &ex->code.insns[regs->pc];
		const struct lang_shared *s;

		if (in->op == LANG_OP_END)
			return regs->sp > 0 && model_eval_truthy(w, &regs->stack[regs->sp - 1]);
		if (in->op == LANG_OP_LOAD) {
			model_regs_push(regs, values[m->element_base[in->a]]);
		} else if (in->op == LANG_OP_LOAD_ELEM) {
			s = &m->prog->shared[in->a];
			a = model_regs_pop(regs);
			if ((a.kind != MODEL_INT && a.kind != MODEL_BOOL) || a.i < 0 ||
			    a.i >= s->length) {
				model_verdict_set(v, MODEL_RUNTIME_ERROR, -1, (int)in->loc.line,
				    "IndexError in expect %s: index out of range for %s",
				    ex->text, s->name);
				return -1;
			}
			model_regs_push(regs, values[m->element_base[in->a] + (int)a.i]);
		} else {
			if (!model_eval_local(regs, in, w, v)) {
				strbuf_catf(v->message, sizeof(v->message), " in expect %s",
				    ex->text);
				v->kind = MODEL_RUNTIME_ERROR;
				return -1;
			}
			continue;
		}
		regs->pc++;
	}
	return 0;
}

/* Evaluate an expect's (or an EXPR goal's) code on the final values; -1 on
 * a runtime error (reported in v), else 0 or 1.  Its loads read the final
 * values; everything else is a local instruction (eval.c), lists made on a
 * scratch copy of heap. */
static int
eval_expect(const struct model *m, const struct model_value *values,
    const struct model_heap *heap, const struct lang_expect *ex, struct model_verdict *v)
{
	struct model_value stack[EXPECT_STACK];
	struct model_regs regs;
	struct model_world w;
	struct model_heap scratch;
	void *mem;
	int holds;

	memset(stack, 0, sizeof(stack));
	memset(&regs, 0, sizeof(regs));
	regs.func = -1;
	regs.stack = stack;
	regs.locals = NULL;
	regs.sp = 0;
	regs.pc = 0;
	w.m = m;
	w.strings = m->strings;
	w.thread = -1;
	w.load_const = final_value;
	w.arg = (void *)values;
	w.output = NULL;
	w.output_size = 0;
	w.heap = scratch_heap(m, heap, &mem, &scratch);
	holds = run_expect(m, values, ex, &regs, &w, v);
	free(mem);
	return holds;
}

void
model_judge(const struct model *m, const struct model_value *values,
    const struct model_heap *heap, struct model_verdict *v)
{
	const struct lang_program *prog = m->prog;
	size_t x, i, named;
	char value[300];

	memset(v, 0, sizeof(*v));
	v->kind = MODEL_RUNNING;
	v->thread = -1;
	v->expect = -1;
	for (x = 0; x < prog->nexpects; x++) {
		const struct lang_expect *ex = &prog->expects[x];
		int holds = eval_expect(m, values, heap, ex, v);

		if (holds < 0)
			return;
		if (holds)
			continue;
		model_verdict_set(v, MODEL_EXPECT_FAILED, -1, (int)ex->loc.line,
		    "expect %s", ex->text);
		v->expect = (int)x;
		for (i = 0, named = 0; i < ex->nnames; i++) {
			if (prog->shared[ex->names[i]].constant)
				continue;	/* its value is in the source */
			format_shared(m, values, heap, ex->names[i], value, sizeof(value));
			strbuf_catf(v->message, sizeof(v->message), "%s%s is %s",
			    named++ ? ", " : ": ", prog->shared[ex->names[i]].name, value);
		}
		return;
	}
	model_verdict_set(v, MODEL_OK, -1, 0, "every thread finished and every expect holds");
}

bool
model_goal_reached(const struct model *m, const struct model_verdict *v,
    const struct model_value *values)
{
	const struct lang_goal *goal = &m->prog->goal;
	struct model_verdict scratch;

	switch (goal->kind) {
	case LANG_GOAL_NONE:
		return false;
	case LANG_GOAL_DEADLOCK:
		return v->kind == MODEL_DEADLOCK;
	case LANG_GOAL_ASSERTION:
		return v->kind == MODEL_ASSERT_FAILED;
	case LANG_GOAL_EXPR:
		break;
	}
	/* Only a run whose threads all finished has final values to judge. */
	if (v->kind != MODEL_OK && v->kind != MODEL_EXPECT_FAILED)
		return false;
	return eval_expect(m, values, NULL, &goal->expr, &scratch) == 1;
}

/* Follow waits-for edges from t; if they come back to a thread already on
 * the path (at[] is each thread's place on it), that loop is a cycle: into
 * cycle, its length returned. */
static int
find_cycle(const struct model_waiter *threads, int t, int *cycle)
{
	int path[LANG_MAX_THREADS], at[LANG_MAX_THREADS], n = 0, i;
	int next[MODEL_WAIT_MAX_HOLDERS];

	for (i = 0; i < LANG_MAX_THREADS; i++)
		at[i] = -1;
	while (at[t] < 0) {
		at[t] = n;
		path[n++] = t;
		if (!threads[t].stuck || model_wait_holders(&threads[t].wait, next) == 0)
			return 0;
		t = next[0];
	}
	memcpy(cycle, path + at[t], (size_t)(n - at[t]) * sizeof(int));
	return n - at[t];
}

int
model_deadlock_words(const struct model *m, const struct model_waiter *threads,
    char *msg, size_t size)
{
	char reason[300];
	int cycle[LANG_MAX_THREADS], n = 0, i;
	size_t t;

	msg[0] = '\0';
	for (t = 0; t < m->nthreads && n == 0; t++)
		if (threads[t].alive)
			n = find_cycle(threads, (int)t, cycle);
	if (n > 0) {
		for (i = 0; i < n; i++) {
			model_wait_format(m, cycle[i], &threads[cycle[i]].wait, reason,
			    sizeof(reason));
			strbuf_catf(msg, size, "%s%s %s", i ? "; " : "",
			    m->prog->threads[cycle[i]].name, reason);
		}
	} else {
		strbuf_catf(msg, size, "every unfinished thread is blocked: ");
		for (t = 0, i = 0; t < m->nthreads; t++) {
			if (!threads[t].alive)
				continue;
			model_wait_format(m, (int)t, &threads[t].wait, reason, sizeof(reason));
			strbuf_catf(msg, size, "%s%s %s", i++ ? "; " : "",
			    m->prog->threads[t].name, reason);
		}
	}
	return n > 0 ? cycle[0] : -1;
}

static void
report_deadlock(struct model_state *st)
{
	struct model_waiter threads[LANG_MAX_THREADS];
	char msg[512];
	int first;
	size_t t;

	for (t = 0; t < st->m->nthreads; t++) {
		threads[t].alive = state_thread(st, (int)t)->status == MODEL_T_ALIVE;
		threads[t].stuck = threads[t].alive && !model_enabled(st, (int)t);
		if (threads[t].alive)
			model_wait_of(st, (int)t, &threads[t].wait);
	}
	first = model_deadlock_words(st->m, threads, msg, sizeof(msg));
	model_fail(st, MODEL_DEADLOCK, first, 0, "%s", msg);
}

/* Whether some thread can take a step; thread first is asked first (the
 * one that just stepped usually still can), -1 for none. */
static bool
some_thread_enabled(const struct model_state *st, int first)
{
	size_t t;

	if (first >= 0 && model_enabled(st, first))
		return true;
	for (t = 0; t < st->m->nthreads; t++)
		if ((int)t != first && model_enabled(st, (int)t))
			return true;
	return false;
}

static bool
is_daemon(const struct model_state *st, int t)
{
	const struct lang_program *prog = st->m->prog;

	return prog->groups[prog->threads[t].group].daemon != 0;
}

/* Whether a daemon can take a step. */
static bool
daemon_can_step(const struct model_state *st)
{
	size_t t;

	for (t = 0; t < st->m->nthreads; t++)
		if (is_daemon(st, (int)t) && model_enabled(st, (int)t))
			return true;
	return false;
}

/* The thread that takes the exit step: the one whose end just made every
 * non-daemon finished, or (when they all ended before the first step)
 * the last of them; -1 if none ever ran.  It is made alive again, its
 * pending action its END: that is what model_exit_pending looks for. */
static int
pend_exit(struct model_state *st, int stepped)
{
	int t = -1, k;

	if (stepped >= 0 && !is_daemon(st, stepped) &&
	    state_thread(st, stepped)->status == MODEL_T_FINISHED)
		t = stepped;
	for (k = (int)st->m->nthreads - 1; t < 0 && k >= 0; k--)
		if (!is_daemon(st, k) && state_thread(st, k)->status == MODEL_T_FINISHED)
			t = k;
	if (t >= 0)
		state_threads(st)[t].status = MODEL_T_ALIVE;
	return t;
}

int
model_exit_pending(const struct model_state *st)
{
	size_t t;

	for (t = 0; t < st->m->nthreads; t++) {
		const struct model_thread *th = state_thread(st, (int)t);

		if (th->status == MODEL_T_ALIVE && th->entered && th->pending.op == LANG_OP_END)
			return (int)t;
	}
	return -1;
}

void
model_end_run(struct model_state *st)
{
	size_t t;

	for (t = 0; t < st->m->nthreads; t++)
		if (state_threads(st)[t].status == MODEL_T_ALIVE)
			state_threads(st)[t].status = is_daemon(st, (int)t) ?
			    MODEL_T_STOPPED : MODEL_T_FINISHED;
	{
		struct model_heap h;

		state_heap(st, &h);
		model_judge(st->m, state_values(st), &h, &st->verdict);
	}
}

/* The threads that died of an uncaught exception, in the order they died
 * (their ranks); how many.  The texts live in the string table. */
static int
state_exceptions(const struct model_state *st, struct model_exception *exc)
{
	int n = 0;
	size_t t;

	for (t = 0; t < st->m->nthreads; t++) {
		const struct model_thread *th = state_thread(st, (int)t);

		if (!thread_died(th) || th->raised_rank < 1 ||
		    th->raised_rank > (int)st->m->nthreads)
			continue;
		exc[th->raised_rank - 1].thread = (int)t;
		exc[th->raised_rank - 1].func = th->pending.func;
		exc[th->raised_rank - 1].line = th->pending.line;
		exc[th->raised_rank - 1].text = model_strings_get(st->m->strings,
		    th->raised - 1);
		n++;
	}
	return n;
}

const char *
model_thread_raised(const struct model_state *st, int t)
{
	const struct model_thread *th = state_thread(st, t);

	return thread_died(th) ? model_strings_get(st->m->strings, th->raised - 1) : NULL;
}

static bool
is_assertion(const char *text)
{
	return strncmp(text, "AssertionError", 14) == 0 && (text[14] == '\0' ||
	    text[14] == ':');
}

void
model_verdict_note_limits(struct model_verdict *v)
{
	static const char recursion[] = "RecursionError: maximum recursion depth exceeded";

	if (strncmp(v->message, recursion, sizeof(recursion) - 1) == 0)
		strbuf_catf(v->message, sizeof(v->message), " (lockstep's limits: %d calls "
		    "under way in a thread, %d values in their frames; CPython's depth is "
		    "about 1000)", LANG_MAX_CALL_DEPTH, LANG_MAX_FRAME_SLOTS);
}

void
model_verdict_uncaught(const struct model *m, struct model_verdict *v,
    const struct model_exception *exc, int n)
{
	const struct lang_program *prog = m->prog;
	int i = 0;

	if (n <= 0 || v->kind == MODEL_RUNNING)
		return;
	v->uncaught = n;
	if (v->kind == MODEL_OK) {
		v->kind = is_assertion(exc[0].text) ? MODEL_ASSERT_FAILED : MODEL_RUNTIME_ERROR;
		v->thread = exc[0].thread;
		v->line = exc[0].line;
		snprintf(v->message, sizeof(v->message), "%s", exc[0].text);
		model_verdict_note_limits(v);
		for (i = 1; i < n; i++)
			strbuf_catf(v->message, sizeof(v->message), "; then an uncaught exception "
			    "in %s at line %d: %s", prog->threads[exc[i].thread].name,
			    exc[i].line, exc[i].text);
		return;
	}
	for (i = 0; i < n; i++)
		strbuf_catf(v->message, sizeof(v->message), "%s in %s at line %d: %s",
		    i == 0 ? " (after an uncaught exception" : "; then",
		    prog->threads[exc[i].thread].name, exc[i].line, exc[i].text);
	strbuf_catf(v->message, sizeof(v->message), ")");
}

/* One frame of a traceback: "  File "x.py", line 6, in check", then the
 * source line, as CPython writes them (a method by its own name). */
static void
traceback_frame(const struct lang_program *prog, const char *name, int line, char *buf,
    size_t size)
{
	char path[300], code[300], safe[600];
	const char *at, *dot = strrchr(name, '.');
	size_t len = 0;

	strbuf_catf(buf, size, "  File \"%s\", line %d, in %s\n", sanitize_into(path,
	    sizeof(path), prog->source->path, SANITIZE_LINE), line,
	    dot != NULL ? dot + 1 : name);
	at = line > 0 ? lang_source_line(prog->source, (size_t)line, &len) : NULL;
	while (at != NULL && len > 0 && (*at == ' ' || *at == '\t')) {
		at++;
		len--;
	}
	while (at != NULL && len > 0 && (at[len - 1] == ' ' || at[len - 1] == '\r'))
		len--;
	if (at != NULL && len > 0) {
		snprintf(code, sizeof(code), "%.*s", (int)len, at);
		strbuf_catf(buf, size, "    %s\n", sanitize_into(safe, sizeof(safe), code,
		    SANITIZE_LINE));
	}
}

struct tb_frame {
	const char *name;
	int line;
};

/* The name a traceback gives code of thread t's group: a function's own,
 * the module's, or NULL for a Thread's own code (the call of its target,
 * which CPython's threading makes in frames lockstep leaves out). */
static const char *
frame_name(const struct model *m, int t, int func)
{
	const struct lang_program *prog = m->prog;
	const struct lang_group *g = &prog->groups[prog->threads[t].group];

	return func >= 0 ? prog->functions[func].name : g->is_main ? "<module>" : NULL;
}

/* A caught exception's traceback (model_exc_traceback) appended to
 * frames, at most max in all; returns how many frames there are then. */
static int
caught_frames(const struct model *m, int t, int32_t pad, struct tb_frame *frames, int n,
    int max)
{
	int funcs[LANG_MAX_CALL_DEPTH + 1], lines[LANG_MAX_CALL_DEPTH + 1];
	int k, got = model_exc_traceback(m->strings, pad, funcs, lines, LANG_MAX_CALL_DEPTH + 1);

	for (k = 0; k < got && n < max; k++) {
		frames[n].name = frame_name(m, t, funcs[k]);
		frames[n].line = lines[k];
		if (frames[n].name != NULL)
			n++;
	}
	return n;
}

/* "Traceback (most recent call last):", the frames, and the exception's
 * text: as CPython does, a frame repeated more than three times running
 * (a recursion) is written three times and then counted. */
static void
traceback(const struct lang_program *prog, const struct tb_frame *frames, int n,
    const char *text, char *buf, size_t size)
{
	int i, same = 0;

	strbuf_catf(buf, size, "Traceback (most recent call last):\n");
	for (i = 0; i < n; i++) {
		same = i > 0 && frames[i].line == frames[i - 1].line &&
		    strcmp(frames[i].name, frames[i - 1].name) == 0 ? same + 1 : 0;
		if (same < 3)
			traceback_frame(prog, frames[i].name, frames[i].line, buf, size);
		if (same >= 3 && (i + 1 == n || frames[i + 1].line != frames[i].line ||
		    strcmp(frames[i + 1].name, frames[i].name) != 0))
			strbuf_catf(buf, size, "  [Previous line repeated %d more time%s]\n",
			    same - 2, same - 2 == 1 ? "" : "s");
	}
	strbuf_catf(buf, size, "%s\n", text);
}

/* The exception the raise that frame is parked at chains to, as
 * CPython's report shows it first: the one being handled where it runs
 * (its context) or the one `raise ... from` names (its cause), unless it
 * is that exception re-raised, or `from None`; NULL if none.  *cause
 * says which.  (Only the one exception: what it chained to in turn is not
 * kept.) */
static const struct model_value *
chained(const struct model *m, int t, const struct model_frame *frame, bool *cause)
{
	const struct lang_code *code = model_frame_code(m, t, frame);
	int pc = model_frame_pc(frame);
	const struct lang_insn *in = pc >= 0 && (size_t)pc < code->count ? &code->insns[pc] :
	    NULL;
	const struct lang_handling *h = lang_handling_at(code, pc);
	const struct model_value *raised = NULL, *handled = NULL;
	int i, func;

	*cause = false;
	if (in != NULL && in->op == LANG_OP_THROW) {
		raised = model_frame_stack(frame, 0);
		if (in->a == LANG_RAISE_NO_CHAIN)
			return NULL;
		*cause = in->a == LANG_RAISE_CAUSE;
	}
	if (*cause)
		handled = model_frame_local(m, t, frame, in->b - 1);
	else if (h != NULL)
		handled = model_frame_local(m, t, frame, h->slot);
	/* else the innermost caller's, as CPython's sys.exc_info() */
	for (i = 0; !*cause && h == NULL && i < model_frame_depth(frame); i++) {
		model_frame_caller(m, t, frame, i, &func, &pc);
		h = lang_handling_at(lang_code_of(m->prog, m->prog->threads[t].group, func), pc);
		if (h != NULL)
			handled = model_frame_caller_local(m, t, frame, i, h->slot);
	}
	if (handled == NULL || handled->kind != MODEL_EXC || handled->pad == 0 ||
	    (raised != NULL && raised->kind == MODEL_EXC && raised->i == handled->i &&
	    raised->pad == handled->pad))
		return NULL;
	return handled;
}

void
model_exception_report(const struct model *m, int t, const struct model_frame *frame,
    int func, int line, const char *text, char *buf, size_t size)
{
	const struct lang_program *prog = m->prog;
	const struct lang_group *g = &prog->groups[prog->threads[t].group];
	struct tb_frame frames[LANG_MAX_CALL_DEPTH + 2];
	const struct model_value *before = NULL, *raised = NULL;
	int n = 0, i, caller, pc, max = LANG_MAX_CALL_DEPTH + 2;
	bool cause = false, kept = false;	/* kept: raised brought a traceback */

	/* CPython names no thread when the main thread's exception ends it */
	if (!g->is_main)
		strbuf_catf(buf, size, "Exception in thread %s:\n", prog->threads[t].name);
	if (frame != NULL && prog->python) {
		const struct lang_code *code = model_frame_code(m, t, frame);
		int at = model_frame_pc(frame);

		before = chained(m, t, frame, &cause);
		if (at >= 0 && (size_t)at < code->count && code->insns[at].op == LANG_OP_THROW)
			raised = model_frame_stack(frame, 0);
		kept = raised != NULL && raised->kind == MODEL_EXC && raised->pad < 0;
	}
	if (before != NULL) {
		traceback(prog, frames, caught_frames(m, t, before->pad, frames, 0, max),
		    model_strings_get(m->strings, before->i), buf, size);
		strbuf_catf(buf, size, "\n%s\n\n", cause ?
		    "The above exception was the direct cause of the following exception:" :
		    "During handling of the above exception, another exception occurred:");
	}
	/* the calls under way, outermost first; a Thread's own code is only
	 * the call of its target, which CPython's threading makes.  A raise
	 * of an exception caught before, which came through calls, shows the
	 * traceback it kept below them. */
	for (i = frame != NULL && (model_frame_func(frame) == func || kept) ?
	    model_frame_depth(frame) - 1 : -1;
	    i >= 0 && n < LANG_MAX_CALL_DEPTH + 1; i--) {
		model_frame_caller(m, t, frame, i, &caller, &pc);
		if ((frames[n].name = frame_name(m, t, caller)) == NULL)
			continue;
		frames[n++].line = (int)lang_code_of(prog, prog->threads[t].group,
		    caller)->insns[pc].loc.line;
	}
	if (kept) {
		n = caught_frames(m, t, raised->pad, frames, n, max);
	} else if (func >= 0 || g->is_main || !prog->source->python) {
		frames[n].name = func >= 0 ? prog->functions[func].name : g->is_main ?
		    "<module>" : g->name;
		frames[n++].line = line;
	}
	/* else a Thread of a .py file raised in its own code, the call of its
	 * target (target=cond.notify): CPython's frames there are all
	 * threading's */
	traceback(prog, frames, n, text, buf, size);
}

void
model_stderr(const struct model_state *st, char *buf, size_t size)
{
	struct model_exception exc[LANG_MAX_THREADS];
	int n = state_exceptions(st, exc), i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		model_exception_report(st->m, exc[i].thread, st->frames != NULL ?
		    st->frames[exc[i].thread] : NULL, exc[i].func, exc[i].line, exc[i].text,
		    buf, size);
}

/* A Python program's run has just ended: name its uncaught exceptions in
 * its verdict (model_verdict_uncaught), once. */
static void
name_uncaught(struct model_state *st)
{
	struct model_exception exc[LANG_MAX_THREADS];

	model_verdict_uncaught(st->m, &st->verdict, exc, state_exceptions(st, exc));
}

static void decide_end(struct model_state *st, int stepped);

void
model_finish_run(struct model_state *st, int stepped)
{
	if (st->verdict.kind == MODEL_RUNNING)
		decide_end(st, stepped);
	if (st->verdict.kind != MODEL_RUNNING && st->verdict.uncaught == 0 &&
	    st->m->prog->python)
		name_uncaught(st);
}

static void
decide_end(struct model_state *st, int stepped)
{
	bool alive = false;
	int exiting = -1;
	size_t t;

	/* The usual case, decided without looking at every thread: the thread
	 * that stepped is a live non-daemon that can step again, so the run
	 * goes on (nor is anything deadlocked), within the step limit. */
	if (stepped >= 0 && st->steps < st->max_steps && !is_daemon(st, stepped) &&
	    model_enabled(st, stepped))
		return;
	for (t = 0; t < st->m->nthreads; t++) {
		const struct model_thread *th = state_thread(st, (int)t);

		if (th->status != MODEL_T_ALIVE)
			continue;
		if (!th->entered)
			return;
		if (is_daemon(st, (int)t))
			continue;
		if (th->pending.op == LANG_OP_END)
			exiting = (int)t;
		else
			alive = true;
	}
	/* Every non-daemon has finished.  As in CPython, the daemons are
	 * stopped only when the program exits, and until then they may run:
	 * while a daemon can step, the exit is a step of its own (of the
	 * thread that finished last), which the schedule takes or puts off.
	 * When no daemon can step, or there is none, the run ends here. */
	if (!alive) {
		if (exiting < 0)
			exiting = pend_exit(st, stepped);
		if (exiting < 0 || !daemon_can_step(st)) {
			model_end_run(st);
			return;
		}
	}
	if (st->steps >= st->max_steps) {
		model_fail(st, MODEL_NO_PROGRESS, -1, 0, "the step limit (%u steps) was "
		    "reached with threads still running", st->max_steps);
		return;
	}
	if (!some_thread_enabled(st, stepped))
		report_deadlock(st);
}
