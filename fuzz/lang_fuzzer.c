/* lang_fuzzer.c - libFuzzer on the scenario front end: source checks,
 * lexer, parser and compiler (each input read as a .race file, then as a
 * .py file), with the diagnostics formatted as `check`
 * prints them; then whatever compiles runs on the model, round-robin with
 * the last alternative of every choice, to FUZZ_MAX_STEPS steps.  Any input
 * must give a program or diagnostics, never a crash, a hang or a leak; a
 * running program always has a thread that can step (else the model owes
 * a deadlock verdict).  Built by ./configure --enable-fuzzing (clang);
 * tests/test_fuzz_corpus.c runs the same function on the regression corpus. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lang/compile.h"
#include "model/model.h"
#include "util/xalloc.h"

#define FUZZ_MAX_STEPS 300

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
run_on_model(const struct lang_program *prog)
{
	struct model_strings strings = { 0 };
	struct model *m = model_new(prog, &strings);
	struct model_state *st = model_state_new(m, FUZZ_MAX_STEPS);
	size_t n = model_nthreads(m), t, k, next = 0;
	struct model_frame **frames = xcalloc(n, sizeof(*frames));

	for (t = 0; t < n; t++)
		frames[t] = xmalloc(model_frame_size(m, (int)t));
	model_state_begin(st, frames);
	while (model_verdict(st)->kind == MODEL_RUNNING) {
		for (k = 0; k < n && !model_enabled(st, (int)((next + k) % n)); k++)
			;
		if (k == n)
			abort();	/* running, yet no thread can step */
		t = (next + k) % n;
		model_step(st, frames, (int)t, model_choices(st, (int)t) - 1, NULL);
		next = t + 1;
	}
	for (t = 0; t < n; t++)
		free(frames[t]);
	free(frames);
	model_state_free(st);
	model_free(m);
	model_strings_free(&strings);
}

/* The input read as a file called name: its suffix picks the mode. */
static void
compile_and_run(const char *name, const uint8_t *data, size_t size, FILE *null)
{
	struct lang_diags diags;
	struct lang_source *src;
	struct lang_program *prog = NULL;

	lang_diags_init(&diags);
	src = lang_source_from_memory(name, (const char *)data, size, &diags);
	if (src != NULL)
		prog = lang_compile(src, &diags);
	if (prog != NULL) {
		lang_program_dump(prog, null);
		run_on_model(prog);
		lang_program_free(prog);
	}
	lang_diags_print(&diags, null);
	lang_diags_free(&diags);
}

/* Every input twice: as a scenario and as a Python program. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *null = fopen("/dev/null", "w");

	compile_and_run("fuzz.race", data, size, null);
	compile_and_run("fuzz.py", data, size, null);
	fclose(null);
	return 0;
}
