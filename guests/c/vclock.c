/* vclock: time as the guest sees it around work and sleep.
 *
 * Without arguments it prints facts true on any Linux (the monotonic clock never goes back across a loop of work,
 * a 200 ms nanosleep takes at least 200 ms), so it runs in the differential suite. With "report N MS" it prints
 * numbers for the virtual-clock tests: the nanoseconds CLOCK_MONOTONIC advanced (read through the vDSO) across a
 * loop of exactly 3*N instructions (the asm below: addiu, bnez, and the nop in its delay slot), and how far past
 * MS milliseconds a nanosleep of MS milliseconds returned. With "skew" it times the same short loop 2000 times
 * while a second thread spins (so another CPU is busy the whole time) and a third sleeps (so the kernel looks at
 * the time between turns, for its deadline), and prints the smallest and largest interval and how many read as 0:
 * readings on one CPU must not jump because another CPU is ahead or because the kernel looked. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Exactly 3 instructions per iteration. */
static void spin(unsigned n)
{
	if (n == 0) return;
	__asm__ volatile(".set push\n\t.set noreorder\n"
			 "1:\taddiu %0, %0, -1\n\t"
			 "bnez %0, 1b\n\t"
			 "nop\n\t"
			 ".set pop"
			 : "+r"(n));
}

static long long sleep_overshoot(long ms)
{
	struct timespec req = { ms / 1000, (ms % 1000) * 1000000L };
	long long t0 = now_ns();
	nanosleep(&req, NULL);
	return now_ns() - t0 - ms * 1000000LL;
}

static volatile int stop;

static void *spinner(void *arg)
{
	(void)arg;
	volatile unsigned x = 0;
	while (!stop) x++;
	return NULL;
}

static void *sleeper(void *arg)
{
	(void)arg;
	struct timespec long_time = { 100, 0 };
	nanosleep(&long_time, NULL);
	return NULL;
}

static void skew(void)
{
	pthread_t t, s;
	pthread_create(&s, NULL, sleeper, NULL);
	pthread_create(&t, NULL, spinner, NULL);
	long long min = 1LL << 60, max = 0;
	int zeros = 0;
	for (int i = 0; i < 2000; i++) {
		long long a = now_ns();
		spin(100);
		long long d = now_ns() - a;
		if (d < min) min = d;
		if (d > max) max = d;
		if (d == 0) zeros++;
	}
	stop = 1;
	pthread_join(t, NULL);
	printf("interval min %lld max %lld zeros %d\n", min, max, zeros);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "skew") == 0) {
		skew();
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "report") == 0) {
		unsigned n = (unsigned)strtoul(argv[2], NULL, 10);
		long ms = atol(argv[3]);
		long long t0 = now_ns();
		spin(n);
		long long t1 = now_ns();
		printf("loop ns %lld\n", t1 - t0);
		printf("sleep overshoot ns %lld\n", sleep_overshoot(ms));
		return 0;
	}
	long long t0 = now_ns();
	spin(1000000);
	long long t1 = now_ns();
	printf("monotonic time does not go back across work: %s\n", t1 >= t0 ? "yes" : "no");
	printf("a 200 ms sleep takes at least 200 ms: %s\n", sleep_overshoot(200) >= 0 ? "yes" : "no");
	return 0;
}
