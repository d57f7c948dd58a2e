/* parser_try.c - try/except/else/finally and raise, in a .py program.
 *
 *     try:                      raise                (in an except block)
 *         BLOCK                 raise CLASS
 *     except CLASS as NAME:     raise CLASS(message)
 *         BLOCK                 raise NAME           (an exception caught as NAME)
 *     except (A, B):
 *         BLOCK
 *     except:
 *         BLOCK
 *     else:
 *         BLOCK
 *     finally:
 *         BLOCK
 *
 * What the classes are is the compiler's to say (lang/compile_try.c).
 */
#include "config.h"

#include "lang/parser_cursor.h"
#include "lang/parser_expr.h"

#include <string.h>

#include "lang/limits.h"

static bool
is_word(const struct lang_token *t, const char *word)
{
	return t->text != NULL && (t->kind == LANG_TOK_PYTHON_ONLY || t->kind == LANG_TOK_NAME) &&
	    strcmp(t->text, word) == 0;
}

static struct ast_stmt *
new_stmt(struct parser *p, enum ast_stmt_kind kind, const struct lang_token *t)
{
	struct ast_stmt *s = ast_alloc(p->arena, sizeof(*s));

	s->kind = kind;
	s->loc = t->loc;
	return s;
}

/* except [TYPE [as NAME]]: BLOCK, the 'except' word next. */
static struct ast_handler *
parse_handler(struct parser *p)
{
	struct ast_handler *h = ast_alloc(p->arena, sizeof(*h));

	h->loc = advance(p)->loc;
	if (peek_kind(p) != LANG_TOK_COLON) {
		h->type = parse_expr(p);
		if (!p->panic && peek_kind(p) == LANG_TOK_COMMA) {
			parser_error_at(p, peek(p)->loc, "several classes in one 'except' are a "
			    "tuple: write 'except (A, B):'");
			return h;
		}
		if (!p->panic && is_word(peek(p), "as")) {
			advance(p);
			if (peek_kind(p) != LANG_TOK_NAME) {
				parser_expect(p, LANG_TOK_NAME, " after 'as'");
				return h;
			}
			h->name = ast_strndup(p->arena, peek(p)->text, peek(p)->text_len);
			h->name_loc = peek(p)->loc;
			advance(p);
		}
	}
	parser_expect(p, LANG_TOK_COLON, " after the 'except' clause");
	h->body = parser_block(p, "'except'");
	return h;
}

struct ast_stmt *
parser_python_try(struct parser *p)
{
	const struct lang_token *t = advance(p);
	struct ast_stmt *s = new_stmt(p, AST_TRY, t);
	struct ast_handler **tail = &s->u.try_.handlers;
	bool bare = false;
	int clauses = 0;

	p->saw_try = true;
	parser_expect(p, LANG_TOK_COLON, " after 'try'");
	s->u.try_.body = parser_block(p, "'try'");
	while (is_word(peek(p), "except") && !lang_diags_full(p->diags)) {
		struct lang_loc at = peek(p)->loc;

		if (bare)
			parser_error_at(p, at, "a bare 'except:' must be the last except clause");
		if (++clauses > LANG_MAX_EXCEPT_CLAUSES)
			parser_error_at(p, at, "more than %d except clauses in one 'try'",
			    LANG_MAX_EXCEPT_CLAUSES);
		*tail = parse_handler(p);
		bare = (*tail)->type == NULL;
		tail = &(*tail)->next;
	}
	if (peek_kind(p) == LANG_TOK_ELSE) {
		const struct lang_token *e = advance(p);

		if (s->u.try_.handlers == NULL)
			parser_error_at(p, e->loc, "'else' after 'try' needs an 'except' clause "
			    "before it");
		parser_expect(p, LANG_TOK_COLON, " after 'else'");
		s->u.try_.orelse = parser_block(p, "'else'");
	}
	if (is_word(peek(p), "finally")) {
		advance(p);
		parser_expect(p, LANG_TOK_COLON, " after 'finally'");
		s->u.try_.final = parser_block(p, "'finally'");
	} else if (s->u.try_.handlers == NULL) {
		parser_error_at(p, peek(p)->loc, "expected 'except' or 'finally' after the "
		    "'try' block");
		p->panic = false;
	}
	return s;
}

struct ast_stmt *
parser_python_raise(struct parser *p)
{
	const struct lang_token *t = advance(p);
	struct ast_stmt *s = new_stmt(p, AST_RAISE, t);

	if (peek_kind(p) != LANG_TOK_NEWLINE && peek_kind(p) != LANG_TOK_DEDENT &&
	    peek_kind(p) != LANG_TOK_EOF)
		s->u.exc = parse_expr(p);
	if (!p->panic && is_word(peek(p), "from")) {
		const struct lang_token *from = advance(p), *cause = peek(p);

		if (s->u.exc == NULL) {
			parser_error_at(p, from->loc, "'raise from' needs the exception to raise: "
			    "raise CLASS(\"why\") from e");
		} else if (cause->kind == LANG_TOK_NAME && (peek_kind_at(p, 1) == LANG_TOK_NEWLINE ||
		    peek_kind_at(p, 1) == LANG_TOK_DEDENT || peek_kind_at(p, 1) == LANG_TOK_EOF)) {
			s->cause = ast_strndup(p->arena, cause->text, cause->text_len);
			s->cause_loc = cause->loc;
			advance(p);
		} else if (cause->kind == LANG_TOK_NONE) {
			s->cause = "None";
			s->cause_loc = cause->loc;
			advance(p);
		} else {
			parser_error_at(p, cause->loc, "the cause of 'raise ... from' is the "
			    "exception an except clause caught (from e) or None here");
		}
	}
	return s;
}
