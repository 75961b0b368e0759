/**
 * Device numbers. The host reports st_dev/st_rdev in the C library's dev_t encoding; a 32-bit Linux kernel
 * hands user space the "new" 32-bit encoding (include/linux/kdev_t.h new_encode_dev: minor's low byte, then
 * 12 bits of major, then the rest of the minor), which stat64 stores and /proc/<pid>/maps decodes.
 */

/** Major number of a host dev_t (glibc's gnu_dev_major: bits 8-19 and 32-43). */
export function majorOf(dev: number): number {
  const d = BigInt(dev);
  return Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
}

/** Minor number of a host dev_t (glibc's gnu_dev_minor: bits 0-7 and 20-31). */
export function minorOf(dev: number): number {
  const d = BigInt(dev);
  return Number((d & 0xffn) | ((d >> 12n) & 0xffffff00n));
}

/** The kernel's 32-bit encoding of (major, minor), as stat64.st_dev carries it. */
export function newEncodeDev(major: number, minor: number): number {
  return ((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

/** A host dev_t re-encoded the way a 32-bit kernel reports it. */
export function guestDev(hostDev: number): number {
  return newEncodeDev(majorOf(hostDev), minorOf(hostDev));
}
