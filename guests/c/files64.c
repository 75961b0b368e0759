/* files64 DIR: 64-bit file offsets and the terminal ioctls on things that are not terminals.
 * A sparse file past 4 GiB: _llseek (lseek64) to 5 GiB, pwrite64/pread64 there, SEEK_END and the size,
 * ftruncate64 to 6 GiB and back below 4 GiB (data beyond is gone, reads there are EOF).
 * getdents64 d_off: each record's d_off, given to lseek, resumes the listing at the next entry
 * (and telldir/seekdir round-trip through it).
 * ioctl: TCGETS and TIOCGWINSZ on a regular file and on a pipe are ENOTTY; FIONREAD on a pipe counts the
 * bytes waiting, on a regular file the bytes from the offset to the end; an unknown request is ENOTTY. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#define GIB (1024LL * 1024 * 1024)

static void res(const char *what, long long r)
{
	if (r < 0) printf("%s -> -1 %s\n", what, strerrorname_np(errno));
	else printf("%s -> %lld\n", what, r);
}

static void sparse(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/sparse", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	res("lseek64 5 GiB + 3", lseek64(fd, 5 * GIB + 3, SEEK_SET));
	res("write 4 bytes there", write(fd, "WXYZ", 4));
	res("lseek64 SEEK_CUR", lseek64(fd, 0, SEEK_CUR));
	res("lseek64 SEEK_END", lseek64(fd, 0, SEEK_END));
	res("lseek64 SEEK_END -2", lseek64(fd, -2, SEEK_END));
	res("pwrite64 at 4 GiB - 2 (straddles 4 GiB)", pwrite64(fd, "abcd", 4, 4 * GIB - 2));
	char buf[8] = { 0 };
	res("pread64 at 4 GiB - 2", pread64(fd, buf, 4, 4 * GIB - 2));
	printf("  read '%.4s'\n", buf);
	/* The raw call: offset in an aligned register pair (a2/a3 after a padding word). */
	memset(buf, 0, sizeof buf);
	res("raw pread64 at 5 GiB + 3", syscall(__NR_pread64, fd, buf, 4, 0, (unsigned)(5 * GIB + 3), (unsigned)((5 * GIB + 3) >> 32)));
	printf("  read '%.4s'\n", buf);
	res("pread64 inside the hole at 2 GiB", pread64(fd, buf, 4, 2 * GIB));
	printf("  hole reads as zero: %s\n", buf[0] == 0 && buf[1] == 0 && buf[2] == 0 && buf[3] == 0 ? "yes" : "no");
	res("pread64 negative offset", pread64(fd, buf, 4, -1));
	res("lseek64 negative result", lseek64(fd, -6 * GIB, SEEK_END));
	struct stat64 st;
	fstat64(fd, &st);
	printf("st_size %lld\n", (long long)st.st_size);
	res("ftruncate64 6 GiB", ftruncate64(fd, 6 * GIB));
	fstat64(fd, &st);
	printf("st_size %lld\n", (long long)st.st_size);
	res("ftruncate64 4 GiB - 1", ftruncate64(fd, 4 * GIB - 1));
	fstat64(fd, &st);
	printf("st_size %lld\n", (long long)st.st_size);
	res("pread64 at 5 GiB after the shrink", pread64(fd, buf, 4, 5 * GIB + 3));
	res("ftruncate64 negative", ftruncate64(fd, -1));
	/* Not the 32-bit calls: their offset range ends at 2 GiB (EOVERFLOW for a bigger position). */
	res("lseek64 3 GiB", lseek64(fd, 3 * GIB, SEEK_SET));
	res("32-bit lseek SEEK_CUR at 3 GiB", syscall(__NR_lseek, fd, 0, SEEK_CUR));
	close(fd);
	unlink(path);
}

static void dir_offsets(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/d", dir);
	mkdir(path, 0755);
	const char *names[] = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta" };
	for (int i = 0; i < 6; i++) {
		char p[600];
		snprintf(p, sizeof p, "%s/%s", path, names[i]);
		close(open(p, O_CREAT | O_WRONLY, 0644));
	}
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	char buf[4096];
	long n = syscall(__NR_getdents64, fd, buf, sizeof buf);
	int count = 0, resumed_ok = 0;
	for (long pos = 0; pos < n;) {
		struct dirent64 *d = (struct dirent64 *)(buf + pos);
		/* Seeking to this record's d_off must continue with the record after it. */
		long next = pos + d->d_reclen;
		lseek64(fd, d->d_off, SEEK_SET);
		char again[4096];
		long m = syscall(__NR_getdents64, fd, again, sizeof again);
		if (next < n) {
			struct dirent64 *want = (struct dirent64 *)(buf + next);
			struct dirent64 *got = (struct dirent64 *)again;
			if (m > 0 && strcmp(want->d_name, got->d_name) == 0) resumed_ok++;
		} else if (m == 0) {
			resumed_ok++; /* after the last record: end of directory */
		}
		count++;
		pos = next;
	}
	printf("getdents64: %d records, lseek(d_off) resumes at the next one: %d of %d\n", count, resumed_ok, count);
	close(fd);

	DIR *dp = opendir(path);
	struct dirent *e;
	long where = -1;
	char after[256] = "";
	int seen = 0;
	while ((e = readdir(dp)) != NULL) {
		if (++seen == 3) where = telldir(dp);
		else if (seen == 4) snprintf(after, sizeof after, "%s", e->d_name);
	}
	seekdir(dp, where);
	e = readdir(dp);
	printf("seekdir(telldir after 3 entries) reads the 4th again: %s\n", e && strcmp(e->d_name, after) == 0 ? "yes" : "no");
	closedir(dp);
}

static void ioctls(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/plain", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "0123456789", 10);
	lseek(fd, 3, SEEK_SET);
	struct termios t;
	struct winsize w;
	int n = -1;
	res("TCGETS on a file", ioctl(fd, TCGETS, &t));
	res("TIOCGWINSZ on a file", ioctl(fd, TIOCGWINSZ, &w));
	res("FIONREAD on a file at offset 3", ioctl(fd, FIONREAD, &n));
	printf("  FIONREAD value %d\n", n);
	res("unknown request on a file", ioctl(fd, 0x12345678, &n));
	res("isatty(file)", isatty(fd));
	int p[2];
	pipe(p);
	write(p[1], "hello", 5);
	res("TCGETS on a pipe", ioctl(p[0], TCGETS, &t));
	res("TIOCGWINSZ on a pipe", ioctl(p[0], TIOCGWINSZ, &w));
	n = -1;
	res("FIONREAD on a pipe", ioctl(p[0], FIONREAD, &n));
	printf("  FIONREAD value %d\n", n);
	res("FIONREAD on a pipe, bad pointer", ioctl(p[0], FIONREAD, (int *)8));
	res("TCGETS on a bad descriptor", ioctl(99, TCGETS, &t));
	close(fd);
	unlink(path);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: files64 DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sparse(argv[1]);
	dir_offsets(argv[1]);
	ioctls(argv[1]);
	return 0;
}
