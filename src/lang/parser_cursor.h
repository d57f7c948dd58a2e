/* parser_cursor.h - struct parser and its cursor over the tokens, shared by
 * the parts of the parser (inside lang/ only; lang/parser.h is its interface). */
#ifndef LOCKSTEP_LANG_PARSER_CURSOR_H
#define LOCKSTEP_LANG_PARSER_CURSOR_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/ast.h"
#include "lang/lexer.h"

struct parser {
	const struct lang_source *src;
	struct lang_diags *diags;
	const struct lang_token *toks;
	size_t ntoks, pos;
	struct ast_arena *arena;
	int depth;		/* expression recursion */
	bool panic;		/* an error in this statement: stay quiet until resync */
	bool seen_code;		/* past the title:/about: headers */
	bool saw_try;		/* a try statement: ast_file.handlers */
	bool saw_class;		/* a .race file's class above: obj.attr reads */
};

/* The cursor itself: small enough to be inlined where it is read. */
static inline const struct lang_token *
peek(const struct parser *p)
{
	return &p->toks[p->pos];
}

static inline enum lang_token_kind
peek_kind(const struct parser *p)
{
	return p->toks[p->pos].kind;
}

static inline enum lang_token_kind
peek_kind_at(const struct parser *p, size_t ahead)
{
	size_t i = p->pos + ahead;

	return i < p->ntoks ? p->toks[i].kind : LANG_TOK_EOF;
}

static inline const struct lang_token *
advance(struct parser *p)
{
	const struct lang_token *t = &p->toks[p->pos];

	if (t->kind != LANG_TOK_EOF)
		p->pos++;
	return t;
}

static inline bool
accept(struct parser *p, enum lang_token_kind kind)
{
	if (peek_kind(p) != kind)
		return false;
	advance(p);
	return true;
}

/* Checked steps (parser_cursor.c). */
void parser_error_at(struct parser *p, struct lang_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void parser_loop_variable(struct parser *p, const char **name, struct lang_loc *loc);
const char *parser_python_only_hint(const char *word);
const char *parser_found(const struct lang_token *t, char *buf, size_t size);
bool parser_expect(struct parser *p, enum lang_token_kind kind, const char *context);
/* The string token at the cursor, taken as a value: the lexer leaves its
 * length unlimited, since a docstring (no value) may be long. */
const struct lang_token *parser_string_value(struct parser *p);

/* Statements (parser.c), for the Python module's top level. */
struct ast_stmt *parser_statement(struct parser *p);
/* def NAME(params): block, at the top level of a module */
struct ast_top *parser_def(struct parser *p);
struct ast_stmt *parser_block(struct parser *p, const char *what);
void parser_skip_statement(struct parser *p);
void parser_end_of_statement(struct parser *p);

/* A Python program's module (parser_py.c): imports, the declarations that
 * open it, and the module body as the main thread. */
void parser_python_module(struct parser *p, struct ast_file *file);
/* import M / from M import N, 'import' or 'from' next (parser_py.c). */
void parser_python_import(struct parser *p, struct ast_file *file);
/* class NAME[(BASE)]: at the top of a .py or a .race file (parser_py.c) */
void parser_python_class(struct parser *p, struct ast_file *file);
/* try/except/else/finally and raise, the keyword next (parser_try.c). */
struct ast_stmt *parser_python_try(struct parser *p);
struct ast_stmt *parser_python_raise(struct parser *p);
/* What to say of a Python keyword the Python mode does not take yet. */
const char *parser_python_unsupported(const char *word);

#endif
