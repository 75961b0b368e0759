/* sched_pin: the machine's CPUs as a program sees them, and CPU affinity (kernel/sched/core.c).
 *
 * With the argument "report" every fact printed follows from the number of CPUs N alone (trapgate run --cpus N),
 * so a test can write the expected output from N:
 *  - the CPU count by every route glibc and programs use (sysconf online and configured, /sys/devices/system/cpu/
 *    online, the "processor" lines of /proc/cpuinfo, CPU_COUNT of sched_getaffinity) agrees;
 *  - one thread per CPU pins itself to CPU i with sched_setaffinity, computes a while (so it really runs there
 *    after the move), and then sched_getcpu(), the getcpu system call and `rdhwr $0` (the CPUNum hardware
 *    register) all say i, sched_getaffinity says {i}, and /proc/thread-self/status lists i;
 *  - sched_setaffinity with an empty mask, or with only CPUs >= N, is EINVAL; a mask with CPU 0 and a CPU that does
 *    not exist keeps CPU 0 only; sched_getaffinity with a length too short for N CPUs (0) or not a multiple of
 *    sizeof(long) (2) is EINVAL, and with 4 bytes returns 4;
 *  - a thread created by a pinned thread inherits its affinity (and runs there);
 *  - sched_setaffinity on another thread's tid moves it, whether it is computing or asleep (it then reports the
 *    new CPU); sched_getaffinity on its tid reads the mask back; a tid that does not exist is ESRCH.
 * "report tids" adds, for the trace test, each moved thread's tid and the CPU it was on before the move (those
 * lines depend on the run, the others do not).
 *
 * Without arguments it checks the same things in a form true on any Linux host, so that it runs in the
 * differential suite under qemu-mipsel, which passes these calls to the host kernel: on the CPUs the process may
 * use (a container may allow fewer than are online), without the CPU count, and without rdhwr $0 (qemu-user
 * answers with its own per-thread index). Threads never print; main prints after the joins. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_THREADS 32

/* The errno's name (glibc's strerrorname_np), or "ok". */
static const char *errname(int e)
{
	return e == 0 ? "ok" : strerrorname_np(e);
}

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static int rdhwr_cpunum(void)
{
	int r;
	__asm__ volatile(".set push\n.set mips32r2\nrdhwr %0, $0\n.set pop" : "=r"(r));
	return r;
}

static int getcpu_syscall(void)
{
	unsigned cpu = 12345, node = 12345;
	if (syscall(SYS_getcpu, &cpu, &node, NULL) != 0) return -1;
	return node == 0 ? (int)cpu : -2;
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Work the compiler cannot drop: long enough to span several scheduler turns. */
static unsigned spin(unsigned n)
{
	volatile unsigned x = 1;
	for (unsigned i = 0; i < n; i++) x = x * 1103515245u + 12345u;
	return x;
}

/* The Cpus_allowed_list line of this thread's /proc status, or "?" */
static void allowed_list(char *out, size_t size)
{
	snprintf(out, size, "?");
	FILE *f = fopen("/proc/thread-self/status", "r");
	if (!f) return;
	char line[256];
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "Cpus_allowed_list:\t", 19) == 0) {
			line[strcspn(line, "\n")] = 0;
			snprintf(out, size, "%.30s", line + 19);
		}
	}
	fclose(f);
}

/* The mask is exactly {cpu}. */
static int only_cpu(const cpu_set_t *set, int cpu)
{
	return CPU_COUNT(set) == 1 && CPU_ISSET(cpu, set);
}

/* Where a thread finds itself by each of the three routes; all three equal `cpu`. */
static int everywhere(int cpu, int *sched, int *sys, int *hw)
{
	*sched = sched_getcpu();
	*sys = getcpu_syscall();
	*hw = rdhwr_cpunum();
	return *sched == cpu && *sys == cpu && *hw == cpu;
}

/* ------------------------------------------------------------------ counting CPUs */

static int count_cpuinfo(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f) return -1;
	char line[256];
	int n = 0;
	while (fgets(line, sizeof line, f)) n += strncmp(line, "processor", 9) == 0;
	fclose(f);
	return n;
}

static void read_line(const char *path, char *out, size_t size)
{
	snprintf(out, size, "?");
	FILE *f = fopen(path, "r");
	if (!f) return;
	if (fgets(out, (int)size, f)) out[strcspn(out, "\n")] = 0;
	fclose(f);
}

/* ------------------------------------------------------------------ one pinned thread per CPU */

struct pinned {
	int cpu;
	pid_t tid;
	int before;            /* the CPU it ran on before pinning itself */
	int rc;                /* sched_setaffinity */
	int sched, sys, hw;
	int mask_ok;
	char list[32];
};

static void *pin_self(void *arg)
{
	struct pinned *p = arg;
	p->tid = gettid_();
	p->before = getcpu_syscall();
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(p->cpu, &set);
	p->rc = sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
	spin(300000);
	everywhere(p->cpu, &p->sched, &p->sys, &p->hw);
	cpu_set_t got;
	CPU_ZERO(&got);
	p->mask_ok = sched_getaffinity(0, sizeof got, &got) == 0 && only_cpu(&got, p->cpu);
	allowed_list(p->list, sizeof p->list);
	return NULL;
}

/* ------------------------------------------------------------------ inheritance */

struct inherit {
	int cpu;
	int parent_ok;
	int child_mask_ok;
	int child_sched, child_sys, child_hw;
};

static void *inheriting_child(void *arg)
{
	struct inherit *in = arg;
	cpu_set_t got;
	CPU_ZERO(&got);
	in->child_mask_ok = sched_getaffinity(0, sizeof got, &got) == 0 && only_cpu(&got, in->cpu);
	spin(100000);
	everywhere(in->cpu, &in->child_sched, &in->child_sys, &in->child_hw);
	return NULL;
}

static void *pinned_parent(void *arg)
{
	struct inherit *in = arg;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(in->cpu, &set);
	in->parent_ok = sched_setaffinity(0, sizeof set, &set) == 0;
	pthread_t child;
	if (pthread_create(&child, NULL, inheriting_child, in) != 0) return NULL;
	pthread_join(child, NULL);
	return NULL;
}

/* ------------------------------------------------------------------ moving another thread */

struct moved {
	volatile pid_t tid;
	volatile int before;   /* its CPU when it published its tid */
	volatile int go;       /* set by main once the affinity is changed */
	int sched, sys, hw;
	int sleeping;          /* waits on a semaphore-like futex loop instead of computing */
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void *movable(void *arg)
{
	struct moved *m = arg;
	m->before = getcpu_syscall();
	__atomic_store_n(&m->tid, gettid_(), __ATOMIC_RELEASE);
	if (m->sleeping) {
		pthread_mutex_lock(&m->lock);
		while (!m->go) pthread_cond_wait(&m->cond, &m->lock);
		pthread_mutex_unlock(&m->lock);
	} else {
		/* Computing, never sleeping: it is moved while it runs or waits for a CPU. */
		while (!__atomic_load_n(&m->go, __ATOMIC_ACQUIRE)) spin(50);
	}
	spin(100000);
	m->sched = sched_getcpu();
	m->sys = getcpu_syscall();
	m->hw = rdhwr_cpunum();
	return NULL;
}

/* The CPUs this process may use (its affinity at the start), in order. */
static int allowed[MAX_THREADS];
static int nallowed;

/* The allowed CPU after `cpu` (cyclically): another CPU whenever there are two. */
static int next_allowed(int cpu)
{
	for (int k = 0; k < nallowed; k++)
		if (allowed[k] == cpu) return allowed[(k + 1) % nallowed];
	return allowed[0];
}

/* Starts a thread, moves it with sched_setaffinity on its tid to another allowed CPU than the one it was on, lets it
 * go on, and reports whether all went as it should. */
static int move_other(int sleeping, int report, int show_tids)
{
	struct moved m;
	memset(&m, 0, sizeof m);
	m.sleeping = sleeping;
	pthread_mutex_init(&m.lock, NULL);
	pthread_cond_init(&m.cond, NULL);
	pthread_t t;
	pthread_create(&t, NULL, movable, &m);
	while (__atomic_load_n(&m.tid, __ATOMIC_ACQUIRE) == 0) sched_yield();
	int target = next_allowed(m.before);
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(target, &set);
	int rc = sched_setaffinity(m.tid, sizeof set, &set) == 0 ? 0 : errno;
	cpu_set_t got;
	CPU_ZERO(&got);
	int read_back = sched_getaffinity(m.tid, sizeof got, &got) == 0 && only_cpu(&got, target);
	pthread_mutex_lock(&m.lock);
	__atomic_store_n(&m.go, 1, __ATOMIC_RELEASE);
	pthread_cond_signal(&m.cond);
	pthread_mutex_unlock(&m.lock);
	pthread_join(t, NULL);
	const char *what = sleeping ? "sleeping" : "computing";
	if (report) {
		printf("setaffinity(other %s thread, next CPU) -> %s; getaffinity(its tid) reads it back: %s\n", what,
		       errname(rc), yesno(read_back));
		printf("moved %s thread reports the new CPU: sched_getcpu %s, getcpu %s, rdhwr $0 %s\n", what,
		       yesno(m.sched == target), yesno(m.sys == target), yesno(m.hw == target));
	}
	if (show_tids) printf("tid moved %s: %d from cpu%d to cpu%d\n", what, (int)m.tid, m.before, target);
	return rc == 0 && read_back && m.sched == target && m.sys == target;
}

/* The number of CPUs in a list like "0-3,5", and the highest. */
static int count_list(const char *list, int *highest)
{
	int n = 0;
	*highest = -1;
	const char *p = list;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10);
		if (end == p) return -1;
		long b = a;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			p = end;
		}
		n += (int)(b - a + 1);
		if (b > *highest) *highest = (int)b;
		if (*p == ',') p++;
		else if (*p) return -1;
	}
	return n;
}

int main(int argc, char **argv)
{
	/* "report": the facts that follow from the machine's CPU count, for the tests that choose it (--cpus N). */
	int report = argc > 1 && strcmp(argv[1], "report") == 0;
	int show_tids = report && argc > 2 && strcmp(argv[2], "tids") == 0;

	/* How many CPUs, by every route. */
	long onln = sysconf(_SC_NPROCESSORS_ONLN);
	long conf = sysconf(_SC_NPROCESSORS_CONF);
	char online[128];
	read_line("/sys/devices/system/cpu/online", online, sizeof online);
	int highest;
	int listed = count_list(online, &highest);
	int processors = count_cpuinfo();
	cpu_set_t all;
	CPU_ZERO(&all);
	int affinity = sched_getaffinity(0, sizeof all, &all) == 0 ? CPU_COUNT(&all) : -1;
	for (int c = 0; c < (int)(8 * sizeof all) && nallowed < MAX_THREADS; c++)
		if (CPU_ISSET(c, &all)) allowed[nallowed++] = c;
	int subset = affinity > 0 && nallowed > 0 && allowed[nallowed - 1] <= highest;
	if (report) {
		int n = (int)onln;
		char expect_online[64];
		if (n == 1) snprintf(expect_online, sizeof expect_online, "0");
		else snprintf(expect_online, sizeof expect_online, "0-%d", n - 1);
		int agree = conf == onln && strcmp(online, expect_online) == 0 && processors == n && affinity == n;
		printf("sysconf online %ld, sysconf configured %ld, /sys/devices/system/cpu/online \"%s\", "
		       "/proc/cpuinfo processors %d, sched_getaffinity CPU_COUNT %d\n", onln, conf, online, processors, affinity);
		printf("all agree: %s, CPUs: %d\n", yesno(agree), n);
	} else {
		/* True on any Linux: a host may have offline CPUs, and a container fewer allowed ones. */
		printf("online CPUs by sysconf, /sys/devices/system/cpu/online and /proc/cpuinfo agree: %s\n",
		       yesno(listed == onln && processors == onln && conf >= onln));
		printf("sched_getaffinity: a non-empty set of online CPUs: %s\n", yesno(subset));
	}
	if (nallowed < 1) return 1;

	/* One thread per allowed CPU, each pinning itself there. */
	struct pinned p[MAX_THREADS];
	pthread_t t[MAX_THREADS];
	memset(p, 0, sizeof p);
	for (int k = 0; k < nallowed; k++) {
		p[k].cpu = allowed[k];
		pthread_create(&t[k], NULL, pin_self, &p[k]);
	}
	for (int k = 0; k < nallowed; k++) pthread_join(t[k], NULL);
	int pinned_ok = 1;
	for (int k = 0; k < nallowed; k++) {
		int i = p[k].cpu;
		char expect_list[16];
		snprintf(expect_list, sizeof expect_list, "%d", i);
		pinned_ok &= p[k].rc == 0 && p[k].sched == i && p[k].sys == i && p[k].mask_ok && strcmp(p[k].list, expect_list) == 0;
		if (report) {
			printf("thread pinned to cpu%d: setaffinity %s, sched_getcpu %s, getcpu %s, rdhwr $0 %s, getaffinity {%d} %s, "
			       "Cpus_allowed_list \"%s\"\n", i, errname(p[k].rc), yesno(p[k].sched == i), yesno(p[k].sys == i),
			       yesno(p[k].hw == i), i, yesno(p[k].mask_ok), p[k].list);
		}
	}
	if (!report) {
		printf("a thread pinned to each allowed CPU runs there (sched_getcpu, getcpu) and sees only it "
		       "(sched_getaffinity, Cpus_allowed_list): %s\n", yesno(pinned_ok));
	}
	if (show_tids) {
		for (int k = 0; k < nallowed; k++)
			printf("tid pinned %d: %d from cpu%d to cpu%d\n", k, (int)p[k].tid, p[k].before, p[k].cpu);
	}

	/* Masks the kernel must refuse or trim. */
	int beyond = highest + 1;
	int first = allowed[0];
	cpu_set_t set;
	CPU_ZERO(&set);
	printf("setaffinity(empty mask) -> %s\n", sched_setaffinity(0, sizeof set, &set) == 0 ? "ok" : errname(errno));
	CPU_ZERO(&set);
	for (int c = beyond; c < (int)(8 * sizeof set); c++) CPU_SET(c, &set);
	const char *rc_beyond = sched_setaffinity(0, sizeof set, &set) == 0 ? "ok" : errname(errno);
	if (report) printf("setaffinity(only CPUs >= %d) -> %s\n", beyond, rc_beyond);
	else printf("setaffinity(only CPUs above the highest online one) -> %s\n", rc_beyond);
	CPU_ZERO(&set);
	CPU_SET(first, &set);
	CPU_SET(beyond + 5, &set);
	int rc = sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
	cpu_set_t got;
	CPU_ZERO(&got);
	int trimmed = sched_getaffinity(0, sizeof got, &got) == 0 && only_cpu(&got, first);
	if (report) printf("setaffinity({%d, %d}) -> %s, getaffinity then {%d}: %s\n", first, beyond + 5, errname(rc), first,
			   yesno(trimmed));
	else printf("setaffinity({an allowed CPU, one that does not exist}) -> %s, getaffinity then only the first: %s\n",
		    errname(rc), yesno(trimmed));
	sched_setaffinity(0, sizeof all, &all); /* main may use every allowed CPU again */
	unsigned char small[sizeof(cpu_set_t)];
	long r0 = syscall(SYS_sched_getaffinity, 0, 0, small);
	int e0 = errno;
	long r2 = syscall(SYS_sched_getaffinity, 0, 2, small);
	int e2 = errno;
	if (report) {
		long r4 = syscall(SYS_sched_getaffinity, 0, 4, small);
		printf("getaffinity length 0 -> %s, length 2 -> %s, length 4 -> %ld\n", r0 == -1 ? errname(e0) : "ok",
		       r2 == -1 ? errname(e2) : "ok", r4);
	} else {
		long rfull = syscall(SYS_sched_getaffinity, 0, sizeof small, small);
		printf("getaffinity length 0 -> %s, length 2 -> %s, length %zu -> a multiple of 4 no larger: %s\n",
		       r0 == -1 ? errname(e0) : "ok", r2 == -1 ? errname(e2) : "ok", sizeof small,
		       yesno(rfull > 0 && rfull % 4 == 0 && rfull <= (long)sizeof small));
	}
	CPU_ZERO(&set);
	CPU_SET(first, &set);
	printf("setaffinity(no such tid) -> %s\n", sched_setaffinity(0x3ffffff0, sizeof set, &set) == 0 ? "ok" : errname(errno));

	/* A pinned thread's child inherits its mask. */
	struct inherit in;
	memset(&in, 0, sizeof in);
	in.cpu = allowed[nallowed - 1];
	pthread_t parent;
	pthread_create(&parent, NULL, pinned_parent, &in);
	pthread_join(parent, NULL);
	if (report) {
		printf("thread pinned to cpu%d creates a thread: parent pinned %s, child's getaffinity {%d} %s, child runs there: "
		       "sched_getcpu %s, getcpu %s, rdhwr $0 %s\n", in.cpu, yesno(in.parent_ok), in.cpu, yesno(in.child_mask_ok),
		       yesno(in.child_sched == in.cpu), yesno(in.child_sys == in.cpu), yesno(in.child_hw == in.cpu));
	} else {
		printf("a thread created by a pinned thread has its mask and runs on its CPU: %s\n",
		       yesno(in.parent_ok && in.child_mask_ok && in.child_sched == in.cpu && in.child_sys == in.cpu));
	}

	/* Moving another thread, computing and asleep. */
	int moved_computing = move_other(0, report, show_tids);
	int moved_sleeping = move_other(1, report, show_tids);
	if (!report) {
		printf("sched_setaffinity on another thread's tid moves it, computing: %s, asleep: %s\n", yesno(moved_computing),
		       yesno(moved_sleeping));
	}
	return 0;
}
