/**
 * The terminal ioctls of a tty (drivers/tty/tty_io.c tty_ioctl, tty_ioctl.c tty_mode_ioctl, n_tty.c): termios
 * get/set, window size, foreground process group, and the requests a tty accepts without effect here. The
 * host's terminal does the real line discipline; the guest gets a consistent view of the settings it made.
 */
import { Errno } from '../../abi/errno.js';
import { CFLAG, IFLAG, IOCTL, LFLAG, NCCS, OFLAG, TC, VCC } from '../../abi/flags.js';
import { Termios, Termios2, Winsize } from '../../abi/layouts.js';
import { StructReader, StructWriter } from '../syscalls/guest-struct.js';
import type { GuestIo } from './file.js';

/** Baud rate that goes with CFLAG.B38400 (termios2 c_ispeed/c_ospeed). */
const DEFAULT_SPEED = 38400;

/** The settings of one terminal. Termios belongs to the tty, not to a descriptor: every fd naming it shares them. */
export class TerminalState {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line = 0;
  readonly cc = new Uint8Array(NCCS);
  /** Set by TIOCSWINSZ; until then the host's size is reported. */
  windowSize: { rows: number; columns: number; xpixel: number; ypixel: number } | undefined;

  constructor() {
    // A pseudo-terminal slave as the kernel initialises it: tty_std_termios (drivers/tty/tty_io.c) with the
    // pts driver's c_cflag = B38400 | CS8 | CREAD (drivers/tty/pty.c, no HUPCL). Cooked mode, echo, signals.
    this.iflag = IFLAG.ICRNL | IFLAG.IXON;
    this.oflag = OFLAG.OPOST | OFLAG.ONLCR;
    this.cflag = CFLAG.B38400 | CFLAG.CS8 | CFLAG.CREAD;
    this.lflag = LFLAG.ISIG | LFLAG.ICANON | LFLAG.ECHO | LFLAG.ECHOE | LFLAG.ECHOK | LFLAG.ECHOCTL
      | LFLAG.ECHOKE | LFLAG.IEXTEN;
    // INIT_C_CC of MIPS (arch/mips/include/asm/termios.h): ^C ^\ DEL ^U, VMIN 1, ^Q ^S ^Z ^R ^O ^W ^V ^D.
    const ctrl = (letter: string) => letter.charCodeAt(0) & 0x1f;
    this.cc[VCC.VINTR] = ctrl('C');
    this.cc[VCC.VQUIT] = ctrl('\\');
    this.cc[VCC.VERASE] = 0x7f;
    this.cc[VCC.VKILL] = ctrl('U');
    this.cc[VCC.VMIN] = 1;
    this.cc[VCC.VTIME] = 0;
    this.cc[VCC.VSTART] = ctrl('Q');
    this.cc[VCC.VSTOP] = ctrl('S');
    this.cc[VCC.VSUSP] = ctrl('Z');
    this.cc[VCC.VREPRINT] = ctrl('R');
    this.cc[VCC.VDISCARD] = ctrl('O');
    this.cc[VCC.VWERASE] = ctrl('W');
    this.cc[VCC.VLNEXT] = ctrl('V');
    this.cc[VCC.VEOF] = ctrl('D');
  }
}

/** What job-control requests need to know about the calling process. */
export interface JobControl {
  pgrp: number;
  sid: number;
  /** TIOCSPGRP: 0, or a negative errno when the group cannot become the foreground group. */
  setForeground?(pgrp: number): number;
}

export interface TerminalOptions {
  /** The terminal's settings (the machine's Kernel.terminal for the host's terminal). */
  tty: TerminalState;
  job?: JobControl;
}

/** Requests that concern the process (its group, its session) rather than the stream: the syscall layer answers them. */
export const JOB_CONTROL_REQUESTS: ReadonlySet<number> = new Set([
  IOCTL.TIOCGPGRP, IOCTL.TIOCSPGRP, IOCTL.TIOCGSID, IOCTL.TIOCSCTTY, IOCTL.TIOCNOTTY,
]);

function writeTermios(io: GuestIo, addr: number, t: TerminalState, withSpeeds: boolean): void {
  const layout = withSpeeds ? Termios2 : Termios;
  const w = new StructWriter(layout.size)
    .u32(layout.c_iflag, t.iflag).u32(layout.c_oflag, t.oflag).u32(layout.c_cflag, t.cflag).u32(layout.c_lflag, t.lflag)
    .u8(layout.c_line, t.line);
  w.bytes.set(t.cc, layout.c_cc);
  if (withSpeeds) w.u32(Termios2.c_ispeed, DEFAULT_SPEED).u32(Termios2.c_ospeed, DEFAULT_SPEED);
  io.write(addr, w.bytes);
}

function readTermios(io: GuestIo, addr: number, t: TerminalState, withSpeeds: boolean): void {
  const layout = withSpeeds ? Termios2 : Termios;
  const bytes = io.read(addr, layout.size);
  const r = new StructReader(bytes);
  t.iflag = r.u32(layout.c_iflag);
  t.oflag = r.u32(layout.c_oflag);
  t.cflag = r.u32(layout.c_cflag);
  t.lflag = r.u32(layout.c_lflag);
  t.line = bytes[layout.c_line]!;
  t.cc.set(bytes.subarray(layout.c_cc, layout.c_cc + NCCS));
}

function readInt(io: GuestIo, addr: number): number {
  return new StructReader(io.read(addr, 4)).i32(0);
}

function writeInt(io: GuestIo, addr: number, v: number): void {
  io.write(addr, new StructWriter(4).i32(0, v).bytes);
}

/**
 * One ioctl on a terminal. `arg` is the raw guest argument (usually a user pointer); guest memory is reached
 * through `io`, whose faults the syscall layer turns into EFAULT. Unknown requests give ENOTTY, as tty_ioctl
 * turns the line discipline's ENOIOCTLCMD into ENOTTY.
 */
export function terminalIoctl(
  request: number, arg: number, io: GuestIo, windowSize: { rows: number; columns: number } | undefined, options: TerminalOptions,
): number {
  const tty = options.tty;
  const addr = arg >>> 0;
  switch (request >>> 0) {
    case IOCTL.TCGETS:
      writeTermios(io, addr, tty, false);
      return 0;
    case IOCTL.TCGETS2:
      writeTermios(io, addr, tty, true);
      return 0;
    case IOCTL.TCSETS:
    case IOCTL.TCSETSW:
    case IOCTL.TCSETSF:
      // The W/F variants drain output / flush input first; the host terminal has nothing queued on our side.
      readTermios(io, addr, tty, false);
      return 0;
    case IOCTL.TCSETS2:
    case IOCTL.TCSETSW2:
    case IOCTL.TCSETSF2:
      readTermios(io, addr, tty, true);
      return 0;
    case IOCTL.TIOCGWINSZ: {
      const size = tty.windowSize ?? { rows: windowSize?.rows ?? 0, columns: windowSize?.columns ?? 0, xpixel: 0, ypixel: 0 };
      io.write(addr, new StructWriter(Winsize.size).u16(Winsize.ws_row, size.rows).u16(Winsize.ws_col, size.columns)
        .u16(Winsize.ws_xpixel, size.xpixel).u16(Winsize.ws_ypixel, size.ypixel).bytes);
      return 0;
    }
    case IOCTL.TIOCSWINSZ: {
      const b = io.read(addr, Winsize.size);
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      tty.windowSize = {
        rows: v.getUint16(Winsize.ws_row, true), columns: v.getUint16(Winsize.ws_col, true),
        xpixel: v.getUint16(Winsize.ws_xpixel, true), ypixel: v.getUint16(Winsize.ws_ypixel, true),
      };
      return 0;
    }
    case IOCTL.FIONREAD:
    case IOCTL.TIOCOUTQ:
      // Input and output queues live in the host's terminal; nothing is buffered on Trapgate's side.
      writeInt(io, addr, 0);
      return 0;
    case IOCTL.TIOCGPGRP:
      if (!options.job) return -Errno.ENOTTY;
      writeInt(io, addr, options.job.pgrp);
      return 0;
    case IOCTL.TIOCGSID:
      if (!options.job) return -Errno.ENOTTY;
      writeInt(io, addr, options.job.sid);
      return 0;
    case IOCTL.TIOCSPGRP: {
      if (!options.job) return -Errno.ENOTTY;
      const pgrp = readInt(io, addr);
      if (pgrp < 0) return -Errno.EINVAL;
      return options.job.setForeground ? options.job.setForeground(pgrp) : (pgrp === options.job.pgrp ? 0 : -Errno.EPERM);
    }
    case IOCTL.TIOCSCTTY:
    case IOCTL.TIOCNOTTY:
      // The terminal already is the session's controlling tty; there is no other session to give it to.
      return 0;
    case IOCTL.TIOCGETD:
      writeInt(io, addr, tty.line);
      return 0;
    case IOCTL.TIOCSETD:
      // Only N_TTY (0) is available.
      return readInt(io, addr) === 0 ? 0 : -Errno.EINVAL;
    case IOCTL.TCSBRK:
    case IOCTL.TCSBRKP:
    case IOCTL.TIOCSBRK:
    case IOCTL.TIOCCBRK:
      // tcdrain/tcsendbreak: output is written through synchronously, so it is always drained.
      return 0;
    case IOCTL.TCXONC:
      // tcflow: the host terminal does the flow control; the argument is still checked as tty_ioctl does.
      return addr <= TC.ION ? 0 : -Errno.EINVAL;
    case IOCTL.TCFLSH:
      // tcflush: nothing is queued on Trapgate's side.
      return addr <= TC.IOFLUSH ? 0 : -Errno.EINVAL;
    default:
      return -Errno.ENOTTY;
  }
}
