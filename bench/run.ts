// `npm run bench`: three ratios, each against a baseline measured in the same run, since these machines
// are shared and noisy: a 200,000-row CSV load against DuckDB's read_csv(all_varchar) of the same file,
// a 200,000-row xlsx load against a bare exceljs streaming read, and a city-scale quarter's
// load + metrics + report against DuckDB reading the same CSV files. Baseline and jiceng runs
// alternate and the medians are compared; every measurement runs in its own process, so its peak
// memory (maxRSS) is its own.
//
//   npm run bench [-- --quick] [-- --full] [-- --city-scale K] [-- --rows N] [-- --xlsx-rows N] [-- --repeat N] [-- --only csv,xlsx,city]
//   npm run bench -- --province    the province-scale figure only (bench/province.ts)
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cityLines, runCity } from './city.js';
import { MARK, TARGETS, alternate, summary, dataDir, fmtMb, fmtS, mark, measure, ratioLine, type Measure } from './measure.js';

const sql = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The jiceng command line, run in this process as bin/jiceng.js runs it; a non-zero exit is a failed measurement. */
async function jiceng(args: string[]): Promise<void> {
  const { main } = await import('../src/cli/main.js');
  process.exitCode = undefined;
  const code = await main([process.execPath, 'jiceng', ...args]);
  process.exitCode = undefined;
  if (code !== 0) throw new Error(`jiceng ${args.join(' ')} exited with ${code}`);
}

/**
 * DuckDB reading each CSV file into a table of text columns: the bare baseline of a load. In memory
 * by default (the baseline); given a database file, the floor of a load that keeps its rows
 * on disk, which the bench prints beside it for context.
 */
async function duckdbReadCsv(files: string[], dbFile = ':memory:'): Promise<number> {
  const { DuckDBInstance } = await import('../src/db/duckdb-api.js'); // as jiceng loads it
  if (dbFile !== ':memory:') for (const f of [dbFile, `${dbFile}.wal`]) rmSync(f, { force: true });
  const inst = await DuckDBInstance.create(dbFile);
  const con = await inst.connect();
  let rows = 0;
  try {
    for (let i = 0; i < files.length; i++) {
      await con.run(`CREATE TABLE t${i} AS SELECT * FROM read_csv(${sql(files[i]!)}, all_varchar = true)`);
      rows += Number((await con.runAndReadAll(`SELECT count(*)::INT AS n FROM t${i}`)).getRowObjectsJson()[0]!.n);
    }
  } finally {
    con.closeSync();
    inst.closeSync();
    if (dbFile !== ':memory:') for (const f of [dbFile, `${dbFile}.wal`]) rmSync(f, { force: true });
  }
  return rows;
}

/**
 * The least any loader that keeps typed rows must do: DuckDB's read_csv of the bench's case export
 * into jiceng's own cases table in a database file, each column cast to its type and the
 * provenance written as constants, with no check of any value, row or header. The floor the
 * CSV figure cannot go under.
 */
async function duckdbTypedFloor(file: string): Promise<number> {
  const { DuckDBInstance } = await import('../src/db/duckdb-api.js'); // as jiceng loads it
  const { canonicalTableDdl } = await import('../src/db/schema.js');
  const dbFile = join(dataDir, 'floor.duckdb');
  for (const f of [dbFile, `${dbFile}.wal`]) rmSync(f, { force: true });
  const inst = await DuckDBInstance.create(dbFile);
  const con = await inst.connect();
  const ts = (c: string): string => `TRY_CAST("${c}" AS TIMESTAMP)`;
  try {
    await con.run(canonicalTableDdl('cases'));
    await con.run(`INSERT INTO cases (case_id, station, case_type, category, is_major, received_at, filed_at, solved_at, closed_at, status, "source", officer, amount, _load_id, _file, _sheet, _key)
      SELECT "案件编号", "办案单位", "案件类别", "案由", "是否重大" = '是', ${ts('受理时间')}, ${ts('立案时间')}, ${ts('破案时间')}, ${ts('结案时间')},
        "案件状态", "案件来源", "主办民警", TRY_CAST("涉案金额" AS DECIMAL(18,2)), 1, ${sql(file)}, 'cases', "案件编号"
      FROM read_csv(${sql(file)}, header = true, all_varchar = true)`);
    return Number((await con.runAndReadAll(`SELECT count(*)::INT AS n FROM cases`)).getRowObjectsJson()[0]!.n);
  } finally {
    con.closeSync();
    inst.closeSync();
    for (const f of [dbFile, `${dbFile}.wal`]) rmSync(f, { force: true });
  }
}

/** Child mode: do one thing, print {ms, rssMb, rows} after the marker. */
async function child(mode: string, target: string, ws?: string): Promise<void> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let ms = 0;
  let cpuMs = 0;
  if (mode === 'duckdb-read-csv') rows = await duckdbReadCsv([target]);
  else if (mode === 'duckdb-read-csv-disk') rows = await duckdbReadCsv([target], join(dataDir, 'baseline.duckdb'));
  else if (mode === 'duckdb-typed-floor') rows = await duckdbTypedFloor(target);
  else if (mode === 'duckdb-read-city') {
    rows = await duckdbReadCsv(readdirSync(target).filter((f) => f.endsWith('.csv')).sort().map((f) => join(target, f)));
  } else if (mode === 'duckdb-read-city-disk') {
    const files = readdirSync(target).filter((f) => f.endsWith('.csv')).sort().map((f) => join(target, f));
    rows = await duckdbReadCsv(files, join(dataDir, 'baseline.duckdb'));
  } else if (mode === 'exceljs-stream') {
    const ExcelJS = (await import('exceljs')).default;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(target, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ values: unknown[] }>) {
        if (Array.isArray(row.values)) rows++;
      }
    }
  } else if (mode === 'jiceng-load') {
    // init + load, as a person runs them; the rows loaded are read back from the workspace.
    await jiceng(['init', ws!]);
    await jiceng(['load', target, '-w', ws!]);
    ms = performance.now() - t0; // counting the rows loaded is the bench's check, not part of the load
    cpuMs = cpuOf(process.cpuUsage(cpu0));
    rows = await loadedRows(ws!);
  } else if (mode === 'jiceng-metrics') await jiceng(['metrics', '--json', '-w', ws!]);
  else if (mode === 'jiceng-report') await jiceng(['report', '--out', target, '-w', ws!]);
  else throw new Error(`unknown mode ${mode}`);
  ms ||= performance.now() - t0;
  cpuMs ||= cpuOf(process.cpuUsage(cpu0));
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write('\n' + MARK + JSON.stringify({ ms, cpuMs, rssMb, rows }) + '\n');
}

/** CPU time of this process, every thread (DuckDB's included), in ms. */
const cpuOf = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

async function loadedRows(ws: string): Promise<number> {
  const { openWorkspace } = await import('../src/workspace.js');
  const w = await openWorkspace(ws, { readOnly: true });
  try {
    const r = await w.db.all<{ n: number }>(`SELECT sum(rows_added + rows_updated + rows_unchanged)::INT AS n FROM loads`);
    return Number(r[0]?.n ?? 0);
  } finally {
    w.close();
  }
}

/** Child mode for a province step: run it, print {ms, rssMb, rows, bytes} as JSON. */
async function provinceChild(step: string, root: string, scale: number): Promise<void> {
  const { provinceStep, provinceSize } = await import('./province.js');
  const t0 = performance.now();
  const r = await provinceStep(step, root, provinceSize(scale));
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, ...r }) + '\n');
}

function provinceMeasure(step: string, root: string, scale: number): Measure & { bytes?: number } {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--province-child', step, root, String(scale)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`province ${step} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/**
 * The province figure: build the counties, export each as a lake, merge the lakes into one
 * workspace, compute every metric of every quarter for all counties, and time DuckDB reading the
 * same Parquet files. Size: JICENG_BENCH_COUNTIES, JICENG_BENCH_CASES (see bench/province.ts).
 */
async function province(scale: number): Promise<string[]> {
  const { provinceSize } = await import('./province.js');
  const size = provinceSize(scale);
  const root = join(dataDir, 'province');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  process.stderr.write(`province: ${size.counties} counties, ${size.casesPerYear.toLocaleString()} cases a year…\n`);
  const build = provinceMeasure('build', root, scale);
  const exp = provinceMeasure('export', root, scale);
  const merge = provinceMeasure('merge', root, scale);
  const metrics = provinceMeasure('metrics', root, scale);
  const copy = provinceMeasure('duckdb-copy', root, scale);
  const group = provinceMeasure('duckdb-groupby', root, scale);
  rmSync(root, { recursive: true, force: true });
  const mbOf = (m: Measure): string => `peak ${m.rssMb.toFixed(0)} MB`;
  const lines = [
    `province ${size.counties} counties × ${size.stationsPerCounty} stations, ${build.rows.toLocaleString()} cases a year (seeded, written with SQL in ${fmtS(build.ms)})`,
    `  export ${size.counties} lakes: ${fmtS(exp.ms)} (${((exp.bytes ?? 0) / 1e6).toFixed(0)} MB Parquet, metrics of every quarter included, ${mbOf(exp)})`,
    `  merge the lakes (jiceng load): ${fmtS(merge.ms)} (${merge.rows.toLocaleString()} cases, ${mbOf(merge)}) vs DuckDB copying the same Parquet ${fmtS(copy.ms)} (${mbOf(copy)}) → ratio ${(merge.ms / copy.ms).toFixed(2)}×`,
    `  metrics, all counties, every quarter (stand-in for the prefecture report): ${fmtS(metrics.ms)} (${metrics.rows.toLocaleString()} values, ${mbOf(metrics)}) vs DuckDB count+group-by over the lakes ${fmtS(group.ms)} → ratio ${(metrics.ms / group.ms).toFixed(1)}×`,
  ];
  if (merge.rows !== build.rows || copy.rows !== build.rows || group.rows !== build.rows) {
    lines.push(`  warning: case counts differ (written ${build.rows}, merged ${merge.rows}, DuckDB ${copy.rows}/${group.rows})`);
  }
  return lines;
}

interface Options {
  quick: boolean;
  csvRows: number;
  xlsxRows: number;
  cityScale: number;
  repeat: number;
  only: Set<string>;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const full = argv.includes('--full');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (flag: string, d: number): number => {
    const v = value(flag);
    if (v === undefined) return d;
    const n = Number(v);
    if (!(n > 0)) throw new Error(`${flag} needs a positive number, got ${v}`);
    return n;
  };
  const cityScale = num('--city-scale', full ? 1 : quick ? 0.05 : 0.5);
  return {
    quick,
    csvRows: Math.round(num('--rows', quick ? 50_000 : 200_000)),
    xlsxRows: Math.round(num('--xlsx-rows', quick ? 20_000 : 200_000)),
    cityScale,
    // Full scale takes minutes a run: one run unless asked.
    repeat: Math.round(num('--repeat', cityScale >= 1 ? 1 : 3)),
    only: new Set((value('--only') ?? 'csv,xlsx,city').split(',').map((s) => s.trim())),
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1]!, argv[2]!, argv[3]);
  if (argv[0] === '--province-child') return provinceChild(argv[1]!, argv[2]!, Number(argv[3]));
  if (argv.includes('--province')) {
    for (const l of await province(argv.includes('--quick') ? 0.1 : 1)) process.stdout.write(l + '\n');
    return;
  }
  const o = parseOptions(argv);
  mkdirSync(dataDir, { recursive: true });
  const ws = join(dataDir, 'ws');
  const fresh = (): string => {
    rmSync(ws, { recursive: true, force: true });
    return ws;
  };
  const mb = (f: string): string => `${(statSync(f).size / 1e6).toFixed(0)} MB`;
  const lines = [
    `jiceng bench ${new Date().toISOString().slice(0, 10)} · ${cpus().length} CPUs · node ${process.version} · medians of ${o.repeat} alternating run(s), each step its own process`,
  ];
  let peak = 0;
  const { writeLargeCasesCsv, writeLargeCasesXlsx } = await import('../fixtures/large.js');
  if (o.only.has('csv')) {
    const csv = join(dataDir, `cases_${o.csvRows}.csv`);
    if (!existsSync(csv)) {
      process.stderr.write(`generating ${csv}…\n`);
      await writeLargeCasesCsv(csv, o.csvRows, 7, 'utf-8');
    }
    process.stderr.write(`csv: ${o.csvRows.toLocaleString()} rows…\n`);
    const r = alternate(o.repeat, () => measure('duckdb-read-csv', csv), () => measure('jiceng-load', csv, fresh()));
    const disk = summary(Array.from({ length: o.repeat }, () => measure('duckdb-read-csv-disk', csv)));
    const floor = summary(Array.from({ length: o.repeat }, () => measure('duckdb-typed-floor', csv)));
    peak = Math.max(peak, r.ours.rssMb);
    lines.push(
      `csv  ${o.csvRows.toLocaleString()} rows (${mb(csv)}): jiceng init + load ${fmtS(r.ours.ms)} (CPU ${fmtS(r.ours.cpuMs)}, peak ${fmtMb(r.ours.rssMb)}) / DuckDB read_csv(all_varchar) ${fmtS(r.base.ms)} (CPU ${fmtS(r.base.cpuMs)}, peak ${fmtMb(r.base.rssMb)}) = ${ratioLine(r.ours.ms / r.base.ms, TARGETS.csv)}`,
      `     context: DuckDB read_csv(all_varchar) into a table in a database file ${fmtS(disk.ms)} (CPU ${fmtS(disk.cpuMs)}): jiceng = ${(r.ours.ms / disk.ms).toFixed(2)}× that on-disk floor`,
      `     context: DuckDB read_csv cast into jiceng's cases table in a database file, no checks ${fmtS(floor.ms)} (CPU ${fmtS(floor.cpuMs)}) = ${(floor.ms / r.base.ms).toFixed(2)}× the in-memory read: the least a load keeping typed rows does`,
    );
    if (r.ours.rows !== o.csvRows) lines.push(`  warning: ${r.ours.rows} rows loaded of ${o.csvRows}`);
  }
  if (o.only.has('xlsx')) {
    const xlsx = join(dataDir, `cases_${o.xlsxRows}.xlsx`);
    if (!existsSync(xlsx)) {
      process.stderr.write(`generating ${xlsx}…\n`);
      await writeLargeCasesXlsx(xlsx, o.xlsxRows, 7);
    }
    process.stderr.write(`xlsx: ${o.xlsxRows.toLocaleString()} rows…\n`);
    const r = alternate(o.repeat, () => measure('exceljs-stream', xlsx), () => measure('jiceng-load', xlsx, fresh()));
    peak = Math.max(peak, r.ours.rssMb);
    lines.push(
      `xlsx ${o.xlsxRows.toLocaleString()} rows (${mb(xlsx)}): jiceng init + load ${fmtS(r.ours.ms)} (CPU ${fmtS(r.ours.cpuMs)}, peak ${fmtMb(r.ours.rssMb)}) / exceljs streaming read ${fmtS(r.base.ms)} (CPU ${fmtS(r.base.cpuMs)}, peak ${fmtMb(r.base.rssMb)}) = ${ratioLine(r.ours.ms / r.base.ms, TARGETS.xlsx)}`,
    );
    if (r.ours.rows !== o.xlsxRows) lines.push(`  warning: ${r.ours.rows} rows loaded of ${o.xlsxRows}`);
  }
  if (o.only.has('city')) {
    const city = await runCity(o.cityScale, o.repeat, fresh);
    peak = Math.max(peak, city.peakMb);
    lines.push(...cityLines(city));
  }
  rmSync(ws, { recursive: true, force: true });
  lines.push(`peak memory of any jiceng step: ${fmtMb(peak)} (target < 1 GB ${mark(peak < 1024)})`);
  for (const l of lines) process.stdout.write(l + '\n');
}

const isChild = process.argv[2] === '--child' || process.argv[2] === '--province-child';
if (isChild || process.argv[1] === fileURLToPath(import.meta.url)) await main();
