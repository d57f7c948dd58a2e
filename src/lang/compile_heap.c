/* compile_heap.c - lists, tuples and dicts: which shared names are lists,
 * and the code of literals, items, list methods, get(), len(), `in` and
 * `for x in`.
 *
 * A top-level `[...]` is a shared *array* (a fixed row of shared
 * variables, each its own step, as it always was) unless the program
 * treats it as a list: it is declared empty (`items = []`), some thread
 * calls a list method on it (append, pop, insert, remove), passes it whole
 * (`for x in items`, `x in items`, `len(items)` of a list that can grow,
 * `mine = items`, `expect items == [1, 2]`) or assigns it.  Then it is a
 * list on the heap: it can grow and shrink, and its operations are steps as
 * CPython's are (program.h, "Objects").
 */
#include "config.h"

#include "lang/compiler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static bool
is_list_method(const char *name)
{
	return strcmp(name, "append") == 0 || strcmp(name, "pop") == 0 ||
	    strcmp(name, "insert") == 0 || strcmp(name, "remove") == 0 ||
	    strcmp(name, "get") == 0;
}

static bool used_in_expr(const struct ast_expr *e, const char *name);

static bool
is_name(const struct ast_expr *e, const char *name)
{
	return e != NULL && e->kind == AST_NAME && strcmp(e->u.name, name) == 0;
}

/* Whether e uses name as a whole list (not one element of an array). */
static bool
used_in_expr(const struct ast_expr *e, const char *name)
{
	const struct ast_fpart *part;
	const struct ast_arg *a;
	int i;

	if (e == NULL)
		return false;
	switch (e->kind) {
	case AST_INT: case AST_STR: case AST_BOOL: case AST_NONE: case AST_FLOAT:
		return false;
	case AST_FSTRING:
		for (part = e->u.fstr; part != NULL; part = part->next)
			if (used_in_expr(part->expr, name))
				return true;
		return false;
	case AST_NAME:
		return strcmp(e->u.name, name) == 0;
	case AST_INDEX:
		return (!is_name(e->u.index.base, name) &&
		    used_in_expr(e->u.index.base, name)) || used_in_expr(e->u.index.index, name);
	case AST_ATTR:
		return used_in_expr(e->u.attr.base, name);
	case AST_CALL:
		if (e->u.call.callee->kind == AST_ATTR &&
		    is_name(e->u.call.callee->u.attr.base, name) &&
		    is_list_method(e->u.call.callee->u.attr.name))
			return true;
		if (e->u.call.callee->kind == AST_ATTR &&
		    used_in_expr(e->u.call.callee->u.attr.base, name) &&
		    !is_name(e->u.call.callee->u.attr.base, name))
			return true;
		for (a = e->u.call.args; a != NULL; a = a->next)
			if (used_in_expr(a->value, name) &&
			    !(is_name(a->value, name) && e->u.call.callee->kind == AST_NAME &&
			    strcmp(e->u.call.callee->u.name, "len") == 0))
				return true;
		return false;
	case AST_UNARY:
		return used_in_expr(e->u.unary.operand, name);
	case AST_BINARY:
	case AST_IN:
		return used_in_expr(e->u.binary.lhs, name) || used_in_expr(e->u.binary.rhs, name);
	case AST_AND: case AST_OR:
		return used_in_expr(e->u.logic.lhs, name) || used_in_expr(e->u.logic.rhs, name);
	case AST_COND:
		return used_in_expr(e->u.cond.cond, name) || used_in_expr(e->u.cond.then, name) ||
		    used_in_expr(e->u.cond.otherwise, name);
	case AST_LIST:
	case AST_TUPLE:
	case AST_DICT:
		for (i = 0; i < e->u.list.n; i++)
			if (used_in_expr(e->u.list.items[i], name))
				return true;
		return false;
	case AST_LISTCOMP:
		return used_in_expr(e->u.comp.elem, name) || used_in_expr(e->u.comp.range, name) ||
		    used_in_expr(e->u.comp.cond, name);
	}
	return false;
}

static bool used_in_block(const struct ast_stmt *s, const char *name);

static bool
statement_uses(const struct ast_stmt *s, const char *name)
{
	switch (s->kind) {
	case AST_ASSIGN:
		return is_name(s->u.assign.target, name) ||
		    used_in_expr(s->u.assign.target, name) || used_in_expr(s->u.assign.value, name);
	case AST_EXPR:
		return used_in_expr(s->u.expr, name);
	case AST_IF:
		return used_in_expr(s->u.if_.cond, name) || used_in_block(s->u.if_.then, name) ||
		    used_in_block(s->u.if_.otherwise, name);
	case AST_WHILE:
		return used_in_expr(s->u.while_.cond, name) || used_in_block(s->u.while_.body, name);
	case AST_FOR:
		return used_in_expr(s->u.for_.range, name) || used_in_block(s->u.for_.body, name);
	case AST_ASSERT:
		return used_in_expr(s->u.assert_.cond, name) ||
		    used_in_expr(s->u.assert_.message, name);
	case AST_ATOMIC:
		return used_in_block(s->u.body, name);
	case AST_WITH:
		return used_in_block(s->u.with.body, name);
	case AST_RETURN:
		return used_in_expr(s->u.value, name);
	case AST_RAISE:
		return used_in_expr(s->u.exc, name);
	case AST_TRY: {
		struct ast_stmt *blocks[LANG_MAX_TRY_BLOCKS];
		size_t i, n = ast_try_blocks(s, blocks, LANG_MAX_TRY_BLOCKS);

		for (i = 0; i < n; i++)
			if (used_in_block(blocks[i], name))
				return true;
		break;
	}
	case AST_BREAK: case AST_CONTINUE: case AST_PASS: case AST_GLOBAL:
		break;
	}
	return false;
}

static bool
used_in_block(const struct ast_stmt *s, const char *name)
{
	for (; s != NULL; s = s->next)
		if (statement_uses(s, name))
			return true;
	return false;
}

bool
compile_used_as_list(const struct compiler *c, const char *name)
{
	const struct ast_top *top;

	for (top = c->file->tops; top != NULL; top = top->next) {
		/* a def's use counts too: a method works on its instance's
		 * list (compile_class.c) as a function on a global one */
		if ((top->kind == AST_THREAD || top->kind == AST_MAIN || top->kind == AST_DEF) &&
		    used_in_block(top->body, name))
			return true;
		if (top->kind == AST_EXPECT && used_in_expr(top->value, name))
			return true;
	}
	return c->file->goal != NULL && used_in_expr(c->file->goal->expr, name);
}

/* Room on the heap for one more declared object of n items. */
static bool
fits_heap(struct compiler *c, int n, struct lang_loc loc)
{
	if (c->heap_objects + 1 > LANG_MAX_HEAP_OBJECTS ||
	    c->heap_items + n > LANG_MAX_HEAP_ITEMS) {
		compile_error_at(c, loc, "the declared lists, tuples and dicts would hold %d "
		    "items in %d objects; lockstep's heap holds %d items in %d",
		    c->heap_items + n, c->heap_objects + 1, LANG_MAX_HEAP_ITEMS,
		    LANG_MAX_HEAP_OBJECTS);
		return false;
	}
	c->heap_objects++;
	c->heap_items += n;
	return true;
}

static bool declare_items(struct compiler *c, const struct ast_expr *e,
    struct lang_value **items);

/* An item of an opening object: a constant, or in a .py file a tuple or
 * list of them (pairs = [(1, 2), (3, 4)]), an object of its own. */
static bool
declare_item(struct compiler *c, const struct ast_expr *e, struct lang_value *out)
{
	struct lang_object *o;
	struct lang_value *items;

	if (!c->file->python || (e->kind != AST_TUPLE && e->kind != AST_LIST))
		return compile_const_eval(c, e, out);
	if (!declare_items(c, e, &items))
		return false;
	c->prog->objects = xrealloc(c->prog->objects, (c->prog->nobjects + 1) *
	    sizeof(*c->prog->objects));
	o = &c->prog->objects[c->prog->nobjects];
	o->kind = e->kind == AST_TUPLE ? LANG_OBJ_TUPLE : LANG_OBJ_LIST;
	o->items = items;
	o->nitems = e->u.list.n;
	out->kind = LANG_VAL_OBJECT;
	out->i = (int64_t)c->prog->nobjects++;
	return true;
}

/* The items of the object e, which must fit the heap. */
static bool
declare_items(struct compiler *c, const struct ast_expr *e, struct lang_value **items)
{
	int i, n = e->u.list.n;

	if (!fits_heap(c, n, e->loc))
		return false;
	*items = xcalloc((size_t)n + 1, sizeof(**items));
	for (i = 0; i < n; i++)
		if (!declare_item(c, e->u.list.items[i], &(*items)[i])) {
			free(*items);
			*items = NULL;
			return false;
		}
	return true;
}

/* `items = [1, 2]` as a list: its items are constants (or objects of
 * constants, declare_item). */
bool
compile_declare_object(struct compiler *c, struct lang_shared *s, const struct ast_expr *e,
    enum lang_object_kind kind)
{
	int i;

	s->kind = LANG_SHARED_SCALAR;
	s->length = 1;
	s->object = kind;
	s->init = xcalloc(1, sizeof(*s->init));
	s->nitems = e->u.list.n;
	c->prog->uses_heap = true;
	for (i = 0; kind == LANG_OBJ_DICT && i < e->u.list.n; i += 2)
		if (e->u.list.items[i]->kind == AST_TUPLE || e->u.list.items[i]->kind == AST_LIST) {
			compile_error_at(c, e->u.list.items[i]->loc, "a tuple as a key of a "
			    "dict is not supported");
			return false;
		}
	return declare_items(c, e, &s->items);
}

bool
compile_holds_objects(const struct ast_expr *e)
{
	int i;

	for (i = 0; i < e->u.list.n; i++)
		if (e->u.list.items[i]->kind == AST_TUPLE || e->u.list.items[i]->kind == AST_LIST)
			return true;
	return false;
}

/* An array declared with [x] * n or a comprehension, which the program
 * uses as a list: the same items, as a list. */
bool
compile_array_to_list(struct compiler *c, struct lang_shared *s)
{
	/* no elements (a comprehension that filters them all out): a list */
	if (s->kind != LANG_SHARED_ARRAY || (s->length > 0 && !compile_used_as_list(c, s->name)))
		return true;
	if (!fits_heap(c, s->length, s->loc))
		return false;
	s->kind = LANG_SHARED_SCALAR;
	s->object = LANG_OBJ_LIST;
	s->items = s->init;
	s->nitems = s->length;
	s->length = 1;
	s->init = xcalloc(1, sizeof(*s->init));
	c->prog->uses_heap = true;
	return true;
}

/* The object operations of expressions. */

/* [a, b], (a, b) or {k: v}: a new object, only this thread's until it is stored
 * where others can reach it. */
void
compile_list_literal(struct compiler *c, const struct ast_expr *e)
{
	int i;

	for (i = 0; i < e->u.list.n; i++)
		compile_expr(c, e->u.list.items[i]);
	compile_emit(c, e->kind == AST_TUPLE ? LANG_OP_TUPLE_NEW : e->kind == AST_DICT ?
	    LANG_OP_DICT_NEW : LANG_OP_LIST_NEW, e->u.list.n, 0, 0, e->loc);
	c->prog->uses_heap = true;
}

/* A goal is judged on the final values as they are kept after the run,
 * lists frozen into their text: it can compare a list whole, not look
 * into it.  True (and reported) if this is a goal. */
bool
compile_goal_refuses(struct compiler *c, const char *what, struct lang_loc loc)
{
	if (c->ctx != CTX_EXPECT || strcmp(c->expect_word, "goal") != 0)
		return false;
	compile_error_at(c, loc, "a goal can compare a list only as a whole "
	    "(goal: items == [1, 2]), not %s; an expect can", what);
	return true;
}

void
compile_item_load(struct compiler *c, const struct ast_expr *e)
{
	if (compile_goal_refuses(c, "take one item", e->loc))
		return;
	compile_expr(c, e->u.index.base);
	compile_expr(c, e->u.index.index);
	compile_emit(c, LANG_OP_ITEM_LOAD, 0, 0, 0, e->loc);
}

/* target[index] = value, or op= value: LOAD_ITEM and STORE_ITEM, two
 * steps on a shared list, as in CPython. */
void
compile_item_store(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *t = st->u.assign.target, *v = st->u.assign.value;
	struct lang_loc oploc = st->u.assign.op_loc;
	int obj, idx;

	if (!st->u.assign.augmented) {
		compile_expr(c, v);
		compile_expr(c, t->u.index.base);
		compile_expr(c, t->u.index.index);
		compile_emit(c, LANG_OP_ITEM_STORE, 0, 0, 0, oploc);
		return;
	}
	obj = compile_new_hidden_local(c, t->loc);
	idx = compile_new_hidden_local(c, t->loc);
	compile_expr(c, t->u.index.base);
	compile_emit(c, LANG_OP_STORE_LOCAL, obj, 0, 0, t->loc);
	compile_expr(c, t->u.index.index);
	compile_emit(c, LANG_OP_STORE_LOCAL, idx, 0, 0, t->loc);
	compile_emit(c, LANG_OP_LOAD_LOCAL, obj, 0, 0, t->loc);
	compile_emit(c, LANG_OP_LOAD_LOCAL, idx, 0, 0, t->loc);
	compile_emit(c, LANG_OP_ITEM_LOAD, 0, 0, 0, t->loc);
	compile_expr(c, v);
	compile_emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op, 0, LANG_IF_INPLACE, oploc);
	compile_emit(c, LANG_OP_LOAD_LOCAL, obj, 0, 0, t->loc);
	compile_emit(c, LANG_OP_LOAD_LOCAL, idx, 0, 0, t->loc);
	compile_emit(c, LANG_OP_ITEM_STORE, 0, 0, 0, oploc);
}

/* lst.append(x), lst.pop(), lst.pop(i), lst.insert(i, x), lst.remove(x). */
void
compile_list_method(struct compiler *c, const struct ast_expr *call, bool want_result)
{
	bool result_wanted = want_result;
	const struct ast_expr *attr = call->u.call.callee;
	const char *name = attr->u.attr.name;
	const struct ast_arg *a;
	enum lang_opcode op;
	int want, argc = call->u.call.nargs;

	if (strcmp(name, "append") == 0) {
		op = LANG_OP_LIST_APPEND;
		want = 1;
	} else if (strcmp(name, "pop") == 0) {
		op = LANG_OP_LIST_POP;
		want = argc <= 1 ? argc : 1;
	} else if (strcmp(name, "insert") == 0) {
		op = LANG_OP_LIST_INSERT;
		want = 2;
	} else if (strcmp(name, "remove") == 0) {
		op = LANG_OP_LIST_REMOVE;
		want = 1;
	} else if (strcmp(name, "get") == 0) {
		op = LANG_OP_DICT_GET;
		want = argc == 1 ? 1 : 2;
	} else if (compile_is_dict_view(name)) {
		compile_error_at(c, attr->loc, "lockstep takes d.%s() only as a for loop's "
		    "iterable or the argument of sorted(), list(), tuple(), len(), sum(), "
		    "min(), max(), any() or all(), not as a dict view of its own; write "
		    "list(d.%s())", name, name);
		return;
	} else {
		compile_error_at(c, attr->loc, "a list has the methods append(), pop(), "
		    "insert() and remove(), a dict get(), not %s()", name);
		return;
	}
	for (a = call->u.call.args; a != NULL; a = a->next)
		if (a->keyword != NULL) {
			compile_error_at(c, a->keyword_loc, "%s() takes no keyword arguments",
			    name);
			return;
		}
	if (argc != want || (op == LANG_OP_DICT_GET && argc == 0)) {
		compile_error_at(c, attr->loc, "%s() takes %s%d argument%s (%d given)", name,
		    op == LANG_OP_LIST_POP || op == LANG_OP_DICT_GET ? "at most " : "", want,
		    want == 1 ? "" : "s", argc);
		return;
	}
	compile_expr(c, attr->u.attr.base);
	for (a = call->u.call.args; a != NULL; a = a->next)
		compile_expr(c, a->value);
	if (op == LANG_OP_LIST_POP && argc == 0)
		compile_emit_int(c, -1, attr->loc);
	if (op == LANG_OP_DICT_GET && argc == 1)
		compile_emit(c, LANG_OP_PUSH_NONE, 0, 0, 0, attr->loc);
	if (op == LANG_OP_DICT_GET)
		want_result = true;	/* its value is dropped below if unused */
	compile_emit(c, op, 0, 0, want_result ? LANG_IF_RESULT : 0, attr->loc);
	if (op == LANG_OP_DICT_GET && !result_wanted)
		compile_emit(c, LANG_OP_POP, 0, 0, 0, attr->loc);
}

void
compile_len(struct compiler *c, const struct ast_expr *call)
{
	if (compile_goal_refuses(c, "take its len()", call->loc))
		return;
	compile_len_value(c, call);
}

/* [elem for var in ITER] in a thread: compiled as the loop it stands for,
 *     $list = []
 *     for var in ITER:
 *         $list.append(elem)
 * with $list a local no source name can reach ('$' is no identifier
 * character); the new list is only this thread's, so its appends are no
 * steps.  The variable stays a local of the thread afterwards. */
void
compile_list_comprehension(struct compiler *c, const struct ast_expr *e)
{
	struct ast_arena *arena = c->file->arena;
	struct ast_stmt *loop, *body;
	struct ast_expr *list, *attr, *call;
	struct ast_arg *arg;
	char name[32];
	int slot;

	if (c->ctx != CTX_THREAD) {
		compile_error_at(c, e->loc, "a list comprehension is not allowed in %s",
		    c->expect_word);
		return;
	}
	if (compile_find_shared(c, e->u.comp.var) < 0 && compile_find_group(c, e->u.comp.var) < 0)
		compile_add_local(c, e->u.comp.var, e->u.comp.var_loc);
	for (body = e->u.comp.unpack; body != NULL; body = body->next)
		if (body->u.assign.target->kind == AST_NAME &&
		    compile_find_shared(c, body->u.assign.target->u.name) < 0 &&
		    compile_find_group(c, body->u.assign.target->u.name) < 0)
			compile_add_local(c, body->u.assign.target->u.name,
			    body->u.assign.target->loc);
	snprintf(name, sizeof(name), "$list%d", c->nlocals);
	list = ast_alloc(arena, sizeof(*list));
	list->kind = AST_NAME;
	list->loc = e->loc;
	list->u.name = ast_strndup(arena, name, strlen(name));
	slot = compile_add_local(c, list->u.name, e->loc);
	if (slot < 0)
		return;		/* over the locals limit, already reported */
	attr = ast_alloc(arena, sizeof(*attr));
	attr->kind = AST_ATTR;
	attr->loc = e->loc;
	attr->u.attr.base = list;
	attr->u.attr.name = "append";
	arg = ast_alloc(arena, sizeof(*arg));
	arg->value = e->u.comp.elem;
	call = ast_alloc(arena, sizeof(*call));
	call->kind = AST_CALL;
	call->loc = e->loc;
	call->u.call.callee = attr;
	call->u.call.args = arg;
	call->u.call.nargs = 1;
	body = ast_alloc(arena, sizeof(*body));
	body->kind = AST_EXPR;
	body->loc = e->loc;
	body->u.expr = call;
	if (e->u.comp.cond != NULL) {	/* [x for x in xs if c]: appends if c */
		struct ast_stmt *filter = ast_alloc(arena, sizeof(*filter));

		filter->kind = AST_IF;
		filter->loc = e->u.comp.cond->loc;
		filter->u.if_.cond = e->u.comp.cond;
		filter->u.if_.then = body;
		body = filter;
	}
	if (e->u.comp.unpack != NULL) {
		/* [... for a, b in x]: a, b = the item, then the append */
		struct ast_stmt *unpack = ast_copy_block(arena, e->u.comp.unpack), *last;

		for (last = unpack; last->next != NULL; last = last->next)
			;
		last->next = body;
		body = unpack;
	}
	loop = ast_alloc(arena, sizeof(*loop));
	loop->kind = AST_FOR;
	loop->loc = e->loc;
	loop->u.for_.var = e->u.comp.var;
	loop->u.for_.var_loc = e->u.comp.var_loc;
	loop->u.for_.range = e->u.comp.range;
	loop->u.for_.body = body;
	if (e->u.comp.before != NULL)	/* enumerate's count */
		compile_block(c, ast_copy_block(arena, e->u.comp.before));
	compile_emit(c, LANG_OP_LIST_NEW, 0, 0, 0, e->loc);
	compile_emit(c, LANG_OP_STORE_LOCAL, slot, 0, 0, e->loc);
	da_add(&c->da, slot);
	c->prog->uses_heap = true;
	compile_block(c, loop);
	compile_emit(c, LANG_OP_LOAD_LOCAL, slot, 0, 0, e->loc);
}
