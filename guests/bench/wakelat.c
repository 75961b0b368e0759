/* wakelat: futex wake-to-run latency. A sleeper thread (not the main one) blocks in FUTEX_WAIT on `go`; the waker
 * (the main thread) reads CLOCK_MONOTONIC (clock_gettime, through the vDSO) just before it changes `go` and calls
 * FUTEX_WAKE; the sleeper reads the clock right after its FUTEX_WAIT returns. The difference is one round's latency.
 *
 * Each round: the sleeper announces on `ready` (a store and a FUTEX_WAKE: the waker may be waiting there) that it
 * is about to wait on `go`, and waits. The waker waits for the announcement, then sleeps 50 us (nanosleep) so that
 * the sleeper is surely blocked in the kernel even when it runs on another CPU, then reads the clock, sets `go`
 * and wakes the sleeper. The nanosleep is before the first clock reading, so not part of the latency. A round whose
 * FUTEX_WAKE found no sleeper anyway is counted as missed and left out of the figures.
 *
 * The median comes from a histogram of 10 ns bins up to 1 ms (so that the guest's instructions per round do not
 * depend on the values, as a sort's would); latencies of 1 ms or more count in the last bin.
 *
 * Usage: wakelat ROUNDS  (default 10000)
 * Output: one line, four integers: rounds measured, mean latency (ns, rounded down), median latency (ns, rounded
 * down to 10 ns: the lower edge of the median's bin), missed rounds.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BIN_NS 10
#define BINS 100000

static int ready;       /* set to r + 1 by the sleeper when it is about to wait in round r */
static int go;          /* set to r + 1 by the waker to end round r */
static long long t0;    /* the waker's clock reading of the current round */
static long long *lat;  /* per round: the latency */
static int rounds;
static unsigned histogram[BINS];

static long long now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int futex(int *addr, int op, int val)
{
	return syscall(SYS_futex, addr, op, val, NULL, NULL, 0);
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (int r = 0; r < rounds; r++) {
		__atomic_store_n(&ready, r + 1, __ATOMIC_SEQ_CST);
		futex(&ready, FUTEX_WAKE_PRIVATE, 1);
		while (__atomic_load_n(&go, __ATOMIC_SEQ_CST) == r) futex(&go, FUTEX_WAIT_PRIVATE, r);
		long long t1 = now();
		/* The waker stored t0 before its (sequentially consistent) store of go, which this thread has seen. */
		lat[r] = t1 - t0;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	rounds = argc > 1 ? atoi(argv[1]) : 10000;
	lat = calloc(rounds > 0 ? rounds : 1, sizeof *lat);
	char *missed = calloc(rounds > 0 ? rounds : 1, 1);
	pthread_t t;
	if (!lat || !missed || pthread_create(&t, NULL, sleeper, NULL) != 0) return 1;
	const struct timespec pause = { 0, 50000 };
	for (int r = 0; r < rounds; r++) {
		while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) == r) futex(&ready, FUTEX_WAIT_PRIVATE, r);
		nanosleep(&pause, NULL);
		t0 = now();
		__atomic_store_n(&go, r + 1, __ATOMIC_SEQ_CST);
		missed[r] = futex(&go, FUTEX_WAKE_PRIVATE, 1) != 1;
	}
	pthread_join(t, NULL);
	long long sum = 0;
	int n = 0, misses = 0;
	for (int r = 0; r < rounds; r++) {
		if (missed[r]) { misses++; continue; }
		long long bin = lat[r] < 0 ? 0 : lat[r] / BIN_NS;
		histogram[bin < BINS ? bin : BINS - 1]++;
		sum += lat[r];
		n++;
	}
	/* Every bin is visited, whatever the values, so that this costs the same in every run. */
	long long median = -1;
	unsigned seen = 0, half = (unsigned)(n + 1) / 2;
	for (int b = 0; b < BINS; b++) {
		seen += histogram[b];
		if (median < 0 && seen >= half && n > 0) median = (long long)b * BIN_NS;
	}
	if (median < 0) median = 0;
	printf("%d %lld %lld %d\n", n, n ? sum / n : 0, median, misses);
	return 0;
}
