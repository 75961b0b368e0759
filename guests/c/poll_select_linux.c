/* poll_select_linux: what poll and select do on MIPS Linux where qemu-mipsel 7.2 does otherwise (see the
 * differential test's table): MIPS's own poll bit values (POLLWRBAND = 0x100), the time left written into the
 * timeout of an interrupted select/pselect/ppoll (and ppoll's revents, written even then), select's normalisation
 * of tv_usec, and select's nfds clamped to the size of the descriptor table. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define KSIGSET 16
struct argpack { const void *set; size_t size; };

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static const char *yes(int c) { return c ? "yes" : "no"; }

static void handle(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigaction(sig, &sa, 0);
}

static void alarm_in_ms(int ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, 0);
}

int main(void)
{
	int p[2];
	setvbuf(stdout, 0, _IONBF, 0);
	CHECK(pipe(p) == 0);

	printf("-- MIPS poll bits\n");
	{
		struct pollfd e = { p[1], POLLWRBAND, 0 };
		int n = poll(&e, 1, 0);
		printf("write end, POLLWRBAND (0x%x): %d revents 0x%x\n", POLLWRBAND, n, e.revents);
		e.events = POLLWRNORM;
		n = poll(&e, 1, 0);
		printf("write end, POLLWRNORM (0x%x): %d revents 0x%x\n", POLLWRNORM, n, e.revents);
	}

	printf("-- the time left after a signal\n");
	handle(SIGALRM, on_alarm);
	{
		struct timeval tv = { 5, 0 };
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		alarm_in_ms(50);
		long n = syscall(SYS__newselect, p[0] + 1, &r, 0, 0, &tv);
		int e = errno;
		long left = tv.tv_sec * 1000000L + tv.tv_usec;
		printf("_newselect, 5 s, interrupted: %ld %s, time left between 4 and 5 s: %s, read bit kept %d\n", n,
		       n < 0 ? strerrorname_np(e) : "", yes(left > 4000000 && left < 5000000), FD_ISSET(p[0], &r));
	}
	{
		struct timespec ts = { 5, 0 };
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		alarm_in_ms(50);
		long n = syscall(SYS_pselect6, p[0] + 1, &r, 0, 0, &ts, 0);
		int e = errno;
		long long left = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		printf("pselect6, 5 s, interrupted: %ld %s, time left between 4 and 5 s: %s\n", n, n < 0 ? strerrorname_np(e) : "",
		       yes(left > 4000000000LL && left < 5000000000LL));
	}
	{
		struct timespec ts = { 5, 0 };
		struct pollfd pf = { p[0], POLLIN, 0x7777 };
		alarm_in_ms(50);
		long n = syscall(SYS_ppoll, &pf, 1, &ts, 0, KSIGSET);
		int e = errno;
		long long left = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		printf("ppoll, 5 s, interrupted: %ld %s, time left between 4 and 5 s: %s, revents 0x%x\n", n,
		       n < 0 ? strerrorname_np(e) : "", yes(left > 4000000000LL && left < 5000000000LL), pf.revents);
	}
	printf("SIGALRM handled %d times\n", alarms);

	printf("-- select's timeval\n");
	{
		struct timeval tv = { 0, 1050000 }; /* 1.05 s written as microseconds only */
		CHECK(write(p[1], "x", 1) == 1);
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		long n = syscall(SYS__newselect, p[0] + 1, &r, 0, 0, &tv);
		int e = errno;
		printf("_newselect with tv_usec 1050000: %ld %s, normalised time left: sec %ld, usec below 1e6: %s\n", n,
		       n < 0 ? strerrorname_np(e) : "", (long)tv.tv_sec, yes(tv.tv_usec < 1000000));
		char c;
		CHECK(read(p[0], &c, 1) == 1);
	}

	printf("-- nfds beyond the descriptor table\n");
	{
		/* No descriptor above 31 was ever open: the table has 32 slots (NR_OPEN_DEFAULT on a 32-bit kernel), and
		 * select looks at no more; fd 100 is neither an error nor touched. */
		fd_set r;
		FD_ZERO(&r);
		FD_SET(100, &r);
		FD_SET(p[1], &r);
		struct timeval tv = { 0, 0 };
		int n = select(101, 0, &r, 0, &tv);
		int e = errno;
		printf("select(101) with fd 100 not open: %d %s, fd 100 bit %d, write end %d\n", n, n < 0 ? strerrorname_np(e) : "",
		       FD_ISSET(100, &r), FD_ISSET(p[1], &r));
	}

	return 0;
}
