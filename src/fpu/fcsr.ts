/**
 * FCSR (FCR31) and FIR (FCR0) layout of a MIPS32r2 FPU, legacy-NaN flavour.
 * Facts: shared/reference/linux-mips-abi.md §5.2–5.3 (Linux asm/mipsregs.h, cp1emu.c) and qemu target/mips.
 */

/** Rounding mode, FCSR bits 1:0. */
export const RM_MASK = 0x3;
export const RN = 0; // to nearest, ties to even
export const RZ = 1; // toward zero
export const RU = 2; // toward +infinity
export const RD = 3; // toward -infinity

/**
 * The five IEEE exceptions plus Unimplemented Operation, in the order the Flags (bits 6:2), Enables (11:7) and
 * Cause (17:12) fields use. Arithmetic code accumulates these small masks; fcsr positions are derived by shifting.
 */
export const X_INEXACT = 0x01;
export const X_UNDERFLOW = 0x02;
export const X_OVERFLOW = 0x04;
export const X_DIVZERO = 0x08;
export const X_INVALID = 0x10;
/** Exists only in the Cause field; it has no flag or enable bit and always traps. */
export const X_UNIMPLEMENTED = 0x20;

export const FLAGS_SHIFT = 2;
export const ENABLES_SHIFT = 7;
export const CAUSE_SHIFT = 12;
export const CAUSE_MASK = 0x3f << CAUSE_SHIFT;

/** Flush-to-zero of subnormal operands and tiny results. */
export const FS_BIT = 1 << 24;
/** NAN2008 (18), ABS2008 (19) and bits 22:20 read as fixed values; ctc1 cannot change them (qemu's
 *  fcr31_rw_bitmask 0xff83ffff for 24Kf, Linux fpu_msk31 for the emulator). Legacy NaN => NAN2008 = ABS2008 = 0. */
export const FCSR_READONLY_MASK = 0x007c0000;

/** FIR bits (FCR0). */
export const FIR_S = 1 << 16;
export const FIR_D = 1 << 17;
export const FIR_W = 1 << 20;
export const FIR_L = 1 << 21;
export const FIR_F64 = 1 << 22;
export const FIR_HAS2008 = 1 << 23;
/**
 * Default FIR: single, double, word and long formats, implementation number 0x93 (the 24Kf FPU qemu models).
 * F64 is deliberately CLEAR: this model keeps FPRs as 32-bit halves (FR=0), and Linux's arch_check_elf picks FR=1
 * for FPXX binaries exactly when FIR.F64 is set on an r2 CPU — so advertising F64 would contradict the register
 * model. HAS2008 is clear because the NaN encoding is the legacy one.
 */
export const FIR_DEFAULT = FIR_S | FIR_D | FIR_W | FIR_L | (0x93 << 8);

/** FCSR bit mask of condition code cc: cc0 is bit 23, cc1..cc7 are bits 25..31. */
export function fpConditionBit(cc: number): number {
  return (cc === 0 ? 1 << 23 : 1 << (24 + cc)) >>> 0;
}

/** True when a cause bit is set whose exception is enabled (Unimplemented is always enabled). */
export function causeIsTrapping(fcsr: number): boolean {
  const cause = (fcsr >>> CAUSE_SHIFT) & 0x3f;
  const enabled = ((fcsr >>> ENABLES_SHIFT) & 0x1f) | X_UNIMPLEMENTED;
  return (cause & enabled) !== 0;
}
