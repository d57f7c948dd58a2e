/* tui.h - the terminal UI: curses, the main loop, signals.
 *
 * This thread is the only one that calls curses.  It waits in poll() on
 * the terminal and on a self-pipe that signal handlers write to, with a
 * timeout only while auto-play is on, so a paused UI uses no CPU; a
 * resize interrupts poll() and curses reports it as a key.  The
 * terminal is restored on every way out: q, an error, SIGINT, SIGTERM,
 * SIGHUP, and a crash signal.
 */
#ifndef LOCKSTEP_UI_TUI_H
#define LOCKSTEP_UI_TUI_H

#include "ui/session.h"

/* Hand a frame to curses and update the screen (the one drawing code,
 * also timed by bench/ui_bench). */
void ui_tui_draw(const struct ui_frame *f);
/* Run the UI on an open session (or on its picker); returns an exit
 * status.  With record (a path), the session is recorded as an asciicast
 * (see record/cast.h): every frame drawn, every resize, a marker at every
 * step. */
int ui_tui_run(struct ui_session *s, const char *record);

#endif
