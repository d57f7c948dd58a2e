/* compile.c - resolve names and generate per-thread step programs.
 *
 * Three passes over the AST:
 *   1. declarations: shared names with their initial values, evaluated at
 *      compile time; thread definitions with their sizes;
 *   2. locals: for each thread, the names it assigns that are not shared
 *      (so that a read can tell "unknown" from "not yet assigned", and a
 *      local of one thread named in another gets a helpful note);
 *   3. code: each thread body and each expect to instructions.
 * Definite assignment (as in Java) runs alongside code generation so that a
 * thread-local read before any assignment is a compile-time error.
 *
 * This file drives the passes; the rest of the compiler is one file per
 * concept, sharing struct compiler through compile_internal.h:
 *   compile_names.c   name lookup, "did you mean", interned strings;
 *   compile_const.c   constant evaluation (initializers, counts, steps);
 *   compile_decl.c    pass 1 (shared names, threads) and pass 2 (locals);
 *   compile_expr.c    instruction emission, names, calls, expressions;
 *   compile_stmt.c    statements, control flow, definite assignment;
 *   compile_tour.c    the goal and the tours.
 */
#include "config.h"

#include "lang/compile.h"
#include "lang/compile_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/ast.h"
#include "lang/lexer.h"
#include "lang/limits.h"
#include "lang/parser.h"
#include "util/sanitize.h"
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

void
compile_finish_code(struct compiler *c, struct lang_code *code)
{
	int i;

	if (c->diags->errors == 0 &&
	    !lang_code_check_stack(code, c->ctx == CTX_EXPECT ? 1 : 0))
		util_fatal("internal error: unbalanced stack in the code of %s",
		    c->group >= 0 ? c->prog->groups[c->group].name : "an expect");
	if (code->max_stack > LANG_MAX_STACK)
		lang_diag_add(c->diags, LANG_ERROR, c->src, c->src->path,
		    c->ctx == CTX_EXPECT ? c->expect->loc : c->prog->groups[c->group].loc,
		    "this %s needs more than %d values on its evaluation stack "
		    "(a call with too many arguments?)",
		    c->ctx == CTX_EXPECT ? c->expect_word : "thread", LANG_MAX_STACK);

	code->nlocals = c->nlocals;
	code->local_names = xcalloc((size_t)(c->nlocals ? c->nlocals : 1), sizeof(char *));
	for (i = 0; i < c->nlocals; i++)
		code->local_names[i] = c->locals[i].hidden ? xasprintf("$%d", i) :
		    xstrdup(c->locals[i].name);
}

static void
compile_group(struct compiler *c, int g)
{
	const struct ast_top *top = c->group_tops[g];
	struct lang_group *grp = &c->prog->groups[g];

	c->ctx = CTX_THREAD;
	c->group = g;
	c->code = &grp->code;
	c->code_cap = 0;
	c->too_many_insns = false;
	c->too_many_locals = false;
	c->nlocals = c->group_nlocals[g];
	c->locals = xcalloc((size_t)(c->nlocals ? c->nlocals : 1), sizeof(*c->locals));
	if (c->nlocals > 0)
		memcpy(c->locals, c->group_locals[g], (size_t)c->nlocals * sizeof(*c->locals));
	memset(&c->da, 0, sizeof(c->da));
	c->scope = NULL;
	c->atomic_depth = 0;
	compile_block(c, top->body);
	compile_emit(c, LANG_OP_END, 0, 0, 0, (struct lang_loc){ top->last_line, 1, 1 });
	compile_finish_code(c, &grp->code);
	free(c->locals);
	c->locals = NULL;
	c->nlocals = 0;
}

static void
compile_expect(struct compiler *c, const struct ast_top *top)
{
	struct lang_program *prog = c->prog;
	struct lang_expect *x;
	const struct ast_expr *e = top->value;

	prog->expects = xrealloc(prog->expects, (prog->nexpects + 1) * sizeof(*x));
	x = &prog->expects[prog->nexpects++];
	memset(x, 0, sizeof(*x));
	x->text = xstrndup(c->src->text + e->start, e->end - e->start);
	x->loc = e->loc;
	c->ctx = CTX_EXPECT;
	c->expect_word = "expect";
	c->group = -1;
	c->expect = x;
	c->code = &x->code;
	c->code_cap = 0;
	c->nlocals = 0;
	compile_expr(c, e);
	compile_emit(c, LANG_OP_END, 0, 0, 0, top->loc);
	compile_finish_code(c, &x->code);
	c->expect = NULL;
}

/* A tour step names no thread: say which there are, as a schedule would. */

/* A shared scalar or array that no thread stores to is a constant, and
 * reading it is local computation (LOAD_CONST), not a step: decided once
 * every thread is compiled, since any of them may write it. */
static void
mark_constants(struct lang_program *prog)
{
	size_t s, g, i;

	for (s = 0; s < prog->nshared; s++)
		prog->shared[s].constant = prog->shared[s].kind == LANG_SHARED_SCALAR ||
		    prog->shared[s].kind == LANG_SHARED_ARRAY;
	for (g = 0; g < prog->ngroups; g++)
		for (i = 0; i < prog->groups[g].code.count; i++) {
			const struct lang_insn *in = &prog->groups[g].code.insns[i];

			if (in->op == LANG_OP_STORE || in->op == LANG_OP_STORE_ELEM)
				prog->shared[in->a].constant = false;
		}
	for (g = 0; g < prog->ngroups; g++)
		for (i = 0; i < prog->groups[g].code.count; i++) {
			struct lang_insn *in = &prog->groups[g].code.insns[i];

			if (in->op == LANG_OP_LOAD && prog->shared[in->a].constant)
				in->op = LANG_OP_LOAD_CONST;
			else if (in->op == LANG_OP_LOAD_ELEM && prog->shared[in->a].constant)
				in->op = LANG_OP_LOAD_CONST_ELEM;
		}
}

static void
compile_file(struct compiler *c)
{
	const struct ast_top *top;
	int total_threads = 0;
	size_t g;

	for (top = c->file->tops; top != NULL && !lang_diags_full(c->diags); top = top->next) {
		if (top->kind == AST_DECL)
			compile_declare_shared(c, top);
		else if (top->kind == AST_THREAD || top->kind == AST_MAIN)
			compile_declare_group(c, top, &total_threads);
	}
	if (c->prog->ngroups == 0 && c->diags->errors == 0) {
		lang_diag_add(c->diags, LANG_ERROR, NULL, c->src->path,
		    (struct lang_loc){ 0, 0, 0 },
		    "no threads: a scenario needs at least one 'thread NAME:' block");
		return;
	}
	compile_expand_threads(c);
	c->group_locals = xcalloc(c->prog->ngroups + 1, sizeof(*c->group_locals));
	c->group_nlocals = xcalloc(c->prog->ngroups + 1, sizeof(int));
	for (g = 0; g < c->prog->ngroups; g++) {
		c->locals = NULL;
		c->nlocals = 0;
		c->too_many_locals = false;
		compile_collect_locals(c, c->group_tops[g]->body);
		c->group_locals[g] = c->locals;
		c->group_nlocals[g] = c->nlocals;
	}
	c->locals = NULL;
	c->nlocals = 0;
	for (g = 0; g < c->prog->ngroups && !lang_diags_full(c->diags); g++)
		compile_group(c, (int)g);
	mark_constants(c->prog);
	for (top = c->file->tops; top != NULL && !lang_diags_full(c->diags); top = top->next)
		if (top->kind == AST_EXPECT)
			compile_expect(c, top);
	if (c->file->goal != NULL && !lang_diags_full(c->diags))
		compile_goal(c, c->file->goal);
	compile_tours(c);
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
static void
sort_diagnostics(struct lang_diags *d, size_t from)
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

struct lang_program *
lang_compile(struct lang_source *src, struct lang_diags *diags)
{
	struct lang_tokens toks;
	struct compiler c;
	struct lang_program *prog;
	size_t errors_before = diags->errors, diags_before = diags->count, g;
	bool sound;

	sound = lang_lex(src, diags, &toks);
	memset(&c, 0, sizeof(c));
	c.src = src;
	c.diags = diags;
	if (sound) {
		c.file = lang_parse(src, &toks, diags);
	} else {
		c.file = xcalloc(1, sizeof(*c.file));
		c.file->arena = ast_arena_new();
	}
	prog = c.prog = xcalloc(1, sizeof(*prog));
	prog->source = src;
	prog->main_group = -1;
	/* display text only: made safe once, here, for every view and report */
	prog->title = sanitize(c.file->title ? c.file->title : "", SANITIZE_LINE);
	prog->about = sanitize(c.file->about ? c.file->about : "", SANITIZE_TEXT);
	if (diags->errors == errors_before)
		compile_file(&c);
	for (g = 0; c.group_locals != NULL && g < prog->ngroups; g++)
		free(c.group_locals[g]);
	free(c.group_locals);
	free(c.group_nlocals);
	free(c.group_tops);
	free(c.broken);
	free(c.string_index);
	ast_file_free(c.file);
	lang_tokens_free(&toks);
	sort_diagnostics(diags, diags_before);
	if (diags->errors != errors_before) {
		lang_program_free(prog);
		return NULL;
	}
	return prog;
}

struct lang_program *
lang_compile_file(const char *path, struct lang_diags *diags)
{
	struct lang_source *src = lang_source_load(path, diags);

	return src != NULL ? lang_compile(src, diags) : NULL;
}

struct lang_program *
lang_compile_text(const char *path, const char *text, size_t len,
    struct lang_diags *diags)
{
	struct lang_source *src = lang_source_from_memory(path, text, len, diags);

	return src != NULL ? lang_compile(src, diags) : NULL;
}
