/**
 * Semantic operation ids: what an instruction does, independent of how it is encoded.
 * The instruction table (table.ts) maps every encoding to one of these; the interpreter switches on them.
 * A `const enum` so the interpreter's switch compiles to integer literals.
 */
export const enum Op {
  /** Not yet decoded: the interpreter decodes the slot and dispatches again. Must stay 0 (fresh pages are zeroed). */
  Undecoded = 0,
  Invalid,
  Nop,
  // shifts
  Sll, Srl, Sra, Rotr, Sllv, Srlv, Srav, Rotrv,
  // jumps through registers
  Jr, Jalr,
  // conditional moves
  Movz, Movn, Movci,
  // exceptions and barriers
  Syscall, Break, Sync,
  // hi/lo
  Mfhi, Mthi, Mflo, Mtlo, Mult, Multu, Div, Divu, Madd, Maddu, Msub, Msubu, Mul,
  // three-register ALU
  Add, Addu, Sub, Subu, And, Or, Xor, Nor, Slt, Sltu,
  // register traps
  Tge, Tgeu, Tlt, Tltu, Teq, Tne,
  // REGIMM branches and immediate traps
  Bltz, Bgez, Bltzl, Bgezl, Bltzal, Bgezal, Bltzall, Bgezall,
  Tgei, Tgeiu, Tlti, Tltiu, Teqi, Tnei, Synci,
  // jumps and branches
  J, Jal, Beq, Bne, Blez, Bgtz, Beql, Bnel, Blezl, Bgtzl,
  // immediate ALU
  Addi, Addiu, Slti, Sltiu, Andi, Ori, Xori, Lui,
  // SPECIAL2 / SPECIAL3
  Clz, Clo, Ext, Ins, Wsbh, Seb, Seh, Rdhwr,
  // loads and stores
  Lb, Lh, Lwl, Lw, Lbu, Lhu, Lwr, Sb, Sh, Swl, Sw, Swr, Ll, Sc, Pref,
  // coprocessor 1 (FPU)
  Lwc1, Ldc1, Swc1, Sdc1, Mfc1, Mfhc1, Cfc1, Mtc1, Mthc1, Ctc1,
  Bc1f, Bc1t, Bc1fl, Bc1tl,
  /** Computational COP1/COP1X instruction executed by the shared FPU library (src/fpu). */
  Cop1Arith,
  Lwxc1, Ldxc1, Luxc1, Swxc1, Sdxc1, Suxc1, Prefx,
  /** Any instruction that needs a coprocessor user mode may not use (COP0, COP2, cache...). */
  CoprocessorUnusable,
}
