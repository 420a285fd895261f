// What goes into an archive: entries with archive paths, normalised modes and a fixed time, in one byte order.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Entry {
  /** Path inside the archive, '/'-separated, relative (it starts with the bundle's top folder). */
  path: string;
  type: 'file' | 'dir';
  /** 0o755 for folders and executables, 0o644 for everything else. */
  mode: number;
  /** The bytes, or the file to read them from when the archive is written. */
  data?: Buffer;
  source?: string;
}

export function contentOf(e: Entry): Buffer {
  if (e.data) return e.data;
  if (e.source) return readFileSync(e.source);
  return Buffer.alloc(0);
}

/** Files under `dir` as entries below `prefix`; `skip` gets the path relative to dir ('/'-separated). */
export function walk(dir: string, prefix: string, skip: (rel: string, isDir: boolean) => boolean = () => false): Entry[] {
  const entries: Entry[] = [];
  const visit = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs)) {
      const childAbs = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const st = lstatSync(childAbs);
      if (st.isSymbolicLink()) {
        if (skip(childRel, false)) continue;
        // A link would unpack differently per platform (and not at all from a zip on Windows).
        throw new Error(`bundle: unexpected symbolic link ${childAbs}`);
      }
      if (skip(childRel, st.isDirectory())) continue;
      if (st.isDirectory()) {
        entries.push({ path: `${prefix}/${childRel}`, type: 'dir', mode: 0o755 });
        visit(childAbs, childRel);
      } else if (st.isFile()) {
        entries.push({ path: `${prefix}/${childRel}`, type: 'file', mode: st.mode & 0o111 ? 0o755 : 0o644, source: childAbs });
      }
    }
  };
  visit(dir, '');
  return entries;
}

/**
 * Adds the folders every entry lives in, drops duplicates and sorts by the UTF-8 bytes of the path
 * (not by locale), so the order is the same on every machine and parents come before children.
 */
export function finalize(entries: Entry[]): Entry[] {
  const byPath = new Map<string, Entry>();
  for (const e of entries) {
    const parts = e.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!byPath.has(dir)) byPath.set(dir, { path: dir, type: 'dir', mode: 0o755 });
    }
    if (e.path.startsWith('/') || parts.includes('..') || parts.includes('')) throw new Error(`bundle: bad archive path ${e.path}`);
    byPath.set(e.path, e);
  }
  return [...byPath.values()].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}
