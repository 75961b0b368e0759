/**
 * The first process's fds 0-2: the host's standard streams. A stream that is a regular file (`prog < in > out`)
 * is a file to the guest like any other — lseek, pread, mmap, fstat, writes at the file position — as on Linux and
 * qemu-user; pipes and terminals are StdioFiles (stdio.ts), whose reads can wait in the guest.
 */
import type { Host, HostFs, HostStreamFile } from '../../host/host.js';
import { O } from '../../abi/flags.js';
import type { OpenFile } from './file.js';
import { HostFile } from './host-file.js';
import { hostCall } from './host-errors.js';
import type { HostInputWatcher } from './host-input.js';
import type { PageCache } from './page-cache.js';
import { StdioFile } from './stdio.js';
import type { TerminalState } from './terminal.js';

/**
 * A host standard stream that is a regular file. Its file position starts at the offset of the host's
 * description, which the shell that opened it shares (`{ prog; cat; } < in`). Reads and writes at the point
 * the host's offset has reached go through that offset, so it moves along as on Linux; after a seek the kernel
 * reads and writes at its own position (Node cannot move a descriptor's offset, so the shell then sees the offset
 * of the last sequential transfer).
 */
export class StandardFile extends HostFile {
  /** Where the host description's offset is, as far as this file moved it. */
  private hostOffset: number;

  constructor(fs: HostFs, stream: HostStreamFile, pageCache: PageCache) {
    const access = stream.readable && stream.writable ? O.RDWR : stream.writable ? O.WRONLY : O.RDONLY;
    // No host path: the guest got the file as a descriptor only, so nothing reopens it by name (utimes, a shared
    // mapping's page cache: those fail with ENOENT), and /proc/self/fd shows no guest path for it.
    super(fs, stream.fd, '', access | (stream.append ? O.APPEND : 0), undefined, pageCache);
    this.position = stream.offset;
    this.hostOffset = stream.offset;
  }

  protected override hostOffsetOfPosition(): number | null {
    return this.position === this.hostOffset ? null : this.position;
  }

  protected override advance(n: number): void {
    if (this.position === this.hostOffset) this.hostOffset += n;
    this.position += n;
  }

  /** The host's standard descriptor stays open: Trapgate itself writes to it, and fd 0 must not be reused. */
  override release(): void {}
}

/**
 * The open files of fds 0, 1 and 2. Two streams on one host description (`> out 2>&1`: same file, offset and
 * flags) share one open file, so that their writes follow each other instead of overwriting each other.
 */
export function standardStreams(host: Host, input: HostInputWatcher, pageCache: PageCache, terminal: TerminalState): OpenFile[] {
  const regular: Array<{ key: string; file: StandardFile }> = [];
  return [host.stdin, host.stdout, host.stderr].map((stream, fd): OpenFile => {
    const asFile = stream.regularFile?.();
    if (!asFile) return fd === 0 ? new StdioFile(stream, 0, host.fs, O.RDONLY, terminal, input) : new StdioFile(stream, fd, host.fs, O.WRONLY, terminal);
    const st = hostCall(() => host.fs.fstat(asFile.fd));
    const key = typeof st === 'number' ? `fd ${fd}`
      : `${st.dev}:${st.ino}:${asFile.offset}:${asFile.append}:${asFile.readable}:${asFile.writable}`;
    const same = regular.find((r) => r.key === key);
    if (same) {
      same.file.refs++;
      return same.file;
    }
    const file = new StandardFile(host.fs, asFile, pageCache);
    regular.push({ key, file });
    return file;
  });
}
