/* fileio: open/creat/read/write/lseek/pread/pwrite/readv/writev/ftruncate/fsync/close and the
 * deterministic fields of stat/fstat/lstat, in the directory given as argv[1]. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "check.h"

static char path_buf[4096];
static const char *dir;

static const char *P(const char *name)
{
	snprintf(path_buf, sizeof path_buf, "%s/%s", dir, name);
	return path_buf;
}

static const char *ftype(mode_t m)
{
	return S_ISREG(m) ? "regular" : S_ISDIR(m) ? "directory" : S_ISLNK(m) ? "symlink" : S_ISFIFO(m) ? "fifo"
	     : S_ISCHR(m) ? "chardev" : "other";
}

static void show_stat(const char *what, const struct stat *st)
{
	printf("%s: type=%s mode=%04o size=%lld nlink=%lu\n", what, ftype(st->st_mode),
	       (unsigned)(st->st_mode & 07777), (long long)st->st_size, (unsigned long)st->st_nlink);
}

static void show_err(const char *what, int r)
{
	int e = errno;
	printf("%s -> %d errno=%d (%s)\n", what, r, r < 0 ? e : 0, r < 0 ? strerror(e) : "ok");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: fileio DIR\n");
		return 2;
	}
	dir = argv[1];
	umask(022);

	/* open O_CREAT|O_TRUNC, write, lseek, read back */
	int fd = open(P("data.txt"), O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK(fd >= 3);
	printf("open returned lowest free fd: %s\n", fd == 3 ? "yes" : "no");
	const char text[] = "The quick brown fox jumps over the lazy dog\n";
	printf("write -> %zd\n", write(fd, text, sizeof text - 1));
	printf("lseek(0, SEEK_CUR) -> %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	printf("lseek(4, SEEK_SET) -> %lld\n", (long long)lseek(fd, 4, SEEK_SET));
	char buf[256];
	memset(buf, 0, sizeof buf);
	printf("read 5 -> %zd \"%s\"\n", read(fd, buf, 5), buf);
	printf("lseek(-4, SEEK_END) -> %lld\n", (long long)lseek(fd, -4, SEEK_END));
	memset(buf, 0, sizeof buf);
	ssize_t n = read(fd, buf, sizeof buf);
	printf("read at end-4 -> %zd \"%.3s\"\n", n, buf);
	printf("read at EOF -> %zd\n", read(fd, buf, sizeof buf));
	printf("read of 0 bytes -> %zd\n", read(fd, buf, 0));

	/* pread/pwrite do not move the file offset */
	off_t before = lseek(fd, 10, SEEK_SET);
	memset(buf, 0, sizeof buf);
	printf("pread(5 @16) -> %zd \"%s\"\n", pread(fd, buf, 5, 16), buf);
	printf("pwrite(\"BROWN\" @10) -> %zd\n", pwrite(fd, "BROWN", 5, 10));
	printf("offset unchanged by pread/pwrite: %s\n", lseek(fd, 0, SEEK_CUR) == before ? "yes" : "no");
	memset(buf, 0, sizeof buf);
	printf("pread(%d @0) -> %zd\n", (int)sizeof text - 1, pread(fd, buf, sizeof text - 1, 0));
	printf("content: %s", buf);
	printf("pread past EOF -> %zd\n", pread(fd, buf, 10, 1000));

	/* writev/readv */
	CHECK(lseek(fd, 0, SEEK_END) == (off_t)(sizeof text - 1));
	struct iovec wv[3] = {
		{ .iov_base = (void *)"alpha,", .iov_len = 6 },
		{ .iov_base = (void *)"", .iov_len = 0 },
		{ .iov_base = (void *)"beta,gamma\n", .iov_len = 11 },
	};
	printf("writev -> %zd\n", writev(fd, wv, 3));
	char a[4], b[7], c[64];
	memset(c, 0, sizeof c);
	struct iovec rv[3] = { { a, sizeof a }, { b, sizeof b }, { c, sizeof c } };
	CHECK(lseek(fd, (off_t)(sizeof text - 1), SEEK_SET) >= 0);
	printf("readv -> %zd [%.4s][%.7s][%s]\n", readv(fd, rv, 3), a, b, c);

	/* sparse write past the end: the hole reads as zeros */
	CHECK(lseek(fd, 100, SEEK_SET) == 100);
	printf("write after hole -> %zd\n", write(fd, "Z", 1));
	struct stat st;
	CHECK(fstat(fd, &st) == 0);
	show_stat("fstat after hole", &st);
	memset(buf, 0x55, sizeof buf);
	n = pread(fd, buf, 40, 61);
	int zeros = 0;
	for (int i = 0; i < 39; i++)
		zeros += buf[i] == 0;
	printf("hole: pread 40 @61 -> %zd, zeros=%d, last=%c\n", n, zeros, buf[39]);

	/* 64-bit offsets (_llseek) */
	off64_t big = lseek64(fd, 0x100000010LL, SEEK_SET);
	printf("lseek64 to 4 GiB + 16 -> %#llx\n", (unsigned long long)big);
	printf("lseek64(0, SEEK_CUR) -> %#llx\n", (unsigned long long)lseek64(fd, 0, SEEK_CUR));
	printf("pread64 at 4 GiB -> %zd\n", pread64(fd, buf, 4, 0x100000000LL));
	errno = 0;
	show_err("lseek(-1, SEEK_SET)", (int)lseek(fd, -1, SEEK_SET));
	show_err("lseek whence 99", (int)lseek(fd, 0, 99));

	/* ftruncate shrink and grow, fsync, fdatasync */
	printf("ftruncate(20) -> %d\n", ftruncate(fd, 20));
	CHECK(fstat(fd, &st) == 0);
	printf("size after shrink: %lld\n", (long long)st.st_size);
	printf("ftruncate(5000) -> %d\n", ftruncate(fd, 5000));
	CHECK(fstat(fd, &st) == 0);
	printf("size after grow: %lld\n", (long long)st.st_size);
	memset(buf, 0x55, sizeof buf);
	printf("pread tail -> %zd, byte=%d\n", pread(fd, buf, 1, 4999), buf[0]);
	printf("fsync -> %d, fdatasync -> %d\n", fsync(fd), fdatasync(fd));
	printf("fchmod 0600 -> %d\n", fchmod(fd, 0600));
	CHECK(fstat(fd, &st) == 0);
	show_stat("fstat", &st);
	printf("close -> %d\n", close(fd));
	show_err("close again", close(fd));
	show_err("read on closed fd", (int)read(fd, buf, 1));

	/* truncate by path, stat by path */
	printf("truncate(path, 7) -> %d\n", truncate(P("data.txt"), 7));
	CHECK(stat(P("data.txt"), &st) == 0);
	show_stat("stat", &st);

	/* creat truncates and opens write-only */
	fd = creat(P("created.txt"), 0640);
	CHECK(fd >= 0);
	printf("creat fd reuses 3: %s\n", fd == 3 ? "yes" : "no");
	printf("write -> %zd\n", write(fd, "0123456789", 10));
	show_err("read on O_WRONLY fd", (int)read(fd, buf, 1));
	CHECK(fstat(fd, &st) == 0);
	show_stat("fstat created", &st);
	close(fd);
	fd = creat(P("created.txt"), 0600);
	CHECK(fstat(fd, &st) == 0);
	printf("creat of existing file truncates: %s, keeps mode: %s\n", st.st_size == 0 ? "yes" : "no",
	       (st.st_mode & 07777) == 0640 ? "yes" : "no");
	close(fd);

	/* O_APPEND always writes at the end; O_EXCL on an existing file */
	fd = open(P("data.txt"), O_WRONLY | O_APPEND);
	CHECK(fd >= 0);
	lseek(fd, 0, SEEK_SET);
	printf("append write -> %zd\n", write(fd, "++", 2));
	printf("offset after append: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	close(fd);
	errno = 0;
	show_err("open O_CREAT|O_EXCL existing", open(P("data.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644));
	show_err("open O_DIRECTORY on a file", open(P("data.txt"), O_RDONLY | O_DIRECTORY));
	show_err("open missing without O_CREAT", open(P("missing"), O_RDONLY));
	show_err("open O_WRONLY on a directory", open(dir, O_WRONLY));

	/* openat relative to a directory fd; fstat of the directory */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	CHECK(fstat(dfd, &st) == 0);
	printf("fstat(dir): type=%s\n", ftype(st.st_mode));
	fd = openat(dfd, "data.txt", O_RDONLY);
	CHECK(fd >= 0);
	memset(buf, 0, sizeof buf);
	printf("openat read -> %zd \"%s\"\n", read(fd, buf, sizeof buf), buf);
	close(fd);
	close(dfd);

	/* lstat vs stat on a symlink */
	CHECK(symlink("data.txt", P("link")) == 0);
	CHECK(lstat(P("link"), &st) == 0);
	printf("lstat(link): type=%s size=%lld\n", ftype(st.st_mode), (long long)st.st_size);
	CHECK(stat(P("link"), &st) == 0);
	printf("stat(link): type=%s size=%lld\n", ftype(st.st_mode), (long long)st.st_size);

	/* stdio on a file */
	FILE *f = fopen(P("stdio.txt"), "w+");
	CHECK(f != NULL);
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d\n", i);
	CHECK(fflush(f) == 0);
	printf("ftell after 1000 lines: %ld\n", ftell(f));
	rewind(f);
	long sum = 0;
	int v;
	while (fscanf(f, "line %d\n", &v) == 1)
		sum += v;
	printf("fscanf sum: %ld\n", sum);
	fclose(f);

	CHECK(unlink(P("link")) == 0);
	CHECK(unlink(P("data.txt")) == 0);
	CHECK(unlink(P("created.txt")) == 0);
	CHECK(unlink(P("stdio.txt")) == 0);
	printf("done\n");
	return 0;
}
