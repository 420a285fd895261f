// A reproducible .tar.gz writer (ustar, pax records for long or non-ASCII paths) and a small reader for npm tarballs.
import { createWriteStream, openSync, writeSync, closeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import { contentOf, type Entry } from './entries.js';

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, opts: { size: number; mode: number; mtime: number; type: string; prefix?: string }): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(opts.mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(opts.size, 12), 124, 'ascii');
  h.write(octal(opts.mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum counts as spaces while summing
  h.write(opts.type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  if (opts.prefix) h.write(opts.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** A pax record "len key=value\n", where len counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return Buffer.from(`${len}${body}`, 'utf8');
}

/** ASCII paths that fit ustar's name (100) or prefix (155) + name fields go plain; others get a pax path. */
function splitUstar(path: string): { name: string; prefix?: string } | undefined {
  if (!/^[\x20-\x7e]*$/.test(path)) return undefined;
  if (path.length <= 100) return { name: path };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    if (i <= 155 && path.length - i - 1 <= 100 && path.length - i - 1 > 0) return { prefix: path.slice(0, i), name: path.slice(i + 1) };
  }
  return undefined;
}

function* tarBlocks(entries: Entry[], mtime: number): Generator<Buffer> {
  for (const e of entries) {
    const data = e.type === 'file' ? contentOf(e) : Buffer.alloc(0);
    const path = e.type === 'dir' ? `${e.path}/` : e.path;
    let fields = splitUstar(path);
    if (!fields) {
      const pax = paxRecord('path', path);
      // The pax header's own name is only a fallback for old readers: an ASCII stand-in, fixed per path.
      const stand = `PaxHeader/${Buffer.from(path).toString('hex').slice(0, 80)}`;
      yield header(stand, { size: pax.length, mode: 0o644, mtime, type: 'x' });
      yield pax;
      yield padding(pax.length);
      fields = { name: (path.replace(/[^\x20-\x7e]/g, '_')).slice(-99) };
    }
    yield header(fields.name, { size: data.length, mode: e.mode, mtime, type: e.type === 'dir' ? '5' : '0', prefix: fields.prefix });
    if (data.length) {
      yield data;
      yield padding(data.length);
    }
  }
  yield Buffer.alloc(BLOCK * 2);
}

/**
 * Writes entries (already finalized: sorted, with folders) as a .tar.gz. Every entry gets the same
 * mtime, uid/gid 0 and owner root; the gzip header has mtime 0, no file name, and OS "Unix" whatever
 * machine builds it.
 */
export async function writeTarGz(file: string, entries: Entry[], mtime: number): Promise<void> {
  await pipeline(Readable.from(tarBlocks(entries, mtime)), createGzip({ level: 6 }), createWriteStream(file));
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.from([0, 0, 0, 0]), 0, 4, 4); // MTIME
    writeSync(fd, Buffer.from([3]), 0, 1, 9); // OS = Unix
  } finally {
    closeSync(fd);
  }
}

export interface TarFile {
  path: string;
  mode: number;
  data: Buffer;
}

/** The regular files of a .tgz (as npm packs them: ustar, maybe pax or GNU long names). */
export function readTgz(tgz: Buffer): TarFile[] {
  const buf = gunzipSync(tgz);
  const files: TarFile[] = [];
  let longName: string | undefined;
  for (let off = 0; off + BLOCK <= buf.length; ) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number) => h.subarray(a, a + n).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const type = str(156, 1) || '0';
    const data = buf.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
      continue;
    }
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    const prefix = str(345, 155);
    const path = longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
    longName = undefined;
    if (type === '0' || type === '7') files.push({ path, mode: parseInt(str(100, 8).trim() || '644', 8), data: Buffer.from(data) });
  }
  return files;
}
