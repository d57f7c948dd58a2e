/* barrier.h - threading.Barrier's protocol, written once for every world.
 *
 * CPython's Barrier is a state (enum model_barrier_state) and a count of
 * the threads inside wait(), both changed under the barrier's condition
 * lock; each function here is one stretch of Lib/threading.py that runs
 * under that lock without letting go of it, so each is one step.  The
 * model applies them to its state, free-run to the counters beside its
 * pthread objects (under the barrier's mutex); whether a call waits is
 * model/wait.c's to say (wait() waits while DRAINING or RESETTING to
 * arrive, and while FILLING to leave).
 *
 * Barrier.wait() is two steps: arrive (CPython's _enter, then the count
 * taken and, for the last party, _release and its own exit) and leave
 * (the others, once woken: _wait's verdict, then _exit).  The last
 * party's leave returns its index whatever happened since: in CPython it
 * never let go of the lock between the two.  A barrier with an action
 * splits the last party's arrive: it arrives (the count now the parties,
 * the state still FILLING: model_barrier_releasing), runs the action as
 * code of its own, holding CPython's lock all the while, and releases
 * (or breaks the barrier, if the action raised).
 */
#ifndef LOCKSTEP_MODEL_BARRIER_H
#define LOCKSTEP_MODEL_BARRIER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

/* _exit: the last thread of a round, or of a reset, to leave wait() lets
 * the next round fill. */
static inline void
model_barrier_exit(int32_t *state, int64_t *count)
{
	--*count;
	if (*count == 0 && (*state == MODEL_BARRIER_DRAINING ||
	    *state == MODEL_BARRIER_RESETTING))
		*state = MODEL_BARRIER_FILLING;
}

/* Arrive, once not DRAINING or RESETTING: false if the barrier is broken
 * (wait() raises BrokenBarrierError, having counted nothing); else *index
 * is the arrival index and *released whether this was the last party,
 * which has drained the round's first step and left. */
static inline bool
model_barrier_arrive(int32_t *state, int64_t *count, int64_t parties, bool action,
    int64_t *index, bool *released)
{
	if (*state == MODEL_BARRIER_BROKEN)
		return false;
	*index = (*count)++;
	*released = *count == parties;
	if (*released && !action) {
		*state = MODEL_BARRIER_DRAINING;
		model_barrier_exit(state, count);
	}
	return true;
}

/* The last party of a barrier with an action runs it: the barrier's lock
 * is its, so no other thread may arrive, abort or reset, and no waiter's
 * timeout counts (it would find the round released, or broken). */
static inline bool
model_barrier_releasing(int32_t state, int64_t count, int64_t parties)
{
	return state == MODEL_BARRIER_FILLING && count == parties;
}

/* After the action: the others go (DRAINING), or, if it raised, the
 * barrier breaks; either way the last party leaves. */
static inline void
model_barrier_release(int32_t *state, int64_t *count, bool action_returned)
{
	*state = action_returned ? MODEL_BARRIER_DRAINING : MODEL_BARRIER_BROKEN;
	model_barrier_exit(state, count);
}

/* Leave, for a party that is not the last, once no longer FILLING: true
 * if wait() returns its index (the round drains), false if it raises
 * BrokenBarrierError (reset() or abort() came first). */
static inline bool
model_barrier_leave(int32_t *state, int64_t *count)
{
	bool passes = *state == MODEL_BARRIER_DRAINING;

	model_barrier_exit(state, count);
	return passes;
}

/* A waiter's timeout, while the round fills: it breaks the barrier, the
 * others in wait() wake to raise, and it leaves, raising too. */
static inline void
model_barrier_time_out(int32_t *state, int64_t *count)
{
	*state = MODEL_BARRIER_BROKEN;
	model_barrier_exit(state, count);
}

/* reset(): the threads inside wait() raise, the last of them out leaves
 * it FILLING; a round that is draining drains as it would have. */
static inline void
model_barrier_reset(int32_t *state, int64_t count)
{
	if (count == 0)
		*state = MODEL_BARRIER_FILLING;
	else if (*state == MODEL_BARRIER_FILLING || *state == MODEL_BARRIER_BROKEN)
		*state = MODEL_BARRIER_RESETTING;
}

/* n_waiting: the threads in wait() while it fills, else none (CPython
 * reads it without the lock; here it is one step like any read). */
static inline int64_t
model_barrier_n_waiting(int32_t state, int64_t count)
{
	return state == MODEL_BARRIER_FILLING ? count : 0;
}

#endif
