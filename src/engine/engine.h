/* engine.h - a scenario on real pthreads under a controlled scheduler.
 *
 * engine_new starts one pthread per scenario thread; each keeps its frame
 * (program counter, evaluation stack, locals) on its own stack and waits
 * for the baton.  engine_step hands the baton to one thread, which performs
 * exactly one step of the model on the shared state and hands it back.
 * The engine decides nothing: the caller (a schedule policy, the UI)
 * chooses the thread, and the model says which threads are enabled.
 *
 * The engine owns its threads: engine_free stops and joins every one of
 * them, whatever state the run is in.  One engine is used by one caller
 * thread at a time.
 */
#ifndef LOCKSTEP_ENGINE_ENGINE_H
#define LOCKSTEP_ENGINE_ENGINE_H

#include <stdbool.h>

#include "model/model.h"

struct engine;

/* Start the threads of a run of m (with at most max_steps steps); NULL
 * with errno set if a thread cannot be created. */
struct engine *engine_new(const struct model *m, int max_steps);
/* Stop and join every thread, free the run. */
void engine_free(struct engine *e);

/* The shared state, for reading between steps. */
const struct model_state *engine_state(const struct engine *e);
/* Thread t's frame (on its own stack), for reading its locals between
 * steps; see model_frame_local. */
const struct model_frame *engine_frame(const struct engine *e, int t);
/* One step of thread t with the given choice (see model_choices).
 * Precondition: model_enabled(engine_state(e), t). */
void engine_step(struct engine *e, int t, int choice, struct model_step_info *info);

#endif
