/**
 * Assembly source → statements, as GNU as for MIPS reads it: `#` starts a comment, `/* *\/` comments may span
 * lines, `;` separates statements, and `name:` / `1:` labels may precede a statement. Strings and character
 * constants are respected, so `"a;b#c"` stays whole.
 */

export interface Statement {
  /** 1-based line where the statement starts. */
  readonly line: number;
  readonly labels: readonly string[];
  /** Directive or instruction with its operands, trimmed; empty for a line holding only labels. */
  readonly body: string;
}

export class SourceError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

const LABEL = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:(?!=)/;

/** The labels that open a statement's text, and the rest of it trimmed. */
export function takeLabels(text: string): { labels: string[]; body: string } {
  let rest = text;
  const labels: string[] = [];
  for (let m = LABEL.exec(rest); m !== null; m = LABEL.exec(rest)) {
    labels.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  return { labels, body: rest.trim() };
}

export function splitStatements(source: string): Statement[] {
  const statements: Statement[] = [];
  let line = 1;
  let startLine = 1;
  let current = '';
  const flush = (): void => {
    const { labels, body } = takeLabels(current);
    if (labels.length > 0 || body !== '') statements.push({ line: startLine, labels, body });
    current = '';
    startLine = line;
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      line++;
      flush();
      i++;
    } else if (c === ';') {
      flush();
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new SourceError(line, 'unterminated /* comment');
      for (let k = i; k < end; k++) if (source[k] === '\n') line++;
      current += ' ';
      i = end + 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"' && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      if (source[j] !== '"') throw new SourceError(line, 'unterminated string');
      current += source.slice(i, j + 1);
      i = j + 1;
    } else if (c === "'") {
      // Character constant: 'c or '\c, optionally closed by another quote.
      let j = i + 1 + (source[i + 1] === '\\' ? 2 : 1);
      if (source[j] === "'") j++;
      current += source.slice(i, j);
      i = j;
    } else {
      current += c;
      i++;
    }
  }
  flush();
  return statements;
}

/** Splits operands at top-level commas (not inside parentheses or strings). */
export function splitOperands(text: string): string[] {
  if (text.trim() === '') return [];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === "'") {
      i += text[i + 1] === '\\' ? 2 : 1;
      if (text[i + 1] === "'") i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** The bytes of a double-quoted string literal with C/gas escapes. */
export function parseString(text: string): number[] {
  const t = text.trim();
  if (t.length < 2 || !t.startsWith('"') || !t.endsWith('"')) throw new Error(`expected a string, got '${t}'`);
  const bytes: number[] = [];
  const body = t.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      const code = c.charCodeAt(0);
      if (code > 0x7f) bytes.push(...new TextEncoder().encode(c));
      else bytes.push(code);
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Error('string ends with a backslash');
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, e: 27, '\\': 92, '"': 34, "'": 39 };
    if (e in simple) bytes.push(simple[e]!);
    else if (/[0-7]/.test(e)) {
      let v = 0;
      let k = 0;
      while (k < 3 && /[0-7]/.test(body[i] ?? '')) v = v * 8 + Number(body[i++]), k++;
      i--;
      bytes.push(v & 0xff);
    } else if (e === 'x') {
      let v = 0;
      let k = 0;
      while (/[0-9a-fA-F]/.test(body[i + 1] ?? '')) v = v * 16 + parseInt(body[++i]!, 16), k++;
      if (k === 0) throw new Error('\\x without hex digits');
      bytes.push(v & 0xff);
    } else bytes.push(e.charCodeAt(0));
  }
  return bytes;
}
