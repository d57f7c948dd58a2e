/* engine.c - the baton protocol.
 *
 * Threads: the caller ("the scheduler") and one worker pthread per started
 * scenario thread.  Each worker owns a semaphore it sleeps on; the
 * scheduler owns one too.  The baton is the right to touch the shared
 * model state:
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
 * or the step info.  sem_post/sem_wait pairs and a worker's creation are
 * the only hand-overs, so each one orders everything before it in the
 * giver before everything after it in the taker (POSIX memory
 * synchronization: pthread_create too); no other lock is needed, and
 * ThreadSanitizer sees the same edges.
 *
 * A worker is created when its thread starts, as CPython creates a
 * Thread's OS thread in start(): at engine_new for the threads that start
 * at once, and for the others right after the step whose start() started
 * them, before anything else is decided.  A thread that is never started
 * never has a pthread.  The scheduler creates the worker holding the baton
 * with the order ENTER: the new thread runs its local prefix on its own
 * stack (not a step), publishes where its frame is, so that the scheduler
 * may read its locals between steps (the frame is only ever written by its
 * worker while it holds the baton), and hands the baton back.  If the
 * system refuses the pthread, no one took the baton: the scheduler keeps
 * it, and the engine says why (engine_error) and takes no more steps.
 *
 * Orders are STEP (one model step), ENTER (see above) and STOP (return
 * from the thread function).  A finished thread's worker waits for STOP
 * like any other, until engine_free joins it: the thread that finished
 * last may still take the program's exit step (model_exit_pending), and a
 * worker that never returns early needs no second way to be joined.
 * Workers block every signal: signals are the UI's business, on the
 * scheduler's thread.
 *
 * One CPU.  Only the baton holder runs, so the engine loses nothing by
 * keeping all its threads on one CPU, and gains much: a hand-over to a
 * thread asleep on another CPU is a cross-CPU wake-up, about 50 times the
 * cost of one on the same CPU (bench/README.md).  So the workers are
 * created on one CPU of those the scheduler may use (the one it runs on
 * when the engine is made), and the scheduler thread is kept there while
 * it has an engine; its own affinity comes back when it frees its last
 * one.  Other threads a pinned scheduler creates (free-run's, the UI's
 * jobs) take engine_free_cpus.
 */
#include "config.h"

#include "engine/engine.h"

#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
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
	bool created;			/* pthread and go exist */
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
	pthread_attr_t attr;		/* the workers': that CPU */
	char error[200];		/* engine_error's, or "" */
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

void
engine_stack_size(pthread_attr_t *attr)
{
	size_t size = 0;

	if (pthread_attr_getstacksize(attr, &size) != 0 || size < ENGINE_MIN_STACK)
		pthread_attr_setstacksize(attr, ENGINE_MIN_STACK);
}

int
engine_thread_create(pthread_t *thread, const pthread_attr_t *attr,
    void *(*body)(void *), void *arg)
{
	pthread_attr_t every_cpu;
	sigset_t all, old;
	int err;

	if (attr == NULL) {
		pthread_attr_init(&every_cpu);
		engine_stack_size(&every_cpu);
		engine_free_cpus(&every_cpu);
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(thread, attr != NULL ? attr : &every_cpu, body, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (attr == NULL)
		pthread_attr_destroy(&every_cpu);
	return err;
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

/* Created holding the baton, with the order ENTER (see create_worker). */
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

	assert(e->holder == t);
	w->frame = frame;
	/* published before the thread enters, under the baton: a step of any
	 * thread may read every frame to free what none of them reaches */
	e->frames[t] = frame;
	for (;;) {
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
		wait_for_baton(w);
	}
}

static void
wait_done(struct engine *e)
{
	while (sem_wait(&e->done) != 0)
		;	/* EINTR: a signal to the scheduler */
	assert(e->holder == SCHEDULER);
}

/* Give the baton to t with an order and wait until it comes back. */
static void
run_order(struct engine *e, int t, enum order_kind order)
{
	assert(e->holder == SCHEDULER);
	e->order = order;
	e->holder = t;
	sem_post(&e->workers[t].go);
	wait_done(e);
}

/* A worker for thread t, which has just started, given the baton with the
 * order ENTER on creation; false (and e->error) if the system refuses.
 * Out of line: engine_step's loop that looks for started threads stays
 * small (bench/README.md). */
static bool __attribute__((noinline, cold))
create_worker(struct engine *e, int t)
{
	struct worker *w = &e->workers[t];
	int err;

	assert(e->holder == SCHEDULER && !w->created);
	w->engine = e;
	w->thread = t;
	sem_init(&w->go, 0, 0);
	e->order = ORDER_ENTER;
	e->holder = t;
	err = engine_thread_create(&w->pthread, &e->attr, worker_main, w);
	if (err != 0) {
		e->holder = SCHEDULER;	/* nobody took it */
		sem_destroy(&w->go);
		snprintf(e->error, sizeof(e->error), "cannot create a thread for %s: %s",
		    model_program(e->m)->threads[t].name, strerror(err));
		return false;
	}
	w->created = true;
	wait_done(e);
	return true;
}

/* Threads started by the last step (or at the beginning) get their
 * pthreads and run their local prefix before anything else is decided. */
static bool
enter_started_threads(struct engine *e)
{
	size_t t;

	for (t = 0; t < e->nworkers; t++)
		if (model_needs_enter(e->state, (int)t) && !create_worker(e, (int)t))
			return false;
	return true;
}

struct engine *
engine_new(const struct model *m, int max_steps)
{
	struct engine *e = xcalloc(1, sizeof(*e));
	cpu_set_t one;
	int cpu;

	if (model_max_frame_size(m) > MODEL_FRAME_MAX_BYTES)
		util_fatal("internal error: a thread's frame is larger than the engine's");
	e->m = m;
	e->state = model_state_new(m, max_steps);
	e->nworkers = model_nthreads(m);
	e->workers = xcalloc(e->nworkers ? e->nworkers : 1, sizeof(*e->workers));
	e->holder = SCHEDULER;
	sem_init(&e->done, 0, 0);
	pthread_attr_init(&e->attr);
	engine_stack_size(&e->attr);
	cpu = pin_scheduler(e);
	if (cpu >= 0) {
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		pthread_attr_setaffinity_np(&e->attr, sizeof(one), &one);
	}
	/* Every frame is published: a step may read them all (while the
	 * other workers are parked) to free the objects none of them reaches. */
	e->frames = xcalloc(e->nworkers ? e->nworkers : 1, sizeof(*e->frames));
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

		if (w->created) {
			run_order(e, (int)t, ORDER_STOP);
			pthread_join(w->pthread, NULL);
			sem_destroy(&w->go);
		}
	}
	pthread_attr_destroy(&e->attr);
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

const char *
engine_error(const struct engine *e)
{
	return e->error[0] != '\0' ? e->error : NULL;
}

bool
engine_step(struct engine *e, int t, int choice, struct model_step_info *info)
{
	if (e->error[0] != '\0')
		return false;
	assert(model_enabled(e->state, t));
	e->choice = choice;
	e->info = info;
	run_order(e, t, ORDER_STEP);
	e->info = NULL;
	return enter_started_threads(e);
}
