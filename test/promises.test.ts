// The promises users rely on, pinned with literal known answers: the same seed draws the same cases
// on any machine, and every per-unit figure of the demo equals the truth its generator recorded.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rankKey } from '../src/sample/rank.js';
import { Database } from '../src/db/database.js';
import { cli, ROOT, tmp } from './helpers.js';

describe('rankKey', () => {
  it('is the SHA-256 anyone can recompute with printf | sha256sum', () => {
    // printf '%s' 'jiceng-sample-v1|jiceng-demo|341182510100|criminal|A341182510100202600164' | sha256sum
    expect(rankKey('jiceng-demo', '341182510100|criminal', 'A341182510100202600164')).toBe(
      '00d817f46240f702a8a7a61d7e6d72513a2b70ca02a7b4f4f31461f08162b4be',
    );
    // printf '%s' 'jiceng-sample-v1|seed-1|城关派出所|criminal|A001' | sha256sum
    expect(rankKey('seed-1', '城关派出所|criminal', 'A001')).toBe('49b5c19e8d11b9955f140e80f2606116b0fc43bfb1c11331b1599f1c69af1cd8');
  });
});

interface Unit {
  unit_kind: string;
  sworn: number;
  auxiliary: number;
  frontline: number;
  command: number;
  qualified: number;
  seconded_out: number;
  population: number;
  authorized_strength: number;
  petitions: number;
  cases: { received: number; criminal: number; criminal_cleared: number; proactive: number; known_source: number };
  ledger: { items: number; hours: number; issuing_departments: number; meetings: number; inspections: number; non_police_hours: number; late: number; with_both_dates: number; duplicate_asks: number };
}
interface Value {
  metric: string;
  scope: string;
  station_name: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  detail: unknown;
}

const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'demo', 'EXPECTED.json'), 'utf8')) as {
  quarters: Record<string, { units: Record<string, Unit> }>;
  deliberate: { altered_statistics: Array<{ station: string; gap: number }> };
};

describe('the demo county', () => {
  let ws = '';
  const values: Record<string, Value[]> = {};
  beforeAll(() => {
    const out = tmp();
    const r = cli(['demo', '--out', out, '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    ws = join(out, 'demo-workspace');
    for (const q of ['2026Q2', '2026Q3']) {
      const m = cli(['metrics', '--json', '--quarter', q, '-w', ws]);
      expect(m.code, m.stderr).toBe(0);
      values[q] = (JSON.parse(m.stdout) as { values: Value[] }).values;
    }
  }, 180_000);

  it('draws the same cases with the demo seed on any machine', async () => {
    const db = await Database.open(join(ws, 'jiceng.duckdb'), { readOnly: true });
    try {
      const rows = await db.all<{ case_id: string }>(`SELECT case_id FROM sample_cases ORDER BY case_id`);
      expect(rows.map((r) => r.case_id)).toEqual([
        'A341182510100202600128', 'A341182510100202600164', 'A341182510200202600112', 'A341182510300202600063',
        'A341182510400202600037', 'A341182510500202600024', 'A341182510600202600026', 'A341182510700202600023',
        'A341182520100202600052', 'B341182510100202600196', 'B341182510200202600126', 'B341182510300202600064',
        'B341182510400202600071', 'B341182510500202600056', 'B341182510700202600040',
      ]);
    } finally {
      db.close();
    }
  });

  for (const q of ['2026Q2', '2026Q3']) {
    it(`computes every station's figures of ${q} as the generator recorded them`, () => {
      const units = EXPECTED.quarters[q].units;
      const stations = Object.entries(units).filter(([, u]) => u.unit_kind === 'station');
      expect(stations.length).toBe(7);
      const get = (metric: string, station: string): Value => {
        const v = values[q].find((x) => x.metric === metric && x.scope === 'station' && x.station_name === station);
        if (!v) throw new Error(`no ${metric} for ${station} in ${q}`);
        return v;
      };
      const share = (metric: string, station: string, num: number, den: number, scale = 1): void => {
        const v = get(metric, station);
        expect([metric, station, v.numerator, v.denominator]).toEqual([metric, station, num, den]);
        if (den > 0) expect(v.value, `${metric} ${station}`).toBeCloseTo((num / den) * scale, 10);
      };
      for (const [name, u] of stations) {
        share('sworn_per_10k', name, u.sworn, u.population, 10_000);
        share('staff_per_10k', name, u.sworn + u.auxiliary, u.population, 10_000);
        share('qualified_share', name, u.qualified, u.sworn);
        share('frontline_share', name, u.frontline, u.sworn);
        share('command_share', name, u.command, u.sworn);
        share('clearance_rate', name, u.cases.criminal_cleared, u.cases.criminal);
        share('proactive_share', name, u.cases.proactive, u.cases.known_source);
        share('late_share', name, u.ledger.late, u.ledger.with_both_dates);
        expect(get('vacancy_rate', name).value).toBeCloseTo((u.authorized_strength - u.sworn) / u.authorized_strength, 12);
        expect(get('cases_per_frontline', name).value).toBeCloseTo(u.cases.received / u.frontline, 12);
        expect(get('petitions_per_10k', name).value).toBeCloseTo((u.petitions / u.population) * 10_000, 10);
        expect(get('non_police_share', name).value).toBeCloseTo(u.ledger.non_police_hours / u.ledger.hours, 12);
        expect(get('seconded_out', name).value).toBe(u.seconded_out);
        expect(get('ledger_items', name).value).toBe(u.ledger.items);
        expect(get('issuing_departments', name).value).toBe(u.ledger.issuing_departments);
        expect(get('meetings', name).value).toBe(u.ledger.meetings);
        expect(get('inspections', name).value).toBe(u.ledger.inspections);
        expect(get('duplicate_asks', name).value).toBe(u.ledger.duplicate_asks);
      }
    });
  }

  it('finds exactly the statistics the generator altered, with their gaps', () => {
    const flagged = values['2026Q3']
      .filter((v) => v.metric === 'declared_vs_recorded' && v.scope === 'station' && v.value !== null && v.value !== 0)
      .map((v) => ({ station: v.station_name, gap: v.value }));
    expect(flagged).toEqual(EXPECTED.deliberate.altered_statistics.map((a) => ({ station: a.station, gap: a.gap })));
    expect(flagged).toEqual([{ station: '河口派出所', gap: 3 }, { station: '柳树湾派出所', gap: -5 }]);
  });
});
