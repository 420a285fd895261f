// What one report run shares between its parts: the trend takes the report quarter's headline figures
// from the metrics run only when that run is the same computation (no --as-of, no comparison, no
// --strict); metric files run two at a time give their failures in file order.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkspace, type Workspace } from '../src/workspace.js';
import { computeMetrics, type MetricsResult } from '../src/metrics/run.js';
import { computeTrend, type TrendResult } from '../src/metrics/trend.js';
import { defaultMetricsDir } from '../src/metrics/definitions.js';
import { tmp } from './helpers.js';
import { loadWorkspace, writeCounty, type StationSpec } from './county-fixture.js';

/*
 * 示范县, 2026Q1..2026Q3, as in trends.test.ts:
 *   S01 城关派出所 sworn/frontline 10/5, 10/6, 12/8 → frontline_share 0.5, 0.6, 8/12
 *   S02 河口派出所 sworn/frontline  8/3,  8/4,  8/5 → frontline_share 0.375, 0.5, 0.625
 */
const QUARTERS = ['2026Q1', '2026Q2', '2026Q3'];
const STATIONS: StationSpec[] = [
  { id: 'S01', name: '城关派出所', area: '城区', population: 40000, staff: [[10, 5], [10, 6], [12, 8]], ledger: [3, 2, 1], petitions: [2, 1, 0], cases: [1, 1, 1] },
  { id: 'S02', name: '河口派出所', area: '农村', population: 25000, staff: [[8, 3], [8, 4], [8, 5]], ledger: [2, 2, 2], petitions: [0, 1, 1], cases: [1, 1, 1] },
];

const frontline = (t: TrendResult, station: string): Array<number | null> =>
  t.series.find((s) => s.metric === 'frontline_share' && s.station_id === station)!.points.map((p) => (p.value === null ? null : Number(p.value.toFixed(12))));

/** The run with S01's frontline_share in 2026Q3 replaced by a marker, to see whether the trend took it. */
function marked(r: MetricsResult): MetricsResult {
  return { ...r, values: r.values.map((v) => (v.metric === 'frontline_share' && v.station_id === 'S01' ? { ...v, value: 0.123 } : v)) };
}

describe('the trend of a report takes the quarter it shares with the metrics run', () => {
  let ws: Workspace;
  beforeAll(async () => {
    const dir = tmp('jiceng-reuse-files-');
    const path = join(tmp('jiceng-reuse-ws-'), 'ws');
    loadWorkspace(path, await writeCounty(dir, '示范县', STATIONS, QUARTERS));
    ws = await openWorkspace(path, { readOnly: true });
  });
  afterAll(() => ws.close());

  it('gives the figures worked by hand, the same with the run reused as without', async () => {
    const run = await computeMetrics(ws, { quarter: '2026Q3' });
    const reused = await computeTrend(ws, { last: '2026Q3', reuse: run, quarters: run.quarters });
    const again = await computeTrend(ws, { last: '2026Q3' });
    expect(reused.quarters).toEqual(QUARTERS);
    expect(frontline(reused, 'S01')).toEqual([0.5, 0.6, Number((8 / 12).toFixed(12))]);
    expect(frontline(reused, 'S02')).toEqual([0.375, 0.5, 0.625]);
    expect(reused).toEqual(again);
  });

  it('takes the 2026Q3 points from the run (a marked value shows), the earlier quarters from their own runs', async () => {
    const run = marked(await computeMetrics(ws, { quarter: '2026Q3' }));
    const t = await computeTrend(ws, { last: '2026Q3', reuse: run });
    expect(frontline(t, 'S01')).toEqual([0.5, 0.6, 0.123]);
  });

  it('runs the quarter again when the run compared quarters, used --as-of, or the trend is --strict', async () => {
    const compared = marked(await computeMetrics(ws, { quarter: '2026Q3', compare: '2026Q2' }));
    expect(frontline(await computeTrend(ws, { last: '2026Q3', reuse: compared }), 'S01')[2]).toBe(Number((8 / 12).toFixed(12)));
    const asOf = marked(await computeMetrics(ws, { quarter: '2026Q3', asOf: '2026-10-15' }));
    expect(frontline(await computeTrend(ws, { last: '2026Q3', reuse: asOf }), 'S01')[2]).toBe(Number((8 / 12).toFixed(12)));
    const plain = marked(await computeMetrics(ws, { quarter: '2026Q3' }));
    expect(frontline(await computeTrend(ws, { last: '2026Q3', reuse: plain, strict: true }), 'S01')[2]).toBe(Number((8 / 12).toFixed(12)));
  });
});

describe('metric files run two at a time', () => {
  let ws: Workspace;
  let dirs: string[];
  beforeAll(async () => {
    const dir = tmp('jiceng-lanes-files-');
    const path = join(tmp('jiceng-lanes-ws-'), 'ws');
    loadWorkspace(path, await writeCounty(dir, '示范县', STATIONS, QUARTERS));
    // Two failing files among the shipped ones: the first by file order fails slowly (a large cross
    // join before its error), the second at once, so with two connections the second finishes first.
    const own = join(tmp('jiceng-lanes-metrics-'), 'metrics');
    mkdirSync(own, { recursive: true });
    const header = (id: string): string => [`-- id: ${id}`, `-- title_en: ${id}`, `-- title_zh: ${id}`, '-- group: report_burden', '-- unit: count', '-- grain: station', '-- direction: lower_is_better', ''].join('\n');
    writeFileSync(join(own, 'aa_slow_failure.sql'), header('aa_slow_failure') +
      `SELECT 'S01' AS station_id, CAST(count(*) AS INTEGER) + CAST('x' || CAST(max(a.range) AS VARCHAR) AS INTEGER) AS numerator FROM range(3000) a, range(3000) b\n`);
    writeFileSync(join(own, 'zz_quick_failure.sql'), header('zz_quick_failure') + `SELECT 'S01' AS station_id, CAST('y' AS INTEGER) AS numerator\n`);
    dirs = [defaultMetricsDir(), own];
    ws = await openWorkspace(path, { readOnly: true });
  });
  afterAll(() => ws.close());

  it('lists the failures in file order, and --strict stops at the first file in that order', async () => {
    const r = await computeMetrics(ws, { quarter: '2026Q3', metricsDirs: dirs });
    const failed = r.warnings.filter((w) => w.code === 'metric_error_warning').map((w) => w.params!.id);
    expect(failed).toEqual(['aa_slow_failure', 'zz_quick_failure']);
    expect(r.values.filter((v) => v.metric === 'aa_slow_failure' && v.scope === 'station').every((v) => v.reason === 'metric_error')).toBe(true);
    // The other files' figures are there: frontline_share of S01 in 2026Q3 is 8/12.
    expect(r.values.find((v) => v.metric === 'frontline_share' && v.station_id === 'S01')!.value).toBeCloseTo(8 / 12, 12);
    await expect(computeMetrics(ws, { quarter: '2026Q3', metricsDirs: dirs, strict: true })).rejects.toMatchObject({ msg: { params: { id: 'aa_slow_failure' } } });
  });
});
