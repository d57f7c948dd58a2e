/* cmd.h - the commands of the command line, git-style: `lockstep VERB ARGS`.
 *
 * Each cmd_VERB takes the arguments from the verb on (argv[0] is the verb),
 * parses its own options and returns the exit status.  CMD_VERBS is the one
 * table of verbs: main dispatches through it and prints --help from it.
 */
#ifndef LOCKSTEP_CMD_CMD_H
#define LOCKSTEP_CMD_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "sched/policy.h"
#include "record/export.h"

struct paths_list;

enum cmd_exit {
	CMD_EXIT_OK = 0,
	CMD_EXIT_BUG = 1,	/* the run showed a bug */
	CMD_EXIT_ERROR = 2,	/* a scenario or usage error */
	/* 3, an internal error or out of memory, is util_fatal's. */
	CMD_EXIT_NOT_PROVEN = 4,	/* no bug found, but not proven: a search not
				   exhaustive, a run cut short at its step limit */
};

/*      verb    arguments    what it does */
#define CMD_VERBS(X) \
	X(run,    "FILE [OPTIONS]",     "run a scenario (or a tour) once; print the steps") \
	X(explore, "FILE [OPTIONS]",    "search every schedule; print every outcome") \
	X(free,   "FILE [OPTIONS]",     "run it many times on real threads; count outcomes") \
	X(replay, "[--headless] TRACE", "replay a saved trace in the UI (or print it)") \
	X(check,  "FILE...",            "parse and compile scenarios; print their errors") \
	X(list,   "",                   "list scenarios: titles, challenges and tours")

#define X(verb, args, summary) int cmd_##verb(int argc, char **argv);
CMD_VERBS(X)
#undef X

/* free's words on how sure its count is ("" if none are needed): when
 * bugs of runs (judged of them finished) is rare, the rate per 1,000 runs
 * with its 95% interval and, on a line of its own, how to see it more
 * often (twin: the scenario widened by a sleep, or NULL); when no run of
 * judged showed a bug, how often one could still happen unseen. */
void cmd_free_rate_text(int bugs, int runs, int judged, const char *twin, char *buf,
    size_t size);
/* How to name file's twin widened by a sleep, as display_name names file
 * (lost-update -> lost-update-sleep), if a regular file NAME-sleep.race is
 * beside it; NULL if not.  The caller frees it. */
char *cmd_free_sleep_twin(const char *file, const char *display_name);

/* One controlled run, as `run` and `replay` do it. */
struct cmd_run_options {
	const char *file;		/* the scenario file to compile */
	const char *source_text;	/* or, if not NULL, this text (named file) */
	size_t source_len;
	const char *display_name;	/* how the report and the trace name it */
	enum policy_kind policy;
	const char *schedule;		/* SCHEDULE and REPLAY */
	uint64_t seed;
	int max_steps;
	enum cmd_format { CMD_TEXT, CMD_JSON, CMD_SVG, CMD_HTML } format;
	bool expand, summary;
	const char *trace_out;		/* --trace, or NULL */
	const char *output;		/* -o: the report's file; NULL: stdout */
	struct export_options export;	/* svg, html: --steps, --theme */
	const char *export_option;	/* "--steps" or "--theme" if given */
	const char *tour;		/* --tour N|NAME, or NULL */
	uint64_t expected_hash;		/* replay: the source must hash to this */
	const char *replay_policy_name;	/* replay: the recorded run's policy */
};
int cmd_execute(const struct cmd_run_options *o);

/* -o FILE, --steps A-B and --theme T: where and how run and replay
 * --headless write their report; their rows for getopt_long's table (the
 * short options take "o:"). */
enum { CMD_OPT_STEPS = 0x100, CMD_OPT_THEME };
#define CMD_OUTPUT_OPTIONS \
	{ "steps", required_argument, NULL, CMD_OPT_STEPS }, \
	{ "theme", required_argument, NULL, CMD_OPT_THEME }, \
	{ "output", required_argument, NULL, 'o' }
/* True if getopt_long's c is one of them, parsed into o; *status is then
 * CMD_EXIT_OK, or that of the usage error printed. */
bool cmd_parse_output_option(int c, const char *arg, const char *verb,
    struct cmd_run_options *o, int *status);
/* --seed N, --max-steps N, --format F and --trace OUT: the options the
 * verbs share, parsed once so they read and fail alike everywhere.  A verb
 * puts in its getopt_long table the rows it takes and sets the defaults. */
enum { CMD_OPT_SEED = 0x110, CMD_OPT_MAX_STEPS, CMD_OPT_FORMAT, CMD_OPT_TRACE };
#define CMD_OPTION_SEED { "seed", required_argument, NULL, CMD_OPT_SEED }
#define CMD_OPTION_MAX_STEPS { "max-steps", required_argument, NULL, CMD_OPT_MAX_STEPS }
#define CMD_OPTION_FORMAT { "format", required_argument, NULL, CMD_OPT_FORMAT }
#define CMD_OPTION_TRACE { "trace", required_argument, NULL, CMD_OPT_TRACE }
struct cmd_common_options {
	bool pictures;		/* --format takes svg and html, not only text and json */
	uint64_t seed;
	int max_steps;
	enum cmd_format format;
	const char *trace_out;	/* NULL if not given */
};
/* True if getopt_long's c is one of them, parsed into co; *status is then
 * CMD_EXIT_OK, or that of the usage error printed. */
bool cmd_common_option(int c, const char *arg, const char *verb,
    struct cmd_common_options *co, int *status);
/* After the options: --steps and --theme need svg or html, and -o a file
 * lockstep may write.  CMD_EXIT_OK, or the status of the message printed. */
int cmd_check_output_options(const char *verb, const struct cmd_run_options *o);
/* The default branch of a verb's option switch: c is one of the shared
 * options (cmd_common_option) or, if o is not NULL, of the output options
 * (cmd_parse_output_option), or else unknown.  CMD_EXIT_OK, or the status
 * of the usage error printed. */
int cmd_other_option(int c, char **argv, struct cmd_common_options *co,
    struct cmd_run_options *o);
/* A decimal number from min to max, nothing else in arg. */
bool cmd_parse_number(const char *arg, uint64_t min, uint64_t max, uint64_t *out);
/* "text", "json", "svg", "html"; false if none of them. */
bool cmd_parse_format(const char *name, enum cmd_format *format);

/* Compile a scenario: file, or (text not NULL) the text named file; its
 * diagnostics go to stderr.  NULL if it does not compile. */
struct lang_program *cmd_compile(const char *file, const char *text, size_t len);

/* A scenario compiled (as cmd_compile does) and its model built: what
 * run, explore and free work on.  cmd_scenario_open is false if it does
 * not compile; cmd_scenario_close frees what it made. */
struct cmd_scenario {
	struct lang_program *prog;
	struct model_strings strings;
	struct model *m;
};
bool cmd_scenario_open(struct cmd_scenario *sc, const char *file, const char *text,
    size_t len);
void cmd_scenario_close(struct cmd_scenario *sc);

/* `lockstep [--record CAST] [FILE]`: the terminal UI; argv holds the
 * operands only; record is NULL or the asciicast to write. */
int cmd_open(int argc, char **argv, const char *record);

/* Parse the options of a verb whose only option is --help: prints usage
 * and sets *status for --help or a bad option and returns false; returns
 * true with *first set to the first operand otherwise. */
bool cmd_parse_help_only(int argc, char **argv, const char *usage,
    int *first, int *status);
/* "lockstep VERB: message" (verb NULL: "lockstep: message") and a pointer
 * to --help on stderr; returns CMD_EXIT_ERROR. */
int cmd_usage_error(const char *verb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* cmd_usage_error for the option getopt_long just rejected (opterr 0). */
int cmd_bad_option(const char *verb, char **argv);
/* Whether path (NULL: none) may be written by --trace and the like; if
 * not, says why on stderr.  Checked before the work, not after it. */
bool cmd_output_allowed(const char *path);
/* The scenario file a FILE argument names (see paths_find_scenario), or
 * NULL after "no scenario named ..." on stderr.  The caller frees it. */
char *cmd_find_scenario(const struct paths_list *path, const char *arg);
/* After the options, the one scenario FILE operand of run, explore and
 * free: *file is the file it names and *shown how to show it (both for
 * the caller to free), once trace_out (NULL: none) is known writable.
 * CMD_EXIT_OK, or the status of the message printed. */
int cmd_scenario_operand(int argc, char **argv, const char *trace_out, char **file,
    char **shown);

#endif
