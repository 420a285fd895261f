// Runs the metric files for a quarter: station values, county values (pooled or by query), breaches, quarter-over-quarter change.
import { msg, type Message } from '../i18n/message.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dateValue, type DuckDBValue } from '../db/duckdb-api.js';
import type { Database } from '../db/database.js';
import { firstLine } from '../db/database.js';
import { UserError, EXIT } from '../errors.js';
import { normalizeKey } from '../contract/normalize.js';
import { parseQuarterOrThrow, previousQuarter, quartersWithData, resolveQuarter, type Quarter, type QuarterData } from '../quarter.js';
import { clopperPearson } from '../stats/index.js';
import { summarizeFlags, type FlagSummary } from '../quality/flags.js';
import {
  applicableRules, breaches, defaultMetricsDir, loadDefinitions, loadDefinitionsLeniently, preludeFile, type MetricDefinition,
} from './definitions.js';
import { GROUPS } from './format.js';
import { countyDataDates, quarterDataDate } from './data-date.js';
import { metricSettings } from './settings.js';
import { markSmallNumbers } from './small.js';
import type { WorkspaceConfig } from '../config.js';

export type { MetricDefinition } from './definitions.js';
// The quarter resolver lives in quarter.ts; re-exported for the callers that import it from here.

export interface StationInfo {
  station_id: string;
  station_name: string;
  county: string | null;
  area_type: string | null;
}

/** One metric for one station or one county. Shares are fractions (0..1); per_10k values are per 10,000. */
export interface MetricValue {
  metric: string;
  scope: 'station' | 'county';
  /** null on county rows. */
  station_id: string | null;
  station_name: string | null;
  /** stations.county; null for the unnamed county of a workspace whose stations give none. */
  county: string | null;
  /** null when it cannot be computed; `reason` then says why. Never a division error. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The value violates one of the thresholds that apply to this row (or the metric's SQL flagged the row). */
  breach: boolean;
  /** The threshold rules that apply to this row, as written (e.g. "min 15 for urban"), or null. */
  threshold: string | null;
  /** Why value is null: a code such as no_population (see format.ts reasonText) or text. */
  reason: string | null;
  /** A breakdown: declared_vs_recorded gaps per indicator, defect_rate's interval, pooled stations… */
  detail: unknown;
  /** With a comparison quarter: its value and value − previous (null when either is too few). */
  previous?: number | null;
  change?: number | null;
  /** A share whose denominator is below min_denominator: shown greyed as too few, no breach, no score. */
  small?: boolean;
  previous_small?: boolean;
  previous_numerator?: number | null;
  previous_denominator?: number | null;
}

export interface MetricsResult {
  quarter: string;
  start: string;
  end: string;
  compare: string | null;
  definitions: MetricDefinition[];
  values: MetricValue[];
  /** The stations shown (all stations of the workspace unless a selection was given). */
  stations: StationInfo[];
  quarters: QuarterData[];
  /** Rows flagged at load (unknown units, unclassified posts…), when the integrity group is selected. */
  flags?: FlagSummary[];
  /** Things the reader should know (e.g. the comparison quarter holds no case, ledger or petition rows). */
  warnings: Message[];
  /** The day the quarter's case figures are true as of (--as-of, else the case loads'); null without cases. */
  data_date: string | null;
  data_date_source: 'as_of' | 'loads' | null;
  petition_data_date: string | null;
  /** Counties whose data dates are their own (they loaded at another date than the latest): their figures use them. */
  county_data_dates?: Array<{ county: string | null; data_date: string | null; petition_data_date: string | null }>;
  compare_data_date: string | null;
  /** Shares with a denominator below this are too few (jiceng.json metrics.min_denominator). */
  min_denominator: number;
  clearance_window_days: number;
}

export interface ComputeOptions {
  /** Any spelling parseQuarter (quarter.ts) accepts; default: the latest quarter that has case data. */
  quarter?: string;
  /** A quarter to compare with ('previous' or '' = the quarter before). */
  compare?: string;
  /** Station ids or names (comma lists allowed). */
  stations?: string[];
  /** Metric ids or group names (comma lists allowed). */
  metrics?: string[];
  /** Folders of metric files, later ones overriding earlier ones by id. Default: jiceng's metrics/ then <workspace>/metrics/. */
  metricsDirs?: string[];
  /** The data date (yyyy-mm-dd) instead of the loads' one: --as-of. */
  asOf?: string;
  /** --strict: a metric file that fails aborts the run (by default its figures are null, reason metric_error, with a warning). */
  strict?: boolean;
  /** The workspace's quarters with data, already read (several runs of one report share them). */
  quarters?: QuarterData[];
}

export interface WorkspaceLike {
  db: Database;
  dir?: string;
  config?: WorkspaceConfig;
}

/** What a metric's SQL is bound to besides the quarter: its data dates and the clearance window. */
export interface RunContext {
  data_date: string | null;
  petition_data_date: string | null;
  window_days: number;
  /**
   * Counties whose own data dates differ from the workspace's (county as written, NUL for none → their dates): a metric
   * bound to a data date is worked out for each such county at its own date.
   */
  counties?: Map<string, { data_date: string | null; petition_data_date: string | null }>;
}

async function runContext(db: Database, q: Quarter, asOf: string | undefined, windowDays: number): Promise<RunContext> {
  const petitionDate = await quarterDataDate(db, q, 'petitions', asOf);
  const data_date = (await quarterDataDate(db, q, 'cases', asOf)) ?? petitionDate;
  const ctx: RunContext = { data_date, petition_data_date: petitionDate ?? data_date, window_days: windowDays };
  const cases = await countyDataDates(db, q, 'cases', asOf);
  const petitions = await countyDataDates(db, q, 'petitions', asOf);
  const counties = new Map<string, { data_date: string | null; petition_data_date: string | null }>();
  for (const k of new Set([...cases.keys(), ...petitions.keys()])) {
    const d = cases.get(k) ?? petitions.get(k) ?? null;
    const own = { data_date: d, petition_data_date: petitions.get(k) ?? d };
    if (own.data_date !== ctx.data_date || own.petition_data_date !== ctx.petition_data_date) counties.set(k, own);
  }
  if (counties.size) ctx.counties = counties;
  return ctx;
}


/** The metric folders for a workspace: the shipped metrics/, then the workspace's own metrics/ if any. */
export function metricsDirsFor(workspaceDir?: string): string[] {
  const dirs = [defaultMetricsDir()];
  if (workspaceDir && existsSync(join(workspaceDir, 'metrics'))) dirs.push(join(workspaceDir, 'metrics'));
  return dirs;
}

/** The prelude text each connection was given: its TEMP macros last as long as the connection. */
const installed = new WeakMap<Database, string>();

/**
 * Creates the shared TEMP macros (metrics/_prelude.sql) on the connection; harmless to repeat, and
 * skipped when the connection already holds this very text (a report's metrics, plan and trend each
 * ask for it: DuckDB took 10–20 ms a time to define them again).
 */
export async function installPrelude(db: Database, dirs?: string[]): Promise<void> {
  const file = preludeFile(dirs);
  try {
    const text = readFileSync(file, 'utf8');
    if (installed.get(db) === text) return;
    await db.run(text);
    installed.set(db, text);
  } catch (e) {
    throw new UserError(msg('prelude_failed', { file, detail: firstLine(String((e as Error).message ?? e)) }), { hint: msg('prelude_failed_hint') });
  }
}

export async function listStations(db: Database): Promise<StationInfo[]> {
  return db.all<StationInfo>(`SELECT station_id, station_name, county, area_type FROM stations
    WHERE unit_kind = 'station' AND station_id IS NOT NULL ORDER BY station_id`);
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[,，、]/)).map((s) => s.trim()).filter(Boolean);
}

/** Stations named by id, exact name, normalized name, or a unique part of the name. */
export function selectStations(all: StationInfo[], wanted: string[]): StationInfo[] {
  const picked = new Map<string, StationInfo>();
  for (const w of wanted) {
    const key = normalizeKey(w);
    let hits = all.filter((s) => s.station_id === w);
    if (!hits.length) hits = all.filter((s) => s.station_name === w);
    if (!hits.length) hits = all.filter((s) => normalizeKey(s.station_name) === key || normalizeKey(s.station_id) === key);
    if (!hits.length) hits = all.filter((s) => normalizeKey(s.station_name).includes(key));
    if (hits.length !== 1) {
      const list = (hits.length ? hits : all).map((s) => `${s.station_id} ${s.station_name}`).join(', ');
      throw new UserError(msg(hits.length ? 'ambiguous_station' : 'unknown_station', { name: w }), {
        exitCode: EXIT.usage,
        hint: all.length ? msg(hits.length ? 'station_matches_hint' : 'stations_are_hint', { list }) : msg('no_stations_hint'),
      });
    }
    picked.set(hits[0].station_id, hits[0]);
  }
  return all.filter((s) => picked.has(s.station_id));
}

/** Definitions named by id or group name. */
export function selectDefinitions(defs: MetricDefinition[], wanted: string[]): MetricDefinition[] {
  if (!wanted.length) return defs;
  const keep = new Set<string>();
  for (const w of wanted) {
    const k = w.trim();
    if (defs.some((d) => d.id === k)) keep.add(k);
    else if ((GROUPS as readonly string[]).includes(k)) defs.filter((d) => d.group === k).forEach((d) => keep.add(d.id));
    else {
      throw new UserError(msg('unknown_metric', { name: k }), {
        exitCode: EXIT.usage,
        hint: msg('unknown_metric_hint', { metrics: defs.map((d) => d.id).join(', '), groups: GROUPS.join(', ') }),
      });
    }
  }
  return defs.filter((d) => keep.has(d.id));
}

function toNum(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function parseDetail(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

function withInterval(def: MetricDefinition, detail: unknown, num: number | null, den: number | null, reason: string | null): unknown {
  if (!def.interval || reason || num === null || den === null || !(den > 0)) return detail;
  if (!Number.isInteger(num) || !Number.isInteger(den) || num < 0 || num > den) return detail;
  const ci = clopperPearson(num, den, def.interval.confidence);
  const base = detail && typeof detail === 'object' && !Array.isArray(detail) ? (detail as Record<string, unknown>) : detail == null ? {} : { detail };
  return { ...base, interval: { method: def.interval.method, confidence: def.interval.confidence, lower: ci.lower, upper: ci.upper } };
}

const countyKey = (c: string | null | undefined): string => (c === null || c === undefined ? '\u0000' : c);

interface Shape {
  hasValue: boolean;
  hasDenominator: boolean;
}

function finish(
  def: MetricDefinition, shape: Shape, base: Omit<MetricValue, 'value' | 'breach' | 'threshold' | 'reason' | 'detail' | 'numerator' | 'denominator'>,
  row: Record<string, unknown> | undefined, areaType: string | null,
): MetricValue {
  const numerator = row ? toNum(row.numerator) : null;
  const denominator = row && shape.hasDenominator ? toNum(row.denominator) : null;
  let reason: string | null = row ? ((row.reason as string | null | undefined) ?? null) : 'no_data';
  let value: number | null = null;
  if (row && !reason) {
    if (shape.hasValue) value = toNum(row.value);
    else if (!shape.hasDenominator) value = numerator === null ? null : numerator * def.scale;
    else if (numerator !== null && denominator !== null && denominator !== 0) value = (numerator / denominator) * def.scale;
    if (value === null) reason = shape.hasDenominator && !shape.hasValue && denominator === 0 ? 'zero_denominator' : 'no_data';
  }
  if (reason) value = null;
  const detail = withInterval(def, row ? parseDetail(row.detail) : null, numerator, denominator, reason);
  const rules = applicableRules(def.thresholds, base.scope, areaType);
  const flagged = value !== null && row !== undefined && row.breach !== undefined && row.breach !== null && Boolean(row.breach);
  return {
    ...base,
    value,
    numerator,
    denominator,
    breach: breaches(rules, value) || flagged,
    threshold: rules.length ? rules.map((r) => r.text).join('; ') : null,
    reason,
    detail,
  };
}

/** Sum of the stations' numerators over the sum of their denominators, over stations with a value. */
function pooled(def: MetricDefinition, shape: Shape, county: string | null, stationValues: MetricValue[]): MetricValue {
  const included = stationValues.filter((v) => v.reason === null && v.numerator !== null && (!shape.hasDenominator || v.denominator !== null));
  const excluded = stationValues.filter((v) => !included.includes(v)).map((v) => ({ station_id: v.station_id, reason: v.reason }));
  const base = { metric: def.id, scope: 'county' as const, station_id: null, station_name: null, county };
  const detail = { pooled_stations: included.length, excluded };
  if (!included.length) {
    const reasons = [...new Set(stationValues.map((v) => v.reason))];
    const reason = reasons.length === 1 && reasons[0] ? reasons[0] : 'no_stations';
    return finish(def, shape, base, { numerator: null, denominator: null, reason, detail: JSON.stringify(detail) }, null);
  }
  const numerator = included.reduce((s, v) => s + (v.numerator as number), 0);
  const denominator = shape.hasDenominator ? included.reduce((s, v) => s + (v.denominator as number), 0) : null;
  return finish(def, { hasValue: false, hasDenominator: shape.hasDenominator }, base, { numerator, denominator, reason: null, detail }, null);
}

const toDate = (iso: string): DuckDBValue => {
  const [y, m, d] = iso.split('-').map(Number);
  return dateValue({ year: y, month: m, day: d });
};

function paramsFor(def: MetricDefinition, q: Quarter, ctx: RunContext): Record<string, DuckDBValue> | undefined {
  if (!def.params.length) return undefined;
  const all: Record<string, DuckDBValue> = {
    q_start: toDate(q.start),
    q_end: toDate(q.end),
    q_label: q.label,
    data_date: ctx.data_date ? toDate(ctx.data_date) : null,
    petition_data_date: ctx.petition_data_date ? toDate(ctx.petition_data_date) : null,
    window_days: ctx.window_days,
  };
  return Object.fromEntries(def.params.map((p) => [p, all[p]]));
}

/**
 * The line of the metric file a DuckDB error points at: its `LINE n:` (counted from the SELECT) moved
 * to the file; the SELECT's first line when DuckDB gives no position (an error met while reading rows).
 */
export function errorLine(def: Pick<MetricDefinition, 'sql_line'>, error: string): number {
  const m = /\nLINE (\d+):/.exec(error);
  return m ? def.sql_line + Number(m[1]) - 1 : def.sql_line;
}

/** Runs one metric for one quarter over every station of the workspace. */
export async function runMetric(db: Database, def: MetricDefinition, q: Quarter, stations: StationInfo[], ctx?: RunContext): Promise<MetricValue[]> {
  const bound = ctx ?? (await runContext(db, q, undefined, 30));
  // Counties at data dates of their own: the metric once per date, each county's figures from its own.
  if (bound.counties && def.params.some((p) => p === 'data_date' || p === 'petition_data_date')) {
    const own = bound.counties;
    const dateKey = (c: { data_date: string | null; petition_data_date: string | null }): string => `${c.data_date}|${c.petition_data_date}`;
    const keyOf = (county: string | null): string => dateKey(own.get(countyKey(county)) ?? bound);
    const runs = new Map<string, RunContext>([[dateKey(bound), { ...bound, counties: undefined }]]);
    for (const c of own.values()) if (!runs.has(dateKey(c))) runs.set(dateKey(c), { ...bound, ...c, counties: undefined });
    const results = new Map<string, MetricValue[]>();
    for (const [k, c] of runs) results.set(k, await runMetricAt(db, def, q, stations, c));
    // Every run gives the same rows in the same order (one per station, then per county): each row is taken from its county's run.
    return results.get(dateKey(bound))!.map((v, i) => results.get(keyOf(v.county))![i]!);
  }
  return runMetricAt(db, def, q, stations, bound);
}

async function runMetricAt(db: Database, def: MetricDefinition, q: Quarter, stations: StationInfo[], bound: RunContext): Promise<MetricValue[]> {
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await db.all<Record<string, unknown>>(def.sql, paramsFor(def, q, bound));
  } catch (e) {
    const text = String((e as Error).message ?? e);
    throw new UserError(msg('metric_sql_failed', { id: def.id, file: def.file, line: errorLine(def, text), detail: firstLine(text) }), { hint: msg('metric_sql_failed_hint') });
  }
  return metricValues(def, rows, stations);
}

/** A metric's rows → one value per station (station grain) and one per county. */
function metricValues(def: MetricDefinition, rows: Array<Record<string, unknown>>, stations: StationInfo[]): MetricValue[] {
  const cols = rows.length ? Object.keys(rows[0]) : [];
  const shape: Shape = { hasValue: cols.includes('value'), hasDenominator: cols.includes('denominator') };
  if (rows.length && !shape.hasValue && !cols.includes('numerator')) {
    throw new UserError(msg('metric_no_value_column', { id: def.id, file: def.file }), { hint: msg('metric_no_value_column_hint') });
  }
  if (rows.length && def.grain === 'station' && !cols.includes('station_id')) {
    throw new UserError(msg('metric_no_station_column', { id: def.id, file: def.file }), { hint: msg('metric_no_station_column_hint') });
  }
  const stationRows = new Map<string, Record<string, unknown>>();
  const countyRows = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const scope = r.scope === undefined || r.scope === null ? (def.grain === 'county' ? 'county' : 'station') : String(r.scope);
    if (scope === 'county') {
      const k = countyKey(r.county as string | null);
      if (countyRows.has(k)) throw new UserError(msg('metric_two_county_rows', { id: def.id, file: def.file, county: (r.county as string | null) ?? msg('no_county') }));
      countyRows.set(k, r);
    } else if (scope === 'station') {
      const id = r.station_id === null || r.station_id === undefined ? null : String(r.station_id);
      if (id === null) continue;
      if (stationRows.has(id)) throw new UserError(msg('metric_two_station_rows', { id: def.id, file: def.file, station: id }), { hint: msg('metric_two_station_rows_hint') });
      stationRows.set(id, r);
    } else {
      throw new UserError(msg('metric_bad_scope', { id: def.id, file: def.file, scope }), { hint: msg('metric_bad_scope_hint') });
    }
  }

  const out: MetricValue[] = [];
  const byCounty = new Map<string, { county: string | null; values: MetricValue[] }>();
  for (const s of stations) {
    const k = countyKey(s.county);
    if (!byCounty.has(k)) byCounty.set(k, { county: s.county, values: [] });
  }
  if (def.grain === 'station') {
    for (const s of stations) {
      const v = finish(def, shape, { metric: def.id, scope: 'station', station_id: s.station_id, station_name: s.station_name, county: s.county }, stationRows.get(s.station_id), s.area_type);
      out.push(v);
      byCounty.get(countyKey(s.county))!.values.push(v);
    }
  }
  if (def.county === 'pooled') {
    for (const { county, values } of byCounty.values()) out.push(pooled(def, shape, county, values));
  } else if (def.county === 'query') {
    for (const [k, r] of countyRows) if (!byCounty.has(k)) byCounty.set(k, { county: (r.county as string | null) ?? null, values: [] });
    for (const [k, { county }] of byCounty) {
      out.push(finish(def, shape, { metric: def.id, scope: 'county', station_id: null, station_name: null, county }, countyRows.get(k), null));
    }
  }
  return out;
}

const valueKey = (v: MetricValue): string => [v.metric, v.scope, v.station_id ?? '', countyKey(v.county)].join('\u0001');

/** A metric file that failed when run: which, where, and DuckDB's (or the runner's) complaint. */
export interface MetricFailure {
  id: string;
  file: string;
  line: number;
  /** DuckDB's first line, or the runner's complaint about the rows (no value column, two rows for a station…). */
  detail: string | Message;
  /** The file's header could not be read and it replaces no metric: there are no figures to leave empty. */
  skipped?: boolean;
}

/**
 * Runs every definition for one quarter (the prelude must be installed). A metric that fails does
 * not stop the others: its figures are null with reason metric_error and the failure is added to
 * `failures`. Without `failures` (or with strict), the first failure is thrown as before.
 */
export async function runQuarter(db: Database, defs: MetricDefinition[], q: Quarter, stations: StationInfo[], ctx?: RunContext, failures?: MetricFailure[], lanes: Database[] = [db]): Promise<MetricValue[]> {
  const out: MetricValue[] = [];
  const bound = ctx ?? (await runContext(db, q, undefined, 30));
  // The files run side by side on the lanes (connections with the prelude), each taking the next
  // file; their outcomes are then taken in file order, so values, failures and the first error
  // (--strict) are those of running them one by one.
  const outcomes: Array<{ values: MetricValue[] } | { error: unknown } | undefined> = new Array(defs.length);
  let next = 0;
  await Promise.all(lanes.map(async (lane) => {
    for (let i = next++; i < defs.length; i = next++) {
      const d = defs[i];
      if (d.broken && failures) continue;
      try {
        outcomes[i] = { values: await runMetric(lane, d, q, stations, bound) };
      } catch (error) {
        outcomes[i] = { error };
        if (!failures) next = defs.length; // --strict: the first failure stops the run; no later file needs to run
      }
    }
  }));
  for (const [i, d] of defs.entries()) {
    if (d.broken && failures) {
      failures.push({ id: d.id, file: d.file, line: d.broken.line, detail: d.broken.problem });
      out.push(...failedValues(d, stations));
      continue;
    }
    const o = outcomes[i];
    if (o && 'values' in o) {
      out.push(...o.values);
      continue;
    }
    const e = o?.error;
    if (!failures || !(e instanceof UserError) || !e.msg) throw e;
    const sqlError = e.msg.code === 'metric_sql_failed';
    failures.push({ id: d.id, file: d.file, line: sqlError ? Number(e.msg.params!.line) : d.sql_line, detail: sqlError ? String(e.msg.params!.detail) : e.msg });
    out.push(...failedValues(d, stations));
  }
  return out;
}

/** The reason of every figure of a metric whose file failed. */
export const METRIC_ERROR = msg('metric_error').code;

/** The figures of a failed metric: the rows it would have had, each null with reason metric_error. */
function failedValues(def: MetricDefinition, stations: StationInfo[]): MetricValue[] {
  return metricValues(def, [], stations).map((v) => ({ ...v, value: null, numerator: null, denominator: null, breach: false, reason: METRIC_ERROR, detail: null }));
}

/** One warning per failed metric file (a failure in the comparison quarter too is said once). */
function failureWarnings(failures: MetricFailure[]): Message[] {
  const seen = new Set<string>();
  return failures.filter((f) => !seen.has(f.id) && seen.add(f.id)).map((f) =>
    msg(f.skipped ? 'metric_file_skipped_warning' : 'metric_error_warning', { id: f.id, file: f.file, line: f.line, detail: f.detail }));
}

/**
 * The connections the metric files run on: this one and, for more than a few files, a sibling with
 * the prelude installed, so DuckDB works on two files at once (the files are small queries: one at
 * a time leaves a core idle while the other is bound, planned and read back).
 */
async function metricLanes(db: Database, dirs: string[], files: number): Promise<Database[]> {
  if (files < 4) return [db];
  const side = await db.sibling();
  if (!side) return [db];
  try {
    await installPrelude(side, dirs);
  } catch (e) {
    side.close();
    throw e;
  }
  return [db, side];
}

/**
 * Computes the selected metrics for a quarter: one value per station and one per county for every
 * metric, with breaches, null reasons and (with `compare`) the previous value and the change.
 */
export async function computeMetrics(ws: WorkspaceLike, opts: ComputeOptions = {}): Promise<MetricsResult> {
  const db = ws.db;
  const dirs = opts.metricsDirs ?? metricsDirsFor(ws.dir);
  const wantedMetrics = splitList(opts.metrics);
  // By default a metric file that cannot be read or run is isolated (null figures, a warning); --strict stops.
  const loaded = opts.strict ? { definitions: loadDefinitions(dirs), broken: [] } : loadDefinitionsLeniently(dirs);
  const defs = selectDefinitions(loaded.definitions, wantedMetrics);
  const quarters = opts.quarters ?? (await quartersWithData(db));
  const q = await resolveQuarter(db, opts.quarter, quarters);
  const warnings: Message[] = [];
  let cq: Quarter | null = null;
  if (opts.compare !== undefined) {
    const c = opts.compare.trim();
    cq = parseQuarterOrThrow(c === '' || c.toLowerCase() === 'previous' ? previousQuarter(q.label) : c, 'comparison_quarter');
    if (quarters.length && !quarters.some((x) => x.quarter === cq!.label)) {
      warnings.push(msg('compare_quarter_empty', { quarter: cq.label, quarters: quarters.map((x) => x.quarter).join(', ') }));
    }
  }
  const all = await listStations(db);
  const wanted = splitList(opts.stations);
  const selected = wanted.length ? selectStations(all, wanted) : all;

  const settings = metricSettings(ws.config);
  await installPrelude(db, dirs);
  const lanes = await metricLanes(db, dirs, defs.length);
  try {
    const ctx = await runContext(db, q, opts.asOf, settings.clearance_window_days);
    const failures: MetricFailure[] | undefined = opts.strict ? undefined : [];
    // A file with an unreadable header that replaces no metric has no figures to null: it is only warned about (unless metrics were picked).
    const ids = new Set(defs.map((d) => d.id));
    if (failures && !wantedMetrics.length) {
      for (const b of loaded.broken) if (!ids.has(b.id)) failures.push({ id: b.id, file: b.file, line: b.line, detail: b.problem, skipped: true });
    }
    let values = markSmallNumbers(await runQuarter(db, defs, q, all, ctx, failures, lanes), defs, settings.min_denominator);
    let compareCtx: RunContext | null = null;
    // "x_compare: none" in a header: a figure censored by the data date (cleared so far) has no fair change.
    const uncompared = new Set(defs.filter((d) => d.header.x_compare === 'none').map((d) => d.id));
    if (cq) {
      compareCtx = await runContext(db, cq, opts.asOf, settings.clearance_window_days);
      const prev = new Map(markSmallNumbers(await runQuarter(db, defs, cq, all, compareCtx, failures, lanes), defs, settings.min_denominator).map((v) => [valueKey(v), v]));
      values = values.map((v) => {
        const p = prev.get(valueKey(v));
        const previous = p === undefined ? null : p.value;
        const previous_small = Boolean(p?.small);
        // A change to or from a share of too few cases is noise: no change is given.
        const comparable = v.value !== null && previous !== null && !v.small && !previous_small && !uncompared.has(v.metric);
        return { ...v, previous, previous_small, previous_numerator: p?.numerator ?? null, previous_denominator: p?.denominator ?? null, change: comparable ? (v.value as number) - (previous as number) : null };
      });
    }
    if (wanted.length) {
      const ids = new Set(selected.map((s) => s.station_id));
      const counties = new Set(selected.map((s) => countyKey(s.county)));
      values = values.filter((v) => (v.scope === 'station' ? ids.has(v.station_id as string) : counties.has(countyKey(v.county))));
    }
    if (failures?.length) warnings.push(...failureWarnings(failures));
    const result: MetricsResult = {
      quarter: q.label,
      start: q.start,
      end: q.end,
      compare: cq ? cq.label : null,
      definitions: defs,
      values,
      stations: selected,
      quarters,
      warnings,
      data_date: ctx.data_date,
      data_date_source: opts.asOf ? 'as_of' : ctx.data_date ? 'loads' : null,
      petition_data_date: ctx.petition_data_date,
      ...(ctx.counties ? { county_data_dates: [...ctx.counties].map(([k, c]) => ({ county: k === '\u0000' ? null : k, ...c })) } : {}),
      compare_data_date: compareCtx?.data_date ?? null,
      min_denominator: settings.min_denominator,
      clearance_window_days: settings.clearance_window_days,
    };
    if (defs.some((d) => d.group === 'integrity')) result.flags = await summarizeFlags(db);
    return result;
  } finally {
    for (const lane of lanes) if (lane !== db) lane.close();
  }
}

/** A nonzero declared_vs_recorded gap, for `jiceng status` and reports. */
export interface DeclaredGap {
  quarter: string;
  station_id: string;
  station_name: string;
  indicator: string;
  date: string;
  declared: number;
  recorded: number;
  gap: number;
}

/**
 * Statistics integrity at a glance: the nonzero declared_vs_recorded gaps of a quarter (default: the
 * latest with case data) and the rows flagged at load. For `jiceng status`.
 */
export async function integrityReport(ws: WorkspaceLike, opts: { quarter?: string; metricsDirs?: string[]; strict?: boolean } = {}): Promise<{ quarter: string; gaps: DeclaredGap[]; flags: FlagSummary[]; warnings: Message[] }> {
  const r = await computeMetrics(ws, { quarter: opts.quarter, metrics: ['declared_vs_recorded'], metricsDirs: opts.metricsDirs, strict: opts.strict });
  const gaps: DeclaredGap[] = [];
  for (const v of r.values) {
    if (v.scope !== 'station' || !v.detail || typeof v.detail !== 'object') continue;
    const rows = (v.detail as { gaps?: Array<Omit<DeclaredGap, 'quarter' | 'station_id' | 'station_name'>> }).gaps ?? [];
    for (const g of rows) {
      if (g.gap !== 0) gaps.push({ quarter: r.quarter, station_id: v.station_id!, station_name: v.station_name!, indicator: g.indicator, date: g.date, declared: g.declared, recorded: g.recorded, gap: g.gap });
    }
  }
  return { quarter: r.quarter, gaps, flags: r.flags ?? [], warnings: r.warnings };
}
