/* sched_rt: real-time priorities decide who runs, at once (kernel/sched/core.c and rt.c, Linux 6.1). Every thread
 * is kept on one CPU (the first the process may use), so each check is about the order of events there:
 *  - a SCHED_FIFO thread woken by a normal thread runs before the waker's next instruction (wake_up_process ->
 *    check_preempt_curr: the waker is preempted on its way out of the system call);
 *  - a SCHED_FIFO thread created by a normal thread (pthread attributes with PTHREAD_EXPLICIT_SCHED) has run
 *    before pthread_create returns;
 *  - three FIFO threads of priorities 10, 30 and 20, made runnable while a priority-90 thread holds the CPU, run in
 *    priority order once it sleeps: 30, 20, 10;
 *  - a FIFO thread that lowers its own priority below a waiting one's (sched_setparam) gives it the CPU at once
 *    (prio_changed_rt: resched_curr), and one that raises a waiting thread's priority above its own
 *    (sched_setparam on its tid) too; a new FIFO thread above its FIFO creator runs first;
 *  - sched_yield hands the CPU to a waiting FIFO thread of the same priority.
 * A thread records what it saw; only the main thread prints, at the end.
 *
 * All of that needs the right to use real-time policies (CAP_SYS_NICE; root in Trapgate), so it is done only
 * with the argument "report"; without arguments the guest prints one fixed line (it is in the differential suite,
 * which runs every guest without arguments on hosts that may not grant that right). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int flag; /* volatile: read right after calls that may let another thread set it */
static sem_t go;

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static int set_self(int policy, int prio)
{
	struct sched_param p = { .sched_priority = prio };
	return sched_setscheduler(0, policy, &p) == 0 ? 0 : errno;
}

/* Creates a thread with an explicit policy and priority (it inherits the creator's CPU mask). */
static int create(pthread_t *t, int policy, int prio, void *(*body)(void *), void *arg)
{
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setinheritsched(&at, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&at, policy);
	struct sched_param p = { .sched_priority = prio };
	pthread_attr_setschedparam(&at, &p);
	int rc = pthread_create(t, &at, body, arg);
	pthread_attr_destroy(&at);
	return rc;
}

/* ------------------------------------------------------------------ wake-up and creation */

static volatile int sleeping;

static void *woken(void *arg)
{
	(void)arg;
	sleeping = 1;
	sem_wait(&go);
	flag = 1;
	return NULL;
}

static void *set_flag(void *arg)
{
	(void)arg;
	flag = 1;
	return NULL;
}

/* ------------------------------------------------------------------ priority order */

/* The order in which threads got somewhere (atomics: the compiler must not keep these in registers across calls). */
static volatile int order[8];
static int order_len;

static void note(int what)
{
	order[__atomic_fetch_add(&order_len, 1, __ATOMIC_SEQ_CST)] = what;
}

static void *record(void *arg)
{
	note((int)(long)arg);
	return NULL;
}

/* ------------------------------------------------------------------ yield */

static void *yield_partner(void *arg)
{
	(void)arg;
	note(2);
	return NULL;
}

static volatile pid_t waiting_tid;

/* Runs first (above its creator), publishes its tid, drops below its creator, and flags when it runs again. */
static void *publish_and_flag(void *arg)
{
	(void)arg;
	waiting_tid = (pid_t)syscall(SYS_gettid);
	struct sched_param sp = { .sched_priority = 20 };
	sched_setparam(0, &sp);
	flag = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "report") != 0) {
		puts("sched_rt: the real-time checks run with the argument \"report\"");
		return 0;
	}
	/* Everything on one CPU: the first this process may use. */
	cpu_set_t all, one;
	sched_getaffinity(0, sizeof all, &all);
	CPU_ZERO(&one);
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (CPU_ISSET(c, &all)) {
			CPU_SET(c, &one);
			break;
		}
	}
	sched_setaffinity(0, sizeof one, &one);
	sem_init(&go, 0, 0);

	/* 1. A woken FIFO thread preempts its normal waker. */
	pthread_t t;
	flag = 0;
	int rc = create(&t, SCHED_FIFO, 50, woken, NULL);
	if (rc != 0) {
		printf("pthread_create(SCHED_FIFO 50) -> %s\n", strerror(rc));
		return 1;
	}
	while (!sleeping) sched_yield();
	for (volatile int i = 0; i < 100000; i++) /* it is asleep in sem_wait by now (it runs first when it can) */
		;
	sem_post(&go);
	int woken_first = flag;
	pthread_join(t, NULL);
	printf("a SCHED_FIFO thread woken by a normal thread ran before the waker went on: %s\n", yesno(woken_first));

	/* 2. A FIFO thread created by a normal thread has run when pthread_create returns. */
	flag = 0;
	create(&t, SCHED_FIFO, 50, set_flag, NULL);
	int created_first = flag;
	pthread_join(t, NULL);
	printf("a SCHED_FIFO thread created by a normal thread ran before pthread_create returned: %s\n",
	       yesno(created_first));

	/* 3. Priority order. */
	printf("main to SCHED_FIFO 90 -> %s\n", set_self(SCHED_FIFO, 90) ? "failed" : "ok");
	pthread_t p[3];
	int prios[3] = { 10, 30, 20 };
	order_len = 0;
	for (int i = 0; i < 3; i++) create(&p[i], SCHED_FIFO, prios[i], record, (void *)(long)prios[i]);
	int before_sleep = __atomic_load_n(&order_len, __ATOMIC_SEQ_CST);
	for (int i = 0; i < 3; i++) pthread_join(p[i], NULL);
	printf("FIFO 10, 30, 20 created by FIFO 90: none ran while it held the CPU: %s; order once it slept: %d %d %d\n",
	       yesno(before_sleep == 0), order[0], order[1], order[2]);

	/* 4. Lowering one's own priority below a waiting thread's. */
	set_self(SCHED_FIFO, 50);
	flag = 0;
	create(&t, SCHED_FIFO, 40, set_flag, NULL);
	int ran_early = flag;
	struct sched_param sp = { .sched_priority = 30 };
	sched_setparam(0, &sp);
	int ran_after_lowering = flag;
	pthread_join(t, NULL);
	printf("FIFO 50 creates FIFO 40: it waits: %s; FIFO 50 lowers itself to 30: it runs at once: %s\n",
	       yesno(!ran_early), yesno(ran_after_lowering));

	/* 5. Raising a waiting thread above oneself: FIFO 35 under FIFO 30 runs first, publishes its tid and lowers itself
	 * to 20, so it waits again; then its priority is raised to 40. */
	set_self(SCHED_FIFO, 30);
	flag = 0;
	waiting_tid = 0;
	create(&t, SCHED_FIFO, 35, publish_and_flag, NULL);
	int ran_before_raise = flag;
	int published = waiting_tid != 0;
	sp.sched_priority = 40;
	/* (Without a published tid, pid 0 would be this thread.) */
	int raise_rc = published ? sched_setparam(waiting_tid, &sp) : -1;
	int ran_after_raise = flag;
	pthread_join(t, NULL);
	printf("FIFO 30 creates FIFO 35: it ran first: %s; it lowers itself to 20: it waits: %s; "
	       "raised to 40 (-> %s): it runs at once: %s\n", yesno(published), yesno(!ran_before_raise),
	       raise_rc == 0 ? "ok" : published ? strerror(errno) : "not tried", yesno(ran_after_raise));

	/* 6. sched_yield between FIFO threads of one priority. */
	set_self(SCHED_FIFO, 30);
	order_len = 0;
	create(&t, SCHED_FIFO, 30, yield_partner, NULL);
	note(1);
	sched_yield();
	note(3);
	pthread_join(t, NULL);
	printf("FIFO 30 yields to a waiting FIFO 30: order %d %d %d\n", order[0], order[1], order[2]);

	set_self(SCHED_OTHER, 0);
	return 0;
}
