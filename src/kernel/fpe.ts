/** The SIGFPE si_code for a floating-point exception, from the FCSR cause bits (traps.c force_fcr31_sig order). */
import { FPE } from '../abi/signals.js';

const CAUSE_INVALID = 0x10000;
const CAUSE_DIVZERO = 0x08000;
const CAUSE_OVERFLOW = 0x04000;
const CAUSE_UNDERFLOW = 0x02000;
const CAUSE_INEXACT = 0x01000;

export function fpeCode(fcsr: number): number {
  if (fcsr & CAUSE_INVALID) return FPE.FLTINV;
  if (fcsr & CAUSE_DIVZERO) return FPE.FLTDIV;
  if (fcsr & CAUSE_OVERFLOW) return FPE.FLTOVF;
  if (fcsr & CAUSE_UNDERFLOW) return FPE.FLTUND;
  if (fcsr & CAUSE_INEXACT) return FPE.FLTRES;
  return FPE.FLTUNK;
}
