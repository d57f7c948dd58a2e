/* wait.h - why a thread cannot take its step, decided in one place.
 *
 * Two worlds ask it: the model, of its state, and free-run, of the
 * bookkeeping beside its real pthread objects (for its watchdog, and for
 * the waiters of its Events, Barriers and Queues).  Each fills a struct
 * model_wait with the facts of one thread's pending action, as its world
 * keeps them; whether that action is blocked, whom it waits for and the
 * words that say so are decided here, from the facts alone, so that the
 * two worlds cannot disagree about what blocks.
 */
#ifndef LOCKSTEP_MODEL_WAIT_H
#define LOCKSTEP_MODEL_WAIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/primitives.h"
#include "model/model.h"
#include "model/tset.h"

/* What a primitive type is, for every world that keeps primitives: an
 * RLock and a Condition's own lock may be taken again by their holder; a
 * Semaphore and a BoundedSemaphore count permits and have no holder. */
static inline bool
model_prim_reentrant(int type)
{
	return ((1u << type) & (LANG_T(RLOCK) | LANG_T(CONDITION))) != 0;
}

static inline bool
model_prim_semaphore(int type)
{
	return ((1u << type) & LANG_T_SEMS) != 0;
}

/* What thread t's pending action waits on, as its world keeps it: the
 * model points prim and lock into its state; free-run at copies it fills
 * from the bookkeeping beside its pthread objects (struct freerun_wait).
 * Only what the op and method need is read, and only when it is needed:
 * the explorer asks for every thread in every state. */
struct model_wait {
	int op;			/* LANG_OP_JOIN or LANG_OP_CALL; else it never waits */
	int method;		/* CALL: enum lang_method */
	int target;		/* JOIN: the thread; CALL: the primitive */
	bool ended;		/* JOIN: the thread has ended, or the join raises */
	const struct model_prim *prim;	/* CALL: the target */
	const struct model_prim *lock;	/* its lock: a Condition's, else prim */
	int lock_index;		/* which primitive lock is */
	uint32_t event_gen;	/* free-run's Event.wait: the set() calls it
				 * began waiting after */
	bool barrier_last;	/* Barrier.wait: t arrived last, and leaves */
	int timeout;		/* enum model_timeout (free-run: NONE, it
				 * times its waits itself) */
};

/* The facts of t's pending action in the model's state. */
void model_wait_of(const struct model_state *st, int t, struct model_wait *w);

/* Whether t cannot take its pending action w now, timeout aside. */
bool model_wait_blocked(const struct model_wait *w, int t);
/* Whether w, timed, would time out if t ran now: it is blocked (a
 * Condition waiter: not yet notified), so its step is to give up. */
bool model_wait_times_out(const struct model_wait *w, int t);

/* The threads w waits for (holders of what it wants, the thread it joins),
 * for cycles; out has room for MODEL_WAIT_MAX_HOLDERS (a writer and every
 * reader, should a look at a changing RWLock see both).  Returns how many. */
#define MODEL_WAIT_MAX_HOLDERS (LANG_MAX_THREADS + 1)
int model_wait_holders(const struct model_wait *w, int *out);

/* Why t waits, in words ("waits for m2 held by B"), or "". */
void model_wait_format(const struct model *m, int t, const struct model_wait *w,
    char *buf, size_t size);

/* One thread as a deadlock's words see it. */
struct model_waiter {
	bool alive;		/* started and not finished: it is named */
	bool stuck;		/* alive and unable to go on: a link of a cycle */
	struct model_wait wait;	/* if alive */
};

/* A deadlock in words, into msg: the cycle of waiting if there is one
 * ("A waits for m2 held by B; B waits for m1 held by A"), else every live
 * thread and why it waits.  threads has one entry per thread of m.
 * Returns the thread the message names first if it is a cycle, or -1. */
int model_deadlock_words(const struct model *m, const struct model_waiter *threads,
    char *msg, size_t size);

#endif
