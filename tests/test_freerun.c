/* test_freerun.c - free-run: scenarios on real threads with no baton.
 *
 * Real threads are not deterministic, so these tests assert what must hold
 * for every run (a locked counter is never lost, every run ends, the
 * watchdog names the cycle, no thread is left behind) and what happens
 * almost surely (a sleep-widened lost update is lost at least once in 200
 * runs).  Timeouts are short to keep the suite fast. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/driver.h"
#include "engine/freerun.h"
#include "lang/compile.h"
#include "claims.h"
#include "scenario.h"
#include "threads.h"
#include "timeouts.h"
#include "util/xalloc.h"

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The progress callback's record: the longest gap between two runs. */
struct timing {
	double last, longest;
	int cancel_after;	/* 0: never */
};

static bool
time_runs(void *arg, const struct freerun_result *so_far, int total)
{
	struct timing *tm = arg;
	double now = now_seconds();

	if (now - tm->last > tm->longest)
		tm->longest = now - tm->last;
	tm->last = now;
	return tm->cancel_after == 0 || so_far->runs < tm->cancel_after;
}

static void
run(struct test_scenario *s, int runs, int timeout_ms, struct freerun_result *res,
    struct timing *tm)
{
	struct freerun_options o;
	char err[300];

	freerun_options_init(&o);
	o.runs = runs;
	o.timeout_ms = timeout_ms;
	if (tm != NULL)
		tm->last = now_seconds();
	ck_assert_msg(freerun_run(s->m, &s->strings, &o, tm != NULL ? time_runs : NULL, tm,
	    res, err, sizeof(err)), "%s", err);
}

/* The value of shared scalar name in an outcome. */
static int64_t
value_of(const struct test_scenario *s, const struct freerun_outcome *o, const char *name)
{
	size_t i;

	for (i = 0; i < s->prog->nshared; i++)
		if (strcmp(s->prog->shared[i].name, name) == 0)
			return o->shared[model_element_of(s->m, (int)i, 0)].i;
	ck_abort_msg("no shared %s", name);
	return 0;
}

/* ---- threads made when started ---- */

/* main starts A, which starts B; Never is never started.  A adds before
 * it starts B, so no update is lost: one outcome. */
#define LATE_STARTS \
	"x = 0\nthread A:\n    x += 1\n    B.start()\n    B.join()\n" \
	"thread B:\n    x += 1\nthread Never:\n    x = 99\n" \
	"main:\n    A.start()\n    A.join()\n" \
	"expect x == 2\n"

/* As in CPython, a pthread is made when its thread starts: a run of
 * LATE_STARTS makes three (main, then A at main's start(), then B at
 * A's), never one for Never. */
START_TEST(threads_are_created_when_started)
{
	struct test_scenario s;
	struct freerun_result res;
	int before = test_baseline_threads(), made = test_threads_created();

	test_scenario_text(&s, LATE_STARTS);
	run(&s, 50, 250, &res, NULL);
	ck_assert_int_eq(res.runs, 50);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_OK);
	ck_assert_int_eq(test_threads_created() - made, 50 * 3);
	ck_assert_int_eq(test_count_threads(), before);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* The system refuses a thread (pthread_create fails with EAGAIN): at the
 * start of a run, at main's start(), or at a start() in a later run.
 * free-run stops with the thread's name and leaves no thread behind. */
START_TEST(a_refused_thread_is_an_error)
{
	static const struct {
		const char *text;
		int allowed;		/* creations that succeed */
		int runs;		/* runs done before the refusal */
		const char *err;
	} cases[] = {
		{ NULL, 1, 0, "cannot create a thread for B: Resource temporarily "
		  "unavailable" },
		{ LATE_STARTS, 1, 0, "cannot create a thread for A: Resource temporarily "
		  "unavailable" },
		{ LATE_STARTS, 2, 0, "cannot create a thread for B: Resource temporarily "
		  "unavailable" },
		{ LATE_STARTS, 3 * 4 + 2, 4, "cannot create a thread for B: Resource "
		  "temporarily unavailable" },
	};
	struct test_scenario s;
	struct freerun_result res;
	struct freerun_options o;
	char err[300];
	int before = test_baseline_threads();
	size_t c;

	freerun_options_init(&o);
	o.runs = 10;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		if (cases[c].text == NULL)
			test_scenario_file(&s, "lost-update.race");
		else
			test_scenario_text(&s, cases[c].text);
		test_fail_threads_after(cases[c].allowed);
		ck_assert(!freerun_run(s.m, &s.strings, &o, NULL, NULL, &res, err,
		    sizeof(err)));
		test_fail_threads_after(-1);
		ck_assert_str_eq(err, cases[c].err);
		ck_assert_int_eq(res.runs, cases[c].runs);
		ck_assert_int_eq(test_count_threads(), before);
		freerun_result_free(&res);
		test_scenario_free(&s);
	}
}
END_TEST

/* ---- lost updates ---- */

START_TEST(sleep_widened_lost_update_is_lost)
{
	struct test_scenario s;
	struct freerun_result res;
	const struct freerun_outcome *lost = NULL;
	size_t i;

	test_scenario_file(&s, "lost-update-sleep.race");
	run(&s, 200, 250, &res, NULL);
	ck_assert_int_eq(res.runs, 200);
	for (i = 0; i < res.noutcomes; i++) {
		const struct freerun_outcome *o = &res.outcomes[i];

		ck_assert_int_eq(o->verdict.kind, value_of(&s, o, "counter") == 2 ?
		    MODEL_OK : MODEL_EXPECT_FAILED);
		if (value_of(&s, o, "counter") == 1)
			lost = o;
	}
	ck_assert_msg(lost != NULL, "no run of 200 lost an update");
	ck_assert_str_eq(lost->verdict.message, "expect counter == 2: counter is 1");
	ck_assert_int_eq(res.failed, lost->count);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

START_TEST(locked_counter_is_never_lost)
{
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_file(&s, "lost-update-lock.race");
	run(&s, 2000, 1000, &res, NULL);
	ck_assert_int_eq(res.runs, 2000);
	ck_assert_int_eq(res.failed, 0);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_OK);
	ck_assert_int_eq(value_of(&s, &res.outcomes[0], "counter"), 2);
	ck_assert_int_eq(res.outcomes[0].count, 2000);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* ---- lists ---- */

START_TEST(list_appends_are_atomic_on_real_threads)
{
	/* each append, and each d[k] = v, is one atomic operation (the heap's
	 * lock, CPython's GIL): four threads' 50 of each are all kept, every run */
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_text(&s, "items = []\nseen = {}\nthread w[4]:\n    for i in range(50):\n"
	    "        items.append(tid)\n        seen[tid * 100 + i] = i\n"
	    "expect len(items) == 200 and len(seen) == 200\n");
	run(&s, 200, 1000, &res, NULL);
	ck_assert_int_eq(res.runs, 200);
	ck_assert_int_eq(res.failed, 0);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

START_TEST(list_item_update_is_lost_on_real_threads)
{
	/* counts[0] = tmp + 1 after a read and a sleep: the item's read and
	 * write are separate steps, and an update really is lost */
	struct test_scenario s;
	struct freerun_result res;
	char v[64];
	size_t i;
	bool lost = false;

	test_scenario_text(&s, "counts = [0]\nthread w[2]:\n    tmp = counts[0]\n"
	    "    sleep(1)\n    counts[0] = tmp + 1\nexpect counts == [2]\n");
	run(&s, 200, 1000, &res, NULL);
	for (i = 0; i < res.noutcomes; i++) {
		const struct freerun_outcome *o = &res.outcomes[i];

		ck_assert_int_eq(o->shared[0].kind, MODEL_REPR);
		model_value_format(&s.strings, &o->shared[0], v, sizeof(v));
		ck_assert_int_eq(o->verdict.kind, strcmp(v, "[2]") == 0 ? MODEL_OK :
		    MODEL_EXPECT_FAILED);
		if (strcmp(v, "[1]") == 0) {
			lost = true;
			ck_assert_str_eq(o->verdict.message, "expect counts == [2]: counts is [1]");
		}
	}
	ck_assert_msg(lost, "no run of 200 lost an update");
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* The captured run replays on the controlled engine to the same end. */
START_TEST(captured_run_replays)
{
	struct test_scenario s;
	struct freerun_result res;
	const struct freerun_outcome *c;
	struct policy *p;
	struct trace tr;
	char err[300];

	test_scenario_file(&s, "lost-update-sleep.race");
	run(&s, 20, 250, &res, NULL);
	c = freerun_captured(&res);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->capture, FREERUN_REPRODUCED);
	ck_assert_uint_eq(c->schedule.count, 6);	/* LOAD, sleep, STORE each */
	p = policy_new(POLICY_REPLAY, 0, &c->schedule, s.prog->nthreads, 1, 1);
	trace_init(&tr, s.m, "free-run", 0, 1000, true);
	ck_assert_msg(engine_run(s.m, p, 1000, &tr, err, sizeof(err)), "%s", err);
	ck_assert_int_eq(tr.verdict.kind, MODEL_EXPECT_FAILED);
	ck_assert_int_eq(tr.final[0].i, 1);
	trace_free(&tr);
	policy_free(p);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* A lost update inside a function, on real threads: each thread's call
 * runs on its own stack, the update is really lost, and the captured
 * schedule replays on the controlled engine, step for step. */
START_TEST(lost_update_in_a_function_replays)
{
	struct test_scenario s;
	struct freerun_result res;
	const struct freerun_outcome *c;
	struct policy *p;
	struct trace tr;
	char err[300];

	test_scenario_text(&s, "counter = 0\n"
	    "def add(n):\n"
	    "    global counter\n"
	    "    tmp = counter\n"
	    "    sleep(10)\n"
	    "    counter = tmp + n\n"
	    "    return tmp\n"
	    "thread A:\n"
	    "    add(1)\n"
	    "thread B:\n"
	    "    x = add(1)\n"
	    "expect counter == 2\n");
	run(&s, 20, 250, &res, NULL);
	c = freerun_captured(&res);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->capture, FREERUN_REPRODUCED);
	ck_assert_uint_eq(c->schedule.count, 6);	/* LOAD, sleep, STORE each */
	p = policy_new(POLICY_REPLAY, 0, &c->schedule, s.prog->nthreads, 1, 1);
	trace_init(&tr, s.m, "free-run", 0, 1000, true);
	ck_assert_msg(engine_run(s.m, p, 1000, &tr, err, sizeof(err)), "%s", err);
	ck_assert_int_eq(tr.verdict.kind, MODEL_EXPECT_FAILED);
	ck_assert_int_eq(tr.final[0].i, 1);
	ck_assert_int_eq(tr.steps[0].func, 0);	/* inside add() */
	trace_free(&tr);
	policy_free(p);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* The program's exit, a step while a daemon can still step, is in no
 * thread's log: the captured schedule ends with it, taken by the replay. */
START_TEST(captured_run_ends_with_the_exit)
{
	struct test_scenario s;
	struct freerun_result res;
	const struct freerun_outcome *c;
	size_t i;
	int steps_of_w = 0;

	test_scenario_text(&s, "x = 0\nthread w:\n    x = 1\n"
	    "daemon thread D:\n    while True:\n        sleep(1)\nexpect x == 2\n");
	run(&s, 3, 250, &res, NULL);
	c = freerun_captured(&res);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->verdict.kind, MODEL_EXPECT_FAILED);
	ck_assert_int_eq(c->capture, FREERUN_REPRODUCED);
	for (i = 0; i < c->schedule.count; i++)	/* D's sleeps are in between */
		steps_of_w += c->schedule.entries[i].thread == 0;
	ck_assert_int_eq(steps_of_w, 2);	/* w's store, then its exit */
	ck_assert_int_eq(c->schedule.entries[c->schedule.count - 1].thread, 0);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* ---- the watchdog ---- */

/* The barrier makes each thread hold its first lock before it asks for
 * its second: every run deadlocks. */
#define SURE_DEADLOCK \
	"m1 = Lock()\nm2 = Lock()\nb = Barrier(2)\n" \
	"thread A:\n    with m1:\n        b.wait()\n        with m2:\n            pass\n" \
	"thread B:\n    with m2:\n        b.wait()\n        with m1:\n            pass\n"

START_TEST(deadlock_ends_each_run_within_the_timeout)
{
	struct test_scenario s;
	struct freerun_result res;
	struct timing tm = { 0, 0, 0 };
	int before = test_baseline_threads();

	test_scenario_text(&s, SURE_DEADLOCK);
	run(&s, 50, 20, &res, &tm);
	ck_assert_int_eq(res.runs, 50);
	ck_assert_int_eq(res.failed, 50);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_DEADLOCK);
	ck_assert_str_eq(res.outcomes[0].verdict.message,
	    "A waits for m2 held by B; B waits for m1 held by A");
	ck_assert_int_eq(res.outcomes[0].capture, FREERUN_REPRODUCED);
	/* 20 ms of timeout, a tick, the unwinding, and once the replay */
	ck_assert_msg(tm.longest < 0.5, "a run took %.3f s", tm.longest);
	ck_assert_int_eq(test_count_threads(), before);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

START_TEST(bundled_deadlock_runs_end)
{
	struct test_scenario s;
	struct freerun_result res;
	struct timing tm = { 0, 0, 0 };
	int before = test_baseline_threads();
	size_t i;

	test_scenario_file(&s, "deadlock.race");
	run(&s, 50, 20, &res, &tm);
	ck_assert_int_eq(res.runs, 50);
	for (i = 0; i < res.noutcomes; i++) {
		const struct freerun_outcome *o = &res.outcomes[i];

		if (o->verdict.kind == MODEL_OK) {
			ck_assert_int_eq(value_of(&s, o, "total"), 11);
			continue;
		}
		ck_assert_int_eq(o->verdict.kind, MODEL_DEADLOCK);
		ck_assert_str_eq(o->verdict.message,
		    "A waits for m2 held by B; B waits for m1 held by A");
	}
	ck_assert_msg(tm.longest < 0.5, "a run took %.3f s", tm.longest);
	ck_assert_int_eq(test_count_threads(), before);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

START_TEST(self_deadlock_and_other_waits_are_named)
{
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_text(&s, "m = Lock()\nq = Queue()\nthread A:\n    with m:\n"
	    "        with m:\n            pass\nthread B:\n    x = q.get()\n");
	run(&s, 3, 20, &res, NULL);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_DEADLOCK);
	ck_assert_str_eq(res.outcomes[0].verdict.message,
	    "A waits for m, which it holds itself (a Lock is not re-entrant)");
	freerun_result_free(&res);
	test_scenario_free(&s);
	test_scenario_text(&s, "c = Condition()\nb = Barrier(2)\nthread A:\n    with c:\n"
	    "        c.wait()\nthread B:\n    b.wait()\n");
	run(&s, 3, 20, &res, NULL);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_str_eq(res.outcomes[0].verdict.message, "every unfinished thread is "
	    "blocked: A waits on c to be notified; B waits at b (1 of 2 arrived)");
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* With a watchdog timeout of an hour, only the deadlock found as the
 * cycle closes can end these runs: each kind of visible wait in turn. */
START_TEST(lock_semaphore_and_join_deadlocks_are_found_at_once)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ SURE_DEADLOCK, "A waits for m2 held by B; B waits for m1 held by A" },
		{ "m = Lock()\nthread A:\n    with m:\n        with m:\n            pass\n",
		  "A waits for m, which it holds itself (a Lock is not re-entrant)" },
		{ "s = Semaphore(1)\nt = Semaphore(0)\nthread A:\n    s.acquire()\n"
		  "    t.acquire()\nthread B:\n    t.acquire()\n    s.release()\n",
		  "every unfinished thread is blocked: A waits for t (count 0); "
		  "B waits for t (count 0)" },
		{ "m = Lock()\nmain:\n    with m:\n        a.start()\n        a.join()\n"
		  "thread a:\n    with m:\n        pass\n",
		  "main waits for a to finish; a waits for m held by main" },
		{ "rw = RWLock()\nm = Lock()\nb = Barrier(2)\nthread A:\n    rw.acquire_read()\n"
		  "    b.wait()\n    with m:\n        pass\nthread B:\n    with m:\n"
		  "        b.wait()\n        rw.acquire_write()\n",
		  "A waits for m held by B; B waits for rw held by A" },
	};
	struct test_scenario s;
	struct freerun_result res;
	int before = test_baseline_threads();
	size_t c, i;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		test_scenario_text(&s, cases[c].text);
		run(&s, 30, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
		ck_assert_int_eq(res.runs, 30);
		for (i = 0; i < res.noutcomes; i++) {
			ck_assert_int_eq(res.outcomes[i].verdict.kind, MODEL_DEADLOCK);
			ck_assert_str_eq(res.outcomes[i].verdict.message, cases[c].message);
		}
		freerun_result_free(&res);
		test_scenario_free(&s);
	}
	ck_assert_int_eq(test_count_threads(), before);
}
END_TEST

/* Locks, semaphores, readers-writer locks and joins handed over thousands
 * of times: a thread about to be woken must never look stuck, so with an
 * hour of timeout every run ends ok (a false deadlock would fail it). */
START_TEST(handing_over_is_never_a_deadlock)
{
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_text(&s, "s = Semaphore(0)\nm1 = Lock()\nm2 = RLock()\nrw = RWLock()\n"
	    "x = 0\nmain:\n    a.start()\n    b.start()\n    c.start()\n    a.join()\n"
	    "    b.join()\n    c.join()\nthread a:\n    for i in range(20):\n"
	    "        with m1:\n            with m2:\n                x += 1\n"
	    "        s.release()\nthread b:\n    for i in range(20):\n        s.acquire()\n"
	    "        with m1:\n            with m2:\n                with m2:\n"
	    "                    x += 1\nthread c:\n    a.join()\n    for i in range(20):\n"
	    "        rw.acquire_write()\n        with m2:\n            x += 1\n"
	    "        rw.release_write()\n        rw.acquire_read()\n        rw.release_read()\n"
	    "expect x == 60\n");
	run(&s, 400, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
	ck_assert_int_eq(res.runs, 400);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_OK);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* ---- every bundled scenario ---- */

/* Scenarios that are correct: every run must end ok. */
static const char *const always_ok[] = {
	"barrier", "bounded-buffer", "condition-while", "daemon-consumer",
	"dining-philosophers-waiter", "event-signal", "lock-order",
	"lost-update-atomic", "lost-update-lock", "producer-consumer",
	"rlock-reentry", "rwlock", "semaphore-limit", "start-join",
};

static bool
is_always_ok(const char *file)
{
	size_t i, len;

	for (i = 0; i < sizeof(always_ok) / sizeof(always_ok[0]); i++) {
		len = strlen(always_ok[i]);
		if (strncmp(file, always_ok[i], len) == 0 && strcmp(file + len, ".race") == 0)
			return true;
	}
	return false;
}

START_TEST(every_bundled_scenario_runs)
{
	const char *dir = getenv("SCENARIOS_DIR");
	struct dirent **names;
	int n, i, before = test_baseline_threads(), checked = 0;

	n = scandir(dir != NULL ? dir : "scenarios", &names, NULL, alphasort);
	ck_assert_int_gt(n, 0);
	for (i = 0; i < n; i++) {
		const char *file = names[i]->d_name;
		size_t len = strlen(file);
		struct test_scenario s;
		struct freerun_result res;
		struct timing tm = { 0, 0, 0 };

		if (len > 5 && strcmp(file + len - 5, ".race") == 0) {
			test_scenario_file(&s, file);
			run(&s, 20, 20, &res, &tm);
			ck_assert_msg(res.runs == 20, "%s: %d runs", file, res.runs);
			ck_assert_msg(tm.longest < 2.0, "%s: a run took %.3f s", file,
			    tm.longest);
			if (is_always_ok(file))
				ck_assert_msg(res.failed == 0, "%s: %s", file,
				    res.outcomes[res.noutcomes - 1].verdict.message);
			if (strcmp(file, "lock-self-deadlock.race") == 0 ||
			    strcmp(file, "bounded-semaphore.race") == 0)
				ck_assert_msg(res.failed == 20, "%s: only %d of 20 failed",
				    file, res.failed);
			freerun_result_free(&res);
			test_scenario_free(&s);
			checked++;
		}
		free(names[i]);
	}
	free(names);
	ck_assert_int_ge(checked, 23);
	ck_assert_int_eq(test_count_threads(), before);
}
END_TEST

/* ---- runtime errors, assertions, limits, values ---- */

START_TEST(runtime_error_stops_the_other_threads)
{
	struct test_scenario s;
	struct freerun_result res;
	struct timing tm = { 0, 0, 0 };

	test_scenario_text(&s, "q = Queue()\nthread A:\n    x = 1\n    y = x // 0\n"
	    "thread B:\n    x = q.get()\n");
	run(&s, 10, 5000, &res, &tm);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_RUNTIME_ERROR);
	ck_assert_str_eq(res.outcomes[0].verdict.message,
	    "ZeroDivisionError: integer division or modulo by zero");
	ck_assert_int_eq(res.outcomes[0].verdict.line, 4);
	ck_assert_msg(tm.longest < 1.0, "the blocked thread was not stopped at once "
	    "(%.3f s)", tm.longest);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

START_TEST(assertion_fails)
{
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_text(&s, "n = 0\nthread A:\n    n = 5\n    assert n == 4, \"not four\"\n");
	run(&s, 5, 250, &res, NULL);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_ASSERT_FAILED);
	ck_assert_str_eq(res.outcomes[0].verdict.message, "AssertionError: not four");
	ck_assert_int_eq(res.outcomes[0].capture, FREERUN_REPRODUCED);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* Issue 17: in a Python program an uncaught exception ends its pthread
 * alone; the others go on, and the verdict names it at the end. */
START_TEST(python_exception_ends_only_its_thread)
{
	struct test_scenario s;
	struct freerun_result res;
	int before = test_baseline_threads();
	size_t i;

	test_scenario_python(&s, "x = 0\nthread A:\n    assert x == 1, \"x is not 1\"\n"
	    "    x = 5\nthread B:\n    x = 2\n");
	run(&s, 20, 5000, &res, NULL);
	ck_assert_int_eq(res.runs, 20);
	for (i = 0; i < res.noutcomes; i++) {
		ck_assert_int_eq(res.outcomes[i].verdict.kind, MODEL_ASSERT_FAILED);
		ck_assert_str_eq(res.outcomes[i].verdict.message, "AssertionError: x is not 1");
		ck_assert_int_eq(res.outcomes[i].verdict.uncaught, 1);
		ck_assert_int_eq(value_of(&s, &res.outcomes[i], "x"), 2);	/* B ran on */
		ck_assert_int_eq(res.outcomes[i].capture, FREERUN_REPRODUCED);
	}
	freerun_result_free(&res);
	test_scenario_free(&s);
	ck_assert_int_eq(test_count_threads(), before);
}
END_TEST

/* Issue 17: Thread objects of a .py program run free as the pthreads of
 * their groups: the lecture's counter race ends with 2, 3 or 4; under a
 * lock always 4; every pthread is gone afterwards. */
#define PY_COUNTER(with, indent) \
	"from threading import Thread, Lock\nval = 0\nlock = Lock()\n" \
	"def increase():\n    global val\n    for _ in range(2):\n" \
	with "        " indent "val += 1\n" \
	"threads = [Thread(target=increase) for _ in range(2)]\n" \
	"for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n"

START_TEST(python_thread_objects_run_free)
{
	struct test_scenario s;
	struct freerun_result res;
	int before = test_baseline_threads(), lock;
	size_t i;

	for (lock = 0; lock < 2; lock++) {
		test_scenario_py(&s, lock ? PY_COUNTER("        with lock:\n", "    ") :
		    PY_COUNTER("", ""));
		run(&s, 20, 5000, &res, NULL);
		ck_assert_int_eq(res.runs, 20);
		for (i = 0; i < res.noutcomes; i++) {
			int64_t val = value_of(&s, &res.outcomes[i], "val");

			ck_assert_int_eq(res.outcomes[i].verdict.kind, MODEL_OK);
			if (lock)
				ck_assert_int_eq(val, 4);
			else
				ck_assert(val >= 2 && val <= 4);
		}
		freerun_result_free(&res);
		test_scenario_free(&s);
	}
	ck_assert_int_eq(test_count_threads(), before);
}
END_TEST

/* Two parties of three wait 2 ms at a barrier, ten times: the wait that
 * times out breaks it and raises, the other party raises too, the last
 * party never arrives, and each run's schedule replays on the model.
 * hold: the later raise of each run claims the verdict first. */
static void
barrier_time_outs_replay(bool hold)
{
	struct test_scenario s;
	struct freerun_result res;
	size_t i;

	test_scenario_text(&s, "b = Barrier(3)\nthread w[2]:\n    b.wait(0.002)\n");
	test_hold_claims(hold);
	run(&s, 10, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
	test_hold_claims(false);
	ck_assert_int_eq(res.runs, 10);
	for (i = 0; i < res.noutcomes; i++) {
		ck_assert_int_eq(res.outcomes[i].verdict.kind, MODEL_RUNTIME_ERROR);
		ck_assert_str_eq(res.outcomes[i].verdict.message,
		    "threading.BrokenBarrierError");
		ck_assert_msg(res.outcomes[i].capture == FREERUN_REPRODUCED, "%s",
		    res.outcomes[i].why);
	}
	freerun_result_free(&res);
	test_scenario_free(&s);
}

/* Issue 17: timed calls wait for real and give up: every timed call of A
 * finds what it waits for never coming (main holds m and joins A), so
 * each returns False after its timeout, and the run ends ok: a thread in
 * a timed wait is slow, never stuck, so the watchdog, with an hour of
 * timeout, must not take main joining A and A waiting for main's lock for
 * a deadlock.  A Queue.get that times out raises Empty, which ends its
 * thread alone (as a put that times out raises Full), and the schedule of
 * such a run replays on the model. */
START_TEST(timed_calls_give_up_for_real)
{
	struct test_scenario s;
	struct freerun_result res;
	int before = test_baseline_threads();

	test_scenario_text(&s, "m = Lock()\ne = Event()\nsem = Semaphore(0)\nc = Condition()\n"
	    "r1 = 1\nr2 = 1\nr3 = 1\nr4 = 1\nthread A:\n    r1 = m.acquire(timeout=0.002)\n"
	    "    r2 = e.wait(0.002)\n    r3 = sem.acquire(True, 0.002)\n    with c:\n"
	    "        r4 = c.wait(0.002)\nmain:\n    m.acquire()\n    A.start()\n"
	    "    A.join()\n    m.release()\n");
	run(&s, 10, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
	ck_assert_int_eq(res.runs, 10);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_OK);
	ck_assert_int_eq(value_of(&s, &res.outcomes[0], "r1"), 0);
	ck_assert_int_eq(value_of(&s, &res.outcomes[0], "r2"), 0);
	ck_assert_int_eq(value_of(&s, &res.outcomes[0], "r3"), 0);
	ck_assert_int_eq(value_of(&s, &res.outcomes[0], "r4"), 0);
	freerun_result_free(&res);
	test_scenario_free(&s);

	test_scenario_python(&s, "q = Queue(1)\nx = 0\nthread A:\n    x = q.get(timeout=0.002)\n"
	    "    x = 5\nthread B:\n    A.join()\n    q.put(1)\n    q.put(2, timeout=0.002)\n"
	    "    x = 7\nmain:\n    A.start()\n    B.start()\n");
	run(&s, 10, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
	ck_assert_int_eq(res.runs, 10);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_RUNTIME_ERROR);
	ck_assert_str_eq(res.outcomes[0].verdict.message,
	    "_queue.Empty; then an uncaught exception in B at line 9: queue.Full");
	ck_assert_int_eq(res.outcomes[0].verdict.uncaught, 2);	/* and B's Full */
	ck_assert_int_eq(value_of(&s, &res.outcomes[0], "x"), 0);
	ck_assert_int_eq(res.outcomes[0].capture, FREERUN_REPRODUCED);
	freerun_result_free(&res);
	test_scenario_free(&s);

	barrier_time_outs_replay(false);
	ck_assert_int_eq(test_count_threads(), before);
}
END_TEST

/* The session-8 flake, forced: both parties at the barrier raise
 * (the one whose wait timed out breaks the barrier, the other finds it
 * broken), each numbering its step inside the barrier and claiming the
 * verdict after.  A party preempted between the two let the other, later
 * step claim first, and the run's verdict named a thread the replay, which
 * ends at the first raise, did not.  Here every run's later raise claims
 * first (tests/claims.c), and the verdict is still the first raise's. */
START_TEST(the_first_raise_is_the_verdict_whichever_claims_first)
{
	int before = test_claims_reordered();

	barrier_time_outs_replay(true);
	ck_assert_int_eq(test_claims_reordered() - before, 10);
}
END_TEST

/* What the capture cannot repeat, said: a .race run ends at its first
 * uncaught raise, but a real thread goes on until it next looks at the
 * stop flag.  A times out at the barrier and raises; B, woken by the
 * break, catches it and stores y before it raises too, and A's claim
 * comes last (tests/claims.c).  The free run ends y = 1 with A's error;
 * the model's run of its schedule ends at A's error with y = 0, and the
 * outcome says why, never that it was reproduced. */
START_TEST(steps_after_the_error_are_said_not_reproduced)
{
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_text(&s, "import threading\nb = Barrier(3)\ny = 0\nzero = 0\n"
	    "thread A:\n    b.wait(0.002)\nthread B:\n    global y\n    try:\n"
	    "        b.wait()\n    except threading.BrokenBarrierError:\n"
	    "        y = 1\n    y = 1 // zero\n");
	test_hold_claims(true);
	run(&s, 5, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
	test_hold_claims(false);
	ck_assert_int_eq(res.runs, 5);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_RUNTIME_ERROR);
	ck_assert_str_eq(res.outcomes[0].verdict.message, "threading.BrokenBarrierError");
	ck_assert_int_eq(res.outcomes[0].verdict.thread, 0);
	ck_assert_int_eq(value_of(&s, &res.outcomes[0], "y"), 1);
	ck_assert_int_eq(res.outcomes[0].capture, FREERUN_NOT_REPRODUCED);
	ck_assert_int_eq(res.outcomes[0].tries, FREERUN_CAPTURE_TRIES);
	ck_assert_msg(strstr(res.outcomes[0].why, "y = 0; runtime error;") != NULL &&
	    strstr(res.outcomes[0].why, "but other threads took ") != NULL &&
	    strstr(res.outcomes[0].why, "before they saw the run stop, and the model's "
	    "run ends at the error") != NULL, "%s", res.outcomes[0].why);
	ck_assert_ptr_null(freerun_captured(&res));
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* A call that gives up on a Lock or a Semaphore (a timeout, a try) found
 * it taken, but numbers its step after: had the holder's release been
 * numbered in between, the model's acquire at that number would succeed.
 * Here B's call fails while A holds and is held (tests/timeouts.c) until A
 * has let go: B then takes it after all, True in every run, and the run
 * replays.  (Before, B gave up with a step numbered after A's release, and
 * no replay repeated False.) */
START_TEST(a_call_gives_up_only_where_the_steps_find_it_held)
{
	static const char *const calls[][2] = {
		{ "m", "m.acquire(timeout=0.001)" },
		{ "m", "m.acquire(False)" },
		{ "s", "s.acquire(True, 0.001)" },
		{ "s", "s.acquire(False)" },
	};
	struct test_scenario s;
	struct freerun_result res;
	char text[400];
	size_t c;

	for (c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
		snprintf(text, sizeof(text), "m = Lock()\ns = Semaphore(1)\ne = Event()\n"
		    "r = 0\nthread A:\n    %s.acquire()\n    e.set()\n    sleep(5)\n"
		    "    %s.release()\nthread B:\n    e.wait()\n    r = %s\n"
		    "expect r == False\n", calls[c][0], calls[c][0], calls[c][1]);
		test_scenario_text(&s, text);
		test_hold_timeouts(true);
		run(&s, 5, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
		test_hold_timeouts(false);
		ck_assert_int_eq(res.runs, 5);
		ck_assert_uint_eq(res.noutcomes, 1);
		ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_EXPECT_FAILED);
		ck_assert_int_eq(value_of(&s, &res.outcomes[0], "r"), 1);
		ck_assert_msg(res.outcomes[0].capture == FREERUN_REPRODUCED, "%s: %s",
		    calls[c][1], res.outcomes[0].why);
		freerun_result_free(&res);
		test_scenario_free(&s);
	}
}
END_TEST

/* Barrier(n, action=f) on real threads: the last party runs f before any
 * party returns, once a round, while every party is in wait(); rounds do
 * not mix (a party back early waits for the round to drain). */
START_TEST(barrier_action_runs_once_a_round)
{
	struct test_scenario s;
	struct freerun_result res;
	size_t i;

	test_scenario_py(&s, "import threading\n\nrounds = 0\nseen = 0\nlate = 0\n\n\n"
	    "def tally():\n    global rounds, seen\n    rounds += 1\n    seen += b.n_waiting\n\n\n"
	    "def worker():\n    global late\n    for r in range(2):\n        b.wait()\n"
	    "        if rounds <= r:\n            late += 1\n\n\n"
	    "b = threading.Barrier(3, action=tally)\n"
	    "threads = [threading.Thread(target=worker) for _ in range(3)]\n"
	    "for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n");
	run(&s, 50, 5000, &res, NULL);
	ck_assert_int_eq(res.runs, 50);
	for (i = 0; i < res.noutcomes; i++) {
		ck_assert_int_eq(res.outcomes[i].verdict.kind, MODEL_OK);
		ck_assert_int_eq(value_of(&s, &res.outcomes[i], "rounds"), 2);
		ck_assert_int_eq(value_of(&s, &res.outcomes[i], "seen"), 6);
		ck_assert_int_eq(value_of(&s, &res.outcomes[i], "late"), 0);
	}
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* Timed calls whose wait is always over in time (an hour): they behave as
 * the untimed ones, handed over hundreds of times, and no update is lost;
 * Condition waits with timeouts in a while loop, a bounded Queue's timed
 * puts and gets. */
START_TEST(timed_calls_that_succeed)
{
	struct test_scenario s;
	struct freerun_result res;
	size_t i;

	test_scenario_text(&s, "m = Lock()\nc = Condition()\nq = Queue(1)\nx = 0\nn = 0\n"
	    "got = 0\nthread a[2]:\n    for i in range(30):\n"
	    "        if m.acquire(timeout=3600):\n            x += 1\n            m.release()\n"
	    "thread p:\n    for i in range(20):\n        with c:\n            n += 1\n"
	    "            c.notify()\n        q.put(i, timeout=3600)\n"
	    "thread w:\n    for i in range(20):\n        with c:\n            while n <= i:\n"
	    "                c.wait(3600)\n        got += q.get(True, 3600)\n"
	    "expect x == 60 and got == 190\n");
	run(&s, 50, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
	ck_assert_int_eq(res.runs, 50);
	for (i = 0; i < res.noutcomes; i++)
		ck_assert_int_eq(res.outcomes[i].verdict.kind, MODEL_OK);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* A thread that dies holding a Lock leaves it locked: a join of it
 * returns, and the next acquire is a deadlock, found at once (an hour of
 * timeout) and named with the exception; as .race, the raise ends the
 * run as before. */
#define DIES_HOLDING_A_LOCK "m = Lock()\nthread A:\n    m.acquire()\n    x = 1 // 0\n" \
	"main:\n    A.start()\n    A.join()\n    m.acquire()\n"

START_TEST(python_thread_dies_holding_a_lock)
{
	struct test_scenario s;
	struct freerun_result res;
	int before = test_baseline_threads();

	test_scenario_python(&s, DIES_HOLDING_A_LOCK);
	run(&s, 20, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
	ck_assert_int_eq(res.runs, 20);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_DEADLOCK);
	ck_assert_str_eq(res.outcomes[0].verdict.message, "every unfinished thread is "
	    "blocked: main waits for m held by A (after an uncaught exception in A at "
	    "line 4: ZeroDivisionError: integer division or modulo by zero)");
	ck_assert_int_eq(res.outcomes[0].capture, FREERUN_REPRODUCED);
	freerun_result_free(&res);
	test_scenario_free(&s);
	test_scenario_text(&s, DIES_HOLDING_A_LOCK);
	run(&s, 5, FREERUN_MAX_TIMEOUT_MS, &res, NULL);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_RUNTIME_ERROR);
	ck_assert_str_eq(res.outcomes[0].verdict.message,
	    "ZeroDivisionError: integer division or modulo by zero");
	freerun_result_free(&res);
	test_scenario_free(&s);
	ck_assert_int_eq(test_count_threads(), before);
}
END_TEST

START_TEST(endless_loops_are_no_progress)
{
	struct test_scenario s;
	struct freerun_result res;
	struct freerun_options o;
	char err[300];

	test_scenario_text(&s, "flag = 0\nthread A:\n    while flag == 0:\n        pass\n"
	    "thread B:\n    if flag == 2:\n        flag = 1\n");
	freerun_options_init(&o);
	o.runs = 3;
	o.max_steps = 5000;
	ck_assert(freerun_run(s.m, &s.strings, &o, NULL, NULL, &res, err, sizeof(err)));
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_NO_PROGRESS);
	ck_assert_str_eq(res.outcomes[0].verdict.message, "the step limit (5000 steps) "
	    "was reached with threads still running");
	ck_assert_int_eq(res.outcomes[0].capture, FREERUN_REPRODUCED);
	freerun_result_free(&res);
	test_scenario_free(&s);
	test_scenario_text(&s, "thread A:\n    x = 0\n    while True:\n        x += 1\n");
	run(&s, 2, 250, &res, NULL);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_NO_PROGRESS);
	ck_assert_str_eq(res.outcomes[0].verdict.message, "A computes for 100000 "
	    "instructions without a visible step (an endless loop?)");
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* A loop that sleeps takes few steps and is never blocked: the run limit
 * ends it, well before its step limit or its day of sleep. */
START_TEST(sleeping_forever_ends_at_the_run_limit)
{
	struct test_scenario s;
	struct freerun_result res;
	struct freerun_options o;
	char err[300];
	double start = now_seconds();

	test_scenario_text(&s, "thread A:\n    while True:\n        sleep(20)\n"
	    "thread B:\n    sleep(86400000)\n");
	freerun_options_init(&o);
	o.runs = 2;
	o.run_limit_ms = 200;
	ck_assert(freerun_run(s.m, &s.strings, &o, NULL, NULL, &res, err, sizeof(err)));
	ck_assert_int_eq(res.runs, 2);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_NO_PROGRESS);
	ck_assert_str_eq(res.outcomes[0].verdict.message, "the run took longer than the "
	    "run limit (200 ms) (an endless loop?)");
	ck_assert_msg(now_seconds() - start < 20, "the sleeps were not cut short");
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* Runs that all reach the run limit: after FREERUN_RUNAWAY_RUNS in a row
 * the others are not run; each is cut short, not failed. */
START_TEST(runaway_runs_stop_early)
{
	struct test_scenario s;
	struct freerun_result res;
	struct freerun_options o;
	char err[300];

	test_scenario_text(&s, "thread A:\n    while True:\n        sleep(5)\n");
	freerun_options_init(&o);
	o.runs = 1000;
	o.run_limit_ms = 30;
	ck_assert(freerun_run(s.m, &s.strings, &o, NULL, NULL, &res, err, sizeof(err)));
	ck_assert_int_eq(res.runs, FREERUN_RUNAWAY_RUNS);
	ck_assert(res.runaway);
	ck_assert(!res.cancelled);
	ck_assert_int_eq(res.cut_short, FREERUN_RUNAWAY_RUNS);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].limit, FREERUN_RUN_LIMIT);
	freerun_result_free(&res);
	/* as many runs as asked for, if that is no more */
	o.runs = 2;
	ck_assert(freerun_run(s.m, &s.strings, &o, NULL, NULL, &res, err, sizeof(err)));
	ck_assert_int_eq(res.runs, 2);
	ck_assert(!res.runaway);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* A correct scenario longer than the step limit is cut short there, not
 * failed; a failure and an ok run are neither. */
START_TEST(step_limit_cuts_short)
{
	struct test_scenario s;
	struct freerun_result res;
	struct freerun_options o;
	char err[300];

	test_scenario_text(&s, "m = Lock()\ncounter = 0\nthread A[2]:\n"
	    "    for i in range(500):\n        with m:\n            counter += 1\n"
	    "expect counter == 1000\n");
	freerun_options_init(&o);
	o.runs = 20;
	o.max_steps = 1000;
	o.capture = false;
	ck_assert(freerun_run(s.m, &s.strings, &o, NULL, NULL, &res, err, sizeof(err)));
	ck_assert_int_eq(res.runs, 20);
	ck_assert_int_eq(res.failed, 20);
	ck_assert_int_eq(res.cut_short, 20);
	ck_assert(!res.runaway);
	ck_assert_int_eq(res.outcomes[0].limit, FREERUN_STEP_LIMIT);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_NO_PROGRESS);
	freerun_result_free(&res);
	o.max_steps = FREERUN_DEFAULT_MAX_STEPS;
	ck_assert(freerun_run(s.m, &s.strings, &o, NULL, NULL, &res, err, sizeof(err)));
	ck_assert_int_eq(res.failed, 0);
	ck_assert_int_eq(res.cut_short, 0);
	ck_assert_int_eq(res.outcomes[0].limit, FREERUN_NO_LIMIT);
	freerun_result_free(&res);
	test_scenario_free(&s);
	test_scenario_file(&s, "lost-update-sleep.race");
	o.runs = 3;
	ck_assert(freerun_run(s.m, &s.strings, &o, NULL, NULL, &res, err, sizeof(err)));
	ck_assert_int_eq(res.cut_short, 0);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* Wilson score intervals at 95%, against values computed by hand. */
START_TEST(rate_intervals)
{
	double low, high;

	freerun_rate_interval(0, 1000, &low, &high);
	ck_assert_double_eq(low, 0);
	ck_assert_double_eq_tol(high, 0.003827, 1e-6);
	freerun_rate_interval(5, 1000, &low, &high);
	ck_assert_double_eq_tol(low, 0.002138, 1e-6);
	ck_assert_double_eq_tol(high, 0.011651, 1e-6);
	freerun_rate_interval(50, 100, &low, &high);
	ck_assert_double_eq_tol(low, 0.403832, 1e-6);
	ck_assert_double_eq_tol(high, 0.596168, 1e-6);
	freerun_rate_interval(3, 3, &low, &high);
	ck_assert_double_eq_tol(low, 0.438503, 1e-6);
	ck_assert_double_eq(high, 1);
}
END_TEST

/* Wide integers, negative ones, strings, None and bools survive the
 * shared words. */
START_TEST(every_kind_of_value_is_shared)
{
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_text(&s, "big = 0\nneg = 0\ntext = \"\"\nnothing = 1\nflag = False\n"
	    "arr = [0] * 3\n"
	    "thread A:\n    big = 9223372036854775807\n    neg = -4611686018427387904\n"
	    "    arr[0] = -1152921504606846977\n    arr[1] = 1152921504606846976\n"
	    "thread B:\n    text = \"ab\" + \"cd\"\n    nothing = None\n    flag = True\n"
	    "    arr[2] = text * 2\n"
	    "expect big == 9223372036854775807\nexpect neg == -4611686018427387904\n"
	    "expect text == \"abcd\"\nexpect nothing == None\nexpect flag\n"
	    "expect arr[0] == -1152921504606846977\nexpect arr[1] == 1152921504606846976\n");
	run(&s, 20, 250, &res, NULL);
	ck_assert_msg(res.failed == 0, "%s", res.outcomes[0].verdict.message);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

START_TEST(main_starts_and_joins)
{
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_text(&s, "n = [0] * 3\nthread w[3]:\n    n[tid] = tid + 1\n"
	    "daemon thread d:\n    while True:\n        sleep(1)\n"
	    "main:\n    d.start()\n    for i in range(3):\n        w[i].start()\n"
	    "    for i in range(3):\n        w[i].join()\n    x = n[0] + n[1] + n[2]\n"
	    "    assert x == 6\n    w[0].join()\n");
	run(&s, 20, 250, &res, NULL);
	ck_assert_msg(res.failed == 0, "%s", res.outcomes[0].verdict.message);
	freerun_result_free(&res);
	test_scenario_free(&s);
	test_scenario_text(&s, "thread w[2]:\n    pass\nmain:\n    w[0].start()\n    w[0].start()\n");
	run(&s, 2, 250, &res, NULL);
	ck_assert_str_eq(res.outcomes[0].verdict.message,
	    "RuntimeError: threads can only be started once");
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* What the real threads print is collected in the order they wrote it
 * and tallied: an Event orders the two prints, so every run prints a then
 * b (its sep= and end= as given); without it the writes of the two prints (text, then end of line) may
 * come in any order, and runs that printed alike are one outcome, runs
 * that did not are two. */
START_TEST(output_is_tallied)
{
	struct test_scenario s;
	struct freerun_result res;
	size_t i, j;

	test_scenario_text(&s, "e = Event()\nthread A:\n    print('a')\n    e.set()\n"
	    "thread B:\n    e.wait()\n    print('b', 2, sep=', ', end='!\\n')\n");
	run(&s, 50, 250, &res, NULL);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].count, 50);
	ck_assert_str_eq(res.outcomes[0].output, "a\nb, 2!\n");
	freerun_result_free(&res);
	test_scenario_free(&s);

	test_scenario_text(&s, "thread A:\n    print('a')\nthread B:\n    print('b')\n");
	run(&s, 200, 250, &res, NULL);
	ck_assert_int_eq(res.runs, 200);
	ck_assert(res.noutcomes >= 1 && res.noutcomes <= 4);
	for (i = 0; i < res.noutcomes; i++) {
		const char *o = res.outcomes[i].output;

		ck_assert_msg(strcmp(o, "a\nb\n") == 0 || strcmp(o, "b\na\n") == 0 ||
		    strcmp(o, "ab\n\n") == 0 || strcmp(o, "ba\n\n") == 0, "output %s", o);
		ck_assert_int_eq(res.outcomes[i].verdict.kind, MODEL_OK);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(res.outcomes[i].output, res.outcomes[j].output);
	}
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

/* Python lets any thread release a Lock; a pthread mutex only its owner. */
START_TEST(lock_released_by_another_thread_is_an_error)
{
	struct test_scenario s;
	struct freerun_result res;

	test_scenario_text(&s, "m = Lock()\ne = Event()\nthread A:\n    m.acquire()\n    e.set()\n"
	    "thread B:\n    e.wait()\n    m.release()\n");
	run(&s, 3, 250, &res, NULL);
	ck_assert_uint_eq(res.noutcomes, 1);
	ck_assert_int_eq(res.outcomes[0].verdict.kind, MODEL_RUNTIME_ERROR);
	ck_assert_str_eq(res.outcomes[0].verdict.message, "RuntimeError: free-run "
	    "releases a Lock only in the thread that holds it (a pthread mutex): "
	    "A holds m");
	ck_assert_int_eq(res.outcomes[0].capture, FREERUN_NOT_REPRODUCED);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

START_TEST(progress_can_cancel)
{
	struct test_scenario s;
	struct freerun_result res;
	struct timing tm = { 0, 0, 3 };

	test_scenario_file(&s, "lost-update.race");
	run(&s, 1000, 250, &res, &tm);
	ck_assert(res.cancelled);
	ck_assert_int_eq(res.runs, 3);
	freerun_result_free(&res);
	test_scenario_free(&s);
}
END_TEST

static Suite *
freerun_suite(void)
{
	Suite *s = suite_create("freerun");
	TCase *lost = tcase_create("lost updates");
	TCase *watchdog = tcase_create("watchdog");
	TCase *semantics = tcase_create("semantics");

	tcase_set_timeout(lost, 120);
	tcase_add_test(lost, sleep_widened_lost_update_is_lost);
	tcase_add_test(lost, locked_counter_is_never_lost);
	tcase_add_test(lost, list_appends_are_atomic_on_real_threads);
	tcase_add_test(lost, list_item_update_is_lost_on_real_threads);
	tcase_add_test(lost, captured_run_replays);
	tcase_add_test(lost, lost_update_in_a_function_replays);
	tcase_add_test(lost, captured_run_ends_with_the_exit);
	suite_add_tcase(s, lost);
	tcase_set_timeout(watchdog, 120);
	tcase_add_test(watchdog, deadlock_ends_each_run_within_the_timeout);
	tcase_add_test(watchdog, bundled_deadlock_runs_end);
	tcase_add_test(watchdog, self_deadlock_and_other_waits_are_named);
	tcase_add_test(watchdog, lock_semaphore_and_join_deadlocks_are_found_at_once);
	tcase_add_test(watchdog, handing_over_is_never_a_deadlock);
	tcase_add_test(watchdog, every_bundled_scenario_runs);
	suite_add_tcase(s, watchdog);
	tcase_set_timeout(semantics, 60);
	tcase_add_test(semantics, runtime_error_stops_the_other_threads);
	tcase_add_test(semantics, assertion_fails);
	tcase_add_test(semantics, python_exception_ends_only_its_thread);
	tcase_add_test(semantics, python_thread_dies_holding_a_lock);
	tcase_add_test(semantics, python_thread_objects_run_free);
	tcase_add_test(semantics, timed_calls_give_up_for_real);
	tcase_add_test(semantics, the_first_raise_is_the_verdict_whichever_claims_first);
	tcase_add_test(semantics, steps_after_the_error_are_said_not_reproduced);
	tcase_add_test(semantics, a_call_gives_up_only_where_the_steps_find_it_held);
	tcase_add_test(semantics, barrier_action_runs_once_a_round);
	tcase_add_test(semantics, timed_calls_that_succeed);
	tcase_add_test(semantics, endless_loops_are_no_progress);
	tcase_add_test(semantics, sleeping_forever_ends_at_the_run_limit);
	tcase_add_test(semantics, runaway_runs_stop_early);
	tcase_add_test(semantics, step_limit_cuts_short);
	tcase_add_test(semantics, rate_intervals);
	tcase_add_test(semantics, every_kind_of_value_is_shared);
	tcase_add_test(semantics, main_starts_and_joins);
	tcase_add_test(semantics, threads_are_created_when_started);
	tcase_add_test(semantics, a_refused_thread_is_an_error);
	tcase_add_test(semantics, output_is_tallied);
	tcase_add_test(semantics, lock_released_by_another_thread_is_an_error);
	tcase_add_test(semantics, progress_can_cancel);
	suite_add_tcase(s, semantics);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(freerun_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
