/* test_ui.c - screens of the terminal UI, read back as text.
 *
 * A session is driven with keys exactly as the TUI drives it, composed into
 * a frame at a pinned size and dumped as text (the text backend of the same
 * frame curses draws), then compared with tests/screens/NAME.txt.  To
 * regenerate a golden after an intended change, run `make update-goldens`
 * (which runs the suite with LOCKSTEP_UPDATE_SCREENS=1) and review the diff.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "ui/job.h"
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
	/* NAME, or python/NAME.py */
	char *file = xasprintf("%s/%s%s", env_or("SCENARIOS_DIR", "scenarios"), name,
	    strstr(name, ".py") != NULL ? "" : ".race");

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

/* The screen of a scenario after keys, at w x h. */
static char *
screen_after(const char *scenario, const char *keys, int w, int h)
{
	struct ui_session *s = open_scenario(scenario);
	char *got;

	press(s, keys);
	got = screen(s, w, h);
	ui_session_free(s);
	return got;
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

/* A Python program (the lecture's counter race, tests/golden-python): the
 * module body is MainThread, which starts the two Thread objects; the
 * first then loads val inside increase(), its pane showing the function's
 * code and the call under way. */
START_TEST(python_call_stack_screen)
{
	struct ui_session *s = ui_session_new(0);
	char *file = xasprintf("%s/golden-python/threads.py", env_or("TESTS_SRCDIR", "tests"));
	char *got;

	ck_assert_msg(ui_session_open(s, file, "threads", stderr), "cannot open %s", file);
	free(file);
	press(s, "112");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "MainThread"));
	ck_assert_ptr_nonnull(strstr(got, "in increase()"));
	ck_assert_ptr_nonnull(strstr(got, "def increase():"));
	assert_screen(got, "python-threads-112-80x24");
	free(got);
	ui_session_free(s);
}
END_TEST

/* `for thread in threads:` holds a member's number; the pane shows the
 * Thread it stands for, never the number. */
START_TEST(python_loop_over_threads_shows_the_thread)
{
	struct ui_session *s = ui_session_new(0);
	char *file = xasprintf("%s/golden-python/threads.py", env_or("TESTS_SRCDIR", "tests"));
	char *got;

	ck_assert_msg(ui_session_open(s, file, "threads", stderr), "cannot open %s", file);
	free(file);
	press(s, "1");		/* Thread-1 started: the loop is at Thread-2's */
	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "thread = <Thread(Thread-2 (increase))>") != NULL, "%s", got);
	ck_assert_ptr_null(strstr(got, "thread = 1"));
	free(got);
	press(s, "1");		/* both started: joining Thread-1 */
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "thread = <Thread(Thread-1 (increase))>") != NULL, "%s", got);
	free(got);
	ui_session_free(s);
}
END_TEST

/* A Thread not started yet, and one finished: its pane shows the code it
 * runs (increase()), with no step marked, not the line of main's that made
 * it. */
START_TEST(python_idle_thread_shows_its_target)
{
	struct ui_session *s = ui_session_new(0);
	char *file = xasprintf("%s/golden-python/threads.py", env_or("TESTS_SRCDIR", "tests"));
	char *got;
	const char *line;
	int round;

	ck_assert_msg(ui_session_open(s, file, "threads", stderr), "cannot open %s", file);
	free(file);
	for (round = 0; round < 2; round++) {
		/* first at the start (Thread-1 selected, not started), then
		 * once Thread-1 has taken its five steps and finished */
		press(s, round == 0 ? "2" : "1122222");
		got = screen(s, 80, 24);
		ck_assert_ptr_nonnull(strstr(got, round == 0 ?
		    "Thread-1 (increase) not started" : "Thread-1 (increase) finished"));
		ck_assert_ptr_nonnull(strstr(got, "code of Thread-1 (increase)"));
		ck_assert_ptr_nonnull(strstr(got, "def increase():"));
		line = strstr(got, "        val += 1");
		ck_assert_ptr_nonnull(line);
		while (line > got && line[-1] != '\n')
			line--;
		/* no step marked on it: the thread stands at none */
		ck_assert_ptr_null(memmem(line, strcspn(line, "\n"), "\xe2\x96\xb6", 3));
		ck_assert_ptr_null(strstr(got, "Thread(target=increase)"));
		free(got);
	}
	ui_session_free(s);
}
END_TEST

/* A thread list with fewer rows than threads (the bundled rwlock.py's
 * four at 80x24) says how many it leaves out, on the line under it, in
 * short when the selected thread's name leaves no room. */
START_TEST(thread_list_counts_the_threads_it_leaves_out)
{
	struct ui_session *s = ui_session_new(0);
	char *file = xasprintf("%s/../scenarios/python/rwlock.py",
	    env_or("TESTS_SRCDIR", "tests"));
	char *got;

	ck_assert_msg(ui_session_open(s, file, "rwlock", stderr), "cannot open %s", file);
	free(file);
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "3 Thread-2 (reader)"));
	ck_assert_ptr_null(strstr(got, "4 Thread-3 (writer)"));
	ck_assert_ptr_nonnull(strstr(got, "code of MainThread "));
	ck_assert_ptr_nonnull(strstr(got, " 1 more: h and l select them "));
	free(got);
	press(s, "4");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "4 Thread-3 (writer)"));
	ck_assert_ptr_null(strstr(got, "1 MainThread"));
	ck_assert_ptr_nonnull(strstr(got, " +1 more "));
	free(got);
	ui_session_free(s);
}
END_TEST

/* Classes (tests/golden-python/classes.py): Thread-1, an instance of a
 * Thread subclass, is inside the instance counter's add(), called from its
 * run(), holding the instance's Lock counter.lock, having stored the
 * attribute counter.count that the shared pane shows by that name. */
START_TEST(python_class_screen)
{
	struct ui_session *s = ui_session_new(0);
	char *file = xasprintf("%s/golden-python/classes.py", env_or("TESTS_SRCDIR", "tests"));
	char *got;

	ck_assert_msg(ui_session_open(s, file, "classes", stderr), "cannot open %s", file);
	free(file);
	press(s, "1222");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "in counter.add() line 10 \xe2\x86\x90 a.run() line 16"));
	ck_assert_ptr_nonnull(strstr(got, "counter.count = 1"));
	ck_assert_ptr_nonnull(strstr(got, "counter.lock: Thread-1"));
	assert_screen(got, "python-classes-1222-80x24");
	free(got);
	ui_session_free(s);
}
END_TEST

/* A thread inside a function: its pane shows the function's code with the
 * next step marked, and where it was called from, innermost first, with
 * the arguments of the running call. */
START_TEST(call_stack_screen)
{
	struct ui_session *s = open_scenario("bank-transfer");
	char *got;

	press(s, "1");
	got = screen(s, 80, 24);
	/* folded at 80 columns: the caller on the row under */
	ck_assert_ptr_nonnull(strstr(got, "in transfer(src=0, dst=1, amount=30) line 28"));
	ck_assert_ptr_nonnull(strstr(got, "\xe2\x86\x90 A line 33"));
	ck_assert_ptr_nonnull(strstr(got, "def transfer(src, dst, amount):"));
	assert_screen(got, "bank-transfer-1-80x24");
	free(got);
	press(s, "2");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "in transfer(src=1, dst=0, amount=20) line 28"));
	ck_assert_ptr_nonnull(strstr(got, "\xe2\x86\x90 B line 36"));
	ck_assert_ptr_nonnull(strstr(got, "DEADLOCK"));
	free(got);
	ui_session_free(s);
}
END_TEST

/* Once a run has ended its verdict stays on the status line and in the
 * header, whatever keys are pressed; what a key did goes to the rule. */
START_TEST(the_verdict_stays)
{
	struct ui_session *s = open_scenario("deadlock");
	char *got;

	press(s, "12");
	press(s, "12 ");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "the run has ended"));
	ck_assert_ptr_nonnull(strstr(got, "DEADLOCK  A waits for m2 held by B; B waits for m1 "
	    "held by A"));
	ck_assert_ptr_nonnull(strstr(got, "DEADLOCK \xc2\xb7 step 2 \xc2\xb7 manual"));
	free(got);
	press(s, "u");
	got = screen(s, 80, 24);
	ck_assert_ptr_null(strstr(got, "DEADLOCK"));
	free(got);
	ui_session_free(s);
}
END_TEST

/* After A's assertion fails, B, which never ran, is runnable and stopped
 * by A's failure, not blocked. */
START_TEST(thread_states_after_an_assertion)
{
	struct ui_session *s = open_text("x = 0\nthread A:\n    assert x == 1, \"x is not 1\"\n"
	    "thread B:\n    x = 1\n");
	char *got;

	press(s, "11");		/* LOAD x, then the raise: a step of its own */
	got = screen(s, 160, 45);
	ck_assert_ptr_nonnull(strstr(got, "1 A failed at line 3"));
	ck_assert_ptr_nonnull(strstr(got, "2 B runnable (stopped by A's failure)"));
	ck_assert_ptr_nonnull(strstr(got, "ASSERTION  A, line 3: AssertionError: x is not 1"));
	ck_assert_ptr_null(strstr(got, "B blocked"));
	free(got);
	ui_session_free(s);
}
END_TEST

/* Issue 17: in a Python program the thread that raised has died, and the
 * others go on; the verdict comes when the run ends. */
START_TEST(a_python_thread_dies)
{
	struct ui_session *s = open_text("x = 0\nthread A:\n    assert x == 1, \"x is not 1\"\n"
	    "thread B:\n    x = 1\n");
	char *got;

	s->prog->python = true;	/* as a .py file's program has it */
	press(s, "1");
	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "will raise AssertionError: x is not 1") != NULL,
	    "no pending raise in A's pane:\n%s", got);
	free(got);
	press(s, "1");
	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "1 A died at line 3: AssertionError: x is not 1") != NULL,
	    "A has not died:\n%s", got);
	ck_assert_ptr_nonnull(strstr(got, "2 B runnable"));
	ck_assert_ptr_null(strstr(got, "ASSERTION"));
	free(got);
	press(s, "2");
	got = screen(s, 160, 45);
	ck_assert_ptr_nonnull(strstr(got, "ASSERTION  A, line 3: AssertionError: x is not 1"));
	free(got);
	ui_session_free(s);
}
END_TEST

/* A raise that is a thread's next step is shown as such: under its line
 * in the pane, and on its row in the thread list, with what it raises. */
START_TEST(a_pending_raise_is_shown)
{
	struct ui_session *s = open_text("x = 0\nthread A:\n    assert x == 1, \"x is not 1\"\n"
	    "thread B:\n    x = 1\n");
	struct strbuf text = { 0 };
	char *got;
	int i;

	press(s, "1");		/* A reads x: its next step is the raise */
	ck_assert_int_eq(model_thread(ui_session_state(s), 0)->pending.op, LANG_OP_RAISE);
	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "\xe2\x96\xb6 will raise AssertionError: x is not 1") != NULL,
	    "no pending raise in A's pane:\n%s", got);
	free(got);
	press(s, "2");		/* B writes 1 first: the assert would pass now, */
	got = screen(s, 160, 45);	/* but the raise is already decided */
	ck_assert_msg(strstr(got, "will raise AssertionError: x is not 1") != NULL,
	    "the raise is gone:\n%s", got);
	free(got);
	press(s, "1");		/* taken: the verdict, no longer a next step */
	got = screen(s, 160, 45);
	ck_assert_ptr_null(strstr(got, "will raise"));
	ck_assert_ptr_nonnull(strstr(got, "ASSERTION  A, line 3: AssertionError: x is not 1"));
	free(got);
	ui_session_free(s);
	/* the thread list: too many threads for panes; x is a constant, so
	 * each thread's first step is its raise */
	strbuf_puts(&text, "x = 0\n");
	for (i = 0; i < 12; i++)
		strbuf_printf(&text, "thread T%d:\n    assert x == %d, \"x is not %d\"\n", i,
		    i + 1, i + 1);
	s = open_text(strbuf_str(&text));
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "3  T2 will raise AssertionError: x is not 3") != NULL,
	    "no pending raise in the list:\n%s", got);
	free(got);
	ui_session_free(s);
	strbuf_free(&text);
}
END_TEST

/* The header names who takes the steps: keys ("manual"), or the policy
 * while it plays. */
START_TEST(header_shows_who_is_in_charge)
{
	struct ui_session *s = open_scenario("lost-update");
	char *got;

	press(s, "12");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "step 2 \xc2\xb7 manual"));
	free(got);
	press(s, " ");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "step 2 \xc2\xb7 round-robin 2/s"));
	free(got);
	ui_session_free(s);
}
END_TEST

/* Columns of a row as the C library's wcswidth counts them. */
static int
row_columns(const char *row)
{
	wchar_t wide[400];
	size_t n = mbstowcs(wide, row, 400);

	ck_assert_msg(n != (size_t)-1 && n < 400, "row not UTF-8: %s", row);
	return wcswidth(wide, n);
}

/* The screen of a scenario titled with n CJK characters (two columns
 * each), after keys; every row checked to be no wider than the terminal. */
static char *
wide_title_screen(int n, const char *keys)
{
	struct strbuf text = { 0 };
	struct ui_session *s;
	char *got, *copy, *line, *next;
	int i, rows = 0;

	strbuf_puts(&text, "title: ");
	for (i = 0; i < n; i++)
		strbuf_puts(&text, "\xe7\xab\xb6");	/* U+7AF6 */
	strbuf_puts(&text, "\ncounter = 0\nthread A:\n    counter += 1\n");
	s = open_text(strbuf_str(&text));
	press(s, keys);
	got = screen(s, 80, 24);
	copy = xstrdup(got);
	for (line = copy; *line != '\0'; line = next + 1) {
		next = strchr(line, '\n');
		ck_assert_ptr_nonnull(next);
		*next = '\0';
		ck_assert_msg(row_columns(line) <= 80, "row %d is %d columns:\n%s", rows,
		    row_columns(line), got);
		rows++;
	}
	ck_assert_int_eq(rows, 24);
	free(copy);
	ui_session_free(s);
	strbuf_free(&text);
	return got;
}

/* A title in CJK takes two columns a character, as the terminal shows it:
 * the header shows it when it fits and the name alone when not, and the
 * about box cuts it with an ellipsis, never past the screen's edge. */
START_TEST(a_wide_title_fits_the_header)
{
	static const char twenty[] = "\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6"
	    "\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6"
	    "\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6"
	    "\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6 ";
	char *got;

	ck_assert_msg(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "no C.UTF-8 locale");
	got = wide_title_screen(20, "");
	ck_assert_msg(strstr(got, twenty) != NULL, "the title is not in the header:\n%s", got);
	free(got);
	got = wide_title_screen(30, "");	/* 60 columns: too wide for the header */
	ck_assert_msg(strncmp(got, "\xe2\x94\x8c scratch \xe2\x94\x80", 13) == 0,
	    "not the name alone:\n%s", got);
	free(got);
	got = wide_title_screen(60, "a");
	ck_assert_msg(strstr(got, "\xe7\xab\xb6\xe2\x80\xa6") != NULL,
	    "the about box does not cut the title:\n%s", got);
	free(got);
	setlocale(LC_CTYPE, "C");
}
END_TEST

/* Wrapping and folding count columns, not bytes: three words of three
 * CJK characters (6 columns each) take two rows of 13 columns, not three. */
START_TEST(wrapping_counts_columns)
{
	static const char words[] = "\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6 "
	    "\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6 \xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6";
	struct ui_frame f;
	char *dump;
	size_t len;
	FILE *out;

	ck_assert_msg(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "no C.UTF-8 locale");
	ck_assert_int_eq(ui_frame_wrapped(NULL, 0, 0, 13, 10, UI_NORMAL, words), 2);
	ck_assert_int_eq(ui_frame_folded(NULL, 0, 0, 13, 10, UI_NORMAL, words), 2);
	/* drawn, nothing passes the edge: the second row holds the third word */
	ui_frame_init(&f, 13, 2, true);
	ui_frame_wrapped(&f, 0, 0, 13, 2, UI_NORMAL, words);
	out = open_memstream(&dump, &len);
	ui_frame_dump(&f, out);
	fclose(out);
	ck_assert_msg(strstr(dump, "\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6 "
	    "\xe7\xab\xb6\xe7\xab\xb6\xe7\xab\xb6\n\xe7\xab\xb6") != NULL,
	    "not wrapped by columns:\n%s", dump);
	free(dump);
	ui_frame_free(&f);
	setlocale(LC_CTYPE, "C");
}
END_TEST

/* A string with a newline is shown escaped, on its one row. */
START_TEST(strings_are_shown_escaped)
{
	struct ui_session *s = open_text("s = 'a'\nthread A:\n    s = 'x\\ny'\n");
	char *got;

	press(s, "1");
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "s = 'x\\ny'") != NULL, "not escaped:\n%s", got);
	free(got);
	ui_session_free(s);
	/* every view writes a string as Python's repr does: the queue in the
	 * side panel, the step table, the status line */
	s = open_text("q = Queue()\nthread A:\n    q.put(\"it's\\\\ok\")\n"
	    "thread B:\n    q.put(1)\n");
	press(s, "1t");
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "q: [\"it's\\\\ok\"]") != NULL &&
	    strstr(got, "1  q.put(\"it's\\\\ok\")") != NULL &&
	    strstr(got, "step 1: A q.put(\"it's\\\\ok\")") != NULL, "views differ:\n%s", got);
	free(got);
	ui_session_free(s);
}
END_TEST

/* Each pane tells what its thread holds: what its LOAD read and what its
 * STORE will write; the shared panel who wrote each value, and when. */
START_TEST(the_values_are_the_story)
{
	struct ui_session *s = open_scenario("lost-update");
	char *got;

	press(s, "12");
	got = screen(s, 160, 45);
	ck_assert_ptr_nonnull(strstr(got, "LOAD counter   read 0"));
	ck_assert_ptr_nonnull(strstr(got, "STORE counter  will write 1"));
	ck_assert_ptr_nonnull(strstr(got, "counter = 0  (initial)"));
	free(got);
	press(s, "12");
	got = screen(s, 160, 45);
	ck_assert_ptr_nonnull(strstr(got, "counter = 1  B@4, was 1"));
	free(got);
	ui_session_free(s);
	/* a local beside the line that set it */
	s = open_scenario("producer-consumer");
	press(s, "13");
	got = screen(s, 200, 60);
	ck_assert_msg(strstr(got, "mine += q.get() \xe2\x97\x80 0 1   mine = 1") != NULL, "no local beside its line:\n%s",
	    got);
	free(got);
	ui_session_free(s);
}
END_TEST

/* A list's pending step says what it will do to which list; the shared
 * panel shows lists as Python prints them and who changed them. */
START_TEST(list_steps_tell_their_story)
{
	struct ui_session *s = open_text("todo = [1, 2, 3]\ndone = []\nthread A:\n"
	    "    job = todo.pop()\n    done.append(job * 10)\nthread B:\n    done.append(0)\n");
	char *got;

	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "will append 0 to done") != NULL, "screen:\n%s", got);
	ck_assert_ptr_nonnull(strstr(got, "todo = [1, 2, 3]  (initial)"));
	free(got);
	press(s, "1");
	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "will append 30 to done") != NULL, "screen:\n%s", got);
	ck_assert_ptr_nonnull(strstr(got, "todo = [1, 2]  A@1"));
	free(got);
	ui_session_free(s);
}
END_TEST


/* A constant (a shared name no thread writes) is shown apart from the
 * live values, without a writer; reading it is no step. */
START_TEST(constants_are_shown_apart)
{
	struct ui_session *s = open_text("COUNT = 3\nSTEPS = [1, 2]\ntotal = 0\n"
	    "thread A:\n    for i in range(COUNT):\n        total += STEPS[1]\n"
	    "thread B:\n    total += COUNT\n");
	char *got;

	press(s, "12");
	got = screen(s, 80, 24);
	assert_screen(got, "constants-12");
	free(got);
	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "constants: COUNT = 3, STEPS = [1, 2]") != NULL,
	    "no constants line:\n%s", got);
	ck_assert_msg(strstr(got, "COUNT = 3  (initial)") == NULL &&
	    strstr(got, "total = 0  (initial)") != NULL, "constants mixed with the values:\n%s",
	    got);
	/* A read total (step 1), B read total (step 2): COUNT was no step */
	ck_assert_uint_eq(s->trace.nsteps, 2);
	ck_assert_int_eq(s->trace.steps[0].op, LANG_OP_LOAD);
	ck_assert_int_eq(s->trace.steps[1].op, LANG_OP_LOAD);
	free(got);
	ui_session_free(s);
}
END_TEST

/* What the run printed is on the screen, as it is written: the last lines
 * under "output", the newest at the bottom, the others counted. */
START_TEST(the_output_is_shown)
{
	struct ui_session *s = open_text("thread A:\n    for i in range(6):\n"
	    "        print('line', i)\nthread B:\n    print('bee')\n");
	char *got;

	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "output") != NULL && strstr(got, "(nothing printed yet)"),
	    "no empty output pane:\n%s", got);
	free(got);
	press(s, "22");		/* B: 'bee', then its newline */
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "│ bee ") != NULL, "B's line is not shown:\n%s", got);
	free(got);
	press(s, "1111");	/* A: 'line', ' ', '0', newline */
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "│ line 0 ") != NULL, "A's line is not shown:\n%s", got);
	free(got);
	press(s, "1111111111111111111");	/* up to 'line 5', but its newline */
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "output, last 4 of 7") != NULL &&
	    strstr(got, "│ line 5 ") != NULL && strstr(got, "│ line 2 ") != NULL &&
	    strstr(got, "│ line 1 ") == NULL && strstr(got, "│ bee ") == NULL,
	    "not the last four lines:\n%s", got);
	free(got);
	ui_session_free(s);
}
END_TEST

/* x and f: the explorer's and free-run's outcomes say what each printed,
 * so outcomes with the same values are told apart. */
START_TEST(the_outcomes_say_what_they_printed)
{
	struct ui_session *s = open_text("thread A:\n    print('a')\nthread B:\n"
	    "    print('b')\n");
	const struct timespec pause = { 0, 1000000 };
	char *got;
	int a, b, c;

	press(s, "x");
	ck_assert_ptr_nonnull(s->job);
	while (!ui_job_poll(s->job, &a, &b, &c))	/* the search's end, not a time */
		nanosleep(&pause, NULL);
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "ok, printed 'a\\nb\\n'") != NULL &&
	    strstr(got, "ok, printed 'ba\\n\\n'") != NULL, "no outputs:\n%s", got);
	free(got);
	ui_session_free(s);
}
END_TEST

/* Thread(...).start() in a loop makes a group of Thread objects: its pane
 * names the shown one as the thread list does, and its marks are keys. */
START_TEST(python_started_in_a_loop)
{
	struct ui_session *s = ui_session_new(0);
	char *file = xasprintf("%s/python/valid/daemon-workers-loop.py",
	    env_or("TESTS_SRCDIR", "tests"));
	char *got;

	ck_assert_msg(ui_session_open(s, file, "daemon-workers-loop", stderr), "cannot open %s",
	    file);
	free(file);
	press(s, "11");
	got = screen(s, 100, 30);
	ck_assert_msg(strstr(got, "code of Thread-1 (worker), \xe2\x97\x80 keys") != NULL,
	    "%s", got);
	ck_assert_ptr_null(strstr(got, "thread@"));
	free(got);
	ui_session_free(s);
}
END_TEST

/* A search cut short by the step limit says so, and is no pass; no
 * sample ran, so it says nothing of one. */
START_TEST(explore_bounded_by_the_step_limit)
{
	struct ui_session *s = open_text("x = 0\nthread A:\n    while True:\n"
	    "        x += 1\nthread B:\n    x = 0\n");
	const struct timespec pause = { 0, 1000000 };
	char *got;
	int a, b, c;

	press(s, "x");
	ck_assert_ptr_nonnull(s->job);
	while (!ui_job_poll(s->job, &a, &b, &c))	/* the search's end, not a time */
		nanosleep(&pause, NULL);
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "bounded by the step limit, 10000 steps: not every") != NULL,
	    "%s", got);
	ck_assert_ptr_null(strstr(got, "no schedule fails"));
	ck_assert_ptr_null(strstr(got, "schedules sampled"));
	free(got);
	ui_session_free(s);
}
END_TEST

/* The line of the screen below the timeline's title that starts with
 * prefix (a lane), copied; NULL if none. */
static char *
timeline_row(const char *screen_text, const char *prefix)
{
	const char *p = strstr(screen_text, " timeline ");

	for (p = p != NULL ? strchr(p, '\n') : NULL; p != NULL; p = strchr(p + 1, '\n'))
		if (strncmp(p + 1, prefix, strlen(prefix)) == 0)
			return xstrndup(p + 1, strcspn(p + 1, "\n"));
	return NULL;
}

/* The timeline labels each step with what it did, marks the two steps of
 * each race with its letter and names them in the legend. */
START_TEST(a_labelled_timeline)
{
	char *got = screen_after("lost-update", "1212", 80, 24), *lane;

	lane = timeline_row(got, "\xe2\x94\x82 A ");
	ck_assert_msg(lane != NULL && strstr(lane, "LOAD 0") != NULL &&
	    strstr(lane, "STORE 1!a") != NULL, "lane A:\n%s", got);
	free(lane);
	lane = timeline_row(got, "\xe2\x94\x82 B ");
	ck_assert_msg(lane != NULL && strstr(lane, "LOAD 0 !a") != NULL, "lane B:\n%s", got);
	free(lane);
	ck_assert_ptr_nonnull(strstr(got, "!a counter B@2/A@3"));
	ck_assert_ptr_nonnull(strstr(got, "holds a lock"));
	free(got);
}
END_TEST

/* A label too long for its column gives up its word first, then ends in
 * an ellipsis: a value cut short is never shown as if it were whole. */
START_TEST(a_cut_label_is_marked)
{
	struct ui_session *s = open_text("s = 'a'\nthread A:\n"
	    "    s = 'abcdefghijklmnopqrstuvwxyz'\nthread B:\n    s = 'b'\n");
	char *got, *lane;

	press(s, "12");
	got = screen(s, 80, 24);
	lane = timeline_row(got, "\xe2\x94\x82 A ");
	ck_assert_msg(lane != NULL && strstr(lane, "ST 'ab\xe2\x80\xa6") != NULL,
	    "lane A:\n%s", got);
	free(lane);
	lane = timeline_row(got, "\xe2\x94\x82 B ");
	ck_assert_msg(lane != NULL && strstr(lane, "ST 'b'") != NULL &&
	    strstr(lane, "\xe2\x80\xa6") == NULL, "lane B:\n%s", got);
	free(lane);
	free(got);
	ui_session_free(s);
}
END_TEST

/* At 80 columns the last 8 steps at least are labelled, and the newest
 * is on the screen. */
START_TEST(eight_steps_at_80_columns)
{
	struct ui_session *s = open_text("x = 0\nthread A:\n    for i in range(20):\n"
	    "        x += 1\n");
	char *got, *lane, *p;
	int labels = 0, k;

	for (k = 0; k < 30; k++)
		press(s, "1");
	got = screen(s, 80, 24);
	lane = timeline_row(got, "\xe2\x94\x82 A ");
	ck_assert_ptr_nonnull(lane);
	for (p = lane; (p = strstr(p, "LOAD ")) != NULL; p++)
		labels++;
	for (p = lane; (p = strstr(p, "STORE ")) != NULL; p++)
		labels++;
	ck_assert_msg(labels >= 8, "%d labels in the lane:\n%s", labels, got);
	ck_assert_msg(strstr(got, "30") != NULL, "step 30 is not on the ruler:\n%s", got);
	free(lane);
	free(got);
	ui_session_free(s);
}
END_TEST

/* The lecture screens, at three sizes each (issue 14). */
static const struct {
	const char *scenario, *keys, *golden;
} lecture_screens[] = {
	{ "lost-update", "12", "lost-update-12" },
	{ "lost-update", "1212", "lost-update-1212" },
	{ "producer-consumer", "1111", "producer-consumer" },
	{ "dining-philosophers", "12345", "dining-philosophers-deadlock" },
	{ "barrier", "123123", "barrier" },
	{ "semaphore-limit", "123", "semaphore-limit" },
};
static const int lecture_sizes[][2] = { { 80, 24 }, { 100, 30 }, { 160, 45 } };
#define NLECTURE (int)(sizeof(lecture_screens) / sizeof(lecture_screens[0]))

START_TEST(lecture_screen)
{
	int which = _i / 3, size = _i % 3, w = lecture_sizes[size][0], h = lecture_sizes[size][1];
	struct ui_session *s = open_scenario(lecture_screens[which].scenario);
	char *got, *golden = xasprintf("%s-%dx%d", lecture_screens[which].golden, w, h);

	press(s, lecture_screens[which].keys);
	got = screen(s, w, h);
	assert_screen(got, golden);
	/* at 80x24 nothing is cut: no code line, state or verdict ends in an
	 * ellipsis (the whole frame is checked) */
	if (w == 80)
		ck_assert_msg(strstr(got, "\xe2\x80\xa6") == NULL, "%s is cut short:\n%s", golden,
		    got);
	free(golden);
	free(got);
	ui_session_free(s);
}
END_TEST

#define TWO_WAITERS "c = Condition()\nthread A:\n    with c:\n        c.wait()\n" \
	"thread B:\n    with c:\n        c.wait()\nthread N:\n    with c:\n        c.notify()\n"

/* A notify that can wake A or B asks which; 2 wakes B, who waited less
 * long; Enter takes Python's choice, the longest waiting. */
START_TEST(notify_asks_which_waiter)
{
	struct ui_session *s = open_text(TWO_WAITERS);
	char *got;

	press(s, "112233");
	ck_assert_int_eq(s->overlay, UI_OVERLAY_CHOICE);
	ck_assert_uint_eq(s->trace.nsteps, 5);
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "N: c.notify() wakes which?"));
	ck_assert_ptr_nonnull(strstr(got, "1  A  (waiting longest: Python's choice)"));
	ck_assert_ptr_nonnull(strstr(got, "2  B"));
	free(got);
	press(s, "2");
	ck_assert_int_eq(s->overlay, UI_OVERLAY_NONE);
	ck_assert_uint_eq(s->trace.nsteps, 6);
	ck_assert_str_eq(s->trace.steps[5].woken, "B");
	ui_session_free(s);
	s = open_text(TWO_WAITERS);
	press(s, "112233\n");
	ck_assert_str_eq(s->trace.steps[5].woken, "A");
	ui_session_free(s);
}
END_TEST

/* Once the threads have finished, e shows each one's last step's
 * micro-operations, with what they read and wrote. */
START_TEST(expand_after_the_end)
{
	char *got = screen_after("lost-update", "1212e", 160, 45);

	ck_assert_msg(strstr(got, "LOAD counter   read 0") != NULL &&
	    strstr(got, "ADD 1") != NULL && strstr(got, "STORE counter  wrote 1") != NULL,
	    "no micro-operations after the end:\n%s", got);
	free(got);
}
END_TEST

/* Every bundled scenario, at its start and after a few steps, at 80x24:
 * no code line, state, value or verdict is cut with an ellipsis (the
 * timeline, where a long value ends in one, is left out). */
START_TEST(nothing_cut_at_80x24)
{
	static const char *const keys[] = { "", "1212", "123123123", "1234512345" };
	const char *dir = env_or("SCENARIOS_DIR", "scenarios");
	DIR *d = opendir(dir);
	struct dirent *e;
	int checked = 0;
	size_t k;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char *name;

		if (len < 6 || strcmp(e->d_name + len - 5, ".race") != 0)
			continue;
		name = xstrndup(e->d_name, len - 5);
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			char *got = screen_after(name, keys[k], 80, 24);
			char *lower = strstr(got, " timeline ");
			char *rule = lower != NULL ? strstr(lower, "? help ") : NULL;

			ck_assert_ptr_nonnull(rule);
			*lower = '\0';		/* the panes and the side panel */
			ck_assert_msg(strstr(got, "\xe2\x80\xa6") == NULL &&
			    strstr(rule, "\xe2\x80\xa6") == NULL, "%s after '%s' is cut:\n%s",
			    name, keys[k], got);
			free(got);
			checked++;
		}
		free(name);
	}
	closedir(d);
	ck_assert_int_ge(checked, 80);
}
END_TEST

/* Twelve threads of their own do not fit as panes at 80x24: a list, a
 * row a thread, and the selected one's code under it; a click on a row
 * picks its thread. */
START_TEST(a_thread_list_when_panes_do_not_fit)
{
	struct strbuf text = { 0 };
	struct ui_session *s;
	char *got;
	int i;

	strbuf_puts(&text, "x = 0\nm = Lock()\n");
	for (i = 0; i < 12; i++)
		strbuf_printf(&text, "thread T%d:\n    with m:\n        x += 1\n", i);
	s = open_text(strbuf_str(&text));
	press(s, "13");
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "1  T0 runnable") != NULL &&
	    strstr(got, "3  T2 waits for m held by T0") != NULL &&
	    strstr(got, " code of T2 ") != NULL, "no thread list:\n%s", got);
	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 10, 4), 3);
	free(got);
	ui_session_free(s);
	strbuf_free(&text);
}
END_TEST

/* The lecture's 100 threads and more: the list scrolls to the selection,
 * select + Enter reaches thread 100, and explore says it cannot search
 * that many threads. */
START_TEST(a_hundred_and_twenty_eight_threads)
{
	struct ui_session *s = open_text("counter = 0\nm = Lock()\nb = Barrier(128)\n"
	    "thread w[128]:\n    with m:\n        counter += 1\n    b.wait()\n");
	char *got;
	int i;

	ck_assert_int_eq(s->prog->nthreads, 128);
	for (i = 0; i < 100; i++)
		ui_session_key(s, UI_KEY_RIGHT);
	ck_assert_int_eq(s->selected, 100);
	press(s, "\n");
	ck_assert_int_eq(s->trace.nsteps, 1);
	ck_assert_int_eq(s->trace.steps[0].thread, 100);
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "w[100] runnable") != NULL &&
	    strstr(got, "w[0] waits") == NULL, "the list did not scroll to w[100]:\n%s", got);
	/* a click on a row of the scrolled list picks that row's thread */
	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 10, 6), 100);
	free(got);
	/* h from the first wraps to the last: the list ends there and says
	 * how many it leaves out above */
	for (i = 0; i <= 100; i++)
		ui_session_key(s, 'h');
	ck_assert_int_eq(s->selected, 127);
	got = screen(s, 80, 24);
	ck_assert_msg(strstr(got, "w[127] waits for m held by w[100]") != NULL &&
	    strstr(got, "117 more: h and l select them") != NULL,
	    "the list did not end at w[127]:\n%s", got);
	free(got);
	press(s, "x");
	ck_assert_ptr_null(s->job);
	ck_assert_ptr_nonnull(strstr(s->message, "at most 64 threads; this one has 128"));
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

/* Issue 17: a thread whose call can time out is runnable, and its pane
 * says that its next step times out and what it waits for; stepping it
 * shows the timeout in the timeline's step. */
START_TEST(a_timeout_is_a_step_to_take)
{
	struct ui_session *s = open_text("m = Lock()\ngot = 5\nthread A:\n    m.acquire()\n"
	    "thread B:\n    got = m.acquire(timeout=0.5)\n");
	char *got;

	press(s, "1");
	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "2 B runnable (next: times out; it waits for m held by A)")
	    != NULL, "B's pane:\n%s", got);
	free(got);
	press(s, "2");
	got = screen(s, 160, 45);
	ck_assert_msg(strstr(got, "m.acquire times out") != NULL, "no timeout step:\n%s", got);
	ck_assert_int_eq(s->trace.nsteps, 2);
	free(got);
	ui_session_free(s);
}
END_TEST

/* ---- tours and challenges ---- */

START_TEST(tour_steps_with_captions)
{
	struct ui_session *s = open_scenario("lost-update");
	char *got;

	press(s, "1");			/* a step before: g starts afresh */
	press(s, "g");
	ck_assert_uint_eq(s->trace.nsteps, 0);
	ck_assert_str_eq(s->message, "tour \"The lost update\", 4 steps: Enter or "
	    "Space takes the next, u goes back, Esc leaves");
	press(s, "\n");
	ck_assert_uint_eq(s->trace.nsteps, 1);
	ck_assert_str_eq(s->message, "1/4  A loads counter into its own register: 0");
	press(s, " ");
	ck_assert_uint_eq(s->trace.nsteps, 2);
	ck_assert_int_eq(s->trace.schedule.entries[1].thread, 1);
	ck_assert(!s->playing);
	got = screen(s, 80, 24);
	assert_screen(got, "lost-update-tour-2");
	free(got);
	press(s, "u");			/* back: the caption before */
	ck_assert_uint_eq(s->trace.nsteps, 1);
	ck_assert_str_eq(s->message, "1/4  A loads counter into its own register: 0");
	press(s, "\n\n\n");
	ck_assert_uint_eq(s->trace.nsteps, 4);
	ck_assert_str_eq(s->message, "4/4  A adds 1 to the 0 it loaded and stores 1 "
	    "over B's 1: B's update is lost");
	press(s, "\n");			/* past the end: nothing more */
	ck_assert_uint_eq(s->trace.nsteps, 4);
	ck_assert_str_eq(s->message, "the end of the tour \"The lost update\": u goes "
	    "back, Esc leaves it");
	ui_session_key(s, UI_KEY_ESCAPE);
	ck_assert(!s->quit);
	ck_assert_str_eq(s->message, "left the tour: g takes it again");
	press(s, "u\n");		/* Enter is the usual step again */
	ck_assert_uint_eq(s->trace.nsteps, 4);
	ck_assert_str_eq(s->message, "");
	ui_session_free(s);
}
END_TEST

START_TEST(a_step_of_your_own_leaves_the_tour)
{
	struct ui_session *s = open_scenario("deadlock");

	press(s, "g1");			/* A's step is the tour's first */
	ck_assert_str_eq(s->message, "1/2  A takes m1; next it wants m2");
	press(s, "1");			/* the tour's second is B's */
	ck_assert_str_eq(s->message, "you left the tour \"Each holds what the other "
	    "wants\": g takes it again");
	press(s, "\n");
	ck_assert_uint_eq(s->trace.nsteps, 3);	/* Enter steps the selected one */
	ui_session_free(s);
}
END_TEST

START_TEST(tour_picker_and_no_tours)
{
	struct ui_session *s = open_text("x = 0\nthread A:\n    x = 1\nthread B:\n"
	    "    x = 2\ntour \"a first\":\n    A: \"A writes\"\n"
	    "tour \"b first\":\n    B: \"B writes\"\n    A: \"A writes\"\n");

	press(s, "g");
	ck_assert_str_eq(s->message, "take which tour?  1 a first  2 b first");
	press(s, "2\n");
	ck_assert_int_eq(s->trace.schedule.entries[0].thread, 1);
	ck_assert_str_eq(s->message, "1/2  B writes");
	press(s, "gq");			/* no digit: no tour, and q does not quit */
	ck_assert(!s->quit);
	ck_assert_str_eq(s->message, "no tour taken");
	ui_session_free(s);
	s = open_scenario("lost-update-atomic");
	press(s, "g");
	ck_assert(s->message_is_error);
	ck_assert_str_eq(s->message, "this scenario has no tours (lockstep-scenario(5) "
	    "says how to write one)");
	ui_session_free(s);
}
END_TEST

START_TEST(challenge_says_when_the_goal_is_reached)
{
	struct ui_session *s = open_scenario("challenge-3-deadlock");

	ck_assert_str_eq(s->message, "challenge: goal: deadlock  (step 0)");
	press(s, "11");
	ck_assert_str_eq(s->message, "challenge: goal: deadlock  (step 2)");
	press(s, "uu12");
	ck_assert_str_eq(s->message, "goal reached in 2 steps, the fewest possible!");
	press(s, "t");			/* said once: then the verdict shows */
	ck_assert_str_eq(s->message, "");
	ui_session_free(s);

	s = open_scenario("challenge-1-lost-update");
	/* A's first round, A loads 1, B's two rounds, A stores 2: a win in
	 * 8 steps, the fewest there are. */
	press(s, "11122221");
	ck_assert_str_eq(s->message, "goal reached in 8 steps, the fewest possible!");
	ui_session_free(s);

	s = open_scenario("challenge-2-check-then-act");
	press(s, "112");		/* one clerk after the other: no win */
	ck_assert(s->message_is_error);
	ck_assert_str_eq(s->message, "goal not reached (sold == 2), after 3 steps: "
	    "u undoes a step, r restarts");
	ui_session_free(s);

	s = open_scenario("challenge-4-condition-if");
	/* The reader waits first: a win, but not the shortest. */
	press(s, "4441111112224444333333222");
	ck_assert_msg(strncmp(s->message, "goal reached in ", 16) == 0, "%s", s->message);
	ck_assert_ptr_nonnull(strstr(s->message, "; the fewest possible is 23"));
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
	char *got = screen_after("producer-consumer", "1111", 100, 30);

	ck_assert_ptr_nonnull(strstr(got, "q: [1, 2] 2/2  waits:"));
	ck_assert_ptr_nonnull(strstr(got, "  producer[1]"));
	ck_assert_ptr_nonnull(strstr(got, "m: free"));
	free(got);
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
	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 30, 4), 1);
	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 70, 3), -1);	/* shared panel */
	ck_assert_int_eq(ui_layout_thread_at(s, 80, 24, 5, 14), -1);	/* timeline */
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
	/* a Python program, which has no expect, that can end three ways */
	got = explored_screen("python/counter-race.py", false);
	ck_assert_ptr_nonnull(strstr(got, "no schedule fails, but they end 3 ways"));
	free(got);
	/* stopped before it was exhaustive: not a pass */
	got = explored_screen("semaphore-limit", true);
	ck_assert_ptr_null(strstr(got, "no schedule fails"));
	ck_assert_ptr_nonnull(strstr(got, "not proven: no failure in "));
	ck_assert_ptr_nonnull(strstr(got, "(bounded by a cancel)"));
	ck_assert_ptr_nonnull(strstr(got, "bounded by a cancel: not every schedule was "
	    "searched"));
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
		ui_session_key(s, s->picker_selected < 7 ? UI_KEY_DOWN : UI_KEY_UP);
	ui_session_key(s, '\n');
	ck_assert_int_eq(s->overlay, UI_OVERLAY_NONE);
	ck_assert_str_eq(s->name, "deadlock");
	ui_session_free(s);
}
END_TEST

/* Typing in the picker keeps the scenarios whose name or title holds it;
 * Backspace and Esc take it back. */
START_TEST(picker_type_to_search)
{
	struct ui_session *s = open_scenario("lost-update");
	char *got;

	setenv("LOCKSTEP_PATH", env_or("SCENARIOS_DIR", "scenarios"), 1);
	ui_session_key(s, 'o');
	press(s, "PHILO");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "search: PHILO_"));
	ck_assert_ptr_nonnull(strstr(got, "dining-philosophers "));
	ck_assert_ptr_nonnull(strstr(got, "dining-philosophers-waiter"));
	ck_assert_ptr_null(strstr(got, "lost-update-lock"));
	free(got);
	ui_session_key(s, UI_KEY_DOWN);
	ck_assert_str_eq(s->picker[s->picker_selected].name, "dining-philosophers-waiter");
	press(s, "xyz");
	got = screen(s, 80, 24);
	ck_assert_ptr_nonnull(strstr(got, "no scenario matches"));
	free(got);
	ui_session_key(s, UI_KEY_ESCAPE);	/* clears the search */
	ck_assert_int_eq(s->overlay, UI_OVERLAY_PICKER);
	press(s, "deadl");
	ui_session_key(s, UI_KEY_BACKSPACE);
	ck_assert_str_eq(s->picker_query, "dead");
	ui_session_key(s, '\n');
	ck_assert_str_eq(s->name, "deadlock");
	ui_session_free(s);
}
END_TEST

/* The bundled Python programs that compile are in the picker, after the
 * .race scenarios, as python/NAME; the class made in main() too. */
START_TEST(picker_holds_the_python_programs)
{
	struct ui_session *s = open_scenario("lost-update");
	size_t i;
	bool class_program = false;

	setenv("LOCKSTEP_PATH", env_or("SCENARIOS_DIR", "scenarios"), 1);
	ui_session_key(s, 'o');
	ck_assert_str_eq(s->picker[s->npicker - 1].name, "python/thread-subclass");
	for (i = 0; i < s->npicker; i++)
		class_program |= strcmp(s->picker[i].name, "python/pool-semaphore") == 0;
	ck_assert(class_program);
	press(s, "python/lock-arg");
	ui_session_key(s, '\n');
	ck_assert_int_eq(s->overlay, UI_OVERLAY_NONE);
	ck_assert_ptr_nonnull(strstr(s->prog->title, "made in main()"));
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
	tcase_add_test(screens, picker_holds_the_python_programs);
	tcase_add_test(screens, opening_screen_80x24);
	tcase_add_test(screens, opening_screen_132x40);
	tcase_add_test(screens, lost_update_after_1212);
	tcase_add_test(screens, undo_gives_the_previous_screen_exactly);
	tcase_add_test(screens, deadlock_screen);
	tcase_add_test(screens, call_stack_screen);
	tcase_add_test(screens, stepping_a_blocked_thread_says_why);
	tcase_add_test(screens, a_timeout_is_a_step_to_take);
	tcase_add_test(screens, the_verdict_stays);
	tcase_add_test(screens, a_thread_list_when_panes_do_not_fit);
	tcase_add_test(screens, a_hundred_and_twenty_eight_threads);
	tcase_add_test(screens, nothing_cut_at_80x24);
	tcase_add_test(screens, expand_after_the_end);
	tcase_add_test(screens, notify_asks_which_waiter);
	tcase_add_loop_test(screens, lecture_screen, 0, NLECTURE * 3);
	tcase_add_test(screens, a_labelled_timeline);
	tcase_add_test(screens, eight_steps_at_80_columns);
	tcase_add_test(screens, a_cut_label_is_marked);
	tcase_add_test(screens, the_values_are_the_story);
	tcase_add_test(screens, list_steps_tell_their_story);
	tcase_add_test(screens, constants_are_shown_apart);
	tcase_add_test(screens, the_output_is_shown);
	tcase_add_test(screens, the_outcomes_say_what_they_printed);
	tcase_add_test(screens, thread_states_after_an_assertion);
	tcase_add_test(screens, a_pending_raise_is_shown);
	tcase_add_test(screens, a_python_thread_dies);
	tcase_add_test(screens, header_shows_who_is_in_charge);
	tcase_add_test(screens, a_wide_title_fits_the_header);
	tcase_add_test(screens, wrapping_counts_columns);
	tcase_add_test(screens, python_call_stack_screen);
	tcase_add_test(screens, python_loop_over_threads_shows_the_thread);
	tcase_add_test(screens, explore_bounded_by_the_step_limit);
	tcase_add_test(screens, python_started_in_a_loop);
	tcase_add_test(screens, python_idle_thread_shows_its_target);
	tcase_add_test(screens, thread_list_counts_the_threads_it_leaves_out);
	tcase_add_test(screens, python_class_screen);
	tcase_add_test(screens, strings_are_shown_escaped);
	tcase_add_test(screens, help_screen);
	tcase_add_test(screens, tour_steps_with_captions);
	tcase_add_test(screens, a_step_of_your_own_leaves_the_tour);
	tcase_add_test(screens, tour_picker_and_no_tours);
	tcase_add_test(screens, challenge_says_when_the_goal_is_reached);
	tcase_add_test(screens, help_fits_80_columns);
	tcase_add_test(screens, too_small_screen);
	tcase_add_test(screens, expanded_micro_operations);
	tcase_add_test(screens, step_table_view);
	tcase_add_test(screens, primitives_panel);
	tcase_add_test(screens, man_page_lists_every_key);
	tcase_add_test(screens, picker_opens_a_scenario);
	tcase_add_test(screens, picker_type_to_search);
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
