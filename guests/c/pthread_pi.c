/* pthread_pi: priority-inheritance (PTHREAD_PRIO_INHERIT) mutexes and the PI futex operations behind them. The lock
 * word holds the owner's TID; user space takes and releases an uncontended lock with compare-and-swap, and a
 * contended one through FUTEX_LOCK_PI / FUTEX_UNLOCK_PI, where the kernel queues the waiters and hands the lock
 * to one directly (kernel/futex/pi.c). Cases: several threads contending a PI mutex, trylock and a timed lock
 * that times out, an error-checking PI mutex, and the futex operations on a plain word: FUTEX_TRYLOCK_PI,
 * EDEADLK for the owner, EAGAIN (with FUTEX_WAITERS set) and EPERM for another thread, the unlock with nobody
 * waiting (word 0), the hand-off (the waiter's TID with FUTEX_WAITERS), ESRCH for an owner TID that is no task,
 * and EINVAL for a bad timeout. qemu-mipsel passes these operations to the host's Linux kernel, so it is a
 * faithful reference here. Robust PI mutexes are in pthread_robust. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "mutex_util.h"

/* ------------------------------------------------------------------ PI mutexes */

static pthread_mutex_t pim;
static long pi_counter;

static void *pi_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3000; i++) {
		pthread_mutex_lock(&pim);
		long v = pi_counter;
		if ((i & 63) == 0) sched_yield(); /* let the others find it locked */
		pi_counter = v + 1;
		pthread_mutex_unlock(&pim);
	}
	return NULL;
}

static int other_rc[3];
static long clocklock_ms;

static void *pi_from_other(void *arg)
{
	(void)arg;
	other_rc[0] = pthread_mutex_trylock(&pim);
	other_rc[1] = timedlock_ms(&pim, 100);
	/* On CLOCK_MONOTONIC glibc needs FUTEX_LOCK_PI2 (FUTEX_LOCK_PI's timeout is on CLOCK_REALTIME). */
	struct timespec t0, t1, dl;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dl = t0;
	dl.tv_nsec += 100 * 1000000L;
	if (dl.tv_nsec >= 1000000000L) { dl.tv_sec++; dl.tv_nsec -= 1000000000L; }
	other_rc[2] = pthread_mutex_clocklock(&pim, CLOCK_MONOTONIC, &dl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clocklock_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	return NULL;
}

static void pi_mutexes(void)
{
	init_mutex(&pim, 0, PTHREAD_PRIO_INHERIT, PTHREAD_MUTEX_NORMAL, 0);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	int protocol = -1;
	pthread_mutexattr_getprotocol(&a, &protocol);
	printf("PI mutex: protocol attribute %s\n", protocol == PTHREAD_PRIO_INHERIT ? "PTHREAD_PRIO_INHERIT" : "?");
	pthread_mutexattr_destroy(&a);
	pthread_t t[4];
	for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, pi_worker, NULL);
	for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
	printf("PI mutex contended by 4 threads x 3000 -> %ld; the word is 0 again: %s\n", pi_counter,
	       *(int *)&pim == 0 ? "yes" : "no");

	pthread_mutex_lock(&pim);
	printf("PI mutex held: word is our tid: %s", (*(int *)&pim & 0x3fffffff) == gettid_() ? "yes" : "no");
	pthread_t o;
	pthread_create(&o, NULL, pi_from_other, NULL);
	pthread_join(o, NULL);
	printf("; other thread trylock -> %s, timedlock (100 ms) -> %s, clocklock on CLOCK_MONOTONIC (100 ms) -> %s after >= 90 ms: %s\n",
	       err(other_rc[0]), err(other_rc[1]), err(other_rc[2]), clocklock_ms >= 90 ? "yes" : "no");
	pthread_mutex_unlock(&pim);
	pthread_mutex_destroy(&pim);

	init_mutex(&pim, 0, PTHREAD_PRIO_INHERIT, PTHREAD_MUTEX_ERRORCHECK, 0);
	printf("error-checking PI mutex: lock -> %s", err(pthread_mutex_lock(&pim)));
	printf(", lock again -> %s", err(pthread_mutex_lock(&pim)));
	printf(", unlock -> %s", err(pthread_mutex_unlock(&pim)));
	printf(", unlock again -> %s\n", err(pthread_mutex_unlock(&pim)));
	pthread_mutex_destroy(&pim);
}

/* ------------------------------------------------------------------ PI futex operations on a plain word */

static int pi_word;

static long futex_pi(int op, int *word, const struct timespec *timeout)
{
	long rc = syscall(SYS_futex, word, op, 0, timeout, NULL, 0);
	return rc == -1 ? -errno : rc;
}

static const char *res(long rc)
{
	return rc <= 0 ? err((int)-rc) : "positive";
}

static long pi_results[3];
static int pi_word_seen;
static pid_t waiter_tid;

static void *pi_other_ops(void *arg)
{
	(void)arg;
	pi_results[0] = futex_pi(FUTEX_TRYLOCK_PI, &pi_word, NULL);
	pi_word_seen = pi_word;
	pi_results[1] = futex_pi(FUTEX_UNLOCK_PI, &pi_word, NULL);
	return NULL;
}

static void *pi_blocking_locker(void *arg)
{
	(void)arg;
	waiter_tid = gettid_();
	pi_results[2] = futex_pi(FUTEX_LOCK_PI, &pi_word, NULL);
	pi_word_seen = pi_word;
	futex_pi(FUTEX_UNLOCK_PI, &pi_word, NULL);
	return NULL;
}

static void pi_futex_ops(void)
{
	pid_t me = gettid_();
	long rc = futex_pi(FUTEX_TRYLOCK_PI, &pi_word, NULL);
	if (rc == -ENOSYS) {
		printf("FUTEX_TRYLOCK_PI -> ENOSYS\n");
		return;
	}
	printf("FUTEX_TRYLOCK_PI on 0 -> %s, word is our tid: %s\n", res(rc), pi_word == me ? "yes" : "no");
	printf("FUTEX_LOCK_PI by the owner -> %s\n", res(futex_pi(FUTEX_LOCK_PI, &pi_word, NULL)));
	pthread_t t;
	pthread_create(&t, NULL, pi_other_ops, NULL);
	pthread_join(t, NULL);
	printf("other thread: FUTEX_TRYLOCK_PI -> %s (word now our tid | FUTEX_WAITERS: %s), FUTEX_UNLOCK_PI -> %s\n",
	       res(pi_results[0]), (unsigned)pi_word_seen == (me | 0x80000000u) ? "yes" : "no", res(pi_results[1]));
	rc = futex_pi(FUTEX_UNLOCK_PI, &pi_word, NULL);
	printf("FUTEX_UNLOCK_PI by the owner with nobody waiting -> %s, word %#x\n", res(rc), (unsigned)pi_word);
	printf("FUTEX_UNLOCK_PI of an unowned word -> %s\n", res(futex_pi(FUTEX_UNLOCK_PI, &pi_word, NULL)));

	/* Hand-off: we hold it, a thread blocks in FUTEX_LOCK_PI, we unlock, it owns the word. */
	futex_pi(FUTEX_LOCK_PI, &pi_word, NULL);
	pthread_create(&t, NULL, pi_blocking_locker, NULL);
	while (!(__atomic_load_n(&pi_word, __ATOMIC_SEQ_CST) & 0x80000000)) sched_yield();
	sleep_ms(50);
	rc = futex_pi(FUTEX_UNLOCK_PI, &pi_word, NULL);
	pthread_join(t, NULL);
	printf("hand-off: our FUTEX_UNLOCK_PI -> %s, the waiter's FUTEX_LOCK_PI -> %s, word was its tid | FUTEX_WAITERS: %s, "
	       "0 after its unlock: %s\n",
	       res(rc), res(pi_results[2]), (unsigned)pi_word_seen == ((unsigned)waiter_tid | 0x80000000u) ? "yes" : "no",
	       pi_word == 0 ? "yes" : "no");

	/* An owner TID that names no task (above pid_max). */
	pi_word = 0x3fff0000;
	struct timespec dl = after_ms(CLOCK_REALTIME, 100);
	rc = futex_pi(FUTEX_LOCK_PI, &pi_word, &dl);
	printf("FUTEX_LOCK_PI with a TID that is no task -> %s, FUTEX_WAITERS set: %s\n", res(rc),
	       (pi_word & 0x80000000) ? "yes" : "no");

	/* A bad timeout is refused before the word is looked at. */
	pi_word = 0;
	struct timespec bad = { 0, 2000000000L };
	rc = futex_pi(FUTEX_LOCK_PI, &pi_word, &bad);
	printf("FUTEX_LOCK_PI with tv_nsec = 2000000000 -> %s, word untouched: %s\n", res(rc), pi_word == 0 ? "yes" : "no");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pi_mutexes();
	pi_futex_ops();
	return 0;
}
