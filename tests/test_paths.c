/* test_paths.c - the scenario search path (src/util/paths.c). */
#include "config.h"

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/paths.h"
#include "util/xalloc.h"

static char *scratch;

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void
setup(void)
{
	char template[] = "/tmp/lockstep-test-paths-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(template));
	scratch = xstrdup(template);
	unsetenv("LOCKSTEP_PATH");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
}

static void
teardown(void)
{
	ck_assert_int_eq(chdir("/"), 0);
	nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(scratch);
}

/* Create scratch/relative (a directory if it ends in '/') and return its path. */
static char *
make(const char *relative)
{
	char *path = xasprintf("%s/%s", scratch, relative);
	size_t len = strlen(path);

	if (path[len - 1] == '/') {
		path[len - 1] = '\0';
		ck_assert_int_eq(mkdir(path, 0755), 0);
	} else {
		FILE *f = fopen(path, "w");

		ck_assert_ptr_nonnull(f);
		fputs("title: test\n", f);
		fclose(f);
	}
	return path;
}

static const char *bundled_dir = LOCKSTEP_PKGDATADIR "/scenarios";

START_TEST(search_path_order)
{
	struct paths_list path = { 0 };

	setenv("LOCKSTEP_PATH", "/one::/two:", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/user", 1);
	paths_search_path(&path);
	ck_assert_uint_eq(path.count, 4);
	ck_assert_str_eq(path.dirs[0], "/one");
	ck_assert_str_eq(path.dirs[1], "/two");
	ck_assert_str_eq(path.dirs[2], "/xdg/lockstep/scenarios");
	/* This test binary is not the lockstep binary of the build tree. */
	ck_assert_str_eq(path.dirs[3], bundled_dir);
	paths_list_free(&path);
}
END_TEST

START_TEST(search_path_home_default)
{
	struct paths_list path = { 0 };

	setenv("HOME", "/home/user", 1);
	paths_search_path(&path);
	ck_assert_uint_eq(path.count, 2);
	ck_assert_str_eq(path.dirs[0], "/home/user/.local/share/lockstep/scenarios");
	ck_assert_str_eq(path.dirs[1], bundled_dir);
	paths_list_free(&path);
}
END_TEST

START_TEST(search_path_relative_xdg_ignored)
{
	struct paths_list path = { 0 };

	setenv("XDG_DATA_HOME", "relative/dir", 1);
	setenv("HOME", "/home/user", 1);
	paths_search_path(&path);
	ck_assert_uint_eq(path.count, 2);
	ck_assert_str_eq(path.dirs[0], "/home/user/.local/share/lockstep/scenarios");
	paths_list_free(&path);
}
END_TEST

START_TEST(search_path_without_home)
{
	struct paths_list path = { 0 };

	paths_search_path(&path);
	ck_assert_uint_eq(path.count, 1);
	ck_assert_str_eq(path.dirs[0], bundled_dir);
	paths_list_free(&path);
}
END_TEST

START_TEST(join)
{
	struct paths_list path = { 0 };
	char *joined = paths_list_join(&path, ", ");

	ck_assert_str_eq(joined, "");
	free(joined);
	paths_list_add(&path, "/a");
	paths_list_add(&path, "b");
	joined = paths_list_join(&path, ", ");
	ck_assert_str_eq(joined, "/a, b");
	free(joined);
	paths_list_free(&path);
	ck_assert_uint_eq(path.count, 0);
}
END_TEST

/* Two directories: first/ has a and c, second/ has a, b and d/ (a
 * directory named like a scenario). */
static void
make_two_dirs(struct paths_list *path)
{
	char *first = make("first/"), *second = make("second/");

	free(make("first/a.race"));
	free(make("first/c.race"));
	free(make("second/a.race"));
	free(make("second/b.race"));
	free(make("second/d.race/"));
	free(make("second/notes.txt"));
	free(make("second/.hidden.race"));
	paths_list_add(path, first);
	paths_list_add(path, "/nonexistent/lockstep");
	paths_list_add(path, second);
	free(first);
	free(second);
}

static void
assert_found(const struct paths_list *path, const char *arg,
    const char *expected_in_scratch)
{
	char *found = paths_find_scenario(path, arg);
	char *expected = xasprintf("%s/%s", scratch, expected_in_scratch);

	ck_assert_str_eq(found, expected);
	free(found);
	free(expected);
}

START_TEST(find_by_name)
{
	struct paths_list path = { 0 };

	make_two_dirs(&path);
	assert_found(&path, "a", "first/a.race");
	assert_found(&path, "a.race", "first/a.race");
	assert_found(&path, "b", "second/b.race");
	assert_found(&path, "c.race", "first/c.race");
	ck_assert_ptr_null(paths_find_scenario(&path, "d"));
	ck_assert_ptr_null(paths_find_scenario(&path, "notes.txt"));
	ck_assert_ptr_null(paths_find_scenario(&path, "missing"));
	ck_assert_ptr_null(paths_find_scenario(&path, ""));
	paths_list_free(&path);
}
END_TEST

START_TEST(find_file_arguments)
{
	struct paths_list path = { 0 };
	char *found;

	make_two_dirs(&path);
	/* With a '/', a path as given, whether it exists or not. */
	found = paths_find_scenario(&path, "./a");
	ck_assert_str_eq(found, "./a");
	free(found);
	found = paths_find_scenario(&path, "/nonexistent/x.race");
	ck_assert_str_eq(found, "/nonexistent/x.race");
	free(found);
	/* NAME.race in the working directory comes before the search path. */
	ck_assert_int_eq(chdir(scratch), 0);
	free(make("a.race"));
	found = paths_find_scenario(&path, "a.race");
	ck_assert_str_eq(found, "a.race");
	free(found);
	/* ... and so does NAME.race for a bare NAME (a typo of `check a`). */
	found = paths_find_scenario(&path, "a");
	ck_assert_str_eq(found, "a.race");
	free(found);
	assert_found(&path, "b", "second/b.race");
	/* A Python program: by its file name, or by NAME when no NAME.race
	 * is there; NAME.race wins over NAME.py. */
	free(make("p.py"));
	found = paths_find_scenario(&path, "p.py");
	ck_assert_str_eq(found, "p.py");
	free(found);
	found = paths_find_scenario(&path, "p");
	ck_assert_str_eq(found, "p.py");
	free(found);
	free(make("a.py"));
	found = paths_find_scenario(&path, "a");
	ck_assert_str_eq(found, "a.race");
	free(found);
	ck_assert(paths_has_scenario_suffix("x.py"));
	ck_assert_uint_eq(paths_scenario_suffix_len("x.py"), 3);
	ck_assert_uint_eq(paths_scenario_suffix_len("x.race"), 5);
	ck_assert_uint_eq(paths_scenario_suffix_len("x.pyc"), 0);
	/* A NAME.race found nowhere is NULL, and the message says where it
	 * was looked for. */
	ck_assert_ptr_null(paths_find_scenario(&path, "missing.race"));
	found = paths_describe_search(&path, "missing");
	ck_assert_str_eq(found + strlen(found) - strlen("/second/missing.race, and "
	    "missing.py in each"), "/second/missing.race, and missing.py in each");
	ck_assert_msg(strncmp(found, "./missing.race, ", 16) == 0, "%s", found);
	free(found);
	/* One that is there but not a file is left for the loader to say so. */
	ck_assert_int_eq(mkdir("dir.race", 0755), 0);
	found = paths_find_scenario(&path, "dir.race");
	ck_assert_str_eq(found, "dir.race");
	free(found);
	paths_list_free(&path);
}
END_TEST

START_TEST(find_all)
{
	struct paths_list path = { 0 };
	struct paths_scenario *scenarios;
	size_t count;
	char *expected;

	make_two_dirs(&path);
	count = paths_find_all_scenarios(&path, &scenarios);
	ck_assert_uint_eq(count, 3);
	ck_assert_str_eq(scenarios[0].name, "a");
	ck_assert_str_eq(scenarios[1].name, "b");
	ck_assert_str_eq(scenarios[2].name, "c");
	expected = xasprintf("%s/first/a.race", scratch);
	ck_assert_str_eq(scenarios[0].file, expected);
	free(expected);
	expected = xasprintf("%s/second/b.race", scratch);
	ck_assert_str_eq(scenarios[1].file, expected);
	free(expected);
	paths_scenarios_free(scenarios, count);
	paths_list_free(&path);
}
END_TEST

START_TEST(find_all_in_nothing)
{
	struct paths_list path = { 0 };
	struct paths_scenario *scenarios;

	paths_list_add(&path, "/nonexistent/lockstep");
	ck_assert_uint_eq(paths_find_all_scenarios(&path, &scenarios), 0);
	paths_scenarios_free(scenarios, 0);
	paths_list_free(&path);
}
END_TEST

static Suite *
paths_suite(void)
{
	Suite *s = suite_create("paths");
	TCase *tc = tcase_create("search path");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, search_path_order);
	tcase_add_test(tc, search_path_home_default);
	tcase_add_test(tc, search_path_relative_xdg_ignored);
	tcase_add_test(tc, search_path_without_home);
	tcase_add_test(tc, join);
	tcase_add_test(tc, find_by_name);
	tcase_add_test(tc, find_file_arguments);
	tcase_add_test(tc, find_all);
	tcase_add_test(tc, find_all_in_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(paths_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
