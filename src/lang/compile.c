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
 * This file drives the passes and compiles each thread, expect and goal;
 * the rest of the compiler is one file per concept, sharing struct compiler
 * through compiler.h, each using only those listed below it:
 *   compile_tour.c    tours;
 *   compile_threads.c a Python program's Thread objects, as thread groups;
 *   compile_threads_def.c  a Python def main code runs once, as main code;
 *   compile_class.c   a Python program's classes: instances by name;
 *   compile_local.c   threading.local(): each thread's own attributes;
 *   compile_prim_args.c  a Python def passed the same primitive each time;
 *   compile_func.c    functions: def, their bodies, calls;
 *   compile_stmt.c    statements and control flow;
 *   compile_expr.c    instruction emission, names, calls, expressions;
 *   compile_decl.c    pass 1 (shared names, threads) and pass 2 (locals);
 *   compile_const.c   constant evaluation (initializers, counts, steps);
 *   compile_names.c   name lookup, "did you mean", interned strings;
 *   compile_diag.c    errors and notes, and their order.
 */
#include "config.h"

#include "lang/compile.h"
#include "lang/compiler.h"

#include <stdlib.h>
#include <string.h>

#include "lang/ast.h"
#include "lang/lexer.h"
#include "lang/limits.h"
#include "lang/parser.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

/* A local set only by loops over one list of threads holds a member's
 * number: the views show that thread's name (code->local_threads). */
static void
mark_thread_locals(const struct compiler *c, struct lang_code *code)
{
	size_t k;
	int i, stores;

	for (i = 0; i < c->nlocals; i++) {
		if (c->locals[i].thread_group < 0)
			continue;
		for (k = 0, stores = 0; k < code->count; k++)
			stores += code->insns[k].op == LANG_OP_STORE_LOCAL && code->insns[k].a == i;
		if (stores != c->locals[i].thread_stores)
			continue;
		if (code->local_threads == NULL) {
			code->local_threads = xmalloc((size_t)c->nlocals * sizeof(int));
			memset(code->local_threads, 0xff, (size_t)c->nlocals * sizeof(int));
		}
		code->local_threads[i] = c->locals[i].thread_group;
	}
}

void
compile_finish_code(struct compiler *c, struct lang_code *code)
{
	int i;

	if (c->diags->errors == 0 &&
	    !lang_code_check_stack(code, c->ctx == CTX_EXPECT ? 1 : 0))
		util_fatal("internal error: unbalanced stack in the code of %s",
		    c->group >= 0 ? c->prog->groups[c->group].name : c->func >= 0 ?
		    c->prog->functions[c->func].name : "an expect");
	if (code->max_stack > LANG_MAX_STACK)
		lang_diag_add(c->diags, LANG_ERROR, c->src, c->src->path,
		    c->ctx == CTX_EXPECT ? c->expect->loc : c->func >= 0 ?
		    c->prog->functions[c->func].loc : c->prog->groups[c->group].loc,
		    "this %s needs more than %d values on its evaluation stack "
		    "(a call with too many arguments?)",
		    c->ctx == CTX_EXPECT ? c->expect_word : c->func >= 0 ? "function" :
		    "thread", LANG_MAX_STACK);

	code->nlocals = c->nlocals;
	code->local_names = xcalloc((size_t)(c->nlocals ? c->nlocals : 1), sizeof(char *));
	for (i = 0; i < c->nlocals; i++)
		code->local_names[i] = c->locals[i].hidden ? xasprintf("$%d", i) :
		    xstrdup(c->locals[i].name);
	mark_thread_locals(c, code);
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

static void
compile_goal(struct compiler *c, const struct ast_goal *goal)
{
	struct lang_goal *g = &c->prog->goal;
	const struct ast_expr *e = goal->expr;

	g->kind = goal->kind;
	g->loc = goal->loc;
	switch (goal->kind) {
	case LANG_GOAL_NONE:
		return;
	case LANG_GOAL_DEADLOCK:
		g->text = xstrdup("deadlock");
		return;
	case LANG_GOAL_ASSERTION:
		g->text = xstrdup("assertion");
		return;
	case LANG_GOAL_EXPR:
		break;
	}
	g->text = xstrndup(c->src->text + e->start, e->end - e->start);
	g->expr.text = xstrdup(g->text);
	g->expr.loc = e->loc;
	c->ctx = CTX_EXPECT;
	c->expect_word = "goal";
	c->group = -1;
	c->expect = &g->expr;
	c->code = &g->expr.code;
	c->code_cap = 0;
	c->nlocals = 0;
	compile_expr(c, e);
	compile_emit(c, LANG_OP_END, 0, 0, 0, goal->loc);
	compile_finish_code(c, &g->expr.code);
	c->expect = NULL;
}

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
	/* every code a thread runs: the groups', then the functions' */
	for (g = 0; g < prog->ngroups + prog->nfunctions; g++) {
		struct lang_code *code = g < prog->ngroups ? &prog->groups[g].code :
		    &prog->functions[g - prog->ngroups].code;

		for (i = 0; i < code->count; i++) {
			const struct lang_insn *in = &code->insns[i];

			if (in->op == LANG_OP_STORE || in->op == LANG_OP_STORE_ELEM) {
				prog->shared[in->a].constant = false;
				prog->shared[in->a].rebound = true;
			}
		}
	}
	/* A list or tuple that no thread rebinds is always the same object:
	 * reading its name is no step (its items' operations are), yet it is
	 * no constant either, its items change. */
	for (s = 0; s < prog->nshared; s++)
		if (prog->shared[s].object != LANG_OBJ_NONE)
			prog->shared[s].constant = false;
	for (g = 0; g < prog->ngroups + prog->nfunctions; g++) {
		struct lang_code *code = g < prog->ngroups ? &prog->groups[g].code :
		    &prog->functions[g - prog->ngroups].code;

		for (i = 0; i < code->count; i++) {
			struct lang_insn *in = &code->insns[i];

			if (in->op == LANG_OP_LOAD && (prog->shared[in->a].constant ||
			    (prog->shared[in->a].object != LANG_OBJ_NONE &&
			    !prog->shared[in->a].rebound)))
				in->op = LANG_OP_LOAD_CONST;
			else if (in->op == LANG_OP_LOAD_ELEM && prog->shared[in->a].constant)
				in->op = LANG_OP_LOAD_CONST_ELEM;
		}
	}
}

static void
compile_file(struct compiler *c)
{
	const struct ast_top *top;
	int total_threads = 0;
	size_t g;

	if (c->file->python) {
		size_t errors = c->diags->errors;

		compile_python_exception_classes(c);
		if (c->diags->errors != errors)
			return;
		compile_python_mark_run_once(c);
		compile_python_classes(c);
		if (c->diags->errors != errors)
			return;
		compile_python_thread_locals(c);
		if (c->diags->errors != errors)
			return;
		/* a name that cannot be resolved would be misread below */
		compile_python_names(c);
		if (c->diags->errors != errors)
			return;
		compile_python_run_once(c);
		compile_python_prim_args(c);
		if (c->diags->errors != errors)
			return;
		compile_python_instance_uses(c);
		if (c->diags->errors != errors)
			return;
		compile_python_thread_lists(c);
	} else if (c->file->imports != NULL || c->file->classes != NULL) {
		size_t errors = c->diags->errors;

		compile_python_exception_classes(c);
		if (c->diags->errors != errors)
			return;
		compile_race_classes(c);
		if (c->diags->errors != errors)
			return;
		compile_python_names(c);	/* threading.Lock() after an import */
		if (c->diags->errors != errors)
			return;
	}
	for (top = c->file->tops; top != NULL && !lang_diags_full(c->diags); top = top->next) {
		if (top->kind == AST_DECL)
			compile_declare_shared(c, top);
		else if (top->kind == AST_THREAD || top->kind == AST_MAIN)
			compile_declare_group(c, top, &total_threads);
		else if (top->kind == AST_DEF)
			compile_declare_function(c, top);
	}
	if (c->file->python && !lang_diags_full(c->diags)) {
		size_t errors = c->diags->errors;

		compile_python_threads(c, &total_threads);
		if (c->diags->errors != errors)
			return;
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
	compile_functions(c);
	mark_constants(c->prog);
	for (top = c->file->tops; top != NULL && !lang_diags_full(c->diags); top = top->next)
		if (top->kind == AST_EXPECT)
			compile_expect(c, top);
	if (c->file->goal != NULL && !lang_diags_full(c->diags))
		compile_goal(c, c->file->goal);
	compile_tours(c);
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
	c.func = -1;
	if (sound) {
		c.file = lang_parse(src, &toks, diags);
	} else {
		c.file = xcalloc(1, sizeof(*c.file));
		c.file->arena = ast_arena_new();
	}
	prog = c.prog = xcalloc(1, sizeof(*prog));
	prog->source = src;
	prog->main_group = -1;
	prog->python = src->python;
	prog->handlers = c.file->handlers;
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
	free(c.function_tops);
	free(c.broken);
	free(c.durations);
	compile_instances_free(&c);
	hashindex_free(&c.string_index);
	ast_file_free(c.file);
	lang_tokens_free(&toks);
	compile_sort_diagnostics(diags, diags_before);
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
