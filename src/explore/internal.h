/* internal.h - what the exhaustive search and the sampler share.
 *
 * A job is one call of explore_run: the model, the options, the tally the
 * results go to, the clock and the flag that stops every searching thread
 * early.  A state's key -- what makes two states the same -- is every
 * frame (laid end to end, in thread order) followed by the model's hashed
 * region; the search puts a prefix before it when it counts preemptions.
 */
#ifndef LOCKSTEP_EXPLORE_INTERNAL_H
#define LOCKSTEP_EXPLORE_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "explore/depend.h"
#include "explore/explore.h"
#include "explore/tally.h"

struct explore_job {
	const struct model *m;
	const struct explore_options *opt;
	explore_progress_fn progress;
	void *progress_arg;
	struct timespec started;
	double last_progress;		/* seconds, when progress was last called */
	struct tally *tally;
	/* read by every job at every state: apart from what the first
	 * job writes as it goes */
	_Alignas(64) atomic_int stop;	/* enum explore_bound, or NONE to go on */
	char apart[60];
	int nthreads;
	uint64_t daemons;		/* a bit per daemon thread */
	size_t frames_size;		/* every frame, end to end */
	size_t *frame_offset;		/* per thread, into that */
	/* what the search reports */
	uint64_t executions, states, transitions;
	uint64_t pruned;		/* steps left out for the preemption bound */
	uint64_t revisits;		/* arrivals at states of earlier layers */
	uint64_t memory;		/* bytes the search's states took, at most */
	bool forgot_history;		/* a state's clocks kept were one arrival's of
					 * several that differed (search_expand.c) */
	enum explore_livelock livelock;
	struct schedule livelock_prefix, livelock_cycle;
	int depth;
};

double explore_job_seconds(const struct explore_job *job);
/* For the first searching thread, now and then: stops the search at the
 * timeout and calls the progress callback, which may cancel it. */
void explore_job_tick(struct explore_job *job, uint64_t states, uint64_t executions,
    int depth);
/* Point frames[t] at each thread's frame in buf (job->frames_size bytes). */
void explore_job_frames(const struct explore_job *job, unsigned char *buf,
    struct model_frame **frames);
/* A fresh state with its frames in buf, begun: the start of every schedule. */
struct model_state *explore_job_start(const struct explore_job *job, unsigned char *buf,
    struct model_frame **frames);
/* The races a searching thread has given its tally lately, so that the
 * same race found again at the next state (the search meets a few races
 * millions of times) costs a look-up here, not a search of the tally's
 * list.  Exact: a race is left out only if these very arguments were
 * given before, which tally_race ignores anyway.  Zeroed, it is empty. */
#define EXPLORE_SEEN_RACES 256
struct explore_seen_races {
	/* the arguments, packed exactly (explore_race); {0, 0}: none */
	uint64_t race[EXPLORE_SEEN_RACES][2];
};

/* tally_race, unless seen (may be NULL) says it was given before. */
void explore_race(struct explore_seen_races *seen, struct tally *tally, int element,
    int thread_a, int line_a, bool write_a, int thread_b, int line_b, bool write_b);
/* The races the model found in its last step (tally_model_races), so. */
void explore_model_races(struct explore_seen_races *seen, struct tally *tally,
    const struct model_state *st);
/* Race warnings for every two enabled threads about to access one element
 * (pending: each thread's action, depend.h), at least one writing:
 * whichever goes first, nothing orders the two. */
void explore_pending_races(const struct explore_job *job, const struct depend_step *pending,
    uint64_t enabled, struct explore_seen_races *seen, struct tally *tally);

void explore_search(struct explore_job *job);
/* The search again, with every state's happens-before clocks (made
 * canonical) in its key, so that no history is forgotten: for the races
 * along every history (the outcomes are the same). */
void explore_search_races(struct explore_job *job);
/* After an exhaustive search of a scenario with a loop: is there a
 * livelock?  Sets job->livelock and, if found, its lasso. */
void explore_livelock(struct explore_job *job);
/* After a search that was exhaustive: every interleaving that ends in
 * each of r's outcomes, if the graph of every step is small and acyclic. */
void explore_count_interleavings(struct explore_job *job, struct explore_result *r);
void explore_sample(struct explore_job *job);

#endif
