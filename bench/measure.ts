// Measuring for `npm run bench`: each measurement in its own process (bench/run.ts --child), baseline
// and jiceng alternating, medians compared; shared by the three figures.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const dataDir = join(here, '..', '..', 'bench', 'data');
const runScript = join(here, 'run.js');
/** Child output is mixed with the CLI's own; the measurement is the line after this marker. */
export const MARK = '@@bench ';

/** The targets: CSV ≤ 2× DuckDB, xlsx ≤ 1× exceljs, city ≤ 4× DuckDB. */
export const TARGETS = { csv: 2, xlsx: 1, city: 4 } as const;

export interface Measure {
  ms: number;
  rssMb: number;
  rows: number;
}

export function measure(mode: string, target: string, ws?: string): Measure {
  const args = [runScript, '--child', mode, target, ...(ws ? [ws] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  const line = (r.stdout ?? '').split('\n').reverse().find((l) => l.startsWith(MARK));
  if (r.status !== 0 || !line) throw new Error(`${mode} failed (exit ${r.status}): ${r.stderr}${(r.stdout ?? '').slice(-2000)}`);
  return JSON.parse(line.slice(MARK.length)) as Measure;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs baseline and jiceng alternately `repeat` times; medians of time, the largest peak memory. */
export function alternate(repeat: number, base: () => Measure, ours: () => Measure): { base: Measure; ours: Measure } {
  const b: Measure[] = [];
  const o: Measure[] = [];
  for (let i = 0; i < repeat; i++) {
    b.push(base());
    o.push(ours());
  }
  const summary = (ms: Measure[]): Measure => ({ ms: median(ms.map((m) => m.ms)), rssMb: Math.max(...ms.map((m) => m.rssMb)), rows: ms[0]!.rows });
  return { base: summary(b), ours: summary(o) };
}

export const fmtS = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const fmtMb = (mb: number): string => `${mb.toFixed(0)} MB`;
export const mark = (ok: boolean): string => (ok ? '✓' : '✗');
export const ratioLine = (ratio: number, target: number): string => `${ratio.toFixed(2)}× (target ≤ ${target}× ${mark(ratio <= target)})`;
