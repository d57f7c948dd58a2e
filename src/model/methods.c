/* methods.c - the primitives' methods as steps: Lock and RLock, Semaphore,
 * Condition, Event, Barrier, Queue, RWLock, with Python's threading
 * semantics (the comments say where a choice had to be made), and the
 * choices a notify makes.  model_step (step.c) calls model_exec_call for
 * a thread's pending CALL.
 */
#include "config.h"

#include <string.h>

#include "model/barrier.h"
#include "model/stepper.h"
#include "model/wait.h"

/* ---- locks ---- */

static int
lock_of(const struct model_state *st, int p)
{
	const struct model_prim *prim = state_prim(st, p);

	return prim->type == LANG_PRIM_CONDITION ? prim->lock : p;
}

static bool
reentrant(const struct model_prim *lock)
{
	return model_prim_reentrant(lock->type);
}

static bool
can_take_lock(const struct model_state *st, int lock, int t)
{
	const struct model_prim *l = state_prim(st, lock);

	return l->owner < 0 || (reentrant(l) && l->owner == t);
}

static void
take_lock(struct model_state *st, int lock, int t, int depth)
{
	struct model_prim *l = &state_prims(st)[lock];

	if (l->owner == t) {
		l->depth++;
		return;
	}
	l->owner = t;
	l->depth = depth;
	model_hb_acquire(st, t, lock, HB_RELEASE_TO_ACQUIRE);
}

/* Python: Lock.release from any thread is fine if it is held; RLock's only
 * from its owner. */
static bool
give_lock(struct model_state *st, int lock, int t, const struct lang_insn *in)
{
	struct model_prim *l = &state_prims(st)[lock];

	if (l->owner < 0)
		return model_fail_at(st, t, in, reentrant(l) ?
		    "RuntimeError: cannot release un-acquired lock" :
		    "RuntimeError: release unlocked lock");
	if (reentrant(l) && l->owner != t)
		return model_fail_at(st, t, in, "RuntimeError: cannot release un-acquired lock");
	if (reentrant(l) && --l->depth > 0)
		return true;
	model_hb_release(st, t, lock, HB_RELEASE_TO_ACQUIRE, true);
	l->owner = -1;
	l->depth = 0;
	return true;
}

/* ---- choices (enabledness is wait.c's) ---- */

/* Waiting threads of condition p, longest-waiting first. */
static int
waiters_in_order(const struct model_state *st, const struct model_prim *p, int *out)
{
	int n = 0, i, j;

	for (i = 0; i < (int)st->m->nthreads; i++)
		if (tset_has(&p->waiting, i))
			out[n++] = i;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && state_thread(st, out[j])->wait_seq <
		    state_thread(st, out[j - 1])->wait_seq; j--) {
			int tmp = out[j];

			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return n;
}

/* The waiters of condition p numbered 1, 2, ... longest-waiting first:
 * their order is all FIFO needs, and a count that only grew would make
 * every round of a loop around wait() a state never seen before. */
static void
renumber_waiters(struct model_state *st, const struct model_prim *p)
{
	int order[LANG_MAX_THREADS], n = waiters_in_order(st, p, order), i;

	for (i = 0; i < n; i++)
		state_threads(st)[order[i]].wait_seq = i + 1;
}

/* Alternatives beyond this many are not offered: the schedule takes the
 * first (longest-waiting) ones. */
#define MAX_NOTIFY_CHOICES 1000

static int64_t
binomial(int n, int k)
{
	int64_t r = 1;
	int i;

	for (i = 1; i <= k; i++) {
		r = r * (n - k + i) / i;
		if (r > MAX_NOTIFY_CHOICES)
			return MAX_NOTIFY_CHOICES + 1;
	}
	return r;
}

int
model_choices(const struct model_state *st, int t)
{
	const struct model_thread *th = state_thread(st, t);
	const struct model_prim *p;
	int order[LANG_MAX_THREADS], n, k;
	int64_t c;

	if (th->pending.op != LANG_OP_CALL || th->pending.method != LANG_M_NOTIFY)
		return 1;
	p = state_prim(st, th->pending.target);
	n = waiters_in_order(st, p, order);
	k = th->pending.arg > n ? n : th->pending.arg;
	c = binomial(n, k);
	return c > MAX_NOTIFY_CHOICES ? 1 : (int)c;
}

/* The i-th n-subset of {0..k-1} in lexicographic order, into pick. */
static void
nth_combination(int k, int n, int64_t i, int *pick)
{
	int next = 0, j;

	for (j = 0; j < n; j++) {
		for (;; next++) {
			int64_t with_next = binomial(k - next - 1, n - j - 1);

			if (i < with_next)
				break;
			i -= with_next;
		}
		pick[j] = next++;
	}
}

int
model_choice_woken(const struct model_state *st, int t, int choice, int *woken)
{
	const struct model_thread *th = state_thread(st, t);
	int order[LANG_MAX_THREADS], pick[LANG_MAX_THREADS], n, k, i;

	if (th->pending.op != LANG_OP_CALL || th->pending.method != LANG_M_NOTIFY ||
	    choice < 0 || choice >= model_choices(st, t))
		return 0;
	n = waiters_in_order(st, state_prim(st, th->pending.target), order);
	k = th->pending.arg > n ? n : th->pending.arg;
	nth_combination(n, k, choice, pick);
	for (i = 0; i < k; i++)
		woken[i] = order[pick[i]];
	return k;
}

/* ---- visible actions ---- */

static bool
call_condition(struct model_state *st, int t, int p, enum lang_method m, int choice,
    struct model_frame *f, const struct lang_insn *in, struct model_step_info *info)
{
	struct model_prim *c = &state_prims(st)[p];
	struct model_thread *th = &state_threads(st)[t];
	int lock = c->lock, order[LANG_MAX_THREADS], pick[LANG_MAX_THREADS], n, k, i;
	struct model_prim *l = &state_prims(st)[lock];
	struct model_value arg;

	switch (m) {
	case LANG_M_WAIT:
		if (l->owner != t)
			return model_fail_at(st, t, in, "RuntimeError: cannot wait on un-acquired lock");
		th->saved_depth = l->depth;
		l->depth = 1;
		if (!give_lock(st, lock, t, in))
			return false;
		tset_add(&c->waiting, t);
		th->wait_seq = INT32_MAX;	/* the last to have come */
		renumber_waiters(st, c);
		return true;
	case LANG_M_WAIT_REACQUIRE:
		/* a waiter that timed out was not woken by a notify: no order
		 * from the notifier */
		if (th->pending.arg != MODEL_TIMEOUT_DONE)
			model_hb_acquire(st, t, p, HB_SIGNAL_TO_WAITER);
		tset_del(&c->notified, t);
		take_lock(st, lock, t, th->saved_depth > 0 ? th->saved_depth : 1);
		th->saved_depth = 0;
		th->wait_seq = 0;
		if (in->flags & LANG_IF_RESULT)
			push(f, model_value_make(MODEL_BOOL, th->pending.arg != MODEL_TIMEOUT_DONE));
		return true;
	case LANG_M_NOTIFY:
	case LANG_M_NOTIFY_ALL:
		arg = m == LANG_M_NOTIFY ? pop(f) : model_value_make(MODEL_INT, LANG_MAX_THREADS);
		if (l->owner != t)
			return model_fail_at(st, t, in, "RuntimeError: cannot notify on un-acquired lock");
		model_hb_release(st, t, p, HB_SIGNAL_TO_WAITER, true);
		n = waiters_in_order(st, c, order);
		k = notify_count(&arg, n);
		if (binomial(n, k) > MAX_NOTIFY_CHOICES)
			choice = 0;
		nth_combination(n, k, choice, pick);
		for (i = 0; i < k; i++) {
			int w = order[pick[i]];

			tset_del(&c->waiting, w);
			tset_add(&c->notified, w);
			if (info != NULL)
				info->woken[info->nwoken++] = w;
		}
		renumber_waiters(st, c);
		return true;
	LANG_CASES_LOCK_METHODS
	LANG_CASES_EVENT_METHODS
	LANG_CASES_BARRIER_METHODS
	LANG_CASES_QUEUE_METHODS
	LANG_CASES_RWLOCK_METHODS
	case LANG_M_WAIT_FOR:
	case LANG_M_COUNT:
		break;
	}
	return model_fail_at(st, t, in, "internal error: not a Condition method");
}

static bool
call_queue(struct model_state *st, int t, int p, enum lang_method m,
    struct model_frame *f, const struct lang_insn *in, struct model_step_info *info)
{
	struct model_prim *q = &state_prims(st)[p];
	struct model_value *items = state_queue(st, p), v;
	char msg[160];

	switch (m) {
	case LANG_M_PUT_NOWAIT:
		if (q->limit > 0 && q->count >= q->limit) {
			model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
			return model_fail_at(st, t, in, MODEL_EXC_QUEUE_FULL);
		}
		__attribute__((fallthrough));	/* there is room: as put() */
	case LANG_M_PUT:
		v = pop(f);
		if (q->count == MODEL_QUEUE_MAX) {
			snprintf(msg, sizeof(msg), "MemoryError: a Queue holds at most %d "
			    "items in lockstep", MODEL_QUEUE_MAX);
			return model_fail_at(st, t, in, msg);
		}
		items[q->count++] = v;
		q->unfinished++;
		model_publish(st, &v);
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		if (info != NULL) {
			info->value = v;
			info->has_value = true;
		}
		return true;
	case LANG_M_GET_NOWAIT:
	case LANG_M_GET:
		model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		if (q->count == 0)	/* get_nowait(): a get() never finds it so */
			return model_fail_at(st, t, in, MODEL_EXC_QUEUE_EMPTY);
		v = items[0];
		memmove(items, items + 1, (size_t)(q->count - 1) * sizeof(*items));
		q->count--;
		memset(&items[q->count], 0, sizeof(*items));
		push_result(f, in, v);
		return true;
	case LANG_M_TASK_DONE:
		if (q->unfinished == 0)
			return model_fail_at(st, t, in, "ValueError: task_done() called too many times");
		q->unfinished--;
		model_hb_release(st, t, p, HB_SIGNAL_TO_WAITER, true);
		return true;
	case LANG_M_QUEUE_JOIN:
		model_hb_acquire(st, t, p, HB_SIGNAL_TO_WAITER);
		return true;
	case LANG_M_QSIZE:
		model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		push_result(f, in, model_value_make(MODEL_INT, q->count));
		return true;
	case LANG_M_EMPTY:
		model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		push_result(f, in, model_value_make(MODEL_BOOL, q->count == 0));
		return true;
	case LANG_M_FULL:
		model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		push_result(f, in, model_value_make(MODEL_BOOL, q->limit > 0 && q->count >= q->limit));
		return true;
	LANG_CASES_LOCK_METHODS
	LANG_CASES_CONDITION_METHODS
	LANG_CASES_EVENT_METHODS
	LANG_CASES_BARRIER_METHODS
	LANG_CASES_RWLOCK_METHODS
	case LANG_M_COUNT:
		break;
	}
	return model_fail_at(st, t, in, "internal error: not a Queue method");
}

static bool
call_rwlock(struct model_state *st, int t, int p, enum lang_method m,
    const struct lang_insn *in)
{
	struct model_prim *rw = &state_prims(st)[p];

	switch (m) {
	case LANG_M_ACQUIRE_READ:
		if (tset_has(&rw->readers, t))
			return model_fail_at(st, t, in, "RuntimeError: acquire_read() twice "
			    "by the same thread");
		tset_add(&rw->readers, t);
		model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		return true;
	case LANG_M_RELEASE_READ:
		if (!tset_has(&rw->readers, t))
			return model_fail_at(st, t, in, "RuntimeError: release_read() without "
			    "acquire_read()");
		tset_del(&rw->readers, t);
		model_hb_release(st, t, p, HB_SIGNAL_TO_WAITER, true);
		return true;
	case LANG_M_ACQUIRE_WRITE:
		rw->owner = t;
		model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		model_hb_acquire(st, t, p, HB_SIGNAL_TO_WAITER);
		return true;
	case LANG_M_RELEASE_WRITE:
		if (rw->owner != t)
			return model_fail_at(st, t, in, "RuntimeError: release_write() without "
			    "acquire_write()");
		rw->owner = -1;
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		return true;
	LANG_CASES_LOCK_METHODS
	LANG_CASES_CONDITION_METHODS
	LANG_CASES_EVENT_METHODS
	LANG_CASES_BARRIER_METHODS
	LANG_CASES_QUEUE_METHODS
	case LANG_M_COUNT:
		break;
	}
	return model_fail_at(st, t, in, "internal error: not an RWLock method");
}

bool
model_exec_call(struct model_state *st, struct model_frame *f, int t, int p, int choice,
    const struct lang_insn *in, struct model_step_info *info)
{
	struct model_prim *prim = &state_prims(st)[p];
	struct model_thread *th = &state_threads(st)[t];
	enum lang_method m = (enum lang_method)in->b;
	bool sem = model_prim_semaphore(prim->type);
	bool ok = true;

	if (in->flags & LANG_IF_INDEXED)
		pop(f);
	if (in->flags & LANG_IF_TIMED)
		pop(f);		/* how long: the schedule decides when it runs out */
	switch (m) {
	case LANG_M_ACQUIRE:
	case LANG_M_TRY_ACQUIRE:
		if (sem) {
			ok = prim->count > 0;
			if (ok) {
				prim->count--;
				model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
			}
		} else {
			ok = can_take_lock(st, lock_of(st, p), t);
			if (ok)
				take_lock(st, lock_of(st, p), t, 1);
		}
		if (in->flags & LANG_IF_RESULT)
			push(f, model_value_make(MODEL_BOOL, ok));
		return true;
	case LANG_M_RELEASE:
		if (!sem)
			return give_lock(st, lock_of(st, p), t, in);
		if (prim->type == LANG_PRIM_BSEMAPHORE && prim->count >= prim->limit)
			return model_fail_at(st, t, in, "ValueError: Semaphore released too many times");
		prim->count++;
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		return true;
	case LANG_M_RELEASE_N: {
		struct model_value n = pop(f);

		if ((n.kind != MODEL_INT && n.kind != MODEL_BOOL) || n.i < 1)
			return model_fail_at(st, t, in, "ValueError: n must be one or more");
		if (prim->type == LANG_PRIM_BSEMAPHORE && prim->count + n.i > prim->limit)
			return model_fail_at(st, t, in, "ValueError: Semaphore released too many times");
		if (n.i > MODEL_RELEASE_N_MAX)
			return model_fail_at(st, t, in, MODEL_RELEASE_N_ERROR);
		prim->count += n.i;
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		return true;
	}
	case LANG_M_LOCKED:
		push_result(f, in, model_value_make(MODEL_BOOL, prim->owner >= 0));
		return true;
	case LANG_M_WAIT:
	case LANG_M_WAIT_REACQUIRE:
	case LANG_M_NOTIFY:
	case LANG_M_NOTIFY_ALL:
		return call_condition(st, t, p, m, choice, f, in, info);
	case LANG_M_SET:
		/* Python's set() wakes the threads already inside wait(): they
		 * return even if clear() comes before they run; a thread that
		 * has not reached its wait() yet is not among them. */
		prim->flag = 1;
		prim->notified = tset_union(&prim->notified, &prim->waiting);
		tset_clear(&prim->waiting);
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		return true;
	case LANG_M_CLEAR:
		prim->flag = 0;
		return true;
	case LANG_M_IS_SET:
		if (prim->flag)
			model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		push_result(f, in, model_value_make(MODEL_BOOL, prim->flag != 0));
		return true;
	case LANG_M_EVENT_WAIT:
		tset_del(&prim->notified, t);
		model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		if (in->flags & LANG_IF_RESULT)
			push(f, model_value_make(MODEL_BOOL, 1));
		return true;
	case LANG_M_BARRIER_ARRIVE: {
		/* a barrier with an action gives its arrive True */
		bool action = in->argc > 0 && pop(f).i != 0, released;
		int64_t index;

		if (!model_barrier_arrive(&prim->flag, &prim->count, prim->limit, action,
		    &index, &released))
			return model_fail_at(st, t, in, "threading.BrokenBarrierError");
		th->saved_depth = (int32_t)index;
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		if (released && !action)
			model_hb_barrier_complete(st, p);
		if (action)	/* whether it runs the action */
			push(f, model_value_make(MODEL_BOOL, released));
		return true;
	}
	case LANG_M_BARRIER_RELEASE: {
		struct model_value returned = pop(f);

		model_barrier_release(&prim->flag, &prim->count, returned.i != 0);
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		model_hb_barrier_complete(st, p);
		return true;
	}
	case LANG_M_BARRIER_PASS:
		model_hb_acquire(st, t, p, HB_SIGNAL_TO_WAITER);
		if (th->saved_depth != prim->limit - 1 &&
		    !model_barrier_leave(&prim->flag, &prim->count)) {
			th->saved_depth = 0;
			return model_fail_at(st, t, in, "threading.BrokenBarrierError");
		}
		if (in->flags & LANG_IF_RESULT)
			push(f, model_value_make(MODEL_INT, th->saved_depth));
		th->saved_depth = 0;
		return true;
	case LANG_M_BARRIER_ABORT:
	case LANG_M_BARRIER_RESET:
		/* the waiters wake, each to raise */
		if (m == LANG_M_BARRIER_ABORT)
			prim->flag = MODEL_BARRIER_BROKEN;
		else
			model_barrier_reset(&prim->flag, prim->count);
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		model_hb_barrier_complete(st, p);
		return true;
	case LANG_M_BARRIER_BROKEN:
		model_hb_acquire(st, t, p, HB_RELEASE_TO_ACQUIRE);
		push_result(f, in, model_value_make(MODEL_BOOL,
		    prim->flag == MODEL_BARRIER_BROKEN));
		return true;
	case LANG_M_BARRIER_N_WAITING:
		push_result(f, in, model_value_make(MODEL_INT,
		    model_barrier_n_waiting(prim->flag, prim->count)));
		return true;
	LANG_CASES_QUEUE_METHODS
		return call_queue(st, t, p, m, f, in, info);
	case LANG_M_ACQUIRE_READ:
	case LANG_M_RELEASE_READ:
	case LANG_M_ACQUIRE_WRITE:
	case LANG_M_RELEASE_WRITE:
		return call_rwlock(st, t, p, m, in);
	case LANG_M_WAIT_FOR:
	case LANG_M_EVENT_BLOCK:
	case LANG_M_COUNT:
		break;
	}
	return model_fail_at(st, t, in, "internal error: unknown method");
}

/* ---- timeouts ---- */

bool
model_exec_timeout(struct model_state *st, struct model_frame *f, int t,
    const struct lang_insn *in, struct model_step_info *info, bool *more)
{
	struct model_thread *th = &state_threads(st)[t];
	int p = th->pending.target;
	struct model_prim *prim;

	if (info != NULL)
		info->timed_out = true;
	if (in->op == LANG_OP_CALL && in->b == LANG_M_WAIT_REACQUIRE) {
		/* no longer among the waiters a notify can wake; the frame
		 * stays at the reacquire, which now waits for the lock alone */
		prim = &state_prims(st)[p];
		tset_del(&prim->waiting, t);
		th->wait_seq = 0;
		renumber_waiters(st, prim);
		th->pending.arg = MODEL_TIMEOUT_DONE;
		*more = true;
		return true;
	}
	f->pc++;
	if (in->flags & LANG_IF_INDEXED)
		pop(f);
	pop(f);		/* the timeout */
	if (in->op == LANG_OP_JOIN)
		return true;	/* join() returns None; the thread lives on */
	prim = &state_prims(st)[p];
	switch ((enum lang_method)in->b) {
	case LANG_M_ACQUIRE:
		break;
	case LANG_M_EVENT_WAIT:
		tset_del(&prim->waiting, t);
		break;
	case LANG_M_GET:
		return model_fail_at(st, t, in, MODEL_EXC_QUEUE_EMPTY);
	case LANG_M_PUT:
		pop(f);
		return model_fail_at(st, t, in, MODEL_EXC_QUEUE_FULL);
	case LANG_M_BARRIER_PASS:
		/* CPython's _wait: out of time while the round still fills,
		 * the waiter breaks the barrier for all, and raises */
		model_barrier_time_out(&prim->flag, &prim->count);
		th->saved_depth = 0;
		model_hb_release(st, t, p, HB_RELEASE_TO_ACQUIRE, true);
		model_hb_barrier_complete(st, p);
		return model_fail_at(st, t, in, "threading.BrokenBarrierError");
	LANG_CASES_UNTIMED_METHODS
	case LANG_M_BARRIER_ARRIVE:
	case LANG_M_WAIT:
	case LANG_M_WAIT_REACQUIRE:	/* (above) */
	case LANG_M_WAIT_FOR:
	case LANG_M_COUNT:
		return model_fail_at(st, t, in, "internal error: a call that cannot time out");
	}
	if (in->flags & LANG_IF_RESULT) {
		push(f, model_value_make(MODEL_BOOL, 0));
		if (info != NULL) {
			info->value = model_value_make(MODEL_BOOL, 0);
			info->has_value = true;
		}
	}
	return true;
}
