/* compile_expr.c - pass 3 for expressions: instruction emission, names,
 * primitive calls. */
#include "config.h"

#include "lang/compiler.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/exceptions.h"
#include "lang/limits.h"
#include "util/xalloc.h"

/* ---- pass 3: code ---- */

size_t
compile_emit(struct compiler *c, enum lang_opcode op, int32_t a, int32_t b, unsigned flags,
    struct lang_loc loc)
{
	struct lang_code *code = c->code;
	struct lang_insn *in;

	if (code->count == LANG_MAX_INSNS) {
		if (!c->too_many_insns)
			compile_error_at(c, loc,
			    "this thread compiles to more than %d instructions",
			    LANG_MAX_INSNS);
		c->too_many_insns = true;
		return code->count - 1;
	}
	code->insns = xgrow(code->insns, &c->code_cap, code->count + 1, sizeof(*in));
	in = &code->insns[code->count];
	memset(in, 0, sizeof(*in));
	in->op = (uint8_t)op;
	in->flags = (uint8_t)flags;
	in->a = a;
	in->b = b;
	in->loc = loc;
	return code->count++;
}

void
compile_emit_int(struct compiler *c, int64_t v, struct lang_loc loc)
{
	compile_emit(c, LANG_OP_PUSH_INT, (int32_t)(uint32_t)((uint64_t)v & 0xffffffffu),
	    (int32_t)(uint32_t)((uint64_t)v >> 32), 0, loc);
}

void
compile_patch_here(struct compiler *c, size_t at)
{
	if (at < c->code->count)
		c->code->insns[at].a = (int32_t)c->code->count;
}

void
compile_patches_add(struct patches *p, size_t at)
{
	p->at = xgrow(p->at, &p->cap, p->count + 1, sizeof(*p->at));
	p->at[p->count++] = at;
}

void
compile_patches_resolve(struct compiler *c, struct patches *p, size_t target)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (p->at[i] < c->code->count)
			c->code->insns[p->at[i]].a = (int32_t)target;
	free(p->at);
	memset(p, 0, sizeof(*p));
}


static void
record_expect_name(struct compiler *c, int shared)
{
	struct lang_expect *x = c->expect;
	size_t i;

	for (i = 0; i < x->nnames; i++)
		if (x->names[i] == shared)
			return;
	x->names = xrealloc(x->names, (x->nnames + 1) * sizeof(int));
	x->names[x->nnames++] = shared;
}

/* Whether a read at loc of local l that some path reaches unassigned is
 * Python's: in a .py file, a name assigned before the read in the text
 * (the loop variable after its loop, a name one branch of an if sets) holds
 * a value on the paths that assigned it, and LOAD_LOCAL raises CPython's
 * UnboundLocalError or NameError on the others (model/eval.c), as CPython
 * does; a .race file keeps definite assignment, a rule scenarios teach. */
static bool
may_be_assigned(const struct compiler *c, int l, struct lang_loc loc)
{
	struct lang_loc first = c->locals[l].first_assignment;

	return c->file->python && !c->locals[l].hidden &&
	    strchr(c->locals[l].name, '.') == NULL &&
	    (first.line < loc.line || (first.line == loc.line && first.col < loc.col));
}

/* A read of local l, checked for definite assignment. */
static void
load_local(struct compiler *c, const struct ast_expr *e, int l)
{
	const char *name = e->u.name;

	if (!da_has(&c->da, l) && !may_be_assigned(c, l, e->loc)) {
		struct lang_loc first = c->locals[l].first_assignment;

		if (c->func >= 0 && compile_find_shared(c, name) >= 0) {
			/* Python's UnboundLocalError, caught before it runs */
			compile_error_at(c, e->loc, "'%s' is local in %s() because the function "
			    "assigns it, and it is read here before it is assigned", name,
			    c->prog->functions[c->func].name);
			compile_note_at(c, c->prog->functions[c->func].loc, "to use the shared "
			    "'%s', write 'global %s' at the top of the function", name, name);
		} else if (first.line == e->loc.line && first.col == e->loc.col) {
			/* `x += 1` as the only assignment: most likely a typo */
			compile_unknown_name(c, name, e->loc);
		} else if (strchr(name, '.') != NULL) {
			/* a threading.local()'s attribute (compile_local.c) */
			compile_error_at(c, e->loc, "AttributeError: '%s' may be read before "
			    "this thread sets it; lockstep reads a threading.local()'s "
			    "attribute once every path to the read has set it", name);
			compile_note_at(c, first, "'%s' is set here", name);
		} else {
			compile_error_at(c, e->loc, "'%s' is read before it is assigned "
			    "(a %s name starts with no value)", name, c->func >= 0 ?
			    "function's local" : "thread-local");
			compile_note_at(c, first, "'%s' is assigned here", name);
		}
		da_add(&c->da, l);	/* report once */
	}
	compile_emit(c, LANG_OP_LOAD_LOCAL, l, 0, 0, e->loc);
}

void
compile_name(struct compiler *c, const struct ast_expr *e)
{
	const char *name = e->u.name;
	int s = compile_find_shared(c, name), l, g;

	/* in a def, a local shadows the top-level name */
	if (c->func >= 0 && (l = compile_find_local(c, name)) >= 0) {
		load_local(c, e, l);
		return;
	}

	if (compile_is_tid(c, name)) {
		if (c->ctx == CTX_EXPECT)
			compile_error_at(c, e->loc, "'tid' has no value in %s %s; "
			    "%s sees only shared variables", c->expect_word[0] == 'e' ?
			    "an" : "a", c->expect_word, c->expect_word);
		compile_emit(c, LANG_OP_PUSH_TID, 0, 0, 0, e->loc);
		return;
	}
	if (s >= 0) {
		const struct lang_shared *sh = &c->prog->shared[s];

		if (sh->kind == LANG_SHARED_SCALAR) {
			if (c->ctx == CTX_EXPECT)
				record_expect_name(c, s);
			compile_emit(c, LANG_OP_LOAD, s, 0, 0, e->loc);
		} else if (sh->kind == LANG_SHARED_ARRAY) {
			compile_error_at(c, e->loc, "'%s' is an array; read one element: %s[i]",
			    name, name);
		} else {
			compile_error_at(c, e->loc, "'%s' is %s %s; use one of its methods",
			    name, compile_article(compile_shared_kind_name(sh)),
			    compile_shared_kind_name(sh));
		}
		return;
	}
	if (c->ctx == CTX_THREAD && (l = compile_find_local(c, name)) >= 0) {
		load_local(c, e, l);
		return;
	}
	if (compile_find_function(c, name) >= 0) {
		compile_error_at(c, e->loc, "'%s' is a function; call it: %s()", name, name);
		return;
	}
	if ((g = compile_find_group(c, name)) >= 0) {
		compile_error_at(c, e->loc, "'%s' is a thread; use %s.start() or %s.join()",
		    name, name, name);
		return;
	}
	if (compile_is_builtin_function(c, name) ||
	    lang_prim_by_name(name, (unsigned)strlen(name)) >= 0) {
		compile_error_at(c, e->loc, "'%s' is a function; call it", name);
		return;
	}
	if (c->ctx == CTX_EXPECT && (g = compile_group_with_local(c, name)) >= 0) {
		compile_error_at(c, e->loc, "%s can only name shared variables; "
		    "'%s' is a local of thread %s", c->expect_word, name,
		    c->prog->groups[g].name);
		return;
	}
	compile_unknown_name(c, name, e->loc);
}

/* Resolve NAME or NAME[i] naming a primitive; errors if it is not one. */
bool
compile_resolve_prim(struct compiler *c, const struct ast_expr *e, struct prim_ref *ref)
{
	const struct ast_expr *base = e->kind == AST_INDEX ? e->u.index.base : e;
	const struct lang_shared *sh;

	memset(ref, 0, sizeof(*ref));
	if (base->kind != AST_NAME) {
		compile_error_at(c, e->loc, "expected a primitive (a Lock, Queue, ...) here");
		return false;
	}
	ref->shared = compile_find_shared(c, base->u.name);
	if (c->func >= 0 && compile_find_local(c, base->u.name) >= 0) {
		/* a def's local shadows the shared name; locals are values */
		compile_error_at(c, base->loc, "'%s' is a local of %s(), not a primitive; a "
		    "function names a shared primitive itself (passing one as an argument "
		    "is not supported)", base->u.name, c->prog->functions[c->func].name);
		return false;
	}
	if (ref->shared < 0) {
		if (compile_find_local(c, base->u.name) >= 0 ||
		    compile_find_group(c, base->u.name) >= 0)
			compile_error_at(c, base->loc, "'%s' is not a primitive", base->u.name);
		else
			compile_unknown_name(c, base->u.name, base->loc);
		return false;
	}
	sh = &c->prog->shared[ref->shared];
	if (sh->kind != LANG_SHARED_PRIM && sh->kind != LANG_SHARED_PRIM_ARRAY) {
		compile_error_at(c, base->loc, "'%s' is %s, not a primitive", sh->name,
		    compile_shared_kind_name(sh));
		compile_note_at(c, sh->loc, "'%s' is declared here", sh->name);
		return false;
	}
	if (sh->kind == LANG_SHARED_PRIM_ARRAY && e->kind != AST_INDEX) {
		compile_error_at(c, e->loc, "'%s' is an array of %ss; pick one: %s[i]",
		    sh->name, lang_prim_info(sh->prim)->name, sh->name);
		return false;
	}
	if (sh->kind == LANG_SHARED_PRIM && e->kind == AST_INDEX) {
		compile_error_at(c, e->loc, "'%s' is one %s, not an array", sh->name,
		    lang_prim_info(sh->prim)->name);
		return false;
	}
	if (e->kind == AST_INDEX) {
		ref->indexed = true;
		ref->index_expr = e->u.index.index;
		if (e->u.index.index->kind == AST_INT) {
			ref->const_index = true;
			ref->index = e->u.index.index->u.ival;
			if (ref->index >= sh->length) {
				compile_error_at(c, e->u.index.index->loc,
				    "IndexError: index %lld is out of range for '%s' (size %d)",
				    (long long)ref->index, sh->name, sh->length);
				return false;
			}
		}
	}
	return true;
}

/* Push a primitive's element index (no-op for a plain primitive). */
static void
push_prim_index(struct compiler *c, const struct prim_ref *ref, int slot,
    struct lang_loc loc)
{
	if (!ref->indexed)
		return;
	if (slot >= 0)
		compile_emit(c, LANG_OP_LOAD_LOCAL, slot, 0, 0, loc);
	else if (ref->const_index)
		compile_emit_int(c, ref->index, loc);
	else
		compile_expr(c, ref->index_expr);
}

/* For a primitive used more than once (with, two-step methods): the local
 * slot that holds its evaluated index, or -1 if the index is constant. */
int
compile_hold_prim_index(struct compiler *c, const struct prim_ref *ref, struct lang_loc loc)
{
	int slot;

	if (!ref->indexed || ref->const_index)
		return -1;
	compile_expr(c, ref->index_expr);
	slot = compile_new_hidden_local(c, loc);
	compile_emit(c, LANG_OP_STORE_LOCAL, slot, 0, 0, loc);
	return slot;
}

void
compile_emit_call(struct compiler *c, const struct prim_ref *ref, int slot,
    enum lang_method m, int argc, bool want_result, struct lang_loc loc)
{
	size_t at;

	push_prim_index(c, ref, slot, loc);
	at = compile_emit(c, LANG_OP_CALL, ref->shared, (int32_t)m,
	    (ref->indexed ? LANG_IF_INDEXED : 0) | (want_result ? LANG_IF_RESULT : 0), loc);
	c->code->insns[at].argc = (uint16_t)argc;
}

bool
compile_check_blocking_allowed(struct compiler *c, const char *what, struct lang_loc loc)
{
	if (c->atomic_depth == 0)
		return true;
	compile_error_at(c, loc, "%s%s can block; blocking operations are not allowed inside "
	    "'atomic:'", what, strchr(what, '(') != NULL || strchr(what, '\'') != NULL ? "" : "()");
	return false;
}

static void compile_wait_predicate(struct compiler *c, const struct ast_expr *pred);

/* How the barrier ref names was made (its timeout, for a wait() that
 * gives none, and its action).  The barriers of a list reached by a
 * computed index must agree; false after the diagnostic if not. */
static bool
barrier_made(struct compiler *c, const struct prim_ref *ref, struct lang_loc loc,
    const struct lang_prim_init **init)
{
	const struct lang_shared *sh = &c->prog->shared[ref->shared];
	const struct lang_prim_init *pi = &sh->prim_init[ref->indexed && ref->const_index ?
	    ref->index : 0];
	int i;

	for (i = 1; ref->indexed && !ref->const_index && i < sh->length; i++)
		if (sh->prim_init[i].timed != pi->timed ||
		    sh->prim_init[i].timeout_ms != pi->timeout_ms ||
		    sh->prim_init[i].action != pi->action) {
			compile_error_at(c, loc, "the barriers of '%s' were made with different "
			    "timeouts or actions: give each its own name", sh->name);
			return false;
		}
	*init = pi;
	return true;
}

/* The arrive of a wait() at a barrier with an action, and CPython's
 * _release: the last party calls the action, holding the barrier, then
 * releases the others; if the action raises, it breaks the barrier and
 * the exception goes on (a handler row over the call alone). */
static bool
barrier_arrive_with_action(struct compiler *c, const struct prim_ref *ref, int slot,
    int action, struct lang_loc loc)
{
	const char *name = c->prog->strings[action];
	int fi = compile_find_function(c, name), held;
	size_t skip, call, done;
	struct lang_handler *h;

	if (fi < 0 || c->prog->functions[fi].nparams != 0) {
		compile_error_at(c, loc, "the Barrier's action '%s' must be a function of the "
		    "program that takes no arguments (def %s(): ...)", name, name);
		return false;
	}
	compile_emit(c, LANG_OP_PUSH_BOOL, 1, 0, 0, loc);
	compile_emit_call(c, ref, slot, LANG_M_BARRIER_ARRIVE, 1, true, loc);
	skip = compile_emit(c, LANG_OP_JUMP_IF_FALSE, 0, 0, 0, loc);
	call = compile_emit(c, LANG_OP_CALL_FUNCTION, fi, 0, 0, loc);
	c->code->insns[call].argc = 0;
	compile_emit(c, LANG_OP_PUSH_BOOL, 1, 0, 0, loc);
	compile_emit_call(c, ref, slot, LANG_M_BARRIER_RELEASE, 1, false, loc);
	done = compile_emit(c, LANG_OP_JUMP, 0, 0, 0, loc);
	c->code->handlers = xrealloc(c->code->handlers, (c->code->nhandlers + 1) *
	    sizeof(*c->code->handlers));
	h = &c->code->handlers[c->code->nhandlers++];
	h->start = (int32_t)call;
	h->end = (int32_t)call + 1;
	h->target = (int32_t)c->code->count;
	h->depth = -1;		/* wherever the wait() is: lang_code_check_stack */
	held = compile_new_hidden_local(c, loc);
	compile_emit(c, LANG_OP_STORE_LOCAL, held, 0, 0, loc);
	compile_emit(c, LANG_OP_PUSH_BOOL, 0, 0, 0, loc);
	compile_emit_call(c, ref, slot, LANG_M_BARRIER_RELEASE, 1, false, loc);
	compile_emit(c, LANG_OP_LOAD_LOCAL, held, 0, 0, loc);
	compile_emit(c, LANG_OP_THROW, 0, 0, 0, loc);
	compile_patch_here(c, skip);
	compile_patch_here(c, done);
	return true;
}

/* The calls that take a timeout: acquire(blocking, timeout), wait(timeout),
 * wait_for(predicate, timeout), Event.wait(timeout), get(block, timeout)
 * and put(item, block, timeout) (compile_timeout.c).  False if m is none
 * of them. */
static bool
compile_timed_call(struct compiler *c, const struct ast_expr *call, const struct prim_ref *ref,
    enum lang_method m, bool want_result)
{
	static const char *const acquire_params[] = { "blocking", "timeout" };
	static const char *const wait_params[] = { "timeout" };
	static const char *const wait_for_params[] = { "predicate", "timeout" };
	static const char *const get_params[] = { "block", "timeout" };
	static const char *const put_params[] = { "item", "block", "timeout" };
	const struct ast_expr *attr = call->u.call.callee, *arg[3] = { NULL, NULL, NULL };
	const char *name = attr->u.attr.name;
	struct lang_loc loc = attr->loc;
	enum compile_wait w = COMPILE_WAIT_FOREVER;
	const struct lang_prim_init *init = NULL;
	const char *overflow;
	int slot;
	size_t top, done;

	switch (m) {
	case LANG_M_ACQUIRE:
		if (compile_bind_args(c, call, name, acquire_params, 2, arg) < 0)
			return true;
		overflow = compile_timeout_overflow(c, arg[1]);
		if (overflow != NULL && c->prog->shared[ref->shared].prim != LANG_PRIM_SEMAPHORE &&
		    c->prog->shared[ref->shared].prim != LANG_PRIM_BSEMAPHORE && (arg[0] == NULL ||
		    arg[0]->kind != AST_BOOL || arg[0]->u.ival != 0)) {
			/* CPython's lock reads the timeout before anything else */
			compile_emit_raise(c, LANG_EXC_OVERFLOW, overflow, arg[1]->loc);
			return true;
		}
		w = compile_timeout(c, arg[0], arg[1], COMPILE_TIMEOUT_ACQUIRE);
		if (w == COMPILE_WAIT_ERROR || (w != COMPILE_WAIT_NOT &&
		    !compile_check_blocking_allowed(c, name, loc)))
			return true;
		compile_emit_call(c, ref, -1, w == COMPILE_WAIT_NOT ? LANG_M_TRY_ACQUIRE : m, 0,
		    want_result, loc);
		break;
	case LANG_M_EVENT_WAIT:
		if (compile_bind_args(c, call, name, wait_params, 1, arg) < 0)
			return true;
		if (!compile_check_blocking_allowed(c, name, loc))
			return true;
		overflow = compile_timeout_overflow(c, arg[0]);
		if (overflow != NULL) {
			/* CPython's Event reads its flag, and only a wait that
			 * would wait meets the clock's limit */
			compile_emit_call(c, ref, -1, LANG_M_IS_SET, 0, true, loc);
			compile_emit(c, LANG_OP_DUP, 0, 0, 0, loc);
			done = compile_emit(c, LANG_OP_JUMP_IF_TRUE, 0, 0, 0, loc);
			compile_emit(c, LANG_OP_POP, 0, 0, 0, loc);
			compile_emit_raise(c, LANG_EXC_OVERFLOW, overflow, arg[0]->loc);
			compile_patch_here(c, done);
			if (!want_result)
				compile_emit(c, LANG_OP_POP, 0, 0, 0, loc);
			return true;
		}
		w = compile_timeout(c, NULL, arg[0], COMPILE_TIMEOUT_WAIT);
		if (w == COMPILE_WAIT_ERROR)
			return true;
		compile_emit_call(c, ref, -1, m, 0, want_result, loc);
		break;
	case LANG_M_WAIT:
		if (compile_bind_args(c, call, name, wait_params, 1, arg) < 0)
			return true;
		if (!compile_check_blocking_allowed(c, name, loc))
			return true;
		slot = compile_hold_prim_index(c, ref, loc);
		w = compile_timeout(c, NULL, arg[0], COMPILE_TIMEOUT_WAIT);
		if (w == COMPILE_WAIT_ERROR)
			return true;
		compile_emit_call(c, ref, slot, LANG_M_WAIT, 0, false, loc);
		compile_emit_call(c, ref, slot, LANG_M_WAIT_REACQUIRE, 0,
		    want_result && w == COMPILE_WAIT_TIMED, loc);
		if (want_result && w != COMPILE_WAIT_TIMED)
			compile_emit(c, LANG_OP_PUSH_BOOL, 1, 0, 0, loc);
		break;
	case LANG_M_WAIT_FOR:
		if (compile_bind_args(c, call, name, wait_for_params, 2, arg) < 0)
			return true;
		if (arg[0] == NULL) {
			compile_error_at(c, loc, "wait_for() takes 1 argument, 0 given");
			return true;
		}
		if (arg[1] == NULL || arg[1]->kind == AST_NONE)
			return false;	/* the untimed loop */
		if (!compile_check_blocking_allowed(c, name, loc))
			return true;
		/* CPython's loop: the predicate, then a wait while it is false;
		 * after a wait that timed out, the predicate once more is the
		 * result */
		slot = compile_hold_prim_index(c, ref, loc);
		top = c->code->count;
		compile_wait_predicate(c, arg[0]);
		done = compile_emit(c, LANG_OP_JUMP_IF_TRUE_OR_POP, 0, 0, 0, loc);
		compile_emit_call(c, ref, slot, LANG_M_WAIT, 0, false, loc);
		w = compile_timeout(c, NULL, arg[1], COMPILE_TIMEOUT_WAIT);
		if (w == COMPILE_WAIT_ERROR)
			return true;
		compile_emit_call(c, ref, slot, LANG_M_WAIT_REACQUIRE, 0, true, loc);
		compile_mark_timed(c);
		compile_emit(c, LANG_OP_JUMP_IF_TRUE, (int32_t)top, 0, 0, loc);
		compile_wait_predicate(c, arg[0]);
		compile_patch_here(c, done);
		if (!want_result)
			compile_emit(c, LANG_OP_POP, 0, 0, 0, loc);
		return true;
	case LANG_M_GET:
	case LANG_M_PUT:
		if (compile_bind_args(c, call, name, m == LANG_M_GET ? get_params : put_params,
		    m == LANG_M_GET ? 2 : 3, arg) < 0)
			return true;
		if (m == LANG_M_PUT && arg[0] == NULL) {
			compile_error_at(c, loc, "put() takes 1 argument, 0 given");
			return true;
		}
		if (m == LANG_M_PUT)
			compile_expr(c, arg[0]);
		w = compile_timeout(c, arg[m == LANG_M_PUT], arg[1 + (m == LANG_M_PUT)],
		    COMPILE_TIMEOUT_QUEUE);
		if (w == COMPILE_WAIT_ERROR || !compile_check_blocking_allowed(c, name, loc))
			return true;
		compile_emit_call(c, ref, -1, m, m == LANG_M_PUT, want_result, loc);
		break;
	case LANG_M_BARRIER_ARRIVE:
		if (compile_bind_args(c, call, name, wait_params, 1, arg) < 0)
			return true;
		if (arg[0] != NULL && arg[0]->kind == AST_NONE)
			arg[0] = NULL;	/* CPython's: the barrier's own timeout */
		if (!barrier_made(c, ref, loc, &init))
			return true;
		if (!compile_check_blocking_allowed(c, name, loc))
			return true;
		/* only the pass waits for all parties; the arrive waits, untimed
		 * as CPython's _enter, for the last round to drain */
		slot = compile_hold_prim_index(c, ref, loc);
		if (init->action < 0)
			compile_emit_call(c, ref, slot, LANG_M_BARRIER_ARRIVE, 0, false, loc);
		else if (!barrier_arrive_with_action(c, ref, slot, init->action, loc))
			return true;
		if (arg[0] == NULL && init->timed) {
			compile_emit_int(c, init->timeout_ms, loc);
			w = COMPILE_WAIT_TIMED;
		} else if (arg[0] != NULL) {
			w = compile_timeout(c, NULL, arg[0], COMPILE_TIMEOUT_WAIT);
			if (w == COMPILE_WAIT_ERROR)
				return true;
		}
		compile_emit_call(c, ref, slot, LANG_M_BARRIER_PASS, 0, want_result, loc);
		break;
	LANG_CASES_UNTIMED_METHODS
	case LANG_M_BARRIER_PASS:
	case LANG_M_WAIT_REACQUIRE:
	case LANG_M_COUNT:
		return false;
	}
	if (w == COMPILE_WAIT_TIMED)
		compile_mark_timed(c);
	return true;
}

/* q.get(block=B) or q.put(item, block=B) (B also positional): with B
 * False, get_nowait() or put_nowait().  1 if compiled here, 0 if the call
 * has no block argument, -1 after an error. */
static int
queue_block_variant(struct compiler *c, const struct ast_expr *call, const struct prim_ref *ref,
    enum lang_method m, bool want_result)
{
	const struct ast_arg *a, *item = NULL, *block = NULL;
	int positional = 0, items = m == LANG_M_PUT ? 1 : 0;

	for (a = call->u.call.args; a != NULL; a = a->next) {
		if (a->keyword != NULL && strcmp(a->keyword, "block") == 0)
			block = a;
		else if (a->keyword != NULL)
			return 0;	/* the caller's message names it */
		else if (positional++ < items)
			item = a;
		else
			block = a;
	}
	if (block == NULL || (block->keyword == NULL && block->value->kind != AST_BOOL))
		return 0;	/* q.get(1): the caller says get() takes no argument */
	if (block->value->kind != AST_BOOL) {
		compile_error_at(c, block->value->loc, "block= must be True or False");
		return -1;
	}
	if (positional > items + (block->keyword == NULL) || (items > 0 && item == NULL)) {
		compile_error_at(c, call->loc, "%s() takes %s and block= here",
		    lang_method_info(m)->name, items ? "one item" : "no other argument");
		return -1;
	}
	if (want_result && m == LANG_M_PUT) {
		compile_error_at(c, call->loc, "put() returns no value");
		return -1;
	}
	if (block->value->u.ival && !compile_check_blocking_allowed(c,
	    lang_method_info(m)->name, call->loc))
		return -1;
	if (!block->value->u.ival)
		m = m == LANG_M_GET ? LANG_M_GET_NOWAIT : LANG_M_PUT_NOWAIT;
	if (item != NULL)
		compile_expr(c, item->value);
	compile_emit_call(c, ref, -1, m, items, want_result, call->loc);
	return 1;
}

/* The group a thread's method is called on: compile_threads.c names
 * MainThread "$main", a name no program can write. */
static int
thread_group_named(const struct compiler *c, const char *name)
{
	return strcmp(name, "$main") == 0 ? c->prog->main_group : compile_find_group(c, name);
}

/* threading.current_thread().name, which compile_threads.c has made the
 * call $thread_name(): the running thread's, so every thread's name is a
 * string of the program. */
static void
compile_thread_name(struct compiler *c, struct lang_loc loc)
{
	size_t t;

	if (!c->thread_names_interned)
		for (t = 0; t < c->prog->nthreads; t++)
			c->prog->threads[t].name_str = compile_intern_string(c,
			    c->prog->threads[t].name, strlen(c->prog->threads[t].name));
	c->thread_names_interned = true;
	compile_emit(c, LANG_OP_PUSH_THREAD_NAME, 0, 0, 0, loc);
}

static void
compile_thread_call(struct compiler *c, const struct ast_expr *call, bool want_result)
{
	const struct ast_expr *attr = call->u.call.callee;
	const struct ast_expr *target = attr->u.attr.base;
	const struct ast_expr *base = target->kind == AST_INDEX ? target->u.index.base : target;
	int g = thread_group_named(c, base->u.name);
	const struct lang_group *grp = &c->prog->groups[g];
	const char *method = attr->u.attr.name;
	bool start = strcmp(method, "start") == 0;
	enum compile_wait timed = COMPILE_WAIT_FOREVER;
	bool alive = c->file->python && strcmp(method, "is_alive") == 0;

	if (!start && !alive && strcmp(method, "join") != 0) {
		compile_error_at(c, attr->loc, "a thread has start() and join(), not %s()", method);
		return;
	}
	if (want_result && !alive) {
		compile_error_at(c, attr->loc, "%s() returns no value", method);
		return;
	}
	if (call->u.call.nargs != 0 && (start || alive)) {
		compile_error_at(c, call->u.call.args->value->loc,
		    "%s() takes no arguments", method);
		return;
	}
	/* a Python program joins MainThread through threading.current_thread()
	 * or main_thread() (compile_threads.c): from main itself, a RuntimeError */
	if (grp->is_main && (start || alive || !c->file->python)) {
		compile_error_at(c, base->loc, "main cannot be started or joined");
		return;
	}
	if (start && c->prog->main_group < 0) {
		compile_error_at(c, attr->loc, "start() needs a 'main:' block; without one every "
		    "thread starts at once");
		return;
	}
	if (grp->is_array != (target->kind == AST_INDEX)) {
		if (grp->is_array)
			compile_error_at(c, target->loc, "'%s' is a group of %d threads; %s one of "
			    "them: %s[i].%s()", grp->name, grp->count, method, grp->name, method);
		else
			compile_error_at(c, target->loc, "'%s' is one thread, not a group",
			    grp->name);
		return;
	}
	if (c->atomic_depth > 0) {
		compile_error_at(c, attr->loc, "%s() is not allowed inside 'atomic:'", method);
		return;
	}
	if (!start && !alive) {
		static const char *const join_params[] = { "timeout" };
		const struct ast_expr *timeout;

		if (compile_bind_args(c, call, method, join_params, 1, &timeout) < 0)
			return;
		timed = compile_timeout(c, NULL, timeout, COMPILE_TIMEOUT_WAIT);
		if (timed == COMPILE_WAIT_ERROR)
			return;
	}
	if (target->kind == AST_INDEX) {
		struct lang_value v;

		if (target->u.index.index->kind == AST_INT &&
		    compile_const_eval(c, target->u.index.index, &v) &&
		    (v.i < 0 || v.i >= grp->count)) {
			compile_error_at(c, target->u.index.index->loc,
			    "IndexError: thread group '%s' has threads 0 to %d", grp->name,
			    grp->count - 1);
			return;
		}
		compile_expr(c, target->u.index.index);
	}
	compile_emit(c, start ? LANG_OP_START : alive ? LANG_OP_IS_ALIVE : LANG_OP_JOIN, g, 0,
	    (target->kind == AST_INDEX ? LANG_IF_INDEXED : 0) |
	    (timed == COMPILE_WAIT_TIMED ? LANG_IF_TIMED : 0), attr->loc);
	if (alive && !want_result)
		compile_emit(c, LANG_OP_POP, 0, 0, 0, attr->loc);
}

/* wait_for's predicate, its value pushed. */
static void
compile_wait_predicate(struct compiler *c, const struct ast_expr *pred)
{
	int fi = pred->kind == AST_NAME ? compile_find_function(c, pred->u.name) : -1;

	if (fi >= 0 && compile_find_local(c, pred->u.name) < 0) {
		/* wait_for(ready), ready a def: Python calls it each time */
		struct ast_expr call;

		memset(&call, 0, sizeof(call));
		call.kind = AST_CALL;
		call.loc = pred->loc;
		call.u.call.callee = (struct ast_expr *)pred;	/* only read */
		compile_function_call(c, &call, fi, true);
	} else {
		compile_expr(c, pred);
	}
}

static void
compile_wait_for(struct compiler *c, const struct prim_ref *ref, const struct ast_expr *pred,
    struct lang_loc loc)
{
	int slot = compile_hold_prim_index(c, ref, loc);
	size_t top = c->code->count, exit_jump;

	compile_wait_predicate(c, pred);
	exit_jump = compile_emit(c, LANG_OP_JUMP_IF_TRUE, 0, 0, 0, loc);
	compile_emit_call(c, ref, slot, LANG_M_WAIT, 0, false, loc);
	compile_emit_call(c, ref, slot, LANG_M_WAIT_REACQUIRE, 0, false, loc);
	compile_emit(c, LANG_OP_JUMP, (int32_t)top, 0, 0, loc);
	compile_patch_here(c, exit_jump);
}

/* Whether NAME or NAME[i] (a method call's target) names a primitive, or
 * is to be reported as not being one; otherwise it is a value: a list. */
static bool
names_primitive(struct compiler *c, const struct ast_expr *target, const char *method)
{
	const struct ast_expr *base = target->kind == AST_INDEX ? target->u.index.base : target;
	const char *name;
	int s;

	if (base->kind != AST_NAME)
		return false;
	name = base->u.name;
	s = compile_find_shared(c, name);
	if (s >= 0 && c->prog->shared[s].object != LANG_OBJ_NONE && target == base)
		return false;
	if (strcmp(method, "append") != 0 && strcmp(method, "pop") != 0 &&
	    strcmp(method, "insert") != 0 && strcmp(method, "remove") != 0 &&
	    strcmp(method, "get") != 0)
		return true;
	if (s >= 0)
		return c->prog->shared[s].kind == LANG_SHARED_PRIM ||
		    c->prog->shared[s].kind == LANG_SHARED_PRIM_ARRAY;
	return compile_find_local(c, name) < 0;
}

/* b.broken: compile_expr reads a primitive's attribute as a call that spans
 * the attribute alone.  (A call the compiler made itself, as Timer's, spans
 * nothing and is a call.) */
static bool
attribute_read(const struct ast_expr *call)
{
	const struct ast_expr *attr = call->u.call.callee;

	return call->end > call->start && call->start == attr->start &&
	    call->end == attr->end;
}

/* b.parties: the number the Barrier was made with, a constant.  (An
 * element of an array of them is named by a constant index: one named
 * by a variable could be out of range.)  True: compiled, or reported. */
static bool
barrier_parties(struct compiler *c, const struct lang_shared *sh, const struct prim_ref *ref,
    struct lang_loc loc, bool want_result)
{
	int64_t n = sh->prim_init[ref->const_index ? ref->index : 0].value;

	if (ref->indexed && !ref->const_index) {
		compile_error_at(c, loc, "parties of a Barrier in a list is read here of one "
		    "named by a constant index (bs[0].parties)");
		return true;
	}
	if (want_result)
		compile_emit_int(c, n, loc);
	return true;
}

static void
compile_method_call(struct compiler *c, const struct ast_expr *call, bool want_result)
{
	const struct ast_expr *attr = call->u.call.callee;
	const struct ast_expr *target = attr->u.attr.base;
	const struct ast_expr *base = target->kind == AST_INDEX ? target->u.index.base : target;
	const struct lang_method_info *info;
	const struct lang_shared *sh;
	const char *name = attr->u.attr.name;
	struct prim_ref ref;
	const struct ast_arg *a;
	enum lang_method m;
	int mi, argc = call->u.call.nargs, slot;

	if (c->ctx == CTX_EXPECT) {
		compile_error_at(c, attr->loc, "%s can only read shared variables, not call "
		    "methods", c->expect_word);
		return;
	}
	if (base->kind == AST_NAME && thread_group_named(c, base->u.name) >= 0) {
		compile_thread_call(c, call, want_result);
		return;
	}
	if (!names_primitive(c, target, name)) {
		compile_list_method(c, call, want_result);
		return;
	}
	if (!compile_resolve_prim(c, target, &ref))
		return;
	sh = &c->prog->shared[ref.shared];
	if (sh->prim == LANG_PRIM_BARRIER && strcmp(name, "parties") == 0 &&
	    attribute_read(call) && barrier_parties(c, sh, &ref, call->loc, want_result))
		return;
	mi = lang_method_lookup(sh->prim, name, (unsigned)strlen(name));
	if (mi < 0) {
		char list[160];

		lang_prim_method_list(sh->prim, list, sizeof(list));
		compile_error_at(c, attr->loc, "%s has no method '%s'; it has %s",
		    lang_prim_info(sh->prim)->name, name, list);
		compile_note_at(c, sh->loc, "'%s' is declared here as %s %s", sh->name,
		    compile_article(lang_prim_info(sh->prim)->name),
		    lang_prim_info(sh->prim)->name);
		return;
	}
	m = (enum lang_method)mi;
	info = lang_method_info(m);
	if ((m == LANG_M_BARRIER_BROKEN || m == LANG_M_BARRIER_N_WAITING) ==
	    !attribute_read(call)) {	/* called, or an attribute not called */
		compile_error_at(c, attr->loc, m == LANG_M_BARRIER_BROKEN ||
		    m == LANG_M_BARRIER_N_WAITING ? "'%s' is an attribute, not a method: "
		    "write %s without ()" : "'%s' must be called: write %s()", name, name);
		return;
	}
	if ((m == LANG_M_GET || m == LANG_M_PUT) &&
	    queue_block_variant(c, call, &ref, m, want_result) != 0)
		return;
	if (m == LANG_M_RELEASE && argc == 1 && (lang_method_info(LANG_M_RELEASE_N)->types &
	    (1u << sh->prim))) {
		m = LANG_M_RELEASE_N;	/* Semaphore.release(n) */
		info = lang_method_info(m);
	}
	if (compile_timed_call(c, call, &ref, m, want_result))
		return;
	{
		for (a = call->u.call.args; a != NULL; a = a->next)
			if (a->keyword != NULL && !((m == LANG_M_NOTIFY || m == LANG_M_RELEASE_N) &&
			    strcmp(a->keyword, "n") == 0)) {
				compile_error_at(c, a->keyword_loc,
				    "%s() takes no keyword argument '%s'",
				    name, a->keyword);
				return;
			}
		if (argc < info->min_args || argc > info->max_args) {
			if (info->min_args == info->max_args)
				compile_error_at(c, attr->loc,
				    "%s() takes %d argument%s, %d given", name,
				    info->min_args, info->min_args == 1 ? "" : "s", argc);
			else if (info->min_args == 0)
				compile_error_at(c, attr->loc,
				    "%s() takes at most %d argument%s, %d given",
				    name, info->max_args, info->max_args == 1 ? "" : "s", argc);
			else
				compile_error_at(c, attr->loc,
				    "%s() takes %d to %d arguments, %d given",
				    name, info->min_args, info->max_args, argc);
			return;
		}
	}
	if (want_result && !(lang_method_info(m)->flags & LANG_MF_RESULT)) {
		compile_error_at(c, attr->loc, "%s() returns no value", name);
		return;
	}
	if ((lang_method_info(m)->flags & LANG_MF_BLOCKING) &&
	    !compile_check_blocking_allowed(c, lang_method_info(m)->name, attr->loc))
		return;
	switch (m) {
	case LANG_M_WAIT:
		slot = compile_hold_prim_index(c, &ref, attr->loc);
		compile_emit_call(c, &ref, slot, LANG_M_WAIT, 0, false, attr->loc);
		compile_emit_call(c, &ref, slot, LANG_M_WAIT_REACQUIRE, 0, false, attr->loc);
		if (want_result)
			compile_emit(c, LANG_OP_PUSH_BOOL, 1, 0, 0, attr->loc);
		return;
	case LANG_M_WAIT_FOR:
		compile_wait_for(c, &ref, call->u.call.args->value, attr->loc);
		if (want_result)
			compile_emit(c, LANG_OP_PUSH_BOOL, 1, 0, 0, attr->loc);
		return;
	case LANG_M_NOTIFY:
		if (argc == 0)
			compile_emit_int(c, 1, attr->loc);
		else
			compile_expr(c, call->u.call.args->value);
		compile_emit_call(c, &ref, -1, m, 1, want_result, attr->loc);
		return;
	LANG_CASES_LOCK_METHODS
	LANG_CASES_EVENT_METHODS
	LANG_CASES_QUEUE_METHODS
	LANG_CASES_RWLOCK_METHODS
	case LANG_M_WAIT_REACQUIRE:
	case LANG_M_NOTIFY_ALL:
	case LANG_M_BARRIER_ARRIVE:	/* (compile_timed_call) */
	case LANG_M_BARRIER_PASS:
	case LANG_M_BARRIER_RELEASE:
	case LANG_M_BARRIER_ABORT:
	case LANG_M_BARRIER_RESET:
	case LANG_M_BARRIER_BROKEN:
	case LANG_M_BARRIER_N_WAITING:
	case LANG_M_COUNT:
		for (a = call->u.call.args; a != NULL && m != LANG_M_TRY_ACQUIRE; a = a->next)
			compile_expr(c, a->value);
		compile_emit_call(c, &ref, -1, m, argc, want_result, attr->loc);
	}
}

void
compile_call(struct compiler *c, const struct ast_expr *e, bool want_result)
{
	const struct ast_expr *f = e->u.call.callee;
	const char *name;
	int s;

	if (f->kind == AST_ATTR && f->u.attr.base->kind == AST_STR) {
		if (strcmp(f->u.attr.name, "format") == 0)
			compile_format_call(c, e);
		else
			compile_error_at(c, f->loc, "a string's method '%s' is not supported; "
			    "strings have format()", f->u.attr.name);
		return;
	}
	if (f->kind == AST_ATTR && strcmp(f->u.attr.name, "format") == 0) {
		compile_error_at(c, f->loc, "format() is supported on a string literal only: "
		    "write \"...\".format(...), or an f-string");
		return;
	}
	if (f->kind == AST_ATTR) {
		compile_method_call(c, e, want_result);
		return;
	}
	if (f->kind != AST_NAME) {
		compile_error_at(c, e->loc, "only functions and methods can be called");
		return;
	}
	if (compile_exception_call(c, e)) {	/* ValueError("why"): compile_try.c */
		if (!want_result)
			compile_emit(c, LANG_OP_POP, 0, 0, 0, e->loc);
		return;
	}
	name = f->u.name;
	if ((s = compile_find_function(c, name)) >= 0 &&
	    !(c->ctx == CTX_THREAD && compile_find_local(c, name) >= 0)) {
		compile_function_call(c, e, s, want_result);
		return;
	}
	if (strcmp(name, "len") == 0) {
		const struct ast_expr *arg = e->u.call.nargs == 1 ? e->u.call.args->value : NULL;

		if (arg != NULL && !want_result) {
			compile_error_at(c, e->loc, "this expression does nothing");
			return;
		}
		s = arg != NULL && arg->kind == AST_NAME && e->u.call.args->keyword == NULL ?
		    compile_find_shared(c, arg->u.name) : -1;
		if (s >= 0 && c->ctx == CTX_THREAD && compile_find_local(c, arg->u.name) >= 0)
			s = -1;		/* a local shadows the shared name */
		if (s >= 0 && c->prog->shared[s].object != LANG_OBJ_NONE) {
			if (c->ctx == CTX_EXPECT)
				record_expect_name(c, s);
			compile_len(c, e);
			return;
		}
		if (s < 0 || (c->prog->shared[s].kind != LANG_SHARED_ARRAY &&
		    c->prog->shared[s].kind != LANG_SHARED_PRIM_ARRAY)) {
			compile_len_value(c, e);
			return;
		}
		compile_emit_int(c, c->prog->shared[s].length, e->loc);
		return;
	}
	if (strcmp(name, "$unpack") == 0 || strcmp(name, "$unpack_ex") == 0) {
		/* a, b = value; a, *rest = value: parser_unpack.c */
		compile_expr(c, e->u.call.args->value);
		compile_emit(c, LANG_OP_UNPACK, (int32_t)e->u.call.args->next->value->u.ival,
		    name[7] == '_', 0, e->loc);
		c->prog->uses_heap = true;
		return;
	}
	if (strcmp(name, "$thread_name") == 0) {	/* compile_threads.c */
		compile_thread_name(c, e->loc);
		return;
	}
	if (strcmp(name, "str") == 0) {
		compile_str_call(c, e);
		return;
	}
	if (strcmp(name, "print") == 0 || strcmp(name, "sleep") == 0 ||
	    strcmp(name, "time.sleep") == 0) {
		compile_error_at(c, e->loc, "%s() is a statement of its own, not a value", name);
		return;
	}
	if (strcmp(name, "range") == 0) {
		compile_error_at(c, e->loc, "range() is only used in 'for NAME in range(...)'");
		return;
	}
	if (lang_prim_by_name(name, (unsigned)strlen(name)) >= 0 && c->file->python) {
		compile_error_at(c, e->loc, "a %s is made in the assignments that open the "
		    "module, before its first other statement; move this line up", name);
		return;
	}
	if (lang_prim_by_name(name, (unsigned)strlen(name)) >= 0) {
		compile_error_at(c, e->loc, "primitives are declared at the top level: "
		    "NAME = %s()", name);
		return;
	}
	if (compile_find_shared(c, name) < 0 && compile_find_local(c, name) < 0 &&
	    compile_builtin_call(c, e, want_result))
		return;
	if (compile_is_broken(c, name))
		return;		/* its def had an error, already reported */
	if (compile_find_shared(c, name) >= 0 || compile_find_local(c, name) >= 0 ||
	    compile_find_group(c, name) >= 0)
		compile_error_at(c, f->loc, "'%s' is not a function", name);
	else
		compile_error_at(c, f->loc, "unknown function '%s' (the built-in functions are "
		    "print(), %s, len(), str(), range(), sum(), min(), max(), abs(), any(), "
		    "all(), sorted(), list(), tuple() and int(); define others with 'def' at the "
		    "top level)", name, c->file->python ? "time.sleep()" : "sleep()");
}

bool
compile_fits_imm(const struct ast_expr *e)
{
	return e->kind == AST_INT && e->u.ival >= INT32_MIN && e->u.ival <= INT32_MAX;
}

void
compile_index_load(struct compiler *c, const struct ast_expr *e)
{
	const struct ast_expr *base = e->u.index.base;
	const struct lang_shared *sh;
	int s;

	if (base->kind != AST_NAME) {
		compile_item_load(c, e);
		return;
	}
	s = compile_find_shared(c, base->u.name);
	if (c->func >= 0 && compile_find_local(c, base->u.name) >= 0)
		s = -1;		/* a def's local shadows the shared array */
	if (s >= 0 && c->prog->shared[s].object != LANG_OBJ_NONE) {
		if (c->ctx == CTX_EXPECT)
			record_expect_name(c, s);
		compile_item_load(c, e);
		return;
	}
	if (s < 0) {
		if (c->ctx == CTX_THREAD && compile_find_local(c, base->u.name) >= 0)
			compile_item_load(c, e);
		else if (compile_find_group(c, base->u.name) >= 0)
			compile_error_at(c, base->loc,
			    "'%s' is a thread group; use %s[i].start() or "
			    "%s[i].join()", base->u.name, base->u.name, base->u.name);
		else
			compile_unknown_name(c, base->u.name, base->loc);
		return;
	}
	sh = &c->prog->shared[s];
	if (c->src->python && sh->kind == LANG_SHARED_SCALAR) {
		/* a global string (or int) indexed: what it holds says, when
		 * it runs, as in Python */
		if (c->ctx == CTX_EXPECT)
			record_expect_name(c, s);
		compile_item_load(c, e);
		return;
	}
	if (sh->kind != LANG_SHARED_ARRAY) {
		compile_error_at(c, e->loc, sh->kind == LANG_SHARED_PRIM_ARRAY ?
		    "'%s' is an array of primitives; call a method: %s[i].acquire()" :
		    "'%s' is not an array", sh->name, sh->name);
		return;
	}
	/* in Python an index out of range raises IndexError when it runs,
	 * which a try can catch */
	if (!c->src->python && e->u.index.index->kind == AST_INT &&
	    (e->u.index.index->u.ival < 0 || e->u.index.index->u.ival >= sh->length)) {
		compile_error_at(c, e->u.index.index->loc,
		    "IndexError: index %lld is out of range for '%s' (size %d)",
		    (long long)e->u.index.index->u.ival, sh->name, sh->length);
		return;
	}
	if (c->ctx == CTX_EXPECT)
		record_expect_name(c, s);
	compile_expr(c, e->u.index.index);
	compile_emit(c, LANG_OP_LOAD_ELEM, s, 0, LANG_IF_INDEXED, e->loc);
}

static void
compile_expr_as(struct compiler *c, const struct ast_expr *e, bool want_result)
{
	size_t jump;

	switch (e->kind) {
	case AST_INT:
		compile_emit_int(c, e->u.ival, e->loc);
		break;
	case AST_BOOL:
		compile_emit(c, LANG_OP_PUSH_BOOL, (int32_t)e->u.ival, 0, 0, e->loc);
		break;
	case AST_NONE:
		compile_emit(c, LANG_OP_PUSH_NONE, 0, 0, 0, e->loc);
		break;
	case AST_STR:
		compile_emit(c, LANG_OP_PUSH_STR,
		    compile_intern_string(c, e->u.str.s, e->u.str.len), 0, 0, e->loc);
		break;
	case AST_NAME:
		compile_name(c, e);
		break;
	case AST_INDEX:
		compile_index_load(c, e);
		break;
	case AST_ATTR: {
		/* b.broken, b.n_waiting, b.parties: a primitive's attributes, read as a
		 * call of no arguments that spans the attribute alone */
		struct ast_expr call = *e;

		call.kind = AST_CALL;
		call.u.call.callee = (struct ast_expr *)e;
		call.u.call.args = NULL;
		call.u.call.nargs = 0;
		if (c->file->python && (strcmp(e->u.attr.name, "broken") == 0 ||
		    strcmp(e->u.attr.name, "n_waiting") == 0 ||
		    strcmp(e->u.attr.name, "parties") == 0))
			compile_method_call(c, &call, true);
		else
			compile_error_at(c, e->loc, "'%s' must be called", e->u.attr.name);
		break;
	}
	case AST_CALL:
		compile_call(c, e, want_result);
		break;
	case AST_UNARY:
		if (e->u.unary.op == LANG_UN_NEG && e->u.unary.operand->kind == AST_INT) {
			compile_emit_int(c, -e->u.unary.operand->u.ival, e->loc);
			break;
		}
		compile_expr(c, e->u.unary.operand);
		compile_emit(c, LANG_OP_UNARY, (int32_t)e->u.unary.op, 0, 0, e->loc);
		break;
	case AST_BINARY:
		if (e->u.binary.op == LANG_BIN_MOD && (e->u.binary.lhs->kind == AST_STR ||
		    e->u.binary.lhs->kind == AST_FSTRING)) {
			compile_error_at(c, e->loc, "'%%' formatting of strings is not supported; "
			    "write an f-string: f\"{x}\"");
			break;
		}
		compile_expr(c, e->u.binary.lhs);
		if (compile_fits_imm(e->u.binary.rhs)) {
			compile_emit(c, LANG_OP_BINARY, (int32_t)e->u.binary.op,
			    (int32_t)e->u.binary.rhs->u.ival, LANG_IF_IMM, e->loc);
			break;
		}
		compile_expr(c, e->u.binary.rhs);
		compile_emit(c, LANG_OP_BINARY, (int32_t)e->u.binary.op, 0, 0, e->loc);
		break;
	case AST_AND:
	case AST_OR:
		compile_expr(c, e->u.logic.lhs);
		jump = compile_emit(c, e->kind == AST_AND ? LANG_OP_JUMP_IF_FALSE_OR_POP :
		    LANG_OP_JUMP_IF_TRUE_OR_POP, 0, 0, 0, e->loc);
		compile_expr(c, e->u.logic.rhs);
		compile_patch_here(c, jump);
		break;
	case AST_COND: {
		size_t end;

		/* only the chosen branch runs, so only its reads are steps */
		compile_expr(c, e->u.cond.cond);
		jump = compile_emit(c, LANG_OP_JUMP_IF_FALSE, 0, 0, 0, e->loc);
		compile_expr(c, e->u.cond.then);
		end = compile_emit(c, LANG_OP_JUMP, 0, 0, 0, e->loc);
		compile_patch_here(c, jump);
		compile_expr(c, e->u.cond.otherwise);
		compile_patch_here(c, end);
		break;
	}
	case AST_LIST:
	case AST_TUPLE:
	case AST_DICT:
		compile_list_literal(c, e);
		break;
	case AST_IN:
		if (compile_goal_refuses(c, "test 'in'", e->loc))
			break;
		compile_expr(c, e->u.binary.lhs);
		compile_expr(c, e->u.binary.rhs);
		compile_emit(c, LANG_OP_SEQ_CONTAINS, 0, 0, 0, e->loc);
		if (e->u.binary.op == LANG_BIN_NE)
			compile_emit(c, LANG_OP_UNARY, LANG_UN_NOT, 0, 0, e->loc);
		c->prog->uses_heap = true;
		break;
	case AST_LISTCOMP:
		compile_list_comprehension(c, e);
		break;
	case AST_FLOAT:
		compile_float_error(c, e);
		break;
	case AST_FSTRING:
		compile_fstring(c, e);
		break;
	}
}

void
compile_expr(struct compiler *c, const struct ast_expr *e)
{
	compile_expr_as(c, e, true);
}
