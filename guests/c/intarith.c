/* intarith: 32- and 64-bit integer arithmetic as GCC emits it for MIPS32r2: mult/multu/div/divu and
 * HI/LO, libgcc's __divdi3/__udivdi3/__moddi3/__umoddi3, 64-bit shifts, wrapping unsigned math,
 * clz/ctz/popcount/parity, bswap (wsbh/rotr), ext/ins bitfields, seb/seh, movn/movz selects. Inputs are
 * volatile so nothing is folded at compile time. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

volatile int32_t vi[] = { 0, 1, -1, 7, -7, 3, 1000000007, INT32_MAX, INT32_MIN + 1, 0x12345678, -0x789abcde, 46341 };
volatile uint64_t vu[] = { 0, 1, 3, 10, 0xffffffffull, 0x100000000ull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
                           UINT64_MAX, 1000000000000000003ull, 0x8000000000000000ull, 12345 };
#define N32 (int)(sizeof vi / sizeof vi[0])
#define N64 (int)(sizeof vu / sizeof vu[0])

struct bits {
	unsigned a : 3;
	unsigned b : 9;
	signed c : 7;
	unsigned d : 13;
};

int main(void)
{
	uint32_t h = 0;
	/* 32-bit */
	for (int i = 0; i < N32; i++) {
		for (int j = 0; j < N32; j++) {
			int32_t a = vi[i], b = vi[j];
			int64_t p = (int64_t)a * b;           /* mult */
			uint64_t up = (uint64_t)(uint32_t)a * (uint32_t)b; /* multu */
			h = h * 31 + (uint32_t)p + (uint32_t)(p >> 32) + (uint32_t)up + (uint32_t)(up >> 32);
			h = h * 31 + (uint32_t)a * (uint32_t)b; /* mul */
			if (b != 0 && !(a == INT32_MIN && b == -1)) {
				h = h * 31 + (uint32_t)(a / b) + (uint32_t)(a % b);
				h = h * 31 + (uint32_t)a / (uint32_t)b + (uint32_t)a % (uint32_t)b;
			}
		}
	}
	printf("32-bit mul/div hash: %08" PRIx32 "\n", h);
	printf("-7/2=%d -7%%2=%d 7/-2=%d 7%%-2=%d\n", vi[4] / 2, vi[4] % 2, vi[3] / -2, vi[3] % -2);
	printf("(uint32)-1/3=%u INT32_MAX*2 wraps to %d as unsigned math\n", (uint32_t)vi[2] / 3u, (int32_t)((uint32_t)vi[7] * 2u));
	printf("46341^2 = %lld (overflows int32)\n", (long long)vi[11] * vi[11]);

	/* 64-bit via libgcc */
	uint32_t h64 = 0;
	for (int i = 0; i < N64; i++) {
		for (int j = 0; j < N64; j++) {
			uint64_t a = vu[i], b = vu[j];
			h64 = h64 * 31 + (uint32_t)(a * b) + (uint32_t)((a * b) >> 32);
			h64 = h64 * 31 + (uint32_t)(a + b) + (uint32_t)((a - b) >> 32);
			if (b) {
				uint64_t q = a / b, r = a % b;
				h64 = h64 * 31 + (uint32_t)q + (uint32_t)(q >> 32) + (uint32_t)r + (uint32_t)(r >> 32);
				int64_t sa = (int64_t)a, sb = (int64_t)b;
				if (!(sa == INT64_MIN && sb == -1)) {
					int64_t sq = sa / sb, sr = sa % sb;
					h64 = h64 * 31 + (uint32_t)sq + (uint32_t)((uint64_t)sq >> 32) + (uint32_t)sr;
				}
			}
		}
	}
	printf("64-bit mul/div hash: %08" PRIx32 "\n", h64);
	uint64_t x = vu[6], y = vu[9];
	printf("0x123456789abcdef0 / 1000000000000000003 = %" PRIu64 " rem %" PRIu64 "\n", x / y, x % y);
	printf("UINT64_MAX / 10 = %" PRIu64 ", %% 10 = %" PRIu64 "\n", vu[8] / vu[3], vu[8] % vu[3]);
	printf("-9223372036854775807 / 3 = %" PRId64 ", %% 3 = %" PRId64 "\n", -(int64_t)(vu[8] >> 1) / (int64_t)vu[2],
	       -(int64_t)(vu[8] >> 1) % (int64_t)vu[2]);
	printf("0xffffffff * 0xffffffff = %#" PRIx64 "\n", vu[4] * vu[4]);
	for (int s = 0; s < 64; s += 7) {
		volatile int sh = s;
		printf("shift %2d: << %016" PRIx64 " >> %016" PRIx64 " sar %016" PRIx64 "\n", s, vu[7] << sh, vu[7] >> sh,
		       (uint64_t)((int64_t)vu[7] >> sh));
	}

	/* wrapping math: an LCG and a xorshift, a million steps */
	uint32_t lcg = 12345;
	uint64_t xs = 88172645463325252ull;
	for (int i = 0; i < 1000000; i++) {
		lcg = lcg * 1664525u + 1013904223u;
		xs ^= xs << 13;
		xs ^= xs >> 7;
		xs ^= xs << 17;
	}
	printf("lcg after 1e6 steps: %08" PRIx32 ", xorshift64: %016" PRIx64 "\n", lcg, xs);

	/* bit operations */
	for (int i = 0; i < N32; i++) {
		uint32_t v = (uint32_t)vi[i];
		printf("%08" PRIx32 ": clz=%2d ctz=%2d pop=%2d parity=%d bswap=%08" PRIx32 " rotl5=%08" PRIx32 " seb=%d seh=%d\n", v,
		       v ? __builtin_clz(v) : 32, v ? __builtin_ctz(v) : 32, __builtin_popcount(v), __builtin_parity(v),
		       __builtin_bswap32(v), (v << 5) | (v >> 27), (int)(int8_t)v, (int)(int16_t)v);
	}
	printf("clzll(0x0000000100000000)=%d ctzll=%d popcountll(UINT64_MAX)=%d bswap64=%016" PRIx64 "\n",
	       __builtin_clzll(vu[5]), __builtin_ctzll(vu[5]), __builtin_popcountll(vu[8]), __builtin_bswap64(vu[6]));
	printf("bswap16(0x1234)=%04x\n", __builtin_bswap16((uint16_t)vi[9]));

	/* bitfields: ext/ins */
	struct bits bf = { 0, 0, 0, 0 };
	for (int i = 0; i < 100; i++) {
		bf.a += (unsigned)vi[3];
		bf.b = (bf.b * 3u + (unsigned)i) & 0x1ff;
		bf.c = (signed)(bf.c - 5);
		bf.d ^= (unsigned)(i * 77);
	}
	printf("bitfields: a=%u b=%u c=%d d=%u\n", bf.a, bf.b, bf.c, bf.d);

	/* selects (movn/movz), comparisons, min/max */
	int32_t mx = INT32_MIN, mn = INT32_MAX, cnt = 0;
	for (int i = 0; i < N32; i++) {
		int32_t v = vi[i];
		mx = v > mx ? v : mx;
		mn = v < mn ? v : mn;
		cnt += (uint32_t)v < 1000u;
	}
	printf("max=%d min=%d unsigned<1000: %d\n", mx, mn, cnt);
	return 0;
}
