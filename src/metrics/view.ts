// What `metrics` prints: the quarter's tables per group, --json, --csv, --list and the scorecard (pure: blocks and documents).
import { fieldName, kindName } from '../i18n/names.js';
import { FLAG_LABELS } from '../quality/flags.js';
import { formatCsv } from '../cli/output.js';
import { table, type Block, type Column } from '../cli/blocks.js';
import { tr, type Lang } from '../i18n/index.js';
import { msg, say, messageJson } from '../i18n/message.js';
import { rulesText } from '../report/labels.js';
import type { MetricsResult, MetricValue } from './run.js';
import type { MetricDefinition } from './definitions.js';
import { GROUPS, GROUP_TITLES, formatChange, formatValue, reasonText, unitText } from './format.js';
import type { Scorecard } from './score.js';
import { shownValue } from './shares.js';
import { countyLabel, f1, stationLabels } from '../format.js';

/** How a document is asked for: tables for people, or --json / --csv for pipes. */
export type Format = 'table' | 'json' | 'csv';

const title = (d: MetricDefinition, lang: Lang): string => (lang === 'zh' ? d.title_zh : d.title_en);
const short = (d: MetricDefinition, lang: Lang): string => (lang === 'zh' ? d.short_zh : d.short_en);


/** `metrics --list`: the definitions as JSON, CSV or a table in the language. */
export function listBlocks(defs: MetricDefinition[], format: Format, lang: Lang): Block[] {
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
    group: tr(GROUP_TITLES[defs[i].group] ?? { zh: defs[i].group, en: defs[i].group }, lang),
    direction: say(msg(`direction_${defs[i].direction}`), lang),
    thresholds: defs[i].thresholds.length ? rulesText(defs[i].thresholds, defs[i].unit, lang) : say(msg('no_threshold'), lang),
  })), [
    { key: 'id', title: 'id' },
    { key: 'group', title: tr({ zh: '分组', en: 'group' }, lang) },
    { key: 'title', title: tr({ zh: '名称', en: 'title' }, lang) },
    { key: 'unit', title: tr({ zh: '单位', en: 'unit' }, lang) },
    { key: 'direction', title: tr({ zh: '方向', en: 'direction' }, lang) },
    { key: 'thresholds', title: tr({ zh: '阈值', en: 'thresholds' }, lang) },
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
  let s = shownValue(v, d.unit, lang) + (v.breach ? ' *' : '');
  if (compare) s += ` (${formatChange(v.change, d.unit)})`;
  return s;
}

/** The quarter's tables, one per group, with legends, null reasons, gaps and flagged rows. */
export function tableBlocks(r: MetricsResult, lang: Lang): Block[] {
  const L = lang;
  const b: Block[] = [];
  const compare = r.compare !== null;
  b.push({
    heading:
      tr({ zh: '{q} 季度指标（{s} 至 {e}）', en: 'Metrics for {q} ({s} to {e})' }, L, { q: r.quarter, s: r.start, e: r.end }) +
      (compare ? tr({ zh: '；括号内为较 {c} 的变化', en: '; in brackets: change since {c}' }, L, { c: r.compare! }) : ''),
  });
  b.push({ line: dataDateLine(r, L) });
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
      { key: 'unit', title: tr({ zh: '单位', en: 'unit' }, L) },
      ...defs.map((d) => ({ key: d.id, title: short(d, L), align: 'right' as const, highlight: (row: Row) => Boolean(row['!' + d.id]), dim: (row: Row) => Boolean(row['~' + d.id]) })),
    ];
    b.push({ line: '' });
    b.push({ heading: `${tr(GROUP_TITLES[g], L)} · ${r.quarter}` });
    b.push(table(rows, columns));
    for (const d of defs) {
      const parts = [`${unitText(d.unit, L)}`, say(msg(`direction_${d.direction}`), L), ...(d.thresholds.length ? [say(msg('metric_legend_threshold', { rules: rulesText(d.thresholds, d.unit, L) }), L)] : [])];
      // Typography of the language: full-width brackets and semicolons in zh only.
      b.push({ line: L === 'zh' ? `  ${short(d, L)}：${d.id} = ${title(d, L)}（${parts.join('；')}）` : `  ${short(d, L)}: ${d.id} = ${title(d, L)} (${parts.join('; ')})` });
    }
    b.push(...reasonBlocks(r, defs, L, labels));
    b.push(...detailBlocks(r, defs, L, labels));
  }
  if (anyBreach) b.push({ line: '' }, { line: tr({ zh: '* 未达阈值', en: '* threshold breached' }, L) });
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
          const ind = gp.indicator === 'criminal_cases_received' ? tr({ zh: '刑事案件受理数', en: 'criminal cases received' }, L) : tr({ zh: '治安案件受理数', en: 'public-security cases received' }, L);
          b.push({
            line: tr({ zh: '  ! {who}：{ind}（{date}）上报 {dec}，案件台账 {rec}，差 {gap}', en: '  ! {who}: {ind} ({date}) declared {dec}, recorded {rec}, gap {gap}' }, L, {
              who, ind, date: gp.date, dec: gp.declared, rec: gp.recorded, gap: gp.gap > 0 ? `+${gp.gap}` : gp.gap < 0 ? `−${-gp.gap}` : '±0',
            }),
          });
        }
      }
    }
  }
  return b;
}

const FLAG_TEXT: Record<string, { zh: string; en: string }> = FLAG_LABELS;

function flagBlocks(r: MetricsResult, L: Lang): Block[] {
  const b: Block[] = [{ line: '' }];
  b.push({ heading: tr({ zh: '加载时存疑的行（已加载；单位不明的行未计入所站指标）', en: 'Rows flagged at load (loaded; rows with an unknown unit are left out of station values)' }, L) });
  if (!r.flags!.length) return [...b, { line: tr({ zh: '  无', en: '  none' }, L) }];
  b.push(table(
    r.flags!.map((f) => ({ ...f, what: FLAG_TEXT[f.flag] ? tr(FLAG_TEXT[f.flag], L) : f.flag })) as unknown as Record<string, unknown>[],
    [
      { key: 'kind', title: tr({ zh: '类别', en: 'kind' }, L), format: (v) => say(kindName(String(v)), L) },
      { key: 'what', title: tr({ zh: '问题', en: 'issue' }, L) },
      { key: 'column', title: tr({ zh: '字段', en: 'field' }, L), format: (v, r) => say(fieldName(String(r.kind), String(v)), L) },
      { key: 'value', title: tr({ zh: '填写内容', en: 'value' }, L) },
      { key: 'rows', title: tr({ zh: '行数', en: 'rows' }, L), align: 'right' },
    ],
  ));
  b.push({ line: tr({ zh: '  逐行列出：{jiceng} status --flags', en: '  List every row: {jiceng} status --flags' }, L) });
  return b;
}

/** `metrics --score`: the scorecard as JSON, CSV, or tables of scores and contributions. */
export function scoreBlocks(card: Scorecard, r: MetricsResult, format: Format, L: Lang): Block[] {
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
  b.push({ heading: tr({ zh: '{q} 派出所综合评分（{m}）', en: 'Station scorecard {q} ({m})' }, L, { q: card.quarter, m: card.method }) });
  const labels = stationLabels(r.stations, L);
  b.push(table(
    card.stations.map((s) => ({
      rank: s.rank ?? '—', unit: labels.get(s.station_id) ?? s.station_id, score: f1(s.score), weight: s.weight_used,
      missing: [s.missing.filter((m) => !s.too_few.includes(m)).join(', '), s.too_few.length ? say(msg('score_too_few', { list: s.too_few.join(', ') }), L) : '']
        .filter(Boolean).join('; '),
    })),
    [
      { key: 'rank', title: tr({ zh: '名次', en: 'rank' }, L), align: 'right' },
      { key: 'unit', title: tr({ zh: '单位', en: 'unit' }, L) },
      { key: 'score', title: tr({ zh: '得分', en: 'score' }, L), align: 'right' },
      { key: 'weight', title: tr({ zh: '计分权重', en: 'weight used' }, L), align: 'right' },
      { key: 'missing', title: tr({ zh: '缺值指标（不计分）', en: 'missing (not scored)' }, L) },
    ],
  ));
  b.push({ line: say(msg('too_few_note', { min: r.min_denominator }), L) });
  b.push({ line: '' });
  b.push({ heading: tr({ zh: '各指标得分贡献（分；括号内为指标值）', en: 'Contribution of each metric (points; value in brackets)' }, L) });
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
  const total: Row = { metric: tr({ zh: '合计得分', en: 'score' }, L), weight: '', direction: '' };
  for (const s of card.stations) total[s.station_id] = f1(s.score);
  rows.push(total);
  b.push(table(rows, [
    { key: 'metric', title: tr({ zh: '指标', en: 'metric' }, L) },
    { key: 'weight', title: tr({ zh: '权重', en: 'weight' }, L), align: 'right' },
    { key: 'direction', title: tr({ zh: '方向', en: 'dir' }, L) },
    ...card.stations.map((s) => ({ key: s.station_id, title: labels.get(s.station_id) ?? s.station_id, align: 'right' as const })),
  ]));
  b.push({ line: tr(
    { zh: '得分 = 100 × Σ 权重 × 标准化值 / Σ 有值指标的权重；标准化值：本县最好的所为 1、最差为 0（{m}）；↑ 越高越好，↓ 越低越好，→0 越接近 0 越好。', en: 'score = 100 × Σ weight × normalised / Σ weights of metrics with a value; normalised: best station of the county 1, worst 0 ({m}); ↑ higher is better, ↓ lower is better, →0 closer to 0 is better.' },
    L, { m: card.method },
  ) });
  return b;
}

/** The quarter's data date and where it came from: printed with every table that uses it. */
export function dataDateLine(r: Pick<MetricsResult, 'data_date' | 'data_date_source'>, L: Lang): string {
  if (!r.data_date) return say(msg('data_date_unknown'), L);
  const source = say(msg(r.data_date_source === 'as_of' ? 'data_date_source_as_of' : 'data_date_source_loads'), L);
  return say(msg('data_date_line', { date: r.data_date, source }), L);
}
