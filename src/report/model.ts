// The report model: everything the workbook and the HTML show, computed once from the workspace; renderers are pure functions of it.
import { fieldName } from '../i18n/names.js';
import type { Database } from '../db/database.js';
import { ident } from '../db/database.js';
import type { WorkspaceConfig } from '../config.js';
import { KINDS, KIND_NAMES } from '../contract/kinds.js';
import { applicableRules, type Direction, type Grain, type ThresholdRule } from '../metrics/definitions.js';
import { GROUPS, GROUP_TITLES, reasonText, unitText, type MetricGroup } from '../metrics/format.js';
import { computeMetrics, type MetricsResult, type MetricValue, type StationInfo } from '../metrics/run.js';
import { scoreStations, scorecardConfig, type ScoreDirection } from '../metrics/score.js';
import { computePlan, type PlanResult } from '../plan/model.js';
import { listSamples } from '../sample/draw.js';
import { evaluateSample, type GroupResult } from '../sample/evaluate.js';
import { sampleSettings } from '../sample/settings.js';
import { listRejects, rejectMessage, type RejectRow } from '../status.js';
import { flagSources, listFlags, summarizeFlags, type FlagSummary } from '../quality/flags.js';
import { TOOL_VERSION } from '../version.js';
import { isUserError } from '../errors.js';
import { maskIdNumber, maskName, maskPhone } from './mask.js';
import { AREA_TYPES, CAUSES, FLAGS, GROUP_SHEETS, INDICATORS, KIND_LABELS, L, LEDGER_KINDS, SHEETS, codeLabel, rulesText, t, type Lang } from './labels.js';
import { inScope, scopeResult, stationScopeSql, type CountyScope } from './county-scope.js';
import { buildTrendModel, trendModelOf, trendWarnings, type TrendModel } from './trend.js';
import type { TrendResult } from '../metrics/trend.js';
import { say } from '../i18n/message.js';

export interface ReportWorkspace {
  db: Database;
  dir?: string;
  config: WorkspaceConfig;
}

export interface ReportOptions {
  /** Any quarter spelling; default: the latest quarter with case data. */
  quarter?: string;
  /** undefined: no comparison; '' or 'previous': the quarter before; else a quarter. */
  compare?: string;
  lang: Lang;
  /** Show ID numbers, phones and names unmasked in the workbook (never in the HTML). */
  includePersonalData?: boolean;
  /** The command line that produced the report, for the provenance sheet. */
  command?: string;
  /** The report's timestamp (default: now). */
  now?: Date;
  metricsDirs?: string[];
  /** One county of a workspace that holds several (see county-scope.ts); undefined: every station. */
  county?: CountyScope;
  /** The trend's quarters: a range such as 2025Q4..2026Q3 (default: up to 8 quarters with data, ending at the report's). */
  quarters?: string;
  /** A trend already computed for these quarters (several reports of one workspace share it). */
  trendResult?: TrendResult;
  /** The metrics of the whole workspace, already computed (shared by several reports of one run). */
  metricsResult?: MetricsResult;
  /** Most rejected / flagged rows listed one by one (default 5,000 each). */
  rowLimit?: number;
  /** The data date instead of the one recorded with the case loads (--as-of). */
  asOf?: string;
  /** --strict: a metric file that fails aborts the report (default: its figures are null, reason metric_error). */
  strict?: boolean;
}

export interface MetricColumn {
  id: string;
  group: MetricGroup;
  title: string;
  short: string;
  unit: string;
  unit_text: string;
  direction: Direction;
  grain: Grain;
  thresholds: ThresholdRule[];
  /** The rules for people (≥ 15（城区）), '' when none. */
  thresholds_text: string;
  definition: string;
}

export interface Interval {
  lower: number;
  upper: number;
  confidence: number;
}

export interface MetricCell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  previous: number | null;
  change: number | null;
  breach: boolean;
  /** The threshold rules that apply to this row (the workbook turns them into conditional formats). */
  rules: ThresholdRule[];
  /** Why the value is null, in words. */
  reason: string | null;
  interval: Interval | null;
  /** The applicable rules for people (≥ 60%), '' when none. */
  threshold_text: string;
  /** A share over fewer than min_denominator cases: shown greyed as too few, never a breach. */
  small: boolean;
  previous_numerator: number | null;
  previous_denominator: number | null;
  previous_small: boolean;
}

export interface TableRow {
  scope: 'station' | 'county';
  station_id: string | null;
  label: string;
  county: string | null;
  area_type: string | null;
  /** metric id → cell; null where the metric has no value at this level (a county-only metric on a station row). */
  cells: Record<string, MetricCell | null>;
}

export interface GroupTable {
  group: MetricGroup;
  title: string;
  sheet: string;
  metrics: MetricColumn[];
  rows: TableRow[];
}

export interface CountyFigure {
  metric: MetricColumn;
  label: string;
  county: string | null;
  cell: MetricCell;
}

export interface Breach {
  scope: 'station' | 'county';
  label: string;
  metric: MetricColumn;
  value: number | null;
  threshold: string;
  /** The breaching cell (its n for shares). */
  cell: MetricCell;
}

export interface ScoreRow {
  rank: number | null;
  station_id: string;
  label: string;
  score: number | null;
  weight_used: number;
  /** metric id → points of the score, null when the metric is missing for the station. */
  contributions: Record<string, number | null>;
  missing: string[];
  /** Titles of weighted shares left out as too few. */
  too_few: string[];
}

export interface ScorecardModel {
  method: string;
  metrics: Array<{ id: string; title: string; weight: number; direction: ScoreDirection }>;
  rows: ScoreRow[];
}

export interface PlanRowModel {
  station_id: string | null;
  label: string;
  scope: 'station' | 'county';
  cases: number;
  petitions: number;
  hours_cases: number;
  hours_petitions: number;
  hours_ledger: number;
  hours_total: number;
  required: number;
  required_ceil: number;
  actual: number | null;
  gap: number | null;
  utilisation: number | null;
  short: boolean;
  reason: string | null;
}

export interface PlanModel {
  available_hours: number;
  ceiling: number;
  rows: PlanRowModel[];
  stations_short: number;
  shortfall: number;
  grassroots_share: number | null;
}

export interface FindingsRow {
  label: string;
  scope: 'station' | 'county';
  population: number;
  sampled: number;
  reviewed: number;
  pending: number;
  defects: number;
  defect_rate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  upper_one_sided: number | null;
}

export interface BacktrackingModel {
  /** backtrack_coverage and defect_rate per station and county (from the metrics). */
  rows: Array<{ label: string; scope: 'station' | 'county'; coverage: MetricCell | null; defect: MetricCell | null }>;
  sample: { id: string; created_at: string; rate: number; seed: string; population: number; size: number } | null;
  /** From src/sample/evaluate.ts when a sample exists. */
  findings: { confidence: number; has_findings: boolean; rows: FindingsRow[]; weighted_rate: number | null } | null;
}

export interface FlaggedRowModel {
  kind: string;
  flag: string;
  file: string;
  sheet: string;
  row: number;
  column: string;
  value: string | null;
  record: string | null;
  /** Personal fields of the row: masked unless the report includes personal data. Workbook only. */
  name: string | null;
  id_number: string | null;
  phone: string | null;
}

export interface GapRow {
  label: string;
  indicator: string;
  date: string;
  declared: number;
  recorded: number;
  gap: number;
}

export interface QualityModel {
  rejects_total: number;
  rejects: RejectRow[];
  reject_summary: Array<{ kind: string; file: string; sheet: string; column: string; reason: string; rows: number }>;
  flags: FlagSummary[];
  flagged_rows: FlaggedRowModel[];
  flagged_total: number;
  gaps: GapRow[];
  /** Personal fields in flagged_rows are masked. */
  masked: boolean;
}

export interface LoadModel {
  load_id: number;
  kind: string;
  file_name: string;
  sheet: string;
  sha256: string;
  rows_in_file: number;
  rows_loaded: number;
  rows_added: number;
  rows_updated: number;
  rows_skipped: number;
  rows_rejected: number;
  finished_at: string | null;
  tool_version: string | null;
  command: string | null;
}

export interface ChangeRow {
  metric: MetricColumn;
  label: string;
  value: number | null;
  previous: number | null;
  change: number | null;
  /** The quarter's cell (its n and too-few mark) and the compared quarter's, for shares shown with n. */
  now: { value: number | null; numerator: number | null; denominator: number | null; small: boolean };
  before: { value: number | null; numerator: number | null; denominator: number | null; small: boolean };
}

/** Chart data, aggregated (never row-level). */
export interface ChartData {
  frontline: { line: number; rows: Array<{ label: string; value: number | null; breach: boolean; numerator: number | null; denominator: number | null; small: boolean }>; county: number | null };
  sworn: Array<{ label: string; area: string; value: number | null; threshold: number | null; breach: boolean }>;
  burdenByKind: Array<{ label: string; kind: string; items: number; hours: number }>;
  /** Ledger kinds in the order of the contract (report, register, meeting, inspection, non_police, then others). */
  kindOrder: string[];
  /** Area types in the order urban, town, rural (then others). */
  areaOrder: string[];
  /** Petition causes in the order of the contract, blank last. */
  causeOrder: string[];
  burdenByIssuer: Array<{ issuer: string; kind: string; items: number; hours: number }>;
  causes: Array<{ label: string; cause: string; n: number }>;
  /** value is null for a share of too few cases (left out of the chart); shown stays for the table. */
  clearance: Array<{ label: string; metric: string; value: number | null; shown: { value: number | null; numerator: number | null; denominator: number | null; small: boolean } }>;
  changes: Array<{ metric: string; change_pp: number; tone: 'better' | 'worse' | 'neutral' }>;
  plan: Array<{ label: string; required: number; actual: number | null }>;
  coverage: { line: number | null; rows: Array<{ label: string; value: number | null }> };
}

export interface ReportModel {
  lang: Lang;
  title: string;
  county: string;
  quarter: string;
  start: string;
  end: string;
  compare: string | null;
  generated_at: string;
  tool_version: string;
  command: string;
  include_personal_data: boolean;
  stations: Array<StationInfo & { label: string }>;
  county_figures: CountyFigure[];
  scorecard: ScorecardModel;
  breaches: Breach[];
  groups: GroupTable[];
  changes: ChangeRow[];
  plan: PlanModel | null;
  /** Why the staffing model is missing (plan null). */
  plan_error: string | null;
  backtracking: BacktrackingModel;
  quality: QualityModel;
  provenance: { loads: LoadModel[] };
  charts: ChartData;
  /** The headline metrics over the last quarters (trend.ts). */
  trend: TrendModel | null;
  warnings: string[];
  /** The day the quarter's case figures are true as of, and whether --as-of gave it. */
  data_date: string | null;
  data_date_source: 'as_of' | 'loads' | null;
  compare_data_date: string | null;
  /** Shares with a denominator below this are too few. */
  min_denominator: number;
}

/** The command line as a person would type it again: `jiceng report --quarter 2026Q3 --out 'my reports'`. */
export function commandLine(argv: string[] = process.argv): string {
  const quote = (a: string): string => (a !== '' && /^[\w@%+=:,./\u0080-\uffff-]+$/u.test(a) ? a : "'" + a.replace(/'/g, `'\\''`) + "'");
  return ['jiceng', ...argv.slice(2)].map((a, i) => (i === 0 ? a : quote(a))).join(' ');
}

/** Local wall-clock time as YYYY-MM-DD HH:MM:SS (the process TZ; tests pin Asia/Shanghai). */
export function localTimestamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const countyKey = (c: string | null | undefined): string => (c === null || c === undefined ? '\u0000' : c);

/** Unique row labels: the station name, with the id added only where two stations share a name. */
export function stationLabels(stations: StationInfo[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const s of stations) count.set(s.station_name, (count.get(s.station_name) ?? 0) + 1);
  return new Map(stations.map((s) => [s.station_id, (count.get(s.station_name) ?? 0) > 1 ? `${s.station_name} (${s.station_id})` : s.station_name]));
}

function intervalOf(detail: unknown): Interval | null {
  if (!detail || typeof detail !== 'object') return null;
  const i = (detail as { interval?: { lower?: unknown; upper?: unknown; confidence?: unknown } }).interval;
  if (!i || typeof i.lower !== 'number' || typeof i.upper !== 'number') return null;
  return { lower: i.lower, upper: i.upper, confidence: typeof i.confidence === 'number' ? i.confidence : 0.95 };
}

function toCell(v: MetricValue, def: MetricColumn, areaType: string | null, lang: Lang): MetricCell {
  const rules = applicableRules(def.thresholds, v.scope, areaType);
  return {
    value: v.value,
    numerator: v.numerator,
    denominator: v.denominator,
    previous: v.previous ?? null,
    change: v.change ?? null,
    breach: v.breach,
    rules,
    reason: v.reason ? reasonText(v.reason, lang) : null,
    interval: intervalOf(v.detail),
    threshold_text: rulesText(rules, def.unit, lang),
    small: Boolean(v.small),
    previous_numerator: v.previous_numerator ?? null,
    previous_denominator: v.previous_denominator ?? null,
    previous_small: Boolean(v.previous_small),
  };
}

/** Builds the model of the quarter's report from an open workspace (read-only queries only). */
export async function buildReportModel(ws: ReportWorkspace, opts: ReportOptions): Promise<ReportModel> {
  const lang = opts.lang;
  const db = ws.db;
  const warnings: string[] = [];
  const full = opts.metricsResult ?? (await computeMetrics(ws, { quarter: opts.quarter, compare: opts.compare, metricsDirs: opts.metricsDirs, asOf: opts.asOf, strict: opts.strict }));
  const result = scopeResult(full, opts.county);
  warnings.push(...result.warnings.map((w) => say(w, lang)));

  const labels = stationLabels(result.stations);
  const stations = result.stations.map((s) => ({ ...s, label: labels.get(s.station_id)! }));
  const counties = [...new Map(stations.map((s) => [countyKey(s.county), s.county])).values()];
  for (const v of result.values) if (v.scope === 'county' && !counties.some((c) => countyKey(c) === countyKey(v.county))) counties.push(v.county);
  const countyLabel = (c: string | null): string => t(L.countyRow, lang, { county: c ?? t(L.countyFallback, lang) });
  const named = counties.filter((c): c is string => c !== null);
  const countyName = named.length === 1 ? named[0] : named.length === 0 ? t(L.countyFallback, lang) : t(L.manyCounties, lang);

  const columns: MetricColumn[] = result.definitions.map((d) => ({
    id: d.id,
    group: d.group,
    title: lang === 'zh' ? d.title_zh : d.title_en,
    short: lang === 'zh' ? d.short_zh : d.short_en,
    unit: d.unit,
    unit_text: unitText(d.unit, lang),
    direction: d.direction,
    grain: d.grain,
    thresholds: d.thresholds,
    thresholds_text: rulesText(d.thresholds, d.unit, lang),
    definition: d.definition,
  }));
  const colById = new Map(columns.map((c) => [c.id, c]));
  const areaOf = new Map(stations.map((s) => [s.station_id, s.area_type]));
  const stationCell = new Map<string, MetricCell>();
  const countyCell = new Map<string, MetricCell>();
  for (const v of result.values) {
    const def = colById.get(v.metric);
    if (!def) continue;
    if (v.scope === 'station') stationCell.set(`${v.metric}\u0001${v.station_id}`, toCell(v, def, areaOf.get(v.station_id!) ?? null, lang));
    else countyCell.set(`${v.metric}\u0001${countyKey(v.county)}`, toCell(v, def, null, lang));
  }

  // Per-group tables: each county's stations, then its county row.
  const rowsFor = (metrics: MetricColumn[]): TableRow[] => {
    const rows: TableRow[] = [];
    for (const c of counties) {
      for (const s of stations.filter((x) => countyKey(x.county) === countyKey(c))) {
        rows.push({
          scope: 'station', station_id: s.station_id, label: s.label, county: s.county, area_type: s.area_type,
          cells: Object.fromEntries(metrics.map((m) => [m.id, stationCell.get(`${m.id}\u0001${s.station_id}`) ?? null])),
        });
      }
      rows.push({
        scope: 'county', station_id: null, label: countyLabel(c), county: c, area_type: null,
        cells: Object.fromEntries(metrics.map((m) => [m.id, countyCell.get(`${m.id}\u0001${countyKey(c)}`) ?? null])),
      });
    }
    return rows;
  };
  const groups: GroupTable[] = GROUPS.map((g) => ({ g, metrics: columns.filter((c) => c.group === g) }))
    .filter((x) => x.metrics.length)
    .map(({ g, metrics }) => ({ group: g, title: t(GROUP_TITLES[g], lang), sheet: t(GROUP_SHEETS[g], lang), metrics, rows: rowsFor(metrics) }));

  const county_figures: CountyFigure[] = [];
  for (const c of counties) {
    for (const m of columns) {
      const cell = countyCell.get(`${m.id}\u0001${countyKey(c)}`);
      if (cell) county_figures.push({ metric: m, label: countyLabel(c), county: c, cell });
    }
  }

  const breaches: Breach[] = [];
  for (const g of groups) {
    for (const r of g.rows) {
      for (const m of g.metrics) {
        const cell = r.cells[m.id];
        if (cell?.breach) {
          breaches.push({ scope: r.scope, label: r.label, metric: m, value: cell.value, threshold: cell.threshold_text || m.thresholds_text, cell });
        }
      }
    }
  }

  const changes: ChangeRow[] = result.compare
    ? county_figures.map((f) => ({
        metric: f.metric, label: f.label, value: f.cell.value, previous: f.cell.previous, change: f.cell.change,
        now: { value: f.cell.value, numerator: f.cell.numerator, denominator: f.cell.denominator, small: f.cell.small },
        before: { value: f.cell.previous, numerator: f.cell.previous_numerator, denominator: f.cell.previous_denominator, small: f.cell.previous_small },
      }))
    : [];

  const scorecard = buildScorecard(ws, result, columns, labels, warnings);
  const planErrors: string[] = [];
  const plan = await buildPlan(ws, result.quarter, lang, labels, countyLabel, planErrors, opts.county);
  warnings.push(...planErrors);
  const backtracking = await buildBacktracking(ws, result, groups, lang, labels, countyLabel, warnings, opts.county);
  const quality = await buildQuality(db, result, labels, lang, opts);
  const loads = await db.all<LoadModel>(`SELECT load_id, kind, file_name, sheet, sha256,
      coalesce(rows_in_file, 0) AS rows_in_file,
      coalesce(rows_added, 0) + coalesce(rows_updated, 0) + coalesce(rows_unchanged, 0) AS rows_loaded,
      coalesce(rows_added, 0) AS rows_added, coalesce(rows_updated, 0) AS rows_updated,
      coalesce(rows_skipped, 0) AS rows_skipped, coalesce(rows_rejected, 0) AS rows_rejected,
      strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at, tool_version, command
    FROM loads ORDER BY load_id`);
  const charts = await buildCharts(db, result, stations, stationCell, countyCell, columns, plan, backtracking, counties, lang, opts.county);
  const trendOpts = {
    quarter: result.quarter, range: opts.quarters, metricsDirs: opts.metricsDirs, strict: opts.strict, lang, counties: opts.county === undefined ? undefined : [opts.county],
    stationLabel: (s: { station_id: string; station_name: string | null }) => labels.get(s.station_id) ?? s.station_name ?? s.station_id, countyLabel,
  };
  const trend = opts.trendResult ? trendModelOf(opts.trendResult, trendOpts) : await buildTrendModel(ws, trendOpts);
  if (trend.empty.length) warnings.push(...trendWarnings({ ...trend, skipped: [] }, lang));

  return {
    lang,
    title: t(L.reportTitle, lang, { county: countyName, quarter: result.quarter }),
    county: countyName,
    quarter: result.quarter,
    start: result.start,
    end: result.end,
    compare: result.compare,
    generated_at: localTimestamp(opts.now ?? new Date()),
    tool_version: TOOL_VERSION,
    command: opts.command ?? commandLine(),
    include_personal_data: Boolean(opts.includePersonalData),
    stations,
    county_figures,
    scorecard,
    breaches,
    groups,
    changes,
    plan,
    plan_error: planErrors[0] ?? null,
    backtracking,
    quality,
    provenance: { loads: loads.map((l) => ({ ...l, load_id: Number(l.load_id) })) },
    charts,
    trend,
    warnings,
    data_date: result.data_date,
    data_date_source: result.data_date_source,
    compare_data_date: result.compare_data_date,
    min_denominator: result.min_denominator,
  };
}

function buildScorecard(ws: ReportWorkspace, result: MetricsResult, columns: MetricColumn[], labels: Map<string, string>, warnings: string[]): ScorecardModel {
  const explicit = Boolean(ws.config.scorecard && (ws.config.scorecard as { weights?: unknown }).weights);
  try {
    const card = scoreStations(result, scorecardConfig(ws.config), explicit);
    const title = (id: string): string => columns.find((c) => c.id === id)?.short ?? id;
    return {
      method: card.method,
      metrics: card.metrics.map((m) => ({ id: m.metric, title: title(m.metric), weight: m.weight, direction: m.direction })),
      rows: card.stations.map((s) => ({
        rank: s.rank,
        station_id: s.station_id,
        label: labels.get(s.station_id) ?? s.station_name,
        score: s.score,
        weight_used: s.weight_used,
        contributions: Object.fromEntries(s.contributions.map((c) => [c.metric, c.contribution])),
        missing: s.missing.filter((m) => !s.too_few.includes(m)).map(title),
        too_few: s.too_few.map(title),
      })),
    };
  } catch (e) {
    if (!isUserError(e)) throw e;
    warnings.push(e.message);
    return { method: 'minmax', metrics: [], rows: [] };
  }
}

async function buildPlan(
  ws: ReportWorkspace, quarter: string, lang: Lang, labels: Map<string, string>, countyLabel: (c: string | null) => string, warnings: string[],
  scope?: CountyScope,
): Promise<PlanModel | null> {
  let p: PlanResult;
  try {
    p = await computePlan(ws, { quarter, lang });
  } catch (e) {
    if (!isUserError(e)) throw e;
    warnings.push(t(L.planUnavailable, lang, { reason: e.message }));
    return null;
  }
  const reason = (r: string | null): string | null => (r ? reasonText(r, lang) : null);
  // One county's report: its stations and its county totals only.
  const own = scope === undefined ? undefined : p.counties.find((c) => inScope(scope, c.county));
  if (scope !== undefined) p = { ...p, stations: p.stations.filter((s) => inScope(scope, s.county)), counties: p.counties.filter((c) => inScope(scope, c.county)) };
  const rows: PlanRowModel[] = p.stations.map((s) => ({
    station_id: s.station_id,
    label: labels.get(s.station_id) ?? s.station_name,
    scope: 'station',
    cases: s.cases.total,
    petitions: s.petitions,
    hours_cases: s.workload_hours.cases,
    hours_petitions: s.workload_hours.petitions,
    hours_ledger: s.workload_hours.ledger,
    hours_total: s.workload_hours.total,
    required: s.required_frontline,
    required_ceil: s.required_frontline_ceil,
    actual: s.actual_frontline_sworn,
    gap: s.gap,
    utilisation: s.utilisation,
    short: s.short,
    reason: reason(s.reason),
  }));
  for (const c of p.counties) {
    rows.push({
      station_id: null,
      label: countyLabel(c.county),
      scope: 'county',
      cases: p.stations.filter((s) => countyKey(s.county) === countyKey(c.county)).reduce((n, s) => n + s.cases.total, 0),
      petitions: p.stations.filter((s) => countyKey(s.county) === countyKey(c.county)).reduce((n, s) => n + s.petitions, 0),
      hours_cases: c.workload_hours.cases,
      hours_petitions: c.workload_hours.petitions,
      hours_ledger: c.workload_hours.ledger,
      hours_total: c.workload_hours.total,
      required: c.required_frontline,
      required_ceil: c.required_frontline_ceil,
      actual: c.actual_frontline_sworn,
      gap: c.gap,
      utilisation: c.utilisation,
      short: c.stations_short > 0,
      reason: null,
    });
  }
  return {
    available_hours: p.available_hours_per_officer,
    ceiling: p.params.committed_ceiling,
    rows,
    stations_short: (own ?? p.county).stations_short,
    shortfall: (own ?? p.county).shortfall,
    grassroots_share: (own ?? p.county).grassroots_share,
  };
}

async function buildBacktracking(
  ws: ReportWorkspace, result: MetricsResult, groups: GroupTable[], lang: Lang, labels: Map<string, string>,
  countyLabel: (c: string | null) => string, warnings: string[], scope?: CountyScope,
): Promise<BacktrackingModel> {
  const g = groups.find((x) => x.group === 'backtracking');
  const rows = (g?.rows ?? []).map((r) => ({ label: r.label, scope: r.scope, coverage: r.cells.backtrack_coverage ?? null, defect: r.cells.defect_rate ?? null }));
  let sample: BacktrackingModel['sample'] = null;
  let findings: BacktrackingModel['findings'] = null;
  try {
    const m = (await listSamples(ws.db, result.quarter))[0];
    if (m) {
      sample = { id: m.sample_id, created_at: m.created_at, rate: m.rate, seed: m.seed, population: m.population_size, size: m.sample_size };
      const settings = sampleSettings(ws.config, lang);
      const ev = await evaluateSample(ws.db, m, { confidence: settings.confidence, tolerable: settings.tolerable_rate });
      const fr = (x: GroupResult, label: string, scope: 'station' | 'county'): FindingsRow => ({
        label, scope, population: x.population, sampled: x.sampled, reviewed: x.reviewed, pending: x.pending, defects: x.defects,
        defect_rate: x.defect_rate, ci_lower: x.ci_lower, ci_upper: x.ci_upper, upper_one_sided: x.upper_one_sided,
      });
      const countyName = [...new Set(result.stations.map((s) => s.county))];
      findings = {
        confidence: ev.confidence,
        has_findings: ev.has_findings,
        weighted_rate: ev.county.weighted_rate,
        rows: [
          ...ev.stations.filter((s) => scope === undefined || (s.station !== null && labels.has(s.station)))
            .map((s) => fr(s, (s.station && labels.get(s.station)) || s.station_name || s.station || '', 'station')),
          // The sample's county row pools every county of the workspace: one county's report leaves it out.
          ...(scope === undefined ? [fr(ev.county, countyLabel(countyName.length === 1 ? countyName[0] : null), 'county')] : []),
        ],
      };
    }
  } catch (e) {
    if (!isUserError(e)) throw e;
    warnings.push(e.message);
  }
  return { rows, sample, findings };
}

/** Flag conditions per kind, as src/quality/flags.ts defines them, to find the flagged rows' keys and personal fields. */
function flaggedRowsSql(): string[] {
  const q: string[] = [];
  for (const kind of KIND_NAMES) {
    const k = KINDS[kind];
    // The same conditions as the flags themselves (quality/flags.ts), with the record and its personal fields.
    const conds = flagSources().filter((s) => s.kind === kind).map((s) => `(${s.where})`);
    if (!conds.length) continue;
    const field = (p: string): string => {
      const f = k.fields.find((x) => x.personal === p);
      return f ? `CAST(${ident(f.name)} AS VARCHAR)` : 'NULL::VARCHAR';
    };
    const key = k.key.length ? `concat_ws(' / ', ${k.key.map((x) => `CAST(${ident(x)} AS VARCHAR)`).join(', ')})` : 'NULL::VARCHAR';
    q.push(`SELECT '${kind}' AS kind, _file AS file, _sheet AS sheet, _row AS "row", ${key} AS record,
      ${field('name')} AS name, ${field('id_number')} AS id_number, ${field('phone')} AS phone
      FROM ${ident(kind)} WHERE ${conds.join(' OR ')}`);
  }
  return q;
}

async function buildQuality(db: Database, result: MetricsResult, labels: Map<string, string>, lang: Lang, opts: ReportOptions): Promise<QualityModel> {
  const limit = opts.rowLimit ?? 5000;
  const allRejects = (await listRejects(db)).map((r) => ({ ...r, reason: say(rejectMessage(r), lang) }));
  const summary = new Map<string, QualityModel['reject_summary'][number]>();
  for (const r of allRejects) {
    const k = [r.kind, r.file, r.sheet, r.column, r.reason].join('\u0001');
    const s = summary.get(k) ?? { kind: r.kind, file: r.file, sheet: r.sheet, column: r.column, reason: r.reason, rows: 0 };
    s.rows++;
    summary.set(k, s);
  }
  const flags = await summarizeFlags(db);
  const flagged = await listFlags(db, limit);
  const flaggedTotal = flags.reduce((n, f) => n + f.rows, 0);
  const extra = new Map<string, { record: string | null; name: string | null; id_number: string | null; phone: string | null }>();
  const sql = flaggedRowsSql();
  if (sql.length) {
    const rows = await db.all<{ kind: string; file: string; sheet: string; row: number; record: string | null; name: string | null; id_number: string | null; phone: string | null }>(sql.join(' UNION ALL '));
    for (const r of rows) extra.set([r.kind, r.file, r.sheet, r.row].join('\u0001'), r);
  }
  const masked = !opts.includePersonalData;
  const flagged_rows: FlaggedRowModel[] = flagged.map((f) => {
    const x = extra.get([f.kind, f.file, f.sheet, f.row].join('\u0001'));
    return {
      kind: codeLabel(KIND_LABELS, f.kind, lang),
      flag: codeLabel(FLAGS, f.flag, lang),
      file: f.file,
      sheet: f.sheet,
      row: Number(f.row),
      column: say(fieldName(f.kind, f.column), lang),
      value: f.value,
      record: x?.record ?? null,
      name: x?.name == null ? null : masked ? maskName(x.name) : x.name,
      id_number: x?.id_number == null ? null : masked ? maskIdNumber(x.id_number) : x.id_number,
      phone: x?.phone == null ? null : masked ? maskPhone(x.phone) : x.phone,
    };
  });

  const gaps: GapRow[] = [];
  for (const v of result.values) {
    if (v.metric !== 'declared_vs_recorded' || v.scope !== 'station' || !v.detail || typeof v.detail !== 'object') continue;
    const list = (v.detail as { gaps?: Array<{ indicator: string; date: string; declared: number; recorded: number; gap: number }> }).gaps ?? [];
    for (const g of list) {
      if (Number(g.gap) === 0) continue;
      gaps.push({
        label: labels.get(v.station_id!) ?? v.station_name ?? '',
        indicator: codeLabel(INDICATORS, g.indicator, lang),
        date: String(g.date),
        declared: Number(g.declared),
        recorded: Number(g.recorded),
        gap: Number(g.gap),
      });
    }
  }
  return {
    rejects_total: allRejects.length,
    rejects: allRejects.slice(0, limit),
    reject_summary: [...summary.values()].sort((a, b) => b.rows - a.rows || a.file.localeCompare(b.file)),
    flags,
    flagged_rows,
    flagged_total: flaggedTotal,
    gaps,
    masked,
  };
}

async function buildCharts(
  db: Database, result: MetricsResult, stations: Array<StationInfo & { label: string }>, stationCell: Map<string, MetricCell>,
  countyCell: Map<string, MetricCell>, columns: MetricColumn[], plan: PlanModel | null, bt: BacktrackingModel,
  counties: Array<string | null>, lang: Lang, scope?: CountyScope,
): Promise<ChartData> {
  const cell = (metric: string, id: string): MetricCell | undefined => stationCell.get(`${metric}\u0001${id}`);
  const col = (id: string): MetricColumn | undefined => columns.find((c) => c.id === id);
  const label = new Map(stations.map((s) => [s.station_id, s.label]));
  const minRule = (id: string, fallback: number | null): number | null => col(id)?.thresholds.find((r) => r.op === 'min' && (!r.targets.length || r.targets.includes('station')))?.limit ?? fallback;

  const frontline = {
    line: minRule('frontline_share', 0.6) ?? 0.6,
    rows: stations.map((s) => {
      const v = cell('frontline_share', s.station_id);
      return { label: s.label, value: v?.value ?? null, breach: v?.breach ?? false, numerator: v?.numerator ?? null, denominator: v?.denominator ?? null, small: v?.small ?? false };
    }),
    county: counties.length === 1 ? countyCell.get(`frontline_share\u0001${countyKey(counties[0])}`)?.value ?? null : null,
  };
  const sworn = stations.map((s) => {
    const c = cell('sworn_per_10k', s.station_id);
    const rule = c?.rules.find((r) => r.op === 'min');
    return { label: s.label, area: codeLabel(AREA_TYPES, s.area_type, lang), value: c?.value ?? null, threshold: rule?.limit ?? null, breach: c?.breach ?? false };
  });

  const sc = stationScopeSql(scope);
  const q = { s: result.start, e: result.end, ...sc.params };
  const ledger = await db.all<{ station_id: string; kind: string | null; items: number; hours: number }>(
    `SELECT l.station_id, l.kind, count(*)::INTEGER AS items, coalesce(sum(l.hours), 0)::DOUBLE AS hours
     FROM ledger l JOIN (SELECT DISTINCT station_id FROM stations WHERE unit_kind = 'station'${sc.where}) s ON s.station_id = l.station_id
     WHERE CAST(l."date" AS DATE) BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)
     GROUP BY ALL ORDER BY ALL`, q);
  const burdenByKind = ledger.filter((r) => label.has(r.station_id)).map((r) => ({
    label: label.get(r.station_id)!, kind: codeLabel(LEDGER_KINDS, r.kind, lang), items: Number(r.items), hours: Number(r.hours),
  }));
  const issuers = await db.all<{ issuer: string | null; kind: string | null; items: number; hours: number }>(
    `SELECT nullif(trim(l.issuer), '') AS issuer, l.kind, count(*)::INTEGER AS items, coalesce(sum(l.hours), 0)::DOUBLE AS hours
     FROM ledger l JOIN (SELECT DISTINCT station_id FROM stations WHERE unit_kind = 'station'${sc.where}) s ON s.station_id = l.station_id
     WHERE CAST(l."date" AS DATE) BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)
     GROUP BY ALL ORDER BY ALL`, q);
  const burdenByIssuer = issuers.map((r) => ({ issuer: r.issuer ?? t(L.unknown, lang), kind: codeLabel(LEDGER_KINDS, r.kind, lang), items: Number(r.items), hours: Number(r.hours) }));
  const causeRows = await db.all<{ station_id: string; cause: string | null; n: number }>(
    `SELECT p.station_id, p.cause, count(*)::INTEGER AS n
     FROM petitions p JOIN (SELECT DISTINCT station_id FROM stations WHERE unit_kind = 'station'${sc.where}) s ON s.station_id = p.station_id
     WHERE CAST(p.received_at AS DATE) BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)
     GROUP BY ALL ORDER BY ALL`, q);
  const causes = causeRows.filter((r) => label.has(r.station_id)).map((r) => ({ label: label.get(r.station_id)!, cause: codeLabel(CAUSES, r.cause, lang), n: Number(r.n) }));

  const clearance: ChartData['clearance'] = [];
  // Cleared within 30 days, not "so far": the latest quarter's cases have had less time. Too-few shares are left out.
  for (const id of ['clearance_rate_30d', 'proactive_share']) {
    const c = col(id);
    if (!c) continue;
    for (const s of stations) {
      const v = cell(id, s.station_id);
      const shown = { value: v?.value ?? null, numerator: v?.numerator ?? null, denominator: v?.denominator ?? null, small: v?.small ?? false };
      clearance.push({ label: s.label, metric: c.short, value: v && !v.small ? v.value : null, shown });
    }
  }
  const changes: ChartData['changes'] = [];
  if (result.compare && counties.length === 1) {
    for (const c of columns) {
      if (c.unit !== 'share') continue;
      const v = countyCell.get(`${c.id}\u0001${countyKey(counties[0])}`);
      if (!v || v.change === null || v.small) continue;
      const tone = c.direction === 'neutral' || Math.abs(v.change) < 5e-4 ? 'neutral'
        : (v.change > 0) === (c.direction === 'higher_is_better') ? 'better' : 'worse';
      changes.push({ metric: c.short, change_pp: v.change * 100, tone });
    }
  }
  const planData = (plan?.rows ?? []).filter((r) => r.scope === 'station').map((r) => ({ label: r.label, required: r.required, actual: r.actual }));
  const coverage = {
    line: minRule('backtrack_coverage', null),
    rows: bt.rows.filter((r) => r.scope === 'station').map((r) => ({ label: r.label, value: r.coverage?.value ?? null })),
  };
  const ordered = (known: string[], present: string[]): string[] => [...known.filter((k) => present.includes(k)), ...[...new Set(present)].filter((p) => !known.includes(p)).sort()];
  const blank = t(L.unknown, lang);
  const kindOrder = ordered(Object.values(LEDGER_KINDS).map((x) => t(x, lang)), [...burdenByKind, ...burdenByIssuer].map((r) => r.kind));
  const areaOrder = ordered(Object.values(AREA_TYPES).map((x) => t(x, lang)), sworn.map((r) => r.area));
  const causeOrder = ordered([...Object.values(CAUSES).map((x) => t(x, lang)), blank], causes.map((r) => r.cause));
  return { frontline, sworn, burdenByKind, kindOrder, areaOrder, causeOrder, burdenByIssuer, causes, clearance, changes, plan: planData, coverage };
}

/** The sheet and section names, for tests and for the HTML contents list. */
export function sectionNames(lang: Lang): Record<keyof typeof SHEETS, string> {
  return Object.fromEntries(Object.entries(SHEETS).map(([k, v]) => [k, t(v, lang)])) as Record<keyof typeof SHEETS, string>;
}
