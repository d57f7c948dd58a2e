/* verdict.c - how a run ends, in words a student reads. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/eval.h"
#include "model/internal.h"
#include "model/wait.h"
#include "model/words.h"
#include "util/strbuf.h"

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
format_shared(const struct model *m, const struct model_value *values, int shared,
    char *buf, size_t size)
{
	struct strbuf sb = { 0 };

	model_shared_words(m, values, shared, 8, &sb);
	buf[0] = '\0';
	strbuf_catf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

static struct model_value
final_value(void *arg, int element)
{
	return ((const struct model_value *)arg)[element];
}

/* Evaluate an expect's (or an EXPR goal's) code on the final values; -1 on
 * a runtime error (reported in v), else 0 or 1.  Its loads read the final
 * values; everything else is a local instruction (eval.c). */
static int
eval_expect(const struct model *m, const struct model_value *values,
    const struct lang_expect *ex, struct model_verdict *v)
{
	struct model_value stack[LANG_MAX_EXPR_DEPTH * 2 + 8], a;
	struct model_regs regs;
	struct model_world w;

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
	while ((size_t)regs.pc < ex->code.count &&
	    regs.sp < (int)(sizeof(stack) / sizeof(stack[0])) - 1) {
		const struct lang_insn *in = &ex->code.insns[regs.pc];
		const struct lang_shared *s;

		if (in->op == LANG_OP_END)
			return regs.sp > 0 && model_value_truthy(m->strings,
			    &stack[regs.sp - 1]);
		if (in->op == LANG_OP_LOAD) {
			model_regs_push(&regs, values[m->element_base[in->a]]);
		} else if (in->op == LANG_OP_LOAD_ELEM) {
			s = &m->prog->shared[in->a];
			a = model_regs_pop(&regs);
			if ((a.kind != MODEL_INT && a.kind != MODEL_BOOL) || a.i < 0 ||
			    a.i >= s->length) {
				model_verdict_set(v, MODEL_RUNTIME_ERROR, -1, (int)in->loc.line,
				    "IndexError in expect %s: index out of range for %s",
				    ex->text, s->name);
				return -1;
			}
			model_regs_push(&regs, values[m->element_base[in->a] + (int)a.i]);
		} else {
			if (!model_eval_local(&regs, in, &w, v)) {
				strbuf_catf(v->message, sizeof(v->message), " in expect %s",
				    ex->text);
				v->kind = MODEL_RUNTIME_ERROR;
				return -1;
			}
			continue;
		}
		regs.pc++;
	}
	return 0;
}

void
model_judge(const struct model *m, const struct model_value *values,
    struct model_verdict *v)
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
		int holds = eval_expect(m, values, ex, v);

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
			format_shared(m, values, ex->names[i], value, sizeof(value));
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
	return eval_expect(m, values, &goal->expr, &scratch) == 1;
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
	model_judge(st->m, state_values(st), &st->verdict);
}

void
model_finish_run(struct model_state *st, int stepped)
{
	bool alive = false;
	int exiting = -1;
	size_t t;

	if (st->verdict.kind != MODEL_RUNNING)
		return;
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
