/** The host's standard streams as guest files: fds 0, 1 and 2 of the first process. */
import type { HostFs, HostStat, HostStream } from '../../host/host.js';
import { Errno } from '../../abi/errno.js';
import { OpenFile, type GuestIo } from './file.js';
import { terminalIoctl } from './terminal.js';

export class StdioFile extends OpenFile {
  constructor(private readonly stream: HostStream, private readonly hostFd: number, private readonly hostFs: HostFs, flags: number) {
    super(flags);
  }

  override read(buf: Uint8Array): number {
    try { return this.stream.read(buf); } catch { return -Errno.EIO; }
  }

  override write(data: Uint8Array): number {
    try { return this.stream.write(data); } catch (e) {
      return (e as { code?: string }).code === 'EPIPE' ? -Errno.EPIPE : -Errno.EIO;
    }
  }

  override stat(): HostStat | number {
    try { return this.hostFs.fstat(this.hostFd); } catch { return -Errno.EBADF; }
  }

  override get isTerminal(): boolean {
    return this.stream.isTTY;
  }

  override ioctl(request: number, arg: number, io: GuestIo): number {
    if (!this.stream.isTTY) return -Errno.ENOTTY;
    return terminalIoctl(request, arg, io, this.stream.windowSize?.());
  }
}
