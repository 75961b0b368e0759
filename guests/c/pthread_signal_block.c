/* pthread_signal_block: a signal sent to a thread that is runnable but not running (preempted in user mode) must
 * be acted on before that thread can sleep. The worker computes until told to stop, then sleeps 20 s in a loop
 * until its SIGUSR1 handler has run. The signal is sent before the stop flag, so on one CPU it arrives while the
 * worker is preempted inside its loop, and on several CPUs while it runs. Linux delivers it on the worker's way back
 * to user mode (before it can see the flag), or, if the worker saw the flag first and is already on its way into
 * nanosleep, makes the sleep return at once (schedule() does not keep a task in an interruptible sleep while a
 * signal is pending): either way the handler runs at once. (Sending the signal after the flag would leave a real
 * race: a handler run between the worker's test of `handled` and its nanosleep leaves the full 20 s sleep.) */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static volatile int go, handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled = 1;
}

static void *worker(void *arg)
{
	(void)arg;
	while (!go) {
	}
	struct timespec ts = { 20, 0 };
	while (!handled) nanosleep(&ts, &ts);
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	for (volatile int i = 0; i < 3000000; i++) {
		/* let the worker be preempted inside its loop */
	}
	pthread_kill(t, SIGUSR1);
	go = 1;
	pthread_join(t, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("handler ran: %s, the worker ended within 5 s: %s\n", handled ? "yes" : "no", t1.tv_sec - t0.tv_sec < 5 ? "yes" : "no");
	return 0;
}
