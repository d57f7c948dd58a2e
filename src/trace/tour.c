#include "config.h"

#include "trace/tour.h"

#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "trace/trace.h"
#include "util/xalloc.h"

/* Why thread t cannot take the next step in st, or NULL if it can. */
static const char *
step_obstacle(const struct model_state *st, const struct lang_program *prog, int t,
    char *buf, size_t size)
{
	const struct model_verdict *v = model_verdict(st);
	const struct model_thread *th;
	char why[300];

	if (v->kind != MODEL_RUNNING) {
		snprintf(buf, size, "the run has already ended before this step (%s)",
		    trace_verdict_name(v->kind));
		return buf;
	}
	th = model_thread(st, t);
	switch ((enum model_thread_status)th->status) {
	case MODEL_T_NEW:
		snprintf(buf, size, "%s cannot run here: it has not been started yet",
		    prog->threads[t].name);
		return buf;
	case MODEL_T_FINISHED:
	case MODEL_T_STOPPED:
		snprintf(buf, size, "%s cannot run here: it has finished",
		    prog->threads[t].name);
		return buf;
	case MODEL_T_ALIVE:
		break;
	}
	if (model_enabled(st, t))
		return NULL;
	model_blocked_reason(st, t, why, sizeof(why));
	snprintf(buf, size, "%s cannot run here: it %s", prog->threads[t].name,
	    why[0] ? why : "is blocked");
	return buf;
}

/* Step the model through one tour; false with an error at the first step
 * that cannot be taken. */
static bool
validate_tour(const struct model *m, const struct lang_tour *tour,
    struct lang_diags *diags)
{
	const struct lang_program *prog = model_program(m);
	size_t n = model_nthreads(m), t, i;
	struct model_frame **frames = xcalloc(n ? n : 1, sizeof(*frames));
	struct model_state *st = model_state_new(m, MODEL_MAX_STEPS_LIMIT);
	bool ok = true;
	char why[600];

	for (t = 0; t < n; t++)
		frames[t] = xmalloc(model_frame_size(m, (int)t));
	model_state_begin(st, frames);
	for (i = 0; i < tour->nsteps; i++) {
		const struct lang_tour_step *step = &tour->steps[i];

		if (step_obstacle(st, prog, step->thread, why, sizeof(why)) != NULL) {
			lang_diag_add(diags, LANG_ERROR, prog->source, prog->source->path,
			    step->loc, "tour \"%s\", step %zu: %s", tour->name, i + 1, why);
			ok = false;
			break;
		}
		model_step(st, frames, step->thread, 0, NULL);
	}
	for (t = 0; t < n; t++)
		free(frames[t]);
	free(frames);
	model_state_free(st);
	return ok;
}

bool
tour_validate(const struct lang_program *prog, struct lang_diags *diags)
{
	struct model_strings strings = { 0 };
	struct model *m;
	bool ok = true;
	size_t i;

	if (prog->ntours == 0)
		return true;
	m = model_new(prog, &strings);
	for (i = 0; i < prog->ntours && !lang_diags_full(diags); i++)
		ok &= validate_tour(m, &prog->tours[i], diags);
	model_free(m);
	model_strings_free(&strings);
	return ok;
}

int
tour_find(const struct lang_program *prog, const char *text)
{
	char *end;
	long k = strtol(text, &end, 10);
	size_t i;

	if (end != text && *end == '\0')
		return k >= 1 && (size_t)k <= prog->ntours ? (int)k - 1 : -1;
	for (i = 0; i < prog->ntours; i++)
		if (strcmp(prog->tours[i].name, text) == 0)
			return (int)i;
	return -1;
}

void
tour_schedule(const struct lang_tour *tour, struct schedule *s)
{
	size_t i;

	for (i = 0; i < tour->nsteps; i++)
		schedule_append(s, tour->steps[i].thread, 0);
}
