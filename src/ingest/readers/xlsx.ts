// xlsx: finds the workbook's sheets (names, order, hidden state, date system, parts) and streams
// each sheet's rows with our own lean parser (xlsxsheet.ts over the scanner in xlsxml.ts).
//
// exceljs (still used to write reports) is not on the read path any more. Its streaming reader
// decoded each inflated chunk on its own, so a Chinese character split across a chunk boundary
// became U+FFFD (exceljs issues #2063, #2084); it emitted sheets in zip order, only for parts named
// xl/worksheets/sheetN.xml, spooling them to temp files when sharedStrings.xml came later (as
// Excel writes it); it ignored row `hidden`, `t="d"`, prefixed XML and cells without `r`; and its
// row objects cost more time than the loader after it. So: zipcheck.ts reads the central
// directory (bomb and damage checks, random access, streaming inflate with size and CRC checks);
// we read xl/workbook.xml and its rels here; xlsxparts.ts reduces styles.xml to "which styles are
// dates" and sharedStrings.xml to flat strings; then each sheet's XML, decoded with a streaming
// TextDecoder, is scanned in workbook order, one sheet at a time.

import { msg } from '../../i18n/message.js';
import { UserError } from '../../errors.js';
import type { RawRow, SheetSource, TableFile } from '../source.js';
import { asUserError, iterable } from './common.js';
import { XmlScanner } from './xlsxml.js';
import { NO_STYLES, parseSharedStrings, parseStyles, type DateStyles } from './xlsxparts.js';
import { SheetRows } from './xlsxsheet.js';
import {
  attr,
  checkZipBomb,
  findWorkbookPart,
  normaliseEntryName,
  readZipDirectory,
  readZipEntryXml,
  readZipEntryText,
  type ZipDirectory,
  type ZipEntry,
} from './zipcheck.js';

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

/** What every sheet of a workbook refers to, read once before the first sheet. */
interface WorkbookParts {
  styles: DateStyles;
  strings: (string | null)[] | undefined;
}

async function readParts(path: string, file: string, info: WorkbookInfo): Promise<WorkbookParts> {
  let styles = NO_STYLES;
  let strings: (string | null)[] | undefined;
  if (info.styles) {
    try {
      styles = await parseStyles(readZipEntryXml(path, info.styles, file));
    } catch (e) {
      throw asUserError(e, file, 'cell styles');
    }
  }
  if (info.sharedStrings) {
    try {
      strings = await parseSharedStrings(readZipEntryXml(path, info.sharedStrings, file));
    } catch (e) {
      throw asUserError(e, file, 'shared strings');
    }
  }
  return { styles, strings };
}

async function* sheetsOf(path: string, file: string, info: WorkbookInfo): AsyncGenerator<SheetSource> {
  if (info.sheets.length === 0) return;
  const parts = await readParts(path, file, info);
  for (const sheet of info.sheets) {
    yield {
      name: sheet.name,
      hidden: sheet.hidden,
      date1904: info.date1904,
      rows: iterable(() => rowsOf(path, file, parts, sheet, info.date1904)),
    };
  }
}

async function* rowsOf(path: string, file: string, parts: WorkbookParts, sheet: SheetInfo, date1904: boolean): AsyncGenerator<RawRow> {
  const where = `sheet "${sheet.name}"`;
  const rows = new SheetRows({ file, where, strings: parts.strings, styles: parts.styles, date1904 });
  const scanner = new XmlScanner(rows);
  try {
    // The whole part is inflated even after </sheetData>: its size and checksum are checked at its end.
    for await (const text of readZipEntryXml(path, sheet.entry, file)) {
      if (scanner.stopped) continue;
      scanner.push(text);
      if (rows.finished) scanner.stopped = true;
      if (rows.rows.length > 0) {
        const done = rows.rows;
        rows.rows = [];
        for (const r of done) yield r;
      }
    }
    scanner.end();
    for (const r of rows.rows) yield r;
    rows.rows = [];
  } catch (e) {
    throw asUserError(e, file, where);
  }
}
