/* stdin_wait: a thread reading the host's standard input sleeps in the guest kernel until input arrives; the
 * other threads go on meanwhile (the host is not blocked). The worker computes and then says so with one write;
 * the main thread polls stdin once without waiting (what is there: nothing yet, data, or the end of a pipe whose
 * writer is gone — POLLHUP, as pipe_poll reports it), then reads it, joins the worker and reports. A test feeds
 * stdin only after it has seen the worker's line, which can only come out while main waits in read(). */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *worker(void *arg)
{
	(void)arg;
	volatile unsigned x = 1;
	for (unsigned i = 0; i < 2000000; i++) x = x * 1103515245u + 12345u;
	static const char line[] = "worker done\n";
	write(1, line, sizeof line - 1);
	return NULL;
}

int main(void)
{
	struct pollfd p = { 0, POLLIN, 0 };
	int ready = poll(&p, 1, 0);
	const char *what = ready == 0 ? "nothing" : (p.revents & POLLIN) ? "input" : (p.revents & POLLHUP) ? "hangup" : "other";
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	char buf[64];
	ssize_t n = read(0, buf, sizeof buf);
	pthread_join(t, NULL);
	printf("stdin at start: %s; read %zd bytes\n", what, n);
	return 0;
}
