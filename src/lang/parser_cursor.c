/* parser_cursor.c - checked steps of the token cursor: a token expected,
 * a name read, and an error saying what was found instead. */
#include "config.h"

#include "lang/parser_cursor.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang/limits.h"

void __attribute__((format(printf, 3, 4)))
parser_error_at(struct parser *p, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (p->panic)
		return;
	p->panic = true;
	va_start(ap, fmt);
	lang_diag_vadd(p->diags, LANG_ERROR, p->src, p->src->path, loc, fmt, ap);
	va_end(ap);
}

/* The name after 'for', in a loop statement or a list comprehension. */
void
parser_loop_variable(struct parser *p, const char **name, struct lang_loc *loc)
{
	if (peek_kind(p) == LANG_TOK_NAME) {
		*name = ast_strndup(p->arena, peek(p)->text, peek(p)->text_len);
		*loc = peek(p)->loc;
		advance(p);
	} else {
		parser_expect(p, LANG_TOK_NAME, " after 'for'");
	}
}

/* What to write instead of a Python keyword the language lacks. */
const char *
parser_python_only_hint(const char *word)
{
	if (strcmp(word, "nonlocal") == 0)
		return "; functions do not nest, so write 'global NAME' for a top-level name";
	if (strcmp(word, "lambda") == 0)
		return "; define a function with 'def' at the top level, or write the "
		    "condition itself: c.wait_for(ready)";
	return "";
}

/* "found 'x'" for the token at hand. */
const char *
parser_found(const struct lang_token *t, char *buf, size_t size)
{
	switch (t->kind) {
	case LANG_TOK_NAME:
		snprintf(buf, size, "name '%s'", t->text);
		break;
	case LANG_TOK_INT:
		snprintf(buf, size, "integer %lld", (long long)t->ival);
		break;
	case LANG_TOK_STRING:
		snprintf(buf, size, "a string");
		break;
	case LANG_TOK_PYTHON_ONLY:
		snprintf(buf, size, "'%s'", t->text);
		break;
	default:
		snprintf(buf, size, "%s", lang_token_describe(t->kind));
	}
	return buf;
}

bool
parser_expect(struct parser *p, enum lang_token_kind kind, const char *context)
{
	char buf[96];

	if (accept(p, kind))
		return true;
	parser_error_at(p, peek(p)->loc, "expected %s%s, found %s",
	    lang_token_describe(kind), context, parser_found(peek(p), buf, sizeof(buf)));
	return false;
}

const struct lang_token *
parser_string_value(struct parser *p)
{
	const struct lang_token *t = advance(p);

	if (t->text_len > LANG_MAX_STRING_BYTES)
		parser_error_at(p, t->loc, "string is longer than %d bytes",
		    LANG_MAX_STRING_BYTES);
	return t;
}
