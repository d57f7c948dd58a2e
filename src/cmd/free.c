/* free.c - `lockstep free`: run a scenario many times on real threads with
 * no scheduler, and print how often each outcome happened. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "engine/driver.h"
#include "engine/freerun.h"
#include "lang/compile.h"
#include "trace/file.h"
#include "trace/report.h"
#include "util/xalloc.h"

static const char free_usage[] =
    "usage: lockstep free FILE [--runs N] [--timeout MS] [--run-limit MS]\n"
    "                     [--max-steps N] [--format text|json] [--trace OUT]\n"
    "\n"
    "Run the scenario FILE N times on real threads with no scheduler: each\n"
    "thread runs at full speed on real locks, semaphores and condition\n"
    "variables, and shared variables are plain memory, so a race happens as\n"
    "often as this machine makes it happen.  Print each outcome (final shared\n"
    "values, what the run printed, and verdict) with how many runs ended so,\n"
    "and the share of runs that showed a bug.  For a failing outcome, one\n"
    "run's real interleaving is captured as a schedule and replayed step by\n"
    "step; it is offered only if the replay ends the same way.\n"
    "\n"
    "  --runs N         how many runs (default 1000)\n"
    "  --timeout MS     end a run as a deadlock when every thread has been\n"
    "                   blocked this long with no step (default 250)\n"
    "  --run-limit MS   end a run that lasts longer, sleeping or looping, with\n"
    "                   no progress (default 10000)\n"
    "  --max-steps N    the step limit of one run (default 1000000)\n"
    "  --format F       text (the default) or json\n"
    "  --trace OUT      save the captured failing run as a trace for\n"
    "                   `lockstep replay`\n"
    "\n"
    "A run stopped at the step limit or the run limit was not judged: it is\n"
    "not a bug, and not a pass either.  When a few runs in a row reach the run\n"
    "limit, the others are not run.  A rare failure is given as a rate per\n"
    "1,000 runs with its 95% confidence interval.\n"
    "\n"
    "Exit status: 0 no run showed a bug, 1 some run did, 2 an error, 4 no run\n"
    "showed a bug but some were stopped at a limit.\n";

/* A failure in fewer runs than this share is rare: say how rare. */
#define RARE_SHARE 0.05
#define BAR_WIDTH 30
#define WIDTH 80		/* the text report's lines, but for long values */
#define INDENT 16		/* where an outcome's verdict lines start */
/* s as one word of a command to paste into a shell: as it is if nothing in
 * it is special ("A,B,A"), else in single quotes ("Thread-1 (f)"). */
static void
put_shell_word(const char *s, FILE *out)
{
	const char *p;

	if (s[0] != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_,.:/+-=@%") == strlen(s)) {
		fputs(s, out);
		return;
	}
	fputc('\'', out);
	for (p = s; *p != '\0'; p++)
		if (*p == '\'')
			fputs("'\\''", out);
		else
			fputc(*p, out);
	fputc('\'', out);
}

/* Schedules longer than this are not printed as a --schedule argument. */
#define SHOWN_SCHEDULE_STEPS 200

struct free_options {
	const char *file;
	const char *display_name;
	struct freerun_options run;
	bool json;
	const char *trace_out;
};

/* On a terminal, a progress line on stderr, redrawn every tenth of a
 * second at most. */
static bool
show_progress(void *arg, const struct freerun_result *so_far, int total)
{
	struct timespec *last = arg, now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - last->tv_sec) * 1000 + (now.tv_nsec - last->tv_nsec) / 1000000 < 100)
		return true;
	*last = now;
	fprintf(stderr, "\rrun %d of %d, %d failed ", so_far->runs, total,
	    so_far->failed - so_far->cut_short);
	return true;
}

/* A verdict line under an outcome. */
static void
print_indented(FILE *out, int indent, const char *text)
{
	report_print_wrapped(out, text, indent, 2, WIDTH);
}

static char *
schedule_text(const struct schedule *s, const struct lang_program *prog)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return NULL;
	schedule_print(s, prog, f);
	fclose(f);
	return text;
}

/* The outcome's verdict as a line of the table: a run cut short says
 * which limit stopped it, not "no progress". */
static void
outcome_verdict(const struct free_options *o, const struct lang_program *prog,
    const struct freerun_outcome *oc, char *buf, size_t size)
{
	switch (oc->limit) {
	case FREERUN_NO_LIMIT:
		report_verdict_text(prog, &oc->verdict, buf, size);
		return;
	case FREERUN_STEP_LIMIT:
		snprintf(buf, size, "stopped at the step limit (%d steps) with threads "
		    "still running", o->run.max_steps);
		return;
	case FREERUN_RUN_LIMIT:
		snprintf(buf, size, "stopped at the run limit (%d ms) with threads still "
		    "running", o->run.run_limit_ms);
		return;
	}
}

char *
cmd_free_sleep_twin(const char *file, const char *display_name)
{
	static const char suffix[] = ".race", twin[] = "-sleep";
	size_t flen = strlen(file), dlen = strlen(display_name);
	bool dsuffix = dlen > 5 && strcmp(display_name + dlen - 5, suffix) == 0;
	char *path, *name = NULL;
	struct stat st;

	if (flen <= 5 || strcmp(file + flen - 5, suffix) != 0 ||
	    (flen > 11 && strncmp(file + flen - 11, twin, 6) == 0))
		return NULL;
	path = xasprintf("%.*s%s%s", (int)(flen - 5), file, twin, suffix);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		name = xasprintf("%.*s%s%s", (int)(dsuffix ? dlen - 5 : dlen), display_name,
		    twin, dsuffix ? suffix : "");
	free(path);
	return name;
}

void
cmd_free_rate_text(int bugs, int runs, int judged, const char *twin, char *buf, size_t size)
{
	int more = runs < FREERUN_MAX_RUNS / 10 ? runs * 10 : FREERUN_MAX_RUNS;
	double low, high;
	int n;

	buf[0] = '\0';
	if (judged == 0 || (bugs > 0 && bugs >= RARE_SHARE * runs))
		return;
	if (bugs == 0) {
		freerun_rate_interval(0, judged, &low, &high);
		n = snprintf(buf, size, "A sample, not a proof: a bug in up to %.1f of 1,000 "
		    "runs could go unseen in %d runs (95%% confidence); `lockstep explore` "
		    "searches every schedule.", high * 1e3, judged);
		if (twin != NULL && n >= 0 && (size_t)n < size)
			snprintf(buf + n, size - (size_t)n, "\nIts twin widened by a sleep, "
			    "`lockstep free %s`, shows a rare race more often.", twin);
		return;
	}
	freerun_rate_interval(bugs, runs, &low, &high);
	n = snprintf(buf, size, "That is rare: %.1f in 1,000 runs (95%% confidence interval "
	    "%.1f to %.1f), so one run in front of a class will most likely not show it.\n",
	    1e3 * bugs / runs, low * 1e3, high * 1e3);
	if (n < 0 || (size_t)n >= size)
		return;
	if (twin != NULL)
		snprintf(buf + n, size - (size_t)n, "To see it more often, run its twin widened "
		    "by a sleep, `lockstep free %s`, or more runs (--runs %d).", twin, more);
	else
		snprintf(buf + n, size - (size_t)n, "To see it more often, give it more runs "
		    "(--runs %d), or widen the race with a sleep() between its read and its "
		    "write.", more);
}

/* How sure free-run is of what it saw (cmd_free_rate_text), a paragraph
 * a line. */
static void
print_rate(const struct free_options *o, const struct freerun_result *res, int bugs,
    FILE *out)
{
	char *twin = cmd_free_sleep_twin(o->file, o->display_name), text[1000], *line, *next;

	cmd_free_rate_text(bugs, res->runs, res->runs - res->cut_short, twin, text,
	    sizeof(text));
	for (line = text; *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next == '\n')
			*next++ = '\0';
		report_print_wrapped(out, line, 0, 0, WIDTH);
	}
	free(twin);
}

/* The runs stopped at a limit: not bugs, not passes; what to do. */
static void
print_cut_short(const struct free_options *o, const struct freerun_result *res, FILE *out)
{
	static const struct {
		enum freerun_limit limit;
		const char *name, *unit, *remedy;
	} limits[] = {
		{ FREERUN_STEP_LIMIT, "step", "steps", "Let them finish with --max-steps N" },
		{ FREERUN_RUN_LIMIT, "run", "ms", "Give them longer with --run-limit MS" },
	};
	char text[600];
	size_t i, l;
	int runs;

	for (l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {
		for (i = 0, runs = 0; i < res->noutcomes; i++)
			if (res->outcomes[i].limit == limits[l].limit)
				runs += res->outcomes[i].count;
		if (runs == 0)
			continue;
		snprintf(text, sizeof(text), "%d of %d runs were stopped at the %s limit (%d "
		    "%s) before they finished: not a bug, and not a pass either. %s, or look "
		    "for an endless loop with `lockstep explore`.", runs, res->runs,
		    limits[l].name, limits[l].limit == FREERUN_STEP_LIMIT ? o->run.max_steps :
		    o->run.run_limit_ms, limits[l].unit, limits[l].remedy);
		report_print_wrapped(out, text, 0, 0, WIDTH);
	}
	if (res->runaway) {
		snprintf(text, sizeof(text), "Stopped after %d of %d runs: %d in a row "
		    "reached the run limit, so the others most likely would too.", res->runs,
		    o->run.runs, FREERUN_RUNAWAY_RUNS);
		report_print_wrapped(out, text, 0, 0, WIDTH);
	}
}

static void
print_text(const struct free_options *o, const struct model *m,
    const struct freerun_result *res, FILE *out)
{
	const struct lang_program *prog = model_program(m);
	const struct freerun_outcome *captured = freerun_captured(res);
	int most = res->noutcomes > 0 ? res->outcomes[0].count : 1;
	char values[1000], verdict[1000];
	size_t i;
	int k, bugs;

	if (prog->title[0] != '\0')
		fprintf(out, "%s (%s)\n", prog->title, o->display_name);
	else
		fprintf(out, "%s\n", o->display_name);
	fprintf(out, "free-run: %d run%s on real threads in %.2f s, %.3f ms a run%s\n\n",
	    res->runs, res->runs == 1 ? "" : "s", res->seconds,
	    res->runs > 0 ? res->seconds * 1e3 / res->runs : 0.0,
	    res->cancelled ? " (stopped early)" : "");
	fprintf(out, "  runs       %%  outcome\n");
	for (i = 0; i < res->noutcomes; i++) {
		const struct freerun_outcome *oc = &res->outcomes[i];
		int bar = (int)((double)oc->count * BAR_WIDTH / most + 0.5);

		freerun_format_shared(m, oc->shared, values, sizeof(values));
		outcome_verdict(o, prog, oc, verdict, sizeof(verdict));
		fprintf(out, "%6d  %5.1f%%  ", oc->count, 100.0 * oc->count / res->runs);
		for (k = 0; k < BAR_WIDTH; k++)
			fputc(k < bar || (k == 0 && oc->count > 0) ? '#' : ' ', out);
		fprintf(out, "  %s\n", values[0] ? values : "(no shared variables)");
		print_indented(out, INDENT, verdict);
		if (model_prints(m))
			report_lines(out, "output", oc->output, INDENT);
		if (oc->verdict.kind == MODEL_OK)
			continue;
		if (oc->capture == FREERUN_REPRODUCED) {
			snprintf(verdict, sizeof(verdict), "captured: a run of %zu step%s; "
			    "its replay ends the same way", oc->schedule.count,
			    oc->schedule.count == 1 ? "" : "s");
			print_indented(out, INDENT, verdict);
		} else if (oc->capture == FREERUN_NOT_REPRODUCED) {
			snprintf(verdict, sizeof(verdict), "not captured: %s", oc->why);
			print_indented(out, INDENT, verdict);
		}
	}
	fputc('\n', out);
	bugs = res->failed - res->cut_short;
	if (bugs == 0 && res->cut_short > 0)
		fprintf(out, "No run of %d showed a bug, but %d of them did not finish.\n",
		    res->runs, res->cut_short);
	else if (bugs == 0)
		fprintf(out, "No run of %d showed a bug.\n", res->runs);
	else
		fprintf(out, "%d of %d runs (%.1f%%) showed a bug.\n", bugs, res->runs,
		    100.0 * bugs / res->runs);
	print_rate(o, res, bugs, out);
	print_cut_short(o, res, out);
	if (captured == NULL || captured->limit != FREERUN_NO_LIMIT)
		return;
	freerun_format_shared(m, captured->shared, values, sizeof(values));
	fprintf(out, "\nThe captured run (%s%s%s), as it really interleaved:\n",
	    values, values[0] ? "; " : "", trace_verdict_name(captured->verdict.kind));
	if (captured->schedule.count == 0) {
		fprintf(out, "    (no step: it failed before its first one)\nSee it:\n"
		    "    lockstep run ");
		put_shell_word(o->display_name, out);
		fputc('\n', out);
	} else if (captured->schedule.count <= SHOWN_SCHEDULE_STEPS) {
		char *text = schedule_text(&captured->schedule, prog);

		fprintf(out, "    %s\nStep through it:\n    lockstep run ", text != NULL ? text : "");
		put_shell_word(o->display_name, out);
		fputs(" --schedule ", out);
		put_shell_word(text != NULL ? text : "", out);
		fputc('\n', out);
		free(text);
	} else {
		fprintf(out, "    (%zu steps; save it with --trace OUT and replay it)\n",
		    captured->schedule.count);
	}
}

static void
print_json(const struct free_options *o, const struct model *m,
    const struct freerun_result *res, FILE *out)
{
	const struct lang_program *prog = model_program(m);
	double low, high;
	size_t i;

	fputs("{\"scenario\": ", out);
	report_json_string(out, o->display_name);
	fputs(", \"title\": ", out);
	report_json_string(out, prog->title);
	fprintf(out, ", \"runs\": %d, \"seconds\": %.6f, \"seconds_per_run\": %.6f, "
	    "\"timeout_ms\": %d, \"run_limit_ms\": %d, \"max_steps\": %d, \"failed\": %d, "
	    "\"cut_short\": %d, \"cancelled\": %s, \"runaway\": %s, \"outcomes\": [",
	    res->runs, res->seconds, res->runs > 0 ? res->seconds / res->runs : 0.0,
	    o->run.timeout_ms, o->run.run_limit_ms, o->run.max_steps, res->failed - res->cut_short,
	    res->cut_short, res->cancelled ? "true" : "false", res->runaway ? "true" : "false");
	for (i = 0; i < res->noutcomes; i++) {
		const struct freerun_outcome *oc = &res->outcomes[i];

		fprintf(out, "%s\n  {\"shared\": ", i ? "," : "");
		report_json_shared(out, m, oc->shared);
		if (model_prints(m)) {
			fputs(", \"output\": ", out);
			report_json_string(out, oc->output);
		}
		fputs(", \"verdict\": ", out);
		report_json_verdict(out, prog, &oc->verdict);
		freerun_rate_interval(oc->count, res->runs, &low, &high);
		fprintf(out, ", \"count\": %d, \"per_1000\": %.3f, \"per_1000_low\": %.3f, "
		    "\"per_1000_high\": %.3f", oc->count, 1e3 * oc->count / res->runs, 1e3 * low,
		    1e3 * high);
		if (oc->limit != FREERUN_NO_LIMIT)
			fprintf(out, ", \"stopped_at\": \"%s\"", oc->limit == FREERUN_STEP_LIMIT ?
			    "step limit" : "run limit");
		if (oc->capture == FREERUN_REPRODUCED) {
			fputs(", \"schedule\": \"", out);
			schedule_print(&oc->schedule, prog, out);
			fputs("\", \"reproduced\": true", out);
		} else if (oc->capture == FREERUN_NOT_REPRODUCED) {
			fputs(", \"reproduced\": false, \"why\": ", out);
			report_json_string(out, oc->why);
		}
		fputc('}', out);
	}
	fputs("\n]}\n", out);
}

/* Replay the captured run once more, keeping its steps, and save it. */
static bool
save_trace(const struct free_options *o, const struct model *m,
    const struct lang_program *prog, const struct freerun_outcome *captured)
{
	struct policy *policy = policy_new(POLICY_REPLAY, 0, &captured->schedule,
	    prog->nthreads, 1, 1);
	struct trace tr;
	char err[600];
	bool ok;

	trace_init(&tr, m, "free-run", 0, o->run.max_steps, true);
	ok = engine_run(m, policy, o->run.max_steps, &tr, err, sizeof(err)) &&
	    trace_save(&tr, o->display_name, trace_source_hash(prog->source->text,
	    prog->source->len), o->trace_out, err, sizeof(err));
	if (!ok)
		fprintf(stderr, "lockstep: %s\n", err);
	trace_free(&tr);
	policy_free(policy);
	return ok;
}

static int
execute(const struct free_options *o)
{
	struct cmd_scenario sc;
	struct freerun_result res;
	const struct freerun_outcome *captured;
	struct timespec last = { 0, 0 };
	char err[600];
	int status;

	if (!cmd_scenario_open(&sc, o->file, NULL, 0))
		return CMD_EXIT_ERROR;
	if (!freerun_run(sc.m, &sc.strings, &o->run, isatty(2) ? show_progress : NULL,
	    &last, &res, err, sizeof(err))) {
		if (isatty(2))
			fputc('\n', stderr);
		fprintf(stderr, "lockstep: %s\n", err);
		status = CMD_EXIT_ERROR;
	} else {
		if (isatty(2))
			fprintf(stderr, "\r%*s\r", 40, "");
		if (o->json)
			print_json(o, sc.m, &res, stdout);
		else
			print_text(o, sc.m, &res, stdout);
		status = res.failed > res.cut_short ? CMD_EXIT_BUG : res.cut_short > 0 ?
		    CMD_EXIT_NOT_PROVEN : CMD_EXIT_OK;
		captured = freerun_captured(&res);
		if (o->trace_out != NULL && captured == NULL)
			fprintf(stderr, "lockstep free: %s not written: %s\n", o->trace_out,
			    res.failed == 0 ? "no run showed a bug" :
			    "no failing run was reproduced by its replay");
		else if (o->trace_out != NULL && !save_trace(o, sc.m, sc.prog, captured))
			status = CMD_EXIT_ERROR;
	}
	freerun_result_free(&res);
	cmd_scenario_close(&sc);
	return status;
}

int
cmd_free(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "runs", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "run-limit", required_argument, NULL, 'L' },
		CMD_OPTION_MAX_STEPS,
		CMD_OPTION_FORMAT,
		CMD_OPTION_TRACE,
		{ NULL, 0, NULL, 0 },
	};
	struct free_options o;
	struct cmd_common_options co = { 0 };
	char *file, *shown;
	uint64_t n;
	int c, status;

	memset(&o, 0, sizeof(o));
	freerun_options_init(&o.run);
	co.max_steps = o.run.max_steps;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(free_usage, stdout);
			return CMD_EXIT_OK;
		case 'r':
			if (!cmd_parse_number(optarg, 1, FREERUN_MAX_RUNS, &n))
				return cmd_usage_error(argv[0], "--runs takes a number from 1 "
				    "to %d, not '%s'", FREERUN_MAX_RUNS, optarg);
			o.run.runs = (int)n;
			break;
		case 'T':
		case 'L':
			if (!cmd_parse_number(optarg, 1, FREERUN_MAX_TIMEOUT_MS, &n))
				return cmd_usage_error(argv[0], "--%s takes milliseconds "
				    "from 1 to %d, not '%s'", c == 'T' ? "timeout" : "run-limit",
				    FREERUN_MAX_TIMEOUT_MS, optarg);
			*(c == 'T' ? &o.run.timeout_ms : &o.run.run_limit_ms) = (int)n;
			break;
		default:
			status = cmd_other_option(c, argv, &co, NULL);
			if (status != CMD_EXIT_OK)
				return status;
		}
	}
	o.run.max_steps = co.max_steps;
	o.json = co.format == CMD_JSON;
	o.trace_out = co.trace_out;
	status = cmd_scenario_operand(argc, argv, o.trace_out, &file, &shown);
	if (status != CMD_EXIT_OK)
		return status;
	o.file = file;
	o.display_name = shown;
	status = execute(&o);
	free(shown);
	free(file);
	return status;
}
