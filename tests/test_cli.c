/* test_cli.c - the lockstep command line, run as a user runs it (cli.h).
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "util/strbuf.h"
#include "util/xalloc.h"


/* The bundled scenarios, sorted as `lockstep list` prints them. */
static const char *const bundled[] = {
	"barrier", "bounded-buffer", "bounded-semaphore", "check-then-act",
	"condition-if", "condition-while", "daemon-consumer", "deadlock",
	"dining-philosophers", "dining-philosophers-waiter", "event-signal",
	"lock-order", "lock-self-deadlock", "lost-update", "lost-update-atomic",
	"lost-update-lock", "lost-update-sleep", "lost-wakeup", "peterson",
	"polite-livelock", "producer-consumer", "rlock-reentry", "rwlock",
	"semaphore-limit", "start-join",
};
#define NBUNDLED (sizeof bundled / sizeof bundled[0])

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

/* The text after "title:" in a scenario file, up to the end of the line. */
static char *
title_of(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[1024];
	char *title = NULL;

	ck_assert_msg(f != NULL, "cannot open %s", file);
	while (title == NULL && fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "title:", 6) == 0) {
			const char *s = line + 6 + strspn(line + 6, " ");

			title = xstrndup(s, strcspn(s, "\r\n"));
		}
	}
	fclose(f);
	ck_assert_msg(title != NULL, "%s has no title: line", file);
	return title;
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

START_TEST(unknown_verb)
{
	struct run r = run_lockstep("frobnicate");

	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	assert_starts_with(r.err, "lockstep: no scenario named 'frobnicate' (searched: ");
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
	/* The same, named without a directory. */
	r = run_lockstep_in(scratch, "check", "nonexistent.race", NULL);
	ck_assert_int_eq(r.status, 2);
	assert_starts_with(r.err, "nonexistent.race: error: ");
	run_free(&r);
	free(expected);
	free(file);
}
END_TEST

START_TEST(check_unknown_name)
{
	char *xdg_dir = xasprintf("%s/xdg/lockstep/scenarios", scratch);
	char *searched = xasprintf("(searched: %s, %s)\n", xdg_dir, scenarios_dir);
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

START_TEST(list_bundled)
{
	struct strbuf expected = { 0 };
	struct run r = run_lockstep("list");
	int width = 0;
	size_t i;

	for (i = 0; i < NBUNDLED; i++)
		if ((int)strlen(bundled[i]) > width)
			width = (int)strlen(bundled[i]);
	for (i = 0; i < NBUNDLED; i++) {
		char *file = bundled_file(bundled[i]);
		char *title = title_of(file);

		strbuf_printf(&expected, "%-*s  %s\n", width, bundled[i], title);
		free(title);
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
	setenv("LOCKSTEP_PATH", dir, 1);
	r = run_lockstep("check", "custom");
	ck_assert_msg(r.status == 0, "check custom: exit %d\n%s", r.status, r.err);
	run_free(&r);
	r = run_lockstep("check", "broken");
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "mine/broken.race:1:");
	run_free(&r);
	r = run_lockstep("list");
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(count_lines(r.out), NBUNDLED + 2);
	assert_listed(r.out, "custom", "A custom scenario");
	assert_listed(r.out, "lost-update", "Shadowing copy");
	assert_listed(r.out, "broken", "(does not compile)");
	assert_listed(r.out, "barrier", barrier_title);
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
	assert_contains(r.err, ", " LOCKSTEP_PKGDATADIR "/scenarios)\n");
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

	ck_assert_int_eq(r.status, 1);
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
	assert_starts_with(saved, "lockstep-trace 1\nscenario lost-update\n");
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

START_TEST(replay_refuses_a_changed_scenario)
{
	char *file = write_scratch_file("mine.race", "x = 0\nthread A:\n    x = 1\n");
	char *trace = xasprintf("%s/mine.trace", scratch);
	struct run r = run_lockstep("run", file, "--trace", trace);

	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	free(write_scratch_file("mine.race", "x = 0\nthread A:\n    x = 2\n"));
	r = run_lockstep("replay", "--headless", trace);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "has changed since the trace was recorded");
	ck_assert_str_eq(r.out, "");
	run_free(&r);
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
	    "                ok\n\nNo run of 50 showed a bug.\n");
	run_free(&r);
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
	r = run_lockstep("explore", "lock-order", "--jobs", "2", "--no-reduction");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "search: exhaustive: every schedule (no reduction)\n");
	assert_contains(r.out, ", 2 jobs, ");
	assert_contains(r.out, " MiB\n");
	run_free(&r);
	free(trace);
}
END_TEST

/* A report with its time taken out: ", 0.04 s, " becomes ", s, ". */
static void
drop_seconds(char *text)
{
	char *at = strstr(text, "steps taken, "), *end;

	ck_assert_ptr_nonnull(at);
	at += strlen("steps taken, ");
	end = strstr(at, " s, ");
	ck_assert_ptr_nonnull(end);
	memmove(at, end + 2, strlen(end + 2) + 1);
}

/* However explore packs its states (LOCKSTEP_ZWORDS), the search and its
 * report are the same. */
START_TEST(explore_packs_states_any_way)
{
	static const char *const ways[] = { "none", "portable", "avx2", "avx512" };
	const char *jobs[] = { "1", "2" };
	size_t i, j;

	for (j = 0; j < 2; j++) {
		struct run want = run_lockstep("explore", "dining-philosophers-waiter",
		    "--jobs", jobs[j]);

		ck_assert_int_eq(want.status, 0);
		drop_seconds(want.out);
		for (i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
			struct run r;

			setenv("LOCKSTEP_ZWORDS", ways[i], 1);
			r = run_lockstep("explore", "dining-philosophers-waiter", "--jobs", jobs[j]);
			unsetenv("LOCKSTEP_ZWORDS");
			ck_assert_int_eq(r.status, 0);
			drop_seconds(r.out);
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
	tcase_add_test(run, run_expand_and_summary);
	tcase_add_test(run, run_usage_errors);
	tcase_add_test(run, run_step_limit);
	tcase_add_test(run, trace_and_replay_give_the_same_table);
	tcase_add_test(run, replay_refuses_a_changed_scenario);
	tcase_add_test(run, a_trace_cannot_read_another_file);
	tcase_add_test(run, trace_to_an_unwritable_place);
	tcase_add_test(run, record_needs_the_terminal_ui);
	tcase_add_test(run, explore_finds_the_lost_update);
	tcase_add_test(run, explore_a_correct_scenario);
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
	tcase_add_test(free_run, free_counts_outcomes);
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
