/* program.h - a compiled scenario: shared declarations, threads, step programs.
 *
 * The compiler turns a scenario into one instruction list (struct lang_code)
 * per thread definition; the threads of a group `thread w[3]:` share one
 * code and differ only in tid.  The instructions are the micro-operations the
 * views show when expanded (LOAD counter / ADD 1 / STORE counter): a small
 * stack machine over the thread's locals and an evaluation stack.
 *
 * Visible and local instructions.  An instruction is *visible* when it reads
 * or writes shared state or operates on a primitive or a thread (LOAD,
 * STORE, LOAD_ELEM, STORE_ELEM, CALL, START, JOIN, SLEEP), prints (PRINT:
 * standard output is shared, and two threads' lines come out in the order
 * the schedule takes their prints) or closes an atomic block (ATOMIC_END).  Everything else is local computation.  One step
 * of a thread runs its local instructions up to and including the next
 * visible one; so local computation joins the visible action that follows
 * it, and `counter += 1` on a shared counter is two steps (LOAD, then
 * ADD 1 + STORE).  Between ATOMIC_BEGIN and ATOMIC_END visible instructions
 * do not end the step: the whole block is one step.  END finishes the thread
 * and is a step of its own only when local work precedes it.
 *
 * Constants are not steps.  A shared scalar or array that no thread ever
 * writes (`COUNT = 3`) is a constant: the compiler turns its reads into
 * LOAD_CONST, local computation, and marks it constant, so that the views
 * leave it out of outcomes and verdicts.  (`expect` code reads it as LOAD:
 * it runs when the threads are done.)
 *
 * A raise is a step.  When the local computation before the next visible
 * instruction raises (a failing assert, a ZeroDivisionError, an index out of
 * range ...), the raise is the thread's next step and the schedule decides
 * when it comes: other threads may move first, as they may in Python.  The
 * model marks such a thread's pending action RAISE, an opcode the compiler
 * never emits.
 *
 * Exceptions.  An exception is a value (model kind EXC) whose text says
 * its class and message as CPython's last traceback line does
 * (lang/exceptions.h).  `raise` compiles to THROW, which always raises: a
 * raise is one mechanism for every source -- THROW, a failing assert, an
 * interpreter error, a primitive's error.  Each code has a handler table:
 * rows (start, end, target, depth), meaning "an exception raised by an
 * instruction in [start, end) goes to target, with the evaluation stack cut
 * to depth values and the exception pushed".  The first row that covers
 * the raising pc wins: the compiler writes an inner try's rows before an
 * outer one's.  No row in the running code: the call is unwound (its area
 * cleared, as RETURN clears it) and the caller's row for its
 * CALL_FUNCTION is looked up, and so on down to the thread's own code; no
 * row anywhere, and the exception is uncaught.  Catching is local work,
 * decided by the frame alone (model/unwind.c): a raise that some handler
 * catches is no step of its own, the handler's code runs on at once; an
 * uncaught raise is a step (above), the thread's last.
 *
 * The compiler turns the statements into handler code (lang/compile_try.c):
 * an except clause's code stores the exception in a hidden local, tests it
 * with EXC_MATCH and either runs the clause or re-raises it (THROW of the
 * hidden local: a bare `raise` is the same); a finally block is compiled
 * twice, once in the normal path and once as a handler that re-raises
 * after it, and once more wherever a return, break or continue leaves it
 * (which also release every `with` lock they leave); `with lock:` is a
 * handler that releases the lock and re-raises.  A finally's or a with's
 * own inline copy is cut out of the rows of the statements it leaves, so
 * that an exception inside it is not caught by the try it belongs to.
 *
 * Objects.  Lists, tuples and dicts live on a heap in the shared state; a value
 * refers to one.  An operation on an object (BUILD_LIST, LOAD_ITEM,
 * APPEND, LEN ...) is a step when the object is shared -- reachable from a
 * shared name or a queue, or from more than one thread -- and local
 * computation when only one thread can reach it: CPython's atomicity, where
 * one element read or write, and each of append, pop, insert, remove, len
 * and `in`, is one indivisible operation.  Whether an instruction is a step
 * is therefore decided when it runs (model/step.c), not here.
 *
 * The program owns everything it points to, including its source.
 */
#ifndef LOCKSTEP_LANG_PROGRAM_H
#define LOCKSTEP_LANG_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lang/diag.h"
#include "lang/exceptions.h"
#include "lang/primitives.h"
#include "lang/source.h"

/* Operations.  a and b are operands whose meaning each row gives.  VIS is
 * the class: 1 a visible instruction (a step), 0 local computation (run by
 * model/eval.c), 2 a marker that is neither (an atomic block's start, the
 * end of a thread), 3 an operation on a heap object, which is a step when
 * the object is shared and local computation when it is not (see
 * "Objects" above). */
#define LANG_OPS(X) \
	X(PUSH_INT,      "PUSH",        0) /* a,b: low/high 32 bits of the constant */ \
	X(PUSH_STR,      "PUSH",        0) /* a: string constant index */ \
	X(PUSH_BOOL,     "PUSH",        0) /* a: 0 or 1 */ \
	X(PUSH_NONE,     "PUSH",        0) \
	X(PUSH_TID,      "PUSH_TID",    0) \
	X(PUSH_THREAD_NAME, "PUSH_THREAD_NAME", 0) /* the running thread's name: threading.current_thread().name */ \
	X(LOAD_LOCAL,    "LOAD_LOCAL",  0) /* a: local slot */ \
	X(STORE_LOCAL,   "STORE_LOCAL", 0) /* a: local slot; pops */ \
	X(DELETE_LOCAL,  "DELETE_LOCAL", 0) /* a: local slot, unbound again (the end of except E as NAME) */ \
	X(LOAD,          "LOAD",        1) /* a: shared scalar */ \
	X(STORE,         "STORE",       1) /* a: shared scalar; pops value */ \
	X(LOAD_ELEM,     "LOAD",        1) /* a: shared array; pops index */ \
	X(LOAD_CONST,    "LOAD_CONST",  0) /* a: shared scalar no thread writes */ \
	X(LOAD_CONST_ELEM, "LOAD_CONST", 0) /* a: shared array no thread writes; pops index */ \
	X(STORE_ELEM,    "STORE",       1) /* a: shared array; pops value, index */ \
	X(BINARY,        "",            0) /* a: enum lang_binop; b: see IMM flag */ \
	X(UNARY,         "",            0) /* a: enum lang_unop */ \
	X(DUP,           "DUP",         0) \
	X(SWAP,          "SWAP",        0) \
	X(POP,           "POP",         0) \
	X(JUMP,          "JUMP",        0) /* a: target */ \
	X(JUMP_IF_FALSE, "JUMP_IF_FALSE", 0) /* a: target; pops */ \
	X(JUMP_IF_TRUE,  "JUMP_IF_TRUE", 0) /* a: target; pops */ \
	X(JUMP_IF_FALSE_OR_POP, "JUMP_IF_FALSE_OR_POP", 0) /* `and` */ \
	X(JUMP_IF_TRUE_OR_POP,  "JUMP_IF_TRUE_OR_POP", 0)  /* `or` */ \
	X(CALL,          "CALL",        1) /* a: shared primitive; b: enum lang_method; pops index if INDEXED, then args */ \
	X(START,         "START",       1) /* a: thread group; pops index if INDEXED */ \
	X(JOIN,          "JOIN",        1) /* a: thread group; pops index if INDEXED */ \
	X(IS_ALIVE,      "IS_ALIVE",    1) /* a: thread group; pops index if INDEXED; pushes whether the thread has started and not ended */ \
	X(SLEEP,         "SLEEP",       1) /* pops milliseconds */ \
	X(PRINT,         "PRINT",       1) /* a: count of values; b: LANG_PRINT_* (sep, end above them); a step per write: stdout is shared; the last pops all */ \
	X(FORMAT,        "FORMAT",      0) /* a: spec string or -1; b: conversion 'r' or 0; pops a value, pushes str */ \
	X(BUILD_STRING,  "BUILD_STRING", 0) /* a: count of strings popped; pushes them joined */ \
	X(ASSERT,        "ASSERT",      0) /* a: message string or -1; b: 1 if the message is a str on the stack, above the condition; pops both */ \
	X(ATOMIC_BEGIN,  "ATOMIC_BEGIN", 2) \
	X(ATOMIC_END,    "ATOMIC_END",  1) \
	X(END,           "END",         2) \
	/* functions */ \
	X(CALL_FUNCTION, "CALL",        0) /* a: function; argc: arguments popped (every parameter, in order) */ \
	X(RETURN,        "RETURN",      0) /* pops the value; back to the caller */ \
	/* heap objects (see "Objects" above): each is a step when the object \
	 * it operates on is shared; lang_heap_operand says where it is */ \
	X(LIST_NEW,      "BUILD_LIST",  3) /* a: items popped; pushes a new list */ \
	X(TUPLE_NEW,     "BUILD_TUPLE", 3) /* a: items popped; pushes a new tuple */ \
	X(ITEM_LOAD,     "LOAD_ITEM",   3) /* pops index, object; pushes the item */ \
	X(ITEM_STORE,    "STORE_ITEM",  3) /* pops index, object, value */ \
	X(LIST_APPEND,   "APPEND",      3) /* pops value, list */ \
	X(LIST_POP,      "POP_ITEM",    3) /* pops index (-1: the last), list; pushes the item */ \
	X(LIST_INSERT,   "INSERT",      3) /* pops value, index, list */ \
	X(LIST_REMOVE,   "REMOVE",      3) /* pops value, list */ \
	X(SEQ_LEN,       "LEN",         3) /* pops object; pushes its length */ \
	X(SEQ_CONTAINS,  "CONTAINS",    3) /* pops object, value; pushes value in object */ \
	X(ITER_NEXT,     "FOR_ITER",    3) /* a: target; b: local slot of the position; \
					      pops object; pushes the next item, or jumps when done */ \
	X(DICT_NEW,      "BUILD_MAP",   3) /* a: keys and values popped, key first; pushes a dict */ \
	X(DICT_GET,      "GET",         3) /* pops default, key, dict; pushes d.get(key, default) */ \
	X(BUILTIN,       "CALL_BUILTIN", 3) /* a: enum lang_builtin; b: values below the object \
					      (sum's start, sorted's reverse); pops object and \
					      them; pushes the result: sum(xs), sorted(xs) ... */ \
	X(UNPACK,        "UNPACK_SEQUENCE", 3) /* a: count; pops object, pushes a tuple of its a items \
					      (a dict's keys), or raises ValueError: a, b = x; \
					      b: 1 for at least a (a, *rest = x: UNPACK_EX) */ \
	/* exceptions (see "Exceptions" above) */ \
	X(EXC_NEW,       "BUILD_EXC",   0) /* a: enum lang_exc; b: 1 if its str() message is popped; pushes it */ \
	X(THROW,         "RAISE",       0) /* raises the exception on top; never goes on; \
					      a: enum lang_raise_chain; b: CAUSE's \
					      local, plus 1 */ \
	X(EXC_MATCH,     "EXC_MATCH",   0) /* a: enum lang_exc; pops a value, pushes whether it is one */ \
	X(EXC_HANDLED,   "LOAD_EXC_INFO", 0) /* pushes the exception being handled (code->handling), or raises RuntimeError */ \
	X(RAISE,         "RAISE",       1) /* never compiled: see below */

enum lang_opcode {
#define X(id, name, vis) LANG_OP_##id,
	LANG_OPS(X)
#undef X
	LANG_OP_COUNT
};

/* Case labels for every local (VIS 0) or every visible (VIS 1) opcode,
 * made from the table: a switch that treats one class alike names it so
 * and lists the other opcodes one by one, so -Wswitch still finds a place
 * that forgot a new opcode of the other class. */
#define LANG_OP_CASE_LOCAL_0(id) case LANG_OP_##id:
#define LANG_OP_CASE_LOCAL_1(id)
#define LANG_OP_CASE_LOCAL_2(id)
#define LANG_OP_CASE_LOCAL_3(id)
#define LANG_OP_CASE_VISIBLE_0(id)
#define LANG_OP_CASE_VISIBLE_1(id) case LANG_OP_##id:
#define LANG_OP_CASE_VISIBLE_2(id)
#define LANG_OP_CASE_VISIBLE_3(id)
#define LANG_OP_CASE_HEAP_0(id)
#define LANG_OP_CASE_HEAP_1(id)
#define LANG_OP_CASE_HEAP_2(id)
#define LANG_OP_CASE_HEAP_3(id) case LANG_OP_##id:
#define LANG_OP_CASE_LOCAL(id, name, vis) LANG_OP_CASE_LOCAL_##vis(id)
#define LANG_OP_CASE_VISIBLE(id, name, vis) LANG_OP_CASE_VISIBLE_##vis(id)
#define LANG_OP_CASE_HEAP(id, name, vis) LANG_OP_CASE_HEAP_##vis(id)
#define LANG_CASES_LOCAL_OPS LANG_OPS(LANG_OP_CASE_LOCAL)
#define LANG_CASES_VISIBLE_OPS LANG_OPS(LANG_OP_CASE_VISIBLE)
#define LANG_CASES_HEAP_OPS LANG_OPS(LANG_OP_CASE_HEAP)
/* Every opcode but the heap operations that work on an object (those
 * lang_heap_operand places). */
#define LANG_CASES_NO_HEAP_OPERAND_OPS \
	LANG_CASES_LOCAL_OPS \
	LANG_CASES_VISIBLE_OPS \
	case LANG_OP_LIST_NEW: \
	case LANG_OP_TUPLE_NEW: \
	case LANG_OP_DICT_NEW: \
	case LANG_OP_ATOMIC_BEGIN: \
	case LANG_OP_END: \
	case LANG_OP_COUNT:

/* Python's builtins that read a whole object (model/builtins.c); ITEMS,
 * KEYS and VALUES are a dict's methods, read into a new list. */
#define LANG_BUILTINS(X) \
	X(SUM, "sum") X(MIN, "min") X(MAX, "max") X(ABS, "abs") X(ANY, "any") \
	X(ALL, "all") X(SORTED, "sorted") X(LIST, "list") X(TUPLE, "tuple") \
	X(INT, "int") X(ITEMS, "items") X(KEYS, "keys") X(VALUES, "values")

enum lang_builtin {
#define X(id, name) LANG_BUILTIN_##id,
	LANG_BUILTINS(X)
#undef X
	LANG_BUILTIN_COUNT
};

/*      id         symbol  mnemonic */
#define LANG_BINOPS(X) \
	X(ADD,       "+",   "ADD") \
	X(SUB,       "-",   "SUB") \
	X(MUL,       "*",   "MUL") \
	X(FLOORDIV,  "//",  "FLOORDIV") \
	X(MOD,       "%",   "MOD") \
	X(EQ,        "==",  "CMP_EQ") \
	X(NE,        "!=",  "CMP_NE") \
	X(LT,        "<",   "CMP_LT") \
	X(LE,        "<=",  "CMP_LE") \
	X(GT,        ">",   "CMP_GT") \
	X(GE,        ">=",  "CMP_GE")

enum lang_binop {
#define X(id, sym, mn) LANG_BIN_##id,
	LANG_BINOPS(X)
#undef X
	LANG_BIN_COUNT
};

enum lang_unop { LANG_UN_NEG, LANG_UN_NOT };

/* PRINT's b: which of print()'s keyword arguments are on the stack, above
 * the values (sep first, then end). */
#define LANG_PRINT_SEP   0x1
#define LANG_PRINT_END   0x2

/* Instruction flags. */
#define LANG_IF_INDEXED  0x1	/* operand is an array element: index popped first */
#define LANG_IF_RESULT   0x2	/* CALL pushes the method's result */
#define LANG_IF_IMM      0x4	/* BINARY's right operand is constant b, not popped */
#define LANG_IF_STMT     0x8	/* first instruction of a source statement */
#define LANG_IF_TIMED    0x10	/* CALL, JOIN: may time out; the timeout in ms
				 * is popped after the index (compile_timeout.c) */
#define LANG_IF_INPLACE  0x20	/* BINARY of an augmented assignment (x += y),
				 * which CPython does in place on a list */
#define LANG_IF_VIEW     0xc0	/* ITER_NEXT over d.keys(), d.values() or
				 * d.items(): LANG_VIEW_* << 6 */
enum lang_view { LANG_VIEW_KEYS = 1, LANG_VIEW_VALUES, LANG_VIEW_ITEMS };
#define LANG_VIEW_OF(flags) ((enum lang_view)(((flags) & LANG_IF_VIEW) >> 6))
/* (LANG_IF_RESULT on CALL_FUNCTION: the caller keeps the returned value.) */

struct lang_insn {
	uint8_t op;		/* enum lang_opcode */
	uint8_t flags;		/* LANG_IF_* */
	uint16_t argc;		/* CALL: arguments popped */
	int32_t a, b;
	struct lang_loc loc;	/* the source it came from */
};

/* Values known at compile time: literals and initial shared values. */
/* OBJECT is only ever an item of an opening list, tuple or dict (or of
 * such an object in it): pairs = [(1, 2), (3, 4)]; model.c makes it when
 * it makes the object that holds it.  No constant folding meets one. */
enum lang_value_kind { LANG_VAL_NONE, LANG_VAL_INT, LANG_VAL_BOOL, LANG_VAL_STR,
	LANG_VAL_OBJECT };

struct lang_value {
	enum lang_value_kind kind;
	int64_t i;		/* INT, BOOL (0/1); STR: string constant index;
				 * OBJECT: index in prog->objects */
};

/* Shared names: scalars, arrays, primitives, arrays of primitives. */
enum lang_shared_kind {
	LANG_SHARED_SCALAR,
	LANG_SHARED_ARRAY,
	LANG_SHARED_PRIM,
	LANG_SHARED_PRIM_ARRAY,
};

struct lang_prim_init {
	int64_t value;		/* Semaphore/BoundedSemaphore: initial count;
				 * Barrier: parties; Queue: maxsize (0 = unbounded) */
	int lock_shared;	/* Condition: shared index of its lock, -1 = own RLock */
	int lock_elem;		/* Condition: element of that lock array, or 0 */
	bool timed;		/* Barrier: made with a timeout, for wait() */
	int64_t timeout_ms;	/* Barrier: that timeout */
	int action;		/* Barrier: the name (a string id) of the function
				 * its last party calls, or -1 */
};

/* A shared name that refers to an object from the start: `items = []`. */
enum lang_object_kind { LANG_OBJ_NONE, LANG_OBJ_LIST, LANG_OBJ_TUPLE, LANG_OBJ_DICT };

/* An object inside an opening one (LANG_VAL_OBJECT): its kind, items. */
struct lang_object {
	enum lang_object_kind kind;
	struct lang_value *items;
	int nitems;
};

struct lang_shared {
	char *name;
	enum lang_shared_kind kind;
	enum lang_prim_type prim;	/* PRIM and PRIM_ARRAY */
	int length;			/* elements; 1 for SCALAR and PRIM */
	struct lang_value *init;	/* SCALAR, ARRAY: length initial values */
	struct lang_prim_init *prim_init; /* PRIM, PRIM_ARRAY: length entries */
	struct lang_loc loc;		/* where it was declared */
	bool constant;			/* SCALAR, ARRAY: no thread writes it */
	enum lang_object_kind object;	/* SCALAR: refers to a list or tuple */
	struct lang_value *items;	/* that object's initial items (a dict's:
					 * key, value, key, value ...) */
	int nitems;
	bool rebound;			/* object: some thread assigns the name */
};

/* A row of a code's handler table (see "Exceptions" above). */
struct lang_handler {
	int32_t start, end;	/* the instructions it covers: [start, end) */
	int32_t target;		/* the handler's first instruction */
	int32_t depth;		/* the stack depth there, before the exception;
				 * -1 from the compiler: the depth at start,
				 * which lang_code_check_stack writes in */
};

/* A stretch of code that runs while an exception is being handled (an
 * except clause's body, a finally block an exception passes through),
 * and the local holding that exception: what a bare `raise` re-raises
 * in a function called from there (EXC_HANDLED, as CPython's
 * sys.exc_info() is the innermost such exception of the thread). */
struct lang_handling {
	int32_t start, end;	/* [start, end) */
	int32_t slot;
};

/* Instructions of one thread definition. */
struct lang_code {
	struct lang_insn *insns;
	size_t count;
	struct lang_handler *handlers;	/* innermost first */
	size_t nhandlers;
	struct lang_handling *handling;	/* in the order their code ends */
	size_t nhandling;
	int max_stack;		/* deepest the evaluation stack gets */
	int nlocals;
	char **local_names;	/* nlocals; hidden temporaries are "$0", "$1"... */
	int *local_threads;	/* nlocals or NULL: for a local that only ever
				 * holds a member number of a list of threads
				 * (`for t in threads:`), that group; else -1 */
};

/* Functions.  `def NAME(params):` at the top level compiles once, into a
 * struct lang_function of its own, however many threads call it: the
 * program holds one table of them, and a call names its callee by its
 * index there.  The compiler resolves every call completely: keywords are
 * matched to parameters and missing ones filled from their constant
 * defaults, so CALL_FUNCTION finds on the stack exactly one value per
 * parameter, in order, and they become the callee's first locals.  A
 * function's code ends in RETURN (a bare `return`, or falling off the
 * end, returns None); RETURN pops the value, and the caller pushes it if
 * the CALL_FUNCTION has LANG_IF_RESULT.
 *
 * Scoping is Python's: a name a def assigns anywhere in its body (or a
 * parameter) is local to it unless the body says `global NAME`; a name it
 * only reads is the top-level (shared) one.  Locals are never steps;
 * shared names read and written from a function are steps exactly as in a
 * thread block.  Calls and returns are local computation, run by the one
 * interpreter of local instructions (model/eval.c); so a thread's frame
 * holds a bounded call stack, and where a thread is -- function, pc, the
 * callers it will return to and their locals -- is part of the state.
 * Recursion is bounded by LANG_MAX_CALL_DEPTH (limits.h): a call deeper
 * than that raises RecursionError. */
struct lang_function {
	char *name;
	int nparams;			/* the first nparams locals of code */
	int first_default;		/* parameters from here on have defaults */
	struct lang_value *defaults;	/* nparams entries; valid from first_default */
	struct lang_code code;
	struct lang_loc loc;		/* its name in the def */
	unsigned first_line, last_line;	/* the def's source lines */
};

/* A thread definition: `thread A:`, `thread w[3]:`, `daemon thread d:`, `main:`. */
struct lang_group {
	char *name;
	int count;		/* 1 unless declared with [n] */
	int first_thread;	/* index of its first thread in lang_program.threads */
	bool daemon;
	bool is_main;
	bool is_array;		/* declared as NAME[n] */
	struct lang_code code;
	struct lang_loc loc;
	unsigned first_line, last_line;	/* the block's source lines, its header
					 * line first; a Python module's main
					 * has none: first_line is 0 */
};

/* One real thread, groups expanded: "A", "worker[1]", "main". */
struct lang_thread {
	char *name;
	int name_str;		/* name among the strings, if PUSH_THREAD_NAME is
				 * compiled (lang_program.strings) */
	int group;
	int tid;
	bool starts_at_once;	/* no main: block, or this is main */
};

/* `expect EXPR`: code that pushes the truth value, reading shared names
 * through LOAD/LOAD_ELEM (no locals), evaluated when all threads are done. */
struct lang_expect {
	char *text;		/* the expression as written */
	struct lang_code code;
	int *names;		/* shared indexes the expression mentions */
	size_t nnames;
	struct lang_loc loc;
};

/* A tour (`tour "name":`): a schedule with a caption per step, for a
 * lecture.  The compiler resolves the thread names; whether each step can
 * run where it stands is the model's to say (tour.h). */
struct lang_tour_step {
	int thread;
	char *caption;
	struct lang_loc loc;	/* the step's thread name */
};

struct lang_tour {
	char *name;
	struct lang_tour_step *steps;
	size_t nsteps;
	struct lang_loc loc;
};

/* A challenge's goal (`goal: ...`): the run the student is to bring about.
 * An EXPR goal is judged as an expect is, when every thread has finished. */
enum lang_goal_kind {
	LANG_GOAL_NONE,		/* not a challenge */
	LANG_GOAL_DEADLOCK,
	LANG_GOAL_ASSERTION,	/* an assert fails */
	LANG_GOAL_EXPR,
};

struct lang_goal {
	enum lang_goal_kind kind;
	char *text;		/* "deadlock", "assertion" or the expression */
	struct lang_expect expr;	/* EXPR: compiled like an expect */
	struct lang_loc loc;
};

struct lang_program {
	struct lang_source *source;
	char *title;		/* "" if none */
	char *about;		/* "" if none; lines joined with '\n' */
	struct lang_shared *shared;
	size_t nshared;
	struct lang_group *groups;
	size_t ngroups;
	struct lang_function *functions;
	size_t nfunctions;
	struct lang_thread *threads;
	size_t nthreads;
	int main_group;		/* -1 if no main: block */
	struct lang_expect *expects;
	size_t nexpects;
	char **strings;		/* string constants */
	size_t nstrings;
	bool uses_heap;		/* some code makes lists or tuples: states carry a heap */
	struct lang_object *objects;	/* inside opening objects (LANG_VAL_OBJECT) */
	size_t nobjects;
	struct lang_tour *tours;
	size_t ntours;
	struct lang_goal goal;
	/* A Python program (its file's name ends in .py): an uncaught
	 * exception ends its thread, not the run (model/step.c). */
	bool python;
	/* a handler can catch an exception: a .py file, or a .race file with
	 * a try (ast_file.handlers; there only an uncaught one ends the run) */
	bool handlers;
	/* its own exception classes (lang/exceptions.h) */
	struct lang_exc_own own_exceptions;
};

void lang_program_free(struct lang_program *prog);

/* How a raise chains to the exception being handled where it runs (THROW's
 * operand a), for the report of an uncaught one: a plain raise has it as
 * its context ("During handling of the above exception, another exception
 * occurred:"), `raise X from e` as its cause ("The above exception was the
 * direct cause of the following exception:"), `raise X from None` shows
 * none. */
enum lang_raise_chain { LANG_RAISE_CONTEXT, LANG_RAISE_CAUSE, LANG_RAISE_NO_CHAIN };

/* The innermost row of code's handling table covering pc, or NULL: the
 * exception being handled there is in its slot. */
const struct lang_handling *lang_handling_at(const struct lang_code *code, int32_t pc);

/* The code a thread of group runs: its own (func -1) or a function's. */
static inline const struct lang_code *
lang_code_of(const struct lang_program *prog, int group, int func)
{
	return func < 0 ? &prog->groups[group].code : &prog->functions[func].code;
}

/* Mark in callees (one byte per function) the functions code calls. */
void lang_code_mark_callees(const struct lang_code *code, unsigned char *callees);
/* Mark in reach (one byte per function) every function a thread of group
 * can be inside: those its code calls, those they call, and so on. */
void lang_group_reach(const struct lang_program *prog, int group, unsigned char *reach);

bool lang_op_is_visible(enum lang_opcode op);
/* A heap operation (VIS 3): how deep below the top of the stack the object
 * it operates on lies when it runs; -1 for any other opcode. */
int lang_heap_operand(enum lang_opcode op);
/* Values an instruction pops and pushes (a conditional jump that keeps its
 * operand on the taken branch pops it only when it falls through). */
void lang_insn_stack_effect(const struct lang_insn *insn, int *pops, int *pushes);
/* Compute code->max_stack; false if some path reaches END with other than
 * end_depth values on the stack (0 for a thread, 1 for an expect, whose
 * value is left there), or underflows: a compiler bug. */
bool lang_code_check_stack(struct lang_code *code, int end_depth);
const char *lang_op_name(enum lang_opcode op);
const char *lang_binop_symbol(enum lang_binop op);
const char *lang_builtin_name(enum lang_builtin b);
const char *lang_binop_mnemonic(enum lang_binop op);
int64_t lang_insn_int(const struct lang_insn *insn);

/* One instruction as the views show it: "LOAD counter", "ADD 1",
 * "CALL m.acquire", "STORE_LOCAL tmp". */
void lang_insn_format(const struct lang_program *prog,
    const struct lang_code *code, const struct lang_insn *insn,
    char *buf, size_t size);
/* A listing of every thread's code, one instruction a line, with a blank
 * line after each visible instruction so the steps stand out. */
void lang_program_dump(const struct lang_program *prog, FILE *out);

#endif
