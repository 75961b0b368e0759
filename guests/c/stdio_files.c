/* stdio_files: standard streams that are files behave as files. With no argument, it reports what fd 0 is and
 * what lseek, read, pread and mmap do on it: on a regular file (`stdio_files < file`) they seek and map, on a pipe
 * lseek and pread fail with ESPIPE and mmap with ENODEV. With the argument "out", it writes to fds 1 and 2 (both
 * redirected to one file: `stdio_files out > file 2>&1`), seeks fd 1 back to overwrite, and writes what lseek and
 * fstat say into the file itself, so the file's bytes are the report. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err_name(int e)
{
	switch (e) {
	case ESPIPE: return "ESPIPE";
	case ENODEV: return "ENODEV";
	case EACCES: return "EACCES";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	default: return strerror(e);
	}
}

/* Unbuffered, so that reports to fds 1 and 2 reach the file in the order they are made. */
static void say(int fd, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (write(fd, line, (size_t)n) != n)
		_exit(3);
}

static void result(const char *what, long r)
{
	if (r < 0)
		say(1, "%s: -1 %s\n", what, err_name(errno));
	else
		say(1, "%s: %ld\n", what, r);
}

static const char *type_name(mode_t m)
{
	if (S_ISREG(m)) return "regular file";
	if (S_ISFIFO(m)) return "fifo";
	if (S_ISCHR(m)) return "character device";
	if (S_ISSOCK(m)) return "socket";
	return "other";
}

static void show(const char *what, const char *buf, long n)
{
	if (n < 0) {
		result(what, n);
		return;
	}
	say(1, "%s: %ld \"%.*s\"\n", what, n, (int)n, buf);
}

static int input(void)
{
	struct stat st;
	char buf[64];
	if (fstat(0, &st) != 0) {
		result("fstat(0)", -1);
		return 1;
	}
	say(1, "fd 0: %s\n", type_name(st.st_mode));
	if (S_ISREG(st.st_mode))
		say(1, "size: %ld\n", (long)st.st_size);
	result("lseek(0, 0, SEEK_CUR) at start", (long)lseek(0, 0, SEEK_CUR));
	show("read 5", buf, (long)read(0, buf, 5));
	result("lseek(0, 0, SEEK_CUR) after it", (long)lseek(0, 0, SEEK_CUR));
	show("pread 4 at 2", buf, (long)pread(0, buf, 4, 2));
	result("lseek(0, 0, SEEK_CUR) after pread", (long)lseek(0, 0, SEEK_CUR));
	result("lseek(0, -6, SEEK_END)", (long)lseek(0, -6, SEEK_END));
	show("read 64", buf, (long)read(0, buf, sizeof buf));
	result("lseek(0, 1, SEEK_SET)", (long)lseek(0, 1, SEEK_SET));
	show("read 3", buf, (long)read(0, buf, 3));
	void *map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 0, 0);
	if (map == MAP_FAILED)
		result("mmap(fd 0)", -1);
	else
		say(1, "mmap(fd 0): \"%.8s\"\n", (const char *)map);
	return 0;
}

static int output(void)
{
	struct stat st;
	say(1, "0123456789 from fd 1\n");
	say(2, "a line from fd 2\n");
	long at = (long)lseek(1, 0, SEEK_CUR);
	say(1, "lseek(1, 0, SEEK_CUR): %ld\n", at);
	if (lseek(1, 2, SEEK_SET) != 2)
		return 1;
	say(1, "AB");
	long cur = (long)lseek(1, 0, SEEK_CUR);
	long end = (long)lseek(2, 0, SEEK_END); /* fd 2 shares fd 1's offset: one open file description */
	long size = fstat(1, &st) == 0 ? (long)st.st_size : -1;
	say(2, "after writing AB at 2: fd 1 at %ld; lseek(2, 0, SEEK_END) %ld; fstat size %ld\n", cur, end, size);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "out") == 0)
		return output();
	return input();
}
