/**
 * The assembler: MIPS32r2 o32 source in GNU as syntax → section contents and symbols, linked at a fixed origin
 * (Trapgate assembles small self-contained things such as the vDSO, so there is no relocation output).
 *
 * Instructions are encoded from the one instruction table (asm-encode.ts); only the pseudo-instructions that
 * expand to several table entries or take a different shape (`li`, `la`, `not`, `j reg`) are written here. The
 * assembler emits exactly what is written, as gas does under `.set noreorder`: it never fills delay slots.
 *
 * Two passes: the first reads every statement, fixes its size and the section offset of every label; sections are
 * then placed; the second evaluates every expression with final addresses and writes the bytes. Macros
 * (`.macro`/`.endm`) are expanded before either pass (asm-macro.ts).
 */
import { evaluate, ExprError, parseExpr, type Expr, type Resolver, type Value } from './asm-expr.js';
import { encodeInstruction, OperandError, parseGpr, type Operand } from './asm-encode.js';
import { expandMacros } from './asm-macro.js';
import { parseString, SourceError, splitOperands, splitStatements } from './asm-source.js';

export class AssemblyError extends Error {
  constructor(readonly line: number, readonly detail: string) {
    super(`line ${line}: ${detail}`);
    this.name = 'AssemblyError';
  }
}

export interface SectionFlags {
  readonly alloc: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

export interface AssembledSection {
  readonly name: string;
  readonly type: 'progbits' | 'nobits';
  readonly flags: SectionFlags;
  /** Largest alignment the section asked for (bytes). */
  readonly align: number;
  /** Linked address; 0 for sections that are not allocated. */
  readonly address: number;
  readonly size: number;
  /** Contents; empty for nobits sections. */
  readonly bytes: Uint8Array;
}

export interface AssembledSymbol {
  readonly name: string;
  /** Defining section, or null for an absolute symbol (`.equ`/`.set`/`=` with a constant). */
  readonly section: string | null;
  /** Offset in the section (the value itself for absolute symbols). */
  readonly offset: number;
  /** Linked address (or constant). */
  readonly value: number;
  readonly binding: 'local' | 'global' | 'weak';
  readonly type: 'func' | 'object' | 'notype';
  readonly visibility: 'default' | 'hidden' | 'protected' | 'internal';
  /** From `.size`; 0 when not given. */
  readonly size: number;
}

/** A `.cfi_*` directive, kept with its position so an unwind-table writer can build `.eh_frame` later. */
export interface CfiDirective {
  readonly line: number;
  readonly section: string;
  readonly offset: number;
  readonly directive: string;
  readonly args: readonly string[];
}

export interface AssemblyResult {
  readonly origin: number;
  /** Allocated sections in address order (code, read-only data, data, bss), then the others. */
  readonly sections: readonly AssembledSection[];
  readonly symbols: readonly AssembledSymbol[];
  readonly cfi: readonly CfiDirective[];
  /** `.set` options (noreorder, noat, mips32r2...) in source order; recorded, not acted upon. */
  readonly options: readonly { readonly line: number; readonly option: string }[];
  section(name: string): AssembledSection | undefined;
  symbol(name: string): AssembledSymbol | undefined;
}

export interface AssembleOptions {
  /** Address of the first allocated section, used as given (default 0). */
  readonly origin?: number;
  /** Pins sections to addresses; the sections after a pinned one follow it. */
  readonly addresses?: Readonly<Record<string, number>>;
}

// ---------------------------------------------------------------- internal state

interface Location {
  readonly section: string;
  readonly offset: number;
}

interface SectionState {
  readonly name: string;
  type: 'progbits' | 'nobits';
  flags: SectionFlags;
  align: number;
  size: number;
  order: number;
}

type SymbolDef =
  | { readonly kind: 'label'; readonly loc: Location }
  | { readonly kind: 'equate'; readonly expr: Expr; readonly loc: Location };

interface SymbolState {
  readonly name: string;
  def?: SymbolDef;
  defLine?: number;
  binding?: 'local' | 'global' | 'weak';
  type: 'func' | 'object' | 'notype';
  visibility: AssembledSymbol['visibility'];
  size?: { readonly expr: Expr; readonly loc: Location; readonly line: number };
  /** Pass-2 value of a `.set` symbol, updated as its definitions are passed, so redefinition works in order. */
  current?: Value;
}

type Item =
  | { readonly kind: 'insn'; readonly line: number; readonly loc: Location; readonly mnemonic: string; readonly operands: readonly Operand[]; readonly expansion: Expansion }
  | { readonly kind: 'data'; readonly line: number; readonly loc: Location; readonly width: 1 | 2 | 4 | 8; readonly exprs: readonly Expr[] }
  | { readonly kind: 'bytes'; readonly line: number; readonly loc: Location; readonly bytes: Uint8Array }
  | { readonly kind: 'float'; readonly line: number; readonly loc: Location; readonly width: 4 | 8; readonly values: readonly number[] }
  | { readonly kind: 'set'; readonly line: number; readonly loc: Location; readonly name: string; readonly expr: Expr };

/** How `li`/`la` expand, decided in pass 1 from what is known there (it fixes the size). */
type Expansion = 'single' | 'li-short' | 'li-lui' | 'li-lui-ori' | 'address';

/** A symbol used before its definition, asked for in pass 1 where only what came before is known. */
class NotYetKnown extends ExprError {}

/** Standard sections: their ELF type and flags as gas gives them. */
function defaultSection(name: string): Pick<SectionState, 'type' | 'flags'> {
  const is = (base: string): boolean => name === base || name.startsWith(`${base}.`);
  if (is('.text')) return { type: 'progbits', flags: { alloc: true, write: false, exec: true } };
  if (is('.bss') || is('.sbss') || is('.tbss')) return { type: 'nobits', flags: { alloc: true, write: true, exec: false } };
  if (is('.data') || is('.sdata') || is('.tdata')) return { type: 'progbits', flags: { alloc: true, write: true, exec: false } };
  if (is('.rodata')) return { type: 'progbits', flags: { alloc: true, write: false, exec: false } };
  return { type: 'progbits', flags: { alloc: false, write: false, exec: false } };
}

/** gas on MIPS gives .text, .data and .bss 16-byte alignment from the start. */
const INITIAL_ALIGN: Readonly<Record<string, number>> = { '.text': 16, '.data': 16, '.bss': 16 };

const IGNORED_DIRECTIVES = new Set([
  '.ent', '.end', '.aent', '.frame', '.mask', '.fmask', '.file', '.ident', '.gnu_attribute', '.module', '.nan',
  '.abicalls', '.option', '.loc', '.insn', '.extern',
]);

/** `.set` options that are accepted and recorded; none changes what is emitted (see the header). */
const SET_OPTIONS = /^(noreorder|reorder|noat|at|mips32r2|mips32|mips0|push|pop|nomips16|nomicromips|macro|nomacro|hardfloat|softfloat|oddspreg|nooddspreg|fp=(32|xx|64)|arch=mips32r2|volatile|novolatile)$/;

// ---------------------------------------------------------------- the assembler

export function assemble(source: string, options: AssembleOptions = {}): AssemblyResult {
  return new Assembler(options).run(source);
}

class Assembler {
  private readonly sections = new Map<string, SectionState>();
  private readonly symbols = new Map<string, SymbolState>();
  private readonly items: Item[] = [];
  private readonly cfi: CfiDirective[] = [];
  private readonly setOptions: { line: number; option: string }[] = [];
  private current!: SectionState;
  private previous: SectionState | undefined;
  private readonly stack: SectionState[] = [];
  /** Labels defined since the last byte was emitted: gas moves them along when it auto-aligns data. */
  private pendingLabels: SymbolState[] = [];
  private autoAlign = true;
  private readonly localCounts = new Map<string, number>();
  private line = 0;
  private addresses = new Map<string, number>();

  constructor(private readonly options: AssembleOptions) {}

  run(source: string): AssemblyResult {
    let statements;
    try {
      statements = expandMacros(splitStatements(source));
    } catch (e) {
      if (e instanceof SourceError) throw new AssemblyError(e.line, e.message);
      throw e;
    }
    this.switchTo('.text');
    for (const st of statements) {
      this.line = st.line;
      try {
        for (const label of st.labels) this.defineLabel(label);
        if (st.body !== '') this.statement(st.body);
      } catch (e) {
        throw this.wrap(e);
      }
    }
    this.checkForwardLocals();
    this.layout();
    return this.emit();
  }

  private wrap(e: unknown): AssemblyError {
    if (e instanceof AssemblyError) return e;
    if (e instanceof OperandError || e instanceof ExprError || e instanceof SourceError) return new AssemblyError(this.line, e.message);
    if (e instanceof Error) return new AssemblyError(this.line, e.message);
    return new AssemblyError(this.line, String(e));
  }

  private fail(message: string): never {
    throw new AssemblyError(this.line, message);
  }

  // ------------------------------------------------------------ pass 1: statements

  private here(): Location {
    return { section: this.current.name, offset: this.current.size };
  }

  private symbol(name: string): SymbolState {
    let s = this.symbols.get(name);
    if (s === undefined) {
      s = { name, type: 'notype', visibility: 'default' };
      this.symbols.set(name, s);
    }
    return s;
  }

  private defineLabel(label: string): void {
    let name = label;
    if (/^[0-9]+$/.test(label)) {
      const n = (this.localCounts.get(label) ?? 0) + 1;
      this.localCounts.set(label, n);
      name = localName(label, n);
    }
    const s = this.symbol(name);
    if (s.def !== undefined) this.fail(`symbol '${label}' is already defined (line ${s.defLine ?? '?'})`);
    s.def = { kind: 'label', loc: this.here() };
    s.defLine = this.line;
    this.pendingLabels.push(s);
  }

  /** `1b` → the latest `1:`; `1f` → the next one (checked once the whole source is read). */
  private readonly localRef = (label: string, dir: 'b' | 'f'): string => {
    const n = this.localCounts.get(label) ?? 0;
    if (dir === 'b') {
      if (n === 0) throw new ExprError(`no earlier local label '${label}:' for '${label}b'`);
      return localName(label, n);
    }
    const name = localName(label, n + 1);
    this.forwardLocals.push({ name, ref: `${label}f`, line: this.line });
    return name;
  };

  private readonly forwardLocals: { name: string; ref: string; line: number }[] = [];

  private checkForwardLocals(): void {
    for (const f of this.forwardLocals) {
      if (this.symbols.get(f.name)?.def === undefined) throw new AssemblyError(f.line, `no later local label for '${f.ref}'`);
    }
  }

  private expr(text: string): Expr {
    return parseExpr(text, this.localRef);
  }

  private operand(text: string): Operand {
    let expr: Expr | ExprError;
    try {
      expr = this.expr(text);
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      expr = e;
    }
    return { text, expr, memory: this.memoryForm(text) };
  }

  /** `offset(base)`, `(base)` and COP1X `index(base)`: the final parenthesised group must hold a register. */
  private memoryForm(text: string): Operand['memory'] {
    const t = text.trim();
    if (!t.endsWith(')')) return undefined;
    let depth = 0;
    let open = -1;
    for (let i = t.length - 1; i >= 0; i--) {
      if (t[i] === ')') depth++;
      else if (t[i] === '(' && --depth === 0) {
        open = i;
        break;
      }
    }
    if (open < 0) return undefined;
    const base = t.slice(open + 1, -1).trim();
    if (parseGpr(base) === undefined) return undefined;
    const prefix = t.slice(0, open).trim();
    return { base, offset: prefix === '' ? undefined : this.operand(prefix) };
  }

  /** Pass-1 view: labels are section offsets; symbols not yet defined are unknown. */
  private readonly pass1: Resolver = {
    symbol: (name) => this.pass1Symbol(name, new Set()),
    dot: () => ({ value: this.current.size, section: this.current.name }),
  };

  private pass1Symbol(name: string, visiting: Set<string>): Value {
    const s = this.symbols.get(name);
    const def = s?.def;
    if (def === undefined) throw new NotYetKnown(`symbol '${name}' is not defined yet`);
    if (def.kind === 'label') return { value: def.loc.offset, section: def.loc.section };
    if (visiting.has(name)) throw new ExprError(`symbol '${name}' is defined in terms of itself`);
    visiting.add(name);
    try {
      return evaluate(def.expr, {
        symbol: (n) => this.pass1Symbol(n, visiting),
        dot: () => ({ value: def.loc.offset, section: def.loc.section }),
      });
    } finally {
      visiting.delete(name);
    }
  }

  /** An absolute value needed now (sizes, alignment); forward references are an error here. */
  private constantNow(text: string, what: string): number {
    const v = evaluate(this.expr(text), this.pass1);
    if (v.section !== null) this.fail(`${what} must be a constant: '${text}'`);
    return v.value;
  }

  private statement(body: string): void {
    const m = /^(\S+)\s*(.*)$/.exec(body)!;
    const head = m[1]!;
    const rest = m[2]!;
    // `name = value` is gas's spelling of `.set name, value`.
    const assignment = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)\s*(.+)$/.exec(body);
    if (assignment !== null) {
      this.equate(assignment[1]!, assignment[2]!, false);
      return;
    }
    if (head.startsWith('.')) this.directive(head.toLowerCase(), rest);
    else this.instruction(head.toLowerCase(), rest);
  }

  private equate(name: string, text: string, once: boolean): void {
    const s = this.symbol(name);
    if (s.def?.kind === 'label') this.fail(`symbol '${name}' is already defined as a label`);
    if (once && s.def !== undefined) this.fail(`symbol '${name}' is already defined`);
    const expr = this.expr(text);
    s.def = { kind: 'equate', expr, loc: this.here() };
    s.defLine = this.line;
    this.items.push({ kind: 'set', line: this.line, loc: this.here(), name, expr });
  }

  // ------------------------------------------------------------ sections

  private switchTo(name: string, flagsText?: string, typeText?: string): void {
    let s = this.sections.get(name);
    if (s === undefined) {
      const def = defaultSection(name);
      s = { name, type: def.type, flags: def.flags, align: INITIAL_ALIGN[name] ?? 1, size: 0, order: this.sections.size };
      if (flagsText !== undefined) {
        const f = flagsText.replace(/"/g, '');
        s.flags = { alloc: f.includes('a'), write: f.includes('w'), exec: f.includes('x') };
      }
      if (typeText !== undefined) {
        const t = typeText.replace(/^[@%]/, '');
        if (t === 'nobits') s.type = 'nobits';
        else if (t === 'progbits' || t === 'note' || t === 'init_array' || t === 'fini_array') s.type = 'progbits';
        else this.fail(`unsupported section type '${typeText}'`);
      }
      this.sections.set(name, s);
    }
    if (this.current !== undefined && this.current !== s) this.previous = this.current;
    this.current = s;
    this.pendingLabels = [];
  }

  private advance(bytes: number): Location {
    // Callers that write data into the section have checked it is not nobits.
    const loc = this.here();
    this.current.size += bytes;
    this.pendingLabels = [];
    return loc;
  }

  private alignTo(boundary: number, moveLabels: boolean, fill?: number): void {
    if (boundary > this.current.align) this.current.align = boundary;
    const pad = (boundary - (this.current.size % boundary)) % boundary;
    if (pad === 0) return;
    const before = this.current.size;
    const labels = this.pendingLabels;
    const loc = this.advance(pad);
    if (fill !== undefined && fill !== 0) {
      if (this.current.type === 'nobits') this.fail('non-zero fill in a nobits section');
      this.items.push({ kind: 'bytes', line: this.line, loc, bytes: new Uint8Array(pad).fill(fill & 0xff) });
    }
    if (moveLabels) {
      for (const s of labels) {
        if (s.def?.kind === 'label' && s.def.loc.section === this.current.name && s.def.loc.offset === before) {
          s.def = { kind: 'label', loc: { section: this.current.name, offset: this.current.size } };
        }
      }
      this.pendingLabels = labels;
    }
  }

  private requireData(what: string): void {
    if (this.current.type === 'nobits') this.fail(`${what} in nobits section '${this.current.name}' (only .space/.skip/.zero/.align)`);
  }

  // ------------------------------------------------------------ directives

  private directive(name: string, rest: string): void {
    const args = splitOperands(rest);
    switch (name) {
      case '.text': case '.data': case '.rodata': case '.bss':
        this.switchTo(name);
        return;
      case '.rdata': // MIPS gas's own name for read-only data (it has no `.rodata` directive)
        this.switchTo('.rodata');
        return;
      case '.section': case '.pushsection': {
        if (args.length === 0 || args[0] === '') this.fail(`${name} needs a section name`);
        if (name === '.pushsection') this.stack.push(this.current);
        this.switchTo(args[0]!.replace(/"/g, ''), args[1], args[2]);
        return;
      }
      case '.popsection': {
        const s = this.stack.pop();
        if (s === undefined) this.fail('.popsection without .pushsection');
        this.switchTo(s.name);
        return;
      }
      case '.previous': {
        if (this.previous === undefined) this.fail('.previous without an earlier section');
        this.switchTo(this.previous.name);
        return;
      }
      case '.globl': case '.global': case '.local': case '.weak':
        for (const n of this.names(args)) {
          this.symbol(n).binding = name === '.weak' ? 'weak' : name === '.local' ? 'local' : 'global';
        }
        return;
      case '.hidden': case '.protected': case '.internal':
        for (const n of this.names(args)) this.symbol(n).visibility = name.slice(1) as AssembledSymbol['visibility'];
        return;
      case '.type': {
        if (args.length !== 2) this.fail('.type expects NAME, @function|@object');
        const kind = args[1]!.replace(/^[@%]/, '').replace(/^STT_/i, '').toLowerCase();
        const type = kind === 'function' || kind === 'func' ? 'func' : kind === 'object' ? 'object' : kind === 'notype' ? 'notype' : undefined;
        if (type === undefined) this.fail(`unsupported symbol type '${args[1]!}'`);
        this.symbol(this.names([args[0]!])[0]!).type = type;
        return;
      }
      case '.size': {
        if (args.length !== 2) this.fail('.size expects NAME, EXPRESSION');
        this.symbol(this.names([args[0]!])[0]!).size = { expr: this.expr(args[1]!), loc: this.here(), line: this.line };
        return;
      }
      case '.set': case '.equ': case '.equiv': {
        if (name === '.set' && args.length === 1) {
          const option = args[0]!.toLowerCase();
          if (!SET_OPTIONS.test(option)) this.fail(`unsupported .set option '${args[0]!}'`);
          this.setOptions.push({ line: this.line, option });
          return;
        }
        if (args.length !== 2) this.fail(`${name} expects NAME, EXPRESSION`);
        this.equate(this.names([args[0]!])[0]!, args[1]!, name === '.equiv');
        return;
      }
      case '.byte': case '.half': case '.hword': case '.short': case '.word': case '.long': case '.int': case '.dword': case '.quad': {
        const width = ({ '.byte': 1, '.half': 2, '.hword': 2, '.short': 2, '.dword': 8, '.quad': 8 } as const)[name as '.byte'] ?? 4;
        this.requireData(name);
        if (width > 1 && this.autoAlign) this.alignTo(width, true);
        const exprs = args.map((a) => this.expr(a));
        const loc = this.advance(width * exprs.length);
        this.items.push({ kind: 'data', line: this.line, loc, width, exprs });
        return;
      }
      case '.float': case '.double': case '.single': {
        const width = name === '.double' ? 8 : 4;
        this.requireData(name);
        if (this.autoAlign) this.alignTo(width, true);
        const values = args.map((a) => {
          const v = Number(a.replace(/^0[fFdD]/, ''));
          if (Number.isNaN(v) && !/nan/i.test(a)) this.fail(`bad floating-point number '${a}'`);
          return v;
        });
        const loc = this.advance(width * values.length);
        this.items.push({ kind: 'float', line: this.line, loc, width, values });
        return;
      }
      case '.ascii': case '.asciz': case '.string': {
        this.requireData(name);
        const bytes: number[] = [];
        for (const a of args) {
          bytes.push(...parseString(a));
          if (name !== '.ascii') bytes.push(0);
        }
        const loc = this.advance(bytes.length);
        this.items.push({ kind: 'bytes', line: this.line, loc, bytes: Uint8Array.from(bytes) });
        return;
      }
      case '.space': case '.skip': case '.zero': {
        if (args.length < 1 || (name === '.zero' && args.length > 1)) this.fail(`${name} expects SIZE${name === '.zero' ? '' : '[, FILL]'}`);
        const size = this.constantNow(args[0]!, `${name} size`);
        if (size < 0) this.fail(`${name} size is negative`);
        const fill = args[1] !== undefined ? this.constantNow(args[1], `${name} fill`) : 0;
        if (fill !== 0) this.requireData(`${name} with a fill value`);
        const loc = this.advance(size);
        if (fill !== 0) this.items.push({ kind: 'bytes', line: this.line, loc, bytes: new Uint8Array(size).fill(fill & 0xff) });
        return;
      }
      case '.align': case '.p2align': case '.balign': {
        if (args.length < 1) this.fail(`${name} expects an alignment`);
        const n = this.constantNow(args[0]!, 'alignment');
        const fill = args[1] !== undefined && args[1] !== '' ? this.constantNow(args[1], 'fill') : undefined;
        let boundary: number;
        if (name === '.balign') {
          if (n <= 0 || (n & (n - 1)) !== 0) this.fail(`.balign needs a power of two, got ${n}`);
          boundary = n;
        } else {
          if (n < 0 || n > 16) this.fail(`alignment exponent out of range: ${n}`);
          boundary = 2 ** n;
          // MIPS gas: `.align 0` turns off the automatic alignment of the data directives that follow.
          if (name === '.align') this.autoAlign = n !== 0;
        }
        this.alignTo(boundary, false, fill);
        return;
      }
      default:
        if (name.startsWith('.cfi_')) {
          this.cfi.push({ line: this.line, section: this.current.name, offset: this.current.size, directive: name, args });
          return;
        }
        if (IGNORED_DIRECTIVES.has(name)) return;
        this.fail(`unknown directive '${name}'`);
    }
  }

  private names(args: readonly string[]): string[] {
    return args.map((a) => {
      if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(a)) this.fail(`bad symbol name '${a}'`);
      return a;
    });
  }

  // ------------------------------------------------------------ instructions

  private instruction(mnemonic: string, rest: string): void {
    this.requireData('instruction');
    if (this.current.size % 4 !== 0) this.alignTo(4, true);
    if (this.current.align < 4) this.current.align = 4;
    const operands = splitOperands(rest).map((t) => this.operand(t));
    let expansion: Expansion = 'single';
    if (mnemonic === 'li' || mnemonic === 'la') {
      if (operands.length !== 2) this.fail(`${mnemonic} expects REGISTER, VALUE`);
      expansion = this.loadExpansion(mnemonic, operands[1]!);
    }
    const loc = this.advance(expansion === 'single' || expansion === 'li-short' || expansion === 'li-lui' ? 4 : 8);
    this.items.push({ kind: 'insn', line: this.line, loc, mnemonic, operands, expansion });
  }

  /**
   * gas's choice for `li`: one instruction when the constant fits addiu, ori or lui, else lui+ori. An address (or a
   * value not known yet) is always lui+addiu with %hi/%lo, as `la` is.
   */
  private loadExpansion(mnemonic: string, value: Operand): Expansion {
    if (value.expr instanceof ExprError) this.fail(`bad ${mnemonic} value '${value.text}': ${value.expr.message}`);
    let v: Value;
    try {
      v = evaluate(value.expr, this.pass1);
    } catch (e) {
      if (e instanceof NotYetKnown) return 'address';
      throw e;
    }
    if (v.section !== null) return 'address';
    const w = checked32(v.value, `${mnemonic} value`);
    const s = w | 0;
    if ((s >= -0x8000 && s <= 0x7fff) || (w >= 0 && w <= 0xffff)) return 'li-short';
    return (w & 0xffff) === 0 ? 'li-lui' : 'li-lui-ori';
  }

  // ------------------------------------------------------------ layout

  private layout(): void {
    const all = [...this.sections.values()];
    const rank = (s: SectionState): number => {
      if (!s.flags.alloc) return 4;
      if (s.type === 'nobits') return 3;
      if (s.flags.exec) return 0;
      return s.flags.write ? 2 : 1;
    };
    all.sort((a, b) => rank(a) - rank(b) || a.order - b.order);
    let address = (this.options.origin ?? 0) >>> 0;
    let first = true;
    for (const s of all) {
      if (!s.flags.alloc) {
        this.addresses.set(s.name, 0);
        continue;
      }
      const pinned = this.options.addresses?.[s.name];
      // The first section starts exactly at the origin the caller chose; the others are aligned after it.
      if (pinned !== undefined) address = pinned >>> 0;
      else if (!first) address = Math.ceil(address / s.align) * s.align;
      first = false;
      this.addresses.set(s.name, address);
      address += s.size;
    }
    this.order = all;
  }

  private order: SectionState[] = [];

  private address(loc: Location): number {
    return (this.addresses.get(loc.section)! + loc.offset) >>> 0;
  }

  // ------------------------------------------------------------ pass 2: bytes

  private pass2Symbol(name: string, visiting: Set<string>): Value {
    const s = this.symbols.get(name);
    const def = s?.def;
    if (s === undefined || def === undefined) throw new ExprError(`undefined symbol '${displayName(name)}'`);
    if (def.kind === 'label') return { value: this.address(def.loc), section: null };
    if (s.current !== undefined) return s.current;
    if (visiting.has(name)) throw new ExprError(`symbol '${name}' is defined in terms of itself`);
    visiting.add(name);
    return evaluate(def.expr, this.resolverAt(def.loc, visiting));
  }

  /** The section an equate's value moves with (that of the label it is based on), or null if absolute. */
  private equateSection(name: string): string | null {
    try {
      return this.pass1Symbol(name, new Set()).section;
    } catch {
      return null;
    }
  }

  private resolverAt(loc: Location, visiting = new Set<string>()): Resolver {
    return {
      symbol: (n) => this.pass2Symbol(n, new Set(visiting)),
      dot: () => ({ value: this.address(loc), section: null }),
    };
  }

  private emit(): AssemblyResult {
    const buffers = new Map<string, Uint8Array>();
    for (const s of this.sections.values()) buffers.set(s.name, new Uint8Array(s.type === 'nobits' ? 0 : s.size));
    for (const item of this.items) {
      this.line = item.line;
      try {
        const buf = buffers.get(item.loc.section)!;
        const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        const resolver = this.resolverAt(item.loc);
        switch (item.kind) {
          case 'set': {
            const s = this.symbols.get(item.name)!;
            s.current = evaluate(item.expr, resolver);
            break;
          }
          case 'bytes':
            buf.set(item.bytes, item.loc.offset);
            break;
          case 'float':
            item.values.forEach((v, i) => {
              const at = item.loc.offset + i * item.width;
              if (item.width === 4) view.setFloat32(at, v, true);
              else view.setFloat64(at, v, true);
            });
            break;
          case 'data':
            item.exprs.forEach((e, i) => writeData(view, item.loc.offset + i * item.width, item.width, this.absolute(e, resolver)));
            break;
          case 'insn': {
            const words = this.encode(item, resolver);
            words.forEach((w, i) => view.setUint32(item.loc.offset + i * 4, w, true));
            break;
          }
        }
      } catch (e) {
        throw this.wrap(e);
      }
    }
    return this.result(buffers);
  }

  private absolute(e: Expr, resolver: Resolver): number {
    const v = evaluate(e, resolver);
    if (v.section !== null) throw new ExprError('expression is not a constant');
    return v.value;
  }

  private encode(item: Extract<Item, { kind: 'insn' }>, resolver: Resolver): number[] {
    const pc = this.address(item.loc);
    const env = { pc, resolver };
    const ops = item.operands;
    const at = (offset: number) => ({ pc: (pc + offset) >>> 0, resolver });
    switch (item.expansion) {
      case 'single':
        return [this.encodeSingle(item.mnemonic, ops, env)];
      case 'li-short': {
        const v = checked32(this.absolute(exprOf(ops[1]!), resolver), 'li value');
        return [encodeInstruction('li', [ops[0]!, constant(signedOrUnsigned(v))], env)];
      }
      case 'li-lui': {
        const v = checked32(this.absolute(exprOf(ops[1]!), resolver), 'li value');
        return [encodeInstruction('lui', [ops[0]!, constant(v >>> 16)], env)];
      }
      case 'li-lui-ori': {
        const v = checked32(this.absolute(exprOf(ops[1]!), resolver), `${item.mnemonic} value`);
        return [
          encodeInstruction('lui', [ops[0]!, constant(v >>> 16)], env),
          encodeInstruction('ori', [ops[0]!, ops[0]!, constant(v & 0xffff)], at(4)),
        ];
      }
      case 'address': {
        const e = exprOf(ops[1]!);
        const v = evaluate(e, resolver);
        if (v.section !== null) throw new ExprError('address expression did not resolve');
        return [
          encodeInstruction('lui', [ops[0]!, reloc('hi', e)], env),
          encodeInstruction('addiu', [ops[0]!, ops[0]!, reloc('lo', e)], at(4)),
        ];
      }
    }
  }

  /** Pseudo-instructions of one word that are not spellings in the table. */
  private encodeSingle(mnemonic: string, ops: readonly Operand[], env: { pc: number; resolver: Resolver }): number {
    if (mnemonic === 'not' && ops.length === 2) return encodeInstruction('nor', [ops[0]!, ops[1]!, register(0)], env);
    // gas accepts `j $reg` / `jal $reg` for jr / jalr.
    if ((mnemonic === 'j' || mnemonic === 'jal') && ops.length === 1 && parseGpr(ops[0]!.text) !== undefined) {
      return encodeInstruction(mnemonic === 'j' ? 'jr' : 'jalr', ops, env);
    }
    return encodeInstruction(mnemonic, ops, env);
  }

  private result(buffers: Map<string, Uint8Array>): AssemblyResult {
    const sections: AssembledSection[] = this.order.map((s) => ({
      name: s.name, type: s.type, flags: s.flags, align: s.align, address: this.addresses.get(s.name)!, size: s.size,
      bytes: buffers.get(s.name)!,
    }));
    const symbols: AssembledSymbol[] = [];
    for (const s of this.symbols.values()) {
      const def = s.def;
      if (def === undefined || isInternal(s)) continue;
      this.line = s.defLine ?? 0;
      let size = 0;
      if (s.size !== undefined) {
        this.line = s.size.line;
        try {
          size = this.absolute(s.size.expr, this.resolverAt(s.size.loc));
        } catch (e) {
          throw this.wrap(e);
        }
      }
      const binding = s.binding ?? 'local';
      if (def.kind === 'label') {
        symbols.push({ name: s.name, section: def.loc.section, offset: def.loc.offset, value: this.address(def.loc), binding, type: s.type, visibility: s.visibility, size });
        continue;
      }
      let v: Value;
      try {
        v = this.pass2Symbol(s.name, new Set());
      } catch (e) {
        throw this.wrap(e);
      }
      // An equate of a label expression lands in that label's section; otherwise it is absolute.
      const section = this.equateSection(s.name);
      const value = v.value >>> 0;
      const offset = section === null ? value : value - this.addresses.get(section)!;
      symbols.push({ name: s.name, section, offset, value, binding, type: s.type, visibility: s.visibility, size });
    }
    const byName = new Map(sections.map((s) => [s.name, s]));
    const symByName = new Map(symbols.map((s) => [s.name, s]));
    return {
      origin: (this.options.origin ?? 0) >>> 0,
      sections,
      symbols,
      cfi: this.cfi,
      options: this.setOptions,
      section: (name) => byName.get(name),
      symbol: (name) => symByName.get(name),
    };
  }
}

// ---------------------------------------------------------------- helpers

function localName(label: string, n: number): string {
  return `${label}\u0002${n}`;
}

function displayName(name: string): string {
  return name.replace(/\u0002\d+$/, '');
}

/** Numeric local labels and `.L` labels do not reach the symbol table (gas drops them too). */
function isInternal(s: SymbolState): boolean {
  return s.name.includes('\u0002') || (s.name.startsWith('.L') && s.binding === undefined);
}

function checked32(v: number, what: string): number {
  if (v < -0x80000000 || v > 0xffffffff) throw new ExprError(`${what} does not fit in 32 bits: ${v}`);
  return v >>> 0;
}

/** A 32-bit constant as `li` sees it: negative when it sign-extends from 16 bits, else unsigned. */
function signedOrUnsigned(v: number): number {
  const s = v | 0;
  return s >= -0x8000 && s < 0 ? s : v;
}

function exprOf(op: Operand): Expr {
  if (op.expr instanceof ExprError) throw op.expr;
  return op.expr;
}

function constant(v: number): Operand {
  return { text: String(v), expr: { k: 'num', v } };
}

function reloc(op: 'hi' | 'lo', e: Expr): Operand {
  return { text: `%${op}(...)`, expr: { k: 'reloc', op, e } };
}

function register(n: number): Operand {
  return { text: `$${n}`, expr: new ExprError('register') };
}

function writeData(view: DataView, at: number, width: 1 | 2 | 4 | 8, v: number): void {
  const limits = { 1: [-0x80, 0xff], 2: [-0x8000, 0xffff], 4: [-0x80000000, 0xffffffff], 8: [-(2 ** 63), 2 ** 64 - 1] } as const;
  const [lo, hi] = limits[width];
  if (v < lo || v > hi) throw new ExprError(`value ${v} does not fit in ${width} byte${width > 1 ? 's' : ''}`);
  if (width === 1) view.setUint8(at, v & 0xff);
  else if (width === 2) view.setUint16(at, v & 0xffff, true);
  else if (width === 4) view.setUint32(at, v >>> 0, true);
  else view.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), true);
}
