#include "config.h"

#include "util/paths.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

void
paths_list_add(struct paths_list *path, const char *dir)
{
	path->dirs = xgrow(path->dirs, &path->cap, path->count + 1,
	    sizeof *path->dirs);
	path->dirs[path->count++] = xstrdup(dir);
}

void
paths_list_free(struct paths_list *path)
{
	size_t i;

	for (i = 0; i < path->count; i++)
		free(path->dirs[i]);
	free(path->dirs);
	path->dirs = NULL;
	path->count = path->cap = 0;
}

char *
paths_list_join(const struct paths_list *path, const char *sep)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < path->count; i++) {
		if (i > 0)
			strbuf_puts(&sb, sep);
		strbuf_puts(&sb, path->dirs[i]);
	}
	return strbuf_detach(&sb);
}

static void
add_each_of(struct paths_list *path, const char *colon_separated)
{
	const char *s = colon_separated;

	while (*s != '\0') {
		size_t len = strcspn(s, ":");

		if (len > 0) {
			char *dir = xstrndup(s, len);

			paths_list_add(path, dir);
			free(dir);
		}
		s += len;
		if (*s == ':')
			s++;
	}
}

static void
add_user_dir(struct paths_list *path)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *dir;

	if (xdg != NULL && xdg[0] == '/')
		dir = xasprintf("%s/lockstep/scenarios", xdg);
	else if (home != NULL && home[0] != '\0')
		dir = xasprintf("%s/.local/share/lockstep/scenarios", home);
	else
		return;
	paths_list_add(path, dir);
	free(dir);
}

/* True when this process is the lockstep binary of the build tree it was
 * configured in, not an installed copy. */
static bool
running_uninstalled(void)
{
	char *exe = realpath("/proc/self/exe", NULL);
	char *builddir = realpath(LOCKSTEP_ABS_TOP_BUILDDIR, NULL);
	bool uninstalled = false;

	if (exe != NULL && builddir != NULL) {
		*strrchr(exe, '/') = '\0';
		uninstalled = strcmp(exe, builddir) == 0;
	}
	free(exe);
	free(builddir);
	return uninstalled;
}

void
paths_search_path(struct paths_list *path)
{
	const char *lockstep_path = getenv("LOCKSTEP_PATH");

	if (lockstep_path != NULL)
		add_each_of(path, lockstep_path);
	add_user_dir(path);
	if (running_uninstalled()) {
		char *dir = realpath(LOCKSTEP_ABS_TOP_SRCDIR "/scenarios", NULL);

		paths_list_add(path, dir != NULL ? dir :
		    LOCKSTEP_ABS_TOP_SRCDIR "/scenarios");
		free(dir);
	} else {
		paths_list_add(path, LOCKSTEP_PKGDATADIR "/scenarios");
	}
}

size_t
paths_scenario_suffix_len(const char *s)
{
	static const char *const suffixes[] = { PATHS_SCENARIO_SUFFIX, PATHS_PYTHON_SUFFIX };
	size_t len = strlen(s), i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t slen = strlen(suffixes[i]);

		if (len >= slen && strcmp(s + len - slen, suffixes[i]) == 0)
			return slen;
	}
	return 0;
}

bool
paths_has_scenario_suffix(const char *s)
{
	return paths_scenario_suffix_len(s) > 0;
}

static bool
in_python_dir(const char *name)
{
	return strncmp(name, PATHS_PYTHON_DIR "/", strlen(PATHS_PYTHON_DIR "/")) == 0 &&
	    strchr(name + strlen(PATHS_PYTHON_DIR "/"), '/') == NULL;
}

bool
paths_scenario_is_python_dir(const struct paths_scenario *s)
{
	return in_python_dir(s->name);
}

static bool
is_file(const char *file)
{
	struct stat st;

	return stat(file, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* dir/NAME.race, else dir/NAME.py, if either is a file ("." makes no
 * prefix); NULL if neither. */
static char *
find_named(const char *dir, const char *name)
{
	static const char *const suffixes[] = { PATHS_SCENARIO_SUFFIX, PATHS_PYTHON_SUFFIX };
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char *file = strcmp(dir, ".") == 0 ? xasprintf("%s%s", name, suffixes[i]) :
		    xasprintf("%s/%s%s", dir, name, suffixes[i]);

		if (is_file(file))
			return file;
		free(file);
	}
	return NULL;
}

char *
paths_find_scenario(const struct paths_list *path, const char *arg)
{
	bool named_as_file = paths_has_scenario_suffix(arg);
	struct stat st;
	char *found = NULL;
	size_t i;

	/* python/NAME is searched for as NAME is: a program of a python/
	 * directory of the path, listed so by paths_find_all_scenarios */
	if ((strchr(arg, '/') != NULL && !in_python_dir(arg)) || (named_as_file && is_file(arg)))
		return xstrdup(arg);
	if (!named_as_file && arg[0] != '\0')
		found = find_named(".", arg);
	for (i = 0; i < path->count && found == NULL; i++) {
		char *file = named_as_file ? xasprintf("%s/%s", path->dirs[i], arg) :
		    find_named(path->dirs[i], arg);

		if (file != NULL && is_file(file))
			found = file;
		else
			free(file);
	}
	/* something that is there but no file: the loader says what it is */
	if (found == NULL && named_as_file && lstat(arg, &st) == 0)
		found = xstrdup(arg);
	return found;
}

char *
paths_describe_search(const struct paths_list *path, const char *arg)
{
	const char *suffix = paths_has_scenario_suffix(arg) ? "" : PATHS_SCENARIO_SUFFIX;
	struct strbuf sb = { 0 };
	size_t i;

	strbuf_printf(&sb, "./%s%s", arg, suffix);
	for (i = 0; i < path->count; i++)
		strbuf_printf(&sb, ", %s/%s%s", path->dirs[i], arg, suffix);
	if (suffix[0] != '\0')
		strbuf_printf(&sb, ", and %s%s in each", arg, PATHS_PYTHON_SUFFIX);
	return strbuf_detach(&sb);
}

static bool
is_scenario_file_name(const char *name)
{
	return name[0] != '.' && paths_has_scenario_suffix(name);
}

static bool
name_is_listed(const struct paths_scenario *scenarios, size_t count,
    const char *name)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(scenarios[i].name, name) == 0)
			return true;
	return false;
}

/* By name, the python/ programs after the rest. */
static int
compare_names(const void *a, const void *b)
{
	const struct paths_scenario *sa = a, *sb = b;
	int pa = paths_scenario_is_python_dir(sa), pb = paths_scenario_is_python_dir(sb);

	return pa != pb ? pa - pb : strcmp(sa->name, sb->name);
}

size_t
paths_find_all_scenarios(const struct paths_list *path,
    struct paths_scenario **scenarios)
{
	struct paths_scenario *list = NULL;
	size_t count = 0, cap = 0, i;

	for (i = 0; i < 2 * path->count; i++) {
		/* each directory, then its python/ directory: "python/NAME" */
		const char *sub = i % 2 == 0 ? "" : PATHS_PYTHON_DIR "/";
		char *where = xasprintf("%s/%s", path->dirs[i / 2], sub);
		DIR *dir = opendir(where);
		struct dirent *entry;

		free(where);
		if (dir == NULL)
			continue;
		while ((entry = readdir(dir)) != NULL) {
			char *name, *file;

			if (!is_scenario_file_name(entry->d_name) ||
			    (sub[0] != '\0' && paths_scenario_suffix_len(entry->d_name) !=
			    strlen(PATHS_PYTHON_SUFFIX)))
				continue;
			name = xasprintf("%s%.*s", sub, (int)(strlen(entry->d_name) -
			    paths_scenario_suffix_len(entry->d_name)), entry->d_name);
			file = xasprintf("%s/%s%s", path->dirs[i / 2], sub, entry->d_name);
			if (name_is_listed(list, count, name) || !is_file(file)) {
				free(name);
				free(file);
				continue;
			}
			list = xgrow(list, &cap, count + 1, sizeof *list);
			list[count].name = name;
			list[count].file = file;
			count++;
		}
		closedir(dir);
	}
	if (count > 1)
		qsort(list, count, sizeof *list, compare_names);
	*scenarios = list;
	return count;
}

void
paths_scenarios_free(struct paths_scenario *scenarios, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(scenarios[i].name);
		free(scenarios[i].file);
	}
	free(scenarios);
}
