/* Helpers of the mutex guests: errno names, timed locks relative to now, and mutex set-up from attributes. */
#ifndef GUEST_MUTEX_UTIL_H
#define GUEST_MUTEX_UTIL_H

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* "0" for success, else the errno's name (EOWNERDEAD, ETIMEDOUT, ...) */
static const char *err(int e)
{
	return e == 0 ? "0" : strerrorname_np(e);
}

/* the time ms milliseconds from now on clock */
static struct timespec after_ms(clockid_t clock, long ms)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	ts.tv_nsec += (ms % 1000) * 1000000L;
	ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	return ts;
}

static void __attribute__((unused)) sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int __attribute__((unused)) timedlock_ms(pthread_mutex_t *m, long ms)
{
	struct timespec dl = after_ms(CLOCK_REALTIME, ms);
	return pthread_mutex_timedlock(m, &dl);
}

static pid_t __attribute__((unused)) gettid_(void) { return (pid_t)syscall(SYS_gettid); }

static void __attribute__((unused)) init_mutex(pthread_mutex_t *m, int robust, int protocol, int type, int pshared)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	if (robust) pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setprotocol(&a, protocol);
	pthread_mutexattr_settype(&a, type);
	if (pshared) pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	int rc = pthread_mutex_init(m, &a);
	if (rc != 0) printf("pthread_mutex_init -> %s\n", err(rc));
	pthread_mutexattr_destroy(&a);
}

#endif
