/* sig_preempted: a signal sent to a thread that is preempted (or running on another CPU) is handled before that
 * thread runs another instruction of its own: the kernel delivers it on the thread's way back to user mode, which
 * for a preempted thread is when it is switched in again (and a running one is kicked into the kernel). The
 * worker spins until a flag is set; the main thread sends SIGUSR1 to it and then sets the flag. With "report" it
 * prints whether the handler had run by the time the worker saw the flag — always so under Trapgate, a race on a
 * real machine (the interrupt may come late), so the plain output, compared with qemu, says only that it ran. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile int go, handled, handled_before_go;

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
	handled_before_go = handled;
	return NULL;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	for (volatile int i = 0; i < 3000000; i++) {
		/* the worker is preempted inside its loop (one CPU), or runs it (several) */
	}
	pthread_kill(t, SIGUSR1);
	go = 1;
	pthread_join(t, NULL);
	if (argc == 2 && strcmp(argv[1], "report") == 0)
		printf("the handler ran before the worker saw the flag: %s\n", handled_before_go ? "yes" : "no");
	printf("the handler ran: %s\n", handled ? "yes" : "no");
	return 0;
}
