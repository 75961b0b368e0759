/* enosys: syscall() with numbers the o32 table does not have (below 4000, a hole, far above the end):
 * -1 with ENOSYS (89 on MIPS); indirect syscall(4000, nr) (sys_syscall) reaches the real call. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>

static void try(long nr)
{
	errno = 0;
	long r = syscall(nr, 0, 0, 0, 0);
	printf("syscall(%ld) -> %ld errno=%d (%s)\n", nr, r, errno, strerror(errno));
}

int main(void)
{
	printf("ENOSYS=%d __NR_Linux=%d\n", ENOSYS, __NR_Linux);
	try(4999);
	try(1);
	try(0);
	try(3999);
	try(100000);
	try(-1);
	printf("getpid via syscall(4020) matches: %s\n", syscall(4020) == getpid() ? "yes" : "no");
	printf("getpid via indirect syscall(4000, 4020) matches: %s\n", syscall(4000, 4020) == getpid() ? "yes" : "no");
	printf("still alive after unknown syscalls: yes\n");
	return 0;
}
