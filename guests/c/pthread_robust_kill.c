/* pthread_robust_kill: a process killed by a signal while one of its threads holds a process-shared robust
 * mutex. Death by a signal ends every thread through do_exit like exit_group does, so the kernel walks each
 * thread's robust list and the other process's next lock gets EOWNERDEAD. Two children: one killed by SIGKILL
 * from the parent while its second thread holds the mutex, one that dies of its own SIGSEGV while holding it.
 * Timed locks: a kernel without robust lists gives ETIMEDOUT instead of hanging. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct shared {
	pthread_mutex_t m;
	sem_t locked;
};

static const char *err(int e)
{
	switch (e) {
	case 0: return "0";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ETIMEDOUT: return "ETIMEDOUT";
	default: return strerror(e);
	}
}

static struct shared *make_shared(void)
{
	struct shared *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&s->m, &a);
	pthread_mutexattr_destroy(&a);
	sem_init(&s->locked, 1, 0);
	return s;
}

static void report(const char *what, struct shared *s, int status)
{
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += 300 * 1000000L;
	if (dl.tv_nsec >= 1000000000L) { dl.tv_sec++; dl.tv_nsec -= 1000000000L; }
	int rc = pthread_mutex_timedlock(&s->m, &dl);
	printf("%s (killed by signal %d): lock -> %s", what, WIFSIGNALED(status) ? WTERMSIG(status) : 0, err(rc));
	if (rc == EOWNERDEAD) {
		printf(", consistent -> %s", err(pthread_mutex_consistent(&s->m)));
		printf(", unlock -> %s", err(pthread_mutex_unlock(&s->m)));
	}
	printf("\n");
	munmap(s, 4096);
}

static void *holder(void *arg)
{
	struct shared *s = arg;
	pthread_mutex_lock(&s->m);
	sem_post(&s->locked);
	for (;;) pause();
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct shared *s = make_shared();
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, holder, s);
		for (;;) pause();
	}
	sem_wait(&s->locked);
	kill(pid, SIGKILL);
	int status = 0;
	waitpid(pid, &status, 0);
	report("child's second thread holds it, SIGKILL", s, status);

	s = make_shared();
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(&s->m);
		int *volatile bad = (int *)16;
		*bad = 1; /* SIGSEGV, default action: the process dies */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	report("child holds it and dies of SIGSEGV", s, status);
	return 0;
}
