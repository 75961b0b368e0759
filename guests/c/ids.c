/* ids: process and user identity syscalls, printed as relations. */
#define _GNU_SOURCE
#include <stdio.h>
#include <errno.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/syscall.h>

static const char *yesno(int c) { return c ? "yes" : "no"; }

int main(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	printf("getuid == geteuid: %s\n", yesno(getuid() == geteuid()));
	printf("getgid == getegid: %s\n", yesno(getgid() == getegid()));
	printf("getresuid -> %d\n", getresuid(&r, &e, &s));
	printf("resuid consistent: %s\n", yesno(r == getuid() && e == geteuid() && s == e));
	printf("getresgid -> %d\n", getresgid(&gr, &ge, &gs));
	printf("resgid consistent: %s\n", yesno(gr == getgid() && ge == getegid() && gs == ge));
	pid_t pid = getpid();
	printf("getpid > 0: %s\n", yesno(pid > 0));
	printf("getpid stable: %s\n", yesno(getpid() == pid));
	printf("getppid > 0 and != getpid: %s\n", yesno(getppid() > 0 && getppid() != pid));
	printf("gettid == getpid (single thread): %s\n", yesno(gettid() == pid));
	printf("syscall(SYS_getpid) == getpid: %s\n", yesno(syscall(SYS_getpid) == pid));
	printf("getpgrp >= 0: %s\n", yesno(getpgrp() >= 0)); /* 0 for a group led outside the pid namespace, as getsid */
	printf("getpgid(0) == getpgrp: %s\n", yesno(getpgid(0) == getpgrp()));
	/* Not "> 0": when the session leader lives outside the caller's pid namespace (a container, CI), Linux's
	 * getsid returns 0 (pid_vnr of a task it cannot see), so only consistency is a fact to compare. */
	printf("getsid(0) == getsid(getpid()) >= 0: %s\n", yesno(getsid(0) >= 0 && getsid(0) == getsid(pid)));
	errno = 0;
	printf("getpgid(-1) fails with ESRCH or EINVAL: %s\n", yesno(getpgid(-1) == -1 && (errno == ESRCH || errno == EINVAL)));
	int ng = getgroups(0, NULL);
	printf("getgroups(0) >= 0: %s\n", yesno(ng >= 0));
	printf("setuid(getuid()) -> %d\n", setuid(getuid()));
	printf("setgid(getgid()) -> %d\n", setgid(getgid()));
	return 0;
}
