/* atomic_counter: ll/sc atomicity across CPUs. Four threads each add 1 to shared counters 200000 times:
 *  - with __atomic_fetch_add, which gcc compiles for MIPS32r2 to an ll/addiu/sc/beqz loop;
 *  - with a compare-and-swap loop (__atomic_compare_exchange_n: another ll/sc loop, with a bne out of it);
 *  - under a pthread spin lock (glibc's is an ll/sc test-and-set);
 *  - and with a plain, unsynchronised increment, whose lost updates are allowed.
 * The three synchronised totals must be exact whatever the interleaving: an sc succeeds only if nothing else
 * could have written the word since its ll, so when a thread's turn ends between them (Trapgate: the CPU clears
 * LLbit at every exception return, and other CPUs run only between turns), the sc must fail and the loop retry.
 * Run with many CPUs and tiny turns (trapgate run --cpus 4 --quantum 50) the threads switch every few dozen
 * instructions, inside those loops. The plain counter's value depends on the interleaving, so only a bound is
 * printed: it can lose updates, never gain them; with the argument "report" its value is printed too (fewer than
 * 800000 shows that the threads were interrupted between a load and a store of the same word). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define THREADS 4
#define ITERATIONS 200000

static unsigned fetch_add_counter;
static unsigned cas_counter;
static unsigned locked_counter;
static volatile unsigned plain_counter;
static pthread_spinlock_t lock;
static pthread_barrier_t start;

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start);
	for (int i = 0; i < ITERATIONS; i++) {
		__atomic_fetch_add(&fetch_add_counter, 1, __ATOMIC_RELAXED);
		unsigned seen = __atomic_load_n(&cas_counter, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(&cas_counter, &seen, seen + 1, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			;
		pthread_spin_lock(&lock);
		locked_counter++;
		pthread_spin_unlock(&lock);
		plain_counter = plain_counter + 1;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[THREADS];
	pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE);
	pthread_barrier_init(&start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
	const unsigned expected = THREADS * ITERATIONS;
	printf("__atomic_fetch_add total %u (expected %u)\n", fetch_add_counter, expected);
	printf("compare-and-swap total %u (expected %u)\n", cas_counter, expected);
	printf("spin-locked total %u (expected %u)\n", locked_counter, expected);
	printf("plain counter at most %u: %s\n", expected, plain_counter <= expected ? "yes" : "no");
	/* "report": the value itself, which shows whether the threads really interleaved inside the loops. */
	if (argc > 1 && strcmp(argv[1], "report") == 0) printf("plain counter %u\n", plain_counter);
	return 0;
}
