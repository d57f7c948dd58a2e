/* compile_stmt.c - statements, control flow and definite assignment. */
#include "config.h"

#include "lang/compiler.h"

#include <stdint.h>
#include <string.h>

#include "lang/limits.h"

/* ---- statements ---- */

static void
compile_assign(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *t = st->u.assign.target, *v = st->u.assign.value;
	bool aug = st->u.assign.augmented;
	struct lang_loc oploc = st->u.assign.op_loc;
	int s, l;

	if (t->kind == AST_INDEX) {
		const struct ast_expr *base = t->u.index.base;
		const struct lang_shared *sh;

		s = base->kind == AST_NAME ? compile_find_shared(c, base->u.name) : -1;
		if (s >= 0 && c->func >= 0 && compile_find_local(c, base->u.name) >= 0)
			s = -1;		/* a def's local shadows the shared array */
		if (s >= 0 && c->prog->shared[s].kind == LANG_SHARED_SCALAR &&
		    c->prog->shared[s].object == LANG_OBJ_NONE && !c->src->python) {
			compile_index_load(c, t);	/* reports why */
			return;
		}
		if (s < 0 || c->prog->shared[s].kind != LANG_SHARED_ARRAY) {
			compile_item_store(c, st);
			return;
		}
		sh = &c->prog->shared[s];
		if (!c->src->python && t->u.index.index->kind == AST_INT &&
		    (t->u.index.index->u.ival < 0 || t->u.index.index->u.ival >= sh->length)) {
			compile_error_at(c, t->u.index.index->loc,
			    "IndexError: index %lld is out of range for '%s' (size %d)",
			    (long long)t->u.index.index->u.ival, sh->name, sh->length);
			return;
		}
		if (!aug) {
			compile_expr(c, v);
			compile_expr(c, t->u.index.index);
			compile_emit(c, LANG_OP_STORE_ELEM, s, 0, LANG_IF_INDEXED, oploc);
			return;
		}
		compile_expr(c, t->u.index.index);
		compile_emit(c, LANG_OP_DUP, 0, 0, 0, oploc);
		compile_emit(c, LANG_OP_LOAD_ELEM, s, 0, LANG_IF_INDEXED, t->loc);
		if (compile_fits_imm(v)) {
			compile_emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op,
			    (int32_t)v->u.ival, LANG_IF_IMM, oploc);
		} else {
			compile_expr(c, v);
			compile_emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op, 0, 0, oploc);
		}
		compile_emit(c, LANG_OP_SWAP, 0, 0, 0, oploc);
		compile_emit(c, LANG_OP_STORE_ELEM, s, 0, LANG_IF_INDEXED, oploc);
		return;
	}
	/* a name */
	if (compile_is_tid(c, t->u.name)) {
		compile_error_at(c, t->loc, "cannot assign to 'tid'; it is the thread's index");
		return;
	}
	s = compile_find_shared(c, t->u.name);
	if (c->func >= 0 && compile_find_local(c, t->u.name) >= 0)
		s = -1;		/* a def's local, shadowing the top-level name */
	if (s >= 0 && c->prog->shared[s].kind != LANG_SHARED_SCALAR) {
		const struct lang_shared *sh = &c->prog->shared[s];

		if (sh->kind == LANG_SHARED_ARRAY)
			compile_error_at(c, t->loc, "cannot assign to the array '%s' as a whole; "
			    "assign its elements: %s[i] = ...", sh->name, sh->name);
		else
			compile_error_at(c, t->loc, "cannot assign to '%s': it is %s %s", sh->name,
			    compile_article(compile_shared_kind_name(sh)),
			    compile_shared_kind_name(sh));
		compile_note_at(c, sh->loc, "'%s' is declared here", sh->name);
		return;
	}
	if (s < 0 && compile_find_group(c, t->u.name) >= 0) {
		compile_error_at(c, t->loc, "cannot assign to '%s': it is a thread", t->u.name);
		return;
	}
	if (s < 0 && (compile_is_builtin_function(c, t->u.name) ||
	    lang_prim_by_name(t->u.name, (unsigned)strlen(t->u.name)) >= 0)) {
		compile_error_at(c, t->loc, "cannot assign to '%s': it is a built-in name",
		    t->u.name);
		return;
	}
	if (aug) {
		compile_name(c, t);
		if (compile_fits_imm(v)) {
			compile_emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op,
			    (int32_t)v->u.ival, LANG_IF_IMM | LANG_IF_INPLACE, oploc);
		} else {
			compile_expr(c, v);
			compile_emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op, 0,
			    LANG_IF_INPLACE, oploc);
		}
	} else {
		compile_expr(c, v);
	}
	if (s >= 0) {
		compile_emit(c, LANG_OP_STORE, s, 0, 0, t->loc);
		return;
	}
	l = compile_find_local(c, t->u.name);
	if (l < 0)
		return;		/* over the locals limit, already reported */
	compile_emit(c, LANG_OP_STORE_LOCAL, l, 0, 0, t->loc);
	da_add(&c->da, l);
}

/* Python's time.sleep(seconds) as the sleep step, which counts whole
 * milliseconds: a literal with a fraction is converted here (rounded, a
 * positive one to at least 1 ms), any other duration multiplied at run
 * time. */
static void
compile_sleep_seconds(struct compiler *c, const struct ast_expr *e)
{
	const struct ast_expr *d = e->u.call.nargs == 1 ? e->u.call.args->value : NULL;
	double s, ms;

	if (d == NULL || e->u.call.args->keyword != NULL) {
		compile_error_at(c, e->loc, "time.sleep() takes one argument, in seconds");
		return;
	}
	if (compile_literal_seconds(c, d, &s)) {
		ms = s * 1000.0;
		if (ms < 0) {
			compile_error_at(c, d->loc, "ValueError: sleep length must be "
			    "non-negative");
			return;
		}
		if (ms > 24.0 * 3600 * 1000) {
			compile_error_at(c, d->loc, "time.sleep() of more than a day (86400 "
			    "seconds); lockstep sleeps at most that long");
			return;
		}
		compile_emit_int(c, ms > 0 && ms < 1 ? 1 : (int64_t)(ms + 0.5), d->loc);
	} else {
		compile_expr(c, d);
		compile_emit(c, LANG_OP_BINARY, LANG_BIN_MUL, 1000, LANG_IF_IMM, d->loc);
	}
	compile_emit(c, LANG_OP_SLEEP, 0, 0, 0, e->loc);
}

static void
compile_expr_statement(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *e = st->u.expr, *f;
	const struct ast_arg *a;

	if (e->kind == AST_STR && c->file->python)
		return;		/* a docstring */
	if (e->kind != AST_CALL) {
		compile_error_at(c, e->loc, "this expression does nothing; a statement is an "
		    "assignment, a call or a keyword statement");
		return;
	}
	f = e->u.call.callee;
	if (f->kind == AST_NAME && strcmp(f->u.name, "time.sleep") == 0) {
		compile_sleep_seconds(c, e);
		return;
	}
	if (f->kind == AST_NAME && strcmp(f->u.name, "print") == 0) {
		compile_print(c, e);
		return;
	}
	if (f->kind == AST_NAME && strcmp(f->u.name, "sleep") == 0) {
		if (e->u.call.nargs != 1 || e->u.call.args->keyword != NULL) {
			compile_error_at(c, e->loc, "sleep() takes one argument, in milliseconds");
			return;
		}
		if (c->atomic_depth > 0) {
			compile_error_at(c, e->loc, "sleep() is a step of its own; it is not "
			    "allowed inside 'atomic:'");
			return;
		}
		a = e->u.call.args;
		if (a->value->kind == AST_UNARY && a->value->u.unary.operand->kind == AST_INT) {
			compile_error_at(c, a->value->loc, "sleep() needs a duration of 0 or more");
			return;
		}
		compile_expr(c, a->value);
		compile_emit(c, LANG_OP_SLEEP, 0, 0, 0, e->loc);
		return;
	}
	compile_call(c, e, false);
}

void
compile_enter_scope(struct compiler *c, struct scope *s, enum scope_kind kind)
{
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->outer = c->scope;
	s->index_slot = -1;
	s->guard_from = -1;
	s->exc_slot = -1;
	da_fill(&s->break_da);
	c->scope = s;
}

void
compile_emit_release(struct compiler *c, const struct scope *s)
{
	struct prim_ref ref;

	memset(&ref, 0, sizeof(ref));
	ref.shared = s->prim;
	ref.indexed = s->indexed;
	ref.const_index = s->index_slot < 0;
	ref.index = s->const_index;
	compile_emit_call(c, &ref, s->index_slot, LANG_M_RELEASE, 0, false, s->loc);
}

/* break/continue: leave every with and atomic between here and the loop. */
static void
compile_jump_out(struct compiler *c, const struct ast_stmt *st)
{
	bool is_break = st->kind == AST_BREAK;
	struct scope *s;

	for (s = c->scope; s != NULL && s->kind != SCOPE_LOOP; s = s->outer)
		;
	if (s == NULL) {
		compile_error_at(c, st->loc, "'%s' outside a loop",
		    is_break ? "break" : "continue");
		return;
	}
	compile_leave_scopes(c, s, st->loc);
	compile_patches_add(is_break ? &s->breaks : &s->continues,
	    compile_emit(c, LANG_OP_JUMP, 0, 0, 0, st->loc));
	compile_leave_done(c, s);
	if (is_break)
		da_intersect(&s->break_da, &c->da);
	da_fill(&c->da);	/* what follows is unreachable */
}

/* return [EXPR]: the value is computed first, then every with and atomic
 * around the return is left, as Python runs __exit__ after evaluating it. */
static void
compile_return(struct compiler *c, const struct ast_stmt *st)
{
	int value = -1;

	if (c->func < 0) {
		compile_error_at(c, st->loc, "'return' outside function; a thread ends at the "
		    "end of its block");
		return;
	}
	if (st->u.value != NULL)
		compile_expr(c, st->u.value);
	else
		compile_emit(c, LANG_OP_PUSH_NONE, 0, 0, 0, st->loc);
	/* a finally block runs at statement level: the value waits in a local */
	if (compile_leave_runs_finally(c, NULL)) {
		value = compile_new_hidden_local(c, st->loc);
		compile_emit(c, LANG_OP_STORE_LOCAL, value, 0, 0, st->loc);
	}
	compile_leave_scopes(c, NULL, st->loc);
	if (value >= 0)
		compile_emit(c, LANG_OP_LOAD_LOCAL, value, 0, 0, st->loc);
	compile_emit(c, LANG_OP_RETURN, 0, 0, 0, st->loc);
	compile_leave_done(c, NULL);
	da_fill(&c->da);	/* what follows is unreachable */
}

/* global NAME: in a def, the names were gathered before its body was
 * compiled (compile_func.c); each must be a top-level name.  In a thread
 * block top-level names are shared anyway, as at a Python module's top. */
static void
compile_global(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_name *n;

	for (n = st->u.names; n != NULL; n = n->next)
		if (compile_find_shared(c, n->name) < 0 && !compile_is_broken(c, n->name)) {
			if (c->file->python)
				compile_error_at(c, n->loc, "'global %s': '%s' is not among the "
				    "module's opening assignments; a global that functions use "
				    "must be assigned before the module's first other statement "
				    "(move or add '%s = ...' there)", n->name, n->name, n->name);
			else
				compile_error_at(c, n->loc, "'global %s': there is no top-level "
				    "name '%s'; declare it at the top level first (%s = 0)",
				    n->name, n->name, n->name);
			compile_mark_broken(c, n->name);	/* its uses say nothing more */
			return;
		}
}

static void
compile_while(struct compiler *c, const struct ast_stmt *st)
{
	struct scope loop;
	struct daset before = c->da;
	size_t top = c->code->count, exit_jump = SIZE_MAX;
	bool forever = compile_is_const_true(st->u.while_.cond);

	if (!forever) {
		compile_expr(c, st->u.while_.cond);
		exit_jump = compile_emit(c, LANG_OP_JUMP_IF_FALSE, 0, 0, 0, st->loc);
	}
	compile_enter_scope(c, &loop, SCOPE_LOOP);
	compile_block(c, st->u.while_.body);
	compile_emit(c, LANG_OP_JUMP, (int32_t)top, 0, 0, st->loc);
	c->scope = loop.outer;
	if (exit_jump != SIZE_MAX)
		compile_patch_here(c, exit_jump);
	compile_patches_resolve(c, &loop.breaks, c->code->count);
	compile_patches_resolve(c, &loop.continues, top);
	c->da = loop.break_da;
	if (!forever)
		da_intersect(&c->da, &before);
}

/* A for loop's body, the item on the stack: it goes into var, and the
 * body is compiled in the loop's scope (before: what was assigned before). */
static void
for_body(struct compiler *c, const struct ast_stmt *st, int var, struct scope *loop,
    struct daset *before)
{
	compile_emit(c, LANG_OP_STORE_LOCAL, var, 0, 0, st->u.for_.var_loc);
	if (st->u.for_.thread_group != NULL) {
		struct local *l = &c->locals[var];
		int g = compile_find_group(c, st->u.for_.thread_group);

		l->thread_group = l->thread_group == -1 || l->thread_group == g ? g : -2;
		l->thread_stores++;
	}
	*before = c->da;
	compile_enter_scope(c, loop, SCOPE_LOOP);
	da_add(&c->da, var);
	compile_block(c, st->u.for_.body);
	c->scope = loop->outer;
}

/* for var in EXPR (a list or tuple): one item per FOR_ITER, which is a
 * step when the object is shared (CPython's iteration reads one item at a
 * time; other threads may change the list between two). */
static void
for_in(struct compiler *c, const struct ast_stmt *st)
{
	int var = compile_find_local(c, st->u.for_.var), obj, pos, view;
	struct scope loop;
	struct daset before;
	size_t top, iter;

	if (var < 0)
		return;		/* over the locals limit, already reported */
	obj = compile_new_hidden_local(c, st->loc);
	pos = compile_new_hidden_local(c, st->loc);
	view = compile_for_iterable(c, st->u.for_.range);
	compile_emit(c, LANG_OP_STORE_LOCAL, obj, 0, 0, st->loc);
	compile_emit_int(c, 0, st->loc);
	compile_emit(c, LANG_OP_STORE_LOCAL, pos, 0, 0, st->loc);
	top = c->code->count;
	compile_emit(c, LANG_OP_LOAD_LOCAL, obj, 0, 0, st->loc);
	iter = compile_emit(c, LANG_OP_ITER_NEXT, 0, pos, view, st->u.for_.range->loc);
	for_body(c, st, var, &loop, &before);
	compile_emit(c, LANG_OP_JUMP, (int32_t)top, 0, 0, st->loc);
	compile_patch_here(c, iter);
	compile_patches_resolve(c, &loop.breaks, c->code->count);
	compile_patches_resolve(c, &loop.continues, top);
	c->da = before;
}

static void
compile_for(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *range = st->u.for_.range;
	const struct ast_arg *a;
	struct scope loop;
	struct daset before;
	int var, counter, end, n;
	int64_t step = 1;
	size_t top, exit_jump, next;

	if (st->u.for_.var == NULL || range == NULL)
		return;
	if (compile_is_broken(c, st->u.for_.var))
		return;
	if ((compile_find_shared(c, st->u.for_.var) >= 0 &&
	    !(c->func >= 0 && compile_find_local(c, st->u.for_.var) >= 0)) ||
	    compile_find_group(c, st->u.for_.var) >= 0 ||
	    compile_is_tid(c, st->u.for_.var)) {
		int s = compile_find_shared(c, st->u.for_.var);

		compile_error_at(c, st->u.for_.var_loc, "the loop variable '%s' must be a local "
		    "name, not a shared or built-in one", st->u.for_.var);
		if (s >= 0)
			compile_note_at(c, c->prog->shared[s].loc, "'%s' is declared here, at the "
			    "top level, so it is shared", st->u.for_.var);
		return;
	}
	if (!compile_is_range_call(range)) {
		for_in(c, st);
		return;
	}
	n = range->u.call.nargs;
	a = range->u.call.args;
	if (n < 1 || n > 3) {
		compile_error_at(c, range->loc, "range() takes 1 to 3 arguments, %d given", n);
		return;
	}
	for (; a != NULL; a = a->next)
		if (a->keyword != NULL) {
			compile_error_at(c, a->keyword_loc, "range() takes no keyword arguments");
			return;
		}
	a = range->u.call.args;
	if (n == 3 && !compile_const_int(c, a->next->next->value, &step, "range()'s step"))
		return;
	if (step == 0) {
		compile_error_at(c, a->next->next->value->loc,
		    "ValueError: range() step must not be zero");
		return;
	}
	if (step < INT32_MIN || step > INT32_MAX) {
		compile_error_at(c, a->next->next->value->loc, "range() step must fit in 32 bits");
		return;
	}
	var = compile_find_local(c, st->u.for_.var);
	if (var < 0)
		return;		/* over the locals limit, already reported */
	counter = compile_new_hidden_local(c, st->loc);
	end = compile_new_hidden_local(c, st->loc);
	if (n == 1)
		compile_emit_int(c, 0, range->loc);
	else
		compile_expr(c, a->value);
	compile_emit(c, LANG_OP_STORE_LOCAL, counter, 0, 0, st->loc);
	compile_expr(c, n == 1 ? a->value : a->next->value);
	compile_emit(c, LANG_OP_STORE_LOCAL, end, 0, 0, st->loc);
	top = c->code->count;
	compile_emit(c, LANG_OP_LOAD_LOCAL, counter, 0, 0, st->loc);
	compile_emit(c, LANG_OP_LOAD_LOCAL, end, 0, 0, st->loc);
	compile_emit(c, LANG_OP_BINARY, step > 0 ? LANG_BIN_LT : LANG_BIN_GT, 0, 0, st->loc);
	exit_jump = compile_emit(c, LANG_OP_JUMP_IF_FALSE, 0, 0, 0, st->loc);
	compile_emit(c, LANG_OP_LOAD_LOCAL, counter, 0, 0, st->loc);
	for_body(c, st, var, &loop, &before);
	next = c->code->count;
	compile_emit(c, LANG_OP_LOAD_LOCAL, counter, 0, 0, st->loc);
	compile_emit(c, LANG_OP_BINARY, LANG_BIN_ADD, (int32_t)step, LANG_IF_IMM, st->loc);
	compile_emit(c, LANG_OP_STORE_LOCAL, counter, 0, 0, st->loc);
	compile_emit(c, LANG_OP_JUMP, (int32_t)top, 0, 0, st->loc);
	compile_patch_here(c, exit_jump);
	compile_patches_resolve(c, &loop.breaks, c->code->count);
	compile_patches_resolve(c, &loop.continues, next);
	c->da = before;
}

static void
compile_with(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *e = st->u.with.prim;
	const struct ast_expr *base = e->kind == AST_INDEX ? e->u.index.base : e;
	struct prim_ref ref;
	struct scope scope;
	const struct lang_shared *sh;
	size_t skip;
	int s, exc;

	if (base->kind == AST_NAME && (s = compile_find_shared(c, base->u.name)) >= 0 &&
	    (c->prog->shared[s].kind == LANG_SHARED_SCALAR ||
	    c->prog->shared[s].kind == LANG_SHARED_ARRAY)) {
		sh = &c->prog->shared[s];
		compile_error_at(c, base->loc, "'with' needs a Lock, RLock, Condition, Semaphore "
		    "or BoundedSemaphore; '%s' is %s", sh->name, compile_shared_kind_name(sh));
		compile_note_at(c, sh->loc, "'%s' is declared here", sh->name);
		return;
	}
	if (!compile_resolve_prim(c, e, &ref))
		return;
	sh = &c->prog->shared[ref.shared];
	if (!lang_prim_is_withable(sh->prim)) {
		compile_error_at(c, st->u.with.prim->loc, "'with' needs a Lock, RLock, Condition, "
		    "Semaphore or BoundedSemaphore; '%s' is %s %s%s", sh->name,
		    compile_article(lang_prim_info(sh->prim)->name), lang_prim_info(sh->prim)->name,
		    sh->prim == LANG_PRIM_RWLOCK ?
		    " (use acquire_read()/release_read() or acquire_write()/release_write())" : "");
		compile_note_at(c, sh->loc, "'%s' is declared here", sh->name);
		return;
	}
	if (!compile_check_blocking_allowed(c, "'with' (acquire)", st->loc))
		return;
	compile_enter_scope(c, &scope, SCOPE_WITH);
	scope.prim = ref.shared;
	scope.indexed = ref.indexed;
	scope.const_index = ref.index;
	scope.loc = st->loc;
	scope.index_slot = compile_hold_prim_index(c, &ref, st->loc);
	compile_emit_call(c, &ref, scope.index_slot, LANG_M_ACQUIRE, 0, false, st->loc);
	if (c->file->handlers)
		compile_guard_open(c, &scope);
	compile_block(c, st->u.with.body);
	c->scope = scope.outer;
	compile_guard_stop(c, &scope);
	compile_emit_release(c, &scope);
	if (!c->file->handlers || scope.nguarded == 0)
		return;		/* no block that can raise */
	/* an exception leaving the block releases the lock on its way out */
	skip = compile_emit(c, LANG_OP_JUMP, 0, 0, 0, st->loc);
	exc = compile_new_hidden_local(c, st->loc);
	compile_guard_close(c, &scope, (int32_t)c->code->count);
	compile_emit(c, LANG_OP_STORE_LOCAL, exc, 0, 0, st->loc);
	compile_emit_release(c, &scope);
	compile_emit(c, LANG_OP_LOAD_LOCAL, exc, 0, 0, st->loc);
	compile_emit(c, LANG_OP_THROW, 0, 0, 0, st->loc);
	compile_patch_here(c, skip);
}

/* if/elif/else, the elif chain walked in a loop (it can be thousands of arms
 * long); the code is what nesting each elif in an else would give. */
static void
compile_if(struct compiler *c, const struct ast_stmt *st)
{
	struct patches ends = { 0 };
	struct daset before = c->da, after;
	size_t first, jump;

	da_fill(&after);
	for (;;) {
		first = c->code->count;
		compile_expr(c, st->u.if_.cond);
		jump = compile_emit(c, LANG_OP_JUMP_IF_FALSE, 0, 0, 0, st->loc);
		if (first < c->code->count)
			c->code->insns[first].flags |= LANG_IF_STMT;
		compile_block(c, st->u.if_.then);
		da_intersect(&after, &c->da);
		c->da = before;
		if (st->u.if_.otherwise == NULL) {
			compile_patch_here(c, jump);
			da_intersect(&after, &before);
			break;
		}
		compile_patches_add(&ends, compile_emit(c, LANG_OP_JUMP, 0, 0, 0, st->loc));
		compile_patch_here(c, jump);
		if (!compile_is_elif(st->u.if_.otherwise) || lang_diags_full(c->diags)) {
			compile_block(c, st->u.if_.otherwise);
			da_intersect(&after, &c->da);
			break;
		}
		st = st->u.if_.otherwise;
	}
	compile_patches_resolve(c, &ends, c->code->count);
	c->da = after;
}

/* assert cond, message: as Python, the message is computed (str() of it)
 * only when the condition is false. */
static void
compile_assert_message(struct compiler *c, const struct ast_stmt *st)
{
	size_t skip;

	compile_expr(c, st->u.assert_.cond);
	skip = compile_emit(c, LANG_OP_JUMP_IF_TRUE, 0, 0, 0, st->loc);
	compile_emit(c, LANG_OP_PUSH_BOOL, 0, 0, 0, st->loc);
	compile_expr(c, st->u.assert_.message);
	compile_emit(c, LANG_OP_FORMAT, -1, 's', 0, st->u.assert_.message->loc);
	compile_emit(c, LANG_OP_ASSERT, -1, 1, 0, st->loc);
	compile_patch_here(c, skip);
}

static void
compile_statement(struct compiler *c, const struct ast_stmt *st)
{
	size_t first = c->code->count;
	struct scope scope;

	switch (st->kind) {
	case AST_ASSIGN:
		compile_assign(c, st);
		break;
	case AST_EXPR:
		compile_expr_statement(c, st);
		break;
	case AST_IF:
		compile_if(c, st);
		break;
	case AST_WHILE:
		compile_while(c, st);
		break;
	case AST_FOR:
		compile_for(c, st);
		break;
	case AST_BREAK:
	case AST_CONTINUE:
		compile_jump_out(c, st);
		break;
	case AST_PASS:
		break;
	case AST_ASSERT:
		if (st->u.assert_.message != NULL && st->u.assert_.message->kind != AST_STR &&
		    c->file->python) {
			compile_assert_message(c, st);
			break;
		}
		if (st->u.assert_.message != NULL && st->u.assert_.message->kind != AST_STR) {
			compile_error_at(c, st->u.assert_.message->loc,
			    "the assert message must be a string literal");
			break;
		}
		compile_expr(c, st->u.assert_.cond);
		compile_emit(c, LANG_OP_ASSERT, st->u.assert_.message == NULL ? -1 :
		    compile_intern_string(c, st->u.assert_.message->u.str.s,
		    st->u.assert_.message->u.str.len), 0, 0, st->loc);
		break;
	case AST_ATOMIC:
		if (c->atomic_depth > 0) {
			compile_error_at(c, st->loc, "'atomic:' blocks do not nest; the outer one "
			    "already makes this one step");
			break;
		}
		compile_enter_scope(c, &scope, SCOPE_ATOMIC);
		c->atomic_depth++;
		compile_emit(c, LANG_OP_ATOMIC_BEGIN, 0, 0, 0, st->loc);
		compile_block(c, st->u.body);
		compile_emit(c, LANG_OP_ATOMIC_END, 0, 0, 0, st->loc);
		c->atomic_depth--;
		c->scope = scope.outer;
		break;
	case AST_WITH:
		compile_with(c, st);
		break;
	case AST_RETURN:
		compile_return(c, st);
		break;
	case AST_GLOBAL:
		compile_global(c, st);
		break;
	case AST_TRY:
		compile_try(c, st);
		break;
	case AST_RAISE:
		compile_raise(c, st);
		break;
	}
	if (first < c->code->count)
		c->code->insns[first].flags |= LANG_IF_STMT;
}

void
compile_block(struct compiler *c, const struct ast_stmt *s)
{
	/* a finally block compiles once for each way out of its try, so
	 * finally inside finally doubles per level: the instruction limit
	 * must stop the walk, not only the emitting */
	for (; s != NULL && !lang_diags_full(c->diags) && !c->too_many_insns; s = s->next)
		compile_statement(c, s);
}
