#include "config.h"

#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/eval.h"
#include "model/internal.h"
#include "util/xalloc.h"

static size_t
align16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static int
area_of(const struct lang_code *code)
{
	return code->max_stack + code->nlocals;
}

/* How many slots and saved callers each group's frame needs: its own
 * area, plus the costliest chain of calls it can make, a call at depth d
 * needing its callee's area plus the most any of its callees needs at
 * depth d + 1, to LANG_MAX_CALL_DEPTH (a deeper call raises, so needs
 * nothing).  Slots are capped at LANG_MAX_FRAME_SLOTS, where a call that
 * does not fit raises too.  A program with no functions needs no more
 * than before: its threads' own areas. */
static void
frame_needs(const struct lang_program *prog, int *group_slots, int *group_calls)
{
	size_t nf = prog->nfunctions, f, g, h;
	unsigned char *callees = xcalloc(nf * nf + 1, 1), *own = xcalloc(nf + 1, 1);
	long *slots = xcalloc((nf + 1) * (LANG_MAX_CALL_DEPTH + 2), sizeof(long));
	int *calls = xcalloc((nf + 1) * (LANG_MAX_CALL_DEPTH + 2), sizeof(int));
	int d;

	for (f = 0; f < nf; f++)
		lang_code_mark_callees(&prog->functions[f].code, callees + f * nf);
	/* row d: what a call of f at depth d needs, rows past the limit 0 */
	for (d = LANG_MAX_CALL_DEPTH; d >= 1; d--)
		for (f = 0; f < nf; f++) {
			long most = 0;
			int deepest = d;

			for (h = 0; h < nf; h++)
				if (callees[f * nf + h]) {
					if (slots[(size_t)(d + 1) * nf + h] > most)
						most = slots[(size_t)(d + 1) * nf + h];
					if (calls[(size_t)(d + 1) * nf + h] > deepest)
						deepest = calls[(size_t)(d + 1) * nf + h];
				}
			most += area_of(&prog->functions[f].code);
			slots[(size_t)d * nf + f] = most > LANG_MAX_FRAME_SLOTS ?
			    LANG_MAX_FRAME_SLOTS : most;
			calls[(size_t)d * nf + f] = deepest;
		}
	for (g = 0; g < prog->ngroups; g++) {
		long most = 0;
		int deepest = 0;

		memset(own, 0, nf + 1);
		lang_code_mark_callees(&prog->groups[g].code, own);
		for (h = 0; h < nf; h++)
			if (own[h]) {
				if (slots[nf + h] > most)
					most = slots[nf + h];
				if (calls[nf + h] > deepest)
					deepest = calls[nf + h];
			}
		most += area_of(&prog->groups[g].code);
		group_slots[g] = most > LANG_MAX_FRAME_SLOTS ? LANG_MAX_FRAME_SLOTS : (int)most;
		group_calls[g] = deepest;
	}
	free(callees);
	free(own);
	free(slots);
	free(calls);
}

/* Whether some thread's or function's code can print: only then does a
 * state have room for the output so far. */
static bool
code_prints(const struct lang_code *code)
{
	size_t i;

	for (i = 0; i < code->count; i++)
		if (code->insns[i].op == LANG_OP_PRINT)
			return true;
	return false;
}

static bool
program_prints(const struct lang_program *prog)
{
	size_t g, f;

	for (g = 0; g < prog->ngroups; g++)
		if (code_prints(&prog->groups[g].code))
			return true;
	for (f = 0; f < prog->nfunctions; f++)
		if (code_prints(&prog->functions[f].code))
			return true;
	return false;
}

struct model *
model_new(const struct lang_program *prog, struct model_strings *strings)
{
	struct model *m = xcalloc(1, sizeof(*m));
	size_t i, ne = 0, np = 0, nq = 0;
	int k;

	m->prog = prog;
	m->strings = strings;
	/* program string constants keep their ids */
	for (i = 0; i < prog->nstrings; i++)
		if (model_strings_intern(strings, prog->strings[i],
		    strlen(prog->strings[i])) != (int)i)
			util_fatal("internal error: string table already in use");
	m->nthreads = prog->nthreads;
	m->element_base = xcalloc(prog->nshared + 1, sizeof(int));
	m->prim_base = xcalloc(prog->nshared + 1, sizeof(int));
	for (i = 0; i < prog->nshared; i++) {
		const struct lang_shared *s = &prog->shared[i];
		bool prim = s->kind == LANG_SHARED_PRIM || s->kind == LANG_SHARED_PRIM_ARRAY;

		m->element_base[i] = prim ? -1 : (int)ne;
		m->prim_base[i] = prim ? (int)np : -1;
		if (prim) {
			np += (size_t)s->length;
			if (s->prim == LANG_PRIM_QUEUE)
				nq += (size_t)s->length;
		} else {
			ne += (size_t)s->length;
		}
	}
	m->nelements = ne;
	m->nprims = np;
	m->nqueues = nq;
	m->element_shared = xcalloc(ne + 1, sizeof(int));
	m->prim_shared = xcalloc(np + 1, sizeof(int));
	m->prim_queue = xcalloc(np + 1, sizeof(int));
	nq = 0;
	for (i = 0; i < prog->nshared; i++) {
		const struct lang_shared *s = &prog->shared[i];

		for (k = 0; k < s->length; k++) {
			if (m->element_base[i] >= 0) {
				m->element_shared[m->element_base[i] + k] = (int)i;
			} else {
				int p = m->prim_base[i] + k;

				m->prim_shared[p] = (int)i;
				m->prim_queue[p] = s->prim == LANG_PRIM_QUEUE ? (int)nq++ : -1;
			}
		}
	}
	m->off_threads = 0;
	m->off_prims = align16(m->off_threads + m->nthreads * sizeof(struct model_thread));
	m->off_values = align16(m->off_prims + np * sizeof(struct model_prim));
	m->off_queues = align16(m->off_values + ne * sizeof(struct model_value));
	m->off_heap = align16(m->off_queues + nq * MODEL_QUEUE_MAX * sizeof(struct model_value));
	if (prog->uses_heap) {
		m->heap_objs = MODEL_HEAP_OBJECTS;
		m->heap_cells = MODEL_HEAP_CELLS;
	}
	m->naccess = ne + (size_t)m->heap_cells;
	/* after the heap: the collection's roots are the values up to it */
	m->off_output = align16(m->off_heap + model_heap_bytes(m->heap_objs, m->heap_cells));
	m->prints = program_prints(prog);
	m->data_size = align16(m->off_output + (m->prints ? sizeof(int64_t) : 0));
	m->frame_size = xcalloc(m->nthreads + 1, sizeof(size_t));
	m->frame_slots = xcalloc(m->nthreads + 1, sizeof(int));
	m->frame_calls = xcalloc(m->nthreads + 1, sizeof(int));
	{
		int *gslots = xcalloc(prog->ngroups + 1, sizeof(int));
		int *gcalls = xcalloc(prog->ngroups + 1, sizeof(int));

		frame_needs(prog, gslots, gcalls);
		for (i = 0; i < m->nthreads; i++) {
			int g = prog->threads[i].group;

			m->frame_slots[i] = gslots[g];
			m->frame_calls[i] = gcalls[g];
			m->frame_size[i] = sizeof(struct model_frame) +
			    (size_t)gslots[g] * sizeof(struct model_value) +
			    (size_t)gcalls[g] * sizeof(struct model_call);
			if (m->frame_size[i] > m->max_frame_size)
				m->max_frame_size = m->frame_size[i];
		}
		free(gslots);
		free(gcalls);
	}
	return m;
}

void
model_free(struct model *m)
{
	if (m == NULL)
		return;
	free(m->element_base);
	free(m->prim_base);
	free(m->element_shared);
	free(m->prim_shared);
	free(m->prim_queue);
	free(m->frame_size);
	free(m->frame_slots);
	free(m->frame_calls);
	free(m);
}

const struct lang_program *
model_program(const struct model *m)
{
	return m->prog;
}

const struct model_strings *
model_strings(const struct model *m)
{
	return m->strings;
}

size_t
model_nthreads(const struct model *m)
{
	return m->nthreads;
}

size_t
model_nelements(const struct model *m)
{
	return m->nelements;
}

size_t
model_nprims(const struct model *m)
{
	return m->nprims;
}

bool
model_prints(const struct model *m)
{
	return m->prints;
}

int
model_element_of(const struct model *m, int shared, int index)
{
	return m->element_base[shared] < 0 ? -1 : m->element_base[shared] + index;
}

int
model_prim_of(const struct model *m, int shared, int index)
{
	return m->prim_base[shared] < 0 ? -1 : m->prim_base[shared] + index;
}

static void
indexed_name(const struct lang_shared *s, int k, char *buf, size_t size)
{
	if (s->kind == LANG_SHARED_ARRAY || s->kind == LANG_SHARED_PRIM_ARRAY)
		snprintf(buf, size, "%s[%d]", s->name, k);
	else
		snprintf(buf, size, "%s", s->name);
}

int
model_element_shared(const struct model *m, int element)
{
	return m->element_shared[element];
}

void
model_element_name(const struct model *m, int element, char *buf, size_t size)
{
	int s = m->element_shared[element];

	indexed_name(&m->prog->shared[s], element - m->element_base[s], buf, size);
}

void
model_prim_name(const struct model *m, int prim, char *buf, size_t size)
{
	int s = m->prim_shared[prim];

	indexed_name(&m->prog->shared[s], prim - m->prim_base[s], buf, size);
}

size_t
model_frame_size(const struct model *m, int thread)
{
	return m->frame_size[thread];
}

size_t
model_max_frame_size(const struct model *m)
{
	return m->max_frame_size;
}

static void
from_const(struct model_value *v, const struct lang_value *c)
{
	v->pad = 0;
	v->i = c->i;
	switch (c->kind) {
	case LANG_VAL_INT: v->kind = MODEL_INT; break;
	case LANG_VAL_BOOL: v->kind = MODEL_BOOL; break;
	case LANG_VAL_STR: v->kind = MODEL_STR; break;
	default: v->kind = MODEL_NONE; v->i = 0; break;
	}
}

/* An opening list, tuple or dict on the heap h, *out; the objects among
 * its items (pairs = [(1, 2), (3, 4)]) made first, each its own. */
static bool
opening_object(const struct lang_program *prog, struct model_heap *h,
    enum lang_object_kind kind, const struct lang_value *items, int n,
    struct model_value *out, char *err, size_t errsize)
{
	struct model_value v[LANG_MAX_HEAP_ITEMS];
	int k;

	if (n > LANG_MAX_HEAP_ITEMS) {	/* the compiler's fits_heap says no first */
		snprintf(err, errsize, "internal error: an opening object of %d items", n);
		return false;
	}
	for (k = 0; k < n; k++) {
		const struct lang_object *o = items[k].kind == LANG_VAL_OBJECT ?
		    &prog->objects[items[k].i] : NULL;

		if (o == NULL)
			from_const(&v[k], &items[k]);
		else if (!opening_object(prog, h, o->kind, o->items, o->nitems, &v[k], err,
		    errsize))
			return false;
	}
	return model_heap_new_object(h, kind == LANG_OBJ_LIST ? MODEL_LIST : kind ==
	    LANG_OBJ_TUPLE ? MODEL_TUPLE : MODEL_DICT, v, n, out, err, errsize);
}

static void
init_prim(const struct model *m, struct model_prim *p, const struct lang_shared *s,
    const struct lang_prim_init *pi)
{
	p->type = (int32_t)s->prim;
	p->owner = -1;
	p->lock = -1;
	switch (s->prim) {
	case LANG_PRIM_SEMAPHORE:
	case LANG_PRIM_BSEMAPHORE:
		p->count = pi->value;
		p->limit = pi->value;
		break;
	case LANG_PRIM_BARRIER:
	case LANG_PRIM_QUEUE:
		p->limit = pi->value;
		break;
	case LANG_PRIM_CONDITION:
		if (pi->lock_shared >= 0)
			p->lock = m->prim_base[pi->lock_shared] + pi->lock_elem;
		break;
	case LANG_PRIM_LOCK:
	case LANG_PRIM_RLOCK:
	case LANG_PRIM_EVENT:
	case LANG_PRIM_RWLOCK:
	case LANG_PRIM_COUNT:
		break;
	}
}

struct model_state *
model_state_new(const struct model *m, int max_steps)
{
	const struct lang_program *prog = m->prog;
	struct model_state *st = xcalloc(1, sizeof(*st) + m->data_size);
	struct model_thread *threads;
	struct model_prim *prims;
	struct model_value *values;
	size_t i;
	int k;

	st->m = m;
	st->max_steps = max_steps > 0 ? (uint32_t)max_steps : MODEL_DEFAULT_MAX_STEPS;
	st->verdict.kind = MODEL_RUNNING;
	st->verdict.thread = -1;
	st->verdict.expect = -1;
	threads = state_threads(st);
	prims = state_prims(st);
	values = state_values(st);
	for (i = 0; i < m->nthreads; i++) {
		threads[i].status = MODEL_T_NEW;
		threads[i].pending.op = LANG_OP_END;
		threads[i].pending.target = -1;
		threads[i].pending.func = -1;
	}
	for (i = 0; i < prog->nshared; i++) {
		const struct lang_shared *s = &prog->shared[i];

		for (k = 0; k < s->length; k++) {
			if (m->element_base[i] >= 0)
				from_const(&values[m->element_base[i] + k], &s->init[k]);
			else
				init_prim(m, &prims[m->prim_base[i] + k], s, &s->prim_init[k]);
		}
	}
	/* Shared lists and tuples, made in the order they are declared. */
	for (i = 0; i < prog->nshared; i++) {
		const struct lang_shared *s = &prog->shared[i];
		struct model_heap h;
		char err[160];

		if (s->object == LANG_OBJ_NONE)
			continue;
		state_heap(st, &h);
		if (!opening_object(prog, &h, s->object, s->items, s->nitems,
		    &values[m->element_base[i]], err, sizeof(err)))
			model_fail(st, MODEL_RUNTIME_ERROR, -1, (int)s->loc.line, "%s", err);
		else
			model_heap_publish(&h, &values[m->element_base[i]]);
	}
	/* A Condition without a lock of its own gets a hidden RLock: the
	 * primitive itself doubles as that lock (owner, depth). */
	for (i = 0; i < m->nprims; i++)
		if (prims[i].type == LANG_PRIM_CONDITION && prims[i].lock < 0)
			prims[i].lock = (int32_t)i;
	st->hb = model_hb_new(m);
	return st;
}

void
model_state_free(struct model_state *st)
{
	if (st == NULL)
		return;
	model_hb_free(st->m, st->hb);
	free(st->frozen);
	free(st);
}

struct model_state *
model_state_clone(const struct model_state *st)
{
	size_t size = sizeof(*st) + st->m->data_size;
	struct model_state *copy = xmalloc(size);

	memcpy(copy, st, size);
	copy->hb = model_hb_clone(st->m, st->hb);
	copy->frozen = NULL;
	copy->frames = NULL;
	return copy;
}

void
model_frame_init(const struct model *m, int thread, struct model_frame *frame)
{
	int i;

	memset(frame, 0, m->frame_size[thread]);
	frame->func = -1;
	for (i = 0; i < m->frame_slots[thread]; i++)
		frame->slots[i].kind = MODEL_UNSET;
}

const struct model_verdict *
model_verdict(const struct model_state *st)
{
	return &st->verdict;
}

uint32_t
model_steps(const struct model_state *st)
{
	return st->steps;
}

const struct model_thread *
model_thread(const struct model_state *st, int t)
{
	return &state_threads((struct model_state *)st)[t];
}

const struct model_prim *
model_prim(const struct model_state *st, int p)
{
	return &state_prims((struct model_state *)st)[p];
}

/* An object is frozen into its repr (MODEL_REPR), kept beside the state:
 * what the caller keeps must not refer to a heap that moves on. */
const struct model_value *
model_element_value(const struct model_state *st, int e)
{
	struct model_state *w = (struct model_state *)st;
	const struct model_value *v = &state_values(w)[e];

	if (!model_value_is_object(v))
		return v;
	if (w->frozen == NULL)
		w->frozen = xcalloc(st->m->nelements, sizeof(*w->frozen));
	w->frozen[e] = model_state_freeze(st, v);
	return &w->frozen[e];
}

const struct model_value *
model_element_raw(const struct model_state *st, int e)
{
	return &state_values((struct model_state *)st)[e];
}

bool
model_state_copy_heap(const struct model_state *st, struct model_heap *h)
{
	struct model_heap from;

	if (st->m->heap_objs == 0 || h->nobjs < st->m->heap_objs ||
	    h->ncells < st->m->heap_cells)
		return false;
	state_heap(st, &from);
	memset(h->objs, 0, (size_t)h->nobjs * sizeof(*h->objs));
	memset(h->cells, 0, (size_t)h->ncells * sizeof(*h->cells));
	memcpy(h->objs, from.objs, (size_t)from.nobjs * sizeof(*h->objs));
	memcpy(h->cells, from.cells, (size_t)from.ncells * sizeof(*h->cells));
	return true;
}

struct model_value
model_state_freeze(const struct model_state *st, const struct model_value *v)
{
	struct model_heap h;

	state_heap(st, &h);
	return model_heap_freeze(&h, st->m->strings, v);
}

int
model_object_name(const struct model_state *st, const struct model_value *obj,
    char *buf, size_t size)
{
	const struct model_value *values = state_values((struct model_state *)st);
	struct model_heap h;
	char name[64];
	size_t e;
	int i, n;

	state_heap(st, &h);
	for (e = 0; e < st->m->nelements; e++)
		if (model_value_is_object(&values[e]) && values[e].i == obj->i) {
			model_element_name(st->m, (int)e, buf, size);
			return (int)e;
		}
	for (e = 0; e < st->m->nelements; e++) {
		if (!model_value_is_object(&values[e]))
			continue;
		n = model_heap_len(&h, &values[e]);
		for (i = 0; i < n; i++) {
			struct model_value x = model_heap_item(&h, &values[e], i);

			if (model_value_is_object(&x) && x.i == obj->i) {
				model_element_name(st->m, (int)e, name, sizeof(name));
				snprintf(buf, size, "%s[%d]", name, i);
				return (int)e;
			}
		}
	}
	snprintf(buf, size, "a shared %s", obj->kind == MODEL_LIST ? "list" : "tuple");
	return -1;
}

void
model_state_set_frames(struct model_state *st, struct model_frame **frames)
{
	st->frames = frames;
}

void
model_state_collect(struct model_state *st, struct model_frame **frames)
{
	const struct model *m = st->m;
	const struct model_value *thread_roots[LANG_MAX_THREADS];
	size_t nthread[LANG_MAX_THREADS], t;
	struct model_heap_roots roots;
	struct model_heap h;

	if (st->frames != NULL)
		frames = st->frames;
	if (m->heap_objs == 0 || frames == NULL)
		return;
	/* the shared values, then the queue rings, are one run of values */
	roots.shared = state_values(st);
	roots.nshared = (m->off_heap - m->off_values) / sizeof(struct model_value);
	for (t = 0; t < m->nthreads; t++) {
		/* a thread not yet entered has no frame (lazythreads) and holds
		 * nothing; an entered one's every slot counts, whatever calls it
		 * is in */
		if (!state_thread(st, (int)t)->entered) {
			thread_roots[t] = roots.shared;
			nthread[t] = 0;
			continue;
		}
		thread_roots[t] = frames[t] != NULL ? frames[t]->slots : NULL;
		nthread[t] = (size_t)m->frame_slots[t];
	}
	roots.thread = thread_roots;
	roots.nthread = nthread;
	roots.nthreads = (int)m->nthreads;
	state_heap(st, &h);
	model_heap_collect(&h, &roots);
}

const struct model_value *
model_queue_item(const struct model_state *st, int p, int i)
{
	return &state_queue((struct model_state *)st, p)[i];
}

size_t
model_nraces(const struct model_state *st)
{
	return st->nraces;
}

const struct model_race *
model_race(const struct model_state *st, size_t i)
{
	return &st->races[i];
}

size_t
model_state_npieces(const struct model *m)
{
	return 2 + model_hb_npieces(m);
}

void
model_state_pieces(struct model_state *st, struct model_piece *pieces)
{
	pieces[0].at = st->data;
	pieces[0].words = st->m->data_size / 4;
	pieces[1].at = &st->steps;
	pieces[1].words = 1;
	model_hb_pieces(st->m, st->hb, pieces + 2);
}

void
model_state_resume(struct model_state *st)
{
	st->verdict.kind = MODEL_RUNNING;
	st->verdict.thread = -1;
	st->verdict.line = 0;
	st->verdict.expect = -1;
	st->verdict.uncaught = 0;
	st->verdict.message[0] = '\0';
	st->nraces = 0;
}

/* The state's pieces, in an array the caller frees. */
static struct model_piece *
all_pieces(struct model_state *st)
{
	struct model_piece *pieces = xcalloc(model_state_npieces(st->m), sizeof(*pieces));

	model_state_pieces(st, pieces);
	return pieces;
}

/* Packed: the pieces, end to end. */
size_t
model_state_packed_size(struct model_state *st)
{
	struct model_piece *pieces = all_pieces(st);
	size_t i, words = 0;

	for (i = 0; i < model_state_npieces(st->m); i++)
		words += pieces[i].words;
	free(pieces);
	return words * 4;
}

void
model_state_pack(struct model_state *st, void *buf)
{
	struct model_piece *pieces = all_pieces(st);
	unsigned char *to = buf;
	size_t i;

	for (i = 0; i < model_state_npieces(st->m); to += pieces[i++].words * 4)
		memcpy(to, pieces[i].at, pieces[i].words * 4);
	free(pieces);
}

void
model_state_unpack(struct model_state *st, const void *buf)
{
	struct model_piece *pieces = all_pieces(st);
	const unsigned char *from = buf;
	size_t i;

	for (i = 0; i < model_state_npieces(st->m); from += pieces[i++].words * 4)
		memcpy(pieces[i].at, from, pieces[i].words * 4);
	free(pieces);
	model_state_resume(st);
}

const char *
model_output(const struct model_state *st)
{
	int64_t id = model_output_id(st);

	return id < 0 ? "" : model_strings_get(st->m->strings, id);
}

int64_t
model_output_id(const struct model_state *st)
{
	if (!st->m->prints)
		return -1;
	return *(const int64_t *)(const void *)(st->data + st->m->off_output) - 1;
}

size_t
model_output_append(char *so_far, size_t len, const char *line)
{
	size_t n = strlen(line), room;

	if (len > MODEL_OUTPUT_MAX)
		return len;		/* cut already: later prints add nothing */
	if (len + n <= MODEL_OUTPUT_MAX) {
		memcpy(so_far + len, line, n + 1);
		return len + n;
	}
	/* cut at the limit, on a character's first byte */
	room = MODEL_OUTPUT_MAX - len;
	while (room > 0 && ((unsigned char)line[room] & 0xc0) == 0x80)
		room--;
	memcpy(so_far + len, line, room);
	len += room;
	if (len > 0 && so_far[len - 1] != '\n')
		so_far[len++] = '\n';
	memcpy(so_far + len, MODEL_OUTPUT_CUT, sizeof(MODEL_OUTPUT_CUT));
	return len + sizeof(MODEL_OUTPUT_CUT) - 1;
}

/* A print step: the output so far becomes itself and line. */
void
model_output_add(struct model_state *st, const char *line)
{
	char so_far[MODEL_OUTPUT_ROOM];
	size_t len;

	if (!st->m->prints || line[0] == '\0')
		return;
	len = strlen(model_output(st));
	memcpy(so_far, model_output(st), len + 1);
	len = model_output_append(so_far, len, line);
	*state_output(st) = 1 + model_strings_intern(st->m->strings, so_far, len);
}

const void *
model_state_bytes(const struct model_state *st, size_t *len)
{
	*len = st->m->data_size;
	return st->data;
}

const struct lang_code *
model_frame_code(const struct model *m, int t, const struct model_frame *frame)
{
	return lang_code_of(m->prog, m->prog->threads[t].group, frame->func);
}

const struct model_value *
model_frame_local(const struct model *m, int t, const struct model_frame *frame, int i)
{
	return &frame->slots[frame->base + model_frame_code(m, t, frame)->max_stack + i];
}

int
model_frame_pc(const struct model_frame *frame)
{
	return frame->pc;
}

int
model_frame_func(const struct model_frame *frame)
{
	return frame->func;
}

int
model_frame_depth(const struct model_frame *frame)
{
	return frame->depth;
}

void
model_frame_caller(const struct model *m, int t, const struct model_frame *frame,
    int i, int *func, int *pc)
{
	const struct model_call *c = frame_calls(m, t, (struct model_frame *)frame) +
	    (frame->depth - 1 - i);

	*func = c->func;
	*pc = c->pc - 1;
}

const struct model_value *
model_frame_caller_local(const struct model *m, int t, const struct model_frame *frame,
    int i, int slot)
{
	const struct model_call *c = frame_calls(m, t, (struct model_frame *)frame) +
	    (frame->depth - 1 - i);

	return &frame->slots[c->base + lang_code_of(m->prog, m->prog->threads[t].group,
	    c->func)->max_stack + slot];
}

const struct model_value *
model_frame_stack(const struct model_frame *frame, int depth)
{
	return depth >= 0 && depth < frame->sp ?
	    &frame->slots[frame->base + frame->sp - 1 - depth] : NULL;
}

bool
model_holds_lock(const struct model_state *st, int t)
{
	size_t p;

	for (p = 0; p < st->m->nprims; p++) {
		const struct model_prim *prim = state_prim(st, (int)p);

		if (prim->owner == t || tset_has(&prim->readers, t))
			return true;
	}
	return false;
}
