/**
 * Debian's busybox-static:mipsel as a real client: its shell runs pipelines of applets as separate processes
 * (fork, pipe, dup2, execve of the busybox binary, wait), loops, arithmetic and command substitution.
 * The expected outputs are what a Linux shell prints; qemu-mipsel cannot serve as the oracle here because a guest's
 * execve of a MIPS binary fails under qemu-user without binfmt_misc ("Exec format error").
 * .ci/run fetches the package into guests/build/busybox/; without it the test is skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const BUSYBOX = join(ROOT, 'guests/build/busybox/bin/busybox');
const skip = !existsSync(BUSYBOX) && 'busybox-static:mipsel not fetched (see .ci/run)';

function sh(script: string) {
  return spawnSync(process.execPath, [CLI, 'run', BUSYBOX, 'sh', '-c', script], {
    encoding: 'utf8', timeout: 60_000, env: { PATH: '/usr/bin:/bin', BB: BUSYBOX },
  });
}

const cases: Array<[string, string, string, number?]> = [
  ['a pipeline of applets as separate processes', 'echo $((6*7)) | $BB wc -c', '3\n'],
  ['command substitution and arithmetic', 'x=$($BB seq 1 5 | $BB wc -l); echo "lines=$((x * 2))"', 'lines=10\n'],
  ['a for loop whose body runs a pipeline', 'for i in 1 2 3; do echo "n=$i $(echo $i | $BB tr 1-3 a-c)"; done', 'n=1 a\nn=2 b\nn=3 c\n'],
  ['a while loop with test', 'i=0; while [ $i -lt 5 ]; do i=$((i+1)); done; echo i=$i', 'i=5\n'],
  ['exit statuses of children', '$BB sh -c "exit 4"; echo status=$?; $BB false || echo false-failed', 'status=4\nfalse-failed\n'],
  ['a three-stage pipeline through sed and sort', 'printf "b\\na\\nc\\n" | $BB sed s/a/A/ | $BB sort', 'A\nb\nc\n'],
  ['the shell\'s own exit status', 'echo bye; exit 3', 'bye\n', 3],
  ['a child killed by a signal', '$BB sh -c \'kill -TERM $$\'; echo status=$?', 'status=143\n'],
];

for (const [what, script, expected, status] of cases) {
  test(`busybox sh: ${what}`, { skip }, () => {
    const r = sh(script);
    assert.equal(r.stdout, expected, r.stderr);
    assert.equal(r.status, status ?? 0, r.stderr);
  });
}
