#include "config.h"

#include "threads.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

/* Calls left before pthread_create fails; -1: never.  Scenario threads
 * create threads too (free-run's start()), hence atomic. */
static _Atomic int creates_left = -1;
static _Atomic int created;

int __real_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg);
int __wrap_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg);

int
__wrap_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg)
{
	int left = atomic_load(&creates_left), err;

	while (left >= 0) {
		if (left == 0)
			return EAGAIN;
		if (atomic_compare_exchange_weak(&creates_left, &left, left - 1))
			break;
	}
	err = __real_pthread_create(thread, attr, start, arg);
	if (err == 0)
		atomic_fetch_add(&created, 1);
	return err;
}

int
test_threads_created(void)
{
	return atomic_load(&created);
}

void
test_fail_threads_after(int n)
{
	atomic_store(&creates_left, n < 0 ? -1 : n);
}

int
test_count_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *ent;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((ent = readdir(d)) != NULL)
		if (ent->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void *
noop(void *arg)
{
	return arg;
}

int
test_baseline_threads(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, noop, NULL) == 0)
		pthread_join(t, NULL);
	return test_count_threads();
}
