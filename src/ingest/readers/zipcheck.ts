// A small zip central-directory reader: finds the End Of Central Directory record, lists the
// entries with their declared sizes, refuses zip bombs and damaged archives before anything is
// inflated, and streams single entries by random access (inflate-raw, size- and CRC-checked).

import { msg, type Message } from '../../i18n/message.js';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import { UserError } from '../../errors.js';
import { readBytes } from './common.js';
import { decodeEntities } from './xlsxml.js';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  size: number;
  entries: ZipEntry[];
  /** Entry by name, lower-cased, with backslashes turned into slashes. */
  get(name: string): ZipEntry | undefined;
}

/** Limits (exported for tests and documentation). */
export const ZIP_LIMITS = {
  maxEntryBytes: 2 * 1024 ** 3,
  ratioCheckAboveBytes: 50 * 1024 ** 2,
  maxRatio: 200,
  maxEntries: 200_000,
};

/** Bytes read and inflated at a time: big enough that per-chunk costs vanish, small enough to stay flat. */
const READ_CHUNK = 1 << 16;

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

function damaged(file: string, detail: Message): UserError {
  return new UserError(msg('file_damaged_zip', { file, detail }), { hint: msg('file_damaged_zip_hint') });
}

export function normaliseEntryName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

export async function readZipDirectory(path: string, file: string, size: number): Promise<ZipDirectory> {
  if (size < 22) throw damaged(file, msg('zip_too_short'));
  const tailLen = Math.min(size, 22 + 65535 + 20);
  const tailStart = size - tailLen;
  const tail = await readBytes(path, tailStart, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged(file, msg('zip_directory_missing'));
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw damaged(file, msg('zip64_record_missing'));
    const z64at = Number(tail.readBigUInt64LE(loc + 8));
    const z64 = await readBytes(path, z64at, 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw damaged(file, msg('zip64_record_missing'));
    count = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (count > ZIP_LIMITS.maxEntries) {
    throw new UserError(msg('zip_bomb_entries', { file, count }), { hint: msg('zip_bomb_entries_hint') });
  }
  if (cdOffset + cdSize > size) throw damaged(file, msg('zip_directory_past_end'));
  const cd = await readBytes(path, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN_SIG) throw damaged(file, msg('zip_directory_corrupt'));
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen > cd.length) throw damaged(file, msg('zip_directory_corrupt'));
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64 extended information: 64-bit values for the fields saturated at 0xFFFFFFFF, in order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const take = () => {
          const v = q + 8 <= e + 4 + len ? Number(cd.readBigUInt64LE(q)) : undefined;
          q += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take() ?? uncompressedSize;
        if (compressedSize === 0xffffffff) compressedSize = take() ?? compressedSize;
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take() ?? localHeaderOffset;
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const byName = new Map<string, ZipEntry>();
  for (const en of entries) byName.set(normaliseEntryName(en.name), en);
  return { size, entries, get: (n) => byName.get(normaliseEntryName(n)) };
}

/** Refuses archives whose declared sizes are absurd for a spreadsheet. */
export function checkZipBomb(dir: ZipDirectory, file: string): void {
  for (const en of dir.entries) {
    const ratio = en.compressedSize > 0 ? en.uncompressedSize / en.compressedSize : Infinity;
    let why: Message | undefined;
    if (en.uncompressedSize > ZIP_LIMITS.maxEntryBytes) {
      why = msg('zip_bomb_size', { file, part: en.name, size: formatBytes(en.uncompressedSize) });
    } else if (en.uncompressedSize > ZIP_LIMITS.ratioCheckAboveBytes && ratio > ZIP_LIMITS.maxRatio) {
      why = msg('zip_bomb_ratio', { file, part: en.name, size: formatBytes(en.uncompressedSize), packed: formatBytes(en.compressedSize), ratio: Math.round(ratio) });
    }
    if (why) {
      throw new UserError(why, { hint: msg('zip_bomb_hint') });
    }
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/**
 * What a zip holds, for the refusal of zips that are not workbooks. Returns the workbook part
 * name (from _rels/.rels when present, else xl/workbook.xml) or throws a UserError.
 */
export async function findWorkbookPart(path: string, dir: ZipDirectory, file: string): Promise<string> {
  const rootRels = dir.get('_rels/.rels');
  if (rootRels) {
    const xml = await readZipEntryText(path, rootRels, file, 1 << 20);
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const type = attr(m[0], 'Type') ?? '';
      const target = attr(m[0], 'Target');
      if (target && /\/officeDocument$/.test(type)) {
        const part = normaliseEntryName(target);
        if (dir.get(part) && /\.xml$/i.test(part)) return part;
      }
    }
  }
  if (dir.get('xl/workbook.xml')) return 'xl/workbook.xml';
  const names = dir.entries.map((e) => normaliseEntryName(e.name));
  if (names.includes('xl/workbook.bin')) {
    throw new UserError(msg('file_xlsb', { file }), { hint: msg('file_xlsb_hint') });
  }
  if (names.includes('content.xml') && names.includes('mimetype')) {
    throw new UserError(msg('file_ods', { file }), { hint: msg('file_ods_hint') });
  }
  const code = names.some((n) => n.startsWith('word/'))
    ? 'file_zip_word'
    : names.some((n) => n.startsWith('ppt/'))
      ? 'file_zip_powerpoint'
      : 'file_zip_not_workbook';
  throw new UserError(msg(code, { file }), {
    hint: msg('file_zip_not_workbook_hint'),
  });
}

export function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? '');
}

/**
 * Streams the bytes of one entry. Refuses encrypted or exotic compression, and checks the
 * inflated size against the directory (a lying header cannot inflate past it) and the CRC.
 */
export async function* readZipEntry(path: string, entry: ZipEntry, file: string): AsyncGenerator<Buffer> {
  if (entry.flags & 1) {
    throw new UserError(msg('file_zip_encrypted', { file }), { hint: msg('file_zip_encrypted_hint') });
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new UserError(msg('file_zip_method', { file, method: entry.method }), { hint: msg('save_again_xlsx_hint') });
  }
  const loc = await readBytes(path, entry.localHeaderOffset, 30);
  if (loc.length < 30 || loc.readUInt32LE(0) !== LOC_SIG) throw damaged(file, msg('zip_part_missing', { part: entry.name }));
  const start = entry.localHeaderOffset + 30 + loc.readUInt16LE(26) + loc.readUInt16LE(28);
  const end = start + entry.compressedSize;
  const { size } = await stat(path);
  if (end > size) throw damaged(file, msg('zip_part_cut_short', { part: entry.name }));
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0) throw damaged(file, msg('zip_part_empty', { part: entry.name }));
    return;
  }
  const raw = createReadStream(path, { start, end: end - 1, highWaterMark: READ_CHUNK });
  let source: AsyncIterable<Buffer> = raw;
  if (entry.method === 8) {
    const inflate = createInflateRaw({ chunkSize: READ_CHUNK });
    pipeline(raw, inflate, () => {});
    source = inflate;
  }
  let total = 0;
  let crc = 0;
  try {
    for await (const c of source) {
      const chunk = c as Buffer;
      total += chunk.length;
      if (total > entry.uncompressedSize) {
        throw new UserError(msg('zip_bomb_part', { file, part: entry.name, size: formatBytes(entry.uncompressedSize) }), { hint: msg('zip_bomb_part_hint') });
      }
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw damaged(file, msg('zip_part_unpack_failed', { part: entry.name, detail: (e as Error).message }));
  } finally {
    raw.destroy();
  }
  if (total !== entry.uncompressedSize) throw damaged(file, msg('zip_part_shorter', { part: entry.name }));
  if ((crc >>> 0) !== entry.crc32 >>> 0) throw damaged(file, msg('zip_part_checksum', { part: entry.name }));
}

/** A whole (small) entry as UTF-8 text; refuses entries over `maxBytes`. */
export async function readZipEntryText(path: string, entry: ZipEntry, file: string, maxBytes: number): Promise<string> {
  if (entry.uncompressedSize > maxBytes) {
    throw new UserError(msg('file_part_too_large', { file, part: entry.name, size: formatBytes(entry.uncompressedSize) }), { hint: msg('save_again_xlsx_hint') });
  }
  const parts: Buffer[] = [];
  for await (const c of readZipEntry(path, entry, file)) parts.push(c);
  return decodeXmlBytes(Buffer.concat(parts));
}

/** XML parts are UTF-8 unless they carry a UTF-16 BOM. */
export function decodeXmlBytes(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf);
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf);
  return new TextDecoder('utf-8').decode(buf);
}

/**
 * Streams an XML entry as text, each piece cut just before a "<" when it can be. "<" is one byte
 * that never occurs inside a UTF-8 character, so pieces decode on their own and the scanner gets
 * flat strings with no tag cut in two (faster than gluing a carried tag onto the next piece).
 * UTF-16 parts are decoded as a stream.
 */
export async function* readZipEntryXml(path: string, entry: ZipEntry, file: string): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let utf8 = true;
  let tail: Buffer | undefined;
  for await (const chunk of readZipEntry(path, entry, file)) {
    if (!decoder) {
      const enc = chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8';
      decoder = new TextDecoder(enc);
      utf8 = enc === 'utf-8';
    }
    if (!utf8) {
      const s = decoder.decode(chunk, { stream: true });
      if (s) yield s;
      continue;
    }
    const buf = tail ? Buffer.concat([tail, chunk]) : chunk;
    tail = undefined;
    const cut = buf.lastIndexOf(0x3c);
    if (cut <= 0) {
      const s = decoder.decode(buf, { stream: true });
      if (s) yield s;
      continue;
    }
    tail = Buffer.from(buf.subarray(cut));
    const s = decoder.decode(buf.subarray(0, cut), { stream: true });
    if (s) yield s;
  }
  if (decoder) {
    const s = (tail ? decoder.decode(tail, { stream: true }) : '') + decoder.decode();
    if (s) yield s;
  }
}
