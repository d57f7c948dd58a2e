/* compile_py.c - a Python program's imported names, resolved before pass 1.
 *
 * `threading.Lock()`, `th.Lock()` after `import threading as th`, and
 * `Lock()` after `from threading import Lock` all make the primitive that
 * `Lock()` makes in a .race file: each such call's callee is rewritten to
 * the primitive's own name, so that the rest of the compiler knows one
 * spelling.  time.sleep (however imported) becomes the callee "time.sleep",
 * a name no program can write, which the statement compiler turns into a
 * sleep in seconds; threading.Thread, current_thread and main_thread
 * become "threading.Thread" and so on, which compile_threads.c reads.
 * Everything else that names a module lockstep knows is an error here,
 * said once, at the name: a name the module lacks, a name not supported
 * yet, a module or name used without its import.  A .race file's imports
 * resolve the same way (its own names need none), but for the names that
 * make or find threads, which only a .py file has.
 */
#include "config.h"

#include "lang/compiler.h"

#include <string.h>

#include "lang/exceptions.h"
#include "lang/pymodules.h"

/* A callee that names `module.name` (an entry of lang/pymodules.h): make
 * it the name the compiler knows, or report why it cannot be used. */
static void
use_entry(struct compiler *c, struct ast_expr *callee, const struct lang_py_name *n,
    const char *written)
{
	const char *as = NULL;

	if (!c->file->python && (n->kind == LANG_PY_THREAD || n->kind == LANG_PY_TIMER ||
	    n->kind == LANG_PY_CURRENT || n->kind == LANG_PY_MAIN_THREAD)) {
		/* a .race file's threads are its blocks, all known before it runs */
		compile_error_at(c, callee->loc, "%s.%s is for .py files (lockstep "
		    "FILE.py); a .race file's threads are its 'thread NAME:' blocks, started "
		    "with the scenario and joined at its end",
		    n->module, n->name);
		return;
	}
	switch (n->kind) {
	case LANG_PY_PRIM:
		as = lang_prim_info(n->prim)->name;
		break;
	case LANG_PY_SLEEP:
		as = "time.sleep";
		break;
	case LANG_PY_THREAD:
		as = "threading.Thread";
		break;
	case LANG_PY_EXCEPTION:	/* raise queue.Empty(): a name no program can write */
		as = lang_exc_printed(NULL, lang_exc_in_module(n->module, n->name));
		break;
	case LANG_PY_TIMER:
		as = "threading.Timer";
		break;
	case LANG_PY_CURRENT:
		as = "threading.current_thread";
		break;
	case LANG_PY_MAIN_THREAD:
		as = "threading.main_thread";
		break;
	case LANG_PY_LATER:
		compile_error_at(c, callee->loc, "%s (%s.%s) is not supported yet", written,
		    n->module, n->name);
		return;
	}
	callee->kind = AST_NAME;
	callee->u.name = as;
}

static void
resolve_name_callee(struct compiler *c, struct ast_expr *f)
{
	const struct ast_import *im = ast_find_import(c->file, f->u.name);
	const char *name = f->u.name;
	int prim;

	if (im != NULL && im->name == NULL) {
		compile_error_at(c, f->loc, "'%s' is a module; call one of its names: %s.%s()",
		    name, name, strcmp(im->module, "time") == 0 ? "sleep" :
		    strcmp(im->module, "queue") == 0 ? "Queue" : "Lock");
		return;
	}
	if (im != NULL) {
		use_entry(c, f, lang_py_lookup(im->module, im->name), name);
		return;
	}
	if (!c->file->python)
		return;		/* a .race file's own names: Lock(), sleep() */
	prim = lang_prim_by_name(name, (unsigned)strlen(name));
	if (prim == LANG_PRIM_RWLOCK)
		compile_error_at(c, f->loc, "'RWLock' is lockstep's, not Python's: Python's "
		    "threading module has no read-write lock");
	else if (prim >= 0)
		compile_error_at(c, f->loc, "'%s' is not defined; add 'from %s import %s', or "
		    "write %s.%s() after 'import %s'", name,
		    prim == LANG_PRIM_QUEUE ? "queue" : "threading", name,
		    prim == LANG_PRIM_QUEUE ? "queue" : "threading", name,
		    prim == LANG_PRIM_QUEUE ? "queue" : "threading");
	else if (strcmp(name, "sleep") == 0)
		compile_error_at(c, f->loc, "'sleep' is not defined; write time.sleep(seconds) "
		    "after 'import time', or add 'from time import sleep'");
}

static void
resolve_attr_callee(struct compiler *c, struct ast_expr *f)
{
	const struct ast_expr *base = f->u.attr.base;
	const struct ast_import *im;
	const struct lang_py_name *n;
	char list[200];

	if (base->kind != AST_NAME)
		return;
	im = ast_find_import(c->file, base->u.name);
	if (im == NULL) {
		if (lang_py_module_known(base->u.name) && compile_find_shared(c, base->u.name) < 0)
			compile_error_at(c, base->loc, "'%s' is not imported; add 'import %s' "
			    "at the top", base->u.name, base->u.name);
		return;
	}
	if (im->name != NULL)
		return;		/* an imported class's method: not in the subset */
	n = lang_py_lookup(im->module, f->u.attr.name);
	if (n == NULL) {
		lang_py_supported(im->module, list, sizeof(list));
		compile_error_at(c, f->loc, "%s.%s is not supported; from %s lockstep supports "
		    "%s", im->module, f->u.attr.name, im->module, list);
		return;
	}
	use_entry(c, f, n, f->u.attr.name);
}

/* Each call's callee, wherever the call is. */
static bool
resolve_call(struct ast_expr **slot, void *arg)
{
	struct compiler *c = arg;
	struct ast_expr *e = *slot;

	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME)
		resolve_name_callee(c, e->u.call.callee);
	else if (e->kind == AST_CALL && e->u.call.callee->kind == AST_ATTR)
		resolve_attr_callee(c, e->u.call.callee);
	return true;
}

void
compile_python_names(struct compiler *c)
{
	struct ast_top *top;

	for (top = c->file->tops; top != NULL; top = top->next) {
		switch (top->kind) {
		case AST_DECL:
		case AST_EXPECT:
			ast_each_expr(&top->value, resolve_call, c);
			break;
		case AST_THREAD:
		case AST_MAIN:
		case AST_DEF:
			ast_each_expr_in_block(top->body, resolve_call, c);
			break;
		}
	}
}
