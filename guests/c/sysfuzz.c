/* sysfuzz SEED [CALLS]: issues CALLS (default 3000) system calls with numbers drawn from the o32 range
 * 4000..4470 and arguments biased toward values that break kernels: 0, -1, small ints, descriptors of every
 * kind, NULL, 0xffffffff, kernel-half addresses, unmapped and PROT_NONE pages, a read-only page, buffers and
 * strings that run off the end of a mapping, huge lengths. The choices depend on SEED alone.
 *
 * Never run it on a real kernel (nor under qemu-user, which passes system calls to the host kernel): kill(-1),
 * setuid, chmod("/") and friends would act on the machine. Without arguments it only prints its usage, so the
 * differential suite (which runs every guest under qemu-mipsel) compares just that. test/kernel/fuzz.test.ts
 * runs it under Trapgate with --root, where every one of them is confined to the guest.
 *
 * Checked here: the fuzzer survives (its own memory outside the buffers it passes is never written: a canary
 * block and the read-only page keep their checksums), numbers outside the table give ENOSYS, and every failure
 * is an errno in Linux's range [1, 4095]. It ends with exit status 0 and a summary line on its saved stdout.
 *
 * What it must not call, and why (everything else is called with whatever arguments come up):
 *  - exit, exit_group: end the run; execve, execveat: replace the program; fork, clone, clone3: a second
 *    copy of the fuzzer would run on; sigreturn, rt_sigreturn: load a random register context;
 *  - pause, sigsuspend, rt_sigsuspend: wait for a signal the watchdog can only deliver by ending the wait
 *    with its handler, which they would do correctly but then the fuzzer learns nothing more;
 *  - kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, alarm, setitimer, timer_create: send signals
 *    whose default action ends the process (the fuzzer cannot keep a handler for every signal installed,
 *    since it also fuzzes sigaction);
 *  - setrlimit, (prlimit64 with a new limit): a tiny RLIMIT_STACK, RLIMIT_CPU or RLIMIT_FSIZE kills the
 *    fuzzer legitimately (prlimit64 still runs with its new-limit pointer forced to NULL);
 *  - set_thread_area: moves the TLS pointer under glibc (errno lives there);
 *  - reboot: nothing good can come of it.
 * And what is sanitised rather than excluded:
 *  - memory management (mmap with MAP_FIXED, munmap, mprotect, mremap, madvise, mlock..., brk): addresses inside
 *    the program's own mappings are replaced by the fuzz arena, lengths are cut at the arena's end, brk never
 *    shrinks below its current end; the arena is rebuilt after every such call and non-fixed mappings the
 *    call created are unmapped again;
 *  - sigaction/rt_sigaction of SIGUSR1 and the sigmask arguments of ppoll/pselect6: the watchdog needs them;
 *    nor of SIGPIPE, which stays ignored (random closes leave pipes without readers);
 *  - close_range reaching the saved stdout/stderr descriptors;
 *  - any other argument that lands in the program's own writable memory (a random word can) is moved to the
 *    kernel half, so a call cannot scribble over glibc's state just because it was given a valid pointer.
 * A call that blocks (read of an empty pipe, futex wait, poll with no timeout, ...) is ended by the watchdog
 * thread with SIGUSR1 (a handler without SA_RESTART: EINTR), exactly as on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096u
#define FIRST_NR 4000
#define LAST_NR 4470
/* Arena layout, in pages from its base: data pages, then the special pages pointers are drawn toward. */
#define DATA_PAGES 16
#define GUARD_PAGE (DATA_PAGES)      /* PROT_NONE */
#define RO_PAGE (DATA_PAGES + 1)     /* PROT_READ, filled with paths */
#define HOLE_PAGE (DATA_PAGES + 2)   /* unmapped */
#define EDGE_PAGE (DATA_PAGES + 3)   /* RW, followed by an unmapped page */
#define HOLE2_PAGE (DATA_PAGES + 4)  /* unmapped */
#define ARENA_PAGES (DATA_PAGES + 5)
/* Descriptors: 3..9 are prepared for the fuzz, the real stdout and stderr are kept at 1000 and 1001. */
#define FUZZ_FD_FIRST 3
#define FUZZ_FD_END 10
#define SAVED_OUT 1000
#define SAVED_ERR 1001

static uint8_t *arena;
static uint32_t arena_lo, arena_hi;
static uint64_t rng;
static volatile unsigned long progress;
static volatile int in_call, done;
static volatile pid_t main_tid;
static uint32_t canary[256];
static uint8_t nosys[LAST_NR - FIRST_NR + 1];

static uint32_t next(void)
{
	/* splitmix64: independent of libc's rand, so the sequence is the same everywhere. */
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)(z ^ (z >> 31));
}

static uint32_t below(uint32_t n) { return next() % n; }

static const char *const paths[] = {
	"fzA", "fzB", "fzdir", "fzdir/", "fzdir/inner", "fzlink", "fzloop", ".", "..", "/", "../../..", "/..",
	"../fzA", "../../../../tmp/fzA", "/tmp/fzA", "/proc/self/exe", "/proc/self/cwd/../fzA",
	"/proc/self/root/../fzA", "/proc/self/fd/4/../../fzA", "/proc/self/fd/3", "/proc/self/maps",
	"/proc/self/mem", "/proc/self/status", "/proc", "/proc/self", "/proc/1/cwd", "/dev/null", "/etc/passwd",
	"fzdir/../../fzA", "fzA/", "fzlink/", "fzdir/.", "", "/proc/self/fd/", "//fzA", "fzB/../fzA",
};
#define NPATHS (sizeof paths / sizeof paths[0])

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

/* Fills the data pages with a mix of random words, pointers into the arena, small numbers and path
 * strings, so that structs read by the kernel (iovecs, timespecs, sigactions, ...) hold interesting values. */
static void fill_arena(void)
{
	uint32_t *w = (uint32_t *)arena;
	for (uint32_t i = 0; i < DATA_PAGES * PAGE / 4; i++) {
		switch (below(6)) {
		case 0: w[i] = next(); break;
		case 1: w[i] = below(16); break;
		case 2: w[i] = arena_lo + below(DATA_PAGES * PAGE); break;
		case 3: w[i] = 0xffffffffu - below(4); break;
		case 4: w[i] = 1u << below(32); break;
		default: w[i] = 0; break;
		}
	}
	/* Path strings at the start of each data page (pointer choices favour these offsets). */
	for (uint32_t p = 0; p < DATA_PAGES; p++) strcpy((char *)arena + p * PAGE, paths[(p * 7) % NPATHS]);
}

static void build_arena(void)
{
	void *a = mmap(arena, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (arena ? MAP_FIXED : 0), -1, 0);
	if (a == MAP_FAILED) {
		perror("sysfuzz: arena");
		exit(3);
	}
	arena = a;
	arena_lo = ptr(a);
	arena_hi = arena_lo + ARENA_PAGES * PAGE;
	fill_arena();
	for (uint32_t i = 0; i < NPATHS; i++) strcpy((char *)arena + RO_PAGE * PAGE + 64 * i, paths[i]);
	/* A path with no NUL before the end of the edge page (the next page is unmapped). */
	memset(arena + EDGE_PAGE * PAGE, 'x', PAGE);
	mprotect(arena + GUARD_PAGE * PAGE, PAGE, PROT_NONE);
	mprotect(arena + RO_PAGE * PAGE, PAGE, PROT_READ);
	munmap(arena + HOLE_PAGE * PAGE, PAGE);
	munmap(arena + HOLE2_PAGE * PAGE, PAGE);
}

static uint32_t checksum(const uint32_t *p, uint32_t words)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < words; i++) h = (h ^ p[i]) * 16777619u;
	return h;
}

/* A value that may be used as a pointer. */
static uint32_t pointer(void)
{
	switch (below(14)) {
	case 0: return 0;
	case 1: return 0xffffffffu;
	case 2: return 0x80000000u + below(0x80000000u);
	case 3: return 0x7ffffffcu;                                      /* straddles into the kernel half */
	case 4: return arena_lo + HOLE_PAGE * PAGE + below(PAGE);        /* unmapped */
	case 5: return arena_lo + GUARD_PAGE * PAGE + below(PAGE);       /* PROT_NONE */
	case 6: return arena_lo + GUARD_PAGE * PAGE - 1 - below(16);     /* runs into PROT_NONE */
	case 7: return arena_lo + RO_PAGE * PAGE + 64 * below(NPATHS);  /* read-only, a path */
	case 8: return arena_lo + HOLE_PAGE * PAGE - 1 - below(64);      /* read-only, runs into a hole */
	case 9: return arena_lo + EDGE_PAGE * PAGE + below(PAGE);        /* RW, unterminated, runs into a hole */
	case 10: return arena_lo + PAGE * below(DATA_PAGES);             /* a path string */
	case 11: return 1 + below(0x1000);                               /* the NULL page */
	default: return arena_lo + (below(DATA_PAGES * PAGE) & ~3u);     /* valid, aligned */
	}
}

static uint32_t value(void)
{
	static const uint32_t special[] = {
		0, 1, 2, 3, 4, 0xffffffffu, 0xfffffffeu, 0x7fffffffu, 0x80000000u, 0xffff0000u, 0xffffff9cu /* AT_FDCWD */,
		0x1000, 0xfff, 0x1001, 0x10000, 0x7ffff000u, 0x7ffffffcu, 0xfffff000u, 64, 255, 256, 1024, 4096 + 1, 0x100000,
	};
	switch (below(8)) {
	case 0: return special[below(sizeof special / sizeof special[0])];
	case 1: return below(16);                                    /* small ints, descriptors */
	case 2: return FUZZ_FD_FIRST + below(FUZZ_FD_END - FUZZ_FD_FIRST);
	case 3: case 4: return pointer();
	case 5: return 1u << below(32);                              /* a single flag */
	case 6: return next() & next();                              /* a sparse flag word */
	default: return next();
	}
}

/* Moves a word that happens to point into the program's own writable memory (below the arena or above it:
 * data, heap, stacks) to the kernel half. The text segment starts at 0x400000; the arena is left alone, and so
 * is the top megabyte below 0x80000000 (vDSO, its data page, the dsemul page: nothing the user can write). */
static uint32_t tame(uint32_t v)
{
	if (v >= 0x400000u && v < 0x7ff00000u && !(v >= arena_lo && v < arena_hi))
		return v | 0x80000000u;
	return v;
}

static int excluded(long nr)
{
	switch (nr) {
	case __NR_exit: case __NR_exit_group: case __NR_execve: case __NR_execveat:
	case __NR_fork: case __NR_clone: case __NR_clone3: case __NR_sigreturn: case __NR_rt_sigreturn:
	case __NR_pause: case __NR_sigsuspend: case __NR_rt_sigsuspend:
	case __NR_kill: case __NR_tkill: case __NR_tgkill: case __NR_rt_sigqueueinfo: case __NR_rt_tgsigqueueinfo:
	case __NR_alarm: case __NR_setitimer: case __NR_timer_create:
	case __NR_setrlimit: case __NR_set_thread_area: case __NR_reboot:
		return 1;
	}
	return 0;
}

static int is_mm(long nr)
{
	switch (nr) {
	case __NR_mmap: case __NR_mmap2: case __NR_munmap: case __NR_mprotect: case __NR_mremap: case __NR_madvise:
	case __NR_mlock: case __NR_munlock: case __NR_mlock2: case __NR_msync: case __NR_remap_file_pages:
	case __NR_mincore: case __NR_brk: case __NR_mlockall: case __NR_pkey_mprotect: case __NR_process_madvise:
	case __NR_shmat: case __NR_shmdt:
		return 1;
	}
	return 0;
}

/* An address argument of a memory call: inside the arena, or somewhere the program has nothing. */
static uint32_t mm_address(uint32_t v)
{
	if (v >= arena_lo && v < arena_hi) return v;
	if (v >= 0x400000u && v < 0x80000000u) return arena_lo + (v % (ARENA_PAGES * PAGE));
	return v;
}

static uint32_t mm_length(uint32_t addr, uint32_t len)
{
	if (addr >= arena_lo && addr < arena_hi && len > arena_hi - addr) return arena_hi - addr;
	/* An address outside user space may keep any length: Linux rejects it before looking at pages. */
	if (addr < 0x400000u && len > 0x400000u - addr) return 0x400000u - addr;
	return len;
}

/* Makes the call harmless to the fuzzer itself (see the list at the top). Returns 0 to skip it. */
static int sanitise(long nr, uint32_t *a)
{
	if (nr == __NR_syscall) {
		/* sys_syscall: the real number is the first argument and the rest move down one place. */
		if (excluded((long)a[0])) return 0;
		return a[0] == __NR_syscall || sanitise((long)a[0], a + 1);
	}
	if (excluded(nr)) return 0;
	switch (nr) {
	case __NR_mmap: case __NR_mmap2:
		if (a[3] & MAP_FIXED) a[0] = mm_address(a[0]);
		a[1] = mm_length(a[0], a[1]);
		break;
	case __NR_munmap: case __NR_mprotect: case __NR_madvise: case __NR_mlock: case __NR_munlock:
	case __NR_mlock2: case __NR_msync: case __NR_remap_file_pages: case __NR_mincore: case __NR_pkey_mprotect:
		a[0] = mm_address(a[0]);
		a[1] = mm_length(a[0], a[1]);
		break;
	case __NR_mremap:
		a[0] = mm_address(a[0]);
		a[1] = mm_length(a[0], a[1]);
		a[4] = mm_address(a[4]);
		a[2] = mm_length(a[4], a[2]);
		break;
	case __NR_brk: {
		uint32_t now = (uint32_t)syscall(__NR_brk, 0);
		if (a[0] < now) a[0] = 0;
		break;
	}
	case __NR_sigaction: case __NR_rt_sigaction:
		if (a[0] == SIGUSR1 || a[0] == SIGPIPE) return 0;
		break;
	case __NR_ppoll: case __NR_ppoll_time64:
		a[3] = 0;
		break;
	case __NR_pselect6: case __NR_pselect6_time64:
		a[5] = 0;
		break;
	case __NR_prlimit64:
		a[2] = 0;
		break;
	case __NR_close_range:
		if (a[0] <= SAVED_ERR && a[1] >= SAVED_OUT) return 0;
		break;
	case __NR_dup2: case __NR_dup3:
		if (a[1] == SAVED_OUT || a[1] == SAVED_ERR) return 0;
		break;
	case __NR_close:
		if (a[0] == SAVED_OUT || a[0] == SAVED_ERR) return 0;
		break;
	}
	return 1;
}

/* The prepared descriptors 3..9: a file, a directory, both ends of a pipe, a read-only file, an O_PATH
 * descriptor and a second file; 0..2 are a file inside the root too (the real ones are saved). */
static void prepare_fds(void)
{
	syscall(__NR_close_range, 0, SAVED_OUT - 1, 0);
	syscall(__NR_close_range, SAVED_ERR + 1, ~0u, 0);
	chdir("/");
	mkdir("fzdir", 0755);
	int in = open("fzA", O_RDWR | O_CREAT, 0644);           /* 0 */
	int out = open("fzout", O_WRONLY | O_CREAT | O_APPEND, 0644); /* 1 */
	dup2(out, 2);
	int fd = open("fzB", O_RDWR | O_CREAT, 0644);           /* 3 */
	open("fzdir", O_RDONLY | O_DIRECTORY);                  /* 4 */
	int p[2];
	pipe(p);                                                /* 5, 6 */
	open("fzA", O_RDONLY);                                  /* 7 */
	open("fzdir", O_PATH);                                  /* 8 */
	open("fzC", O_RDWR | O_CREAT | O_TRUNC, 0600);          /* 9 */
	(void)in;
	(void)fd;
}

static void on_usr1(int sig) { (void)sig; }

/* Ends a call that would wait forever: when the fuzzer made no progress for two periods, SIGUSR1. */
static void *watchdog(void *arg)
{
	(void)arg;
	unsigned long seen = ~0ul;
	int stuck = 0;
	while (!done) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		if (in_call && progress == seen) {
			if (++stuck >= 2) syscall(__NR_tgkill, getpid(), main_tid, SIGUSR1);
			if (stuck >= 50) {
				dprintf(SAVED_ERR, "sysfuzz: call %lu never returned, even to signals\n", progress);
				syscall(__NR_exit_group, 4);
			}
		} else {
			stuck = 0;
		}
		seen = progress;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		printf("usage: sysfuzz SEED [CALLS] (run it under Trapgate only: see the comment at the top)\n");
		return 0;
	}
	unsigned long seed = strtoul(argv[1], NULL, 0);
	unsigned long calls = argc > 2 ? strtoul(argv[2], NULL, 0) : 3000;
	rng = seed * 0x2545f4914f6cdd1dull + 1;
	main_tid = (pid_t)syscall(__NR_gettid);

	dup2(1, SAVED_OUT);
	dup2(2, SAVED_ERR);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1; /* no SA_RESTART: a blocked call ends with EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	build_arena();
	for (uint32_t i = 0; i < 256; i++) canary[i] = next();
	uint32_t canary_sum = checksum(canary, 256);
	uint32_t ro_sum = checksum((uint32_t *)(arena + RO_PAGE * PAGE), PAGE / 4);
	prepare_fds();
	symlink("fzA", "fzlink");
	symlink("fzloop", "fzloop");
	pthread_t dog;
	pthread_create(&dog, NULL, watchdog, NULL);

	unsigned long failures = 0, enosys = 0, ok = 0, skipped = 0;
	sigset_t none;
	sigemptyset(&none);
	for (unsigned long i = 0; i < calls; i++) {
		long nr;
		switch (below(40)) {
		case 0: nr = FIRST_NR - 1 - below(4000); break; /* below the table */
		case 1: nr = LAST_NR + 1 + below(100000); break; /* beyond it */
		default:
			/* Numbers that said ENOSYS once are drawn again less often: most of the table is not
			 * implemented, and the ones that are deserve the calls. */
			nr = FIRST_NR + below(LAST_NR - FIRST_NR + 1);
			for (int k = 0; k < 4 && nosys[nr - FIRST_NR]; k++) nr = FIRST_NR + below(LAST_NR - FIRST_NR + 1);
			break;
		}
		uint32_t a[8];
		for (int k = 0; k < 8; k++) a[k] = tame(value());
		if (!sanitise(nr, a)) {
			skipped++;
			continue;
		}
		in_call = 1;
		errno = 0;
		long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
		int e = errno;
		in_call = 0;
		progress++;
		if (nr < FIRST_NR || nr > LAST_NR) {
			if (r != -1 || e != ENOSYS) {
				dprintf(SAVED_OUT, "FAIL call %lu: syscall(%ld) -> %ld errno %d, want ENOSYS\n", i, nr, r, e);
				return 1;
			}
		}
		if (r == -1 && (e < 1 || e > 4095)) {
			dprintf(SAVED_OUT, "FAIL call %lu: syscall(%ld) -> -1 with errno %d\n", i, nr, e);
			return 1;
		}
		if (r == -1) {
			failures++;
			if (e == ENOSYS) {
				enosys++;
				if (nr >= FIRST_NR && nr <= LAST_NR) nosys[nr - FIRST_NR] = 1;
			}
		} else {
			ok++;
		}
		if (checksum(canary, 256) != canary_sum) {
			dprintf(SAVED_OUT, "FAIL call %lu: syscall(%ld, %#x, %#x, %#x, %#x) wrote to memory it was not given\n",
				i, nr, a[0], a[1], a[2], a[3]);
			return 1;
		}
		long mm = nr == __NR_syscall ? (long)a[0] : nr;
		if (is_mm(mm)) {
			/* A mapping the call made elsewhere goes away again; then the arena is rebuilt. */
			uint32_t at = (uint32_t)r;
			if (r != -1 && mm != __NR_brk && (mm == __NR_mmap || mm == __NR_mmap2 || mm == __NR_mremap) &&
			    (at < arena_lo || at >= arena_hi))
				munmap((void *)(uintptr_t)at, nr == __NR_syscall ? a[mm == __NR_mremap ? 3 : 2] : a[mm == __NR_mremap ? 2 : 1]);
			build_arena();
		} else if (checksum((uint32_t *)(arena + RO_PAGE * PAGE), PAGE / 4) != ro_sum) {
			dprintf(SAVED_OUT, "FAIL call %lu: syscall(%ld, %#x, %#x, %#x, %#x) wrote to a read-only page\n",
				i, nr, a[0], a[1], a[2], a[3]);
			return 1;
		}
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (i % 64 == 63) prepare_fds();
		else {
			syscall(__NR_close_range, FUZZ_FD_END, SAVED_OUT - 1, 0);
			syscall(__NR_close_range, SAVED_ERR + 1, ~0u, 0);
		}
	}
	done = 1;
	pthread_join(dog, NULL);
	dprintf(SAVED_OUT, "sysfuzz seed %lu: %lu calls made (%lu skipped), %lu succeeded, %lu failed (%lu ENOSYS)\n",
		seed, calls - skipped, skipped, ok, failures, enosys);
	return 0;
}
