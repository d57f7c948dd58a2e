#include "config.h"

#include "trace/report.h"

#include <stdlib.h>
#include <string.h>

#include "model/words.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define STEP_COLUMN 6		/* "  12  " */
#define MIN_CELL 16		/* narrower than this: a list instead */

static void
fit(const char *text, int width, char *out)
{
	int len = (int)strlen(text);

	if (len <= width) {
		memcpy(out, text, (size_t)len + 1);
		return;
	}
	memcpy(out, text, (size_t)(width - 1));
	out[width - 1] = '~';
	out[width] = '\0';
}

/* The micro-operations of a step before its visible one: the local
 * instructions just before it on the same source line. */
static size_t
micro_ops(const struct trace *tr, const struct trace_step *s, char lines[][96], size_t max)
{
	const struct lang_program *prog = tr->prog;
	const struct lang_code *code = lang_code_of(prog, prog->threads[s->thread].group,
	    s->func);
	int first = s->pc;
	size_t n = 0;
	int i;

	while (first > 0 && !lang_op_is_visible(code->insns[first - 1].op) &&
	    code->insns[first - 1].op != LANG_OP_ATOMIC_BEGIN &&
	    code->insns[first - 1].loc.line == code->insns[s->pc].loc.line &&
	    !(code->insns[first].flags & LANG_IF_STMT))
		first--;
	for (i = first; i < s->pc && n < max; i++)
		lang_insn_format(prog, code, &code->insns[i], lines[n++], 96);
	return n;
}

/* One cell in its thread's column; a cell wider than the column wraps at
 * spaces onto rows of its own (a word wider than the column is cut). */
static void
print_row(FILE *out, const char *step, int column, int width, const char *cell)
{
	char line[256];
	int c;

	do {
		int len = (int)strlen(cell), take = len;

		if (len > width) {
			for (take = width; take > 0 && cell[take] != ' '; take--)
				;
			if (take == 0)
				take = width;
		}
		fit(cell, width < 255 ? width : 255, line);
		if (take < (int)strlen(line))
			line[take] = '\0';
		fprintf(out, "%4s  ", step);
		for (c = 0; c < column; c++)
			fprintf(out, "%-*s ", width, "");
		fprintf(out, "%s\n", line);
		step = "";
		cell += take;
		while (*cell == ' ')
			cell++;
	} while (*cell != '\0');
}

void
report_print_wrapped(FILE *out, const char *text, int indent, int hang, int width)
{
	int col = indent;

	fprintf(out, "%*s", indent, "");
	while (*text != '\0') {
		int word = (int)strcspn(text, " ");

		if (col > indent && col + 1 + word > width) {
			fprintf(out, "\n%*s", indent + hang, "");
			col = indent + hang;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", word, text);
		col += word;
		text += word;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

/* The tour's caption of step i, under the step's row. */
static void
print_caption(FILE *out, const struct report_options *opt, size_t i)
{
	char *line;

	if (opt->tour == NULL || i >= opt->tour->nsteps)
		return;
	line = xasprintf("> %s", opt->tour->steps[i].caption);
	fputs("      ", out);
	report_print_wrapped(out, line, 0, 8, opt->width - 8);
	free(line);
}

/* "      A writes 'ab\n'": what a print step wrote, quoted, its newline
 * as \n (a piece may be a bare newline, or text with no newline yet);
 * the text was sanitized when it was printed. */
static void
print_written(FILE *out, const char *thread, const char *text)
{
	fprintf(out, "      %s writes '", thread);
	for (; *text != '\0'; text++)
		if (*text == '\n')
			fputs("\\n", out);
		else
			fputc(*text, out);
	fputs("'\n", out);
}

static void
steps_as_columns(const struct trace *tr, const struct report_options *opt, FILE *out,
    int width)
{
	const struct lang_program *prog = tr->prog;
	int n = (int)prog->nthreads, c;
	size_t i, k;
	char label[400], micro[16][96], num[24], shown[256];

	fprintf(out, "step  ");
	for (c = 0; c < n; c++) {
		fit(prog->threads[c].name, width, shown);
		fprintf(out, "%-*s%s", c + 1 < n ? width : 0, shown, c + 1 < n ? " " : "\n");
	}
	fprintf(out, "----  ");
	for (c = 0; c < n; c++) {
		int w;

		for (w = 0; w < width; w++)
			fputc('-', out);
		fputs(c + 1 < n ? " " : "\n", out);
	}
	for (i = 0; i < tr->nsteps && i < TRACE_MAX_STEPS; i++) {
		const struct trace_step *s = &tr->steps[i];

		trace_step_label(tr, s, label, sizeof(label));
		snprintf(num, sizeof(num), "%zu", i + 1);
		if (opt->expand) {
			size_t nm = micro_ops(tr, s, micro, 16);

			for (k = 0; k < nm; k++) {
				print_row(out, k == 0 ? num : "", s->thread, width, micro[k]);
				num[0] = '\0';
			}
		}
		print_row(out, num, s->thread, width, label);
		if (s->output != NULL)
			print_written(out, prog->threads[s->thread].name, s->output);
		print_caption(out, opt, i);
	}
}

static void
steps_as_list(const struct trace *tr, const struct report_options *opt, FILE *out)
{
	const struct lang_program *prog = tr->prog;
	size_t i, k, width = 6;
	char label[400], micro[16][96];

	for (i = 0; i < prog->nthreads; i++)
		if (strlen(prog->threads[i].name) > width)
			width = strlen(prog->threads[i].name);
	fprintf(out, "step  %-*s  action\n", (int)width, "thread");
	for (i = 0; i < tr->nsteps && i < TRACE_MAX_STEPS; i++) {
		const struct trace_step *s = &tr->steps[i];

		trace_step_label(tr, s, label, sizeof(label));
		if (opt->expand) {
			size_t nm = micro_ops(tr, s, micro, 16);

			for (k = 0; k < nm; k++)
				fprintf(out, "%4s  %-*s  %s\n", "", (int)width, "", micro[k]);
		}
		fprintf(out, "%4zu  %-*s  %s\n", i + 1, (int)width,
		    prog->threads[s->thread].name, label);
		if (s->output != NULL)
			print_written(out, prog->threads[s->thread].name, s->output);
		print_caption(out, opt, i);
	}
}

void
report_lines(FILE *out, const char *label, const char *text, int indent)
{
	const char *line = text, *end;
	int width = (int)strlen(label) + 2;
	bool first = true;

	if (*line == '\0')
		fprintf(out, "%*s%s: (nothing)\n", indent, "", label);
	while (*line != '\0') {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		if (end == line && !first)
			fputc('\n', out);	/* an empty line: no trailing blanks */
		else if (first)
			fprintf(out, "%*s%s: %.*s\n", indent, "", label, (int)(end - line), line);
		else
			fprintf(out, "%*s%.*s\n", indent + width, "", (int)(end - line), line);
		first = false;
		line = *end != '\0' ? end + 1 : end;
	}
}

/* "counter = 1", "buf = [1, 2, 3]" for each shared variable. */
static void
shared_values(const struct trace *tr, FILE *out)
{
	const struct lang_program *prog = tr->prog;
	struct strbuf v = { 0 };
	size_t i;
	bool any = false;

	for (i = 0; i < prog->nshared; i++) {
		const struct lang_shared *s = &prog->shared[i];

		if (model_element_of(tr->model, (int)i, 0) < 0 || s->constant)
			continue;
		strbuf_reset(&v);
		model_shared_words(tr->model, tr->final, (int)i, 0, &v);
		fprintf(out, "%s%s = %s", any ? "\n        " : "shared: ", s->name,
		    strbuf_str(&v));
		any = true;
	}
	strbuf_free(&v);
	fputs(any ? "\n" : "shared: (none)\n", out);
}

static const char *
access_word(bool write)
{
	return write ? "writes" : "reads";
}

void
report_race_text(const struct trace *tr, const struct model_race *r, char *buf,
    size_t size)
{
	char name[96];

	model_element_name(tr->model, r->element, name, sizeof(name));
	snprintf(buf, size, "data race on %s: %s %s it at step %u (line %d) and %s %s "
	    "it at step %u (line %d), and nothing orders the two", name,
	    tr->prog->threads[r->first_thread].name, access_word(r->first_is_write),
	    r->first_step, r->first_line, tr->prog->threads[r->second_thread].name,
	    access_word(r->second_is_write), r->second_step, r->second_line);
}

void
report_verdict_text(const struct lang_program *prog, const struct model_verdict *v,
    char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s", trace_verdict_name(v->kind));

	if (v->kind != MODEL_OK && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, ": %s", v->message);
	if (v->thread >= 0 && v->line > 0 && n >= 0 && (size_t)n < size &&
	    (v->kind == MODEL_ASSERT_FAILED || v->kind == MODEL_RUNTIME_ERROR))
		snprintf(buf + n, size - (size_t)n, " (thread %s, line %d)",
		    prog->threads[v->thread].name, v->line);
}

void
report_text(const struct trace *tr, const char *scenario, const struct report_options *opt,
    FILE *out)
{
	const struct lang_program *prog = tr->prog;
	int n = (int)prog->nthreads;
	int width = n > 0 ? (opt->width - STEP_COLUMN) / n - 1 : 0;
	char race[600];
	size_t i;

	if (prog->title[0] != '\0')
		fprintf(out, "%s (%s)\n", prog->title, scenario);
	else
		fprintf(out, "%s\n", scenario);
	fprintf(out, "policy %s, seed %llu, %zu step%s\n", tr->policy,
	    (unsigned long long)tr->seed, tr->nsteps, tr->nsteps == 1 ? "" : "s");
	if (opt->tour != NULL)
		fprintf(out, "tour \"%s\", %zu step%s\n", opt->tour->name,
		    opt->tour->nsteps, opt->tour->nsteps == 1 ? "" : "s");
	fputc('\n', out);
	if (!opt->summary && tr->steps != NULL) {
		if (width >= MIN_CELL)
			steps_as_columns(tr, opt, out, width > 40 ? 40 : width);
		else
			steps_as_list(tr, opt, out);
		if (tr->truncated)
			fprintf(out, "(the %zu steps after step %d are not shown)\n",
			    tr->nsteps - TRACE_MAX_STEPS, TRACE_MAX_STEPS);
		fputc('\n', out);
	}
	shared_values(tr, out);
	if (model_prints(tr->model))
		report_lines(out, "output", tr->output != NULL ? tr->output : "", 0);
	if (tr->errors != NULL)
		report_lines(out, "stderr", tr->errors, 0);
	if (tr->nraces > 0)
		fputc('\n', out);
	for (i = 0; i < tr->nraces; i++) {
		char line[700];

		report_race_text(tr, &tr->races[i], race, sizeof(race));
		snprintf(line, sizeof(line), "warning: %s", race);
		report_print_wrapped(out, line, 0, 4, opt->width - 2);
	}
	if (tr->nraces >= MODEL_MAX_RACES)
		fprintf(out, "(at most %d data races are reported per run; there may be "
		    "more)\n", MODEL_MAX_RACES);
	fputc('\n', out);
	{
		char line[1000];

		snprintf(line, sizeof(line), "verdict: ");
		report_verdict_text(prog, &tr->verdict, line + strlen(line),
		    sizeof(line) - strlen(line));
		report_print_wrapped(out, line, 0, 4, opt->width - 2);
		report_goal_text(tr, line, sizeof(line));
		if (line[0] != '\0')
			report_print_wrapped(out, line, 0, 4, opt->width - 2);
	}
}

void
report_goal_text(const struct trace *tr, char *buf, size_t size)
{
	const struct lang_goal *goal = &tr->prog->goal;

	buf[0] = '\0';
	if (goal->kind == LANG_GOAL_NONE)
		return;
	snprintf(buf, size, "goal: %s: %s", goal->text,
	    model_goal_reached(tr->model, &tr->verdict, tr->final) ? "reached" :
	    "not reached");
}

/* ---- JSON ---- */

void
report_json_string(FILE *out, const char *s)
{
	json_write_string(out, s);
}

static void
json_value(const struct model_strings *strs, FILE *out, const struct model_value *v)
{
	switch (v->kind) {
	case MODEL_INT:
		fprintf(out, "%lld", (long long)v->i);
		break;
	case MODEL_BOOL:
		fputs(v->i ? "true" : "false", out);
		break;
	case MODEL_STR:
	case MODEL_REPR:	/* a list or tuple: its Python repr, as a string */
		report_json_string(out, model_strings_get(strs, v->i));
		break;
	default:
		fputs("null", out);
	}
}

void
report_json_shared(FILE *out, const struct model *m, const struct model_value *values)
{
	const struct lang_program *prog = model_program(m);
	const struct model_strings *strs = model_strings(m);
	size_t i;
	int k = 0, e;

	fputc('{', out);
	for (i = 0; i < prog->nshared; i++) {
		const struct lang_shared *s = &prog->shared[i];
		int base = model_element_of(m, (int)i, 0);

		if (base < 0 || s->constant)
			continue;
		fprintf(out, "%s", k++ ? ", " : "");
		report_json_string(out, s->name);
		fputs(": ", out);
		if (s->kind == LANG_SHARED_SCALAR) {
			json_value(strs, out, &values[base]);
			continue;
		}
		fputc('[', out);
		for (e = 0; e < s->length; e++) {
			fputs(e ? ", " : "", out);
			json_value(strs, out, &values[base + e]);
		}
		fputc(']', out);
	}
	fputc('}', out);
}

void
report_json_verdict(FILE *out, const struct lang_program *prog, const struct model_verdict *v)
{
	fprintf(out, "{\"kind\": \"%s\", \"message\": ", trace_verdict_name(v->kind));
	report_json_string(out, v->message);
	if (v->thread >= 0) {
		fputs(", \"thread\": ", out);
		report_json_string(out, prog->threads[v->thread].name);
	}
	if (v->line > 0)
		fprintf(out, ", \"line\": %d", v->line);
	if (v->uncaught > 0)
		fprintf(out, ", \"uncaught\": %d", v->uncaught);
	fputc('}', out);
}

static void
json_race_access(FILE *out, const struct trace *tr, int thread, uint32_t step, int line,
    bool write)
{
	fputs("{\"thread\": ", out);
	report_json_string(out, tr->prog->threads[thread].name);
	fprintf(out, ", \"step\": %u, \"line\": %d, \"access\": \"%s\"}", step, line,
	    write ? "write" : "read");
}

void
report_json(const struct trace *tr, const char *scenario, const struct report_options *opt,
    FILE *out)
{
	const struct lang_program *prog = tr->prog;
	char label[400], name[96];
	size_t i;

	fputs("{\"scenario\": ", out);
	report_json_string(out, scenario);
	fputs(", \"title\": ", out);
	report_json_string(out, prog->title);
	fputs(", \"policy\": ", out);
	report_json_string(out, tr->policy);
	fprintf(out, ", \"seed\": %llu, \"steps\": ", (unsigned long long)tr->seed);
	if (opt->summary || tr->steps == NULL) {
		fprintf(out, "%zu", tr->nsteps);
	} else {
		fputs("[", out);
		for (i = 0; i < tr->nsteps && i < TRACE_MAX_STEPS; i++) {
			const struct trace_step *s = &tr->steps[i];

			trace_step_label(tr, s, label, sizeof(label));
			fprintf(out, "%s\n  {\"step\": %zu, \"thread\": ", i ? "," : "", i + 1);
			report_json_string(out, prog->threads[s->thread].name);
			fputs(", \"action\": ", out);
			report_json_string(out, label);
			fprintf(out, ", \"line\": %d", s->line);
			if (s->func >= 0) {	/* a step inside a function call */
				fputs(", \"function\": ", out);
				report_json_string(out, prog->functions[s->func].name);
			}
			if (s->has_value) {
				fputs(", \"value\": ", out);
				json_value(model_strings(tr->model), out, &s->value);
			}
			if (s->choice != 0)
				fprintf(out, ", \"choice\": %d", s->choice);
			if (s->timed_out)
				fputs(", \"timed_out\": true", out);
			if (s->output != NULL) {
				fputs(", \"output\": ", out);
				report_json_string(out, s->output);
			}
			if (opt->tour != NULL && i < opt->tour->nsteps) {
				fputs(", \"caption\": ", out);
				report_json_string(out, opt->tour->steps[i].caption);
			}
			fputs("}", out);
		}
		fputs("\n]", out);
	}
	fputs(", \"schedule\": \"", out);
	schedule_print(&tr->schedule, prog, out);
	fputs("\", \"shared\": ", out);
	report_json_shared(out, tr->model, tr->final);
	if (model_prints(tr->model)) {
		fputs(", \"output\": ", out);
		report_json_string(out, tr->output != NULL ? tr->output : "");
	}
	if (prog->python) {
		fputs(", \"stderr\": ", out);
		report_json_string(out, tr->errors != NULL ? tr->errors : "");
	}
	fputs(", \"warnings\": [", out);
	for (i = 0; i < tr->nraces; i++) {
		const struct model_race *r = &tr->races[i];

		model_element_name(tr->model, r->element, name, sizeof(name));
		fprintf(out, "%s\n  {\"kind\": \"data race\", \"variable\": ", i ? "," : "");
		report_json_string(out, name);
		fputs(", \"first\": ", out);
		json_race_access(out, tr, r->first_thread, r->first_step, r->first_line,
		    r->first_is_write);
		fputs(", \"second\": ", out);
		json_race_access(out, tr, r->second_thread, r->second_step, r->second_line,
		    r->second_is_write);
		fputs("}", out);
	}
	fprintf(out, "%s], \"verdict\": ", tr->nraces ? "\n" : "");
	report_json_verdict(out, prog, &tr->verdict);
	if (opt->tour != NULL) {
		fputs(", \"tour\": ", out);
		report_json_string(out, opt->tour->name);
	}
	if (prog->goal.kind != LANG_GOAL_NONE) {
		fputs(", \"goal\": {\"goal\": ", out);
		report_json_string(out, prog->goal.text);
		fprintf(out, ", \"reached\": %s}", model_goal_reached(tr->model,
		    &tr->verdict, tr->final) ? "true" : "false");
	}
	fputs("}\n", out);
}
