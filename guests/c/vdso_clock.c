/* Reads CLOCK_MONOTONIC and CLOCK_REALTIME many times in a tight loop (through the vDSO on Linux, whose data page
 * the kernel updates concurrently) and checks that neither ever goes backwards and that successive readings are
 * close together. Exit status 1 if a reading was torn. Optional argv[1]: number of iterations. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 300000;
  int backwards = 0, jumps = 0;
  long long pm = ns(CLOCK_MONOTONIC), pr = ns(CLOCK_REALTIME);
  for (int i = 0; i < n; i++) {
    long long m = ns(CLOCK_MONOTONIC), r = ns(CLOCK_REALTIME);
    if (m < pm || r < pr) backwards++;
    if (m - pm > 500000000LL) jumps++; /* half a second between two readings: a torn seconds field */
    pm = m;
    pr = r;
  }
  printf("monotonic and realtime readings: %s\n", backwards || jumps ? "TORN" : "consistent");
  if (backwards || jumps) fprintf(stderr, "backwards %d, jumps %d\n", backwards, jumps);
  return backwards || jumps ? 1 : 0;
}
