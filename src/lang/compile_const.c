/* compile_const.c - constant evaluation: initializers, thread counts and
 * range steps, computed at compile time. */
#include "config.h"

#include "lang/compiler.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "util/xalloc.h"

/* ---- constant evaluation (initializers, thread counts, range steps) ---- */


bool
compile_const_int(struct compiler *c, const struct ast_expr *e, int64_t *out, const char *what)
{
	struct lang_value v;

	if (!compile_const_eval(c, e, &v))
		return false;
	if (v.kind != LANG_VAL_INT) {
		compile_error_at(c, e->loc, "%s must be an integer", what);
		return false;
	}
	*out = v.i;
	return true;
}

static bool
checked_arith(enum lang_binop op, int64_t a, int64_t b, int64_t *r, const char **err)
{
	switch (op) {
	case LANG_BIN_ADD:
		if (__builtin_add_overflow(a, b, r))
			break;
		return true;
	case LANG_BIN_SUB:
		if (__builtin_sub_overflow(a, b, r))
			break;
		return true;
	case LANG_BIN_MUL:
		if (__builtin_mul_overflow(a, b, r))
			break;
		return true;
	case LANG_BIN_FLOORDIV:
	case LANG_BIN_MOD:
		if (b == 0) {
			*err = "ZeroDivisionError: integer division or modulo by zero";
			return false;
		}
		if (a == INT64_MIN && b == -1)
			break;
		{
			int64_t q = a / b, m = a % b;

			if (m != 0 && ((m < 0) != (b < 0))) {
				q--;
				m += b;
			}
			*r = op == LANG_BIN_FLOORDIV ? q : m;
		}
		return true;
	default:
		break;
	}
	*err = "OverflowError: the result does not fit in 64 bits";
	return false;
}

static int
compare_values(const struct compiler *c, const struct lang_value *a,
    const struct lang_value *b, bool *ordered)
{
	*ordered = true;
	if ((a->kind == LANG_VAL_INT || a->kind == LANG_VAL_BOOL) &&
	    (b->kind == LANG_VAL_INT || b->kind == LANG_VAL_BOOL))
		return (a->i > b->i) - (a->i < b->i);
	if (a->kind == LANG_VAL_STR && b->kind == LANG_VAL_STR)
		return strcmp(c->prog->strings[a->i], c->prog->strings[b->i]);
	*ordered = false;
	return a->kind != b->kind;
}

static bool
truthy(const struct compiler *c, const struct lang_value *v)
{
	switch (v->kind) {
	case LANG_VAL_NONE:
		return false;
	case LANG_VAL_STR:
		return c->prog->strings[v->i][0] != '\0';
	default:
		return v->i != 0;
	}
}

static bool
const_binary(struct compiler *c, const struct ast_expr *e, struct lang_value *out)
{
	struct lang_value a, b;
	enum lang_binop op = e->u.binary.op;
	const char *err = NULL;
	bool ordered;
	int cmp;

	if (!compile_const_eval(c, e->u.binary.lhs, &a) ||
	    !compile_const_eval(c, e->u.binary.rhs, &b))
		return false;
	if (op >= LANG_BIN_EQ) {
		cmp = compare_values(c, &a, &b, &ordered);
		if (!ordered && op != LANG_BIN_EQ && op != LANG_BIN_NE) {
			compile_error_at(c, e->loc, "TypeError: '%s' cannot compare these values",
			    lang_binop_symbol(op));
			return false;
		}
		out->kind = LANG_VAL_BOOL;
		switch (op) {
		case LANG_BIN_EQ: out->i = cmp == 0; break;
		case LANG_BIN_NE: out->i = cmp != 0; break;
		case LANG_BIN_LT: out->i = cmp < 0; break;
		case LANG_BIN_LE: out->i = cmp <= 0; break;
		case LANG_BIN_GT: out->i = cmp > 0; break;
		default: out->i = cmp >= 0; break;
		}
		return true;
	}
	if (op == LANG_BIN_ADD && a.kind == LANG_VAL_STR && b.kind == LANG_VAL_STR) {
		const char *x = c->prog->strings[a.i], *y = c->prog->strings[b.i];
		size_t lx = strlen(x), ly = strlen(y);
		char *joined;

		if (lx + ly > LANG_MAX_STRING_BYTES) {
			compile_error_at(c, e->loc, "string is longer than %d bytes",
			    LANG_MAX_STRING_BYTES);
			return false;
		}
		joined = xasprintf("%s%s", x, y);
		out->kind = LANG_VAL_STR;
		out->i = compile_intern_string(c, joined, lx + ly);
		free(joined);
		return true;
	}
	if ((a.kind != LANG_VAL_INT && a.kind != LANG_VAL_BOOL) ||
	    (b.kind != LANG_VAL_INT && b.kind != LANG_VAL_BOOL)) {
		compile_error_at(c, e->loc, "TypeError: unsupported operand types for '%s'",
		    lang_binop_symbol(op));
		return false;
	}
	out->kind = LANG_VAL_INT;
	if (!checked_arith(op, a.i, b.i, &out->i, &err)) {
		compile_error_at(c, e->loc, "%s", err);
		return false;
	}
	return true;
}

bool
compile_const_eval(struct compiler *c, const struct ast_expr *e, struct lang_value *out)
{
	int s;

	switch (e->kind) {
	case AST_INT:
		out->kind = LANG_VAL_INT;
		out->i = e->u.ival;
		return true;
	case AST_BOOL:
		out->kind = LANG_VAL_BOOL;
		out->i = e->u.ival;
		return true;
	case AST_NONE:
		out->kind = LANG_VAL_NONE;
		out->i = 0;
		return true;
	case AST_STR:
		out->kind = LANG_VAL_STR;
		out->i = compile_intern_string(c, e->u.str.s, e->u.str.len);
		return true;
	case AST_NAME:
		if (c->comp_var != NULL && strcmp(e->u.name, c->comp_var) == 0) {
			out->kind = LANG_VAL_INT;
			out->i = c->comp_value;
			return true;
		}
		s = compile_find_shared(c, e->u.name);
		if (s >= 0 && c->prog->shared[s].kind == LANG_SHARED_SCALAR) {
			*out = c->prog->shared[s].init[0];
			return true;
		}
		if (s >= 0)
			compile_error_at(c, e->loc, "'%s' is %s; a value is needed here", e->u.name,
			    compile_shared_kind_name(&c->prog->shared[s]));
		else
			compile_unknown_name(c, e->u.name, e->loc);
		return false;
	case AST_UNARY: {
		struct lang_value v;

		if (!compile_const_eval(c, e->u.unary.operand, &v))
			return false;
		if (e->u.unary.op == LANG_UN_NOT) {
			out->kind = LANG_VAL_BOOL;
			out->i = !truthy(c, &v);
			return true;
		}
		if (v.kind != LANG_VAL_INT && v.kind != LANG_VAL_BOOL) {
			compile_error_at(c, e->loc, "TypeError: bad operand type for unary '-'");
			return false;
		}
		if (v.i == INT64_MIN) {
			compile_error_at(c, e->loc,
			    "OverflowError: the result does not fit in 64 bits");
			return false;
		}
		out->kind = LANG_VAL_INT;
		out->i = -v.i;
		return true;
	}
	case AST_BINARY:
		return const_binary(c, e, out);
	case AST_AND:
	case AST_OR: {
		struct lang_value a;

		if (!compile_const_eval(c, e->u.logic.lhs, &a))
			return false;
		if (truthy(c, &a) == (e->kind == AST_OR)) {
			*out = a;
			return true;
		}
		return compile_const_eval(c, e->u.logic.rhs, out);
	}
	case AST_INDEX: {
		int64_t i;

		if (e->u.index.base->kind == AST_NAME &&
		    (s = compile_find_shared(c, e->u.index.base->u.name)) >= 0 &&
		    c->prog->shared[s].kind == LANG_SHARED_ARRAY) {
			if (!compile_const_int(c, e->u.index.index, &i, "an index"))
				return false;
			if (i < 0 || i >= c->prog->shared[s].length) {
				compile_error_at(c, e->u.index.index->loc,
				    "IndexError: index %lld is out of range for '%s' (size %d)",
				    (long long)i, c->prog->shared[s].name,
				    c->prog->shared[s].length);
				return false;
			}
			*out = c->prog->shared[s].init[i];
			return true;
		}
		break;
	}
	case AST_CALL: {
		const struct ast_expr *f = e->u.call.callee;

		if (f->kind == AST_NAME && strcmp(f->u.name, "len") == 0 &&
		    e->u.call.nargs == 1 && e->u.call.args->keyword == NULL &&
		    e->u.call.args->value->kind == AST_NAME &&
		    (s = compile_find_shared(c, e->u.call.args->value->u.name)) >= 0 &&
		    (c->prog->shared[s].kind == LANG_SHARED_ARRAY ||
		    c->prog->shared[s].kind == LANG_SHARED_PRIM_ARRAY)) {
			out->kind = LANG_VAL_INT;
			out->i = c->prog->shared[s].length;
			return true;
		}
		break;
	}
	default:
		break;
	}
	compile_error_at(c, e->loc, "this must be a constant here: a number, a string, "
	    "True/False/None or an earlier shared name");
	return false;
}
