// The station scorecard of a quarter: normalised over every station of the county, then narrowed to the selection.
import type { Workspace } from '../workspace.js';
import { computeMetrics, selectStations, type MetricsResult } from './run.js';
import { scoreWithConfig, type Scorecard } from './score.js';

export interface ScoreQuery {
  quarter?: string;
  compare?: string;
  metrics?: string[];
  metricsDirs?: string[];
  asOf?: string;
  /** Stations to show (ids or names, comma-separated allowed); all when empty. */
  stations?: string[];
  /** A broken metric file aborts instead of leaving its figures null (metric_error). */
  strict?: boolean;
}

/**
 * Scores every station (best and worst of the county set the scale), then keeps the stations asked
 * for: narrowing first would rescale the scores to the selection.
 */
export async function scoreQuarter(ws: Workspace, q: ScoreQuery): Promise<{ card: Scorecard; result: MetricsResult }> {
  const result = await computeMetrics(ws, { quarter: q.quarter, compare: q.compare, metrics: q.metrics, metricsDirs: q.metricsDirs, asOf: q.asOf, strict: q.strict });
  const card = scoreWithConfig(result, ws.config);
  const wanted = (q.stations ?? []).flatMap((s) => s.split(/[,，、]/)).filter(Boolean);
  if (wanted.length) {
    const ids = new Set(selectStations(result.stations, wanted).map((s) => s.station_id));
    card.stations = card.stations.filter((s) => ids.has(s.station_id));
  }
  return { card, result };
}
