#include "config.h"

#include "explore/tally.h"

#include <stdlib.h>
#include <string.h>

#include "explore/store.h"
#include "util/hashset.h"
#include "util/xalloc.h"

struct tally {
	const struct model *m;
	size_t nelements;
	struct tally_outcome **outcomes;
	size_t noutcomes, cap;
	struct hashindex index;		/* of outcomes, by their hash */
	struct explore_race *races;
	size_t nraces, races_cap;
};

struct tally *
tally_new(const struct model *m)
{
	struct tally *t = xcalloc(1, sizeof(*t));

	t->m = m;
	t->nelements = tally_key_size(m);
	return t;
}

size_t
tally_key_size(const struct model *m)
{
	return model_nelements(m) + (model_prints(m) ? 1 : 0);
}

void
tally_key(const struct model *m, const struct model_state *st, struct model_value *key)
{
	size_t e, ne = model_nelements(m);
	int64_t out = model_output_id(st);

	for (e = 0; e < ne; e++)
		key[e] = *model_element_value(st, (int)e);
	if (model_prints(m)) {
		key[ne].kind = out < 0 ? MODEL_NONE : MODEL_STR;
		key[ne].pad = 0;
		key[ne].i = out < 0 ? 0 : out;
	}
}

const char *
tally_key_output(const struct model *m, const struct model_value *key)
{
	const struct model_value *v = &key[model_nelements(m)];

	if (!model_prints(m) || v->kind != MODEL_STR)
		return "";
	return model_strings_get(model_strings(m), v->i);
}

static void
outcome_free(struct tally_outcome *o)
{
	free(o->shared);
	schedule_free(&o->schedule);
	free(o);
}

void
tally_free(struct tally *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->noutcomes; i++)
		if (t->outcomes[i] != NULL)
			outcome_free(t->outcomes[i]);
	free(t->outcomes);
	hashindex_free(&t->index);
	free(t->races);
	free(t);
}

uint64_t
tally_add_counts(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t
outcome_hash(const struct tally *t, const struct model_verdict *v,
    const struct model_value *shared)
{
	return store_hash(shared, t->nelements * sizeof(*shared)) ^
	    (store_hash(v->message, strlen(v->message)) * 31) ^ (uint64_t)v->kind ^
	    ((uint64_t)(uint32_t)v->thread << 8) ^ ((uint64_t)(uint32_t)v->line << 32);
}

static bool
same_outcome(const struct tally *t, const struct tally_outcome *o,
    const struct model_verdict *v, const struct model_value *shared)
{
	return o->verdict.kind == v->kind && o->verdict.thread == v->thread &&
	    o->verdict.line == v->line && strcmp(o->verdict.message, v->message) == 0 &&
	    memcmp(o->shared, shared, t->nelements * sizeof(*shared)) == 0;
}

struct tally_outcome *
tally_find(struct tally *t, const struct model_verdict *v, const struct model_value *shared)
{
	uint64_t h = outcome_hash(t, v, shared);
	struct tally_outcome *o;
	size_t i, it;

	for (i = hashindex_first(&t->index, h, &it); i != SIZE_MAX;
	    i = hashindex_next(&t->index, h, &it))
		if (same_outcome(t, t->outcomes[i], v, shared))
			return t->outcomes[i];
	o = xcalloc(1, sizeof(*o));
	o->verdict = *v;
	o->shared = xcalloc(t->nelements + 1, sizeof(*o->shared));
	memcpy(o->shared, shared, t->nelements * sizeof(*shared));
	t->outcomes = xgrow(t->outcomes, &t->cap, t->noutcomes + 1, sizeof(*t->outcomes));
	hashindex_add(&t->index, h, t->noutcomes);
	t->outcomes[t->noutcomes++] = o;
	return o;
}

void
tally_count(struct tally_outcome *o, uint64_t count)
{
	o->count = tally_add_counts(o->count, count);
}

bool
tally_wants(const struct tally_outcome *o, size_t length, uint64_t rank)
{
	if (!o->has_schedule)
		return true;
	if (length != o->schedule.count)
		return length < o->schedule.count;
	return rank < o->rank;
}

void
tally_offer(struct tally_outcome *o, const struct schedule *s, uint64_t rank)
{
	size_t i;

	if (!tally_wants(o, s->count, rank))
		return;
	o->schedule.count = 0;
	for (i = 0; i < s->count; i++)
		schedule_append(&o->schedule, s->entries[i].thread, s->entries[i].choice);
	o->has_schedule = true;
	o->rank = rank;
}

/* Accesses in a fixed order: by line, reads first, then by thread. */
static bool
access_before(int line_a, bool write_a, int thread_a, int line_b, bool write_b,
    int thread_b)
{
	if (line_a != line_b)
		return line_a < line_b;
	if (write_a != write_b)
		return !write_a;
	return thread_a < thread_b;
}

static int
compare_race_keys(const struct explore_race *a, const struct explore_race *b)
{
	int i;

	if (a->element != b->element)
		return a->element < b->element ? -1 : 1;
	for (i = 0; i < 2; i++) {
		if (a->line[i] != b->line[i])
			return a->line[i] < b->line[i] ? -1 : 1;
		if (a->write[i] != b->write[i])
			return a->write[i] ? 1 : -1;
	}
	return 0;
}

static bool
threads_before(const struct explore_race *a, const struct explore_race *b)
{
	if (a->thread[0] != b->thread[0])
		return a->thread[0] < b->thread[0];
	return a->thread[1] < b->thread[1];
}

static void
add_race(struct tally *t, const struct explore_race *r)
{
	size_t i;

	for (i = 0; i < t->nraces; i++)
		if (compare_race_keys(&t->races[i], r) == 0) {
			if (threads_before(r, &t->races[i]))
				t->races[i] = *r;
			return;
		}
	t->races = xgrow(t->races, &t->races_cap, t->nraces + 1, sizeof(*t->races));
	t->races[t->nraces++] = *r;
}

void
tally_race(struct tally *t, int element, int thread_a, int line_a, bool write_a,
    int thread_b, int line_b, bool write_b)
{
	struct explore_race r;
	int i = access_before(line_a, write_a, thread_a, line_b, write_b, thread_b) ? 0 : 1;

	r.element = element;
	r.thread[i] = thread_a;
	r.line[i] = line_a;
	r.write[i] = write_a;
	r.thread[1 - i] = thread_b;
	r.line[1 - i] = line_b;
	r.write[1 - i] = write_b;
	add_race(t, &r);
}

void
tally_model_races(struct tally *t, const struct model_state *st)
{
	size_t i, n = model_nraces(st);

	for (i = 0; i < n; i++) {
		const struct model_race *r = model_race(st, i);

		tally_race(t, r->element, r->first_thread, r->first_line, r->first_is_write,
		    r->second_thread, r->second_line, r->second_is_write);
	}
}

void
tally_merge(struct tally *into, const struct tally *from)
{
	size_t i;

	for (i = 0; i < from->noutcomes; i++) {
		const struct tally_outcome *src = from->outcomes[i];
		struct tally_outcome *o = tally_find(into, &src->verdict, src->shared);

		tally_count(o, src->count);
		if (src->has_schedule)
			tally_offer(o, &src->schedule, src->rank);
	}
	for (i = 0; i < from->nraces; i++)
		add_race(into, &from->races[i]);
}

/* A run cut at the step limit may only have spun unfairly (a busy wait
 * whose partner never ran), which the search does not call a bug: such a
 * run proves nothing (explore_step_limit_verdict). */
static bool
proves_a_bug(const struct model_verdict *v)
{
	return v->kind != MODEL_OK && v->kind != MODEL_RUNNING &&
	    !explore_step_limit_verdict(v);
}

bool
tally_failed(const struct tally *t)
{
	size_t i;

	for (i = 0; i < t->noutcomes; i++)
		if (proves_a_bug(&t->outcomes[i]->verdict))
			return true;
	return false;
}

void
tally_merge_failures(struct tally *into, const struct tally *from)
{
	size_t i;

	for (i = 0; i < from->noutcomes; i++) {
		const struct tally_outcome *src = from->outcomes[i];
		struct tally_outcome *o;

		if (!proves_a_bug(&src->verdict))
			continue;
		o = tally_find(into, &src->verdict, src->shared);
		tally_count(o, src->count);
		if (src->has_schedule)
			tally_offer(o, &src->schedule, src->rank);
	}
	tally_merge_races(into, from);
}

void
tally_merge_races(struct tally *into, const struct tally *from)
{
	size_t i;

	for (i = 0; i < from->nraces; i++)
		add_race(into, &from->races[i]);
}

size_t
tally_noutcomes(const struct tally *t)
{
	return t->noutcomes;
}

/* ---- the result, in a fixed order ---- */

static int
compare_values(const struct model *m, const struct model_value *a,
    const struct model_value *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == MODEL_STR)
		return strcmp(model_strings_get(model_strings(m), a->i),
		    model_strings_get(model_strings(m), b->i));
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return 0;
}

static int
compare_outcomes(const void *pa, const void *pb, void *arg)
{
	const struct tally *t = arg;
	const struct tally_outcome *a = *(struct tally_outcome *const *)pa;
	const struct tally_outcome *b = *(struct tally_outcome *const *)pb;
	size_t i;
	int c;

	if (a->verdict.kind != b->verdict.kind)
		return a->verdict.kind < b->verdict.kind ? -1 : 1;
	for (i = 0; i < t->nelements; i++)
		if ((c = compare_values(t->m, &a->shared[i], &b->shared[i])) != 0)
			return c;
	if ((c = strcmp(a->verdict.message, b->verdict.message)) != 0)
		return c;
	if (a->verdict.thread != b->verdict.thread)
		return a->verdict.thread < b->verdict.thread ? -1 : 1;
	return (a->verdict.line > b->verdict.line) - (a->verdict.line < b->verdict.line);
}

static int
compare_failures(const void *pa, const void *pb)
{
	const struct explore_failure *a = pa, *b = pb;
	int c;

	if (a->verdict.kind != b->verdict.kind)
		return a->verdict.kind < b->verdict.kind ? -1 : 1;
	if (a->schedule.count != b->schedule.count)
		return a->schedule.count < b->schedule.count ? -1 : 1;
	if ((c = strcmp(a->verdict.message, b->verdict.message)) != 0)
		return c;
	if (a->verdict.thread != b->verdict.thread)
		return a->verdict.thread < b->verdict.thread ? -1 : 1;
	return (a->verdict.line > b->verdict.line) - (a->verdict.line < b->verdict.line);
}

static int
compare_races(const void *a, const void *b)
{
	return compare_race_keys(a, b);
}

static void
copy_schedule(struct schedule *to, const struct schedule *from)
{
	size_t i;

	memset(to, 0, sizeof(*to));
	for (i = 0; i < from->count; i++)
		schedule_append(to, from->entries[i].thread, from->entries[i].choice);
}

static bool
same_verdict(const struct model_verdict *a, const struct model_verdict *b)
{
	return a->kind == b->kind && a->thread == b->thread && a->line == b->line &&
	    strcmp(a->message, b->message) == 0;
}

/* One failure per distinct failing verdict, with the shortest schedule of
 * the outcomes that end in it (outcomes are sorted, so ties go to the
 * first). */
static void
collect_failures(struct explore_result *r)
{
	size_t i, k;

	r->failures = xcalloc(r->noutcomes + 1, sizeof(*r->failures));
	for (i = 0; i < r->noutcomes; i++) {
		const struct explore_outcome *o = &r->outcomes[i];

		if (!proves_a_bug(&o->verdict))
			continue;
		for (k = 0; k < r->nfailures; k++)
			if (same_verdict(&r->failures[k].verdict, &o->verdict))
				break;
		if (k == r->nfailures) {
			r->failures[k].verdict = o->verdict;
			copy_schedule(&r->failures[k].schedule, &o->schedule);
			r->nfailures++;
		} else if (o->schedule.count < r->failures[k].schedule.count) {
			schedule_free(&r->failures[k].schedule);
			copy_schedule(&r->failures[k].schedule, &o->schedule);
		}
	}
	qsort(r->failures, r->nfailures, sizeof(*r->failures), compare_failures);
}

void
tally_result(struct tally *t, struct explore_result *r)
{
	size_t i;

	if (t->noutcomes > 1)
		qsort_r(t->outcomes, t->noutcomes, sizeof(*t->outcomes), compare_outcomes, t);
	r->outcomes = xcalloc(t->noutcomes + 1, sizeof(*r->outcomes));
	r->noutcomes = t->noutcomes;
	for (i = 0; i < t->noutcomes; i++) {
		struct tally_outcome *o = t->outcomes[i];
		struct explore_outcome *out = &r->outcomes[i];

		out->shared = o->shared;
		out->output = xstrdup(tally_key_output(t->m, o->shared));
		out->verdict = o->verdict;
		out->count = o->count;
		out->schedule = o->schedule;
		r->verdicts |= 1u << o->verdict.kind;
		free(o);
	}
	t->noutcomes = 0;
	hashindex_clear(&t->index);
	collect_failures(r);
	if (t->nraces > 1)
		qsort(t->races, t->nraces, sizeof(*t->races), compare_races);
	r->races = t->races;
	r->nraces = t->nraces;
	t->races = NULL;
	t->nraces = t->races_cap = 0;
}
