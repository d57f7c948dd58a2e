/* test_limits.c - every runtime limit the manual documents, crossed.
 *
 * Each test runs the real binary (cli.h) just past one limit and expects
 * the documented diagnostic or verdict: never a crash, a hang or an
 * out-of-memory kill.  The limits of the scenario language (file size,
 * line length, nesting, threads, names, arrays, strings, instructions) are
 * crossed by test_hostile and the tests/bad corpus; the explorer's state
 * bound also by test_explore.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "engine/freerun.h"
#include "explore/explore.h"
#include "lang/limits.h"
#include "model/model.h"
#include "trace/file.h"
#include "trace/trace.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char endless_loop[] =
    "x = 0\n"
    "thread A:\n"
    "    while True:\n"
    "        x += 1\n";

static char *
number(long n)
{
	return xasprintf("%ld", n);
}

/* Every numeric option, one past its bound: a usage error naming it. */
static const struct bound {
	const char *verb, *option;
	long over;
	const char *message;
} bounds[] = {
	{ "run", "--max-steps", MODEL_MAX_STEPS_LIMIT + 1L,
	  "--max-steps takes a number from 1 to 100000000" },
	{ "explore", "--max-steps", MODEL_MAX_STEPS_LIMIT + 1L,
	  "--max-steps takes a number from 1 to 100000000" },
	{ "free", "--max-steps", MODEL_MAX_STEPS_LIMIT + 1L,
	  "--max-steps takes a number from 1 to 100000000" },
	{ "run", "--max-steps", 0, "--max-steps takes a number from 1" },
	{ "free", "--runs", FREERUN_MAX_RUNS + 1L, "--runs takes a number from 1 to 10000000" },
	{ "free", "--timeout", FREERUN_MAX_TIMEOUT_MS + 1L,
	  "--timeout takes milliseconds from 1 to 3600000" },
	{ "free", "--run-limit", FREERUN_MAX_TIMEOUT_MS + 1L,
	  "--run-limit takes milliseconds from 1 to 3600000" },
	{ "explore", "--jobs", EXPLORE_MAX_JOBS + 1L, "--jobs" },
	{ "explore", "--preemptions", EXPLORE_MAX_PREEMPTIONS + 1L, "--preemptions" },
	{ "explore", "--max-states", 0, "--max-states" },
	{ "explore", "--max-memory", EXPLORE_MAX_MEMORY_MB + 1L,
	  "--max-memory takes a number of MiB from 1 to 1048576" },
};

START_TEST(option_bound)
{
	const struct bound *b = &bounds[_i];
	char *value = number(b->over);
	struct run r = run_lockstep(b->verb, "lost-update", b->option, value);

	ck_assert_msg(r.status == 2, "%s %s %s: status %d", b->verb, b->option, value,
	    r.status);
	assert_contains(r.err, b->message);
	run_free(&r);
	free(value);
}
END_TEST

/* --- steps ------------------------------------------------------------- */

START_TEST(step_limit_ends_an_endless_loop_in_every_verb)
{
	char *file = write_scratch_file("loop.race", endless_loop);
	struct run r;

	r = run_lockstep("run", file, "--summary");
	ck_assert_int_eq(r.status, 4);	/* stopped, not failed */
	assert_contains(r.out, "verdict: no progress: the step limit (10000 steps) was "
	    "reached");
	run_free(&r);
	r = run_lockstep("explore", file);
	ck_assert_int_eq(r.status, 4);	/* cut short, not judged */
	assert_contains(r.out, "no progress");
	assert_contains(r.out, "bounded by the step limit, 10000 steps");
	run_free(&r);
	r = run_lockstep("free", file, "--runs", "2", "--max-steps", "5000");
	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "the step limit (5000 steps)");
	run_free(&r);
	free(file);
}
END_TEST

/* A step computes at most 100000 local instructions. */
START_TEST(local_instructions_per_step)
{
	char *file = write_scratch_file("spin.race",
	    "x = 0\nthread A:\n    while True:\n        pass\n");
	struct run r = run_lockstep("run", file, "--summary");

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "A computes for 100000 instructions without a visible");
	run_free(&r);
	free(file);
}
END_TEST

/* Recursion past LANG_MAX_CALL_DEPTH calls raises RecursionError in
 * every verb, at the call that crosses it; so does a call for which the
 * thread's frame (LANG_MAX_FRAME_SLOTS values) has no room, though
 * shallower. */
START_TEST(call_depth)
{
	struct strbuf text = { 0 };
	struct run r;
	char *file;
	int i;

	file = write_scratch_file("deep.race",
	    "n = 0\n"
	    "def down(k):\n"
	    "    if k > 0:\n"
	    "        down(k - 1)\n"
	    "thread A:\n"
	    "    down(64)\n"
	    "    n = 1\n");
	r = run_lockstep("run", file, "--summary");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "RecursionError: maximum recursion depth exceeded");
	run_free(&r);
	r = run_lockstep("explore", file);
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "RecursionError: maximum recursion depth exceeded");
	run_free(&r);
	r = run_lockstep("free", file, "--runs=3");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "RecursionError");
	run_free(&r);
	/* the verdict says the depth is lockstep's limit, not CPython's, in
	 * the model and on real threads */
	r = run_lockstep("run", file, "--format", "json");
	assert_contains(r.out, "\"RecursionError: maximum recursion depth exceeded "
	    "(lockstep's limits: 64 calls under way in a thread, 4096 values in their "
	    "frames; CPython's depth is about 1000)\"");
	run_free(&r);
	r = run_lockstep("free", file, "--runs=2", "--format", "json");
	assert_contains(r.out, "(lockstep's limits: 64 calls under way in a thread");
	run_free(&r);
	free(file);
	/* in a .py file too, while str(e) of a caught one stays CPython's */
	file = write_scratch_file("deep.py",
	    "def down(k):\n"
	    "    if k > 0:\n"
	    "        down(k - 1)\n"
	    "try:\n"
	    "    down(70)\n"
	    "except RecursionError as e:\n"
	    "    print(e)\n"
	    "down(70)\n");
	r = run_lockstep("run", file, "--format", "json");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "\"output\": \"maximum recursion depth exceeded\\n\"");
	assert_contains(r.out, "exceeded (lockstep's limits: 64 calls");
	run_free(&r);
	free(file);
	ck_assert_int_eq(LANG_MAX_CALL_DEPTH, 64);
	/* 100 locals a call: 40 calls fill a frame of 4096 values */
	strbuf_printf(&text, "n = 0\ndef wide(k):\n");
	for (i = 0; i < 100; i++)
		strbuf_printf(&text, "    l%d = k\n", i);
	strbuf_printf(&text, "    if k > 0:\n        wide(k - 1)\nthread A:\n    wide(50)\n"
	    "    n = 1\n");
	file = write_scratch_file("wide.race", strbuf_str(&text));
	r = run_lockstep("run", file, "--summary");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "RecursionError: maximum recursion depth exceeded");
	run_free(&r);
	free(file);
	strbuf_free(&text);
}
END_TEST

/* A thread's frame, calls and all, is on its own stack: under a small
 * `ulimit -s` (the default stack of new threads) the engine's and
 * free-run's threads still get stacks it fits in (ENGINE_MIN_STACK). */
START_TEST(small_stack_limit)
{
	struct rlimit small = { 64 * 1024, RLIM_INFINITY }, old;
	char *file = write_scratch_file("deep.race",
	    "n = 0\n"
	    "def down(k):\n"
	    "    if k > 0:\n"
	    "        down(k - 1)\n"
	    "thread A:\n"
	    "    down(60)\n"
	    "    n = 1\n"
	    "thread B:\n"
	    "    n = 2\n");
	struct run r;

	ck_assert_int_eq(getrlimit(RLIMIT_STACK, &old), 0);
	small.rlim_max = old.rlim_max;
	if (small.rlim_max != RLIM_INFINITY && small.rlim_max < small.rlim_cur)
		small.rlim_cur = small.rlim_max;
	ck_assert_int_eq(setrlimit(RLIMIT_STACK, &small), 0);	/* for the children */
	r = run_lockstep("run", file, "--summary");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "verdict: ok");
	run_free(&r);
	r = run_lockstep("free", file, "--runs=5");
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	setrlimit(RLIMIT_STACK, &old);
	free(file);
}
END_TEST

/* --- traces ------------------------------------------------------------ */

/* A run longer than the trace keeps is run to its end, but not saved. */
START_TEST(trace_length)
{
	char *file = write_scratch_file("loop.race", endless_loop);
	char *steps = number(TRACE_MAX_STEPS + 1);
	char *out = xasprintf("%s/long.trace", scratch);
	char *part = xasprintf("%s.part", out);
	struct run r = run_lockstep("run", file, "--summary", "--max-steps", steps,
	    "--trace", out);

	ck_assert_int_eq(r.status, 2);
	assert_contains(r.out, "the step limit (1000001 steps)");
	assert_contains(r.err, "cannot save a trace of more than 1000000 steps");
	ck_assert_int_ne(access(out, F_OK), 0);
	ck_assert_int_ne(access(part, F_OK), 0);
	run_free(&r);
	free(file);
	free(steps);
	free(out);
	free(part);
}
END_TEST

/* A trace file over the size limit is refused before it is read. */
START_TEST(trace_file_size)
{
	char *path = write_scratch_file("huge.trace", "lockstep-trace 1\n");
	int fd = open(path, O_WRONLY);
	struct run r;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)TRACE_FILE_MAX_BYTES + 1), 0);
	close(fd);
	r = run_lockstep("replay", "--headless", path);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "larger than 67108864 bytes; not a trace");
	run_free(&r);
	free(path);
}
END_TEST

/* --- the model's bounded structures ------------------------------------ */

START_TEST(queue_items)
{
	char *file = write_scratch_file("queue.race",
	    "q = Queue()\nthread A:\n    for i in range(70):\n        q.put(i)\n");
	struct run r = run_lockstep("run", file, "--summary");

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "MemoryError: a Queue holds at most 64 items");
	run_free(&r);
	free(file);
}
END_TEST

START_TEST(races_reported)
{
	struct strbuf text = { 0 };
	const char *p;
	char *file;
	struct run r;
	int i, t, warnings = 0;

	for (i = 0; i < MODEL_MAX_RACES + 8; i++)
		strbuf_printf(&text, "v%d = 0\n", i);
	for (t = 1; t <= 2; t++) {
		strbuf_printf(&text, "thread T%d:\n", t);
		for (i = 0; i < MODEL_MAX_RACES + 8; i++)
			strbuf_printf(&text, "    v%d = %d\n", i, t);
	}
	file = write_scratch_file("races.race", text.buf);
	r = run_lockstep("run", file, "--summary");
	ck_assert_int_eq(r.status, 0);
	for (p = r.out; (p = strstr(p, "warning: data race")) != NULL; p++)
		warnings++;
	ck_assert_int_eq(warnings, MODEL_MAX_RACES);
	assert_contains(r.out, "(at most 32 data races are reported per run; there may "
	    "be more)");
	run_free(&r);
	strbuf_free(&text);
	free(file);
}
END_TEST

/* --- free-run ----------------------------------------------------------- */

/* A run that sleeps forever is ended by the run limit. */
START_TEST(free_run_limit)
{
	char *file = write_scratch_file("sleepy.race",
	    "thread A:\n    while True:\n        sleep(50)\n");
	struct run r = run_lockstep("free", file, "--runs", "2", "--run-limit", "300");

	ck_assert_int_eq(r.status, 4);	/* stopped, not failed */
	assert_contains(r.out, "stopped at the run limit (300 ms) with threads still running");
	assert_contains(r.out, "2 of 2 runs were stopped at the run limit (300 ms)");
	run_free(&r);
	free(file);
}
END_TEST

/* --- threads ------------------------------------------------------------ */

/* LANG_MAX_WORKERS threads (the lecture's 100 and more): a Lock, a
 * Barrier of them all, an RWLock with as many readers and a Condition with
 * as many waiters, in sets wider than one word.  run and free take them;
 * explore, whose sets are one word, says it cannot and exits 2. */
static char *
many_threads_file(void)
{
	char *text = xasprintf(
	    "counter = 0\nwoken = 0\ngo = False\nm = Lock()\nb = Barrier(%d)\n"
	    "rw = RWLock()\nc = Condition()\n"
	    "thread w[%d]:\n"
	    "    with m:\n        counter += 1\n"
	    "    b.wait()\n"
	    "    rw.acquire_read()\n    seen = counter\n    rw.release_read()\n"
	    "    assert seen == %d, \"passed the barrier early\"\n"
	    "    with c:\n"
	    "        if tid == %d:\n            go = True\n            c.notify_all()\n"
	    "        else:\n            while not go:\n                c.wait()\n"
	    "        woken += 1\n"
	    "expect counter == %d\nexpect woken == %d\n",
	    LANG_MAX_WORKERS, LANG_MAX_WORKERS, LANG_MAX_WORKERS, LANG_MAX_WORKERS - 1,
	    LANG_MAX_WORKERS, LANG_MAX_WORKERS);
	char *file = write_scratch_file("many.race", text);

	free(text);
	return file;
}

START_TEST(threads_at_the_limit)
{
	char *file = many_threads_file(), *want = xasprintf("counter = %d", LANG_MAX_WORKERS);
	struct run r = run_lockstep("run", file, "--summary");

	ck_assert_int_eq(LANG_MAX_WORKERS, 128);
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, want);
	assert_contains(r.out, "woken = 128");
	assert_contains(r.out, "verdict: ok");
	run_free(&r);
	/* round-robin, every thread waits on c before the last notifies:
	 * waiters in both words of the set, and woken = 128 says each of them
	 * came back */
	r = run_lockstep("run", file, "--format", "json");
	assert_contains(r.out, "c.notify_all() wakes w[0], w[1], w[2], w[3], w[4], w[5] "
	    "and 121 others\"");
	run_free(&r);
	r = run_lockstep("run", file, "--summary", "--policy", "random", "--seed", "7");
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	r = run_lockstep("free", file, "--runs", "5");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "No run of 5 showed a bug.");
	run_free(&r);
	r = run_lockstep("explore", file);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "has 128 threads; explore searches scenarios of at most 64 "
	    "(run and free take 128 and the main thread)");
	run_free(&r);
	free(want);
	free(file);
}
END_TEST

/* run (round-robin) ends ok with want in its summary, and `free --runs 3`
 * sees no bug. */
static void
assert_run_and_free_pass(const char *file, const char *want)
{
	struct run r = run_lockstep("run", file, "--summary");

	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, want);
	assert_contains(r.out, "verdict: ok");
	run_free(&r);
	r = run_lockstep("free", file, "--runs", "3");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, "No run of 3 showed a bug.");
	run_free(&r);
}

/* main and LANG_MAX_WORKERS workers it starts one by one (each made
 * when started; main is thread 128, in a set's third word) and joins: run
 * and free take them, whatever the schedule, as CPython runs the lecture's
 * start-them-all, join-them-all loop. */
START_TEST(threads_started_by_main_at_the_limit)
{
	char *text = xasprintf("counter = 0\nm = Lock()\nthread w[%d]:\n"
	    "    with m:\n        counter += 1\n"
	    "main:\n    for i in range(%d):\n        w[i].start()\n"
	    "    for i in range(%d):\n        w[i].join()\n"
	    "expect counter == %d\n", LANG_MAX_WORKERS, LANG_MAX_WORKERS,
	    LANG_MAX_WORKERS, LANG_MAX_WORKERS);
	char *file = write_scratch_file("started.race", text);
	char *want = xasprintf("counter = %d", LANG_MAX_WORKERS);
	struct run r;

	assert_run_and_free_pass(file, want);
	r = run_lockstep("run", file, "--summary", "--policy", "random", "--seed", "3");
	ck_assert_int_eq(r.status, 0);
	assert_contains(r.out, want);
	run_free(&r);
	free(want);
	free(file);
	free(text);
}
END_TEST

/* A Python program's LANG_MAX_WORKERS Thread objects, the lecture's
 * [Thread(...) for _ in range(128)], besides MainThread: run, a schedule
 * that names the last of them, and free take them; one more is a
 * diagnostic. */
START_TEST(python_threads_at_the_limit)
{
	static const char body[] = "import threading\n\nlast = -1\n\n\n"
	    "def work(n):\n    global last\n    last = n\n\n\n"
	    "threads = [threading.Thread(target=work, args=(i,)) for i in range(%d)]\n"
	    "for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n"
	    "print(last)\n";
	char *text = xasprintf(body, LANG_MAX_WORKERS), *file, *over, *schedule, *want;
	struct strbuf sb = { 0 };
	struct run r;
	int i;

	file = write_scratch_file("workers.py", text);
	free(text);
	want = xasprintf("output: %d", LANG_MAX_WORKERS - 1);
	assert_run_and_free_pass(file, want);
	/* main starts every thread, then the last one made runs first */
	for (i = 0; i < LANG_MAX_WORKERS; i++)
		strbuf_puts(&sb, "MainThread,");
	strbuf_printf(&sb, "Thread-%d (work)", LANG_MAX_WORKERS);
	schedule = strbuf_detach(&sb);
	r = run_lockstep("run", file, "--schedule", schedule, "--format", "json");
	ck_assert_int_eq(r.status, 0);
	free(want);
	want = xasprintf("{\"step\": %d, \"thread\": \"Thread-%d (work)\", "
	    "\"action\": \"STORE last = %d\"", LANG_MAX_WORKERS + 1, LANG_MAX_WORKERS,
	    LANG_MAX_WORKERS - 1);
	assert_contains(r.out, want);
	run_free(&r);
	text = xasprintf(body, LANG_MAX_WORKERS + 1);
	over = write_scratch_file("over.py", text);
	r = run_lockstep("check", over);
	ck_assert_int_eq(r.status, 2);
	assert_contains(r.err, "error: a loop makes 1 to 128 threads, not 129");
	run_free(&r);
	free(text);
	free(over);
	free(schedule);
	free(want);
	free(file);
}
END_TEST

/* 128 readers each wait to write: a deadlock whose reason names a few
 * holders and counts the rest, in run and in free-run alike. */
START_TEST(a_deadlock_of_many_readers)
{
	char *file = write_scratch_file("readers.race",
	    "rw = RWLock()\nb = Barrier(128)\nthread w[128]:\n"
	    "    rw.acquire_read()\n    b.wait()\n    rw.acquire_write()\n");
	const char *why = "waits for rw held by w[0] and w[1] and w[2] and w[3] and w[4] "
	    "and w[5] and 122 others";
	struct run r = run_lockstep("run", file, "--format", "json");

	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, why);
	run_free(&r);
	r = run_lockstep("free", file, "--runs", "3", "--format", "json");
	ck_assert_int_eq(r.status, 1);
	assert_contains(r.out, "\"failed\": 3,");
	assert_contains(r.out, why);
	run_free(&r);
	free(file);
}
END_TEST

/* --- explore ------------------------------------------------------------ */

START_TEST(explore_states)
{
	struct run r = run_lockstep("explore", "semaphore-limit", "--max-states", "1000");

	/* bounded and nothing found: not proven */
	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "bounded: it stopped before storing more than 1000 states");
	run_free(&r);
}
END_TEST

/* The states semaphore-limit stores take some 300 MiB: a 16 MiB limit
 * stops the search, which says so. */
START_TEST(explore_memory)
{
	struct run r = run_lockstep("explore", "semaphore-limit", "--max-memory", "16");

	ck_assert_int_eq(r.status, 4);
	assert_contains(r.out, "bounded: its states outgrew the memory limit (16 MiB)");
	run_free(&r);
	r = run_lockstep("explore", "semaphore-limit", "--max-memory", "16", "--format", "json");
	assert_contains(r.out, "\"bound\": {\"kind\": \"max-memory\", \"mib\": 16, ");
	run_free(&r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("limits");
	TCase *tc = tcase_create("crossed");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, cli_setup, cli_teardown);
	/* a million steps on real threads, under the sanitizers too */
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, step_limit_ends_an_endless_loop_in_every_verb);
	tcase_add_loop_test(tc, option_bound, 0, (int)(sizeof(bounds) / sizeof(bounds[0])));
	tcase_add_test(tc, local_instructions_per_step);
	tcase_add_test(tc, call_depth);
	tcase_add_test(tc, small_stack_limit);
	tcase_add_test(tc, trace_length);
	tcase_add_test(tc, trace_file_size);
	tcase_add_test(tc, queue_items);
	tcase_add_test(tc, races_reported);
	tcase_add_test(tc, free_run_limit);
	tcase_add_test(tc, threads_at_the_limit);
	tcase_add_test(tc, python_threads_at_the_limit);
	tcase_add_test(tc, threads_started_by_main_at_the_limit);
	tcase_add_test(tc, a_deadlock_of_many_readers);
	tcase_add_test(tc, explore_states);
	tcase_add_test(tc, explore_memory);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
