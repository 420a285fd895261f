// `sample verify`: re-derive a sample from the workspace and its manifest, and compare a workbook with it.
import { msg, type Message } from '../i18n/message.js';
import { existsSync } from 'node:fs';
import type { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { ALGORITHM, compareCodePoints, stratumKeyOf } from './rank.js';
import { readPopulation, resolveQuarterLabel, toMembers } from './population.js';
import { deriveSample, getManifest, getSampleCases, listSamples, type DrawParams, type SampleManifest } from './draw.js';
import { normalizeStratify } from './settings.js';
import { readSampleWorkbook, type WorkbookContents } from './workbook.js';

export type VerifyStatus =
  /** The workbook (or the stored record) holds exactly the cases the manifest's draw gives on the current population. */
  | 'verified'
  /** Cases were added, removed or swapped, or the workbook's manifest disagrees with the workspace record. */
  | 'mismatch'
  /** The cases match the draw as recorded, but the population has changed since: the draw cannot be re-derived. */
  | 'population_changed';

export interface Swap {
  removed: string;
  added: string;
  /** Both cases belong to the same stratum (a like-for-like substitution). */
  same_stratum: boolean;
}

export interface CaseDiff {
  /** On the checked list but not drawn. */
  added: string[];
  /** Drawn but missing from the checked list. */
  removed: string[];
  /** Pairs of one removed and one added case (the rest stay in added/removed). */
  swapped: Swap[];
  /** Listed more than once. */
  duplicates: string[];
  /** Added cases that are not in the backtrack population at all. */
  outside_population: string[];
}

export interface VerifyReport {
  sample_id: string;
  status: VerifyStatus;
  /** What was checked: a workbook file, or the stored record only. */
  checked: 'workbook' | 'record';
  file?: string;
  /** The sample is recorded in this workspace. */
  recorded: boolean;
  params: {
    quarter: string; rate: number; seed: string; algorithm: string; stratify: string[];
    min_per_stratum: number; include_all_above: number | null;
  };
  /** changed: the draw cannot be re-derived (other cases, or the same cases in other strata: strata_changed). */
  population: { size_at_draw: number; digest_at_draw: string; size_now: number; digest_now: string; changed: boolean; strata_changed: boolean };
  /** Re-derived now from the manifest's parameters and the current population. */
  derived_size: number;
  /** What the checked cases were compared with: the re-derived draw, or (population changed) the stored record. */
  reference: 'derived' | 'record';
  /** Checked cases (workbook rows or stored record) against the reference. */
  diff: CaseDiff;
  /** The stored record against the re-derived draw (null when not recorded). */
  record_vs_derived: { added: string[]; removed: string[] } | null;
  /** Manifest fields on which the workbook and the workspace record disagree. */
  manifest_conflicts: Array<{ key: string; workbook: string; workspace: string }>;
  notes: Message[];
}

/** Compares a checked list of case ids with the reference draw; `strataOf` says which stratum a case is in. */
export function diffCases(
  checked: string[],
  reference: string[],
  strataOf: (id: string) => string | undefined,
  inPopulation: (id: string) => boolean = (id) => strataOf(id) !== undefined,
): CaseDiff {
  const ref = new Set(reference);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of checked) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  const added = [...seen].filter((id) => !ref.has(id)).sort(compareCodePoints);
  const removed = reference.filter((id) => !seen.has(id)).sort(compareCodePoints);
  const outside = added.filter((id) => !inPopulation(id));
  // Pair removed with added cases: first within a stratum, then whatever is left, in order.
  const swapped: Swap[] = [];
  const addLeft = [...added];
  const remLeft: string[] = [];
  for (const r of removed) {
    const s = strataOf(r);
    const i = s === undefined ? -1 : addLeft.findIndex((a) => strataOf(a) === s);
    if (i >= 0) swapped.push({ removed: r, added: addLeft.splice(i, 1)[0], same_stratum: true });
    else remLeft.push(r);
  }
  while (remLeft.length && addLeft.length) swapped.push({ removed: remLeft.shift()!, added: addLeft.shift()!, same_stratum: false });
  return { added: addLeft, removed: remLeft, swapped, duplicates: [...duplicates].sort(compareCodePoints), outside_population: outside };
}

function strataSignature(strata: Array<{ stratum: string; population: number; certainty: number }>): string {
  return strata.map((s) => `${s.stratum}\t${s.population}\t${s.certainty}`).sort(compareCodePoints).join('\n');
}

function isClean(d: CaseDiff): boolean {
  return !d.added.length && !d.removed.length && !d.swapped.length && !d.duplicates.length;
}

/** Manifest from the workbook's hidden sheet (used when the workspace has no record of the sample). */
function manifestFromWorkbook(kv: Record<string, string>): Omit<SampleManifest, 'strata' | 'certainty_size' | 'quarter_start' | 'quarter_end'> {
  const num = (k: string): number => {
    const v = Number(kv[k]);
    if (kv[k] === undefined || kv[k] === '' || !Number.isFinite(v)) {
      throw new UserError(msg('sample_manifest_damaged', { k, v: kv[k] ?? '' }), {
        hint: msg('sample_manifest_damaged_hint'),
      });
    }
    return v;
  };
  return {
    sample_id: kv.sample_id,
    quarter: kv.quarter,
    rate: num('rate'),
    seed: kv.seed,
    algorithm: kv.algorithm,
    stratify: normalizeStratify((kv.stratify ?? '').split(',')),
    min_per_stratum: num('min_per_stratum'),
    include_all_above: kv.include_all_above ? num('include_all_above') : null,
    population_size: num('population_size'),
    population_digest: kv.population_digest,
    sample_size: num('sample_size'),
    created_at: kv.created_at,
    tool_version: kv.tool_version,
  };
}

const COMPARED_KEYS = ['quarter', 'rate', 'seed', 'algorithm', 'stratify', 'min_per_stratum', 'include_all_above', 'population_size', 'population_digest', 'sample_size'] as const;

function fieldText(m: Partial<Record<(typeof COMPARED_KEYS)[number], unknown>>, k: (typeof COMPARED_KEYS)[number]): string {
  const v = m[k];
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(',');
  if (k === 'include_all_above') return Number(v).toFixed(2);
  return String(v);
}

/**
 * Verifies a sample. `target` is a workbook path (.xlsx) or a sample id. With a workbook, its answer
 * sheet's case ids are compared with the draw; with an id, the stored record is.
 */
export async function verifySample(db: Database, target: string, lang: Lang = 'zh'): Promise<VerifyReport> {
  const isFile = /\.xls[xm]?$/i.test(target) || existsSync(target);
  let contents: WorkbookContents | undefined;
  let sampleId: string;
  if (isFile) {
    if (!existsSync(target)) {
      throw new UserError(msg('sample_no_such_file', { f: target }), { hint: msg('check_path_hint'), exitCode: 2 });
    }
    contents = await readSampleWorkbook(target);
    if (!contents.sample_id) {
      throw new UserError(msg('sample_not_a_workbook', { f: target }), {
        hint: msg('sample_not_a_workbook_hint'),
      });
    }
    if (!contents.sheet) {
      throw new UserError(msg('sample_no_case_column', { f: target }), {
        hint: msg('sample_no_case_column_hint'),
      });
    }
    sampleId = contents.sample_id;
  } else {
    sampleId = target.trim();
  }

  const record = await getManifest(db, sampleId);
  let fromBook: ReturnType<typeof manifestFromWorkbook> | undefined;
  let damaged = false;
  try {
    fromBook = contents?.manifest ? manifestFromWorkbook(contents.manifest) : undefined;
  } catch (e) {
    // With a record in the workspace a damaged manifest sheet is one more discrepancy; without one, nothing can be checked.
    if (!record) throw e;
    damaged = true;
  }
  if (!record && !fromBook) {
    const ids = (await listSamples(db)).map((s) => s.sample_id);
    throw new UserError(msg('sample_not_found', { id: sampleId }), {
      hint: ids.length
        ? msg('samples_are_hint', { ids: ids.slice(0, 10).join(', ') })
        : msg('sample_manifest_lost_hint'),
    });
  }
  const m = (record ?? fromBook)!;
  const notes: Message[] = [];
  const conflicts: VerifyReport['manifest_conflicts'] = [];
  if (damaged) conflicts.push({ key: 'manifest', workbook: 'damaged', workspace: 'recorded' });
  if (record && fromBook) {
    for (const k of COMPARED_KEYS) {
      const a = fieldText(fromBook, k);
      const b = fieldText(record, k);
      if (a !== b) conflicts.push({ key: k, workbook: a, workspace: b });
    }
  }
  if (!record) notes.push(msg('sample_note_no_record'));
  if (m.algorithm !== ALGORITHM) {
    throw new UserError(msg('sample_other_algorithm', { id: sampleId, a: m.algorithm, b: ALGORITHM }), {
      hint: msg('sample_other_algorithm_hint', { v: m.tool_version }),
    });
  }

  const params: DrawParams = {
    quarter: resolveQuarterLabel(m.quarter, lang),
    rate: m.rate,
    seed: m.seed,
    stratify: m.stratify,
    minPerStratum: m.min_per_stratum,
    includeAllAbove: m.include_all_above,
  };
  const pop = await readPopulation(db, params.quarter, params.includeAllAbove);
  const derived = deriveSample(pop, params);
  const digestChanged = derived.core.population_digest !== m.population_digest;
  // Same cases, other strata: units resolved differently since the draw (e.g. the stations export loaded later).
  const strataChanged = !digestChanged && record !== undefined && strataSignature(record.strata) !== strataSignature(derived.strata);
  const popChanged = digestChanged || strataChanged;
  const derivedIds = derived.cases.map((c) => c.case_id);
  const storedCases = record ? await getSampleCases(db, sampleId) : undefined;
  const stored = storedCases?.map((c) => c.case_id);
  // The stratum of a case: as recorded at the draw, else as it stands in the population now.
  const storedStrata = new Map((storedCases ?? []).map((c) => [c.case_id, c.stratum]));
  const popStrata = new Map(toMembers(pop, params.stratify).map((c) => [c.case_id, stratumKeyOf(c.values, params.stratify)]));
  const strataOf = (id: string): string | undefined => storedStrata.get(id) ?? popStrata.get(id);
  const inPopulation = (id: string): boolean => popStrata.has(id);

  const reference = popChanged && stored ? stored : derivedIds;
  const checkedIds = contents ? contents.cases.map((c) => c.case_id) : (stored ?? []);
  const diff = diffCases(checkedIds, reference, strataOf, inPopulation);
  const recordVsDerived = stored ? (() => {
    const d = diffCases(stored, derivedIds, strataOf, inPopulation);
    return { added: [...d.added, ...d.swapped.map((s) => s.added)].sort(compareCodePoints), removed: [...d.removed, ...d.swapped.map((s) => s.removed)].sort(compareCodePoints) };
  })() : null;

  let status: VerifyStatus;
  if (!isClean(diff) || conflicts.length) status = 'mismatch';
  else if (popChanged) status = 'population_changed';
  else if (recordVsDerived && (recordVsDerived.added.length || recordVsDerived.removed.length)) status = 'mismatch';
  else status = 'verified';
  if (strataChanged) {
    notes.push(msg('sample_note_strata_changed'));
  } else if (popChanged) {
    notes.push(msg('sample_note_population_changed', { a: m.population_size, b: derived.core.population_size }));
    if (!stored) notes.push(msg('sample_note_no_stored_record'));
  }

  return {
    sample_id: sampleId,
    status,
    checked: contents ? 'workbook' : 'record',
    file: contents ? target : undefined,
    recorded: Boolean(record),
    params: {
      quarter: m.quarter, rate: m.rate, seed: m.seed, algorithm: m.algorithm, stratify: m.stratify,
      min_per_stratum: m.min_per_stratum, include_all_above: m.include_all_above,
    },
    population: {
      size_at_draw: m.population_size,
      digest_at_draw: m.population_digest,
      size_now: derived.core.population_size,
      digest_now: derived.core.population_digest,
      changed: popChanged,
      strata_changed: strataChanged,
    },
    derived_size: derivedIds.length,
    reference: popChanged && stored ? 'record' : 'derived',
    diff,
    record_vs_derived: recordVsDerived,
    manifest_conflicts: conflicts,
    notes,
  };
}
