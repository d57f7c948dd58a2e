/* test_cli.c - the lockstep command line, run as a user runs it (cli.h).
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cmd/cmd.h"
#include "util/strbuf.h"
#include "util/xalloc.h"


/* The bundled scenarios, sorted as `lockstep list` prints them. */
static const char *const bundled[] = {
	"bank-transfer", "barrier", "bounded-buffer", "bounded-semaphore",
	"challenge-1-lost-update",
	"challenge-2-check-then-act", "challenge-3-deadlock", "challenge-4-condition-if",
	"challenge-5-semaphore", "challenge-6-barrier", "check-then-act",
	"condition-if", "condition-while", "daemon-consumer", "deadlock",
	"dining-philosophers", "dining-philosophers-waiter", "event-signal",
	"list-worklist", "lock-order", "lock-self-deadlock", "lost-update", "lost-update-atomic",
	"lost-update-lock", "lost-update-sleep", "lost-wakeup", "peterson",
	"polite-livelock", "producer-consumer", "rlock-reentry", "rwlock",
	"semaphore-limit", "start-join",
};
#define NBUNDLED (sizeof bundled / sizeof bundled[0])

/* The bundled Python programs that compile, listed after them as
 * python/NAME (scenarios/python holds others, outside the subset yet). */
static const char *const bundled_python[] = {
	"barrier", "bounded-semaphore", "check-then-act", "condition-if",
	"condition-while", "counter-race", "counter-race-sleep", "event",
	"lock-argument", "lock-order-deadlock", "pool-semaphore", "queue-daemon",
	"rlock-recursive", "rwlock", "start-join", "thread-subclass",
};
#define NBUNDLED_PYTHON (sizeof bundled_python / sizeof bundled_python[0])

static const char custom_scenario[] =
    "title: A custom scenario\n"
    "counter = 0\n"
    "thread A:\n"
    "    counter += 1\n"
    "expect counter == 1\n";

static const char invalid_utf8[] = "title: broken \xff\n";

static char *
bundled_file(const char *name)
{
	return xasprintf("%s/%s.race", scenarios_dir, name);
}

/* The text after "title:" in a scenario file, up to the end of the line;
 * in a Python program, after the opening docstring's quotes. */
static char *
title_of(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[1024];
	char *title = NULL;

	ck_assert_msg(f != NULL, "cannot open %s", file);
	while (title == NULL && fgets(line, sizeof line, f) != NULL) {
		size_t skip = strncmp(line, "title:", 6) == 0 ? 6 :
		    strncmp(line, "\"\"\"", 3) == 0 ? 3 : 0;

		if (skip > 0) {
			const char *s = line + skip + strspn(line + skip, " ");

			title = xstrndup(s, strcspn(s, "\r\n"));
		}
	}
	fclose(f);
	ck_assert_msg(title != NULL, "%s has no title: line", file);
	return title;
}

/* What `lockstep list` adds to a title, read from the file's text: " [challenge]"
 * for a goal: line, " [N tours]" for its tour lines. */
static char *
marks_of(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[1024];
	bool goal = false;
	int tours = 0;

	ck_assert_msg(f != NULL, "cannot open %s", file);
	while (fgets(line, sizeof line, f) != NULL) {
		goal |= strncmp(line, "goal:", 5) == 0;
		tours += strncmp(line, "tour \"", 6) == 0;
	}
	fclose(f);
	if (tours == 0)
		return xstrdup(goal ? " [challenge]" : "");
	return xasprintf("%s [%d tour%s]", goal ? " [challenge]" : "", tours,
	    tours == 1 ? "" : "s");
}

/* The line of `lockstep list` output for name: the name, padding, title. */
static void
assert_listed(const char *out, const char *name, const char *title)
{
	char *line = NULL;
	const char *s;

	for (s = out; *s != '\0'; s += strcspn(s, "\n") + (s[strcspn(s, "\n")] != '\0')) {
		size_t len = strcspn(s, "\n");

		if (strncmp(s, name, strlen(name)) == 0 && s[strlen(name)] == ' ') {
			line = xstrndup(s, len);
			break;
		}
	}
	ck_assert_msg(line != NULL, "no line for %s in:\n%s", name, out);
	s = line + strlen(name) + strspn(line + strlen(name), " ");
	ck_assert_str_eq(s, title);
	free(line);
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* --- options and verbs ------------------------------------------------- */

START_TEST(help_lists_every_verb)
{
	static const char *const spellings[] = { "--help", "-h" };
	struct run r = run_lockstep(spellings[_i]);

	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	assert_starts_with(r.out, "usage: lockstep [--record FILE.cast] [FILE]\n");
	assert_contains(r.out, "\n  run FILE [OPTIONS]  ");
	assert_contains(r.out, "\n  replay [--headless] TRACE  ");
	assert_contains(r.out, "\n  --record FILE.cast  ");
	assert_contains(r.out, "\n  check FILE...  ");
	assert_contains(r.out, "\n  list  ");
	assert_contains(r.out, "--version");
	/* every exit status, as lockstep(1) lists them */
	assert_contains(r.out, "0 ok, 1 the run showed a bug, 2 a scenario or usage error,\n"
	    "3 an internal error, 4 no bug found, but not proven");
	run_free(&r);
}
END_TEST

START_TEST(version)
{
	static const char *const spellings[] = { "--version", "-V" };
	struct run r = run_lockstep(spellings[_i]);

	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "lockstep " PACKAGE_VERSION "\n");
	ck_assert_str_eq(r.err, "");
	run_free(&r);
}
END_TEST

START_TEST(unknown_option)
{
	struct run r = run_lockstep("--bogus");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "lockstep: unknown option '--bogus'\n"
	    "Try 'lockstep --help'.\n");
	run_free(&r);
	r = run_lockstep("-x");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep: unknown option '-x'\n");
	run_free(&r);
	r = run_lockstep("check", "--bogus", "lost-update");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "lockstep check: unknown option '--bogus'\n"
	    "Try 'lockstep check --help'.\n");
	run_free(&r);
	r = run_lockstep("list", "-q");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep list: unknown option '-q'\n");
	run_free(&r);
}
END_TEST

/* A daemon runs on after the other threads have ended, until the program
 * exits, and the exit is a step a schedule takes when it likes. */
START_TEST(daemons_run_until_the_exit)
{
	char *file = write_scratch_file("daemon.race", "x0 = 0\nthread w[2]:\n    pass\n"
	    "daemon thread D:\n    for k in range(2):\n        x0 += 1\n");
	struct run r = run_lockstep("run", file, "--schedule", "D,D,D,D");

	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "shared: x0 = 2");
	assert_lacks(r.out, "exit");
	run_free(&r);
	r = run_lockstep("run", file, "--schedule", "D,D,w[1]");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "   3                          exit: daemons stopped\n");
	assert_contains(r.out, "shared: x0 = 1");
	run_free(&r);
	r = run_lockstep("run", file, "--schedule", "D,w[0]");
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "w[0] cannot run");
	run_free(&r);
	r = run_lockstep("explore", file);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "ok  x0 = 0\n");
	assert_contains(r.out, "ok  x0 = 1\n");
	assert_contains(r.out, "ok  x0 = 2\n");
	run_free(&r);
	free(file);
}
END_TEST

/* Issue 17: a timeout is a step the schedule chooses: the step table and
 * the JSON name it. */
START_TEST(timeouts_are_named_steps)
{
	char *file = write_scratch_file("timed.race", "m = Lock()\ngot = 5\nthread A:\n"
	    "    m.acquire()\nthread B:\n    got = m.acquire(timeout=0.5)\n");
	struct run r = run_lockstep("run", file, "--schedule", "A,B");

	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "m.acquire times out -> False");
	assert_contains(r.out, "shared: got = False");
	run_free(&r);
	r = run_lockstep("run", file, "--schedule", "A,B", "--format", "json");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "\"action\": \"m.acquire times out -> False\", \"line\": 6, "
	    "\"value\": false, \"timed_out\": true");
	run_free(&r);
	r = run_lockstep("run", file, "--schedule", "B,B");	/* then A deadlocks */
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "m.acquire() -> True");
	assert_lacks(r.out, "times out");
	run_free(&r);
	free(file);
}
END_TEST

START_TEST(unknown_verb)
{
	struct run r = run_lockstep("frobnicate");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	assert_starts_with(r.err, "lockstep: no scenario named 'frobnicate' (looked for "
	    "./frobnicate.race, ");
	assert_contains(r.err, "Try 'lockstep --help' for the commands.\n");
	run_free(&r);
}
END_TEST

START_TEST(verb_help)
{
	struct run r = run_lockstep("check", "--help");

	ck_assert_int_eq(r.status, 0);
	assert_starts_with(r.out, "usage: lockstep check FILE...\n");
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	r = run_lockstep("list", "-h");
	ck_assert_int_eq(r.status, 0);
	assert_starts_with(r.out, "usage: lockstep list\n");
	run_free(&r);
}
END_TEST

/* Every verb, and every option any --help names, is in lockstep(1). */
START_TEST(manual_documents_every_verb_and_option)
{
	static const char *const verbs[] = { "run", "free", "explore", "replay", "check",
	    "list", NULL };
	char *manual = read_manual();
	size_t i;

	if (manual == NULL)
		return;
	for (i = 0; i == 0 || verbs[i - 1] != NULL; i++) {
		struct run r = i == 0 ? run_lockstep("--help") : run_lockstep(verbs[i - 1], "--help");
		const char *p;
		char *entry;

		ck_assert_int_eq(r.status, 0);
		if (i > 0) {
			char *alone = xasprintf("\n.TP\n.B %s\n", verbs[i - 1]);
			char *quoted = xasprintf("\n.TP\n.BI \"%s ", verbs[i - 1]);

			entry = xasprintf("\n.TP\n.BI %s ", verbs[i - 1]);
			ck_assert_msg(strstr(manual, entry) != NULL || strstr(manual, alone) !=
			    NULL || strstr(manual, quoted) != NULL,
			    "lockstep(1) has no entry for the verb %s", verbs[i - 1]);
			free(entry);
			free(alone);
			free(quoted);
		}
		for (p = strstr(r.out, "--"); p != NULL; p = strstr(p + 2, "--")) {
			size_t len = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
			char *escaped = xstrdup("\\-\\-"), *tmp;
			size_t k;

			if (len == 0)
				continue;
			for (k = 0; k < len; k++) {
				tmp = p[2 + k] == '-' ? xasprintf("%s\\-", escaped) :
				    xasprintf("%s%c", escaped, p[2 + k]);
				free(escaped);
				escaped = tmp;
			}
			ck_assert_msg(strstr(manual, escaped) != NULL, "lockstep(1) lacks "
			    "--%.*s (from lockstep %s --help)", (int)len, p + 2,
			    i == 0 ? "" : verbs[i - 1]);
			free(escaped);
		}
		run_free(&r);
	}
	free(manual);
}
END_TEST

START_TEST(open_without_a_terminal_shows_the_step_program)
{
	struct run r = run_lockstep("lost-update");

	ck_assert_int_eq(r.status, 0);
	assert_starts_with(r.out, "Lost update\n\nTwo threads");
	assert_contains(r.out, "thread A:\n   0 * LOAD counter");
	assert_contains(r.out, "   2 * STORE counter");
	assert_contains(r.out, "one step.)\n");
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	r = run_lockstep_in(NULL, NULL);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "lost-update");
	run_free(&r);
	r = run_lockstep("lost-update", "deadlock");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep: unexpected argument 'deadlock'\n");
	run_free(&r);
}
END_TEST

/* --- check ------------------------------------------------------------- */

START_TEST(bundled_scenarios_are_the_expected_ones)
{
	DIR *dir = opendir(scenarios_dir);
	struct dirent *entry;
	size_t count = 0, i;

	ck_assert_ptr_nonnull(dir);
	while ((entry = readdir(dir)) != NULL) {
		size_t len = strlen(entry->d_name);

		if (len > 5 && strcmp(entry->d_name + len - 5, ".race") == 0) {
			for (i = 0; i < NBUNDLED; i++)
				if (strncmp(entry->d_name, bundled[i], len - 5) == 0 &&
				    bundled[i][len - 5] == '\0')
					break;
			ck_assert_msg(i < NBUNDLED, "%s is not in the list of bundled scenarios",
			    entry->d_name);
			count++;
		}
	}
	closedir(dir);
	ck_assert_uint_eq(count, NBUNDLED);
}
END_TEST

START_TEST(check_bundled_file)
{
	char *file = bundled_file(bundled[_i]);
	struct run r = run_lockstep("check", file);

	ck_assert_msg(r.status == 0, "check %s: exit %d\n%s", file, r.status, r.err);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, "");
	run_free(&r);
	free(file);
}
END_TEST

START_TEST(check_bundled_by_name)
{
	char *with_suffix = xasprintf("%s.race", bundled[_i]);
	struct run r = run_lockstep("check", bundled[_i]);

	ck_assert_msg(r.status == 0, "check %s: exit %d\n%s", bundled[_i], r.status, r.err);
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	/* NAME.race, with no such file in the working directory. */
	r = run_lockstep_in(scratch, "check", with_suffix, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	free(with_suffix);
}
END_TEST

START_TEST(check_without_file)
{
	struct run r = run_lockstep("check");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "lockstep check: no scenario FILE given\n"
	    "Try 'lockstep check --help'.\n");
	run_free(&r);
}
END_TEST

START_TEST(check_nonexistent_file)
{
	char *file = xasprintf("%s/nonexistent.race", scratch);
	char *expected = xasprintf("%s: error: ", file);
	struct run r = run_lockstep("check", file);

	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, expected);
	run_free(&r);
	/* The same, named without a directory: looked for here and on the
	 * search path, and the message says where. */
	r = run_lockstep_in(scratch, "check", "nonexistent.race", NULL);
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep: no scenario named 'nonexistent.race' "
	    "(looked for ./nonexistent.race, ");
	run_free(&r);
	free(expected);
	free(file);
}
END_TEST

START_TEST(check_unknown_name)
{
	char *xdg_dir = xasprintf("%s/xdg/lockstep/scenarios", scratch);
	char *searched = xasprintf("(looked for ./no-such-scenario.race, "
	    "%s/no-such-scenario.race, %s/no-such-scenario.race, and no-such-scenario.py "
	    "in each)\n", xdg_dir, scenarios_dir);
	struct run r = run_lockstep("check", "no-such-scenario");

	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep: no scenario named 'no-such-scenario' ");
	/* The uninstalled binary reads the source tree's scenarios. */
	assert_contains(r.err, searched);
	run_free(&r);
	free(searched);
	free(xdg_dir);
}
END_TEST

START_TEST(check_several_files_one_bad)
{
	char *bad1 = write_scratch_file("bad1.race", invalid_utf8);
	char *bad2 = write_scratch_file("bad2.race", invalid_utf8);
	char *good = bundled_file("lost-update");
	struct run r = run_lockstep("check", good, bad1, "deadlock");

	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "bad1.race:1:");
	assert_lacks(r.err, "lost-update");
	assert_lacks(r.err, "deadlock");
	run_free(&r);
	/* Every file is checked, not just those before the first bad one. */
	r = run_lockstep("check", bad1, good, bad2, "no-such-scenario");
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "bad1.race:1:");
	assert_contains(r.err, "bad2.race:1:");
	assert_contains(r.err, "no scenario named 'no-such-scenario'");
	run_free(&r);
	r = run_lockstep("check", good, "deadlock", good);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	free(good);
	free(bad2);
	free(bad1);
}
END_TEST

/* --- list and the search path ------------------------------------------ */

/* --- tours and challenges ----------------------------------------------- */

static const char toured_scenario[] =
    "title: Toured\n"
    "counter = 0\n"
    "m = Lock()\n"
    "\n"
    "thread A:\n"
    "    counter += 1\n"
    "\n"
    "thread w[2]:\n"
    "    counter += 1\n"
    "\n"
    "expect counter == 3\n"
    "goal: counter == 1\n"
    "\n"
    "tour \"Two lost\":\n"
    "    A: \"A loads 0\"\n"
    "    w[0]: \"w[0] loads 0\"\n"
    "    w[1]: \"w[1] loads 0\"\n"
    "    A: \"A stores 1\"\n"
    "    w[0]: \"w[0] stores 1\"\n"
    "    w[1]: \"w[1] stores 1: two updates lost\"\n"
    "\n"
    "tour \"In turn\":\n"
    "    A: \"A loads 0\"\n"
    "    A: \"A stores 1\"\n";

START_TEST(run_a_tour)
{
	char *file = write_scratch_file("toured.race", toured_scenario);
	struct run r = run_lockstep("run", file, "--tour", "1");

	ck_assert_msg(r.status == 1, "exit %d\n%s", r.status, r.err);
	ck_assert_str_eq(r.err, "");
	assert_contains(r.out, "tour \"Two lost\", 6 steps\n");
	assert_contains(r.out, "   1  LOAD counter -> 0\n      > A loads 0\n");
	assert_contains(r.out, "   6                          "
	    "                        STORE counter = 1\n"
	    "      > w[1] stores 1: two updates lost\n");
	assert_contains(r.out, "goal: counter == 1: reached\n");
	run_free(&r);
	/* By name; the run goes on round-robin after the tour's steps, with
	 * no captions, and the goal is missed. */
	r = run_lockstep("run", file, "--tour", "In turn");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "tour \"In turn\", 2 steps\n");
	assert_contains(r.out, "      > A stores 1\n   3  ");
	ck_assert_ptr_null(strstr(strstr(r.out, "> A stores 1\n") + 1, "\n      > "));
	assert_contains(r.out, "goal: counter == 1: not reached\n");
	run_free(&r);
	r = run_lockstep("run", file, "--tour", "1", "--format", "json");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "\"action\": \"LOAD counter -> 0\", \"line\": 6, "
	    "\"value\": 0, \"caption\": \"A loads 0\"}");
	assert_contains(r.out, "\"tour\": \"Two lost\", \"goal\": {\"goal\": "
	    "\"counter == 1\", \"reached\": true}}\n");
	run_free(&r);
	/* Without --tour no captions, but the goal is still judged. */
	r = run_lockstep("run", file, "--schedule", "A,A,w[0],w[0]");
	ck_assert_int_eq(r.status, 0);
	assert_lacks(r.out, "\n      > ");
	assert_contains(r.out, "goal: counter == 1: not reached\n");
	run_free(&r);
	r = run_lockstep("run", file, "--schedule", "A,A,w[0],w[0]", "--format", "json");
	assert_lacks(r.out, "\"caption\"");
	assert_contains(r.out, "\"goal\": {\"goal\": \"counter == 1\", \"reached\": false}}");
	run_free(&r);
	free(file);
}
END_TEST

/* The lecture scenarios carry a tour each, taken on real threads to the
 * end of its captions (check, for every bundled file, takes them on the
 * model). */
START_TEST(lecture_scenarios_carry_a_tour)
{
	static const char *const lectures[] = {
		"lost-update", "lost-update-lock", "deadlock", "check-then-act",
		"condition-if", "producer-consumer", "lost-wakeup",
		"dining-philosophers", "bounded-semaphore",
	};
	size_t i;

	for (i = 0; i < sizeof(lectures) / sizeof(lectures[0]); i++) {
		struct run r = run_lockstep("run", lectures[i], "--tour", "1");

		ck_assert_msg(r.status == 0 || r.status == 1, "%s --tour 1: exit %d\n%s",
		    lectures[i], r.status, r.err);
		ck_assert_str_eq(r.err, "");
		assert_contains(r.out, "\ntour \"");
		ck_assert_msg(strstr(r.out, "\n      > ") != NULL, "%s: no caption",
		    lectures[i]);
		run_free(&r);
	}
}
END_TEST

START_TEST(run_tour_errors)
{
	char *file = write_scratch_file("toured.race", toured_scenario);
	char *bad = write_scratch_file("bad.race", "m = Lock()\nthread A:\n"
	    "    with m:\n        pass\nthread B:\n    with m:\n        pass\n"
	    "tour \"t\":\n    A: \"A takes m\"\n    B: \"B cannot\"\n");
	struct run r = run_lockstep("run", file, "--tour", "3");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	assert_contains(r.err, "toured.race has no tour '3' (its tours are 1 \"Two lost\", "
	    "2 \"In turn\")\n");
	run_free(&r);
	r = run_lockstep("run", file, "--tour", "0");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = run_lockstep("run", "lost-update-atomic", "--tour", "1");
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "has no tour '1'; it has none\n");
	run_free(&r);
	r = run_lockstep("run", file, "--tour", "1", "--schedule", "A");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep run: --tour is a schedule of its own");
	run_free(&r);
	r = run_lockstep("run", file, "--policy", "rr", "--tour", "1");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	/* A tour that cannot be taken is the error check gives, at its line. */
	r = run_lockstep("run", bad, "--tour", "t");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	assert_contains(r.err, "bad.race:10:5: error: tour \"t\", step 2: B cannot run "
	    "here: it waits for m held by A\n    B: \"B cannot\"\n    ^\n");
	run_free(&r);
	r = run_lockstep("check", bad);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "bad.race:10:5: error: tour \"t\", step 2:");
	run_free(&r);
	/* ... but a run without --tour does not need it. */
	r = run_lockstep("run", bad);
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	free(bad);
	free(file);
}
END_TEST

START_TEST(list_bundled)
{
	struct strbuf expected = { 0 };
	struct run r = run_lockstep("list");
	int width = 0;
	size_t i;

	for (i = 0; i < NBUNDLED; i++)
		if ((int)strlen(bundled[i]) > width)
			width = (int)strlen(bundled[i]);
	for (i = 0; i < NBUNDLED_PYTHON; i++)
		if ((int)strlen("python/") + (int)strlen(bundled_python[i]) > width)
			width = (int)strlen("python/") + (int)strlen(bundled_python[i]);
	for (i = 0; i < NBUNDLED; i++) {
		char *file = bundled_file(bundled[i]);
		char *title = title_of(file), *marks = marks_of(file);

		strbuf_printf(&expected, "%-*s  %s%s\n", width, bundled[i], title, marks);
		free(marks);
		free(title);
		free(file);
	}
	for (i = 0; i < NBUNDLED_PYTHON; i++) {
		char *file = xasprintf("%s/python/%s.py", scenarios_dir, bundled_python[i]);
		char *name = xasprintf("python/%s", bundled_python[i]);
		char *title = title_of(file);

		strbuf_printf(&expected, "%-*s  %s\n", width, name, title);
		free(title);
		free(name);
		free(file);
	}
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, strbuf_str(&expected));
	strbuf_free(&expected);
	run_free(&r);
	r = run_lockstep("list", "extra");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep list: unexpected argument 'extra'\n");
	run_free(&r);
}
END_TEST

START_TEST(lockstep_path_comes_first)
{
	char *dir = xasprintf("%s/mine", scratch);
	char *barrier = bundled_file("barrier"), *barrier_title = title_of(barrier);
	struct run r;

	free(write_scratch_file("mine/custom.race", custom_scenario));
	free(write_scratch_file("mine/lost-update.race", "title: Shadowing copy\n"
	    "counter = 0\nthread A:\n    counter = 1\n"));
	free(write_scratch_file("mine/broken.race", invalid_utf8));
	free(write_scratch_file("mine/toured.race", "title: Two tours\n"
	    "counter = 0\nthread A:\n    counter = 1\ngoal: counter == 1\n"
	    "tour \"one\":\n    A: \"a\"\ntour \"two\":\n    A: \"b\"\n"));
	free(write_scratch_file("mine/untitled.race",
	    "counter = 0\nthread A:\n    counter = 1\ntour \"one\":\n    A: \"a\"\n"));
	/* a python/ directory's programs: python/NAME, once they compile */
	free(write_scratch_file("mine/python/hi.py", "\"\"\"Says hi.\"\"\"\nprint(\"hi\")\n"));
	free(write_scratch_file("mine/python/classy.py", "f = lambda: 1\n"));
	setenv("LOCKSTEP_PATH", dir, 1);
	r = run_lockstep("run", "python/hi");
	ck_assert_msg(r.status == 0, "run python/hi: exit %d\n%s", r.status, r.err);
	assert_contains(r.out, "output: hi");
	run_free(&r);
	r = run_lockstep("check", "custom");
	ck_assert_msg(r.status == 0, "check custom: exit %d\n%s", r.status, r.err);
	run_free(&r);
	r = run_lockstep("check", "broken");
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "mine/broken.race:1:");
	run_free(&r);
	r = run_lockstep("list");
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(count_lines(r.out), NBUNDLED + NBUNDLED_PYTHON + 5);
	assert_listed(r.out, "python/hi", "Says hi.");
	ck_assert_msg(strstr(r.out, "python/classy") == NULL, "listed:\n%s", r.out);
	assert_listed(r.out, "custom", "A custom scenario");
	assert_listed(r.out, "lost-update", "Shadowing copy");
	assert_listed(r.out, "broken", "(does not compile)");
	assert_listed(r.out, "barrier", barrier_title);
	assert_listed(r.out, "toured", "Two tours [challenge] [2 tours]");
	assert_listed(r.out, "untitled", "[1 tour]");
	run_free(&r);
	free(barrier_title);
	free(barrier);
	free(dir);
}
END_TEST

START_TEST(user_data_directory)
{
	struct run r;

	free(write_scratch_file("xdg/lockstep/scenarios/from-xdg.race", custom_scenario));
	r = run_lockstep("check", "from-xdg");
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	/* Without XDG_DATA_HOME: ~/.local/share. */
	unsetenv("XDG_DATA_HOME");
	free(write_scratch_file("home/.local/share/lockstep/scenarios/from-home.race",
	    custom_scenario));
	r = run_lockstep("check", "from-home");
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	r = run_lockstep("list");
	assert_listed(r.out, "from-home", "A custom scenario");
	assert_lacks(r.out, "from-xdg");
	run_free(&r);
}
END_TEST

/* A copy of the binary outside the build tree acts installed: it looks in
 * $(pkgdatadir)/scenarios, not in the source tree. */
START_TEST(installed_binary_ignores_source_tree)
{
	char *copy = xasprintf("%s/lockstep", scratch);
	struct run r = run_program(NULL, "/bin/cp",
	    (const char *const[]){ lockstep, copy, NULL });

	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	r = run_program(NULL, copy,
	    (const char *const[]){ "check", "no-such-scenario", NULL });
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, ", " LOCKSTEP_PKGDATADIR "/scenarios/no-such-scenario.race, and "
	    "no-such-scenario.py in each)\n");
	assert_lacks(r.err, scenarios_dir);
	run_free(&r);
	free(copy);
}
END_TEST


/* --- run and replay ------------------------------------------------------ */

START_TEST(run_loses_an_update)
{
	struct run r = run_lockstep("run", "lost-update", "--schedule", "A,B,A,B");

	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "");
	assert_starts_with(r.out, "Lost update (lost-update)\npolicy schedule, seed 0, "
	    "4 steps\n");
	assert_contains(r.out, "   2                                       LOAD counter -> 0\n");
	assert_contains(r.out, "shared: counter = 1\n");
	assert_contains(r.out, "warning: data race on counter");
	assert_contains(r.out, "verdict: expectation failed: expect counter == 2: "
	    "counter is 1\n");
	run_free(&r);
	r = run_lockstep("run", "lost-update", "--schedule", "A,A,B,B");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "shared: counter = 2\n");
	assert_contains(r.out, "warning: data race on counter");
	assert_contains(r.out, "verdict: ok\n");
	run_free(&r);
}
END_TEST

START_TEST(run_expand_and_summary)
{
	struct run r = run_lockstep("run", "lost-update", "--expand");

	assert_contains(r.out, "   3  ADD 1\n      STORE counter = 1\n");
	run_free(&r);
	r = run_lockstep("run", "lost-update", "--summary");
	assert_lacks(r.out, "LOAD");
	assert_contains(r.out, "4 steps");
	run_free(&r);
	r = run_lockstep("run", "deadlock", "--schedule", "A,B", "--format", "json",
	    "--summary");
	ck_assert_int_eq(r.status, 1);
	assert_starts_with(r.out, "{\"scenario\": \"deadlock\", \"title\": \"Deadlock\", "
	    "\"policy\": \"schedule\", \"seed\": 0, \"steps\": 2, ");
	assert_contains(r.out, "\"verdict\": {\"kind\": \"deadlock\", \"message\": "
	    "\"A waits for m2 held by B; B waits for m1 held by A\"");
	run_free(&r);
	/* a step inside a function says which */
	r = run_lockstep("run", "bank-transfer", "--schedule", "A,B", "--format", "json");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "{\"step\": 1, \"thread\": \"A\", \"action\": "
	    "\"locks[0].acquire()\", \"line\": 27, \"function\": \"transfer\"}");
	run_free(&r);
}
END_TEST

START_TEST(run_usage_errors)
{
	struct run r = run_lockstep("run", "lost-update", "--policy", "fifo");

	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep run: unknown policy 'fifo'");
	run_free(&r);
	r = run_lockstep("run", "lost-update", "--schedule", "A,C");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "lockstep: step 2 of the schedule: no thread named 'C' "
	    "(the threads are A, B)\n");
	run_free(&r);
	r = run_lockstep("run", "lost-update", "--schedule", "A", "--policy", "rr");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = run_lockstep("run", "lost-update", "--max-steps", "0");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = run_lockstep("run", "deadlock", "--schedule", "A,A,B");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "lockstep: step 3 of the schedule: B cannot run: it "
	    "waits for m2 held by A\n");
	run_free(&r);
	r = run_lockstep("run");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
}
END_TEST

START_TEST(run_step_limit)
{
	char *file = write_scratch_file("spin.race", "x = 0\nthread A:\n    while True:\n"
	    "        x += 1\n");
	struct run r = run_lockstep("run", file, "--max-steps", "10", "--summary");

	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "verdict: no progress: the step limit (10 steps) was "
	    "reached");
	run_free(&r);
	free(file);
}
END_TEST

START_TEST(trace_and_replay_give_the_same_table)
{
	char *trace = xasprintf("%s/lost.trace", scratch);
	struct run r = run_lockstep("run", "lost-update", "--policy", "random", "--seed",
	    "5", "--trace", trace), again;
	char *saved;

	ck_assert_int_le(r.status, 1);
	{
		FILE *f = fopen(trace, "r");

		ck_assert_ptr_nonnull(f);
		saved = read_all(f, NULL);
	}
	assert_starts_with(saved, "lockstep-trace 2\nscenario lost-update\n");
	assert_contains(saved, "\npolicy random\nseed 5\n");
	again = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(again.status, r.status);
	ck_assert_str_eq(again.out, r.out);
	run_free(&again);
	again = run_lockstep("replay", trace);
	ck_assert_int_eq(again.status, 2);
	assert_contains(again.err, "--headless");
	run_free(&again);
	run_free(&r);
	free(saved);
	free(trace);
}
END_TEST

/* Traces are shared between students like scenarios: one that names
 * another file (not a scenario, or one it was not recorded on) is refused
 * before a byte of that file is shown. */
START_TEST(a_trace_cannot_read_another_file)
{
	static const char secret[] = "SECRET-LINE = [\n";
	char *text_file = write_scratch_file("notes.txt", secret);
	char *race_file = write_scratch_file("notes.race", secret);
	const char *named[] = { text_file, race_file, "/etc/passwd" };
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		char *trace_text = xasprintf("lockstep-trace 1\nscenario %s\n"
		    "source-hash 0004069664e03cea\npolicy rr\nseed 0\nmax-steps 10000\n"
		    "schedule A\nsteps 1\nstep 1 A LOAD counter -> 0\n"
		    "verdict still running\nend\n", named[i]);
		char *trace = write_scratch_file("evil.trace", trace_text);
		struct run r = run_lockstep("replay", "--headless", trace);

		ck_assert_int_eq(r.status, 2);
		assert_lacks(r.err, "SECRET");
		assert_lacks(r.err, "root:");
		assert_lacks(r.out, "SECRET");
		assert_contains(r.err, i == 1 ? "has changed since the trace was recorded" :
		    "which is not a scenario (a NAME or a FILE.race)");
		run_free(&r);
		free(trace);
		free(trace_text);
	}
	free(text_file);
	free(race_file);
}
END_TEST

/* A trace carries its scenario: it replays with the file changed, or gone,
 * or from another directory, and says when it does not use the file. */
START_TEST(a_trace_carries_its_scenario)
{
	static const char mine[] = "x = 0\nthread A:\n    x = 1\n";
	char *file = write_scratch_file("mine.race", mine);
	char *trace = xasprintf("%s/mine.trace", scratch), *text, *v1, *at;
	struct run first = run_lockstep("run", file, "--trace", trace), r;

	ck_assert_int_eq(first.status, 0);
	text = read_all(fopen(trace, "r"), NULL);
	assert_contains(text, "\nsource 26\nx = 0\nthread A:\n    x = 1\n\npolicy rr\n");
	/* changed: used the trace's own copy, and said so */
	free(write_scratch_file("mine.race", "x = 0\nthread A:\n    x = 2\n"));
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.err, "lockstep: note: ");
	assert_contains(r.err, "mine.race differs from the scenario recorded in ");
	ck_assert_str_eq(r.out, first.out);
	run_free(&r);
	/* gone, and replayed from elsewhere: silently the trace's copy */
	ck_assert_int_eq(unlink(file), 0);
	r = run_lockstep_in("/", "replay", "--headless", trace, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, first.out);
	run_free(&r);
	/* a copy that does not match its hash is a damaged trace */
	at = strstr(text, "x = 1");
	at[4] = '2';
	free(write_scratch_file("mine.trace", text));
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "damaged trace: its copy of the scenario does not match "
	    "its source-hash");
	run_free(&r);
	at[4] = '1';
	/* a version 1 trace has no copy: it needs the file, as recorded */
	v1 = xstrdup(text);
	memcpy(v1, "lockstep-trace 1", 16);
	at = strstr(v1, "\nsource 26\n");
	memmove(at + 1, at + strlen("\nsource 26\n") + 26 + 1,
	    strlen(at + strlen("\nsource 26\n") + 26 + 1) + 1);
	free(write_scratch_file("mine.trace", v1));
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "scenario '");
	assert_contains(r.err, "not found (looked for ");
	assert_contains(r.err, "does not carry a copy of it");
	run_free(&r);
	free(write_scratch_file("mine.race", mine));
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, first.out);
	run_free(&r);
	run_free(&first);
	free(v1);
	free(text);
	free(trace);
	free(file);
}
END_TEST

/* SEE ALSO names every scenario in scenarios/ (the list is made by make). */
START_TEST(manual_names_every_bundled_scenario)
{
	char *manual = read_manual(), *see_also;
	DIR *dir = opendir(getenv("SCENARIOS_DIR"));
	struct dirent *e;
	size_t n = 0;

	if (manual == NULL)
		return;
	ck_assert_ptr_nonnull(dir);
	see_also = strstr(manual, "\n.SH SEE ALSO\n");
	ck_assert_ptr_nonnull(see_also);
	while ((e = readdir(dir)) != NULL) {
		size_t len = strlen(e->d_name);
		struct strbuf entry = { 0 };
		const char *c;

		if (len < 6 || strcmp(e->d_name + len - 5, ".race") != 0)
			continue;
		strbuf_puts(&entry, "\n.IR ");
		for (c = e->d_name; c < e->d_name + len - 5; c++)
			strbuf_puts(&entry, *c == '-' ? "\\-" : (char[]){ *c, 0 });
		strbuf_putc(&entry, ' ');
		ck_assert_msg(strstr(see_also, entry.buf) != NULL, "lockstep(1)'s SEE ALSO "
		    "does not name %s", e->d_name);
		strbuf_free(&entry);
		n++;
	}
	closedir(dir);
	ck_assert_uint_ge(n, 20);
	free(manual);
}
END_TEST

/* The join-before-start error is what lockstep-scenario(5) says it is. */
START_TEST(join_before_start_is_the_documented_error)
{
	static const char said[] = "RuntimeError: cannot join thread before it is started";
	const char *pages = getenv("MAN_PAGES");
	char *file = write_scratch_file("join.race", "x = 0\nthread w:\n    x = 1\n"
	    "main:\n    w.join()\n    w.start()\n");
	struct run r = run_lockstep("run", file);
	char *page, *text, *roff;

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, said);
	run_free(&r);
	if (pages != NULL && strchr(pages, ' ') != NULL) {
		page = xstrdup(strchr(pages, ' ') + 1);
		text = read_all(fopen(page, "r"), NULL);
		roff = xasprintf(".B \"%s\"", said);
		assert_contains(text, roff);
		free(roff);
		free(text);
		free(page);
	}
	free(file);
}
END_TEST

START_TEST(replay_refuses_a_changed_scenario)
{
	char *file = write_scratch_file("mine.race", "x = 0\nthread A:\n    x = 1\n");
	char *trace = xasprintf("%s/mine.trace", scratch);
	char *v1 = xasprintf("lockstep-trace 1\nscenario mine.race\nsource-hash "
	    "0000000000000001\npolicy rr\nseed 0\nmax-steps 10000\nschedule A\n"
	    "steps 1\nstep 1 A STORE x = 1\nverdict ok\nend\n");
	struct run r;

	free(write_scratch_file("mine.trace", v1));
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "has changed since the trace was recorded");
	ck_assert_str_eq(r.out, "");
	run_free(&r);
	free(v1);
	free(write_scratch_file("bad.trace", "not a trace\n"));
	free(trace);
	trace = xasprintf("%s/bad.trace", scratch);
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "not a lockstep trace");
	run_free(&r);
	/* found by fuzz/trace_fuzzer: no newline after the first line */
	free(write_scratch_file("bad.trace", "lockstep-trace 1"));
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "damaged trace: nothing after the first line");
	run_free(&r);
	free(write_scratch_file("bad.trace", "lockstep-trace 1\nscenario x\nsource-hash 1\n"));
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "damaged trace: expected a 'policy' line");
	run_free(&r);
	free(trace);
	free(file);
}
END_TEST

START_TEST(record_needs_the_terminal_ui)
{
	struct run r = run_lockstep("--record", "x.cast", "run", "lost-update");

	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "--record records the terminal UI; it does not go with 'run'");
	run_free(&r);
	r = run_lockstep("--record", "x.cast", "lost-update");
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "needs a terminal");
	run_free(&r);
}
END_TEST

START_TEST(trace_to_an_unwritable_place)
{
	struct run r = run_lockstep("run", "lost-update", "--trace",
	    "/nonexistent-dir/x.trace");

	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "cannot write /nonexistent-dir/x.trace");
	assert_contains(r.out, "verdict:");	/* the run itself is still shown */
	run_free(&r);
}
END_TEST

/* --- free ------------------------------------------------------------------ */

START_TEST(free_help)
{
	struct run r = run_lockstep("free", "--help");

	ck_assert_int_eq(r.status, 0);
	assert_starts_with(r.out, "usage: lockstep free FILE [--runs N] [--timeout MS]");
	run_free(&r);
	r = run_lockstep("--help");
	assert_contains(r.out, "\n  free FILE [OPTIONS]  ");
	run_free(&r);
}
END_TEST

START_TEST(free_counts_outcomes)
{
	struct run r = run_lockstep("free", "lost-update-lock", "--runs", "50");

	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	assert_starts_with(r.out, "Lost update, fixed with a Lock (lost-update-lock)\n"
	    "free-run: 50 runs on real threads in ");
	assert_contains(r.out, "\n  runs       %  outcome\n"
	    "    50  100.0%  ##############################  counter = 2\n"
	    "                ok\n\nNo run of 50 showed a bug.\nA sample, not a proof: a "
	    "bug in up to 71.3 of 1,000 runs could go unseen in 50\nruns (95% confidence)");
	run_free(&r);
}
END_TEST

/* How sure free is: a rare bug's rate per 1,000 runs with its Wilson
 * interval and where to see it more often; none, how rare one could be. */
START_TEST(free_says_how_rare)
{
	char text[1000], *file, *twin;

	cmd_free_rate_text(5, 1000, 1000, "lost-update-sleep", text, sizeof(text));
	ck_assert_str_eq(text, "That is rare: 5.0 in 1,000 runs (95% confidence interval "
	    "2.1 to 11.7), so one run in front of a class will most likely not show it.\n"
	    "To see it more often, run its twin widened by a sleep, `lockstep free "
	    "lost-update-sleep`, or more runs (--runs 10000).");
	cmd_free_rate_text(5, 1000, 1000, NULL, text, sizeof(text));
	assert_contains(text, "\nTo see it more often, give it more runs (--runs 10000), "
	    "or widen the race with a sleep()");
	cmd_free_rate_text(0, 1000, 990, NULL, text, sizeof(text));
	ck_assert_str_eq(text, "A sample, not a proof: a bug in up to 3.9 of 1,000 runs "
	    "could go unseen in 990 runs (95% confidence); `lockstep explore` searches "
	    "every schedule.");
	cmd_free_rate_text(0, 1000, 1000, "x-sleep", text, sizeof(text));
	assert_contains(text, "\nIts twin widened by a sleep, `lockstep free x-sleep`");
	/* common enough, or nothing judged: nothing to add */
	cmd_free_rate_text(50, 1000, 1000, "x-sleep", text, sizeof(text));
	ck_assert_str_eq(text, "");
	cmd_free_rate_text(0, 3, 0, NULL, text, sizeof(text));
	ck_assert_str_eq(text, "");
	/* the twin is the file beside it, named as the scenario was */
	file = write_scratch_file("rare.race", "x = 0\n");
	ck_assert_ptr_null(cmd_free_sleep_twin(file, "rare"));
	free(write_scratch_file("rare-sleep.race", "x = 0\n"));
	twin = cmd_free_sleep_twin(file, "rare");
	ck_assert_str_eq(twin, "rare-sleep");
	free(twin);
	twin = cmd_free_sleep_twin(file, "dir/rare.race");
	ck_assert_str_eq(twin, "dir/rare-sleep.race");
	free(twin);
	free(file);
	file = write_scratch_file("rare-sleep.race", "x = 0\n");
	ck_assert_ptr_null(cmd_free_sleep_twin(file, "rare-sleep"));
	free(file);
}
END_TEST

/* A correct scenario too long for its step limit is not a bug: run and
 * free say where it stopped and how to let it finish, with exit status 4.
 * One thread, so that every run stops with the same count. */
START_TEST(step_limit_is_not_a_bug)
{
	char *file = write_scratch_file("busy.race", "m = Lock()\ncounter = 0\n"
	    "thread A:\n    for i in range(100):\n        with m:\n"
	    "            counter += 1\nexpect counter == 100\n");
	struct run r = run_lockstep("run", file, "--max-steps", "100", "--summary");

	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "verdict: no progress: the step limit (100 steps)");
	assert_contains(r.out, "\nThe run was stopped at the step limit before it finished: "
	    "not a bug, and not\na pass either. Let it finish with --max-steps N (now 100)");
	run_free(&r);
	r = run_lockstep("free", file, "--runs", "3", "--max-steps", "100");
	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "  counter = 25\n                stopped at the step limit "
	    "(100 steps) with threads still");
	ck_assert_ptr_null(strstr(r.out, "The captured run"));	/* there is no bug to show */
	assert_contains(r.out, "No run of 3 showed a bug, but 3 of them did not finish.\n"
	    "3 of 3 runs were stopped at the step limit (100 steps) before they finished: not\n"
	    "a bug, and not a pass either. Let them finish with --max-steps N");
	run_free(&r);
	r = run_lockstep("free", file, "--runs", "3", "--max-steps", "100", "--format", "json");
	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "\"failed\": 0, \"cut_short\": 3, ");
	assert_contains(r.out, "\"count\": 3, \"per_1000\": 1000.000, \"per_1000_low\": "
	    "438.503, \"per_1000_high\": 1000.000, \"stopped_at\": \"step limit\"");
	run_free(&r);
	r = run_lockstep("free", file, "--runs", "3");
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	r = run_lockstep("run", file, "--summary");
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	free(file);
}
END_TEST

START_TEST(free_shows_the_bug_and_saves_it)
{
	char *trace = xasprintf("%s/free.trace", scratch);
	struct run r = run_lockstep("free", "lost-update-sleep", "--runs", "10", "--trace",
	    trace);

	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "");
	assert_contains(r.out, "counter = 1\n                expectation failed: expect "
	    "counter == 2: counter is 1\n                captured: a run of 6 steps; its "
	    "replay ends the same way\n");
	assert_contains(r.out, "Step through it:\n    lockstep run lost-update-sleep "
	    "--schedule ");
	run_free(&r);
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "policy free-run, seed 0, 6 steps\n");
	assert_contains(r.out, "shared: counter = 1\n");
	run_free(&r);
	free(trace);
}
END_TEST

/* The command it suggests pastes into a shell: a file name with a space and
 * a quote, and thread names with brackets, are quoted. */
START_TEST(free_suggests_a_command_a_shell_reads)
{
	char *file = write_scratch_file("it's mine.race", "counter = 0\nthread t[2]:\n"
	    "    tmp = counter\n    sleep(10)\n    counter = tmp + 1\nexpect counter == 2\n");
	struct run r = run_lockstep("free", file, "--runs", "10");
	char *want = xasprintf("Step through it:\n    lockstep run '%.*s/it'\\''s mine.race' "
	    "--schedule 't[", (int)(strrchr(file, '/') - file), file);

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, want);
	run_free(&r);
	free(want);
	free(file);
}
END_TEST

START_TEST(free_json)
{
	struct run r = run_lockstep("free", "lost-update-sleep", "--runs", "5", "--format",
	    "json");

	ck_assert_int_eq(r.status, 1);
	assert_starts_with(r.out, "{\"scenario\": \"lost-update-sleep\", \"title\": "
	    "\"Lost update, widened with sleep()\", \"runs\": 5, \"seconds\": ");
	assert_contains(r.out, "\"timeout_ms\": 250, ");
	assert_contains(r.out, "\"outcomes\": [\n  {\"shared\": {\"counter\": ");
	assert_contains(r.out, "{\"shared\": {\"counter\": 1}, \"verdict\": {\"kind\": "
	    "\"expectation failed\", \"message\": \"expect counter == 2: counter is 1\"");
	assert_contains(r.out, "\"reproduced\": true}");
	assert_contains(r.out, "\n]}\n");
	run_free(&r);
}
END_TEST

START_TEST(free_usage_errors)
{
	struct run r = run_lockstep("free", "lost-update", "--runs", "0");

	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep free: --runs takes a number from 1 to ");
	run_free(&r);
	r = run_lockstep("free", "lost-update", "--timeout", "soon");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep free: --timeout takes milliseconds");
	run_free(&r);
	r = run_lockstep("free", "lost-update", "--format", "xml");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = run_lockstep("free", "--bogus", "lost-update");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep free: unknown option '--bogus'\n");
	run_free(&r);
	r = run_lockstep("free");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = run_lockstep("free", "no-such-scenario");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep: no scenario named 'no-such-scenario'");
	run_free(&r);
}
END_TEST

START_TEST(free_trace_needs_a_failing_run)
{
	char *trace = xasprintf("%s/none.trace", scratch);
	struct run r = run_lockstep("free", "lost-update-lock", "--runs", "5", "--trace",
	    trace);

	ck_assert_int_eq(r.status, 0);
	assert_contains(r.err, "not written: no run showed a bug\n");
	ck_assert_int_ne(access(trace, F_OK), 0);
	run_free(&r);
	free(trace);
}
END_TEST

/* --- explore ------------------------------------------------------------- */

START_TEST(explore_finds_the_lost_update)
{
	char *trace = xasprintf("%s/lost.trace", scratch);
	struct run r = run_lockstep("explore", "lost-update", "--trace", trace), again;

	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "");
	assert_starts_with(r.out, "Lost update (lost-update)\nsearch: exhaustive: ");
	assert_contains(r.out, "\n  2  ok                  counter = 2\n"
	    "  2  expectation failed  counter = 1\n");
	assert_contains(r.out, "warning: data race on counter");
	assert_contains(r.out, "  expectation failed: expect counter == 2: counter is 1\n"
	    "      4 steps: A,B,A,B\n");
	assert_contains(r.out, "saved the shortest (4 steps, replayed on real threads) to ");
	again = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(again.status, 1);
	assert_contains(again.out, "policy explore, seed 0, 4 steps\n");
	assert_contains(again.out, "verdict: expectation failed: expect counter == 2: "
	    "counter is 1\n");
	run_free(&again);
	run_free(&r);
	free(trace);
}
END_TEST

/* issue 13: a failing assert is a step the schedule places, in every mode */
START_TEST(a_raise_is_a_step_in_every_mode)
{
	char *path = write_scratch_file("raise.race", "x = 0\nthread A:\n    x = 1\n"
	    "thread B:\n    assert False\n");
	struct run r = run_lockstep("run", path, "--schedule", "A,B");

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "   2                                       raise AssertionError\n");
	assert_contains(r.out, "shared: x = 1\n");
	run_free(&r);
	r = run_lockstep("explore", path);
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "  assertion failed in B  x = 0\n");
	assert_contains(r.out, "  assertion failed in B  x = 1\n");
	run_free(&r);
	/* a run of free-run in which A stored first replays to the same end */
	r = run_lockstep("free", path, "--runs", "2000");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "its replay ends the same way");
	assert_lacks(r.out, "not captured");
	run_free(&r);
	free(path);
}
END_TEST

/* tests/race/NAME.race, the .race files that use Python's statements */
static char *
race_file(const char *name)
{
	const char *srcdir = getenv("TESTS_SRCDIR");

	ck_assert_msg(srcdir != NULL, "TESTS_SRCDIR is not set");
	return xasprintf("%s/race/%s.race", srcdir, name);
}

/* issue 17: a .race file takes try/except/finally as a .py file does; the
 * lock of a 'with' that raises is let go on the way out, so no schedule
 * of tests/race/try-except.race deadlocks or fails */
START_TEST(race_try_except_finally_in_every_mode)
{
	char *path = race_file("try-except");
	struct run r = run_lockstep("explore", path);

	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "  2  ok  stock = 1, failed = 1, tries = 1\n"
	    "     output: A: only 1 left\n");
	assert_contains(r.out, "  2  ok  stock = 1, failed = 1, tries = 2\n"
	    "     output: B: only 1 left\n");
	assert_contains(r.out, "verdicts: ok (8 schedules)\n");
	run_free(&r);
	r = run_lockstep("run", path, "--schedule", "A,A,A,A,A,B,B,B,B,B");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "shared: stock = 1\n        failed = 1\n        tries = 2\n");
	assert_contains(r.out, "B: only 1 left\n");
	run_free(&r);
	r = run_lockstep("free", path, "--runs", "200");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "No run of 200 showed a bug.");
	run_free(&r);
	free(path);
}
END_TEST

/* issue 17: a class in a .race file means what it does in a .py file: the
 * instances its declarations make are elaborated onto shared names
 * (safe.balance) and primitives (safe.lock), and its thread blocks and
 * defs call the methods.  Without the lock, bare loses an update in some
 * schedules; with it, safe never does. */
START_TEST(race_class_shared_by_two_threads)
{
	char *path = race_file("class-account");
	struct run r = run_lockstep("explore", path);

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "  6  ok                  safe.balance = 120, bare.balance = 120\n"
	    "  6  expectation failed  safe.balance = 120, bare.balance = 110\n");
	assert_contains(r.out, "verdicts: ok (6 schedules), expectation failed (6 schedules)\n");
	assert_contains(r.out, "expectation failed: expect bare.balance == 120: "
	    "bare.balance is 110\n");
	run_free(&r);
	r = run_lockstep("run", path, "--schedule", "A,A,A,A,A,B,B,B,B,B,A,B");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "   1  safe.lock.acquire()\n");
	assert_contains(r.out, "shared: safe.balance = 120\n        bare.balance = 110\n");
	run_free(&r);
	r = run_lockstep("free", path, "--runs", "1");
	assert_contains(r.out, "free-run: 1 run on real threads");
	assert_contains(r.out, "safe.balance = 120, bare.balance = 1");
	run_free(&r);
	free(path);
	/* a read-write lock made of a Condition: R sees x and y together */
	path = race_file("class-rwlock");
	r = run_lockstep("explore", path);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "  1  ok  rw.readers = 0, rw.writing = False, x = 1, y = 1, "
	    "seen = '00'\n  1  ok  rw.readers = 0, rw.writing = False, x = 1, y = 1, "
	    "seen = '11'\n");
	assert_contains(r.out, "no schedule fails.\n");
	run_free(&r);
	r = run_lockstep("free", path, "--runs", "200");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "No run of 200 showed a bug.");
	run_free(&r);
	free(path);
	/* an exception class of the file's own, raised in a method of a list's
	 * instance and caught in the thread block */
	path = race_file("class-exception");
	r = run_lockstep("explore", path);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "  1  ok  accts[0].balance = 0, accts[1].balance = 1, failed = 1\n"
	    "     output: B: only 1 left\n"
	    "  1  ok  accts[0].balance = 1, accts[1].balance = 0, failed = 1\n"
	    "     output: A: only 0 left\n");
	run_free(&r);
	free(path);
}
END_TEST

/* issue 17: in a .race file an uncaught exception (a division by zero, a
 * bare raise out of a handler) is the run's verdict and ends it; a caught
 * one is not */
START_TEST(race_uncaught_exception_ends_the_run)
{
	char *path = race_file("uncaught");
	struct run r = run_lockstep("explore", path);

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "  1  ok                  count = 0, share = 5\n"
	    "  4  runtime error in Z  count = 0, share = 0\n"
	    "  5  runtime error in W  count = 0, share = 0\n"
	    "  1  runtime error in Z  count = 0, share = 5\n");
	assert_contains(r.out, "  runtime error: ZeroDivisionError: integer division or "
	    "modulo by zero (thread\n      W, line 13)\n      3 steps: Z,W,W\n");
	assert_contains(r.out, "  runtime error: IndexError: list index out of range (thread "
	    "Z, line 24)\n      4 steps: Z,Z,Z,Z\n");
	run_free(&r);
	r = run_lockstep("run", path, "--schedule", "Z,Z,Z,Z");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "verdict: runtime error: IndexError: list index out of range "
	    "(thread Z, line\n    24)\n");
	run_free(&r);
	r = run_lockstep("run", path, "--schedule", "W,W,Z,Z,Z");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "verdict: ok\n");
	run_free(&r);
	r = run_lockstep("free", path, "--runs", "300");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "runtime error: ");
	assert_contains(r.out, "its replay ends the same way");
	assert_lacks(r.out, "not captured");
	run_free(&r);
	free(path);
	/* free-run too ends the run at the raise, which a finally block makes:
	 * B is not left waiting, as a .py file's thread would be */
	path = write_scratch_file("uncaught-free.race", "e = Event()\nthread A:\n    try:\n"
	    "        pass\n    finally:\n        y = [1][1]\nthread B:\n    e.wait()\n");
	r = run_lockstep("free", path, "--runs", "20");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "    20  100.0%  ##############################  (no shared "
	    "variables)\n                runtime error: IndexError: list index out of range "
	    "(thread A,\n                  line 6)\n");
	assert_lacks(r.out, "deadlock");
	run_free(&r);
	free(path);
}
END_TEST

/* issue 17: a .race file's imports are read as a .py file's: threading.Lock()
 * and Semaphore after `from threading import Semaphore as Sem` make the
 * primitives, queue.Empty names what get_nowait() raises */
START_TEST(race_imports_name_the_primitives)
{
	char *path = race_file("imports");
	struct run r = run_lockstep("explore", path);

	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "  1  ok  got = 0, empty = 1\n  1  ok  got = 1, empty = 0\n");
	run_free(&r);
	r = run_lockstep("run", path, "--schedule", "C,C,C,P,P,P");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "   2                                       q.get_nowait()\n");
	assert_contains(r.out, "shared: got = 0\n        empty = 1\n");
	run_free(&r);
	free(path);
}
END_TEST

/* issue 13: set() wakes only the threads already inside wait(), so a pulse
 * (set, then clear) can miss a waiter that has not reached it */
START_TEST(event_pulse_can_deadlock)
{
	char *path = write_scratch_file("pulse.race", "e = Event()\nthread W:\n"
	    "    e.wait()\nthread S:\n    e.set()\n    e.clear()\n");
	struct run r = run_lockstep("explore", path);

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "  deadlock: every unfinished thread is blocked: W waits "
	    "for e to be set\n      3 steps: S,S,W\n");
	run_free(&r);
	r = run_lockstep("run", path, "--schedule", "W,S,S,W");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "e.wait: block");
	run_free(&r);
	/* free-run waits as Python does; the deadlocks it meets replay */
	r = run_lockstep("free", path, "--runs", "30", "--timeout", "50");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "deadlock: every unfinished thread is blocked");
	assert_lacks(r.out, "not captured");
	run_free(&r);
	free(path);
}
END_TEST

/* issue 14: a name no thread writes is a constant: no step reads it, and no
 * outcome lists it */
START_TEST(constants_are_left_out)
{
	char *path = write_scratch_file("const.race", "COUNT = 2\ncounter = 0\n"
	    "thread w[2]:\n    for i in range(COUNT):\n        counter += 1\n"
	    "expect counter == COUNT * 2\n");
	struct run r = run_lockstep("run", path, "--policy", "rr");

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "policy rr, seed 0, 8 steps\n");
	assert_contains(r.out, "\nshared: counter = 2\n");
	assert_contains(r.out, "verdict: expectation failed: expect counter == COUNT * 2: "
	    "counter is 2\n");
	assert_lacks(r.out, "COUNT =");
	run_free(&r);
	r = run_lockstep("explore", path, "--format", "json");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "{\"counter\": 4}");
	assert_lacks(r.out, "\"COUNT\"");
	run_free(&r);
	r = run_lockstep("free", path, "--runs", "20");
	assert_lacks(r.out, "COUNT =");
	run_free(&r);
	free(path);
}
END_TEST

/* run's table writes a string as Python's repr does, as the TUI does:
 * quotes chosen as Python chooses them, backslashes and newlines escaped. */
START_TEST(run_shows_strings_as_python_does)
{
	char *path = write_scratch_file("str.race", "s = 'a'\nq = Queue()\n"
	    "thread A:\n    s = 'x\\ny'\n    q.put(\"it's\\\\ok\")\n");
	struct run r = run_lockstep("run", path, "--policy", "rr");

	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "STORE s = 'x\\ny'");
	assert_contains(r.out, "q.put(\"it's\\\\ok\")");
	assert_contains(r.out, "shared: s = 'x\\ny'");
	run_free(&r);
	free(path);
}
END_TEST

/* A Python program (.py) through every verb, with the statuses of a
 * .race file: ok, a bug shown, a diagnostic. */
START_TEST(python_program_through_every_verb)
{
	char *ok = write_scratch_file("count.py", "import threading\nimport time\n"
	    "counter = 0\nlock = threading.Lock()\n"
	    "for thread in range(2):\n    with lock:\n        counter += 1\n"
	    "    time.sleep(0.001)\nprint(f\"counter={counter}\")\n"
	    "assert counter == 2, f\"counter is {counter}\"\n");
	char *bug = write_scratch_file("bug.py", "counter = 0\ncounter += 1\n"
	    "assert counter == 2, f\"counter is {counter}\"\n");
	char *bad = write_scratch_file("bad.py", "import os\n");
	char *html, *text;
	struct run r;
	FILE *f;

	r = run_lockstep("check", ok, bug);
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	r = run_lockstep("run", ok);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "step  MainThread\n");
	/* print() is a step per write: the text, then the end of the line */
	assert_contains(r.out, "print\n      MainThread writes 'counter=2'\n");
	assert_contains(r.out, "print\n      MainThread writes '\\n'\n");
	assert_contains(r.out, "output: counter=2\n");
	assert_contains(r.out, "sleep(1)");
	assert_contains(r.out, "verdict: ok");
	run_free(&r);
	r = run_lockstep("run", bug);
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "verdict: assertion failed: AssertionError: counter is 1 "
	    "(thread MainThread,\n    line 3)");
	run_free(&r);
	r = run_lockstep("explore", ok);
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	r = run_lockstep("explore", bug);
	ck_assert_int_eq(r.status, 1);
	run_free(&r);
	r = run_lockstep("free", ok, "--runs", "20");
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	r = run_lockstep("free", bug, "--runs", "5");
	ck_assert_int_eq(r.status, 1);
	run_free(&r);
	html = xasprintf("%s/count.html", scratch);
	r = run_lockstep("run", ok, "--format", "html", "-o", html);
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	f = fopen(html, "r");
	ck_assert_ptr_nonnull(f);
	text = read_all(f, NULL);
	assert_contains(text, "MainThread");
	assert_contains(text, "import threading");
	free(text);
	free(html);
	r = run_lockstep("run", "--schedule", "MainThread,MainThread", ok);
	ck_assert_msg(r.status == 0 || r.status == 4, "status %d: %s", r.status, r.err);
	run_free(&r);
	r = run_lockstep("check", bad);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "bad.py:1:8: error: module 'os' is not supported; lockstep "
	    "programs may import threading, time and queue\nimport os\n       ^~\n");
	run_free(&r);
	/* found by name with its suffix, from the current directory */
	r = run_lockstep_in(scratch, "check", "count.py", NULL);
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	free(ok);
	free(bug);
	free(bad);
}
END_TEST

/* A worker that starts and joins threads of its own, through every mode:
 * a schedule names them (a lost update the worker's assert catches), the
 * trace of that run replays alike, explore finds it and names them, and
 * free-run runs them on real threads. */
START_TEST(python_worker_threads_through_every_mode)
{
	char *file = write_scratch_file("worker.py", "import threading\n\ncount = 0\n\n\n"
	    "def leaf():\n    global count\n    count += 1\n\n\n"
	    "def boss():\n    helpers = [threading.Thread(target=leaf) for _ in range(2)]\n"
	    "    for h in helpers:\n        h.start()\n    for h in helpers:\n"
	    "        h.join()\n    assert count == 2, f\"count is {count}\"\n\n\n"
	    "worker = threading.Thread(target=boss)\nworker.start()\nworker.join()\n"
	    "print(count)\n");
	char *trace = xasprintf("%s/worker.trace", scratch);
	const char *verdict = "verdict: assertion failed: AssertionError: count is 1 "
	    "(thread Thread-1 (boss),\n    line 17)";
	struct run r;

	r = run_lockstep("run", file, "--schedule", "MainThread,Thread-1 (boss),"
	    "Thread-1 (boss),Thread-2 (leaf),Thread-3 (leaf),Thread-2 (leaf),"
	    "Thread-3 (leaf)", "--trace", trace, "--summary");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "output: 1\n");
	assert_contains(r.out, verdict);
	run_free(&r);
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, verdict);
	run_free(&r);
	r = run_lockstep("explore", file);
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "16 steps: MainThread,Thread-1 (boss),Thread-1 (boss),"
	    "Thread-2 (leaf),");
	run_free(&r);
	r = run_lockstep("free", file, "--runs", "20");
	ck_assert_msg(r.status == 0 || r.status == 1, "status %d: %s", r.status, r.err);
	assert_contains(r.out, "free-run: 20 runs on real threads");
	run_free(&r);
	free(trace);
	free(file);
}
END_TEST

/* The goldens of .py runs: tests/golden-python/NAME.out is the exact
 * output of `lockstep run NAME.py --policy rr` in that directory, and
 * bundled-NAME.out that of the bundled scenarios/python/NAME.py, run in
 * its directory (make update-goldens writes them again). */
static const char *const python_goldens[] = { "counter", "functions", "threads",
    "threads-append", "threads-lock-arg", "classes", "bundled-lock-argument",
    "bundled-barrier" };

START_TEST(python_run_golden)
{
	const char *srcdir = getenv("TESTS_SRCDIR"), *name = python_goldens[_i];
	bool is_bundled = strncmp(name, "bundled-", 8) == 0;
	char *dir, *out_path, *py, *expected;
	struct run r;
	size_t len;
	FILE *f;

	ck_assert_msg(srcdir != NULL, "TESTS_SRCDIR is not set");
	out_path = xasprintf("%s/golden-python/%s.out", srcdir, name);
	dir = is_bundled ? xasprintf("%s/python", scenarios_dir) :
	    xasprintf("%s/golden-python", srcdir);
	py = xasprintf("%s.py", is_bundled ? name + 8 : name);
	f = fopen(out_path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", out_path);
	expected = read_all(f, &len);
	r = run_lockstep_in(dir, "run", py, "--policy", "rr", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(r.out_len == len && memcmp(r.out, expected, len) == 0,
	    "--- expected (%s) ---\n%s--- got ---\n%s", out_path, expected, r.out);
	run_free(&r);
	free(expected);
	free(py);
	free(out_path);
	free(dir);
}
END_TEST

START_TEST(explore_a_correct_scenario)
{
	char *trace = xasprintf("%s/none.trace", scratch);
	struct run r = run_lockstep("explore", "lost-update-lock", "--trace", trace);
	struct stat st;

	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "\n  2  ok  counter = 2\n");
	assert_contains(r.out, "\nno schedule fails.\n");
	assert_contains(r.err, "no schedule fails; ");
	ck_assert_int_ne(stat(trace, &st), 0);
	run_free(&r);
	/* a Python program has no expect: that its runs can end in more than
	 * one way is said, not hidden under "no schedule fails" */
	r = run_lockstep("explore", "python/counter-race");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "\nno schedule fails: nothing raises or deadlocks. But the "
	    "schedules do not\nall end the same: 3 outcomes, above.\n");
	run_free(&r);
	r = run_lockstep("explore", "lock-order", "--jobs", "2", "--no-reduction");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "search: exhaustive: every schedule (no reduction)\n");
	assert_contains(r.out, ", 2 jobs, ");
	assert_contains(r.out, " MiB\n");
	run_free(&r);
	free(trace);
}
END_TEST

/* A report with what the machine decides taken out: the time, the jobs and
 * the memory after "steps taken" (two jobs take chunks as they run). */
static void
drop_machine_figures(char *text)
{
	char *at = strstr(text, "steps taken, "), *end;

	ck_assert_ptr_nonnull(at);
	at += strlen("steps taken");
	end = strchr(at, '\n');
	ck_assert_ptr_nonnull(end);
	memmove(at, end, strlen(end) + 1);
}

/* However explore packs its states (LOCKSTEP_SPARSE), the search and its
 * report are the same. */
START_TEST(explore_packs_states_any_way)
{
	static const char *const ways[] = { "none", "portable", "avx2", "avx512" };
	const char *jobs[] = { "1", "2" };
	size_t i, j;

	for (j = 0; j < 2; j++) {
		struct run want = run_lockstep("explore", "dining-philosophers",
		    "--jobs", jobs[j]);

		ck_assert_int_eq(want.status, 1);	/* it deadlocks */
		drop_machine_figures(want.out);
		for (i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
			struct run r;

			setenv("LOCKSTEP_SPARSE", ways[i], 1);
			r = run_lockstep("explore", "dining-philosophers", "--jobs", jobs[j]);
			unsetenv("LOCKSTEP_SPARSE");
			ck_assert_int_eq(r.status, want.status);
			drop_machine_figures(r.out);
			ck_assert_str_eq(r.out, want.out);
			run_free(&r);
		}
		run_free(&want);
	}
}
END_TEST

/* A livelock is a bug: exit 1, shown as a lasso in text and JSON. */
START_TEST(explore_livelock)
{
	struct run r = run_lockstep("explore", "polite-livelock");

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "\nlivelock: the threads can go round a loop forever, each "
	    "that could run\ntaking steps, none finishing:\n    2 steps to it: A,B\n"
	    "    then again and again, 6 steps: A,B,A,A,B,B\n");
	run_free(&r);
	r = run_lockstep("explore", "polite-livelock", "--format", "json");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "\"livelock\": {\"kind\": \"found\", \"prefix\": \"A,B\", "
	    "\"prefix_steps\": 2, \"cycle\": \"A,B,A,A,B,B\", \"cycle_steps\": 6}");
	run_free(&r);
	r = run_lockstep("explore", "peterson", "--format", "json");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "\"livelock\": {\"kind\": \"none\"}");
	run_free(&r);
}
END_TEST

/* A search a bound stops goes on sampling and shows what it found. */
START_TEST(explore_samples_when_bounded)
{
	char *file = write_scratch_file("sleepy-counter.race", "val = 0\nthread t[4]:\n"
	    "    for i in range(3):\n        new = val + 1\n        sleep(1)\n"
	    "        val = new\nexpect val == 12\n");
	struct run r = run_lockstep("explore", file, "--max-states", "2000");

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "search: bounded: it stopped before storing more than 2000 "
	    "states;\n");
	assert_contains(r.out, "\nthen sampled: ");
	assert_contains(r.out, " PCT and random schedules, and some failed\n");
	assert_contains(r.out, "\na failing schedule a sampled run followed, for each "
	    "failure (not shown\nto be the shortest):\n  expectation failed: expect val == 12");
	run_free(&r);
	free(file);
}
END_TEST

/* Every interleaving counted beside the schedules searched; none where
 * a loop makes endlessly many. */
START_TEST(explore_counts_interleavings)
{
	struct run r = run_lockstep("explore", "lost-update");

	assert_contains(r.out, "\nevery interleaving, each order of the steps (6 in all), "
	    "counted:\n  2 of 6 interleavings: ok, counter = 2\n  4 of 6 interleavings: "
	    "expectation failed, counter = 1\n");
	run_free(&r);
	r = run_lockstep("explore", "lost-update", "--format", "json");
	assert_contains(r.out, "\"interleavings\": 6, ");
	assert_contains(r.out, "\"memory_mib\": ");
	assert_contains(r.out, "\"count\": 2, \"interleavings\": 4, ");
	run_free(&r);
	r = run_lockstep("explore", "peterson", "--format", "json");
	assert_contains(r.out, "\"every_schedule_counted\": false, ");
	assert_contains(r.out, "\"interleavings\": null, ");
	assert_contains(r.out, "\"count\": 1, \"interleavings\": null, ");
	run_free(&r);
}
END_TEST

/* Two outcomes that differ only in their verdict's message do not show
 * as two identical rows: the message tells them apart. */
START_TEST(explore_rows_differ)
{
	struct run r = run_lockstep("explore", "lock-self-deadlock");

	assert_contains(r.out, "\n  1  deadlock  count = 0\n     worker[0] waits for m, "
	    "which it holds itself (a Lock is not re-entrant)\n  1  deadlock  count = 0\n"
	    "     worker[1] waits for m, ");
	run_free(&r);
	/* rows that differ anyway carry no such line */
	r = run_lockstep("explore", "lost-update");
	assert_contains(r.out, "\n  2  ok                  counter = 2\n  2  expectation "
	    "failed  counter = 1\n\n");
	run_free(&r);
}
END_TEST

START_TEST(explore_json)
{
	struct run r = run_lockstep("explore", "deadlock", "--format", "json");

	ck_assert_int_eq(r.status, 1);
	assert_starts_with(r.out, "{\"scenario\": \"deadlock\", \"title\": \"Deadlock\", "
	    "\"mode\": \"exhaustive\", \"exhaustive\": true, \"bound\": null, ");
	assert_contains(r.out, "\"outcomes\": [\n  {\"shared\": {\"total\": 11}, "
	    "\"verdict\": {\"kind\": \"ok\"");
	assert_contains(r.out, "\"verdicts\": [\"ok\", \"deadlock\"]");
	assert_contains(r.out, "\"failures\": [\n  {\"verdict\": {\"kind\": \"deadlock\", "
	    "\"message\": \"A waits for m2 held by B; B waits for m1 held by A\"");
	assert_contains(r.out, "\"schedule\": \"A,B\", \"steps\": 2}\n]}\n");
	run_free(&r);
}
END_TEST

START_TEST(explore_bounds_are_reported)
{
	struct run r = run_lockstep("explore", "lost-update", "--preemptions", "0");

	/* found nothing, but not exhaustive: not proven, not a pass */
	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "search: bounded: schedules with more than 0 preemptions "
	    "were left out\n");
	assert_contains(r.out, "\nnot proven: no failure in 2 executions (bounded by at "
	    "most 0 preemptions)\n");
	run_free(&r);
	r = run_lockstep("explore", "dining-philosophers-waiter", "--max-states", "100",
	    "--format", "json");
	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "\"exhaustive\": false, \"bound\": {\"kind\": "
	    "\"max-states\", \"limit\": 100, ");
	run_free(&r);
	r = run_lockstep("explore", "lost-update", "--random", "50", "--seed", "3");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "search: sampled, not exhaustive: 50 random schedules\n");
	run_free(&r);
	r = run_lockstep("explore", "lost-update", "--pct", "50", "--jobs", "2");
	assert_contains(r.out, "search: sampled, not exhaustive: 50 PCT schedules\n");
	run_free(&r);
	r = run_lockstep("explore", "lost-update-lock", "--random", "20");
	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "\nnot proven: no failure in 20 executions (bounded by a "
	    "sample of 20 random\n    schedules)\n");
	run_free(&r);
}
END_TEST

START_TEST(explore_usage_errors)
{
	static const char *const bad[][3] = {
		{ "--preemptions", "x", NULL },
		{ "--max-states", "0", NULL },
		{ "--timeout", "-1", NULL },
		{ "--jobs", "0", NULL },
		{ "--jobs", "65", NULL },
		{ "--format", "xml", NULL },
		{ "--random", "0", NULL },
		{ "--random", "5", "--pct" },
		{ "--pct", "5", "--preemptions" },
	};
	size_t i;
	struct run r;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = bad[i][2] == NULL ? run_lockstep("explore", "lost-update", bad[i][0], bad[i][1]) :
		    run_lockstep("explore", "lost-update", bad[i][0], bad[i][1], bad[i][2], "1");
		ck_assert_msg(r.status == 2, "%s %s: status %d", bad[i][0], bad[i][1], r.status);
		assert_starts_with(r.err, "lockstep explore: ");
		ck_assert_str_eq(r.out, "");
		run_free(&r);
	}
	r = run_lockstep("explore");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = run_lockstep("explore", "no-such-scenario");
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "lockstep: no scenario named 'no-such-scenario'");
	run_free(&r);
	r = run_lockstep("explore", "--help");
	ck_assert_int_eq(r.status, 0);
	assert_starts_with(r.out, "usage: lockstep explore FILE ");
	run_free(&r);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *options = tcase_create("options and verbs");
	TCase *check = tcase_create("check");
	TCase *search = tcase_create("list and the search path");
	TCase *run = tcase_create("run and replay");
	TCase *free_run = tcase_create("free");

	tcase_add_checked_fixture(options, cli_setup, cli_teardown);
	tcase_add_loop_test(options, help_lists_every_verb, 0, 2);
	tcase_add_loop_test(options, version, 0, 2);
	tcase_add_test(options, unknown_option);
	tcase_add_test(options, unknown_verb);
	tcase_add_test(options, daemons_run_until_the_exit);
	tcase_add_test(options, timeouts_are_named_steps);
	tcase_add_test(options, verb_help);
	tcase_add_test(options, manual_documents_every_verb_and_option);
	tcase_add_test(options, open_without_a_terminal_shows_the_step_program);
	suite_add_tcase(s, options);

	tcase_add_checked_fixture(check, cli_setup, cli_teardown);
	tcase_set_timeout(check, 60);
	tcase_add_test(check, bundled_scenarios_are_the_expected_ones);
	tcase_add_loop_test(check, check_bundled_file, 0, NBUNDLED);
	tcase_add_loop_test(check, check_bundled_by_name, 0, NBUNDLED);
	tcase_add_test(check, check_without_file);
	tcase_add_test(check, check_nonexistent_file);
	tcase_add_test(check, check_unknown_name);
	tcase_add_test(check, check_several_files_one_bad);
	suite_add_tcase(s, check);

	tcase_add_checked_fixture(search, cli_setup, cli_teardown);
	tcase_set_timeout(search, 60);
	tcase_add_test(search, list_bundled);
	tcase_add_test(search, lockstep_path_comes_first);
	tcase_add_test(search, user_data_directory);
	tcase_add_test(search, installed_binary_ignores_source_tree);
	suite_add_tcase(s, search);

	tcase_add_checked_fixture(run, cli_setup, cli_teardown);
	tcase_set_timeout(run, 60);
	tcase_add_test(run, run_loses_an_update);
	tcase_add_test(run, run_a_tour);
	tcase_add_test(run, lecture_scenarios_carry_a_tour);
	tcase_add_test(run, run_tour_errors);
	tcase_add_test(run, run_expand_and_summary);
	tcase_add_test(run, run_usage_errors);
	tcase_add_test(run, run_step_limit);
	tcase_add_test(run, trace_and_replay_give_the_same_table);
	tcase_add_test(run, replay_refuses_a_changed_scenario);
	tcase_add_test(run, a_trace_carries_its_scenario);
	tcase_add_test(run, manual_names_every_bundled_scenario);
	tcase_add_test(run, join_before_start_is_the_documented_error);
	tcase_add_test(run, a_trace_cannot_read_another_file);
	tcase_add_test(run, trace_to_an_unwritable_place);
	tcase_add_test(run, record_needs_the_terminal_ui);
	tcase_add_test(run, explore_finds_the_lost_update);
	tcase_add_test(run, explore_a_correct_scenario);
	tcase_add_test(run, a_raise_is_a_step_in_every_mode);
	tcase_add_test(run, race_try_except_finally_in_every_mode);
	tcase_add_test(run, race_uncaught_exception_ends_the_run);
	tcase_add_test(run, race_class_shared_by_two_threads);
	tcase_add_test(run, race_imports_name_the_primitives);
	tcase_add_test(run, event_pulse_can_deadlock);
	tcase_add_test(run, constants_are_left_out);
	tcase_add_test(run, run_shows_strings_as_python_does);
	tcase_add_test(run, python_program_through_every_verb);
	tcase_add_test(run, python_worker_threads_through_every_mode);
	tcase_add_loop_test(run, python_run_golden, 0,
	    (int)(sizeof(python_goldens) / sizeof(python_goldens[0])));
	tcase_add_test(run, explore_json);
	tcase_add_test(run, explore_livelock);
	tcase_add_test(run, explore_samples_when_bounded);
	tcase_add_test(run, explore_counts_interleavings);
	tcase_add_test(run, explore_rows_differ);
	tcase_add_test(run, explore_packs_states_any_way);
	tcase_add_test(run, explore_bounds_are_reported);
	tcase_add_test(run, explore_usage_errors);
	suite_add_tcase(s, run);

	tcase_add_checked_fixture(free_run, cli_setup, cli_teardown);
	tcase_set_timeout(free_run, 60);
	tcase_add_test(free_run, free_help);
	tcase_add_test(free_run, free_suggests_a_command_a_shell_reads);
	tcase_add_test(free_run, free_counts_outcomes);
	tcase_add_test(free_run, step_limit_is_not_a_bug);
	tcase_add_test(free_run, free_says_how_rare);
	tcase_add_test(free_run, free_shows_the_bug_and_saves_it);
	tcase_add_test(free_run, free_json);
	tcase_add_test(free_run, free_usage_errors);
	tcase_add_test(free_run, free_trace_needs_a_failing_run);
	suite_add_tcase(s, free_run);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cli_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
