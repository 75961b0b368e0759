/**
 * GNU as macros: `.macro NAME [PARAM[=DEFAULT]]...` up to `.endm` defines NAME; a later statement `NAME ARGS`
 * is replaced by the body with each `\PARAM` replaced by its argument (or default), `\@` by the number of
 * expansions so far and `\()` by nothing (it separates a parameter from text that follows it). Parameters are
 * separated by commas or blanks in the definition, arguments by top-level commas. Labels on an invocation stay
 * on the first statement of the expansion. Expansion is textual and happens on statements, so numeric local
 * labels (`1:`, `1f`) and `.` inside a body behave as if the body had been written out in place.
 */
import { SourceError, splitOperands, takeLabels, type Statement } from './asm-source.js';

interface Macro {
  readonly params: readonly { name: string; fallback: string | undefined }[];
  readonly body: readonly Statement[];
}

/** How deep macros may invoke macros before a definition is taken to be recursive. */
const MAX_DEPTH = 100;

const NAME = /^[A-Za-z_.$][A-Za-z0-9_.$]*/;

export function expandMacros(statements: readonly Statement[]): Statement[] {
  const macros = new Map<string, Macro>();
  let expansions = 0;
  const out: Statement[] = [];

  const emit = (list: readonly Statement[], depth: number): void => {
    for (let i = 0; i < list.length; i++) {
      const st = list[i]!;
      const head = NAME.exec(st.body)?.[0] ?? '';
      if (head.toLowerCase() === '.macro') {
        const end = list.findIndex((s, k) => k > i && /^\.endm\b/i.test(s.body));
        if (end < 0) throw new SourceError(st.line, '.macro without .endm');
        if (list.slice(i + 1, end).some((s) => /^\.macro\b/i.test(s.body))) {
          throw new SourceError(st.line, 'a .macro inside a .macro is not supported');
        }
        const [name, params] = parseDefinition(st);
        if (macros.has(name)) throw new SourceError(st.line, `macro ${name} defined twice`);
        out.push(...labelsOnly(st));
        macros.set(name, { params, body: list.slice(i + 1, end) });
        i = end;
        continue;
      }
      if (/^\.endm$/i.test(head)) throw new SourceError(st.line, '.endm without .macro');
      const macro = macros.get(head);
      if (macro === undefined) {
        out.push(st);
        continue;
      }
      if (depth >= MAX_DEPTH) throw new SourceError(st.line, `macro ${head} nested more than ${MAX_DEPTH} deep`);
      const values = bindArguments(st, head, macro);
      const count = String(expansions++);
      const body = macro.body.map((b, k): Statement => {
        // A label may be made by substitution (`\name\():`), so labels are taken again from the new text.
        const text = takeLabels(substitute(b.body, values, count));
        const own = b.labels.map((l) => substitute(l, values, count));
        return { line: st.line, labels: [...(k === 0 ? st.labels : []), ...own, ...text.labels], body: text.body };
      });
      if (body.length === 0) out.push(...labelsOnly(st));
      else emit(body, depth + 1);
    }
  };

  emit(statements, 0);
  return out;
}

function labelsOnly(st: Statement): Statement[] {
  return st.labels.length > 0 ? [{ line: st.line, labels: st.labels, body: '' }] : [];
}

function parseDefinition(st: Statement): [string, Macro['params']] {
  const rest = st.body.slice('.macro'.length).trim();
  const name = NAME.exec(rest)?.[0];
  if (name === undefined) throw new SourceError(st.line, '.macro needs a name');
  const params = rest.slice(name.length).split(/[\s,]+/).filter((p) => p !== '').map((p) => {
    const eq = p.indexOf('=');
    const param = eq < 0 ? p : p.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(param)) throw new SourceError(st.line, `bad macro parameter '${p}'`);
    return { name: param, fallback: eq < 0 ? undefined : p.slice(eq + 1) };
  });
  return [name, params];
}

function bindArguments(st: Statement, name: string, macro: Macro): Map<string, string> {
  const args = splitOperands(st.body.slice(name.length));
  if (args.length > macro.params.length) {
    throw new SourceError(st.line, `macro ${name} takes ${macro.params.length} arguments, got ${args.length}`);
  }
  const values = new Map<string, string>();
  macro.params.forEach((p, k) => {
    const given = args[k];
    const value = given !== undefined && given !== '' ? given : p.fallback;
    if (value === undefined) throw new SourceError(st.line, `macro ${name}: missing value for ${p.name}`);
    values.set(p.name, value);
  });
  return values;
}

/** The body text with `\PARAM`, `\@` and `\()` replaced; a backslash before anything else is left as it is. */
function substitute(text: string, values: Map<string, string>, count: string): string {
  return text.replace(/\\(\(\)|@|[A-Za-z_][A-Za-z0-9_]*)/g, (whole, ref: string) => {
    if (ref === '()') return '';
    if (ref === '@') return count;
    return values.get(ref) ?? whole;
  });
}
