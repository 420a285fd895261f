// Probe for issue 13's CSV goal: init + load of a CSV against DuckDB's read_csv(all_varchar) of the
// same file, each in its own process, alternating, medians. `node dist/bench/csv-probe.js <csv> [runs]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

async function child(mode: string, file: string, ws: string): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  if (mode === 'duckdb') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}', all_varchar=true)`);
    rows = Number((await con.runAndReadAll('SELECT count(*)::INT AS n FROM t')).getRowObjectsJson()[0].n);
    con.closeSync();
    inst.closeSync();
  } else {
    const { initWorkspace, openWorkspace } = await import('../src/workspace.js');
    const { loadFile } = await import('../src/ingest/load.js');
    await initWorkspace(ws);
    const w = await openWorkspace(ws);
    try {
      rows = (await loadFile(w, file)).reduce((s, r) => s + r.rows_loaded, 0);
    } finally {
      w.close();
    }
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, rows, rssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

function run(mode: string, file: string): { ms: number; rows: number; rssMb: number } {
  const ws = mkdtempSync(join(tmpdir(), 'csv-probe-'));
  try {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, file, join(ws, 'w')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${mode}: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1], argv[2], argv[3]);
  const [file, n = '5'] = argv;
  const load: number[] = [];
  const base: number[] = [];
  let rows = 0;
  for (let i = 0; i < Number(n); i++) {
    const b = run('duckdb', file);
    const l = run('load', file);
    base.push(b.ms);
    load.push(l.ms);
    rows = l.rows;
    process.stdout.write(`run ${i + 1}: load ${l.ms.toFixed(0)} ms (${l.rows} rows, ${l.rssMb.toFixed(0)} MB), read_csv ${b.ms.toFixed(0)} ms (${b.rows} rows)\n`);
  }
  const L = median(load);
  const B = median(base);
  process.stdout.write(`median of ${n}: load ${L.toFixed(0)} ms, read_csv ${B.toFixed(0)} ms, ratio ${(L / B).toFixed(2)} (${rows} rows)\n`);
}

await main();
