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

#include <stdio.h>
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

/* A traceback kept as a string: "FUNC LINE;" a frame, outermost first. */
int
model_exc_traceback(const struct model_strings *strings, int32_t pad, int *funcs,
    int *lines, int max)
{
	const char *at;
	int n = 0, used;

	if (pad >= 0) {
		if (max < 1)
			return 0;
		funcs[0] = (int)((uint32_t)pad >> 21) - 1;
		lines[0] = (int)((uint32_t)pad & 0x1fffff);
		return 1;
	}
	at = model_strings_get(strings, -1 - (int64_t)pad);
	while (n < max && sscanf(at, "%d %d;%n", &funcs[n], &lines[n], &used) == 2) {
		at += used;
		n++;
	}
	return n;
}

void
model_exc_where(const struct model_strings *strings, int32_t pad, int *func, int *line)
{
	int funcs[LANG_MAX_CALL_DEPTH + 1], lines[LANG_MAX_CALL_DEPTH + 1];
	int n = model_exc_traceback(strings, pad, funcs, lines, LANG_MAX_CALL_DEPTH + 1);

	*func = n > 0 ? funcs[n - 1] : -1;
	*line = n > 0 ? lines[n - 1] : 0;
}

/* An exception caught at level, below the running code (r->depth): its
 * traceback as CPython keeps it, the frames from level's call down to the
 * raise (which pad says: the frame it was raised in, or the traceback it
 * brought along, re-raised), kept as pad (model_exc_origin). */
static int32_t
traceback_pad(const struct model_regs *r, const struct model_world *w, int level,
    int32_t pad)
{
	const struct lang_program *prog = w->m->prog;
	int funcs[LANG_MAX_CALL_DEPTH + 1], lines[LANG_MAX_CALL_DEPTH + 1];
	char text[(LANG_MAX_CALL_DEPTH + 1) * 24];
	size_t len = 0;
	int k, n;

	for (k = level; k < r->depth; k++) {
		const struct model_call *call = &r->calls[k];

		len += (size_t)snprintf(text + len, sizeof(text) - len, "%d %u;", (int)call->func,
		    lang_code_of(prog, r->group, call->func)->insns[call->pc - 1].loc.line);
	}
	n = model_exc_traceback(w->strings, pad, funcs, lines, LANG_MAX_CALL_DEPTH + 1);
	for (k = 0; k < n && len < sizeof(text) - 24; k++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%d %d;", funcs[k],
		    lines[k]);
	return (int32_t)(-1 - model_strings_intern(w->strings, text, len));
}

bool
model_eval_raise_origin(const struct model_regs *r, const struct lang_insn *in,
    const struct model_strings *strings, int *func, int *line)
{
	const struct model_value *top = r->sp > 0 ? &r->stack[r->sp - 1] : NULL;

	if (in->op != LANG_OP_THROW || top == NULL || top->kind != MODEL_EXC || top->pad == 0)
		return false;
	model_exc_where(strings, top->pad, func, line);
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
	if (model_eval_raise_origin(r, in, w->strings, &func, &at_line) && exc.pad >= 0)
		exc.pad = model_exc_origin(func, at_line);
	/* which level catches it: the running code, or a caller */
	row = row_at(code, pc);
	for (level = r->depth; row == NULL && level > 0; level--) {
		const struct model_call *caller = &r->calls[level - 1];

		row = row_at(lang_code_of(prog, r->group, caller->func), caller->pc - 1);
	}
	if (row == NULL)
		return false;
	if (level < r->depth)
		exc.pad = traceback_pad(r, w, level, exc.pad);
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
