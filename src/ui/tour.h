/* tour.h - tours and challenges in the terminal UI.
 *
 * A tour (lockstep-scenario(5)) is taken with g (a digit picks one when the
 * scenario has several): the run restarts, and Enter or Space takes the
 * tour's next step, its caption shown on the status line, the caption bar
 * of a tour; u steps back to the caption before; Esc leaves the tour.  A
 * step of the user's own that leaves the tour's path ends it.
 *
 * A challenge's goal shows on the status line while the run goes on, with
 * the step count; when the run ends, the status line says whether the goal
 * was reached, in how many steps, and in how few it can be: the shortest
 * schedule that reaches it, from the explorer (searched once per scenario,
 * on a model of its own, a few seconds at most).
 *
 * The session owns the state (ui_session.tour) and calls these hooks;
 * nothing here draws.
 */
#ifndef LOCKSTEP_UI_TOUR_H
#define LOCKSTEP_UI_TOUR_H

#include <stdbool.h>
#include <stddef.h>

struct lang_tour;
struct ui_session;
struct ui_tour;

void ui_tour_free(struct ui_tour *t);
/* A key for the tour, before the session's own keys; true if it took it. */
bool ui_tour_key(struct ui_session *s, int key);
/* The caption of step i (from 0) of the run, when the run is on a tour
 * that has that step; NULL otherwise.  A recording's markers carry it. */
const char *ui_tour_caption(const struct ui_session *s, size_t i);
/* The tour being taken, while the run so far is on its path; NULL
 * otherwise.  A picture saved then carries its captions. */
const struct lang_tour *ui_tour_taken(const struct ui_session *s);
/* After a key or a step of play: the caption of the tour's step, the
 * challenge's goal or its judgement on the status line; true if the
 * screen changed. */
bool ui_tour_show(struct ui_session *s);

#endif
