/* paths.h - where lockstep finds scenarios by name.
 *
 * The search path, in order:
 *   1. each directory of $LOCKSTEP_PATH (colon-separated; empty entries skipped);
 *   2. $XDG_DATA_HOME/lockstep/scenarios, or ~/.local/share/lockstep/scenarios
 *      when XDG_DATA_HOME is unset or not absolute;
 *   3. the bundled scenarios: $(pkgdatadir)/scenarios; for the uninstalled
 *      binary run from its build tree, the source tree's scenarios/ instead,
 *      so that a build never reads an older installed copy.
 *
 * A struct paths_list owns its directory strings.  A zeroed one is empty.
 */
#ifndef LOCKSTEP_UTIL_PATHS_H
#define LOCKSTEP_UTIL_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#define PATHS_SCENARIO_SUFFIX ".race"

#define PATHS_PYTHON_SUFFIX ".py"

/* A directory's python/ directory holds Python programs, listed and
 * found as python/NAME (the bundled scenarios/python). */
#define PATHS_PYTHON_DIR "python"

/* Whether s ends in PATHS_SCENARIO_SUFFIX or PATHS_PYTHON_SUFFIX (a Python
 * program is a scenario too). */
bool paths_has_scenario_suffix(const char *s);
/* The length of that suffix, 0 if s has neither. */
size_t paths_scenario_suffix_len(const char *s);

struct paths_list {
	char **dirs;
	size_t count, cap;
};

/* Fill an empty list with the search path of the current environment. */
void paths_search_path(struct paths_list *path);
void paths_list_add(struct paths_list *path, const char *dir);
void paths_list_free(struct paths_list *path);
/* The directories joined by sep, for messages; the caller frees it. */
char *paths_list_join(const struct paths_list *path, const char *sep);

/* The file a FILE argument of the command line stands for; the caller frees it.
 * An argument containing '/' is a path and is returned as is (but
 * python/NAME, searched for as NAME is), and so is one
 * ending in .race (or .py) that exists.  Otherwise NAME.race, else NAME.py,
 * in the current directory, then in each directory of path;
 * the first that has it wins.  NULL if none has it (see
 * paths_describe_search for the message), except that a NAME.race that is
 * there but not a file (a directory, say) is returned as is, for the loader
 * to say what it is. */
char *paths_find_scenario(const struct paths_list *path, const char *arg);

/* Where paths_find_scenario looked for arg, for a message: "./x.race,
 * /dir/x.race, ..."; the caller frees it. */
char *paths_describe_search(const struct paths_list *path, const char *arg);

struct paths_scenario {
	char *name;	/* the file name without .race */
	char *file;	/* the directory joined with the file name */
};

/* Every NAME.race (or NAME.py) file in the directories of path, and every
 * NAME.py in their python/ directories as python/NAME, the first occurrence
 * of each name only, sorted by name, the python/ ones last.  Directories
 * that cannot be read are skipped.  Returns the count; free with
 * paths_scenarios_free. */
size_t paths_find_all_scenarios(const struct paths_list *path,
    struct paths_scenario **scenarios);
/* Whether s is a program of a python/ directory: one the lists show only
 * once it compiles (a program outside lockstep's subset is no scenario). */
bool paths_scenario_is_python_dir(const struct paths_scenario *s);
void paths_scenarios_free(struct paths_scenario *scenarios, size_t count);

#endif
