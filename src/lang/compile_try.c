/* compile_try.c - try/except/else/finally, raise, and the handler rows.
 *
 * lang/program.h ("Exceptions") tells the mechanism: each code's handler
 * table maps stretches of instructions to the handler code that catches
 * what they raise.  A WITH or TRY scope gathers the stretches it guards
 * while its block compiles (a return or break cuts its own cleanup out of
 * them), and writes them as rows when it closes: an inner scope always
 * closes before the scope around it, so its rows come first, and the
 * first row that covers a pc is the innermost.  Every try and with is a
 * statement, where the evaluation stack is empty (a return's value waits
 * in a local while finally blocks run): a handler's depth is 0.
 *
 *     try: B except E as e: H else: L finally: F
 *
 * compiles as
 *
 *         B                     guarded by the except rows and the finally rows
 *         L                     guarded by the finally rows
 *     n:  F; JUMP end           (the except handlers jump to n too)
 *     x:  STORE $e              the except handler (depth 0, the exception pushed)
 *         LOAD $e; EXC_MATCH E; JUMP_IF_FALSE next
 *         LOAD $e; STORE e; H; JUMP n     guarded by the finally rows
 *     next: LOAD $e; RAISE      no clause matched: on to outer handlers
 *     f:  STORE $f; F; LOAD $f; RAISE     the finally handler
 *     end:
 */
#include "config.h"

#include "lang/compiler.h"

#include <stdlib.h>
#include <string.h>

#include "lang/exceptions.h"
#include "lang/limits.h"
#include "util/xalloc.h"

/* ---- guarded stretches and handler rows ---- */

void
compile_guard_open(struct compiler *c, struct scope *s)
{
	s->guard_from = (int32_t)c->code->count;
}

void
compile_guard_stop(struct compiler *c, struct scope *s)
{
	int32_t here = (int32_t)c->code->count;

	if (s->guard_from >= 0 && s->guard_from < here) {
		s->guarded = xrealloc(s->guarded, (s->nguarded + 1) * sizeof(*s->guarded));
		s->guarded[s->nguarded].start = s->guard_from;
		s->guarded[s->nguarded].end = here;
		s->nguarded++;
	}
	s->guard_from = -1;
}

void
compile_guard_close(struct compiler *c, struct scope *s, int32_t target)
{
	struct lang_code *code = c->code;
	size_t i;

	compile_guard_stop(c, s);
	code->handlers = xrealloc(code->handlers, (code->nhandlers + s->nguarded + 1) *
	    sizeof(*code->handlers));
	for (i = 0; i < s->nguarded; i++) {
		struct lang_handler *h = &code->handlers[code->nhandlers++];

		h->start = s->guarded[i].start;
		h->end = s->guarded[i].end;
		h->target = target;
		h->depth = 0;
	}
	free(s->guarded);
	s->guarded = NULL;
	s->nguarded = 0;
}

/* The code from start to here runs while the exception in slot is being
 * handled (lang_handling). */
static void
handling_row(struct compiler *c, size_t start, int slot)
{
	struct lang_code *code = c->code;

	if (start == code->count)
		return;
	code->handling = xrealloc(code->handling, (code->nhandling + 1) *
	    sizeof(*code->handling));
	code->handling[code->nhandling].start = (int32_t)start;
	code->handling[code->nhandling].end = (int32_t)code->count;
	code->handling[code->nhandling].slot = slot;
	code->nhandling++;
}

/* One copy of a finally block. */
static void
finally_block(struct compiler *c, const struct ast_stmt *final)
{
	c->finally_depth++;
	compile_block(c, final);
	c->finally_depth--;
}

bool
compile_leave_runs_finally(const struct compiler *c, const struct scope *upto)
{
	const struct scope *s;

	for (s = c->scope; s != NULL && s != upto; s = s->outer)
		if (s->kind == SCOPE_TRY && s->final != NULL)
			return true;
	return false;
}

void
compile_leave_scopes(struct compiler *c, struct scope *upto, struct lang_loc loc)
{
	struct scope *s, *here = c->scope;
	struct daset da = c->da;

	for (s = here; s != NULL && s != upto; s = s->outer) {
		compile_guard_stop(c, s);
		switch (s->kind) {
		case SCOPE_WITH:
			compile_emit_release(c, s);
			break;
		case SCOPE_ATOMIC:
			compile_emit(c, LANG_OP_ATOMIC_END, 0, 0, 0, loc);
			break;
		case SCOPE_TRY:
			if (s->final == NULL)
				break;
			/* its finally, where it stands: in the scopes around the try */
			c->scope = s->outer;
			finally_block(c, s->final);
			c->scope = here;
			break;
		case SCOPE_LOOP:
		case SCOPE_EXCEPT:
			break;
		}
	}
	c->da = da;
}

void
compile_leave_done(struct compiler *c, struct scope *upto)
{
	struct scope *s;

	/* what follows the jump is unreachable until the block ends; guard
	 * it again so the stretches stay whole */
	for (s = c->scope; s != NULL && s != upto; s = s->outer)
		if ((s->kind == SCOPE_WITH || s->kind == SCOPE_TRY) && c->file->handlers)
			compile_guard_open(c, s);
}

/* ---- exception classes ---- */

/* The class e names: ValueError, queue.Empty, Empty after `from queue
 * import Empty`; -1 (reported) if it names none. */
static int
exception_class(struct compiler *c, const struct ast_expr *e)
{
	const struct ast_import *im;
	int cls = -1;

	if (e->kind == AST_NAME) {
		im = ast_find_import(c->file, e->u.name);
		if (im != NULL && im->name != NULL)
			cls = lang_exc_in_module(im->module, im->name);
		else if (im == NULL)
			cls = lang_exc_builtin(e->u.name);
		if (cls < 0 && im == NULL)
			cls = lang_exc_own_find(&c->prog->own_exceptions, e->u.name);
		if (cls < 0) {
			int k;

			/* compile_py.c's spelling of queue.Empty() */
			for (k = 0; k < LANG_EXC_COUNT; k++)
				if (strcmp(lang_exc_printed(NULL, k), e->u.name) == 0)
					return k;
		}
	} else if (e->kind == AST_ATTR && e->u.attr.base->kind == AST_NAME) {
		im = ast_find_import(c->file, e->u.attr.base->u.name);
		if (im != NULL && im->name == NULL)
			cls = lang_exc_in_module(im->module, e->u.attr.name);
	}
	return cls;
}

static void
not_a_class(struct compiler *c, const struct ast_expr *e)
{
	compile_error_at(c, e->loc, "this is not an exception class lockstep knows: "
	    "except and raise take Exception, RuntimeError, ValueError, KeyError, "
	    "IndexError, ZeroDivisionError, AssertionError, RecursionError, queue.Empty, "
	    "queue.Full, threading.BrokenBarrierError or a class of the program's own "
	    "derived from one (class QueueClosed(Exception): pass)");
}

/* CLASS(message) or CLASS(): a new exception on the stack. */
static bool
exception_new(struct compiler *c, const struct ast_expr *call, int cls)
{
	const struct ast_arg *a = call->u.call.args;

	if (call->u.call.nargs > 1 || (a != NULL && a->keyword != NULL)) {
		compile_error_at(c, call->loc, "%s() takes one message here",
		    lang_exc_name(&c->prog->own_exceptions, cls));
		return true;
	}
	if (a != NULL) {
		compile_expr(c, a->value);
		/* str() of a KeyError is its key's repr, as CPython has it */
		compile_emit(c, LANG_OP_FORMAT, -1, lang_exc_derives(&c->prog->own_exceptions,
		    cls, LANG_EXC_KEY) ? 'r' : 's', 0,
		    a->value->loc);
	}
	compile_emit(c, LANG_OP_EXC_NEW, cls, a != NULL, 0, call->loc);
	return true;
}

bool
compile_exception_call(struct compiler *c, const struct ast_expr *e)
{
	int cls;

	if (e->kind != AST_CALL || !c->file->handlers)
		return false;
	cls = exception_class(c, e->u.call.callee);
	if (cls < 0)
		return false;
	if (e->u.call.callee->kind == AST_NAME && compile_find_function(c,
	    e->u.call.callee->u.name) >= 0)
		return false;	/* a def of the same name */
	return exception_new(c, e, cls);
}

/* ---- the program's own classes ---- */

/* A class an except clause can name: no methods, no attributes, a body
 * of pass or a docstring.  CPython would run __init__ or __str__ of its
 * own, which lockstep's exceptions (a text: exceptions.h) do not keep. */
static bool
plain_exception_class(struct compiler *c, const struct ast_class *k, int base)
{
	if (k->methods != NULL || k->constants != NULL) {
		compile_error_at(c, k->methods != NULL ? k->methods->name_loc :
		    k->constants->name_loc, "an exception class of the program's own holds "
		    "only pass (or a docstring) here: lockstep keeps an exception's class and "
		    "message, so give the message when raising it: raise %s(\"why\")",
		    k->name);
		return false;
	}
	if (lang_exc_derives(&c->prog->own_exceptions, base, LANG_EXC_KEY)) {
		/* its str() is its message's repr, which the repr of the
		 * instance (model/values.c) would quote twice */
		compile_error_at(c, k->base->loc, "deriving an exception class from KeyError "
		    "is not supported; derive it from LookupError");
		return false;
	}
	if (lang_exc_builtin(k->name) >= 0 ||
	    lang_exc_own_find(&c->prog->own_exceptions, k->name) >= 0) {
		compile_error_at(c, k->loc, "class %s is an exception class already; give "
		    "yours another name", k->name);
		return false;
	}
	return true;
}

void
compile_python_exception_classes(struct compiler *c)
{
	struct ast_class **at = &c->file->classes, *k;
	int base;

	while ((k = *at) != NULL) {
		base = k->base != NULL ? exception_class(c, k->base) : -1;
		if (base < 0) {
			at = &k->next;
			continue;
		}
		if (!plain_exception_class(c, k, base))
			return;
		lang_exc_own_add(&c->prog->own_exceptions, k->name, base);
		/* not a class compile_class.c makes instances of */
		*at = k->next;
	}
}

/* ---- raise ---- */

void
compile_emit_raise(struct compiler *c, int cls, const char *message, struct lang_loc loc)
{
	compile_emit(c, LANG_OP_PUSH_STR, compile_intern_string(c, message, strlen(message)), 0,
	    0, loc);
	compile_emit(c, LANG_OP_EXC_NEW, cls, 1, 0, loc);
	compile_emit(c, LANG_OP_THROW, 0, 0, 0, loc);
}

/* `raise X from NAME`: NAME must be the exception an except clause
 * around caught, so that the cause is the exception being handled where
 * the raise runs, which the report of an uncaught X prints as its "direct
 * cause" (model/verdict.c; THROW's operand says which section).  A
 * catcher sees X alone, as in CPython but for __cause__. */
static bool
cause_is_caught(struct compiler *c, const struct ast_stmt *st, int *slot)
{
	const struct scope *s;

	*slot = -1;
	if (st->cause == NULL || strcmp(st->cause, "None") == 0)
		return true;
	for (s = c->scope; s != NULL; s = s->outer)
		if (s->kind == SCOPE_EXCEPT && s->exc_name != NULL &&
		    strcmp(s->exc_name, st->cause) == 0) {
			*slot = s->exc_slot;
			return true;
		}
	compile_error_at(c, st->cause_loc, "the cause of 'raise ... from' is the exception an "
	    "except clause caught (except E as %s:, not assigned in the clause) or None "
	    "here", st->cause);
	return false;
}

void
compile_raise(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *e = st->u.exc;
	const struct scope *s;
	int cls, cause;

	if (!cause_is_caught(c, st, &cause))
		return;
	if (e == NULL) {
		for (s = c->scope; s != NULL && s->kind != SCOPE_EXCEPT; s = s->outer)
			;
		if (s != NULL)
			compile_emit(c, LANG_OP_LOAD_LOCAL, s->exc_slot, 0, 0, st->loc);
		else if (c->file->python)	/* a caller's, found as it runs */
			compile_emit(c, LANG_OP_EXC_HANDLED, 0, 0, 0, st->loc);
		else {
			compile_error_at(c, st->loc, "a bare 'raise' re-raises the exception an "
			    "'except' block handles; here there is none (write raise "
			    "RuntimeError(\"why\"))");
			return;
		}
	} else if (e->kind == AST_CALL && (cls = exception_class(c, e->u.call.callee)) >= 0) {
		exception_new(c, e, cls);
	} else if ((e->kind == AST_NAME || e->kind == AST_ATTR) &&
	    (cls = exception_class(c, e)) >= 0 &&
	    !(e->kind == AST_NAME && compile_find_local(c, e->u.name) >= 0)) {
		compile_emit(c, LANG_OP_EXC_NEW, cls, 0, 0, e->loc);
	} else if (e->kind == AST_NAME) {
		compile_expr(c, e);	/* an exception caught as NAME; else a TypeError */
	} else {
		not_a_class(c, e->kind == AST_CALL ? e->u.call.callee : e);
		return;
	}
	compile_emit(c, LANG_OP_THROW, st->cause == NULL ? LANG_RAISE_CONTEXT :
	    cause < 0 ? LANG_RAISE_NO_CHAIN : LANG_RAISE_CAUSE, cause + 1, 0, st->loc);
	da_fill(&c->da);	/* what follows is unreachable */
}

/* ---- try ---- */

/* The tests of one except clause: jump to the clause's body if the
 * exception in slot is of one of its classes; falls through if not. */
static void
clause_tests(struct compiler *c, const struct ast_handler *h, int slot, struct patches *hit)
{
	const struct ast_expr *t = h->type;
	const struct ast_expr *one = t;
	int n = t->kind == AST_TUPLE ? t->u.list.n : 1, i, cls;

	for (i = 0; i < n; i++) {
		if (t->kind == AST_TUPLE)
			one = t->u.list.items[i];
		cls = exception_class(c, one);
		if (cls < 0) {
			not_a_class(c, one);
			return;
		}
		compile_emit(c, LANG_OP_LOAD_LOCAL, slot, 0, 0, h->loc);
		compile_emit(c, LANG_OP_EXC_MATCH, cls, 0, 0, h->loc);
		compile_patches_add(hit, compile_emit(c, LANG_OP_JUMP_IF_TRUE, 0, 0, 0, h->loc));
	}
}

/* Python deletes `except E as NAME`'s NAME when the clause ends: reading
 * it after is an UnboundLocalError, so it is not assigned on that way out
 * (unless the way out is unreachable: all set, the neutral element). */
static void
unbind_at_clause_end(struct daset *da, int name)
{
	size_t i;

	for (i = 0; i < LANG_MAX_LOCALS / 64; i++)
		if (da->w[i] != UINT64_MAX) {
			da->w[name / 64] &= ~((uint64_t)1 << (name % 64));
			return;
		}
}

/* try's body, its except clauses and else; the normal ends jump to
 * done. */
static void
try_except(struct compiler *c, const struct ast_stmt *st, struct patches *done)
{
	const struct ast_handler *h;
	struct scope guard;
	struct daset before = c->da, after;
	int slot;

	compile_enter_scope(c, &guard, SCOPE_TRY);
	compile_guard_open(c, &guard);
	compile_block(c, st->u.try_.body);
	c->scope = guard.outer;
	compile_guard_stop(c, &guard);
	compile_block(c, st->u.try_.orelse);
	after = c->da;
	compile_patches_add(done, compile_emit(c, LANG_OP_JUMP, 0, 0, 0, st->loc));
	compile_guard_close(c, &guard, (int32_t)c->code->count);
	slot = compile_new_hidden_local(c, st->loc);
	compile_emit(c, LANG_OP_STORE_LOCAL, slot, 0, 0, st->loc);
	for (h = st->u.try_.handlers; h != NULL && !lang_diags_full(c->diags); h = h->next) {
		struct patches hit = { 0 };
		struct scope clause;
		size_t miss = SIZE_MAX, body;
		int name = -1;

		if (h->type != NULL) {
			clause_tests(c, h, slot, &hit);
			miss = compile_emit(c, LANG_OP_JUMP, 0, 0, 0, h->loc);
		}
		compile_patches_resolve(c, &hit, c->code->count);
		c->da = before;
		if (h->name != NULL && (name = compile_find_local(c, h->name)) >= 0) {
			compile_emit(c, LANG_OP_LOAD_LOCAL, slot, 0, 0, h->name_loc);
			compile_emit(c, LANG_OP_STORE_LOCAL, name, 0, 0, h->name_loc);
			da_add(&c->da, name);
		}
		compile_enter_scope(c, &clause, SCOPE_EXCEPT);
		clause.exc_slot = slot;
		if (name >= 0 && compile_assigned_at(h->body, h->name) == 0)
			clause.exc_name = h->name;
		body = c->code->count;
		compile_block(c, h->body);
		handling_row(c, body, slot);
		c->scope = clause.outer;
		if (name >= 0) {
			/* as CPython: NAME is deleted, whatever it held before */
			compile_emit(c, LANG_OP_DELETE_LOCAL, name, 0, 0, h->name_loc);
			unbind_at_clause_end(&c->da, name);
		}
		da_intersect(&after, &c->da);
		compile_patches_add(done, compile_emit(c, LANG_OP_JUMP, 0, 0, 0, h->loc));
		if (miss != SIZE_MAX)
			compile_patch_here(c, miss);
	}
	/* no clause took it: on to the handlers around */
	compile_emit(c, LANG_OP_LOAD_LOCAL, slot, 0, 0, st->loc);
	compile_emit(c, LANG_OP_THROW, 0, 0, 0, st->loc);
	c->da = after;
}

void
compile_try(struct compiler *c, const struct ast_stmt *st)
{
	struct patches done = { 0 };
	struct scope final;
	struct daset before = c->da;
	size_t end;
	int slot;

	if (c->atomic_depth > 0) {
		compile_error_at(c, st->loc, "'try' inside 'atomic:' is not supported");
		return;
	}
	if (st->u.try_.final != NULL && c->finally_depth == LANG_MAX_FINALLY_DEPTH) {
		compile_error_at(c, st->loc, "a 'try' with 'finally' inside more than %d "
		    "finally blocks, one in another; move the inner ones into a function",
		    LANG_MAX_FINALLY_DEPTH);
		return;
	}
	if (st->u.try_.final == NULL) {
		try_except(c, st, &done);
		compile_patches_resolve(c, &done, c->code->count);
		return;
	}
	compile_enter_scope(c, &final, SCOPE_TRY);
	final.final = st->u.try_.final;
	compile_guard_open(c, &final);
	if (st->u.try_.handlers != NULL) {
		try_except(c, st, &done);
		compile_patches_resolve(c, &done, c->code->count);
	} else {
		compile_block(c, st->u.try_.body);
	}
	c->scope = final.outer;
	compile_guard_stop(c, &final);
	/* the normal way out (and the except clauses'), then the handler */
	finally_block(c, st->u.try_.final);
	end = compile_emit(c, LANG_OP_JUMP, 0, 0, 0, st->loc);
	compile_guard_close(c, &final, (int32_t)c->code->count);
	{
		struct daset after = c->da;
		size_t body;

		c->da = before;

		slot = compile_new_hidden_local(c, st->loc);
		compile_emit(c, LANG_OP_STORE_LOCAL, slot, 0, 0, st->loc);
		body = c->code->count;
		finally_block(c, st->u.try_.final);
		handling_row(c, body, slot);
		compile_emit(c, LANG_OP_LOAD_LOCAL, slot, 0, 0, st->loc);
		compile_emit(c, LANG_OP_THROW, 0, 0, 0, st->loc);
		c->da = after;
	}
	compile_patch_here(c, end);
}
