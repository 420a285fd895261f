// The workload-based staffing model: per station and quarter, workload hours → required frontline officers, against the actual.
//
//   workload hours   = Σ cases × hours per case (by category where set, else by type)
//                      + petitions × hours per petition + recorded ledger hours (if included)
//   required         = workload hours / (available hours per officer × committed ceiling)
//   gap              = actual frontline sworn − required          (negative = officers short)
//   utilisation      = workload hours / (actual frontline sworn × available hours per officer)
// A station is short exactly when its utilisation is above the ceiling (the ICMA rule of 60).
// Headcounts come from the shared unit_staff macro (metrics/_prelude.sql), as every metric's do.
import type { Database } from '../db/database.js';
import type { WorkspaceConfig } from '../config.js';
import { msg, type Message } from '../i18n/message.js';
import { installPrelude, metricsDirsFor } from '../metrics/run.js';
import { quartersWithData, resolveQuarter, type QuarterData } from '../quarter.js';
import {
  availableHours, categoryKey, committableHours, resolvePlanParams, CASE_TYPES,
  type CaseType, type PlanParams, type PlanSettings,
} from './params.js';

export type { PlanParams, PlanSettings } from './params.js';

/** Hours of recorded demand on a station in the quarter, by source. */
export interface WorkloadHours {
  cases: number;
  petitions: number;
  ledger: number;
  total: number;
}

/** The counts the workload is computed from (kept so the what-if and sensitivity recompute without SQL). */
export interface StationInputs {
  /** Cases received in the quarter, by type and category as written (category null when blank). */
  cases: Array<{ case_type: string; category: string | null; n: number }>;
  petitions: number;
  /** Sum of the recorded hours of the quarter's ledger rows (rows without hours count 0). */
  ledger_hours: number;
  ledger_rows: number;
  ledger_rows_without_hours: number;
}

/** Why the actual officers (and so the gap), or only the utilisation, is unknown. */
export type PlanReason = 'no_staff_data' | 'no_breakdown:frontline' | 'no_frontline';

/** Why a station has no utilisation, in words: one wording for the terminal and the report. */
export const PLAN_REASON_CODES = {
  no_staff_data: 'plan_reason_no_staff_data',
  'no_breakdown:frontline': 'plan_reason_no_frontline_count',
  no_frontline: 'plan_reason_no_frontline',
} as const satisfies Record<PlanReason, string>;

export function planReasonMessage(reason: PlanReason): Message {
  return msg(PLAN_REASON_CODES[reason]);
}

const UNIT_KIND_CODES: Record<string, string> = {
  station: 'plan_unit_kind_station', outpost: 'plan_unit_kind_outpost', hq: 'plan_unit_kind_hq',
  specialist: 'plan_unit_kind_specialist', traffic: 'plan_unit_kind_traffic', detention: 'plan_unit_kind_detention',
};

/** A unit kind by name (派出所 / station); an unknown kind as written. */
export function unitKindMessage(kind: string): Message {
  return UNIT_KIND_CODES[kind] ? msg(UNIT_KIND_CODES[kind]) : msg('legacy_text', { text: kind });
}

export interface PlanStationRow {
  station_id: string;
  station_name: string;
  county: string | null;
  area_type: string | null;
  /** station, or outpost (outposts are grassroots: a row when they have workload in the quarter). */
  unit_kind: 'station' | 'outpost';
  /** Cases received in the quarter, by type; priced_by_category: cases whose hours came from hours_per_category. */
  cases: { criminal: number; public_security: number; other: number; total: number; priced_by_category: number };
  petitions: number;
  workload_hours: WorkloadHours;
  /** Not rounded. */
  required_frontline: number;
  /** Whole officers: ceil(required_frontline) (with a 1e-9 tolerance for floating-point noise). */
  required_frontline_ceil: number;
  /** Sworn, post_class frontline, working at the station (seconded in counted, seconded out not); null if unknown. */
  actual_frontline_sworn: number | null;
  /** All sworn working at the station (any post class); null if unknown. */
  sworn: number | null;
  /** actual − required (negative = short); null when actual is unknown. */
  gap: number | null;
  /** actual − required_frontline_ceil: whole officers short (negative) or spare. */
  gap_ceil: number | null;
  /** workload / (actual × available hours); null when actual is 0 or unknown (see reason). */
  utilisation: number | null;
  /** gap < 0. */
  short: boolean;
  /** Why actual/gap/utilisation is null (no_staff_data, no_breakdown:frontline) or only utilisation (no_frontline). */
  reason: PlanReason | null;
  /** Where the headcount came from (unit_staff): roster, headcount table, or null (none). */
  staff_source: 'roster' | 'headcount' | null;
  inputs: StationInputs;
}

/** Totals of a county (or of the whole workspace). */
export interface PlanTotals {
  /** The county name; null for stations without one, or for the workspace total when it holds several counties. */
  county: string | null;
  stations: number;
  stations_short: number;
  /** Station ids whose actual frontline is unknown: left out of actual, gap, shortfall and utilisation. */
  stations_without_staff: string[];
  workload_hours: WorkloadHours;
  /** Σ required over every row. */
  required_frontline: number;
  /** Σ required_frontline_ceil over every row. */
  required_frontline_ceil: number;
  /** Σ actual over rows with a known actual; null if none. */
  actual_frontline_sworn: number | null;
  /** Σ gap over rows with a known actual (= their actual − their required); null if none. */
  gap: number | null;
  /** Officers short at the short stations: Σ −gap over rows with gap < 0 (≥ 0). */
  shortfall: number;
  /** Officers spare at the other stations: Σ gap over rows with gap > 0. */
  surplus: number;
  /** Pooled: Σ workload / (Σ actual × available hours) over rows with a known actual; null if Σ actual = 0. */
  utilisation: number | null;
  /** Sworn headcount of every unit of the county with staff data (as METRICS grassroots_share). */
  sworn_total: number | null;
  sworn_grassroots: number | null;
  sworn_organs: number | null;
  /** sworn_grassroots / sworn_total; null when no sworn are known. */
  grassroots_share: number | null;
}

/** A non-grassroots unit (机关/专业警种…) and its sworn headcount for the quarter. */
export interface OrganRow {
  unit_id: string;
  unit_name: string;
  county: string | null;
  unit_kind: string;
  /** Sworn working there (seconded in counted); null when the unit has no staff data. */
  sworn: number | null;
  frontline: number | null;
  command: number | null;
  office: number | null;
  staff_source: 'roster' | 'headcount' | null;
  /** hq and specialist units: what `--move` draws from unless `--from` names a unit. */
  donor: boolean;
}

/** Workload rows the plan leaves out: unit not resolved, or an organ's own workload. */
export interface PlanExcluded {
  unknown_unit: { cases: number; petitions: number; ledger_rows: number };
  organ_units: { cases: number; petitions: number; ledger_rows: number };
  /** Cases of a type hours_per_case has no entry for and no category override (priced 0). */
  unpriced_cases: number;
}

export interface PlanResult {
  quarter: string;
  start: string;
  end: string;
  params: PlanParams;
  /** availableHours(params): the set value, or scheduled − leave − training − absence. */
  available_hours_per_officer: number;
  /** available × committed_ceiling: the hours one officer can give to recorded demand. */
  committable_hours_per_officer: number;
  stations: PlanStationRow[];
  /** The workspace's totals (its one county's, in the usual case). */
  county: PlanTotals;
  /** Per county (one entry in the usual case). */
  counties: PlanTotals[];
  /** county.grassroots_share. */
  grassroots_share: number | null;
  organs: OrganRow[];
  excluded: PlanExcluded;
}

export interface PlanOptions {
  /** Any parseQuarter spelling; default: the latest quarter with case data. */
  quarter?: string;
  /** Laid over jiceng.json's `plan` section; every Partial<PlanParams> is accepted. */
  overrides?: Partial<PlanParams> | PlanSettings;
  /** The workspace's quarters with data, already read (a report's runs share them). */
  quarters?: QuarterData[];
}

export const DONOR_UNIT_KINDS = ['hq', 'specialist'] as const;
const EPS = 1e-9;

/** Whole officers for a requirement: ceil, forgiving floating-point noise (3.0000000001 → 3). */
export function ceilOfficers(x: number): number {
  return Math.ceil(x - EPS);
}

/** Hours for one case of a type and category under the parameters (null = unpriced type). */
export function caseHours(caseType: string, category: string | null, p: PlanParams, byCategory?: Map<string, number>): { hours: number; byCategory: boolean } | null {
  const cats = byCategory ?? categoryMap(p);
  if (category !== null && cats.size) {
    const h = cats.get(categoryKey(category));
    if (h !== undefined) return { hours: h, byCategory: true };
  }
  if ((CASE_TYPES as readonly string[]).includes(caseType)) return { hours: p.hours_per_case[caseType as CaseType], byCategory: false };
  return null;
}

export function categoryMap(p: PlanParams): Map<string, number> {
  return new Map(Object.entries(p.hours_per_category).map(([k, h]) => [categoryKey(k), h]));
}

/** A station's workload hours under the parameters (pure). ledgerFactor scales recorded ledger hours (sensitivity). */
export function stationWorkload(inputs: StationInputs, p: PlanParams, ledgerFactor = 1): WorkloadHours {
  const cats = categoryMap(p);
  let cases = 0;
  for (const c of inputs.cases) cases += c.n * (caseHours(c.case_type, c.category, p, cats)?.hours ?? 0);
  const petitions = inputs.petitions * p.hours_per_petition;
  const ledger = p.include_ledger_hours ? inputs.ledger_hours * ledgerFactor : 0;
  return { cases, petitions, ledger, total: cases + petitions + ledger };
}

/** Required frontline officers for a workload: hours / (available × ceiling). */
export function requiredOfficers(workloadHours: number, p: PlanParams): number {
  return workloadHours / committableHours(p);
}

/** Fills the derived fields of a row for an actual headcount (used by computePlan and the what-if). */
export function rowFigures(workload: WorkloadHours, actual: number | null, staffReason: PlanReason | null, p: PlanParams) {
  const required = requiredOfficers(workload.total, p);
  const requiredCeil = ceilOfficers(required);
  const gap = actual === null ? null : actual - required;
  const utilisation = actual === null || actual === 0 ? null : workload.total / (actual * availableHours(p));
  const reason: PlanReason | null = actual === null ? staffReason ?? 'no_staff_data' : actual === 0 ? 'no_frontline' : null;
  return {
    required_frontline: required,
    required_frontline_ceil: requiredCeil,
    gap,
    gap_ceil: actual === null ? null : actual - requiredCeil,
    utilisation,
    short: gap !== null && gap < -EPS,
    reason,
  };
}

const addHours = (a: WorkloadHours, b: WorkloadHours): WorkloadHours => ({
  cases: a.cases + b.cases, petitions: a.petitions + b.petitions, ledger: a.ledger + b.ledger, total: a.total + b.total,
});
const ZERO_HOURS: WorkloadHours = { cases: 0, petitions: 0, ledger: 0, total: 0 };

export interface UnitStaffRow {
  unit_id: string;
  unit_name: string;
  county: string | null;
  unit_kind: string;
  is_grassroots: boolean;
  area_type: string | null;
  staff_source: 'roster' | 'headcount' | null;
  sworn: number | null;
  frontline: number | null;
  command: number | null;
  office: number | null;
}

/** Sworn headcounts of a set of units, as METRICS grassroots_share: units without staff data left out. */
export function swornTotals(units: UnitStaffRow[]): Pick<PlanTotals, 'sworn_total' | 'sworn_grassroots' | 'sworn_organs' | 'grassroots_share'> {
  const known = units.filter((u) => u.sworn !== null);
  if (!known.length) return { sworn_total: null, sworn_grassroots: null, sworn_organs: null, grassroots_share: null };
  const total = known.reduce((s, u) => s + (u.sworn as number), 0);
  const grassroots = known.filter((u) => u.is_grassroots).reduce((s, u) => s + (u.sworn as number), 0);
  return { sworn_total: total, sworn_grassroots: grassroots, sworn_organs: total - grassroots, grassroots_share: total > 0 ? grassroots / total : null };
}

/** Totals over station rows (pure): county name, rows, the county's units for the sworn counts. */
export function planTotals(county: string | null, rows: PlanStationRow[], units: UnitStaffRow[], p: PlanParams): PlanTotals {
  const known = rows.filter((r) => r.actual_frontline_sworn !== null);
  const actual = known.length ? known.reduce((s, r) => s + (r.actual_frontline_sworn as number), 0) : null;
  const knownWork = known.reduce((s, r) => s + r.workload_hours.total, 0);
  return {
    county,
    stations: rows.length,
    stations_short: rows.filter((r) => r.short).length,
    stations_without_staff: rows.filter((r) => r.actual_frontline_sworn === null).map((r) => r.station_id),
    workload_hours: rows.reduce((a, r) => addHours(a, r.workload_hours), ZERO_HOURS),
    required_frontline: rows.reduce((s, r) => s + r.required_frontline, 0),
    required_frontline_ceil: rows.reduce((s, r) => s + r.required_frontline_ceil, 0),
    actual_frontline_sworn: actual,
    gap: known.length ? known.reduce((s, r) => s + (r.gap as number), 0) : null,
    shortfall: known.reduce((s, r) => s + Math.max(0, -(r.gap as number)), 0),
    surplus: known.reduce((s, r) => s + Math.max(0, r.gap as number), 0),
    utilisation: actual ? knownWork / (actual * availableHours(p)) : null,
    ...swornTotals(units),
  };
}

const countyKey = (c: string | null): string => (c === null ? '\u0000' : c);

function emptyInputs(): StationInputs {
  return { cases: [], petitions: 0, ledger_hours: 0, ledger_rows: 0, ledger_rows_without_hours: 0 };
}

/**
 * Computes the staffing model for a quarter: one row per station (and per outpost with workload),
 * totals per county and for the workspace, the grassroots share and the organs' sworn headcounts.
 */
export async function computePlan(ws: { db: Database; config: WorkspaceConfig; dir?: string }, opts: PlanOptions = {}): Promise<PlanResult> {
  const params = resolvePlanParams(ws.config, opts.overrides as PlanSettings | undefined);
  const db = ws.db;
  const q = await resolveQuarter(db, opts.quarter, opts.quarters ?? (await quartersWithData(db)));
  await installPrelude(db, metricsDirsFor(ws.dir));
  const qs = { q_start: q.start, q_end: q.end };

  const units = (await db.all<UnitStaffRow>(
    `SELECT unit_id, unit_name, county, unit_kind, is_grassroots, area_type, staff_source, sworn, frontline, command, office
     FROM unit_staff($q_end) WHERE unit_id IS NOT NULL ORDER BY unit_id`,
    { q_end: q.end },
  )).map((u) => ({ ...u, is_grassroots: Boolean(u.is_grassroots) }));
  const unitById = new Map(units.map((u) => [u.unit_id, u]));

  const inputs = new Map<string, StationInputs>();
  const inputsOf = (id: string): StationInputs => {
    let x = inputs.get(id);
    if (!x) inputs.set(id, (x = emptyInputs()));
    return x;
  };
  const excluded: PlanExcluded = {
    unknown_unit: { cases: 0, petitions: 0, ledger_rows: 0 },
    organ_units: { cases: 0, petitions: 0, ledger_rows: 0 },
    unpriced_cases: 0,
  };
  /** Where a row's unit goes: a grassroots unit id, or counted as excluded. */
  const place = (id: string | null, what: 'cases' | 'petitions' | 'ledger_rows', n: number): string | null => {
    const u = id === null ? undefined : unitById.get(id);
    if (!u) {
      excluded.unknown_unit[what] += n;
      return null;
    }
    if (!u.is_grassroots) {
      excluded.organ_units[what] += n;
      return null;
    }
    return u.unit_id;
  };

  const caseRows = await db.all<{ station_id: string | null; case_type: string; category: string | null; n: number }>(
    `SELECT station_id, case_type, nullif(trim(category), '') AS category, count(*)::INTEGER AS n
     FROM quarter_cases($q_start, $q_end) GROUP BY ALL ORDER BY ALL`, qs);
  for (const r of caseRows) {
    const id = place(r.station_id, 'cases', Number(r.n));
    if (id !== null) inputsOf(id).cases.push({ case_type: r.case_type, category: r.category, n: Number(r.n) });
  }
  const petitionRows = await db.all<{ station_id: string | null; n: number }>(
    `SELECT station_id, count(*)::INTEGER AS n FROM quarter_petitions($q_start, $q_end) GROUP BY ALL`, qs);
  for (const r of petitionRows) {
    const id = place(r.station_id, 'petitions', Number(r.n));
    if (id !== null) inputsOf(id).petitions += Number(r.n);
  }
  const ledgerRows = await db.all<{ station_id: string | null; n: number; hours: number; missing: number }>(
    `SELECT station_id, count(*)::INTEGER AS n, coalesce(sum(hours), 0)::DOUBLE AS hours,
            count(*) FILTER (WHERE hours IS NULL)::INTEGER AS missing
     FROM quarter_ledger($q_start, $q_end) GROUP BY ALL`, qs);
  for (const r of ledgerRows) {
    const id = place(r.station_id, 'ledger_rows', Number(r.n));
    if (id === null) continue;
    const x = inputsOf(id);
    x.ledger_hours += Number(r.hours);
    x.ledger_rows += Number(r.n);
    x.ledger_rows_without_hours += Number(r.missing);
  }

  const cats = categoryMap(params);
  const stations: PlanStationRow[] = [];
  for (const u of units) {
    if (u.unit_kind !== 'station' && !(u.unit_kind === 'outpost' && inputs.has(u.unit_id))) continue;
    const inp = inputs.get(u.unit_id) ?? emptyInputs();
    const counts = { criminal: 0, public_security: 0, other: 0, total: 0, priced_by_category: 0 };
    for (const c of inp.cases) {
      if (c.case_type === 'criminal' || c.case_type === 'public_security') counts[c.case_type] += c.n;
      else counts.other += c.n;
      counts.total += c.n;
      const h = caseHours(c.case_type, c.category, params, cats);
      if (h === null) excluded.unpriced_cases += c.n;
      else if (h.byCategory) counts.priced_by_category += c.n;
    }
    const workload = stationWorkload(inp, params);
    const staffReason: PlanReason | null = u.staff_source === null ? 'no_staff_data' : u.frontline === null ? 'no_breakdown:frontline' : null;
    const actual = staffReason ? null : Number(u.frontline);
    stations.push({
      station_id: u.unit_id,
      station_name: u.unit_name,
      county: u.county,
      area_type: u.area_type,
      unit_kind: u.unit_kind as 'station' | 'outpost',
      cases: counts,
      petitions: inp.petitions,
      workload_hours: workload,
      actual_frontline_sworn: actual,
      sworn: u.sworn === null ? null : Number(u.sworn),
      staff_source: u.staff_source,
      inputs: inp,
      ...rowFigures(workload, actual, staffReason, params),
    });
  }

  const countyNames = [...new Map([...units.map((u) => u.county), ...stations.map((s) => s.county)].map((c) => [countyKey(c), c])).values()]
    .sort((a, b) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1));
  const counties = countyNames.map((c) => planTotals(
    c,
    stations.filter((s) => countyKey(s.county) === countyKey(c)),
    units.filter((u) => countyKey(u.county) === countyKey(c)),
    params,
  ));
  const county = counties.length === 1 ? counties[0] : planTotals(null, stations, units, params);

  const organs: OrganRow[] = units.filter((u) => !u.is_grassroots).map((u) => ({
    unit_id: u.unit_id,
    unit_name: u.unit_name,
    county: u.county,
    unit_kind: u.unit_kind,
    sworn: u.sworn === null ? null : Number(u.sworn),
    frontline: u.frontline === null ? null : Number(u.frontline),
    command: u.command === null ? null : Number(u.command),
    office: u.office === null ? null : Number(u.office),
    staff_source: u.staff_source,
    donor: (DONOR_UNIT_KINDS as readonly string[]).includes(u.unit_kind),
  }));

  return {
    quarter: q.label,
    start: q.start,
    end: q.end,
    params,
    available_hours_per_officer: availableHours(params),
    committable_hours_per_officer: committableHours(params),
    stations,
    county,
    counties,
    grassroots_share: county.grassroots_share,
    organs,
    excluded,
  };
}
