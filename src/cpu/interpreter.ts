/**
 * The reference interpreter: executes guest instructions until an exception or the budget, with exact MIPS
 * branch-delay semantics. It knows nothing of Linux — every exception is an exit reason for the kernel.
 *
 * Delay slots use the classic pc/npc pair: before an instruction runs, pc advances to npc and npc by 4; a branch
 * sets npc, so its delay slot (now at pc) runs before control reaches the target. A register jump reads its
 * register when it executes, before the slot can change it. `delaySlot` marks that the next instruction sits in a
 * slot, so that an exception there reports EPC = the branch and BD = 1, as the hardware does.
 *
 * Hot-path rules: registers, memory views and page maps live in locals; exits set fields and `break run`.
 */
import { Perm } from '../mm/vma.js';
import type { AddressSpace } from '../mm/address-space.js';
import { Frame, type PhysicalMemory } from '../mm/physical.js';
import { Op } from '../isa/ops.js';
import { decodeOp } from '../isa/decode.js';
import { FpuOutcome, executeCop1, writeFcsr } from '../fpu/cop1.js';
import { mulHighSigned, mulHighUnsigned } from './arith.js';
import type { CodeCache } from './code-cache.js';
import { Exit } from './exit.js';
import { HI, LO, type CpuState } from './state.js';
import { mergeFpuControl, readFpuControl } from './fpu-control.js';
import { Jit, jitAvailable } from './jit.js';

/** Hardware registers that `rdhwr` can read, by number. */
export const enum HwReg {
  CpuNum = 0,
  SynciStep = 1,
  CycleCounter = 2,
  CounterResolution = 3,
  UserLocal = 29,
}

export interface CpuConfig {
  /** CP0 HWREna: bit n set lets user mode read hardware register n; otherwise rdhwr raises Reserved Instruction. */
  hwrEna: number;
  /** CPUNum (`rdhwr $0`) of a Cpu constructed without a number of its own (a config shared by several CPUs has one). */
  cpuNumber: number;
  /** Cache line size reported by `rdhwr $1` (SYNCI_Step). */
  synciStep: number;
  /**
   * CP0 Count as `rdhwr $2` reads it, `retiredInRun` instructions into the current Cpu.run (a machine whose time is
   * derived from the work done needs them: the run is charged only when it ends).
   */
  readCounter(retiredInRun: number): number;
  /**
   * Run hot guest code through the block compiler (src/cpu/jit.ts); default true. False keeps every instruction in
   * this interpreter, for environments where `new Function` is forbidden (a strict CSP) and for differential tests.
   * The two modes are observably identical, instruction counts included.
   */
  jit?: boolean;
  /** Executions of a block before it is compiled (default DEFAULT_JIT_THRESHOLD, or $TRAPGATE_JIT_THRESHOLD). */
  jitThreshold?: number;
  /**
   * Assertion mode of the block compiler, for tests (default off, or on with $TRAPGATE_JIT_CHECK=1): compiled code
   * checks that every register it keeps in a JavaScript local is an int32, and throws if not (see CompileOptions).
   */
  jitCheckLocals?: boolean;
}

const EMPTY_OPS = new Uint8Array(1024);

/** How a run continues the one before it (see Cpu.run). */
export interface RunResume {
  /** The previous piece stopped for a breakpoint here: this run executes the instruction. */
  breakpointAt?: number;
}

export class Cpu {
  // The last exit, as CP0 would describe it.
  /** Address of the instruction that raised the exception, or of its branch when it sat in a delay slot. */
  epc = 0;
  /** Cause.BD: the excepting instruction was in a delay slot. */
  inDelaySlot = false;
  /** Where execution continues if the kernel completes the excepting instruction itself (emulation, syscall). */
  resumePc = 0;
  badVAddr = 0;
  /** Break/trap code or coprocessor number. */
  code = 0;
  /** Kind of access for AddressError/PageFault. */
  access = Perm.None;
  /** Instructions retired by the last run (a syscall counts; an instruction that faults does not). */
  retired = 0;

  /**
   * LLbit and the physical address it guards, carried between the pieces of one run when the block compiler
   * splits it (the interpreter keeps it in a local); -1 when clear.
   */
  llAddr = -1;
  /** Instructions retired in the current run before the piece now executing (the block compiler splits runs). */
  runRetired = 0;
  /**
   * Addresses before which a run stops with Exit.Breakpoint (undefined or empty: none). Checked where the state is a
   * single pc — never between a branch and its delay slot, like the budget — and by the block compiler too, which
   * leaves every block and trace that holds one to the interpreter.
   */
  breakpoints: ReadonlySet<number> | undefined;
  private jit_: Jit | undefined;
  private readonly ownNumber: number | undefined;

  /**
   * @param cpuNumber this CPU's number, when several CPUs share `config` (a machine's CPUs share the decode and the
   *   compiled code, and one config, but each has its own exception state and number); else config.cpuNumber.
   */
  constructor(private readonly mem: PhysicalMemory, private readonly code_: CodeCache, public config: CpuConfig,
    cpuNumber?: number) {
    this.ownNumber = cpuNumber;
    code_.seat.cpu ??= this;
  }

  /** Through which compiled code shared by several CPUs finds the one running it (see CodeCache.seat). */
  get seat(): { cpu: Cpu | undefined } {
    return this.code_.seat;
  }

  /** CPUNum, what `rdhwr $0` reads. */
  get cpuNumber(): number {
    return this.ownNumber ?? this.config.cpuNumber;
  }

  /** Blocks the block compiler has compiled so far (on every CPU sharing this one's code cache). */
  get compiledBlocks(): number {
    return this.code_.compiled;
  }

  /** Of those, the traces that keep registers in JavaScript locals (several blocks, or a loop). */
  get compiledWithLocals(): number {
    return this.code_.compiledWithLocals;
  }

  /**
   * Runs the thread until an exception, a breakpoint, or until `budget` instructions have retired (the budget never
   * expires between a branch and its delay slot). Compiled blocks and this interpreter give the same result, field
   * for field. `resume` continues a run that stopped early (a breakpoint, or an embedder's slice that ended inside a
   * scheduler turn) so that the two pieces are one run: LLbit is kept, and a breakpoint at `resume.breakpointAt`
   * (where the previous piece stopped for it) does not stop the run again before that instruction executes.
   */
  run(st: CpuState, as: AddressSpace, budget: number, resume?: RunResume): Exit {
    const bps = this.breakpoints !== undefined && this.breakpoints.size > 0 ? this.breakpoints : undefined;
    const skipAt = resume?.breakpointAt;
    if (this.config.jit !== false && jitAvailable()) {
      this.jit_ ??= new Jit(this, this.mem, this.code_);
      return this.jit_.run(st, as, budget, resume !== undefined, bps, skipAt);
    }
    if (resume === undefined) this.llAddr = -1;
    this.runRetired = 0;
    if (bps !== undefined) return this.interpretToBreakpoint(st, as, budget, bps, skipAt);
    return this.interpret(st, as, budget, (st.pc + 4) | 0, false);
  }

  /** The interpreter alone with breakpoints: one instruction (a branch with its slot) at a time. */
  private interpretToBreakpoint(st: CpuState, as: AddressSpace, budget: number, bps: ReadonlySet<number>,
    skipAt: number | undefined): Exit {
    let total = 0;
    let skip = skipAt;
    while (total < budget) {
      const pc = st.pc | 0;
      if (bps.has(pc >>> 0) && skip !== pc) {
        this.retired = total;
        return Exit.Breakpoint;
      }
      skip = undefined;
      this.runRetired = total;
      const exit = this.interpret(st, as, 1, (pc + 4) | 0, false);
      total += this.retired;
      if (exit !== Exit.BudgetExhausted) {
        this.retired = total;
        return exit;
      }
    }
    this.retired = total;
    return Exit.BudgetExhausted;
  }

  /**
   * The interpreter proper. It starts at st.pc with the given npc and delay-slot flag (the block compiler resumes it
   * inside a delay slot when a compiled slot instruction must raise an exception) and with LLbit from `llAddr`,
   * which it leaves there on exit.
   */
  interpret(st: CpuState, as: AddressSpace, budget: number, startNpc: number, startInSlot: boolean): Exit {
    const r = st.r;
    const fpu = st.fpu;
    const fr = fpu.raw;
    const mem = this.mem;
    const u8 = mem.u8, i8 = mem.i8, u16 = mem.u16, i16 = mem.i16, i32 = mem.i32;
    const rmap = as.readMap, wmap = as.writeMap, xmap = as.execMap;
    const code = this.code_;

    let pc = st.pc | 0;
    let npc = startNpc | 0;
    let delaySlot = startInSlot;
    let retired = 0;
    let codeVpn = -1;
    let codeWord = 0;
    let ops: Uint8Array = EMPTY_OPS;
    // LLbit and the physical address it guards. It is cleared at the start of every run (`run`, and the block
    // compiler's own run): an exception return (eret) clears it, and since vCPUs take turns on one host thread,
    // any write by another CPU happens between runs.
    let llAddr = this.llAddr;

    let exit: Exit = Exit.BudgetExhausted;
    let cur = pc;
    let inSlot = false;
    let bad = 0;
    let access = Perm.None;
    let excCode = 0;

    run: for (;;) {
      if (retired >= budget && !delaySlot) break;
      const vpn = pc >>> 12;
      if (((vpn ^ codeVpn) | (pc & 3)) !== 0) {
        const frame = xmap[vpn]!;
        if (frame === Frame.None || (pc & 3) !== 0) {
          cur = pc; inSlot = delaySlot; bad = pc; access = Perm.Exec;
          exit = (pc & 3) !== 0 ? Exit.AddressError : Exit.PageFault;
          break;
        }
        ops = code.page(frame);
        if (wmap[vpn]! !== Frame.None) as.markCode(vpn);
        codeVpn = vpn;
        codeWord = frame >> 2;
      }
      const idx = (pc >>> 2) & 1023;
      const w = i32[codeWord + idx]!;
      let op = ops[idx]!;
      if (op === Op.Undecoded) {
        op = decodeOp(w);
        ops[idx] = op;
      }
      cur = pc;
      pc = npc;
      npc = (npc + 4) | 0;
      inSlot = delaySlot;
      delaySlot = false;

      switch (op) {
        case Op.Nop:
        case Op.Sync:
        case Op.Pref:
        case Op.Prefx:
          break;

        // ------------------------------------------------------------ shifts
        case Op.Sll: r[(w >>> 11) & 31] = r[(w >>> 16) & 31]! << ((w >>> 6) & 31); break;
        case Op.Srl: r[(w >>> 11) & 31] = r[(w >>> 16) & 31]! >>> ((w >>> 6) & 31); break;
        case Op.Sra: r[(w >>> 11) & 31] = r[(w >>> 16) & 31]! >> ((w >>> 6) & 31); break;
        case Op.Rotr: {
          const v = r[(w >>> 16) & 31]!, s = (w >>> 6) & 31;
          r[(w >>> 11) & 31] = (v >>> s) | (v << (32 - s));
          break;
        }
        case Op.Sllv: r[(w >>> 11) & 31] = r[(w >>> 16) & 31]! << (r[(w >>> 21) & 31]! & 31); break;
        case Op.Srlv: r[(w >>> 11) & 31] = r[(w >>> 16) & 31]! >>> (r[(w >>> 21) & 31]! & 31); break;
        case Op.Srav: r[(w >>> 11) & 31] = r[(w >>> 16) & 31]! >> (r[(w >>> 21) & 31]! & 31); break;
        case Op.Rotrv: {
          const v = r[(w >>> 16) & 31]!, s = r[(w >>> 21) & 31]! & 31;
          r[(w >>> 11) & 31] = (v >>> s) | (v << (32 - s));
          break;
        }

        // ------------------------------------------------------------ jumps and branches
        case Op.Jr: {
          npc = r[(w >>> 21) & 31]!; // a misaligned target raises its address error at the fetch
          delaySlot = true;
          break;
        }
        case Op.Jalr: {
          const target = r[(w >>> 21) & 31]!;
          const rd = (w >>> 11) & 31;
          if (rd !== 0) r[rd] = (cur + 8) | 0;
          npc = target;
          delaySlot = true;
          break;
        }
        case Op.J: npc = (cur & 0xf0000000) | ((w & 0x03ffffff) << 2); delaySlot = true; break;
        case Op.Jal: r[31] = (cur + 8) | 0; npc = (cur & 0xf0000000) | ((w & 0x03ffffff) << 2); delaySlot = true; break;
        case Op.Beq: if (r[(w >>> 21) & 31] === r[(w >>> 16) & 31]) npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; break;
        case Op.Bne: if (r[(w >>> 21) & 31] !== r[(w >>> 16) & 31]) npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; break;
        case Op.Blez: if (r[(w >>> 21) & 31]! <= 0) npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; break;
        case Op.Bgtz: if (r[(w >>> 21) & 31]! > 0) npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; break;
        case Op.Bltz: if (r[(w >>> 21) & 31]! < 0) npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; break;
        case Op.Bgez: if (r[(w >>> 21) & 31]! >= 0) npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; break;
        case Op.Bltzal: {
          const taken = r[(w >>> 21) & 31]! < 0; // read before the link register is written
          r[31] = (cur + 8) | 0;
          if (taken) npc = (pc + ((w << 16) >> 14)) | 0;
          delaySlot = true;
          break;
        }
        case Op.Bgezal: {
          const taken = r[(w >>> 21) & 31]! >= 0;
          r[31] = (cur + 8) | 0;
          if (taken) npc = (pc + ((w << 16) >> 14)) | 0;
          delaySlot = true;
          break;
        }
        // Likely branches: when not taken, the delay slot is annulled (skipped without executing).
        case Op.Beql:
          if (r[(w >>> 21) & 31] === r[(w >>> 16) & 31]) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; } else { pc = npc; npc = (npc + 4) | 0; }
          break;
        case Op.Bnel:
          if (r[(w >>> 21) & 31] !== r[(w >>> 16) & 31]) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; } else { pc = npc; npc = (npc + 4) | 0; }
          break;
        case Op.Blezl:
          if (r[(w >>> 21) & 31]! <= 0) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; } else { pc = npc; npc = (npc + 4) | 0; }
          break;
        case Op.Bgtzl:
          if (r[(w >>> 21) & 31]! > 0) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; } else { pc = npc; npc = (npc + 4) | 0; }
          break;
        case Op.Bltzl:
          if (r[(w >>> 21) & 31]! < 0) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; } else { pc = npc; npc = (npc + 4) | 0; }
          break;
        case Op.Bgezl:
          if (r[(w >>> 21) & 31]! >= 0) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; } else { pc = npc; npc = (npc + 4) | 0; }
          break;
        case Op.Bltzall: {
          const taken = r[(w >>> 21) & 31]! < 0;
          r[31] = (cur + 8) | 0;
          if (taken) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; } else { pc = npc; npc = (npc + 4) | 0; }
          break;
        }
        case Op.Bgezall: {
          const taken = r[(w >>> 21) & 31]! >= 0;
          r[31] = (cur + 8) | 0;
          if (taken) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; } else { pc = npc; npc = (npc + 4) | 0; }
          break;
        }

        // ------------------------------------------------------------ conditional moves
        case Op.Movz: if (r[(w >>> 16) & 31] === 0) r[(w >>> 11) & 31] = r[(w >>> 21) & 31]!; break;
        case Op.Movn: if (r[(w >>> 16) & 31] !== 0) r[(w >>> 11) & 31] = r[(w >>> 21) & 31]!; break;
        case Op.Movci: {
          if (!st.cu1) { exit = Exit.CoprocessorUnusable; excCode = 1; break run; }
          const cc = (w >>> 18) & 7;
          const bit = (fpu.fcsr >>> (cc === 0 ? 23 : 24 + cc)) & 1;
          if (bit === ((w >>> 16) & 1)) {
            const rd = (w >>> 11) & 31;
            if (rd !== 0) r[rd] = r[(w >>> 21) & 31]!;
          }
          break;
        }

        // ------------------------------------------------------------ exceptions
        case Op.Syscall: retired++; exit = Exit.Syscall; break run;
        case Op.Break: exit = Exit.Break; excCode = (w >>> 6) & 0xfffff; break run;
        case Op.Tge: if (r[(w >>> 21) & 31]! >= r[(w >>> 16) & 31]!) { exit = Exit.Trap; excCode = (w >>> 6) & 0x3ff; break run; } break;
        case Op.Tgeu: if (r[(w >>> 21) & 31]! >>> 0 >= r[(w >>> 16) & 31]! >>> 0) { exit = Exit.Trap; excCode = (w >>> 6) & 0x3ff; break run; } break;
        case Op.Tlt: if (r[(w >>> 21) & 31]! < r[(w >>> 16) & 31]!) { exit = Exit.Trap; excCode = (w >>> 6) & 0x3ff; break run; } break;
        case Op.Tltu: if (r[(w >>> 21) & 31]! >>> 0 < r[(w >>> 16) & 31]! >>> 0) { exit = Exit.Trap; excCode = (w >>> 6) & 0x3ff; break run; } break;
        case Op.Teq: if (r[(w >>> 21) & 31] === r[(w >>> 16) & 31]) { exit = Exit.Trap; excCode = (w >>> 6) & 0x3ff; break run; } break;
        case Op.Tne: if (r[(w >>> 21) & 31] !== r[(w >>> 16) & 31]) { exit = Exit.Trap; excCode = (w >>> 6) & 0x3ff; break run; } break;
        case Op.Tgei: if (r[(w >>> 21) & 31]! >= (w << 16) >> 16) { exit = Exit.Trap; excCode = 0; break run; } break;
        case Op.Tgeiu: if (r[(w >>> 21) & 31]! >>> 0 >= ((w << 16) >> 16) >>> 0) { exit = Exit.Trap; excCode = 0; break run; } break;
        case Op.Tlti: if (r[(w >>> 21) & 31]! < (w << 16) >> 16) { exit = Exit.Trap; excCode = 0; break run; } break;
        case Op.Tltiu: if (r[(w >>> 21) & 31]! >>> 0 < ((w << 16) >> 16) >>> 0) { exit = Exit.Trap; excCode = 0; break run; } break;
        case Op.Teqi: if (r[(w >>> 21) & 31] === (w << 16) >> 16) { exit = Exit.Trap; excCode = 0; break run; } break;
        case Op.Tnei: if (r[(w >>> 21) & 31] !== (w << 16) >> 16) { exit = Exit.Trap; excCode = 0; break run; } break;
        case Op.Invalid: exit = Exit.ReservedInstruction; break run;
        case Op.CoprocessorUnusable: exit = Exit.CoprocessorUnusable; excCode = (w >>> 26) === 0x2f ? 0 : (w >>> 26) & 3; break run;

        // ------------------------------------------------------------ HI/LO
        case Op.Mfhi: r[(w >>> 11) & 31] = r[HI]!; break;
        case Op.Mflo: r[(w >>> 11) & 31] = r[LO]!; break;
        case Op.Mthi: r[HI] = r[(w >>> 21) & 31]!; break;
        case Op.Mtlo: r[LO] = r[(w >>> 21) & 31]!; break;
        case Op.Mult: {
          const a = r[(w >>> 21) & 31]!, b = r[(w >>> 16) & 31]!;
          r[LO] = Math.imul(a, b); r[HI] = mulHighSigned(a, b);
          break;
        }
        case Op.Multu: {
          const a = r[(w >>> 21) & 31]!, b = r[(w >>> 16) & 31]!;
          r[LO] = Math.imul(a, b); r[HI] = mulHighUnsigned(a, b);
          break;
        }
        case Op.Mul: r[(w >>> 11) & 31] = Math.imul(r[(w >>> 21) & 31]!, r[(w >>> 16) & 31]!); break;
        case Op.Madd:
        case Op.Maddu:
        case Op.Msub:
        case Op.Msubu: {
          const a = r[(w >>> 21) & 31]!, b = r[(w >>> 16) & 31]!;
          const lo = Math.imul(a, b) >>> 0;
          const hi = op === Op.Madd || op === Op.Msub ? mulHighSigned(a, b) : mulHighUnsigned(a, b);
          if (op === Op.Madd || op === Op.Maddu) {
            const sum = (r[LO]! >>> 0) + lo;
            r[LO] = sum | 0;
            r[HI] = (r[HI]! + hi + (sum > 0xffffffff ? 1 : 0)) | 0;
          } else {
            const diff = (r[LO]! >>> 0) - lo;
            r[LO] = diff | 0;
            r[HI] = (r[HI]! - hi - (diff < 0 ? 1 : 0)) | 0;
          }
          break;
        }
        // Division by zero leaves HI/LO architecturally unpredictable; like qemu, divide by 1 instead.
        case Op.Div: {
          const a = r[(w >>> 21) & 31]!, b = r[(w >>> 16) & 31]! || 1;
          r[LO] = (a / b) | 0; r[HI] = (a % b) | 0;
          break;
        }
        case Op.Divu: {
          const a = r[(w >>> 21) & 31]! >>> 0, b = (r[(w >>> 16) & 31]! >>> 0) || 1;
          r[LO] = (a / b) >>> 0; r[HI] = (a % b) | 0;
          break;
        }

        // ------------------------------------------------------------ ALU
        case Op.Add: {
          const s = r[(w >>> 21) & 31]! + r[(w >>> 16) & 31]!;
          if (s > 0x7fffffff || s < -0x80000000) { exit = Exit.Overflow; break run; }
          const rd = (w >>> 11) & 31;
          if (rd !== 0) r[rd] = s;
          break;
        }
        case Op.Sub: {
          const s = r[(w >>> 21) & 31]! - r[(w >>> 16) & 31]!;
          if (s > 0x7fffffff || s < -0x80000000) { exit = Exit.Overflow; break run; }
          const rd = (w >>> 11) & 31;
          if (rd !== 0) r[rd] = s;
          break;
        }
        case Op.Addi: {
          const s = r[(w >>> 21) & 31]! + ((w << 16) >> 16);
          if (s > 0x7fffffff || s < -0x80000000) { exit = Exit.Overflow; break run; }
          const rt = (w >>> 16) & 31;
          if (rt !== 0) r[rt] = s;
          break;
        }
        case Op.Addu: r[(w >>> 11) & 31] = (r[(w >>> 21) & 31]! + r[(w >>> 16) & 31]!) | 0; break;
        case Op.Subu: r[(w >>> 11) & 31] = (r[(w >>> 21) & 31]! - r[(w >>> 16) & 31]!) | 0; break;
        case Op.And: r[(w >>> 11) & 31] = r[(w >>> 21) & 31]! & r[(w >>> 16) & 31]!; break;
        case Op.Or: r[(w >>> 11) & 31] = r[(w >>> 21) & 31]! | r[(w >>> 16) & 31]!; break;
        case Op.Xor: r[(w >>> 11) & 31] = r[(w >>> 21) & 31]! ^ r[(w >>> 16) & 31]!; break;
        case Op.Nor: r[(w >>> 11) & 31] = ~(r[(w >>> 21) & 31]! | r[(w >>> 16) & 31]!); break;
        case Op.Slt: r[(w >>> 11) & 31] = r[(w >>> 21) & 31]! < r[(w >>> 16) & 31]! ? 1 : 0; break;
        case Op.Sltu: r[(w >>> 11) & 31] = r[(w >>> 21) & 31]! >>> 0 < r[(w >>> 16) & 31]! >>> 0 ? 1 : 0; break;
        case Op.Addiu: r[(w >>> 16) & 31] = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0; break;
        case Op.Slti: r[(w >>> 16) & 31] = r[(w >>> 21) & 31]! < (w << 16) >> 16 ? 1 : 0; break;
        case Op.Sltiu: r[(w >>> 16) & 31] = r[(w >>> 21) & 31]! >>> 0 < ((w << 16) >> 16) >>> 0 ? 1 : 0; break;
        case Op.Andi: r[(w >>> 16) & 31] = r[(w >>> 21) & 31]! & (w & 0xffff); break;
        case Op.Ori: r[(w >>> 16) & 31] = r[(w >>> 21) & 31]! | (w & 0xffff); break;
        case Op.Xori: r[(w >>> 16) & 31] = r[(w >>> 21) & 31]! ^ (w & 0xffff); break;
        case Op.Lui: r[(w >>> 16) & 31] = w << 16; break;
        case Op.Clz: r[(w >>> 11) & 31] = Math.clz32(r[(w >>> 21) & 31]!); break;
        case Op.Clo: r[(w >>> 11) & 31] = Math.clz32(~r[(w >>> 21) & 31]!); break;
        case Op.Ext: {
          const pos = (w >>> 6) & 31, size = ((w >>> 11) & 31) + 1;
          const v = r[(w >>> 21) & 31]! >>> pos;
          r[(w >>> 16) & 31] = size === 32 ? v : v & ((1 << size) - 1);
          break;
        }
        case Op.Ins: {
          const lsb = (w >>> 6) & 31, size = ((w >>> 11) & 31) - lsb + 1;
          const mask = (size >= 32 ? -1 : (1 << size) - 1) << lsb;
          const rt = (w >>> 16) & 31;
          r[rt] = (r[rt]! & ~mask) | ((r[(w >>> 21) & 31]! << lsb) & mask);
          break;
        }
        case Op.Wsbh: {
          const v = r[(w >>> 16) & 31]!;
          r[(w >>> 11) & 31] = ((v & 0x00ff00ff) << 8) | ((v >>> 8) & 0x00ff00ff);
          break;
        }
        case Op.Seb: r[(w >>> 11) & 31] = (r[(w >>> 16) & 31]! << 24) >> 24; break;
        case Op.Seh: r[(w >>> 11) & 31] = (r[(w >>> 16) & 31]! << 16) >> 16; break;
        case Op.Rdhwr: {
          const hw = (w >>> 11) & 31;
          if (((this.config.hwrEna >>> hw) & 1) === 0) { exit = Exit.ReservedInstruction; break run; }
          let v: number;
          switch (hw) {
            case HwReg.CpuNum: v = this.cpuNumber; break;
            case HwReg.SynciStep: v = this.config.synciStep; break;
            case HwReg.CycleCounter: v = this.config.readCounter(this.runRetired + retired) | 0; break;
            case HwReg.CounterResolution: v = 2; break;
            case HwReg.UserLocal: v = st.userLocal; break;
            default: exit = Exit.ReservedInstruction; break run;
          }
          const rt = (w >>> 16) & 31;
          if (rt !== 0) r[rt] = v;
          break;
        }

        // ------------------------------------------------------------ loads
        case Op.Lb: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = rmap[a >>> 12]!;
          if (o === Frame.None) { bad = a; access = Perm.Read; exit = Exit.PageFault; break run; }
          const rt = (w >>> 16) & 31;
          if (rt !== 0) r[rt] = i8[o + (a & 4095)]!;
          break;
        }
        case Op.Lbu: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = rmap[a >>> 12]!;
          if (o === Frame.None) { bad = a; access = Perm.Read; exit = Exit.PageFault; break run; }
          const rt = (w >>> 16) & 31;
          if (rt !== 0) r[rt] = u8[o + (a & 4095)]!;
          break;
        }
        case Op.Lh:
        case Op.Lhu: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = rmap[a >>> 12]!;
          if ((a & 1) !== 0 || o === Frame.None) { bad = a; access = Perm.Read; exit = (a & 1) !== 0 ? Exit.AddressError : Exit.PageFault; break run; }
          const rt = (w >>> 16) & 31;
          if (rt !== 0) r[rt] = op === Op.Lh ? i16[(o + (a & 4095)) >> 1]! : u16[(o + (a & 4095)) >> 1]!;
          break;
        }
        case Op.Lw:
        case Op.Ll: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = rmap[a >>> 12]!;
          if ((a & 3) !== 0 || o === Frame.None) { bad = a; access = Perm.Read; exit = (a & 3) !== 0 ? Exit.AddressError : Exit.PageFault; break run; }
          const rt = (w >>> 16) & 31;
          if (rt !== 0) r[rt] = i32[(o + (a & 4095)) >> 2]!;
          if (op === Op.Ll) llAddr = o + (a & 4095);
          break;
        }
        case Op.Lwl:
        case Op.Lwr: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = rmap[a >>> 12]!;
          if (o === Frame.None) { bad = a; access = Perm.Read; exit = Exit.PageFault; break run; }
          const word = i32[(o + (a & 4092)) >> 2]!;
          const rt = (w >>> 16) & 31;
          const old = r[rt]!;
          let v: number;
          if (op === Op.Lwl) {
            const sh = (3 - (a & 3)) << 3; // little-endian: the addressed byte becomes the most significant
            v = (word << sh) | (old & ((1 << sh) - 1));
          } else {
            const sh = (a & 3) << 3;
            v = (word >>> sh) | (old & ~(0xffffffff >>> sh));
          }
          if (rt !== 0) r[rt] = v;
          break;
        }

        // ------------------------------------------------------------ stores
        case Op.Sb: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = wmap[a >>> 12]!;
          if (o === Frame.None) { bad = a; access = Perm.Write; exit = Exit.PageFault; break run; }
          u8[o + (a & 4095)] = r[(w >>> 16) & 31]!;
          break;
        }
        case Op.Sh: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = wmap[a >>> 12]!;
          if ((a & 1) !== 0 || o === Frame.None) { bad = a; access = Perm.Write; exit = (a & 1) !== 0 ? Exit.AddressError : Exit.PageFault; break run; }
          u16[(o + (a & 4095)) >> 1] = r[(w >>> 16) & 31]!;
          break;
        }
        case Op.Sw: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = wmap[a >>> 12]!;
          if ((a & 3) !== 0 || o === Frame.None) { bad = a; access = Perm.Write; exit = (a & 3) !== 0 ? Exit.AddressError : Exit.PageFault; break run; }
          i32[(o + (a & 4095)) >> 2] = r[(w >>> 16) & 31]!;
          break;
        }
        case Op.Sc: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = wmap[a >>> 12]!;
          if ((a & 3) !== 0 || o === Frame.None) { bad = a; access = Perm.Write; exit = (a & 3) !== 0 ? Exit.AddressError : Exit.PageFault; break run; }
          const rt = (w >>> 16) & 31;
          const ok = llAddr === o + (a & 4095);
          if (ok) i32[(o + (a & 4095)) >> 2] = r[rt]!;
          llAddr = -1;
          if (rt !== 0) r[rt] = ok ? 1 : 0;
          break;
        }
        case Op.Swl:
        case Op.Swr: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = wmap[a >>> 12]!;
          if (o === Frame.None) { bad = a; access = Perm.Write; exit = Exit.PageFault; break run; }
          const at = (o + (a & 4092)) >> 2;
          const word = i32[at]!;
          const v = r[(w >>> 16) & 31]!;
          if (op === Op.Swl) {
            const sh = (3 - (a & 3)) << 3;
            i32[at] = (v >>> sh) | (word & ~(0xffffffff >>> sh));
          } else {
            const sh = (a & 3) << 3;
            i32[at] = (v << sh) | (word & ((1 << sh) - 1));
          }
          break;
        }
        case Op.Synci: {
          const a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
          const o = rmap[a >>> 12]!;
          if (o === Frame.None) { bad = a; access = Perm.Read; exit = Exit.PageFault; break run; }
          mem.noteWrite(o);
          codeVpn = -1; // the current page's decode may just have been dropped
          break;
        }

        // ------------------------------------------------------------ FPU
        case Op.Lwc1:
        case Op.Swc1:
        case Op.Ldc1:
        case Op.Sdc1:
        case Op.Lwxc1:
        case Op.Swxc1:
        case Op.Ldxc1:
        case Op.Sdxc1:
        case Op.Luxc1:
        case Op.Suxc1: {
          if (!st.cu1) { exit = Exit.CoprocessorUnusable; excCode = 1; break run; }
          let a: number, fd: number;
          if (op === Op.Lwc1 || op === Op.Swc1 || op === Op.Ldc1 || op === Op.Sdc1) {
            a = (r[(w >>> 21) & 31]! + ((w << 16) >> 16)) | 0;
            fd = (w >>> 16) & 31;
          } else {
            a = (r[(w >>> 21) & 31]! + r[(w >>> 16) & 31]!) | 0;
            fd = op === Op.Lwxc1 || op === Op.Ldxc1 || op === Op.Luxc1 ? (w >>> 6) & 31 : (w >>> 11) & 31;
            if (op === Op.Luxc1 || op === Op.Suxc1) a &= ~7; // unaligned forms ignore the low address bits
          }
          const isStore = op === Op.Swc1 || op === Op.Sdc1 || op === Op.Swxc1 || op === Op.Sdxc1 || op === Op.Suxc1;
          const isDouble = op === Op.Ldc1 || op === Op.Sdc1 || op === Op.Ldxc1 || op === Op.Sdxc1 || op === Op.Luxc1 || op === Op.Suxc1;
          const o = (isStore ? wmap : rmap)[a >>> 12]!;
          if ((a & (isDouble ? 7 : 3)) !== 0 || o === Frame.None) {
            bad = a; access = isStore ? Perm.Write : Perm.Read;
            exit = (a & (isDouble ? 7 : 3)) !== 0 ? Exit.AddressError : Exit.PageFault;
            break run;
          }
          const at = (o + (a & 4095)) >> 2;
          if (isDouble) {
            const even = fd & ~1; // FR=0: a double lives in the even/odd pair
            if (isStore) { i32[at] = fr[even]!; i32[at + 1] = fr[even + 1]!; } else { fr[even] = i32[at]!; fr[even + 1] = i32[at + 1]!; }
          } else if (isStore) i32[at] = fr[fd]!;
          else fr[fd] = i32[at]!;
          break;
        }
        case Op.Mfc1:
        case Op.Mfhc1:
        case Op.Mtc1:
        case Op.Mthc1: {
          if (!st.cu1) { exit = Exit.CoprocessorUnusable; excCode = 1; break run; }
          const rt = (w >>> 16) & 31, fs = (w >>> 11) & 31;
          if (op === Op.Mfc1) { if (rt !== 0) r[rt] = fr[fs]!; }
          else if (op === Op.Mfhc1) { if (rt !== 0) r[rt] = fr[fs | 1]!; }
          else if (op === Op.Mtc1) fr[fs] = r[rt]!;
          else fr[fs | 1] = r[rt]!;
          break;
        }
        case Op.Cfc1: {
          if (!st.cu1) { exit = Exit.CoprocessorUnusable; excCode = 1; break run; }
          const rt = (w >>> 16) & 31;
          const v = readFpuControl(fpu.fcsr, fpu.fir, (w >>> 11) & 31);
          if (rt !== 0) r[rt] = v;
          break;
        }
        case Op.Ctc1: {
          if (!st.cu1) { exit = Exit.CoprocessorUnusable; excCode = 1; break run; }
          const value = r[(w >>> 16) & 31]!;
          const pending = writeFcsr(fpu, mergeFpuControl(fpu.fcsr, (w >>> 11) & 31, value));
          if (pending) { retired++; cur = pc; inSlot = false; exit = Exit.FloatingPoint; break run; }
          break;
        }
        case Op.Bc1f:
        case Op.Bc1t:
        case Op.Bc1fl:
        case Op.Bc1tl: {
          if (!st.cu1) { exit = Exit.CoprocessorUnusable; excCode = 1; break run; }
          const cc = (w >>> 18) & 7;
          const set = (fpu.fcsr >>> (cc === 0 ? 23 : 24 + cc)) & 1;
          const taken = set === ((w >>> 16) & 1);
          if (taken) { npc = (pc + ((w << 16) >> 14)) | 0; delaySlot = true; }
          else if (op === Op.Bc1fl || op === Op.Bc1tl) { pc = npc; npc = (npc + 4) | 0; }
          else delaySlot = true;
          break;
        }
        case Op.Cop1Arith: {
          if (!st.cu1) { exit = Exit.CoprocessorUnusable; excCode = 1; break run; }
          const outcome = executeCop1(fpu, w, r[(w >>> 16) & 31]!);
          if (outcome !== FpuOutcome.Ok) { exit = outcome === FpuOutcome.Exception ? Exit.FloatingPoint : Exit.ReservedInstruction; break run; }
          break;
        }

        default:
          exit = Exit.ReservedInstruction;
          break run;
      }
      retired++;
    }

    // An exception leaves pc/npc advanced past the excepting instruction; report it the way CP0 does.
    if (exit === Exit.BudgetExhausted) {
      st.pc = pc;
    } else {
      this.epc = inSlot ? (cur - 4) | 0 : cur;
      this.inDelaySlot = inSlot;
      this.resumePc = exit === Exit.PageFault && access === Perm.Exec ? cur : pc;
      this.badVAddr = bad;
      this.access = access;
      this.code = excCode;
      st.pc = this.epc;
    }
    this.retired = retired;
    this.llAddr = llAddr;
    return exit;
  }
}
