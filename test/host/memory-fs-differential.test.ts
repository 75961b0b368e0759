/** MemoryFs against the Node host's file system in a fresh temporary directory: the same random operations, the same results. */
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNodeHost } from '../../src/host/node-host.js';
import { MemoryFs } from '../../src/host/memory-fs.js';
import { runRandomOps, SANDBOX } from './random-ops.js';

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`MemoryFs agrees with node:fs on 1500 random operations (seed ${seed})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trapgate-memfs-'));
    try {
      mkdirSync(dir + SANDBOX, { recursive: true });
      const memory = new MemoryFs({ clock: () => 0n });
      memory.mkdir('/r', 0o755);
      memory.mkdir(SANDBOX, 0o755);
      runRandomOps(seed, 1500, { fs: createNodeHost().fs, prefix: dir + SANDBOX }, { fs: memory, prefix: SANDBOX });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
