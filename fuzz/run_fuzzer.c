/* run_fuzzer.c - libFuzzer on what a scenario does when it runs, and on
 * every writer of a run: whatever compiles runs on the model under
 * round-robin, random and PCT (seeds from the input's hash) to at most
 * FUZZ_MAX_STEPS steps, and each run is printed as the step table (plain,
 * expanded, summary), JSON, SVG and HTML, saved as a trace and read back.
 * Then the terminal UI's session opens it, takes keys chosen by the hash
 * (steps, undo, redo, play, views), and its screens are rendered as a
 * recording's terminal bytes into an asciicast, all without a terminal.
 *
 * Beyond "no crash, no leak", a run must be reproducible: its schedule
 * replayed on the model takes the same steps to the same verdict and
 * values, and the trace file read back holds the same schedule, step
 * count and verdict.  Built by ./configure --enable-fuzzing (clang);
 * tests/test_fuzz_corpus.c runs the same function on the regression
 * corpus in make check. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/drive.h"
#include "ui/ansi.h"
#include "record/cast.h"
#include "record/export.h"
#include "lang/source.h"
#include "trace/file.h"
#include "trace/report.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/session.h"
#include "util/strbuf.h"

#define FUZZ_MAX_STEPS 200
#define FUZZ_UI_KEYS 12		/* keys pressed in the UI session */
#define FUZZ_UI_TICKS 20	/* steps played at most */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[64];	/* per process: the fuzzer may run in several */

static const char *
scratch_path(const char *suffix)
{
	static char path[96];

	if (scratch[0] == '\0')
		snprintf(scratch, sizeof(scratch), "/tmp/lockstep-run-fuzz.%d", (int)getpid());
	snprintf(path, sizeof(path), "%s%s", scratch, suffix);
	return path;
}

static void
check_same_run(const struct trace *a, const struct trace *b)
{
	size_t i, n = model_nelements(a->model);

	if (a->nsteps != b->nsteps || a->verdict.kind != b->verdict.kind ||
	    a->verdict.thread != b->verdict.thread || a->verdict.line != b->verdict.line ||
	    strcmp(a->verdict.message, b->verdict.message) != 0 || a->nraces != b->nraces)
		abort();	/* a replay that ended differently */
	for (i = 0; i < n; i++)
		if (a->final[i].kind != b->final[i].kind || a->final[i].i != b->final[i].i)
			abort();
	for (i = 0; i < a->nsteps; i++)
		if (a->steps[i].thread != b->steps[i].thread || a->steps[i].op != b->steps[i].op ||
		    a->steps[i].target != b->steps[i].target ||
		    a->steps[i].has_value != b->steps[i].has_value ||
		    (a->steps[i].has_value && a->steps[i].value.i != b->steps[i].value.i))
			abort();	/* a replay that took another step */
}

/* The run's schedule, replayed exactly, must give the same run. */
static void
replay_on_model(const struct model *m, const struct trace *tr)
{
	struct policy *p = policy_new(POLICY_REPLAY, 0, &tr->schedule, model_nthreads(m), 1, 1);
	struct trace again;

	trace_init(&again, m, "replay", 0, tr->max_steps, true);
	if (!fuzz_run_on_model(m, p, tr->max_steps, &again))
		abort();	/* a recorded step that cannot be taken again */
	check_same_run(tr, &again);
	trace_free(&again);
	policy_free(p);
}

/* Save the trace, read it back: the same schedule, steps and verdict. */
static void
round_trip_file(const struct trace *tr)
{
	const char *path = scratch_path(".trace");
	struct trace_file tf;
	struct schedule s = { 0 };
	char err[600], verdict[600];
	size_t i;

	if (!trace_save(tr, fuzz_file_name(tr->prog), trace_source_hash(tr->prog->source->text,
	    tr->prog->source->len), path, err, sizeof(err)))
		return;		/* /tmp unwritable: nothing to check */
	if (!trace_load(&tf, path, err, sizeof(err)))
		abort();	/* a trace lockstep wrote that it cannot read */
	unlink(path);
	if (!schedule_parse(&s, tr->prog, tf.schedule, err, sizeof(err)))
		abort();
	if (s.count != tr->schedule.count || tf.nsteps != tr->nsteps)
		abort();
	for (i = 0; i < s.count; i++)
		if (s.entries[i].thread != tr->schedule.entries[i].thread ||
		    s.entries[i].choice != tr->schedule.entries[i].choice)
			abort();
	trace_verdict_line(tr, verdict, sizeof(verdict));
	if (strcmp(verdict, tf.verdict) != 0)
		abort();
	schedule_free(&s);
	trace_file_free(&tf);
}

static void
write_reports(const struct trace *tr, FILE *out)
{
	struct report_options plain = { false, false, 80, NULL };
	struct report_options expand = { true, false, 80, NULL };
	struct report_options summary = { false, true, 80, NULL };
	const char *name = fuzz_file_name(tr->prog);

	report_text(tr, name, &plain, out);
	report_text(tr, name, &expand, out);
	report_text(tr, name, &summary, out);
	report_json(tr, name, &plain, out);
	report_json(tr, name, &expand, out);
	export_svg(tr, name, NULL, out);
	export_html(tr, name, NULL, out);
}

static void
run_policies(const struct lang_program *prog, uint64_t hash, FILE *out)
{
	static const enum policy_kind kinds[] = { POLICY_RR, POLICY_RANDOM, POLICY_PCT };
	struct model_strings strings = { 0 };
	struct model *m = model_new(prog, &strings);
	size_t k;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		uint64_t seed = (hash >> (8 * k)) & 0xff;
		int steps = kinds[k] == POLICY_PCT ?
		    policy_estimate_steps(m, FUZZ_MAX_STEPS) : 1;
		struct policy *p = policy_new(kinds[k], seed, NULL, prog->nthreads, 3, steps);
		struct trace tr;

		trace_init(&tr, m, policy_name(kinds[k]), seed, FUZZ_MAX_STEPS, true);
		if (!fuzz_run_on_model(m, p, FUZZ_MAX_STEPS, &tr))
			abort();	/* rr, random and pct always find a step */
		replay_on_model(m, &tr);
		write_reports(&tr, out);
		if (k == 0)
			round_trip_file(&tr);
		trace_free(&tr);
		policy_free(p);
	}
	model_free(m);
	model_strings_free(&strings);
}

/* The keys the UI session is given: no key that starts background work
 * (f, x), opens the picker (o), writes a file (s) or quits. */
static int
pick_key(uint64_t *h)
{
	static const int keys[] = {
		'1', '2', '3', '1', '2', UI_KEY_ENTER, UI_KEY_LEFT, UI_KEY_RIGHT,
		'u', UI_KEY_CTRL_R, 'r', 'e', 't', UI_KEY_UP, UI_KEY_DOWN, ' ', 'p',
		'a', '?', UI_KEY_ESCAPE, '+', '-', UI_KEY_RESIZE,
	};
	int key = keys[*h % (sizeof(keys) / sizeof(keys[0]))];

	*h = *h * 6364136223846793005ULL + 1442695040888963407ULL;
	return key;
}

static void
record_screen(const struct ui_session *s, struct cast *c, int w, int h, bool unicode)
{
	struct ui_frame f;
	struct strbuf sb = { 0 };

	ui_frame_init(&f, w, h, unicode);
	ui_layout(s, &f);
	ui_ansi_render(&f, unicode, &sb);
	cast_output(c, strbuf_str(&sb), sb.len);
	strbuf_free(&sb);
	ui_frame_free(&f);
}

/* The terminal UI on the scenario, as a recording sees it. */
static void
run_session(const struct lang_program *prog, const uint8_t *data, size_t size,
    uint64_t hash)
{
	static const int sizes[][2] = { { 80, 24 }, { 64, 18 }, { 132, 40 }, { 40, 10 } };
	const char *file = scratch_path(prog->source->python ? ".py" : ".race");
	const char *cast_file;
	struct ui_session *s;
	struct cast *c;
	FILE *f = fopen(file, "wb");
	char err[600];
	int i, ticks = 0;
	const int *wh = sizes[(hash >> 40) % 4];

	if (f == NULL)
		return;
	fwrite(data, 1, size, f);
	fclose(f);
	s = ui_session_new(hash & 0xffff);
	if (!ui_session_open(s, file, "fuzz", NULL))
		abort();	/* it compiled a moment ago */
	unlink(file);
	cast_file = scratch_path(".cast");
	c = cast_open(cast_file, wh[0], wh[1], "fuzz", err, sizeof(err));
	for (i = 0; i < FUZZ_UI_KEYS && c != NULL; i++) {
		ui_session_key(s, pick_key(&hash));
		while (s->playing && ticks < FUZZ_UI_TICKS) {
			ui_session_tick(s);
			ticks++;
		}
		s->playing = false;
		/* a screen costs more than the keys: every fourth is enough */
		if (i % 4 == 3) {
			cast_marker(c, s->message);
			record_screen(s, c, wh[0], wh[1], (hash & 1) != 0);
		}
	}
	if (c != NULL && !cast_close(c, err, sizeof(err)))
		abort();
	unlink(cast_file);
	ui_session_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *null = fopen("/dev/null", "w");
	struct lang_program *prog = fuzz_compile_either(data, size);
	uint64_t hash = fuzz_hash(data, size);

	if (prog != NULL && null != NULL) {
		run_policies(prog, hash, null);
		run_session(prog, data, size, hash);
	}
	lang_program_free(prog);
	if (null != NULL)
		fclose(null);
	return 0;
}
