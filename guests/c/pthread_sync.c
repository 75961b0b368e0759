/* pthread_sync: the synchronisation objects of POSIX threads, each checked by a result that does not depend on
 * how the threads interleave: mutexes (normal, recursive, error-checking, trylock, timedlock that times out),
 * condition variables (signal, broadcast, timed waits that time out on CLOCK_REALTIME and CLOCK_MONOTONIC),
 * barriers, read-write locks, POSIX semaphores (sem_trywait, sem_timedwait timing out), pthread_once and spin
 * locks. Threads never print; the main thread prints what they recorded. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mutex_util.h"

static long elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

/* ------------------------------------------------------------------ mutex counter */

#define COUNT_THREADS 8
#define COUNT_ITERS 20000
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < COUNT_ITERS; i++) {
		pthread_mutex_lock(&counter_lock);
		long v = counter;
		if ((i & 255) == 0) sched_yield(); /* sometimes give the lock holder's CPU away */
		counter = v + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

/* ------------------------------------------------------------------ mutex kinds */

static pthread_mutex_t shared_mutex;
static int other_result;

static void *try_other(void *arg)
{
	(void)arg;
	other_result = pthread_mutex_trylock(&shared_mutex);
	if (other_result == 0) pthread_mutex_unlock(&shared_mutex);
	return NULL;
}

static void *unlock_other(void *arg)
{
	(void)arg;
	other_result = pthread_mutex_unlock(&shared_mutex);
	return NULL;
}

static int from_other_thread(void *(*fn)(void *))
{
	pthread_t t;
	pthread_create(&t, NULL, fn, NULL);
	pthread_join(t, NULL);
	return other_result;
}

static void *hold_for_a_while(void *arg)
{
	pthread_mutex_lock(&shared_mutex);
	sem_post((sem_t *)arg);
	struct timespec ts = { 0, 300 * 1000000L };
	nanosleep(&ts, NULL);
	pthread_mutex_unlock(&shared_mutex);
	return NULL;
}

static void mutex_kinds(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);

	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&shared_mutex, &a);
	printf("recursive: lock x3 -> %s %s %s", err(pthread_mutex_lock(&shared_mutex)), err(pthread_mutex_lock(&shared_mutex)),
	       err(pthread_mutex_trylock(&shared_mutex)));
	printf(", other thread trylock -> %s", err(from_other_thread(try_other)));
	printf(", other thread unlock -> %s", err(from_other_thread(unlock_other)));
	printf(", unlock x3 -> %s %s %s", err(pthread_mutex_unlock(&shared_mutex)), err(pthread_mutex_unlock(&shared_mutex)),
	       err(pthread_mutex_unlock(&shared_mutex)));
	printf(", 4th unlock -> %s", err(pthread_mutex_unlock(&shared_mutex)));
	printf(", other thread trylock now -> %s\n", err(from_other_thread(try_other)));
	pthread_mutex_destroy(&shared_mutex);

	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&shared_mutex, &a);
	printf("error-checking: unlock unlocked -> %s", err(pthread_mutex_unlock(&shared_mutex)));
	printf(", lock -> %s", err(pthread_mutex_lock(&shared_mutex)));
	printf(", lock again -> %s", err(pthread_mutex_lock(&shared_mutex)));
	printf(", other thread unlock -> %s", err(from_other_thread(unlock_other)));
	printf(", other thread trylock -> %s", err(from_other_thread(try_other)));
	printf(", unlock -> %s\n", err(pthread_mutex_unlock(&shared_mutex)));
	pthread_mutex_destroy(&shared_mutex);

	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_NORMAL);
	pthread_mutex_init(&shared_mutex, &a);
	printf("normal: lock -> %s, trylock -> %s", err(pthread_mutex_lock(&shared_mutex)), err(pthread_mutex_trylock(&shared_mutex)));
	printf(", other thread trylock -> %s", err(from_other_thread(try_other)));
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct timespec dl = after_ms(CLOCK_REALTIME, 100);
	int rc = pthread_mutex_timedlock(&shared_mutex, &dl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf(", timedlock (100 ms) -> %s after >= 90 ms: %s", err(rc), elapsed_ms(&t0, &t1) >= 90 ? "yes" : "no");
	printf(", unlock -> %s\n", err(pthread_mutex_unlock(&shared_mutex)));

	/* A timedlock that gets the mutex when its holder lets go, before the deadline. */
	sem_t held;
	sem_init(&held, 0, 0);
	pthread_t h;
	pthread_create(&h, NULL, hold_for_a_while, &held);
	sem_wait(&held);
	dl = after_ms(CLOCK_REALTIME, 5000);
	rc = pthread_mutex_timedlock(&shared_mutex, &dl);
	printf("timedlock (5 s) on a mutex held for 300 ms -> %s\n", err(rc));
	pthread_mutex_unlock(&shared_mutex);
	pthread_join(h, NULL);
	pthread_mutex_destroy(&shared_mutex);
	pthread_mutexattr_destroy(&a);
}

/* ------------------------------------------------------------------ condition variables */

#define QUEUE_ITEMS 2000
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_nonfull = PTHREAD_COND_INITIALIZER;
static int q_buf[4], q_head, q_count;
static long consumed_sum[3];

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= QUEUE_ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_count == 4) pthread_cond_wait(&q_nonfull, &q_lock);
		q_buf[(q_head + q_count) % 4] = i;
		q_count++;
		pthread_cond_signal(&q_nonempty);
		pthread_mutex_unlock(&q_lock);
	}
	/* One end marker per consumer. */
	for (int i = 0; i < 3; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_count == 4) pthread_cond_wait(&q_nonfull, &q_lock);
		q_buf[(q_head + q_count) % 4] = 0;
		q_count++;
		pthread_cond_signal(&q_nonempty);
		pthread_mutex_unlock(&q_lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long *sum = arg;
	for (;;) {
		pthread_mutex_lock(&q_lock);
		while (q_count == 0) pthread_cond_wait(&q_nonempty, &q_lock);
		int v = q_buf[q_head];
		q_head = (q_head + 1) % 4;
		q_count--;
		pthread_cond_signal(&q_nonfull);
		pthread_mutex_unlock(&q_lock);
		if (v == 0) return NULL;
		*sum += v;
	}
}

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_open, gate_waiting, gate_passed;

static void *gate_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&gate_lock);
	gate_waiting++;
	pthread_cond_broadcast(&gate_cond); /* tell main one more is waiting */
	while (!gate_open) pthread_cond_wait(&gate_cond, &gate_lock);
	gate_passed++;
	pthread_mutex_unlock(&gate_lock);
	return NULL;
}

static void condition_variables(void)
{
	pthread_t p, c[3];
	pthread_create(&p, NULL, producer, NULL);
	for (int i = 0; i < 3; i++) pthread_create(&c[i], NULL, consumer, &consumed_sum[i]);
	pthread_join(p, NULL);
	for (int i = 0; i < 3; i++) pthread_join(c[i], NULL);
	printf("condvar queue: 1 producer, 3 consumers, %d items: sum %ld (expected %ld)\n", QUEUE_ITEMS,
	       consumed_sum[0] + consumed_sum[1] + consumed_sum[2], (long)QUEUE_ITEMS * (QUEUE_ITEMS + 1) / 2);

	pthread_t g[6];
	for (int i = 0; i < 6; i++) pthread_create(&g[i], NULL, gate_waiter, NULL);
	pthread_mutex_lock(&gate_lock);
	while (gate_waiting < 6) pthread_cond_wait(&gate_cond, &gate_lock);
	int passed_before = gate_passed;
	gate_open = 1;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	for (int i = 0; i < 6; i++) pthread_join(g[i], NULL);
	printf("broadcast: %d waiters, %d passed before, %d after\n", gate_waiting, passed_before, gate_passed);

	/* Timed waits nobody signals. */
	pthread_cond_t cv;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cv, &ca);
	struct timespec t0, t1;
	pthread_mutex_lock(&gate_lock);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct timespec dl = after_ms(CLOCK_MONOTONIC, 100);
	int rc = pthread_cond_timedwait(&cv, &gate_lock, &dl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("cond_timedwait on CLOCK_MONOTONIC (100 ms) -> %s after >= 90 ms: %s\n", err(rc), elapsed_ms(&t0, &t1) >= 90 ? "yes" : "no");
	pthread_cond_destroy(&cv);
	pthread_cond_init(&cv, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dl = after_ms(CLOCK_REALTIME, 100);
	rc = pthread_cond_timedwait(&cv, &gate_lock, &dl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("cond_timedwait on CLOCK_REALTIME (100 ms) -> %s after >= 90 ms: %s\n", err(rc), elapsed_ms(&t0, &t1) >= 90 ? "yes" : "no");
	dl = after_ms(CLOCK_REALTIME, -1000);
	printf("cond_timedwait with a past deadline -> %s\n", err(pthread_cond_timedwait(&cv, &gate_lock, &dl)));
	printf("the mutex is held again after the timeouts: trylock -> %s\n", err(pthread_mutex_trylock(&gate_lock)));
	pthread_mutex_unlock(&gate_lock);
	pthread_cond_destroy(&cv);
	pthread_condattr_destroy(&ca);
}

/* ------------------------------------------------------------------ barriers */

#define BAR_THREADS 6
#define BAR_PHASES 20
static pthread_barrier_t barrier;
static int phase_data[BAR_THREADS];
static int serial_count, mismatches;
static pthread_mutex_t bar_lock = PTHREAD_MUTEX_INITIALIZER;

static void *barrier_worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int phase = 1; phase <= BAR_PHASES; phase++) {
		phase_data[id] = phase * 100 + id;
		int rc = pthread_barrier_wait(&barrier);
		if (rc == PTHREAD_BARRIER_SERIAL_THREAD) {
			pthread_mutex_lock(&bar_lock);
			serial_count++;
			pthread_mutex_unlock(&bar_lock);
		} else if (rc != 0) {
			pthread_mutex_lock(&bar_lock);
			mismatches += 1000;
			pthread_mutex_unlock(&bar_lock);
		}
		/* Everyone wrote this phase's value before anyone got past the barrier. */
		for (int j = 0; j < BAR_THREADS; j++)
			if (phase_data[j] != phase * 100 + j) {
				pthread_mutex_lock(&bar_lock);
				mismatches++;
				pthread_mutex_unlock(&bar_lock);
			}
		pthread_barrier_wait(&barrier); /* nobody writes the next phase before everyone checked */
	}
	return NULL;
}

static void barriers(void)
{
	printf("pthread_barrier_init(count 0) -> %s\n", err(pthread_barrier_init(&barrier, NULL, 0)));
	pthread_barrier_init(&barrier, NULL, BAR_THREADS);
	pthread_t t[BAR_THREADS];
	for (int i = 0; i < BAR_THREADS; i++) pthread_create(&t[i], NULL, barrier_worker, (void *)(intptr_t)i);
	for (int i = 0; i < BAR_THREADS; i++) pthread_join(t[i], NULL);
	printf("barrier: %d threads, %d phases: serial threads %d, mismatches %d\n", BAR_THREADS, BAR_PHASES, serial_count, mismatches);
	pthread_barrier_destroy(&barrier);
}

/* ------------------------------------------------------------------ read-write locks */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_a, rw_b;
static int rw_bad;
static int rw_try_results[2];

static void *rw_writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3000; i++) {
		pthread_rwlock_wrlock(&rw);
		rw_a++;
		if ((i & 127) == 0) sched_yield();
		rw_b++;
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

static void *rw_reader(void *arg)
{
	(void)arg;
	int bad = 0;
	for (int i = 0; i < 3000; i++) {
		pthread_rwlock_rdlock(&rw);
		if (rw_a != rw_b) bad++;
		pthread_rwlock_unlock(&rw);
	}
	__atomic_add_fetch(&rw_bad, bad, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *rw_try(void *arg)
{
	(void)arg;
	rw_try_results[0] = pthread_rwlock_tryrdlock(&rw);
	if (rw_try_results[0] == 0) pthread_rwlock_unlock(&rw);
	rw_try_results[1] = pthread_rwlock_trywrlock(&rw);
	if (rw_try_results[1] == 0) pthread_rwlock_unlock(&rw);
	return NULL;
}

static void rwlocks(void)
{
	pthread_t t;
	pthread_rwlock_rdlock(&rw);
	pthread_create(&t, NULL, rw_try, NULL);
	pthread_join(t, NULL);
	printf("rwlock read-held: other thread tryrdlock -> %s, trywrlock -> %s\n", err(rw_try_results[0]), err(rw_try_results[1]));
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_wrlock(&rw);
	pthread_create(&t, NULL, rw_try, NULL);
	pthread_join(t, NULL);
	printf("rwlock write-held: other thread tryrdlock -> %s, trywrlock -> %s; wrlock again -> %s\n", err(rw_try_results[0]),
	       err(rw_try_results[1]), err(pthread_rwlock_wrlock(&rw)));
	pthread_rwlock_unlock(&rw);

	pthread_t w[3], r[4];
	for (int i = 0; i < 3; i++) pthread_create(&w[i], NULL, rw_writer, NULL);
	for (int i = 0; i < 4; i++) pthread_create(&r[i], NULL, rw_reader, NULL);
	for (int i = 0; i < 3; i++) pthread_join(w[i], NULL);
	for (int i = 0; i < 4; i++) pthread_join(r[i], NULL);
	printf("rwlock: 3 writers x 3000, 4 readers x 3000: a=%ld b=%ld, torn reads %d\n", rw_a, rw_b, rw_bad);
}

/* ------------------------------------------------------------------ semaphores */

static sem_t sem_items, sem_done;
static long sem_sum;

static void *sem_worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	sem_wait(&sem_items);
	__atomic_add_fetch(&sem_sum, id + 1, __ATOMIC_SEQ_CST);
	sem_post(&sem_done);
	return NULL;
}

static void semaphores(void)
{
	sem_t s;
	printf("sem_init(value 2) -> %d", sem_init(&s, 0, 2));
	int v = -1;
	sem_getvalue(&s, &v);
	printf(", value %d", v);
	int a = sem_trywait(&s), b = sem_trywait(&s), c = sem_trywait(&s);
	int c_errno = errno;
	printf(", trywait x3 -> %d %d %d (%s)", a, b, c, c == -1 ? err(c_errno) : "-");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct timespec dl = after_ms(CLOCK_REALTIME, 100);
	int rc = sem_timedwait(&s, &dl);
	int rc_errno = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf(", timedwait (100 ms) -> %d (%s) after >= 90 ms: %s", rc, rc == -1 ? err(rc_errno) : "-", elapsed_ms(&t0, &t1) >= 90 ? "yes" : "no");
	sem_post(&s);
	dl = after_ms(CLOCK_REALTIME, 100);
	printf(", post then timedwait -> %d\n", sem_timedwait(&s, &dl));
	sem_destroy(&s);

	/* Eight workers, each takes one item and adds id+1; main posts the items one by one. */
	sem_init(&sem_items, 0, 0);
	sem_init(&sem_done, 0, 0);
	pthread_t t[8];
	for (int i = 0; i < 8; i++) pthread_create(&t[i], NULL, sem_worker, (void *)(intptr_t)i);
	for (int i = 0; i < 8; i++) {
		sem_post(&sem_items);
		sem_wait(&sem_done);
	}
	for (int i = 0; i < 8; i++) pthread_join(t[i], NULL);
	sem_getvalue(&sem_items, &v);
	printf("semaphore hand-off to 8 threads: sum %ld, items left %d\n", sem_sum, v);
}

/* ------------------------------------------------------------------ pthread_once, spin locks */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_barrier_t once_start;

static void once_init(void)
{
	struct timespec ts = { 0, 20 * 1000000L };
	nanosleep(&ts, NULL); /* the others arrive while this runs, and must wait for it */
	once_runs++;
}

static int once_seen[8];

static void *once_worker(void *arg)
{
	pthread_barrier_wait(&once_start);
	pthread_once(&once, once_init);
	once_seen[(intptr_t)arg] = once_runs;
	return NULL;
}

static pthread_spinlock_t spin;
static long spin_counter;

static void *spin_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20000; i++) {
		pthread_spin_lock(&spin);
		spin_counter++;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

static void once_and_spin(void)
{
	pthread_t t[8];
	pthread_barrier_init(&once_start, NULL, 8);
	for (int i = 0; i < 8; i++) pthread_create(&t[i], NULL, once_worker, (void *)(intptr_t)i);
	for (int i = 0; i < 8; i++) pthread_join(t[i], NULL);
	int all = 1;
	for (int i = 0; i < 8; i++) all &= once_seen[i] == 1;
	printf("pthread_once from 8 threads: init ran %d time(s), every caller saw it done: %s\n", once_runs, all ? "yes" : "no");
	pthread_once(&once, once_init);
	printf("pthread_once again: init ran %d time(s)\n", once_runs);

	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	printf("spin trylock -> %s, again -> %s", err(pthread_spin_trylock(&spin)), err(pthread_spin_trylock(&spin)));
	pthread_spin_unlock(&spin);
	printf(", after unlock -> %s\n", err(pthread_spin_trylock(&spin)));
	pthread_spin_unlock(&spin);
	for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, spin_worker, NULL);
	for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
	printf("spin lock: 4 threads x 20000 -> %ld\n", spin_counter);
	pthread_spin_destroy(&spin);
}

int main(void)
{
	pthread_t t[COUNT_THREADS];
	for (int i = 0; i < COUNT_THREADS; i++) pthread_create(&t[i], NULL, count_worker, NULL);
	for (int i = 0; i < COUNT_THREADS; i++) pthread_join(t[i], NULL);
	printf("mutex counter: %d threads x %d -> %ld\n", COUNT_THREADS, COUNT_ITERS, counter);
	mutex_kinds();
	condition_variables();
	barriers();
	rwlocks();
	semaphores();
	once_and_spin();
	return 0;
}
