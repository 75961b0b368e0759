/**
 * The fast path of Cpu.run: a run loop that executes compiled code (src/cpu/compiler.ts) where it can and the
 * interpreter everywhere else, with exactly the interpreter's results — the same instructions retired, the same
 * exit, the same CPU state, at every budget.
 *
 * Blocks are found by physical frame and word (CodeCache.blocks, dropped with the frame's decode when the frame is
 * written) and remember their virtual start, since their code depends on it (link values, jump targets). A block is
 * interpreted until it has run `threshold` times; then it is compiled into a region together with the warm blocks
 * reachable from it (through the successors seen at run time and the direct branch targets), on any page, so that
 * loops, calls and returns stay inside one JavaScript function. Every block of the region then enters it.
 *
 * Compiled code runs a block only when the budget left covers all of it (blocks end after a delay slot, so a run
 * never stops between a branch and its slot); otherwise, and for everything compiled code leaves aside (exceptions,
 * Stop instructions, a branch at the end of a page...), the interpreter runs with the exact budget left. Entering a
 * page marks it as code, as the interpreter's fetch does, so that stores to it leave compiled code (the page is
 * write-protected) for the kernel, which invalidates.
 */
import type { AddressSpace } from '../mm/address-space.js';
import type { PhysicalMemory } from '../mm/physical.js';
import { Op } from '../isa/ops.js';
import { decodeOp } from '../isa/decode.js';
import {
  blockLength, canCompile, compileRegion, flowOf, Flow, IO_LL, IO_NPC, IO_PC, IO_SLOT, type BlockSource, type RegionFn,
} from './compiler.js';
import type { BlockPage, CodeCache } from './code-cache.js';
import { Exit } from './exit.js';
import type { Cpu } from './interpreter.js';
import type { CpuState } from './state.js';

/** Executions of a block in the interpreter before it is compiled. */
export const DEFAULT_JIT_THRESHOLD = 16;
/**
 * Instructions in one region at most: the engine compiles big functions slowly, and not at all past a size
 * (V8's TurboFan stops at 60 KB of bytecode), which would leave the region in its bytecode interpreter.
 */
const MAX_REGION_INSNS = 64;
/** Successors remembered per block (run-time targets of its exit). */
const MAX_SUCCESSORS = 4;

export class Block {
  /** The compiled region that this block enters, once it is hot. */
  fn: RegionFn | null = null;
  /** Times the block was entered while not compiled. */
  count = 0;
  /** Addresses execution continued at after this block (a few, as seen). */
  readonly next: number[] = [];
  /**
   * @param pc virtual address of the first instruction
   * @param vpn its page, and `frame` the frame that page mapped when the block was made
   * @param len instructions in the block, its delay slot included; 0 when the first instruction is left to the
   *   interpreter (then it is never compiled)
   */
  constructor(readonly pc: number, readonly frame: number, public len: number) {}

  /** The frame was written: the block must not run again. */
  invalidate(): void {
    this.fn = null;
    this.len = 0;
  }

  follow(pc: number): void {
    const next = this.next;
    if (next.length < MAX_SUCCESSORS && !next.includes(pc)) next.push(pc);
  }
}

/** A compiled function and the blocks it contains (they enter it while they point to it). */
export class Region {
  constructor(readonly fn: RegionFn, readonly members: readonly Block[]) {}

  /** Some member still enters this region. */
  get live(): boolean {
    return this.members.some((b) => b.fn === this.fn);
  }

  /** Code of one of the region's frames changed: no block may enter it again. */
  discard(): void {
    for (const b of this.members) {
      if (b.fn === this.fn) {
        b.fn = null;
        b.count = 0;
      }
    }
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
  /**
   * Where the last run ran out of budget (and for which thread): usually in the middle of a block, so the next run
   * starts there with a fragment that is not worth counting or compiling.
   */
  private resumeState: CpuState | undefined;
  private resumePc = 0;

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
    let blocks = EMPTY_BLOCKS;
    let resumed = st === this.resumeState && pc === this.resumePc;
    this.resumeState = undefined;

    for (;;) {
      const left = budget - retired;
      if (left <= 0) break;
      let exit: Exit;
      let b: Block | undefined;
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
          blocks = this.code.blocks(f).at;
          if (wmap[v]! >= 0) as.markCode(v);
          vpn = v;
          frame = f;
        }
        const idx = (pc >>> 2) & 1023;
        b = blocks[idx];
        if (b === undefined || b.pc !== pc) {
          b = new Block(pc, frame, this.measure(frame, idx));
          blocks[idx] = b;
        }
        const fn = b.fn;
        if (fn !== null && b.len <= left) {
          const n = fn(r, io, u8, i8, u16, i16, i32, rmap, wmap, xmap, st, left, pc);
          if (n > 0) {
            retired += n;
            const next = io[IO_PC]!;
            // Remember where the region left off, so that a region compiled later can include the way on.
            const from = io[IO_NPC]!;
            if (from === b.pc) b.follow(next);
            else this.lookup(xmap, from)?.follow(next);
            pc = next;
            continue;
          }
          if (n < 0) {
            // An instruction that may raise an exception: the interpreter executes it (with its delay-slot state).
            retired += ~n;
            st.pc = io[IO_PC]!;
            cpu.llAddr = io[IO_LL]!;
            exit = cpu.interpret(st, as, 1, io[IO_NPC]!, io[IO_SLOT] !== 0);
            b = undefined;
            break interp;
          }
          // n === 0: the region left at once (it cannot happen on entry, but never spin on it): interpret.
        } else if (resumed) {
          resumed = false;
          b = undefined;
        } else if (fn === null && b.len > 0 && ++b.count >= threshold && this.compile(as, b)) {
          continue;
        }
        st.pc = pc;
        cpu.llAddr = io[IO_LL]!;
        const len = blocks[idx]!.len;
        exit = cpu.interpret(st, as, len === 0 ? 1 : Math.min(left, len), (pc + 4) | 0, false);
      }
      // After the interpreter: it may have dropped code (synci), so look the page up again.
      io[IO_LL] = cpu.llAddr;
      retired += cpu.retired;
      if (exit !== Exit.BudgetExhausted) {
        cpu.retired = retired;
        return exit;
      }
      pc = st.pc | 0;
      if (b !== undefined && b.len > 0) b.follow(pc);
      vpn = -1;
    }
    st.pc = pc;
    cpu.retired = retired;
    this.resumeState = st;
    this.resumePc = pc;
    return Exit.BudgetExhausted;
  }

  /** The block starting at `pc` in the current address space, if it was ever entered. */
  private lookup(xmap: Int32Array, pc: number): Block | undefined {
    const f = xmap[pc >>> 12]!;
    if (f < 0 || (pc & 3) !== 0) return undefined;
    const b = this.code.existingBlocks(f)?.at[(pc >>> 2) & 1023];
    return b !== undefined && b.pc === pc ? b : undefined;
  }

  /** Length of the block starting at word `idx` of the frame (decoding its instructions into the code cache). */
  private measure(frame: number, idx: number): number {
    const ops = this.code.page(frame);
    const i32 = this.mem.i32;
    const base = frame >> 2;
    return blockLength(idx, (k) => i32[base + k]!, (k) => opAt(ops, i32, base, k));
  }

  /**
   * Compiles a region for `hot`: it and the warm blocks reachable from it, breadth first (successors seen at run
   * time, then direct branch targets and fall-through), within MAX_REGION_INSNS. Every member then enters it.
   */
  private compile(as: AddressSpace, hot: Block): boolean {
    const xmap = as.execMap;
    const i32 = this.mem.i32;
    const threshold = this.cpu.config.jitThreshold ?? ENV_THRESHOLD ?? DEFAULT_JIT_THRESHOLD;
    const warm = threshold;
    const members: Block[] = [hot];
    const seen = new Set<Block>(members);
    let size = hot.len;
    for (let i = 0; i < members.length && size < MAX_REGION_INSNS; i++) {
      const b = members[i]!;
      for (const pc of [...b.next, ...this.staticSuccessors(b)]) {
        const s = this.lookup(xmap, pc);
        if (s === undefined || seen.has(s) || s.len === 0 || (s.fn === null && s.count < warm)) continue;
        if (size + s.len > MAX_REGION_INSNS) continue;
        seen.add(s);
        members.push(s);
        size += s.len;
      }
    }
    const sources: BlockSource[] = members.map((b) => {
      const ops = this.code.page(b.frame);
      const start = (b.frame >> 2) + ((b.pc >>> 2) & 1023);
      return {
        pc: b.pc, len: b.len, vpn: b.pc >>> 12, frame: b.frame,
        word: (i) => i32[start + i]!,
        op: (i) => opAt(ops, i32, b.frame >> 2, ((b.pc >>> 2) & 1023) + i),
      };
    });
    const compiled = compileRegion(this.cpu, sources);
    if (compiled === undefined) {
      compilerAvailable = false;
      hot.len = 0;
      return false;
    }
    const region = new Region(compiled.fn, members);
    for (const b of members) b.fn = compiled.fn;
    for (const f of new Set(members.map((b) => b.frame))) {
      const page: BlockPage = this.code.blocks(f);
      const live = page.regions.filter((x) => x.live);
      page.regions.length = 0;
      page.regions.push(...live, region);
    }
    this.compiled++;
    return true;
  }

  /** Where a block's last instruction can continue, as far as its code says (direct targets and fall-through). */
  private staticSuccessors(b: Block): number[] {
    const i32 = this.mem.i32;
    const ops = this.code.page(b.frame);
    const base = b.frame >> 2;
    const idx = (b.pc >>> 2) & 1023;
    const end = (b.pc + 4 * b.len) | 0;
    if (b.len < 2) return [end];
    const k = idx + b.len - 2;
    const w = i32[base + k]!;
    const op = opAt(ops, i32, base, k);
    if (flowOf(op, w) !== Flow.Branch) return [end];
    const cur = (b.pc + 4 * (b.len - 2)) | 0;
    switch (op) {
      case Op.Jr: case Op.Jalr: return [end];
      case Op.J: case Op.Jal: return [(cur & 0xf0000000) | ((w & 0x03ffffff) << 2), end];
      default: return [(cur + 4 + ((w << 16) >> 14)) | 0, end];
    }
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
