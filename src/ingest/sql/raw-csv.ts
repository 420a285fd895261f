// Reading a plain CSV straight into DuckDB (read_csv, all text), so its rows never pass through
// Node one by one: UTF-8 as it is, GB18030 and UTF-16 first transcoded into a temporary UTF-8 file
// in the workspace folder by the reader's own decoder (readers/encoding.ts decodeFile). The records
// of a big file go into an in-memory database of their own, attached for the load and compressed
// once written (a checkpoint): they hold a seventh of a temp table's memory through the load
// (17 MB instead of 125 MB for 500,000 cases), for about 0.5 µs of CPU a row spent compressing (a
// database file beside the workspace's cost three times that, writing it out); smaller files go
// into a temp table. "Plain" means DuckDB's records are exactly the
// Node reader's (readers/delimited.ts): no quote character anywhere, no blank line (DuckDB skips
// them, which would shift the record numbers), no bare carriage return. Anything else, or any error from
// read_csv (a record wider than expected, a bad byte), leaves the file to the Node reader.
import { createReadStream, statSync } from 'node:fs';
import { open, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Database } from '../../db/database.js';
import { ident, lit } from '../../db/database.js';
import type { TableFile } from '../source.js';
import { decodeFile, type DecoderName } from '../readers/encoding.js';

/** The raw records of one file: n (rowid + 1, the record number) and c0 … c{width-1}, NULL for empty. */
export interface RawStage {
  /** A plain name, the stem of the temp tables made from it. */
  table: string;
  /** The table in SQL (in the attached database). */
  ref: string;
  width: number;
  /** A big file's: the name in SQL of the in-memory database holding it, detached by dropRawStage. */
  attached?: { alias: string };
}

/**
 * Smaller files are read in Node as they always were. Measured (cases, CPU of init + load): the
 * SQL path costs 18% more at 10,000 rows, breaks even about 30,000 (4 MB), saves 8% at 100,000
 * and 13% at 200,000. JICENG_SQL_ROWS=1 takes it for a file of any size (tests); =attach also
 * keeps the records in their own database file whatever the size.
 */
const MIN_BYTES = 4 * 1024 * 1024;
/**
 * From this size the raw records are kept compressed in a database of their own. Below it they
 * stay uncompressed in a temp table: the compressing checkpoint costs 0.3–0.7 s for a 77 MB file
 * (half the city bench's cases), while the records it would shrink (about 1.6 times the file's
 * bytes, 200 MB at this size) still leave the load well under the 1 GB memory limit.
 */
const ATTACH_FROM_BYTES = 128 * 1024 * 1024;
/** Widest record we let DuckDB read; wider files are rare and go through Node. */
const MAX_RAW_WIDTH = 1024;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Whether the file is plain, by native byte searches over each chunk (no loop over the bytes in
 * JavaScript: that cost 110 ms of a 200,000-row load), and the widest record among the first
 * chunk's: read_csv is given that many columns and refuses a wider record, and only then is the
 * whole file counted (widestRecord).
 */
async function scanPlain(path: string, delimiter: number): Promise<{ plain: boolean; width: number }> {
  const notPlain = { plain: false, width: 0 };
  let prev = LF; // a file starting with a line break starts with a blank record
  let first = true;
  let width = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let buf = chunk;
    if (first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    if (first) width = widestIn(buf, delimiter).width;
    first = false;
    if (buf.length === 0) continue;
    if (buf.indexOf(QUOTE) >= 0 || buf.indexOf(0) >= 0) return notPlain;
    // Blank lines: \n\n, \n\r\n, and across the chunk boundary.
    if (buf.indexOf('\n\n') >= 0 || buf.indexOf('\n\r\n') >= 0) return notPlain;
    if (prev === LF && (buf[0] === LF || buf[0] === CR)) return notPlain;
    // Every \r is the first half of \r\n (the \n may open the next chunk).
    if (prev === CR && buf[0] !== LF) return notPlain;
    for (let i = buf.indexOf(CR); i >= 0; i = buf.indexOf(CR, i + 1)) {
      if (i + 1 < buf.length && buf[i + 1] !== LF) return notPlain;
    }
    prev = buf[buf.length - 1];
  }
  if (prev === CR) return notPlain;
  return { plain: true, width: Math.max(width, 1) };
}

/** The most fields of any record in the buffer, the unfinished last one included. */
function widestIn(buf: Buffer, delimiter: number, from = { width: 0, fields: 1 }): { width: number; fields: number } {
  let { width, fields } = from;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === delimiter) fields++;
    else if (b === LF) {
      if (fields > width) width = fields;
      fields = 1;
    }
  }
  return { width: Math.max(width, fields), fields };
}

/** The widest record of the whole file, counted only when read_csv met one wider than the first chunk's. */
async function widestRecord(path: string, delimiter: number): Promise<number> {
  let state = { width: 0, fields: 1 };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) state = widestIn(chunk, delimiter, state);
  return state.width;
}

/** Encodings read by DuckDB as they are, and those transcoded to UTF-8 first. */
const AS_IS = new Set(['utf-8', 'utf-8-bom']);
const TRANSCODED = new Set<string>(['gb18030', 'utf-16le', 'utf-16be']);

/**
 * Stages the records of a plain CSV, or returns undefined (the Node reader then reads it).
 * Runs outside the load's transaction: a failed read_csv must not abort it.
 */
export async function stageRawCsv(db: Database, table: TableFile, name: string): Promise<RawStage | undefined> {
  // JICENG_NODE_ROWS=1 reads every file in Node (for comparing the two paths).
  if (process.env.JICENG_NODE_ROWS === '1') return undefined;
  if (table.format !== 'csv' || !table.delimiter || table.delimiter.length !== 1) return undefined;
  const encoding = table.encoding ?? '';
  if (!AS_IS.has(encoding) && !TRANSCODED.has(encoding)) return undefined;
  if (!process.env.JICENG_SQL_ROWS && statSync(table.path).size < MIN_BYTES) return undefined;
  if (table.delimiter.charCodeAt(0) > 0x7f) return undefined;
  await sweepScratch(dirname(db.path));
  if (AS_IS.has(encoding)) return stagePlain(db, table.path, table.delimiter, name);
  // A quote in the original bytes leaves the file to Node before a transcoding made for nothing.
  if (await holdsQuote(table.path, encoding as DecoderName)) return undefined;
  // Next to the workspace database, under a name no export has; removed once staged.
  const utf8 = join(dirname(db.path), `.jiceng-transcoded-${process.pid}-${name}.csv`);
  try {
    if (!(await transcode(table.path, encoding as DecoderName, utf8))) return undefined;
    return await stagePlain(db, utf8, table.delimiter, name);
  } finally {
    await rm(utf8, { force: true });
  }
}

/**
 * The scratch files a load writes beside the workspace database: a transcoded CSV; and the
 * raw-records database file loads wrote before the records were kept in memory.
 */
const SCRATCH = /^\.jiceng-(?:transcoded-(\d+)-.*\.csv|.*-(\d+)\.duckdb(?:\.wal)?)$/;

/**
 * Removes scratch files an interrupted load left (killed, or the machine went down). Only one
 * process writes a workspace at a time (DuckDB locks its file), so another process's scratch
 * files are never in use.
 */
async function sweepScratch(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = SCRATCH.exec(n);
    if (m && Number(m[1] ?? m[2]) !== process.pid) await rm(join(dir, n), { force: true });
  }
}

/** The quote character as each transcoded encoding writes it. */
const QUOTE_BYTES: Partial<Record<DecoderName, Buffer>> = {
  gb18030: Buffer.from([QUOTE]), // never part of a GB18030 multi-byte character
  'utf-16le': Buffer.from([QUOTE, 0]),
  'utf-16be': Buffer.from([0, QUOTE]),
};

/**
 * Whether the file's bytes may hold a quote character. For UTF-16 the two bytes may also meet
 * across two characters (an odd offset): such a file is read by Node, which is always right.
 */
export async function holdsQuote(path: string, encoding: DecoderName): Promise<boolean> {
  const q = QUOTE_BYTES[encoding];
  if (!q) return true;
  let last = -1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (chunk.length === 0) continue;
    if (chunk.indexOf(q) >= 0 || (q.length === 2 && last === q[0] && chunk[0] === q[1])) return true;
    last = chunk[chunk.length - 1];
  }
  return false;
}

/**
 * Writes the file as UTF-8, decoded exactly as the Node reader decodes it. False on a bad byte or
 * anything else the decoder refuses: the Node reader then meets it and says so as always.
 */
async function transcode(path: string, decoder: DecoderName, out: string): Promise<boolean> {
  const fh = await open(out, 'w');
  try {
    for await (const text of decodeFile(path, basename(path), { decoder, label: decoder, source: 'detected' }, 1 << 20)) {
      await fh.write(Buffer.from(text, 'utf8'));
    }
    return true;
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

/** Stages a UTF-8 file when it is plain. */
async function stagePlain(db: Database, path: string, delim: string, name: string): Promise<RawStage | undefined> {
  const delimiter = delim.charCodeAt(0);
  // read_csv takes *, ?, [ and { in a path as a glob pattern.
  if (/[*?[\]{}]/.test(path)) return undefined;
  const scan = await scanPlain(path, delimiter);
  if (!scan.plain) return undefined;
  // A temp table holds about 1.6 times the file's bytes through the load: from ATTACH_FROM_BYTES on,
  // compressed in a database of their own (memory flat as files grow, for about 0.5 µs of CPU a row).
  const big = statSync(path).size >= ATTACH_FROM_BYTES || process.env.JICENG_SQL_ROWS === 'attach';
  const alias = `jiceng_${name}`;
  const attached = big ? { alias } : undefined;
  const raw: RawStage = { table: name, ref: attached ? `${ident(alias)}.${ident(name)}` : ident(name), width: scan.width, attached };
  try {
    if (raw.attached) await db.run(`ATTACH ':memory:' AS ${ident(alias)} (COMPRESS)`);
    if (!(await readRecords(db, raw, path, delim))) {
      // A record wider than the first chunk's widest: read again as wide as the widest of the file.
      raw.width = await widestRecord(path, delimiter);
      if (!(await readRecords(db, raw, path, delim))) throw new Error('wider than the widest record');
    }
    // An in-memory database compresses what it holds at a checkpoint.
    if (raw.attached) await db.run(`CHECKPOINT ${ident(alias)}`);
    // Row ids count from 0 only for a committed table (not one made inside a transaction).
    const ids = await db.one<{ lo: number | null; hi: number | null; n: number }>(
      `SELECT min(rowid)::BIGINT AS lo, max(rowid)::BIGINT AS hi, count(*)::BIGINT AS n FROM ${raw.ref}`,
    );
    if (ids && (ids.n === 0 || (ids.lo === 0 && ids.hi === ids.n - 1))) return raw;
  } catch {
    // read_csv refused a record (or the file could not be made): the Node reader reads the file.
  }
  await dropRawStage(db, raw);
  return undefined;
}

/**
 * read_csv of every record into the raw table, raw.width text columns (padded with NULL when a
 * record has fewer). False when a record has more fields; any other refusal throws.
 */
async function readRecords(db: Database, raw: RawStage, path: string, delim: string): Promise<boolean> {
  if (raw.width > MAX_RAW_WIDTH) throw new Error('too wide');
  const columns = Array.from({ length: raw.width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  try {
    // Insertion order is file order, so rowid + 1 is the record number (header included).
    await db.run(`CREATE OR REPLACE ${raw.attached ? '' : 'TEMP '}TABLE ${raw.ref} AS SELECT * FROM read_csv(${lit(path)},
      header = false, all_varchar = true, auto_detect = false, delim = ${lit(delim)}, quote = '', escape = '',
      null_padding = true, columns = {${columns}})`);
    return true;
  } catch (e) {
    if (/Expected Number of Columns: \d+ Found: \d+/.test(String((e as Error).message ?? e))) return false;
    throw e;
  }
}

/** Drops the raw records: after the load's transaction (it wrote only the workspace), detaching a big file's database. */
export async function dropRawStage(db: Database, raw: RawStage | undefined): Promise<void> {
  if (!raw) return;
  if (!raw.attached) return db.run(`DROP TABLE IF EXISTS ${raw.ref}`);
  await db.run(`DETACH DATABASE IF EXISTS ${ident(raw.attached.alias)}`);
}
