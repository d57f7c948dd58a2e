/* verdict.c - how a run ends, in words a student reads. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/internal.h"

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
format_shared(const struct model *m, const struct model_value *values, int shared,
    char *buf, size_t size)
{
	const struct lang_shared *s = &m->prog->shared[shared];
	int base = m->element_base[shared], k;
	char v[300];

	buf[0] = '\0';
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

/* Evaluate an expect's (or an EXPR goal's) code on the final values; -1 on
 * a runtime error (reported in v), else 0 or 1. */
static int
eval_expect(const struct model *m, const struct model_value *values,
    const struct lang_expect *ex, struct model_verdict *v)
{
	struct model_value stack[LANG_MAX_EXPR_DEPTH * 2 + 8], a, b, r;
	int sp = 0;
	size_t pc = 0;
	char err[200];

	while (pc < ex->code.count) {
		const struct lang_insn *in = &ex->code.insns[pc++];
		const struct lang_shared *s;

		if (sp >= (int)(sizeof(stack) / sizeof(stack[0])) - 1)
			break;
		memset(&r, 0, sizeof(r));
		switch ((enum lang_opcode)in->op) {
		case LANG_OP_PUSH_INT: r.kind = MODEL_INT; r.i = lang_insn_int(in); stack[sp++] = r; break;
		case LANG_OP_PUSH_STR: r.kind = MODEL_STR; r.i = in->a; stack[sp++] = r; break;
		case LANG_OP_PUSH_BOOL: r.kind = MODEL_BOOL; r.i = in->a; stack[sp++] = r; break;
		case LANG_OP_PUSH_NONE: r.kind = MODEL_NONE; stack[sp++] = r; break;
		case LANG_OP_LOAD:
			stack[sp++] = values[m->element_base[in->a]];
			break;
		case LANG_OP_LOAD_ELEM:
			s = &m->prog->shared[in->a];
			a = stack[--sp];
			if ((a.kind != MODEL_INT && a.kind != MODEL_BOOL) || a.i < 0 ||
			    a.i >= s->length) {
				model_verdict_set(v, MODEL_RUNTIME_ERROR, -1, (int)in->loc.line,
				    "IndexError in expect %s: index out of range for %s",
				    ex->text, s->name);
				return -1;
			}
			stack[sp++] = values[m->element_base[in->a] + (int)a.i];
			break;
		case LANG_OP_BINARY:
			if (in->flags & LANG_IF_IMM) {
				b.kind = MODEL_INT;
				b.pad = 0;
				b.i = in->b;
			} else {
				b = stack[--sp];
			}
			a = stack[--sp];
			if (!model_binary(m->strings, (enum lang_binop)in->a, &a, &b, &r,
			    err, sizeof(err))) {
				model_verdict_set(v, MODEL_RUNTIME_ERROR, -1, (int)in->loc.line,
				    "%s in expect %s", err, ex->text);
				return -1;
			}
			stack[sp++] = r;
			break;
		case LANG_OP_UNARY:
			a = stack[--sp];
			if (in->a == LANG_UN_NOT) {
				r.kind = MODEL_BOOL;
				r.i = !model_value_truthy(m->strings, &a);
			} else {
				r.kind = MODEL_INT;
				r.i = -a.i;
			}
			stack[sp++] = r;
			break;
		case LANG_OP_JUMP_IF_FALSE_OR_POP:
		case LANG_OP_JUMP_IF_TRUE_OR_POP:
			if (model_value_truthy(m->strings, &stack[sp - 1]) ==
			    (in->op == LANG_OP_JUMP_IF_TRUE_OR_POP))
				pc = (size_t)in->a;
			else
				sp--;
			break;
		case LANG_OP_END:
			return sp > 0 && model_value_truthy(m->strings, &stack[sp - 1]);
		default:
			model_verdict_set(v, MODEL_RUNTIME_ERROR, -1, (int)in->loc.line,
			    "internal error: unexpected instruction in expect %s", ex->text);
			return -1;
		}
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
	return eval_expect(m, values, &goal->expr, &scratch) == 1;
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
	default:
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
model_blocked_reason(const struct model_state *st, int t, char *buf, size_t size)
{
	const struct model_thread *th = state_thread(st, t);
	const struct model_pending *pd = &th->pending;
	const struct model_prim *p, *lock;
	char name[96], lname[96];
	int holders[LANG_MAX_THREADS], n;

	buf[0] = '\0';
	if (th->status != MODEL_T_ALIVE || model_could_run(st, t))
		return;
	if (pd->op == LANG_OP_JOIN) {
		snprintf(buf, size, "waits for %s to finish", thread_name(st, pd->target));
		return;
	}
	if (pd->op != LANG_OP_CALL)
		return;
	p = state_prim(st, pd->target);
	model_prim_name(st->m, pd->target, name, sizeof(name));
	lock = p->type == LANG_PRIM_CONDITION ? state_prim(st, p->lock) : p;
	if (p->type == LANG_PRIM_CONDITION && p->lock != pd->target)
		model_prim_name(st->m, p->lock, lname, sizeof(lname));
	else
		snprintf(lname, sizeof(lname), "%s", name);
	switch ((enum lang_method)pd->method) {
	case LANG_M_ACQUIRE:
		if (p->type == LANG_PRIM_SEMAPHORE || p->type == LANG_PRIM_BSEMAPHORE)
			snprintf(buf, size, "waits for %s (count 0)", name);
		else if (lock->owner == t)
			snprintf(buf, size, "waits for %s, which it holds itself "
			    "(a Lock is not re-entrant)", lname);
		else if (lock->owner >= 0)	/* free: the run ended, no one waits */
			snprintf(buf, size, "waits for %s held by %s", lname,
			    thread_name(st, lock->owner));
		return;
	case LANG_M_WAIT_REACQUIRE:
		if (!tset_has(&p->notified, t))
			snprintf(buf, size, "waits on %s to be notified", name);
		else if (lock->owner >= 0)
			snprintf(buf, size, "waits for %s held by %s", lname,
			    thread_name(st, lock->owner));
		return;
	case LANG_M_EVENT_WAIT:
		snprintf(buf, size, "waits for %s to be set", name);
		return;
	case LANG_M_BARRIER_PASS:
		snprintf(buf, size, "waits at %s (%lld of %lld arrived)", name,
		    (long long)p->count, (long long)p->limit);
		return;
	case LANG_M_PUT:
		snprintf(buf, size, "waits for room in %s (full: %lld of %lld)", name,
		    (long long)p->count, (long long)p->limit);
		return;
	case LANG_M_GET:
		snprintf(buf, size, "waits for an item in %s (empty)", name);
		return;
	case LANG_M_QUEUE_JOIN:
		snprintf(buf, size, "waits for %s's tasks (%d unfinished)", name,
		    (int)p->unfinished);
		return;
	case LANG_M_ACQUIRE_READ:
	case LANG_M_ACQUIRE_WRITE:
		n = waits_for(st, t, holders);
		snprintf(buf, size, "waits for %s held by ", name);
		model_thread_list(st->m, holders, n, buf, size);
		return;
	default:
		return;
	}
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

void
model_finish_run(struct model_state *st, int stepped)
{
	const struct lang_program *prog = st->m->prog;
	bool alive = false;
	size_t t;

	if (st->verdict.kind != MODEL_RUNNING)
		return;
	/* The usual case, decided without looking at every thread: the thread
	 * that stepped is a live non-daemon that can step again, so the run
	 * goes on (nor is anything deadlocked), within the step limit. */
	if (stepped >= 0 && st->steps < st->max_steps &&
	    !prog->groups[prog->threads[stepped].group].daemon &&
	    model_enabled(st, stepped))
		return;
	for (t = 0; t < st->m->nthreads; t++) {
		const struct model_thread *th = state_thread(st, (int)t);

		if (th->status != MODEL_T_ALIVE)
			continue;
		if (!th->entered)
			return;
		if (!prog->groups[prog->threads[t].group].daemon)
			alive = true;
	}
	if (!alive) {
		for (t = 0; t < st->m->nthreads; t++)
			if (state_threads(st)[t].status == MODEL_T_ALIVE)
				state_threads(st)[t].status = MODEL_T_STOPPED;
		model_judge(st->m, state_values(st), &st->verdict);
		return;
	}
	if (st->steps >= st->max_steps) {
		model_fail(st, MODEL_NO_PROGRESS, -1, 0, "the step limit (%u steps) was "
		    "reached with threads still running", st->max_steps);
		return;
	}
	if (!some_thread_enabled(st, stepped))
		report_deadlock(st);
}
