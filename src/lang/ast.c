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
