/* walk.h - a recorded run stepped again on the model alone, for the views
 * that show what things were like between the steps: the picture's lanes
 * and its last step, the handout's stepping.
 *
 * A trace keeps what each step did, not the state between steps, so the
 * schedule is replayed on the model (no threads); the model is
 * deterministic, so the states are the ones the real run went through.
 */
#ifndef LOCKSTEP_RECORD_WALK_H
#define LOCKSTEP_RECORD_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "trace/trace.h"

struct walk {
	const struct trace *tr;
	struct model_state *st;		/* after `done` steps */
	struct model_frame **frames;	/* one per thread */
	size_t done;
};

enum walk_thread_state {
	WALK_NOT_STARTED,
	WALK_RUNNABLE,
	WALK_BLOCKED,
	WALK_FINISHED,
	WALK_STOPPED,		/* a daemon stopped at the end of the run */
	WALK_DIED,		/* a Python program's, of an uncaught exception */
};

/* Start at the state before the first step.  walk_end frees it. */
void walk_begin(struct walk *w, const struct trace *tr);
/* Take the schedule's next step; false when the schedule has no more or the
 * run ended before it (its state stays as it is). */
bool walk_next(struct walk *w);
void walk_end(struct walk *w);

enum walk_thread_state walk_thread_state(const struct walk *w, int t);
/* "runnable", "blocked", "finished" ... */
const char *walk_thread_state_name(enum walk_thread_state s);
/* What primitive p is like now, for a reader who wants to know who holds
 * what: "held by A", "free", "count 2 of 3", "set", "waiting: B, C". */
void walk_prim_text(const struct walk *w, int p, char *buf, size_t size);

#endif
