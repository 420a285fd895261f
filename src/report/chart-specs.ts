// The report's charts as Vega-Lite specs: plain objects with inline data, pure functions of the report model (rendered by charts.ts).
import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel } from './model.js';
import { t, type Lang } from './labels.js';
import { FONT_STACK } from './fonts.js';

const COLORS = {
  bar: '#3b6ea5',
  breach: '#c8553d',
  line: '#b0302a',
  good: '#4c956c',
  bad: '#c8553d',
  neutral: '#8d99ae',
  second: '#e0a458',
};

function config(): Record<string, unknown> {
  return {
    font: FONT_STACK,
    background: 'white',
    aria: false,
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
    legend: { orient: 'bottom', labelFontSize: 11, titleFontSize: 11, labelLimit: 220, columns: 6, symbolType: 'square' },
    header: { labelFontSize: 12, titleFontSize: 12, labelFont: FONT_STACK, titleFont: FONT_STACK },
    title: { font: FONT_STACK },
  };
}

const WIDTH = 520;
const STEP = 20;

export type ChartId = 'frontline' | 'sworn' | 'burden_kind' | 'burden_issuer' | 'causes' | 'clearance' | 'changes' | 'plan' | 'coverage';

/** The Vega-Lite specs of the report (only charts that have something to show). Pure. */
export function chartSpecs(model: ReportModel): Partial<Record<ChartId, TopLevelSpec>> {
  const lang: Lang = model.lang;
  const c = model.charts;
  const order = model.stations.map((s) => s.label);
  const specs: Partial<Record<ChartId, TopLevelSpec>> = {};
  const stationAxis = { field: 'label', type: 'nominal', sort: order, title: null } as const;

  if (c.frontline.rows.some((r) => r.value !== null)) {
    const line = c.frontline.line;
    specs.frontline = {
      config: config(),
      width: WIDTH,
      height: { step: STEP },
      data: { values: c.frontline.rows.filter((r) => r.value !== null) },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: stationAxis,
            x: { field: 'value', type: 'quantitative', title: t('report_axis_frontline', lang), axis: { format: '.0%' }, scale: { domain: [0, Math.max(1, ...c.frontline.rows.map((r) => r.value ?? 0))] } },
            color: { condition: { test: `datum.value < ${line}`, value: COLORS.breach }, value: COLORS.bar },
          },
        },
        { data: { values: [{ x: line }] }, mark: { type: 'rule', color: COLORS.line, strokeDash: [5, 3], strokeWidth: 2 }, encoding: { x: { field: 'x', type: 'quantitative' } } },
        {
          data: { values: [{ x: line, text: t('report_line_at', lang, { p: `${Math.round(line * 100)}%` }) }] },
          mark: { type: 'text', align: 'left', dx: 4, dy: -4, baseline: 'bottom', color: COLORS.line, fontSize: 11 },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'text' } },
        },
      ],
    } as TopLevelSpec;
  }

  if (c.sworn.some((r) => r.value !== null)) {
    specs.sworn = {
      config: config(),
      data: { values: c.sworn.filter((r) => r.value !== null) },
      facet: { row: { field: 'area', type: 'nominal', title: null, sort: c.areaOrder, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold' } } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: WIDTH,
        height: { step: STEP },
        layer: [
          {
            mark: 'bar',
            encoding: {
              y: { field: 'label', type: 'nominal', title: null, sort: order },
              x: { field: 'value', type: 'quantitative', title: t('report_axis_sworn', lang) },
              color: { condition: { test: 'datum.threshold != null && datum.value < datum.threshold', value: COLORS.breach }, value: COLORS.bar },
            },
          },
          {
            transform: [{ filter: 'datum.threshold != null' }],
            mark: { type: 'tick', color: COLORS.line, thickness: 3 },
            encoding: { y: { field: 'label', type: 'nominal', sort: order }, x: { field: 'threshold', type: 'quantitative' } },
          },
        ],
      },
    } as TopLevelSpec;
  }

  if (c.burdenByKind.length) {
    specs.burden_kind = {
      config: config(),
      width: WIDTH,
      height: { step: STEP },
      data: { values: c.burdenByKind.map((r) => ({ ...r, kindIndex: c.kindOrder.indexOf(r.kind) })) },
      mark: 'bar',
      encoding: {
        y: stationAxis,
        x: { field: 'items', type: 'quantitative', aggregate: 'sum', title: t('report_axis_burden_kind', lang) },
        color: { field: 'kind', type: 'nominal', title: null, sort: c.kindOrder, scale: { domain: c.kindOrder, scheme: 'tableau10' } },
        order: { field: 'kindIndex', type: 'quantitative' },
      },
    } as TopLevelSpec;
  }

  if (c.burdenByIssuer.length) {
    const totals = new Map<string, number>();
    for (const r of c.burdenByIssuer) totals.set(r.issuer, (totals.get(r.issuer) ?? 0) + r.items);
    const top = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 15).map(([k]) => k);
    specs.burden_issuer = {
      config: config(),
      width: WIDTH,
      height: { step: STEP },
      data: { values: c.burdenByIssuer.filter((r) => top.includes(r.issuer)).map((r) => ({ ...r, kindIndex: c.kindOrder.indexOf(r.kind) })) },
      mark: 'bar',
      encoding: {
        y: { field: 'issuer', type: 'nominal', sort: top, title: null },
        x: { field: 'items', type: 'quantitative', aggregate: 'sum', title: t('report_axis_burden_issuer', lang) },
        color: { field: 'kind', type: 'nominal', title: null, sort: c.kindOrder, scale: { domain: c.kindOrder, scheme: 'tableau10' } },
        order: { field: 'kindIndex', type: 'quantitative' },
      },
    } as TopLevelSpec;
  }

  if (c.causes.length) {
    specs.causes = {
      config: config(),
      width: WIDTH,
      height: { step: STEP },
      data: { values: c.causes.map((r) => ({ ...r, causeIndex: c.causeOrder.indexOf(r.cause) })) },
      mark: 'bar',
      encoding: {
        y: stationAxis,
        x: { field: 'n', type: 'quantitative', aggregate: 'sum', title: t('report_axis_causes', lang), axis: { tickMinStep: 1, format: 'd' } },
        color: { field: 'cause', type: 'nominal', title: null, sort: c.causeOrder, scale: { domain: c.causeOrder, scheme: 'set2' } },
        order: { field: 'causeIndex', type: 'quantitative' },
      },
    } as TopLevelSpec;
  }

  if (c.clearance.some((r) => r.value !== null)) {
    specs.clearance = {
      config: config(),
      width: WIDTH,
      height: { step: 12 },
      data: { values: c.clearance.filter((r) => r.value !== null) },
      mark: 'bar',
      encoding: {
        y: stationAxis,
        yOffset: { field: 'metric', type: 'nominal' },
        x: { field: 'value', type: 'quantitative', title: null, axis: { format: '.0%' } },
        color: { field: 'metric', type: 'nominal', title: null, scale: { range: [COLORS.bar, COLORS.second] } },
      },
    } as TopLevelSpec;
  }

  if (c.changes.length) {
    specs.changes = {
      config: config(),
      width: WIDTH,
      height: { step: STEP },
      data: { values: c.changes },
      mark: 'bar',
      encoding: {
        y: { field: 'metric', type: 'nominal', sort: c.changes.map((r) => r.metric), title: null },
        x: { field: 'change_pp', type: 'quantitative', title: t('report_axis_changes', lang, { q: model.compare ?? '' }) },
        color: {
          field: 'tone', type: 'nominal', title: null,
          scale: { domain: ['better', 'worse', 'neutral'], range: [COLORS.good, COLORS.bad, COLORS.neutral] },
          legend: null,
        },
      },
    } as TopLevelSpec;
  }

  if (c.plan.length) {
    const values = c.plan.flatMap((r) => [
      { label: r.label, series: t('report_required', lang), value: r.required },
      ...(r.actual === null ? [] : [{ label: r.label, series: t('report_actual', lang), value: r.actual }]),
    ]);
    specs.plan = {
      config: config(),
      width: WIDTH,
      height: { step: 14 },
      data: { values },
      mark: 'bar',
      encoding: {
        y: stationAxis,
        yOffset: { field: 'series', type: 'nominal', sort: [t('report_required', lang), t('report_actual', lang)] },
        x: { field: 'value', type: 'quantitative', title: t('report_axis_plan', lang) },
        color: { field: 'series', type: 'nominal', title: null, sort: [t('report_required', lang), t('report_actual', lang)], scale: { range: [COLORS.second, COLORS.bar] } },
      },
    } as TopLevelSpec;
  }

  if (c.coverage.rows.some((r) => r.value !== null)) {
    const layers: unknown[] = [
      {
        mark: 'bar',
        encoding: {
          y: stationAxis,
          x: { field: 'value', type: 'quantitative', title: t('report_coverage', lang), axis: { format: '.0%' } },
          color: c.coverage.line === null ? { value: COLORS.bar } : { condition: { test: `datum.value < ${c.coverage.line}`, value: COLORS.breach }, value: COLORS.bar },
        },
      },
    ];
    if (c.coverage.line !== null) {
      layers.push({ data: { values: [{ x: c.coverage.line }] }, mark: { type: 'rule', color: COLORS.line, strokeDash: [5, 3], strokeWidth: 2 }, encoding: { x: { field: 'x', type: 'quantitative' } } });
    }
    specs.coverage = { config: config(), width: WIDTH, height: { step: STEP }, data: { values: c.coverage.rows.filter((r) => r.value !== null) }, layer: layers } as TopLevelSpec;
  }
  return specs;
}
