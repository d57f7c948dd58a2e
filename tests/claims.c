#include "config.h"

#include "claims.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "model/model.h"

struct freerun_run;

void __real_freerun_claim_raise(struct freerun_run *r, uint32_t step,
    const struct model_verdict *v);
void __wrap_freerun_claim_raise(struct freerun_run *r, uint32_t step,
    const struct model_verdict *v);

/* A pair's meeting.  Lock invariant: every field below changes under
 * lock, and whoever changes one broadcasts met. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t met = PTHREAD_COND_INITIALIZER;
static _Atomic bool holding;
static int arrived;		/* claims of the pair here so far (0..2) */
static uint32_t steps[2];	/* their steps, in order of arrival */
static bool later_done;		/* the later step's claim is made */
static int done;		/* claims of the pair made */
static int reordered;

void
__wrap_freerun_claim_raise(struct freerun_run *r, uint32_t step,
    const struct model_verdict *v)
{
	uint32_t other;
	int me;

	if (!atomic_load(&holding)) {
		__real_freerun_claim_raise(r, step, v);
		return;
	}
	pthread_mutex_lock(&lock);
	while (arrived == 2)	/* a third waits for the next pair */
		pthread_cond_wait(&met, &lock);
	me = arrived++;
	steps[me] = step;
	pthread_cond_broadcast(&met);
	while (arrived < 2)
		pthread_cond_wait(&met, &lock);
	other = steps[1 - me];
	while (step < other && !later_done)
		pthread_cond_wait(&met, &lock);
	pthread_mutex_unlock(&lock);

	__real_freerun_claim_raise(r, step, v);

	pthread_mutex_lock(&lock);
	if (step > other) {
		later_done = true;
		reordered++;
	}
	if (++done == 2) {	/* the next pair may meet */
		arrived = 0;
		done = 0;
		later_done = false;
	}
	pthread_cond_broadcast(&met);
	pthread_mutex_unlock(&lock);
}

void
test_hold_claims(bool hold)
{
	atomic_store(&holding, hold);
}

int
test_claims_reordered(void)
{
	int n;

	pthread_mutex_lock(&lock);
	n = reordered;
	pthread_mutex_unlock(&lock);
	return n;
}
