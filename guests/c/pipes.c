/* pipes: pipe/pipe2 written and read in the same process: data order, EOF after the write end closes,
 * O_NONBLOCK (EAGAIN) and O_CLOEXEC from pipe2, the default capacity (64 KiB), ESPIPE, fstat type. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "check.h"

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0);
	printf("pipe fds are 3 and 4: %s\n", p[0] == 3 && p[1] == 4 ? "yes" : "no");
	struct stat st;
	CHECK(fstat(p[0], &st) == 0);
	printf("fstat: fifo %s\n", S_ISFIFO(st.st_mode) ? "yes" : "no");
	show("write 11", write(p[1], "hello pipe\n", 11));
	show("write 6", write(p[1], "again\n", 6));
	char buf[4096];
	memset(buf, 0, sizeof buf);
	show("read 4", read(p[0], buf, 4));
	printf("got \"%s\"\n", buf);
	memset(buf, 0, sizeof buf);
	show("read rest", read(p[0], buf, sizeof buf));
	printf("got \"%s\"\n", buf);
	show("lseek on a pipe", lseek(p[0], 0, SEEK_SET));
	show("write to the read end", write(p[0], "x", 1));
	show("read from the write end", read(p[1], buf, 1));
	show("F_GETFL read end & O_ACCMODE", fcntl(p[0], F_GETFL) & O_ACCMODE);
	show("F_GETFL write end & O_ACCMODE", fcntl(p[1], F_GETFL) & O_ACCMODE);

	/* 1000 bytes read in chunks of 300 */
	for (int i = 0; i < 1000; i++)
		buf[i] = (char)('a' + i % 26);
	show("write 1000", write(p[1], buf, 1000));
	long sum = 0;
	for (int i = 0; i < 4; i++) {
		ssize_t n = read(p[0], buf, 300);
		printf("chunk %d: %zd\n", i, n);
		for (ssize_t j = 0; j < n; j++)
			sum += buf[j];
	}
	printf("sum of bytes: %ld\n", sum);
	CHECK(close(p[1]) == 0);
	show("read after the write end closed (EOF)", read(p[0], buf, sizeof buf));
	CHECK(close(p[0]) == 0);

	/* pipe2 flags */
	CHECK(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
	printf("pipe2 fds reuse 3 and 4: %s\n", p[0] == 3 && p[1] == 4 ? "yes" : "no");
	printf("F_GETFD cloexec: %s %s\n", fcntl(p[0], F_GETFD) & FD_CLOEXEC ? "yes" : "no",
	       fcntl(p[1], F_GETFD) & FD_CLOEXEC ? "yes" : "no");
	printf("F_GETFL nonblock: %s %s\n", fcntl(p[0], F_GETFL) & O_NONBLOCK ? "yes" : "no",
	       fcntl(p[1], F_GETFL) & O_NONBLOCK ? "yes" : "no");
	show("read from an empty non-blocking pipe", read(p[0], buf, 1));
	/* fill it: the default pipe capacity is 16 pages */
	long total = 0;
	for (;;) {
		ssize_t n = write(p[1], buf, 4096);
		if (n < 0) {
			printf("filling stopped with errno=%d (%s)\n", errno, strerror(errno));
			break;
		}
		total += n;
	}
	printf("capacity: %ld\n", total);
	long drained = 0;
	for (;;) {
		ssize_t n = read(p[0], buf, sizeof buf);
		if (n <= 0)
			break;
		drained += n;
	}
	printf("drained: %ld, then errno=%d\n", drained, errno);
	show("pipe2 with a bad flag", pipe2(p, O_APPEND));
	return 0;
}
