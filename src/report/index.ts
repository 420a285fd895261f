// `jiceng report` and `jiceng demo`: build the model once, render the workbook and the HTML, write them under safe names.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError, EXIT } from '../errors.js';
import { KINDS, KIND_NAMES } from '../contract/kinds.js';
import { ident } from '../db/database.js';
import type { Database } from '../db/database.js';
import { buildReportModel, type ReportModel, type ReportOptions, type ReportWorkspace } from './model.js';
import { renderHtml } from './html.js';
import { sanitizeFileName } from './filenames.js';
import type { CountyScope } from './county-scope.js';
import { countiesOf, buildPrefectureModel, type PrefectureModel } from './prefecture.js';
import { renderPrefectureHtml } from './prefecture-html.js';
import { msg, say } from '../i18n/message.js';
import { fieldName } from '../i18n/names.js';
import { normalizeKey } from '../contract/normalize.js';
import { computeTrend, trendQuarters, type TrendResult } from '../metrics/trend.js';
import { computeMetrics, type MetricsResult } from '../metrics/run.js';
import { computePlan } from '../plan/model.js';
import { quartersWithData, resolveQuarter } from '../quarter.js';
import { readQualityRows } from './quality-model.js';
import { readChartRows } from './charts-model.js';
import { chartRenderer, chartsInThisThread, type ChartRenderer, type RenderedCharts } from './chart-render.js';
import { listLoads } from '../status.js';

export const FORMATS = ['xlsx', 'html'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface WriteOptions extends ReportOptions {
  outDir: string;
  formats?: ReportFormat[];
  /** `--county NAME`: only that county's report. */
  countyName?: string;
  /** `--prefecture`: only the prefecture report. */
  prefectureOnly?: boolean;
  /** The personal-number check shared by every page of one writeReports call. */
  guard?: PersonalNumberCheck;
  /** Draws the charts of every county report of one writeReports call. */
  charts?: ChartRenderer;
}

export interface WrittenReport {
  quarter: string;
  compare: string | null;
  /** report: a county's report or the prefecture's; county: the county of a county report (null: unnamed or the only one). */
  files: Array<{ format: ReportFormat; path: string; report: 'county' | 'prefecture'; county: string | null }>;
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

/** jiceng_市局_<quarter>[_en]: the prefecture report's file name stem. */
export function prefectureStem(model: Pick<PrefectureModel, 'quarter' | 'lang'>): string {
  const word = say(msg('prefecture_file_word'), model.lang);
  return sanitizeFileName(`jiceng_${word}_${model.quarter}${model.lang === 'en' ? '_en' : ''}`, { maxBytes: 180, fallback: `jiceng_${model.quarter}` });
}

/** `--county NAME`: the county by exact name, normalised name or a unique part of it; else a usage error naming the counties. */
export function resolveCounty(counties: Array<string | null>, wanted: string): string | null {
  const named = counties.filter((c): c is string => c !== null);
  const key = normalizeKey(wanted);
  let hits = named.filter((c) => c === wanted);
  if (!hits.length) hits = named.filter((c) => normalizeKey(c) === key);
  if (!hits.length && key) hits = named.filter((c) => normalizeKey(c).includes(key));
  if (hits.length === 1) return hits[0];
  throw new UserError(msg(hits.length ? 'report_county_ambiguous' : 'report_unknown_county', { value: wanted }), {
    hint: msg('report_county_hint', { counties: (hits.length ? hits : named).join(', ') || '—' }),
    exitCode: EXIT.usage,
    code: 'unknown_county',
  });
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

// The workbook modules (exceljs) take a few hundred milliseconds to load: they are imported on first
// use, and writeReports starts that import before its queries, so they load while DuckDB works instead
// of before the workspace is opened. The charts' vega and vega-lite load in the chart worker likewise.
let xlsxModule: Promise<typeof import('./xlsx.js')> | undefined;
let prefectureXlsxModule: Promise<typeof import('./prefecture-xlsx.js')> | undefined;
const loadXlsx = (): Promise<typeof import('./xlsx.js')> => (xlsxModule ??= import('./xlsx.js'));
const loadPrefectureXlsx = (): Promise<typeof import('./prefecture-xlsx.js')> => (prefectureXlsxModule ??= import('./prefecture-xlsx.js'));

/** Starts loading the workbook modules a run will use; a failure surfaces where the module is awaited. */
function preloadWorkbook(formats: ReportFormat[], prefecture: boolean): void {
  if (formats.includes('xlsx')) (prefecture ? loadPrefectureXlsx() : loadXlsx()).catch(() => undefined);
}

/** A check of one page's text before it is written; throws when it holds a personal number. */
export type PersonalNumberCheck = (htmlText: string) => Promise<void>;

let guards = 0;

/**
 * Last check before the HTML is written: no ID number or phone number of the workspace (petitions,
 * or any other personal field) appears in it. Compared as whole digit runs, so it is fast on any size.
 * The workspace's personal numbers are normalised once per guard, into a temp table (allowed on a
 * read-only workspace), and every page's few digit runs are looked up there: several reports of one
 * run (each county's and the prefecture's) scan the personal fields once, not once a page.
 * `prepare()` starts that scan ahead of the first page, on a connection of its own when there is one
 * (a sibling: DuckDB runs it beside the report's queries, while this thread writes workbooks).
 */
export function personalNumberGuard(db: Database): PersonalNumberCheck & { prepare(): void; close(): Promise<void> } {
  const table = ident(`personal_numbers_${++guards}`);
  let ready: Promise<Database> | undefined;
  let side: Database | undefined;
  // Whitespace and dashes are dropped as the page's runs are read (regular-expression \s: tab, LF,
  // FF, CR, space).
  const drop = `' -' || chr(9) || chr(10) || chr(12) || chr(13)`;
  const fields = KIND_NAMES.flatMap((kind) => KINDS[kind].fields.filter((f) => f.personal === 'id_number' || f.personal === 'phone').map((f) =>
    `SELECT '${kind}.${f.name}' AS field, upper(translate(CAST(${ident(f.name)} AS VARCHAR), ${drop}, '')) AS v FROM ${ident(kind)} WHERE ${ident(f.name)} IS NOT NULL`));
  const build = async (conn: Database | undefined): Promise<Database> => {
    const on = conn ?? db;
    await on.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT field, v FROM (${fields.join(' UNION ALL ')}) WHERE length(v) >= 7`);
    return on;
  };
  const start = (sibling: boolean): Promise<Database> => {
    if (!ready) {
      ready = sibling ? db.sibling().catch(() => undefined).then((s) => build((side = s))) : build(undefined);
      ready.catch(() => undefined); // awaited by the first page's check; never an unhandled rejection meanwhile
    }
    return ready;
  };
  const check = async (htmlText: string): Promise<void> => {
    const runs = new Set<string>();
    for (const m of htmlText.matchAll(/[0-9][0-9Xx]{6,}/g)) runs.add(m[0].toUpperCase());
    const digits = htmlText.replace(/[\s-]/g, '');
    for (const m of digits.matchAll(/[0-9][0-9Xx]{6,}/g)) runs.add(m[0].toUpperCase());
    if (!runs.size || !fields.length) return;
    const on = await start(false);
    // A run is [0-9X] only, so it is safe as a literal.
    const hit = await on.one<{ field: string }>(`SELECT field FROM ${table} WHERE v IN (${[...runs].map((r) => `'${r}'`).join(', ')}) LIMIT 1`);
    // A number the workspace holds as personal data, also written in a column that is not (a phone
    // typed into a ledger's 下发部门): the page is not written, and the user is told where to look.
    if (hit) {
      const [kind, field] = hit.field.split('.') as [string, string];
      throw new UserError(msg('report_personal_number', { field: fieldName(kind, field), code: hit.field }), { hint: msg('report_personal_number_hint', { field: fieldName(kind, field) }) });
    }
  };
  return Object.assign(check, {
    prepare: (): void => {
      if (fields.length) void start(true);
    },
    close: async (): Promise<void> => {
      if (!ready) return;
      const on = await ready.catch(() => undefined);
      if (side) side.close(); // its temp table goes with its connection
      else if (on) await db.run(`DROP TABLE IF EXISTS ${table}`);
    },
  });
}

/** One page checked on its own (see personalNumberGuard). */
export async function assertNoPersonalNumbers(db: Database, htmlText: string): Promise<void> {
  const guard = personalNumberGuard(db);
  try {
    await guard(htmlText);
  } finally {
    await guard.close();
  }
}

/**
 * Writes the reports: one county's as before; in a workspace of several counties, each county's
 * report and the prefecture report that sets them side by side (`--county` or `--prefecture` pick one).
 */
export async function writeReports(ws: ReportWorkspace, opts: WriteOptions): Promise<WrittenReport> {
  const counties = await countiesOf(ws);
  const several = counties.length > 1;
  let scopes: CountyScope[];
  if (opts.countyName !== undefined) scopes = [several ? resolveCounty(counties, opts.countyName) : (resolveCounty(counties, opts.countyName), undefined)];
  else if (opts.prefectureOnly) scopes = [];
  else scopes = several ? counties : [undefined];
  const written: WrittenReport = { quarter: '', compare: null, files: [], warnings: [] };
  const formats = opts.formats ?? [...FORMATS];
  preloadWorkbook(formats, opts.prefectureOnly || (several && opts.countyName === undefined));
  // Started now, so vega loads in the chart worker while the queries run.
  const charts = formats.includes('html') && scopes.length ? chartRenderer() : undefined;
  const guard = personalNumberGuard(ws.db);
  try {
    const shared = scopes.length + (several ? 1 : 0) > 1 ? await sharedResults(ws, opts, scopes.length > 1) : {};
    // The pages' check reads the personal numbers while the first county's model and workbook are made.
    if (formats.includes('html')) guard.prepare();
    // Every county report shows the same data-quality rows and loads: read once, on first use.
    const qualityRows = scopes.length > 1 ? once(() => readQualityRows(ws.db, opts.rowLimit ?? 5000)) : undefined;
    const loadRows = scopes.length > 1 ? once(() => listLoads(ws.db)) : undefined;
    // And the charts' ledger, issuer and petition rows of the quarter, narrowed to each county after.
    const run = shared.metricsResult;
    const chartRows = scopes.length > 1 && run ? once(() => readChartRows(ws.db, run)) : undefined;
    const prepare = (county: CountyScope): Promise<PreparedReport> => prepareCountyReport(ws, { ...opts, ...shared, qualityRows, loadRows, chartRows, guard, charts, county });
    // Each county's model is built, and its charts handed to the worker, before the previous county's
    // files are written: the worker draws while this thread queries and writes. A failure of the next
    // county is reported after this county's files, as when the counties ran one after the other.
    let next = scopes.length ? await prepare(scopes[0]) : undefined;
    for (const [i, county] of scopes.entries()) {
      const current = next!;
      let failure: { error: unknown } | undefined;
      next = undefined;
      if (i + 1 < scopes.length) {
        try {
          next = await prepare(scopes[i + 1]);
        } catch (error) {
          failure = { error };
        }
      }
      // The run's guard: the personal numbers are read once for every page, not once a county.
      const r = await finishCountyReport(ws, current, { ...opts, guard });
      written.quarter = r.quarter;
      written.compare = r.compare;
      written.files.push(...r.files.map((f) => ({ ...f, report: 'county' as const, county: county ?? null })));
      written.warnings.push(...r.warnings.filter((w) => !written.warnings.includes(w)));
      if (failure) throw failure.error;
    }
    if (opts.prefectureOnly || (several && opts.countyName === undefined)) {
      const r = await writePrefectureReport(ws, { ...opts, ...shared, guard });
      written.quarter = r.quarter;
      written.files.push(...r.files.map((f) => ({ ...f, report: 'prefecture' as const, county: null })));
      written.warnings.push(...r.warnings.filter((w) => !written.warnings.includes(w)));
    }
  } finally {
    await charts?.close();
    await guard.close();
  }
  return written;
}

/**
 * What several reports of one workspace share: one trend and one metrics run (each computed once,
 * then narrowed to a county by each report), and, for several county reports, one staffing plan.
 */
async function sharedResults(ws: ReportWorkspace, opts: WriteOptions, plan: boolean): Promise<Pick<ReportOptions, 'trendResult' | 'metricsResult' | 'planResult'>> {
  // The quarters with data are read once for all of them; without --strict the metrics run first and
  // the trend takes the report quarter's headline figures from them (--strict keeps the trend first:
  // which failing metric file is met first decides the error).
  const quarters = await quartersWithData(ws.db);
  const last = (await resolveQuarter(ws.db, opts.quarter, quarters)).label;
  const metrics = (): Promise<MetricsResult> => computeMetrics(ws, { quarter: opts.quarter, compare: opts.compare, metricsDirs: opts.metricsDirs, asOf: opts.asOf, strict: opts.strict, quarters });
  const trend = (reuse?: MetricsResult): Promise<TrendResult> => computeTrend(ws, { last, range: opts.quarters, metricsDirs: opts.metricsDirs, strict: opts.strict, quarters, reuse });
  let trendResult: TrendResult;
  let metricsResult: MetricsResult;
  if (opts.strict) {
    trendResult = await trend();
    metricsResult = await metrics();
  } else {
    await trendQuarters(ws, { last, range: opts.quarters, quarters }); // its refusal (an empty --quarters range) first, as before
    metricsResult = await metrics();
    trendResult = await trend(metricsResult);
  }
  if (!plan) return { trendResult, metricsResult };
  const planResult = computePlan(ws, { quarter: metricsResult.quarter, quarters });
  // Each county report awaits it and words a failure itself; never an unhandled rejection meanwhile.
  planResult.catch(() => undefined);
  return { trendResult, metricsResult, planResult };
}

/** A function that calls `f` the first time and returns that same promise after. */
function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

function makeOutDir(dir: string): string {
  const outDir = resolve(dir);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw outDirFailed(outDir, e);
  }
  return outDir;
}

/**
 * An output folder that cannot be made, in the user's language: why, from the system's error code
 * (a file in the way, no permission), not Node's English sentence.
 */
export function outDirFailed(outDir: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const detail = code === 'EEXIST' || code === 'ENOTDIR' ? msg('out_dir_is_file') : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? msg('out_dir_no_permission') : code || (e as Error).message;
  return new UserError(msg('report_out_dir_failed', { dir: outDir, detail }), { hint: msg('report_out_dir_failed_hint') });
}

/** The prefecture report: jiceng_市局_<quarter> (jiceng_prefecture_<quarter>_en). */
async function writePrefectureReport(ws: ReportWorkspace, opts: WriteOptions): Promise<{ quarter: string; files: Array<{ format: ReportFormat; path: string }>; warnings: string[] }> {
  const formats = opts.formats ?? [...FORMATS];
  const model = await buildPrefectureModel(ws, {
    quarter: opts.quarter, lang: opts.lang, command: opts.command, now: opts.now, metricsDirs: opts.metricsDirs, quarters: opts.quarters, trendResult: opts.trendResult, metricsResult: opts.metricsResult,
  });
  const outDir = makeOutDir(opts.outDir);
  const stem = prefectureStem(model);
  const files: Array<{ format: ReportFormat; path: string }> = [];
  for (const format of formats) {
    const path = join(outDir, `${stem}.${format}`);
    if (format === 'xlsx') {
      const wb = (await loadPrefectureXlsx()).buildPrefectureWorkbook(model);
      await atomicWrite(path, (tmp) => wb.xlsx.writeFile(tmp));
    } else {
      const text = renderPrefectureHtml(model);
      await (opts.guard ? opts.guard(text) : assertNoPersonalNumbers(ws.db, text));
      await atomicWrite(path, async (tmp) => writeFileSync(tmp, text, 'utf8'));
    }
    files.push({ format, path });
  }
  return { quarter: model.quarter, files, warnings: model.warnings };
}

/** A county report whose model is built and whose charts are under way. */
interface PreparedReport {
  model: ReportModel;
  outDir: string;
  stem: string;
  charts?: Promise<RenderedCharts>;
}

/** Builds one report's model and hands its charts to the renderer (they draw in the chart worker meanwhile). */
async function prepareCountyReport(ws: ReportWorkspace, opts: WriteOptions): Promise<PreparedReport> {
  const formats = opts.formats ?? [...FORMATS];
  const model = await buildReportModel(ws, opts);
  const outDir = makeOutDir(opts.outDir);
  const stem = reportStem(model);
  const charts = formats.includes('html') ? (opts.charts ?? chartsInThisThread()).render(model) : undefined;
  charts?.catch(() => undefined); // awaited when the HTML is written; never an unhandled rejection meanwhile
  return { model, outDir, stem, charts };
}

/** Writes the requested formats of a prepared report into its outDir; returns the paths written. */
async function finishCountyReport(ws: ReportWorkspace, prepared: PreparedReport, opts: WriteOptions): Promise<{ quarter: string; compare: string | null; files: Array<{ format: ReportFormat; path: string }>; warnings: string[] }> {
  const formats = opts.formats ?? [...FORMATS];
  const { model, outDir, stem, charts } = prepared;
  const files: Array<{ format: ReportFormat; path: string }> = [];
  const warnings = [...model.warnings];
  for (const format of formats) {
    const path = join(outDir, `${stem}.${format}`);
    if (format === 'xlsx') {
      const wb = (await loadXlsx()).buildWorkbook(model);
      await atomicWrite(path, (tmp) => wb.xlsx.writeFile(tmp));
    } else {
      const { svgs } = await charts!;
      const text = renderHtml(model, svgs);
      await (opts.guard ? opts.guard(text) : assertNoPersonalNumbers(ws.db, text));
      await atomicWrite(path, async (tmp) => writeFileSync(tmp, text, 'utf8'));
    }
    files.push({ format, path });
  }
  return { quarter: model.quarter, compare: model.compare, files, warnings };
}

export { buildReportModel, renderHtml };
export type { ReportModel, ReportOptions };
