#include "config.h"

#include "lang/lexer.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char *const token_descriptions[] = {
#define X(id, desc) desc,
	LANG_TOKENS(X)
#undef X
};

static const struct {
	const char *word;
	enum lang_token_kind kind;
} keywords[] = {
	{ "if", LANG_TOK_IF }, { "elif", LANG_TOK_ELIF }, { "else", LANG_TOK_ELSE },
	{ "while", LANG_TOK_WHILE }, { "for", LANG_TOK_FOR }, { "in", LANG_TOK_IN },
	{ "break", LANG_TOK_BREAK }, { "continue", LANG_TOK_CONTINUE },
	{ "pass", LANG_TOK_PASS }, { "assert", LANG_TOK_ASSERT },
	{ "and", LANG_TOK_AND }, { "or", LANG_TOK_OR }, { "not", LANG_TOK_NOT },
	{ "is", LANG_TOK_IS }, { "True", LANG_TOK_TRUE }, { "False", LANG_TOK_FALSE },
	{ "None", LANG_TOK_NONE }, { "thread", LANG_TOK_THREAD },
	{ "daemon", LANG_TOK_DAEMON }, { "main", LANG_TOK_MAIN },
	{ "expect", LANG_TOK_EXPECT }, { "atomic", LANG_TOK_ATOMIC },
	{ "with", LANG_TOK_WITH }, { "def", LANG_TOK_DEF }, { "return", LANG_TOK_RETURN },
	{ "global", LANG_TOK_GLOBAL },
	/* Python keywords that are not part of the language: an error that
	 * says so reads better than "unknown name". */
	{ "class", LANG_TOK_PYTHON_ONLY },
	{ "nonlocal", LANG_TOK_PYTHON_ONLY }, { "import", LANG_TOK_PYTHON_ONLY },
	{ "from", LANG_TOK_PYTHON_ONLY }, { "lambda", LANG_TOK_PYTHON_ONLY },
	{ "try", LANG_TOK_PYTHON_ONLY }, { "except", LANG_TOK_PYTHON_ONLY },
	{ "finally", LANG_TOK_PYTHON_ONLY }, { "raise", LANG_TOK_PYTHON_ONLY },
	{ "yield", LANG_TOK_PYTHON_ONLY }, { "del", LANG_TOK_PYTHON_ONLY },
	{ "async", LANG_TOK_PYTHON_ONLY }, { "await", LANG_TOK_PYTHON_ONLY },
};

struct lexer {
	const struct lang_source *src;
	struct lang_diags *diags;
	struct lang_tokens *out;
	const char *text;
	size_t len, pos;
	unsigned line;
	size_t line_start;		/* byte offset of the current line */
	int *indents;			/* indentation stack, indents[0] == 0 */
	size_t nindents, indents_cap;
	struct lang_loc brackets[LANG_MAX_EXPR_DEPTH];
	size_t nbrackets;
	bool line_has_tokens;
	bool reported_tab;
	bool stop;			/* a fatal problem: emit EOF now */
	bool unsound;			/* the block structure is not to be trusted */
};

const char *
lang_token_describe(enum lang_token_kind kind)
{
	return token_descriptions[kind];
}

static unsigned
col_at(const struct lexer *lx, size_t pos)
{
	size_t i;
	unsigned col = 1;

	for (i = lx->line_start; i < pos; i++)
		if (!utf8_is_continuation((unsigned char)lx->text[i]))
			col++;
	return col;
}

static struct lang_loc
loc_span(const struct lexer *lx, size_t start, size_t end)
{
	struct lang_loc loc;
	unsigned c2 = col_at(lx, end);

	loc.line = lx->line;
	loc.col = col_at(lx, start);
	loc.len = c2 > loc.col ? c2 - loc.col : 1;
	return loc;
}

static void __attribute__((format(printf, 3, 4)))
error_at(struct lexer *lx, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lang_diag_vadd(lx->diags, LANG_ERROR, lx->src, lx->src->path, loc, fmt, ap);
	va_end(ap);
	if (lang_diags_full(lx->diags))
		lx->stop = true;
}

static struct lang_token *
emit(struct lexer *lx, enum lang_token_kind kind, size_t start, size_t end)
{
	struct lang_tokens *t = lx->out;
	struct lang_token *tok;

	t->items = xgrow(t->items, &t->cap, t->count + 1, sizeof(*t->items));
	tok = &t->items[t->count++];
	memset(tok, 0, sizeof(*tok));
	tok->kind = kind;
	tok->start = start;
	tok->end = end;
	tok->loc = loc_span(lx, start, end);
	if (kind != LANG_TOK_NEWLINE && kind != LANG_TOK_INDENT &&
	    kind != LANG_TOK_DEDENT && kind != LANG_TOK_EOF)
		lx->line_has_tokens = true;
	return tok;
}

static void
next_line(struct lexer *lx)
{
	/* pos is at a '\n' or the end */
	if (lx->pos < lx->len) {
		lx->pos++;
		lx->line++;
		lx->line_start = lx->pos;
	}
}

static void lex_token(struct lexer *lx);
static void lex_fstring(struct lexer *lx);

static void
skip_to_eol(struct lexer *lx)
{
	while (lx->pos < lx->len && lx->text[lx->pos] != '\n')
		lx->pos++;
}

static bool
is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
rest_of_line_blank(const struct lexer *lx, size_t pos)
{
	while (pos < lx->len && (lx->text[pos] == ' ' || lx->text[pos] == '\t' ||
	    lx->text[pos] == '\r'))
		pos++;
	return pos >= lx->len || lx->text[pos] == '\n' || lx->text[pos] == '#';
}

/* Measure the indentation at the start of a line; pos ends on the first
 * non-blank character. */
static int
measure_indent(struct lexer *lx)
{
	int width = 0;

	for (;; lx->pos++) {
		char c = lx->pos < lx->len ? lx->text[lx->pos] : '\n';

		if (c == ' ') {
			width++;
		} else if (c == '\t') {
			if (!lx->reported_tab && !rest_of_line_blank(lx, lx->pos)) {
				lx->reported_tab = true;
				lx->unsound = true;
				error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
				    "tab in indentation; indent with spaces");
			}
			width = (width / 8 + 1) * 8;
		} else {
			return width;
		}
	}
}

static bool
starts_header(const struct lexer *lx, const char *word)
{
	size_t n = strlen(word);

	return lx->pos == lx->line_start && lx->len - lx->pos > n &&
	    memcmp(lx->text + lx->pos, word, n) == 0 && lx->text[lx->pos + n] == ':';
}

static void
append_trimmed(struct strbuf *sb, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	strbuf_append(sb, s, n);
}

/* title: TEXT, or about: TEXT with its indented continuation lines. */
static void
lex_header(struct lexer *lx, enum lang_token_kind kind)
{
	struct strbuf sb = { 0 };
	size_t start = lx->pos, text_start = lx->pos + 6;
	size_t pending_blank = 0;
	struct lang_token *tok;

	skip_to_eol(lx);
	append_trimmed(&sb, lx->text + text_start, lx->pos - text_start);
	tok = emit(lx, kind, start, start + 5);
	if (kind == LANG_TOK_ABOUT) {
		/* Continuation: following lines that are blank or indented. */
		while (lx->pos < lx->len) {
			size_t p = lx->pos + 1, e;

			if (p < lx->len && lx->text[p] != ' ' && lx->text[p] != '\t' &&
			    lx->text[p] != '\n' && lx->text[p] != '\r')
				break;
			e = p;
			while (e < lx->len && lx->text[e] != '\n')
				e++;
			if (rest_of_line_blank(lx, p) && (p >= lx->len ||
			    memchr(lx->text + p, '#', e - p) == NULL)) {
				pending_blank++;
			} else {
				if (memchr(lx->text + p, '#', e - p) != NULL &&
				    rest_of_line_blank(lx, p))
					pending_blank++;
				else {
					if (sb.len > 0)
						strbuf_puts(&sb, pending_blank ? "\n\n" : "\n");
					pending_blank = 0;
					append_trimmed(&sb, lx->text + p, e - p);
				}
			}
			next_line(lx);
			lx->pos = e;
		}
	}
	tok->text_len = sb.len;
	tok->text = strbuf_detach(&sb);
	emit(lx, LANG_TOK_NEWLINE, lx->pos, lx->pos);
	lx->line_has_tokens = false;
}

/* The words lockstep adds to Python: names in a .py file. */
static bool
is_lockstep_word(enum lang_token_kind kind)
{
	return kind == LANG_TOK_THREAD || kind == LANG_TOK_DAEMON || kind == LANG_TOK_MAIN ||
	    kind == LANG_TOK_EXPECT || kind == LANG_TOK_ATOMIC;
}

static void
lex_name(struct lexer *lx)
{
	size_t start = lx->pos, n, i;
	struct lang_token *tok;

	while (lx->pos < lx->len && (is_ident_start(lx->text[lx->pos]) ||
	    is_digit(lx->text[lx->pos])))
		lx->pos++;
	n = lx->pos - start;
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		if (lx->src->python && is_lockstep_word(keywords[i].kind))
			continue;
		if (strlen(keywords[i].word) == n &&
		    memcmp(keywords[i].word, lx->text + start, n) == 0) {
			tok = emit(lx, keywords[i].kind, start, lx->pos);
			tok->text = xstrndup(lx->text + start, n);
			tok->text_len = n;
			return;
		}
	}
	tok = emit(lx, LANG_TOK_NAME, start, lx->pos);
	if (n > LANG_MAX_NAME_CHARS) {
		error_at(lx, tok->loc, "name is longer than %d characters", LANG_MAX_NAME_CHARS);
		n = LANG_MAX_NAME_CHARS;
	}
	tok->text = xstrndup(lx->text + start, n);
	tok->text_len = n;
}

/* After the digits of a number: '.' and a digit, or an exponent, make it a
 * float (1.5, 0.001, 1e-3); `1.` alone stays an integer and a dot. */
static bool
starts_fraction(const struct lexer *lx)
{
	size_t p = lx->pos;

	if (p + 1 < lx->len && lx->text[p] == '.' && is_digit(lx->text[p + 1]))
		return true;
	if (p < lx->len && (lx->text[p] == 'e' || lx->text[p] == 'E')) {
		p++;
		if (p < lx->len && (lx->text[p] == '+' || lx->text[p] == '-'))
			p++;
		return p < lx->len && is_digit(lx->text[p]);
	}
	return false;
}

static void
skip_digits(struct lexer *lx)
{
	while (lx->pos < lx->len && (is_digit(lx->text[lx->pos]) || (lx->text[lx->pos] == '_' &&
	    lx->pos + 1 < lx->len && is_digit(lx->text[lx->pos + 1]))))
		lx->pos++;
}

/* The rest of a float literal whose integer digits end at pos. */
static void
lex_float(struct lexer *lx, size_t start)
{
	struct lang_token *tok;
	char digits[80];
	size_t i, n = 0;

	if (lx->text[lx->pos] == '.') {
		lx->pos++;
		skip_digits(lx);
	}
	if (lx->pos < lx->len && (lx->text[lx->pos] == 'e' || lx->text[lx->pos] == 'E')) {
		lx->pos++;
		if (lx->text[lx->pos] == '+' || lx->text[lx->pos] == '-')
			lx->pos++;
		skip_digits(lx);
	}
	for (i = start; i < lx->pos && n + 1 < sizeof(digits); i++)
		if (lx->text[i] != '_')
			digits[n++] = lx->text[i];
	digits[n] = '\0';
	if (lx->pos < lx->len && is_ident_start(lx->text[lx->pos])) {
		/* 1.5s: one bad number, not a number and a name */
		while (lx->pos < lx->len && (is_ident_start(lx->text[lx->pos]) ||
		    is_digit(lx->text[lx->pos])))
			lx->pos++;
		tok = emit(lx, LANG_TOK_FLOAT, start, lx->pos);
		error_at(lx, tok->loc, "invalid number '%.*s'", (int)(lx->pos - start),
		    lx->text + start);
	} else {
		tok = emit(lx, LANG_TOK_FLOAT, start, lx->pos);
	}
	tok->text = xstrndup(lx->text + start, lx->pos - start);
	tok->text_len = lx->pos - start;
	tok->fval = strtod(digits, NULL);
}

static void
lex_number(struct lexer *lx)
{
	size_t start = lx->pos;
	uint64_t v = 0;
	bool overflow = false;
	struct lang_token *tok;

	while (lx->pos < lx->len && (is_digit(lx->text[lx->pos]) ||
	    (lx->text[lx->pos] == '_' && lx->pos + 1 < lx->len &&
	    is_digit(lx->text[lx->pos + 1])))) {
		char c = lx->text[lx->pos++];

		if (c == '_')
			continue;
		if (v > (uint64_t)INT64_MAX / 10 ||
		    v * 10 + (uint64_t)(c - '0') > (uint64_t)INT64_MAX)
			overflow = true;
		else
			v = v * 10 + (uint64_t)(c - '0');
	}
	if (starts_fraction(lx)) {
		lex_float(lx, start);
		return;
	}
	if (lx->pos < lx->len && is_ident_start(lx->text[lx->pos])) {
		while (lx->pos < lx->len && (is_ident_start(lx->text[lx->pos]) ||
		    is_digit(lx->text[lx->pos])))
			lx->pos++;
		tok = emit(lx, LANG_TOK_INT, start, lx->pos);
		error_at(lx, tok->loc, "invalid number '%.*s'",
		    (int)(lx->pos - start), lx->text + start);
		return;
	}
	tok = emit(lx, LANG_TOK_INT, start, lx->pos);
	tok->ival = (int64_t)v;
	if (overflow)
		error_at(lx, tok->loc,
		    "integer is too large (the largest is 9223372036854775807)");
	else if (lx->text[start] == '0' && lx->pos - start > 1)
		error_at(lx, tok->loc,
		    "leading zeros are not allowed in integers (write %lld)",
		    (long long)v);
}

/* The character a backslash escape stands for, pos past the backslash;
 * false (reported) for one a string cannot hold. */
static bool
decode_escape(struct lexer *lx, char *c)
{
	char e = lx->text[lx->pos++];

	switch (e) {
	case 'n': *c = '\n'; break;
	case 't': *c = '\t'; break;
	case '\\': case '\'': case '"': *c = e; break;
	case '0': *c = '\0'; break;
	default: {
		char seq[3] = { '\\', e, '\0' };

		error_at(lx, loc_span(lx, lx->pos - 2, lx->pos),
		    "unknown escape sequence '%s' in string", seq);
		*c = e;
	}
	}
	if (*c == '\0') {
		error_at(lx, loc_span(lx, lx->pos - 2, lx->pos),
		    "strings cannot contain NUL ('%s')", "\\0");
		return false;
	}
	return true;
}

static bool
at_triple_quote(const struct lexer *lx, size_t pos, char quote)
{
	return lx->len - pos >= 3 && lx->text[pos] == quote && lx->text[pos + 1] == quote &&
	    lx->text[pos + 2] == quote;
}

/* """...""" (or '''...'''): may span lines; the token is located at
 * its opening quotes. */
static void
lex_triple_string(struct lexer *lx)
{
	char quote = lx->text[lx->pos];
	size_t start = lx->pos;
	struct lang_loc loc = loc_span(lx, start, start + 3);
	struct strbuf sb = { 0 };
	struct lang_token *tok;

	lx->pos += 3;
	while (lx->pos < lx->len && !at_triple_quote(lx, lx->pos, quote)) {
		char c = lx->text[lx->pos];

		if (c == '\n') {
			strbuf_putc(&sb, c);
			next_line(lx);
			continue;
		}
		lx->pos++;
		if (c == '\\' && lx->pos < lx->len && lx->text[lx->pos] == '\n')
			continue;	/* a line continued */
		if (c == '\\' && lx->pos < lx->len && !decode_escape(lx, &c))
			continue;
		if (c != '\r')
			strbuf_putc(&sb, c);
	}
	tok = emit(lx, LANG_TOK_STRING, start, lx->pos);
	tok->loc = loc;
	if (lx->pos >= lx->len)
		error_at(lx, loc, "unterminated triple-quoted string");
	else
		lx->pos += 3;
	/* no limit here: a docstring may be as long as the file; the parser
	 * holds any other literal to LANG_MAX_STRING_BYTES */
	tok->text_len = sb.len;
	tok->text = strbuf_detach(&sb);
}

static void
lex_string(struct lexer *lx)
{
	char quote = lx->text[lx->pos];
	size_t start = lx->pos++;
	struct strbuf sb = { 0 };
	struct lang_token *tok;

	if (at_triple_quote(lx, start, quote)) {
		lx->pos = start;
		lex_triple_string(lx);
		return;
	}
	for (;;) {
		char c;

		if (lx->pos >= lx->len || lx->text[lx->pos] == '\n') {
			tok = emit(lx, LANG_TOK_STRING, start, lx->pos);
			tok->loc.len = 1;
			error_at(lx, tok->loc, "unterminated string");
			/* The brackets it swallowed would be reported as never
			 * closed, and the lines after joined to this one. */
			if (lx->nbrackets > 0) {
				lx->nbrackets = 0;
				lx->unsound = true;
			}
			break;
		}
		c = lx->text[lx->pos++];
		if (c == quote) {
			tok = emit(lx, LANG_TOK_STRING, start, lx->pos);
			break;
		}
		if (c == '\\' && lx->pos < lx->len && lx->text[lx->pos] != '\n') {
			if (!decode_escape(lx, &c))
				continue;
		}
		strbuf_putc(&sb, c);
	}
	tok->text_len = sb.len;	/* limited by the parser, as a triple-quoted one */
	tok->text = strbuf_detach(&sb);
}

static void
open_bracket(struct lexer *lx, enum lang_token_kind kind)
{
	struct lang_token *tok = emit(lx, kind, lx->pos, lx->pos + 1);

	lx->pos++;
	if (lx->nbrackets == LANG_MAX_EXPR_DEPTH) {
		error_at(lx, tok->loc, "brackets nested more than %d deep", LANG_MAX_EXPR_DEPTH);
		lx->stop = true;
		return;
	}
	lx->brackets[lx->nbrackets++] = tok->loc;
}

static void
close_bracket(struct lexer *lx, enum lang_token_kind kind)
{
	/* An unmatched one is dropped: the parser would only repeat it. */
	if (lx->nbrackets == 0) {
		error_at(lx, loc_span(lx, lx->pos, lx->pos + 1), "unmatched '%s'",
		    kind == LANG_TOK_RPAREN ? ")" : kind == LANG_TOK_RBRACE ? "}" : "]");
		lx->pos++;
		return;
	}
	emit(lx, kind, lx->pos, lx->pos + 1);
	lx->pos++;
	lx->nbrackets--;
}

/* Operators, longest first. */
static const struct {
	const char *text;
	enum lang_token_kind kind;
} operators[] = {
	{ "//=", LANG_TOK_FLOORDIV_ASSIGN }, { "**", LANG_TOK_POWER },
	{ "//", LANG_TOK_FLOORDIV }, { "+=", LANG_TOK_PLUS_ASSIGN },
	{ "-=", LANG_TOK_MINUS_ASSIGN }, { "*=", LANG_TOK_STAR_ASSIGN },
	{ "%=", LANG_TOK_MOD_ASSIGN }, { "==", LANG_TOK_EQ }, { "!=", LANG_TOK_NE },
	{ "<=", LANG_TOK_LE }, { ">=", LANG_TOK_GE }, { ",", LANG_TOK_COMMA },
	{ ":", LANG_TOK_COLON }, { ".", LANG_TOK_DOT }, { "=", LANG_TOK_ASSIGN },
	{ "+", LANG_TOK_PLUS }, { "-", LANG_TOK_MINUS }, { "*", LANG_TOK_STAR },
	{ "%", LANG_TOK_MOD }, { "<", LANG_TOK_LT }, { ">", LANG_TOK_GT },
	{ "/", LANG_TOK_SLASH },
};

static void
lex_other(struct lexer *lx)
{
	const char *p = lx->text + lx->pos;
	size_t i, n;
	char shown[8];

	for (i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
		n = strlen(operators[i].text);
		if (lx->len - lx->pos >= n && memcmp(p, operators[i].text, n) == 0) {
			emit(lx, operators[i].kind, lx->pos, lx->pos + n);
			lx->pos += n;
			return;
		}
	}
	/* One unexpected character, shown whole even when multi-byte. */
	n = 1;
	while (lx->pos + n < lx->len && utf8_is_continuation((unsigned char)p[n]) && n < 4)
		n++;
	memcpy(shown, p, n);
	shown[n] = '\0';
	/* C habits: report them, then carry on as if the word had been
	 * written, so that the rest of the line parses without echoes. */
	if (p[0] == '!') {
		error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
		    "unexpected character '!'; write 'not' for negation");
		emit(lx, LANG_TOK_NOT, lx->pos, lx->pos + 1);
	} else if (p[0] == '&' || p[0] == '|') {
		if (lx->pos + 1 < lx->len && p[1] == p[0])
			n = 2;
		error_at(lx, loc_span(lx, lx->pos, lx->pos + n),
		    "unexpected '%.*s'; write '%s'", (int)n, p,
		    p[0] == '&' ? "and" : "or");
		emit(lx, p[0] == '&' ? LANG_TOK_AND : LANG_TOK_OR, lx->pos, lx->pos + n);
	} else if (p[0] == ';' && lx->nbrackets > 0) {
		error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
		    "unexpected ';'; separate items with ','");
		emit(lx, LANG_TOK_COMMA, lx->pos, lx->pos + 1);
	} else if (p[0] == ';') {
		error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
		    rest_of_line_blank(lx, lx->pos + 1) ?
		    "unexpected ';'; a statement ends with its line, remove the ';'" :
		    "unexpected ';'; write one statement per line");
		if (lx->line_has_tokens) {
			emit(lx, LANG_TOK_NEWLINE, lx->pos, lx->pos + 1);
			lx->line_has_tokens = false;
		}
	} else if (p[0] == '@' && lx->src->python) {
		error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
		    "decorators ('@') are not supported");
		skip_to_eol(lx);
		return;
	} else if ((unsigned char)p[0] >= 0x80)
		error_at(lx, loc_span(lx, lx->pos, lx->pos + n),
		    "unexpected character '%s'; names and operators are ASCII "
		    "(other characters may appear in strings and comments)", shown);
	else if ((unsigned char)p[0] < 0x20 || p[0] == 0x7f)
		error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
		    "unexpected control character");
	else
		error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
		    "unexpected character '%s'", shown);
	lx->pos += n;
}

static bool
starts_fstring(const struct lexer *lx)
{
	const char *p = lx->text + lx->pos;

	return (p[0] == 'f' || p[0] == 'F') && (p[1] == '"' || p[1] == '\'');
}

/* The length of a Python string prefix at pos other than f (u"", r"",
 * b"", rb"" ...) that a quote follows; 0 if there is none. */
static size_t
string_prefix(const struct lexer *lx)
{
	const char *p = lx->text + lx->pos;
	size_t n = 0;

	while (n < 2 && p[n] != '\0' && strchr("rRbBuUfF", p[n]) != NULL)
		n++;
	return n > 0 && (p[n] == '"' || p[n] == '\'') ? n : 0;
}

/* u"..." is a plain string in Python 3; the other prefixes are refused by
 * name, and the string is read as plain so that the line parses on. */
static void
lex_prefixed_string(struct lexer *lx)
{
	size_t n = string_prefix(lx), start = lx->pos;
	struct lang_loc loc = loc_span(lx, start, start + n);
	bool raw = memchr(lx->text + start, 'r', n) != NULL ||
	    memchr(lx->text + start, 'R', n) != NULL;
	bool bytes = memchr(lx->text + start, 'b', n) != NULL ||
	    memchr(lx->text + start, 'B', n) != NULL;

	lx->pos += n;
	if (bytes)
		error_at(lx, loc, "bytes literals (b\"...\") are not supported; write a string");
	else if (raw)
		error_at(lx, loc, "raw strings (r\"...\") are not supported; write the string "
		    "with its backslashes doubled");
	else if (n > 1)
		error_at(lx, loc, "this string prefix is not supported");
	if (raw && !at_triple_quote(lx, lx->pos, lx->text[lx->pos])) {
		/* over its text, whose backslashes are not escapes */
		char quote = lx->text[lx->pos++];
		struct lang_token *tok;

		while (lx->pos < lx->len && lx->text[lx->pos] != '\n' &&
		    lx->text[lx->pos] != quote)
			lx->pos += lx->text[lx->pos] == '\\' && lx->pos + 1 < lx->len &&
			    lx->text[lx->pos + 1] != '\n' ? 2 : 1;
		if (lx->pos < lx->len && lx->text[lx->pos] == quote)
			lx->pos++;
		tok = emit(lx, LANG_TOK_STRING, start, lx->pos);
		tok->text = xstrdup("");
		return;
	}
	lex_string(lx);
}

/* One token (or blank) at pos, which is on a line, not at its end. */
static void
lex_token(struct lexer *lx)
{
	char c = lx->text[lx->pos];

	if (c == ' ' || c == '\r' || c == '\t') {
		/* a tab between tokens separates them, as in Python; one in
		 * indentation was reported by measure_indent */
		lx->pos++;
	} else if (starts_fstring(lx)) {
		lex_fstring(lx);
	} else if (lx->src->python && string_prefix(lx) > 0) {
		lex_prefixed_string(lx);
	} else if (is_ident_start(c)) {
		lex_name(lx);
	} else if (is_digit(c)) {
		lex_number(lx);
	} else if (c == '"' || c == '\'') {
		lex_string(lx);
	} else if (c == '(') {
		open_bracket(lx, LANG_TOK_LPAREN);
	} else if (c == '[') {
		open_bracket(lx, LANG_TOK_LBRACKET);
	} else if (c == '{') {
		open_bracket(lx, LANG_TOK_LBRACE);
	} else if (c == ')') {
		close_bracket(lx, LANG_TOK_RPAREN);
	} else if (c == ']') {
		close_bracket(lx, LANG_TOK_RBRACKET);
	} else if (c == '}') {
		close_bracket(lx, LANG_TOK_RBRACE);
	} else {
		lex_other(lx);
	}
}

/* ---- f-strings ---- */

static bool
fstring_at_end(const struct lexer *lx, char quote)
{
	return lx->pos >= lx->len || lx->text[lx->pos] == '\n' || lx->text[lx->pos] == quote;
}

/* A literal piece of an f-string, up to a '{' that opens a field, the
 * closing quote or the end of the line; '{{' and '}}' are braces. */
static void
fstring_piece(struct lexer *lx, char quote)
{
	struct strbuf sb = { 0 };
	size_t start = lx->pos;
	struct lang_token *tok;

	while (!fstring_at_end(lx, quote)) {
		char c = lx->text[lx->pos];

		if ((c == '{' || c == '}') && lx->pos + 1 < lx->len && lx->text[lx->pos + 1] == c) {
			strbuf_putc(&sb, c);
			lx->pos += 2;
			continue;
		}
		if (c == '{')
			break;
		lx->pos++;
		if (c == '}') {
			error_at(lx, loc_span(lx, lx->pos - 1, lx->pos), "single '}' in an "
			    "f-string; write '}}' for a brace");
			continue;
		}
		if (c == '\\' && lx->pos < lx->len && lx->text[lx->pos] != '\n' &&
		    !decode_escape(lx, &c))
			continue;
		strbuf_putc(&sb, c);
	}
	if (sb.len == 0) {
		strbuf_free(&sb);
		return;
	}
	tok = emit(lx, LANG_TOK_STRING, start, lx->pos);
	if (sb.len > LANG_MAX_STRING_BYTES) {
		sb.len = LANG_MAX_STRING_BYTES;
		sb.buf[sb.len] = '\0';
		error_at(lx, tok->loc, "string is longer than %d bytes", LANG_MAX_STRING_BYTES);
	}
	tok->text_len = sb.len;
	tok->text = strbuf_detach(&sb);
}

/* The format spec after ':' in a field, up to its '}'. */
static void
fstring_spec(struct lexer *lx, char quote)
{
	size_t start = ++lx->pos;
	struct lang_token *tok;

	while (!fstring_at_end(lx, quote) && lx->text[lx->pos] != '}') {
		if (lx->text[lx->pos] == '{') {
			error_at(lx, loc_span(lx, lx->pos, lx->pos + 1), "a field inside a "
			    "format spec is not supported; write the width itself: {x:>5}");
			/* over the inner field, whose '}' is not the outer one's */
			while (!fstring_at_end(lx, quote) && lx->text[lx->pos] != '}')
				lx->pos++;
			if (fstring_at_end(lx, quote))
				break;
		}
		lx->pos++;
	}
	tok = emit(lx, LANG_TOK_FSTRING_SPEC, start - 1, lx->pos);
	tok->text = xstrndup(lx->text + start, lx->pos - start);
	tok->text_len = lx->pos - start;
}

/* A replacement field from its '{': the expression's tokens, then
 * conversion and spec; false if the string ended inside it (reported). */
static bool
fstring_field(struct lexer *lx, char quote)
{
	size_t depth = lx->nbrackets;
	struct lang_loc open = loc_span(lx, lx->pos, lx->pos + 1);

	emit(lx, LANG_TOK_LBRACE, lx->pos, lx->pos + 1);
	lx->pos++;
	while (!lx->stop) {
		char c = lx->pos < lx->len ? lx->text[lx->pos] : '\n';
		char next = lx->pos + 1 < lx->len ? lx->text[lx->pos + 1] : '\0';

		if (fstring_at_end(lx, quote)) {
			error_at(lx, open, "this f-string field is never closed with '}'");
			/* closed here, so that the parser does not say it again */
			emit(lx, LANG_TOK_RBRACE, lx->pos, lx->pos);
			lx->nbrackets = depth;
			return false;
		}
		if (c == '#') {
			error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
			    "an f-string field cannot hold a comment ('#')");
			emit(lx, LANG_TOK_RBRACE, lx->pos, lx->pos);
			lx->nbrackets = depth;
			return false;
		}
		if (lx->nbrackets == depth && c == '}') {
			emit(lx, LANG_TOK_RBRACE, lx->pos, lx->pos + 1);
			lx->pos++;
			return true;
		}
		if (lx->nbrackets == depth && c == '!' && next != '=') {
			struct lang_token *tok = emit(lx, LANG_TOK_FSTRING_CONV, lx->pos,
			    lx->pos + 2);

			tok->text = xstrndup(&next, 1);
			tok->text_len = 1;
			if (next != 'r' && next != 's' && next != 'a')
				error_at(lx, tok->loc, "expected 'r', 's' or 'a' after '!' in "
				    "an f-string field");
			lx->pos += next != '\0' && next != quote && next != '}' ? 2 : 1;
			continue;
		}
		if (lx->nbrackets == depth && c == ':') {
			fstring_spec(lx, quote);
			continue;
		}
		lex_token(lx);
	}
	lx->nbrackets = depth;
	return false;
}

static void
lex_fstring(struct lexer *lx)
{
	size_t start = lx->pos, depth = lx->nbrackets;
	char quote = lx->text[lx->pos + 1];
	struct lang_token *tok = emit(lx, LANG_TOK_FSTRING_START, start, start + 2);
	struct lang_loc loc = tok->loc;
	bool reported = false;

	lx->pos += 2;
	if (at_triple_quote(lx, start + 1, quote)) {
		error_at(lx, loc_span(lx, start, start + 4), "triple-quoted f-strings are not "
		    "supported; write one f-string per line");
		lx->stop = true;
		return;
	}
	for (;;) {
		fstring_piece(lx, quote);
		if (lx->stop || lx->pos >= lx->len || lx->text[lx->pos] != '{')
			break;
		if (!fstring_field(lx, quote)) {
			reported = true;
			break;
		}
	}
	/* after an error, the rest of the line is the string's */
	while (!lx->stop && !fstring_at_end(lx, quote))
		lx->pos++;
	if (lx->pos < lx->len && lx->text[lx->pos] == quote) {
		emit(lx, LANG_TOK_FSTRING_END, lx->pos, lx->pos + 1);
		lx->pos++;
	} else {
		emit(lx, LANG_TOK_FSTRING_END, lx->pos, lx->pos);
		if (!reported && !lx->stop)
			error_at(lx, loc, "unterminated f-string");
		/* as for a string: the brackets it swallowed would be reported
		 * as never closed, and the lines after joined to this one */
		if (depth > 0) {
			depth = 0;
			lx->unsound = true;
		}
	}
	lx->nbrackets = depth;
}

/* At the start of a physical line outside brackets: blank lines, headers,
 * INDENT/DEDENT. */
static void
lex_line_start(struct lexer *lx)
{
	int width = measure_indent(lx);
	int top;

	if (rest_of_line_blank(lx, lx->pos)) {
		skip_to_eol(lx);
		return;
	}
	if (width == 0 && lx->nindents == 1 && !lx->src->python) {
		if (starts_header(lx, "title")) {
			lex_header(lx, LANG_TOK_TITLE);
			return;
		}
		if (starts_header(lx, "about")) {
			lex_header(lx, LANG_TOK_ABOUT);
			return;
		}
	}
	top = lx->indents[lx->nindents - 1];
	if (width > top) {
		/* Located at the first character of the line, where the
		 * statement that is indented too far begins. */
		struct lang_token *tok = emit(lx, LANG_TOK_INDENT, lx->pos, lx->pos);

		if (lx->nindents > LANG_MAX_BLOCK_DEPTH) {
			error_at(lx, tok->loc, "blocks nested more than %d deep", LANG_MAX_BLOCK_DEPTH);
			lx->stop = true;
			return;
		}
		lx->indents = xgrow(lx->indents, &lx->indents_cap, lx->nindents + 1,
		    sizeof(int));
		lx->indents[lx->nindents++] = width;
		return;
	}
	while (width < lx->indents[lx->nindents - 1]) {
		lx->nindents--;
		emit(lx, LANG_TOK_DEDENT, lx->pos, lx->pos);
	}
	if (width != lx->indents[lx->nindents - 1]) {
		error_at(lx, loc_span(lx, lx->pos, lx->pos + 1),
		    "indentation does not match any enclosing block");
		lx->unsound = true;
	}
}

bool
lang_lex(const struct lang_source *src, struct lang_diags *diags,
    struct lang_tokens *out)
{
	struct lexer lx;
	bool at_line_start = true;

	memset(&lx, 0, sizeof(lx));
	memset(out, 0, sizeof(*out));
	lx.src = src;
	lx.diags = diags;
	lx.out = out;
	lx.text = src->text;
	lx.len = src->len;
	lx.line = 1;
	lx.indents = xgrow(NULL, &lx.indents_cap, 8, sizeof(int));
	lx.indents[lx.nindents++] = 0;

	while (!lx.stop && lx.pos < lx.len) {
		char c;

		if (at_line_start && lx.nbrackets == 0) {
			at_line_start = false;
			lex_line_start(&lx);
			continue;
		}
		c = lx.text[lx.pos];
		if (c == '\n') {
			if (lx.nbrackets == 0 && lx.line_has_tokens) {
				emit(&lx, LANG_TOK_NEWLINE, lx.pos, lx.pos + 1);
				lx.line_has_tokens = false;
			}
			next_line(&lx);
			at_line_start = true;
		} else if (c == '#') {
			skip_to_eol(&lx);
		} else {
			lex_token(&lx);
		}
	}
	if (!lx.stop && lx.nbrackets > 0) {
		lang_diag_add(diags, LANG_ERROR, src, src->path,
		    lx.brackets[lx.nbrackets - 1], "this bracket is never closed");
		lx.unsound = true;
	}
	if (lx.line_has_tokens)
		emit(&lx, LANG_TOK_NEWLINE, lx.pos, lx.pos);
	while (lx.nindents > 1) {
		lx.nindents--;
		emit(&lx, LANG_TOK_DEDENT, lx.pos, lx.pos);
	}
	emit(&lx, LANG_TOK_EOF, lx.pos, lx.pos);
	free(lx.indents);
	return !lx.unsound && !lx.stop;
}

void
lang_tokens_free(struct lang_tokens *toks)
{
	size_t i;

	for (i = 0; i < toks->count; i++)
		free(toks->items[i].text);
	free(toks->items);
	memset(toks, 0, sizeof(*toks));
}
