/* lexer.h - scenario text to tokens, indentation made explicit.
 *
 * Like Python's tokenizer: NEWLINE ends a logical line, INDENT and DEDENT
 * bracket blocks, lines continue inside brackets, blank and comment-only
 * lines vanish.  `title:` and `about:` header lines become one token each
 * whose text is the rest of the line (about: joined with its indented
 * continuation lines).  Errors go to diags; the lexer skips the offending
 * character or line and goes on.
 */
#ifndef LOCKSTEP_LANG_LEXER_H
#define LOCKSTEP_LANG_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/diag.h"
#include "lang/source.h"

#define LANG_TOKENS(X) \
	X(EOF, "end of file") X(NEWLINE, "end of line") \
	X(INDENT, "indentation") X(DEDENT, "end of block") \
	X(NAME, "name") X(INT, "integer") X(STRING, "string") \
	X(TITLE, "title:") X(ABOUT, "about:") \
	X(IF, "'if'") X(ELIF, "'elif'") X(ELSE, "'else'") X(WHILE, "'while'") \
	X(FOR, "'for'") X(IN, "'in'") X(BREAK, "'break'") X(CONTINUE, "'continue'") \
	X(PASS, "'pass'") X(ASSERT, "'assert'") X(AND, "'and'") X(OR, "'or'") \
	X(NOT, "'not'") X(IS, "'is'") X(TRUE, "'True'") X(FALSE, "'False'") \
	X(NONE, "'None'") X(THREAD, "'thread'") X(DAEMON, "'daemon'") \
	X(MAIN, "'main'") X(EXPECT, "'expect'") X(ATOMIC, "'atomic'") \
	X(WITH, "'with'") X(PYTHON_ONLY, "Python keyword") \
	X(LPAREN, "'('") X(RPAREN, "')'") X(LBRACKET, "'['") X(RBRACKET, "']'") \
	X(LBRACE, "'{'") X(RBRACE, "'}'") \
	X(COMMA, "','") X(COLON, "':'") X(DOT, "'.'") X(ASSIGN, "'='") \
	X(PLUS_ASSIGN, "'+='") X(MINUS_ASSIGN, "'-='") X(STAR_ASSIGN, "'*='") \
	X(FLOORDIV_ASSIGN, "'//='") X(MOD_ASSIGN, "'%='") \
	X(PLUS, "'+'") X(MINUS, "'-'") X(STAR, "'*'") X(FLOORDIV, "'//'") \
	X(MOD, "'%'") X(EQ, "'=='") X(NE, "'!='") X(LT, "'<'") X(LE, "'<='") \
	X(GT, "'>'") X(GE, "'>='") X(SLASH, "'/'") X(POWER, "'**'")

enum lang_token_kind {
#define X(id, desc) LANG_TOK_##id,
	LANG_TOKENS(X)
#undef X
	LANG_TOK_COUNT
};

struct lang_token {
	enum lang_token_kind kind;
	struct lang_loc loc;
	size_t start, end;	/* byte span in the source text */
	int64_t ival;		/* INT */
	char *text;		/* NAME, STRING (decoded), TITLE, ABOUT; owned */
	size_t text_len;
};

struct lang_tokens {
	struct lang_token *items;
	size_t count, cap;
};

/* Tokenize src; always ends with NEWLINE (if needed), DEDENTs and EOF.
 * Returns false when the block structure cannot be trusted (a tab in the
 * indentation, a dedent to no enclosing level, an unclosed bracket or a
 * string left open inside one, a nesting limit crossed): parsing it would
 * only add errors that are echoes of the first. */
bool lang_lex(const struct lang_source *src, struct lang_diags *diags,
    struct lang_tokens *out);
void lang_tokens_free(struct lang_tokens *toks);
const char *lang_token_describe(enum lang_token_kind kind);

#endif
