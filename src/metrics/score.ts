// Station scorecard: a weighted, direction-aware score per station with every metric's contribution shown.
//
// Method (default "minmax"): within each county, every weighted metric's station values are put on
// 0..1 in the metric's direction — 1 for the best station, 0 for the worst, the rest in proportion
// to the value: (v − worst) / (best − worst); when every station has the same value all get 1.
// "rank" instead gives the share of the county's other stations a station equals or beats
// (robust to one extreme station, blind to distances). Direction "closest_to_zero" (for signed gaps
// such as declared_vs_recorded) ranks by the absolute value, smaller better. A station's score is
//   score = 100 × Σ weight_m × normalised_m / Σ weight_m
// over the metrics that have a value for it (a metric without a value is left out of both sums and
// listed as missing), so the contributions 100 × weight_m × normalised_m / Σ weight_m add up to the
// score. Rank 1 is the best score; equal scores share a rank (1, 2, 2, 4). A share over too few cases
// (below min_denominator, marked small by metrics/small.ts) counts as missing and is listed in too_few.
import { msg, type Message } from '../i18n/message.js';
import { UserError } from '../errors.js';
import { configSection, type WorkspaceConfig } from '../config.js';
import type { Direction } from './definitions.js';
import type { MetricsResult, MetricValue } from './run.js';

export type ScoreMethod = 'minmax' | 'rank';
/** A metric's direction for scoring; closest_to_zero scores |value|, smaller better. */
export type ScoreDirection = Exclude<Direction, 'neutral'> | 'closest_to_zero';
const SCORE_DIRECTIONS: ScoreDirection[] = ['higher_is_better', 'lower_is_better', 'closest_to_zero'];

export interface ScorecardConfig {
  method: ScoreMethod;
  /** metric id → weight (> 0). Metrics without a weight do not count. */
  weights: Record<string, number>;
  /** Direction overrides (required for a weighted metric whose file says neutral). */
  directions: Record<string, ScoreDirection>;
}

/** Defaults: what a station itself controls — solving and closing cases, handling petitions, audit quality, honest statistics, deployment. */
export const DEFAULT_SCORECARD: ScorecardConfig = {
  method: 'minmax',
  weights: {
    frontline_share: 1,
    qualified_share: 1,
    // Within 30 days, not "so far": the latest quarter's cases have had less time (censoring).
    clearance_rate_30d: 2,
    median_days_to_close: 1,
    proactive_share: 1,
    late_share: 1,
    repeat_share: 1,
    overdue_share: 1,
    satisfaction_rate: 1,
    defect_rate: 2,
    declared_vs_recorded: 2,
  },
  directions: { declared_vs_recorded: 'closest_to_zero' },
};

export interface Contribution {
  metric: string;
  value: number | null;
  direction: ScoreDirection;
  weight: number;
  /** 0..1 in the metric's direction (1 = best in the county); null when the station has no value. */
  normalized: number | null;
  /** Points of the score (0..100 in total); null when the metric is missing for the station. */
  contribution: number | null;
}

export interface StationScore {
  station_id: string;
  station_name: string;
  county: string | null;
  /** 0..100, null when no weighted metric has a value. */
  score: number | null;
  rank: number | null;
  /** Σ weights of the metrics that had a value (the score's denominator). */
  weight_used: number;
  contributions: Contribution[];
  /** Weighted metrics without a value for this station (too-few shares included). */
  missing: string[];
  /** Weighted shares left out because their denominator is below min_denominator. */
  too_few: string[];
}

export interface Scorecard {
  quarter: string;
  method: ScoreMethod;
  metrics: Array<{ metric: string; weight: number; direction: ScoreDirection }>;
  stations: StationScore[];
  warnings: Message[];
}

/** The scorecard section of jiceng.json over its defaults, checked. */
export function scorecardConfig(config: WorkspaceConfig): ScorecardConfig {
  const c = configSection<ScorecardConfig>(config, 'scorecard', DEFAULT_SCORECARD);
  if (c.method !== 'minmax' && c.method !== 'rank') {
    throw new UserError(msg('score_bad_method', { value: String(c.method) }), { hint: msg('score_bad_method_hint') });
  }
  if (!c.weights || typeof c.weights !== 'object') throw new UserError(msg('score_weights_not_object'));
  for (const [m, w] of Object.entries(c.weights)) {
    if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) {
      throw new UserError(msg('score_bad_weight', { metric: m, value: JSON.stringify(w) }));
    }
  }
  const given = config.scorecard as { directions?: unknown } | undefined;
  // Directions merge over the defaults key by key (a user's weights replace the default weights).
  const directions = { ...DEFAULT_SCORECARD.directions, ...((given?.directions as Record<string, ScoreDirection>) ?? {}) };
  for (const [m, d] of Object.entries(directions)) {
    if (!SCORE_DIRECTIONS.includes(d)) {
      throw new UserError(msg('score_bad_direction', { metric: m, valid: SCORE_DIRECTIONS.join(', '), value: JSON.stringify(d) }));
    }
  }
  return { method: c.method, weights: c.weights, directions };
}

/** Normalises one metric's values among the stations of a county, in its direction. */
export function normalize(values: Array<number | null>, direction: ScoreDirection | Direction, method: ScoreMethod): Array<number | null> {
  const key = (v: number): number => (direction === 'lower_is_better' ? -v : direction === 'closest_to_zero' ? -Math.abs(v) : v);
  const present = values.filter((v): v is number => v !== null).map(key);
  if (!present.length) return values.map(() => null);
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return values.map((v) => {
    if (v === null) return null;
    const x = key(v);
    if (method === 'minmax') return hi === lo ? 1 : (x - lo) / (hi - lo);
    const others = present.length - 1;
    if (others === 0) return 1;
    const atLeast = present.filter((y) => y <= x).length - 1; // others it equals or beats
    return atLeast / others;
  });
}

/** The user's config names the weights (so a weighted metric that does not exist is an error, not skipped). */
export function weightsAreExplicit(config: WorkspaceConfig): boolean {
  return Boolean(config.scorecard && (config.scorecard as { weights?: unknown }).weights);
}

/** Scores with the workspace's scorecard settings, the weights explicit when the config names them. */
export function scoreWithConfig(result: MetricsResult, config: WorkspaceConfig): Scorecard {
  return scoreStations(result, scorecardConfig(config), weightsAreExplicit(config));
}

/**
 * Scores the stations of a metrics result. `explicit`: the weights came from the user's config, so a
 * weighted metric that does not exist is an error (default weights for missing metrics are skipped).
 */
export function scoreStations(result: MetricsResult, cfg: ScorecardConfig = DEFAULT_SCORECARD, explicit = false): Scorecard {
  const warnings: Message[] = [];
  const defs = new Map(result.definitions.map((d) => [d.id, d]));
  const metrics: Scorecard['metrics'] = [];
  for (const [metric, weight] of Object.entries(cfg.weights)) {
    if (!(weight > 0)) continue;
    const def = defs.get(metric);
    if (!def) {
      if (explicit) {
        throw new UserError(msg('score_unknown_metric', { metric }), {
          hint: msg('score_unknown_metric_hint', { metrics: result.definitions.map((d) => d.id).join(', ') }),
        });
      }
      warnings.push(msg('score_metric_not_loaded', { metric }));
      continue;
    }
    if (def.grain !== 'station') {
      warnings.push(msg('score_metric_not_station', { metric }));
      continue;
    }
    const direction: ScoreDirection | Direction = (cfg.directions[metric] as ScoreDirection | undefined) ?? def.direction;
    if (direction === 'neutral') {
      throw new UserError(msg('score_neutral_metric', { metric }), { hint: msg('score_neutral_metric_hint', { metric }) });
    }
    metrics.push({ metric, weight, direction: direction as ScoreDirection });
  }

  const stationValues = new Map<string, MetricValue>();
  const tooFew = new Set<string>();
  for (const v of result.values) {
    if (v.scope !== 'station') continue;
    const key = `${v.metric}\u0001${v.station_id}`;
    if (v.small) tooFew.add(key);
    else stationValues.set(key, v);
  }

  const byCounty = new Map<string, typeof result.stations>();
  for (const s of result.stations) {
    const k = s.county ?? '\u0000';
    byCounty.set(k, [...(byCounty.get(k) ?? []), s]);
  }

  const stations: StationScore[] = [];
  for (const group of byCounty.values()) {
    const norms = new Map<string, Array<number | null>>();
    for (const m of metrics) {
      const vals = group.map((s) => stationValues.get(`${m.metric}\u0001${s.station_id}`)?.value ?? null);
      norms.set(m.metric, normalize(vals, m.direction, cfg.method));
    }
    const scored: StationScore[] = group.map((s, i) => {
      const weightUsed = metrics.reduce((sum, m) => sum + (norms.get(m.metric)![i] === null ? 0 : m.weight), 0);
      const contributions: Contribution[] = metrics.map((m) => {
        const normalized = norms.get(m.metric)![i];
        return {
          metric: m.metric,
          value: stationValues.get(`${m.metric}\u0001${s.station_id}`)?.value ?? null,
          direction: m.direction,
          weight: m.weight,
          normalized,
          contribution: normalized === null || weightUsed === 0 ? null : (100 * m.weight * normalized) / weightUsed,
        };
      });
      const score = weightUsed === 0 ? null : contributions.reduce((sum, c) => sum + (c.contribution ?? 0), 0);
      return {
        station_id: s.station_id,
        station_name: s.station_name,
        county: s.county,
        score,
        rank: null,
        weight_used: weightUsed,
        contributions,
        missing: contributions.filter((c) => c.normalized === null).map((c) => c.metric),
        too_few: metrics.filter((m) => tooFew.has(`${m.metric}\u0001${s.station_id}`)).map((m) => m.metric),
      };
    });
    for (const s of scored) {
      if (s.score === null) continue;
      s.rank = 1 + scored.filter((o) => o.score !== null && o.score > (s.score as number)).length;
    }
    stations.push(...scored);
  }
  stations.sort((a, b) => (a.county ?? '').localeCompare(b.county ?? '') || (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.station_id.localeCompare(b.station_id));
  return { quarter: result.quarter, method: cfg.method, metrics, stations, warnings };
}
