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

/* print(): CPython writes each value's text, the separator between two
 * values and the end of the line with a write() call of its own, and
 * another thread can write between two of them (two threads' lines do
 * come out as "ab\n\n").  So a print of n values is 2n pieces (1 for
 * print()), each written by a step of its own: texts at even k, " " at
 * odd k, "\n" last.  A string's text is sanitized: it comes from the
 * program's file. */
static int
print_pieces(int n)
{
	return n > 0 ? 2 * n : 1;
}

static void
print_piece(struct model_regs *r, const struct model_world *w, int n, int k)
{
	char text[280];

	if (k == print_pieces(n) - 1) {
		snprintf(text, sizeof(text), "\n");
	} else if (k % 2 == 1) {
		snprintf(text, sizeof(text), " ");
	} else {
		const struct model_value *v = &r->stack[r->sp - n + k / 2];

		if (v->kind == MODEL_STR)
			sanitize_into(text, sizeof(text), model_strings_get(w->strings, v->i),
			    SANITIZE_TEXT);
		else
			model_value_format(w->strings, v, text, sizeof(text));
	}
	if (w->output != NULL)
		snprintf(w->output, w->output_size, "%s", text);
}

static bool
assert_failed(const struct model_world *w, const struct lang_insn *in,
    struct model_verdict *to)
{
	char safe[200];

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
	case LANG_OP_ASSERT:
		if (!model_value_truthy(w->strings, top))
			return assert_failed(w, in, to);
		model_regs_pop(r);
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
model_eval_print(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    int piece, struct model_verdict *to)
{
	int i;

	(void)to;		/* print() of these values never raises */
	print_piece(r, w, in->a, piece);
	if (piece == print_pieces(in->a) - 1)
		for (i = 0; i < in->a; i++)
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
