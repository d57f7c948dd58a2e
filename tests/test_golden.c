/* test_golden.c - the headless run of every bundled scenario, byte for byte.
 *
 * For each scenario NAME in scenarios/ there is a golden pair in
 * tests/golden/:
 *
 *   NAME.args   two lines: "status N", the exit status `lockstep run` must
 *               give (0 ok, 1 the run showed a bug); then the arguments
 *               that follow the scenario name, separated by spaces (no
 *               quoting; an empty line for none), chosen to show the
 *               scenario's lesson: the schedule or seed that breaks a
 *               buggy one, a run that ends ok for a fixed one.
 *   NAME.out    the exact standard output of that run.
 *
 * Each golden is run as `$LOCKSTEP run NAME ARGS...`, by fork and exec
 * (no shell), with LOCKSTEP_PATH=$SCENARIOS_DIR in its environment: the
 * bare NAME is what the report's first line shows, so it must be the same
 * as when the .out was made, whatever the directories.  Controlled runs
 * are deterministic, so any difference is a change of behaviour or of the
 * report: if it is intended, regenerate the goldens with `make
 * update-goldens` (its recipe in Makefile.am reruns each NAME.args and
 * writes NAME.out and the status) and review the diff.
 *
 * A new scenario needs a golden (a test says so), and a golden needs its
 * scenario.  The harness sets LOCKSTEP (the built binary), SCENARIOS_DIR
 * and TESTS_SRCDIR; see AM_TESTS_ENVIRONMENT in Makefile.am.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "util/xalloc.h"

#define MIN_GOLDENS 20

static char *golden_dir;

/* The golden names (NAME of each NAME.args), sorted; found by main(). */
static char **goldens;
static size_t ngoldens;

/* The whole of a file, or NULL if it cannot be read. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");

	return f != NULL ? read_all(f, len) : NULL;
}

static bool
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the files in dir ending in suffix, without it, sorted. */
static size_t
names_with_suffix(const char *dir, const char *suffix, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *entry;
	size_t n = 0, cap = 0, slen = strlen(suffix);

	*names = NULL;
	if (d == NULL)
		return 0;
	while ((entry = readdir(d)) != NULL) {
		size_t len = strlen(entry->d_name);

		if (len <= slen || strcmp(entry->d_name + len - slen, suffix) != 0)
			continue;
		*names = xgrow(*names, &cap, n + 1, sizeof(**names));
		(*names)[n++] = xstrndup(entry->d_name, len - slen);
	}
	closedir(d);
	if (n > 0)
		qsort(*names, n, sizeof(**names), compare_names);
	return n;
}

static void
names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The 1-based number of the first line where a and b differ. */
static size_t
first_different_line(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i, line = 1;

	for (i = 0; i < alen && i < blen && a[i] == b[i]; i++)
		line += a[i] == '\n';
	return line;
}

static void
setup(void)
{
	lockstep = getenv("LOCKSTEP");
	scenarios_dir = getenv("SCENARIOS_DIR");
	ck_assert_msg(lockstep != NULL && scenarios_dir != NULL && golden_dir != NULL,
	    "run by make check: LOCKSTEP, SCENARIOS_DIR and TESTS_SRCDIR must be set");
	/* The scenario is found by its bare name there, before any user's
	 * directory; nothing else of the environment shows in a run's output. */
	ck_assert_int_eq(setenv("LOCKSTEP_PATH", scenarios_dir, 1), 0);
}

/* Parse NAME.args into the status and the argv of the run. */
static void
parse_args_file(const char *name, char *text, int *status, const char **argv,
    size_t max)
{
	char *line2, *word, *save = NULL;
	size_t n = 0;
	char extra;

	line2 = strchr(text, '\n');
	ck_assert_msg(line2 != NULL, "%s.args: no newline after the first line", name);
	*line2++ = '\0';
	ck_assert_msg(sscanf(text, "status %d%c", status, &extra) == 1,
	    "%s.args: the first line must be 'status N', not '%s'", name, text);
	line2[strcspn(line2, "\n")] = '\0';
	argv[n++] = lockstep;
	argv[n++] = "run";
	argv[n++] = name;
	for (word = strtok_r(line2, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		ck_assert_msg(n < max - 1, "%s.args: more than %zu arguments", name,
		    max - 4);
		argv[n++] = word;
	}
	argv[n] = NULL;
}

START_TEST(golden_output)
{
	const char *name = goldens[_i];
	char *args_path = xasprintf("%s/%s.args", golden_dir, name);
	char *out_path = xasprintf("%s/%s.out", golden_dir, name);
	const char *argv[MAX_ARGS + 1];
	char *args_text, *expected;
	size_t expected_len;
	struct run r;
	int status;

	args_text = read_file(args_path, NULL);
	ck_assert_msg(args_text != NULL, "cannot read %s: %s", args_path, strerror(errno));
	expected = read_file(out_path, &expected_len);
	ck_assert_msg(expected != NULL, "cannot read %s: %s", out_path, strerror(errno));
	parse_args_file(name, args_text, &status, argv, MAX_ARGS + 1);
	r = run_program(NULL, argv[0], argv + 1);
	ck_assert_msg(r.out_len == expected_len &&
	    memcmp(r.out, expected, expected_len) == 0,
	    "%s: the output differs from %s from line %zu on\n"
	    "--- expected ---\n%s--- got ---\n%s--- stderr ---\n%s",
	    name, out_path, first_different_line(expected, expected_len, r.out,
	    r.out_len), expected, r.out, r.err);
	ck_assert_msg(r.status == status, "%s: exit status %d, expected %d\n%s",
	    name, r.status, status, r.err);
	ck_assert_msg(r.err[0] == '\0', "%s: unexpected output on stderr:\n%s", name,
	    r.err);
	run_free(&r);
	free(expected);
	free(args_text);
	free(out_path);
	free(args_path);
}
END_TEST

START_TEST(every_scenario_has_a_golden)
{
	char **names;
	size_t n = names_with_suffix(scenarios_dir, ".race", &names), i;

	ck_assert_msg(n > 0, "no .race files in %s", scenarios_dir);
	for (i = 0; i < n; i++) {
		char *args = xasprintf("%s/%s.args", golden_dir, names[i]);
		char *out = xasprintf("%s/%s.out", golden_dir, names[i]);

		ck_assert_msg(file_exists(args) && file_exists(out),
		    "scenarios/%s.race has no golden: add tests/golden/%s.args and "
		    "%s.out (see the top of tests/test_golden.c)", names[i], names[i],
		    names[i]);
		free(out);
		free(args);
	}
	names_free(names, n);
}
END_TEST

START_TEST(every_golden_has_a_scenario)
{
	size_t i;

	for (i = 0; i < ngoldens; i++) {
		char *race = xasprintf("%s/%s.race", scenarios_dir, goldens[i]);
		char *out = xasprintf("%s/%s.out", golden_dir, goldens[i]);

		ck_assert_msg(file_exists(race), "tests/golden/%s.args has no scenario %s",
		    goldens[i], race);
		ck_assert_msg(file_exists(out), "tests/golden/%s.args has no %s.out",
		    goldens[i], goldens[i]);
		free(out);
		free(race);
	}
}
END_TEST

START_TEST(at_least_twenty_goldens)
{
	ck_assert_msg(ngoldens >= MIN_GOLDENS, "%zu goldens in %s, expected at least %d",
	    ngoldens, golden_dir, MIN_GOLDENS);
}
END_TEST

static Suite *
golden_suite(void)
{
	Suite *s = suite_create("golden");
	TCase *runs = tcase_create("runs");
	TCase *coverage = tcase_create("coverage");

	tcase_add_checked_fixture(runs, setup, NULL);
	tcase_set_timeout(runs, 60);
	tcase_add_loop_test(runs, golden_output, 0, (int)ngoldens);
	suite_add_tcase(s, runs);
	tcase_add_checked_fixture(coverage, setup, NULL);
	tcase_add_test(coverage, every_scenario_has_a_golden);
	tcase_add_test(coverage, every_golden_has_a_scenario);
	tcase_add_test(coverage, at_least_twenty_goldens);
	suite_add_tcase(s, coverage);
	return s;
}

int
main(void)
{
	const char *tests_srcdir = getenv("TESTS_SRCDIR");
	SRunner *sr;
	int failed;

	/* The loop test needs the count before the suite runs. */
	if (tests_srcdir != NULL) {
		golden_dir = xasprintf("%s/golden", tests_srcdir);
		ngoldens = names_with_suffix(golden_dir, ".args", &goldens);
	}
	sr = srunner_create(golden_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	names_free(goldens, ngoldens);
	free(golden_dir);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
