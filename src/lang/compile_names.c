/* compile_names.c - names: lookup, "did you mean", and interned strings. */
#include "config.h"

#include "lang/compiler.h"

#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "util/xalloc.h"

/* ---- names ---- */

void
compile_mark_broken(struct compiler *c, const char *name)
{
	c->broken = xgrow(c->broken, &c->broken_cap, c->nbroken + 1, sizeof(*c->broken));
	c->broken[c->nbroken++] = name;
}

/* Declared, but the declaration had an error: saying "unknown name" at
 * every use would only bury the real error. */
bool
compile_is_broken(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nbroken; i++)
		if (strcmp(c->broken[i], name) == 0)
			return true;
	return false;
}

static const char *const builtin_functions[] = {
	"range", "len", "print", "str", "sleep",
};

/* sleep is a built-in of the scenario language; Python's is time.sleep. */
bool
compile_is_builtin_function(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtin_functions) / sizeof(builtin_functions[0]); i++)
		if (strcmp(name, builtin_functions[i]) == 0)
			return !(c->file->python && strcmp(name, "sleep") == 0);
	return false;
}

/* `tid`, a thread's index in its group: a word of .race files only. */
bool
compile_is_tid(const struct compiler *c, const char *name)
{
	/* a .py program has no tid; its Thread objects' index is "$tid"
	 * (compile_threads.c), a name no program can write */
	return strcmp(name, c->file->python ? "$tid" : "tid") == 0;
}

int
compile_find_shared(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->prog->nshared; i++)
		if (strcmp(c->prog->shared[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
compile_find_group(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->prog->ngroups; i++)
		if (strcmp(c->prog->groups[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
compile_find_local(const struct compiler *c, const char *name)
{
	int i;

	for (i = 0; i < c->nlocals; i++)
		if (!c->locals[i].hidden && strcmp(c->locals[i].name, name) == 0)
			return i;
	return -1;
}

/* The first other thread that has a local of this name, or -1. */
int
compile_group_with_local(const struct compiler *c, const char *name)
{
	size_t g;
	int i;

	if (c->group_nlocals == NULL)
		return -1;	/* pass 1: the locals are not collected yet */
	for (g = 0; g < c->prog->ngroups; g++) {
		if ((int)g == c->group && c->ctx == CTX_THREAD)
			continue;
		for (i = 0; i < c->group_nlocals[g]; i++)
			if (strcmp(c->group_locals[g][i].name, name) == 0)
				return (int)g;
	}
	return -1;
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[LANG_MAX_NAME_CHARS + 2];

	if (la > LANG_MAX_NAME_CHARS || lb > LANG_MAX_NAME_CHARS)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static void
consider(const char *name, const char *candidate, const char **best, size_t *dist)
{
	size_t d = edit_distance(name, candidate);

	if (d > 0 && d < *dist && d <= 2 && d < strlen(candidate)) {
		*best = candidate;
		*dist = d;
	}
}

/* A known name close to name, for "did you mean". */
static const char *
similar_name(const struct compiler *c, const char *name)
{
	const char *best = NULL;
	size_t dist = SIZE_MAX, i;
	int l;

	for (i = 0; i < c->prog->nshared; i++)
		consider(name, c->prog->shared[i].name, &best, &dist);
	if (c->ctx == CTX_THREAD)
		for (l = 0; l < c->nlocals; l++)
			if (!c->locals[l].hidden)
				consider(name, c->locals[l].name, &best, &dist);
	return best;
}

void
compile_unknown_name(struct compiler *c, const char *name, struct lang_loc loc)
{
	const char *near = similar_name(c, name);
	int g = compile_group_with_local(c, name);

	if (compile_is_broken(c, name))
		return;
	if (compile_is_duration(c, name)) {
		compile_error_at(c, loc, "'%s' holds a number with a fraction, which lockstep "
		    "reads only as a number of seconds: time.sleep(%s), a timeout "
		    "(acquire(timeout=%s), wait(%s) ...) or a Timer's interval", name, name,
		    name, name);
		return;
	}
	compile_error_at(c, loc, "unknown name '%s'%s%s%s", name, near ? "; did you mean '" : "",
	    near ? near : "", near ? "'?" : "");
	if (g >= 0 && c->file->python && c->prog->groups[g].is_main)
		compile_note_at(c, loc, "'%s' is assigned at module level only after other "
		    "statements, which makes it the main thread's own; a global that "
		    "functions use must be among the module's opening assignments", name);
	else if (g >= 0 && c->ctx == CTX_THREAD)
		compile_note_at(c, c->group_tops[g]->name_loc,
		    "'%s' is a local of thread %s; locals are private to their thread "
		    "(declare it at the top level to share it)", name,
		    c->prog->groups[g].name);
}

const char *
compile_shared_kind_name(const struct lang_shared *s)
{
	switch (s->kind) {
	case LANG_SHARED_SCALAR:
		return "a shared variable";
	case LANG_SHARED_ARRAY:
		return "a shared array";
	case LANG_SHARED_PRIM:
		return lang_prim_info(s->prim)->name;
	case LANG_SHARED_PRIM_ARRAY:
		return "an array of primitives";
	}
	return "?";
}

const char *
compile_article(const char *word)
{
	if (strncmp(word, "RW", 2) == 0 || strncmp(word, "RL", 2) == 0)
		return "an";
	return strchr("AEIOUaeiou", word[0]) != NULL ? "an" : "a";
}

/* ---- strings and constants ---- */

static size_t
string_hash(const char *s, size_t len)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* A file can hold tens of thousands of strings: found by hash, not by a
 * search of all of them. */
int
compile_intern_string(struct compiler *c, const char *s, size_t len)
{
	struct lang_program *prog = c->prog;
	uint64_t h = string_hash(s, len);
	size_t i, it;

	for (i = hashindex_first(&c->string_index, h, &it); i != SIZE_MAX;
	    i = hashindex_next(&c->string_index, h, &it))
		if (strlen(prog->strings[i]) == len && memcmp(prog->strings[i], s, len) == 0)
			return (int)i;
	prog->strings = xgrow(prog->strings, &c->strings_cap, prog->nstrings + 1,
	    sizeof(*prog->strings));
	prog->strings[prog->nstrings] = xstrndup(s, len);
	hashindex_add(&c->string_index, h, prog->nstrings);
	return (int)prog->nstrings++;
}

bool
compile_is_const_true(const struct ast_expr *e)
{
	return (e->kind == AST_BOOL || e->kind == AST_INT) && e->u.ival != 0;
}
