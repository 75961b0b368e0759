/**
 * The package as `npm install trapgate` delivers it: `npm pack` (scripts off, so the build under test is used as it
 * is), installed into an empty project, must run the demo through its `trapgate` bin. Regression: the vDSO's
 * assembly source (read at run time) was missing from the package's files, and the installed CLI died with a
 * JavaScript stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../..', import.meta.url).pathname;

test('the packed package, installed into an empty project, runs the demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trapgate-package-'));
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, ROOT], { encoding: 'utf8', env });
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');

  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  const install = spawnSync('npm', ['install', '--offline', '--ignore-scripts', join(dir, tarball)], { cwd: app, encoding: 'utf8', env });
  assert.equal(install.status, 0, install.stderr);

  const bin = join(app, 'node_modules/.bin/trapgate');
  const demo = spawnSync(bin, ['demo'], { encoding: 'utf8' });
  assert.equal(demo.status, 0, demo.stderr);
  assert.equal(demo.stderr, '');
  assert.match(demo.stdout, /primes below 200:/i);
});
