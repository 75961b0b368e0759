/**
 * Building blocks of the differential instruction test (instructions.test.ts): a fixed-seed PRNG and `Snippet`,
 * which turns "these registers/HI/LO/FCSR/FPRs/memory hold these values, run this, observe these" into the three
 * parts of a case's GNU assembly (setup, tested region, save).
 *
 * Conventions of every snippet (they run inside the wrapper that program.ts puts around them):
 * - `.set noreorder`, `.set noat`, registers written as numbers (`$8`, `$f2`).
 * - GPRs a snippet may use: 1..25, 28, 30, 31 — never $sp (29, the frame holds the results) nor k0/k1 (26, 27: a
 *   Linux kernel may clobber them at any exception). FPRs: $f0..$f19 (f20..f31 are callee-saved in o32).
 * - Results are written to `RES+4*k($sp)`, k = output slot, then copied out by the wrapper.
 * - Memory cases use the global `isa_mem` (8 KiB, page aligned, same address under qemu and Trapgate).
 */

export const GPR_POOL: readonly number[] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 28, 30, 31,
];
/** Offset of the result area in the wrapper's stack frame. */
export const RES = 16;
/** Most output words a case may have. */
export const MAX_OUT = 48;
/** Memory cases work in isa_mem + MEM_BASE ... (+ a little either side for negative offsets). */
export const MEM_BASE = 2048;

/** mulberry32: small, fast, deterministic. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  u32(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }
  /** A 32-bit value that is often "interesting": small, near a power of two, or a sign boundary. */
  word(): number {
    switch (this.int(6)) {
      case 0: return this.int(64) - 32;
      case 1: return (1 << this.int(32)) >>> 0;
      case 2: return ((1 << this.int(32)) - 1) >>> 0;
      case 3: return (0x80000000 + this.int(8) - 4) >>> 0;
      default: return this.u32();
    }
  }
  /** `n` distinct elements of `xs`. */
  distinct<T>(xs: readonly T[], n: number): T[] {
    const pool = [...xs];
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(this.int(pool.length), 1)[0]!);
    return out;
  }
}

/** The same generator as a function returning floats in [0, 1) (for code that only needs uniform draws). */
export function prng(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.u32() / 4294967296;
}

/** Edge values for 32-bit operands. */
export const EDGE32: readonly number[] = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xffff, 0x8000, 0x7fff, 0xffff8000, 0x10000, 2];

export const hex32 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

export interface CaseParts {
  setup: string[];
  test: string[];
  save: string[];
}

export interface Case {
  /** Table entry (InstrDef.name) this case was generated for; its encoding must occur in the tested region. */
  target: string;
  category: string;
  /** One line describing the case (operand values, mode, what is checked). */
  label: string;
  /** What Trapgate runs. */
  real: CaseParts;
  /** What qemu runs instead, when qemu differs from Linux (e.g. misaligned access emulated with lwl/lwr). */
  ref?: CaseParts;
  outNames: string[];
  /** Why the expected value is qemu's choice rather than architecture (e.g. HI/LO after division by zero). */
  note?: string;
}

const fpr = (f: number): string => `$f${f}`;

/** Assembles the setup and save parts of one case around a tested instruction sequence. */
export class Snippet {
  private readonly gprs = new Map<number, number>();
  private hilo: [number, number] | undefined;
  private fcsrValue: number | undefined;
  private readonly fprs = new Map<number, [number, number | undefined]>();
  private readonly memInit: Array<[number, number]> = [];
  private extraSetup: string[] = [];
  private readonly outs: Array<{ kind: 'gpr' | 'hi' | 'lo' | 'fpr' | 'fprhi' | 'fcsr' | 'mem' | 'raw'; a: number; name: string; raw?: string[] }> = [];

  /** Register `r` holds `v` before the tested region. */
  gpr(r: number, v: number): this {
    if (r === 0) return this;
    if (r === 29 || r === 26 || r === 27) throw new Error(`snippet: register $${r} is not usable`);
    this.gprs.set(r, v >>> 0);
    return this;
  }
  hiLo(hi: number, lo: number): this {
    this.hilo = [hi >>> 0, lo >>> 0];
    return this;
  }
  fcsr(v: number): this {
    this.fcsrValue = v >>> 0;
    return this;
  }
  /** FPR `f` holds `lo` (and, for a 64-bit value, the high word `hi` via mthc1). */
  fpr(f: number, lo: number, hi?: number): this {
    if (f < 0 || f > 19) throw new Error(`snippet: $f${f} is not usable`);
    this.fprs.set(f, [lo >>> 0, hi === undefined ? undefined : hi >>> 0]);
    return this;
  }
  /** The word at isa_mem + MEM_BASE + off (off a multiple of 4) holds `v`. */
  mem(off: number, v: number): this {
    this.memInit.push([off, v >>> 0]);
    return this;
  }
  /** Lines run after the standard setup, right before the tested region. */
  setupLines(...lines: string[]): this {
    this.extraSetup.push(...lines);
    return this;
  }

  outGpr(r: number, name = `$${r}`): this {
    this.outs.push({ kind: 'gpr', a: r, name });
    return this;
  }
  outHiLo(): this {
    this.outs.push({ kind: 'hi', a: 0, name: 'HI' }, { kind: 'lo', a: 0, name: 'LO' });
    return this;
  }
  /** The low word of $fN (mfc1), and with `double` the high word too (mfhc1). */
  outFpr(f: number, double: boolean): this {
    this.outs.push({ kind: 'fpr', a: f, name: `$f${f}${double ? '.lo' : ''}` });
    if (double) this.outs.push({ kind: 'fprhi', a: f, name: `$f${f}.hi` });
    return this;
  }
  outFcsr(): this {
    this.outs.push({ kind: 'fcsr', a: 0, name: 'FCSR' });
    return this;
  }
  /** `n` words of isa_mem from MEM_BASE + off. */
  outMem(off: number, n: number): this {
    for (let i = 0; i < n; i++) this.outs.push({ kind: 'mem', a: off + 4 * i, name: `mem[${off + 4 * i}]` });
    return this;
  }
  /** An output computed by `lines`, which must leave the value in $1 (they run after the GPR saves and may use $1, $2). */
  outRaw(name: string, lines: string[]): this {
    this.outs.push({ kind: 'raw', a: 0, name, raw: lines });
    return this;
  }

  get outNames(): string[] {
    return this.outs.map((o) => o.name);
  }

  build(test: string[]): CaseParts {
    if (this.outs.length > MAX_OUT) throw new Error('snippet: too many outputs');
    const setup: string[] = [];
    if (this.memInit.length > 0) {
      setup.push('lui $2, %hi(isa_mem+' + MEM_BASE + ')', 'addiu $2, $2, %lo(isa_mem+' + MEM_BASE + ')');
      for (const [off, v] of this.memInit) setup.push(`li $1, ${hex32(v)}`, `sw $1, ${off}($2)`);
    }
    if (this.hilo) setup.push(`li $1, ${hex32(this.hilo[0])}`, 'mthi $1', `li $1, ${hex32(this.hilo[1])}`, 'mtlo $1');
    for (const [f, [lo, hi]] of this.fprs) {
      setup.push(`li $1, ${hex32(lo)}`, `mtc1 $1, ${fpr(f)}`);
      if (hi !== undefined) setup.push(`li $1, ${hex32(hi)}`, `mthc1 $1, ${fpr(f)}`);
    }
    if (this.fcsrValue !== undefined) setup.push(`li $1, ${hex32(this.fcsrValue)}`, 'ctc1 $1, $31');
    for (const [r, v] of this.gprs) setup.push(`li $${r}, ${hex32(v)}`);
    setup.push(...this.extraSetup);

    const save: string[] = [];
    const slot = (i: number): string => `${RES + 4 * i}($sp)`;
    this.outs.forEach((o, i) => {
      if (o.kind === 'gpr') save.push(`sw $${o.a}, ${slot(i)}`);
    });
    let memBase = false;
    this.outs.forEach((o, i) => {
      switch (o.kind) {
        case 'gpr': return;
        case 'hi': save.push('mfhi $1'); break;
        case 'lo': save.push('mflo $1'); break;
        case 'fpr': save.push(`mfc1 $1, ${fpr(o.a)}`); break;
        case 'fprhi': save.push(`mfhc1 $1, ${fpr(o.a)}`); break;
        case 'fcsr': save.push('cfc1 $1, $31'); break;
        case 'raw': save.push(...o.raw!); memBase = false; break;
        case 'mem':
          if (!memBase) {
            save.push('lui $2, %hi(isa_mem+' + MEM_BASE + ')', 'addiu $2, $2, %lo(isa_mem+' + MEM_BASE + ')');
            memBase = true;
          }
          save.push(`lw $1, ${o.a}($2)`);
          break;
      }
      save.push(`sw $1, ${slot(i)}`);
    });
    return { setup, test, save };
  }
}
