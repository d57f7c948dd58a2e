#include "config.h"

#include <stdio.h>
#include <string.h>

#include "model/eval.h"
#include "model/internal.h"
#include "util/sanitize.h"

struct model_value
model_value_make(enum model_kind kind, int64_t i)
{
	struct model_value v;

	v.kind = (int32_t)kind;
	v.pad = 0;
	v.i = i;
	return v;
}

void
model_regs_push(struct model_regs *r, struct model_value v)
{
	r->stack[r->sp++] = v;
}

struct model_value
model_regs_pop(struct model_regs *r)
{
	struct model_value v = r->stack[--r->sp];

	r->stack[r->sp] = model_value_make(MODEL_UNSET, 0);
	return v;
}

static bool
raise_at(const struct model_world *w, const struct lang_insn *in,
    struct model_verdict *to, const char *msg)
{
	model_verdict_set(to, MODEL_RUNTIME_ERROR, w->thread, (int)in->loc.line, "%s", msg);
	return false;
}

bool
model_eval_index(const struct model_value *v, int length, const char *what,
    int thread, int line, int *out, struct model_verdict *to)
{
	if (v->kind != MODEL_INT && v->kind != MODEL_BOOL) {
		model_verdict_set(to, MODEL_RUNTIME_ERROR, thread, line,
		    "TypeError: %s indices must be integers", what);
		return false;
	}
	if (v->i < 0 || v->i >= length) {
		model_verdict_set(to, MODEL_RUNTIME_ERROR, thread, line, "IndexError: "
		    "index %lld out of range for %s of size %d", (long long)v->i, what,
		    length);
		return false;
	}
	*out = (int)v->i;
	return true;
}

/* print()'s sep= or end=: None means the default; else it must be a str. */
static bool
print_keyword(const struct model_world *w, const struct lang_insn *in,
    const struct model_value *v, const char *name, const char *def, char *text,
    size_t size, struct model_verdict *to)
{
	char msg[120];

	if (v == NULL || v->kind == MODEL_NONE) {
		snprintf(text, size, "%s", def);
		return true;
	}
	if (v->kind == MODEL_STR) {
		sanitize_into(text, size, model_strings_get(w->strings, v->i), SANITIZE_TEXT);
		return true;
	}
	snprintf(msg, sizeof(msg), "TypeError: %s must be None or a string, not %s", name,
	    v->kind == MODEL_INT ? "int" : "bool");
	return raise_at(w, in, to, msg);
}

/* print(a, b, sep=S, end=E): CPython writes str(a), S, str(b) and E with
 * a write() call each, and another thread can write between two of them
 * (two threads' lines do come out as "ab\n\n").  So a print of n values is
 * 2n pieces (1 for print()), each written by a step of its own: the texts
 * at even k, sep at odd k, end last.  On the stack: the n values, then sep
 * and end if given (b: LANG_PRINT_*).  CPython checks sep and end before it
 * writes anything, so a bad one raises at every piece: the first is the
 * one that can.  A string's text is sanitized: it comes from the program's
 * file. */
static int
print_pieces(int n)
{
	return n > 0 ? 2 * n : 1;
}

/* sep and end as text, or a TypeError into to. */
static bool
print_keywords(const struct model_regs *r, const struct model_world *w,
    const struct lang_insn *in, char *sep, char *end, size_t size, struct model_verdict *to)
{
	int has_sep = !!(in->b & LANG_PRINT_SEP), has_end = !!(in->b & LANG_PRINT_END);

	return print_keyword(w, in, has_sep ? &r->stack[r->sp - has_sep - has_end] : NULL,
	    "sep", " ", sep, size, to) &&
	    print_keyword(w, in, has_end ? &r->stack[r->sp - 1] : NULL, "end", "\n", end,
	    size, to);
}

static bool
print_piece(struct model_regs *r, const struct model_world *w, const struct lang_insn *in,
    int k, struct model_verdict *to)
{
	int n = in->a, extra = !!(in->b & LANG_PRINT_SEP) + !!(in->b & LANG_PRINT_END);
	char sep[280], end[280], text[280];

	if (!print_keywords(r, w, in, sep, end, sizeof(sep), to))
		return false;
	if (k == print_pieces(n) - 1) {
		snprintf(text, sizeof(text), "%s", end);
	} else if (k % 2 == 1) {
		snprintf(text, sizeof(text), "%s", sep);
	} else {
		const struct model_value *v = &r->stack[r->sp - extra - n + k / 2];

		if (v->kind == MODEL_STR)
			sanitize_into(text, sizeof(text), model_strings_get(w->strings, v->i),
			    SANITIZE_TEXT);
		else
			model_value_format(w->strings, v, text, sizeof(text));
	}
	if (w->output != NULL)
		snprintf(w->output, w->output_size, "%s", text);
	return true;
}

static bool
assert_failed(const struct model_regs *r, const struct model_world *w,
    const struct lang_insn *in, struct model_verdict *to)
{
	char safe[200];

	if (in->b) {
		const struct model_value *msg = &r->stack[r->sp - 1];

		model_verdict_set(to, MODEL_ASSERT_FAILED, w->thread, (int)in->loc.line,
		    "AssertionError: %s", sanitize_into(safe, sizeof(safe),
		    model_strings_get(w->strings, msg->i), SANITIZE_LINE));
		return false;
	}
	if (in->a < 0) {
		model_verdict_set(to, MODEL_ASSERT_FAILED, w->thread, (int)in->loc.line,
		    "AssertionError");
		return false;
	}
	model_verdict_set(to, MODEL_ASSERT_FAILED, w->thread, (int)in->loc.line,
	    "AssertionError: %s", sanitize_into(safe, sizeof(safe),
	    model_strings_get(w->strings, in->a), SANITIZE_LINE));
	return false;
}

/* CALL_FUNCTION: the arguments become the callee's first locals, in an
 * area above the caller's, and the caller is saved to return to. */
static bool
call_function(struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to)
{
	const struct lang_program *prog = w->m->prog;
	const struct lang_code *caller = model_regs_code(prog, r);
	const struct lang_code *callee = &prog->functions[in->a].code;
	int32_t base = r->base + caller->max_stack + caller->nlocals;
	struct model_value *locals;
	struct model_call *saved;
	int k;

	if (r->depth >= LANG_MAX_CALL_DEPTH || r->depth >= r->ncalls ||
	    base + callee->max_stack + callee->nlocals > r->nslots)
		return raise_at(w, in, to, "RecursionError: maximum recursion depth exceeded");
	locals = r->slots + base + callee->max_stack;
	for (k = in->argc - 1; k >= 0; k--)
		locals[k] = model_regs_pop(r);
	saved = &r->calls[r->depth++];
	saved->func = r->func;
	saved->pc = r->pc;
	saved->sp = r->sp;
	saved->base = r->base;
	r->func = in->a;
	r->base = base;
	r->stack = r->slots + base;
	r->locals = locals;
	r->sp = 0;
	r->pc = 0;
	return true;
}

/* RETURN: the callee's area is cleared, the caller resumed, and the value
 * handed to it if its call wants one. */
static void
return_from(struct model_regs *r, const struct model_world *w)
{
	const struct lang_program *prog = w->m->prog;
	const struct lang_code *callee = model_regs_code(prog, r), *caller;
	struct model_value v = model_regs_pop(r);
	struct model_call saved;
	int k;

	for (k = 0; k < callee->nlocals; k++)
		r->locals[k] = model_value_make(MODEL_UNSET, 0);
	saved = r->calls[--r->depth];
	memset(&r->calls[r->depth], 0, sizeof(r->calls[r->depth]));
	r->func = saved.func;
	r->pc = saved.pc;
	r->sp = saved.sp;
	r->base = saved.base;
	caller = model_regs_code(prog, r);
	r->stack = r->slots + r->base;
	r->locals = r->stack + caller->max_stack;
	if (caller->insns[r->pc - 1].flags & LANG_IF_RESULT)
		model_regs_push(r, v);
}

/* The instruction's effect; pc is already past it. */
static bool
eval(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    struct model_verdict *to)
{
	const struct lang_program *prog = w->m->prog;
	struct model_value *top = r->sp > 0 ? &r->stack[r->sp - 1] : NULL;
	struct model_value a, b, res;
	int operands, k;
	char err[200];

	switch ((enum lang_opcode)in->op) {
	case LANG_OP_PUSH_INT:
		model_regs_push(r, model_value_make(MODEL_INT, lang_insn_int(in)));
		return true;
	case LANG_OP_PUSH_STR:
		model_regs_push(r, model_value_make(MODEL_STR, in->a));
		return true;
	case LANG_OP_PUSH_BOOL:
		model_regs_push(r, model_value_make(MODEL_BOOL, in->a));
		return true;
	case LANG_OP_PUSH_NONE:
		model_regs_push(r, model_value_make(MODEL_NONE, 0));
		return true;
	case LANG_OP_PUSH_TID:
		model_regs_push(r, model_value_make(MODEL_INT, prog->threads[w->thread].tid));
		return true;
	case LANG_OP_LOAD_LOCAL:
		if (r->locals[in->a].kind == MODEL_UNSET)
			return raise_at(w, in, to, "UnboundLocalError: a local is read "
			    "before it is assigned");
		model_regs_push(r, r->locals[in->a]);
		return true;
	case LANG_OP_STORE_LOCAL:
		r->locals[in->a] = model_regs_pop(r);
		return true;
	case LANG_OP_LOAD_CONST:
		/* no thread writes a constant: it keeps its declared value */
		model_regs_push(r, w->load_const(w->arg, model_element_of(w->m, in->a, 0)));
		return true;
	case LANG_OP_LOAD_CONST_ELEM:
		if (!model_eval_index(top, prog->shared[in->a].length,
		    prog->shared[in->a].name, w->thread, (int)in->loc.line, &k, to))
			return false;
		model_regs_pop(r);
		model_regs_push(r, w->load_const(w->arg, model_element_of(w->m, in->a, k)));
		return true;
	case LANG_OP_BINARY:
		operands = (in->flags & LANG_IF_IMM) ? 1 : 2;
		b = (in->flags & LANG_IF_IMM) ? model_value_make(MODEL_INT, in->b) : *top;
		a = r->stack[r->sp - operands];
		if (!model_binary(w->strings, (enum lang_binop)in->a, &a, &b, &res,
		    err, sizeof(err)))
			return raise_at(w, in, to, err);
		while (operands-- > 0)
			model_regs_pop(r);
		model_regs_push(r, res);
		return true;
	case LANG_OP_UNARY:
		if (!model_unary(w->strings, (enum lang_unop)in->a, top, &res,
		    err, sizeof(err)))
			return raise_at(w, in, to, err);
		*top = res;
		return true;
	case LANG_OP_DUP:
		model_regs_push(r, *top);
		return true;
	case LANG_OP_SWAP:
		a = *top;
		*top = r->stack[r->sp - 2];
		r->stack[r->sp - 2] = a;
		return true;
	case LANG_OP_POP:
		model_regs_pop(r);
		return true;
	case LANG_OP_JUMP:
		r->pc = in->a;
		return true;
	case LANG_OP_JUMP_IF_FALSE:
	case LANG_OP_JUMP_IF_TRUE:
		a = model_regs_pop(r);
		if (model_value_truthy(w->strings, &a) == (in->op == LANG_OP_JUMP_IF_TRUE))
			r->pc = in->a;
		return true;
	case LANG_OP_JUMP_IF_FALSE_OR_POP:
	case LANG_OP_JUMP_IF_TRUE_OR_POP:
		if (model_value_truthy(w->strings, top) ==
		    (in->op == LANG_OP_JUMP_IF_TRUE_OR_POP))
			r->pc = in->a;
		else
			model_regs_pop(r);
		return true;
	case LANG_OP_FORMAT:
		if (!model_format(w->strings, top, in->b, in->a >= 0 ? prog->strings[in->a] : NULL,
		    &res, err, sizeof(err)))
			return raise_at(w, in, to, err);
		*top = res;
		return true;
	case LANG_OP_LEN:
		if (!model_len(w->strings, top, &res, err, sizeof(err)))
			return raise_at(w, in, to, err);
		*top = res;
		return true;
	case LANG_OP_BUILD_STRING:
		if (!model_join(w->strings, &r->stack[r->sp - in->a], in->a, &res, err,
		    sizeof(err)))
			return raise_at(w, in, to, err);
		for (k = 0; k < in->a; k++)
			model_regs_pop(r);
		model_regs_push(r, res);
		return true;
	case LANG_OP_ASSERT:
		if (!model_value_truthy(w->strings, &r->stack[r->sp - 1 - (in->b ? 1 : 0)]))
			return assert_failed(r, w, in, to);
		model_regs_pop(r);
		if (in->b)
			model_regs_pop(r);
		return true;
	case LANG_OP_CALL_FUNCTION:
		return call_function(r, in, w, to);
	case LANG_OP_RETURN:
		return_from(r, w);
		return true;
	LANG_CASES_VISIBLE_OPS
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_END:
	case LANG_OP_COUNT:
		break;
	}
	return raise_at(w, in, to, "internal error: not a local instruction");
}

int
model_eval_print_pieces(const struct lang_insn *in)
{
	return print_pieces(in->a);
}

bool
model_eval_print_raises(const struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to)
{
	char sep[280], end[280];

	return !print_keywords(r, w, in, sep, end, sizeof(sep), to);
}

bool
model_eval_print(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    int piece, struct model_verdict *to)
{
	int i, pops, pushes;

	if (!print_piece(r, w, in, piece, to))
		return false;
	lang_insn_stack_effect(in, &pops, &pushes);
	if (piece == print_pieces(in->a) - 1)
		for (i = 0; i < pops; i++)
			model_regs_pop(r);
	return true;
}

bool
model_eval_local(struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to)
{
	int32_t pc = r->pc;

	r->pc++;
	if (eval(r, in, w, to))
		return true;
	r->pc = pc;
	return false;
}
