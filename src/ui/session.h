/* session.h - what the terminal UI is showing, without the terminal.
 *
 * A session holds one scenario, its run on real threads (an engine), the
 * steps taken so far (a trace) and what the user has chosen to see.  Keys
 * come in as lockstep's key codes and change the session; the layout
 * (layout.c) turns a session into a frame.  Nothing here calls curses, so
 * the screen tests drive a session exactly as the TUI does and dump the
 * frames it makes.
 *
 * Undo is exact because runs are deterministic: stepping back to step n-1
 * starts a fresh engine and replays the first n-1 steps on real threads.
 * The undone steps wait on a redo stack until a new step is taken.
 */
#ifndef LOCKSTEP_UI_SESSION_H
#define LOCKSTEP_UI_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sched/policy.h"
#include "trace/lanes.h"
#include "trace/trace.h"
#include "ui/frame.h"

enum ui_view { UI_VIEW_TIMELINE, UI_VIEW_TABLE };
enum ui_overlay {
	UI_OVERLAY_NONE, UI_OVERLAY_HELP, UI_OVERLAY_ABOUT, UI_OVERLAY_PICKER,
	UI_OVERLAY_JOB,
	UI_OVERLAY_CHOICE,	/* which waiters a notify wakes: a key each */
};

struct ui_picker_entry {
	char *name, *file, *title;
};

struct ui_session {
	/* the scenario */
	char *file, *name;
	struct lang_program *prog;
	struct model_strings strings;
	struct model *model;
	/* the run */
	struct engine *engine;
	struct trace trace;
	struct trace_lanes lanes;	/* a row a step of trace */
	struct schedule redo;
	bool replaying;			/* playing takes the redo steps: a trace */
	/* what the user chose */
	int selected;
	int choosing;			/* the thread whose notify waits for a choice */
	bool expand;
	enum ui_view view;
	enum ui_overlay overlay;
	int scroll;			/* steps back from the newest */
	enum policy_kind policy;
	uint64_t seed;
	int max_steps;			/* the step limit: no progress there */
	struct policy *player;		/* while playing */
	bool playing;
	int speed;			/* index into the speeds */
	char message[256];
	bool message_is_error;
	bool quit;
	/* requests for the recorder, which lives in the TUI */
	bool record_toggle, mark;
	/* free-run in the background (f) */
	struct ui_job *job;
	bool job_finished;		/* its end has been shown */
	int freerun_runs;
	double explore_seconds;
	/* the scenario picker */
	struct ui_picker_entry *picker;
	size_t npicker;
	int picker_selected;		/* an index into picker */
	char picker_query[64];		/* typed: only names or titles holding it show */
	/* tours and the challenge (tour.c), or NULL */
	struct ui_tour *tour;
};

struct ui_session *ui_session_new(uint64_t seed);
void ui_session_free(struct ui_session *s);
/* Compile and start a scenario; on failure print the diagnostics to
 * errors and keep whatever was open before. */
bool ui_session_open(struct ui_session *s, const char *file, const char *name,
    FILE *errors);
/* ui_session_open on a scenario's text (a trace's own copy), named name. */
bool ui_session_open_text(struct ui_session *s, const char *text, size_t len,
    const char *name, FILE *errors);
/* Load a trace's schedule to be replayed: space plays it, Ctrl-R takes
 * its next step, u steps back; a step of your own leaves the trace.  The
 * run restarts, with max_steps as its step limit (0: the default, or the
 * schedule's length if that is longer). */
void ui_session_load_replay(struct ui_session *s, const struct schedule *steps,
    int max_steps, const char *trace_name);
/* Fill the picker with the scenarios on the search path and show it. */
void ui_session_show_picker(struct ui_session *s);
/* Whether picker entry i matches what has been typed (case ignored). */
bool ui_session_picker_shows(const struct ui_session *s, size_t i);

/* A fresh run of the open scenario, as r starts; false with a message if
 * its threads cannot be started. */
bool ui_session_restart(struct ui_session *s);
/* Handle one key (UI_KEY_* or a character); true if the screen changed. */
bool ui_session_key(struct ui_session *s, int key);
/* While playing: take the policy's next step; true if the screen changed. */
bool ui_session_tick(struct ui_session *s);
/* While background work runs: poll it; true if the screen changed. */
bool ui_session_poll(struct ui_session *s);
/* Whether background work is running. */
bool ui_session_busy(const struct ui_session *s);
/* Whether background work is running or has ended unseen: the UI wakes
 * until ui_session_poll has shown its end. */
bool ui_session_job_pending(const struct ui_session *s);
/* Milliseconds between automatic steps at the current speed. */
int ui_session_tick_ms(const struct ui_session *s);
/* Steps per second at the current speed. */
int ui_session_speed(const struct ui_session *s);
/* Step thread t (the pane order); false with a message if it cannot run.
 * A notify that could wake one waiter or another wakes the longest
 * waiting (Python's choice); keys ask the student instead. */
bool ui_session_step(struct ui_session *s, int t);

const struct model_state *ui_session_state(const struct ui_session *s);
unsigned char ui_session_lane(const struct ui_session *s, size_t step, int t);
const char *ui_thread_name(const struct ui_session *s, int t);

#endif
