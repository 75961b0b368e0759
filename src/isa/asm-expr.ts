/**
 * Expressions of the assembler, with GNU as semantics: numbers, symbols, `.`, numeric local label references
 * (`1b`, `1f`), `%hi()`/`%lo()`, and gas's operator precedence. A value is either absolute or an offset into a
 * section (relocatable), so `. - start` is a constant while `start + 4` still moves with its section.
 */

export type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'sym'; readonly name: string }
  | { readonly k: 'dot' }
  | { readonly k: 'unary'; readonly op: string; readonly e: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'reloc'; readonly op: 'hi' | 'lo'; readonly e: Expr };

/** `section === null` means absolute. */
export interface Value {
  readonly value: number;
  readonly section: string | null;
}

export interface Resolver {
  symbol(name: string): Value;
  dot(): Value;
}

/** Thrown for malformed expressions and for operations gas would refuse (e.g. adding two addresses). */
export class ExprError extends Error {}

/** Renames numeric local label references: `1b` is the latest `1:` so far, `1f` the next one. */
export type LocalLabelRef = (label: string, direction: 'b' | 'f') => string;

type Token =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'id'; readonly s: string }
  | { readonly t: 'local'; readonly label: string; readonly dir: 'b' | 'f' }
  | { readonly t: 'reloc'; readonly op: 'hi' | 'lo' }
  | { readonly t: 'op'; readonly s: string };

const IDENT_START = /[A-Za-z_.]/;
const IDENT_CHAR = /[A-Za-z0-9_.$]/;
const OPERATORS = ['<<', '>>', '&&', '||', '==', '!=', '<>', '<=', '>=', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', '<', '>', '(', ')'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9A-Za-z_]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      const local = /^([0-9]+)([bf])$/.exec(word);
      if (local !== null) tokens.push({ t: 'local', label: local[1]!, dir: local[2] as 'b' | 'f' });
      else tokens.push({ t: 'num', v: parseNumber(word) });
      i = j;
      continue;
    }
    if (c === "'") {
      // gas character constant: 'c (the closing quote is optional); a few escapes.
      let ch = text[i + 1];
      let len = 2;
      if (ch === '\\') {
        const esc = text[i + 2];
        ch = esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === '0' ? '\0' : esc === 'r' ? '\r' : esc;
        len = 3;
      }
      if (ch === undefined) throw new ExprError('unterminated character constant');
      tokens.push({ t: 'num', v: ch.charCodeAt(0) });
      i += len;
      if (text[i] === "'") i++;
      continue;
    }
    if (c === '%') {
      const m = /^%(hi|lo)\s*\(/.exec(text.slice(i));
      if (m !== null) {
        tokens.push({ t: 'reloc', op: m[1] as 'hi' | 'lo' });
        i += m[0].length - 1; // leave '(' for the parser
        continue;
      }
      const other = /^%([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(text.slice(i));
      if (other !== null) throw new ExprError(`unsupported relocation operator %${other[1]!}`);
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_CHAR.test(text[j]!)) j++;
      tokens.push({ t: 'id', s: text.slice(i, j) });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) throw new ExprError(`unexpected character '${c}'`);
    tokens.push({ t: 'op', s: op });
    i += op.length;
  }
  return tokens;
}

function parseNumber(word: string): number {
  let m: RegExpExecArray | null;
  if ((m = /^0[xX]([0-9a-fA-F]+)$/.exec(word)) !== null) return parseInt(m[1]!, 16);
  if ((m = /^0[bB]([01]+)$/.exec(word)) !== null) return parseInt(m[1]!, 2);
  if (/^0[0-7]+$/.test(word)) return parseInt(word, 8);
  if (/^[0-9]+$/.test(word)) return parseInt(word, 10);
  throw new ExprError(`bad number '${word}'`);
}

/** Binary operator levels, lowest first, as gas ranks them (bitwise binds tighter than + and -). */
const LEVELS: readonly (readonly string[])[] = [
  ['||'], ['&&'], ['==', '!=', '<>', '<', '<=', '>', '>='], ['+', '-'], ['|', '&', '^', '!'], ['*', '/', '%', '<<', '>>'],
];

/** Parses a whole expression; `localRef` resolves `1b`/`1f` at the point of use. */
export function parseExpr(text: string, localRef: LocalLabelRef): Expr {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new ExprError('missing expression');
  let pos = 0;
  const peekOp = (): string | undefined => {
    const tok = tokens[pos];
    return tok !== undefined && tok.t === 'op' ? tok.s : undefined;
  };
  const expect = (s: string): void => {
    if (peekOp() !== s) throw new ExprError(`expected '${s}'`);
    pos++;
  };
  const binary = (level: number): Expr => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const op = peekOp();
      if (op === undefined || !LEVELS[level]!.includes(op)) return left;
      pos++;
      left = { k: 'binary', op, a: left, b: binary(level + 1) };
    }
  };
  const unary = (): Expr => {
    const op = peekOp();
    if (op === '-' || op === '+' || op === '~' || op === '!') {
      pos++;
      return { k: 'unary', op, e: unary() };
    }
    return primary();
  };
  const primary = (): Expr => {
    const tok = tokens[pos++];
    if (tok === undefined) throw new ExprError('missing operand');
    switch (tok.t) {
      case 'num': return { k: 'num', v: tok.v };
      case 'id': return tok.s === '.' ? { k: 'dot' } : { k: 'sym', name: tok.s };
      case 'local': return { k: 'sym', name: localRef(tok.label, tok.dir) };
      case 'reloc': {
        expect('(');
        const e = binary(0);
        expect(')');
        return { k: 'reloc', op: tok.op, e };
      }
      case 'op':
        if (tok.s === '(') {
          const e = binary(0);
          expect(')');
          return e;
        }
        throw new ExprError(`unexpected '${tok.s}'`);
    }
  };
  const e = binary(0);
  if (pos !== tokens.length) throw new ExprError('junk after expression');
  return e;
}

const abs = (value: number): Value => ({ value, section: null });

/** Both operands must be absolute for every operator except + and -. */
function absolutes(a: Value, b: Value, op: string): [bigint, bigint] {
  if (a.section !== null || b.section !== null) throw new ExprError(`operator '${op}' needs absolute operands`);
  return [BigInt(a.value), BigInt(b.value)];
}

/** gas computes in 64 bits; results are brought back to JS numbers. */
const num = (v: bigint): number => Number(BigInt.asIntN(64, v));

export function evaluate(e: Expr, r: Resolver): Value {
  switch (e.k) {
    case 'num': return abs(e.v);
    case 'sym': return r.symbol(e.name);
    case 'dot': return r.dot();
    case 'reloc': {
      const v = evaluate(e.e, r);
      if (v.section !== null) throw new ExprError(`%${e.op} of an address not yet placed`);
      // %hi rounds so that adding the sign-extended %lo gives the full value back.
      return abs(e.op === 'hi' ? ((v.value + 0x8000) >>> 16) & 0xffff : v.value & 0xffff);
    }
    case 'unary': {
      const v = evaluate(e.e, r);
      if (e.op === '+') return v;
      if (v.section !== null) throw new ExprError(`operator '${e.op}' needs an absolute operand`);
      if (e.op === '-') return abs(-v.value);
      if (e.op === '~') return abs(num(~BigInt(v.value)));
      return abs(v.value === 0 ? 1 : 0);
    }
    case 'binary': return binaryValue(e.op, evaluate(e.a, r), evaluate(e.b, r));
  }
}

function binaryValue(op: string, a: Value, b: Value): Value {
  if (op === '+') {
    if (a.section !== null && b.section !== null) throw new ExprError('cannot add two addresses');
    return { value: a.value + b.value, section: a.section ?? b.section };
  }
  if (op === '-') {
    if (b.section === null) return { value: a.value - b.value, section: a.section };
    if (a.section === b.section) return abs(a.value - b.value);
    throw new ExprError('cannot subtract addresses of different sections');
  }
  const [x, y] = absolutes(a, b, op);
  const truth = (c: boolean): Value => abs(c ? -1 : 0);
  switch (op) {
    case '*': return abs(num(x * y));
    case '/': case '%':
      if (y === 0n) throw new ExprError('division by zero');
      return abs(num(op === '/' ? x / y : x % y));
    case '<<': return abs(num(x << (y & 63n)));
    case '>>': return abs(num(x >> (y & 63n)));
    case '&': return abs(num(x & y));
    case '|': return abs(num(x | y));
    case '^': return abs(num(x ^ y));
    case '!': return abs(num(x | ~y));
    case '==': return truth(x === y);
    case '!=': case '<>': return truth(x !== y);
    case '<': return truth(x < y);
    case '<=': return truth(x <= y);
    case '>': return truth(x > y);
    case '>=': return truth(x >= y);
    case '&&': return abs(x !== 0n && y !== 0n ? 1 : 0);
    case '||': return abs(x !== 0n || y !== 0n ? 1 : 0);
    default: throw new ExprError(`unknown operator '${op}'`);
  }
}
