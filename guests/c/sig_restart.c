/* sig_restart: interrupted system calls and restart (reference linux-mips-abi.md §3.6), the waiting calls,
 * and ITIMER_REAL/alarm.
 *   - nanosleep (a restart block: -ERESTART_RESTARTBLOCK) interrupted by a handler: EINTR and the time left,
 *     with or without SA_RESTART; clock_nanosleep TIMER_ABSTIME (-ERESTARTNOHAND): EINTR either way
 *   - FUTEX_WAIT (-ERESTARTSYS): EINTR without SA_RESTART; with it the call is re-issued after the handler
 *     (which changed the futex word, so the restarted wait returns EAGAIN at once)
 *   - pause, sigsuspend (old mask back afterwards), rt_sigtimedwait (signal number + siginfo, EAGAIN on
 *     timeout, EINTR when a handled signal interrupts it)
 *   - alarm() return values, getitimer counting down, an interval timer re-arming itself
 * A transparent restart through restart_syscall needs a signal that wakes the sleeper, runs no handler and does
 * not kill: with one process that means a job-control stop and SIGCONT, which a guest cannot do to itself.
 * (restart_syscall called directly is in sig_linux: qemu does not implement it.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms;
static volatile int futex_word;
static volatile int set_word_in_handler;
static sigset_t mask_in_handler;

static void on_alarm(int sig)
{
	alarms++;
	if (set_word_in_handler)
		futex_word = 1;
	sigprocmask(SIG_BLOCK, NULL, &mask_in_handler);
}

static void catch_alarm(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
}

static void arm(long usec, long interval_usec)
{
	struct itimerval it = { .it_interval = { interval_usec / 1000000, interval_usec % 1000000 },
				.it_value = { usec / 1000000, usec % 1000000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

static void sleep_case(const char *what, int flags)
{
	catch_alarm(flags);
	alarms = 0;
	arm(100000, 0);
	struct timespec req = { 2, 0 }, rem = { -1, -1 };
	errno = 0;
	int r = nanosleep(&req, &rem);
	printf("nanosleep 2 s, %s: r=%d errno=%d handler ran %d, 1 s < rem < 2 s: %d\n", what, r, errno, alarms,
	       rem.tv_sec == 1 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000);
}

static void futex_case(const char *what, int flags)
{
	catch_alarm(flags);
	alarms = 0;
	futex_word = 0;
	set_word_in_handler = 1;
	arm(50000, 0);
	errno = 0;
	long r = syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	printf("FUTEX_WAIT, %s: r=%ld errno=%d handler ran %d, word %d\n", what, r, errno, alarms, futex_word);
	set_word_in_handler = 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* alarm() */
	printf("alarm(5) -> %u\n", alarm(5));
	printf("alarm(3) -> %u\n", alarm(3));
	printf("alarm(0) -> %u\n", alarm(0));
	printf("alarm(0) -> %u\n", alarm(0));

	/* getitimer / setitimer values */
	struct itimerval it, old, now1, now2;
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = 2;
	it.it_interval.tv_usec = 500000;
	setitimer(ITIMER_REAL, &it, &old);
	printf("setitimer: old value %ld.%06ld interval %ld.%06ld\n", (long)old.it_value.tv_sec,
	       (long)old.it_value.tv_usec, (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec);
	getitimer(ITIMER_REAL, &now1);
	struct timespec ms = { 0, 30000000 };
	nanosleep(&ms, NULL);
	getitimer(ITIMER_REAL, &now2);
	long v1 = now1.it_value.tv_sec * 1000000 + now1.it_value.tv_usec;
	long v2 = now2.it_value.tv_sec * 1000000 + now2.it_value.tv_usec;
	printf("getitimer: 1.5 s < value <= 2 s: %d, 30 ms later it is at least 30 ms less: %d, interval %ld.%06ld\n",
	       v1 > 1500000 && v1 <= 2000000, v2 <= v1 - 30000, (long)now2.it_interval.tv_sec,
	       (long)now2.it_interval.tv_usec);
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, &old);
	getitimer(ITIMER_REAL, &now1);
	printf("cancelled: old value in (1.5 s, 2 s): %d; now %ld.%06ld interval %ld.%06ld\n",
	       old.it_value.tv_sec == 1 && old.it_value.tv_usec >= 500000, (long)now1.it_value.tv_sec,
	       (long)now1.it_value.tv_usec, (long)now1.it_interval.tv_sec, (long)now1.it_interval.tv_usec);
	errno = 0;
	it.it_value.tv_usec = 1000000;
	printf("setitimer with tv_usec 1000000: %d errno %d\n", setitimer(ITIMER_REAL, &it, NULL), errno);

	/* an interval timer: three ticks, each ending a pause() */
	catch_alarm(0);
	alarms = 0;
	arm(20000, 20000);
	int eintr = 0;
	while (alarms < 3) {
		errno = 0;
		if (pause() == -1 && errno == EINTR)
			eintr++;
	}
	arm(0, 0);
	printf("interval timer: %d ticks, pause returned -1/EINTR %d times\n", alarms, eintr);

	/* nanosleep */
	sleep_case("handler without SA_RESTART", 0);
	sleep_case("handler with SA_RESTART", SA_RESTART);
	catch_alarm(SA_RESTART);
	alarms = 0;
	arm(100000, 0);
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += 2;
	int cr = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
	printf("clock_nanosleep TIMER_ABSTIME, SA_RESTART handler: returns %d, handler ran %d\n", cr, alarms);

	/* futex */
	futex_case("handler without SA_RESTART", 0);
	futex_case("handler with SA_RESTART", SA_RESTART);

	/* sigsuspend */
	catch_alarm(0);
	sigset_t blk, empty, cur;
	sigemptyset(&blk);
	sigaddset(&blk, SIGALRM);
	sigaddset(&blk, SIGUSR2);
	sigprocmask(SIG_SETMASK, &blk, NULL);
	sigemptyset(&empty);
	sigaddset(&empty, SIGUSR2);
	alarms = 0;
	arm(50000, 0);
	errno = 0;
	int r = sigsuspend(&empty);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("sigsuspend: r=%d errno=%d handler ran %d; in handler ALRM %d USR2 %d blocked; after: ALRM %d USR2 %d "
	       "blocked\n",
	       r, errno, alarms, sigismember(&mask_in_handler, SIGALRM), sigismember(&mask_in_handler, SIGUSR2),
	       sigismember(&cur, SIGALRM), sigismember(&cur, SIGUSR2));

	/* rt_sigtimedwait */
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	kill(getpid(), SIGUSR1);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	struct timespec one = { 1, 0 };
	r = sigtimedwait(&usr1, &si, &one);
	printf("sigtimedwait(USR1) with one pending: %d, si_signo %d si_code %d si_pid ok %d, still pending %d\n", r,
	       si.si_signo, si.si_code, si.si_pid == getpid(), sigpending(&cur) == 0 && sigismember(&cur, SIGUSR1));
	struct timespec short_ = { 0, 50000000 }, zero = { 0, 0 }, bad = { 0, 1000000000 };
	errno = 0;
	r = sigtimedwait(&usr1, &si, &short_);
	printf("sigtimedwait 50 ms, nothing comes: %d errno %d\n", r, errno);
	errno = 0;
	r = sigtimedwait(&usr1, &si, &zero);
	printf("sigtimedwait 0 s: %d errno %d\n", r, errno);
	errno = 0;
	r = sigtimedwait(&usr1, &si, &bad);
	printf("sigtimedwait tv_nsec 1e9: %d errno %d\n", r, errno);
	/* the timer's SIGALRM, waited for while blocked */
	sigset_t alrm;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	arm(50000, 0);
	memset(&si, 0, sizeof si);
	r = sigwaitinfo(&alrm, &si);
	printf("sigwaitinfo(ALRM) for the timer: %d, si_code %d (SI_KERNEL %d)\n", r, si.si_code, SI_KERNEL);
	/* interrupted by a handled signal */
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	catch_alarm(SA_RESTART);
	alarms = 0;
	arm(50000, 0);
	struct timespec two = { 2, 0 };
	errno = 0;
	r = sigtimedwait(&usr1, &si, &two);
	printf("sigtimedwait(USR1) interrupted by a handled SIGALRM (SA_RESTART): %d errno %d handler ran %d\n", r,
	       errno, alarms);
	return 0;
}
