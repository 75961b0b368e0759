/* dupfd: dup/dup2/dup3 and fcntl F_GETFD/F_SETFD/F_GETFL/F_SETFL/F_DUPFD/F_DUPFD_CLOEXEC on a file in
 * argv[1]; duplicated descriptors share the file offset and status flags, not the close-on-exec flag. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "check.h"

/* Status flags as names (the numeric values are MIPS-specific: O_APPEND 0x8, O_NONBLOCK 0x80). */
static void show_fl(const char *what, int fd)
{
	int fl = fcntl(fd, F_GETFL);
	const char *acc = (fl & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : (fl & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "O_RDWR";
	printf("%s: %s%s%s\n", what, acc, fl & O_APPEND ? "|O_APPEND" : "", fl & O_NONBLOCK ? "|O_NONBLOCK" : "");
}

static void show_fd(const char *what, int fd)
{
	int f = fcntl(fd, F_GETFD);
	printf("%s: F_GETFD=%d (%s)\n", what, f, f < 0 ? "bad fd" : (f & FD_CLOEXEC) ? "cloexec" : "no cloexec");
}

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1]) != 0) {
		fprintf(stderr, "usage: dupfd DIR\n");
		return 2;
	}
	printf("constants: O_APPEND=%#x O_NONBLOCK=%#x O_CLOEXEC=%#x FD_CLOEXEC=%d\n", O_APPEND, O_NONBLOCK, O_CLOEXEC,
	       FD_CLOEXEC);
	int fd = open("f", O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK(fd == 3);
	show_fl("open O_RDWR", fd);
	show_fd("open", fd);

	int d = dup(fd);
	show("dup(3)", d);
	CHECK(write(fd, "hello", 5) == 5);
	printf("offset shared: lseek(dup) -> %lld\n", (long long)lseek(d, 0, SEEK_CUR));
	CHECK(lseek(d, 1, SEEK_SET) == 1);
	printf("offset shared: lseek(orig) -> %lld\n", (long long)lseek(fd, 0, SEEK_CUR));

	show("dup2(3, 10)", dup2(fd, 10));
	show("dup2(10, 10)", dup2(10, 10));
	show("dup2(bad, 11)", dup2(99, 11));
	show("dup2(3, -1)", dup2(fd, -1));
	show("dup3(3, 12, O_CLOEXEC)", dup3(fd, 12, O_CLOEXEC));
	show_fd("fd 12", 12);
	show("dup3(12, 12, 0)", dup3(12, 12, 0));
	show("dup3(3, 13, bad flag)", dup3(fd, 13, O_APPEND));
	show("F_SETFD 0 on 12", fcntl(12, F_SETFD, 0));
	show_fd("fd 12", 12);
	show("F_SETFD FD_CLOEXEC on 3", fcntl(fd, F_SETFD, FD_CLOEXEC));
	show_fd("fd 3", fd);
	show_fd("fd 10 (dup2 of 3) keeps its own flag", 10);

	show("F_DUPFD min 20", fcntl(fd, F_DUPFD, 20));
	show_fd("fd 20", 20);
	show("F_DUPFD_CLOEXEC min 20", fcntl(fd, F_DUPFD_CLOEXEC, 20));
	show_fd("fd 21", 21);
	show("F_DUPFD min 5 (lowest free >= 5)", fcntl(fd, F_DUPFD, 5));

	show("F_SETFL O_APPEND|O_NONBLOCK", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
	show_fl("fd 3", fd);
	show_fl("fd 10 shares status flags", 10);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(write(10, "!", 1) == 1);
	printf("append through dup -> offset %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	show("F_SETFL O_RDONLY (access mode is ignored)", fcntl(fd, F_SETFL, O_RDONLY));
	show_fl("fd 3", fd);

	/* dup2 over stdout, then restore it */
	fflush(stdout);
	int saved = dup(1);
	CHECK(saved >= 0);
	CHECK(dup2(fd, 1) == 1);
	printf("this line goes to the file\n");
	fflush(stdout);
	CHECK(dup2(saved, 1) == 1);
	close(saved);
	char buf[128] = { 0 };
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	printf("file holds %zd bytes: %s", n, buf);

	/* closing the original leaves the duplicates working */
	show("close(3)", close(fd));
	show("fcntl on closed fd", fcntl(fd, F_GETFD));
	show("dup of closed fd", dup(fd));
	CHECK(lseek(d, 0, SEEK_SET) == 0);
	memset(buf, 0, sizeof buf);
	printf("read through dup after close -> %zd\n", read(d, buf, 5));
	printf("next dup() reuses fd 3: %s\n", dup(d) == 3 ? "yes" : "no");
	show("fcntl unknown cmd", fcntl(d, 9999));
	return 0;
}
