/* threads.h - the test process's own threads, for the suites that run
 * scenarios on real threads: how many there are, and a pthread_create that
 * fails on demand.
 *
 * Those suites are linked with -Wl,--wrap=pthread_create (Makefile.am), so
 * that every pthread_create in them and in the layers they link (the
 * engine's, free-run's) goes through tests/threads.c, which creates the
 * thread unless told to fail. */
#ifndef LOCKSTEP_TESTS_THREADS_H
#define LOCKSTEP_TESTS_THREADS_H

/* Threads of this process now, or -1 without /proc. */
int test_count_threads(void);
/* The same, after one thread was created and joined: a sanitizer's runtime
 * starts a thread of its own at the first pthread_create. */
int test_baseline_threads(void);
/* Let n more pthread_create calls succeed, then fail each with EAGAIN, as
 * a system out of threads does; n < 0: never fail (the default). */
void test_fail_threads_after(int n);
/* pthread_create calls that made a thread, since the process began. */
int test_threads_created(void);

#endif
