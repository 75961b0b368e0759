/* rlimits: getrlimit/setrlimit/prlimit. MIPS numbers RLIMIT_NOFILE 5, RLIMIT_AS 6 (generic: 7, 9).
 * Lowering RLIMIT_NOFILE makes the next descriptor past it fail with EMFILE. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/resource.h>

static const char *yesno(int c) { return c ? "yes" : "no"; }

int main(void)
{
	printf("RLIMIT_STACK=%d RLIMIT_NOFILE=%d RLIMIT_AS=%d RLIMIT_NPROC=%d RLIMIT_MEMLOCK=%d\n", RLIMIT_STACK, RLIMIT_NOFILE,
	       RLIMIT_AS, RLIMIT_NPROC, RLIMIT_MEMLOCK);
	struct rlimit rl;
	printf("getrlimit(STACK) -> %d\n", getrlimit(RLIMIT_STACK, &rl));
	printf("stack cur > 0: %s, cur <= max: %s\n", yesno(rl.rlim_cur > 0), yesno(rl.rlim_cur <= rl.rlim_max));
	printf("getrlimit(NOFILE) -> %d\n", getrlimit(RLIMIT_NOFILE, &rl));
	printf("nofile cur >= 64: %s, cur <= max: %s\n", yesno(rl.rlim_cur >= 64), yesno(rl.rlim_cur <= rl.rlim_max));
	struct rlimit64 rl64;
	printf("prlimit64(0, NOFILE) -> %d, same as getrlimit: %s\n", prlimit64(0, RLIMIT_NOFILE, NULL, &rl64),
	       yesno(rl64.rlim_cur == rl.rlim_cur));
	struct rlimit lower = { 16, rl.rlim_max };
	printf("setrlimit(NOFILE, 16) -> %d\n", setrlimit(RLIMIT_NOFILE, &lower));
	printf("getrlimit(NOFILE) -> %d, cur=%lu\n", getrlimit(RLIMIT_NOFILE, &rl), (unsigned long)rl.rlim_cur);
	int last = -1, fd;
	errno = 0;
	while ((fd = dup(0)) >= 0)
		last = fd;
	printf("dup until failure: last fd %d, then errno=%d (%s)\n", last, errno, strerror(errno));
	errno = 0;
	fd = fcntl(0, F_DUPFD, 16);
	printf("F_DUPFD at the limit -> %d errno=%d (%s)\n", fd, errno, strerror(errno));
	struct rlimit bad = { 100, 10 };
	errno = 0;
	printf("setrlimit cur > max -> %d errno=%d\n", setrlimit(RLIMIT_NOFILE, &bad), errno);
	errno = 0;
	printf("getrlimit(999) -> %d errno=%d\n", getrlimit((__rlimit_resource_t)999, &rl), errno);
	printf("getrlimit(AS) -> %d, unlimited or positive: %s\n", getrlimit(RLIMIT_AS, &rl), yesno(rl.rlim_cur > 0));
	return 0;
}
