/**
 * The core (everything under src/ but the Node host and the CLI) must build for a browser: it imports nothing from
 * Node (`node:*`), and no module of it is imported only for its side effects (a bundler may drop such an import:
 * system call families once registered themselves that way). Reads the TypeScript sources as text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../guests/run-guest.js';

const SRC = path.join(REPO_ROOT, 'src');
/** The host's side of the boundary: these may use Node. */
const NODE_ALLOWED = [/^host\/node-host\.ts$/, /^host\/vdso-source\.ts$/, /^cli\//];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const files = sources(SRC).map((p) => ({ rel: path.relative(SRC, p).split(path.sep).join('/'), text: readFileSync(p, 'utf8') }));

test('the core imports nothing from Node', () => {
  assert.ok(files.length > 50, `${files.length} source files read`);
  const bad = files
    .filter((f) => !NODE_ALLOWED.some((re) => re.test(f.rel)))
    .filter((f) => /\bfrom\s+['"]node:|\bimport\s*\(\s*['"]node:|\brequire\s*\(/.test(f.text))
    .map((f) => f.rel);
  assert.deepEqual(bad, []);
});

test('no module is imported only for its side effects', () => {
  const bad = files.filter((f) => /^import\s+['"][^'"]+['"];?\s*$/m.test(f.text)).map((f) => f.rel);
  assert.deepEqual(bad, []);
});
