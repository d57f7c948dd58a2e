/* theme.h - roles to curses attributes: colours, or a monochrome set.
 *
 * Colour is used when the terminal has it and NO_COLOR is not set (see
 * no-color.org); the monochrome theme keeps every role distinguishable
 * with bold, reverse, underline and dim alone.
 */
#ifndef LOCKSTEP_UI_THEME_H
#define LOCKSTEP_UI_THEME_H

#include <stdbool.h>

#include "ui/frame.h"

/* Call after initscr; returns whether colours are in use. */
bool ui_theme_init(void);
/* The curses attributes (colour pair included) of a role. */
unsigned long ui_theme_attr(enum ui_role role);

#endif
