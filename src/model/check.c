/* check.c - the model's invariants, checked after every step in debug
 * builds so that a broken primitive shows up where it breaks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/internal.h"

static void
broken(const struct model_state *st, const char *what, int index)
{
	fprintf(stderr, "lockstep: internal error: model invariant broken after "
	    "step %u: %s (%d)\n", st->steps, what, index);
	abort();
}

static bool
is_thread(const struct model_state *st, int t)
{
	return t >= 0 && (size_t)t < st->m->nthreads;
}

/* The waiting and the woken of a Condition or an Event are threads parked
 * at that primitive's method (a daemon stopped at the end of the run stays
 * where it waited). */
static void
check_waiters(const struct model_state *st, int p, enum lang_method method)
{
	const struct model_prim *prim = state_prim(st, p);
	size_t t;

	if (tset_meets(&prim->waiting, &prim->notified))
		broken(st, "a thread both waiting and woken", p);
	for (t = 0; t < st->m->nthreads; t++) {
		const struct model_thread *th = state_thread(st, (int)t);

		if ((tset_has(&prim->waiting, (int)t) || tset_has(&prim->notified, (int)t)) &&
		    ((th->status != MODEL_T_ALIVE && th->status != MODEL_T_STOPPED) ||
		    th->pending.op != LANG_OP_CALL || th->pending.method != (int32_t)method ||
		    th->pending.target != p))
			broken(st, "a waiter that is not waiting", p);
	}
}

static void
check_prim(const struct model_state *st, int p)
{
	const struct model_prim *prim = state_prim(st, p);

	if (prim->owner != -1 && !is_thread(st, prim->owner))
		broken(st, "owner is not a thread", p);
	switch ((enum lang_prim_type)prim->type) {
	case LANG_PRIM_LOCK:
		if ((prim->owner >= 0) != (prim->depth == 1))
			broken(st, "a held Lock has depth 1, a free one 0", p);
		break;
	case LANG_PRIM_RLOCK:
	case LANG_PRIM_CONDITION:
		if (prim->type == LANG_PRIM_CONDITION && prim->lock != p)
			break;
		if ((prim->owner >= 0) != (prim->depth > 0) || prim->depth < 0)
			broken(st, "an RLock is held exactly when its depth is positive", p);
		break;
	case LANG_PRIM_SEMAPHORE:
	case LANG_PRIM_BSEMAPHORE:
		if (prim->count < 0)
			broken(st, "semaphore count below zero", p);
		if (prim->type == LANG_PRIM_BSEMAPHORE && prim->count > prim->limit)
			broken(st, "bounded semaphore above its bound", p);
		break;
	case LANG_PRIM_BARRIER:
		if (prim->count < 0 || prim->count > prim->limit || (prim->count == prim->limit &&
		    prim->flag != MODEL_BARRIER_FILLING))
			broken(st, "barrier arrivals outside 0..parties-1", p);
		if (prim->flag < MODEL_BARRIER_FILLING || prim->flag > MODEL_BARRIER_BROKEN)
			broken(st, "barrier state unknown", p);
		if (prim->count == 0 && (prim->flag == MODEL_BARRIER_DRAINING ||
		    prim->flag == MODEL_BARRIER_RESETTING))
			broken(st, "barrier draining with nobody in wait()", p);
		break;
	case LANG_PRIM_QUEUE:
		if (prim->count < 0 || prim->count > MODEL_QUEUE_MAX ||
		    (prim->limit > 0 && prim->count > prim->limit))
			broken(st, "queue length outside its bounds", p);
		/* not >= count: as in Python, task_done() may come before the
		 * get() of the item it answers */
		if (prim->unfinished < 0)
			broken(st, "unfinished tasks below zero", p);
		break;
	case LANG_PRIM_RWLOCK:
		if (prim->owner >= 0 && !tset_empty(&prim->readers))
			broken(st, "an RWLock held for writing has readers", p);
		break;
	case LANG_PRIM_EVENT:
	case LANG_PRIM_COUNT:
		break;
	}
	if (prim->type == LANG_PRIM_EVENT)
		check_waiters(st, p, LANG_M_EVENT_WAIT);
	if (prim->type == LANG_PRIM_CONDITION)
		check_waiters(st, p, LANG_M_WAIT_REACQUIRE);
}

void
model_check_consistency(const struct model_state *st)
{
	size_t i;

	if (st->steps > st->max_steps)
		broken(st, "more steps than the limit", (int)st->steps);
	for (i = 0; i < st->m->nthreads; i++) {
		const struct model_thread *th = state_thread(st, (int)i);

		if (th->status < MODEL_T_NEW || th->status > MODEL_T_STOPPED)
			broken(st, "thread status out of range", (int)i);
		if (th->status == MODEL_T_FINISHED && th->pending.op != LANG_OP_END)
			broken(st, "a finished thread with a pending action", (int)i);
		if (th->status == MODEL_T_NEW && (th->wait_seq != 0 || th->saved_depth != 0))
			broken(st, "a thread not started waits", (int)i);
		if (thread_died(th) && (th->raised_rank < 1 ||
		    th->raised_rank > (int32_t)st->m->nthreads))
			broken(st, "an exception without its rank", (int)i);
		if (th->status == MODEL_T_FINISHED && !st->m->prog->python &&
		    (th->wait_seq != 0 || th->saved_depth != 0))
			broken(st, "a finished thread still waits", (int)i);
	}
	for (i = 0; i < st->m->nprims; i++)
		check_prim(st, (int)i);
	if (st->nraces > MODEL_MAX_RACES)
		broken(st, "race count over the limit", (int)st->nraces);
}
