// A reproducible .zip writer: fixed DOS time, UTF-8 names, Unix modes, deflate from zlib.
import { openSync, writeSync, closeSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { contentOf, type Entry } from './entries.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Buffer): number {
  const native = (zlib as unknown as { crc32?: (d: Buffer) => number }).crc32;
  if (native) return native(data) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time of a Unix time, read in UTC so every machine writes the same bytes. */
function dosDateTime(unixSeconds: number): { date: number; time: number } {
  const d = new Date(Math.max(unixSeconds, 315532800) * 1000); // DOS dates start in 1980
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

const UTF8_NAMES = 0x0800;
const MADE_BY_UNIX = (3 << 8) | 20;

/**
 * Writes entries (already finalized: sorted, with folders) as a .zip. Names are UTF-8 (flag bit 11,
 * which Windows Explorer and unzip honour), times fixed, the Unix mode kept in the external attributes.
 */
export function writeZip(file: string, entries: Entry[], mtime: number): void {
  if (entries.length >= 0xffff) throw new Error(`bundle: ${entries.length} entries need zip64, which this writer does not do`);
  const { date, time } = dosDateTime(mtime);
  const fd = openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const put = (b: Buffer): void => {
    writeSync(fd, b);
    offset += b.length;
  };
  try {
    for (const e of entries) {
      const name = Buffer.from(e.type === 'dir' ? `${e.path}/` : e.path, 'utf8');
      const raw = e.type === 'file' ? contentOf(e) : Buffer.alloc(0);
      const deflated = raw.length ? zlib.deflateRawSync(raw, { level: 6 }) : raw;
      const method = raw.length ? 8 : 0;
      const crc = crc32(raw);
      if (offset > 0xffffffff || deflated.length > 0xffffffff) throw new Error('bundle: archive too large for zip without zip64');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(UTF8_NAMES, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt16LE(time, 10);
      local.writeUInt16LE(date, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(deflated.length, 18);
      local.writeUInt32LE(raw.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      const at = offset;
      put(local);
      put(name);
      if (deflated.length) put(deflated);

      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(MADE_BY_UNIX, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(UTF8_NAMES, 8);
      c.writeUInt16LE(method, 10);
      c.writeUInt16LE(time, 12);
      c.writeUInt16LE(date, 14);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(deflated.length, 20);
      c.writeUInt32LE(raw.length, 24);
      c.writeUInt16LE(name.length, 28);
      // external attributes: Unix type and mode in the high half, the DOS directory bit in the low.
      const unixMode = (e.type === 'dir' ? 0o040000 : 0o100000) | e.mode;
      c.writeUInt32LE(((unixMode << 16) | (e.type === 'dir' ? 0x10 : 0)) >>> 0, 38);
      c.writeUInt32LE(at, 42);
      central.push(c, name);
    }
    const cdStart = offset;
    for (const b of central) put(b);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - cdStart, 12);
    end.writeUInt32LE(cdStart, 16);
    put(end);
  } finally {
    closeSync(fd);
  }
}
