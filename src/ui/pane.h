/* pane.h - a thread group's pane: its threads, its code, their values.
 *
 *   1 A  runnable
 *     counter += 1
 *       LOAD counter   read 0
 *     ▶ STORE counter  will write 1
 *
 * A row per member (key, name, state and why), then the group's code
 * once, the shown thread's next step marked, the values its steps on the
 * pending line read and will write under it, its locals beside the lines
 * that set them, and, for a group, which members stand at each line.
 */
#ifndef LOCKSTEP_UI_PANE_H
#define LOCKSTEP_UI_PANE_H

#include <stdbool.h>

#include "ui/frame.h"
#include "ui/session.h"

/* Group gi's pane at (x, y), w columns and h rows; with members false,
 * its code alone (the thread list shows the rows). */
void ui_pane_draw(const struct ui_session *s, struct ui_frame *f, int gi, int x, int y,
    int w, int h, bool members);
/* The columns and rows group gi's pane wants. */
void ui_pane_need(const struct ui_session *s, int gi, int *w, int *h);
/* The thread of group gi whose code and values its pane shows. */
int ui_pane_shown_thread(const struct ui_session *s, int gi);
/* The first member of group gi that its pane of h rows lists: 0, or, when
 * the shown thread would be past the rows, a window of a row a member
 * around it (the lecture's 100 threads scroll). */
int ui_pane_first_member(const struct ui_session *s, int gi, int h);
/* Thread t's row (key, name, state and why, the why wrapped under it, at
 * most max_rows); compact: a blocked thread's reason alone.  Returns the
 * rows it took. */
int ui_pane_thread_row(const struct ui_session *s, struct ui_frame *f, int t, int x, int y,
    int w, int max_rows, bool compact);

#endif
