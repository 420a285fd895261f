// What `metrics` prints: the quarter's tables per group, --json, --csv, --list and the scorecard (pure: blocks and documents).
import { fieldName, kindName } from '../i18n/names.js';
import { flagLabel } from '../quality/flags.js';
import { formatCsv } from '../cli/output.js';
import { table, type Block, type Column } from '../cli/blocks.js';
import type { Lang } from '../i18n/index.js';
import { msg, say, messageJson, type Param } from '../i18n/message.js';
import { groupTitle, rulesText } from '../report/labels.js';
import type { MetricsResult, MetricValue } from './run.js';
import type { MetricDefinition } from './definitions.js';
import { GROUPS, reasonText, unitText, type MetricGroup } from './format.js';
import type { Scorecard } from './score.js';
import { countyLabel, f1, formatChange, formatValue, shareWithN, stationLabels } from '../format.js';

/** How a document is asked for: tables for people, or --json / --csv for pipes. */
export type Format = 'table' | 'json' | 'csv';

const title = (d: MetricDefinition, lang: Lang): string => (lang === 'zh' ? d.title_zh : d.title_en);
const short = (d: MetricDefinition, lang: Lang): string => (lang === 'zh' ? d.short_zh : d.short_en);
/** Catalog words in one language: const t = words(lang); t('view_col_unit'). */
const words = (lang: Lang) => (code: string, params?: Record<string, Param>): string => say(msg(code, params), lang);


/** `metrics --list`: the definitions as JSON, CSV or a table in the language. */
export function listBlocks(defs: MetricDefinition[], format: Format, lang: Lang): Block[] {
  const t = words(lang);
  const rows = defs.map((d) => ({
    id: d.id, group: d.group, title_zh: d.title_zh, title_en: d.title_en, unit: d.unit, grain: d.grain,
    direction: d.direction, thresholds: d.thresholds_text, county: d.county, definition: d.definition, reference: d.reference, file: d.file,
  }));
  if (format === 'json') return [{ json: { metrics: rows } }];
  if (format === 'csv') return [{ text: formatCsv(rows, Object.keys(rows[0] ?? { id: '' })) }];
  // People read names: the group, direction and thresholds in the language (codes stay in --json and --csv).
  return [table(rows.map((r, i) => ({
    ...r,
    title: title(defs[i], lang),
    unit: unitText(r.unit, lang),
    group: (GROUPS as readonly string[]).includes(defs[i].group) ? groupTitle(defs[i].group as MetricGroup, lang) : defs[i].group,
    direction: say(msg(`direction_${defs[i].direction}`), lang),
    thresholds: defs[i].thresholds.length ? rulesText(defs[i].thresholds, defs[i].unit, lang) : say(msg('no_threshold'), lang),
  })), [
    { key: 'id', title: 'id' },
    { key: 'group', title: t('view_col_group') },
    { key: 'title', title: t('view_col_title') },
    { key: 'unit', title: t('view_col_unit') },
    { key: 'direction', title: t('view_col_direction') },
    { key: 'thresholds', title: t('view_col_thresholds') },
  ])];
}

function jsonValue(v: MetricValue, lang: Lang): Record<string, unknown> {
  const o: Record<string, unknown> = {
    metric: v.metric, scope: v.scope, station_id: v.station_id, station_name: v.station_name, county: v.county,
    value: v.value, numerator: v.numerator, denominator: v.denominator, breach: v.breach, threshold: v.threshold,
    reason: v.reason, reason_text: v.reason ? reasonText(v.reason, lang) : null, detail: v.detail ?? null,
    too_few: Boolean(v.small),
  };
  if (v.previous !== undefined) {
    o.previous = v.previous;
    o.change = v.change ?? null;
  }
  return o;
}

/** `metrics --json`: one document with the quarter, the definitions and every value. */
export function metricsJson(r: MetricsResult, lang: Lang): Record<string, unknown> {
  return {
    quarter: r.quarter,
    start: r.start,
    end: r.end,
    data_date: r.data_date,
    data_date_source: r.data_date_source,
    petition_data_date: r.petition_data_date,
    ...(r.county_data_dates ? { county_data_dates: r.county_data_dates } : {}),
    min_denominator: r.min_denominator,
    ...(r.compare ? { compare: r.compare, compare_data_date: r.compare_data_date } : {}),
    metrics: r.definitions.map((d) => ({
      id: d.id, group: d.group, title_zh: d.title_zh, title_en: d.title_en, unit: d.unit, grain: d.grain,
      direction: d.direction, thresholds: d.thresholds_text, county: d.county, definition: d.definition, reference: d.reference,
    })),
    values: r.values.map((v) => jsonValue(v, lang)),
    ...(r.flags ? { flags: r.flags } : {}),
    ...(r.warnings.length ? { warnings: r.warnings.map((w) => messageJson(w, lang)) } : {}),
  };
}

/** `metrics --csv`: one row per metric and unit. */
export function metricsCsv(r: MetricsResult, lang: Lang): string {
  const defs = new Map(r.definitions.map((d) => [d.id, d]));
  const rows = r.values.map((v) => {
    const d = defs.get(v.metric)!;
    return {
      quarter: r.quarter, group: d.group, metric: v.metric, title: title(d, lang), unit: d.unit, scope: v.scope,
      station_id: v.station_id, station_name: v.station_name, county: v.county, value: v.value, numerator: v.numerator,
      denominator: v.denominator, too_few: Boolean(v.small), breach: v.breach, threshold: v.threshold, reason: v.reason,
      reason_text: v.reason ? reasonText(v.reason, lang) : null,
      ...(r.compare ? { compare: r.compare, previous: v.previous ?? null, change: v.change ?? null } : {}),
      detail: v.detail ?? null,
    };
  });
  const cols = ['quarter', 'group', 'metric', 'title', 'unit', 'scope', 'station_id', 'station_name', 'county', 'value', 'numerator',
    'denominator', 'too_few', 'breach', 'threshold', 'reason', 'reason_text', ...(r.compare ? ['compare', 'previous', 'change'] : []), 'detail'];
  return formatCsv(rows, cols);
}

function cell(v: MetricValue | undefined, d: MetricDefinition, compare: boolean, lang: Lang): string {
  if (!v) return '';
  let s = shareWithN(v, d.unit, lang) + (v.breach ? ' *' : '');
  if (compare) s += ` (${formatChange(v.change, d.unit)})`;
  return s;
}

/** The quarter's tables, one per group, with legends, null reasons, gaps and flagged rows. */
export function tableBlocks(r: MetricsResult, lang: Lang): Block[] {
  const L = lang;
  const t = words(L);
  const b: Block[] = [];
  const compare = r.compare !== null;
  b.push({
    heading:
      t('view_metrics_heading', { q: r.quarter, s: r.start, e: r.end }) +
      (compare ? t('view_metrics_heading_compare', { c: r.compare! }) : ''),
  });
  b.push({ line: dataDateLine(r, L) });
  // Counties that loaded at another date: their figures are at their own data dates, and say so.
  const ownDates = (r.county_data_dates ?? []).filter((c) => c.data_date !== r.data_date);
  if (ownDates.length) {
    const list = ownDates.map((c) => say(msg('data_date_of_county', { county: c.county ?? say(msg('trend_county_unnamed'), L), date: c.data_date ?? '—' }), L));
    b.push({ line: say(msg('data_dates_by_county', { list, date: r.data_date ?? '—' }), L) });
  }
  b.push({ line: say(msg('too_few_note', { min: r.min_denominator }), L) });
  const byKey = new Map(r.values.map((v) => [`${v.metric}\u0001${v.scope}\u0001${v.station_id ?? ''}\u0001${v.county ?? ''}`, v]));
  const labels = stationLabels(r.stations, L);
  const counties = [...new Map(r.values.filter((v) => v.scope === 'county').map((v) => [v.county ?? '', v.county])).values()];
  let anyBreach = false;
  for (const g of GROUPS) {
    const defs = r.definitions.filter((d) => d.group === g);
    if (!defs.length) continue;
    type Row = Record<string, unknown>;
    const rows: Row[] = [];
    for (const s of r.stations) {
      const row: Row = { unit: labels.get(s.station_id) };
      for (const d of defs) {
        const v = byKey.get(`${d.id}\u0001station\u0001${s.station_id}\u0001${s.county ?? ''}`);
        row[d.id] = cell(v, d, compare, L);
        row['!' + d.id] = v?.breach ?? false;
        row['~' + d.id] = v?.small ?? false;
      }
      rows.push(row);
    }
    for (const c of counties) {
      const row: Row = { unit: countyLabel(c, L) };
      for (const d of defs) {
        const v = byKey.get(`${d.id}\u0001county\u0001\u0001${c ?? ''}`);
        row[d.id] = cell(v, d, compare, L);
        row['!' + d.id] = v?.breach ?? false;
        row['~' + d.id] = v?.small ?? false;
      }
      rows.push(row);
    }
    anyBreach ||= rows.some((row) => defs.some((d) => row['!' + d.id]));
    const columns: Column<Row>[] = [
      { key: 'unit', title: t('view_col_unit') },
      ...defs.map((d) => ({ key: d.id, title: short(d, L), align: 'right' as const, highlight: (row: Row) => Boolean(row['!' + d.id]), dim: (row: Row) => Boolean(row['~' + d.id]) })),
    ];
    b.push({ line: '' });
    b.push({ heading: `${groupTitle(g, L)} · ${r.quarter}` });
    b.push(table(rows, columns));
    for (const d of defs) {
      const parts = [`${unitText(d.unit, L)}`, say(msg(`direction_${d.direction}`), L), ...(d.thresholds.length ? [say(msg('metric_legend_threshold', { rules: rulesText(d.thresholds, d.unit, L) }), L)] : [])];
      // Typography of the language: full-width brackets and semicolons in zh only.
      b.push({ line: L === 'zh' ? `  ${short(d, L)}：${d.id} = ${title(d, L)}（${parts.join('；')}）` : `  ${short(d, L)}: ${d.id} = ${title(d, L)} (${parts.join('; ')})` });
    }
    b.push(...reasonBlocks(r, defs, L, labels));
    b.push(...detailBlocks(r, defs, L, labels));
  }
  if (anyBreach) b.push({ line: '' }, { line: t('view_metrics_breach_legend') });
  if (r.flags) b.push(...flagBlocks(r, L));
  return b;
}

/** Null values grouped by metric and reason: "sworn_per_10k — no population: S03 …". */
function reasonBlocks(r: MetricsResult, defs: MetricDefinition[], L: Lang, labels: Map<string, string>): Block[] {
  const b: Block[] = [];
  for (const d of defs) {
    const by = new Map<string, string[]>();
    for (const v of r.values) {
      if (v.metric !== d.id || v.value !== null || !v.reason) continue;
      const who = v.scope === 'county' ? countyLabel(v.county, L) : labels.get(v.station_id as string) ?? String(v.station_id);
      by.set(v.reason, [...(by.get(v.reason) ?? []), who]);
    }
    for (const [reason, who] of by) b.push({ line: `  — ${d.id}: ${reasonText(reason, L)}: ${who.join(', ')}` });
  }
  return b;
}

interface Gap { indicator: string; date: string; item: string | null; declared: number; recorded: number; gap: number }

function detailBlocks(r: MetricsResult, defs: MetricDefinition[], L: Lang, labels: Map<string, string>): Block[] {
  const t = words(L);
  const b: Block[] = [];
  for (const d of defs) {
    for (const v of r.values) {
      if (v.metric !== d.id || !v.detail || typeof v.detail !== 'object') continue;
      const who = v.scope === 'county' ? countyLabel(v.county, L) : labels.get(v.station_id as string) ?? String(v.station_id);
      const det = v.detail as { gaps?: Gap[]; interval?: { lower: number; upper: number; confidence: number } };
      if (det.interval && v.value !== null) {
        b.push({ line: `  ${d.id} ${who}: ${formatValue(v.value, d.unit)}, ${Math.round(det.interval.confidence * 100)}% CI ${formatValue(det.interval.lower, d.unit)}–${formatValue(det.interval.upper, d.unit)} (${v.numerator}/${v.denominator})` });
      }
      if (Array.isArray(det.gaps) && v.scope === 'station') {
        for (const gp of det.gaps.filter((x) => x.gap !== 0)) {
          const ind = gp.indicator === 'criminal_cases_received' ? t('view_metrics_gap_criminal') : t('view_metrics_gap_public_security');
          b.push({
            line: '  ' + t('view_metrics_gap_line', {
              who, ind, date: gp.date, dec: gp.declared, rec: gp.recorded, gap: gp.gap > 0 ? `+${gp.gap}` : gp.gap < 0 ? `−${-gp.gap}` : '±0',
            }),
          });
        }
      }
    }
  }
  return b;
}

function flagBlocks(r: MetricsResult, L: Lang): Block[] {
  const t = words(L);
  const b: Block[] = [{ line: '' }];
  b.push({ heading: t('view_metrics_flags_heading') });
  if (!r.flags!.length) return [...b, { line: `  ${t('view_none')}` }];
  b.push(table(
    r.flags!.map((f) => ({ ...f, what: flagLabel(f.flag, L) })) as unknown as Record<string, unknown>[],
    [
      { key: 'kind', title: t('view_col_kind'), format: (v) => say(kindName(String(v)), L) },
      { key: 'what', title: t('view_col_issue') },
      { key: 'column', title: t('view_col_field'), format: (v, r) => say(fieldName(String(r.kind), String(v)), L) },
      { key: 'value', title: t('view_col_value') },
      { key: 'rows', title: t('view_col_rows'), align: 'right' },
    ],
  ));
  b.push({ line: `  ${t('view_metrics_flags_list')}` });
  return b;
}

/** `metrics --score`: the scorecard as JSON, CSV, or tables of scores and contributions. */
export function scoreBlocks(card: Scorecard, r: MetricsResult, format: Format, L: Lang): Block[] {
  const t = words(L);
  const defs = new Map(r.definitions.map((d) => [d.id, d]));
  if (format === 'json') return [{ json: card }];
  if (format === 'csv') {
    const rows = card.stations.flatMap((s) =>
      s.contributions.map((c) => ({
        quarter: card.quarter, method: card.method, station_id: s.station_id, station_name: s.station_name, county: s.county,
        rank: s.rank, score: s.score, metric: c.metric, value: c.value, direction: c.direction, weight: c.weight,
        normalized: c.normalized, contribution: c.contribution,
      })),
    );
    return [{ text: formatCsv(rows, ['quarter', 'method', 'station_id', 'station_name', 'county', 'rank', 'score', 'metric', 'value', 'direction', 'weight', 'normalized', 'contribution']) }];
  }
  const b: Block[] = card.warnings.map((w) => ({ warn: w, lang: L }));
  b.push({ heading: t('view_score_heading', { q: card.quarter, m: card.method }) });
  const labels = stationLabels(r.stations, L);
  b.push(table(
    card.stations.map((s) => ({
      rank: s.rank ?? '—', unit: labels.get(s.station_id) ?? s.station_id, score: f1(s.score), weight: s.weight_used,
      missing: [s.missing.filter((m) => !s.too_few.includes(m)).join(', '), s.too_few.length ? say(msg('score_too_few', { list: s.too_few.join(', ') }), L) : '']
        .filter(Boolean).join('; '),
    })),
    [
      { key: 'rank', title: t('view_col_rank'), align: 'right' },
      { key: 'unit', title: t('view_col_unit') },
      { key: 'score', title: t('view_col_score'), align: 'right' },
      { key: 'weight', title: t('view_col_weight_used'), align: 'right' },
      { key: 'missing', title: t('view_col_missing') },
    ],
  ));
  b.push({ line: say(msg('too_few_note', { min: r.min_denominator }), L) });
  b.push({ line: '' });
  b.push({ heading: t('view_score_contributions_heading') });
  type Row = Record<string, unknown>;
  const rows: Row[] = card.metrics.map((m) => {
    const d = defs.get(m.metric)!;
    const arrow = m.direction === 'higher_is_better' ? '↑' : m.direction === 'lower_is_better' ? '↓' : '→0';
    const row: Row = { metric: `${short(d, L)} (${m.metric})`, weight: m.weight, direction: arrow };
    for (const s of card.stations) {
      const c = s.contributions.find((x) => x.metric === m.metric)!;
      row[s.station_id] = c.contribution === null ? '—' : `${f1(c.contribution)} (${formatValue(c.value, d.unit)})`;
    }
    return row;
  });
  const total: Row = { metric: t('view_score_total'), weight: '', direction: '' };
  for (const s of card.stations) total[s.station_id] = f1(s.score);
  rows.push(total);
  b.push(table(rows, [
    { key: 'metric', title: t('view_col_metric') },
    { key: 'weight', title: t('view_col_weight'), align: 'right' },
    { key: 'direction', title: t('view_col_dir') },
    ...card.stations.map((s) => ({ key: s.station_id, title: labels.get(s.station_id) ?? s.station_id, align: 'right' as const })),
  ]));
  b.push({ line: t('view_score_formula', { m: card.method }) });
  return b;
}

/** The quarter's data date and where it came from: printed with every table that uses it. */
export function dataDateLine(r: Pick<MetricsResult, 'data_date' | 'data_date_source'>, L: Lang): string {
  if (!r.data_date) return say(msg('data_date_unknown'), L);
  const source = say(msg(r.data_date_source === 'as_of' ? 'data_date_source_as_of' : 'data_date_source_loads'), L);
  return say(msg('data_date_line', { date: r.data_date, source }), L);
}
