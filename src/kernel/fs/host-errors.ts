/**
 * Turning a failed host call into the errno a Linux guest would see. Host errors carry the POSIX name of the
 * error ('ENOENT', 'ENOTEMPTY' ...); names are the same on every Linux port but numbers are not (ENOTEMPTY is
 * 39 on x86 and 93 on MIPS), so the translation goes through the name, never the host's number.
 */
import { Errno, type ErrnoName } from '../../abi/errno.js';

function isErrnoName(code: string): code is ErrnoName {
  return Object.prototype.hasOwnProperty.call(Errno, code);
}

/** The negative MIPS errno for a thrown host error; EIO for names the guest ABI has no number for. */
export function hostErrno(e: unknown): number {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    // Not a host error at all (a TypeError, say): a Trapgate bug that must stay visible, not become EIO.
    throw e;
  }
  return isErrnoName(code) ? -Errno[code] : -Errno.EIO;
}

/** Runs a host operation and returns its result, or the negative errno it failed with. */
export function hostCall<T>(op: () => T): T | number {
  try {
    return op();
  } catch (e) {
    return hostErrno(e);
  }
}
