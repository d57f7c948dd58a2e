/* unwind.c - catching an exception: the handler rows and the call stack.
 *
 * lang/program.h ("Exceptions") tells the rows.  A raise at pc of the
 * running code looks for the first row covering pc; failing that, for the
 * caller's row covering its CALL_FUNCTION, and so on down to the thread's
 * own code.  The search reads the frame only, so it is made first and the
 * frame changed only when some row catches: then each call above the
 * handler's is unwound as RETURN unwinds it (its area cleared, so the
 * frame stays canonical), the stack cut to the row's depth, the exception
 * pushed, and the handler is where the thread goes on.  Only a Python
 * program's exceptions are caught: a text lang_exc_of_text does not know
 * (an internal error) never is, and a .race scenario has no handlers.
 * The model (step.c) and free-run (engine/freerun_interp.c) both catch
 * here.
 */
#include "config.h"

#include <string.h>

#include "lang/exceptions.h"
#include "model/eval.h"
#include "model/internal.h"

static const struct lang_handler *
row_at(const struct lang_code *code, int32_t pc)
{
	size_t i;

	for (i = 0; i < code->nhandlers; i++)
		if (pc >= code->handlers[i].start && pc < code->handlers[i].end)
			return &code->handlers[i];
	return NULL;
}

bool
model_eval_raise_origin(const struct model_regs *r, const struct lang_insn *in, int *func,
    int *line)
{
	const struct model_value *top = r->sp > 0 ? &r->stack[r->sp - 1] : NULL;

	if (in->op != LANG_OP_THROW || top == NULL || top->kind != MODEL_EXC || top->pad == 0)
		return false;
	model_exc_where(top->pad, func, line);
	return true;
}

/* Clear n values from at: a frame keeps what it no longer holds UNSET. */
static void
clear(struct model_value *at, int n)
{
	int k;

	for (k = 0; k < n; k++)
		at[k] = model_value_make(MODEL_UNSET, 0);
}

bool
model_eval_catch(struct model_regs *r, const struct model_world *w, int32_t pc,
    const char *text, int line)
{
	const struct lang_program *prog = w->m->prog;
	const struct lang_code *code = model_regs_code(prog, r);
	const struct lang_handler *row;
	const struct lang_insn *in = &code->insns[pc];
	struct model_value exc;
	int level, func, at_line;

	if (!prog->handlers || lang_exc_of_text(&prog->own_exceptions, text) < 0)
		return false;
	/* the exception: a re-raised one as it was, else made from its text */
	if (in->op == LANG_OP_THROW && r->sp > 0 && r->stack[r->sp - 1].kind == MODEL_EXC) {
		exc = r->stack[r->sp - 1];
	} else {
		exc = model_value_make(MODEL_EXC, model_strings_intern(w->strings, text,
		    strlen(text)));
	}
	if (exc.pad == 0)
		exc.pad = model_exc_origin(r->func, line);
	if (model_eval_raise_origin(r, in, &func, &at_line))
		exc.pad = model_exc_origin(func, at_line);
	/* which level catches it: the running code, or a caller */
	row = row_at(code, pc);
	for (level = r->depth; row == NULL && level > 0; level--) {
		const struct model_call *caller = &r->calls[level - 1];

		row = row_at(lang_code_of(prog, r->group, caller->func), caller->pc - 1);
	}
	if (row == NULL)
		return false;
	while (r->depth > level) {
		const struct lang_code *callee = model_regs_code(prog, r);
		struct model_call saved;

		clear(r->stack, callee->max_stack + callee->nlocals);
		saved = r->calls[--r->depth];
		memset(&r->calls[r->depth], 0, sizeof(r->calls[r->depth]));
		r->func = saved.func;
		r->sp = saved.sp;
		r->base = saved.base;
		r->stack = r->slots + r->base;
		r->locals = r->stack + model_regs_code(prog, r)->max_stack;
	}
	if (r->sp > row->depth)
		clear(r->stack + row->depth, r->sp - row->depth);
	r->sp = row->depth;
	model_regs_push(r, exc);
	r->pc = row->target;
	return true;
}
