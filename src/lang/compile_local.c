/* compile_local.c - threading.local() in a Python program: each thread's
 * own attributes.
 *
 * `mine = threading.local()` gives every thread its own mine.x: set in
 * one thread, unseen in another; read before this thread sets it, an
 * AttributeError.  Nothing of it is shared, so no access is a step.
 * lockstep already has exactly that storage: a function's locals, one set
 * per call.  A function that only threads run (the target= of Thread
 * objects, or a Thread subclass's run(), and called by no code) has one
 * call per thread, lasting as long as the thread; so there, mine.x is
 * read as the local `mine.x`, and in the module's own code as main's own
 * `mine.x`.  The local's definite assignment is then CPython's
 * AttributeError, found when the program is compiled.  mine.x in a
 * function that other code calls would be that call's, not the thread's:
 * an error that says so, as is `mine` used any other way.  Runs before
 * the names are resolved and after compile_python_classes, whose run()
 * functions it reads as threads' code.
 */
#include "config.h"

#include "lang/compiler.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct locals_walk {
	struct compiler *c;
	const char **vars;	/* the names bound to threading.local() */
	size_t nvars;
	const struct ast_top *top;	/* the code being read */
	const char *func;		/* a def named in calls: is it called? */
	bool called;
	bool target;			/* ... or the target= of a Thread */
	const struct ast_expr *first_use;	/* of an attribute, in top */
};

/* threading.local(), however threading or local is imported. */
static bool
is_local_ctor(const struct ast_file *file, const struct ast_expr *e)
{
	const struct ast_expr *f;
	const struct ast_import *im;

	if (e == NULL || e->kind != AST_CALL)
		return false;
	f = e->u.call.callee;
	if (f->kind == AST_NAME)
		return (im = ast_find_import(file, f->u.name)) != NULL && im->name != NULL &&
		    strcmp(im->module, "threading") == 0 && strcmp(im->name, "local") == 0;
	return f->kind == AST_ATTR && f->u.attr.base->kind == AST_NAME &&
	    strcmp(f->u.attr.name, "local") == 0 &&
	    (im = ast_find_import(file, f->u.attr.base->u.name)) != NULL && im->name == NULL &&
	    strcmp(im->module, "threading") == 0;
}

static const char *
local_var(const struct locals_walk *w, const struct ast_expr *e)
{
	size_t i;

	if (e->kind != AST_NAME)
		return NULL;
	for (i = 0; i < w->nvars; i++)
		if (strcmp(w->vars[i], e->u.name) == 0)
			return w->vars[i];
	return NULL;
}

/* Whether func is called, or made a Thread's target, in e. */
static bool
call_visit(struct ast_expr **slot, void *arg)
{
	struct locals_walk *w = arg;
	const struct ast_expr *e = *slot;
	const struct ast_arg *a;

	if (e->kind != AST_CALL)
		return true;
	if (e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, w->func) == 0 && w->top->kind != AST_THREAD)
		w->called = true;
	if (compile_names_thread_class(w->c->file, e->u.call.callee))
		for (a = e->u.call.args; a != NULL; a = a->next)
			if (a->keyword != NULL && strcmp(a->keyword, "target") == 0 &&
			    a->value->kind == AST_NAME && strcmp(a->value->u.name, w->func) == 0)
				w->target = true;
	return true;
}

/* A def whose every run is a whole thread's: made a thread's code (a
 * Thread's target=, a Thread subclass's run()) and called by no other
 * code. */
static bool
runs_as_thread(struct locals_walk *w, const struct ast_top *def)
{
	const struct ast_top *top, *saved = w->top;

	w->func = def->name;
	w->called = false;
	w->target = false;
	for (top = w->c->file->tops; top != NULL; top = top->next) {
		if (top->kind != AST_MAIN && top->kind != AST_DEF && top->kind != AST_THREAD)
			continue;
		w->top = top;
		ast_each_expr_in_block(top->body, call_visit, w);
		if (top->kind == AST_THREAD && top->body != NULL && top->body->kind == AST_EXPR &&
		    top->body->u.expr->kind == AST_CALL &&
		    top->body->u.expr->u.call.callee->kind == AST_NAME &&
		    strcmp(top->body->u.expr->u.call.callee->u.name, def->name) == 0)
			w->target = true;
	}
	w->top = saved;
	return w->target && !w->called;
}

static bool
use_visit(struct ast_expr **slot, void *arg)
{
	struct locals_walk *w = arg;
	struct compiler *c = w->c;
	struct ast_expr *e = *slot;
	const char *var;

	if (is_local_ctor(c->file, e)) {
		compile_error_at(c, e->loc, "a threading.local() made here is not supported; "
		    "lockstep reads one made among the module's opening assignments "
		    "(mine = threading.local())");
		return false;
	}
	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_ATTR &&
	    (var = local_var(w, e->u.call.callee->u.attr.base)) != NULL) {
		compile_error_at(c, e->u.call.callee->loc, "%s() of a threading.local() is not "
		    "supported; lockstep reads its attributes: %s.NAME", e->u.call.callee->u.attr.name,
		    var);
		return false;
	}
	if (e->kind == AST_NAME && (var = local_var(w, e)) != NULL) {
		compile_error_at(c, e->loc, "'%s' is a threading.local(); lockstep reads its "
		    "attributes (%s.NAME), each thread's own, not the object itself", var, var);
		return false;
	}
	if (e->kind != AST_ATTR || (var = local_var(w, e->u.attr.base)) == NULL)
		return true;
	if (w->first_use == NULL)
		w->first_use = e;
	e->kind = AST_NAME;
	e->u.name = ast_printf(c->file->arena, "%s.%s", var, e->u.attr.name);
	return false;
}

/* The attributes a code reads but never sets: CPython's AttributeError
 * in every run that reaches the read. */
static bool
unset_visit(struct ast_expr **slot, void *arg)
{
	struct locals_walk *w = arg;
	const struct ast_expr *e = *slot;
	const char *dot;
	size_t i;

	if (e->kind != AST_NAME || (dot = strchr(e->u.name, '.')) == NULL ||
	    compile_assigned_at(w->top->body, e->u.name) > 0)
		return true;
	for (i = 0; i < w->nvars; i++)
		if (strlen(w->vars[i]) == (size_t)(dot - e->u.name) &&
		    strncmp(w->vars[i], e->u.name, (size_t)(dot - e->u.name)) == 0) {
			compile_error_at(w->c, e->loc, "AttributeError: '_thread._local' object "
			    "has no attribute '%s': %s%s never sets %s, and a threading.local()'s "
			    "attributes are each thread's own", dot + 1, w->top->kind == AST_MAIN ?
			    "the module's code" : w->top->name, w->top->kind == AST_MAIN ? "" : "()",
			    e->u.name);
			return false;
		}
	return true;
}

void
compile_python_thread_locals(struct compiler *c)
{
	struct locals_walk w;
	struct ast_top **link, *top;
	size_t cap = 0, errors = c->diags->errors;

	memset(&w, 0, sizeof(w));
	w.c = c;
	for (link = &c->file->tops; (top = *link) != NULL;) {
		if (top->kind != AST_DECL || !is_local_ctor(c->file, top->value)) {
			link = &top->next;
			continue;
		}
		if (top->value->u.call.args != NULL) {
			compile_error_at(c, top->value->u.call.args->value->loc, "TypeError: "
			    "threading.local() takes no arguments");
			break;
		}
		w.vars = xgrow(w.vars, &cap, w.nvars + 1, sizeof(*w.vars));
		w.vars[w.nvars++] = top->name;
		*link = top->next;	/* nothing to declare: each thread has its own */
	}
	if (c->diags->errors != errors) {
		free(w.vars);
		return;
	}
	for (top = c->file->tops; top != NULL && c->diags->errors == errors; top = top->next) {
		if (top->kind != AST_MAIN && top->kind != AST_DEF)
			continue;
		w.top = top;
		w.first_use = NULL;
		ast_each_expr_in_block(top->body, use_visit, &w);
		if (w.first_use == NULL || c->diags->errors != errors)
			continue;
		if (top->kind == AST_DEF && !runs_as_thread(&w, top)) {
			compile_error_at(c, w.first_use->loc, "a threading.local()'s attribute "
			    "in %s(), which %s: lockstep reads them in the module's code and in "
			    "the functions only threads run (a Thread's target=, a Thread "
			    "subclass's run()), where each run is one thread's", top->name,
			    w.called ? "other code calls" : "is no thread's code");
			break;
		}
		ast_each_expr_in_block(top->body, unset_visit, &w);
	}
	free(w.vars);
}
