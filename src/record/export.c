#include "config.h"

#include "record/export.h"

#include <stdlib.h>
#include <string.h>

#include "engine/policy.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The TUI's thread colours (theme.c), as CSS colours. */
static const char *const thread_colours[] = {
	"#00a5a5", "#b000b0", "#b58900", "#2e9a2e", "#2f5fd0", "#d03030",
};
#define NCOLOURS (sizeof(thread_colours) / sizeof(thread_colours[0]))

enum lane { LANE_ABSENT, LANE_RAN, LANE_READY, LANE_BLOCKED };

struct lanes {
	unsigned char *kind;	/* nsteps x nthreads: enum lane */
	unsigned char *holds;	/* nsteps x nthreads: holds a lock */
	unsigned char *race;	/* nsteps: the step races */
};

/* Replay the schedule on the model alone, noting each lane before each step. */
static void
compute_lanes(const struct trace *tr, struct lanes *l)
{
	const struct model *m = tr->model;
	size_t n = model_nthreads(m), steps = tr->schedule.count, i, t;
	struct model_frame **frames = xcalloc(n ? n : 1, sizeof(*frames));
	struct model_state *st = model_state_new(m, tr->max_steps > 0 ? tr->max_steps :
	    MODEL_MAX_STEPS_LIMIT);

	l->kind = xcalloc(steps * n + 1, 1);
	l->holds = xcalloc(steps * n + 1, 1);
	l->race = xcalloc(steps + 1, 1);
	for (t = 0; t < n; t++)
		frames[t] = xmalloc(model_frame_size(m, (int)t));
	model_state_begin(st, frames);
	for (i = 0; i < steps && model_verdict(st)->kind == MODEL_RUNNING; i++) {
		const struct schedule_entry *e = &tr->schedule.entries[i];

		for (t = 0; t < n; t++) {
			const struct model_thread *th = model_thread(st, (int)t);

			if ((int)t == e->thread)
				l->kind[i * n + t] = LANE_RAN;
			else if (th->status == MODEL_T_ALIVE)
				l->kind[i * n + t] = model_enabled(st, (int)t) ? LANE_READY :
				    LANE_BLOCKED;
			l->holds[i * n + t] = th->status == MODEL_T_ALIVE &&
			    model_holds_lock(st, (int)t);
		}
		if (!model_enabled(st, e->thread))
			break;
		model_step(st, frames, e->thread, e->choice, NULL);
	}
	for (i = 0; i < tr->nraces; i++) {
		const struct model_race *r = &tr->races[i];

		if (r->first_step >= 1 && r->first_step <= steps)
			l->race[r->first_step - 1] = 1;
		if (r->second_step >= 1 && r->second_step <= steps)
			l->race[r->second_step - 1] = 1;
	}
	for (t = 0; t < n; t++)
		free(frames[t]);
	free(frames);
	model_state_free(st);
}

static void
xml_text(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n')
				fputc(*s, out);
		}
	}
}

static void
verdict_line(const struct trace *tr, char *buf, size_t size)
{
	if (tr->verdict.kind == MODEL_OK)
		snprintf(buf, size, "verdict: ok");
	else
		snprintf(buf, size, "verdict: %s: %s", trace_verdict_name(tr->verdict.kind),
		    tr->verdict.message);
}

#define STEP_W 176		/* one step's column */
#define LANE_H 56
#define NAME_W 150
#define TOP 70

void
export_svg(const struct trace *tr, const char *scenario, FILE *out)
{
	const struct lang_program *prog = tr->prog;
	size_t n = prog->nthreads, steps = tr->schedule.count, i, t;
	struct lanes l;
	char label[400], verdict[700];
	int width = NAME_W + (int)steps * STEP_W + 40;
	int height = TOP + (int)n * LANE_H + 110;

	compute_lanes(tr, &l);
	if (width < 900)
		width = 900;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans Mono, monospace\">\n",
	    width, height, width, height);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height);
	fputs("<text x=\"20\" y=\"36\" font-size=\"24\" font-weight=\"bold\">", out);
	xml_text(out, prog->title[0] ? prog->title : scenario);
	fputs("</text>\n<text x=\"20\" y=\"58\" font-size=\"15\" fill=\"#555\">", out);
	xml_text(out, scenario);
	fprintf(out, " \xe2\x80\x94 policy %s, %zu steps</text>\n", tr->policy, steps);
	for (t = 0; t < n; t++) {
		int y = TOP + (int)t * LANE_H;
		const char *colour = thread_colours[t % NCOLOURS];

		fprintf(out, "<text x=\"20\" y=\"%d\" font-size=\"18\" font-weight=\"bold\" "
		    "fill=\"%s\">", y + 33, colour);
		xml_text(out, prog->threads[t].name);
		fputs("</text>\n", out);
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>\n",
		    NAME_W, y + LANE_H / 2, width - 20, y + LANE_H / 2);
		for (i = 0; i < steps; i++) {
			int x = NAME_W + (int)i * STEP_W;
			unsigned char kind = l.kind[i * n + t];

			if (l.holds[i * n + t])
				fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"5\" "
				    "fill=\"#e0b000\"><title>holds a lock</title></rect>\n",
				    x, y + LANE_H - 9, STEP_W);
			if (kind == LANE_BLOCKED)
				fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"10\" "
				    "fill=\"#f3c0c0\"><title>blocked</title></rect>\n", x,
				    y + LANE_H / 2 - 5, STEP_W);
			if (kind != LANE_RAN)
				continue;
			trace_step_label(tr, &tr->steps[i], label, sizeof(label));
			fprintf(out, "<g><title>step %zu: ", i + 1);
			xml_text(out, label);
			fprintf(out, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			    "rx=\"6\" fill=\"%s\" fill-opacity=\"0.18\" stroke=\"%s\" "
			    "stroke-width=\"%d\"/>\n", x + 3, y + 6, STEP_W - 6, LANE_H - 18,
			    l.race[i] ? "#d03030" : colour, l.race[i] ? "#d03030" : colour,
			    l.race[i] ? 3 : 2);
			fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\">", x + 10, y + 33);
			xml_text(out, label);
			fputs("</text>", out);
			if (l.race[i])
				fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"16\" "
				    "font-weight=\"bold\" fill=\"#d03030\">!</text>",
				    x + STEP_W - 18, y + 22);
			fputs("</g>\n", out);
		}
	}
	for (i = 0; i < steps; i++)
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#888\">%zu</text>\n",
		    NAME_W + (int)i * STEP_W + 6, TOP + (int)n * LANE_H + 14, i + 1);
	verdict_line(tr, verdict, sizeof(verdict));
	fprintf(out, "<text x=\"20\" y=\"%d\" font-size=\"18\" font-weight=\"bold\" "
	    "fill=\"%s\">", TOP + (int)n * LANE_H + 50, tr->verdict.kind == MODEL_OK ?
	    "#2e9a2e" : "#d03030");
	xml_text(out, verdict);
	fputs("</text>\n", out);
	if (tr->nraces > 0)
		fprintf(out, "<text x=\"20\" y=\"%d\" font-size=\"15\" fill=\"#d03030\">"
		    "%zu data race%s: the red boxes touch one shared variable without "
		    "ordering</text>\n", TOP + (int)n * LANE_H + 78, tr->nraces,
		    tr->nraces == 1 ? "" : "s");
	fputs("</svg>\n", out);
	free(l.kind);
	free(l.holds);
	free(l.race);
}

void
export_html(const struct trace *tr, const char *scenario, FILE *out)
{
	const struct lang_program *prog = tr->prog;
	size_t n = prog->nthreads, i, t;
	char label[400], verdict[700], name[96];

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<title>", out);
	xml_text(out, prog->title[0] ? prog->title : scenario);
	fputs("</title>\n<style>\n"
	    "body { font-family: sans-serif; margin: 2em; }\n"
	    "table { border-collapse: collapse; font-family: monospace; }\n"
	    "th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }\n"
	    "td.step { color: #888; text-align: right; }\n"
	    "td.race { outline: 2px solid #d03030; }\n"
	    ".bad { color: #d03030; font-weight: bold; }\n"
	    ".ok { color: #2e9a2e; font-weight: bold; }\n"
	    "pre { background: #f6f6f6; padding: 0.8em; }\n", out);
	for (t = 0; t < n && t < NCOLOURS; t++)
		fprintf(out, ".t%zu { color: %s; }\n", t, thread_colours[t]);
	fputs("</style>\n</head>\n<body>\n<h1>", out);
	xml_text(out, prog->title[0] ? prog->title : scenario);
	fputs("</h1>\n<p>", out);
	xml_text(out, scenario);
	fprintf(out, " &mdash; policy %s, seed %llu, %zu steps</p>\n", tr->policy,
	    (unsigned long long)tr->seed, tr->nsteps);
	if (prog->about[0] != '\0') {
		fputs("<pre>", out);
		xml_text(out, prog->about);
		fputs("</pre>\n", out);
	}
	fputs("<table>\n<tr><th>step</th>", out);
	for (t = 0; t < n; t++) {
		fprintf(out, "<th class=\"t%zu\">", t % NCOLOURS);
		xml_text(out, prog->threads[t].name);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (i = 0; tr->steps != NULL && i < tr->nsteps && i < TRACE_MAX_STEPS; i++) {
		const struct trace_step *s = &tr->steps[i];
		bool race = false;
		size_t r;

		for (r = 0; r < tr->nraces; r++)
			race |= tr->races[r].first_step == i + 1 || tr->races[r].second_step == i + 1;
		trace_step_label(tr, s, label, sizeof(label));
		fprintf(out, "<tr><td class=\"step\">%zu</td>", i + 1);
		for (t = 0; t < n; t++) {
			if ((int)t != s->thread) {
				fputs("<td></td>", out);
				continue;
			}
			fprintf(out, "<td class=\"t%zu%s\">", t % NCOLOURS, race ? " race" : "");
			xml_text(out, label);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n<h2>Shared values at the end</h2>\n<ul>\n", out);
	for (i = 0; i < model_nelements(tr->model); i++) {
		char v[300];

		if (tr->prog->shared[model_element_shared(tr->model, (int)i)].constant)
			continue;
		model_element_name(tr->model, (int)i, name, sizeof(name));
		model_value_format(model_strings(tr->model), &tr->final[i], v, sizeof(v));
		fputs("<li><code>", out);
		xml_text(out, name);
		fputs(" = ", out);
		xml_text(out, v);
		fputs("</code></li>\n", out);
	}
	fputs("</ul>\n", out);
	if (tr->nraces > 0) {
		fputs("<h2>Data races</h2>\n<ul>\n", out);
		for (i = 0; i < tr->nraces; i++) {
			const struct model_race *r = &tr->races[i];

			model_element_name(tr->model, r->element, name, sizeof(name));
			fprintf(out, "<li class=\"bad\">%s ", r->first_is_write ? "write" : "read");
			xml_text(out, name);
			fputs(" by ", out);
			xml_text(out, prog->threads[r->first_thread].name);
			fprintf(out, " (step %u) and %s by ", r->first_step, r->second_is_write ?
			    "write" : "read");
			xml_text(out, prog->threads[r->second_thread].name);
			fprintf(out, " (step %u) are not ordered</li>\n", r->second_step);
		}
		fputs("</ul>\n", out);
	}
	verdict_line(tr, verdict, sizeof(verdict));
	fprintf(out, "<p class=\"%s\">", tr->verdict.kind == MODEL_OK ? "ok" : "bad");
	xml_text(out, verdict);
	fputs("</p>\n</body>\n</html>\n", out);
}
