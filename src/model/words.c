/* words.c - a primitive's state in words. */
#include "config.h"

#include "model/words.h"

#include <stdbool.h>
#include <stdint.h>

static const char *
thread_name(const struct model *m, int t)
{
	return model_program(m)->threads[t].name;
}

/* No thread: for thread_set's marked. */
static const struct tset none;

/* "A, C": the threads whose bits are set, each after `first` or ", ";
 * those in `marked` followed by mark. */
static void
thread_set(const struct model *m, struct tset bits, const char *first, struct tset marked,
    const char *mark, struct strbuf *out)
{
	size_t t, n = model_nthreads(m);
	bool any = false;

	for (t = 0; t < n; t++)
		if (tset_has(&bits, (int)t)) {
			strbuf_printf(out, "%s%s%s", any ? ", " : first, thread_name(m, (int)t),
			    tset_has(&marked, (int)t) ? mark : "");
			any = true;
		}
}

/* Who holds a Lock or RLock. */
static void
owner(const struct model *m, const struct model_prim *lock, enum model_words how,
    struct strbuf *out)
{
	bool deep = lock->type == LANG_PRIM_RLOCK && lock->depth > 1;

	if (lock->owner < 0) {
		strbuf_puts(out, "free");
		return;
	}
	switch (how) {
	case MODEL_WORDS_BRIEF:
		strbuf_puts(out, thread_name(m, lock->owner));
		if (deep)
			strbuf_printf(out, " (depth %d)", lock->depth);
		break;
	case MODEL_WORDS_PROSE:
		strbuf_printf(out, "held by %s", thread_name(m, lock->owner));
		if (deep)
			strbuf_printf(out, " (%d deep)", lock->depth);
		break;
	}
}

/* A Condition: its own lock if it has one, and who sleeps on it. */
/* "2 of 3 arrived" while it fills; after that, what keeps a new round out. */
static void
barrier(const struct model_prim *prim, struct strbuf *out)
{
	switch ((enum model_barrier_state)prim->flag) {
	case MODEL_BARRIER_FILLING:
		strbuf_printf(out, "%lld of %lld arrived", (long long)prim->count,
		    (long long)prim->limit);
		return;
	case MODEL_BARRIER_DRAINING:
		strbuf_printf(out, "draining, %lld to leave", (long long)prim->count);
		return;
	case MODEL_BARRIER_RESETTING:
		strbuf_printf(out, "resetting, %lld to leave", (long long)prim->count);
		return;
	case MODEL_BARRIER_BROKEN:
		strbuf_puts(out, "broken");
		return;
	}
}

static void
condition(const struct model *m, const struct model_state *st, int p, enum model_words how,
    struct strbuf *out)
{
	const struct model_prim *prim = model_prim(st, p);
	bool own = prim->lock == p;

	switch (how) {
	case MODEL_WORDS_BRIEF:
		if (own)
			owner(m, prim, how, out);
		else
			strbuf_puts(out, "lock");
		thread_set(m, tset_union(&prim->waiting, &prim->notified), "  sleeping: ", prim->notified,
		    " (woken)", out);
		break;
	case MODEL_WORDS_PROSE:
		/* one over another lock leaves that lock to its own line */
		if (own)
			owner(m, prim, how, out);
		if (!tset_empty(&prim->waiting) || !tset_empty(&prim->notified)) {
			thread_set(m, prim->waiting, own ? "; waiting: " : "waiting: ", none, "",
			    out);
			thread_set(m, prim->notified, own || !tset_empty(&prim->waiting) ?
			    "; woken: " : "woken: ", none, "", out);
		} else if (!own) {
			strbuf_puts(out, "no one waiting");
		}
		break;
	}
}

void
model_prim_words(const struct model *m, const struct model_state *st, int p,
    enum model_words how, struct strbuf *out)
{
	const struct model_prim *prim = model_prim(st, p);
	bool brief = how == MODEL_WORDS_BRIEF;
	char v[300];
	int i;

	switch ((enum lang_prim_type)prim->type) {
	case LANG_PRIM_LOCK:
	case LANG_PRIM_RLOCK:
		owner(m, prim, how, out);
		break;
	case LANG_PRIM_SEMAPHORE:
		strbuf_printf(out, "%s%lld", brief ? "" : "count ", (long long)prim->count);
		break;
	case LANG_PRIM_BSEMAPHORE:
		strbuf_printf(out, "%s%lld of %lld", brief ? "" : "count ",
		    (long long)prim->count, (long long)prim->limit);
		break;
	case LANG_PRIM_CONDITION:
		condition(m, st, p, how, out);
		break;
	case LANG_PRIM_EVENT:
		strbuf_puts(out, prim->flag ? "set" : "clear");
		break;
	case LANG_PRIM_BARRIER:
		barrier(prim, out);
		break;
	case LANG_PRIM_QUEUE:
		strbuf_putc(out, '[');
		for (i = 0; i < prim->count; i++) {
			model_value_format(model_strings(m), model_queue_item(st, p, i), v,
			    sizeof(v));
			strbuf_printf(out, "%s%s", i ? ", " : "", v);
		}
		strbuf_putc(out, ']');
		if (brief && prim->limit > 0)
			strbuf_printf(out, " %lld/%lld", (long long)prim->count,
			    (long long)prim->limit);
		break;
	case LANG_PRIM_RWLOCK:
		if (prim->owner >= 0)
			strbuf_printf(out, "%s %s", brief ? "writer" : "written by",
			    thread_name(m, prim->owner));
		else if (!tset_empty(&prim->readers))
			thread_set(m, prim->readers, brief ? "readers " : "read by ", none, "",
			    out);
		else
			strbuf_puts(out, "free");
		break;
	case LANG_PRIM_COUNT:
		break;
	}
}

void
model_shared_words(const struct model *m, const struct model_value *values,
    int shared, int most, struct strbuf *out)
{
	const struct lang_shared *s = &model_program(m)->shared[shared];
	int base = model_element_of(m, shared, 0), k;
	char v[300];

	if (s->kind == LANG_SHARED_SCALAR) {
		model_value_format(model_strings(m), &values[base], v, sizeof(v));
		strbuf_puts(out, v);
		return;
	}
	strbuf_putc(out, '[');
	for (k = 0; k < s->length; k++) {
		if (most > 0 && k == most && s->length > most + 2) {
			strbuf_printf(out, ", ... (%d more)", s->length - most);
			break;
		}
		model_value_format(model_strings(m), &values[base + k], v, sizeof(v));
		strbuf_printf(out, "%s%s", k ? ", " : "", v);
	}
	strbuf_putc(out, ']');
}
