#include "config.h"

#include "lang/ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define ARENA_BLOCK (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct ast_arena {
	struct arena_block *blocks;
};

struct ast_arena *
ast_arena_new(void)
{
	return xcalloc(1, sizeof(struct ast_arena));
}

void *
ast_alloc(struct ast_arena *arena, size_t size)
{
	struct arena_block *b = arena->blocks;
	size_t align = sizeof(max_align_t);
	void *p;

	size = (size + align - 1) / align * align;
	if (b == NULL || b->size - b->used < size) {
		size_t bytes = size > ARENA_BLOCK ? size : ARENA_BLOCK;

		b = xmalloc(sizeof(*b) + bytes);
		b->size = bytes;
		b->used = 0;
		b->next = arena->blocks;
		arena->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

char *
ast_strndup(struct ast_arena *arena, const char *s, size_t n)
{
	char *p = ast_alloc(arena, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
ast_arena_free(struct ast_arena *arena)
{
	struct arena_block *b, *next;

	if (arena == NULL)
		return;
	for (b = arena->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(arena);
}

void
ast_file_free(struct ast_file *file)
{
	if (file == NULL)
		return;
	ast_arena_free(file->arena);
	free(file);
}

const struct ast_import *
ast_find_import(const struct ast_file *file, const char *alias)
{
	const struct ast_import *im, *found = NULL;

	/* the last binding wins, as in Python */
	for (im = file->imports; im != NULL; im = im->next)
		if (strcmp(im->alias, alias) == 0)
			found = im;
	return found;
}

/* An else block that is one if statement: what elif parses to. */
static bool
is_elif(const struct ast_stmt *otherwise)
{
	return otherwise != NULL && otherwise->kind == AST_IF && otherwise->next == NULL;
}

void
ast_each_expr(struct ast_expr **slot, ast_expr_visit *fn, void *arg)
{
	struct ast_expr *e = *slot;
	struct ast_fpart *part;
	struct ast_arg *a;
	int i;

	if (e == NULL || !fn(slot, arg))
		return;
	e = *slot;
	switch (e->kind) {
	case AST_INT:
	case AST_STR:
	case AST_BOOL:
	case AST_NONE:
	case AST_NAME:
	case AST_FLOAT:
		return;
	case AST_INDEX:
		ast_each_expr(&e->u.index.base, fn, arg);
		ast_each_expr(&e->u.index.index, fn, arg);
		return;
	case AST_ATTR:
		ast_each_expr(&e->u.attr.base, fn, arg);
		return;
	case AST_CALL:
		ast_each_expr(&e->u.call.callee, fn, arg);
		for (a = e->u.call.args; a != NULL; a = a->next)
			ast_each_expr(&a->value, fn, arg);
		return;
	case AST_UNARY:
		ast_each_expr(&e->u.unary.operand, fn, arg);
		return;
	case AST_BINARY:
	case AST_IN:
		ast_each_expr(&e->u.binary.lhs, fn, arg);
		ast_each_expr(&e->u.binary.rhs, fn, arg);
		return;
	case AST_AND:
	case AST_OR:
		ast_each_expr(&e->u.logic.lhs, fn, arg);
		ast_each_expr(&e->u.logic.rhs, fn, arg);
		return;
	case AST_COND:
		ast_each_expr(&e->u.cond.then, fn, arg);
		ast_each_expr(&e->u.cond.cond, fn, arg);
		ast_each_expr(&e->u.cond.otherwise, fn, arg);
		return;
	case AST_LIST:
	case AST_TUPLE:
	case AST_DICT:
		for (i = 0; i < e->u.list.n; i++)
			ast_each_expr(&e->u.list.items[i], fn, arg);
		return;
	case AST_LISTCOMP:
		ast_each_expr(&e->u.comp.elem, fn, arg);
		ast_each_expr(&e->u.comp.range, fn, arg);
		if (e->u.comp.cond != NULL)
			ast_each_expr(&e->u.comp.cond, fn, arg);
		return;
	case AST_FSTRING:
		for (part = e->u.fstr; part != NULL; part = part->next)
			ast_each_expr(&part->expr, fn, arg);
		return;
	}
}

static void
walk_inner(struct ast_stmt *s, const struct ast_walk *w)
{
	if (w->enter != NULL)
		w->enter(w->arg);
	ast_walk_block(s, w);
	if (w->leave != NULL)
		w->leave(w->arg);
}

void
ast_walk_block(struct ast_stmt *s, const struct ast_walk *w)
{
	for (; s != NULL; s = s->next)
		ast_walk_stmt(s, w);
}

void
ast_walk_stmt(struct ast_stmt *s, const struct ast_walk *w)
{
	ast_expr_visit *fn = w->expr;
	void *arg = w->arg;

	if (w->stmt == NULL || w->stmt(s, arg)) {
		switch (s->kind) {
		case AST_ASSIGN:
			ast_each_expr(&s->u.assign.target, fn, arg);
			ast_each_expr(&s->u.assign.value, fn, arg);
			break;
		case AST_EXPR:
			ast_each_expr(&s->u.expr, fn, arg);
			break;
		case AST_IF: {
			struct ast_stmt *arm = s;

			/* an elif chain walked, not recursed into: it can be long */
			for (; is_elif(arm->u.if_.otherwise); arm = arm->u.if_.otherwise) {
				ast_each_expr(&arm->u.if_.cond, fn, arg);
				walk_inner(arm->u.if_.then, w);
			}
			ast_each_expr(&arm->u.if_.cond, fn, arg);
			walk_inner(arm->u.if_.then, w);
			walk_inner(arm->u.if_.otherwise, w);
			break;
		}
		case AST_WHILE:
			ast_each_expr(&s->u.while_.cond, fn, arg);
			walk_inner(s->u.while_.body, w);
			break;
		case AST_FOR:
			ast_each_expr(&s->u.for_.range, fn, arg);
			walk_inner(s->u.for_.body, w);
			break;
		case AST_ASSERT:
			ast_each_expr(&s->u.assert_.cond, fn, arg);
			ast_each_expr(&s->u.assert_.message, fn, arg);
			break;
		case AST_ATOMIC:
			walk_inner(s->u.body, w);
			break;
		case AST_WITH:
			ast_each_expr(&s->u.with.prim, fn, arg);
			walk_inner(s->u.with.body, w);
			break;
		case AST_RETURN:
			ast_each_expr(&s->u.value, fn, arg);
			break;
		case AST_RAISE:
			ast_each_expr(&s->u.exc, fn, arg);
			break;
		case AST_TRY: {
			struct ast_handler *h;

			walk_inner(s->u.try_.body, w);
			for (h = s->u.try_.handlers; h != NULL; h = h->next) {
				if (w->types)
					ast_each_expr(&h->type, fn, arg);
				walk_inner(h->body, w);
			}
			walk_inner(s->u.try_.orelse, w);
			walk_inner(s->u.try_.final, w);
			break;
		}
		case AST_BREAK:
		case AST_CONTINUE:
		case AST_PASS:
		case AST_GLOBAL:
			break;
		}
	}
}

void
ast_each_expr_in_block(struct ast_stmt *s, ast_expr_visit *fn, void *arg)
{
	const struct ast_walk w = { NULL, fn, NULL, NULL, arg, true };

	ast_walk_block(s, &w);
}

size_t
ast_try_blocks(const struct ast_stmt *s, struct ast_stmt **blocks, size_t max)
{
	const struct ast_handler *h;
	size_t n = 0;

	if (n < max)
		blocks[n++] = s->u.try_.body;
	for (h = s->u.try_.handlers; h != NULL && n < max; h = h->next)
		blocks[n++] = h->body;
	if (n < max)
		blocks[n++] = s->u.try_.orelse;
	if (n < max)
		blocks[n++] = s->u.try_.final;
	return n;
}

/* Names and strings are shared with the original: nothing changes them
 * in place. */
struct ast_expr *
ast_copy_expr(struct ast_arena *arena, const struct ast_expr *e)
{
	struct ast_expr *n;
	struct ast_arg *a, **tail;
	struct ast_fpart *p, **ptail;
	int i;

	if (e == NULL)
		return NULL;
	n = ast_alloc(arena, sizeof(*n));
	*n = *e;
	switch (e->kind) {
	case AST_INT:
	case AST_STR:
	case AST_BOOL:
	case AST_NONE:
	case AST_FLOAT:
	case AST_NAME:
		break;
	case AST_INDEX:
		n->u.index.base = ast_copy_expr(arena, e->u.index.base);
		n->u.index.index = ast_copy_expr(arena, e->u.index.index);
		break;
	case AST_ATTR:
		n->u.attr.base = ast_copy_expr(arena, e->u.attr.base);
		break;
	case AST_CALL:
		n->u.call.callee = ast_copy_expr(arena, e->u.call.callee);
		tail = &n->u.call.args;
		for (a = e->u.call.args; a != NULL; a = a->next) {
			*tail = ast_alloc(arena, sizeof(**tail));
			**tail = *a;
			(*tail)->value = ast_copy_expr(arena, a->value);
			tail = &(*tail)->next;
		}
		break;
	case AST_UNARY:
		n->u.unary.operand = ast_copy_expr(arena, e->u.unary.operand);
		break;
	case AST_BINARY:
	case AST_IN:
		n->u.binary.lhs = ast_copy_expr(arena, e->u.binary.lhs);
		n->u.binary.rhs = ast_copy_expr(arena, e->u.binary.rhs);
		break;
	case AST_AND:
	case AST_OR:
		n->u.logic.lhs = ast_copy_expr(arena, e->u.logic.lhs);
		n->u.logic.rhs = ast_copy_expr(arena, e->u.logic.rhs);
		break;
	case AST_COND:
		n->u.cond.cond = ast_copy_expr(arena, e->u.cond.cond);
		n->u.cond.then = ast_copy_expr(arena, e->u.cond.then);
		n->u.cond.otherwise = ast_copy_expr(arena, e->u.cond.otherwise);
		break;
	case AST_LIST:
	case AST_TUPLE:
	case AST_DICT:
		n->u.list.items = ast_alloc(arena,
		    (size_t)(e->u.list.n ? e->u.list.n : 1) * sizeof(*n->u.list.items));
		for (i = 0; i < e->u.list.n; i++)
			n->u.list.items[i] = ast_copy_expr(arena, e->u.list.items[i]);
		break;
	case AST_LISTCOMP:
		n->u.comp.elem = ast_copy_expr(arena, e->u.comp.elem);
		n->u.comp.range = ast_copy_expr(arena, e->u.comp.range);
		n->u.comp.cond = ast_copy_expr(arena, e->u.comp.cond);
		n->u.comp.targets = ast_copy_expr(arena, e->u.comp.targets);
		n->u.comp.unpack = ast_copy_block(arena, e->u.comp.unpack);
		n->u.comp.before = ast_copy_block(arena, e->u.comp.before);
		break;
	case AST_FSTRING:
		ptail = &n->u.fstr;
		for (p = e->u.fstr; p != NULL; p = p->next) {
			*ptail = ast_alloc(arena, sizeof(**ptail));
			**ptail = *p;
			(*ptail)->expr = ast_copy_expr(arena, p->expr);
			ptail = &(*ptail)->next;
		}
		break;
	}
	return n;
}

static struct ast_handler *
copy_handlers(struct ast_arena *arena, const struct ast_handler *h)
{
	struct ast_handler *head = NULL, **tail = &head;

	for (; h != NULL; h = h->next) {
		*tail = ast_alloc(arena, sizeof(**tail));
		**tail = *h;
		(*tail)->type = ast_copy_expr(arena, h->type);
		(*tail)->body = ast_copy_block(arena, h->body);
		tail = &(*tail)->next;
	}
	return head;
}

struct ast_stmt *
ast_copy_block(struct ast_arena *arena, const struct ast_stmt *s)
{
	struct ast_stmt *head = NULL, **tail = &head, *n;

	for (; s != NULL; s = s->next) {
		n = ast_alloc(arena, sizeof(*n));
		*n = *s;
		n->next = NULL;
		switch (s->kind) {
		case AST_ASSIGN:
			n->u.assign.target = ast_copy_expr(arena, s->u.assign.target);
			n->u.assign.value = ast_copy_expr(arena, s->u.assign.value);
			break;
		case AST_EXPR:
			n->u.expr = ast_copy_expr(arena, s->u.expr);
			break;
		case AST_IF:
			n->u.if_.cond = ast_copy_expr(arena, s->u.if_.cond);
			n->u.if_.then = ast_copy_block(arena, s->u.if_.then);
			n->u.if_.otherwise = ast_copy_block(arena, s->u.if_.otherwise);
			break;
		case AST_WHILE:
			n->u.while_.cond = ast_copy_expr(arena, s->u.while_.cond);
			n->u.while_.body = ast_copy_block(arena, s->u.while_.body);
			break;
		case AST_FOR:
			n->u.for_.range = ast_copy_expr(arena, s->u.for_.range);
			n->u.for_.body = ast_copy_block(arena, s->u.for_.body);
			break;
		case AST_ASSERT:
			n->u.assert_.cond = ast_copy_expr(arena, s->u.assert_.cond);
			n->u.assert_.message = ast_copy_expr(arena, s->u.assert_.message);
			break;
		case AST_ATOMIC:
			n->u.body = ast_copy_block(arena, s->u.body);
			break;
		case AST_WITH:
			n->u.with.prim = ast_copy_expr(arena, s->u.with.prim);
			n->u.with.body = ast_copy_block(arena, s->u.with.body);
			break;
		case AST_RETURN:
			n->u.value = ast_copy_expr(arena, s->u.value);
			break;
		case AST_TRY:
			n->u.try_.body = ast_copy_block(arena, s->u.try_.body);
			n->u.try_.handlers = copy_handlers(arena, s->u.try_.handlers);
			n->u.try_.orelse = ast_copy_block(arena, s->u.try_.orelse);
			n->u.try_.final = ast_copy_block(arena, s->u.try_.final);
			break;
		case AST_RAISE:
			n->u.exc = ast_copy_expr(arena, s->u.exc);
			break;
		case AST_BREAK:
		case AST_CONTINUE:
		case AST_PASS:
		case AST_GLOBAL:
			break;
		}
		*tail = n;
		tail = &n->next;
	}
	return head;
}

char *
ast_printf(struct ast_arena *arena, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = ast_alloc(arena, (size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	if (n > 0)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}
