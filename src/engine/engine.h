/* engine.h - a scenario on real pthreads under a controlled scheduler.
 *
 * Each scenario thread gets its own pthread when it starts (engine_new for
 * the threads that start at once, the step that calls start() for the
 * others; never, for a thread never started); each keeps its frame
 * (program counter, evaluation stack, locals) on its own stack and waits
 * for the baton.  engine_step hands the baton to one thread, which performs
 * exactly one step of the model on the shared state and hands it back.
 * The engine decides nothing: the caller (a schedule policy, the UI)
 * chooses the thread, and the model says which threads are enabled.
 *
 * The engine owns its threads: engine_free stops and joins every one of
 * them, whatever state the run is in.  One engine is used by one caller
 * thread at a time.
 *
 * The engine's threads and its caller share one CPU while the engine
 * exists (the baton makes it cost nothing and saves cross-CPU wake-ups):
 * engine_new moves the calling thread to one of its CPUs and engine_free,
 * called on the same thread, gives it back the affinity it had.
 */
#ifndef LOCKSTEP_ENGINE_ENGINE_H
#define LOCKSTEP_ENGINE_ENGINE_H

#include <pthread.h>
#include <stdbool.h>

#include "model/model.h"

struct engine;

/* A run of m (with at most max_steps steps), its threads that start at
 * once started; see engine_error. */
struct engine *engine_new(const struct model *m, int max_steps);
/* Stop and join every thread, free the run. */
void engine_free(struct engine *e);

/* The shared state, for reading between steps. */
const struct model_state *engine_state(const struct engine *e);
/* Thread t's frame (on its own stack), for reading its locals between
 * steps; see model_frame_local.  NULL while t has not started. */
const struct model_frame *engine_frame(const struct engine *e, int t);
/* One step of thread t with the given choice (see model_choices).
 * Precondition: model_enabled(engine_state(e), t).  False if the engine
 * cannot go on (engine_error): the step was taken, but a thread it started
 * has no pthread. */
bool engine_step(struct engine *e, int t, int choice, struct model_step_info *info);
/* Why the run cannot go on, or NULL: the system refused a started thread
 * its pthread ("cannot create a thread for A: Resource temporarily
 * unavailable"), at engine_new or in a step.  From then on engine_step
 * does nothing and returns false; the state, the frames and engine_free
 * are as before. */
const char *engine_error(const struct engine *e);

/* For a thread that is not an engine's, created while the calling thread
 * has an engine (free-run's threads, a UI's job): let it run on every CPU
 * the caller had before the engine kept it on one. */
void engine_free_cpus(pthread_attr_t *attr);
/* pthread_create as lockstep makes every thread (an engine's, free-run's,
 * a UI's job): with every signal blocked in it, signals being the UI
 * thread's business; attr NULL: on every CPU (engine_free_cpus), with a
 * stack a frame fits in (engine_stack_size). */
int engine_thread_create(pthread_t *thread, const pthread_attr_t *attr,
    void *(*body)(void *), void *arg);

/* A scenario thread keeps its frame, calls and all, on its own stack
 * (MODEL_FRAME_MAX_BYTES, about 65 KiB): its stack is made at least
 * ENGINE_MIN_STACK, whatever `ulimit -s` makes the default. */
#define ENGINE_MIN_STACK (1024 * 1024)
void engine_stack_size(pthread_attr_t *attr);

#endif
