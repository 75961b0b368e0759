import { FIR_DEFAULT } from './fcsr.js';

// The double view pairs raw[2k] (low word) with raw[2k+1] (high word) only on a little-endian host.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('Trapgate FPU: a little-endian host is required for the FPR views');
}

/** Architectural FPU registers of one thread. */
export class FpuState {
  /** 32 x 32-bit FPRs, FR=0 model: a double lives in the even/odd pair (even = low word). */
  readonly raw: Int32Array;
  /** View over raw.buffer, index = register number. */
  readonly single: Float32Array;
  /** View over raw.buffer, index = register number >> 1. */
  readonly double: Float64Array;
  /** FCR31, kept as an unsigned 32-bit value. */
  fcsr = 0;
  /** FCR0: see FIR_DEFAULT for why F64 is clear. */
  fir = FIR_DEFAULT;

  constructor() {
    this.raw = new Int32Array(32);
    this.single = new Float32Array(this.raw.buffer);
    this.double = new Float64Array(this.raw.buffer);
  }

  copyFrom(other: FpuState): void {
    this.raw.set(other.raw);
    this.fcsr = other.fcsr;
    this.fir = other.fir;
  }
}
