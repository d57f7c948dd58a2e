/* escape.c - JSON and XML escaping over one reading of UTF-8. */
#include "config.h"

#include "util/escape.h"

#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

/* Length of the valid UTF-8 sequence at s (avail bytes there), or 0: a
 * stray continuation byte, a truncated sequence, an overlong form, a
 * surrogate or a code point past U+10FFFF. */
static size_t
sequence_length(const unsigned char *s, size_t avail)
{
	unsigned char b = s[0], lo = 0x80, hi = 0xbf;
	size_t n, k;

	if (b < 0x80)
		return 1;
	if (b >= 0xc2 && b <= 0xdf)
		n = 2;
	else if (b >= 0xe0 && b <= 0xef)
		n = 3;
	else if (b >= 0xf0 && b <= 0xf4)
		n = 4;
	else
		return 0;
	/* the second byte's range is what rules out overlongs, surrogates and
	 * code points past U+10FFFF */
	if (b == 0xe0)
		lo = 0xa0;
	else if (b == 0xed)
		hi = 0x9f;
	else if (b == 0xf0)
		lo = 0x90;
	else if (b == 0xf4)
		hi = 0x8f;
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k < n; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return n;
}

void
escape_json(struct strbuf *sb, const char *s, size_t len, enum escape_json_context ctx)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char b = u[i];
		size_t n = sequence_length(u + i, len - i);

		if (n == 0) {
			strbuf_puts(sb, "\\ufffd");
			i++;
			continue;
		}
		if (b == '"' || b == '\\') {
			strbuf_putc(sb, '\\');
			strbuf_putc(sb, (char)b);
		} else if (b == '\n') {
			strbuf_puts(sb, "\\n");
		} else if (b == '\r') {
			strbuf_puts(sb, "\\r");
		} else if (b == '\t') {
			strbuf_puts(sb, "\\t");
		} else if (b < 0x20 || b == 0x7f) {
			strbuf_printf(sb, "\\u%04x", b);
		} else if (ctx == ESCAPE_JSON_IN_HTML && (b == '<' || b == '>' || b == '&')) {
			strbuf_printf(sb, "\\u%04x", b);
		} else if (ctx == ESCAPE_JSON_IN_HTML && n == 3 && b == 0xe2 &&
		    u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) {
			strbuf_printf(sb, "\\u%04x", 0x2000 + (u[i + 2] - 0x80));
		} else {
			strbuf_append(sb, s + i, n);
		}
		i += n;
	}
}

void
escape_json_string(struct strbuf *sb, const char *s, enum escape_json_context ctx)
{
	strbuf_putc(sb, '"');
	escape_json(sb, s, strlen(s), ctx);
	strbuf_putc(sb, '"');
}

void
escape_xml(struct strbuf *sb, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;

	while (i < len) {
		unsigned char b = u[i];
		size_t n = sequence_length(u + i, len - i);

		if (n == 0) {
			strbuf_puts(sb, REPLACEMENT);
			i++;
			continue;
		}
		switch (b) {
		case '<': strbuf_puts(sb, "&lt;"); break;
		case '>': strbuf_puts(sb, "&gt;"); break;
		case '&': strbuf_puts(sb, "&amp;"); break;
		case '"': strbuf_puts(sb, "&quot;"); break;
		default:
			/* XML 1.0 allows no other control characters at all */
			if (b >= 0x20 || b == '\n' || b == '\t')
				strbuf_append(sb, s + i, n);
		}
		i += n;
	}
}

size_t
escape_utf8_prefix(const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, chars;

	for (chars = 0; i < len && chars < max; chars++) {
		size_t n = sequence_length(u + i, len - i);

		i += n == 0 ? 1 : n;
	}
	return i;
}

size_t
escape_utf8_length(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, chars = 0;

	while (i < len) {
		size_t n = sequence_length(u + i, len - i);

		i += n == 0 ? 1 : n;
		chars++;
	}
	return chars;
}
