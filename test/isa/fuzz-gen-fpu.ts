/**
 * FPU instructions for the CPU fuzz test (fuzz-gen.ts), for FR=0 (the programs are FP32 binaries, so qemu-mipsel
 * runs them with FR=0 as Trapgate does): singles in any of the 32 registers, doubles in even/odd pairs, moves of
 * either half, compares into all eight condition codes, movf/movt, FCSR and its r2 views (FCCR, FEXR, FENR).
 *
 * Not generated, because qemu 7.2 and Linux differ (test/fpu/expected.ts) or qemu lacks them with FR=0:
 * - abs.fmt/neg.fmt (arithmetic under ABS2008 = 0 on Linux, a sign flip on qemu);
 * - enabled exceptions and FCSR.FS (the FCSR values written never set them, nor the always-enabled cause E);
 * - the .l formats, cvt.l, luxc1/suxc1 (qemu raises Reserved Instruction with FR=0; Linux emulates them).
 */
import { BASE, IDX, one, type Gen, type Item } from './fuzz-gen-core.js';
import { hex32 } from './insn-case.js';

const f = (r: number): string => `$f${r}`;
const CONDITIONS = ['f', 'un', 'eq', 'ueq', 'olt', 'ult', 'ole', 'ule', 'sf', 'ngle', 'seq', 'ngl', 'lt', 'nge', 'le', 'ngt'];

/** A random FCSR value with no enable, no FS and no cause E (bit 17): writing it never traps. */
export function safeFcsr(x: Gen): number {
  const rng = x.rng;
  return (rng.int(4) | (rng.int(32) << 2) | (rng.int(32) << 12) | (rng.u32() & 0xfe800000)) >>> 0;
}

export function fpuItem(x: Gen): Item {
  const rng = x.rng;
  const d = rng.chance(0.5);
  const fmt = d ? 'd' : 's';
  // FR=0: a double names an even register.
  const reg = (): string => f(d ? 2 * rng.int(16) : rng.int(32));
  const any = (): string => f(rng.int(32));
  const even = (): string => f(2 * rng.int(16));
  const b = `$${BASE}`;
  switch (rng.int(14)) {
    case 0: case 1: return one(`${rng.pick(['add', 'sub', 'mul', 'div'])}.${fmt} ${reg()}, ${reg()}, ${reg()}`);
    case 2: return one(`${rng.pick(['sqrt', 'mov', 'recip', 'rsqrt'])}.${fmt} ${reg()}, ${reg()}`);
    case 3: return one(`${rng.pick(['madd', 'msub', 'nmadd', 'nmsub'])}.${fmt} ${reg()}, ${reg()}, ${reg()}, ${reg()}`);
    case 4: {
      // Conversions between formats: the word side is any register, the double side an even one.
      const [dst, src] = rng.pick([['s', 'd'], ['d', 's'], ['s', 'w'], ['d', 'w'], ['w', 's'], ['w', 'd']] as const);
      const r = (k: string): string => (k === 'd' ? even() : any());
      const op = dst === 'w' && rng.chance(0.7) ? `${rng.pick(['round', 'trunc', 'ceil', 'floor'])}.w` : `cvt.${dst}`;
      return one(`${op}.${src} ${r(dst)}, ${r(src)}`);
    }
    case 5: case 6: return one(`c.${rng.pick(CONDITIONS)}.${fmt} $fcc${rng.int(8)}, ${reg()}, ${reg()}`);
    case 7: {
      if (rng.chance(0.5)) return one(`${rng.pick(['movf', 'movt'])}.${fmt} ${reg()}, ${reg()}, $fcc${rng.int(8)}`);
      if (rng.chance(0.5)) return one(`${rng.pick(['movz', 'movn'])}.${fmt} ${reg()}, ${reg()}, ${x.src()}`);
      return one(`${rng.pick(['movf', 'movt'])} ${x.dst()}, ${x.src()}, $fcc${rng.int(8)}`);
    }
    case 8: {
      switch (rng.int(4)) {
        case 0: return one(`mtc1 ${x.src()}, ${any()}`);
        case 1: return one(`mfc1 ${x.dst()}, ${any()}`);
        case 2: return one(`mthc1 ${x.src()}, ${even()}`);
        default: return one(`mfhc1 ${x.dst()}, ${even()}`);
      }
    }
    case 9: case 10: {
      switch (rng.int(4)) {
        case 0: return one(`lwc1 ${any()}, ${x.offset(4)}(${b})`);
        case 1: return one(`swc1 ${any()}, ${x.offset(4)}(${b})`);
        case 2: return one(`ldc1 ${even()}, ${x.offset(8)}(${b})`);
        default: return one(`sdc1 ${even()}, ${x.offset(8)}(${b})`);
      }
    }
    case 11: {
      const idx = `$${IDX}(${b})`;
      switch (rng.int(5)) {
        case 0: return one(`lwxc1 ${any()}, ${idx}`);
        case 1: return one(`swxc1 ${any()}, ${idx}`);
        case 2: return one(`ldxc1 ${even()}, ${idx}`);
        case 3: return one(`sdxc1 ${even()}, ${idx}`);
        default: return one(`prefx ${rng.int(32)}, ${idx}`);
      }
    }
    case 12: return one(`cfc1 ${x.dst()}, $${rng.pick([25, 26, 28, 31])}`);
    default: {
      // FEXR, FENR and FCSR get a value that cannot trap (see safeFcsr). Only the fields of a view are written: qemu
      // ignores a write to FCCR with any of its zero bits 31:8 set, where hardware and Linux ignore those bits.
      const t = x.dstNonZero();
      const which = rng.pick([25, 26, 28, 31]);
      const fields: Record<number, number> = { 25: 0xff, 26: 0x0003f07c, 28: 0x00000003, 31: 0xffffffff };
      const v = (which === 25 ? rng.u32() : safeFcsr(x)) & fields[which]!;
      return { real: [`li $${t}, ${hex32(v)}`, `ctc1 $${t}, $${which}`], slot: false };
    }
  }
}
