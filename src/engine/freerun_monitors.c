/* freerun_monitors.c - Event, Barrier and Queue on real threads.
 *
 * Each is a monitor: a mutex of its own (inner) and a condition variable
 * (changed) that every change broadcasts on, and its state beside them --
 * an Event's flag and generation (set() calls), a Barrier's state and the
 * threads in its wait() (model/barrier.h), a Queue's ring of items and unfinished
 * tasks.  The state changes only under inner; it is atomic so that the
 * watchdog may read it.  Whether a call must wait is decided where the
 * model decides it (model/wait.c), from the facts freerun_prims.c reads
 * for the watchdog too, so a waiter and the watchdog cannot disagree.
 * As in freerun_prims.c, each action takes its step inside the monitor.
 */
#include "config.h"

#include <stdio.h>

#include "engine/freerun_internal.h"
#include "model/barrier.h"
#include "model/eval.h"

enum waited { WAITED, STOPPED, TIMED_OUT };

/* Wait on changed (inner held) while t's call of method on p blocks, for
 * at most to's timeout (a timed call is slow, never stuck: it is not
 * published as blocked); STOPPED if the run stops first (inner still
 * held). */
static enum waited
wait_while_blocked(struct freerun_thread *th, int p, int method,
    const struct freerun_timeout *to)
{
	struct freerun_prim *pr = &th->run->prims[p];

	if (!freerun_call_blocks(th, method, p))
		return WAITED;
	if (to == NULL)
		freerun_set_blocked(th, LANG_OP_CALL, method, p);
	while (freerun_call_blocks(th, method, p)) {
		if (freerun_timeout_passed(to))
			return freerun_stopping(th->run) ? STOPPED : TIMED_OUT;
		if (!freerun_wait_slice(th->run, &pr->changed, &pr->inner, to))
			return STOPPED;
	}
	if (to == NULL)
		freerun_set_running(th);
	return freerun_stopping(th->run) ? STOPPED : WAITED;
}

enum freerun_action
freerun_event_call(struct freerun_thread *th, int p, int method,
    struct model_value *result, const struct freerun_timeout *to)
{
	struct freerun_prim *e = &th->run->prims[p];
	enum waited waited;

	pthread_mutex_lock(&e->inner);
	switch (method) {
	case LANG_M_SET:
		FREERUN_STORE(&e->flag, 1);
		atomic_fetch_add_explicit(&e->generation, 1, memory_order_relaxed);
		pthread_cond_broadcast(&e->changed);
		break;
	case LANG_M_CLEAR:
		FREERUN_STORE(&e->flag, 0);
		break;
	case LANG_M_IS_SET:
		*result = model_value_make(MODEL_BOOL, FREERUN_LOAD(&e->flag) != 0);
		break;
	default:	/* EVENT_WAIT */
		FREERUN_STORE(&th->wait_gen, FREERUN_LOAD(&e->generation));
		/* finding the flag clear, it begins to wait: a step of its own,
		 * as in the model, and only now can a set() wake it */
		if (freerun_call_blocks(th, method, p))
			freerun_take_step(th);
		waited = wait_while_blocked(th, p, method, to);
		if (waited == STOPPED) {
			pthread_mutex_unlock(&e->inner);
			return FREERUN_STOPPED;
		}
		*result = model_value_make(MODEL_BOOL, waited == WAITED);
		break;
	}
	freerun_take_step(th);
	pthread_mutex_unlock(&e->inner);
	return FREERUN_DONE;
}

/* Barrier: model/barrier.h's protocol on the state and count beside the
 * pthread objects, read and written back under inner (the watchdog reads
 * them as they change).  A wait's two steps wait as model/wait.c says;
 * the pass may time out, which breaks the barrier. */
enum freerun_action
freerun_barrier_call(struct freerun_thread *th, int p, int method,
    const struct model_value *arg, struct model_value *result, int line,
    const struct freerun_timeout *to)
{
	struct freerun_prim *b = &th->run->prims[p];
	enum waited waited = WAITED;
	int32_t state;
	int64_t count, index;
	bool released = false, raises = false;

	pthread_mutex_lock(&b->inner);
	if (method != LANG_M_BARRIER_BROKEN && method != LANG_M_BARRIER_N_WAITING)
		waited = wait_while_blocked(th, p, method,
		    method == LANG_M_BARRIER_PASS ? to : NULL);
	if (waited == STOPPED) {
		pthread_mutex_unlock(&b->inner);
		return FREERUN_STOPPED;
	}
	state = FREERUN_LOAD(&b->flag);
	count = FREERUN_LOAD(&b->count);
	switch (method) {
	case LANG_M_BARRIER_ABORT:
		state = MODEL_BARRIER_BROKEN;
		break;
	case LANG_M_BARRIER_RESET:
		model_barrier_reset(&state, count);
		break;
	case LANG_M_BARRIER_BROKEN:
		*result = model_value_make(MODEL_BOOL, state == MODEL_BARRIER_BROKEN);
		break;
	case LANG_M_BARRIER_N_WAITING:
		*result = model_value_make(MODEL_INT, model_barrier_n_waiting(state, count));
		break;
	case LANG_M_BARRIER_ARRIVE:
		/* (a barrier with an action: the arrive's argument, True) */
		raises = !model_barrier_arrive(&state, &count, b->limit,
		    arg->kind != MODEL_NONE, &index, &released);
		if (!raises)
			FREERUN_STORE(&th->barrier_index, (int)index);
		*result = model_value_make(MODEL_BOOL, released);
		break;
	case LANG_M_BARRIER_RELEASE:
		model_barrier_release(&state, &count, arg->i != 0);
		break;
	default:	/* BARRIER_PASS */
		index = FREERUN_LOAD(&th->barrier_index);
		FREERUN_STORE(&th->barrier_index, -1);
		if (waited == TIMED_OUT) {
			model_barrier_time_out(&state, &count);
			raises = true;
		} else if (index != b->limit - 1)
			raises = !model_barrier_leave(&state, &count);
		*result = model_value_make(MODEL_INT, index);
		break;
	}
	if (state != FREERUN_LOAD(&b->flag) || count != FREERUN_LOAD(&b->count)) {
		FREERUN_STORE(&b->flag, state);
		FREERUN_STORE(&b->count, count);
		pthread_cond_broadcast(&b->changed);
	}
	freerun_take_step(th);
	pthread_mutex_unlock(&b->inner);
	return raises ? freerun_fail(th, line, "threading.BrokenBarrierError") : FREERUN_DONE;
}

enum freerun_action
freerun_queue_call(struct freerun_thread *th, int p, int method,
    const struct model_value *arg, struct model_value *result, int line,
    const struct freerun_timeout *to)
{
	struct freerun_prim *q = &th->run->prims[p];
	const char *error = NULL;
	enum waited waited;
	char msg[160];
	int n;

	pthread_mutex_lock(&q->inner);
	switch (method) {
	case LANG_M_PUT_NOWAIT:
	case LANG_M_PUT:
		if (method == LANG_M_PUT_NOWAIT && q->limit > 0 &&
		    FREERUN_LOAD(&q->count) >= q->limit) {
			error = MODEL_EXC_QUEUE_FULL;
			break;
		}
		waited = method == LANG_M_PUT_NOWAIT ? WAITED :
		    wait_while_blocked(th, p, method, to);
		if (waited == STOPPED)
			goto stopped;
		if (waited == TIMED_OUT) {
			error = MODEL_EXC_QUEUE_FULL;
			break;
		}
		if (FREERUN_LOAD(&q->count) == MODEL_QUEUE_MAX) {
			snprintf(msg, sizeof(msg), "MemoryError: a Queue holds at most %d "
			    "items in lockstep", MODEL_QUEUE_MAX);
			error = msg;
			break;
		}
		q->items[(q->head + FREERUN_LOAD(&q->count)) % MODEL_QUEUE_MAX] = *arg;
		FREERUN_STORE(&q->count, FREERUN_LOAD(&q->count) + 1);
		FREERUN_STORE(&q->unfinished, FREERUN_LOAD(&q->unfinished) + 1);
		pthread_cond_broadcast(&q->changed);
		break;
	case LANG_M_GET_NOWAIT:
	case LANG_M_GET:
		if (method == LANG_M_GET_NOWAIT && FREERUN_LOAD(&q->count) == 0) {
			error = MODEL_EXC_QUEUE_EMPTY;
			break;
		}
		waited = method == LANG_M_GET_NOWAIT ? WAITED :
		    wait_while_blocked(th, p, method, to);
		if (waited == STOPPED)
			goto stopped;
		if (waited == TIMED_OUT) {
			error = MODEL_EXC_QUEUE_EMPTY;
			break;
		}
		*result = q->items[q->head];
		q->head = (q->head + 1) % MODEL_QUEUE_MAX;
		FREERUN_STORE(&q->count, FREERUN_LOAD(&q->count) - 1);
		pthread_cond_broadcast(&q->changed);
		break;
	case LANG_M_TASK_DONE:
		n = FREERUN_LOAD(&q->unfinished);
		if (n == 0) {
			error = "ValueError: task_done() called too many times";
			break;
		}
		FREERUN_STORE(&q->unfinished, n - 1);
		pthread_cond_broadcast(&q->changed);
		break;
	case LANG_M_QUEUE_JOIN:
		if (wait_while_blocked(th, p, method, NULL) != WAITED)
			goto stopped;
		break;
	case LANG_M_QSIZE:
		*result = model_value_make(MODEL_INT, FREERUN_LOAD(&q->count));
		break;
	case LANG_M_EMPTY:
		*result = model_value_make(MODEL_BOOL, FREERUN_LOAD(&q->count) == 0);
		break;
	default:	/* FULL */
		*result = model_value_make(MODEL_BOOL,
		    q->limit > 0 && FREERUN_LOAD(&q->count) >= q->limit);
		break;
	}
	freerun_take_step(th);
	pthread_mutex_unlock(&q->inner);
	return error != NULL ? freerun_fail(th, line, "%s", error) : FREERUN_DONE;
stopped:
	pthread_mutex_unlock(&q->inner);
	return FREERUN_STOPPED;
}
