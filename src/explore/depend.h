/* depend.h - which pending steps of two threads are independent.
 *
 * Two steps of different threads are independent when taking them in
 * either order gives the same state and neither can stop the other from
 * running: then a schedule and the one with the two swapped end alike,
 * and the search need follow only one of them.  The relation here is
 * deliberately simple and conservative, on what each pending action names:
 *
 *   a load or store of element e      touches e (a load only reads it)
 *   a call on primitive p             touches p, and for a Condition its
 *                                     lock; every Condition wait() also
 *                                     touches the one counter that orders
 *                                     all waiters
 *   sleep()                           touches nothing
 *   print()                           touches the output (so two prints
 *                                     are ordered: the output differs)
 *   start, join, an atomic block, and every step of a daemon thread
 *                                     touch everything
 *
 * and two steps are independent when they touch nothing in common, or
 * both only read.  (A daemon thread is stopped when the last other thread
 * finishes, so its steps and that last step do not commute.)  A step that
 * ends the run -- a failed assert, a runtime error -- stops every other
 * thread; the search, which sees the step's verdict, treats such a step as
 * dependent on everything by itself.
 */
#ifndef LOCKSTEP_EXPLORE_DEPEND_H
#define LOCKSTEP_EXPLORE_DEPEND_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

enum depend_kind {
	DEPEND_NOTHING,		/* sleep */
	DEPEND_ELEMENT,		/* a load or a store */
	DEPEND_PRIMITIVE,	/* a call */
	DEPEND_OUTPUT,		/* a print */
	DEPEND_EVERYTHING,
};

struct depend_step {
	enum depend_kind kind;	/* what the action itself touches */
	int32_t a, b;		/* ELEMENT: e, -1; PRIMITIVE: p and its lock */
	bool write;		/* ELEMENT: a store */
	bool waits;		/* PRIMITIVE: a Condition wait() */
	bool daemon;		/* a daemon's: dependent on everything */
	int line;
};

/* Sleeps outside every loop.  Such a step touches nothing and each thread
 * takes it at most once, so taking it first, alone, loses no outcome: a
 * schedule that takes it later ends where one that takes it first does,
 * one step longer at most in between.  count is how many of these steps
 * all threads together have: how much longer a schedule can get. */
struct depend_sleeps {
	unsigned char **lone;		/* per group, per line: only lone sleeps */
	unsigned *nlines;		/* per group */
	size_t ngroups;
	int count;
};

/* Whether some thread's code has a loop (a backward jump) other than a
 * `for` over a range: only then can a schedule come back to a state it
 * was in. */
bool depend_has_loops(const struct lang_program *prog);

void depend_sleeps_init(struct depend_sleeps *ds, const struct lang_program *prog);
void depend_sleeps_free(struct depend_sleeps *ds);
/* Whether thread t's pending step is a lone sleep. */
bool depend_lone_sleep(const struct depend_sleeps *ds, const struct model_state *st,
    const struct lang_program *prog, int t);

/* What thread t's pending action touches. */
void depend_classify(const struct model_state *st, int t, bool daemon,
    struct depend_step *out);

/* Inline: the search asks it for every two enabled threads of every state. */
static inline bool
depend_independent(const struct depend_step *x, const struct depend_step *y)
{
	if (x->kind == DEPEND_EVERYTHING || y->kind == DEPEND_EVERYTHING || x->daemon ||
	    y->daemon)
		return false;
	if (x->kind == DEPEND_NOTHING || y->kind == DEPEND_NOTHING)
		return true;
	if (x->kind != y->kind)
		return true;
	if (x->kind == DEPEND_OUTPUT)
		return false;
	if (x->kind == DEPEND_ELEMENT)
		return x->a != y->a || (!x->write && !y->write);
	if (x->waits && y->waits)
		return false;
	return x->a != y->a && x->a != y->b && x->b != y->a && x->b != y->b;
}

#endif
