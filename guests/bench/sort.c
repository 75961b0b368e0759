/* CPU-bound benchmark: sorting pseudo-random integers with qsort and with an own quicksort. Prints a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static int cmp(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void quicksort(int32_t *v, int lo, int hi) {
  while (lo < hi) {
    int32_t pivot = v[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) { int32_t t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
    }
    if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; } else { quicksort(v, i, hi); hi = j; }
  }
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 4;
  enum { N = 100000 };
  static int32_t a[N], b[N];
  uint32_t seed = 12345, sum = 0;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < N; i++) { seed = seed * 1664525u + 1013904223u; a[i] = b[i] = (int32_t)seed; }
    qsort(a, N, sizeof a[0], cmp);
    quicksort(b, 0, N - 1);
    for (int i = 0; i < N; i++) { if (a[i] != b[i]) { puts("mismatch"); return 1; } sum = sum * 31 + (uint32_t)a[i]; }
  }
  printf("sort %08x\n", sum);
  return 0;
}
