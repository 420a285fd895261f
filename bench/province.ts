// The province-scale figure of `npm run bench`: counties built by a seeded generator, exported as lakes, merged, metrics computed;
// timed against DuckDB reading the same Parquet files. Each step runs in its own process (bench/run.ts) so peak memory is its own.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROVINCE_FULL, buildProvince, countyDir, countyName, type ProvinceSize } from '../fixtures/province.js';

export interface StepResult {
  ms: number;
  rssMb: number;
  rows: number;
  bytes?: number;
}

/**
 * The size: by default a fifth of a province (10 counties, 500,000 cases a year: the same county size,
 * under five minutes on a shared 2-core machine); JICENG_BENCH_PROVINCE=full is the whole province
 * (50 counties, 2.5 million cases). JICENG_BENCH_COUNTIES, JICENG_BENCH_CASES (a year, province-wide)
 * and JICENG_BENCH_STATIONS (per county) override either. `scale` shrinks the default (--quick).
 */
export function provinceSize(scale = 1): ProvinceSize {
  const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
  const base = process.env.JICENG_BENCH_PROVINCE === 'full' ? PROVINCE_FULL : { ...PROVINCE_FULL, counties: 10, casesPerYear: 500_000 };
  return {
    counties: env('JICENG_BENCH_COUNTIES', Math.max(2, Math.round(base.counties * scale))),
    casesPerYear: env('JICENG_BENCH_CASES', Math.round(base.casesPerYear * scale)),
    stationsPerCounty: env('JICENG_BENCH_STATIONS', base.stationsPerCounty),
    seed: base.seed,
  };
}

const lakeOf = (lakes: string, c: number): string => join(lakes, `county-${String(c + 1).padStart(2, '0')}-lake`);

function du(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? du(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

/** One step, in the child process; returns rows processed (and bytes written for the export). */
export async function provinceStep(step: string, root: string, size: ProvinceSize): Promise<{ rows: number; bytes?: number }> {
  const counties = join(root, 'counties');
  const lakes = join(root, 'lakes');
  const merged = join(root, 'prefecture');
  const { initWorkspace, openWorkspace } = await import('../src/workspace.js');
  if (step === 'build') return { rows: await buildProvince(counties, size) };
  if (step === 'export') {
    const { exportLake } = await import('../src/lake/export.js');
    let rows = 0;
    for (let c = 0; c < size.counties; c++) {
      const ws = await openWorkspace(countyDir(counties, c), { readOnly: true });
      try {
        rows += (await exportLake(ws, lakeOf(lakes, c), { county: countyName(c) })).manifest.tables.cases.rows;
      } finally {
        ws.close();
      }
    }
    return { rows, bytes: du(lakes) };
  }
  if (step === 'merge') {
    const { loadLake } = await import('../src/lake/import.js');
    await initWorkspace(merged);
    const ws = await openWorkspace(merged);
    let rows = 0;
    try {
      for (let c = 0; c < size.counties; c++) {
        const r = await loadLake(ws, lakeOf(lakes, c));
        rows += r.tables.filter((t) => t.table === 'cases').reduce((s, t) => s + t.added, 0);
      }
    } finally {
      ws.close();
    }
    return { rows };
  }
  if (step === 'metrics') {
    // Stand-in for the prefecture report (built in parallel): every metric, station and county of every quarter.
    const { computeMetrics } = await import('../src/metrics/run.js');
    const { quartersWithData } = await import('../src/quarter.js');
    const ws = await openWorkspace(merged, { readOnly: true });
    let rows = 0;
    try {
      for (const q of await quartersWithData(ws.db)) rows += (await computeMetrics(ws, { quarter: q.quarter })).values.length;
    } finally {
      ws.close();
    }
    return { rows };
  }
  const { DuckDBInstance } = await import('../src/db/duckdb-api.js'); // as jiceng loads it
  const inst = await DuckDBInstance.create(':memory:', { memory_limit: process.env.JICENG_MEMORY_LIMIT ?? '1GB' });
  const con = await inst.connect();
  const read = (t: string): string => `read_parquet('${lakes}/*/${t}/**/*.parquet', hive_partitioning = true)`;
  let rows = 0;
  try {
    if (step === 'duckdb-copy') {
      // The bare baseline of a merge: every table of every lake into one database, no checks, no keys.
      for (const t of ['stations', 'staffing', 'cases', 'petitions', 'ledger']) await con.run(`CREATE TABLE ${t} AS SELECT * FROM ${read(t)}`);
      rows = Number((await con.runAndReadAll(`SELECT count(*) AS n FROM cases`)).getRowObjectsJson()[0].n);
    } else if (step === 'duckdb-groupby') {
      const r = await con.runAndReadAll(`SELECT county, quarter, count(*) AS n FROM ${read('cases')} GROUP BY ALL`);
      rows = (r.getRowObjectsJson() as Array<{ n: string }>).reduce((s, x) => s + Number(x.n), 0);
    } else throw new Error(`unknown step ${step}`);
  } finally {
    con.closeSync();
    inst.closeSync();
  }
  return { rows };
}
