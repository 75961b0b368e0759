/* pingpong: context-switch cost. Two threads (the main thread and one other) hand a token back and forth through
 * one futex word with raw futex system calls: the token is a counter `seq`; the main thread owns it when seq is
 * even, the other thread when it is odd. The owner increments seq, FUTEX_WAKEs the other thread, and FUTEX_WAITs
 * until seq changes again, so each handoff is exactly one FUTEX_WAKE and one FUTEX_WAIT (and, on one CPU, one
 * context switch).
 *
 * Usage: pingpong N      (N handoffs in all, default 100000)
 * Output: one line, the number of handoffs done (N), so that the output does not depend on timing.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int seq;
static int total;

static void futex_wait(int *addr, int expected)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

static void futex_wake(int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Plays one side: `mine` is 0 (even values) or 1 (odd values). */
static void play(int mine)
{
	for (;;) {
		int s;
		while ((s = __atomic_load_n(&seq, __ATOMIC_SEQ_CST)) % 2 != mine && s < total) futex_wait(&seq, s);
		if (s >= total) return;
		__atomic_store_n(&seq, s + 1, __ATOMIC_SEQ_CST);
		futex_wake(&seq);
	}
}

static void *other(void *arg)
{
	(void)arg;
	play(1);
	return NULL;
}

int main(int argc, char **argv)
{
	total = argc > 1 ? atoi(argv[1]) : 100000;
	pthread_t t;
	if (pthread_create(&t, NULL, other, NULL) != 0) return 1;
	play(0);
	pthread_join(t, NULL);
	printf("%d\n", __atomic_load_n(&seq, __ATOMIC_SEQ_CST));
	return 0;
}
