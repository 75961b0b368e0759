/*
 * A reading through glibc lies between two readings of the kernel's own clock: for each clock, many times,
 *   a = syscall(SYS_clock_gettime64), v = clock_gettime() (glibc: the vDSO when there is one), b = syscall again,
 * and a <= v <= b must hold; likewise gettimeofday() against syscall(SYS_gettimeofday). On Linux the middle
 * reading comes from the vDSO's copy of the timekeeper (reference linux-mips-abi.md §4.4) for the clocks it
 * serves, and from the system call for the others (PROCESS_CPUTIME_ID); without a vDSO (qemu-mipsel 7.2) all three
 * are system calls, and the relation holds just the same. Optional argv[1]: rounds per clock (default 10000).
 * Exit status 1 if any reading is out of order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

struct kernel_ts64 { int64_t sec; int64_t nsec; };
struct kernel_tv32 { int32_t sec; int32_t usec; };

static const struct { clockid_t id; const char *name; } CLOCKS[] = {
  {CLOCK_REALTIME, "CLOCK_REALTIME"}, {CLOCK_MONOTONIC, "CLOCK_MONOTONIC"},
  {CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW"}, {CLOCK_BOOTTIME, "CLOCK_BOOTTIME"}, {CLOCK_TAI, "CLOCK_TAI"},
  {CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE"}, {CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE"},
  {CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID"},
};

static int64_t kernel_ns(clockid_t c) {
  struct kernel_ts64 t = {0, 0};
  if (syscall(SYS_clock_gettime64, c, &t) != 0) return -1;
  return t.sec * 1000000000LL + t.nsec;
}

static int64_t kernel_us(void) {
  struct kernel_tv32 t = {0, 0};
  if (syscall(SYS_gettimeofday, &t, NULL) != 0) return -1;
  return t.sec * 1000000LL + t.usec;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 10000;
  int bad_total = 0;
  for (unsigned i = 0; i < sizeof CLOCKS / sizeof CLOCKS[0]; i++) {
    int bad = 0;
    for (int r = 0; r < rounds; r++) {
      struct timespec ts;
      int64_t a = kernel_ns(CLOCKS[i].id);
      int rv = clock_gettime(CLOCKS[i].id, &ts);
      int64_t b = kernel_ns(CLOCKS[i].id);
      int64_t v = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
      if (a < 0 || rv != 0 || b < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L || !(a <= v && v <= b)) {
        if (bad++ == 0)
          fprintf(stderr, "%s: syscall %lld, clock_gettime %lld (returned %d), syscall %lld\n", CLOCKS[i].name,
                  (long long)a, (long long)v, rv, (long long)b);
      }
    }
    printf("clock %d (%s): %s\n", (int)CLOCKS[i].id, CLOCKS[i].name, bad ? "OUT OF ORDER" : "ok");
    bad_total += bad;
  }
  int bad = 0;
  for (int r = 0; r < rounds; r++) {
    struct timeval tv;
    int64_t a = kernel_us();
    int rv = gettimeofday(&tv, NULL);
    int64_t b = kernel_us();
    int64_t v = (int64_t)tv.tv_sec * 1000000LL + tv.tv_usec;
    if (a < 0 || rv != 0 || b < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000L || !(a <= v && v <= b)) {
      if (bad++ == 0)
        fprintf(stderr, "gettimeofday: syscall %lld, gettimeofday %lld (returned %d), syscall %lld\n",
                (long long)a, (long long)v, rv, (long long)b);
    }
  }
  printf("gettimeofday: %s\n", bad ? "OUT OF ORDER" : "ok");
  bad_total += bad;
  return bad_total ? 1 : 0;
}
