/* compile_const.c - constant evaluation: initializers, thread counts and
 * range steps, computed at compile time. */
#include "config.h"

#include "lang/compiler.h"

#include <stdint.h>
#include <string.h>

#include "lang/limits.h"
#include "lang/value.h"

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

static const char *
strings_get(void *arg, int64_t id)
{
	const struct compiler *c = arg;

	return c->prog->strings[id];
}

static int
strings_intern(void *arg, const char *text, size_t len)
{
	return compile_intern_string(arg, text, len);
}

struct lang_value_strings
compile_value_strings(struct compiler *c)
{
	struct lang_value_strings s;

	s.get = strings_get;
	s.intern = strings_intern;
	s.arg = c;
	return s;
}

/* An operator on constants: what it does at run time (lang/value.c), its
 * error reported at the expression. */
static bool
const_binary(struct compiler *c, const struct ast_expr *e, struct lang_value *out)
{
	struct lang_value_strings s = compile_value_strings(c);
	struct lang_value a, b;
	char err[200];

	if (!compile_const_eval(c, e->u.binary.lhs, &a) ||
	    !compile_const_eval(c, e->u.binary.rhs, &b))
		return false;
	if (lang_value_binary(&s, e->u.binary.op, &a, &b, out, err, sizeof(err)))
		return true;
	compile_error_at(c, e->loc, "%s", err);
	return false;
}

static bool
const_unary(struct compiler *c, const struct ast_expr *e, struct lang_value *out)
{
	struct lang_value_strings s = compile_value_strings(c);
	struct lang_value v;
	char err[200];

	if (!compile_const_eval(c, e->u.unary.operand, &v))
		return false;
	if (lang_value_unary(&s, e->u.unary.op, &v, out, err, sizeof(err)))
		return true;
	compile_error_at(c, e->loc, "%s", err);
	return false;
}

bool
compile_const_truthy(struct compiler *c, const struct ast_expr *e, bool *truth)
{
	struct lang_value_strings strs = compile_value_strings(c);
	struct lang_value v;

	if (!compile_const_eval(c, e, &v))
		return false;
	*truth = lang_value_truthy(&strs, &v);
	return true;
}

static const char *
object_kind_name(enum lang_object_kind kind)
{
	switch (kind) {
	case LANG_OBJ_LIST: return "list";
	case LANG_OBJ_TUPLE: return "tuple";
	case LANG_OBJ_DICT: return "dict";
	case LANG_OBJ_NONE: break;
	}
	return "value";
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
			*out = c->comp_value;
			return true;
		}
		s = compile_find_shared(c, e->u.name);
		if (s >= 0 && c->prog->shared[s].kind == LANG_SHARED_SCALAR &&
		    c->prog->shared[s].object != LANG_OBJ_NONE) {
			/* its value is made on the heap when the run starts: a
			 * constant copy of it would read None */
			compile_error_at(c, e->loc, "'%s' is a %s, and a constant is needed "
			    "here: a second name for it (or an item holding it) is not "
			    "supported; use '%s' itself", e->u.name,
			    object_kind_name(c->prog->shared[s].object), e->u.name);
			return false;
		}
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
	case AST_UNARY:
		return const_unary(c, e, out);
	case AST_BINARY:
		return const_binary(c, e, out);
	case AST_AND:
	case AST_OR: {
		struct lang_value_strings strs = compile_value_strings(c);
		struct lang_value a;

		if (!compile_const_eval(c, e->u.logic.lhs, &a))
			return false;
		if (lang_value_truthy(&strs, &a) == (e->kind == AST_OR)) {
			*out = a;
			return true;
		}
		return compile_const_eval(c, e->u.logic.rhs, out);
	}
	case AST_COND: {
		struct lang_value_strings strs = compile_value_strings(c);
		struct lang_value v;

		if (!compile_const_eval(c, e->u.cond.cond, &v))
			return false;
		return compile_const_eval(c, lang_value_truthy(&strs, &v) ? e->u.cond.then :
		    e->u.cond.otherwise, out);
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
	case AST_FLOAT:
		compile_float_error(c, e);
		return false;
	default:
		break;
	}
	compile_error_at(c, e->loc, "this must be a constant here: a number, a string, "
	    "True/False/None or an earlier shared name");
	return false;
}
