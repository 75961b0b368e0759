/* spinners: two threads that compute in spin() (the main thread and one other), then the other sleeps 10 ms and
 * the main thread joins it. The scheduler tests run it with --trace: on one CPU the two take turns, each preempted
 * inside spin() when its time slice ends; on two CPUs each has a CPU of its own; the sleep and the join show as
 * sleep and wake events. The output does not depend on any of that. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

/* Kept out of line so that the preemption points can be found in its symbol's range. */
__attribute__((noinline)) static unsigned spin(unsigned n)
{
	unsigned x = 1;
	for (unsigned i = 0; i < n; i++) x = x * 1103515245u + 12345u;
	return x;
}

static unsigned results[2];

static void *other(void *arg)
{
	(void)arg;
	results[1] = spin(300000);
	struct timespec ten_ms = { 0, 10000000 };
	nanosleep(&ten_ms, NULL);
	return NULL;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, other, NULL);
	results[0] = spin(300000);
	pthread_join(t, NULL);
	printf("both threads computed the same: %s\n", results[0] == results[1] ? "yes" : "no");
	return 0;
}
