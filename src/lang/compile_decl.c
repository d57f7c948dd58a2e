/* compile_decl.c - pass 1, shared declarations and threads; pass 2, the
 * locals of each thread. */
#include "config.h"

#include "lang/compiler.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "util/xalloc.h"

/* ---- pass 1: declarations ---- */

static bool
is_prim_constructor(const struct ast_expr *e, int *type)
{
	const struct ast_expr *f;

	if (e->kind != AST_CALL)
		return false;
	f = e->u.call.callee;
	if (f->kind != AST_NAME)
		return false;
	*type = lang_prim_by_name(f->u.name, (unsigned)strlen(f->u.name));
	return *type >= 0;
}

static const char *
constructor_keyword(enum lang_prim_type t)
{
	switch (t) {
	case LANG_PRIM_SEMAPHORE:
	case LANG_PRIM_BSEMAPHORE:
		return "value";
	case LANG_PRIM_CONDITION:
		return "lock";
	case LANG_PRIM_BARRIER:
		return "parties";
	case LANG_PRIM_QUEUE:
		return "maxsize";
	case LANG_PRIM_LOCK:
	case LANG_PRIM_RLOCK:
	case LANG_PRIM_EVENT:
	case LANG_PRIM_RWLOCK:
	case LANG_PRIM_COUNT:
		break;
	}
	return NULL;
}

/* The lock given to Condition(...): a shared Lock/RLock or an element of an
 * array of them. */
static bool
condition_lock(struct compiler *c, const struct ast_expr *e, struct lang_prim_init *pi)
{
	const struct ast_expr *base = e->kind == AST_INDEX ? e->u.index.base : e;
	const struct lang_shared *s;
	int i;
	int64_t elem = 0;

	if (base->kind != AST_NAME || (i = compile_find_shared(c, base->u.name)) < 0) {
		compile_error_at(c, e->loc, "Condition(lock) needs a Lock or RLock declared above");
		return false;
	}
	s = &c->prog->shared[i];
	if ((s->kind != LANG_SHARED_PRIM && s->kind != LANG_SHARED_PRIM_ARRAY) ||
	    (s->prim != LANG_PRIM_LOCK && s->prim != LANG_PRIM_RLOCK)) {
		compile_error_at(c, e->loc, "Condition(lock) needs a Lock or RLock; '%s' is %s",
		    s->name, compile_shared_kind_name(s));
		return false;
	}
	if ((s->kind == LANG_SHARED_PRIM_ARRAY) != (e->kind == AST_INDEX)) {
		compile_error_at(c, e->loc, s->kind == LANG_SHARED_PRIM_ARRAY ?
		    "'%s' is an array of locks; give an element: %s[0]" :
		    "'%s' is not an array", s->name, s->name);
		return false;
	}
	if (e->kind == AST_INDEX) {
		if (!compile_const_int(c, e->u.index.index, &elem, "the lock's index"))
			return false;
		if (elem < 0 || elem >= s->length) {
			compile_error_at(c, e->u.index.index->loc,
			    "IndexError: index %lld is out of range for '%s' (size %d)",
			    (long long)elem, s->name, s->length);
			return false;
		}
	}
	pi->lock_shared = i;
	pi->lock_elem = (int)elem;
	return true;
}

static bool
construct_prim(struct compiler *c, const struct ast_expr *call, enum lang_prim_type t,
    struct lang_prim_init *pi)
{
	const struct lang_prim_info *info = lang_prim_info(t);
	const char *kw = constructor_keyword(t);
	const struct ast_arg *arg = call->u.call.args;
	int64_t v;

	pi->lock_shared = -1;
	pi->lock_elem = 0;
	pi->value = t == LANG_PRIM_SEMAPHORE || t == LANG_PRIM_BSEMAPHORE ? 1 : 0;
	if (t == LANG_PRIM_BARRIER && c->file->python && arg != NULL && (arg->next != NULL ||
	    arg->keyword != NULL) && (arg = arg->next != NULL ? arg->next : arg)->keyword != NULL &&
	    (strcmp(arg->keyword, "action") == 0 || strcmp(arg->keyword, "timeout") == 0)) {
		/* CPython's runs the action in the last thread to arrive, and
		 * breaks the barrier when a wait times out */
		compile_error_at(c, arg->keyword_loc, "Barrier(parties, %s=...) is not "
		    "supported yet; write Barrier(parties)%s", arg->keyword,
		    strcmp(arg->keyword, "action") == 0 ? " and call the action where the "
		    "threads have all passed" : "");
		return false;
	}
	if (call->u.call.nargs < info->min_args || call->u.call.nargs > info->max_args) {
		if (info->max_args == 0)
			compile_error_at(c, call->loc, "%s() takes no arguments", info->name);
		else if (info->min_args == info->max_args)
			compile_error_at(c, call->loc,
			    "%s() takes exactly %d argument (%s), %d given",
			    info->name, info->min_args, kw, call->u.call.nargs);
		else
			compile_error_at(c, call->loc,
			    "%s() takes at most %d argument (%s), %d given",
			    info->name, info->max_args, kw, call->u.call.nargs);
		return false;
	}
	if (arg == NULL)
		return true;
	if (arg->keyword != NULL && strcmp(arg->keyword, kw) != 0) {
		compile_error_at(c, arg->keyword_loc, "%s() has no parameter '%s' (it has '%s')",
		    info->name, arg->keyword, kw);
		return false;
	}
	if (t == LANG_PRIM_CONDITION)
		return condition_lock(c, arg->value, pi);
	if (!compile_const_int(c, arg->value, &v, "the argument"))
		return false;
	if (t == LANG_PRIM_BARRIER && v < 1) {
		compile_error_at(c, arg->value->loc,
		    "ValueError: a Barrier needs at least 1 party");
		return false;
	}
	if (v < 0) {
		compile_error_at(c, arg->value->loc, "ValueError: the %s of %s %s must not be "
		    "negative", kw, compile_article(info->name), info->name);
		return false;
	}
	if (v > INT32_MAX) {
		compile_error_at(c, arg->value->loc, "%s is too large (the limit is %d)",
		    kw, INT32_MAX);
		return false;
	}
	pi->value = v;
	return true;
}

static bool
range_args(struct compiler *c, const struct ast_expr *range, int64_t *from,
    int64_t *to, int64_t *step)
{
	const struct ast_arg *a = range->u.call.args;
	int n = range->u.call.nargs;

	*from = 0;
	*step = 1;
	if (n < 1 || n > 3) {
		compile_error_at(c, range->loc, "range() takes 1 to 3 arguments, %d given", n);
		return false;
	}
	if (n == 1)
		return compile_const_int(c, a->value, to, "range()'s argument");
	if (!compile_const_int(c, a->value, from, "range()'s argument") ||
	    !compile_const_int(c, a->next->value, to, "range()'s argument"))
		return false;
	if (n == 3 && !compile_const_int(c, a->next->next->value, step, "range()'s step"))
		return false;
	if (*step == 0) {
		compile_error_at(c, a->next->next->value->loc,
		    "ValueError: range() step must not be zero");
		return false;
	}
	return true;
}

bool
compile_is_range_call(const struct ast_expr *e)
{
	return e != NULL && e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "range") == 0;
}

static int64_t
range_length(int64_t from, int64_t to, int64_t step)
{
	if (step > 0)
		return from >= to ? 0 : (int64_t)(((uint64_t)to - (uint64_t)from - 1) /
		    (uint64_t)step + 1);
	return from <= to ? 0 : (int64_t)(((uint64_t)from - (uint64_t)to - 1) /
	    (uint64_t)(-(step + 1) + 1) + 1);
}

static bool
check_array_length(struct compiler *c, struct lang_loc loc, int64_t n)
{
	if (n < 1) {
		compile_error_at(c, loc, "an array needs at least one element");
		return false;
	}
	if (n > LANG_MAX_ARRAY_LEN) {
		compile_error_at(c, loc, "array of %lld elements; the limit is %d", (long long)n,
		    LANG_MAX_ARRAY_LEN);
		return false;
	}
	return true;
}

/* The opening value of an earlier opening list, tuple or array: what it
 * holds when a later opening assignment runs over it, whatever code does
 * to it afterwards.  False if name is no such thing. */
static bool
opening_items(const struct compiler *c, const struct ast_expr *over,
    const struct lang_value **items, int64_t *n)
{
	const struct lang_shared *s;
	int i;

	if (over->kind != AST_NAME || (i = compile_find_shared(c, over->u.name)) < 0)
		return false;
	s = &c->prog->shared[i];
	if (s->kind == LANG_SHARED_ARRAY) {
		*items = s->init;
		*n = s->length;
		return true;
	}
	if (s->kind == LANG_SHARED_SCALAR &&
	    (s->object == LANG_OBJ_LIST || s->object == LANG_OBJ_TUPLE)) {
		*items = s->items;
		*n = s->nitems;
		/* objects in it are made when the program starts, not here */
		for (i = 0; i < s->nitems; i++)
			if (s->items[i].kind == LANG_VAL_OBJECT)
				return false;
		return true;
	}
	return false;
}

/* [x for i in range(...)]: values or primitives; [x for v in xs], xs an
 * earlier opening list: values; either with `if c`: the values whose c
 * holds, c evaluated now as x is. */
static bool
declare_comprehension(struct compiler *c, struct lang_shared *s, const struct ast_expr *e)
{
	const struct ast_expr *over = e->u.comp.range;
	const struct lang_value *items = NULL;
	int64_t from = 0, to, step = 1, n, k, kept = 0;
	bool keep = true, prims;
	int type = 0;	/* set when prims */

	prims = is_prim_constructor(e->u.comp.elem, &type);
	if (!prims && opening_items(c, over, &items, &n)) {
		/* n values, items[0 .. n-1] */
	} else if (!compile_is_range_call(over)) {
		compile_error_at(c, over->loc, "a list comprehension runs over range(...) "
		    "or an earlier opening list");
		return false;
	} else if (!range_args(c, over, &from, &to, &step)) {
		return false;
	} else {
		n = range_length(from, to, step);
	}
	if ((n > 0 || e->u.comp.cond == NULL) && !check_array_length(c, e->loc, n))
		return false;
	if (prims && e->u.comp.cond != NULL) {
		compile_error_at(c, e->u.comp.cond->loc, "an 'if' filter in a list of "
		    "primitives is not supported; make each one: [%s() for i in range(N)]",
		    lang_prim_info(type)->name);
		return false;
	}
	s->length = (int)n;
	c->comp_var = e->u.comp.var;
	if (prims) {
		s->kind = LANG_SHARED_PRIM_ARRAY;
		s->prim = (enum lang_prim_type)type;
		s->prim_init = xcalloc((size_t)n, sizeof(*s->prim_init));
		for (k = 0; k < n; k++) {
			c->comp_value = (struct lang_value){ LANG_VAL_INT, from + k * step };
			if (!construct_prim(c, e->u.comp.elem, s->prim, &s->prim_init[k]))
				break;
		}
	} else {
		s->kind = LANG_SHARED_ARRAY;
		s->init = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*s->init));
		for (k = 0; k < n; k++) {
			c->comp_value = items != NULL ? items[k] :
			    (struct lang_value){ LANG_VAL_INT, from + k * step };
			if (e->u.comp.cond != NULL &&
			    !compile_const_truthy(c, e->u.comp.cond, &keep))
				break;
			if (keep && !compile_const_eval(c, e->u.comp.elem, &s->init[kept++]))
				break;
		}
		s->length = (int)kept;
	}
	c->comp_var = NULL;
	return k == n;
}

/* [a, b, c], possibly repeated: [0] * 4. */
static bool
declare_list(struct compiler *c, struct lang_shared *s, const struct ast_expr *list,
    int64_t times, struct lang_loc loc)
{
	int n = list->u.list.n, i, type;
	int64_t total, k;

	if (__builtin_mul_overflow((int64_t)n, times, &total))
		total = INT64_MAX;
	if (!check_array_length(c, loc, total))
		return false;
	s->length = (int)total;
	if (n > 0 && is_prim_constructor(list->u.list.items[0], &type)) {
		if (times > 1) {
			compile_error_at(c, loc, "[%s()] * %lld would make %lld names for ONE %s; "
			    "write [%s() for i in range(%lld)]", lang_prim_info(type)->name,
			    (long long)times, (long long)times, lang_prim_info(type)->name,
			    lang_prim_info(type)->name, (long long)total);
			return false;
		}
		s->kind = LANG_SHARED_PRIM_ARRAY;
		s->prim = (enum lang_prim_type)type;
		s->prim_init = xcalloc((size_t)n, sizeof(*s->prim_init));
		for (i = 0; i < n; i++) {
			int t2;

			if (!is_prim_constructor(list->u.list.items[i], &t2) || t2 != type) {
				compile_error_at(c, list->u.list.items[i]->loc,
				    "every element of an array of primitives must be a %s()",
				    lang_prim_info(type)->name);
				return false;
			}
			if (!construct_prim(c, list->u.list.items[i], s->prim, &s->prim_init[i]))
				return false;
		}
		return true;
	}
	s->kind = LANG_SHARED_ARRAY;
	s->init = xcalloc((size_t)total, sizeof(*s->init));
	for (i = 0; i < n; i++) {
		int t2;

		if (is_prim_constructor(list->u.list.items[i], &t2)) {
			compile_error_at(c, list->u.list.items[i]->loc,
			    "an array holds either values or primitives, not both");
			return false;
		}
		if (!compile_const_eval(c, list->u.list.items[i], &s->init[i]))
			return false;
	}
	for (k = n; k < total; k++)
		s->init[k] = s->init[k % n];
	return true;
}

static bool
declare_value(struct compiler *c, struct lang_shared *s, const struct ast_expr *e)
{
	int type;

	if (is_prim_constructor(e, &type)) {
		s->kind = LANG_SHARED_PRIM;
		s->prim = (enum lang_prim_type)type;
		s->length = 1;
		s->prim_init = xcalloc(1, sizeof(*s->prim_init));
		return construct_prim(c, e, s->prim, s->prim_init);
	}
	if (e->kind == AST_LIST && (e->u.list.n == 0 || compile_used_as_list(c, s->name) ||
	    (c->file->python && compile_holds_objects(e))))
		return compile_declare_object(c, s, e, LANG_OBJ_LIST);
	if (e->kind == AST_TUPLE)
		return compile_declare_object(c, s, e, LANG_OBJ_TUPLE);
	if (e->kind == AST_DICT)
		return compile_declare_object(c, s, e, LANG_OBJ_DICT);
	if (e->kind == AST_LIST)
		return declare_list(c, s, e, 1, e->loc);
	if (e->kind == AST_LISTCOMP)
		return declare_comprehension(c, s, e) && compile_array_to_list(c, s);
	if (e->kind == AST_BINARY && e->u.binary.op == LANG_BIN_MUL &&
	    (e->u.binary.lhs->kind == AST_LIST || e->u.binary.rhs->kind == AST_LIST)) {
		const struct ast_expr *list = e->u.binary.lhs->kind == AST_LIST ?
		    e->u.binary.lhs : e->u.binary.rhs;
		const struct ast_expr *count = list == e->u.binary.lhs ?
		    e->u.binary.rhs : e->u.binary.lhs;
		int64_t times;

		if (!compile_const_int(c, count, &times, "the repeat count"))
			return false;
		return declare_list(c, s, list, times, e->loc) && compile_array_to_list(c, s);
	}
	s->kind = LANG_SHARED_SCALAR;
	s->length = 1;
	s->init = xcalloc(1, sizeof(*s->init));
	return compile_const_eval(c, e, s->init);
}

static bool
reserved_name(struct compiler *c, const char *name, struct lang_loc loc)
{
	if (compile_is_tid(c, name) || compile_is_builtin_function(c, name) ||
	    lang_prim_by_name(name, (unsigned)strlen(name)) >= 0) {
		compile_error_at(c, loc, "'%s' is a built-in name; choose another", name);
		return true;
	}
	return false;
}

static bool
name_taken(struct compiler *c, const char *name, struct lang_loc loc)
{
	int s = compile_find_shared(c, name), g = compile_find_group(c, name);
	int f = compile_find_function(c, name);

	if (reserved_name(c, name, loc))
		return true;
	if (s < 0 && g < 0 && f < 0)
		return false;
	compile_error_at(c, loc, "'%s' is already declared", name);
	compile_note_at(c, s >= 0 ? c->prog->shared[s].loc : g >= 0 ?
	    c->prog->groups[g].loc : c->prog->functions[f].loc,
	    "'%s' was declared here", name);
	return true;
}

void
compile_declare_shared(struct compiler *c, const struct ast_top *top)
{
	struct lang_program *prog = c->prog;
	struct lang_shared *s;

	if (name_taken(c, top->name, top->name_loc) || compile_declare_duration(c, top))
		return;
	if (prog->nshared == LANG_MAX_SHARED) {
		if (!c->too_many_shared)
			compile_error_at(c, top->name_loc, "more than %d shared names",
			    LANG_MAX_SHARED);
		c->too_many_shared = true;
		compile_mark_broken(c, top->name);
		return;
	}
	prog->shared = xrealloc(prog->shared, (prog->nshared + 1) * sizeof(*prog->shared));
	s = &prog->shared[prog->nshared];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(top->name);
	s->loc = top->name_loc;
	s->length = 1;
	if (declare_value(c, s, top->value)) {
		prog->nshared++;
		return;
	}
	compile_mark_broken(c, top->name);
	free(s->name);
	free(s->init);
	free(s->prim_init);
	free(s->items);
}

void
compile_declare_group(struct compiler *c, const struct ast_top *top, int *total_threads)
{
	struct lang_program *prog = c->prog;
	struct lang_group *g;
	int64_t count = 1, workers;

	if (top->kind == AST_MAIN) {
		if (prog->main_group >= 0) {
			compile_error_at(c, top->loc, "a second 'main:' block");
			compile_note_at(c, prog->groups[prog->main_group].loc,
			    "the first 'main:' is here");
			return;
		}
	} else if (name_taken(c, top->name, top->name_loc)) {
		return;
	}
	if (top->count != NULL) {
		if (!compile_const_int(c, top->count, &count, "the number of threads")) {
			compile_mark_broken(c, top->name);
			return;
		}
		if (count < 1 || count > LANG_MAX_WORKERS) {
			compile_error_at(c, top->count->loc,
			    "a thread group has 1 to %d threads, not %lld",
			    LANG_MAX_WORKERS, (long long)count);
			compile_mark_broken(c, top->name);
			return;
		}
	}
	/* main is not counted: LANG_MAX_THREADS has room for it wherever it
	 * is declared */
	workers = *total_threads - (prog->main_group >= 0 ? 1 : 0);
	if (top->kind != AST_MAIN && workers + count > LANG_MAX_WORKERS) {
		/* Once: every thread after the limit would repeat it. */
		if (workers <= LANG_MAX_WORKERS)
			compile_error_at(c, top->name_loc, "more than %d threads besides "
			    "the main one (this makes %lld)", LANG_MAX_WORKERS,
			    (long long)(workers + count));
		*total_threads = LANG_MAX_THREADS + 1;
		compile_mark_broken(c, top->name);
		return;
	}
	prog->groups = xrealloc(prog->groups, (prog->ngroups + 1) * sizeof(*prog->groups));
	c->group_tops = xrealloc(c->group_tops, (prog->ngroups + 1) * sizeof(*c->group_tops));
	g = &prog->groups[prog->ngroups];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(top->name);
	g->count = (int)count;
	g->first_thread = *total_threads;
	g->daemon = top->daemon;
	g->is_main = top->kind == AST_MAIN;
	g->is_array = top->count != NULL;
	g->loc = top->name_loc;
	g->first_line = top->first_line;
	g->last_line = top->last_line;
	if (g->is_main)
		prog->main_group = (int)prog->ngroups;
	c->group_tops[prog->ngroups] = top;
	prog->ngroups++;
	*total_threads += (int)count;
}

void
compile_expand_threads(struct compiler *c)
{
	struct lang_program *prog = c->prog;
	size_t g;
	int k, n = 0;

	for (g = 0; g < prog->ngroups; g++)
		n += prog->groups[g].count;
	prog->threads = xcalloc((size_t)n, sizeof(*prog->threads));
	prog->nthreads = (size_t)n;
	/* main first: it is the thread that runs first */
	n = 0;
	for (g = 0; g < prog->ngroups; g++) {
		struct lang_group *grp = &prog->groups[g];

		for (k = 0; k < grp->count; k++) {
			struct lang_thread *t = &prog->threads[grp->first_thread + k];

			const char **names = c->group_tops[g]->thread_names;

			t->name = names != NULL ? xstrdup(names[k]) : grp->is_array ?
			    xasprintf("%s[%d]", grp->name, k) : xstrdup(grp->name);
			t->group = (int)g;
			t->tid = k;
			t->starts_at_once = prog->main_group < 0 || grp->is_main;
		}
	}
}

/* ---- pass 2: locals ---- */


/* In a thread block a top-level name is the shared one; in a def, as in
 * Python, a name assigned anywhere is local unless declared global. */
static void
add_local_name(struct compiler *c, const char *name, struct lang_loc loc)
{
	if ((c->func < 0 ? compile_find_shared(c, name) >= 0 : compile_is_global(c, name)) ||
	    compile_find_group(c, name) >= 0 ||
	    compile_is_tid(c, name) || compile_find_local(c, name) >= 0 ||
	    compile_is_broken(c, name))
		return;
	if (c->nlocals == LANG_MAX_LOCALS) {
		if (!c->too_many_locals)
			compile_error_at(c, loc, "more than %d local names in one thread",
			    LANG_MAX_LOCALS);
		c->too_many_locals = true;
		return;
	}
	c->locals = xrealloc(c->locals, ((size_t)c->nlocals + 1) * sizeof(*c->locals));
	c->locals[c->nlocals].name = name;
	c->locals[c->nlocals].first_assignment = loc;
	c->locals[c->nlocals].hidden = false;
	c->locals[c->nlocals].thread_group = -1;
	c->locals[c->nlocals].thread_stores = 0;
	c->nlocals++;
}

/* A local found while compiling (a comprehension's variable). */
int
compile_add_local(struct compiler *c, const char *name, struct lang_loc loc)
{
	add_local_name(c, name, loc);
	return compile_find_local(c, name);
}

/* An else block that is one if statement: what elif parses to. */
bool
compile_is_elif(const struct ast_stmt *otherwise)
{
	return otherwise != NULL && otherwise->kind == AST_IF && otherwise->next == NULL;
}

void
compile_collect_locals(struct compiler *c, const struct ast_stmt *s)
{
	for (; s != NULL; s = s->next) {
		switch (s->kind) {
		case AST_ASSIGN:
			/* x += 1 reads x: in a thread it does not make x a
			 * name; in a def it makes x local, as in Python */
			if (s->u.assign.target->kind == AST_NAME &&
			    (!s->u.assign.augmented || c->func >= 0))
				add_local_name(c, s->u.assign.target->u.name,
				    s->u.assign.target->loc);
			break;
		case AST_IF: {
			const struct ast_stmt *arm = s;

			/* walk an elif chain instead of recursing into it */
			for (; compile_is_elif(arm->u.if_.otherwise); arm = arm->u.if_.otherwise)
				compile_collect_locals(c, arm->u.if_.then);
			compile_collect_locals(c, arm->u.if_.then);
			compile_collect_locals(c, arm->u.if_.otherwise);
			break;
		}
		case AST_WHILE:
			compile_collect_locals(c, s->u.while_.body);
			break;
		case AST_FOR:
			if (s->u.for_.var != NULL)
				add_local_name(c, s->u.for_.var, s->u.for_.var_loc);
			compile_collect_locals(c, s->u.for_.body);
			break;
		case AST_ATOMIC:
			compile_collect_locals(c, s->u.body);
			break;
		case AST_WITH:
			compile_collect_locals(c, s->u.with.body);
			break;
		case AST_TRY: {
			struct ast_stmt *blocks[LANG_MAX_TRY_BLOCKS];
			const struct ast_handler *h;
			size_t i, n = ast_try_blocks(s, blocks, LANG_MAX_TRY_BLOCKS);

			for (h = s->u.try_.handlers; h != NULL; h = h->next)
				if (h->name != NULL)
					add_local_name(c, h->name, h->name_loc);
			for (i = 0; i < n; i++)
				compile_collect_locals(c, blocks[i]);
			break;
		}
		default:
			break;
		}
	}
}

int
compile_new_hidden_local(struct compiler *c, struct lang_loc loc)
{
	if (c->nlocals == LANG_MAX_LOCALS) {
		if (!c->too_many_locals)
			compile_error_at(c, loc, "more than %d local names in one thread",
			    LANG_MAX_LOCALS);
		c->too_many_locals = true;
		return 0;
	}
	c->locals = xrealloc(c->locals, ((size_t)c->nlocals + 1) * sizeof(*c->locals));
	c->locals[c->nlocals].name = NULL;
	c->locals[c->nlocals].hidden = true;
	c->locals[c->nlocals].first_assignment = loc;
	c->locals[c->nlocals].thread_group = -1;
	c->locals[c->nlocals].thread_stores = 0;
	return c->nlocals++;
}
