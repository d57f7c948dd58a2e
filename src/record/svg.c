/* svg.c - the run as a picture that fits a slide.
 *
 * Layout.  Text is monospace, so its width is known without a font: a
 * character is at most CHAR_W of the font size.  The steps are laid out in
 * rows of equal columns; the widest column (longest labels) whose rows
 * and footer fit EXPORT_MAX_WIDTH x EXPORT_MAX_HEIGHT wins.  When even the
 * narrowest does not fit, the picture keeps the narrowest layout and its
 * width and height are scaled down to fit (the viewBox keeps the drawing),
 * and it says that --steps shows a part of the run larger.  Everything
 * under the rows (legend, state, races, verdict) is wrapped to the width,
 * never cut; labels too long for their box are shortened with an ellipsis
 * and given whole in the box's tooltip.
 */
#include "config.h"

#include "record/export.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "record/export_internal.h"
#include "record/walk.h"
#include "trace/lanes.h"
#include "trace/report.h"
#include "util/escape.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define CHAR_W 0.62		/* a monospace character's width, in font sizes */
#define MARGIN 24
#define TOP 96			/* below the title and the subtitle */
#define MIN_WIDTH 960		/* room for the legend and the verdict */
#define AXIS_H 20		/* the step numbers under a row */
#define ROW_GAP 14
#define NAME_FONT 17
#define NAME_MAX_CHARS 16
#define BODY_FONT 15
#define VERDICT_FONT 19
#define LEGEND_FONT 13
#define MAX_RACE_LINES 6

/* Column widths tried, widest first. */
static const int step_widths[] = { 176, 160, 144, 128, 112, 96, 84, 72 };
#define NSTEP_WIDTHS (sizeof(step_widths) / sizeof(step_widths[0]))

struct layout {
	int name_w, step_w, lane_h, row_h, label_font;
	size_t cols, rows;
	int width, height, rows_bottom;
	bool scaled;		/* even the narrowest columns did not fit */
	double scale;		/* what width and height are scaled by to fit */
};

struct svg {
	const struct trace *tr;
	const struct export_options *opt;	/* may be NULL */
	const struct export_palette *pal;
	FILE *out;		/* NULL while only measuring */
	size_t first, last, n;	/* steps shown, threads */
	struct trace_lanes lanes;	/* a row a shown step, and one after the last */
	struct walk walk;	/* at the state after step last */
	struct layout lay;
};

static void __attribute__((format(printf, 2, 3)))
put(struct svg *g, const char *fmt, ...)
{
	va_list ap;

	if (g->out == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(g->out, fmt, ap);
	va_end(ap);
}

static void
put_text(struct svg *g, const char *s)
{
	if (g->out != NULL)
		export_put_xml(g->out, s);
}

/* The first max characters of s as it will be shown (made safe: an ESC is
 * the four characters \x1b), with an ellipsis if that cut it. */
static char *
shorten(const char *s, size_t max)
{
	char *safe = sanitize(s, SANITIZE_LINE), *cut;

	if (escape_utf8_length(safe) <= max)
		return safe;
	cut = max < 1 ? xstrdup("") : xasprintf("%.*s\xe2\x80\xa6",
	    (int)escape_utf8_prefix(safe, max - 1), safe);
	free(safe);
	return cut;
}

static size_t
chars_fitting(int pixels, int font)
{
	double n = pixels / (font * CHAR_W);

	return n < 1 ? 1 : (size_t)n;
}

/* Replay the run up to the last step shown, noting the lanes at each shown
 * step and after the last; the walk is left after the last step. */
static void
compute_lanes(struct svg *g)
{
	const struct trace *tr = g->tr;
	size_t count = g->last + 1 - g->first, i;

	trace_lanes_init(&g->lanes, g->n);
	walk_begin(&g->walk, tr);
	for (i = 0; i < g->last; i++) {
		if (i + 1 >= g->first)
			trace_lanes_note(&g->lanes, i + 1 - g->first, g->walk.st,
			    tr->steps[i].thread);
		walk_next(&g->walk);
	}
	trace_lanes_note(&g->lanes, count, g->walk.st, -1);
	trace_lanes_mark_races(&g->lanes, tr->races, tr->nraces, g->first, g->last);
}

/* ---- the footer: legend, state, races, verdict ---- */

enum swatch { SW_STEP, SW_RACE, SW_READY, SW_BLOCKED, SW_HELD, SW_ABSENT, SW_AFTER };

static const struct {
	enum swatch swatch;
	const char *text;
} legend[] = {
	{ SW_STEP, "a step the thread took, in its colour, with what it did" },
	{ SW_RACE, "a step in a data race (outlined, !)" },
	{ SW_READY, "ready, but another thread ran" },
	{ SW_BLOCKED, "blocked" },
	{ SW_HELD, "holds a lock" },
	{ SW_ABSENT, "empty: not started or finished" },
	{ SW_AFTER, "dashed: where the thread is after the last step" },
};
#define NLEGEND (sizeof(legend) / sizeof(legend[0]))

static void
draw_swatch(struct svg *g, enum swatch sw, int x, int y)
{
	const struct export_palette *p = g->pal;
	const char *c0 = export_thread_colour(p, 0);

	switch (sw) {
	case SW_STEP:
		put(g, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"16\" rx=\"4\" fill=\"%s\" "
		    "fill-opacity=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>\n", x, y - 13, c0,
		    p->box_opacity, c0);
		break;
	case SW_RACE:
		put(g, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"16\" rx=\"4\" fill=\"%s\" "
		    "fill-opacity=\"%s\" stroke=\"%s\" stroke-width=\"3\"/>"
		    "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" "
		    "fill=\"%s\">!</text>\n", x, y - 13, p->race, p->box_opacity, p->race,
		    x + 19, y, p->race);
		break;
	case SW_READY:
		put(g, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		    "stroke-width=\"2\"/>\n", x, y - 5, x + 28, y - 5, p->grid);
		break;
	case SW_BLOCKED:
		put(g, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"10\" fill=\"%s\"/>\n", x,
		    y - 10, p->blocked);
		break;
	case SW_HELD:
		put(g, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"4\" fill=\"%s\"/>\n", x,
		    y - 6, p->held);
		break;
	case SW_ABSENT:
		put(g, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"16\" fill=\"none\" "
		    "stroke=\"%s\" stroke-dasharray=\"1 4\"/>\n", x, y - 13, p->grid);
		break;
	case SW_AFTER:
		put(g, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"16\" rx=\"4\" "
		    "fill=\"%s\" fill-opacity=\"0.45\" stroke=\"%s\" stroke-width=\"2\" "
		    "stroke-dasharray=\"5 3\"/>\n", x, y - 13, p->blocked, p->race);
		break;
	}
}

/* The legend, flowed into lines; returns the y under it. */
static int
draw_legend(struct svg *g, int y)
{
	int x = MARGIN, right = g->lay.width - MARGIN;
	size_t i;

	y += 22;
	for (i = 0; i < NLEGEND; i++) {
		int w = 36 + (int)(escape_utf8_length(legend[i].text) * LEGEND_FONT * CHAR_W) + 26;

		if (x > MARGIN && x + w > right) {
			x = MARGIN;
			y += 26;
		}
		draw_swatch(g, legend[i].swatch, x, y);
		put(g, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"%s\">", x + 36, y,
		    LEGEND_FONT, g->pal->muted);
		put_text(g, legend[i].text);
		put(g, "</text>\n");
		x += w;
	}
	return y + 10;
}

/* text wrapped to the width after indent pixels, in lines line_h apart;
 * the first line may start with a coloured bold lead (a thread's name).
 * Returns the y under it. */
static int
draw_wrapped(struct svg *g, int y, int font, int line_h, const char *colour, bool bold,
    const char *lead, const char *lead_colour, const char *text)
{
	int indent = lead != NULL ? (int)((escape_utf8_length(lead) + 2) * font * CHAR_W) : 0;
	size_t cols = chars_fitting(g->lay.width - 2 * MARGIN - indent, font);
	char *safe = sanitize(text, SANITIZE_LINE);	/* measured as it will be shown */
	const char *s = safe;
	bool first = true;

	do {
		size_t take = escape_utf8_prefix(s, cols), cut = take, i;

		/* break at the last space that fits, unless the rest fits whole */
		if (s[take] != '\0') {
			for (i = take; i > 0 && s[i] != ' '; i--)
				;
			if (i > 0)
				cut = i;
		}
		y += line_h;
		if (first && lead != NULL) {
			put(g, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"bold\" "
			    "fill=\"%s\">", MARGIN, y, font, lead_colour);
			put_text(g, lead);
			put(g, "</text>");
		}
		put(g, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s fill=\"%s\">", MARGIN + indent,
		    y, font, bold ? " font-weight=\"bold\"" : "", colour);
		if (g->out != NULL) {
			char *piece = xstrndup(s, cut);

			put_text(g, piece);
			free(piece);
		}
		put(g, "</text>\n");
		s += cut;
		while (*s == ' ')
			s++;
		first = false;
	} while (*s != '\0');
	free(safe);
	return y;
}

/* A line for each runnable or blocked thread; the threads that are not
 * running yet or any more share one line per state. */
static int
draw_thread_states(struct svg *g, int y)
{
	static const enum walk_thread_state idle[] = {
		WALK_NOT_STARTED, WALK_FINISHED, WALK_STOPPED,
	};
	const struct export_palette *p = g->pal;
	struct strbuf sb = { 0 };
	char text[1200];
	size_t i, k;

	for (i = 0; i < g->n; i++) {
		enum walk_thread_state state = walk_thread_state(&g->walk, (int)i);
		char *lead;

		if (state != WALK_RUNNABLE && state != WALK_BLOCKED)
			continue;
		lead = shorten(g->tr->prog->threads[i].name, NAME_MAX_CHARS);
		export_thread_text(&g->walk, (int)i, text, sizeof(text));
		y = draw_wrapped(g, y, BODY_FONT, 22, state == WALK_BLOCKED ? p->race : p->text,
		    false, lead, export_thread_colour(p, (int)i), text);
		free(lead);
	}
	for (k = 0; k < sizeof(idle) / sizeof(idle[0]); k++) {
		strbuf_reset(&sb);
		for (i = 0; i < g->n; i++)
			if (walk_thread_state(&g->walk, (int)i) == idle[k])
				strbuf_printf(&sb, "%s%s", sb.len ? ", " : "",
				    g->tr->prog->threads[i].name);
		if (sb.len == 0)
			continue;
		snprintf(text, sizeof(text), "%s: %s", walk_thread_state_name(idle[k]),
		    strbuf_str(&sb));
		y = draw_wrapped(g, y, BODY_FONT, 22, p->muted, false, NULL, NULL, text);
	}
	strbuf_free(&sb);
	return y;
}

/* The tour's caption of each shown step it has, a line (or more) each,
 * led by the step's number and thread in the thread's colour. */
static int
draw_captions(struct svg *g, int y)
{
	const struct lang_tour *tour = g->opt != NULL ? g->opt->tour : NULL;
	char text[400];
	size_t i;

	if (tour == NULL || export_caption(g->opt, g->first) == NULL)
		return y;
	snprintf(text, sizeof(text), "tour \"%s\":", tour->name);
	y = draw_wrapped(g, y + 6, BODY_FONT, 24, g->pal->muted, true, NULL, NULL, text);
	for (i = g->first; i <= g->last && export_caption(g->opt, i) != NULL; i++) {
		int t = g->tr->steps[i - 1].thread;
		char *name = shorten(g->tr->prog->threads[t].name, NAME_MAX_CHARS);

		snprintf(text, sizeof(text), "%zu %s", i, name);
		y = draw_wrapped(g, y, BODY_FONT, 22, g->pal->text, false, text,
		    export_thread_colour(g->pal, t), export_caption(g->opt, i));
		free(name);
	}
	return y + 6;
}

static int
draw_footer(struct svg *g, int y)
{
	const struct trace *tr = g->tr;
	const struct lang_program *prog = tr->prog;
	const struct export_palette *p = g->pal;
	struct strbuf sb = { 0 };
	char text[1200], name[96];
	size_t i;

	y = draw_captions(g, y);
	y = draw_legend(g, y);
	/* where every thread is, who holds what and the values, after the last step */
	if (g->last > 0)
		snprintf(text, sizeof(text), "after step %zu:", g->last);
	else
		snprintf(text, sizeof(text), "before the first step:");
	y = draw_wrapped(g, y + 6, BODY_FONT, 24, p->muted, true, NULL, NULL, text);
	y = draw_thread_states(g, y);
	for (i = 0; i < model_nprims(tr->model); i++) {
		model_prim_name(tr->model, (int)i, name, sizeof(name));
		walk_prim_text(&g->walk, (int)i, text, sizeof(text));
		strbuf_printf(&sb, "%s%s: %s", sb.len ? " \xc2\xb7 " : "locks and primitives: ",
		    name, text);
	}
	if (sb.len > 0)
		y = draw_wrapped(g, y, BODY_FONT, 22, p->text, false, NULL, NULL, strbuf_str(&sb));
	strbuf_reset(&sb);
	for (i = 0; i < prog->nshared; i++)
		if (export_shared_text(&g->walk, i, text, sizeof(text)))
			strbuf_printf(&sb, "%s%s", sb.len ? ", " : "shared: ", text);
	if (sb.len > 0)
		y = draw_wrapped(g, y, BODY_FONT, 22, p->text, false, NULL, NULL, strbuf_str(&sb));
	strbuf_free(&sb);
	if (tr->nraces > 0) {
		y += 6;
		for (i = 0; i < tr->nraces && i < MAX_RACE_LINES; i++) {
			report_race_text(tr, &tr->races[i], text, sizeof(text));
			y = draw_wrapped(g, y, BODY_FONT, 22, p->race, false, NULL, NULL, text);
		}
		if (tr->nraces > MAX_RACE_LINES) {
			snprintf(text, sizeof(text), "and %zu more data races (lockstep run lists "
			    "them all)", tr->nraces - MAX_RACE_LINES);
			y = draw_wrapped(g, y, BODY_FONT, 22, p->race, false, NULL, NULL, text);
		}
	}
	/* the verdict is the run's, which may end after the last step shown */
	export_verdict_text(tr, g->last, text, sizeof(text));
	y = draw_wrapped(g, y + 8, VERDICT_FONT, 28, tr->verdict.kind == MODEL_OK ? p->ok :
	    tr->verdict.kind == MODEL_RUNNING ? p->muted : p->race, true, NULL, NULL, text);
	if (g->lay.scaled)
		y = draw_wrapped(g, y + 4, BODY_FONT, 22, p->muted, false, NULL, NULL,
		    "This long run is drawn smaller to fit 1920 x 1440; --steps A-B draws "
		    "a part of it larger.");
	return y + MARGIN;
}

/* ---- layout ---- */

static void
try_layout(struct svg *g, int step_w, bool scaled)
{
	struct layout *l = &g->lay;
	/* the steps, then the cell that shows how things are after the last */
	size_t cells = g->last + 2 - g->first, name_len = 1, t;

	for (t = 0; t < g->n; t++) {
		size_t len = escape_utf8_length(g->tr->prog->threads[t].name);

		if (len > name_len)
			name_len = len;
	}
	if (name_len > NAME_MAX_CHARS)
		name_len = NAME_MAX_CHARS;
	l->name_w = MARGIN + (int)(name_len * NAME_FONT * CHAR_W) + 16;
	l->step_w = step_w;
	l->lane_h = g->n <= 4 ? 52 : g->n <= 8 ? 44 : 36;
	l->label_font = step_w >= 128 && g->n <= 8 ? 14 : 12;
	l->row_h = (int)g->n * l->lane_h + AXIS_H + ROW_GAP;
	l->cols = (size_t)(EXPORT_MAX_WIDTH - l->name_w - MARGIN) / (size_t)step_w;
	if (l->cols < 1)
		l->cols = 1;
	if (l->cols > cells)
		l->cols = cells;
	l->rows = (cells + l->cols - 1) / l->cols;
	l->cols = (cells + l->rows - 1) / l->rows;	/* even rows, no stub at the end */
	l->width = l->name_w + (int)l->cols * step_w + MARGIN;
	if (l->width < MIN_WIDTH)
		l->width = MIN_WIDTH;
	l->rows_bottom = TOP + (int)l->rows * l->row_h;
	l->scaled = scaled;
	l->scale = 1;
	l->height = draw_footer(g, l->rows_bottom);
}

static void
choose_layout(struct svg *g)
{
	struct layout *l = &g->lay;
	FILE *out = g->out;
	size_t i;

	g->out = NULL;
	for (i = 0; i < NSTEP_WIDTHS; i++) {
		try_layout(g, step_widths[i], false);
		if (l->height <= EXPORT_MAX_HEIGHT)
			break;
	}
	if (i == NSTEP_WIDTHS) {
		double sw, sh;

		try_layout(g, step_widths[NSTEP_WIDTHS - 1], true);
		sw = (double)EXPORT_MAX_WIDTH / l->width;
		sh = (double)EXPORT_MAX_HEIGHT / l->height;
		l->scale = sw < sh ? sw : sh;
		if (l->scale > 1)
			l->scale = 1;
	}
	g->out = out;
}

/* ---- drawing ---- */

static void
draw_step_box(struct svg *g, size_t i, int x, int y)
{
	const struct layout *l = &g->lay;
	const struct trace_step *s = &g->tr->steps[i - 1];
	const struct export_palette *p = g->pal;
	bool race = (trace_lanes_at(&g->lanes, i - g->first, s->thread) & TRACE_LANE_RACE) != 0;
	const char *colour = race ? p->race : export_thread_colour(p, s->thread);
	int room = l->step_w - 18 - (race ? 14 : 0);
	char label[400], *shown;

	trace_step_label(g->tr, s, label, sizeof(label));
	shown = shorten(label, chars_fitting(room, l->label_font));
	put(g, "<g><title>step %zu, ", i);
	put_text(g, g->tr->prog->threads[s->thread].name);
	put(g, ": ");
	put_text(g, label);
	put(g, "%s", race ? " (in a data race)" : "");
	if (export_caption(g->opt, i) != NULL) {
		put(g, " \xe2\x80\x94 ");
		put_text(g, export_caption(g->opt, i));
	}
	put(g, "</title>\n");
	put(g, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" "
	    "fill-opacity=\"%s\" stroke=\"%s\" stroke-width=\"%d\"/>\n", x + 3, y + 5,
	    l->step_w - 6, l->lane_h - 14, colour, p->box_opacity, colour, race ? 3 : 2);
	put(g, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"%s\">", x + 9,
	    y + 5 + (l->lane_h - 14) / 2 + l->label_font / 3, l->label_font, p->text);
	put_text(g, shown);
	put(g, "</text>");
	if (race)
		put(g, "<text x=\"%d\" y=\"%d\" font-size=\"16\" font-weight=\"bold\" "
		    "fill=\"%s\">!</text>", x + l->step_w - 17, y + 22, p->race);
	put(g, "</g>\n");
	free(shown);
}

/* The cell after the last step: a dashed box saying where the thread is. */
static void
draw_after_box(struct svg *g, int t, int x, int y)
{
	const struct layout *l = &g->lay;
	const struct export_palette *p = g->pal;
	enum walk_thread_state state = walk_thread_state(&g->walk, t);
	bool blocked = state == WALK_BLOCKED;
	char text[400], *shown;

	if (blocked)
		model_blocked_reason(g->walk.st, t, text, sizeof(text));
	else if (state == WALK_RUNNABLE)
		snprintf(text, sizeof(text), "next: line %d",
		    model_thread(g->walk.st, t)->pending.line);
	else
		snprintf(text, sizeof(text), "%s", walk_thread_state_name(state));
	shown = shorten(text, chars_fitting(l->step_w - 18, l->label_font));
	put(g, "<g><title>after step %zu, ", g->last);
	put_text(g, g->tr->prog->threads[t].name);
	put(g, ": ");
	put_text(g, text);
	put(g, "</title>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" "
	    "fill=\"%s\" fill-opacity=\"%s\" stroke=\"%s\" stroke-width=\"2\" "
	    "stroke-dasharray=\"5 3\"/>\n", x + 3, y + 5, l->step_w - 6, l->lane_h - 14,
	    blocked ? p->blocked : p->background, blocked ? "0.45" : "0",
	    blocked ? p->race : p->grid);
	put(g, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"%s\">", x + 9,
	    y + 5 + (l->lane_h - 14) / 2 + l->label_font / 3, l->label_font,
	    blocked ? p->text : p->muted);
	put_text(g, shown);
	put(g, "</text></g>\n");
	free(shown);
}

/* A lane's cells from..to-1 of one row: the steps one box each, and each
 * run of ready, blocked or lock-holding cells one line or bar across the
 * run (a long run of many threads is mostly such runs: one element a run,
 * not one a cell, keeps the file small). */
static void
draw_lane(struct svg *g, size_t from, size_t to, int t, int y)
{
	const struct layout *l = &g->lay;
	const struct export_palette *p = g->pal;
	size_t after = g->last + 1 - g->first, c, end;
	int mid = y + l->lane_h / 2;

#define X_OF(cell) (l->name_w + (int)((cell) - from) * l->step_w)
	for (c = from; c < to; c = end) {
		bool holds = (trace_lanes_at(&g->lanes, c, t) & TRACE_LANE_HOLDS) != 0;

		for (end = c + 1; end < to && end != after &&
		    ((trace_lanes_at(&g->lanes, end, t) & TRACE_LANE_HOLDS) != 0) == holds; end++)
			;
		if (holds)
			put(g, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"4\" fill=\"%s\"/>\n",
			    X_OF(c), y + l->lane_h - 7, (int)(end - c) * l->step_w, p->held);
	}
	for (c = from; c < to; c = end) {
		enum trace_lane kind = (enum trace_lane)(trace_lanes_at(&g->lanes, c, t) &
		    TRACE_LANE_KIND);

		end = c + 1;
		if (c == after) {
			draw_after_box(g, t, X_OF(c), y);
			continue;
		}
		if (kind == TRACE_LANE_READY || kind == TRACE_LANE_BLOCKED)
			while (end < to && end != after && (enum trace_lane)(trace_lanes_at(
			    &g->lanes, end, t) & TRACE_LANE_KIND) == kind)
				end++;
		switch (kind) {
		case TRACE_LANE_RAN:
			draw_step_box(g, g->first + c, X_OF(c), y);
			break;
		case TRACE_LANE_READY:
			put(g, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
			    "stroke-width=\"2\"/>\n", X_OF(c), mid, X_OF(end), mid, p->grid);
			break;
		case TRACE_LANE_BLOCKED:
			put(g, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"10\" "
			    "fill=\"%s\"/>\n", X_OF(c), mid - 5, (int)(end - c) * l->step_w,
			    p->blocked);
			break;
		case TRACE_LANE_ABSENT:
			break;
		}
	}
#undef X_OF
}

static void
draw_rows(struct svg *g)
{
	const struct layout *l = &g->lay;
	const struct export_palette *p = g->pal;
	size_t cells = g->last + 2 - g->first, r, c, t;

	for (r = 0; r < l->rows; r++) {
		int y0 = TOP + (int)r * l->row_h;

		for (t = 0; t < g->n; t++) {
			int y = y0 + (int)t * l->lane_h;
			char *name = shorten(g->tr->prog->threads[t].name, NAME_MAX_CHARS);

			put(g, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"bold\" "
			    "fill=\"%s\">", MARGIN, y + l->lane_h / 2 + NAME_FONT / 3, NAME_FONT,
			    export_thread_colour(p, (int)t));
			put_text(g, name);
			put(g, "</text>\n");
			free(name);
			draw_lane(g, r * l->cols, r * l->cols + l->cols < cells ?
			    r * l->cols + l->cols : cells, (int)t, y);
		}
		for (c = 0; c < l->cols && r * l->cols + c < cells; c++) {
			size_t cell = r * l->cols + c;

			put(g, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">",
			    l->name_w + (int)c * l->step_w + 6, y0 + (int)g->n * l->lane_h + 14,
			    p->muted);
			if (cell + 1 == cells)
				put(g, "after</text>\n");
			else
				put(g, "%zu</text>\n", g->first + cell);
		}
	}
}

void
export_svg(const struct trace *tr, const char *scenario, const struct export_options *opt,
    FILE *out)
{
	const struct lang_program *prog = tr->prog;
	struct svg g;
	struct layout *l = &g.lay;
	char err[200], sub[600];
	char *title;
	int w, h;

	memset(&g, 0, sizeof(g));
	g.tr = tr;
	g.opt = opt;
	g.pal = export_palette(opt != NULL ? opt->theme : EXPORT_THEME_LIGHT);
	g.n = prog->nthreads;
	if (!export_steps(tr, opt, &g.first, &g.last, err, sizeof(err)))
		export_steps(tr, NULL, &g.first, &g.last, err, sizeof(err));
	compute_lanes(&g);
	choose_layout(&g);
	g.out = out;
	w = (int)(l->width * l->scale);
	h = (int)(l->height * l->scale);
	w = w > 0 ? w : 1;
	h = h > 0 ? h : 1;
	put(&g, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, "
	    "monospace\">\n<title>", w, h, l->width, l->height);
	put_text(&g, prog->title[0] ? prog->title : scenario);
	put(&g, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", l->width,
	    l->height, g.pal->background);
	title = shorten(prog->title[0] ? prog->title : scenario,
	    chars_fitting(l->width - 2 * MARGIN, 26));
	put(&g, "<text x=\"%d\" y=\"44\" font-size=\"26\" font-weight=\"bold\" fill=\"%s\">",
	    MARGIN, g.pal->text);
	put_text(&g, title);
	free(title);
	snprintf(sub, sizeof(sub), "%s \xe2\x80\x94 policy %s, seed %llu, ", scenario,
	    tr->policy, (unsigned long long)tr->seed);
	if (g.first == 1 && g.last == tr->nsteps)
		snprintf(sub + strlen(sub), sizeof(sub) - strlen(sub), "%zu step%s", g.last,
		    g.last == 1 ? "" : "s");
	else
		snprintf(sub + strlen(sub), sizeof(sub) - strlen(sub), "steps %zu-%zu of %zu",
		    g.first, g.last, tr->nsteps);
	title = shorten(sub, chars_fitting(l->width - 2 * MARGIN, 15));
	put(&g, "</text>\n<text x=\"%d\" y=\"70\" font-size=\"15\" fill=\"%s\">", MARGIN,
	    g.pal->muted);
	put_text(&g, title);
	put(&g, "</text>\n");
	free(title);
	draw_rows(&g);
	draw_footer(&g, l->rows_bottom);
	put(&g, "</svg>\n");
	walk_end(&g.walk);
	trace_lanes_free(&g.lanes);
}
