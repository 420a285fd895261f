// The report model: everything the workbook and the HTML show, computed once from the workspace; renderers are pure functions of it.
import type { WorkspaceConfig } from '../config.js';
import { applicableRules, type Direction, type Grain, type ThresholdRule } from '../metrics/definitions.js';
import { GROUPS, reasonText, unitText, type MetricGroup } from '../metrics/format.js';
import type { PlanResult } from '../plan/model.js';
import { computeMetrics, type MetricsResult, type MetricValue, type StationInfo } from '../metrics/run.js';
import type { Database } from '../db/database.js';
import { TOOL_VERSION } from '../version.js';
import { countyLabel as formatCountyLabel, stationLabels as formatStationLabels } from '../format.js';
import { errorText, groupSheet, groupTitle, metricShort, metricTitle, SHEETS, rulesText, t, type Lang } from './labels.js';
import { countyKey, scopeResult, type CountyScope } from './county-scope.js';
import { buildTrendModel, trendModelOf, trendWarnings, type TrendModel } from './trend.js';
import type { TrendResult } from '../metrics/trend.js';
import { say } from '../i18n/message.js';
import { buildBacktracking, buildPlan, type BacktrackingModel, type PlanModel, type ScorecardModel } from './sections-model.js';
import { scoreStations, scorecardConfig, weightsAreExplicit } from '../metrics/score.js';
import { isUserError } from '../errors.js';
import { buildLoads, buildQuality, type LoadModel, type QualityModel, type QualityRows } from './quality-model.js';
import type { LoadRow } from '../status.js';
import { buildCharts, type ChartData, type ChartRows } from './charts-model.js';

export type { BacktrackingModel, FindingsRow, PlanModel, PlanRowModel, ScoreRow, ScorecardModel } from './sections-model.js';
export type { FlaggedRowModel, GapRow, LoadModel, QualityModel } from './quality-model.js';
export type { ChartData } from './charts-model.js';

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
  /** The staffing plan of the whole workspace for the report's quarter, already under way (shared likewise). */
  planResult?: Promise<PlanResult>;
  /** Most rejected / flagged rows listed one by one (default 5,000 each). */
  rowLimit?: number;
  /** The data-quality rows of the workspace, read once for several reports of one run (readQualityRows with rowLimit). */
  qualityRows?: () => Promise<QualityRows>;
  /** The chart rows of every county, read once likewise (readChartRows; for county reports only). */
  chartRows?: () => Promise<ChartRows>;
  /** The workspace's loads (listLoads), read once likewise. */
  loadRows?: () => Promise<LoadRow[]>;
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

/** Unique row labels: the station name, with the code added only where two stations share a name (src/format.ts). */
export function stationLabels(stations: StationInfo[], lang: Lang): Map<string, string> {
  return formatStationLabels(stations, lang);
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

  const labels = stationLabels(result.stations, lang);
  const stations = result.stations.map((s) => ({ ...s, label: labels.get(s.station_id)! }));
  const counties = [...new Map(stations.map((s) => [countyKey(s.county), s.county])).values()];
  for (const v of result.values) if (v.scope === 'county' && !counties.some((c) => countyKey(c) === countyKey(v.county))) counties.push(v.county);
  const countyLabel = (c: string | null): string => formatCountyLabel(c, lang);
  const named = counties.filter((c): c is string => c !== null);
  const countyName = named.length === 1 ? named[0] : named.length === 0 ? t('report_county_fallback', lang) : t('report_many_counties', lang);

  const columns: MetricColumn[] = result.definitions.map((d) => ({
    id: d.id,
    group: d.group,
    title: metricTitle(d, lang),
    short: metricShort(d, lang),
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
    .map(({ g, metrics }) => ({ group: g, title: groupTitle(g, lang), sheet: groupSheet(g, lang), metrics, rows: rowsFor(metrics) }));

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

  const scorecard = buildScorecard(ws, result, columns, labels, warnings, lang);
  const planErrors: string[] = [];
  const plan = await buildPlan(ws, result.quarter, lang, labels, countyLabel, planErrors, opts.county, opts.planResult, full.quarters);
  warnings.push(...planErrors);
  const backtracking = await buildBacktracking(ws, result, groups, lang, labels, countyLabel, warnings, opts.county);
  const quality = await buildQuality(db, result, labels, lang, opts);
  const loads: LoadModel[] = await buildLoads(db, opts.loadRows?.());
  const charts = await buildCharts(db, result, stations, stationCell, countyCell, columns, plan, backtracking, counties, lang, opts.county, opts.chartRows);
  const trendOpts = {
    quarter: result.quarter, range: opts.quarters, metricsDirs: opts.metricsDirs, strict: opts.strict, lang, counties: opts.county === undefined ? undefined : [opts.county],
    // The metrics above ran first: the trend takes the report quarter's headline figures from them where it may.
    reuse: full, quarters: full.quarters,
    stationLabel: (s: { station_id: string; station_name: string | null }) => labels.get(s.station_id) ?? s.station_name ?? s.station_id, countyLabel,
  };
  const trend = opts.trendResult ? trendModelOf(opts.trendResult, trendOpts) : await buildTrendModel(ws, trendOpts);
  if (trend.empty.length) warnings.push(...trendWarnings({ ...trend, skipped: [] }, lang));

  return {
    lang,
    title: t('report_title', lang, { county: countyName, quarter: result.quarter }),
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
    provenance: { loads },
    charts,
    trend,
    warnings,
    // A page of one county that loaded at a date of its own shows that date (its figures use it).
    data_date: (counties.length === 1 ? result.county_data_dates?.find((c) => countyKey(c.county) === countyKey(counties[0]))?.data_date : undefined) ?? result.data_date,
    data_date_source: result.data_date_source,
    compare_data_date: result.compare_data_date,
    min_denominator: result.min_denominator,
  };
}

function buildScorecard(ws: ReportWorkspace, result: MetricsResult, columns: MetricColumn[], labels: Map<string, string>, warnings: string[], lang: Lang): ScorecardModel {
  const explicit = weightsAreExplicit(ws.config);
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
    warnings.push(errorText(e, lang));
    return { method: 'minmax', metrics: [], rows: [] };
  }
}

/** The sheet and section names, for tests and for the HTML contents list. */
export function sectionNames(lang: Lang): Record<keyof typeof SHEETS, string> {
  return Object.fromEntries(Object.entries(SHEETS).map(([k, v]) => [k, t(v, lang)])) as Record<keyof typeof SHEETS, string>;
}
