// `jiceng metrics`: the quarter's metrics per station and county (tables per group, --json, --csv), --list, --score.
import { fieldName, kindName } from '../../i18n/names.js';
import type { Command } from 'commander';
import { helpTexts } from '../help.js';
import { FLAG_LABELS } from '../../quality/flags.js';
import { openWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out, formatCsv, type Column } from '../output.js';
import { tr, type Lang } from '../../i18n/index.js';
import { msg, say, messageJson } from '../../i18n/message.js';
import { rulesText } from '../../report/labels.js';
import { computeMetrics, metricsDirsFor, selectDefinitions, selectStations, type MetricsResult, type MetricValue } from '../../metrics/run.js';
import { loadDefinitions, type MetricDefinition } from '../../metrics/definitions.js';
import { GROUPS, GROUP_TITLES, formatChange, formatValue, reasonText, unitText } from '../../metrics/format.js';
import { scoreStations, scorecardConfig, type Scorecard } from '../../metrics/score.js';
import { shownValue } from '../../metrics/shares.js';
import { parseAsOf } from '../../ingest/load.js';
import { computeTrend, parseQuarterRange, parseTrendCount } from '../../metrics/trend.js';
import { printTrendCsv, printTrendTables, trendJson } from './metrics-trend.js';

interface Flags {
  quarter?: string;
  compare?: string | boolean;
  station: string[];
  metric: string[];
  list?: boolean;
  score?: boolean;
  json?: boolean;
  csv?: boolean;
  metricsDir?: string;
  asOf?: string;
  trend?: string | boolean;
  quarters?: string;
  strict?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('metrics')
    .description(t('help_metrics'))
    .option('-q, --quarter <quarter>', t('help_opt_quarter'))
    .option('--compare [quarter]', t('help_metrics_compare'))
    .option('-s, --station <station>', t('help_metrics_station'), collect, [])
    .option('-m, --metric <metric>', t('help_metrics_metric'), collect, [])
    .option('--list', t('help_metrics_list'))
    .option('--score', t('help_metrics_score'))
    .option('--json', t('help_opt_json_document'))
    .option('--csv', t('help_metrics_csv'))
    .option('--as-of <date>', t('help_opt_as_of_data'))
    .option('--metrics-dir <dir>', t('help_metrics_dir'))
    .option('--trend [n]', t('help_metrics_trend'))
    .option('--quarters <range>', t('help_metrics_quarters'))
    .option('--strict', t('help_opt_strict'))
    .action(
      action(async (flags: Flags, cmd: Command) => {
        const ctx = contextOf(cmd);
        const dirs = [...metricsDirsFor(ctx.workspaceDir), ...(flags.metricsDir ? [flags.metricsDir] : [])];
        if (flags.list) {
          const defs = selectDefinitions(loadDefinitions(dirs), flags.metric.flatMap((m) => m.split(',')).filter(Boolean));
          printList(defs, flags, ctx.lang);
          return;
        }
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const compare = flags.compare === undefined ? undefined : flags.compare === true ? '' : String(flags.compare);
          const asOf = parseAsOf(flags.asOf);
          if (flags.trend !== undefined || flags.quarters !== undefined) {
            if (flags.quarters !== undefined) parseQuarterRange(flags.quarters);
            const trend = await computeTrend(ws, {
              count: parseTrendCount(flags.trend), last: flags.quarter, range: flags.quarters, metricsDirs: dirs,
              metrics: flags.metric.flatMap((m) => m.split(',')).filter(Boolean), stations: flags.station, strict: flags.strict,
            });
            for (const w of trend.warnings ?? []) out.warn(w, ctx.lang);
            if (flags.json) out.json(trendJson(trend, ctx.lang));
            else if (flags.csv) printTrendCsv(trend, ctx.lang);
            else printTrendTables(trend, ctx.lang);
            return;
          }
          if (flags.score) {
            // Normalise over every station, then show the selection.
            const result = await computeMetrics(ws, { quarter: flags.quarter, compare, metrics: flags.metric, metricsDirs: dirs, asOf, strict: flags.strict });
            const explicit = Boolean(ws.config.scorecard && (ws.config.scorecard as { weights?: unknown }).weights);
            for (const w of result.warnings) out.warn(w, ctx.lang);
            const card = scoreStations(result, scorecardConfig(ws.config), explicit);
            if (flags.station.length) {
              const ids = new Set(selectStations(result.stations, flags.station.flatMap((s) => s.split(/[,，、]/)).filter(Boolean)).map((s) => s.station_id));
              card.stations = card.stations.filter((s) => ids.has(s.station_id));
            }
            printScore(card, result, flags, ctx.lang);
            return;
          }
          const result = await computeMetrics(ws, {
            quarter: flags.quarter, compare, stations: flags.station, metrics: flags.metric, metricsDirs: dirs, asOf, strict: flags.strict,
          });
          for (const w of result.warnings) out.warn(w, ctx.lang);
          if (flags.json) out.json(toJson(result, ctx.lang));
          else if (flags.csv) printCsv(result, ctx.lang);
          else printTables(result, ctx.lang);
        } finally {
          ws.close();
        }
      }),
    );
}

const title = (d: MetricDefinition, lang: Lang): string => (lang === 'zh' ? d.title_zh : d.title_en);
const short = (d: MetricDefinition, lang: Lang): string => (lang === 'zh' ? d.short_zh : d.short_en);

/** Station names as row labels; the id is added only where two stations share a name. */
function stationLabels(r: MetricsResult): Map<string, string> {
  const count = new Map<string, number>();
  for (const s of r.stations) count.set(s.station_name, (count.get(s.station_name) ?? 0) + 1);
  return new Map(r.stations.map((s) => [s.station_id, count.get(s.station_name)! > 1 || !s.station_name ? `${s.station_name ?? ''} ${s.station_id}`.trim() : s.station_name]));
}

function printList(defs: MetricDefinition[], flags: Flags, lang: Lang): void {
  const rows = defs.map((d) => ({
    id: d.id, group: d.group, title_zh: d.title_zh, title_en: d.title_en, unit: d.unit, grain: d.grain,
    direction: d.direction, thresholds: d.thresholds_text, county: d.county, definition: d.definition, reference: d.reference, file: d.file,
  }));
  if (flags.json) return out.json({ metrics: rows });
  if (flags.csv) return void process.stdout.write(formatCsv(rows, Object.keys(rows[0] ?? { id: '' })));
  // People read names: the group, direction and thresholds in the language (codes stay in --json and --csv).
  out.table(rows.map((r, i) => ({
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
  ]);
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

export function toJson(r: MetricsResult, lang: Lang): Record<string, unknown> {
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

function printCsv(r: MetricsResult, lang: Lang): void {
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
  process.stdout.write(formatCsv(rows, cols));
}

const countyLabel = (county: string | null, lang: Lang): string =>
  county ? tr({ zh: '{c}（全县）', en: '{c} (county)' }, lang, { c: county }) : tr({ zh: '全县', en: 'County' }, lang);

function cell(v: MetricValue | undefined, d: MetricDefinition, compare: boolean, lang: Lang): string {
  if (!v) return '';
  let s = shownValue(v, d.unit, lang) + (v.breach ? ' *' : '');
  if (compare) s += ` (${formatChange(v.change, d.unit)})`;
  return s;
}

function printTables(r: MetricsResult, lang: Lang): void {
  const L = lang;
  const compare = r.compare !== null;
  out.heading(
    tr({ zh: '{q} 季度指标（{s} 至 {e}）', en: 'Metrics for {q} ({s} to {e})' }, L, { q: r.quarter, s: r.start, e: r.end }) +
      (compare ? tr({ zh: '；括号内为较 {c} 的变化', en: '; in brackets: change since {c}' }, L, { c: r.compare! }) : ''),
  );
  out.line(dataDateLine(r, L));
  out.line(say(msg('too_few_note', { min: r.min_denominator }), L));
  const byKey = new Map(r.values.map((v) => [`${v.metric}\u0001${v.scope}\u0001${v.station_id ?? ''}\u0001${v.county ?? ''}`, v]));
  const labels = stationLabels(r);
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
    out.line();
    out.heading(`${tr(GROUP_TITLES[g], L)} · ${r.quarter}`);
    out.table(rows, columns);
    for (const d of defs) {
      const parts = [`${unitText(d.unit, L)}`, say(msg(`direction_${d.direction}`), L), ...(d.thresholds.length ? [say(msg('metric_legend_threshold', { rules: rulesText(d.thresholds, d.unit, L) }), L)] : [])];
      // Typography of the language: full-width brackets and semicolons in zh only.
      out.line(L === 'zh' ? `  ${short(d, L)}：${d.id} = ${title(d, L)}（${parts.join('；')}）` : `  ${short(d, L)}: ${d.id} = ${title(d, L)} (${parts.join('; ')})`);
    }
    printReasons(r, defs, L, labels);
    printDetails(r, defs, L, labels);
  }
  if (anyBreach) {
    out.line();
    out.line(tr({ zh: '* 未达阈值', en: '* threshold breached' }, L));
  }
  if (r.flags) printFlags(r, L);
}

/** Null values grouped by metric and reason: "sworn_per_10k — no population: S03 …". */
function printReasons(r: MetricsResult, defs: MetricDefinition[], L: Lang, labels: Map<string, string>): void {
  for (const d of defs) {
    const by = new Map<string, string[]>();
    for (const v of r.values) {
      if (v.metric !== d.id || v.value !== null || !v.reason) continue;
      const who = v.scope === 'county' ? countyLabel(v.county, L) : labels.get(v.station_id as string) ?? String(v.station_id);
      by.set(v.reason, [...(by.get(v.reason) ?? []), who]);
    }
    for (const [reason, who] of by) out.line(`  — ${d.id}: ${reasonText(reason, L)}: ${who.join(', ')}`);
  }
}

interface Gap { indicator: string; date: string; item: string | null; declared: number; recorded: number; gap: number }

function printDetails(r: MetricsResult, defs: MetricDefinition[], L: Lang, labels: Map<string, string>): void {
  for (const d of defs) {
    for (const v of r.values) {
      if (v.metric !== d.id || !v.detail || typeof v.detail !== 'object') continue;
      const who = v.scope === 'county' ? countyLabel(v.county, L) : labels.get(v.station_id as string) ?? String(v.station_id);
      const det = v.detail as { gaps?: Gap[]; interval?: { lower: number; upper: number; confidence: number } };
      if (det.interval && v.value !== null) {
        out.line(`  ${d.id} ${who}: ${formatValue(v.value, d.unit)}, ${Math.round(det.interval.confidence * 100)}% CI ${formatValue(det.interval.lower, d.unit)}–${formatValue(det.interval.upper, d.unit)} (${v.numerator}/${v.denominator})`);
      }
      if (Array.isArray(det.gaps) && v.scope === 'station') {
        for (const gp of det.gaps.filter((x) => x.gap !== 0)) {
          const ind = gp.indicator === 'criminal_cases_received' ? tr({ zh: '刑事案件受理数', en: 'criminal cases received' }, L) : tr({ zh: '治安案件受理数', en: 'public-security cases received' }, L);
          out.line(tr({ zh: '  ! {who}：{ind}（{date}）上报 {dec}，案件台账 {rec}，差 {gap}', en: '  ! {who}: {ind} ({date}) declared {dec}, recorded {rec}, gap {gap}' }, L, {
            who, ind, date: gp.date, dec: gp.declared, rec: gp.recorded, gap: gp.gap > 0 ? `+${gp.gap}` : gp.gap < 0 ? `−${-gp.gap}` : '±0',
          }));
        }
      }
    }
  }
}

const FLAG_TEXT: Record<string, { zh: string; en: string }> = FLAG_LABELS;

function printFlags(r: MetricsResult, L: Lang): void {
  out.line();
  out.heading(tr({ zh: '加载时存疑的行（已加载；单位不明的行未计入所站指标）', en: 'Rows flagged at load (loaded; rows with an unknown unit are left out of station values)' }, L));
  if (!r.flags!.length) {
    out.line(tr({ zh: '  无', en: '  none' }, L));
    return;
  }
  out.table(
    r.flags!.map((f) => ({ ...f, what: FLAG_TEXT[f.flag] ? tr(FLAG_TEXT[f.flag], L) : f.flag })) as unknown as Record<string, unknown>[],
    [
      { key: 'kind', title: tr({ zh: '类别', en: 'kind' }, L), format: (v) => say(kindName(String(v)), L) },
      { key: 'what', title: tr({ zh: '问题', en: 'issue' }, L) },
      { key: 'column', title: tr({ zh: '字段', en: 'field' }, L), format: (v, r) => say(fieldName(String(r.kind), String(v)), L) },
      { key: 'value', title: tr({ zh: '填写内容', en: 'value' }, L) },
      { key: 'rows', title: tr({ zh: '行数', en: 'rows' }, L), align: 'right' },
    ],
  );
  out.line(tr({ zh: '  逐行列出：{jiceng} status --flags', en: '  List every row: {jiceng} status --flags' }, L));
}

function printScore(card: Scorecard, r: MetricsResult, flags: Flags, L: Lang): void {
  const defs = new Map(r.definitions.map((d) => [d.id, d]));
  if (flags.json) return out.json(card);
  if (flags.csv) {
    const rows = card.stations.flatMap((s) =>
      s.contributions.map((c) => ({
        quarter: card.quarter, method: card.method, station_id: s.station_id, station_name: s.station_name, county: s.county,
        rank: s.rank, score: s.score, metric: c.metric, value: c.value, direction: c.direction, weight: c.weight,
        normalized: c.normalized, contribution: c.contribution,
      })),
    );
    process.stdout.write(formatCsv(rows, ['quarter', 'method', 'station_id', 'station_name', 'county', 'rank', 'score', 'metric', 'value', 'direction', 'weight', 'normalized', 'contribution']));
    return;
  }
  for (const w of card.warnings) out.warn(w, L);
  out.heading(tr({ zh: '{q} 派出所综合评分（{m}）', en: 'Station scorecard {q} ({m})' }, L, { q: card.quarter, m: card.method }));
  const f1 = (x: number | null): string => (x === null ? '—' : x.toFixed(1));
  const labels = stationLabels(r);
  out.table(
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
  );
  out.line(say(msg('too_few_note', { min: r.min_denominator }), L));
  out.line();
  out.heading(tr({ zh: '各指标得分贡献（分；括号内为指标值）', en: 'Contribution of each metric (points; value in brackets)' }, L));
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
  out.table(rows, [
    { key: 'metric', title: tr({ zh: '指标', en: 'metric' }, L) },
    { key: 'weight', title: tr({ zh: '权重', en: 'weight' }, L), align: 'right' },
    { key: 'direction', title: tr({ zh: '方向', en: 'dir' }, L) },
    ...card.stations.map((s) => ({ key: s.station_id, title: labels.get(s.station_id) ?? s.station_id, align: 'right' as const })),
  ]);
  out.line(tr(
    { zh: '得分 = 100 × Σ 权重 × 标准化值 / Σ 有值指标的权重；标准化值：本县最好的所为 1、最差为 0（{m}）；↑ 越高越好，↓ 越低越好，→0 越接近 0 越好。', en: 'score = 100 × Σ weight × normalised / Σ weights of metrics with a value; normalised: best station of the county 1, worst 0 ({m}); ↑ higher is better, ↓ lower is better, →0 closer to 0 is better.' },
    L, { m: card.method },
  ));
}

/** The quarter's data date and where it came from: printed with every table that uses it. */
export function dataDateLine(r: Pick<MetricsResult, 'data_date' | 'data_date_source'>, L: Lang): string {
  if (!r.data_date) return say(msg('data_date_unknown'), L);
  const source = say(msg(r.data_date_source === 'as_of' ? 'data_date_source_as_of' : 'data_date_source_loads'), L);
  return say(msg('data_date_line', { date: r.data_date, source }), L);
}
