/* eval.h - the one interpreter of local instructions.
 *
 * What a thread computes between two visible steps (pushes, locals,
 * operators, jumps, calls, f-strings, assert) and the text each print()
 * step writes are made here, by the model (step.c),
 * by expect judging (verdict.c) and by free-run's real threads
 * (engine/freerun_interp.c): one place for what `+` does and what a raise
 * says.  The modes differ only where their worlds differ, and that is the
 * seam below, struct model_world: where a constant's value is read (a
 * state's value array, or free-run's atomic words), where print() output
 * goes, and how the string table is guarded (its own lock callbacks).
 *
 * A local instruction that raises leaves the registers exactly as they
 * were (operands are popped only once it succeeded): the model relies on
 * it to park a frame at the instruction that raised.
 */
#ifndef LOCKSTEP_MODEL_EVAL_H
#define LOCKSTEP_MODEL_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/program.h"
#include "model/heap.h"
#include "model/model.h"

/* A caller a function returns to: its code, its next instruction, its
 * stack depth (the arguments popped) and its first slot. */
struct model_call {
	int32_t func;
	int32_t pc;
	int32_t sp;
	int32_t base;
};

/* A thread's evaluation registers: the running code's stack (sp values on
 * it), its locals and the index of its next instruction; and the call
 * stack, for CALL_FUNCTION and RETURN.
 *
 * Calls.  A thread's values are one array, slots: each code under way
 * (the thread's own at the bottom, then each function called and not yet
 * returned from) has its area there, max_stack values of stack then its
 * locals, the callee's area right after its caller's.  calls[] holds the
 * depth callers to return to.  Every slot above the running area is
 * MODEL_UNSET and every saved caller past depth all zero, so that a frame
 * is canonical: where a thread is, and nothing of how it got there (the
 * explorer compares frames bytewise).  A call past LANG_MAX_CALL_DEPTH,
 * or past the thread's slots or calls, raises RecursionError.  Code that
 * makes no calls (an expect) may leave slots and calls NULL. */
struct model_regs {
	struct model_value *stack;
	struct model_value *locals;
	int32_t sp;
	int32_t pc;
	int32_t group;			/* the thread's group: whose code func -1 is */
	int32_t func;			/* the running code: -1 the thread's, else a function */
	int32_t depth;			/* calls under way */
	int32_t base;			/* the running area's first slot */
	int32_t nslots, ncalls;		/* capacities */
	struct model_value *slots;
	struct model_call *calls;
};

/* The code r runs now. */
static inline const struct lang_code *
model_regs_code(const struct lang_program *prog, const struct model_regs *r)
{
	return lang_code_of(prog, r->group, r->func);
}

/* Where the thread runs: everything a local instruction reads that is not
 * in its registers. */
struct model_world {
	const struct model *m;
	struct model_strings *strings;	/* interned into by + and * on strings */
	int thread;			/* whose instructions: PUSH_TID, who raised */
	/* The value of element e of a constant (its declared value). */
	struct model_value (*load_const)(void *arg, int element);
	void *arg;
	char *output;			/* a print step writes its piece here; NULL: dropped */
	size_t output_size;
	struct model_heap *heap;	/* lists and tuples; NULL if the program has none */
};

struct model_value model_value_make(enum model_kind kind, int64_t i);

void model_regs_push(struct model_regs *r, struct model_value v);
/* The top value, its slot cleared so that frames stay canonical for hashing. */
struct model_value model_regs_pop(struct model_regs *r);

/* Execute one local instruction (lang_op_is_visible(in->op) false, not
 * ATOMIC_BEGIN/END or END), heap operations included, shared object or
 * not; false if it raised, into to, with r unchanged. */
bool model_eval_local(struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to);

/* Why model_eval_run stopped. */
enum model_eval_stop {
	MODEL_EVAL_AT_STEP,	/* at an instruction that is not computed alone: pc there */
	MODEL_EVAL_RAISED,	/* an instruction raised into to: pc at it, r as before it */
	MODEL_EVAL_BUDGET	/* ran budget instructions; pc past them */
};

/* Run the local instructions from r->pc on (calls and returns included),
 * at most budget of them, up to the first that is a step, an atomic
 * block's edge, END or a heap operation (its object may be shared: the
 * caller decides); *ran says how many ran.  What a thread computes
 * between two steps, in one call: the explorer spends much of its time
 * here, and one instruction a call through model_eval_local (registers
 * and world set up, a call and a stack frame each) costs its search more
 * (bench/README.md, issue 19). */
enum model_eval_stop model_eval_run(struct model_regs *r, const struct model_world *w,
    int budget, int *ran, struct model_verdict *to);

/* The object a heap operation (lang_heap_operand) works on, or NULL if
 * the value there is not one (the operation will raise a TypeError). */
const struct model_value *model_eval_heap_operand(const struct model_regs *r,
    const struct lang_insn *in);

/* Python's truth value of v, lists and tuples by their length. */
bool model_eval_truthy(const struct model_world *w, const struct model_value *v);

/* PRINT is visible, and more than one step: CPython writes a print's
 * pieces (each value's text, the sep between two, the end) with one
 * write() each, and other threads can write in between.  How many
 * pieces the print at in writes: */
int model_eval_print_pieces(const struct lang_insn *in);
/* Whether the print at in raises (a sep= or end= that is not a str or
 * None), into to: CPython checks them before it writes anything, so it is
 * known before the first piece, and the raise is the thread's next step. */
bool model_eval_print_raises(const struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to);
/* Piece `piece` of it (0-based), into w->output, replacing what was there
 * (the modes then add it to the run's output: model_output_append); the
 * last piece pops the printed values, sep and end.  False if it raised,
 * into to, with r unchanged. */
bool model_eval_print(struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, int piece, struct model_verdict *to);

/* Catching (model/unwind.c).  An exception with text, raised at line by
 * the instruction at pc of the code r runs (r as it was before that
 * instruction ran): if a handler of that code or of a caller catches it,
 * r is unwound to the handler, the exception on its stack, and true; else
 * false and r unchanged (the exception is uncaught). */
bool model_eval_catch(struct model_regs *r, const struct model_world *w, int32_t pc,
    const char *text, int line);
/* Whether the raise at in (r before it) re-raises an exception raised
 * before; then where that was. */
bool model_eval_raise_origin(const struct model_regs *r, const struct lang_insn *in,
    const struct model_strings *strings, int *func, int *line);

/* How an index into a shared array, primitive array or thread group is
 * read: .race's arrays take 0..length-1 and name themselves in the error;
 * a .py file's are Python lists (a negative index counts from the end,
 * and the errors are CPython's, which differ for a store). */
enum model_index_use {
	MODEL_INDEX_RACE,
	MODEL_INDEX_PY_LOAD,
	MODEL_INDEX_PY_STORE
};

enum model_index_use model_index_use(const struct lang_program *prog,
    const struct lang_insn *in);
/* v as an index into what (a shared array or thread group of length
 * elements); false with an IndexError or TypeError raised into to. */
bool model_eval_index(const struct model_value *v, int length, const char *what,
    enum model_index_use use, int thread, int line, int *out,
    struct model_verdict *to);

#endif
