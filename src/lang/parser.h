/* parser.h - tokens to an AST.
 *
 * Recursive descent over the token list.  After an error the parser skips
 * to the end of the statement (and over the block of a broken compound
 * statement) and goes on, so one file can report several errors.  The
 * result is always a file, possibly incomplete; diags says whether it is
 * trustworthy.
 */
#ifndef LOCKSTEP_LANG_PARSER_H
#define LOCKSTEP_LANG_PARSER_H

#include "lang/ast.h"
#include "lang/lexer.h"

struct ast_file *lang_parse(const struct lang_source *src,
    const struct lang_tokens *toks, struct lang_diags *diags);

#endif
