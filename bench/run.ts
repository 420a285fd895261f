// `npm run bench`: load time of big exports as ratios to baselines measured in the same run
// (DuckDB's own read_csv for the CSV, a bare exceljs streaming read for the xlsx), since these
// machines are shared and noisy. Each measurement runs in its own process so peak memory is its own.
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

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1], argv[2], argv[3]);
  const quick = argv.includes('--quick');
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
  for (const l of lines) process.stdout.write(l + '\n');
  if (csvLoad.rows !== csvRows || xlsxLoad.rows !== xlsxRows) {
    process.stdout.write(`warning: rows loaded differ from rows written (csv ${csvLoad.rows}/${csvRows}, xlsx ${xlsxLoad.rows}/${xlsxRows})\n`);
  }
}

await main();
