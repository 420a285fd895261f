// The Excel workbook: cover, one sheet per metric group, staffing vs workload, change, data quality, provenance. A pure function of the model.
//
// The regular (in-memory) exceljs Workbook, not the streaming WorkbookWriter: a report holds tens of
// rows per sheet, and the summary and data-quality sheets stack several tables whose column widths
// are only known once every row is in; the streaming writer commits rows and cannot revisit them.
//
// Safety: text is only ever written as a string value, which exceljs stores as a text cell; nothing
// is written as a formula, so `=HYPERLINK(…)`, `+1`, `-1`, `@x` or a leading TAB from the data stay
// inert text (TECH-NOTES: no apostrophe prefix, which would alter the evidence). Text longer than
// Excel's cell limit is cut. Personal data comes already masked from the model unless the user asked
// for it with --include-personal-data.
import { cellValueText, comparedDatesText, dataDateText, previousOf, shareFormat, tooFewNote } from './figures.js';
import { msg, say } from '../i18n/message.js';
import type ExcelJS from 'exceljs';
import { Workbook } from './workbook-class.js';
import { breaches as ruleBreaches, type ThresholdRule } from '../metrics/definitions.js';
import { AREA_TYPES, bracketed, kindLabel, labelled, metricLegend, missingText, scoreMethodName, SHEETS, codeLabel, t, type Lang } from './labels.js';
import type { GroupTable, MetricCell, MetricColumn, ReportModel } from './model.js';
import { excelChangeFormat, excelChangeValue, excelFormat, excelSignedFormat, excelSignedValue } from './numbers.js';
import { f1, fixed, partsText, pct, shareWithN } from '../format.js';
import { trendSheet } from './trend-sheet.js';

const MAX_CELL_TEXT = 32767;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
const COUNTY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F6FA' } };
export const BREACH_STYLE: Partial<ExcelJS.Style> = {
  fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFBE3DE' }, fgColor: { argb: 'FFFBE3DE' } },
  font: { color: { argb: 'FF8F1D12' }, bold: true },
};
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFB9C4D0' } };

type Value = string | number | null | undefined;

/** Writes a value: numbers as numbers, everything else as a text cell (never a formula). */
export function putCell(cell: ExcelJS.Cell, value: Value, numFmt?: string): void {
  if (value === null || value === undefined) {
    cell.value = null;
  } else if (typeof value === 'number') {
    cell.value = Number.isFinite(value) ? value : null;
    if (numFmt && Number.isFinite(value)) cell.numFmt = numFmt;
  } else {
    // Lone surrogates would make the XML invalid; control characters are dropped by exceljs itself.
    const s = String(value).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
    // A plain string is a shared-string text cell in exceljs; cut to Excel's limit on a code point boundary.
    cell.value = s.length > MAX_CELL_TEXT ? Array.from(s.slice(0, MAX_CELL_TEXT)).slice(0, -1).join('') : s;
  }
}

/** Display width in Excel character units (CJK and emoji count double). */
function textWidth(v: unknown): number {
  const s = v === null || v === undefined ? '' : String(v);
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += cp > 0x2e80 ? 2 : 1;
  }
  return w;
}

/** A safe, unique sheet name: no : \ / ? * [ ], at most 31 characters, not blank. */
export function sheetName(name: string, taken: Set<string>): string {
  let base = Array.from(name.replace(/[:\\/?*[\]\u0000-\u001f]/g, '_').replace(/^'+|'+$/g, '').trim() || 'Sheet').slice(0, 31).join('');
  let n = 2;
  let candidate = base;
  while (taken.has(candidate.toLowerCase())) {
    const suffix = ` (${n++})`;
    base = Array.from(base).slice(0, 31 - suffix.length).join('');
    candidate = base + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Header/footer text: & starts a code there, so it is doubled. */
const hf = (s: string): string => s.replace(/&/g, '&&');

interface Column {
  header: string;
  width?: number;
}

export class SheetBuilder {
  row = 1;
  private widths: number[] = [];
  constructor(readonly ws: ExcelJS.Worksheet) {}

  fit(col: number, v: unknown): void {
    this.widths[col] = Math.max(this.widths[col] ?? 6, Math.min(60, textWidth(v) + 2));
  }

  title(text: string, size = 14): void {
    const c = this.ws.getCell(this.row, 1);
    putCell(c, text);
    c.font = { bold: true, size };
    this.row++;
  }

  line(text: string, italic = false): void {
    const c = this.ws.getCell(this.row, 1);
    putCell(c, text);
    if (italic) c.font = { italic: true, color: { argb: 'FF55606E' } };
    this.row++;
  }

  header(cols: Column[]): number {
    const r = this.row;
    cols.forEach((col, i) => {
      const c = this.ws.getCell(r, i + 1);
      putCell(c, col.header);
      c.font = { bold: true };
      c.fill = HEADER_FILL;
      c.border = { bottom: THIN };
      c.alignment = { vertical: 'bottom', wrapText: true };
      this.widths[i + 1] = Math.max(this.widths[i + 1] ?? 6, Math.min(col.width ?? 24, textWidth(col.header) + 2));
    });
    this.row++;
    return r;
  }

  /** `shown`: the text the number format displays (a share with its n), for the column width; `grey`: too few. */
  values(values: Array<{ v: Value; fmt?: string; shown?: string; grey?: boolean }>, county = false): number {
    const r = this.row;
    values.forEach((x, i) => {
      const c = this.ws.getCell(r, i + 1);
      putCell(c, x.v, x.fmt);
      if (x.shown !== undefined) this.fit(i + 1, x.shown);
      else if (typeof x.v === 'string') this.fit(i + 1, x.v);
      else if (typeof x.v === 'number') this.fit(i + 1, x.v.toFixed(2));
      if (county) {
        c.font = { bold: true };
        c.fill = COUNTY_FILL;
        c.border = { top: THIN };
      }
      if (x.grey) c.font = { ...(c.font ?? {}), color: { argb: 'FF9AA1AB' } };
    });
    this.row++;
    return r;
  }

  skip(n = 1): void {
    this.row += n;
  }

  applyWidths(): void {
    this.widths.forEach((w, i) => {
      if (w) this.ws.getColumn(i).width = w;
    });
  }
}

/** Excel A1 column letters. */
export function colLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const literal = (x: number): string => (/e/i.test(String(x)) ? x.toFixed(12) : String(x));

/** The condition, as an Excel expression for the top-left cell, under which the value breaches the rules. */
export function breachFormula(ref: string, rules: ThresholdRule[]): string | null {
  if (!rules.length) return null;
  const tests = rules.map((r) => `${ref}${r.op === 'min' ? '<' : '>'}${literal(r.limit)}`);
  return `AND(ISNUMBER(${ref}),${tests.length === 1 ? tests[0] : `OR(${tests.join(',')})`})`;
}

/**
 * Conditional formats for one column: consecutive rows with the same rules share one range; a
 * breach the metric's SQL flagged without a threshold rule is highlighted by an always-true rule.
 */
function addBreachFormats(ws: ExcelJS.Worksheet, col: number, cells: Array<{ row: number; cell: MetricCell | null }>, priority: { n: number }): void {
  const letter = colLetter(col);
  type Run = { key: string; rules: ThresholdRule[]; from: number; to: number; always: boolean };
  const runs: Run[] = [];
  for (const { row, cell } of cells) {
    if (!cell || cell.small) continue; // too few: never painted as a breach
    const always = cell.breach && !ruleBreaches(cell.rules, cell.value);
    if (!cell.rules.length && !always) continue;
    const key = always ? `!${row}` : cell.rules.map((r) => r.text).join(';');
    const last = runs[runs.length - 1];
    if (last && last.key === key && last.to === row - 1 && !always) last.to = row;
    else runs.push({ key, rules: cell.rules, from: row, to: row, always });
  }
  for (const run of runs) {
    const formula = run.always ? 'TRUE' : breachFormula(`${letter}${run.from}`, run.rules);
    if (!formula) continue;
    ws.addConditionalFormatting({
      ref: run.from === run.to ? `${letter}${run.from}` : `${letter}${run.from}:${letter}${run.to}`,
      rules: [{ type: 'expression', formulae: [formula], priority: priority.n++, style: BREACH_STYLE }],
    });
  }
}

export function pageSetup(ws: ExcelJS.Worksheet, model: Pick<ReportModel, 'title'>, title: string, landscape: boolean, printTitles?: string): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(printTitles ? { printTitlesRow: printTitles } : {}),
  };
  ws.headerFooter = { oddHeader: `&L${hf(model.title)}&R${hf(title)}`, oddFooter: '&C&P / &N' };
}

export function newSheet(wb: ExcelJS.Workbook, taken: Set<string>, name: string, frozen?: { x: number; y: number }): ExcelJS.Worksheet {
  return wb.addWorksheet(sheetName(name, taken), {
    views: frozen ? [{ state: 'frozen', xSplit: frozen.x, ySplit: frozen.y, topLeftCell: `${colLetter(frozen.x + 1)}${frozen.y + 1}`, activeCell: `${colLetter(frozen.x + 1)}${frozen.y + 1}` }] : [{}],
  });
}

function summarySheet(wb: ExcelJS.Workbook, taken: Set<string>, model: ReportModel): void {
  const lang = model.lang;
  const ws = newSheet(wb, taken, t(SHEETS.summary, lang));
  const b = new SheetBuilder(ws);
  const prio = { n: 1 };
  b.title(model.title, 16);
  b.line(t('report_period', lang, { start: model.start, end: model.end }) + (model.compare ? ' · ' + t('report_compared_with', lang, { q: model.compare }) : ''), true);
  b.line(t('report_generated', lang, { at: model.generated_at, v: model.tool_version }), true);
  b.line(dataDateText(model, lang), true);
  b.line(tooFewNote(model, lang), true);
  if (model.include_personal_data) b.line(t('report_unmasked_note', lang), true);
  for (const w of model.warnings) b.line(labelled(t('report_warnings', lang), w, lang), true);
  b.skip();

  const compare = model.compare !== null;
  b.title(t('report_county_figures', lang), 12);
  const several = new Set(model.county_figures.map((f) => f.label)).size > 1;
  b.header([
    { header: t('report_metric', lang), width: 40 },
    { header: t('report_metric_id', lang) },
    ...(several ? [{ header: t('report_scope', lang) }] : []),
    { header: t('report_value', lang) },
    ...(compare ? [{ header: model.compare! }, { header: t('report_change', lang) }] : []),
    { header: t('report_unit', lang) },
    { header: t('report_threshold', lang) },
    { header: t('report_notes', lang), width: 40 },
  ]);
  const valueCol = several ? 4 : 3;
  const cfCells: Array<{ row: number; cell: MetricCell | null }> = [];
  for (const f of model.county_figures) {
    const fmt = excelFormat(f.metric.unit);
    const r = b.values([
      { v: f.metric.title },
      { v: f.metric.id },
      ...(several ? [{ v: f.label }] : []),
      { v: f.cell.value, fmt: shareFormat(f.cell, f.metric.unit, fmt, lang), shown: cellValueText(f.cell, f.metric.unit, lang), grey: f.cell.small },
      ...(compare
        ? [{ v: f.cell.previous, fmt: shareFormat(previousOf(f.cell), f.metric.unit, fmt, lang), shown: shareWithN(previousOf(f.cell), f.metric.unit, lang), grey: f.cell.previous_small }, { v: f.cell.change === null ? null : excelChangeValue(f.cell.change, f.metric.unit), fmt: excelChangeFormat(f.metric.unit) }]
        : []),
      { v: f.metric.unit_text },
      { v: f.cell.threshold_text },
      { v: f.cell.reason ?? '' },
    ]);
    cfCells.push({ row: r, cell: f.cell });
  }
  // Different metrics have different rules: one format per row.
  for (const c of cfCells) addBreachFormats(ws, valueCol, [c], prio);
  b.skip();

  b.title(t('report_scorecard', lang), 12);
  const metrics = model.scorecard.metrics;
  b.header([
    { header: t('report_rank', lang) },
    { header: t('report_station_id', lang) },
    { header: t('report_station', lang), width: 30 },
    { header: t('report_score', lang) },
    { header: t('report_weight_used', lang) },
    ...metrics.map((m) => ({ header: t('report_weighted', lang, { title: m.title, weight: m.weight }), width: 14 })),
    { header: t('report_missing', lang), width: 40 },
  ]);
  for (const r of model.scorecard.rows) {
    b.values([
      { v: r.rank },
      { v: r.station_id },
      { v: r.label },
      { v: r.score, fmt: '0.0' },
      { v: r.weight_used },
      ...metrics.map((m) => ({ v: r.contributions[m.id] ?? null, fmt: '0.0' })),
      { v: missingText(r, lang) },
    ]);
  }
  b.line(t('report_score_note', lang, { method: scoreMethodName(model.scorecard.method, lang) }), true);
  b.skip();

  b.title(t('report_breaches', lang), 12);
  if (!model.breaches.length) b.line(t('report_no_breaches', lang));
  else {
    b.header([{ header: t('report_station', lang), width: 30 }, { header: t('report_metric', lang), width: 40 }, { header: t('report_value', lang) }, { header: t('report_threshold', lang) }]);
    for (const x of model.breaches) {
      const r = b.values([{ v: x.label }, { v: x.metric.title }, { v: x.value, fmt: shareFormat(x.cell, x.metric.unit, excelFormat(x.metric.unit), lang), shown: cellValueText(x.cell, x.metric.unit, lang) }, { v: x.threshold }], x.scope === 'county');
      ws.getCell(r, 3).font = { bold: true, color: { argb: 'FF8F1D12' } };
    }
  }
  b.applyWidths();
  ws.getColumn(1).width = Math.max(ws.getColumn(1).width ?? 10, 36);
  pageSetup(ws, model, t(SHEETS.summary, lang), true);
}

function groupSheet(wb: ExcelJS.Workbook, taken: Set<string>, model: ReportModel, g: GroupTable): void {
  const lang = model.lang;
  const compare = model.compare !== null;
  const ws = newSheet(wb, taken, g.sheet, { x: 2, y: 1 });
  const b = new SheetBuilder(ws);
  const prio = { n: 1 };
  type Slot = { metric: MetricColumn; kind: 'value' | 'change' | 'lower' | 'upper'; col: number };
  const slots: Slot[] = [];
  let col = 4;
  for (const m of g.metrics) {
    slots.push({ metric: m, kind: 'value', col: col++ });
    if (g.rows.some((r) => r.cells[m.id]?.interval)) {
      slots.push({ metric: m, kind: 'lower', col: col++ }, { metric: m, kind: 'upper', col: col++ });
    }
    if (compare) slots.push({ metric: m, kind: 'change', col: col++ });
  }
  const conf = (m: MetricColumn): string => {
    const c = g.rows.map((r) => r.cells[m.id]?.interval?.confidence).find((x) => x !== undefined) ?? 0.95;
    return `${Math.round(c * 100)}%`;
  };
  const headerRow = b.header([
    { header: t('report_station_id', lang) },
    { header: t('report_station', lang), width: 30 },
    { header: t('report_area_type', lang) },
    ...slots.map((s) => ({
      header: s.kind === 'value' ? s.metric.short
        : s.kind === 'change' ? (s.metric.unit === 'share' ? t('report_change_pp', lang, { m: t('report_change_of', lang, { m: s.metric.short }) }) : t('report_change_of', lang, { m: s.metric.short }))
        : `${s.metric.short} ${t(s.kind === 'lower' ? 'report_ci_lower_of' : 'report_ci_upper_of', lang, { c: conf(s.metric) })}`,
      width: 16,
    })),
    { header: t('report_notes', lang), width: 50 },
  ]);
  ws.getRow(headerRow).height = 32;
  const firstRow = b.row;
  for (const r of g.rows) {
    const notes: string[] = [];
    for (const m of g.metrics) {
      const c = r.cells[m.id];
      if (c && c.value === null && c.reason) notes.push(labelled(m.short, c.reason, lang));
    }
    b.values([
      { v: r.station_id ?? '' },
      { v: r.label },
      { v: r.area_type ? codeLabel(AREA_TYPES, r.area_type, lang) : '' },
      ...slots.map((s) => {
        const c = r.cells[s.metric.id];
        if (!c) return { v: null };
        if (s.kind === 'value') {
          return { v: c.value, fmt: shareFormat(c, s.metric.unit, excelFormat(s.metric.unit), lang), shown: cellValueText(c, s.metric.unit, lang), grey: c.small };
        }
        if (s.kind === 'lower') return { v: c.interval?.lower ?? null, fmt: '0.0%' };
        if (s.kind === 'upper') return { v: c.interval?.upper ?? null, fmt: '0.0%' };
        return { v: c.change === null ? null : excelChangeValue(c.change, s.metric.unit), fmt: excelChangeFormat(s.metric.unit) };
      }),
      { v: partsText(notes, lang) },
    ], r.scope === 'county');
  }
  const lastRow = b.row - 1;
  for (const s of slots.filter((x) => x.kind === 'value')) {
    addBreachFormats(ws, s.col, g.rows.map((r, i) => ({ row: firstRow + i, cell: r.cells[s.metric.id] })), prio);
  }
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: lastRow, column: 3 + slots.length + 1 } };
  b.skip();
  b.line(t('report_group_line', lang, { title: g.title, q: model.quarter }), true);
  for (const m of g.metrics) {
    b.line(metricLegend(m, lang, m.id), true);
  }
  b.applyWidths();
  pageSetup(ws, model, g.title, slots.length > 6, `${headerRow}:${headerRow}`);
}


function planSheet(wb: ExcelJS.Workbook, taken: Set<string>, model: ReportModel): void {
  const lang = model.lang;
  const ws = newSheet(wb, taken, t(SHEETS.plan, lang), { x: 2, y: 1 });
  const b = new SheetBuilder(ws);
  const p = model.plan;
  if (!p) {
    b.header([{ header: t('report_plan_title', lang), width: 60 }]);
    b.line(model.plan_error ?? '—');
    b.applyWidths();
    return;
  }
  const headerRow = b.header([
    { header: t('report_station_id', lang) },
    { header: t('report_station', lang), width: 30 },
    { header: t('report_cases', lang) },
    { header: t('report_petitions', lang) },
    { header: t('report_hours_cases', lang) },
    { header: t('report_hours_petitions', lang) },
    { header: t('report_hours_ledger', lang) },
    { header: t('report_hours_total', lang) },
    { header: t('report_required', lang) },
    { header: t('report_required_ceil', lang) },
    { header: t('report_actual', lang) },
    { header: t('report_plan_gap', lang) },
    { header: t('report_utilisation', lang) },
    { header: t('report_notes', lang), width: 40 },
  ]);
  ws.getRow(headerRow).height = 32;
  const first = b.row;
  for (const r of p.rows) {
    b.values([
      { v: r.station_id ?? '' },
      { v: r.label },
      { v: r.cases, fmt: '0' },
      { v: r.petitions, fmt: '0' },
      { v: r.hours_cases, fmt: '0.0' },
      { v: r.hours_petitions, fmt: '0.0' },
      { v: r.hours_ledger, fmt: '0.0' },
      { v: r.hours_total, fmt: '0.0' },
      { v: r.required, fmt: '0.00' },
      { v: r.required_ceil, fmt: '0' },
      { v: r.actual, fmt: '0' },
      { v: r.gap === null ? null : excelSignedValue(r.gap, 2), fmt: excelSignedFormat(2) },
      { v: r.utilisation, fmt: '0.0%' },
      { v: r.reason ?? '' },
    ], r.scope === 'county');
  }
  const last = b.row - 1;
  ws.addConditionalFormatting({
    ref: `L${first}:L${last}`,
    rules: [{ type: 'expression', formulae: [`AND(ISNUMBER(L${first}),L${first}<0)`], priority: 1, style: BREACH_STYLE }],
  });
  ws.addConditionalFormatting({
    ref: `M${first}:M${last}`,
    rules: [{ type: 'expression', formulae: [`AND(ISNUMBER(M${first}),M${first}>${literal(p.ceiling)})`], priority: 2, style: BREACH_STYLE }],
  });
  b.skip();
  b.line(t('report_plan_note', lang, { avail: fixed(p.available_hours, 0), ceiling: pct(p.ceiling, 0) }), true);
  b.line(t('report_plan_summary', lang, {
    short: p.stations_short,
    shortfall: f1(p.shortfall),
    grassroots: pct(p.grassroots_share),
  }), true);
  b.applyWidths();
  pageSetup(ws, model, t('report_plan_title', lang), true, `${headerRow}:${headerRow}`);
}

function changesSheet(wb: ExcelJS.Workbook, taken: Set<string>, model: ReportModel): void {
  const lang = model.lang;
  if (!model.compare) return;
  const ws = newSheet(wb, taken, t(SHEETS.changes, lang), { x: 1, y: 1 });
  const b = new SheetBuilder(ws);
  const several = new Set(model.changes.map((r) => r.label)).size > 1;
  const headerRow = b.header([
    { header: t('report_metric', lang), width: 40 },
    ...(several ? [{ header: t('report_scope', lang) }] : []),
    { header: t('report_metric_id', lang) },
    { header: model.compare },
    { header: model.quarter },
    { header: t('report_change', lang) },
    { header: t('report_unit', lang) },
  ]);
  for (const r of model.changes) {
    const fmt = excelFormat(r.metric.unit);
    b.values([
      { v: r.metric.title },
      ...(several ? [{ v: r.label }] : []),
      { v: r.metric.id },
      { v: r.previous, fmt: shareFormat(r.before, r.metric.unit, fmt, lang), shown: shareWithN(r.before, r.metric.unit, lang), grey: r.before.small },
      { v: r.value, fmt: shareFormat(r.now, r.metric.unit, fmt, lang), shown: shareWithN(r.now, r.metric.unit, lang), grey: r.now.small },
      { v: r.change === null ? null : excelChangeValue(r.change, r.metric.unit), fmt: excelChangeFormat(r.metric.unit) },
      { v: r.metric.unit === 'share' ? t('report_pp', lang) : r.metric.unit_text },
    ]);
  }
  b.skip();
  b.line(comparedDatesText(model, lang), true);
  b.applyWidths();
  pageSetup(ws, model, t('report_changes_title', lang), false, `${headerRow}:${headerRow}`);
}

function qualitySheet(wb: ExcelJS.Workbook, taken: Set<string>, model: ReportModel): void {
  const lang = model.lang;
  const q = model.quality;
  const ws = newSheet(wb, taken, t(SHEETS.quality, lang));
  const b = new SheetBuilder(ws);
  b.title(t(SHEETS.quality, lang), 14);
  b.line(q.masked ? t('report_masked_note', lang) : t('report_unmasked_note', lang), true);
  b.skip();

  b.title(bracketed(t('report_rejects', lang), q.rejects_total, lang), 12);
  if (!q.rejects.length) b.line(t('report_rejects_none', lang));
  else {
    if (q.rejects.length < q.rejects_total) b.line(t('report_rejects_shown', lang, { n: q.rejects_total, m: q.rejects.length }), true);
    b.header([{ header: t('report_file', lang), width: 36 }, { header: t('report_sheet', lang) }, { header: t('report_kind', lang) }, { header: t('report_row', lang) }, { header: t('report_column', lang) }, { header: t('report_reason', lang), width: 50 }]);
    for (const r of q.rejects) {
      b.values([{ v: r.file }, { v: r.sheet }, { v: kindLabel(r.kind, lang) }, { v: Number(r.row) }, { v: r.column }, { v: r.reason }]);
    }
  }
  b.skip();

  b.title(bracketed(t('report_flags', lang), q.flagged_total, lang), 12);
  if (!q.flagged_rows.length) b.line(t('report_flags_none', lang));
  else {
    b.header([
      { header: t('report_kind', lang) }, { header: t('report_flag', lang) }, { header: t('report_file', lang), width: 36 }, { header: t('report_sheet', lang) },
      { header: t('report_row', lang) }, { header: t('report_column', lang) }, { header: t('report_written', lang) }, { header: t('report_record', lang) },
      { header: t('report_person', lang) }, { header: t('report_id_number', lang) }, { header: t('report_phone', lang) },
    ]);
    for (const f of q.flagged_rows) {
      b.values([
        { v: f.kind }, { v: f.flag }, { v: f.file }, { v: f.sheet }, { v: f.row }, { v: f.column }, { v: f.value ?? '' }, { v: f.record ?? '' },
        { v: f.name ?? '' }, { v: f.id_number ?? '' }, { v: f.phone ?? '' },
      ]);
    }
  }
  b.skip();

  b.title(t('report_gaps', lang), 12);
  if (!q.gaps.length) b.line(t('report_gaps_none', lang));
  else {
    b.header([{ header: t('report_station', lang), width: 30 }, { header: t('report_indicator', lang) }, { header: t('report_date', lang) }, { header: t('report_declared', lang) }, { header: t('report_recorded', lang) }, { header: t('report_gap', lang) }]);
    const first = b.row;
    for (const g of q.gaps) b.values([{ v: g.label }, { v: g.indicator }, { v: g.date }, { v: g.declared, fmt: '0' }, { v: g.recorded, fmt: '0' }, { v: g.gap, fmt: excelSignedFormat(0) }]);
    ws.addConditionalFormatting({
      ref: `F${first}:F${b.row - 1}`,
      rules: [{ type: 'expression', formulae: [`AND(ISNUMBER(F${first}),F${first}<>0)`], priority: 1, style: BREACH_STYLE }],
    });
  }
  b.applyWidths();
  pageSetup(ws, model, t(SHEETS.quality, lang), true);
}

function provenanceSheet(wb: ExcelJS.Workbook, taken: Set<string>, model: ReportModel): void {
  const lang = model.lang;
  const ws = newSheet(wb, taken, t(SHEETS.provenance, lang));
  const b = new SheetBuilder(ws);
  b.title(t(SHEETS.provenance, lang), 14);
  const kv = (k: string, v: string): void => {
    const r = b.values([{ v: k }, { v }]);
    ws.getCell(r, 1).font = { bold: true };
  };
  kv(t('report_report_command', lang), model.command);
  kv(t('report_generated_at', lang), model.generated_at);
  kv(t('report_tool_version', lang), `jiceng ${model.tool_version}`);
  kv(t('report_quarter', lang), model.compare ? bracketed(model.quarter, t('report_compared_with', lang, { q: model.compare }), lang) : model.quarter);
  b.skip();
  b.title(t('report_loads', lang), 12);
  if (!model.provenance.loads.length) b.line(t('report_no_loads', lang));
  else {
    b.header([
      { header: '#' }, { header: t('report_file', lang), width: 36 }, { header: t('report_sheet', lang) }, { header: t('report_kind', lang) },
      { header: t('report_sha256', lang), width: 66 }, { header: t('report_rows_in_file', lang) }, { header: t('report_rows_loaded', lang) },
      { header: t('report_rows_added', lang) }, { header: t('report_rows_updated', lang) }, { header: t('report_rows_skipped', lang) }, { header: t('report_rows_rejected', lang) },
      { header: t('report_loaded_at', lang) }, { header: t('report_tool_version', lang) }, { header: t('report_load_command', lang), width: 50 },
    ]);
    for (const l of model.provenance.loads) {
      b.values([
        { v: l.load_id }, { v: l.file_name }, { v: l.sheet }, { v: kindLabel(l.kind, lang) }, { v: l.sha256 },
        { v: l.rows_in_file }, { v: l.rows_loaded }, { v: l.rows_added }, { v: l.rows_updated }, { v: l.rows_skipped }, { v: l.rows_rejected },
        { v: l.finished_at ?? '' }, { v: l.tool_version ?? '' }, { v: l.command ?? '' },
      ]);
    }
  }
  b.applyWidths();
  ws.getColumn(1).width = Math.max(ws.getColumn(1).width ?? 10, 22);
  ws.getColumn(2).width = Math.min(80, Math.max(ws.getColumn(2).width ?? 10, 36));
  pageSetup(ws, model, t(SHEETS.provenance, lang), true);
}

/** Builds the workbook (pure: nothing is written). */
export function buildWorkbook(model: ReportModel): ExcelJS.Workbook {
  const wb = new Workbook();
  wb.creator = 'jiceng';
  wb.title = model.title;
  wb.subject = model.quarter;
  const taken = new Set<string>();
  summarySheet(wb, taken, model);
  for (const g of model.groups) groupSheet(wb, taken, model, g);
  planSheet(wb, taken, model);
  changesSheet(wb, taken, model);
  if (model.trend) trendSheet(wb, taken, model, model.trend);
  qualitySheet(wb, taken, model);
  provenanceSheet(wb, taken, model);
  return wb;
}

/** Writes the workbook to a path (the caller picks a safe name; see report/index.ts). */
export async function writeWorkbook(model: ReportModel, path: string): Promise<void> {
  await buildWorkbook(model).xlsx.writeFile(path);
}

export type { Lang };
