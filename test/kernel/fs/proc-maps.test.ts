// /proc/<pid>/maps format. fs/proc/task_mmu.c show_map_vma prints each line through show_vma_header_prefix:
//   seq_setwidth(m, 25 + sizeof(void *) * 6 - 1);
//   "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu "
// and, for a named mapping, seq_pad(m, ' ') (spaces up to the width, then one space) before the name.
// The truth here is this host's own Linux: every line of its /proc/self/maps (a 64-bit kernel,
// sizeof(void *) = 8, width 72) must be reproduced exactly by formatMapsLine. A 32-bit MIPS kernel runs
// the same code with sizeof(void *) = 4, width 25 + 24 - 1 = 48, so names start in column 49 — which is
// what Trapgate's maps of a real guest must show. (qemu-mipsel pads like a 64-bit kernel, so it is no
// reference for this.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeHost } from '../../../src/host/node-host.js';
import { formatMapsLine, procLookup, type MapsLine } from '../../../src/kernel/fs/proc.js';
import { Kernel, DEFAULT_CONFIG } from '../../../src/kernel/kernel.js';

const LINE = /^([0-9a-f]+)-([0-9a-f]+) ([r-])([w-])([x-])([ps]) ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) (\d+) ?( *)(.*)$/;

function parse(line: string): MapsLine {
  const m = LINE.exec(line);
  assert.ok(m, `not a maps line: ${JSON.stringify(line)}`);
  return {
    start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`),
    read: m[3] === 'r', write: m[4] === 'w', exec: m[5] === 'x', shared: m[6] === 's',
    offset: BigInt(`0x${m[7]}`), major: parseInt(m[8]!, 16), minor: parseInt(m[9]!, 16), inode: BigInt(m[10]!),
    name: m[12]!,
  };
}

const hostMaps = existsSync('/proc/self/maps') ? readFileSync('/proc/self/maps', 'latin1').split('\n').filter((l) => l) : [];

test('the seq_setwidth formula reproduces every line of this host\'s /proc/self/maps (64-bit)', { skip: hostMaps.length === 0 && 'no /proc/self/maps on this host' }, () => {
  let named = 0;
  let anonymous = 0;
  for (const line of hostMaps) {
    const fields = parse(line);
    if (fields.name === '') anonymous++;
    else named++;
    assert.equal(formatMapsLine(fields, 8), line);
  }
  assert.ok(named > 0, 'host maps has named lines');
  assert.ok(anonymous >= 0);
});

test('32-bit lines: names start in column 49, anonymous lines end with a space', () => {
  const file: MapsLine = {
    start: 0x00400000, end: 0x004a1000, read: true, write: false, exec: true, shared: false,
    offset: 0, major: 0xfe, minor: 0x01, inode: 262153, name: '/usr/bin/prog',
  };
  const line = formatMapsLine(file);
  assert.equal(line.indexOf('/usr/bin/prog'), 25 + 4 * 6 - 1 + 1);
  assert.match(line, /^00400000-004a1000 r-xp 00000000 fe:01 262153 +\/usr\/bin\/prog$/);
  const anon = formatMapsLine({ ...file, name: '', major: 0, minor: 0, inode: 0, write: true, exec: false });
  assert.equal(anon, '00400000-004a1000 rw-p 00000000 00:00 0 ');
  const stack = formatMapsLine({ ...file, name: '[stack]', major: 0, minor: 0, inode: 0, shared: true });
  assert.equal(stack.indexOf('[stack]'), 49);
  assert.match(stack, / rwxs | r-xs /);
  // A prefix already wider than the field (a 10-digit inode) gets just the one separating space.
  const wide = formatMapsLine({ ...file, inode: 4294967295 });
  assert.ok(wide.endsWith('4294967295  /usr/bin/prog'), wide);
});

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const HELLO = path.join(REPO_ROOT, 'guests', 'build', 'c', 'hello');

test('a loaded guest\'s /proc/self/maps lists its areas in the 32-bit format', { skip: !existsSync(HELLO) && `${HELLO} not built` }, () => {
  const kernel = new Kernel(createNodeHost(), { ...DEFAULT_CONFIG, root: '/' });
  const process = kernel.spawn(HELLO, ['hello'], []);
  const node = procLookup(kernel, process)('/proc/self');
  assert.ok(node && node.type === 'symlink');
  assert.equal(node.target, String(process.pid));
  const maps = procLookup(kernel, process)(`/proc/${process.pid}/maps`);
  assert.ok(maps && maps.type === 'file' && 'content' in maps);
  const text = new TextDecoder().decode((maps as { content(): Uint8Array }).content());
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  assert.equal(lines.length, process.as.areas.length);
  lines.forEach((line, i) => {
    const area = process.as.areas[i]!;
    const fields = parse(line);
    assert.equal(Number(fields.start), area.start);
    assert.equal(Number(fields.end), area.end);
    assert.equal(fields.name, area.name);
    assert.match(line, /^[0-9a-f]{8}-[0-9a-f]{8} /);
    if (fields.name !== '' && line.indexOf(fields.name) > 0 && `${fields.inode}`.length < 9) {
      assert.equal(line.indexOf(fields.name), 49, line);
    }
  });
  const exe = lines.find((l) => l.endsWith(process.exePath));
  assert.ok(exe, 'the program itself is mapped');
  assert.match(exe, / r.xp 00000000 /, 'its text starts at file offset 0');
  assert.ok(lines.some((l) => l.endsWith(' [stack]')), 'the stack is named');
});
