/**
 * Errors thrown by the in-memory file systems, shaped like Node's fs errors (an Error with a POSIX `code`), so the
 * kernel's host-errors mapping treats them exactly as it treats the Node host's.
 */
import type { HostError } from './host.js';

export type FsErrorCode =
  | 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'ELOOP' | 'EBADF' | 'EINVAL' | 'EPERM'
  | 'EBUSY' | 'ENAMETOOLONG' | 'EFBIG' | 'EXDEV' | 'EACCES';

export class FsError extends Error implements HostError {
  constructor(readonly code: FsErrorCode, syscall: string, path?: string) {
    super(`${code}: ${syscall}${path === undefined ? '' : ` '${path}'`}`);
    this.name = 'FsError';
  }
}

/** The POSIX code of a thrown host error, or undefined for anything else. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
