// `sample draw`: draw a seeded, stratified backtracking sample of a quarter and store its manifest.
import { msg, type Message } from '../i18n/message.js';
import type { Workspace } from '../workspace.js';
import type { Database } from '../db/database.js';
import { UserError, EXIT } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { TOOL_VERSION } from '../version.js';
import type { Quarter } from '../quarter.js';
import { ALGORITHM, drawCore, generateSeed, rateMicros, sha256Hex, compareCodePoints, type CoreDraw, type DrawnCase } from './rank.js';
import { chooseQuarter, duplicateCaseIds, readPopulation, stationKey, stationLabel, toMembers, resolveQuarterLabel, type PopulationCase } from './population.js';
import { normalizeStratify, sampleSettings, type StratifyKey } from './settings.js';

export interface StratumSummary {
  stratum: string;
  /** Station stratum value: station_id, or '(unknown):<unit as written>'. */
  station: string;
  station_name: string;
  values: Partial<Record<StratifyKey, string>>;
  population: number;
  certainty: number;
  remainder: number;
  drawn: number;
  sampled: number;
}

/** What is stored in `samples` and written into the workbook: everything needed to re-derive the draw. */
export interface SampleManifest {
  sample_id: string;
  quarter: string;
  quarter_start: string;
  quarter_end: string;
  rate: number;
  seed: string;
  algorithm: string;
  stratify: StratifyKey[];
  min_per_stratum: number;
  /** Yuan; cases with a larger amount are taken with certainty. */
  include_all_above: number | null;
  population_size: number;
  /** SHA-256 of the population's case ids sorted by code point and joined by '\n'. */
  population_digest: string;
  sample_size: number;
  certainty_size: number;
  strata: StratumSummary[];
  /** ISO 8601, UTC. */
  created_at: string;
  tool_version: string;
}

export interface SampledCase extends DrawnCase {
  station: string;
  station_id: string | null;
}

export interface DrawOptions {
  quarter?: string;
  rate?: number;
  seed?: string;
  stratify?: string[];
  minPerStratum?: number;
  includeAllAbove?: number | null;
  lang?: Lang;
  /** For tests: the draw's timestamp. */
  now?: Date;
}

export interface DrawResult {
  manifest: SampleManifest;
  cases: SampledCase[];
  /** The seed was generated here (print it: it is the only way to repeat the draw elsewhere). */
  seed_generated: boolean;
  /** The same draw (same id) was already stored: the stored record was kept. */
  existing: boolean;
  warnings: Message[];
}

/** Validated draw parameters. */
export interface DrawParams {
  quarter: Quarter;
  rate: number;
  seed: string;
  stratify: StratifyKey[];
  minPerStratum: number;
  includeAllAbove: number | null;
}

const MAX_SEED_LENGTH = 200;

export function checkSeed(seed: string): string {
  const s = seed.trim();
  if (!s || s.length > MAX_SEED_LENGTH || /[\u0000-\u001f\u007f]/.test(s)) {
    throw new UserError(msg('sample_bad_seed', { max: MAX_SEED_LENGTH }), {
      hint: msg('sample_bad_seed_hint'),
      exitCode: EXIT.usage,
    });
  }
  return s;
}

export function checkRate(rate: number): number {
  if (!(rate > 0 && rate <= 1) || rateMicros(rate) < 1) {
    throw new UserError(msg('sample_bad_rate', { r: rate }), {
      hint: msg('sample_bad_rate_hint'),
      exitCode: EXIT.usage,
    });
  }
  return rateMicros(rate) / 1_000_000;
}

/** The sample id: quarter + the first 8 hex digits of a hash of everything that determines the draw. */
export function sampleIdOf(p: DrawParams, core: CoreDraw): string {
  const assignment = sha256Hex(
    core.strata.map((s) => s.stratum).join('\n') + '\n#\n' + core.cases.map((c) => `${c.case_id}\t${c.stratum}\t${c.certainty ? 1 : 0}`).join('\n'),
  );
  const h = sha256Hex(
    JSON.stringify([ALGORITHM, p.quarter.label, p.seed, p.rate, p.stratify, p.minPerStratum, p.includeAllAbove, core.population_digest, assignment]),
  );
  return `${p.quarter.label}-${h.slice(0, 8)}`;
}

/** Runs the draw on a population without storing it (used by draw and by verify). */
export function deriveSample(pop: PopulationCase[], p: DrawParams): { core: CoreDraw; strata: StratumSummary[]; cases: SampledCase[] } {
  const core = drawCore(toMembers(pop, p.stratify), { seed: p.seed, rate: p.rate, stratify: p.stratify, minPerStratum: p.minPerStratum });
  const byId = new Map(pop.map((c) => [c.case_id, c]));
  const nameOf = new Map<string, string>();
  for (const c of pop) {
    const key = stationKey(c);
    const label = stationLabel(c);
    const prev = nameOf.get(key);
    if (prev === undefined || compareCodePoints(label, prev) < 0) nameOf.set(key, label);
  }
  const strata = core.strata.map((s) => ({ ...s, station: s.values.station!, station_name: nameOf.get(s.values.station!) ?? s.values.station! }));
  const cases = core.cases.map((c) => ({ ...c, station: c.values.station!, station_id: byId.get(c.case_id)?.station_id ?? null }));
  return { core, strata, cases };
}

/** Draws, stores and returns a sample. The workspace must be open read-write. */
export async function drawSample(ws: Workspace, options: DrawOptions = {}): Promise<DrawResult> {
  const lang = options.lang ?? 'zh';
  const settings = sampleSettings(ws.config);
  const db = ws.db;
  const quarter = await chooseQuarter(db, options.quarter, lang);
  const seedGenerated = options.seed === undefined;
  const params: DrawParams = {
    quarter,
    rate: checkRate(options.rate ?? settings.rate),
    seed: checkSeed(options.seed ?? generateSeed()),
    stratify: normalizeStratify(options.stratify ?? settings.stratify),
    minPerStratum: options.minPerStratum ?? settings.min_per_stratum,
    includeAllAbove: options.includeAllAbove === undefined ? settings.include_all_above : options.includeAllAbove,
  };
  if (!(Number.isInteger(params.minPerStratum) && params.minPerStratum >= 0)) {
    throw new UserError(msg('sample_bad_min_per_stratum'), { exitCode: EXIT.usage });
  }
  const warnings: Message[] = [];
  const pop = await readPopulation(db, quarter, params.includeAllAbove);
  if (!pop.length) {
    throw new UserError(
      msg('sample_no_cases_in_quarter', {
        q: quarter.label, s: quarter.start, e: quarter.end,
      }),
      { hint: msg('sample_no_cases_in_quarter_hint') },
    );
  }
  const dups = await duplicateCaseIds(db, quarter);
  if (dups) warnings.push(msg('sample_warn_duplicate_ids', { n: dups }));
  const unknown = pop.filter((c) => c.station_id === null).length;
  if (unknown) warnings.push(msg('sample_warn_unknown_units', { n: unknown }));
  if (pop.every((c) => c.is_major === null)) warnings.push(msg('sample_warn_no_major_column'));

  const { core, strata, cases } = deriveSample(pop, params);
  const sampleId = sampleIdOf(params, core);
  const createdAt = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const manifest: SampleManifest = {
    sample_id: sampleId,
    quarter: quarter.label,
    quarter_start: quarter.start,
    quarter_end: quarter.end,
    rate: params.rate,
    seed: params.seed,
    algorithm: ALGORITHM,
    stratify: params.stratify,
    min_per_stratum: params.minPerStratum,
    include_all_above: params.includeAllAbove,
    population_size: core.population_size,
    population_digest: core.population_digest,
    sample_size: cases.length,
    certainty_size: cases.filter((c) => c.certainty).length,
    strata,
    created_at: createdAt,
    tool_version: TOOL_VERSION,
  };

  const existing = await getManifest(db, sampleId);
  if (existing) return { manifest: existing, cases, seed_generated: seedGenerated, existing: true, warnings };
  await db.transaction(async () => {
    await db.run(
      `INSERT INTO samples (sample_id, quarter, rate, seed, algorithm, stratify, min_per_stratum, include_all_above,
        population_size, population_digest, sample_size, strata, created_at, tool_version)
       VALUES ($id, $quarter, $rate, $seed, $alg, CAST($stratify AS JSON)::VARCHAR[], $min, CAST($above AS DECIMAL(18,2)),
        $n, $digest, $size, $strata, CAST($created AS TIMESTAMP), $version)`,
      {
        id: sampleId, quarter: quarter.label, rate: params.rate, seed: params.seed, alg: ALGORITHM,
        stratify: JSON.stringify(params.stratify), min: params.minPerStratum,
        above: params.includeAllAbove === null ? null : params.includeAllAbove.toFixed(2),
        n: core.population_size, digest: core.population_digest, size: cases.length,
        strata: JSON.stringify(strata), created: createdAt.replace('T', ' ').replace('Z', ''), version: TOOL_VERSION,
      },
    );
    // One statement for all cases: the list travels as one JSON parameter.
    await db.run(
      `INSERT INTO sample_cases (sample_id, case_id, station_id, stratum, rank_key, certainty)
       SELECT $id, r.case_id, r.station_id, r.stratum, r.rank_key, r.certainty
       FROM (SELECT unnest(from_json($rows, '[{"case_id":"VARCHAR","station_id":"VARCHAR","stratum":"VARCHAR","rank_key":"VARCHAR","certainty":"BOOLEAN"}]'), recursive := true)) r`,
      {
        id: sampleId,
        rows: JSON.stringify(cases.map((c) => ({ case_id: c.case_id, station_id: c.station_id, stratum: c.stratum, rank_key: c.rank_key, certainty: c.certainty }))),
      },
    );
  });
  return { manifest, cases, seed_generated: seedGenerated, existing: false, warnings };
}

interface SampleRow {
  sample_id: string;
  quarter: string;
  rate: number;
  seed: string;
  algorithm: string;
  stratify: string[];
  min_per_stratum: number;
  include_all_above: number | null;
  population_size: number;
  population_digest: string;
  sample_size: number;
  strata: string;
  created_at: string;
  tool_version: string;
}

const SAMPLE_COLUMNS = `sample_id, quarter, rate, seed, algorithm, stratify, min_per_stratum, include_all_above,
  population_size, population_digest, sample_size, strata, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, tool_version`;

function toManifest(r: SampleRow): SampleManifest {
  const q = resolveQuarterLabel(r.quarter, 'en');
  const strata = JSON.parse(r.strata) as StratumSummary[];
  return {
    sample_id: r.sample_id,
    quarter: r.quarter,
    quarter_start: q.start,
    quarter_end: q.end,
    rate: r.rate,
    seed: r.seed,
    algorithm: r.algorithm,
    stratify: r.stratify as StratifyKey[],
    min_per_stratum: r.min_per_stratum,
    include_all_above: r.include_all_above === null ? null : Number(r.include_all_above),
    population_size: r.population_size,
    population_digest: r.population_digest,
    sample_size: r.sample_size,
    certainty_size: strata.reduce((a, s) => a + s.certainty, 0),
    strata,
    created_at: r.created_at,
    tool_version: r.tool_version,
  };
}

/** A stored sample's manifest, or undefined. */
export async function getManifest(db: Database, sampleId: string): Promise<SampleManifest | undefined> {
  const r = await db.one<SampleRow>(`SELECT ${SAMPLE_COLUMNS} FROM samples WHERE sample_id = ?`, [sampleId]);
  return r ? toManifest(r) : undefined;
}

/** Stored samples, newest first (optionally of one quarter). */
export async function listSamples(db: Database, quarter?: string): Promise<SampleManifest[]> {
  const rows = quarter
    ? await db.all<SampleRow>(`SELECT ${SAMPLE_COLUMNS} FROM samples WHERE quarter = ? ORDER BY created_at DESC, sample_id DESC`, [quarter])
    : await db.all<SampleRow>(`SELECT ${SAMPLE_COLUMNS} FROM samples ORDER BY created_at DESC, sample_id DESC`);
  return rows.map(toManifest);
}

/** The stored cases of a sample, as drawn. */
export async function getSampleCases(db: Database, sampleId: string): Promise<Array<{ case_id: string; station_id: string | null; stratum: string; rank_key: string; certainty: boolean }>> {
  return db.all(`SELECT case_id, station_id, stratum, rank_key, certainty FROM sample_cases WHERE sample_id = ? ORDER BY stratum, certainty DESC, rank_key`, [sampleId]);
}

/** A stored sample by id, or a usage error listing the ids there are. */
export async function requireManifest(db: Database, sampleId: string): Promise<SampleManifest> {
  const m = await getManifest(db, sampleId);
  if (m) return m;
  const ids = (await listSamples(db)).map((s) => s.sample_id);
  throw new UserError(msg('sample_not_found', { id: sampleId }), {
    hint: ids.length
      ? msg('samples_are_hint', { ids: ids.slice(0, 10).join(', ') + (ids.length > 10 ? ' …' : '') })
      : msg('sample_draw_first_hint'),
  });
}

/** The newest sample of a quarter (or of all), or a usage error. */
export async function latestManifest(db: Database, quarter: string | undefined, lang: Lang = 'zh'): Promise<SampleManifest> {
  const label = quarter ? resolveQuarterLabel(quarter, lang).label : undefined;
  const all = await listSamples(db, label);
  if (all.length) return all[0];
  throw new UserError(
    label
      ? msg('sample_none_for_quarter', { q: label })
      : msg('sample_none_yet'),
    { hint: msg('sample_draw_first_hint') },
  );
}

/** Draw parameters as stored in a manifest. */
export function paramsOf(m: SampleManifest): DrawParams {
  return {
    quarter: resolveQuarterLabel(m.quarter, 'en'),
    rate: m.rate,
    seed: m.seed,
    stratify: m.stratify,
    minPerStratum: m.min_per_stratum,
    includeAllAbove: m.include_all_above,
  };
}
