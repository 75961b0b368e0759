/**
 * Guest path resolution under the configured root, done component by component the way namei does, so that no
 * guest path reaches a host file outside the root: `..` stops at the root, and every symlink (absolute or
 * relative) is read and re-interpreted inside the guest's view, never followed by the host.
 * Virtual trees (/proc) are consulted before the host.
 */
import type { HostFs } from '../../host/host.js';
import { Errno } from '../../abi/errno.js';
import { hostCall } from './host-errors.js';

/** Linux's MAXSYMLINKS. */
const MAX_SYMLINKS = 40;
const PATH_MAX = 4096;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** A node of a virtual tree such as /proc, as far as path walking needs to know. */
export type VirtualNode =
  | { type: 'dir' }
  | { type: 'file' }
  | { type: 'symlink'; target: string };

export type VirtualLookup = (guestPath: string) => VirtualNode | undefined;

export interface Resolved {
  /** Canonical guest path (absolute, no `.`/`..`/symlinks except possibly the last component). */
  guest: string;
  /** The host path it names (meaningless when `virtual` is set). */
  host: string;
  /** Set when the path names a node of a virtual tree. */
  virtual?: VirtualNode;
  /** False when the last component does not exist (the caller may create it). */
  exists: boolean;
}

export interface ResolveOptions {
  /** Follow a symlink in the last component (stat vs lstat, open without O_NOFOLLOW). */
  followLast: boolean;
  virtual?: VirtualLookup;
}

export class PathResolver {
  /** The root without a trailing slash ('' for the host's /). */
  private readonly root: string;

  /** `hostCwd` is the host's working directory, against which relative host paths (the root, the program) resolve. */
  constructor(private readonly fs: HostFs, root: string, private readonly hostCwd: string) {
    const abs = root.startsWith('/') ? root : `${hostCwd}/${root}`;
    this.root = normalize(abs) === '/' ? '' : normalize(abs);
  }

  hostPath(guest: string): string {
    return this.root + (guest === '/' ? (this.root ? '' : '/') : guest);
  }

  /**
   * The guest path of a host path (relative ones taken from the host's working directory) when it lies inside the
   * root, lexically; undefined when it lies outside.
   */
  guestPathInside(hostPath: string): string | undefined {
    const abs = normalize(hostPath.startsWith('/') ? hostPath : `${this.hostCwd}/${hostPath}`);
    if (this.root === '') return abs;
    if (abs === this.root) return '/';
    return abs.startsWith(`${this.root}/`) ? abs.slice(this.root.length) : undefined;
  }

  /** The guest path of a host path inside the root, or the (absolute) host path itself when it lies outside. */
  guestPathOfHost(hostPath: string): string {
    return this.guestPathInside(hostPath) ?? normalize(hostPath.startsWith('/') ? hostPath : `${this.hostCwd}/${hostPath}`);
  }

  /** The guest's initial working directory: the host's, when it lies inside the root, else `/`. */
  guestCwd(): string {
    return this.guestPathInside(this.hostCwd) ?? '/';
  }

  /** Resolves `path` relative to the guest directory `base`; returns a negative errno on failure. */
  resolve(path: string, base: string, opts: ResolveOptions): Resolved | number {
    if (path.length === 0) return -Errno.ENOENT;
    if (path.length >= PATH_MAX) return -Errno.ENAMETOOLONG;
    const mustBeDir = path.endsWith('/');
    const stack = path.startsWith('/') ? [] : splitPath(base);
    const pending = splitPath(path);
    let links = 0;
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === '.') continue;
      if (name === '..') {
        stack.pop(); // at the root, `..` is the root itself
        continue;
      }
      if (name.length > 255) return -Errno.ENAMETOOLONG;
      const last = pending.length === 0;
      const guest = joinGuest([...stack, name]);
      const node = this.lookup(guest, opts.virtual);
      if (node === undefined) {
        if (!last) return -Errno.ENOENT;
        stack.push(name);
        return { guest, host: this.hostPath(guest), exists: false };
      }
      if (typeof node === 'number') return node;
      if (node.type === 'symlink' && (!last || opts.followLast || mustBeDir)) {
        if (++links > MAX_SYMLINKS) return -Errno.ELOOP;
        const target = node.target ?? hostCall(() => this.fs.readlink(this.hostPath(guest)));
        if (typeof target === 'number') return target;
        if (target.length === 0) return -Errno.ENOENT;
        if (target.startsWith('/')) stack.length = 0;
        pending.unshift(...splitPath(target));
        continue;
      }
      if (!last && node.type !== 'dir') return -Errno.ENOTDIR;
      stack.push(name);
      if (last) {
        if (mustBeDir && node.type !== 'dir') return -Errno.ENOTDIR;
        const virtual = 'virtual' in node ? node.virtual : undefined;
        return { guest, host: this.hostPath(guest), exists: true, ...(virtual ? { virtual } : {}) };
      }
    }
    const guest = joinGuest(stack);
    const node = this.lookup(guest, opts.virtual);
    const virtual = node !== undefined && typeof node !== 'number' && 'virtual' in node ? node.virtual : undefined;
    return { guest, host: this.hostPath(guest), exists: true, ...(virtual ? { virtual } : {}) };
  }

  /**
   * What a guest path names, without following a final symlink. A host symlink's target is read only when the
   * link is followed (target undefined here): reading a link sets its atime, and lstat must not.
   */
  private lookup(guest: string, virtual: VirtualLookup | undefined):
    { type: 'dir' | 'file' } & { virtual?: VirtualNode } | { type: 'symlink'; target?: string; virtual?: VirtualNode } | number | undefined {
    const v = virtual?.(guest);
    if (v) return v.type === 'symlink' ? { type: 'symlink', target: v.target, virtual: v } : { type: v.type, virtual: v };
    const st = hostCall(() => this.fs.lstat(this.hostPath(guest)));
    if (st === -Errno.ENOENT) return undefined;
    if (typeof st === 'number') return st;
    const fmt = st.mode & S_IFMT;
    if (fmt === S_IFLNK) return { type: 'symlink' };
    return { type: fmt === S_IFDIR ? 'dir' : 'file' };
  }
}

export function splitPath(p: string): string[] {
  return p.split('/').filter((c) => c.length > 0);
}

export function joinGuest(components: readonly string[]): string {
  return `/${components.join('/')}`;
}

/** Lexical normalisation of an absolute host path (for the root itself and CLI arguments only). */
function normalize(p: string): string {
  const out: string[] = [];
  for (const c of splitPath(p)) {
    if (c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return joinGuest(out);
}
