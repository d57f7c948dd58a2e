/* heap.h - lists and tuples: objects on a bounded heap inside the state.
 *
 * A value of kind MODEL_LIST or MODEL_TUPLE refers to an object by its
 * number (model_value.i).  The heap is two arrays of fixed size: object
 * headers (kind, length, whether it is shared) and item cells.  The model
 * keeps both inside a state's hashed region, so the explorer stores and
 * compares the heap like everything else; free-run keeps one of its own.
 *
 * Canonical layout.  The items of object 0 come first, then those of
 * object 1 and so on, with no gaps: an object's items start where the
 * objects before it end, and every cell past the last item is zero.
 * Growing or shrinking an object moves the items after it.  A new object
 * takes the lowest free number.  So the bytes of a heap are a function of
 * its objects' numbers and contents alone: the same schedule gives the same
 * bytes, and a thread that appends and then pops comes back to the very
 * state it left (the explorer's loops close).  Objects nothing refers to
 * any more are freed after each step (model_heap_collect), so a loop that
 * makes a local list each round closes too.
 *
 * A dict is a row of cells too, each key followed by its value, in the
 * order the keys came (Python's order); finding a key is a linear search,
 * fine for the small dicts lockstep is for.
 *
 * Sharing.  An object is shared when a shared name or a queue reaches it,
 * or more than one thread does; an operation on it is then a step.  Storing
 * a reference where other threads can reach it shares everything it reaches
 * at once (model_heap_publish); model_heap_collect computes it afresh.
 *
 * The limits (MODEL_HEAP_OBJECTS objects, MODEL_HEAP_CELLS items in all)
 * are lockstep's, documented in lockstep-scenario(5); a run that needs
 * more stops with a MemoryError that names them.
 */
#ifndef LOCKSTEP_MODEL_HEAP_H
#define LOCKSTEP_MODEL_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/limits.h"
#include "model/model.h"

#define MODEL_HEAP_OBJECTS LANG_MAX_HEAP_OBJECTS
#define MODEL_HEAP_CELLS   LANG_MAX_HEAP_ITEMS
/* free-run reclaims nothing while its threads run: a larger heap */
#define MODEL_FREE_HEAP_OBJECTS 4096
#define MODEL_FREE_HEAP_CELLS   65536

struct model_heap_obj {
	int32_t kind;		/* MODEL_LIST, MODEL_TUPLE or MODEL_DICT; 0: free */
	int32_t len;		/* cells: its items; a dict's keys and values,
				 * key then value, in the order they came */
	int32_t shared;		/* 1: operations on it are steps */
	int32_t reserved;	/* 0 */
};

/* A view of a heap's memory.  lock/unlock, if set, guard every operation
 * (free-run: one CPython-like atomic operation at a time). */
struct model_heap {
	struct model_heap_obj *objs;
	struct model_value *cells;
	int nobjs, ncells;
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void *lock_arg;
	/* if set, told when cells move: n opened or closed at cell at */
	void (*moved)(void *arg, int at, int n, bool open);
	void *moved_arg;
};

static inline bool
model_value_is_object(const struct model_value *v)
{
	return v->kind == MODEL_LIST || v->kind == MODEL_TUPLE || v->kind == MODEL_DICT;
}

/* Bytes of a heap's memory (objects, then cells). */
size_t model_heap_bytes(int nobjs, int ncells);
/* The view of memory at mem (model_heap_bytes long, 16-byte aligned). */
void model_heap_view(struct model_heap *h, void *mem, int nobjs, int ncells);

/* A new object holding n items; false with a MemoryError in err when the
 * heap is full. */
bool model_heap_new_object(struct model_heap *h, enum model_kind kind,
    const struct model_value *items, int n, struct model_value *out,
    char *err, size_t errsize);
int model_heap_len(const struct model_heap *h, const struct model_value *obj);
/* Python's len(): a dict's entries, half its cells. */
int model_heap_count(const struct model_heap *h, const struct model_value *obj);
/* The cell index within a dict of the value for key, or -1. */
int model_heap_dict_find(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *dict, const struct model_value *key);
/* The cell that holds item i of an object (where its accesses are kept). */
int model_heap_cell(const struct model_heap *h, const struct model_value *obj, int i);
/* Item i (0 <= i < len) of an object. */
struct model_value model_heap_item(const struct model_heap *h,
    const struct model_value *obj, int i);
void model_heap_set_item(struct model_heap *h, const struct model_value *obj, int i,
    const struct model_value *v);
/* Insert v before item i (0 <= i <= len); false with a MemoryError. */
bool model_heap_insert(struct model_heap *h, const struct model_value *obj, int i,
    const struct model_value *v, char *err, size_t errsize);
/* Remove item i, returning it. */
struct model_value model_heap_delete(struct model_heap *h, const struct model_value *obj,
    int i);
/* The first index whose item equals v (Python's ==), or -1. */
int model_heap_find(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *obj, const struct model_value *v);
/* Python's == across objects: lists and tuples item by item. */
bool model_heap_equal(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *a, const struct model_value *b);
bool model_heap_is_shared(const struct model_heap *h, const struct model_value *obj);
/* Share everything v reaches (it was stored where other threads see it). */
void model_heap_publish(struct model_heap *h, const struct model_value *v);

/* Roots of a collection: the values the shared state holds, and per thread
 * the values its frame holds (NULL: that thread's frame is not at hand, and
 * nothing is collected). */
struct model_heap_roots {
	const struct model_value *shared;
	size_t nshared;
	const struct model_value *const *thread;
	const size_t *nthread;
	int nthreads;
};
/* Free what no root reaches, compacting the items, and recompute which
 * objects are shared. */
void model_heap_collect(struct model_heap *h, const struct model_heap_roots *roots);

/* v with an object frozen into its repr (MODEL_REPR), interned into s. */
struct model_value model_heap_freeze(const struct model_heap *h, struct model_strings *s,
    const struct model_value *v);

/* Python's repr: [1, 2], (1, 'a'), cut with "…" to fit size. */
void model_heap_repr(const struct model_heap *h, const struct model_strings *s,
    const struct model_value *v, char *buf, size_t size);

/* A step on a shared object in words, for the trace: "items.append(3)",
 * "LOAD items[] -> 3" (name: the shared name that refers to it); and the
 * timeline's short word for it ("append", "LOAD"). */
void model_heap_step_label(int op, const char *name, const char *value, char *buf,
    size_t size);
const char *model_heap_step_word(int op);

#endif
