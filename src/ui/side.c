#include "config.h"

#include "ui/side.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/words.h"
#include "trace/lanes.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* "NAME = v" or "NAME = [v, v]": shared variable sh's value now. */
static void
shared_text(const struct ui_session *s, size_t sh, struct strbuf *out)
{
	const struct model_state *st = ui_session_state(s);
	const struct lang_shared *var = &s->prog->shared[sh];
	int base = model_element_of(s->model, (int)sh, 0), k;
	char v[300];

	if (var->kind == LANG_SHARED_SCALAR) {
		model_value_format(&s->strings, model_element_value(st, base), v, sizeof(v));
		strbuf_printf(out, "%s = %s", var->name, v);
		return;
	}
	strbuf_printf(out, "%s = [", var->name);
	for (k = 0; k < var->length; k++) {
		model_value_format(&s->strings, model_element_value(st, base + k), v, sizeof(v));
		strbuf_printf(out, "%s%s", k ? ", " : "", v);
	}
	strbuf_puts(out, "]");
}

/* The constants, "constants: COUNT = 3, N = [1, 2]", apart from the live
 * values: no thread writes them, so no one wrote them; empty if none. */
static void
constants_text(const struct ui_session *s, struct strbuf *out)
{
	size_t sh;

	for (sh = 0; sh < s->prog->nshared; sh++) {
		if (!s->prog->shared[sh].constant || model_element_of(s->model, (int)sh, 0) < 0)
			continue;
		strbuf_puts(out, out->len > 0 ? ", " : "constants: ");
		shared_text(s, sh, out);
	}
}

/* Threads blocked on primitive p, for "waits: B, C". */
static void
waiters_of(const struct ui_session *s, int p, struct strbuf *out)
{
	const struct model_state *st = ui_session_state(s);
	size_t t;
	bool any = false;

	for (t = 0; t < s->prog->nthreads; t++) {
		const struct model_thread *th = model_thread(st, (int)t);

		if (th->status == MODEL_T_ALIVE && th->pending.op == LANG_OP_CALL &&
		    th->pending.target == p && !model_enabled(st, (int)t)) {
			strbuf_printf(out, "%s%s", any ? ", " : "  waits: ",
			    ui_thread_name(s, (int)t));
			any = true;
		}
	}
}

static void
prim_text(const struct ui_session *s, int p, struct strbuf *out)
{
	const struct model_state *st = ui_session_state(s);
	char name[96];

	model_prim_name(s->model, p, name, sizeof(name));
	strbuf_printf(out, "%s: ", name);
	model_prim_words(s->model, st, p, MODEL_WORDS_BRIEF, out);
	waiters_of(s, p, out);
}

/* The output pane: the last lines a run printed, newest at the bottom,
 * for a program that prints.  What a student compares with what Python
 * printed, so it stays short and current rather than whole. */
#define SIDE_OUTPUT_LINES 4

static int
output_lines(const char *out)
{
	int n = 0;

	for (; *out != '\0'; out++)
		n += *out == '\n' || (out[1] == '\0');
	return n;
}

/* Rows of the output pane: a blank, its title, the lines (or "nothing"). */
static int
output_rows(const struct ui_session *s)
{
	int n;

	if (!model_prints(s->model))
		return 0;
	n = output_lines(model_output(ui_session_state(s)));
	return 2 + (n == 0 ? 1 : n > SIDE_OUTPUT_LINES ? SIDE_OUTPUT_LINES : n);
}

static int
draw_output(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int rows)
{
	const char *out = model_output(ui_session_state(s)), *line;
	int n = output_lines(out), skip, row = y;
	char title[64];

	if (rows < 3)
		return 0;
	row++;
	if (n > rows - 2)
		snprintf(title, sizeof(title), "output, last %d of %d", rows - 2, n);
	else
		snprintf(title, sizeof(title), "output");
	ui_frame_text(f, x, row++, w, UI_TITLE, title);
	if (n == 0) {
		ui_frame_text(f, x, row++, w, UI_DIM, "(nothing printed yet)");
		return row - y;
	}
	for (skip = n - (rows - 2), line = out; skip > 0; skip--)
		line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != '\0');
	while (*line != '\0' && row < y + rows) {
		size_t len = strcspn(line, "\n");
		char text[300];

		snprintf(text, sizeof(text), "%.*s", (int)(len < 299 ? len : 299), line);
		ui_frame_text(f, x, row++, w, UI_NORMAL, text);
		line += len + (line[len] != '\0');
	}
	return row - y;
}

static bool
lock_like(const struct model_prim *p)
{
	return p->type == LANG_PRIM_LOCK || p->type == LANG_PRIM_RLOCK ||
	    p->type == LANG_PRIM_RWLOCK;
}

void
ui_side_draw(const struct ui_session *s, struct ui_frame *f, int x, int y, int w, int h)
{
	const struct model_state *st = ui_session_state(s);
	const struct lang_program *prog = s->prog;
	size_t ne = model_nelements(s->model), sh, p;
	struct trace_write *writes = xcalloc(ne + 1, sizeof(*writes));
	int row = y, k, n;
	char before[300], who[800];
	struct strbuf constants = { 0 };
	long last = (long)s->trace.nsteps;

	trace_last_writes(&s->trace, writes);
	ui_frame_text(f, x, row++, w, UI_TITLE, "shared");
	for (sh = 0; sh < prog->nshared && row < y + h; sh++) {
		const struct lang_shared *var = &prog->shared[sh];
		int base = model_element_of(s->model, (int)sh, 0);
		struct strbuf line = { 0 };
		int newest = -1;

		if (base < 0 || var->constant)
			continue;
		shared_text(s, sh, &line);
		if (var->kind == LANG_SHARED_SCALAR)
			newest = base;
		for (k = 0; k < var->length && var->kind != LANG_SHARED_SCALAR; k++)
			if (writes[base + k].step > 0 && (newest < 0 ||
			    writes[base + k].step > writes[newest].step))
				newest = base + k;
		/* who wrote it at which step, and what it was: beside the value
		 * when there is room, else under it */
		if (newest >= 0 && writes[newest].step > 0) {
			char name[96];

			model_value_format(&s->strings, &writes[newest].before, before,
			    sizeof(before));
			model_element_name(s->model, newest, name, sizeof(name));
			snprintf(who, sizeof(who), "%s%s%s@%ld%s%s",
			    var->kind == LANG_SHARED_SCALAR ? "" : name,
			    var->kind == LANG_SHARED_SCALAR ? "" : " by ",
			    ui_thread_name(s, writes[newest].thread), writes[newest].step,
			    writes[newest].before.kind == MODEL_UNSET ? "" : ", was ",
			    writes[newest].before.kind == MODEL_UNSET ? "" : before);
		} else {
			snprintf(who, sizeof(who), "(initial)");
		}
		k = ui_frame_folded(f, x, row, w, y + h - row,
		    writes[newest >= 0 ? newest : base].step == last && last > 0 ? UI_CHANGED :
		    UI_NORMAL, strbuf_str(&line));
		n = k == 1 ? ui_text_width(strbuf_str(&line)) : w;
		row += k;
		if (n + 2 + ui_text_width(who) <= w)
			ui_frame_text(f, x + n + 2, row - 1, w - n - 2, UI_DIM, who);
		else if (row < y + h)
			row += ui_frame_folded(f, x + 2, row, w - 2, y + h - row, UI_DIM, who);
		strbuf_free(&line);
	}
	free(writes);
	constants_text(s, &constants);
	if (constants.len > 0 && row < y + h)
		row += ui_frame_folded(f, x, row, w, y + h - row, UI_DIM, strbuf_str(&constants));
	strbuf_free(&constants);
	if (model_prints(s->model)) {
		k = output_rows(s);
		row += draw_output(s, f, x, row, w, k < y + h - row ? k : y + h - row);
	}
	if (model_nprims(s->model) > 0 && row + 1 < y + h) {
		row++;
		ui_frame_text(f, x, row++, w, UI_TITLE, "primitives");
	}
	for (p = 0; p < model_nprims(s->model) && row < y + h; p++) {
		struct strbuf line = { 0 };
		const struct model_prim *prim = model_prim(st, (int)p);

		prim_text(s, (int)p, &line);
		row += ui_frame_folded(f, x, row, w, y + h - row,
		    lock_like(prim) && prim->owner >= 0 ? UI_LOCK_HELD : UI_NORMAL,
		    strbuf_str(&line));
		strbuf_free(&line);
	}
}

/* Rows the side panel wants in w columns: its title, a row a variable
 * (an array's last writer goes under it, on two rows when narrow), the
 * constants' folded rows, a title and the folded rows of each primitive. */
int
ui_side_rows(const struct ui_session *s, int w)
{
	size_t sh, p, t;
	int rows = 1, name_w = 0;
	struct strbuf constants = { 0 };

	for (t = 0; t < s->prog->nthreads; t++)
		if ((int)strlen(ui_thread_name(s, (int)t)) > name_w)
			name_w = (int)strlen(ui_thread_name(s, (int)t));
	/* a scalar's writer beside it, "NAME = v  T@12, was v", or under it */
	for (sh = 0; sh < s->prog->nshared; sh++)
		rows += model_element_of(s->model, (int)sh, 0) < 0 ||
		    s->prog->shared[sh].constant ? 0 :
		    s->prog->shared[sh].kind != LANG_SHARED_SCALAR ? (w < 36 ? 3 : 2) :
		    (int)strlen(s->prog->shared[sh].name) + name_w + 22 > w ? 2 : 1;
	constants_text(s, &constants);
	if (constants.len > 0)
		rows += ui_frame_folded(NULL, 0, 0, w, 100, UI_DIM, strbuf_str(&constants));
	strbuf_free(&constants);
	rows += output_rows(s);
	if (model_nprims(s->model) > 0)
		rows += 2;
	for (p = 0; p < model_nprims(s->model); p++) {
		struct strbuf line = { 0 };

		prim_text(s, (int)p, &line);
		rows += ui_frame_folded(NULL, 0, 0, w, 100, UI_NORMAL, strbuf_str(&line));
		strbuf_free(&line);
	}
	return rows;
}
