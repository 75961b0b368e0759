/**
 * What GNU readelf says about an ELF file, read into plain data: the independent view of the vDSO image that
 * the tests compare Trapgate's claims with.
 */
import { spawnSync } from 'node:child_process';
import { CROSS } from '../../isa/binutils.js';

export interface ToolRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

export function run(tool: string, args: readonly string[]): ToolRun {
  const r = spawnSync(`${CROSS}${tool}`, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Lines in which a binutils tool complains (its "Warning:"/"Error:" messages, or anything on stderr). */
export function complaints(r: ToolRun): string[] {
  const out = r.stdout.split('\n').filter((l) => /warning|error|corrupt|invalid|bad /i.test(l));
  return [...out, ...r.stderr.split('\n').filter((l) => l.trim() !== '')];
}

export interface Section {
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly address: number;
  readonly offset: number;
  readonly size: number;
  readonly entsize: number;
  readonly flags: string;
  readonly link: number;
  readonly info: number;
  readonly align: number;
}

export function sections(file: string): Map<string, Section> {
  const out = new Map<string, Section>();
  for (const line of run('readelf', ['-SW', file]).stdout.split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+([0-9a-f]{8})\s+([0-9a-f]{6})\s+([0-9a-f]{6})\s+([0-9a-f]{2})\s+(\S*)\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(line);
    if (!m) continue;
    out.set(m[2]!, {
      index: Number(m[1]), name: m[2]!, type: m[3]!, address: parseInt(m[4]!, 16), offset: parseInt(m[5]!, 16),
      size: parseInt(m[6]!, 16), entsize: parseInt(m[7]!, 16), flags: m[8]!, link: Number(m[9]), info: Number(m[10]), align: Number(m[11]),
    });
  }
  return out;
}

export interface Segment {
  readonly type: string;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: string;
  readonly align: number;
}

export function segments(file: string): Segment[] {
  const out: Segment[] = [];
  for (const line of run('readelf', ['-lW', file]).stdout.split('\n')) {
    const m = /^\s+(\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(.{3})\s+0x([0-9a-f]+)$/.exec(line);
    if (!m) continue;
    out.push({
      type: m[1]!, offset: parseInt(m[2]!, 16), vaddr: parseInt(m[3]!, 16), filesz: parseInt(m[4]!, 16),
      memsz: parseInt(m[5]!, 16), flags: m[6]!.replace(/ /g, ''), align: parseInt(m[7]!, 16),
    });
  }
  return out;
}

export interface SymbolEntry {
  readonly index: number;
  readonly value: number;
  readonly size: number;
  readonly type: string;
  readonly bind: string;
  readonly vis: string;
  readonly ndx: string;
  /** The name without readelf's @VERSION suffix. */
  readonly name: string;
  /** The version readelf prints after @ or @@ ('' when none). */
  readonly version: string;
}

/** The symbols of `table` ('.dynsym' or '.symtab'). */
export function symbols(file: string, table: '.dynsym' | '.symtab'): SymbolEntry[] {
  const out: SymbolEntry[] = [];
  let current = '';
  for (const line of run('readelf', ['-sW', file]).stdout.split('\n')) {
    const header = /^Symbol table '(\S+)'/.exec(line);
    if (header) {
      current = header[1]!;
      continue;
    }
    if (current !== table) continue;
    const m = /^\s*(\d+):\s+([0-9a-f]{8})\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(\S*)$/.exec(line);
    if (!m) continue;
    const [name, version] = m[8]!.split(/@@?/);
    out.push({
      index: Number(m[1]), value: parseInt(m[2]!, 16), size: Number(m[3]), type: m[4]!, bind: m[5]!, vis: m[6]!,
      ndx: m[7]!, name: name!, version: version ?? '',
    });
  }
  return out;
}

export interface FrameEntry {
  readonly kind: 'CIE' | 'FDE';
  readonly offset: number;
  readonly start: number;
  readonly end: number;
  /** The entry's lines after the header, as readelf prints them. */
  readonly body: readonly string[];
}

/** .eh_frame as `readelf --debug-dump=frames` decodes it. */
export function frames(file: string): FrameEntry[] {
  const out: { kind: 'CIE' | 'FDE'; offset: number; start: number; end: number; body: string[] }[] = [];
  for (const line of run('readelf', ['--debug-dump=frames', file]).stdout.split('\n')) {
    const cie = /^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ CIE$/.exec(line);
    const fde = /^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.([0-9a-f]+)$/.exec(line);
    if (cie) out.push({ kind: 'CIE', offset: parseInt(cie[1]!, 16), start: 0, end: 0, body: [] });
    else if (fde) out.push({ kind: 'FDE', offset: parseInt(fde[1]!, 16), start: parseInt(fde[2]!, 16), end: parseInt(fde[3]!, 16), body: [] });
    else if (out.length > 0 && line.trim() !== '') out[out.length - 1]!.body.push(line.trim());
  }
  return out;
}
