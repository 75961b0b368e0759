/** The architectural state of one hardware thread: what a context switch saves and restores. */
import { FpuState } from '../fpu/state.js';

/** Indices of HI and LO in the register file, right after the 32 GPRs. */
export const HI = 32;
export const LO = 33;

export class CpuState {
  /** 32 general-purpose registers, then HI and LO. $0 always reads 0. */
  readonly r = new Int32Array(34);
  pc = 0;
  readonly fpu = new FpuState();
  /** Status.CU1: while false, every FPU instruction raises Coprocessor Unusable(1). */
  cu1 = false;
  /** CP0 UserLocal, read by `rdhwr $29`: the TLS pointer set by set_thread_area. */
  userLocal = 0;

  copyFrom(other: CpuState): void {
    this.r.set(other.r);
    this.pc = other.pc;
    this.fpu.copyFrom(other.fpu);
    this.cu1 = other.cu1;
    this.userLocal = other.userLocal;
  }
}
