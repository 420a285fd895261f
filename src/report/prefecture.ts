// The prefecture (市局) view: several counties of one workspace side by side — pooled county values and ranks, one joint station ranking, report burden by issuing department.
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';
import { isUserError } from '../errors.js';
import { applicableRules, type Direction } from '../metrics/definitions.js';
import { GROUPS, reasonText, unitText, type MetricGroup } from '../metrics/format.js';
import { computeMetrics, type MetricsResult, listStations, type MetricValue } from '../metrics/run.js';
import { weightsAreExplicit, scoreStations, scorecardConfig } from '../metrics/score.js';
import { TOOL_VERSION } from '../version.js';
import { groupTitle, metricShort, metricTitle, rulesText, t } from './labels.js';
import { listText } from '../format.js';
import { commandLine, localTimestamp, type ReportWorkspace } from './model.js';
import { buildTrendModel, trendModelOf, type TrendModel } from './trend.js';
import type { TrendResult } from '../metrics/trend.js';

export interface PrefectureMetric {
  id: string;
  title: string;
  short: string;
  unit: string;
  unit_text: string;
  direction: Direction;
}

export interface PrefectureCell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  breach: boolean;
  /** 1 = best among the counties with a value (ties share a rank); null for neutral metrics or no value. */
  rank: number | null;
  threshold_text: string;
  reason: string | null;
}

export interface PrefectureCounty {
  county: string | null;
  /** The county's name as shown (the unnamed county of a workspace has a word instead). */
  label: string;
  stations: number;
}

export interface PrefectureGroup {
  group: MetricGroup;
  title: string;
  metrics: PrefectureMetric[];
  /** One row per county: metric id → cell (null where the metric gives the county no row). */
  rows: Array<{ county: PrefectureCounty; cells: Record<string, PrefectureCell | null> }>;
}

export interface PrefectureRankRow {
  rank: number | null;
  station_id: string;
  station_name: string;
  county: string | null;
  /** The station with its county: 平安县·城关派出所. */
  label: string;
  score: number | null;
  /** Metrics of the station that breach a threshold this quarter. */
  breaches: number;
  missing: string[];
}

export interface PrefectureIssuerRow {
  issuer: string;
  /** county label → items / hours. */
  items: Record<string, number>;
  hours: Record<string, number>;
  total_items: number;
  total_hours: number;
}

export interface PrefectureModel {
  lang: Lang;
  title: string;
  quarter: string;
  start: string;
  end: string;
  generated_at: string;
  tool_version: string;
  command: string;
  counties: PrefectureCounty[];
  groups: PrefectureGroup[];
  breaches: Array<{ county: string; metric: PrefectureMetric; value: number | null; threshold: string }>;
  ranking: { method: string; rows: PrefectureRankRow[] };
  issuers: PrefectureIssuerRow[];
  trend: TrendModel | null;
  warnings: string[];
}

export interface PrefectureOptions {
  quarter?: string;
  lang: Lang;
  command?: string;
  now?: Date;
  metricsDirs?: string[];
  /** The trend's quarters (2025Q4..2026Q3). */
  quarters?: string;
  /** A trend already computed (shared with the county reports). */
  trendResult?: TrendResult;
  /** The metrics already computed (shared with the county reports). */
  metricsResult?: MetricsResult;
  /** --strict: a metric file that fails aborts the report. */
  strict?: boolean;
}

const countyKey = (c: string | null | undefined): string => (c === null || c === undefined ? '\u0000' : c);

/** The counties a workspace's stations name, in name order (the unnamed one last). */
export async function countiesOf(ws: { db: ReportWorkspace['db'] }): Promise<Array<string | null>> {
  const all = await listStations(ws.db);
  const names = [...new Map(all.map((s) => [countyKey(s.county), s.county])).values()];
  return names.sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'zh-Hans-CN')));
}

/** A station labelled with its county everywhere in the prefecture view. */
export const stationWithCounty = (station: string, county: string | null, lang: Lang): string =>
  say(msg('prefecture_station_label', { county: county ?? say(msg('trend_county_unnamed'), lang), station }), lang);

/** Competition ranks (1, 2, 2, 4) in the metric's direction; null for neutral metrics and missing values. */
export function rankValues(values: Array<number | null>, direction: Direction): Array<number | null> {
  if (direction === 'neutral') return values.map(() => null);
  const better = (a: number, b: number): boolean => (direction === 'higher_is_better' ? a > b : a < b);
  return values.map((v) => (v === null ? null : 1 + values.filter((o) => o !== null && better(o, v)).length));
}

/** Builds the prefecture model from an open workspace (read-only queries only). */
export async function buildPrefectureModel(ws: ReportWorkspace, opts: PrefectureOptions): Promise<PrefectureModel> {
  const lang = opts.lang;
  const warnings: string[] = [];
  const result = opts.metricsResult ?? (await computeMetrics(ws, { quarter: opts.quarter, metricsDirs: opts.metricsDirs, strict: opts.strict }));
  warnings.push(...result.warnings.map((w) => say(w, lang)));
  const names = await countiesOf(ws);
  const countyLabel = (c: string | null): string => c ?? say(msg('trend_county_unnamed'), lang);
  const counties: PrefectureCounty[] = names.map((c) => ({ county: c, label: countyLabel(c), stations: result.stations.filter((s) => countyKey(s.county) === countyKey(c)).length }));

  const metrics = new Map<string, PrefectureMetric>();
  const defs = new Map(result.definitions.map((d) => [d.id, d]));
  for (const d of result.definitions) {
    metrics.set(d.id, {
      id: d.id, title: metricTitle(d, lang), short: metricShort(d, lang),
      unit: d.unit, unit_text: unitText(d.unit, lang), direction: d.direction,
    });
  }
  const countyValue = new Map<string, MetricValue>();
  for (const v of result.values) if (v.scope === 'county') countyValue.set(`${v.metric}\u0001${countyKey(v.county)}`, v);

  const groups: PrefectureGroup[] = [];
  const breaches: PrefectureModel['breaches'] = [];
  for (const g of GROUPS) {
    const ms = result.definitions.filter((d) => d.group === g).map((d) => metrics.get(d.id)!);
    if (!ms.length) continue;
    const rows = counties.map((c) => ({ county: c, cells: {} as Record<string, PrefectureCell | null> }));
    for (const m of ms) {
      const vs = counties.map((c) => countyValue.get(`${m.id}\u0001${countyKey(c.county)}`));
      const ranks = rankValues(vs.map((v) => v?.value ?? null), m.direction);
      vs.forEach((v, i) => {
        if (!v) {
          rows[i].cells[m.id] = null;
          return;
        }
        const threshold = rulesText(applicableRules(defs.get(m.id)!.thresholds, 'county', null), m.unit, lang);
        rows[i].cells[m.id] = {
          value: v.value, numerator: v.numerator, denominator: v.denominator, breach: v.breach, rank: ranks[i], threshold_text: threshold,
          reason: v.reason ? reasonText(v.reason, lang) : null,
        };
        if (v.breach) breaches.push({ county: counties[i].label, metric: m, value: v.value, threshold });
      });
    }
    groups.push({ group: g, title: groupTitle(g, lang), metrics: ms, rows });
  }

  // One ranking over every station of every county: the scorecard normalised over them all.
  let ranking: PrefectureModel['ranking'] = { method: 'minmax', rows: [] };
  try {
    const explicit = weightsAreExplicit(ws.config);
    const joint = { ...result, stations: result.stations.map((s) => ({ ...s, county: null })) };
    const card = scoreStations(joint, scorecardConfig(ws.config), explicit);
    const countyOf = new Map(result.stations.map((s) => [s.station_id, s.county]));
    const breachCount = new Map<string, number>();
    for (const v of result.values) if (v.scope === 'station' && v.breach) breachCount.set(v.station_id!, (breachCount.get(v.station_id!) ?? 0) + 1);
    ranking = {
      method: card.method,
      rows: card.stations.map((s) => ({
        rank: s.rank, station_id: s.station_id, station_name: s.station_name, county: countyOf.get(s.station_id) ?? null,
        label: stationWithCounty(s.station_name || s.station_id, countyOf.get(s.station_id) ?? null, lang),
        score: s.score, breaches: breachCount.get(s.station_id) ?? 0, missing: s.missing.map((id) => metrics.get(id)?.short ?? id),
      })),
    };
  } catch (e) {
    if (!isUserError(e)) throw e;
    warnings.push(e.msg ? say(e.msg, lang) : e.message);
  }

  const issuers = await issuerRows(ws, result.start, result.end, countyLabel, lang);
  const trendOpts = {
    quarter: result.quarter, range: opts.quarters, metricsDirs: opts.metricsDirs, strict: opts.strict, lang, stations: false,
    stationLabel: (s: { station_id: string; station_name: string | null; county: string | null }) => stationWithCounty(s.station_name ?? s.station_id, s.county, lang),
    countyLabel,
  };
  const trend = opts.trendResult ? trendModelOf(opts.trendResult, trendOpts) : await buildTrendModel(ws, trendOpts);

  return {
    lang,
    title: say(msg('prefecture_title', { quarter: result.quarter, counties: listText(counties.map((c) => c.label), lang) }), lang),
    quarter: result.quarter,
    start: result.start,
    end: result.end,
    generated_at: localTimestamp(opts.now ?? new Date()),
    tool_version: TOOL_VERSION,
    command: opts.command ?? commandLine(),
    counties,
    groups,
    breaches,
    ranking,
    issuers,
    trend,
    warnings,
  };
}

/** Ledger items and hours of the quarter by issuing department and county (stations' rows only). */
async function issuerRows(ws: ReportWorkspace, start: string, end: string, countyLabel: (c: string | null) => string, lang: Lang): Promise<PrefectureIssuerRow[]> {
  const rows = await ws.db.all<{ county: string | null; issuer: string | null; items: number; hours: number }>(
    `SELECT s.county, nullif(trim(l.issuer), '') AS issuer, count(*)::INTEGER AS items, coalesce(sum(l.hours), 0)::DOUBLE AS hours
     FROM ledger l JOIN (SELECT DISTINCT station_id, county FROM stations WHERE unit_kind = 'station') s ON s.station_id = l.station_id
     WHERE CAST(l."date" AS DATE) BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)
     GROUP BY ALL`, { s: start, e: end });
  const by = new Map<string, PrefectureIssuerRow>();
  for (const r of rows) {
    const issuer = r.issuer ?? t('report_unknown', lang);
    const row = by.get(issuer) ?? { issuer, items: {}, hours: {}, total_items: 0, total_hours: 0 };
    const c = countyLabel(r.county);
    row.items[c] = (row.items[c] ?? 0) + Number(r.items);
    row.hours[c] = (row.hours[c] ?? 0) + Number(r.hours);
    row.total_items += Number(r.items);
    row.total_hours += Number(r.hours);
    by.set(issuer, row);
  }
  return [...by.values()].sort((a, b) => b.total_items - a.total_items || a.issuer.localeCompare(b.issuer, 'zh-Hans-CN'));
}
