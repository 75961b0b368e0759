/*
 * A vDSO client written from the ELF specification (System V gABI: ELF header, program headers, dynamic section,
 * SysV hash table, symbol versioning as in the LSB "Symbol Versioning" chapter) and Linux's MIPS vDSO ABI
 * (reference linux-mips-abi.md §4): it finds the image through AT_SYSINFO_EHDR, validates it, looks symbols up the
 * way a dynamic linker does (DT_HASH bucket/chain with the ELF hash of the name, STT_FUNC, defined, version
 * LINUX_2.6 through DT_VERSYM/DT_VERDEF) and then calls what it found, comparing each answer with the system
 * call's.
 *
 * The lookup goes through DT_HASH only: an image without a SysV hash table has no symbol this program can find.
 *
 * Output is relations ("yes"/"no"), never times or addresses, so that it is the same on every run.
 *   vdso_parse                 what Linux's MIPS vDSO exports: __vdso_clock_gettime, __vdso_clock_gettime64,
 *                              __vdso_gettimeofday, __vdso_clock_getres (reference §4.1), and the trampolines
 *                              stay local.
 *   vdso_parse extensions      also Trapgate's additions taken from the ppc64 vDSO (reference §4.6) and the
 *                              newest kernels: __vdso_clock_getres_time64, __vdso_getcpu, __vdso_get_syscall_map,
 *                              __vdso_sync_dicache.
 * Without AT_SYSINFO_EHDR (qemu-mipsel 7.2) it prints "no vDSO" and exits 0. Exit status 1 if any line says "no"
 * or "missing".
 */
#define _GNU_SOURCE /* sched_getcpu */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The kernel's structures (not glibc's, whose time_t width depends on _TIME_BITS). */
struct ts32 { int32_t sec; int32_t nsec; };
struct ts64 { int64_t sec; int64_t nsec; };
struct tv32 { int32_t sec; int32_t usec; };
struct tz32 { int32_t minuteswest; int32_t dsttime; };

static int failures;

static const char *yesno(int ok) {
  if (!ok) failures++;
  return ok ? "yes" : "no";
}

/* The System V ELF hash (gABI, "Hash Table"): four bits in per character, the top nibble folded back in. */
static uint32_t elf_hash(const char *name) {
  uint32_t h = 0;
  for (const unsigned char *p = (const unsigned char *)name; *p != 0; p++) {
    h = (h << 4) + *p;
    uint32_t top = h & 0xf0000000u;
    if (top != 0) h ^= top >> 24;
    h &= ~top;
  }
  return h;
}

#define VDSO_VERSION_NAME "LINUX_2.6"
#define VDSO_VERSION_HASH 61765110u /* glibc's VDSO_HASH for MIPS (reference §4.5) */

/* What the walk of the image found. Addresses are run-time addresses (bias added). */
static struct {
  uintptr_t base, bias, load_start, load_end;
  const Elf32_Sym *symtab;
  const char *strtab;
  uint32_t strsz;
  const Elf32_Word *hash;
  const Elf32_Half *versym;
  const Elf32_Verdef *verdef;
} img;

static int inside(uintptr_t p, uintptr_t size) {
  return p >= img.load_start && p <= img.load_end && size <= img.load_end - p;
}

/* Whether version index `ndx` names a (non-base) Verdef called LINUX_2.6 with the right hash. */
static int version_matches(unsigned ndx) {
  const char *vd_bytes = (const char *)img.verdef;
  for (int guard = 0; guard < 64; guard++) {
    const Elf32_Verdef *vd = (const Elf32_Verdef *)vd_bytes;
    if (!inside((uintptr_t)vd, sizeof *vd) || vd->vd_version != VER_DEF_CURRENT) return 0;
    if (vd->vd_ndx == ndx) {
      if (vd->vd_flags & VER_FLG_BASE) return 0;
      const Elf32_Verdaux *aux = (const Elf32_Verdaux *)(vd_bytes + vd->vd_aux);
      if (vd->vd_cnt < 1 || !inside((uintptr_t)aux, sizeof *aux) || aux->vda_name >= img.strsz) return 0;
      return vd->vd_hash == VDSO_VERSION_HASH && strcmp(img.strtab + aux->vda_name, VDSO_VERSION_NAME) == 0;
    }
    if (vd->vd_next == 0) return 0;
    vd_bytes += vd->vd_next;
  }
  return 0;
}

/* Whether any Verdef is LINUX_2.6 (hash and name). */
static int version_defined(void) {
  const char *vd_bytes = (const char *)img.verdef;
  for (int guard = 0; guard < 64; guard++) {
    const Elf32_Verdef *vd = (const Elf32_Verdef *)vd_bytes;
    if (!inside((uintptr_t)vd, sizeof *vd) || vd->vd_version != VER_DEF_CURRENT) return 0;
    const Elf32_Verdaux *aux = (const Elf32_Verdaux *)(vd_bytes + vd->vd_aux);
    if (!(vd->vd_flags & VER_FLG_BASE) && vd->vd_hash == VDSO_VERSION_HASH && vd->vd_cnt >= 1 &&
        inside((uintptr_t)aux, sizeof *aux) && aux->vda_name < img.strsz &&
        strcmp(img.strtab + aux->vda_name, VDSO_VERSION_NAME) == 0)
      return 1;
    if (vd->vd_next == 0) return 0;
    vd_bytes += vd->vd_next;
  }
  return 0;
}

/* The run-time address of function `name`@LINUX_2.6, or 0: DT_HASH bucket, then the chain. */
static void *lookup(const char *name) {
  if (img.hash == NULL || img.symtab == NULL || img.strtab == NULL) return NULL;
  uint32_t nbucket = img.hash[0], nchain = img.hash[1];
  if (nbucket == 0 || !inside((uintptr_t)img.hash, (2 + (uintptr_t)nbucket + nchain) * 4)) return NULL;
  const Elf32_Word *bucket = img.hash + 2, *chain = bucket + nbucket;
  uint32_t steps = 0;
  for (uint32_t i = bucket[elf_hash(name) % nbucket]; i != STN_UNDEF; i = chain[i]) {
    if (i >= nchain || ++steps > nchain) return NULL; /* a chain that leaves the table or loops */
    const Elf32_Sym *s = &img.symtab[i];
    if (!inside((uintptr_t)s, sizeof *s) || s->st_name >= img.strsz) return NULL;
    if (strcmp(img.strtab + s->st_name, name) != 0) continue;
    if (ELF32_ST_TYPE(s->st_info) != STT_FUNC) continue;
    if (ELF32_ST_BIND(s->st_info) != STB_GLOBAL && ELF32_ST_BIND(s->st_info) != STB_WEAK) continue;
    if (s->st_shndx == SHN_UNDEF || s->st_value == 0) continue;
    if (img.versym != NULL && !version_matches(img.versym[i] & 0x7fff)) continue;
    uintptr_t addr = img.bias + s->st_value;
    if (!inside(addr, 4)) continue;
    return (void *)addr;
  }
  return NULL;
}

/* Reads the headers and the dynamic section; prints what it checked. 0 if the image cannot be searched. */
static int parse(uintptr_t base) {
  img.base = base;
  const Elf32_Ehdr *eh = (const Elf32_Ehdr *)base;
  printf("AT_SYSINFO_EHDR: page aligned: %s\n", yesno(base % 4096 == 0));
  int ident = memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS32 &&
              eh->e_ident[EI_DATA] == ELFDATA2LSB && eh->e_ident[EI_VERSION] == EV_CURRENT;
  printf("ELF header: ELFCLASS32 little-endian: %s\n", yesno(ident));
  int kind = eh->e_type == ET_DYN && eh->e_machine == EM_MIPS && eh->e_version == EV_CURRENT &&
             eh->e_phentsize == sizeof(Elf32_Phdr) && eh->e_phnum > 0;
  printf("ELF header: ET_DYN, EM_MIPS: %s\n", yesno(kind));
  if (!ident || !kind) return 0;

  const Elf32_Phdr *ph = (const Elf32_Phdr *)(base + eh->e_phoff);
  const Elf32_Phdr *load = NULL, *dyn = NULL;
  int tls = 0;
  for (int i = 0; i < eh->e_phnum; i++) {
    if (ph[i].p_type == PT_LOAD && load == NULL) load = &ph[i];
    if (ph[i].p_type == PT_DYNAMIC) dyn = &ph[i];
    if (ph[i].p_type == PT_TLS) tls = 1;
  }
  printf("PT_LOAD: %s\n", yesno(load != NULL));
  printf("PT_DYNAMIC: %s\n", yesno(dyn != NULL));
  printf("no PT_TLS: %s\n", yesno(!tls));
  if (load == NULL || dyn == NULL) return 0;
  /* The image is linked at 0 and its one PT_LOAD starts with the file: headers included, readable, executable. */
  printf("first PT_LOAD: offset 0, linked at 0, R+X, not writable: %s\n",
         yesno(load->p_offset == 0 && load->p_vaddr == 0 &&
            (load->p_flags & (PF_R | PF_W | PF_X)) == (PF_R | PF_X)));
  img.bias = base - load->p_vaddr;
  img.load_start = img.bias + load->p_vaddr;
  img.load_end = img.load_start + load->p_memsz;
  int dyn_inside = inside(img.bias + dyn->p_vaddr, dyn->p_memsz);
  printf("PT_DYNAMIC inside the PT_LOAD: %s\n", yesno(dyn_inside));
  if (!dyn_inside) return 0;

  const char *soname = NULL;
  uint32_t soname_off = 0, syment = 0, verdefnum = 0;
  int has_soname = 0, relocs = 0, pointers_inside = 1;
  for (const Elf32_Dyn *d = (const Elf32_Dyn *)(img.bias + dyn->p_vaddr);
       (uintptr_t)(d + 1) <= img.bias + dyn->p_vaddr + dyn->p_memsz && d->d_tag != DT_NULL; d++) {
    uintptr_t p = img.bias + d->d_un.d_ptr; /* d_ptr values are link-time addresses */
    switch (d->d_tag) {
    case DT_HASH: img.hash = (const Elf32_Word *)p; pointers_inside &= inside(p, 8); break;
    case DT_SYMTAB: img.symtab = (const Elf32_Sym *)p; pointers_inside &= inside(p, sizeof(Elf32_Sym)); break;
    case DT_STRTAB: img.strtab = (const char *)p; pointers_inside &= inside(p, 1); break;
    case DT_STRSZ: img.strsz = d->d_un.d_val; break;
    case DT_SYMENT: syment = d->d_un.d_val; break;
    case DT_VERSYM: img.versym = (const Elf32_Half *)p; pointers_inside &= inside(p, 2); break;
    case DT_VERDEF: img.verdef = (const Elf32_Verdef *)p; pointers_inside &= inside(p, sizeof(Elf32_Verdef)); break;
    case DT_VERDEFNUM: verdefnum = d->d_un.d_val; break;
    case DT_SONAME: soname_off = d->d_un.d_val; has_soname = 1; break;
    case DT_REL: case DT_RELA: case DT_JMPREL: case DT_TEXTREL: relocs = 1; break;
    }
  }
  if (img.strtab != NULL && !inside((uintptr_t)img.strtab, img.strsz)) pointers_inside = 0;
  printf("DT_HASH: %s\n", yesno(img.hash != NULL));
  printf("DT_SYMTAB, DT_STRTAB, DT_STRSZ, DT_SYMENT = %u: %s\n", (unsigned)sizeof(Elf32_Sym),
         yesno(img.symtab != NULL && img.strtab != NULL && img.strsz != 0 && syment == sizeof(Elf32_Sym)));
  printf("DT_VERSYM, DT_VERDEF, DT_VERDEFNUM: %s\n", yesno(img.versym != NULL && img.verdef != NULL && verdefnum >= 2));
  printf("dynamic pointers inside the PT_LOAD: %s\n", yesno(pointers_inside));
  printf("no relocations: %s\n", yesno(!relocs));
  if (!pointers_inside) return 0;
  if (has_soname && img.strtab != NULL && soname_off < img.strsz) soname = img.strtab + soname_off;
  printf("DT_SONAME linux-vdso.so.1: %s\n", yesno(soname != NULL && strcmp(soname, "linux-vdso.so.1") == 0));
  printf("ELF hash of " VDSO_VERSION_NAME " is %u: %s\n", VDSO_VERSION_HASH,
         yesno(elf_hash(VDSO_VERSION_NAME) == VDSO_VERSION_HASH));
  printf("version " VDSO_VERSION_NAME " defined: %s\n", yesno(img.verdef != NULL && version_defined()));
  return 1;
}

static void *report(const char *name) {
  void *f = lookup(name);
  if (f == NULL) failures++;
  printf("%s: %s\n", name, f != NULL ? "found" : "missing");
  return f;
}

/* --------------------------------------------------------------------------------------------------- calls */

static int64_t ns64(struct ts64 t) { return t.sec * 1000000000LL + t.nsec; }

static long sys_gettime64(clockid_t c, struct ts64 *t) { return syscall(SYS_clock_gettime64, c, t); }

static const struct { clockid_t id; const char *name; } CLOCKS[] = {
  {CLOCK_REALTIME, "CLOCK_REALTIME"}, {CLOCK_MONOTONIC, "CLOCK_MONOTONIC"},
  {CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID"}, {CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID"},
  {CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW"}, {CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE"},
  {CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE"}, {CLOCK_BOOTTIME, "CLOCK_BOOTTIME"},
  {CLOCK_TAI, "CLOCK_TAI"},
};
#define NCLOCKS (sizeof CLOCKS / sizeof CLOCKS[0])
/* Not clocks: vdso_test_correctness (reference mechanisms §5) expects -EINVAL for each. */
static const clockid_t INVALID_CLOCKS[] = {-1, INT_MIN, INT_MAX, 12};

typedef int (*gettime32_fn)(clockid_t, struct ts32 *);
typedef int (*gettime64_fn)(clockid_t, struct ts64 *);
typedef int (*gettimeofday_fn)(struct tv32 *, struct tz32 *);
typedef int (*getcpu_fn)(unsigned *, unsigned *, void *);
typedef const uint32_t *(*syscall_map_fn)(unsigned *);
typedef int (*sync_dicache_fn)(void *, void *);

static void check_gettime64(gettime64_fn f) {
  for (unsigned i = 0; i < NCLOCKS; i++) {
    int ok = 1, rets_ok = 1;
    for (int round = 0; round < 50; round++) {
      struct ts64 a = {0, 0}, v = {0, 0}, b = {0, 0};
      long ra = sys_gettime64(CLOCKS[i].id, &a);
      int rv = f(CLOCKS[i].id, &v);
      long rb = sys_gettime64(CLOCKS[i].id, &b);
      if (ra != 0 || rv != 0 || rb != 0) rets_ok = 0;
      if (!(ns64(a) <= ns64(v) && ns64(v) <= ns64(b)) || v.nsec < 0 || v.nsec >= 1000000000) ok = 0;
    }
    printf("clock_gettime64(%s): returns 0: %s, within syscall readings: %s\n", CLOCKS[i].name, yesno(rets_ok), yesno(ok));
  }
  for (unsigned i = 0; i < sizeof INVALID_CLOCKS / sizeof INVALID_CLOCKS[0]; i++) {
    struct ts64 v = {0, 0};
    printf("clock_gettime64(%d): returns -EINVAL: %s\n", INVALID_CLOCKS[i], yesno(f(INVALID_CLOCKS[i], &v) == -EINVAL));
  }
}

static void check_gettime32(gettime32_fn f) {
  for (unsigned i = 0; i < NCLOCKS; i++) {
    int ok = 1, rets_ok = 1;
    for (int round = 0; round < 50; round++) {
      struct ts64 a = {0, 0}, b = {0, 0};
      struct ts32 v = {0, 0};
      long ra = sys_gettime64(CLOCKS[i].id, &a);
      int rv = f(CLOCKS[i].id, &v);
      long rb = sys_gettime64(CLOCKS[i].id, &b);
      if (ra != 0 || rv != 0 || rb != 0) rets_ok = 0;
      struct ts64 v64 = {v.sec, v.nsec};
      if (!(ns64(a) <= ns64(v64) && ns64(v64) <= ns64(b)) || v.nsec < 0 || v.nsec >= 1000000000) ok = 0;
    }
    printf("clock_gettime(%s): returns 0: %s, within syscall readings: %s\n", CLOCKS[i].name, yesno(rets_ok), yesno(ok));
  }
  for (unsigned i = 0; i < sizeof INVALID_CLOCKS / sizeof INVALID_CLOCKS[0]; i++) {
    struct ts32 v = {0, 0};
    printf("clock_gettime(%d): returns -EINVAL: %s\n", INVALID_CLOCKS[i], yesno(f(INVALID_CLOCKS[i], &v) == -EINVAL));
  }
}

static void check_gettimeofday(gettimeofday_fn f) {
  int ok = 1, rets_ok = 1, tz_ok = 1;
  for (int round = 0; round < 50; round++) {
    struct tv32 a = {0, 0}, v = {0, 0}, b = {0, 0};
    struct tz32 za = {-1, -1}, zv = {-2, -2};
    long ra = syscall(SYS_gettimeofday, &a, &za);
    int rv = f(&v, &zv);
    long rb = syscall(SYS_gettimeofday, &b, NULL);
    if (ra != 0 || rv != 0 || rb != 0) rets_ok = 0;
    int64_t ua = a.sec * 1000000LL + a.usec, uv = v.sec * 1000000LL + v.usec, ub = b.sec * 1000000LL + b.usec;
    if (!(ua <= uv && uv <= ub) || v.usec < 0 || v.usec >= 1000000) ok = 0;
    if (za.minuteswest != zv.minuteswest || za.dsttime != zv.dsttime) tz_ok = 0;
  }
  printf("gettimeofday: returns 0: %s, within syscall readings: %s, time zone equals the syscall's: %s\n",
         yesno(rets_ok), yesno(ok), yesno(tz_ok));
  struct tz32 z = {-2, -2};
  struct tv32 t = {-1, -1};
  printf("gettimeofday(NULL, NULL) returns 0: %s\n", yesno(f(NULL, NULL) == 0));
  printf("gettimeofday(NULL, tz) returns 0: %s\n", yesno(f(NULL, &z) == 0));
  printf("gettimeofday(tv, NULL) returns 0: %s\n", yesno(f(&t, NULL) == 0 && t.sec > 0));
}

static void check_getres32(gettime32_fn f) {
  for (unsigned i = 0; i < NCLOCKS; i++) {
    struct ts32 s = {-1, -1}, v = {-2, -2};
    long rs = syscall(SYS_clock_getres, CLOCKS[i].id, &s);
    int rv = f(CLOCKS[i].id, &v);
    printf("clock_getres(%s): returns 0: %s, equals the syscall's: %s\n", CLOCKS[i].name,
           yesno(rs == 0 && rv == 0), yesno(s.sec == v.sec && s.nsec == v.nsec));
  }
  printf("clock_getres(CLOCK_MONOTONIC, NULL) returns 0: %s\n", yesno(f(CLOCK_MONOTONIC, NULL) == 0));
  struct ts32 v;
  printf("clock_getres(INT_MAX) returns -EINVAL: %s\n", yesno(f(INT_MAX, &v) == -EINVAL));
}

static void check_getres64(gettime64_fn f) {
  for (unsigned i = 0; i < NCLOCKS; i++) {
    struct ts64 s = {-1, -1}, v = {-2, -2};
    long rs = syscall(SYS_clock_getres_time64, CLOCKS[i].id, &s);
    int rv = f(CLOCKS[i].id, &v);
    printf("clock_getres_time64(%s): returns 0: %s, equals the syscall's: %s\n", CLOCKS[i].name,
           yesno(rs == 0 && rv == 0), yesno(s.sec == v.sec && s.nsec == v.nsec));
  }
  printf("clock_getres_time64(CLOCK_MONOTONIC, NULL) returns 0: %s\n", yesno(f(CLOCK_MONOTONIC, NULL) == 0));
  struct ts64 v;
  printf("clock_getres_time64(INT_MAX) returns -EINVAL: %s\n", yesno(f(INT_MAX, &v) == -EINVAL));
}

static void check_getcpu(getcpu_fn f) {
  unsigned cpu = 0xdeadbeef, node = 0xdeadbeef, scpu = 0xdeadbeef;
  int r = f(&cpu, &node, NULL);
  long rs = syscall(SYS_getcpu, &scpu, NULL, NULL);
  int glibc = sched_getcpu();
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  printf("getcpu: returns 0: %s, cpu equals sched_getcpu(): %s, cpu equals the getcpu syscall's: %s, "
         "cpu < online CPUs: %s, node 0: %s\n", yesno(r == 0), yesno(glibc >= 0 && cpu == (unsigned)glibc),
         yesno(rs == 0 && cpu == scpu), yesno(online > 0 && cpu < (unsigned long)online), yesno(node == 0));
  printf("getcpu(NULL, NULL, NULL) returns 0: %s\n", yesno(f(NULL, NULL, NULL) == 0));
}

static int map_bit(const uint32_t *map, unsigned n) { return (map[n >> 5] & (0x80000000u >> (n & 31))) != 0; }

static int is_enosys(unsigned nr) {
  errno = 0;
  long r = syscall(nr, -1L, -1L, -1L, -1L, -1L, -1L);
  return r == -1 && errno == ENOSYS;
}

static void check_syscall_map(syscall_map_fn f) {
  unsigned count = 0;
  const uint32_t *map = f(&count);
  const uint32_t *again = f(NULL);
  printf("get_syscall_map: count >= 440: %s, same map without a count pointer: %s\n", yesno(count >= 440),
         yesno(map == again));
  /* The map is in [vvar], the page below the image (reference §4.3), and must hold `count` bits. */
  int in_vvar = count < 4096 * 8 && (uintptr_t)map >= img.base - 4096 && (uintptr_t)map % 4 == 0 &&
                (uintptr_t)map + (count + 31) / 32 * 4 <= img.base;
  printf("get_syscall_map: the map lies in the page below the vDSO: %s\n", yesno(in_vvar));
  if (!in_vvar) return;
  printf("get_syscall_map: write (4004) set: %s, openat (4288) set: %s, exit_group (4246) set: %s\n",
         yesno(map_bit(map, SYS_write - 4000)), yesno(map_bit(map, SYS_openat - 4000)),
         yesno(map_bit(map, SYS_exit_group - 4000)));
  /* An unimplemented number, found by asking the kernel, from the top of the table down. */
  unsigned unimplemented = 0;
  for (unsigned n = count; n-- > 0 && unimplemented == 0;)
    if (is_enosys(4000 + n)) unimplemented = 4000 + n;
  printf("get_syscall_map: some number gives ENOSYS: %s, its bit is clear: %s\n", yesno(unimplemented != 0),
         yesno(unimplemented != 0 && !map_bit(map, unimplemented - 4000)));
  /* Every number the map calls unimplemented really is. */
  int clear = 0, all_enosys = 1;
  for (unsigned n = 0; n < count; n++) {
    if (map_bit(map, n)) continue;
    clear++;
    if (!is_enosys(4000 + n)) {
      all_enosys = 0;
      fprintf(stderr, "syscall %u: bit clear but not ENOSYS\n", 4000 + n);
    }
  }
  printf("get_syscall_map: every clear bit is an ENOSYS syscall: %s (some clear: %s)\n", yesno(all_enosys),
         yesno(clear > 0));
}

/* li $v0, N; jr $ra; nop */
static void write_function(volatile uint32_t *code, unsigned n) {
  code[0] = 0x24020000u | n;
  code[1] = 0x03e00008u;
  code[2] = 0;
}

/* fn() called 5000 times: its value if every call agreed, else -1. */
static int call_many(int (*fn)(void)) {
  int first = fn();
  for (int i = 1; i < 5000; i++)
    if (fn() != first) return -1;
  return first;
}

static void check_sync_dicache(sync_dicache_fn f) {
  void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("sync_dicache: RWX page: %s\n", yesno(page != MAP_FAILED));
  if (page == MAP_FAILED) return;
  volatile uint32_t *code = (volatile uint32_t *)page + 100; /* not at the page start, not line aligned */
  int (*fn)(void) = (int (*)(void))(uintptr_t)code;
  /* Each version runs many times, so that an emulator that compiles hot code has compiled it before the rewrite. */
  write_function(code, 41);
  int r1 = f((void *)code, (void *)(code + 3));
  int v1 = call_many(fn);
  write_function(code, 42);
  int r2 = f((void *)code, (void *)(code + 3));
  int v2 = call_many(fn);
  printf("sync_dicache: returns 0: %s\n", yesno(r1 == 0 && r2 == 0));
  printf("sync_dicache: new code runs: returned %d\n", v1);
  printf("sync_dicache: rewritten code runs: returned %d\n", v2);
  if (v1 != 41 || v2 != 42) failures++;
  printf("sync_dicache(p, p) returns 0: %s\n", yesno(f(page, page) == 0));
  munmap(page, 4096);
}

int main(int argc, char **argv) {
  int extensions = argc > 1 && strcmp(argv[1], "extensions") == 0;
  uintptr_t base = getauxval(AT_SYSINFO_EHDR);
  if (base == 0) {
    printf("no vDSO\n");
    return 0;
  }
  if (!parse(base)) {
    printf("the image cannot be searched\n");
    return 1;
  }

  gettime32_fn gettime32 = (gettime32_fn)report("__vdso_clock_gettime");
  gettime64_fn gettime64 = (gettime64_fn)report("__vdso_clock_gettime64");
  gettimeofday_fn gettimeofday_ = (gettimeofday_fn)report("__vdso_gettimeofday");
  gettime32_fn getres32 = (gettime32_fn)report("__vdso_clock_getres");
  /* The trampolines are local (reference §4.1 "local: *"): not in the dynamic symbol table. */
  const char *locals[] = {"__vdso_rt_sigreturn", "__vdso_sigreturn"};
  for (unsigned i = 0; i < 2; i++) printf("%s not exported: %s\n", locals[i], yesno(lookup(locals[i]) == NULL));
  /* A name that is nowhere, and a right name under the wrong case. */
  printf("__vdso_time not exported: %s\n", yesno(lookup("__vdso_time") == NULL));
  printf("__VDSO_CLOCK_GETTIME not exported: %s\n", yesno(lookup("__VDSO_CLOCK_GETTIME") == NULL));

  gettime64_fn getres64 = NULL;
  getcpu_fn getcpu_ = NULL;
  syscall_map_fn syscall_map = NULL;
  sync_dicache_fn sync_dicache = NULL;
  if (extensions) {
    getres64 = (gettime64_fn)report("__vdso_clock_getres_time64");
    getcpu_ = (getcpu_fn)report("__vdso_getcpu");
    syscall_map = (syscall_map_fn)report("__vdso_get_syscall_map");
    sync_dicache = (sync_dicache_fn)report("__vdso_sync_dicache");
    const char *variants[] = {"__vdso_sync_dicache_synci", "__vdso_sync_dicache_coherent"};
    for (unsigned i = 0; i < 2; i++) printf("%s not exported: %s\n", variants[i], yesno(lookup(variants[i]) == NULL));
  }

  if (gettime64) check_gettime64(gettime64);
  if (gettime32) check_gettime32(gettime32);
  if (gettimeofday_) check_gettimeofday(gettimeofday_);
  if (getres32) check_getres32(getres32);
  if (getres64) check_getres64(getres64);
  if (getcpu_) check_getcpu(getcpu_);
  if (syscall_map) check_syscall_map(syscall_map);
  if (sync_dicache) check_sync_dicache(sync_dicache);
  return failures ? 1 : 0;
}
