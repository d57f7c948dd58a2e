/* parser_internal.h - what the parts of the parser share (lang/ only). */
#ifndef LOCKSTEP_LANG_PARSER_INTERNAL_H
#define LOCKSTEP_LANG_PARSER_INTERNAL_H

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
};

/* parser.c */
const struct lang_token *peek(const struct parser *p);
enum lang_token_kind peek_kind(const struct parser *p);
enum lang_token_kind peek_kind_at(const struct parser *p, size_t ahead);
const struct lang_token *advance(struct parser *p);
bool accept(struct parser *p, enum lang_token_kind kind);
void error_at(struct parser *p, struct lang_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *python_only_hint(const char *word);
const char *found(const struct lang_token *t, char *buf, size_t size);
bool expect(struct parser *p, enum lang_token_kind kind, const char *context);

/* parser_expr.c */
struct ast_expr *parse_expr(struct parser *p);
struct ast_expr *parse_condition(struct parser *p);

#endif
