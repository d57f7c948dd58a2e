/* frame.h - one screenful, as cells, before any terminal sees it.
 *
 * The layout writes text into a frame; the curses backend (tui.c) draws
 * it, and ui_frame_dump prints it as plain UTF-8, which is how the screen
 * tests read the TUI back.  A cell is one character and a role; roles
 * become colours and attributes in theme.c.  A wide character (CJK, as
 * wcwidth says) takes two cells: itself, then UI_WIDE_TAIL, which no
 * backend draws.
 */
#ifndef LOCKSTEP_UI_FRAME_H
#define LOCKSTEP_UI_FRAME_H

#include <stdbool.h>
#include <stdio.h>
#include <wchar.h>

#include "trace/lanes.h"

/* What a piece of text is, not how it looks. */
enum ui_role {
	UI_NORMAL,
	UI_BORDER,
	UI_TITLE,
	UI_DIM,			/* secondary text */
	UI_KEY,			/* key names in hints and help */
	UI_PENDING,		/* a thread's next step */
	UI_SELECTED,		/* the selected thread's name */
	UI_BLOCKED,
	UI_FINISHED,
	UI_LOCK_HELD,
	UI_RACE,
	UI_CHANGED,		/* a value the last step changed */
	UI_OK,
	UI_BAD,			/* a failing verdict, an error message */
	UI_THREAD,		/* + the thread's hue (trace_thread_hue) */
	UI_ROLE_COUNT = UI_THREAD + TRACE_HUES,
};

/* Thread t's colour role. */
enum ui_role ui_thread_role(int t);

/* The second cell of a wide character. */
#define UI_WIDE_TAIL ((wchar_t)0)

struct ui_cell {
	wchar_t ch;
	unsigned char role;
};

struct ui_frame {
	int width, height;
	struct ui_cell *cells;
	bool unicode;		/* box drawing and symbols; else ASCII */
};

/* The characters lockstep draws, in a Unicode and an ASCII set. */
enum ui_glyph {
	G_HLINE, G_VLINE, G_TL, G_TR, G_BL, G_BR, G_TEE_LEFT, G_TEE_RIGHT,
	G_TEE_DOWN, G_TEE_UP, G_CROSS, G_ARROW, G_RAN, G_READY, G_BLOCKED,
	G_HELD, G_RACE, G_ELLIPSIS, G_SHADE, G_LARROW, G_COUNT,
};

void ui_frame_init(struct ui_frame *f, int width, int height, bool unicode);
void ui_frame_free(struct ui_frame *f);
void ui_frame_clear(struct ui_frame *f);
wchar_t ui_glyph(const struct ui_frame *f, enum ui_glyph g);
void ui_frame_set(struct ui_frame *f, int x, int y, wchar_t ch, enum ui_role role);
/* Write UTF-8 text at (x, y), at most maxw columns (cut with an ellipsis
 * when longer); returns the columns written. */
int ui_frame_text(struct ui_frame *f, int x, int y, int maxw, enum ui_role role,
    const char *text);
int ui_frame_printf(struct ui_frame *f, int x, int y, int maxw, enum ui_role role,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Columns of UTF-8 text on a terminal (a wide character counts two). */
int ui_text_width(const char *text);
/* Word-wrap text at (x, y) in w columns, at most max_rows rows: lines of a
 * paragraph are joined, a blank line starts a new one; returns the rows it
 * took.  With f NULL it only counts them. */
int ui_frame_wrapped(struct ui_frame *f, int x, int y, int w, int max_rows,
    enum ui_role role, const char *text);
/* Text at (x, y) in w columns, folded at spaces onto rows indented by two
 * rather than cut; returns the rows it took, at most max_rows.  With f
 * NULL it only counts them. */
int ui_frame_folded(struct ui_frame *f, int x, int y, int w, int max_rows,
    enum ui_role role, const char *text);
void ui_frame_hline(struct ui_frame *f, int x, int y, int len, enum ui_role role);
void ui_frame_vline(struct ui_frame *f, int x, int y, int len, enum ui_role role);
/* A box: border, and a title in the top edge. */
void ui_frame_box(struct ui_frame *f, int x, int y, int w, int h, const char *title);
void ui_frame_role(struct ui_frame *f, int x, int y, int len, enum ui_role role);
/* Plain text, one line per row, trailing blanks removed. */
void ui_frame_dump(const struct ui_frame *f, FILE *out);

#endif
