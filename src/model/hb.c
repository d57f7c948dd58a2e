/* hb.c - happens-before by vector clocks, and the data races it reveals.
 *
 * Each thread has a vector clock, ticked at each of its steps.  Each
 * primitive has up to HB_CLOCKS clocks that releases merge into and
 * acquires join from (a Queue's MAIN carries put -> get, its SECOND
 * task_done -> join; a Condition's SECOND notify -> wake; a Barrier's MAIN
 * gathers a generation's arrivals and SECOND holds the completed one).
 * Atomic blocks are ordered with each other as if by one global lock.
 *
 * Each shared element remembers its last write and, per thread, the last
 * read since that write (FastTrack's idea without its epoch compression).
 * An access races with an earlier one from another thread when that one is
 * not before it: the writer's clock entry is newer than what this thread
 * has seen of the writer.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"
#include "util/xalloc.h"

struct hb_access {
	uint32_t clock;		/* 0: none */
	uint32_t step;
	int32_t line;
};

struct hb_element {
	int32_t write_thread;		/* -1: never written by a thread */
	struct hb_access write;
	struct hb_access *reads;	/* nthreads, or NULL before any read */
};

struct model_hb {
	size_t n;			/* threads */
	uint32_t *clocks;		/* one block: the three below, end to end */
	size_t nclocks;
	uint32_t *threads;		/* n x n */
	uint32_t *prims;		/* nprims x HB_CLOCKS x n */
	uint32_t *atomic;		/* n */
	struct hb_element *elements;
};

static uint32_t *
vc_thread(struct model_hb *hb, int t)
{
	return hb->threads + (size_t)t * hb->n;
}

static uint32_t *
vc_prim(struct model_hb *hb, int p, enum hb_clock c)
{
	return hb->prims + ((size_t)p * HB_CLOCKS + c) * hb->n;
}

static void
vc_join(uint32_t *into, const uint32_t *from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (from[i] > into[i])
			into[i] = from[i];
}

static void
point_clocks(const struct model *m, struct model_hb *hb)
{
	hb->threads = hb->clocks;
	hb->prims = hb->threads + hb->n * hb->n;
	hb->atomic = hb->prims + m->nprims * HB_CLOCKS * hb->n;
}

struct model_hb *
model_hb_new(const struct model *m)
{
	struct model_hb *hb = xcalloc(1, sizeof(*hb));
	size_t i, n = m->nthreads ? m->nthreads : 1;

	hb->n = n;
	hb->nclocks = n * n + m->nprims * HB_CLOCKS * n + n;
	hb->clocks = xcalloc(hb->nclocks, sizeof(uint32_t));
	point_clocks(m, hb);
	hb->elements = xcalloc(m->naccess ? m->naccess : 1, sizeof(*hb->elements));
	for (i = 0; i < m->naccess; i++)
		hb->elements[i].write_thread = -1;
	return hb;
}

struct model_hb *
model_hb_clone(const struct model *m, const struct model_hb *hb)
{
	struct model_hb *c = xmalloc(sizeof(*c));
	size_t n = hb->n, i;

	c->n = n;
	c->nclocks = hb->nclocks;
	c->clocks = xmalloc(hb->nclocks * sizeof(uint32_t));
	memcpy(c->clocks, hb->clocks, hb->nclocks * sizeof(uint32_t));
	point_clocks(m, c);
	c->elements = xmalloc((m->naccess ? m->naccess : 1) * sizeof(*c->elements));
	memcpy(c->elements, hb->elements, m->naccess * sizeof(*c->elements));
	for (i = 0; i < m->naccess; i++) {
		if (hb->elements[i].reads == NULL)
			continue;
		c->elements[i].reads = xmalloc(n * sizeof(struct hb_access));
		memcpy(c->elements[i].reads, hb->elements[i].reads,
		    n * sizeof(struct hb_access));
	}
	return c;
}

void
model_hb_free(const struct model *m, struct model_hb *hb)
{
	size_t i;

	if (hb == NULL)
		return;
	for (i = 0; i < m->naccess; i++)
		free(hb->elements[i].reads);
	free(hb->elements);
	free(hb->clocks);
	free(hb);
}

_Static_assert(offsetof(struct hb_element, write) == sizeof(int32_t) &&
    sizeof(struct hb_access) == 12, "write_thread and write are one piece of words");

size_t
model_hb_npieces(const struct model *m)
{
	return 1 + 2 * m->naccess;
}

void
model_hb_pieces(const struct model *m, struct model_hb *hb, struct model_piece *pieces)
{
	size_t i;

	pieces[0].at = hb->clocks;
	pieces[0].words = hb->nclocks;
	for (i = 0; i < m->naccess; i++) {
		struct hb_element *e = &hb->elements[i];
		struct model_piece *p = pieces + 1 + 2 * i;

		/* all-zero reads mean what none do */
		if (e->reads == NULL)
			e->reads = xcalloc(hb->n, sizeof(*e->reads));
		p[0].at = &e->write_thread;
		p[0].words = (sizeof(e->write_thread) + sizeof(e->write)) / 4;
		p[1].at = e->reads;
		p[1].words = hb->n * sizeof(*e->reads) / 4;
	}
}

void
model_hb_tick(struct model_state *st, int t)
{
	vc_thread(st->hb, t)[t]++;
}

static void
report(struct model_state *st, int element, int first_thread,
    const struct hb_access *first, bool first_write, int t, int line, bool write)
{
	struct model_race *r;
	size_t i;

	for (i = 0; i < st->nraces; i++) {
		r = &st->races[i];
		if (r->element == element && r->first_line == first->line &&
		    r->second_line == line && r->first_is_write == first_write &&
		    r->second_is_write == write)
			return;
	}
	if (st->nraces == MODEL_MAX_RACES)
		return;
	r = &st->races[st->nraces++];
	r->element = element;
	r->first_thread = first_thread;
	r->second_thread = t;
	r->first_step = first->step;
	r->second_step = st->steps;
	r->first_line = first->line;
	r->second_line = line;
	r->first_is_write = first_write;
	r->second_is_write = write;
}

void
model_hb_access(struct model_state *st, int t, int element, bool write, int line)
{
	struct model_hb *hb = st->hb;
	struct hb_element *e = &hb->elements[element];
	const uint32_t *vc = vc_thread(hb, t);
	size_t u;

	if (e->write_thread >= 0 && e->write_thread != t &&
	    e->write.clock > vc[e->write_thread])
		report(st, element, e->write_thread, &e->write, true, t, line, write);
	if (write && e->reads != NULL)
		for (u = 0; u < hb->n; u++)
			if ((int)u != t && e->reads[u].clock != 0 &&
			    e->reads[u].clock > vc[u])
				report(st, element, (int)u, &e->reads[u], false, t, line, true);
	if (write) {
		e->write_thread = t;
		e->write.clock = vc[t];
		e->write.step = st->steps;
		e->write.line = line;
		if (e->reads != NULL)
			memset(e->reads, 0, hb->n * sizeof(*e->reads));
		return;
	}
	if (e->reads == NULL)
		e->reads = xcalloc(hb->n, sizeof(*e->reads));
	e->reads[t].clock = vc[t];
	e->reads[t].step = st->steps;
	e->reads[t].line = line;
}

void
model_hb_release(struct model_state *st, int t, int prim, enum hb_clock c, bool merge)
{
	uint32_t *sync = vc_prim(st->hb, prim, c);

	if (!merge)
		memset(sync, 0, st->hb->n * sizeof(uint32_t));
	vc_join(sync, vc_thread(st->hb, t), st->hb->n);
}

void
model_hb_acquire(struct model_state *st, int t, int prim, enum hb_clock c)
{
	vc_join(vc_thread(st->hb, t), vc_prim(st->hb, prim, c), st->hb->n);
}

void
model_hb_barrier_complete(struct model_state *st, int prim)
{
	size_t bytes = st->hb->n * sizeof(uint32_t);

	memcpy(vc_prim(st->hb, prim, HB_SIGNAL_TO_WAITER),
	    vc_prim(st->hb, prim, HB_RELEASE_TO_ACQUIRE), bytes);
	memset(vc_prim(st->hb, prim, HB_RELEASE_TO_ACQUIRE), 0, bytes);
}

void
model_hb_atomic_begin(struct model_state *st, int t)
{
	vc_join(vc_thread(st->hb, t), st->hb->atomic, st->hb->n);
}

void
model_hb_atomic_end(struct model_state *st, int t)
{
	vc_join(st->hb->atomic, vc_thread(st->hb, t), st->hb->n);
}

void
model_hb_start(struct model_state *st, int parent, int child)
{
	vc_join(vc_thread(st->hb, child), vc_thread(st->hb, parent), st->hb->n);
}

void
model_hb_join(struct model_state *st, int t, int child)
{
	vc_join(vc_thread(st->hb, t), vc_thread(st->hb, child), st->hb->n);
}

static int
compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Value v's rank among the sorted distinct values (0 stays 0). */
static uint32_t
rank_of(const uint32_t *sorted, size_t n, uint32_t v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sorted[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

void
model_hb_canonical(struct model_state *st)
{
	struct model_hb *hb = st->hb;
	size_t n = hb->n, nvec = hb->nclocks / n, ne = st->m->naccess, j, k, count, i;
	uint32_t *vals = xcalloc(nvec + 2 * ne + 2, sizeof(*vals));

	for (j = 0; j < n; j++) {
		count = 0;
		vals[count++] = 0;
		for (k = 0; k < nvec; k++)
			vals[count++] = hb->clocks[k * n + j];
		for (i = 0; i < ne; i++) {
			struct hb_element *e = &hb->elements[i];

			if (e->write_thread == (int32_t)j)
				vals[count++] = e->write.clock;
			if (e->reads != NULL)
				vals[count++] = e->reads[j].clock;
		}
		qsort(vals, count, sizeof(*vals), compare_u32);
		for (i = 1, k = 1; i < count; i++)
			if (vals[i] != vals[k - 1])
				vals[k++] = vals[i];
		count = k;
		for (k = 0; k < nvec; k++)
			hb->clocks[k * n + j] = rank_of(vals, count, hb->clocks[k * n + j]);
		for (i = 0; i < ne; i++) {
			struct hb_element *e = &hb->elements[i];

			if (e->write_thread == (int32_t)j)
				e->write.clock = rank_of(vals, count, e->write.clock);
			if (e->reads != NULL)
				e->reads[j].clock = rank_of(vals, count, e->reads[j].clock);
		}
	}
	for (i = 0; i < ne; i++) {
		struct hb_element *e = &hb->elements[i];

		e->write.step = 0;
		if (e->reads != NULL)
			for (j = 0; j < n; j++)
				e->reads[j].step = 0;
	}
	free(vals);
}

/* Cells of the heap moved: n opened at cell at (the records from there
 * move up, the opened ones are empty), or n closed there (the records
 * after them move down, the freed ones at the end are emptied).  Rotating
 * keeps every reads array owned exactly once. */
void
model_hb_heap_moved(void *state, int at, int n, bool open)
{
	struct model_state *st = state;
	struct model_hb *hb = st->hb;
	struct hb_element *base, *cut, *tmp;
	size_t len = (size_t)(st->m->heap_cells - at), k = (size_t)n, i;

	if (hb == NULL || k == 0 || len == 0)
		return;	/* no history yet: the declared lists being made */
	base = hb->elements + st->m->nelements + at;
	tmp = xmalloc(k * sizeof(*tmp));
	if (open) {
		memcpy(tmp, base + len - k, k * sizeof(*tmp));
		memmove(base + k, base, (len - k) * sizeof(*base));
		memcpy(base, tmp, k * sizeof(*tmp));
		cut = base;
	} else {
		memcpy(tmp, base, k * sizeof(*tmp));
		memmove(base, base + k, (len - k) * sizeof(*base));
		memcpy(base + len - k, tmp, k * sizeof(*tmp));
		cut = base + len - k;
	}
	free(tmp);
	for (i = 0; i < k; i++) {
		cut[i].write_thread = -1;
		memset(&cut[i].write, 0, sizeof(cut[i].write));
		if (cut[i].reads != NULL)
			memset(cut[i].reads, 0, hb->n * sizeof(*cut[i].reads));
	}
}
