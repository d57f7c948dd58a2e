#include "config.h"

#include "fuzz/drive.h"

#include <stdlib.h>
#include <string.h>

#include "explore/report.h"
#include "util/xalloc.h"

uint64_t
fuzz_hash(const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < size; i++) {
		h ^= data[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static struct lang_program *
compile_as(const char *name, const uint8_t *data, size_t size, FILE *diag_out)
{
	struct lang_diags diags;
	struct lang_source *src;
	struct lang_program *prog = NULL;

	lang_diags_init(&diags);
	src = lang_source_from_memory(name, (const char *)data, size, &diags);
	if (src != NULL)
		prog = lang_compile(src, &diags);
	if (diag_out != NULL)
		lang_diags_print(&diags, diag_out);
	lang_diags_free(&diags);
	return prog;
}

struct lang_program *
fuzz_compile(const uint8_t *data, size_t size, FILE *diag_out)
{
	return compile_as("fuzz.race", data, size, diag_out);
}

struct lang_program *
fuzz_compile_either(const uint8_t *data, size_t size)
{
	struct lang_program *prog = compile_as("fuzz.race", data, size, NULL);

	return prog != NULL ? prog : compile_as("fuzz.py", data, size, NULL);
}

const char *
fuzz_file_name(const struct lang_program *prog)
{
	return prog->source->python ? "fuzz.py" : "fuzz.race";
}

bool
fuzz_run_on_model(const struct model *m, struct policy *policy, int max_steps,
    struct trace *tr)
{
	struct model_state *st = model_state_new(m, max_steps);
	size_t n = model_nthreads(m), t;
	struct model_frame **frames = xcalloc(n, sizeof(*frames));
	struct model_step_info info;
	char err[300];
	bool ok = true;

	for (t = 0; t < n; t++)
		frames[t] = xmalloc(model_frame_size(m, (int)t));
	model_state_begin(st, frames);
	while (model_verdict(st)->kind == MODEL_RUNNING) {
		int thread, choice;

		if (!policy_next(policy, st, model_program(m), &thread, &choice, err,
		    sizeof(err))) {
			ok = false;
			break;
		}
		model_step(st, frames, thread, choice, &info);
		/* what debug builds check after every step, in every build */
		model_check_consistency(st);
		trace_record(tr, choice, &info);
	}
	trace_finish(tr, st);
	for (t = 0; t < n; t++)
		free(frames[t]);
	free(frames);
	model_state_free(st);
	return ok;
}

bool
fuzz_same_words(const struct model_verdict *a, const struct model_verdict *b)
{
	return a->thread == b->thread && a->line == b->line && a->expect == b->expect &&
	    strcmp(a->message, b->message) == 0;
}

const struct explore_outcome *
fuzz_find_outcome(const struct explore_result *r, const struct model *m,
    const struct model_verdict *v, const struct model_value *shared, bool exactly,
    const char *output)
{
	size_t i, n = model_nelements(m);

	for (i = 0; i < r->noutcomes; i++)
		if (r->outcomes[i].verdict.kind == v->kind &&
		    /* values keep their padding 0: bytes compare as the search does */
		    memcmp(r->outcomes[i].shared, shared, n * sizeof(*shared)) == 0 &&
		    (!exactly || fuzz_same_words(&r->outcomes[i].verdict, v)) &&
		    (output == NULL || strcmp(r->outcomes[i].output != NULL ?
		    r->outcomes[i].output : "", output) == 0))
			return &r->outcomes[i];
	return NULL;
}

void
fuzz_describe_outcome(const struct model *m, const struct model_verdict *v,
    const struct model_value *shared, char *buf, size_t size)
{
	char label[200], values[400];

	explore_report_label(m, v, label, sizeof(label));
	explore_report_shared(m, shared, values, sizeof(values));
	snprintf(buf, size, "%s: %s", label, values);
}
