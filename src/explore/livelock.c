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

#include "explore/graph.h"
#include "explore/internal.h"
#include "explore/store.h"
#include "util/xalloc.h"

#define LIVELOCK_MAX_STATES 2000000
#define NONE GRAPH_NONE

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
			const struct graph_edge *e = &g->e[g->v[v].first + i];

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
		const struct graph_vertex *v = &g->v[members[i]];

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
			const struct graph_edge *e = &g->e[g->v[at].first + i];

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

void
explore_livelock(struct explore_job *job)
{
	struct graph g;
	uint32_t *comp, *order, *first, ncomp, k, best = NONE, i;
	uint64_t all = job->nthreads >= 64 ? ~(uint64_t)0 :
	    ((uint64_t)1 << job->nthreads) - 1;

	if (!graph_build(&g, job, LIVELOCK_MAX_STATES)) {
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
