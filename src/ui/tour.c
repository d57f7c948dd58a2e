#include "config.h"

#include "ui/tour.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"
#include "trace/tour.h"
#include "ui/keys.h"
#include "ui/session.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The explorer's search for the shortest win stops after this long. */
#define SHORTEST_SEARCH_SECONDS 5.0

struct ui_tour {
	int tour;		/* the tour being taken, or -1 */
	bool picking;		/* g with several tours: a digit picks one */
	bool said;		/* the last key's message is the tour's own */
	bool judged;		/* the end of this run has been judged */
	bool searched;		/* shortest and exhaustive are known */
	size_t shortest;	/* steps of the shortest win; 0: none found */
	bool exhaustive;	/* the search saw every schedule */
};

/* The status line's message, to write into, as an error or not. */
static char *
message(struct ui_session *s, bool error)
{
	s->message_is_error = error;
	return s->message;
}

#define MESSAGE_SIZE sizeof(((struct ui_session *)0)->message)

void
ui_tour_free(struct ui_tour *t)
{
	free(t);
}

static struct ui_tour *
state(struct ui_session *s)
{
	if (s->tour == NULL) {
		s->tour = xcalloc(1, sizeof(*s->tour));
		s->tour->tour = -1;
	}
	return s->tour;
}

static void
start_tour(struct ui_session *s, int k)
{
	const struct lang_tour *tour = &s->prog->tours[k];
	struct lang_diags diags;
	bool valid;

	/* A tour check has not taken is refused here as it would be there. */
	lang_diags_init(&diags);
	valid = tour_validate(s->prog, &diags);
	if (!valid) {
		snprintf(message(s, true), MESSAGE_SIZE, "the tours cannot be "
		    "taken: %s", diags.count > 0 ? diags.items[0].message : "error");
		lang_diags_free(&diags);
		return;
	}
	lang_diags_free(&diags);
	s->playing = false;
	if (!ui_session_restart(s))
		return;
	s->tour->tour = k;
	snprintf(message(s, false), MESSAGE_SIZE, "tour \"%s\", %zu steps: "
	    "Enter or Space takes the next, u goes back, Esc leaves",
	    tour->name, tour->nsteps);
}

/* Whether the run so far is the start of the tour being taken. */
static bool
on_the_tour(const struct ui_session *s, const struct lang_tour *tour)
{
	size_t i;

	if (s->trace.nsteps > tour->nsteps)
		return false;
	for (i = 0; i < s->trace.nsteps; i++)
		if (s->trace.schedule.entries[i].thread != tour->steps[i].thread ||
		    s->trace.schedule.entries[i].choice != 0)
			return false;
	return true;
}

static void
pick_tour(struct ui_session *s)
{
	struct strbuf list = { 0 };
	size_t i;

	for (i = 0; i < s->prog->ntours && i < 9; i++)
		strbuf_printf(&list, "  %zu %s", i + 1, s->prog->tours[i].name);
	s->tour->picking = true;
	snprintf(message(s, false), MESSAGE_SIZE, "take which tour?%s",
	    strbuf_str(&list));
	strbuf_free(&list);
}

bool
ui_tour_key(struct ui_session *s, int key)
{
	struct ui_tour *t = state(s);
	const struct lang_tour *tour;
	int arg;
	enum ui_action a = ui_action_for_key(key, &arg);

	t->said = true;		/* until a key that is not the tour's */
	if (t->picking) {
		t->picking = false;
		if (a == UI_ACTION_STEP_THREAD && (size_t)arg < s->prog->ntours)
			start_tour(s, arg);
		else
			snprintf(message(s, false), MESSAGE_SIZE, "no tour taken");
		return true;
	}
	if (a == UI_ACTION_TOUR) {
		if (s->prog->ntours == 0)
			snprintf(message(s, true), MESSAGE_SIZE, "this scenario "
			    "has no tours (lockstep-scenario(5) says how to write one)");
		else if (s->prog->ntours == 1)
			start_tour(s, 0);
		else
			pick_tour(s);
		return true;
	}
	if (t->tour < 0) {
		t->said = false;
		return false;
	}
	tour = &s->prog->tours[t->tour];
	if (key == UI_KEY_ESCAPE) {
		t->tour = -1;
		snprintf(message(s, false), MESSAGE_SIZE, "left the tour: g "
		    "takes it again");
		return true;
	}
	if (a != UI_ACTION_STEP_SELECTED && a != UI_ACTION_PLAY) {
		t->said = false;
		return false;
	}
	s->message[0] = '\0';
	if (s->trace.nsteps >= tour->nsteps) {
		snprintf(message(s, false), MESSAGE_SIZE, "the end of the tour "
		    "\"%s\": u goes back, Esc leaves it", tour->name);
		return true;
	}
	s->playing = false;
	ui_session_step(s, tour->steps[s->trace.nsteps].thread);
	t->said = false;	/* the step's caption */
	return true;
}

const char *
ui_tour_caption(const struct ui_session *s, size_t i)
{
	const struct lang_tour *tour = ui_tour_taken(s);

	return tour != NULL && i < tour->nsteps ? tour->steps[i].caption : NULL;
}

const struct lang_tour *
ui_tour_taken(const struct ui_session *s)
{
	const struct lang_tour *tour;

	if (s->tour == NULL || s->tour->tour < 0 || s->prog == NULL)
		return NULL;
	tour = &s->prog->tours[s->tour->tour];
	return on_the_tour(s, tour) ? tour : NULL;
}

/* The shortest schedule that reaches the goal, searched once. */
static void
search_shortest(struct ui_session *s)
{
	struct ui_tour *t = s->tour;
	struct model_strings strings = { 0 };
	struct model *m = model_new(s->prog, &strings);
	struct explore_options o;
	struct explore_result r;
	size_t i;

	explore_options_init(&o);
	o.timeout = SHORTEST_SEARCH_SECONDS;
	/* beyond the explorer's threads: no fewest to compare with */
	explore_run(m, &o, NULL, NULL, &r);
	t->shortest = 0;
	t->exhaustive = r.exhaustive;
	for (i = 0; i < r.noutcomes; i++) {
		const struct explore_outcome *out = &r.outcomes[i];

		if (model_goal_reached(m, &out->verdict, out->shared) &&
		    (t->shortest == 0 || out->schedule.count < t->shortest))
			t->shortest = out->schedule.count;
	}
	t->searched = true;
	explore_result_free(&r);
	model_free(m);
	model_strings_free(&strings);
}

/* The status line for a challenge: its goal while the run goes on, and
 * once, when it ends, whether it was reached. */
static void
show_goal(struct ui_session *s)
{
	struct ui_tour *t = s->tour;
	const struct lang_goal *goal = &s->prog->goal;
	const struct model_verdict *v = model_verdict(ui_session_state(s));
	size_t n = s->trace.nsteps;

	if (v->kind == MODEL_RUNNING) {
		t->judged = false;
		if (t->tour < 0 && s->message[0] == '\0')
			snprintf(message(s, false), MESSAGE_SIZE, "challenge: "
			    "goal: %s  (step %zu)", goal->text, n);
		return;
	}
	if (t->judged)
		return;
	t->judged = true;
	if (!model_goal_reached(s->model, v, s->trace.final)) {
		snprintf(message(s, true), MESSAGE_SIZE, "goal not reached "
		    "(%s), after %zu step%s: u undoes a step, r restarts",
		    goal->text, n, n == 1 ? "" : "s");
		return;
	}
	if (!t->searched)
		search_shortest(s);
	if (t->shortest == n && t->exhaustive)
		snprintf(message(s, false), MESSAGE_SIZE, "goal reached in %zu "
		    "steps, the fewest possible!", n);
	else if (t->shortest > 0)
		snprintf(message(s, false), MESSAGE_SIZE, "goal reached in %zu "
		    "steps; the fewest %s %zu", n,
		    t->exhaustive ? "possible is" : "found so far is",
		    t->shortest);
	else
		snprintf(message(s, false), MESSAGE_SIZE, "goal reached in %zu steps",
		    n);
}

bool
ui_tour_show(struct ui_session *s)
{
	struct ui_tour *t = state(s);
	char before[sizeof(s->message)];
	bool was_error = s->message_is_error;

	if (s->prog == NULL)
		return false;
	memcpy(before, s->message, sizeof(before));
	if (t->tour >= 0 && !t->picking) {
		const struct lang_tour *tour = &s->prog->tours[t->tour];
		size_t n = s->trace.nsteps;

		if (!on_the_tour(s, tour)) {
			t->tour = -1;
			snprintf(message(s, false), MESSAGE_SIZE, "you left "
			    "the tour \"%s\": g takes it again", tour->name);
		} else if (n > 0 && !s->message_is_error && !t->said) {
			snprintf(message(s, false), MESSAGE_SIZE, "%zu/%zu  %s",
			    n, tour->nsteps, tour->steps[n - 1].caption);
		}
	}
	if (s->prog->goal.kind != LANG_GOAL_NONE && !t->picking)
		show_goal(s);
	return strcmp(before, s->message) != 0 || was_error != s->message_is_error;
}
