/* layout.h - a session, composed into a frame.
 *
 *   ┌ lost-update — Lost update ────────── step 3  round-robin  2/s  seed 0 ┐
 *   │ 1 A  runnable        │ 2 B  finished        │ shared                 │
 *   │ ▶ counter += 1       │   counter += 1       │ counter = 1  was 0 B@2 │
 *   ├ timeline ────────────────────────────────────────────────────────────┤
 *   │ A █─█                                                               │
 *   │ B ─█·                                                               │
 *   ├─────────────────────────────────────────────────────────────────────┤
 *   │ RACE on counter: B reads at step 2, A writes at step 3  ? help  q quit│
 *   └─────────────────────────────────────────────────────────────────────┘
 *
 * Thread panes (as many across as fit, then a second row), a side panel
 * with the shared variables and the primitives, the timeline or the step
 * table, and the status line.  Overlays (help, about, the picker) are
 * boxes drawn over it.
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
