/* sanitize.c - text from a user's file, made safe to show. */
#include "config.h"

#include "util/sanitize.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/utf8.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD in UTF-8 */

/* Characters a terminal may act on rather than show. */
static bool
is_format_control(unsigned long cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

/* What the character at p (avail bytes left) is shown as, in out; its
 * length is returned and the bytes it stands for in *used. */
static size_t
show_one(const unsigned char *p, size_t avail, enum sanitize_mode mode, char out[12],
    size_t *used)
{
	uint32_t cp = 0;
	size_t n = utf8_decode(p, avail, &cp);

	*used = n > 0 ? n : 1;
	if (n == 0)
		return (size_t)snprintf(out, 12, "%s", REPLACEMENT);
	if (n == 1 && (p[0] < 0x20 || p[0] == 0x7f)) {
		if ((p[0] == '\n' || p[0] == '\t') && mode == SANITIZE_TEXT)
			return (size_t)snprintf(out, 12, "%c", p[0]);
		if (p[0] == '\n')
			return (size_t)snprintf(out, 12, "\\n");
		if (p[0] == '\t')
			return (size_t)snprintf(out, 12, "\\t");
		return (size_t)snprintf(out, 12, "\\x%02x", p[0]);
	}
	if (n > 1 && is_format_control(cp))
		return (size_t)snprintf(out, 12, "\\u%04lx", (unsigned long)cp);
	memcpy(out, p, n);
	return n;
}

void
sanitize_append(struct strbuf *sb, const char *s, size_t len, enum sanitize_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, used;
	char piece[12];

	strbuf_append(sb, "", 0);
	while (i < len) {
		size_t n = show_one(p + i, len - i, mode, piece, &used);

		strbuf_append(sb, piece, n);
		i += used;
	}
}

char *
sanitize(const char *s, enum sanitize_mode mode)
{
	struct strbuf sb = { 0 };

	sanitize_append(&sb, s, strlen(s), mode);
	return strbuf_detach(&sb);
}

char *
sanitize_into(char *buf, size_t size, const char *s, enum sanitize_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, out = 0, used;
	char piece[12];

	if (size == 0)
		return buf;
	while (i < len) {
		size_t n = show_one(p + i, len - i, mode, piece, &used);

		if (out + n >= size)
			break;
		memcpy(buf + out, piece, n);
		out += n;
		i += used;
	}
	buf[out] = '\0';
	return buf;
}

char *
sanitize_repr_into(char *buf, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, out = 1, used, n;
	char piece[12], quote = '\'';

	if (size < 3) {
		if (size > 0)
			buf[0] = '\0';
		return buf;
	}
	/* Python's choice: double quotes for a ' with no " */
	if (strchr(s, '\'') != NULL && strchr(s, '"') == NULL)
		quote = '"';
	buf[0] = quote;
	while (i < len) {
		if (p[i] == '\\' || p[i] == (unsigned char)quote || p[i] == '\r') {
			n = (size_t)snprintf(piece, sizeof(piece), "\\%c", p[i] == '\r' ? 'r' :
			    p[i]);
			used = 1;
		} else {
			n = show_one(p + i, len - i, SANITIZE_LINE, piece, &used);
		}
		if (out + n + 1 >= size)
			break;		/* the closing quote always fits */
		memcpy(buf + out, piece, n);
		out += n;
		i += used;
	}
	buf[out++] = quote;
	buf[out] = '\0';
	return buf;
}

void
sanitize_fputs(const char *s, enum sanitize_mode mode, FILE *f)
{
	struct strbuf sb = { 0 };

	sanitize_append(&sb, s, strlen(s), mode);
	fwrite(sb.buf, 1, sb.len, f);
	strbuf_free(&sb);
}
