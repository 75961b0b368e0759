/**
 * A read-only file whose contents are generated when it is opened (/proc/cpuinfo, /proc/self/maps ...): the
 * snapshot is what a seq_file shows a reader who reads it in one go. Seeking follows seq_lseek (SEEK_SET and
 * SEEK_CUR only) unless the file has a nominal size, as a sysfs attribute does (generic_file_llseek: SEEK_END
 * is relative to it).
 */
import { Errno } from '../../abi/errno.js';
import { SEEK } from '../../abi/flags.js';
import type { HostStat } from '../../host/host.js';
import { OpenFile } from './file.js';

export class VirtualFile extends OpenFile {
  private position = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly attributes: () => HostStat,
    statusFlags: number,
    guestPath: string,
    private readonly nominalSize?: number,
  ) {
    super(statusFlags);
    this.guestPath = guestPath;
  }

  override read(buf: Uint8Array): number {
    const n = this.pread(buf, this.position);
    this.position += n;
    return n;
  }

  unread(tail: Uint8Array): void {
    this.position = Math.max(0, this.position - tail.length);
  }

  override pread(buf: Uint8Array, position: number): number {
    if (position >= this.bytes.length) return 0;
    const n = Math.min(buf.length, this.bytes.length - position);
    buf.set(this.bytes.subarray(position, position + n));
    return n;
  }

  override write(_data: Uint8Array): number {
    return -Errno.EIO;
  }

  override seek(offset: number, whence: number): number {
    let target: number;
    if (whence === SEEK.SET) target = offset;
    else if (whence === SEEK.CUR) target = this.position + offset;
    else if (whence === SEEK.END && this.nominalSize !== undefined) target = this.nominalSize + offset;
    else return -Errno.EINVAL;
    if (target < 0) return -Errno.EINVAL;
    this.position = target;
    return target;
  }

  override stat(): HostStat {
    return this.attributes();
  }
}
