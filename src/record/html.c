/* html.c - the run as a self-contained interactive handout.
 *
 * The page is complete without its script: the threads' source, the
 * state after the last step, the step table and the verdict are plain
 * HTML, so it prints and reads with scripting off.  The script adds the
 * stepping: it reads the state after every step from a JSON block (a
 * <script type="application/json">, which the browser never runs), marks
 * each thread's next line and the line the step ran, and shows the values,
 * the primitives and, at the last step, the verdict.  The JSON carries only
 * what changed from one step to the next, so a long run stays small.
 *
 * Nothing is fetched: no external script, style, font or image, and a
 * Content-Security-Policy that forbids fetching anything says so to the
 * browser.  Every text from the scenario goes through util/escape.h: as
 * HTML text, or as JSON escaped for a script element, so that a title of
 * "</script>" stays a title.
 */
#include "config.h"

#include "record/export.h"

#include <stdlib.h>
#include <string.h>

#include "record/export_internal.h"
#include "record/walk.h"
#include "trace/report.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The page's behaviour.  ES5, no libraries; ids are the ones html.c writes. */
static const char page_script[] =
    "(function () {\n"
    "'use strict';\n"
    "var run = JSON.parse(document.getElementById('lockstep-run').textContent);\n"
    "var lo = run.first - 1, hi = run.last, at = lo;\n"
    "var n = run.threads.length, threads = [], values = [], prims = [];\n"
    "function el(id) { return document.getElementById(id); }\n"
    "/* each state lists what changed; make them whole */\n"
    "run.states.forEach(function (s, i) {\n"
    "  var t = i ? threads[i - 1].slice() : [], v = i ? values[i - 1].slice() : [],\n"
    "      p = i ? prims[i - 1].slice() : [];\n"
    "  s.t.forEach(function (d) { t[d[0]] = d.slice(1); });\n"
    "  s.v.forEach(function (d) { v[d[0]] = d[1]; });\n"
    "  s.p.forEach(function (d) { p[d[0]] = d[1]; });\n"
    "  threads.push(t); values.push(v); prims.push(p);\n"
    "});\n"
    "function unmark(cls) {\n"
    "  var l = document.querySelectorAll('.' + cls), i;\n"
    "  for (i = 0; i < l.length; i++) l[i].classList.remove(cls);\n"
    "}\n"
    "function fill(prefix, now, before) {\n"
    "  now.forEach(function (text, i) {\n"
    "    var e = el(prefix + i);\n"
    "    if (!e) return;\n"
    "    e.textContent = text;\n"
    "    if (before && before[i] !== text) e.classList.add('changed');\n"
    "  });\n"
    "}\n"
    "function line(t, no) { return el('g' + run.groups[t] + '-' + no) || el('d-' + no); }\n"
    "function show(k) {\n"
    "  var i, t, s, ln, m, marks = document.querySelectorAll('.marks');\n"
    "  if (isNaN(k)) return;\n"
    "  at = k = Math.max(lo, Math.min(hi, k));\n"
    "  i = k - lo;\n"
    "  unmark('next'); unmark('ran'); unmark('cur'); unmark('changed');\n"
    "  for (t = 0; t < marks.length; t++) marks[t].textContent = '';\n"
    "  el('now').textContent = k;\n"
    "  for (t = 0; t < n; t++) {\n"
    "    s = threads[i][t];\n"
    "    el('ts' + t).textContent = s[2];\n"
    "    el('ts' + t).className = 'state s' + s[0];\n"
    "    ln = (s[0] === 1 || s[0] === 2) ? line(t, s[1]) : null;\n"
    "    if (!ln) continue;\n"
    "    ln.classList.add('next');\n"
    "    m = document.createElement('span');\n"
    "    m.className = 'mark t' + (t % 6);\n"
    "    m.textContent = ' \\u25c0 ' + run.threads[t] + (s[0] === 2 ? ' (blocked)' : '');\n"
    "    ln.querySelector('.marks').appendChild(m);\n"
    "  }\n"
    "  if (k >= run.first) {\n"
    "    s = run.steps[k - run.first];\n"
    "    ln = line(s[0], s[1]);\n"
    "    if (ln) ln.classList.add('ran');\n"
    "    el('s' + k).classList.add('cur');\n"
    "    el('what').textContent = 'step ' + k + ': ' + run.threads[s[0]] + ' ' + s[3]"
    " + (s[2] ? '  (in a data race)' : '');\n"
    "  } else {\n"
    "    el('what').textContent = k === 0 ? 'before the first step' : 'after step ' + k;\n"
    "  }\n"
    "  s = k >= run.first ? run.steps[k - run.first] : null;\n"
    "  el('caption').textContent = s && s[4] !== null ? s[4] : '';\n"
    "  el('caption').hidden = !s || s[4] === null;\n"
    "  fill('v', values[i], i ? values[i - 1] : null);\n"
    "  fill('p', prims[i], i ? prims[i - 1] : null);\n"
    "  el('verdict').hidden = k !== hi;\n"
    "  el('home').disabled = el('prev').disabled = k === lo;\n"
    "  el('next').disabled = el('end').disabled = k === hi;\n"
    "  try { history.replaceState(null, '', '#step=' + k); } catch (e) { }\n"
    "}\n"
    "/* #step=N or #step=end, or null */\n"
    "function hashStep() {\n"
    "  var m = /step=(\\d+|end)/.exec(location.hash);\n"
    "  return m ? (m[1] === 'end' ? hi : parseInt(m[1], 10)) : null;\n"
    "}\n"
    "function fromHash() { var k = hashStep(); if (k !== null) show(k); }\n"
    "document.addEventListener('keydown', function (e) {\n"
    "  if (e.altKey || e.ctrlKey || e.metaKey) return;\n"
    "  switch (e.key) {\n"
    "  case 'ArrowRight': show(at + 1); break;\n"
    "  case 'ArrowLeft': show(at - 1); break;\n"
    "  case 'Home': show(lo); break;\n"
    "  case 'End': show(hi); break;\n"
    "  default: return;\n"
    "  }\n"
    "  e.preventDefault();\n"
    "});\n"
    "el('home').onclick = function () { show(lo); };\n"
    "el('prev').onclick = function () { show(at - 1); };\n"
    "el('next').onclick = function () { show(at + 1); };\n"
    "el('end').onclick = function () { show(hi); };\n"
    "Array.prototype.forEach.call(document.querySelectorAll('tr[data-step]'),\n"
    "  function (r) { r.onclick = function () { show(+r.getAttribute('data-step')); }; });\n"
    "window.addEventListener('hashchange', fromHash);\n"
    "document.body.classList.add('stepping');\n"
    "show(hashStep() === null ? lo : hashStep());\n"
    "})();\n";

static void
put_css(FILE *out, const struct export_palette *p)
{
	size_t t;

	fprintf(out, ":root { color-scheme: %s; --bg: %s; --panel: %s; --fg: %s; "
	    "--muted: %s; --grid: %s; --blocked: %s; --held: %s; --race: %s; --ok: %s; "
	    "--hl: %s; }\n", p->scheme, p->background, p->panel, p->text, p->muted, p->grid,
	    p->blocked, p->held, p->race, p->ok, p->highlight);
	for (t = 0; t < TRACE_HUES; t++)
		fprintf(out, ".t%zu { color: %s; }\n", t, p->threads[t]);
	fputs("body { background: var(--bg); color: var(--fg); font-family: sans-serif; "
	    "margin: 1.5em 2em; }\n"
	    "h1 { margin-bottom: 0.1em; } h2 { font-size: 1.1em; margin: 0.8em 0 0.3em; }\n"
	    ".sub, .hint { color: var(--muted); }\n"
	    "pre, code, table.steps, .state, #what { font-family: monospace; }\n"
	    "pre.about { background: var(--panel); padding: 0.8em; }\n"
	    "#controls { position: sticky; top: 0; background: var(--bg); padding: 0.5em 0; "
	    "display: none; gap: 0.5em; align-items: center; flex-wrap: wrap; }\n"
	    "body.stepping #controls { display: flex; }\n"
	    "button { font-size: 1em; padding: 0.2em 0.8em; }\n"
	    "#where { font-weight: bold; min-width: 9em; text-align: center; }\n"
	    "#what { margin: 0.2em 0 0.6em; }\n"
	    "#caption { font-size: 1.15em; font-style: italic; margin: 0 0 0.6em; }\n"
	    "td.caption { font-style: italic; }\n"
	    ".run { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }\n"
	    ".thread, .shared { background: var(--panel); padding: 0.5em 0.8em; }\n"
	    ".thread h2 { margin-top: 0; }\n"
	    ".members { list-style: none; padding: 0; margin: 0 0 0.4em; }\n"
	    ".state.s2, .state.s5 { color: var(--race); }\n"
	    ".state.s3, .state.s4, .state.s0 { color: var(--muted); }\n"
	    "pre.src { margin: 0; }\n"
	    ".line { display: block; padding-right: 0.5em; }\n"
	    ".line .no { color: var(--muted); display: inline-block; width: 3.5em; }\n"
	    ".line.next { background: var(--hl); }\n"
	    ".line.ran { outline: 2px solid var(--muted); }\n"
	    ".mark { font-weight: bold; }\n"
	    ".shared ul { list-style: none; padding: 0; margin: 0; font-family: monospace; }\n"
	    ".changed { background: var(--hl); font-weight: bold; }\n"
	    "table.steps { border-collapse: collapse; margin-top: 0.5em; }\n"
	    "table.steps th, table.steps td { border: 1px solid var(--grid); "
	    "padding: 0.15em 0.6em; text-align: left; }\n"
	    "table.steps td.step { color: var(--muted); text-align: right; }\n"
	    "table.steps td.race { outline: 2px solid var(--race); }\n"
	    "body.stepping table.steps tr[data-step] { cursor: pointer; }\n"
	    "tr.cur { background: var(--hl); }\n"
	    ".bad { color: var(--race); font-weight: bold; }\n"
	    ".ok { color: var(--ok); font-weight: bold; }\n"
	    "#verdict { font-size: 1.15em; }\n"
	    "@media print { #controls { display: none !important; } "
	    "#verdict[hidden] { display: block !important; } }\n", out);
}

/* Source lines first to last, each a span with its id (prefix, line). */
static void
put_lines(FILE *out, const struct lang_program *prog, const char *prefix, unsigned first,
    unsigned last)
{
	unsigned no;

	for (no = first; no >= 1 && no <= last; no++) {
		size_t len;
		const char *s = lang_source_line(prog->source, no, &len);
		char *copy = xstrndup(s != NULL ? s : "", s != NULL ? len : 0);

		fprintf(out, "<span class=\"line\" id=\"%s%u\"><span class=\"no\">%u</span>",
		    prefix, no, no);
		export_put_xml(out, copy);
		fputs("<span class=\"marks\"></span></span>", out);
		free(copy);
	}
}

/* One section per function: its source, where a thread inside a call of
 * it is marked (line ids d-LINE: a line is in one function only). */
static void
put_functions(FILE *out, const struct lang_program *prog)
{
	size_t i;

	for (i = 0; i < prog->nfunctions; i++) {
		const struct lang_function *fn = &prog->functions[i];

		fputs("<div class=\"thread\">\n<h2>def ", out);
		export_put_xml(out, fn->name);
		fputs("</h2>\n<pre class=\"src\">", out);
		put_lines(out, prog, "d-", fn->first_line, fn->last_line);
		fputs("</pre>\n</div>\n", out);
	}
}

/* One section per thread definition (a group shows its code once): the
 * members with their state, the block's source lines; then the functions. */
static void
put_threads(FILE *out, struct walk *w)
{
	const struct lang_program *prog = w->tr->prog;
	char text[600], prefix[32];
	size_t g, t;

	for (g = 0; g < prog->ngroups; g++) {
		const struct lang_group *gr = &prog->groups[g];

		fprintf(out, "<div class=\"thread\" id=\"g%zu\">\n<h2>%s", g,
		    gr->is_main ? "" : gr->daemon ? "daemon thread" : "thread");
		/* a .py file's group is Thread objects the compiler gathered
		 * under a name of its own: the members say who they are */
		if (prog->python && !gr->is_main) {
			fputs(gr->count > 1 ? "s" : "", out);
		} else {
			fputs(gr->is_main ? "" : " ", out);
			export_put_xml(out, gr->name);
			if (gr->count > 1)
				fprintf(out, "[%d]", gr->count);
		}
		fputs("</h2>\n<ul class=\"members\">\n", out);
		for (t = 0; t < prog->nthreads; t++) {
			if (prog->threads[t].group != (int)g)
				continue;
			export_thread_text(w, (int)t, text, sizeof(text));
			fprintf(out, "<li><b class=\"t%d\">", (int)trace_thread_hue((int)t));
			export_put_xml(out, prog->threads[t].name);
			fprintf(out, "</b> <span class=\"state s%d\" id=\"ts%zu\">",
			    (int)walk_thread_state(w, (int)t), t);
			export_put_xml(out, text);
			fputs("</span></li>\n", out);
		}
		fputs("</ul>\n<pre class=\"src\">", out);
		snprintf(prefix, sizeof(prefix), "g%zu-", g);
		/* a Python module's main has no header line: its first_line is 0 */
		put_lines(out, prog, prefix, gr->first_line > 0 ? gr->first_line : 1,
		    gr->last_line);
		fputs("</pre>\n</div>\n", out);
	}
	put_functions(out, prog);
}

/* The values and the primitives at the walk's state, as lists whose items
 * the script refills. */
static void
put_state(FILE *out, struct walk *w)
{
	const struct trace *tr = w->tr;
	char text[1000], name[96];
	size_t i, k = 0;

	fputs("<div class=\"shared\">\n<h2>shared values</h2>\n<ul id=\"values\">\n", out);
	for (i = 0; i < tr->prog->nshared; i++)
		if (export_shared_text(w, i, text, sizeof(text))) {
			fprintf(out, "<li id=\"v%zu\">", k++);
			export_put_xml(out, text);
			fputs("</li>\n", out);
		}
	fputs("</ul>\n", out);
	if (model_nprims(tr->model) > 0)
		fputs("<h2>locks and primitives</h2>\n<ul id=\"prims\">\n", out);
	for (i = 0; i < model_nprims(tr->model); i++) {
		model_prim_name(tr->model, (int)i, name, sizeof(name));
		walk_prim_text(w, (int)i, text, sizeof(text));
		fprintf(out, "<li id=\"p%zu\">", i);
		export_put_xml(out, name);
		fputs(": ", out);
		export_put_xml(out, text);
		fputs("</li>\n", out);
	}
	if (model_nprims(tr->model) > 0)
		fputs("</ul>\n", out);
	fputs("</div>\n", out);
}

static bool
step_races(const struct trace *tr, size_t step)
{
	size_t r;

	for (r = 0; r < tr->nraces; r++)
		if (tr->races[r].first_step == step || tr->races[r].second_step == step)
			return true;
	return false;
}

/* The step table, with a column of the tour's captions when the run took
 * a tour. */
static void
put_table(FILE *out, const struct trace *tr, const struct export_options *opt,
    size_t first, size_t last)
{
	const struct lang_program *prog = tr->prog;
	bool captions = opt != NULL && opt->tour != NULL;
	char label[400];
	size_t i, t;

	fputs("<h2>steps</h2>\n<table class=\"steps\">\n<tr><th>step</th>", out);
	for (t = 0; t < prog->nthreads; t++) {
		fprintf(out, "<th class=\"t%d\">", (int)trace_thread_hue((int)t));
		export_put_xml(out, prog->threads[t].name);
		fputs("</th>", out);
	}
	if (captions) {
		fputs("<th>tour &ldquo;", out);
		export_put_xml(out, opt->tour->name);
		fputs("&rdquo;</th>", out);
	}
	fputs("</tr>\n", out);
	for (i = first; i >= 1 && i <= last; i++) {
		const struct trace_step *s = &tr->steps[i - 1];

		trace_step_label(tr, s, label, sizeof(label));
		fprintf(out, "<tr id=\"s%zu\" data-step=\"%zu\"><td class=\"step\">%zu</td>", i,
		    i, i);
		for (t = 0; t < prog->nthreads; t++) {
			if ((int)t != s->thread) {
				fputs("<td></td>", out);
				continue;
			}
			fprintf(out, "<td class=\"t%d%s\">", (int)trace_thread_hue((int)t),
			    step_races(tr, i) ? " race" : "");
			export_put_xml(out, label);
			fputs("</td>", out);
		}
		if (captions) {
			fputs("<td class=\"caption\">", out);
			if (export_caption(opt, i) != NULL)
				export_put_xml(out, export_caption(opt, i));
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* ---- the JSON the script reads ---- */

/* What the page shows of one state: each thread's state, line and words,
 * the values and the primitives. */
struct texts {
	int *state, *line;
	char **thread, **value, **prim;
	size_t nthread, nvalue, nprim;
};

static void
texts_take(struct texts *x, struct walk *w)
{
	const struct trace *tr = w->tr;
	char text[1000], name[96];
	size_t i, k = 0;

	x->nthread = tr->prog->nthreads;
	x->nprim = model_nprims(tr->model);
	x->state = xcalloc(x->nthread + 1, sizeof(int));
	x->line = xcalloc(x->nthread + 1, sizeof(int));
	x->thread = xcalloc(x->nthread + 1, sizeof(char *));
	x->value = xcalloc(tr->prog->nshared + 1, sizeof(char *));
	x->prim = xcalloc(x->nprim + 1, sizeof(char *));
	for (i = 0; i < x->nthread; i++) {
		export_thread_text(w, (int)i, text, sizeof(text));
		x->state[i] = (int)walk_thread_state(w, (int)i);
		x->line[i] = model_thread(w->st, (int)i)->pending.line;
		x->thread[i] = xstrdup(text);
	}
	for (i = 0; i < tr->prog->nshared; i++)
		if (export_shared_text(w, i, text, sizeof(text)))
			x->value[k++] = xstrdup(text);
	x->nvalue = k;
	for (i = 0; i < x->nprim; i++) {
		model_prim_name(tr->model, (int)i, name, sizeof(name));
		walk_prim_text(w, (int)i, text, sizeof(text));
		x->prim[i] = xasprintf("%s: %s", name, text);
	}
}

static void
texts_free(struct texts *x)
{
	size_t i;

	for (i = 0; i < x->nthread; i++)
		free(x->thread[i]);
	for (i = 0; i < x->nvalue; i++)
		free(x->value[i]);
	for (i = 0; i < x->nprim; i++)
		free(x->prim[i]);
	free(x->state);
	free(x->line);
	free(x->thread);
	free(x->value);
	free(x->prim);
	memset(x, 0, sizeof(*x));
}

/* [[i, text], ...]: the texts that differ from before (all without one). */
static void
json_changed(struct strbuf *js, char **now, char **before, size_t count)
{
	size_t i;
	bool any = false;

	strbuf_putc(js, '[');
	for (i = 0; i < count; i++) {
		if (before != NULL && strcmp(now[i], before[i]) == 0)
			continue;
		strbuf_printf(js, "%s[%zu, ", any ? ", " : "", i);
		escape_script_json_string(js, now[i]);
		strbuf_putc(js, ']');
		any = true;
	}
	strbuf_putc(js, ']');
}

/* {"t": [[thread, state, line, text]...], "v": [[i, text]...], "p": ...}:
 * what differs from before (everything when before is NULL). */
static void
json_state(struct strbuf *js, const struct texts *now, const struct texts *before)
{
	size_t i;
	bool any = false;

	strbuf_puts(js, "{\"t\": [");
	for (i = 0; i < now->nthread; i++) {
		if (before != NULL && now->state[i] == before->state[i] &&
		    now->line[i] == before->line[i] &&
		    strcmp(now->thread[i], before->thread[i]) == 0)
			continue;
		strbuf_printf(js, "%s[%zu, %d, %d, ", any ? ", " : "", i, now->state[i],
		    now->line[i]);
		escape_script_json_string(js, now->thread[i]);
		strbuf_putc(js, ']');
		any = true;
	}
	strbuf_puts(js, "], \"v\": ");
	json_changed(js, now->value, before ? before->value : NULL, now->nvalue);
	strbuf_puts(js, ", \"p\": ");
	json_changed(js, now->prim, before ? before->prim : NULL, now->nprim);
	strbuf_putc(js, '}');
}

/* The whole JSON block; w is walked from the start to step last. */
static void
put_json(FILE *out, const struct trace *tr, const struct export_options *opt,
    struct walk *w, size_t first, size_t last)
{
	const struct lang_program *prog = tr->prog;
	struct strbuf js = { 0 };
	struct texts before = { 0 }, now = { 0 };
	char label[400], verdict[900];
	size_t i;

	strbuf_printf(&js, "{\"first\": %zu, \"last\": %zu, \"total\": %zu,\n"
	    "\"threads\": [", first, last, tr->nsteps);
	for (i = 0; i < prog->nthreads; i++) {
		strbuf_puts(&js, i ? ", " : "");
		escape_script_json_string(&js, prog->threads[i].name);
	}
	strbuf_puts(&js, "],\n\"groups\": [");
	for (i = 0; i < prog->nthreads; i++)
		strbuf_printf(&js, "%s%d", i ? ", " : "", prog->threads[i].group);
	strbuf_puts(&js, "],\n\"steps\": [");
	for (i = first; i >= 1 && i <= last; i++) {
		const struct trace_step *s = &tr->steps[i - 1];

		trace_step_label(tr, s, label, sizeof(label));
		strbuf_printf(&js, "%s\n[%d, %d, %d, ", i > first ? "," : "", s->thread, s->line,
		    step_races(tr, i));
		escape_script_json_string(&js, label);
		strbuf_puts(&js, ", ");
		if (export_caption(opt, i) != NULL)
			escape_script_json_string(&js, export_caption(opt, i));
		else
			strbuf_puts(&js, "null");
		strbuf_putc(&js, ']');
	}
	export_verdict_text(tr, last, verdict, sizeof(verdict));
	strbuf_puts(&js, "],\n\"verdict\": ");
	escape_script_json_string(&js, verdict);
	strbuf_puts(&js, ",\n\"states\": [");
	fputs(strbuf_str(&js), out);
	strbuf_reset(&js);
	/* the state after step first - 1, then after each step shown */
	walk_begin(w, tr);
	while (w->done + 1 < first && walk_next(w))
		;
	for (i = first - 1; ; i++) {
		texts_take(&now, w);
		json_state(&js, &now, i + 1 == first ? NULL : &before);
		fputs(strbuf_str(&js), out);
		strbuf_reset(&js);
		texts_free(&before);
		before = now;
		memset(&now, 0, sizeof(now));
		if (i >= last || !walk_next(w))
			break;
		fputs(",\n", out);
	}
	texts_free(&before);
	fputs("]}", out);
	strbuf_free(&js);
}

void
export_html(const struct trace *tr, const char *scenario, const struct export_options *opt,
    FILE *out)
{
	const struct lang_program *prog = tr->prog;
	const struct export_palette *pal = export_palette(opt != NULL ? opt->theme :
	    EXPORT_THEME_LIGHT);
	const char *title = prog->title[0] ? prog->title : scenario;
	struct walk w;
	size_t first, last;
	char err[200], verdict[900];

	if (!export_steps(tr, opt, &first, &last, err, sizeof(err)))
		export_steps(tr, NULL, &first, &last, err, sizeof(err));
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>", out);
	export_put_xml(out, title);
	fputs("</title>\n<style>\n", out);
	put_css(out, pal);
	fputs("</style>\n</head>\n<body>\n<h1>", out);
	export_put_xml(out, title);
	fputs("</h1>\n<p class=\"sub\">", out);
	export_put_xml(out, scenario);
	fputs(" &mdash; policy ", out);
	export_put_xml(out, tr->policy);
	fprintf(out, ", seed %llu, ", (unsigned long long)tr->seed);
	if (first <= 1 && last == tr->nsteps)
		fprintf(out, "%zu step%s</p>\n", last, last == 1 ? "" : "s");
	else
		fprintf(out, "steps %zu-%zu of %zu</p>\n", first, last, tr->nsteps);
	if (prog->about[0] != '\0') {
		fputs("<pre class=\"about\">", out);
		export_put_xml(out, prog->about);
		fputs("</pre>\n", out);
	}
	fprintf(out, "<div id=\"controls\" role=\"navigation\" aria-label=\"stepping\">\n"
	    "<button type=\"button\" id=\"home\" title=\"Home\">&laquo; start</button>\n"
	    "<button type=\"button\" id=\"prev\" title=\"left arrow\">&#x25c0; back</button>\n"
	    "<span id=\"where\">step <span id=\"now\">%zu</span> of %zu</span>\n"
	    "<button type=\"button\" id=\"next\" title=\"right arrow\">next &#x25b6;</button>\n"
	    "<button type=\"button\" id=\"end\" title=\"End\">end &raquo;</button>\n"
	    "<span class=\"hint\">keys: &larr; &rarr; Home End</span>\n</div>\n"
	    "<p id=\"what\"></p>\n<p id=\"caption\" hidden></p>\n"
	    "<div class=\"run\">\n", last, last);
	/* the page without its script shows the state after the last step */
	walk_begin(&w, tr);
	while (w.done < last && walk_next(&w))
		;
	put_threads(out, &w);
	put_state(out, &w);
	walk_end(&w);
	fputs("</div>\n", out);
	export_verdict_text(tr, last, verdict, sizeof(verdict));
	fprintf(out, "<p id=\"verdict\" class=\"%s\">", tr->verdict.kind == MODEL_OK ? "ok" :
	    "bad");
	export_put_xml(out, verdict);
	fputs("</p>\n", out);
	put_table(out, tr, opt, first, last);
	if (tr->nraces > 0) {
		size_t i;
		char race[700];

		fputs("<h2>data races</h2>\n<ul>\n", out);
		for (i = 0; i < tr->nraces; i++) {
			report_race_text(tr, &tr->races[i], race, sizeof(race));
			fputs("<li class=\"bad\">", out);
			export_put_xml(out, race);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("<script type=\"application/json\" id=\"lockstep-run\">\n", out);
	put_json(out, tr, opt, &w, first, last);
	walk_end(&w);
	fprintf(out, "\n</script>\n<script>\n%s</script>\n</body>\n</html>\n", page_script);
}
