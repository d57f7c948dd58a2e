/* step.c - a step: the pending visible action, then the local run to the next.
 *
 * A thread's frame is always parked at its pending visible action (or the
 * ATOMIC_BEGIN of an atomic block).  model_step performs that action, then
 * runs the local instructions after it until the next visible one, which
 * becomes the new pending action; or the thread reaches END and finishes.
 * When that local run raises, the frame is parked at the instruction that
 * raised, as it was before it, and the pending action is RAISE: the step
 * that the schedule chooses later runs the instruction again, which raises
 * again (local instructions depend on the frame alone), now as the run's
 * verdict.  So a local instruction that raises leaves the frame untouched.
 * In a Python program the raise ends the thread instead of the run
 * (model_thread_raises): the thread dies of it, as in CPython's threading.
 * Unless a handler catches it (try/except, finally, with: model/unwind.c):
 * a local raise that is caught is no step, the frame goes on at the
 * handler (run_locals); a step that raises is still the step, and the
 * frame goes on at the handler after it (revive).
 * The primitives' methods are methods.c's; shared memory, lists, threads,
 * prints and atomic blocks are here.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/eval.h"
#include "model/internal.h"
#include "model/stepper.h"
#include "model/wait.h"

/* The code t's frame runs now: its own, or the function it is in. */
static const struct lang_code *
code_of(const struct model_state *st, const struct model_frame *f, int t)
{
	return lang_code_of(st->m->prog, st->m->prog->threads[t].group, f->func);
}


/* The locals of the code t's frame runs now, above its stack. */
static struct model_value *
locals_of(const struct model_state *st, struct model_frame *f, int t)
{
	return stack_of(f) + code_of(st, f, t)->max_stack;
}




static void finish_thread(struct model_state *st, int t);

/* Thread t raises exc.  In a Python program the exception ends the
 * thread alone, as CPython's threading does (model_step then revives the
 * thread if one of its handlers catches it, model/unwind.c): t finishes with the exception and its rank among the threads that
 * died so recorded in the state, and keeps every lock it holds; its
 * joiners go on.  Elsewhere it ends the run. */
void
model_thread_raises(struct model_state *st, int t, const struct model_verdict *exc)
{
	struct model_thread *th = &state_threads(st)[t];
	int32_t func = th->pending.func;	/* where it raised */
	int rank = 1;
	size_t u;

	if (!st->m->prog->python) {
		model_fail(st, exc->kind, exc->thread, exc->line, "%s", exc->message);
		model_verdict_note_limits(&st->verdict);
		return;
	}
	for (u = 0; u < st->m->nthreads; u++)
		if (thread_died(state_thread(st, (int)u)))
			rank++;
	th->raised = 1 + model_strings_intern(st->m->strings, exc->message,
	    strlen(exc->message));
	th->raised_rank = rank;
	finish_thread(st, t);
	th->pending.line = exc->line;
	th->pending.func = func;
}

bool
model_fail_at(struct model_state *st, int t, const struct lang_insn *in, const char *msg)
{
	struct model_verdict exc = { .kind = MODEL_RUNNING };

	model_verdict_set(&exc, MODEL_RUNTIME_ERROR, t, (int)in->loc.line, "%s", msg);
	model_thread_raises(st, t, &exc);
	return false;
}

static void eval_setup(struct model_state *st, struct model_frame *f, int t,
    struct model_regs *regs, struct model_world *w, struct model_heap *heap);

/* ---- resolving what an instruction names ---- */

static bool
index_value(const struct lang_program *prog, struct model_verdict *to, int t,
    const struct lang_insn *in, const struct model_value *v, int length,
    const char *what, int *out)
{
	return model_eval_index(v, length, what, model_index_use(prog, in), t,
	    (int)in->loc.line, out, to);
}

/* The element a LOAD or STORE of a shared scalar names. */
static inline int
scalar_element(const struct model *m, const struct lang_insn *in)
{
	return m->element_base[in->a];
}

/* resolve_target for the instructions that take an index or name no
 * element. */
static bool
resolve_other(struct model_state *st, struct model_frame *f, int t,
    const struct lang_insn *in, int *target, struct model_verdict *to)
{
	const struct model *m = st->m;
	const struct lang_program *prog = m->prog;
	const struct model_value *top = f->sp > 0 ? &stack_of(f)[f->sp - 1] : NULL;
	int k = 0;

	*target = -1;
	switch ((enum lang_opcode)in->op) {
	case LANG_OP_LOAD:
	case LANG_OP_STORE:
		*target = scalar_element(m, in);
		return true;
	case LANG_OP_LOAD_ELEM:
	case LANG_OP_STORE_ELEM:
		if (!index_value(prog, to, t, in, top, prog->shared[in->a].length,
		    prog->shared[in->a].name, &k))
			return false;
		*target = m->element_base[in->a] + k;
		return true;
	case LANG_OP_CALL:
		if ((in->flags & LANG_IF_INDEXED) && !index_value(prog, to, t, in, top,
		    prog->shared[in->a].length, prog->shared[in->a].name, &k))
			return false;
		*target = m->prim_base[in->a] + k;
		return true;
	case LANG_OP_START:
	case LANG_OP_JOIN:
	case LANG_OP_IS_ALIVE:
		if ((in->flags & LANG_IF_INDEXED) && !index_value(prog, to, t, in, top,
		    prog->groups[in->a].count, prog->groups[in->a].name, &k))
			return false;
		*target = prog->groups[in->a].first_thread + k;
		return true;
	case LANG_OP_PRINT: {	/* no target; a bad sep= or end= raises */
		struct model_regs regs;
		struct model_world w;
		struct model_heap heap;

		eval_setup(st, f, t, &regs, &w, &heap);
		return !model_eval_print_raises(&regs, in, &w, to);
	}
	LANG_CASES_LOCAL_OPS
	LANG_CASES_HEAP_OPS
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_END:
	case LANG_OP_SLEEP:
	case LANG_OP_ATOMIC_END:
	case LANG_OP_RAISE:
	case LANG_OP_COUNT:
		break;
	}
	return true;
}

/* The element, primitive or thread a visible instruction names, taking the
 * index from the top of the stack (without popping it); a bad index raises
 * into to.  A shared scalar's, the most common, without a call: it is
 * asked twice a step (when the step is published and when it is taken). */
static inline bool
resolve_target(struct model_state *st, struct model_frame *f, int t,
    const struct lang_insn *in, int *target, struct model_verdict *to)
{
	if (in->op == LANG_OP_LOAD || in->op == LANG_OP_STORE) {
		*target = scalar_element(st->m, in);
		return true;
	}
	return resolve_other(st, f, t, in, target, to);
}

/* ---- local instructions ---- */

static struct model_value
load_const(void *arg, int element)
{
	return state_values(arg)[element];
}

/* Back into the frame, what a run of the interpreter moved. */
static void
eval_save(struct model_frame *f, const struct model_regs *regs)
{
	f->sp = regs->sp;
	f->pc = regs->pc;
	f->func = regs->func;
	f->depth = regs->depth;
	f->base = regs->base;
}

/* The registers and world the one interpreter (eval.c) runs t's frame in;
 * heap holds the state's heap view, if the program has one. */
static void
eval_setup(struct model_state *st, struct model_frame *f, int t, struct model_regs *regs,
    struct model_world *w, struct model_heap *heap)
{
	regs->stack = stack_of(f);
	regs->locals = locals_of(st, f, t);
	regs->sp = f->sp;
	regs->pc = f->pc;
	regs->group = st->m->prog->threads[t].group;
	regs->func = f->func;
	regs->depth = f->depth;
	regs->base = f->base;
	regs->nslots = st->m->frame_slots[t];
	regs->ncalls = st->m->frame_calls[t];
	regs->slots = f->slots;
	regs->calls = frame_calls(st->m, t, f);
	w->m = st->m;
	w->strings = st->m->strings;
	w->thread = t;
	w->load_const = load_const;
	w->arg = st;
	w->output = NULL;
	w->output_size = 0;
	w->heap = NULL;
	if (st->m->heap_objs > 0) {
		state_heap(st, heap);
		w->heap = heap;
	}
}

/* One local instruction, by the one interpreter (eval.c); a raise leaves
 * the frame parked at in. */
static bool
exec_local(struct model_state *st, struct model_frame *f, int t,
    const struct lang_insn *in, struct model_verdict *to)
{
	struct model_regs regs;
	struct model_world w;
	struct model_heap heap;

	eval_setup(st, f, t, &regs, &w, &heap);
	if (!model_eval_local(&regs, in, &w, to))
		return false;
	eval_save(f, &regs);
	return true;
}

/* A raise at pc of t's frame that some handler catches (model/unwind.c):
 * the frame goes on at the handler, and true.  Catching is local work. */
static bool
catch_at(struct model_state *st, struct model_frame *f, int t, int32_t pc,
    const char *text, int line)
{
	struct model_regs regs;
	struct model_world w;
	struct model_heap heap;

	eval_setup(st, f, t, &regs, &w, &heap);
	if (!model_eval_catch(&regs, &w, pc, text, line))
		return false;
	eval_save(f, &regs);
	return true;
}

/* In a .race file the raise of t's step was made the run's verdict at
 * once (model_thread_raises); a handler around the step takes it back:
 * only an uncaught exception ends the run.  The verdict is this step's,
 * as a run that has one takes no more steps. */
static bool
revive_race(struct model_state *st, struct model_frame *f, int t, int32_t pc)
{
	struct model_verdict *v = &st->verdict;

	if (!st->m->prog->handlers || v->kind == MODEL_RUNNING || v->thread != t ||
	    !catch_at(st, f, t, pc, v->message, v->line))
		return false;
	v->kind = MODEL_RUNNING;
	v->thread = -1;
	v->line = 0;
	v->expect = -1;
	v->message[0] = '\0';
	return true;
}

/* Thread t died of an exception its step raised (a primitive's error, a
 * list operation's): if a handler catches it, t lives on at the handler. */
static bool
revive(struct model_state *st, struct model_frame *f, int t, int32_t pc)
{
	struct model_thread *th = &state_threads(st)[t];

	if (!st->m->prog->python)
		return revive_race(st, f, t, pc);
	if (!thread_died(th) ||
	    !catch_at(st, f, t, pc, model_strings_get(st->m->strings, th->raised - 1),
	    th->pending.line))
		return false;
	th->raised = 0;
	th->raised_rank = 0;
	th->status = MODEL_T_ALIVE;
	return true;
}

/* The object a heap operation at in works on, if other threads can reach
 * it: then the operation is a step.  NULL: local computation. */
static const struct model_value *
heap_operand(const struct model_state *st, struct model_frame *f, int t,
    const struct lang_insn *in)
{
	struct model_regs regs;

	if (lang_heap_operand((enum lang_opcode)in->op) < 0 || st->m->heap_objs == 0)
		return NULL;
	regs.stack = stack_of(f);
	regs.locals = locals_of(st, f, t);
	regs.sp = f->sp;
	regs.pc = f->pc;
	return model_eval_heap_operand(&regs, in);
}

static const struct model_value *
shared_operand(const struct model_state *st, struct model_frame *f, int t,
    const struct lang_insn *in)
{
	const struct model_value *obj = heap_operand(st, f, t, in);
	struct model_heap h;

	/* a tuple never changes: reading it commutes with every step */
	if (obj == NULL || obj->kind == MODEL_TUPLE)
		return NULL;
	state_heap(st, &h);
	return model_heap_is_shared(&h, obj) ? obj : NULL;
}

/* Whatever v reaches can now be reached by other threads. */
void
model_publish(struct model_state *st, const struct model_value *v)
{
	struct model_heap h;

	if (st->m->heap_objs == 0 || !model_value_is_object(v))
		return;
	state_heap(st, &h);
	model_heap_publish(&h, v);
}

/* The heap cell of the one item a shared list operation reads or writes
 * (LOAD_ITEM, STORE_ITEM, an iteration's next item), or -1: the other
 * operations are atomic methods, never a data race under the GIL. */
static int
item_cell(const struct model_state *st, struct model_frame *f, int t,
    const struct lang_insn *in, const struct model_value *obj)
{
	const struct model_value *at;
	struct model_heap h;
	int n, i;

	state_heap(st, &h);
	n = model_heap_len(&h, obj);
	if (obj->kind == MODEL_DICT)
		return -1;	/* found by its key once the step is done */
	if (in->op == LANG_OP_ITEM_LOAD || in->op == LANG_OP_ITEM_STORE)
		at = &stack_of(f)[f->sp - 1];
	else if (in->op == LANG_OP_ITER_NEXT)
		at = &locals_of(st, f, t)[in->b];
	else
		return -1;
	if (at->kind != MODEL_INT && at->kind != MODEL_BOOL)
		return in->op == LANG_OP_ITER_NEXT ? (n > 0 ? model_heap_cell(&h, obj, 0) : -1) :
		    -1;
	i = (int)(at->i < 0 ? at->i + n : at->i);
	return i >= 0 && i < n ? model_heap_cell(&h, obj, i) : -1;
}

/* The cell of the value a dict operation read or wrote for key (d[k],
 * d[k] = v, d.get(k)), once it is done; -1 for the others. */
static int
dict_cell(const struct model_state *st, const struct model_value *dict,
    const struct lang_insn *in, const struct model_value *key)
{
	struct model_heap h;
	int at;

	if (in->op != LANG_OP_ITEM_LOAD && in->op != LANG_OP_ITEM_STORE &&
	    in->op != LANG_OP_DICT_GET)
		return -1;
	state_heap(st, &h);
	at = model_heap_dict_find(&h, st->m->strings, dict, key);
	return at >= 0 ? model_heap_cell(&h, dict, at) : -1;
}

/* A read or write of a shared list's item, for happens-before: the race
 * it may reveal is named after the shared name that holds the list (the
 * item's own record moves with it as the list grows and shrinks). */
static void
item_access(struct model_state *st, int t, const struct model_value *obj, int cell,
    bool write, int line)
{
	size_t before = st->nraces, i;
	char name[64];
	int e;

	model_hb_access(st, t, (int)st->m->nelements + cell, write, line);
	if (st->nraces == before)
		return;
	e = model_object_name(st, obj, name, sizeof(name));
	for (i = before; i < st->nraces; i++)
		st->races[i].element = e;
	if (e < 0)
		st->nraces = before;	/* no shared name to report it under */
}

/* An operation on a shared object, as one step: the one interpreter runs
 * it; then what it stored is shared too, and the views learn the item it
 * read or wrote (frozen: the heap moves on). */
static bool
exec_heap(struct model_state *st, struct model_frame *f, int t, const struct lang_insn *in,
    struct model_step_info *info)
{
	const struct model_value *operand = heap_operand(st, f, t, in);
	struct model_verdict exc = { .kind = MODEL_RUNNING };
	struct model_value obj, arg, index, key;
	int sp = f->sp, pc = f->pc, cell;
	size_t len;

	if (operand == NULL) {	/* not an object: the operation raises */
		if (exec_local(st, f, t, in, &exc))
			return true;
		model_thread_raises(st, t, &exc);
		return false;
	}
	obj = *operand;
	key = stack_of(f)[f->sp - (in->op == LANG_OP_DICT_GET ? 2 : 1)];
	index = stack_of(f)[f->sp - 1];
	arg = stack_of(f)[f->sp - 1];
	if (in->op == LANG_OP_ITEM_STORE)
		arg = stack_of(f)[f->sp - 3];
	cell = item_cell(st, f, t, in, &obj);
	if (info != NULL)
		info->target = model_object_name(st, &obj, info->name, sizeof(info->name));
	if (!exec_local(st, f, t, in, &exc)) {
		/* the frame stays where it raised: mark the state as raise_now
		 * does, or the explorer would take the end for the state before */
		state_threads(st)[t].pending.arg = 1;
		model_thread_raises(st, t, &exc);
		if (info != NULL) {
			info->op = LANG_OP_RAISE;	/* told as every raise is */
			info->value = model_value_make(MODEL_STR, model_strings_intern(
			    st->m->strings, exc.message, strcspn(exc.message, ":")));
			info->has_value = true;
		}
		return false;
	}
	if (obj.kind == MODEL_DICT)
		cell = dict_cell(st, &obj, in, &key);
	if (cell >= 0 && f->pc == pc + 1)
		item_access(st, t, &obj, cell, in->op == LANG_OP_ITEM_STORE, (int)in->loc.line);
	model_publish(st, &obj);
	if (info == NULL)
		return true;
	len = strlen(info->name);
	if ((in->op == LANG_OP_ITEM_LOAD || in->op == LANG_OP_ITEM_STORE) &&
	    !model_value_is_object(&index)) {
		char text[48];

		model_value_format(st->m->strings, &index, text, sizeof(text));
		snprintf(info->name + len, sizeof(info->name) - len, "[%s]", text);
	}
	/* what it wrote (an item, an argument), else what it pushed */
	if (in->op == LANG_OP_ITEM_STORE || in->op == LANG_OP_LIST_APPEND ||
	    in->op == LANG_OP_LIST_INSERT || in->op == LANG_OP_LIST_REMOVE) {
		info->value = model_state_freeze(st, &arg);
		info->has_value = true;
	} else if (f->sp >= sp - lang_heap_operand((enum lang_opcode)in->op) &&
	    f->pc == info->pc + 1) {
		info->value = model_state_freeze(st, &stack_of(f)[f->sp - 1]);
		info->has_value = true;
	}
	return true;
}

/* Piece `piece` of a print() (eval.h) joins the run's output so far,
 * which is part of the state (model_output). */
static bool
exec_print(struct model_state *st, struct model_frame *f, int t, const struct lang_insn *in,
    int piece, struct model_step_info *info)
{
	char line[MODEL_OUTPUT_ROOM];
	struct model_verdict exc;
	struct model_regs regs;
	struct model_world w;
	struct model_heap heap;

	line[0] = '\0';
	eval_setup(st, f, t, &regs, &w, &heap);
	w.output = line;
	w.output_size = sizeof(line);
	exc.kind = MODEL_RUNNING;
	if (!model_eval_print(&regs, in, &w, piece, &exc)) {
		model_thread_raises(st, t, &exc);	/* resolve_target checked it: not here */
		return false;
	}
	f->sp = regs.sp;
	model_output_add(st, line);
	if (info != NULL)	/* an atomic block may print more than once */
		snprintf(info->output + strlen(info->output),
		    sizeof(info->output) - strlen(info->output), "%s", line);
	return true;
}

static void
finish_thread(struct model_state *st, int t)
{
	struct model_thread *th = &state_threads(st)[t];

	th->status = MODEL_T_FINISHED;
	th->pending.op = LANG_OP_END;
	th->pending.target = -1;
	th->pending.func = -1;
}


/* The thread's next step raises at in (the frame is parked there). */
static void
pend_raise(struct model_thread *th, const struct lang_insn *in, int32_t func)
{
	th->pending.op = LANG_OP_RAISE;
	th->pending.method = -1;
	th->pending.target = -1;
	th->pending.line = (int32_t)in->loc.line;
	th->pending.func = func;
	th->pending.arg = 0;
}

/* Run local instructions up to the next visible action and publish it; or
 * up to a raise, which becomes the pending action unless a handler
 * catches it (then the run goes on there).  The one interpreter runs
 * what the frame computes alone in one call (model_eval_run); a heap
 * operation stops it, to be a step if its object is shared, else run
 * here as one more local instruction. */
static void
run_locals(struct model_state *st, struct model_frame *f, int t)
{
	struct model_thread *th = &state_threads(st)[t];
	struct model_verdict ahead;	/* what a raise would say: not the run's yet */
	struct model_regs regs;
	struct model_world w;
	struct model_heap heap;
	enum model_eval_stop stop;
	int budget = MODEL_LOCAL_BUDGET, ran;

	ahead.kind = MODEL_RUNNING;
	eval_setup(st, f, t, &regs, &w, &heap);
	for (;;) {
		const struct lang_insn *in;
		const struct model_value *obj;
		int target;

		stop = model_eval_run(&regs, &w, budget, &ran, &ahead);
		budget -= ran;
		eval_save(f, &regs);
		in = &code_of(st, f, t)->insns[f->pc];
		switch (stop) {
		case MODEL_EVAL_AT_STEP:
			break;
		case MODEL_EVAL_RAISED:
			if (catch_at(st, f, t, f->pc, ahead.message, ahead.line))
				goto caught;	/* a handler, maybe a caller's */
			pend_raise(th, in, f->func);
			return;
		case MODEL_EVAL_BUDGET:
			model_fail(st, MODEL_NO_PROGRESS, t, (int)in->loc.line,
			    "%s computes for %d instructions without a visible step "
			    "(an endless loop?)", st->m->prog->threads[t].name,
			    MODEL_LOCAL_BUDGET);
			return;
		}
		if (in->op == LANG_OP_END) {
			finish_thread(st, t);
			return;
		}
		/* a program without lists pays one test */
		if (st->m->heap_objs > 0 && (obj = shared_operand(st, f, t, in)) != NULL) {
			th->pending.op = in->op;
			/* a builtin's name, for the step's label */
			th->pending.method = in->op == LANG_OP_BUILTIN ? in->a : -1;
			th->pending.target = (int32_t)obj->i;
			th->pending.line = (int32_t)in->loc.line;
			th->pending.func = f->func;
			th->pending.arg = 0;
			return;
		}
		if (in->op == LANG_OP_ATOMIC_BEGIN || lang_op_is_visible(in->op)) {
			if (!resolve_target(st, f, t, in, &target, &ahead)) {
				if (catch_at(st, f, t, f->pc, ahead.message, ahead.line))
					goto caught;
				pend_raise(th, in, f->func);
				return;
			}
			th->pending.op = in->op;
			th->pending.method = in->op == LANG_OP_CALL ? in->b : -1;
			th->pending.target = target;
			th->pending.line = (int32_t)in->loc.line;
			th->pending.func = f->func;
			th->pending.arg = 0;
			if (in->op == LANG_OP_CALL && in->b == LANG_M_NOTIFY)
				th->pending.arg = notify_count(&stack_of(f)[f->sp - 1 -
				    ((in->flags & LANG_IF_INDEXED) ? 1 : 0)], LANG_MAX_THREADS);
			else if (in->flags & LANG_IF_TIMED)
				th->pending.arg = MODEL_TIMEOUT_MAY;
			return;
		}
		/* a heap operation on an object only this thread reaches */
		if (model_eval_local(&regs, in, &w, &ahead)) {
			budget--;
			continue;
		}
		if (!catch_at(st, f, t, f->pc, ahead.message, ahead.line)) {
			pend_raise(th, in, f->func);
			return;
		}
caught:
		/* the instruction that raised counts, as one that ran */
		budget--;
		ahead.kind = MODEL_RUNNING;	/* the next raise's own */
		eval_setup(st, f, t, &regs, &w, &heap);
	}
}

void
model_thread_enter(struct model_state *st, struct model_frame *frame, int t)
{
	struct model_thread *th = &state_threads(st)[t];

	model_frame_init(st->m, t, frame);
	th->entered = 1;
	run_locals(st, frame, t);
	model_finish_run(st, t);
}

bool
model_needs_enter(const struct model_state *st, int t)
{
	const struct model_thread *th = state_thread(st, t);

	return th->status == MODEL_T_ALIVE && !th->entered;
}

void
model_state_begin(struct model_state *st, struct model_frame **frames)
{
	const struct lang_program *prog = st->m->prog;
	size_t t;

	for (t = 0; t < st->m->nthreads; t++)
		if (prog->threads[t].starts_at_once)
			state_threads(st)[t].status = MODEL_T_ALIVE;
	for (t = 0; t < st->m->nthreads; t++)
		if (prog->threads[t].starts_at_once && frames != NULL && frames[t] != NULL)
			model_thread_enter(st, frames[t], (int)t);
	model_finish_run(st, -1);
}

static bool
exec_visible(struct model_state *st, struct model_frame **frames, int t, int choice,
    const struct lang_insn *in, struct model_step_info *info)
{
	struct model_frame *f = frames[t];
	struct model_value *values = state_values(st), v;
	struct model_thread *target;
	struct model_verdict exc;
	int e;

	if (st->m->heap_objs > 0 && lang_heap_operand((enum lang_opcode)in->op) >= 0)
		return exec_heap(st, f, t, in, info);
	exc.kind = MODEL_RUNNING;
	if (!resolve_target(st, f, t, in, &e, &exc)) {
		model_thread_raises(st, t, &exc);
		return false;
	}
	f->pc++;
	switch ((enum lang_opcode)in->op) {
	case LANG_OP_LOAD:
	case LANG_OP_LOAD_ELEM:
		if (in->op == LANG_OP_LOAD_ELEM)
			pop(f);
		model_hb_access(st, t, e, false, (int)in->loc.line);
		push(f, values[e]);
		if (info != NULL) {
			info->value = values[e];
			info->has_value = true;
		}
		return true;
	case LANG_OP_STORE:
	case LANG_OP_STORE_ELEM:
		if (in->op == LANG_OP_STORE_ELEM)
			pop(f);
		model_hb_access(st, t, e, true, (int)in->loc.line);
		values[e] = pop(f);
		model_publish(st, &values[e]);
		if (info != NULL) {
			info->value = values[e];
			info->has_value = true;
		}
		return true;
	case LANG_OP_CALL:
		if (!model_exec_call(st, f, t, e, choice, in, info))
			return false;
		if (info != NULL && (in->flags & LANG_IF_RESULT) && !info->has_value) {
			info->value = stack_of(f)[f->sp - 1];
			info->has_value = true;
		}
		return true;
	case LANG_OP_START:
		if (in->flags & LANG_IF_INDEXED)
			pop(f);
		target = &state_threads(st)[e];
		if (target->status != MODEL_T_NEW)
			return model_fail_at(st, t, in, "RuntimeError: threads can only be started once");
		target->status = MODEL_T_ALIVE;
		model_hb_start(st, t, e);
		if (frames[e] != NULL)
			model_thread_enter(st, frames[e], e);
		return true;
	case LANG_OP_JOIN:
		if (in->flags & LANG_IF_INDEXED)
			pop(f);
		if (in->flags & LANG_IF_TIMED)
			pop(f);
		if (e == t)
			return model_fail_at(st, t, in, "RuntimeError: cannot join current thread");
		if (state_thread(st, e)->status == MODEL_T_NEW)
			return model_fail_at(st, t, in, "RuntimeError: cannot join thread before "
			    "it is started");
		model_hb_join(st, t, e);
		return true;
	case LANG_OP_IS_ALIVE:
		/* CPython's is_alive() reads the thread's state while it runs on:
		 * racy, so a step, whose answer the schedule decides; it orders
		 * nothing (join() does) */
		if (in->flags & LANG_IF_INDEXED)
			pop(f);
		v = model_value_make(MODEL_BOOL, thread_running(state_thread(st, e)));
		push(f, v);
		if (info != NULL) {
			info->value = v;
			info->has_value = true;
		}
		return true;
	case LANG_OP_SLEEP:
		v = pop(f);
		if (info != NULL) {
			info->value = v;
			info->has_value = true;
		}
		return true;
	case LANG_OP_PRINT: {	/* in an atomic block: every piece in its one step */
		int k;

		for (k = 0; k < model_eval_print_pieces(in); k++)
			if (!exec_print(st, f, t, in, k, info))
				return false;
		return true;
	}
	case LANG_OP_ATOMIC_END:
		return true;
	LANG_CASES_LOCAL_OPS
	LANG_CASES_HEAP_OPS
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_END:
	case LANG_OP_RAISE:
	case LANG_OP_COUNT:
		break;
	}
	return model_fail_at(st, t, in, "internal error: not a visible instruction");
}

/* An atomic block, from ATOMIC_BEGIN to ATOMIC_END, as one step.
 *
 * A raise that depends on the frame alone (local code: a failing assert, a
 * division by zero; or an index out of range) ends the block where it
 * stands: the effects before it are the step, and the raise is the
 * thread's next step, as it is outside a block, so other threads may move
 * between the two.  That is what happens on real threads, where the
 * block's effects (an Event set, a lock released) let other threads run
 * on before the raise ends the run.  A primitive that raises (a release of
 * a lock not held) raises within the step: whether it would raise again
 * later depends on the other threads. */
static bool
exec_atomic(struct model_state *st, struct model_frame **frames, int t,
    struct model_step_info *info)
{
	struct model_frame *f = frames[t];
	const struct lang_code *code = code_of(st, f, t);	/* no calls inside */
	struct model_verdict ahead;	/* a raise put off to the next step */
	int budget;

	model_hb_atomic_begin(st, t);
	f->pc++;
	for (budget = 0; budget < MODEL_LOCAL_BUDGET; budget++) {
		const struct lang_insn *in = &code->insns[f->pc];
		int target;
		bool ok;

		if (in->op == LANG_OP_ATOMIC_END) {
			f->pc++;
			model_hb_atomic_end(st, t);
			return true;
		}
		if (st->m->heap_objs > 0 && shared_operand(st, f, t, in) != NULL) {
			/* a shared object's operation raises within the step, as a
			 * primitive does: whether it would raise later depends on the
			 * other threads */
			if (!exec_heap(st, f, t, in, NULL)) {
				model_hb_atomic_end(st, t);
				return false;
			}
			continue;
		}
		ahead.kind = MODEL_RUNNING;
		if (lang_op_is_visible(in->op) ?
		    !resolve_target(st, f, t, in, &target, &ahead) :
		    !exec_local(st, f, t, in, &ahead)) {
			/* the frame is parked at in: run_locals raises again there
			 * and makes the raise the pending step */
			model_hb_atomic_end(st, t);
			return true;
		}
		if (lang_op_is_visible(in->op)) {
			ok = exec_visible(st, frames, t, 0, in,
			    in->op == LANG_OP_PRINT ? info : NULL);
			if (!ok) {
				/* the thread died (a Python program goes on) */
				model_hb_atomic_end(st, t);
				return false;
			}
		}
	}
	model_fail(st, MODEL_NO_PROGRESS, t, (int)code->insns[f->pc].loc.line,
	    "an atomic block of %s runs for %d instructions",
	    st->m->prog->threads[t].name, MODEL_LOCAL_BUDGET);
	return false;
}

/* A print's next piece, a step of its own; the frame stays parked at the
 * print (the piece to write next is pending.arg) until the last piece,
 * and only then does the thread go on: *more says whether it stays. */
static bool
print_step(struct model_state *st, struct model_frame *f, int t, const struct lang_insn *in,
    struct model_step_info *info, bool *more)
{
	struct model_thread *th = &state_threads(st)[t];
	int piece = th->pending.arg;

	if (!exec_print(st, f, t, in, piece, info))
		return false;
	*more = piece + 1 < model_eval_print_pieces(in);
	if (*more)
		th->pending.arg = piece + 1;
	else
		f->pc++;
	return true;
}

/* Whether t's next step is an Event.wait() that finds the flag clear and
 * was not woken: it begins to wait. */
static bool
event_wait_blocks(const struct model_state *st, int t)
{
	const struct model_pending *pd = &state_thread(st, t)->pending;
	const struct model_prim *p;

	if (pd->op != LANG_OP_CALL || pd->method != LANG_M_EVENT_WAIT)
		return false;
	p = state_prim(st, pd->target);
	return p->flag == 0 && !tset_has(&p->notified, t);
}

/* Event.wait() with the flag clear: a step of its own, after which the
 * thread is inside wait() until a set() wakes it; only then is it among
 * the threads set() wakes, as in Python.  The frame stays parked at the
 * call, which run_locals publishes again as the pending action. */
static bool
begin_event_wait(struct model_state *st, int t, struct model_step_info *info)
{
	int p = state_thread(st, t)->pending.target;

	tset_add(&state_prims(st)[p].waiting, t);
	if (info != NULL)
		info->method = LANG_M_EVENT_BLOCK;
	return true;
}

/* The pending raise: the instruction the frame is parked at raises again,
 * now for real (thread_raises: the run's verdict, or in a Python program
 * the thread's death).  The step's value is the exception's name
 * ("AssertionError"), for the views. */
static bool
raise_now(struct model_state *st, struct model_frame *f, int t, const struct lang_insn *in,
    struct model_step_info *info)
{
	struct model_verdict exc;
	struct model_regs regs;
	struct model_world w;
	struct model_heap heap;
	int target, func, line;

	exc.kind = MODEL_RUNNING;
	if (lang_op_is_visible(in->op) ? resolve_target(st, f, t, in, &target, &exc) :
	    exec_local(st, f, t, in, &exc))
		return model_fail_at(st, t, in, "internal error: a raise that does not raise");
	/* the frame stays where it raised; a step always changes the state,
	 * or the explorer would take the run's end for the state before it */
	state_threads(st)[t].pending.arg = 1;
	model_thread_raises(st, t, &exc);
	eval_setup(st, f, t, &regs, &w, &heap);
	if (st->m->prog->python && model_eval_raise_origin(&regs, in, st->m->strings, &func,
	    &line))
		state_threads(st)[t].pending.func = func;	/* a re-raise: where it began */
	if (info != NULL) {
		info->value = model_value_make(MODEL_STR, model_strings_intern(st->m->strings,
		    exc.message, strcspn(exc.message, ":")));
		info->has_value = true;
	}
	return false;
}

void
model_step(struct model_state *st, struct model_frame **frames, int t, int choice,
    struct model_step_info *info)
{
	struct model_thread *th = &state_threads(st)[t];
	struct model_frame *f = frames[t];
	const struct lang_insn *in = &code_of(st, f, t)->insns[f->pc];
	int32_t pc = f->pc;
	bool ok, more = false, acts = th->pending.op != LANG_OP_END &&
	    th->pending.op != LANG_OP_RAISE;

	if (info != NULL) {
		memset(info, 0, sizeof(*info));
		info->thread = t;
		info->pc = f->pc;
		info->func = f->func;
		info->op = th->pending.op;
		info->method = th->pending.method;
		info->target = th->pending.target;
		info->line = th->pending.line;
	}
	st->steps++;
	model_hb_tick(st, t);
	if (th->pending.op == LANG_OP_END) {
		model_end_run(st);	/* the exit step (verdict.c) */
		ok = false;
	} else if (th->pending.op == LANG_OP_RAISE)
		ok = raise_now(st, f, t, in, info);
	else if (in->op == LANG_OP_ATOMIC_BEGIN)
		ok = exec_atomic(st, frames, t, info);
	else if (th->pending.arg == MODEL_TIMEOUT_MAY && model_times_out(st, t))
		ok = model_exec_timeout(st, f, t, in, info, &more);
	else if (event_wait_blocks(st, t))
		ok = begin_event_wait(st, t, info);
	else if (th->pending.op == LANG_OP_PRINT)
		ok = print_step(st, f, t, in, info, &more);
	else
		ok = exec_visible(st, frames, t, choice, in, info);
	if (!ok && acts)
		ok = revive(st, f, t, pc);	/* the step raised; a handler may catch it */
	if (ok && !more)
		run_locals(st, f, t);
	if (st->m->heap_objs > 0)
		model_state_collect(st, frames);
	model_finish_run(st, t);
#if LOCKSTEP_DEBUG
	model_check_consistency(st);
#endif
}
