/* explore_fuzzer.c - libFuzzer on the search: whatever compiles is
 * explored on the model with small bounds (FUZZ_MAX_STATES states,
 * FUZZ_MAX_MEMORY bytes, FUZZ_MAX_STEPS steps a schedule), with or without
 * the reduction and a preemption bound as the input's hash picks, then
 * sampled by random and PCT schedules, and each result is printed as the
 * text and JSON reports.
 *
 * What must hold beyond "no crash, no leak":
 *   - every outcome's shortest schedule, replayed on the model, ends in
 *     that outcome, and every failure's schedule in that failure's kind;
 *   - when the search was exhaustive, the runs of rr, random and PCT (on
 *     the model) and every sampled outcome are among its outcomes, and a
 *     search with two jobs finds the same outcomes.
 * Built by ./configure --enable-fuzzing (clang); tests/test_fuzz_corpus.c
 * runs the same function on the regression corpus in make check. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/report.h"
#include "fuzz/drive.h"

#define FUZZ_MAX_STATES 3000
#define FUZZ_MAX_MEMORY (8u << 20)
#define FUZZ_MAX_STEPS 150
#define FUZZ_SAMPLE_RUNS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
report(const struct explore_result *r, const struct model *m, FILE *out)
{
	struct explore_report_options wide = { false, 80 };
	struct explore_report_options narrow = { false, 40 };
	const char *name = fuzz_file_name(model_program(m));

	explore_report_text(r, m, name, &wide, out);
	explore_report_text(r, m, name, &narrow, out);
	explore_report_json(r, m, name, out);
}

/* Replay a schedule on the model; the trace is the caller's to free. */
static void
replay(const struct model *m, const struct schedule *s, struct trace *tr)
{
	struct policy *p = policy_new(POLICY_REPLAY, 0, s, model_nthreads(m), 1, 1);

	trace_init(tr, m, "replay", 0, FUZZ_MAX_STEPS, true);
	if (!fuzz_run_on_model(m, p, FUZZ_MAX_STEPS, tr))
		abort();	/* the search reported a schedule that cannot run */
	policy_free(p);
}

static void
check_schedules(const struct explore_result *r, const struct model *m)
{
	struct trace tr;
	size_t i;

	for (i = 0; i < r->noutcomes; i++) {
		replay(m, &r->outcomes[i].schedule, &tr);
		if (fuzz_find_outcome(r, m, &tr.verdict, tr.final, true,
		    tr.output != NULL ? tr.output : "") != &r->outcomes[i])
			abort();	/* its schedule ends elsewhere */
		trace_free(&tr);
	}
	for (i = 0; i < r->nfailures; i++) {
		replay(m, &r->failures[i].schedule, &tr);
		if (tr.verdict.kind != r->failures[i].verdict.kind)
			abort();
		trace_free(&tr);
	}
}

/* Every outcome of b is one of a's. */
static void
check_subset(const struct explore_result *a, const struct explore_result *b,
    const struct model *m)
{
	size_t i;

	for (i = 0; i < b->noutcomes; i++)
		if (fuzz_find_outcome(a, m, &b->outcomes[i].verdict, b->outcomes[i].shared,
		    false, b->outcomes[i].output != NULL ? b->outcomes[i].output : "") == NULL)
			abort();
}

static void
check_runs(const struct explore_result *r, const struct model *m, uint64_t hash)
{
	static const enum policy_kind kinds[] = { POLICY_RR, POLICY_RANDOM, POLICY_PCT };
	size_t k;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct policy *p = policy_new(kinds[k], hash >> (8 * k), NULL,
		    model_nthreads(m), 3, policy_estimate_steps(m, FUZZ_MAX_STEPS));
		struct trace tr;

		trace_init(&tr, m, policy_name(kinds[k]), 0, FUZZ_MAX_STEPS, false);
		fuzz_run_on_model(m, p, FUZZ_MAX_STEPS, &tr);
		if (fuzz_find_outcome(r, m, &tr.verdict, tr.final, false,
		    tr.output != NULL ? tr.output : "") == NULL)
			abort();	/* a run ended where the search never did */
		trace_free(&tr);
		policy_free(p);
	}
}

static void
search(const struct lang_program *prog, uint64_t hash, FILE *out)
{
	struct model_strings strings = { 0 };
	struct model *m = model_new(prog, &strings);
	struct explore_options o;
	struct explore_result full, other;

	explore_options_init(&o);
	o.max_states = FUZZ_MAX_STATES;
	o.max_memory = FUZZ_MAX_MEMORY;
	o.max_steps = FUZZ_MAX_STEPS;
	o.reduction = (hash & 1) == 0;
	o.preemptions = (hash >> 1) % 4 == 0 ? (int)((hash >> 3) % 3) : -1;
	explore_run(m, &o, NULL, NULL, &full);
	report(&full, m, out);
	check_schedules(&full, m);
	if (full.exhaustive) {
		check_runs(&full, m, hash);
		o.jobs = 2;
		explore_run(m, &o, NULL, NULL, &other);
		if (!other.exhaustive || other.noutcomes != full.noutcomes)
			abort();	/* two jobs found something else */
		check_subset(&full, &other, m);
		explore_result_free(&other);
		o.jobs = 1;
	}
	o.mode = (hash >> 5) & 1 ? EXPLORE_PCT : EXPLORE_RANDOM;
	o.runs = FUZZ_SAMPLE_RUNS;
	o.seed = hash >> 32;
	explore_run(m, &o, NULL, NULL, &other);
	report(&other, m, out);
	check_schedules(&other, m);
	if (full.exhaustive)
		check_subset(&full, &other, m);
	explore_result_free(&other);
	explore_result_free(&full);
	model_free(m);
	model_strings_free(&strings);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *null = fopen("/dev/null", "w");
	struct lang_program *prog = fuzz_compile_either(data, size);

	if (prog != NULL && null != NULL)
		search(prog, fuzz_hash(data, size), null);
	lang_program_free(prog);
	if (null != NULL)
		fclose(null);
	return 0;
}
