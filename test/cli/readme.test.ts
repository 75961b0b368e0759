/**
 * The README's first command ("Run the built-in demo on a fresh machine") runs the checkout's own CLI. Regression:
 * it was `npm ci && npx trapgate demo`, and npx, finding no `trapgate` among the project's dependencies, installed
 * the project into npm's cache and compiled it again (15 s to minutes; an interrupted first run left the cache
 * broken). The command is read from README.md; its `npm ci` has been done for this checkout (it is what built
 * node_modules and, through `prepare`, dist/), and the rest runs here with an empty npm cache in offline mode:
 * it must print the demo's output and leave that cache untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../..', import.meta.url).pathname;

/** The indented command line under the paragraph that starts with `intro`. */
function readmeCommand(intro: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(intro);
  assert.ok(at >= 0, `README.md has a paragraph starting "${intro}"`);
  const line = readme.slice(at).split('\n').find((l) => l.startsWith('    '));
  assert.ok(line, `a command follows "${intro}"`);
  return line.trim();
}

test("the README's first command runs the demo from the checkout, without npm's cache", () => {
  const command = readmeCommand('Run the built-in demo on a fresh machine');
  const [install, ...rest] = command.split('&&').map((part) => part.trim());
  assert.equal(install, 'npm ci', 'the command starts from a clean install');
  const cache = join(mkdtempSync(join(tmpdir(), 'trapgate-readme-')), 'npm-cache');
  const env = { ...process.env, npm_config_cache: cache, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  const r = spawnSync('sh', ['-c', rest.join(' && ')], { cwd: ROOT, encoding: 'utf8', env });
  assert.equal(r.status, 0, `${command}: ${r.stderr}`);
  assert.match(r.stdout, /primes below 200: 2 3 5 7 11 /);
  assert.ok(!existsSync(cache) || readdirSync(cache).length === 0, `npm's cache was used: ${cache}`);
});
