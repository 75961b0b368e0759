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

#include "mutex_util.h"

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

/* ------------------------------------------------------------------ robust lists built by hand */

/* An entry: the list pointer, then the futex word 8 bytes further on (futex_offset 8). */
struct entry {
	struct entry *next;
	int pad;
	unsigned word;
};

static struct robust_head hand_head;
static struct entry e[5];
static sem_t filled, may_exit;

#define WAITERS 0x80000000u
#define OWNER_DIED 0x40000000u
#define PI_BIT(p) ((struct entry *)((uintptr_t)(p) | 1))

/* Registers a list: e0 (owned), e1 (owned, waiters), e2 (another task's), e3 as a PI entry (owned, waiters),
 * and e4 as list_op_pending with no owner; then waits and ends. */
static void *hand_built(void *arg)
{
	(void)arg;
	unsigned tid = (unsigned)gettid_();
	e[0].word = tid;
	e[1].word = tid | WAITERS;
	e[2].word = 1;
	e[3].word = tid | WAITERS;
	e[4].word = 0;
	hand_head.next = &e[0];
	e[0].next = &e[1];
	e[1].next = &e[2];
	e[2].next = PI_BIT(&e[3]);
	e[3].next = (struct entry *)&hand_head;
	hand_head.futex_offset = 8;
	hand_head.pending = &e[4];
	long rc = syscall(SYS_set_robust_list, &hand_head, sizeof hand_head);
	sem_post(&filled);
	sem_wait(&may_exit);
	return (void *)rc;
}

struct waiter {
	unsigned *word;
	unsigned value;
	int op;
	long rc;
};

static void *futex_waiter(void *arg)
{
	struct waiter *w = arg;
	struct timespec ts = { 1, 0 };
	long rc = syscall(SYS_futex, w->word, w->op, w->value, &ts, NULL, 0);
	w->rc = rc == -1 ? -errno : rc;
	return NULL;
}

static struct entry loop_entries[2];
static struct robust_head loop_head;

/* A list that never comes back to its head (an entry pointing at itself): the walk stops after
 * ROBUST_LIST_LIMIT entries and still handles list_op_pending. */
static void *circular(void *arg)
{
	(void)arg;
	unsigned tid = (unsigned)gettid_();
	loop_entries[0].word = tid;
	loop_entries[0].next = &loop_entries[0];
	loop_entries[1].word = tid;
	loop_head.next = &loop_entries[0];
	loop_head.futex_offset = 8;
	loop_head.pending = &loop_entries[1];
	return (void *)syscall(SYS_set_robust_list, &loop_head, sizeof loop_head);
}

#define LONG_LIST 2100
static struct entry long_entries[LONG_LIST];
static struct robust_head long_head;

static void *long_list(void *arg)
{
	(void)arg;
	unsigned tid = (unsigned)gettid_();
	long_head.next = &long_entries[0];
	for (int i = 0; i < LONG_LIST; i++) {
		long_entries[i].word = tid;
		long_entries[i].next = i + 1 < LONG_LIST ? &long_entries[i + 1] : (struct entry *)&long_head;
	}
	long_head.futex_offset = 8;
	long_head.pending = NULL;
	return (void *)syscall(SYS_set_robust_list, &long_head, sizeof long_head);
}

static struct entry odd_entry;
static struct robust_head odd_head;

/* futex_offset 9: the word would be misaligned, so it is skipped. */
static void *misaligned(void *arg)
{
	(void)arg;
	odd_entry.word = (unsigned)gettid_();
	odd_entry.next = (struct entry *)&odd_head;
	odd_head.next = &odd_entry;
	odd_head.futex_offset = 9;
	odd_head.pending = NULL;
	return (void *)syscall(SYS_set_robust_list, &odd_head, sizeof odd_head);
}

static const char *wres(long rc)
{
	return rc == 0 ? "woken" : rc == -ETIMEDOUT ? "not woken (ETIMEDOUT)" : err((int)-rc);
}

static void hand_built_lists(void)
{
	sem_init(&filled, 0, 0);
	sem_init(&may_exit, 0, 0);
	pthread_t t;
	pthread_create(&t, NULL, hand_built, NULL);
	sem_wait(&filled);
	unsigned tid = e[0].word;
	struct waiter w[4] = {
		{ &e[1].word, tid | WAITERS, FUTEX_WAIT, 1 },
		{ &e[1].word, tid | WAITERS, FUTEX_WAIT_PRIVATE, 1 },
		{ &e[3].word, tid | WAITERS, FUTEX_WAIT, 1 },
		{ &e[4].word, 0, FUTEX_WAIT, 1 },
	};
	pthread_t wt[4];
	for (int i = 0; i < 4; i++) pthread_create(&wt[i], NULL, futex_waiter, &w[i]);
	sleep_ms(200); /* the waiters are asleep */
	sem_post(&may_exit);
	void *rc;
	pthread_join(t, &rc);
	for (int i = 0; i < 4; i++) pthread_join(wt[i], NULL);
	printf("hand-built list: set_robust_list -> %ld\n", (long)(intptr_t)rc);
	unsigned died = OWNER_DIED;
	printf(" owned word -> %s\n", e[0].word == died ? "FUTEX_OWNER_DIED" : e[0].word == tid ? "unchanged" : "?");
	printf(" owned word with waiters -> %s; its shared waiter %s, its private waiter %s\n",
	       e[1].word == (died | WAITERS) ? "FUTEX_WAITERS|FUTEX_OWNER_DIED" : e[1].word == (tid | WAITERS) ? "unchanged" : "?",
	       wres(w[0].rc), wres(w[1].rc));
	printf(" another task's word -> %s\n", e[2].word == 1 ? "unchanged" : "changed");
	printf(" PI entry with waiters -> %s; its waiter %s\n",
	       e[3].word == (died | WAITERS) ? "FUTEX_WAITERS|FUTEX_OWNER_DIED" : e[3].word == (tid | WAITERS) ? "unchanged" : "?",
	       wres(w[2].rc));
	printf(" list_op_pending with no owner -> %s; its waiter %s\n", e[4].word == 0 ? "unchanged" : "changed", wres(w[3].rc));

	pthread_create(&t, NULL, circular, NULL);
	pthread_join(t, &rc);
	printf("circular list (set_robust_list -> %ld): the thread ended; its entry -> %s, list_op_pending -> %s\n",
	       (long)(intptr_t)rc, loop_entries[0].word == died ? "FUTEX_OWNER_DIED" : "unchanged",
	       loop_entries[1].word == died ? "FUTEX_OWNER_DIED" : "unchanged");

	pthread_create(&t, NULL, long_list, NULL);
	pthread_join(t, &rc);
	int marked = 0, first_unmarked = -1;
	for (int i = 0; i < LONG_LIST; i++) {
		if (long_entries[i].word == died) marked++;
		else if (first_unmarked < 0) first_unmarked = i;
	}
	printf("list of %d entries (set_robust_list -> %ld): %d marked, the first unmarked is entry %d\n", LONG_LIST,
	       (long)(intptr_t)rc, marked, first_unmarked);

	pthread_create(&t, NULL, misaligned, NULL);
	pthread_join(t, &rc);
	printf("futex_offset 9 (set_robust_list -> %ld): the word 8 bytes on -> %s\n", (long)(intptr_t)rc,
	       (odd_entry.word & OWNER_DIED) ? "changed" : "unchanged");
	printf("set_robust_list with length 16 -> %s\n", syscall(SYS_set_robust_list, &odd_head, 16) == -1 ? err(errno) : "0");
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
	hand_built_lists();
	return 0;
}
