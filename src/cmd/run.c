/* run.c - `lockstep run` and `lockstep replay --headless`: one controlled
 * run on real threads, printed as a step table or JSON. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "engine/driver.h"
#include "record/export.h"
#include "lang/compile.h"
#include "trace/file.h"
#include "trace/report.h"
#include "util/outfile.h"
#include "trace/tour.h"
#include "util/sanitize.h"

static const char run_usage[] =
    "usage: lockstep run FILE [--schedule A,B,A | --policy rr|random|pct |\n"
    "                    --tour N|NAME]\n"
    "                    [--seed N] [--max-steps N] [--format text|json|svg|html]\n"
    "                    [--steps A-B] [--theme light|dark] [-o FILE]\n"
    "                    [--expand] [--summary] [--trace OUT]\n"
    "\n"
    "Run the scenario FILE once on real threads, one step at a time, and print\n"
    "the step table: one column per thread, one row per step; then the final\n"
    "shared values, the data races and the verdict.\n"
    "\n"
    "  --schedule S     take these steps (thread names, NAME:K for choice K),\n"
    "                   then go on round-robin\n"
    "  --tour T         take the scenario's tour T (its number from 1 or its\n"
    "                   name) and show each step's caption\n"
    "  --policy P       rr (round-robin, the default), random, or pct\n"
    "  --seed N         the seed of random and pct (default 0)\n"
    "  --max-steps N    the step limit (default 10000)\n"
    "  --format F       text (the default), json, svg (the run as a picture\n"
    "                   that fits a 1920x1440 slide) or html (a handout page\n"
    "                   that steps through the run, self-contained)\n"
    "  --steps A-B      svg, html: show only steps A to B\n"
    "  --theme T        svg, html: light (the default) or dark\n"
    "  -o FILE          write the report to FILE, whole or not at all\n"
    "                   (stdout is written as the report is made)\n"
    "  --expand         show each step's micro-operations\n"
    "  --summary        leave out the steps\n"
    "  --trace OUT      save the run as a trace for `lockstep replay`\n"
    "\n"
    "Exit status: 0 the verdict is ok, 1 the run showed a bug, 2 an error,\n"
    "4 the run was stopped at the step limit (not a bug, not a pass).\n";

/* The report in o's format, to o->output (whole or not at all) or stdout,
 * with a hint under the text of a run cut short at its step limit; false
 * after a message if the file could not be written. */
static bool
write_report(const struct cmd_run_options *o, const struct trace *tr,
    const struct report_options *ropt, bool cut_short)
{
	struct outfile file;
	FILE *out = stdout;
	struct export_options eopt = o->export;

	eopt.tour = ropt->tour;

	if (o->output != NULL) {
		if (!outfile_open(&file, o->output)) {
			fprintf(stderr, "lockstep: %s\n", file.error);
			return false;
		}
		out = file.file;
	}
	switch (o->format) {
	case CMD_TEXT:
		report_text(tr, o->display_name, ropt, out);
		if (cut_short)
			fprintf(out, "\nThe run was stopped at the step limit before it finished: "
			    "not a bug, and not\na pass either. Let it finish with "
			    "--max-steps N (now %d), or look for\nan endless loop with "
			    "`lockstep explore`.\n", o->max_steps);
		break;
	case CMD_JSON:
		report_json(tr, o->display_name, ropt, out);
		break;
	case CMD_SVG:
		export_svg(tr, o->display_name, &eopt, out);
		break;
	case CMD_HTML:
		export_html(tr, o->display_name, &eopt, out);
		break;
	}
	if (o->output != NULL && !outfile_commit(&file)) {
		fprintf(stderr, "lockstep: %s\n", file.error);
		return false;
	}
	return true;
}

/* The tour that --tour names, checked, as the schedule to take. */
static bool
select_tour(const struct lang_program *prog, const char *name, struct schedule *sched,
    const struct lang_tour **tour)
{
	struct lang_diags diags;
	bool valid;
	int k;
	size_t i;

	lang_diags_init(&diags);
	valid = tour_validate(prog, &diags);
	lang_diags_print(&diags, stderr);
	lang_diags_free(&diags);
	if (!valid)
		return false;
	k = tour_find(prog, name);
	if (k < 0) {
		fprintf(stderr, "lockstep: %s has no tour '%s'", prog->source->path, name);
		for (i = 0; i < prog->ntours; i++)
			fprintf(stderr, "%s%zu \"%s\"", i ? ", " : " (its tours are ",
			    i + 1, prog->tours[i].name);
		fputs(prog->ntours > 0 ? ")\n" : "; it has none\n", stderr);
		return false;
	}
	tour_schedule(&prog->tours[k], sched);
	*tour = &prog->tours[k];
	return true;
}

int
cmd_execute(const struct cmd_run_options *o)
{
	struct cmd_scenario sc;
	struct lang_program *prog;
	struct model *m;
	struct schedule sched = { 0 };
	struct policy *policy;
	struct trace tr;
	struct report_options ropt = { o->expand, o->summary, 80, NULL };
	char err[600];
	bool ok;
	int status;
	size_t first, last;

	if (!cmd_scenario_open(&sc, o->file, o->source_text, o->source_len))
		return CMD_EXIT_ERROR;
	prog = sc.prog;
	m = sc.m;
	if (o->expected_hash != 0 && trace_source_hash(prog->source->text,
	    prog->source->len) != o->expected_hash) {
		fprintf(stderr, "lockstep: %s has changed since the trace was recorded; "
		    "the trace cannot be replayed on it\n", o->file);
		cmd_scenario_close(&sc);
		return CMD_EXIT_ERROR;
	}
	if (o->schedule != NULL && !schedule_parse(&sched, prog, o->schedule, err,
	    sizeof(err))) {
		/* a replayed schedule comes from the trace file */
		char *safe = sanitize(err, SANITIZE_LINE);

		fprintf(stderr, "lockstep: %s\n", safe);
		free(safe);
		schedule_free(&sched);
		cmd_scenario_close(&sc);
		return CMD_EXIT_ERROR;
	}
	if (o->tour != NULL && !select_tour(prog, o->tour, &sched, &ropt.tour)) {
		schedule_free(&sched);
		cmd_scenario_close(&sc);
		return CMD_EXIT_ERROR;
	}
	policy = policy_new(o->policy, o->seed, &sched, prog->nthreads, 3,
	    o->policy == POLICY_PCT ? policy_estimate_steps(m, o->max_steps) : 1);
	trace_init(&tr, m, o->replay_policy_name != NULL ? o->replay_policy_name :
	    policy_name(o->policy), o->seed, o->max_steps,
	    !o->summary || o->trace_out != NULL || o->format == CMD_SVG ||
	    o->format == CMD_HTML);
	ok = engine_run(m, policy, o->max_steps, &tr, err, sizeof(err));
	if (ok && !export_steps(&tr, &o->export, &first, &last, err, sizeof(err))) {
		ok = false;
		fprintf(stderr, "lockstep: --steps: %s\n", err);
	} else if (!ok) {
		fprintf(stderr, "lockstep: %s\n", err);
	}
	if (!ok) {
		status = CMD_EXIT_ERROR;
	} else {
		/* the model ends a run at its step limit as no progress */
		bool cut_short = tr.verdict.kind == MODEL_NO_PROGRESS &&
		    tr.nsteps >= (size_t)o->max_steps;

		status = tr.verdict.kind == MODEL_OK ? CMD_EXIT_OK : cut_short ?
		    CMD_EXIT_NOT_PROVEN : CMD_EXIT_BUG;
		if (!write_report(o, &tr, &ropt, cut_short))
			status = CMD_EXIT_ERROR;
		if (o->trace_out != NULL && !trace_save(&tr, o->display_name,
		    trace_source_hash(prog->source->text, prog->source->len),
		    o->trace_out, err, sizeof(err))) {
			fprintf(stderr, "lockstep: %s\n", err);
			status = CMD_EXIT_ERROR;
		}
	}
	trace_free(&tr);
	policy_free(policy);
	schedule_free(&sched);
	cmd_scenario_close(&sc);
	return status;
}

int
cmd_run(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "schedule", required_argument, NULL, 's' },
		{ "policy", required_argument, NULL, 'p' },
		CMD_OPTION_SEED,
		CMD_OPTION_MAX_STEPS,
		CMD_OPTION_FORMAT,
		{ "expand", no_argument, NULL, 'e' },
		{ "summary", no_argument, NULL, 'u' },
		CMD_OPTION_TRACE,
		CMD_OUTPUT_OPTIONS,
		{ "tour", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_run_options o;
	struct cmd_common_options co = { .pictures = true,
	    .max_steps = MODEL_DEFAULT_MAX_STEPS };
	bool policy_given = false;
	char *file, *shown;
	int c, kind, status;

	memset(&o, 0, sizeof(o));
	o.policy = POLICY_RR;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(run_usage, stdout);
			return CMD_EXIT_OK;
		case 's':
			o.schedule = optarg;
			break;
		case 'p':
			kind = policy_by_name(optarg);
			if (kind != POLICY_RR && kind != POLICY_RANDOM && kind != POLICY_PCT)
				return cmd_usage_error(argv[0], "unknown policy '%s' (use rr, "
				    "random or pct)", optarg);
			o.policy = (enum policy_kind)kind;
			policy_given = true;
			break;
		case 'e':
			o.expand = true;
			break;
		case 'u':
			o.summary = true;
			break;
		case 'T':
			o.tour = optarg;
			break;
		default:
			status = cmd_other_option(c, argv, &co, &o);
			if (status != CMD_EXIT_OK)
				return status;
		}
	}
	o.seed = co.seed;
	o.max_steps = co.max_steps;
	o.format = co.format;
	o.trace_out = co.trace_out;
	status = cmd_check_output_options(argv[0], &o);
	if (status != CMD_EXIT_OK)
		return status;
	if (o.schedule != NULL && policy_given)
		return cmd_usage_error(argv[0], "--schedule and --policy exclude each other");
	if (o.tour != NULL && (policy_given || o.schedule != NULL))
		return cmd_usage_error(argv[0], "--tour is a schedule of its own: it "
		    "excludes --schedule and --policy");
	if (o.schedule != NULL || o.tour != NULL)
		o.policy = POLICY_SCHEDULE;
	status = cmd_scenario_operand(argc, argv, o.trace_out, &file, &shown);
	if (status != CMD_EXIT_OK)
		return status;
	o.file = file;
	o.display_name = shown;
	status = cmd_execute(&o);
	free(shown);
	free(file);
	return status;
}
