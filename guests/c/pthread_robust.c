/* pthread_robust: robust mutexes, which need the kernel's help. glibc registers a robust list for every thread
 * (set_robust_list) and links each robust mutex a thread holds into it; when a thread ends holding one — it
 * returns, its process calls _exit (every thread of the group ends), or it execs — the kernel walks the list and
 * marks the lock word FUTEX_OWNER_DIED (waking a waiter), so the next locker gets EOWNERDEAD, may call
 * pthread_mutex_consistent, and then the mutex works normally; unlocked without that, it is ENOTRECOVERABLE. For
 * robust PI mutexes a blocked waiter gets the lock handed over with FUTEX_OWNER_DIED. get_robust_list shows the
 * head glibc registered. Lockers use timed locks, so a kernel without robust lists (the word keeps the dead
 * owner's TID) gives ETIMEDOUT rather than hanging. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *err(int e)
{
	switch (e) {
	case 0: return "0";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EBUSY: return "EBUSY";
	case EDEADLK: return "EDEADLK";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case ESRCH: return "ESRCH";
	case EAGAIN: return "EAGAIN";
	case ENOSYS: return "ENOSYS";
	default: return strerror(e);
	}
}

static struct timespec after_ms(long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (ms % 1000) * 1000000L;
	ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	return ts;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int timedlock_ms(pthread_mutex_t *m, long ms)
{
	struct timespec dl = after_ms(ms);
	return pthread_mutex_timedlock(m, &dl);
}

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

static void init_mutex(pthread_mutex_t *m, int robust, int protocol, int type, int pshared)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	if (robust) pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setprotocol(&a, protocol);
	pthread_mutexattr_settype(&a, type);
	if (pshared) pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	int rc = pthread_mutex_init(m, &a);
	if (rc != 0) printf("pthread_mutex_init -> %s\n", err(rc));
	pthread_mutexattr_destroy(&a);
}

/* ------------------------------------------------------------------ owner dies */

static pthread_mutex_t rm;
static sem_t locked, may_die;

static void *lock_and_return(void *arg)
{
	pthread_mutex_t *m = arg;
	pthread_mutex_lock(m);
	sem_post(&locked);
	return NULL;
}

/* Locks, tells main, waits until main is (about to be) blocked on the mutex, then ends holding it. */
static void *lock_wait_and_return(void *arg)
{
	pthread_mutex_t *m = arg;
	pthread_mutex_lock(m);
	sem_post(&locked);
	sem_wait(&may_die);
	sleep_ms(100);
	return NULL;
}

static void owner_dies(const char *what, int protocol)
{
	pthread_t t;
	init_mutex(&rm, 1, protocol, PTHREAD_MUTEX_NORMAL, 0);

	pthread_create(&t, NULL, lock_and_return, &rm);
	sem_wait(&locked);
	pthread_join(t, NULL);
	int rc = timedlock_ms(&rm, 300);
	printf("%s: owner ended holding it; lock -> %s", what, err(rc));
	if (rc == EOWNERDEAD) {
		printf(", consistent -> %s", err(pthread_mutex_consistent(&rm)));
		printf(", unlock -> %s", err(pthread_mutex_unlock(&rm)));
		printf(", lock -> %s", err(timedlock_ms(&rm, 300)));
		printf(", unlock -> %s", err(pthread_mutex_unlock(&rm)));
	}
	printf("\n");
	/* Start again from a fresh mutex (without robust lists the old one still names the dead owner). */
	pthread_mutex_destroy(&rm);
	init_mutex(&rm, 1, protocol, PTHREAD_MUTEX_NORMAL, 0);

	/* The owner ends while this thread is blocked on the mutex: the kernel must wake it. */
	pthread_create(&t, NULL, lock_wait_and_return, &rm);
	sem_wait(&locked);
	sem_post(&may_die);
	rc = timedlock_ms(&rm, 1500);
	pthread_join(t, NULL);
	printf("%s: owner ended while we waited; lock -> %s", what, err(rc));
	if (rc == EOWNERDEAD) {
		/* Not made consistent: unlocking makes it unusable for good. */
		printf(", unlock without consistent -> %s", err(pthread_mutex_unlock(&rm)));
		printf(", lock -> %s", err(timedlock_ms(&rm, 300)));
	}
	printf("\n");
	pthread_mutex_destroy(&rm);
}

/* ------------------------------------------------------------------ a forked child dies holding a shared mutex */

static pthread_mutex_t *shared_mutex(void)
{
	pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	init_mutex(m, 1, PTHREAD_PRIO_NONE, PTHREAD_MUTEX_NORMAL, 1);
	return m;
}

static void report_shared(const char *what, pthread_mutex_t *m, int status)
{
	int rc = timedlock_ms(m, 300);
	printf("process-shared robust mutex, %s (status %d): lock -> %s", what, WIFEXITED(status) ? WEXITSTATUS(status) : -1, err(rc));
	if (rc == EOWNERDEAD) {
		printf(", consistent -> %s", err(pthread_mutex_consistent(m)));
		printf(", unlock -> %s", err(pthread_mutex_unlock(m)));
	}
	printf("\n");
	munmap(m, 4096);
}

static void *lock_and_park(void *arg)
{
	pthread_mutex_lock((pthread_mutex_t *)arg);
	sem_post(&locked);
	for (;;) pause();
	return NULL;
}

static void children_die(const char *self)
{
	/* The child's only thread holds it and calls _exit. */
	pthread_mutex_t *m = shared_mutex();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(m);
		_exit(7);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	report_shared("child _exit holding it", m, status);

	/* A second thread of the child holds it when the main thread calls _exit: exit_group ends both. */
	m = shared_mutex();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, lock_and_park, m);
		sem_wait(&locked);
		_exit(8);
	}
	waitpid(pid, &status, 0);
	report_shared("held by another thread of a child that calls _exit", m, status);

	/* The child execs (a program that just exits 9) while holding it. */
	m = shared_mutex();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(m);
		execl(self, self, "exit9", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	report_shared("child execs while holding it", m, status);
}

/* ------------------------------------------------------------------ get_robust_list */

struct robust_head {
	void *next;
	long futex_offset;
	void *pending;
};

static struct robust_head *other_head;
static sem_t other_ready, other_go;
static pid_t other_tid;

static void *robust_other(void *arg)
{
	(void)arg;
	size_t len = 0;
	syscall(SYS_get_robust_list, 0, &other_head, &len);
	other_tid = gettid_();
	sem_post(&other_ready);
	sem_wait(&other_go);
	return NULL;
}

static void robust_list_syscalls(void)
{
	struct robust_head *head = NULL, *head2 = NULL, *head3 = NULL;
	size_t len = 0, len2 = 0;
	long rc = syscall(SYS_get_robust_list, 0, &head, &len);
	if (rc != 0) {
		printf("get_robust_list(0) -> -1 %s\n", err(errno));
		return;
	}
	printf("get_robust_list(0) -> 0, length %zu, head registered: %s\n", len, head != NULL ? "yes" : "no");
	rc = syscall(SYS_get_robust_list, gettid_(), &head2, &len2);
	printf("get_robust_list(own tid) -> %ld, same head: %s\n", rc, head2 == head ? "yes" : "no");
	printf("empty list: next points at the head itself: %s, nothing pending: %s\n", head->next == (void *)head ? "yes" : "no",
	       head->pending == NULL ? "yes" : "no");

	pthread_mutex_t m;
	init_mutex(&m, 1, PTHREAD_PRIO_NONE, PTHREAD_MUTEX_NORMAL, 0);
	pthread_mutex_lock(&m);
	/* glibc links the held mutex's __list into the list; the futex word is futex_offset from the entry. */
	int *word = (int *)((char *)head->next + head->futex_offset);
	printf("holding a robust mutex: the list's first entry leads to its lock word: %s, word holds our tid: %s\n",
	       word == (int *)&m ? "yes" : "no", (*word & 0x3fffffff) == gettid_() ? "yes" : "no");
	pthread_mutex_unlock(&m);
	printf("after unlock the list is empty again: %s\n", head->next == (void *)head ? "yes" : "no");

	pthread_t t;
	sem_init(&other_ready, 0, 0);
	sem_init(&other_go, 0, 0);
	pthread_create(&t, NULL, robust_other, NULL);
	sem_wait(&other_ready);
	rc = syscall(SYS_get_robust_list, other_tid, &head3, &len2);
	printf("get_robust_list(another thread) -> %ld, its own head: %s, the one it sees: %s\n", rc,
	       head3 != head && head3 != NULL ? "yes" : "no", head3 == other_head ? "yes" : "no");
	sem_post(&other_go);
	pthread_join(t, NULL);
	rc = syscall(SYS_get_robust_list, 0x3fff0000, &head3, &len2);
	printf("get_robust_list(no such task) -> %ld %s\n", rc, rc == -1 ? err(errno) : "");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exit9") == 0) return 9;
	setvbuf(stdout, NULL, _IOLBF, 0);
	sem_init(&locked, 0, 0);
	sem_init(&may_die, 0, 0);
	owner_dies("robust mutex", PTHREAD_PRIO_NONE);
	owner_dies("robust PI mutex", PTHREAD_PRIO_INHERIT);
	children_die(argv[0]);
	robust_list_syscalls();
	return 0;
}
