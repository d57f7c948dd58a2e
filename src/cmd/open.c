/* open.c - `lockstep [FILE]`: the terminal UI on FILE, or on the scenario
 * picker without one.  The file is compiled before the terminal is touched,
 * so a file that does not compile prints its diagnostics and exits 2 like
 * `check`.  When standard output is not a terminal, FILE is shown as text
 * instead: its title, its about: text and each thread's step program. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lang/compile.h"
#include "ui/session.h"
#include "ui/tui.h"
#include "util/paths.h"

static int
show_as_text(const char *file)
{
	struct lang_program *prog = cmd_compile(file, NULL, 0);

	if (prog == NULL)
		return CMD_EXIT_ERROR;
	if (prog->title[0] != '\0')
		printf("%s\n\n", prog->title);
	if (prog->about[0] != '\0')
		printf("%s\n\n", prog->about);
	lang_program_dump(prog, stdout);
	fputs("(Each '*' line is a visible action: one step.)\n", stdout);
	lang_program_free(prog);
	return CMD_EXIT_OK;
}

static bool
interactive(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

int
cmd_open(int argc, char **argv, const char *record)
{
	struct paths_list path = { 0 };
	struct ui_session *s;
	char *file;
	int status;

	if (argc > 1)
		return cmd_usage_error(NULL, "unexpected argument '%s'", argv[1]);
	/* before the session starts, not after a lesson was given unrecorded */
	if (!cmd_output_allowed(record))
		return CMD_EXIT_ERROR;
	if (record != NULL && !interactive()) {
		fputs("lockstep: --record records the terminal UI, which needs a "
		    "terminal\n", stderr);
		return CMD_EXIT_ERROR;
	}
	if (argc == 0) {
		char *list_argv[] = { (char *)"list", NULL };

		if (!interactive())
			return cmd_list(1, list_argv);
		s = ui_session_new(0);
		ui_session_show_picker(s);
		status = ui_tui_run(s, record);
		ui_session_free(s);
		return status;
	}
	paths_search_path(&path);
	file = cmd_find_scenario(&path, argv[0]);
	paths_list_free(&path);
	if (file == NULL) {
		fputs("Try 'lockstep --help' for the commands.\n", stderr);
		return CMD_EXIT_ERROR;
	}
	if (!interactive()) {
		status = show_as_text(file);
		free(file);
		return status;
	}
	s = ui_session_new(0);
	if (!ui_session_open(s, file, argv[0], stderr)) {
		ui_session_free(s);
		free(file);
		return CMD_EXIT_ERROR;
	}
	free(file);
	status = ui_tui_run(s, record);
	ui_session_free(s);
	return status;
}
