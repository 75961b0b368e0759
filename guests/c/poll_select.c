/* poll_select: poll, ppoll, select (glibc's and the raw _newselect), pselect6 and their 64-bit-time variants on
 * pipes (fs/pipe.c pipe_poll): readable with data, writable while a ring slot is free, POLLHUP after the last
 * writer and POLLERR after the last reader went; POLLNVAL / EBADF for descriptors that are not open; timeouts
 * (zero = just look, the select timeout updated with the time left); signals interrupting the wait (EINTR with a
 * handler, even with SA_RESTART); pselect's temporary mask; and another process waking the waiter. Only
 * deterministic facts are printed (times as comparisons with generous bounds). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* The kernel's sigset_t is 128 bits on MIPS; pselect6's sixth argument points to {set, size}. */
#define KSIGSET 16
struct argpack { const void *set; size_t size; };
struct ts64 { int64_t sec; int64_t nsec; };

static volatile int alarms, usr1s;
static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_usr1(int sig) { (void)sig; usr1s++; }

static const char *yes(int c) { return c ? "yes" : "no"; }

static void show_errname(const char *what, long r)
{
	int e = errno;
	if (r < 0)
		printf("%s -> -1 %s\n", what, strerrorname_np(e));
	else
		printf("%s -> %ld\n", what, r);
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int poll1(int fd, short events, int timeout, short *revents)
{
	struct pollfd p = { fd, events, 0x7777 };
	int r = poll(&p, 1, timeout);
	*revents = p.revents;
	return r;
}

static void show_poll(const char *what, int fd, short events, int timeout)
{
	short rev;
	int r = poll1(fd, events, timeout, &rev);
	int e = errno;
	if (r < 0)
		printf("%s: poll -> -1 %s\n", what, strerrorname_np(e));
	else
		printf("%s: poll -> %d revents 0x%x\n", what, r, (unsigned short)rev);
}

/* select on one descriptor in the chosen sets with a zero timeout; prints the result and which sets kept it. */
static void show_select(const char *what, int fd, int inr, int inw, int inx)
{
	fd_set r, w, x;
	FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&x);
	if (inr) FD_SET(fd, &r);
	if (inw) FD_SET(fd, &w);
	if (inx) FD_SET(fd, &x);
	struct timeval tv = { 0, 0 };
	int n = select(fd + 1, &r, &w, &x, &tv);
	int e = errno;
	if (n < 0)
		printf("%s: select -> -1 %s\n", what, strerrorname_np(e));
	else
		printf("%s: select -> %d read %d write %d except %d\n", what, n, FD_ISSET(fd, &r), FD_ISSET(fd, &w), FD_ISSET(fd, &x));
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, 0);
}

static void alarm_in_ms(int ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, 0);
}

static int blocked(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, 0, &cur);
	return sigismember(&cur, sig);
}

static int pending(int sig)
{
	sigset_t set;
	sigpending(&set);
	return sigismember(&set, sig);
}

int main(void)
{
	int p[2];
	char buf[65536];
	memset(buf, 'z', sizeof buf);
	setvbuf(stdout, 0, _IONBF, 0);

	printf("-- pipe ends\n");
	CHECK(pipe(p) == 0);
	show_poll("empty read end, POLLIN, timeout 0", p[0], POLLIN, 0);
	show_poll("write end, POLLOUT", p[1], POLLOUT, 0);
	show_poll("write end, POLLIN only", p[1], POLLIN, 0);
	show_select("empty read end", p[0], 1, 1, 1);
	show_select("write end", p[1], 1, 1, 1);
	CHECK(write(p[1], "hello", 5) == 5);
	show_poll("read end with data, POLLIN", p[0], POLLIN, 0);
	show_poll("read end with data, POLLRDNORM", p[0], POLLRDNORM, 0);
	show_poll("read end with data, all 16 event bits", p[0], (short)0xffff, 0);
	show_poll("read end with data, no events", p[0], 0, 0);
	show_select("read end with data", p[0], 1, 1, 1);
	{
		struct pollfd two[3] = { { p[0], POLLIN | POLLOUT, 0 }, { p[1], POLLIN | POLLOUT, 0 }, { p[0], POLLPRI, 0 } };
		int n = poll(two, 3, 0);
		printf("both ends in one call: %d, revents 0x%x 0x%x 0x%x\n", n, two[0].revents, two[1].revents, two[2].revents);
	}
	{
		fd_set r, w;
		FD_ZERO(&r); FD_ZERO(&w);
		FD_SET(p[0], &r); FD_SET(p[1], &r); FD_SET(p[0], &w); FD_SET(p[1], &w);
		int n = select(p[1] + 1, &r, &w, 0, 0);
		printf("select on both ends, no timeout: %d read %d%d write %d%d\n", n, FD_ISSET(p[0], &r), FD_ISSET(p[1], &r),
		       FD_ISSET(p[0], &w), FD_ISSET(p[1], &w));
	}
	CHECK(close(p[1]) == 0);
	show_poll("write end closed, data left", p[0], POLLIN, 0);
	CHECK(read(p[0], buf, sizeof buf) == 5);
	show_poll("write end closed, drained", p[0], POLLIN, 0);
	show_poll("write end closed, no events asked", p[0], 0, 0);
	show_select("write end closed", p[0], 1, 1, 1);
	CHECK(close(p[0]) == 0);

	CHECK(pipe(p) == 0);
	CHECK(close(p[0]) == 0);
	show_poll("read end closed, POLLOUT", p[1], POLLOUT, 0);
	show_poll("read end closed, no events asked", p[1], 0, 0);
	show_select("read end closed", p[1], 1, 1, 1);
	CHECK(close(p[1]) == 0);

	printf("-- a full pipe\n");
	CHECK(pipe2(p, O_NONBLOCK) == 0);
	long total = 0;
	while (write(p[1], buf, 4096) == 4096)
		total += 4096;
	printf("filled with %ld bytes\n", total);
	show_poll("full, POLLOUT", p[1], POLLOUT, 0);
	CHECK(read(p[0], buf, 1) == 1);
	show_poll("one byte read (its page still in use)", p[1], POLLOUT, 0);
	CHECK(read(p[0], buf, 4095) == 4095);
	show_poll("a whole page read", p[1], POLLOUT, 0);
	show_errname("a 4096-byte write", write(p[1], buf, 4096));
	while (read(p[0], buf, sizeof buf) > 0)
		;
	/* 1-byte and 4096-byte writes alternating: every write takes a slot of its own (a full page cannot be merged
	 * into), so the ring fills with half its bytes free, and poll follows the slots. */
	int writes = 0;
	for (;;) {
		short rev;
		if (poll1(p[1], POLLOUT, 0, &rev) == 0)
			break;
		if (write(p[1], buf, writes % 2 ? 4096 : 1) < 0)
			break;
		writes++;
	}
	int queued = 0;
	CHECK(ioctl(p[0], FIONREAD, &queued) == 0);
	printf("not writable after %d writes with %d bytes queued\n", writes, queued);
	show_errname("one more byte", write(p[1], buf, 1));
	CHECK(close(p[0]) == 0);
	CHECK(close(p[1]) == 0);

	printf("-- descriptors that are not open\n");
	CHECK(pipe(p) == 0);
	{
		struct pollfd e[4] = { { 100, POLLIN, 0x7777 }, { -1, POLLIN, 0x7777 }, { p[0], POLLIN, 0x7777 }, { -5, 0, 0x1234 } };
		int n = poll(e, 4, 0);
		printf("poll [100, -1, empty pipe, -5] -> %d revents 0x%x 0x%x 0x%x 0x%x\n", n, e[0].revents, e[1].revents,
		       e[2].revents, e[3].revents);
	}
	show_select("fd 20 in readfds", 20, 1, 0, 0);
	show_select("fd 20 in exceptfds", 20, 0, 0, 1);
	{
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		FD_SET(p[1] + 1, &r); /* not open, but at nfds: not looked at, and cleared */
		struct timeval tv = { 0, 0 };
		int n = select(p[1] + 1, &r, 0, 0, &tv);
		printf("a closed fd at nfds: %d, its bit %d, read end %d\n", n, FD_ISSET(p[1] + 1, &r), FD_ISSET(p[0], &r));
	}
	int opath = open("/", O_PATH);
	CHECK(opath >= 0);
	show_poll("an O_PATH descriptor", opath, POLLIN, 0);
	show_select("an O_PATH descriptor", opath, 1, 1, 1);
	CHECK(close(opath) == 0);
	int dir = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(dir >= 0);
	show_poll("a directory", dir, POLLIN | POLLOUT, 0);
	show_select("a directory", dir, 1, 1, 1);
	CHECK(close(dir) == 0);
	errno = 0;
	show_errname("select with nfds -1", select(-1, 0, 0, 0, 0));
	{
		volatile uintptr_t unmapped = 8; /* volatile: the compiler must not see the bad pointer */
		show_errname("poll with an unreadable array", poll((struct pollfd *)unmapped, 1, 0));
	}

	printf("-- timeouts\n");
	long long t0 = now_ms();
	show_poll("empty pipe, 50 ms", p[0], POLLIN, 50);
	long long dt = now_ms() - t0;
	printf("poll waited at least 50 ms: %s, less than 2 s: %s\n", yes(dt >= 50), yes(dt < 2000));
	{
		struct timeval tv = { 0, 60000 };
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		t0 = now_ms();
		int n = select(p[0] + 1, &r, 0, 0, &tv);
		dt = now_ms() - t0;
		printf("select, 60 ms: %d, read bit %d, waited >= 60 ms: %s, timeout left %ld.%06ld\n", n, FD_ISSET(p[0], &r),
		       yes(dt >= 60), (long)tv.tv_sec, (long)tv.tv_usec);
	}
	{
		struct timeval tv = { 0, 40000 };
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		t0 = now_ms();
		long n = syscall(SYS__newselect, p[0] + 1, &r, 0, 0, &tv);
		dt = now_ms() - t0;
		printf("_newselect, 40 ms: %ld, waited >= 40 ms: %s, timeout left %ld.%06ld\n", n, yes(dt >= 40), (long)tv.tv_sec,
		       (long)tv.tv_usec);
	}
	CHECK(write(p[1], "x", 1) == 1);
	{
		struct timeval tv = { 5, 0 };
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		long n = syscall(SYS__newselect, p[0] + 1, &r, 0, 0, &tv);
		long left = tv.tv_sec * 1000000L + tv.tv_usec;
		printf("_newselect, 5 s, data there: %ld, time left between 4 and 5 s: %s\n", n, yes(left > 4000000 && left <= 5000000));
	}
	{
		struct timespec ts = { 5, 0 };
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		long n = syscall(SYS_pselect6, p[0] + 1, &r, 0, 0, &ts, 0);
		long long left = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		printf("pselect6, 5 s, data there: %ld, time left between 4 and 5 s: %s\n", n, yes(left > 4000000000LL && left <= 5000000000LL));
	}
	{
		struct ts64 ts = { 5, 0 };
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		long n = syscall(SYS_pselect6_time64, p[0] + 1, &r, 0, 0, &ts, 0);
		int64_t left = ts.sec * 1000000000LL + ts.nsec;
		printf("pselect6_time64, 5 s, data there: %ld, time left between 4 and 5 s: %s\n", n,
		       yes(left > 4000000000LL && left <= 5000000000LL));
	}
	{
		struct timespec ts = { 5, 0 };
		struct pollfd e = { p[0], POLLIN, 0 };
		long n = syscall(SYS_ppoll, &e, 1, &ts, 0, KSIGSET);
		long long left = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		printf("ppoll, 5 s, data there: %ld revents 0x%x, time left between 4 and 5 s: %s\n", n, e.revents,
		       yes(left > 4000000000LL && left <= 5000000000LL));
	}
	{
		struct ts64 ts = { 5, 0 };
		struct pollfd e = { p[0], POLLIN, 0 };
		long n = syscall(SYS_ppoll_time64, &e, 1, &ts, 0, KSIGSET);
		int64_t left = ts.sec * 1000000000LL + ts.nsec;
		printf("ppoll_time64, 5 s, data there: %ld revents 0x%x, time left between 4 and 5 s: %s\n", n, e.revents,
		       yes(left > 4000000000LL && left <= 5000000000LL));
	}
	{
		struct timespec ts = { 0, 0 };
		struct pollfd e = { p[0], POLLIN, 0 };
		long n = syscall(SYS_ppoll, &e, 1, &ts, 0, KSIGSET);
		printf("ppoll, zero timeout: %ld, timeout still %ld.%09ld\n", n, (long)ts.tv_sec, ts.tv_nsec);
	}
	CHECK(read(p[0], buf, 1) == 1);
	{
		struct timespec ts = { 0, 30000000 };
		t0 = now_ms();
		int n = ppoll(0, 0, &ts, 0);
		dt = now_ms() - t0;
		printf("ppoll with no descriptors, 30 ms: %d, waited >= 30 ms: %s\n", n, yes(dt >= 30));
		struct timespec bad = { -1, 0 };
		show_errname("ppoll with a negative timeout", ppoll(0, 0, &bad, 0));
		struct timespec badns = { 0, 1000000000 };
		show_errname("ppoll with tv_nsec = 1e9", ppoll(0, 0, &badns, 0));
		struct timeval badtv = { -1, 0 };
		show_errname("select with a negative timeout", select(0, 0, 0, 0, &badtv));
		struct timeval neg_us = { 0, -1 };
		show_errname("_newselect with tv_usec -1", syscall(SYS__newselect, 0, 0, 0, 0, &neg_us));
		sigset_t empty;
		sigemptyset(&empty);
		show_errname("ppoll with a sigset size of 8", syscall(SYS_ppoll, 0, 0, &ts, &empty, 8));
		struct argpack pack = { &empty, 8 };
		show_errname("pselect6 with a sigset size of 8", syscall(SYS_pselect6, 0, 0, 0, 0, &ts, &pack));
	}

	printf("-- signals\n");
	handle(SIGALRM, on_alarm, 0);
	alarm_in_ms(50);
	t0 = now_ms();
	show_poll("empty pipe, no timeout, SIGALRM after 50 ms", p[0], POLLIN, -1);
	printf("handler ran: %d, waited >= 50 ms: %s\n", alarms, yes(now_ms() - t0 >= 50));
	handle(SIGALRM, on_alarm, SA_RESTART);
	alarm_in_ms(50);
	show_poll("the same with SA_RESTART", p[0], POLLIN, 5000);
	printf("handler ran: %d\n", alarms);
	{
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		alarm_in_ms(50);
		int n = select(p[0] + 1, &r, 0, 0, 0);
		int e = errno;
		printf("select, SA_RESTART handler: %d %s, handler ran: %d\n", n, n < 0 ? strerrorname_np(e) : "", alarms);
		struct timespec ts = { 5, 0 };
		struct pollfd pf = { p[0], POLLIN, 0 };
		alarm_in_ms(50);
		n = ppoll(&pf, 1, &ts, 0);
		e = errno;
		printf("ppoll, SA_RESTART handler: %d %s, handler ran: %d\n", n, n < 0 ? strerrorname_np(e) : "", alarms);
	}

	handle(SIGUSR1, on_usr1, 0);
	sigset_t usr1, none;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, 0);
	raise(SIGUSR1);
	printf("SIGUSR1 blocked and pending: %s %s, handler ran: %d\n", yes(blocked(SIGUSR1)), yes(pending(SIGUSR1)), usr1s);
	{
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		struct timespec ts = { 5, 0 };
		t0 = now_ms();
		int n = pselect(p[0] + 1, &r, 0, 0, &ts, &none);
		int e = errno;
		printf("pselect unblocking it: %d %s, handler ran: %d, at once: %s\n", n, n < 0 ? strerrorname_np(e) : "", usr1s,
		       yes(now_ms() - t0 < 2000));
		printf("afterwards SIGUSR1 blocked: %s, pending: %s\n", yes(blocked(SIGUSR1)), yes(pending(SIGUSR1)));
	}
	{
		raise(SIGUSR1);
		struct timespec ts = { 0, 0 };
		struct pollfd pf = { p[0], POLLIN, 0 };
		int n = ppoll(&pf, 1, &ts, &none);
		int e = errno;
		printf("ppoll unblocking it, zero timeout: %d %s, handler ran: %d, blocked again: %s\n", n,
		       n < 0 ? strerrorname_np(e) : "", usr1s, yes(blocked(SIGUSR1)));
	}
	{
		struct timespec ts = { 5, 0 };
		struct pollfd pf = { p[0], POLLIN, 0 };
		alarm_in_ms(50);
		int n = ppoll(&pf, 1, &ts, &usr1);
		int e = errno;
		printf("ppoll with SIGUSR1 in its mask, SIGALRM arrives: %d %s, alarms %d, SIGUSR1 handled %d\n", n,
		       n < 0 ? strerrorname_np(e) : "", alarms, usr1s);
	}
	sigprocmask(SIG_UNBLOCK, &usr1, 0);
	printf("SIGUSR1 pending at the end: %s, handled %d\n", yes(pending(SIGUSR1)), usr1s);
	/* Descriptors ready: the mask is put back before the return to user space, so the signal it unblocked is not
	 * delivered but stays pending (restore_saved_sigmask_unless in poll_select_finish). */
	{
		sigprocmask(SIG_BLOCK, &usr1, 0);
		raise(SIGUSR1);
		fd_set w;
		FD_ZERO(&w);
		FD_SET(p[1], &w);
		struct timespec ts = { 5, 0 };
		int n = pselect(p[1] + 1, 0, &w, 0, &ts, &none);
		printf("pselect with the write end ready, SIGUSR1 pending and unblocked by its mask: %d, handled %d, pending %s\n",
		       n, usr1s, yes(pending(SIGUSR1)));
		struct pollfd pf = { p[1], POLLOUT, 0 };
		n = ppoll(&pf, 1, &ts, &none);
		printf("the same with ppoll: %d, handled %d, pending %s\n", n, usr1s, yes(pending(SIGUSR1)));
		sigprocmask(SIG_UNBLOCK, &usr1, 0);
		printf("unblocked: handled %d, pending %s\n", usr1s, yes(pending(SIGUSR1)));
	}

	/* A pending signal the call's mask unblocks but nobody handles (SIGURG's default is to ignore it): the call is
	 * interrupted (-ERESTARTNOHAND), the signal is discarded on the way out, and the call is re-issued with the
	 * time left, its mask installed again, until it times out. */
	{
		sigset_t urg;
		sigemptyset(&urg);
		sigaddset(&urg, SIGURG);
		sigprocmask(SIG_BLOCK, &urg, 0);
		raise(SIGURG);
		struct timespec ts = { 0, 100000000 };
		struct pollfd pf = { p[0], POLLIN, 0 };
		t0 = now_ms();
		int n = ppoll(&pf, 1, &ts, &none);
		int e = errno;
		printf("ppoll unblocking a pending SIGURG (no handler), 100 ms: %d %s, waited >= 100 ms: %s, pending %s, blocked %s\n",
		       n, n < 0 ? strerrorname_np(e) : "", yes(now_ms() - t0 >= 100), yes(pending(SIGURG)), yes(blocked(SIGURG)));
		raise(SIGURG);
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		ts.tv_sec = 0;
		ts.tv_nsec = 100000000;
		t0 = now_ms();
		n = pselect(p[0] + 1, &r, 0, 0, &ts, &none);
		e = errno;
		printf("pselect the same: %d %s, waited >= 100 ms: %s, pending %s, blocked %s\n", n, n < 0 ? strerrorname_np(e) : "",
		       yes(now_ms() - t0 >= 100), yes(pending(SIGURG)), yes(blocked(SIGURG)));
		sigprocmask(SIG_UNBLOCK, &urg, 0);
	}

	printf("-- another process\n");
	{
		pid_t child = fork();
		CHECK(child >= 0);
		if (child == 0) {
			usleep(100000);
			if (write(p[1], "c", 1) != 1)
				_exit(1);
			_exit(0);
		}
		t0 = now_ms();
		show_poll("waiting for the child's byte", p[0], POLLIN, 5000);
		printf("waited >= 90 ms: %s\n", yes(now_ms() - t0 >= 90));
		int status;
		CHECK(waitpid(child, &status, 0) == child);
		printf("child status %d\n", WEXITSTATUS(status));
		CHECK(read(p[0], buf, 1) == 1 && buf[0] == 'c');
	}
	{
		pid_t child = fork();
		CHECK(child >= 0);
		if (child == 0) {
			close(p[1]);
			usleep(80000);
			_exit(0);
		}
		close(p[1]);
		fd_set r;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		int n = select(p[0] + 1, &r, 0, 0, 0);
		printf("select until the child's end of the pipe goes away: %d, readable %d\n", n, FD_ISSET(p[0], &r));
		show_poll("then", p[0], POLLIN, 0);
		waitpid(child, 0, 0);
		close(p[0]);
	}
	{
		CHECK(pipe2(p, O_NONBLOCK) == 0);
		while (write(p[1], buf, 4096) == 4096)
			;
		pid_t child = fork();
		CHECK(child >= 0);
		if (child == 0) {
			usleep(80000);
			if (read(p[0], buf, 8192) != 8192)
				_exit(1);
			_exit(0);
		}
		show_poll("full pipe until the child reads", p[1], POLLOUT, 5000);
		int status;
		waitpid(child, &status, 0);
		printf("child status %d\n", WEXITSTATUS(status));
		close(p[0]);
		close(p[1]);
	}

	printf("-- RLIMIT_NOFILE\n");
	{
		struct rlimit rl;
		CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
		rl.rlim_cur = 64;
		CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
		static struct pollfd many[65];
		for (int i = 0; i < 65; i++)
			many[i].fd = -1;
		show_errname("poll with 64 entries", poll(many, 64, 0));
		show_errname("poll with 65 entries", poll(many, 65, 0));
	}
	return 0;
}
