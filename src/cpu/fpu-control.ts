/** The FPU control registers as cfc1/ctc1 see them: shared by the interpreter and the block compiler. */

/** cfc1: FIR, the FCSR views FCCR/FEXR/FENR (Release 2), and FCSR itself. */
export function readFpuControl(fcsr: number, fir: number, reg: number): number {
  switch (reg) {
    case 0: return fir;
    case 25: return ((fcsr >>> 24) & 0xfe) | ((fcsr >>> 23) & 1);
    case 26: return fcsr & 0x0003f07c;
    case 28: return (fcsr & 0x00000f83) | ((fcsr >>> 22) & 4);
    case 31: return fcsr;
    default: return 0;
  }
}

/** ctc1: the new FCSR value after writing one of the control registers. */
export function mergeFpuControl(fcsr: number, reg: number, v: number): number {
  switch (reg) {
    case 25: return (fcsr & ~0xfe800000) | ((v & 0xfe) << 24) | ((v & 1) << 23);
    case 26: return (fcsr & ~0x0003f07c) | (v & 0x0003f07c);
    case 28: return (fcsr & ~0x01000f83) | (v & 0x00000f83) | ((v & 4) << 22);
    case 31: return v;
    default: return fcsr;
  }
}
