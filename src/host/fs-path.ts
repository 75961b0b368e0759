/** Path and mode vocabulary shared by the in-memory file systems (values as on every Linux). */

export const S_IFMT = 0o170000;
export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFLNK = 0o120000;
export const S_IFCHR = 0o020000;

export const DT_DIR = 4;
export const DT_REG = 8;
export const DT_LNK = 10;

/** Linux's MAXSYMLINKS and NAME_MAX. */
export const MAX_SYMLINKS = 40;
export const NAME_MAX = 255;

export function fileType(mode: number): number {
  return mode & S_IFMT;
}

export function splitPath(p: string): string[] {
  return p.split('/').filter((c) => c.length > 0);
}

export function joinPath(components: readonly string[]): string {
  return `/${components.join('/')}`;
}

/** The child path `name` of the absolute path `dir`. */
export function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** True when `path` is `ancestor` or lies beneath it (both canonical). */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '/' || path === ancestor || path.startsWith(`${ancestor}/`);
}
