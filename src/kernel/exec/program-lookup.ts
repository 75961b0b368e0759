/**
 * Where the first program (`trapgate run`, Machine.load) is found and its root. Like qemu-user's -L, the program is looked up inside the
 * guest's root first and on the host only when the root has none, so that `--root R /bin/ls` runs R's ls, not the
 * host's. A lookup inside the root is the guest's own path resolution (the one execve uses), so a symlink there
 * means what it means to the guest (`R/bin/ls -> /bin/busybox` is R's busybox).
 */
import type { HostFs } from '../../host/host.js';
import { Errno, errnoName } from '../../abi/errno.js';
import type { PathResolver } from '../fs/path.js';
import { hostCall } from '../fs/host-errors.js';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/** Why `--root DIR` cannot be the guest's `/`, in a few words; undefined when it can. */
export function rootProblem(fs: HostFs, root: string): string | undefined {
  const st = hostCall(() => fs.stat(root));
  if (st === -Errno.ENOENT) return 'no such directory';
  if (st === -Errno.ENOTDIR) return 'not a directory';
  if (typeof st === 'number') return `cannot be used (${errnoName(-st) ?? st})`;
  return (st.mode & S_IFMT) === S_IFDIR ? undefined : 'not a directory';
}

/**
 * The host path of the program named `program` on the command line, or undefined when there is no such file
 * (neither in the root nor on the host). A file that exists but may not be runnable is returned: loading it says
 * why it cannot run.
 *
 * Inside the root, the program is looked for under its guest name (an absolute path), then under the host path it
 * names when that lies inside the root (`R/bin/ls` and, from a working directory inside R, `./bin/ls`). Failing
 * that, it is the host file the user named, as qemu-user falls back to the host.
 */
export function lookupProgram(paths: PathResolver, fs: HostFs, program: string): string | undefined {
  const candidates = [program.startsWith('/') ? program : undefined, paths.guestPathInside(program)];
  for (const guest of candidates) {
    if (guest === undefined) continue;
    const r = paths.resolve(guest, '/', { followLast: true });
    if (typeof r !== 'number' && r.exists) return r.host;
  }
  return hostCall(() => fs.stat(program)) === -Errno.ENOENT ? undefined : program;
}
