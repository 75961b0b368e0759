/* clock_gettime cost: argv[1] = "vdso" (glibc, which uses the vDSO) or "syscall" (the clock_gettime64 system call
 * directly), argv[2] = number of calls. Prints only the count, so the output does not depend on the time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

struct ts64 { long long tv_sec; long long tv_nsec; };

int main(int argc, char **argv) {
  int direct = argc > 1 && strcmp(argv[1], "syscall") == 0;
  long n = argc > 2 ? atol(argv[2]) : 100000;
  unsigned long long sum = 0;
  for (long i = 0; i < n; i++) {
    if (direct) {
      struct ts64 t;
      syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, &t);
      sum += (unsigned long long)t.tv_nsec;
    } else {
      struct timespec t;
      clock_gettime(CLOCK_MONOTONIC, &t);
      sum += (unsigned long long)t.tv_nsec;
    }
  }
  printf("%ld calls (%s)\n", n, direct ? "syscall" : "vdso");
  return sum == 1 ? 1 : 0; /* keeps the loop; never true in practice */
}
