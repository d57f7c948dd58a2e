/* driver.h - one whole controlled run: a policy picks, the engine steps,
 * the trace records, until the model gives a verdict. */
#ifndef LOCKSTEP_ENGINE_DRIVER_H
#define LOCKSTEP_ENGINE_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "sched/policy.h"
#include "trace/trace.h"

/* Run to the end on real threads; the trace (initialized by the caller)
 * gets every step and the verdict.  False with a message in err if the
 * policy could not go on (a schedule naming a thread that cannot run) or
 * a started thread could not be given its pthread (engine_error); the
 * trace then holds the steps so far. */
bool engine_run(const struct model *m, struct policy *policy, int max_steps,
    struct trace *tr, char *err, size_t errsize);

#endif
