/* Benchmark of string and memory work: memcpy/memmove/memset/strlen/strcmp/strchr over varied sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 4000;
  static char a[16384], b[16384];
  uint32_t acc = 0;
  for (size_t i = 0; i < sizeof a; i++) a[i] = (char)('a' + i % 26);
  a[sizeof a - 1] = 0;
  for (int r = 0; r < rounds; r++) {
    for (size_t n = 1; n < sizeof a; n = n * 3 + 1) {
      memcpy(b, a + (r & 7), n);
      b[n] = 0;
      acc += (uint32_t)strlen(b);
      memmove(b + 1, b, n / 2);
      acc += (uint32_t)(strcmp(a, b) > 0);
      memset(b, r & 0xff, n);
      acc += (uint32_t)(unsigned char)b[n / 2];
      const char *p = strchr(a + (n % 100), 'z');
      acc += p ? (uint32_t)(p - a) : 0;
    }
  }
  printf("strmem %08x\n", acc);
  return 0;
}
