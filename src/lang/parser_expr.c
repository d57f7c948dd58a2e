/* parser_expr.c - expressions: atoms, operators by precedence, conditions. */
#include "config.h"

#include "lang/parser_expr.h"
#include "lang/pymodules.h"
#include "lang/parser_unpack.h"

#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "util/xalloc.h"

static struct ast_expr *
new_expr(struct parser *p, enum ast_expr_kind kind, const struct lang_token *t)
{
	struct ast_expr *e = ast_alloc(p->arena, sizeof(*e));

	e->kind = kind;
	e->loc = t->loc;
	e->start = t->start;
	e->end = t->end;
	return e;
}

static void
extend_to_previous(struct parser *p, struct ast_expr *e)
{
	if (p->pos > 0 && p->toks[p->pos - 1].end > e->end)
		e->end = p->toks[p->pos - 1].end;
}

/* e's items, moved into the arena (items is freed); e, ended at the
 * closing bracket. */
static struct ast_expr *
take_items(struct parser *p, struct ast_expr *e, struct ast_expr **items, int n)
{
	e->u.list.items = ast_alloc(p->arena, (size_t)n * sizeof(*items) + 1);
	if (n > 0)
		memcpy(e->u.list.items, items, (size_t)n * sizeof(*items));
	e->u.list.n = n;
	free(items);
	extend_to_previous(p, e);
	return e;
}

/* The items of a list or tuple e after its first, up to close: at most
 * max of them (what they are, for the message). */
static struct ast_expr *
parse_items(struct parser *p, struct ast_expr *e, struct ast_expr *first,
    enum lang_token_kind close, int max, const char *what)
{
	struct ast_expr **items = NULL;
	size_t cap = 0;
	int n = 0;

	for (;;) {
		items = xgrow(items, &cap, (size_t)n + 1, sizeof(*items));
		items[n++] = first;
		if (!accept(p, LANG_TOK_COMMA) || peek_kind(p) == close)
			break;
		if (n >= max) {
			parser_error_at(p, peek(p)->loc, "more than %d %s", max, what);
			break;
		}
		first = parse_expr(p);
	}
	parser_expect(p, close, close == LANG_TOK_RBRACKET ? " to close the list" :
	    " to close the tuple");
	return take_items(p, e, items, n);
}

static struct ast_arg *
parse_args(struct parser *p, int *nargs)
{
	struct ast_arg *head = NULL, **tail = &head;

	*nargs = 0;
	if (accept(p, LANG_TOK_RPAREN))
		return NULL;
	for (;;) {
		struct ast_arg *a = ast_alloc(p->arena, sizeof(*a));

		if (peek_kind(p) == LANG_TOK_STAR || peek_kind(p) == LANG_TOK_POWER) {
			parser_error_at(p, peek(p)->loc, "unpacking with '%s' is not supported: "
			    "pass the arguments one by one", peek_kind(p) == LANG_TOK_STAR ?
			    "*" : "**");
			return head;
		}
		if (peek_kind(p) == LANG_TOK_NAME && peek_kind_at(p, 1) == LANG_TOK_ASSIGN) {
			a->keyword = ast_strndup(p->arena, peek(p)->text, peek(p)->text_len);
			a->keyword_loc = peek(p)->loc;
			advance(p);
			advance(p);
		}
		a->value = parse_expr(p);
		*tail = a;
		tail = &a->next;
		(*nargs)++;
		if (!accept(p, LANG_TOK_COMMA))
			break;
		if (peek_kind(p) == LANG_TOK_RPAREN)
			break;
	}
	parser_expect(p, LANG_TOK_RPAREN, " to close the call");
	return head;
}

static struct ast_expr *parse_or(struct parser *p);

static struct ast_expr *
parse_list(struct parser *p, const struct lang_token *open)
{
	struct ast_expr *e = new_expr(p, AST_LIST, open), *first;

	if (accept(p, LANG_TOK_RBRACKET)) {
		extend_to_previous(p, e);
		return e;
	}
	first = parse_expr(p);
	if (accept(p, LANG_TOK_FOR)) {
		e->kind = AST_LISTCOMP;
		e->u.comp.elem = first;
		if (p->src->python && peek_kind(p) == LANG_TOK_LPAREN) {
			e->u.comp.var_loc = peek(p)->loc;
			e->u.comp.targets = parser_paren_loop_targets(p);
			if (e->u.comp.targets == NULL)
				p->panic = true;
		} else {
			parser_loop_variable(p, &e->u.comp.var, &e->u.comp.var_loc);
			if (peek_kind(p) == LANG_TOK_COMMA && !p->panic)
				parser_comprehension_targets(p, e);
		}
		parser_expect(p, LANG_TOK_IN, " in the list comprehension");
		/* Python's or_test: an `if` after it filters, not chooses */
		e->u.comp.range = parse_or(p);
		if (e->u.comp.targets != NULL && !p->panic)
			parser_unpack_comprehension(p, e);
		if (accept(p, LANG_TOK_IF))
			e->u.comp.cond = parse_or(p);
		if (peek_kind(p) == LANG_TOK_IF || peek_kind(p) == LANG_TOK_FOR)
			parser_error_at(p, peek(p)->loc, "a comprehension with a second '%s' "
			    "is not supported; write a loop that appends",
			    peek_kind(p) == LANG_TOK_IF ? "if" : "for");
		parser_expect(p, LANG_TOK_RBRACKET, " to close the list");
		extend_to_previous(p, e);
		return e;
	}
	return parse_items(p, e, first, LANG_TOK_RBRACKET, LANG_MAX_ARRAY_LEN,
	    "elements in a list");
}

/* f"...": the lexer's pieces and fields (lexer.h) as one expression. */
/* "a" "b" is "ab", as in Python (a long message split over lines inside
 * parentheses); a plain string beside an f-string is not joined. */
static void
join_adjacent_strings(struct parser *p, struct ast_expr *e)
{
	while (peek_kind(p) == LANG_TOK_STRING || peek_kind(p) == LANG_TOK_FSTRING_START) {
		const struct lang_token *t = peek(p);
		size_t len;
		char *joined;

		if (t->kind == LANG_TOK_FSTRING_START) {
			parser_error_at(p, t->loc, "a string beside an f-string is not joined; "
			    "write them as one f-string");
			return;
		}
		parser_string_value(p);
		len = e->u.str.len + t->text_len;
		if (len > LANG_MAX_STRING_BYTES) {
			parser_error_at(p, t->loc, "string is longer than %d bytes",
			    LANG_MAX_STRING_BYTES);
			return;
		}
		joined = ast_alloc(p->arena, len + 1);
		memcpy(joined, e->u.str.s, e->u.str.len);
		memcpy(joined + e->u.str.len, t->text ? t->text : "", t->text_len);
		joined[len] = '\0';
		e->u.str.s = joined;
		e->u.str.len = len;
		extend_to_previous(p, e);
	}
}

static struct ast_expr *
parse_fstring(struct parser *p)
{
	const struct lang_token *start = advance(p);
	struct ast_expr *e = new_expr(p, AST_FSTRING, start);
	struct ast_fpart **tail = &e->u.fstr;

	while (!accept(p, LANG_TOK_FSTRING_END)) {
		const struct lang_token *t = peek(p);
		struct ast_fpart *part = ast_alloc(p->arena, sizeof(*part));

		if (t->kind == LANG_TOK_STRING) {
			advance(p);
			part->text = ast_strndup(p->arena, t->text, t->text_len);
			part->len = t->text_len;
		} else if (accept(p, LANG_TOK_LBRACE)) {
			part->expr = parse_expr(p);
			if (peek_kind(p) == LANG_TOK_ASSIGN)
				parser_error_at(p, peek(p)->loc, "'=' in an f-string field is "
				    "not supported; write the name yourself: f\"x={x}\"");
			if (peek_kind(p) == LANG_TOK_FSTRING_CONV)
				part->conv = advance(p)->text[0];
			if (peek_kind(p) == LANG_TOK_FSTRING_SPEC) {
				part->spec = ast_strndup(p->arena, peek(p)->text, peek(p)->text_len);
				part->spec_loc = peek(p)->loc;
				advance(p);
			}
			parser_expect(p, LANG_TOK_RBRACE, " to close the f-string's field");
		} else {
			parser_expect(p, LANG_TOK_FSTRING_END, " to end the f-string");
		}
		if (p->panic) {
			/* the rest of the string is no use */
			while (peek_kind(p) != LANG_TOK_FSTRING_END && peek_kind(p) != LANG_TOK_NEWLINE &&
			    peek_kind(p) != LANG_TOK_EOF)
				advance(p);
			accept(p, LANG_TOK_FSTRING_END);
			break;
		}
		*tail = part;
		tail = &part->next;
	}
	extend_to_previous(p, e);
	return e;
}

/* {key: value, ...} after the brace. */
static struct ast_expr *
parse_dict(struct parser *p, const struct lang_token *open)
{
	struct ast_expr *e = new_expr(p, AST_DICT, open);
	struct ast_expr **items = NULL;
	size_t cap = 0;
	int n = 0;

	while (peek_kind(p) != LANG_TOK_RBRACE && peek_kind(p) != LANG_TOK_EOF) {
		items = xgrow(items, &cap, (size_t)n + 2, sizeof(*items));
		items[n++] = parse_expr(p);
		if (n == 1 && (peek_kind(p) == LANG_TOK_COMMA || peek_kind(p) == LANG_TOK_RBRACE)) {
			parser_error_at(p, open->loc, "set literals are not supported yet");
			break;
		}
		parser_expect(p, LANG_TOK_COLON, " between a key and its value");
		items[n++] = parse_expr(p);
		if (!accept(p, LANG_TOK_COMMA))
			break;
		if (n >= 2 * LANG_MAX_ARRAY_LEN) {
			parser_error_at(p, peek(p)->loc, "more than %d entries in a dict",
			    LANG_MAX_ARRAY_LEN);
			break;
		}
	}
	parser_expect(p, LANG_TOK_RBRACE, " to close the dict");
	return take_items(p, e, items, n);
}

/* (first, ...) once the comma after first is seen; () if first is NULL. */
static struct ast_expr *
parse_tuple(struct parser *p, const struct lang_token *open, struct ast_expr *first)
{
	struct ast_expr *e = new_expr(p, AST_TUPLE, open);

	if (first == NULL) {
		parser_expect(p, LANG_TOK_RPAREN, " to close the tuple");
		return take_items(p, e, NULL, 0);
	}
	return parse_items(p, e, first, LANG_TOK_RPAREN, LANG_MAX_ARRAY_LEN,
	    "items in a tuple");
}

static struct ast_expr *
parse_atom(struct parser *p)
{
	const struct lang_token *t = peek(p);
	struct ast_expr *e = NULL;
	char buf[96];

	switch (t->kind) {
	case LANG_TOK_INT:
		advance(p);
		e = new_expr(p, AST_INT, t);
		e->u.ival = t->ival;
		return e;
	case LANG_TOK_STRING:
		parser_string_value(p);
		e = new_expr(p, AST_STR, t);
		e->u.str.s = ast_strndup(p->arena, t->text ? t->text : "", t->text_len);
		e->u.str.len = t->text_len;
		join_adjacent_strings(p, e);
		return e;
	case LANG_TOK_TRUE:
	case LANG_TOK_FALSE:
		advance(p);
		e = new_expr(p, AST_BOOL, t);
		e->u.ival = t->kind == LANG_TOK_TRUE;
		return e;
	case LANG_TOK_NONE:
		advance(p);
		return new_expr(p, AST_NONE, t);
	case LANG_TOK_NAME:
		advance(p);
		e = new_expr(p, AST_NAME, t);
		e->u.name = ast_strndup(p->arena, t->text, t->text_len);
		return e;
	case LANG_TOK_LPAREN:
		advance(p);
		if (peek_kind(p) == LANG_TOK_RPAREN || (e = parse_expr(p),
		    peek_kind(p) == LANG_TOK_COMMA))
			return parse_tuple(p, t, peek_kind(p) == LANG_TOK_RPAREN ? NULL : e);
		parser_expect(p, LANG_TOK_RPAREN, " to close the parenthesis");
		e->start = t->start;
		extend_to_previous(p, e);
		return e;
	case LANG_TOK_LBRACKET:
		advance(p);
		return parse_list(p, t);
	case LANG_TOK_LBRACE:
		advance(p);
		return parse_dict(p, t);
	case LANG_TOK_PYTHON_ONLY:
		if (p->src->python)
			parser_error_at(p, t->loc, "%s", parser_python_unsupported(t->text));
		else
			parser_error_at(p, t->loc, "'%s' is not part of the scenario language%s",
			    t->text, parser_python_only_hint(t->text));
		break;
	case LANG_TOK_FLOAT:
		advance(p);
		e = new_expr(p, AST_FLOAT, t);
		e->u.fval = t->fval;
		return e;
	case LANG_TOK_FSTRING_START:
		return parse_fstring(p);
	case LANG_TOK_MAIN:
	case LANG_TOK_THREAD:
		parser_error_at(p, t->loc, "'%s' is a keyword; it cannot be used as a name",
		    t->text);
		break;
	default:
		parser_error_at(p, t->loc, "expected an expression, found %s",
		    parser_found(t, buf, sizeof(buf)));
	}
	return new_expr(p, AST_NONE, t);
}

static struct ast_expr *
parse_postfix(struct parser *p)
{
	struct ast_expr *e = parse_atom(p);

	for (;;) {
		const struct lang_token *t = peek(p);
		struct ast_expr *n;

		if (accept(p, LANG_TOK_LBRACKET)) {
			n = new_expr(p, AST_INDEX, t);
			n->start = e->start;
			n->loc = e->loc;
			n->u.index.base = e;
			if (peek_kind(p) != LANG_TOK_COLON)
				n->u.index.index = parse_expr(p);
			if (peek_kind(p) == LANG_TOK_COLON) {
				parser_error_at(p, peek(p)->loc, "slices (a[i:j]) are not "
				    "supported yet; index one element at a time");
				if (n->u.index.index == NULL)
					n->u.index.index = new_expr(p, AST_NONE, peek(p));
			}
			parser_expect(p, LANG_TOK_RBRACKET, " to close the index");
		} else if (accept(p, LANG_TOK_DOT)) {
			const struct lang_token *name = peek(p);

			n = new_expr(p, AST_ATTR, name);
			n->start = e->start;
			n->u.attr.base = e;
			if (!parser_expect(p, LANG_TOK_NAME, " after '.'"))
				return n;
			n->u.attr.name = ast_strndup(p->arena, name->text, name->text_len);
			/* a .py file's t.name and t.daemon: compile_threads.c
			 * reads them or says why not; a .race file's
			 * queue.Empty, an exception class (compile_try.c), and,
			 * once it has a class, its instances' attributes */
			if (peek_kind(p) != LANG_TOK_LPAREN && !p->src->python && !p->saw_class &&
			    !(e->kind == AST_NAME && lang_py_module_known(e->u.name))) {
				parser_error_at(p, name->loc,
				    "'%s' must be called: write %s()", name->text, name->text);
				return n;
			}
		} else if (accept(p, LANG_TOK_LPAREN)) {
			n = new_expr(p, AST_CALL, t);
			n->start = e->start;
			n->loc = e->loc;
			n->u.call.callee = e;
			n->u.call.args = parse_args(p, &n->u.call.nargs);
		} else {
			return e;
		}
		extend_to_previous(p, n);
		e = n;
	}
}

static bool
enter(struct parser *p, const struct lang_token *t)
{
	if (++p->depth > LANG_MAX_EXPR_DEPTH) {
		parser_error_at(p, t->loc, "expression nested more than %d deep",
		    LANG_MAX_EXPR_DEPTH);
		return false;
	}
	return true;
}

/* Each operator of a chain like a + b + c nests the tree one level deeper,
 * so chains count toward the depth limit too: the compiler recurses on it. */
static bool
enter_operator(struct parser *p, const struct lang_token *t)
{
	if (++p->depth > LANG_MAX_EXPR_DEPTH) {
		parser_error_at(p, t->loc, "expression more than %d levels deep (each operator "
		    "of a chain is a level); split it into several statements",
		    LANG_MAX_EXPR_DEPTH);
		return false;
	}
	return true;
}

static struct ast_expr *
parse_unary(struct parser *p)
{
	const struct lang_token *t = peek(p);
	struct ast_expr *e;

	if (t->kind != LANG_TOK_MINUS && t->kind != LANG_TOK_PLUS)
		return parse_postfix(p);
	if (!enter(p, t)) {
		p->depth--;
		return new_expr(p, AST_NONE, t);
	}
	advance(p);
	if (t->kind == LANG_TOK_PLUS) {
		e = parse_unary(p);
	} else {
		e = new_expr(p, AST_UNARY, t);
		e->u.unary.op = LANG_UN_NEG;
		e->u.unary.operand = parse_unary(p);
		extend_to_previous(p, e);
	}
	p->depth--;
	return e;
}

static struct ast_expr *
binary(struct parser *p, const struct lang_token *op, enum lang_binop kind,
    struct ast_expr *lhs, struct ast_expr *rhs)
{
	struct ast_expr *e = new_expr(p, AST_BINARY, op);

	e->start = lhs->start;
	e->u.binary.op = kind;
	e->u.binary.lhs = lhs;
	e->u.binary.rhs = rhs;
	extend_to_previous(p, e);
	return e;
}

static struct ast_expr *
parse_term(struct parser *p)
{
	struct ast_expr *e = parse_unary(p);
	int depth = p->depth;

	for (;;) {
		const struct lang_token *t = peek(p);
		enum lang_binop op;

		if (t->kind == LANG_TOK_STAR)
			op = LANG_BIN_MUL;
		else if (t->kind == LANG_TOK_FLOORDIV)
			op = LANG_BIN_FLOORDIV;
		else if (t->kind == LANG_TOK_MOD)
			op = LANG_BIN_MOD;
		else if (t->kind == LANG_TOK_SLASH) {
			parser_error_at(p, t->loc, "'/' divides into a fraction; write '//' "
			    "for integer division");
			op = LANG_BIN_FLOORDIV;
		} else if (t->kind == LANG_TOK_POWER) {
			parser_error_at(p, t->loc, "'**' is not part of the scenario language");
			op = LANG_BIN_MUL;
		} else
			break;
		if (!enter_operator(p, t))
			break;
		advance(p);
		e = binary(p, t, op, e, parse_unary(p));
	}
	p->depth = depth;
	return e;
}

static struct ast_expr *
parse_sum(struct parser *p)
{
	struct ast_expr *e = parse_term(p);
	int depth = p->depth;

	for (;;) {
		const struct lang_token *t = peek(p);

		if ((t->kind != LANG_TOK_PLUS && t->kind != LANG_TOK_MINUS) ||
		    !enter_operator(p, t))
			break;
		advance(p);
		e = binary(p, t, t->kind == LANG_TOK_PLUS ? LANG_BIN_ADD : LANG_BIN_SUB,
		    e, parse_term(p));
	}
	p->depth = depth;
	return e;
}

/* The comparison operator at hand, consuming it; -1 if none. */
static int
comparison_operator(struct parser *p)
{
	switch (peek_kind(p)) {
	case LANG_TOK_EQ: advance(p); return LANG_BIN_EQ;
	case LANG_TOK_NE: advance(p); return LANG_BIN_NE;
	case LANG_TOK_LT: advance(p); return LANG_BIN_LT;
	case LANG_TOK_LE: advance(p); return LANG_BIN_LE;
	case LANG_TOK_GT: advance(p); return LANG_BIN_GT;
	case LANG_TOK_GE: advance(p); return LANG_BIN_GE;
	case LANG_TOK_IS:
		advance(p);
		return accept(p, LANG_TOK_NOT) ? LANG_BIN_NE : LANG_BIN_EQ;
	case LANG_TOK_IN:
		advance(p);
		return LANG_BIN_COUNT;	/* in */
	case LANG_TOK_NOT:
		if (peek_kind_at(p, 1) == LANG_TOK_IN) {
			advance(p);
			advance(p);
			return LANG_BIN_COUNT + 1;	/* not in */
		}
		return -1;
	default:
		return -1;
	}
}

static struct ast_expr *
parse_comparison(struct parser *p)
{
	struct ast_expr *e = parse_sum(p);
	const struct lang_token *t = peek(p);
	int op = comparison_operator(p);

	if (op < 0)
		return e;
	if (op >= LANG_BIN_COUNT) {
		e = binary(p, t, op == LANG_BIN_COUNT ? LANG_BIN_EQ : LANG_BIN_NE, e, parse_sum(p));
		e->kind = AST_IN;
	} else {
		e = binary(p, t, (enum lang_binop)op, e, parse_sum(p));
	}
	if (p->src->python && t->kind == LANG_TOK_IS && e->u.binary.lhs->kind != AST_NONE &&
	    e->u.binary.rhs->kind != AST_NONE)
		parser_error_at(p, t->loc, "'is' compares identity, which lockstep supports "
		    "only against None (x is None); write '%s' to compare values",
		    op == LANG_BIN_EQ ? "==" : "!=");
	t = peek(p);
	if (comparison_operator(p) >= 0) {
		parser_error_at(p, t->loc, "chained comparisons are not supported; "
		    "write a < b and b < c");
		parse_sum(p);
	}
	return e;
}

static struct ast_expr *
parse_not(struct parser *p)
{
	const struct lang_token *t = peek(p);
	struct ast_expr *e;

	if (t->kind != LANG_TOK_NOT)
		return parse_comparison(p);
	if (!enter(p, t)) {
		p->depth--;
		return new_expr(p, AST_NONE, t);
	}
	advance(p);
	e = new_expr(p, AST_UNARY, t);
	e->u.unary.op = LANG_UN_NOT;
	e->u.unary.operand = parse_not(p);
	extend_to_previous(p, e);
	p->depth--;
	return e;
}

static struct ast_expr *
parse_logic(struct parser *p, enum lang_token_kind op_kind,
    enum ast_expr_kind kind, struct ast_expr *(*operand)(struct parser *))
{
	struct ast_expr *e = operand(p);
	int depth = p->depth;

	while (peek_kind(p) == op_kind && enter_operator(p, peek(p))) {
		const struct lang_token *t = advance(p);
		struct ast_expr *n = new_expr(p, kind, t);

		n->start = e->start;
		n->u.logic.lhs = e;
		n->u.logic.rhs = operand(p);
		extend_to_previous(p, n);
		e = n;
	}
	p->depth = depth;
	return e;
}

static struct ast_expr *
parse_and(struct parser *p)
{
	return parse_logic(p, LANG_TOK_AND, AST_AND, parse_not);
}

/* Python forms after an expression that the subset lacks, said by name
 * rather than as a syntax error. */
static void
python_only_forms(struct parser *p)
{
	const struct lang_token *t = peek(p);

	if (t->kind == LANG_TOK_COLON && peek_kind_at(p, 1) == LANG_TOK_ASSIGN &&
	    p->toks[p->pos + 1].start == t->end)
		parser_error_at(p, t->loc, "':=' (an assignment expression) is not supported; "
		    "assign on a line of its own");
}

static struct ast_expr *
parse_or(struct parser *p)
{
	return parse_logic(p, LANG_TOK_OR, AST_OR, parse_and);
}

/* a if c else b: Python's lowest precedence but lambda's, and right
 * associative (a if c else b if d else e is a if c else (b if d else e)). */
static struct ast_expr *
parse_conditional(struct parser *p)
{
	struct ast_expr *e = parse_or(p), *n;
	const struct lang_token *t;
	int depth = p->depth;

	if (peek_kind(p) != LANG_TOK_IF || !enter_operator(p, peek(p))) {
		p->depth = depth;
		return e;
	}
	t = advance(p);
	n = new_expr(p, AST_COND, t);
	n->start = e->start;
	n->u.cond.then = e;
	n->u.cond.cond = parse_or(p);
	if (parser_expect(p, LANG_TOK_ELSE, " in the conditional expression (a if c else b)"))
		n->u.cond.otherwise = parse_conditional(p);
	else
		n->u.cond.otherwise = new_expr(p, AST_NONE, t);
	extend_to_previous(p, n);
	p->depth = depth;
	return n;
}

struct ast_expr *
parse_expr(struct parser *p)
{
	const struct lang_token *t = peek(p);
	struct ast_expr *e;

	if (!enter(p, t)) {
		p->depth--;
		return new_expr(p, AST_NONE, t);
	}
	e = parse_conditional(p);
	p->depth--;
	if (p->src->python)
		python_only_forms(p);
	return e;
}

/* A condition: an expression where '=' is surely meant as '=='. */
struct ast_expr *
parse_condition(struct parser *p)
{
	struct ast_expr *e = parse_expr(p);

	if (peek_kind(p) == LANG_TOK_ASSIGN)
		parser_error_at(p, peek(p)->loc, "'=' assigns; write '==' to compare");
	return e;
}
