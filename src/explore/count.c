/* count.c - how many interleavings end in each outcome, exactly.
 *
 * The search's counts are of the schedules it followed: with reduction,
 * one of each set that only reorders independent steps; with a loop, not
 * the ones that came back to a state.  A teacher quotes "4 of the 6
 * interleavings lose the update", which is a count over every order of
 * the steps.  On the graph of every step (graph.h), when it has no cycle,
 * that is the number of paths from the start to the terminal vertices of
 * each outcome: one pass in topological order (Kahn), each vertex adding
 * its count of paths to the vertices its steps lead to.  With a cycle
 * there are endlessly many, and a graph too big is not built: then the
 * outcomes carry no such count.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "explore/graph.h"
#include "explore/internal.h"
#include "explore/tally.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define COUNT_MAX_STATES 20000

/* An outcome as text, to match a terminal vertex's end with it. */
static char *
end_text(const struct model *m, const struct model_verdict *v,
    const struct model_value *shared)
{
	struct strbuf sb = { 0 };
	size_t e;
	char text[300];

	strbuf_printf(&sb, "%d %d %d %s", v->kind, v->thread, v->line, v->message);
	for (e = 0; e < tally_key_size(m); e++) {
		model_value_format(model_strings(m), &shared[e], text, sizeof(text));
		strbuf_printf(&sb, "|%s", text);
	}
	return strbuf_detach(&sb);
}

/* Paths from the start to each vertex, in topological order; false if
 * some vertex is on a cycle. */
static bool
count_paths(const struct graph *g, uint64_t *paths)
{
	uint32_t *indegree = xcalloc(g->n + 1, sizeof(*indegree));
	uint32_t *queue = xcalloc(g->n + 1, sizeof(*queue));
	size_t head = 0, tail = 0, i;
	uint32_t k;

	for (i = 0; i < g->ne; i++)
		indegree[g->e[i].to]++;
	for (i = 0; i < g->n; i++)
		if (indegree[i] == 0)
			queue[tail++] = (uint32_t)i;
	paths[0] = 1;
	while (head < tail) {
		const struct graph_vertex *v = &g->v[queue[head]];
		uint64_t here = paths[queue[head++]];

		for (k = 0; k < v->count; k++) {
			uint32_t to = g->e[v->first + k].to;

			paths[to] = tally_add_counts(paths[to], here);
			if (--indegree[to] == 0)
				queue[tail++] = to;
		}
	}
	free(indegree);
	free(queue);
	return tail == g->n;
}

void
explore_count_interleavings(struct explore_job *job, struct explore_result *r)
{
	struct graph g;
	uint64_t *paths;
	char **want;
	size_t i, o;
	bool ok;

	if (r->states > COUNT_MAX_STATES)
		return;
	ok = graph_build(&g, job, COUNT_MAX_STATES);
	paths = xcalloc(g.n + 1, sizeof(*paths));
	ok = ok && count_paths(&g, paths);
	want = xcalloc(r->noutcomes + 1, sizeof(*want));
	for (o = 0; o < r->noutcomes; o++) {
		want[o] = end_text(job->m, &r->outcomes[o].verdict, r->outcomes[o].shared);
		r->outcomes[o].interleavings = 0;
	}
	for (i = 0; ok && i < g.n; i++) {
		const struct graph_end *end;
		char *got;

		if (g.v[i].end == GRAPH_NONE)
			continue;
		end = &g.ends[g.v[i].end];
		got = end_text(job->m, &end->verdict, end->shared);
		for (o = 0; o < r->noutcomes && strcmp(want[o], got) != 0; o++)
			;
		/* every end is one the search found: else count nothing */
		ok = o < r->noutcomes;
		if (ok)
			r->outcomes[o].interleavings = tally_add_counts(
			    r->outcomes[o].interleavings, paths[i]);
		free(got);
	}
	for (o = 0; o < r->noutcomes; o++) {
		if (ok)
			r->interleavings = tally_add_counts(r->interleavings,
			    r->outcomes[o].interleavings);
		free(want[o]);
	}
	r->interleavings_counted = ok;
	free(want);
	free(paths);
	graph_free(&g);
}
