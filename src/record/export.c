/* export.c - what the picture and the handout share: options, palettes,
 * the run's state in words. */
#include "config.h"

#include "record/export.h"

#include <string.h>

#include "record/export_internal.h"
#include "trace/lanes.h"
#include "trace/report.h"
#include "util/escape.h"
#include "util/strbuf.h"

static const struct export_palette palettes[] = {
	[EXPORT_THEME_LIGHT] = {
		.background = "#ffffff", .panel = "#f4f4f4", .text = "#1a1a1a",
		.muted = "#5c5c5c", .grid = "#c8c8c8", .blocked = "#e58e8e",
		.held = "#d9a400", .race = "#cc2020", .ok = "#237a23",
		.highlight = "#fff2b3", .box_opacity = "0.16", .scheme = "light",
		.threads = {
			[TRACE_HUE_CYAN] = "#007f7f", [TRACE_HUE_MAGENTA] = "#a000a0",
			[TRACE_HUE_YELLOW] = "#8f6a00", [TRACE_HUE_GREEN] = "#237a23",
			[TRACE_HUE_BLUE] = "#2456c8", [TRACE_HUE_RED] = "#c02626",
		},
	},
	[EXPORT_THEME_DARK] = {
		.background = "#17191e", .panel = "#22252c", .text = "#ececec",
		.muted = "#a8a8a8", .grid = "#4a4f5a", .blocked = "#b04848",
		.held = "#e6b422", .race = "#ff5c5c", .ok = "#62d162",
		.highlight = "#4a4220", .box_opacity = "0.22", .scheme = "dark",
		.threads = {
			[TRACE_HUE_CYAN] = "#3fd4d4", [TRACE_HUE_MAGENTA] = "#e27ce2",
			[TRACE_HUE_YELLOW] = "#e6c24a", [TRACE_HUE_GREEN] = "#62d162",
			[TRACE_HUE_BLUE] = "#7aa2ff", [TRACE_HUE_RED] = "#ff7a7a",
		},
	},
};

bool
export_theme_by_name(const char *name, enum export_theme *theme)
{
	if (strcmp(name, "light") == 0)
		*theme = EXPORT_THEME_LIGHT;
	else if (strcmp(name, "dark") == 0)
		*theme = EXPORT_THEME_DARK;
	else
		return false;
	return true;
}

const char *
export_caption(const struct export_options *opt, size_t i)
{
	if (opt == NULL || opt->tour == NULL || i < 1 || i > opt->tour->nsteps)
		return NULL;
	return opt->tour->steps[i - 1].caption;
}

bool
export_steps(const struct trace *tr, const struct export_options *opt, size_t *first,
    size_t *last, char *err, size_t errsize)
{
	/* the steps both the table (tr->steps) and the model replay can show */
	size_t have = tr->schedule.count;

	if (tr->steps == NULL)
		have = 0;
	else if (have > tr->nsteps)
		have = tr->nsteps;
	if (have > TRACE_MAX_STEPS)
		have = TRACE_MAX_STEPS;
	if (opt == NULL || (opt->first == 0 && opt->last == 0)) {
		*first = 1;
		*last = have;	/* below first for a run of no steps */
		return true;
	}
	if (opt->first < 1 || opt->first > opt->last || opt->last > have) {
		snprintf(err, errsize, "the steps %zu-%zu are not in the run, which has %zu "
		    "step%s", opt->first, opt->last, have, have == 1 ? "" : "s");
		return false;
	}
	*first = opt->first;
	*last = opt->last;
	return true;
}

const struct export_palette *
export_palette(enum export_theme theme)
{
	return &palettes[theme];
}

const char *
export_thread_colour(const struct export_palette *p, int thread)
{
	return p->threads[trace_thread_hue(thread)];
}

void
export_verdict_text(const struct trace *tr, size_t last, char *buf, size_t size)
{
	int n = 0;

	if (tr->verdict.kind == MODEL_RUNNING) {
		snprintf(buf, size, "no verdict yet: the run goes on after step %zu",
		    tr->nsteps);
		return;
	}
	if (last < tr->nsteps || tr->truncated)
		n = snprintf(buf, size, "the run goes on to step %zu; ", tr->nsteps);
	if (n < 0 || (size_t)n >= size)
		return;
	n += snprintf(buf + n, size - (size_t)n, "verdict: ");
	if ((size_t)n < size)
		report_verdict_text(tr->prog, &tr->verdict, buf + n, size - (size_t)n);
}

bool
export_shared_text(const struct walk *w, size_t shared, char *buf, size_t size)
{
	const struct model *m = w->tr->model;
	const struct lang_shared *s = &w->tr->prog->shared[shared];
	int base = model_element_of(m, (int)shared, 0), e;
	struct strbuf sb = { 0 };
	char v[300];

	/* a constant (no thread writes it) is no news at any step */
	if (base < 0 || s->constant)
		return false;
	strbuf_printf(&sb, "%s = ", s->name);
	if (s->kind == LANG_SHARED_ARRAY)
		strbuf_putc(&sb, '[');
	for (e = 0; e < s->length; e++) {
		model_value_format(model_strings(m), model_element_value(w->st, base + e), v,
		    sizeof(v));
		strbuf_printf(&sb, "%s%s", e ? ", " : "", v);
	}
	if (s->kind == LANG_SHARED_ARRAY)
		strbuf_putc(&sb, ']');
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	return true;
}

void
export_thread_text(const struct walk *w, int t, char *buf, size_t size)
{
	enum walk_thread_state state = walk_thread_state(w, t);
	int line = model_thread(w->st, t)->pending.line;
	char reason[300];

	switch (state) {
	case WALK_RUNNABLE:
		if (model_exit_pending(w->st) == t)
			snprintf(buf, size, "runnable, next: the exit, which stops the daemons");
		else
			snprintf(buf, size, "runnable, next: line %d", line);
		return;
	case WALK_BLOCKED:
		model_blocked_reason(w->st, t, reason, sizeof(reason));
		snprintf(buf, size, "blocked at line %d: %s", line, reason);
		return;
	case WALK_DIED:
		snprintf(buf, size, "died at line %d: %s", model_thread(w->st, t)->pending.line,
		    model_thread_raised(w->st, t));
		return;
	case WALK_NOT_STARTED:
	case WALK_FINISHED:
	case WALK_STOPPED:
		snprintf(buf, size, "%s", walk_thread_state_name(state));
		return;
	}
}

void
export_put_xml(FILE *out, const char *s)
{
	struct strbuf sb = { 0 };

	escape_xml(&sb, s);
	fputs(strbuf_str(&sb), out);
	strbuf_free(&sb);
}
