/* explore.c - `lockstep explore`: search every schedule of a scenario on
 * the model, print the outcomes, and save the shortest failing schedule as
 * a trace, replayed on real threads to make sure it fails there too. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "engine/driver.h"
#include "explore/explore.h"
#include "explore/report.h"
#include "lang/compile.h"
#include "trace/file.h"

static const char explore_usage[] =
    "usage: lockstep explore FILE [--preemptions K] [--max-states N]\n"
    "                        [--max-memory MB] [--timeout S]\n"
    "                        [--random N | --pct N] [--seed N] [--jobs N]\n"
    "                        [--max-steps N] [--no-reduction] [--format text|json]\n"
    "                        [--trace OUT]\n"
    "\n"
    "Search every schedule of the scenario FILE on the model (every order of\n"
    "the threads' steps, every waiter a notify can wake) and print every way\n"
    "the run can end: the final shared values, what it printed and the\n"
    "verdict, with how many schedules end so; the data races; and the\n"
    "shortest schedule to each failure.  The report says whether the search\n"
    "was exhaustive.  A search stopped by a bound goes on sampling PCT and\n"
    "random schedules, in the same time, and shows a failing one if it finds\n"
    "one.\n"
    "\n"
    "  --preemptions K  leave out schedules that switch away from a thread that\n"
    "                   could go on more than K times\n"
    "  --max-states N   stop before storing more than N states (default: no limit)\n"
    "  --max-memory MB  stop once the stored states take more than MB MiB\n"
    "                   (default: half the machine's memory, at most three\n"
    "                   quarters of what is free; the report says how much it took)\n"
    "  --timeout S      stop after S seconds\n"
    "  --random N       run N random schedules instead of searching them all\n"
    "  --pct N          run N PCT schedules instead of searching them all\n"
    "  --seed N         the first seed of --random and --pct (default 0)\n"
    "  --jobs N         search on N threads (default 1); the result is the same\n"
    "  --max-steps N    a schedule this long ends as no progress (default 10000)\n"
    "  --no-reduction   follow every interleaving, even those that only reorder\n"
    "                   independent steps (to check the reduction)\n"
    "  --format F       text (the default) or json\n"
    "  --trace OUT      save the shortest failing schedule as a trace for\n"
    "                   `lockstep replay`\n"
    "\n"
    "Exit status: 0 the search was exhaustive and no schedule fails, 1 some\n"
    "schedule fails or the threads can livelock, 2 an error, 4 no failure was\n"
    "found but the search was not exhaustive (bounded or sampled: not proven).\n";

static bool
parse_seconds(const char *arg, double *out)
{
	char *end;
	double v;

	if ((arg[0] < '0' || arg[0] > '9') && arg[0] != '.')
		return false;
	v = strtod(arg, &end);
	if (*end != '\0' || !(v > 0) || v > 1e9)
		return false;
	*out = v;
	return true;
}

/* On a terminal, a line that says how far a long search has come. */
static bool
show_progress(const struct explore_progress *p, void *arg)
{
	int *shown = arg;

	if (p->seconds < 1)
		return true;
	*shown = fprintf(stderr, "\rexploring: %llu states, %llu schedules to their end, "
	    "%d steps deep, %.0f s ", (unsigned long long)p->states,
	    (unsigned long long)p->executions, p->depth, p->seconds) - 1;
	return true;
}

/* Replay the schedule on real threads and save it; the replay must end
 * with the verdict the search found. */
static bool
save_trace(const struct model *m, const struct lang_program *prog, const char *scenario,
    int max_steps, const struct explore_failure *f, const char *path, char *err,
    size_t errsize)
{
	struct policy *policy = policy_new(POLICY_REPLAY, 0, &f->schedule, prog->nthreads, 1, 1);
	struct trace tr;
	bool ok;

	trace_init(&tr, m, "explore", 0, max_steps, true);
	ok = engine_run(m, policy, max_steps, &tr, err, errsize);
	if (ok && (tr.verdict.kind != f->verdict.kind ||
	    strcmp(tr.verdict.message, f->verdict.message) != 0)) {
		snprintf(err, errsize, "internal error: on real threads the schedule ends "
		    "with '%s', not '%s'", tr.verdict.message, f->verdict.message);
		ok = false;
	}
	if (ok)
		ok = trace_save(&tr, scenario, trace_source_hash(prog->source->text,
		    prog->source->len), path, err, errsize);
	trace_free(&tr);
	policy_free(policy);
	return ok;
}

static int
explore_file(const char *file, const char *scenario, const struct explore_options *o,
    bool json, const char *trace_out)
{
	struct cmd_scenario sc;
	struct explore_result r;
	struct explore_report_options ropt = { true, 80 };
	const struct explore_failure *shortest;
	char err[1200];
	int status, shown = 0;

	if (!cmd_scenario_open(&sc, file, NULL, 0))
		return CMD_EXIT_ERROR;
	if (model_nthreads(sc.m) > EXPLORE_MAX_THREADS) {
		fprintf(stderr, "lockstep explore: %s has %zu threads; explore searches "
		    "scenarios of at most %d (run and free take %d and the main thread)\n",
		    scenario, model_nthreads(sc.m), EXPLORE_MAX_THREADS, LANG_MAX_WORKERS);
		cmd_scenario_close(&sc);
		return CMD_EXIT_ERROR;
	}
	explore_run(sc.m, o, isatty(2) ? show_progress : NULL, &shown, &r);
	if (shown > 0)
		fprintf(stderr, "\r%*s\r", shown, "");
	if (json)
		explore_report_json(&r, sc.m, scenario, stdout);
	else
		explore_report_text(&r, sc.m, scenario, &ropt, stdout);
	/* an answer the search is not sure of is not a pass */
	status = explore_found_bug(&r) ? CMD_EXIT_BUG : explore_proven(&r) ? CMD_EXIT_OK :
	    CMD_EXIT_NOT_PROVEN;
	shortest = explore_shortest_failure(&r);
	if (trace_out != NULL && shortest == NULL) {
		fprintf(stderr, "lockstep explore: %s; %s not written\n",
		    r.livelock == EXPLORE_LIVELOCK_FOUND ? "no schedule fails (the livelock "
		    "is a cycle, not a run that ends)" : r.exhaustive ? "no schedule fails" :
		    "no failing schedule was found", trace_out);
	} else if (trace_out != NULL) {
		if (!save_trace(sc.m, sc.prog, scenario, o->max_steps, shortest, trace_out,
		    err, sizeof(err))) {
			fprintf(stderr, "lockstep: %s\n", err);
			status = CMD_EXIT_ERROR;
		} else if (!json) {
			printf("\nsaved the shortest (%zu steps, replayed on real threads) to %s\n",
			    shortest->schedule.count, trace_out);
		}
	}
	explore_result_free(&r);
	cmd_scenario_close(&sc);
	return status;
}

int
cmd_explore(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "preemptions", required_argument, NULL, 'P' },
		{ "max-states", required_argument, NULL, 'M' },
		{ "max-memory", required_argument, NULL, 'Y' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "random", required_argument, NULL, 'r' },
		{ "pct", required_argument, NULL, 'c' },
		CMD_OPTION_SEED,
		{ "jobs", required_argument, NULL, 'j' },
		CMD_OPTION_MAX_STEPS,
		{ "no-reduction", no_argument, NULL, 'n' },
		CMD_OPTION_FORMAT,
		CMD_OPTION_TRACE,
		{ NULL, 0, NULL, 0 },
	};
	struct explore_options o;
	struct cmd_common_options co = { 0 };
	const char *trace_out;
	bool json, search_bound_given = false;
	uint64_t n;
	char *file, *shown;
	int c, status;

	explore_options_init(&o);
	co.seed = o.seed;
	co.max_steps = o.max_steps;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(explore_usage, stdout);
			return CMD_EXIT_OK;
		case 'P':
			if (!cmd_parse_number(optarg, 0, EXPLORE_MAX_PREEMPTIONS, &n))
				return cmd_usage_error(argv[0], "--preemptions takes a number "
				    "from 0 to %d, not '%s'", EXPLORE_MAX_PREEMPTIONS, optarg);
			o.preemptions = (int)n;
			break;
		case 'M':
			if (!cmd_parse_number(optarg, 1, UINT64_MAX, &o.max_states))
				return cmd_usage_error(argv[0], "--max-states takes a number "
				    "from 1, not '%s'", optarg);
			search_bound_given = true;
			break;
		case 'Y':
			if (!cmd_parse_number(optarg, 1, EXPLORE_MAX_MEMORY_MB, &n))
				return cmd_usage_error(argv[0], "--max-memory takes a number of "
				    "MiB from 1 to %d, not '%s'", EXPLORE_MAX_MEMORY_MB, optarg);
			o.max_memory = n << 20;
			search_bound_given = true;
			break;
		case 'T':
			if (!parse_seconds(optarg, &o.timeout))
				return cmd_usage_error(argv[0], "--timeout takes a number of "
				    "seconds greater than 0, not '%s'", optarg);
			break;
		case 'r':
		case 'c':
			if (o.mode != EXPLORE_EXHAUSTIVE)
				return cmd_usage_error(argv[0], "--random and --pct exclude "
				    "each other");
			if (!cmd_parse_number(optarg, 1, UINT64_MAX, &o.runs))
				return cmd_usage_error(argv[0], "--%s takes a number of "
				    "schedules from 1, not '%s'", c == 'r' ? "random" : "pct",
				    optarg);
			o.mode = c == 'r' ? EXPLORE_RANDOM : EXPLORE_PCT;
			break;
		case 'j':
			if (!cmd_parse_number(optarg, 1, EXPLORE_MAX_JOBS, &n))
				return cmd_usage_error(argv[0], "--jobs takes a number from 1 "
				    "to %d, not '%s'", EXPLORE_MAX_JOBS, optarg);
			o.jobs = (int)n;
			break;
		case 'n':
			o.reduction = false;
			break;
		default:
			status = cmd_other_option(c, argv, &co, NULL);
			if (status != CMD_EXIT_OK)
				return status;
		}
	}
	o.seed = co.seed;
	o.max_steps = co.max_steps;
	json = co.format == CMD_JSON;
	trace_out = co.trace_out;
	if (o.mode != EXPLORE_EXHAUSTIVE && (o.preemptions >= 0 || search_bound_given ||
	    !o.reduction))
		return cmd_usage_error(argv[0], "--%s runs sampled schedules; --preemptions, "
		    "--max-states, --max-memory and --no-reduction are for the exhaustive "
		    "search",
		    o.mode == EXPLORE_RANDOM ? "random" : "pct");
	status = cmd_scenario_operand(argc, argv, trace_out, &file, &shown);
	if (status != CMD_EXIT_OK)
		return status;
	status = explore_file(file, shown, &o, json, trace_out);
	free(shown);
	free(file);
	return status;
}
