/* A report built in a buffer, for text produced inside signal handlers: say() formats into the buffer (no stdio
 * state is touched, so it is safe where printf is not), flush() writes it out from normal context. */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <stdarg.h>
#include <stdio.h>

#ifndef REPORT_SIZE
#define REPORT_SIZE 8192
#endif

static char report[REPORT_SIZE];
static size_t rlen;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(report + rlen, sizeof report - rlen, fmt, ap);
	va_end(ap);
	if (n > 0 && rlen + n < sizeof report)
		rlen += n;
}

static void __attribute__((unused)) flush(void)
{
	fputs(report, stdout);
	rlen = 0;
	report[0] = 0;
}

#endif
