/* Benchmark of integer arithmetic: multiply, divide, shifts and branches in a tight loop (a hash mix). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 3000000;
  uint32_t h = 2166136261u, x = 1;
  uint64_t wide = 0;
  for (int i = 0; i < rounds; i++) {
    x = x * 1103515245u + 12345u;
    h = (h ^ (x >> 7)) * 16777619u;
    if (h & 1) h += x / ((i & 15) + 1);
    else h -= x % 13;
    wide += (uint64_t)h * x;
  }
  printf("intloop %08x %08x\n", h, (uint32_t)(wide >> 32));
  return 0;
}
