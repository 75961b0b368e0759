/**
 * `--trace` signal events: a handled signal shows a `deliver` event naming the signal, its si_code, the frame
 * and the handler's address, and the handler's sigreturn a `return` event with the same frame; a signal whose
 * default action kills shows a `kill` event before the exit. Independent truth: the handlers' addresses come
 * from the guest's symbol table (mipsel-linux-gnu-nm), the si_code values from the Linux ABI (SI_TKILL -6 for
 * raise's tgkill, SI_USER 0 for kill; reference linux-mips-abi.md §3.1), signal numbers from MIPS's
 * asm/signal.h (SIGUSR1 16, SIGUSR2 17, SIGTERM 15).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runUnderTrapgate } from '../../guests/run-guest.js';

const SI_USER = 0;
const SI_TKILL = -6;
const SIGTERM = 15;

const guest = (name: string) => path.join(REPO_ROOT, 'guests', 'build', 'c', name);
const traced = guest('sig_trace');
const term = guest('sig_term');
const NM = process.env['MIPSEL_NM'] ?? 'mipsel-linux-gnu-nm';
const haveNm = spawnSync(NM, ['--version']).status === 0;

/** Symbol name -> address, from nm. */
function symbols(file: string): Map<string, number> {
  const r = spawnSync(NM, [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const map = new Map<string, number>();
  for (const line of r.stdout.split('\n')) {
    const m = /^([0-9a-f]+) [TtWw] (\S+)$/.exec(line);
    if (m) map.set(m[2]!, parseInt(m[1]!, 16));
  }
  return map;
}

interface SignalEvent { signal: string; action: string; code?: number; addr?: number; frame?: number; handler?: number }

function signalEvents(stderr: string): SignalEvent[] {
  const events: SignalEvent[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^\[signal\] \d+\/\d+ (\S+) (\w+)(.*)$/.exec(line);
    if (!m) continue;
    const e: SignalEvent = { signal: m[1]!, action: m[2]! };
    for (const [, key, value] of m[3]!.matchAll(/ (code|addr|frame|handler)=(-?(?:0x)?[0-9a-f]+)/g)) {
      const n = value!.startsWith('0x') ? parseInt(value!.slice(2), 16) : Number(value);
      if (key === 'code') e.code = n;
      else if (key === 'addr') e.addr = n;
      else if (key === 'frame') e.frame = n;
      else e.handler = n;
    }
    events.push(e);
  }
  return events;
}

test('--trace: deliver events carry the handler address (from nm) and si_code; sigreturn emits return with the same frame', {
  skip: (!existsSync(traced) && 'guest sig_trace not built (make -C guests)') || (!haveNm && `${NM} not found`),
}, async () => {
  const syms = symbols(traced);
  const r = await runUnderTrapgate(traced, [], { trapgateOptions: ['--trace'] });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.toString('latin1'), 'on_usr1 ran 1 time(s), on_usr2 1\n');
  const events = signalEvents(r.stderr);
  assert.deepEqual(events.map((e) => `${e.signal} ${e.action}`), ['SIGUSR1 deliver', '0 return', 'SIGUSR2 deliver', '0 return']);
  const [d1, r1, d2, r2] = events as [SignalEvent, SignalEvent, SignalEvent, SignalEvent];
  assert.equal(d1.handler, syms.get('on_usr1'));
  assert.equal(d1.code, SI_TKILL);
  assert.equal(d2.handler, syms.get('on_usr2'));
  assert.equal(d2.code, SI_USER);
  for (const [d, ret] of [[d1, r1], [d2, r2]] as const) {
    assert.ok(d.frame !== undefined && d.frame % 8 === 0, 'frames are 8-byte aligned (ALMASK)');
    assert.equal(ret.frame, d.frame, 'sigreturn finds the frame at $sp');
  }
});

test('--trace: a signal whose default action terminates shows a kill event, then the exit', {
  skip: !existsSync(term) && 'guest sig_term not built (make -C guests)',
}, async () => {
  const r = await runUnderTrapgate(term, [], { trapgateOptions: ['--trace'] });
  assert.equal(r.status, 128 + SIGTERM);
  const events = signalEvents(r.stderr);
  assert.deepEqual(events.map((e) => `${e.signal} ${e.action} ${e.code}`), [`SIGTERM kill ${SI_USER}`]);
  const kill = r.stderr.indexOf('[signal]');
  const exit = r.stderr.search(/^\[exit\] \d+ status=0xf$/m);
  assert.ok(kill >= 0 && exit > kill, `kill before an exit with wait status 0xf in:\n${r.stderr}`);
});
