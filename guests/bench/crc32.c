/* CPU-bound benchmark: bitwise CRC-32 (IEEE, reflected) over a buffer, many rounds. Prints the CRC. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static uint32_t crc32_bitwise(const uint8_t *p, size_t n, uint32_t crc) {
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
  }
  return ~crc;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 40;
  static uint8_t buf[65536];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 131 + 7);
  uint32_t crc = 0;
  for (int r = 0; r < rounds; r++) crc = crc32_bitwise(buf, sizeof buf, crc);
  printf("crc32 %08x\n", crc);
  return 0;
}
