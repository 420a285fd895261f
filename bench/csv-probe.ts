// Probe for issue 13's CSV goal: init + load of a CSV (SQL rows, and Node rows with
// JICENG_NODE_ROWS=1) against DuckDB's read_csv(all_varchar) of the same file, each in its own
// process, alternating, medians of wall and CPU time (user + system, DuckDB's threads included) and
// the largest peak memory. `node dist/bench/csv-probe.js <csv> [runs]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

async function child(mode: string, file: string, ws: string): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  if (mode === 'duckdb') {
    const { DuckDBInstance } = await import('../src/db/duckdb-api.js'); // as jiceng loads it
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
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, rssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

interface Run {
  ms: number;
  cpuMs: number;
  rows: number;
  rssMb: number;
}

function run(mode: string, file: string): Run {
  const ws = mkdtempSync(join(tmpdir(), 'csv-probe-'));
  try {
    const env = { ...process.env, JICENG_NODE_ROWS: mode === 'node' ? '1' : '' };
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode === 'duckdb' ? 'duckdb' : 'load', file, join(ws, 'w')], { encoding: 'utf8', env });
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
  const runs: Record<string, Run[]> = { duckdb: [], load: [], node: [] };
  for (let i = 0; i < Number(n); i++) {
    for (const mode of Object.keys(runs)) runs[mode].push(run(mode, file));
    const line = Object.entries(runs).map(([m, rs]) => `${m} ${rs[i].ms.toFixed(0)} ms (cpu ${rs[i].cpuMs.toFixed(0)}, ${rs[i].rssMb.toFixed(0)} MB)`);
    process.stdout.write(`run ${i + 1}: ${line.join(', ')}, ${runs.load[i].rows} rows\n`);
  }
  const B = median(runs.duckdb.map((r) => r.ms));
  for (const [mode, label] of [['load', 'SQL rows'], ['node', 'Node rows']] as const) {
    const rs = runs[mode];
    const L = median(rs.map((r) => r.ms));
    process.stdout.write(`${label}: median ${L.toFixed(0)} ms, cpu ${median(rs.map((r) => r.cpuMs)).toFixed(0)} ms, peak ${Math.max(...rs.map((r) => r.rssMb)).toFixed(0)} MB; read_csv ${B.toFixed(0)} ms; ratio ${(L / B).toFixed(2)}\n`);
  }
}

await main();
