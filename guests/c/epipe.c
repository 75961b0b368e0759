/* epipe: writing to a pipe whose read end is closed: with SIGPIPE ignored, write fails with EPIPE (32);
 * with the default action the process is killed by SIGPIPE (13). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	if (pipe(p) != 0)
		return 1;
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	ssize_t n = write(p[1], "x", 1);
	printf("write with SIGPIPE ignored -> %zd errno=%d (%s)\n", n, errno, strerror(errno));
	signal(SIGPIPE, SIG_DFL);
	printf("write with SIGPIPE at its default action\n");
	fflush(stdout);
	n = write(p[1], "x", 1);
	printf("not reached: %zd\n", n);
	return 0;
}
