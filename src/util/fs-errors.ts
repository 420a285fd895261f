// Storage failures (a full disk, a read-only folder, /dev/full) as one clear UserError line, and a
// file writer that never leaves half a file behind. Used by the workspace database and by writers
// of reports and workbooks.
//
//   await writeFileSafely(path, html, { what: 'report' });
//   await writeFileSafely(path, (tmp) => workbook.xlsx.writeFile(tmp), { what: 'workbook' });
//   try { … } catch (e) { throw ioUserError(e, { path, what: 'report' }) ?? e; }

import { constants } from 'node:fs';
import { access, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError, EXIT } from '../errors.js';
import { msg, type Param } from '../i18n/message.js';

export type IoProblem = 'disk_full' | 'file_too_large' | 'read_only' | 'permission' | 'not_found' | 'not_a_folder' | 'is_a_folder' | 'io';

const ERRNO: Record<string, IoProblem> = {
  ENOSPC: 'disk_full',
  EDQUOT: 'disk_full',
  EFBIG: 'file_too_large',
  EROFS: 'read_only',
  EACCES: 'permission',
  EPERM: 'permission',
  ENOENT: 'not_found',
  ENOTDIR: 'not_a_folder',
  EISDIR: 'is_a_folder',
  EIO: 'io',
};

/**
 * What storage problem an error is, if any: Node's errno code first, then the text of DuckDB's
 * I/O errors, e.g. `TransactionContext Error: Failed to commit: Could not write file
 * "…/jiceng.duckdb.wal": No space left on device` (measured with DuckDB 1.5 on a full tmpfs).
 * Other errors (a SQL mistake, a conversion error) are not storage problems: undefined.
 */
export function classifyIoError(e: unknown): IoProblem | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && ERRNO[code]) return ERRNO[code];
  const msg = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  if (/No space left on device|Disk quota exceeded|\bENOSPC\b|\bEDQUOT\b|disk is full/i.test(msg)) return 'disk_full';
  if (/File too large|\bEFBIG\b/i.test(msg)) return 'file_too_large';
  if (/Read-only file system|\bEROFS\b/i.test(msg)) return 'read_only';
  // DuckDB names the operation: only its write-side failures are storage problems of ours.
  if (/Could not (write|fsync|truncate|create|sync|rename|remove)|Failed to commit/i.test(msg)) {
    return /Permission denied|Operation not permitted/i.test(msg) ? 'permission' : 'io';
  }
  return undefined;
}

/** What is being written, named in the message: the workspace, its settings, a report, a workbook. */
export type IoWhat = 'workspace' | 'settings' | 'report' | 'workbook' | 'file' | 'lake';

export interface IoTarget {
  /** The file being written. */
  path: string;
  /** What it is, for the message. */
  what: IoWhat;
  /** The write was inside a transaction that has been rolled back. */
  rolledBack?: boolean;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].trim();
}

/** The one-line UserError for a storage failure while writing `target`; undefined for other errors. */
export function ioUserError(e: unknown, target: IoTarget): UserError | undefined {
  if (e instanceof UserError) return e;
  const problem = classifyIoError(e);
  if (!problem) return undefined;
  const { path } = target;
  const dir = dirname(path);
  const what = msg(`io_what_${target.what}`);
  // The message (with "nothing was saved" when a transaction was rolled back) and its hint.
  const make = (code: string, undoable: boolean, params: Record<string, Param> = {}, hintParams: Record<string, Param> = {}) => {
    const err = new UserError(msg(undoable && target.rolledBack ? `${code}_undone` : code, { what, path, ...params }), {
      code,
      hint: msg(`${code}_hint`, hintParams),
      exitCode: EXIT.error,
    });
    err.cause = e; // the original error and its stack, for --debug
    return err;
  };
  switch (problem) {
    case 'disk_full':
      return make('io_disk_full', true, {}, { dir });
    case 'file_too_large':
      return make('io_file_too_large', true);
    case 'read_only':
      return make('io_read_only', true);
    case 'permission':
      return make('io_permission', true, {}, { dir });
    case 'not_found':
      return make('io_not_found', false, { dir });
    case 'not_a_folder':
      return make('io_not_a_folder', false);
    case 'is_a_folder':
      return make('io_is_a_folder', false, {}, { example: join(path, basename(path) || 'out') });
    case 'io':
      return make('io_error', true, { detail: firstLine(e) });
  }
}

/**
 * Writes a file so that it is either complete or untouched: into a temporary file beside it,
 * flushed to disk, then renamed over the target. `data` is the content, or a function that writes
 * the temporary file itself (streaming writers such as exceljs). Special files (/dev/full, a FIFO,
 * /dev/stdout) are written directly: they cannot be replaced by a rename. Any failure is a
 * one-line UserError naming `path` (disk full, read-only, permission, missing folder); the
 * temporary file is removed.
 */
export async function writeFileSafely(
  path: string,
  data: string | Uint8Array | ((tmpPath: string) => Promise<unknown>),
  options: { what?: IoWhat } = {},
): Promise<void> {
  const what = options.what ?? 'file';
  const fail = (e: unknown): never => {
    throw ioUserError(e, { path, what }) ?? e;
  };
  let special = false;
  try {
    const st = await stat(path);
    if (st.isDirectory()) fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    special = !st.isFile();
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') fail(e);
  }
  if (special) {
    try {
      if (typeof data === 'function') await data(path);
      else await writeFile(path, data);
    } catch (e) {
      fail(e);
    }
    return;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await access(dirname(path), constants.W_OK);
    if (typeof data === 'function') await data(tmp);
    else await writeFile(tmp, data);
    // Delayed allocation can report a full disk only when the data is flushed.
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    fail(e);
  }
}
