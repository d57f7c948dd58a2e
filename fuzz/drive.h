/* drive.h - what the run and explore fuzz harnesses and the test of
 * generated scenarios share: compiling bytes, a controlled run on the
 * model alone, and the outcome a run ends in compared with the outcomes a
 * search found.
 *
 * A run here takes the same steps the engine would take on real threads
 * (the engine only hands the model's step to a pthread), without starting
 * any: a fuzzer runs thousands of inputs a second and the scenario's
 * semantics are all in the model.
 */
#ifndef LOCKSTEP_FUZZ_DRIVE_H
#define LOCKSTEP_FUZZ_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sched/policy.h"
#include "explore/explore.h"
#include "lang/compile.h"
#include "trace/trace.h"

/* FNV-1a of the bytes: where a harness takes its seeds and choices from,
 * so that one input always does the same thing. */
uint64_t fuzz_hash(const uint8_t *data, size_t size);

/* Compile the bytes as fuzz.race; the diagnostics go to diag_out (may be
 * NULL).  NULL if they do not compile. */
struct lang_program *fuzz_compile(const uint8_t *data, size_t size, FILE *diag_out);

/* Compile the bytes as fuzz.race or, if they do not compile so, as fuzz.py
 * (a Python program), without diagnostics: the run and explore harnesses
 * reach both front ends' programs.  NULL if neither compiles. */
struct lang_program *fuzz_compile_either(const uint8_t *data, size_t size);

/* "fuzz.py" or "fuzz.race": the name prog was compiled under. */
const char *fuzz_file_name(const struct lang_program *prog);

/* Run m to its verdict or max_steps steps as the policy picks, on the
 * model alone, checking the model's invariants after every step (aborts
 * if one is broken); the trace (initialized by the caller) gets every
 * step.
 * False if the policy could not go on (a replayed schedule naming a thread
 * that cannot run). */
bool fuzz_run_on_model(const struct model *m, struct policy *policy, int max_steps,
    struct trace *tr);

/* The outcome, of r, that a run ending with verdict v and final shared
 * values shared is: the same verdict kind and the same values, and with
 * exactly, the same words, thread and line too (two deadlocks can differ
 * in who waits); NULL if the search found no such outcome.  r must come
 * from a search of the same model (string values are compared by id).
 * output, if not NULL, is what the run printed: it must be the outcome's
 * too (a Python program's outcomes can differ in their output alone). */
const struct explore_outcome *fuzz_find_outcome(const struct explore_result *r,
    const struct model *m, const struct model_verdict *v,
    const struct model_value *shared, bool exactly,
    const char *output);

/* The same thread, line, expect and words (the kinds aside). */
bool fuzz_same_words(const struct model_verdict *a, const struct model_verdict *b);

/* "ok: x = 1, buf = [0, 2]", to name an outcome in a failure message. */
void fuzz_describe_outcome(const struct model *m, const struct model_verdict *v,
    const struct model_value *shared, char *buf, size_t size);

#endif
