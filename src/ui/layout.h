/* layout.h - a session, composed into a frame.
 *
 *   ┌ lost-update — Lost update ─────────────────── step 2 · manual ┐
 *   │ 1 A runnable         │ 2 B runnable         │ shared            │
 *   │   counter += 1       │   counter += 1       │ counter = 0       │
 *   │     LOAD counter  0  │     LOAD counter  0  │   (initial)       │
 *   │   ▶ STORE counter    │   ▶ STORE counter    │                   │
 *   ├─ timeline ───────────┴──────────────────────┴───────────────────┤
 *   │   1       2                                                     │
 *   │ A LOAD 0          ▶                                             │
 *   │ B         LOAD 0  ▶                                             │
 *   │ ▶ next  ══ holds a lock  ░░ blocked  ! race                     │
 *   ├───────────────────────── 1-9 step  space play  u undo  ? help ──┤
 *   │ step 2: B LOAD counter -> 0                                     │
 *   └─────────────────────────────────────────────────────────────────┘
 *
 * Where everything goes, from the terminal's size and the scenario: the
 * header, a pane per thread group (pane.c) side by side or stacked, or a
 * thread list and one group's code when they do not fit, the side panel
 * (side.c), the timeline or the step table (timeline.c), the status line
 * with the verdict, and any overlay (overlay.c) over them.
 */
#ifndef LOCKSTEP_UI_LAYOUT_H
#define LOCKSTEP_UI_LAYOUT_H

#include "ui/frame.h"
#include "ui/session.h"

#define UI_MIN_WIDTH 64
#define UI_MIN_HEIGHT 18

void ui_layout(const struct ui_session *s, struct ui_frame *f);
/* The thread whose pane is at column x, row y of a W x H screen, or -1. */
int ui_layout_thread_at(const struct ui_session *s, int W, int H, int x, int y);

#endif
