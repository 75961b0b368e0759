/* efault_wake: a system call that sleeps and finds its user pointer bad only when it wakes fails with EFAULT,
 * like any other bad pointer (a copy_to_user failing after the wait), and the process lives on.
 * nanosleep interrupted by a signal writes the time left through a bad rem pointer (kernel/time/hrtimer.c
 * nanosleep_copyout: -EFAULT); read from a pipe that gets its data only later copies into a bad buffer. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int pipe_fds[2];

static void on_alarm(int sig) { (void)sig; }

static void *late_writer(void *arg)
{
	(void)arg;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	write(pipe_fds[1], "data", 4);
	return NULL;
}

static void report(const char *what, long r, int e)
{
	printf("%s -> %ld %s\n", what, r, r == -1 ? strerrorname_np(e) : "");
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 50 * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec req = { 5, 0 };
	errno = 0;
	/* The raw call: glibc's nanosleep would copy the time left itself (from a 64-bit timespec). */
	long r = syscall(__NR_nanosleep, &req, 1);
	report("nanosleep interrupted, rem = (void *)1", r, errno);

	pipe(pipe_fds);
	pthread_t t;
	pthread_create(&t, NULL, late_writer, NULL);
	errno = 0;
	r = syscall(__NR_read, pipe_fds[0], 0x80001000, 4);
	report("read of a pipe filled later into a kernel address", r, errno);
	pthread_join(t, NULL);
	char buf[8] = { 0 };
	r = read(pipe_fds[0], buf, sizeof buf - 1);
	printf("the data is still there for a good buffer: %ld bytes\n", r);
	printf("still alive: yes\n");
	return 0;
}
