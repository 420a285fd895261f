// Findings of a sample turned into defect rates with exact bounds, per station and for the county.
import type { Database } from '../db/database.js';
import { attributeSampleSize, clopperPearson, upperBoundOneSided } from '../stats/index.js';
import { POPULATION_SQL } from './population.js';
import { compareCodePoints } from './rank.js';
import type { SampleManifest } from './draw.js';

export const METHOD = {
  interval: 'Clopper–Pearson exact binomial interval (Clopper & Pearson 1934; as R binom.test)',
  upper: 'one-sided exact binomial upper bound (the Clopper–Pearson beta quantile; k = 0: 1 − (1 − c)^(1/n))',
  size: 'AICPA attribute sampling, exact binomial, no expected deviations (Audit Sampling guide, Appendix A)',
  weighted: 'stratified estimate: each stratum\'s defect share among its reviewed cases, weighted by the stratum\'s size',
};

/** What a sample of n cases can prove about a defect rate before any findings exist. */
export interface Capacity {
  /** Cases in the sample. */
  n: number;
  population: number;
  /** The one-sided upper bound the sample would give if no defect were found: 1 − (1 − c)^(1/n). */
  zero_defect_upper: number;
  /** Attribute-sampling size needed to show the rate is below the tolerable rate with no defect found (59 for 95%, 5%): binomial, like the bounds reported. */
  required: number;
  /** The same for this finite population (hypergeometric, ceil(tolerable × N) defects): smaller for small populations. */
  required_finite: number;
  /** The larger of the sample and the required size (at most the population): what to review to prove the tolerable rate. */
  needed: number;
  /** The sample is large enough (n ≥ required, or every case is reviewed). */
  sufficient: boolean;
  /** The population is no larger than the required size: only a full review can prove the tolerable rate. */
  census: boolean;
}

export interface DefectTypeCount {
  /** As written by the auditor; null when not given. */
  type: string | null;
  count: number;
}

export interface GroupResult {
  /** Station stratum value; null for the county. */
  station: string | null;
  station_name: string;
  population: number;
  sampled: number;
  certainty: number;
  /** Sampled cases with a finding (pass or defect). */
  reviewed: number;
  /** Sampled cases without a finding yet. */
  pending: number;
  defects: number;
  /** defects / reviewed (unweighted, as METRICS.md defines defect_rate); null before any finding. */
  defect_rate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  /** One-sided upper bound at the confidence level: the figure auditors quote. */
  upper_one_sided: number | null;
  defect_types: DefectTypeCount[];
  capacity: Capacity;
}

export interface Evaluation {
  sample_id: string;
  quarter: string;
  confidence: number;
  tolerable: number;
  method: typeof METHOD;
  has_findings: boolean;
  county: GroupResult & {
    /** Stratified (weighted) county estimate; null until every stratum has a reviewed case. */
    weighted_rate: number | null;
  };
  stations: GroupResult[];
  /** Findings for cases of the quarter's population that are not in this sample (not used: they were not drawn). */
  outside_sample: number;
}

export interface EvaluateOptions {
  confidence: number;
  tolerable: number;
}

/** What n cases can prove, at the confidence level, about the tolerable rate. */
export function capacityOf(n: number, population: number, confidence: number, tolerable: number): Capacity {
  const required = attributeSampleSize({ confidence, tolerable }).n;
  const target = Math.min(required, population);
  return {
    n,
    population,
    zero_defect_upper: n > 0 ? upperBoundOneSided(0, n, confidence) : 1,
    required,
    required_finite: population > 0 ? attributeSampleSize({ confidence, tolerable, population }).n : 0,
    needed: Math.max(n, target),
    sufficient: n >= target,
    census: population <= required,
  };
}

interface Tally {
  sampled: number;
  certainty: number;
  reviewed: number;
  defects: number;
  types: Map<string | null, number>;
}

const emptyTally = (): Tally => ({ sampled: 0, certainty: 0, reviewed: 0, defects: 0, types: new Map() });

function group(station: string | null, name: string, population: number, t: Tally, o: EvaluateOptions): GroupResult {
  const has = t.reviewed > 0;
  const ci = has ? clopperPearson(t.defects, t.reviewed, o.confidence) : null;
  return {
    station,
    station_name: name,
    population,
    sampled: t.sampled,
    certainty: t.certainty,
    reviewed: t.reviewed,
    pending: t.sampled - t.reviewed,
    defects: t.defects,
    defect_rate: has ? t.defects / t.reviewed : null,
    ci_lower: ci ? ci.lower : null,
    ci_upper: ci ? ci.upper : null,
    upper_one_sided: has ? upperBoundOneSided(t.defects, t.reviewed, o.confidence) : null,
    defect_types: [...t.types.entries()]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || compareCodePoints(a.type ?? '\uffff', b.type ?? '\uffff')),
    capacity: capacityOf(t.sampled, population, o.confidence, o.tolerable),
  };
}

/** Evaluates the findings loaded for a sample's cases. */
export async function evaluateSample(db: Database, m: SampleManifest, o: EvaluateOptions): Promise<Evaluation> {
  const rows = await db.all<{ case_id: string; stratum: string; certainty: boolean; result: string | null; defect_type: string | null }>(
    `WITH f AS (
       SELECT case_id, result, defect_type FROM findings WHERE case_id IS NOT NULL
       QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY _load_id DESC NULLS LAST, _row DESC NULLS LAST) = 1)
     SELECT sc.case_id, sc.stratum, sc.certainty, f.result, nullif(trim(f.defect_type), '') AS defect_type
     FROM sample_cases sc LEFT JOIN f ON f.case_id = sc.case_id
     WHERE sc.sample_id = $id`,
    { id: m.sample_id },
  );
  const outside = await db.scalar<number>(
    `WITH p AS (${POPULATION_SQL})
     SELECT count(DISTINCT f.case_id)::INT FROM findings f JOIN p ON p.case_id = f.case_id
     WHERE f.result IN ('pass', 'defect') AND f.case_id NOT IN (SELECT case_id FROM sample_cases WHERE sample_id = $id)`,
    { start: m.quarter_start, end: m.quarter_end, id: m.sample_id },
  );

  const strata = new Map(m.strata.map((s) => [s.stratum, s]));
  const byStation = new Map<string, Tally>();
  const byStratum = new Map<string, { rand: Tally; cert: Tally }>();
  const county = emptyTally();
  for (const r of rows) {
    const s = strata.get(r.stratum);
    const station = s?.station ?? r.stratum;
    let t = byStation.get(station);
    if (!t) byStation.set(station, (t = emptyTally()));
    let st = byStratum.get(r.stratum);
    if (!st) byStratum.set(r.stratum, (st = { rand: emptyTally(), cert: emptyTally() }));
    const targets = [t, county, r.certainty ? st.cert : st.rand];
    for (const x of targets) {
      x.sampled++;
      if (r.certainty) x.certainty++;
      if (r.result === 'pass' || r.result === 'defect') {
        x.reviewed++;
        if (r.result === 'defect') {
          x.defects++;
          x.types.set(r.defect_type, (x.types.get(r.defect_type) ?? 0) + 1);
        }
      }
    }
  }

  // Stations in the manifest's order, with their population from the strata.
  const stationInfo = new Map<string, { name: string; population: number }>();
  for (const s of m.strata) {
    const i = stationInfo.get(s.station) ?? { name: s.station_name, population: 0 };
    i.population += s.population;
    stationInfo.set(s.station, i);
  }
  const stations = [...stationInfo.entries()]
    .sort((a, b) => compareCodePoints(a[0], b[0]))
    .map(([station, info]) => group(station, info.name, info.population, byStation.get(station) ?? emptyTally(), o));

  // Stratified estimate: Σ_h (N_h_random × d_h/r_h + N_h_certain × e_h/c_h) / N.
  let weighted: number | null = 0;
  for (const s of m.strata) {
    const t = byStratum.get(s.stratum) ?? { rand: emptyTally(), cert: emptyTally() };
    for (const [size, tally] of [[s.remainder, t.rand], [s.certainty, t.cert]] as const) {
      if (!size) continue;
      if (!tally.reviewed) {
        weighted = null;
        break;
      }
      if (weighted !== null) weighted += (size * tally.defects) / tally.reviewed;
    }
    if (weighted === null) break;
  }
  const countyGroup = group(null, '(county)', m.population_size, county, o);
  return {
    sample_id: m.sample_id,
    quarter: m.quarter,
    confidence: o.confidence,
    tolerable: o.tolerable,
    method: METHOD,
    has_findings: county.reviewed > 0,
    county: { ...countyGroup, weighted_rate: weighted === null || !m.population_size ? null : weighted / m.population_size },
    stations,
    outside_sample: outside ?? 0,
  };
}
