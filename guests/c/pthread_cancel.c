/* pthread_cancel: deferred cancellation at cancellation points — sleep (nanosleep), read from an empty pipe,
 * pthread_cond_wait, sem_wait, pthread_testcancel after cancellation was disabled — with cleanup handlers run in
 * reverse order and PTHREAD_CANCELED as the join value; asynchronous cancellation of a busy loop (the cancel
 * signal's handler unwinds through the signal frame); and signals: pthread_kill to one thread runs the handler on
 * that thread, a signal sent to the process goes to the one thread that does not block it, sigwait in a thread
 * takes a process signal, a blocked signal sent with pthread_kill stays pending for that thread only.
 * Threads record; only the main thread prints. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static sem_t ready;
static char cleanup_log[256];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void note(const char *s)
{
	pthread_mutex_lock(&log_lock);
	strcat(cleanup_log, s);
	pthread_mutex_unlock(&log_lock);
}

static void cleanup(void *arg)
{
	note((const char *)arg);
}

static const char *join_value(pthread_t t)
{
	void *r = NULL;
	int rc = pthread_join(t, &r);
	if (rc != 0) return "join failed";
	if (r == PTHREAD_CANCELED) return "PTHREAD_CANCELED";
	return r == NULL ? "NULL" : "a value";
}

/* Signals that the thread is about to block, so that the cancel lands while it sleeps (or just before: a
 * pending cancel is acted on at the cancellation point either way). */
static void *in_sleep(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "[sleep outer]");
	pthread_cleanup_push(cleanup, "[sleep inner]");
	sem_post(&ready);
	sleep(100);
	note("[sleep returned]");
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return NULL;
}

static int pipe_fds[2];

static void *in_read(void *arg)
{
	(void)arg;
	char c;
	pthread_cleanup_push(cleanup, "[read]");
	sem_post(&ready);
	ssize_t n = read(pipe_fds[0], &c, 1);
	(void)n;
	note("[read returned]");
	pthread_cleanup_pop(0);
	return NULL;
}

static pthread_mutex_t cv_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void unlock_cv(void *arg)
{
	(void)arg;
	note("[cond_wait: mutex reacquired, unlocking]");
	pthread_mutex_unlock(&cv_lock);
}

static void *in_cond_wait(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cv_lock);
	pthread_cleanup_push(unlock_cv, NULL);
	sem_post(&ready);
	for (;;) pthread_cond_wait(&cv, &cv_lock);
	pthread_cleanup_pop(1);
	return NULL;
}

static sem_t never;

static void *in_sem_wait(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "[sem_wait]");
	sem_post(&ready);
	sem_wait(&never);
	pthread_cleanup_pop(0);
	return NULL;
}

static sem_t go_on;
static int reached_after_enable;

static void *disabled_then_test(void *arg)
{
	(void)arg;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	pthread_cleanup_push(cleanup, "[testcancel]");
	sem_post(&ready);
	sem_wait(&go_on);     /* a cancellation point, but cancellation is disabled */
	struct timespec ts = { 0, 1000000 };
	nanosleep(&ts, NULL); /* likewise */
	reached_after_enable = 1;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	pthread_testcancel();
	reached_after_enable = 2;
	pthread_cleanup_pop(0);
	return NULL;
}

static volatile unsigned long spins;

static void *busy_async(void *arg)
{
	(void)arg;
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	pthread_cleanup_push(cleanup, "[async]");
	sem_post(&ready);
	for (;;) spins++;
	pthread_cleanup_pop(0);
	return NULL;
}

/* ------------------------------------------------------------------ signals and threads */

static volatile pid_t handled_on = 0;
static volatile int handled_signo = 0;

static void handler(int sig)
{
	handled_on = (pid_t)syscall(SYS_gettid);
	handled_signo = sig;
}

static pid_t target_tid;
static sem_t target_done, target_go;

static void *signal_target(void *arg)
{
	(void)arg;
	target_tid = (pid_t)syscall(SYS_gettid);
	sigset_t s;
	sigemptyset(&s);
	pthread_sigmask(SIG_SETMASK, &s, NULL); /* the only thread that takes SIGUSR1/SIGUSR2 */
	sem_post(&ready);
	while (sem_wait(&target_go) != 0) {
		/* EINTR: a handler ran on this thread */
	}
	sem_post(&target_done);
	return NULL;
}

static int sigwait_got;
static pid_t sigwait_tid;

static void *sigwaiter(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sem_post(&ready);
	sigwait(&s, &sigwait_got);
	sigwait_tid = (pid_t)syscall(SYS_gettid);
	return NULL;
}

static int pending_in_thread = -1;
static sem_t check_pending;

static void *pending_holder(void *arg)
{
	(void)arg;
	sem_post(&ready);
	sem_wait(&check_pending);
	sigset_t p;
	sigpending(&p);
	pending_in_thread = sigismember(&p, SIGUSR2);
	/* Take it without running the handler, so that nothing else sees it. */
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	int sig = 0;
	sigwait(&s, &sig);
	return (void *)(intptr_t)sig;
}

static void wait_until_blocked(pthread_t t)
{
	(void)t;
	/* Give the thread time to enter its blocking call after it posted `ready`. */
	struct timespec ts = { 0, 50 * 1000000L };
	nanosleep(&ts, NULL);
}

int main(void)
{
	sem_init(&ready, 0, 0);
	sem_init(&never, 0, 0);
	sem_init(&go_on, 0, 0);
	pipe(pipe_fds);
	pthread_t t;

	struct { const char *name; void *(*fn)(void *); } cases[] = {
		{ "sleep", in_sleep }, { "read on an empty pipe", in_read }, { "pthread_cond_wait", in_cond_wait },
		{ "sem_wait", in_sem_wait },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cleanup_log[0] = 0;
		pthread_create(&t, NULL, cases[i].fn, NULL);
		sem_wait(&ready);
		wait_until_blocked(t);
		int rc = pthread_cancel(t);
		const char *jv = join_value(t);
		printf("cancel in %s: pthread_cancel -> %d, join -> %s, cleanup %s\n", cases[i].name, rc, jv, cleanup_log);
	}
	printf("the condvar's mutex is free after the cancelled wait: trylock -> %d\n", pthread_mutex_trylock(&cv_lock));
	pthread_mutex_unlock(&cv_lock);

	cleanup_log[0] = 0;
	pthread_create(&t, NULL, disabled_then_test, NULL);
	sem_wait(&ready);
	pthread_cancel(t);
	sem_post(&go_on);
	const char *jv = join_value(t);
	printf("cancel while disabled: ran on to %d, join -> %s, cleanup %s\n", reached_after_enable, jv, cleanup_log);

	cleanup_log[0] = 0;
	pthread_create(&t, NULL, busy_async, NULL);
	sem_wait(&ready);
	while (spins < 100000) sched_yield(); /* it is in its loop */
	pthread_cancel(t);
	jv = join_value(t);
	printf("asynchronous cancel of a busy loop: join -> %s, cleanup %s\n", jv, cleanup_log);

	/* Signals. Main and every later thread block SIGUSR1, SIGUSR2 and SIGTERM; the target unblocks them. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	sem_init(&target_done, 0, 0);
	sem_init(&target_go, 0, 0);
	pthread_create(&t, NULL, signal_target, NULL);
	sem_wait(&ready);

	int rc = pthread_kill(t, SIGUSR1);
	while (handled_signo == 0) sched_yield();
	printf("pthread_kill(thread, SIGUSR1) -> %d: handler ran on that thread: %s\n", rc, handled_on == target_tid ? "yes" : "no");
	handled_signo = 0;
	handled_on = 0;
	wait_until_blocked(t); /* back in sem_wait after the handler */
	kill(getpid(), SIGUSR2);
	while (handled_signo == 0) sched_yield();
	printf("kill(getpid(), SIGUSR2): handled by the one thread that does not block it: %s (signal %s)\n",
	       handled_on == target_tid ? "yes" : "no", handled_signo == SIGUSR2 ? "SIGUSR2" : "?");
	sem_post(&target_go);
	sem_wait(&target_done);
	pthread_join(t, NULL);
	printf("pthread_kill(self, 0) -> %d\n", pthread_kill(pthread_self(), 0));
	handled_signo = 0;

	pthread_t w;
	pthread_create(&w, NULL, sigwaiter, NULL);
	sem_wait(&ready);
	wait_until_blocked(w);
	kill(getpid(), SIGTERM);
	pthread_join(w, NULL);
	printf("sigwait in a thread for a signal sent to the process: got %s, on a thread other than main: %s\n",
	       sigwait_got == SIGTERM ? "SIGTERM" : "?", sigwait_tid != getpid() ? "yes" : "no");

	sem_init(&check_pending, 0, 0);
	pthread_t ph;
	pthread_create(&ph, NULL, pending_holder, NULL);
	sem_wait(&ready);
	pthread_kill(ph, SIGUSR2);
	sigset_t p;
	sigpending(&p);
	int pending_in_main = sigismember(&p, SIGUSR2);
	sem_post(&check_pending);
	void *got;
	pthread_join(ph, &got);
	printf("blocked SIGUSR2 sent to one thread: pending there %d, pending in main %d, taken by sigwait there: %s\n",
	       pending_in_thread, pending_in_main, (intptr_t)got == SIGUSR2 ? "yes" : "no");
	printf("handler never ran for it: %s\n", handled_signo == 0 ? "yes" : "no");
	return 0;
}
