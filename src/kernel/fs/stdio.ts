/**
 * The host's standard streams that are not regular files (pipes, terminals, sockets, devices) as guest files:
 * fds 0, 1 and 2 of the first process. Regular files are files to the guest (standard-file.ts).
 *
 * Reading: a host stream that can be read without waiting (`HostStream.readNow`: pipes and terminals under Node)
 * behaves like a pipe — a read that finds nothing puts the guest thread to sleep (the host and the other threads
 * go on), woken through the kernel's HostInputWatcher when input or end of file arrives; poll and select see
 * whether input is there. Other streams are read directly.
 */
import type { HostFs, HostStat, HostStream } from '../../host/host.js';
import { Errno } from '../../abi/errno.js';
import { O, POLL } from '../../abi/flags.js';
import { DEFAULT_POLLMASK, OpenFile, WOULD_BLOCK, type GuestIo } from './file.js';
import type { HostInputWatcher } from './host-input.js';
import type { FileWaiter } from '../wait.js';
import { terminalIoctl, type TerminalState } from './terminal.js';

/** Bytes fetched from the host at once, kept until the guest reads them. */
const CHUNK = 4096;

export class StdioFile extends OpenFile {
  /** Input fetched from the host but not yet read by the guest; `eof` once the host reported end of file. */
  private pending = new Uint8Array(0);
  private eof = false;

  constructor(private readonly stream: HostStream, private readonly hostFd: number, private readonly hostFs: HostFs, flags: number,
    /** The settings of the host's terminal as the guest sees them (one per machine, shared by every stream). */
    private readonly tty: TerminalState,
    private readonly watcher?: HostInputWatcher) {
    super(flags);
  }

  /** Reads the host without waiting (when the stream allows): true if a guest read would not wait now. */
  private fetch(): boolean {
    if (this.pending.length > 0 || this.eof) return true;
    const chunk = new Uint8Array(CHUNK);
    const n = this.stream.readNow!(chunk);
    if (n === undefined) return false;
    if (n === 0) this.eof = true;
    else this.pending = chunk.subarray(0, n);
    return true;
  }

  private get waitable(): boolean {
    return this.stream.readNow !== undefined && this.watcher !== undefined;
  }

  override read(buf: Uint8Array): number {
    try {
      if (!this.waitable) return this.stream.read(buf);
      if (!this.fetch()) return (this.statusFlags & O.NONBLOCK) !== 0 ? -Errno.EAGAIN : WOULD_BLOCK;
      if (this.pending.length === 0) return 0; // end of file
      const n = Math.min(buf.length, this.pending.length);
      buf.set(this.pending.subarray(0, n));
      this.pending = this.pending.subarray(n);
      return n;
    } catch {
      return -Errno.EIO;
    }
  }

  override whenReady(waiter: FileWaiter): void {
    if (this.waitable) this.watcher!.watch(this, waiter);
  }

  override unwatch(waiter: FileWaiter): void {
    this.watcher?.forget(waiter);
  }

  /** True when a read would not wait now (input or end of file is there); a failing host counts as ready. */
  inputReady(): boolean {
    try { return this.fetch(); } catch { return true; }
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
   * Output streams never make a writer wait (the host's write completes before returning). An input stream that
   * can be watched is readable when input or end of file is there; one that cannot is always reported ready (as
   * Linux reports a file that never makes its caller wait).
   */
  override poll(): number {
    if (!this.waitable || (this.statusFlags & O.ACCMODE) === O.WRONLY) return DEFAULT_POLLMASK;
    let ready: boolean;
    try { ready = this.fetch(); } catch { ready = true; }
    if (!ready) return 0;
    // A pipe whose writers are all gone, drained: pipe_poll reports only POLLHUP.
    if (this.eof && this.pending.length === 0 && this.isFifo()) return POLL.HUP;
    return POLL.IN | POLL.RDNORM;
  }

  private isFifo(): boolean {
    const st = this.stat();
    return typeof st !== 'number' && (st.mode & 0o170000) === 0o010000;
  }

  override get isTerminal(): boolean {
    return this.stream.isTTY;
  }

  override ioctl(request: number, arg: number, io: GuestIo): number {
    if (!this.stream.isTTY) return -Errno.ENOTTY;
    return terminalIoctl(request, arg, io, this.stream.windowSize?.(), { tty: this.tty });
  }
}
