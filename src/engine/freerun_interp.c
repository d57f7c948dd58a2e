/* freerun_interp.c - free-run's scenario threads: step programs
 * interpreted on real threads, with no baton.
 *
 * Local instructions are run by the model's one interpreter (model/eval.c,
 * the same Python semantics and messages); only the visible actions differ.  A
 * LOAD or STORE is one relaxed atomic access of the shared element's word,
 * a CALL operates a real primitive (freerun_prims.c), sleep(ms) sleeps,
 * and an atomic: block runs under one run-wide mutex.  Each visible action,
 * once done, takes the next number of the run's global sequence and
 * appends it to its thread's log: merging the logs by number gives the
 * order in which the actions really happened, a schedule the controlled
 * engine can replay.  Primitives take the number inside their critical
 * section, so that for each primitive the numbers follow its real order.
 *
 * Values.  A shared element is one _Atomic uint64_t: 3 tag bits and a
 * payload -- an integer of 61 bits, a bool, a string id, None (or, with a
 * payload, an exception: 1 + its text's id), or the index
 * of a boxed integer (one too wide for 61 bits) in the run's table of them.
 * A load or a store is a single relaxed atomic access, so two threads'
 * `counter += 1` can lose an update while no access is a data race in C's
 * sense.  String texts and boxed integers live in tables that grow while
 * the threads run; they are read and written only under values_lock (the
 * string table's own lock callbacks take it, see freerun.c).  A
 * thread that learns an id or a box from a relaxed load and then takes
 * values_lock is ordered after the interning or boxing that made it,
 * because the thread that made it released values_lock before it stored
 * the word (a lock's acquisitions are totally ordered, and a load cannot
 * read a store that happens after it).
 *
 * A thread's life: created at the start of a run (the threads that start at
 * once, which wait at the start gate) or by start(); run; then, finished,
 * stopped or (a Python program's) dead of an uncaught exception, park until
 * the run stops, still holding whatever locks it held, as a real thread
 * that ends holding a lock leaves it held; finally give every lock back and return, so the
 * runner can join it and destroy the primitives unlocked.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/freerun_internal.h"
#include "model/eval.h"
#include "lang/limits.h"
#include "util/xalloc.h"

enum { TAG_INT, TAG_BOOL, TAG_STR, TAG_NONE, TAG_BIG, TAG_LIST, TAG_TUPLE, TAG_DICT };
#define TAG_BITS 3
#define TAG_MASK ((uint64_t)7)
#define INLINE_MIN (-((int64_t)1 << 60))
#define INLINE_MAX (((int64_t)1 << 60) - 1)
/* sleep(ms) is cut to a day. */
#define MAX_SLEEP_MS (24 * 3600 * 1000)

uint64_t
freerun_encode(struct freerun_run *r, const struct model_value *v)
{
	size_t box;

	switch (v->kind) {
	case MODEL_INT:
		if (v->i >= INLINE_MIN && v->i <= INLINE_MAX)
			return (uint64_t)v->i << TAG_BITS | TAG_INT;
		pthread_mutex_lock(&r->values_lock);
		r->big = xgrow(r->big, &r->bigcap, r->nbig + 1, sizeof(*r->big));
		box = r->nbig++;
		r->big[box] = v->i;
		pthread_mutex_unlock(&r->values_lock);
		return (uint64_t)box << TAG_BITS | TAG_BIG;
	case MODEL_BOOL:
		return (uint64_t)(v->i != 0) << TAG_BITS | TAG_BOOL;
	case MODEL_STR:
		return (uint64_t)v->i << TAG_BITS | TAG_STR;
	case MODEL_LIST:
		return (uint64_t)v->i << TAG_BITS | TAG_LIST;
	case MODEL_TUPLE:
		return (uint64_t)v->i << TAG_BITS | TAG_TUPLE;
	case MODEL_DICT:
		return (uint64_t)v->i << TAG_BITS | TAG_DICT;
	case MODEL_EXC:		/* None's tag with a payload: 1 + its text's id */
		return (uint64_t)(v->i + 1) << TAG_BITS | TAG_NONE;
	default:
		return TAG_NONE;
	}
}

struct model_value
freerun_decode(struct freerun_run *r, uint64_t word)
{
	struct model_value v = { MODEL_NONE, 0, 0 };
	int64_t scaled;

	switch (word & TAG_MASK) {
	case TAG_INT:
		memcpy(&scaled, &word, sizeof(scaled));
		v.kind = MODEL_INT;
		v.i = scaled / ((int64_t)1 << TAG_BITS);	/* exact: the tag bits are 0 */
		break;
	case TAG_BOOL:
		v.kind = MODEL_BOOL;
		v.i = (int64_t)(word >> TAG_BITS);
		break;
	case TAG_STR:
		v.kind = MODEL_STR;
		v.i = (int64_t)(word >> TAG_BITS);
		break;
	case TAG_LIST:
	case TAG_TUPLE:
	case TAG_DICT:
		v.kind = (word & TAG_MASK) == TAG_LIST ? MODEL_LIST :
		    (word & TAG_MASK) == TAG_TUPLE ? MODEL_TUPLE : MODEL_DICT;
		v.i = (int64_t)(word >> TAG_BITS);
		break;
	case TAG_NONE:
		if (word >> TAG_BITS != 0) {
			v.kind = MODEL_EXC;
			v.i = (int64_t)(word >> TAG_BITS) - 1;
		}
		break;
	case TAG_BIG:
		v.kind = MODEL_INT;
		pthread_mutex_lock(&r->values_lock);
		v.i = r->big[word >> TAG_BITS];
		pthread_mutex_unlock(&r->values_lock);
		break;
	default:
		break;
	}
	return v;
}

/* ---- what every action needs ---- */

void
freerun_take_step(struct freerun_thread *th)
{
	uint32_t seq;

	if (th->in_atomic)
		return;
	seq = atomic_fetch_add_explicit(&th->run->seq, 1, memory_order_relaxed);
	th->log = xgrow(th->log, &th->logcap, th->nlog + 1, sizeof(*th->log));
	th->log[th->nlog++] = seq;
}

/* The number of th's last step: the one a raise it claims now made. */
static uint32_t
last_step(const struct freerun_thread *th)
{
	return th->nlog > 0 ? th->log[th->nlog - 1] : FREERUN_NO_STEP;
}

void
freerun_raise(struct freerun_thread *th, const struct model_verdict *exc)
{
	struct model_verdict noted = *exc;

	model_verdict_note_limits(&noted);
	if (th->run->prog->python)
		th->raised = *exc;
	else if (th->run->prog->handlers)
		th->raised = noted;	/* claimed if uncaught (settle_raise) */
	else if (th->in_atomic)
		th->atomic_raise = noted;	/* claimed with the block's step */
	else
		freerun_claim_raise(th->run, last_step(th), &noted);
}

enum freerun_action
freerun_fail(struct freerun_thread *th, int line, const char *fmt, ...)
{
	struct model_verdict exc = { .kind = MODEL_RUNTIME_ERROR, .thread = th->index,
	    .line = line, .expect = -1 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(exc.message, sizeof(exc.message), fmt, ap);
	va_end(ap);
	freerun_raise(th, &exc);
	return FREERUN_FAILED;
}

bool
freerun_wait_is_visible(int op, int method)
{
	return op == LANG_OP_JOIN || method == LANG_M_ACQUIRE ||
	    method == LANG_M_ACQUIRE_READ || method == LANG_M_ACQUIRE_WRITE;
}

static void
set_activity(struct freerun_thread *th, enum freerun_activity activity)
{
	pthread_mutex_lock(&th->run->graph_lock);
	atomic_store_explicit(&th->activity, activity, memory_order_release);
	pthread_mutex_unlock(&th->run->graph_lock);
}

void
freerun_set_blocked(struct freerun_thread *th, int op, int method, int target)
{
	pthread_mutex_lock(&th->run->graph_lock);
	atomic_store_explicit(&th->wait_op, op, memory_order_relaxed);
	atomic_store_explicit(&th->wait_method, method, memory_order_relaxed);
	atomic_store_explicit(&th->wait_target, target, memory_order_relaxed);
	atomic_store_explicit(&th->activity, FREERUN_BLOCKED, memory_order_release);
	pthread_mutex_unlock(&th->run->graph_lock);
	if (freerun_wait_is_visible(op, method))
		freerun_check_deadlock(th->run);
}

void
freerun_set_running(struct freerun_thread *th)
{
	set_activity(th, FREERUN_RUNNING);
}

void
freerun_timeout_begin(struct freerun_thread *th, struct freerun_timeout *to, int64_t ms)
{
	freerun_deadline(&to->at, ms <= 0 ? 0 : ms > MAX_SLEEP_MS ? MAX_SLEEP_MS : (long)ms);
	set_activity(th, FREERUN_SLEEPING);
}

/* A thread's status changes under the run's lock and its graph_lock. */
static void
set_status(struct freerun_thread *th, enum freerun_status status)
{
	pthread_mutex_lock(&th->run->graph_lock);
	atomic_store_explicit(&th->status, status, memory_order_relaxed);
	pthread_mutex_unlock(&th->run->graph_lock);
}

/* ---- the interpreter ---- */

struct interp {
	struct freerun_thread *th;
	struct freerun_run *r;
	struct model_regs regs;		/* regs.func says whose code runs */
	struct model_world world;	/* what local instructions see (eval.h) */
	struct model_verdict late;	/* a raise in an atomic block, claimed
					 * as a step of its own after it */
	bool raise_is_step;		/* the last raise is a step of its own
					 * if nothing catches it, as in the model */
};

static void
push(struct interp *it, struct model_value v)
{
	model_regs_push(&it->regs, v);
}

static struct model_value
pop(struct interp *it)
{
	return model_regs_pop(&it->regs);
}

/* A raise the shared interpreter reported, claimed as the run's verdict;
 * in an atomic block, once the block is over (exec_atomic). */
static enum freerun_action
raised(struct interp *it, const struct model_verdict *v)
{
	if (it->th->in_atomic)
		it->late = *v;
	else
		freerun_raise(it->th, v);
	return FREERUN_FAILED;
}

static enum freerun_action
fail_at(struct interp *it, const struct lang_insn *in, const char *msg)
{
	return freerun_fail(it->th, (int)in->loc.line, "%s", msg);
}

/* The index on top of the stack, popped and checked against length. */
static enum freerun_action
pop_index(struct interp *it, const struct lang_insn *in, int length, const char *what,
    int *out)
{
	struct model_value v = pop(it);
	struct model_verdict raise = { .kind = MODEL_RUNNING };

	if (!model_eval_index(&v, length, what, model_index_use(it->r->prog, in),
	    it->th->index, (int)in->loc.line, out, &raise))
		return raised(it, &raise);
	return FREERUN_DONE;
}

/* One local instruction, by the one interpreter (model/eval.c). */
static enum freerun_action
exec_local(struct interp *it, const struct lang_insn *in)
{
	struct model_verdict raise = { .kind = MODEL_RUNNING };

	if (!model_eval_local(&it->regs, in, &it->world, &raise))
		return raised(it, &raise);
	return FREERUN_DONE;
}

/* An operation on a shared list or tuple: one step, atomic under the heap
 * lock, numbered inside it (so the numbers follow the real order), as the
 * model counts it; what it stores becomes shared.  Objects only this
 * thread has made and holds are local computation, as in the model. */
static enum freerun_action
exec_heap(struct interp *it, const struct lang_insn *in, bool *step)
{
	struct model_heap *h = &it->r->heap;
	const struct model_value *obj;
	struct model_value o;
	enum freerun_action res;

	*step = false;
	pthread_mutex_lock(&it->r->heap_lock);
	obj = model_eval_heap_operand(&it->regs, in);
	if (obj == NULL || obj->kind == MODEL_TUPLE || !model_heap_is_shared(h, obj)) {
		pthread_mutex_unlock(&it->r->heap_lock);
		return exec_local(it, in);
	}
	*step = true;
	o = *obj;
	res = exec_local(it, in);
	if (res == FREERUN_DONE) {
		model_heap_publish(h, &o);
		freerun_take_step(it->th);
	}
	pthread_mutex_unlock(&it->r->heap_lock);
	return res;
}

/* A value stored where every thread sees it: what it reaches is shared. */
static void
publish(struct interp *it, const struct model_value *v)
{
	if (!model_value_is_object(v))
		return;
	pthread_mutex_lock(&it->r->heap_lock);
	model_heap_publish(&it->r->heap, v);
	pthread_mutex_unlock(&it->r->heap_lock);
}

/* LOAD_CONST: no thread writes a constant, so its word keeps the declared
 * value. */
static struct model_value
load_const(void *arg, int element)
{
	struct freerun_run *r = arg;

	return freerun_decode(r, atomic_load_explicit(&r->values[element],
	    memory_order_relaxed));
}

/* Wait on the run's condition variable until pred or the run stops (or,
 * with a deadline, until then); true if pred. */
static bool
wait_on_run(struct freerun_run *r, bool (*pred)(void *), void *arg,
    const struct timespec *deadline)
{
	bool yes;

	pthread_mutex_lock(&r->lock);
	while (!(yes = pred(arg)) && !freerun_stopping(r)) {
		if (deadline == NULL)
			pthread_cond_wait(&r->changed, &r->lock);
		else if (pthread_cond_timedwait(&r->changed, &r->lock, deadline) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&r->lock);
	return yes;
}

static bool
never(void *arg)
{
	return false;
}

static bool
has_ended(void *arg)
{
	struct freerun_thread *th = arg;

	return atomic_load_explicit(&th->status, memory_order_relaxed) != FREERUN_T_ALIVE;
}

static enum freerun_action
start_thread(struct interp *it, const struct lang_insn *in, int e)
{
	struct freerun_run *r = it->r;
	struct freerun_thread *target = &r->threads[e];

	pthread_mutex_lock(&r->lock);
	if (atomic_load_explicit(&target->status, memory_order_relaxed) != FREERUN_T_NEW) {
		pthread_mutex_unlock(&r->lock);
		freerun_take_step(it->th);
		return fail_at(it, in, "RuntimeError: threads can only be started once");
	}
	if (freerun_stopping(r)) {	/* no thread is made once the run stops */
		pthread_mutex_unlock(&r->lock);
		return FREERUN_STOPPED;
	}
	set_status(target, FREERUN_T_ALIVE);
	if (!target->daemon)
		r->alive++;
	/* the start is a step before any of the new thread's: taken before
	 * the thread exists, or its first step could come first in the
	 * captured schedule, which then does not replay */
	freerun_take_step(it->th);
	if (!freerun_create_thread(r, e)) {
		set_status(target, FREERUN_T_NEW);
		if (!target->daemon)
			r->alive--;
		pthread_mutex_unlock(&r->lock);
		return FREERUN_STOPPED;
	}
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	return FREERUN_DONE;
}

static enum freerun_action
join_thread(struct interp *it, const struct lang_insn *in, int e,
    const struct freerun_timeout *to)
{
	struct freerun_thread *target = &it->r->threads[e];

	if (e == it->th->index) {
		freerun_take_step(it->th);
		return fail_at(it, in, "RuntimeError: cannot join current thread");
	}
	if (atomic_load_explicit(&target->status, memory_order_relaxed) == FREERUN_T_NEW) {
		freerun_take_step(it->th);
		return fail_at(it, in, "RuntimeError: cannot join thread before it is "
		    "started");
	}
	if (to == NULL)
		freerun_set_blocked(it->th, LANG_OP_JOIN, -1, e);
	if ((!wait_on_run(it->r, has_ended, target, to != NULL ? &to->at : NULL) &&
	    to == NULL) || freerun_stopping(it->r))
		return FREERUN_STOPPED;
	freerun_set_running(it->th);
	freerun_take_step(it->th);
	return FREERUN_DONE;
}

static enum freerun_action
sleep_for(struct interp *it, const struct model_value *v)
{
	int64_t ms = v->kind == MODEL_INT || v->kind == MODEL_BOOL ? v->i : 0;
	struct timespec deadline;

	if (ms <= 0) {
		sched_yield();
	} else {
		set_activity(it->th, FREERUN_SLEEPING);
		freerun_deadline(&deadline, ms > MAX_SLEEP_MS ? MAX_SLEEP_MS : (long)ms);
		wait_on_run(it->r, never, NULL, &deadline);
		freerun_set_running(it->th);
		if (freerun_stopping(it->r))
			return FREERUN_STOPPED;
	}
	freerun_take_step(it->th);
	return FREERUN_DONE;
}

/* print(): each piece (eval.h) joins the run's output, and takes its
 * step, under output_lock, so the pieces come out in the order of the
 * steps; other threads write between two pieces as they really do. */
static enum freerun_action
print_line(struct interp *it, const struct lang_insn *in)
{
	struct freerun_run *r = it->r;
	struct model_world w = it->world;
	struct model_verdict exc;
	char piece[MODEL_OUTPUT_ROOM];
	int k;

	w.output = piece;
	w.output_size = sizeof(piece);
	exc.kind = MODEL_RUNNING;
	for (k = 0; k < model_eval_print_pieces(in); k++) {
		if (k > 0 && freerun_stopping(r))
			return FREERUN_STOPPED;
		piece[0] = '\0';
		if (!model_eval_print(&it->regs, in, &w, k, &exc)) {
			it->raise_is_step = true;
			return raised(it, &exc);
		}
		pthread_mutex_lock(&r->output_lock);
		r->output_len = model_output_append(r->output, r->output_len, piece);
		freerun_take_step(it->th);
		pthread_mutex_unlock(&r->output_lock);
	}
	return FREERUN_DONE;
}

/* The element of a shared array, primitive array or thread group that an
 * instruction names (its index popped), or 0 if it names no array. */
static enum freerun_action
pop_operand_index(struct interp *it, const struct lang_insn *in, int *k)
{
	const struct lang_program *prog = it->r->prog;

	*k = 0;
	if (in->op != LANG_OP_LOAD_ELEM && in->op != LANG_OP_STORE_ELEM &&
	    !(in->flags & LANG_IF_INDEXED))
		return FREERUN_DONE;
	if (in->op == LANG_OP_START || in->op == LANG_OP_JOIN || in->op == LANG_OP_IS_ALIVE)
		return pop_index(it, in, prog->groups[in->a].count, prog->groups[in->a].name, k);
	return pop_index(it, in, prog->shared[in->a].length, prog->shared[in->a].name, k);
}

static enum freerun_action
exec_visible(struct interp *it, const struct lang_insn *in)
{
	struct freerun_run *r = it->r;
	struct model_value v, arg = model_value_make(MODEL_NONE, 0);
	struct freerun_timeout timeout, *to = NULL;
	enum freerun_action res;
	int k, e;

	it->regs.pc++;
	if ((res = pop_operand_index(it, in, &k)) != FREERUN_DONE) {
		it->raise_is_step = true;
		return res;
	}
	if (in->flags & LANG_IF_TIMED) {
		v = pop(it);
		freerun_timeout_begin(it->th, &timeout,
		    v.kind == MODEL_INT || v.kind == MODEL_BOOL ? v.i : 0);
		to = &timeout;
	}
	switch ((enum lang_opcode)in->op) {
	case LANG_OP_LOAD:
	case LANG_OP_LOAD_ELEM:
		e = model_element_of(r->m, in->a, k);
		v = freerun_decode(r, atomic_load_explicit(&r->values[e], memory_order_relaxed));
		freerun_take_step(it->th);
		push(it, v);
		return FREERUN_DONE;
	case LANG_OP_STORE:
	case LANG_OP_STORE_ELEM:
		e = model_element_of(r->m, in->a, k);
		v = pop(it);
		publish(it, &v);
		atomic_store_explicit(&r->values[e], freerun_encode(r, &v), memory_order_relaxed);
		freerun_take_step(it->th);
		return FREERUN_DONE;
	case LANG_OP_CALL:
		if (in->argc > 0) {
			arg = pop(it);
			publish(it, &arg);
		}
		res = freerun_prim_call(it->th, model_prim_of(r->m, in->a, k), in->b, &arg,
		    &v, (int)in->loc.line, to);
		if (to != NULL)
			freerun_set_running(it->th);
		if (res == FREERUN_DONE && (in->flags & LANG_IF_RESULT))
			push(it, v);
		return res;
	case LANG_OP_START:
		return start_thread(it, in, r->prog->groups[in->a].first_thread + k);
	case LANG_OP_JOIN:
		res = join_thread(it, in, r->prog->groups[in->a].first_thread + k, to);
		if (to != NULL)
			freerun_set_running(it->th);
		return res;
	case LANG_OP_IS_ALIVE:
		/* racy, as CPython's: the thread goes on while it is asked */
		e = r->prog->groups[in->a].first_thread + k;
		v = model_value_make(MODEL_BOOL, !has_ended(&r->threads[e]) &&
		    atomic_load_explicit(&r->threads[e].status, memory_order_relaxed) !=
		    FREERUN_T_NEW);
		freerun_take_step(it->th);
		push(it, v);
		return FREERUN_DONE;
	case LANG_OP_SLEEP:
		v = pop(it);
		return sleep_for(it, &v);
	case LANG_OP_PRINT:
		return print_line(it, in);
	LANG_CASES_LOCAL_OPS
	LANG_CASES_HEAP_OPS	/* local: atomic under the heap's own lock */
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_END:
	case LANG_OP_ATOMIC_END:
	case LANG_OP_RAISE:
	case LANG_OP_COUNT:
		break;
	}
	return fail_at(it, in, "internal error: not a visible instruction");
}

/* An atomic block, from ATOMIC_BEGIN to ATOMIC_END, under atomic_lock: one
 * step, taken even when the block raised (the model counts it too).  A
 * raise of local code or of an index ends the block, and is claimed as a
 * step of its own after it, as the model has it (model/step.c); a
 * primitive's raise is the block's step, claimed once it has its number. */
static enum freerun_action
exec_atomic(struct interp *it)
{
	struct freerun_run *r = it->r;
	enum freerun_action res = FREERUN_DONE;
	int budget;

	const struct lang_code *code = model_regs_code(r->prog, &it->regs);	/* no calls inside */

	it->late.kind = MODEL_RUNNING;
	it->th->atomic_raise.kind = MODEL_RUNNING;
	pthread_mutex_lock(&r->atomic_lock);
	it->th->in_atomic = true;
	it->regs.pc++;
	for (budget = 0; budget < MODEL_LOCAL_BUDGET; budget++) {
		const struct lang_insn *in = &code->insns[it->regs.pc];

		if (in->op == LANG_OP_ATOMIC_END) {
			it->regs.pc++;
			break;
		}
		if (lang_op_is_visible(in->op)) {
			res = exec_visible(it, in);
		} else if (lang_heap_operand((enum lang_opcode)in->op) >= 0) {
			bool step;

			res = exec_heap(it, in, &step);
		} else {
			res = exec_local(it, in);
		}
		if (res != FREERUN_DONE)
			break;
	}
	if (budget == MODEL_LOCAL_BUDGET) {
		freerun_claim(r, MODEL_NO_PROGRESS, it->th->index,
		    (int)code->insns[it->regs.pc].loc.line, "an atomic block of %s runs "
		    "for %d instructions", r->prog->threads[it->th->index].name,
		    MODEL_LOCAL_BUDGET);
		res = FREERUN_FAILED;
	}
	it->th->in_atomic = false;
	if (res != FREERUN_STOPPED)
		freerun_take_step(it->th);
	if (it->th->atomic_raise.kind != MODEL_RUNNING) {
		freerun_claim_raise(r, last_step(it->th), &it->th->atomic_raise);
		it->th->atomic_raise.kind = MODEL_RUNNING;
	}
	pthread_mutex_unlock(&r->atomic_lock);
	if (it->late.kind != MODEL_RUNNING) {
		freerun_take_step(it->th);
		freerun_raise(it->th, &it->late);
	}
	return res;
}

/* The raise the instruction at pc just made (th->raised), if a handler
 * catches it (model/unwind.c): the thread goes on at the handler. */
static bool
catch_raise(struct interp *it, int32_t pc)
{
	struct freerun_thread *th = it->th;
	bool caught;

	caught = th->run->prog->handlers && th->raised.kind != MODEL_RUNNING &&
	    model_eval_catch(&it->regs, &it->world, pc, th->raised.message, th->raised.line);
	if (caught)
		th->raised.kind = MODEL_RUNNING;
	return caught;
}

/* Run th's program to its end, a raise, or the run's stop. */
static enum freerun_action
interpret(struct freerun_thread *th)
{
	struct freerun_run *r = th->run;
	const struct lang_program *prog = r->prog;
	/* the thread's values, calls and all, on its own stack (eval.h) */
	struct model_value slots[LANG_MAX_FRAME_SLOTS];
	struct model_call calls[LANG_MAX_CALL_DEPTH];
	struct interp it;
	enum freerun_action res;
	int budget = 0, i;

	it.th = th;
	it.r = r;
	memset(&it.regs, 0, sizeof(it.regs));
	memset(calls, 0, sizeof(calls));
	for (i = 0; i < LANG_MAX_FRAME_SLOTS; i++)
		slots[i] = model_value_make(MODEL_UNSET, 0);
	it.regs.group = prog->threads[th->index].group;
	it.regs.func = -1;
	it.regs.slots = slots;
	it.regs.nslots = LANG_MAX_FRAME_SLOTS;
	it.regs.calls = calls;
	it.regs.ncalls = LANG_MAX_CALL_DEPTH;
	it.regs.stack = slots;
	it.regs.locals = slots + prog->groups[it.regs.group].code.max_stack;
	it.world.m = r->m;
	it.world.strings = r->strings;
	it.world.thread = th->index;
	it.world.load_const = load_const;
	it.world.arg = r;
	it.world.output = NULL;	/* print_line gives its own */
	it.world.output_size = 0;
	it.world.heap = &r->heap;
	it.raise_is_step = false;
	for (;;) {
		const struct lang_insn *in = &model_regs_code(prog, &it.regs)->insns[it.regs.pc];
		int32_t pc = it.regs.pc;

		it.raise_is_step = false;

		if (in->op == LANG_OP_END)
			return FREERUN_DONE;
		if (in->op == LANG_OP_ATOMIC_BEGIN || lang_op_is_visible(in->op)) {
			if (freerun_stopping(r))
				return FREERUN_STOPPED;
			if (atomic_load_explicit(&r->seq, memory_order_relaxed) >=
			    (uint32_t)r->max_steps) {
				if (freerun_claim(r, MODEL_NO_PROGRESS, -1, 0, "the step "
				    "limit (%d steps) was reached with threads still running",
				    r->max_steps))
					r->limit = FREERUN_STEP_LIMIT;
				return FREERUN_FAILED;
			}
			res = in->op == LANG_OP_ATOMIC_BEGIN ? exec_atomic(&it) :
			    exec_visible(&it, in);
			budget = 0;
		} else if (budget == MODEL_LOCAL_BUDGET) {
			freerun_claim(r, MODEL_NO_PROGRESS, th->index, (int)in->loc.line,
			    "%s computes for %d instructions without a visible step "
			    "(an endless loop?)", prog->threads[th->index].name,
			    MODEL_LOCAL_BUDGET);
			return FREERUN_FAILED;
		} else if (lang_heap_operand((enum lang_opcode)in->op) >= 0) {
			bool step;

			if (freerun_stopping(r))
				return FREERUN_STOPPED;
			res = exec_heap(&it, in, &step);
			budget = step ? 0 : budget + 1;
			/* a shared object's operation is a step, raise or not */
			if (res == FREERUN_FAILED && step)
				freerun_take_step(th);
			else
				it.raise_is_step = true;
		} else {
			res = exec_local(&it, in);
			budget++;
			it.raise_is_step = true;
		}
		if (res == FREERUN_FAILED && catch_raise(&it, pc))
			continue;	/* a handler caught it: local work */
		/* an uncaught local raise is a step of its own, as in the
		 * model: the schedule captured from this run replays it */
		if (res == FREERUN_FAILED && it.raise_is_step)
			freerun_take_step(th);
		if (res != FREERUN_DONE)
			return res;
	}
}

/* ---- a thread's life ---- */

/* The start gate: threads that start at once spin until the last of them
 * arrives and opens it, so that they really begin together (the spin turns
 * into yielding if the others are slow to come); the others were created
 * by start() and go at once. */
static bool
wait_for_start(struct freerun_thread *th)
{
	struct freerun_run *r = th->run;
	unsigned spins;

	if (!r->prog->threads[th->index].starts_at_once)
		return !freerun_stopping(r);
	if (atomic_fetch_add_explicit(&r->ready, 1, memory_order_acq_rel) + 1 == r->at_once)
		atomic_store_explicit(&r->go, true, memory_order_release);
	for (spins = 0; !atomic_load_explicit(&r->go, memory_order_acquire); spins++)
		if (freerun_stopping(r))
			return false;
		else if (spins > 2000)
			sched_yield();
	return !freerun_stopping(r);
}

/* Finished (or stopped): tell joiners and the runner, then wait for the
 * run to stop. */
static void
park(struct freerun_thread *th)
{
	struct freerun_run *r = th->run;
	bool finished = false;

	pthread_mutex_lock(&r->lock);
	if (atomic_load_explicit(&th->status, memory_order_relaxed) == FREERUN_T_ALIVE) {
		set_status(th, FREERUN_T_FINISHED);
		if (!th->daemon && --r->alive == 0)
			pthread_cond_signal(&r->event);
		pthread_cond_broadcast(&r->changed);
		finished = true;
	}
	pthread_mutex_unlock(&r->lock);
	if (finished)
		freerun_check_deadlock(r);	/* the others may all wait for it */
	freerun_wait_for_stop(r);
}

/* In a .race file an exception no handler caught is the run's verdict,
 * claimed once the handlers had their chance (catch_raise). */
static void
settle_raise(struct freerun_thread *th)
{
	if (th->run->prog->python || th->raised.kind == MODEL_RUNNING)
		return;
	freerun_claim_raise(th->run, last_step(th), &th->raised);
	th->raised.kind = MODEL_RUNNING;
}

void *
freerun_thread_main(void *arg)
{
	struct freerun_thread *th = arg;

	if (wait_for_start(th))
		interpret(th);
	settle_raise(th);
	freerun_set_running(th);
	park(th);
	freerun_prims_release_all(th);
	return NULL;
}
