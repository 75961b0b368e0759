/* bigbss: a 24 MiB .bss array (zero-filled by the loader/kernel, never in the file), an initialised
 * .data array, and a .rodata table; the program break starts after the end of .bss. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define BIG (24u << 20)

static unsigned char big[BIG];
static uint32_t data[1024] = { 1, 2, 3, 4, 5, 6, 7, 8, [1000] = 0xfeedface, [1023] = 0x12345678 };
static const uint16_t table[8] = { 0xaaaa, 0x5555, 0x1234, 0xffff, 0, 1, 2, 3 };
extern char end[], edata[], etext[];

int main(void)
{
	int zero = 1;
	for (size_t i = 0; i < BIG; i += 512)
		zero &= big[i] == 0;
	zero &= big[BIG - 1] == 0;
	printf(".bss 24 MiB zero-filled: %s\n", zero ? "yes" : "no");
	uint32_t s = 0;
	for (int i = 0; i < 1024; i++)
		s = s * 31 + data[i];
	printf(".data checksum: %08x (data[1000]=%#x)\n", s, data[1000]);
	printf(".rodata: %04x %04x %04x\n", table[0], table[2], table[3]);
	for (size_t i = 0; i < BIG; i += 4096)
		big[i] = (unsigned char)(i >> 12);
	uint32_t t = 0;
	for (size_t i = 0; i < BIG; i += 4096)
		t += big[i];
	printf("one byte per page written and read back: %u\n", t);
	memset(big, 0x11, BIG);
	printf("memset of all 24 MiB: last byte %#x\n", big[BIG - 1]);
	data[5] = 99;
	printf(".data writable: %u\n", data[5]);
	uintptr_t te = (uintptr_t)etext, de = (uintptr_t)edata, en = (uintptr_t)end;
	printf("etext < edata <= end: %s\n", te < de && de <= en ? "yes" : "no");
	printf("big lies between edata and end: %s\n", (char *)big >= edata && (char *)big + BIG <= end ? "yes" : "no");
	printf("initial program break >= end: %s\n", (char *)sbrk(0) >= end ? "yes" : "no");
	return 0;
}
