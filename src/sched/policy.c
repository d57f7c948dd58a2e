#include "config.h"

#include "sched/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct policy {
	enum policy_kind kind;
	uint64_t rng;
	struct schedule sched;
	size_t next_entry;
	size_t nthreads;
	int last;			/* thread of the last step, for rr */
	int *priority;			/* pct: higher runs first */
	int *change_at;			/* pct: steps where the runner drops */
	int nchanges;
	int steps;
};

static const char *const names[] = { "schedule", "replay", "rr", "random", "pct" };

const char *
policy_name(enum policy_kind kind)
{
	return names[kind];
}

int
policy_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* xorshift64*: small, fast, and the same sequence everywhere. */
static uint64_t
next_random(struct policy *p)
{
	p->rng ^= p->rng >> 12;
	p->rng ^= p->rng << 25;
	p->rng ^= p->rng >> 27;
	return p->rng * 0x2545F4914F6CDD1DULL;
}

static int
random_below(struct policy *p, int n)
{
	return n <= 1 ? 0 : (int)(next_random(p) % (uint64_t)n);
}

struct policy *
policy_new(enum policy_kind kind, uint64_t seed, const struct schedule *sched,
    size_t nthreads, int depth, int steps_hint)
{
	struct policy *p = xcalloc(1, sizeof(*p));
	size_t i;

	p->kind = kind;
	p->rng = seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
	if (p->rng == 0)
		p->rng = 1;
	p->nthreads = nthreads;
	p->last = -1;
	if (sched != NULL)
		for (i = 0; i < sched->count; i++)
			schedule_append(&p->sched, sched->entries[i].thread,
			    sched->entries[i].choice);
	if (kind == POLICY_PCT) {
		p->priority = xcalloc(nthreads + 1, sizeof(int));
		/* a random permutation of depth .. depth+n-1 */
		for (i = 0; i < nthreads; i++)
			p->priority[i] = depth + (int)i;
		for (i = nthreads; i > 1; i--) {
			int j = random_below(p, (int)i), tmp = p->priority[i - 1];

			p->priority[i - 1] = p->priority[j];
			p->priority[j] = tmp;
		}
		p->nchanges = depth > 1 ? depth - 1 : 0;
		p->change_at = xcalloc((size_t)p->nchanges + 1, sizeof(int));
		for (i = 0; i < (size_t)p->nchanges; i++)
			p->change_at[i] = 1 + random_below(p, steps_hint > 1 ? steps_hint : 1);
	}
	return p;
}

void
policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	schedule_free(&p->sched);
	free(p->priority);
	free(p->change_at);
	free(p);
}

static int
round_robin(struct policy *p, const struct model_state *st)
{
	size_t k;

	for (k = 1; k <= p->nthreads; k++) {
		int t = (int)((p->last + k + p->nthreads) % p->nthreads);

		if (model_enabled(st, t))
			return t;
	}
	return -1;
}

static int
pick_random(struct policy *p, const struct model_state *st)
{
	int enabled[LANG_MAX_THREADS], n = 0;
	size_t t;

	for (t = 0; t < p->nthreads; t++)
		if (model_enabled(st, (int)t))
			enabled[n++] = (int)t;
	return n == 0 ? -1 : enabled[random_below(p, n)];
}

static int
pick_pct(struct policy *p, const struct model_state *st)
{
	int best = -1, i;
	size_t t;

	for (i = 0; i < p->nchanges; i++)
		if (p->change_at[i] == p->steps && p->last >= 0)
			p->priority[p->last] = p->nchanges - 1 - i;
	for (t = 0; t < p->nthreads; t++)
		if (model_enabled(st, (int)t) &&
		    (best < 0 || p->priority[t] > p->priority[best]))
			best = (int)t;
	return best;
}

int
policy_estimate_steps(const struct model *m, int max_steps)
{
	size_t n = model_nthreads(m), t;
	struct model_frame **frames = xcalloc(n ? n : 1, sizeof(*frames));
	struct model_state *st = model_state_new(m, max_steps);
	struct policy *rr = policy_new(POLICY_RR, 0, NULL, n, 1, 1);
	int steps, next, choice;
	char err[200];

	for (t = 0; t < n; t++)
		frames[t] = xmalloc(model_frame_size(m, (int)t));
	model_state_begin(st, frames);
	while (model_verdict(st)->kind == MODEL_RUNNING &&
	    policy_next(rr, st, model_program(m), &next, &choice, err, sizeof(err)))
		model_step(st, frames, next, choice, NULL);
	steps = (int)model_steps(st);
	for (t = 0; t < n; t++)
		free(frames[t]);
	free(frames);
	model_state_free(st);
	policy_free(rr);
	return steps > 0 ? steps : 1;
}

bool
policy_next(struct policy *p, const struct model_state *st, const struct lang_program *prog,
    int *thread, int *choice, char *err, size_t errsize)
{
	int t;

	*choice = 0;
	if ((p->kind == POLICY_SCHEDULE || p->kind == POLICY_REPLAY) &&
	    p->next_entry < p->sched.count) {
		const struct schedule_entry *e = &p->sched.entries[p->next_entry];

		if (!model_enabled(st, e->thread)) {
			char why[300];

			model_blocked_reason(st, e->thread, why, sizeof(why));
			snprintf(err, errsize, "step %zu of the schedule: %s cannot run%s%s",
			    p->next_entry + 1, prog->threads[e->thread].name,
			    why[0] ? ": it " : " (it has finished or not started)", why);
			return false;
		}
		if (e->choice >= model_choices(st, e->thread)) {
			snprintf(err, errsize, "step %zu of the schedule: %s has %d "
			    "alternatives here, not %d", p->next_entry + 1,
			    prog->threads[e->thread].name, model_choices(st, e->thread),
			    e->choice + 1);
			return false;
		}
		p->next_entry++;
		t = e->thread;
		*choice = e->choice;
	} else if (p->kind == POLICY_REPLAY && model_exit_pending(st) >= 0) {
		/* a free-run's log ends before the program's exit, which no
		 * thread logs: take it */
		t = model_exit_pending(st);
	} else if (p->kind == POLICY_REPLAY) {
		snprintf(err, errsize, "the schedule ended after %zu steps but the run "
		    "goes on", p->sched.count);
		return false;
	} else if (p->kind == POLICY_RANDOM) {
		t = pick_random(p, st);
		if (t >= 0)
			*choice = random_below(p, model_choices(st, t));
	} else if (p->kind == POLICY_PCT) {
		t = pick_pct(p, st);
	} else {
		t = round_robin(p, st);
	}
	if (t < 0) {
		snprintf(err, errsize, "no thread can run");
		return false;
	}
	p->last = t;
	p->steps++;
	*thread = t;
	return true;
}
