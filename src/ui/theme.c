#include "config.h"

#include "ui/theme.h"

#include <stdlib.h>

#include "ui/curses.h"

static bool use_colour;

/* Foreground colours of the thread roles: distinct on 8-colour terminals. */
static const short thread_colours[TRACE_HUES] = {
	[TRACE_HUE_CYAN] = COLOR_CYAN, [TRACE_HUE_MAGENTA] = COLOR_MAGENTA,
	[TRACE_HUE_YELLOW] = COLOR_YELLOW, [TRACE_HUE_GREEN] = COLOR_GREEN,
	[TRACE_HUE_BLUE] = COLOR_BLUE, [TRACE_HUE_RED] = COLOR_RED,
};

static void
pair(enum ui_role role, short fg)
{
	init_pair((short)(role + 1), fg, -1);
}

bool
ui_theme_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	int i;

	use_colour = has_colors() && (no_color == NULL || no_color[0] == '\0');
	if (!use_colour)
		return false;
	start_color();
	use_default_colors();
	pair(UI_BORDER, COLOR_BLUE);
	pair(UI_TITLE, -1);
	pair(UI_KEY, COLOR_CYAN);
	pair(UI_PENDING, COLOR_YELLOW);
	pair(UI_BLOCKED, COLOR_RED);
	pair(UI_LOCK_HELD, COLOR_YELLOW);
	pair(UI_RACE, COLOR_RED);
	pair(UI_CHANGED, COLOR_YELLOW);
	pair(UI_OK, COLOR_GREEN);
	pair(UI_BAD, COLOR_RED);
	for (i = 0; i < TRACE_HUES; i++)
		pair((enum ui_role)(UI_THREAD + i), thread_colours[i]);
	return true;
}

unsigned long
ui_theme_attr(enum ui_role role)
{
	unsigned long colour = use_colour ? (unsigned long)COLOR_PAIR(role + 1) : 0;

	switch (role) {
	case UI_NORMAL:
		return A_NORMAL;
	case UI_BORDER:
		return use_colour ? colour : A_DIM;
	case UI_TITLE:
		return A_BOLD;
	case UI_DIM:
	case UI_FINISHED:
		return A_DIM;
	case UI_KEY:
		return colour | A_BOLD;
	case UI_PENDING:
		return use_colour ? colour | A_BOLD : A_BOLD | A_UNDERLINE;
	case UI_SELECTED:
		return A_REVERSE | A_BOLD;
	case UI_BLOCKED:
		return use_colour ? colour : A_UNDERLINE;
	case UI_LOCK_HELD:
		return use_colour ? colour : A_BOLD;
	case UI_RACE:
	case UI_BAD:
		return use_colour ? colour | A_BOLD : A_REVERSE | A_BOLD;
	case UI_CHANGED:
		return use_colour ? colour | A_BOLD : A_BOLD;
	case UI_OK:
		return use_colour ? colour | A_BOLD : A_BOLD;
	default:
		return use_colour ? colour | A_BOLD : A_BOLD;	/* threads */
	}
}
