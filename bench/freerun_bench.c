/* freerun_bench.c - free-run's speed: runs per second, and how often the
 * lost update really happens on this machine.
 *
 *     make bench                   (or: bench/freerun_bench [RUNS])
 *
 * Each scenario is free-run RUNS times (default 5000; lost-update-sleep,
 * whose runs sleep 10 ms, a twentieth of that) with the default timeout and
 * no capture, so that the time is the runs' alone: thread creation, the
 * run, the unwinding and the joins.  Scenarios are read from
 * $SCENARIOS_DIR, or the source tree's scenarios/. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/freerun.h"
#include "lang/compile.h"
#include "util/xalloc.h"

static void
bench(const char *dir, const char *name, int runs)
{
	char *path = xasprintf("%s/%s.race", dir, name);
	struct lang_diags diags;
	struct lang_program *prog;
	struct model_strings strings = { 0 };
	struct model *m;
	struct freerun_options o;
	struct freerun_result res;
	char err[300];

	lang_diags_init(&diags);
	prog = lang_compile_file(path, &diags);
	lang_diags_print(&diags, stderr);
	lang_diags_free(&diags);
	if (prog == NULL)
		exit(2);
	m = model_new(prog, &strings);
	freerun_options_init(&o);
	o.runs = runs;
	o.capture = false;
	if (!freerun_run(m, &strings, &o, NULL, NULL, &res, err, sizeof(err))) {
		fprintf(stderr, "freerun_bench: %s: %s\n", name, err);
		exit(2);
	}
	printf("%-20s %7d %9.2f %9.0f %9.3f %8.2f%%\n", name, res.runs, res.seconds,
	    res.runs / res.seconds, res.seconds * 1e3 / res.runs,
	    100.0 * res.failed / res.runs);
	freerun_result_free(&res);
	model_free(m);
	lang_program_free(prog);
	model_strings_free(&strings);
	free(path);
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SCENARIOS_DIR");
	int runs = argc > 1 ? atoi(argv[1]) : 5000;

	if (dir == NULL)
		dir = LOCKSTEP_ABS_TOP_SRCDIR "/scenarios";
	if (runs < 20) {
		fprintf(stderr, "usage: freerun_bench [RUNS]   (RUNS >= 20)\n");
		return 2;
	}
	printf("free-run on %ld CPUs, %d runs each (lost-update-sleep: %d)\n\n",
	    sysconf(_SC_NPROCESSORS_ONLN), runs, runs / 20);
	printf("%-20s %7s %9s %9s %9s %9s\n", "scenario", "runs", "seconds", "runs/s",
	    "ms/run", "failed");
	bench(dir, "lost-update", runs);
	bench(dir, "producer-consumer", runs);
	bench(dir, "lost-update-sleep", runs / 20);
	return 0;
}
