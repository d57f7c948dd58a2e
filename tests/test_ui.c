/* test_ui.c - screens of the terminal UI, read back as text.
 *
 * A session is driven with keys exactly as the TUI drives it, composed into
 * a frame at a pinned size and dumped as text (the text backend of the same
 * frame curses draws), then compared with tests/screens/NAME.txt.  To
 * regenerate a golden after an intended change, run the suite with
 * LOCKSTEP_UPDATE_SCREENS=1 and review the diff.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/session.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *
env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : fallback;
}

static struct ui_session *
open_scenario(const char *name)
{
	struct ui_session *s = ui_session_new(0);
	char *file = xasprintf("%s/%s.race", env_or("SCENARIOS_DIR", "scenarios"), name);

	ck_assert_msg(ui_session_open(s, file, name, stderr), "cannot open %s", file);
	free(file);
	return s;
}

/* A scenario written to a scratch file and opened. */
static struct ui_session *
open_text(const char *text)
{
	char path[] = "/tmp/lockstep-test-ui-XXXXXX";
	int fd = mkstemp(path);
	struct ui_session *s = ui_session_new(0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_msg(ui_session_open(s, path, "scratch", stderr), "cannot open %s", path);
	unlink(path);
	return s;
}

/* Keys as a string: characters, with ^ for Ctrl-R and \n for Enter. */
static void
press(struct ui_session *s, const char *keys)
{
	for (; *keys != '\0'; keys++)
		ui_session_key(s, *keys == '^' ? UI_KEY_CTRL_R : *keys == '\n' ?
		    UI_KEY_ENTER : (unsigned char)*keys);
}

static char *
screen(const struct ui_session *s, int w, int h)
{
	struct ui_frame f;
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);

	ui_frame_init(&f, w, h, true);
	ui_layout(s, &f);
	ui_frame_dump(&f, mem);
	ui_frame_free(&f);
	fclose(mem);
	return out;
}

static char *
read_golden(const char *path)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb = { 0 };
	char buf[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

/* Screens are too long for a check message: on a mismatch, show both in
 * the log and fail with a short one. */
static void
assert_same_screen(const char *got, const char *want, const char *what)
{
	if (strcmp(got, want) != 0)
		fprintf(stderr, "%s: got\n%s\nwanted\n%s\n", what, got, want);
	ck_assert_msg(strcmp(got, want) == 0, "%s: the screens differ (both are in the log)",
	    what);
}

static void
assert_screen(const char *got, const char *golden)
{
	char *path = xasprintf("%s/screens/%s.txt", env_or("TESTS_SRCDIR", "tests"), golden);
	char *want = read_golden(path);

	if (getenv("LOCKSTEP_UPDATE_SCREENS") != NULL) {
		FILE *f = fopen(path, "w");

		ck_assert_ptr_nonnull(f);
		fputs(got, f);
		fclose(f);
	} else {
		if (want == NULL)
			fprintf(stderr, "the screen is:\n%s\n", got);
		ck_assert_msg(want != NULL, "no golden screen %s", path);
		assert_same_screen(got, want, golden);
	}
	free(want);
	free(path);
}

static void
check_screen(const char *scenario, const char *keys, int w, int h, const char *golden)
{
	struct ui_session *s = open_scenario(scenario);
	char *got;

	press(s, keys);
	got = screen(s, w, h);
	assert_screen(got, golden);
	free(got);
	ui_session_free(s);
}

START_TEST(opening_screen_80x24)
{
	check_screen("lost-update", "", 80, 24, "lost-update-80x24");
}
END_TEST

START_TEST(opening_screen_132x40)
{
	check_screen("lost-update", "", 132, 40, "lost-update-132x40");
}
END_TEST

START_TEST(lost_update_after_1212)
{
	struct ui_session *s = open_scenario("lost-update");
	char *got;

	press(s, "1212");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "counter = 1"));
	ck_assert_ptr_nonnull(strstr(got, "expect counter == 2: counter is 1"));
	assert_screen(got, "lost-update-1212");
	free(got);
	ui_session_free(s);
}
END_TEST

START_TEST(undo_gives_the_previous_screen_exactly)
{
	struct ui_session *s = open_scenario("lost-update");
	char *before, *after;

	press(s, "121");
	before = screen(s, 80, 24);
	press(s, "2u");
	after = screen(s, 80, 24);
	/* only the message line differs: it says what undo did */
	ck_assert_ptr_nonnull(strstr(after, "undone: back at step 3"));
	ui_session_key(s, 'e');
	ui_session_key(s, 'e');		/* any key clears the message; e twice is a no-op */
	free(after);
	after = screen(s, 80, 24);
	assert_same_screen(after, before, "after undo");
	free(before);
	free(after);
	ui_session_free(s);
}
END_TEST

START_TEST(deadlock_screen)
{
	struct ui_session *s = open_scenario("deadlock");
	char *got;

	press(s, "12");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "m1: A  waits: B"));
	ck_assert_ptr_nonnull(strstr(got, "m2: B  waits: A"));
	ck_assert_ptr_nonnull(strstr(got, "DEADLOCK  A waits for m2 held by B; B waits for m1 "
	    "held by A"));
	assert_screen(got, "deadlock-12");
	free(got);
	ui_session_free(s);
}
END_TEST

START_TEST(stepping_a_blocked_thread_says_why)
{
	struct ui_session *s = open_scenario("deadlock");
	char *got;

	press(s, "112");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "B cannot run: it waits for m2 held by A"));
	ck_assert_int_eq(s->trace.nsteps, 2);
	free(got);
	ui_session_free(s);
}
END_TEST

START_TEST(help_screen)
{
	check_screen("lost-update", "?", 80, 24, "help");
}
END_TEST

START_TEST(too_small_screen)
{
	check_screen("lost-update", "", 40, 10, "too-small");
}
END_TEST

START_TEST(expanded_micro_operations)
{
	check_screen("lost-update", "1e", 80, 24, "lost-update-expanded");
}
END_TEST

START_TEST(step_table_view)
{
	check_screen("lost-update", "1221t", 80, 24, "lost-update-table");
}
END_TEST

START_TEST(primitives_panel)
{
	check_screen("producer-consumer", "1111", 100, 30, "producer-consumer-1111");
}
END_TEST

/* Take random steps, undo some, redo them: the same screen as before,
 * and the undone screen equals a fresh run of the shorter prefix. */
START_TEST(undo_redo_equals_rerunning)
{
	static const char *const names[] = { "producer-consumer", "dining-philosophers",
	    "condition-while", "barrier", "semaphore-limit" };
	unsigned seed = 12345 + (unsigned)_i;
	struct ui_session *s = open_scenario(names[_i % 5]), *fresh;
	char *full, *undone, *redone, *rerun;
	int k, j, steps = 0;

	for (k = 0; k < 40 && model_verdict(ui_session_state(s))->kind == MODEL_RUNNING; k++) {
		int t;

		seed = seed * 1103515245u + 12345u;
		t = (int)((seed >> 16) % s->prog->nthreads);
		if (ui_session_step(s, t))
			steps++;
	}
	s->message[0] = '\0';		/* the steps refused leave a message */
	full = screen(s, 100, 30);
	j = steps / 2;
	for (k = 0; k < j; k++)
		ui_session_key(s, 'u');
	s->message[0] = '\0';
	undone = screen(s, 100, 30);
	fresh = open_scenario(names[_i % 5]);
	for (k = 0; k < steps - j; k++)
		ck_assert(ui_session_step(fresh, s->trace.schedule.entries[k].thread));
	fresh->message[0] = '\0';
	rerun = screen(fresh, 100, 30);
	assert_same_screen(undone, rerun, "undone vs re-run");
	for (k = 0; k < j; k++)
		ui_session_key(s, UI_KEY_CTRL_R);
	s->message[0] = '\0';
	redone = screen(s, 100, 30);
	assert_same_screen(redone, full, "redone vs before undo");
	free(full);
	free(undone);
	free(redone);
	free(rerun);
	ui_session_free(fresh);
	ui_session_free(s);
}
END_TEST

/* The man page's key table and the help screen come from one table. */
START_TEST(man_page_lists_every_key)
{
	char *text = read_manual();
	int a;

	if (text == NULL)
		return;
	for (a = 0; a < UI_ACTION_COUNT; a++) {
		const struct ui_action_info *info = ui_action_info((enum ui_action)a);
		char *line = xasprintf("\n.TP\n.B %s\n%s\n", info->keys, info->help);

		ck_assert_msg(strstr(text, line) != NULL, "lockstep(1) lacks the key entry:%s",
		    line);
		free(line);
	}
	free(text);
}
END_TEST

/* At 80 columns the help has two columns, 27 characters for each action:
 * every action's brief words fit, none is cut short. */
START_TEST(help_fits_80_columns)
{
	struct ui_session *s = open_scenario("lost-update");
	char *got;
	int a;

	for (a = 0; a < UI_ACTION_COUNT; a++) {
		const struct ui_action_info *info = ui_action_info((enum ui_action)a);

		ck_assert_msg(strlen(info->brief) <= 27, "too long for 80 columns: %s",
		    info->brief);
	}
	ui_session_key(s, '?');
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "\xe2\x80\xa6") == NULL, "the help is cut short:\n%s", got);
	free(got);
	ui_session_free(s);
}
END_TEST

START_TEST(clicks_find_the_thread_pane)
{
	struct ui_session *s = open_scenario("lost-update");

	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 5, 3), 0);
	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 30, 10), 1);
	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 70, 3), -1);	/* shared panel */
	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 5, 21), -1);	/* timeline */
	ck_assert_int_eq(ui_layout_thread_at(s, 40, 10, 5, 3), -1);	/* too small */
	ui_session_free(s);
}
END_TEST

START_TEST(free_run_in_the_background)
{
	struct ui_session *s = open_scenario("lost-update-sleep");
	char *got;
	int i;

	/* a run loses the update unless one thread is not even started while
	 * the other sleeps: under a heavily loaded machine, some runs do not */
	s->freerun_runs = 40;
	ui_session_key(s, 'f');
	ck_assert_int_eq(s->overlay, UI_OVERLAY_JOB);
	for (i = 0; i < 1500 && ui_session_busy(s); i++)
		usleep(10000);
	ck_assert(!ui_session_busy(s));
	ck_assert(ui_session_poll(s));		/* the end is shown once */
	ck_assert(!ui_session_poll(s));
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "40 of 40 runs, "));
	ck_assert_ptr_null(strstr(got, "40 of 40 runs, 0 failed"));
	ck_assert_ptr_nonnull(strstr(got, "counter = 1"));
	ck_assert_ptr_nonnull(strstr(got, "Enter steps through a captured failing run"));
	free(got);
	ui_session_key(s, '\n');		/* load the captured run */
	ck_assert_int_eq(s->overlay, UI_OVERLAY_NONE);
	ck_assert(s->replaying);
	ck_assert_uint_gt(s->redo.count, 0);
	ui_session_key(s, ' ');
	while (s->playing)
		ui_session_tick(s);
	ck_assert_int_eq(model_verdict(ui_session_state(s))->kind, MODEL_EXPECT_FAILED);
	ui_session_free(s);
}
END_TEST

/* The screen once x's search of the scenario is over (stopped at once
 * with Esc if cancel). */
static char *
explored_screen(const char *name, bool cancel)
{
	struct ui_session *s = open_scenario(name);
	char *got;
	int i;

	ui_session_key(s, 'x');
	if (cancel)
		ui_session_key(s, UI_KEY_ESCAPE);
	for (i = 0; i < 1000 && ui_session_busy(s); i++)
		usleep(10000);
	got = screen(s, 80, 24);
	ui_session_free(s);
	return got;
}

START_TEST(explore_in_the_background)
{
	struct ui_session *s = open_scenario("deadlock");
	char *got;
	int i;

	ui_session_key(s, 'x');
	ck_assert_int_eq(s->overlay, UI_OVERLAY_JOB);
	for (i = 0; i < 1000 && ui_session_busy(s); i++)
		usleep(10000);
	ck_assert(!ui_session_busy(s));
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "exhaustive: every schedule"));
	ck_assert_ptr_nonnull(strstr(got, "A waits for m2 held by B; B waits for m1 held by A"));
	ck_assert_ptr_nonnull(strstr(got, "the shortest failing schedule takes 2 steps"));
	free(got);
	ui_session_key(s, '\n');
	ck_assert(s->replaying);
	ui_session_key(s, ' ');
	while (s->playing)
		ui_session_tick(s);
	ck_assert_int_eq(model_verdict(ui_session_state(s))->kind, MODEL_DEADLOCK);
	ck_assert_uint_eq(s->trace.nsteps, 2);
	ui_session_free(s);
	/* a correct scenario: no schedule fails */
	got = explored_screen("lock-order", false);
	ck_assert_ptr_nonnull(strstr(got, "no schedule fails"));
	free(got);
	/* stopped before it was exhaustive: not a pass */
	got = explored_screen("semaphore-limit", true);
	ck_assert_ptr_null(strstr(got, "no schedule fails"));
	ck_assert_ptr_nonnull(strstr(got, "not proven: no failure in "));
	ck_assert_ptr_nonnull(strstr(got, "(bounded by a cancel)"));
	free(got);
	/* no schedule fails, but the threads can loop forever */
	got = explored_screen("polite-livelock", false);
	ck_assert_ptr_nonnull(strstr(got, "livelock: after 2 steps, 6 steps the threads can "
	    "repeat forever"));
	free(got);
}
END_TEST

/* An endless loop played at the fastest speed reaches the step limit in
 * a few seconds, many steps to a frame, and ends with no progress. */
START_TEST(endless_loop_ends_at_the_step_limit)
{
	struct ui_session *s = open_text("x = 0\nthread A:\n    while True:\n        x += 1\n");
	int ticks = 0;
	char *got;

	press(s, "++++++++++");
	ck_assert_int_eq(ui_session_speed(s), 4096);
	ck_assert_int_ge(ui_session_tick_ms(s), 15);
	press(s, " ");
	while (s->playing && ticks < 100000) {
		ui_session_tick(s);
		ticks++;
	}
	ck_assert_int_eq(model_verdict(ui_session_state(s))->kind, MODEL_NO_PROGRESS);
	ck_assert_str_eq(model_verdict(ui_session_state(s))->message, "the step limit "
	    "(10000 steps) was reached with threads still running");
	ck_assert_uint_eq(s->trace.nsteps, MODEL_DEFAULT_MAX_STEPS);
	ck_assert_int_le(ticks, MODEL_DEFAULT_MAX_STEPS / 64 + 2);
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "the step limit (10000 steps)"));
	free(got);
	ui_session_free(s);
}
END_TEST

START_TEST(picker_opens_a_scenario)
{
	struct ui_session *s = open_scenario("lost-update");

	setenv("LOCKSTEP_PATH", env_or("SCENARIOS_DIR", "scenarios"), 1);
	ui_session_key(s, 'o');
	ck_assert_int_eq(s->overlay, UI_OVERLAY_PICKER);
	ck_assert_uint_ge(s->npicker, 20);
	while (strcmp(s->picker[s->picker_selected].name, "deadlock") != 0)
		ui_session_key(s, s->picker_selected < 7 ? 'j' : 'k');
	ui_session_key(s, '\n');
	ck_assert_int_eq(s->overlay, UI_OVERLAY_NONE);
	ck_assert_str_eq(s->name, "deadlock");
	ui_session_free(s);
}
END_TEST

static Suite *
ui_suite(void)
{
	Suite *s = suite_create("ui");
	TCase *screens = tcase_create("screens");
	TCase *undo = tcase_create("undo and redo");

	tcase_set_timeout(screens, 60);
	tcase_add_test(screens, opening_screen_80x24);
	tcase_add_test(screens, opening_screen_132x40);
	tcase_add_test(screens, lost_update_after_1212);
	tcase_add_test(screens, undo_gives_the_previous_screen_exactly);
	tcase_add_test(screens, deadlock_screen);
	tcase_add_test(screens, stepping_a_blocked_thread_says_why);
	tcase_add_test(screens, help_screen);
	tcase_add_test(screens, help_fits_80_columns);
	tcase_add_test(screens, too_small_screen);
	tcase_add_test(screens, expanded_micro_operations);
	tcase_add_test(screens, step_table_view);
	tcase_add_test(screens, primitives_panel);
	tcase_add_test(screens, man_page_lists_every_key);
	tcase_add_test(screens, picker_opens_a_scenario);
	tcase_add_test(screens, clicks_find_the_thread_pane);
	tcase_add_test(screens, free_run_in_the_background);
	tcase_add_test(screens, explore_in_the_background);
	tcase_add_test(screens, endless_loop_ends_at_the_step_limit);
	suite_add_tcase(s, screens);
	tcase_set_timeout(undo, 120);
	tcase_add_loop_test(undo, undo_redo_equals_rerunning, 0, 10);
	suite_add_tcase(s, undo);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ui_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
