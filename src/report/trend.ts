// The report's trend: the headline metrics over the last quarters per station and county, as a model and as an HTML section with sparklines.
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';
import { unitText, reasonText } from '../metrics/format.js';
import { computeTrend, type TrendPoint, type TrendResult } from '../metrics/trend.js';
import type { MetricsResult, WorkspaceLike } from '../metrics/run.js';
import type { QuarterData } from '../quarter.js';
import { html, Html } from './html.js';
import { formatNumber } from '../format.js';
import { bracketed, metricTitle } from './labels.js';
import { listText } from '../format.js';

export interface TrendMetricModel {
  id: string;
  title: string;
  unit: string;
  unit_text: string;
  rows: TrendRowModel[];
}

export interface TrendRowModel {
  scope: 'station' | 'county';
  station_id: string | null;
  county: string | null;
  label: string;
  /** One per quarter of the trend; reason_text says why a value is missing. */
  points: Array<TrendPoint & { reason_text: string | null }>;
}

export interface TrendModel {
  quarters: string[];
  /** Headline metric ids not defined in the workspace (left out). */
  skipped: string[];
  /** Quarters of a chosen range without data (left out). */
  empty: string[];
  metrics: TrendMetricModel[];
}

export interface TrendModelOptions {
  /** The report's quarter: the trend ends there unless a range is given. */
  quarter: string;
  /** `--quarters 2025Q4..2026Q3`. */
  range?: string;
  count?: number;
  metricsDirs?: string[];
  /** --strict: a metric file that fails aborts the trend. */
  strict?: boolean;
  /** The report's own metrics run and the quarters with data, for computeTrend to take from (TrendOptions.reuse, .quarters). */
  reuse?: MetricsResult;
  quarters?: QuarterData[];
  lang: Lang;
  /** Keep only these counties' rows (undefined: all). */
  counties?: Array<string | null>;
  /** Keep station rows (false: county rows only, as the prefecture report shows). */
  stations?: boolean;
  /** The report's row labels. */
  stationLabel: (s: { station_id: string; station_name: string | null; county: string | null }) => string;
  countyLabel: (county: string | null) => string;
}

const countyKey = (c: string | null | undefined): string => (c === null || c === undefined ? '\u0000' : c);

/** The trend model from a computed trend (pure). */
export function trendModelOf(t: TrendResult, o: Omit<TrendModelOptions, 'quarter' | 'range' | 'count' | 'metricsDirs' | 'reuse' | 'quarters'>): TrendModel {
  const keep = o.counties ? new Set(o.counties.map(countyKey)) : null;
  const metrics = t.definitions.map((d) => ({
    id: d.id,
    title: metricTitle(d, o.lang),
    unit: d.unit,
    unit_text: unitText(d.unit, o.lang),
    rows: t.series
      .filter((s) => s.metric === d.id && (!keep || keep.has(countyKey(s.county))) && (s.scope === 'county' || o.stations !== false))
      .map((s) => ({
        scope: s.scope,
        station_id: s.station_id,
        county: s.county,
        label: s.scope === 'county' ? o.countyLabel(s.county) : o.stationLabel({ station_id: s.station_id!, station_name: s.station_name, county: s.county }),
        points: s.points.map((p) => ({ ...p, reason_text: p.reason ? reasonText(p.reason, o.lang) : null })),
      })),
  })).filter((m) => m.rows.length);
  return { quarters: t.quarters, skipped: t.skipped, empty: t.empty, metrics };
}

/** Computes the trend for a report. */
export async function buildTrendModel(ws: WorkspaceLike, o: TrendModelOptions): Promise<TrendModel> {
  const t = await computeTrend(ws, { last: o.quarter, range: o.range, count: o.count, metricsDirs: o.metricsDirs, strict: o.strict, reuse: o.reuse, quarters: o.quarters });
  return trendModelOf(t, o);
}

/** Warnings a reader of the trend should see. */
export function trendWarnings(t: TrendModel, lang: Lang): string[] {
  const w: string[] = [];
  if (t.skipped.length) w.push(say(msg('trend_metrics_skipped', { metrics: listText(t.skipped, lang) }), lang));
  if (t.empty.length) w.push(say(msg('trend_quarters_empty', { quarters: listText(t.empty, lang) }), lang));
  return w;
}

// ---------------------------------------------------------------------------------------------
// HTML

const SPARK_W = 120;
const SPARK_H = 28;

/** A small line of the row's values, hand-drawn (no script, no reference); gaps where a value is missing. */
export function sparkline(values: Array<number | null>, breaches: boolean[]): Html {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!known.length) return html``;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const n = values.length;
  const x = (i: number): number => (n === 1 ? SPARK_W / 2 : 6 + (i * (SPARK_W - 12)) / (n - 1));
  const y = (v: number): number => (max === min ? SPARK_H / 2 : SPARK_H - 5 - ((v - min) * (SPARK_H - 10)) / (max - min));
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (current.length > 1) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length > 1) segments.push(current.join(' '));
  const dots = values.map((v, i) => (v === null || !Number.isFinite(v) ? '' : html`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.4" fill="${breaches[i] ? '#c0392b' : '#3b6ea5'}"></circle>`));
  return html`<svg class="spark" width="${SPARK_W}" height="${SPARK_H}" viewBox="0 0 ${SPARK_W} ${SPARK_H}" aria-hidden="true">${segments.map((p) => html`<polyline points="${p}" fill="none" stroke="#3b6ea5" stroke-width="1.5"></polyline>`)}${dots}</svg>`;
}

/** 57.1% with (8/14) below it for shares; — with the reason as a tooltip when it cannot be computed. */
function pointHtml(p: TrendRowModel['points'][number], unit: string, lang: Lang): Html {
  if (p.value === null) return html`<span title="${p.reason_text ?? ''}">—</span>`;
  const n = p.numerator !== null && p.denominator !== null ? html`<span class="chg">${p.numerator}/${p.denominator}</span>` : '';
  // Too few cases: greyed 样本过少 with its n, never a percentage (the quarter's tables do the same).
  if (p.small) return html`<span class="few">${say(msg('too_few'), lang)}</span>${n}`;
  return html`${formatNumber(p.value, unit)}${p.breach ? html`<span class="mark"> ▼</span>` : ''}${n}`;
}

/** The trend section: one table per headline metric, a sparkline per row and every quarter's number. */
export function trendSection(t: TrendModel, lang: Lang, opts: { unitTitle: string }): Html {
  const q = t.quarters;
  const heading = q.length
    ? say(msg('trend_heading', { first: q[0], last: q[q.length - 1], n: q.length }), lang)
    : say(msg('trend_title'), lang);
  // Headline metrics this workspace does not define are left out without a word (the list is jiceng's, not the user's).
  const notes = trendWarnings({ ...t, skipped: [] }, lang);
  const tables = t.metrics.map((m) => html`<h3>${bracketed(m.title, m.unit_text, lang)}</h3><table class="trend" data-metric="${m.id}"><thead><tr><th>${opts.unitTitle}</th><th>${say(msg('trend_line'), lang)}</th>${q.map((x) => html`<th class="num">${x}</th>`)}</tr></thead><tbody>${m.rows.map(
    (r) => html`<tr${r.scope === 'county' ? html` class="county"` : ''}><td class="label">${r.label}</td><td>${sparkline(r.points.map((p) => p.value), r.points.map((p) => p.breach))}</td>${r.points.map(
      (p) => html`<td class="num${p.breach ? ' breach' : ''}" data-quarter="${p.quarter}">${pointHtml(p, m.unit, lang)}</td>`,
    )}</tr>`,
  )}</tbody></table>`);
  return html`<section id="sec-trend"><h2>${heading}</h2><p class="note">${say(msg('trend_intro'), lang)}</p>${notes.map((n) => html`<p class="warn">${n}</p>`)}${q.length ? tables : html`<p>${say(msg('trend_no_quarters'), lang)}</p>`}</section>`;
}
