#include "config.h"

#include "ui/session.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/engine.h"
#include "record/export.h"
#include "lang/compile.h"
#include "ui/job.h"
#include "ui/keys.h"
#include "ui/tour.h"
#include "util/outfile.h"
#include "util/paths.h"
#include "util/xalloc.h"

/* Steps per second.  Past FRAME_RATE a tick takes several steps, so the
 * fastest speeds reach the step limit of an endless loop in seconds while
 * the screen is redrawn at most FRAME_RATE times a second. */
static const int speeds[] = { 1, 2, 4, 8, 16, 32, 64, 256, 1024, 4096 };
#define NSPEEDS ((int)(sizeof(speeds) / sizeof(speeds[0])))
#define DEFAULT_SPEED 1
#define FRAME_RATE 64

static void __attribute__((format(printf, 3, 4)))
say(struct ui_session *s, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->message, sizeof(s->message), fmt, ap);
	va_end(ap);
	s->message_is_error = error;
}

struct ui_session *
ui_session_new(uint64_t seed)
{
	struct ui_session *s = xcalloc(1, sizeof(*s));

	s->seed = seed;
	s->freerun_runs = 200;
	s->explore_seconds = 10;
	s->policy = POLICY_RR;
	s->speed = DEFAULT_SPEED;
	return s;
}

static void
free_picker(struct ui_session *s)
{
	size_t i;

	for (i = 0; i < s->npicker; i++) {
		free(s->picker[i].name);
		free(s->picker[i].file);
		free(s->picker[i].title);
	}
	free(s->picker);
	s->picker = NULL;
	s->npicker = 0;
}

static void
close_run(struct ui_session *s)
{
	engine_free(s->engine);
	s->engine = NULL;
	if (s->model != NULL)
		trace_free(&s->trace);
	policy_free(s->player);
	s->player = NULL;
	s->playing = false;
}

static void
close_scenario(struct ui_session *s)
{
	close_run(s);
	ui_job_free(s->job);
	s->job = NULL;
	schedule_free(&s->redo);
	model_free(s->model);
	s->model = NULL;
	lang_program_free(s->prog);
	s->prog = NULL;
	model_strings_free(&s->strings);
	trace_lanes_free(&s->lanes);
	free(s->file);
	free(s->name);
	s->file = s->name = NULL;
	ui_tour_free(s->tour);
	s->tour = NULL;
}

void
ui_session_free(struct ui_session *s)
{
	if (s == NULL)
		return;
	close_scenario(s);
	free_picker(s);
	free(s);
}

/* A fresh run of the open scenario: a new engine, no steps. */
static bool
start_run(struct ui_session *s)
{
	close_run(s);
	s->engine = engine_new(s->model, s->max_steps);
	trace_init(&s->trace, s->model, "manual", s->seed, s->max_steps, true);
	s->scroll = 0;
	if (engine_error(s->engine) != NULL) {	/* shown, but no step is taken */
		say(s, true, "%s", engine_error(s->engine));
		return false;
	}
	return true;
}

/* Start prog, compiled from file (or text) with these diagnostics. */
static bool
open_compiled(struct ui_session *s, struct lang_program *prog, struct lang_diags *diags,
    const char *file, const char *name, FILE *errors)
{
	if (errors != NULL)
		lang_diags_print(diags, errors);
	if (prog == NULL) {
		say(s, true, "%s does not compile: %s", name, diags->count > 0 ?
		    diags->items[0].message : "error");
		lang_diags_free(diags);
		return false;
	}
	lang_diags_free(diags);
	close_scenario(s);
	s->prog = prog;
	s->file = xstrdup(file);
	s->name = xstrdup(name);
	s->model = model_new(prog, &s->strings);
	trace_lanes_init(&s->lanes, prog->nthreads);
	s->selected = 0;
	s->overlay = UI_OVERLAY_NONE;
	s->max_steps = MODEL_DEFAULT_MAX_STEPS;
	say(s, false, "%s", "");
	if (!start_run(s))
		return false;
	ui_tour_show(s);
	return true;
}

bool
ui_session_restart(struct ui_session *s)
{
	schedule_free(&s->redo);
	s->replaying = false;
	return start_run(s);
}

bool
ui_session_open(struct ui_session *s, const char *file, const char *name, FILE *errors)
{
	struct lang_diags diags;

	lang_diags_init(&diags);
	return open_compiled(s, lang_compile_file(file, &diags), &diags, file, name,
	    errors);
}

bool
ui_session_open_text(struct ui_session *s, const char *text, size_t len,
    const char *name, FILE *errors)
{
	struct lang_diags diags;

	lang_diags_init(&diags);
	return open_compiled(s, lang_compile_text(name, text, len, &diags), &diags,
	    name, name, errors);
}

const struct model_state *
ui_session_state(const struct ui_session *s)
{
	return engine_state(s->engine);
}

unsigned char
ui_session_lane(const struct ui_session *s, size_t step, int t)
{
	return trace_lanes_at(&s->lanes, step, t);
}

const char *
ui_thread_name(const struct ui_session *s, int t)
{
	return s->prog->threads[t].name;
}

/* One step, known to be possible: run it, record it. */
static void
take_step(struct ui_session *s, int t, int choice)
{
	struct model_step_info info;
	const struct model_state *st = engine_state(s->engine);
	size_t races = model_nraces(st), i;

	if (engine_error(s->engine) != NULL) {	/* playing on, or replaying */
		s->playing = false;
		say(s, true, "%s: u undoes a step, r restarts", engine_error(s->engine));
		return;
	}
	trace_lanes_note(&s->lanes, s->trace.nsteps, st, t);
	if (!engine_step(s->engine, t, choice, &info)) {
		/* the step was taken; the thread it started has no pthread */
		trace_record(&s->trace, choice, &info);
		s->playing = false;
		say(s, true, "%s: u undoes the step", engine_error(s->engine));
		return;
	}
	trace_record(&s->trace, choice, &info);
	/* the races this step found */
	st = engine_state(s->engine);
	for (i = races; i < model_nraces(st); i++)
		trace_lanes_mark_races(&s->lanes, model_race(st, i), 1, 1, s->trace.nsteps);
	s->scroll = 0;
	if (model_verdict(engine_state(s->engine))->kind != MODEL_RUNNING) {
		trace_finish(&s->trace, engine_state(s->engine));
		s->playing = false;
		s->message[0] = '\0';	/* the verdict shows */
	}
}

/* A step of the user's or the player's choosing, not a redo: what was
 * undone can no longer be redone, and the run is no longer a replay. */
static void
take_new_step(struct ui_session *s, int t, int choice)
{
	schedule_free(&s->redo);
	s->replaying = false;
	take_step(s, t, choice);
}

/* Why t cannot take a step now, or NULL if it can. */
static const char *
cannot_step(struct ui_session *s, int t, char *buf, size_t size)
{
	const struct model_state *st = engine_state(s->engine);
	const struct model_thread *th;
	char why[300];

	if (t < 0 || (size_t)t >= s->prog->nthreads) {
		snprintf(buf, size, "there is no thread %d (this scenario has %zu)", t + 1,
		    s->prog->nthreads);
		return buf;
	}
	th = model_thread(st, t);
	if (engine_error(s->engine) != NULL)
		snprintf(buf, size, "%s: u undoes a step, r restarts", engine_error(s->engine));
	else if (s->trace.nsteps >= TRACE_MAX_STEPS)
		snprintf(buf, size, "the run has reached %d steps, the most the UI keeps: "
		    "r restarts", TRACE_MAX_STEPS);
	else if (model_verdict(st)->kind != MODEL_RUNNING)
		snprintf(buf, size, "the run has ended: u undoes a step, r restarts");
	else if (th->status == MODEL_T_NEW)
		snprintf(buf, size, "%s has not been started yet", s->prog->threads[t].name);
	else if (th->status != MODEL_T_ALIVE)
		snprintf(buf, size, "%s has finished", s->prog->threads[t].name);
	else if (!model_enabled(st, t)) {
		model_blocked_reason(st, t, why, sizeof(why));
		snprintf(buf, size, "%s cannot run: it %s", s->prog->threads[t].name, why);
	} else
		return NULL;
	return buf;
}

/* Step thread t by a key: a notify with a choice of waiters asks which
 * first (UI_OVERLAY_CHOICE), the others step at once. */
static void
step_by_key(struct ui_session *s, int t)
{
	char why[400];

	if (cannot_step(s, t, why, sizeof(why)) == NULL &&
	    model_choices(engine_state(s->engine), t) > 1) {
		s->choosing = t;
		s->overlay = UI_OVERLAY_CHOICE;
		return;
	}
	ui_session_step(s, t);
}

/* The choice window: 1-9 picks, Enter takes Python's (the first), Esc
 * steps nothing. */
static bool
choice_key(struct ui_session *s, int key)
{
	int t = s->choosing, n = model_choices(engine_state(s->engine), t), choice = -1;

	if (key == UI_KEY_ENTER || key == '\n' || key == '\r')
		choice = 0;
	else if (key >= '1' && key <= '9' && key - '1' < n)
		choice = key - '1';
	else if (key == UI_KEY_ESCAPE || key == 'q')
		s->overlay = UI_OVERLAY_NONE;
	else
		say(s, true, "press 1-%d for the waiters to wake, Enter for the first, Esc for none",
		    n < 9 ? n : 9);
	if (choice < 0)
		return true;
	s->overlay = UI_OVERLAY_NONE;
	take_new_step(s, t, choice);
	return true;
}

bool
ui_session_step(struct ui_session *s, int t)
{
	char why[400];

	if (cannot_step(s, t, why, sizeof(why)) != NULL) {
		say(s, true, "%s", why);
		return false;
	}
	take_new_step(s, t, 0);
	say(s, false, "%s", "");
	return true;
}

void
ui_session_load_replay(struct ui_session *s, const struct schedule *steps,
    int max_steps, const char *trace_name)
{
	size_t i;

	if (max_steps <= 0)
		max_steps = steps->count >= MODEL_DEFAULT_MAX_STEPS ? (int)steps->count + 1 :
		    MODEL_DEFAULT_MAX_STEPS;
	s->max_steps = max_steps;
	start_run(s);
	schedule_free(&s->redo);
	for (i = steps->count; i > 0; i--)
		schedule_append(&s->redo, steps->entries[i - 1].thread,
		    steps->entries[i - 1].choice);
	s->replaying = true;
	say(s, false, "replaying %s: space plays, Ctrl-R takes a step, u steps back",
	    trace_name);
}

/* Back to step n: a fresh run that replays the first n steps. */
static void
rewind_to(struct ui_session *s, size_t n)
{
	struct schedule steps = { 0 };
	size_t i;

	for (i = 0; i < n; i++)
		schedule_append(&steps, s->trace.schedule.entries[i].thread,
		    s->trace.schedule.entries[i].choice);
	if (start_run(s))
		for (i = 0; i < n; i++)
			take_step(s, steps.entries[i].thread, steps.entries[i].choice);
	schedule_free(&steps);
}

static bool
undo(struct ui_session *s)
{
	size_t n = s->trace.nsteps;

	if (n == 0) {
		say(s, true, "nothing to undo: this is the start of the run");
		return true;
	}
	schedule_append(&s->redo, s->trace.schedule.entries[n - 1].thread,
	    s->trace.schedule.entries[n - 1].choice);
	rewind_to(s, n - 1);
	say(s, false, "undone: back at step %zu", n - 1);
	return true;
}

static bool
redo(struct ui_session *s)
{
	struct schedule_entry e;
	char why[400];

	if (s->redo.count == 0) {
		say(s, true, "nothing to redo");
		return true;
	}
	e = s->redo.entries[--s->redo.count];
	if (cannot_step(s, e.thread, why, sizeof(why)) != NULL) {
		say(s, true, "%s", why);
		return true;
	}
	take_step(s, e.thread, e.choice);
	say(s, false, "redone: step %zu", s->trace.nsteps);
	return true;
}

static void
start_playing(struct ui_session *s)
{
	policy_free(s->player);
	s->player = policy_new(s->policy, s->seed + s->trace.nsteps, NULL,
	    s->prog->nthreads, 3, s->policy == POLICY_PCT ?
	    policy_estimate_steps(s->model, 100000) : 1);
	s->playing = true;
}

/* One step of play, or the end of it; true if the screen changed. */
static bool
play_step(struct ui_session *s)
{
	const struct model_state *st;
	char err[300];
	int t, choice;

	if (!s->playing || s->engine == NULL)
		return false;
	st = engine_state(s->engine);
	if (model_verdict(st)->kind != MODEL_RUNNING) {
		s->playing = false;
		return true;
	}
	if (s->replaying) {
		if (s->redo.count == 0) {
			s->playing = false;
			return true;
		}
		redo(s);
		if (s->redo.count > 0)
			say(s, false, "replaying: step %zu of %zu", s->trace.nsteps,
			    s->trace.nsteps + s->redo.count);
		else
			s->message[0] = '\0';	/* the end: the verdict shows */
		return true;
	}
	if (cannot_step(s, 0, err, sizeof(err)) != NULL && s->trace.nsteps >= TRACE_MAX_STEPS) {
		say(s, true, "%s", err);
		s->playing = false;
		return true;
	}
	if (!policy_next(s->player, st, s->prog, &t, &choice, err, sizeof(err))) {
		say(s, true, "%s", err);
		s->playing = false;
		return true;
	}
	take_new_step(s, t, choice);
	return true;
}

bool
ui_session_tick(struct ui_session *s)
{
	int n = speeds[s->speed] > FRAME_RATE ? speeds[s->speed] / FRAME_RATE : 1;
	bool changed = false;

	while (n-- > 0 && s->playing && s->engine != NULL)
		changed |= play_step(s);
	if (changed)
		ui_tour_show(s);	/* a caption, or a challenge's end */
	return changed;
}

int
ui_session_speed(const struct ui_session *s)
{
	return speeds[s->speed];
}

int
ui_session_tick_ms(const struct ui_session *s)
{
	return 1000 / (speeds[s->speed] > FRAME_RATE ? FRAME_RATE : speeds[s->speed]);
}

static const char *
policy_label(enum policy_kind k)
{
	switch (k) {
	case POLICY_RANDOM: return "random";
	case POLICY_PCT: return "PCT";
	default: return "round-robin";
	}
}

void
ui_session_show_picker(struct ui_session *s)
{
	struct paths_list path = { 0 };
	struct paths_scenario *found;
	size_t n, i, k;

	free_picker(s);
	paths_search_path(&path);
	n = paths_find_all_scenarios(&path, &found);
	s->picker = xcalloc(n + 1, sizeof(*s->picker));
	for (i = 0, k = 0; i < n; i++) {
		struct lang_diags diags;
		struct lang_program *prog;

		lang_diags_init(&diags);
		prog = lang_compile_file(found[i].file, &diags);
		lang_diags_free(&diags);
		if (prog == NULL && paths_scenario_is_python_dir(&found[i]))
			continue;	/* outside the subset: no scenario yet */
		s->picker[k].name = xstrdup(found[i].name);
		s->picker[k].file = xstrdup(found[i].file);
		s->picker[k].title = xstrdup(prog != NULL ? prog->title : "(does not compile)");
		lang_program_free(prog);
		k++;
	}
	paths_scenarios_free(found, n);	/* all of them, those left out too */
	s->npicker = k;
	s->picker_selected = 0;
	s->picker_query[0] = '\0';
	for (i = 0; s->name != NULL && i < k; i++)
		if (strcmp(s->picker[i].name, s->name) == 0)
			s->picker_selected = (int)i;
	paths_list_free(&path);
	s->overlay = UI_OVERLAY_PICKER;
}

bool
ui_session_busy(const struct ui_session *s)
{
	int done, failed, total;

	return s->job != NULL && !ui_job_poll(s->job, &done, &failed, &total);
}

bool
ui_session_job_pending(const struct ui_session *s)
{
	return s->job != NULL && !s->job_finished;
}

bool
ui_session_poll(struct ui_session *s)
{
	if (s->job == NULL || s->job_finished)
		return false;
	if (!ui_session_busy(s))
		s->job_finished = true;	/* one last redraw shows the result */
	return true;
}

static void
start_job(struct ui_session *s, enum ui_job_kind kind)
{
	if (s->job != NULL && ui_session_busy(s))
		return;
	if (kind == UI_JOB_EXPLORE && model_nthreads(s->model) > EXPLORE_MAX_THREADS) {
		say(s, true, "explore searches scenarios of at most %d threads; this one "
		    "has %zu (f free-runs it)", EXPLORE_MAX_THREADS, model_nthreads(s->model));
		return;
	}
	ui_job_free(s->job);
	s->playing = false;
	s->job = kind == UI_JOB_FREERUN ? ui_job_start_freerun(s->prog, s->freerun_runs) :
	    ui_job_start_explore(s->prog, s->explore_seconds);
	s->job_finished = false;
	if (s->job == NULL) {
		say(s, true, "cannot start a thread for it");
		return;
	}
	s->overlay = UI_OVERLAY_JOB;
}

/* The schedule Enter steps through: free-run's captured failing run, or
 * the explorer's shortest failing schedule. */
static const struct schedule *
job_schedule(const struct ui_job *job)
{
	if (job->kind == UI_JOB_EXPLORE) {
		const struct explore_failure *f = explore_shortest_failure(&job->explored);

		return f != NULL ? &f->schedule : NULL;
	}
	{
		const struct freerun_outcome *o = freerun_captured(&job->result);

		return o != NULL ? &o->schedule : NULL;
	}
}

/* The free-run window: Esc stops it or closes it; Enter, once it is done,
 * loads the captured failing run to step through. */
static bool
freerun_key(struct ui_session *s, int key)
{
	int done, failed, total;

	if (!ui_job_poll(s->job, &done, &failed, &total)) {
		if (key == UI_KEY_ESCAPE || key == 'q' || key == 'f')
			ui_job_cancel(s->job);
		return true;
	}
	if (key == UI_KEY_ENTER || key == '\n' || key == '\r') {
		const struct schedule *steps = job_schedule(s->job);

		if (steps == NULL) {
			say(s, true, "no failing schedule to step through");
		} else {
			ui_session_load_replay(s, steps, 0, s->job->kind == UI_JOB_EXPLORE ?
			    "the shortest failing schedule" : "the captured run");
		}
		s->overlay = UI_OVERLAY_NONE;
		return true;
	}
	s->overlay = UI_OVERLAY_NONE;
	return true;
}

bool
ui_session_picker_shows(const struct ui_session *s, size_t i)
{
	return s->picker_query[0] == '\0' ||
	    strcasestr(s->picker[i].name, s->picker_query) != NULL ||
	    strcasestr(s->picker[i].title, s->picker_query) != NULL;
}

/* The next entry shown from i in direction dir (+1 or -1), or i's own
 * if none is. */
static int
picker_next(const struct ui_session *s, int i, int dir)
{
	int j;

	for (j = i + dir; j >= 0 && j < (int)s->npicker; j += dir)
		if (ui_session_picker_shows(s, (size_t)j))
			return j;
	return i;
}

/* After the query changed: the selection moves to the first name that
 * begins with what was typed ("dead" is deadlock, not challenge-3-deadlock),
 * else to the first entry shown if it no longer is. */
static void
picker_refilter(struct ui_session *s)
{
	size_t i, len = strlen(s->picker_query);

	for (i = 0; len > 0 && i < s->npicker; i++)
		if (strncasecmp(s->picker[i].name, s->picker_query, len) == 0) {
			s->picker_selected = (int)i;
			return;
		}
	if (s->npicker > 0 && !ui_session_picker_shows(s, (size_t)s->picker_selected))
		s->picker_selected = picker_next(s, -1, 1) >= 0 ? picker_next(s, -1, 1) : 0;
}

/* The picker: typing searches names and titles, Backspace takes a
 * character back, arrows choose, Enter opens, Esc clears the search or
 * closes. */
static bool
picker_key(struct ui_session *s, int key)
{
	size_t len = strlen(s->picker_query);

	switch (key) {
	case UI_KEY_UP:
		s->picker_selected = picker_next(s, s->picker_selected, -1);
		return true;
	case UI_KEY_DOWN:
		s->picker_selected = picker_next(s, s->picker_selected, 1);
		return true;
	case UI_KEY_ENTER: case '\n': case '\r':
		if (s->npicker > 0 && ui_session_picker_shows(s, (size_t)s->picker_selected)) {
			const struct ui_picker_entry *e = &s->picker[s->picker_selected];

			if (ui_session_open(s, e->file, e->name, NULL))
				s->overlay = UI_OVERLAY_NONE;
		}
		return true;
	case UI_KEY_BACKSPACE:
		if (len > 0)
			s->picker_query[len - 1] = '\0';
		picker_refilter(s);
		return true;
	case UI_KEY_ESCAPE:
		if (len > 0) {
			s->picker_query[0] = '\0';
			return true;
		}
		if (s->prog == NULL)
			s->quit = true;
		s->overlay = UI_OVERLAY_NONE;
		return true;
	default:
		if (key < ' ' || key > '~' || len + 1 >= sizeof(s->picker_query))
			return false;
		s->picker_query[len] = (char)key;
		s->picker_query[len + 1] = '\0';
		picker_refilter(s);
		return true;
	}
}

/* The run so far as an SVG in the current directory. */
static void
save_picture(struct ui_session *s)
{
	struct trace snap = s->trace;
	char path[300];
	struct outfile out;
	const char *base = strrchr(s->name, '/') != NULL ? strrchr(s->name, '/') + 1 : s->name;
	size_t len = strlen(base);

	/* in the working directory, named after the scenario: NAME-stepN.svg */
	if (len > paths_scenario_suffix_len(base))
		len -= paths_scenario_suffix_len(base);
	snprintf(path, sizeof(path), "%.*s-step%zu.svg", (int)len, base, s->trace.nsteps);
	/* a snapshot: the verdict, races and values of now */
	snap.races = NULL;
	snap.final = NULL;
	snap.output = NULL;
	trace_finish(&snap, engine_state(s->engine));
	if (!outfile_open(&out, path)) {
		say(s, true, "%s", out.error);
	} else {
		/* on a tour, the picture carries its captions */
		struct export_options eo = { 0, 0, EXPORT_THEME_LIGHT, ui_tour_taken(s) };
		export_svg(&snap, s->name, &eo, out.file);
		if (outfile_commit(&out))
			say(s, false, "saved %s", path);
		else
			say(s, true, "%s", out.error);
	}
	free(snap.races);
	free(snap.final);
	free(snap.output);
}

static int
nthreads(const struct ui_session *s)
{
	return (int)s->prog->nthreads;
}

static bool session_key(struct ui_session *s, int key);

bool
ui_session_key(struct ui_session *s, int key)
{
	bool changed;

	if (key != UI_KEY_RESIZE && s->overlay == UI_OVERLAY_NONE && s->prog != NULL &&
	    ui_tour_key(s, key))
		changed = true;
	else
		changed = session_key(s, key);
	return ui_tour_show(s) || changed;
}

static bool
session_key(struct ui_session *s, int key)
{
	int arg;
	enum ui_action a;

	if (key == UI_KEY_RESIZE)
		return true;
	s->message[0] = '\0';		/* a message lasts until the next key */
	if (s->overlay == UI_OVERLAY_PICKER)
		return picker_key(s, key);
	if (s->overlay == UI_OVERLAY_JOB)
		return freerun_key(s, key);
	if (s->overlay == UI_OVERLAY_CHOICE)
		return choice_key(s, key);
	if (s->overlay != UI_OVERLAY_NONE) {
		/* any key closes help and about; q and Esc do only that */
		s->overlay = UI_OVERLAY_NONE;
		return true;
	}
	a = ui_action_for_key(key, &arg);
	switch (a) {
	case UI_ACTION_STEP_THREAD:
		s->playing = false;
		s->selected = arg < nthreads(s) ? arg : s->selected;
		step_by_key(s, arg);
		return true;
	case UI_ACTION_SELECT_PREV:
		s->selected = (s->selected + nthreads(s) - 1) % nthreads(s);
		return true;
	case UI_ACTION_SELECT_NEXT:
		s->selected = (s->selected + 1) % nthreads(s);
		return true;
	case UI_ACTION_STEP_SELECTED:
		s->playing = false;
		step_by_key(s, s->selected);
		return true;
	case UI_ACTION_PLAY:
		if (s->playing) {
			s->playing = false;
			say(s, false, "paused");
		} else if (model_verdict(engine_state(s->engine))->kind != MODEL_RUNNING) {
			say(s, true, "the run has ended: u undoes a step, r restarts");
		} else {
			start_playing(s);
			say(s, false, "playing: %s, %d steps a second", policy_label(s->policy),
			    speeds[s->speed]);
		}
		return true;
	case UI_ACTION_FASTER:
	case UI_ACTION_SLOWER:
		s->speed += a == UI_ACTION_FASTER ? 1 : -1;
		s->speed = s->speed < 0 ? 0 : s->speed >= NSPEEDS ? NSPEEDS - 1 : s->speed;
		say(s, false, "speed: %d steps a second", speeds[s->speed]);
		return true;
	case UI_ACTION_POLICY:
		s->policy = s->policy == POLICY_RR ? POLICY_RANDOM :
		    s->policy == POLICY_RANDOM ? POLICY_PCT : POLICY_RR;
		if (s->playing)
			start_playing(s);
		say(s, false, "policy: %s (space plays it)", policy_label(s->policy));
		return true;
	case UI_ACTION_UNDO:
		s->playing = false;
		return undo(s);
	case UI_ACTION_REDO:
		s->playing = false;
		return redo(s);
	case UI_ACTION_RESTART:
		if (s->replaying) {
			/* back to the start of the trace: every step becomes redo */
			size_t i;

			for (i = s->trace.nsteps; i > 0; i--)
				schedule_append(&s->redo, s->trace.schedule.entries[i - 1].thread,
				    s->trace.schedule.entries[i - 1].choice);
			start_run(s);
			say(s, false, "back at the start of the trace");
			return true;
		}
		schedule_free(&s->redo);
		start_run(s);
		say(s, false, "restarted");
		return true;
	case UI_ACTION_EXPAND:
		s->expand = !s->expand;
		return true;
	case UI_ACTION_VIEW:
		s->view = s->view == UI_VIEW_TIMELINE ? UI_VIEW_TABLE : UI_VIEW_TIMELINE;
		s->scroll = 0;
		return true;
	case UI_ACTION_SCROLL_BACK:
		if ((size_t)s->scroll < s->trace.nsteps)
			s->scroll++;
		return true;
	case UI_ACTION_SCROLL_ON:
		if (s->scroll > 0)
			s->scroll--;
		return true;
	case UI_ACTION_ABOUT:
		s->overlay = UI_OVERLAY_ABOUT;
		return true;
	case UI_ACTION_OPEN:
		s->playing = false;
		ui_session_show_picker(s);
		return true;
	case UI_ACTION_HELP:
		s->overlay = UI_OVERLAY_HELP;
		return true;
	case UI_ACTION_RECORD:
		s->record_toggle = true;
		return true;
	case UI_ACTION_MARK:
		s->mark = true;
		return true;
	case UI_ACTION_SAVE_PICTURE:
		save_picture(s);
		return true;
	case UI_ACTION_FREE_RUN:
		start_job(s, UI_JOB_FREERUN);
		return true;
	case UI_ACTION_EXPLORE:
		start_job(s, UI_JOB_EXPLORE);
		return true;
	case UI_ACTION_QUIT:
		s->quit = true;
		return true;
	default:
		return false;
	}
}
