/* time: clock_gettime (several clocks), gettimeofday, time, nanosleep, clock_nanosleep, clock_getres.
 * Only relations between the values are printed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <sys/time.h>

static const char *yesno(int c) { return c ? "yes" : "no"; }

static long long ns(const struct timespec *t) { return (long long)t->tv_sec * 1000000000LL + t->tv_nsec; }

static int valid(const struct timespec *t) { return t->tv_nsec >= 0 && t->tv_nsec < 1000000000L && t->tv_sec >= 0; }

int main(void)
{
	printf("sizeof(time_t)=%zu sizeof(struct timespec)=%zu\n", sizeof(time_t), sizeof(struct timespec));
	struct timespec rt, mono, mono2, boot, coarse, cpu, res;
	printf("clock_gettime(REALTIME) -> %d\n", clock_gettime(CLOCK_REALTIME, &rt));
	printf("realtime valid: %s, after 2020-01-01: %s\n", yesno(valid(&rt)), yesno(rt.tv_sec > 1577836800));
	struct timeval tv;
	printf("gettimeofday -> %d\n", gettimeofday(&tv, NULL));
	long long dt = (long long)tv.tv_sec * 1000000LL + tv.tv_usec - ns(&rt) / 1000;
	printf("gettimeofday: usec < 1e6: %s, within 2 s of clock_gettime: %s\n", yesno(tv.tv_usec >= 0 && tv.tv_usec < 1000000),
	       yesno(dt > -2000000 && dt < 2000000));
	time_t t = time(NULL), t2;
	printf("time(): within 2 s of clock_gettime: %s, same as via pointer: %s\n", yesno(t - rt.tv_sec < 3 && t - rt.tv_sec > -2),
	       yesno(time(&t2) - t2 == 0));

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_MONOTONIC, &mono2);
	printf("monotonic valid: %s, non-decreasing: %s\n", yesno(valid(&mono)), yesno(ns(&mono2) >= ns(&mono)));
	printf("clock_gettime(BOOTTIME) -> %d\n", clock_gettime(CLOCK_BOOTTIME, &boot));
	printf("boottime >= monotonic: %s\n", yesno(ns(&boot) >= ns(&mono)));
	printf("clock_gettime(MONOTONIC_RAW) -> %d\n", clock_gettime(CLOCK_MONOTONIC_RAW, &coarse));
	printf("clock_gettime(REALTIME_COARSE) -> %d\n", clock_gettime(CLOCK_REALTIME_COARSE, &coarse));
	printf("realtime coarse within 1 s of realtime: %s\n", yesno(ns(&coarse) - ns(&rt) < 1000000000LL && ns(&rt) - ns(&coarse) < 1000000000LL));
	printf("clock_gettime(MONOTONIC_COARSE) -> %d\n", clock_gettime(CLOCK_MONOTONIC_COARSE, &coarse));
	printf("clock_gettime(PROCESS_CPUTIME_ID) -> %d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu));
	printf("process cpu time valid: %s\n", yesno(valid(&cpu)));
	printf("clock_gettime(THREAD_CPUTIME_ID) -> %d\n", clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu));
	errno = 0;
	int r = clock_gettime((clockid_t)12345, &rt);
	printf("clock_gettime(12345) -> %d errno=%d (%s)\n", r, errno, strerror(errno));

	printf("clock_getres(MONOTONIC) -> %d\n", clock_getres(CLOCK_MONOTONIC, &res));
	printf("resolution > 0 and <= 1 ms: %s\n", yesno(ns(&res) > 0 && ns(&res) <= 1000000));
	printf("clock_getres(REALTIME, NULL) -> %d\n", clock_getres(CLOCK_REALTIME, NULL));
	errno = 0;
	r = clock_getres((clockid_t)12345, &res);
	printf("clock_getres(12345) -> %d errno=%d\n", r, errno);

	struct timespec before, after, req = { 0, 20 * 1000 * 1000 }, rem = { 99, 99 };
	clock_gettime(CLOCK_MONOTONIC, &before);
	printf("nanosleep(20 ms) -> %d\n", nanosleep(&req, &rem));
	clock_gettime(CLOCK_MONOTONIC, &after);
	printf("elapsed >= 20 ms: %s\n", yesno(ns(&after) - ns(&before) >= 20 * 1000 * 1000));
	req.tv_nsec = 1000000000L;
	errno = 0;
	r = nanosleep(&req, NULL);
	printf("nanosleep(tv_nsec = 1e9) -> %d errno=%d (%s)\n", r, errno, strerror(errno));
	req.tv_sec = -1;
	req.tv_nsec = 0;
	errno = 0;
	r = nanosleep(&req, NULL);
	printf("nanosleep(tv_sec = -1) -> %d errno=%d\n", r, errno);

	struct timespec rel = { 0, 5 * 1000 * 1000 };
	clock_gettime(CLOCK_MONOTONIC, &before);
	printf("clock_nanosleep(MONOTONIC, relative 5 ms) -> %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &rel, NULL));
	struct timespec abs = before;
	abs.tv_nsec += 30 * 1000 * 1000;
	if (abs.tv_nsec >= 1000000000L) {
		abs.tv_nsec -= 1000000000L;
		abs.tv_sec++;
	}
	printf("clock_nanosleep(MONOTONIC, TIMER_ABSTIME +30 ms) -> %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
	clock_gettime(CLOCK_MONOTONIC, &after);
	printf("woke at or after the deadline: %s\n", yesno(ns(&after) >= ns(&abs)));
	printf("clock_nanosleep(12345) -> %d (EINVAL=%d)\n", clock_nanosleep((clockid_t)12345, 0, &rel, NULL), EINVAL);

	struct tm tmv;
	time_t fixed = 1000000000;
	gmtime_r(&fixed, &tmv);
	char buf[64];
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &tmv);
	printf("gmtime(1e9) = %s\n", buf);
	printf("timegm round trip: %s\n", yesno(timegm(&tmv) == fixed));
	return 0;
}
