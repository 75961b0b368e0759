/* dirs: mkdir/rmdir/opendir/readdir (sorted)/getcwd/chdir/fchdir/rename/unlink/link/symlink/readlink/
 * access/chmod/umask in the directory given as argv[1]. Paths are printed relative to it. */
#define _GNU_SOURCE
/* readdir64: 64-bit d_off, so host-filesystem hash cookies fit (see readdir32.c for the 32-bit API) */
#define _FILE_OFFSET_BITS 64
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>

#include "check.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *type_of(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return "?";
	return S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "symlink" : "other";
}

static int dtype_matches(unsigned char dt, const char *path)
{
	const char *t = type_of(path);
	switch (dt) {
	case DT_UNKNOWN: return 1;
	case DT_REG: return strcmp(t, "file") == 0;
	case DT_DIR: return strcmp(t, "dir") == 0;
	case DT_LNK: return strcmp(t, "symlink") == 0;
	default: return 0;
	}
}

/* Lists a directory (relative to the cwd) sorted by name, with the type from lstat. */
static int list(const char *d)
{
	DIR *dp = opendir(d);
	if (!dp) {
		printf("opendir(%s) failed errno=%d\n", d, errno);
		return -1;
	}
	char *names[64];
	int n = 0, dtype_ok = 1;
	struct dirent *de;
	char p[512];
	while ((de = readdir(dp)) != NULL && n < 64) {
		names[n++] = strdup(de->d_name);
		snprintf(p, sizeof p, "%s/%s", d, de->d_name);
		dtype_ok &= dtype_matches(de->d_type, p);
	}
	closedir(dp);
	qsort(names, (size_t)n, sizeof names[0], cmp_str);
	printf("ls %s:", d);
	for (int i = 0; i < n; i++) {
		snprintf(p, sizeof p, "%s/%s", d, names[i]);
		printf(" %s(%s)", names[i], type_of(p));
		free(names[i]);
	}
	printf("\n  d_type agrees with lstat: %s\n", dtype_ok ? "yes" : "no");
	return n;
}

static int write_file(const char *name, const char *content)
{
	int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, content, strlen(content));
	close(fd);
	return n == (ssize_t)strlen(content) ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: dirs DIR\n");
		return 2;
	}
	umask(022);
	printf("umask(077) returns previous 022: %s\n", umask(077) == 022 ? "yes" : "no");
	printf("umask(022) returns previous 077: %s\n", umask(022) == 077 ? "yes" : "no");

	char base[4096], cwd[4096];
	CHECK(chdir(argv[1]) == 0);
	CHECK(getcwd(base, sizeof base) != NULL);
	printf("getcwd is absolute: %s\n", base[0] == '/' ? "yes" : "no");
	printf("getcwd length == strlen: %s\n", (long)strlen(base) == (long)strlen(base) ? "yes" : "no");

	show("mkdir a", mkdir("a", 0755));
	show("mkdir a again", mkdir("a", 0755));
	show("mkdir a/sub", mkdir("a/sub", 0700));
	show("mkdir missing/x", mkdir("missing/x", 0755));
	CHECK(write_file("a/f1", "one\n") == 0);
	CHECK(write_file("a/f2", "two two\n") == 0);
	CHECK(write_file("a/.hidden", "") == 0);
	list("a");

	struct stat st;
	CHECK(stat("a/sub", &st) == 0);
	printf("a/sub mode %04o (umask 022 applied to 0700)\n", (unsigned)(st.st_mode & 07777));
	umask(027);
	show("mkdir a/masked 0777 under umask 027", mkdir("a/masked", 0777));
	CHECK(stat("a/masked", &st) == 0);
	printf("a/masked mode %04o\n", (unsigned)(st.st_mode & 07777));
	umask(022);
	CHECK(stat("a", &st) == 0);
	printf("a nlink=%lu (., .., sub, masked)\n", (unsigned long)st.st_nlink);

	/* chdir / getcwd / fchdir */
	int basefd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(basefd >= 0);
	CHECK(chdir("a/sub") == 0);
	CHECK(getcwd(cwd, sizeof cwd) != NULL);
	printf("getcwd after chdir(a/sub) == base + /a/sub: %s\n",
	       strncmp(cwd, base, strlen(base)) == 0 && strcmp(cwd + strlen(base), "/a/sub") == 0 ? "yes" : "no");
	CHECK(chdir("..") == 0);
	CHECK(getcwd(cwd, sizeof cwd) != NULL);
	printf("after chdir(..) == base + /a: %s\n", strcmp(cwd + strlen(base), "/a") == 0 ? "yes" : "no");
	show("fchdir(basefd)", fchdir(basefd));
	CHECK(getcwd(cwd, sizeof cwd) != NULL);
	printf("after fchdir == base: %s\n", strcmp(cwd, base) == 0 ? "yes" : "no");
	close(basefd);
	show("chdir into a file", chdir("a/f1"));
	show("chdir missing", chdir("nope"));
	errno = 0;
	char small[2];
	char *r = getcwd(small, sizeof small);
	printf("getcwd with a 2-byte buffer -> %s errno=%d (%s)\n", r ? "ok" : "NULL", errno, strerror(errno));

	/* rename */
	show("rename a/f1 -> a/g1", rename("a/f1", "a/g1"));
	show("rename a/f2 over a/g1", rename("a/f2", "a/g1"));
	int fd = open("a/g1", O_RDONLY);
	char buf[64] = { 0 };
	CHECK(fd >= 0);
	printf("a/g1 now holds: %s", read(fd, buf, sizeof buf - 1) > 0 ? buf : "?\n");
	close(fd);
	show("rename missing", rename("a/nothing", "a/x"));
	show("rename dir a/masked -> a/renamed", rename("a/masked", "a/renamed"));
	show("rename dir onto non-empty dir a", rename("a/renamed", "a"));
	show("rename dir into its own subdir", rename("a", "a/sub/a"));

	/* link / symlink / readlink */
	show("link a/g1 a/hard", link("a/g1", "a/hard"));
	struct stat s1, s2;
	CHECK(stat("a/g1", &s1) == 0 && stat("a/hard", &s2) == 0);
	printf("hard link: same inode %s, nlink=%lu\n", s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev ? "yes" : "no",
	       (unsigned long)s1.st_nlink);
	show("link onto existing", link("a/g1", "a/hard"));
	show("symlink g1 a/soft", symlink("g1", "a/soft"));
	show("symlink dangling", symlink("does-not-exist", "a/dangling"));
	char lb[64];
	memset(lb, 'X', sizeof lb);
	ssize_t n = readlink("a/soft", lb, sizeof lb);
	printf("readlink a/soft -> %zd \"%.*s\" (not NUL-terminated: %s)\n", n, (int)(n > 0 ? n : 0), lb,
	       n > 0 && lb[n] == 'X' ? "yes" : "no");
	n = readlink("a/dangling", lb, 4);
	printf("readlink truncated to 4 -> %zd \"%.4s\"\n", n, lb);
	show("readlink on a regular file", (int)readlink("a/g1", lb, sizeof lb));
	show("stat dangling symlink", stat("a/dangling", &st));
	show("lstat dangling symlink", lstat("a/dangling", &st));
	fd = open("a/soft", O_RDONLY);
	memset(buf, 0, sizeof buf);
	printf("read through symlink: %s", fd >= 0 && read(fd, buf, sizeof buf - 1) > 0 ? buf : "?\n");
	close(fd);
	show("open O_NOFOLLOW on a symlink", open("a/soft", O_RDONLY | O_NOFOLLOW));
	list("a");

	/* access / chmod */
	show("access g1 F_OK", access("a/g1", F_OK));
	show("access g1 R_OK", access("a/g1", R_OK));
	show("access g1 X_OK (0644)", access("a/g1", X_OK));
	show("chmod g1 0755", chmod("a/g1", 0755));
	show("access g1 X_OK (0755)", access("a/g1", X_OK));
	CHECK(stat("a/g1", &st) == 0);
	printf("a/g1 mode %04o\n", (unsigned)(st.st_mode & 07777));
	show("chmod g1 04711", chmod("a/g1", 04711));
	CHECK(stat("a/g1", &st) == 0);
	printf("a/g1 mode %04o\n", (unsigned)(st.st_mode & 07777));
	show("access missing", access("a/none", F_OK));
	show("chmod missing", chmod("a/none", 0600));
	show("access through a file component", access("a/g1/x", F_OK));

	/* unlink / rmdir errors and cleanup */
	show("unlink a directory", unlink("a/sub"));
	show("rmdir non-empty a", rmdir("a"));
	show("rmdir a file", rmdir("a/g1"));
	show("rmdir missing", rmdir("a/none"));
	show("rmdir a/sub/.", rmdir("a/sub/."));
	show("unlink a/g1", unlink("a/g1"));
	CHECK(stat("a/hard", &st) == 0);
	printf("a/hard nlink after unlink: %lu\n", (unsigned long)st.st_nlink);
	show("unlink a/g1 again", unlink("a/g1"));
	show("unlink a/hard", unlink("a/hard"));
	show("unlink a/soft", unlink("a/soft"));
	show("unlink a/dangling", unlink("a/dangling"));
	show("unlink a/.hidden", unlink("a/.hidden"));
	show("rmdir a/sub", rmdir("a/sub"));
	show("rmdir a/renamed", rmdir("a/renamed"));
	printf("entries left in a: %d\n", list("a"));
	show("rmdir a", rmdir("a"));
	printf("entries left in base: %d\n", list("."));
	return 0;
}
