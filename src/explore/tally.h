/* tally.h - what a search found: outcomes with their counts and shortest
 * schedules, and data races.
 *
 * Each job keeps its own tally, and the tallies are merged at the end;
 * every rule that picks one of several candidates (which schedule, which
 * pair of threads names a race) is an order on the candidates, not
 * "first come", so the merged tally is the same whatever the jobs did
 * first.
 */
#ifndef LOCKSTEP_EXPLORE_TALLY_H
#define LOCKSTEP_EXPLORE_TALLY_H

#include <stdbool.h>
#include <stdint.h>

#include "explore/explore.h"

struct tally_outcome {
	struct model_verdict verdict;
	struct model_value *shared;
	uint64_t count;			/* saturates at UINT64_MAX */
	bool has_schedule;
	struct schedule schedule;
	uint64_t rank;			/* of the schedule, among as short ones */
};

struct tally;

/* An outcome's key: the final value of each element, then, for a program
 * that prints, what it printed (a string, or None when nothing was):
 * tally_key_size values.  Two runs that printed differently are two
 * outcomes even if every value is the same. */
size_t tally_key_size(const struct model *m);
void tally_key(const struct model *m, const struct model_state *st,
    struct model_value *key);
/* The output a key holds ("" if none). */
const char *tally_key_output(const struct model *m, const struct model_value *key);

struct tally *tally_new(const struct model *m);
void tally_free(struct tally *t);

/* The outcome with this verdict and this key (tally_key), added with
 * count 0 if new. */
struct tally_outcome *tally_find(struct tally *t, const struct model_verdict *v,
    const struct model_value *shared);
void tally_count(struct tally_outcome *o, uint64_t count);
/* Whether a schedule of length steps and this rank would replace the
 * outcome's: shorter wins, then the lower rank. */
bool tally_wants(const struct tally_outcome *o, size_t length, uint64_t rank);
void tally_offer(struct tally_outcome *o, const struct schedule *s, uint64_t rank);

/* A race between two accesses, in either order. */
void tally_race(struct tally *t, int element, int thread_a, int line_a, bool write_a,
    int thread_b, int line_b, bool write_b);
void tally_model_races(struct tally *t, const struct model_state *st);

void tally_merge(struct tally *into, const struct tally *from);
/* Whether some outcome is a bug (not ok, and not a run cut at the step
 * limit, which a sample cannot tell from unfair spinning). */
bool tally_failed(const struct tally *t);
/* Merge only those outcomes, and every race. */
void tally_merge_failures(struct tally *into, const struct tally *from);
void tally_merge_races(struct tally *into, const struct tally *from);
size_t tally_noutcomes(const struct tally *t);

/* Move the outcomes (sorted), the failures and the races into r. */
void tally_result(struct tally *t, struct explore_result *r);

/* The sum, saturating. */
uint64_t tally_add_counts(uint64_t a, uint64_t b);

#endif
