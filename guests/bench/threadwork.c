/* threadwork: scaling with threads. A fixed total amount of integer work (ITEMS hash computations) is divided
 * evenly among T threads (created by the main thread, which then joins them): thread i hashes the items
 * [i*ITEMS/T, (i+1)*ITEMS/T). Every item costs the same, so the total work does not depend on T; only how it is
 * spread over threads does.
 *
 * Usage: threadwork T ITEMS   (default 4 threads, 10000000 items)
 * Output: one line, the 32-bit sum of every item's hash in decimal: the same for every T (a check that the work
 * was all done), and independent of timing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 256

static unsigned items;
static unsigned nthreads;
static unsigned sums[MAX_THREADS];

static unsigned hash(unsigned k)
{
	unsigned x = k * 0x9e3779b1u;
	x ^= x >> 15;
	x *= 0x85ebca77u;
	x ^= x >> 13;
	x *= 0xc2b2ae3du;
	return x ^ (x >> 16);
}

static void *work(void *arg)
{
	unsigned i = (unsigned)(unsigned long)arg;
	unsigned from = (unsigned)((unsigned long long)items * i / nthreads);
	unsigned to = (unsigned)((unsigned long long)items * (i + 1) / nthreads);
	unsigned sum = 0;
	for (unsigned k = from; k < to; k++) sum += hash(k);
	sums[i] = sum;
	return NULL;
}

int main(int argc, char **argv)
{
	nthreads = argc > 1 ? (unsigned)atoi(argv[1]) : 4;
	items = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 10000000u;
	if (nthreads < 1 || nthreads > MAX_THREADS) return 2;
	pthread_t t[MAX_THREADS];
	for (unsigned i = 0; i < nthreads; i++) {
		if (pthread_create(&t[i], NULL, work, (void *)(unsigned long)i) != 0) return 1;
	}
	unsigned sum = 0;
	for (unsigned i = 0; i < nthreads; i++) {
		pthread_join(t[i], NULL);
		sum += sums[i];
	}
	printf("%u\n", sum);
	return 0;
}
