/* replay.c - `lockstep replay --headless TRACE`: run a saved trace's
 * schedule again on real threads and print the same table. */
#include "config.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lang/compile.h"
#include "lang/limits.h"
#include "trace/file.h"
#include "ui/session.h"
#include "ui/tui.h"
#include "util/paths.h"
#include "util/readfile.h"
#include "util/xalloc.h"

static const char replay_usage[] =
    "usage: lockstep replay TRACE\n"
    "       lockstep replay --headless TRACE [--format text|json|svg|html] [--expand]\n"
    "\n"
    "Re-run the schedule saved in TRACE (by `lockstep run --trace`) on real\n"
    "threads and print the step table; it is identical to the recorded run's.\n"
    "A trace whose scenario has changed since it was recorded is refused.\n"
    "Without --headless, TRACE opens in the terminal UI: space plays its steps,\n"
    "Ctrl-R takes the next one, u steps back, + and - change the speed.\n";

/* The scenario a trace names: as recorded (relative to the current
 * directory), beside the trace, or by name on the search path. */
static char *
find_traced_scenario(const char *trace_path, const char *scenario)
{
	struct paths_list path = { 0 };
	char *copy, *beside, *found;

	/* a trace is shared like a scenario: it names a scenario, no other file */
	if (strchr(scenario, '/') != NULL && !paths_has_scenario_suffix(scenario)) {
		fprintf(stderr, "lockstep: %s names '%s', which is not a scenario "
		    "(a NAME or a FILE%s)\n", trace_path, scenario, PATHS_SCENARIO_SUFFIX);
		return NULL;
	}
	if (access(scenario, R_OK) == 0)
		return xstrdup(scenario);
	copy = xstrdup(trace_path);
	beside = xasprintf("%s/%s", dirname(copy), scenario);
	free(copy);
	if (scenario[0] != '/' && access(beside, R_OK) == 0)
		return beside;
	free(beside);
	paths_search_path(&path);
	found = cmd_find_scenario(&path, scenario);
	paths_list_free(&path);
	return found;
}

/* Whether file holds exactly the text the trace was recorded on.  Checked
 * before the file is compiled, so that a trace naming some other file
 * never makes lockstep show a line of it in a diagnostic. */
static bool
is_traced_source(const char *file, uint64_t hash)
{
	FILE *f = fopen(file, "rb");
	size_t len = 0;
	char *text = f != NULL ? read_bounded(f, LANG_MAX_FILE_BYTES, &len) : NULL;
	bool same = text != NULL && len <= LANG_MAX_FILE_BYTES &&
	    trace_source_hash(text, len) == hash;

	if (f != NULL)
		fclose(f);
	free(text);
	if (!same)
		fprintf(stderr, "lockstep: %s has changed since the trace was recorded; "
		    "the trace cannot be replayed on it\n", file);
	return same;
}

/* The trace in the terminal UI: its steps wait to be played. */
static int
replay_in_tui(const char *file, const struct trace_file *tf, const char *trace_path)
{
	struct ui_session *s;
	struct schedule steps = { 0 };
	char err[600];
	int status;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("lockstep replay: the terminal UI needs a terminal; --headless "
		    "prints the replayed run\n", stderr);
		return CMD_EXIT_ERROR;
	}
	s = ui_session_new(tf->seed);
	if (!ui_session_open(s, file, tf->scenario, stderr)) {
		ui_session_free(s);
		return CMD_EXIT_ERROR;
	}
	if (!schedule_parse(&steps, s->prog, tf->schedule, err, sizeof(err))) {
		fprintf(stderr, "lockstep: %s: %s\n", trace_path, err);
		ui_session_free(s);
		return CMD_EXIT_ERROR;
	}
	ui_session_load_replay(s, &steps, tf->max_steps, trace_path);
	schedule_free(&steps);
	status = ui_tui_run(s, NULL);
	ui_session_free(s);
	return status;
}

int
cmd_replay(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "headless", no_argument, NULL, 'H' },
		{ "format", required_argument, NULL, 'f' },
		{ "expand", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_run_options o;
	struct trace_file tf;
	bool headless = false;
	char err[600], *file;
	int c, status;

	memset(&o, 0, sizeof(o));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(replay_usage, stdout);
			return CMD_EXIT_OK;
		case 'H':
			headless = true;
			break;
		case 'f':
			if (!cmd_parse_format(optarg, &o.format))
				return cmd_usage_error(argv[0], "unknown format '%s' (use text, "
				    "json, svg or html)", optarg);
			break;
		case 'e':
			o.expand = true;
			break;
		default:
			return cmd_bad_option(argv[0], argv);
		}
	}
	if (optind == argc)
		return cmd_usage_error(argv[0], "no TRACE given");
	if (optind + 1 < argc)
		return cmd_usage_error(argv[0], "unexpected argument '%s'", argv[optind + 1]);
	if (!trace_load(&tf, argv[optind], err, sizeof(err))) {
		fprintf(stderr, "lockstep: %s\n", err);
		return CMD_EXIT_ERROR;
	}
	file = find_traced_scenario(argv[optind], tf.scenario);
	if (file == NULL || !is_traced_source(file, tf.source_hash)) {
		free(file);
		trace_file_free(&tf);
		return CMD_EXIT_ERROR;
	}
	if (!headless) {
		status = replay_in_tui(file, &tf, argv[optind]);
		free(file);
		trace_file_free(&tf);
		return status;
	}
	o.file = file;
	o.display_name = tf.scenario;
	o.policy = POLICY_REPLAY;
	o.schedule = tf.schedule;
	o.seed = tf.seed;
	o.max_steps = tf.max_steps > 0 ? tf.max_steps : MODEL_DEFAULT_MAX_STEPS;
	o.expected_hash = tf.source_hash;
	o.replay_policy_name = tf.policy;
	status = cmd_execute(&o);
	free(file);
	trace_file_free(&tf);
	return status;
}
