// What-if: move sworn officers from organs (机关/专业警种) to the stations with the largest shortfall, one at a time.
//
// Each move takes one sworn officer from a donor organ and adds one frontline officer at the station
// whose gap (actual − required) is the most negative at that moment (ties: larger workload, then
// station id). Donors are the hq and specialist units of the station's county, the one with the most
// sworn left first (ties: unit id) — or only the unit named by `from`, which may be any organ. No unit
// goes below 0. Organ → grassroots raises the grassroots share: recomputed per county and overall.
import { msg, type Param } from '../i18n/message.js';
import { normalizeKey } from '../contract/normalize.js';
import { UserError, EXIT } from '../errors.js';
import { rowFigures, unitKindMessage, type OrganRow, type PlanResult, type PlanStationRow } from './model.js';

export interface PlanMove {
  /** 1, 2, … in the order made. */
  step: number;
  from_id: string;
  from_name: string;
  to_id: string;
  to_name: string;
  /** The receiving station's gap just before and after this move. */
  gap_before: number;
  gap_after: number;
  /** The station was short (gap < 0) when it received the officer. */
  was_short: boolean;
}

export interface WhatIfStationRow {
  station_id: string;
  station_name: string;
  county: string | null;
  unit_kind: 'station' | 'outpost';
  workload_hours: number;
  required_frontline: number;
  required_frontline_ceil: number;
  /** null: actual unknown (the station neither receives nor counts). */
  actual_before: number | null;
  actual_after: number | null;
  received: number;
  gap_before: number | null;
  gap_after: number | null;
  gap_ceil_before: number | null;
  gap_ceil_after: number | null;
  utilisation_before: number | null;
  utilisation_after: number | null;
  short_before: boolean;
  short_after: boolean;
}

export interface WhatIfOrganRow {
  unit_id: string;
  unit_name: string;
  county: string | null;
  unit_kind: string;
  donor: boolean;
  sworn_before: number | null;
  sworn_after: number | null;
  given: number;
}

export interface WhatIfCounty {
  county: string | null;
  moved: number;
  sworn_total: number | null;
  sworn_grassroots_before: number | null;
  sworn_grassroots_after: number | null;
  grassroots_share_before: number | null;
  grassroots_share_after: number | null;
  shortfall_before: number;
  shortfall_after: number;
  stations_short_before: number;
  stations_short_after: number;
}

export interface WhatIfResult {
  quarter: string;
  /** Officers asked to move (all of them are moved, or an error is thrown). */
  n: number;
  /** The unit named by --from, or null (donors: the hq and specialist units). */
  from: { unit_id: string; unit_name: string; unit_kind: string } | null;
  moves: PlanMove[];
  /** Moves that went to a station that was short at the time. */
  moves_to_short: number;
  stations: WhatIfStationRow[];
  organs: WhatIfOrganRow[];
  /** Per county; the workspace's figures are in the fields below. */
  counties: WhatIfCounty[];
  grassroots_share_before: number | null;
  grassroots_share_after: number | null;
  shortfall_before: number;
  shortfall_after: number;
  stations_short_before: number;
  stations_short_after: number;
}

const EPS = 1e-9;
const countyKey = (c: string | null): string => (c === null ? '\u0000' : c);

/** Organs with their kind by name and their sworn officers, as a list parameter. */
function organList(organs: OrganRow[]): Param {
  return organs.length ? organs.map((o) => msg('plan_organ_entry', { u: `${o.unit_id} ${o.unit_name}`, k: unitKindMessage(o.unit_kind), n: o.sworn ?? '?' })) : '—';
}

/** The organ named by id, exact name, normalised name, or a unique part of the name. */
function findOrgan(plan: PlanResult, organs: OrganRow[], from: string): OrganRow {
  const key = normalizeKey(from);
  let hits = organs.filter((o) => o.unit_id === from);
  if (!hits.length) hits = organs.filter((o) => o.unit_name === from);
  if (!hits.length) hits = organs.filter((o) => normalizeKey(o.unit_name) === key || normalizeKey(o.unit_id) === key);
  if (!hits.length && key) hits = organs.filter((o) => normalizeKey(o.unit_name).includes(key));
  if (hits.length === 1) return hits[0];
  const hint = msg('plan_organs_hint', { list: organList(organs) });
  if (hits.length > 1) {
    throw new UserError(msg('plan_ambiguous_organ', { u: from, list: organList(hits) }), {
      hint, exitCode: EXIT.usage, code: 'unknown_unit',
    });
  }
  const station = plan.stations.find((s) => s.station_id === from || s.station_name === from || normalizeKey(s.station_name) === key);
  if (station) {
    throw new UserError(
      msg('plan_not_an_organ', { u: `${station.station_id} ${station.station_name}`, k: unitKindMessage(station.unit_kind) }),
      { hint, exitCode: EXIT.usage, code: 'not_an_organ' },
    );
  }
  throw new UserError(msg('plan_unknown_organ', { u: from }), { hint, exitCode: EXIT.usage, code: 'unknown_unit' });
}

interface StationState {
  row: PlanStationRow;
  actual: number;
  received: number;
}

function gapOf(s: StationState): number {
  return s.actual - s.row.required_frontline;
}

/** The station that needs an officer most: most negative gap, then larger workload, then station id. */
function neediest(cands: StationState[]): StationState {
  return cands.reduce((best, s) => {
    const d = gapOf(s) - gapOf(best);
    if (d < -EPS) return s;
    if (d > EPS) return best;
    const w = s.row.workload_hours.total - best.row.workload_hours.total;
    if (w > EPS) return s;
    if (w < -EPS) return best;
    return s.row.station_id < best.row.station_id ? s : best;
  });
}

/**
 * Moves n sworn officers, one at a time, from organs to the stations with the largest shortfall;
 * returns every station's and organ's before and after, the moves in order and the grassroots share
 * before and after. `from`: a unit id or name; only that organ gives. Throws a usage error when n is
 * not a whole number ≥ 1, `from` is not an organ, or the donors hold fewer than n sworn officers.
 */
export function simulateMoves(plan: PlanResult, organs: OrganRow[], n: number, from?: string): WhatIfResult {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new UserError(msg('plan_bad_move', { n: String(n) }), {
      hint: msg('plan_bad_move_hint'), exitCode: EXIT.usage, code: 'bad_move',
    });
  }
  const fromOrgan = from !== undefined && from.trim() !== '' ? findOrgan(plan, organs, from.trim()) : null;
  const donors = new Map<string, { organ: OrganRow; left: number }>();
  for (const o of fromOrgan ? [fromOrgan] : organs.filter((x) => x.donor)) {
    if (o.sworn !== null && o.sworn > 0) donors.set(o.unit_id, { organ: o, left: o.sworn });
  }
  const available = [...donors.values()].reduce((s, d) => s + d.left, 0);
  if (available < n) {
    const list = organList(fromOrgan ? [fromOrgan] : organs.filter((x) => x.donor));
    throw new UserError(
      fromOrgan
        ? msg('plan_organ_too_few', { u: `${fromOrgan.unit_id} ${fromOrgan.unit_name}`, a: available, n })
        : msg('plan_organs_too_few', { a: available, n }),
      { hint: msg('plan_sworn_officers_hint', { list }), exitCode: EXIT.usage, code: 'too_few_officers' },
    );
  }

  const states: StationState[] = plan.stations
    .filter((r) => r.actual_frontline_sworn !== null)
    .map((r) => ({ row: r, actual: r.actual_frontline_sworn as number, received: 0 }));
  const moves: PlanMove[] = [];
  for (let step = 1; step <= n; step++) {
    const counties = new Set([...donors.values()].filter((d) => d.left > 0).map((d) => countyKey(d.organ.county)));
    const cands = states.filter((s) => counties.has(countyKey(s.row.county)));
    if (!cands.length) {
      throw new UserError(
        msg('plan_no_receiving_station'),
        { hint: msg('plan_no_receiving_station_hint'), exitCode: EXIT.usage, code: 'no_receiving_station' },
      );
    }
    const to = neediest(cands);
    const pool = [...donors.values()].filter((d) => d.left > 0 && countyKey(d.organ.county) === countyKey(to.row.county));
    const donor = pool.reduce((best, d) => (d.left > best.left || (d.left === best.left && d.organ.unit_id < best.organ.unit_id) ? d : best));
    const before = gapOf(to);
    donor.left -= 1;
    to.actual += 1;
    to.received += 1;
    moves.push({
      step, from_id: donor.organ.unit_id, from_name: donor.organ.unit_name, to_id: to.row.station_id, to_name: to.row.station_name,
      gap_before: before, gap_after: gapOf(to), was_short: before < -EPS,
    });
  }

  const after = new Map(states.map((s) => [s.row.station_id, s]));
  const stations: WhatIfStationRow[] = plan.stations.map((r) => {
    const s = after.get(r.station_id);
    const actualAfter = s ? s.actual : null;
    const fig = rowFigures(r.workload_hours, actualAfter, r.reason, plan.params);
    return {
      station_id: r.station_id, station_name: r.station_name, county: r.county, unit_kind: r.unit_kind,
      workload_hours: r.workload_hours.total, required_frontline: r.required_frontline, required_frontline_ceil: r.required_frontline_ceil,
      actual_before: r.actual_frontline_sworn, actual_after: actualAfter, received: s?.received ?? 0,
      gap_before: r.gap, gap_after: fig.gap, gap_ceil_before: r.gap_ceil, gap_ceil_after: fig.gap_ceil,
      utilisation_before: r.utilisation, utilisation_after: fig.utilisation, short_before: r.short, short_after: fig.short,
    };
  });
  const given = new Map<string, number>();
  for (const m of moves) given.set(m.from_id, (given.get(m.from_id) ?? 0) + 1);
  const organRows: WhatIfOrganRow[] = organs.map((o) => ({
    unit_id: o.unit_id, unit_name: o.unit_name, county: o.county, unit_kind: o.unit_kind, donor: fromOrgan ? o.unit_id === fromOrgan.unit_id : o.donor,
    sworn_before: o.sworn, sworn_after: o.sworn === null ? null : o.sworn - (given.get(o.unit_id) ?? 0), given: given.get(o.unit_id) ?? 0,
  }));

  const summarize = (rows: WhatIfStationRow[]) => ({
    shortfall_before: rows.reduce((s, r) => s + (r.gap_before !== null && r.gap_before < 0 ? -r.gap_before : 0), 0),
    shortfall_after: rows.reduce((s, r) => s + (r.gap_after !== null && r.gap_after < 0 ? -r.gap_after : 0), 0),
    stations_short_before: rows.filter((r) => r.short_before).length,
    stations_short_after: rows.filter((r) => r.short_after).length,
  });
  const share = (g: number | null, t: number | null): number | null => (g === null || t === null || t <= 0 ? null : g / t);
  const counties: WhatIfCounty[] = plan.counties.map((c) => {
    const moved = moves.filter((m) => countyKey(after.get(m.to_id)!.row.county) === countyKey(c.county)).length;
    const gAfter = c.sworn_grassroots === null ? null : c.sworn_grassroots + moved;
    return {
      county: c.county, moved, sworn_total: c.sworn_total,
      sworn_grassroots_before: c.sworn_grassroots, sworn_grassroots_after: gAfter,
      grassroots_share_before: c.grassroots_share, grassroots_share_after: share(gAfter, c.sworn_total),
      ...summarize(stations.filter((r) => countyKey(r.county) === countyKey(c.county))),
    };
  });
  const g = plan.county.sworn_grassroots;
  return {
    quarter: plan.quarter,
    n,
    from: fromOrgan ? { unit_id: fromOrgan.unit_id, unit_name: fromOrgan.unit_name, unit_kind: fromOrgan.unit_kind } : null,
    moves,
    moves_to_short: moves.filter((m) => m.was_short).length,
    stations,
    organs: organRows,
    counties,
    grassroots_share_before: plan.county.grassroots_share,
    grassroots_share_after: share(g === null ? null : g + n, plan.county.sworn_total),
    ...summarize(stations),
  };
}
