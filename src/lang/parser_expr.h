/* parser_expr.h - expressions, for the statement parser (inside lang/ only). */
#ifndef LOCKSTEP_LANG_PARSER_EXPR_H
#define LOCKSTEP_LANG_PARSER_EXPR_H

#include "lang/parser_cursor.h"

struct ast_expr *parse_expr(struct parser *p);
struct ast_expr *parse_condition(struct parser *p);

#endif
