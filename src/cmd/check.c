#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "lang/compile.h"
#include "trace/tour.h"
#include "util/paths.h"

static const char check_usage[] =
    "usage: lockstep check FILE...\n"
    "\n"
    "Parse and compile each scenario FILE and print its errors, like a compiler;\n"
    "each tour is also taken on the model, to see that every step can run.\n"
    "FILE is a path or the name of a scenario on the search path (see lockstep(1)).\n"
    "Exit status: 0 if every FILE compiles, 2 if any does not.\n";

static bool
check_one(const struct paths_list *path, const char *arg)
{
	struct lang_diags diags;
	struct lang_program *prog;
	char *file = cmd_find_scenario(path, arg);
	bool ok;

	if (file == NULL)
		return false;
	lang_diags_init(&diags);
	prog = lang_compile_file(file, &diags);
	ok = prog != NULL && tour_validate(prog, &diags);
	lang_diags_print(&diags, stderr);
	lang_diags_free(&diags);
	free(file);
	if (prog != NULL)
		lang_program_free(prog);
	return ok;
}

int
cmd_check(int argc, char **argv)
{
	struct paths_list path = { 0 };
	int first, i, status;

	if (!cmd_parse_help_only(argc, argv, check_usage, &first, &status))
		return status;
	if (first == argc)
		return cmd_usage_error(argv[0], "no scenario FILE given");
	paths_search_path(&path);
	status = CMD_EXIT_OK;
	for (i = first; i < argc; i++)
		if (!check_one(&path, argv[i]))
			status = CMD_EXIT_ERROR;
	paths_list_free(&path);
	return status;
}
