/* test_hostile.c - inputs no scenario author would write, on purpose:
 * garbage, huge files, absurd nesting, broken encodings, floods of errors.
 *
 * Each input is generated into a scratch directory (never committed), then
 * checked twice: by the real binary, `$LOCKSTEP check NAME` run from that
 * directory, which must exit 0 or 2 with the expected diagnostic and not die
 * by a signal; and by lang_compile_file in this process, so that a build
 * with --enable-sanitizers catches a memory error in the front end.
 */
#include "config.h"

#include <check.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lang/compile.h"
#include "lang/diag.h"
#include "lang/limits.h"
#include "lang/program.h"
#include "util/xalloc.h"


static const char valid_scenario[] =
    "title: Lost update\n"
    "counter = 0\n"
    "m = Lock()\n"
    "\n"
    "thread worker[2]:\n"
    "    tmp = counter\n"
    "    counter = tmp + 1\n"
    "\n"
    "expect counter == 2\n";

/* ---- the inputs ---- */

static void
repeat(FILE *f, const char *s, long n)
{
	long i;

	for (i = 0; i < n; i++)
		fputs(s, f);
}

static void
make_empty(FILE *f)
{
	(void)f;
}

/* Fixed seed: the same bytes on every machine, so the same diagnostic. */
static void
make_garbage(FILE *f)
{
	uint32_t x = 2463534242u;
	int i;

	for (i = 0; i < 4096; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		fputc((int)(x & 0xff), f);
	}
}

static void
make_huge(FILE *f)
{
	long written = 0;

	while (written < 10L * 1024 * 1024) {
		fputs(valid_scenario, f);
		written += (long)sizeof(valid_scenario) - 1;
	}
}

/* The size limit exactly: a valid scenario padded with comments. */
static void
make_at_size_limit(FILE *f)
{
	long size = (long)sizeof(valid_scenario) - 1, line = 80;

	fputs(valid_scenario, f);
	while (size + line <= LANG_MAX_FILE_BYTES) {
		fprintf(f, "#%*s\n", (int)line - 2, "");
		size += line;
	}
	repeat(f, "#", LANG_MAX_FILE_BYTES - size);
}

/* Each line one space deeper, 10,000 of them: 50 MB, past the size limit. */
static void
make_deep_indentation(FILE *f)
{
	int i;

	fputs("x = 0\nthread A:\n", f);
	for (i = 1; i <= 10000; i++)
		fprintf(f, "%*sif x == 0:\n", i, "");
}

/* 1,400 of them fit in the file; the line limit stops them. */
static void
make_wide_indentation(FILE *f)
{
	int i;

	fputs("x = 0\nthread A:\n", f);
	for (i = 1; i <= 1400; i++)
		fprintf(f, "%*sif x == 0:\n", i, "");
}

/* 900 levels stay within the line limit and cross the block limit. */
static void
make_deep_blocks(FILE *f)
{
	int i;

	fputs("x = 0\nthread A:\n", f);
	for (i = 1; i <= 900; i++)
		fprintf(f, "%*sif x == 0:\n", i, "");
	fprintf(f, "%*sx = 1\n", 901, "");
}

/* Brackets continue lines, so 10,000 of them fit in short lines. */
static void
make_deep_parentheses(FILE *f)
{
	fputs("x = 0\nthread A:\n    x = ", f);
	repeat(f, "((((((((((((((((((((((((((((((((((((((((((((((((((\n", 200);
	fputs("1\n", f);
	repeat(f, "))))))))))))))))))))))))))))))))))))))))))))))))))\n", 200);
}

static void
make_deep_not(FILE *f)
{
	fputs("x = True\ny = False\nthread A:\n    y = (", f);
	repeat(f, "not not not not not not not not not not\n", 1000);
	fputs("x)\n", f);
}

static void
make_deep_minus(FILE *f)
{
	fputs("x = 0\nthread A:\n    x = (", f);
	repeat(f, "- - - - - - - - - - - - - - - - - - - -\n", 500);
	fputs("1)\n", f);
}

/* A chain is as deep as it is long: the compiler recurses on it. */
static void
make_long_chain(FILE *f)
{
	fputs("x = 0\nthread A:\n    x = (x", f);
	repeat(f, " + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1\n", 15000);
	fputs(")\n", f);
}

static void
make_long_line(FILE *f)
{
	fputs("x = 0\nthread A:\n    x = 1", f);
	repeat(f, " + 1", 25000);
	fputs("\n", f);
}

static void
make_nul_byte(FILE *f)
{
	size_t half = 40;

	fwrite(valid_scenario, 1, half, f);
	fputc('\0', f);
	fputs(valid_scenario + half, f);
}

static void
make_lone_continuation(FILE *f)
{
	fputs("title: caf\x80\n", f);
	fputs(valid_scenario + strlen("title: Lost update\n"), f);
}

static void
make_overlong(FILE *f)
{
	fputs(valid_scenario, f);
	fputs("# a slash written in two bytes: \xc0\xaf\n", f);
}

static void
make_overlong3(FILE *f)
{
	fputs(valid_scenario, f);
	fputs("# a slash written in three bytes: \xe0\x80\xaf\n", f);
}

static void
make_surrogate(FILE *f)
{
	fputs("counter = 0\nthread A:\n    print(\"\xed\xa0\x80\")\n", f);
}

static void
make_only_comments(FILE *f)
{
	repeat(f, "# nothing but a comment\n", 100);
}

static void
make_only_title(FILE *f)
{
	fputs("title:", f);
}

static void
make_blank_lines(FILE *f)
{
	repeat(f, "\n  \n\r\n", 1000);
}

static void
make_crlf(FILE *f)
{
	const char *p;

	for (p = valid_scenario; *p != '\0'; p++) {
		if (*p == '\n')
			fputc('\r', f);
		fputc(*p, f);
	}
}

static void
make_no_final_newline(FILE *f)
{
	fputs("counter = 0\nthread A:\n    counter += 1", f);
}

static void
make_string_at_eof(FILE *f)
{
	fputs("counter = 0\nthread A:\n    print(\"counter is", f);
}

static void
make_bracket_at_eof(FILE *f)
{
	fputs("counter = 0\nthread A:\n    counter = (", f);
}

static void
make_elifs(FILE *f)
{
	int i;

	fputs("x = 0\nthread A:\n    if x == 0:\n        x = 1\n", f);
	for (i = 1; i < 1000; i++)
		fprintf(f, "    elif x == %d:\n        x = %d\n", i, i + 1);
	fputs("    else:\n        x = 0\n", f);
}

/* As many elifs as fit in the file: too much code, but no stack overflow. */
static void
make_elifs_to_size_limit(FILE *f)
{
	long size;
	int i;

	fputs("x = 0\nthread A:\n    if x == 0:\n        x = 1\n", f);
	size = 40;
	for (i = 1; size < LANG_MAX_FILE_BYTES - 100; i++)
		size += fprintf(f, "    elif x == %d:\n        x = %d\n", i, i + 1);
}

/* 50,000 different strings: interning them must not take quadratic time. */
static void
make_many_strings(FILE *f)
{
	long size = 10;
	int i;

	fputs("thread A:\n", f);
	for (i = 0; size < LANG_MAX_FILE_BYTES - 100; i++)
		size += fprintf(f, "    print(\"s%d\")\n", i);
}

static void
make_many_errors(FILE *f)
{
	int i;

	fputs("counter = 0\nthread A:\n", f);
	for (i = 0; i < 500; i++)
		fputs("    counter = = 1\n", f);
}

static void
make_many_threads(FILE *f)
{
	int i;

	fputs("counter = 0\n", f);
	for (i = 0; i < 100; i++)
		fprintf(f, "thread t%d:\n    counter += 1\n", i);
}

static void
make_many_shared(FILE *f)
{
	int i;

	for (i = 0; i < 300; i++)
		fprintf(f, "v%d = %d\n", i, i);
	fputs("thread A:\n    v0 += 1\n", f);
}

static void
make_many_locals(FILE *f)
{
	int i;

	fputs("thread A:\n", f);
	for (i = 0; i < 300; i++)
		fprintf(f, "    l%d = %d\n", i, i);
}

struct hostile {
	const char *name;
	void (*make)(FILE *f);
	int status;		/* of `lockstep check`: 0 or 2 */
	const char *where;	/* "LINE:COL", "" for a whole-file error, NULL: any line */
	const char *message;	/* a fragment of the diagnostic; NULL when status is 0 */
};

static const struct hostile inputs[] = {
	{ "empty.race", make_empty, 2, "", "no threads" },
	{ "garbage.race", make_garbage, 2, "1:3", "invalid UTF-8 byte 0xa0" },
	{ "huge.race", make_huge, 2, "", "file is larger than 1048576 bytes" },
	{ "at-size-limit.race", make_at_size_limit, 0, NULL, NULL },
	{ "deep-indentation.race", make_deep_indentation, 2, "",
	  "file is larger than 1048576 bytes" },
	{ "wide-indentation.race", make_wide_indentation, 2, "993:1001",
	  "line is longer than 1000 characters" },
	{ "deep-blocks.race", make_deep_blocks, 2, "35:34",
	  "blocks nested more than 32 deep" },
	{ "deep-parentheses.race", make_deep_parentheses, 2, "4:15",
	  "brackets nested more than 64 deep" },
	{ "deep-not.race", make_deep_not, 2, "10:9", "expression nested more than 64 deep" },
	{ "deep-minus.race", make_deep_minus, 2, "6:5", "expression nested more than 64 deep" },
	{ "long-chain.race", make_long_chain, 2, NULL, "levels deep" },
	{ "long-line.race", make_long_line, 2, "3:1001", "line is longer than 1000 characters" },
	{ "nul-byte.race", make_nul_byte, 2, "3:10", "NUL byte in scenario file" },
	{ "lone-continuation.race", make_lone_continuation, 2, "1:11",
	  "invalid UTF-8 byte 0x80" },
	{ "overlong.race", make_overlong, 2, "10:33", "invalid UTF-8 byte 0xc0" },
	{ "overlong3.race", make_overlong3, 2, "10:35", "invalid UTF-8 byte 0xe0" },
	{ "surrogate.race", make_surrogate, 2, "3:12", "invalid UTF-8 byte 0xed" },
	{ "only-comments.race", make_only_comments, 2, "", "no threads" },
	{ "only-title.race", make_only_title, 2, "", "no threads" },
	{ "blank-lines.race", make_blank_lines, 2, "", "no threads" },
	{ "crlf.race", make_crlf, 0, NULL, NULL },
	{ "no-final-newline.race", make_no_final_newline, 0, NULL, NULL },
	{ "string-at-eof.race", make_string_at_eof, 2, "3:11", "unterminated string" },
	{ "bracket-at-eof.race", make_bracket_at_eof, 2, "3:15",
	  "this bracket is never closed" },
	{ "elifs.race", make_elifs, 0, NULL, NULL },
	{ "elifs-to-size-limit.race", make_elifs_to_size_limit, 2, NULL,
	  "compiles to more than 65536 instructions" },
	{ "many-strings.race", make_many_strings, 2, NULL,
	  "compiles to more than 65536 instructions" },
	{ "many-errors.race", make_many_errors, 2, "3:15", "expected an expression" },
	{ "many-threads.race", make_many_threads, 2, "130:8", "more than 64 threads in all" },
	{ "many-shared.race", make_many_shared, 2, "257:1", "more than 256 shared names" },
	{ "many-locals.race", make_many_locals, 2, "258:5", "more than 256 local names" },
};
#define NINPUTS ((int)(sizeof(inputs) / sizeof(inputs[0])))

/* ---- running and matching ---- */

/* `$LOCKSTEP check name` in the scratch directory; its stderr, and its
 * exit status, which must not be a death by a signal. */
static char *
run_check(const char *name, int *status)
{
	const char *args[] = { "check", name, NULL };
	struct run r = run_program(scratch, lockstep, args);

	ck_assert_msg(r.status < 128, "lockstep check %s died by signal %d", name,
	    r.status - 128);
	*status = r.status;
	free(r.out);
	return r.err;
}

/* Is there a line "name:where: error: ...message..." in text?  where ""
 * means "name: error:", NULL any "name:LINE:COL: error:". */
static bool
has_diagnostic(const char *text, const char *name, const char *where,
    const char *message)
{
	const char *line = text;

	while (*line != '\0') {
		const char *end = strchr(line, '\n'), *p = line;
		size_t n = strlen(name);

		if (end == NULL)
			end = line + strlen(line);
		if (strncmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			if (where == NULL) {
				size_t digits = strspn(p, "0123456789");

				if (digits > 0 && p[digits] == ':' &&
				    strspn(p + digits + 1, "0123456789") > 0) {
					p += digits + 1;
					p += strspn(p, "0123456789");
					p = *p == ':' ? p + 1 : end;
				} else {
					p = end;
				}
			} else if (*where != '\0') {
				if (strncmp(p, where, strlen(where)) == 0 &&
				    p[strlen(where)] == ':')
					p += strlen(where) + 1;
				else
					p = end;
			}
			if (strncmp(p, " error: ", 8) == 0) {
				char *l = xstrndup(line, (size_t)(end - line));
				bool found = strstr(l, message) != NULL;

				free(l);
				if (found)
					return true;
			}
		}
		line = *end == '\n' ? end + 1 : end;
	}
	return false;
}

static size_t
count_lines_with(const char *text, const char *needle)
{
	size_t n = 0;
	const char *p = text;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

static char *
write_input(const struct hostile *h)
{
	char *path = xasprintf("%s/%s", scratch, h->name);
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s", path);
	h->make(f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

START_TEST(hostile_input_is_handled)
{
	const struct hostile *h = &inputs[_i];
	char *path = write_input(h);
	struct lang_diags diags;
	struct lang_program *prog;
	char *err, *in_process = NULL;
	size_t len = 0;
	bool compiled;
	int status;
	FILE *out;

	err = run_check(h->name, &status);
	ck_assert_msg(status == h->status, "lockstep check %s: exit status %d, "
	    "expected %d; stderr:\n%.2000s", h->name, status, h->status, err);
	if (h->message == NULL)
		ck_assert_msg(*err == '\0', "lockstep check %s: unexpected output:\n%.2000s",
		    h->name, err);
	else
		ck_assert_msg(has_diagnostic(err, h->name, h->where, h->message),
		    "lockstep check %s: no \"%s:%s%s error: ...%s...\" in:\n%.2000s",
		    h->name, h->name, h->where != NULL ? h->where : "LINE:COL",
		    h->where != NULL && *h->where == '\0' ? "" : ":", h->message, err);

	lang_diags_init(&diags);
	prog = lang_compile_file(path, &diags);
	compiled = prog != NULL;
	if (compiled)
		lang_program_free(prog);
	out = open_memstream(&in_process, &len);
	ck_assert_ptr_nonnull(out);
	lang_diags_print(&diags, out);
	fclose(out);
	lang_diags_free(&diags);
	ck_assert_msg(compiled == (h->status == 0), "lang_compile_file(%s) %s",
	    h->name, compiled ? "succeeded" : "failed");
	if (h->message != NULL)
		ck_assert_msg(strstr(in_process, h->message) != NULL,
		    "lang_compile_file(%s): no \"%s\" in:\n%.2000s", h->name,
		    h->message, in_process);

	unlink(path);
	free(in_process);
	free(err);
	free(path);
}
END_TEST

/* 500 bad lines: 20 errors, then one line that says the rest is not shown. */
START_TEST(error_flood_stops_at_the_limit)
{
	static const struct hostile h = { "flood.race", make_many_errors, 2, NULL, NULL };
	char *path = write_input(&h), *err, *stop;
	int status;

	err = run_check(h.name, &status);
	ck_assert_int_eq(status, 2);
	ck_assert_uint_eq(count_lines_with(err, ": error: "), LANG_MAX_ERRORS + 1);
	stop = xasprintf("%s: error: too many errors; stopping\n", h.name);
	ck_assert_msg(strlen(err) >= strlen(stop) &&
	    strcmp(err + strlen(err) - strlen(stop), stop) == 0,
	    "expected the output to end with \"%s\":\n%s", stop, err);
	unlink(path);
	free(stop);
	free(err);
	free(path);
}
END_TEST

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static Suite *
hostile_suite(void)
{
	Suite *s = suite_create("hostile input");
	TCase *tc = tcase_create("inputs");

	/* A 10 MB file and a 1 MiB program, under sanitizers. */
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, hostile_input_is_handled, 0, NINPUTS);
	tcase_add_test(tc, error_flood_stops_at_the_limit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	SRunner *sr;
	int failed;

	lockstep = getenv("LOCKSTEP");
	if (lockstep == NULL || *lockstep == '\0') {
		fprintf(stderr, "test_hostile: set LOCKSTEP to the lockstep binary\n");
		return EXIT_FAILURE;
	}
	scratch = xasprintf("%s/lockstep-hostile-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		perror(scratch);
		return EXIT_FAILURE;
	}

	sr = srunner_create(hostile_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);

	nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(scratch);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
