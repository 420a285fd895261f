// `npm run bench`: load time of big exports as ratios to baselines measured in the same run
// (DuckDB's own read_csv for the CSV, a bare exceljs streaming read for the xlsx), since these
// machines are shared and noisy. Each measurement runs in its own process so peak memory is its own.
// `--province` runs only the province-scale figure (bench/province.ts); `--quick` is a tenth of every size.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dataDir = join(root, 'bench', 'data');

interface Measure {
  ms: number;
  rssMb: number;
  rows: number;
}

/** Child mode: do one thing, print {ms, rssMb, rows} as JSON. */
async function child(mode: string, file: string, ws?: string): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  if (mode === 'duckdb-read-csv') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
    const r = await con.runAndReadAll('SELECT count(*)::INT AS n FROM t');
    rows = Number(r.getRowObjectsJson()[0].n);
    con.closeSync();
    inst.closeSync();
  } else if (mode === 'exceljs-stream') {
    const ExcelJS = (await import('exceljs')).default;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ values: unknown[] }>) {
        if (Array.isArray(row.values)) rows++;
      }
    }
  } else if (mode === 'jiceng-load') {
    const { initWorkspace, openWorkspace } = await import('../src/workspace.js');
    const { loadFile } = await import('../src/ingest/load.js');
    await initWorkspace(ws!);
    const w = await openWorkspace(ws!);
    try {
      const res = await loadFile(w, file);
      rows = res.reduce((s, r) => s + r.rows_loaded, 0);
    } finally {
      w.close();
    }
  }
  const ms = performance.now() - t0;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, rssMb, rows }) + '\n');
}

function measure(mode: string, file: string, ws?: string): Measure {
  const args = [fileURLToPath(import.meta.url), '--child', mode, file, ...(ws ? [ws] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function best(mode: string, file: string, repeat: number, ws?: string): Measure {
  let out: Measure | undefined;
  for (let i = 0; i < repeat; i++) {
    if (ws) rmSync(ws, { recursive: true, force: true });
    const m = measure(mode, file, ws);
    if (!out || m.ms < out.ms) out = m;
  }
  return out!;
}

const fmtS = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

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

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1], argv[2], argv[3]);
  if (argv[0] === '--province-child') return provinceChild(argv[1], argv[2], Number(argv[3]));
  const quick = argv.includes('--quick');
  if (argv.includes('--province')) {
    for (const l of await province(quick ? 0.1 : 1)) process.stdout.write(l + '\n');
    return;
  }
  const csvRows = quick ? 200_000 : 2_000_000;
  const xlsxRows = quick ? 30_000 : 300_000;
  const repeat = quick ? 1 : 2;
  mkdirSync(dataDir, { recursive: true });
  const { writeLargeCasesCsv, writeLargeCasesXlsx } = await import('../fixtures/large.js');
  const csv = join(dataDir, `cases_${csvRows}.csv`);
  const xlsx = join(dataDir, `cases_${xlsxRows}.xlsx`);
  if (!existsSync(csv)) {
    process.stderr.write(`generating ${csv}…\n`);
    await writeLargeCasesCsv(csv, csvRows, 7, 'utf-8');
  }
  if (!existsSync(xlsx)) {
    process.stderr.write(`generating ${xlsx}…\n`);
    await writeLargeCasesXlsx(xlsx, xlsxRows, 7);
  }
  const ws = join(dataDir, 'ws');

  const csvBase = best('duckdb-read-csv', csv, repeat);
  const csvLoad = best('jiceng-load', csv, repeat, ws);
  const xlsxBase = best('exceljs-stream', xlsx, repeat);
  const xlsxLoad = best('jiceng-load', xlsx, repeat, ws);
  rmSync(ws, { recursive: true, force: true });

  const mb = (f: string): string => `${(statSync(f).size / 1e6).toFixed(0)} MB`;
  const lines = [
    `csv  ${csvRows.toLocaleString()} rows (${mb(csv)}): jiceng load ${fmtS(csvLoad.ms)} (${csvLoad.rows.toLocaleString()} rows, peak ${csvLoad.rssMb.toFixed(0)} MB) vs DuckDB read_csv ${fmtS(csvBase.ms)} → ratio ${(csvLoad.ms / csvBase.ms).toFixed(2)}×`,
    `xlsx ${xlsxRows.toLocaleString()} rows (${mb(xlsx)}): jiceng load ${fmtS(xlsxLoad.ms)} (${xlsxLoad.rows.toLocaleString()} rows, peak ${xlsxLoad.rssMb.toFixed(0)} MB) vs exceljs streaming read ${fmtS(xlsxBase.ms)} → ratio ${(xlsxLoad.ms / xlsxBase.ms).toFixed(2)}×`,
  ];
  lines.push(...(await province(quick ? 0.1 : 1)));
  for (const l of lines) process.stdout.write(l + '\n');
  if (csvLoad.rows !== csvRows || xlsxLoad.rows !== xlsxRows) {
    process.stdout.write(`warning: rows loaded differ from rows written (csv ${csvLoad.rows}/${csvRows}, xlsx ${xlsxLoad.rows}/${xlsxRows})\n`);
  }
}

await main();
