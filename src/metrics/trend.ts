// Trends: the headline metrics over several quarters, per station and county, for `metrics --trend` and the reports.
import { UserError, EXIT } from '../errors.js';
import { msg, type Message } from '../i18n/message.js';
import { parseQuarterRange, resolveQuarter, quartersWithData, type QuarterData } from '../quarter.js';
import { loadDefinitions, loadDefinitionsLeniently, type MetricDefinition } from './definitions.js';
import { computeMetrics, metricsDirsFor, type MetricsResult, type StationInfo, type WorkspaceLike } from './run.js';

// The range reader lives in quarter.ts; re-exported for the commands that import it from here.

/**
 * The metrics a trend shows, in order. They answer: is clearance improving (the 30-day clearance
 * rate and the censoring-aware median, fair to the latest quarter)? Did the form burden fall
 * (ledger items and hours)? Has 警力下沉 moved officers (frontline and grassroots shares, cases per
 * frontline officer)? And petitions per 10,000 residents. An id with no metric file is left out.
 */
export const HEADLINE_METRICS = [
  'clearance_rate_30d',
  'median_days_to_close',
  'frontline_share',
  'grassroots_share',
  'cases_per_frontline',
  'ledger_items',
  'ledger_hours_per_officer',
  'petitions_per_10k',
] as const;

export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

/** Quarters shown by default. */
export const DEFAULT_TREND_QUARTERS = 8;

/** One quarter's value of one metric for one station or county. */
export interface TrendPoint {
  quarter: string;
  value: number | null;
  /** Shares: how many of how many (null when the metric does not expose them). */
  numerator: number | null;
  denominator: number | null;
  breach: boolean;
  /** A share of fewer cases than min_denominator: shown greyed as 样本过少, as in the quarter's tables. */
  small: boolean;
  reason: string | null;
}

export interface TrendSeries {
  metric: string;
  scope: 'station' | 'county';
  station_id: string | null;
  station_name: string | null;
  county: string | null;
  /** One point per quarter of the trend, in order. */
  points: TrendPoint[];
}

export interface TrendResult {
  quarters: string[];
  definitions: MetricDefinition[];
  /** Headline ids with no metric file in this workspace (left out). */
  skipped: string[];
  stations: StationInfo[];
  series: TrendSeries[];
  /** Quarters of a chosen range that hold no data (left out). */
  empty: string[];
  /** Metric files that failed in some quarter (their points are null, reason metric_error), each said once. */
  warnings?: Message[];
}

export interface TrendOptions {
  /** Up to this many quarters with data, ending at `last` (default 8). */
  count?: number;
  /** The last quarter (any spelling; default: the latest with case data). */
  last?: string;
  /** A range 2025Q4..2026Q3 instead: every quarter with data in it. */
  range?: string;
  /** Metric ids instead of the headline list (unknown ids are an error, as for `metrics --metric`). */
  metrics?: string[];
  /** Station ids or names to keep (the county rows stay). */
  stations?: string[];
  metricsDirs?: string[];
  /** --strict: a metric file that fails aborts the trend (default: its points are null, reason metric_error). */
  strict?: boolean;
  /** The workspace's quarters with data, already read (several runs of one report share them). */
  quarters?: QuarterData[];
  /**
   * Every metric of one of the trend's quarters, already computed with the same metric folders, no
   * --as-of, no comparison and no station selection (a report's own run): that quarter's points are
   * taken from it instead of running the headline metrics again. Not with --strict, where which
   * failing file is met first decides the error.
   */
  reuse?: MetricsResult;
}

/** `--trend [N]`: a whole number from 1 to 40; true (no value) is the default. */
export function parseTrendCount(v: string | boolean | undefined): number {
  if (v === undefined || v === true || v === '') return DEFAULT_TREND_QUARTERS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 40) {
    throw new UserError(msg('trend_bad_count', { value: String(v) }), { hint: msg('trend_bad_count_hint'), exitCode: EXIT.usage, code: 'trend_bad_count' });
  }
  return n;
}

/** The headline metrics that exist among the definitions, and those that do not. */
export function headlineDefinitions(defs: MetricDefinition[], wanted: readonly string[] = HEADLINE_METRICS): { definitions: MetricDefinition[]; skipped: string[] } {
  const byId = new Map(defs.map((d) => [d.id, d]));
  return {
    definitions: wanted.filter((id) => byId.has(id)).map((id) => byId.get(id)!),
    skipped: wanted.filter((id) => !byId.has(id)),
  };
}

/** The quarters of the trend: a chosen range (quarters with data in it), or the last N with data up to `last`. */
export async function trendQuarters(ws: WorkspaceLike, opts: Pick<TrendOptions, 'count' | 'last' | 'range' | 'quarters'>): Promise<{ quarters: string[]; empty: string[] }> {
  const data = opts.quarters ?? (await quartersWithData(ws.db));
  const withData = data.map((q) => q.quarter);
  if (opts.range) {
    const range = parseQuarterRange(opts.range);
    const quarters = range.filter((q) => withData.includes(q));
    if (!quarters.length) {
      throw new UserError(msg('trend_range_empty', { range: `${range[0]}..${range[range.length - 1]}` }), {
        hint: msg('trend_range_empty_hint', { quarters: withData.join(', ') || '—' }),
        code: 'no_data_for_quarter',
      });
    }
    return { quarters, empty: range.filter((q) => !withData.includes(q)) };
  }
  const last = await resolveQuarter(ws.db, opts.last, data);
  const upTo = withData.filter((q) => q <= last.label);
  return { quarters: upTo.slice(-(opts.count ?? DEFAULT_TREND_QUARTERS)), empty: [] };
}

/** Shares expose how many of how many; other units do not (their numerator is a sum, not a count of cases). */
function countsOf(def: MetricDefinition, numerator: number | null, denominator: number | null): { numerator: number | null; denominator: number | null } {
  const ok = def.unit === 'share' && typeof numerator === 'number' && typeof denominator === 'number' && Number.isFinite(numerator) && Number.isFinite(denominator);
  return ok ? { numerator, denominator } : { numerator: null, denominator: null };
}

/**
 * The headline metrics of `quarter` taken from a full run of it (TrendOptions.reuse), as a run of
 * just those metrics gives them: their definitions in file order, their values, the failures of
 * their files; undefined when there is no such run to take them from.
 */
function reusable(opts: TrendOptions, quarter: string, ids: string[]): Pick<MetricsResult, 'definitions' | 'stations' | 'values' | 'warnings'> | undefined {
  const r = opts.reuse;
  if (!r || opts.strict || opts.stations?.length || r.quarter !== quarter || r.compare !== null || r.data_date_source === 'as_of') return undefined;
  const wanted = new Set(ids);
  // Every wanted id must be one of the run's metrics (a group name or an unknown id is for computeMetrics to resolve or refuse).
  if (!ids.every((id) => r.definitions.some((d) => d.id === id))) return undefined;
  return {
    definitions: r.definitions.filter((d) => wanted.has(d.id)),
    stations: r.stations,
    values: r.values.filter((v) => wanted.has(v.metric)),
    warnings: r.warnings.filter((w) => w.code === 'metric_error_warning' && wanted.has(String(w.params?.id))),
  };
}

/** Runs the metrics quarter by quarter (each exactly as `jiceng metrics --quarter Q` computes it). */
export async function computeTrend(ws: WorkspaceLike, opts: TrendOptions = {}): Promise<TrendResult> {
  const dirs = opts.metricsDirs ?? metricsDirsFor(ws.dir);
  const all = opts.strict ? loadDefinitions(dirs) : loadDefinitionsLeniently(dirs).definitions;
  const picked = opts.metrics?.length ? { definitions: [], skipped: [] as string[], ids: opts.metrics } : { ...headlineDefinitions(all), ids: undefined };
  const { quarters, empty } = await trendQuarters(ws, opts);
  const ids = picked.ids ?? picked.definitions.map((d) => d.id);
  const series = new Map<string, TrendSeries>();
  let definitions: MetricDefinition[] = picked.definitions;
  let stations: StationInfo[] = [];
  const warnings: Message[] = [];
  for (const [i, quarter] of quarters.entries()) {
    if (!ids.length) break;
    const r = reusable(opts, quarter, ids) ?? (await computeMetrics(ws, { quarter, metrics: ids, stations: opts.stations, metricsDirs: dirs, strict: opts.strict, quarters: opts.quarters }));
    for (const w of r.warnings) if (w.code === 'metric_error_warning' && !warnings.some((x) => JSON.stringify(x) === JSON.stringify(w))) warnings.push(w);
    if (i === 0) {
      // The headline order (the question each answers), else the metric files' order.
      const rank = (id: string): number => (picked.ids ? 0 : ids.indexOf(id));
      definitions = [...r.definitions].sort((a, b) => rank(a.id) - rank(b.id));
      stations = r.stations;
    }
    const defs = new Map(r.definitions.map((d) => [d.id, d]));
    for (const v of r.values) {
      const key = [v.metric, v.scope, v.station_id ?? '', v.county ?? '\u0000'].join('\u0001');
      let s = series.get(key);
      if (!s) {
        s = { metric: v.metric, scope: v.scope, station_id: v.station_id, station_name: v.station_name, county: v.county, points: [] };
        series.set(key, s);
      }
      s.points[i] = { quarter, value: v.value, ...countsOf(defs.get(v.metric)!, v.numerator, v.denominator), breach: v.breach, small: Boolean(v.small), reason: v.reason };
    }
  }
  // A series missing in some quarter (a station added later) gets an explicit no-data point there.
  for (const s of series.values()) {
    for (const [i, quarter] of quarters.entries()) {
      s.points[i] ??= { quarter, value: null, numerator: null, denominator: null, breach: false, small: false, reason: 'no_data' };
    }
  }
  const order = new Map(definitions.map((d, i) => [d.id, i]));
  const out = [...series.values()].sort((a, b) => (order.get(a.metric) ?? 0) - (order.get(b.metric) ?? 0));
  return { quarters, definitions, skipped: picked.skipped, stations, series: out, empty, warnings };
}
