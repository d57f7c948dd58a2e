#include "config.h"

#include "lang/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "lang/source.h"
#include "util/sanitize.h"
#include "util/utf8.h"
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

/* Whether the last diagnostic says what an earlier one said: code that
 * compiles more than once (a finally block, once for each way out of its
 * try) finds its errors again. */
static bool
repeated(const struct lang_diags *d, const struct lang_diag *last)
{
	size_t i;

	for (i = 0; i + 1 < d->count; i++) {
		const struct lang_diag *o = &d->items[i];

		if (o->severity == last->severity && o->loc.line == last->loc.line &&
		    o->loc.col == last->loc.col && o->loc.len == last->loc.len &&
		    strcmp(o->file, last->file) == 0 && strcmp(o->message, last->message) == 0)
			return true;
	}
	return false;
}

void
lang_diag_vadd(struct lang_diags *d, enum lang_severity sev,
    const struct lang_source *src, const char *file, struct lang_loc loc,
    const char *fmt, va_list ap)
{
	struct lang_diag *diag;
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
	{
		va_list ap2;
		int n;

		va_copy(ap2, ap);
		n = vsnprintf(NULL, 0, fmt, ap2);
		va_end(ap2);
		diag->message = xmalloc(n > 0 ? (size_t)n + 1 : 1);
		vsnprintf(diag->message, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	}
	if (repeated(d, diag)) {
		free(diag->file);
		free(diag->message);
		d->count--;
		return;
	}
	if (src != NULL && loc.line != 0) {
		line = lang_source_line(src, loc.line, &len);
		if (line != NULL) {
			const char *nl = memchr(line, '\n', len);

			if (nl != NULL)
				len = (size_t)(nl - line);
			diag->source_line = xstrndup(line, len);
		}
	}
	if (sev == LANG_ERROR)
		d->errors++;
}

void
lang_diag_add(struct lang_diags *d, enum lang_severity sev,
    const struct lang_source *src, const char *file, struct lang_loc loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lang_diag_vadd(d, sev, src, file, loc, fmt, ap);
	va_end(ap);
}

/* Bytes of the character at s, at most avail; a byte that is not UTF-8
 * counts as one character, shown as U+FFFD. */
static size_t
char_bytes(const char *s, size_t avail)
{
	size_t n = utf8_decode((const unsigned char *)s, avail, NULL);

	return n > 0 ? n : 1;
}

/* The source line, made safe to show, and under it a caret at the column:
 * the line is shown a character at a time, so that the caret line can
 * pad each with as many columns as it takes on the screen (an escaped
 * control character takes four; a tab is copied, whatever its width). */
static void
print_source_and_caret(const struct lang_diag *diag, FILE *out)
{
	const char *line = diag->source_line;
	size_t len = strlen(line), nchars = 0, i;
	size_t first = 1, col = diag->loc.col, ulen = diag->loc.len, c;
	struct strbuf shown = { 0 }, caret = { 0 };
	bool cut_left = false, cut_right = false;

	for (i = 0; i < len; i += char_bytes(line + i, len - i))
		nchars++;
	if (nchars > SHOWN_LINE_CHARS) {
		if (col > SHOWN_LINE_CHARS / 2) {
			first = col - SHOWN_LINE_CHARS / 2;
			cut_left = true;
		}
		cut_right = first + SHOWN_LINE_CHARS <= nchars;
	}
	if (col + ulen > first + SHOWN_LINE_CHARS)
		ulen = first + SHOWN_LINE_CHARS - col;
	strbuf_puts(&shown, cut_left ? "..." : "");
	strbuf_puts(&caret, cut_left ? "   " : "");
	for (i = 0, c = 1; i < len && (!cut_right || c < first + SHOWN_LINE_CHARS); c++) {
		size_t n = char_bytes(line + i, len - i), before = shown.len, k;

		if (c >= first) {
			sanitize_append(&shown, line + i, n, SANITIZE_TEXT);
			for (k = before; k < shown.len; k++) {
				unsigned char b = (unsigned char)shown.buf[k];

				if (utf8_is_continuation(b))
					continue;
				if (c < col)
					strbuf_putc(&caret, b == '\t' ? '\t' : ' ');
				else if (c < col + (ulen > 0 ? ulen : 1))
					strbuf_putc(&caret, c == col && k == before ? '^' : '~');
			}
		}
		i += n;
	}
	if (c <= col) {		/* the column is past the line's end */
		for (; c < col; c++)
			strbuf_putc(&caret, ' ');
		strbuf_putc(&caret, '^');
	}
	strbuf_puts(&shown, cut_right ? "..." : "");
	fprintf(out, "%s\n%s\n", shown.buf, caret.buf);
	strbuf_free(&shown);
	strbuf_free(&caret);
}

void
lang_diag_format(const struct lang_diag *diag, FILE *out)
{
	const char *kind = diag->severity == LANG_ERROR ? "error" : "note";

	char *file = sanitize(diag->file, SANITIZE_LINE);
	char *message = sanitize(diag->message, SANITIZE_LINE);

	if (diag->loc.line != 0)
		fprintf(out, "%s:%u:%u: %s: %s\n", file, diag->loc.line,
		    diag->loc.col, kind, message);
	else
		fprintf(out, "%s: %s: %s\n", file, kind, message);
	free(file);
	free(message);
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
