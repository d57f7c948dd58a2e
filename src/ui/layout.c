#include "config.h"

#include "ui/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/overlay.h"
#include "ui/pane.h"
#include "ui/side.h"
#include "ui/timeline.h"
#include "util/xalloc.h"

#define SIDE_MIN 18

/* ---- the verdict and the status line ---- */

static const char *
verdict_tag(const struct model_verdict *v, bool races)
{
	switch (v->kind) {
	case MODEL_OK: return races ? "OK, BUT RACY" : "OK";
	case MODEL_EXPECT_FAILED: return races ? "RACE" : "FAILED";
	case MODEL_ASSERT_FAILED: return "ASSERTION";
	case MODEL_DEADLOCK: return "DEADLOCK";
	case MODEL_RUNTIME_ERROR: return "ERROR";
	case MODEL_NO_PROGRESS: return "NO PROGRESS";
	case MODEL_RUNNING: return races ? "RACE" : "";
	}
	return "";
}

/* The words of the status line: the verdict once the run has ended (it
 * stays there until the run changes), the first race while it runs. */
static void
status_text(const struct ui_session *s, char *text, size_t size, enum ui_role *role)
{
	const struct model_state *st = ui_session_state(s);
	const struct model_verdict *v = model_verdict(st);

	*role = UI_NORMAL;
	text[0] = '\0';
	if ((v->kind == MODEL_ASSERT_FAILED || v->kind == MODEL_RUNTIME_ERROR) &&
	    v->thread >= 0) {
		snprintf(text, size, "%s, line %d: %s", ui_thread_name(s, v->thread), v->line,
		    v->message);
	} else if (v->kind != MODEL_RUNNING && v->kind != MODEL_OK) {
		snprintf(text, size, "%s", v->message);
	} else if (model_nraces(st) > 0) {
		const struct model_race *r = model_race(st, 0);
		char name[96];

		model_element_name(s->model, r->element, name, sizeof(name));
		snprintf(text, size, "on %s: %s %s at step %u, %s %s at step %u", name,
		    ui_thread_name(s, r->first_thread), r->first_is_write ? "writes" : "reads",
		    r->first_step, ui_thread_name(s, r->second_thread),
		    r->second_is_write ? "writes" : "reads", r->second_step);
	} else if (v->kind == MODEL_OK) {
		snprintf(text, size, "%s", v->message);
	} else if (s->trace.nsteps == 0) {
		snprintf(text, size, "the run is at its start: a thread's number takes its step");
		*role = UI_DIM;
	} else {
		const struct trace_step *ts = &s->trace.steps[s->trace.nsteps - 1];
		char label[400];

		trace_step_label(&s->trace, ts, label, sizeof(label));
		snprintf(text, size, "step %zu: %s %s", s->trace.nsteps,
		    ui_thread_name(s, ts->thread), label);
		*role = UI_DIM;
	}
}

#define STATUS_MAX_ROWS 4

/* The status line: the verdict's tag, then its words, wrapped rather than
 * cut (a deadlock's whole cycle); returns the rows it takes. */
static int
draw_status(const struct ui_session *s, struct ui_frame *f, int x, int y, int w)
{
	const struct model_state *st = ui_session_state(s);
	const char *tag = verdict_tag(model_verdict(st), model_nraces(st) > 0);
	enum model_verdict_kind kind = model_verdict(st)->kind;
	char text[800];
	enum ui_role role;
	int n = 0;

	status_text(s, text, sizeof(text), &role);
	if (tag[0] != '\0') {
		n = (int)strlen(tag) + 2;
		if (f != NULL)
			ui_frame_text(f, x, y, n, kind == MODEL_OK && model_nraces(st) == 0 ?
			    UI_OK : kind == MODEL_RUNNING ? UI_RACE : UI_BAD, tag);
	}
	return ui_frame_wrapped(f, x + n, y, w - n, STATUS_MAX_ROWS, role, text);
}

/* The rule above the status line: what the last key did, and the keys. */
static void
draw_message_rule(const struct ui_session *s, struct ui_frame *f, int y)
{
	const char *hints = s->playing ? " space pause  ? help " :
	    " 1-9 step  space play  u undo  e ops  ? help ";
	int W = f->width, hint_w, n;

	ui_frame_set(f, 0, y, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
	ui_frame_hline(f, 1, y, W - 2, UI_BORDER);
	ui_frame_set(f, W - 1, y, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
	if (s->message[0] != '\0' && (int)strlen(s->message) + (int)strlen(hints) + 8 > W)
		hints = " ? help ";
	hint_w = (int)strlen(hints);
	ui_frame_text(f, W - 2 - hint_w, y, hint_w, UI_KEY, hints);
	if (s->message[0] != '\0') {
		n = ui_frame_printf(f, 2, y, W - 6 - hint_w, s->message_is_error ? UI_BAD :
		    UI_CHANGED, " %s ", s->message);
		(void)n;
	}
}

/* ---- overlays ---- */

/* ---- the whole screen ---- */

static void
draw_too_small(struct ui_frame *f)
{
	char msg[120];
	int len;

	snprintf(msg, sizeof(msg), "terminal too small: lockstep needs %dx%d, this one "
	    "is %dx%d", UI_MIN_WIDTH, UI_MIN_HEIGHT, f->width, f->height);
	len = (int)strlen(msg);
	ui_frame_text(f, len < f->width ? (f->width - len) / 2 : 0, f->height / 2,
	    f->width, UI_BAD, msg);
}

/* Who takes the steps: "manual" while keys do, the policy while it plays,
 * "replay" while a trace's steps are left to take. */
static void
in_charge(const struct ui_session *s, char *buf, size_t size)
{
	const char *policy = s->policy == POLICY_RANDOM ? "random" :
	    s->policy == POLICY_PCT ? "PCT" : "round-robin";

	if (s->playing)
		snprintf(buf, size, "%s %d/s", s->replaying ? "replay" : policy,
		    ui_session_speed(s));
	else
		snprintf(buf, size, "%s", s->replaying && s->redo.count > 0 ? "replay" : "manual");
}

static void
draw_header(const struct ui_session *s, struct ui_frame *f)
{
	const struct model_state *st = ui_session_state(s);
	const char *tag = verdict_tag(model_verdict(st), model_nraces(st) > 0);
	const char *dot = f->unicode ? " \xc2\xb7 " : "  ";
	char title[300], info[200], who[64];
	int n, w;

	snprintf(title, sizeof(title), "%s%s%s", s->name, s->prog->title[0] == '\0' ? "" :
	    f->unicode ? " \xe2\x80\x94 " : " - ", s->prog->title);
	in_charge(s, who, sizeof(who));
	/* the seed matters only to the policies that draw from it */
	n = snprintf(info, sizeof(info), "%s%sstep %zu%s%s", tag, tag[0] ? dot : "",
	    s->trace.nsteps, dot, who);
	if (s->policy != POLICY_RR)
		snprintf(info + n, sizeof(info) - (size_t)n, "%sseed %llu", dot,
		    (unsigned long long)s->seed);
	n = ui_text_width(info);
	/* the name alone where the title does not fit (a shows it) */
	if (ui_text_width(title) > f->width - n - 8)
		snprintf(title, sizeof(title), "%s", s->name);
	w = ui_frame_text(f, 2, 0, f->width - n - 8, UI_TITLE, title);
	ui_frame_set(f, 1, 0, L' ', UI_BORDER);
	ui_frame_set(f, 2 + w, 0, L' ', UI_BORDER);
	n = ui_frame_text(f, f->width - n - 2, 0, n, UI_DIM, info);
	if (tag[0] != '\0')
		ui_frame_role(f, f->width - n - 2, 0, (int)strlen(tag),
		    model_verdict(st)->kind == MODEL_OK && model_nraces(st) == 0 ? UI_OK :
		    model_verdict(st)->kind == MODEL_RUNNING ? UI_RACE : UI_BAD);
	ui_frame_set(f, f->width - n - 3, 0, L' ', UI_BORDER);
	ui_frame_set(f, f->width - 2, 0, L' ', UI_BORDER);
}

/* Where everything goes, computed from the terminal's size and the
 * scenario: the same arithmetic for drawing and for clicks.  A pane per
 * thread group, as wide as its code, side by side when they fit, else one
 * above another; as tall as the code (its members, lines and
 * micro-operations), and the timeline takes what is left. */
struct layout {
	int ngroups;
	bool stacked;
	int *px, *py, *pw, *ph;		/* each group's pane */
	int panes_w;			/* columns of the panes, from x 1 */
	int top_h;			/* rows of the panes and the side panel */
	int lower_y, lower_h;		/* the timeline or table */
	int status_rows;
	int list_rows;			/* > 0: a thread list, then one group's code */
};


static void
compute_layout(const struct ui_session *s, int W, int H, struct layout *L)
{
	int G = (int)s->prog->ngroups, n = (int)s->prog->nthreads, i, sum_w = 0, max_h = 0;
	int sum_h = 0, side_w, avail, tl_min, top_need, extra, x, y;
	int *need_w = xcalloc((size_t)G + 1, sizeof(int));
	int *need_h = xcalloc((size_t)G + 1, sizeof(int));

	L->ngroups = G;
	L->px = xcalloc((size_t)G + 1, sizeof(int));
	L->py = xcalloc((size_t)G + 1, sizeof(int));
	L->pw = xcalloc((size_t)G + 1, sizeof(int));
	L->ph = xcalloc((size_t)G + 1, sizeof(int));
	L->status_rows = draw_status(s, NULL, 0, 0, W - 4);
	/* rows between the header and the rule above the status line, less
	 * the timeline's title */
	avail = H - 1 - L->status_rows - 1 - 1 - 1;
	for (i = 0; i < G; i++) {
		ui_pane_need(s, i, &need_w[i], &need_h[i]);
		sum_w += need_w[i] + 1;
		sum_h += need_h[i] + 1;
		max_h = need_h[i] > max_h ? need_h[i] : max_h;
	}
	/* the side panel gives up columns for the panes to stand side by side */
	side_w = W / 3 < SIDE_MIN ? SIDE_MIN : W / 3 > 48 ? 48 : W / 3;
	if (sum_w > W - 2 - side_w && W - 2 - sum_w >= SIDE_MIN)
		side_w = W - 2 - sum_w;
	L->panes_w = W - 2 - side_w - 1;
	L->stacked = sum_w > L->panes_w + 1;
	/* stacked, each pane is as wide as the panes: the widest code fits
	 * (the marks of where a group's members stand may be cut) */
	for (i = 0; i < G && L->stacked; i++) {
		int code_w = need_w[i] - (s->prog->groups[i].count > 1 ? 4 : 0);

		if (code_w > L->panes_w && W - 3 - code_w >= SIDE_MIN) {
			side_w = W - 3 - code_w;
			L->panes_w = code_w;
		}
	}
	top_need = L->stacked ? sum_h - 1 : max_h;
	if (top_need < ui_side_rows(s, W - (1 + L->panes_w + 2) - 2))
		top_need = ui_side_rows(s, W - (1 + L->panes_w + 2) - 2);
	tl_min = s->view == UI_VIEW_TABLE ? avail / 3 : ui_timeline_rows(n, false);
	if (tl_min > avail / 3 && tl_min > 5)
		tl_min = avail / 3 > 5 ? avail / 3 : 5;
	L->top_h = top_need < avail - tl_min ? top_need : avail - tl_min;
	if (L->top_h < 3)
		L->top_h = 3;
	L->lower_y = 1 + L->top_h + 1;
	L->lower_h = H - 1 - L->status_rows - 1 - L->lower_y;
	/* the panes: extra columns shared out, or rows by need */
	extra = L->panes_w + 1 - sum_w;
	for (i = 0, x = 1, y = 1; i < G; i++) {
		if (!L->stacked) {
			L->pw[i] = need_w[i] + extra / G + (i < extra % G ? 1 : 0);
			L->ph[i] = L->top_h;
			L->px[i] = x;
			L->py[i] = 1;
			x += L->pw[i] + 1;
		} else {
			int rows_left = L->top_h - (y - 1), left = G - i;

			L->pw[i] = L->panes_w;
			L->px[i] = 1;
			L->py[i] = y;
			L->ph[i] = i + 1 == G ? rows_left : need_h[i] * (L->top_h - (G - 1)) /
			    (sum_h - G);
			if (L->ph[i] > rows_left - 2 * (left - 1))
				L->ph[i] = rows_left - 2 * (left - 1);
			if (L->ph[i] < 1)
				L->ph[i] = 1;
			y += L->ph[i] + 1;
		}
	}
	/* stacked panes too short for their threads and some code: a list of
	 * the threads, a row each, and the selected one's code under it */
	L->list_rows = 0;
	for (i = 0; i < G && L->stacked; i++) {
		const struct lang_group *g = &s->prog->groups[i];

		if (L->ph[i] < (g->count > 1 ? g->count + 1 : 1) + 2) {
			int code_h = need_h[s->prog->threads[s->selected].group] -
			    s->prog->groups[s->prog->threads[s->selected].group].count;

			code_h = code_h < 4 ? 4 : code_h;
			L->list_rows = L->top_h - 1 - code_h;
			L->list_rows = L->list_rows > n ? n : L->list_rows < 3 ? 3 : L->list_rows;
			break;
		}
	}
	free(need_w);
	free(need_h);
}

/* The first thread of the list's window: the selected one in view. */
static int
list_first(const struct ui_session *s, int rows)
{
	int n = (int)s->prog->nthreads, first = s->selected - rows / 2;

	if (first > n - rows)
		first = n - rows;
	return first < 0 ? 0 : first;
}

/* Many threads: a row a thread (key, name, state), then the selected
 * thread's code, as its group's pane shows it. */
static void
draw_list(const struct ui_session *s, struct ui_frame *f, const struct layout *L)
{
	int first = list_first(s, L->list_rows), r, x = 2, w = L->panes_w - 2, used;
	int sel_group = s->prog->threads[s->selected].group;
	char more[64];

	for (r = 0; r < L->list_rows && first + r < (int)s->prog->nthreads; r++) {
		if (first + r == s->selected)
			ui_frame_set(f, 1, 1 + r, ui_glyph(f, G_ARROW), UI_SELECTED);
		ui_pane_thread_row(s, f, first + r, x, 1 + r, w, 1, true);
	}
	ui_frame_set(f, 0, 1 + L->list_rows, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
	ui_frame_hline(f, 1, 1 + L->list_rows, L->panes_w, UI_BORDER);
	ui_frame_set(f, 1 + L->panes_w, 1 + L->list_rows, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
	used = ui_frame_printf(f, 2, 1 + L->list_rows, w, UI_TITLE, " code of %s ",
	    ui_thread_name(s, s->selected));
	/* threads the list has no row for say so, or they would go unseen */
	snprintf(more, sizeof(more), " %d more: h and l select them ",
	    (int)s->prog->nthreads - r);
	if (2 + used + 1 + ui_text_width(more) > L->panes_w)
		snprintf(more, sizeof(more), " +%d more ", (int)s->prog->nthreads - r);
	if (r < (int)s->prog->nthreads && 2 + used + 1 + ui_text_width(more) <= L->panes_w)
		ui_frame_text(f, 1 + L->panes_w - ui_text_width(more), 1 + L->list_rows,
		    ui_text_width(more), UI_DIM, more);
	ui_pane_draw(s, f, sel_group, x, 2 + L->list_rows, w, L->top_h - L->list_rows - 1, false);
}

static void
layout_free(struct layout *L)
{
	free(L->px);
	free(L->py);
	free(L->pw);
	free(L->ph);
}

int
ui_layout_thread_at(const struct ui_session *s, int W, int H, int x, int y)
{
	struct layout L;
	int i, t = -1, from;

	if (s->prog == NULL || s->overlay != UI_OVERLAY_NONE || W < UI_MIN_WIDTH ||
	    H < UI_MIN_HEIGHT)
		return -1;
	compute_layout(s, W, H, &L);
	if (L.list_rows > 0) {
		int r = y - 1, first = list_first(s, L.list_rows);

		t = x >= 1 && x <= L.panes_w && r >= 0 && r < L.list_rows &&
		    first + r < (int)s->prog->nthreads ? first + r : -1;
		layout_free(&L);
		return t;
	}
	for (i = 0; i < L.ngroups; i++) {
		const struct lang_group *g = &s->prog->groups[i];

		if (x < L.px[i] || x >= L.px[i] + L.pw[i] || y < L.py[i] || y >= L.py[i] + L.ph[i])
			continue;
		/* a member's row picks it; the rest of the pane, the thread shown */
		from = ui_pane_first_member(s, i, L.ph[i]);
		t = g->count > 1 && y - L.py[i] < g->count - from ?
		    g->first_thread + from + y - L.py[i] : ui_pane_shown_thread(s, i);
	}
	layout_free(&L);
	return t;
}

void
ui_layout(const struct ui_session *s, struct ui_frame *f)
{
	int W = f->width, H = f->height, i, status_y;
	struct layout L;

	ui_frame_clear(f);
	if (W < UI_MIN_WIDTH || H < UI_MIN_HEIGHT) {
		draw_too_small(f);
		return;
	}
	if (s->prog == NULL) {
		if (s->overlay == UI_OVERLAY_PICKER)
			ui_overlay_draw(s, f);
		return;
	}
	compute_layout(s, W, H, &L);
	ui_frame_box(f, 0, 0, W, H, NULL);
	draw_header(s, f);
	/* bottom: the status line (the verdict, wrapped) above the frame's
	 * edge, the messages and keys in the rule above it */
	status_y = H - 1 - L.status_rows;
	draw_message_rule(s, f, status_y - 1);
	draw_status(s, f, 2, status_y, W - 4);
	/* the timeline or table */
	ui_frame_set(f, 0, L.lower_y - 1, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
	ui_frame_hline(f, 1, L.lower_y - 1, W - 2, UI_BORDER);
	ui_frame_set(f, W - 1, L.lower_y - 1, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
	ui_frame_text(f, 2, L.lower_y - 1, 20, UI_TITLE, s->view == UI_VIEW_TABLE ?
	    " step table " : " timeline ");
	if (s->view == UI_VIEW_TABLE)
		ui_table_draw(s, f, 2, L.lower_y, W - 4, L.lower_h);
	else
		ui_timeline_draw(s, f, 2, L.lower_y, W - 4, L.lower_h);
	/* the panes, and the lines between them */
	for (i = 0; i < L.ngroups; i++) {
		if (L.list_rows > 0)
			break;
		ui_pane_draw(s, f, i, L.px[i] + 1, L.py[i], L.pw[i] - 2, L.ph[i], true);
		if (!L.stacked && i + 1 < L.ngroups) {
			ui_frame_vline(f, L.px[i] + L.pw[i], 1, L.top_h, UI_BORDER);
			ui_frame_set(f, L.px[i] + L.pw[i], L.lower_y - 1, ui_glyph(f, G_TEE_UP),
			    UI_BORDER);
		} else if (L.stacked && i + 1 < L.ngroups) {
			int ly = L.py[i] + L.ph[i];

			ui_frame_set(f, 0, ly, ui_glyph(f, G_TEE_LEFT), UI_BORDER);
			ui_frame_hline(f, 1, ly, L.panes_w, UI_BORDER);
			ui_frame_set(f, 1 + L.panes_w, ly, ui_glyph(f, G_TEE_RIGHT), UI_BORDER);
		}
	}
	if (L.list_rows > 0)
		draw_list(s, f, &L);
	ui_frame_vline(f, 1 + L.panes_w, 1, L.top_h, UI_BORDER);
	ui_frame_set(f, 1 + L.panes_w, L.lower_y - 1, ui_glyph(f, G_TEE_UP), UI_BORDER);
	if (L.list_rows > 0)
		ui_frame_set(f, 1 + L.panes_w, 1 + L.list_rows, ui_glyph(f, G_TEE_RIGHT),
		    UI_BORDER);
	ui_side_draw(s, f, 1 + L.panes_w + 2, 1, W - (1 + L.panes_w + 2) - 2, L.top_h);
	layout_free(&L);
	ui_overlay_draw(s, f);
}
