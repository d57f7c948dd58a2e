/* parser_unpack.h - tuple targets read as statements (parser_unpack.c);
 * inside lang/ only. */
#ifndef LOCKSTEP_LANG_PARSER_UNPACK_H
#define LOCKSTEP_LANG_PARSER_UNPACK_H

#include <stdbool.h>

#include "lang/ast.h"
#include "lang/parser_cursor.h"

/* At the ',' after first: the whole comma-separated list as a TUPLE;
 * NULL after an error (reported).  star: NULL, or where the targets'
 * starred one is (-1: none yet; see parser_unpack.c). */
struct ast_expr *parser_tuple_rest(struct parser *p, struct ast_expr *first,
    bool trailing_ok, int *star);
/* An assignment's value: an expression, or a tuple written without
 * parentheses (a, b = b, a). */
struct ast_expr *parser_value(struct parser *p);
/* At the ',' after a statement's first expression: `a, b = value`, as
 * the statements that run it; NULL after an error (reported).  star: 0
 * if first was starred (*init, last = xs), else -1. */
struct ast_stmt *parser_tuple_assignment(struct parser *p, const struct lang_token *start,
    struct ast_expr *first, int star);
/* `T0, *S, T2 = value` (star the index of S in targets) as statements. */
struct ast_stmt *parser_unpack_star(struct parser *p, const struct ast_expr *targets, int star,
    struct ast_expr *value, struct lang_loc loc);
/* A .py loop's targets that begin with a parenthesized tuple of them:
 * `for (a, b), c in x`; NULL after an error (reported). */
struct ast_expr *parser_paren_loop_targets(struct parser *p);
/* At the ',' after a for loop's first variable: all its targets. */
struct ast_expr *parser_loop_targets(struct parser *p, const char *first,
    struct lang_loc loc);
/* At the ',' after a comprehension's first variable: its targets. */
void parser_comprehension_targets(struct parser *p, struct ast_expr *comp);
/* Once its range is read: the statements that assign the targets from
 * its hidden variable (for i, x in enumerate(xs): also the count's, and
 * the range becomes xs). */
void parser_unpack_comprehension(struct parser *p, struct ast_expr *comp);
/* `targets = value` (targets a TUPLE) as the statements that run it; NULL
 * after an error (reported). */
struct ast_stmt *parser_unpack_statements(struct parser *p, const struct ast_expr *targets,
    struct ast_expr *value, struct lang_loc loc);
/* A parsed `for` whose variable is the tuple targets: the loop (after what
 * runs before it, for enumerate) that binds a hidden variable instead and
 * unpacks it first in its body. */
struct ast_stmt *parser_unpack_loop(struct parser *p, struct ast_stmt *loop,
    const struct ast_expr *targets);

#endif
