/* pthread_many: 64 threads alive at once (a barrier holds them all until the last one has started), each doing
 * its own arithmetic in slices with sched_yield between them, adding into a shared total under a mutex and into
 * an atomic counter, then a second round in which they take turns in a fixed order (each waits, yielding, for
 * the previous one's turn), so the order they finish in is known. The main thread prints sums that do not
 * depend on scheduling. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 64
#define SLICES 20
#define SLICE_WORK 500

static pthread_barrier_t all_started;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t total;
static unsigned atomic_count;
static uint32_t results[THREADS];
static pid_t tids[THREADS];
static volatile int turn;
static int order[THREADS];
static int order_pos;
static unsigned yields;

static uint32_t work(uint32_t x, int n)
{
	for (int i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
	}
	return x;
}

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	tids[id] = (pid_t)syscall(SYS_gettid);
	pthread_barrier_wait(&all_started);
	uint32_t x = 2463534242u + (uint32_t)id * 7919u;
	for (int s = 0; s < SLICES; s++) {
		x = work(x, SLICE_WORK);
		__atomic_add_fetch(&atomic_count, 1, __ATOMIC_SEQ_CST);
		sched_yield();
	}
	results[id] = x;
	pthread_mutex_lock(&total_lock);
	total += x;
	pthread_mutex_unlock(&total_lock);

	/* Round two: strict turns, 0, 1, 2, ... */
	while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != id) {
		__atomic_add_fetch(&yields, 1, __ATOMIC_RELAXED);
		sched_yield();
	}
	order[order_pos++] = id;
	__atomic_store_n(&turn, id + 1, __ATOMIC_RELEASE);
	return (void *)(uintptr_t)(x & 0xffff);
}

int main(void)
{
	pthread_t t[THREADS];
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 128 * 1024);
	pthread_barrier_init(&all_started, NULL, THREADS + 1);
	for (int i = 0; i < THREADS; i++) {
		if (pthread_create(&t[i], &attr, worker, (void *)(intptr_t)i) != 0) {
			printf("pthread_create %d failed\n", i);
			return 1;
		}
	}
	pthread_barrier_wait(&all_started);
	printf("%d threads started and all alive at the barrier\n", THREADS);
	uint64_t low_sum = 0;
	for (int i = 0; i < THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		low_sum += (uintptr_t)r;
	}
	uint64_t check = 0;
	int distinct = 1;
	for (int i = 0; i < THREADS; i++) {
		uint32_t x = 2463534242u + (uint32_t)i * 7919u;
		for (int s = 0; s < SLICES; s++) x = work(x, SLICE_WORK);
		if (x != results[i]) printf("thread %d: wrong result\n", i);
		check += x;
		for (int j = 0; j < i; j++) distinct &= tids[j] != tids[i];
	}
	printf("total %llu, expected %llu\n", (unsigned long long)total, (unsigned long long)check);
	printf("atomic slices %u (expected %d)\n", atomic_count, THREADS * SLICES);
	printf("sum of the low 16 bits returned by join: %llu\n", (unsigned long long)low_sum);
	int in_order = order_pos == THREADS;
	for (int i = 0; i < THREADS && in_order; i++) in_order = order[i] == i;
	printf("turns taken in order 0..%d: %s\n", THREADS - 1, in_order ? "yes" : "no");
	printf("thread ids distinct: %s\n", distinct ? "yes" : "no");
	return 0;
}
