/**
 * The fast path of Cpu.run: a run loop that executes compiled code (src/cpu/compiler.ts) where it can and the
 * interpreter everywhere else, with exactly the interpreter's results — the same instructions retired, the same
 * exit, the same CPU state, at every budget.
 *
 * Blocks are found by physical frame and word (CodeCache.blocks, dropped with the frame's decode when the frame is
 * written) and remember their virtual start, since their code depends on it (link values, jump targets). A block is
 * interpreted until it has run `threshold` times; then the blocks of its page that have run so far are compiled
 * together into one region function, in which they jump to each other directly; a block that becomes hot later
 * recompiles the region. Compiled code runs a block only when the budget left covers all of it (blocks end after a
 * delay slot, so a run never stops between a branch and its slot); otherwise, and for everything compiled code
 * leaves aside (exceptions, Stop instructions, a branch at the end of a page...), the interpreter runs with the
 * exact budget left. Entering a page marks it as code, as the interpreter's fetch does, so that stores to it leave
 * compiled code (the page is write-protected) for the kernel, which invalidates.
 */
import type { AddressSpace } from '../mm/address-space.js';
import type { PhysicalMemory } from '../mm/physical.js';
import { Op } from '../isa/ops.js';
import { decodeOp } from '../isa/decode.js';
import { blockLength, canCompile, compileRegion, IO_LL, IO_NPC, IO_PC, IO_SLOT, type BlockSource, type RegionFn } from './compiler.js';
import { BlockPage, type CodeCache } from './code-cache.js';
import { Exit } from './exit.js';
import type { Cpu } from './interpreter.js';
import type { CpuState } from './state.js';

/** Executions of a block in the interpreter before it is compiled. */
export const DEFAULT_JIT_THRESHOLD = 16;
/** Regions compiled for one page before newly hot blocks get a region of their own instead of a recompilation. */
const MAX_REGIONS_PER_PAGE = 12;
/**
 * Instructions in one region at most: the engine compiles big functions slowly, and not at all past a size
 * (V8's TurboFan stops at 60 KB of bytecode), which would leave the region in its bytecode interpreter.
 */
const MAX_REGION_INSNS = 640;

export class Block {
  /** The compiled region that contains this block, once it is hot. */
  fn: RegionFn | null = null;
  /** Times the block was entered while not compiled. */
  count = 0;
  /**
   * @param pc virtual address of the first instruction
   * @param len instructions in the block, its delay slot included; 0 when the first instruction is left to the
   *   interpreter (then it is never compiled)
   */
  constructor(readonly pc: number, public len: number) {}

  /** The frame was written: the block must not run again. */
  invalidate(): void {
    this.fn = null;
    this.len = 0;
  }
}

let compilerAvailable: boolean | undefined;

/** Whether code can be compiled here (false under a Content-Security-Policy that forbids `new Function`). */
export function jitAvailable(): boolean {
  compilerAvailable ??= canCompile();
  return compilerAvailable;
}

function thresholdFromEnvironment(): number | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.['TRAPGATE_JIT_THRESHOLD'];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Math.max(1, Number(v));
}

const ENV_THRESHOLD = thresholdFromEnvironment();
const EMPTY_BLOCKS: Array<Block | undefined> = [];

export class Jit {
  /** Shared with compiled code: see IO_* in compiler.ts. */
  private readonly io = new Int32Array(4);
  /** Regions compiled so far (for tests and statistics). */
  compiled = 0;

  constructor(private readonly cpu: Cpu, private readonly mem: PhysicalMemory, private readonly code: CodeCache) {}

  run(st: CpuState, as: AddressSpace, budget: number): Exit {
    const cpu = this.cpu;
    const io = this.io;
    const r = st.r;
    const mem = this.mem;
    const u8 = mem.u8, i8 = mem.i8, u16 = mem.u16, i16 = mem.i16, i32 = mem.i32;
    const rmap = as.readMap, wmap = as.writeMap, xmap = as.execMap;
    const threshold = cpu.config.jitThreshold ?? ENV_THRESHOLD ?? DEFAULT_JIT_THRESHOLD;

    io[IO_LL] = -1; // LLbit starts clear on every run (see the interpreter)
    let pc = st.pc | 0;
    let retired = 0;
    let vpn = -1;
    let frame = 0;
    let page: BlockPage | undefined;
    let blocks = EMPTY_BLOCKS;

    for (;;) {
      const left = budget - retired;
      if (left <= 0) break;
      let exit: Exit;
      interp: {
        if ((pc >>> 12) !== vpn || (pc & 3) !== 0) {
          const v = pc >>> 12;
          const f = xmap[v]!;
          if (f < 0 || (pc & 3) !== 0) {
            // The interpreter raises the fetch exception.
            st.pc = pc;
            cpu.llAddr = io[IO_LL]!;
            exit = cpu.interpret(st, as, left, (pc + 4) | 0, false);
            break interp;
          }
          page = this.code.blocks(f);
          blocks = page.at;
          if (wmap[v]! >= 0) as.markCode(v);
          vpn = v;
          frame = f;
        }
        const idx = (pc >>> 2) & 1023;
        let b = blocks[idx];
        if (b === undefined || b.pc !== pc) {
          b = new Block(pc, this.measure(frame, idx));
          blocks[idx] = b;
        }
        const fn = b.fn;
        if (fn !== null && b.len <= left) {
          const n = fn(r, io, u8, i8, u16, i16, i32, rmap, wmap, st, left, pc);
          if (n >= 0) {
            retired += n;
            pc = io[IO_PC]!;
            continue;
          }
          // An instruction that may raise an exception: the interpreter executes it (with its delay-slot state).
          retired += ~n;
          st.pc = io[IO_PC]!;
          cpu.llAddr = io[IO_LL]!;
          exit = cpu.interpret(st, as, 1, io[IO_NPC]!, io[IO_SLOT] !== 0);
          break interp;
        }
        if (fn === null && b.len > 0 && ++b.count >= threshold && this.compile(page!, b, frame, threshold)) continue;
        st.pc = pc;
        cpu.llAddr = io[IO_LL]!;
        exit = cpu.interpret(st, as, b.len === 0 ? 1 : Math.min(left, b.len), (pc + 4) | 0, false);
      }
      // After the interpreter: it may have dropped code (synci), so look the page up again.
      io[IO_LL] = cpu.llAddr;
      retired += cpu.retired;
      if (exit !== Exit.BudgetExhausted) {
        cpu.retired = retired;
        return exit;
      }
      pc = st.pc | 0;
      vpn = -1;
    }
    st.pc = pc;
    cpu.retired = retired;
    return Exit.BudgetExhausted;
  }

  /** Length of the block starting at word `idx` of the frame (decoding its instructions into the code cache). */
  private measure(frame: number, idx: number): number {
    const ops = this.code.page(frame);
    const i32 = this.mem.i32;
    const base = frame >> 2;
    return blockLength(idx, (k) => i32[base + k]!, (k) => opAt(ops, i32, base, k));
  }

  /**
   * Compiles the region of `hot`'s page: `hot`, the blocks of the page (at the same virtual addresses) already
   * compiled, and those warming up, within MAX_REGION_INSNS; only `hot` once the page has had its share of
   * recompilations. Blocks left out keep the region they had.
   */
  private compile(page: BlockPage, hot: Block, frame: number, threshold: number): boolean {
    const ops = this.code.page(frame);
    const i32 = this.mem.i32;
    const base = frame >> 2;
    const members: Block[] = [hot];
    if (page.regions < MAX_REGIONS_PER_PAGE) {
      const vbase = hot.pc & ~4095;
      const warm = Math.max(1, threshold >> 2);
      const candidates = page.at.filter((b): b is Block => b !== undefined && b !== hot && b.len > 0
        && (b.fn !== null || b.count >= warm) && (b.pc & ~4095) === vbase);
      // Compiled blocks first, then the warmest.
      candidates.sort((a, b) => (a.fn !== null ? 1 : 0) - (b.fn !== null ? 1 : 0) || a.count - b.count).reverse();
      let size = hot.len;
      for (const b of candidates) {
        if (size + b.len > MAX_REGION_INSNS) continue;
        members.push(b);
        size += b.len;
      }
    }
    const sources: BlockSource[] = members.map((b) => {
      const start = (b.pc >>> 2) & 1023;
      return { pc: b.pc, len: b.len, word: (i) => i32[base + start + i]!, op: (i) => opAt(ops, i32, base, start + i) };
    });
    const compiled = compileRegion(this.cpu, sources);
    if (compiled === undefined) {
      compilerAvailable = false;
      hot.len = 0;
      return false;
    }
    for (const b of members) b.fn = compiled.fn;
    page.regions++;
    this.compiled++;
    return true;
  }
}

function opAt(ops: Uint8Array, i32: Int32Array, base: number, k: number): Op {
  let op = ops[k]! as Op;
  if (op === Op.Undecoded) {
    op = decodeOp(i32[base + k]!);
    ops[k] = op;
  }
  return op;
}
