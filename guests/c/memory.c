/* memory: malloc of many sizes (small, brk-backed, and > 128 KiB so glibc uses mmap), brk growth and
 * shrink via sbrk, mmap anonymous/private/shared-anonymous/file-backed (private and shared, in argv[1]),
 * munmap, mprotect then access, mremap grow/move/shrink, MAP_FIXED, and the EINVAL/EBADF/ENOMEM cases.
 * Only relations are printed, never addresses. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <malloc.h>
#include <sys/mman.h>

#include "check.h"

#define PG 4096u

static const char *yesno(int c) { return c ? "yes" : "no"; }

static void show_err(const char *what, void *r)
{
	int e = errno;
	if (r == MAP_FAILED)
		printf("%s -> MAP_FAILED errno=%d (%s)\n", what, e, strerror(e));
	else
		printf("%s -> ok\n", what);
}

static void show_ret(const char *what, int r)
{
	int e = errno;
	if (r < 0)
		printf("%s -> -1 errno=%d (%s)\n", what, e, strerror(e));
	else
		printf("%s -> %d\n", what, r);
}

static int aligned(const void *p) { return ((uintptr_t)p & (PG - 1)) == 0; }

static uint32_t fill_and_sum(unsigned char *p, size_t n, unsigned seed)
{
	uint32_t s = 0;
	for (size_t i = 0; i < n; i++) {
		p[i] = (unsigned char)(i * 31 + seed);
		s = s * 33 + p[i];
	}
	return s;
}

static uint32_t sum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = s * 33 + p[i];
	return s;
}

static int all_equal(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1]) != 0) {
		fprintf(stderr, "usage: memory DIR\n");
		return 2;
	}

	/* malloc: many sizes, contents survive other allocations, realloc keeps the prefix */
	static const size_t sizes[] = { 1, 7, 8, 16, 24, 100, 1000, 4095, 4096, 4097, 65536, 131071,
	                                131072 + 1, 200000, 1 << 20, 5 << 20 };
	enum { NS = sizeof sizes / sizeof sizes[0] };
	unsigned char *blocks[NS];
	uint32_t sums[NS];
	for (int i = 0; i < NS; i++) {
		blocks[i] = malloc(sizes[i]);
		CHECK(blocks[i] != NULL);
		sums[i] = fill_and_sum(blocks[i], sizes[i], (unsigned)i);
	}
	int ok = 1, al = 1;
	for (int i = 0; i < NS; i++) {
		ok &= sum(blocks[i], sizes[i]) == sums[i];
		al &= ((uintptr_t)blocks[i] & 7) == 0;
	}
	printf("malloc %d blocks (1 B .. 5 MiB): contents intact %s, 8-byte aligned %s\n", NS, yesno(ok), yesno(al));
	unsigned char *r = realloc(blocks[6], 300000); /* brk heap -> mmap */
	CHECK(r != NULL);
	printf("realloc 1000 -> 300000 keeps prefix: %s\n", yesno(sum(r, 1000) == sums[6]));
	blocks[6] = r;
	for (int i = 0; i < NS; i++)
		free(blocks[i]);
	unsigned char *z = calloc(1000, 1000);
	CHECK(z != NULL);
	printf("calloc(1000,1000) zeroed: %s\n", yesno(all_equal(z, 1000000, 0)));
	free(z);
	void *mem = NULL;
	printf("posix_memalign(4096) -> %d, aligned %s\n", posix_memalign(&mem, 4096, 10000), yesno(aligned(mem)));
	free(mem);
	/* many small allocations and frees (fastbins, tcache, consolidation) */
	void *ptrs[2000];
	uint32_t acc = 0;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 2000; i++) {
			ptrs[i] = malloc((size_t)(i % 200) + 1);
			memset(ptrs[i], i & 0xff, (size_t)(i % 200) + 1);
		}
		for (int i = 0; i < 2000; i += 2)
			free(ptrs[i]);
		for (int i = 1; i < 2000; i += 2) {
			acc += ((unsigned char *)ptrs[i])[i % 200];
			free(ptrs[i]);
		}
	}
	printf("small alloc/free rounds checksum: %u\n", acc);

	/* brk via sbrk */
	char *b0 = sbrk(0);
	char *prev = sbrk(1 << 20);
	CHECK(prev != (char *)-1);
	printf("sbrk(1 MiB) returns the old break: %s\n", yesno(prev == b0));
	char *b1 = sbrk(0);
	printf("break moved by 1 MiB: %s\n", yesno(b1 - b0 == 1 << 20));
	memset(b0, 0xab, 1 << 20);
	printf("new brk memory writable, reads back: %s\n", yesno(all_equal((unsigned char *)b0, 1 << 20, 0xab)));
	CHECK(sbrk(-(1 << 19)) != (void *)-1);
	printf("sbrk(-512 KiB) lowers the break: %s\n", yesno((char *)sbrk(0) == b0 + (1 << 19)));
	CHECK(brk(b0) == 0);
	printf("brk(original) restores it: %s\n", yesno((char *)sbrk(0) == b0));

	/* anonymous private mapping: zero-filled, page aligned */
	unsigned char *a = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(a != MAP_FAILED);
	printf("anon mmap: page aligned %s, zero-filled %s\n", yesno(aligned(a)), yesno(all_equal(a, 16 * PG, 0)));
	uint32_t sa = fill_and_sum(a, 16 * PG, 5);

	/* munmap a hole in the middle, map it again with MAP_FIXED */
	show_ret("munmap middle 4 pages", munmap(a + 4 * PG, 4 * PG));
	unsigned char *f = mmap(a + 4 * PG, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED into the hole returns the address: %s\n", yesno(f == a + 4 * PG));
	printf("refilled hole is zero: %s, neighbours intact: %s\n", yesno(all_equal(f, 4 * PG, 0)),
	       yesno(a[4 * PG - 1] == (unsigned char)((4 * PG - 1) * 31 + 5) && a[8 * PG] == (unsigned char)(8 * PG * 31 + 5)));
	(void)sa;

	/* mprotect: read-only still readable; back to read-write writable */
	show_ret("mprotect PROT_READ", mprotect(a, 2 * PG, PROT_READ));
	printf("read after PROT_READ: %d\n", a[PG + 1]);
	show_ret("mprotect PROT_READ|PROT_WRITE", mprotect(a, 2 * PG, PROT_READ | PROT_WRITE));
	a[PG + 1] = 77;
	printf("write after restoring PROT_WRITE: %d\n", a[PG + 1]);
	show_ret("mprotect unaligned address", mprotect(a + 1, PG, PROT_READ));
	show_ret("munmap unaligned address", munmap(a + 1, PG));
	show_ret("munmap length 0", munmap(a, 0));
	show_ret("munmap all 16 pages", munmap(a, 16 * PG));
	show_ret("munmap of an unmapped range", munmap(a, 16 * PG));

	/* mmap hint: a free hint is used */
	unsigned char *h = mmap(a, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap with a free hint uses it: %s\n", yesno(h == a));
	munmap(h, PG);

	/* shared anonymous */
	unsigned char *s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED);
	printf("shared anon zero-filled: %s\n", yesno(all_equal(s, 2 * PG, 0)));
	strcpy((char *)s + PG, "shared anonymous");
	printf("shared anon reads back: %s\n", (char *)s + PG);
	munmap(s, 2 * PG);

	/* file-backed mappings */
	int fd = open("mapped.bin", O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK(fd >= 0);
	static unsigned char page[3 * PG];
	for (unsigned i = 0; i < sizeof page; i++)
		page[i] = (unsigned char)(i / PG + 'A');
	CHECK(write(fd, page, 2 * PG + 100) == (ssize_t)(2 * PG + 100)); /* 2 pages + 100 bytes */
	unsigned char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED);
	printf("private file map: page0 '%c' page1 '%c' page2 '%c', tail of last page zero: %s\n", m[0], m[PG + 5],
	       m[2 * PG + 99], yesno(all_equal(m + 2 * PG + 100, PG - 100, 0)));
	m[0] = 'z';
	char c;
	CHECK(pread(fd, &c, 1, 0) == 1);
	printf("write to a private mapping leaves the file alone: %s\n", yesno(c == 'A' && m[0] == 'z'));
	munmap(m, 3 * PG);
	m = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	CHECK(m != MAP_FAILED);
	printf("map at file offset 4096 sees page1: %s\n", yesno(m[0] == 'B'));
	munmap(m, PG);
	m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED);
	memcpy(m + 10, "SHARED", 6);
	show_ret("msync", msync(m, 2 * PG, MS_SYNC));
	char sbuf[7] = { 0 };
	CHECK(pread(fd, sbuf, 6, 10) == 6);
	printf("write to a shared mapping reaches the file: %s\n", sbuf);
	CHECK(pwrite(fd, "pwrite", 6, PG) == 6);
	printf("pwrite is visible in the shared mapping: %.6s\n", (char *)m + PG);
	munmap(m, 2 * PG);
	show_err("mmap length 0", mmap(NULL, 0, PROT_READ, MAP_PRIVATE, fd, 0));
	show_err("mmap unaligned offset", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100));
	show_err("mmap bad fd", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0));
	show_err("mmap neither shared nor private", mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0));
	close(fd);
	int rofd = open("mapped.bin", O_RDONLY);
	show_err("mmap MAP_SHARED PROT_WRITE of a read-only fd", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rofd, 0));
	show_err("mmap MAP_PRIVATE PROT_WRITE of a read-only fd", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, rofd, 0));
	close(rofd);
	m = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, open("mapped.bin", O_RDONLY), 0);
	printf("mapping outlives its fd: %s\n", yesno(m != MAP_FAILED && m[0] == 'A'));
	unlink("mapped.bin");
	printf("mapping outlives the unlinked file: %s\n", yesno(m[PG - 1] == 'A'));

	/* mremap */
	unsigned char *g = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(g != MAP_FAILED);
	unsigned char *g1 = mremap(g, 4 * PG, 2 * PG, 0);
	printf("mremap shrink 4 -> 2 pages in place: %s\n", yesno(g1 == g));
	uint32_t sg = fill_and_sum(g, 2 * PG, 9);
	unsigned char *g2 = mremap(g, 2 * PG, 4 * PG, 0);
	printf("mremap grow 2 -> 4 pages in place: %s\n", yesno(g2 == g));
	CHECK(g2 == g);
	printf("grown part zero: %s, old part intact: %s\n", yesno(all_equal(g + 2 * PG, 2 * PG, 0)), yesno(sum(g, 2 * PG) == sg));
	unsigned char *blk = mmap(g + 4 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(blk == g + 4 * PG);
	show_err("mremap grow blocked without MREMAP_MAYMOVE", mremap(g, 4 * PG, 6 * PG, 0));
	fill_and_sum(g, 4 * PG, 3);
	uint32_t sg4 = sum(g, 4 * PG);
	unsigned char *g3 = mremap(g, 4 * PG, 8 * PG, MREMAP_MAYMOVE);
	CHECK(g3 != MAP_FAILED);
	printf("mremap MREMAP_MAYMOVE moved: %s, contents moved: %s, new tail zero: %s\n", yesno(g3 != g),
	       yesno(sum(g3, 4 * PG) == sg4), yesno(all_equal(g3 + 4 * PG, 4 * PG, 0)));
	unsigned char *g4 = mremap(g3, 8 * PG, 2 * PG, 0);
	printf("mremap shrink stays: %s\n", yesno(g4 == g3));
	show_err("mremap unaligned old address", mremap(g4 + 1, PG, 2 * PG, MREMAP_MAYMOVE));
	munmap(g4, 2 * PG);
	munmap(blk, PG);

	/* a large anonymous mapping, touched sparsely */
	unsigned char *big = mmap(NULL, 64u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(big != MAP_FAILED);
	uint32_t t = 0;
	for (size_t off = 0; off < (64u << 20); off += 1u << 20) {
		big[off] = (unsigned char)(off >> 20);
		t += big[off] + big[off + 4095];
	}
	printf("64 MiB mapping touched sparsely: checksum %u\n", t);
	show_ret("munmap 64 MiB", munmap(big, 64u << 20));
	errno = 0;
	show_err("mmap 3 GiB (more than the address space left)", mmap(NULL, 3u << 30, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	return 0;
}
