/* deepstack: recursion ~4.5 MiB deep (the stack VMA grows on demand below the initial pages, within
 * RLIMIT_STACK = 8 MiB), plus one large alloca frame; every frame's data is checked on the way back. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <alloca.h>
#include <sys/resource.h>

#define FRAME 1024
#define DEPTH 4500

static uint32_t recurse(int n, uint32_t seed)
{
	volatile unsigned char buf[FRAME];
	for (int i = 0; i < FRAME; i += 64)
		buf[i] = (unsigned char)(seed + (uint32_t)i);
	uint32_t below = n > 0 ? recurse(n - 1, seed * 1103515245u + 12345u) : 0;
	uint32_t s = below * 31;
	for (int i = 0; i < FRAME; i += 64) {
		if (buf[i] != (unsigned char)(seed + (uint32_t)i))
			return 0xdeadbeef;
		s += buf[i];
	}
	return s;
}

static unsigned big_alloca(size_t n)
{
	unsigned char *p = alloca(n);
	memset(p, 0x3c, n);
	unsigned s = 0;
	for (size_t i = 0; i < n; i += 4096)
		s += p[i];
	return s + p[n - 1];
}

int main(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_STACK, &rl);
	printf("stack limit >= 8 MiB: %s\n", rl.rlim_cur >= (8u << 20) ? "yes" : "no");
	char here;
	uintptr_t top = (uintptr_t)&here;
	printf("recursing %d frames of %d bytes\n", DEPTH, FRAME);
	uint32_t r = recurse(DEPTH, 1);
	printf("checksum: %08x\n", r);
	printf("alloca(2 MiB) sum: %u\n", big_alloca(2u << 20));
	printf("stack pointer back where it was: %s\n", (uintptr_t)&here == top ? "yes" : "no");
	printf("second descent: %08x\n", recurse(DEPTH, 1));
	return r == 0xdeadbeef ? 1 : 0;
}
