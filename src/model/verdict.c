/* verdict.c - how a run ends, in words a student reads. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/eval.h"
#include "model/internal.h"
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

static const char *
thread_name(const struct model_state *st, int t)
{
	return st->m->prog->threads[t].name;
}

static void __attribute__((format(printf, 3, 4)))
append(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used >= size - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

/* A shared name's value as Python prints it: 3, or [1, 2, 3] for arrays. */
static void
format_shared(const struct model *m, const struct model_value *values,
    const struct model_heap *heap, int shared, char *buf, size_t size)
{
	const struct lang_shared *s = &m->prog->shared[shared];
	int base = m->element_base[shared], k;
	char v[300];

	buf[0] = '\0';
	if (s->kind == LANG_SHARED_SCALAR && model_value_is_object(&values[base]) &&
	    heap != NULL) {
		model_heap_repr(heap, m->strings, &values[base], buf, size);
		return;
	}
	if (s->kind == LANG_SHARED_SCALAR) {
		model_value_format(m->strings, &values[base], buf, size);
		return;
	}
	append(buf, size, "[");
	for (k = 0; k < s->length; k++) {
		if (k == 8 && s->length > 10) {
			append(buf, size, ", ... (%d more)", s->length - 8);
			break;
		}
		model_value_format(m->strings, &values[base + k], v, sizeof(v));
		append(buf, size, "%s%s", k ? ", " : "", v);
	}
	append(buf, size, "]");
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
				append(v->message, sizeof(v->message), " in expect %s", ex->text);
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
			append(v->message, sizeof(v->message), "%s%s is %s",
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

/* The threads t waits for (holders of what it wants), for cycles. */
static int
waits_for(const struct model_state *st, int t, int *out)
{
	const struct model_thread *th = state_thread(st, t);
	const struct model_pending *pd = &th->pending;
	const struct model_prim *p;
	int n = 0, u;

	if (pd->op == LANG_OP_JOIN) {
		out[n++] = pd->target;
		return n;
	}
	if (pd->op != LANG_OP_CALL)
		return 0;
	p = state_prim(st, pd->target);
	if (p->type == LANG_PRIM_CONDITION)
		p = state_prim(st, p->lock);
	switch ((enum lang_method)pd->method) {
	case LANG_M_ACQUIRE:
	case LANG_M_WAIT_REACQUIRE:
		if (p->type != LANG_PRIM_SEMAPHORE && p->type != LANG_PRIM_BSEMAPHORE &&
		    p->owner >= 0)
			out[n++] = p->owner;
		break;
	case LANG_M_ACQUIRE_READ:
	case LANG_M_ACQUIRE_WRITE:
		if (p->owner >= 0)
			out[n++] = p->owner;
		for (u = 0; u < (int)st->m->nthreads && pd->method == LANG_M_ACQUIRE_WRITE; u++)
			if (tset_has(&p->readers, u))
				out[n++] = u;
		break;
	LANG_CASES_EVENT_METHODS
	LANG_CASES_BARRIER_METHODS
	LANG_CASES_QUEUE_METHODS
	case LANG_M_TRY_ACQUIRE:
	case LANG_M_RELEASE:
	case LANG_M_LOCKED:
	case LANG_M_WAIT:
	case LANG_M_WAIT_FOR:
	case LANG_M_NOTIFY:
	case LANG_M_NOTIFY_ALL:
	case LANG_M_RELEASE_READ:
	case LANG_M_RELEASE_WRITE:
	case LANG_M_COUNT:
		break;
	}
	return n;
}

void
model_thread_list(const struct model *m, const int *threads, int n, char *buf, size_t size)
{
	int i;

	for (i = 0; i < n && i < MODEL_LIST_NAMES; i++)
		append(buf, size, "%s%s", i ? " and " : "",
		    model_program(m)->threads[threads[i]].name);
	if (n > MODEL_LIST_NAMES)
		append(buf, size, " and %d others", n - MODEL_LIST_NAMES);
}

void
model_wait_format(const struct model *m, int t, const struct model_wait *w,
    char *buf, size_t size)
{
	char name[96], lname[96];

	buf[0] = '\0';
	if (w->op == LANG_OP_JOIN) {
		snprintf(buf, size, "waits for %s to finish", m->prog->threads[w->target].name);
		return;
	}
	if (w->op != LANG_OP_CALL)
		return;
	model_prim_name(m, w->target, name, sizeof(name));
	model_prim_name(m, w->lock, lname, sizeof(lname));
	switch ((enum lang_method)w->method) {
	case LANG_M_ACQUIRE:
		if (w->semaphore)
			snprintf(buf, size, "waits for %s (count 0)", name);
		else if (w->owner == t)
			snprintf(buf, size, "waits for %s, which it holds itself "
			    "(a Lock is not re-entrant)", lname);
		else if (w->owner >= 0)
			snprintf(buf, size, "waits for %s held by %s", lname,
			    m->prog->threads[w->owner].name);
		else	/* free-run saw it between a release and an acquire */
			snprintf(buf, size, "waits for %s", lname);
		return;
	case LANG_M_WAIT_REACQUIRE:
		if (!w->notified)
			snprintf(buf, size, "waits on %s to be notified", name);
		else if (w->owner >= 0)
			snprintf(buf, size, "waits for %s held by %s", lname,
			    m->prog->threads[w->owner].name);
		else
			snprintf(buf, size, "waits for %s", lname);
		return;
	case LANG_M_EVENT_WAIT:
		snprintf(buf, size, "waits for %s to be set", name);
		return;
	case LANG_M_BARRIER_PASS:
		snprintf(buf, size, "waits at %s (%lld of %lld arrived)", name, w->count,
		    w->limit);
		return;
	case LANG_M_PUT:
		snprintf(buf, size, "waits for room in %s (full: %lld of %lld)", name,
		    w->count, w->limit);
		return;
	case LANG_M_GET:
		snprintf(buf, size, "waits for an item in %s (empty)", name);
		return;
	case LANG_M_QUEUE_JOIN:
		snprintf(buf, size, "waits for %s's tasks (%d unfinished)", name,
		    w->unfinished);
		return;
	case LANG_M_ACQUIRE_READ:
	case LANG_M_ACQUIRE_WRITE:
		snprintf(buf, size, "waits for %s held by ", name);
		model_thread_list(m, w->holders, w->nholders, buf, size);
		return;
	LANG_CASES_NEVER_WAITING_METHODS
	case LANG_M_COUNT:
		return;
	}
}

void
model_blocked_reason(const struct model_state *st, int t, char *buf, size_t size)
{
	const struct model_thread *th = state_thread(st, t);
	const struct model_pending *pd = &th->pending;
	const struct model_prim *p;
	struct model_wait w;

	buf[0] = '\0';
	if (th->status != MODEL_T_ALIVE || model_could_run(st, t))
		return;
	memset(&w, 0, sizeof(w));
	w.op = pd->op;
	w.method = pd->method;
	w.target = pd->target;
	if (pd->op == LANG_OP_CALL) {
		p = state_prim(st, pd->target);
		w.lock = p->type == LANG_PRIM_CONDITION ? p->lock : pd->target;
		w.owner = state_prim(st, w.lock)->owner;
		w.semaphore = p->type == LANG_PRIM_SEMAPHORE || p->type == LANG_PRIM_BSEMAPHORE;
		w.notified = tset_has(&p->notified, t);
		w.count = (long long)p->count;
		w.limit = (long long)p->limit;
		w.unfinished = (int)p->unfinished;
		w.nholders = waits_for(st, t, w.holders);
	}
	model_wait_format(st->m, t, &w, buf, size);
}

/* Follow waits-for edges from t; if they come back to a thread already on
 * the path (at[] is each thread's place on it), that loop is a cycle: into
 * cycle, its length returned. */
static int
find_cycle(const struct model_state *st, int t, int *cycle)
{
	int path[LANG_MAX_THREADS], at[LANG_MAX_THREADS], n = 0, next[LANG_MAX_THREADS], i;

	for (i = 0; i < LANG_MAX_THREADS; i++)
		at[i] = -1;
	while (at[t] < 0) {
		at[t] = n;
		path[n++] = t;
		if (state_thread(st, t)->status != MODEL_T_ALIVE || model_enabled(st, t) ||
		    waits_for(st, t, next) == 0)
			return 0;
		t = next[0];
	}
	memcpy(cycle, path + at[t], (size_t)(n - at[t]) * sizeof(int));
	return n - at[t];
}

static void
report_deadlock(struct model_state *st)
{
	char reason[300], msg[512] = "";
	int cycle[LANG_MAX_THREADS], n = 0, i;
	size_t t;

	for (t = 0; t < st->m->nthreads && n == 0; t++)
		if (state_thread(st, (int)t)->status == MODEL_T_ALIVE)
			n = find_cycle(st, (int)t, cycle);
	if (n > 0) {
		msg[0] = '\0';
		for (i = 0; i < n; i++) {
			model_blocked_reason(st, cycle[i], reason, sizeof(reason));
			append(msg, sizeof(msg), "%s%s %s", i ? "; " : "",
			    thread_name(st, cycle[i]), reason);
		}
	} else {
		snprintf(msg, sizeof(msg), "every unfinished thread is blocked: ");
		for (t = 0, i = 0; t < st->m->nthreads; t++) {
			if (state_thread(st, (int)t)->status != MODEL_T_ALIVE)
				continue;
			model_blocked_reason(st, (int)t, reason, sizeof(reason));
			append(msg, sizeof(msg), "%s%s %s", i++ ? "; " : "",
			    thread_name(st, (int)t), reason);
		}
	}
	model_fail(st, MODEL_DEADLOCK, n > 0 ? cycle[0] : -1, 0, "%s", msg);
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
