// Error numbers of the MIPS o32 Linux ABI.
//
// MIPS keeps the common numbers 1..34 but numbers everything above 34 its own
// way (ENOSYS is 89, ELOOP 90, ETIMEDOUT 145, EDQUOT 1133), so none of the
// generic Linux tables can be reused. Values: arch/mips/include/uapi/asm/errno.h
// and asm-generic/errno-base.h, checked by test/abi/abi.test.ts against
// Debian's mipsel cross headers.

/** errno values as user space sees them (a failed syscall returns v0 = errno, a3 = 1). */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  ENOTBLK: 15,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  ETXTBSY: 26,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EMLINK: 31,
  EPIPE: 32,
  EDOM: 33,
  ERANGE: 34,
  // From here on MIPS differs from every other Linux port.
  ENOMSG: 35,
  EIDRM: 36,
  ECHRNG: 37,
  EL2NSYNC: 38,
  EL3HLT: 39,
  EL3RST: 40,
  ELNRNG: 41,
  EUNATCH: 42,
  ENOCSI: 43,
  EL2HLT: 44,
  EDEADLK: 45,
  ENOLCK: 46,
  EBADE: 50,
  EBADR: 51,
  EXFULL: 52,
  ENOANO: 53,
  EBADRQC: 54,
  EBADSLT: 55,
  EDEADLOCK: 56, // a distinct number on MIPS, not an alias of EDEADLK
  EBFONT: 59,
  ENOSTR: 60,
  ENODATA: 61,
  ETIME: 62,
  ENOSR: 63,
  ENONET: 64,
  ENOPKG: 65,
  EREMOTE: 66,
  ENOLINK: 67,
  EADV: 68,
  ESRMNT: 69,
  ECOMM: 70,
  EPROTO: 71,
  EDOTDOT: 73,
  EMULTIHOP: 74,
  EBADMSG: 77,
  ENAMETOOLONG: 78,
  EOVERFLOW: 79,
  ENOTUNIQ: 80,
  EBADFD: 81,
  EREMCHG: 82,
  ELIBACC: 83,
  ELIBBAD: 84,
  ELIBSCN: 85,
  ELIBMAX: 86,
  ELIBEXEC: 87,
  EILSEQ: 88,
  ENOSYS: 89,
  ELOOP: 90,
  ERESTART: 91,
  ESTRPIPE: 92,
  ENOTEMPTY: 93,
  EUSERS: 94,
  ENOTSOCK: 95,
  EDESTADDRREQ: 96,
  EMSGSIZE: 97,
  EPROTOTYPE: 98,
  ENOPROTOOPT: 99,
  EPROTONOSUPPORT: 120,
  ESOCKTNOSUPPORT: 121,
  EOPNOTSUPP: 122,
  EPFNOSUPPORT: 123,
  EAFNOSUPPORT: 124,
  EADDRINUSE: 125,
  EADDRNOTAVAIL: 126,
  ENETDOWN: 127,
  ENETUNREACH: 128,
  ENETRESET: 129,
  ECONNABORTED: 130,
  ECONNRESET: 131,
  ENOBUFS: 132,
  EISCONN: 133,
  ENOTCONN: 134,
  EUCLEAN: 135,
  ENOTNAM: 137,
  ENAVAIL: 138,
  EISNAM: 139,
  EREMOTEIO: 140,
  EINIT: 141,
  EREMDEV: 142,
  ESHUTDOWN: 143,
  ETOOMANYREFS: 144,
  ETIMEDOUT: 145,
  ECONNREFUSED: 146,
  EHOSTDOWN: 147,
  EHOSTUNREACH: 148,
  EALREADY: 149,
  EINPROGRESS: 150,
  ESTALE: 151,
  ECANCELED: 158,
  ENOMEDIUM: 159,
  EMEDIUMTYPE: 160,
  ENOKEY: 161,
  EKEYEXPIRED: 162,
  EKEYREVOKED: 163,
  EKEYREJECTED: 164,
  EOWNERDEAD: 165,
  ENOTRECOVERABLE: 166,
  ERFKILL: 167,
  EHWPOISON: 168,
  EDQUOT: 1133,
  // Aliases come last so that errnoName() prefers the primary names.
  EWOULDBLOCK: 11,
  ENOTSUP: 122,
} as const;

export type ErrnoName = keyof typeof Errno;

/**
 * Kernel-internal "restart" codes (include/linux/errno.h). A syscall returns
 * them to ask the signal code to restart it or turn it into EINTR; they must
 * never reach user space (reference §3.6).
 */
export const KernelErrno = {
  ERESTARTSYS: 512,
  ERESTARTNOINTR: 513,
  ERESTARTNOHAND: 514,
  ENOIOCTLCMD: 515,
  ERESTART_RESTARTBLOCK: 516,
} as const;

/**
 * The largest errno (EMAXERRNO in arch/mips/include/asm/errno.h). The o32
 * syscall exit treats a result as an error only if it lies in [-1133, -1],
 * not in the generic [-4095, -1].
 */
export const MAX_ERRNO = 1133;

const NAME_BY_NUMBER: ReadonlyMap<number, string> = (() => {
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(Errno)) {
    if (!names.has(value)) names.set(value, name);
  }
  for (const [name, value] of Object.entries(KernelErrno)) names.set(value, name);
  return names;
})();

/**
 * "ENOENT" for 2; aliases resolve to the primary name (11 is "EAGAIN"), and the
 * kernel-internal restart codes to their names (512 is "ERESTARTSYS").
 */
export function errnoName(e: number): string | undefined {
  return NAME_BY_NUMBER.get(e);
}
