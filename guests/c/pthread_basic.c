/* pthread_basic: creating and joining threads (return values, pthread_exit, reversed join order, a second wave
 * that reuses stacks), detached threads, thread attributes (stack size, detach state), identity (gettid distinct,
 * getpid shared, pthread_self/pthread_equal), and thread-local storage: __thread variables with initial values
 * (.tdata) and without (.tbss), each thread seeing the initial values whatever the others did, at addresses
 * distinct from every other thread's. Everything is printed by the main thread after the joins, so the output
 * does not depend on how the threads interleave. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define N 16

static __thread int tls_counter = 1000;              /* .tdata */
static __thread char tls_name[24] = "initial name";  /* .tdata */
static __thread long tls_zero;                       /* .tbss */
static __thread double tls_array[8];                 /* .tbss */

struct report {
	int index;
	pid_t tid;
	pid_t pid;
	pthread_t self;
	int saw_counter;
	char saw_name[24];
	long saw_zero;
	double saw_array_sum;
	uintptr_t counter_addr, name_addr, zero_addr;
	int final_counter;
};

static struct report reports[N];
static pid_t main_pid;

static void *worker(void *arg)
{
	struct report *r = arg;
	r->tid = (pid_t)syscall(SYS_gettid);
	r->pid = getpid();
	r->self = pthread_self();
	r->saw_counter = tls_counter;
	strcpy(r->saw_name, tls_name);
	r->saw_zero = tls_zero;
	double sum = 0;
	for (int i = 0; i < 8; i++) sum += tls_array[i];
	r->saw_array_sum = sum;
	r->counter_addr = (uintptr_t)&tls_counter;
	r->name_addr = (uintptr_t)tls_name;
	r->zero_addr = (uintptr_t)&tls_zero;
	/* Change this thread's copies; nobody else may see it. */
	for (int i = 0; i <= r->index; i++) tls_counter += i;
	snprintf(tls_name, sizeof tls_name, "thread %d", r->index);
	tls_zero = -r->index;
	tls_array[r->index % 8] = r->index;
	sched_yield();
	r->final_counter = tls_counter;
	if (strcmp(tls_name, "thread") < 0) return NULL;
	if (r->index % 2) pthread_exit((void *)(intptr_t)(r->index * r->index));
	return (void *)(intptr_t)(r->index * r->index);
}

static int big_stack_ok(void)
{
	volatile char buf[48 * 1024];
	for (size_t i = 0; i < sizeof buf; i += 512) buf[i] = (char)i;
	int sum = 0;
	for (size_t i = 0; i < sizeof buf; i += 512) sum += buf[i] == (char)i;
	return sum == (int)(sizeof buf / 512);
}

static void *stack_user(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)big_stack_ok();
}

static sem_t detached_done;
static int detached_sum;
static pthread_mutex_t detached_lock = PTHREAD_MUTEX_INITIALIZER;

static void *detached(void *arg)
{
	int v = (int)(intptr_t)arg;
	pthread_mutex_lock(&detached_lock);
	detached_sum += v;
	pthread_mutex_unlock(&detached_lock);
	tls_counter = v; /* its own copy */
	sem_post(&detached_done);
	return NULL;
}

static void *self_detacher(void *arg)
{
	int rc = pthread_detach(pthread_self());
	*(int *)arg = rc;
	sem_post(&detached_done);
	return NULL;
}

static void *wave(void *arg)
{
	return (void *)((intptr_t)arg * 3 + tls_counter);
}

int main(void)
{
	pthread_t t[N];
	main_pid = getpid();
	tls_counter = 7;
	strcpy(tls_name, "main's name");
	tls_zero = 99;
	tls_array[3] = 1.5;

	for (int i = 0; i < N; i++) {
		reports[i].index = i;
		if (pthread_create(&t[i], NULL, worker, &reports[i]) != 0) { puts("pthread_create failed"); return 1; }
	}
	long values[N];
	/* Join in reverse order: a thread that already ended is joined at once, the others are waited for. */
	for (int i = N - 1; i >= 0; i--) {
		void *ret;
		int rc = pthread_join(t[i], &ret);
		values[i] = rc == 0 ? (long)(intptr_t)ret : -1000 - rc;
	}
	printf("created and joined %d threads\n", N);
	printf("return values:");
	for (int i = 0; i < N; i++) printf(" %ld", values[i]);
	printf("\n");

	int initial_ok = 1, own_ok = 1, pid_ok = 1, tid_ok = 1, self_ok = 1, addr_ok = 1;
	for (int i = 0; i < N; i++) {
		struct report *r = &reports[i];
		if (r->saw_counter != 1000 || strcmp(r->saw_name, "initial name") != 0 || r->saw_zero != 0 || r->saw_array_sum != 0)
			initial_ok = 0;
		if (r->final_counter != 1000 + i * (i + 1) / 2) own_ok = 0;
		if (r->pid != main_pid) pid_ok = 0;
		if (r->tid == main_pid || r->tid <= 0) tid_ok = 0;
		if (pthread_equal(r->self, pthread_self())) self_ok = 0;
		if (r->counter_addr == (uintptr_t)&tls_counter || r->name_addr == (uintptr_t)tls_name ||
		    r->zero_addr == (uintptr_t)&tls_zero)
			addr_ok = 0;
		for (int j = 0; j < i; j++) {
			if (reports[j].tid == r->tid) tid_ok = 0;
			if (pthread_equal(reports[j].self, r->self)) self_ok = 0;
			if (reports[j].counter_addr == r->counter_addr || reports[j].name_addr == r->name_addr ||
			    reports[j].zero_addr == r->zero_addr)
				addr_ok = 0;
		}
	}
	printf("every thread saw the initial TLS values (1000, \"initial name\", 0, zeros): %s\n", initial_ok ? "yes" : "no");
	printf("every thread's changes stayed its own: %s\n", own_ok ? "yes" : "no");
	printf("main's TLS unchanged: counter %d, name \"%s\", zero %ld, array[3] %.1f\n", tls_counter, tls_name, tls_zero,
	       tls_array[3]);
	printf("getpid() the same in every thread: %s\n", pid_ok ? "yes" : "no");
	printf("gettid() distinct and not the pid: %s\n", tid_ok ? "yes" : "no");
	printf("pthread_self() distinct, pthread_equal agrees: %s\n", self_ok ? "yes" : "no");
	printf("TLS addresses distinct per thread: %s\n", addr_ok ? "yes" : "no");
	printf("main thread's tid is the pid: %s\n", syscall(SYS_gettid) == main_pid ? "yes" : "no");

	/* A thread with a chosen stack size that uses most of it. */
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	size_t size = 0;
	printf("pthread_attr_setstacksize(256 KiB) -> %d\n", pthread_attr_setstacksize(&attr, 256 * 1024));
	pthread_attr_getstacksize(&attr, &size);
	printf("stack size read back: %zu\n", size);
	printf("pthread_attr_setstacksize(16) -> %s\n", pthread_attr_setstacksize(&attr, 16) == EINVAL ? "EINVAL" : "?");
	pthread_t big;
	void *ok;
	pthread_create(&big, &attr, stack_user, NULL);
	pthread_join(big, &ok);
	printf("48 KiB of locals on a 256 KiB thread stack: %s\n", ok ? "ok" : "broken");
	pthread_attr_destroy(&attr);

	/* Detached threads: created detached, and one that detaches itself. */
	sem_init(&detached_done, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int state = -1;
	pthread_attr_getdetachstate(&attr, &state);
	printf("detach state attribute: %s\n", state == PTHREAD_CREATE_DETACHED ? "PTHREAD_CREATE_DETACHED" : "?");
	for (int i = 1; i <= 10; i++) {
		pthread_t d;
		if (pthread_create(&d, &attr, detached, (void *)(intptr_t)i) != 0) puts("detached create failed");
	}
	pthread_attr_destroy(&attr);
	int self_rc = -1;
	pthread_t sd;
	pthread_create(&sd, NULL, self_detacher, &self_rc);
	for (int i = 0; i < 11; i++) sem_wait(&detached_done);
	printf("10 detached threads ran: sum %d; self-detach -> %d\n", detached_sum, self_rc);

	/* Second wave, after the first threads' stacks were freed for reuse: 3 rounds of 8. */
	long total = 0;
	for (int round = 0; round < 3; round++) {
		pthread_t w[8];
		for (int i = 0; i < 8; i++) pthread_create(&w[i], NULL, wave, (void *)(intptr_t)(round * 8 + i));
		for (int i = 0; i < 8; i++) {
			void *r;
			pthread_join(w[i], &r);
			total += (long)(intptr_t)r;
		}
	}
	printf("three more waves of 8 threads: total %ld\n", total);

	/* Joining oneself is a deadlock glibc detects. */
	printf("pthread_join(self) -> %s\n", pthread_join(pthread_self(), NULL) == EDEADLK ? "EDEADLK" : "?");
	return 0;
}
