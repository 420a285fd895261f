// Sensitivity: how the required officers move when one parameter is uncertain (--vary hours_per_case=±20%).
//
// For each varied parameter the model is recomputed with that parameter at base × (1 − r) ("low") and
// base × (1 + r) ("high"), every other parameter at its value in the plan. "low"/"high" name the
// parameter's value, not the result: a lower ceiling or fewer available hours means more officers.
import { msg, type Message } from '../i18n/message.js';
import { UserError, EXIT } from '../errors.js';
import { normalizeKey } from '../contract/normalize.js';
import { availableHours, categoryKey, type PlanParams } from './params.js';
import { ceilOfficers, requiredOfficers, stationWorkload, type PlanResult } from './model.js';

/** One --vary: the parameter and the relative uncertainty r (0.2 for ±20%). */
export interface VarySpec {
  param: string;
  rel: number;
  /** As written. */
  text: string;
}

/** What can be varied (hours_per_category.<案由> too). */
export const VARY_PARAMS = [
  'hours_per_case', 'hours_per_case.criminal', 'hours_per_case.public_security', 'hours_per_petition', 'ledger_hours',
  'available_hours_per_officer', 'committed_ceiling', 'scheduled_hours_per_quarter', 'leave_hours_per_quarter',
  'training_hours_per_quarter', 'absence_hours_per_quarter',
] as const;

/** What can be varied, the category placeholder named in the language. */
export const varyList = (): Message => msg('plan_vary_list', { a: VARY_PARAMS.join(', ') });
const DEDUCTIONS = ['leave_hours_per_quarter', 'training_hours_per_quarter', 'absence_hours_per_quarter'];
const SCHEDULE = ['scheduled_hours_per_quarter', ...DEDUCTIONS];

export interface SensitivityStation {
  station_id: string;
  station_name: string;
  county: string | null;
  actual_frontline_sworn: number | null;
  required_low: number;
  required_base: number;
  required_high: number;
  required_ceil_low: number;
  required_ceil_base: number;
  required_ceil_high: number;
  /** actual − required at each value; null when actual is unknown. */
  gap_low: number | null;
  gap_base: number | null;
  gap_high: number | null;
}

export interface SensitivityTotals {
  /** null for the workspace total when it holds several counties. */
  county: string | null;
  required_low: number;
  required_base: number;
  required_high: number;
  required_ceil_low: number;
  required_ceil_base: number;
  required_ceil_high: number;
  /** Σ officers short at short stations (rows with a known actual). */
  shortfall_low: number;
  shortfall_base: number;
  shortfall_high: number;
  stations_short_low: number;
  stations_short_base: number;
  stations_short_high: number;
}

export interface SensitivityParam {
  param: string;
  rel: number;
  text: string;
  factor_low: number;
  factor_high: number;
  /** The parameter's value at low/base/high; null for the scale factors (hours_per_case, ledger_hours). */
  value_low: number | null;
  value_base: number | null;
  value_high: number | null;
  stations: SensitivityStation[];
  county: SensitivityTotals;
  counties: SensitivityTotals[];
}

export interface SensitivityResult {
  quarter: string;
  params: SensitivityParam[];
}

function badVary(spec: string, why: Message): never {
  throw new UserError(msg('plan_bad_vary', { s: spec, why }), {
    hint: msg('plan_bad_vary_hint', { list: varyList() }),
    exitCode: EXIT.usage,
    code: 'bad_vary',
  });
}

/** "hours_per_case=±20%", "+-20%", "±0.2", "20%" → {param, rel}. */
export function parseVary(spec: string): VarySpec {
  const eq = spec.indexOf('=');
  if (eq <= 0) badVary(spec, msg('plan_vary_why_form'));
  const param = spec.slice(0, eq).trim();
  const known = (VARY_PARAMS as readonly string[]).includes(param) || (/^hours_per_category\..+/u.test(param) && categoryKey(param.slice('hours_per_category.'.length)) !== '');
  if (!known) badVary(spec, msg('plan_vary_why_unknown', { p: param }));
  const v = spec.slice(eq + 1).normalize('NFKC').replace(/\s+/g, '');
  const m = /^(?:±|\+-|-\+|\+\/-|\+)?(\d+(?:\.\d+)?|\.\d+)(%)?$/u.exec(v);
  if (!m) badVary(spec, msg('plan_vary_why_not_share', { v: spec.slice(eq + 1) }));
  const x = Number(m[1]);
  let rel: number;
  if (m[2]) rel = x / 100;
  else if (x < 1) rel = x;
  else badVary(spec, msg('plan_vary_why_ambiguous', { v: spec.slice(eq + 1), x, f: x / 100 }));
  if (!(rel > 0 && rel < 1)) badVary(spec, msg('plan_vary_why_range'));
  return { param, rel, text: spec };
}

interface Variant {
  p: PlanParams;
  ledgerFactor: number;
  value: number | null;
}

function clone(p: PlanParams): PlanParams {
  return { ...p, hours_per_case: { ...p.hours_per_case }, hours_per_category: { ...p.hours_per_category } };
}

/** The parameters with `param` multiplied by factor. */
function variant(base: PlanParams, spec: VarySpec, factor: number): Variant {
  const p = clone(base);
  const param = spec.param;
  if (param === 'hours_per_case') {
    p.hours_per_case.criminal = tidy(p.hours_per_case.criminal * factor);
    p.hours_per_case.public_security = tidy(p.hours_per_case.public_security * factor);
    for (const k of Object.keys(p.hours_per_category)) p.hours_per_category[k] = tidy(p.hours_per_category[k] * factor);
    return { p, ledgerFactor: 1, value: null };
  }
  if (param === 'hours_per_case.criminal' || param === 'hours_per_case.public_security') {
    const t = param === 'hours_per_case.criminal' ? 'criminal' : 'public_security';
    p.hours_per_case[t] = tidy(p.hours_per_case[t] * factor);
    return { p, ledgerFactor: 1, value: p.hours_per_case[t] };
  }
  if (param.startsWith('hours_per_category.')) {
    const want = categoryKey(param.slice('hours_per_category.'.length));
    const k = Object.keys(p.hours_per_category).find((x) => categoryKey(x) === want);
    if (k === undefined) {
      badVary(spec.text, msg('plan_vary_why_no_category', { c: param.slice('hours_per_category.'.length), list: Object.keys(p.hours_per_category).join(', ') || '—' }));
    }
    p.hours_per_category[k] = tidy(p.hours_per_category[k] * factor);
    return { p, ledgerFactor: 1, value: p.hours_per_category[k] };
  }
  if (param === 'ledger_hours') {
    if (!p.include_ledger_hours) badVary(spec.text, msg('plan_vary_why_no_ledger'));
    return { p, ledgerFactor: factor, value: null };
  }
  if (param === 'hours_per_petition') {
    p.hours_per_petition = tidy(p.hours_per_petition * factor);
    return { p, ledgerFactor: 1, value: p.hours_per_petition };
  }
  if (param === 'available_hours_per_officer') {
    p.available_hours_per_officer = tidy(availableHours(base) * factor);
    return { p, ledgerFactor: 1, value: p.available_hours_per_officer };
  }
  if (param === 'committed_ceiling') {
    p.committed_ceiling = tidy(p.committed_ceiling * factor);
    if (p.committed_ceiling > 1 + 1e-12) {
      badVary(spec.text, msg('plan_vary_why_ceiling', { b: base.committed_ceiling, f: factor, v: round(p.committed_ceiling) }));
    }
    return { p, ledgerFactor: 1, value: p.committed_ceiling };
  }
  if (SCHEDULE.includes(param)) {
    if (base.available_hours_per_officer !== null) {
      badVary(spec.text, msg('plan_vary_why_available_set', { a: base.available_hours_per_officer, p: param }));
    }
    const key = param as 'scheduled_hours_per_quarter' | 'leave_hours_per_quarter' | 'training_hours_per_quarter' | 'absence_hours_per_quarter';
    p[key] = tidy(p[key] * factor);
    if (!(availableHours(p) > 0)) {
      badVary(spec.text, msg('plan_vary_why_no_hours_left', { p: param, f: factor }));
    }
    return { p, ledgerFactor: 1, value: p[key] };
  }
  return badVary(spec.text, msg('plan_vary_why_unknown', { p: param }));
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
/** A varied value without binary noise (400 × 1.1 = 440, not 440.00000000000006): 12 significant digits. */
const tidy = (x: number): number => Number(x.toPrecision(12));
const countyKey = (c: string | null): string => (c === null ? '\u0000' : c);

function totals(county: string | null, rows: SensitivityStation[]): SensitivityTotals {
  const sum = (f: (r: SensitivityStation) => number): number => rows.reduce((s, r) => s + f(r), 0);
  const short = (g: number | null): number => (g !== null && g < 0 ? -g : 0);
  const isShort = (g: number | null): boolean => g !== null && g < -1e-9;
  return {
    county,
    required_low: sum((r) => r.required_low),
    required_base: sum((r) => r.required_base),
    required_high: sum((r) => r.required_high),
    required_ceil_low: sum((r) => r.required_ceil_low),
    required_ceil_base: sum((r) => r.required_ceil_base),
    required_ceil_high: sum((r) => r.required_ceil_high),
    shortfall_low: sum((r) => short(r.gap_low)),
    shortfall_base: sum((r) => short(r.gap_base)),
    shortfall_high: sum((r) => short(r.gap_high)),
    stations_short_low: rows.filter((r) => isShort(r.gap_low)).length,
    stations_short_base: rows.filter((r) => isShort(r.gap_base)).length,
    stations_short_high: rows.filter((r) => isShort(r.gap_high)).length,
  };
}

/** Required officers at low/base/high for each varied parameter, per station, county and workspace (pure). */
export function computeSensitivity(plan: PlanResult, specs: VarySpec[]): SensitivityResult {
  const params: SensitivityParam[] = specs.map((spec) => {
    const lo = variant(plan.params, spec, tidy(1 - spec.rel));
    const hi = variant(plan.params, spec, tidy(1 + spec.rel));
    const baseValue = variant(plan.params, spec, 1).value;
    const stations: SensitivityStation[] = plan.stations.map((r) => {
      const req = (v: Variant): number => requiredOfficers(stationWorkload(r.inputs, v.p, v.ledgerFactor).total, v.p);
      const low = req(lo);
      const high = req(hi);
      const base = r.required_frontline;
      const a = r.actual_frontline_sworn;
      return {
        station_id: r.station_id, station_name: r.station_name, county: r.county, actual_frontline_sworn: a,
        required_low: low, required_base: base, required_high: high,
        required_ceil_low: ceilOfficers(low), required_ceil_base: r.required_frontline_ceil, required_ceil_high: ceilOfficers(high),
        gap_low: a === null ? null : a - low, gap_base: r.gap, gap_high: a === null ? null : a - high,
      };
    });
    const counties = plan.counties.map((c) => totals(c.county, stations.filter((s) => countyKey(s.county) === countyKey(c.county))));
    return {
      param: spec.param, rel: spec.rel, text: spec.text, factor_low: tidy(1 - spec.rel), factor_high: tidy(1 + spec.rel),
      value_low: lo.value, value_base: baseValue, value_high: hi.value,
      stations,
      county: counties.length === 1 ? counties[0] : totals(null, stations),
      counties,
    };
  });
  return { quarter: plan.quarter, params };
}

/** Parses every --vary (several per flag allowed, comma-separated) and drops repeats of a parameter (last wins). */
export function parseVaries(specs: string[]): VarySpec[] {
  const byParam = new Map<string, VarySpec>();
  for (const s of specs.flatMap((x) => x.split(/[,，;；]/)).map((x) => x.trim()).filter(Boolean)) {
    const v = parseVary(s);
    byParam.delete(normalizeKey(v.param));
    byParam.set(normalizeKey(v.param), v);
  }
  return [...byParam.values()];
}
