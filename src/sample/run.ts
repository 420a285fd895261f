// The one core call behind each `jiceng sample` subcommand: draw and write, rewrite, size, findings.
import { existsSync } from 'node:fs';
import type { Workspace } from '../workspace.js';
import { readConfig } from '../workspace.js';
import type { Lang } from '../i18n/index.js';
import { msg } from '../i18n/message.js';
import { EXIT, UserError } from '../errors.js';
import { drawSample, latestManifest, requireManifest, type DrawOptions, type DrawResult, type SampleManifest } from './draw.js';
import { readWorkbookRows, writeSampleWorkbook } from './workbook.js';
import { evaluateSample, type Evaluation } from './evaluate.js';
import { attributeSampleSize, type AttributeSize } from '../stats/attribute.js';
import { ceilShare } from './rank.js';
import { sampleSettings, SAMPLE_DEFAULTS } from './settings.js';
import { defaultWorkbookPath, workbookPath } from './files.js';

export interface DrawRun extends DrawResult {
  /** The workbook written, or null with --no-workbook. */
  file: string | null;
}

/** Draws (or finds the same stored draw) and writes its auditor workbook unless told not to. */
export async function drawAndWrite(ws: Workspace, options: DrawOptions & { lang: Lang; workbook: boolean; out?: string; folder?: string }): Promise<DrawRun> {
  const settings = sampleSettings(ws.config);
  const result = await drawSample(ws, options);
  let file: string | null = null;
  if (options.workbook) {
    // --out, else the default name in `folder` (the demo's output folder), else in the workspace's reports/.
    file = options.folder && !options.out
      ? defaultWorkbookPath(options.folder, result.manifest, options.lang, { inFolder: true })
      : workbookPath(ws.dir, result.manifest, options.out, options.lang);
    await writeSampleWorkbook(file, result.manifest, await readWorkbookRows(ws.db, result.manifest), { lang: options.lang, defectTypes: settings.defect_types });
  }
  return { ...result, file };
}

/** Writes a stored sample's workbook again. */
export async function rewriteWorkbook(ws: Workspace, sampleId: string, out: string | undefined, lang: Lang): Promise<{ manifest: SampleManifest; file: string }> {
  const settings = sampleSettings(ws.config);
  const manifest = await requireManifest(ws.db, sampleId);
  const file = workbookPath(ws.dir, manifest, out, lang);
  await writeSampleWorkbook(file, manifest, await readWorkbookRows(ws.db, manifest), { lang, defectTypes: settings.defect_types });
  return { manifest, file };
}

/** A sample's findings as rates with exact bounds: the sample named, else the latest (of the quarter). */
export async function sampleFindings(ws: Workspace, sampleId: string | undefined, quarter: string | undefined, lang: Lang = 'zh'): Promise<Evaluation> {
  const settings = sampleSettings(ws.config);
  const m = sampleId ? await requireManifest(ws.db, sampleId) : await latestManifest(ws.db, quarter, lang);
  return evaluateSample(ws.db, m, { confidence: settings.confidence, tolerable: settings.tolerable_rate });
}

export interface SizeInput {
  confidence: number;
  tolerable: number;
  expected: number;
  population?: number;
  /** The workspace folder, for its sampling rate (the default rate when there is none). */
  workspaceDir: string;
  /** The rates as typed, for the message when expected ≥ tolerable. */
  typed: { expected: string; tolerable: string };
}

export interface SizeResult extends AttributeSize {
  confidence: number;
  tolerable: number;
  expected: number;
  population: number | null;
  method: string;
  /** With a population: what the workspace's sampling rate draws, and whether it is enough. */
  at_rate: { rate: number; size: number; enough: boolean } | null;
}

export const SIZE_METHOD = {
  binomial: 'AICPA Audit Guide Audit Sampling, Appendix A (Tables A-1/A-2) attribute sampling; exact binomial',
  hypergeometric: 'AICPA Audit Guide Audit Sampling attribute sampling; exact hypergeometric (finite population of N holding ceil(tolerable × N) deviations)',
};

/** The attribute-sampling size, and what the workspace's rate would draw from the population. */
export function sampleSize(input: SizeInput): SizeResult {
  const { confidence, tolerable, expected, population } = input;
  if (expected >= tolerable) {
    throw new UserError(msg('sample_expected_not_below', { e: input.typed.expected, t: input.typed.tolerable }), {
      hint: msg('sample_expected_not_below_hint'),
      exitCode: EXIT.usage,
    });
  }
  let r: AttributeSize;
  try {
    r = attributeSampleSize({ confidence, tolerable, expected, population });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new UserError(msg('sample_size_unreachable', { max: population ?? 1_000_000, c: `${Number((confidence * 100).toPrecision(6))}%` }), {
      hint: msg('sample_size_impossible_hint'),
      exitCode: EXIT.usage,
    });
  }
  const rate = existsSync(input.workspaceDir) ? workspaceRate(input.workspaceDir) : SAMPLE_DEFAULTS.rate;
  const atRate = population === undefined ? null : Math.min(population, ceilShare(rate, population));
  return {
    ...r, confidence, tolerable, expected, population: population ?? null, method: SIZE_METHOD[r.model],
    at_rate: atRate === null ? null : { rate, size: atRate, enough: atRate >= r.n },
  };
}

function workspaceRate(dir: string): number {
  try {
    return sampleSettings(readConfig(dir)).rate;
  } catch {
    return SAMPLE_DEFAULTS.rate;
  }
}
