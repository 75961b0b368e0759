/* root_escape: tries every way out of the directory tree it was confined to (trapgate run --root DIR, or a
 * chroot on Linux) and prints what each attempt gives. Run from the root's `/` with a file named `secret`
 * one and two levels above the root on the host (test/kernel/fs/root-escape.test.ts sets that up): no
 * attempt may read it or create anything next to it. Every result is the one a chrooted process gets on
 * Linux, where `..` at the process root is the root itself (fs/namei.c follow_dotdot: path_equal(root)).
 * The argument `confined` is required: see main. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, int r)
{
	if (r < 0) printf("%s -> -1 %s\n", what, strerrorname_np(errno));
	else printf("%s -> ok\n", what);
}

/* Opens a path and prints the first line it holds (a secret would show here). */
static void try_read(const char *path, int flags)
{
	int fd = open(path, O_RDONLY | flags);
	if (fd < 0) {
		printf("open %s -> -1 %s\n", path, strerrorname_np(errno));
		return;
	}
	char buf[64] = { 0 };
	ssize_t n = read(fd, buf, sizeof buf - 1);
	char *nl = strchr(buf, '\n');
	if (nl) *nl = 0;
	printf("open %s -> ok, read %zd: '%s'\n", path, n, n > 0 ? buf : "");
	close(fd);
}

static void cwd(const char *when)
{
	char buf[256];
	printf("getcwd %s -> %s\n", when, getcwd(buf, sizeof buf) ? buf : strerrorname_np(errno));
}

static void link_of(const char *path, const char *label)
{
	char buf[256];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n < 0) printf("readlink %s -> -1 %s\n", label, strerrorname_np(errno));
	else printf("readlink %s -> %.*s\n", label, (int)n, buf);
}

static int same_as_root(int fd)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat("/", &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

int main(int argc, char **argv)
{
	char buf[128];
	/* It changes the file system from its `/` on: never outside a confined run (the differential suite runs
	 * every guest under qemu-mipsel, which is not confined, without arguments). */
	if (argc < 2 || strcmp(argv[1], "confined") != 0) {
		printf("usage: root_escape confined (inside trapgate run --root DIR or a chroot only)\n");
		return 0;
	}
	show("chdir /", chdir("/"));
	try_read("/../secret", 0);
	try_read("/../../secret", 0);
	try_read("../../../../secret", 0);
	try_read("/../outside/secret", 0);

	show("symlink /../secret abs", symlink("/../secret", "abs"));
	try_read("abs", 0);
	show("symlink ../../outside rel", symlink("../../outside", "rel"));
	try_read("rel/secret", 0);
	show("symlink loop", symlink("loop", "loop"));
	try_read("loop", 0);
	try_read("abs", O_NOFOLLOW);
	int pfd = open("abs", O_PATH | O_NOFOLLOW);
	printf("open abs O_PATH|O_NOFOLLOW -> %s\n", pfd >= 0 ? "ok" : strerrorname_np(errno));

	show("mkdir d", mkdir("d", 0755));
	show("mkdir d/e", mkdir("d/e", 0755));
	show("symlink d dl", symlink("d", "dl"));
	show("chdir dl", chdir("dl"));
	cwd("in the link");
	show("chdir ..", chdir(".."));
	cwd("after ..");
	show("chdir d/e", chdir("d/e"));
	show("chdir ../../../../..", chdir("../../../../.."));
	cwd("after climbing");

	int dfd = open("d/e", O_RDONLY | O_DIRECTORY);
	int up = openat(dfd, "../../../..", O_RDONLY | O_DIRECTORY);
	printf("openat(d/e, ../../../..) is the root: %s\n", up >= 0 && same_as_root(up) ? "yes" : "no");
	int s = openat(dfd, "../../../secret", O_RDONLY);
	printf("openat(d/e, ../../../secret) -> %s\n", s >= 0 ? "OPENED" : strerrorname_np(errno));

	show("rename d ../../moved", rename("d", "../../moved"));
	printf("moved is inside: %s\n", access("/moved/e", F_OK) == 0 ? "yes" : "no");
	int f = open("file", O_CREAT | O_WRONLY, 0644);
	write(f, "inside\n", 7);
	close(f);
	show("link file ../../hard", link("file", "../../hard"));
	show("symlink file ../../soft", symlink("file", "../../soft"));
	show("mkdir ../../made", mkdir("../../made", 0755));
	try_read("/hard", 0);
	try_read("/soft", 0);

	/* A dangling link followed by O_CREAT: Linux creates its target, which must be inside the root. */
	show("symlink /../../created dangle", symlink("/../../created", "dangle"));
	int c = open("dangle", O_CREAT | O_WRONLY, 0644);
	printf("open dangle O_CREAT -> %s\n", c >= 0 ? "ok" : strerrorname_np(errno));
	printf("created is inside: %s\n", access("/created", F_OK) == 0 ? "yes" : "no");
	int cx = open("dangle", O_CREAT | O_EXCL | O_WRONLY, 0644);
	printf("open dangle O_CREAT|O_EXCL -> %s\n", cx >= 0 ? "ok" : strerrorname_np(errno));

	link_of("/proc/self/root", "/proc/self/root");
	link_of("/proc/self/cwd", "/proc/self/cwd");
	try_read("/proc/self/root/../secret", 0);
	try_read("/proc/self/cwd/../../secret", 0);
	int e = open("/moved/e", O_RDONLY | O_DIRECTORY);
	snprintf(buf, sizeof buf, "/proc/self/fd/%d", e);
	link_of(buf, "/proc/self/fd/N");
	snprintf(buf, sizeof buf, "/proc/self/fd/%d/../../../secret", e);
	int fs = open(buf, O_RDONLY);
	printf("open /proc/self/fd/N/../../../secret -> %s\n", fs >= 0 ? "OPENED" : strerrorname_np(errno));
	snprintf(buf, sizeof buf, "/proc/self/fd/%d", e);
	show("chdir /proc/self/fd/N (the directory /moved/e)", chdir(buf));
	cwd("in it");
	show("chdir ../../..", chdir("../../.."));
	cwd("after climbing");
	int r = open("/proc/self/root", O_RDONLY | O_DIRECTORY);
	printf("/proc/self/root is the root: %s\n", r >= 0 && same_as_root(r) ? "yes" : "no");

	/* Trailing slashes. */
	try_read("file/", 0);
	show("mkdir newdir/", mkdir("newdir/", 0755));
	show("rename file soft/", rename("file", "soft/"));
	show("symlink file trail/", symlink("file", "trail/"));
	show("unlink dl/", unlink("dl/"));
	show("rmdir dl/", rmdir("dl/"));
	return 0;
}
