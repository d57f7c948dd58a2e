/* parser.c - statements, the top level and error recovery; expressions are
 * in parser_expr.c, the token cursor in parser_cursor.c. */
#include "config.h"

#include "lang/parser.h"
#include "lang/parser_cursor.h"
#include "lang/parser_expr.h"
#include "lang/parser_unpack.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* At an INDENT: skip to the end of the block it opens. */
static void
skip_block(struct parser *p)
{
	int depth = 0;

	do {
		if (peek_kind(p) == LANG_TOK_INDENT)
			depth++;
		else if (peek_kind(p) == LANG_TOK_DEDENT)
			depth--;
		advance(p);
	} while (depth > 0 && peek_kind(p) != LANG_TOK_EOF);
}

/* Skip the rest of the logical line, and the block under it if one
 * follows: how the parser resynchronizes after an error. */
static void
skip_statement(struct parser *p)
{
	while (peek_kind(p) != LANG_TOK_EOF && peek_kind(p) != LANG_TOK_NEWLINE &&
	    peek_kind(p) != LANG_TOK_DEDENT)
		advance(p);
	accept(p, LANG_TOK_NEWLINE);
	if (peek_kind(p) == LANG_TOK_INDENT)
		skip_block(p);
}

/* ---- statements ---- */

static struct ast_stmt *parse_statement(struct parser *p);
static struct ast_top *parse_def(struct parser *p);

static struct ast_stmt *
new_stmt(struct parser *p, enum ast_stmt_kind kind, const struct lang_token *t)
{
	struct ast_stmt *s = ast_alloc(p->arena, sizeof(*s));

	s->kind = kind;
	s->loc = t->loc;
	return s;
}

/* After a statement: NEWLINE, or an error and a resync. */
static void
end_of_statement(struct parser *p)
{
	char buf[96];

	if (!p->panic && !accept(p, LANG_TOK_NEWLINE))
		parser_error_at(p, peek(p)->loc, "expected end of line, found %s",
		    parser_found(peek(p), buf, sizeof(buf)));
	if (p->panic) {
		skip_statement(p);
		p->panic = false;
	}
}

/* The statements of a block, after its ':'. */
static struct ast_stmt *
parse_block(struct parser *p, const char *what)
{
	struct ast_stmt *head = NULL, **tail = &head;
	char buf[96];

	if (p->panic) {
		skip_statement(p);
		p->panic = false;
		return NULL;
	}
	if (!accept(p, LANG_TOK_NEWLINE)) {
		/* A one-line block: `if x: y = 1`; as in Python, only a
		 * simple statement may follow the colon. */
		switch (peek_kind(p)) {
		case LANG_TOK_IF:
		case LANG_TOK_WHILE:
		case LANG_TOK_FOR:
		case LANG_TOK_WITH:
		case LANG_TOK_ATOMIC:
			parser_error_at(p, peek(p)->loc, "'%s' cannot follow ':' on the same "
			    "line; start it on a line of its own, indented", peek(p)->text);
			skip_statement(p);
			p->panic = false;
			return NULL;
		default:
			return parse_statement(p);
		}
	}
	if (!accept(p, LANG_TOK_INDENT)) {
		/* The token before the NEWLINE is the ':' of the header. */
		parser_error_at(p, peek(p)->loc, "expected an indented block after %s "
		    "on line %u, found %s", what, p->toks[p->pos - 2].loc.line,
		    parser_found(peek(p), buf, sizeof(buf)));
		p->panic = false;
		return NULL;
	}
	while (peek_kind(p) != LANG_TOK_DEDENT && peek_kind(p) != LANG_TOK_EOF &&
	    !lang_diags_full(p->diags)) {
		struct ast_stmt *s;

		if (accept(p, LANG_TOK_NEWLINE))
			continue;
		if (peek_kind(p) == LANG_TOK_INDENT) {
			parser_error_at(p, peek(p)->loc, "unexpected indentation");
			skip_block(p);
			p->panic = false;
			continue;
		}
		s = parse_statement(p);
		if (s != NULL) {
			*tail = s;
			while (s->next != NULL)
				s = s->next;
			tail = &s->next;
		}
	}
	accept(p, LANG_TOK_DEDENT);
	return head;
}

/* if/elif/else; a loop, not recursion, since elif chains can be long. */
static struct ast_stmt *
parse_if(struct parser *p)
{
	const struct lang_token *t = advance(p);
	struct ast_stmt *first = new_stmt(p, AST_IF, t), *s = first;

	for (;;) {
		s->u.if_.cond = parse_condition(p);
		parser_expect(p, LANG_TOK_COLON, " after the condition");
		s->u.if_.then = parse_block(p, t->kind == LANG_TOK_IF ? "'if'" : "'elif'");
		if (peek_kind(p) != LANG_TOK_ELIF)
			break;
		t = advance(p);
		s->u.if_.otherwise = new_stmt(p, AST_IF, t);
		s = s->u.if_.otherwise;
	}
	if (peek_kind(p) == LANG_TOK_ELSE) {
		advance(p);
		parser_expect(p, LANG_TOK_COLON, " after 'else'");
		s->u.if_.otherwise = parse_block(p, "'else'");
	}
	return first;
}

/* Python's `else:` after a loop runs when the loop ends without break;
 * lockstep has no such block, so say what to write instead. */
static void
reject_loop_else(struct parser *p, const char *loop)
{
	const struct lang_token *t;

	if (peek_kind(p) != LANG_TOK_ELSE)
		return;
	t = advance(p);
	parser_error_at(p, t->loc, "'else' after a '%s' loop is not supported: set a flag "
	    "before 'break' and test it after the loop", loop);
	p->panic = false;
	parser_expect(p, LANG_TOK_COLON, " after 'else'");
	(void)parse_block(p, "'else'");
}

static struct ast_stmt *
parse_compound(struct parser *p)
{
	const struct lang_token *t = peek(p);
	const struct ast_expr *targets;
	struct ast_stmt *s;

	switch (t->kind) {
	case LANG_TOK_IF:
		return parse_if(p);
	case LANG_TOK_WHILE:
		advance(p);
		s = new_stmt(p, AST_WHILE, t);
		s->u.while_.cond = parse_condition(p);
		parser_expect(p, LANG_TOK_COLON, " after the condition");
		s->u.while_.body = parse_block(p, "'while'");
		reject_loop_else(p, "while");
		return s;
	case LANG_TOK_FOR:
		advance(p);
		s = new_stmt(p, AST_FOR, t);
		if (p->src->python && peek_kind(p) == LANG_TOK_LPAREN) {
			s->u.for_.var_loc = peek(p)->loc;
			targets = parser_paren_loop_targets(p);
			if (targets == NULL)
				p->panic = true;
		} else {
			parser_loop_variable(p, &s->u.for_.var, &s->u.for_.var_loc);
			targets = !p->panic && peek_kind(p) == LANG_TOK_COMMA ?
			    parser_loop_targets(p, s->u.for_.var, s->u.for_.var_loc) : NULL;
		}
		if (!p->panic)
			parser_expect(p, LANG_TOK_IN, " after the loop variable");
		if (!p->panic)
			s->u.for_.range = parse_expr(p);
		parser_expect(p, LANG_TOK_COLON, " after the range");
		s->u.for_.body = parse_block(p, "'for'");
		reject_loop_else(p, "for");
		return targets != NULL ? parser_unpack_loop(p, s, targets) : s;
	case LANG_TOK_ATOMIC:
		advance(p);
		s = new_stmt(p, AST_ATOMIC, t);
		parser_expect(p, LANG_TOK_COLON, " after 'atomic'");
		s->u.body = parse_block(p, "'atomic:'");
		return s;
	case LANG_TOK_DEF:
		parser_error_at(p, t->loc, "nested functions are not supported: define it at "
		    "top level");
		skip_statement(p);
		p->panic = false;
		return new_stmt(p, AST_PASS, t);
	case LANG_TOK_WITH:
		advance(p);
		s = new_stmt(p, AST_WITH, t);
		s->u.with.prim = parse_expr(p);
		if (peek_kind(p) == LANG_TOK_COMMA)
			parser_error_at(p, peek(p)->loc,
			    "'with' takes one lock; nest one 'with' block in another");
		else if (peek_kind(p) == LANG_TOK_NAME && strcmp(peek(p)->text, "as") == 0 &&
		    s->u.with.prim->kind == AST_CALL)
			parser_error_at(p, peek(p)->loc, "'with ... as' is not supported: "
			    "'with' takes a lock, a condition or a semaphore by its name "
			    "(files and other context managers are not supported)");
		else if (peek_kind(p) == LANG_TOK_NAME && strcmp(peek(p)->text, "as") == 0)
			parser_error_at(p, peek(p)->loc, "'with ... as' is not needed: "
			    "write 'with %.*s:'", (int)(s->u.with.prim->end -
			    s->u.with.prim->start), p->src->text + s->u.with.prim->start);
		parser_expect(p, LANG_TOK_COLON, " after the lock");
		s->u.with.body = parse_block(p, "'with'");
		return s;
	case LANG_TOK_NAME:
		/* `match x:` / `case 1:`: Python's soft keywords, followed by
		 * what no expression statement can be */
		if ((strcmp(t->text, "match") != 0 && strcmp(t->text, "case") != 0) ||
		    (peek_kind_at(p, 1) != LANG_TOK_NAME && peek_kind_at(p, 1) != LANG_TOK_INT &&
		    peek_kind_at(p, 1) != LANG_TOK_STRING))
			return NULL;
		parser_error_at(p, t->loc, "'match' statements are not supported: "
		    "write if/elif/else");
		skip_statement(p);
		p->panic = false;
		return new_stmt(p, AST_PASS, t);
	case LANG_TOK_PYTHON_ONLY:
		/* a .race file takes try as a .py file does (issue 17) */
		if (strcmp(t->text, "try") == 0)
			return parser_python_try(p);
		return NULL;
	default:
		return NULL;
	}
}

static enum lang_binop
augmented_op(enum lang_token_kind kind, bool *ok)
{
	*ok = true;
	switch (kind) {
	case LANG_TOK_PLUS_ASSIGN: return LANG_BIN_ADD;
	case LANG_TOK_MINUS_ASSIGN: return LANG_BIN_SUB;
	case LANG_TOK_STAR_ASSIGN: return LANG_BIN_MUL;
	case LANG_TOK_FLOORDIV_ASSIGN: return LANG_BIN_FLOORDIV;
	case LANG_TOK_MOD_ASSIGN: return LANG_BIN_MOD;
	default:
		*ok = false;
		return LANG_BIN_ADD;
	}
}

/* The names of `global a, b`. */
static void
parse_global_names(struct parser *p, struct ast_stmt *s)
{
	struct ast_name **tail = &s->u.names;

	do {
		struct ast_name *n;

		if (peek_kind(p) != LANG_TOK_NAME) {
			parser_expect(p, LANG_TOK_NAME, " after 'global'");
			return;
		}
		n = ast_alloc(p->arena, sizeof(*n));
		n->name = ast_strndup(p->arena, peek(p)->text, peek(p)->text_len);
		n->loc = peek(p)->loc;
		advance(p);
		*tail = n;
		tail = &n->next;
	} while (accept(p, LANG_TOK_COMMA));
}

static struct ast_stmt *
parse_simple(struct parser *p)
{
	const struct lang_token *t = peek(p);
	struct ast_stmt *s;
	struct ast_expr *e;
	bool augmented;
	enum lang_binop op;

	switch (t->kind) {
	case LANG_TOK_PASS:
		advance(p);
		return new_stmt(p, AST_PASS, t);
	case LANG_TOK_BREAK:
		advance(p);
		return new_stmt(p, AST_BREAK, t);
	case LANG_TOK_CONTINUE:
		advance(p);
		return new_stmt(p, AST_CONTINUE, t);
	case LANG_TOK_ASSERT:
		advance(p);
		s = new_stmt(p, AST_ASSERT, t);
		s->u.assert_.cond = parse_condition(p);
		if (accept(p, LANG_TOK_COMMA))
			s->u.assert_.message = parse_expr(p);
		return s;
	case LANG_TOK_RETURN:
		advance(p);
		s = new_stmt(p, AST_RETURN, t);
		if (peek_kind(p) != LANG_TOK_NEWLINE && peek_kind(p) != LANG_TOK_DEDENT &&
		    peek_kind(p) != LANG_TOK_EOF)
			s->u.value = parser_value(p);	/* return a, b */
		return s;
	case LANG_TOK_GLOBAL:
		advance(p);
		s = new_stmt(p, AST_GLOBAL, t);
		parse_global_names(p, s);
		return s;
	case LANG_TOK_ELSE:
	case LANG_TOK_ELIF:
		parser_error_at(p, t->loc, "'%s' without a matching 'if'", t->text);
		return NULL;
	case LANG_TOK_MAIN:
		if (peek_kind_at(p, 1) == LANG_TOK_DOT) {
			parser_error_at(p, t->loc, "main cannot be started or joined; it is "
			    "the thread that starts the others");
			return NULL;
		}
		parser_error_at(p, t->loc, "'%s' belongs at the top level, not inside a block",
		    t->text);
		return NULL;
	case LANG_TOK_THREAD:
	case LANG_TOK_DAEMON:
	case LANG_TOK_EXPECT:
		parser_error_at(p, t->loc, "'%s' belongs at the top level, not inside a block",
		    t->text);
		return NULL;
	case LANG_TOK_PYTHON_ONLY:
		if (strcmp(t->text, "raise") == 0)
			return parser_python_raise(p);
		if (p->src->python || strcmp(t->text, "except") == 0 ||
		    strcmp(t->text, "finally") == 0 || strcmp(t->text, "import") == 0 ||
		    strcmp(t->text, "from") == 0)
			parser_error_at(p, t->loc, "%s", parser_python_unsupported(t->text));
		else if (strcmp(t->text, "class") == 0)
			parser_error_at(p, t->loc, "'class' belongs at the top level of the file, "
			    "not inside a block");
		else
			parser_error_at(p, t->loc, "'%s' is not part of the scenario language%s",
			    t->text, parser_python_only_hint(t->text));
		return NULL;
	case LANG_TOK_STRING:
		/* a docstring (a statement that is only a string) does nothing
		 * and is no value: any length, never kept */
		if (peek_kind_at(p, 1) == LANG_TOK_NEWLINE) {
			advance(p);
			return new_stmt(p, AST_PASS, t);
		}
		break;
	default:
		break;
	}
	if (p->src->python && t->kind == LANG_TOK_STAR) {
		/* *init, last = xs */
		advance(p);
		e = parse_expr(p);
		if (peek_kind(p) != LANG_TOK_COMMA) {
			if (!p->panic)
				parser_error_at(p, t->loc, "SyntaxError: starred assignment target "
				    "must be in a list or tuple");
			return NULL;
		}
		return parser_tuple_assignment(p, t, e, 0);
	}
	e = parse_expr(p);
	if (peek_kind(p) == LANG_TOK_COMMA && !p->panic)
		return parser_tuple_assignment(p, t, e, -1);
	op = augmented_op(peek_kind(p), &augmented);
	if (peek_kind(p) == LANG_TOK_ASSIGN || augmented) {
		const struct lang_token *optok = advance(p);

		s = new_stmt(p, AST_ASSIGN, t);
		s->u.assign.target = e;
		s->u.assign.augmented = augmented;
		s->u.assign.op = op;
		s->u.assign.op_loc = optok->loc;
		/* an attribute is checked by the compiler (t.daemon = True) */
		if (e->kind != AST_NAME && e->kind != AST_INDEX &&
		    !((p->src->python || p->saw_class) && e->kind == AST_ATTR))
			parser_error_at(p, e->loc, "cannot assign to this; the left of '%s' must "
			    "be a name or an indexed array element",
			    optok->text != NULL ? optok->text : "=");
		s->u.assign.value = parser_value(p);
		if (peek_kind(p) == LANG_TOK_ASSIGN)
			parser_error_at(p, peek(p)->loc, "one assignment per statement: "
			    "write a = 1 and b = 1 on two lines");
		return s;
	}
	s = new_stmt(p, AST_EXPR, t);
	s->u.expr = e;
	return s;
}

static struct ast_stmt *
parse_statement(struct parser *p)
{
	struct ast_stmt *s = parse_compound(p);

	if (s != NULL)
		return s;
	s = parse_simple(p);
	end_of_statement(p);
	return s;
}

/* The statement machinery, for the Python module's top level
 * (parser_py.c). */
struct ast_stmt *
parser_statement(struct parser *p)
{
	return parse_statement(p);
}

struct ast_top *
parser_def(struct parser *p)
{
	struct ast_top *top = parse_def(p);

	if (p->panic) {
		skip_statement(p);
		p->panic = false;
	}
	return top;
}

struct ast_stmt *
parser_block(struct parser *p, const char *what)
{
	return parse_block(p, what);
}

void
parser_skip_statement(struct parser *p)
{
	skip_statement(p);
}

void
parser_end_of_statement(struct parser *p)
{
	end_of_statement(p);
}

/* ---- top level ---- */

static struct ast_top *
new_top(struct parser *p, enum ast_top_kind kind, const struct lang_token *t)
{
	struct ast_top *top = ast_alloc(p->arena, sizeof(*top));

	top->kind = kind;
	top->loc = t->loc;
	return top;
}

static void
block_lines(struct parser *p, struct ast_top *top, const struct lang_token *start)
{
	size_t last = p->pos > 0 ? p->pos - 1 : 0;

	while (last > 0 && (p->toks[last].kind == LANG_TOK_DEDENT ||
	    p->toks[last].kind == LANG_TOK_NEWLINE || p->toks[last].kind == LANG_TOK_EOF))
		last--;
	top->first_line = start->loc.line;
	top->last_line = p->toks[last].loc.line;
}

static struct ast_top *
parse_thread(struct parser *p)
{
	const struct lang_token *start = peek(p);
	bool daemon = accept(p, LANG_TOK_DAEMON);
	struct ast_top *top;

	if (daemon && peek_kind(p) != LANG_TOK_THREAD) {
		parser_expect(p, LANG_TOK_THREAD, " after 'daemon'");
		return NULL;
	}
	advance(p);
	top = new_top(p, AST_THREAD, start);
	top->daemon = daemon;
	if (peek_kind(p) != LANG_TOK_NAME) {
		if (peek(p)->text != NULL && peek_kind(p) != LANG_TOK_STRING)
			parser_error_at(p, peek(p)->loc, "'%s' is a keyword; give the thread "
			    "another name", peek(p)->text);
		else
			parser_expect(p, LANG_TOK_NAME, " (the thread's name) after 'thread'");
		return NULL;
	}
	top->name = ast_strndup(p->arena, peek(p)->text, peek(p)->text_len);
	top->name_loc = peek(p)->loc;
	advance(p);
	if (accept(p, LANG_TOK_LBRACKET)) {
		top->count = parse_expr(p);
		parser_expect(p, LANG_TOK_RBRACKET, " after the number of threads");
	}
	if (peek_kind(p) == LANG_TOK_LPAREN)
		parser_error_at(p, peek(p)->loc, "a thread takes no parameters; write "
		    "'thread %s:', or 'thread %s[N]:' for a group of N threads that "
		    "tell themselves apart by tid", top->name, top->name);
	parser_expect(p, LANG_TOK_COLON, " after the thread's name");
	top->body = parse_block(p, "'thread'");
	block_lines(p, top, start);
	return top;
}

/* A type annotation (`x: int`, `-> None`) says nothing the program runs
 * by: parsed and dropped. */
static void
skip_annotation(struct parser *p)
{
	(void)parse_expr(p);
}

/* One parameter: NAME or NAME=default; *args and **kwargs are named. */
static struct ast_param *
parse_param(struct parser *p)
{
	const struct lang_token *t = peek(p);
	struct ast_param *param;
	char buf[96];

	if (t->kind == LANG_TOK_STAR && peek_kind_at(p, 1) != LANG_TOK_NAME) {
		/* def f(a, *, b=1): no *args, only the marker */
		parser_error_at(p, t->loc, "keyword-only parameters (a bare '*') are not "
		    "supported: leave out the '*' and name the argument in each call: "
		    "f(1, b=2)");
		return NULL;
	}
	if (t->kind == LANG_TOK_STAR || t->kind == LANG_TOK_POWER) {
		bool two = t->kind == LANG_TOK_POWER;

		parser_error_at(p, t->loc, "'%s%s' is not supported: %s", two ? "**" : "*",
		    peek_kind_at(p, 1) == LANG_TOK_NAME ? peek(p)[1].text :
		    (two ? "kwargs" : "args"), two ?
		    "name each keyword parameter, with a default: def f(a, b=0)" :
		    "name each parameter: def f(a, b, c)");
		return NULL;
	}
	if (t->kind != LANG_TOK_NAME) {
		parser_error_at(p, t->loc, "expected a parameter's name, found %s",
		    parser_found(t, buf, sizeof(buf)));
		return NULL;
	}
	advance(p);
	param = ast_alloc(p->arena, sizeof(*param));
	param->name = ast_strndup(p->arena, t->text, t->text_len);
	param->loc = t->loc;
	if (accept(p, LANG_TOK_COLON))
		skip_annotation(p);
	if (accept(p, LANG_TOK_ASSIGN))
		param->default_value = parse_expr(p);
	return param;
}

/* def NAME(params): block */
static struct ast_top *
parse_def(struct parser *p)
{
	const struct lang_token *start = advance(p);
	struct ast_top *top = new_top(p, AST_DEF, start);
	struct ast_param **tail = &top->params;

	if (peek_kind(p) != LANG_TOK_NAME) {
		if (peek(p)->text != NULL && peek_kind(p) != LANG_TOK_STRING)
			parser_error_at(p, peek(p)->loc, "'%s' is a keyword; give the function "
			    "another name", peek(p)->text);
		else
			parser_expect(p, LANG_TOK_NAME, " (the function's name) after 'def'");
		return NULL;
	}
	top->name = ast_strndup(p->arena, peek(p)->text, peek(p)->text_len);
	top->name_loc = peek(p)->loc;
	advance(p);
	if (!parser_expect(p, LANG_TOK_LPAREN, " after the function's name"))
		return NULL;
	while (!accept(p, LANG_TOK_RPAREN)) {
		struct ast_param *param = parse_param(p);

		if (param == NULL)
			return NULL;
		*tail = param;
		tail = &param->next;
		top->nparams++;
		if (!accept(p, LANG_TOK_COMMA)) {
			if (!parser_expect(p, LANG_TOK_RPAREN, " to close the parameters"))
				return NULL;
			break;
		}
	}
	if (peek_kind(p) == LANG_TOK_MINUS && peek_kind_at(p, 1) == LANG_TOK_GT) {
		advance(p);
		advance(p);
		skip_annotation(p);
	}
	parser_expect(p, LANG_TOK_COLON, " after the parameters");
	top->body = parse_block(p, "'def'");
	block_lines(p, top, start);
	return top;
}

static void
header(struct parser *p, struct ast_file *file)
{
	const struct lang_token *t = advance(p);
	const char **slot = t->kind == LANG_TOK_TITLE ? &file->title : &file->about;
	const char *word = t->kind == LANG_TOK_TITLE ? "title" : "about";

	if (p->seen_code)
		parser_error_at(p, t->loc, "'%s:' must come before the declarations and threads",
		    word);
	else if (*slot != NULL)
		parser_error_at(p, t->loc, "a second '%s:' line", word);
	else
		*slot = ast_strndup(p->arena, t->text, t->text_len);
	end_of_statement(p);
}

/* One `A: "caption"` line of a tour; NULL after an error (reported). */
static struct ast_tour_step *
parse_tour_step(struct parser *p)
{
	const struct lang_token *t = peek(p);
	struct ast_tour_step *step;
	char buf[96];

	if (t->kind != LANG_TOK_NAME && t->kind != LANG_TOK_MAIN) {
		parser_error_at(p, t->loc, "expected a thread's name at the start of a tour "
		    "step (A: \"what A does\"), found %s", parser_found(t, buf, sizeof(buf)));
		return NULL;
	}
	advance(p);
	step = ast_alloc(p->arena, sizeof(*step));
	step->loc = t->loc;
	step->thread = ast_strndup(p->arena, t->text, t->text_len);
	if (accept(p, LANG_TOK_LBRACKET)) {
		/* A group member, named as in a schedule: w[1]. */
		const struct lang_token *n = peek(p);

		if (!parser_expect(p, LANG_TOK_INT, " (the member's index) after '['") ||
		    !parser_expect(p, LANG_TOK_RBRACKET, " after the member's index"))
			return NULL;
		char *member = xasprintf("%s[%lld]", step->thread, (long long)n->ival);

		step->thread = ast_strndup(p->arena, member, strlen(member));
		free(member);
	}
	if (!parser_expect(p, LANG_TOK_COLON, " after the thread's name in a tour step"))
		return NULL;
	if (peek_kind(p) != LANG_TOK_STRING) {
		parser_error_at(p, peek(p)->loc, "expected a string (the step's caption) after "
		    "':', found %s", parser_found(peek(p), buf, sizeof(buf)));
		return NULL;
	}
	t = parser_string_value(p);
	step->caption = ast_strndup(p->arena, t->text, t->text_len);
	return step;
}

/* `tour "name":` and its indented steps. */
static void
parse_tour(struct parser *p, struct ast_file *file)
{
	const struct lang_token *start = advance(p), *t;
	struct ast_tour *tour, **tail;
	struct ast_tour_step **steps;
	char buf[96];

	if (peek_kind(p) != LANG_TOK_STRING) {
		parser_error_at(p, peek(p)->loc, "expected a string (the tour's name) after "
		    "'tour', found %s", parser_found(peek(p), buf, sizeof(buf)));
		return;
	}
	tour = ast_alloc(p->arena, sizeof(*tour));
	tour->loc = start->loc;
	t = parser_string_value(p);
	tour->name = ast_strndup(p->arena, t->text, t->text_len);
	if (!parser_expect(p, LANG_TOK_COLON, " after the tour's name"))
		return;
	if (!accept(p, LANG_TOK_NEWLINE) || !accept(p, LANG_TOK_INDENT)) {
		bool line_ended = p->toks[p->pos - 1].kind == LANG_TOK_NEWLINE;

		parser_error_at(p, peek(p)->loc, "expected the tour's steps on the lines under "
		    "it, indented (A: \"what A does\"), found %s",
		    parser_found(peek(p), buf, sizeof(buf)));
		if (line_ended)
			p->panic = false;	/* the next line is not the tour's */
		return;
	}
	steps = &tour->steps;
	while (peek_kind(p) != LANG_TOK_DEDENT && peek_kind(p) != LANG_TOK_EOF &&
	    !lang_diags_full(p->diags)) {
		struct ast_tour_step *step;

		if (accept(p, LANG_TOK_NEWLINE))
			continue;
		step = parse_tour_step(p);
		if (step != NULL) {
			*steps = step;
			steps = &step->next;
		}
		end_of_statement(p);
	}
	accept(p, LANG_TOK_DEDENT);
	for (tail = &file->tours; *tail != NULL; tail = &(*tail)->next)
		if (strcmp((*tail)->name, tour->name) == 0) {
			parser_error_at(p, tour->loc, "a second tour named \"%s\"; give each tour "
			    "its own name", tour->name);
			p->panic = false;	/* its block is already behind */
			return;
		}
	*tail = tour;
}

/* `goal: deadlock`, `goal: assertion` or `goal: EXPR`. */
static void
parse_goal(struct parser *p, struct ast_file *file)
{
	const struct lang_token *start = advance(p);
	struct ast_goal *goal = ast_alloc(p->arena, sizeof(*goal));
	const struct lang_token *t;

	goal->loc = start->loc;
	if (!parser_expect(p, LANG_TOK_COLON, " after 'goal' (goal: deadlock, goal: "
	    "assertion or goal: EXPR)"))
		return;
	t = peek(p);
	if (t->kind == LANG_TOK_NAME && peek_kind_at(p, 1) == LANG_TOK_NEWLINE &&
	    (strcmp(t->text, "deadlock") == 0 || strcmp(t->text, "assertion") == 0)) {
		goal->kind = t->text[0] == 'd' ? LANG_GOAL_DEADLOCK : LANG_GOAL_ASSERTION;
		advance(p);
	} else {
		goal->kind = LANG_GOAL_EXPR;
		goal->expr = parse_condition(p);
	}
	if (file->goal != NULL)
		parser_error_at(p, start->loc, "a second 'goal:'; a challenge has one goal");
	else if (!p->panic)
		file->goal = goal;
	end_of_statement(p);
}

static struct ast_top *
parse_top(struct parser *p, struct ast_file *file)
{
	const struct lang_token *t = peek(p);
	struct ast_top *top;
	char buf[96];

	switch (t->kind) {
	case LANG_TOK_TITLE:
	case LANG_TOK_ABOUT:
		header(p, file);
		return NULL;
	case LANG_TOK_INDENT:
		parser_error_at(p, t->loc, "unexpected indentation");
		skip_block(p);
		p->panic = false;
		return NULL;
	case LANG_TOK_THREAD:
	case LANG_TOK_DAEMON:
		p->seen_code = true;
		top = parse_thread(p);
		if (p->panic) {
			skip_statement(p);
			p->panic = false;
		}
		return top;
	case LANG_TOK_DEF:
		p->seen_code = true;
		top = parse_def(p);
		if (p->panic) {
			skip_statement(p);
			p->panic = false;
		}
		return top;
	case LANG_TOK_MAIN:
		p->seen_code = true;
		advance(p);
		top = new_top(p, AST_MAIN, t);
		top->name = "main";
		top->name_loc = t->loc;
		parser_expect(p, LANG_TOK_COLON, " after 'main'");
		top->body = parse_block(p, "'main'");
		block_lines(p, top, t);
		return top;
	case LANG_TOK_EXPECT:
		p->seen_code = true;
		advance(p);
		top = new_top(p, AST_EXPECT, t);
		top->value = parse_condition(p);
		end_of_statement(p);
		return top;
	case LANG_TOK_NAME:
		/* `tour` and `goal` are words only here, so that older
		 * scenarios may still name a variable so. */
		if (strcmp(t->text, "tour") == 0 && peek_kind_at(p, 1) != LANG_TOK_ASSIGN) {
			p->seen_code = true;
			parse_tour(p, file);
			if (p->panic) {
				skip_statement(p);
				p->panic = false;
			}
			return NULL;
		}
		if (strcmp(t->text, "goal") == 0 && peek_kind_at(p, 1) != LANG_TOK_ASSIGN) {
			p->seen_code = true;
			parse_goal(p, file);
			return NULL;
		}
		if (peek_kind_at(p, 1) == LANG_TOK_ASSIGN) {
			p->seen_code = true;
			top = new_top(p, AST_DECL, t);
			top->name = ast_strndup(p->arena, t->text, t->text_len);
			top->name_loc = t->loc;
			advance(p);
			advance(p);
			top->value = parse_expr(p);
			end_of_statement(p);
			return top;
		}
		break;
	case LANG_TOK_PYTHON_ONLY:
		if (strcmp(t->text, "import") == 0 || strcmp(t->text, "from") == 0) {
			p->seen_code = true;
			parser_python_import(p, file);
			if (p->panic) {
				skip_statement(p);
				p->panic = false;
			}
			return NULL;
		}
		if (strcmp(t->text, "try") == 0 || strcmp(t->text, "raise") == 0)
			break;	/* a statement, told so below */
		if (strcmp(t->text, "class") == 0) {
			/* read as in a .py file (compile_class.c): from here on
			 * obj.attr and self.x = v are its instances' attributes */
			p->seen_code = true;
			p->saw_class = true;
			parser_python_class(p, file);
			if (p->panic) {
				skip_statement(p);
				p->panic = false;
			}
			return NULL;
		}
		parser_error_at(p, t->loc, "'%s' is not part of the scenario language%s", t->text,
		    parser_python_only_hint(t->text));
		skip_statement(p);
		p->panic = false;
		return NULL;
	default:
		break;
	}
	if (t->kind == LANG_TOK_NAME || t->kind == LANG_TOK_IF ||
	    t->kind == LANG_TOK_PYTHON_ONLY || t->kind == LANG_TOK_WHILE ||
	    t->kind == LANG_TOK_FOR || t->kind == LANG_TOK_WITH || t->kind == LANG_TOK_ATOMIC ||
	    t->kind == LANG_TOK_ASSERT || t->kind == LANG_TOK_PASS)
		parser_error_at(p, t->loc, "statements belong inside a 'thread' or 'main' block; "
		    "the top level holds declarations (NAME = value), threads and expect");
	else
		parser_error_at(p, t->loc, "expected a declaration, 'thread', 'main:' or "
		    "'expect', found %s", parser_found(t, buf, sizeof(buf)));
	skip_statement(p);
	p->panic = false;
	return NULL;
}

struct ast_file *
lang_parse(const struct lang_source *src, const struct lang_tokens *toks,
    struct lang_diags *diags)
{
	struct parser p;
	struct ast_file *file = xcalloc(1, sizeof(*file));
	struct ast_top **tail = &file->tops;

	memset(&p, 0, sizeof(p));
	p.src = src;
	p.diags = diags;
	p.toks = toks->items;
	p.ntoks = toks->count;
	p.arena = file->arena = ast_arena_new();
	if (src->python) {
		parser_python_module(&p, file);
		file->handlers = true;
		return file;
	}
	while (peek_kind(&p) != LANG_TOK_EOF && !lang_diags_full(diags)) {
		struct ast_top *top;
		size_t before = p.pos;

		if (accept(&p, LANG_TOK_NEWLINE) || accept(&p, LANG_TOK_DEDENT))
			continue;
		top = parse_top(&p, file);
		if (top != NULL) {
			*tail = top;
			tail = &top->next;
		}
		if (p.pos == before)
			advance(&p);	/* never loop without progress */
	}
	file->handlers = p.saw_try;
	return file;
}
