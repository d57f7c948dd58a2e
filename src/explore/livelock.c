/* livelock.c - a reachable cycle the threads can go round forever, fairly.
 *
 * A livelock is a cycle of steps, reachable from the start, that the
 * threads can repeat forever although none of them is blocked for good:
 * two polite threads that each raise a flag, see the other's, lower it
 * and try again.  Only a fair cycle counts (weak fairness, as Spin's -f):
 * every thread that is enabled in every state of the cycle takes a step
 * in it.  A thread spinning while another that could run never does is
 * the scheduler's unfairness, not a bug of the program, and is no
 * verdict.  No thread finishes on a cycle: finishing cannot be undone.
 *
 * The exhaustive search prunes steps (sleep sets) and keeps no edges, so
 * this is a search of its own, of every step: the whole state graph,
 * breadth first (so each state keeps a shortest schedule to it), with its
 * edges.  Then its strongly connected components (Tarjan).  A component
 * with a step inside it holds a fair cycle exactly when every thread
 * either takes a step inside it or is disabled in one of its states: a
 * walk round the whole component is then fair, and if some thread is
 * enabled in all of its states and never steps inside it, no cycle in it
 * lets that thread step.  The lasso reported is a shortest schedule to
 * the component, then a walk round it that takes such a step of each
 * thread and passes such a state, and comes back.
 *
 * Only a scenario with a loop can have a cycle (depend_has_loops); the
 * graph is bounded (LIVELOCK_MAX_STATES), and a graph too big to finish
 * leaves the question open, which the result says.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "explore/depend.h"
#include "explore/internal.h"
#include "explore/store.h"
#include "util/xalloc.h"

#define LIVELOCK_MAX_STATES 2000000
#define NONE UINT32_MAX

struct edge {
	uint32_t from, to;
	uint16_t thread, choice;
};

struct vertex {
	uint64_t enabled;	/* threads enabled in it */
	uint32_t first, count;	/* its edges */
	uint32_t parent;	/* on a shortest schedule to it, or NONE */
	uint16_t thread, choice;	/* the step from the parent */
};

struct graph {
	const struct explore_job *job;
	struct model_state *st;
	unsigned char *frames;
	struct model_frame **frame_ptrs;
	struct model_piece *pieces;	/* the frames, then the model's */
	size_t npieces;
	size_t key_bytes, state_bytes;	/* packed; the key first */
	unsigned char *bytes;		/* every vertex's state, packed */
	unsigned char *scratch;		/* a state being packed */
	struct vertex *v;
	size_t n, cap;
	struct edge *e;
	size_t ne, ecap;
	uint32_t *table;		/* vertex + 1, or 0 */
	size_t table_cap;
};

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
		uint64_t h = store_hash(g->bytes + i * g->state_bytes, g->key_bytes);

		for (k = h & (cap - 1); table[k] != 0; k = (k + 1) & (cap - 1))
			;
		table[k] = (uint32_t)i + 1;
	}
	free(g->table);
	g->table = table;
	g->table_cap = cap;
}

/* The vertex of the state in g->scratch, added (reached by thread's step
 * from parent) if it is new. */
static uint32_t
vertex_of(struct graph *g, uint32_t parent, int thread, int choice)
{
	uint64_t h = store_hash(g->scratch, g->key_bytes);
	size_t k, mask = g->table_cap - 1;
	struct vertex *v;

	for (k = h & mask; g->table[k] != 0; k = (k + 1) & mask)
		if (memcmp(g->bytes + (size_t)(g->table[k] - 1) * g->state_bytes, g->scratch,
		    g->key_bytes) == 0)
			return g->table[k] - 1;
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
	g->table[k] = (uint32_t)g->n + 1;
	g->n++;
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

/* Every state a step can reach, breadth first, with every step between
 * two of them that does not end the run; false if it grew too big or the
 * search was stopped. */
static bool
build(struct graph *g)
{
	struct explore_job *job = (struct explore_job *)g->job;
	uint32_t id;
	int t, c, nt = job->nthreads;

	pack(g, g->scratch);
	vertex_of(g, NONE, 0, 0);
	for (id = 0; id < g->n; id++) {
		if (g->n > LIVELOCK_MAX_STATES || atomic_load(&job->stop) != EXPLORE_BOUND_NONE)
			return false;
		if (id % 1024 == 0)
			explore_job_tick(job, job->states, job->executions, job->depth);
		restore(g, id);
		g->v[id].first = (uint32_t)g->ne;
		if (model_verdict(g->st)->kind != MODEL_RUNNING)
			continue;
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
				if (model_verdict(g->st)->kind != MODEL_RUNNING)
					continue;
				pack(g, g->scratch);
				to = vertex_of(g, id, t, c);
				add_edge(g, id, to, t, c);
			}
		}
		g->v[id].count = (uint32_t)g->ne - g->v[id].first;
	}
	return true;
}

/* Tarjan's strongly connected components, without recursion: comp[v] is
 * v's component, numbered from 0; returns how many. */
static uint32_t
components(const struct graph *g, uint32_t *comp)
{
	uint32_t *index = xcalloc(g->n + 1, sizeof(*index));
	uint32_t *low = xcalloc(g->n + 1, sizeof(*low));
	uint32_t *stack = xcalloc(g->n + 1, sizeof(*stack));
	uint32_t *call = xcalloc(g->n + 1, sizeof(*call));	/* vertices being visited */
	uint32_t *next = xcalloc(g->n + 1, sizeof(*next));	/* each one's next edge */
	bool *on = xcalloc(g->n + 1, sizeof(*on));
	uint32_t counter = 0, ncomp = 0, sp = 0, cp, root, i;

	for (i = 0; i < g->n; i++)
		comp[i] = NONE;
	for (root = 0; root < g->n; root++) {
		if (index[root] != 0)
			continue;
		cp = 0;
		call[cp++] = root;
		index[root] = low[root] = ++counter;
		stack[sp++] = root;
		on[root] = true;
		next[root] = 0;
		while (cp > 0) {
			uint32_t v = call[cp - 1];

			if (next[v] < g->v[v].count) {
				uint32_t w = g->e[g->v[v].first + next[v]++].to;

				if (index[w] == 0) {
					index[w] = low[w] = ++counter;
					stack[sp++] = w;
					on[w] = true;
					next[w] = 0;
					call[cp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			if (low[v] == index[v]) {
				uint32_t w;

				do {
					w = stack[--sp];
					on[w] = false;
					comp[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
			cp--;
			if (cp > 0 && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
		}
	}
	free(index);
	free(low);
	free(stack);
	free(call);
	free(next);
	free(on);
	return ncomp;
}

/* What a walk round a component looks for next. */
enum goal_kind { GOAL_STEP, GOAL_DISABLED, GOAL_AT };

struct goal {
	enum goal_kind kind;
	uint32_t what;		/* STEP, DISABLED: a thread; AT: a vertex */
};

static bool
meets(const struct graph *g, const uint32_t *comp, uint32_t v, const struct goal *goal)
{
	uint32_t i;

	switch (goal->kind) {
	case GOAL_STEP:
		for (i = 0; i < g->v[v].count; i++) {
			const struct edge *e = &g->e[g->v[v].first + i];

			if (e->thread == goal->what && comp[e->to] == comp[v])
				return true;
		}
		return false;
	case GOAL_DISABLED:
		return !((g->v[v].enabled >> goal->what) & 1);
	case GOAL_AT:
		return v == goal->what;
	}
	return false;
}

/* Append to out a shortest walk inside from's component to a vertex that
 * meets goal (none if from does); returns that vertex. */
static uint32_t
walk(const struct graph *g, const uint32_t *comp, uint32_t from, const struct goal *goal,
    struct schedule *out)
{
	uint32_t *queue = xcalloc(g->n + 1, sizeof(*queue));
	uint32_t *back = xcalloc(g->n + 1, sizeof(*back));	/* edge into it + 1 */
	size_t head = 0, tail = 0, len = 0, at, i;
	uint32_t found = from, v;

	queue[tail++] = from;
	back[from] = NONE;
	while (head < tail) {
		v = queue[head++];
		if (meets(g, comp, v, goal)) {
			found = v;
			break;
		}
		for (i = 0; i < g->v[v].count; i++) {
			uint32_t ei = g->v[v].first + (uint32_t)i, w = g->e[ei].to;

			if (comp[w] != comp[from] || back[w] != 0)
				continue;
			back[w] = ei + 1;
			queue[tail++] = w;
		}
	}
	for (v = found; v != from; v = g->e[back[v] - 1].from)
		len++;
	at = out->count;
	for (i = 0; i < len; i++)
		schedule_append(out, 0, 0);
	for (v = found, i = at + len; v != from; v = g->e[back[v] - 1].from) {
		i--;
		out->entries[i].thread = g->e[back[v] - 1].thread;
		out->entries[i].choice = g->e[back[v] - 1].choice;
	}
	free(queue);
	free(back);
	return found;
}

/* Whether component k holds a fair cycle: some step inside it, and every
 * thread steps inside it or is disabled in one of its states. */
static bool
fair(const struct graph *g, const uint32_t *comp, uint32_t k, const uint32_t *members,
    size_t nmembers, uint64_t all)
{
	uint64_t stepped = 0, disabled = 0;
	size_t i;
	uint32_t j;

	for (i = 0; i < nmembers; i++) {
		const struct vertex *v = &g->v[members[i]];

		disabled |= ~v->enabled;
		for (j = 0; j < v->count; j++)
			if (comp[g->e[v->first + j].to] == k)
				stepped |= (uint64_t)1 << g->e[v->first + j].thread;
	}
	return stepped != 0 && ((stepped | disabled) & all) == all;
}

/* The lasso: a shortest schedule to entry, then a walk round entry's
 * component that comes back to it, with a step of each thread that steps
 * inside it and a state where each other thread is disabled. */
static void
lasso(const struct graph *g, const uint32_t *comp, uint32_t entry, int nthreads,
    struct schedule *prefix, struct schedule *cycle)
{
	struct goal goal;
	uint32_t v, at = entry, i;
	size_t len = 0, k;
	int t;

	for (v = entry; g->v[v].parent != NONE; v = g->v[v].parent)
		len++;
	for (k = 0; k < len; k++)
		schedule_append(prefix, 0, 0);
	for (v = entry, k = len; g->v[v].parent != NONE; v = g->v[v].parent) {
		k--;
		prefix->entries[k].thread = g->v[v].thread;
		prefix->entries[k].choice = g->v[v].choice;
	}
	for (t = 0; t < nthreads; t++) {
		goal.kind = GOAL_STEP;
		goal.what = (uint32_t)t;
		at = walk(g, comp, at, &goal, cycle);
		if (!meets(g, comp, at, &goal)) {
			goal.kind = GOAL_DISABLED;
			at = walk(g, comp, at, &goal, cycle);
			continue;
		}
		for (i = 0; i < g->v[at].count; i++) {
			const struct edge *e = &g->e[g->v[at].first + i];

			if (e->thread == (uint32_t)t && comp[e->to] == comp[at]) {
				schedule_append(cycle, e->thread, e->choice);
				at = e->to;
				break;
			}
		}
	}
	goal.kind = GOAL_AT;
	goal.what = entry;
	walk(g, comp, at, &goal, cycle);
}

static void
graph_init(struct graph *g, const struct explore_job *job)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	g->job = job;
	g->frames = xcalloc(job->frames_size + 1, 1);
	g->frame_ptrs = xcalloc((size_t)job->nthreads + 1, sizeof(*g->frame_ptrs));
	g->st = explore_job_start(job, g->frames, g->frame_ptrs);
	g->npieces = 1 + model_state_npieces(job->m);
	g->pieces = xcalloc(g->npieces, sizeof(*g->pieces));
	g->pieces[0].at = g->frames;
	g->pieces[0].words = job->frames_size / 4;
	model_state_pieces(g->st, g->pieces + 1);
	g->key_bytes = (g->pieces[0].words + g->pieces[1].words) * 4;
	for (i = 0; i < g->npieces; i++)
		g->state_bytes += g->pieces[i].words * 4;
	g->scratch = xmalloc(g->state_bytes + 1);
	g->table_cap = 1024;
	g->table = xcalloc(g->table_cap, sizeof(*g->table));
}

static void
graph_free(struct graph *g)
{
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

void
explore_livelock(struct explore_job *job)
{
	struct graph g;
	uint32_t *comp, *order, *first, ncomp, k, best = NONE, i;
	uint64_t all = job->nthreads >= 64 ? ~(uint64_t)0 :
	    ((uint64_t)1 << job->nthreads) - 1;

	graph_init(&g, job);
	if (!build(&g)) {
		graph_free(&g);
		job->livelock = EXPLORE_LIVELOCK_UNKNOWN;
		return;
	}
	job->livelock = EXPLORE_LIVELOCK_NONE;
	comp = xcalloc(g.n + 1, sizeof(*comp));
	ncomp = components(&g, comp);
	/* the members of each component, together (counting sort) */
	first = xcalloc((size_t)ncomp + 2, sizeof(*first));
	order = xcalloc(g.n + 1, sizeof(*order));
	for (i = 0; i < g.n; i++)
		first[comp[i] + 1]++;
	for (k = 1; k <= ncomp; k++)
		first[k] += first[k - 1];
	for (i = 0; i < g.n; i++)
		order[first[comp[i]]++] = i;
	for (k = ncomp; k > 0; k--)
		first[k] = first[k - 1];
	first[0] = 0;
	/* the fair component nearest the start: its entry is the member with
	 * the shortest schedule, and vertices are numbered breadth first */
	for (k = 0; k < ncomp; k++) {
		const uint32_t *members = order + first[k];
		size_t n = first[k + 1] - first[k], m;
		uint32_t entry = members[0];

		for (m = 1; m < n; m++)
			if (members[m] < entry)
				entry = members[m];
		if (fair(&g, comp, k, members, n, all) && (best == NONE || entry < best))
			best = entry;
	}
	if (best != NONE) {
		job->livelock = EXPLORE_LIVELOCK_FOUND;
		lasso(&g, comp, best, job->nthreads, &job->livelock_prefix,
		    &job->livelock_cycle);
	}
	free(first);
	free(order);
	free(comp);
	graph_free(&g);
}
