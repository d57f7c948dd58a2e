/* json.c - the one JSON string writer. */
#include "config.h"

#include "util/json.h"

#include <stdbool.h>
#include <string.h>

#include "util/utf8.h"
#include "util/strbuf.h"

/* Characters written as \uXXXX though JSON would take them raw. */
static bool
escaped_anyway(unsigned long cp)
{
	return cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

void
json_append_escaped(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	strbuf_append(sb, "", 0);
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);

		if (n == 0) {
			strbuf_puts(sb, "\\ufffd");
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\') {
			strbuf_putc(sb, '\\');
			strbuf_putc(sb, (char)cp);
		} else if (cp == '\n') {
			strbuf_puts(sb, "\\n");
		} else if (cp == '\t') {
			strbuf_puts(sb, "\\t");
		} else if (cp == '\r') {
			strbuf_puts(sb, "\\r");
		} else if (cp < 0x20 || escaped_anyway(cp)) {
			strbuf_printf(sb, "\\u%04lx", (unsigned long)cp);
		} else {
			strbuf_append(sb, s + i, n);
		}
		i += n;
	}
}

void
json_write_string(FILE *out, const char *s)
{
	struct strbuf sb = { 0 };

	json_append_escaped(&sb, s, strlen(s));
	fputc('"', out);
	fwrite(sb.buf, 1, sb.len, out);
	fputc('"', out);
	strbuf_free(&sb);
}
