/* Checks of the file and memory guests. CHECK(expr) reports the failed expression with its line and errno and
 * makes the enclosing function (main) return 1; show() prints a call's result, or -1 with errno and its text. */
#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CHECK(expr)                                                                                           \
	do {                                                                                                  \
		if (!(expr)) {                                                                                \
			printf("FAILED line %d: %s (errno %d)\n", __LINE__, #expr, errno);                     \
			return 1;                                                                             \
		}                                                                                             \
	} while (0)

static void __attribute__((unused)) show(const char *what, long r)
{
	int e = errno;
	if (r < 0)
		printf("%s -> -1 errno=%d (%s)\n", what, e, strerror(e));
	else
		printf("%s -> %ld\n", what, r);
}

#endif
