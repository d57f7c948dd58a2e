/* lang_fuzzer.c - libFuzzer on the scenario front end: source checks,
 * lexer, parser and compiler, with the diagnostics formatted as `check`
 * prints them.  Any input must give a program or diagnostics, never a
 * crash, a hang or a leak.  Built by ./configure --enable-fuzzing (clang). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lang/compile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lang_diags diags;
	struct lang_source *src;
	struct lang_program *prog = NULL;
	FILE *null = fopen("/dev/null", "w");

	lang_diags_init(&diags);
	src = lang_source_from_memory("fuzz.race", (const char *)data, size, &diags);
	if (src != NULL)
		prog = lang_compile(src, &diags);
	if (prog != NULL) {
		lang_program_dump(prog, null);
		lang_program_free(prog);
	}
	lang_diags_print(&diags, null);
	lang_diags_free(&diags);
	fclose(null);
	return 0;
}
