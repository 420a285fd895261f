// What `metrics --trend [N]` prints: the headline metrics over several quarters as tables, JSON or CSV (pure).
import { formatCsv } from '../cli/output.js';
import { table, type Block, type Column } from '../cli/blocks.js';
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';
import { reasonText } from './format.js';
import { formatValue } from '../format.js';
import type { MetricDefinition } from './definitions.js';
import type { TrendPoint, TrendResult, TrendSeries } from './trend.js';

const title = (d: MetricDefinition, lang: Lang): string => (lang === 'zh' ? d.title_zh : d.title_en);

/** The trend as flat rows, one per metric, unit and quarter (the same fields as `metrics --json` values). */
export function trendRows(t: TrendResult, lang: Lang): Array<Record<string, unknown>> {
  const defs = new Map(t.definitions.map((d) => [d.id, d]));
  return t.series.flatMap((s) =>
    s.points.map((p) => ({
      quarter: p.quarter, metric: s.metric, title: title(defs.get(s.metric)!, lang), unit: defs.get(s.metric)!.unit, scope: s.scope,
      station_id: s.station_id, station_name: s.station_name, county: s.county, value: p.value, numerator: p.numerator,
      denominator: p.denominator, too_few: p.small, breach: p.breach, reason: p.reason, reason_text: p.reason ? reasonText(p.reason, lang) : null,
    })),
  );
}

export function trendJson(t: TrendResult, lang: Lang): Record<string, unknown> {
  return {
    quarters: t.quarters,
    metrics: t.definitions.map((d) => ({ id: d.id, group: d.group, title_zh: d.title_zh, title_en: d.title_en, unit: d.unit, direction: d.direction })),
    skipped_metrics: t.skipped,
    empty_quarters: t.empty,
    values: trendRows(t, lang),
  };
}

export function trendCsv(t: TrendResult, lang: Lang): string {
  // The CSV's columns stay as scripts read them; too_few is in the JSON (value with numerator and denominator says as much here).
  const cols = ['quarter', 'metric', 'title', 'unit', 'scope', 'station_id', 'station_name', 'county', 'value', 'numerator', 'denominator', 'breach', 'reason', 'reason_text'];
  return formatCsv(trendRows(t, lang), cols);
}

/** 57.1% (8/14) for shares with counts, 样本过少 (1/2) for too few, 3.5 otherwise; — when the value cannot be computed; * when breached. */
export function trendCell(p: TrendPoint, unit: string, lang: Lang): string {
  let s = p.small && p.value !== null ? say(msg('too_few'), lang) : formatValue(p.value, unit);
  if (p.value !== null && p.numerator !== null && p.denominator !== null) s += ` (${p.numerator}/${p.denominator})`;
  return s + (p.breach ? ' *' : '');
}

/** A unit's row label: the station name (with its county when the trend spans several), or the county row. */
export function seriesLabel(s: TrendSeries, severalCounties: boolean, lang: Lang): string {
  if (s.scope === 'county') return say(msg('trend_county_row', { county: s.county ?? say(msg('trend_county_unnamed'), lang) }), lang);
  const name = s.station_name || s.station_id || '';
  return severalCounties && s.county ? say(msg('prefecture_station_label', { county: s.county, station: name }), lang) : name;
}

export function trendBlocks(t: TrendResult, lang: Lang): Block[] {
  const b: Block[] = [];
  // Headline metrics this workspace does not define are left out quietly (--json lists them in skipped_metrics).
  if (t.empty.length) b.push({ warn: say(msg('trend_quarters_empty', { quarters: t.empty.join(', ') }), lang) });
  if (!t.quarters.length) return [...b, { line: say(msg('trend_no_quarters'), lang) }];
  b.push({ heading: say(msg('trend_heading', { first: t.quarters[0], last: t.quarters[t.quarters.length - 1], n: t.quarters.length }), lang) });
  const several = new Set(t.series.map((s) => s.county ?? '\u0000')).size > 1;
  let anyBreach = false;
  for (const d of t.definitions) {
    const rows = t.series.filter((s) => s.metric === d.id).map((s) => {
      const row: Record<string, unknown> = { unit: seriesLabel(s, several, lang) };
      s.points.forEach((p, i) => {
        row[`q${i}`] = trendCell(p, d.unit, lang);
        row[`!q${i}`] = p.breach;
        row[`~q${i}`] = p.small;
      });
      anyBreach ||= s.points.some((p) => p.breach);
      return row;
    });
    if (!rows.length) continue;
    const columns: Column<Record<string, unknown>>[] = [
      { key: 'unit', title: say(msg('trend_unit'), lang) },
      ...t.quarters.map((q, i) => ({ key: `q${i}`, title: q, align: 'right' as const, highlight: (r: Record<string, unknown>) => Boolean(r[`!q${i}`]), dim: (r: Record<string, unknown>) => Boolean(r[`~q${i}`]) })),
    ];
    b.push({ line: '' }, { heading: `${title(d, lang)} · ${d.id}` }, table(rows, columns));
  }
  if (anyBreach) b.push({ line: '' }, { line: say(msg('trend_breach_note'), lang) });
  return b;
}
