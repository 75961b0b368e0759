/**
 * Misaligned loads and stores fixed up in the kernel (arch/mips/kernel/unaligned.c emulate_load_store_insn):
 * the access is done byte by byte, the destination register written, and the thread resumes after the
 * instruction — or after its branch, when it sat in a delay slot. Accesses the kernel does not emulate (ll/sc,
 * FPU loads and stores) stay a SIGBUS.
 */
import { GuestFault } from '../mm/address-space.js';
import { SI, Signal } from '../abi/signals.js';
import type { Kernel } from './kernel.js';
import type { Thread } from './process.js';
import { forceSignal } from './signal/send.js';

const LH = 0x21, LW = 0x23, LHU = 0x25, SH = 0x29, SW = 0x2b;

export function fixUnalignedAccess(kernel: Kernel, thread: Thread): boolean {
  const cpu = kernel.runningCpu;
  const st = thread.cpu;
  const as = thread.process.as;
  let word: number;
  try {
    word = as.readU32((cpu.epc + (cpu.inDelaySlot ? 4 : 0)) >>> 0);
  } catch {
    return false;
  }
  const opcode = word >>> 26;
  const rt = (word >>> 16) & 31;
  const addr = cpu.badVAddr >>> 0;
  try {
    switch (opcode) {
      case LH:
      case LHU: {
        const b = as.read(addr, 2);
        const v = b[0]! | (b[1]! << 8);
        if (rt !== 0) st.r[rt] = opcode === LH ? (v << 16) >> 16 : v;
        break;
      }
      case LW: {
        const v = as.readU32(addr);
        if (rt !== 0) st.r[rt] = v;
        break;
      }
      case SH: {
        const v = st.r[rt]!;
        as.write(addr, new Uint8Array([v & 255, (v >>> 8) & 255]));
        break;
      }
      case SW:
        as.writeU32(addr, st.r[rt]!);
        break;
      default:
        return false;
    }
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
    forceSignal(kernel, thread, { signo: Signal.SIGSEGV, code: SI.KERNEL, addr: 0 }); // do_ade's fault path: force_sig
    return true;
  }
  st.pc = cpu.resumePc;
  thread.retired++;
  return true;
}
