/* walk.c - replay a trace's schedule on the model, one step at a time. */
#include "config.h"

#include "record/walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/words.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void
walk_begin(struct walk *w, const struct trace *tr)
{
	size_t n = model_nthreads(tr->model), t;

	memset(w, 0, sizeof(*w));
	w->tr = tr;
	w->frames = xcalloc(n ? n : 1, sizeof(*w->frames));
	for (t = 0; t < n; t++)
		w->frames[t] = xmalloc(model_frame_size(tr->model, (int)t));
	w->st = model_state_new(tr->model, tr->max_steps > 0 ? tr->max_steps :
	    MODEL_MAX_STEPS_LIMIT);
	model_state_begin(w->st, w->frames);
}

bool
walk_next(struct walk *w)
{
	const struct schedule_entry *e;

	if (w->done >= w->tr->schedule.count || model_verdict(w->st)->kind != MODEL_RUNNING)
		return false;
	e = &w->tr->schedule.entries[w->done];
	if (!model_enabled(w->st, e->thread) || e->choice >= model_choices(w->st, e->thread))
		return false;
	model_step(w->st, w->frames, e->thread, e->choice, NULL);
	w->done++;
	return true;
}

void
walk_end(struct walk *w)
{
	size_t t;

	for (t = 0; t < model_nthreads(w->tr->model); t++)
		free(w->frames[t]);
	free(w->frames);
	model_state_free(w->st);
	memset(w, 0, sizeof(*w));
}

enum walk_thread_state
walk_thread_state(const struct walk *w, int t)
{
	const struct model_thread *th = model_thread(w->st, t);

	switch ((enum model_thread_status)th->status) {
	case MODEL_T_NEW:
		return WALK_NOT_STARTED;
	case MODEL_T_ALIVE:
		return model_enabled(w->st, t) ? WALK_RUNNABLE : WALK_BLOCKED;
	case MODEL_T_FINISHED:
		return model_thread_raised(w->st, t) != NULL ? WALK_DIED : WALK_FINISHED;
	case MODEL_T_STOPPED:
		return WALK_STOPPED;
	}
	return WALK_FINISHED;
}

const char *
walk_thread_state_name(enum walk_thread_state s)
{
	switch (s) {
	case WALK_NOT_STARTED: return "not started";
	case WALK_RUNNABLE: return "runnable";
	case WALK_BLOCKED: return "blocked";
	case WALK_FINISHED: return "finished";
	case WALK_STOPPED: return "stopped";
	case WALK_DIED: return "died";
	}
	return "?";
}

void
walk_prim_text(const struct walk *w, int p, char *buf, size_t size)
{
	struct strbuf sb = { 0 };

	model_prim_words(w->tr->model, w->st, p, MODEL_WORDS_PROSE, &sb);
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}
