/** The host's standard streams as guest files: fds 0, 1 and 2 of the first process. */
import type { HostFs, HostStat, HostStream } from '../../host/host.js';
import { Errno } from '../../abi/errno.js';
import { DEFAULT_POLLMASK, OpenFile, type GuestIo } from './file.js';
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

  /**
   * Always readable and writable. The host's streams are used synchronously: a read of the host's stdin that
   * finds nothing there blocks the whole emulator (every guest thread) until the host delivers data or EOF, and a
   * write never waits either; so no guest operation on these files ever sleeps in the guest kernel, and poll and
   * select report them ready at once (as Linux reports a file that never makes its caller wait), never watch them.
   */
  override poll(): number {
    return DEFAULT_POLLMASK;
  }

  override get isTerminal(): boolean {
    return this.stream.isTTY;
  }

  override ioctl(request: number, arg: number, io: GuestIo): number {
    if (!this.stream.isTTY) return -Errno.ENOTTY;
    return terminalIoctl(request, arg, io, this.stream.windowSize?.());
  }
}
