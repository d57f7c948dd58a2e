/* escape.c - XML text and JSON for a script element. */
#include "config.h"

#include "util/escape.h"

#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/sanitize.h"
#include "util/utf8.h"
#include "util/strbuf.h"

void
escape_xml(struct strbuf *sb, const char *s)
{
	/* what a terminal would obey is shown (\x1b, \u202e) and bytes that are
	 * not UTF-8 replaced, so that the text is valid XML, reads the same on
	 * a terminal as on a slide, and cannot reorder what follows it */
	char *safe = sanitize(s, SANITIZE_TEXT);
	const char *c;

	strbuf_append(sb, "", 0);
	for (c = safe; *c != '\0'; c++) {
		switch (*c) {
		case '<': strbuf_puts(sb, "&lt;"); break;
		case '>': strbuf_puts(sb, "&gt;"); break;
		case '&': strbuf_puts(sb, "&amp;"); break;
		case '"': strbuf_puts(sb, "&quot;"); break;
		default: strbuf_putc(sb, *c);
		}
	}
	free(safe);
}

void
escape_script_json_string(struct strbuf *sb, const char *s)
{
	struct strbuf json = { 0 };
	const char *c;

	json_append_escaped(&json, s, strlen(s));
	strbuf_putc(sb, '"');
	/* <, > and & can only be inside the JSON's strings, where \u means them */
	for (c = strbuf_str(&json); *c != '\0'; c++) {
		if (*c == '<' || *c == '>' || *c == '&')
			strbuf_printf(sb, "\\u%04x", (unsigned)*c);
		else
			strbuf_putc(sb, *c);
	}
	strbuf_putc(sb, '"');
	strbuf_free(&json);
}

/* Where the character after the one at u[i] starts (an invalid byte is
 * a character of its own). */
static size_t
next_char(const unsigned char *u, size_t len, size_t i)
{
	size_t n = utf8_decode(u + i, len - i, NULL);

	return i + (n == 0 ? 1 : n);
}

size_t
escape_utf8_prefix(const char *s, size_t max)
{
	size_t len = strlen(s), i = 0, chars;

	for (chars = 0; i < len && chars < max; chars++)
		i = next_char((const unsigned char *)s, len, i);
	return i;
}

size_t
escape_utf8_length(const char *s)
{
	size_t len = strlen(s), i = 0, chars = 0;

	for (; i < len; chars++)
		i = next_char((const unsigned char *)s, len, i);
	return chars;
}
