/* vclock: time as the guest sees it around work and sleep.
 *
 * Without arguments it prints facts true on any Linux (the monotonic clock never goes back across a loop of work,
 * a 200 ms nanosleep takes at least 200 ms), so it runs in the differential suite. With "report N MS" it prints
 * numbers for the virtual-clock tests: the nanoseconds CLOCK_MONOTONIC advanced (read through the vDSO) across a
 * loop of exactly 3*N instructions (the asm below: addiu, bnez, and the nop in its delay slot), and how far past
 * MS milliseconds a nanosleep of MS milliseconds returned. */
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

int main(int argc, char **argv)
{
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
