// The report's staffing plan, backtracking and scorecard sections: computed from the plan, the sample and the metrics.
import { computePlan, planReasonMessage, type PlanReason, type PlanResult } from '../plan/model.js';
import { listSamples } from '../sample/draw.js';
import { evaluateSample, type GroupResult } from '../sample/evaluate.js';
import { sampleSettings } from '../sample/settings.js';
import type { MetricsResult } from '../metrics/run.js';
import type { QuarterData } from '../quarter.js';
import type { ScoreDirection } from '../metrics/score.js';
import { isUserError } from '../errors.js';
import { say } from '../i18n/message.js';
import { errorText, t, type Lang } from './labels.js';
import { countyKey, inScope, type CountyScope } from './county-scope.js';
import type { GroupTable, MetricCell, MetricColumn, ReportWorkspace } from './model.js';

export interface ScoreRow {
  rank: number | null;
  station_id: string;
  label: string;
  score: number | null;
  weight_used: number;
  /** metric id → points of the score, null when the metric is missing for the station. */
  contributions: Record<string, number | null>;
  missing: string[];
  /** Titles of weighted shares left out as too few. */
  too_few: string[];
}

export interface ScorecardModel {
  method: string;
  metrics: Array<{ id: string; title: string; weight: number; direction: ScoreDirection }>;
  rows: ScoreRow[];
}

export interface PlanRowModel {
  station_id: string | null;
  label: string;
  scope: 'station' | 'county';
  cases: number;
  petitions: number;
  hours_cases: number;
  hours_petitions: number;
  hours_ledger: number;
  hours_total: number;
  required: number;
  required_ceil: number;
  actual: number | null;
  gap: number | null;
  utilisation: number | null;
  short: boolean;
  reason: string | null;
}

export interface PlanModel {
  available_hours: number;
  ceiling: number;
  rows: PlanRowModel[];
  stations_short: number;
  shortfall: number;
  grassroots_share: number | null;
}

/** A findings row of the report: the evaluation's own figures (src/sample/evaluate.ts), labelled. */
export type FindingsRow = Pick<
  GroupResult,
  'population' | 'sampled' | 'reviewed' | 'pending' | 'defects' | 'defect_rate' | 'ci_lower' | 'ci_upper' | 'upper_one_sided'
> & { label: string; scope: 'station' | 'county' };

export interface BacktrackingModel {
  /** backtrack_coverage and defect_rate per station and county (from the metrics). */
  rows: Array<{ label: string; scope: 'station' | 'county'; coverage: MetricCell | null; defect: MetricCell | null }>;
  sample: { id: string; created_at: string; rate: number; seed: string; population: number; size: number } | null;
  /** From src/sample/evaluate.ts when a sample exists. */
  findings: { confidence: number; has_findings: boolean; rows: FindingsRow[]; weighted_rate: number | null } | null;
}

export async function buildPlan(
  ws: ReportWorkspace, quarter: string, lang: Lang, labels: Map<string, string>, countyLabel: (c: string | null) => string, warnings: string[],
  scope?: CountyScope,
  shared?: Promise<PlanResult>,
  quarters?: QuarterData[],
): Promise<PlanModel | null> {
  let p: PlanResult;
  try {
    p = await (shared ?? computePlan(ws, { quarter, quarters }));
  } catch (e) {
    if (!isUserError(e)) throw e;
    warnings.push(t('report_plan_unavailable', lang, { reason: errorText(e, lang) }));
    return null;
  }
  // The plan's own reasons, worded as `jiceng plan` words them.
  const reason = (r: PlanReason | null): string | null => (r ? say(planReasonMessage(r), lang) : null);
  // One county's report: its stations and its county totals only.
  const own = scope === undefined ? undefined : p.counties.find((c) => inScope(scope, c.county));
  if (scope !== undefined) p = { ...p, stations: p.stations.filter((s) => inScope(scope, s.county)), counties: p.counties.filter((c) => inScope(scope, c.county)) };
  const rows: PlanRowModel[] = p.stations.map((s) => ({
    station_id: s.station_id,
    label: labels.get(s.station_id) ?? s.station_name,
    scope: 'station',
    cases: s.cases.total,
    petitions: s.petitions,
    hours_cases: s.workload_hours.cases,
    hours_petitions: s.workload_hours.petitions,
    hours_ledger: s.workload_hours.ledger,
    hours_total: s.workload_hours.total,
    required: s.required_frontline,
    required_ceil: s.required_frontline_ceil,
    actual: s.actual_frontline_sworn,
    gap: s.gap,
    utilisation: s.utilisation,
    short: s.short,
    reason: reason(s.reason),
  }));
  for (const c of p.counties) {
    rows.push({
      station_id: null,
      label: countyLabel(c.county),
      scope: 'county',
      cases: p.stations.filter((s) => countyKey(s.county) === countyKey(c.county)).reduce((n, s) => n + s.cases.total, 0),
      petitions: p.stations.filter((s) => countyKey(s.county) === countyKey(c.county)).reduce((n, s) => n + s.petitions, 0),
      hours_cases: c.workload_hours.cases,
      hours_petitions: c.workload_hours.petitions,
      hours_ledger: c.workload_hours.ledger,
      hours_total: c.workload_hours.total,
      required: c.required_frontline,
      required_ceil: c.required_frontline_ceil,
      actual: c.actual_frontline_sworn,
      gap: c.gap,
      utilisation: c.utilisation,
      short: c.stations_short > 0,
      reason: null,
    });
  }
  return {
    available_hours: p.available_hours_per_officer,
    ceiling: p.params.committed_ceiling,
    rows,
    stations_short: (own ?? p.county).stations_short,
    shortfall: (own ?? p.county).shortfall,
    grassroots_share: (own ?? p.county).grassroots_share,
  };
}

export async function buildBacktracking(
  ws: ReportWorkspace, result: MetricsResult, groups: GroupTable[], lang: Lang, labels: Map<string, string>,
  countyLabel: (c: string | null) => string, warnings: string[], scope?: CountyScope,
): Promise<BacktrackingModel> {
  const g = groups.find((x) => x.group === 'backtracking');
  const rows = (g?.rows ?? []).map((r) => ({ label: r.label, scope: r.scope, coverage: r.cells.backtrack_coverage ?? null, defect: r.cells.defect_rate ?? null }));
  let sample: BacktrackingModel['sample'] = null;
  let findings: BacktrackingModel['findings'] = null;
  try {
    const m = (await listSamples(ws.db, result.quarter))[0];
    if (m) {
      sample = { id: m.sample_id, created_at: m.created_at, rate: m.rate, seed: m.seed, population: m.population_size, size: m.sample_size };
      const settings = sampleSettings(ws.config);
      const ev = await evaluateSample(ws.db, m, { confidence: settings.confidence, tolerable: settings.tolerable_rate });
      const fr = (x: GroupResult, label: string, scope: 'station' | 'county'): FindingsRow => ({
        label, scope, population: x.population, sampled: x.sampled, reviewed: x.reviewed, pending: x.pending, defects: x.defects,
        defect_rate: x.defect_rate, ci_lower: x.ci_lower, ci_upper: x.ci_upper, upper_one_sided: x.upper_one_sided,
      });
      const countyName = [...new Set(result.stations.map((s) => s.county))];
      findings = {
        confidence: ev.confidence,
        has_findings: ev.has_findings,
        weighted_rate: ev.county.weighted_rate,
        rows: [
          ...ev.stations.filter((s) => scope === undefined || (s.station !== null && labels.has(s.station)))
            .map((s) => fr(s, (s.station && labels.get(s.station)) || s.station_name || s.station || '', 'station')),
          // The sample's county row pools every county of the workspace: one county's report leaves it out.
          ...(scope === undefined ? [fr(ev.county, countyLabel(countyName.length === 1 ? countyName[0] : null), 'county')] : []),
        ],
      };
    }
  } catch (e) {
    if (!isUserError(e)) throw e;
    warnings.push(errorText(e, lang));
  }
  return { rows, sample, findings };
}
