/* compile_builtins.c - Python's builtins that read a whole list, tuple or
 * dict: sum(), min(), max(), any(), all(), sorted(), list(), tuple(),
 * abs() and int() (which read no object, but are builtins all the same),
 * and a dict's items(), keys() and values().
 *
 * Each compiles to one CALL_BUILTIN, a heap operation: one step when its
 * object is shared (CPython runs the builtin's loop in C, holding the GIL,
 * as it does len()), local computation when it is not.  Its extra operand
 * (sum's start, sorted's reverse) is below the object, so the object is on
 * top as for every other heap operation.  min(a, b, ...) reads a new
 * tuple of its arguments, which no other thread reaches.
 *
 * A dict's items(), keys() and values() are views in CPython.  A for loop
 * iterates one in place, an entry per step; as the argument of these
 * builtins or len() lockstep reads it into a new list, which reads the
 * same.  Elsewhere (print(d.items())) a view's repr would differ, which
 * is a diagnostic.
 */
#include "config.h"

#include "lang/compiler.h"

#include <string.h>

/* d.items(), d.keys() or d.values() with no arguments: which, or -1. */
static int
dict_view(const struct ast_expr *e)
{
	const char *name;

	if (e->kind != AST_CALL || e->u.call.callee->kind != AST_ATTR || e->u.call.nargs != 0)
		return -1;
	name = e->u.call.callee->u.attr.name;
	if (strcmp(name, "items") == 0)
		return LANG_BUILTIN_ITEMS;
	if (strcmp(name, "keys") == 0)
		return LANG_BUILTIN_KEYS;
	if (strcmp(name, "values") == 0)
		return LANG_BUILTIN_VALUES;
	return -1;
}

bool
compile_is_dict_view(const char *method)
{
	return strcmp(method, "items") == 0 || strcmp(method, "keys") == 0 ||
	    strcmp(method, "values") == 0;
}

void
compile_iterable(struct compiler *c, const struct ast_expr *e)
{
	int view = dict_view(e);

	if (view < 0) {
		compile_expr(c, e);
		return;
	}
	compile_expr(c, e->u.call.callee->u.attr.base);
	compile_emit(c, LANG_OP_BUILTIN, view, 0, 0, e->loc);
	c->prog->uses_heap = true;
}

/* A for loop's iterable: a dict view is iterated in place, an entry per
 * FOR_ITER (a step each on a shared dict, as CPython's view iterator
 * reads one entry at a time); the flags FOR_ITER takes. */
int
compile_for_iterable(struct compiler *c, const struct ast_expr *e)
{
	int view = dict_view(e);

	if (view < 0) {
		compile_expr(c, e);
		return 0;
	}
	compile_expr(c, e->u.call.callee->u.attr.base);
	c->prog->uses_heap = true;
	return (view == LANG_BUILTIN_KEYS ? LANG_VIEW_KEYS : view == LANG_BUILTIN_VALUES ?
	    LANG_VIEW_VALUES : LANG_VIEW_ITEMS) << 6;
}

/* Whether some class of the program has a method called name. */
static bool
some_class_defines(const struct compiler *c, const char *name)
{
	const struct ast_class *k;
	const struct ast_top *m;

	for (k = c->file->classes; k != NULL; k = k->next)
		for (m = k->methods; m != NULL; m = m->next)
			if (strcmp(m->name, name) == 0)
				return true;
	return false;
}

bool
compile_is_pure_builtin(const struct compiler *c, const struct ast_expr *call)
{
	const struct ast_expr *f = call->u.call.callee;
	int which;

	if (f->kind == AST_ATTR)
		return dict_view(call) >= 0 && !some_class_defines(c, f->u.attr.name);
	if (f->kind != AST_NAME || compile_find_function(c, f->u.name) >= 0)
		return false;
	if (strcmp(f->u.name, "len") == 0 || strcmp(f->u.name, "str") == 0 ||
	    strcmp(f->u.name, "print") == 0)
		return true;
	for (which = 0; which < LANG_BUILTIN_ITEMS; which++)
		if (strcmp(f->u.name, lang_builtin_name(which)) == 0)
			return true;
	return false;
}

/* The positional arguments of a call, and the one keyword it may take
 * (NULL if none); false with a diagnostic for any other keyword. */
static bool
split_args(struct compiler *c, const struct ast_expr *e, const char *name,
    const char *allowed, int *npos, const struct ast_arg **kw)
{
	const struct ast_arg *a;

	*npos = 0;
	*kw = NULL;
	for (a = e->u.call.args; a != NULL; a = a->next) {
		if (a->keyword == NULL) {
			(*npos)++;
			continue;
		}
		if (allowed != NULL && strcmp(a->keyword, allowed) == 0 && *kw == NULL) {
			*kw = a;
			continue;
		}
		if (strcmp(a->keyword, "key") == 0)
			compile_error_at(c, a->keyword_loc, "lockstep's %s() takes no key= "
			    "function; make (key, item) tuples and give it those", name);
		else if (strcmp(a->keyword, "default") == 0)
			compile_error_at(c, a->keyword_loc, "lockstep's %s() takes no "
			    "default=; test the list's len() first", name);
		else
			compile_error_at(c, a->keyword_loc, "'%s' is an invalid keyword "
			    "argument for %s()", a->keyword, name);
		return false;
	}
	return true;
}

static void
emit(struct compiler *c, enum lang_builtin which, int extra, bool want_result,
    struct lang_loc loc)
{
	compile_emit(c, LANG_OP_BUILTIN, which, extra, 0, loc);
	c->prog->uses_heap = true;
	if (!want_result)
		compile_emit(c, LANG_OP_POP, 0, 0, 0, loc);
}

/* f(xs) or f(xs, E) / f(xs, kw=E): E below the object */
static void
object_and_extra(struct compiler *c, const struct ast_expr *object,
    const struct ast_expr *extra, enum lang_builtin which, bool want_result,
    struct lang_loc loc)
{
	compile_iterable(c, object);
	if (extra != NULL) {
		compile_expr(c, extra);
		compile_emit(c, LANG_OP_SWAP, 0, 0, 0, loc);
	}
	emit(c, which, extra != NULL, want_result, loc);
}

bool
compile_builtin_call(struct compiler *c, const struct ast_expr *e, bool want_result)
{
	const char *name = e->u.call.callee->u.name;
	const struct ast_arg *kw, *a;
	const struct ast_expr *first;
	int which, npos;

	for (which = 0; which < LANG_BUILTIN_ITEMS; which++)
		if (strcmp(name, lang_builtin_name(which)) == 0)
			break;
	if (which == LANG_BUILTIN_ITEMS)
		return false;
	if (compile_goal_refuses(c, "call a builtin", e->loc))
		return true;
	first = e->u.call.args != NULL ? e->u.call.args->value : NULL;
	switch ((enum lang_builtin)which) {
	case LANG_BUILTIN_SUM:
		if (!split_args(c, e, name, "start", &npos, &kw))
			return true;
		if (npos == 0)
			compile_error_at(c, e->loc, "sum() takes at least 1 positional "
			    "argument (0 given)");
		else if (npos + (kw != NULL) > 2)
			compile_error_at(c, e->loc, "sum() takes at most 2 arguments (%d given)",
			    npos + (kw != NULL));
		else
			object_and_extra(c, first, npos == 2 ? e->u.call.args->next->value :
			    kw != NULL ? kw->value : NULL, LANG_BUILTIN_SUM, want_result, e->loc);
		return true;
	case LANG_BUILTIN_SORTED:
		if (!split_args(c, e, name, "reverse", &npos, &kw))
			return true;
		if (npos != 1)
			compile_error_at(c, e->loc, "sorted expected 1 argument, got %d", npos);
		else
			object_and_extra(c, first, kw != NULL ? kw->value : NULL,
			    LANG_BUILTIN_SORTED, want_result, e->loc);
		return true;
	case LANG_BUILTIN_MIN:
	case LANG_BUILTIN_MAX:
		if (!split_args(c, e, name, NULL, &npos, &kw))
			return true;
		if (npos == 0) {
			compile_error_at(c, e->loc, "%s expected at least 1 argument, got 0",
			    name);
			return true;
		}
		if (npos == 1) {
			object_and_extra(c, first, NULL, which, want_result, e->loc);
			return true;
		}
		for (a = e->u.call.args; a != NULL; a = a->next)
			compile_expr(c, a->value);
		compile_emit(c, LANG_OP_TUPLE_NEW, npos, 0, 0, e->loc);
		emit(c, which, 0, want_result, e->loc);
		return true;
	case LANG_BUILTIN_INT:
		if (!split_args(c, e, name, NULL, &npos, &kw))
			return true;
		if (npos > 1)
			compile_error_at(c, e->u.call.args->next->value->loc, "lockstep's int() "
			    "takes no base; it reads decimal digits");
		else if (npos == 0) {
			compile_emit_int(c, 0, e->loc);
			if (!want_result)
				compile_emit(c, LANG_OP_POP, 0, 0, 0, e->loc);
		} else
			object_and_extra(c, first, NULL, which, want_result, e->loc);
		return true;
	case LANG_BUILTIN_ABS:
	case LANG_BUILTIN_ANY:
	case LANG_BUILTIN_ALL:
		if (!split_args(c, e, name, NULL, &npos, &kw))
			return true;
		if (npos != 1)
			compile_error_at(c, e->loc, "%s() takes exactly one argument (%d given)",
			    name, npos);
		else
			object_and_extra(c, first, NULL, which, want_result, e->loc);
		return true;
	case LANG_BUILTIN_LIST:
	case LANG_BUILTIN_TUPLE:
		if (!split_args(c, e, name, NULL, &npos, &kw))
			return true;
		if (npos > 1)
			compile_error_at(c, e->loc, "%s expected at most 1 argument, got %d",
			    name, npos);
		else if (npos == 0) {
			compile_emit(c, which == LANG_BUILTIN_LIST ? LANG_OP_LIST_NEW :
			    LANG_OP_TUPLE_NEW, 0, 0, 0, e->loc);
			c->prog->uses_heap = true;
			if (!want_result)
				compile_emit(c, LANG_OP_POP, 0, 0, 0, e->loc);
		} else
			object_and_extra(c, first, NULL, which, want_result, e->loc);
		return true;
	case LANG_BUILTIN_ITEMS:
	case LANG_BUILTIN_KEYS:
	case LANG_BUILTIN_VALUES:
	case LANG_BUILTIN_COUNT:
		break;
	}
	return false;
}
