/* stepper.h - what the step's parts share inside the model.
 *
 * A step is model_step (step.c): it performs the thread's pending visible
 * action and runs its local code up to the next one.  The visible actions
 * on primitives -- the methods of Lock, Condition, Queue ... -- are
 * methods.c's; both work on a thread's frame through the stack operations
 * here, and raise through model_thread_raises.
 */
#ifndef LOCKSTEP_MODEL_STEPPER_H
#define LOCKSTEP_MODEL_STEPPER_H

#include "model/internal.h"

static inline struct model_value *
stack_of(struct model_frame *f)
{
	return f->slots + f->base;
}

static inline void
push(struct model_frame *f, struct model_value v)
{
	stack_of(f)[f->sp++] = v;
}

static inline struct model_value
pop(struct model_frame *f)
{
	struct model_value *slot = &stack_of(f)[--f->sp], v = *slot;

	slot->kind = MODEL_UNSET;	/* keep frames canonical for hashing */
	slot->pad = 0;
	slot->i = 0;
	return v;
}

/* A method's result, pushed only where the program uses it: a call made
 * as a statement (`q.get()`) leaves nothing on the stack. */
static inline void
push_result(struct model_frame *f, const struct lang_insn *in, struct model_value v)
{
	if (in->flags & LANG_IF_RESULT)
		push(f, v);
}

/* How many waiters notify would wake, given the argument on the stack. */
static inline int
notify_count(const struct model_value *arg, int nwaiting)
{
	int64_t n = arg->kind == MODEL_INT || arg->kind == MODEL_BOOL ? arg->i : 1;

	if (n < 0)
		n = 0;
	return n > nwaiting ? nwaiting : (int)n;
}

/* Thread t raises exc: in a Python program it ends the thread alone, else
 * the run (step.c). */
void model_thread_raises(struct model_state *st, int t, const struct model_verdict *exc);
/* A runtime error at in, raised by thread t; returns false. */
bool model_fail_at(struct model_state *st, int t, const struct lang_insn *in, const char *msg);
/* Whatever v reaches can now be reached by other threads (the heap). */
void model_publish(struct model_state *st, const struct model_value *v);
/* Thread t's call of primitive p's method at in, as one step (methods.c). */
bool model_exec_call(struct model_state *st, struct model_frame *f, int t, int p, int choice,
    const struct lang_insn *in, struct model_step_info *info);
/* Thread t's timed call or join at in gives up, as one step (methods.c);
 * *more if the frame stays at in (a Condition waiter still reacquires). */
bool model_exec_timeout(struct model_state *st, struct model_frame *f, int t,
    const struct lang_insn *in, struct model_step_info *info, bool *more);

#endif
