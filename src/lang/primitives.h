/* primitives.h - the synchronization primitives and their methods.
 *
 * One table drives the compiler's checks (which methods a primitive has,
 * their arity, whether they return a value or may block), the step labels
 * of traces and of the disassembler, the explorer's dependence relation
 * (which calls join the order of Condition waiters) and the reference in
 * lockstep-scenario(5).
 *
 * Some source methods compile to more than one operation because a real
 * implementation takes more than one step: Condition.wait() is WAIT
 * (release the lock and sleep) then WAIT_REACQUIRE; Barrier.wait() is
 * BARRIER_ARRIVE then BARRIER_PASS.  Those second halves have no source name.
 * A barrier made with an action= gives its arrive an argument, True, and
 * the arrive pushes whether the thread arrived last; that thread calls
 * the action and then BARRIER_RELEASE.
 * Event.wait() is one instruction that takes two steps only when the flag
 * is clear: the model names its first step EVENT_BLOCK, which no program
 * contains.
 */
#ifndef LOCKSTEP_LANG_PRIMITIVES_H
#define LOCKSTEP_LANG_PRIMITIVES_H

#include <stdbool.h>
#include <stddef.h>

/*      id            Python name          constructor args (min, max) */
#define LANG_PRIM_TYPES(X) \
	X(LOCK,       "Lock",              0, 0) \
	X(RLOCK,      "RLock",             0, 0) \
	X(SEMAPHORE,  "Semaphore",         0, 1) \
	X(BSEMAPHORE, "BoundedSemaphore",  0, 1) \
	X(CONDITION,  "Condition",         0, 1) \
	X(EVENT,      "Event",             0, 0) \
	X(BARRIER,    "Barrier",           1, 1) \
	X(QUEUE,      "Queue",             0, 1) \
	X(RWLOCK,     "RWLock",            0, 0)

enum lang_prim_type {
#define X(id, name, mn, mx) LANG_PRIM_##id,
	LANG_PRIM_TYPES(X)
#undef X
	LANG_PRIM_COUNT
};

/* Bits for the set of primitive types a method applies to. */
#define LANG_T(id) (1u << LANG_PRIM_##id)
#define LANG_T_LOCKLIKE (LANG_T(LOCK) | LANG_T(RLOCK) | LANG_T(CONDITION))
#define LANG_T_SEMS (LANG_T(SEMAPHORE) | LANG_T(BSEMAPHORE))

/* Flags of a method. */
#define LANG_MF_RESULT   0x1	/* pushes a value (usable in an expression) */
#define LANG_MF_BLOCKING 0x2	/* may block the thread */
#define LANG_MF_HIDDEN   0x4	/* second half of a two-step method */
#define LANG_MF_ENQUEUES 0x8	/* joins the run-wide order of Condition waiters */

/* label: how a trace and the disassembly name the step (the halves of
 * two-step methods and the non-blocking acquire have names of their own).
 *      id              source name      label                      applies to                      args  flags                          what it does */
#define LANG_METHODS_LOCK(X) \
	X(ACQUIRE,        "acquire", "acquire",                       LANG_T_LOCKLIKE | LANG_T_SEMS,   0, 0, LANG_MF_RESULT | LANG_MF_BLOCKING, "block until the lock is free (or the count positive), then take it; returns True") \
	X(TRY_ACQUIRE,    "acquire", "acquire(blocking=False)",       LANG_T_LOCKLIKE | LANG_T_SEMS,   0, 0, LANG_MF_RESULT, "acquire(blocking=False): take it if free and return True, else return False") \
	X(RELEASE,        "release", "release",                       LANG_T_LOCKLIKE | LANG_T_SEMS,   0, 0, 0, "give it back; releasing an unheld lock is a RuntimeError, over-releasing a BoundedSemaphore a ValueError") \
	X(RELEASE_N,      "release", "release(n)",                    LANG_T_SEMS,                     1, 1, 0, "release(n): add n to the count at once, waking up to n waiters; a BoundedSemaphore's ValueError if that passes its initial value") \
	X(LOCKED,         "locked", "locked",                         LANG_T(LOCK),                    0, 0, LANG_MF_RESULT, "True if some thread holds the lock")

#define LANG_METHODS_CONDITION(X) \
	X(WAIT,           "wait", "wait: release",                    LANG_T(CONDITION),               0, 0, LANG_MF_BLOCKING | LANG_MF_ENQUEUES, "release the condition's lock and sleep until notified, then reacquire it (two steps)") \
	X(WAIT_REACQUIRE, "wait", "wait: reacquire",                  LANG_T(CONDITION),               0, 0, LANG_MF_BLOCKING | LANG_MF_HIDDEN, "second step of wait(): once notified, reacquire the lock") \
	X(WAIT_FOR,       "wait_for", "wait_for",                     LANG_T(CONDITION),               1, 1, LANG_MF_BLOCKING, "while not predicate: wait(); the predicate is re-evaluated after each wake-up") \
	X(NOTIFY,         "notify", "notify",                         LANG_T(CONDITION),               0, 1, 0, "wake up to n waiters (default 1); the schedule chooses which") \
	X(NOTIFY_ALL,     "notify_all", "notify_all",                 LANG_T(CONDITION),               0, 0, 0, "wake every waiter")

#define LANG_METHODS_EVENT(X) \
	X(SET,            "set", "set",                               LANG_T(EVENT),                   0, 0, 0, "set the flag and wake every waiter") \
	X(CLEAR,          "clear", "clear",                           LANG_T(EVENT),                   0, 0, 0, "reset the flag") \
	X(IS_SET,         "is_set", "is_set",                         LANG_T(EVENT),                   0, 0, LANG_MF_RESULT, "True if the flag is set") \
	X(EVENT_WAIT,     "wait", "wait",                             LANG_T(EVENT),                   0, 0, LANG_MF_RESULT | LANG_MF_BLOCKING, "return True at once if the flag is set; else begin to wait (a step), and return True once a set() wakes the thread (another step)") \
	X(EVENT_BLOCK,    "wait", "wait: block",                      LANG_T(EVENT),                   0, 0, LANG_MF_BLOCKING | LANG_MF_HIDDEN, "first step of Event.wait() when the flag is clear: begin to wait")

#define LANG_METHODS_BARRIER(X) \
	X(BARRIER_ARRIVE, "wait", "wait: arrive",                     LANG_T(BARRIER),                 0, 0, LANG_MF_BLOCKING, "arrive at the barrier, then pass once all parties have arrived (two steps); returns the arrival index") \
	X(BARRIER_PASS,   "wait", "wait: pass",                       LANG_T(BARRIER),                 0, 0, LANG_MF_RESULT | LANG_MF_BLOCKING | LANG_MF_HIDDEN, "second step of Barrier.wait(): pass when the generation is complete") \
	X(BARRIER_RELEASE, "wait", "wait: release",                   LANG_T(BARRIER),                 1, 1, LANG_MF_HIDDEN, "Barrier.wait() of the last party of a barrier with an action, once the action has run: release the others (argument True) or, the action having raised, break the barrier (False)") \
	X(BARRIER_ABORT,  "abort", "abort",                           LANG_T(BARRIER),                 0, 0, 0, "break the barrier: every thread waiting at it, and every later wait(), raises threading.BrokenBarrierError") \
	X(BARRIER_RESET,  "reset", "reset",                           LANG_T(BARRIER),                 0, 0, 0, "return the barrier to its first state: every thread waiting at it raises threading.BrokenBarrierError") \
	X(BARRIER_BROKEN, "broken", "broken",                         LANG_T(BARRIER),                 0, 0, LANG_MF_RESULT, "the attribute broken: True once abort() has broken it") \
	X(BARRIER_N_WAITING, "n_waiting", "n_waiting",                LANG_T(BARRIER),                 0, 0, LANG_MF_RESULT, "the attribute n_waiting: how many threads wait at it now")

#define LANG_METHODS_QUEUE(X) \
	X(PUT,            "put", "put",                               LANG_T(QUEUE),                   1, 1, LANG_MF_BLOCKING, "append an item, blocking while the queue is full") \
	X(GET,            "get", "get",                               LANG_T(QUEUE),                   0, 0, LANG_MF_RESULT | LANG_MF_BLOCKING, "remove and return the oldest item, blocking while the queue is empty") \
	X(GET_NOWAIT,     "get_nowait", "get_nowait",                 LANG_T(QUEUE),                   0, 0, LANG_MF_RESULT, "remove and return the oldest item; queue.Empty if there is none (also get(block=False))") \
	X(PUT_NOWAIT,     "put_nowait", "put_nowait",                 LANG_T(QUEUE),                   1, 1, 0, "append an item; queue.Full if the queue is full (also put(item, block=False))") \
	X(TASK_DONE,      "task_done", "task_done",                   LANG_T(QUEUE),                   0, 0, 0, "mark one fetched item as processed; more calls than items is a ValueError") \
	X(QUEUE_JOIN,     "join", "join",                             LANG_T(QUEUE),                   0, 0, LANG_MF_BLOCKING, "block until every item put has been marked task_done") \
	X(QSIZE,          "qsize", "qsize",                           LANG_T(QUEUE),                   0, 0, LANG_MF_RESULT, "the number of items in the queue") \
	X(EMPTY,          "empty", "empty",                           LANG_T(QUEUE),                   0, 0, LANG_MF_RESULT, "True if the queue is empty") \
	X(FULL,           "full", "full",                             LANG_T(QUEUE),                   0, 0, LANG_MF_RESULT, "True if the queue is bounded and full")

#define LANG_METHODS_RWLOCK(X) \
	X(ACQUIRE_READ,   "acquire_read", "acquire_read",             LANG_T(RWLOCK),                  0, 0, LANG_MF_BLOCKING, "block while a writer holds it, then hold it for reading (shared)") \
	X(RELEASE_READ,   "release_read", "release_read",             LANG_T(RWLOCK),                  0, 0, 0, "stop reading; a RuntimeError if this thread was not reading") \
	X(ACQUIRE_WRITE,  "acquire_write", "acquire_write",           LANG_T(RWLOCK),                  0, 0, LANG_MF_BLOCKING, "block while anyone reads or writes, then hold it alone") \
	X(RELEASE_WRITE,  "release_write", "release_write",           LANG_T(RWLOCK),                  0, 0, 0, "stop writing; a RuntimeError if this thread was not writing")
#define LANG_METHODS(X) \
	LANG_METHODS_LOCK(X) LANG_METHODS_CONDITION(X) LANG_METHODS_EVENT(X) \
	LANG_METHODS_BARRIER(X) LANG_METHODS_QUEUE(X) LANG_METHODS_RWLOCK(X)

enum lang_method {
#define X(id, name, label, types, mn, mx, flags, doc) LANG_M_##id,
	LANG_METHODS(X)
#undef X
	LANG_M_COUNT
};

/* Case labels for every method of one family, made from the table: a
 * switch names the families it does not handle in one line each, and
 * -Wswitch still finds one that forgot a new method of a family it lists
 * case by case. */
#define LANG_M_CASE(id, name, label, types, mn, mx, flags, doc) case LANG_M_##id:
#define LANG_CASES_LOCK_METHODS LANG_METHODS_LOCK(LANG_M_CASE)
#define LANG_CASES_CONDITION_METHODS LANG_METHODS_CONDITION(LANG_M_CASE)
#define LANG_CASES_EVENT_METHODS LANG_METHODS_EVENT(LANG_M_CASE)
#define LANG_CASES_BARRIER_METHODS LANG_METHODS_BARRIER(LANG_M_CASE)
#define LANG_CASES_QUEUE_METHODS LANG_METHODS_QUEUE(LANG_M_CASE)
#define LANG_CASES_RWLOCK_METHODS LANG_METHODS_RWLOCK(LANG_M_CASE)

/* The methods whose step never waits on its primitive's state (a wait()
 * starts waiting as its step; only its reacquire waits): where the model
 * asks whether a thread may take its step, and model and free-run what it
 * waits for, these have nothing to say.  One list for all three. */
#define LANG_CASES_NEVER_WAITING_METHODS \
	case LANG_M_TRY_ACQUIRE: case LANG_M_RELEASE: case LANG_M_LOCKED: \
	case LANG_M_RELEASE_N: \
	case LANG_M_WAIT: case LANG_M_WAIT_FOR: case LANG_M_NOTIFY: \
	case LANG_M_NOTIFY_ALL: case LANG_M_SET: case LANG_M_CLEAR: \
	case LANG_M_IS_SET: case LANG_M_EVENT_BLOCK: case LANG_M_BARRIER_RELEASE: \
	case LANG_M_TASK_DONE: case LANG_M_QSIZE: case LANG_M_EMPTY: \
	case LANG_M_FULL: case LANG_M_RELEASE_READ: case LANG_M_RELEASE_WRITE: \
	case LANG_M_GET_NOWAIT: case LANG_M_PUT_NOWAIT: \
	case LANG_M_BARRIER_BROKEN: case LANG_M_BARRIER_N_WAITING:

/* The methods no call gives a timeout (lang/compile_timeout.c): where the
 * compiler reads a call's timeout and where the model times one out, the
 * others are acquire, the waits (Barrier's too), get and put. */
#define LANG_CASES_UNTIMED_METHODS \
	case LANG_M_BARRIER_ABORT: case LANG_M_BARRIER_RESET: \
	case LANG_M_BARRIER_BROKEN: case LANG_M_BARRIER_N_WAITING: \
	case LANG_M_BARRIER_RELEASE: \
	LANG_CASES_RWLOCK_METHODS \
	case LANG_M_TRY_ACQUIRE: case LANG_M_RELEASE: case LANG_M_LOCKED: \
	case LANG_M_NOTIFY: case LANG_M_NOTIFY_ALL: case LANG_M_SET: \
	case LANG_M_CLEAR: case LANG_M_IS_SET: case LANG_M_EVENT_BLOCK: \
	case LANG_M_TASK_DONE: case LANG_M_QUEUE_JOIN: case LANG_M_QSIZE: \
	case LANG_M_EMPTY: case LANG_M_FULL: case LANG_M_RELEASE_N: \
	case LANG_M_GET_NOWAIT: case LANG_M_PUT_NOWAIT:

struct lang_method_info {
	const char *name;
	const char *label;	/* the step's name in traces and listings */
	unsigned types;		/* LANG_T bits */
	int min_args, max_args;
	unsigned flags;		/* LANG_MF_* */
	const char *doc;
};

struct lang_prim_info {
	const char *name;
	int min_args, max_args;
};

const struct lang_prim_info *lang_prim_info(enum lang_prim_type t);
const struct lang_method_info *lang_method_info(enum lang_method m);
/* The primitive type named name ("Lock"), or -1. */
int lang_prim_by_name(const char *name, unsigned len);
/* The visible method named name on type t (hidden halves excluded; plain
 * acquire, not TRY_ACQUIRE), or -1. */
int lang_method_lookup(enum lang_prim_type t, const char *name, unsigned len);
/* Comma-separated source names of t's methods, for "it has ..." notes. */
void lang_prim_method_list(enum lang_prim_type t, char *buf, size_t size);
/* True if `with P:` works on this type. */
bool lang_prim_is_withable(enum lang_prim_type t);

#endif
