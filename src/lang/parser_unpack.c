/* parser_unpack.c - tuple targets: `a, b = pair`, `a, b = b, a`,
 * `for name, n in pairs:`, `for i, x in enumerate(xs):` and
 * `[... for name, n in pairs]`, read into statements the rest of the
 * compiler already knows.  A target may be a tuple of targets itself,
 * `for i, (a, b) in enumerate(pairs):`, `(a, b), c = x`: its item is
 * unpacked in turn, right where CPython's nested UNPACK_SEQUENCE runs.
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
 * a star item is reported, unless star is not NULL in a .py file: then
 * *star (-1 for none, or first's) is the index of the one star item. */
struct ast_expr *
parser_tuple_rest(struct parser *p, struct ast_expr *first, bool trailing_ok, int *star)
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
		if (k == LANG_TOK_STAR && star != NULL && p->src->python) {
			if (*star >= 0) {
				parser_error_at(p, peek(p)->loc, "SyntaxError: multiple starred "
				    "expressions in assignment");
				return NULL;
			}
			advance(p);
			*star = n;
		} else if (k == LANG_TOK_STAR) {
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

/* Whether every item of a tuple target is something one can assign to
 * (or a tuple of such, in a .py file); reported if not. */
static bool
targets_ok(struct parser *p, const struct ast_expr *targets)
{
	int i;

	for (i = 0; i < targets->u.list.n; i++) {
		const struct ast_expr *e = targets->u.list.items[i];

		if ((e->kind == AST_TUPLE || e->kind == AST_LIST) && p->src->python &&
		    e->u.list.n > 0) {
			if (!targets_ok(p, e))
				return false;
			continue;
		}
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

static struct ast_stmt *unpack(struct parser *p, const struct ast_expr *targets,
    struct ast_expr *value, struct lang_loc loc, int depth);

/* target = value, target a name, an element or a tuple of targets (its
 * hidden local named after where it is written and how deep it is
 * nested: `((a, b), c), d` opens three tuples where the statement does). */
static struct ast_stmt *
bind(struct parser *p, struct ast_expr *target, struct ast_expr *value, struct lang_loc loc,
    int depth)
{
	if (target->kind == AST_TUPLE || target->kind == AST_LIST)
		return unpack(p, target, value, target->loc, depth + 1);
	return assign(p, target, value, loc);
}

/* The statements of targets = value, checked. */
static struct ast_stmt *
unpack(struct parser *p, const struct ast_expr *targets, struct ast_expr *value,
    struct lang_loc loc, int depth)
{
	char prefix[16];
	struct ast_expr *u, *call = expr_at(p, AST_CALL, loc);
	struct ast_arg *arg = ast_alloc(p->arena, sizeof(*arg));
	struct ast_stmt *head, **tail;
	int i;

	if (depth == 0)
		snprintf(prefix, sizeof(prefix), "u");
	else
		snprintf(prefix, sizeof(prefix), "u%d.", depth);
	u = hidden_name(p, prefix, loc);
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

		item->u.index.base = hidden_name(p, prefix, loc);
		item->u.index.index = int_at(p, i, loc);
		*tail = bind(p, targets->u.list.items[i], item, loc, depth);
		while (*tail != NULL)
			tail = &(*tail)->next;
	}
	return head;
}

struct ast_stmt *
parser_unpack_statements(struct parser *p, const struct ast_expr *targets,
    struct ast_expr *value, struct lang_loc loc)
{
	return targets_ok(p, targets) ? unpack(p, targets, value, loc, 0) : NULL;
}

static struct ast_expr *
call_at(struct parser *p, const char *callee, struct ast_expr *arg0, struct ast_expr *arg1,
    struct lang_loc loc)
{
	struct ast_expr *call = expr_at(p, AST_CALL, loc);
	struct ast_arg *a = ast_alloc(p->arena, sizeof(*a));

	call->u.call.callee = name_at(p, callee, loc);
	call->u.call.args = a;
	call->u.call.nargs = 1;
	a->value = arg0;
	if (arg1 != NULL) {
		a->next = ast_alloc(p->arena, sizeof(*a->next));
		a->next->value = arg1;
		call->u.call.nargs = 2;
	}
	return call;
}

/* $u[index], $u named after loc, the item shown at at. */
static struct ast_expr *
item_at(struct parser *p, struct ast_expr *index, struct lang_loc loc, struct lang_loc at)
{
	struct ast_expr *item = expr_at(p, AST_INDEX, at);

	item->u.index.base = hidden_name(p, "u", loc);
	item->u.index.index = index;
	return item;
}

/* `T0, *S, T2 = value`, S the star-th target, as
 *
 *     $u = $unpack_ex(value, 2)         UNPACK_EX: a tuple of every item,
 *     T0 = $u[0]                        or CPython's ValueError below 2
 *     S = [$u[$k] for $k in range(1, len($u) - 1)]
 *     T2 = $u[-1]
 *
 * the value read once and the stores in order, as CPython's UNPACK_EX
 * then its stores; the list is the starred target's own, made from the
 * thread's tuple: local work. */
struct ast_stmt *
parser_unpack_star(struct parser *p, const struct ast_expr *targets, int star,
    struct ast_expr *value, struct lang_loc loc)
{
	int n = targets->u.list.n, after = n - star - 1, i;
	struct ast_expr *comp = expr_at(p, AST_LISTCOMP, loc), *end = expr_at(p, AST_BINARY, loc);
	struct ast_stmt *head, **tail;

	if (!targets_ok(p, targets))
		return NULL;
	head = assign(p, hidden_name(p, "u", loc), call_at(p, "$unpack_ex", value,
	    int_at(p, n - 1, loc), loc), loc);
	tail = &head->next;
	for (i = 0; i < n; i++) {
		struct ast_expr *target = targets->u.list.items[i];

		if (i == star) {
			end->u.binary.op = LANG_BIN_SUB;
			end->u.binary.lhs = call_at(p, "len", hidden_name(p, "u", loc), NULL, loc);
			end->u.binary.rhs = int_at(p, after, loc);
			comp->u.comp.var = hidden_name(p, "k", loc)->u.name;
			comp->u.comp.var_loc = loc;
			comp->u.comp.elem = item_at(p, hidden_name(p, "k", loc), loc, loc);
			comp->u.comp.range = call_at(p, "range", int_at(p, star, loc), end, loc);
			*tail = assign(p, target, comp, loc);
		} else {
			*tail = bind(p, target, item_at(p, int_at(p, i < star ? i : i - n, loc),
			    loc, target->loc), loc, 0);
		}
		while (*tail != NULL)
			tail = &(*tail)->next;
	}
	return head;
}

/* `for i, x in enumerate(xs[, start]):` -- the count in a hidden local n
 * set before the loop (*start): i = n, n += 1, x = the item (var), then
 * the body; returned are those statements, NULL after an error
 * (reported).  The loop then runs over xs. */
static struct ast_stmt *
enumerate_statements(struct parser *p, const struct ast_expr *call,
    const struct ast_expr *targets, struct ast_expr *var, struct lang_loc loc,
    struct ast_stmt **start)
{
	struct ast_expr *sum = expr_at(p, AST_BINARY, loc);
	struct ast_stmt *first, *count, *last;

	if (call->u.call.args->keyword != NULL || (call->u.call.nargs == 2 &&
	    call->u.call.args->next->keyword != NULL &&
	    strcmp(call->u.call.args->next->keyword, "start") != 0)) {
		parser_error_at(p, call->loc, "enumerate() takes the sequence and a start");
		return NULL;
	}
	if (!targets_ok(p, targets))
		return NULL;
	*start = assign(p, hidden_name(p, "n", loc), call->u.call.nargs == 2 ?
	    call->u.call.args->next->value : int_at(p, 0, loc), loc);
	first = bind(p, targets->u.list.items[0], hidden_name(p, "n", loc), loc, 0);
	sum->u.binary.op = LANG_BIN_ADD;
	sum->u.binary.lhs = hidden_name(p, "n", loc);
	sum->u.binary.rhs = int_at(p, 1, loc);
	count = assign(p, hidden_name(p, "n", loc), sum, loc);
	for (last = first; last->next != NULL; last = last->next)
		;
	last->next = count;
	count->next = bind(p, targets->u.list.items[1], var, loc, 0);
	return first;
}

static struct ast_stmt *
enumerate_loop(struct parser *p, struct ast_stmt *loop, const struct ast_expr *targets)
{
	struct ast_expr *var = hidden_name(p, "for", loop->u.for_.var_loc);
	struct ast_stmt *start, *body, *last;

	body = enumerate_statements(p, loop->u.for_.range, targets, var, loop->loc, &start);
	if (body == NULL)
		return loop;
	loop->u.for_.var = var->u.name;
	loop->u.for_.range = loop->u.for_.range->u.call.args->value;
	for (last = body; last->next != NULL; last = last->next)
		;
	last->next = loop->u.for_.body;
	loop->u.for_.body = body;
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
		return parser_tuple_rest(p, e, true, NULL);
	return e;
}

struct ast_stmt *
parser_tuple_assignment(struct parser *p, const struct lang_token *start,
    struct ast_expr *first, int star)
{
	struct lang_loc comma = peek(p)->loc;
	struct ast_expr *targets = parser_tuple_rest(p, first, true, &star), *value;

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
	if (star >= 0)
		return parser_unpack_star(p, targets, star, value, start->loc);
	return parser_unpack_statements(p, targets, value, start->loc);
}

static struct ast_expr *nested_loop_targets(struct parser *p);

/* The targets of a loop after its first, first: names, or in a .py file
 * parenthesized tuples of them; until `in` (or a ')' when nested). */
static struct ast_expr *
loop_targets(struct parser *p, struct ast_expr *first, struct lang_loc loc)
{
	struct ast_expr *t = expr_at(p, AST_TUPLE, loc), *items[LANG_MAX_UNPACK];
	int n = 0;

	items[n++] = first;
	while (accept(p, LANG_TOK_COMMA)) {
		const char *name = NULL;
		struct lang_loc at = peek(p)->loc;

		if (peek_kind(p) == LANG_TOK_IN || peek_kind(p) == LANG_TOK_RPAREN)
			break;	/* for a, in x */
		if (peek_kind(p) == LANG_TOK_STAR || (peek_kind(p) == LANG_TOK_LPAREN &&
		    !p->src->python)) {
			parser_error_at(p, at, "a loop's targets are names: %s is not supported",
			    peek_kind(p) == LANG_TOK_STAR ? "a starred target (*rest)" :
			    "a nested tuple target");
			return NULL;
		}
		if (n == LANG_MAX_UNPACK) {
			parser_error_at(p, at, "more than %d names in one tuple", LANG_MAX_UNPACK);
			return NULL;
		}
		if (peek_kind(p) == LANG_TOK_LPAREN) {
			items[n] = nested_loop_targets(p);
			if (items[n++] == NULL)
				return NULL;
			continue;
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

/* `(a, b)` among a loop's targets: a tuple of targets. */
static struct ast_expr *
nested_loop_targets(struct parser *p)
{
	const struct lang_token *open = advance(p);
	struct ast_expr *first, *t;
	const char *name = NULL;
	struct lang_loc at = peek(p)->loc;

	if (peek_kind(p) == LANG_TOK_LPAREN) {
		first = nested_loop_targets(p);
		if (first == NULL)
			return NULL;
	} else {
		parser_loop_variable(p, &name, &at);
		if (p->panic)
			return NULL;
		first = name_at(p, name, at);
	}
	if (peek_kind(p) != LANG_TOK_COMMA) {
		parser_error_at(p, peek(p)->loc, "a parenthesized loop target is a tuple of "
		    "names: (a, b)");
		return NULL;
	}
	t = loop_targets(p, first, open->loc);
	if (t != NULL && !parser_expect(p, LANG_TOK_RPAREN, " to close the tuple of targets"))
		return NULL;
	return t;
}

struct ast_expr *
parser_paren_loop_targets(struct parser *p)
{
	struct lang_loc loc = peek(p)->loc;
	struct ast_expr *first = nested_loop_targets(p);

	if (first == NULL || peek_kind(p) != LANG_TOK_COMMA)
		return first;
	return loop_targets(p, first, loc);
}

/* A loop's targets are names: `for a, b in x` must not read `b in x`. */
struct ast_expr *
parser_loop_targets(struct parser *p, const char *first, struct lang_loc loc)
{
	return loop_targets(p, name_at(p, first, loc), loc);
}

void
parser_comprehension_targets(struct parser *p, struct ast_expr *comp)
{
	comp->u.comp.targets = parser_loop_targets(p, comp->u.comp.var, comp->u.comp.var_loc);
}

void
parser_unpack_comprehension(struct parser *p, struct ast_expr *comp)
{
	struct ast_expr *var = hidden_name(p, "for", comp->u.comp.var_loc);
	const struct ast_expr *targets = comp->u.comp.targets;

	if (targets == NULL || comp->u.comp.range == NULL)
		return;
	if (targets->u.list.n == 2 && is_enumerate(comp->u.comp.range)) {
		const struct ast_expr *start = comp->u.comp.range->u.call.nargs == 2 ?
		    comp->u.comp.range->u.call.args->next->value : NULL;

		/* the start is compiled before the loop, where no pass that
		 * renames a program's names looks: a number */
		if (start != NULL && start->kind != AST_INT && !(start->kind == AST_UNARY &&
		    start->u.unary.operand->kind == AST_INT)) {
			parser_error_at(p, start->loc, "enumerate()'s start in a comprehension "
			    "is a number here");
			return;
		}
		comp->u.comp.unpack = enumerate_statements(p, comp->u.comp.range, targets, var,
		    comp->u.comp.var_loc, &comp->u.comp.before);
		if (comp->u.comp.unpack != NULL)
			comp->u.comp.range = comp->u.comp.range->u.call.args->value;
	} else {
		comp->u.comp.unpack = parser_unpack_statements(p, targets, var,
		    comp->u.comp.var_loc);
	}
	comp->u.comp.var = var->u.name;
}
