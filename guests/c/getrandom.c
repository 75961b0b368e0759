/* getrandom: return values (never the bytes), flags, getentropy limits. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/random.h>

void *volatile null_buffer; /* volatile: keep the compiler from diagnosing the deliberate NULL */

int main(void)
{
	unsigned char a[32], b[32], big[4096];
	printf("getrandom(32, 0) -> %zd\n", getrandom(a, sizeof a, 0));
	printf("getrandom(32, GRND_NONBLOCK) -> %zd\n", getrandom(b, sizeof b, GRND_NONBLOCK));
	printf("two draws differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
	printf("getrandom(4096, 0) -> %zd\n", getrandom(big, sizeof big, 0));
	int zero = 0;
	for (unsigned i = 0; i < sizeof big; i++)
		zero += big[i] == 0;
	printf("about 1/256 of the bytes are zero (0..64 of 4096): %s\n", zero <= 64 ? "yes" : "no");
	printf("getrandom(0 bytes) -> %zd\n", getrandom(a, 0, 0));
	errno = 0;
	ssize_t r = getrandom(a, sizeof a, 0x100);
	printf("getrandom(bad flags) -> %zd errno=%d (%s)\n", r, errno, strerror(errno));
	errno = 0;
	r = getrandom(null_buffer, 16, 0);
	printf("getrandom(NULL, 16) -> %zd errno=%d (%s)\n", r, errno, strerror(errno));
	printf("getentropy(32) -> %d\n", getentropy(a, 32));
	errno = 0;
	int e = getentropy(big, 257);
	printf("getentropy(257) -> %d errno=%d (%s)\n", e, errno, strerror(errno));
	return 0;
}
