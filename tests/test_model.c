/* test_model.c - the step model: every primitive, every blocking rule,
 * every runtime error, verdicts and happens-before. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/compile.h"
#include "model/model.h"
#include "model/tset.h"
#include "model/wait.h"
#include "model/words.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct run {
	struct lang_program *prog;
	struct model_strings strings;
	struct model *m;
	struct model_state *st;
	struct model_frame **frames;
	struct model_step_info info;
};

static struct run *
start_file(const char *path, const char *text, int max_steps, bool python)
{
	struct run *r = xcalloc(1, sizeof(*r));
	struct lang_diags d;
	struct lang_source *src;
	size_t t;

	lang_diags_init(&d);
	src = lang_source_from_memory(path, text, strlen(text), &d);
	r->prog = src != NULL ? lang_compile(src, &d) : NULL;
	if (r->prog == NULL) {
		lang_diags_print(&d, stderr);
		ck_abort_msg("scenario does not compile");
	}
	lang_diags_free(&d);
	r->prog->python = python;
	r->m = model_new(r->prog, &r->strings);
	r->st = model_state_new(r->m, max_steps);
	r->frames = xcalloc(model_nthreads(r->m), sizeof(*r->frames));
	for (t = 0; t < model_nthreads(r->m); t++)
		r->frames[t] = xmalloc(model_frame_size(r->m, (int)t));
	model_state_begin(r->st, r->frames);
	return r;
}

static struct run *
start_as(const char *text, int max_steps, bool python)
{
	return start_file("t.race", text, max_steps, python);
}

static struct run *
start_with_limit(const char *text, int max_steps)
{
	return start_as(text, max_steps, false);
}

static struct run *
start(const char *text)
{
	return start_with_limit(text, 200);
}

/* The text run as a Python program runs (see tests/scenario.h). */
static struct run *
start_python(const char *text)
{
	return start_as(text, 200, true);
}

static void
finish(struct run *r)
{
	size_t t;

	for (t = 0; t < model_nthreads(r->m); t++)
		free(r->frames[t]);
	free(r->frames);
	model_state_free(r->st);
	model_free(r->m);
	lang_program_free(r->prog);
	model_strings_free(&r->strings);
	free(r);
}

static int
thread_named(const struct run *r, const char *name, size_t len)
{
	size_t t;

	for (t = 0; t < r->prog->nthreads; t++)
		if (strlen(r->prog->threads[t].name) == len &&
		    strncmp(r->prog->threads[t].name, name, len) == 0)
			return (int)t;
	ck_abort_msg("no thread %.*s", (int)len, name);
	return -1;
}

/* Run a schedule: thread names separated by spaces, NAME:k for choice k. */
static void
steps(struct run *r, const char *schedule)
{
	const char *p = schedule;

	while (*p != '\0') {
		size_t len = strcspn(p, " :");
		int t = thread_named(r, p, len), choice = 0;

		p += len;
		if (*p == ':') {
			choice = atoi(p + 1);
			p += strcspn(p, " ");
		}
		ck_assert_msg(model_verdict(r->st)->kind == MODEL_RUNNING,
		    "run already ended: %s", model_verdict(r->st)->message);
		ck_assert_msg(model_enabled(r->st, t), "%s is not enabled",
		    r->prog->threads[t].name);
		ck_assert_int_lt(choice, model_choices(r->st, t));
		model_step(r->st, r->frames, t, choice, &r->info);
		while (*p == ' ')
			p++;
	}
}

/* Run round-robin to the end. */
static void
run_out(struct run *r)
{
	int n = (int)model_nthreads(r->m), next = 0, k;

	while (model_verdict(r->st)->kind == MODEL_RUNNING) {
		for (k = 0; k < n; k++)
			if (model_enabled(r->st, (next + k) % n))
				break;
		ck_assert_int_lt(k, n);
		model_step(r->st, r->frames, (next + k) % n, 0, NULL);
		next = (next + k + 1) % n;
	}
}

static bool
enabled(const struct run *r, const char *name)
{
	return model_enabled(r->st, thread_named(r, name, strlen(name)));
}

static void
assert_verdict(const struct run *r, enum model_verdict_kind kind, const char *message)
{
	const struct model_verdict *v = model_verdict(r->st);

	ck_assert_msg(v->kind == kind, "verdict %d (%s), wanted %d", v->kind, v->message,
	    kind);
	if (message != NULL)
		ck_assert_str_eq(v->message, message);
}

static int64_t
value_of(const struct run *r, const char *name, int index)
{
	size_t s;

	for (s = 0; s < r->prog->nshared; s++)
		if (strcmp(r->prog->shared[s].name, name) == 0)
			return model_element_value(r->st,
			    model_element_of(r->m, (int)s, index))->i;
	ck_abort_msg("no shared %s", name);
	return 0;
}

#define LOST_UPDATE "counter = 0\nthread A:\n    counter += 1\nthread B:\n" \
	"    counter += 1\nexpect counter == 2\n"

START_TEST(lost_update_interleaved)
{
	struct run *r = start(LOST_UPDATE);

	steps(r, "A B A B");
	assert_verdict(r, MODEL_EXPECT_FAILED, "expect counter == 2: counter is 1");
	ck_assert_uint_eq(model_nraces(r->st), 2);
	ck_assert_uint_eq(model_race(r->st, 0)->first_step, 2);	/* B's read */
	ck_assert_uint_eq(model_race(r->st, 0)->second_step, 3);	/* A's write */
	finish(r);
}
END_TEST

START_TEST(lost_update_serial_still_races)
{
	struct run *r = start(LOST_UPDATE);

	steps(r, "A A B B");
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "counter", 0), 2);
	ck_assert_uint_ge(model_nraces(r->st), 1);
	finish(r);
}
END_TEST

START_TEST(step_info_values)
{
	struct run *r = start(LOST_UPDATE);

	steps(r, "A");
	ck_assert_int_eq(r->info.op, LANG_OP_LOAD);
	ck_assert(r->info.has_value);
	ck_assert_int_eq(r->info.value.i, 0);
	steps(r, "A");
	ck_assert_int_eq(r->info.op, LANG_OP_STORE);
	ck_assert_int_eq(r->info.value.i, 1);
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_FINISHED);
	finish(r);
}
END_TEST

START_TEST(lock_excludes_and_orders)
{
	struct run *r = start("counter = 0\nm = Lock()\nthread A:\n    with m:\n"
	    "        counter += 1\nthread B:\n    with m:\n        counter += 1\n"
	    "expect counter == 2\n");

	steps(r, "A");
	ck_assert(!enabled(r, "B"));
	{
		char why[200];

		model_blocked_reason(r->st, 1, why, sizeof(why));
		ck_assert_str_eq(why, "waits for m held by A");
	}
	steps(r, "A A A B B B B");
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_uint_eq(model_nraces(r->st), 0);
	finish(r);
}
END_TEST

/* Once a run has ended, no thread waits: a lock that is free is named
 * held by no one (fuzz/run_fuzzer found the UI asking, and the owner -1
 * read as a thread's name). */
START_TEST(no_blocked_reason_after_the_end)
{
	struct run *r = start("x = 0\nm = Lock()\nthread A:\n    with m:\n"
	    "        x = 1\nthread B:\n    x = 1 // x\n");
	char why[200];

	steps(r, "B B");		/* LOAD x, then the raise: a step of its own */
	assert_verdict(r, MODEL_RUNTIME_ERROR, NULL);
	ck_assert(!enabled(r, "A"));
	model_blocked_reason(r->st, 0, why, sizeof(why));
	ck_assert_str_eq(why, "");
	finish(r);
}
END_TEST

/* The decision both worlds share, from facts alone: the model's state and
 * free-run's bookkeeping fill the same struct.  A waiter reacquiring its
 * Condition's Lock is held up only by another thread's hold (free-run's
 * waiter holds the mutex itself between its looks at notified); a Lock its
 * own holder acquires again blocks, an RLock does not; an RWLock writer
 * waits for every reader, itself included, and names them. */
START_TEST(wait_decided_from_facts)
{
	struct model_prim lock, prim;
	struct model_wait w;
	int holders[MODEL_WAIT_MAX_HOLDERS];

	memset(&lock, 0, sizeof(lock));
	memset(&prim, 0, sizeof(prim));
	memset(&w, 0, sizeof(w));
	w.op = LANG_OP_CALL;
	w.prim = &prim;
	w.lock = &lock;

	prim.type = LANG_PRIM_CONDITION;
	lock.type = LANG_PRIM_LOCK;
	lock.owner = 2;
	w.method = LANG_M_WAIT_REACQUIRE;
	tset_add(&prim.notified, 2);
	tset_add(&prim.notified, 1);
	ck_assert(!model_wait_blocked(&w, 2));
	ck_assert(model_wait_blocked(&w, 1));
	tset_clear(&prim.notified);
	ck_assert(model_wait_blocked(&w, 2));

	w.method = LANG_M_ACQUIRE;
	ck_assert(model_wait_blocked(&w, 2));
	lock.type = LANG_PRIM_RLOCK;
	ck_assert(!model_wait_blocked(&w, 2));
	ck_assert(model_wait_blocked(&w, 1));
	ck_assert_int_eq(model_wait_holders(&w, holders), 1);
	ck_assert_int_eq(holders[0], 2);
	prim.type = LANG_PRIM_SEMAPHORE;
	w.lock = &prim;
	prim.owner = -1;
	prim.count = 0;
	ck_assert(model_wait_blocked(&w, 1));
	ck_assert_int_eq(model_wait_holders(&w, holders), 0);
	prim.count = 1;
	ck_assert(!model_wait_blocked(&w, 1));

	prim.type = LANG_PRIM_RWLOCK;
	w.method = LANG_M_ACQUIRE_WRITE;
	tset_add(&prim.readers, 0);
	tset_add(&prim.readers, 3);
	ck_assert(model_wait_blocked(&w, 0));
	ck_assert_int_eq(model_wait_holders(&w, holders), 2);
	ck_assert_int_eq(holders[0], 0);
	ck_assert_int_eq(holders[1], 3);
	w.method = LANG_M_ACQUIRE_READ;
	ck_assert(!model_wait_blocked(&w, 1));
	ck_assert_int_eq(model_wait_holders(&w, holders), 0);

	prim.type = LANG_PRIM_QUEUE;
	w.method = LANG_M_PUT;
	prim.count = 5;
	prim.limit = 0;			/* unbounded */
	ck_assert(!model_wait_blocked(&w, 1));
	prim.limit = 5;
	ck_assert(model_wait_blocked(&w, 1));

	w.op = LANG_OP_JOIN;
	w.target = 3;
	w.ended = false;
	ck_assert(model_wait_blocked(&w, 1));
	ck_assert_int_eq(model_wait_holders(&w, holders), 1);
	ck_assert_int_eq(holders[0], 3);
	w.ended = true;
	ck_assert(!model_wait_blocked(&w, 1));
}
END_TEST

/* An expect names an array's values as Python prints them, a long one cut
 * short after eight (model_shared_words, which the reports share); one
 * only two longer is shown whole. */
START_TEST(expect_names_long_arrays_cut_short)
{
	struct run *r = start("buf = [0] * 11\nsmall = [0] * 10\nthread A:\n"
	    "    buf[9] = 1\n    small[1] = 2\nexpect buf[0] + small[0] == 1\n");

	steps(r, "A A");
	assert_verdict(r, MODEL_EXPECT_FAILED, "expect buf[0] + small[0] == 1: "
	    "buf is [0, 0, 0, 0, 0, 0, 0, 0, ... (3 more)], "
	    "small is [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]");
	finish(r);
}
END_TEST

/* As in Python, task_done() may answer an item not yet taken: the count
 * of unfinished tasks falls below the queue's length, which is consistent
 * (the debug builds' check once said otherwise; tests/test_generated's
 * scenarios found it). */
START_TEST(task_done_before_get)
{
	struct run *r = start("q = Queue()\nthread A:\n    q.put(1)\n    q.task_done()\n"
	    "    q.join()\n    v = q.get()\n");

	steps(r, "A A");
	model_check_consistency(r->st);
	ck_assert_int_eq(model_prim(r->st, 0)->unfinished, 0);
	ck_assert_int_eq(model_prim(r->st, 0)->count, 1);
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

START_TEST(lock_release_unlocked)
{
	struct run *r = start("m = Lock()\nthread A:\n    m.release()\n");

	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: release unlocked lock");
	ck_assert_int_eq(model_verdict(r->st)->line, 3);
	finish(r);
}
END_TEST

START_TEST(lock_self_deadlock_and_rlock_reentry)
{
	struct run *r = start("m = Lock()\nthread A:\n    with m:\n        with m:\n"
	    "            pass\n");

	steps(r, "A");
	assert_verdict(r, MODEL_DEADLOCK, "A waits for m, which it holds "
	    "itself (a Lock is not re-entrant)");
	finish(r);
	r = start("m = RLock()\nthread A:\n    with m:\n        with m:\n"
	    "            pass\n");
	steps(r, "A A");
	ck_assert_int_eq(model_prim(r->st, 0)->depth, 2);
	steps(r, "A A");
	ck_assert_int_eq(model_prim(r->st, 0)->owner, -1);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

/* Primitive p in words, in the register `how`, equal to want. */
static void
assert_words(const struct run *r, int p, enum model_words how, const char *want)
{
	struct strbuf sb = { 0 };

	model_prim_words(r->m, r->st, p, how, &sb);
	ck_assert_str_eq(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

START_TEST(prim_words_both_registers)
{
	struct run *r = start("m = RLock()\nc = Condition()\nq = Queue(2)\n"
	    "s = BoundedSemaphore(2)\nw = RWLock()\nthread A:\n    with m:\n"
	    "        with m:\n            q.put(1)\n            s.acquire()\n"
	    "            w.acquire_read()\n            with c:\n                c.wait()\n"
	    "thread B:\n    with c:\n        c.notify()\n");

	assert_words(r, 0, MODEL_WORDS_BRIEF, "free");
	assert_words(r, 0, MODEL_WORDS_PROSE, "free");
	steps(r, "A A A A A A A");	/* depth 2, q [1], s 1 of 2, w read, c waited */
	assert_words(r, 0, MODEL_WORDS_BRIEF, "A (depth 2)");
	assert_words(r, 0, MODEL_WORDS_PROSE, "held by A (2 deep)");
	assert_words(r, 1, MODEL_WORDS_BRIEF, "free  sleeping: A");
	assert_words(r, 1, MODEL_WORDS_PROSE, "free; waiting: A");
	assert_words(r, 2, MODEL_WORDS_BRIEF, "[1] 1/2");
	assert_words(r, 2, MODEL_WORDS_PROSE, "[1]");
	assert_words(r, 3, MODEL_WORDS_BRIEF, "1 of 2");
	assert_words(r, 3, MODEL_WORDS_PROSE, "count 1 of 2");
	assert_words(r, 4, MODEL_WORDS_BRIEF, "readers A");
	assert_words(r, 4, MODEL_WORDS_PROSE, "read by A");
	steps(r, "B B");		/* B holds c and has woken A */
	assert_words(r, 1, MODEL_WORDS_BRIEF, "B  sleeping: A (woken)");
	assert_words(r, 1, MODEL_WORDS_PROSE, "held by B; woken: A");
	finish(r);
}
END_TEST

START_TEST(rlock_release_by_other_thread)
{
	struct run *r = start("m = RLock()\nthread A:\n    m.acquire()\nthread B:\n"
	    "    m.release()\n");

	steps(r, "A B");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: cannot release "
	    "un-acquired lock");
	finish(r);
	/* a plain Lock may be released by another thread, as in Python */
	r = start("m = Lock()\nthread A:\n    m.acquire()\nthread B:\n    m.release()\n");
	steps(r, "A B");
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

START_TEST(try_acquire)
{
	struct run *r = start("m = Lock()\ngot = [0] * 2\nthread A:\n    m.acquire()\n"
	    "thread B:\n    got[0] = m.acquire(blocking=False)\n    got[1] = m.locked()\n");

	steps(r, "A B");		/* the try-acquire fails at once */
	ck_assert_int_eq(r->info.value.kind, MODEL_BOOL);
	ck_assert_int_eq(r->info.value.i, 0);
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "got", 0), 0);
	ck_assert_int_eq(value_of(r, "got", 1), 1);
	finish(r);
}
END_TEST

/* Issue 17: a timed acquire is enabled while the lock is held, and its
 * step then times out (False); once the lock is free it simply takes it;
 * a thread that can time out is never deadlocked. */
START_TEST(timed_acquire)
{
	struct run *r = start("m = Lock()\ngot = [5] * 2\nthread A:\n    m.acquire()\n"
	    "thread B:\n    got[0] = m.acquire(timeout=0.5)\n    got[1] = m.acquire(True, 2)\n");
	char why[200];

	steps(r, "A");
	ck_assert(enabled(r, "B"));
	ck_assert(model_times_out(r->st, 1));
	model_blocked_reason(r->st, 1, why, sizeof(why));
	ck_assert_str_eq(why, "waits for m held by A");
	steps(r, "B");
	ck_assert(r->info.timed_out);
	ck_assert_int_eq(r->info.value.i, 0);
	steps(r, "B");		/* got[0] = False */
	ck_assert(model_times_out(r->st, 1));
	finish(r);

	r = start("m = Lock()\ngot = 5\nthread A:\n    m.acquire()\n    m.release()\n"
	    "thread B:\n    got = m.acquire(timeout=0.5)\n");
	steps(r, "A A");
	ck_assert(!model_times_out(r->st, 1));
	steps(r, "B");
	ck_assert(!r->info.timed_out);
	ck_assert_int_eq(r->info.value.i, 1);
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);

	/* the timed acquire of a Lock its thread holds times out, not a
	 * self-deadlock */
	r = start("m = Lock()\ngot = 5\nthread A:\n    m.acquire()\n"
	    "    got = m.acquire(timeout=1)\n    m.release()\n");
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "got", 0), 0);
	finish(r);
}
END_TEST

/* A timed Condition.wait that times out leaves the waiters, so a later
 * notify wakes nobody; it still reacquires the lock, a step of its own
 * that waits while another thread holds it, and returns False. */
START_TEST(timed_condition_wait)
{
	struct run *r = start("c = Condition()\nr = 5\nthread W:\n    with c:\n"
	    "        r = c.wait(1)\nthread N:\n    with c:\n        c.notify()\n");
	char why[200];

	steps(r, "W W");	/* takes the lock, releases it and waits */
	ck_assert(model_times_out(r->st, 0));
	steps(r, "N");		/* N takes the lock */
	steps(r, "W");		/* and W times out */
	ck_assert(r->info.timed_out);
	ck_assert(!tset_has(&model_prim(r->st, 0)->waiting, 0));
	ck_assert(!enabled(r, "W"));	/* reacquiring: N holds the lock */
	ck_assert(!model_times_out(r->st, 0));
	model_blocked_reason(r->st, 0, why, sizeof(why));
	ck_assert_str_eq(why, "waits for c held by N");
	steps(r, "N");		/* the notify wakes nobody */
	ck_assert_int_eq(r->info.nwoken, 0);
	steps(r, "N W");
	ck_assert(!r->info.timed_out);
	ck_assert_int_eq(r->info.value.kind, MODEL_BOOL);
	ck_assert_int_eq(r->info.value.i, 0);
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "r", 0), 0);
	finish(r);

	/* notified first: True, and no timeout left to take */
	r = start("c = Condition()\nr = 5\nthread W:\n    with c:\n"
	    "        r = c.wait(1)\nthread N:\n    with c:\n        c.notify()\n");
	steps(r, "W W N N");
	ck_assert(!model_times_out(r->st, 0));
	steps(r, "N W");
	ck_assert_int_eq(r->info.value.i, 1);
	finish(r);
}
END_TEST

/* Event.wait(timeout) begins to wait, then times out with False; a join
 * with a timeout returns while its thread runs on. */
START_TEST(timed_event_wait_and_join)
{
	struct run *r = start("e = Event()\nr = 5\nthread W:\n    r = e.wait(0.1)\n"
	    "thread S:\n    e.set()\n");

	steps(r, "W");
	ck_assert_int_eq(r->info.method, LANG_M_EVENT_BLOCK);
	ck_assert(enabled(r, "W"));
	steps(r, "W");
	ck_assert(r->info.timed_out);
	ck_assert(!tset_has(&model_prim(r->st, 0)->waiting, 0));
	run_out(r);
	ck_assert_int_eq(value_of(r, "r", 0), 0);
	finish(r);

	r = start("x = 0\nthread A:\n    x = 1\nmain:\n    A.start()\n"
	    "    A.join(timeout=1)\n    x = 2\n");
	steps(r, "main main");
	ck_assert(r->info.timed_out);
	ck_assert_int_eq(model_thread(r->st, 1)->status, MODEL_T_ALIVE);
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

START_TEST(semaphore_counts)
{
	struct run *r = start("s = Semaphore(2)\nthread w[3]:\n    s.acquire()\n");

	steps(r, "w[0] w[1]");
	ck_assert(!enabled(r, "w[2]"));
	assert_verdict(r, MODEL_DEADLOCK, "every unfinished thread is blocked: "
	    "w[2] waits for s (count 0)");
	finish(r);
}
END_TEST

START_TEST(bounded_semaphore_over_release)
{
	struct run *r = start("s = BoundedSemaphore(1)\nthread A:\n    s.release()\n");

	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "ValueError: Semaphore released too "
	    "many times");
	finish(r);
	r = start("s = Semaphore(1)\nthread A:\n    s.release()\n");
	steps(r, "A");
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(model_prim(r->st, 0)->count, 2);
	finish(r);
}
END_TEST

#define TWO_WAITERS "c = Condition()\nready = 0\nwho = -1\n" \
	"thread w[2]:\n    with c:\n        c.wait()\n        who = tid\n" \
	"thread N:\n    with c:\n        c.notify()\n"

START_TEST(condition_wait_notify_choice)
{
	struct run *r = start(TWO_WAITERS);

	/* w[0] and w[1] wait (acquire, wait:release), in that order */
	steps(r, "w[0] w[0] w[1] w[1]");
	ck_assert(!enabled(r, "w[0]"));
	ck_assert(!enabled(r, "w[1]"));
	steps(r, "N");			/* acquire */
	ck_assert_int_eq(model_choices(r->st, thread_named(r, "N", 1)), 2);
	steps(r, "N:1");		/* notify: wake the second waiter */
	ck_assert_int_eq(r->info.nwoken, 1);
	ck_assert_int_eq(r->info.woken[0], 1);
	ck_assert(!enabled(r, "w[1]"));	/* notified, but N holds the lock */
	steps(r, "N");			/* release */
	ck_assert(enabled(r, "w[1]"));
	ck_assert(!enabled(r, "w[0]"));
	steps(r, "w[1] w[1] w[1]");	/* reacquire, store, release */
	ck_assert_int_eq(value_of(r, "who", 0), 1);
	assert_verdict(r, MODEL_DEADLOCK, "every unfinished thread is blocked: "
	    "w[0] waits on c to be notified");
	finish(r);
}
END_TEST

START_TEST(condition_default_choice_is_fifo)
{
	struct run *r = start(TWO_WAITERS);

	steps(r, "w[1] w[1] w[0] w[0] N N:0");
	ck_assert_int_eq(r->info.woken[0], 1);	/* w[1] waited first */
	finish(r);
}
END_TEST

START_TEST(condition_needs_lock)
{
	struct run *r = start("c = Condition()\nthread A:\n    c.wait()\n");

	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: cannot wait on "
	    "un-acquired lock");
	finish(r);
	r = start("c = Condition()\nthread A:\n    c.notify_all()\n");
	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: cannot notify on "
	    "un-acquired lock");
	finish(r);
}
END_TEST

START_TEST(condition_over_rlock_restores_depth)
{
	struct run *r = start("m = RLock()\nc = Condition(m)\nthread A:\n"
	    "    with m:\n        with c:\n            c.wait()\n"
	    "thread B:\n    with c:\n        c.notify_all()\n");

	steps(r, "A A A");		/* depth 2, then wait releases entirely */
	ck_assert_int_eq(model_prim(r->st, 0)->owner, -1);
	steps(r, "B B B A");		/* B notifies and releases; A reacquires */
	ck_assert_int_eq(model_prim(r->st, 0)->owner, 0);
	ck_assert_int_eq(model_prim(r->st, 0)->depth, 2);
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

START_TEST(event_blocks_until_set)
{
	struct run *r = start("e = Event()\nx = 0\nthread W:\n    e.wait()\n    x = 1\n"
	    "thread S:\n    e.set()\n");

	/* finding the flag clear, W begins to wait: a step of its own */
	ck_assert(enabled(r, "W"));
	steps(r, "W");
	ck_assert_int_eq(r->info.method, LANG_M_EVENT_BLOCK);
	ck_assert(!enabled(r, "W"));
	steps(r, "S W");
	ck_assert_int_eq(r->info.method, LANG_M_EVENT_WAIT);
	steps(r, "W");
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_uint_eq(model_nraces(r->st), 0);
	finish(r);
}
END_TEST

START_TEST(event_set_releases_current_waiters)
{
	/* set() then clear() before the waiter runs: it still returns, as in
	 * Python; a thread that starts waiting after the clear() does not */
	struct run *r = start("e = Event()\ngot = 0\nthread W:\n    e.wait()\n"
	    "    got = 1\nthread S:\n    e.set()\n    e.clear()\n"
	    "thread L:\n    sleep(1)\n    e.wait()\n");

	steps(r, "W S S");
	ck_assert(enabled(r, "W"));
	steps(r, "L");
	ck_assert(enabled(r, "L"));
	steps(r, "L");
	ck_assert(!enabled(r, "L"));
	steps(r, "W W");
	ck_assert_int_eq(value_of(r, "got", 0), 1);
	assert_verdict(r, MODEL_DEADLOCK, "every unfinished thread is blocked: "
	    "L waits for e to be set");
	finish(r);
}
END_TEST

START_TEST(event_pulse_misses_a_thread_not_yet_waiting)
{
	/* issue 13: set() wakes only the threads already inside wait(); one
	 * whose next step is wait() has not reached it, and after set() and
	 * clear() it waits for good, as in CPython */
	struct run *r = start("e = Event()\nthread W:\n    e.wait()\nthread S:\n"
	    "    e.set()\n    e.clear()\n");

	steps(r, "S S W");
	assert_verdict(r, MODEL_DEADLOCK, "every unfinished thread is blocked: "
	    "W waits for e to be set");
	finish(r);
	/* with the flag set, wait() returns at once: one step */
	r = start("e = Event()\nthread W:\n    e.wait()\nthread S:\n    e.set()\n");
	steps(r, "S W");
	ck_assert_int_eq(r->info.method, LANG_M_EVENT_WAIT);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

START_TEST(barrier_generations)
{
	struct run *r = start("b = Barrier(2)\nidx = [0] * 2\nthread w[2]:\n"
	    "    i = b.wait()\n    idx[tid] = i\n");

	steps(r, "w[1]");		/* arrive */
	ck_assert(!enabled(r, "w[1]"));
	steps(r, "w[0]");
	ck_assert(enabled(r, "w[1]"));
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "idx", 1), 0);
	ck_assert_int_eq(value_of(r, "idx", 0), 1);
	ck_assert_int_eq(model_prim(r->st, 0)->flag, MODEL_BARRIER_FILLING);
	ck_assert_int_eq(model_prim(r->st, 0)->count, 0);
	finish(r);
}
END_TEST

START_TEST(barrier_drains_before_the_next_round)
{
	/* as CPython's _enter: a thread that comes back for the next round
	 * waits until every thread of the last one has left wait() */
	struct run *r = start("b = Barrier(2)\nthread w[2]:\n    b.wait()\n    b.wait()\n");
	char why[160];

	steps(r, "w[0] w[1] w[1]");	/* both arrive; the last leaves at once */
	ck_assert_int_eq(model_prim(r->st, 0)->flag, MODEL_BARRIER_DRAINING);
	ck_assert(!enabled(r, "w[1]"));
	model_blocked_reason(r->st, 1, why, sizeof(why));
	ck_assert_str_eq(why, "waits for b to drain (1 still in wait())");
	steps(r, "w[0]");		/* the other leaves: the round is over */
	ck_assert_int_eq(model_prim(r->st, 0)->flag, MODEL_BARRIER_FILLING);
	ck_assert(enabled(r, "w[1]"));
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

START_TEST(barrier_wait_times_out_only_while_it_fills)
{
	/* CPython's _wait: a waiter out of time breaks the barrier for all;
	 * once the last has arrived, a timed waiter passes */
	struct run *r = start("b = Barrier(3)\ngot = [0] * 3\nthread w[3]:\n"
	    "    got[tid] = b.wait(1)\n");

	steps(r, "w[0]");
	ck_assert(model_times_out(r->st, 0));
	steps(r, "w[1] w[2]");		/* the last arrives: nobody times out */
	ck_assert(!model_times_out(r->st, 0));
	ck_assert(enabled(r, "w[0]"));
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);

	r = start("b = Barrier(3)\nthread w[3]:\n    b.wait(1)\n");
	steps(r, "w[0] w[1] w[0]");	/* w[0] times out */
	ck_assert(r->info.timed_out);
	ck_assert_int_eq(model_prim(r->st, 0)->flag, MODEL_BARRIER_BROKEN);
	ck_assert_int_eq(model_prim(r->st, 0)->count, 1);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "threading.BrokenBarrierError");
	finish(r);
}
END_TEST

START_TEST(barrier_reset_breaks_the_waiters_then_fills_again)
{
	/* CPython's reset(): the threads in wait() raise BrokenBarrierError,
	 * the last of them out leaves the barrier as it was made; reset() of a
	 * broken barrier with nobody in it mends it at once */
	struct run *r = start("b = Barrier(3)\nthread A:\n    b.wait()\n"
	    "thread R:\n    b.reset()\n    b.abort()\n    b.reset()\n");

	steps(r, "A R");
	ck_assert_int_eq(model_prim(r->st, 0)->flag, MODEL_BARRIER_RESETTING);
	ck_assert_int_eq(model_prim(r->st, 0)->count, 1);
	ck_assert(enabled(r, "A"));
	steps(r, "R");			/* abort() while resetting: broken */
	ck_assert_int_eq(model_prim(r->st, 0)->flag, MODEL_BARRIER_BROKEN);
	steps(r, "R");			/* reset() with A still in wait() */
	ck_assert_int_eq(model_prim(r->st, 0)->flag, MODEL_BARRIER_RESETTING);
	steps(r, "A");
	ck_assert_int_eq(model_prim(r->st, 0)->flag, MODEL_BARRIER_FILLING);
	ck_assert_int_eq(model_prim(r->st, 0)->count, 0);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "threading.BrokenBarrierError");
	finish(r);
}
END_TEST

START_TEST(queue_blocks_and_counts)
{
	struct run *r = start("q = Queue(1)\ntotal = 0\nthread P:\n    q.put(5)\n"
	    "    q.put(6)\n    q.join()\nthread C:\n    total = q.get()\n    q.task_done()\n"
	    "    total += q.get()\n    q.task_done()\n");

	ck_assert(!enabled(r, "C"));	/* empty */
	steps(r, "P");
	ck_assert(!enabled(r, "P"));	/* full */
	steps(r, "C C");
	ck_assert_int_eq(value_of(r, "total", 0), 5);
	steps(r, "P");
	ck_assert(!enabled(r, "P"));	/* join: one unfinished */
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "total", 0), 11);
	finish(r);
}
END_TEST

/* A result-returning call used as a statement leaves nothing on the stack:
 * the frame is exactly as large as the compiler computed. */
START_TEST(unused_results_are_not_pushed)
{
	struct run *r = start("q = Queue()\ne = Event()\nm = Lock()\nthread A:\n"
	    "    y = 7\n    q.put(1)\n    q.put(2)\n    q.get()\n    q.qsize()\n"
	    "    q.empty()\n    q.full()\n    e.is_set()\n    m.locked()\n"
	    "    x = q.get()\n    assert x == 2 and y == 7\n");

	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

START_TEST(judge_final_values)
{
	struct run *r = start(LOST_UPDATE);
	struct model_value values[1] = { { MODEL_INT, 0, 1 } };
	struct model_verdict v;

	model_judge(r->m, values, NULL, &v);
	ck_assert_int_eq(v.kind, MODEL_EXPECT_FAILED);
	ck_assert_str_eq(v.message, "expect counter == 2: counter is 1");
	ck_assert_int_eq(v.expect, 0);
	values[0].i = 2;
	model_judge(r->m, values, NULL, &v);
	ck_assert_int_eq(v.kind, MODEL_OK);
	finish(r);
}
END_TEST

/* An expect runs on the threads' interpreter (eval.c): the same operators,
 * the same raises, named by the expect. */
START_TEST(expect_raises_as_a_thread_would)
{
	struct run *r = start("s = 'a'\nx = 'ab' * 2\nthread A:\n    s = 'b'\n"
	    "    assert x == 'abab'\nexpect -s == 1\n");

	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "TypeError: bad operand type for unary - "
	    "in expect -s == 1");
	finish(r);
}
END_TEST

START_TEST(queue_task_done_too_many)
{
	struct run *r = start("q = Queue()\nthread A:\n    q.task_done()\n");

	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "ValueError: task_done() called too "
	    "many times");
	finish(r);
}
END_TEST

START_TEST(rwlock_readers_share_writer_excludes)
{
	struct run *r = start("rw = RWLock()\nx = 0\nthread R[2]:\n    rw.acquire_read()\n"
	    "    y = x\n    rw.release_read()\nthread W:\n    rw.acquire_write()\n"
	    "    x = 1\n    rw.release_write()\n");

	steps(r, "R[0] R[1]");
	ck_assert(!enabled(r, "W"));
	steps(r, "R[0] R[0] R[1] R[1] W");
	ck_assert(!enabled(r, "R[0]") || model_thread(r->st, 0)->status == MODEL_T_FINISHED);
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_uint_eq(model_nraces(r->st), 0);
	finish(r);
}
END_TEST

START_TEST(threads_start_and_join)
{
	struct run *r = start("x = 0\nthread A:\n    x = 1\nmain:\n    A.start()\n"
	    "    A.join()\n    x = 2\nexpect x == 2\n");

	ck_assert(!enabled(r, "A"));
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_NEW);
	steps(r, "main");
	ck_assert(enabled(r, "A"));
	ck_assert(!enabled(r, "main"));	/* join waits */
	steps(r, "A main main");
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_uint_eq(model_nraces(r->st), 0);	/* start and join order them */
	finish(r);
}
END_TEST

START_TEST(thread_errors)
{
	struct run *r = start("thread A:\n    pass\nmain:\n    A.start()\n    A.start()\n");

	steps(r, "main main");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: threads can only be "
	    "started once");
	finish(r);
	r = start("thread A:\n    pass\nmain:\n    A.join()\n");
	steps(r, "main");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: cannot join thread "
	    "before it is started");
	finish(r);
}
END_TEST

START_TEST(more_runtime_errors)
{
	struct run *r = start("thread A:\n    A.join()\nmain:\n    A.start()\n");

	steps(r, "main A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: cannot join current thread");
	finish(r);
	r = start("rw = RWLock()\nthread A:\n    rw.release_read()\n");
	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: release_read() without "
	    "acquire_read()");
	finish(r);
	r = start("rw = RWLock()\nthread A:\n    rw.acquire_read()\n    rw.release_write()\n");
	steps(r, "A A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: release_write() without "
	    "acquire_write()");
	finish(r);
	r = start("q = Queue()\nthread A:\n    for i in range(65):\n        q.put(i)\n");
	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "MemoryError: a Queue holds at most 64 "
	    "items in lockstep");
	finish(r);
	r = start("s = 'ab'\nthread A:\n    for i in range(10):\n        s = s + s\n");
	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "MemoryError: a string longer than 256 bytes");
	finish(r);
	r = start("x = 9223372036854775807\nthread A:\n    x += 1\n");
	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "OverflowError: the result does not fit in "
	    "64 bits");
	finish(r);
}
END_TEST

START_TEST(calls_as_statements_push_nothing)
{
	/* q.get() and friends used as statements leave the stack as it was:
	 * the frame is sized for exactly what the program keeps */
	struct run *r = start("q = Queue()\nm = Lock()\ne = Event()\nx = 0\n"
	    "thread A:\n    for i in range(20):\n        q.put(i)\n        q.get()\n"
	    "        q.qsize()\n        q.empty()\n        q.full()\n        m.locked()\n"
	    "        e.is_set()\n    x = 1\nexpect x == 1\n");

	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	finish(r);
}
END_TEST

START_TEST(daemon_stopped_at_end)
{
	struct run *r = start("q = Queue()\nthread P:\n    q.put(1)\n"
	    "daemon thread D:\n    while True:\n        x = q.get()\n");

	ck_assert(!enabled(r, "D"));	/* nothing to get yet */
	steps(r, "P");
	/* P is done, but D could get: the program's exit is P's next step */
	ck_assert_int_eq(model_verdict(r->st)->kind, MODEL_RUNNING);
	ck_assert_int_eq(model_exit_pending(r->st), 0);
	ck_assert(enabled(r, "P") && enabled(r, "D"));
	steps(r, "P");			/* the exit: D is stopped */
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_FINISHED);
	ck_assert_int_eq(model_thread(r->st, 1)->status, MODEL_T_STOPPED);
	ck_assert_uint_eq(model_steps(r->st), 2);
	finish(r);
}
END_TEST

/* CPython stops daemons only when the program exits, and they run until
 * then: a daemon may step between the last other thread's end and the
 * exit; once no daemon can step the run ends there. */
START_TEST(daemon_runs_before_exit)
{
	struct run *r = start("q = Queue()\ngot = 0\nthread P:\n    q.put(1)\n"
	    "daemon thread D:\n    while True:\n        x = q.get()\n        got += x\n");

	steps(r, "P D");		/* D gets after P has finished */
	ck_assert_int_eq(model_exit_pending(r->st), 0);
	steps(r, "D D");		/* D adds to got, then waits in get() */
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "got", 0), 1);
	ck_assert_int_eq(model_thread(r->st, 1)->status, MODEL_T_STOPPED);
	finish(r);
}
END_TEST

/* Threads with no step end before the first one; the last of them holds
 * the exit.  A thread that joins one whose only step left is the exit
 * joins an ended thread. */
START_TEST(exit_after_threads_without_steps)
{
	struct run *r = start("x0 = 0\nthread w[2]:\n    pass\n"
	    "daemon thread D:\n    w[0].join()\n    x0 += 1\n");

	ck_assert_int_eq(model_exit_pending(r->st), 1);
	ck_assert(enabled(r, "D"));
	steps(r, "D D D");		/* join, load, store */
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "x0", 0), 1);
	finish(r);
}
END_TEST

/* Without a daemon nothing changes: the last thread's end joins its last
 * step. */
START_TEST(no_exit_step_without_daemons)
{
	struct run *r = start("x = 0\nthread A:\n    x = 1\n");

	ck_assert_int_eq(model_exit_pending(r->st), -1);
	steps(r, "A");
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_uint_eq(model_steps(r->st), 1);
	finish(r);
}
END_TEST

START_TEST(atomic_block_is_one_step_without_race)
{
	struct run *r = start("counter = 0\nthread w[2]:\n    atomic:\n"
	    "        counter += 1\nexpect counter == 2\n");

	steps(r, "w[0]");
	ck_assert_int_eq(value_of(r, "counter", 0), 1);
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_FINISHED);
	steps(r, "w[1]");
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_uint_eq(model_nraces(r->st), 0);
	ck_assert_uint_eq(model_steps(r->st), 2);
	finish(r);
}
END_TEST

START_TEST(runtime_errors)
{
	struct run *r = start("a = [0] * 2\nthread A:\n    i = 2\n    a[i] = 1\n");

	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "IndexError: index 2 out of range for a "
	    "of size 2");
	finish(r);
	r = start("z = 0\nthread A:\n    x = 1 // z\n    z = 1\n");
	steps(r, "A A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "ZeroDivisionError: integer division or "
	    "modulo by zero");
	ck_assert_int_eq(model_verdict(r->st)->line, 3);
	finish(r);
	r = start("s = 'a'\nthread A:\n    x = s + 1\n    s = 'b'\n");
	steps(r, "A A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "TypeError: unsupported operand type(s) "
	    "for +: 'str' and 'int'");
	finish(r);
}
END_TEST

START_TEST(assertion_failed)
{
	struct run *r = start("n = 0\nthread A:\n    assert n > 0, \"n must be positive\"\n"
	    "thread B:\n    n = 1\n");

	steps(r, "A A");
	assert_verdict(r, MODEL_ASSERT_FAILED, "AssertionError: n must be positive");
	ck_assert_int_eq(model_verdict(r->st)->thread, 0);
	ck_assert_int_eq(model_verdict(r->st)->line, 3);
	finish(r);
}
END_TEST

START_TEST(raise_is_a_step)
{
	/* issue 13: B's assert fires after A's store if the schedule says so */
	struct run *r = start("x = 0\nthread A:\n    x = 1\nthread B:\n    assert False\n");

	ck_assert_int_eq(model_verdict(r->st)->kind, MODEL_RUNNING);
	ck_assert_int_eq(model_thread(r->st, 1)->pending.op, LANG_OP_RAISE);
	ck_assert_int_eq(model_thread(r->st, 1)->pending.line, 5);
	ck_assert(enabled(r, "B"));
	steps(r, "A B");
	ck_assert_int_eq(value_of(r, "x", 0), 1);
	assert_verdict(r, MODEL_ASSERT_FAILED, "AssertionError");
	ck_assert_int_eq(r->info.op, LANG_OP_RAISE);
	ck_assert_int_eq(r->info.line, 5);
	ck_assert_str_eq(model_strings_get(&r->strings, r->info.value.i), "AssertionError");
	finish(r);
	/* a raise after a visible action is a step of its own too, and the
	 * frame waits at the raising instruction with its operands: 1 // 0 */
	r = start("z = 0\nx = 0\nthread A:\n    x = 1 // z\nthread B:\n    z = 1\n");
	steps(r, "A");
	ck_assert_int_eq(model_thread(r->st, 0)->pending.op, LANG_OP_RAISE);
	steps(r, "B A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "ZeroDivisionError: integer division or "
	    "modulo by zero");
	finish(r);
	/* a bad index in naming a primitive; the other thread, blocked, is no
	 * deadlock while the raise is to come */
	r = start("m = [Lock() for i in range(2)]\nthread A:\n    i = 2\n    m[i].acquire()\n"
	    "thread B:\n    m[0].acquire()\n    m[0].acquire()\n");
	steps(r, "B");
	ck_assert(!enabled(r, "B"));
	ck_assert_int_eq(model_verdict(r->st)->kind, MODEL_RUNNING);
	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "IndexError: index 2 out of range for m "
	    "of size 2");
	finish(r);
	/* the run ends at the raise, whoever else could still move */
	r = start("x = 0\nthread A:\n    y = -'s'\nthread B:\n    x = 1\n");
	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "TypeError: bad operand type for unary -");
	ck_assert_int_eq(value_of(r, "x", 0), 0);
	finish(r);
}
END_TEST

START_TEST(constants_are_not_steps)
{
	/* issue 14: reading a name no thread writes takes no step, and the
	 * verdict does not list its value */
	struct run *r = start("N = 2\nstep = [1, 2]\ncounter = 0\nthread A:\n"
	    "    for i in range(N):\n        counter += step[i]\n"
	    "expect counter == N * 10\n");

	run_out(r);
	ck_assert_uint_eq(model_steps(r->st), 4);
	assert_verdict(r, MODEL_EXPECT_FAILED, "expect counter == N * 10: counter is 3");
	finish(r);
	/* an index out of range in a constant array raises, as a step */
	r = start("step = [1, 2]\nthread A:\n    i = 2\n    x = step[i]\n");
	ck_assert_int_eq(model_thread(r->st, 0)->pending.op, LANG_OP_RAISE);
	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "IndexError: index 2 out of range for step "
	    "of size 2");
	finish(r);
}
END_TEST

START_TEST(no_progress)
{
	struct run *r = start("thread A:\n    while True:\n        pass\n");

	assert_verdict(r, MODEL_NO_PROGRESS, NULL);
	finish(r);
	r = start("x = 0\nthread A:\n    while True:\n        x += 1\n");
	run_out(r);
	assert_verdict(r, MODEL_NO_PROGRESS, "the step limit (200 steps) was reached "
	    "with threads still running");
	finish(r);
}
END_TEST

/* A thread's local instructions run in one call of the interpreter
 * (model_eval_run): it stops at a heap operation, which is a step only if
 * its object is shared, and goes on past a private one; it goes from code
 * to code through calls and returns; and a raise leaves the frame where
 * it raised, as the pending step. */
START_TEST(local_runs_stop_where_they_must)
{
	struct run *r = start("x = 0\nthread A:\n    xs = []\n    for i in range(3):\n"
	    "        xs.append(i)\n    y = xs[1] // xs[0]\n    x = 1\n");

	ck_assert_int_eq(model_thread(r->st, 0)->pending.op, LANG_OP_RAISE);
	ck_assert_int_eq(model_thread(r->st, 0)->pending.line, 6);
	ck_assert_uint_eq(model_steps(r->st), 0);
	steps(r, "A");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "ZeroDivisionError: integer division or "
	    "modulo by zero");
	finish(r);
	r = start("x = 1\ndef f(n):\n    k = n * 2\n    return k + x\n"
	    "thread A:\n    y = f(3) + 1\n    x = y\n");
	ck_assert_int_eq(model_thread(r->st, 0)->pending.op, LANG_OP_LOAD);
	ck_assert_int_eq(model_thread(r->st, 0)->pending.func, 0);
	steps(r, "A");
	ck_assert_int_eq(model_thread(r->st, 0)->pending.op, LANG_OP_STORE);
	ck_assert_int_eq(model_thread(r->st, 0)->pending.func, -1);
	steps(r, "A");
	ck_assert_int_eq(value_of(r, "x", 0), 8);
	finish(r);
}
END_TEST

START_TEST(deadlock_cycle_in_words)
{
	struct run *r = start("m1 = Lock()\nm2 = Lock()\nthread A:\n    with m1:\n"
	    "        with m2:\n            pass\nthread B:\n    with m2:\n"
	    "        with m1:\n            pass\n");

	steps(r, "A B");
	assert_verdict(r, MODEL_DEADLOCK, "A waits for m2 held by B; "
	    "B waits for m1 held by A");
	finish(r);
}
END_TEST

START_TEST(print_output_in_step)
{
	struct run *r = start("x = 7\nthread A:\n    y = x\n    print('x is', y)\n"
	    "thread B:\n    x = 8\n");

	steps(r, "A");		/* LOAD x: nothing printed yet */
	ck_assert_str_eq(r->info.output, "");
	ck_assert_str_eq(model_output(r->st), "");
	/* the print is steps of its own, a write each, as CPython's: the
	 * first value, the separator, the second, the end of the line */
	steps(r, "A");
	ck_assert_int_eq(r->info.op, LANG_OP_PRINT);
	ck_assert_str_eq(r->info.output, "x is");
	steps(r, "A");
	ck_assert_str_eq(r->info.output, " ");
	steps(r, "B");		/* x = 8 now: the print has its value already */
	steps(r, "A");
	ck_assert_str_eq(r->info.output, "7");
	ck_assert_str_eq(model_output(r->st), "x is 7");
	steps(r, "A");
	ck_assert_int_eq(r->info.op, LANG_OP_PRINT);
	ck_assert_str_eq(r->info.output, "\n");
	ck_assert_str_eq(model_output(r->st), "x is 7\n");
	finish(r);
}
END_TEST

/* print(a, b, sep=S, end=E) writes str(a), S, str(b), E, a step each, in
 * the order CPython writes them, from a function too (which alone makes
 * the program one that prints); a bad sep= or end= is known before the
 * first write: a raise of its own, which in a Python program ends only
 * its thread, having printed nothing. */
START_TEST(print_pieces_with_sep_and_end)
{
	struct run *r = start_python("def say(a, b):\n    print(a, b, sep=', ', end='!\\n')\n"
	    "thread A:\n    say(1, 'x')\nthread B:\n    say(2, 'y')\n");
	const char *const want[] = { "1", ", ", "x", "!\n" };
	int k;

	ck_assert(model_prints(r->m));
	for (k = 0; k < 4; k++) {
		steps(r, "A");
		ck_assert_int_eq(r->info.op, LANG_OP_PRINT);
		ck_assert_str_eq(r->info.output, want[k]);
		if (k == 1)
			steps(r, "B B");	/* B writes between two of A's */
	}
	ck_assert_str_eq(model_output(r->st), "1, 2, x!\n");
	finish(r);
	r = start_python("x = 0\nthread A:\n    print('a', end=5)\n    x = 1\n"
	    "thread B:\n    x = 2\n");
	ck_assert_int_eq(model_thread(r->st, 0)->pending.op, LANG_OP_RAISE);
	steps(r, "A");
	ck_assert_int_eq(model_verdict(r->st)->kind, MODEL_RUNNING);
	ck_assert_str_eq(model_thread_raised(r->st, 0),
	    "TypeError: end must be None or a string, not int");
	ck_assert_str_eq(model_output(r->st), "");
	steps(r, "B");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "TypeError: end must be None or a string, "
	    "not int");
	ck_assert_int_eq(value_of(r, "x", 0), 2);
	finish(r);
}
END_TEST

#define TWO_PRINTERS "thread A:\n    print('a')\nthread B:\n    print('b')\n"

/* The same final values and the same threads' places, printed in another
 * order: two different states, so the explorer's visited set keeps both
 * histories. */
START_TEST(output_is_part_of_the_state)
{
	struct run *x = start(TWO_PRINTERS);
	struct model_state *y = model_state_clone(x->st);
	struct model_frame *yf[2];
	size_t lx, ly, t;
	const void *bx, *by;

	for (t = 0; t < 2; t++) {	/* the other history, in the same string table */
		yf[t] = xmalloc(model_frame_size(x->m, (int)t));
		memcpy(yf[t], x->frames[t], model_frame_size(x->m, (int)t));
	}
	steps(x, "A A B B");
	model_step(y, yf, 1, 0, NULL);
	model_step(y, yf, 1, 0, NULL);
	model_step(y, yf, 0, 0, NULL);
	model_step(y, yf, 0, 0, NULL);
	ck_assert_int_eq(model_verdict(x->st)->kind, MODEL_OK);
	ck_assert_int_eq(model_verdict(y)->kind, MODEL_OK);
	ck_assert_str_eq(model_output(x->st), "a\nb\n");
	ck_assert_str_eq(model_output(y), "b\na\n");
	bx = model_state_bytes(x->st, &lx);
	by = model_state_bytes(y, &ly);
	ck_assert_uint_eq(lx, ly);
	ck_assert(memcmp(bx, by, lx) != 0);
	for (t = 0; t < 2; t++)
		free(yf[t]);
	model_state_free(y);
	finish(x);
}
END_TEST

/* A program that never prints has no room for an output in its state. */
START_TEST(no_print_no_room)
{
	struct run *quiet = start("x = 0\nthread A:\n    x = 1\n");
	struct run *loud = start("x = 0\nthread A:\n    x = 1\n    print(x)\n");
	size_t lq, ll;

	model_state_bytes(quiet->st, &lq);
	model_state_bytes(loud->st, &ll);
	ck_assert(!model_prints(quiet->m));
	ck_assert(model_prints(loud->m));
	ck_assert_uint_gt(ll, lq);
	ck_assert_int_eq(model_output_id(quiet->st), -1);
	ck_assert_str_eq(model_output(quiet->st), "");
	finish(quiet);
	finish(loud);
}
END_TEST

/* Past MODEL_OUTPUT_MAX bytes the output is cut and marked, and later
 * prints add nothing: the state stops growing. */
START_TEST(output_is_cut_at_the_limit)
{
	struct run *r = start("thread A:\n    for i in range(100):\n"
	    "        print('0123456789012345678901234567890123456789012345678')\n");
	const char *out;
	size_t len;
	int64_t id = -2;

	while (model_verdict(r->st)->kind == MODEL_RUNNING) {
		steps(r, "A");
		if (strlen(model_output(r->st)) > MODEL_OUTPUT_MAX) {
			if (id == -2)
				id = model_output_id(r->st);
			ck_assert_int_eq(model_output_id(r->st), id);
		}
	}
	out = model_output(r->st);
	len = strlen(out);
	ck_assert_uint_gt(len, MODEL_OUTPUT_MAX);
	ck_assert_uint_le(len, MODEL_OUTPUT_MAX + 1 + strlen(MODEL_OUTPUT_CUT));
	ck_assert_str_eq(out + len - strlen(MODEL_OUTPUT_CUT), MODEL_OUTPUT_CUT);
	/* 81 whole lines of 50 bytes fit, the 82nd is cut at the limit */
	ck_assert_int_eq(strncmp(out + 81 * 50, "0123456", 7), 0);
	ck_assert_int_eq(out[MODEL_OUTPUT_MAX], '\n');
	finish(r);
}
END_TEST

START_TEST(clone_is_independent)
{
	struct run *r = start(LOST_UPDATE);
	struct model_state *copy;
	size_t la, lb;
	const void *a, *b;

	steps(r, "A");
	copy = model_state_clone(r->st);
	a = model_state_bytes(r->st, &la);
	b = model_state_bytes(copy, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	steps(r, "B");
	ck_assert(memcmp(model_state_bytes(r->st, &la), model_state_bytes(copy, &lb), la) != 0);
	model_state_free(copy);
	finish(r);
}
END_TEST

/* Packing keeps what the run goes on with, the happens-before clocks
 * included: the unpacked state steps and finds races exactly as the
 * original does, under a short step limit and a long one. */
static const int pack_limits[] = { 200, 70000 };

START_TEST(pack_and_unpack_go_on_alike)
{
	int limit = pack_limits[_i];
	struct run *r = start_with_limit(LOST_UPDATE, limit);
	struct model_state *other = model_state_new(r->m, limit);
	struct model_frame *frames[2];
	unsigned char *buf = xmalloc(model_state_packed_size(r->st));
	const void *a, *b;
	size_t la, lb, t;
	const char *order = "BAB";

	steps(r, "A");
	model_state_pack(r->st, buf);
	for (t = 0; t < 2; t++) {
		frames[t] = xmalloc(model_frame_size(r->m, (int)t));
		memcpy(frames[t], r->frames[t], model_frame_size(r->m, (int)t));
	}
	model_state_unpack(other, buf);
	a = model_state_bytes(r->st, &la);
	b = model_state_bytes(other, &lb);
	ck_assert(la == lb && memcmp(a, b, la) == 0);
	ck_assert_uint_eq(model_steps(other), 1);
	for (; *order != '\0'; order++) {
		model_step(r->st, r->frames, *order - 'A', 0, NULL);
		model_step(other, frames, *order - 'A', 0, NULL);
	}
	ck_assert(memcmp(a, b, la) == 0);
	ck_assert_int_eq(model_verdict(other)->kind, MODEL_EXPECT_FAILED);
	ck_assert_uint_eq(model_nraces(other), model_nraces(r->st));
	ck_assert_uint_eq(model_nraces(other), 2);
	model_state_unpack(other, buf);
	ck_assert_int_eq(model_verdict(other)->kind, MODEL_RUNNING);
	ck_assert_uint_eq(model_nraces(other), 0);
	for (t = 0; t < 2; t++)
		free(frames[t]);
	free(buf);
	model_state_free(other);
	finish(r);
}
END_TEST

/* A set of threads across its words: members past 63 are kept apart
 * from those below, counted, and iterated in order. */
START_TEST(thread_sets_span_words)
{
	static const int members[] = { 0, 1, 63, 64, 65, 100, LANG_MAX_THREADS - 1 };
	const int count = (int)(sizeof(members) / sizeof(members[0]));
	struct tset s, t;
	int i, n = 0, at;

	ck_assert_int_ge(LANG_MAX_THREADS, 128);
	tset_clear(&s);
	ck_assert(tset_empty(&s));
	ck_assert_int_eq(tset_next(&s, 0), -1);
	for (i = 0; i < count; i++)
		tset_add(&s, members[i]);
	ck_assert_int_eq(tset_count(&s), count);
	ck_assert(tset_has(&s, 64) && !tset_has(&s, 2) && !tset_has(&s, 66));
	for (at = tset_next(&s, 0); at >= 0; at = tset_next(&s, at + 1))
		ck_assert_int_eq(at, members[n++]);
	ck_assert_int_eq(n, count);
	ck_assert_int_eq(tset_next(&s, 66), 100);
	tset_del(&s, 0);
	ck_assert(!tset_has(&s, 0) && tset_has(&s, 64));	/* 64 is not bit 0 */
	tset_clear(&t);
	tset_add(&t, 100);
	ck_assert(tset_meets(&s, &t));
	tset_del(&s, 100);
	ck_assert(!tset_meets(&s, &t));
	t = tset_union(&s, &t);
	ck_assert_int_eq(tset_count(&t), tset_count(&s) + 1);
	ck_assert_int_eq(tset_next(&t, LANG_MAX_THREADS), -1);
}
END_TEST


/* ---- functions ---- */

#define BUMP "counter = 0\n" \
	"def bump(by=1):\n" \
	"    global counter\n" \
	"    counter += by\n" \
	"    return counter\n" \
	"thread A:\n" \
	"    x = bump()\n" \
	"    y = bump(by=x + 1)\n" \
	"    assert y == 3, \"y\"\n" \
	"thread B:\n" \
	"    pass\n"

/* A shared access in a function is a step as in a thread block: += is
 * LOAD then STORE, and return counter a LOAD; calls and returns are not
 * steps; the step names the function it is in. */
START_TEST(function_steps_are_its_shared_accesses)
{
	struct run *r = start(BUMP);
	int f;

	ck_assert_uint_eq(r->prog->nfunctions, 1);
	f = 0;
	steps(r, "A");
	ck_assert_int_eq(r->info.op, LANG_OP_LOAD);
	ck_assert_int_eq(r->info.func, f);
	ck_assert_int_eq(r->info.line, 4);
	ck_assert_int_eq(model_frame_depth(r->frames[0]), 1);
	ck_assert_int_eq(model_frame_func(r->frames[0]), f);
	steps(r, "A");
	ck_assert_int_eq(r->info.op, LANG_OP_STORE);
	ck_assert_int_eq(r->info.value.i, 1);
	steps(r, "A");
	ck_assert_int_eq(r->info.op, LANG_OP_LOAD);
	ck_assert_int_eq(r->info.line, 5);	/* return counter */
	/* returned, called again with by=2: the same code, a new call */
	ck_assert_int_eq(model_frame_depth(r->frames[0]), 1);
	ck_assert_int_eq(model_frame_local(r->m, 0, r->frames[0], 0)->i, 2);
	steps(r, "A A A");
	ck_assert_int_eq(r->info.op, LANG_OP_LOAD);
	ck_assert_int_eq(r->info.value.i, 3);
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_FINISHED);
	ck_assert_int_eq(model_frame_depth(r->frames[0]), 0);
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "counter", 0), 3);
	finish(r);
}
END_TEST

/* Two threads in one function each have their own call: its locals are
 * theirs, and the lost update happens inside the function. */
START_TEST(function_called_by_two_threads)
{
	struct run *r = start("counter = 0\n"
	    "def add(n):\n"
	    "    global counter\n"
	    "    tmp = counter\n"
	    "    counter = tmp + n\n"
	    "thread A:\n"
	    "    add(1)\n"
	    "thread B:\n"
	    "    add(10)\n"
	    "expect counter == 11\n");

	ck_assert_int_eq(model_frame_local(r->m, 0, r->frames[0], 0)->i, 1);
	ck_assert_int_eq(model_frame_local(r->m, 1, r->frames[1], 0)->i, 10);
	steps(r, "A B A B");
	assert_verdict(r, MODEL_EXPECT_FAILED, "expect counter == 11: counter is 10");
	finish(r);
}
END_TEST

/* Recursion to the limit raises RecursionError as Python does; below it,
 * a recursive function computes. */
START_TEST(recursion_limit)
{
	struct run *r = start("n = 0\n"
	    "def down(k):\n"
	    "    if k == 0:\n"
	    "        return 0\n"
	    "    return 1 + down(k - 1)\n"
	    "thread A:\n"
	    "    n = down(63)\n");

	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "n", 0), 63);
	finish(r);
	r = start("n = 0\n"
	    "def down(k):\n"
	    "    if k == 0:\n"
	    "        return 0\n"
	    "    return 1 + down(k - 1)\n"
	    "thread A:\n"
	    "    n = down(64)\n");
	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RecursionError: maximum recursion depth "
	    "exceeded (lockstep's limits: 64 calls under way in a thread, 4096 values in "
	    "their frames; CPython's depth is about 1000)");
	ck_assert_int_eq(model_verdict(r->st)->line, 5);
	finish(r);
}
END_TEST

/* Keywords out of order are evaluated as written and bound by name; the
 * defaults fill the rest; a name a def assigns is its own local, while the
 * shared one of that name is untouched. */
START_TEST(keywords_defaults_and_local_shadowing)
{
	struct run *r = start("a = 100\nres = 0\n"
	    "def f(x, y=2, z=3):\n"
	    "    a = x * 100 + y * 10 + z\n"
	    "    return a\n"
	    "thread A:\n"
	    "    res = f(z=7, x=1)\n");

	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_int_eq(value_of(r, "res", 0), 127);
	ck_assert_int_eq(value_of(r, "a", 0), 100);
	ck_assert(r->prog->shared[0].constant);	/* no thread writes a */
	finish(r);
}
END_TEST

/* A loop through calls closes: after each call returns, the frame is as
 * it was, so the explorer's states repeat rather than grow. */
START_TEST(frames_are_canonical_after_return)
{
	struct run *r = start("flag = 0\n"
	    "def poll():\n"
	    "    return flag\n"
	    "thread A:\n"
	    "    while poll() == 0:\n"
	    "        pass\n"
	    "thread B:\n"
	    "    flag = 1\n");
	size_t n = model_frame_size(r->m, 0);
	unsigned char *before = xmalloc(n);

	steps(r, "A");
	memcpy(before, r->frames[0], n);
	steps(r, "A");
	ck_assert_int_eq(memcmp(before, r->frames[0], n), 0);
	steps(r, "B A");
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	free(before);
	finish(r);
}
END_TEST

/* Issue 17: in a Python program an uncaught exception ends its thread,
 * not the run; the run goes on and its verdict names the exception. */
#define ASSERTS_THEN_GOES_ON "x = 0\nthread A:\n    assert x == 1, \"x is not 1\"\n" \
	"    x = 5\nthread B:\n    x = 2\n"

START_TEST(uncaught_exception_ends_its_thread)
{
	struct run *r = start_python(ASSERTS_THEN_GOES_ON);
	char err[1000];

	steps(r, "A");		/* LOAD x */
	ck_assert_int_eq(model_thread(r->st, 0)->pending.op, LANG_OP_RAISE);
	steps(r, "A");		/* the raise is still a step of its own */
	ck_assert_int_eq(r->info.op, LANG_OP_RAISE);
	ck_assert_int_eq(model_verdict(r->st)->kind, MODEL_RUNNING);
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_FINISHED);
	ck_assert_str_eq(model_thread_raised(r->st, 0), "AssertionError: x is not 1");
	ck_assert_ptr_null(model_thread_raised(r->st, 1));
	ck_assert(enabled(r, "B"));
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "Exception in thread A:\n"
	    "Traceback (most recent call last):\n"
	    "  File \"t.race\", line 3, in A\n"
	    "    assert x == 1, \"x is not 1\"\n"
	    "AssertionError: x is not 1\n");
	steps(r, "B");
	ck_assert_int_eq(value_of(r, "x", 0), 2);	/* B's effect, A's never */
	assert_verdict(r, MODEL_ASSERT_FAILED, "AssertionError: x is not 1");
	ck_assert_int_eq(model_verdict(r->st)->thread, 0);
	ck_assert_int_eq(model_verdict(r->st)->line, 3);
	ck_assert_int_eq(model_verdict(r->st)->uncaught, 1);
	finish(r);
	/* the same program as .race: the raise ends the run, as before */
	r = start(ASSERTS_THEN_GOES_ON);
	steps(r, "A A");
	assert_verdict(r, MODEL_ASSERT_FAILED, "AssertionError: x is not 1");
	ck_assert_int_eq(model_verdict(r->st)->uncaught, 0);
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_ALIVE);
	ck_assert_int_eq(value_of(r, "x", 0), 0);
	ck_assert(model_could_run(r->st, 1));
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "");
	finish(r);
}
END_TEST

START_TEST(dead_thread_keeps_its_lock)
{
	/* as in Python: a thread that dies holding a Lock leaves it locked */
	struct run *r = start_python("m = Lock()\nthread A:\n    m.acquire()\n"
	    "    x = 1 // 0\nthread B:\n    m.acquire()\n    m.release()\n");

	steps(r, "A A");
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_FINISHED);
	ck_assert(model_holds_lock(r->st, 0));
	assert_verdict(r, MODEL_DEADLOCK, "every unfinished thread is blocked: B waits for "
	    "m held by A (after an uncaught exception in A at line 4: "
	    "ZeroDivisionError: integer division or modulo by zero)");
	ck_assert_int_eq(model_verdict(r->st)->uncaught, 1);
	finish(r);
	/* a primitive's raise kills its thread within the step */
	r = start_python("m = Lock()\nx = 0\nthread A:\n    m.release()\n    x = 1\n"
	    "thread B:\n    x = 2\n");
	steps(r, "A");
	ck_assert_int_eq(model_verdict(r->st)->kind, MODEL_RUNNING);
	ck_assert_str_eq(model_thread_raised(r->st, 0), "RuntimeError: release unlocked lock");
	steps(r, "B");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "RuntimeError: release unlocked lock");
	ck_assert_int_eq(value_of(r, "x", 0), 2);
	finish(r);
}
END_TEST

/* try/except in a .py file: a raise that a handler catches is local
 * computation, no step of its own; the with block's handler releases the
 * lock (a step) on the exception's way out, and the except clause's code
 * runs on. */
START_TEST(caught_exception_is_no_step)
{
	struct run *r = start_file("t.py", "import threading\nm = threading.Lock()\n"
	    "x = 0\ndef g():\n    with m:\n        x = 1\n        return 1 // 0\n"
	    "def f():\n    global x\n    try:\n        g()\n"
	    "    except ArithmeticError as e:\n        x = len(str(e))\n"
	    "t = threading.Thread(target=f)\nt.start()\n", 200, true);
	static const int ops[] = { LANG_OP_CALL, LANG_OP_CALL, LANG_OP_STORE };
	size_t k;

	model_step(r->st, r->frames, 0, 0, &r->info);	/* MainThread starts t */
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		ck_assert(model_enabled(r->st, 1));
		model_step(r->st, r->frames, 1, 0, &r->info);
		ck_assert_int_eq(r->info.op, ops[k]);
	}
	ck_assert_int_eq(model_thread(r->st, 1)->status, MODEL_T_FINISHED);
	ck_assert(!model_holds_lock(r->st, 1));
	ck_assert_int_eq(value_of(r, "x", 0), 34);	/* "integer division or modulo by zero" */
	finish(r);
}
END_TEST

/* An uncaught exception raised while another is handled: CPython's
 * report shows that one first, with its own traceback (kept when it was
 * caught after coming through calls), then says how they chain: `raise
 * X from e` its direct cause, a plain raise (or an error) in an except
 * block its context, in the block's own code or in a function called from
 * it; `from None` and a re-raise show no chain, and a re-raise shows the
 * traceback the exception was caught with.  Each text is CPython 3.11's
 * but for its two frames of threading.py and its ^~~ markers. */
START_TEST(chained_exception_reports)
{
	static const char text[] =
	    "import threading\n"			/* 1 */
	    "def parse(s):\n"
	    "    return int(s)\n"
	    "def work():\n"
	    "    try:\n"				/* 5 */
	    "        parse(\"x\")\n"
	    "    except ValueError as e:\n"
	    "        raise RuntimeError(\"bad input\") from e\n"
	    "def fail():\n"
	    "    raise KeyError(\"k\")\n"	/* 10 */
	    "t = threading.Thread(target=work)\n"
	    "t.start()\n"
	    "t.join()\n"
	    "try:\n"
	    "    x = [][1]\n"			/* 15 */
	    "except IndexError:\n"
	    "    fail()\n";
	static const char again[] =
	    "def down(n):\n"
	    "    if n == 0:\n"
	    "        raise ValueError(\"bottom\")\n"
	    "    down(n - 1)\n"
	    "def work():\n"			/* 5 */
	    "    try:\n"
	    "        down(1)\n"
	    "    except ValueError:\n"
	    "        raise\n"
	    "try:\n"				/* 10 */
	    "    work()\n"
	    "except ValueError:\n"
	    "    raise RuntimeError(\"gave up\") from None\n";
	struct run *r = start_file("t.py", text, 200, true);
	char err[3000];

	run_out(r);
	model_state_set_frames(r->st, r->frames);
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "Exception in thread Thread-1 (work):\n"
	    "Traceback (most recent call last):\n"
	    "  File \"t.py\", line 6, in work\n"
	    "    parse(\"x\")\n"
	    "  File \"t.py\", line 3, in parse\n"
	    "    return int(s)\n"
	    "ValueError: invalid literal for int() with base 10: 'x'\n"
	    "\n"
	    "The above exception was the direct cause of the following exception:\n"
	    "\n"
	    "Traceback (most recent call last):\n"
	    "  File \"t.py\", line 8, in work\n"
	    "    raise RuntimeError(\"bad input\") from e\n"
	    "RuntimeError: bad input\n"
	    "Traceback (most recent call last):\n"
	    "  File \"t.py\", line 15, in <module>\n"
	    "    x = [][1]\n"
	    "IndexError: list index out of range\n"
	    "\n"
	    "During handling of the above exception, another exception occurred:\n"
	    "\n"
	    "Traceback (most recent call last):\n"
	    "  File \"t.py\", line 17, in <module>\n"
	    "    fail()\n"
	    "  File \"t.py\", line 10, in fail\n"
	    "    raise KeyError(\"k\")\n"
	    "KeyError: 'k'\n");
	finish(r);
	r = start_file("t.py", again, 200, true);
	run_out(r);
	model_state_set_frames(r->st, r->frames);
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "Traceback (most recent call last):\n"
	    "  File \"t.py\", line 13, in <module>\n"
	    "    raise RuntimeError(\"gave up\") from None\n"
	    "RuntimeError: gave up\n");
	finish(r);
	r = start_file("t.py", "def down(n):\n    if n == 0:\n        raise ValueError(\"bottom\")\n"
	    "    down(n - 1)\ndef work():\n    try:\n        down(1)\n"
	    "    except ValueError:\n        raise\nwork()\n", 200, true);
	run_out(r);
	model_state_set_frames(r->st, r->frames);
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "Traceback (most recent call last):\n"
	    "  File \"t.py\", line 10, in <module>\n"
	    "    work()\n"
	    "  File \"t.py\", line 7, in work\n"
	    "    down(1)\n"
	    "  File \"t.py\", line 4, in down\n"
	    "    down(n - 1)\n"
	    "  File \"t.py\", line 3, in down\n"
	    "    raise ValueError(\"bottom\")\n"
	    "ValueError: bottom\n");
	finish(r);
}
END_TEST

START_TEST(join_of_a_dead_thread_returns)
{
	struct run *r = start_python("x = 0\nthread A:\n    x = 1\n    assert x == 2\n"
	    "main:\n    A.start()\n    A.join()\n    x = 3\n");

	steps(r, "main A A");	/* start, STORE x, LOAD x */
	ck_assert(!enabled(r, "main"));		/* A's raise is to come */
	steps(r, "A");
	ck_assert(enabled(r, "main"));
	steps(r, "main main");
	ck_assert_int_eq(value_of(r, "x", 0), 3);
	assert_verdict(r, MODEL_ASSERT_FAILED, "AssertionError");
	ck_assert_int_eq(model_verdict(r->st)->thread, 0);
	finish(r);
}
END_TEST

START_TEST(main_dies_and_the_others_go_on)
{
	/* the module body raising ends the main thread; the program ends when
	 * every non-daemon thread has; CPython names no thread then */
	struct run *r = start_python("x = 0\nthread A:\n    x = 1\nmain:\n    A.start()\n"
	    "    assert x == 1, 'early'\n");
	char err[1000];

	steps(r, "main main main");	/* start, LOAD x, the raise */
	ck_assert_int_eq(model_verdict(r->st)->kind, MODEL_RUNNING);
	steps(r, "A");
	assert_verdict(r, MODEL_ASSERT_FAILED, "AssertionError: early");
	ck_assert_int_eq(model_verdict(r->st)->thread, 1);
	ck_assert_int_eq(value_of(r, "x", 0), 1);
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "Traceback (most recent call last):\n"
	    "  File \"t.race\", line 6, in <module>\n"
	    "    assert x == 1, 'early'\n"
	    "AssertionError: early\n");
	finish(r);
}
END_TEST

START_TEST(every_uncaught_exception_in_order)
{
	struct run *r = start_python("x = 0\nthread A:\n    y = 1 // 0\nthread B:\n"
	    "    assert False\nexpect x == 1\n");
	char err[1000];

	steps(r, "B A");
	assert_verdict(r, MODEL_EXPECT_FAILED, "expect x == 1 (after an uncaught "
	    "exception in B at line 5: AssertionError; then in A at line 3: "
	    "ZeroDivisionError: integer division or modulo by zero)");
	ck_assert_int_eq(model_verdict(r->st)->uncaught, 2);
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "Exception in thread B:\nTraceback (most recent call last):\n"
	    "  File \"t.race\", line 5, in B\n    assert False\nAssertionError\n"
	    "Exception in thread A:\nTraceback (most recent call last):\n"
	    "  File \"t.race\", line 3, in A\n    y = 1 // 0\n"
	    "ZeroDivisionError: integer division or modulo by zero\n");
	finish(r);
	/* the frame that raised names its function */
	r = start_python("def half(n):\n    return n // 0\nthread A:\n    y = half(4)\n");
	steps(r, "A");
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "Exception in thread A:\nTraceback (most recent call last):\n"
	    "  File \"t.race\", line 2, in half\n    return n // 0\n"
	    "ZeroDivisionError: integer division or modulo by zero\n");
	finish(r);
	r = start_python("thread A:\n    y = 1 // 0\nthread B:\n    assert False\n");
	steps(r, "A B");
	assert_verdict(r, MODEL_RUNTIME_ERROR, "ZeroDivisionError: integer division or "
	    "modulo by zero; then an uncaught exception in B at line 4: AssertionError");
	ck_assert_int_eq(model_verdict(r->st)->thread, 0);
	finish(r);
}
END_TEST

START_TEST(a_dead_thread_takes_the_exit_step)
{
	/* the last non-daemon dies while a daemon can still step: the exit is
	 * a step of its own, the dead thread's, and it stays dead */
	struct run *r = start_python("x = 0\nthread A:\n    assert False\n"
	    "daemon thread D:\n    while True:\n        x += 1\n");

	steps(r, "A");
	ck_assert_int_eq(model_exit_pending(r->st), 0);
	ck_assert_str_eq(model_thread_raised(r->st, 0), "AssertionError");
	steps(r, "D A");
	assert_verdict(r, MODEL_ASSERT_FAILED, "AssertionError");
	ck_assert_int_eq(model_thread(r->st, 0)->status, MODEL_T_FINISHED);
	ck_assert_int_eq(model_thread(r->st, 1)->status, MODEL_T_STOPPED);
	ck_assert_str_eq(model_thread_raised(r->st, 0), "AssertionError");
	ck_assert_ptr_null(model_thread_raised(r->st, 1));
	finish(r);
}
END_TEST

START_TEST(a_waiting_thread_has_not_died)
{
	/* a thread inside Condition.wait() keeps its place in the words a
	 * dead thread keeps its exception in: it is not taken for dead */
	struct run *r = start_python("c = Condition()\nthread A:\n    with c:\n"
	    "        c.wait()\nthread B:\n    assert False\ndaemon thread D:\n"
	    "    with c:\n        c.wait()\n");

	steps(r, "A A D D");	/* both wait, B's raise to come */
	ck_assert_int_ne(model_thread(r->st, 0)->wait_seq, 0);
	ck_assert_ptr_null(model_thread_raised(r->st, 0));
	steps(r, "B");
	ck_assert_int_eq(model_thread(r->st, 1)->raised_rank, 1);
	assert_verdict(r, MODEL_DEADLOCK, NULL);
	ck_assert_ptr_nonnull(strstr(model_verdict(r->st)->message, " (after an uncaught "
	    "exception in B at line 6: AssertionError)"));
	ck_assert_int_eq(model_verdict(r->st)->uncaught, 1);
	ck_assert_ptr_null(model_thread_raised(r->st, 0));
	ck_assert_ptr_null(model_thread_raised(r->st, 2));
	finish(r);
}
END_TEST

START_TEST(a_dead_thread_differs_from_a_finished_one)
{
	/* the state tells a thread that died from one that ended, so the
	 * explorer never merges the two */
	struct run *a = start_python("x = 0\nthread A:\n    x = 1\n    assert x == 2\n"
	    "thread B:\n    x = 3\n");
	struct run *b = start_python("x = 0\nthread A:\n    x = 1\n    assert x == 1\n"
	    "thread B:\n    x = 3\n");
	const void *pa, *pb;
	size_t la, lb;

	steps(a, "A A A");
	steps(b, "A A");
	ck_assert_int_eq(model_thread(a->st, 0)->status, MODEL_T_FINISHED);
	ck_assert_int_eq(model_thread(b->st, 0)->status, MODEL_T_FINISHED);
	pa = model_state_bytes(a->st, &la);
	pb = model_state_bytes(b->st, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(pa, pb, la) != 0);
	finish(a);
	finish(b);
}
END_TEST

/* ---- lists and tuples on the heap ---- */

/* The repr of a shared list, frozen. */
static const char *
list_text(const struct run *r, const char *name)
{
	size_t s;

	for (s = 0; s < r->prog->nshared; s++)
		if (strcmp(r->prog->shared[s].name, name) == 0) {
			const struct model_value *v = model_element_value(r->st,
			    model_element_of(r->m, (int)s, 0));

			ck_assert_int_eq(v->kind, MODEL_REPR);
			return model_strings_get(&r->strings, v->i);
		}
	ck_abort_msg("no shared %s", name);
	return NULL;
}

START_TEST(list_methods_are_one_step_each)
{
	/* append, len, pop, insert, remove on a shared list: a step each; the
	 * local list's work joins them */
	struct run *r = start("items = []\nthread A:\n    mine = [1, 2]\n"
	    "    mine.append(3)\n    items.append(len(mine))\n    n = len(items)\n"
	    "    items.insert(0, n)\n    x = items.pop()\n    items.remove(1)\n"
	    "    assert x == 3 and len(mine) == 3\n");

	steps(r, "A");
	ck_assert_str_eq(list_text(r, "items"), "[3]");
	steps(r, "A A");
	ck_assert_str_eq(list_text(r, "items"), "[1, 3]");
	steps(r, "A");
	ck_assert_str_eq(list_text(r, "items"), "[1]");
	steps(r, "A");
	ck_assert_str_eq(list_text(r, "items"), "[]");
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_uint_eq(model_steps(r->st), 5);
	finish(r);
}
END_TEST

START_TEST(list_item_update_is_load_then_store)
{
	/* counts[0] += 1: LOAD then STORE, so two threads can lose one */
	struct run *r = start("counts = [0]\nthread A:\n    counts[0] += 1\n"
	    "thread B:\n    counts[-1] += 1\nexpect counts == [2]\n");

	steps(r, "A B A B");
	assert_verdict(r, MODEL_EXPECT_FAILED, "expect counts == [2]: counts is [1]");
	/* the item's unordered read and writes are data races, named after
	 * the list */
	ck_assert_uint_eq(model_nraces(r->st), 2);
	ck_assert_int_eq(model_race(r->st, 0)->element, 0);
	ck_assert(model_race(r->st, 1)->first_is_write && model_race(r->st, 1)->second_is_write);
	finish(r);
}
END_TEST

START_TEST(list_methods_and_distinct_items_do_not_race)
{
	/* append and pop are atomic: no data race; nor are writes of two
	 * different items, even after the items moved (an insert before them) */
	struct run *r = start("items = [0, 0]\nthread A:\n    items.append(1)\n"
	    "    items[0] = 5\n    x = items.pop()\nthread B:\n    items.append(2)\n"
	    "    items.insert(0, 9)\n    items[2] = 7\n");

	steps(r, "A B B A B A");
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_str_eq(list_text(r, "items"), "[5, 0, 7, 1]");
	ck_assert_uint_eq(model_nraces(r->st), 0);
	finish(r);
}
END_TEST

START_TEST(list_errors_are_pythons)
{
	static const struct { const char *code, *message; } cases[] = {
		{ "    x = items[5]\n", "IndexError: list index out of range" },
		{ "    items[-9] = 1\n", "IndexError: list assignment index out of range" },
		{ "    items.remove(7)\n", "ValueError: list.remove(x): x not in list" },
		{ "    e = []\n    e.pop()\n", "IndexError: pop from empty list" },
		{ "    t = [1]\n    x = t['a']\n",
		    "TypeError: list indices must be integers or slices, not str" },
		{ "    x = 3\n    x.append(1)\n",
		    "AttributeError: 'int' object has no attribute 'append'" },
		{ "    x = len(3)\n", "TypeError: object of type 'int' has no len()" },
		{ "    d = {'a': 1}\n    x = d['b']\n", "KeyError: 'b'" },
		{ "    d = {}\n    d.append(1)\n",
		    "AttributeError: 'dict' object has no attribute 'append'" },
		{ "    t = (1, 2)\n    t[0] = 3\n",
		    "TypeError: 'tuple' object does not support item assignment" },
	};
	size_t i;
	char text[300];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run *r;

		snprintf(text, sizeof(text), "items = [1, 2]\nthread A:\n    items.append(3)\n"
		    "%s", cases[i].code);
		r = start(text);
		run_out(r);
		assert_verdict(r, MODEL_RUNTIME_ERROR, cases[i].message);
		ck_assert_int_eq(model_verdict(r->st)->thread, 0);
		finish(r);
	}
}
END_TEST

/* lst += x: CPython extends the list itself, which every other name for
 * it sees; lockstep says it does not, rather than make a new list (a
 * tuple's += makes a new tuple in CPython too, and an int's a new int). */
START_TEST(inplace_add_on_a_list_is_refused)
{
	struct run *r = start("thread A:\n    t = (1,)\n    t += (2,)\n    n = 1\n"
	    "    n += 2\n    l = [1]\n    alias = l\n    l += [2]\n");

	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "TypeError: lockstep does not apply '+=' "
	    "to a list (CPython changes the list in place); append the items one by one");
	ck_assert_int_eq(model_verdict(r->st)->line, 8);
	finish(r);
}
END_TEST

/* d.pop(k): CPython's dicts have it, lockstep's do not, and the error says
 * that rather than claim, as an AttributeError would, that Python has none. */
START_TEST(dict_pop_says_it_is_locksteps_limit)
{
	struct run *r = start("thread A:\n    d = {'a': 1}\n    x = d.pop('a')\n");

	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "TypeError: lockstep does not apply pop() to "
	    "a dict (CPython removes the key); read d[k] instead");
	finish(r);
}
END_TEST

START_TEST(dicts_are_pythons)
{
	/* d[k] = v and d.get(k) are one step each on a shared dict; keys keep
	 * the order they came in; dicts compare by their entries */
	struct run *r = start("d = {'x': 1}\nthread A:\n    d['y'] = 2\n"
	    "    n = d.get('z', 5) + d.get('x') + len(d)\n    local = {2: 'b', 1: 'a'}\n"
	    "    for k in local:\n        d[k] = local[k]\n"
	    "expect d == {1: 'a', 2: 'b', 'x': 1, 'y': 2} and 'y' in d and 3 not in d\n");

	steps(r, "A");
	ck_assert_str_eq(list_text(r, "d"), "{'x': 1, 'y': 2}");
	steps(r, "A A A");
	ck_assert_str_eq(list_text(r, "d"), "{'x': 1, 'y': 2}");
	steps(r, "A");
	ck_assert_str_eq(list_text(r, "d"), "{'x': 1, 'y': 2, 2: 'b'}");
	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_str_eq(list_text(r, "d"), "{'x': 1, 'y': 2, 2: 'b', 1: 'a'}");
	ck_assert_uint_eq(model_steps(r->st), 6);
	finish(r);
}
END_TEST

START_TEST(tuples_and_own_lists_are_not_steps)
{
	/* a tuple never changes, and a list only A holds is A's: reading
	 * them is local computation: A runs to its end as it starts, no step */
	struct run *r = start("pair = (1, 2)\nthread A:\n    mine = [pair[0], len(pair)]\n"
	    "    mine.append(3 in pair)\n    for x in mine:\n        mine[0] += 1\n"
	    "    assert mine == [4, 2, False] and pair == (1, 2)\n");

	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_uint_eq(model_steps(r->st), 0);
	finish(r);
}
END_TEST

START_TEST(heap_limit_is_a_clear_error)
{
	struct run *r = start_with_limit("items = []\nthread A:\n    while True:\n"
	    "        items.append(1)\n", 100000);

	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "MemoryError: lockstep's heap limit is 32 "
	    "lists and tuples holding 256 items in all");
	finish(r);
}
END_TEST

START_TEST(append_then_pop_comes_back_to_the_same_state)
{
	/* same logical heap, same bytes: the explorer's loops close; and a
	 * local list made in each round is freed, so it does not fill the heap */
	struct run *r = start_with_limit("items = [7]\nthread A:\n    while True:\n"
	    "        tmp = [1, 2]\n        items.append(tmp[0])\n        items.pop()\n",
	    100000);
	size_t len, len2;
	const void *b;
	unsigned char *before;
	int i;

	steps(r, "A A");
	b = model_state_bytes(r->st, &len);
	before = xmalloc(len);
	memcpy(before, b, len);
	for (i = 0; i < 200; i++)
		steps(r, "A A");
	b = model_state_bytes(r->st, &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert(memcmp(before, b, len) == 0);
	ck_assert_str_eq(list_text(r, "items"), "[7]");
	free(before);
	finish(r);
}
END_TEST

START_TEST(no_lists_no_heap)
{
	/* a program without lists keeps its state as it was */
	struct run *r = start(LOST_UPDATE);
	struct run *l = start("counter = 0\nitems = []\nthread A:\n    counter += 1\n"
	    "thread B:\n    counter += 1\n");
	size_t a, b;

	model_state_bytes(r->st, &a);
	model_state_bytes(l->st, &b);
	ck_assert_uint_gt(b, a + 256 * 16);
	ck_assert_uint_lt(a, 512);
	finish(r);
	finish(l);
}
END_TEST

/* The collection after each step keeps what a caller's frame holds: a
 * list made by each call of a recursive def lives in the frame's slots
 * above the thread's own code, and a step inside the deepest call must
 * not free the callers' lists. */
START_TEST(collection_keeps_the_callers_lists)
{
	struct run *r = start("out = []\n"
	    "def build(k):\n"
	    "    mine = [k, k + 1]\n"
	    "    if k > 0:\n"
	    "        inner = build(k - 1)\n"
	    "        mine.append(len(inner))\n"
	    "    out.append(len(mine))\n"
	    "    return mine\n"
	    "thread A:\n"
	    "    r = build(3)\n"
	    "    assert r == [3, 4, 3]\n");

	run_out(r);
	assert_verdict(r, MODEL_OK, NULL);
	ck_assert_str_eq(list_text(r, "out"), "[2, 3, 3, 3]");
	finish(r);
}
END_TEST

/* A list step that raises in a Python program ends its thread alone, as
 * any raise does there (thread_raises); the others go on. */
START_TEST(a_list_step_raising_ends_only_its_thread)
{
	struct run *r = start_python("items = []\nx = 0\n"
	    "def take():\n"
	    "    items.pop()\n"
	    "thread A:\n"
	    "    take()\n"
	    "thread B:\n"
	    "    x = 1\n");
	char err[1000];

	steps(r, "A");
	ck_assert_int_eq(r->info.op, LANG_OP_RAISE);
	ck_assert_str_eq(model_thread_raised(r->st, 0), "IndexError: pop from empty list");
	steps(r, "B");
	ck_assert_int_eq(value_of(r, "x", 0), 1);
	run_out(r);
	assert_verdict(r, MODEL_RUNTIME_ERROR, "IndexError: pop from empty list");
	model_stderr(r->st, err, sizeof(err));
	ck_assert_str_eq(err, "Exception in thread A:\nTraceback (most recent call last):\n"
	    "  File \"t.race\", line 4, in take\n    items.pop()\n"
	    "IndexError: pop from empty list\n");
	finish(r);
}
END_TEST

static Suite *
model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("primitives");
	TCase *v = tcase_create("verdicts");

	tcase_add_test(tc, thread_sets_span_words);
	tcase_add_test(tc, lock_excludes_and_orders);
	tcase_add_test(tc, function_steps_are_its_shared_accesses);
	tcase_add_test(tc, function_called_by_two_threads);
	tcase_add_test(tc, recursion_limit);
	tcase_add_test(tc, keywords_defaults_and_local_shadowing);
	tcase_add_test(tc, frames_are_canonical_after_return);
	tcase_add_test(tc, lock_release_unlocked);
	tcase_add_test(tc, lock_self_deadlock_and_rlock_reentry);
	tcase_add_test(tc, rlock_release_by_other_thread);
	tcase_add_test(tc, try_acquire);
	tcase_add_test(tc, timed_acquire);
	tcase_add_test(tc, timed_condition_wait);
	tcase_add_test(tc, timed_event_wait_and_join);
	tcase_add_test(tc, semaphore_counts);
	tcase_add_test(tc, bounded_semaphore_over_release);
	tcase_add_test(tc, condition_wait_notify_choice);
	tcase_add_test(tc, condition_default_choice_is_fifo);
	tcase_add_test(tc, condition_needs_lock);
	tcase_add_test(tc, condition_over_rlock_restores_depth);
	tcase_add_test(tc, event_blocks_until_set);
	tcase_add_test(tc, event_set_releases_current_waiters);
	tcase_add_test(tc, event_pulse_misses_a_thread_not_yet_waiting);
	tcase_add_test(tc, barrier_generations);
	tcase_add_test(tc, barrier_drains_before_the_next_round);
	tcase_add_test(tc, barrier_wait_times_out_only_while_it_fills);
	tcase_add_test(tc, barrier_reset_breaks_the_waiters_then_fills_again);
	tcase_add_test(tc, queue_blocks_and_counts);
	tcase_add_test(tc, queue_task_done_too_many);
	tcase_add_test(tc, unused_results_are_not_pushed);
	tcase_add_test(tc, rwlock_readers_share_writer_excludes);
	tcase_add_test(tc, threads_start_and_join);
	tcase_add_test(tc, thread_errors);
	tcase_add_test(tc, daemon_stopped_at_end);
	tcase_add_test(tc, daemon_runs_before_exit);
	tcase_add_test(tc, exit_after_threads_without_steps);
	tcase_add_test(tc, no_exit_step_without_daemons);
	tcase_add_test(tc, calls_as_statements_push_nothing);
	tcase_add_test(tc, more_runtime_errors);
	tcase_add_test(tc, atomic_block_is_one_step_without_race);
	suite_add_tcase(s, tc);
	tcase_add_test(v, lost_update_interleaved);
	tcase_add_test(v, lost_update_serial_still_races);
	tcase_add_test(v, step_info_values);
	tcase_add_test(v, runtime_errors);
	tcase_add_test(v, assertion_failed);
	tcase_add_test(v, raise_is_a_step);
	tcase_add_test(v, constants_are_not_steps);
	tcase_add_test(v, uncaught_exception_ends_its_thread);
	tcase_add_test(v, dead_thread_keeps_its_lock);
	tcase_add_test(v, caught_exception_is_no_step);
	tcase_add_test(v, join_of_a_dead_thread_returns);
	tcase_add_test(v, main_dies_and_the_others_go_on);
	tcase_add_test(v, every_uncaught_exception_in_order);
	tcase_add_test(v, chained_exception_reports);
	tcase_add_test(v, a_dead_thread_differs_from_a_finished_one);
	tcase_add_test(v, a_waiting_thread_has_not_died);
	tcase_add_test(v, a_dead_thread_takes_the_exit_step);
	tcase_add_test(v, no_progress);
	tcase_add_test(v, local_runs_stop_where_they_must);
	tcase_add_test(v, deadlock_cycle_in_words);
	tcase_add_test(v, print_output_in_step);
	tcase_add_test(v, print_pieces_with_sep_and_end);
	tcase_add_test(v, output_is_part_of_the_state);
	tcase_add_test(v, no_print_no_room);
	tcase_add_test(v, output_is_cut_at_the_limit);
	tcase_add_test(v, clone_is_independent);
	tcase_add_test(v, judge_final_values);
	tcase_add_test(v, expect_raises_as_a_thread_would);
	tcase_add_test(v, no_blocked_reason_after_the_end);
	tcase_add_test(v, wait_decided_from_facts);
	tcase_add_test(v, expect_names_long_arrays_cut_short);
	tcase_add_test(v, task_done_before_get);
	tcase_add_test(v, prim_words_both_registers);
	tcase_add_test(v, list_methods_are_one_step_each);
	tcase_add_test(v, list_item_update_is_load_then_store);
	tcase_add_test(v, list_methods_and_distinct_items_do_not_race);
	tcase_add_test(v, list_errors_are_pythons);
	tcase_add_test(v, dicts_are_pythons);
	tcase_add_test(v, inplace_add_on_a_list_is_refused);
	tcase_add_test(v, dict_pop_says_it_is_locksteps_limit);
	tcase_add_test(v, tuples_and_own_lists_are_not_steps);
	tcase_add_test(v, heap_limit_is_a_clear_error);
	tcase_add_test(v, append_then_pop_comes_back_to_the_same_state);
	tcase_add_test(v, no_lists_no_heap);
	tcase_add_test(v, collection_keeps_the_callers_lists);
	tcase_add_test(v, a_list_step_raising_ends_only_its_thread);
	tcase_add_loop_test(v, pack_and_unpack_go_on_alike, 0,
	    (int)(sizeof(pack_limits) / sizeof(pack_limits[0])));
	suite_add_tcase(s, v);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(model_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
