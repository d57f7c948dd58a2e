/* walk.c - replay a trace's schedule on the model, one step at a time. */
#include "config.h"

#include "record/walk.h"

#include <stdlib.h>
#include <string.h>

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
		return WALK_FINISHED;
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
	}
	return "?";
}

/* "A", "A, C": the threads whose bits are set. */
static void
thread_set(const struct walk *w, uint64_t bits, struct strbuf *out)
{
	const struct lang_program *prog = w->tr->prog;
	size_t t;
	bool any = false;

	for (t = 0; t < prog->nthreads && t < 64; t++)
		if ((bits >> t) & 1) {
			strbuf_printf(out, "%s%s", any ? ", " : "", prog->threads[t].name);
			any = true;
		}
}

static void
owner_text(const struct walk *w, const struct model_prim *lock, struct strbuf *out)
{
	if (lock->owner < 0)
		strbuf_puts(out, "free");
	else
		strbuf_printf(out, "held by %s", w->tr->prog->threads[lock->owner].name);
	if (lock->type == LANG_PRIM_RLOCK && lock->depth > 1)
		strbuf_printf(out, " (%d deep)", lock->depth);
}

void
walk_prim_text(const struct walk *w, int p, char *buf, size_t size)
{
	const struct model_prim *prim = model_prim(w->st, p);
	struct strbuf sb = { 0 };
	char v[200];
	int i;

	switch ((enum lang_prim_type)prim->type) {
	case LANG_PRIM_LOCK:
	case LANG_PRIM_RLOCK:
		owner_text(w, prim, &sb);
		break;
	case LANG_PRIM_SEMAPHORE:
		strbuf_printf(&sb, "count %lld", (long long)prim->count);
		break;
	case LANG_PRIM_BSEMAPHORE:
		strbuf_printf(&sb, "count %lld of %lld", (long long)prim->count,
		    (long long)prim->limit);
		break;
	case LANG_PRIM_CONDITION:
		/* a Condition made without a lock has its own, shown here; one
		 * over another lock leaves that lock to its own line */
		if (prim->lock == p)
			owner_text(w, prim, &sb);
		if ((prim->waiting | prim->notified) != 0) {
			strbuf_puts(&sb, prim->lock == p ? "; waiting: " : "waiting: ");
			thread_set(w, prim->waiting, &sb);
			if (prim->notified != 0) {
				strbuf_puts(&sb, prim->waiting != 0 ? "; woken: " : "woken: ");
				thread_set(w, prim->notified, &sb);
			}
		} else if (prim->lock != p) {
			strbuf_puts(&sb, "no one waiting");
		}
		break;
	case LANG_PRIM_EVENT:
		strbuf_puts(&sb, prim->flag ? "set" : "clear");
		break;
	case LANG_PRIM_BARRIER:
		strbuf_printf(&sb, "%lld of %lld arrived", (long long)prim->count,
		    (long long)prim->limit);
		break;
	case LANG_PRIM_QUEUE:
		strbuf_putc(&sb, '[');
		for (i = 0; i < prim->count; i++) {
			model_value_format(model_strings(w->tr->model),
			    model_queue_item(w->st, p, i), v, sizeof(v));
			strbuf_printf(&sb, "%s%s", i ? ", " : "", v);
		}
		strbuf_putc(&sb, ']');
		break;
	case LANG_PRIM_RWLOCK:
		if (prim->owner >= 0) {
			strbuf_printf(&sb, "written by %s", w->tr->prog->threads[prim->owner].name);
		} else if (prim->readers != 0) {
			strbuf_puts(&sb, "read by ");
			thread_set(w, prim->readers, &sb);
		} else {
			strbuf_puts(&sb, "free");
		}
		break;
	case LANG_PRIM_COUNT:
		break;
	}
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}
