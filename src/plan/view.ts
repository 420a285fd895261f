// What `jiceng plan` prints: pure functions from the staffing model (and --move, --vary) to blocks, in the chosen language.
import type { Lang } from '../i18n/index.js';
import { msg, say, type Param } from '../i18n/message.js';
import { heading, line, table, type Block, type Row } from '../cli/blocks.js';
import type { Column } from '../cli/output.js';
import { planReasonMessage, unitKindMessage, type PlanResult, type PlanStationRow, type PlanTotals } from './model.js';
import type { WhatIfResult } from './whatif.js';
import type { SensitivityResult } from './sensitivity.js';
import { DASH, f1, f2, pct, signed, stationLabel, typographicMinus } from '../format.js';

// The figures' format is the one formatting module's; plan tests import these names from here.
export { f1, f2, pct, signed } from '../format.js';
const dash = DASH;
const num = (x: number): string => typographicMinus(Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2))));

function sayer(lang: Lang) {
  return (code: string, params?: Record<string, Param>): string => say(msg(code, params), lang);
}
const countyLabel = (county: string | null, lang: Lang): string => say(county ? msg('sp_county_of', { c: county }) : msg('sp_county'), lang);
const short = (r: Row): boolean => Boolean(r.short);
const right = (key: string, title: string, extra: Partial<Column<Row>> = {}): Column<Row> => ({ key, title, align: 'right', ...extra });

function paramsLines(plan: PlanResult, lang: Lang): string[] {
  const t = sayer(lang);
  const p = plan.params;
  const cats = Object.entries(p.hours_per_category).map(([k, h]) => `${k} ${num(h)}`).join(t('sp_and'));
  const avail = p.available_hours_per_officer !== null
    ? t('plan_available_set', { a: num(plan.available_hours_per_officer) })
    : t('plan_available_derived', {
      a: num(plan.available_hours_per_officer), s: num(p.scheduled_hours_per_quarter), l: num(p.leave_hours_per_quarter),
      t: num(p.training_hours_per_quarter), b: num(p.absence_hours_per_quarter),
    });
  return [
    t('plan_params_line', {
      c: num(p.hours_per_case.criminal), s: num(p.hours_per_case.public_security), p: num(p.hours_per_petition),
      cats: cats ? t('plan_params_categories', { x: cats }) : '',
      l: msg(p.include_ledger_hours ? 'plan_ledger_included' : 'plan_ledger_left_out'),
    }),
    t('plan_committable_line', { avail, c: pct(p.committed_ceiling), h: num(plan.committable_hours_per_officer) }),
  ];
}

function stationRow(r: PlanStationRow, lang: Lang): Row {
  return {
    unit: stationLabel(r.station_name, r.station_id, lang), cases: r.cases.total, petitions: r.petitions,
    h_cases: f1(r.workload_hours.cases), h_petitions: f1(r.workload_hours.petitions), h_ledger: f1(r.workload_hours.ledger), h_total: f1(r.workload_hours.total),
    required: f2(r.required_frontline), ceil: r.required_frontline_ceil, actual: r.actual_frontline_sworn ?? dash,
    gap: signed(r.gap) + (r.short ? ' *' : ''), utilisation: pct(r.utilisation), short: r.short,
  };
}

function totalsRow(c: PlanTotals, label: string): Row {
  return {
    unit: label, cases: '', petitions: '',
    h_cases: f1(c.workload_hours.cases), h_petitions: f1(c.workload_hours.petitions), h_ledger: f1(c.workload_hours.ledger), h_total: f1(c.workload_hours.total),
    required: f2(c.required_frontline), ceil: c.required_frontline_ceil, actual: c.actual_frontline_sworn ?? dash,
    gap: signed(c.gap), utilisation: pct(c.utilisation), short: false,
  };
}

/** The staffing table, its legend, reasons, county summaries, and the organs against the grassroots. */
export function planView(plan: PlanResult, lang: Lang): Block[] {
  const t = sayer(lang);
  const rows: Row[] = plan.stations.map((r) => stationRow(r, lang));
  for (const c of plan.counties) rows.push(totalsRow(c, countyLabel(c.county, lang)));
  if (plan.counties.length > 1) rows.push(totalsRow(plan.county, t('sp_all_counties')));
  const blocks: Block[] = [
    heading(t('plan_heading', { q: plan.quarter, s: plan.start, e: plan.end })),
    ...paramsLines(plan, lang).map((x) => line(x)),
    line(),
    table(rows, [
      { key: 'unit', title: t('plan_col_unit'), highlight: short },
      right('cases', t('plan_col_cases')), right('petitions', t('plan_col_petitions')),
      right('h_cases', t('plan_col_h_cases')), right('h_petitions', t('plan_col_h_petitions')), right('h_ledger', t('plan_col_h_ledger')),
      right('h_total', t('plan_col_h_total')), right('required', t('plan_col_required')), right('ceil', t('plan_col_whole')),
      right('actual', t('plan_col_actual')), right('gap', t('plan_col_gap'), { highlight: short }),
      right('utilisation', t('plan_col_utilisation'), { highlight: short }),
    ]),
    line(t('plan_table_legend', { a: num(plan.available_hours_per_officer), c: pct(plan.params.committed_ceiling) })),
  ];
  for (const r of plan.stations) {
    if (r.reason) blocks.push(line(t('plan_reason_line', { unit: stationLabel(r.station_name, r.station_id, lang), reason: planReasonMessage(r.reason) })));
  }
  for (const c of plan.counties) {
    blocks.push(line(t('plan_county_short', { who: countyLabel(c.county, lang), n: c.stations_short, s: f1(c.shortfall), p: f1(c.surplus) })));
  }
  blocks.push(line(), heading(t('plan_organs_heading')));
  for (const c of plan.counties) {
    blocks.push(line(t('plan_grassroots_share', { who: countyLabel(c.county, lang), s: pct(c.grassroots_share), g: c.sworn_grassroots ?? dash, t: c.sworn_total ?? dash })));
  }
  if (plan.organs.length) {
    blocks.push(table(plan.organs.map((o) => ({
      unit: stationLabel(o.unit_name, o.unit_id, lang), kind: say(unitKindMessage(o.unit_kind), lang), sworn: o.sworn ?? dash, frontline: o.frontline ?? dash,
      office: o.office ?? dash, command: o.command ?? dash, donor: o.donor ? t('sp_yes') : '',
    })), [
      { key: 'unit', title: t('plan_col_organ') }, { key: 'kind', title: t('plan_col_kind') },
      right('sworn', t('plan_col_sworn')), right('frontline', t('plan_col_frontline')), right('office', t('plan_col_office')),
      right('command', t('plan_col_command')), { key: 'donor', title: t('plan_col_donor') },
    ]));
  }
  const x = plan.excluded;
  const left = (code: string, e: typeof x.unknown_unit): void => {
    if (e.cases + e.petitions + e.ledger_rows) blocks.push(line(t(code, { c: e.cases, p: e.petitions, l: e.ledger_rows })));
  };
  left('plan_left_out_unknown', x.unknown_unit);
  left('plan_left_out_organs', x.organ_units);
  return blocks;
}

/** --move: each move, the stations before and after, and the counties' shares and shortfalls. */
export function whatIfView(w: WhatIfResult, lang: Lang): Block[] {
  const t = sayer(lang);
  const rows: Row[] = w.stations.map((s) => ({
    unit: stationLabel(s.station_name, s.station_id, lang), required: f2(s.required_frontline), a0: s.actual_before ?? dash, got: s.received ? '+' + s.received : '',
    a1: s.actual_after ?? dash, g0: signed(s.gap_before) + (s.short_before ? ' *' : ''), g1: signed(s.gap_after) + (s.short_after ? ' *' : ''),
    u0: pct(s.utilisation_before), u1: pct(s.utilisation_after), short: s.short_after,
  }));
  const blocks: Block[] = [
    line(),
    heading(w.from ? t('plan_whatif_heading_from', { n: w.n, u: stationLabel(w.from.unit_name, w.from.unit_id, lang) }) : t('plan_whatif_heading', { n: w.n })),
    table(w.moves.map((m) => ({
      step: m.step, from: stationLabel(m.from_name, m.from_id, lang), to: stationLabel(m.to_name, m.to_id, lang), before: signed(m.gap_before), after: signed(m.gap_after),
      note: m.was_short ? '' : t('plan_whatif_no_longer_short'),
    })), [
      right('step', t('plan_col_step')), { key: 'from', title: t('plan_col_from') }, { key: 'to', title: t('plan_col_to') },
      right('before', t('plan_col_gap_before_move')), right('after', t('plan_col_gap_after_move')), { key: 'note', title: '' },
    ]),
    line(),
    table(rows, [
      { key: 'unit', title: t('plan_col_unit'), highlight: short },
      right('required', t('plan_col_required_short')), right('a0', t('plan_col_actual_before')), right('got', t('plan_col_moved_in')),
      right('a1', t('plan_col_actual_after')), right('g0', t('plan_col_gap_before')), right('g1', t('plan_col_gap_after'), { highlight: short }),
      right('u0', t('plan_col_util_before')), right('u1', t('plan_col_util_after')),
    ]),
    line(t('plan_whatif_taken_from', {
      list: w.organs.filter((o) => o.given > 0).map((o) => `${stationLabel(o.unit_name, o.unit_id, lang)} ${o.sworn_before} → ${o.sworn_after}`),
    })),
  ];
  for (const c of w.counties) {
    blocks.push(line(t('plan_whatif_county', {
      who: countyLabel(c.county, lang), a: pct(c.grassroots_share_before), b: pct(c.grassroots_share_after),
      s0: f1(c.shortfall_before), s1: f1(c.shortfall_after), n0: c.stations_short_before, n1: c.stations_short_after,
    })));
  }
  if (w.moves_to_short < w.n) blocks.push(line(t('plan_whatif_covered', { k: w.n - w.moves_to_short })));
  return blocks;
}

/** The title of a varied parameter, by name; hours_per_category.<案由> as written. */
const PARAM_TITLES: Record<string, string> = {
  hours_per_case: 'plan_param_hours_per_case',
  'hours_per_case.criminal': 'plan_param_hours_per_case_criminal',
  'hours_per_case.public_security': 'plan_param_hours_per_case_public_security',
  hours_per_petition: 'plan_param_hours_per_petition',
  ledger_hours: 'plan_param_ledger_hours',
  available_hours_per_officer: 'plan_param_available_hours_per_officer',
  committed_ceiling: 'plan_param_committed_ceiling',
  scheduled_hours_per_quarter: 'plan_param_scheduled_hours_per_quarter',
  leave_hours_per_quarter: 'plan_param_leave_hours_per_quarter',
  training_hours_per_quarter: 'plan_param_training_hours_per_quarter',
  absence_hours_per_quarter: 'plan_param_absence_hours_per_quarter',
};

/** --vary: per parameter, the required officers and gaps at its low, base and high value. */
export function sensitivityView(s: SensitivityResult, lang: Lang): Block[] {
  const t = sayer(lang);
  const blocks: Block[] = [];
  for (const p of s.params) {
    const values = p.value_base === null
      ? `×${num(p.factor_low)} / ×1 / ×${num(p.factor_high)}`
      : `${num(p.value_low!)} / ${num(p.value_base)} / ${num(p.value_high!)}`;
    const rows: Row[] = p.stations.map((r) => ({
      unit: stationLabel(r.station_name, r.station_id, lang), actual: r.actual_frontline_sworn ?? dash,
      lo: f2(r.required_low), base: f2(r.required_base), hi: f2(r.required_high),
      glo: signed(r.gap_low), gbase: signed(r.gap_base), ghi: signed(r.gap_high),
    }));
    for (const c of p.counties) {
      rows.push({
        unit: countyLabel(c.county, lang), actual: '', lo: f2(c.required_low), base: f2(c.required_base), hi: f2(c.required_high),
        glo: t('plan_sens_short', { x: f1(c.shortfall_low) }), gbase: t('plan_sens_short', { x: f1(c.shortfall_base) }), ghi: t('plan_sens_short', { x: f1(c.shortfall_high) }),
      });
    }
    blocks.push(
      line(),
      heading(t('plan_sens_heading', { t: PARAM_TITLES[p.param] ? msg(PARAM_TITLES[p.param]) : p.param, p: p.param, r: pct(p.rel), v: values })),
      table(rows, [
        { key: 'unit', title: t('plan_col_unit') }, right('actual', t('plan_col_actual_frontline')),
        right('lo', t('plan_col_required_low')), right('base', t('plan_col_required_base')), right('hi', t('plan_col_required_high')),
        right('glo', t('plan_col_gap_low')), right('gbase', t('plan_col_gap_base')), right('ghi', t('plan_col_gap_high')),
      ]),
    );
  }
  return blocks;
}
