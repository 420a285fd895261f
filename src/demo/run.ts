// The demo's main job on the bundled demo county: fresh workspace, load, a seeded sample and both reports.
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initWorkspace, openWorkspace } from '../workspace.js';
import { workspaceStatus, type WorkspaceStatus } from '../status.js';
import { projectRoot } from '../version.js';
import { msg } from '../i18n/message.js';
import type { Lang } from '../i18n/index.js';
import { UserError } from '../errors.js';
import { loadFiles, type BatchHooks } from '../ingest/batch.js';
import { outDirFailed, writeReports, type WrittenReport } from '../report/index.js';
import { quartersWithData } from '../quarter.js';
import { previousQuarter } from '../quarter.js';
import type { SampleManifest } from '../sample/draw.js';
import { drawAndWrite } from '../sample/run.js';

/** A fixed seed, so every run of the demo draws the same sample. */
export const DEMO_SEED = 'jiceng-demo';

export interface DemoResult {
  wsDir: string;
  status: WorkspaceStatus;
  sample: SampleManifest;
  workbook: string;
  report: WrittenReport;
}

export interface DemoOptions {
  lang: Lang;
  /** The command line, as recorded in the loads and in the reports. */
  command: string;
  reportCommand: string;
  now?: Date;
  /** What "today" is when judging future dates (YYYY-MM-DD). */
  today?: string;
  /** Told when the fresh workspace exists, before anything loads. */
  onWorkspace?: (dir: string) => void;
  load?: BatchHooks;
}

/** Builds the demo under `out`: its workspace (recreated), the auditor workbook and the reports. */
export async function runDemo(out: string, opts: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(out);
  const wsDir = join(outDir, 'demo-workspace');
  const demoDir = join(projectRoot(), 'fixtures', 'demo');
  if (!existsSync(demoDir)) throw new UserError(msg('demo_exports_missing', { dir: demoDir }), { hint: msg('demo_exports_missing_hint') });
  // --out naming a file, or a folder that cannot be made: the report's own one-line error.
  try {
    mkdirSync(outDir, { recursive: true });
    rmSync(wsDir, { recursive: true, force: true });
  } catch (e) {
    throw outDirFailed(outDir, e);
  }
  await initWorkspace(wsDir);
  opts.onWorkspace?.(wsDir);
  const ws = await openWorkspace(wsDir);
  try {
    const { fileErrors } = await loadFiles(ws, [demoDir], { command: opts.command, today: opts.today }, opts.load);
    if (fileErrors.length) throw new UserError(msg('demo_files_failed', { n: fileErrors.length }), { hint: msg('demo_files_failed_hint') });
    const status = await workspaceStatus(ws.db);
    // A seeded backtracking sample of the latest quarter, so the report's backtracking section
    // shows coverage; the auditor workbook goes beside the reports.
    const draw = await drawAndWrite(ws, { seed: DEMO_SEED, lang: opts.lang, now: opts.now, workbook: true, folder: outDir });
    const m = draw.manifest;
    const workbook = draw.file!;
    // The report of the latest quarter with case data, compared with the quarter before when that one has data.
    const quarters = await quartersWithData(ws.db);
    const latest = [...quarters].reverse().find((q) => q.cases > 0);
    const prev = latest ? quarters.find((q) => q.quarter === previousQuarter(latest.quarter)) : undefined;
    const hasData = Boolean(prev && prev.cases + prev.ledger + prev.petitions > 0);
    const report = await writeReports(ws, { lang: opts.lang, compare: hasData ? '' : undefined, command: opts.reportCommand, outDir, now: opts.now });
    return { wsDir, status, sample: m, workbook, report };
  } finally {
    ws.close();
  }
}
