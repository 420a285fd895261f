// The city-scale figure of `npm run bench`: a seeded city quarter (fixtures/city.ts) as CSV files;
// jiceng's init + load, metrics and report, each its own process, against DuckDB reading the same files.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { citySize, writeCity, type CitySize } from '../fixtures/city.js';
import { TARGETS, dataDir, fmtMb, fmtS, measure, median, ratioLine, type Measure } from './measure.js';

export { TARGETS };

export interface CityFigure {
  scale: number;
  size: CitySize;
  mb: number;
  repeat: number;
  steps: Record<'load' | 'metrics' | 'report', { ms: number; cpuMs: number; rssMb: number }>;
  totalMs: number;
  baseline: { ms: number; rssMb: number };
  /** DuckDB reading the same files into tables of a database file: the floor of a load that keeps its rows. */
  disk: { ms: number };
  peakMb: number;
  rowsLoaded: number;
  rowsWritten: number;
  files: number;
}

const STEPS = ['load', 'metrics', 'report'] as const;

/** Generates the city at `scale`, then alternates DuckDB's read and jiceng's three steps `repeat` times. */
export async function runCity(scale: number, repeat: number, freshWorkspace: () => string): Promise<CityFigure> {
  const dir = join(dataDir, 'city');
  const reports = join(dataDir, 'city-reports');
  rmSync(dir, { recursive: true, force: true });
  const size = citySize(scale);
  process.stderr.write(`city ×${scale}: generating ${size.cases.toLocaleString()} cases…\n`);
  const manifest = await writeCity(dir, { scale });
  const rowsWritten = manifest.files.reduce((s, f) => s + f.rows, 0);
  const runs: Array<Record<(typeof STEPS)[number], Measure>> = [];
  const base: Measure[] = [];
  const disk: Measure[] = [];
  let rowsLoaded = 0;
  for (let i = 0; i < repeat; i++) {
    process.stderr.write(`city ×${scale}: run ${i + 1} of ${repeat}…\n`);
    base.push(measure('duckdb-read-city', dir));
    disk.push(measure('duckdb-read-city-disk', dir));
    const ws = freshWorkspace();
    rmSync(reports, { recursive: true, force: true });
    const load = measure('jiceng-load', dir, ws);
    rowsLoaded = load.rows;
    runs.push({ load, metrics: measure('jiceng-metrics', dir, ws), report: measure('jiceng-report', reports, ws) });
  }
  rmSync(reports, { recursive: true, force: true });
  const steps = Object.fromEntries(
    STEPS.map((s) => [s, { ms: median(runs.map((r) => r[s].ms)), cpuMs: median(runs.map((r) => r[s].cpuMs)), rssMb: Math.max(...runs.map((r) => r[s].rssMb)) }]),
  ) as CityFigure['steps'];
  const totalMs = median(runs.map((r) => STEPS.reduce((sum, s) => sum + r[s].ms, 0)));
  return {
    scale, size, repeat, steps, totalMs, rowsLoaded, rowsWritten, files: manifest.files.length,
    mb: manifest.files.reduce((s, f) => s + f.bytes, 0) / 1e6,
    baseline: { ms: median(base.map((b) => b.ms)), rssMb: Math.max(...base.map((b) => b.rssMb)) },
    disk: { ms: median(disk.map((b) => b.ms)) },
    peakMb: Math.max(...STEPS.map((s) => steps[s].rssMb)),
  };
}

export function cityLines(c: CityFigure): string[] {
  const s = c.size;
  const pad = (t: string): string => t.padEnd(8);
  return [
    `city ×${c.scale} (${s.counties} counties, ${s.units} units, ${s.staff.toLocaleString()} staff, ${s.cases.toLocaleString()} cases, ${s.ledger.toLocaleString()} ledger rows, ${s.petitions.toLocaleString()} petitions; ${c.mb.toFixed(0)} MB of CSV):`,
    ...STEPS.map((k) => `  ${pad(k)}${fmtS(c.steps[k].ms).padStart(9)}  CPU ${fmtS(c.steps[k].cpuMs)}  peak ${fmtMb(c.steps[k].rssMb)}`),
    `  ${pad('total')}${fmtS(c.totalMs).padStart(9)}  peak ${fmtMb(c.peakMb)} / DuckDB read_csv(all_varchar) of the ${c.files} files ${fmtS(c.baseline.ms)} (peak ${fmtMb(c.baseline.rssMb)}) = ${ratioLine(c.totalMs / c.baseline.ms, TARGETS.city)}`,
    `  context: DuckDB read_csv(all_varchar) of the same files into tables of a database file ${fmtS(c.disk.ms)}: jiceng = ${(c.totalMs / c.disk.ms).toFixed(2)}× that on-disk floor`,
    ...(c.rowsLoaded !== c.rowsWritten ? [`  warning: ${c.rowsLoaded} rows loaded of ${c.rowsWritten} written`] : []),
  ];
}
