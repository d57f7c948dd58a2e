/* open.c - `lockstep [FILE]`.  Until the terminal UI exists, FILE is shown
 * as text: its title, its about: text and each thread's step program, so a
 * teacher can already read what one step of each statement is. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "lang/compile.h"
#include "util/paths.h"

static const char interim_note[] =
    "(The terminal UI is not built yet; this is the scenario as lockstep "
    "compiled it.\n Each '*' line is a visible action: one step. "
    "`lockstep run %s` runs it.)\n";

static int
show(const char *file, const char *name)
{
	struct lang_diags diags;
	struct lang_program *prog;

	lang_diags_init(&diags);
	prog = lang_compile_file(file, &diags);
	lang_diags_print(&diags, stderr);
	lang_diags_free(&diags);
	if (prog == NULL)
		return CMD_EXIT_ERROR;
	if (prog->title[0] != '\0')
		printf("%s\n\n", prog->title);
	if (prog->about[0] != '\0')
		printf("%s\n\n", prog->about);
	lang_program_dump(prog, stdout);
	printf(interim_note, name);
	lang_program_free(prog);
	return CMD_EXIT_OK;
}

int
cmd_open(int argc, char **argv)
{
	struct paths_list path = { 0 };
	char *file;
	int status;

	if (argc > 1)
		return cmd_usage_error(NULL, "unexpected argument '%s'", argv[1]);
	if (argc == 0) {
		char *list_argv[] = { (char *)"list", NULL };

		status = cmd_list(1, list_argv);
		fputs("\n(The terminal UI and its scenario picker are not built yet: "
		    "`lockstep NAME` shows a scenario's step program.)\n", stdout);
		return status;
	}
	paths_search_path(&path);
	file = cmd_find_scenario(&path, argv[0]);
	paths_list_free(&path);
	if (file == NULL) {
		fputs("Try 'lockstep --help' for the commands.\n", stderr);
		return CMD_EXIT_ERROR;
	}
	status = show(file, argv[0]);
	free(file);
	return status;
}
