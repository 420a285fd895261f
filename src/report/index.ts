// `jiceng report` and `jiceng demo`: build the model once, render the workbook and the HTML, write them under safe names.
import { msg } from '../i18n/message.js';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError, EXIT } from '../errors.js';
import { KINDS, KIND_NAMES } from '../contract/kinds.js';
import { ident } from '../db/database.js';
import type { Database } from '../db/database.js';
import { buildReportModel, type ReportModel, type ReportOptions, type ReportWorkspace } from './model.js';
import { buildWorkbook } from './xlsx.js';
import { renderHtml } from './html.js';
import { renderCharts } from './charts.js';
import { sanitizeFileName } from './filenames.js';

export const FORMATS = ['xlsx', 'html'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface WriteOptions extends ReportOptions {
  outDir: string;
  formats?: ReportFormat[];
}

export interface WrittenReport {
  quarter: string;
  compare: string | null;
  files: Array<{ format: ReportFormat; path: string }>;
  warnings: string[];
}

/** Parses `--format xlsx,html` (any order, commas or spaces); a bad name is a usage error listing the valid ones. */
export function parseFormats(text: string | undefined): ReportFormat[] {
  const parts = (text ?? 'xlsx,html').split(/[\s,，]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const out: ReportFormat[] = [];
  for (const p of parts) {
    const f = p === 'htm' ? 'html' : p;
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new UserError(msg('report_unknown_format', { format: p }), { exitCode: EXIT.usage, hint: msg('report_formats_hint', { formats: FORMATS.join(', ') }) });
    }
    if (!out.includes(f as ReportFormat)) out.push(f as ReportFormat);
  }
  if (!out.length) throw new UserError(msg('report_no_format'), { exitCode: EXIT.usage, hint: msg('report_no_format_hint', { formats: FORMATS.join(',') }) });
  return out;
}

/** jiceng_<county>_<quarter>[_en]: a single safe file name stem. */
export function reportStem(model: Pick<ReportModel, 'county' | 'quarter' | 'lang'>): string {
  return sanitizeFileName(`jiceng_${model.county}_${model.quarter}${model.lang === 'en' ? '_en' : ''}`, { maxBytes: 180, fallback: `jiceng_${model.quarter}` });
}

/** Writes a file whole or not at all: a temporary name in the same folder, then a rename. */
async function atomicWrite(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await write(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Last check before the HTML is written: no ID number or phone number of the workspace (petitions,
 * or any other personal field) appears in it. Compared as whole digit runs, so it is fast on any size.
 */
export async function assertNoPersonalNumbers(db: Database, htmlText: string): Promise<void> {
  const runs = new Set<string>();
  for (const m of htmlText.matchAll(/[0-9][0-9Xx]{6,}/g)) runs.add(m[0].toUpperCase());
  const digits = htmlText.replace(/[\s-]/g, '');
  for (const m of digits.matchAll(/[0-9][0-9Xx]{6,}/g)) runs.add(m[0].toUpperCase());
  if (!runs.size) return;
  for (const kind of KIND_NAMES) {
    for (const f of KINDS[kind].fields) {
      if (f.personal !== 'id_number' && f.personal !== 'phone') continue;
      const rows = await db.all<{ v: string }>(
        `SELECT DISTINCT upper(regexp_replace(CAST(${ident(f.name)} AS VARCHAR), '[\\s-]', '', 'g')) AS v FROM ${ident(kind)} WHERE ${ident(f.name)} IS NOT NULL`,
      );
      for (const r of rows) {
        if (r.v && r.v.length >= 7 && runs.has(r.v)) {
          throw new Error(`refusing to write the HTML report: it contains a value of ${kind}.${f.name} (personal data); this is a bug in jiceng`);
        }
      }
    }
  }
}

/** Builds the model and writes the requested formats into outDir; returns the paths written. */
export async function writeReports(ws: ReportWorkspace, opts: WriteOptions): Promise<WrittenReport> {
  const formats = opts.formats ?? [...FORMATS];
  const model = await buildReportModel(ws, opts);
  const outDir = resolve(opts.outDir);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new UserError(msg('report_out_dir_failed', { dir: outDir, detail: (e as Error).message }), { hint: msg('report_out_dir_failed_hint') });
  }
  const stem = reportStem(model);
  const files: WrittenReport['files'] = [];
  const warnings = [...model.warnings];
  for (const format of formats) {
    const path = join(outDir, `${stem}.${format}`);
    if (format === 'xlsx') {
      const wb = buildWorkbook(model);
      await atomicWrite(path, (tmp) => wb.xlsx.writeFile(tmp));
    } else {
      const chartWarnings: string[] = [];
      const svgs = await renderCharts(model, chartWarnings);
      const text = renderHtml(model, svgs);
      await assertNoPersonalNumbers(ws.db, text);
      await atomicWrite(path, async (tmp) => writeFileSync(tmp, text, 'utf8'));
    }
    files.push({ format, path });
  }
  return { quarter: model.quarter, compare: model.compare, files, warnings };
}

export { buildReportModel, renderHtml, renderCharts, buildWorkbook };
export type { ReportModel, ReportOptions };
