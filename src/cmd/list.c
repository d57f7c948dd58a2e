#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "lang/compile.h"
#include "util/paths.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char list_usage[] =
    "usage: lockstep list\n"
    "\n"
    "List the scenarios on the search path (see lockstep(1)) by name, with\n"
    "their titles; where two directories hold one name, the first wins.\n"
    "The Python programs of a python/ directory follow, as python/NAME,\n"
    "those that compile only.\n"
    "A challenge (a scenario with a goal:) is marked [challenge], and a\n"
    "scenario with tours [N tours].\n";

/* The title, and the marks of a challenge and of tours; NULL for a
 * program of a python/ directory that does not compile (yet). */
static char *
scenario_title(const struct paths_scenario *s)
{
	const char *file = s->file;
	struct lang_diags diags;
	struct lang_program *prog;
	struct strbuf title = { 0 };

	lang_diags_init(&diags);
	prog = lang_compile_file(file, &diags);
	if (prog == NULL && paths_scenario_is_python_dir(s)) {
		lang_diags_free(&diags);
		return NULL;
	}
	if (prog == NULL) {
		/* a file that cannot be read says why: "is a FIFO, not a regular file" */
		char *why = diags.count > 0 && diags.items[0].loc.line == 0 ?
		    xasprintf("(cannot be read: %s)", diags.items[0].message) :
		    xstrdup("(does not compile)");

		lang_diags_free(&diags);
		return why;
	}
	lang_diags_free(&diags);
	strbuf_printf(&title, "%s", prog->title);
	if (prog->goal.kind != LANG_GOAL_NONE)
		strbuf_printf(&title, "%s[challenge]", prog->title[0] ? " " : "");
	if (prog->ntours > 0)
		strbuf_printf(&title, "%s[%zu tour%s]", strbuf_str(&title)[0] ? " " : "",
		    prog->ntours, prog->ntours == 1 ? "" : "s");
	lang_program_free(prog);
	return strbuf_detach(&title);
}

static void
print_scenarios(const struct paths_scenario *scenarios, size_t count)
{
	int width = 0;
	size_t i;

	for (i = 0; i < count; i++)
		if ((int)strlen(scenarios[i].name) > width)
			width = (int)strlen(scenarios[i].name);
	for (i = 0; i < count; i++) {
		char *title = scenario_title(&scenarios[i]);
		char *name;

		if (title == NULL)
			continue;
		/* a file name is the file's too: a title is made safe when compiled */
		name = sanitize(scenarios[i].name, SANITIZE_LINE);
		if (title[0] == '\0')
			printf("%s\n", name);
		else
			printf("%-*s  %s\n", width, name, title);
		free(name);
		free(title);
	}
}

int
cmd_list(int argc, char **argv)
{
	struct paths_list path = { 0 };
	struct paths_scenario *scenarios;
	size_t count;
	int first, status;

	if (!cmd_parse_help_only(argc, argv, list_usage, &first, &status))
		return status;
	if (first < argc)
		return cmd_usage_error(argv[0], "unexpected argument '%s'",
		    argv[first]);
	paths_search_path(&path);
	count = paths_find_all_scenarios(&path, &scenarios);
	if (count == 0) {
		char *dirs = paths_list_join(&path, ", ");

		fprintf(stderr, "lockstep: no scenarios found (searched: %s)\n",
		    dirs);
		free(dirs);
	}
	print_scenarios(scenarios, count);
	paths_scenarios_free(scenarios, count);
	paths_list_free(&path);
	return CMD_EXIT_OK;
}
