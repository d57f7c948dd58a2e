/* parser_unpack.c - tuple targets: `a, b = pair`, `a, b = b, a`,
 * `for name, n in pairs:`, `for i, x in enumerate(xs):` and
 * `[... for name, n in pairs]`, read into statements the rest of the
 * compiler already knows.
 *
 * `T0, T1 = value` becomes
 *
 *     $u = $unpack(value, 2)      UNPACK_SEQUENCE 2: the value's items
 *     T0 = $u[0]                  as a tuple, or CPython's ValueError
 *     T1 = $u[1]
 *
 * with $u a hidden local ('$' begins no name a program can write).  That is
 * CPython's atomicity: the value is read once (a shared name's LOAD is one
 * step); UNPACK_SEQUENCE is one step on a shared list and local work on a
 * tuple, which never changes; the tuple it leaves is this thread's alone,
 * so reading its items is local work; then each target is stored in order,
 * a step each when it is shared.  A loop binds a hidden variable and runs
 * the same statements first in its body; a comprehension keeps them for
 * compile_list_comprehension (its targets are locals found as it
 * compiles), and its targets for compile_threads.c.
 */
#include "config.h"

#include "lang/parser_unpack.h"

#include <stdio.h>
#include <string.h>

#include "lang/limits.h"
#include "lang/parser_expr.h"

static struct ast_expr *
expr_at(struct parser *p, enum ast_expr_kind kind, struct lang_loc loc)
{
	struct ast_expr *e = ast_alloc(p->arena, sizeof(*e));

	e->kind = kind;
	e->loc = loc;
	return e;
}

static struct ast_expr *
name_at(struct parser *p, const char *name, struct lang_loc loc)
{
	struct ast_expr *e = expr_at(p, AST_NAME, loc);

	e->u.name = ast_strndup(p->arena, name, strlen(name));
	return e;
}

/* A hidden local's name, made from where its statement starts. */
static struct ast_expr *
hidden_name(struct parser *p, const char *prefix, struct lang_loc loc)
{
	char name[48];

	snprintf(name, sizeof(name), "$%s%u_%u", prefix, loc.line, loc.col);
	return name_at(p, name, loc);
}

static struct ast_expr *
int_at(struct parser *p, int64_t v, struct lang_loc loc)
{
	struct ast_expr *e = expr_at(p, AST_INT, loc);

	e->u.ival = v;
	return e;
}

static struct ast_stmt *
assign(struct parser *p, struct ast_expr *target, struct ast_expr *value,
    struct lang_loc loc)
{
	struct ast_stmt *s = ast_alloc(p->arena, sizeof(*s));

	s->kind = AST_ASSIGN;
	s->loc = loc;
	s->u.assign.target = target;
	s->u.assign.value = value;
	s->u.assign.op_loc = loc;
	return s;
}

/* At a ',' after first: the rest of a comma-separated list, as a tuple
 * (a trailing comma allowed when trailing_ok).  The items are expressions;
 * a star item is reported. */
struct ast_expr *
parser_tuple_rest(struct parser *p, struct ast_expr *first, bool trailing_ok)
{
	struct ast_expr *t = expr_at(p, AST_TUPLE, first->loc), *items[LANG_MAX_UNPACK];
	int n = 0;

	t->start = first->start;
	items[n++] = first;
	while (accept(p, LANG_TOK_COMMA)) {
		enum lang_token_kind k = peek_kind(p);

		if (trailing_ok && (k == LANG_TOK_ASSIGN || k == LANG_TOK_NEWLINE ||
		    k == LANG_TOK_IN || k == LANG_TOK_EOF))
			break;
		if (k == LANG_TOK_STAR) {
			parser_error_at(p, peek(p)->loc, "a starred target (*rest) is not "
			    "supported; index the sequence: first = xs[0], and a loop for "
			    "the rest");
			return NULL;
		}
		if (n == LANG_MAX_UNPACK) {
			parser_error_at(p, peek(p)->loc, "more than %d names in one tuple",
			    LANG_MAX_UNPACK);
			return NULL;
		}
		items[n++] = parse_expr(p);
		if (p->panic)
			return NULL;
	}
	t->u.list.n = n;
	t->u.list.items = ast_alloc(p->arena, (size_t)n * sizeof(*t->u.list.items));
	memcpy(t->u.list.items, items, (size_t)n * sizeof(*items));
	t->end = items[n - 1]->end;
	return t;
}

/* Whether every item of a tuple target is something one can assign to;
 * reported if not. */
static bool
targets_ok(struct parser *p, const struct ast_expr *targets)
{
	int i;

	for (i = 0; i < targets->u.list.n; i++) {
		const struct ast_expr *e = targets->u.list.items[i];

		if (e->kind == AST_TUPLE || e->kind == AST_LIST) {
			parser_error_at(p, e->loc, "a nested tuple target is not supported; "
			    "unpack the inner tuple on a line of its own");
			return false;
		}
		if (e->kind != AST_NAME && e->kind != AST_INDEX &&
		    !(p->src->python && e->kind == AST_ATTR)) {
			parser_error_at(p, e->loc, "cannot assign to this; a tuple target "
			    "holds names and indexed elements");
			return false;
		}
	}
	return true;
}

struct ast_stmt *
parser_unpack_statements(struct parser *p, const struct ast_expr *targets,
    struct ast_expr *value, struct lang_loc loc)
{
	struct ast_expr *u = hidden_name(p, "u", loc), *call = expr_at(p, AST_CALL, loc);
	struct ast_arg *arg = ast_alloc(p->arena, sizeof(*arg));
	struct ast_stmt *head, **tail;
	int i;

	if (!targets_ok(p, targets))
		return NULL;
	call->u.call.callee = name_at(p, "$unpack", loc);	/* compile_call */
	call->u.call.args = arg;
	call->u.call.nargs = 2;
	arg->value = value;
	arg->next = ast_alloc(p->arena, sizeof(*arg->next));
	arg->next->value = int_at(p, targets->u.list.n, loc);
	head = assign(p, u, call, loc);
	tail = &head->next;
	for (i = 0; i < targets->u.list.n; i++) {
		struct ast_expr *item = expr_at(p, AST_INDEX, targets->u.list.items[i]->loc);

		item->u.index.base = hidden_name(p, "u", loc);
		item->u.index.index = int_at(p, i, loc);
		*tail = assign(p, targets->u.list.items[i], item, loc);
		tail = &(*tail)->next;
	}
	return head;
}

/* `for i, x in enumerate(xs[, start]):` -- the count in a hidden local n
 * set before the loop: i = n, n += 1, x = the item, then the body. */
static struct ast_stmt *
enumerate_loop(struct parser *p, struct ast_stmt *loop, const struct ast_expr *targets)
{
	struct ast_expr *call = loop->u.for_.range, *n = hidden_name(p, "n", loop->loc);
	struct ast_expr *sum = expr_at(p, AST_BINARY, loop->loc), *var;
	struct ast_stmt *start, *first, *count, *item;

	if (call->u.call.args->keyword != NULL || (call->u.call.nargs == 2 &&
	    call->u.call.args->next->keyword != NULL &&
	    strcmp(call->u.call.args->next->keyword, "start") != 0)) {
		parser_error_at(p, call->loc, "enumerate() takes the sequence and a start");
		return loop;
	}
	if (!targets_ok(p, targets))
		return loop;
	var = hidden_name(p, "for", loop->u.for_.var_loc);
	start = assign(p, n, call->u.call.nargs == 2 ? call->u.call.args->next->value :
	    int_at(p, 0, loop->loc), loop->loc);
	first = assign(p, targets->u.list.items[0], hidden_name(p, "n", loop->loc), loop->loc);
	sum->u.binary.op = LANG_BIN_ADD;
	sum->u.binary.lhs = hidden_name(p, "n", loop->loc);
	sum->u.binary.rhs = int_at(p, 1, loop->loc);
	count = assign(p, hidden_name(p, "n", loop->loc), sum, loop->loc);
	item = assign(p, targets->u.list.items[1], var, loop->loc);
	loop->u.for_.var = var->u.name;
	loop->u.for_.range = call->u.call.args->value;
	first->next = count;
	count->next = item;
	item->next = loop->u.for_.body;
	loop->u.for_.body = first;
	start->next = loop;
	return start;
}

static bool
is_enumerate(const struct ast_expr *e)
{
	return e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "enumerate") == 0 &&
	    (e->u.call.nargs == 1 || e->u.call.nargs == 2);
}

struct ast_stmt *
parser_unpack_loop(struct parser *p, struct ast_stmt *loop, const struct ast_expr *targets)
{
	struct ast_expr *var = hidden_name(p, "for", loop->u.for_.var_loc);
	struct ast_stmt *unpack, *last;

	if (loop->u.for_.range == NULL)
		return loop;	/* a parse error, reported */
	if (targets->u.list.n == 2 && is_enumerate(loop->u.for_.range))
		return enumerate_loop(p, loop, targets);
	unpack = parser_unpack_statements(p, targets, var, loop->loc);
	if (unpack == NULL)
		return loop;
	loop->u.for_.var = var->u.name;
	for (last = unpack; last->next != NULL; last = last->next)
		;
	last->next = loop->u.for_.body;
	loop->u.for_.body = unpack;
	return loop;
}

struct ast_expr *
parser_value(struct parser *p)
{
	struct ast_expr *e = parse_expr(p);

	if (peek_kind(p) == LANG_TOK_COMMA && !p->panic)
		return parser_tuple_rest(p, e, true);
	return e;
}

struct ast_stmt *
parser_tuple_assignment(struct parser *p, const struct lang_token *start,
    struct ast_expr *first)
{
	struct lang_loc comma = peek(p)->loc;
	struct ast_expr *targets = parser_tuple_rest(p, first, true), *value;

	if (targets == NULL)
		return NULL;
	if (peek_kind(p) != LANG_TOK_ASSIGN) {
		if (peek_kind(p) == LANG_TOK_PLUS_ASSIGN || peek_kind(p) == LANG_TOK_MINUS_ASSIGN ||
		    peek_kind(p) == LANG_TOK_STAR_ASSIGN || peek_kind(p) == LANG_TOK_FLOORDIV_ASSIGN ||
		    peek_kind(p) == LANG_TOK_MOD_ASSIGN)
			parser_error_at(p, targets->loc, "'tuple' is an illegal expression for "
			    "augmented assignment");
		else
			parser_error_at(p, comma, "expected end of line, found ','");
		return NULL;
	}
	advance(p);
	value = parser_value(p);
	if (p->panic)
		return NULL;
	if (peek_kind(p) == LANG_TOK_ASSIGN) {
		parser_error_at(p, peek(p)->loc, "one assignment per statement: "
		    "write a = 1 and b = 1 on two lines");
		return NULL;
	}
	return parser_unpack_statements(p, targets, value, start->loc);
}

/* A loop's targets are names: `for a, b in x` must not read `b in x`. */
struct ast_expr *
parser_loop_targets(struct parser *p, const char *first, struct lang_loc loc)
{
	struct ast_expr *t = expr_at(p, AST_TUPLE, loc), *items[LANG_MAX_UNPACK];
	int n = 0;

	items[n++] = name_at(p, first, loc);
	while (accept(p, LANG_TOK_COMMA)) {
		const char *name = NULL;
		struct lang_loc at = peek(p)->loc;

		if (peek_kind(p) == LANG_TOK_IN)
			break;	/* for a, in x */
		if (peek_kind(p) == LANG_TOK_STAR || peek_kind(p) == LANG_TOK_LPAREN) {
			parser_error_at(p, at, "a loop's targets are names: %s is not supported",
			    peek_kind(p) == LANG_TOK_STAR ? "a starred target (*rest)" :
			    "a nested tuple target");
			return NULL;
		}
		if (n == LANG_MAX_UNPACK) {
			parser_error_at(p, at, "more than %d names in one tuple", LANG_MAX_UNPACK);
			return NULL;
		}
		parser_loop_variable(p, &name, &at);
		if (p->panic)
			return NULL;
		items[n++] = name_at(p, name, at);
	}
	t->u.list.n = n;
	t->u.list.items = ast_alloc(p->arena, (size_t)n * sizeof(*t->u.list.items));
	memcpy(t->u.list.items, items, (size_t)n * sizeof(*items));
	return t;
}

void
parser_unpack_comprehension(struct parser *p, struct ast_expr *comp)
{
	struct ast_expr *var = hidden_name(p, "for", comp->u.comp.var_loc);
	struct ast_expr *targets = parser_loop_targets(p, comp->u.comp.var,
	    comp->u.comp.var_loc);

	if (targets == NULL)
		return;
	comp->u.comp.unpack = parser_unpack_statements(p, targets, var, comp->u.comp.var_loc);
	comp->u.comp.targets = targets;
	comp->u.comp.var = var->u.name;
}
