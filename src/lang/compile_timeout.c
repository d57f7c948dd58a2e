/* compile_timeout.c - the arguments that say how long a blocking call may
 * wait: acquire(blocking, timeout), wait(timeout), get(block, timeout),
 * put(item, block, timeout), join(timeout); and seconds as the whole
 * milliseconds that time.sleep() and every timeout count.
 *
 * A call that may time out is the blocking call with LANG_IF_TIMED set and
 * its timeout, in milliseconds, pushed just below the primitive's index
 * (program.h).  The model does not read the number: a timeout is a choice
 * of the schedule, which may take it at any moment the call is blocked
 * (model/wait.c), so 0.01 and 30 seconds differ only on real threads.  A
 * call that cannot block at all (blocking=False, a timeout of 0) is the
 * same call timed: at the moment it runs it succeeds or gives up.
 *
 * A number of seconds is a literal or a constant of the module holding
 * one with a fraction (`TIMEOUT = 0.5`: compile_declare_duration), since
 * lockstep's values have no fractions; an int may be any expression.
 * CPython counts a timeout in int64 nanoseconds: a longer one is an
 * OverflowError, which Lock.acquire raises at once and Event.wait when it
 * would wait; lockstep reads no longer one anywhere else.
 */
#include "config.h"

#include "lang/compiler.h"

#include <math.h>
#include <string.h>

#include "util/xalloc.h"

/* A literal with a fraction, possibly negated. */
static bool
is_float_literal(const struct ast_expr *e)
{
	if (e->kind == AST_UNARY && e->u.unary.op == LANG_UN_NEG)
		e = e->u.unary.operand;
	return e->kind == AST_FLOAT;
}

/* The duration constant name, unless a local hides it. */
static const struct compile_duration *
find_duration(const struct compiler *c, const char *name)
{
	size_t i;

	if (c->ctx == CTX_THREAD && compile_find_local(c, name) >= 0)
		return NULL;
	for (i = 0; i < c->ndurations; i++)
		if (strcmp(c->durations[i].name, name) == 0)
			return &c->durations[i];
	return NULL;
}

bool
compile_literal_seconds(const struct compiler *c, const struct ast_expr *e, double *s)
{
	const struct ast_expr *lit = e;
	const struct compile_duration *d;
	bool neg = false;

	if (e->kind == AST_UNARY && e->u.unary.op == LANG_UN_NEG) {
		lit = e->u.unary.operand;
		neg = true;
	}
	if (lit->kind == AST_NAME && (d = find_duration(c, lit->u.name)) != NULL)
		*s = d->seconds;
	else if (lit->kind == AST_FLOAT || lit->kind == AST_INT)
		*s = lit->kind == AST_FLOAT ? lit->u.fval : (double)lit->u.ival;
	else
		return false;
	if (neg)
		*s = -*s;
	return true;
}

bool
compile_declare_duration(struct compiler *c, const struct ast_top *top)
{
	double s;

	if (!c->file->python || !is_float_literal(top->value) ||
	    !compile_literal_seconds(c, top->value, &s))
		return false;
	c->durations = xgrow(c->durations, &c->durations_cap, c->ndurations + 1,
	    sizeof(*c->durations));
	c->durations[c->ndurations].name = top->name;
	c->durations[c->ndurations].seconds = s;
	c->ndurations++;
	return true;
}

bool
compile_is_duration(const struct compiler *c, const char *name)
{
	return find_duration(c, name) != NULL;
}

const char *
compile_timeout_overflow(const struct compiler *c, const struct ast_expr *timeout)
{
	double s;

	if (timeout == NULL || !compile_literal_seconds(c, timeout, &s) || s < 0)
		return NULL;
	/* CPython's two checks: an int's seconds times 10^9, a float's
	 * nanoseconds, must fit an int64.  The text is Debian 12's python3
	 * (3.11.2); later 3.11 releases word the float's case differently. */
	if (timeout->kind == AST_INT && !(s > 9223372036.0))
		return NULL;
	if (timeout->kind != AST_INT && s * 1e9 < 9223372036854775808.0)
		return NULL;
	return "timestamp too large to convert to C _PyTime_t";
}

int64_t
compile_seconds_ms(double s)
{
	double ms = s * 1000.0;

	if (ms > COMPILE_MAX_MS)
		ms = COMPILE_MAX_MS;
	return ms > 0 && ms < 1 ? 1 : ms < 0 ? (int64_t)(ms - 0.5) : (int64_t)(ms + 0.5);
}

void
compile_emit_ms(struct compiler *c, const struct ast_expr *seconds)
{
	double s;

	if (compile_literal_seconds(c, seconds, &s)) {
		compile_emit_int(c, compile_seconds_ms(s), seconds->loc);
		return;
	}
	compile_expr(c, seconds);
	compile_emit(c, LANG_OP_BINARY, LANG_BIN_MUL, 1000, LANG_IF_IMM, seconds->loc);
}

int
compile_bind_args(struct compiler *c, const struct ast_expr *call, const char *method,
    const char *const *names, int n, const struct ast_expr **out)
{
	const struct ast_arg *a;
	int i, k = 0;

	for (i = 0; i < n; i++)
		out[i] = NULL;
	for (a = call->u.call.args; a != NULL; a = a->next) {
		if (a->keyword == NULL) {
			if (k >= n) {
				compile_error_at(c, a->value->loc, "%s() takes at most %d "
				    "argument%s", method, n, n == 1 ? "" : "s");
				return -1;
			}
			out[k++] = a->value;
			continue;
		}
		for (i = 0; i < n && strcmp(names[i], a->keyword) != 0; i++)
			;
		if (i == n) {
			compile_error_at(c, a->keyword_loc, "%s() takes no keyword argument "
			    "'%s'", method, a->keyword);
			return -1;
		}
		if (out[i] != NULL) {
			compile_error_at(c, a->keyword_loc, "TypeError: %s() got multiple values "
			    "for argument '%s'", method, a->keyword);
			return -1;
		}
		out[i] = a->value;
	}
	return k;
}

/* A call that does not wait: acquire's is the try variant; any other is
 * timed with a timeout of 0. */
static enum compile_wait
not_at_all(struct compiler *c, enum compile_timeout_style style, const struct ast_expr *at)
{
	if (style == COMPILE_TIMEOUT_ACQUIRE)
		return COMPILE_WAIT_NOT;
	compile_emit_int(c, 0, at->loc);
	return COMPILE_WAIT_TIMED;
}

enum compile_wait
compile_timeout(struct compiler *c, const struct ast_expr *blocking,
    const struct ast_expr *timeout, enum compile_timeout_style style)
{
	bool nonblocking = false;
	double s = 0;

	if (blocking != NULL) {
		if (blocking->kind != AST_BOOL) {
			compile_error_at(c, blocking->loc, "%s= must be True or False",
			    style == COMPILE_TIMEOUT_QUEUE ? "block" : "blocking");
			return COMPILE_WAIT_ERROR;
		}
		nonblocking = blocking->u.ival == 0;
	}
	if (timeout != NULL && timeout->kind == AST_NONE) {
		if (style == COMPILE_TIMEOUT_ACQUIRE) {
			compile_error_at(c, timeout->loc, "TypeError: 'NoneType' object cannot "
			    "be interpreted as an integer (acquire()'s timeout is a number of "
			    "seconds, -1 for none)");
			return COMPILE_WAIT_ERROR;
		}
		timeout = NULL;
	}
	if (nonblocking) {
		if (timeout != NULL && style == COMPILE_TIMEOUT_ACQUIRE &&
		    !(compile_literal_seconds(c, timeout, &s) && s == -1)) {
			compile_error_at(c, timeout->loc, "ValueError: can't specify a timeout "
			    "for a non-blocking call");
			return COMPILE_WAIT_ERROR;
		}
		return not_at_all(c, style, timeout != NULL ? timeout : blocking);
	}
	if (timeout == NULL)
		return COMPILE_WAIT_FOREVER;
	if (timeout->kind == AST_BOOL || timeout->kind == AST_STR) {
		compile_error_at(c, timeout->loc, "a timeout is a number of seconds");
		return COMPILE_WAIT_ERROR;
	}
	if (compile_literal_seconds(c, timeout, &s) && s < 0) {
		switch (style) {
		case COMPILE_TIMEOUT_ACQUIRE:
			if (s == -1)
				return COMPILE_WAIT_FOREVER;	/* CPython's default */
			compile_error_at(c, timeout->loc, "ValueError: timeout value must be "
			    "positive");
			return COMPILE_WAIT_ERROR;
		case COMPILE_TIMEOUT_QUEUE:
			compile_error_at(c, timeout->loc, "ValueError: 'timeout' must be a "
			    "non-negative number");
			return COMPILE_WAIT_ERROR;
		case COMPILE_TIMEOUT_WAIT:
			return not_at_all(c, style, timeout);
		}
	}
	if (compile_literal_seconds(c, timeout, &s) && s == 0)
		return not_at_all(c, style, timeout);
	if (compile_timeout_overflow(c, timeout) != NULL) {
		compile_error_at(c, timeout->loc, "a timeout longer than CPython counts "
		    "(threading.TIMEOUT_MAX, 9223372036 seconds): CPython raises OverflowError: %s when "
		    "it waits; lockstep reads it only in Lock.acquire and Event.wait "
		    "(leave the timeout out to wait for ever)", compile_timeout_overflow(c,
		    timeout));
		return COMPILE_WAIT_ERROR;
	}
	compile_emit_ms(c, timeout);
	return COMPILE_WAIT_TIMED;
}

void
compile_mark_timed(struct compiler *c)
{
	c->code->insns[c->code->count - 1].flags |= LANG_IF_TIMED;
}
