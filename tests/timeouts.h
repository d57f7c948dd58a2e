/* timeouts.h - free-run's calls that give up on a Lock or a Semaphore (a
 * timeout, a try), made to give up just before what they wait for comes,
 * for the suite that tests how free-run numbers such a call's step.
 *
 * test_freerun is linked with -Wl,--wrap= for pthread_mutex_timedlock,
 * pthread_mutex_trylock, sem_timedwait and sem_trywait (Makefile.am):
 * free-run's calls of them go through tests/timeouts.c, which passes them
 * through unless told to hold them.  Held, a call that fails (times out,
 * finds the mutex taken) returns only once its mutex is free or its
 * semaphore has a permit: the release that a thread preempted between its
 * failure and its step lets come first, forced without timing.  Hold them
 * only while every such failure will see that come (a scenario where each
 * holder lets go). */
#ifndef LOCKSTEP_TESTS_TIMEOUTS_H
#define LOCKSTEP_TESTS_TIMEOUTS_H

#include <stdbool.h>

/* Hold failed calls (true), or let them return at once (false, the
 * default). */
void test_hold_timeouts(bool hold);

#endif
