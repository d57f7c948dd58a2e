/* freerun_internal.h - free-run's run state, shared by its four files:
 * freerun.c (the runs and the watchdog), freerun_interp.c (the scenario
 * threads' interpreter), freerun_prims.c (the primitives on pthread
 * objects) and freerun_monitors.c (Event, Barrier, Queue among them).
 * The protocol and its invariants are in freerun.c's essay.
 */
#ifndef LOCKSTEP_ENGINE_FREERUN_INTERNAL_H
#define LOCKSTEP_ENGINE_FREERUN_INTERNAL_H

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "engine/freerun.h"
#include "model/heap.h"
#include "model/tset.h"
#include "model/wait.h"

/* The bookkeeping's atomics are read and written relaxed: what orders
 * them is the lock each changes under (see struct freerun_prim). */
#define FREERUN_LOAD(a) atomic_load_explicit((a), memory_order_relaxed)
#define FREERUN_STORE(a, v) atomic_store_explicit((a), (v), memory_order_relaxed)

/* A thread blocked in a primitive looks at the stop flag this often. */
#define FREERUN_SLICE_MS 5

enum freerun_status {
	FREERUN_T_NEW,		/* not started (main: has not called start()) */
	FREERUN_T_ALIVE,
	FREERUN_T_FINISHED,	/* reached its end; parked until the run stops */
};

/* What a live thread is doing, for the watchdog. */
enum freerun_activity {
	FREERUN_RUNNING,
	FREERUN_BLOCKED,	/* in a primitive or a join; wait_* say which */
	FREERUN_SLEEPING,	/* in sleep(ms): not stuck, only slow */
};

/* How an action went. */
enum freerun_action {
	FREERUN_DONE,		/* performed */
	FREERUN_STOPPED,	/* the run is stopping: unwind */
	FREERUN_FAILED,		/* raised: a verdict is claimed; unwind */
};

struct freerun_run;

struct freerun_thread {
	struct freerun_run *run;
	int index;
	bool daemon;
	pthread_t pthread;
	bool created;			/* pthread exists; under run->lock */
	_Atomic int status;		/* enum freerun_status; changes under run->lock */
	_Atomic int activity;		/* enum freerun_activity */
	_Atomic int wait_op;		/* BLOCKED: LANG_OP_CALL or LANG_OP_JOIN */
	_Atomic int wait_method;	/* CALL: enum lang_method */
	_Atomic int wait_target;	/* CALL: primitive; JOIN: thread */
	_Atomic unsigned wait_gen;	/* Event: the generation it waits on */
	bool in_atomic;			/* inside atomic: the block is one step */
	int saved_depth;		/* Condition: lock depth to restore after wait */
	/* Condition: order of waiting; guarded by the condition's lock */
	int64_t wait_order;
	/* Barrier: between the arrive and the pass step; the watchdog reads it */
	_Atomic int barrier_index;
	/* The sequence numbers of its steps; its own until it is joined */
	uint32_t *log;
	size_t nlog, logcap;
	/* A Python program's thread: the uncaught exception it died of (kind
	 * MODEL_RUNNING if none), raised in its last step; its own until it
	 * is joined, as log is */
	struct model_verdict raised;
	/* A .race program's primitive that raised inside atomic: (kind
	 * MODEL_RUNNING if none): claimed once the block has its step */
	struct model_verdict atomic_raise;
};

/* One primitive.  Which fields are live depends on type; owner, depth,
 * waiting, notified, flag, generation, count, unfinished, writer, readers
 * and permits are atomics only so that the watchdog may read them: they
 * change under the primitive's lock (or by its holder), and owner, writer,
 * readers and permits under the run's graph_lock too. */
/* A set of threads (model/tset.h) that several threads change: an atomic
 * word per 64 threads.  A thread's own membership is one word, so testing
 * it needs no lock.  Changes are made under one lock -- the Condition's
 * lock for waiting and notified, graph_lock for readers -- and the whole
 * set is read under that lock, so words read one at a time are still one
 * set.  (The watchdog's unlocked look at readers is a hint it confirms
 * under graph_lock, as it is for every other field.) */
struct freerun_tset {
	_Atomic uint64_t w[TSET_WORDS];
};

struct freerun_prim {
	int type;			/* enum lang_prim_type */
	int lock;			/* Condition: the primitive that is its lock */
	int64_t initial;		/* Semaphore: initial count */
	int64_t limit;			/* BoundedSemaphore bound; Barrier parties;
					 * Queue maxsize (0 = unbounded) */
	/* Lock, RLock, a Condition's own RLock */
	pthread_mutex_t mutex;
	_Atomic int owner;		/* thread, or -1 */
	_Atomic int depth;
	/* Condition */
	pthread_cond_t cond;
	struct freerun_tset waiting;	/* threads in wait(), not yet notified */
	struct freerun_tset notified;	/* notified, not yet returned */
	int64_t wait_counter;
	/* Semaphore, BoundedSemaphore */
	sem_t sem;
	_Atomic int64_t permits;	/* at least sem's count: see add_permits */
	/* Event, Barrier, Queue; BoundedSemaphore's release check */
	pthread_mutex_t inner;
	pthread_cond_t changed;
	_Atomic int flag;		/* Event; Barrier: enum model_barrier_state */
	_Atomic unsigned generation;	/* Event: set() calls */
	_Atomic int64_t count;		/* Barrier: threads in wait(); Queue: items */
	_Atomic int unfinished;		/* Queue: put and not yet task_done */
	int head;			/* Queue: ring start */
	struct model_value *items;	/* Queue: MODEL_QUEUE_MAX, allocated once */
	/* RWLock */
	pthread_rwlock_t rw;
	_Atomic int writer;		/* thread, or -1 */
	struct freerun_tset readers;
};

struct freerun_run {
	const struct model *m;
	const struct lang_program *prog;
	struct model_strings *strings;
	bool own_strings_lock;		/* strings' lock callbacks are values_lock */
	size_t nthreads, nelements, nprims;
	int max_steps;

	struct model_value *initial;	/* the declared values, per element */
	_Atomic uint64_t *values;	/* the shared elements, encoded */
	struct freerun_prim *prims;
	struct freerun_thread *threads;

	/* run control */
	_Atomic bool stop;		/* every thread unwinds */
	_Atomic uint32_t seq;		/* steps taken: the global sequence */
	_Atomic bool claimed;		/* a verdict is set */
	struct model_verdict verdict;	/* written by the claimer(s), under
					 * claim_lock: see freerun_claim_raise */
	enum freerun_limit limit;	/* by the claimer too: a limit's verdict */
	pthread_mutex_t claim_lock;
	uint32_t claim_step;		/* the verdict is the raise of this step;
					 * FREERUN_NO_STEP: not a raise */
	int at_once;			/* threads that start at once */
	_Atomic int ready;		/* of them, at the start gate */
	_Atomic bool go;		/* the start gate is open */

	int refused;			/* pthread_create's error, 0: none */
	int refused_thread;		/* the thread it refused */

	pthread_mutex_t lock;		/* guards alive and status changes,
					 * creations, refused */
	pthread_cond_t changed;		/* a thread started or finished; stop */
	pthread_cond_t event;		/* for the runner: alive hit 0, a verdict */
	int alive;			/* non-daemon threads alive */

	/* The string table and the boxed integers.  Every read of a string's
	 * text and every interning happens under it. */
	pthread_mutex_t values_lock;
	int64_t *big;
	size_t nbig, bigcap;

	/* What the run printed, in the order its threads printed it: a print
	 * appends its line and takes its step under output_lock, so the
	 * captured schedule orders the lines as they came out. */
	pthread_mutex_t output_lock;
	char *output;			/* MODEL_OUTPUT_ROOM bytes */
	size_t output_len;

	pthread_mutex_t atomic_lock;	/* held by a thread inside atomic: */

	/* Lists and tuples: one heap, each operation on it one atomic step
	 * under heap_lock (recursive: a step on a shared object takes its
	 * number inside), as CPython's GIL makes list.append one.  Nothing is
	 * freed while the threads run; initial_heap is the declared one. */
	struct model_heap heap;
	void *heap_mem;
	struct model_heap initial_heap;
	void *initial_heap_mem;
	pthread_mutex_t heap_lock;

	/* Who waits for whom: every change to a thread's status, activity and
	 * wait_*, and to a lock's owner, an RWLock's writer and readers and a
	 * Semaphore's permits, happens under it, so that a thread that blocks
	 * reads them as one consistent picture (freerun_check_deadlock). */
	pthread_mutex_t graph_lock;
};

/* freerun.c */
/* Set the run's verdict if none is set yet, and stop the run; true if
 * this call set it. */
bool freerun_claim(struct freerun_run *r, enum model_verdict_kind kind, int thread,
    int line, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* No step: a claim that is not a raise, or a raise before any step. */
#define FREERUN_NO_STEP UINT32_MAX
/* An uncaught raise of a .race program, made by the step numbered step
 * (its thread's last): the run's verdict, and the run stops.  Of several
 * raises, the verdict is the one of the earliest step, whichever claims
 * first: on the model the run ends at that step.  A claim that is not a
 * raise (a deadlock, a limit) made first stays. */
void freerun_claim_raise(struct freerun_run *r, uint32_t step, const struct model_verdict *v);
void freerun_request_stop(struct freerun_run *r);
/* Give thread t, just started, its pthread; the caller holds r->lock.
 * False if the system refuses: refused is set and the run stops. */
bool freerun_create_thread(struct freerun_run *r, int t);
bool freerun_stopping(const struct freerun_run *r);
/* now + ms on CLOCK_REALTIME, for timed waits */
void freerun_deadline(struct timespec *ts, long ms);
/* A timed call's own deadline (LANG_IF_TIMED): it waits in slices, as
 * every wait does, for at most its timeout.  Functions that wait take a
 * pointer to one, or NULL for a call that waits as long as it must. */
struct freerun_timeout {
	struct timespec at;
};
/* Whether to's deadline has passed (never, for NULL). */
bool freerun_timeout_passed(const struct freerun_timeout *to);
/* The end of a wait's next slice: FREERUN_SLICE_MS from now, or to's
 * deadline if that comes first. */
void freerun_next_slice(const struct freerun_timeout *to, struct timespec *slice);
/* Wait until to's deadline; false if the run stops first. */
bool freerun_sleep_until(struct freerun_run *r, const struct freerun_timeout *to);
/* Block until the run stops (a thread waiting on itself). */
void freerun_wait_for_stop(struct freerun_run *r);
/* Called by a thread that has just blocked or finished: if every live
 * thread is now blocked in a wait the bookkeeping sees through and none can
 * go on, claim the deadlock at once.  Takes graph_lock. */
void freerun_check_deadlock(struct freerun_run *r);

/* freerun_interp.c */
void *freerun_thread_main(void *arg);
/* A value as a shared element's word, and back. */
uint64_t freerun_encode(struct freerun_run *r, const struct model_value *v);
struct model_value freerun_decode(struct freerun_run *r, uint64_t word);
/* A visible action is done: take its sequence number (no-op inside atomic:,
 * whose block is one step). */
void freerun_take_step(struct freerun_thread *th);
/* A runtime error in th's action at line: claims the verdict (in a Python
 * program, th dies of it instead: freerun_raise); returns FREERUN_FAILED. */
enum freerun_action freerun_fail(struct freerun_thread *th, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Whether a wait (LANG_OP_CALL with a method, or LANG_OP_JOIN) is one the
 * bookkeeping names exactly: a lock, a semaphore, a thread to finish.  Only
 * a running thread can end such a wait, so once every live thread is in one
 * and none can go on, nothing ever will. */
bool freerun_wait_is_visible(int op, int method);
/* th raises exc: the run's verdict, or in a Python program th's death
 * (it unwinds and parks as finished, keeping its locks; the run goes on,
 * and its verdict names the exception at the end: freerun.c). */
void freerun_raise(struct freerun_thread *th, const struct model_verdict *exc);
/* Publish that th blocks so; a visible wait checks for a deadlock. */
void freerun_set_blocked(struct freerun_thread *th, int op, int method, int target);
void freerun_set_running(struct freerun_thread *th);
/* A timed call begins: to's deadline ms from now (at most a day), and th
 * is slow until it returns, never stuck: it will go on by itself, so the
 * watchdog sees no deadlock while it waits.  freerun_set_running after. */
void freerun_timeout_begin(struct freerun_thread *th, struct freerun_timeout *to, int64_t ms);

/* freerun_prims.c */
/* Per session: read each primitive's declaration. */
void freerun_prims_setup(struct freerun_run *r, const struct model_state *initial);
void freerun_prims_teardown(struct freerun_run *r);
/* Per run: create and destroy the pthread objects. */
void freerun_prims_init(struct freerun_run *r);
void freerun_prims_destroy(struct freerun_run *r);
/* Call method of primitive p (arg: its argument, if it takes one); a
 * result (acquire's True, get's item...) goes to *result. */
enum freerun_action freerun_prim_call(struct freerun_thread *th, int p, int method,
    const struct model_value *arg, struct model_value *result, int line,
    const struct freerun_timeout *to);
/* One slice of waiting on cond (mutex held), cut at to's deadline; false
 * if the run stops. */
bool freerun_wait_slice(struct freerun_run *r, pthread_cond_t *cond, pthread_mutex_t *mu,
    const struct freerun_timeout *to);
/* Whether th's call of method on primitive p must wait now: decided by
 * model/wait.c from the bookkeeping's facts, as for the watchdog. */
bool freerun_call_blocks(struct freerun_thread *th, int method, int p);
/* Give back every lock th holds (the run is over for it). */
void freerun_prims_release_all(struct freerun_thread *th);
/* Abort unless no lock is held: true once every thread is joined. */
void freerun_prims_assert_idle(struct freerun_run *r);
/* For the watchdog: what blocked thread t waits for, as model/wait.c
 * takes it (w, pointing at the copies of the primitives beside it), and
 * whether it still cannot go on. */
struct freerun_wait {
	struct model_wait w;
	struct model_prim prim, lock;	/* the target, a Condition's lock */
};
void freerun_wait_of(struct freerun_run *r, int t, struct freerun_wait *fw);
bool freerun_still_blocked(struct freerun_run *r, int t);

/* freerun_monitors.c: Event, Barrier, Queue (freerun_prim_call's cases) */
enum freerun_action freerun_event_call(struct freerun_thread *th, int p, int method,
    struct model_value *result, const struct freerun_timeout *to);
enum freerun_action freerun_barrier_call(struct freerun_thread *th, int p, int method,
    const struct model_value *arg, struct model_value *result, int line,
    const struct freerun_timeout *to);
enum freerun_action freerun_queue_call(struct freerun_thread *th, int p, int method,
    const struct model_value *arg, struct model_value *result, int line,
    const struct freerun_timeout *to);

#endif
