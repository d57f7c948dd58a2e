/* freerun.c - free-run: the runs, the watchdog, the histogram, the capture.
 *
 * Threads.  The caller's thread is the runner and the watchdog; each run
 * has one pthread per started scenario thread (freerun_interp.c) and no
 * other.  As in CPython, a thread's pthread is created when it starts: by
 * the runner for the threads that start at once, by the thread that calls
 * start() for the others (a thread never started has none).
 *
 *     runner                                scenario thread t
 *     ------                                -----------------
 *     reset values, primitives, flags
 *     pthread_create, signals blocked  -->  ready++; spin at the gate (the
 *       (the threads that start at once)    last one there opens it)
 *                                           run the program, step by step;
 *                                           start(): pthread_create
 *     watch, woken by event or a tick:
 *       a verdict is claimed          <--  raise: claim the verdict, stop
 *       alive == 0                    <--  finish: park (alive--)
 *       no step for the timeout, every live thread blocked on something
 *       still unavailable: claim a deadlock
 *     stop = true, broadcast          -->  unwind: give back every lock
 *     pthread_join each thread        <--  return
 *     read the values; no verdict yet (every thread finished): judge them
 *     name the uncaught exceptions of a Python program's threads in it
 *     destroy the primitives
 *
 * In a Python program a raise ends its thread alone: the thread keeps the
 * exception (freerun_thread.raised) and parks as finished, holding its
 * locks, as if it had reached its end; the run goes on without it.
 *
 * Invariants.
 *   1. The verdict is written under claim_lock, by whoever sets claimed,
 *      or again by a raise of an earlier step (freerun_claim_raise); the
 *      runner reads it after the joins.
 *   2. A thread's log is written only by that thread and read by the
 *      runner after the join.
 *   3. alive counts the non-daemon threads started and not finished; it
 *      changes under lock, and the runner tests it (and claimed) under lock
 *      before it sleeps on event, so no wake-up is missed.
 *   4. Once stop is set a thread takes no new step: it unwinds at its next
 *      visible action or within FREERUN_SLICE_MS of a wait.
 *   5. After the joins no scenario thread exists and every pthread object
 *      is unlocked and has no waiter: destroying them is defined, nothing
 *      leaks, and the next run starts from the declared values.
 *   6. A pthread is created under lock and only while stop is not set, and
 *      the runner sets stop before it lists the threads to join, under
 *      lock: it joins every thread there is.  A pthread the system refuses
 *      stops the run (refused); the runner reports it, not an outcome.
 *
 * Deadlocks at once.  A thread that blocks on a lock, a semaphore or a
 * join, or that finishes, looks at every live thread under graph_lock: if
 * each is blocked in such a wait and none can go on, the run is
 * deadlocked for good, and the thread claims it there and then.  That is
 * sound because the bookkeeping never says "cannot go on" of a thread that
 * can: a lock's owner is cleared before its mutex is unlocked and set only
 * after its new holder is marked running; a Semaphore's permits count a
 * unit from before its sem_post until its taker is running again; a
 * thread's status is FINISHED before any joiner can see it end.  Only a
 * running thread can end these waits, and under graph_lock none is left.
 *
 * The watchdog.  A run is a deadlock when for the timeout no step was taken
 * (the sequence number did not move) while every live thread was blocked,
 * and each one still waits for something unavailable (a thread woken but
 * not yet scheduled is slow, not deadlocked).  Sleeping threads are not
 * blocked.  This catches the waits the check above does not see through:
 * a condition nobody is left to notify, an event, a barrier, a queue.
 * The verdict names the cycle of waiting in the model's words.
 * A run that outlasts the run limit, sleeping or looping, is ended with a
 * no-progress verdict, as the model ends one at its step limit; both are
 * counted as cut short, not failed (freerun_limit), and after
 * FREERUN_RUNAWAY_RUNS such runs in a row the free-run stops.
 *
 * Capture.  A failing run's logs, merged by sequence number, are the order
 * in which its steps really happened: a schedule.  It is replayed on the
 * controlled engine (POLICY_REPLAY); if the replay ends with the same
 * verdict and the same values, the schedule is kept for that outcome.  A
 * number is taken just after its action, so two threads' unsynchronized
 * loads and stores can be numbered in another order than the one in which
 * they reached memory; the replay then differs, and the outcome says so.
 * A raise claims the verdict after its step has its number, so a thread
 * stopped between the two can be overtaken by a later raise: the verdict
 * is the raise of the earliest step, whichever claims first (a .race run
 * ends there on the model).  Other threads do not stop at that step but
 * at their next look at the stop flag; what they did in between is in the
 * free run's values and output, not in the model's, and a replay that
 * differs for it says so (explain_late_steps).
 */
#include "config.h"

#include "engine/freerun.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/driver.h"
#include "engine/engine.h"
#include "engine/freerun_internal.h"
#include "lang/limits.h"
#include "model/words.h"
#include "util/monotonic.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void
freerun_options_init(struct freerun_options *o)
{
	o->runs = FREERUN_DEFAULT_RUNS;
	o->timeout_ms = FREERUN_DEFAULT_TIMEOUT_MS;
	o->run_limit_ms = FREERUN_DEFAULT_RUN_LIMIT_MS;
	o->max_steps = FREERUN_DEFAULT_MAX_STEPS;
	o->capture = true;
}

/* ---- what the threads call ---- */

void
freerun_deadline(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static bool
before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

bool
freerun_timeout_passed(const struct freerun_timeout *to)
{
	struct timespec now;

	if (to == NULL)
		return false;
	clock_gettime(CLOCK_REALTIME, &now);
	return !before(&now, &to->at);
}

void
freerun_next_slice(const struct freerun_timeout *to, struct timespec *slice)
{
	freerun_deadline(slice, FREERUN_SLICE_MS);
	if (to != NULL && before(&to->at, slice))
		*slice = to->at;
}

bool
freerun_sleep_until(struct freerun_run *r, const struct freerun_timeout *to)
{
	struct timespec slice;

	while (!freerun_timeout_passed(to)) {
		if (freerun_stopping(r))
			return false;
		freerun_next_slice(to, &slice);
		clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &slice, NULL);
	}
	return !freerun_stopping(r);
}

bool
freerun_stopping(const struct freerun_run *r)
{
	return atomic_load_explicit(&r->stop, memory_order_acquire);
}

/* Under lock. */
static void
stop_locked(struct freerun_run *r)
{
	atomic_store_explicit(&r->stop, true, memory_order_release);
	pthread_cond_broadcast(&r->changed);
	pthread_cond_signal(&r->event);
}

void
freerun_request_stop(struct freerun_run *r)
{
	pthread_mutex_lock(&r->lock);
	stop_locked(r);
	pthread_mutex_unlock(&r->lock);
}

bool
freerun_create_thread(struct freerun_run *r, int t)
{
	struct freerun_thread *th = &r->threads[t];
	int err = engine_thread_create(&th->pthread, NULL, freerun_thread_main, th);

	th->created = err == 0;
	if (err != 0 && r->refused == 0) {
		r->refused = err;
		r->refused_thread = t;
		stop_locked(r);
	}
	return err == 0;
}

void
freerun_wait_for_stop(struct freerun_run *r)
{
	pthread_mutex_lock(&r->lock);
	while (!freerun_stopping(r))
		pthread_cond_wait(&r->changed, &r->lock);
	pthread_mutex_unlock(&r->lock);
}

bool
freerun_claim(struct freerun_run *r, enum model_verdict_kind kind, int thread, int line,
    const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&r->claim_lock);
	if (atomic_load(&r->claimed)) {
		pthread_mutex_unlock(&r->claim_lock);
		return false;
	}
	r->verdict.kind = kind;
	r->verdict.thread = thread;
	r->verdict.line = line;
	r->verdict.expect = -1;
	va_start(ap, fmt);
	vsnprintf(r->verdict.message, sizeof(r->verdict.message), fmt, ap);
	va_end(ap);
	r->claim_step = FREERUN_NO_STEP;
	atomic_store(&r->claimed, true);
	pthread_mutex_unlock(&r->claim_lock);
	freerun_request_stop(r);
	return true;
}

/* The step number is taken inside the action, the claim after it: a
 * thread stopped between the two lets a later raise claim first (a
 * broken Barrier: the waiter that timed out breaks it, the other wakes
 * to raise), so the claims are ordered by their steps, not by time. */
void
freerun_claim_raise(struct freerun_run *r, uint32_t step, const struct model_verdict *v)
{
	bool claims;

	pthread_mutex_lock(&r->claim_lock);
	claims = !atomic_load(&r->claimed) ||
	    (r->claim_step != FREERUN_NO_STEP && step < r->claim_step);
	if (claims) {
		r->verdict.kind = v->kind;
		r->verdict.thread = v->thread;
		r->verdict.line = v->line;
		r->verdict.expect = -1;
		snprintf(r->verdict.message, sizeof(r->verdict.message), "%s", v->message);
		r->claim_step = step;
		atomic_store(&r->claimed, true);
	}
	pthread_mutex_unlock(&r->claim_lock);
	if (claims)
		freerun_request_stop(r);
}

/* ---- the session: what stays from run to run ---- */

/* The string table's lock is values_lock while the threads run: the
 * shared interpreter interns and reads strings through it. */
static void
lock_values(void *arg)
{
	pthread_mutex_lock(arg);
}

static void
unlock_values(void *arg)
{
	pthread_mutex_unlock(arg);
}

static void
lock_heap(void *arg)
{
	pthread_mutex_lock(arg);
}

static void
unlock_heap(void *arg)
{
	pthread_mutex_unlock(arg);
}

/* The run's heap, larger than the model's (nothing is freed while the
 * threads run), and the declared objects to start each run from. */
static void
heap_setup(struct freerun_run *r, const struct model_state *initial)
{
	pthread_mutexattr_t attr;
	size_t bytes = model_heap_bytes(MODEL_FREE_HEAP_OBJECTS, MODEL_FREE_HEAP_CELLS);

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&r->heap_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	r->heap_mem = xcalloc(1, bytes);
	r->initial_heap_mem = xcalloc(1, bytes);
	model_heap_view(&r->heap, r->heap_mem, MODEL_FREE_HEAP_OBJECTS,
	    MODEL_FREE_HEAP_CELLS);
	model_heap_view(&r->initial_heap, r->initial_heap_mem, MODEL_FREE_HEAP_OBJECTS,
	    MODEL_FREE_HEAP_CELLS);
	model_state_copy_heap(initial, &r->initial_heap);
	r->heap.lock = lock_heap;
	r->heap.unlock = unlock_heap;
	r->heap.lock_arg = &r->heap_lock;
}

static void
session_setup(struct freerun_run *r, const struct model *m, struct model_strings *strings,
    const struct freerun_options *o)
{
	struct model_state *initial = model_state_new(m, 1);
	size_t e, t;

	memset(r, 0, sizeof(*r));
	r->m = m;
	r->prog = model_program(m);
	r->strings = strings;
	r->nthreads = model_nthreads(m);
	r->nelements = model_nelements(m);
	r->nprims = model_nprims(m);
	r->max_steps = o->max_steps;
	r->initial = xcalloc(r->nelements + 1, sizeof(*r->initial));
	for (e = 0; e < r->nelements; e++)
		r->initial[e] = *model_element_raw(initial, (int)e);
	heap_setup(r, initial);
	r->values = xcalloc(r->nelements + 1, sizeof(*r->values));
	freerun_prims_setup(r, initial);
	model_state_free(initial);
	r->threads = xcalloc(r->nthreads + 1, sizeof(*r->threads));
	for (t = 0; t < r->nthreads; t++) {
		r->threads[t].run = r;
		r->threads[t].index = (int)t;
		r->threads[t].daemon = r->prog->groups[r->prog->threads[t].group].daemon;
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	pthread_cond_init(&r->event, NULL);
	pthread_mutex_init(&r->values_lock, NULL);
	if (strings->lock == NULL) {
		r->own_strings_lock = true;
		strings->lock = lock_values;
		strings->unlock = unlock_values;
		strings->lock_arg = &r->values_lock;
	}
	pthread_mutex_init(&r->atomic_lock, NULL);
	pthread_mutex_init(&r->graph_lock, NULL);
	pthread_mutex_init(&r->output_lock, NULL);
	pthread_mutex_init(&r->claim_lock, NULL);
	r->output = xcalloc(1, MODEL_OUTPUT_ROOM);
}

static void
session_teardown(struct freerun_run *r)
{
	size_t t;

	for (t = 0; t < r->nthreads; t++)
		free(r->threads[t].log);
	free(r->threads);
	freerun_prims_teardown(r);
	free(r->values);
	free(r->initial);
	free(r->big);
	free(r->heap_mem);
	free(r->initial_heap_mem);
	pthread_mutex_destroy(&r->heap_lock);
	if (r->own_strings_lock) {
		r->strings->lock = NULL;
		r->strings->unlock = NULL;
		r->strings->lock_arg = NULL;
	}
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->changed);
	pthread_cond_destroy(&r->event);
	pthread_mutex_destroy(&r->values_lock);
	pthread_mutex_destroy(&r->atomic_lock);
	pthread_mutex_destroy(&r->graph_lock);
	pthread_mutex_destroy(&r->output_lock);
	pthread_mutex_destroy(&r->claim_lock);
	free(r->output);
}

/* ---- one run ---- */

/* Back to the declared state. */
static void
reset(struct freerun_run *r)
{
	size_t e, t;

	r->nbig = 0;
	/* a program that makes no list, tuple or dict never touches its heap:
	 * no megabyte to copy back each run */
	if (r->prog->uses_heap)
		memcpy(r->heap_mem, r->initial_heap_mem,
		    model_heap_bytes(MODEL_FREE_HEAP_OBJECTS, MODEL_FREE_HEAP_CELLS));
	r->output_len = 0;
	r->output[0] = '\0';
	for (e = 0; e < r->nelements; e++)
		atomic_store_explicit(&r->values[e], freerun_encode(r, &r->initial[e]),
		    memory_order_relaxed);
	freerun_prims_init(r);
	r->alive = 0;
	r->at_once = 0;
	for (t = 0; t < r->nthreads; t++) {
		struct freerun_thread *th = &r->threads[t];
		bool at_start = r->prog->threads[t].starts_at_once;

		atomic_store(&th->status, at_start ? FREERUN_T_ALIVE : FREERUN_T_NEW);
		atomic_store(&th->activity, FREERUN_RUNNING);
		atomic_store(&th->wait_op, 0);
		atomic_store(&th->wait_method, -1);
		atomic_store(&th->wait_target, -1);
		atomic_store(&th->wait_gen, 0);
		th->in_atomic = false;
		th->saved_depth = 0;
		FREERUN_STORE(&th->barrier_index, -1);
		th->wait_order = 0;
		th->nlog = 0;
		th->raised.kind = MODEL_RUNNING;
		th->created = false;
		if (at_start) {
			r->at_once++;
			if (!th->daemon)
				r->alive++;
		}
	}
	atomic_store(&r->seq, 0);
	atomic_store(&r->stop, false);
	atomic_store(&r->claimed, false);
	atomic_store(&r->ready, 0);
	atomic_store(&r->go, false);
	r->refused = 0;
	r->refused_thread = -1;
	memset(&r->verdict, 0, sizeof(r->verdict));
	r->limit = FREERUN_NO_LIMIT;
	r->claim_step = FREERUN_NO_STEP;
	r->verdict.kind = MODEL_RUNNING;
	r->verdict.thread = -1;
	r->verdict.expect = -1;
}

/* The threads that start at once; the others, at their start(). */
static void
create_threads(struct freerun_run *r)
{
	size_t t;

	pthread_mutex_lock(&r->lock);
	for (t = 0; t < r->nthreads; t++)
		if (r->prog->threads[t].starts_at_once && !freerun_create_thread(r, (int)t))
			break;
	pthread_mutex_unlock(&r->lock);
}

static void
join_threads(struct freerun_run *r)
{
	pthread_t made[LANG_MAX_THREADS];
	size_t t, n = 0;

	freerun_request_stop(r);
	pthread_mutex_lock(&r->lock);
	for (t = 0; t < r->nthreads; t++)
		if (r->threads[t].created) {
			made[n++] = r->threads[t].pthread;
			r->threads[t].created = false;
		}
	pthread_mutex_unlock(&r->lock);
	for (t = 0; t < n; t++)
		pthread_join(made[t], NULL);
	r->alive = 0;
}

static int
status_of(struct freerun_run *r, int t)
{
	return atomic_load_explicit(&r->threads[t].status, memory_order_relaxed);
}

static bool
is_blocked(struct freerun_run *r, int t)
{
	return atomic_load_explicit(&r->threads[t].activity, memory_order_acquire) ==
	    FREERUN_BLOCKED;
}

/* Every live thread blocked on something it still cannot have. */
static bool
all_stuck(struct freerun_run *r)
{
	bool any = false;
	size_t t;

	for (t = 0; t < r->nthreads; t++) {
		if (status_of(r, (int)t) != FREERUN_T_ALIVE)
			continue;
		if (!is_blocked(r, (int)t) || !freerun_still_blocked(r, (int)t))
			return false;
		any = true;
	}
	return any;
}

/* The deadlock's message in msg, in the model's words (the cycle of
 * waiting if there is one); the thread it names first, or -1. */
static int
describe_deadlock(struct freerun_run *r, char *msg, size_t size)
{
	struct model_waiter threads[LANG_MAX_THREADS];
	struct freerun_wait facts[LANG_MAX_THREADS];
	size_t t;

	for (t = 0; t < r->nthreads; t++) {
		threads[t].alive = status_of(r, (int)t) == FREERUN_T_ALIVE;
		threads[t].stuck = threads[t].alive && is_blocked(r, (int)t);
		if (threads[t].alive) {
			freerun_wait_of(r, (int)t, &facts[t]);
			threads[t].wait = facts[t].w;
		}
	}
	return model_deadlock_words(r->m, threads, msg, size);
}

static void
claim_deadlock(struct freerun_run *r)
{
	char msg[sizeof(r->verdict.message)];
	int first;

	pthread_mutex_lock(&r->graph_lock);
	first = describe_deadlock(r, msg, sizeof(msg));
	pthread_mutex_unlock(&r->graph_lock);
	freerun_claim(r, MODEL_DEADLOCK, first, 0, "%s", msg);
}

/* Under graph_lock: every live thread waits where the bookkeeping sees
 * through (freerun_wait_is_visible), none of them can go on, and one of them is
 * not a daemon (daemons alone are stopped, not deadlocked). */
static bool
stuck_for_good(struct freerun_run *r)
{
	bool any = false;
	size_t t;

	for (t = 0; t < r->nthreads; t++) {
		struct freerun_thread *th = &r->threads[t];
		int op, method;

		if (status_of(r, (int)t) != FREERUN_T_ALIVE)
			continue;
		op = atomic_load_explicit(&th->wait_op, memory_order_relaxed);
		method = atomic_load_explicit(&th->wait_method, memory_order_relaxed);
		if (!is_blocked(r, (int)t) || !freerun_wait_is_visible(op, method) ||
		    !freerun_still_blocked(r, (int)t))
			return false;
		any = any || !th->daemon;
	}
	return any;
}

void
freerun_check_deadlock(struct freerun_run *r)
{
	char msg[sizeof(r->verdict.message)];
	bool stuck;
	int first = -1;

	pthread_mutex_lock(&r->graph_lock);
	stuck = !freerun_stopping(r) && stuck_for_good(r);
	if (stuck)
		first = describe_deadlock(r, msg, sizeof(msg));
	pthread_mutex_unlock(&r->graph_lock);
	if (stuck)
		freerun_claim(r, MODEL_DEADLOCK, first, 0, "%s", msg);
}

/* Watch a run until it ends; false if the progress callback cancelled it.
 * Lock invariant: alive and claimed are tested under lock before each
 * sleep on event, and whoever changes them signals event under lock. */
static bool
watch(struct freerun_run *r, const struct freerun_options *o, freerun_progress_fn progress,
    void *arg, const struct freerun_result *so_far)
{
	int timeout_ms = o->timeout_ms < o->run_limit_ms ? o->timeout_ms : o->run_limit_ms;
	long tick_ms = timeout_ms / 4 < 1 ? 1 : timeout_ms / 4 > 20 ? 20 : timeout_ms / 4;
	uint32_t last_seq = 0;
	double start = monotonic_seconds(), last_step = start;
	double next_report = start + FREERUN_PROGRESS_MS / 1e3;
	struct timespec deadline;

	for (;;) {
		uint32_t seq;
		double now;
		bool over;

		pthread_mutex_lock(&r->lock);
		if (!atomic_load(&r->claimed) && r->alive > 0 && !freerun_stopping(r)) {
			freerun_deadline(&deadline, tick_ms);
			pthread_cond_timedwait(&r->event, &r->lock, &deadline);
		}
		over = atomic_load(&r->claimed) || r->alive == 0 || freerun_stopping(r);
		pthread_mutex_unlock(&r->lock);
		if (over)
			return true;
		seq = atomic_load_explicit(&r->seq, memory_order_relaxed);
		now = monotonic_seconds();
		if (seq != last_seq) {
			last_seq = seq;
			last_step = now;
		} else if ((now - last_step) * 1e3 >= o->timeout_ms && all_stuck(r)) {
			claim_deadlock(r);
			return true;
		}
		if ((now - start) * 1e3 >= o->run_limit_ms) {
			if (freerun_claim(r, MODEL_NO_PROGRESS, -1, 0, "the run took longer "
			    "than the run limit (%d ms) (an endless loop?)", o->run_limit_ms))
				r->limit = FREERUN_RUN_LIMIT;
			return true;
		}
		if (progress != NULL && now >= next_report) {
			if (!progress(arg, so_far, o->runs))
				return false;
			next_report = now + FREERUN_PROGRESS_MS / 1e3;
		}
	}
}

/* ---- outcomes ---- */

static bool
same_values(const struct model_value *a, const struct model_value *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].kind != b[i].kind || a[i].i != b[i].i)
			return false;
	return true;
}

static bool
same_verdict(const struct model_verdict *a, const struct model_verdict *b)
{
	return a->kind == b->kind && a->thread == b->thread && a->line == b->line &&
	    a->expect == b->expect && strcmp(a->message, b->message) == 0;
}

/* Count one run; its outcome's index (outcomes stay most frequent first,
 * ties in order of appearance). */
static size_t
count_outcome(struct freerun_result *res, size_t nvalues, const struct model_value *values,
    const char *output, const struct model_verdict *verdict, enum freerun_limit limit)
{
	size_t i;

	for (i = 0; i < res->noutcomes; i++)
		if (same_verdict(&res->outcomes[i].verdict, verdict) &&
		    same_values(res->outcomes[i].shared, values, nvalues) &&
		    strcmp(res->outcomes[i].output, output) == 0)
			break;
	if (i == res->noutcomes) {
		struct freerun_outcome *o;

		res->outcomes = xrealloc(res->outcomes, (res->noutcomes + 1) *
		    sizeof(*res->outcomes));
		o = &res->outcomes[res->noutcomes++];
		memset(o, 0, sizeof(*o));
		o->shared = xcalloc(nvalues + 1, sizeof(*o->shared));
		memcpy(o->shared, values, nvalues * sizeof(*values));
		o->output = xstrdup(output);
		o->verdict = *verdict;
		o->limit = limit;
	}
	res->outcomes[i].count++;
	res->runs++;
	if (verdict->kind != MODEL_OK)
		res->failed++;
	if (limit != FREERUN_NO_LIMIT)
		res->cut_short++;
	while (i > 0 && res->outcomes[i - 1].count < res->outcomes[i].count) {
		struct freerun_outcome tmp = res->outcomes[i - 1];

		res->outcomes[i - 1] = res->outcomes[i];
		res->outcomes[i] = tmp;
		i--;
	}
	return i;
}

void
freerun_format_shared(const struct model *m, const struct model_value *values,
    char *buf, size_t size)
{
	const struct lang_program *prog = model_program(m);
	struct strbuf sb = { 0 };
	size_t s;

	for (s = 0; s < prog->nshared; s++) {
		const struct lang_shared *sh = &prog->shared[s];

		if (model_element_of(m, (int)s, 0) < 0 || sh->constant)
			continue;
		strbuf_printf(&sb, "%s%s = ", sb.len > 0 ? ", " : "", sh->name);
		model_shared_words(m, values, (int)s, 0, &sb);
	}
	buf[0] = '\0';
	strbuf_catf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

/* ---- capture and replay ---- */

/* The run's real order of steps, from the threads' logs. */
static void
merge_logs(struct freerun_run *r, struct schedule *sched)
{
	uint32_t total = atomic_load(&r->seq), s;
	int *order;
	size_t t, i;

	if (total > (uint32_t)r->max_steps)
		total = (uint32_t)r->max_steps;
	order = xmalloc(((size_t)total + 1) * sizeof(*order));
	for (s = 0; s < total; s++)
		order[s] = -1;
	for (t = 0; t < r->nthreads; t++)
		for (i = 0; i < r->threads[t].nlog; i++)
			if (r->threads[t].log[i] < total)
				order[r->threads[t].log[i]] = (int)t;
	for (s = 0; s < total; s++)
		if (order[s] >= 0)
			schedule_append(sched, order[s], 0);
	free(order);
}

/* Why a replay can differ that the capture cannot help: a .race run
 * ends at its first raise, but real threads stop only when they next look
 * at the stop flag, and the steps they took after the raise's are in the
 * free run's values and output, not in the model's run. */
static void
explain_late_steps(struct freerun_run *r, char *why, size_t size)
{
	size_t t, i, late = 0;

	if (r->claim_step == FREERUN_NO_STEP)
		return;
	for (t = 0; t < r->nthreads; t++)
		for (i = 0; i < r->threads[t].nlog; i++)
			late += r->threads[t].log[i] > r->claim_step;
	if (late > 0)
		strbuf_catf(why, size, "; the run's error was step %u, but other threads "
		    "took %zu step%s after it before they saw the run stop, and the "
		    "model's run ends at the error", r->claim_step + 1, late,
		    late == 1 ? "" : "s");
}

static void
try_capture(struct freerun_run *r, struct freerun_outcome *o)
{
	struct schedule sched = { 0 };
	struct policy *policy;
	struct trace tr;
	char err[400], values[300];
	uint32_t steps = atomic_load(&r->seq);
	bool ran;

	o->tries++;
	if (steps > FREERUN_CAPTURE_MAX_STEPS) {
		o->capture = FREERUN_NOT_REPRODUCED;
		snprintf(o->why, sizeof(o->why), "the run took %u steps; free-run replays "
		    "runs of at most %d", steps, FREERUN_CAPTURE_MAX_STEPS);
		return;
	}
	merge_logs(r, &sched);
	policy = policy_new(POLICY_REPLAY, 0, &sched, r->nthreads, 1, 1);
	trace_init(&tr, r->m, "free-run", 0, r->max_steps, true);
	ran = engine_run(r->m, policy, r->max_steps, &tr, err, sizeof(err));
	if (ran && tr.verdict.kind == o->verdict.kind &&
	    tr.verdict.thread == o->verdict.thread && tr.verdict.line == o->verdict.line &&
	    tr.verdict.expect == o->verdict.expect &&
	    same_values(tr.final, o->shared, r->nelements) &&
	    strcmp(tr.output, o->output) == 0) {
		/* the replay's own schedule: the log's, and the program's exit
		 * if the replay took it (no thread logs it) */
		o->capture = FREERUN_REPRODUCED;
		schedule_free(&o->schedule);
		o->schedule = tr.schedule;
		memset(&tr.schedule, 0, sizeof(tr.schedule));
	} else {
		o->capture = FREERUN_NOT_REPRODUCED;
		if (!ran) {
			snprintf(o->why, sizeof(o->why), "the controlled replay of its "
			    "schedule stopped: %s", err);
		} else {
			freerun_format_shared(r->m, tr.final, values, sizeof(values));
			snprintf(o->why, sizeof(o->why), "the controlled replay of its "
			    "schedule ended otherwise: %s%s%s", values, values[0] ? "; " : "",
			    trace_verdict_name(tr.verdict.kind));
			if (tr.verdict.thread >= 0 && tr.verdict.thread != o->verdict.thread)
				strbuf_catf(o->why, sizeof(o->why), " in %s",
				    r->prog->threads[tr.verdict.thread].name);
			if (strcmp(tr.output, o->output) != 0)
				strbuf_catf(o->why, sizeof(o->why), "; it printed otherwise");
			explain_late_steps(r, o->why, sizeof(o->why));
		}
	}
	trace_free(&tr);
	policy_free(policy);
	schedule_free(&sched);
}

const struct freerun_outcome *
freerun_captured(const struct freerun_result *r)
{
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < r->noutcomes; i++)
			if (r->outcomes[i].verdict.kind != MODEL_OK &&
			    r->outcomes[i].capture == FREERUN_REPRODUCED &&
			    (r->outcomes[i].limit == FREERUN_NO_LIMIT) == (pass == 0))
				return &r->outcomes[i];
	return NULL;
}

void
freerun_rate_interval(int k, int n, double *low, double *high)
{
	const double z = 1.959964;	/* the normal quantile of 97.5% */
	double p = (double)k / n, z2n = z * z / n;
	double centre = (p + z2n / 2) / (1 + z2n);
	double half = z * sqrt(p * (1 - p) / n + z2n / (4.0 * n)) / (1 + z2n);

	*low = k == 0 ? 0 : centre - half;
	*high = k == n ? 1 : centre + half;
}

/* ---- the runs ---- */

/* The run is over and its threads joined: a Python program's threads that
 * died of uncaught exceptions are named in its verdict, in the order they
 * raised (the raise is a thread's last step), as the model names them. */
static void
name_uncaught(struct freerun_run *r)
{
	struct model_exception exc[LANG_MAX_THREADS];
	uint32_t seq[LANG_MAX_THREADS];
	size_t t;
	int n = 0, i;

	for (t = 0; t < r->nthreads; t++) {
		struct freerun_thread *th = &r->threads[t];
		uint32_t last;

		if (th->raised.kind == MODEL_RUNNING)
			continue;
		last = th->nlog > 0 ? th->log[th->nlog - 1] : 0;
		for (i = n++; i > 0 && seq[i - 1] > last; i--) {
			exc[i] = exc[i - 1];
			seq[i] = seq[i - 1];
		}
		exc[i].thread = (int)t;
		exc[i].func = -1;	/* the verdict does not say */
		exc[i].line = th->raised.line;
		exc[i].text = th->raised.message;
		seq[i] = last;
	}
	model_verdict_uncaught(r->m, &r->verdict, exc, n);
}

/* One run: -1 if a thread could not be created (err set), 0 if cancelled,
 * 1 if done and counted. */
static int
run_once(struct freerun_run *r, const struct freerun_options *o,
    freerun_progress_fn progress, void *arg, struct freerun_result *res,
    struct model_value *values, char *err, size_t errsize)
{
	double start = monotonic_seconds();
	bool finished;
	size_t e, k;

	reset(r);
	create_threads(r);
	finished = watch(r, o, progress, arg, res);
	join_threads(r);
	if (r->refused != 0) {
		freerun_prims_destroy(r);
		snprintf(err, errsize, "cannot create a thread for %s: %s",
		    r->prog->threads[r->refused_thread].name, strerror(r->refused));
		return -1;
	}
	freerun_prims_assert_idle(r);
	for (e = 0; e < r->nelements; e++)
		values[e] = freerun_decode(r, atomic_load_explicit(&r->values[e],
		    memory_order_relaxed));
	freerun_prims_destroy(r);
	if (!finished)
		return 0;
	if (!atomic_load(&r->claimed))
		model_judge(r->m, values, &r->heap, &r->verdict);
	name_uncaught(r);
	/* what is counted and shown keeps no reference into the heap */
	for (e = 0; e < r->nelements; e++)
		values[e] = model_heap_freeze(&r->heap, r->strings, &values[e]);
	res->seconds += monotonic_seconds() - start;
	k = count_outcome(res, r->nelements, values, r->output, &r->verdict, r->limit);
	if (o->capture && r->verdict.kind != MODEL_OK &&
	    res->outcomes[k].capture != FREERUN_REPRODUCED &&
	    res->outcomes[k].tries < FREERUN_CAPTURE_TRIES)
		try_capture(r, &res->outcomes[k]);
	return 1;
}

bool
freerun_run(const struct model *m, struct model_strings *strings,
    const struct freerun_options *o, freerun_progress_fn progress, void *arg,
    struct freerun_result *result, char *err, size_t errsize)
{
	struct freerun_run r;
	struct model_value *values;
	bool ok = true;
	int i, rc, runaways = 0;

	memset(result, 0, sizeof(*result));
	if (model_max_frame_size(m) > MODEL_FRAME_MAX_BYTES)
		util_fatal("internal error: a thread's frame is larger than free-run's");
	session_setup(&r, m, strings, o);
	values = xcalloc(r.nelements + 1, sizeof(*values));
	for (i = 0; i < o->runs; i++) {
		rc = run_once(&r, o, progress, arg, result, values, err, errsize);
		if (rc < 0) {
			ok = false;
			break;
		}
		if (rc == 0 || (progress != NULL && !progress(arg, result, o->runs))) {
			result->cancelled = true;
			break;
		}
		runaways = r.limit == FREERUN_RUN_LIMIT ? runaways + 1 : 0;
		if (runaways == FREERUN_RUNAWAY_RUNS && i + 1 < o->runs) {
			result->runaway = true;
			break;
		}
	}
	free(values);
	session_teardown(&r);
	return ok;
}

void
freerun_result_free(struct freerun_result *r)
{
	size_t i;

	for (i = 0; i < r->noutcomes; i++) {
		free(r->outcomes[i].shared);
		free(r->outcomes[i].output);
		schedule_free(&r->outcomes[i].schedule);
	}
	free(r->outcomes);
	memset(r, 0, sizeof(*r));
}
