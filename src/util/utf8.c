/* utf8.c - UTF-8 decoding, encoding and display width. */
#include "config.h"

#include "util/utf8.h"

#include <limits.h>
#include <string.h>
#include <wchar.h>

size_t
utf8_lead_length(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if ((b & 0xe0) == 0xc0)
		return 2;
	if ((b & 0xf0) == 0xe0)
		return 3;
	if ((b & 0xf8) == 0xf0)
		return 4;
	return 0;
}

bool
utf8_is_continuation(unsigned char b)
{
	return (b & 0xc0) == 0x80;
}

size_t
utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	static const unsigned char lead_bits[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	size_t n, i;
	uint32_t c;

	if (avail == 0)
		return 0;
	n = utf8_lead_length(s[0]);
	if (n == 0 || n > avail || (n == 2 && s[0] < 0xc2) || (n == 4 && s[0] > 0xf4))
		return 0;
	c = s[0] & lead_bits[n];
	for (i = 1; i < n; i++) {
		if (!utf8_is_continuation(s[i]))
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and what lies past U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	if (cp != NULL)
		*cp = c;
	return n;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_width(uint32_t cp)
{
	return wcwidth((wchar_t)cp) == 2 ? 2 : 1;
}

size_t
utf8_fit(const char *s, size_t n, int cols, int *width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t at = 0;
	int w = 0;

	while (at < n) {
		uint32_t cp;
		size_t len = utf8_decode(p + at, n - at, &cp);
		int cw = len > 0 ? utf8_width(cp) : 1;

		if (w + cw > cols)
			break;
		w += cw;
		at += len > 0 ? len : 1;
	}
	*width = w;
	return at;
}

int
utf8_text_width(const char *s)
{
	int w;

	utf8_fit(s, strlen(s), INT_MAX, &w);
	return w;
}
