// The staffing model as CSV for pipes and spreadsheets: codes and raw numbers, column names in English snake_case.
import { formatCsv } from '../cli/output.js';
import type { PlanResult } from './model.js';
import type { WhatIfResult } from './whatif.js';
import type { SensitivityResult } from './sensitivity.js';

type Row = Record<string, unknown>;

const PLAN_COLS = [
  'quarter', 'scope', 'station_id', 'station_name', 'county', 'unit_kind', 'area_type', 'cases_criminal', 'cases_public_security',
  'cases_total', 'petitions', 'ledger_hours_recorded', 'hours_cases', 'hours_petitions', 'hours_ledger', 'hours_total',
  'required_frontline', 'required_frontline_ceil', 'actual_frontline_sworn', 'gap', 'gap_ceil', 'utilisation', 'short', 'reason',
  'available_hours_per_officer', 'committed_ceiling',
];

/** One row per station, then one per county. */
export function planCsv(plan: PlanResult): string {
  const common = { quarter: plan.quarter, available_hours_per_officer: plan.available_hours_per_officer, committed_ceiling: plan.params.committed_ceiling };
  const rows: Row[] = plan.stations.map((r) => ({
    ...common, scope: 'station', station_id: r.station_id, station_name: r.station_name, county: r.county, unit_kind: r.unit_kind, area_type: r.area_type,
    cases_criminal: r.cases.criminal, cases_public_security: r.cases.public_security, cases_total: r.cases.total, petitions: r.petitions,
    ledger_hours_recorded: r.inputs.ledger_hours, hours_cases: r.workload_hours.cases, hours_petitions: r.workload_hours.petitions,
    hours_ledger: r.workload_hours.ledger, hours_total: r.workload_hours.total, required_frontline: r.required_frontline,
    required_frontline_ceil: r.required_frontline_ceil, actual_frontline_sworn: r.actual_frontline_sworn, gap: r.gap, gap_ceil: r.gap_ceil,
    utilisation: r.utilisation, short: r.short, reason: r.reason,
  }));
  for (const c of plan.counties) {
    rows.push({
      ...common, scope: 'county', county: c.county, hours_cases: c.workload_hours.cases, hours_petitions: c.workload_hours.petitions,
      hours_ledger: c.workload_hours.ledger, hours_total: c.workload_hours.total, required_frontline: c.required_frontline,
      required_frontline_ceil: c.required_frontline_ceil, actual_frontline_sworn: c.actual_frontline_sworn, gap: c.gap, utilisation: c.utilisation,
      short: null, reason: null,
    });
  }
  return formatCsv(rows, PLAN_COLS);
}

/** --move: one row per station, before and after. */
export function whatifCsv(w: WhatIfResult): string {
  const rows: Row[] = w.stations.map((s) => ({ quarter: w.quarter, ...s }));
  return formatCsv(rows, [
    'quarter', 'station_id', 'station_name', 'county', 'unit_kind', 'workload_hours', 'required_frontline', 'required_frontline_ceil',
    'actual_before', 'received', 'actual_after', 'gap_before', 'gap_after', 'gap_ceil_before', 'gap_ceil_after',
    'utilisation_before', 'utilisation_after', 'short_before', 'short_after',
  ]);
}

/** --vary: per parameter, one row per station and per county. */
export function sensitivityCsv(s: SensitivityResult): string {
  const rows: Row[] = [];
  for (const p of s.params) {
    const head = {
      quarter: s.quarter, param: p.param, rel: p.rel, factor_low: p.factor_low, factor_high: p.factor_high,
      value_low: p.value_low, value_base: p.value_base, value_high: p.value_high,
    };
    for (const r of p.stations) rows.push({ ...head, scope: 'station', ...r });
    for (const c of p.counties) rows.push({ ...head, scope: 'county', ...c });
  }
  return formatCsv(rows, [
    'quarter', 'param', 'rel', 'factor_low', 'factor_high', 'value_low', 'value_base', 'value_high', 'scope', 'station_id', 'station_name', 'county',
    'actual_frontline_sworn', 'required_low', 'required_base', 'required_high', 'required_ceil_low', 'required_ceil_base', 'required_ceil_high',
    'gap_low', 'gap_base', 'gap_high', 'shortfall_low', 'shortfall_base', 'shortfall_high',
  ]);
}
