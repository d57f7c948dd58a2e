/* explore.h - every schedule of a scenario, searched on the model.
 *
 * explore_run answers "could it have ended differently?": it runs the
 * scenario's threads on the model alone (no real threads), in every order
 * the scheduler could choose -- which thread takes the next step, which
 * waiter a notify wakes -- and reports every distinct way the run can end
 * (an outcome: the final shared values and the verdict), how many
 * schedules end that way, the data races, and for each failing verdict
 * the shortest schedule that reaches it.
 *
 * The exhaustive search is breadth first and stateful: a state reached
 * twice is searched once.  Partial-order reduction (sleep sets) skips
 * schedules that only reorder independent steps of different threads;
 * the outcomes are the same as those of the naive search of every
 * interleaving, only fewer schedules are followed.  Bounds (at most K
 * preemptions per schedule, a number of states, a time) and sampling
 * (random or PCT schedules) serve scenarios too large to exhaust; the
 * result says whether the search was exhaustive and, if not, what bounded
 * it.  With several jobs the search runs on several threads and gives the
 * same result as with one.
 *
 * The result owns everything it points to; the model must outlive it.
 */
#ifndef LOCKSTEP_EXPLORE_EXPLORE_H
#define LOCKSTEP_EXPLORE_EXPLORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "trace/schedule.h"

#define EXPLORE_MAX_JOBS 64
/* The search keeps its sets of threads (sleep sets, enabled sets) in one
 * word each: it takes scenarios of up to this many threads, fewer than
 * run and free-run do (LANG_MAX_THREADS).  A search of that many threads
 * is out of reach anyway; callers say so before they call explore_run. */
#define EXPLORE_MAX_THREADS 64
#define EXPLORE_MAX_PREEMPTIONS 250
/* The default memory bound: this share of the machine's memory, and at
 * most this share of what is free when the search starts. */
#define EXPLORE_MEMORY_SHARE 0.5
#define EXPLORE_FREE_MEMORY_SHARE 0.75
#define EXPLORE_FALLBACK_MAX_MEMORY_MB 4096	/* if neither can be read */
#define EXPLORE_MAX_MEMORY_MB (1 << 20)
#define EXPLORE_PREVIEW_RUNS 32		/* PCT and random schedules before a search, */
#define EXPLORE_PREVIEW_STEPS 20000	/* ... fewer if they would take more steps */
#define EXPLORE_ENOUGH_SECONDS 5.0	/* for the search, once a sample has failed */

enum explore_mode {
	EXPLORE_EXHAUSTIVE,	/* every schedule (within the bounds) */
	EXPLORE_RANDOM,		/* runs random schedules */
	EXPLORE_PCT,		/* runs PCT schedules */
};

struct explore_options {
	enum explore_mode mode;
	bool reduction;		/* sleep sets (exhaustive, unbounded preemptions) */
	int preemptions;	/* at most this many per schedule; -1: no bound */
	uint64_t max_states;	/* stop before storing more; 0: no bound */
	uint64_t max_memory;	/* bytes the stored states may take; 0: no bound */
	double timeout;		/* seconds; 0: none */
	double enough_seconds;	/* with no timeout, the search's time once a
				 * sampled run has failed (EXPLORE_ENOUGH_SECONDS);
				 * 0: all it needs (tests, for results that do
				 * not depend on the machine's speed) */
	uint64_t runs;		/* RANDOM, PCT: how many schedules */
	uint64_t seed;		/* RANDOM, PCT: run i uses seed + i */
	int pct_depth;		/* PCT's d */
	int jobs;		/* threads searching, 1..EXPLORE_MAX_JOBS */
	int max_steps;		/* per schedule; a longer one ends as no progress */
};

/* Exhaustive, reduced, one job, bounded by memory alone
 * (explore_default_max_memory). */
void explore_options_init(struct explore_options *o);
/* Bytes: EXPLORE_MEMORY_SHARE of the machine's memory, at most
 * EXPLORE_FREE_MEMORY_SHARE of what is free now (/proc/meminfo's
 * MemAvailable, where there is one). */
uint64_t explore_default_max_memory(void);

/* What stopped the search short of every schedule. */
enum explore_bound {
	EXPLORE_BOUND_NONE,		/* nothing: the search was exhaustive */
	EXPLORE_BOUND_PREEMPTIONS,	/* schedules with more were left out */
	EXPLORE_BOUND_MAX_STATES,
	EXPLORE_BOUND_MAX_MEMORY,	/* the stored states outgrew --max-memory */
	EXPLORE_BOUND_TIMEOUT,
	EXPLORE_BOUND_CANCELLED,	/* the progress callback said stop */
	EXPLORE_BOUND_SAMPLED,		/* random or PCT: a sample, never all */
	EXPLORE_BOUND_STEPS,		/* schedules reached --max-steps, cut short */
};

struct explore_progress {
	uint64_t states;	/* stored so far */
	uint64_t executions;	/* schedules followed to their end so far */
	int depth;		/* steps of the schedules being extended */
	double seconds;
};

/* Called on the thread that called explore_run, about ten times a second;
 * returning false cancels the search, which then returns what it found. */
typedef bool (*explore_progress_fn)(const struct explore_progress *p, void *arg);

/* One way a run can end. */
struct explore_outcome {
	struct model_value *shared;	/* the final value of each element */
	char *output;			/* what the schedules printed ("" if nothing) */
	struct model_verdict verdict;
	uint64_t count;			/* schedules that end so */
	uint64_t interleavings;		/* every order of the steps that ends so,
					 * if interleavings_counted (count.c) */
	struct schedule schedule;	/* a shortest one */
};

/* A failing verdict (any but ok) and a shortest schedule that reaches it. */
struct explore_failure {
	struct model_verdict verdict;
	struct schedule schedule;
};

/* Two unordered accesses to one element, at least one a write.  The two
 * accesses are in a fixed order (by line, then reads first), not in time. */
struct explore_race {
	int element;
	int thread[2];
	int line[2];
	bool write[2];
};

/* A livelock: a reachable cycle of steps the threads can repeat forever,
 * fairly (every thread enabled all along it takes a step in it), on which
 * no thread finishes (livelock.c). */
enum explore_livelock {
	EXPLORE_LIVELOCK_NONE,		/* none: no fair cycle, or no loop to make one */
	EXPLORE_LIVELOCK_FOUND,
	EXPLORE_LIVELOCK_UNKNOWN,	/* not known: the search stopped, or the
					 * graph of every step was too big */
};

struct explore_result {
	enum explore_mode mode;
	bool exhaustive;
	enum explore_bound bound;	/* NONE exactly when exhaustive */
	uint64_t bound_value;		/* preemptions, states, or runs */
	double timeout;			/* TIMEOUT: the time allowed */
	bool reduction;
	uint64_t executions;		/* schedules followed to their end */
	bool executions_saturated;	/* more than UINT64_MAX */
	uint64_t states;		/* distinct states stored */
	uint64_t memory;		/* bytes the stored states took, at most */
	uint64_t transitions;		/* steps taken by the search */
	/* false when some schedules came back to a state an earlier layer
	 * holds (around a loop, or by a longer way) and were not followed
	 * again from it: then the counts are of the schedules followed, not
	 * of every schedule (with a loop there are endlessly many) */
	bool every_schedule_counted;
	/* Exhaustive, with no cycle and small enough: every interleaving
	 * counted (saturating at UINT64_MAX), in all and per outcome. */
	bool interleavings_counted;
	uint64_t interleavings;
	int depth;			/* the longest schedule, in steps */
	double seconds;
	int jobs;
	struct explore_outcome *outcomes;	/* ok first, then by verdict, values */
	size_t noutcomes;
	struct explore_failure *failures;	/* by verdict kind, then length */
	size_t nfailures;
	struct explore_race *races;
	size_t nraces;
	unsigned verdicts;		/* bit 1 << kind for each kind reached */
	/* A search stopped by --max-states, --max-memory or the timeout goes
	 * on sampling (PCT and random schedules, from the seed) in the same
	 * time budget; a failure found so is among the outcomes, with the
	 * schedule of the run that found it, not shown to be the shortest. */
	uint64_t sampled_runs;		/* runs sampled, if the search stopped so */
	bool sampled_failure;		/* the failures are the sample's */
	bool search_cut_short;		/* sampling found a failure first, so the
					 * search was given EXPLORE_ENOUGH_SECONDS */
	enum explore_livelock livelock;	/* exhaustive searches only */
	/* The races are those of every history of every state: the search
	 * kept one history of each state and lost none that differed, or a
	 * search of every history ended.  False for a sample or a bounded
	 * search, or a scenario too big for that. */
	bool races_complete;
	uint64_t history_states;	/* stored by the search of every history */
	struct schedule livelock_prefix;	/* FOUND: a shortest way to the cycle */
	struct schedule livelock_cycle;		/* FOUND: then this, again and again */
};

/* Search; the result (zeroed here first) is the caller's to free.
 * progress may be NULL.  A model of more than EXPLORE_MAX_THREADS threads
 * is not searched: the result is empty and proves nothing. */
void explore_run(const struct model *m, const struct explore_options *o,
    explore_progress_fn progress, void *progress_arg, struct explore_result *r);
void explore_result_free(struct explore_result *r);

/* Whether the result shows a bug: a failing schedule or a livelock. */
bool explore_found_bug(const struct explore_result *r);
/* Whether a verdict is the step limit's (not judged: a bound, not a bug),
 * and whether some schedule of the result ended so. */
bool explore_step_limit_verdict(const struct model_verdict *v);
bool explore_cut_at_step_limit(const struct explore_result *r);
/* Whether the result proves the scenario right: exhaustive, no failure,
 * no livelock, and the livelock question answered. */
bool explore_proven(const struct explore_result *r);

/* The failure with the shortest schedule, or NULL if nothing failed. */
const struct explore_failure *explore_shortest_failure(const struct explore_result *r);

#endif
