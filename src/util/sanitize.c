/* sanitize.c - text from a user's file, made safe to show. */
#include "config.h"

#include "util/sanitize.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD in UTF-8 */

size_t
sanitize_utf8_length(const unsigned char *s, size_t avail)
{
	size_t n, i;
	unsigned long cp;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* The code point of a valid sequence of n bytes. */
static unsigned long
code_point(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned long cp = s[0] & lead_mask[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

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
	size_t n = sanitize_utf8_length(p, avail);

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
	if (n > 1 && is_format_control(code_point(p, n)))
		return (size_t)snprintf(out, 12, "\\u%04lx", code_point(p, n));
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

void
sanitize_fputs(const char *s, enum sanitize_mode mode, FILE *f)
{
	struct strbuf sb = { 0 };

	sanitize_append(&sb, s, strlen(s), mode);
	fwrite(sb.buf, 1, sb.len, f);
	strbuf_free(&sb);
}
