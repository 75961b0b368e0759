/* strings: glibc's MIPS string/memory routines at every alignment (memcpy/memmove/memset/memcmp/strlen/
 * strcmp/strchr/...), qsort/bsearch, strtol/strtoul/strtod, sscanf, and printf with many formats
 * including %f %e %g %a of doubles. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <float.h>
#include <math.h>
#include <stddef.h>

static uint32_t hash(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

volatile double dv[] = { 0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3.0, 2.5, 3.5, 1e-300, 4.9406564584124654e-324, 1e300,
                         123456789.125, 6.02214076e23, -2.718281828459045, 1e21, 0.5e-5 };

/* volatile pointers: the truncations below are deliberate */
const char *volatile bazqux = "bazqux";
const char *volatile truncated = "truncated";

int main(void)
{
	static unsigned char src[600], dst[600];
	for (unsigned i = 0; i < sizeof src; i++)
		src[i] = (unsigned char)(i * 7 + 3);

	/* memcpy/memmove/memset/memcmp across alignments and lengths */
	uint32_t h = 0;
	for (int so = 0; so < 8; so++)
		for (int d_o = 0; d_o < 8; d_o++)
			for (size_t len = 0; len < 80; len += 3) {
				memset(dst, 0xee, 120);
				memcpy(dst + d_o, src + so, len);
				h = h * 33 + hash(dst, 120);
			}
	printf("memcpy alignment sweep: %08" PRIx32 "\n", h);
	h = 0;
	for (int off = -9; off <= 9; off++)
		for (size_t len = 0; len < 300; len += 37) {
			memcpy(dst, src, 600);
			memmove(dst + 150 + off, dst + 150, len);
			h = h * 33 + hash(dst, 600);
		}
	printf("memmove overlap sweep: %08" PRIx32 "\n", h);
	h = 0;
	for (int o = 0; o < 8; o++)
		for (size_t len = 0; len < 70; len += 5) {
			memset(dst, 0, 100);
			memset(dst + o, 0x40 + (int)len, len);
			h = h * 33 + hash(dst, 100);
		}
	printf("memset sweep: %08" PRIx32 "\n", h);
	memcpy(dst, src, 600);
	dst[333] ^= 0x80;
	printf("memcmp sign: %d %d %d\n", memcmp(src, dst, 600) < 0 ? -1 : 1, memcmp(dst, src, 600) < 0 ? -1 : 1,
	       memcmp(src, dst, 333));

	/* strings at every alignment */
	char s[128];
	int lens = 0;
	for (int o = 0; o < 8; o++)
		for (int l = 0; l < 40; l++) {
			memset(s, 'x', sizeof s);
			s[o + l] = 0;
			lens += (int)strlen(s + o) == l;
		}
	printf("strlen correct at all 320 alignment/length pairs: %s\n", lens == 320 ? "yes" : "no");
	printf("strcmp: %d %d %d strncmp: %d\n", strcmp("abc", "abd") < 0, strcmp("abc", "abc"), strcmp("b", "abc") > 0,
	       strncmp("abcX", "abcY", 3));
	printf("strcmp high bytes unsigned: %s\n", strcmp("\x80", "\x01") > 0 ? "yes" : "no");
	const char *hay = "the quick brown fox jumps over the lazy dog";
	printf("strchr o@%td strrchr o@%td strstr \"lazy\"@%td memchr z@%td strspn=%zu strcspn=%zu\n", strchr(hay, 'o') - hay,
	       strrchr(hay, 'o') - hay, strstr(hay, "lazy") - hay, (const char *)memchr(hay, 'z', 43) - hay,
	       strspn(hay, "eht "), strcspn(hay, "qz"));
	char cat[64] = "foo";
	strcat(cat, "bar");
	strncat(cat, bazqux, 3);
	printf("strcat/strncat: %s, strdup: %s, strndup: %s\n", cat, strdup(cat), strndup(cat, 4));
	char tok[] = "a,b;;c,,d";
	char *save, *t;
	printf("strtok_r:");
	for (t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save))
		printf(" [%s]", t);
	printf("\n");

	/* qsort / bsearch */
	int arr[1000];
	uint32_t x = 1;
	for (int i = 0; i < 1000; i++) {
		x = x * 1103515245u + 12345u;
		arr[i] = (int)(x >> 8) % 10000 - 5000;
	}
	qsort(arr, 1000, sizeof arr[0], cmp_int);
	int sorted = 1;
	for (int i = 1; i < 1000; i++)
		sorted &= arr[i - 1] <= arr[i];
	printf("qsort 1000 ints sorted: %s, min %d max %d median %d, hash %08" PRIx32 "\n", sorted ? "yes" : "no", arr[0],
	       arr[999], arr[500], hash(arr, sizeof arr));
	int key = arr[731];
	int *found = bsearch(&key, arr, 1000, sizeof arr[0], cmp_int);
	printf("bsearch finds an equal element: %s\n", found && *found == key ? "yes" : "no");
	const char *words[] = { "pear", "apple", "fig", "banana", "Cherry", "apple2", "date", "" };
	qsort(words, 8, sizeof words[0], cmp_str);
	printf("sorted words:");
	for (int i = 0; i < 8; i++)
		printf(" '%s'", words[i]);
	printf("\n");

	/* conversions */
	char *end;
	printf("strtol: %ld %ld %ld %#lx\n", strtol("  -12345xyz", &end, 10), strtol("0x7fffffff", NULL, 0), strtol("777", NULL, 8),
	       strtoul("ffffffff", NULL, 16));
	printf("strtol rest: \"%s\"\n", end);
	printf("strtoll/strtoull: %lld %llu\n", strtoll("-9223372036854775808", NULL, 10), strtoull("18446744073709551615", NULL, 10));
	printf("strtod: %.17g %.17g %.17g %g %g\n", strtod("0.1", NULL), strtod("1e-320", NULL), strtod("0x1.8p3", NULL),
	       strtod("inf", NULL), strtod("-nan", NULL));
	printf("atoi/atol: %d %ld\n", atoi("42abc"), atol("-7"));
	int si;
	unsigned su;
	double sd;
	char sw[16];
	int got = sscanf("  17 0x1F 2.5e3 word", "%d %x %lf %15s", &si, &su, &sd, sw);
	printf("sscanf -> %d: %d %u %g %s\n", got, si, su, sd, sw);

	/* printf formats */
	printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%i]\n", 42, 42, 42, 42, 42, 42, -42);
	printf("[%u] [%x] [%X] [%#x] [%o] [%#o] [%8.3x]\n", 4000000000u, 0xdeadbeefu, 0xdeadbeefu, 255u, 8u, 8u, 0x2au);
	printf("[%ld] [%lld] [%llu] [%llx] [%hd] [%hhd] [%hhu] [%zu] [%td] [%jd]\n", -1L, LLONG_MIN, ULLONG_MAX, 0x123456789abcdefull,
	       (short)70000, (signed char)200, (unsigned char)300, sizeof(long double), (ptrdiff_t)-3, (intmax_t)INT64_MAX);
	printf("[%s] [%10s] [%-10s] [%.3s] [%c] [%%] [%5c]\n", "str", "right", "left", "truncate", 'Q', 'R');
	printf("[%p] [%p]\n", (void *)0x1234, NULL);
	int nn = 0;
	printf("abc%n", &nn);
	printf(" %%n counted %d\n", nn);
	printf("[%*d] [%-*d] [%.*f]\n", 6, 7, 6, 7, 2, 3.14159);
	for (unsigned i = 0; i < sizeof dv / sizeof dv[0]; i++) {
		double d = dv[i];
		printf("%-25.17g | %f | %.3e | %g | %.10g | %a | %.0f\n", d, d, d, d, d, d, d);
	}
	printf("rounding to even: %.0f %.0f %.0f %.0f %.1f %.2f\n", 0.5, 1.5, 2.5, -0.5, 0.25, 1.005);
	printf("specials: %f %f %f %e %g %a\n", INFINITY, -INFINITY, NAN, -INFINITY, NAN, INFINITY);
	printf("limits: %.17g %.17g %.17g %a\n", DBL_MAX, DBL_MIN, DBL_EPSILON, DBL_MAX);
	printf("float promoted: %.9g %a\n", (double)(float)0.1, (double)(float)0.1);
	printf("%%Lf (long double = double on MIPS o32): %Lf %zu\n", (long double)1.25, sizeof(long double));
	char sb[8];
	int want = snprintf(sb, sizeof sb, "%s-%d", truncated, 12345);
	printf("snprintf truncation: returned %d, buffer \"%s\"\n", want, sb);
	char *as = NULL;
	int an = asprintf(&as, "%s %d %.2f", "asprintf", 99, 0.125);
	printf("asprintf -> %d \"%s\"\n", an, as);
	free(as);
	return 0;
}
