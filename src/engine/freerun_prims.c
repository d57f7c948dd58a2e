/* freerun_prims.c - the scenario's primitives on real pthread objects.
 *
 *     Lock              pthread_mutex_t
 *     RLock             pthread_mutex_t, recursive
 *     Condition         pthread_cond_t over its lock's mutex (a recursive
 *                       mutex of its own when it was given no lock)
 *     Semaphore         sem_t; a BoundedSemaphore's release checks the bound
 *                       under a mutex
 *     Event, Barrier    a mutex and a condition variable (freerun_monitors.c)
 *     Queue             a mutex, a condition variable and a ring of values
 *     RWLock            pthread_rwlock_t
 *
 * Every wait is timed: a thread blocked in one wakes every FREERUN_SLICE_MS
 * to look at the run's stop flag, so that a deadlocked run is unwound
 * without pthread_cancel.  (pthread_cond_timedwait returns only with its
 * mutex; whoever holds that mutex gives it back when it unwinds, and no
 * cycle of such reacquisitions can form: a thread waiting on a condition
 * holds no mutex that the condition's lock holder could be waiting for in
 * its own condition wait.)
 *
 * Bookkeeping beside each pthread object -- owner and depth of a lock,
 * readers and writer of an RWLock, a Semaphore's permits, a Condition's
 * waiting and notified threads, counts -- mirrors the object's state.
 * What says who waits for whom also changes under the run's graph_lock,
 * in an order that never shows a thread about to be woken as stuck (see
 * freerun.c's essay), so that a deadlock can be declared at once.  It changes only under
 * the object's lock or by the lock's holder, which keeps it exact for the
 * threads themselves; it is atomic so that the watchdog may read it to
 * name who waits for whom, and so that a thread can tell, before calling
 * into pthreads, that Python would raise or that it would wait on itself.
 *
 * Where pthreads and Python's threading differ, Python wins, as in the
 * controlled engine:
 *   - A Condition's waiter returns only once notified (pthread_cond_wait may
 *     wake spuriously), and notify(n) wakes the n longest-waiting: the
 *     controlled engine's choice 0.  wait() is two steps, as in the model:
 *     release the lock and join the waiters; then, once notified, reacquire.
 *   - A thread that would wait on itself forever (a Lock acquired twice,
 *     acquire_write() while reading) does not call into pthreads, where that
 *     is undefined or an error; it blocks until the run stops.
 * One difference is kept and reported: Python lets any thread release a
 * Lock, a pthread mutex only its owner, so a Lock released by a thread that
 * does not hold it is a runtime error in free-run.
 *
 * Each action takes its step (freerun_take_step) inside the object's
 * critical section, so that for each object the sequence numbers follow
 * its real order: a release's number is below the next acquire's.  A Lock
 * and a Semaphore have no critical section around a call that gives up on
 * them (a try, a timeout): such a call numbers its step under graph_lock
 * only while the bookkeeping shows them taken, which their holders keep
 * in step with their numbers (give_up_or_retry), since on the model a
 * step numbered after the release would have found them free.  A
 * Condition's waiter that holds the mutex only to look at its notified
 * flag is not the lock's owner.  A wait that succeeds once the run is
 * stopping (because the holder unwound) is not a step: the thread keeps
 * what it got, for its own unwinding to give back, and stops.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/freerun_internal.h"
#include "model/eval.h"
#include "lang/limits.h"
#include "util/xalloc.h"

/* ---- sets of threads (freerun_internal.h says which lock guards each) ---- */

static void
aset_add(struct freerun_tset *s, int t)
{
	atomic_fetch_or_explicit(&s->w[t / 64], tset_bit(t), memory_order_relaxed);
}

static void
aset_del(struct freerun_tset *s, int t)
{
	atomic_fetch_and_explicit(&s->w[t / 64], ~tset_bit(t), memory_order_relaxed);
}

static bool
aset_has(struct freerun_tset *s, int t)
{
	return (atomic_load_explicit(&s->w[t / 64], memory_order_relaxed) & tset_bit(t)) != 0;
}

/* A copy, word by word: one set only under the lock that guards it. */
static struct tset
aset_load(struct freerun_tset *s)
{
	struct tset out;
	int i;

	for (i = 0; i < TSET_WORDS; i++)
		out.w[i] = atomic_load_explicit(&s->w[i], memory_order_relaxed);
	return out;
}

static bool
aset_empty(struct freerun_tset *s)
{
	struct tset copy = aset_load(s);

	return tset_empty(&copy);
}

static void
aset_init(struct freerun_tset *s)
{
	int i;

	for (i = 0; i < TSET_WORDS; i++)
		atomic_store_explicit(&s->w[i], 0, memory_order_relaxed);
}

/* The bookkeeping a blocking thread reads to decide that the run is
 * deadlocked changes under the run's graph_lock (see freerun.c). */
static void
set_owner(struct freerun_run *r, struct freerun_prim *l, int owner, int depth)
{
	pthread_mutex_lock(&r->graph_lock);
	FREERUN_STORE(&l->owner, owner);
	FREERUN_STORE(&l->depth, depth);
	pthread_mutex_unlock(&r->graph_lock);
}

static void
set_writer(struct freerun_run *r, struct freerun_prim *rw, int writer)
{
	pthread_mutex_lock(&r->graph_lock);
	FREERUN_STORE(&rw->writer, writer);
	pthread_mutex_unlock(&r->graph_lock);
}

static void
set_reader(struct freerun_run *r, struct freerun_prim *rw, int t, bool reading)
{
	pthread_mutex_lock(&r->graph_lock);
	if (reading)
		aset_add(&rw->readers, t);
	else
		aset_del(&rw->readers, t);
	pthread_mutex_unlock(&r->graph_lock);
}

/* A Semaphore's permits count a unit from the moment its release begins
 * until the acquirer that took it is running again: never fewer than the
 * sem_t holds, so a thread about to be woken never looks stuck. */
static void
add_permits(struct freerun_run *r, struct freerun_prim *s, int n)
{
	pthread_mutex_lock(&r->graph_lock);
	atomic_fetch_add_explicit(&s->permits, n, memory_order_relaxed);
	pthread_mutex_unlock(&r->graph_lock);
}

/* A call that may give up (a try, a timeout) found its Lock or Semaphore
 * unavailable, but its step is numbered later: by then another thread may
 * have released it, and on the model a call numbered after that release
 * would not give up.  So it gives up only with its step numbered under
 * graph_lock while the bookkeeping shows the primitive unavailable, or
 * else tries again, as if what it waited for had come a moment sooner.
 * That is exact because an acquire numbers its step before it sets the
 * owner or takes its permit, and a release after it clears the owner or
 * adds its permits: a Lock's owner is set only between its acquire's and
 * its release's numbers, and permits never count more than the model
 * would at a number taken while they are read.  FREERUN_DONE with
 * *gave_up, or having it; FREERUN_STOPPED. */
static enum freerun_action
give_up_or_retry(struct freerun_thread *th, struct freerun_prim *pr, bool *gave_up)
{
	struct freerun_run *r = th->run;
	bool semaphore = model_prim_semaphore(pr->type);

	for (;;) {
		bool stopping, unavailable;

		pthread_mutex_lock(&r->graph_lock);
		stopping = freerun_stopping(r);
		unavailable = semaphore ? FREERUN_LOAD(&pr->permits) <= 0 :
		    FREERUN_LOAD(&pr->owner) >= 0;
		if (unavailable && !stopping)
			freerun_take_step(th);
		pthread_mutex_unlock(&r->graph_lock);
		if (stopping)
			return FREERUN_STOPPED;
		*gave_up = unavailable;
		if (unavailable || (semaphore ? sem_trywait(&pr->sem) :
		    pthread_mutex_trylock(&pr->mutex)) == 0)
			return FREERUN_DONE;
		sched_yield();	/* between another's take and its bookkeeping */
	}
}

static bool
reentrant(const struct freerun_prim *l)
{
	return model_prim_reentrant(l->type);
}

static bool
is_semaphore(const struct freerun_prim *p)
{
	return model_prim_semaphore(p->type);
}

/* The primitive whose mutex a call on p takes: a Condition's lock. */
static struct freerun_prim *
lock_of(struct freerun_run *r, int p)
{
	return &r->prims[r->prims[p].type == LANG_PRIM_CONDITION ? r->prims[p].lock : p];
}

static const char *
thread_name(const struct freerun_run *r, int t)
{
	return r->prog->threads[t].name;
}

static enum freerun_action
step_and_fail(struct freerun_thread *th, int line, const char *msg)
{
	freerun_take_step(th);
	return freerun_fail(th, line, "%s", msg);
}

/* ---- lifecycle ---- */

void
freerun_prims_setup(struct freerun_run *r, const struct model_state *initial)
{
	size_t p;

	r->prims = xcalloc(r->nprims + 1, sizeof(*r->prims));
	for (p = 0; p < r->nprims; p++) {
		const struct model_prim *mp = model_prim(initial, (int)p);
		struct freerun_prim *pr = &r->prims[p];

		pr->type = mp->type;
		pr->lock = mp->lock;
		pr->initial = mp->count;
		pr->limit = mp->limit;
		if (pr->type == LANG_PRIM_QUEUE)
			pr->items = xcalloc(MODEL_QUEUE_MAX, sizeof(*pr->items));
	}
}

void
freerun_prims_teardown(struct freerun_run *r)
{
	size_t p;

	for (p = 0; p < r->nprims; p++)
		free(r->prims[p].items);
	free(r->prims);
	r->prims = NULL;
}

static void
init_mutex(pthread_mutex_t *mu, bool recursive)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, recursive ? PTHREAD_MUTEX_RECURSIVE :
	    PTHREAD_MUTEX_NORMAL);
	if (pthread_mutex_init(mu, &attr) != 0)
		util_fatal("cannot create a mutex for free-run");
	pthread_mutexattr_destroy(&attr);
}

/* Whether p owns a mutex of its own (a Condition given a lock uses that). */
static bool
has_mutex(const struct freerun_prim *pr, int p)
{
	return pr->type == LANG_PRIM_LOCK || pr->type == LANG_PRIM_RLOCK ||
	    (pr->type == LANG_PRIM_CONDITION && pr->lock == p);
}

static bool
has_inner(const struct freerun_prim *pr)
{
	return pr->type == LANG_PRIM_BSEMAPHORE || pr->type == LANG_PRIM_EVENT ||
	    pr->type == LANG_PRIM_BARRIER || pr->type == LANG_PRIM_QUEUE;
}

void
freerun_prims_init(struct freerun_run *r)
{
	size_t p;

	for (p = 0; p < r->nprims; p++) {
		struct freerun_prim *pr = &r->prims[p];

		FREERUN_STORE(&pr->owner, -1);
		FREERUN_STORE(&pr->depth, 0);
		FREERUN_STORE(&pr->writer, -1);
		aset_init(&pr->readers);
		atomic_store_explicit(&pr->permits, pr->initial > 0 ? pr->initial : 0,
		    memory_order_relaxed);
		aset_init(&pr->waiting);
		aset_init(&pr->notified);
		FREERUN_STORE(&pr->flag, 0);
		atomic_store_explicit(&pr->generation, 0, memory_order_relaxed);
		atomic_store_explicit(&pr->count, 0, memory_order_relaxed);
		FREERUN_STORE(&pr->unfinished, 0);
		pr->wait_counter = 0;
		pr->head = 0;
		if (has_mutex(pr, (int)p))
			init_mutex(&pr->mutex, pr->type != LANG_PRIM_LOCK);
		if (pr->type == LANG_PRIM_CONDITION && pthread_cond_init(&pr->cond, NULL) != 0)
			util_fatal("cannot create a condition variable for free-run");
		if (is_semaphore(pr) && sem_init(&pr->sem, 0,
		    (unsigned)(pr->initial > 0 ? pr->initial : 0)) != 0)
			util_fatal("cannot create a semaphore for free-run");
		if (has_inner(pr)) {
			init_mutex(&pr->inner, false);
			if (pthread_cond_init(&pr->changed, NULL) != 0)
				util_fatal("cannot create a condition variable for free-run");
		}
		if (pr->type == LANG_PRIM_RWLOCK && pthread_rwlock_init(&pr->rw, NULL) != 0)
			util_fatal("cannot create a readers-writer lock for free-run");
	}
}

void
freerun_prims_destroy(struct freerun_run *r)
{
	size_t p;

	for (p = 0; p < r->nprims; p++) {
		struct freerun_prim *pr = &r->prims[p];

		if (has_mutex(pr, (int)p))
			pthread_mutex_destroy(&pr->mutex);
		if (pr->type == LANG_PRIM_CONDITION)
			pthread_cond_destroy(&pr->cond);
		if (is_semaphore(pr))
			sem_destroy(&pr->sem);
		if (has_inner(pr)) {
			pthread_mutex_destroy(&pr->inner);
			pthread_cond_destroy(&pr->changed);
		}
		if (pr->type == LANG_PRIM_RWLOCK)
			pthread_rwlock_destroy(&pr->rw);
	}
}

void
freerun_prims_release_all(struct freerun_thread *th)
{
	struct freerun_run *r = th->run;
	int t = th->index;
	size_t p;

	for (p = 0; p < r->nprims; p++) {
		struct freerun_prim *pr = &r->prims[p];

		if (has_mutex(pr, (int)p) && FREERUN_LOAD(&pr->owner) == t) {
			int depth = FREERUN_LOAD(&pr->depth);

			set_owner(r, pr, -1, 0);
			while (depth-- > 0)
				pthread_mutex_unlock(&pr->mutex);
		}
		if (pr->type == LANG_PRIM_RWLOCK && FREERUN_LOAD(&pr->writer) == t) {
			set_writer(r, pr, -1);
			pthread_rwlock_unlock(&pr->rw);
		}
		if (pr->type == LANG_PRIM_RWLOCK &&
		    aset_has(&pr->readers, t)) {
			set_reader(r, pr, t, false);
			pthread_rwlock_unlock(&pr->rw);
		}
	}
}

void
freerun_prims_assert_idle(struct freerun_run *r)
{
	size_t p;

	for (p = 0; p < r->nprims; p++) {
		struct freerun_prim *pr = &r->prims[p];

		assert(FREERUN_LOAD(&pr->owner) == -1 && FREERUN_LOAD(&pr->depth) == 0);
		assert(FREERUN_LOAD(&pr->writer) == -1);
		assert(aset_empty(&pr->readers));
	}
}

/* ---- timed waits: false when the run stops first ---- */

/* (And false when a timed call's timeout runs out first: to.) */
static bool
lock_mutex(struct freerun_run *r, pthread_mutex_t *mu, const struct freerun_timeout *to)
{
	struct timespec deadline;

	if (pthread_mutex_trylock(mu) == 0)
		return true;
	for (;;) {
		if (freerun_stopping(r) || freerun_timeout_passed(to))
			return false;	/* a deadlock claimed as this thread blocked */
		freerun_next_slice(to, &deadline);
		if (pthread_mutex_timedlock(mu, &deadline) == 0)
			return true;
		if (freerun_stopping(r))
			return false;
	}
}

static bool
wait_semaphore(struct freerun_run *r, sem_t *sem, const struct freerun_timeout *to)
{
	struct timespec deadline;

	for (;;) {
		if (freerun_stopping(r) || freerun_timeout_passed(to))
			return false;
		freerun_next_slice(to, &deadline);
		if (sem_timedwait(sem, &deadline) == 0)
			return true;
		if (errno != EINTR && freerun_stopping(r))
			return false;
	}
}

static bool
lock_rwlock(struct freerun_run *r, pthread_rwlock_t *rw, bool write)
{
	struct timespec deadline;

	for (;;) {
		if (freerun_stopping(r))
			return false;
		freerun_deadline(&deadline, FREERUN_SLICE_MS);
		if ((write ? pthread_rwlock_timedwrlock(rw, &deadline) :
		    pthread_rwlock_timedrdlock(rw, &deadline)) == 0)
			return true;
		if (freerun_stopping(r))
			return false;
	}
}

bool
freerun_wait_slice(struct freerun_run *r, pthread_cond_t *cond, pthread_mutex_t *mu,
    const struct freerun_timeout *to)
{
	struct timespec deadline;

	if (freerun_stopping(r))
		return false;
	freerun_next_slice(to, &deadline);
	pthread_cond_timedwait(cond, mu, &deadline);
	return true;
}

static enum freerun_action
block_forever(struct freerun_thread *th, int p, int method)
{
	freerun_set_blocked(th, LANG_OP_CALL, method, p);
	freerun_wait_for_stop(th->run);
	return FREERUN_STOPPED;
}

/* ---- Lock, RLock, and the lock of a Condition ---- */

static enum freerun_action
lock_acquire(struct freerun_thread *th, int p, int method, struct model_value *result,
    const struct freerun_timeout *to)
{
	struct freerun_run *r = th->run;
	struct freerun_prim *l = lock_of(r, p);
	int t = th->index;
	bool got = true;

	if (FREERUN_LOAD(&l->owner) == t) {
		if (reentrant(l)) {
			pthread_mutex_lock(&l->mutex);
			FREERUN_STORE(&l->depth, FREERUN_LOAD(&l->depth) + 1);
		} else if (method == LANG_M_TRY_ACQUIRE) {
			got = false;
		} else if (to != NULL) {
			/* waits on itself for as long as it may */
			if (!freerun_sleep_until(r, to))
				return FREERUN_STOPPED;
			got = false;
		} else {
			return block_forever(th, p, method);
		}
		if (freerun_stopping(r))
			return FREERUN_STOPPED;
		*result = model_value_make(MODEL_BOOL, got);
		freerun_take_step(th);
		return FREERUN_DONE;
	}
	if (method == LANG_M_TRY_ACQUIRE) {
		got = pthread_mutex_trylock(&l->mutex) == 0;
	} else if (to != NULL) {
		got = lock_mutex(r, &l->mutex, to);
		if (!got && freerun_stopping(r))
			return FREERUN_STOPPED;
	} else if (pthread_mutex_trylock(&l->mutex) != 0) {
		freerun_set_blocked(th, LANG_OP_CALL, method, p);
		if (!lock_mutex(r, &l->mutex, NULL))
			return FREERUN_STOPPED;
		freerun_set_running(th);
	}
	if (!got) {
		bool gave_up;

		if (give_up_or_retry(th, l, &gave_up) == FREERUN_STOPPED)
			return FREERUN_STOPPED;
		got = !gave_up;
	}
	if (got && freerun_stopping(r)) {
		set_owner(r, l, t, 1);	/* it got it only because the holder unwound */
		return FREERUN_STOPPED;
	}
	*result = model_value_make(MODEL_BOOL, got);
	if (!got)
		return FREERUN_DONE;	/* numbered as it gave up */
	freerun_take_step(th);	/* before the owner: see give_up_or_retry */
	set_owner(r, l, t, 1);
	return FREERUN_DONE;
}

static enum freerun_action
lock_release(struct freerun_thread *th, int p, int line)
{
	struct freerun_run *r = th->run;
	struct freerun_prim *l = lock_of(r, p);
	int owner = FREERUN_LOAD(&l->owner), depth = FREERUN_LOAD(&l->depth);
	char name[96], msg[300];

	if (owner < 0)
		return step_and_fail(th, line, reentrant(l) ?
		    "RuntimeError: cannot release un-acquired lock" :
		    "RuntimeError: release unlocked lock");
	if (owner != th->index && reentrant(l))
		return step_and_fail(th, line, "RuntimeError: cannot release un-acquired lock");
	if (owner != th->index) {
		model_prim_name(r->m, (int)(l - r->prims), name, sizeof(name));
		snprintf(msg, sizeof(msg), "RuntimeError: free-run releases a Lock only "
		    "in the thread that holds it (a pthread mutex): %s holds %s",
		    thread_name(r, owner), name);
		return step_and_fail(th, line, msg);
	}
	/* the owner cleared before the step is numbered: see give_up_or_retry */
	if (depth > 1)
		FREERUN_STORE(&l->depth, depth - 1);
	else
		set_owner(r, l, -1, 0);
	freerun_take_step(th);
	pthread_mutex_unlock(&l->mutex);
	return FREERUN_DONE;
}

/* ---- Condition ---- */

/* wait(), first step: release the lock (whatever its depth) and join the
 * waiters. */
static enum freerun_action
condition_wait(struct freerun_thread *th, int p, int line)
{
	struct freerun_run *r = th->run;
	struct freerun_prim *c = &r->prims[p], *l = lock_of(r, p);
	int t = th->index, depth;

	if (FREERUN_LOAD(&l->owner) != t)
		return step_and_fail(th, line, "RuntimeError: cannot wait on un-acquired lock");
	depth = FREERUN_LOAD(&l->depth);
	th->saved_depth = depth;
	th->wait_order = c->wait_counter++;
	aset_del(&c->notified, t);
	aset_add(&c->waiting, t);
	set_owner(r, l, -1, 0);
	freerun_take_step(th);
	while (depth-- > 0)
		pthread_mutex_unlock(&l->mutex);
	return FREERUN_DONE;
}

/* wait(), second step: once notified, reacquire the lock at its depth.
 * A timed wait whose timeout runs out first leaves the waiters under the
 * lock, so that no notify picks it after: that is a step of its own, as
 * in the model, and the reacquire another; it returns False. */
static enum freerun_action
condition_reacquire(struct freerun_thread *th, int p, struct model_value *result,
    const struct freerun_timeout *to)
{
	struct freerun_run *r = th->run;
	struct freerun_prim *c = &r->prims[p], *l = lock_of(r, p);
	int t = th->index, depth = th->saved_depth > 0 ? th->saved_depth : 1, i;
	bool timed_out = false;

	if (to == NULL)
		freerun_set_blocked(th, LANG_OP_CALL, LANG_M_WAIT_REACQUIRE, p);
	if (!lock_mutex(r, &l->mutex, NULL))
		return FREERUN_STOPPED;
	/* Looking at notified, it holds the mutex but is not the lock's owner:
	 * on the model (and in CPython) a waiter holds nothing, and another
	 * thread's call that finds the mutex so must not give up on it. */
	while (!aset_has(&c->notified, t)) {
		if (freerun_timeout_passed(to)) {
			aset_del(&c->waiting, t);
			timed_out = true;
			break;
		}
		if (!freerun_wait_slice(r, &c->cond, &l->mutex, to))
			break;
	}
	if (freerun_stopping(r)) {
		set_owner(r, l, t, 1);	/* the unwinding gives it back */
		return FREERUN_STOPPED;
	}
	if (timed_out)
		freerun_take_step(th);
	aset_del(&c->notified, t);
	*result = model_value_make(MODEL_BOOL, !timed_out);
	for (i = 1; i < depth; i++)
		pthread_mutex_lock(&l->mutex);
	th->saved_depth = 0;
	freerun_set_running(th);
	freerun_take_step(th);
	set_owner(r, l, t, depth);
	return FREERUN_DONE;
}

/* Of the threads in the waiting set (not empty), the one that began to wait
 * first: notify wakes waiters in order. */
static int
oldest_waiter(const struct freerun_run *r, const struct tset *waiting)
{
	int first = tset_next(waiting, 0), t;

	for (t = tset_next(waiting, first + 1); t >= 0; t = tset_next(waiting, t + 1))
		if (r->threads[t].wait_order < r->threads[first].wait_order)
			first = t;
	return first;
}

static enum freerun_action
condition_notify(struct freerun_thread *th, int p, int method,
    const struct model_value *arg, int line)
{
	struct freerun_run *r = th->run;
	struct freerun_prim *c = &r->prims[p], *l = lock_of(r, p);
	struct tset waiting = aset_load(&c->waiting);	/* we hold its lock */
	int64_t n = LANG_MAX_THREADS;
	int woken = 0;

	if (method == LANG_M_NOTIFY)
		n = arg->kind == MODEL_INT || arg->kind == MODEL_BOOL ? arg->i : 1;
	if (FREERUN_LOAD(&l->owner) != th->index)
		return step_and_fail(th, line, "RuntimeError: cannot notify on un-acquired lock");
	for (; woken < n && !tset_empty(&waiting); woken++) {
		int first = oldest_waiter(r, &waiting);

		tset_del(&waiting, first);
		aset_del(&c->waiting, first);
		aset_add(&c->notified, first);
	}
	if (woken > 0)
		pthread_cond_broadcast(&c->cond);
	freerun_take_step(th);
	return FREERUN_DONE;
}

/* ---- Semaphore, BoundedSemaphore ---- */

static enum freerun_action
semaphore_acquire(struct freerun_thread *th, int p, int method, struct model_value *result,
    const struct freerun_timeout *to)
{
	struct freerun_prim *s = &th->run->prims[p];
	bool got = sem_trywait(&s->sem) == 0, gave_up;

	if (!got && method == LANG_M_ACQUIRE && to != NULL) {
		got = wait_semaphore(th->run, &s->sem, to);
		if (!got && freerun_stopping(th->run))
			return FREERUN_STOPPED;
	} else if (!got && method == LANG_M_ACQUIRE) {
		freerun_set_blocked(th, LANG_OP_CALL, method, p);
		if (!wait_semaphore(th->run, &s->sem, NULL) || freerun_stopping(th->run))
			return FREERUN_STOPPED;
		freerun_set_running(th);
		got = true;
	}
	if (!got) {
		if (give_up_or_retry(th, s, &gave_up) == FREERUN_STOPPED)
			return FREERUN_STOPPED;
		got = !gave_up;
	}
	*result = model_value_make(MODEL_BOOL, got);
	if (!got)
		return FREERUN_DONE;	/* numbered as it gave up */
	freerun_take_step(th);	/* before the permit: see give_up_or_retry */
	add_permits(th->run, s, -1);	/* running again: not before */
	return FREERUN_DONE;
}

/* release() (n 1) or release(n). */
static enum freerun_action
semaphore_release(struct freerun_thread *th, int p, int64_t n, int line)
{
	struct freerun_prim *s = &th->run->prims[p];
	int value = 0;
	int64_t k;

	if (n < 1)
		return step_and_fail(th, line, "ValueError: n must be one or more");
	if (n > MODEL_RELEASE_N_MAX)
		return step_and_fail(th, line, MODEL_RELEASE_N_ERROR);
	if (s->type == LANG_PRIM_SEMAPHORE) {
		add_permits(th->run, s, (int)n);	/* before the step */
		freerun_take_step(th);
		for (k = 0; k < n; k++)
			sem_post(&s->sem);
		return FREERUN_DONE;
	}
	pthread_mutex_lock(&s->inner);
	sem_getvalue(&s->sem, &value);
	if (value + n > s->limit) {
		pthread_mutex_unlock(&s->inner);
		return step_and_fail(th, line, "ValueError: Semaphore released too many times");
	}
	add_permits(th->run, s, (int)n);
	freerun_take_step(th);
	for (k = 0; k < n; k++)
		sem_post(&s->sem);
	pthread_mutex_unlock(&s->inner);
	return FREERUN_DONE;
}

/* ---- RWLock ---- */

static enum freerun_action
rwlock_call(struct freerun_thread *th, int p, int method, int line)
{
	struct freerun_prim *rw = &th->run->prims[p];
	int t = th->index;
	bool reading = aset_has(&rw->readers, t);
	bool write = method == LANG_M_ACQUIRE_WRITE;

	switch (method) {
	case LANG_M_ACQUIRE_READ:
	case LANG_M_ACQUIRE_WRITE:
		if (!write && reading)
			return step_and_fail(th, line, "RuntimeError: acquire_read() twice "
			    "by the same thread");
		if (FREERUN_LOAD(&rw->writer) == t || (write && reading))
			return block_forever(th, p, method);
		if ((write ? pthread_rwlock_trywrlock(&rw->rw) :
		    pthread_rwlock_tryrdlock(&rw->rw)) != 0) {
			freerun_set_blocked(th, LANG_OP_CALL, method, p);
			if (!lock_rwlock(th->run, &rw->rw, write))
				return FREERUN_STOPPED;
			freerun_set_running(th);
		}
		if (write)
			set_writer(th->run, rw, t);
		else
			set_reader(th->run, rw, t, true);
		if (freerun_stopping(th->run))
			return FREERUN_STOPPED;
		freerun_take_step(th);
		return FREERUN_DONE;
	case LANG_M_RELEASE_READ:
		if (!reading)
			return step_and_fail(th, line, "RuntimeError: release_read() without "
			    "acquire_read()");
		freerun_take_step(th);
		set_reader(th->run, rw, t, false);
		pthread_rwlock_unlock(&rw->rw);
		return FREERUN_DONE;
	default:	/* RELEASE_WRITE */
		if (FREERUN_LOAD(&rw->writer) != t)
			return step_and_fail(th, line, "RuntimeError: release_write() without "
			    "acquire_write()");
		freerun_take_step(th);
		set_writer(th->run, rw, -1);
		pthread_rwlock_unlock(&rw->rw);
		return FREERUN_DONE;
	}
}

/* ---- dispatch ---- */

enum freerun_action
freerun_prim_call(struct freerun_thread *th, int p, int method,
    const struct model_value *arg, struct model_value *result, int line,
    const struct freerun_timeout *to)
{
	struct freerun_prim *pr = &th->run->prims[p];

	*result = model_value_make(MODEL_NONE, 0);
	switch ((enum lang_method)method) {
	case LANG_M_ACQUIRE:
	case LANG_M_TRY_ACQUIRE:
		return is_semaphore(pr) ? semaphore_acquire(th, p, method, result, to) :
		    lock_acquire(th, p, method, result, to);
	case LANG_M_RELEASE:
		return is_semaphore(pr) ? semaphore_release(th, p, 1, line) :
		    lock_release(th, p, line);
	case LANG_M_RELEASE_N:
		return semaphore_release(th, p, arg->kind == MODEL_INT || arg->kind == MODEL_BOOL ?
		    arg->i : 0, line);
	case LANG_M_LOCKED:
		/* exact as a give-up is: see give_up_or_retry */
		pthread_mutex_lock(&th->run->graph_lock);
		*result = model_value_make(MODEL_BOOL, FREERUN_LOAD(&pr->owner) >= 0);
		freerun_take_step(th);
		pthread_mutex_unlock(&th->run->graph_lock);
		return FREERUN_DONE;
	case LANG_M_WAIT:
		return condition_wait(th, p, line);
	case LANG_M_WAIT_REACQUIRE:
		return condition_reacquire(th, p, result, to);
	case LANG_M_NOTIFY:
	case LANG_M_NOTIFY_ALL:
		return condition_notify(th, p, method, arg, line);
	case LANG_M_SET:
	case LANG_M_CLEAR:
	case LANG_M_IS_SET:
	case LANG_M_EVENT_WAIT:
		return freerun_event_call(th, p, method, result, to);
	case LANG_M_BARRIER_ARRIVE:
	case LANG_M_BARRIER_PASS:
	case LANG_M_BARRIER_ABORT:
	case LANG_M_BARRIER_RESET:
	case LANG_M_BARRIER_RELEASE:
	case LANG_M_BARRIER_BROKEN:
	case LANG_M_BARRIER_N_WAITING:
		return freerun_barrier_call(th, p, method, arg, result, line, to);
	LANG_CASES_QUEUE_METHODS
		return freerun_queue_call(th, p, method, arg, result, line, to);
	case LANG_M_ACQUIRE_READ:
	case LANG_M_RELEASE_READ:
	case LANG_M_ACQUIRE_WRITE:
	case LANG_M_RELEASE_WRITE:
		return rwlock_call(th, p, method, line);
	case LANG_M_WAIT_FOR:
	case LANG_M_EVENT_BLOCK:
	case LANG_M_COUNT:
		break;
	}
	freerun_take_step(th);
	return freerun_fail(th, line, "internal error: unknown method");
}

/* ---- who waits for what: the facts model/wait.c decides from ---- */

/* What the model would hold for pr, from free-run's bookkeeping (its
 * waiting set is left empty: facts fills it for Event.wait). */
static void
snapshot(struct freerun_prim *pr, struct model_prim *p)
{
	memset(p, 0, sizeof(*p));
	p->type = pr->type;
	p->owner = FREERUN_LOAD(pr->type == LANG_PRIM_RWLOCK ? &pr->writer : &pr->owner);
	p->lock = pr->lock;
	p->count = FREERUN_LOAD(is_semaphore(pr) ? &pr->permits : &pr->count);
	p->limit = pr->limit;
	p->readers = aset_load(&pr->readers);
	p->notified = aset_load(&pr->notified);
	p->generation = FREERUN_LOAD(&pr->generation);
	p->unfinished = FREERUN_LOAD(&pr->unfinished);
	p->flag = FREERUN_LOAD(&pr->flag);
}

/* The facts of t's wait (op, method, target: as freerun_set_blocked takes
 * them) as the bookkeeping beside the pthread objects has them, in the
 * model's terms; model/wait.c decides from them, as it does for the model's
 * state. */
static void
facts(struct freerun_run *r, int t, int op, int method, int target, struct freerun_wait *fw)
{
	struct model_wait *w = &fw->w;
	struct freerun_prim *pr, *l;

	w->op = op;
	w->method = method;
	w->target = target;
	w->timeout = MODEL_TIMEOUT_NONE;
	if (op == LANG_OP_JOIN) {
		w->ended = FREERUN_LOAD(&r->threads[target].status) != FREERUN_T_ALIVE;
		return;
	}
	if (op != LANG_OP_CALL)
		return;
	pr = &r->prims[target];
	l = lock_of(r, target);
	snapshot(pr, &fw->prim);
	w->prim = &fw->prim;
	w->lock = &fw->prim;
	w->lock_index = (int)(l - r->prims);
	if (l != pr) {
		snapshot(l, &fw->lock);
		w->lock = &fw->lock;
	}
	w->event_gen = FREERUN_LOAD(&r->threads[t].wait_gen);
	w->barrier_last = FREERUN_LOAD(&r->threads[t].barrier_index) == pr->limit - 1;
	/* Python's Event.set() releases the threads already waiting even if
	 * clear() comes before they run: a waiter waits for the flag or a set()
	 * after it began to wait.  The model keeps such a waiter in waiting. */
	if (method == LANG_M_EVENT_WAIT && fw->prim.flag == 0 &&
	    fw->prim.generation == w->event_gen)
		tset_add(&fw->prim.waiting, t);
}

void
freerun_wait_of(struct freerun_run *r, int t, struct freerun_wait *fw)
{
	struct freerun_thread *th = &r->threads[t];

	facts(r, t, FREERUN_LOAD(&th->wait_op), FREERUN_LOAD(&th->wait_method),
	    FREERUN_LOAD(&th->wait_target), fw);
}

bool
freerun_call_blocks(struct freerun_thread *th, int method, int p)
{
	struct freerun_wait fw;

	facts(th->run, th->index, LANG_OP_CALL, method, p, &fw);
	return model_wait_blocked(&fw.w, th->index);
}

bool
freerun_still_blocked(struct freerun_run *r, int t)
{
	struct freerun_wait fw;

	freerun_wait_of(r, t, &fw);
	return model_wait_blocked(&fw.w, t);
}
