/* timeline.h - the steps taken so far: the timeline and the step table.
 *
 *     1       2       3
 *   A LOAD 0          STORE 1 ▶
 *   B         LOAD 0          ▶
 *   ▶ next  ══ holds a lock  ░░ blocked  ! race
 *
 * The timeline: a lane per thread, a column per step labelled with what
 * it did, lock-holding and blocked spans, the steps of each data race
 * marked, the legend.  The step table (t): a row per step, a column per
 * thread, each step in words.
 */
#ifndef LOCKSTEP_UI_TIMELINE_H
#define LOCKSTEP_UI_TIMELINE_H

#include <stdbool.h>

#include "ui/frame.h"
#include "ui/session.h"

void ui_timeline_draw(const struct ui_session *s, struct ui_frame *f, int x, int y, int w,
    int h);
/* The rows the timeline wants for nthreads lanes, with a row under each
 * for its spans when spans is set. */
int ui_timeline_rows(int nthreads, bool spans);
/* The legend on one row, with each race's two steps (s NULL: no races,
 * as the help shows it). */
void ui_timeline_legend(const struct ui_session *s, struct ui_frame *f, int x, int y, int w);
void ui_table_draw(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h);

#endif
