/* test_bad_input.c - the bad-input corpus: every tests/bad/NAME.race must
 * fail `lockstep check` (compiling, then taking its tours on the model)
 * with exactly the diagnostics in tests/bad/NAME.expected; so must every
 * tests/bad/NAME.py, a Python program (whose mode its suffix selects).
 *
 * The harness sets TESTS_SRCDIR (the source tree's tests/).  Each file is
 * compiled from inside tests/bad, so the diagnostics name it as NAME.race.
 * To add a case: write NAME.race with one deliberate mistake, run
 * `lockstep check NAME.race 2> NAME.expected` in tests/bad (`make
 * update-goldens` does so for every case), and read the result as a
 * student would before committing it.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/compile.h"
#include "lang/diag.h"
#include "lang/program.h"
#include "trace/tour.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A corpus smaller than this means the directory scan is broken. */
#define MIN_CORPUS 40

static char *bad_dir;
static char **cases;		/* NAME.race and NAME.py, sorted */
static size_t ncases;
static char **expected_files;	/* NAME.expected, sorted */
static size_t nexpected;

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of bad_dir ending in suffix, sorted; none if it cannot be read
 * (the corpus_is_there test then says why). */
static char **
list_files(const char *suffix, size_t *count)
{
	char **names = NULL;
	size_t cap = 0;
	struct dirent *entry;
	DIR *dir = opendir(bad_dir);

	*count = 0;
	if (dir == NULL)
		return NULL;
	while ((entry = readdir(dir)) != NULL) {
		if (!has_suffix(entry->d_name, suffix))
			continue;
		names = xgrow(names, &cap, *count + 1, sizeof(*names));
		names[(*count)++] = xstrdup(entry->d_name);
	}
	closedir(dir);
	if (*count > 0)
		qsort(names, *count, sizeof(*names), compare_names);
	return names;
}

static void
free_list(char **names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* The whole file, or NULL if it cannot be read. */
static char *
read_file(const char *path)
{
	struct strbuf sb = { 0 };
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	strbuf_append(&sb, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_append(&sb, chunk, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static char *
with_suffix(const char *race, const char *suffix)
{
	size_t stem = strlen(race) - (has_suffix(race, ".py") ? strlen(".py") : strlen(".race"));

	return xasprintf("%.*s%s", (int)stem, race, suffix);
}

/* srcdir/bad, absolute: each test changes into it. */
static char *
corpus_dir(const char *srcdir)
{
	char *dir = xasprintf("%s/bad", srcdir), *abs = realpath(dir, NULL);

	if (abs == NULL)
		return dir;
	free(dir);
	return abs;
}

START_TEST(corpus_is_there)
{
	ck_assert_msg(ncases >= MIN_CORPUS, "only %zu .race files in %s (at least %d "
	    "expected): is TESTS_SRCDIR right?", ncases, bad_dir, MIN_CORPUS);
}
END_TEST

/* A NAME.expected without its NAME.race (or NAME.py) would silently test
 * nothing. */
START_TEST(every_expected_has_its_race)
{
	size_t i;

	for (i = 0; i < nexpected; i++) {
		int stem = (int)(strlen(expected_files[i]) - strlen(".expected"));
		char *race = xasprintf("%.*s.race", stem, expected_files[i]);
		char *py = xasprintf("%.*s.py", stem, expected_files[i]);
		bool found = bsearch(&race, cases, ncases, sizeof(*cases),
		    compare_names) != NULL || bsearch(&py, cases, ncases, sizeof(*cases),
		    compare_names) != NULL;

		ck_assert_msg(found, "%s/%s has no %s (nor %s)", bad_dir, expected_files[i],
		    race, py);
		free(race);
		free(py);
	}
}
END_TEST

START_TEST(bad_file_gives_expected_diagnostics)
{
	const char *race = cases[_i];
	char *expected_path = with_suffix(race, ".expected");
	char *expected, *got = NULL;
	size_t got_len = 0;
	struct lang_diags diags;
	struct lang_program *prog;
	bool compiled;
	FILE *out;

	ck_assert_msg(chdir(bad_dir) == 0, "cannot enter %s", bad_dir);
	expected = read_file(expected_path);
	ck_assert_msg(expected != NULL, "%s/%s is missing: every NAME.race needs "
	    "its NAME.expected", bad_dir, expected_path);

	lang_diags_init(&diags);
	prog = lang_compile_file(race, &diags);
	if (prog != NULL && !tour_validate(prog, &diags)) {
		lang_program_free(prog);
		prog = NULL;
	}
	out = open_memstream(&got, &got_len);
	ck_assert_ptr_nonnull(out);
	lang_diags_print(&diags, out);
	fclose(out);
	lang_diags_free(&diags);
	compiled = prog != NULL;
	if (compiled)
		lang_program_free(prog);

	ck_assert_msg(!compiled, "%s compiled without an error", race);
	if (strcmp(got, expected) != 0) {
		/* In full on stderr, which the test's log keeps: a libcheck
		 * message is too short for a long diagnostic. */
		fprintf(stderr, "%s: diagnostics differ\n--- expected (%s)\n%s"
		    "--- got\n%s---\n", race, expected_path, expected, got);
		ck_abort_msg("%s: diagnostics differ from %s (both are in the log)",
		    race, expected_path);
	}
	free(got);
	free(expected);
	free(expected_path);
}
END_TEST

static Suite *
bad_input_suite(void)
{
	Suite *s = suite_create("bad input");
	TCase *corpus = tcase_create("corpus");
	TCase *files = tcase_create("files");

	tcase_add_test(corpus, corpus_is_there);
	tcase_add_test(corpus, every_expected_has_its_race);
	suite_add_tcase(s, corpus);

	tcase_set_timeout(files, 30);
	tcase_add_loop_test(files, bad_file_gives_expected_diagnostics, 0, (int)ncases);
	suite_add_tcase(s, files);
	return s;
}

int
main(void)
{
	const char *srcdir = getenv("TESTS_SRCDIR");
	SRunner *sr;
	int failed;

#ifdef LOCKSTEP_ABS_TOP_SRCDIR
	if (srcdir == NULL || *srcdir == '\0')
		srcdir = LOCKSTEP_ABS_TOP_SRCDIR "/tests";
#endif
	if (srcdir == NULL || *srcdir == '\0') {
		fprintf(stderr, "test_bad_input: set TESTS_SRCDIR to the source "
		    "tree's tests/ directory\n");
		return EXIT_FAILURE;
	}
	bad_dir = corpus_dir(srcdir);
	cases = list_files(".race", &ncases);
	{
		size_t npy, i;
		char **py = list_files(".py", &npy);

		cases = xrealloc(cases, (ncases + npy + 1) * sizeof(*cases));
		for (i = 0; i < npy; i++)
			cases[ncases++] = py[i];
		free(py);
		if (ncases > 0)
			qsort(cases, ncases, sizeof(*cases), compare_names);
	}
	expected_files = list_files(".expected", &nexpected);

	sr = srunner_create(bad_input_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);

	free_list(cases, ncases);
	free_list(expected_files, nexpected);
	free(bad_dir);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
