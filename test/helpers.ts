// Shared test helpers: temp folders, the real CLI, and writers for export-like files.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { expect } from 'vitest';
import { UserError } from '../src/errors.js';
import type { RawRow, TableFile } from '../src/ingest/source.js';
import type { Workspace } from '../src/workspace.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'jiceng.js');

export function tmp(prefix = 'jiceng-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs fn on a fresh workspace in a temp folder, closed after (DuckDB loaded only by tests that use one). */
export async function withWorkspace(fn: (ws: Workspace, dir: string) => Promise<void>): Promise<void> {
  const { initWorkspace, openWorkspace } = await import('../src/workspace.js');
  const dir = tmp();
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  try {
    await fn(ws, dir);
  } finally {
    ws.close();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (npm test builds first) in a folder, as a user would. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, TZ: 'Asia/Shanghai', NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: string[], opts: { cwd?: string } = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, TZ: 'Asia/Shanghai' }, stdio: 'pipe' });
}

export type CellValue = string | number | boolean | Date | null;

export interface SheetSpec {
  name: string;
  rows: CellValue[][];
  merges?: string[];
  state?: 'visible' | 'hidden';
}

/** Writes an xlsx the way Excel does (shared strings), with merged cells where asked. */
export async function writeXlsx(path: string, sheets: SheetSpec[], opts: { date1904?: boolean } = {}): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state ?? 'visible' });
    for (const r of s.rows) ws.addRow(r);
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  await wb.xlsx.writeFile(path);
  return path;
}

/** Writes delimited text in the given encoding (utf-8, utf-8-bom, gb18030, utf-16le with BOM). */
export function writeText(path: string, rows: (string | number | null)[][], encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le', sep = ','): string {
  mkdirSync(dirname(path), { recursive: true });
  const esc = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\n\r\t]/.test(s) && sep === ',' ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  const text = rows.map((r) => r.map(esc).join(sep)).join('\r\n') + '\r\n';
  let buf: Buffer;
  if (encoding === 'utf-8') buf = Buffer.from(text, 'utf8');
  else if (encoding === 'utf-8-bom') buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  else if (encoding === 'gb18030') buf = iconv.encode(text, 'gb18030');
  else buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  writeFileSync(path, buf);
  return path;
}

/** The UserError a promise rejects with; the test fails when it resolves or throws anything else. */
export async function failure(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

/** A sheet as a reader gave it, every row read. */
export interface ReadSheet {
  name: string;
  hidden?: boolean;
  date1904: boolean;
  rows: RawRow[];
}

/** Every row of every sheet of an opened file, in order; the file is disposed after. */
export async function readSheets(table: TableFile): Promise<ReadSheet[]> {
  const sheets: ReadSheet[] = [];
  try {
    for await (const s of table.sheets) {
      const rows: RawRow[] = [];
      for await (const r of s.rows) rows.push(r);
      sheets.push({ name: s.name, hidden: s.hidden, date1904: s.date1904, rows });
    }
  } finally {
    await table.dispose();
  }
  return sheets;
}
