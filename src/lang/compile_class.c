/* compile_class.c - classes in a Python program, their instances
 * elaborated at compile time onto shared variables, static primitives and
 * functions.
 *
 * A lecture's class is a small, fixed structure: a read-write lock made of
 * a Condition and a counter, a pool with a Lock and a list, a subclass of
 * threading.Thread with its own run().  The program makes a few of them,
 * by name, before it starts its threads.  lockstep's state is static (a
 * program has its shared names and primitives from the start), so, as
 * compile_threads.c does for Thread objects and only where the reading is
 * certain, each instance the module's own statements make,
 *
 *     rw = ReadWriteLock()            (rw: a name assigned nowhere else,
 *                                      before any thread is started)
 *
 * or that a def main code runs once makes in its own block,
 *
 *     def main():                     (compile_threads_def.c marks main()
 *         pool = Pool()                run once, before this pass)
 *
 * is elaborated before anything is compiled (and so is each of a list
 * of them, `workers = [Worker(i) for i in range(N)]`, N constant, named
 * workers[0] ... workers[N-1]: workers[k], k constant, is that instance,
 * len(workers) is N, and `for w in workers:` runs its body once per
 * instance, w naming it, unrolled):
 *
 *   - __init__ runs now: each `self.x = value` of its body (with the
 *     constructor's arguments, which must be constants, for its
 *     parameters) declares the shared name `rw.x` with that value, or the
 *     static primitive `rw.x` when the value makes one.  So the shared
 *     pane shows rw.readers = 0 and the locks pane rw.cond, and reading or
 *     writing an attribute is a step exactly as a global's is (CPython's
 *     LOAD_ATTR / STORE_ATTR on an object several threads reach):
 *     `self.readers += 1` is a load and a store.  An attribute given a
 *     primitive the program already has (`self.lock = lock`), or an
 *     instance made before (`self.pool = pool`), names it for good (it
 *     cannot be assigned).
 *   - each method m becomes the function `rw.m`, its body with self's
 *     attributes, methods and class constants named as above (the method
 *     specialised to the instance, as compile_prim_args.c specialises a
 *     function to the primitive it is always passed); `rw.m(...)` calls it.
 *   - a class attribute K (`LIMIT = 3` in the body) is the shared name
 *     `C.K`, one for every instance as in CPython; self.K and C.K read it
 *     (no step while nothing assigns it), C.K = v writes it.  self.K = v
 *     would give the instance an attribute __init__ did not: an error.
 *   - an instance of a subclass of threading.Thread is also a thread group
 *     of one whose code is the call rw.run(), named by name= in
 *     super().__init__(...) (or threading.Thread.__init__(self, ...)) or,
 *     as CPython names it, Thread-N; w.start() and w.join() are its START
 *     and JOIN, w.name its name, and its attributes are read after the
 *     join as any others.
 *
 * Instances are elaborated by name, not kept on the heap (model/heap.c):
 * a heap object would make every attribute access a dictionary step in
 * the model and its display an anonymous object, while a lecture shows
 * `rw.readers` and the methods' code works on a fixed set of primitives
 * (a primitive cannot live on the heap at all: program.h).  The cost is
 * that only named instances made once are read; anything else -- an
 * instance made in a def not run once or in a loop, a list of them indexed by a variable,
 * another base class, the instance itself used as a value other than an
 * argument that every call passes the same (compile_prim_args.c drops
 * those), an attribute __init__ does not set -- is an error that says what
 * to write instead, never a misreading.
 *
 * Two passes: compile_python_classes before the imported names are
 * resolved (it adds declarations and functions that are then resolved as
 * the program's own), and compile_python_instance_uses once
 * compile_python_prim_args has specialised the functions an instance is
 * passed to, so that `pool.enter(name)` in `def work(pool, name)` is the
 * instance's method.
 *
 * An instance made in a def run once is that def's local: it is named
 * main.pool (the def's name, a dot, the local's, as compile_threads_def.c
 * names main.lock: a name no program can write, which the views show) and
 * the rest of the def's body is renamed to it, so that only main() names
 * it and other functions reach it as an argument, through
 * compile_prim_args.c as a module instance is; a def that names `pool`
 * without a pool of its own meets CPython's NameError, here a diagnostic.
 * It must be a plain local: assigned once, not a parameter or `global`,
 * not named above the statement that makes it.  Its constructor's
 * arguments are constants as the module's are; one of the def's own
 * primitives is not one yet (they are hoisted once names are resolved).
 */
#include "config.h"

#include "lang/compiler.h"

#include <stdlib.h>
#include <string.h>

#include "lang/pymodules.h"
#include "util/xalloc.h"

struct compile_instance {
	const char *var;
	const struct ast_class *cls;
	unsigned line;
	const char **attrs;	/* set by __init__, in order */
	const char **alias;	/* per attribute: the primitive it names, or NULL */
	int nattrs;
	struct ast_top *group;	/* a Thread subclass's thread, or NULL */
};

/* What a method body or a use is rewritten with. */
struct rewrite {
	struct compiler *c;
	const char *self;		/* a method's self parameter, or NULL */
	struct compile_instance *in;	/* self's instance */
	const struct ast_top *def;	/* the def whose body it is, or NULL */
	int init_attrs;			/* in __init__: the attributes set so far */
};

const struct ast_class *
compile_find_class(const struct compiler *c, const char *name)
{
	const struct ast_class *k;

	for (k = c->file->classes; k != NULL; k = k->next)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

static struct compile_instance *
find_instance(const struct compiler *c, const char *var)
{
	size_t i;

	for (i = 0; i < c->ninstances; i++)
		if (strcmp(c->instances[i].var, var) == 0)
			return &c->instances[i];
	return NULL;
}

bool
compile_is_instance(const struct compiler *c, const char *name)
{
	return find_instance(c, name) != NULL;
}

static const struct ast_top *
find_method(const struct ast_class *k, const char *name)
{
	const struct ast_top *m;

	for (m = k->methods; m != NULL; m = m->next)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

static const struct ast_top *
find_constant(const struct ast_class *k, const char *name)
{
	const struct ast_top *d;

	for (d = k->constants; d != NULL; d = d->next)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

static int
find_attr(const struct compile_instance *in, const char *name, int upto)
{
	int i;

	for (i = 0; i < upto; i++)
		if (strcmp(in->attrs[i], name) == 0)
			return i;
	return -1;
}

/* A name that the import of `threading` makes threading.Thread: the
 * attribute threading.Thread (however the module is bound) or the name
 * Thread imported from it. */
bool
compile_names_thread_class(const struct ast_file *file, const struct ast_expr *e)
{
	const struct ast_import *im;

	if (e->kind == AST_NAME) {
		im = ast_find_import(file, e->u.name);
		return im != NULL && im->name != NULL && strcmp(im->module, "threading") == 0 &&
		    strcmp(im->name, "Thread") == 0;
	}
	if (e->kind != AST_ATTR || e->u.attr.base->kind != AST_NAME ||
	    strcmp(e->u.attr.name, "Thread") != 0)
		return false;
	im = ast_find_import(file, e->u.attr.base->u.name);
	return im != NULL && im->name == NULL && strcmp(im->module, "threading") == 0;
}

static bool
is_thread_class(const struct compiler *c, const struct ast_class *k)
{
	return k->base != NULL && compile_names_thread_class(c->file, k->base);
}

static struct ast_expr *
new_expr(struct compiler *c, enum ast_expr_kind kind, const struct ast_expr *like)
{
	struct ast_expr *e = ast_alloc(c->file->arena, sizeof(*e));

	e->kind = kind;
	e->loc = like->loc;
	e->start = like->start;
	e->end = like->end;
	return e;
}

static struct ast_expr *
name_like(struct compiler *c, const char *name, const struct ast_expr *like)
{
	struct ast_expr *e = new_expr(c, AST_NAME, like);

	e->u.name = name;
	return e;
}

/* ---- attributes, methods and constants named ---- */

/* The instance that e, a name, stands for here, or NULL. */
static struct compile_instance *
instance_of(const struct rewrite *r, const struct ast_expr *e)
{
	if (e->kind != AST_NAME)
		return NULL;
	if (r->self != NULL)
		return strcmp(e->u.name, r->self) == 0 ? r->in : NULL;
	return find_instance(r->c, e->u.name);
}

static const char *
what_to_write(const struct compile_instance *in)
{
	return in->group != NULL ? "w.attribute, w.method(...), w.start() and w.join()" :
	    "obj.attribute and obj.method(...)";
}

/* *slot is base.name, base the instance in: replaced by what it names;
 * callee when it is called.  False after an error (reported). */
static bool
member(struct rewrite *r, struct compile_instance *in, struct ast_expr **slot, bool callee)
{
	struct compiler *c = r->c;
	struct ast_expr *e = *slot;
	const char *name = e->u.attr.name, *self = e->u.attr.base->u.name;
	const struct ast_top *m = find_method(in->cls, name);
	int upto = r->init_attrs >= 0 ? r->init_attrs : in->nattrs, k;

	if (in->group != NULL && strcmp(name, "name") == 0 && !callee) {
		*slot = new_expr(c, AST_STR, e);
		(*slot)->u.str.s = in->group->name;
		(*slot)->u.str.len = strlen(in->group->name);
		return true;
	}
	if (in->group != NULL && callee && m == NULL &&
	    (strcmp(name, "start") == 0 || strcmp(name, "join") == 0)) {
		if (r->self != NULL) {
			compile_error_at(c, e->loc, "%s.%s() inside the class's own methods is "
			    "not supported yet; call %s.%s() from the module's code", self, name,
			    in->var, name);
			return false;
		}
		e->u.attr.base = name_like(c, in->group->name, e->u.attr.base);
		return true;
	}
	if ((k = find_attr(in, name, upto)) >= 0) {
		*slot = name_like(c, in->alias[k] != NULL ? in->alias[k] :
		    ast_printf(c->file->arena, "%s.%s", in->var, name), e);
		return true;
	}
	if (m != NULL && callee && strcmp(name, "__init__") != 0) {
		*slot = name_like(c, ast_printf(c->file->arena, "%s.%s", in->var, name), e);
		return true;
	}
	if (m != NULL && strcmp(name, "__init__") != 0) {
		compile_error_at(c, e->loc, "the method %s.%s as a value is not supported "
		    "yet but as a Thread's target=%s.%s; call it: %s.%s(...)", self, name,
		    self, name, self, name);
		return false;
	}
	if (find_constant(in->cls, name) != NULL) {
		*slot = name_like(c, ast_printf(c->file->arena, "%s.%s", in->cls->name, name), e);
		return true;
	}
	if (r->init_attrs >= 0 && find_attr(in, name, in->nattrs) >= 0)
		compile_error_at(c, e->loc, "AttributeError: '%s' object has no attribute '%s' "
		    "yet: __init__ sets it below", in->cls->name, name);
	else if (in->group != NULL && m == NULL && callee)
		compile_error_at(c, e->loc, "%s() of a Thread is not supported yet; lockstep's "
		    "Thread objects have start() and join()", name);
	else
		compile_error_at(c, e->loc, "AttributeError: '%s' object has no attribute '%s' "
		    "(lockstep reads the attributes that %s.__init__ sets: self.%s = ...)",
		    in->cls->name, name, in->cls->name, name);
	return false;
}

/* How many instances the list named name holds (list[0] ...), or 0. */
static int
list_length(const struct compiler *c, const char *name)
{
	size_t i, len = strlen(name);
	int n = 0;

	for (i = 0; i < c->ninstances; i++)
		if (strncmp(c->instances[i].var, name, len) == 0 &&
		    c->instances[i].var[len] == '[')
			n++;
	return n;
}

/* list[k], k a constant, in *slot: the instance list[k].  False after an
 * error (reported). */
static bool
member_of_list(struct rewrite *r, struct ast_expr **slot)
{
	struct ast_expr *e = *slot;
	const struct ast_expr *k;
	int n;

	if (e->kind != AST_INDEX || e->u.index.base->kind != AST_NAME ||
	    (n = list_length(r->c, e->u.index.base->u.name)) == 0)
		return true;
	k = e->u.index.index;
	if (k->kind == AST_UNARY && k->u.unary.op == LANG_UN_NEG &&
	    k->u.unary.operand->kind == AST_INT && k->u.unary.operand->u.ival <= n) {
		*slot = name_like(r->c, ast_printf(r->c->file->arena, "%s[%d]", e->u.index.base->u.name,
		    n - (int)k->u.unary.operand->u.ival), e);
		return true;
	}
	if (k->kind == AST_INT && k->u.ival >= n) {
		compile_error_at(r->c, k->loc, "IndexError: list index out of range");
		return false;
	}
	if (k->kind != AST_INT) {
		compile_error_at(r->c, k->loc, "lockstep reads an instance of '%s' by a "
		    "constant index (%s[0]) or in a loop over the list (for x in %s:)",
		    e->u.index.base->u.name, e->u.index.base->u.name, e->u.index.base->u.name);
		return false;
	}
	*slot = name_like(r->c, ast_printf(r->c->file->arena, "%s[%d]", e->u.index.base->u.name,
	    (int)k->u.ival), e);
	return true;
}

/* Thread(target=obj.method): the method specialised to the instance is a
 * function of its own (`obj.method`, as a call of it is named), so the
 * bound method is that function; compile_threads.c shows it as CPython
 * names the thread, Thread-N (method). */
static void
bound_method_targets(const struct rewrite *r, struct ast_expr *call)
{
	struct ast_arg *a;
	struct compile_instance *in;
	struct ast_expr *v;

	for (a = call->u.call.args; a != NULL; a = a->next) {
		v = a->value;
		if (a->keyword == NULL || strcmp(a->keyword, "target") != 0 ||
		    v->kind != AST_ATTR || (in = instance_of(r, v->u.attr.base)) == NULL ||
		    in->group != NULL || find_method(in->cls, v->u.attr.name) == NULL ||
		    strcmp(v->u.attr.name, "__init__") == 0)
			continue;
		a->value = name_like(r->c, ast_printf(r->c->file->arena, "%s.%s", in->var,
		    v->u.attr.name), v);
	}
}

static bool
rewrite_visit(struct ast_expr **slot, void *arg)
{
	struct rewrite *r = arg;
	struct compiler *c = r->c;
	struct ast_expr *e = *slot, *f;
	struct compile_instance *in;
	const struct ast_class *k;
	int n;

	if (!member_of_list(r, slot) || (e->kind == AST_ATTR &&
	    !member_of_list(r, &e->u.attr.base)) || (e->kind == AST_CALL &&
	    e->u.call.callee->kind == AST_ATTR &&
	    !member_of_list(r, &e->u.call.callee->u.attr.base)))
		return false;
	e = *slot;
	if (e->kind == AST_CALL)
		bound_method_targets(r, e);
	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "len") == 0 && e->u.call.nargs == 1 &&
	    e->u.call.args->value->kind == AST_NAME &&
	    (n = list_length(c, e->u.call.args->value->u.name)) > 0) {
		*slot = new_expr(c, AST_INT, e);
		(*slot)->u.ival = n;
		return false;
	}
	if (e->kind == AST_NAME && r->self == NULL && (n = list_length(c, e->u.name)) > 0) {
		compile_error_at(c, e->loc, "'%s' is the list of %d instances made at line %u; "
		    "lockstep reads %s[k] (k a constant), len(%s) and 'for x in %s:'",
		    e->u.name, n, find_instance(c, ast_printf(c->file->arena, "%s[0]", e->u.name))->line,
		    e->u.name, e->u.name, e->u.name);
		return false;
	}
	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_ATTR &&
	    (in = instance_of(r, e->u.call.callee->u.attr.base)) != NULL) {
		struct ast_arg *a;

		/* the callee is done: a thread's group may be named as the
		 * instance is (name="w"), and must not be read again */
		if (!member(r, in, &e->u.call.callee, true))
			return false;
		for (a = e->u.call.args; a != NULL; a = a->next)
			ast_each_expr(&a->value, rewrite_visit, r);
		return false;
	}
	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    compile_find_class(c, e->u.call.callee->u.name) != NULL && !c->file->python) {
		compile_error_at(c, e->loc, "an instance of %s made here is not supported; "
		    "a .race file makes its instances by name among its declarations, "
		    "before the thread blocks: obj = %s(...)", e->u.call.callee->u.name,
		    e->u.call.callee->u.name);
		return false;
	}
	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    compile_find_class(c, e->u.call.callee->u.name) != NULL) {
		compile_error_at(c, e->loc, "an instance of %s made here is not supported yet; "
		    "lockstep reads the instances that the module's own statements, or "
		    "those of a def it calls once (main()), make by name (obj = %s(...), or "
		    "objs = [%s(...) for i in range(N)]), before any thread starts", e->u.call.callee->u.name, e->u.call.callee->u.name,
		    e->u.call.callee->u.name);
		return false;
	}
	if (e->kind == AST_ATTR && (in = instance_of(r, e->u.attr.base)) != NULL)
		return member(r, in, slot, false);
	if (e->kind == AST_ATTR && e->u.attr.base->kind == AST_NAME &&
	    (k = compile_find_class(c, e->u.attr.base->u.name)) != NULL) {
		if (find_method(k, e->u.attr.name) != NULL) {
			compile_error_at(c, e->loc, "calling a method through its class (%s.%s) "
			    "is not supported; call it on the instance: obj.%s(...)", k->name,
			    e->u.attr.name, e->u.attr.name);
			return false;
		}
		if (find_constant(k, e->u.attr.name) == NULL) {
			compile_error_at(c, e->loc, "AttributeError: type object '%s' has no "
			    "attribute '%s' (lockstep reads the class attributes its body sets: "
			    "NAME = value)", k->name, e->u.attr.name);
			return false;
		}
		*slot = name_like(c, ast_printf(c->file->arena, "%s.%s", k->name, e->u.attr.name), e);
		return false;
	}
	if (e->kind == AST_NAME && (in = instance_of(r, e)) != NULL) {
		if (c->file->python)
			compile_error_at(c, e->loc, "'%s' is an instance of %s; lockstep supports "
			    "%s, and passing it to a function that every call passes it to",
			    e->u.name, in->cls->name, what_to_write(in));
		else	/* no compile_prim_args.c pass: a def names it */
			compile_error_at(c, e->loc, "'%s' is an instance of %s; a .race file "
			    "supports %s, the instance named by a def rather than passed to it",
			    e->u.name, in->cls->name, what_to_write(in));
		return false;
	}
	if (e->kind == AST_NAME && compile_find_class(c, e->u.name) != NULL) {
		compile_error_at(c, e->loc, "the class %s as a value is not supported; "
		    "lockstep reads %s(...) and %s.CONSTANT", e->u.name, e->u.name, e->u.name);
		return false;
	}
	f = e->kind == AST_CALL && e->u.call.callee->kind == AST_ATTR ?
	    e->u.call.callee->u.attr.base : NULL;
	if (f != NULL && f->kind == AST_CALL && f->u.call.callee->kind == AST_NAME &&
	    strcmp(f->u.call.callee->u.name, "super") == 0) {
		compile_error_at(c, e->loc, "super() outside __init__ is not supported; "
		    "lockstep's classes inherit only from object and threading.Thread");
		return false;
	}
	return true;
}

/* self.K = v where K is no attribute __init__ sets: in CPython a new
 * attribute of the instance, hiding the class's K; lockstep's instances
 * have the attributes __init__ gives them.  (C.K = v is the class
 * attribute's store, which the visit reads as such.)  True if so
 * (reported). */
static bool
stores_new_attribute(struct rewrite *r, const struct ast_stmt *s)
{
	const struct ast_expr *t = s->u.assign.target;
	struct compile_instance *in;
	int k;

	if (t->kind != AST_ATTR || (in = instance_of(r, t->u.attr.base)) == NULL ||
	    (in->group != NULL && strcmp(t->u.attr.name, "name") == 0))
		return false;
	if ((k = find_attr(in, t->u.attr.name, in->nattrs)) >= 0 && in->alias[k] != NULL) {
		compile_error_at(r->c, t->loc, "%s.%s is the '%s' that __init__ was given; "
		    "lockstep reads it as that object for good, so it cannot be assigned",
		    t->u.attr.base->u.name, t->u.attr.name, in->alias[k]);
		return true;
	}
	if (k >= 0)
		return false;
	compile_error_at(r->c, t->loc, "AttributeError: '%s' object has no attribute '%s' "
	    "to assign (lockstep reads the attributes that %s.__init__ sets: self.%s = ...)",
	    in->cls->name, t->u.attr.name, in->cls->name, t->u.attr.name);
	return true;
}

/* Whether a loop's body leaves it early (break, continue of its own). */
static bool
leaves_loop(const struct ast_stmt *s)
{
	for (; s != NULL; s = s->next) {
		switch (s->kind) {
		case AST_BREAK:
		case AST_CONTINUE:
			return true;
		case AST_IF:
			if (leaves_loop(s->u.if_.then) || leaves_loop(s->u.if_.otherwise))
				return true;
			break;
		case AST_WITH:
			if (leaves_loop(s->u.with.body))
				return true;
			break;
		case AST_ATOMIC:
			if (leaves_loop(s->u.body))
				return true;
			break;
		case AST_TRY: {
			struct ast_stmt *blocks[LANG_MAX_TRY_BLOCKS];
			size_t i, n = ast_try_blocks(s, blocks, LANG_MAX_TRY_BLOCKS);

			for (i = 0; i < n; i++)
				if (leaves_loop(blocks[i]))
					return true;
			break;
		}
		case AST_RAISE:
		case AST_ASSIGN:
		case AST_EXPR:
		case AST_WHILE:
		case AST_FOR:
		case AST_PASS:
		case AST_ASSERT:
		case AST_RETURN:
		case AST_GLOBAL:
			break;
		}
	}
	return false;
}

struct rename {
	const char *from, *to;
};

static bool
rename_visit(struct ast_expr **slot, void *arg)
{
	const struct rename *n = arg;

	if ((*slot)->kind == AST_NAME && strcmp((*slot)->u.name, n->from) == 0)
		(*slot)->u.name = n->to;
	return true;
}

/* for x in list: BODY over a list of instances: BODY once per instance
 * in order, x naming it, in an `if True:` that takes the loop's place. */
static void
unroll(struct rewrite *r, struct ast_stmt *s, int n)
{
	struct compiler *c = r->c;
	const char *list = s->u.for_.range->u.name;
	struct ast_stmt *body = s->u.for_.body, *head = NULL, **tail = &head, *copy;
	struct ast_expr *yes;
	struct rename rn;
	int i;

	if (leaves_loop(body)) {
		compile_error_at(c, s->loc, "break or continue in a loop over the instances "
		    "of '%s' is not supported yet; lockstep runs its body once per instance",
		    list);
		return;
	}
	for (i = 0; i < n; i++) {
		copy = ast_copy_block(c->file->arena, body);
		rn.from = s->u.for_.var;
		rn.to = ast_printf(c->file->arena, "%s[%d]", list, i);
		ast_each_expr_in_block(copy, rename_visit, &rn);
		*tail = copy;
		while (*tail != NULL)
			tail = &(*tail)->next;
	}
	yes = new_expr(c, AST_BOOL, s->u.for_.range);
	yes->u.ival = 1;
	s->kind = AST_IF;
	s->u.if_.cond = yes;
	s->u.if_.then = head;
	s->u.if_.otherwise = NULL;
}

/* Before a statement's expressions are rewritten: a loop over a list of
 * instances is unrolled (then walked as the `if True:` it has become); an
 * assignment is done here, its value first, unless it stores an
 * attribute __init__ does not set (said). */
static bool
rewrite_stmt(struct ast_stmt *s, void *arg)
{
	struct rewrite *r = arg;
	int n;

	if (s->kind == AST_FOR && s->u.for_.var != NULL &&
	    s->u.for_.range->kind == AST_NAME && r->self == NULL &&
	    (n = list_length(r->c, s->u.for_.range->u.name)) > 0)
		unroll(r, s, n);
	if (s->kind != AST_ASSIGN)
		return true;
	if (!stores_new_attribute(r, s)) {
		ast_each_expr(&s->u.assign.value, rewrite_visit, r);
		ast_each_expr(&s->u.assign.target, rewrite_visit, r);
	}
	return false;
}

static void
rewrite_block(struct rewrite *r, struct ast_stmt *s)
{
	const struct ast_walk w = { rewrite_stmt, rewrite_visit, NULL, NULL, r, false };

	ast_walk_block(s, &w);
}

static void
add_global(struct compiler *c, struct ast_stmt *g, const char *name)
{
	struct ast_name *n;

	if (compile_assigned_at(g->next, name) == 0)
		return;
	n = ast_alloc(c->file->arena, sizeof(*n));
	n->name = name;
	n->loc = g->loc;
	n->next = g->u.names;
	g->u.names = n;
}

/* The attributes and class attributes a def's body now assigns, declared
 * global at its top: CPython's STORE_ATTR makes no local. */
static void
declare_attr_stores_global(struct compiler *c, struct ast_top *def)
{
	const struct ast_class *k;
	const struct ast_top *d;
	struct ast_stmt *g = ast_alloc(c->file->arena, sizeof(*g));
	size_t i;
	int a;

	g->kind = AST_GLOBAL;
	g->loc = def->name_loc;
	g->next = def->body;
	for (i = 0; i < c->ninstances; i++)
		for (a = 0; a < c->instances[i].nattrs; a++)
			if (c->instances[i].alias[a] == NULL)
				add_global(c, g, ast_printf(c->file->arena, "%s.%s", c->instances[i].var,
				    c->instances[i].attrs[a]));
	for (k = c->file->classes; k != NULL; k = k->next)
		for (d = k->constants; d != NULL; d = d->next)
			add_global(c, g, ast_printf(c->file->arena, "%s.%s", k->name, d->name));
	if (g->u.names != NULL)
		def->body = g;
}

/* ---- instances ---- */

/* A declaration the classes add, among the module's own in the order of
 * their lines (a constant may use those above it, and those below it may
 * use it), before the main thread. */
static void
add_top(struct compiler *c, struct ast_top *top, unsigned line)
{
	struct ast_top **link = &c->file->tops;

	while (*link != NULL && (*link)->kind != AST_MAIN &&
	    !((*link)->kind == AST_DECL && (*link)->loc.line > line))
		link = &(*link)->next;
	top->next = *link;
	*link = top;
}

static void
append_top(struct compiler *c, struct ast_top *top)
{
	struct ast_top **link = &c->file->tops;

	while (*link != NULL)
		link = &(*link)->next;
	*link = top;
}

/* A module-level name that main and the defs leave alone: its opening
 * value is its value when main makes the instance. */
static bool
unchanged_decl(struct compiler *c, const char *name)
{
	const struct ast_top *top;
	bool decl = false;

	for (top = c->file->tops; top != NULL; top = top->next) {
		if (top->kind == AST_DECL && strcmp(top->name, name) == 0)
			decl = true;
		if ((top->kind == AST_MAIN || top->kind == AST_DEF) &&
		    compile_assigned_at(top->body, name) > 0)
			return false;
	}
	return decl;
}

static bool
constant_arg(struct compiler *c, const struct ast_expr *e)
{
	int i;

	switch (e->kind) {
	case AST_INT:
	case AST_STR:
	case AST_BOOL:
	case AST_NONE:
	case AST_FLOAT:
		return true;
	case AST_NAME:
		return unchanged_decl(c, e->u.name) || find_instance(c, e->u.name) != NULL;
	case AST_UNARY:
		return constant_arg(c, e->u.unary.operand);
	case AST_BINARY:
		return constant_arg(c, e->u.binary.lhs) && constant_arg(c, e->u.binary.rhs);
	case AST_COND:
		return constant_arg(c, e->u.cond.cond) && constant_arg(c, e->u.cond.then) &&
		    constant_arg(c, e->u.cond.otherwise);
	case AST_LIST:
	case AST_TUPLE:
		for (i = 0; i < e->u.list.n; i++)
			if (!constant_arg(c, e->u.list.items[i]))
				return false;
		return true;
	case AST_INDEX:
	case AST_ATTR:
	case AST_CALL:
	case AST_AND:
	case AST_OR:
	case AST_LISTCOMP:
	case AST_FSTRING:
	case AST_IN:
	case AST_DICT:
		return false;
	}
	return false;
}

/* __init__'s parameters bound to the constructor's arguments. */
struct params {
	const char **names;
	struct ast_expr **values;
	int n;
};

/* (constants: the arguments must be, as a constructor's are.) */
static bool
bind_params(struct compiler *c, const struct ast_expr *call, const struct ast_top *init,
    const char *cls, struct params *b, bool constants)
{
	const struct ast_param *p;
	const struct ast_arg *a;
	int npos = 0, i;

	b->n = init->nparams - 1;
	b->names = ast_alloc(c->file->arena, (size_t)(b->n + 1) * sizeof(*b->names));
	b->values = ast_alloc(c->file->arena, (size_t)(b->n + 1) * sizeof(*b->values));
	for (i = 0, p = init->params->next; p != NULL; p = p->next, i++)
		b->names[i] = p->name;
	for (a = call->u.call.args; a != NULL; a = a->next) {
		if (constants && !constant_arg(c, a->value)) {
			compile_error_at(c, a->value->loc, "the arguments of %s(...) must be "
			    "constants: literals, the module's opening constants and the "
			    "parameters a def main code runs once is passed constants for "
			    "(lockstep makes the instance before the program runs)", cls);
			return false;
		}
		if (a->keyword == NULL) {
			if (npos >= b->n) {
				compile_error_at(c, a->value->loc, "TypeError: %s.__init__() takes "
				    "%d positional arguments but more were given", cls, b->n + 1);
				return false;
			}
			b->values[npos++] = a->value;
			continue;
		}
		for (i = 0; i < b->n && strcmp(b->names[i], a->keyword) != 0; i++)
			;
		if (i == b->n) {
			compile_error_at(c, a->keyword_loc, "TypeError: %s.__init__() got an "
			    "unexpected keyword argument '%s'", cls, a->keyword);
			return false;
		}
		b->values[i] = a->value;
	}
	for (i = 0, p = init->params->next; p != NULL; p = p->next, i++) {
		if (b->values[i] == NULL)
			b->values[i] = p->default_value;
		if (b->values[i] == NULL) {
			compile_error_at(c, call->loc, "TypeError: %s.__init__() missing a required "
			    "argument: '%s'", cls, p->name);
			return false;
		}
	}
	return true;
}

struct subst {
	const struct params *b;
	struct compiler *c;
};

static bool
subst_visit(struct ast_expr **slot, void *arg)
{
	struct subst *s = arg;
	int i;

	if ((*slot)->kind != AST_NAME)
		return true;
	for (i = 0; i < s->b->n; i++)
		if (strcmp(s->b->names[i], (*slot)->u.name) == 0) {
			*slot = ast_copy_expr(s->c->file->arena, s->b->values[i]);
			return false;
		}
	return true;
}

/* A module-level primitive, the name an attribute given it stands for. */
static bool
names_module_prim(struct compiler *c, const struct ast_expr *v)
{
	const struct ast_top *top;
	const struct ast_expr *f;
	const struct ast_import *im;

	if (v->kind != AST_NAME)
		return false;
	for (top = c->file->tops; top != NULL; top = top->next) {
		if (top->kind != AST_DECL || strcmp(top->name, v->u.name) != 0)
			continue;
		if (top->value->kind != AST_CALL)
			return false;
		f = top->value->u.call.callee;
		if (f->kind == AST_ATTR && f->u.attr.base->kind == AST_NAME)
			return (im = ast_find_import(c->file, f->u.attr.base->u.name)) != NULL &&
			    im->name == NULL && lang_py_lookup(im->module, f->u.attr.name) != NULL &&
			    lang_py_lookup(im->module, f->u.attr.name)->kind == LANG_PY_PRIM;
		if (f->kind == AST_NAME)
			return (im = ast_find_import(c->file, f->u.name)) != NULL &&
			    im->name != NULL &&
			    lang_py_lookup(im->module, im->name)->kind == LANG_PY_PRIM;
		return false;
	}
	return false;
}

/* super().__init__(...), threading.Thread.__init__(self, ...). */
static bool
is_base_init(const struct compiler *c, const struct ast_stmt *s, const char *self)
{
	const struct ast_expr *e = s->kind == AST_EXPR ? s->u.expr : NULL, *f, *b;

	if (e == NULL || e->kind != AST_CALL || e->u.call.callee->kind != AST_ATTR)
		return false;
	f = e->u.call.callee;
	b = f->u.attr.base;
	if (strcmp(f->u.attr.name, "__init__") != 0)
		return false;
	if (b->kind == AST_CALL && b->u.call.callee->kind == AST_NAME &&
	    strcmp(b->u.call.callee->u.name, "super") == 0 && b->u.call.nargs == 0)
		return true;
	return (compile_names_thread_class(c->file, b) || (b->kind == AST_NAME &&
	    strcmp(b->u.name, "object") == 0)) && e->u.call.nargs >= 1 &&
	    e->u.call.args->keyword == NULL && e->u.call.args->value->kind == AST_NAME &&
	    strcmp(e->u.call.args->value->u.name, self) == 0;
}

/* The arguments Thread.__init__ is given: name= and daemon=. */
static bool
read_thread_init(struct compiler *c, const struct ast_expr *call, bool explicit_self,
    struct ast_top *group, struct subst *sb)
{
	const struct ast_arg *a = call->u.call.args;

	if (explicit_self)
		a = a->next;
	for (; a != NULL; a = a->next) {
		struct ast_expr *v = ast_copy_expr(c->file->arena, a->value);
		struct lang_value folded;

		ast_each_expr(&v, subst_visit, sb);
		/* name=label + "2", label a parameter: a string now */
		if (v->kind == AST_BINARY && compile_const_eval(c, v, &folded) &&
		    folded.kind == LANG_VAL_STR) {
			const char *text = c->prog->strings[folded.i];

			v->kind = AST_STR;
			v->u.str.s = text;
			v->u.str.len = strlen(text);
		}
		if (a->keyword != NULL && strcmp(a->keyword, "name") == 0 && v->kind == AST_STR &&
		    v->u.str.len > 0 && v->u.str.len <= LANG_MAX_NAME_CHARS &&
		    memchr(v->u.str.s, ',', v->u.str.len) == NULL &&
		    memchr(v->u.str.s, ':', v->u.str.len) == NULL) {
			group->name = ast_strndup(c->file->arena, v->u.str.s, v->u.str.len);
		} else if (a->keyword != NULL && strcmp(a->keyword, "name") == 0) {
			compile_error_at(c, a->value->loc, "a thread's name= is a string of 1 to %d "
			    "characters without ',' or ':' (schedules list threads by name)",
			    LANG_MAX_NAME_CHARS);
			return false;
		} else if (a->keyword != NULL && strcmp(a->keyword, "daemon") == 0 &&
		    (v->kind == AST_BOOL || v->kind == AST_NONE)) {
			group->daemon = v->kind == AST_BOOL && v->u.ival != 0;
		} else if (a->keyword != NULL && strcmp(a->keyword, "daemon") == 0) {
			compile_error_at(c, a->value->loc, "daemon= must be True, False or None");
			return false;
		} else {
			compile_error_at(c, a->value->loc, "a Thread subclass's code is its run(); "
			    "lockstep reads name= and daemon= given to Thread.__init__, not this");
			return false;
		}
	}
	return true;
}

/* __init__ run at compile time: its self.x = value statements declare
 * the instance's attributes. */
static bool
run_init(struct compiler *c, struct compile_instance *in, const struct ast_expr *call)
{
	const struct ast_class *k = in->cls;
	const struct ast_top *init = find_method(k, "__init__");
	const struct ast_stmt *s;
	struct params b;
	struct subst sb;
	struct rewrite r;
	bool base_init = false;
	int cap;

	if (init == NULL) {
		if (call->u.call.nargs > 0 && in->group == NULL) {
			compile_error_at(c, call->loc, "TypeError: %s() takes no arguments",
			    k->name);
			return false;
		}
		if (in->group != NULL && call->u.call.args != NULL) {
			sb.b = &b;
			sb.c = c;
			b.n = 0;
			return read_thread_init(c, call, false, in->group, &sb);
		}
		return true;
	}
	if (!bind_params(c, call, init, k->name, &b, true))
		return false;
	sb.b = &b;
	sb.c = c;
	for (cap = 0, s = init->body; s != NULL; s = s->next)
		cap++;
	in->attrs = ast_alloc(c->file->arena, (size_t)(cap + 1) * sizeof(*in->attrs));
	in->alias = ast_alloc(c->file->arena, (size_t)(cap + 1) * sizeof(*in->alias));
	memset(&r, 0, sizeof(r));
	r.c = c;
	r.self = init->params->name;
	r.in = in;
	for (s = init->body; s != NULL; s = s->next) {
		const struct ast_expr *t = s->kind == AST_ASSIGN ? s->u.assign.target : NULL;
		struct ast_expr *v;
		struct ast_top *decl;

		if (s->kind == AST_PASS || (s->kind == AST_EXPR && s->u.expr->kind == AST_STR))
			continue;
		if (is_base_init(c, s, r.self)) {
			if (in->group != NULL && !read_thread_init(c, s->u.expr,
			    s->u.expr->u.call.callee->u.attr.base->kind != AST_CALL, in->group, &sb))
				return false;
			base_init = true;
			continue;
		}
		if (t == NULL || s->u.assign.augmented || t->kind != AST_ATTR ||
		    t->u.attr.base->kind != AST_NAME || strcmp(t->u.attr.base->u.name, r.self) != 0) {
			compile_error_at(c, s->loc, "lockstep runs __init__ when it reads the program: "
			    "its statements must be self.NAME = value (and super().__init__()); "
			    "move this one to a method");
			return false;
		}
		if (find_attr(in, t->u.attr.name, in->nattrs) >= 0) {
			compile_error_at(c, t->loc, "self.%s is set twice in __init__; lockstep "
			    "reads each attribute's one initial value", t->u.attr.name);
			return false;
		}
		if (in->group != NULL && (strcmp(t->u.attr.name, "name") == 0 ||
		    strcmp(t->u.attr.name, "daemon") == 0)) {
			compile_error_at(c, t->loc, "setting a Thread's %s in __init__ is not "
			    "supported; pass %s= to super().__init__()", t->u.attr.name,
			    t->u.attr.name);
			return false;
		}
		if (in->group != NULL && !base_init) {
			compile_error_at(c, s->loc, "RuntimeError: Thread.__init__() not called; "
			    "call super().__init__() before setting attributes");
			return false;
		}
		v = ast_copy_expr(c->file->arena, s->u.assign.value);
		ast_each_expr(&v, subst_visit, &sb);
		r.init_attrs = in->nattrs;
		ast_each_expr(&v, rewrite_visit, &r);
		if (c->diags->errors > 0)
			return false;
		in->attrs[in->nattrs] = t->u.attr.name;
		if (names_module_prim(c, v) ||
		    (v->kind == AST_NAME && find_instance(c, v->u.name) != NULL)) {
			in->alias[in->nattrs++] = v->u.name;
			continue;
		}
		in->nattrs++;
		decl = ast_alloc(c->file->arena, sizeof(*decl));
		decl->kind = AST_DECL;
		decl->loc = decl->name_loc = t->loc;
		decl->name = ast_printf(c->file->arena, "%s.%s", in->var, t->u.attr.name);
		decl->value = v;
		add_top(c, decl, in->line);
	}
	if (in->group != NULL && !base_init) {
		compile_error_at(c, init->name_loc, "RuntimeError: thread.__init__() not called: "
		    "%s.__init__ must call super().__init__()", k->name);
		return false;
	}
	return true;
}

/* Each method but __init__, as the instance's own function. */
static void
specialise_methods(struct compiler *c, struct compile_instance *in)
{
	const struct ast_top *m;
	struct rewrite r;

	for (m = in->cls->methods; m != NULL && c->diags->errors == 0; m = m->next) {
		struct ast_top *def;

		if (strcmp(m->name, "__init__") == 0)
			continue;
		def = ast_alloc(c->file->arena, sizeof(*def));
		*def = *m;
		def->next = NULL;
		def->name = ast_printf(c->file->arena, "%s.%s", in->var, m->name);
		def->params = m->params->next;
		def->nparams = m->nparams - 1;
		def->body = ast_copy_block(c->file->arena, m->body);
		memset(&r, 0, sizeof(r));
		r.c = c;
		r.self = m->params->name;
		r.in = in;
		r.def = def;
		r.init_attrs = -1;
		rewrite_block(&r, def->body);
		declare_attr_stores_global(c, def);
		add_top(c, def, in->line);
	}
}

/* A Thread subclass's instance: a group of one whose code is run(). */
static struct ast_top *
thread_group(struct compiler *c, const struct ast_expr *call)
{
	struct ast_top *top = ast_alloc(c->file->arena, sizeof(*top));

	top->kind = AST_THREAD;
	top->loc = top->name_loc = call->loc;
	top->first_line = top->last_line = call->loc.line;
	return top;
}

static void
thread_code(struct compiler *c, struct compile_instance *in, const struct ast_expr *call)
{
	struct ast_top *top = in->group;
	const struct ast_top *run = find_method(in->cls, "run");
	struct ast_stmt *s = ast_alloc(c->file->arena, sizeof(*s));
	struct ast_expr *e;

	s->loc = call->loc;
	top->body = s;
	if (run == NULL) {
		s->kind = AST_PASS;	/* Thread.run without a target does nothing */
		return;
	}
	s->kind = AST_EXPR;
	e = new_expr(c, AST_CALL, call);
	e->u.call.callee = name_like(c, ast_printf(c->file->arena, "%s.run", in->var), call);
	s->u.expr = e;
}

/* Whether any code makes a threading.Thread, which CPython numbers in the
 * same Thread-N sequence as the subclass's unnamed instances. */
struct thread_search {
	const struct compiler *c;
	bool found;
};

static bool
search_visit(struct ast_expr **slot, void *arg)
{
	struct thread_search *t = arg;

	if ((*slot)->kind == AST_CALL && compile_names_thread_class(t->c->file, (*slot)->u.call.callee))
		t->found = true;
	return !t->found;
}

static bool
makes_thread_objects(const struct compiler *c)
{
	struct thread_search t = { c, false };
	struct ast_top *top;

	for (top = c->file->tops; top != NULL && !t.found; top = top->next)
		if (top->kind == AST_MAIN || top->kind == AST_DEF)
			ast_each_expr_in_block(top->body, search_visit, &t);
	return t.found;
}

/* Whether a statement starts a thread (any x.start()). */
static bool
start_visit(struct ast_expr **slot, void *arg)
{
	bool *found = arg;
	const struct ast_expr *e = *slot;

	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_ATTR &&
	    strcmp(e->u.call.callee->u.attr.name, "start") == 0)
		*found = true;
	return !*found;
}

static bool
starts_thread(struct ast_stmt *s)
{
	bool found = false;
	struct ast_stmt *next = s->next;

	s->next = NULL;
	ast_each_expr_in_block(s, start_visit, &found);
	s->next = next;
	return found;
}

/* Whether the module declares var too, or a def assigns it as a global. */
static bool
assigned_elsewhere(const struct compiler *c, const char *var)
{
	const struct ast_top *top;
	const struct ast_stmt *s;
	const struct ast_name *n;

	for (top = c->file->tops; top != NULL; top = top->next) {
		if (top->kind == AST_DECL && strcmp(top->name, var) == 0)
			return true;
		if (top->kind != AST_DEF || compile_assigned_at(top->body, var) == 0)
			continue;
		for (s = top->body; s != NULL; s = s->next)
			for (n = s->kind == AST_GLOBAL ? s->u.names : NULL; n != NULL; n = n->next)
				if (strcmp(n->name, var) == 0)
					return true;
	}
	return false;
}

/* NAME = C(...) as a statement, C one of the program's classes. */
static const struct ast_class *
made_instance(const struct compiler *c, const struct ast_stmt *s, const struct ast_expr **call)
{
	const struct ast_expr *v;

	if (s->kind != AST_ASSIGN || s->u.assign.augmented ||
	    s->u.assign.target->kind != AST_NAME)
		return NULL;
	v = s->u.assign.value;
	if (v->kind == AST_LISTCOMP)
		v = v->u.comp.elem;
	if (v->kind != AST_CALL || v->u.call.callee->kind != AST_NAME)
		return NULL;
	*call = v;
	return compile_find_class(c, v->u.call.callee->u.name);
}

/* ---- a class derived from another of the program's own ----
 *
 * class Derived(Base) is read as the class it amounts to: Base's methods
 * it does not define are its own too, super().m(...) in its methods
 * calls Base's m (kept as the method "Base.m" when Derived overrides it:
 * the instance's function w.Base.m), and super().__init__(...) (or
 * Base.__init__(self, ...)) in its __init__ is Base's __init__ body, its
 * parameters bound to those arguments, where the call stands; its base
 * becomes Base's (none, object or threading.Thread).  Base comes first in
 * the file, as Python needs, and is read so first. */

struct super_calls {
	struct compiler *c;
	struct ast_class *k;
	const struct ast_class *base;
	const char *self;
};

static bool
is_super(const struct ast_expr *e)
{
	return e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "super") == 0 && e->u.call.nargs == 0;
}

/* A copy of method m named name, to link into another class's list. */
static struct ast_top *
method_copy(struct compiler *c, const struct ast_top *m, const char *name)
{
	struct ast_top *n = ast_alloc(c->file->arena, sizeof(*n));

	*n = *m;
	n->name = name;
	n->next = NULL;
	return n;
}

static void
add_method(struct ast_class *k, struct ast_top *m)
{
	struct ast_top **tail;

	for (tail = &k->methods; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = m;
}

/* super().m(...) in a method of s->k: self.m(...), or self.Base.m(...)
 * when k has an m of its own. */
static bool
super_visit(struct ast_expr **slot, void *arg)
{
	struct super_calls *s = arg;
	struct ast_expr *e = *slot, *call, *attr;
	const struct ast_top *m;
	const char *name;

	if (e->kind != AST_CALL || e->u.call.callee->kind != AST_ATTR ||
	    !is_super(e->u.call.callee->u.attr.base))
		return true;
	name = e->u.call.callee->u.attr.name;
	if (strcmp(name, "__init__") == 0)
		return true;	/* a Thread base's: run_init reads it */
	m = find_method(s->base, name);
	if (m == NULL) {
		compile_error_at(s->c, e->u.call.callee->loc, "AttributeError: 'super' object "
		    "has no attribute '%s'", name);
		return false;
	}
	if (find_method(s->k, name) != NULL) {
		name = ast_printf(s->c->file->arena, "%s.%s", s->base->name, name);
		if (find_method(s->k, name) == NULL)
			add_method(s->k, method_copy(s->c, m, name));
	}
	attr = ast_alloc(s->c->file->arena, sizeof(*attr));
	*attr = *e->u.call.callee;
	attr->u.attr.base = name_like(s->c, s->self, e->u.call.callee->u.attr.base);
	attr->u.attr.name = name;
	call = ast_alloc(s->c->file->arena, sizeof(*call));
	*call = *e;
	call->u.call.callee = attr;
	*slot = call;
	return true;
}

/* super().__init__(...) or Base.__init__(self, ...) as a statement. */
static const struct ast_expr *
own_base_init(const struct ast_stmt *s, const struct ast_class *base, const char *self)
{
	const struct ast_expr *e = s->kind == AST_EXPR ? s->u.expr : NULL, *b;

	if (e == NULL || e->kind != AST_CALL || e->u.call.callee->kind != AST_ATTR ||
	    strcmp(e->u.call.callee->u.attr.name, "__init__") != 0)
		return NULL;
	b = e->u.call.callee->u.attr.base;
	if (is_super(b))
		return e;
	if (b->kind == AST_NAME && strcmp(b->u.name, base->name) == 0 && e->u.call.nargs >= 1 &&
	    e->u.call.args->keyword == NULL && e->u.call.args->value->kind == AST_NAME &&
	    strcmp(e->u.call.args->value->u.name, self) == 0)
		return e;
	return NULL;
}

/* k's __init__ with base's run where it calls it: a new __init__. */
static bool
splice_base_init(struct compiler *c, struct ast_class *k, const struct ast_class *base)
{
	const struct ast_top *init = find_method(k, "__init__");
	const struct ast_top *binit = find_method(base, "__init__");
	struct ast_top *merged, **own;
	struct ast_stmt **at, *body, *last;
	const struct ast_expr *call;
	struct ast_expr copy;
	struct params b;
	struct subst sb;

	if (init == NULL || init->params == NULL)
		return true;
	merged = method_copy(c, init, init->name);
	merged->body = ast_copy_block(c->file->arena, init->body);
	for (at = &merged->body; *at != NULL; at = &(*at)->next) {
		if ((call = own_base_init(*at, base, init->params->name)) == NULL)
			continue;
		copy = *call;
		if (!is_super(call->u.call.callee->u.attr.base)) {
			copy.u.call.args = call->u.call.args->next;	/* Base.__init__(self, ...) */
			copy.u.call.nargs--;
		}
		if (binit == NULL) {
			if (copy.u.call.nargs > 0) {
				compile_error_at(c, call->loc, "TypeError: object.__init__() takes "
				    "exactly one argument (the instance to initialize)");
				return false;
			}
			*at = (*at)->next;	/* object's __init__: nothing */
			if (*at == NULL)
				break;
			continue;
		}
		if (!bind_params(c, &copy, binit, base->name, &b, false))
			return false;
		sb.b = &b;
		sb.c = c;
		body = ast_copy_block(c->file->arena, binit->body);
		/* base's self is k's */
		b.names[b.n] = binit->params->name;
		b.values[b.n] = name_like(c, init->params->name, call);
		b.n++;
		ast_each_expr_in_block(body, subst_visit, &sb);
		if (body == NULL)
			continue;
		for (last = body; last->next != NULL; last = last->next)
			;
		last->next = (*at)->next;
		*at = body;
		at = &last;
	}
	/* in place of k's own */
	for (own = &k->methods; *own != init; own = &(*own)->next)
		;
	merged->next = (*own)->next;
	*own = merged;
	return true;
}

/* k, derived from a class of the program's own: read as said above. */
static bool
inherit(struct compiler *c, struct ast_class *k, const struct ast_class *base)
{
	const struct ast_top *m;
	struct super_calls s = { c, k, base, NULL };
	struct ast_top *own;

	if (base->constants != NULL) {
		compile_error_at(c, base->constants->name_loc, "a class attribute of a base "
		    "class (%s.%s) is not supported; make it a constant of the module",
		    base->name, base->constants->name);
		return false;
	}
	if (!splice_base_init(c, k, base))
		return false;
	for (own = k->methods; own != NULL; own = own->next) {
		if (own->params == NULL)
			continue;	/* reported by check_class */
		s.self = own->params->name;
		ast_each_expr_in_block(own->body, super_visit, &s);
		if (c->diags->errors > 0)
			return false;
	}
	for (m = base->methods; m != NULL; m = m->next)
		if (find_method(k, m->name) == NULL)
			add_method(k, method_copy(c, m, m->name));
	k->base = base->base;
	return true;
}

static bool
check_class(struct compiler *c, const struct ast_class *k)
{
	const struct ast_top *m, *d;

	if (k->base != NULL && !compile_names_thread_class(c->file, k->base) &&
	    !(k->base->kind == AST_NAME && strcmp(k->base->u.name, "object") == 0)) {
		compile_error_at(c, k->base->loc, "inheriting from this is not supported; "
		    "lockstep reads class C:, class C(object):, class C(threading.Thread):, "
		    "class C(Base): with Base a class above, and exception classes");
		return false;
	}
	if (compile_find_class(c, k->name) != k) {
		/* Python keeps the last; lockstep would read the first */
		compile_error_at(c, k->loc, "class %s is defined twice; lockstep reads one "
		    "definition of each class", k->name);
		return false;
	}
	for (m = k->methods; m != NULL; m = m->next) {
		if (m->params == NULL) {
			compile_error_at(c, m->name_loc, "a method takes the instance first: "
			    "def %s(self, ...)", m->name);
			return false;
		}
		if (is_thread_class(c, k) && strcmp(m->name, "run") == 0 && m->nparams > 1) {
			compile_error_at(c, m->params->next->loc, "TypeError: run() takes only self; "
			    "Thread.start() passes it no arguments");
			return false;
		}
		for (d = m->next; d != NULL; d = d->next)
			if (strcmp(d->name, m->name) == 0) {
				compile_error_at(c, d->name_loc, "%s.%s is defined twice; lockstep "
				    "reads one definition of each method", k->name, m->name);
				return false;
			}
	}
	return true;
}

static bool
is_param_of(const struct ast_top *def, const char *var)
{
	const struct ast_param *p;

	for (p = def->params; p != NULL; p = p->next)
		if (strcmp(p->name, var) == 0)
			return true;
	return false;
}

static bool
declares_global(const struct ast_top *def, const char *var)
{
	const struct ast_stmt *s;
	const struct ast_name *n;

	for (s = def->body; s != NULL; s = s->next)
		for (n = s->kind == AST_GLOBAL ? s->u.names : NULL; n != NULL; n = n->next)
			if (strcmp(n->name, var) == 0)
				return true;
	return false;
}

/* Whether def has its own variable var (a parameter, or a local it
 * assigns without `global var`). */
static bool
hides(const struct ast_top *def, const char *var)
{
	return is_param_of(def, var) ||
	    (compile_assigned_at(def->body, var) > 0 && !declares_global(def, var));
}

/* The instance var = C(...) made at line: declared, its __init__ run.
 * False after an error (reported). */
static bool
make_instance(struct compiler *c, const struct ast_class *k, const char *var,
    const struct ast_expr *call, unsigned line, int *unnamed, size_t *cap)
{
	struct compile_instance *in;

	c->instances = xgrow(c->instances, cap, c->ninstances + 1,
	    sizeof(*c->instances));
	in = &c->instances[c->ninstances++];
	memset(in, 0, sizeof(*in));
	in->var = var;
	in->cls = k;
	in->line = line;
	if (is_thread_class(c, k)) {
		in->group = thread_group(c, call);
		in->group->name = NULL;
	}
	if (!run_init(c, in, call))
		return false;
	if (in->group != NULL && in->group->name == NULL) {
		if (makes_thread_objects(c)) {
			compile_error_at(c, call->loc, "lockstep cannot yet number this "
			    "thread among the threading.Thread objects (CPython names both "
			    "Thread-N); give it a name: super().__init__(name=...)");
			return false;
		}
		in->group->name = ast_printf(c->file->arena, "Thread-%d", ++*unnamed);
	}
	if (in->group != NULL) {
		thread_code(c, in, call);
		append_top(c, in->group);
	}
	return true;
}

/* The constant count of range(N) in a list of instances, or -1 after
 * an error (reported). */
static int
instance_count(struct compiler *c, const struct ast_expr *range)
{
	const struct ast_expr *n;
	const struct ast_top *top;

	n = range->kind == AST_CALL && range->u.call.callee->kind == AST_NAME &&
	    strcmp(range->u.call.callee->u.name, "range") == 0 && range->u.call.nargs == 1 &&
	    range->u.call.args->keyword == NULL ? range->u.call.args->value : NULL;
	if (n != NULL && n->kind == AST_NAME && unchanged_decl(c, n->u.name))
		for (top = c->file->tops; top != NULL; top = top->next)
			if (top->kind == AST_DECL && strcmp(top->name, n->u.name) == 0) {
				n = top->value;	/* no longer a name: stop here */
				break;
			}
	if (n == NULL || n->kind != AST_INT || n->u.ival < 1 ||
	    n->u.ival > LANG_MAX_WORKERS) {
		compile_error_at(c, range->loc, "a list of instances is made over range(N), N "
		    "a constant from 1 to %d: [C(...) for i in range(N)]", LANG_MAX_WORKERS);
		return -1;
	}
	return (int)n->u.ival;
}

/* list = [C(... i ...) for i in range(N)]: N instances named list[0] ...
 * list[N-1], i the constant index in each one's arguments. */
static bool
make_list(struct compiler *c, const struct ast_class *k, const char *list,
    const struct ast_expr *comp, unsigned line, int *unnamed, size_t *cap)
{
	const char *var = comp->u.comp.var;
	struct params b;
	struct subst sb;
	int n, i;

	if (comp->u.comp.cond != NULL) {
		compile_error_at(c, comp->u.comp.cond->loc, "an 'if' filter in a list of "
		    "instances is not supported yet; make them all: [%s(...) for i in "
		    "range(N)]", k->name);
		return false;
	}
	n = instance_count(c, comp->u.comp.range);
	if (n < 0)
		return false;
	b.n = 1;
	b.names = &var;
	sb.b = &b;
	sb.c = c;
	for (i = 0; i < n; i++) {
		struct ast_expr *call = ast_copy_expr(c->file->arena, comp->u.comp.elem);
		struct ast_expr index;

		memset(&index, 0, sizeof(index));
		index.kind = AST_INT;
		index.loc = comp->u.comp.var_loc;
		index.u.ival = i;
		b.values = (struct ast_expr *[]){ &index };
		ast_each_expr(&call, subst_visit, &sb);
		if (!make_instance(c, k, ast_printf(c->file->arena, "%s[%d]", list, i), call, line, unnamed,
		    cap))
			return false;
	}
	return true;
}

static bool
list_member_visit(struct ast_expr **slot, void *arg)
{
	return member_of_list(arg, slot);
}

/* Whether def has a variable of its own named as a list of instances. */
static bool
hides_a_list(const struct compiler *c, const struct ast_top *def)
{
	size_t i;

	for (i = 0; i < c->ninstances; i++) {
		const char *var = c->instances[i].var, *bracket = strchr(var, '[');
		char name[LANG_MAX_NAME_CHARS + 1];

		if (bracket == NULL || (size_t)(bracket - var) > LANG_MAX_NAME_CHARS)
			continue;
		memcpy(name, var, (size_t)(bracket - var));
		name[bracket - var] = '\0';
		if (hides(def, name))
			return true;
	}
	return false;
}

struct making {
	struct compiler *c;
	bool started;	/* main code has started a thread above */
	int unnamed;	/* CPython's Thread-N counter */
	size_t cap;
};

struct mention {
	const char *var;
	bool found;
	struct lang_loc loc;	/* the first one found */
};

static bool
mention_visit(struct ast_expr **slot, void *arg)
{
	struct mention *n = arg;

	if (!n->found && (*slot)->kind == AST_NAME && strcmp((*slot)->u.name, n->var) == 0) {
		n->found = true;
		n->loc = (*slot)->loc;
	}
	return !n->found;
}

/* Whether a statement of block before stop names var (reads or assigns
 * it, at any depth). */
static bool
named_before(struct ast_stmt *block, const struct ast_stmt *stop, const char *var)
{
	struct mention n = { var, false, { 0, 0, 0 } };
	struct ast_stmt *s, *next;

	for (s = block; s != NULL && s != stop && !n.found; s = s->next) {
		next = s->next;
		s->next = NULL;
		ast_each_expr_in_block(s, mention_visit, &n);
		s->next = next;
	}
	return n.found;
}


/* The name the instance that statement s of block makes is known by:
 * var in main code; def.var for a local of def, a def main code runs once
 * (as compile_threads_def.c names its primitives: main.pool), renamed in
 * its body so that only it names the instance.  NULL after an error
 * (reported). */
static const char *
instance_name(struct making *m, struct ast_stmt *block, struct ast_stmt *s,
    const struct ast_top *def)
{
	struct compiler *c = m->c;
	const char *var = s->u.assign.target->u.name;

	if (def == NULL) {
		if (find_instance(c, var) != NULL || compile_assigned_at(s->next, var) > 0 ||
		    assigned_elsewhere(c, var)) {
			compile_error_at(c, s->u.assign.target->loc, "'%s' is given another "
			    "value too; lockstep reads an instance bound to a name assigned "
			    "once", var);
			return NULL;
		}
		return var;
	}
	if (is_param_of(def, var) || declares_global(def, var) ||
	    compile_assigned_at(s->next, var) > 0) {
		compile_error_at(c, s->u.assign.target->loc, "'%s' is given another value "
		    "too; lockstep reads an instance bound to a local of %s() assigned "
		    "once", var, def->name);
		return NULL;
	}
	if (named_before(block, s, var)) {
		compile_error_at(c, s->u.assign.target->loc, "'%s' is used in %s() before "
		    "this line; lockstep reads an instance bound to a local that the "
		    "def names only after making it", var, def->name);
		return NULL;
	}
	return ast_printf(c->file->arena, "%s.%s", def->name, var);
}

/* Whether code other than block names var: made after a thread has
 * started, an instance is elaborated from the start, which is the same
 * only if no running thread can reach it before the statement that makes
 * it (CPython's NameError), so nothing but block may name it. */
static bool
named_outside(struct compiler *c, struct ast_stmt *block, const char *var)
{
	return compile_mentions_of(c->file, var) != compile_mentions_in_block(block, var);
}

/* The instances that the block at head, main code or the body of def (a
 * def that main code runs once), makes by name in its own statements, before any
 * thread starts; a def main code runs once is read where it is called. */
static bool
make_instances(struct making *m, struct ast_stmt **head, struct ast_top *def)
{
	struct compiler *c = m->c;
	struct ast_stmt **link, *s;
	const struct ast_class *k;
	struct ast_top *callee;

	for (link = head; (s = *link) != NULL;) {
		const struct ast_expr *call = NULL;
		const char *var, *local;

		k = made_instance(c, s, &call);
		if (k == NULL) {
			if ((callee = compile_run_once_def(c, s)) != NULL &&
			    !make_instances(m, &callee->body, callee))
				return false;
			m->started = m->started || starts_thread(s);
			link = &s->next;
			continue;
		}
		local = s->u.assign.target->u.name;
		if (m->started && named_outside(c, *head, local)) {
			compile_error_at(c, s->loc, "an instance made after a thread has started "
			    "is not supported yet where other code names '%s' (a thread "
			    "running already could read it before it is made); make it "
			    "before starting the threads", local);
			return false;
		}
		var = instance_name(m, *head, s, def);
		if (var == NULL)
			return false;
		if (s->u.assign.value->kind == AST_LISTCOMP) {
			if (!make_list(c, k, var, s->u.assign.value, s->loc.line, &m->unnamed,
			    &m->cap))
				return false;
		} else if (!make_instance(c, k, var, call, s->loc.line, &m->unnamed, &m->cap)) {
			return false;
		}
		*link = s->next;	/* made: nothing left to run */
		if (def != NULL)
			compile_rename_in_block(*link, local, var);
	}
	return true;
}

/* Each instance's methods as its own functions; r then rewrites the
 * uses.  False after an error (reported). */
static bool
specialise_all(struct compiler *c, struct rewrite *r)
{
	size_t i;

	for (i = 0; i < c->ninstances && c->diags->errors == 0; i++)
		specialise_methods(c, &c->instances[i]);
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->init_attrs = -1;
	return c->diags->errors == 0;
}

/* The classes as the instances are made of them: each derived one read
 * as the class it amounts to, each checked, their constants declared.
 * False after an error (reported). */
static bool
read_classes(struct compiler *c)
{
	const struct ast_class *k;
	struct ast_class *derived;
	struct ast_top *top;

	for (derived = c->file->classes; derived != NULL; derived = derived->next) {
		const struct ast_class *base = derived->base != NULL &&
		    derived->base->kind == AST_NAME ? compile_find_class(c, derived->base->u.name) : NULL;

		if (base == NULL)
			continue;
		for (k = c->file->classes; k != derived && k != base; k = k->next)
			;
		if (k == derived) {
			compile_error_at(c, derived->base->loc, "NameError: name '%s' is not "
			    "defined here; define class %s before the classes derived from it",
			    base->name, base->name);
			return false;
		}
		if (!inherit(c, derived, base))
			return false;
	}
	for (k = c->file->classes; k != NULL; k = k->next)
		if (!check_class(c, k))
			return false;
	for (k = c->file->classes; k != NULL; k = k->next) {
		const struct ast_top *d;

		for (d = k->constants; d != NULL; d = d->next) {
			top = ast_alloc(c->file->arena, sizeof(*top));
			*top = *d;
			top->name = ast_printf(c->file->arena, "%s.%s", k->name, d->name);
			add_top(c, top, k->loc.line);
		}
	}
	return true;
}

void
compile_python_classes(struct compiler *c)
{
	struct ast_top *top, *main = NULL;
	struct making m;
	struct rewrite r;

	if (c->file->classes == NULL || !read_classes(c))
		return;
	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_MAIN)
			main = top;
	if (main == NULL)
		return;
	memset(&m, 0, sizeof(m));
	m.c = c;
	if (!make_instances(&m, &main->body, NULL))
		return;
	if (!specialise_all(c, &r))
		return;
	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_DECL)
			ast_each_expr(&top->value, rewrite_visit, &r);
	/* list[k] named as its instance before compile_prim_args reads the
	 * arguments: Thread(target=f, args=(accounts[0],)) */
	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_MAIN || (top->kind == AST_DEF && !hides_a_list(c, top)))
			ast_each_expr_in_block(top->body, list_member_visit, &r);
}

/* `global pool` in a def, pool an instance (or a list of them): the
 * name holds no value of its own, its attributes are global already. */
static void
drop_instance_globals(const struct compiler *c, struct ast_stmt *s)
{
	struct ast_name **link;

	for (; s != NULL; s = s->next)
		for (link = s->kind == AST_GLOBAL ? &s->u.names : NULL; link != NULL &&
		    *link != NULL;) {
			if (find_instance(c, (*link)->name) != NULL ||
			    list_length(c, (*link)->name) > 0)
				*link = (*link)->next;
			else
				link = &(*link)->next;
		}
}

/* Whether the module has a name of its own called name. */
static bool
module_has(const struct compiler *c, const char *name)
{
	const struct ast_top *top;

	for (top = c->file->tops; top != NULL; top = top->next)
		if ((top->kind == AST_DECL || top->kind == AST_DEF) && strcmp(top->name, name) == 0)
			return true;
	return find_instance(c, name) != NULL || list_length(c, name) > 0 ||
	    compile_find_class(c, name) != NULL || ast_find_import(c->file, name) != NULL;
}

/* An instance made in a def run once is that def's local (def.var): a
 * def that names var without one of its own would meet CPython's
 * NameError.  True if def does (reported). */
static bool
names_anothers_local(struct compiler *c, const struct ast_top *def)
{
	size_t i;

	for (i = 0; i < c->ninstances; i++) {
		const char *var = c->instances[i].var, *dot = strchr(var, '.'), *end;
		struct mention n;
		char local[LANG_MAX_NAME_CHARS + 1];
		size_t len;

		if (dot == NULL)
			continue;
		end = strchr(dot, '[');
		len = end != NULL ? (size_t)(end - dot - 1) : strlen(dot + 1);
		if (len > LANG_MAX_NAME_CHARS || ((size_t)(dot - var) == strlen(def->name) &&
		    strncmp(var, def->name, strlen(def->name)) == 0))
			continue;
		memcpy(local, dot + 1, len);
		local[len] = '\0';
		if (hides(def, local) || module_has(c, local))
			continue;
		n.var = local;
		n.found = false;
		ast_each_expr_in_block(def->body, mention_visit, &n);
		if (n.found) {
			compile_error_at(c, n.loc, "NameError: %s() names '%s', a local of "
			    "%.*s() (the %s made at line %u); pass it to %s() as an argument",
			    def->name, local, (int)(dot - var), var, c->instances[i].cls->name,
			    c->instances[i].line, def->name);
			return true;
		}
	}
	return false;
}

void
compile_python_instance_uses(struct compiler *c)
{
	struct ast_top *top;
	struct rewrite r;
	size_t i;

	if (c->file->classes == NULL)
		return;
	memset(&r, 0, sizeof(r));
	r.c = c;
	r.init_attrs = -1;
	for (top = c->file->tops; top != NULL; top = top->next) {
		if (top->kind != AST_MAIN && top->kind != AST_DEF)
			continue;
		for (i = 0; top->kind == AST_DEF && i < c->ninstances; i++) {
			const char *var = c->instances[i].var, *bracket = strchr(var, '[');

			if (bracket != NULL)	/* list[k]: the list's name */
				var = ast_strndup(c->file->arena, var, (size_t)(bracket - var));
			if (hides(top, var)) {
				compile_error_at(c, top->name_loc, "%s() has its own '%s', the name "
				    "of the %s made at line %u; lockstep reads an instance passed to a "
				    "function only when every call passes that one: rename one of "
				    "them", top->name, var, c->instances[i].cls->name,
				    c->instances[i].line);
				return;
			}
		}
		if (top->kind == AST_DEF && names_anothers_local(c, top))
			return;
		r.def = top->kind == AST_DEF ? top : NULL;
		if (top->kind == AST_DEF)
			drop_instance_globals(c, top->body);
		rewrite_block(&r, top->body);
		if (top->kind == AST_DEF)
			declare_attr_stores_global(c, top);
	}
}

void
compile_instances_free(struct compiler *c)
{
	free(c->instances);
	c->instances = NULL;
	c->ninstances = 0;
}

/* ---- a .race file's classes ----
 *
 * A .race file has no module body: its opening declarations are its
 * state, its thread blocks, main: and defs its code.  So an instance is
 * a declaration, `acct = Account(100)`, elaborated as the module's own
 * statement is in a .py file, and the uses are rewritten in every block
 * that runs, thread blocks too.  There is nothing to pass an instance
 * through (compile_prim_args.c is a .py pass): the blocks name it. */

/* A declaration whose value is C(...) or [C(...) for i in range(N)]. */
static const struct ast_class *
declared_instance(const struct compiler *c, const struct ast_top *top,
    const struct ast_expr **call)
{
	const struct ast_expr *v = top->value;

	if (top->kind != AST_DECL)
		return NULL;
	if (v->kind == AST_LISTCOMP)
		v = v->u.comp.elem;
	if (v->kind != AST_CALL || v->u.call.callee->kind != AST_NAME)
		return NULL;
	*call = v;
	return compile_find_class(c, v->u.call.callee->u.name);
}

/* The line of the instance named var, or of the first of the list named so. */
static unsigned
first_made(const struct compiler *c, const char *var)
{
	const struct compile_instance *in = find_instance(c, var);

	if (in == NULL)
		in = find_instance(c, ast_printf(c->file->arena, "%s[0]", var));
	return in != NULL ? in->line : 0;
}

void
compile_race_classes(struct compiler *c)
{
	const struct ast_class *k;
	struct ast_top **link, *top;
	struct making m;
	struct rewrite r;

	if (c->file->classes == NULL)
		return;
	for (k = c->file->classes; k != NULL; k = k->next)
		if (is_thread_class(c, k)) {
			compile_error_at(c, k->base->loc, "a subclass of threading.Thread is read "
			    "in .py files only; a .race file's threads are its 'thread NAME:' "
			    "blocks: keep %s a plain class and call its methods from them",
			    k->name);
			return;
		}
	if (!read_classes(c))
		return;
	memset(&m, 0, sizeof(m));
	m.c = c;
	for (link = &c->file->tops; (top = *link) != NULL;) {
		const struct ast_expr *call = NULL;

		k = declared_instance(c, top, &call);
		if (k == NULL) {
			link = &top->next;
			continue;
		}
		if (find_instance(c, top->name) != NULL || list_length(c, top->name) > 0) {
			compile_error_at(c, top->name_loc, "'%s' is already declared (the %s "
			    "made at line %u)", top->name, k->name, first_made(c, top->name));
			return;
		}
		if (top->loc.line < k->loc.line) {
			compile_error_at(c, call->loc, "NameError: name '%s' is not defined here; "
			    "define class %s above the declarations that make its instances",
			    k->name, k->name);
			return;
		}
		if (top->value->kind == AST_LISTCOMP ?
		    !make_list(c, k, top->name, top->value, top->loc.line, &m.unnamed, &m.cap) :
		    !make_instance(c, k, top->name, call, top->loc.line, &m.unnamed, &m.cap))
			return;
		*link = top->next;	/* made: it declares nothing itself */
	}
	if (!specialise_all(c, &r))
		return;
	for (top = c->file->tops; top != NULL && c->diags->errors == 0; top = top->next) {
		switch (top->kind) {
		case AST_DECL:
		case AST_EXPECT:
			ast_each_expr(&top->value, rewrite_visit, &r);
			break;
		case AST_THREAD:
		case AST_MAIN:
		case AST_DEF:
			/* a method specialised above is rewritten already, and
			 * its self's name is no instance: the pass finds nothing */
			r.def = top->kind == AST_DEF ? top : NULL;
			rewrite_block(&r, top->body);
			break;
		}
	}
}
