// Decides what a file is from its bytes, never from its extension: exports named ".xls" are
// often HTML tables, CSV files are named ".xls", and so on.

import { msg } from '../../i18n/message.js';
import { stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { UserError } from '../../errors.js';
import { readBytes } from './common.js';
import { detectBom, looksUtf16 } from './encoding.js';

export type SniffKind = 'xlsx' | 'xls' | 'html' | 'spreadsheetml' | 'text';

export interface Sniffed {
  kind: SniffKind;
  /** The first bytes of the file (up to 64 KB). */
  prefix: Buffer;
  size: number;
}

export const PREFIX_BYTES = 65536;

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const WORKBOOK_STREAM = Buffer.from('Workbook', 'utf16le');
const BOOK_STREAM = Buffer.from('Book\0', 'utf16le');
const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');
const PPT_STREAM = Buffer.from('PowerPoint Document', 'utf16le');

const NOT_SPREADSHEET_HINT = msg('not_spreadsheet_hint');

/** Magic numbers of common non-spreadsheet binaries, for a clear refusal. */
const BINARY_MAGIC: { magic: number[]; what: string }[] = [ // what: a file_what_* message code
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'file_what_pdf' },
  { magic: [0x1f, 0x8b], what: 'file_what_gzip' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'file_what_7z' },
  { magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'file_what_rar' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'file_what_png' },
  { magic: [0xff, 0xd8, 0xff], what: 'file_what_jpeg' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'file_what_gif' },
  { magic: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], what: 'file_what_sqlite' },
];

function startsWith(buf: Buffer, magic: ArrayLike<number>): boolean {
  if (buf.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (buf[i] !== magic[i]) return false;
  return true;
}

export async function sniffFile(path: string, file: string): Promise<Sniffed> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) {
      throw new UserError(msg('file_is_folder', { file }), { hint: msg('file_is_folder_hint') });
    }
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UserError(msg('file_not_found', { file }), { hint: msg('file_not_found_hint') });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UserError(msg('file_permission', { file }), { hint: msg('file_permission_hint') });
    }
    throw e;
  }
  if (size === 0) {
    throw new UserError(msg('file_empty', { file }), { hint: msg('file_empty_hint') });
  }
  const prefix = await readBytes(path, 0, Math.min(size, PREFIX_BYTES));

  // Zip container: xlsx (or docx, ods, ...: decided by zipcheck from the directory).
  if (startsWith(prefix, [0x50, 0x4b, 0x03, 0x04]) || startsWith(prefix, [0x50, 0x4b, 0x05, 0x06])) {
    return { kind: 'xlsx', prefix, size };
  }

  if (startsWith(prefix, OLE2)) {
    const dir = await ole2DirectoryBytes(path, prefix, size);
    const has = (needle: Buffer) => prefix.includes(needle) || dir.includes(needle);
    if (has(ENCRYPTED_PACKAGE)) {
      throw new UserError(msg('file_encrypted', { file }), { hint: msg('file_encrypted_hint') });
    }
    if (!has(WORKBOOK_STREAM) && !has(BOOK_STREAM) && (has(WORD_STREAM) || has(PPT_STREAM))) {
      const what = msg(has(WORD_STREAM) ? 'file_what_word' : 'file_what_powerpoint');
      throw new UserError(msg('file_is_office_document', { file, what }), { hint: NOT_SPREADSHEET_HINT });
    }
    return { kind: 'xls', prefix, size };
  }

  for (const { magic, what } of BINARY_MAGIC) {
    if (startsWith(prefix, magic)) {
      throw new UserError(msg('file_is_other_binary', { file, what: msg(what) }), { hint: NOT_SPREADSHEET_HINT });
    }
  }

  const bom = detectBom(prefix);
  const utf16 = bom?.decoder === 'utf-16le' || bom?.decoder === 'utf-16be' ? bom.decoder : looksUtf16(prefix);
  if (!utf16 && prefix.subarray(0, 8192).includes(0)) {
    throw new UserError(msg('file_binary', { file }), { hint: NOT_SPREADSHEET_HINT });
  }

  // Markup: HTML table exports ("xls" from many systems) and Excel 2003 XML spreadsheets.
  const head = utf16
    ? new TextDecoder(utf16).decode(prefix.subarray(0, prefix.length & ~1))
    : prefix.toString('latin1');
  const trimmed = head.replace(/^[\ufeff\u00ef\u00bb\u00bf\s]+/, '');
  if (trimmed.startsWith('<')) {
    if (
      /urn:schemas-microsoft-com:office:spreadsheet/i.test(head) &&
      /<(ss:)?Workbook[\s>]/.test(head) &&
      !/<html[\s>]/i.test(head)
    ) {
      return { kind: 'spreadsheetml', prefix, size };
    }
    if (/<table[\s>]/i.test(head)) return { kind: 'html', prefix, size };
    if (/^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>])/i.test(trimmed) || /<html[\s>]/i.test(head)) {
      // Excel's own HTML puts a long <style> block first: look further for the table.
      if (!utf16 && size > prefix.length && (await containsTable(path))) return { kind: 'html', prefix, size };
      throw new UserError(msg('file_html_no_table', { file }), { hint: msg('file_html_no_table_hint') });
    }
  }
  if (/^MIME-Version:/im.test(head.slice(0, 2048)) && /multipart\/related/i.test(head)) {
    throw new UserError(msg('file_mht', { file }), { hint: msg('file_mht_hint') });
  }
  return { kind: 'text', prefix, size };
}

/** Whether `<table` occurs in the first 8 MB (ASCII-compatible encodings). */
async function containsTable(path: string): Promise<boolean> {
  let carry = '';
  for await (const c of createReadStream(path, { end: 8 * 1024 * 1024 - 1, highWaterMark: 1 << 18 })) {
    const s = carry + (c as Buffer).toString('latin1');
    if (/<table[\s>]/i.test(s)) return true;
    carry = s.slice(-8);
  }
  return false;
}

/**
 * The first 4 KB of an OLE2 compound file's directory. Stream names (EncryptedPackage, Workbook)
 * live there; in a large file the directory can sit far beyond the first 64 KB.
 */
async function ole2DirectoryBytes(path: string, prefix: Buffer, size: number): Promise<Buffer> {
  if (prefix.length < 512) return Buffer.alloc(0);
  const shift = prefix.readUInt16LE(0x1e);
  const firstDirSector = prefix.readUInt32LE(0x30);
  if (shift < 7 || shift > 16 || firstDirSector >= 0xfffffffa) return Buffer.alloc(0);
  const at = (firstDirSector + 1) * 2 ** shift;
  if (at >= size) return Buffer.alloc(0);
  if (at + 4096 <= prefix.length) return prefix.subarray(at, at + 4096);
  return readBytes(path, at, 4096);
}
