/* compile_prim_args.c - a primitive passed as an argument, in a Python
 * program: the lecture's `def worker(lock): with lock: ...` started as
 * `Thread(target=worker, args=(lock,))`.
 *
 * A local holds a value, never a primitive (program.h), so a parameter
 * cannot receive one at run time.  But when every call of a function (its
 * own calls and the Threads whose target it is) passes the same module-
 * level primitive for a parameter, the parameter always names that
 * primitive: the function is rewritten, before pass 1, to name it itself,
 * and the parameter and its arguments are dropped.  Python would bind the
 * same object; nothing a program can observe differs.  Any other use (two
 * primitives for one parameter, a parameter assigned) is left as it is,
 * and the compiler's "cannot be passed to a function" says why.
 */
#include "config.h"

#include "lang/compiler.h"

#include <string.h>

/* The line of a statement in block s that gives name a value (an
 * assignment to it, or to an element of it when elements, a loop
 * variable; an `except ... as` name when not elements), or 0. */
static unsigned
assigned_at(const struct ast_stmt *s, const char *name, bool elements)
{
	unsigned line = 0;

	for (; s != NULL && line == 0; s = s->next) {
		switch (s->kind) {
		case AST_ASSIGN: {
			const struct ast_expr *t = s->u.assign.target;

			if (t->kind == AST_INDEX && elements)
				t = t->u.index.base;
			if (t->kind == AST_NAME && strcmp(t->u.name, name) == 0)
				line = s->loc.line;
			break;
		}
		case AST_FOR:
			if (s->u.for_.var != NULL && strcmp(s->u.for_.var, name) == 0)
				line = s->loc.line;
			else
				line = assigned_at(s->u.for_.body, name, elements);
			break;
		case AST_IF:
			line = assigned_at(s->u.if_.then, name, elements);
			if (line == 0)
				line = assigned_at(s->u.if_.otherwise, name, elements);
			break;
		case AST_WHILE:
			line = assigned_at(s->u.while_.body, name, elements);
			break;
		case AST_ATOMIC:
			line = assigned_at(s->u.body, name, elements);
			break;
		case AST_WITH:
			line = assigned_at(s->u.with.body, name, elements);
			break;
		case AST_TRY: {
			struct ast_stmt *blocks[LANG_MAX_TRY_BLOCKS];
			size_t i, n = ast_try_blocks(s, blocks, LANG_MAX_TRY_BLOCKS);
			const struct ast_handler *h;

			for (i = 0; i < n && line == 0; i++)
				line = assigned_at(blocks[i], name, elements);
			for (h = s->u.try_.handlers; h != NULL && line == 0 && !elements;
			    h = h->next)
				if (h->name != NULL && strcmp(h->name, name) == 0)
					line = h->loc.line;
			break;
		}
		case AST_RAISE:
		case AST_EXPR:
		case AST_BREAK:
		case AST_CONTINUE:
		case AST_PASS:
		case AST_ASSERT:
		case AST_RETURN:
		case AST_GLOBAL:
			break;
		}
	}
	return line;
}

unsigned
compile_assigned_at(const struct ast_stmt *s, const char *name)
{
	return assigned_at(s, name, true);
}

unsigned
compile_rebound_at(const struct ast_stmt *s, const char *name)
{
	return assigned_at(s, name, false);
}

static unsigned
assigned_in_code(const struct compiler *c, const char *name, bool elements)
{
	const struct ast_top *top;
	unsigned line = 0;

	for (top = c->file->tops; top != NULL && line == 0; top = top->next)
		if (top->kind == AST_MAIN || top->kind == AST_DEF)
			line = assigned_at(top->body, name, elements);
	return line;
}

unsigned
compile_assigned_in_code(const struct compiler *c, const char *name)
{
	return assigned_in_code(c, name, true);
}

unsigned
compile_rebound_in_code(const struct compiler *c, const char *name)
{
	return assigned_in_code(c, name, false);
}

static bool
assigns(const struct ast_stmt *s, const char *name)
{
	return compile_assigned_at(s, name) > 0;
}

/* A module-level primitive's name: an opening assignment of a constructor
 * (compile_py.c has made every spelling the primitive's own name); or an
 * instance of a class, which is passed on the same terms
 * (compile_class.c). */
static bool
is_prim_decl(const struct compiler *c, const char *name)
{
	const struct ast_file *file = c->file;
	const struct ast_top *top;
	const struct ast_expr *v;

	if (compile_is_instance(c, name))
		return true;
	for (top = file->tops; top != NULL; top = top->next) {
		if (top->kind != AST_DECL || strcmp(top->name, name) != 0)
			continue;
		v = top->value;
		return v->kind == AST_CALL && v->u.call.callee->kind == AST_NAME &&
		    lang_prim_by_name(v->u.call.callee->u.name,
		    (unsigned)strlen(v->u.call.callee->u.name)) >= 0;
	}
	return false;
}

static bool
is_thread_of(const struct ast_expr *e, const char *func)
{
	const struct ast_arg *a;

	if (e->kind != AST_CALL || e->u.call.callee->kind != AST_NAME ||
	    strcmp(e->u.call.callee->u.name, "threading.Thread") != 0)
		return false;
	for (a = e->u.call.args; a != NULL; a = a->next)
		if (a->keyword != NULL && strcmp(a->keyword, "target") == 0)
			return a->value->kind == AST_NAME && strcmp(a->value->u.name, func) == 0;
	return false;
}

static struct ast_expr *
thread_args(const struct ast_expr *ctor)
{
	const struct ast_arg *a;

	for (a = ctor->u.call.args; a != NULL; a = a->next)
		if (a->keyword != NULL && strcmp(a->keyword, "args") == 0)
			return a->value->kind == AST_LIST || a->value->kind == AST_TUPLE ?
			    a->value : NULL;
	return NULL;
}

/* A Thread's kwargs= dict, or NULL. */
static struct ast_expr *
thread_kwargs(const struct ast_expr *ctor)
{
	const struct ast_arg *a;

	for (a = ctor->u.call.args; a != NULL; a = a->next)
		if (a->keyword != NULL && strcmp(a->keyword, "kwargs") == 0)
			return a->value->kind == AST_DICT ? a->value : NULL;
	return NULL;
}

/* The index of the key that names param in a kwargs= dict, or -1. */
static int
kwargs_key(const struct ast_expr *dict, const char *param)
{
	int i;

	for (i = 0; dict != NULL && i < dict->u.list.n; i += 2)
		if (dict->u.list.items[i]->kind == AST_STR &&
		    strlen(param) == dict->u.list.items[i]->u.str.len &&
		    memcmp(dict->u.list.items[i]->u.str.s, param,
		    dict->u.list.items[i]->u.str.len) == 0)
			return i;
	return -1;
}

/* One parameter of one function, checked at each of its call sites. */
struct param_use {
	const struct compiler *c;
	const struct ast_file *file;
	const char *func, *param;
	int k;
	const struct ast_top *caller;	/* the def the site is in, or NULL */
	const char *prim;		/* the primitive every site so far passes */
	unsigned prim_line;		/* the first site that passes it */
	bool mixed;			/* some site passes something else */
	struct lang_loc other;		/* the first such site */
	bool other_kind;		/* some site passes no primitive at all */
	struct lang_loc other_kind_at;	/* the first such site */
	bool recursive;			/* the def calls itself */
	bool drop;			/* second walk: remove the argument */
	/* the primitives the sites pass, in order, and with drop the def's
	 * copy for each that they are to call instead (copy_for_each) */
	const char *prims[LANG_MAX_PARAM_COPIES];
	int nprims;
	bool too_many;
	struct ast_top *copies[LANG_MAX_PARAM_COPIES];
	bool copying;
};

/* The argument a site passes for the parameter, and where it is. */
static struct ast_expr **
argument_slot(struct ast_expr *e, struct param_use *u, struct ast_arg ***link)
{
	struct ast_expr *tuple;
	struct ast_arg **a;
	int i = 0;

	*link = NULL;
	if (is_thread_of(e, u->func)) {
		tuple = thread_args(e);
		if (tuple != NULL && u->k < tuple->u.list.n)
			return &tuple->u.list.items[u->k];
		tuple = thread_kwargs(e);
		i = kwargs_key(tuple, u->param);
		return i >= 0 ? &tuple->u.list.items[i + 1] : NULL;
	}
	for (a = &e->u.call.args; *a != NULL; a = &(*a)->next) {
		if (((*a)->keyword == NULL && i++ == u->k) ||
		    ((*a)->keyword != NULL && strcmp((*a)->keyword, u->param) == 0)) {
			*link = a;
			return &(*a)->value;
		}
	}
	return NULL;
}

static bool
names_the_prim(const struct param_use *u, const struct ast_expr *v)
{
	const struct ast_param *p;

	if (v == NULL || v->kind != AST_NAME || !is_prim_decl(u->c, v->u.name))
		return false;
	/* in a def, a parameter or local of that name hides the module's */
	if (u->caller != NULL) {
		for (p = u->caller->params; p != NULL; p = p->next)
			if (strcmp(p->name, v->u.name) == 0)
				return false;
		if (assigns(u->caller->body, v->u.name))
			return false;
	}
	return true;
}

static void
note_prim(struct param_use *u, const char *prim)
{
	int i;

	for (i = 0; i < u->nprims; i++)
		if (strcmp(u->prims[i], prim) == 0)
			return;
	if (u->nprims == LANG_MAX_PARAM_COPIES)
		u->too_many = true;
	else
		u->prims[u->nprims++] = prim;
}

/* A site passing prim calls the def's copy for it: a Thread's target,
 * or the callee. */
static void
call_copy(struct param_use *u, struct ast_expr *site, const char *prim)
{
	const char *copy = NULL;
	struct ast_arg *a;
	int i;

	for (i = 0; i < u->nprims && copy == NULL; i++)
		if (strcmp(u->prims[i], prim) == 0)
			copy = u->copies[i]->name;
	if (!is_thread_of(site, u->func)) {
		site->u.call.callee->u.name = copy;
		return;
	}
	for (a = site->u.call.args; a != NULL; a = a->next)
		if (a->keyword != NULL && strcmp(a->keyword, "target") == 0)
			a->value->u.name = copy;
}

static bool
visit_site(struct ast_expr **slot, void *arg)
{
	struct param_use *u = arg;
	struct ast_expr *e = *slot, **v, *tuple;
	struct ast_arg **link;
	int i;

	if (e->kind != AST_CALL)
		return true;
	if (!is_thread_of(e, u->func) && !(e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, u->func) == 0))
		return true;
	v = argument_slot(e, u, &link);
	if (!u->drop) {
		bool prim = names_the_prim(u, v != NULL ? *v : NULL);

		if (u->caller != NULL && strcmp(u->caller->name, u->func) == 0)
			u->recursive = true;
		/* a recursive call passing the parameter on passes the same */
		if (u->caller != NULL && strcmp(u->caller->name, u->func) == 0 && v != NULL &&
		    (*v)->kind == AST_NAME && strcmp((*v)->u.name, u->param) == 0)
			return true;
		if (!prim && !u->other_kind) {
			u->other_kind = true;
			u->other_kind_at = v != NULL ? (*v)->loc : e->loc;
		}
		if (prim)
			note_prim(u, (*v)->u.name);
		if (prim && (u->prim == NULL || strcmp(u->prim, (*v)->u.name) == 0)) {
			if (u->prim == NULL)
				u->prim_line = (*v)->loc.line;
			u->prim = (*v)->u.name;
		} else if (!u->mixed) {
			u->mixed = true;
			u->other = v != NULL ? (*v)->loc : e->loc;
		}
		return true;
	}
	if (u->copying)
		call_copy(u, e, (*v)->u.name);
	if (link != NULL) {
		*link = (*link)->next;
		e->u.call.nargs--;
		return true;
	}
	tuple = thread_args(e);
	if (tuple != NULL && u->k < tuple->u.list.n) {
		for (i = u->k; i + 1 < tuple->u.list.n; i++)
			tuple->u.list.items[i] = tuple->u.list.items[i + 1];
		tuple->u.list.n--;
		return true;
	}
	/* kwargs={"lock": lock}: the key and its value go */
	tuple = thread_kwargs(e);
	for (i = kwargs_key(tuple, u->param); i + 2 < tuple->u.list.n; i++)
		tuple->u.list.items[i] = tuple->u.list.items[i + 2];
	tuple->u.list.n -= 2;
	return true;
}

static void
each_site(struct ast_file *file, struct param_use *u)
{
	struct ast_top *top;

	for (top = file->tops; top != NULL; top = top->next) {
		u->caller = top->kind == AST_DEF ? top : NULL;
		if (top->kind == AST_DEF || top->kind == AST_MAIN)
			ast_each_expr_in_block(top->body, visit_site, u);
	}
}

struct rename {
	const char *from, *to;
};

static bool
rename_name(struct ast_expr **slot, void *arg)
{
	const struct rename *r = arg;

	if ((*slot)->kind == AST_NAME && strcmp((*slot)->u.name, r->from) == 0)
		(*slot)->u.name = r->to;
	return true;
}

void
compile_rename_in_block(struct ast_stmt *s, const char *from, const char *to)
{
	struct rename r = { from, to };

	ast_each_expr_in_block(s, rename_name, &r);
}

/* The calls of def pass a primitive (or instance) for parameter k, but
 * not always the same one: the lecture's transfer(alice, bob, 30) beside
 * transfer(bob, alice, 70).  Then def is copied once for each (named
 * "alice.transfer", as a method specialised to its instance is, and
 * shown in a traceback by its own name), each copy naming its primitive,
 * and each call calls its copy.  Not for a def that calls itself (its
 * copies would have to call each other) or whose body binds the name.
 * Whether it was done. */
static bool
copy_for_each(struct compiler *c, struct ast_top *def, struct param_use *u,
    struct ast_param **link)
{
	struct ast_top *copy, *top;
	struct ast_param *p, **tail;
	int i;

	if (u->other_kind || u->recursive || u->too_many || assigns(def->body, u->param))
		return false;
	for (i = 0; i < u->nprims; i++) {
		const char *name = ast_printf(c->file->arena, "%s.%s", u->prims[i], def->name);

		if (assigns(def->body, u->prims[i]))
			return false;
		for (top = c->file->tops; top != NULL; top = top->next)
			if (top->kind == AST_DEF && strcmp(top->name, name) == 0)
				return false;
		u->copies[i] = def;
		if (i == 0)
			continue;
		copy = ast_alloc(c->file->arena, sizeof(*copy));
		*copy = *def;
		copy->name = name;
		copy->body = ast_copy_block(c->file->arena, def->body);
		copy->params = NULL;
		for (p = def->params, tail = &copy->params; p != NULL; p = p->next) {
			if (p == *link)
				continue;
			*tail = ast_alloc(c->file->arena, sizeof(**tail));
			**tail = *p;
			tail = &(*tail)->next;
		}
		*tail = NULL;
		copy->nparams--;
		copy->next = def->next;
		def->next = copy;
		u->copies[i] = copy;
	}
	def->name = ast_printf(c->file->arena, "%s.%s", u->prims[0], def->name);
	*link = (*link)->next;
	def->nparams--;
	for (i = 0; i < u->nprims; i++)
		compile_rename_in_block(u->copies[i]->body, u->param, u->prims[i]);
	u->drop = true;
	u->copying = true;
	each_site(c->file, u);
	return true;
}

/* Parameter k of def: always the same primitive?  Then the def names it. */
static bool
specialise(struct compiler *c, struct ast_top *def, int k, struct ast_param **link)
{
	struct ast_file *file = c->file;
	struct param_use u;

	memset(&u, 0, sizeof(u));
	u.c = c;
	u.file = file;
	u.func = def->name;
	u.param = (*link)->name;
	u.k = k;
	each_site(file, &u);
	if (u.mixed && u.prim != NULL && copy_for_each(c, def, &u, link))
		return true;
	if (u.mixed && u.prim != NULL) {
		bool instance = compile_is_instance(c, u.prim);

		const char *kind = instance ? "instance" : "primitive";

		if (u.other_kind)
			compile_error_at(c, u.other_kind_at, "%s() is passed the %s '%s' for "
			    "'%s' at line %u, and something else here; lockstep reads %s "
			    "argument only when every call passes one", def->name, kind,
			    u.prim, u.param, u.prim_line, instance ? "an instance" :
			    "a primitive");
		else
			compile_error_at(c, u.other, "%s() is passed the %s '%s' for '%s' "
			    "at line %u, and another here; lockstep makes a copy of %s() "
			    "for each %s passed, but not of a def that calls itself or "
			    "assigns '%s', and at most %d", def->name, kind, u.prim,
			    u.param, u.prim_line, def->name, kind, u.param,
			    LANG_MAX_PARAM_COPIES);
		return false;
	}
	if (u.mixed || u.prim == NULL || assigns(def->body, u.param) ||
	    (strcmp(u.prim, u.param) != 0 && assigns(def->body, u.prim)))
		return false;
	u.drop = true;
	each_site(file, &u);
	compile_rename_in_block(def->body, u.param, u.prim);
	*link = (*link)->next;
	def->nparams--;
	return true;
}

/* Until nothing changes: a def that names a primitive now may pass it
 * on to one met before (worker(lock) calls add_down(lock, 3)). */
void
compile_python_prim_args(struct compiler *c)
{
	struct ast_top *top;
	struct ast_param **link;
	size_t errors = c->diags->errors;
	bool changed;
	int k;

	do {
		changed = false;
		for (top = c->file->tops; top != NULL; top = top->next) {
			if (top->kind != AST_DEF)
				continue;
			for (k = 0, link = &top->params; *link != NULL;) {
				if ((*link)->default_value == NULL && specialise(c, top, k, link)) {
					changed = true;
					continue;
				}
				link = &(*link)->next;
				k++;
			}
		}
	} while (changed && c->diags->errors == errors);
}
