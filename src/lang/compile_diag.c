/* compile_diag.c - how the compiler reports: errors and notes at a place in
 * the source, and their order once the whole file is compiled. */
#include "config.h"

#include "lang/compiler.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void __attribute__((format(printf, 3, 4)))
compile_error_at(struct compiler *c, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lang_diag_vadd(c->diags, LANG_ERROR, c->src, c->src->path, loc, fmt, ap);
	va_end(ap);
}

void __attribute__((format(printf, 3, 4)))
compile_note_at(struct compiler *c, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lang_diag_vadd(c->diags, LANG_NOTE, c->src, c->src->path, loc, fmt, ap);
	va_end(ap);
}

static bool
diag_before(const struct lang_diag *a, const struct lang_diag *b)
{
	unsigned la = a->loc.line != 0 ? a->loc.line : ~0u;
	unsigned lb = b->loc.line != 0 ? b->loc.line : ~0u;

	return la < lb || (la == lb && a->loc.col < b->loc.col);
}

/* Errors, each with the notes after it, in the order of their lines, as a
 * compiler prints them: the lexer reports all of its errors before the
 * parser starts.  Whole-file errors ("too many errors") stay last. */
void
compile_sort_diagnostics(struct lang_diags *d, size_t from)
{
	size_t n = d->count - from, ngroups = 0, i, j, k;
	struct lang_diag *sorted;
	size_t *groups;

	if (n < 2)
		return;
	groups = xcalloc(n, sizeof(*groups));
	for (i = from; i < d->count; i++)
		if (d->items[i].severity == LANG_ERROR || i == from)
			groups[ngroups++] = i;
	/* Insertion sort, stable; there are at most LANG_MAX_ERRORS + 1. */
	for (i = 1; i < ngroups; i++) {
		size_t g = groups[i];

		for (j = i; j > 0 && diag_before(&d->items[g], &d->items[groups[j - 1]]); j--)
			groups[j] = groups[j - 1];
		groups[j] = g;
	}
	sorted = xcalloc(n, sizeof(*sorted));
	for (i = 0, k = 0; i < ngroups; i++) {
		j = groups[i];
		do
			sorted[k++] = d->items[j++];
		while (j < d->count && d->items[j].severity == LANG_NOTE);
	}
	memcpy(d->items + from, sorted, n * sizeof(*sorted));
	free(sorted);
	free(groups);
}
