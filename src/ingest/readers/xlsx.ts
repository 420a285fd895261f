// xlsx: exceljs's streaming WorkbookReader parses the XML; we drive the zip ourselves.
//
// Why not hand exceljs the file and iterate `for await (const ws of reader)`:
// - it decodes each inflated chunk on its own, so a Chinese character split across a 16 KB chunk
//   boundary becomes U+FFFD (exceljs issues #2063, #2084; measured: 38 of 20,000 rows corrupted);
// - it emits worksheets in zip order, only for parts named exactly xl/worksheets/sheetN.xml, and
//   spools every sheet to a temp file when sharedStrings.xml comes after the sheets (as Excel
//   writes it);
// - it ignores row `hidden`, `t="d"` cells, prefixed XML, and cells without `r`.
// So: zipcheck.ts reads the central directory (bomb and damage checks, random access); we read
// xl/workbook.xml and its rels ourselves (names, order, hidden state, date1904, part paths); then
// we feed exceljs's own parsers (WorkbookReader#_parseStyles, #_parseSharedStrings and
// #_parseWorksheet, with the options from TECH-NOTES) with correctly decoded, normalised text,
// one sheet at a time in workbook order. Those three methods are exceljs internals: exceljs is
// pinned to 4.4.0 and the tests exercise each of them.

import { msg } from '../../i18n/message.js';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { UserError } from '../../errors.js';
import type { Cell, RawRow, SheetSource, TableFile } from '../source.js';
import { asUserError, iterable } from './common.js';
import { XmlNormaliser, columnLetters, normalised, type RowMeta } from './xlsxml.js';
import {
  attr,
  checkZipBomb,
  findWorkbookPart,
  normaliseEntryName,
  readZipDirectory,
  readZipEntryStrings,
  readZipEntryText,
  type ZipDirectory,
  type ZipEntry,
} from './zipcheck.js';

export const READER_OPTIONS = {
  sharedStrings: 'cache',
  styles: 'cache',
  hyperlinks: 'ignore',
  worksheets: 'emit',
  entries: 'emit',
} as const;

/** Excel's limit; a reference beyond it means a damaged or hostile file. */
export const MAX_COLUMNS = 16384;

interface StyleManagerLike {
  getStyleModel(id: number): { numFmt?: string } | null;
  model?: { styles?: ({ numFmtId?: number } | undefined)[] };
}

interface CellLike {
  value: unknown;
  numFmt?: string;
  _value?: { model?: Record<string, unknown> };
}

interface RowLike {
  number: number;
  eachCell(opt: { includeEmpty: boolean }, cb: (cell: CellLike, col: number) => void): void;
}

interface WorksheetReaderLike extends AsyncIterable<RowLike> {
  name: string;
}

/** The parts of exceljs's WorkbookReader we drive. */
interface ReaderInternals {
  styles: StyleManagerLike;
  sharedStrings?: unknown[];
  properties?: unknown;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: WorksheetReaderLike }>;
}

interface SheetInfo {
  name: string;
  hidden: boolean;
  entry: ZipEntry;
}

interface WorkbookInfo {
  sheets: SheetInfo[];
  date1904: boolean;
  styles?: ZipEntry;
  sharedStrings?: ZipEntry;
}

export async function openXlsx(path: string, file: string, size: number): Promise<TableFile> {
  const dir = await readZipDirectory(path, file, size);
  checkZipBomb(dir, file);
  const wbPart = await findWorkbookPart(path, dir, file);
  const info = await readWorkbookInfo(path, dir, wbPart, file);
  return {
    path,
    format: 'xlsx',
    sheets: iterable(() => sheetsOf(path, file, info)),
    async dispose() {},
  };
}

function dirname(part: string): string {
  const i = part.lastIndexOf('/');
  return i < 0 ? '' : part.slice(0, i);
}

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return normaliseEntryName(target);
  const out = base ? base.split('/') : [];
  for (const seg of target.replace(/\\/g, '/').split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return normaliseEntryName(out.join('/'));
}

async function readWorkbookInfo(path: string, dir: ZipDirectory, wbPart: string, file: string): Promise<WorkbookInfo> {
  const wbXml = await readZipEntryText(path, dir.get(wbPart)!, file, 64 << 20);
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\sdate1904\s*=\s*["'](?:1|true)["']/.test(wbXml);
  const base = dirname(wbPart);
  const relsEntry = dir.get(`${base ? `${base}/` : ''}_rels/${wbPart.slice(base ? base.length + 1 : 0)}.rels`);
  const rels = new Map<string, { type: string; part: string }>();
  if (relsEntry) {
    const relsXml = await readZipEntryText(path, relsEntry, file, 16 << 20);
    for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const id = attr(m[0], 'Id');
      const target = attr(m[0], 'Target');
      if (!id || !target || attr(m[0], 'TargetMode') === 'External') continue;
      rels.set(id, { type: attr(m[0], 'Type') ?? '', part: resolvePart(base, target) });
    }
  }
  const byType = (suffix: string) => {
    for (const r of rels.values()) if (r.type.endsWith(suffix)) return dir.get(r.part);
    return undefined;
  };

  const sheets: SheetInfo[] = [];
  let ordinal = 0;
  for (const m of wbXml.matchAll(/<(?:\w+:)?sheet(?=[\s/>])[^>]*>/g)) {
    ordinal++;
    const tag = m[0];
    const name = attr(tag, 'name') ?? `Sheet${ordinal}`;
    const state = attr(tag, 'state');
    const rid = /\s(?:\w+:)?id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag);
    const relId = rid ? (rid[1] ?? rid[2]) : undefined;
    let part: string | undefined;
    if (relId && rels.has(relId)) {
      const rel = rels.get(relId)!;
      if (!/\/worksheet$/.test(rel.type)) continue; // chart sheets, dialog and macro sheets hold no table
      part = rel.part;
    } else if (!relsEntry) {
      part = resolvePart(base, `worksheets/sheet${ordinal}.xml`);
    }
    const entry = part ? dir.get(part) : undefined;
    if (!entry) {
      throw new UserError(msg('xlsx_sheet_missing', { file, sheet: name }), { hint: msg('xlsx_sheet_missing_hint') });
    }
    sheets.push({ name, hidden: state === 'hidden' || state === 'veryHidden', entry });
  }
  return {
    sheets,
    date1904,
    styles: byType('/styles') ?? dir.get(`${base}/styles.xml`),
    sharedStrings: byType('/sharedStrings') ?? dir.get(`${base}/sharedStrings.xml`),
  };
}

/** Built-in number formats that are dates in Chinese (and other East Asian) Excel but that
 * exceljs 4.4.0 has no format code for, so it would hand back serial numbers. */
const CJK_DATE_FORMAT_IDS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

async function createReader(path: string, file: string, info: WorkbookInfo): Promise<ReaderInternals> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, READER_OPTIONS) as unknown as ReaderInternals;
  for (const m of ['_parseStyles', '_parseSharedStrings', '_parseWorksheet'] as const) {
    if (typeof reader[m] !== 'function') {
      throw new Error(`exceljs WorkbookReader.${m} is missing: the xlsx reader was written for exceljs 4.4.0`);
    }
  }
  if (info.styles) {
    try {
      await reader._parseStyles(Readable.from(readZipEntryStrings(path, info.styles, file)));
    } catch (e) {
      throw asUserError(e, file, 'cell styles');
    }
  }
  const styles = reader.styles;
  const getStyleModel = styles.getStyleModel.bind(styles);
  styles.getStyleModel = (id: number) => {
    const model = getStyleModel(id);
    if (model && !model.numFmt) {
      const fmtId = styles.model?.styles?.[id]?.numFmtId;
      if (fmtId !== undefined && CJK_DATE_FORMAT_IDS.has(Number(fmtId))) model.numFmt = 'yyyy-mm-dd';
    } else if (model?.numFmt && isDateFmt(model.numFmt) && !isExcelJsDateFmt(model.numFmt)) {
      model.numFmt = 'yyyy-mm-dd'; // e.g. "YYYY-MM-DD": exceljs only knows lower-case codes
    }
    return model;
  };
  if (info.sharedStrings) {
    try {
      const text = normalised(readZipEntryStrings(path, info.sharedStrings, file), new XmlNormaliser('sst', false));
      for await (const _ of reader._parseSharedStrings(Readable.from(text))) {
        // 'cache' mode fills reader.sharedStrings and yields nothing
      }
    } catch (e) {
      throw asUserError(e, file, 'shared strings');
    }
  }
  reader.properties = { model: { date1904: info.date1904 } };
  return reader;
}

async function* sheetsOf(path: string, file: string, info: WorkbookInfo): AsyncGenerator<SheetSource> {
  if (info.sheets.length === 0) return;
  const reader = await createReader(path, file, info);
  let n = 0;
  for (const sheet of info.sheets) {
    const sheetNo = String(++n);
    yield {
      name: sheet.name,
      hidden: sheet.hidden,
      date1904: info.date1904,
      rows: iterable(() => rowsOf(path, file, reader, sheet, sheetNo, info.date1904)),
    };
  }
}

async function* rowsOf(
  path: string,
  file: string,
  reader: ReaderInternals,
  sheet: SheetInfo,
  sheetNo: string,
  date1904: boolean,
): AsyncGenerator<RawRow> {
  const where = `sheet "${sheet.name}"`;
  const norm = new XmlNormaliser('worksheet', true);
  const guarded = async function* (): AsyncGenerator<string> {
    for await (const s of normalised(readZipEntryStrings(path, sheet.entry, file), norm)) {
      if (norm.maxColumn > MAX_COLUMNS) {
        throw new UserError(msg('xlsx_too_many_columns', { file, where, columns: norm.maxColumn, max: MAX_COLUMNS }), { hint: msg('save_again_load_hint') });
      }
      yield s;
    }
  };
  const stats = { uncached: 0 };
  try {
    const first = reader._parseWorksheet(guarded(), sheetNo).next();
    if (first.done) return;
    const worksheet = first.value.value;
    for await (const row of worksheet) {
      const meta = norm.take(row.number);
      const cells: Cell[] = [];
      stats.uncached = 0;
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const v = cellValue(cell, col, meta, date1904, stats);
        if (v === null) return;
        while (cells.length < col - 1) cells.push(null);
        cells[col - 1] = v;
      });
      const out: RawRow = { row: row.number, cells };
      if (meta?.hidden) out.hidden = true;
      if (stats.uncached) out.uncachedFormulas = stats.uncached;
      yield out;
    }
  } catch (e) {
    throw asUserError(e, file, where);
  }
}

// ---------------------------------------------------------------------------------------------
// Cell normalisation

function stripFmt(fmt: string): string {
  return fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
}

/** exceljs 4.4.0's own test (utils.isDateFmt). */
function isExcelJsDateFmt(fmt: string): boolean {
  return /[ymdhMsb]+/.test(stripFmt(fmt));
}

/** Date/time format: y, m, d, h, s in either case (but not inside General), or b (Buddhist year). */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = stripFmt(fmt).replace(/General/gi, '');
  return /[ymdhs]/i.test(f) || f.includes('b');
}

export function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

function isoToDate(s: string): Date | null {
  const t = s.trim();
  if (!t) return null;
  let iso = t;
  if (/^\d{1,2}:\d{2}/.test(iso)) iso = `1899-12-30T${iso}`;
  if (/T\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += 'Z';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

function flatten(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text?: unknown }[] }).richText.map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  }
  return null;
}

function has(list: number[] | undefined, col: number): boolean {
  return list !== undefined && list.includes(col);
}

function cellValue(cell: CellLike, col: number, meta: RowMeta | undefined, date1904: boolean, stats?: { uncached: number }): Cell {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    if (has(meta?.isoCols, col)) return isoToDate(v);
    return v === '' ? null : v;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;

  // Formula cells. exceljs's FormulaValue drops a falsy result (0, '') from `.value`, and a
  // shared-formula child ({formula: ''}) becomes a JSON value: read the raw model instead.
  if ('formula' in o || 'sharedFormula' in o) {
    const model = cell._value?.model ?? {};
    const raw = model.rawValue as Record<string, unknown> | undefined;
    const result = 'result' in model ? model.result : raw && typeof raw === 'object' ? raw.result : o.result;
    // Saved without a result (written by a program that does not calculate): read as empty, counted.
    if ((result === undefined || result === null) && stats) stats.uncached++;
    return formulaResult(result, cell, col, meta, date1904);
  }
  const text = flatten(o);
  if (text !== null) {
    if (has(meta?.isoCols, col)) return isoToDate(text);
    return text === '' ? null : text;
  }
  if ('hyperlink' in o && 'text' in o) {
    const t = flatten(o.text);
    return t === null || t === '' ? null : t;
  }
  return null; // {error}, {sharedString} without a table, anything else
}

function formulaResult(result: unknown, cell: CellLike, col: number, meta: RowMeta | undefined, date1904: boolean): Cell {
  if (result === null || result === undefined) return null;
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) return null; // error results (#DIV/0!) arrive as NaN
    if (has(meta?.boolCols, col)) return result !== 0;
    if (isDateFmt(cell.numFmt)) return excelSerialToDate(result, date1904);
    return result;
  }
  if (typeof result === 'string') {
    if (has(meta?.isoCols, col)) return isoToDate(result);
    return result === '' ? null : result;
  }
  if (typeof result === 'boolean') return result;
  if (result instanceof Date) return Number.isNaN(result.getTime()) ? null : result;
  const t = flatten(result);
  return t === null || t === '' ? null : t;
}

export { columnLetters };
