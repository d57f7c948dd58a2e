/* compile_py.c - a Python program's imported names, resolved before pass 1.
 *
 * `threading.Lock()`, `th.Lock()` after `import threading as th`, and
 * `Lock()` after `from threading import Lock` all make the primitive that
 * `Lock()` makes in a .race file: each such call's callee is rewritten to
 * the primitive's own name, so that the rest of the compiler knows one
 * spelling.  time.sleep (however imported) becomes the callee "time.sleep",
 * a name no program can write, which the statement compiler turns into a
 * sleep in seconds; threading.Thread becomes "threading.Thread", which
 * compile_threads.c reads.  Everything else that names a module lockstep
 * knows is an error here, said once, at the name: a name the module
 * lacks, a name not supported yet, a module or name used without its
 * import.
 */
#include "config.h"

#include "lang/compiler.h"

#include <string.h>

#include "lang/pymodules.h"

static void resolve_expr(struct compiler *c, struct ast_expr *e);

/* A callee that names `module.name` (an entry of lang/pymodules.h): make
 * it the name the compiler knows, or report why it cannot be used. */
static void
use_entry(struct compiler *c, struct ast_expr *callee, const struct lang_py_name *n,
    const char *written)
{
	switch (n->kind) {
	case LANG_PY_PRIM:
		callee->kind = AST_NAME;
		callee->u.name = lang_prim_info(n->prim)->name;
		return;
	case LANG_PY_SLEEP:
		callee->kind = AST_NAME;
		callee->u.name = "time.sleep";
		return;
	case LANG_PY_THREAD:
		callee->kind = AST_NAME;
		callee->u.name = "threading.Thread";
		return;
	case LANG_PY_LATER:
		compile_error_at(c, callee->loc, "%s (%s.%s) is not supported yet", written,
		    n->module, n->name);
		return;
	}
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

static void
resolve_expr(struct compiler *c, struct ast_expr *e)
{
	struct ast_fpart *part;
	struct ast_arg *a;
	int i;

	if (e == NULL)
		return;
	switch (e->kind) {
	case AST_INT:
	case AST_STR:
	case AST_BOOL:
	case AST_NONE:
	case AST_NAME:
	case AST_FLOAT:
		return;
	case AST_INDEX:
		resolve_expr(c, e->u.index.base);
		resolve_expr(c, e->u.index.index);
		return;
	case AST_ATTR:
		resolve_expr(c, e->u.attr.base);
		return;
	case AST_CALL:
		if (e->u.call.callee->kind == AST_NAME)
			resolve_name_callee(c, e->u.call.callee);
		else if (e->u.call.callee->kind == AST_ATTR)
			resolve_attr_callee(c, e->u.call.callee);
		if (e->u.call.callee->kind == AST_ATTR)
			resolve_expr(c, e->u.call.callee->u.attr.base);
		for (a = e->u.call.args; a != NULL; a = a->next)
			resolve_expr(c, a->value);
		return;
	case AST_UNARY:
		resolve_expr(c, e->u.unary.operand);
		return;
	case AST_BINARY:
		resolve_expr(c, e->u.binary.lhs);
		resolve_expr(c, e->u.binary.rhs);
		return;
	case AST_AND:
	case AST_OR:
		resolve_expr(c, e->u.logic.lhs);
		resolve_expr(c, e->u.logic.rhs);
		return;
	case AST_LIST:
		for (i = 0; i < e->u.list.n; i++)
			resolve_expr(c, e->u.list.items[i]);
		return;
	case AST_LISTCOMP:
		resolve_expr(c, e->u.comp.elem);
		resolve_expr(c, e->u.comp.range);
		return;
	case AST_FSTRING:
		for (part = e->u.fstr; part != NULL; part = part->next)
			resolve_expr(c, part->expr);
		return;
	}
}

static void
resolve_block(struct compiler *c, struct ast_stmt *s)
{
	for (; s != NULL; s = s->next) {
		switch (s->kind) {
		case AST_ASSIGN:
			resolve_expr(c, s->u.assign.target);
			resolve_expr(c, s->u.assign.value);
			break;
		case AST_EXPR:
			resolve_expr(c, s->u.expr);
			break;
		case AST_IF: {
			struct ast_stmt *arm = s;

			/* an elif chain walked, not recursed into: it can be long */
			for (; compile_is_elif(arm->u.if_.otherwise); arm = arm->u.if_.otherwise) {
				resolve_expr(c, arm->u.if_.cond);
				resolve_block(c, arm->u.if_.then);
			}
			resolve_expr(c, arm->u.if_.cond);
			resolve_block(c, arm->u.if_.then);
			resolve_block(c, arm->u.if_.otherwise);
			break;
		}
		case AST_WHILE:
			resolve_expr(c, s->u.while_.cond);
			resolve_block(c, s->u.while_.body);
			break;
		case AST_FOR:
			resolve_expr(c, s->u.for_.range);
			resolve_block(c, s->u.for_.body);
			break;
		case AST_ASSERT:
			resolve_expr(c, s->u.assert_.cond);
			resolve_expr(c, s->u.assert_.message);
			break;
		case AST_ATOMIC:
			resolve_block(c, s->u.body);
			break;
		case AST_WITH:
			resolve_expr(c, s->u.with.prim);
			resolve_block(c, s->u.with.body);
			break;
		case AST_RETURN:
			resolve_expr(c, s->u.value);
			break;
		case AST_BREAK:
		case AST_CONTINUE:
		case AST_PASS:
		case AST_GLOBAL:
			break;
		}
	}
}

void
compile_python_names(struct compiler *c)
{
	struct ast_top *top;

	for (top = c->file->tops; top != NULL; top = top->next) {
		switch (top->kind) {
		case AST_DECL:
		case AST_EXPECT:
			resolve_expr(c, top->value);
			break;
		case AST_THREAD:
		case AST_MAIN:
		case AST_DEF:
			resolve_block(c, top->body);
			break;
		}
	}
}
