/* compile_threads_def.c - a def that the module's main code runs exactly
 * once, read as main code: the lecture's
 *
 *     def main():
 *         lock = threading.Lock()
 *         threads = [threading.Thread(target=work, args=(lock,)) ...]
 *         ...
 *     if __name__ == "__main__":
 *         main()
 *
 * compile_threads.c elaborates the Thread objects of main code at compile
 * time.  A def is main code too when it is certain to run once, from main
 * code, in order: the program names it exactly once, and that once is a
 * call as a statement of main code (the module's, or of a def that is
 * itself main code) -- not in a loop or an if, not recursive, not passed
 * anywhere.  Its body stays a def (its locals stay its locals, its calls
 * and returns show on the call stack); only its Thread objects are
 * elaborated, by compile_threads.c, when it meets the call.
 *
 * Its primitives become the module's: `lock = threading.Lock()` as a
 * statement of such a def's own block (not in a loop or an if), the name
 * a local assigned nowhere else, makes one Lock in the whole run.  It is
 * declared as a module-level primitive named "main.lock" (the def's name,
 * a dot, the local's: a name no program can write, which the views show),
 * and the def's uses of the local name it.  Then compile_prim_args.c
 * sees it passed as args=(main.lock,) like any module-level primitive.
 * Which defs run once is marked first, before compile_class.c reads the
 * instances they make (it needs no name resolved: a call of the def's own
 * name); their primitives are hoisted later, once the imported names are
 * resolved, before compile_prim_args.c and pass 1.
 */
#include "config.h"

#include "lang/compiler.h"

#include <stdio.h>
#include <string.h>

#include "lang/limits.h"

struct mentions {
	const char *name;
	int count;
};

static bool
count_mention(struct ast_expr **slot, void *arg)
{
	struct mentions *m = arg;

	if ((*slot)->kind == AST_NAME && strcmp((*slot)->u.name, m->name) == 0)
		m->count++;
	return true;
}

/* How many times block (and the statements after it) names name. */
int
compile_mentions_in_block(struct ast_stmt *block, const char *name)
{
	struct mentions m = { name, 0 };

	ast_each_expr_in_block(block, count_mention, &m);
	return m.count;
}

/* How many times the program names name in code (calls, target=, any
 * other use). */
int
compile_mentions_of(struct ast_file *file, const char *name)
{
	struct mentions m = { name, 0 };
	const struct ast_class *k;
	struct ast_top *top;

	for (top = file->tops; top != NULL; top = top->next) {
		if (top->kind == AST_DEF || top->kind == AST_MAIN || top->kind == AST_THREAD)
			ast_each_expr_in_block(top->body, count_mention, &m);
		else if (top->value != NULL)
			ast_each_expr(&top->value, count_mention, &m);
	}
	for (k = file->classes; k != NULL; k = k->next)
		for (top = k->methods; top != NULL; top = top->next)
			ast_each_expr_in_block(top->body, count_mention, &m);
	return m.count;
}

static struct ast_top *
find_def(struct ast_file *file, const char *name)
{
	struct ast_top *top;

	for (top = file->tops; top != NULL; top = top->next)
		if (top->kind == AST_DEF && strcmp(top->name, name) == 0)
			return top;
	return NULL;
}

struct ast_top *
compile_run_once_def(struct compiler *c, const struct ast_stmt *s)
{
	struct ast_top *def;

	if (s->kind != AST_EXPR || s->u.expr->kind != AST_CALL ||
	    s->u.expr->u.call.callee->kind != AST_NAME)
		return NULL;
	def = find_def(c->file, s->u.expr->u.call.callee->u.name);
	return def != NULL && def->run_once == s ? def : NULL;
}

static bool
declared_global(const struct ast_stmt *s, const char *name)
{
	const struct ast_name *n;

	for (; s != NULL; s = s->next)
		if (s->kind == AST_GLOBAL)
			for (n = s->u.names; n != NULL; n = n->next)
				if (strcmp(n->name, name) == 0)
					return true;
	return false;
}

static bool
is_param(const struct ast_top *def, const char *name)
{
	const struct ast_param *p;

	for (p = def->params; p != NULL; p = p->next)
		if (strcmp(p->name, name) == 0)
			return true;
	return false;
}

/* Whether block s assigns name anywhere but in the statement except (its
 * elements too when elements). */
static bool
assigned_elsewhere(const struct ast_stmt *s, const char *name, const struct ast_stmt *except,
    bool elements)
{
	struct ast_stmt one;

	for (; s != NULL; s = s->next) {
		if (s == except)
			continue;
		one = *s;
		one.next = NULL;	/* compile_assigned_at reads the rest too */
		if ((elements ? compile_assigned_at(&one, name) :
		    compile_rebound_at(&one, name)) > 0)
			return true;
	}
	return false;
}

struct known_args {
	struct compiler *c;
	const char *def;
	bool ok;
};

/* A name in a hoisted primitive's arguments must hold one value for the
 * whole run: a module name no code assigns (pass 1 checks it is one). */
static bool
known_arg(struct ast_expr **slot, void *arg)
{
	struct known_args *k = arg;
	const struct ast_expr *e = *slot;
	unsigned line;

	if (!k->ok || e->kind != AST_NAME)
		return k->ok;
	line = compile_assigned_in_code(k->c, e->u.name);
	if (line > 0) {
		compile_error_at(k->c, e->loc, "a primitive that %s() makes takes constant "
		    "arguments; '%s' is assigned at line %u", k->def, e->u.name, line);
		k->ok = false;
	}
	return k->ok;
}

/* The statement NAME = value at *link, of def's own block, made the
 * module's opening name "def.NAME" that def's code names instead. */
static void
declare_hoisted(struct compiler *c, struct ast_top *def, struct ast_stmt **link,
    struct ast_top ***decls)
{
	struct ast_stmt *s = *link;
	const struct ast_expr *t = s->u.assign.target;
	struct ast_top *decl;

	decl = ast_alloc(c->file->arena, sizeof(*decl));
	decl->kind = AST_DECL;
	decl->loc = decl->name_loc = t->loc;
	decl->name = ast_printf(c->file->arena, "%s.%s", def->name, t->u.name);
	decl->value = s->u.assign.value;
	decl->next = **decls;
	**decls = decl;
	*decls = &decl->next;
	compile_rename_in_block(def->body, t->u.name, decl->name);
	*link = s->next;	/* made once, before the run: nothing left to do */
}

/* NAME = Primitive(...) as a statement of def's own block: declared as the
 * module-level primitive "def.NAME" when that is certain to be the same. */
static void
hoist_primitive(struct compiler *c, struct ast_top *def, struct ast_stmt **link,
    struct ast_top ***decls)
{
	struct ast_stmt *s = *link;
	const struct ast_expr *t = s->u.assign.target, *v = s->u.assign.value;
	struct known_args k = { c, def->name, true };
	struct ast_expr *value = s->u.assign.value;

	if (s->u.assign.augmented || t->kind != AST_NAME || v->kind != AST_CALL ||
	    v->u.call.callee->kind != AST_NAME ||
	    lang_prim_by_name(v->u.call.callee->u.name,
	    (unsigned)strlen(v->u.call.callee->u.name)) < 0)
		return;
	if (declared_global(def->body, t->u.name) || is_param(def, t->u.name) ||
	    assigned_elsewhere(def->body, t->u.name, s, true))
		return;	/* not one primitive: "cannot be passed" says why */
	ast_each_expr(&value, known_arg, &k);
	if (k.ok)
		declare_hoisted(c, def, link, decls);
}

static const struct ast_top *
find_decl(const struct ast_file *file, const char *name)
{
	const struct ast_top *top;

	for (top = file->tops; top != NULL; top = top->next)
		if (top->kind == AST_DECL && strcmp(top->name, name) == 0)
			return top;
	return NULL;
}

/* Whether e is certain to have one value wherever code of def (or main
 * code, def NULL) reads it, before the run: literals, operators on them,
 * and the module's opening names that no code binds, def's parameters
 * hiding none of them. */
static bool
constant_expr(const struct compiler *c, const struct ast_top *def, const struct ast_expr *e,
    int depth)
{
	const struct ast_top *decl;

	if (depth > 16)
		return false;
	switch (e->kind) {
	case AST_INT: case AST_FLOAT: case AST_STR: case AST_BOOL: case AST_NONE:
		return true;
	case AST_UNARY:
		return constant_expr(c, def, e->u.unary.operand, depth + 1);
	case AST_BINARY:
		return constant_expr(c, def, e->u.binary.lhs, depth + 1) &&
		    constant_expr(c, def, e->u.binary.rhs, depth + 1);
	case AST_NAME:
		decl = find_decl(c->file, e->u.name);
		return decl != NULL && (def == NULL || !is_param(def, e->u.name)) &&
		    compile_assigned_in_code(c, e->u.name) == 0 &&
		    constant_expr(c, NULL, decl->value, depth + 1);
	default:
		return false;
	}
}

/* A list, tuple or dict display of constants, or [constants] * count. */
static bool
constant_display(const struct compiler *c, const struct ast_top *def,
    const struct ast_expr *e)
{
	int i;

	if (e->kind == AST_BINARY && e->u.binary.op == LANG_BIN_MUL) {
		const struct ast_expr *list = e->u.binary.lhs->kind == AST_LIST ?
		    e->u.binary.lhs : e->u.binary.rhs;
		const struct ast_expr *count = list == e->u.binary.lhs ?
		    e->u.binary.rhs : e->u.binary.lhs;

		return list->kind == AST_LIST && constant_display(c, def, list) &&
		    constant_expr(c, def, count, 0);
	}
	if (e->kind != AST_LIST && e->kind != AST_TUPLE && e->kind != AST_DICT)
		return false;
	for (i = 0; i < e->u.list.n; i++)
		if (!constant_expr(c, def, e->u.list.items[i], 0))
			return false;
	return true;
}

struct thread_arg_use {
	const char *name;
	bool passed;	/* in a Thread's or Timer's args= or kwargs= */
	bool comp_var;	/* a comprehension's own variable */
	bool makes;	/* the block makes a Thread or a Timer */
	bool appends;	/* it appends to name what may be a Thread (a list
			 * of threads, which compile_threads.c reads) */
};

static bool
find_thread_arg(struct ast_expr **slot, void *arg)
{
	struct thread_arg_use *u = arg;
	const struct ast_expr *e = *slot;
	const struct ast_arg *a;

	if (e->kind == AST_LISTCOMP && strcmp(e->u.comp.var, u->name) == 0)
		u->comp_var = true;
	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_ATTR &&
	    e->u.call.callee->u.attr.base->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.attr.base->u.name, u->name) == 0 &&
	    strcmp(e->u.call.callee->u.attr.name, "append") == 0 && e->u.call.args != NULL &&
	    (e->u.call.args->value->kind == AST_NAME || e->u.call.args->value->kind == AST_CALL))
		u->appends = true;
	if (e->kind != AST_CALL || e->u.call.callee->kind != AST_NAME ||
	    (strcmp(e->u.call.callee->u.name, "threading.Thread") != 0 &&
	    strcmp(e->u.call.callee->u.name, "threading.Timer") != 0))
		return true;
	u->makes = true;
	for (a = e->u.call.args; a != NULL; a = a->next) {
		struct mentions m = { u->name, 0 };
		struct ast_expr *v = a->value;

		if (a->keyword == NULL || (strcmp(a->keyword, "args") != 0 &&
		    strcmp(a->keyword, "kwargs") != 0))
			continue;
		ast_each_expr(&v, count_mention, &m);
		if (m.count > 0)
			u->passed = true;
	}
	return true;
}

/* NAME = [...] (or (...), {...}, [c] * n) as a statement of def's own
 * block, NAME passed to a Thread: the object the threads share.  Made
 * the module's opening object "def.NAME" when that changes nothing
 * CPython does: the display is of constants, def binds NAME nowhere else
 * (so every thread gets this one object, whenever it reads its
 * arguments), def names NAME nowhere before (no UnboundLocalError
 * lost), and appends to it no name or call's value (a list of threads
 * passed on stays compile_threads.c's diagnostic).  Nothing else can
 * name a def's local, so making it before the run is not seen. */
static void
hoist_object(struct compiler *c, struct ast_top *def, struct ast_stmt **link,
    struct ast_top ***decls)
{
	struct ast_stmt *s = *link, *before;
	const struct ast_expr *t = s->u.assign.target;
	struct thread_arg_use u = { NULL, false, false, false, false };

	if (s->u.assign.augmented || t->kind != AST_NAME ||
	    !constant_display(c, def, s->u.assign.value))
		return;
	u.name = t->u.name;
	ast_each_expr_in_block(def->body, find_thread_arg, &u);
	if (!u.passed || u.comp_var || u.appends || declared_global(def->body, u.name) ||
	    is_param(def, u.name) || assigned_elsewhere(def->body, u.name, s, false))
		return;
	for (before = def->body; before != s; before = before->next) {
		struct ast_stmt one = *before;

		one.next = NULL;
		if (compile_mentions_in_block(&one, u.name) > 0 ||
		    compile_assigned_at(&one, u.name) > 0)
			return;
	}
	declare_hoisted(c, def, link, decls);
}

struct instance_made {
	const struct compiler *c;
	bool found;
};

static bool
find_instance_made(struct ast_expr **slot, void *arg)
{
	struct instance_made *m = arg;
	const struct ast_expr *e = *slot;

	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    compile_find_class(m->c, e->u.call.callee->u.name) != NULL)
		m->found = true;
	return !m->found;
}

/* Whether def's code makes an instance of one of the program's classes. */
static bool
makes_instance(const struct compiler *c, struct ast_top *def)
{
	struct instance_made m = { c, false };

	ast_each_expr_in_block(def->body, find_instance_made, &m);
	return m.found;
}

/* def's parameters that its one call (main code's statement call, in
 * caller's code, or the module's when caller is NULL) passes a constant,
 * and that def never assigns: that constant wherever def names them, when
 * def makes threads or instances.  The thread count of range(num_threads)
 * or args=(n,), and the arguments of Pool(n), are then known.  A call that does not bind its arguments plainly is left
 * as it is, and so is a def that makes no thread (its parameters are
 * locals as they were). */
static void
constant_params(struct compiler *c, struct ast_top *def, const struct ast_expr *call,
    const struct ast_top *caller)
{
	const struct ast_expr *given[LANG_MAX_PARAMS];
	const struct ast_param *p;
	const struct ast_arg *a;
	struct thread_arg_use u = { "", false, false, false, false };
	int k = 0, n = 0;

	ast_each_expr_in_block(def->body, find_thread_arg, &u);
	if ((!u.makes && !makes_instance(c, def)) || def->nparams > LANG_MAX_PARAMS)
		return;
	memset(given, 0, sizeof(given));
	for (a = call->u.call.args; a != NULL; a = a->next) {
		if (a->keyword == NULL) {
			if (n >= def->nparams)
				return;
			given[n++] = a->value;
			continue;
		}
		for (p = def->params, k = 0; p != NULL && strcmp(p->name, a->keyword) != 0;
		    p = p->next)
			k++;
		if (p == NULL || given[k] != NULL)
			return;
		given[k] = a->value;
	}
	for (p = def->params, k = 0; p != NULL; p = p->next, k++) {
		const struct ast_expr *v = given[k] != NULL ? given[k] : p->default_value;

		/* the names in v mean the same in def as in caller */
		if (v == NULL || !constant_expr(c, caller, v, 0) ||
		    !constant_expr(c, def, v, 0) || compile_assigned_at(def->body, p->name) > 0)
			continue;
		compile_substitute_in_block(c, def->body, p->name, v);
	}
}

/* Mark the defs that block (main code: of caller, or the module's when
 * NULL) runs once, and theirs in turn; and put in the constant parameters
 * of those that make instances, before compile_class.c reads them (those
 * that make threads get theirs in hoist_run_once, once threading.Thread
 * is resolved). */
static void
mark_run_once(struct compiler *c, struct ast_stmt *block, const struct ast_top *caller)
{
	struct ast_stmt *s;
	struct ast_top *def;

	for (s = block; s != NULL; s = s->next) {
		if (s->kind != AST_EXPR || s->u.expr->kind != AST_CALL ||
		    s->u.expr->u.call.callee->kind != AST_NAME)
			continue;
		def = find_def(c->file, s->u.expr->u.call.callee->u.name);
		if (def == NULL || def->run_once != NULL ||
		    compile_mentions_of(c->file, def->name) != 1)
			continue;
		def->run_once = s;
		constant_params(c, def, s->u.expr, caller);
		mark_run_once(c, def->body, def);
	}
}

static struct ast_top *
find_main(const struct compiler *c)
{
	struct ast_top *top, *main = NULL;

	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_MAIN)
			main = top;
	return main;
}

void
compile_python_mark_run_once(struct compiler *c)
{
	struct ast_top *main = find_main(c);

	if (main != NULL)
		mark_run_once(c, main->body, NULL);
}

/* The constant parameters, primitives and shared objects of the defs that
 * block (of caller, or the module's main code when NULL) runs once, in the
 * order met. */
static void
hoist_run_once(struct compiler *c, struct ast_stmt *block, const struct ast_top *caller,
    struct ast_top ***decls)
{
	struct ast_stmt *s, **link;
	struct ast_top *def;

	for (s = block; s != NULL; s = s->next) {
		if ((def = compile_run_once_def(c, s)) == NULL)
			continue;
		constant_params(c, def, s->u.expr, caller);
		for (link = &def->body; *link != NULL;) {
			struct ast_stmt *before = *link;

			if (before->kind == AST_ASSIGN)
				hoist_primitive(c, def, link, decls);
			if (*link == before && before->kind == AST_ASSIGN)
				hoist_object(c, def, link, decls);
			if (*link == before)
				link = &before->next;
		}
		hoist_run_once(c, def->body, def, decls);
	}
}

void
compile_python_run_once(struct compiler *c)
{
	struct ast_top **decls = &c->file->tops, *main = find_main(c);

	if (main == NULL)
		return;
	/* the primitives go in front of main, after every opening name */
	while (*decls != NULL && *decls != main)
		decls = &(*decls)->next;
	hoist_run_once(c, main->body, NULL, &decls);
}
