/* test_explore.c - the explorer: known outcome sets, the bundled lessons'
 * verdicts, reduction against the naive search, jobs, bounds, sampling,
 * races, and the shortest failing schedule replayed on real threads.
 *
 * The golden files pin what exploring each bundled scenario reports:
 * tests/golden-explore/NAME.out is the text report of `lockstep explore
 * NAME` without its timing, and NAME.args, if present, holds the options
 * used (for a scenario too large to exhaust in a test).  After an intended
 * change, regenerate them and review the diff:
 *
 *   LOCKSTEP_GOLDEN_UPDATE=1 make check TESTS=tests/test_explore
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/driver.h"
#include "engine/freerun.h"
#include "explore/explore.h"
#include "explore/report.h"
#include "explore/store.h"
#include "explore/sparse.h"
#include "lang/compile.h"
#include "trace/trace.h"
#include "scenario.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void
explore(struct test_scenario *s, const struct explore_options *o, struct explore_result *r)
{
	struct explore_options def;

	if (o == NULL) {
		explore_options_init(&def);
		def.enough_seconds = 0;	/* the same result on any machine */
		o = &def;
	}
	explore_run(s->m, o, NULL, NULL, r);
}

static char *
report(struct test_scenario *s, const struct explore_result *r)
{
	struct explore_report_options ropt = { false, 80 };
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	explore_report_text(r, s->m, s->name, &ropt, f);
	fclose(f);
	return text;
}

/* The final values of the first shared element, as "1 2" in outcome order. */
static char *
first_values(const struct explore_result *r)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < r->noutcomes; i++)
		strbuf_printf(&sb, "%s%lld", i ? " " : "", (long long)r->outcomes[i].shared[0].i);
	return strbuf_detach(&sb);
}

static bool
reaches(const struct explore_result *r, enum model_verdict_kind kind)
{
	return (r->verdicts & (1u << kind)) != 0;
}

/* N threads each adding one to counter K times, each addition a load and
 * a store. */
static void
load_counter(struct test_scenario *s, int n, int k)
{
	char text[300];

	snprintf(text, sizeof(text), "counter = 0\n\nthread t[%d]:\n"
	    "    for i in range(%d):\n        counter += 1\n", n, k);
	test_scenario_text(s, text);
}

/* Search s three ways (with and without the reduction, two jobs): every
 * outcome ok, the first shared element's final values want, data races
 * or none. */
static void
check_first_values(struct test_scenario *s, const char *what, const char *want, bool racy)
{
	struct explore_options o;
	struct explore_result r;
	char *got;
	int pass;

	for (pass = 0; pass < 3; pass++) {
		explore_options_init(&o);
		o.enough_seconds = 0;	/* the same result on any machine */
		o.reduction = pass != 1;
		o.jobs = pass == 2 ? 2 : 1;
		explore(s, &o, &r);
		ck_assert(r.exhaustive);
		got = first_values(&r);
		ck_assert_msg(strcmp(got, want) == 0, "%s (pass %d): {%s}, not {%s}",
		    what, pass, got, want);
		ck_assert_uint_eq(r.verdicts, 1u << MODEL_OK);
		ck_assert_uint_eq(r.nfailures, 0);
		ck_assert(racy ? r.nraces > 0 : r.nraces == 0);
		free(got);
		explore_result_free(&r);
	}
}

static void
check_counter(int n, int k, const char *want)
{
	struct test_scenario s;
	char what[64];

	load_counter(&s, n, k);
	snprintf(what, sizeof(what), "%d x %d", n, k);
	check_first_values(&s, what, want, true);
	test_scenario_free(&s);
}

static int
compare_texts(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The outcomes of a search, "text:count" in text order, the first shared
 * value frozen as its repr, a failure's thread named. */
static char *
outcome_texts(struct test_scenario *s, const struct explore_result *r)
{
	struct strbuf sb = { 0 };
	char v[200], **texts = xcalloc(r->noutcomes + 1, sizeof(*texts));
	size_t i;

	for (i = 0; i < r->noutcomes; i++) {
		model_value_format(&s->strings, &r->outcomes[i].shared[0], v, sizeof(v));
		texts[i] = xasprintf("%s%s:%llu", v, r->outcomes[i].verdict.kind == MODEL_OK ? "" :
		    r->outcomes[i].verdict.thread == 0 ? " raised by 0" : " raised by 1",
		    (unsigned long long)r->outcomes[i].count);
	}
	qsort(texts, r->noutcomes, sizeof(*texts), compare_texts);
	for (i = 0; i < r->noutcomes; i++) {
		strbuf_printf(&sb, "%s%s", i ? " " : "", texts[i]);
		free(texts[i]);
	}
	free(texts);
	return strbuf_detach(&sb);
}

static void
check_list_outcomes(const char *text, const char *want_reduced, const char *want_all)
{
	struct test_scenario s;
	struct explore_options o;
	struct explore_result r;
	char *got;
	int pass;

	test_scenario_text(&s, text);
	for (pass = 0; pass < 3; pass++) {
		explore_options_init(&o);
		o.enough_seconds = 0;
		o.reduction = pass != 1;
		o.jobs = pass == 2 ? 2 : 1;
		explore(&s, &o, &r);
		ck_assert(r.exhaustive);
		got = outcome_texts(&s, &r);
		ck_assert_msg(strcmp(got, pass == 1 ? want_all : want_reduced) == 0,
		    "pass %d: {%s}", pass, got);
		free(got);
		explore_result_free(&r);
	}
	test_scenario_free(&s);
}

/* the 20 orders of three 0s and three 1s */
#define SIX "[0, 0, 0, 1, 1, 1]:1 [0, 0, 1, 0, 1, 1]:1 [0, 0, 1, 1, 0, 1]:1 " \
	    "[0, 0, 1, 1, 1, 0]:1 [0, 1, 0, 0, 1, 1]:1 [0, 1, 0, 1, 0, 1]:1 " \
	    "[0, 1, 0, 1, 1, 0]:1 [0, 1, 1, 0, 0, 1]:1 [0, 1, 1, 0, 1, 0]:1 " \
	    "[0, 1, 1, 1, 0, 0]:1 [1, 0, 0, 0, 1, 1]:1 [1, 0, 0, 1, 0, 1]:1 " \
	    "[1, 0, 0, 1, 1, 0]:1 [1, 0, 1, 0, 0, 1]:1 [1, 0, 1, 0, 1, 0]:1 " \
	    "[1, 0, 1, 1, 0, 0]:1 [1, 1, 0, 0, 0, 1]:1 [1, 1, 0, 0, 1, 0]:1 " \
	    "[1, 1, 0, 1, 0, 0]:1 [1, 1, 1, 0, 0, 0]:1"

START_TEST(list_appends_are_never_lost)
{
	/* append is one atomic step: both items are always kept */
	check_list_outcomes("items = []\nthread w[2]:\n    items.append(tid)\n",
	    "[0, 1]:1 [1, 0]:1", "[0, 1]:1 [1, 0]:1");
	/* three appends each: 20 interleavings, every one keeps all six */
	check_list_outcomes("items = []\nthread w[2]:\n    for i in range(3):\n"
	    "        items.append(tid)\nexpect len(items) == 6\n",
	    SIX, SIX);
}
END_TEST
#undef SIX

START_TEST(list_check_then_act_misorders)
{
	/* n = len(items); items.insert(n, tid): the length read goes stale,
	 * so the later insert lands before the earlier one */
	check_list_outcomes("items = []\nthread w[2]:\n    n = len(items)\n"
	    "    items.insert(n, tid)\n",
	    "[0, 1]:3 [1, 0]:3", "[0, 1]:3 [1, 0]:3");
	/* while len(todo) > 0: todo.pop(): both see the last job, the second
	 * pop raises; the raise is a state of its own, found either way */
	check_list_outcomes("todo = [1, 2]\nthread w[2]:\n    while len(todo) > 0:\n"
	    "        x = todo.pop()\n",
	    "[] raised by 0:16 [] raised by 1:16 []:16",
	    "[] raised by 0:16 [] raised by 1:16 []:16");
	/* d[k] = v is one step: both entries are kept, in either order;
	 * d[k] += 1 is a read then a write: one is lost */
	check_list_outcomes("d = {}\nthread w[2]:\n    d[tid] = tid * 10\n",
	    "{0: 0, 1: 10}:1 {1: 10, 0: 0}:1", "{0: 0, 1: 10}:1 {1: 10, 0: 0}:1");
	check_list_outcomes("hits = {'n': 0}\nthread w[2]:\n    hits['n'] += 1\n",
	    "{'n': 1}:4 {'n': 2}:2", "{'n': 1}:4 {'n': 2}:2");
	/* counts[0] += 1 is LOAD then STORE: an update is lost */
	check_list_outcomes("counts = [0, 0]\nthread w[2]:\n    counts[0] += 1\n"
	    "    counts.append(0)\n",
	    "[1, 0, 0, 0]:12 [2, 0, 0, 0]:8", "[1, 0, 0, 0]:12 [2, 0, 0, 0]:8");
}
END_TEST

START_TEST(counter_outcome_sets)
{
	check_counter(2, 1, "1 2");
	check_counter(2, 2, "2 3 4");
	check_counter(3, 3, "2 3 4 5 6 7 8 9");
}
END_TEST

/* Without reduction every interleaving is a schedule: (N*2K)! / (2K!)^N. */
START_TEST(naive_search_counts_every_interleaving)
{
	struct explore_options o;
	struct explore_result r;
	struct test_scenario s;

	load_counter(&s, 3, 3);
	explore_options_init(&o);
	o.enough_seconds = 0;	/* the same result on any machine */
	o.reduction = false;
	explore(&s, &o, &r);
	ck_assert_uint_eq(r.executions, 17153136);
	ck_assert_uint_eq(r.states, 7646);
	explore_result_free(&r);
	explore(&s, NULL, &r);
	ck_assert_uint_lt(r.executions, 17153136);
	ck_assert_uint_eq(r.states, 7646);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

static void
check_lesson(const char *name, unsigned want_verdicts, const char *want_values)
{
	struct explore_result r;
	struct test_scenario s;

	test_scenario_file(&s, name);
	explore(&s, NULL, &r);
	ck_assert_msg(r.exhaustive, "%s: not exhaustive", name);
	ck_assert_msg(r.verdicts == want_verdicts, "%s: verdicts %#x, not %#x", name,
	    r.verdicts, want_verdicts);
	if (want_values != NULL) {
		char *got = first_values(&r);

		ck_assert_msg(strcmp(got, want_values) == 0, "%s: {%s}, not {%s}", name, got,
		    want_values);
		free(got);
	}
	ck_assert_uint_eq(r.nfailures > 0, (want_verdicts & ~(1u << MODEL_OK)) != 0);
	explore_result_free(&r);
	test_scenario_free(&s);
}

#define OK (1u << MODEL_OK)
#define DEADLOCK (1u << MODEL_DEADLOCK)
#define ASSERT (1u << MODEL_ASSERT_FAILED)
#define EXPECT (1u << MODEL_EXPECT_FAILED)

START_TEST(lessons_and_their_fixes)
{
	check_lesson("lost-update", OK | EXPECT, "2 1");
	check_lesson("lost-update-lock", OK, "2");
	check_lesson("lost-update-atomic", OK, "2");
	check_lesson("deadlock", OK | DEADLOCK, NULL);
	check_lesson("lock-order", OK, NULL);
	check_lesson("dining-philosophers", OK | DEADLOCK, NULL);
	check_lesson("dining-philosophers-waiter", OK, NULL);
	check_lesson("condition-if", OK | ASSERT, NULL);
	check_lesson("condition-while", OK, NULL);
}
END_TEST

/* The sets of outcomes and races, as text, ignoring counts and schedules. */
static char *
outcome_set(struct test_scenario *s, const struct explore_result *r)
{
	struct strbuf sb = { 0 };
	size_t i, e;
	char v[300];

	for (i = 0; i < r->noutcomes; i++) {
		const struct explore_outcome *o = &r->outcomes[i];

		strbuf_printf(&sb, "%d %d %d %s:", o->verdict.kind, o->verdict.thread,
		    o->verdict.line, o->verdict.message);
		for (e = 0; e < model_nelements(s->m); e++) {
			model_value_format(model_strings(s->m), &o->shared[e], v, sizeof(v));
			strbuf_printf(&sb, " %s", v);
		}
		strbuf_putc(&sb, '\n');
	}
	for (i = 0; i < r->nraces; i++)
		strbuf_printf(&sb, "race %d %d:%d:%d %d:%d:%d\n", r->races[i].element,
		    r->races[i].thread[0], r->races[i].line[0], r->races[i].write[0],
		    r->races[i].thread[1], r->races[i].line[1], r->races[i].write[1]);
	return strbuf_detach(&sb);
}

/* Partial-order reduction keeps every outcome and every race of the naive
 * search of every interleaving. */
START_TEST(reduction_is_sound)
{
	static const char *const names[] = {
		"lost-update", "lost-update-sleep", "lost-update-lock", "lost-update-atomic",
		"check-then-act", "deadlock", "lock-order", "dining-philosophers",
		"condition-if", "condition-while", "lost-wakeup", "bounded-semaphore",
		"event-signal", "barrier", "rwlock", "start-join", "daemon-consumer",
		"producer-consumer", "bounded-buffer", "rlock-reentry", "lock-self-deadlock",
		"peterson",
	};
	struct explore_options naive;
	size_t i, k;

	explore_options_init(&naive);
	naive.enough_seconds = 0;	/* the same result on any machine */
	naive.reduction = false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct explore_result a, b;
		struct test_scenario s;
		char *x, *y;

		test_scenario_file(&s, names[i]);
		explore(&s, NULL, &a);
		explore(&s, &naive, &b);
		x = outcome_set(&s, &a);
		y = outcome_set(&s, &b);
		ck_assert_msg(strcmp(x, y) == 0, "%s: reduced\n%s\nnaive\n%s", names[i], x, y);
		ck_assert(a.exhaustive && b.exhaustive);
		ck_assert_uint_le(a.executions, b.executions);
		ck_assert_uint_le(a.transitions, b.transitions);
		/* the interleavings counted with reduction are the naive
		 * search's schedules, where it counts them all */
		if (b.every_schedule_counted && b.executions < UINT64_MAX) {
			ck_assert_msg(a.interleavings_counted, "%s: not counted", names[i]);
			for (k = 0; k < a.noutcomes; k++)
				ck_assert_uint_eq(a.outcomes[k].interleavings, b.outcomes[k].count);
			ck_assert_uint_eq(a.interleavings, b.executions);
		}
		/* the same outcomes, in the same order: each as near the start */
		for (k = 0; k < a.noutcomes; k++)
			ck_assert_msg(a.outcomes[k].schedule.count == b.outcomes[k].schedule.count,
			    "%s: outcome %zu in %zu steps reduced, %zu naive", names[i], k,
			    a.outcomes[k].schedule.count, b.outcomes[k].schedule.count);
		printf("%-20s %12llu executions reduced, %20llu naive\n", names[i],
		    (unsigned long long)a.executions, (unsigned long long)b.executions);
		free(x);
		free(y);
		explore_result_free(&a);
		explore_result_free(&b);
		test_scenario_free(&s);
	}
}
END_TEST

START_TEST(two_jobs_give_the_same_result)
{
	static const char *const names[] = {
		"lost-update", "check-then-act", "dining-philosophers", "condition-if",
		"producer-consumer", "bounded-buffer", "rwlock", "peterson",
	};
	struct explore_options o;
	size_t i;
	int mode;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct test_scenario s;

		test_scenario_file(&s, names[i]);
		for (mode = 0; mode < 3; mode++) {
			struct explore_result a, b;
			char *x, *y;

			explore_options_init(&o);
			o.enough_seconds = 0;	/* the same result on any machine */
			if (mode == 1)
				o.reduction = false;
			if (mode == 2)
				o.preemptions = 1;
			explore(&s, &o, &a);
			o.jobs = 2;
			explore(&s, &o, &b);
			x = report(&s, &a);
			y = report(&s, &b);
			ck_assert_msg(strcmp(x, y) == 0, "%s: one job\n%s\ntwo jobs\n%s",
			    names[i], x, y);
			free(x);
			free(y);
			explore_result_free(&a);
			explore_result_free(&b);
		}
		test_scenario_free(&s);
	}
}
END_TEST

/* Words mostly zero, as states are; some all-zero blocks, some full. */
static void
sparse_words(uint32_t *w, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		w[i] = (seed >> 16) % 3 == 0 ? seed : 0;
		if (i / 16 % 5 == 2)
			w[i] = 0;
		if (i / 16 % 5 == 4)
			w[i] = (uint32_t)i + 1;
	}
}

/* One encoding of in against base (or none), enc of len bytes, whichever
 * way it is made; each decodes it, writing nothing past the last word. */
static void
check_every_way(const uint32_t *in, const uint32_t *base, size_t n,
    const unsigned char *enc, size_t len)
{
	uint32_t *out = xcalloc(n + 1, 4);
	unsigned char *enc2 = xmalloc(sparse_bound(n));
	enum sparse_kind kind;

	for (kind = SPARSE_PORTABLE; kind <= SPARSE_AVX512; kind++) {
		if (!sparse_has(kind))
			continue;
		out[n] = 0xA5A5A5A5u;
		ck_assert_uint_eq(sparse_encode_with(kind, in, base, n, enc2), len);
		ck_assert(memcmp(enc, enc2, len) == 0);
		memset(out, 0xFF, n * 4);
		ck_assert_uint_eq(sparse_decode_with(kind, enc, base, n, out), len);
		ck_assert(memcmp(in, out, n * 4) == 0);
		ck_assert_uint_eq(out[n], 0xA5A5A5A5u);
	}
	/* kept as they are, the words come back too */
	ck_assert_uint_eq(sparse_encode_with(SPARSE_NONE, in, base, n, enc2), n * 4);
	ck_assert_uint_le(n * 4, sparse_bound(n));
	ck_assert_uint_eq(sparse_decode_with(SPARSE_NONE, enc2, base, n, out), n * 4);
	ck_assert(memcmp(in, out, n * 4) == 0);
	free(out);
	free(enc2);
}

START_TEST(sparse_round_trip)
{
	size_t sizes[] = { 0, 1, 7, 8, 9, 15, 16, 17, 24, 33, 212, 1000 }, k;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k], len, len2, nonzero = 0, i;
		uint32_t *in = xcalloc(n + 1, 4);
		unsigned char *enc = xmalloc(sparse_bound(n)), *enc2 = xmalloc(sparse_bound(n));

		sparse_words(in, n, (unsigned)k);
		for (i = 0; i < n; i++)
			nonzero += in[i] != 0;
		len = sparse_encode_portable(in, NULL, n, enc);
		ck_assert_uint_eq(len, (n + 15) / 16 * 2 + nonzero * 4);
		ck_assert_uint_le(len, sparse_bound(n));
		check_every_way(in, NULL, n, enc, len);
		/* a word changed changes the encoding */
		if (n > 0) {
			in[n / 2] ^= 0x100;
			len2 = sparse_encoder()(in, NULL, n, enc2);
			ck_assert(len != len2 || memcmp(enc, enc2, len) != 0);
		}
		free(in);
		free(enc);
		free(enc2);
	}
}
END_TEST

/* Against a base, a word equal to the base's is left out as a zero is,
 * a zero word unlike the base's is kept, every way encodes alike, and
 * decoding with the base gives the words back. */
START_TEST(sparse_base_round_trip)
{
	size_t sizes[] = { 1, 7, 8, 9, 16, 17, 33, 212 }, k;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k], len, differ = 0, i;
		uint32_t *in = xcalloc(n + 1, 4), *base = xcalloc(n + 1, 4);
		unsigned char *enc = xmalloc(sparse_bound(n));

		sparse_words(in, n, (unsigned)k);
		for (i = 0; i < n; i++) {
			/* a third like the state, a third zero, a third other */
			base[i] = i % 3 == 0 ? in[i] : i % 3 == 1 ? 0 : 0x5A5A0000u + (uint32_t)i;
			differ += in[i] != base[i];
		}
		len = sparse_encode_portable(in, base, n, enc);
		ck_assert_uint_eq(len, (n + 15) / 16 * 2 + differ * 4);
		check_every_way(in, base, n, enc, len);
		free(in);
		free(base);
		free(enc);
	}
}
END_TEST

/* A node of key_len and rest_len bytes (key bytes all `fill`) in job's
 * arena, added to the table. */
static struct node *
add_node(struct store *st, int job, unsigned char fill, size_t key_len, size_t rest_len,
    struct store_key *k, unsigned char *keybuf)
{
	size_t size = store_node_bytes(key_len, rest_len);
	struct node *n = store_peek(st, job, size);

	memset(n, 0, size);
	memset(n->bytes, fill, key_len);
	n->key_len = (uint32_t)key_len;
	n->rest_len = n->rest_room = (uint32_t)rest_len;
	memset(keybuf, fill, key_len);
	k->bytes = keybuf;
	k->len = key_len;
	store_key_hash(k);
	store_commit(st, job, size);
	return n;
}

START_TEST(store_layers_reuse_their_memory)
{
	struct store_memory mem;
	struct store *st;
	struct store_key k;
	unsigned char keybuf[64];
	struct node **nodes = NULL, **list, *a, *b, *copy;
	size_t count, cap = 0, i, held, per_job[2];
	struct store_partition *p;

	store_memory_init(&mem, 2);
	st = store_new(store_node_bytes(64, 64), 2, 100, &mem);
	/* the table is not zeroed until each part is (by a job each) */
	memset(st->table, 0xA5, STORE_PARTITIONS * st->table_cap * sizeof(*st->table));
	store_zero_part(st, 1, 2);
	ck_assert_ptr_nonnull(st->table[0].node);
	ck_assert_ptr_null(st->table[STORE_PARTITIONS * st->table_cap - 1].node);
	store_zero_part(st, 0, 2);
	for (i = 0; i < STORE_PARTITIONS * st->table_cap; i++)
		ck_assert(st->table[i].node == NULL && st->table[i].hash == 0);
	a = add_node(st, 0, 1, 40, 8, &k, keybuf);
	p = store_partition(st, k.hash);
	ck_assert_ptr_null(store_find(st, p, &k));
	store_add(st, p, a, k.hash);
	ck_assert_ptr_eq(store_find(st, p, &k), a);
	b = add_node(st, 1, 2, 44, 8, &k, keybuf);
	store_add(st, store_partition(st, k.hash), b, k.hash);
	/* a copy with more room for the rest takes a's place */
	copy = add_node(st, 1, 1, 40, 32, &k, keybuf);
	store_replace(st, 1, store_partition(st, k.hash), a, copy, k.hash);
	ck_assert_ptr_eq(store_find(st, store_partition(st, k.hash), &k), copy);
	store_in_memory_order(st, &nodes, &cap, &count, per_job);
	ck_assert_uint_eq(count, 2);
	ck_assert_uint_gt(cap, count);
	ck_assert_uint_eq(per_job[0], 0);	/* a moved */
	ck_assert_uint_eq(per_job[1], 2);
	ck_assert_ptr_eq(nodes[0], b);
	ck_assert_ptr_eq(nodes[1], copy);
	held = atomic_load(&mem.bytes);
	ck_assert_uint_gt(held, 0);
	/* sealed, the table goes back, and the moved node leaves the lists
	 * as each job's arena is sealed; released, the chunks go back */
	store_seal(st);
	ck_assert_ptr_nonnull(mem.table);
	ck_assert(st->sweep);
	ck_assert_uint_eq(st->arenas[0].nnodes, 1);
	store_seal_arena(st, 0);
	ck_assert_uint_eq(st->arenas[0].nnodes, 0);
	ck_assert_uint_eq(st->arenas[1].nnodes, 2);
	store_seal_arena(st, 1);
	ck_assert_uint_eq(st->arenas[1].nnodes, 2);
	store_in_memory_order(st, &nodes, &cap, &count, per_job);
	ck_assert_uint_eq(count, 2);
	ck_assert_ptr_eq(nodes[0], b);
	ck_assert_ptr_eq(nodes[1], copy);
	for (i = 0; i < count; i++)
		store_release(st, 0, nodes[i], 1);
	free(nodes);
	ck_assert_ptr_nonnull(mem.spare[0].list);
	ck_assert_ptr_null(mem.spare[1].list);
	store_free(st);
	/* the next layer takes that memory, and nothing more; chunks go
	 * to the job that released them, and so does each job's list of
	 * nodes; a job with no spare chunk of its own takes another's */
	list = mem.spare_nodes[1];
	ck_assert_ptr_nonnull(list);
	st = store_new(store_node_bytes(64, 64), 2, 100, &mem);
	store_zero_part(st, 0, 1);
	ck_assert_ptr_eq(st->arenas[1].nodes, list);
	ck_assert_ptr_null(mem.spare_nodes[1]);
	a = add_node(st, 0, 3, 40, 8, &k, keybuf);
	ck_assert_ptr_nonnull(a);
	b = add_node(st, 1, 4, 40, 8, &k, keybuf);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_null(mem.spare[0].list);
	ck_assert_uint_eq(atomic_load(&mem.bytes), held);
	store_free(st);
	store_memory_free(&mem);
	ck_assert_uint_eq(atomic_load(&mem.bytes), 0);
}
END_TEST

START_TEST(preemption_bound)
{
	struct explore_options o;
	struct explore_result r;
	struct test_scenario s;
	char *got;

	test_scenario_file(&s, "lost-update");
	explore_options_init(&o);
	o.enough_seconds = 0;	/* the same result on any machine */
	o.preemptions = 0;
	explore(&s, &o, &r);
	ck_assert(!r.exhaustive);
	ck_assert_int_eq(r.bound, EXPLORE_BOUND_PREEMPTIONS);
	got = first_values(&r);
	ck_assert_str_eq(got, "2");	/* one thread after the other */
	free(got);
	explore_result_free(&r);
	o.preemptions = 1;
	explore(&s, &o, &r);
	got = first_values(&r);
	ck_assert_str_eq(got, "2 1");
	ck_assert_uint_eq(r.failures[0].schedule.count, 4);
	free(got);
	explore_result_free(&r);
	o.preemptions = 5;		/* more than any schedule has: exhaustive */
	explore(&s, &o, &r);
	ck_assert(r.exhaustive);
	ck_assert_uint_eq(r.executions, 6);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* Take out the line that starts so, if there is one. */
static void
drop_line(char *text, const char *start)
{
	char *at = strstr(text, start), *end;

	if (at == NULL)
		return;
	end = strchr(at, '\n');
	memmove(at, end + 1, strlen(end + 1) + 1);
}

START_TEST(max_states_bound)
{
	struct explore_options o;
	struct explore_result r, again;
	struct test_scenario s;
	char *x, *y;

	test_scenario_file(&s, "dining-philosophers-waiter");
	explore_options_init(&o);
	o.enough_seconds = 0;	/* the same result on any machine */
	o.max_states = 1000;
	explore(&s, &o, &r);
	ck_assert(!r.exhaustive);
	ck_assert_int_eq(r.bound, EXPLORE_BOUND_MAX_STATES);
	ck_assert_uint_le(r.states, 1000);
	ck_assert_uint_gt(r.states, 100);
	/* it samples for a time, after: how many runs it took is all that
	 * may differ */
	ck_assert(!r.sampled_failure);
	ck_assert_uint_gt(r.sampled_runs, 0);
	o.jobs = 2;
	explore(&s, &o, &again);
	x = report(&s, &r);
	y = report(&s, &again);
	drop_line(x, "then sampled: ");
	drop_line(y, "then sampled: ");
	ck_assert_str_eq(x, y);
	free(x);
	free(y);
	explore_result_free(&r);
	explore_result_free(&again);
	test_scenario_free(&s);
}
END_TEST

static bool
cancel_at_once(const struct explore_progress *p, void *arg)
{
	(*(int *)arg)++;
	return p->states == 0;
}

START_TEST(progress_can_cancel)
{
	struct explore_options o;
	struct explore_result r;
	struct test_scenario s;
	int calls = 0;

	load_counter(&s, 4, 3);
	explore_options_init(&o);
	o.enough_seconds = 0;	/* the same result on any machine */
	explore_run(s.m, &o, cancel_at_once, &calls, &r);
	ck_assert_int_ge(calls, 1);
	ck_assert(!r.exhaustive);
	ck_assert_int_eq(r.bound, EXPLORE_BOUND_CANCELLED);
	ck_assert_uint_lt(r.states, 361775);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

START_TEST(sampling)
{
	struct explore_options o;
	struct explore_result r, again;
	struct test_scenario s;
	char *x, *y, *got;
	int kind;

	test_scenario_file(&s, "lost-update");
	for (kind = EXPLORE_RANDOM; kind <= EXPLORE_PCT; kind++) {
		explore_options_init(&o);
		o.enough_seconds = 0;	/* the same result on any machine */
		o.mode = (enum explore_mode)kind;
		o.runs = 200;
		o.seed = 7;
		explore(&s, &o, &r);
		ck_assert(!r.exhaustive);
		ck_assert_int_eq(r.bound, EXPLORE_BOUND_SAMPLED);
		ck_assert_uint_eq(r.executions, 200);
		got = first_values(&r);
		ck_assert_str_eq(got, "2 1");
		ck_assert_uint_eq(r.failures[0].schedule.count, 4);
		o.jobs = 2;
		explore(&s, &o, &again);
		x = report(&s, &r);
		y = report(&s, &again);
		ck_assert_str_eq(x, y);
		free(x);
		free(y);
		free(got);
		explore_result_free(&r);
		explore_result_free(&again);
	}
	test_scenario_free(&s);
}
END_TEST

START_TEST(races)
{
	struct explore_result r;
	struct test_scenario s;

	test_scenario_file(&s, "lost-update-lock");
	explore(&s, NULL, &r);
	ck_assert_uint_eq(r.nraces, 0);
	explore_result_free(&r);
	test_scenario_free(&s);
	/* an atomic block does not order a plain access of another thread */
	test_scenario_text(&s, "x = 0\nthread A:\n    atomic:\n        x += 1\n"
	    "thread B:\n    x += 1\n");
	explore(&s, NULL, &r);
	ck_assert_uint_ge(r.nraces, 1);
	ck_assert_int_eq(r.races[0].element, 0);
	explore_result_free(&r);
	test_scenario_free(&s);
	test_scenario_file(&s, "lost-wakeup");
	explore(&s, NULL, &r);
	ck_assert_uint_eq(r.nraces, 1);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* Which waiter a notify wakes is a choice the search makes: A always
 * waits first, so only the second choice wakes B. */
START_TEST(notify_choices_are_searched)
{
	struct explore_result r;
	struct test_scenario s;
	size_t i, k;
	bool woke_b = false;

	test_scenario_text(&s, "c = Condition()\na_in = Event()\nb_in = Event()\nwoken = 0\n"
	    "thread A:\n    with c:\n        a_in.set()\n        c.wait()\n        woken = 1\n"
	    "thread B:\n    a_in.wait()\n    with c:\n        b_in.set()\n        c.wait()\n"
	    "        woken = 2\n"
	    "thread N:\n    b_in.wait()\n    with c:\n        c.notify()\n");
	explore(&s, NULL, &r);
	ck_assert(r.exhaustive);
	ck_assert_uint_eq(r.verdicts, 1u << MODEL_DEADLOCK);
	ck_assert_uint_eq(r.noutcomes, 2);
	for (i = 0; i < r.noutcomes; i++) {
		const struct explore_outcome *o = &r.outcomes[i];
		bool choice = false;

		for (k = 0; k < o->schedule.count; k++)
			choice |= o->schedule.entries[k].choice == 1;
		ck_assert(choice == (o->shared[0].i == 2));
		woke_b |= o->shared[0].i == 2;
	}
	ck_assert(woke_b);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* The shortest failing schedule, run on real threads, fails the same way. */
START_TEST(shortest_failure_replays_on_real_threads)
{
	static const char *const names[] = {
		"lost-update", "deadlock", "dining-philosophers", "condition-if",
		"check-then-act", "lost-wakeup", "bounded-semaphore", "lock-self-deadlock",
	};
	size_t i, k;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct explore_result r;
		struct test_scenario s;

		test_scenario_file(&s, names[i]);
		explore(&s, NULL, &r);
		ck_assert_uint_gt(r.nfailures, 0);
		for (k = 0; k < r.nfailures; k++) {
			const struct explore_failure *f = &r.failures[k];
			struct policy *p = policy_new(POLICY_REPLAY, 0, &f->schedule,
			    s.prog->nthreads, 1, 1);
			struct trace tr;
			char err[300];

			trace_init(&tr, s.m, "explore", 0, MODEL_DEFAULT_MAX_STEPS, false);
			ck_assert_msg(engine_run(s.m, p, MODEL_DEFAULT_MAX_STEPS, &tr, err,
			    sizeof(err)), "%s: %s", names[i], err);
			ck_assert_int_eq(tr.verdict.kind, f->verdict.kind);
			ck_assert_str_eq(tr.verdict.message, f->verdict.message);
			ck_assert_uint_eq(tr.nsteps, f->schedule.count);
			trace_free(&tr);
			policy_free(p);
		}
		/* breadth first: no failing outcome has a shorter schedule */
		for (k = 0; k < r.noutcomes; k++)
			if (r.outcomes[k].verdict.kind != MODEL_OK)
				ck_assert_uint_ge(r.outcomes[k].schedule.count,
				    explore_shortest_failure(&r)->schedule.count);
		explore_result_free(&r);
		test_scenario_free(&s);
	}
}
END_TEST

/* Steps that run forever without coming back to a state end at the step
 * limit, as no progress: not judged, so the search is bounded by the step
 * limit, neither a failure nor a proof. */
START_TEST(step_limit_is_no_progress)
{
	struct explore_options o;
	struct explore_result r;
	struct test_scenario s;

	test_scenario_text(&s, "x = 0\nthread A:\n    while True:\n        x += 1\n"
	    "thread B:\n    sleep(1)\n    x = 0\n");
	explore_options_init(&o);
	o.enough_seconds = 0;	/* the same result on any machine */
	o.max_steps = 30;
	explore(&s, &o, &r);
	ck_assert(!r.exhaustive);
	ck_assert_int_eq(r.bound, EXPLORE_BOUND_STEPS);
	ck_assert_uint_eq(r.bound_value, 30);
	ck_assert(reaches(&r, MODEL_NO_PROGRESS));
	ck_assert(explore_shortest_failure(&r) == NULL);
	ck_assert(!explore_found_bug(&r) && !explore_proven(&r));
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* A failure another schedule reaches is still found and shown, the runs
 * cut at the step limit beside it. */
START_TEST(step_limit_beside_a_failure)
{
	struct explore_options o;
	struct explore_result r;
	struct test_scenario s;

	test_scenario_text(&s, "x = 0\nthread A:\n    while True:\n        x += 1\n"
	    "thread B:\n    assert x < 2\n");
	explore_options_init(&o);
	o.enough_seconds = 0;
	o.max_steps = 30;
	explore(&s, &o, &r);
	ck_assert_int_eq(r.bound, EXPLORE_BOUND_STEPS);
	ck_assert(explore_found_bug(&r));
	ck_assert_int_eq(explore_shortest_failure(&r)->verdict.kind, MODEL_ASSERT_FAILED);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* A busy wait comes back to the state it spins in: the search closes the
 * loop and ends, exhaustive, in a few states; spinning while the other
 * thread never runs is no verdict (it is not fair). */
START_TEST(busy_waits_close)
{
	static const char *const texts[] = {
		"flag = 0\nthread A:\n    while flag == 0:\n        pass\n"
		"thread B:\n    sleep(1)\n    flag = 1\n",
		"done = False\nn = 0\nthread A:\n    while not done:\n        n = 1\n"
		"thread B:\n    done = True\nexpect n <= 1\n",
	};
	struct explore_options o;
	size_t i;
	int pass;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (pass = 0; pass < 3; pass++) {
			struct explore_result r;
			struct test_scenario s;

			test_scenario_text(&s, texts[i]);
			explore_options_init(&o);
			o.enough_seconds = 0;	/* the same result on any machine */
			o.reduction = pass != 1;
			o.jobs = pass == 2 ? 2 : 1;
			explore(&s, &o, &r);
			ck_assert_msg(r.exhaustive, "text %zu pass %d: not exhaustive", i, pass);
			ck_assert_uint_eq(r.verdicts, 1u << MODEL_OK);
			ck_assert_uint_lt(r.states, 30);
			ck_assert(!r.every_schedule_counted);
			explore_result_free(&r);
			test_scenario_free(&s);
		}
}
END_TEST

/* Peterson's algorithm spins on two flags and a turn: proven in a few
 * hundred states; broken (the turn given before the flag is raised), its
 * shortest failing schedule is that of the naive breadth-first search. */
START_TEST(peterson)
{
	struct explore_options naive;
	struct explore_result r, n;
	struct test_scenario s;
	char *text, *at;

	test_scenario_file(&s, "peterson");
	explore(&s, NULL, &r);
	ck_assert(r.exhaustive);
	ck_assert_uint_eq(r.verdicts, 1u << MODEL_OK);
	ck_assert_uint_lt(r.states, 500);
	explore_result_free(&r);
	text = xstrdup(s.prog->source->text);
	test_scenario_free(&s);
	at = strstr(text, "    flag[0] = 1\n    turn = 1\n");
	ck_assert_ptr_nonnull(at);
	memcpy(at, "    turn = 1\n    flag[0] = 1\n", strlen("    turn = 1\n    flag[0] = 1\n"));
	test_scenario_text(&s, text);
	explore(&s, NULL, &r);
	explore_options_init(&naive);
	naive.enough_seconds = 0;	/* the same result on any machine */
	naive.reduction = false;
	explore(&s, &naive, &n);
	ck_assert(r.exhaustive && n.exhaustive);
	ck_assert(reaches(&r, MODEL_ASSERT_FAILED));
	ck_assert_uint_eq(explore_shortest_failure(&r)->schedule.count,
	    explore_shortest_failure(&n)->schedule.count);
	explore_result_free(&r);
	explore_result_free(&n);
	test_scenario_free(&s);
	free(text);
}
END_TEST

/* A raise is a step that leaves the frame where it raised: the state
 * after it must not be taken for the one before it, which the visited set
 * of a scenario with a loop has seen (the raise was lost, and a broken
 * Peterson passed). */
START_TEST(a_raise_ends_the_run_in_a_loop)
{
	struct explore_result r;
	struct test_scenario s;

	test_scenario_text(&s, "x = 0\ny = 0\nthread A:\n    x = 1\n    y = 1\n"
	    "thread B:\n    i = 0\n    while i < 1:\n        i += 1\n"
	    "    assert x == 1, \"no\"\n");
	explore(&s, NULL, &r);
	ck_assert(r.exhaustive);
	ck_assert(reaches(&r, MODEL_ASSERT_FAILED));
	ck_assert(reaches(&r, MODEL_OK));
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* A raise inside an atomic block is a step of its own after the block's
 * effects, as on real threads: the Event the block sets lets the waiter
 * add one before the assert ends the run (the search found only x1 = 0
 * and free-run x1 = 1 as well, generated scenario 3419). */
START_TEST(an_atomic_block_raises_after_its_effects)
{
	struct explore_result r;
	struct test_scenario s;
	char *got;
	int jobs;

	test_scenario_text(&s, "x1 = 0\ne = Event()\nthread A:\n    atomic:\n"
	    "        e.set()\n        assert not e.is_set(), \"checked\"\n"
	    "thread w:\n    e.wait()\n    x1 += 1\n");
	for (jobs = 1; jobs <= 2; jobs++) {
		struct explore_options o;

		explore_options_init(&o);
		o.enough_seconds = 0;
		o.jobs = jobs;
		explore(&s, &o, &r);
		ck_assert(r.exhaustive);
		ck_assert_uint_eq(r.verdicts, 1u << MODEL_ASSERT_FAILED);
		got = first_values(&r);
		ck_assert_msg(strcmp(got, "0 1") == 0, "%d jobs: {%s}, not {0 1}", jobs, got);
		free(got);
		explore_result_free(&r);
	}
	test_scenario_free(&s);
}
END_TEST

/* A daemon runs until the program exits, and the exit is a step the
 * search puts before, between and after the daemon's steps: with and
 * without the reduction, one job or two, x0 ends 0, 1 or 2 (the workers
 * end before the first step). */
START_TEST(daemons_run_until_the_exit)
{
	struct test_scenario s;

	test_scenario_text(&s, "x0 = 0\nthread w[2]:\n    pass\n"
	    "daemon thread D:\n    for k in range(2):\n        x0 += 1\n");
	check_first_values(&s, "a daemon after two threads without steps", "0 1 2", false);
	test_scenario_free(&s);
}
END_TEST

/* The outputs of r's outcomes, in outcome order, joined by "|". */
static char *
outputs(const struct explore_result *r)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < r->noutcomes; i++)
		strbuf_printf(&sb, "%s%s", i ? "|" : "", r->outcomes[i].output);
	return strbuf_detach(&sb);
}

/* What a program prints is part of its outcome: two threads that print
 * in either order end in exactly the outcomes their writes can make (a
 * print writes its text, then the end of the line: another thread can
 * write in between, as in CPython), told apart by their output alone,
 * with and without the reduction and with two jobs; and
 * two histories that meet in the same values and places but printed
 * differently are both followed (the visited set keeps them apart): the
 * loop below comes back to its states, so the search keeps a visited set. */
START_TEST(output_is_part_of_the_outcome)
{
	static const char *const texts[] = {
		"thread A:\n    print('a')\nthread B:\n    print('b')\n",
		"x = 0\nthread A:\n    while x == 0:\n        pass\n    print('a')\n"
		    "thread B:\n    print('b')\n    x = 1\n    print('c')\n",
	};
	static const char *const want[] = {
		"a\nb\n|ab\n\n|b\na\n|ba\n\n",
		"b\na\nc\n|b\nac\n\n|b\nc\na\n|b\nca\n\n",
	};
	struct explore_options o;
	struct explore_result r;
	struct test_scenario s;
	size_t i;
	int pass;

	for (i = 0; i < 2; i++) {
		test_scenario_text(&s, texts[i]);
		for (pass = 0; pass < 3; pass++) {
			char *got;

			explore_options_init(&o);
			o.enough_seconds = 0;
			o.reduction = pass != 1;
			o.jobs = pass == 2 ? 2 : 1;
			explore(&s, &o, &r);
			ck_assert(r.exhaustive);
			ck_assert_uint_eq(r.verdicts, 1u << MODEL_OK);
			got = outputs(&r);
			ck_assert_msg(strcmp(got, want[i]) == 0, "program %zu, pass %d: "
			    "outputs %s", i, pass, got);
			free(got);
			explore_result_free(&r);
		}
		test_scenario_free(&s);
	}
}
END_TEST

/* Two threads hand a turn back and forth through a Condition forever:
 * the waiters' FIFO order is kept as ranks, not as a count that grows, so
 * the rounds come back to the same states and the search closes. */
START_TEST(condition_loops_close)
{
	struct explore_result r;
	struct test_scenario s;
	static const char pingpong[] = "turn = 0\nc = Condition()\n"
	    "thread A:\n    while True:\n        with c:\n            while turn != 0:\n"
	    "                c.wait()\n            turn = 1\n            c.notify()\n"
	    "thread B:\n    while True:\n        with c:\n            while turn != 1:\n"
	    "                c.wait()\n            turn = 0\n            c.notify()\n";

	test_scenario_text(&s, pingpong);
	explore(&s, NULL, &r);
	ck_assert(r.exhaustive);
	ck_assert_uint_lt(r.states, 200);
	ck_assert_uint_eq(r.noutcomes, 0);	/* no schedule ends, none at a limit */
	ck_assert_int_eq(r.livelock, EXPLORE_LIVELOCK_FOUND);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* The state schedule a then b lead to on the model, as *size bytes:
 * every frame, then the hashed region.  Along b, each step's thread goes
 * into *stepped and each disabled thread into *disabled; no step of b
 * ends the run. */
static unsigned char *
state_after(struct test_scenario *s, const struct schedule *a, const struct schedule *b,
    uint64_t *stepped, uint64_t *disabled, size_t *size)
{
	size_t n = model_nthreads(s->m), t, i, len, off = 0;
	struct model_frame **frames = xcalloc(n, sizeof(*frames));
	struct model_state *st = model_state_new(s->m, 100000);
	unsigned char *out;
	const void *bytes;

	for (t = 0; t < n; t++) {
		frames[t] = xcalloc(1, model_frame_size(s->m, (int)t));
		model_frame_init(s->m, (int)t, frames[t]);
	}
	model_state_begin(st, frames);
	for (i = 0; i < a->count; i++)
		model_step(st, frames, a->entries[i].thread, a->entries[i].choice, NULL);
	for (i = 0; b != NULL && i < b->count; i++) {
		for (t = 0; t < n; t++)
			if (!model_enabled(st, (int)t))
				*disabled |= (uint64_t)1 << t;
		ck_assert(model_enabled(st, b->entries[i].thread));
		*stepped |= (uint64_t)1 << b->entries[i].thread;
		model_step(st, frames, b->entries[i].thread, b->entries[i].choice, NULL);
		ck_assert_int_eq(model_verdict(st)->kind, MODEL_RUNNING);
	}
	bytes = model_state_bytes(st, &len);
	for (t = 0; t < n; t++)
		off += model_frame_size(s->m, (int)t);
	out = xmalloc(off + len);
	for (t = 0, off = 0; t < n; t++) {
		memcpy(out + off, frames[t], model_frame_size(s->m, (int)t));
		off += model_frame_size(s->m, (int)t);
		free(frames[t]);
	}
	memcpy(out + off, bytes, len);
	*size = off + len;
	model_state_free(st);
	free(frames);
	return out;
}

/* Two polite threads can back off and retry forever: a livelock, shown
 * as a lasso whose cycle comes back to where it starts and is fair (each
 * thread steps in it or is disabled somewhere on it). */
START_TEST(livelock_is_a_fair_cycle)
{
	struct explore_result r;
	struct test_scenario s;
	uint64_t stepped = 0, disabled = 0, unused = 0;
	unsigned char *at, *again;
	size_t len, len2;

	test_scenario_file(&s, "polite-livelock");
	explore(&s, NULL, &r);
	ck_assert(r.exhaustive);
	ck_assert_int_eq(r.livelock, EXPLORE_LIVELOCK_FOUND);
	ck_assert(explore_found_bug(&r));
	ck_assert(!explore_proven(&r));
	ck_assert_uint_gt(r.livelock_cycle.count, 0);
	at = state_after(&s, &r.livelock_prefix, NULL, &unused, &unused, &len);
	again = state_after(&s, &r.livelock_prefix, &r.livelock_cycle, &stepped, &disabled,
	    &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert(memcmp(at, again, len) == 0);
	ck_assert_uint_eq((stepped | disabled) & 3, 3);
	free(at);
	free(again);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* A loop that only one thread's unfairness keeps going is no livelock:
 * Peterson's spins, a busy wait on a flag nobody else would set until it
 * runs. */
START_TEST(unfair_spinning_is_no_livelock)
{
	static const char *const texts[] = {
		"flag = 0\nthread A:\n    while flag == 0:\n        pass\n"
		"thread B:\n    sleep(1)\n    flag = 1\n",
	};
	struct explore_result r;
	struct test_scenario s;
	size_t i;

	test_scenario_file(&s, "peterson");
	explore(&s, NULL, &r);
	ck_assert_int_eq(r.livelock, EXPLORE_LIVELOCK_NONE);
	ck_assert(explore_proven(&r));
	explore_result_free(&r);
	test_scenario_free(&s);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		test_scenario_text(&s, texts[i]);
		explore(&s, NULL, &r);
		ck_assert_int_eq(r.livelock, EXPLORE_LIVELOCK_NONE);
		ck_assert(explore_proven(&r));
		explore_result_free(&r);
		test_scenario_free(&s);
	}
}
END_TEST

/* A search stopped by a bound before any run ended goes on sampling: the
 * lost update of the sleep-widened counter (4 threads x 3) is found, with
 * a schedule that ends so on the model, the same for any number of jobs. */
START_TEST(bounded_search_samples)
{
	struct explore_options o;
	struct explore_result r, again;
	struct test_scenario s;
	const struct explore_failure *f;
	struct policy *p;
	struct trace tr;
	char err[300];

	test_scenario_text(&s, "val = 0\nthread t[4]:\n    for i in range(3):\n"
	    "        new = val + 1\n        sleep(1)\n        val = new\nexpect val == 12\n");
	explore_options_init(&o);
	o.enough_seconds = 0;	/* the same result on any machine */
	o.max_states = 2000;
	explore(&s, &o, &r);
	ck_assert(!r.exhaustive);
	ck_assert_int_eq(r.bound, EXPLORE_BOUND_MAX_STATES);
	ck_assert(r.sampled_failure);
	ck_assert_uint_gt(r.sampled_runs, 0);
	f = explore_shortest_failure(&r);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->verdict.kind, MODEL_EXPECT_FAILED);
	ck_assert(explore_found_bug(&r));
	/* the schedule ends so on real threads too */
	p = policy_new(POLICY_REPLAY, 0, &f->schedule, s.prog->nthreads, 1, 1);
	trace_init(&tr, s.m, "explore", 0, MODEL_DEFAULT_MAX_STEPS, false);
	ck_assert_msg(engine_run(s.m, p, MODEL_DEFAULT_MAX_STEPS, &tr, err, sizeof(err)), "%s",
	    err);
	ck_assert_str_eq(tr.verdict.message, f->verdict.message);
	ck_assert_uint_eq(tr.nsteps, f->schedule.count);
	trace_free(&tr);
	policy_free(p);
	o.jobs = 2;
	explore(&s, &o, &again);
	ck_assert_uint_eq(explore_shortest_failure(&again)->schedule.count,
	    f->schedule.count);
	ck_assert(memcmp(explore_shortest_failure(&again)->schedule.entries,
	    f->schedule.entries, f->schedule.count * sizeof(*f->schedule.entries)) == 0);
	explore_result_free(&r);
	explore_result_free(&again);
	test_scenario_free(&s);
}
END_TEST

/* The default bound is the machine's memory, not a number of states, and
 * a search says how much memory its states took. */
START_TEST(memory_is_the_default_bound)
{
	struct explore_options o;
	struct explore_result r;
	struct test_scenario s;
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);

	explore_options_init(&o);
	o.enough_seconds = 0;	/* the same result on any machine */
	ck_assert_uint_eq(o.max_states, 0);
	ck_assert_uint_eq(o.max_memory, explore_default_max_memory());
	ck_assert_uint_gt(o.max_memory, 0);
	if (pages > 0 && page > 0)
		ck_assert_uint_le(o.max_memory, (uint64_t)pages * (uint64_t)page);
	test_scenario_file(&s, "dining-philosophers-waiter");
	explore(&s, &o, &r);
	ck_assert(r.exhaustive);
	ck_assert_uint_gt(r.memory, 0);
	ck_assert_uint_le(r.memory, o.max_memory);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* A race that only one of two ways to a state shows: A writes x, then
 * both pass through m, and B reads x once A has raised flag.  If A's
 * lock section comes first, it orders the write before the read; if B's
 * does, nothing does.  Both ways lead to one state, whichever thread the
 * scenario declares first. */
START_TEST(races_do_not_depend_on_the_way)
{
	static const char *const a = "thread A:\n    x = 1\n    with m:\n        pass\n"
	    "    flag = 1\n";
	static const char *const b = "thread B:\n    with m:\n        pass\n"
	    "    while flag == 0:\n        pass\n    y = x\n";
	int order;

	for (order = 0; order < 2; order++) {
		struct explore_result r;
		struct test_scenario s;
		char *text = xasprintf("x = 0\nflag = 0\ny = 0\nm = Lock()\n%s%s",
		    order ? b : a, order ? a : b);
		size_t i;
		bool found = false;
		int x;

		test_scenario_text(&s, text);
		explore(&s, NULL, &r);
		ck_assert(r.exhaustive);
		ck_assert(r.races_complete);
		x = model_element_of(s.m, 0, 0);
		for (i = 0; i < r.nraces; i++)
			found |= r.races[i].element == x && (r.races[i].write[0] ||
			    r.races[i].write[1]) && !(r.races[i].write[0] && r.races[i].write[1]);
		ck_assert_msg(found, "order %d: the race on x is missing", order);
		explore_result_free(&r);
		test_scenario_free(&s);
		free(text);
	}
}
END_TEST

START_TEST(report_helpers)
{
	struct explore_result r;
	struct test_scenario s;
	char buf[100];

	test_scenario_file(&s, "condition-if");
	explore(&s, NULL, &r);
	explore_report_shared(s.m, r.outcomes[0].shared, buf, sizeof(buf));
	ck_assert_str_eq(buf, "items = 0");
	explore_report_label(s.m, &r.outcomes[0].verdict, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ok");
	explore_report_label(s.m, &r.outcomes[1].verdict, buf, sizeof(buf));
	ck_assert_str_eq(buf, "assertion failed in consumer[0]");
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* ---- goldens ---- */

static char *
golden_path(const char *name, const char *suffix)
{
	const char *dir = getenv("TESTS_SRCDIR");

	return xasprintf("%s/golden-explore/%s%s", dir != NULL ? dir : "tests", name, suffix);
}

static char *
read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = { 0 };
	char chunk[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_append(&sb, chunk, n);
	fclose(f);
	return strbuf_detach(&sb);
}

/* The few options a NAME.args may hold. */
static void
golden_options(const char *name, struct explore_options *o)
{
	char *path = golden_path(name, ".args"), *text = read_text(path), *tok, *save;

	explore_options_init(o);
	o->enough_seconds = 0;	/* the same result on any machine */
	free(path);
	if (text == NULL)
		return;
	for (tok = strtok_r(text, " \n", &save); tok != NULL; tok = strtok_r(NULL, " \n", &save)) {
		if (strcmp(tok, "--no-reduction") == 0) {
			o->reduction = false;
			continue;
		}
		ck_assert_msg(strcmp(tok, "--preemptions") == 0 ||
		    strcmp(tok, "--max-states") == 0, "%s.args: unknown option %s", name, tok);
		if (strcmp(tok, "--preemptions") == 0)
			o->preemptions = atoi(strtok_r(NULL, " \n", &save));
		else
			o->max_states = strtoull(strtok_r(NULL, " \n", &save), NULL, 10);
	}
	free(text);
}

static size_t
bundled_names(char names[][128], size_t max)
{
	const char *dir_name = getenv("SCENARIOS_DIR");
	DIR *dir = opendir(dir_name != NULL ? dir_name : "scenarios");
	struct dirent *ent;
	size_t n = 0;

	ck_assert_ptr_nonnull(dir);
	while ((ent = readdir(dir)) != NULL && n < max) {
		size_t len = strlen(ent->d_name);

		if (len > 5 && len < 128 && strcmp(ent->d_name + len - 5, ".race") == 0) {
			memcpy(names[n], ent->d_name, len - 5);
			names[n++][len - 5] = '\0';
		}
	}
	closedir(dir);
	return n;
}

START_TEST(goldens)
{
	char names[64][128];
	size_t n = bundled_names(names, 64), i;
	bool update = getenv("LOCKSTEP_GOLDEN_UPDATE") != NULL;

	ck_assert_uint_ge(n, 20);
	for (i = 0; i < n; i++) {
		struct explore_options o;
		struct explore_result r;
		struct test_scenario s;
		char *path = golden_path(names[i], ".out"), *want, *got;

		test_scenario_file(&s, names[i]);
		golden_options(names[i], &o);
		explore(&s, &o, &r);
		got = report(&s, &r);
		if (update) {
			FILE *f = fopen(path, "w");

			ck_assert_msg(f != NULL, "cannot write %s", path);
			fputs(got, f);
			fclose(f);
		}
		want = read_text(path);
		ck_assert_msg(want != NULL, "no golden %s (LOCKSTEP_GOLDEN_UPDATE=1 "
		    "writes it)", path);
		ck_assert_msg(strcmp(want, got) == 0, "%s differs; got:\n%s", path, got);
		free(want);
		free(got);
		free(path);
		explore_result_free(&r);
		test_scenario_free(&s);
	}
}
END_TEST

/* One outcome as text: the verdict and the final values. */
static char *
outcome_text(struct test_scenario *s, const struct explore_outcome *o)
{
	struct strbuf sb = { 0 };
	size_t e;
	char v[300];

	strbuf_printf(&sb, "%d %d %s:", o->verdict.kind, o->verdict.thread, o->verdict.message);
	for (e = 0; e < model_nelements(s->m); e++) {
		model_value_format(model_strings(s->m), &o->shared[e], v, sizeof(v));
		strbuf_printf(&sb, " %s", v);
	}
	return strbuf_detach(&sb);
}

static bool
has_outcome(struct test_scenario *s, const struct explore_result *r, const char *want)
{
	size_t i;
	bool found = false;

	for (i = 0; i < r->noutcomes && !found; i++) {
		char *got = outcome_text(s, &r->outcomes[i]);

		found = strcmp(got, want) == 0;
		free(got);
	}
	return found;
}

static bool
has_race(const struct explore_result *r, const struct explore_race *want)
{
	size_t i;

	for (i = 0; i < r->nraces; i++)
		if (r->races[i].element == want->element &&
		    memcmp(r->races[i].thread, want->thread, sizeof(want->thread)) == 0 &&
		    memcmp(r->races[i].line, want->line, sizeof(want->line)) == 0 &&
		    memcmp(r->races[i].write, want->write, sizeof(want->write)) == 0)
			return true;
	return false;
}

/* Whether the search found an outcome with this verdict kind and these
 * final values (free-run's messages are worded for real threads: a
 * deadlock it saw names its cycle in its own order). */
static bool
has_kind_and_values(struct test_scenario *s, const struct explore_result *r,
    enum model_verdict_kind kind, const struct model_value *shared)
{
	size_t i;

	for (i = 0; i < r->noutcomes; i++)
		if (r->outcomes[i].verdict.kind == kind &&
		    memcmp(r->outcomes[i].shared, shared,
		    model_nelements(s->m) * sizeof(*shared)) == 0)
			return true;
	return false;
}

/* Free-run's side of the differential check: a few runs on real threads,
 * no scheduler; every way they end (but a run cut short at a limit) is one
 * the search found. */
static void
free_runs_within(struct test_scenario *s, const char *name, const struct explore_result *all)
{
	struct freerun_options o;
	struct freerun_result fr;
	char err[300];
	size_t k;

	freerun_options_init(&o);
	o.runs = 12;
	o.capture = false;
	ck_assert_msg(freerun_run(s->m, &s->strings, &o, NULL, NULL, &fr, err, sizeof(err)),
	    "%s: free-run: %s", name, err);
	for (k = 0; k < fr.noutcomes; k++) {
		const struct freerun_outcome *fo = &fr.outcomes[k];
		char values[300];

		if (fo->limit != FREERUN_NO_LIMIT)
			continue;
		freerun_format_shared(s->m, fo->shared, values, sizeof(values));
		ck_assert_msg(has_kind_and_values(s, all, fo->verdict.kind, fo->shared),
		    "%s: free-run ends %s (%s), which the search did not find", name,
		    trace_verdict_name(fo->verdict.kind), values);
	}
	freerun_result_free(&fr);
}

/* Every outcome random and PCT runs of s reach is one the search found
 * (but a run cut at the step limit, which may only have spun unfairly),
 * and every race they show is in its list; and so is every way a few free
 * runs on real threads end. */
static void
samples_within(struct test_scenario *s, const char *name, const struct explore_result *all)
{
	struct explore_options o;
	size_t k;
	int mode;

	for (mode = 0; mode < 2; mode++) {
		struct explore_result some;

		explore_options_init(&o);
		o.enough_seconds = 0;	/* the same result on any machine */
		o.mode = mode == 0 ? EXPLORE_RANDOM : EXPLORE_PCT;
		o.runs = 200;
		o.seed = 1;
		explore(s, &o, &some);
		for (k = 0; k < some.noutcomes; k++) {
			char *got = outcome_text(s, &some.outcomes[k]);

			ck_assert_msg(some.outcomes[k].verdict.kind == MODEL_NO_PROGRESS ||
			    has_outcome(s, all, got), "%s: %s reaches {%s}, which the "
			    "search did not find", name, mode ? "PCT" : "random", got);
			free(got);
		}
		for (k = 0; k < some.nraces; k++)
			ck_assert_msg(has_race(all, &some.races[k]), "%s: %s shows a race "
			    "on element %d (lines %d and %d) the search did not", name,
			    mode ? "PCT" : "random", some.races[k].element,
			    some.races[k].line[0], some.races[k].line[1]);
		explore_result_free(&some);
	}
	free_runs_within(s, name, all);
}

/* The differential check, over every bundled scenario the search
 * exhausts in a million states. */
START_TEST(samples_within_the_search)
{
	char names[64][128];
	size_t n = bundled_names(names, 64), i;

	for (i = 0; i < n; i++) {
		struct explore_options o;
		struct explore_result all;
		struct test_scenario s;

		test_scenario_file(&s, names[i]);
		explore_options_init(&o);
		o.enough_seconds = 0;	/* the same result on any machine */
		o.max_states = 1000000;
		explore(&s, &o, &all);
		if (!all.exhaustive) {
			printf("%-28s not exhausted in %llu states: left out\n", names[i],
			    (unsigned long long)o.max_states);
			explore_result_free(&all);
			test_scenario_free(&s);
			continue;
		}
		samples_within(&s, names[i], &all);
		explore_result_free(&all);
		test_scenario_free(&s);
	}
}
END_TEST

/* Issue 17: Python programs, whose uncaught exceptions end their threads
 * and not the run: what the search finds, with one job and two, with and
 * without the reduction; the same text as .race ends at the raise; and
 * random, PCT and free runs stay within the search. */
static const struct {
	const char *text;
	unsigned python, race;	/* the verdicts each way reaches */
	const char *outcomes;	/* Python: every outcome (outcome_text), sorted */
} python_programs[] = {
	/* A dies of its assert where B wrote y first; B's effect stays */
	{ "x = 0\ny = 0\nthread A:\n    x = 1\n    assert y == 0, 'B was first'\n"
	  "    x = 2\nthread B:\n    y = 1\n",
	  1u << MODEL_OK | 1u << MODEL_ASSERT_FAILED,
	  1u << MODEL_OK | 1u << MODEL_ASSERT_FAILED,
	  "1 -1 every thread finished and every expect holds: 2 1\n"
	  "3 0 AssertionError: B was first: 1 1\n" },
	/* A dies holding m where it came first: B deadlocks */
	{ "m = Lock()\nx = 0\nthread A:\n    with m:\n        x = 1 // x\n"
	  "thread B:\n    with m:\n        x = 1\n",
	  1u << MODEL_OK | 1u << MODEL_DEADLOCK,
	  1u << MODEL_OK | 1u << MODEL_RUNTIME_ERROR,
	  "1 -1 every thread finished and every expect holds: 1\n"
	  "4 -1 every unfinished thread is blocked: B waits for m held by A (after an "
	  "uncaught exception in A at line 5: ZeroDivisionError: integer division or "
	  "modulo by zero): 0\n" },
	/* the main thread dies; A, started, still runs, and joins return */
	{ "x = 0\nthread A:\n    x = 1\nthread B:\n    A.join()\n    x = 2\n"
	  "main:\n    A.start()\n    B.start()\n    assert x == 1, 'too soon'\n",
	  1u << MODEL_OK | 1u << MODEL_ASSERT_FAILED,
	  1u << MODEL_OK | 1u << MODEL_ASSERT_FAILED,
	  "1 -1 every thread finished and every expect holds: 2\n"
	  "3 2 AssertionError: too soon: 2\n" },
};

static int
compare_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(python_exceptions_end_their_threads)
{
	size_t i = (size_t)_i, k;
	struct explore_options o;
	struct explore_result all, r;
	struct test_scenario s;
	struct strbuf sb = { 0 };
	char *lines[16], *got;
	int way;

	test_scenario_python(&s, python_programs[i].text);
	explore(&s, NULL, &all);
	ck_assert(all.exhaustive);
	ck_assert_uint_eq(all.verdicts, python_programs[i].python);
	ck_assert_uint_le(all.noutcomes, 16);
	for (k = 0; k < all.noutcomes; k++)
		lines[k] = outcome_text(&s, &all.outcomes[k]);
	qsort(lines, all.noutcomes, sizeof(lines[0]), compare_lines);
	for (k = 0; k < all.noutcomes; k++) {
		strbuf_printf(&sb, "%s\n", lines[k]);
		free(lines[k]);
	}
	got = strbuf_detach(&sb);
	ck_assert_str_eq(got, python_programs[i].outcomes);
	free(got);
	for (way = 0; way < 3; way++) {	/* two jobs; no reduction; both */
		explore_options_init(&o);
		o.enough_seconds = 0;
		o.jobs = way != 1 ? 2 : 1;
		o.reduction = way == 0;
		explore(&s, &o, &r);
		ck_assert(r.exhaustive);
		ck_assert_uint_eq(r.verdicts, all.verdicts);
		ck_assert_uint_eq(r.noutcomes, all.noutcomes);
		explore_result_free(&r);
	}
	samples_within(&s, "python program", &all);
	explore_result_free(&all);
	test_scenario_free(&s);
	test_scenario_text(&s, python_programs[i].text);
	explore(&s, NULL, &r);
	ck_assert_uint_eq(r.verdicts, python_programs[i].race);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* Issue 17: try/except/finally.  Whether pop() raises depends on the
 * schedule, so the except path and the normal path are both outcomes, and
 * the finally block runs on each; the caught raise is no step of its own
 * (the consumer's steps are pop, its prints; the producer's append), with
 * and without the reduction and with two jobs; random, PCT and free runs
 * stay within them.  An exception no clause matches goes on up and ends
 * the thread, reported where it was first raised. */
START_TEST(python_except_and_finally_paths_are_explored)
{
	static const char text[] =
	    "import threading\n"
	    "box = []\n"
	    "def take():\n"
	    "    return box.pop()\n"
	    "def consumer():\n"
	    "    try:\n"
	    "        print(take())\n"
	    "    except IndexError as e:\n"
	    "        print(e)\n"
	    "    finally:\n"
	    "        print('done')\n"
	    "def producer():\n"
	    "    box.append(7)\n"
	    "c = threading.Thread(target=consumer)\n"
	    "p = threading.Thread(target=producer)\n"
	    "c.start()\n"
	    "p.start()\n";
	struct explore_options o;
	struct explore_result all, r;
	struct test_scenario s;
	char *got;
	int way;

	test_scenario_py_file(&s, text);
	explore(&s, NULL, &all);
	ck_assert(all.exhaustive);
	ck_assert_uint_eq(all.verdicts, 1u << MODEL_OK);
	got = outputs(&all);
	ck_assert_msg(strstr(got, "7\ndone\n") != NULL && strstr(got,
	    "pop from empty list\ndone\n") != NULL, "outputs: %s", got);
	free(got);
	for (way = 0; way < 3; way++) {
		explore_options_init(&o);
		o.enough_seconds = 0;
		o.jobs = way != 1 ? 2 : 1;
		o.reduction = way == 0;
		explore(&s, &o, &r);
		ck_assert(r.exhaustive);
		ck_assert_uint_eq(r.noutcomes, all.noutcomes);
		explore_result_free(&r);
	}
	samples_within(&s, "python try", &all);
	explore_result_free(&all);
	test_scenario_free(&s);

	test_scenario_py_file(&s, "import threading\n"
	    "def f():\n"
	    "    try:\n"
	    "        x = 1 // 0\n"
	    "    except ValueError:\n"
	    "        print('no')\n"
	    "    finally:\n"
	    "        print('finally')\n"
	    "t = threading.Thread(target=f)\n"
	    "t.start()\n");
	explore(&s, NULL, &all);
	ck_assert_uint_eq(all.noutcomes, 1);
	ck_assert_int_eq(all.outcomes[0].verdict.kind, MODEL_RUNTIME_ERROR);
	ck_assert_str_eq(all.outcomes[0].output, "finally\n");
	ck_assert_str_eq(all.outcomes[0].verdict.message,
	    "ZeroDivisionError: integer division or modulo by zero");
	ck_assert_int_eq(all.outcomes[0].verdict.line, 4);
	explore_result_free(&all);
	test_scenario_free(&s);
}
END_TEST

/* Issue 17: the lecture's global counter race as Python wrote it, its
 * Thread objects read as a group of two: two threads adding 1 twice each
 * end with 2, 3 or 4 (a lost update, two), and only ever 4 under a lock;
 * every schedule ends with both threads joined.  (CPython 3.11 switches
 * threads only at a call or a backward jump, so there `val += 1` alone
 * loses updates rarely if ever; with a call between the load and the
 * store, as `val = val + int(1)`, it loses them as the model does.) */
#define PY_COUNTER_RACE(with, indent) \
	"from threading import Thread, Lock\n\nval = 0\nCOUNT = 2\nNUM_THREADS = 2\n" \
	"lock = Lock()\n\n\ndef increase():\n    global val\n    for _ in range(COUNT):\n" \
	with "        " indent "val += 1\n\n\n" \
	"threads = [Thread(target=increase) for _ in range(NUM_THREADS)]\n" \
	"for thread in threads:\n    thread.start()\nfor thread in threads:\n" \
	"    thread.join()\nprint(val)\n"

static void
py_counter_outcomes(const char *text, const char *want)
{
	struct test_scenario s;
	struct explore_result r;
	struct strbuf sb = { 0 };
	char *lines[8], *got;
	size_t k;

	test_scenario_py(&s, text);
	ck_assert_uint_eq(s.prog->nthreads, 3);
	ck_assert_str_eq(s.prog->threads[1].name, "Thread-1 (increase)");
	ck_assert_str_eq(s.prog->threads[2].name, "Thread-2 (increase)");
	explore(&s, NULL, &r);
	ck_assert(r.exhaustive);
	ck_assert_uint_eq(r.verdicts, 1u << MODEL_OK);
	ck_assert_uint_le(r.noutcomes, 8);
	for (k = 0; k < r.noutcomes; k++)
		lines[k] = outcome_text(&s, &r.outcomes[k]);
	qsort(lines, r.noutcomes, sizeof(lines[0]), compare_lines);
	for (k = 0; k < r.noutcomes; k++) {
		strbuf_printf(&sb, "%s\n", lines[k]);
		free(lines[k]);
	}
	got = strbuf_detach(&sb);
	ck_assert_str_eq(got, want);
	free(got);
	samples_within(&s, "python counter", &r);
	explore_result_free(&r);
	test_scenario_free(&s);
}

START_TEST(python_thread_objects_counter_race)
{
	py_counter_outcomes(PY_COUNTER_RACE("", ""),
	    "1 -1 every thread finished and every expect holds: 2 2 2\n"
	    "1 -1 every thread finished and every expect holds: 3 2 2\n"
	    "1 -1 every thread finished and every expect holds: 4 2 2\n");
	py_counter_outcomes(PY_COUNTER_RACE("        with lock:\n", "    "),
	    "1 -1 every thread finished and every expect holds: 4 2 2\n");
}
END_TEST

/* Issue 17: a call with a timeout may give up at any moment it is blocked,
 * and that is a choice the search makes: both the acquired and the
 * timed-out ways are searched, with one job and two, with and without the
 * reduction; a thread that can time out is never part of a deadlock; and
 * random, PCT and free runs stay within what the search finds. */
static const struct {
	const char *text;
	const char *values;	/* the first shared value's final values */
	bool racy;
} timed_programs[] = {
	/* the lock-order deadlock, each second acquire timed: 0, 1 or 2 got
	 * both, never a deadlock (without the timeouts, timed_deadlocks) */
	{ "a = Lock()\nb = Lock()\ngot = 0\nthread A:\n    with a:\n"
	  "        if b.acquire(timeout=0.5):\n            got += 1\n            b.release()\n"
	  "thread B:\n    with b:\n        if a.acquire(True, 0.5):\n            got += 1\n"
	  "            a.release()\n", "0 1 2", false },
	/* notified (1), or timed out (2): before the notify, or after it
	 * timed out and the notify woke nobody; the waiter holds the lock
	 * again either way (the notifier's notify needs it) */
	{ "c = Condition()\nwoke = 0\nthread W:\n    with c:\n        if c.wait(1):\n"
	  "            woke = 1\n        else:\n            woke = 2\n"
	  "thread N:\n    with c:\n        c.notify()\n", "1 2", false },
	/* Event.wait(timeout) returns the flag: set (1) or timed out (0) */
	{ "e = Event()\nseen = 0\nthread W:\n    seen = e.wait(0.1)\n"
	  "thread S:\n    e.set()\n", "0 1", false },
	/* a semaphore's timed acquire, and Queue.get(timeout=) that either
	 * gets the item or raises Empty, which ends its thread alone */
	{ "s = Semaphore(0)\nq = Queue()\nx = 0\nthread G:\n    if s.acquire(timeout=1):\n"
	  "        x = q.get(timeout=1)\nthread P:\n    q.put(5)\n    s.release()\n",
	  "0 5", false },
	/* join(timeout=) gives up while its thread runs */
	{ "done = 0\nx = 0\nthread A:\n    x = 1\nmain:\n    A.start()\n"
	  "    A.join(timeout=0.5)\n    done = x\n", "0 1", true },
};

START_TEST(timeouts_are_choices)
{
	size_t i = (size_t)_i;
	struct test_scenario s;
	struct explore_result all;

	test_scenario_python(&s, timed_programs[i].text);
	check_first_values(&s, "timed", timed_programs[i].values, timed_programs[i].racy);
	explore(&s, NULL, &all);
	samples_within(&s, "timed program", &all);
	explore_result_free(&all);
	test_scenario_free(&s);
}
END_TEST

/* Without their timeouts, the programs above that can wait forever do:
 * the timeout is what keeps them from a deadlock verdict.  And a thread
 * that times out again and again while the lock's holder waits for it is
 * a livelock (a fair cycle), not a deadlock. */
START_TEST(timed_deadlocks)
{
	static const char *const untimed[] = {
		"a = Lock()\nb = Lock()\ngot = 0\nthread A:\n    with a:\n"
		"        if b.acquire():\n            got += 1\n            b.release()\n"
		"thread B:\n    with b:\n        if a.acquire(True, -1):\n            got += 1\n"
		"            a.release()\n",
		"c = Condition()\nwoke = 0\nthread W:\n    with c:\n        if c.wait():\n"
		"            woke = 1\n        else:\n            woke = 2\n"
		"thread N:\n    with c:\n        c.notify()\n",
	};
	struct test_scenario s;
	struct explore_result r;
	size_t i;

	for (i = 0; i < sizeof(untimed) / sizeof(untimed[0]); i++) {
		test_scenario_python(&s, untimed[i]);
		explore(&s, NULL, &r);
		ck_assert(r.exhaustive);
		ck_assert_msg(reaches(&r, MODEL_DEADLOCK), "untimed %zu: no deadlock", i);
		explore_result_free(&r);
		test_scenario_free(&s);
	}
	test_scenario_python(&s, "m = Lock()\ne = Event()\nthread A:\n    with m:\n"
	    "        e.wait()\nthread B:\n    while not m.acquire(timeout=0.1):\n"
	    "        pass\n    m.release()\n    e.set()\n");
	explore(&s, NULL, &r);
	ck_assert(r.exhaustive);
	ck_assert(!reaches(&r, MODEL_DEADLOCK));
	ck_assert_int_eq(r.livelock, EXPLORE_LIVELOCK_FOUND);
	explore_result_free(&r);
	test_scenario_free(&s);
}
END_TEST

/* Every golden has its scenario. */
START_TEST(no_stray_goldens)
{
	const char *dir_name = getenv("TESTS_SRCDIR");
	char *path = xasprintf("%s/golden-explore", dir_name != NULL ? dir_name : "tests");
	char names[64][128];
	size_t n = bundled_names(names, 64), i;
	DIR *dir = opendir(path);
	struct dirent *ent;

	ck_assert_ptr_nonnull(dir);
	while ((ent = readdir(dir)) != NULL) {
		char *dot = strrchr(ent->d_name, '.');
		bool found = false;

		if (ent->d_name[0] == '.' || dot == NULL)
			continue;
		for (i = 0; i < n; i++)
			found |= strlen(names[i]) == (size_t)(dot - ent->d_name) &&
			    strncmp(names[i], ent->d_name, (size_t)(dot - ent->d_name)) == 0;
		ck_assert_msg(found, "golden-explore/%s has no scenario", ent->d_name);
	}
	closedir(dir);
	free(path);
}
END_TEST

/* The bundled challenges, challenge-1-... to challenge-N-..., in order:
 * each one's goal is reached by some schedule the exhaustive search finds,
 * and missed by another (a goal every run reaches is no challenge); the
 * shortest schedule that reaches it, run on real threads, reaches it too. */
START_TEST(every_challenge_can_be_won)
{
	char names[64][128];
	size_t n = bundled_names(names, 64), i, k, challenges = 0;

	for (i = 0; i < n; i++) {
		struct explore_options o;
		struct explore_result r;
		struct test_scenario s;
		const struct explore_outcome *win = NULL;
		bool lost = false;

		test_scenario_file(&s, names[i]);
		ck_assert_msg((s.prog->goal.kind != LANG_GOAL_NONE) ==
		    (strncmp(names[i], "challenge-", 10) == 0),
		    "%s: a scenario has a goal exactly when it is named challenge-N-...",
		    names[i]);
		if (s.prog->goal.kind == LANG_GOAL_NONE) {
			test_scenario_free(&s);
			continue;
		}
		challenges++;
		explore_options_init(&o);
		o.enough_seconds = 0;	/* the same result on any machine */
		explore(&s, &o, &r);
		ck_assert_msg(r.exhaustive, "%s: the search was not exhaustive", names[i]);
		for (k = 0; k < r.noutcomes; k++) {
			const struct explore_outcome *out = &r.outcomes[k];

			if (!model_goal_reached(s.m, &out->verdict, out->shared))
				lost = true;
			else if (win == NULL || out->schedule.count < win->schedule.count)
				win = out;
		}
		ck_assert_msg(win != NULL, "%s: no schedule reaches goal: %s", names[i],
		    s.prog->goal.text);
		ck_assert_msg(lost, "%s: every schedule reaches the goal", names[i]);
		{
			struct policy *p = policy_new(POLICY_REPLAY, 0, &win->schedule,
			    s.prog->nthreads, 1, 1);
			struct trace tr;
			char err[300];

			trace_init(&tr, s.m, "explore", 0, MODEL_DEFAULT_MAX_STEPS, false);
			ck_assert_msg(engine_run(s.m, p, MODEL_DEFAULT_MAX_STEPS, &tr, err,
			    sizeof(err)), "%s: %s", names[i], err);
			ck_assert_msg(model_goal_reached(s.m, &tr.verdict, tr.final),
			    "%s: the winning schedule missed the goal on real threads",
			    names[i]);
			trace_free(&tr);
			policy_free(p);
		}
		explore_result_free(&r);
		test_scenario_free(&s);
	}
	ck_assert_uint_ge(challenges, 6);
	/* A progression with no gaps: challenge-1- ... challenge-N-. */
	for (k = 1; k <= challenges; k++) {
		char prefix[32];
		bool found = false;

		snprintf(prefix, sizeof(prefix), "challenge-%zu-", k);
		for (i = 0; i < n; i++)
			found |= strncmp(names[i], prefix, strlen(prefix)) == 0;
		ck_assert_msg(found, "no bundled %s... scenario", prefix);
	}
}
END_TEST

static Suite *
explore_suite(void)
{
	Suite *s = suite_create("explore");
	TCase *tc = tcase_create("explore");
	TCase *g = tcase_create("goldens");

	tcase_set_timeout(tc, 300);
	tcase_set_timeout(g, 300);
	tcase_add_test(tc, counter_outcome_sets);
	tcase_add_test(tc, naive_search_counts_every_interleaving);
	tcase_add_test(tc, lessons_and_their_fixes);
	tcase_add_test(tc, reduction_is_sound);
	tcase_add_test(tc, two_jobs_give_the_same_result);
	tcase_add_test(tc, preemption_bound);
	tcase_add_test(tc, max_states_bound);
	tcase_add_test(tc, progress_can_cancel);
	tcase_add_test(tc, sampling);
	tcase_add_test(tc, races);
	tcase_add_test(tc, notify_choices_are_searched);
	tcase_add_test(tc, shortest_failure_replays_on_real_threads);
	tcase_add_test(tc, step_limit_is_no_progress);
	tcase_add_test(tc, step_limit_beside_a_failure);
	tcase_add_test(tc, busy_waits_close);
	tcase_add_test(tc, peterson);
	tcase_add_test(tc, a_raise_ends_the_run_in_a_loop);
	tcase_add_test(tc, an_atomic_block_raises_after_its_effects);
	tcase_add_test(tc, condition_loops_close);
	tcase_add_test(tc, daemons_run_until_the_exit);
	tcase_add_test(tc, output_is_part_of_the_outcome);
	tcase_add_test(tc, livelock_is_a_fair_cycle);
	tcase_add_test(tc, unfair_spinning_is_no_livelock);
	tcase_add_test(tc, bounded_search_samples);
	tcase_add_test(tc, memory_is_the_default_bound);
	tcase_add_test(tc, races_do_not_depend_on_the_way);
	tcase_add_test(tc, report_helpers);
	tcase_add_test(tc, list_appends_are_never_lost);
	tcase_add_test(tc, list_check_then_act_misorders);
	tcase_add_test(tc, sparse_round_trip);
	tcase_add_test(tc, sparse_base_round_trip);
	tcase_add_test(tc, store_layers_reuse_their_memory);
	suite_add_tcase(s, tc);
	tcase_add_test(g, goldens);
	tcase_add_test(g, no_stray_goldens);
	tcase_add_test(g, every_challenge_can_be_won);
	tcase_add_test(g, samples_within_the_search);
	tcase_add_test(g, python_thread_objects_counter_race);
	tcase_add_test(g, python_except_and_finally_paths_are_explored);
	tcase_add_loop_test(g, python_exceptions_end_their_threads, 0,
	    (int)(sizeof(python_programs) / sizeof(python_programs[0])));
	tcase_add_loop_test(g, timeouts_are_choices, 0,
	    (int)(sizeof(timed_programs) / sizeof(timed_programs[0])));
	tcase_add_test(g, timed_deadlocks);
	suite_add_tcase(s, g);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(explore_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
