/* test_fuzz_corpus.c - the fuzzers' regression corpus, run by make check.
 *
 * Linked with one fuzz harness (fuzz/lang_fuzzer.c or fuzz/trace_fuzzer.c)
 * and no libFuzzer: each file of the corpus directories is handed to the
 * harness's LLVMFuzzerTestOneInput, as the fuzzer would.  Any input that
 * once crashed, hung or leaked goes into fuzz/regressions/lang or
 * fuzz/regressions/trace; under ASan and UBSan (CI's first build) a
 * regression is a failed test.  FUZZ_CORPUS, set by Makefile.am, names the
 * directories, relative to the source tree, separated by spaces.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#ifndef FUZZ_CORPUS
#error "FUZZ_CORPUS: the corpus directories"
#endif

/* A corpus smaller than this means the directory scan is broken. */
#define MIN_CORPUS 5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char **files;
static size_t nfiles;

static void
add_directory(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = nfiles;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strstr(e->d_name, ".expected") != NULL)
			continue;
		files = xgrow(files, &cap, nfiles + 1, sizeof(*files));
		files[nfiles++] = xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
}

static unsigned char *
read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n;

	*size = 0;
	if (f == NULL)
		return NULL;
	do {
		buf = xgrow(buf, &cap, *size + 4096, 1);
		n = fread(buf + *size, 1, cap - *size, f);
		*size += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

START_TEST(corpus_is_there)
{
	ck_assert_msg(nfiles >= MIN_CORPUS, "only %zu files in %s", nfiles, FUZZ_CORPUS);
}
END_TEST

START_TEST(input_is_survived)
{
	size_t size;
	unsigned char *data = read_whole(files[_i], &size);

	ck_assert_msg(data != NULL, "cannot read %s", files[_i]);
	/* an abort in the harness names no input of its own */
	fprintf(stderr, "input %s\n", files[_i]);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
}
END_TEST

int
main(void)
{
	const char *srcdir = getenv("TESTS_SRCDIR");
	char *dirs, *dir, *save = NULL;
	Suite *s = suite_create("fuzz regression corpus");
	TCase *tc = tcase_create("corpus");
	SRunner *sr;
	int failed;
	size_t i;

	if (srcdir == NULL || *srcdir == '\0') {
		fprintf(stderr, "test_fuzz_corpus: set TESTS_SRCDIR to the source "
		    "tree's tests/ directory\n");
		return EXIT_FAILURE;
	}
	dirs = xstrdup(FUZZ_CORPUS);
	for (dir = strtok_r(dirs, " ", &save); dir != NULL; dir = strtok_r(NULL, " ", &save)) {
		char *path = xasprintf("%s/../%s", srcdir, dir);

		add_directory(path);
		free(path);
	}
	free(dirs);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, corpus_is_there);
	tcase_add_loop_test(tc, input_is_survived, 0, (int)nfiles);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
