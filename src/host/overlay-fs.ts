/**
 * A copy-on-write file system over another (the Node host's, say) that is never modified: reads come from the lower
 * layer until a file is changed; the first change (an open for writing, truncate, chmod, utimes, rename, link) copies
 * the file up into an in-memory upper layer (a MemoryFs), and creations go there directly. A deletion of a lower
 * name is remembered as a hidden path (a whiteout: the name and everything beneath it no longer shows from the
 * lower layer); a directory present in both layers lists the entries of both.
 *
 * Purpose: after a machine snapshot, a guest's writes to host files go to memory, and `restore` brings the files
 * (and open descriptors, with their offsets) back as they were. Copied-up files keep the lower layer's device and
 * inode numbers, so a file's identity does not change when it is first written.
 *
 * Paths are absolute host paths; intermediate symlinks are followed in the merged view (a link in one layer may
 * point into the other). Special files (devices, FIFOs) are opened in the lower layer directly: writing to
 * /dev/null changes no file. They cannot be copied up, so chmod, utimes or a hard link on one is EPERM.
 */
import { errorCode, FsError } from './fs-error.js';
import { childPath, DT_DIR, fileType, isWithin, joinPath, MAX_SYMLINKS, S_IFDIR, S_IFLNK, S_IFREG, splitPath } from './fs-path.js';
import type { HostDirEntry, HostFs, HostStat } from './host.js';
import { MemoryFs, type MemoryFsOptions, type MemoryFsState } from './memory-fs.js';

export interface OverlayFsOptions {
  /** How the upper layer is made (its clock above all; its device number defaults to 0x2b). */
  upper?: MemoryFsOptions;
}

/** The device and inode numbers a node shows. */
interface Identity {
  readonly dev: number;
  readonly ino: number;
}

interface OverlayDescriptor {
  layer: 'lower' | 'upper';
  /** The layer's descriptor. */
  fd: number;
  /** The path a lower descriptor was opened by: to move it to the copy when the file is copied up, and to reopen it after a restore. */
  readonly lowerPath?: string;
  /** False once the merged path no longer names the lower file (it was unlinked or replaced). */
  attached: boolean;
  readonly access: 'r' | 'w' | 'rw';
  readonly append: boolean;
  /** Regular files and directories take explicit positions; devices and FIFOs are read and written in sequence. */
  readonly seekable: boolean;
  /** The file offset: kept here for both layers, so that it survives a copy-up and comes back with a restore. */
  offset: number;
}

/** What `snapshot()` captures; reusable by any number of restores. */
export interface OverlayState {
  readonly upper: MemoryFsState;
  readonly hidden: ReadonlySet<string>;
  readonly origins: ReadonlyMap<number, Identity>;
  readonly fds: ReadonlyMap<number, Readonly<OverlayDescriptor>>;
  readonly nextFd: number;
}

interface Node {
  readonly layer: 'lower' | 'upper';
  readonly st: HostStat;
}

interface Resolved {
  /** Canonical: absolute, no `.`, `..` or symlinks but possibly in the last component. */
  readonly path: string;
  readonly node: Node | undefined;
  readonly mustBeDir: boolean;
}

const FIRST_FD = 3;

export class OverlayFs implements HostFs {
  private readonly upper: MemoryFs;
  /** Merged paths at and beneath which the lower layer does not show (whiteouts, and opaque directories). */
  private hidden = new Set<string>();
  /** Upper inode number -> the identity of the lower node it was copied from. */
  private origins = new Map<number, Identity>();
  private fds = new Map<number, OverlayDescriptor>();
  private nextFd = FIRST_FD;
  /** Listings of lower directories: the lower layer does not change, so each is read once. */
  private readonly lowerListings = new Map<string, HostDirEntry[]>();

  constructor(private readonly lower: HostFs, options: OverlayFsOptions = {}) {
    this.upper = new MemoryFs({ dev: 0x2b, ...options.upper });
    // The upper root stands for the lower one: it has its attributes and identity.
    const root = tryLstat(lower, '/');
    if (root) {
      this.copyAttributes('/', root);
      this.origins.set(this.upper.lstat('/').ino, { dev: root.dev, ino: root.ino });
    }
  }

  // ------------------------------------------------------------------ snapshots

  snapshot(): OverlayState {
    return {
      upper: this.upper.snapshot(),
      hidden: new Set(this.hidden),
      origins: new Map(this.origins),
      fds: new Map([...this.fds].map(([fd, d]) => [fd, { ...d }])),
      nextFd: this.nextFd,
    };
  }

  restore(state: OverlayState): void {
    for (const d of this.fds.values()) if (d.layer === 'lower') closeQuietly(this.lower, d.fd);
    this.upper.restore(state.upper);
    this.hidden = new Set(state.hidden);
    this.origins = new Map(state.origins);
    this.nextFd = state.nextFd;
    this.fds = new Map([...state.fds].map(([fd, d]) => [fd, { ...d }]));
    // The lower layer never changes, so its files are reopened by the paths they were opened by.
    for (const d of this.fds.values()) {
      if (d.layer !== 'lower') continue;
      try { d.fd = this.lower.open(d.lowerPath!, d.access, false, false, false, d.append, 0); } catch { d.fd = -1; }
    }
  }

  // ------------------------------------------------------------------ descriptors

  open(path: string, access: 'r' | 'w' | 'rw', create: boolean, exclusive: boolean, truncate: boolean, append: boolean, mode: number): number {
    const r = this.resolve(path, false, 'open');
    if (r.node === undefined) {
      if (!create) throw new FsError('ENOENT', 'open', path);
      if (r.mustBeDir) throw new FsError('EISDIR', 'open', path);
      this.copyUpParent(r.path);
      const fd = this.upper.open(r.path, access, true, exclusive, truncate, append, mode);
      return this.add({ layer: 'upper', fd, attached: true, access, append, seekable: true, offset: 0 });
    }
    if (create && exclusive) throw new FsError('EEXIST', 'open', path);
    const type = fileType(r.node.st.mode);
    if (type === S_IFLNK) throw new FsError('ELOOP', 'open', path);
    if (type === S_IFDIR && (access !== 'r' || create || truncate)) throw new FsError('EISDIR', 'open', path);
    const seekable = type === S_IFREG || type === S_IFDIR;
    if (r.node.layer === 'lower') {
      if (!seekable || (access === 'r' && !truncate)) {
        const fd = this.lower.open(r.path, access, false, false, false, append, 0);
        return this.add({ layer: 'lower', fd, lowerPath: r.path, attached: true, access, append, seekable, offset: 0 });
      }
      this.copyUp(r.path);
    }
    const fd = this.upper.open(r.path, access, false, false, truncate, append, mode);
    return this.add({ layer: 'upper', fd, attached: true, access, append, seekable, offset: 0 });
  }

  close(fd: number): void {
    const d = this.descriptor(fd, 'close');
    this.fds.delete(fd);
    this.layer(d.layer).close(d.fd);
  }

  read(fd: number, buf: Uint8Array, position: number | null): number {
    const d = this.descriptor(fd, 'read');
    const fs = this.layer(d.layer);
    if (!d.seekable) return fs.read(d.fd, buf, position);
    const n = fs.read(d.fd, buf, position ?? d.offset);
    if (position === null) d.offset += n;
    return n;
  }

  write(fd: number, buf: Uint8Array, position: number | null): number {
    const d = this.descriptor(fd, 'write');
    if (d.layer === 'lower') {
      // A lower regular file is open only for reading (writing copies it up at open).
      if (d.seekable) throw new FsError('EBADF', 'write');
      return this.lower.write(d.fd, buf, position);
    }
    const at = position ?? d.offset;
    const n = this.upper.write(d.fd, buf, at);
    if (position === null) d.offset = d.append ? this.upper.fstat(d.fd).size : at + n;
    return n;
  }

  fstat(fd: number): HostStat {
    const d = this.descriptor(fd, 'fstat');
    const st = this.shown({ layer: d.layer, st: this.layer(d.layer).fstat(d.fd) });
    // A lower file whose name is gone from the merged view has no link left in it.
    return d.layer === 'lower' && !d.attached && d.seekable ? { ...st, nlink: 0 } : st;
  }

  fchmod(fd: number, mode: number): void {
    const d = this.descriptor(fd, 'fchmod');
    if (d.layer === 'lower') {
      // An unlinked lower file has no name left to copy up by.
      if (!d.attached || !d.seekable) throw new FsError('EPERM', 'fchmod');
      this.copyUp(d.lowerPath!);
    }
    this.upper.fchmod(d.fd, mode);
  }

  ftruncate(fd: number, length: number): void {
    const d = this.descriptor(fd, 'ftruncate');
    if (d.layer === 'lower') throw new FsError('EINVAL', 'ftruncate');
    this.upper.ftruncate(d.fd, length);
  }

  fsync(fd: number): void {
    this.descriptor(fd, 'fsync');
  }

  // ------------------------------------------------------------------ paths: looking

  stat(path: string): HostStat {
    const r = this.existing(path, true, 'stat');
    return this.shown(r.node, r.path);
  }

  lstat(path: string): HostStat {
    const r = this.existing(path, false, 'lstat');
    return this.shown(r.node, r.path);
  }

  readdir(path: string): HostDirEntry[] {
    const r = this.existing(path, true, 'scandir');
    if (fileType(r.node.st.mode) !== S_IFDIR) throw new FsError('ENOTDIR', 'scandir', path);
    return this.list(r.path);
  }

  readlink(path: string): string {
    const r = this.existing(path, false, 'readlink');
    if (fileType(r.node.st.mode) !== S_IFLNK) throw new FsError('EINVAL', 'readlink', path);
    return this.layer(r.node.layer).readlink(r.path);
  }

  readFile(path: string): Uint8Array {
    const r = this.existing(path, true, 'open');
    return this.layer(r.node.layer).readFile(r.path);
  }

  // ------------------------------------------------------------------ paths: changing

  mkdir(path: string, mode: number): void {
    const r = this.resolve(path, false, 'mkdir');
    if (r.node !== undefined) throw new FsError('EEXIST', 'mkdir', path);
    this.copyUpParent(r.path);
    // Made over a whiteout, the path stays hidden: the new directory is opaque to the lower one.
    this.upper.mkdir(r.path, mode);
  }

  rmdir(path: string): void {
    const r = this.existing(path, false, 'rmdir');
    if (r.path === '/') throw new FsError('EBUSY', 'rmdir', path);
    if (fileType(r.node.st.mode) !== S_IFDIR) throw new FsError('ENOTDIR', 'rmdir', path);
    if (this.list(r.path).length > 0) throw new FsError('ENOTEMPTY', 'rmdir', path);
    this.remove(r);
  }

  unlink(path: string): void {
    const r = this.existing(path, false, 'unlink');
    if (fileType(r.node.st.mode) === S_IFDIR) throw new FsError('EISDIR', 'unlink', path);
    this.remove(r);
  }

  symlink(target: string, path: string): void {
    const r = this.resolve(path, false, 'symlink');
    if (r.node !== undefined) throw new FsError('EEXIST', 'symlink', path);
    if (target.length === 0 || r.mustBeDir) throw new FsError('ENOENT', 'symlink', path);
    this.copyUpParent(r.path);
    this.upper.symlink(target, r.path);
  }

  link(existing: string, path: string): void {
    const from = this.existing(existing, false, 'link');
    const to = this.resolve(path, false, 'link');
    if (to.node !== undefined) throw new FsError('EEXIST', 'link', path);
    if (fileType(from.node.st.mode) === S_IFDIR) throw new FsError('EPERM', 'link', existing);
    if (to.mustBeDir) throw new FsError('ENOENT', 'link', path);
    this.copyUp(from.path);
    this.copyUpParent(to.path);
    this.upper.link(from.path, to.path);
  }

  rename(fromPath: string, toPath: string): void {
    // Both parents are looked up before the source is (do_renameat2).
    const source = this.resolve(fromPath, false, 'rename');
    const to = this.resolve(toPath, false, 'rename');
    if (source.node === undefined) throw new FsError('ENOENT', 'rename', fromPath);
    const from = source as Resolved & { node: Node };
    if (from.path === '/' || to.path === '/') throw new FsError('EBUSY', 'rename', fromPath);
    const movingDir = fileType(from.node.st.mode) === S_IFDIR;
    if ((from.mustBeDir || to.mustBeDir) && !movingDir) throw new FsError('ENOTDIR', 'rename', fromPath);
    if (from.path === to.path) return;
    if (movingDir && isWithin(to.path, from.path)) throw new FsError('EINVAL', 'rename', fromPath);
    if (to.node !== undefined) {
      if (sameIdentity(this.shown(from.node), this.shown(to.node))) return; // two names of one file
      if (isWithin(from.path, to.path)) throw new FsError('ENOTEMPTY', 'rename', toPath);
      const replacingDir = fileType(to.node.st.mode) === S_IFDIR;
      if (movingDir && !replacingDir) throw new FsError('ENOTDIR', 'rename', toPath);
      if (!movingDir && replacingDir) throw new FsError('EISDIR', 'rename', toPath);
      if (replacingDir && this.list(to.path).length > 0) throw new FsError('ENOTEMPTY', 'rename', toPath);
    }
    // The moved subtree must be whole in the upper layer, since its lower names stay where they are.
    this.copyUpTree(from.path);
    this.copyUpParent(to.path);
    const lowerAtTo = this.lowerNode(to.path) !== undefined;
    const lowerAtFrom = this.lowerNode(from.path) !== undefined;
    this.upper.rename(from.path, to.path);
    this.detach(to.path);
    if (lowerAtTo) this.hide(to.path);
    if (lowerAtFrom) this.hide(from.path);
  }

  chmod(path: string, mode: number): void {
    const r = this.existing(path, true, 'chmod');
    this.copyUp(r.path);
    this.upper.chmod(r.path, mode);
  }

  truncate(path: string, length: number): void {
    const r = this.existing(path, true, 'open');
    if (fileType(r.node.st.mode) === S_IFDIR) throw new FsError('EISDIR', 'open', path);
    if (length < 0) throw new FsError('EINVAL', 'truncate', path);
    this.copyUp(r.path);
    this.upper.truncate(r.path, length);
  }

  utimes(path: string, atimeNs: bigint, mtimeNs: bigint, followLinks: boolean): void {
    const r = this.existing(path, followLinks, 'utime');
    this.copyUp(r.path);
    this.upper.utimes(r.path, atimeNs, mtimeNs, false);
  }

  // ------------------------------------------------------------------ the merged view

  private layer(layer: 'lower' | 'upper'): HostFs {
    return layer === 'lower' ? this.lower : this.upper;
  }

  private descriptor(fd: number, syscall: string): OverlayDescriptor {
    const d = this.fds.get(fd);
    if (d === undefined) throw new FsError('EBADF', syscall);
    return d;
  }

  private add(d: OverlayDescriptor): number {
    const fd = this.nextFd++;
    this.fds.set(fd, d);
    return fd;
  }

  /** The attributes a node shows: an upper node copied from the lower layer keeps the lower identity. */
  private shown(node: Node, path?: string): HostStat {
    if (node.layer === 'lower') return node.st;
    const origin = this.origins.get(node.st.ino);
    const st = origin ? { ...node.st, dev: origin.dev, ino: origin.ino } : node.st;
    return path !== undefined && fileType(st.mode) === S_IFDIR ? { ...st, nlink: this.mergedLinks(path, st.nlink) } : st;
  }

  /** A merged directory's link count: 2, plus one for each subdirectory of either layer that shows. */
  private mergedLinks(path: string, upperLinks: number): number {
    const low = this.lowerNode(path);
    if (low === undefined || fileType(low.mode) !== S_IFDIR) return upperLinks;
    let n = upperLinks;
    for (const e of this.lowerListing(path)) {
      const child = childPath(path, e.name);
      if (e.type === DT_DIR && !this.hidden.has(child) && !tryLstat(this.upper, child)) n++;
    }
    return n;
  }

  private lowerListing(path: string): HostDirEntry[] {
    let entries = this.lowerListings.get(path);
    if (entries === undefined) {
      entries = this.lower.readdir(path);
      this.lowerListings.set(path, entries);
    }
    return entries;
  }

  private lowerVisible(path: string): boolean {
    for (let p = path; ; p = parentOf(p)) {
      if (this.hidden.has(p)) return false;
      if (p === '/') return true;
    }
  }

  /** The lower node at a canonical path, when it shows in the merged view. */
  private lowerNode(path: string): HostStat | undefined {
    return this.lowerVisible(path) ? tryLstat(this.lower, path) : undefined;
  }

  /** What a canonical path names in the merged view (not following a final symlink). */
  private nodeAt(path: string): Node | undefined {
    const up = tryLstat(this.upper, path);
    if (up) return { layer: 'upper', st: up };
    const low = this.lowerNode(path);
    return low ? { layer: 'lower', st: low } : undefined;
  }

  /** Walks a path in the merged view, component by component, following symlinks as namei does. */
  private resolve(path: string, followLast: boolean, syscall: string): Resolved {
    if (path.length === 0) throw new FsError('ENOENT', syscall, path);
    const mustBeDir = path.endsWith('/') && splitPath(path).length > 0;
    const pending = splitPath(path);
    const done: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === '.') continue;
      if (name === '..') {
        done.pop();
        continue;
      }
      const last = pending.length === 0;
      const here = joinPath([...done, name]);
      const node = this.nodeAt(here);
      if (node === undefined) {
        if (!last) throw new FsError('ENOENT', syscall, path);
        return { path: here, node, mustBeDir };
      }
      const type = fileType(node.st.mode);
      if (type === S_IFLNK && (!last || followLast || mustBeDir)) {
        if (++links > MAX_SYMLINKS) throw new FsError('ELOOP', syscall, path);
        const target = this.layer(node.layer).readlink(here);
        if (target.startsWith('/')) done.length = 0;
        pending.unshift(...splitPath(target));
        continue;
      }
      if (!last && type !== S_IFDIR) throw new FsError('ENOTDIR', syscall, path);
      done.push(name);
      if (last && mustBeDir && type !== S_IFDIR) throw new FsError('ENOTDIR', syscall, path);
    }
    const canonical = joinPath(done);
    return { path: canonical, node: this.nodeAt(canonical), mustBeDir };
  }

  private existing(path: string, followLast: boolean, syscall: string): Resolved & { node: Node } {
    const r = this.resolve(path, followLast, syscall);
    if (r.node === undefined) throw new FsError('ENOENT', syscall, path);
    return r as Resolved & { node: Node };
  }

  /** The merged entries of a directory: the upper layer's, then the lower layer's that are neither shadowed nor hidden. */
  private list(path: string): HostDirEntry[] {
    const entries = new Map<string, HostDirEntry>();
    const up = tryLstat(this.upper, path);
    if (up && fileType(up.mode) === S_IFDIR) {
      for (const e of this.upper.readdir(path)) entries.set(e.name, { ...e, ino: this.origins.get(e.ino)?.ino ?? e.ino });
    }
    const low = this.lowerNode(path);
    if (low && fileType(low.mode) === S_IFDIR) {
      for (const e of this.lowerListing(path)) {
        if (!entries.has(e.name) && !this.hidden.has(childPath(path, e.name))) entries.set(e.name, e);
      }
    }
    return [...entries.values()];
  }

  // ------------------------------------------------------------------ copying up, hiding

  private copyUpParent(path: string): void {
    if (path !== '/') this.copyUp(parentOf(path));
  }

  /** Makes the upper layer hold the node at a canonical path, copied from the lower one with its attributes. */
  private copyUp(path: string): void {
    if (tryLstat(this.upper, path)) return;
    const st = this.lowerNode(path);
    if (st === undefined) throw new FsError('ENOENT', 'copyup', path);
    const parent = parentOf(path);
    this.copyUp(parent);
    // Copying a child up must not show as a change of its directory (ovl_set_timestamps after copy-up).
    const parentTimes = this.upper.lstat(parent);
    const type = fileType(st.mode);
    if (type === S_IFDIR) {
      this.upper.mkdir(path, st.mode & 0o7777);
    } else if (type === S_IFLNK) {
      this.upper.symlink(this.lower.readlink(path), path);
    } else if (type === S_IFREG) {
      const fd = this.upper.open(path, 'w', true, true, false, false, st.mode & 0o7777);
      try { this.upper.write(fd, this.lower.readFile(path), 0); } finally { this.upper.close(fd); }
    } else {
      throw new FsError('EPERM', 'copyup', path);
    }
    this.copyAttributes(path, st);
    this.upper.utimes(parent, parentTimes.atimeNs, parentTimes.mtimeNs, false);
    this.origins.set(this.upper.lstat(path).ino, { dev: st.dev, ino: st.ino });
    this.redirect(path);
  }

  private copyUpTree(path: string): void {
    this.copyUp(path);
    if (fileType(this.upper.lstat(path).mode) !== S_IFDIR) return;
    for (const e of this.list(path)) this.copyUpTree(childPath(path, e.name));
  }

  private copyAttributes(path: string, st: HostStat): void {
    if (fileType(st.mode) !== S_IFLNK) this.upper.chmod(path, st.mode);
    this.upper.chown(path, st.uid, st.gid, false);
    this.upper.utimes(path, st.atimeNs, st.mtimeNs, false);
  }

  /** Lower descriptors of a file just copied up move to the copy, so that they see what is written to it. */
  private redirect(path: string): void {
    for (const d of this.fds.values()) {
      if (d.layer !== 'lower' || !d.attached || d.lowerPath !== path || !d.seekable) continue;
      const fd = this.upper.open(path, 'r', false, false, false, false, 0);
      closeQuietly(this.lower, d.fd);
      d.layer = 'upper';
      d.fd = fd;
    }
  }

  /** Removes a name from the merged view. */
  private remove(r: Resolved & { node: Node }): void {
    const lowerHere = this.lowerNode(r.path) !== undefined;
    if (r.node.layer === 'upper') {
      if (fileType(r.node.st.mode) === S_IFDIR) this.upper.rmdir(r.path); else this.upper.unlink(r.path);
    }
    this.detach(r.path);
    if (lowerHere) this.hide(r.path);
  }

  /** Lower descriptors opened at or beneath a path that no longer names their file keep it, but no longer by name. */
  private detach(path: string): void {
    for (const d of this.fds.values()) if (d.layer === 'lower' && d.lowerPath !== undefined && isWithin(d.lowerPath, path)) d.attached = false;
  }

  private hide(path: string): void {
    for (const p of this.hidden) if (p !== path && isWithin(p, path)) this.hidden.delete(p);
    this.hidden.add(path);
  }
}

function parentOf(path: string): string {
  const parts = splitPath(path);
  parts.pop();
  return joinPath(parts);
}

/** lstat, or undefined when nothing is there. */
function tryLstat(fs: HostFs, path: string): HostStat | undefined {
  try {
    return fs.lstat(path);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

function closeQuietly(fs: HostFs, fd: number): void {
  try { fs.close(fd); } catch { /* already closed: nothing to give back */ }
}
