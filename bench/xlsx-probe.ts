// Probe for the xlsx read path: times, in separate processes and alternating, jiceng's xlsx reader
// alone, a bare exceljs streaming read and (with a workspace folder) a whole `init + load`, and
// prints the medians. Wall time inside each process, plus its CPU time (the machine is shared).
//
//   node dist/bench/xlsx-probe.js FILE.xlsx [RUNS] [--load]
//   node dist/bench/xlsx-probe.js --write FILE.xlsx ROWS [SEED]   (writes a big case export)
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Measure {
  ms: number;
  cpuMs: number;
  rssMb: number;
  rows: number;
}

async function child(mode: string, file: string, ws?: string): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let rows = 0;
  if (mode === 'reader') {
    const { openTableFile } = await import('../src/ingest/readers/index.js');
    const table = await openTableFile(file);
    try {
      for await (const sheet of table.sheets) for await (const _ of sheet.rows) rows++;
    } finally {
      await table.dispose();
    }
  } else if (mode === 'exceljs-stream') {
    // The same read as bench/run.ts's baseline.
    const ExcelJS = (await import('exceljs')).default;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ values: unknown[] }>) {
        if (Array.isArray(row.values)) rows++;
      }
    }
  } else if (mode === 'load') {
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
  const cpu = process.cpuUsage(c0);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMb, rows }) + '\n');
}

function measure(mode: string, file: string, ws?: string): Measure {
  if (ws) rmSync(ws, { recursive: true, force: true });
  const args = [fileURLToPath(import.meta.url), '--child', mode, file, ...(ws ? [ws] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1]!, argv[2]!, argv[3]);
  if (argv[0] === '--write') {
    const { writeLargeCasesXlsx } = await import('../fixtures/large.js');
    await writeLargeCasesXlsx(argv[1]!, Number(argv[2]), Number(argv[3] ?? 13));
    return;
  }
  const file = argv[0]!;
  const runs = Number(argv[1] ?? 3);
  const modes = ['exceljs-stream', 'reader', ...(argv.includes('--load') ? ['load'] : [])];
  const ws = join(mkdtempSync(join(tmpdir(), 'jiceng-probe-')), 'ws');
  const got = new Map<string, Measure[]>(modes.map((m) => [m, []]));
  for (let i = 0; i < runs; i++) {
    for (const m of modes) {
      const r = measure(m, file, m === 'load' ? ws : undefined);
      got.get(m)!.push(r);
      process.stdout.write(`run ${i + 1} ${m}: ${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s cpu, ${r.rssMb.toFixed(0)} MB, ${r.rows} rows\n`);
    }
  }
  rmSync(join(ws, '..'), { recursive: true, force: true });
  const base = median(got.get('exceljs-stream')!.map((r) => r.ms));
  const baseCpu = median(got.get('exceljs-stream')!.map((r) => r.cpuMs));
  for (const m of modes) {
    const ms = median(got.get(m)!.map((r) => r.ms));
    const cpu = median(got.get(m)!.map((r) => r.cpuMs));
    const rss = Math.max(...got.get(m)!.map((r) => r.rssMb));
    process.stdout.write(
      `${m.padEnd(15)} median ${(ms / 1000).toFixed(2)} s wall (${(ms / base).toFixed(2)}×), ${(cpu / 1000).toFixed(2)} s cpu (${(cpu / baseCpu).toFixed(2)}×), peak ${rss.toFixed(0)} MB\n`,
    );
  }
}

await main();
