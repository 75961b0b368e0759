/* sched_params: scheduling policies and priorities as the kernel checks them (kernel/sched/core.c:
 * sched_get_priority_max/min, do_sched_setscheduler, __sched_setscheduler, sched_getscheduler, sched_getparam,
 * sched_rr_get_interval, sched_fork's SCHED_RESET_ON_FORK handling).
 *
 * Part 1 prints what every caller sees: the priority ranges of each policy, the main thread's policy and
 * priority, every invalid argument (EINVAL) and unknown pid (ESRCH), the policies any user may choose
 * (SCHED_OTHER, SCHED_BATCH, SCHED_IDLE), that a new thread inherits its creator's policy, that
 * SCHED_RESET_ON_FORK shows in sched_getscheduler and is not passed on, that sched_setparam keeps it, that
 * sched_setscheduler on another thread's tid changes that thread only, and that sched_rr_get_interval and
 * sched_yield succeed. The time slice of SCHED_OTHER is the scheduler's own business, so only its form is printed.
 *
 * Part 2, printed after the line "-- privileged" when the argument is "all" (so that without arguments the guest
 * prints the same on every host and runs in the differential suite), depends on whether the caller may raise its scheduling priority
 * (CAP_SYS_NICE, or root in Trapgate; an unprivileged caller with RLIMIT_RTPRIO and RLIMIT_NICE at 0 may not):
 * leaving SCHED_IDLE, clearing SCHED_RESET_ON_FORK, and SCHED_FIFO/SCHED_RR with their priorities, time slices
 * (none for FIFO, 100 ms for RR) and what a new thread gets. Real-time work is done by threads that never spin, so
 * nothing starves under a real host kernel either. Threads never print; the main thread prints after the joins.
 * Each outcome is "ok" or the errno's name. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif
#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

#define NO_SUCH_PID 0x3ffffff0

/* The errno's name (glibc's strerrorname_np), or "ok". */
static const char *errname(int e)
{
	return e == 0 ? "ok" : strerrorname_np(e);
}

/* The outcome of a call that returns -1 and sets errno. */
static const char *outcome(int rc)
{
	return rc == -1 ? errname(errno) : rc == 0 ? "ok" : "?";
}

static const char *policy_name(int p)
{
	static char buf[4][64];
	static int next;
	char *b = buf[next++ & 3];
	if (p == -1) {
		snprintf(b, 64, "%s", errname(errno));
		return b;
	}
	const char *base;
	switch (p & ~SCHED_RESET_ON_FORK) {
	case SCHED_OTHER: base = "SCHED_OTHER"; break;
	case SCHED_FIFO: base = "SCHED_FIFO"; break;
	case SCHED_RR: base = "SCHED_RR"; break;
	case SCHED_BATCH: base = "SCHED_BATCH"; break;
	case SCHED_IDLE: base = "SCHED_IDLE"; break;
	default: base = "policy ?"; break;
	}
	snprintf(b, 64, "%s%s", base, p & SCHED_RESET_ON_FORK ? "|SCHED_RESET_ON_FORK" : "");
	return b;
}

/* sched_setscheduler with a priority (NULL param when prio is -1000). */
static const char *set(pid_t pid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };
	return outcome(sched_setscheduler(pid, policy, prio == -1000 ? NULL : &sp));
}

static int priority_of(pid_t pid)
{
	struct sched_param sp = { .sched_priority = -7 };
	return sched_getparam(pid, &sp) == 0 ? sp.sched_priority : -1;
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* What a new thread (default attributes: inherit) finds its policy and priority to be. */
static int child_policy, child_priority;

static void *report_policy(void *arg)
{
	(void)arg;
	child_policy = sched_getscheduler(0);
	child_priority = priority_of(0);
	return NULL;
}

static void new_thread_sees(char *out, size_t size)
{
	pthread_t t;
	child_policy = child_priority = -99;
	if (pthread_create(&t, NULL, report_policy, NULL) != 0) {
		snprintf(out, size, "pthread_create failed");
		return;
	}
	pthread_join(t, NULL);
	snprintf(out, size, "%s priority %d", policy_name(child_policy), child_priority);
}

/* Each thread body writes its lines here; main prints them after the join. */
static char lines[64][256];
static int nlines;

#define say(...) snprintf(lines[nlines < 63 ? nlines++ : 63], sizeof lines[0], __VA_ARGS__)

static void flush(void)
{
	for (int i = 0; i < nlines; i++) puts(lines[i]);
	nlines = 0;
}

static void run_in_thread(void *(*body)(void *))
{
	pthread_t t;
	pthread_create(&t, NULL, body, NULL);
	pthread_join(t, NULL);
	flush();
}

/* ------------------------------------------------------------------ part 1 */

static void *batch_thread(void *arg)
{
	(void)arg;
	char seen[96];
	say("thread: sched_setscheduler(0, SCHED_BATCH, 0) -> %s; sched_getscheduler -> %s, priority %d", set(0, SCHED_BATCH, 0),
	    policy_name(sched_getscheduler(0)), priority_of(0));
	new_thread_sees(seen, sizeof seen);
	say("thread: a new thread gets %s", seen);
	say("thread: sched_setscheduler(0, SCHED_BATCH|SCHED_RESET_ON_FORK, 0) -> %s; sched_getscheduler -> %s",
	    set(0, SCHED_BATCH | SCHED_RESET_ON_FORK, 0), policy_name(sched_getscheduler(0)));
	new_thread_sees(seen, sizeof seen);
	say("thread: a new thread gets %s", seen);
	struct sched_param sp = { .sched_priority = 0 };
	say("thread: sched_setparam(0, 0) -> %s; sched_getscheduler -> %s", outcome(sched_setparam(0, &sp)),
	    policy_name(sched_getscheduler(0)));
	sp.sched_priority = 3;
	say("thread: sched_setparam(0, 3) -> %s", outcome(sched_setparam(0, &sp)));
	return NULL;
}

static void *idle_thread(void *arg)
{
	(void)arg;
	char seen[96];
	say("thread: sched_setscheduler(0, SCHED_IDLE, 0) -> %s; sched_getscheduler -> %s", set(0, SCHED_IDLE, 0),
	    policy_name(sched_getscheduler(0)));
	new_thread_sees(seen, sizeof seen);
	say("thread: a new thread gets %s", seen);
	say("thread: sched_setscheduler(0, SCHED_IDLE, 0) again -> %s", set(0, SCHED_IDLE, 0));
	return NULL;
}

/* A thread whose policy main changes by tid. */
static sem_t tid_published, policy_changed;
static volatile pid_t target_tid;
static int target_saw;

static void *target_thread(void *arg)
{
	(void)arg;
	target_tid = gettid_();
	sem_post(&tid_published);
	sem_wait(&policy_changed);
	target_saw = sched_getscheduler(0);
	return NULL;
}

static void part1(void)
{
	static const struct { int policy; const char *name; } policies[] = {
		{ SCHED_OTHER, "SCHED_OTHER" }, { SCHED_FIFO, "SCHED_FIFO" }, { SCHED_RR, "SCHED_RR" },
		{ SCHED_BATCH, "SCHED_BATCH" }, { SCHED_IDLE, "SCHED_IDLE" }, { SCHED_DEADLINE, "SCHED_DEADLINE" },
		{ 42, "policy 42" }, { -1, "policy -1" },
	};
	for (int m = 0; m < 2; m++) {
		char line[512] = "";
		size_t len = 0;
		for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
			int r = m == 0 ? sched_get_priority_max(policies[i].policy) : sched_get_priority_min(policies[i].policy);
			char v[32];
			if (r == -1) snprintf(v, sizeof v, "%s", errname(errno));
			else snprintf(v, sizeof v, "%d", r);
			len += (size_t)snprintf(line + len, sizeof line - len, "%s%s %s", i ? ", " : "", policies[i].name, v);
		}
		printf("sched_get_priority_%s: %s\n", m == 0 ? "max" : "min", line);
	}

	printf("main thread: sched_getscheduler(0) -> %s, sched_getparam(0) -> priority %d\n",
	       policy_name(sched_getscheduler(0)), priority_of(0));
	printf("sched_getscheduler(-1) -> %s\n", policy_name(sched_getscheduler(-1)));
	printf("sched_getscheduler(no such pid) -> %s\n", policy_name(sched_getscheduler(NO_SUCH_PID)));
	struct sched_param sp;
	printf("sched_getparam(-1) -> %s\n", outcome(sched_getparam(-1, &sp)));
	printf("sched_getparam(no such pid) -> %s\n", outcome(sched_getparam(NO_SUCH_PID, &sp)));
	printf("sched_getparam(0, NULL) -> %s\n", outcome(sched_getparam(0, NULL)));

	printf("sched_setscheduler(0, SCHED_FIFO, 0) -> %s\n", set(0, SCHED_FIFO, 0));
	printf("sched_setscheduler(0, SCHED_FIFO, 100) -> %s\n", set(0, SCHED_FIFO, 100));
	printf("sched_setscheduler(0, SCHED_RR, -1) -> %s\n", set(0, SCHED_RR, -1));
	printf("sched_setscheduler(0, SCHED_OTHER, 5) -> %s\n", set(0, SCHED_OTHER, 5));
	printf("sched_setscheduler(0, SCHED_BATCH, 1) -> %s\n", set(0, SCHED_BATCH, 1));
	printf("sched_setscheduler(0, SCHED_IDLE, -1) -> %s\n", set(0, SCHED_IDLE, -1));
	printf("sched_setscheduler(0, SCHED_DEADLINE, 0) -> %s\n", set(0, SCHED_DEADLINE, 0));
	printf("sched_setscheduler(0, policy 42, 0) -> %s\n", set(0, 42, 0));
	printf("sched_setscheduler(0, policy -1, 0) -> %s\n", set(0, -1, 0));
	printf("sched_setscheduler(-1, SCHED_OTHER, 0) -> %s\n", set(-1, SCHED_OTHER, 0));
	printf("sched_setscheduler(0, SCHED_OTHER, NULL) -> %s\n", set(0, SCHED_OTHER, -1000));
	printf("sched_setscheduler(no such pid, SCHED_OTHER, 0) -> %s\n", set(NO_SUCH_PID, SCHED_OTHER, 0));
	printf("sched_setscheduler(no such pid, policy 42, 0) -> %s\n", set(NO_SUCH_PID, 42, 0));
	sp.sched_priority = 5;
	printf("sched_setparam(0, 5) with SCHED_OTHER -> %s\n", outcome(sched_setparam(0, &sp)));
	sp.sched_priority = 0;
	printf("sched_setparam(0, 0) -> %s\n", outcome(sched_setparam(0, &sp)));
	printf("sched_setparam(-1, 0) -> %s\n", outcome(sched_setparam(-1, &sp)));
	printf("sched_setscheduler(0, SCHED_OTHER, 0) -> %s; still %s\n", set(0, SCHED_OTHER, 0),
	       policy_name(sched_getscheduler(0)));

	run_in_thread(batch_thread);
	run_in_thread(idle_thread);

	sem_init(&tid_published, 0, 0);
	sem_init(&policy_changed, 0, 0);
	pthread_t t;
	pthread_create(&t, NULL, target_thread, NULL);
	sem_wait(&tid_published);
	const char *rc = set(target_tid, SCHED_BATCH, 0);
	const char *seen_by_tid = policy_name(sched_getscheduler(target_tid));
	sem_post(&policy_changed);
	pthread_join(t, NULL);
	printf("sched_setscheduler(another thread's tid, SCHED_BATCH, 0) -> %s; sched_getscheduler(its tid) -> %s; "
	       "it sees %s; main still %s\n", rc, seen_by_tid, policy_name(target_saw), policy_name(sched_getscheduler(0)));

	struct timespec ts = { -1, -1 };
	int r = sched_rr_get_interval(0, &ts);
	printf("sched_rr_get_interval(0) with SCHED_OTHER -> %s, a non-negative normalised interval: %s\n", outcome(r),
	       ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L ? "yes" : "no");
	printf("sched_rr_get_interval(-1) -> %s\n", outcome(sched_rr_get_interval(-1, &ts)));
	printf("sched_rr_get_interval(no such pid) -> %s\n", outcome(sched_rr_get_interval(NO_SUCH_PID, &ts)));
	printf("sched_yield() -> %d\n", sched_yield());
}

/* ------------------------------------------------------------------ part 2 */

static const char *interval(pid_t pid)
{
	static char buf[64];
	struct timespec ts = { -1, -1 };
	if (sched_rr_get_interval(pid, &ts) != 0) snprintf(buf, sizeof buf, "%s", errname(errno));
	else snprintf(buf, sizeof buf, "%ld.%09ld s", (long)ts.tv_sec, ts.tv_nsec);
	return buf;
}

static void *clear_reset_on_fork(void *arg)
{
	(void)arg;
	say("thread: SCHED_OTHER|SCHED_RESET_ON_FORK -> %s, then SCHED_OTHER (clearing the flag) -> %s; sched_getscheduler -> %s",
	    set(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0), set(0, SCHED_OTHER, 0), policy_name(sched_getscheduler(0)));
	return NULL;
}

static void *leave_idle(void *arg)
{
	(void)arg;
	say("thread: SCHED_IDLE -> %s, then SCHED_OTHER -> %s; sched_getscheduler -> %s", set(0, SCHED_IDLE, 0),
	    set(0, SCHED_OTHER, 0), policy_name(sched_getscheduler(0)));
	return NULL;
}

static void *real_time(void *arg)
{
	(void)arg;
	char seen[96];
	const char *rc = set(0, SCHED_FIFO, 10);
	say("thread: sched_setscheduler(0, SCHED_FIFO, 10) -> %s", rc);
	if (strcmp(rc, "ok") != 0) return NULL;
	say("thread: sched_getscheduler -> %s, priority %d, sched_rr_get_interval -> %s", policy_name(sched_getscheduler(0)),
	    priority_of(0), interval(0));
	struct sched_param sp = { .sched_priority = 20 };
	say("thread: sched_setparam(0, 20) -> %s; priority %d", outcome(sched_setparam(0, &sp)), priority_of(0));
	sp.sched_priority = 0;
	say("thread: sched_setparam(0, 0) -> %s", outcome(sched_setparam(0, &sp)));
	new_thread_sees(seen, sizeof seen);
	say("thread: a new thread gets %s", seen);
	say("thread: sched_setscheduler(0, SCHED_RR, 5) -> %s; sched_getscheduler -> %s, priority %d, "
	    "sched_rr_get_interval -> %s", set(0, SCHED_RR, 5), policy_name(sched_getscheduler(0)), priority_of(0), interval(0));
	say("thread: sched_setscheduler(0, SCHED_RR|SCHED_RESET_ON_FORK, 7) -> %s; sched_getscheduler -> %s",
	    set(0, SCHED_RR | SCHED_RESET_ON_FORK, 7), policy_name(sched_getscheduler(0)));
	new_thread_sees(seen, sizeof seen);
	say("thread: a new thread gets %s", seen);
	say("thread: sched_setscheduler(0, SCHED_OTHER, 0) -> %s; sched_getscheduler -> %s, priority %d",
	    set(0, SCHED_OTHER, 0), policy_name(sched_getscheduler(0)), priority_of(0));
	return NULL;
}

int main(int argc, char **argv)
{
	part1();
	if (argc < 2 || strcmp(argv[1], "all") != 0) return 0;
	puts("-- privileged");
	run_in_thread(clear_reset_on_fork);
	run_in_thread(leave_idle);
	run_in_thread(real_time);
	return 0;
}
