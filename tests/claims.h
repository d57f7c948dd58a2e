/* claims.h - the order in which free-run's raises claim a run's verdict,
 * forced, for the suite that tests how free-run orders them.
 *
 * test_freerun is linked with -Wl,--wrap=freerun_claim_raise
 * (Makefile.am): every claim a raise of a .race program makes goes
 * through tests/claims.c, which lets it through at once unless told to
 * hold claims.  Held, the claims of a run meet two by two, and the raise
 * of the later step claims first: the order a thread preempted between
 * its raising step and its claim lets happen, forced, without timing. */
#ifndef LOCKSTEP_TESTS_CLAIMS_H
#define LOCKSTEP_TESTS_CLAIMS_H

#include <stdbool.h>

/* Hold claims two by two (true) or let each through at once (false, the
 * default).  Held, every run must raise an even number of times. */
void test_hold_claims(bool hold);
/* Pairs of claims let through later step first, since the process began. */
int test_claims_reordered(void);

#endif
