#include "config.h"

#include "explore/graph.h"

#include <stdlib.h>
#include <string.h>

#include "explore/internal.h"
#include "explore/store.h"
#include "util/xalloc.h"

static void
pack(const struct graph *g, unsigned char *out)
{
	size_t i;

	for (i = 0; i < g->npieces; out += g->pieces[i++].words * 4)
		memcpy(out, g->pieces[i].at, g->pieces[i].words * 4);
}

static void
restore(struct graph *g, uint32_t id)
{
	const unsigned char *in = g->bytes + (size_t)id * g->state_bytes;
	size_t i;

	for (i = 0; i < g->npieces; in += g->pieces[i++].words * 4)
		memcpy(g->pieces[i].at, in, g->pieces[i].words * 4);
	model_state_resume(g->st);
}

static void
grow_table(struct graph *g)
{
	size_t cap = g->table_cap * 2, i, k;
	uint32_t *table = xcalloc(cap, sizeof(*table));

	for (i = 0; i < g->n; i++) {
		uint64_t h;

		if (g->v[i].end != GRAPH_NONE)
			continue;
		h = store_hash(g->bytes + i * g->state_bytes, g->key_bytes);
		for (k = h & (cap - 1); table[k] != 0; k = (k + 1) & (cap - 1))
			;
		table[k] = (uint32_t)i + 1;
	}
	free(g->table);
	g->table = table;
	g->table_cap = cap;
}

/* A new vertex for the state in g->scratch. */
static uint32_t
add_vertex(struct graph *g, uint32_t parent, int thread, int choice)
{
	struct graph_vertex *v;

	if (g->n == g->cap) {
		g->v = xgrow(g->v, &g->cap, g->n + 1, sizeof(*g->v));
		g->bytes = xrealloc(g->bytes, g->cap * g->state_bytes);
	}
	memcpy(g->bytes + g->n * g->state_bytes, g->scratch, g->state_bytes);
	v = &g->v[g->n];
	memset(v, 0, sizeof(*v));
	v->parent = parent;
	v->thread = (uint16_t)thread;
	v->choice = (uint16_t)choice;
	v->end = GRAPH_NONE;
	return (uint32_t)g->n++;
}

/* The vertex of the state in g->scratch, added (reached by thread's step
 * from parent) if it is new. */
static uint32_t
vertex_of(struct graph *g, uint32_t parent, int thread, int choice)
{
	uint64_t h = store_hash(g->scratch, g->key_bytes);
	size_t k, mask = g->table_cap - 1;

	for (k = h & mask; g->table[k] != 0; k = (k + 1) & mask)
		if (memcmp(g->bytes + (size_t)(g->table[k] - 1) * g->state_bytes, g->scratch,
		    g->key_bytes) == 0)
			return g->table[k] - 1;
	g->table[k] = (uint32_t)g->n + 1;
	add_vertex(g, parent, thread, choice);
	if (g->n * 2 > g->table_cap)
		grow_table(g);
	return (uint32_t)g->n - 1;
}

static void
add_edge(struct graph *g, uint32_t from, uint32_t to, int thread, int choice)
{
	g->e = xgrow(g->e, &g->ecap, g->ne + 1, sizeof(*g->e));
	g->e[g->ne].from = from;
	g->e[g->ne].to = to;
	g->e[g->ne].thread = (uint16_t)thread;
	g->e[g->ne].choice = (uint16_t)choice;
	g->ne++;
}

static void
graph_init(struct graph *g, struct explore_job *job)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	g->job = job;
	g->frames = xcalloc(job->frames_size + 1, 1);
	g->frame_ptrs = xcalloc((size_t)job->nthreads + 1, sizeof(*g->frame_ptrs));
	g->st = explore_job_start(job, g->frames, g->frame_ptrs);
	g->pieces = xcalloc(1 + model_state_npieces(job->m), sizeof(*g->pieces));
	g->pieces[0].at = g->frames;
	g->pieces[0].words = job->frames_size / 4;
	model_state_pieces(g->st, g->pieces + 1);
	/* the frames, the hashed region, the step count and the order of
	 * Condition waiters: all that decides where a step leads.  Not the
	 * happens-before clocks, which only tell races (the search's), and
	 * which each step goes on from whatever they hold. */
	g->npieces = 3;
	g->key_bytes = (g->pieces[0].words + g->pieces[1].words) * 4;
	for (i = 0; i < g->npieces; i++)
		g->state_bytes += g->pieces[i].words * 4;
	g->scratch = xmalloc(g->state_bytes + 1);
	g->table_cap = 1024;
	g->table = xcalloc(g->table_cap, sizeof(*g->table));
}

/* A terminal vertex for the run that just ended in g->st, reached by
 * thread's step from parent: one of its own. */
static uint32_t
terminal_vertex(struct graph *g, uint32_t parent, int thread, int choice)
{
	struct graph_end *end;
	uint32_t id;

	g->ends = xgrow(g->ends, &g->ends_cap, g->nends + 1, sizeof(*g->ends));
	end = &g->ends[g->nends];
	end->verdict = *model_verdict(g->st);
	end->shared = xcalloc(tally_key_size(g->job->m) + 1, sizeof(*end->shared));
	tally_key(g->job->m, g->st, end->shared);
	id = add_vertex(g, parent, thread, choice);
	g->v[id].end = (uint32_t)g->nends++;
	return id;
}

bool
graph_build(struct graph *g, struct explore_job *job, size_t max_states)
{
	uint32_t id;
	int t, c, nt = job->nthreads;

	graph_init(g, job);
	pack(g, g->scratch);
	if (model_verdict(g->st)->kind != MODEL_RUNNING)
		terminal_vertex(g, GRAPH_NONE, 0, 0);
	else
		vertex_of(g, GRAPH_NONE, 0, 0);
	for (id = 0; id < g->n; id++) {
		/* the search's own bounds hold for the graph too */
		if (g->n > max_states || atomic_load(&job->stop) != EXPLORE_BOUND_NONE ||
		    (job->opt->max_states != 0 && g->n > job->opt->max_states) ||
		    (job->opt->max_memory != 0 &&
		    (uint64_t)g->cap * g->state_bytes > job->opt->max_memory))
			return false;
		if (id % 1024 == 0)
			explore_job_tick(job, job->states, job->executions, job->depth);
		g->v[id].first = (uint32_t)g->ne;
		if (g->v[id].end != GRAPH_NONE)
			continue;
		restore(g, id);
		for (t = 0; t < nt; t++)
			if (model_enabled(g->st, t))
				g->v[id].enabled |= (uint64_t)1 << t;
		for (t = 0; t < nt; t++) {
			int choices;

			if (!((g->v[id].enabled >> t) & 1))
				continue;
			choices = model_choices(g->st, t);
			for (c = 0; c < choices; c++) {
				uint32_t to;

				restore(g, id);
				model_step(g->st, g->frame_ptrs, t, c, NULL);
				if (model_verdict(g->st)->kind != MODEL_RUNNING) {
					to = terminal_vertex(g, id, t, c);
				} else {
					pack(g, g->scratch);
					to = vertex_of(g, id, t, c);
				}
				add_edge(g, id, to, t, c);
			}
		}
		g->v[id].count = (uint32_t)g->ne - g->v[id].first;
	}
	return true;
}

void
graph_free(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->nends; i++)
		free(g->ends[i].shared);
	free(g->ends);
	model_state_free(g->st);
	free(g->frames);
	free(g->frame_ptrs);
	free(g->pieces);
	free(g->scratch);
	free(g->bytes);
	free(g->v);
	free(g->e);
	free(g->table);
}

