/**
 * The vDSO image as GNU binutils read it: a clean ELF shared object laid out like Linux's MIPS vDSO (reference
 * §4.1, §7), whose symbols glibc's ld.so can find through .hash with version LINUX_2.6, whose trampolines are the
 * exact words libgcc recognises (§3.4, §3.5), and whose unwind tables cover every export but not the trampolines.
 * The code itself is checked against GNU as assembling the same source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildVdsoImage } from '../../../src/kernel/vdso/image.js';
import { vdsoPrelude } from '../../../src/kernel/vdso/prelude.js';
import { readVdsoSource } from '../../../src/host/vdso-source.js';
import { selectCpuVariants } from '../../../src/kernel/vdso/variants.js';
import { vdsoCommand } from '../../../src/cli/vdso-command.js';
import { VdsoData } from '../../../src/abi/layouts.js';
import { binutilsMissing, GAS_FLAGS, sectionBytes, tempDir, tool } from '../../isa/binutils.js';
import { complaints, frames, run, sections, segments, symbols } from './readelf.js';

const skip = binutilsMissing() ?? false;
const PAGE = 4096;

/** The names Linux's MIPS vDSO exports for o32 (reference §4.1) plus the ppc64-style additions (§4.6). */
const EXPORTS = [
  '__vdso_clock_gettime', '__vdso_clock_gettime64', '__vdso_gettimeofday', '__vdso_clock_getres',
  '__vdso_clock_getres_time64', '__vdso_sync_dicache', '__vdso_get_syscall_map', '__vdso_getcpu',
];
/** ELF hash of "LINUX_2.6", as glibc's mips sysdep.h hard-codes it (reference §4.5). */
const GLIBC_VDSO_HASH = 61765110;

/** The SysV ELF hash, written here from the gABI independently of the image's own. */
function sysvHash(name: string): number {
  let h = 0n;
  for (const c of Buffer.from(name, 'latin1')) {
    h = ((h << 4n) + BigInt(c)) & 0xffffffffn;
    const g = h & 0xf0000000n;
    if (g !== 0n) h ^= g >> 24n;
    h &= ~g & 0xffffffffn;
  }
  return Number(h);
}

function dumped(coherentIcache = false): { file: string; bytes: Uint8Array } {
  const dir = tempDir();
  const file = join(dir, 'vdso.so');
  const status = vdsoCommand(['--dump', file, ...(coherentIcache ? ['--coherent-icache'] : [])]);
  assert.equal(status, 0);
  return { file, bytes: new Uint8Array(readFileSync(file)) };
}

test('trapgate vdso --dump writes the image for a non-coherent CPU, a whole number of pages', { skip }, () => {
  const image = buildVdsoImage(readVdsoSource());
  const { bytes } = dumped();
  assert.equal(bytes.length % PAGE, 0);
  assert.equal(bytes.length, image.size);
  assert.deepEqual(bytes, selectCpuVariants(image, { coherentIcache: false }).bytes);
  assert.notDeepEqual(dumped(true).bytes, bytes, '--coherent-icache changes the image');
  assert.equal(vdsoCommand([]), 2, 'no --dump is a usage error');
});

test('readelf and objdump read the image without a complaint', { skip }, () => {
  const { file } = dumped();
  for (const [name, args] of [['readelf', ['-a', '-W', file]], ['readelf', ['--debug-dump=frames', file]], ['objdump', ['-d', '-T', file]], ['objdump', ['-x', file]]] as const) {
    const r = run(name, args);
    assert.equal(r.status, 0, `${name} ${args.join(' ')} failed: ${r.stderr}`);
    assert.deepEqual(complaints(r), [], `${name} ${args.join(' ')}`);
  }
});

test('the ELF header, segments and dynamic section are a Linux MIPS vDSO\'s', { skip }, () => {
  const { file } = dumped();
  const header = run('readelf', ['-hW', file]).stdout;
  assert.match(header, /Type:\s+DYN \(Shared object file\)/);
  assert.match(header, /Machine:\s+MIPS R3000/);
  assert.match(header, /Flags:\s+0x70001007, noreorder, pic, cpic, o32, mips32r2/);

  const segs = segments(file);
  assert.deepEqual(segs.map((s) => s.type), ['ABIFLAGS', 'LOAD', 'DYNAMIC', 'NOTE', 'GNU_EH_FRAME']);
  const load = segs.filter((s) => s.type === 'LOAD');
  assert.equal(load.length, 1, 'one PT_LOAD');
  assert.deepEqual([load[0]!.offset, load[0]!.vaddr, load[0]!.flags], [0, 0, 'RE'], 'linked at 0, R+X, from the ELF header on');
  for (const s of segs.filter((x) => x.type !== 'LOAD')) assert.equal(s.flags, 'R', `${s.type} is read-only`);
  assert.ok(!segs.some((s) => s.type === 'TLS'), 'no PT_TLS (glibc asserts it)');

  const secs = sections(file);
  const allocated = [...secs.values()].filter((s) => s.flags.includes('A'));
  assert.deepEqual(allocated.map((s) => s.name), [
    '.MIPS.abiflags', '.hash', '.dynsym', '.dynstr', '.gnu.version', '.gnu.version_d', '.note', '.text',
    '.eh_frame_hdr', '.eh_frame', '.dynamic',
  ], 'Linux\'s section order');
  for (const s of allocated) {
    assert.equal(s.address, s.offset, `${s.name}: address = offset (linked at 0)`);
    assert.ok(s.offset + s.size <= load[0]!.filesz, `${s.name} is inside the PT_LOAD`);
  }
  const abiflags = secs.get('.MIPS.abiflags')!;
  assert.deepEqual([abiflags.type, abiflags.size, abiflags.entsize], ['MIPS_ABIFLAGS', 24, 24]);
  const byType = (t: string) => segs.find((s) => s.type === t)!;
  assert.equal(byType('DYNAMIC').offset, secs.get('.dynamic')!.offset);
  assert.equal(byType('GNU_EH_FRAME').offset, secs.get('.eh_frame_hdr')!.offset);
  assert.equal(byType('ABIFLAGS').offset, abiflags.offset);
  assert.equal(byType('NOTE').offset, secs.get('.note')!.offset);

  const dynamic = run('readelf', ['-dW', file]).stdout;
  assert.match(dynamic, /\(SONAME\)\s+Library soname: \[linux-vdso\.so\.1\]/);
  const tags = [...dynamic.matchAll(/^\s*0x[0-9a-f]+ \((\w+)\)\s+(\S+)/gm)].map((m) => [m[1]!, m[2]!] as const);
  assert.deepEqual(tags.map(([t]) => t).sort(), ['HASH', 'NULL', 'SONAME', 'STRSZ', 'STRTAB', 'SYMENT', 'SYMTAB', 'VERDEF', 'VERDEFNUM', 'VERSYM'].sort());
  const at = (t: string) => parseInt(tags.find(([x]) => x === t)![1], 16);
  assert.equal(at('HASH'), secs.get('.hash')!.address, 'DT_HASH is a link-time address');
  assert.equal(at('SYMTAB'), secs.get('.dynsym')!.address);
  assert.equal(at('STRTAB'), secs.get('.dynstr')!.address);
  assert.equal(at('VERSYM'), secs.get('.gnu.version')!.address);
  assert.equal(at('VERDEF'), secs.get('.gnu.version_d')!.address);
  assert.match(run('readelf', ['-rW', file]).stdout, /There are no relocations in this file/);

  const abi = run('readelf', ['-AW', file]).stdout;
  assert.match(abi, /ISA: MIPS32r2/);
  assert.match(abi, /GPR size: 32/);
  assert.match(abi, /CPR1 size: 32/);
  assert.match(abi, /CPR2 size: 0/);
  assert.match(abi, /FP ABI: Hard or soft float/);

  const notes = run('readelf', ['-nW', file]).stdout;
  assert.match(notes, /Linux\s+0x00000004\s+Unknown note type: \(0x00000000\)\s+description data: 00 01 06 00/, 'LINUX_VERSION_CODE 6.1.0');
});

test('the exports are functions in version LINUX_2.6; the trampolines and variants are local', { skip }, () => {
  const image = buildVdsoImage(readVdsoSource());
  const { file } = dumped();
  const dyn = symbols(file, '.dynsym');
  const textIndex = String(sections(file).get('.text')!.index);
  assert.deepEqual(dyn.map((s) => s.name).slice(1).sort(), [...EXPORTS].sort());
  for (const s of dyn.slice(1)) {
    assert.deepEqual([s.type, s.bind, s.vis, s.ndx, s.version], ['FUNC', 'GLOBAL', 'DEFAULT', textIndex, 'LINUX_2.6'], s.name);
    assert.ok(s.value !== 0 && s.size > 0, `${s.name} has a non-zero address and a size (glibc rejects st_value 0)`);
    assert.equal(image.symbols.get(s.name), s.value, `the image reports ${s.name} where readelf sees it`);
  }
  const versions = run('readelf', ['-VW', file]).stdout;
  assert.match(versions, /Rev: 1\s+Flags: BASE\s+Index: 1\s+Cnt: 1\s+Name: linux-vdso\.so\.1/);
  assert.match(versions, /Rev: 1\s+Flags: none\s+Index: 2\s+Cnt: 1\s+Name: LINUX_2\.6/);

  const local = symbols(file, '.symtab').filter((s) => s.bind === 'LOCAL' && s.name !== '');
  for (const name of ['__vdso_sigreturn', '__vdso_rt_sigreturn', '__vdso_sync_dicache_synci', '__vdso_sync_dicache_coherent']) {
    const s = local.find((x) => x.name === name);
    assert.ok(s, `${name} is in .symtab`);
    assert.equal(s.type, 'FUNC');
    assert.ok(!dyn.some((d) => d.name === name), `${name} is not exported`);
  }
  assert.equal(local.find((s) => s.name === '__vdso_sigreturn')!.value, image.offsets.sigreturn);
  assert.equal(local.find((s) => s.name === '__vdso_rt_sigreturn')!.value, image.offsets.rt_sigreturn);
});

test('objdump shows the trampolines as exactly li v0,4119; syscall and li v0,4193; syscall', { skip }, () => {
  const image = buildVdsoImage(readVdsoSource());
  const { file } = dumped();
  const listing = tool('objdump', ['-d', file]);
  const insn = (address: number): [number, string] => {
    const m = new RegExp(`^\\s*${address.toString(16)}:\\t([0-9a-f]{8}) \\t(.*)$`, 'm').exec(listing);
    assert.ok(m, `an instruction at 0x${address.toString(16)}`);
    return [parseInt(m[1]!, 16), m[2]!.replace(/\s+/g, ' ').trim()];
  };
  assert.deepEqual(insn(image.offsets.sigreturn), [0x24021017, 'li v0,4119']);
  assert.deepEqual(insn(image.offsets.sigreturn + 4), [0x0000000c, 'syscall']);
  assert.deepEqual(insn(image.offsets.rt_sigreturn), [0x24021061, 'li v0,4193']);
  assert.deepEqual(insn(image.offsets.rt_sigreturn + 4), [0x0000000c, 'syscall']);
  assert.match(listing, new RegExp(`^0*${image.offsets.sigreturn.toString(16)} <__vdso_sigreturn>:`, 'm'));
  assert.match(listing, new RegExp(`^0*${image.offsets.rt_sigreturn.toString(16)} <__vdso_rt_sigreturn>:`, 'm'));
  const dynamicSymbols = tool('objdump', ['-T', file]);
  for (const name of EXPORTS) assert.match(dynamicSymbols, new RegExp(`\\sLINUX_2\\.6\\s+${name}$`, 'm'));
});

test('.eh_frame has one FDE per function, none on the trampolines, and .eh_frame_hdr indexes them all', { skip }, () => {
  const { file, bytes } = dumped();
  const secs = sections(file);
  const entries = frames(file);
  const cies = entries.filter((e) => e.kind === 'CIE');
  const fdes = entries.filter((e) => e.kind === 'FDE');
  assert.equal(cies.length, 1);
  assert.deepEqual(cies[0]!.body.slice(0, 6), [
    'Version:               1', 'Augmentation:          "zR"', 'Code alignment factor: 1',
    'Data alignment factor: -4', 'Return address column: 31', 'Augmentation data:     1b',
  ]);
  assert.ok(cies[0]!.body.includes('DW_CFA_def_cfa_register: r29'), 'CFA = $sp + 0');

  const dyn = symbols(file, '.dynsym').slice(1);
  for (const s of dyn) {
    const covering = fdes.filter((f) => f.start <= s.value && s.value < f.end);
    assert.equal(covering.length, 1, `${s.name} is covered by one FDE`);
    assert.deepEqual([covering[0]!.start, covering[0]!.end], [s.value, s.value + s.size], `${s.name}'s FDE is exactly the function`);
  }
  const funcs = symbols(file, '.symtab').filter((s) => s.type === 'FUNC');
  const trampolines = funcs.filter((s) => /sigreturn/.test(s.name));
  assert.equal(trampolines.length, 2);
  for (const t of trampolines) assert.ok(!fdes.some((f) => f.start < t.value + t.size && t.value < f.end), `no FDE covers ${t.name}`);
  const others = new Set(funcs.filter((s) => !/sigreturn/.test(s.name)).map((s) => `${s.value}:${s.value + s.size}`));
  assert.deepEqual(new Set(fdes.map((f) => `${f.start}:${f.end}`)), others, 'an FDE for each function body (aliases share one)');

  // .eh_frame_hdr, decoded here: version 1, eh_frame_ptr pcrel|sdata4, fde_count udata4, table datarel|sdata4.
  const hdr = secs.get('.eh_frame_hdr')!;
  const ehFrame = secs.get('.eh_frame')!;
  const v = new DataView(bytes.buffer, bytes.byteOffset + hdr.offset, hdr.size);
  assert.deepEqual([v.getUint8(0), v.getUint8(1), v.getUint8(2), v.getUint8(3)], [1, 0x1b, 0x03, 0x3b]);
  assert.equal(hdr.address + 4 + v.getInt32(4, true), ehFrame.address, 'eh_frame_ptr');
  const count = v.getUint32(8, true);
  assert.equal(count, fdes.length);
  assert.equal(hdr.size, 12 + 8 * count);
  const table = Array.from({ length: count }, (_, i) => ({
    pc: hdr.address + v.getInt32(12 + i * 8, true),
    fde: hdr.address + v.getInt32(16 + i * 8, true),
  }));
  assert.deepEqual(table.map((e) => e.pc), [...table.map((e) => e.pc)].sort((a, b) => a - b), 'sorted by pc');
  for (const e of table) {
    const f = fdes.find((x) => x.start === e.pc);
    assert.ok(f, `the table entry for 0x${e.pc.toString(16)} names an FDE`);
    assert.equal(e.fde, ehFrame.address + f.offset, 'and points at it');
  }
});

test('ld.so\'s lookup through .hash finds every export with version LINUX_2.6', { skip }, () => {
  const { file, bytes } = dumped();
  const secs = sections(file);
  const view = (name: string) => {
    const s = secs.get(name)!;
    return new DataView(bytes.buffer, bytes.byteOffset + s.offset, s.size);
  };
  assert.equal(sysvHash('LINUX_2.6'), GLIBC_VDSO_HASH, 'the test\'s hash function agrees with glibc\'s constant');
  const names = new Map(symbols(file, '.dynsym').map((s) => [s.index, s.name]));
  const hash = view('.hash');
  const nbucket = hash.getUint32(0, true);
  const nchain = hash.getUint32(4, true);
  assert.equal(nchain, names.size, 'one chain slot per .dynsym entry');
  const lookup = (name: string): number => {
    const h = sysvHash(name);
    for (let i = hash.getUint32(8 + (h % nbucket) * 4, true); i !== 0; i = hash.getUint32(8 + nbucket * 4 + i * 4, true)) {
      assert.ok(i < nchain, 'chain index in range');
      if (names.get(i) === name) return i;
    }
    return 0;
  };
  const versym = view('.gnu.version');
  const verdef = view('.gnu.version_d');
  const dynstr = bytes.subarray(secs.get('.dynstr')!.offset, secs.get('.dynstr')!.offset + secs.get('.dynstr')!.size);
  const str = (at: number) => Buffer.from(dynstr.subarray(at, dynstr.indexOf(0, at))).toString('latin1');
  const verdefs = new Map<number, { hash: number; name: string; flags: number }>();
  for (let at = 0; ;) {
    const aux = at + verdef.getUint32(at + 12, true);
    verdefs.set(verdef.getUint16(at + 4, true), { flags: verdef.getUint16(at + 2, true), hash: verdef.getUint32(at + 8, true), name: str(verdef.getUint32(aux, true)) });
    const next = verdef.getUint32(at + 16, true);
    if (next === 0) break;
    at += next;
  }
  assert.deepEqual(verdefs.get(1), { flags: 1, hash: sysvHash('linux-vdso.so.1'), name: 'linux-vdso.so.1' });
  assert.deepEqual(verdefs.get(2), { flags: 0, hash: GLIBC_VDSO_HASH, name: 'LINUX_2.6' });
  for (const name of EXPORTS) {
    const i = lookup(name);
    assert.ok(i !== 0, `${name} is found`);
    assert.equal(versym.getUint16(i * 2, true), 2, `${name} is in version index 2`);
  }
  assert.equal(lookup('__vdso_time'), 0, 'Linux\'s MIPS vDSO has no __vdso_time');
  assert.equal(lookup('__vdso_sigreturn'), 0, 'the trampolines are not exported');
});

test('GNU as makes the same code and the same unwind rows from the same source', { skip }, () => {
  const { file, bytes } = dumped();
  const text = sections(file).get('.text')!;
  const dir = tempDir();
  const src = join(dir, 'vdso.s');
  writeFileSync(src, vdsoPrelude(text.address) + readVdsoSource());
  const obj = join(dir, 'vdso.o');
  tool('as', [...GAS_FLAGS, src, '-o', obj]);
  const gasText = sectionBytes(obj, '.text', dir);
  assert.deepEqual(bytes.subarray(text.offset, text.offset + text.size), gasText.subarray(0, text.size), '.text');
  assert.ok(gasText.subarray(text.size).every((b) => b === 0), 'gas only pads');

  const map = join(dir, 'vdso.map');
  writeFileSync(map, `LINUX_2.6 {\n global: ${EXPORTS.join('; ')};\n local: *;\n};\n`);
  const so = join(dir, 'gas-vdso.so');
  tool('ld', ['-shared', '-soname=linux-vdso.so.1', '-G', '0', '--eh-frame-hdr', '--hash-style=sysv', '-Bsymbolic', `--version-script=${map}`, obj, '-o', so]);
  const gasTextAddress = sections(so).get('.text')!.address;
  const rebase = (entries: ReturnType<typeof frames>, base: number) => entries.map((e) => ({
    kind: e.kind, start: e.start && e.start - base, end: e.end && e.end - base,
    body: e.body.map((l) => l.replace(/ to ([0-9a-f]+)$/, (_, a: string) => ` to +${(parseInt(a, 16) - base).toString(16)}`)),
  }));
  assert.deepEqual(rebase(frames(file), text.address), rebase(frames(so), gasTextAddress), 'FDEs relative to .text');
  const gasSyms = symbols(so, '.dynsym').filter((s) => s.type === 'FUNC');
  const ours = symbols(file, '.dynsym').filter((s) => s.type === 'FUNC');
  const shape = (list: typeof ours, base: number) => list.map((s) => `${s.name} +${s.value - base} ${s.size}`).sort();
  assert.deepEqual(shape(ours, text.address), shape(gasSyms, gasTextAddress), 'exports relative to .text');
});

test('VdsoData has the offsets mipsel gcc gives struct vdso_data (reference §4.4) and Trapgate\'s fields after it', { skip }, () => {
  const declaration = `
#include <stddef.h>
#include <stdint.h>
struct vdso_timestamp { uint64_t sec; uint64_t nsec; };
struct timens_offset { int64_t sec; uint64_t nsec; };
struct vdso_data {
  uint32_t seq; int32_t clock_mode; uint64_t cycle_last; uint64_t mask; uint32_t mult; uint32_t shift;
  union { struct vdso_timestamp basetime[11 + 1]; struct timens_offset offset[11 + 1]; };
  int32_t tz_minuteswest; int32_t tz_dsttime; uint32_t hrtimer_res; uint32_t __unused;
};
struct trapgate_vvar {
  struct vdso_data data[2];
  uint32_t coarse_res; uint32_t syscall_count; uint32_t syscall_map[16];
};
#define O(f) offsetof(struct vdso_data, f)
#define T(f) offsetof(struct trapgate_vvar, f)
const unsigned facts[] = {
  sizeof(struct vdso_data), O(seq), O(clock_mode), O(cycle_last), O(mask), O(mult), O(shift), O(basetime),
  sizeof(struct vdso_timestamp), offsetof(struct vdso_timestamp, sec), offsetof(struct vdso_timestamp, nsec),
  O(tz_minuteswest), O(tz_dsttime), O(hrtimer_res), T(data[0]), T(data[1]),
  T(coarse_res), T(syscall_count), T(syscall_map), sizeof(((struct trapgate_vvar *)0)->syscall_map) / 4,
  sizeof(struct trapgate_vvar),
};
`;
  const dir = tempDir();
  const c = join(dir, 'vvar.c');
  writeFileSync(c, declaration);
  const asm = run('gcc', ['-O2', '-S', '-o', '-', c]);
  assert.equal(asm.status, 0, asm.stderr);
  const words = [...asm.stdout.matchAll(/^\s*\.word\s+(\d+)$/gm)].map((m) => Number(m[1]));
  const v = VdsoData;
  assert.deepEqual(words.slice(0, -1), [
    v.size, v.seq, v.clock_mode, v.cycle_last, v.mask, v.mult, v.shift, v.basetime,
    v.timestamp_size, v.timestamp_sec, v.timestamp_nsec,
    v.tz_minuteswest, v.tz_dsttime, v.hrtimer_res, v.cs_hres_coarse, v.cs_raw,
    v.coarse_res, v.syscall_count, v.syscall_map, v.syscall_map_words,
  ]);
  assert.ok(words.at(-1)! <= PAGE, 'the data page holds it all');
});
