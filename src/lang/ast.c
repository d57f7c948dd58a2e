#include "config.h"

#include "lang/ast.h"

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
		return;
	case AST_FSTRING:
		for (part = e->u.fstr; part != NULL; part = part->next)
			ast_each_expr(&part->expr, fn, arg);
		return;
	}
}

void
ast_each_expr_in_block(struct ast_stmt *s, ast_expr_visit *fn, void *arg)
{
	for (; s != NULL; s = s->next) {
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
				ast_each_expr_in_block(arm->u.if_.then, fn, arg);
			}
			ast_each_expr(&arm->u.if_.cond, fn, arg);
			ast_each_expr_in_block(arm->u.if_.then, fn, arg);
			ast_each_expr_in_block(arm->u.if_.otherwise, fn, arg);
			break;
		}
		case AST_WHILE:
			ast_each_expr(&s->u.while_.cond, fn, arg);
			ast_each_expr_in_block(s->u.while_.body, fn, arg);
			break;
		case AST_FOR:
			ast_each_expr(&s->u.for_.range, fn, arg);
			ast_each_expr_in_block(s->u.for_.body, fn, arg);
			break;
		case AST_ASSERT:
			ast_each_expr(&s->u.assert_.cond, fn, arg);
			ast_each_expr(&s->u.assert_.message, fn, arg);
			break;
		case AST_ATOMIC:
			ast_each_expr_in_block(s->u.body, fn, arg);
			break;
		case AST_WITH:
			ast_each_expr(&s->u.with.prim, fn, arg);
			ast_each_expr_in_block(s->u.with.body, fn, arg);
			break;
		case AST_RETURN:
			ast_each_expr(&s->u.value, fn, arg);
			break;
		case AST_BREAK:
		case AST_CONTINUE:
		case AST_PASS:
		case AST_GLOBAL:
			break;
		}
	}
}
