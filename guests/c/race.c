/* race: threads racing without synchronisation, for the determinism tests. Four threads (released together by a
 * barrier) each
 *  - add 1 to a shared plain counter 100000 times (load, add, store: updates are lost when threads interleave
 *    inside that sequence, so the final value depends on where the scheduler switched);
 *  - store their number into a shared "last writer" word 20000 times;
 *  - then take a ticket (an atomic fetch-and-add) when they finish, recording the order the threads finished in.
 * The main thread also reads CLOCK_MONOTONIC (through the vDSO) before the release and after the joins.
 *
 * With the argument "report" it prints all of that: the counter, the last writer, the finishing order, and the
 * elapsed time in nanoseconds; under `trapgate run --seed S` every one of those must be the same in every run with
 * the same S (and the run's trace too), and across seeds they vary. Without arguments it prints only what is true
 * of any interleaving (the counter lost updates but never gained any, the last writer is one of the threads, each
 * ticket was taken once, time did not go back), so it runs in the differential suite. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define THREADS 4
#define INCREMENTS 100000
#define WRITES 20000

static volatile unsigned counter;
static volatile int last_writer = -1;
static unsigned next_ticket;
static int finished[THREADS];
static pthread_barrier_t start;

static void *racer(void *arg)
{
	int id = (int)(long)arg;
	pthread_barrier_wait(&start);
	for (int i = 0; i < INCREMENTS; i++) counter = counter + 1;
	for (int i = 0; i < WRITES; i++) last_writer = id;
	unsigned ticket = __atomic_fetch_add(&next_ticket, 1, __ATOMIC_SEQ_CST);
	if (ticket < THREADS) finished[ticket] = id;
	return NULL;
}

static long long monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int report = argc > 1 && strcmp(argv[1], "report") == 0;
	pthread_t t[THREADS];
	pthread_barrier_init(&start, NULL, THREADS + 1);
	for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, racer, (void *)(long)i);
	long long t0 = monotonic_ns();
	pthread_barrier_wait(&start);
	for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
	long long t1 = monotonic_ns();

	int seen[THREADS] = { 0 };
	int tickets_ok = next_ticket == THREADS;
	for (int i = 0; i < THREADS && tickets_ok; i++) {
		tickets_ok = finished[i] >= 0 && finished[i] < THREADS && !seen[finished[i]];
		if (tickets_ok) seen[finished[i]] = 1;
	}
	if (report) {
		printf("plain counter %u of %d\n", counter, THREADS * INCREMENTS);
		printf("last writer %d\n", last_writer);
		printf("finishing order");
		for (int i = 0; i < THREADS; i++) printf(" %d", finished[i]);
		printf("\n");
		printf("elapsed ns %lld\n", t1 - t0);
	} else {
		printf("plain counter at most %d: %s\n", THREADS * INCREMENTS, counter <= THREADS * INCREMENTS ? "yes" : "no");
		printf("last writer is one of the threads: %s\n", last_writer >= 0 && last_writer < THREADS ? "yes" : "no");
		printf("each finishing ticket taken once: %s\n", tickets_ok ? "yes" : "no");
		printf("monotonic time did not go back: %s\n", t1 >= t0 ? "yes" : "no");
	}
	return 0;
}
