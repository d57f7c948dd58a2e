/* policy.h - who runs next: the schedule policies.
 *
 * A policy looks at the model state between steps and picks an enabled
 * thread and a choice.  All are deterministic given their seed:
 *   schedule  the given steps, then round-robin to the end (--schedule);
 *   replay    exactly the given steps, failing if one cannot run;
 *   rr        round-robin: the next enabled thread after the last one;
 *   random    uniformly among the enabled threads and choices;
 *   pct       probabilistic concurrency testing (Burckhardt et al., 2010):
 *             random distinct priorities, the highest enabled runs, and at
 *             d-1 random steps the running thread drops to the lowest.
 */
#ifndef LOCKSTEP_SCHED_POLICY_H
#define LOCKSTEP_SCHED_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "trace/schedule.h"

enum policy_kind { POLICY_SCHEDULE, POLICY_REPLAY, POLICY_RR, POLICY_RANDOM, POLICY_PCT };

struct policy;

/* sched: for SCHEDULE and REPLAY (copied).  depth: PCT's d (>= 1).
 * steps_hint: PCT's estimate of the run's length, where change points fall. */
struct policy *policy_new(enum policy_kind kind, uint64_t seed, const struct schedule *sched,
    size_t nthreads, int depth, int steps_hint);
void policy_free(struct policy *p);
/* Pick the next step; false with a message if the policy cannot (a
 * scheduled thread that is not enabled). */
bool policy_next(struct policy *p, const struct model_state *st, const struct lang_program *prog,
    int *thread, int *choice, char *err, size_t errsize);
/* How many steps a run of m takes, for PCT's change points: one
 * round-robin run on the model alone (no threads), at most max_steps. */
int policy_estimate_steps(const struct model *m, int max_steps);
const char *policy_name(enum policy_kind kind);
/* "rr" -> POLICY_RR ...; -1 if unknown. */
int policy_by_name(const char *name);

#endif
