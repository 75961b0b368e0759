/** Everything observable about a file tree through a HostFs, as one comparable value. */
import type { HostFs } from '../../src/host/host.js';

export interface DigestOptions {
  /** Keep device and inode numbers and times (same file system, before and after). */
  identity?: boolean;
}

export function treeDigest(fs: HostFs, root: string, opts: DigestOptions = {}): string[] {
  const out: string[] = [];
  const visit = (path: string, rel: string): void => {
    const st = fs.lstat(path);
    const type = st.mode & 0o170000;
    let what = '';
    if (type === 0o100000) what = Buffer.from(fs.readFile(path)).toString('hex');
    else if (type === 0o120000) what = `-> ${fs.readlink(path)}`;
    const ids = opts.identity ? ` dev=${st.dev} ino=${st.ino} m=${st.mtimeNs} c=${st.ctimeNs}` : '';
    out.push(`${rel || '/'} mode=${st.mode.toString(8)} nlink=${st.nlink} size=${type === 0o040000 ? '-' : st.size}${ids} ${what}`);
    if (type === 0o040000) {
      for (const name of fs.readdir(path).map((e) => e.name).sort()) visit(`${path}/${name}`, `${rel}/${name}`);
    }
  };
  visit(root, '');
  return out;
}
