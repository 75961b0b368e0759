/* errno: common failures, with the errno value and strerror text. MIPS numbers differ from x86 above 34
 * (ENOTEMPTY 93, ENAMETOOLONG 78, ELOOP 90, ENOSYS 89, EOVERFLOW 79). argv[1] is a scratch directory. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

static void show(const char *what, long r)
{
	int e = errno;
	printf("%-40s -> %ld errno=%d %s (%s)\n", what, r, r < 0 ? e : 0, r < 0 ? strerrorname_np(e) : "-", r < 0 ? strerror(e) : "ok");
	errno = 0;
}

char *volatile bad_pointer = (char *)16; /* unmapped: the kernel must answer EFAULT, not crash */

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1]) != 0) {
		fprintf(stderr, "usage: errno DIR\n");
		return 2;
	}
	char buf[16];
	errno = 0;
	show("open missing file", open("no-such-file", O_RDONLY));
	show("read bad fd", read(1234, buf, 1));
	show("write bad fd", write(-1, buf, 1));
	show("mkdir", mkdir("d", 0755));
	show("mkdir existing", mkdir("d", 0755));
	int fd = open("d/file", O_CREAT | O_WRONLY, 0644);
	close(fd);
	show("rmdir non-empty", rmdir("d"));
	show("rmdir a file", rmdir("d/file"));
	show("open file as a directory component", open("d/file/x", O_RDONLY));
	char *longname = malloc(300);
	memset(longname, 'n', 299);
	longname[299] = 0;
	show("open a 299-byte name", open(longname, O_RDONLY));
	char *longpath = malloc(5000);
	for (int i = 0; i < 4999; i++)
		longpath[i] = (i % 2) ? '/' : 'p';
	longpath[4999] = 0;
	show("open a 4999-byte path", open(longpath, O_RDONLY));
	show("symlink loop a -> b", symlink("b", "a"));
	show("symlink loop b -> a", symlink("a", "b"));
	show("open through a symlink loop", open("a", O_RDONLY));
	int ro = open("d/file", O_RDONLY);
	show("write to a read-only fd", write(ro, "x", 1));
	int rw = open("d/file", O_RDWR);
	show("write 3 bytes", write(rw, "abc", 3));
	show("read file into an unmapped buffer", read(ro, bad_pointer, 3));
	int p[2];
	if (pipe(p) == 0) {
		write(p[1], "abc", 3);
		show("read into an unmapped buffer (pipe)", read(p[0], bad_pointer, 3));
	}
	show("write from an unmapped buffer", write(1, bad_pointer, 4));
	show("open with an unmapped path", open(bad_pointer, O_RDONLY));
	show("lseek on a pipe", lseek(p[0], 0, SEEK_CUR));
	show("unlink missing", unlink("missing"));
	show("chdir to a file", chdir("d/file"));
	show("close -1", close(-1));
	show("fcntl bad cmd", fcntl(0, 12345));
	show("dup2 to a huge fd", dup2(0, 1 << 30));
	printf("sample strerror: 35=%s | 89=%s | 93=%s | 122=%s | 145=%s | 1133=%s\n", strerror(35), strerror(89), strerror(93),
	       strerror(122), strerror(145), strerror(1133));
	return 0;
}
