/**
 * A file tree written as a plain object, for building a file system in one expression:
 *
 *   {
 *     '/etc/hosts': '127.0.0.1 localhost\n',            // a regular file (text is UTF-8), mode 0644
 *     '/bin/prog': { file: bytes, mode: 0o755 },        // a regular file with attributes
 *     '/tmp': { dir: true, mode: 0o1777 },               // a directory
 *     '/etc/localtime': { symlink: '/usr/share/zoneinfo/UTC' },
 *     '/bin/prog2': { link: '/bin/prog' },               // a hard link to another entry of the tree
 *   }
 *
 * Keys are absolute paths (taken under a directory when one is given); missing parent directories are made with mode 0755. Hard links are made last.
 */
import type { HostFs } from './host.js';
import { joinPath, splitPath } from './fs-path.js';

export type FileContents = string | Uint8Array;

/** Attributes any entry may set. Owners are applied only by file systems that have `chown` (MemoryFs). */
export interface EntryAttributes {
  mode?: number;
  uid?: number;
  gid?: number;
  atimeNs?: bigint;
  mtimeNs?: bigint;
}

export type FsTreeEntry =
  | FileContents
  | ({ file: FileContents } & EntryAttributes)
  | ({ dir: true } & EntryAttributes)
  | ({ symlink: string } & Omit<EntryAttributes, 'mode'>)
  | { link: string };

export type FsTree = Readonly<Record<string, FsTreeEntry>>;

interface Chownable {
  chown(path: string, uid: number, gid: number, followLinks?: boolean): void;
}

const encoder = new TextEncoder();

/** Makes `tree` in `fs`, its paths taken under `under` (a host directory; '' for the root). */
export function populate(fs: HostFs, tree: FsTree, under = ''): void {
  const links: [string, string][] = [];
  for (const [key, entry] of Object.entries(tree)) {
    const path = under + key;
    makeParents(fs, path);
    if (typeof entry === 'string' || entry instanceof Uint8Array) {
      writeFile(fs, path, entry, 0o644);
    } else if ('file' in entry) {
      writeFile(fs, path, entry.file, entry.mode ?? 0o644);
      applyAttributes(fs, path, entry, true);
    } else if ('dir' in entry) {
      if (!exists(fs, path)) fs.mkdir(path, entry.mode ?? 0o755);
      applyAttributes(fs, path, entry, true);
    } else if ('symlink' in entry) {
      fs.symlink(entry.symlink, path);
      applyAttributes(fs, path, entry, false);
    } else {
      links.push([under + entry.link, path]);
    }
  }
  for (const [existing, path] of links) fs.link(existing, path);
}

function writeFile(fs: HostFs, path: string, contents: FileContents, mode: number): void {
  const fd = fs.open(path, 'w', true, false, true, false, mode);
  try {
    const bytes = typeof contents === 'string' ? encoder.encode(contents) : contents;
    for (let done = 0; done < bytes.length;) done += fs.write(fd, bytes.subarray(done), done);
  } finally {
    fs.close(fd);
  }
}

function applyAttributes(fs: HostFs, path: string, a: EntryAttributes, followLinks: boolean): void {
  // Set explicitly: a host's umask applied at creation must not decide the mode.
  if (a.mode !== undefined) fs.chmod(path, a.mode);
  if (a.uid !== undefined || a.gid !== undefined) {
    if (!hasChown(fs)) throw new Error(`populate: ${path}: this file system cannot set owners`);
    const st = fs.lstat(path);
    fs.chown(path, a.uid ?? st.uid, a.gid ?? st.gid, followLinks);
  }
  if (a.atimeNs !== undefined || a.mtimeNs !== undefined) {
    const st = fs.lstat(path);
    fs.utimes(path, a.atimeNs ?? st.atimeNs, a.mtimeNs ?? st.mtimeNs, followLinks);
  }
}

function makeParents(fs: HostFs, path: string): void {
  const parts = splitPath(path);
  for (let i = 1; i < parts.length; i++) {
    const dir = joinPath(parts.slice(0, i));
    if (!exists(fs, dir)) fs.mkdir(dir, 0o755);
  }
}

function exists(fs: HostFs, path: string): boolean {
  try {
    fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

function hasChown(fs: HostFs): fs is HostFs & Chownable {
  return typeof (fs as Partial<Chownable>).chown === 'function';
}
