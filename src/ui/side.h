/* side.h - the side panel: the shared variables and the primitives.
 *
 *   shared
 *   counter = 1  B@2, was 0
 *
 *   primitives
 *   m: A  waits: B
 *
 * Each shared variable with its value, who wrote it at which step and
 * what it was before; each primitive with its state (owner, count,
 * sleepers, items) and the threads blocked on it.
 */
#ifndef LOCKSTEP_UI_SIDE_H
#define LOCKSTEP_UI_SIDE_H

#include "ui/frame.h"
#include "ui/session.h"

/* Draw the panel at (x, y) in w columns and h rows. */
void ui_side_draw(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h);
/* Rows the panel wants in w columns. */
int ui_side_rows(const struct ui_session *s, int w);

#endif
