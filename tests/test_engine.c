/* test_engine.c - the controlled engine on real threads: runs, schedules,
 * policies, determinism, and every thread joined. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/driver.h"
#include "engine/engine.h"
#include "lang/compile.h"
#include "record/export.h"
#include "scenario.h"
#include "threads.h"
#include "trace/report.h"
#include "util/xalloc.h"

/* Run with a policy and return the text report. */
static char *
run_report(struct test_scenario *s, enum policy_kind kind, uint64_t seed, const char *schedule,
    bool *ok)
{
	struct schedule sched = { 0 };
	struct policy *p;
	struct trace tr;
	struct report_options opt = { false, false, 80, NULL };
	char err[300], *out = NULL;
	size_t len = 0;
	FILE *f;

	if (schedule != NULL)
		ck_assert_msg(schedule_parse(&sched, s->prog, schedule, err, sizeof(err)),
		    "%s", err);
	p = policy_new(kind, seed, &sched, s->prog->nthreads, 3, 50);
	trace_init(&tr, s->m, policy_name(kind), seed, 1000, true);
	*ok = engine_run(s->m, p, 1000, &tr, err, sizeof(err));
	f = open_memstream(&out, &len);
	if (*ok)
		report_text(&tr, "t", &opt, f);
	else
		fputs(err, f);
	fclose(f);
	trace_free(&tr);
	policy_free(p);
	schedule_free(&sched);
	return out;
}

static void
assert_contains(const char *text, const char *want)
{
	ck_assert_msg(strstr(text, want) != NULL, "wanted \"%s\" in:\n%s", want, text);
}

START_TEST(lost_update_schedules)
{
	struct test_scenario s;
	bool ok;
	char *out;

	test_scenario_file(&s, "lost-update.race");
	out = run_report(&s, POLICY_SCHEDULE, 0, "A,B,A,B", &ok);
	ck_assert(ok);
	assert_contains(out, "verdict: expectation failed: expect counter == 2: "
	    "counter is 1");
	assert_contains(out, "warning: data race on counter");
	free(out);
	out = run_report(&s, POLICY_SCHEDULE, 0, "A,A,B,B", &ok);
	assert_contains(out, "shared: counter = 2");
	assert_contains(out, "verdict: ok");
	assert_contains(out, "warning: data race on counter");
	free(out);
	test_scenario_free(&s);
}
END_TEST

START_TEST(deadlock_cycle)
{
	struct test_scenario s;
	bool ok;
	char *out;

	test_scenario_file(&s, "deadlock.race");
	out = run_report(&s, POLICY_SCHEDULE, 0, "A,B", &ok);
	assert_contains(out, "verdict: deadlock: A waits for m2 held by B; B waits for m1 "
	    "held by A");
	free(out);
	test_scenario_free(&s);
}
END_TEST

START_TEST(schedule_naming_a_blocked_thread_is_an_error)
{
	struct test_scenario s;
	bool ok;
	char *out;

	test_scenario_file(&s, "deadlock.race");
	out = run_report(&s, POLICY_REPLAY, 0, "A,A,B", &ok);
	ck_assert(!ok);
	ck_assert_str_eq(out, "step 3 of the schedule: B cannot run: it waits for m2 "
	    "held by A");
	free(out);
	test_scenario_free(&s);
}
END_TEST

START_TEST(replay_needs_the_whole_schedule)
{
	struct test_scenario s;
	bool ok;
	char *out;

	test_scenario_file(&s, "lost-update.race");
	out = run_report(&s, POLICY_REPLAY, 0, "A,B", &ok);
	ck_assert(!ok);
	ck_assert_str_eq(out, "the schedule ended after 2 steps but the run goes on");
	free(out);
	test_scenario_free(&s);
}
END_TEST

START_TEST(a_raise_waits_for_its_turn)
{
	/* issue 13: on real threads too, B's failing assert is a step of its
	 * own, so A's store can come first */
	struct test_scenario s;
	bool ok;
	char *out;

	test_scenario_text(&s, "x = 0\nthread A:\n    x = 1\nthread B:\n    assert False\n");
	out = run_report(&s, POLICY_REPLAY, 0, "A,B", &ok);
	ck_assert_msg(ok, "%s", out);
	assert_contains(out, "raise AssertionError");
	assert_contains(out, "shared: x = 1");
	assert_contains(out, "verdict: assertion failed: AssertionError (thread B, line 5)");
	free(out);
	out = run_report(&s, POLICY_REPLAY, 0, "B", &ok);
	ck_assert_msg(ok, "%s", out);
	assert_contains(out, "shared: x = 0");
	free(out);
	test_scenario_free(&s);
}
END_TEST

/* The traceback of an uncaught exception lists the calls under way, as
 * CPython's does: a Thread's from its target on (CPython's two frames of
 * the threading module left out), the main thread's from <module>, a
 * method by its own name, and a frame repeated more than three times
 * running is counted. */
START_TEST(a_python_traceback_lists_the_calls)
{
	struct test_scenario s;
	bool ok;
	char *out;

	test_scenario_py(&s, "import threading\n"
	    "class Box:\n"
	    "    def check(self, n):\n"
	    "        assert n > 0, 'n is ' + str(n)\n"
	    "box = Box()\n"
	    "def down(n):\n"
	    "    box.check(n)\n"
	    "    down(n - 1)\n"
	    "def worker():\n"
	    "    down(5)\n"
	    "t = threading.Thread(target=worker)\n"
	    "t.start()\n"
	    "t.join()\n"
	    "down(1)\n");
	out = run_report(&s, POLICY_RR, 0, NULL, &ok);
	ck_assert_msg(ok, "%s", out);
	assert_contains(out, "stderr: Exception in thread Thread-1 (worker):\n"
	    "        Traceback (most recent call last):\n"
	    "          File \"t.py\", line 10, in worker\n"
	    "            down(5)\n"
	    "          File \"t.py\", line 8, in down\n"
	    "            down(n - 1)\n"
	    "          File \"t.py\", line 8, in down\n"
	    "            down(n - 1)\n"
	    "          File \"t.py\", line 8, in down\n"
	    "            down(n - 1)\n"
	    "          [Previous line repeated 2 more times]\n"
	    "          File \"t.py\", line 7, in down\n"
	    "            box.check(n)\n"
	    "          File \"t.py\", line 4, in check\n"
	    "            assert n > 0, 'n is ' + str(n)\n"
	    "        AssertionError: n is 0\n"
	    "        Traceback (most recent call last):\n"
	    "          File \"t.py\", line 14, in <module>\n"
	    "            down(1)\n"
	    "          File \"t.py\", line 8, in down\n"
	    "            down(n - 1)\n"
	    "          File \"t.py\", line 7, in down\n"
	    "            box.check(n)\n"
	    "          File \"t.py\", line 4, in check\n"
	    "            assert n > 0, 'n is ' + str(n)\n"
	    "        AssertionError: n is 0\n");
	free(out);
	test_scenario_free(&s);
}
END_TEST

/* Issue 17: in a Python program, on real threads under the scheduler, an
 * uncaught exception ends its thread: the other goes on, and the report
 * has Python's report of it as the program's stderr; a thread that died
 * holding a lock deadlocks the next taker. */
START_TEST(a_python_exception_ends_its_thread)
{
	struct test_scenario s;
	bool ok;
	char *out;

	test_scenario_python(&s, "x = 0\nm = Lock()\nthread A:\n    m.acquire()\n"
	    "    assert x == 1, \"x is not 1\"\nthread B:\n    x = 2\n    m.acquire()\n");
	out = run_report(&s, POLICY_REPLAY, 0, "A,A,A,B", &ok);
	ck_assert_msg(ok, "%s", out);
	assert_contains(out, "shared: x = 2\n"
	    "stderr: Exception in thread A:\n"
	    "        Traceback (most recent call last):\n"
	    "          File \"t.race\", line 5, in A\n"
	    "            assert x == 1, \"x is not 1\"\n"
	    "        AssertionError: x is not 1\n");
	assert_contains(out, "verdict: deadlock: every unfinished thread is blocked: B "
	    "waits for m held by A\n    (after an uncaught exception in A at line 5: "
	    "AssertionError: x is not 1)\n");
	free(out);
	test_scenario_free(&s);
}
END_TEST

/* The pictures and the handout say so too. */
START_TEST(exports_show_a_dead_thread)
{
	struct test_scenario s;
	struct schedule sched = { 0 };
	struct policy *p;
	struct trace tr;
	char err[300], *out = NULL;
	size_t len = 0;
	FILE *f;
	int way;

	test_scenario_python(&s, "x = 0\nthread A:\n    assert x == 1, \"x is not 1\"\n"
	    "thread B:\n    x = 2\n");
	ck_assert(schedule_parse(&sched, s.prog, "A,A,B", err, sizeof(err)));
	p = policy_new(POLICY_REPLAY, 0, &sched, s.prog->nthreads, 3, 50);
	trace_init(&tr, s.m, "replay", 0, 1000, true);
	ck_assert_msg(engine_run(s.m, p, 1000, &tr, err, sizeof(err)), "%s", err);
	for (way = 0; way < 2; way++) {
		f = open_memstream(&out, &len);
		if (way == 0)
			export_html(&tr, "t", NULL, f);
		else
			export_svg(&tr, "t", NULL, f);
		fclose(f);
		assert_contains(out, way == 0 ? "died at line 3: AssertionError: x is not 1" :
		    "died: A");
		free(out);
		out = NULL;
	}
	trace_free(&tr);
	policy_free(p);
	schedule_free(&sched);
	test_scenario_free(&s);
}
END_TEST

START_TEST(engine_steps_and_joins)
{
	struct test_scenario s;
	struct engine *e;
	struct model_step_info info;
	int round;

	test_scenario_text(&s, "x = 0\nthread A:\n    x = 1\nmain:\n    A.start()\n    A.join()\n");
	for (round = 0; round < 50; round++) {
		e = engine_new(s.m, 100);
		ck_assert_ptr_nonnull(e);
		ck_assert(!model_enabled(engine_state(e), 0));
		engine_step(e, 1, 0, &info);		/* main starts A */
		ck_assert_int_eq(info.op, LANG_OP_START);
		ck_assert(model_enabled(engine_state(e), 0));
		if (round % 2 == 0) {			/* sometimes stop half-way */
			engine_step(e, 0, 0, &info);
			engine_step(e, 1, 0, &info);
			ck_assert_int_eq(model_verdict(engine_state(e))->kind, MODEL_OK);
		}
		engine_free(e);
	}
	test_scenario_free(&s);
}
END_TEST

/* Every bundled scenario, by file name. */
static size_t
bundled_scenarios(char names[][128], size_t max)
{
	const char *dir_name = getenv("SCENARIOS_DIR");
	DIR *dir = opendir(dir_name != NULL ? dir_name : "scenarios");
	struct dirent *ent;
	size_t n = 0;

	ck_assert_ptr_nonnull(dir);
	while ((ent = readdir(dir)) != NULL && n < max) {
		size_t len = strlen(ent->d_name);

		if (len > 5 && len < 128 && strcmp(ent->d_name + len - 5, ".race") == 0)
			memcpy(names[n++], ent->d_name, len + 1);
	}
	closedir(dir);
	return n;
}

START_TEST(random_runs_are_deterministic)
{
	char names[64][128];
	size_t n = bundled_scenarios(names, 64), i;
	struct test_scenario s;
	uint64_t seed;

	ck_assert_uint_ge(n, 20);
	for (i = 0; i < n; i++) {
		test_scenario_file(&s, names[i]);
		for (seed = 0; seed < 100; seed++) {
			bool ok1, ok2;
			char *a = run_report(&s, seed % 2 ? POLICY_RANDOM : POLICY_PCT, seed,
			    NULL, &ok1);
			char *b = run_report(&s, seed % 2 ? POLICY_RANDOM : POLICY_PCT, seed,
			    NULL, &ok2);

			ck_assert(ok1 && ok2);
			ck_assert_msg(strcmp(a, b) == 0, "%s seed %d differs:\n%s\n---\n%s",
			    names[i], (int)seed, a, b);
			free(a);
			free(b);
		}
		test_scenario_free(&s);
	}
}
END_TEST

START_TEST(random_policy_finds_both_outcomes)
{
	struct test_scenario s;
	uint64_t seed;
	int lost = 0, kept = 0;

	test_scenario_file(&s, "lost-update.race");
	for (seed = 0; seed < 64; seed++) {
		bool ok;
		char *out = run_report(&s, POLICY_RANDOM, seed, NULL, &ok);

		if (strstr(out, "counter is 1") != NULL)
			lost++;
		else if (strstr(out, "verdict: ok") != NULL)
			kept++;
		free(out);
	}
	ck_assert_int_gt(lost, 0);
	ck_assert_int_gt(kept, 0);
	test_scenario_free(&s);
}
END_TEST

START_TEST(thread_count_is_restored)
{
	struct test_scenario s;
	DIR *dir;
	struct dirent *ent;
	int before = 0, after = 0, i;
	bool ok;

	test_scenario_file(&s, "producer-consumer.race");
	/* one run first: sanitizer runtimes start a helper thread of their own
	 * at the first pthread_create */
	free(run_report(&s, POLICY_RANDOM, 99, NULL, &ok));
	dir = opendir("/proc/self/task");
	if (dir == NULL) {
		test_scenario_free(&s);
		return;		/* no /proc: nothing to count */
	}
	while ((ent = readdir(dir)) != NULL)
		before += ent->d_name[0] != '.';
	closedir(dir);
	for (i = 0; i < 20; i++)
		free(run_report(&s, POLICY_RANDOM, (uint64_t)i, NULL, &ok));
	dir = opendir("/proc/self/task");
	while ((ent = readdir(dir)) != NULL)
		after += ent->d_name[0] != '.';
	closedir(dir);
	ck_assert_int_eq(before, after);
	test_scenario_free(&s);
}
END_TEST

/* The index of the thread called name. */
static int
thread_named(const struct test_scenario *s, const char *name)
{
	size_t t;

	for (t = 0; t < s->prog->nthreads; t++)
		if (strcmp(s->prog->threads[t].name, name) == 0)
			return (int)t;
	ck_abort_msg("no thread %s", name);
	return -1;
}

/* main starts A, then B; Never is never started. */
#define LATE_STARTS \
	"x = 0\nthread A:\n    x += 1\nthread B:\n    x += 1\nthread Never:\n    x = 99\n" \
	"main:\n    A.start()\n    B.start()\n    A.join()\n    B.join()\n" \
	"expect x == 2\n"

/* As CPython makes a Thread's OS thread in start(): a pthread appears at
 * the step that starts its thread, a thread never started never has one,
 * and engine_free leaves none behind.  Counted in /proc. */
START_TEST(threads_are_created_when_started)
{
	struct test_scenario s;
	struct model_step_info info;
	struct engine *e;
	int before = test_baseline_threads(), main_t, a, b, never, round;

	test_scenario_text(&s, LATE_STARTS);
	main_t = thread_named(&s, "main");
	a = thread_named(&s, "A");
	b = thread_named(&s, "B");
	never = thread_named(&s, "Never");
	for (round = 0; round < 20; round++) {
		e = engine_new(s.m, 100);
		ck_assert_ptr_null(engine_error(e));
		ck_assert_ptr_nonnull(engine_frame(e, main_t));
		ck_assert_ptr_null(engine_frame(e, a));
		ck_assert_ptr_null(engine_frame(e, b));
		if (before >= 0)
			ck_assert_int_eq(test_count_threads(), before + 1);
		ck_assert(engine_step(e, main_t, 0, &info));	/* A.start() */
		ck_assert_ptr_nonnull(engine_frame(e, a));
		ck_assert_ptr_null(engine_frame(e, b));
		if (before >= 0)
			ck_assert_int_eq(test_count_threads(), before + 2);
		ck_assert(engine_step(e, a, 0, &info));	/* A loads x before B starts */
		ck_assert(engine_step(e, main_t, 0, &info));	/* B.start() */
		ck_assert_ptr_nonnull(engine_frame(e, b));
		if (before >= 0)
			ck_assert_int_eq(test_count_threads(), before + 3);
		while (model_verdict(engine_state(e))->kind == MODEL_RUNNING) {
			int t = model_enabled(engine_state(e), a) ? a :
			    model_enabled(engine_state(e), b) ? b : main_t;

			ck_assert(engine_step(e, t, 0, &info));
		}
		ck_assert_int_eq(model_verdict(engine_state(e))->kind, MODEL_OK);
		ck_assert_int_eq(model_thread(engine_state(e), never)->status, MODEL_T_NEW);
		ck_assert_ptr_null(engine_frame(e, never));
		if (before >= 0)
			ck_assert_int_eq(test_count_threads(), before + 3);
		engine_free(e);
		if (before >= 0)
			ck_assert_int_eq(test_count_threads(), before);
	}
	test_scenario_free(&s);
}
END_TEST

/* The system refuses a thread (pthread_create fails with EAGAIN): at the
 * start, or at a start() call.  The engine says which thread, takes no
 * more steps, and engine_free joins every thread it did create. */
START_TEST(a_refused_thread_is_an_error)
{
	struct test_scenario s;
	struct model_step_info info;
	struct engine *e;
	char *out;
	bool ok;
	int before = test_baseline_threads(), main_t;

	test_scenario_file(&s, "lost-update.race");
	test_fail_threads_after(1);
	e = engine_new(s.m, 100);
	ck_assert_ptr_nonnull(engine_error(e));
	ck_assert_str_eq(engine_error(e), "cannot create a thread for B: "
	    "Resource temporarily unavailable");
	ck_assert(!engine_step(e, 0, 0, &info));
	engine_free(e);
	test_fail_threads_after(-1);
	if (before >= 0)
		ck_assert_int_eq(test_count_threads(), before);
	test_scenario_free(&s);

	test_scenario_text(&s, LATE_STARTS);
	main_t = thread_named(&s, "main");
	test_fail_threads_after(2);		/* main and A */
	e = engine_new(s.m, 100);
	ck_assert_ptr_null(engine_error(e));
	ck_assert(engine_step(e, main_t, 0, &info));		/* A.start() */
	ck_assert(!engine_step(e, main_t, 0, &info));		/* B.start() */
	ck_assert_int_eq(info.op, LANG_OP_START);
	ck_assert_str_eq(engine_error(e), "cannot create a thread for B: "
	    "Resource temporarily unavailable");
	ck_assert(!engine_step(e, thread_named(&s, "A"), 0, &info));
	ck_assert_int_eq(model_steps(engine_state(e)), 2);
	if (before >= 0)
		ck_assert_int_eq(test_count_threads(), before + 2);
	engine_free(e);
	if (before >= 0)
		ck_assert_int_eq(test_count_threads(), before);

	/* a whole run stops there, with the error and the steps so far */
	test_fail_threads_after(2);
	out = run_report(&s, POLICY_RR, 0, NULL, &ok);
	test_fail_threads_after(-1);
	ck_assert(!ok);
	ck_assert_str_eq(out, "cannot create a thread for B: Resource temporarily unavailable");
	free(out);
	if (before >= 0)
		ck_assert_int_eq(test_count_threads(), before);
	test_scenario_free(&s);
}
END_TEST

/* Tasks of this process allowed on exactly the CPUs of want. */
static int
tasks_on(const cpu_set_t *want)
{
	DIR *dir = opendir("/proc/self/task");
	struct dirent *ent;
	cpu_set_t set;
	int n = 0;

	if (dir == NULL)
		return -1;
	while ((ent = readdir(dir)) != NULL)
		if (ent->d_name[0] != '.' &&
		    sched_getaffinity(atoi(ent->d_name), sizeof(set), &set) == 0 &&
		    CPU_EQUAL(&set, want))
			n++;
	closedir(dir);
	return n;
}

START_TEST(engine_keeps_its_threads_on_one_cpu)
{
	struct test_scenario s;
	struct engine *e, *inner;
	struct model_step_info info;
	cpu_set_t before, during, after;
	pthread_attr_t attr;

	test_scenario_file(&s, "lost-update.race");
	ck_assert_int_eq(pthread_getaffinity_np(pthread_self(), sizeof(before), &before), 0);
	e = engine_new(s.m, 1000);
	ck_assert_ptr_nonnull(e);
	pthread_getaffinity_np(pthread_self(), sizeof(during), &during);
	if (CPU_COUNT(&before) > 1) {
		/* the caller and both workers on one CPU, one the caller may use */
		ck_assert_int_eq(CPU_COUNT(&during), 1);
		CPU_AND(&after, &during, &before);
		ck_assert(CPU_EQUAL(&after, &during));
		if (tasks_on(&during) >= 0)
			ck_assert_int_ge(tasks_on(&during), 3);
		/* a thread that is not the engine's may go anywhere the caller could */
		pthread_attr_init(&attr);
		engine_free_cpus(&attr);
		pthread_attr_getaffinity_np(&attr, sizeof(after), &after);
		ck_assert(CPU_EQUAL(&after, &before));
		pthread_attr_destroy(&attr);
	} else {
		ck_assert(CPU_EQUAL(&during, &before));
	}
	/* a second engine on the same caller shares the CPU and does not
	 * give the caller its affinity back while the first one runs */
	inner = engine_new(s.m, 1000);
	engine_step(inner, 0, 0, &info);
	engine_free(inner);
	pthread_getaffinity_np(pthread_self(), sizeof(after), &after);
	ck_assert(CPU_EQUAL(&after, &during));
	while (model_verdict(engine_state(e))->kind == MODEL_RUNNING)
		engine_step(e, model_enabled(engine_state(e), 0) ? 0 : 1, 0, &info);
	ck_assert_int_eq(model_verdict(engine_state(e))->kind, MODEL_OK);
	engine_free(e);
	pthread_getaffinity_np(pthread_self(), sizeof(after), &after);
	ck_assert(CPU_EQUAL(&after, &before));
	test_scenario_free(&s);
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("engine");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, lost_update_schedules);
	tcase_add_test(tc, deadlock_cycle);
	tcase_add_test(tc, schedule_naming_a_blocked_thread_is_an_error);
	tcase_add_test(tc, replay_needs_the_whole_schedule);
	tcase_add_test(tc, a_raise_waits_for_its_turn);
	tcase_add_test(tc, a_python_exception_ends_its_thread);
	tcase_add_test(tc, a_python_traceback_lists_the_calls);
	tcase_add_test(tc, exports_show_a_dead_thread);
	tcase_add_test(tc, engine_steps_and_joins);
	tcase_add_test(tc, random_runs_are_deterministic);
	tcase_add_test(tc, random_policy_finds_both_outcomes);
	tcase_add_test(tc, thread_count_is_restored);
	tcase_add_test(tc, threads_are_created_when_started);
	tcase_add_test(tc, a_refused_thread_is_an_error);
	tcase_add_test(tc, engine_keeps_its_threads_on_one_cpu);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(engine_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
