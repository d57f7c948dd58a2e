/* curses.h - the one way ui/ includes curses: the wide-character API of
 * whichever header configure found. */
#ifndef LOCKSTEP_UI_CURSES_H
#define LOCKSTEP_UI_CURSES_H

#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#elif defined(HAVE_NCURSESW_H)
#include <ncursesw.h>
#else
#include <curses.h>
#endif

#endif
