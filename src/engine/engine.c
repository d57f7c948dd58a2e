/* engine.c - the baton protocol.
 *
 * Threads: the caller ("the scheduler") and one worker pthread per scenario
 * thread.  Each worker owns a semaphore it sleeps on; the scheduler owns one
 * too.  The baton is the right to touch the shared model state:
 *
 *     scheduler                         worker t
 *     ---------                         --------
 *     order = {STEP, choice, info}
 *     holder = t
 *     sem_post(worker[t].go)  ------->  sem_wait(go)
 *     sem_wait(done)                    model_step(state, frame, t, ...)
 *                                       holder = SCHEDULER
 *                             <-------  sem_post(done)
 *
 * Invariant: at any moment exactly one thread holds the baton, `holder`
 * names it, and only the holder reads or writes the model state, the order
 * or the step info.  sem_post/sem_wait pairs are the only hand-overs, so
 * each one orders everything before it in the giver before everything after
 * it in the taker (POSIX memory synchronization); no other lock is needed,
 * and ThreadSanitizer sees the same edges.
 *
 * At start-up each worker publishes where its frame is (posting `done`
 * once), so that the scheduler may read the thread's locals between
 * steps: the frame is only ever written by its worker while it holds the
 * baton.
 *
 * Orders are STEP (one model step), ENTER (a just-started thread runs its
 * local prefix on its own stack, which is not a step) and STOP (return from
 * the thread function; engine_free joins it).  Workers block every signal:
 * signals are the UI's business, on the scheduler's thread.
 *
 * One CPU.  Only the baton holder runs, so the engine loses nothing by
 * keeping all its threads on one CPU, and gains much: a hand-over to a
 * thread asleep on another CPU is a cross-CPU wake-up, about 50 times the
 * cost of one on the same CPU (bench/README.md).  So the workers are
 * created on one CPU of those the scheduler may use (the one it runs on),
 * and the scheduler thread is kept there while it has an engine; its own
 * affinity comes back when it frees its last one.  Other threads a pinned
 * scheduler creates (free-run's, the UI's jobs) take engine_free_cpus.
 */
#include "config.h"

#include "engine/engine.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define SCHEDULER (-1)

enum order_kind { ORDER_STEP, ORDER_ENTER, ORDER_STOP };

struct worker {
	struct engine *engine;
	int thread;
	pthread_t pthread;
	sem_t go;
	bool started;
	struct model_frame *frame;	/* published once, at start-up */
};

struct engine {
	const struct model *m;
	struct model_state *state;
	struct worker *workers;
	size_t nworkers;
	struct model_frame **frames;	/* each worker's, once published */
	sem_t done;
	int holder;			/* who has the baton */
	/* the order for the holder */
	enum order_kind order;
	int choice;
	struct model_step_info *info;
	/* it moved its scheduler to one CPU (see pin_scheduler) */
	bool pinned;
	pthread_t scheduler;
};

/* The calling thread's engines that hold it on one CPU, the CPU, and the
 * affinity it had before the first of them. */
static _Thread_local int pinning_engines;
static _Thread_local int pinned_cpu = -1;
static _Thread_local cpu_set_t scheduler_cpus;

/* Keep the calling thread on one CPU of those it may use while e exists;
 * that CPU, or -1 if there is no choice to make (one CPU) or it failed. */
static int
pin_scheduler(struct engine *e)
{
	pthread_t self = pthread_self();
	cpu_set_t one;
	int cpu, c;

	if (pinning_engines > 0) {
		pinning_engines++;
		e->pinned = true;
		e->scheduler = self;
		return pinned_cpu;
	}
	if (pthread_getaffinity_np(self, sizeof(scheduler_cpus), &scheduler_cpus) != 0 ||
	    CPU_COUNT(&scheduler_cpus) <= 1)
		return -1;
	cpu = sched_getcpu();
	if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &scheduler_cpus))
		for (c = 0, cpu = -1; c < CPU_SETSIZE && cpu < 0; c++)
			if (CPU_ISSET(c, &scheduler_cpus))
				cpu = c;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (pthread_setaffinity_np(self, sizeof(one), &one) != 0)
		return -1;
	pinned_cpu = cpu;
	pinning_engines = 1;
	e->pinned = true;
	e->scheduler = self;
	return cpu;
}

/* The scheduler's affinity back once its last engine is gone. */
static void
unpin_scheduler(struct engine *e)
{
	if (!e->pinned || !pthread_equal(e->scheduler, pthread_self()))
		return;	/* freed on another thread: the caller's own business */
	if (--pinning_engines == 0) {
		pthread_setaffinity_np(pthread_self(), sizeof(scheduler_cpus),
		    &scheduler_cpus);
		pinned_cpu = -1;
	}
}

void
engine_free_cpus(pthread_attr_t *attr)
{
	if (pinning_engines > 0)
		pthread_attr_setaffinity_np(attr, sizeof(scheduler_cpus), &scheduler_cpus);
}

/* Run by a worker with the baton: give it back to the scheduler. */
static void
hand_back(struct engine *e, int t)
{
	assert(e->holder == t);
	e->holder = SCHEDULER;
	sem_post(&e->done);
}

static void
wait_for_baton(struct worker *w)
{
	while (sem_wait(&w->go) != 0)
		;	/* EINTR: signals are blocked, but be safe */
	assert(w->engine->holder == w->thread);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct engine *e = w->engine;
	int t = w->thread;
	/* The frame lives here, on this thread's own stack. */
	_Alignas(16) unsigned char storage[MODEL_FRAME_MAX_BYTES];
	struct model_frame *frame = (struct model_frame *)(void *)storage;
	struct model_frame *frames[LANG_MAX_THREADS] = { NULL };

	/* Start-up: publish the frame, then wait for orders like any worker. */
	model_frame_init(e->m, t, frame);
	w->frame = frame;
	sem_post(&e->done);
	for (;;) {
		wait_for_baton(w);
		switch (e->order) {
		case ORDER_STOP:
			hand_back(e, t);
			return NULL;
		case ORDER_ENTER:
			model_thread_enter(e->state, frame, t);
			break;
		case ORDER_STEP:
			frames[t] = frame;
			model_step(e->state, frames, t, e->choice, e->info);
			break;
		}
		hand_back(e, t);
	}
}

/* Give the baton to t with an order and wait until it comes back. */
static void
run_order(struct engine *e, int t, enum order_kind order)
{
	assert(e->holder == SCHEDULER);
	e->order = order;
	e->holder = t;
	sem_post(&e->workers[t].go);
	while (sem_wait(&e->done) != 0)
		;
	assert(e->holder == SCHEDULER);
}

/* Threads started by the last step (or at the beginning) run their local
 * prefix before anything else is decided. */
static void
enter_started_threads(struct engine *e)
{
	size_t t;

	for (t = 0; t < e->nworkers; t++)
		if (model_needs_enter(e->state, (int)t))
			run_order(e, (int)t, ORDER_ENTER);
}

struct engine *
engine_new(const struct model *m, int max_steps)
{
	struct engine *e = xcalloc(1, sizeof(*e));
	sigset_t all, old;
	pthread_attr_t attr;
	cpu_set_t one;
	size_t t;
	int err = 0, cpu;

	if (model_max_frame_size(m) > MODEL_FRAME_MAX_BYTES)
		util_fatal("internal error: a thread's frame is larger than the engine's");
	e->m = m;
	e->state = model_state_new(m, max_steps);
	e->nworkers = model_nthreads(m);
	e->workers = xcalloc(e->nworkers ? e->nworkers : 1, sizeof(*e->workers));
	e->holder = SCHEDULER;
	sem_init(&e->done, 0, 0);
	pthread_attr_init(&attr);
	cpu = pin_scheduler(e);
	if (cpu >= 0) {
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		pthread_attr_setaffinity_np(&attr, sizeof(one), &one);
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (t = 0; t < e->nworkers && err == 0; t++) {
		struct worker *w = &e->workers[t];

		w->engine = e;
		w->thread = (int)t;
		sem_init(&w->go, 0, 0);
		err = pthread_create(&w->pthread, &attr, worker_main, w);
		w->started = err == 0;
		if (w->started)
			while (sem_wait(&e->done) != 0)
				;	/* its frame is published */
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (err != 0) {
		engine_free(e);
		errno = err;
		return NULL;
	}
	/* Every frame is published: a step may read them all (while the
	 * other workers are parked) to free the objects none of them reaches. */
	e->frames = xcalloc(e->nworkers ? e->nworkers : 1, sizeof(*e->frames));
	for (t = 0; t < e->nworkers; t++)
		e->frames[t] = e->workers[t].frame;
	model_state_set_frames(e->state, e->frames);
	model_state_begin(e->state, NULL);
	enter_started_threads(e);
	return e;
}

void
engine_free(struct engine *e)
{
	size_t t;

	if (e == NULL)
		return;
	for (t = 0; t < e->nworkers; t++) {
		struct worker *w = &e->workers[t];

		if (w->started) {
			run_order(e, (int)t, ORDER_STOP);
			pthread_join(w->pthread, NULL);
		}
		sem_destroy(&w->go);
	}
	sem_destroy(&e->done);
	unpin_scheduler(e);
	model_state_free(e->state);
	free(e->frames);
	free(e->workers);
	free(e);
}

const struct model_frame *
engine_frame(const struct engine *e, int t)
{
	return e->workers[t].frame;
}

const struct model_state *
engine_state(const struct engine *e)
{
	return e->state;
}

void
engine_step(struct engine *e, int t, int choice, struct model_step_info *info)
{
	assert(model_enabled(e->state, t));
	e->choice = choice;
	e->info = info;
	run_order(e, t, ORDER_STEP);
	e->info = NULL;
	enter_started_threads(e);
}
