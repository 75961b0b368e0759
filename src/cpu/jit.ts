/**
 * The fast path of Cpu.run: a run loop that executes compiled blocks (src/cpu/compiler.ts) where it can and the
 * interpreter everywhere else, with exactly the interpreter's results — the same instructions retired, the same
 * exit, the same CPU state, at every budget.
 *
 * Blocks are found by physical frame and word (CodeCache.blocks, dropped with the frame's decode when the frame is
 * written) and remember their virtual start, since their code depends on it (link values, jump targets). A block is
 * interpreted until it has run `threshold` times, then compiled into a JavaScript function of its own (small
 * functions keep the engine's optimizing compiler quick and its type feedback complete).
 *
 * A compiled block runs only when the budget left covers all of it (blocks end after a delay slot, so a run never
 * stops between a branch and its slot); otherwise, and for everything compiled code leaves aside (exceptions, Stop
 * instructions, a branch at the end of a page...), the interpreter runs with the exact budget left. Entering a page
 * marks it as code, as the interpreter's fetch does, so that stores to it leave compiled code (the page is
 * write-protected) for the kernel, which invalidates.
 */
import type { AddressSpace } from '../mm/address-space.js';
import { Frame, type PhysicalMemory } from '../mm/physical.js';
import { Op } from '../isa/ops.js';
import { decodeOp } from '../isa/decode.js';
import {
  blockLength, canCompile, compileTrace, flowOf, Flow, IO_LL, IO_NPC, IO_PC, IO_SLOT, type BlockFn, type TraceBlock,
} from './compiler.js';
import type { CodeCache } from './code-cache.js';
import { Exit } from './exit.js';
import type { Cpu } from './interpreter.js';
import type { CpuState } from './state.js';

/** Executions of a block in the interpreter before it is compiled. */
export const DEFAULT_JIT_THRESHOLD = 512;
/** Instructions (one pass) and blocks in one trace at most. */
const MAX_TRACE_INSNS = 512;
const MAX_TRACE_BLOCKS = 64;
/** Blocks of a branch's other arm that may join a trace (see compile). */
const MAX_SIDE_BLOCKS = 2;
/** Successors remembered per block. */
const MAX_SUCCESSORS = 4;
export class Block {
  /** The compiled function, once the block is hot. */
  fn: BlockFn | null = null;
  /** Times the block was entered while not compiled. */
  count = 0;
  /**
   * When the block enters a trace headed on another page: that page and the frame it must map (and be
   * write-protected) for the trace to run, since the trace does not check its head's page; -1 otherwise.
   */
  guardVpn = -1;
  guardFrame = 0;
  /** Where execution went after the block, and how often, while it was interpreted. */
  readonly next: number[] = [];
  readonly nextCount: number[] = [];
  /**
   * @param pc virtual address of the first instruction
   * @param frame the frame it was read from
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
    const i = this.next.indexOf(pc);
    if (i >= 0) this.nextCount[i]!++;
    else if (this.next.length < MAX_SUCCESSORS) {
      this.next.push(pc);
      this.nextCount.push(1);
    }
  }

  /** The successor seen most often, other than `except`. */
  usualNext(except: number): number | undefined {
    let best: number | undefined;
    let most = 0;
    this.next.forEach((pc, i) => {
      if (pc !== except && this.nextCount[i]! > most) {
        best = pc;
        most = this.nextCount[i]!;
      }
    });
    return best;
  }
}

/** A compiled trace, remembered by every frame it has code from, so that a write to any of them discards it. */
export class Trace {
  constructor(readonly fn: BlockFn, readonly members: readonly Block[]) {}

  /** Some block still enters it. */
  get live(): boolean {
    return this.members.some((b) => b.fn === this.fn);
  }

  discard(): void {
    for (const b of this.members) {
      if (b.fn !== this.fn) continue;
      b.fn = null;
      b.count = 0;
      b.guardVpn = -1;
    }
  }
}

/**
 * A fact about the JavaScript environment (can it compile code?), not about any machine: the same for every
 * kernel in the process, so it is found out once and may live at module level.
 */
let compilerAvailable: boolean | undefined;

/** Whether code can be compiled here (false under a Content-Security-Policy that forbids `new Function`). */
export function jitAvailable(): boolean {
  compilerAvailable ??= canCompile();
  return compilerAvailable;
}

/** A variable of the host process's environment, where there is one (not in a browser). */
function environment(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}

function thresholdFromEnvironment(): number | undefined {
  const v = environment('TRAPGATE_JIT_THRESHOLD');
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Math.max(1, Number(v));
}

const ENV_THRESHOLD = thresholdFromEnvironment();
const ENV_CHECK_LOCALS = environment('TRAPGATE_JIT_CHECK') === '1';
const EMPTY_BLOCKS: Array<Block | undefined> = [];

export class Jit {
  /** Shared with compiled code: see IO_* in compiler.ts. */
  private readonly io = new Int32Array(4);
  /** The breakpoints the compiled traces were last checked against (see dropTracesOver). */
  private checkedBreakpoints: ReadonlySet<number> | undefined;
  /**
   * Where each thread's last run ran out of budget: usually in the middle of a block, so its next run starts there
   * with a fragment that is not worth counting or compiling (threads on several CPUs take turns, so one per thread).
   */
  private readonly resumeAt = new WeakMap<CpuState, number>();

  constructor(private readonly cpu: Cpu, private readonly mem: PhysicalMemory, private readonly code: CodeCache) {}

  /**
   * @param resume continue the previous run (LLbit kept, see Cpu.run)
   * @param bps breakpoints (undefined: none): a block holding one runs in the interpreter up to it, and no trace
   *   holding one runs or is compiled, so the run stops before the instruction with the exact count
   * @param skipAt the breakpoint the previous piece stopped at, which this one executes
   */
  run(st: CpuState, as: AddressSpace, budget: number, resume = false, bps?: ReadonlySet<number>, skipAt?: number): Exit {
    const cpu = this.cpu;
    const code = this.code;
    code.seat.cpu = cpu;
    if (bps !== this.checkedBreakpoints) {
      this.checkedBreakpoints = bps;
      if (bps !== undefined) this.dropTracesOver(bps);
    }
    const io = this.io;
    const r = st.r;
    const mem = this.mem;
    const u8 = mem.u8, i8 = mem.i8, u16 = mem.u16, i16 = mem.i16, i32 = mem.i32;
    const rmap = as.readMap, wmap = as.writeMap, xmap = as.execMap;
    const threshold = cpu.config.jitThreshold ?? ENV_THRESHOLD ?? DEFAULT_JIT_THRESHOLD;

    // LLbit starts clear on every run (see the interpreter), unless the run continues one that stopped early.
    io[IO_LL] = resume ? cpu.llAddr : -1;
    let pc = st.pc | 0;
    let retired = 0;
    let vpn = -1;
    let frame = 0;
    let blocks = EMPTY_BLOCKS;
    // The page before the current one, already looked up in this run (calls and returns alternate between two).
    let vpn2 = -1;
    let frame2 = 0;
    let blocks2 = EMPTY_BLOCKS;
    let resumed = this.resumeAt.get(st) === pc;
    let skip = skipAt;
    let epoch = code.epoch;
    this.resumeAt.delete(st);

    for (;;) {
      const left = budget - retired;
      if (left <= 0) break;
      cpu.runRetired = retired;
      let exit: Exit;
      interp: {
        if ((pc >>> 12) !== vpn || (pc & 3) !== 0) {
          const v = pc >>> 12;
          if (v === vpn2 && (pc & 3) === 0) {
            vpn2 = vpn; vpn = v;
            const f = frame2; frame2 = frame; frame = f;
            const bs = blocks2; blocks2 = blocks; blocks = bs;
          } else {
            const f = xmap[v]!;
            if (f === Frame.None || (pc & 3) !== 0) {
              // The interpreter raises the fetch exception.
              st.pc = pc;
              cpu.llAddr = io[IO_LL]!;
              exit = cpu.interpret(st, as, left, (pc + 4) | 0, false);
              break interp;
            }
            vpn2 = vpn; frame2 = frame; blocks2 = blocks;
            blocks = code.blocks(f).at;
            // Fetching from the page write-protects it, as the interpreter's fetch does (markCode).
            if (wmap[v]! !== Frame.None) as.markCode(v);
            vpn = v;
            frame = f;
          }
        }
        const idx = (pc >>> 2) & 1023;
        let b = blocks[idx];
        if (b === undefined || b.pc !== pc) {
          b = new Block(pc, frame, this.measure(frame, idx));
          blocks[idx] = b;
        }
        if (bps !== undefined) {
          const at = this.breakpointIn(b, bps, skip);
          skip = undefined;
          if (at === 0) {
            st.pc = pc;
            cpu.llAddr = io[IO_LL]!;
            cpu.retired = retired;
            return Exit.Breakpoint;
          }
          if (at > 0) {
            // Up to the breakpoint: the instructions before it are straight-line (a block's branch is its last but one).
            st.pc = pc;
            cpu.llAddr = io[IO_LL]!;
            exit = cpu.interpret(st, as, Math.min(left, at), (pc + 4) | 0, false);
            break interp;
          }
        }
        const fn = b.fn;
        const fragment = resumed;
        resumed = false;
        if (fn !== null && b.len <= left && (b.guardVpn < 0 || (xmap[b.guardVpn] === b.guardFrame && wmap[b.guardVpn]! === Frame.None))) {
          const n = fn(r, io, u8, i8, u16, i16, i32, rmap, wmap, xmap, st, left, pc);
          if (n > 0) {
            retired += n;
            pc = io[IO_PC]!;
            continue;
          }
          if (n < 0) {
            // An instruction that may raise an exception: the interpreter executes it (with its delay-slot state).
            retired += ~n;
            cpu.runRetired = retired;
            st.pc = io[IO_PC]!;
            cpu.llAddr = io[IO_LL]!;
            exit = cpu.interpret(st, as, 1, io[IO_NPC]!, io[IO_SLOT] !== 0);
            break interp;
          }
          // n === 0: compiled code left at once (it never does on entry, but must not spin): interpret.
        } else if (fn === null && b.len > 0 && !fragment && ++b.count >= threshold && this.compile(as, b, bps)) {
          continue;
        }
        st.pc = pc;
        cpu.llAddr = io[IO_LL]!;
        if (fn !== null || fragment || b.len === 0 || b.len > left) {
          exit = cpu.interpret(st, as, b.len === 0 ? 1 : Math.min(left, b.len), (pc + 4) | 0, false);
          break interp;
        }
        // A cold block: the interpreter runs exactly it, so that where it went next is known for certain (a call
        // running several blocks could not tell which way they went, and a wrong successor misleads trace building).
        exit = cpu.interpret(st, as, b.len, (pc + 4) | 0, false);
        if (exit === Exit.BudgetExhausted && cpu.retired === b.len) b.follow(st.pc | 0);
      }
      io[IO_LL] = cpu.llAddr;
      retired += cpu.retired;
      if (exit !== Exit.BudgetExhausted) {
        cpu.retired = retired;
        return exit;
      }
      pc = st.pc | 0;
      // The interpreter may have dropped code (synci): then look the pages up again.
      if (code.epoch !== epoch) {
        epoch = code.epoch;
        vpn = -1;
        vpn2 = -1;
      }
    }
    st.pc = pc;
    cpu.retired = retired;
    cpu.llAddr = io[IO_LL]!; // for a run that continues this one
    this.resumeAt.set(st, pc);
    return Exit.BudgetExhausted;
  }

  /** Breakpoints were set: traces that hold one must not run (they are compiled again without it when hot). */
  private dropTracesOver(bps: ReadonlySet<number>): void {
    for (const t of [...this.code.traces()]) {
      if (t.members.some((b) => this.breakpointIn(b, bps, undefined) >= 0)) t.discard();
    }
  }

  /** Length of the block starting at word `idx` of the frame (decoding its instructions into the code cache). */
  private measure(frame: number, idx: number): number {
    const ops = this.code.page(frame);
    const i32 = this.mem.i32;
    const base = frame >> 2;
    return blockLength(idx, (k) => i32[base + k]!, (k) => opAt(ops, i32, base, k));
  }

  /** The block at `pc` in the address space (if it was ever entered). */
  private lookup(xmap: Int32Array, pc: number): Block | undefined {
    const f = xmap[pc >>> 12]!;
    if (f === Frame.None || (pc & 3) !== 0) return undefined;
    const b = this.code.existingBlocks(f)?.at[(pc >>> 2) & 1023];
    return b !== undefined && b.pc === pc && b.frame === f ? b : undefined;
  }

  /**
   * Compiles a trace headed by `head`: from each block on to the block it usually led to while interpreted (a `jr $ra`
   * to the return address of a call made earlier in the trace; a block that branches to itself is an inner loop, the
   * trace going on where it leaves), while those are warm, until the way leads back into the trace or out. (Adding
   * the other arms of branches as further paths was tried: the engine then optimizes the bigger function worse.)
   */
  private compile(as: AddressSpace, head: Block, bps: ReadonlySet<number> | undefined): boolean {
    const xmap = as.execMap;
    if (bps !== undefined && this.breakpointIn(head, bps, undefined) >= 0) return false;
    const threshold = this.cpu.config.jitThreshold ?? ENV_THRESHOLD ?? DEFAULT_JIT_THRESHOLD;
    const warm = Math.max(1, threshold >> 3);
    const blocks: Block[] = [];
    const next = new Map<Block, number | undefined>();
    let size = 0;
    const member = (pc: number): boolean => blocks.some((b) => b.pc === pc);
    // A block already compiled is left to its own trace: copying it in would bury its loops in the middle of a
    // bigger function, which the engine optimizes worse (measured: strmem's memcpy loop ran 4 times slower).
    const usable = (s: Block | undefined): s is Block => s !== undefined && s.len > 0 && s.fn === null && s.count >= warm
      && size + s.len <= MAX_TRACE_INSNS && blocks.length < MAX_TRACE_BLOCKS
      && (bps === undefined || this.breakpointIn(s, bps, undefined) < 0);
    const path = (start: Block): void => {
      // Return addresses of the calls made along the path: a `jr $ra` goes back to the latest.
      const calls: number[] = [];
      for (let b = start; ;) {
        blocks.push(b);
        size += b.len;
        next.set(b, undefined);
        const end = this.branchOf(b);
        let to = b.usualNext(this.isSelfLoop(b) ? b.pc : Number.NaN);
        if (end?.link !== undefined) calls.push(end.link);
        if (end?.returns && calls.length > 0) to = calls.pop();
        if (to === undefined || !this.canFollow(b, to)) return;
        if (member(to)) {
          next.set(b, to);
          return;
        }
        const s = this.lookup(xmap, to);
        if (!usable(s)) return;
        next.set(b, to);
        b = s;
      }
    };
    path(head);
    // The other arm of a branch that is often taken, when it comes back into the trace within a couple of blocks
    // (an if/else in a loop body): it joins the trace. Longer detours are left out (bigger functions that the
    // engine optimizes worse cost more than the exits they save).
    for (let i = 0, main = blocks.length; i < main; i++) {
      const b = blocks[i]!;
      const total = b.nextCount.reduce((a, c) => a + c, 0);
      b.next.forEach((pc, j) => {
        if (b.nextCount[j]! * 8 < total || member(pc) || !this.canFollow(b, pc)) return;
        const side: Block[] = [];
        let extra = 0;
        for (let at: number | undefined = pc; side.length < MAX_SIDE_BLOCKS;) {
          const s = this.lookup(xmap, at);
          if (s === undefined || side.includes(s) || !usable(s) || size + extra + s.len > MAX_TRACE_INSNS) return;
          side.push(s);
          extra += s.len;
          const end = this.branchOf(s);
          at = end?.returns === true ? undefined : s.usualNext(this.isSelfLoop(s) ? s.pc : Number.NaN);
          if (at === undefined || !this.canFollow(s, at)) return;
          if (member(at)) {
            side.forEach((x, k) => {
              blocks.push(x);
              next.set(x, k + 1 < side.length ? side[k + 1]!.pc : at);
            });
            size += extra;
            return;
          }
        }
      });
    }
    const i32 = this.mem.i32;
    const trace: TraceBlock[] = blocks.map((b) => {
      const ops = this.code.page(b.frame);
      const base = b.frame >> 2;
      const idx = (b.pc >>> 2) & 1023;
      return {
        pc: b.pc, len: b.len, vpn: b.pc >>> 12, frame: b.frame, next: next.get(b),
        word: (j) => i32[base + idx + j]!, op: (j) => opAt(ops, i32, base, idx + j),
      };
    });
    const compiled = compileTrace(this.cpu, trace, { checkLocals: this.cpu.config.jitCheckLocals ?? ENV_CHECK_LOCALS });
    if (compiled === undefined) {
      compilerAvailable = false;
      head.len = 0;
      return false;
    }
    // Every block of the trace without a trace of its own enters this one (a run that ran out of budget inside a
    // loop resumes in it, and so does a trace's exit into another's middle).
    head.fn = compiled.fn;
    head.guardVpn = -1;
    const hv = head.pc >>> 12;
    for (const b of blocks) {
      if (b === head || b.fn !== null) continue;
      b.fn = compiled.fn;
      b.guardVpn = (b.pc >>> 12) === hv ? -1 : hv;
      b.guardFrame = head.frame;
    }
    const record = new Trace(compiled.fn, blocks);
    for (const f of new Set(blocks.map((b) => b.frame))) {
      const page = this.code.blocks(f);
      page.traces = page.traces.filter((t) => t.live);
      page.traces.push(record);
    }
    this.code.compiled++;
    if (compiled.locals) this.code.compiledWithLocals++;
    return true;
  }

  /**
   * Where the first breakpoint in the block is, as an instruction index: 0 at its start (unless it is `skip`, the one
   * being resumed from), -1 when none is. A delay slot does not count: a run cannot stop between a branch and its
   * slot, so a breakpoint there is reached only when that instruction runs outside a slot.
   */
  private breakpointIn(b: Block, bps: ReadonlySet<number>, skip: number | undefined): number {
    const n = b.len === 0 ? 1 : this.branchOf(b) !== undefined ? b.len - 1 : b.len;
    for (let k = 0; k < n; k++) {
      const a = (b.pc + 4 * k) | 0;
      if (bps.has(a >>> 0) && !(k === 0 && a === skip)) return k;
    }
    return -1;
  }

  /** The block ends with a branch to its own start. */
  private isSelfLoop(b: Block): boolean {
    const end = this.branchOf(b);
    return end !== undefined && end.targets.includes(b.pc) && end.direct;
  }

  /** Whether the block's code can go to `pc` (a recorded successor may come from a partial interpretation). */
  private canFollow(b: Block, pc: number): boolean {
    const end = this.branchOf(b);
    if (end === undefined) return pc === ((b.pc + 4 * b.len) | 0);
    return !end.direct || end.targets.includes(pc);
  }

  /**
   * The branch ending a block: its possible targets when direct (taken and not taken), the return address it leaves
   * in $ra if it is a call, and whether it is a return (`jr $ra`).
   */
  private branchOf(b: Block): { direct: boolean; targets: number[]; link?: number; returns?: boolean } | undefined {
    if (b.len < 2) return undefined;
    const i32 = this.mem.i32;
    const ops = this.code.page(b.frame);
    const base = b.frame >> 2;
    const k = ((b.pc >>> 2) & 1023) + b.len - 2;
    const w = i32[base + k]!;
    const op = opAt(ops, i32, base, k);
    if (flowOf(op, w) !== Flow.Branch) return undefined;
    const cur = (b.pc + 4 * (b.len - 2)) | 0;
    const fall = (cur + 8) | 0;
    switch (op) {
      case Op.Jr: return { direct: false, targets: [], returns: ((w >>> 21) & 31) === 31 };
      case Op.Jalr: return { direct: false, targets: [], ...(((w >>> 11) & 31) === 31 ? { link: fall } : {}) };
      case Op.J: return { direct: true, targets: [(cur & 0xf0000000) | ((w & 0x03ffffff) << 2)] };
      case Op.Jal: return { direct: true, targets: [(cur & 0xf0000000) | ((w & 0x03ffffff) << 2)], link: fall };
      case Op.Bltzal: case Op.Bgezal: case Op.Bltzall: case Op.Bgezall:
        return { direct: true, targets: [(cur + 4 + ((w << 16) >> 14)) | 0, fall], link: fall };
      default: return { direct: true, targets: [(cur + 4 + ((w << 16) >> 14)) | 0, fall] };
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
