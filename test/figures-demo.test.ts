// The fair figures on generated counties: clearance_rate_30d and the Kaplan–Meier median against an
// independent computation from the generator's own rows (plain TS, not the product's code), the data
// date taken from the case exports, and in the demo: no censoring-made drop in the change chart, every
// share with its n, one backtrack coverage, no unclassified post.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { loadFiles } from '../src/ingest/batch.js';
import { computeMetrics, type MetricsResult, type MetricValue } from '../src/metrics/run.js';
import { buildReportModel } from '../src/report/index.js';
import { generateCounty } from '../fixtures/generate.js';
import { buildCounty, EXPORT_DAY, type Case, type County, type Unit } from '../fixtures/county.js';
import { DEFAULT_SEED } from '../fixtures/generate.js';
import { tmp, cli } from './helpers.js';

// ---------------------------------------------------------------------------------------------
// The definitions, computed again from the generator's rows (dates are UTC ms of the wall-clock time).

const DAY = 86_400_000;
const day = (ms: number): number => Math.floor(ms / DAY);
const iso = (d: number): string => new Date(d * DAY).toISOString().slice(0, 10);
const QUARTER_DAYS = { '2026Q2': [day(Date.UTC(2026, 3, 1)), day(Date.UTC(2026, 5, 30))], '2026Q3': [day(Date.UTC(2026, 6, 1)), day(Date.UTC(2026, 8, 30))] } as const;
type Q = keyof typeof QUARTER_DAYS;

const latestDay = (cs: Case[]): number => Math.max(...cs.flatMap((c) => [c.received, c.filed, c.solved, c.closed]).filter((x): x is number => x !== undefined).map(day));

/**
 * The data date of each quarter, from the files the generator writes: 案件台账_2026Q3.xlsx names its
 * 制表日期 in the footer (the export day); 案件台账_2026Q2.csv and 刑侦大队案件_2026.csv name none, so
 * theirs is their latest date. A quarter takes the latest among the files holding its cases.
 */
function dataDays(c: County): Record<Q, number> {
  const kind = new Map(c.units.map((u) => [u.name, u.kind]));
  const stationQ2 = c.cases.filter((x) => x.quarter === '2026Q2' && kind.get(x.station) === 'station');
  const specialist = c.cases.filter((x) => kind.get(x.station) === 'specialist');
  return {
    '2026Q2': Math.max(latestDay(stationQ2), latestDay(specialist)),
    '2026Q3': Math.max(day(EXPORT_DAY), latestDay(specialist)),
  };
}

interface Truth { cleared30: number; eligible30: number; clearedSoFar: number; criminal: number; median: number | null; n: number }

function kmMedian(items: Array<{ t: number; closed: boolean }>): number | null {
  const times = [...new Set(items.filter((x) => x.closed).map((x) => x.t))].sort((a, b) => a - b);
  let s = 1;
  for (const t of times) {
    const atRisk = items.filter((x) => x.t >= t).length;
    const closed = items.filter((x) => x.closed && x.t === t).length;
    s *= 1 - closed / atRisk;
    if (s <= 0.5 + 1e-12) return t;
  }
  return null;
}

function truth(cases: Case[], q: Q, dataDay: number): Truth {
  const [qs, qe] = QUARTER_DAYS[q];
  const inQ = cases.filter((c) => day(c.received) >= qs && day(c.received) <= qe && day(c.received) <= dataDay);
  const criminal = inQ.filter((c) => c.type === 'criminal');
  const eligible = criminal.filter((c) => day(c.received) <= dataDay - 30);
  const firstClear = (c: Case): number | undefined => {
    const ds = [c.solved, c.closed].filter((x): x is number => x !== undefined && day(x) <= dataDay).map(day);
    return ds.length ? Math.min(...ds) : undefined;
  };
  const cleared30 = eligible.filter((c) => {
    const f = firstClear(c);
    return f !== undefined && f - day(c.received) <= 30;
  }).length;
  const items = inQ.map((c) => {
    const closed = c.closed !== undefined && day(c.closed) <= dataDay;
    return { t: (closed ? day(c.closed!) : dataDay) - day(c.received), closed };
  });
  return {
    cleared30, eligible30: eligible.length, clearedSoFar: criminal.filter((c) => firstClear(c) !== undefined).length, criminal: criminal.length,
    median: kmMedian(items), n: inQ.length,
  };
}

function stationsOf(c: County): Unit[] {
  return c.units.filter((u) => u.kind === 'station');
}

const valueOf = (r: MetricsResult, metric: string, stationName: string | null): MetricValue =>
  r.values.find((v) => v.metric === metric && (stationName === null ? v.scope === 'county' : v.station_name === stationName))!;

function expectAgrees(r: MetricsResult, c: County, q: Q, dataDay: number): void {
  const stations = stationsOf(c);
  const all: Case[] = [];
  for (const u of stations) {
    const own = c.cases.filter((x) => x.station === u.name);
    all.push(...own);
    const t = truth(own, q, dataDay);
    const cr = valueOf(r, 'clearance_rate_30d', u.name);
    expect([cr.numerator, cr.denominator], `${q} ${u.name} clearance_rate_30d`).toEqual([t.cleared30, t.eligible30]);
    const md = valueOf(r, 'median_days_to_close', u.name);
    expect(md.value, `${q} ${u.name} median_days_to_close`).toBe(t.median);
    expect(md.denominator, `${q} ${u.name} cases`).toBe(t.n);
    if (t.median === null) expect(md.reason).toBe('km_not_reached');
  }
  const t = truth(all, q, dataDay);
  expect([valueOf(r, 'clearance_rate_30d', null).numerator, valueOf(r, 'clearance_rate_30d', null).denominator], `${q} county`).toEqual([t.cleared30, t.eligible30]);
  expect(valueOf(r, 'median_days_to_close', null).value, `${q} county median`).toBe(t.median);
}

// ---------------------------------------------------------------------------------------------

describe('a held-back county (seed 4242) against an independent computation', () => {
  let ws: Workspace;
  let county: County;
  let q3: MetricsResult;
  let q2: MetricsResult;
  beforeAll(async () => {
    const files = tmp('jiceng-heldback-files-');
    const m = await generateCounty({ outDir: files, seed: 4242 });
    county = m.county;
    const dir = tmp('jiceng-heldback-ws-');
    await initWorkspace(dir);
    ws = await openWorkspace(dir);
    await loadFiles(ws, [files], { today: '2026-11-01' });
    q3 = await computeMetrics(ws, { quarter: '2026Q3', metrics: ['clearance_rate_30d', 'median_days_to_close'] });
    q2 = await computeMetrics(ws, { quarter: '2026Q2', metrics: ['clearance_rate_30d', 'median_days_to_close'] });
  }, 120_000);
  afterAll(() => ws?.close());

  it('the data date comes from the case exports themselves', () => {
    const d = dataDays(county);
    expect(q3.data_date).toBe(iso(d['2026Q3']));
    expect(q3.data_date).toBe('2026-10-08'); // the footer's 制表日期
    expect(q2.data_date).toBe(iso(d['2026Q2']));
    expect(q3.data_date_source).toBe('loads');
  });

  it('2026Q3: clearance_rate_30d and the Kaplan–Meier median of every station and the county', () => {
    expectAgrees(q3, county, '2026Q3', dataDays(county)['2026Q3']);
  });

  it('2026Q2: the same', () => {
    expectAgrees(q2, county, '2026Q2', dataDays(county)['2026Q2']);
  });
});

describe('the demo', () => {
  let out: string;
  let wsDir: string;
  let ws: Workspace;
  let page: string;
  beforeAll(async () => {
    out = tmp('jiceng-demo-figures-');
    const r = cli(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    wsDir = join(out, 'demo-workspace');
    ws = await openWorkspace(wsDir, { readOnly: true });
    page = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.html'))!), 'utf8');
  }, 180_000);
  afterAll(() => ws?.close());

  it('the change chart shows no clearance drop made by censoring', async () => {
    const model = await buildReportModel(ws, { lang: 'zh', compare: '' });
    const c = buildCounty(DEFAULT_SEED, 1);
    const d = dataDays(c);
    const stationCases = c.cases.filter((x) => stationsOf(c).some((u) => u.name === x.station));
    const t3 = truth(stationCases, '2026Q3', d['2026Q3']);
    const t2 = truth(stationCases, '2026Q2', d['2026Q2']);
    // What censoring does to "cleared so far": the quarter that just ended looks much worse.
    expect(t3.clearedSoFar / t3.criminal - t2.clearedSoFar / t2.criminal).toBeLessThan(-0.05);
    const names = model.charts.changes.map((x) => x.metric);
    const soFar = model.groups.flatMap((g) => g.metrics).find((m) => m.id === 'clearance_rate')!;
    const within30 = model.groups.flatMap((g) => g.metrics).find((m) => m.id === 'clearance_rate_30d')!;
    expect(names).not.toContain(soFar.short);
    const bar = model.charts.changes.find((x) => x.metric === within30.short)!;
    expect(bar.change_pp).toBeCloseTo(100 * (t3.cleared30 / t3.eligible30 - t2.cleared30 / t2.eligible30), 9);
    expect(model.changes.find((x) => x.metric.id === 'clearance_rate')!.change).toBeNull();
    expect(page).toContain(`数据日期：${iso(d['2026Q3'])}`);
    expect(page).toContain(`2026Q2 为 ${iso(d['2026Q2'])}，2026Q3 为 ${iso(d['2026Q3'])}`);
  });

  it('every share in the metric tables shows its n', () => {
    // The summary, the group tables with their chart data, and the change table; SVG and notes aside.
    const sections = [...page.matchAll(/<section id="sec-(summary|staffing|workload|report_burden|petitions|backtracking|integrity|changes)">([\s\S]*?)<\/section>/g)].map((m) => m[2]);
    expect(sections.length).toBeGreaterThanOrEqual(7);
    const body = sections.join('\n').replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<p class="note[\s\S]*?<\/p>/g, '');
    const shares = [...body.matchAll(/(\d+\.\d%)(.{0,24})/g)];
    expect(shares.length).toBeGreaterThan(100);
    // non_police_share is a share of hours: its n is in hours (490.5/1425.5).
    const bare = shares.filter((m) => !/^（[\d.]+\/[\d.]+）/.test(m[2]) && !/^–/.test(m[2]) && !/^<\/span>/.test(m[2]));
    expect(bare.map((m) => m[0])).toEqual([]);
    expect(page).toMatch(/<span class="few">样本过少（\d+\/\d+）<\/span>/);
  });

  it('the report and the auditor workbook give the same county backtrack coverage', async () => {
    const r = await computeMetrics(ws, { metrics: ['backtrack_coverage'] });
    const county = valueOf(r, 'backtrack_coverage', null);
    const wbFile = readdirSync(out).find((f) => f.startsWith('倒查样本_'))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, wbFile));
    let row: ExcelJS.Row | undefined;
    for (const sheet of wb.worksheets) sheet.eachRow((x) => { if (x.getCell(1).value === '全县（全部单位）') row = x; });
    expect(row).toBeDefined();
    expect([row!.getCell(5).value, row!.getCell(3).value]).toEqual([county.numerator, county.denominator]);
    expect(county.value).toBeCloseTo(row!.getCell(6).value as number, 12);
    expect(page).toContain(`（${county.numerator}/${county.denominator}）`);
  });

  it('no post in the demo roster is unclassified', () => {
    const s = JSON.parse(cli(['status', '--flags', '--json', '-w', wsDir]).stdout);
    expect(s.flags.filter((f: { flag: string }) => f.flag === 'unclassified_post')).toEqual([]);
    expect(existsSync(wsDir)).toBe(true);
  });
});
