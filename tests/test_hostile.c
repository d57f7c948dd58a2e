/* test_hostile.c - inputs no scenario author would write, on purpose:
 * garbage, huge files, absurd nesting, broken encodings, floods of errors.
 *
 * Each input is generated into a scratch directory (never committed), then
 * checked twice: by the real binary, `$LOCKSTEP check NAME` run from that
 * directory, which must exit 0 or 2 with the expected diagnostic and not die
 * by a signal; and by lang_compile_file in this process, so that a build
 * with --enable-sanitizers catches a memory error in the front end.
 *
 * The second suite is files made to attack the person who opens them:
 * terminal escapes in titles, strings and traces (shown, never obeyed),
 * links planted where lockstep writes, FIFOs and devices where it reads
 * (refused, never waited on: each run is bounded by an alarm, so a hang
 * fails the test), and traces whose numbers lie.
 */
#include "config.h"

#include <check.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "lang/compile.h"
#include "lang/diag.h"
#include "lang/limits.h"
#include "lang/program.h"
#include "trace/trace.h"
#include "ui/frame.h"
#include "ui/layout.h"
#include "ui/session.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/utf8.h"
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

/* Old Mac line ends: a lone CR ends a line, as Python reads it. */
static void
make_lone_cr(FILE *f)
{
	const char *p;

	for (p = valid_scenario; *p != '\0'; p++)
		fputc(*p == '\n' ? '\r' : *p, f);
}

/* ... so an error after lone CRs is on the line an editor shows. */
static void
make_lone_cr_error(FILE *f)
{
	fputs("counter = 0\rthread A:\r\n    counter += 1\r    countr += 1\r", f);
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
	for (i = 0; i < 164; i++)
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

static void
make_many_functions(FILE *f)
{
	int i;

	for (i = 0; i < 300; i++)
		fprintf(f, "def f%d():\n    pass\n", i);
	fputs("thread A:\n    f0()\n", f);
}

static void
make_many_params(FILE *f)
{
	int i;

	fputs("def f(", f);
	for (i = 0; i < 40; i++)
		fprintf(f, "%sp%d", i ? ", " : "", i);
	fputs("):\n    pass\nthread A:\n    pass\n", f);
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
	{ "lone-cr.race", make_lone_cr, 0, NULL, NULL },
	{ "lone-cr-error.race", make_lone_cr_error, 2, "4:5", "unknown name 'countr'" },
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
	{ "many-threads.race", make_many_threads, 2, "258:8", "more than 128 threads besides the main one" },
	{ "many-shared.race", make_many_shared, 2, "257:1", "more than 256 shared names" },
	{ "many-locals.race", make_many_locals, 2, "258:5", "more than 256 local names" },
	{ "many-functions.race", make_many_functions, 2, "513:5", "more than 256 functions" },
	{ "many-params.race", make_many_params, 2, "1:5", "'f' has 40 parameters; a "
	  "function has at most 32" },
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

/* ---- untrusted files ---- */

/* A scenario whose every display string tries to take over the terminal:
 * ESC sequences (retitle, clear), BEL, DEL, a C1 CSI (U+009B) and a
 * right-to-left override (U+202E). */
static const char hostile_scenario[] =
    "title: \x1b]2;pwned\x07\x1b[2J Title\n"
    "about: about \x1b[31mred\x7f and \xc2\x9b" "31m C1 and \xe2\x80\xae bidi\n"
    "\n"
    "x = \"s\x1b[2Jv\"\n"
    "thread A:\n"
    "    print(\"p\x1b]0;t\x07q\", x)\n"
    "    x = \"\xc2\x9bz\"\n"
    "    assert x == \"no\", \"m\x1b[5mm\"\n"
    "expect x == 1\n";

/* No byte of text a terminal would act on: ESC, BEL, DEL, a C1 control, a
 * bidi override, or bytes that are not UTF-8. */
static void
assert_inert(const char *what, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const unsigned char *p = (const unsigned char *)text + i;
		size_t n = utf8_decode(p, len - i, NULL);

		ck_assert_msg(n > 0, "%s: a byte that is not UTF-8 (0x%02x) at %zu in:\n%s",
		    what, p[0], i, text);
		ck_assert_msg(!(n == 1 && p[0] < 0x20 && p[0] != '\n' && p[0] != '\t') &&
		    p[0] != 0x7f, "%s: control byte 0x%02x at %zu in:\n%s", what, p[0], i,
		    text);
		ck_assert_msg(!(n == 2 && p[0] == 0xc2 && p[1] < 0xa0), "%s: a C1 control "
		    "at %zu in:\n%s", what, i, text);
		ck_assert_msg(!(n == 3 && p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa &&
		    p[2] <= 0xae), "%s: a bidi override at %zu in:\n%s", what, i, text);
		i += n;
	}
}

static void
assert_run_inert(const char *what, const struct run *r)
{
	char *label = xasprintf("%s (stdout)", what);

	ck_assert_msg(r->status < 128, "%s died by signal %d", what, r->status - 128);
	assert_inert(label, r->out, r->out_len);
	free(label);
	label = xasprintf("%s (stderr)", what);
	assert_inert(label, r->err, strlen(r->err));
	free(label);
}

START_TEST(sanitizer_shows_what_it_must_not_pass)
{
	static const struct {
		const char *in;
		enum sanitize_mode mode;
		const char *out;
	} cases[] = {
		{ "plain text, caf\xc3\xa9 \xe2\x9c\x93", SANITIZE_LINE,
		  "plain text, caf\xc3\xa9 \xe2\x9c\x93" },
		{ "a\x1b[2Jb", SANITIZE_LINE, "a\\x1b[2Jb" },
		{ "\x07\x7f\x01", SANITIZE_TEXT, "\\x07\\x7f\\x01" },
		{ "two\nlines\tand tab", SANITIZE_TEXT, "two\nlines\tand tab" },
		{ "two\nlines\tand tab", SANITIZE_LINE, "two\\nlines\\tand tab" },
		{ "\r", SANITIZE_TEXT, "\\x0d" },
		{ "c1 \xc2\x9b" "31m", SANITIZE_LINE, "c1 \\u009b31m" },
		{ "rtl \xe2\x80\xae" "x \xe2\x81\xa6", SANITIZE_LINE, "rtl \\u202ex \\u2066" },
		{ "lone \x80 cont", SANITIZE_LINE, "lone \xef\xbf\xbd cont" },
		{ "overlong \xc0\xaf", SANITIZE_LINE, "overlong \xef\xbf\xbd\xef\xbf\xbd" },
		{ "overlong3 \xe0\x80\xaf", SANITIZE_LINE,
		  "overlong3 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "surrogate \xed\xa0\x80", SANITIZE_LINE,
		  "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "beyond \xf4\x90\x80\x80", SANITIZE_LINE,
		  "beyond \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "cut \xe2\x9c", SANITIZE_LINE, "cut \xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xff\xfe", SANITIZE_LINE, "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "", SANITIZE_LINE, "" },
	};
	char buf[8];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = sanitize(cases[i].in, cases[i].mode);

		ck_assert_msg(strcmp(got, cases[i].out) == 0, "case %zu: got \"%s\", "
		    "expected \"%s\"", i, got, cases[i].out);
		free(got);
	}
	/* cut to fit, never inside an escape or a character */
	ck_assert_str_eq(sanitize_into(buf, sizeof(buf), "ab\x1b[2J", SANITIZE_LINE),
	    "ab\\x1b[");
	ck_assert_str_eq(sanitize_into(buf, 6, "ab\x1b[2J", SANITIZE_LINE), "ab");
	ck_assert_str_eq(sanitize_into(buf, 5, "abc\xe2\x9c\x93", SANITIZE_LINE), "abc");
}
END_TEST

/* A string value as Python's repr writes it on one line, the rest as the
 * sanitizer shows it; cut to fit, never inside an escape, quote kept. */
START_TEST(repr_is_pythons_and_safe)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "'plain'" },
		{ "", "''" },
		{ "a\nb\tc\rd", "'a\\nb\\tc\\rd'" },
		{ "back\\slash", "'back\\\\slash'" },
		{ "it's", "\"it's\"" },
		{ "say \"hi\"", "'say \"hi\"'" },
		{ "both ' and \"", "'both \\' and \"'" },
		{ "esc \x1b[2J", "'esc \\x1b[2J'" },
		{ "c1 \xc2\x9b", "'c1 \\u009b'" },
		{ "bad \xff", "'bad \xef\xbf\xbd'" },
		{ "caf\xc3\xa9", "'caf\xc3\xa9'" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(strcmp(sanitize_repr_into(buf, sizeof(buf), cases[i].in),
		    cases[i].out) == 0, "case %zu: got %s, expected %s", i, buf, cases[i].out);
	ck_assert_str_eq(sanitize_repr_into(buf, 6, "a\\b"), "'a\\\\'");
	ck_assert_str_eq(sanitize_repr_into(buf, 5, "a\\b"), "'a'");
	ck_assert_str_eq(sanitize_repr_into(buf, 3, "abc"), "''");
	ck_assert_str_eq(sanitize_repr_into(buf, 2, "abc"), "");
}
END_TEST

START_TEST(escapes_in_a_scenario_are_shown_not_obeyed)
{
	static const char *const verbs[][6] = {
		{ "run", "h.race", NULL },
		{ "run", "h.race", "--expand", NULL },
		{ "run", "h.race", "--format", "json", NULL },
		{ "run", "h.race", "--format", "svg", NULL },
		{ "run", "h.race", "--format", "html", NULL },
		{ "explore", "h.race", NULL },
		{ "explore", "h.race", "--format", "json", NULL },
		{ "free", "h.race", "--runs", "3", NULL },
		{ "check", "h.race", NULL },
		{ "h.race", NULL },		/* not a terminal: shown as text */
	};
	char *file = write_scratch_file("h.race", hostile_scenario);
	size_t i;

	run_alarm = 60;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		struct run r = run_program(scratch, lockstep, verbs[i]);
		char *what = xasprintf("lockstep %s %s", verbs[i][0], verbs[i][1] ?
		    verbs[i][1] : "");

		assert_run_inert(what, &r);
		if (i == 0 || i == 5 || i == 7 || i == 9)
			assert_contains(r.out, "\\x1b]2;pwned\\x07\\x1b[2J Title");
		if (i == 0) {
			assert_contains(r.out, "A writes 'p\\x1b]0;t\\x07q'");
			assert_contains(r.out, "output: p\\x1b]0;t\\x07q s\\x1b[2Jv");
			assert_contains(r.out, "x = '\\u009bz'");
			assert_contains(r.out, "AssertionError: m\\x1b[5mm");
		}
		if (i == 9)
			assert_contains(r.out, "about \\x1b[31mred\\x7f and \\u009b31m C1 "
			    "and \\u202e bidi");
		run_free(&r);
		free(what);
	}
	free(file);
}
END_TEST

/* A file's own name, as a glob hands it over, is shown like its text. */
START_TEST(a_file_name_is_shown_not_obeyed)
{
	static const char *const verbs[][5] = {
		{ "run", "\x1b[2Jglob.race", NULL },
		{ "explore", "\x1b[2Jglob.race", NULL },
		{ "free", "\x1b[2Jglob.race", "--runs", "2", NULL },
	};
	char *file = write_scratch_file("\x1b[2Jglob.race", hostile_scenario);
	size_t i;

	run_alarm = 60;
	for (i = 0; i < 3; i++) {
		struct run r = run_program(scratch, lockstep, verbs[i]);

		assert_run_inert(verbs[i][0], &r);
		assert_contains(r.out, "(\\x1b[2Jglob.race)");
		run_free(&r);
	}
	free(file);
}
END_TEST

/* check echoes the line of an error: escaped, with the caret still under
 * the token it points at. */
START_TEST(a_diagnostic_shows_its_line_escaped)
{
	char *file = write_scratch_file("e.race", "x = 0\nthread A:\n"
	    "    x = \"\x1b[2J\" $ 1\n");
	struct run r = run_lockstep_in(scratch, "check", "e.race", NULL);
	const char *line, *caret;

	ck_assert_int_eq(r.status, 2);
	assert_run_inert("check e.race", &r);
	line = strstr(r.err, "\n    x = \"\\x1b[2J\" $ 1\n");
	ck_assert_msg(line != NULL, "no escaped source line in:\n%s", r.err);
	line++;
	caret = strchr(line, '\n') + 1;
	ck_assert_msg(caret[strchr(line, '$') - line] == '^', "the caret is not under "
	    "the '$':\n%s", r.err);
	run_free(&r);
	free(file);
}
END_TEST

START_TEST(names_on_the_search_path_are_shown_not_obeyed)
{
	char *dir = xasprintf("%s/path", scratch);

	free(write_scratch_file("path/\x1b[2Jevil.race", hostile_scenario));
	free(write_scratch_file("path/bad\xff.race", "thread A:\n    pass\n"));
	setenv("LOCKSTEP_PATH", dir, 1);
	run_alarm = 30;
	{
		struct run r = run_lockstep("list");

		ck_assert_int_eq(r.status, 0);
		assert_run_inert("lockstep list", &r);
		assert_contains(r.out, "\\x1b[2Jevil");
		assert_contains(r.out, "\\x1b]2;pwned\\x07\\x1b[2J Title");
		assert_contains(r.out, "bad\xef\xbf\xbd");
		run_free(&r);
	}
	free(dir);
}
END_TEST

/* What the TUI draws (and so what a recording holds) is made safe too: no
 * cell of the frame holds a control character or a bidi override, on the
 * scenario's screen, its about: text and the picker. */
static void
assert_frame_inert(const struct ui_session *s, const char *what, const char *shown)
{
	struct ui_frame f;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	int i;

	ui_frame_init(&f, 120, 40, true);
	ui_layout(s, &f);
	for (i = 0; i < f.width * f.height; i++) {
		wchar_t c = f.cells[i].ch;

		ck_assert_msg(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) &&
		    !(c >= 0x202a && c <= 0x202e) && !(c >= 0x2066 && c <= 0x2069),
		    "%s: cell %d holds U+%04X", what, i, (unsigned)c);
	}
	mem = open_memstream(&text, &len);
	ui_frame_dump(&f, mem);
	fclose(mem);
	assert_contains(text, shown);
	free(text);
	ui_frame_free(&f);
}

START_TEST(the_tui_shows_escapes_not_obeys_them)
{
	char *file = write_scratch_file("path/tui.race", hostile_scenario);
	char *dir = xasprintf("%s/path", scratch);
	struct ui_session *s = ui_session_new(0);

	ck_assert(ui_session_open(s, file, "tui", NULL));
	ck_assert(ui_session_step(s, 0));
	assert_frame_inert(s, "after a step", "\\x1b]2;pwned");
	ui_session_key(s, 'a');
	free(write_scratch_file("path/\x1b[2Jevil.race", hostile_scenario));
	setenv("LOCKSTEP_PATH", dir, 1);
	ui_session_show_picker(s);
	assert_frame_inert(s, "the picker", "\\x1b[2Jevil");
	ui_session_free(s);
	free(dir);
	free(file);
}
END_TEST

/* A trace's own text (policy, scenario name, schedule) is shown escaped by
 * replay --headless and its errors. */
static char *
saved_trace(const char *name)
{
	char *trace = xasprintf("%s/%s", scratch, name);
	struct run r = run_lockstep_in(scratch, "run", "lost-update", "--trace", trace, NULL);
	char *text;

	ck_assert_int_eq(r.status, 1);
	run_free(&r);
	text = read_all(fopen(trace, "r"), NULL);
	free(trace);
	return text;
}

/* text with its line starting "key " replaced by line (which ends in \n). */
static char *
with_line(const char *text, const char *key, const char *line)
{
	const char *at = strstr(text, key), *end;
	struct strbuf sb = { 0 };

	ck_assert_ptr_nonnull(at);
	end = strchr(at + 1, '\n') + 1;
	strbuf_append(&sb, text, (size_t)(at - text));
	strbuf_puts(&sb, line);
	strbuf_puts(&sb, end);
	return strbuf_detach(&sb);
}

static struct run
replay_text(const char *text)
{
	char *path = write_scratch_file("t.trace", text);
	struct run r = run_lockstep_in(scratch, "replay", "--headless", path, NULL);

	free(path);
	return r;
}

START_TEST(a_hostile_trace_is_shown_not_obeyed)
{
	char *text = saved_trace("lost.trace"), *evil;
	struct run r;

	run_alarm = 30;
	evil = with_line(text, "\npolicy ", "\npolicy r\x1b]2;x\x07\xff\xed\xa0\x80r\n");
	r = replay_text(evil);
	ck_assert_msg(r.status == 1, "status %d: %s", r.status, r.err);
	assert_run_inert("replay of a hostile policy", &r);
	assert_contains(r.out, "policy r\\x1b]2;x\\x07\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
	    "\xbd\xef\xbf\xbdr");
	run_free(&r);
	free(evil);
	evil = with_line(text, "\nscenario ", "\nscenario \x1b[2Jgone\n");
	r = replay_text(evil);
	ck_assert_msg(r.status == 1, "status %d: %s", r.status, r.err);
	assert_run_inert("replay of a hostile scenario name", &r);
	assert_contains(r.out, "(\\x1b[2Jgone)");
	run_free(&r);
	free(evil);
	evil = with_line(text, "\nschedule ", "\nschedule \x1b[2J\n");
	r = replay_text(evil);
	ck_assert_int_eq(r.status, 2);
	assert_run_inert("replay of a hostile schedule", &r);
	assert_contains(r.err, "no thread named '\\x1b[2J'");
	run_free(&r);
	free(evil);
	free(text);
}
END_TEST

/* ---- files lockstep writes ---- */

static char *
file_text(const char *path)
{
	FILE *f = fopen(path, "r");

	ck_assert_msg(f != NULL, "cannot read %s", path);
	return read_all(f, NULL);
}

/* A link planted at FILE.part is not written through: the victim keeps its
 * text, the link stays, and FILE is written whole under another name. */
START_TEST(a_link_planted_at_the_temporary_is_not_followed)
{
	char *victim = write_scratch_file("victim", "untouched\n");
	char *out = xasprintf("%s/out.trace", scratch);
	char *part = xasprintf("%s.part", out), *text;
	struct stat st;
	struct run r;

	ck_assert_int_eq(symlink(victim, part), 0);
	r = run_lockstep("run", "lost-update", "--trace", out);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	text = file_text(victim);
	ck_assert_str_eq(text, "untouched\n");
	free(text);
	ck_assert_int_eq(lstat(part, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(lstat(out, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	text = file_text(out);
	assert_starts_with(text, "lockstep-trace 2\n");
	free(text);
	free(part);
	free(out);
	free(victim);
}
END_TEST

/* A FILE that exists and is not a regular file is refused, and left as it
 * was: a FIFO (which a rename would replace, as root /dev/null), a
 * directory, a link (to a victim, which keeps its text). */
START_TEST(a_target_that_is_not_a_regular_file_is_refused)
{
	static const char *const kinds[] = { "FIFO", "directory", "symbolic link" };
	char *victim = write_scratch_file("victim", "untouched\n");
	size_t i;

	run_alarm = 30;
	for (i = 0; i < 3; i++) {
		char *out = xasprintf("%s/target%zu.trace", scratch, i), *text;
		char *said = xasprintf("cannot write %s: it is a %s, not a regular file",
		    out, kinds[i]);
		const char *verbs[] = { "run", "explore", "free" };
		size_t v;
		struct stat st;

		ck_assert_int_eq(i == 0 ? mkfifo(out, 0644) : i == 1 ? mkdir(out, 0755) :
		    symlink(victim, out), 0);
		for (v = 0; v < 3; v++) {
			struct run r = run_lockstep(verbs[v], "lost-update", "--trace", out,
			    v == 2 ? "--runs" : NULL, "3", NULL);

			ck_assert_msg(r.status == 2, "%s --trace to a %s: status %d", verbs[v],
			    kinds[i], r.status);
			assert_contains(r.err, said);
			run_free(&r);
		}
		ck_assert_int_eq(lstat(out, &st), 0);
		ck_assert(i == 0 ? S_ISFIFO(st.st_mode) : i == 1 ? S_ISDIR(st.st_mode) :
		    S_ISLNK(st.st_mode));
		text = file_text(victim);
		ck_assert_str_eq(text, "untouched\n");
		free(text);
		free(said);
		free(out);
	}
	/* --record: refused before the session, not at its end */
	{
		char *dir = xasprintf("%s/target1.trace", scratch);
		struct run r = run_lockstep("--record", dir, "lost-update");

		ck_assert_int_eq(r.status, 2);
		assert_contains(r.err, "cannot write ");
		assert_contains(r.err, "target1.trace: it is a directory, not a regular file");
		run_free(&r);
		free(dir);
	}
	free(victim);
}
END_TEST

/* ---- files lockstep reads ---- */

/* A FIFO where a scenario or a trace is read is refused at once by every
 * verb (the alarm turns a hang into a failure). */
START_TEST(a_fifo_is_refused_not_waited_on)
{
	static const char *const runs[][5] = {
		{ "check", "x.race", NULL },
		{ "run", "x.race", NULL },
		{ "run", "x", NULL },
		{ "explore", "x", NULL },
		{ "free", "x", "--runs", "1", NULL },
		{ "x.race", NULL },
		{ "replay", "--headless", "fifo.trace", NULL },
		{ "replay", "fifo.trace", NULL },
	};
	char *fifo = xasprintf("%s/x.race", scratch);
	char *trace = xasprintf("%s/fifo.trace", scratch);
	char *dir = xasprintf("%s/path", scratch);
	size_t i;

	run_alarm = 30;
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	ck_assert_int_eq(mkfifo(trace, 0644), 0);
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct run r = run_program(scratch, lockstep, runs[i]);

		ck_assert_msg(r.status == 2, "lockstep %s %s on a FIFO: status %d\n%s",
		    runs[i][0], runs[i][1] ? runs[i][1] : "", r.status, r.err);
		assert_contains(r.err, "is a FIFO, not a regular file");
		run_free(&r);
	}
	/* on the search path: list and the picker's list go on past it */
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	free(fifo);
	fifo = xasprintf("%s/stuck.race", dir);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	setenv("LOCKSTEP_PATH", dir, 1);
	{
		struct run r = run_lockstep("list");

		ck_assert_int_eq(r.status, 0);
		assert_contains(r.out, "stuck  ");
		assert_contains(r.out, "(cannot be read: is a FIFO, not a regular file)");
		assert_contains(r.out, "lost-update");
		run_free(&r);
		r = run_lockstep("check", "stuck");
		ck_assert_int_eq(r.status, 2);
		assert_contains(r.err, "is a FIFO, not a regular file");
		run_free(&r);
	}
	/* a version 1 trace naming a FIFO beside it: not a scenario */
	free(write_scratch_file("v1.trace", "lockstep-trace 1\nscenario x.race\n"
	    "source-hash 0000000000000001\npolicy rr\nseed 0\nmax-steps 10\n"
	    "schedule A\nsteps 0\nverdict ok\nend\n"));
	{
		struct run r = run_lockstep_in(scratch, "replay", "--headless", "v1.trace",
		    NULL);

		ck_assert_int_eq(r.status, 2);
		assert_contains(r.err, "scenario 'x.race' not found (looked for ./x.race");
		run_free(&r);
	}
	free(dir);
	free(trace);
	free(fifo);
}
END_TEST

START_TEST(a_device_is_refused)
{
	char *link = xasprintf("%s/zero.race", scratch);
	struct run r;

	ck_assert_int_eq(symlink("/dev/zero", link), 0);
	run_alarm = 30;
	r = run_lockstep("check", link);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "zero.race: error: is a device, not a regular file");
	run_free(&r);
	free(link);
}
END_TEST

/* ---- numbers ---- */

/* Every count in a trace is checked at its line: a trace that promises 30
 * million steps is refused there, before they are read. */
START_TEST(a_trace_that_lies_about_its_counts_is_refused)
{
	static const struct {
		const char *key, *line, *said;
	} lies[] = {
		{ "\nsteps ", "\nsteps 30000000\n",
		  "damaged trace: 'steps 30000000': expected a number from 0 to 1000000" },
		{ "\nmax-steps ", "\nmax-steps abc\n",
		  "'max-steps abc': expected a number from 1 to 100000000" },
		{ "\nmax-steps ", "\nmax-steps 10 steps\n", "'max-steps 10 steps'" },
		{ "\nseed ", "\nseed 18446744073709551616\n",
		  "'seed 18446744073709551616': expected a number from 0 to "
		  "18446744073709551615" },
		{ "\nseed ", "\nseed -1\n", "'seed -1'" },
		{ "\nsource-hash ", "\nsource-hash 0x1\n", "'source-hash 0x1'" },
		{ "\nsource ", "\nsource 999999999\n", "'source 999999999'" },
	};
	char *text = saved_trace("count.trace");
	size_t i;

	run_alarm = 30;
	for (i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		char *evil = with_line(text, lies[i].key, lies[i].line);
		struct run r = replay_text(evil);

		ck_assert_msg(r.status == 2, "%s: status %d", lies[i].line, r.status);
		assert_contains(r.err, lies[i].said);
		run_free(&r);
		free(evil);
	}
	/* a schedule longer than any trace holds, counted before it is parsed */
	{
		struct strbuf sb = { 0 };
		char *evil;
		struct run r;
		int k;

		strbuf_puts(&sb, "\nschedule A");
		for (k = 0; k < TRACE_MAX_STEPS; k++)
			strbuf_puts(&sb, ",A");
		strbuf_putc(&sb, '\n');
		evil = with_line(text, "\nschedule ", sb.buf);
		r = replay_text(evil);
		ck_assert_int_eq(r.status, 2);
		assert_contains(r.err, "damaged trace: a schedule of 1000001 steps; a trace "
		    "holds at most 1000000");
		run_free(&r);
		free(evil);
		strbuf_free(&sb);
	}
	free(text);
}
END_TEST

START_TEST(numbers_beyond_range_are_refused)
{
	static const char *const runs[][6] = {
		{ "run", "lost-update", "--seed", "18446744073709551616", NULL },
		{ "run", "lost-update", "--seed", "99999999999999999999999999", NULL },
		{ "run", "lost-update", "--seed", "-1", NULL },
		{ "run", "lost-update", "--seed", " 5", NULL },
		{ "run", "lost-update", "--max-steps", "4294967297", NULL },
		{ "explore", "lost-update", "--max-states", "18446744073709551617", NULL },
		{ "free", "lost-update", "--runs", "18446744073709551616", NULL },
	};
	size_t i;
	struct run r;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		r = run_program(NULL, lockstep, runs[i]);
		ck_assert_msg(r.status == 2, "%s %s %s: status %d", runs[i][0], runs[i][2],
		    runs[i][3], r.status);
		assert_contains(r.err, runs[i][3]);
		run_free(&r);
	}
	r = run_lockstep("run", "lost-update", "--seed", "18446744073709551615",
	    "--summary");
	ck_assert_int_eq(r.status, 1);
	run_free(&r);
}
END_TEST

/* A trace names a scenario, never another file: a bare name is NAME.race
 * beside the trace or on the search path, not whatever the current
 * directory holds under that name. */
START_TEST(a_trace_names_only_a_scenario)
{
	struct run r;

	free(write_scratch_file("notes", "SECRET = [\n"));
	free(write_scratch_file("named.trace", "lockstep-trace 1\nscenario notes\n"
	    "source-hash 0000000000000001\npolicy rr\nseed 0\nmax-steps 10\n"
	    "schedule A\nsteps 0\nverdict ok\nend\n"));
	r = run_lockstep_in(scratch, "replay", "--headless", "named.trace", NULL);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "scenario 'notes' not found (looked for ./notes.race, ");
	assert_lacks(r.err, "SECRET");
	run_free(&r);
}
END_TEST

/* The untrusted-files tests run lockstep as test_cli does, each in its own
 * scratch directory (cli_setup); the suite's own is kept for after. */
static char *suite_scratch;

static void
untrusted_setup(void)
{
	suite_scratch = scratch;
	cli_setup();
}

static void
untrusted_teardown(void)
{
	cli_teardown();
	scratch = suite_scratch;
}

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

	tc = tcase_create("untrusted files");
	tcase_add_checked_fixture(tc, untrusted_setup, untrusted_teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, sanitizer_shows_what_it_must_not_pass);
	tcase_add_test(tc, repr_is_pythons_and_safe);
	tcase_add_test(tc, escapes_in_a_scenario_are_shown_not_obeyed);
	tcase_add_test(tc, a_diagnostic_shows_its_line_escaped);
	tcase_add_test(tc, a_file_name_is_shown_not_obeyed);
	tcase_add_test(tc, names_on_the_search_path_are_shown_not_obeyed);
	tcase_add_test(tc, the_tui_shows_escapes_not_obeys_them);
	tcase_add_test(tc, a_hostile_trace_is_shown_not_obeyed);
	tcase_add_test(tc, a_link_planted_at_the_temporary_is_not_followed);
	tcase_add_test(tc, a_target_that_is_not_a_regular_file_is_refused);
	tcase_add_test(tc, a_fifo_is_refused_not_waited_on);
	tcase_add_test(tc, a_device_is_refused);
	tcase_add_test(tc, a_trace_that_lies_about_its_counts_is_refused);
	tcase_add_test(tc, numbers_beyond_range_are_refused);
	tcase_add_test(tc, a_trace_names_only_a_scenario);
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
