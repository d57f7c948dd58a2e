/* compile_func.c - functions: `def` declared in pass 1, each body compiled
 * into its own code in pass 3, and calls matched to parameters.
 *
 * A call is resolved completely here, as Python binds arguments: the
 * positional ones first, then the keywords by name, then the defaults;
 * what CPython reports as a TypeError at run time (too many arguments, an
 * unknown keyword, a parameter given twice, one missing) is a diagnostic,
 * worded as CPython words it.  The callee then finds exactly one value per
 * parameter on the stack (program.h).  Arguments are evaluated in the
 * order they are written, as in Python: when keywords name parameters out
 * of order, each value waits in a hidden local until all are computed.
 */
#include "config.h"

#include "lang/compiler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "util/xalloc.h"

int
compile_find_function(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->prog->nfunctions; i++)
		if (strcmp(c->prog->functions[i].name, name) == 0)
			return (int)i;
	return -1;
}

static bool
function_name_taken(struct compiler *c, const struct ast_top *top)
{
	const char *name = top->name;
	int s = compile_find_shared(c, name), g = compile_find_group(c, name);
	int f = compile_find_function(c, name);

	if (compile_is_tid(c, name) || compile_is_builtin_function(c, name) ||
	    lang_prim_by_name(name, (unsigned)strlen(name)) >= 0) {
		compile_error_at(c, top->name_loc, "'%s' is a built-in name; choose another",
		    name);
		return true;
	}
	if (s < 0 && g < 0 && f < 0)
		return false;
	compile_error_at(c, top->name_loc, "'%s' is already declared", name);
	compile_note_at(c, s >= 0 ? c->prog->shared[s].loc : g >= 0 ?
	    c->prog->groups[g].loc : c->prog->functions[f].loc,
	    "'%s' was declared here", name);
	return true;
}

/* The parameters' names and defaults; false after an error (reported). */
static bool
declare_params(struct compiler *c, const struct ast_top *top, struct lang_function *fn)
{
	const struct ast_param *p, *q;
	int k = 0;

	if (top->nparams > LANG_MAX_PARAMS) {
		compile_error_at(c, top->name_loc, "'%s' has %d parameters; a function has at "
		    "most %d", top->name, top->nparams, LANG_MAX_PARAMS);
		return false;
	}
	fn->nparams = top->nparams;
	fn->first_default = top->nparams;
	fn->defaults = xcalloc((size_t)top->nparams + 1, sizeof(*fn->defaults));
	for (p = top->params; p != NULL; p = p->next, k++) {
		for (q = top->params; q != p; q = q->next)
			if (strcmp(q->name, p->name) == 0) {
				compile_error_at(c, p->loc, "duplicate argument '%s' in function "
				    "definition", p->name);
				return false;
			}
		if (compile_is_tid(c, p->name)) {
			compile_error_at(c, p->loc, "'tid' is the thread's index; give the "
			    "parameter another name");
			return false;
		}
		if (p->default_value == NULL) {
			if (fn->first_default < top->nparams) {
				compile_error_at(c, p->loc, "parameter without a default follows "
				    "parameter with a default");
				return false;
			}
			continue;
		}
		if (fn->first_default == top->nparams)
			fn->first_default = k;
		if (!compile_const_eval(c, p->default_value, &fn->defaults[k]))
			return false;
	}
	return true;
}

void
compile_declare_function(struct compiler *c, const struct ast_top *top)
{
	struct lang_program *prog = c->prog;
	struct lang_function *fn;

	if (function_name_taken(c, top)) {
		if (compile_find_shared(c, top->name) < 0 && compile_find_group(c, top->name) < 0 &&
		    compile_find_function(c, top->name) < 0)
			compile_mark_broken(c, top->name);	/* its calls say nothing more */
		return;
	}
	if (prog->nfunctions == LANG_MAX_FUNCTIONS) {
		compile_error_at(c, top->name_loc, "more than %d functions", LANG_MAX_FUNCTIONS);
		compile_mark_broken(c, top->name);
		return;
	}
	prog->functions = xrealloc(prog->functions, (prog->nfunctions + 1) *
	    sizeof(*prog->functions));
	c->function_tops = xrealloc(c->function_tops, (prog->nfunctions + 1) *
	    sizeof(*c->function_tops));
	fn = &prog->functions[prog->nfunctions];
	memset(fn, 0, sizeof(*fn));
	if (!declare_params(c, top, fn)) {
		free(fn->defaults);
		compile_mark_broken(c, top->name);
		return;
	}
	fn->name = xstrdup(top->name);
	fn->loc = top->name_loc;
	fn->first_line = top->first_line;
	fn->last_line = top->last_line;
	c->function_tops[prog->nfunctions] = top;
	prog->nfunctions++;
}

/* ---- bodies ---- */

static void
collect_globals(struct compiler *c, const struct ast_stmt *s)
{
	const struct ast_name *n;

	for (; s != NULL; s = s->next) {
		switch (s->kind) {
		case AST_GLOBAL:
			for (n = s->u.names; n != NULL; n = n->next) {
				c->globals = xgrow(c->globals, &c->globals_cap, c->nglobals + 1,
				    sizeof(*c->globals));
				c->globals[c->nglobals++] = n;
			}
			break;
		case AST_IF:
			collect_globals(c, s->u.if_.then);
			collect_globals(c, s->u.if_.otherwise);
			break;
		case AST_WHILE:
			collect_globals(c, s->u.while_.body);
			break;
		case AST_FOR:
			collect_globals(c, s->u.for_.body);
			break;
		case AST_ATOMIC:
			collect_globals(c, s->u.body);
			break;
		case AST_WITH:
			collect_globals(c, s->u.with.body);
			break;
		case AST_TRY: {
			struct ast_stmt *blocks[LANG_MAX_TRY_BLOCKS];
			size_t i, nblocks = ast_try_blocks(s, blocks, LANG_MAX_TRY_BLOCKS);

			for (i = 0; i < nblocks; i++)
				collect_globals(c, blocks[i]);
			break;
		}
		case AST_RAISE:
		case AST_ASSIGN:
		case AST_EXPR:
		case AST_BREAK:
		case AST_CONTINUE:
		case AST_PASS:
		case AST_ASSERT:
		case AST_RETURN:
			break;
		}
	}
}

bool
compile_is_global(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nglobals; i++)
		if (strcmp(c->globals[i]->name, name) == 0)
			return true;
	return false;
}

static void
compile_function(struct compiler *c, int fi)
{
	const struct ast_top *top = c->function_tops[fi];
	struct lang_function *fn = &c->prog->functions[fi];
	const struct ast_param *p;
	int k = 0;

	c->ctx = CTX_THREAD;
	c->group = -1;
	c->func = fi;
	c->code = &fn->code;
	c->code_cap = 0;
	c->too_many_insns = false;
	c->too_many_locals = false;
	c->nglobals = 0;
	collect_globals(c, top->body);
	c->locals = NULL;
	c->nlocals = 0;
	memset(&c->da, 0, sizeof(c->da));
	/* the parameters are the first locals, assigned by the call */
	for (p = top->params; p != NULL; p = p->next, k++) {
		if (compile_is_global(c, p->name))
			compile_error_at(c, p->loc, "name '%s' is parameter and global", p->name);
		c->locals = xrealloc(c->locals, ((size_t)c->nlocals + 1) * sizeof(*c->locals));
		c->locals[c->nlocals].name = p->name;
		c->locals[c->nlocals].first_assignment = p->loc;
		c->locals[c->nlocals].hidden = false;
		da_add(&c->da, c->nlocals);
		c->nlocals++;
	}
	compile_collect_locals(c, top->body);
	c->scope = NULL;
	c->atomic_depth = 0;
	compile_block(c, top->body);
	compile_emit(c, LANG_OP_PUSH_NONE, 0, 0, 0, (struct lang_loc){ top->last_line, 1, 1 });
	compile_emit(c, LANG_OP_RETURN, 0, 0, 0, (struct lang_loc){ top->last_line, 1, 1 });
	compile_finish_code(c, &fn->code);
	free(c->locals);
	c->locals = NULL;
	c->nlocals = 0;
	c->nglobals = 0;
	c->func = -1;
}

void
compile_functions(struct compiler *c)
{
	size_t i;

	for (i = 0; i < c->prog->nfunctions && !lang_diags_full(c->diags); i++)
		compile_function(c, (int)i);
	free(c->globals);
	c->globals = NULL;
	c->globals_cap = 0;
}

/* ---- calls ---- */

static void
push_default(struct compiler *c, const struct lang_value *v, struct lang_loc loc)
{
	switch (v->kind) {
	case LANG_VAL_INT:
		compile_emit_int(c, v->i, loc);
		return;
	case LANG_VAL_BOOL:
		compile_emit(c, LANG_OP_PUSH_BOOL, (int32_t)v->i, 0, 0, loc);
		return;
	case LANG_VAL_STR:
		compile_emit(c, LANG_OP_PUSH_STR, (int32_t)v->i, 0, 0, loc);
		return;
	case LANG_VAL_NONE:
	case LANG_VAL_OBJECT:	/* compile_const_eval makes none */
		compile_emit(c, LANG_OP_PUSH_NONE, 0, 0, 0, loc);
		return;
	}
}

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'": CPython's list of missing
 * parameters. */
static void
name_list(const char **names, int n, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		const char *sep = i == 0 ? "" : n == 2 ? " and " : i == n - 1 ? ", and " : ", ";
		int w = snprintf(buf + used, size - used, "%s'%s'", sep, names[i]);

		if (w < 0)
			return;
		used += (size_t)w;
	}
}

/* Match the arguments of call to fn's parameters: values[k] the argument
 * for parameter k (NULL: its default), order[k] its place among the
 * arguments as written.  False after a TypeError (reported). */
static bool
bind_arguments(struct compiler *c, const struct ast_expr *call, int fi,
    const struct ast_expr **values, int *order)
{
	const struct lang_function *fn = &c->prog->functions[fi];
	const struct ast_top *top = c->function_tops[fi];
	const struct ast_param *p;
	const struct ast_arg *a;
	const char *missing[LANG_MAX_PARAMS];
	struct lang_loc where = call->u.call.callee->loc;
	char list[LANG_MAX_PARAMS * (LANG_MAX_NAME_CHARS + 4)];
	int npos = 0, nmissing = 0, k, written = 0;
	bool keywords = false;

	for (k = 0; k < fn->nparams; k++) {
		values[k] = NULL;
		order[k] = -1;
	}
	for (a = call->u.call.args; a != NULL; a = a->next, written++) {
		if (a->keyword == NULL) {
			if (keywords) {
				compile_error_at(c, a->value->loc, "positional argument follows "
				    "keyword argument");
				return false;
			}
			if (npos < fn->nparams) {
				values[npos] = a->value;
				order[npos] = written;
			}
			npos++;
			continue;
		}
		keywords = true;
		for (k = 0, p = top->params; p != NULL; p = p->next, k++)
			if (strcmp(p->name, a->keyword) == 0)
				break;
		if (p == NULL) {
			compile_error_at(c, a->keyword_loc, "TypeError: %s() got an unexpected "
			    "keyword argument '%s'", fn->name, a->keyword);
			return false;
		}
		if (values[k] != NULL) {
			compile_error_at(c, a->keyword_loc, "TypeError: %s() got multiple values "
			    "for argument '%s'", fn->name, a->keyword);
			return false;
		}
		values[k] = a->value;
		order[k] = written;
	}
	if (npos > fn->nparams) {
		if (fn->first_default < fn->nparams)
			compile_error_at(c, where, "TypeError: %s() takes from %d to %d positional "
			    "arguments but %d %s given", fn->name, fn->first_default,
			    fn->nparams, npos, npos == 1 ? "was" : "were");
		else
			compile_error_at(c, where, "TypeError: %s() takes %d positional "
			    "argument%s but %d %s given", fn->name, fn->nparams,
			    fn->nparams == 1 ? "" : "s", npos, npos == 1 ? "was" : "were");
		return false;
	}
	for (k = 0, p = top->params; p != NULL; p = p->next, k++)
		if (k < fn->first_default && values[k] == NULL)
			missing[nmissing++] = p->name;
	if (nmissing > 0) {
		name_list(missing, nmissing, list, sizeof(list));
		compile_error_at(c, where, "TypeError: %s() missing %d required positional "
		    "argument%s: %s", fn->name, nmissing, nmissing == 1 ? "" : "s", list);
		return false;
	}
	return true;
}

/* Arguments are values: a shared primitive or a whole array is not one
 * (locals hold values only); the function can name it itself. */
static bool
value_argument(struct compiler *c, const struct ast_expr *v)
{
	int s = v->kind == AST_NAME ? compile_find_shared(c, v->u.name) : -1;
	const struct lang_shared *sh;

	if (s < 0 || (c->func >= 0 && compile_find_local(c, v->u.name) >= 0))
		return true;
	sh = &c->prog->shared[s];
	if (sh->kind == LANG_SHARED_SCALAR)
		return true;
	compile_error_at(c, v->loc, "'%s' is %s%s%s, which cannot be passed to a function; "
	    "the function can name '%s' itself", sh->name, sh->kind == LANG_SHARED_PRIM ?
	    compile_article(compile_shared_kind_name(sh)) : "",
	    sh->kind == LANG_SHARED_PRIM ? " " : "", compile_shared_kind_name(sh), sh->name);
	return false;
}

void
compile_function_call(struct compiler *c, const struct ast_expr *e, int fi,
    bool want_result)
{
	const struct lang_function *fn = &c->prog->functions[fi];
	const struct ast_expr *values[LANG_MAX_PARAMS];
	int order[LANG_MAX_PARAMS], held[LANG_MAX_PARAMS], k, last = -1, i;
	struct lang_loc loc = e->u.call.callee->loc;
	bool in_order = true;
	size_t at;

	if (c->ctx == CTX_EXPECT) {
		compile_error_at(c, loc, "%s cannot call functions; it reads shared variables "
		    "only", c->expect_word);
		return;
	}
	if (c->atomic_depth > 0) {
		compile_error_at(c, loc, "a function call inside 'atomic:' is not supported; "
		    "call %s() outside the block", fn->name);
		return;
	}
	if (!bind_arguments(c, e, fi, values, order))
		return;
	for (k = 0; k < fn->nparams; k++)
		if (values[k] != NULL && !value_argument(c, values[k]))
			return;
	for (k = 0; k < fn->nparams; k++)
		if (order[k] >= 0) {
			if (order[k] < last)
				in_order = false;
			last = order[k];
		}
	if (!in_order) {
		/* evaluate as written, then pass in the parameters' order */
		for (i = 0; i < e->u.call.nargs; i++)
			for (k = 0; k < fn->nparams; k++)
				if (order[k] == i) {
					compile_expr(c, values[k]);
					held[k] = compile_new_hidden_local(c, loc);
					compile_emit(c, LANG_OP_STORE_LOCAL, held[k], 0, 0, loc);
				}
	}
	for (k = 0; k < fn->nparams; k++) {
		if (values[k] == NULL)
			push_default(c, &fn->defaults[k], loc);
		else if (in_order)
			compile_expr(c, values[k]);
		else
			compile_emit(c, LANG_OP_LOAD_LOCAL, held[k], 0, 0, loc);
	}
	at = compile_emit(c, LANG_OP_CALL_FUNCTION, fi, 0, want_result ? LANG_IF_RESULT : 0,
	    loc);
	c->code->insns[at].argc = (uint16_t)fn->nparams;
}
