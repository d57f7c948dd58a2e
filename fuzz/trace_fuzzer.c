/* trace_fuzzer.c - libFuzzer on the trace reader and the schedule parser:
 * a trace file is untrusted input like a scenario.  The input is written
 * to a file (trace_load reads files) and, when it loads, its schedule is
 * parsed against a small fixed scenario. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/compile.h"
#include "trace/file.h"
#include "trace/schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char scenario[] =
    "x = 0\nm = Lock()\nthread A:\n    with m:\n        x += 1\n"
    "thread w[2]:\n    x += tid\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lang_program *prog;
	static char path[64];
	static FILE *null;
	struct trace_file tf;
	struct schedule s = { 0 };
	char err[600];
	FILE *f;

	if (prog == NULL) {
		struct lang_diags d;

		lang_diags_init(&d);
		prog = lang_compile(lang_source_from_memory("t.race", scenario,
		    strlen(scenario), &d), &d);
		lang_diags_free(&d);
		snprintf(path, sizeof(path), "/tmp/lockstep-trace-fuzz.%d", (int)getpid());
		null = fopen("/dev/null", "w");
	}
	f = fopen(path, "wb");
	if (f == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (trace_load(&tf, path, err, sizeof(err))) {
		if (schedule_parse(&s, prog, tf.schedule, err, sizeof(err)))
			schedule_print(&s, prog, null);
		schedule_free(&s);
		trace_file_free(&tf);
	}
	unlink(path);
	/* the schedule parser on its own, on the raw bytes */
	{
		char *text = malloc(size + 1);

		if (text != NULL) {
			memcpy(text, data, size);
			text[size] = '\0';
			schedule_parse(&s, prog, text, err, sizeof(err));
			schedule_free(&s);
			free(text);
		}
	}
	return 0;
}
