/* graph.h - the graph of every step of a scenario, stored whole.
 *
 * The exhaustive search (search.c) prunes steps, keeps two layers and no
 * edges: enough for outcomes and shortest schedules, not for questions
 * about cycles or about every interleaving.  This graph has every state a
 * step can reach (by its key, as the search knows states) and every step
 * between two of them, built breadth first from the start, so that each
 * vertex keeps a shortest schedule to it.  A step that ends the run leads
 * to a vertex of its own, a terminal one, never shared: it is the end of
 * the schedules through that step.  It is for small scenarios: the build
 * stops past a number of states, or when the search is stopped.
 *
 * livelock.c looks for fair cycles in it, count.c counts the
 * interleavings that end in each outcome.
 */
#ifndef LOCKSTEP_EXPLORE_GRAPH_H
#define LOCKSTEP_EXPLORE_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

#define GRAPH_NONE UINT32_MAX

struct explore_job;

struct graph_edge {
	uint32_t from, to;
	uint16_t thread, choice;
};

struct graph_vertex {
	uint64_t enabled;	/* threads enabled in it */
	uint32_t first, count;	/* its edges */
	uint32_t parent;	/* on a shortest schedule to it, or GRAPH_NONE */
	uint16_t thread, choice;	/* the step from the parent */
	uint32_t end;		/* a terminal vertex: its end; else GRAPH_NONE */
};

/* How a run ended at a terminal vertex. */
struct graph_end {
	struct model_verdict verdict;
	struct model_value *shared;	/* every element's final value */
};

struct graph {
	struct graph_vertex *v;
	size_t n;
	struct graph_edge *e;
	size_t ne;
	struct graph_end *ends;
	size_t nends;
	/* the working state: graph_restore puts a vertex's state here */
	struct model_state *st;
	/* private */
	struct explore_job *job;
	unsigned char *frames;
	struct model_frame **frame_ptrs;
	struct model_piece *pieces;	/* the frames, then the model's */
	size_t npieces;
	size_t key_bytes, state_bytes;	/* packed; the key first */
	unsigned char *bytes;		/* every vertex's state, packed */
	unsigned char *scratch;		/* a state being packed */
	size_t cap, ecap, ends_cap;
	uint32_t *table;		/* vertex + 1, or 0 */
	size_t table_cap;
};

/* Build the graph of job's scenario; false (and what was built kept) if
 * it came to more than max_states vertices or the job was stopped. */
bool graph_build(struct graph *g, struct explore_job *job, size_t max_states);
void graph_free(struct graph *g);

#endif
