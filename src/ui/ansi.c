#include "config.h"

#include "ui/ansi.h"

#include "util/utf8.h"

/* SGR parameters of each role, matching theme.c's curses attributes. */
static const char *
sgr(enum ui_role role, bool colour)
{
	static const char *const threads[TRACE_HUES] = {
		[TRACE_HUE_CYAN] = "1;36", [TRACE_HUE_MAGENTA] = "1;35",
		[TRACE_HUE_YELLOW] = "1;33", [TRACE_HUE_GREEN] = "1;32",
		[TRACE_HUE_BLUE] = "1;34", [TRACE_HUE_RED] = "1;31",
	};

	switch (role) {
	case UI_NORMAL: return "0";
	case UI_BORDER: return colour ? "0;34" : "0;2";
	case UI_TITLE: return "0;1";
	case UI_DIM:
	case UI_FINISHED: return "0;2";
	case UI_KEY: return colour ? "0;1;36" : "0;1";
	case UI_PENDING: return colour ? "0;1;33" : "0;1;4";
	case UI_SELECTED: return "0;1;7";
	case UI_BLOCKED: return colour ? "0;31" : "0;4";
	case UI_LOCK_HELD: return colour ? "0;33" : "0;1";
	case UI_RACE:
	case UI_BAD: return colour ? "0;1;31" : "0;1;7";
	case UI_CHANGED: return colour ? "0;1;33" : "0;1";
	case UI_OK: return colour ? "0;1;32" : "0;1";
	default:
		if (!colour)
			return "0;1";
		return role >= UI_THREAD && role < UI_ROLE_COUNT ?
		    threads[role - UI_THREAD] : "0";
	}
}

void
ui_ansi_render(const struct ui_frame *f, bool colour, struct strbuf *out)
{
	int x, y, role = -1;

	strbuf_puts(out, "\x1b[?25l\x1b[H");
	for (y = 0; y < f->height; y++) {
		strbuf_printf(out, "\x1b[%d;1H", y + 1);
		for (x = 0; x < f->width; x++) {
			const struct ui_cell *c = &f->cells[y * f->width + x];

			if (c->role != role) {
				role = c->role;
				strbuf_printf(out, "\x1b[%sm", sgr((enum ui_role)role, colour));
			}
			char bytes[4];

			if (c->ch != UI_WIDE_TAIL)
				strbuf_append(out, bytes, utf8_encode((uint32_t)c->ch, bytes));
		}
	}
	strbuf_puts(out, "\x1b[0m");
}
