#include "config.h"

#include "explore/report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "trace/report.h"
#include "trace/trace.h"
#include "util/json.h"
#include "util/xalloc.h"
#include "util/strbuf.h"

static void
shared_text(const struct model *m, const struct model_value *values, struct strbuf *sb)
{
	const struct lang_program *prog = model_program(m);
	char v[300];
	size_t i;
	int k, n = 0;

	for (i = 0; i < prog->nshared; i++) {
		const struct lang_shared *s = &prog->shared[i];
		int base = model_element_of(m, (int)i, 0);

		if (base < 0 || s->constant)
			continue;
		strbuf_printf(sb, "%s%s = ", n++ ? ", " : "", s->name);
		if (s->kind == LANG_SHARED_SCALAR) {
			model_value_format(model_strings(m), &values[base], v, sizeof(v));
			strbuf_puts(sb, v);
			continue;
		}
		strbuf_putc(sb, '[');
		for (k = 0; k < s->length; k++) {
			model_value_format(model_strings(m), &values[base + k], v, sizeof(v));
			strbuf_printf(sb, "%s%s", k ? ", " : "", v);
		}
		strbuf_putc(sb, ']');
	}
	if (n == 0)
		strbuf_puts(sb, "(no shared variables)");
}

/* ", printed 'a\nb\n'": an outcome's output in brief, as Python's repr
 * of the text, for a one-line row (only for a program that prints). */
#define REPORT_OUTPUT_BRIEF 60
static void
output_brief(const struct model *m, const char *output, struct strbuf *sb)
{
	size_t i;

	if (!model_prints(m))
		return;
	if (output[0] == '\0') {
		strbuf_puts(sb, ", printed nothing");
		return;
	}
	strbuf_puts(sb, ", printed '");
	for (i = 0; i < REPORT_OUTPUT_BRIEF && output[i] != '\0'; i++)
		if (output[i] == '\n')
			strbuf_puts(sb, "\\n");
		else if (output[i] == '\'' || output[i] == '\\')
			strbuf_printf(sb, "\\%c", output[i]);
		else
			strbuf_putc(sb, output[i]);
	strbuf_puts(sb, output[i] != '\0' ? "...'" : "'");
}

/* Print text from column col on, wrapped at width at the breaks (spaces,
 * or the character after a comma), continuation lines indented. */
static void
print_wrapped(FILE *out, const char *text, int col, int width, int indent)
{
	bool first = true;

	while (*text != '\0') {
		int word;

		if (*text == ' ')
			text++;
		word = (int)strcspn(text, " ,");
		if (text[word] == ',')
			word++;
		if (word == 0)
			break;
		if (!first && col + word > width) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (!first && text[-1] == ' ') {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", word, text);
		col += word;
		text += word;
		first = false;
	}
	fputc('\n', out);
}

#define SHOWN_STEPS 200	/* of a longer schedule, the text shows the first */

static void
schedule_text(const struct model *m, const struct schedule *s, size_t max,
    struct strbuf *sb)
{
	const struct lang_program *prog = model_program(m);
	size_t i;

	for (i = 0; i < s->count; i++) {
		if (i == max) {
			strbuf_printf(sb, ", ... and %zu more (--trace saves them all)",
			    s->count - max);
			break;
		}
		strbuf_printf(sb, "%s%s", i ? "," : "", prog->threads[s->entries[i].thread].name);
		if (s->entries[i].choice != 0)
			strbuf_printf(sb, ":%d", s->entries[i].choice);
	}
}

/* "4 steps: A,B,A,B" at indent, wrapped; before and after the count
 * ("then again and again, ", " to it"). */
static void
print_schedule(FILE *out, const struct model *m, const char *before, const char *after,
    const struct schedule *s, int indent, int width)
{
	struct strbuf sb = { 0 };

	strbuf_printf(&sb, "%s%zu step%s%s: ", before, s->count, s->count == 1 ? "" : "s",
	    after);
	schedule_text(m, s, SHOWN_STEPS, &sb);
	fprintf(out, "%*s", indent, "");
	print_wrapped(out, strbuf_str(&sb), indent, width - 2, indent + 2);
	strbuf_free(&sb);
}

/* The verdict as `lockstep run` prints it. */
static void
verdict_text(const struct model *m, const struct model_verdict *v, struct strbuf *sb)
{
	strbuf_puts(sb, trace_verdict_name(v->kind));
	if (v->kind != MODEL_OK)
		strbuf_printf(sb, ": %s", v->message);
	if (v->thread >= 0 && v->line > 0 &&
	    (v->kind == MODEL_ASSERT_FAILED || v->kind == MODEL_RUNTIME_ERROR))
		strbuf_printf(sb, " (thread %s, line %d)",
		    model_program(m)->threads[v->thread].name, v->line);
}

void
explore_report_label(const struct model *m, const struct model_verdict *v, char *buf,
    size_t size)
{
	if (v->thread >= 0 && v->kind != MODEL_DEADLOCK && v->kind != MODEL_OK)
		snprintf(buf, size, "%s in %s", trace_verdict_name(v->kind),
		    model_program(m)->threads[v->thread].name);
	else
		snprintf(buf, size, "%s", trace_verdict_name(v->kind));
}

void
explore_report_shared(const struct model *m, const struct model_value *values, char *buf,
    size_t size)
{
	struct strbuf sb = { 0 };

	shared_text(m, values, &sb);
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

void
explore_report_output(const struct model *m, const char *output, char *buf, size_t size)
{
	struct strbuf sb = { 0 };

	output_brief(m, output, &sb);
	snprintf(buf, size, "%s", sb.len > 0 ? strbuf_str(&sb) : "");
	strbuf_free(&sb);
}

static void
count_text(uint64_t n, bool saturated, char *buf, size_t size)
{
	snprintf(buf, size, saturated ? "%" PRIu64 " or more" : "%" PRIu64, n);
}

/* "verdicts: ok (28 schedules), assertion failed (2 schedules)", and the
 * livelock: the schedules that end may all be ok while a loop need not end */
static void
verdicts_line(const struct explore_result *r, FILE *out)
{
	uint64_t counts[MODEL_NO_PROGRESS + 1] = { 0 };
	char num[40];
	size_t i;
	int kind, n = 0;

	for (i = 0; i < r->noutcomes; i++) {
		uint64_t *c = &counts[r->outcomes[i].verdict.kind];

		*c = *c > UINT64_MAX - r->outcomes[i].count ? UINT64_MAX :
		    *c + r->outcomes[i].count;
	}
	fputs("\nverdicts: ", out);
	for (kind = MODEL_OK; kind <= MODEL_NO_PROGRESS; kind++) {
		if (!(r->verdicts & (1u << kind)))
			continue;
		count_text(counts[kind], counts[kind] == UINT64_MAX, num, sizeof(num));
		fprintf(out, "%s%s (%s schedule%s)", n++ ? ", " : "",
		    trace_verdict_name((enum model_verdict_kind)kind), num,
		    counts[kind] == 1 ? "" : "s");
	}
	if (r->livelock == EXPLORE_LIVELOCK_FOUND)
		fputs(", and a livelock (below)", out);
	fputc('\n', out);
}

void
explore_report_bound(const struct explore_result *r, char *buf, size_t size)
{
	switch (r->bound) {
	case EXPLORE_BOUND_NONE:
		snprintf(buf, size, r->livelock == EXPLORE_LIVELOCK_UNKNOWN ? "a livelock "
		    "check too big to finish" : "nothing");
		return;
	case EXPLORE_BOUND_PREEMPTIONS:
		snprintf(buf, size, "at most %" PRIu64 " preemption%s", r->bound_value,
		    r->bound_value == 1 ? "" : "s");
		return;
	case EXPLORE_BOUND_MAX_STATES:
		snprintf(buf, size, "the state limit, %" PRIu64 " states", r->bound_value);
		return;
	case EXPLORE_BOUND_MAX_MEMORY:
		snprintf(buf, size, "the memory limit, %" PRIu64 " MiB", r->bound_value);
		return;
	case EXPLORE_BOUND_TIMEOUT:
		snprintf(buf, size, "the timeout, %g s", r->timeout);
		return;
	case EXPLORE_BOUND_CANCELLED:
		snprintf(buf, size, "a cancel");
		return;
	case EXPLORE_BOUND_SAMPLED:
		snprintf(buf, size, "a sample of %" PRIu64 " %s schedules", r->bound_value,
		    r->mode == EXPLORE_PCT ? "PCT" : "random");
		return;
	case EXPLORE_BOUND_STEPS:
		snprintf(buf, size, "the step limit, %" PRIu64 " steps", r->bound_value);
		return;
	}
	snprintf(buf, size, "?");
}

/* "deadlock  count = 0": an outcome's row but for its count. */
static char *
row_text(const struct model *m, const struct explore_outcome *o)
{
	struct strbuf sb = { 0 };
	char label[200];

	explore_report_label(m, &o->verdict, label, sizeof(label));
	strbuf_printf(&sb, "%s|", label);
	shared_text(m, o->shared, &sb);
	output_brief(m, o->output, &sb);
	return strbuf_detach(&sb);
}

static int
compare_rows(const void *a, const void *b, void *texts)
{
	return strcmp(((char **)texts)[*(const size_t *)a], ((char **)texts)[*(const size_t *)b]);
}

/* Which outcomes' rows would read like another's: two deadlocks with the
 * same values, told apart only by who waits for what.  By sorting the
 * rows, not comparing each with each: a program that prints can end in
 * thousands of ways.  The caller frees the array. */
static bool *
alike_rows(const struct explore_result *r, const struct model *m)
{
	char **texts = xcalloc(r->noutcomes + 1, sizeof(*texts));
	size_t *order = xcalloc(r->noutcomes + 1, sizeof(*order));
	bool *alike = xcalloc(r->noutcomes + 1, sizeof(*alike));
	size_t i;

	for (i = 0; i < r->noutcomes; i++) {
		texts[i] = row_text(m, &r->outcomes[i]);
		order[i] = i;
	}
	qsort_r(order, r->noutcomes, sizeof(*order), compare_rows, texts);
	for (i = 1; i < r->noutcomes; i++)
		if (strcmp(texts[order[i - 1]], texts[order[i]]) == 0)
			alike[order[i - 1]] = alike[order[i]] = true;
	for (i = 0; i < r->noutcomes; i++)
		free(texts[i]);
	free(texts);
	free(order);
	return alike;
}

/* "4 of 6 interleavings: expectation failed, counter = 1", an outcome a
 * line: every order of the steps, counted (count.c). */
static void
interleavings_lines(const struct explore_result *r, const struct model *m,
    const struct explore_report_options *opt, const bool *alike, FILE *out)
{
	struct strbuf sb = { 0 };
	char of[40], all[40], label[200];
	size_t i;

	count_text(r->interleavings, r->interleavings == UINT64_MAX, all, sizeof(all));
	fprintf(out, "\nevery interleaving, each order of the steps (%s in all), counted:\n",
	    all);
	for (i = 0; i < r->noutcomes; i++) {
		const struct explore_outcome *o = &r->outcomes[i];

		count_text(o->interleavings, o->interleavings == UINT64_MAX, of, sizeof(of));
		explore_report_label(m, &o->verdict, label, sizeof(label));
		strbuf_reset(&sb);
		strbuf_printf(&sb, "%s of %s interleavings: %s, ", of, all, label);
		shared_text(m, o->shared, &sb);
		output_brief(m, o->output, &sb);
		if (alike[i])
			strbuf_printf(&sb, " (%s)", o->verdict.message);
		fputs("  ", out);
		print_wrapped(out, strbuf_str(&sb), 2, opt->width - 1, 6);
	}
	strbuf_free(&sb);
}

static void
search_line(const struct explore_result *r, FILE *out)
{
	switch (r->bound) {
	case EXPLORE_BOUND_NONE:
		if (r->reduction)
			fputs("search: exhaustive: every schedule, but for reorderings of "
			    "independent steps\n        (partial-order reduction by sleep sets)\n",
			    out);
		else
			fputs("search: exhaustive: every schedule (no reduction)\n", out);
		return;
	case EXPLORE_BOUND_PREEMPTIONS:
		fprintf(out, "search: bounded: schedules with more than %" PRIu64
		    " preemption%s were left out\n", r->bound_value,
		    r->bound_value == 1 ? "" : "s");
		return;
	case EXPLORE_BOUND_MAX_STATES:
		fprintf(out, "search: bounded: it stopped before storing more than %" PRIu64
		    " states;\n        every schedule of up to %d steps was explored\n",
		    r->bound_value, r->depth);
		return;
	case EXPLORE_BOUND_MAX_MEMORY:
		fprintf(out, "search: bounded: its states outgrew the memory limit (%" PRIu64
		    " MiB);\n        every schedule of up to %d steps was explored\n",
		    r->bound_value, r->depth);
		return;
	case EXPLORE_BOUND_TIMEOUT:
	case EXPLORE_BOUND_CANCELLED:
		if (r->search_cut_short)
			fprintf(out, "search: bounded: sampled schedules failed first, so the "
			    "search for a shorter\n        one stopped after %g s;\n",
			    EXPLORE_ENOUGH_SECONDS);
		else if (r->bound == EXPLORE_BOUND_TIMEOUT)
			fprintf(out, "search: bounded: it stopped at the timeout (%g s);\n",
			    r->timeout);
		else
			fputs("search: bounded: it was cancelled;\n", out);
		if (r->mode == EXPLORE_EXHAUSTIVE)
			fprintf(out, "        every schedule of up to %d steps was explored\n",
			    r->depth);
		else
			fprintf(out, "        %" PRIu64 " sampled schedules were run\n",
			    r->executions);
		return;
	case EXPLORE_BOUND_SAMPLED:
		fprintf(out, "search: sampled, not exhaustive: %" PRIu64 " %s schedules\n",
		    r->bound_value, r->mode == EXPLORE_PCT ? "PCT" : "random");
		return;
	case EXPLORE_BOUND_STEPS:
		fprintf(out, "search: bounded: schedules that reached the step limit (%" PRIu64
		    " steps) were cut\n        short, not judged (an endless loop, a long run, "
		    "or unfair spinning);\n        raise --max-steps to follow them further\n",
		    r->bound_value);
		return;
	}
}

void
explore_report_text(const struct explore_result *r, const struct model *m,
    const char *scenario, const struct explore_report_options *opt, FILE *out)
{
	const struct lang_program *prog = model_program(m);
	struct strbuf sb = { 0 };
	char num[40], label[200];
	bool *alike = alike_rows(r, m);
	size_t i;
	int k, kind_width = 2, count_width = 1;

	if (prog->title[0] != '\0')
		fprintf(out, "%s (%s)\n", prog->title, scenario);
	else
		fprintf(out, "%s\n", scenario);
	search_line(r, out);
	if (r->sampled_runs > 0)
		fprintf(out, "then sampled: %" PRIu64 " PCT and random schedules, %s\n",
		    r->sampled_runs, r->sampled_failure ? "and some failed" : "none failed");
	count_text(r->executions, r->executions_saturated, num, sizeof(num));
	fprintf(out, "%s execution%s, %" PRIu64 " distinct state%s, %" PRIu64 " step%s taken",
	    num, r->executions == 1 ? "" : "s", r->states, r->states == 1 ? "" : "s",
	    r->transitions, r->transitions == 1 ? "" : "s");
	if (opt->timing)
		fprintf(out, ", %.2f s, %d job%s, %.1f MiB", r->seconds, r->jobs,
		    r->jobs == 1 ? "" : "s", (double)r->memory / (1 << 20));
	fputs("\n\n", out);

	for (i = 0; i < r->noutcomes; i++) {
		const struct explore_outcome *o = &r->outcomes[i];

		explore_report_label(m, &o->verdict, label, sizeof(label));
		if ((int)strlen(label) > kind_width)
			kind_width = (int)strlen(label);
		count_text(o->count, o->count == UINT64_MAX, num, sizeof(num));
		if ((int)strlen(num) > count_width)
			count_width = (int)strlen(num);
	}
	if (r->every_schedule_counted)
		fprintf(out, "%s (how many schedules end so, the verdict, the shared values):\n",
		    r->noutcomes == 1 ? "outcome" : "outcomes");
	else
		fprintf(out, "%s (how many of the schedules followed end so, the verdict, the "
		    "shared\nvalues; a schedule that comes back to a state seen before, around "
		    "a loop or\nby a longer way, is not followed again):\n",
		    r->noutcomes == 1 ? "outcome" : "outcomes");
	for (i = 0; i < r->noutcomes; i++) {
		const struct explore_outcome *o = &r->outcomes[i];

		count_text(o->count, o->count == UINT64_MAX, num, sizeof(num));
		explore_report_label(m, &o->verdict, label, sizeof(label));
		k = fprintf(out, "  %*s  %-*s  ", count_width, num, kind_width, label);
		strbuf_reset(&sb);
		shared_text(m, o->shared, &sb);
		print_wrapped(out, strbuf_str(&sb), k, opt->width - 1, k);
		if (alike[i]) {
			/* only the verdict's message tells the two rows apart */
			fprintf(out, "%*s", count_width + 4, "");
			print_wrapped(out, o->verdict.message, count_width + 4, opt->width - 1,
			    count_width + 6);
		}
		if (model_prints(m))
			report_lines(out, "output", o->output, count_width + 4);
	}
	if (r->noutcomes == 0)
		fputs("  (none: no schedule was followed to its end)\n", out);
	else
		verdicts_line(r, out);
	if (r->interleavings_counted)
		interleavings_lines(r, m, opt, alike, out);
	free(alike);

	if (r->nraces > 0)
		fputc('\n', out);
	for (i = 0; i < r->nraces; i++) {
		const struct explore_race *race = &r->races[i];
		char name[96];

		model_element_name(m, race->element, name, sizeof(name));
		strbuf_reset(&sb);
		strbuf_printf(&sb, "warning: data race on %s: %s %s it (line %d) and %s %s it "
		    "(line %d), and nothing orders the two", name,
		    prog->threads[race->thread[0]].name, race->write[0] ? "writes" : "reads",
		    race->line[0], prog->threads[race->thread[1]].name,
		    race->write[1] ? "writes" : "reads", race->line[1]);
		print_wrapped(out, strbuf_str(&sb), 0, opt->width - 2, 4);
	}
	if (r->exhaustive && r->mode == EXPLORE_EXHAUSTIVE && !r->races_complete)
		fputs("(races: those of the one history the search kept of each state; "
		    "another way\nto a state may show more, and the search of every history "
		    "was too big)\n", out);

	fputc('\n', out);
	if (explore_found_bug(r)) {
		/* the failures and the livelock, below */
	} else if (explore_proven(r) && prog->python && r->noutcomes > 1) {
		/* a Python program has no expect: the lost update it shows
		 * is in how its runs end, not in a verdict */
		fprintf(out, "no schedule fails: nothing raises or deadlocks. But the schedules "
		    "do not\nall end the same: %zu outcomes, above.\n", r->noutcomes);
	} else if (explore_proven(r)) {
		fputs("no schedule fails.\n", out);
	} else if (r->exhaustive) {
		fputs("not proven: no schedule fails, but whether the threads can go round a "
		    "loop\nforever was not decided: the graph of every step was too big.\n",
		    out);
	} else {
		explore_report_bound(r, label, sizeof(label));
		count_text(r->executions, r->executions_saturated, num, sizeof(num));
		strbuf_reset(&sb);
		strbuf_printf(&sb, "not proven: no failure in %s execution%s (bounded by %s)",
		    num, r->executions == 1 ? "" : "s", label);
		print_wrapped(out, strbuf_str(&sb), 0, opt->width - 2, 4);
	}
	if (r->nfailures > 0) {
		fputs(r->sampled_failure ? "a failing schedule a sampled run followed, for each "
		    "failure (not shown\nto be the shortest):\n" :
		    "the shortest schedule to each failure:\n", out);
		for (i = 0; i < r->nfailures; i++) {
			const struct explore_failure *f = &r->failures[i];

			strbuf_reset(&sb);
			verdict_text(m, &f->verdict, &sb);
			fputs("  ", out);
			print_wrapped(out, strbuf_str(&sb), 2, opt->width - 2, 6);
			print_schedule(out, m, "", "", &f->schedule, 6, opt->width);
		}
	}
	if (r->livelock == EXPLORE_LIVELOCK_FOUND) {
		if (r->nfailures > 0)
			fputc('\n', out);
		fputs("livelock: the threads can go round a loop forever, each that could "
		    "run\ntaking steps, none finishing:\n", out);
		print_schedule(out, m, "", " to it", &r->livelock_prefix, 4, opt->width);
		print_schedule(out, m, "then again and again, ", "", &r->livelock_cycle, 4,
		    opt->width);
	}
	strbuf_free(&sb);
}

/* ---- JSON ---- */

static void
json_value(const struct model *m, const struct model_value *v, FILE *out)
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
		json_write_string(out, model_strings_get(model_strings(m), v->i));
		break;
	default:
		fputs("null", out);
	}
}

static void
json_shared(const struct model *m, const struct model_value *values, FILE *out)
{
	const struct lang_program *prog = model_program(m);
	size_t i;
	int k, n = 0;

	fputc('{', out);
	for (i = 0; i < prog->nshared; i++) {
		const struct lang_shared *s = &prog->shared[i];
		int base = model_element_of(m, (int)i, 0);

		if (base < 0 || s->constant)
			continue;
		fputs(n++ ? ", " : "", out);
		json_write_string(out, s->name);
		fputs(": ", out);
		if (s->kind == LANG_SHARED_SCALAR) {
			json_value(m, &values[base], out);
			continue;
		}
		fputc('[', out);
		for (k = 0; k < s->length; k++) {
			fputs(k ? ", " : "", out);
			json_value(m, &values[base + k], out);
		}
		fputc(']', out);
	}
	fputc('}', out);
}

/* As every mode writes a verdict (trace/report.c). */
static void
json_verdict(const struct model *m, const struct model_verdict *v, FILE *out)
{
	report_json_verdict(out, model_program(m), v);
}

static void
json_schedule(const struct model *m, const struct schedule *s, FILE *out)
{
	struct strbuf sb = { 0 };

	schedule_text(m, s, SIZE_MAX, &sb);
	json_write_string(out, strbuf_str(&sb));
	strbuf_free(&sb);
}

static void
json_bound(const struct explore_result *r, FILE *out)
{
	switch (r->bound) {
	case EXPLORE_BOUND_NONE:
		fputs("null", out);
		break;
	case EXPLORE_BOUND_PREEMPTIONS:
		fprintf(out, "{\"kind\": \"preemptions\", \"limit\": %" PRIu64 "}", r->bound_value);
		break;
	case EXPLORE_BOUND_MAX_STATES:
		fprintf(out, "{\"kind\": \"max-states\", \"limit\": %" PRIu64 ", \"depth\": %d}",
		    r->bound_value, r->depth);
		break;
	case EXPLORE_BOUND_MAX_MEMORY:
		fprintf(out, "{\"kind\": \"max-memory\", \"mib\": %" PRIu64 ", \"depth\": %d}",
		    r->bound_value, r->depth);
		break;
	case EXPLORE_BOUND_TIMEOUT:
		fprintf(out, "{\"kind\": \"timeout\", \"seconds\": %g, \"depth\": %d}",
		    r->timeout, r->depth);
		break;
	case EXPLORE_BOUND_CANCELLED:
		fprintf(out, "{\"kind\": \"cancelled\", \"depth\": %d}", r->depth);
		break;
	case EXPLORE_BOUND_SAMPLED:
		fprintf(out, "{\"kind\": \"%s\", \"runs\": %" PRIu64 "}",
		    r->mode == EXPLORE_PCT ? "pct" : "random", r->bound_value);
		break;
	case EXPLORE_BOUND_STEPS:
		fprintf(out, "{\"kind\": \"max-steps\", \"limit\": %" PRIu64 "}",
		    r->bound_value);
		break;
	}
}

/* null (not searched for: a sample), {"kind": "none"}, {"kind":
 * "unknown"}, or {"kind": "found", "prefix": ..., "cycle": ...}. */
static void
json_livelock(const struct explore_result *r, const struct model *m, FILE *out)
{
	if (r->mode != EXPLORE_EXHAUSTIVE) {
		fputs("null", out);
		return;
	}
	switch (r->livelock) {
	case EXPLORE_LIVELOCK_NONE:
		fputs("{\"kind\": \"none\"}", out);
		return;
	case EXPLORE_LIVELOCK_UNKNOWN:
		fputs("{\"kind\": \"unknown\"}", out);
		return;
	case EXPLORE_LIVELOCK_FOUND:
		fputs("{\"kind\": \"found\", \"prefix\": ", out);
		json_schedule(m, &r->livelock_prefix, out);
		fprintf(out, ", \"prefix_steps\": %zu, \"cycle\": ", r->livelock_prefix.count);
		json_schedule(m, &r->livelock_cycle, out);
		fprintf(out, ", \"cycle_steps\": %zu}", r->livelock_cycle.count);
		return;
	}
}

void
explore_report_json(const struct explore_result *r, const struct model *m,
    const char *scenario, FILE *out)
{
	const struct lang_program *prog = model_program(m);
	static const char *const modes[] = { "exhaustive", "random", "pct" };
	size_t i;
	int kind, n;

	fputs("{\"scenario\": ", out);
	json_write_string(out, scenario);
	fputs(", \"title\": ", out);
	json_write_string(out, prog->title);
	fprintf(out, ", \"mode\": \"%s\", \"exhaustive\": %s, \"bound\": ", modes[r->mode],
	    r->exhaustive ? "true" : "false");
	json_bound(r, out);
	fprintf(out, ", \"reduction\": %s, \"jobs\": %d, \"executions\": %" PRIu64
	    ", \"executions_saturated\": %s, \"every_schedule_counted\": %s, \"states\": %"
	    PRIu64 ", \"transitions\": %" PRIu64 ", \"depth\": %d, \"seconds\": %.3f",
	    r->reduction ? "true" : "false", r->jobs, r->executions,
	    r->executions_saturated ? "true" : "false",
	    r->every_schedule_counted ? "true" : "false", r->states, r->transitions, r->depth,
	    r->seconds);
	fprintf(out, ", \"sampled_runs\": %" PRIu64 ", \"sampled_failure\": %s, "
	    "\"memory_mib\": %.1f, \"races_complete\": %s, \"history_states\": %" PRIu64
	    ", \"interleavings\": ", r->sampled_runs, r->sampled_failure ? "true" : "false",
	    (double)r->memory / (1 << 20), r->races_complete ? "true" : "false",
	    r->history_states);
	if (r->interleavings_counted)
		fprintf(out, "%" PRIu64, r->interleavings);
	else
		fputs("null", out);
	fputs(", \"outcomes\": [", out);
	for (i = 0; i < r->noutcomes; i++) {
		const struct explore_outcome *o = &r->outcomes[i];

		fprintf(out, "%s\n  {\"shared\": ", i ? "," : "");
		json_shared(m, o->shared, out);
		fputs(", \"verdict\": ", out);
		json_verdict(m, &o->verdict, out);
		if (model_prints(m)) {
			fputs(", \"output\": ", out);
			json_write_string(out, o->output);
		}
		fprintf(out, ", \"count\": %" PRIu64 ", \"interleavings\": ", o->count);
		if (r->interleavings_counted)
			fprintf(out, "%" PRIu64, o->interleavings);
		else
			fputs("null", out);
		fputs(", \"schedule\": ", out);
		json_schedule(m, &o->schedule, out);
		fputc('}', out);
	}
	fputs(r->noutcomes ? "\n], \"verdicts\": [" : "], \"verdicts\": [", out);
	for (kind = MODEL_OK, n = 0; kind <= MODEL_NO_PROGRESS; kind++)
		if (r->verdicts & (1u << kind))
			fprintf(out, "%s\"%s\"", n++ ? ", " : "",
			    trace_verdict_name((enum model_verdict_kind)kind));
	fputs("], \"livelock\": ", out);
	json_livelock(r, m, out);
	fputs(", \"races\": [", out);
	for (i = 0; i < r->nraces; i++) {
		const struct explore_race *race = &r->races[i];
		char name[96];
		int a;

		model_element_name(m, race->element, name, sizeof(name));
		fprintf(out, "%s\n  {\"variable\": ", i ? "," : "");
		json_write_string(out, name);
		for (a = 0; a < 2; a++) {
			fprintf(out, ", \"%s\": {\"thread\": ", a ? "second" : "first");
			json_write_string(out, prog->threads[race->thread[a]].name);
			fprintf(out, ", \"line\": %d, \"access\": \"%s\"}", race->line[a],
			    race->write[a] ? "write" : "read");
		}
		fputc('}', out);
	}
	fputs(r->nraces ? "\n], \"failures\": [" : "], \"failures\": [", out);
	for (i = 0; i < r->nfailures; i++) {
		const struct explore_failure *f = &r->failures[i];

		fprintf(out, "%s\n  {\"verdict\": ", i ? "," : "");
		json_verdict(m, &f->verdict, out);
		fputs(", \"schedule\": ", out);
		json_schedule(m, &f->schedule, out);
		fprintf(out, ", \"steps\": %zu}", f->schedule.count);
	}
	fputs(r->nfailures ? "\n]}\n" : "]}\n", out);
}
