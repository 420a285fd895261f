// The auditor workbook of a sample: method and manifest, the answer sheet with dropdowns, and reading it back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Database } from '../db/database.js';
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';
import { compareCodePoints, rankKey } from './rank.js';
import { CASES_DEDUP_SQL, UNKNOWN_STATION } from './population.js';
import type { SampleManifest, StratumSummary } from './draw.js';
import {
  COLUMNS, LISTS_SHEET, MANIFEST_MARKER, MANIFEST_SHEET, RESULT_VALUES, SHEET_CODES, caseTypeText, colIndex, manifestRows, methodParagraphs,
  stationDisplayName, stratumLabel, type ColumnId,
} from './workbook-text.js';

// The workbook's words and its reading back live beside it; importers of this module find them here too.
export * from './workbook-text.js';
export * from './workbook-read.js';

const colLetter = (id: ColumnId): string => String.fromCharCode(64 + colIndex(id));

/** One sampled case with what an auditor needs to pull the file. */
export interface WorkbookRow {
  case_id: string;
  stratum: string;
  certainty: boolean;
  station_name: string;
  case_type: string | null;
  category: string | null;
  received_at: string | null;
  filed_at: string | null;
  solved_at: string | null;
  closed_at: string | null;
  officer: string | null;
  amount: string | null;
}

/** The sampled cases with their details from the cases table (a case since deleted keeps its id and stratum). */
export async function readWorkbookRows(db: Database, manifest: SampleManifest): Promise<WorkbookRow[]> {
  const rows = await db.all<Omit<WorkbookRow, 'station_name'> & { station: string | null; station_name: string | null }>(
    `WITH c AS (${CASES_DEDUP_SQL}),
     s AS (SELECT station_id, min(station_name) AS station_name FROM stations GROUP BY station_id)
     SELECT sc.case_id, sc.stratum, sc.certainty, c.station, s.station_name, c.case_type, c.category,
       strftime(c.received_at, '%Y-%m-%d %H:%M:%S') AS received_at, strftime(c.filed_at, '%Y-%m-%d %H:%M:%S') AS filed_at,
       strftime(c.solved_at, '%Y-%m-%d %H:%M:%S') AS solved_at, strftime(c.closed_at, '%Y-%m-%d %H:%M:%S') AS closed_at,
       c.officer, CAST(c.amount AS VARCHAR) AS amount
     FROM sample_cases sc LEFT JOIN c ON c.case_id = sc.case_id LEFT JOIN s ON s.station_id = sc.station_id
     WHERE sc.sample_id = $id`,
    { id: manifest.sample_id },
  );
  const strata = new Map(manifest.strata.map((s) => [s.stratum, s]));
  const out = rows.map((r) => ({
    ...r,
    certainty: Boolean(r.certainty),
    amount: r.amount === null ? null : String(r.amount),
    station_name: r.station_name ?? strata.get(r.stratum)?.station_name ?? r.station ?? UNKNOWN_STATION,
  }));
  return out.sort(
    (a, b) =>
      compareCodePoints(strata.get(a.stratum)?.station ?? a.stratum, strata.get(b.stratum)?.station ?? b.stratum) ||
      compareCodePoints(a.stratum, b.stratum) ||
      compareCodePoints(a.case_id, b.case_id),
  );
}

export interface WorkbookOptions {
  lang: Lang;
  defectTypes: string[];
}

/** 'YYYY-MM-DD HH:MM:SS' → a Date whose UTC fields are that wall-clock time (exceljs writes dates as UTC). */
export function wallClockDate(s: string): { date: Date; hasTime: boolean } {
  const [d, t = '00:00:00'] = s.split(' ');
  const [y, m, day] = d.split('-').map(Number);
  const [hh, mm, ss] = t.split(':').map(Number);
  return { date: new Date(Date.UTC(y, m - 1, day, hh, mm, ss)), hasTime: hh !== 0 || mm !== 0 || ss !== 0 };
}

export interface StationCoverage {
  station: string;
  station_name: string;
  population: number;
  certainty: number;
  sampled: number;
  coverage: number;
}

/** Strata summed per station, in station order. */
export function stationCoverage(strata: StratumSummary[]): StationCoverage[] {
  const map = new Map<string, StationCoverage>();
  for (const s of strata) {
    let c = map.get(s.station);
    if (!c) map.set(s.station, (c = { station: s.station, station_name: s.station_name, population: 0, certainty: 0, sampled: 0, coverage: 0 }));
    c.population += s.population;
    c.certainty += s.certainty;
    c.sampled += s.sampled;
  }
  const out = [...map.values()].sort((a, b) => compareCodePoints(a.station, b.station));
  for (const c of out) c.coverage = c.population ? c.sampled / c.population : 0;
  return out;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFDDE4EE' } };
const ANSWER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFF7D6' } };

/** Protection for every sheet: nothing can be inserted, deleted or reformatted; filtering is allowed. */
const PROTECTION = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: false,
  formatColumns: true,
  formatRows: true,
  insertColumns: false,
  insertRows: false,
  insertHyperlinks: false,
  deleteColumns: false,
  deleteRows: false,
  sort: false,
  autoFilter: true,
  pivotTables: false,
  objects: false,
  scenarios: false,
};

/** Writes the workbook; returns the path. Sheet protection has no password (it guards against slips, not fraud: verify does that). */
export async function writeSampleWorkbook(path: string, manifest: SampleManifest, rows: WorkbookRow[], opts: WorkbookOptions): Promise<string> {
  const { lang } = opts;
  const wb = new ExcelJS.Workbook();
  wb.creator = `jiceng ${manifest.tool_version}`;
  wb.title = `${say(msg('wb_title'), lang)} ${manifest.sample_id}`;
  wb.created = new Date(manifest.created_at);
  wb.modified = wb.created;
  const example = rows.find((r) => !r.certainty) ?? rows[0];
  addMethodSheet(wb, manifest, opts, example);
  await addFindingsSheet(wb, manifest, rows, opts);
  await addManifestSheet(wb, manifest, rows);
  await protectAll(wb);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await lockStructure(Buffer.from(await wb.xlsx.writeBuffer())));
  return path;
}

/**
 * Protects the workbook's structure (no sheet added, deleted, renamed or unhidden, so the hidden
 * manifest stays put): exceljs 4.4 cannot write <workbookProtection>, so it goes into
 * xl/workbook.xml here, in the place the schema gives it (after workbookPr).
 */
export async function lockStructure(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const part = zip.file('xl/workbook.xml');
  if (!part) throw new Error('workbook.xml missing from the written workbook');
  const xml = await part.async('string');
  if (/<workbookProtection\b/.test(xml)) return xlsx;
  const tag = '<workbookProtection lockStructure="1"/>';
  const locked = /<workbookPr\b[^>]*\/>/.test(xml)
    ? xml.replace(/(<workbookPr\b[^>]*\/>)/, `$1${tag}`)
    : xml.replace(/(<bookViews\b)/, `${tag}$1`);
  zip.file('xl/workbook.xml', locked);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function addMethodSheet(wb: ExcelJS.Workbook, m: SampleManifest, opts: WorkbookOptions, example?: WorkbookRow): void {
  const { lang } = opts;
  const ws = wb.addWorksheet(say(msg(SHEET_CODES.method), lang), {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ showGridLines: false }],
  });
  const widths = [30, 20, 11, 11, 11, 11, 11];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const span = widths.length;
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  let r = 1;
  const t = (code: string): string => say(msg(code), lang);
  const para = (text: string, opts2: { bold?: boolean; size?: number } = {}): void => {
    ws.mergeCells(r, 1, r, span);
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.font = { bold: opts2.bold, size: opts2.size ?? 11 };
    const units = [...text].reduce((a, ch) => a + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    ws.getRow(r).height = Math.max(1, Math.ceil(units / (totalWidth * 0.95))) * 15 + (opts2.size ? 8 : 2);
    r++;
  };
  para(`${t('wb_title')} ${m.sample_id}`, { bold: true, size: 14 });
  r++;
  for (const p of methodParagraphs(m, lang, example)) para(p.text, { bold: p.heading });
  r++;
  para(t('wb_part_manifest'), { bold: true });
  for (const [k, v] of manifestRows(m, lang)) {
    ws.getCell(r, 1).value = k;
    ws.getCell(r, 1).font = { bold: true };
    ws.mergeCells(r, 2, r, span);
    ws.getCell(r, 2).value = v;
    ws.getCell(r, 2).alignment = { wrapText: true };
    for (let c = 1; c <= span; c++) ws.getCell(r, c).border = BORDER;
    r++;
  }
  r++;
  para(t('wb_part_coverage'), { bold: true });
  const head = (titles: string[]): void => {
    titles.forEach((t, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = t;
      c.font = { bold: true };
      c.fill = HEAD_FILL;
      c.border = BORDER;
      c.alignment = { horizontal: i >= 2 ? 'right' : 'left' };
    });
    r++;
  };
  const line = (values: Array<string | number>, pctCol?: number): void => {
    values.forEach((v, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = v;
      c.border = BORDER;
      if (i === pctCol) c.numFmt = '0.0%';
    });
    r++;
  };
  // Headers here match no alias of any kind, so `jiceng load` never takes this sheet for data.
  head(['wb_head_station', 'wb_head_station_key', 'wb_head_population', 'wb_head_certainty', 'wb_head_sampled', 'wb_head_coverage'].map(t));
  const cov = stationCoverage(m.strata);
  for (const s of cov) line([stationDisplayName(s.station_name, lang), s.station, s.population, s.certainty, s.sampled, s.coverage], 5);
  const totalSampled = cov.reduce((a, s) => a + s.sampled, 0);
  // The county's backtrack coverage over every unit: the same definition as the report's county figure
  // (metrics/backtrack_coverage.sql, county row).
  line([t('wb_county_all_units'), '', m.population_size, m.certainty_size, totalSampled, m.population_size ? totalSampled / m.population_size : 0], 5);
  r++;
  para(t('wb_part_strata'), { bold: true });
  head(['wb_head_stratum', 'wb_head_stratum_key', 'wb_head_population', 'wb_head_certainty', 'wb_head_drawn', 'wb_head_sampled', 'wb_head_coverage'].map(t));
  for (const s of m.strata) line([stratumLabel(s, lang), s.stratum, s.population, s.certainty, s.drawn, s.sampled, s.population ? s.sampled / s.population : 0], 6);
}

function cellDate(cell: ExcelJS.Cell, s: string | null): void {
  if (!s) return;
  const { date, hasTime } = wallClockDate(s);
  cell.value = date;
  cell.numFmt = hasTime ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
}

async function addFindingsSheet(wb: ExcelJS.Workbook, m: SampleManifest, rows: WorkbookRow[], opts: WorkbookOptions): Promise<void> {
  const { lang } = opts;
  const t = (code: string, params?: Record<string, string>): string => say(msg(code, params), lang);
  const ws = wb.addWorksheet(t(SHEET_CODES.findings), {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1, activeCell: `${colLetter('result')}2` }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:1',
    },
    headerFooter: {
      oddHeader: `&L${t('wb_findings_header')}&R${m.sample_id}`,
      oddFooter: t('wb_findings_footer'),
    },
  });
  COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
  });
  const header = ws.getRow(1);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = t(c.title);
    cell.font = { bold: true };
    cell.fill = 'answer' in c && c.answer ? { ...ANSWER_FILL, fgColor: { argb: 'FFFFE699' } } : HEAD_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  header.height = 30;
  const [pass, defect] = RESULT_VALUES[lang];
  rows.forEach((row, i) => {
    const r = ws.getRow(i + 2);
    const set = (id: ColumnId, v: ExcelJS.CellValue): ExcelJS.Cell => {
      const cell = r.getCell(colIndex(id));
      if (v !== null && v !== undefined && v !== '') cell.value = v;
      return cell;
    };
    set('no', i + 1);
    set('case_id', row.case_id); // a string: written as a text cell, leading zeros and =+-@ kept as typed
    set('station', stationDisplayName(row.station_name, lang));
    set('case_type', caseTypeText(row.case_type, lang));
    set('category', row.category);
    cellDate(r.getCell(colIndex('received_at')), row.received_at);
    cellDate(r.getCell(colIndex('filed_at')), row.filed_at);
    cellDate(r.getCell(colIndex('solved_at')), row.solved_at);
    cellDate(r.getCell(colIndex('closed_at')), row.closed_at);
    set('officer', row.officer);
    if (row.amount !== null) {
      const c = set('amount', Number(row.amount));
      c.numFmt = '#,##0.00';
    }
    set('selection', t(row.certainty ? 'wb_selection_certainty' : 'wb_selection_random'));
    for (let c = 1; c <= COLUMNS.length; c++) {
      const cell = r.getCell(c);
      cell.border = BORDER;
      const spec = COLUMNS[c - 1];
      if ('answer' in spec && spec.answer) {
        cell.protection = { locked: false };
        cell.fill = ANSWER_FILL;
      }
      if (spec.id === 'notes') cell.alignment = { wrapText: true, vertical: 'top' };
    }
    r.getCell(colIndex('reviewed_at')).numFmt = 'yyyy-mm-dd';
  });
  const last = rows.length + 1;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: COLUMNS.length } };
  if (rows.length) {
    // Range validations exist at runtime (exceljs 4.4) but are missing from its typings.
    const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    const range = (id: ColumnId): string => `${colLetter(id)}2:${colLetter(id)}${last}`;
    validations.add(range('result'), {
      type: 'list',
      allowBlank: true,
      formulae: [`"${pass},${defect}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: t('wb_col_result'),
      error: t('wb_result_error', { p: pass, d: defect }),
      showInputMessage: true,
      promptTitle: t('wb_col_result'),
      prompt: `${pass} / ${defect}`,
    });
    validations.add(range('defect_type'), {
      type: 'list',
      allowBlank: true,
      formulae: [defectListFormula(wb, opts.defectTypes)],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: t('wb_col_defect_type'),
      error: t('wb_defect_type_error'),
    });
    validations.add(range('reviewed_at'), {
      type: 'date',
      operator: 'between',
      allowBlank: true,
      formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2099, 11, 31))],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: t('wb_col_reviewed_at'),
      error: t('wb_review_date_error'),
    });
    ws.addConditionalFormatting({
      ref: range('result'),
      rules: [
        {
          type: 'cellIs', operator: 'equal', formulae: [`"${defect}"`], priority: 1,
          style: { font: { color: { argb: 'FF9C0006' }, bold: true }, fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } },
        },
      ],
    });
  }
}

/** An inline list when it fits Excel's 255-character limit and has no commas or quotes; else a range on a hidden sheet. */
function defectListFormula(wb: ExcelJS.Workbook, types: string[]): string {
  const inline = types.join(',');
  if (inline.length <= 250 && !types.some((t) => /[,"]/.test(t))) return `"${inline}"`;
  const ws = wb.getWorksheet(LISTS_SHEET) ?? wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  types.forEach((t, i) => (ws.getCell(i + 1, 1).value = t));
  return `${LISTS_SHEET}!$A$1:$A$${types.length}`;
}

async function addManifestSheet(wb: ExcelJS.Workbook, m: SampleManifest, rows: WorkbookRow[]): Promise<void> {
  const ws = wb.addWorksheet(MANIFEST_SHEET, { state: 'hidden' });
  const kv: Array<[string, string]> = [
    [MANIFEST_MARKER, '1'],
    ['sample_id', m.sample_id],
    ['quarter', m.quarter],
    ['rate', String(m.rate)],
    ['seed', m.seed],
    ['algorithm', m.algorithm],
    ['stratify', m.stratify.join(',')],
    ['min_per_stratum', String(m.min_per_stratum)],
    ['include_all_above', m.include_all_above === null ? '' : m.include_all_above.toFixed(2)],
    ['population_size', String(m.population_size)],
    ['population_digest', m.population_digest],
    ['sample_size', String(m.sample_size)],
    ['created_at', m.created_at],
    ['tool_version', m.tool_version],
  ];
  for (const [k, v] of kv) ws.addRow([k, v]);
  for (const r of rows) ws.addRow(['case', r.case_id, r.stratum, r.certainty ? '1' : '0', rankKey(m.seed, r.stratum, r.case_id)]);
  ws.getColumn(1).width = 20;
  ws.getColumn(2).width = 70;
}

async function protectAll(wb: ExcelJS.Workbook): Promise<void> {
  for (const ws of wb.worksheets) await ws.protect('', PROTECTION);
}
