/* internal.h - the model's state layout, shared by the model's own files.
 *
 * A state is one allocation: a header, then the hashed region holding the
 * threads, the primitives, the shared elements and the queue rings, each an
 * array at an offset fixed by struct model.  Cloning is a memcpy plus the
 * happens-before part, which is kept outside the hashed region because two
 * states that differ only in their history are the same state.
 */
#ifndef LOCKSTEP_MODEL_INTERNAL_H
#define LOCKSTEP_MODEL_INTERNAL_H

#include "model/eval.h"
#include "model/heap.h"
#include "model/model.h"

struct model {
	const struct lang_program *prog;
	struct model_strings *strings;
	size_t nthreads, nelements, nprims, nqueues;
	int *element_base;		/* per shared name: first element, or -1 */
	int *prim_base;			/* per shared name: first primitive, or -1 */
	int *prim_shared;		/* per primitive: its shared name */
	int *prim_queue;		/* per primitive: its queue ring, or -1 */
	int *element_shared;		/* per element: its shared name */
	size_t off_threads, off_prims, off_values, off_queues, off_heap, data_size;
	int heap_objs, heap_cells;	/* 0 when the program makes no objects */
	size_t naccess;			/* what happens-before tracks: the elements,
					 * then the heap's cells (an item's accesses
					 * move with it, see model_hb_heap_moved) */
	/* Output so far (model_output): 0 or 1 + its string id, at
	 * off_output; only a program that prints has the room. */
	bool prints;
	size_t off_output;
	size_t *frame_size;		/* per thread */
	int *frame_slots;		/* per thread: values its frame holds */
	int *frame_calls;		/* per thread: callers its frame can save */
	size_t max_frame_size;
};

struct model_hb;

/* Python's type name of a value, as TypeErrors say it ('int', 'list'). */
const char *model_eval_type_name(const struct model_value *v);
/* a op b by the one interpreter's rules, objects included; the caller
 * holds the heap's lock (if it has one). */
bool model_eval_binary(const struct model_world *w, enum lang_binop op,
    const struct model_value *a, const struct model_value *b, struct model_value *out,
    char *err, size_t errsize);
/* LANG_OP_BUILTIN (builtins.c), under the heap's lock; false with the
 * exception's text in err, r unchanged. */
bool model_builtin(struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, char *err, size_t errsize);

struct model_state {
	const struct model *m;
	struct model_verdict verdict;
	uint32_t steps;
	uint32_t max_steps;
	struct model_hb *hb;
	size_t nraces;
	struct model_race races[MODEL_MAX_RACES];
	struct model_value *frozen;	/* model_element_value's frozen objects */
	struct model_frame **frames;	/* model_state_set_frames's, or NULL */
	unsigned char data[];		/* hashed region */
};

/* The registers of eval.h, as a frame keeps them: the running code's pc,
 * sp, function and first slot, and how many calls are under way; then
 * the slots (each running code's area: stack[max_stack], then locals),
 * then the saved callers (struct model_call), frame_slots and frame_calls
 * of them. */
struct model_frame {
	int32_t pc;
	int32_t sp;
	int32_t func;
	int32_t depth;
	int32_t base;
	int32_t pad;			/* 0 */
	struct model_value slots[];
};

static inline struct model_call *
frame_calls(const struct model *m, int t, struct model_frame *f)
{
	return (struct model_call *)(void *)(f->slots + m->frame_slots[t]);
}

static inline struct model_thread *
state_threads(struct model_state *st)
{
	return (struct model_thread *)(void *)(st->data + st->m->off_threads);
}

static inline struct model_prim *
state_prims(struct model_state *st)
{
	return (struct model_prim *)(void *)(st->data + st->m->off_prims);
}

static inline struct model_value *
state_values(struct model_state *st)
{
	return (struct model_value *)(void *)(st->data + st->m->off_values);
}

static inline struct model_value *
state_queue(struct model_state *st, int prim)
{
	return (struct model_value *)(void *)(st->data + st->m->off_queues) +
	    (size_t)st->m->prim_queue[prim] * MODEL_QUEUE_MAX;
}

static inline int64_t *
state_output(struct model_state *st)
{
	return (int64_t *)(void *)(st->data + st->m->off_output);
}

/* Read-only views of one thread and one primitive, inlined where the
 * model asks them on every step. */
static inline const struct model_thread *
state_thread(const struct model_state *st, int t)
{
	return (const struct model_thread *)(const void *)(st->data + st->m->off_threads) + t;
}

static inline const struct model_prim *
state_prim(const struct model_state *st, int p)
{
	return (const struct model_prim *)(const void *)(st->data + st->m->off_prims) + p;
}

/* Whether th has started and not ended: join() waits for it, is_alive()
 * says so.  One whose only step left is the program's exit has ended. */
static inline bool
thread_running(const struct model_thread *th)
{
	return th->status == MODEL_T_ALIVE && th->pending.op != LANG_OP_END;
}

/* Whether th died of an uncaught exception: its shared words hold one
 * (model.h), not a live or stopped thread's waiting. */
static inline bool
thread_died(const struct model_thread *th)
{
	return th->raised != 0 && (th->status == MODEL_T_FINISHED ||
	    (th->status == MODEL_T_ALIVE && th->pending.op == LANG_OP_END));
}

void model_hb_heap_moved(void *state, int at, int n, bool open);

/* The state's heap; its items' happens-before records move with them. */
static inline void
state_heap(const struct model_state *st, struct model_heap *h)
{
	model_heap_view(h, (void *)(st->data + st->m->off_heap), st->m->heap_objs,
	    st->m->heap_cells);
	h->moved = model_hb_heap_moved;
	h->moved_arg = (void *)st;
}

/* model.c */
/* What a print step wrote joins the state's output so far. */
void model_output_add(struct model_state *st, const char *line);
/* Free the objects nothing reaches, if every frame is at hand. */
void model_state_collect(struct model_state *st, struct model_frame **frames);

/* values.c */
int model_strings_intern(struct model_strings *s, const char *text, size_t len);

/* hb.c */
struct model_hb *model_hb_new(const struct model *m);
struct model_hb *model_hb_clone(const struct model *m, const struct model_hb *hb);
void model_hb_free(const struct model *m, struct model_hb *hb);
/* The clocks, then per element its last write and its reads (allocated
 * now if they were not): 1 + 2 x nelements pieces. */
size_t model_hb_npieces(const struct model *m);
void model_hb_pieces(const struct model *m, struct model_hb *hb, struct model_piece *pieces);
void model_hb_tick(struct model_state *st, int t);
void model_hb_access(struct model_state *st, int t, int element, bool write, int line);
/* Synchronization objects: each primitive has a clock per kind of edge it
 * makes.  RELEASE_TO_ACQUIRE: a lock's release, a put, a set(), a write
 * release to the next acquire, get, wait(), read or write acquire; a
 * barrier's arrivals gather in it until the generation completes.
 * SIGNAL_TO_WAITER: a notify to the waiter it wakes, task_done() to
 * join(), read releases to a write acquire, a completed barrier
 * generation to the threads that pass it. */
enum hb_clock { HB_RELEASE_TO_ACQUIRE, HB_SIGNAL_TO_WAITER, HB_CLOCKS };
void model_hb_release(struct model_state *st, int t, int prim, enum hb_clock c, bool merge);
void model_hb_acquire(struct model_state *st, int t, int prim, enum hb_clock c);
/* The last party arrived: the generation's clock becomes the one passers
 * acquire, and the next generation starts from nothing. */
void model_hb_barrier_complete(struct model_state *st, int prim);
void model_hb_atomic_begin(struct model_state *st, int t);
void model_hb_atomic_end(struct model_state *st, int t);
void model_hb_start(struct model_state *st, int parent, int child);
void model_hb_join(struct model_state *st, int t, int child);

/* verdict.c */
/* End the run if it is over; stepped: the thread that just stepped, or -1. */
void model_finish_run(struct model_state *st, int stepped);
/* The program exits: the threads still alive are stopped (the daemons) or
 * finish (the one whose exit step this is), and the expects are judged. */
void model_end_run(struct model_state *st);
void model_check_deadlock(struct model_state *st);
void model_fail(struct model_state *st, enum model_verdict_kind kind, int thread,
    int line, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same into any verdict that is still RUNNING (a raise that is not yet
 * the run's verdict). */
void model_verdict_set(struct model_verdict *v, enum model_verdict_kind kind, int thread,
    int line, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
