#include "config.h"

#include "cmd/cmd.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/compile.h"
#include "model/model.h"
#include "trace/trace.h"
#include "util/number.h"
#include "util/outfile.h"
#include "util/paths.h"
#include "util/sanitize.h"

int
cmd_usage_error(const char *verb, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lockstep%s%s: ", verb != NULL ? " " : "",
	    verb != NULL ? verb : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'lockstep%s%s --help'.\n", verb != NULL ? " " : "",
	    verb != NULL ? verb : "");
	return CMD_EXIT_ERROR;
}

int
cmd_bad_option(const char *verb, char **argv)
{
	const char *arg = argv[optind - 1];

	if (optopt != 0 && strncmp(arg, "--", 2) != 0)
		return cmd_usage_error(verb, "unknown option '-%c'", optopt);
	return cmd_usage_error(verb, "unknown option '%s'", arg);
}

bool
cmd_parse_help_only(int argc, char **argv, const char *usage, int *first,
    int *status)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			*status = CMD_EXIT_OK;
		} else {
			*status = cmd_bad_option(argv[0], argv);
		}
		return false;
	}
	*first = optind;
	return true;
}

bool
cmd_parse_number(const char *arg, uint64_t min, uint64_t max, uint64_t *out)
{
	return number_parse(arg, 10, min, max, out);
}

bool
cmd_output_allowed(const char *path)
{
	const char *refusal = path != NULL ? outfile_refusal(path) : NULL;

	if (refusal != NULL)
		fprintf(stderr, "lockstep: cannot write %s: it %s\n", path, refusal);
	return refusal == NULL;
}

char *
cmd_find_scenario(const struct paths_list *path, const char *arg)
{
	char *file = paths_find_scenario(path, arg);

	if (file == NULL) {
		char *looked = paths_describe_search(path, arg);

		fprintf(stderr, "lockstep: no scenario named '%s' (looked for %s)\n",
		    arg, looked);
		free(looked);
	}
	return file;
}

bool
cmd_common_option(int c, const char *arg, const char *verb,
    struct cmd_common_options *co, int *status)
{
	uint64_t n;

	*status = CMD_EXIT_OK;
	switch (c) {
	case CMD_OPT_SEED:
		if (!cmd_parse_number(arg, 0, UINT64_MAX, &co->seed))
			*status = cmd_usage_error(verb, "--seed takes a number, not '%s'", arg);
		return true;
	case CMD_OPT_MAX_STEPS:
		if (!cmd_parse_number(arg, 1, MODEL_MAX_STEPS_LIMIT, &n))
			*status = cmd_usage_error(verb, "--max-steps takes a number from 1 "
			    "to %d, not '%s'", MODEL_MAX_STEPS_LIMIT, arg);
		else
			co->max_steps = (int)n;
		return true;
	case CMD_OPT_FORMAT:
		if (!cmd_parse_format(arg, &co->format) ||
		    (!co->pictures && co->format != CMD_TEXT && co->format != CMD_JSON))
			*status = cmd_usage_error(verb, co->pictures ?
			    "unknown format '%s' (use text, json, svg or html)" :
			    "unknown format '%s' (use text or json)", arg);
		return true;
	case CMD_OPT_TRACE:
		co->trace_out = arg;
		return true;
	default:
		return false;
	}
}

bool
cmd_parse_format(const char *name, enum cmd_format *format)
{
	static const char *const names[] = { "text", "json", "svg", "html" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*format = (enum cmd_format)i;
			return true;
		}
	return false;
}

/* "A-B": steps A to B, 1 <= A <= B. */
static bool
parse_steps(const char *arg, struct export_options *e)
{
	const char *dash = strchr(arg, '-');
	uint64_t a, b;
	char first[32];

	if (dash == NULL || (size_t)(dash - arg) >= sizeof(first))
		return false;
	memcpy(first, arg, (size_t)(dash - arg));
	first[dash - arg] = '\0';
	if (!cmd_parse_number(first, 1, TRACE_MAX_STEPS, &a) ||
	    !cmd_parse_number(dash + 1, 1, TRACE_MAX_STEPS, &b) || a > b)
		return false;
	e->first = (size_t)a;
	e->last = (size_t)b;
	return true;
}

bool
cmd_parse_output_option(int c, const char *arg, const char *verb,
    struct cmd_run_options *o, int *status)
{
	*status = CMD_EXIT_OK;
	switch (c) {
	case CMD_OPT_STEPS:
		if (!parse_steps(arg, &o->export))
			*status = cmd_usage_error(verb, "--steps takes A-B, the first and the "
			    "last step shown (from 1, A <= B), not '%s'", arg);
		o->export_option = "--steps";
		return true;
	case CMD_OPT_THEME:
		if (!export_theme_by_name(arg, &o->export.theme))
			*status = cmd_usage_error(verb, "unknown theme '%s' (use light or "
			    "dark)", arg);
		o->export_option = "--theme";
		return true;
	case 'o':
		if (arg[0] == '\0')
			*status = cmd_usage_error(verb, "-o takes a file name");
		o->output = arg;
		return true;
	default:
		return false;
	}
}

int
cmd_check_output_options(const char *verb, const struct cmd_run_options *o)
{
	if (o->export_option != NULL && o->format != CMD_SVG && o->format != CMD_HTML)
		return cmd_usage_error(verb, "%s goes with --format svg or html",
		    o->export_option);
	return cmd_output_allowed(o->output) ? CMD_EXIT_OK : CMD_EXIT_ERROR;
}

int
cmd_other_option(int c, char **argv, struct cmd_common_options *co,
    struct cmd_run_options *o)
{
	int status;

	if (!cmd_common_option(c, optarg, argv[0], co, &status) &&
	    (o == NULL || !cmd_parse_output_option(c, optarg, argv[0], o, &status)))
		return cmd_bad_option(argv[0], argv);
	return status;
}

struct lang_program *
cmd_compile(const char *file, const char *text, size_t len)
{
	struct lang_diags diags;
	struct lang_program *prog;

	lang_diags_init(&diags);
	prog = text != NULL ? lang_compile_text(file, text, len, &diags) :
	    lang_compile_file(file, &diags);
	lang_diags_print(&diags, stderr);
	lang_diags_free(&diags);
	return prog;
}

bool
cmd_scenario_open(struct cmd_scenario *sc, const char *file, const char *text, size_t len)
{
	memset(sc, 0, sizeof(*sc));
	sc->prog = cmd_compile(file, text, len);
	if (sc->prog == NULL)
		return false;
	sc->m = model_new(sc->prog, &sc->strings);
	return true;
}

void
cmd_scenario_close(struct cmd_scenario *sc)
{
	model_free(sc->m);
	lang_program_free(sc->prog);
	model_strings_free(&sc->strings);
}

int
cmd_scenario_operand(int argc, char **argv, const char *trace_out, char **file,
    char **shown)
{
	struct paths_list path = { 0 };

	if (optind == argc)
		return cmd_usage_error(argv[0], "no scenario FILE given");
	if (optind + 1 < argc)
		return cmd_usage_error(argv[0], "unexpected argument '%s'", argv[optind + 1]);
	if (!cmd_output_allowed(trace_out))
		return CMD_EXIT_ERROR;
	paths_search_path(&path);
	*file = cmd_find_scenario(&path, argv[optind]);
	paths_list_free(&path);
	if (*file == NULL)
		return CMD_EXIT_ERROR;
	/* a name from a directory listing (a glob) is shown like file text */
	*shown = sanitize(argv[optind], SANITIZE_LINE);
	return CMD_EXIT_OK;
}
