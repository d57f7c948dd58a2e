/* wait.c - whether a pending action is blocked, on whom, and why: the one
 * place both the model and free-run ask (see wait.h). */
#include "config.h"

#include <stdio.h>

#include "model/barrier.h"
#include "model/internal.h"
#include "model/wait.h"

#include "util/strbuf.h"

/* model_enabled asks for every thread in every state the explorer
 * visits: the facts and the decision are inlined into it. */
static inline __attribute__((always_inline)) void
wait_of(const struct model_state *st, int t, struct model_wait *w)
{
	const struct model_thread *th = state_thread(st, t);
	const struct model_pending *pd = &th->pending;

	w->op = pd->op;
	w->method = pd->method;
	w->target = pd->target;
	w->prim = NULL;		/* read only for a CALL; said for the optimiser */
	if (pd->op == LANG_OP_JOIN) {
		const struct model_thread *target = state_thread(st, pd->target);

		w->timeout = pd->arg;
		/* joining an unstarted thread or oneself raises; one whose only
		 * step left is the program's exit has ended */
		w->ended = !thread_running(target) || pd->target == t;
		return;
	}
	if (pd->op != LANG_OP_CALL) {
		w->timeout = MODEL_TIMEOUT_NONE;
		return;
	}
	/* (a notify's word is how many it wakes) */
	w->timeout = pd->method != LANG_M_NOTIFY ? pd->arg : MODEL_TIMEOUT_NONE;
	w->prim = state_prim(st, pd->target);
	w->lock_index = w->prim->type == LANG_PRIM_CONDITION ? w->prim->lock : pd->target;
	w->lock = state_prim(st, w->lock_index);
	w->barrier_last = th->saved_depth == w->prim->limit - 1;
}

/* Whether t may take the lock w names. */
static bool
lock_free(const struct model_wait *w, int t)
{
	int owner = w->lock->owner;

	return owner < 0 || (model_prim_reentrant(w->lock->type) && owner == t);
}

static inline __attribute__((always_inline)) bool
blocked(const struct model_wait *w, int t)
{
	const struct model_prim *p = w->prim;

	if (w->op == LANG_OP_JOIN)
		return !w->ended;
	if (w->op != LANG_OP_CALL)
		return false;
	switch ((enum lang_method)w->method) {
	case LANG_M_ACQUIRE:
		return model_prim_semaphore(p->type) ? p->count <= 0 : !lock_free(w, t);
	case LANG_M_WAIT_REACQUIRE:
		/* A waiter gave its lock back whole, so only another thread's
		 * hold stops it.  (Free-run's waiter holds the mutex itself
		 * between its looks at notified.) */
		return (!tset_has(&p->notified, t) && w->timeout != MODEL_TIMEOUT_DONE) ||
		    (w->lock->owner >= 0 && w->lock->owner != t);
	case LANG_M_EVENT_WAIT:
		/* a thread that has not reached wait() yet is not among the
		 * waiters: it returns at once or begins to wait */
		return tset_has(&p->waiting, t);
	case LANG_M_BARRIER_ARRIVE:
		return p->flag == MODEL_BARRIER_DRAINING || p->flag == MODEL_BARRIER_RESETTING ||
		    model_barrier_releasing(p->flag, p->count, p->limit);
	case LANG_M_BARRIER_ABORT:
	case LANG_M_BARRIER_RESET:
		return model_barrier_releasing(p->flag, p->count, p->limit);
	case LANG_M_BARRIER_PASS:
		return p->flag == MODEL_BARRIER_FILLING && !w->barrier_last;
	case LANG_M_PUT:
		return p->limit > 0 && p->count >= p->limit;
	case LANG_M_GET:
		return p->count <= 0;
	case LANG_M_QUEUE_JOIN:
		return p->unfinished > 0;
	case LANG_M_ACQUIRE_READ:
		return p->owner >= 0;
	case LANG_M_ACQUIRE_WRITE:
		return p->owner >= 0 || !tset_empty(&p->readers);
	LANG_CASES_NEVER_WAITING_METHODS
	case LANG_M_COUNT:
		break;
	}
	return false;
}

/* A timed call's timeout is the only step it has while it is blocked:
 * when what it waits for comes first, it simply succeeds (CPython's timed
 * waits cannot fail on a free lock).  A Condition waiter times out while
 * it is not notified; once it is, or once it timed out, it waits for its
 * lock as any waiter does (CPython reacquires without a timeout). */
static inline __attribute__((always_inline)) bool
times_out(const struct model_wait *w, int t)
{
	if (w->timeout != MODEL_TIMEOUT_MAY)
		return false;
	if (w->op == LANG_OP_CALL && w->method == LANG_M_WAIT_REACQUIRE)
		return !tset_has(&w->prim->notified, t);
	/* out of time while the action runs, CPython's waiter would find the
	 * round released (or broken) once it has the lock: no timeout */
	if (w->op == LANG_OP_CALL && w->method == LANG_M_BARRIER_PASS &&
	    model_barrier_releasing(w->prim->flag, w->prim->count, w->prim->limit))
		return false;
	return blocked(w, t);
}

__attribute__((noinline)) bool
model_wait_times_out(const struct model_wait *w, int t)
{
	return times_out(w, t);
}

void
model_wait_of(const struct model_state *st, int t, struct model_wait *w)
{
	wait_of(st, t, w);
}

bool
model_wait_blocked(const struct model_wait *w, int t)
{
	return blocked(w, t);
}

/* Whether t's pending action can be performed on the shared state as it
 * is, ended run or not: after a failure the views still tell a thread
 * that was stopped while runnable from one that was blocked. */
static inline __attribute__((always_inline)) bool
pending_can_run(const struct model_state *st, int t)
{
	const struct model_thread *th = state_thread(st, t);
	struct model_wait w;

	if (th->status != MODEL_T_ALIVE || !th->entered)
		return false;
	wait_of(st, t, &w);
	/* the explorer asks for every thread of every state: a timed call
	 * that is blocked pays for a call, no other */
	return !blocked(&w, t) ||
	    (w.timeout == MODEL_TIMEOUT_MAY && model_wait_times_out(&w, t));
}

bool
model_times_out(const struct model_state *st, int t)
{
	const struct model_thread *th = state_thread(st, t);
	struct model_wait w;

	/* model_step asks before every step: an untimed one pays two tests */
	if (th->status != MODEL_T_ALIVE || !th->entered ||
	    th->pending.arg != MODEL_TIMEOUT_MAY ||
	    (th->pending.op != LANG_OP_CALL && th->pending.op != LANG_OP_JOIN))
		return false;
	wait_of(st, t, &w);
	return times_out(&w, t);
}

bool
model_enabled(const struct model_state *st, int t)
{
	return st->verdict.kind == MODEL_RUNNING && pending_can_run(st, t);
}

bool
model_could_run(const struct model_state *st, int t)
{
	return pending_can_run(st, t);
}

int
model_wait_holders(const struct model_wait *w, int *out)
{
	int n = 0, u;

	if (w->op == LANG_OP_JOIN) {
		out[n++] = w->target;
		return n;
	}
	if (w->op != LANG_OP_CALL)
		return 0;
	switch ((enum lang_method)w->method) {
	case LANG_M_ACQUIRE:
	case LANG_M_WAIT_REACQUIRE:
		if (!model_prim_semaphore(w->prim->type) && w->lock->owner >= 0)
			out[n++] = w->lock->owner;
		break;
	case LANG_M_ACQUIRE_READ:
	case LANG_M_ACQUIRE_WRITE:
		if (w->prim->owner >= 0)
			out[n++] = w->prim->owner;
		for (u = tset_next(&w->prim->readers, 0);
		    u >= 0 && w->method == LANG_M_ACQUIRE_WRITE;
		    u = tset_next(&w->prim->readers, u + 1))
			out[n++] = u;
		break;
	LANG_CASES_EVENT_METHODS
	LANG_CASES_BARRIER_METHODS
	LANG_CASES_QUEUE_METHODS
	case LANG_M_TRY_ACQUIRE:
	case LANG_M_RELEASE:
	case LANG_M_RELEASE_N:
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
model_thread_list(const struct model *m, const int *threads, int n, const char *sep,
    char *buf, size_t size)
{
	int i;

	for (i = 0; i < n && i < MODEL_LIST_NAMES; i++)
		strbuf_catf(buf, size, "%s%s", i ? sep : "",
		    model_program(m)->threads[threads[i]].name);
	if (n > MODEL_LIST_NAMES)
		strbuf_catf(buf, size, " and %d others", n - MODEL_LIST_NAMES);
}

void
model_wait_format(const struct model *m, int t, const struct model_wait *w,
    char *buf, size_t size)
{
	char name[96], lname[96];
	int holders[MODEL_WAIT_MAX_HOLDERS], n, owner;
	const struct model_prim *p;

	buf[0] = '\0';
	if (w->op == LANG_OP_JOIN) {
		snprintf(buf, size, "waits for %s to finish", m->prog->threads[w->target].name);
		return;
	}
	if (w->op != LANG_OP_CALL)
		return;
	p = w->prim;
	owner = w->lock->owner;
	model_prim_name(m, w->target, name, sizeof(name));
	model_prim_name(m, w->lock_index, lname, sizeof(lname));
	switch ((enum lang_method)w->method) {
	case LANG_M_ACQUIRE:
		if (model_prim_semaphore(p->type))
			snprintf(buf, size, "waits for %s (count 0)", name);
		else if (owner == t)
			snprintf(buf, size, "waits for %s, which it holds itself "
			    "(a Lock is not re-entrant)", lname);
		else if (owner >= 0)
			snprintf(buf, size, "waits for %s held by %s", lname,
			    m->prog->threads[owner].name);
		else	/* free-run saw it between a release and an acquire */
			snprintf(buf, size, "waits for %s", lname);
		return;
	case LANG_M_WAIT_REACQUIRE:
		if (!tset_has(&p->notified, t) && w->timeout != MODEL_TIMEOUT_DONE)
			snprintf(buf, size, "waits on %s to be notified", name);
		else if (owner >= 0)
			snprintf(buf, size, "waits for %s held by %s", lname,
			    m->prog->threads[owner].name);
		else
			snprintf(buf, size, "waits for %s", lname);
		return;
	case LANG_M_EVENT_WAIT:
		snprintf(buf, size, "waits for %s to be set", name);
		return;
	case LANG_M_BARRIER_ARRIVE:
	case LANG_M_BARRIER_ABORT:
	case LANG_M_BARRIER_RESET:
		if (model_barrier_releasing(p->flag, p->count, p->limit))
			snprintf(buf, size, "waits for %s, whose last party runs its action",
			    name);
		else
			snprintf(buf, size, "waits for %s to %s (%lld still in wait())", name,
			    p->flag == MODEL_BARRIER_DRAINING ? "drain" : "reset",
			    (long long)p->count);
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
		    p->unfinished);
		return;
	case LANG_M_ACQUIRE_READ:
	case LANG_M_ACQUIRE_WRITE:
		snprintf(buf, size, "waits for %s held by ", name);
		n = model_wait_holders(w, holders);
		model_thread_list(m, holders, n, " and ", buf, size);
		return;
	LANG_CASES_NEVER_WAITING_METHODS
	case LANG_M_COUNT:
		return;
	}
}

void
model_blocked_reason(const struct model_state *st, int t, char *buf, size_t size)
{
	struct model_wait w;

	buf[0] = '\0';
	if (state_thread(st, t)->status != MODEL_T_ALIVE ||
	    (model_could_run(st, t) && !model_times_out(st, t)))
		return;
	model_wait_of(st, t, &w);
	model_wait_format(st->m, t, &w, buf, size);
}
