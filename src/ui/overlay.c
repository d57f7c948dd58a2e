#include "config.h"

#include "ui/overlay.h"

#include <stdio.h>
#include <string.h>

#include "explore/report.h"
#include "ui/job.h"
#include "ui/keys.h"
#include "ui/timeline.h"
#include "util/strbuf.h"

static void
centred_box(struct ui_frame *f, int w, int h, const char *title, int *x, int *y)
{
	int i;

	if (w > f->width - 2)
		w = f->width - 2;
	if (h > f->height - 2)
		h = f->height - 2;
	*x = (f->width - w) / 2;
	*y = (f->height - h) / 2;
	for (i = 0; i < h; i++) {
		int j;

		for (j = 0; j < w; j++)
			ui_frame_set(f, *x + j, *y + i, L' ', UI_NORMAL);
	}
	ui_frame_box(f, *x, *y, w, h, title);
}

/* The key table in a box: one column with a margin when it fits, one
 * column edge to edge on a short screen, two columns on a shorter one. */
static void
draw_help(struct ui_frame *f)
{
	int n = UI_ACTION_COUNT, w = f->width - 4 < 64 ? f->width - 4 : 64;
	int margin = n + 4 <= f->height ? 1 : 0, cols = n + 2 <= f->height ? 1 : 2;
	int per_col = (n + cols - 1) / cols, h = per_col + 3 + 2 * margin;
	int x, y, a, col_w, i, key_w = 0;

	if (cols == 2)
		w = f->width - 2;
	col_w = (w - 2) / cols;
	for (a = 0; a < n; a++) {
		int len = (int)strlen(ui_action_info((enum ui_action)a)->keys);

		key_w = len > key_w ? len : key_w;
	}
	x = (f->width - w) / 2;
	y = (f->height - h) / 2;
	for (i = 0; i < h; i++) {
		int j;

		for (j = 0; j < w; j++)
			ui_frame_set(f, x + j, y + i, L' ', UI_NORMAL);
	}
	ui_frame_box(f, x, y, w, h, "keys");
	for (a = 0; a < n; a++) {
		const struct ui_action_info *info = ui_action_info((enum ui_action)a);
		int cx = x + 2 + (a / per_col) * col_w, cy = y + 1 + margin + a % per_col;

		int help_w = col_w - key_w - 3;

		ui_frame_text(f, cx, cy, key_w, UI_KEY, info->keys);
		/* the long words where they fit, else the brief ones */
		ui_frame_text(f, cx + key_w + 1, cy, help_w, UI_NORMAL,
		    (int)strlen(info->help) <= help_w ? info->help : info->brief);
	}
	/* what the timeline's marks mean */
	ui_timeline_legend(NULL, f, x + 2, y + h - 2 - margin, w - 4);
}

static void
draw_about(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4;
	const char *about = s->prog->about[0] ? s->prog->about :
	    "This scenario has no about: text.";

	centred_box(f, w, h, s->prog->title[0] ? s->prog->title : s->name, &x, &y);
	ui_frame_wrapped(f, x + 2, y + 2, w - 4, h - 4, UI_NORMAL, about);
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "any key closes this");
}

/* The picker: what has been typed, then the scenarios whose name or
 * title holds it, scrolled so the selected one shows. */
static void
draw_picker(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4, rows = h - 5;
	int before = 0, first = 0, i, row;
	size_t e;

	centred_box(f, w, h, "open a scenario", &x, &y);
	if (s->npicker == 0)
		ui_frame_text(f, x + 2, y + 2, w - 4, UI_BAD, "no scenarios found on the "
		    "search path (see lockstep(1))");
	ui_frame_printf(f, x + 2, y + 1, w - 4, s->picker_query[0] ? UI_NORMAL : UI_DIM,
	    "search: %s%s", s->picker_query, s->picker_query[0] ? "_" :
	    "type to search names and titles");
	/* how many shown entries come before the selected one */
	for (e = 0; e < s->npicker && (int)e < s->picker_selected; e++)
		before += ui_session_picker_shows(s, e);
	first = before >= rows ? before - rows + 1 : 0;
	for (e = 0, i = 0, row = 0; e < s->npicker && row < rows; e++) {
		const struct ui_picker_entry *p = &s->picker[e];
		bool sel = (int)e == s->picker_selected;
		int n;

		if (!ui_session_picker_shows(s, e) || i++ < first)
			continue;
		n = ui_frame_text(f, x + 2, y + 3 + row, 28, sel ? UI_SELECTED : UI_KEY, p->name);
		ui_frame_text(f, x + 31, y + 3 + row, w - 33, UI_NORMAL, p->title);
		if (sel)
			ui_frame_role(f, x + 2 + n, y + 3 + row, w - 4 - n, UI_SELECTED);
		row++;
	}
	if (row == 0 && s->npicker > 0)
		ui_frame_text(f, x + 2, y + 3, w - 4, UI_DIM, "no scenario matches");
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "Up/Down choose  Enter open  "
	    "Backspace  Esc clears or closes");
}

/* A notify that can wake one waiter or another: a key per choice, the
 * first being Python's (the longest waiting). */
static void
draw_choice(const struct ui_session *s, struct ui_frame *f)
{
	const struct model_state *st = ui_session_state(s);
	int t = s->choosing, n = model_choices(st, t), shown = n < 9 ? n : 9;
	int x, y, w = f->width > 70 ? 60 : f->width - 4, i, k, woken[LANG_MAX_THREADS];
	char name[96], title[160];

	model_prim_name(s->model, model_thread(st, t)->pending.target, name, sizeof(name));
	snprintf(title, sizeof(title), "%s: %s.notify() wakes which?", ui_thread_name(s, t), name);
	centred_box(f, w, shown + 5, title, &x, &y);
	for (i = 0; i < shown; i++) {
		struct strbuf line = { 0 };
		int nw = model_choice_woken(st, t, i, woken);

		for (k = 0; k < nw; k++)
			strbuf_printf(&line, "%s%s", k ? ", " : "", ui_thread_name(s, woken[k]));
		if (i == 0)
			strbuf_puts(&line, "  (waiting longest: Python's choice)");
		ui_frame_printf(f, x + 2, y + 1 + i, 3, UI_KEY, "%d", i + 1);
		ui_frame_text(f, x + 5, y + 1 + i, w - 7, UI_NORMAL, strbuf_str(&line));
		strbuf_free(&line);
	}
	ui_frame_text(f, x + 2, y + shown + 2, w - 4, UI_DIM, n > 9 ?
	    "a key picks; Enter takes 1; Esc steps nothing; more: play picks" :
	    "a key picks; Enter takes 1; Esc steps nothing");
}

/* An outcome's line under its values: the verdict's words ("ok" or its
 * message), and what it printed, in brief, for a program that prints. */
static void
outcome_words(const struct model *m, const struct model_verdict *v, const char *output,
    char *buf, size_t size)
{
	char printed[120];

	explore_report_output(m, output, printed, sizeof(printed));
	snprintf(buf, size, "%s%s", v->kind == MODEL_OK ? "ok" : v->message, printed);
}

/* Free-run: a progress bar while it runs, then the outcomes as bars. */
static void
draw_freerun(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4, done, failed;
	int total, bar = w - 20, i, row;
	struct ui_job *job = s->job;
	bool finished = ui_job_poll(job, &done, &failed, &total);
	char title[64];

	snprintf(title, sizeof(title), "free-run: %d runs on real threads", total);
	centred_box(f, w, h, title, &x, &y);
	ui_frame_printf(f, x + 2, y + 2, w - 4, UI_NORMAL, "%d of %d runs, %d failed", done,
	    total, failed);
	for (i = 0; i < bar; i++)
		ui_frame_set(f, x + 2 + i, y + 3, total > 0 && i < bar * done / total ?
		    ui_glyph(f, G_RAN) : ui_glyph(f, G_READY), total > 0 &&
		    i < bar * done / total ? UI_KEY : UI_DIM);
	if (!finished) {
		ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "Esc stops it");
		return;
	}
	if (!job->ok)
		ui_frame_text(f, x + 2, y + 5, w - 4, UI_BAD, job->err);
	row = y + 5;
	for (i = 0; i < (int)job->result.noutcomes && row < y + h - 3; i++) {
		const struct freerun_outcome *o = &job->result.outcomes[i];
		char shared[300], words[700];
		int len = job->result.runs > 0 ? 20 * o->count / job->result.runs : 0, k;
		bool ok = o->verdict.kind == MODEL_OK;

		freerun_format_shared(job->model, o->shared, shared, sizeof(shared));
		ui_frame_printf(f, x + 2, row, 14, ok ? UI_OK : UI_BAD, "%5.1f%% %6d",
		    job->result.runs > 0 ? 100.0 * o->count / job->result.runs : 0.0, o->count);
		for (k = 0; k < (len > 0 ? len : 1); k++)
			ui_frame_set(f, x + 17 + k, row, ui_glyph(f, G_RAN), ok ? UI_OK : UI_BAD);
		ui_frame_text(f, x + 39, row, w - 41, UI_NORMAL, shared);
		row++;
		outcome_words(job->model, &o->verdict, o->output, words, sizeof(words));
		ui_frame_text(f, x + 17, row++, w - 19, UI_DIM, words);
	}
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM,
	    freerun_captured(&job->result) != NULL ?
	    "Enter steps through a captured failing run   Esc closes" :
	    job->result.failed > 0 ? "no failing run was reproduced on the controlled "
	    "engine   Esc closes" : "Esc closes");
}

/* The explorer: states and schedules while it searches, then what the
 * search covered, every outcome with how many schedules end so, and the
 * shortest failing schedule. */
static void
draw_explore(const struct ui_session *s, struct ui_frame *f)
{
	int x, y, w = f->width > 84 ? 76 : f->width - 4, h = f->height - 4, dummy, row, i;
	struct ui_job *job = s->job;
	bool finished = ui_job_poll(job, &dummy, &dummy, &dummy);
	const struct explore_result *r = &job->explored;
	const struct explore_failure *shortest;
	uint64_t states, executions;

	centred_box(f, w, h, "explore: every schedule, on the model", &x, &y);
	pthread_mutex_lock(&job->lock);
	states = job->states;
	executions = job->executions;
	pthread_mutex_unlock(&job->lock);
	ui_frame_printf(f, x + 2, y + 2, w - 4, UI_NORMAL, "%llu states, %llu schedules "
	    "followed to their end", (unsigned long long)states,
	    (unsigned long long)executions);
	if (!finished) {
		ui_frame_text(f, x + 2, y + 3, w - 4, UI_DIM, "searching...");
		ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, "Esc stops it");
		return;
	}
	if (r->exhaustive) {
		ui_frame_printf(f, x + 2, y + 3, w - 4, UI_OK, "exhaustive: every schedule, "
		    "%.2f s", r->seconds);
	} else {
		char bound[120];

		explore_report_bound(r, bound, sizeof(bound));
		ui_frame_printf(f, x + 2, y + 3, w - 4, UI_CHANGED, "bounded by %s: not every "
		    "schedule was searched", bound);
		if (r->sampled_runs > 0)
			ui_frame_printf(f, x + 2, y + 4, w - 4, UI_DIM, "and %llu schedules "
			    "sampled (PCT and random), %.2f s in all",
			    (unsigned long long)r->sampled_runs, r->seconds);
		else
			ui_frame_printf(f, x + 2, y + 4, w - 4, UI_DIM, "%.2f s", r->seconds);
	}
	row = y + 5;
	for (i = 0; i < (int)r->noutcomes && row < y + h - 5; i++) {
		const struct explore_outcome *o = &r->outcomes[i];
		char shared[300], words[700];
		bool ok = o->verdict.kind == MODEL_OK;

		freerun_format_shared(job->model, o->shared, shared, sizeof(shared));
		ui_frame_printf(f, x + 2, row, 12, ok ? UI_OK : UI_BAD, "%10llu",
		    (unsigned long long)o->count);
		ui_frame_text(f, x + 14, row, w - 16, UI_NORMAL, shared);
		row++;
		outcome_words(job->model, &o->verdict, o->output, words, sizeof(words));
		ui_frame_text(f, x + 14, row++, w - 16, UI_DIM, words);
	}
	shortest = explore_shortest_failure(r);
	if (shortest != NULL && r->sampled_failure)
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_BAD, "a sampled run fails in %zu "
		    "steps (not shown to be the shortest)", shortest->schedule.count);
	else if (shortest != NULL)
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_BAD, "the shortest failing "
		    "schedule takes %zu steps", shortest->schedule.count);
	else if (r->livelock == EXPLORE_LIVELOCK_FOUND)
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_BAD, "livelock: after %zu steps, "
		    "%zu steps the threads can repeat forever", r->livelock_prefix.count,
		    r->livelock_cycle.count);
	else if (explore_proven(r) && s->prog->python && r->noutcomes > 1)
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_CHANGED, "no schedule fails, "
		    "but they end %zu ways (%llu schedules covered)", r->noutcomes,
		    (unsigned long long)r->executions);
	else if (explore_proven(r))
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_OK, "no schedule fails (%llu "
		    "schedules covered)", (unsigned long long)r->executions);
	else {
		char bound[120];

		explore_report_bound(r, bound, sizeof(bound));
		ui_frame_printf(f, x + 2, y + h - 3, w - 4, UI_CHANGED, "not proven: no failure "
		    "in %llu executions (bounded by %s)", (unsigned long long)r->executions,
		    bound);
	}
	ui_frame_text(f, x + 2, y + h - 2, w - 4, UI_DIM, shortest != NULL ?
	    "Enter steps through it   Esc closes" : "Esc closes");
}

void
ui_overlay_draw(const struct ui_session *s, struct ui_frame *f)
{
	switch (s->overlay) {
	case UI_OVERLAY_NONE:
		break;
	case UI_OVERLAY_HELP:
		draw_help(f);
		break;
	case UI_OVERLAY_ABOUT:
		draw_about(s, f);
		break;
	case UI_OVERLAY_PICKER:
		draw_picker(s, f);
		break;
	case UI_OVERLAY_CHOICE:
		draw_choice(s, f);
		break;
	case UI_OVERLAY_JOB:
		if (s->job != NULL && s->job->kind == UI_JOB_EXPLORE)
			draw_explore(s, f);
		else if (s->job != NULL)
			draw_freerun(s, f);
		break;
	}
}
