#include "config.h"

#include "timeouts.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <time.h>

int __real_pthread_mutex_timedlock(pthread_mutex_t *mu, const struct timespec *at);
int __wrap_pthread_mutex_timedlock(pthread_mutex_t *mu, const struct timespec *at);
int __real_pthread_mutex_trylock(pthread_mutex_t *mu);
int __wrap_pthread_mutex_trylock(pthread_mutex_t *mu);
int __real_sem_timedwait(sem_t *sem, const struct timespec *at);
int __wrap_sem_timedwait(sem_t *sem, const struct timespec *at);
int __real_sem_trywait(sem_t *sem);
int __wrap_sem_trywait(sem_t *sem);

static _Atomic bool holding;

/* Until mu is free: once this thread can take it (given back at once). */
static void
hold_until_free(pthread_mutex_t *mu)
{
	while (__real_pthread_mutex_trylock(mu) != 0)
		sched_yield();
	pthread_mutex_unlock(mu);
}

int
__wrap_pthread_mutex_timedlock(pthread_mutex_t *mu, const struct timespec *at)
{
	int err = __real_pthread_mutex_timedlock(mu, at);

	if (err == ETIMEDOUT && atomic_load(&holding))
		hold_until_free(mu);
	return err;
}

int
__wrap_pthread_mutex_trylock(pthread_mutex_t *mu)
{
	int err = __real_pthread_mutex_trylock(mu);

	if (err == EBUSY && atomic_load(&holding))
		hold_until_free(mu);
	return err;
}

/* Until sem has a permit; errno as the failed call left it. */
static void
hold_until_posted(sem_t *sem)
{
	int value = 0, err = errno;

	while (sem_getvalue(sem, &value) == 0 && value <= 0)
		sched_yield();
	errno = err;
}

int
__wrap_sem_timedwait(sem_t *sem, const struct timespec *at)
{
	int rc = __real_sem_timedwait(sem, at);

	if (rc != 0 && errno == ETIMEDOUT && atomic_load(&holding))
		hold_until_posted(sem);
	return rc;
}

int
__wrap_sem_trywait(sem_t *sem)
{
	int rc = __real_sem_trywait(sem);

	if (rc != 0 && errno == EAGAIN && atomic_load(&holding))
		hold_until_posted(sem);
	return rc;
}

void
test_hold_timeouts(bool hold)
{
	atomic_store(&holding, hold);
}
