// The HTML report: one self-contained file (inline CSS and SVG, no script, no network), a pure function of the model.
//
// Safety: every interpolation goes through the `html` tagged template, which escapes it unless it is
// an Html value built by this module (nested templates, or chart SVG that charts.ts sanitised).
// A Content-Security-Policy meta tag forbids scripts and every fetch as a second line of defence.
// Personal data never reaches this file: the renderer reads no personal field of the model.
import { cellValueText, comparedDatesText, dataDateText, previousOf, tooFewNote } from './figures.js';
import { msg, say } from '../i18n/message.js';
import { fieldName } from '../i18n/names.js';
import type { ChartId } from './charts.js';
import { FONT_STACK } from './fonts.js';
import { bracketed, flagLabel, groupTitle, kindLabel, labelled, metricLegend, missingText, scoreMethodName, SHEETS, t, type Lang } from './labels.js';
import { f1, fixed, formatReportChange, listText, partsText, pct, shareWithN, signedCount } from '../format.js';
import type { GroupTable, MetricCell, MetricColumn, ReportModel } from './model.js';
import { trendSection } from './trend.js';


/** Trusted markup: produced by the `html` template or by the chart sanitiser. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

// Any character escapeHtml changes: most values (numbers, names, labels) have none and are returned as they are.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff&<>"'`]/;

/** HTML-escapes text for element content and quoted attributes; drops characters HTML forbids. */
export function escapeHtml(value: unknown): string {
  const text = String(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/`/g, '&#96;');
}

function part(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(v);
}

/** The one way markup is built: interpolated values are escaped unless they are Html. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let s = strings[0];
  for (let i = 0; i < values.length; i++) s += part(values[i]) + strings[i + 1];
  return new Html(s);
}

const trusted = (s: string): Html => new Html(s);

export const CSS = `
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
html { font-family: ${FONT_STACK}; color: #1d2733; font-size: 13px; line-height: 1.5; background: #fff; }
body { margin: 0 auto; max-width: 1080px; padding: 28px 36px; }
h1 { font-size: 26px; margin: 0 0 6px; font-weight: 700; }
h2 { font-size: 19px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid #3b6ea5; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 4px 0; }
.meta { color: #55606e; }
.note { color: #55606e; font-size: 12px; }
.warn { color: #8a4b08; font-size: 12px; }
.cover { border-bottom: 1px solid #dde3ea; padding-bottom: 12px; margin-bottom: 8px; }
.toc ol { columns: 2; margin: 6px 0; padding-left: 20px; }
.toc a { color: #24527f; text-decoration: none; }
section { break-before: page; page-break-before: always; padding-top: 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 12px; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
th { text-align: left; font-weight: 600; background: #eef2f7; border-bottom: 1px solid #b9c4d0; padding: 4px 6px; vertical-align: bottom; }
td { border-bottom: 1px solid #e3e8ee; padding: 3px 6px; vertical-align: top; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.label { white-space: normal; word-break: break-word; max-width: 260px; }
td.mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 10.5px; word-break: break-all; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.county td { font-weight: 700; background: #f3f6fa; border-top: 1px solid #b9c4d0; }
td.breach { background: #fbe3de; color: #8f1d12; font-weight: 700; }
td.breach .mark { font-size: 9px; }
.few { color: #9aa1ab; }
.chg { display: block; font-size: 10.5px; color: #55606e; font-weight: 400; }
figure { margin: 10px 0 4px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg.spark { display: block; }
details.data { margin: 0 0 12px; }
.chartdata, table.compact { width: auto; min-width: 55%; }
.chartdata caption { caption-side: top; text-align: left; font-size: 11.5px; color: #55606e; padding: 2px 0; }
.bar { display: inline-block; height: 9px; background: #3b6ea5; vertical-align: middle; margin-left: 6px; }
.legend { font-size: 11.5px; color: #55606e; margin: 2px 0; }
.legend span + span::before { content: " · "; }
.wide table { font-size: 11px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5px; }
  html { font-size: 11px; }
  table { font-size: 10px; }
  .wide table { font-size: 9px; }
  a { color: inherit; text-decoration: none; }
}
`;

type Charts = Partial<Record<ChartId, string>>;

interface Col<R> {
  title: string;
  num?: boolean;
  cls?: (r: R) => string;
  cell: (r: R) => unknown;
}

function table<R>(rows: R[], cols: Array<Col<R>>, opts: { rowClass?: (r: R) => string; caption?: string; cls?: string } = {}): Html {
  return html`<table${opts.cls ? html` class="${opts.cls}"` : ''}>${opts.caption ? html`<caption>${opts.caption}</caption>` : ''}<thead><tr>${cols.map((c) => html`<th${c.num ? trusted(' class="num"') : ''}>${c.title}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr${opts.rowClass ? html` class="${opts.rowClass(r)}"` : ''}>${cols.map((c) => {
      const extra = c.cls ? c.cls(r) : '';
      const cls = [c.num ? 'num' : '', extra].filter(Boolean).join(' ');
      const mark = extra.split(' ').includes('breach') && !extra.split(' ').includes('nomark') ? html`<span class="mark"> ▼</span>` : '';
      return html`<td${cls ? html` class="${cls}"` : ''}>${c.cell(r)}${mark}</td>`;
    })}</tr>`,
  )}</tbody></table>`;
}

function figure(charts: Charts, id: ChartId, caption: string, data: Html): Html {
  const svg = charts[id];
  if (!svg) return html``;
  return html`<figure id="fig-${id}"><figcaption>${caption}</figcaption>${trusted(svg)}</figure>${data}`;
}

function cellHtml(cell: MetricCell | null, m: MetricColumn, compare: boolean, lang: Lang): Html {
  if (!cell) return html``;
  const mark = cell.breach ? html`<span class="mark"> ▼</span>` : '';
  const shown = cell.small ? html`<span class="few">${cellValueText(cell, m.unit, lang)}</span>` : html`${cellValueText(cell, m.unit, lang)}`;
  const v = cell.interval && cell.value !== null && !cell.small
    ? html`${shown}${mark} <span class="chg">${pct(cell.interval.lower)}–${pct(cell.interval.upper)}</span>`
    : html`${shown}${mark}`;
  return compare && cell.value !== null ? html`${v}<span class="chg">${formatReportChange(cell.change, m.unit)}</span>` : v;
}

/** Reasons for empty cells, grouped: "— no population: 城关派出所, 河口派出所". */
function reasonNotes(g: GroupTable, lang: Lang): Html {
  const notes = new Map<string, string[]>();
  for (const m of g.metrics) {
    for (const r of g.rows) {
      const c = r.cells[m.id];
      if (c && c.value === null && c.reason) {
        const k = labelled(m.short, c.reason, lang);
        notes.set(k, [...(notes.get(k) ?? []), r.label]);
      }
    }
  }
  if (!notes.size) return html``;
  return html`${[...notes.entries()].map(([k, labels]) => html`<p class="legend">— ${labelled(k, listText(labels, lang), lang)}</p>`)}`;
}

function groupTable(g: GroupTable, model: ReportModel): Html {
  const lang = model.lang;
  const compare = model.compare !== null;
  const cols: Array<Col<GroupTable['rows'][number]>> = [
    { title: t('report_station', lang), cell: (r) => r.label, cls: () => 'label' },
    ...g.metrics.map((m) => ({
      title: m.short,
      num: true,
      cls: (r: GroupTable['rows'][number]) => (r.cells[m.id]?.breach ? 'breach nomark' : ''),
      cell: (r: GroupTable['rows'][number]) => cellHtml(r.cells[m.id], m, compare, lang),
    })),
  ];
  const legend = html`<p class="legend">${g.metrics.map(
    (m) => html`<span>${metricLegend(m, lang)}</span>`,
  )}</p>`;
  return html`<div class="${g.metrics.length > 6 ? 'wide' : ''}">${table(g.rows, cols, { rowClass: (r) => (r.scope === 'county' ? 'county' : '') })}</div>${legend}${reasonNotes(g, lang)}${compare ? html`<p class="note">${t('report_change_legend', lang, { q: model.compare ?? '' })}</p>` : html`<p class="note">${t('report_breach_legend', lang)}</p>`}`;
}

function chartTable<R>(lang: Lang, rows: R[], cols: Array<Col<R>>): Html {
  return html`<details class="data" open><summary class="note">${t('report_chart_data', lang)}</summary>${table(rows, cols, { cls: 'chartdata' })}</details>`;
}

/** Pivot: one row per key, one column per series, with a total. */
function pivot<T>(rows: T[], key: (r: T) => string, series: (r: T) => string, value: (r: T) => number, keyOrder?: string[], colOrder?: string[]) {
  let keys = keyOrder ? keyOrder.filter((k) => rows.some((r) => key(r) === k)) : [...new Set(rows.map(key))];
  const present = [...new Set(rows.map(series))];
  const cols = colOrder ? [...colOrder.filter((c) => present.includes(c)), ...present.filter((c) => !colOrder.includes(c))] : present;
  const grid = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = grid.get(key(r)) ?? new Map<string, number>();
    m.set(series(r), (m.get(series(r)) ?? 0) + value(r));
    grid.set(key(r), m);
  }
  const total = (k: string): number => [...(grid.get(k)?.values() ?? [])].reduce((a, b) => a + b, 0);
  if (!keyOrder) keys = keys.sort((a, b) => total(b) - total(a) || a.localeCompare(b));
  return { keys, cols, get: (k: string, c: string) => grid.get(k)?.get(c) ?? 0, total };
}

function pivotTable(lang: Lang, p: ReturnType<typeof pivot>, keyTitle: string, fmt: (n: number) => string = (n) => String(n)): Html {
  return chartTable(lang, p.keys, [
    { title: keyTitle, cell: (k) => k, cls: () => 'label' },
    ...p.cols.map((c) => ({ title: c, num: true, cell: (k: string) => fmt(p.get(k, c)) })),
    { title: t('report_total', lang), num: true, cell: (k) => fmt(p.total(k)) },
  ]);
}

function summarySection(model: ReportModel): Html {
  const lang = model.lang;
  const compare = model.compare !== null;
  const figures = table(model.county_figures, [
    { title: t('report_metric', lang), cell: (f) => f.metric.title, cls: () => 'label' },
    ...(model.county_figures.some((f) => f.county !== model.county_figures[0]?.county) ? [{ title: t('report_scope', lang), cell: (f: (typeof model.county_figures)[number]) => f.label }] : []),
    { title: t('report_value', lang), num: true, cls: (f) => (f.cell.breach ? 'breach' : f.cell.small ? 'few' : ''), cell: (f) => cellValueText(f.cell, f.metric.unit, lang) },
    ...(compare
      ? [
          { title: model.compare ?? '', num: true, cell: (f: (typeof model.county_figures)[number]) => shareWithN(previousOf(f.cell), f.metric.unit, lang) },
          { title: t('report_change', lang), num: true, cell: (f: (typeof model.county_figures)[number]) => formatReportChange(f.cell.change, f.metric.unit) },
        ]
      : []),
    { title: t('report_threshold', lang), cell: (f) => f.cell.threshold_text },
    { title: t('report_notes', lang), cell: (f) => f.cell.reason ?? '', cls: () => 'note' },
  ]);
  const maxScore = Math.max(1, ...model.scorecard.rows.map((r) => r.score ?? 0));
  const score = model.scorecard.rows.length
    ? html`${table(model.scorecard.rows, [
        { title: t('report_rank', lang), num: true, cell: (r) => r.rank ?? '—' },
        { title: t('report_station', lang), cell: (r) => r.label, cls: () => 'label' },
        {
          title: t('report_score', lang),
          num: true,
          cell: (r) => (r.score === null ? '—' : html`${f1(r.score)}<span class="bar" style="width:${Math.round((80 * r.score) / maxScore)}px"></span>`),
        },
        {
          title: t('report_missing', lang),
          cell: (r) => missingText(r, lang),
          cls: () => 'note',
        },
      ], { cls: 'compact' })}<p class="note">${t('report_score_note', lang, { method: scoreMethodName(model.scorecard.method, lang) })} ${listText(model.scorecard.metrics.map((m) => t('report_weighted', lang, { title: m.title, weight: m.weight })), lang)}</p><p class="note">${tooFewNote(model, lang)}</p>`
    : html`<p class="note">—</p>`;
  const breaches = model.breaches.length
    ? table(model.breaches, [
        { title: t('report_station', lang), cell: (b) => b.label, cls: () => 'label' },
        { title: t('report_metric', lang), cell: (b) => b.metric.title },
        { title: t('report_value', lang), num: true, cls: () => 'breach', cell: (b) => cellValueText(b.cell, b.metric.unit, lang) },
        { title: t('report_threshold', lang), cell: (b) => b.threshold },
      ], { rowClass: (b) => (b.scope === 'county' ? 'county' : '') })
    : html`<p>${t('report_no_breaches', lang)}</p>`;
  return html`<section id="sec-summary"><h2>${t(SHEETS.summary, lang)}</h2>
<h3>${t('report_county_figures', lang)}</h3>${figures}
<h3>${t('report_scorecard', lang)}</h3>${score}
<h3>${t('report_breaches', lang)}</h3>${breaches}</section>`;
}

function groupSection(g: GroupTable, model: ReportModel, charts: Charts): Html {
  const lang = model.lang;
  const c = model.charts;
  const order = model.stations.map((s) => s.label);
  let figs = html``;
  if (g.group === 'staffing') {
    figs = html`${figure(charts, 'frontline', t('report_fig_frontline', lang, { p: pct(c.frontline.line, 0) }),
      chartTable(lang, c.frontline.rows, [
        { title: t('report_station', lang), cell: (r) => r.label, cls: () => 'label' },
        { title: t('report_frontline_share', lang), num: true, cls: (r) => (r.breach ? 'breach' : r.small ? 'few' : ''), cell: (r) => shareWithN(r, 'share', lang) },
      ]))}
${figure(charts, 'sworn', t('report_fig_sworn', lang),
      chartTable(lang, c.sworn, [
        { title: t('report_station', lang), cell: (r) => r.label, cls: () => 'label' },
        { title: t('report_area_type', lang), cell: (r) => r.area },
        { title: t('report_sworn_per_10k', lang), num: true, cls: (r) => (r.breach ? 'breach' : ''), cell: (r) => fixed(r.value, 1) },
        { title: t('report_minimum', lang), num: true, cell: (r) => fixed(r.threshold, 1) },
      ]))}`;
  } else if (g.group === 'workload') {
    const p = pivot(c.clearance, (r) => r.label, (r) => r.metric, (r) => r.value ?? NaN, order);
    figs = figure(charts, 'clearance', t('report_fig_clearance', lang),
      chartTable(lang, p.keys, [
        { title: t('report_station', lang), cell: (k) => k, cls: () => 'label' },
        ...p.cols.map((col) => ({
          title: col, num: true,
          cls: (k: string) => (c.clearance.find((r) => r.label === k && r.metric === col)?.shown.small ? 'few' : ''),
          cell: (k: string) => {
            const r = c.clearance.find((x) => x.label === k && x.metric === col);
            return r ? shareWithN(r.shown, 'share', lang) : '—';
          },
        })),
      ]));
  } else if (g.group === 'report_burden') {
    figs = html`${figure(charts, 'burden_kind', t('report_fig_burden_kind', lang),
      pivotTable(lang, pivot(c.burdenByKind, (r) => r.label, (r) => r.kind, (r) => r.items, order, c.kindOrder), t('report_station', lang)))}
${figure(charts, 'burden_issuer', t('report_fig_burden_issuer', lang),
      pivotTable(lang, pivot(c.burdenByIssuer, (r) => r.issuer, (r) => r.kind, (r) => r.items, undefined, c.kindOrder), t('report_issuer', lang)))}`;
  } else if (g.group === 'petitions') {
    figs = figure(charts, 'causes', t('report_fig_causes', lang),
      pivotTable(lang, pivot(c.causes, (r) => r.label, (r) => r.cause, (r) => r.n, order, c.causeOrder), t('report_station', lang)));
  }
  if (g.group === 'backtracking') {
    const bt = model.backtracking;
    figs = figure(charts, 'coverage', t('report_fig_coverage', lang),
      chartTable(lang, bt.rows.filter((r) => r.scope === 'station'), [
        { title: t('report_station', lang), cell: (r) => r.label, cls: () => 'label' },
        { title: t('report_coverage', lang), num: true, cls: (r) => (r.coverage?.breach ? 'breach' : r.coverage?.small ? 'few' : ''), cell: (r) => (r.coverage ? cellValueText(r.coverage, 'share', lang) : '—') },
      ]));
  }
  const extra = g.group === 'backtracking' ? backtrackingExtra(model) : g.group === 'integrity' ? gapsTable(model) : html``;
  return html`<section id="sec-${g.group}"><h2>${groupTitle(g.group, lang)}</h2>${figs}<h3>${t('report_metrics_by_station', lang)}</h3>${groupTable(g, model)}${extra}</section>`;
}

function backtrackingExtra(model: ReportModel): Html {
  const lang = model.lang;
  const bt = model.backtracking;
  const cov = html``;
  if (!bt.sample) return html`${cov}<p class="note">${t('report_no_sample', lang)}</p>`;
  const s = bt.sample;
  const info = html`<p class="note">${t('report_sample_info', lang, { id: s.id, created: s.created_at, rate: pct(s.rate, 0), seed: s.seed })}</p>`;
  if (!bt.findings || !bt.findings.has_findings) return html`${cov}${info}<p class="note">${t('report_no_findings', lang)}</p>`;
  const c = pct(bt.findings.confidence, 0);
  return html`${cov}<h3>${t('report_findings', lang)}</h3>${info}${table(bt.findings.rows, [
    { title: t('report_station', lang), cell: (r) => r.label, cls: () => 'label' },
    { title: t('report_population', lang), num: true, cell: (r) => r.population },
    { title: t('report_sampled', lang), num: true, cell: (r) => r.sampled },
    { title: t('report_reviewed', lang), num: true, cell: (r) => r.reviewed },
    { title: t('report_defects', lang), num: true, cell: (r) => r.defects },
    { title: t('report_defect_rate', lang), num: true, cell: (r) => pct(r.defect_rate) },
    { title: t('report_ci_lower_of', lang, { c }), num: true, cell: (r) => pct(r.ci_lower) },
    { title: t('report_ci_upper_of', lang, { c }), num: true, cell: (r) => pct(r.ci_upper) },
    { title: t('report_upper_one_sided', lang), num: true, cell: (r) => pct(r.upper_one_sided) },
  ], { rowClass: (r) => (r.scope === 'county' ? 'county' : '') })}<p class="note">${t('report_findings_scope', lang)}</p>`;
}

function gapsTable(model: ReportModel): Html {
  const lang = model.lang;
  const gaps = model.quality.gaps;
  if (!gaps.length) return html`<h3>${t('report_gaps', lang)}</h3><p>${t('report_gaps_none', lang)}</p>`;
  return html`<h3>${t('report_gaps', lang)}</h3>${table(gaps, [
    { title: t('report_station', lang), cell: (g) => g.label, cls: () => 'label' },
    { title: t('report_indicator', lang), cell: (g) => g.indicator },
    { title: t('report_date', lang), cell: (g) => g.date },
    { title: t('report_declared', lang), num: true, cell: (g) => g.declared },
    { title: t('report_recorded', lang), num: true, cell: (g) => g.recorded },
    { title: t('report_gap', lang), num: true, cls: () => 'breach', cell: (g) => signedCount(g.gap) },
  ])}`;
}

function planSection(model: ReportModel, charts: Charts): Html {
  const lang = model.lang;
  const p = model.plan;
  if (!p) return html`<section id="sec-plan"><h2>${t(SHEETS.plan, lang)}</h2><p class="note">${model.plan_error ?? '—'}</p></section>`;
  const tbl = table(p.rows, [
    { title: t('report_station', lang), cell: (r) => r.label, cls: () => 'label' },
    { title: t('report_cases', lang), num: true, cell: (r) => r.cases },
    { title: t('report_petitions', lang), num: true, cell: (r) => r.petitions },
    { title: t('report_hours_total', lang), num: true, cell: (r) => fixed(r.hours_total, 1) },
    { title: t('report_required', lang), num: true, cell: (r) => fixed(r.required, 2) },
    { title: t('report_actual', lang), num: true, cell: (r) => (r.actual === null ? html`<span title="${r.reason ?? ''}">—</span>` : r.actual) },
    { title: t('report_plan_gap', lang), num: true, cls: (r) => (r.short ? 'breach' : ''), cell: (r) => (r.gap === null ? '—' : formatReportChange(r.gap, 'ratio')) },
    { title: t('report_utilisation', lang), num: true, cell: (r) => pct(r.utilisation) },
  ], { rowClass: (r) => (r.scope === 'county' ? 'county' : '') });
  return html`<section id="sec-plan"><h2>${t('report_plan_title', lang)}</h2>
${figure(charts, 'plan', t('report_fig_plan', lang), html``)}
${tbl}
<p class="note">${t('report_plan_note', lang, { avail: fixed(p.available_hours, 0), ceiling: pct(p.ceiling, 0) })}</p>
<p>${t('report_plan_summary', lang, { short: p.stations_short, shortfall: fixed(p.shortfall, 1), grassroots: pct(p.grassroots_share) })}</p></section>`;
}

function changesSection(model: ReportModel, charts: Charts): Html {
  const lang = model.lang;
  if (!model.compare) return html``;
  return html`<section id="sec-changes"><h2>${bracketed(t('report_changes_title', lang), `${model.compare} → ${model.quarter}`, lang)}</h2>
${figure(charts, 'changes', t('report_fig_changes', lang), html``)}
${table(model.changes, [
  { title: t('report_metric', lang), cell: (r) => r.metric.title, cls: () => 'label' },
  ...(new Set(model.changes.map((r) => r.label)).size > 1 ? [{ title: t('report_scope', lang), cell: (r: (typeof model.changes)[number]) => r.label }] : []),
  { title: model.compare, num: true, cls: (r) => (r.before.small ? 'few' : ''), cell: (r) => shareWithN(r.before, r.metric.unit, lang) },
  { title: model.quarter, num: true, cls: (r) => (r.now.small ? 'few' : ''), cell: (r) => shareWithN(r.now, r.metric.unit, lang) },
  { title: t('report_change', lang), num: true, cell: (r) => formatReportChange(r.change, r.metric.unit) },
])}<p class="note">${comparedDatesText(model, lang)}</p></section>`;
}

function qualitySection(model: ReportModel): Html {
  const lang = model.lang;
  const q = model.quality;
  const rejects = q.reject_summary.length
    ? table(q.reject_summary.slice(0, 200), [
        { title: t('report_file', lang), cell: (r) => r.file, cls: () => 'label' },
        { title: t('report_sheet', lang), cell: (r) => r.sheet },
        { title: t('report_kind', lang), cell: (r) => kindLabel(r.kind, lang) },
        { title: t('report_column', lang), cell: (r) => r.column },
        { title: t('report_reason', lang), cell: (r) => r.reason },
        { title: t('report_rows', lang), num: true, cell: (r) => r.rows },
      ])
    : html`<p>${t('report_rejects_none', lang)}</p>`;
  const flags = q.flags.length
    ? table(q.flags, [
        { title: t('report_kind', lang), cell: (f) => kindLabel(f.kind, lang) },
        { title: t('report_flag', lang), cell: (f) => flagLabel(f.flag, lang) },
        { title: t('report_column', lang), cell: (f) => say(fieldName(f.kind, f.column), lang) },
        // The written value is a unit name or a post (flags.ts never puts personal data there); ID-number flags have none.
        { title: t('report_written', lang), cell: (f) => (f.flag === 'invalid_id_number' ? '' : f.value ?? '') },
        { title: t('report_rows', lang), num: true, cell: (f) => f.rows },
      ])
    : html`<p>${t('report_flags_none', lang)}</p>`;
  return html`<section id="sec-quality"><h2>${t(SHEETS.quality, lang)}</h2>
<h3>${bracketed(t('report_rejects_summary', lang), q.rejects_total, lang)}</h3>${rejects}
<h3>${bracketed(t('report_flags_summary', lang), q.flagged_total, lang)}</h3>${flags}
${gapsTable(model)}
<p class="note">${t('report_personal_note', lang)}</p></section>`;
}

function provenanceSection(model: ReportModel): Html {
  const lang = model.lang;
  const loads = model.provenance.loads;
  return html`<section id="sec-provenance"><h2>${t(SHEETS.provenance, lang)}</h2>
<table><tbody>
<tr><th>${t('report_report_command', lang)}</th><td class="mono">${model.command}</td></tr>
<tr><th>${t('report_generated_at', lang)}</th><td>${model.generated_at}</td></tr>
<tr><th>${t('report_tool_version', lang)}</th><td>jiceng ${model.tool_version}</td></tr>
<tr><th>${t('report_quarter', lang)}</th><td>${bracketed(model.quarter, partsText([t('report_period', lang, { start: model.start, end: model.end }), ...(model.compare ? [t('report_compared_with', lang, { q: model.compare })] : [])], lang), lang)}</td></tr>
</tbody></table>
<h3>${t('report_loads', lang)}</h3>
${loads.length ? html`<div class="wide">${table(loads, [
    { title: '#', num: true, cell: (l) => l.load_id },
    { title: t('report_file', lang), cell: (l) => l.file_name, cls: () => 'label' },
    { title: t('report_sheet', lang), cell: (l) => l.sheet },
    { title: t('report_kind', lang), cell: (l) => kindLabel(l.kind, lang) },
    { title: t('report_sha256', lang), cell: (l) => l.sha256, cls: () => 'mono' },
    { title: t('report_rows_loaded', lang), num: true, cell: (l) => l.rows_loaded },
    { title: t('report_rows_skipped', lang), num: true, cell: (l) => l.rows_skipped },
    { title: t('report_rows_rejected', lang), num: true, cell: (l) => l.rows_rejected },
    { title: t('report_loaded_at', lang), cell: (l) => l.finished_at ?? '' },
    { title: t('report_tool_version', lang), cell: (l) => l.tool_version ?? '' },
  ])}</div>` : html`<p>${t('report_no_loads', lang)}</p>`}</section>`;
}

/** Renders the report; `charts` holds the SVG from charts.ts renderCharts (missing charts are left out). */
export function renderHtml(model: ReportModel, charts: Charts = {}): string {
  const lang = model.lang;
  const sections: Array<{ id: string; title: string; body: Html }> = [];
  sections.push({ id: 'sec-summary', title: t(SHEETS.summary, lang), body: summarySection(model) });
  for (const g of model.groups) sections.push({ id: `sec-${g.group}`, title: groupTitle(g.group, lang), body: groupSection(g, model, charts) });
  sections.push({ id: 'sec-plan', title: t('report_plan_title', lang), body: planSection(model, charts) });
  if (model.compare) sections.push({ id: 'sec-changes', title: t('report_changes_title', lang), body: changesSection(model, charts) });
  if (model.trend) sections.push({ id: 'sec-trend', title: say(msg('trend_title'), lang), body: trendSection(model.trend, lang, { unitTitle: t('report_station', lang) }) });
  sections.push({ id: 'sec-quality', title: t(SHEETS.quality, lang), body: qualitySection(model) });
  sections.push({ id: 'sec-provenance', title: t(SHEETS.provenance, lang), body: provenanceSection(model) });

  const doc = html`${documentHead(lang, model.title, model.tool_version)}
<body>
<header class="cover">
<h1>${model.title}</h1>
<p class="meta">${t('report_period', lang, { start: model.start, end: model.end })}${model.compare ? html` · ${t('report_compared_with', lang, { q: model.compare })}` : ''}</p>
<p class="meta">${t('report_generated', lang, { at: model.generated_at, v: model.tool_version })}</p>
<p class="meta">${dataDateText(model, lang)}</p>
<p class="note">${t('report_personal_note', lang)}</p>
${model.warnings.length ? html`<ul class="warn">${model.warnings.map((w) => html`<li>${labelled(t('report_warnings', lang), w, lang)}</li>`)}</ul>` : ''}
<nav class="toc"><b>${t('report_toc', lang)}</b><ol>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>
</header>
${sections.map((s) => s.body)}
</body>
</html>
`;
  return doc.value;
}

/**
 * The head every report page shares: one Content-Security-Policy (no scripts, no fetches), the
 * styles inline. The county and the prefecture reports both start with it, so the policy lives once.
 */
export function documentHead(lang: Lang, title: string, toolVersion: string): Html {
  return html`<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="jiceng ${toolVersion}">
<title>${title}</title>
<style>${trusted(CSS)}</style>
</head>`;
}
