/* sched_throttle: a SCHED_FIFO thread spins until a normal thread has run. On one CPU the normal thread can only
 * run because of real-time throttling (Linux's defaults: real-time threads get 0.95 s of every 1 s); without it
 * the program never ends. Prints that both finished; with "report", first whether the policy could be set (root,
 * or RLIMIT_RTPRIO: a host's answer, so not in the plain output that the differential suite compares). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

static volatile int fifo_spinning, normal_done, fifo_set;

static void *fifo_thread(void *arg)
{
	(void)arg;
	struct sched_param p = { .sched_priority = 10 };
	fifo_set = sched_setscheduler(0, SCHED_FIFO, &p) == 0;
	fifo_spinning = 1;
	while (!normal_done) {
	}
	return NULL;
}

static void *normal_thread(void *arg)
{
	(void)arg;
	while (!fifo_spinning) sched_yield();
	normal_done = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t f, n;
	pthread_create(&f, NULL, fifo_thread, NULL);
	pthread_create(&n, NULL, normal_thread, NULL);
	pthread_join(f, NULL);
	pthread_join(n, NULL);
	if (argc == 2 && strcmp(argv[1], "report") == 0) printf("SCHED_FIFO set: %s\n", fifo_set ? "yes" : "no");
	printf("both finished: yes\n");
	return 0;
}
