/**
 * The inodes of MemoryFs: plain records, referred to by number (directories map names to inode numbers), so that
 * a snapshot of the whole tree is a copy of one table whose file contents are shared copy-on-write.
 */
import { FileBytes } from './file-bytes.js';
import { DT_DIR, DT_LNK, DT_REG } from './fs-path.js';
import type { HostStat } from './host.js';

interface InodeCommon {
  readonly ino: number;
  /** File type and permission bits (st_mode). */
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  birthtimeNs: bigint;
}

export interface FileInode extends InodeCommon {
  readonly kind: 'file';
  bytes: FileBytes;
}

export interface DirInode extends InodeCommon {
  readonly kind: 'dir';
  readonly entries: Map<string, number>;
  /** The directory `..` names (the root is its own parent). */
  parent: number;
}

export interface SymlinkInode extends InodeCommon {
  readonly kind: 'symlink';
  readonly target: string;
}

export type Inode = FileInode | DirInode | SymlinkInode;

/** Reported block size and directory size, as ext4 reports them. */
const BLOCK = 4096;
const encoder = new TextEncoder();

export function inodeSize(node: Inode): number {
  switch (node.kind) {
    case 'file': return node.bytes.size;
    case 'dir': return BLOCK;
    case 'symlink': return encoder.encode(node.target).length;
  }
}

export function direntType(node: Inode): number {
  return node.kind === 'file' ? DT_REG : node.kind === 'dir' ? DT_DIR : DT_LNK;
}

export function statOf(node: Inode, dev: number): HostStat {
  const size = inodeSize(node);
  return {
    dev, ino: node.ino, mode: node.mode, nlink: node.nlink, uid: node.uid, gid: node.gid, rdev: 0,
    size, blksize: BLOCK,
    // 512-byte units of whole 4 KiB blocks; a symlink short enough for the inode itself takes none (ext4's fast symlink).
    blocks: node.kind === 'symlink' && size < 60 ? 0 : Math.ceil(size / BLOCK) * (BLOCK / 512),
    atimeNs: node.atimeNs, mtimeNs: node.mtimeNs, ctimeNs: node.ctimeNs, birthtimeNs: node.birthtimeNs,
  };
}

/** A copy whose later changes do not reach `node` (file contents frozen and shared, not copied). */
export function cloneInode(node: Inode): Inode {
  switch (node.kind) {
    case 'file': return { ...node, bytes: node.bytes.freeze() };
    case 'dir': return { ...node, entries: new Map(node.entries) };
    case 'symlink': return { ...node };
  }
}
