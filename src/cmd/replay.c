/* replay.c - `lockstep replay --headless TRACE`: run a saved trace's
 * schedule again on real threads and print the same table. */
#include "config.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lang/compile.h"
#include "lang/limits.h"
#include "trace/file.h"
#include "ui/session.h"
#include "ui/tui.h"
#include "util/paths.h"
#include "util/readfile.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char replay_usage[] =
    "usage: lockstep replay TRACE\n"
    "       lockstep replay --headless TRACE [--format text|json|svg|html] [--expand]\n"
    "                       [--steps A-B] [--theme light|dark] [-o FILE]\n"
    "\n"
    "Re-run the schedule saved in TRACE (by `lockstep run --trace`) on real\n"
    "threads and print the step table; it is identical to the recorded run's.\n"
    "TRACE carries its scenario's source: it replays without the .race file.\n"
    "A file of the scenario's name beside TRACE or on the search path is used\n"
    "if it is the one recorded; if it differs, the trace's own copy is.\n"
    "Without --headless, TRACE opens in the terminal UI: space plays its steps,\n"
    "Ctrl-R takes the next one, u steps back, + and - change the speed.\n"
    "--steps, --theme and -o are run's (see lockstep run --help).\n";

/* Is file a regular file?  Noted in looked either way, for the message
 * that says where the scenario was looked for. */
static bool
candidate(const char *file, struct strbuf *looked)
{
	struct stat st;

	strbuf_printf(looked, "%s%s", looked->len > 0 ? ", " : "", file);
	return stat(file, &st) == 0 && S_ISREG(st.st_mode);
}

/* The scenario a trace names, or NULL.  A trace is shared like a scenario:
 * it names a scenario and no other file.  A name with a '/' is a path to a
 * FILE.race (as recorded, from the current directory, or beside the trace);
 * a bare NAME is only NAME.race beside the trace or on the search path. */
static char *
find_traced_scenario(const char *trace_path, const char *scenario,
    struct strbuf *looked)
{
	bool has_suffix = paths_has_scenario_suffix(scenario);
	struct paths_list path = { 0 };
	char *copy, *dir, *file;
	size_t i;

	copy = xstrdup(trace_path);
	dir = xstrdup(dirname(copy));
	free(copy);
	if (strchr(scenario, '/') != NULL) {
		if (candidate(scenario, looked)) {
			free(dir);
			return xstrdup(scenario);
		}
		file = xasprintf("%s/%s", dir, scenario);
		free(dir);
		if (scenario[0] != '/' && candidate(file, looked))
			return file;
		free(file);
		return NULL;
	}
	file = xasprintf("%s/%s%s", dir, scenario, has_suffix ? "" : PATHS_SCENARIO_SUFFIX);
	free(dir);
	if (candidate(file, looked))
		return file;
	free(file);
	file = NULL;
	paths_search_path(&path);
	for (i = 0; i < path.count && file == NULL; i++) {
		file = xasprintf("%s/%s%s", path.dirs[i], scenario,
		    has_suffix ? "" : PATHS_SCENARIO_SUFFIX);
		if (!candidate(file, looked)) {
			free(file);
			file = NULL;
		}
	}
	paths_list_free(&path);
	return file;
}

/* Whether file holds exactly the text the trace was recorded on.  Checked
 * before the file is compiled, so that a trace naming some other file
 * never makes lockstep show a line of it in a diagnostic. */
static bool
is_traced_source(const char *file, uint64_t hash)
{
	const char *why;
	FILE *f = read_open(file, &why);
	size_t len = 0;
	char *text = f != NULL ? read_bounded(f, LANG_MAX_FILE_BYTES, &len) : NULL;
	bool same = text != NULL && len <= LANG_MAX_FILE_BYTES &&
	    trace_source_hash(text, len) == hash;

	if (f != NULL)
		fclose(f);
	free(text);
	return same;
}

/* Decide what a trace is replayed on: *file, a scenario file that is the
 * one recorded, or (*file NULL) the trace's own copy.  false after a
 * message if there is neither. */
static bool
choose_source(const char *trace_path, const struct trace_file *tf, const char *shown,
    char **file)
{
	struct strbuf looked = { 0 };
	char *safe_trace = sanitize(trace_path, SANITIZE_LINE), *safe_file = NULL;
	bool ok = true;

	*file = NULL;
	if (strchr(tf->scenario, '/') != NULL && !paths_has_scenario_suffix(tf->scenario)) {
		fprintf(stderr, "lockstep: %s names '%s', which is not a scenario "
		    "(a NAME or a FILE%s)\n", safe_trace, shown, PATHS_SCENARIO_SUFFIX);
		free(safe_trace);
		return false;
	}
	*file = find_traced_scenario(trace_path, tf->scenario, &looked);
	if (*file != NULL)
		safe_file = sanitize(*file, SANITIZE_LINE);
	if (*file != NULL && !is_traced_source(*file, tf->source_hash)) {
		if (tf->source != NULL) {
			fprintf(stderr, "lockstep: note: %s differs from the scenario "
			    "recorded in %s; replaying the trace's own copy\n", safe_file,
			    safe_trace);
		} else {
			fprintf(stderr, "lockstep: %s has changed since the trace was "
			    "recorded; the trace cannot be replayed on it\n", safe_file);
			ok = false;
		}
		free(*file);
		*file = NULL;
	} else if (*file == NULL && tf->source == NULL) {
		char *where = sanitize(strbuf_str(&looked), SANITIZE_LINE);

		fprintf(stderr, "lockstep: %s: scenario '%s' not found (looked for %s); "
		    "this trace was written by an older lockstep and does not carry "
		    "a copy of it\n", safe_trace, shown, where);
		free(where);
		ok = false;
	}
	free(safe_file);
	free(safe_trace);
	strbuf_free(&looked);
	return ok;
}

/* The trace in the terminal UI: its steps wait to be played. */
static int
replay_in_tui(const char *file, const struct trace_file *tf, const char *shown,
    const char *trace_path)
{
	struct ui_session *s;
	struct schedule steps = { 0 };
	char err[600];
	bool opened;
	int status;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("lockstep replay: the terminal UI needs a terminal; --headless "
		    "prints the replayed run\n", stderr);
		return CMD_EXIT_ERROR;
	}
	s = ui_session_new(tf->seed);
	opened = file != NULL ? ui_session_open(s, file, shown, stderr) :
	    ui_session_open_text(s, tf->source, tf->source_len, shown, stderr);
	if (!opened) {
		ui_session_free(s);
		return CMD_EXIT_ERROR;
	}
	if (!schedule_parse(&steps, s->prog, tf->schedule, err, sizeof(err))) {
		char *safe = sanitize(err, SANITIZE_LINE);

		fprintf(stderr, "lockstep: %s: %s\n", trace_path, safe);
		free(safe);
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
		CMD_OPTION_FORMAT,
		{ "expand", no_argument, NULL, 'e' },
		CMD_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_run_options o;
	struct cmd_common_options co = { .pictures = true };
	struct trace_file tf;
	bool headless = false;
	char err[600], *file, *shown;
	int c, status;

	memset(&o, 0, sizeof(o));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(replay_usage, stdout);
			return CMD_EXIT_OK;
		case 'H':
			headless = true;
			break;
		case 'e':
			o.expand = true;
			break;
		default:
			status = cmd_other_option(c, argv, &co, &o);
			if (status != CMD_EXIT_OK)
				return status;
		}
	}
	if (!headless && (o.output != NULL || o.export_option != NULL))
		return cmd_usage_error(argv[0], "%s goes with --headless",
		    o.output != NULL ? "-o" : o.export_option);
	o.format = co.format;
	status = cmd_check_output_options(argv[0], &o);
	if (status != CMD_EXIT_OK)
		return status;
	if (optind == argc)
		return cmd_usage_error(argv[0], "no TRACE given");
	if (optind + 1 < argc)
		return cmd_usage_error(argv[0], "unexpected argument '%s'", argv[optind + 1]);
	if (!trace_load(&tf, argv[optind], err, sizeof(err))) {
		char *safe = sanitize(err, SANITIZE_LINE);

		fprintf(stderr, "lockstep: %s\n", safe);
		free(safe);
		return CMD_EXIT_ERROR;
	}
	shown = sanitize(tf.scenario, SANITIZE_LINE);
	if (!choose_source(argv[optind], &tf, shown, &file)) {
		free(shown);
		trace_file_free(&tf);
		return CMD_EXIT_ERROR;
	}
	if (!headless) {
		status = replay_in_tui(file, &tf, shown, argv[optind]);
		free(file);
		free(shown);
		trace_file_free(&tf);
		return status;
	}
	o.file = file != NULL ? file : shown;
	if (file == NULL) {
		o.source_text = tf.source;
		o.source_len = tf.source_len;
	}
	o.display_name = shown;
	o.policy = POLICY_REPLAY;
	o.schedule = tf.schedule;
	o.seed = tf.seed;
	o.max_steps = tf.max_steps > 0 ? tf.max_steps : MODEL_DEFAULT_MAX_STEPS;
	o.expected_hash = tf.source_hash;
	o.replay_policy_name = tf.policy;
	status = cmd_execute(&o);
	free(file);
	free(shown);
	trace_file_free(&tf);
	return status;
}
