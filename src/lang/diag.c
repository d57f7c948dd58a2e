#include "config.h"

#include "lang/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "lang/source.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Source lines longer than this are shown as a window around the column. */
#define SHOWN_LINE_CHARS 120

void
lang_diags_init(struct lang_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void
lang_diags_free(struct lang_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].message);
		free(d->items[i].source_line);
	}
	free(d->items);
	lang_diags_init(d);
}

bool
lang_diags_full(const struct lang_diags *d)
{
	return d->truncated;
}

static struct lang_diag *
push(struct lang_diags *d)
{
	d->items = xgrow(d->items, &d->cap, d->count + 1, sizeof(*d->items));
	memset(&d->items[d->count], 0, sizeof(d->items[0]));
	return &d->items[d->count++];
}

/* The line as it can be shown on a terminal: control characters and bytes
 * that are not UTF-8 become '?', one per byte, so columns still line up. */
static char *
printable_copy(const char *line, size_t len)
{
	struct strbuf sb = { 0 };
	size_t i = 0;

	strbuf_append(&sb, "", 0);
	while (i < len) {
		unsigned char c = (unsigned char)line[i];
		size_t n = 1, k;

		if (c >= 0xc2 && c <= 0xf4) {
			n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
			for (k = 1; k < n; k++)
				if (i + k >= len || ((unsigned char)line[i + k] & 0xc0) != 0x80)
					break;
			if (k < n)
				n = 0;
		} else if (c >= 0x80 || (c < 0x20 && c != '\t') || c == 0x7f) {
			n = 0;
		}
		if (n == 0) {
			strbuf_putc(&sb, '?');
			i++;
		} else {
			strbuf_append(&sb, line + i, n);
			i += n;
		}
	}
	return strbuf_detach(&sb);
}

void
lang_diag_add(struct lang_diags *d, enum lang_severity sev,
    const struct lang_source *src, const char *file, struct lang_loc loc,
    const char *fmt, ...)
{
	struct lang_diag *diag;
	va_list ap;
	size_t len;
	const char *line;

	if (d->truncated)
		return;
	if (sev == LANG_ERROR && d->errors == LANG_MAX_ERRORS) {
		diag = push(d);
		diag->severity = LANG_ERROR;
		diag->file = xstrdup(file);
		diag->message = xstrdup("too many errors; stopping");
		d->truncated = true;
		return;
	}
	diag = push(d);
	diag->severity = sev;
	diag->file = xstrdup(file);
	diag->loc = loc;
	if (diag->loc.line != 0 && diag->loc.len == 0)
		diag->loc.len = 1;
	va_start(ap, fmt);
	{
		va_list ap2;
		int n;

		va_copy(ap2, ap);
		n = vsnprintf(NULL, 0, fmt, ap2);
		va_end(ap2);
		diag->message = xmalloc(n > 0 ? (size_t)n + 1 : 1);
		vsnprintf(diag->message, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	}
	va_end(ap);
	if (src != NULL && loc.line != 0) {
		line = lang_source_line(src, loc.line, &len);
		if (line != NULL) {
			const char *nl = memchr(line, '\n', len);

			if (nl != NULL)
				len = (size_t)(nl - line);
			diag->source_line = printable_copy(line, len);
		}
	}
	if (sev == LANG_ERROR)
		d->errors++;
}

/* Byte offset of character column col (1-based) in s, clamped to len. */
static size_t
byte_of_col(const char *s, size_t len, size_t col)
{
	size_t i = 0, c = 1;

	while (i < len && c < col) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	return i;
}

static size_t
chars_in(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static void
print_source_and_caret(const struct lang_diag *diag, FILE *out)
{
	const char *line = diag->source_line;
	size_t len = strlen(line), nchars = chars_in(line, len);
	size_t first = 1, col = diag->loc.col, ulen = diag->loc.len, i, from, to;
	bool cut_left = false, cut_right = false;

	if (nchars > SHOWN_LINE_CHARS) {
		if (col > SHOWN_LINE_CHARS / 2) {
			first = col - SHOWN_LINE_CHARS / 2;
			cut_left = true;
		}
		cut_right = first + SHOWN_LINE_CHARS <= nchars;
	}
	from = byte_of_col(line, len, first);
	to = cut_right ? byte_of_col(line, len, first + SHOWN_LINE_CHARS) : len;
	fprintf(out, "%s%.*s%s\n", cut_left ? "..." : "", (int)(to - from),
	    line + from, cut_right ? "..." : "");
	if (cut_left)
		fputs("   ", out);
	/* Copy tabs so the caret lines up whatever the tab width. */
	for (i = from; i < byte_of_col(line, len, col); i++)
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			fputc(line[i] == '\t' ? '\t' : ' ', out);
	fputc('^', out);
	if (col + ulen > first + SHOWN_LINE_CHARS)
		ulen = first + SHOWN_LINE_CHARS - col;
	for (i = 1; i < ulen; i++)
		fputc('~', out);
	fputc('\n', out);
}

void
lang_diag_format(const struct lang_diag *diag, FILE *out)
{
	const char *kind = diag->severity == LANG_ERROR ? "error" : "note";

	if (diag->loc.line != 0)
		fprintf(out, "%s:%u:%u: %s: %s\n", diag->file, diag->loc.line,
		    diag->loc.col, kind, diag->message);
	else
		fprintf(out, "%s: %s: %s\n", diag->file, kind, diag->message);
	if (diag->source_line != NULL)
		print_source_and_caret(diag, out);
}

void
lang_diags_print(const struct lang_diags *d, FILE *out)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		lang_diag_format(&d->items[i], out);
}
