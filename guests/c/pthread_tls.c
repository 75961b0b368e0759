/* pthread_tls: thread-local storage while threads are preempted and move between CPUs. pthread_basic checks that
 * each thread starts with the TLS image and that its changes stay its own; this guest checks that this stays true
 * while the threads compute at length, are preempted, yield and move themselves from CPU to CPU with
 * sched_setaffinity (the thread pointer, UserLocal read by `rdhwr $29`, must follow the thread, not the CPU):
 *  - the TLS image: a .tdata table of constants, a 64-bit value, a 32-byte aligned member (alignment kept), and
 *    .tbss zeros, as every new thread sees them, including a thread created by a thread that changed its own;
 *  - 12 threads each run a 64-bit generator held in a __thread variable and count in a __thread array, for 40
 *    rounds of work with a yield and a move to another allowed CPU between rounds; after every round the address
 *    of its variable and `rdhwr $29` are still what they were at its start; the main thread recomputes each
 *    thread's generator without TLS and compares;
 *  - addresses of each thread's variables are distinct, main's own TLS is untouched;
 *  - pthread_key_create destructors run once for each thread that set a value, with that value.
 * Threads never print; the main thread prints after the joins, so the output does not depend on scheduling. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define THREADS 12
#define ROUNDS 40
#define WORK 1500
#define COUNTERS 100

static const unsigned table_init[8] = { 0x9e3779b9u, 0x7f4a7c15u, 0xf39cc060u, 0x5ced58a3u,
					 0x2545f491u, 0x4f6cdd1du, 0x6a09e667u, 0xbb67ae85u };
#define ACC_INIT 0x0123456789abcdefULL

static __thread unsigned tls_table[8] = { 0x9e3779b9u, 0x7f4a7c15u, 0xf39cc060u, 0x5ced58a3u,
					  0x2545f491u, 0x4f6cdd1du, 0x6a09e667u, 0xbb67ae85u }; /* .tdata */
static __thread unsigned long long tls_acc = ACC_INIT;                                     /* .tdata */
static __thread struct { char tag; double value __attribute__((aligned(32))); } tls_aligned = { 'x', 2.5 };
static __thread unsigned tls_counts[COUNTERS];                                             /* .tbss */

static unsigned user_local(void)
{
	unsigned r;
	__asm__ volatile(".set push\n.set mips32r2\nrdhwr %0, $29\n.set pop" : "=r"(r));
	return r;
}

/* The TLS image as a new thread must see it. */
static int image_intact(void)
{
	int ok = memcmp(tls_table, table_init, sizeof table_init) == 0 && tls_acc == ACC_INIT &&
		 tls_aligned.tag == 'x' && tls_aligned.value == 2.5 && ((uintptr_t)&tls_aligned.value & 31) == 0;
	for (int i = 0; i < COUNTERS; i++) ok &= tls_counts[i] == 0;
	return ok;
}

static unsigned long long step(unsigned long long x, int id)
{
	return x * 6364136223846793005ULL + (unsigned long long)(2 * id + 1);
}

static int allowed[64];
static int nallowed;

struct result {
	int id;
	int image_ok;
	int stable;             /* &tls_acc and rdhwr $29 unchanged after every round */
	int counts_ok;
	int nested_image_ok;
	unsigned long long acc;
	uintptr_t acc_addr, counts_addr;
};

static struct result results[THREADS];
static pthread_key_t key;
static unsigned destructor_sum, destructor_calls;

static void destructor(void *value)
{
	__atomic_add_fetch(&destructor_sum, (unsigned)(uintptr_t)value, __ATOMIC_RELAXED);
	__atomic_add_fetch(&destructor_calls, 1, __ATOMIC_RELAXED);
}

static void *nested(void *arg)
{
	*(int *)arg = image_intact();
	return NULL;
}

static void *worker(void *arg)
{
	struct result *r = arg;
	r->image_ok = image_intact();
	pthread_setspecific(key, (void *)(uintptr_t)(100 + r->id));
	unsigned ulr = user_local();
	unsigned long long *where = &tls_acc;
	r->acc_addr = (uintptr_t)&tls_acc;
	r->counts_addr = (uintptr_t)tls_counts;
	r->stable = 1;
	for (int round = 0; round < ROUNDS; round++) {
		for (int w = 0; w < WORK; w++) {
			tls_acc = step(tls_acc, r->id);
			tls_counts[w % COUNTERS]++;
		}
		if (round % 3 == 0) sched_yield();
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(allowed[(r->id + round) % nallowed], &set);
		sched_setaffinity(0, sizeof set, &set);
		r->stable &= &tls_acc == where && user_local() == ulr;
	}
	r->acc = tls_acc;
	int ok = 1;
	for (int i = 0; i < COUNTERS; i++) ok &= tls_counts[i] == ROUNDS * WORK / COUNTERS;
	r->counts_ok = ok;
	if (r->id == 0) {
		/* Its own TLS is far from the image now; a thread it creates starts from the image all the same. */
		tls_table[3] = 0;
		tls_aligned.tag = 'y';
		pthread_t t;
		pthread_create(&t, NULL, nested, &r->nested_image_ok);
		pthread_join(t, NULL);
	}
	return NULL;
}

int main(void)
{
	cpu_set_t all;
	CPU_ZERO(&all);
	sched_getaffinity(0, sizeof all, &all);
	for (int c = 0; c < CPU_SETSIZE && nallowed < 64; c++)
		if (CPU_ISSET(c, &all)) allowed[nallowed++] = c;
	if (nallowed == 0) return 1;

	int main_image = image_intact();
	tls_acc = 42;
	tls_counts[7] = 7;
	pthread_key_create(&key, destructor);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		results[i].id = i;
		pthread_create(&t[i], NULL, worker, &results[i]);
	}
	for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);

	int image_ok = 1, stable = 1, counts_ok = 1, acc_ok = 1, distinct = 1;
	for (int i = 0; i < THREADS; i++) {
		struct result *r = &results[i];
		image_ok &= r->image_ok;
		stable &= r->stable;
		counts_ok &= r->counts_ok;
		unsigned long long x = ACC_INIT;
		for (int n = 0; n < ROUNDS * WORK; n++) x = step(x, i);
		acc_ok &= r->acc == x;
		distinct &= r->acc_addr != (uintptr_t)&tls_acc && r->counts_addr != (uintptr_t)tls_counts;
		for (int j = 0; j < i; j++)
			distinct &= results[j].acc_addr != r->acc_addr && results[j].counts_addr != r->counts_addr;
	}
	printf("main thread saw the TLS image: %s\n", main_image ? "yes" : "no");
	printf("%d threads saw the TLS image (.tdata table, 64-bit value, 32-byte aligned member, .tbss zeros): %s\n",
	       THREADS, image_ok ? "yes" : "no");
	printf("a thread created by a thread that changed its TLS saw the image: %s\n",
	       results[0].nested_image_ok ? "yes" : "no");
	printf("TLS address and rdhwr $29 unchanged across %d rounds of yields and moves between CPUs: %s\n", ROUNDS,
	       stable ? "yes" : "no");
	printf("each thread's __thread generator equals the one recomputed without TLS: %s\n", acc_ok ? "yes" : "no");
	printf("each thread's __thread counters counted %d each: %s\n", ROUNDS * WORK / COUNTERS, counts_ok ? "yes" : "no");
	printf("TLS addresses distinct per thread: %s\n", distinct ? "yes" : "no");
	printf("main's TLS unchanged: acc %llu, counts[7] %u\n", tls_acc, tls_counts[7]);
	printf("key destructors: %u calls, sum of values %u\n", destructor_calls, destructor_sum);
	return 0;
}
