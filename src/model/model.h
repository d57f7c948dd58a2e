/* model.h - the machine a scenario runs on: state, steps, verdicts.
 *
 * The model is pure and single-threaded: no I/O, no pthreads, no curses.
 * Everything that decides what a scenario does lives here, so that the
 * controlled engine (real pthreads, one step at a time), the explorer
 * (millions of states, no threads) and the views agree by construction.
 *
 * Frames and the shared state.  A thread's private part -- program counter,
 * evaluation stack and locals, and the calls under way with their own
 * (eval.h) -- is a struct model_frame.  Everything the
 * threads share -- variables, primitives, which threads are started,
 * finished or blocked, and each thread's *pending action* -- is a struct
 * model_state.  The engine keeps each frame on its pthread's own stack; the
 * explorer keeps all frames beside the state.  A step is
 *
 *     model_step(state, frame, thread, choice)
 *
 * which performs the thread's pending visible action on the shared state,
 * then runs the thread's local instructions up to its next visible one and
 * publishes that as the new pending action (or finishes the thread).  So
 * local computation joins the visible action before it in time, which is
 * the same as joining the one after it, since no other thread can see it.
 * Running ahead is what makes enabledness a property of the shared state
 * alone: model_enabled(state, t) looks at t's pending action (acquire m[2],
 * get from q, pass barrier b ...) and the primitive it names.
 *
 * Choices.  Which blocked thread gets a released lock is simply which
 * thread the schedule runs next.  Which waiters notify(n) wakes is a choice
 * made inside the step: model_choices() tells how many alternatives the
 * pending action has (1 for almost every step) and the caller passes one;
 * choice 0 is CPython's behaviour (the longest-waiting first).
 *
 * Ending.  A run ends with a verdict: when every non-daemon thread has
 * finished (daemons are then stopped and the expects checked; while a
 * daemon can still step, the program's exit is a step of its own, of the
 * thread that finished last, which the schedule may put off), when a
 * thread raises (assertion or runtime error: the run stops there), when no
 * thread is enabled although some have not finished (deadlock), or at the
 * step limit (no progress).  model_state.verdict is MODEL_RUNNING until then.
 *
 * Uncaught exceptions in Python programs.  In a Python program
 * (lang_program.python) a raise ends only the raising thread, as CPython's
 * threading does: the thread finishes with its exception recorded in the
 * state (model_thread.raised, and its rank among the threads that died
 * so), keeps every lock it holds, and its joiners go on; the run goes on
 * with the others.  The pending raise is still a step the schedule
 * chooses.  An exception a handler catches (try/except, lang/program.h
 * "Exceptions") is no step of its own and ends nothing: catching is local
 * computation (model/unwind.c).  When the run ends, model_verdict_uncaught names the first
 * exception in the verdict, so that such a run is never a pass.  The
 * report CPython prints to stderr is model_exception_report's.
 *
 * Lists and tuples.  They live on a heap inside the shared state (heap.h):
 * bounded, canonical (the same objects give the same bytes), and empty of
 * anything no frame or shared value reaches after each step, so the
 * explorer stores and compares it like the rest and its loops close.  A
 * program that makes no list has no heap at all.  Which operations are
 * steps is decided as they run, not by the compiler: an operation on a
 * list is a step when the list is shared -- a shared name or a queue
 * reaches it, or two threads' frames do -- and local computation when only
 * its thread can reach it; CPython's atomicity, where append, pop, insert,
 * remove, len, `in`, one item's read and one item's write are each
 * indivisible.  Storing a reference where others can see it shares what it
 * reaches at once; the collection after each step works sharing out anew
 * (it needs every frame: model_state_set_frames for a caller that keeps
 * them apart).  A tuple never changes, so its operations are never steps.
 *
 * Happens-before.  Every step also advances vector clocks through the
 * primitives (release -> acquire, put -> get, set -> wait, start, join,
 * barrier generations, atomic blocks) and checks each shared access against
 * the last accesses from other threads; an unordered pair with a write is a
 * data race, reported as a warning with both steps.  A shared list's item
 * is accessed by its read and its write only (the list methods are atomic),
 * and its history moves with it when the list grows or shrinks.
 */
#ifndef LOCKSTEP_MODEL_MODEL_H
#define LOCKSTEP_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/limits.h"
#include "util/hashset.h"
#include "lang/program.h"
#include "model/tset.h"

/* Limits of a run (documented in lockstep(1)). */
#define MODEL_QUEUE_MAX      64		/* items in one Queue, bounded or not */
#define MODEL_LOCAL_BUDGET   100000	/* local instructions in one step */
#define MODEL_DEFAULT_MAX_STEPS 10000
#define MODEL_MAX_STEPS_LIMIT 100000000	/* the most --max-steps allows */
/* No thread's frame is larger (the compiler bounds locals and stack, the
 * model a thread's calls). */
#define MODEL_FRAME_MAX_BYTES (24 + (LANG_MAX_FRAME_SLOTS + LANG_MAX_CALL_DEPTH) * 16)
#define MODEL_MAX_RACES      32		/* distinct races reported per run */
#define MODEL_RELEASE_N_MAX  65536	/* Semaphore.release(n) at once */
#define MODEL_RELEASE_N_ERROR "OverflowError: lockstep's Semaphore.release(n) takes n up to 65536"

/* LIST, TUPLE and DICT refer to an object on the state's heap (model/heap.h);
 * REPR is such an object frozen into its Python repr, a string id: what a
 * value looks like once its heap is gone (the shared values a run ends
 * with, the views).  Frozen objects compare by that text. */
enum model_kind { MODEL_NONE, MODEL_INT, MODEL_BOOL, MODEL_STR, MODEL_UNSET,
	MODEL_LIST, MODEL_TUPLE, MODEL_REPR, MODEL_DICT, MODEL_EXC };

/* EXC is an exception (lang/exceptions.h): i is the string id of its
 * text, "ValueError: zero"; pad is 0 until it is raised, then where it was
 * raised (model_exc_origin), so that a re-raise reports that place. */
struct model_value {
	int32_t kind;		/* enum model_kind */
	int32_t pad;		/* 0 but in a raised EXC: states are hashed bytewise */
	int64_t i;		/* INT, BOOL; STR, REPR, EXC: string id; LIST, TUPLE,
				 * DICT: object number */
};

/* The longest exception text kept: "ValueError: " and a message. */
#define MODEL_EXC_TEXT 320

/* A raised exception's pad: the function (-1: the thread's own code) and
 * line it was raised at.  One caught after it came through calls keeps
 * its traceback instead, the frames from the catching function's call
 * down to the raise, as an interned string: pad -1 - its id (unwind.c). */
static inline int32_t
model_exc_origin(int func, int line)
{
	return (int32_t)(((uint32_t)(func + 1) << 21) | ((uint32_t)line & 0x1fffff));
}

struct model_strings;

/* Where a raised exception was raised (its innermost frame). */
void model_exc_where(const struct model_strings *strings, int32_t pad, int *func, int *line);
/* Its traceback's frames, outermost first, at most max: a pad that keeps
 * none is the one frame it was raised in.  Returns how many. */
int model_exc_traceback(const struct model_strings *strings, int32_t pad, int *funcs,
    int *lines, int max);

/* The run-wide, append-only table of strings; values hold ids.  Program
 * constants get the ids they have in the program.  lock/unlock, if set,
 * guard interning and lookups when several threads can intern at once
 * (free-run, the parallel explorer); the model itself never creates
 * threads.  The texts themselves never move. */
struct model_strings {
	char **items;
	size_t count, cap;
	struct hashindex index;		/* of items, by a hash of their text: a
					 * program that prints interns a string
					 * for each output so far */
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void *lock_arg;
};

enum model_thread_status {
	MODEL_T_NEW,		/* not started (main: has not called start()) */
	MODEL_T_ALIVE,		/* started, has a pending action */
	MODEL_T_FINISHED,
	MODEL_T_STOPPED,	/* a daemon stopped at the end of the run */
};

/* A thread's next visible action, resolved to what it names. */
struct model_pending {
	int32_t op;		/* enum lang_opcode: LOAD, CALL, START ... */
	int32_t method;		/* CALL: enum lang_method */
	int32_t target;		/* LOAD/STORE: element; CALL: primitive;
				 * START/JOIN: thread; else -1 */
	int32_t line;		/* source line of the action */
	int32_t func;		/* the function it is in, or -1 (the thread's code) */
	int32_t arg;		/* notify: how many it will wake; RAISE: 1 once
				 * raised, so the state after differs from before;
				 * a timed call or join: enum model_timeout */
};

/* A call or join that may time out (LANG_IF_TIMED): its timeout is a
 * choice of the schedule, which may take it at any moment the call is
 * blocked (model/wait.c); a Condition waiter that timed out still has to
 * reacquire its lock, and returns False once it has. */
enum model_timeout {
	MODEL_TIMEOUT_NONE,	/* not timed */
	MODEL_TIMEOUT_MAY,	/* timed: while blocked, it may time out */
	MODEL_TIMEOUT_DONE,	/* a Condition waiter that timed out */
};

/* The exceptions a primitive raises that are not Python's built-ins, by
 * the name a traceback ends with: queue.get(timeout=) and put(timeout=)
 * that time out. */
#define MODEL_EXC_QUEUE_EMPTY "_queue.Empty"
#define MODEL_EXC_QUEUE_FULL  "queue.Full"

struct model_thread {
	int32_t status;		/* enum model_thread_status */
	int32_t entered;	/* ran its local prefix: pending is valid */
	struct model_pending pending;
	/* A live thread's waiting, and a dead one's exception, share their
	 * words, so that a state is no larger for it: a thread dies only in
	 * a step of its own, never while it waits, when both words are 0.
	 * Which they hold is the status's to say (model_thread_raised). */
	union {
		struct {
			int32_t wait_seq;	/* Condition: order of waiting, for FIFO */
			int32_t saved_depth;	/* Condition over RLock: depth to
						 * restore; Barrier: arrival index */
		};
		/* Python programs: a thread that died of an uncaught exception
		 * is FINISHED (or ALIVE, its pending action END, for the
		 * program's exit step) with raised 1 + the string id of its
		 * "Type: message" and raised_rank 1 for the first thread to die
		 * so, 2 for the next ...; pending.line and pending.func are
		 * where it raised.  Both 0 for any other FINISHED thread. */
		struct {
			int32_t raised;
			int32_t raised_rank;
		};
	};
	/* No step count: a state is where the threads are and what they
	 * hold, not how long it took to get there, so that a loop that
	 * comes back to a state closes (the explorer's seen set). */
};

struct model_prim {
	int32_t type;		/* enum lang_prim_type */
	int32_t owner;		/* Lock, RLock, RWLock writer: thread or -1 */
	int32_t depth;		/* RLock recursion depth */
	int32_t lock;		/* Condition: its lock (a prim index) */
	int64_t count;		/* Semaphore value; Barrier arrivals; Queue length */
	int64_t limit;		/* BoundedSemaphore bound; Barrier parties; Queue
				 * maxsize (0 = unbounded) */
	struct tset readers;	/* RWLock: threads reading */
	struct tset waiting;	/* Condition: waiting, not yet notified;
				 * Event: inside wait(), not yet woken by set() */
	struct tset notified;	/* Condition: notified, about to reacquire;
				 * Event: woken by set(), even if cleared since */
	uint32_t generation;	/* Event: set() calls (free-run) */
	int32_t unfinished;	/* Queue: items put and not yet task_done */
	int32_t reserved;	/* 0 */
	int32_t flag;		/* Event; Barrier: enum model_barrier_state */
};

/* A Barrier's state, as CPython's Barrier._state: FILLING while threads
 * arrive; DRAINING once the last has arrived, until every thread of that
 * round has left wait() (count, CPython's _count, is how many are still in
 * it), and no new round begins before; RESETTING after a reset() with
 * threads in wait(), until they have all left (each raising); BROKEN
 * after abort() (or a timeout, or a failed action) until reset().  No round
 * counter: CPython's barrier keeps none, so a loop round a barrier comes
 * back to a state. */
enum model_barrier_state {
	MODEL_BARRIER_FILLING,
	MODEL_BARRIER_DRAINING,
	MODEL_BARRIER_RESETTING,
	MODEL_BARRIER_BROKEN,
};

enum model_verdict_kind {
	MODEL_RUNNING,
	MODEL_OK,
	MODEL_EXPECT_FAILED,
	MODEL_ASSERT_FAILED,
	MODEL_DEADLOCK,
	MODEL_RUNTIME_ERROR,
	MODEL_NO_PROGRESS,
};

struct model_verdict {
	enum model_verdict_kind kind;
	int thread;		/* ASSERT, RUNTIME_ERROR, NO_PROGRESS: who */
	int line;		/* where */
	int expect;		/* EXPECT_FAILED: which expect */
	int uncaught;		/* Python programs: threads that died of an
				 * uncaught exception (model_verdict_uncaught) */
	char message[512];	/* the words a student reads */
};

/* One data race: two unordered accesses to one shared element. */
struct model_race {
	int element;
	int first_thread, second_thread;
	uint32_t first_step, second_step;	/* global step numbers, 1-based */
	int first_line, second_line;
	bool first_is_write, second_is_write;
};

struct model;			/* static layout derived from a program */
struct model_heap;		/* lists and tuples (model/heap.h) */
struct model_state;		/* the shared state */
struct model_frame;		/* one thread's private part */

/* What one step did, for the trace and the views. */
struct model_step_info {
	int thread;
	int32_t pc;			/* the visible instruction (or ATOMIC_BEGIN) */
	int32_t func;			/* in this function, or -1: the thread's code */
	int32_t op, method;
	int target;			/* element, primitive or thread, or -1 */
	int line;
	struct model_value value;	/* LOAD: read; STORE: written; CALL: result */
	bool has_value;
	int woken[LANG_MAX_THREADS];	/* notify: the threads woken */
	int nwoken;
	char output[256];		/* print() output during the step, if any */
	char name[64];			/* a step on a list or tuple: what names it
					 * ("items", "pairs[1]"), or "" */
	bool timed_out;			/* a timed call or join that gave up */
};

/* ---- the model ---- */

struct model *model_new(const struct lang_program *prog, struct model_strings *strings);
void model_free(struct model *m);
const struct lang_program *model_program(const struct model *m);
const struct model_strings *model_strings(const struct model *m);
size_t model_nthreads(const struct model *m);
/* Shared elements: each scalar is one, each array element one. */
size_t model_nelements(const struct model *m);
int model_element_of(const struct model *m, int shared, int index);
/* "counter", "buf[2]" */
void model_element_name(const struct model *m, int element, char *buf, size_t size);
/* The shared name (program index) an element belongs to. */
int model_element_shared(const struct model *m, int element);
size_t model_nprims(const struct model *m);
/* Primitives: each Lock() is one, each element of a primitive array one;
 * -1 if shared is not a primitive. */
int model_prim_of(const struct model *m, int shared, int index);
/* "m", "forks[3]" */
void model_prim_name(const struct model *m, int prim, char *buf, size_t size);
size_t model_frame_size(const struct model *m, int thread);
/* Whether the program can print (a state then holds its output so far). */
bool model_prints(const struct model *m);
size_t model_max_frame_size(const struct model *m);

/* ---- states and frames ---- */

/* A fresh state; frames (one per thread, each model_frame_size bytes, or
 * NULL for threads whose frames live elsewhere) are initialized and the
 * threads that start at once run to their first visible action. */
struct model_state *model_state_new(const struct model *m, int max_steps);
void model_state_free(struct model_state *st);
struct model_state *model_state_clone(const struct model_state *st);
void model_frame_init(const struct model *m, int thread, struct model_frame *frame);
/* Start the threads that start at once.  Each thread whose frame is given
 * (frames[t] != NULL) is entered at once; the others must be entered by
 * model_thread_enter before the next scheduling decision.  Call once, after
 * model_state_new. */
void model_state_begin(struct model_state *st, struct model_frame **frames);
/* Initialize t's frame and run its local instructions up to its first
 * visible action: what a started thread does first, on its own stack.
 * The engine calls it from t's pthread; START does it itself when it is
 * handed the frame. */
void model_thread_enter(struct model_state *st, struct model_frame *frame, int t);
/* Threads started but not yet entered (their frames were not at hand). */
bool model_needs_enter(const struct model_state *st, int t);

/* Where every thread's frame lives (nthreads pointers, valid while the
 * state lives), for a caller whose model_step gets only the stepping
 * thread's (the engine): a step frees the lists and tuples no frame and no
 * shared value reaches.  Without it, model_step's own frames are used, and
 * nothing is freed while one of them is missing. */
void model_state_set_frames(struct model_state *st, struct model_frame **frames);

/* Thread t's local slot i in frame (code->local_names[i] names it); its
 * kind is MODEL_UNSET until assigned. */
const struct model_value *model_frame_local(const struct model *m, int t,
    const struct model_frame *frame, int i);
/* The index of the instruction the frame is parked at, in the code it
 * runs: the thread's own (model_frame_func -1) or a function's. */
int model_frame_pc(const struct model_frame *frame);
int model_frame_func(const struct model_frame *frame);
/* Calls under way: the callers the frame will return to. */
int model_frame_depth(const struct model_frame *frame);
/* The code the frame runs now. */
const struct lang_code *model_frame_code(const struct model *m, int t,
    const struct model_frame *frame);
/* Caller i of thread t's frame (0: the one the running function returns
 * to, depth - 1: the thread's own code): its function (-1 the thread's
 * own code) and the index of its call instruction. */
void model_frame_caller(const struct model *m, int t, const struct model_frame *frame,
    int i, int *func, int *pc);
/* Local slot of caller i (as model_frame_caller counts them). */
const struct model_value *model_frame_caller_local(const struct model *m, int t,
    const struct model_frame *frame, int i, int slot);
/* The value depth places below the top of the frame's evaluation stack
 * (0: the top), or NULL if it is not that deep: what a thread's pending
 * STORE or put() will write, for the views. */
const struct model_value *model_frame_stack(const struct model_frame *frame, int depth);

/* ---- stepping ---- */

bool model_enabled(const struct model_state *st, int thread);
/* As model_enabled, but for a run that has ended too: whether the thread
 * could take its pending step if the run went on (the views' "runnable,
 * stopped by A's failure" against "blocked"). */
bool model_could_run(const struct model_state *st, int thread);
/* The thread whose pending step is the program's exit (every non-daemon
 * has finished, a daemon can still step), or -1. */
int model_exit_pending(const struct model_state *st);
/* Alternatives of the thread's pending action (>= 1). */
int model_choices(const struct model_state *st, int thread);
/* The threads that choice would wake, if thread's pending action is a
 * notify (woken has room for LANG_MAX_THREADS); returns how many (0 for
 * any other action).  Choice 0 wakes the longest-waiting first. */
int model_choice_woken(const struct model_state *st, int thread, int choice, int *woken);
/* Perform one step.  Precondition: model_enabled, choice < model_choices,
 * verdict RUNNING.  frames: every thread's frame (START needs the started
 * thread's one); info may be NULL. */
void model_step(struct model_state *st, struct model_frame **frames, int thread,
    int choice, struct model_step_info *info);

/* ---- reading the state ---- */

const struct model_verdict *model_verdict(const struct model_state *st);
uint32_t model_steps(const struct model_state *st);
const struct model_thread *model_thread(const struct model_state *st, int t);
const struct model_prim *model_prim(const struct model_state *st, int p);
/* A list or tuple comes frozen (MODEL_REPR): a value to keep, compare
 * and show after the state has moved on. */
const struct model_value *model_element_value(const struct model_state *st, int e);
/* The value itself, an object as a reference into the state's heap. */
const struct model_value *model_element_raw(const struct model_state *st, int e);
/* Copy the state's heap into h (as large or larger): the same objects
 * under the same numbers; false if the program makes no objects. */
bool model_state_copy_heap(const struct model_state *st, struct model_heap *h);
/* What names a shared object for the views, into buf: the shared name
 * that refers to it ("items"), or an item of one ("pairs[1]"), or "a
 * shared list"; returns that name's element, or -1. */
int model_object_name(const struct model_state *st, const struct model_value *obj,
    char *buf, size_t size);
/* Any value so: an object frozen into its repr, anything else as it is. */
struct model_value model_state_freeze(const struct model_state *st,
    const struct model_value *v);
/* Items of a queue, oldest first. */
const struct model_value *model_queue_item(const struct model_state *st, int p, int i);
size_t model_nraces(const struct model_state *st);
const struct model_race *model_race(const struct model_state *st, size_t i);
/* Whether thread t holds a lock (Lock, RLock, a Condition's, or an
 * RWLock for reading or writing). */
bool model_holds_lock(const struct model_state *st, int t);
/* Whether thread t's pending step is to time out: a timed call or join
 * that is blocked (the schedule may take it at any such moment). */
bool model_times_out(const struct model_state *st, int t);
/* Why thread t cannot run, in words ("waits for m2 held by B"), or "";
 * for a thread whose step is to time out, why it would wait. */
void model_blocked_reason(const struct model_state *st, int t, char *buf, size_t size);
/* Append the first MODEL_LIST_NAMES threads' names to buf, sep between
 * them ("A and B and C", "A, B, C"), then " and N others" (a hundred
 * readers make no sentence). */
#define MODEL_LIST_NAMES 6
void model_thread_list(const struct model *m, const int *threads, int n, const char *sep,
    char *buf, size_t size);

/* Free the strings of a table (the table itself is the caller's). */
void model_strings_free(struct model_strings *s);
/* Python's truth value of v, and == (1 == True; strings by id, which
 * interning makes the same as by text). */
bool model_value_truthy(const struct model_strings *s, const struct model_value *v);
bool model_value_equal(const struct model_value *a, const struct model_value *b);
/* Apply a binary operator with Python's semantics; on error returns false
 * with a Python-style message ("ZeroDivisionError: ...") in err, and out
 * untouched.  A string result is interned into s.  out may be a or b: both
 * are read before it is written. */
bool model_binary(struct model_strings *s, enum lang_binop op,
    const struct model_value *a, const struct model_value *b,
    struct model_value *out, char *err, size_t errsize);
/* As model_binary, for `not` and unary minus. */
bool model_unary(const struct model_strings *s, enum lang_unop op,
    const struct model_value *a, struct model_value *out, char *err, size_t errsize);
/* lang/value.c's format(), len() and join, on the model's values. */
bool model_format(struct model_strings *s, const struct model_value *v, int conv,
    const char *spec, struct model_value *out, char *err, size_t errsize);
bool model_len(struct model_strings *s, const struct model_value *v,
    struct model_value *out, char *err, size_t errsize);
bool model_join(struct model_strings *s, const struct model_value *parts, int n,
    struct model_value *out, char *err, size_t errsize);

/* Judge final shared values (model_nelements of them) by the expects, as
 * a run whose threads have all finished is judged: v becomes MODEL_OK,
 * MODEL_EXPECT_FAILED (with the values that made it false) or
 * MODEL_RUNTIME_ERROR (an expect raised).  For runs that do not live in a
 * model state (free-run).  heap: the one the values' lists and tuples
 * live on, or NULL if they hold none (or only frozen ones). */
void model_judge(const struct model *m, const struct model_value *values,
    const struct model_heap *heap, struct model_verdict *v);

/* An uncaught exception that ended a thread of a Python program: the
 * thread, the line it raised at, and "Type: message". */
struct model_exception {
	int thread;
	int func;		/* the function it raised in, or -1 */
	int line;
	const char *text;
};

/* The run has ended with verdict v (any kind but RUNNING), and n threads
 * of a Python program died of uncaught exceptions before: exc, in the
 * order they died.  The first decides: a verdict that would have been
 * MODEL_OK becomes the exception's own (assertion failed for an
 * AssertionError, runtime error for any other; its thread and line), so a
 * run in which a thread died so is never a pass; any other ending (a
 * deadlock, a failed expect, the step limit) keeps its kind and names the
 * exceptions after its words ("... (after an uncaught exception in A at
 * line 5: AssertionError)").  The later ones are named after the first.
 * v->uncaught becomes n.  The model and free-run both judge so. */
void model_verdict_uncaught(const struct model *m, struct model_verdict *v,
    const struct model_exception *exc, int n);

/* A verdict that is a RecursionError gets a note that the depth is
 * lockstep's limit, which is far below CPython's: the same program may
 * well run on CPython.  The exception's own text (str(e)) stays CPython's. */
void model_verdict_note_limits(struct model_verdict *v);

/* The exception thread t died of ("ZeroDivisionError: integer division or
 * modulo by zero"), or NULL if it did not die of one. */
const char *model_thread_raised(const struct model_state *st, int t);

/* The report CPython prints to stderr when a thread dies of an uncaught
 * exception, for thread t, raising text ("AssertionError: x is 2") at
 * line of function func (-1: the thread's own code): "Exception in thread
 * A:" (not for the main thread), "Traceback (most recent call last):",
 * the frames of the calls under way, outermost first, when frame (t's,
 * parked where it raised) is given -- the module's for the main thread,
 * from its target on for a Thread (CPython also lists two frames of the
 * threading module, which lockstep leaves out) -- then the frame that
 * raised (each: its file, line, function and source line), then text.
 * Appended to buf. */
void model_exception_report(const struct model *m, int t, const struct model_frame *frame,
    int func, int line, const char *text, char *buf, size_t size);
/* Every uncaught exception's report so far, in the order they were raised:
 * the program's stderr text ("" if none). */
void model_stderr(const struct model_state *st, char *buf, size_t size);

/* Whether a run that ended with verdict v and final shared values
 * (model_nelements of them) reached the program's goal: a deadlock, a
 * failed assert, or an EXPR goal that holds once every thread has finished
 * (judged as an expect is).  False when the program has no goal. */
bool model_goal_reached(const struct model *m, const struct model_verdict *v,
    const struct model_value *values);

/* The text of string id (never NULL). */
const char *model_strings_get(const struct model_strings *s, int64_t id);
/* Python's repr of a value: 3, True, None, 'text'. */
void model_value_format(const struct model_strings *strings,
    const struct model_value *v, char *buf, size_t size);

/* What the run has printed so far.  It is part of the state: two runs
 * that end with the same values but printed differently are two outcomes,
 * and the explorer never merges their histories.  It is kept as an
 * interned string, in room a program without print() does not have, so
 * that such a program pays nothing.  A run prints at most
 * MODEL_OUTPUT_MAX bytes: the print that would pass it is cut there and
 * MODEL_OUTPUT_CUT follows, and later prints add nothing, so that a loop
 * that prints forever still comes back to its states. */
#define MODEL_OUTPUT_MAX 4096
#define MODEL_OUTPUT_CUT "[output cut: a run prints at most 4096 bytes]\n"
/* Room for an output so far: the limit, a newline and the cut mark. */
#define MODEL_OUTPUT_ROOM (MODEL_OUTPUT_MAX + 1 + sizeof(MODEL_OUTPUT_CUT))
/* The output so far ("" when nothing was printed; never NULL). */
const char *model_output(const struct model_state *st);
/* Its string id, or -1 when nothing was printed: one id, one text. */
int64_t model_output_id(const struct model_state *st);
/* Add a printed line to so_far (len bytes of MODEL_OUTPUT_ROOM), cut at
 * the limit as described above; returns the new length.  The one place
 * the limit is applied: the model and free-run both call it. */
size_t model_output_append(char *so_far, size_t len, const char *line);

/* The bytes that make up the state (for hashing and comparing). */
const void *model_state_bytes(const struct model_state *st, size_t *len);

/* A state as pieces of its own memory, each a whole number of 4-byte
 * words: what the explorer stores, without a copy.  The first piece is
 * model_state_bytes; the others are the step count, the order of
 * Condition waiters and the happens-before clocks and accesses (an
 * element's reads are allocated now if they were not: all-zero reads mean
 * what none do).  Every state of one model has the same pieces, of the
 * same sizes, in the same order: model_state_npieces(m) of them.  The
 * pointers stay valid while the state lives.  After its pieces were
 * written (with those of another state of the same model), the state is
 * made running, with no races reported, by model_state_resume, so that
 * the races a step reports are the ones that step found. */
struct model_piece {
	void *at;
	size_t words;
};

size_t model_state_npieces(const struct model *m);
void model_state_pieces(struct model_state *st, struct model_piece *pieces);
void model_state_resume(struct model_state *st);

/* The pieces end to end, in model_state_packed_size bytes: a state to
 * start from again, unpacked into another state of the same model, which
 * is then resumed. */
size_t model_state_packed_size(struct model_state *st);
void model_state_pack(struct model_state *st, void *buf);
void model_state_unpack(struct model_state *st, const void *buf);

/* Relabel the happens-before clocks canonically: column by column (one
 * thread's entry in every clock and every access it made), each value
 * becomes its rank among that column's values (0 stays 0), and accesses
 * forget their step numbers.  Happens-before compares entries of one
 * column only, and ticks and joins keep their order, so every race found
 * from the state is the same; two states whose histories order their
 * events alike become equal (the explorer's search of races along every
 * history). */
void model_hb_canonical(struct model_state *st);

/* Invariants that must hold between steps; aborts with a message naming
 * the broken one.  model_step runs it after every step in debug builds
 * (configure --enable-debug). */
void model_check_consistency(const struct model_state *st);

#endif
