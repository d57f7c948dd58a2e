#include "config.h"

#include "ui/frame.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const wchar_t unicode_glyphs[G_COUNT] = {
	L'─', L'│', L'┌', L'┐', L'└', L'┘', L'├', L'┤', L'┬', L'┴', L'┼', L'▶',
	L'█', L'─', L'·', L'═', L'!', L'…', L'░', L'◀',
};
static const wchar_t ascii_glyphs[G_COUNT] = {
	L'-', L'|', L'+', L'+', L'+', L'+', L'+', L'+', L'+', L'+', L'+', L'>',
	L'#', L'-', L'.', L'=', L'!', L'~', L':', L'<',
};

void
ui_frame_init(struct ui_frame *f, int width, int height, bool unicode)
{
	f->width = width > 0 ? width : 1;
	f->height = height > 0 ? height : 1;
	f->unicode = unicode;
	f->cells = xcalloc((size_t)f->width * (size_t)f->height, sizeof(*f->cells));
	ui_frame_clear(f);
}

void
ui_frame_free(struct ui_frame *f)
{
	free(f->cells);
	f->cells = NULL;
}

void
ui_frame_clear(struct ui_frame *f)
{
	size_t i, n = (size_t)f->width * (size_t)f->height;

	for (i = 0; i < n; i++) {
		f->cells[i].ch = L' ';
		f->cells[i].role = UI_NORMAL;
	}
}

enum ui_role
ui_thread_role(int t)
{
	return (enum ui_role)(UI_THREAD + trace_thread_hue(t));
}

wchar_t
ui_glyph(const struct ui_frame *f, enum ui_glyph g)
{
	return f->unicode ? unicode_glyphs[g] : ascii_glyphs[g];
}

void
ui_frame_set(struct ui_frame *f, int x, int y, wchar_t ch, enum ui_role role)
{
	struct ui_cell *c;
	bool wide;

	if (x < 0 || y < 0 || x >= f->width || y >= f->height)
		return;
	c = &f->cells[(size_t)y * (size_t)f->width + (size_t)x];
	/* half of a wide character overwritten: its other half goes too */
	if (c->ch == UI_WIDE_TAIL && x > 0)
		c[-1].ch = L' ';
	if (x + 1 < f->width && c[1].ch == UI_WIDE_TAIL)
		c[1].ch = L' ';
	wide = ch != UI_WIDE_TAIL && utf8_width((uint32_t)ch) == 2;
	if (wide && x + 1 >= f->width)
		ch = L'?';	/* no room for its second column */
	c->ch = ch;
	c->role = (unsigned char)role;
	if (wide && x + 1 < f->width) {
		if (x + 2 < f->width && c[2].ch == UI_WIDE_TAIL)
			c[2].ch = L' ';
		c[1].ch = UI_WIDE_TAIL;
		c[1].role = (unsigned char)role;
	}
}

void
ui_frame_role(struct ui_frame *f, int x, int y, int len, enum ui_role role)
{
	int i;

	for (i = 0; i < len; i++)
		if (x + i >= 0 && x + i < f->width && y >= 0 && y < f->height)
			f->cells[(size_t)y * (size_t)f->width + (size_t)(x + i)].role =
			    (unsigned char)role;
}

/* Decode one UTF-8 character; an invalid byte becomes '?', a control a
 * space. */
static wchar_t
next_char(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	size_t n = utf8_decode(p, strnlen(*s, 4), &cp);

	*s += n > 0 ? n : 1;
	if (n == 0)
		return L'?';
	return cp < 0x20 ? L' ' : (wchar_t)cp;
}

int
ui_text_width(const char *s)
{
	return utf8_text_width(s);
}

/* Every string the screen shows passes here, and through the sanitizer
 * first: what the frame holds is drawn by curses and written raw into a
 * recording, which is replayed into other terminals. */
int
ui_frame_text(struct ui_frame *f, int x, int y, int maxw, enum ui_role role,
    const char *text)
{
	char *safe;
	const char *s;
	int total, col = 0;

	if (maxw <= 0)
		return 0;
	safe = sanitize(text, SANITIZE_LINE);
	total = ui_text_width(safe);
	s = safe;
	while (*s != '\0' && col < maxw) {
		wchar_t c = next_char(&s);
		int cw;

		if (!f->unicode && c > 0x7e)
			c = L'?';
		cw = utf8_width((uint32_t)c);
		/* cut: the ellipsis goes where the next character no longer
		 * leaves it a column */
		if (total > maxw && col + cw > maxw - 1) {
			ui_frame_set(f, x + col, y, ui_glyph(f, G_ELLIPSIS), role);
			col++;
			break;
		}
		ui_frame_set(f, x + col, y, c, role);
		col += cw;
	}
	free(safe);
	return col;
}

int
ui_frame_printf(struct ui_frame *f, int x, int y, int maxw, enum ui_role role,
    const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ui_frame_text(f, x, y, maxw, role, buf);
}

/* Word-wrap text at (x, y) in w columns, at most max_rows rows: lines of a
 * paragraph are joined, a blank line starts a new one.  With f NULL it
 * only counts the rows the text needs. */
int
ui_frame_wrapped(struct ui_frame *f, int x, int y, int w, int max_rows, enum ui_role role,
    const char *text)
{
	int row = 0, col = 0, cols;
	const char *p = text;

	while (*p != '\0' && row < max_rows) {
		size_t word;

		if (p[0] == '\n' && p[1] == '\n') {
			row += 2;		/* a paragraph break */
			col = 0;
			p += 2;
			continue;
		}
		if (*p == '\n' || *p == ' ') {	/* within a paragraph: reflow */
			p++;
			continue;
		}
		word = strcspn(p, " \n");
		utf8_fit(p, word, INT_MAX, &cols);
		if (col > 0 && col + 1 + cols > w) {
			row++;
			col = 0;
			if (row >= max_rows)
				break;
		} else if (col > 0) {
			col++;
		}
		if (f != NULL) {
			char buf[256];

			snprintf(buf, sizeof(buf), "%.*s", (int)(word < 255 ? word : 255), p);
			ui_frame_text(f, x + col, y + row, w - col, role, buf);
		}
		col += cols < w ? cols : w;
		p += word;
	}
	return row + 1;
}

/* Text at (x, y) in w columns, folded at spaces onto rows indented by
 * two rather than cut (runs of spaces kept within a row); returns the
 * rows it took, at most max_rows.  With f NULL it only counts them. */
int
ui_frame_folded(struct ui_frame *f, int x, int y, int w, int max_rows, enum ui_role role,
    const char *text)
{
	int rows = 0, indent = 0;
	char buf[1024];

	while (*text != '\0' && rows < max_rows) {
		int avail = w - indent, cut = (int)strlen(text), cols;

		if (ui_text_width(text) > avail && rows + 1 < max_rows) {
			int fits = (int)utf8_fit(text, (size_t)cut, avail, &cols);

			for (cut = fits; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = fits > 0 ? fits : 1;
		}
		snprintf(buf, sizeof(buf), "%.*s", cut, text);
		if (f != NULL)
			ui_frame_text(f, x + indent, y + rows, avail, role, buf);
		rows++;
		text += cut;
		while (*text == ' ')
			text++;
		indent = 2;
	}
	return rows;
}

void
ui_frame_hline(struct ui_frame *f, int x, int y, int len, enum ui_role role)
{
	int i;

	for (i = 0; i < len; i++)
		ui_frame_set(f, x + i, y, ui_glyph(f, G_HLINE), role);
}

void
ui_frame_vline(struct ui_frame *f, int x, int y, int len, enum ui_role role)
{
	int i;

	for (i = 0; i < len; i++)
		ui_frame_set(f, x, y + i, ui_glyph(f, G_VLINE), role);
}

void
ui_frame_box(struct ui_frame *f, int x, int y, int w, int h, const char *title)
{
	ui_frame_hline(f, x + 1, y, w - 2, UI_BORDER);
	ui_frame_hline(f, x + 1, y + h - 1, w - 2, UI_BORDER);
	ui_frame_vline(f, x, y + 1, h - 2, UI_BORDER);
	ui_frame_vline(f, x + w - 1, y + 1, h - 2, UI_BORDER);
	ui_frame_set(f, x, y, ui_glyph(f, G_TL), UI_BORDER);
	ui_frame_set(f, x + w - 1, y, ui_glyph(f, G_TR), UI_BORDER);
	ui_frame_set(f, x, y + h - 1, ui_glyph(f, G_BL), UI_BORDER);
	ui_frame_set(f, x + w - 1, y + h - 1, ui_glyph(f, G_BR), UI_BORDER);
	if (title != NULL && title[0] != '\0' && w > 6) {
		int n = ui_frame_text(f, x + 2, y, w - 5, UI_TITLE, title);

		ui_frame_set(f, x + 1, y, L' ', UI_BORDER);
		ui_frame_set(f, x + 2 + n, y, L' ', UI_BORDER);
	}
}

void
ui_frame_dump(const struct ui_frame *f, FILE *out)
{
	int x, y, end;

	for (y = 0; y < f->height; y++) {
		const struct ui_cell *row = &f->cells[(size_t)y * (size_t)f->width];

		for (end = f->width; end > 0 && row[end - 1].ch == L' '; end--)
			;
		for (x = 0; x < end; x++) {
			char bytes[4] = { 0 };

			if (row[x].ch != UI_WIDE_TAIL)
				fwrite(bytes, 1, utf8_encode((uint32_t)row[x].ch, bytes), out);
		}
		fputc('\n', out);
	}
}
