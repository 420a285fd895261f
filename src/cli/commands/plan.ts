// `jiceng plan`: frontline officers each station needs for its workload, against those it has; --move what-if, --vary sensitivity.
import { msg } from '../../i18n/message.js';
import type { Command } from 'commander';
import { helpTexts } from '../help.js';
import { openWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out, formatCsv, type Column } from '../output.js';
import { tr, type Lang, type Text } from '../../i18n/index.js';
import { UserError, EXIT } from '../../errors.js';
import { DASH, countyLabel, f1, f2, pct, signed, stationLabel } from '../../format.js';
import { computePlan, type PlanResult, type PlanStationRow, type PlanTotals } from '../../plan/model.js';
import { parseSetArgs, validKeysText } from '../../plan/params.js';
import { simulateMoves, type WhatIfResult } from '../../plan/whatif.js';
import { computeSensitivity, parseVaries, VARY_PARAMS, type SensitivityResult } from '../../plan/sensitivity.js';

interface Flags {
  quarter?: string;
  json?: boolean;
  csv?: boolean;
  move?: string;
  from?: string;
  vary: string[];
  set: string[];
  hoursPerCase?: string;
  hoursPerCategory?: string;
  hoursPerPetition?: string;
  scheduledHours?: string;
  leaveHours?: string;
  trainingHours?: string;
  absenceHours?: string;
  availableHours?: string;
  ceiling?: string;
  ledgerHours?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('plan')
    .description(t('help_plan'))
    .option('-q, --quarter <quarter>', t('help_opt_quarter'))
    .option('--json', t('help_opt_json_document'))
    .option('--csv', t('help_plan_csv'))
    .option('--move <n>', t('help_plan_move'))
    .option('--from <unit>', t('help_plan_from'))
    .option('--vary <param=±r>', t('help_plan_vary', { params: [...VARY_PARAMS, `hours_per_category.<${lang === 'zh' ? '案由' : 'category'}>`].join(', ') }), collect, [])
    .option('--hours-per-case <list>', t('help_plan_hours_per_case'))
    .option('--hours-per-category <list>', t('help_plan_hours_per_category'))
    .option('--hours-per-petition <h>', t('help_plan_hours_per_petition'))
    .option('--scheduled-hours <h>', t('help_plan_scheduled'))
    .option('--leave-hours <h|%>', t('help_plan_leave'))
    .option('--training-hours <h|%>', t('help_plan_training'))
    .option('--absence-hours <h|%>', t('help_plan_absence'))
    .option('--available-hours <h>', t('help_plan_available'))
    .option('--ceiling <share>', t('help_plan_ceiling'))
    .option('--ledger-hours', t('help_plan_ledger_hours'))
    .option('--no-ledger-hours', t('help_plan_no_ledger_hours'))
    .option('--set <key=value>', t('help_plan_set', { keys: validKeysText(lang) }), collect, [])
    .addHelpText('after', t('help_plan_after'))
    .action(
      action(async (flags: Flags, cmd: Command) => {
        const ctx = contextOf(cmd);
        const L = ctx.lang;
        const overrides = parseSetArgs(settingsOf(flags), L);
        const moveN = flags.move === undefined ? undefined : parseMove(flags.move, L);
        if (flags.from !== undefined && moveN === undefined) {
          throw new UserError(msg('plan_from_needs_move'), {
            hint: msg('plan_from_needs_move_hint', { u: flags.from }), exitCode: EXIT.usage, code: 'usage',
          });
        }
        const varies = parseVaries(flags.vary, L);
        if (flags.csv && !flags.json && moveN !== undefined && varies.length) {
          throw new UserError(msg('plan_csv_one_table'), { exitCode: EXIT.usage, code: 'usage' });
        }
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const plan = await computePlan(ws, { quarter: flags.quarter, overrides, lang: L });
          const whatif = moveN === undefined ? null : simulateMoves(plan, plan.organs, moveN, flags.from, L);
          const sens = varies.length ? computeSensitivity(plan, varies, L) : null;
          if (flags.json) out.json({ ...plan, ...(whatif ? { whatif } : {}), ...(sens ? { sensitivity: sens } : {}) });
          else if (flags.csv) {
            if (whatif) process.stdout.write(whatifCsv(whatif));
            else if (sens) process.stdout.write(sensitivityCsv(sens));
            else process.stdout.write(planCsv(plan));
          } else {
            printPlan(plan, L);
            if (whatif) printWhatIf(whatif, L);
            if (sens) printSensitivity(sens, L);
          }
        } finally {
          ws.close();
        }
      }),
    );
}

/** The named flags as key=value settings, then --set (later wins). */
function settingsOf(f: Flags): string[] {
  const s: string[] = [];
  if (f.hoursPerCase !== undefined) s.push(`hours_per_case=${f.hoursPerCase}`);
  if (f.hoursPerCategory !== undefined) s.push(`hours_per_category=${f.hoursPerCategory}`);
  if (f.hoursPerPetition !== undefined) s.push(`hours_per_petition=${f.hoursPerPetition}`);
  if (f.scheduledHours !== undefined) s.push(`scheduled_hours_per_quarter=${f.scheduledHours}`);
  if (f.leaveHours !== undefined) s.push(`leave_hours_per_quarter=${f.leaveHours}`);
  if (f.trainingHours !== undefined) s.push(`training_hours_per_quarter=${f.trainingHours}`);
  if (f.absenceHours !== undefined) s.push(`absence_hours_per_quarter=${f.absenceHours}`);
  if (f.availableHours !== undefined) s.push(`available_hours_per_officer=${f.availableHours}`);
  if (f.ceiling !== undefined) s.push(`committed_ceiling=${f.ceiling}`);
  if (f.ledgerHours !== undefined) s.push(`include_ledger_hours=${f.ledgerHours}`);
  return [...s, ...f.set];
}

function parseMove(raw: string, L: Lang): number {
  const v = raw.normalize('NFKC').trim();
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    throw new UserError(msg('plan_bad_move_arg', { v: raw }), {
      hint: msg('plan_bad_move_hint'), exitCode: EXIT.usage, code: 'bad_move',
    });
  }
  return Number(v);
}

// ---------------------------------------------------------------------------------------------
// Numbers for people

const dash = DASH;
const num = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2))));

const REASONS: Record<string, Text> = {
  no_staff_data: { zh: '无花名册或警力统计数据', en: 'no roster or headcount rows for the unit' },
  'no_breakdown:frontline': { zh: '警力统计表未提供一线民警数', en: 'the headcount table gives no frontline count' },
  no_frontline: { zh: '无一线民警（利用率无从计算）', en: 'no frontline sworn officers (no utilisation)' },
};

const KIND: Record<string, Text> = {
  station: { zh: '派出所', en: 'station' },
  outpost: { zh: '警务室', en: 'outpost' },
  hq: { zh: '机关', en: 'hq' },
  specialist: { zh: '专业警种', en: 'specialist' },
  traffic: { zh: '交警/巡警', en: 'traffic' },
  detention: { zh: '监管', en: 'detention' },
};
const kindText = (k: string, L: Lang): string => (KIND[k] ? tr(KIND[k], L) : k);


function paramsLine(plan: PlanResult, L: Lang): string[] {
  const p = plan.params;
  const cats = Object.entries(p.hours_per_category).map(([k, h]) => `${k} ${num(h)}`).join(tr({ zh: '、', en: ', ' }, L));
  const avail = p.available_hours_per_officer !== null
    ? tr({ zh: '每名民警季度可用 {a} 小时（直接设定）', en: 'available {a} h per officer per quarter (set directly)' }, L, { a: num(plan.available_hours_per_officer) })
    : tr({ zh: '每名民警季度可用 {a} 小时（排班 {s} − 休假 {l} − 培训 {t} − 缺勤 {b}）', en: 'available {a} h per officer per quarter (scheduled {s} − leave {l} − training {t} − absence {b})' }, L, {
      a: num(plan.available_hours_per_officer), s: num(p.scheduled_hours_per_quarter), l: num(p.leave_hours_per_quarter),
      t: num(p.training_hours_per_quarter), b: num(p.absence_hours_per_quarter),
    });
  return [
    tr({ zh: '参数：刑事案件 {c} 小时/件，治安案件 {s} 小时/件{cats}，信访 {p} 小时/件，台账工时{l}', en: 'Parameters: criminal case {c} h, public-security case {s} h{cats}, petition {p} h, ledger hours {l}' }, L, {
      c: num(p.hours_per_case.criminal), s: num(p.hours_per_case.public_security), p: num(p.hours_per_petition),
      cats: cats ? tr({ zh: '，按案由：{x}', en: '; by category: {x}' }, L, { x: cats }) : '',
      l: p.include_ledger_hours ? tr({ zh: '计入', en: 'included' }, L) : tr({ zh: '不计入', en: 'left out' }, L),
    }),
    '  ' + avail + tr({ zh: '，承诺时间上限 {c} → 每名一线民警可承担 {h} 小时', en: '; ceiling {c} → {h} committable hours per frontline officer' }, L, {
      c: pct(p.committed_ceiling), h: num(plan.committable_hours_per_officer),
    }),
  ];
}

type Row = Record<string, unknown>;

function stationRow(r: PlanStationRow, L: Lang): Row {
  return {
    unit: stationLabel(r.station_name, r.station_id, L), cases: r.cases.total, petitions: r.petitions,
    h_cases: f1(r.workload_hours.cases), h_petitions: f1(r.workload_hours.petitions), h_ledger: f1(r.workload_hours.ledger), h_total: f1(r.workload_hours.total),
    required: f2(r.required_frontline), ceil: r.required_frontline_ceil, actual: r.actual_frontline_sworn ?? dash,
    gap: signed(r.gap) + (r.short ? ' *' : ''), utilisation: pct(r.utilisation), short: r.short,
  };
}

function totalsRow(t: PlanTotals, label: string): Row {
  return {
    unit: label, cases: '', petitions: '',
    h_cases: f1(t.workload_hours.cases), h_petitions: f1(t.workload_hours.petitions), h_ledger: f1(t.workload_hours.ledger), h_total: f1(t.workload_hours.total),
    required: f2(t.required_frontline), ceil: t.required_frontline_ceil, actual: t.actual_frontline_sworn ?? dash,
    gap: signed(t.gap), utilisation: pct(t.utilisation), short: false,
  };
}

function printPlan(plan: PlanResult, L: Lang): void {
  out.heading(tr({ zh: '按工作量测算警力需求 · {q}（{s} 至 {e}）', en: 'Staffing against workload · {q} ({s} to {e})' }, L, { q: plan.quarter, s: plan.start, e: plan.end }));
  for (const line of paramsLine(plan, L)) out.line(line);
  out.line();
  const rows: Row[] = plan.stations.map((s) => stationRow(s, L));
  for (const c of plan.counties) rows.push(totalsRow(c, countyLabel(c.county, L)));
  if (plan.counties.length > 1) rows.push(totalsRow(plan.county, tr({ zh: '合计', en: 'All counties' }, L)));
  const short = (r: Row): boolean => Boolean(r.short);
  const columns: Column<Row>[] = [
    { key: 'unit', title: tr({ zh: '单位', en: 'unit' }, L), highlight: short },
    { key: 'cases', title: tr({ zh: '案件', en: 'cases' }, L), align: 'right' },
    { key: 'petitions', title: tr({ zh: '信访', en: 'petitions' }, L), align: 'right' },
    { key: 'h_cases', title: tr({ zh: '案件工时', en: 'case h' }, L), align: 'right' },
    { key: 'h_petitions', title: tr({ zh: '信访工时', en: 'petition h' }, L), align: 'right' },
    { key: 'h_ledger', title: tr({ zh: '台账工时', en: 'ledger h' }, L), align: 'right' },
    { key: 'h_total', title: tr({ zh: '工时合计', en: 'total h' }, L), align: 'right' },
    { key: 'required', title: tr({ zh: '应配一线民警', en: 'required' }, L), align: 'right' },
    { key: 'ceil', title: tr({ zh: '取整', en: 'whole' }, L), align: 'right' },
    { key: 'actual', title: tr({ zh: '实有一线民警', en: 'actual' }, L), align: 'right' },
    { key: 'gap', title: tr({ zh: '缺口', en: 'gap' }, L), align: 'right', highlight: short },
    { key: 'utilisation', title: tr({ zh: '利用率', en: 'utilisation' }, L), align: 'right', highlight: short },
  ];
  out.table(rows, columns);
  out.line(tr({
    zh: '应配一线民警 = 工时合计 ÷（可用工时 {a} × 上限 {c}）；缺口 = 实有 − 应配（负数为缺员，* 标出）；利用率 = 工时合计 ÷（实有 × {a}），高于 {c} 即缺员',
    en: 'required = total hours ÷ (available {a} × ceiling {c}); gap = actual − required (negative = short, marked *); utilisation = total hours ÷ (actual × {a}), short above {c}',
  }, L, { a: num(plan.available_hours_per_officer), c: pct(plan.params.committed_ceiling) }));
  for (const r of plan.stations.filter((x) => x.reason)) {
    out.line(`  — ${stationLabel(r.station_name, r.station_id, L)}: ${tr(REASONS[r.reason!] ?? { zh: r.reason!, en: r.reason! }, L)}`);
  }
  for (const c of plan.counties) {
    out.line(tr({ zh: '{who}：缺员所 {n} 个，缺员合计 {s} 名；富余合计 {p} 名', en: '{who}: {n} stations short, {s} officers short in all; {p} spare' }, L, {
      who: countyLabel(c.county, L), n: c.stations_short, s: f1(c.shortfall), p: f1(c.surplus),
    }));
  }

  out.line();
  out.heading(tr({ zh: '机关与基层警力（机关与基层警力倒挂）', en: 'Organs and grassroots (机关与基层警力倒挂)' }, L));
  for (const c of plan.counties) {
    out.line(tr({ zh: '{who} 基层所队民警占比 {s}（基层 {g} / 全部 {t} 名民警；部里底线 40%）', en: '{who} grassroots share {s} ({g} of {t} sworn; the Ministry\'s line is 40%)' }, L, {
      who: countyLabel(c.county, L), s: pct(c.grassroots_share), g: c.sworn_grassroots ?? dash, t: c.sworn_total ?? dash,
    }));
  }
  if (plan.organs.length) {
    out.table(plan.organs.map((o) => ({
      unit: stationLabel(o.unit_name, o.unit_id, L), kind: kindText(o.unit_kind, L), sworn: o.sworn ?? dash, frontline: o.frontline ?? dash,
      office: o.office ?? dash, command: o.command ?? dash, donor: o.donor ? tr({ zh: '是', en: 'yes' }, L) : '',
    })), [
      { key: 'unit', title: tr({ zh: '机关/专业警种', en: 'organ' }, L) },
      { key: 'kind', title: tr({ zh: '类别', en: 'kind' }, L) },
      { key: 'sworn', title: tr({ zh: '民警', en: 'sworn' }, L), align: 'right' },
      { key: 'frontline', title: tr({ zh: '一线', en: 'frontline' }, L), align: 'right' },
      { key: 'office', title: tr({ zh: '内勤', en: 'office' }, L), align: 'right' },
      { key: 'command', title: tr({ zh: '领导', en: 'command' }, L), align: 'right' },
      { key: 'donor', title: tr({ zh: '可抽调（--move）', en: 'drawn by --move' }, L) },
    ]);
  }
  const x = plan.excluded;
  if (x.unknown_unit.cases + x.unknown_unit.petitions + x.unknown_unit.ledger_rows) {
    out.line(tr({ zh: '  未计入：单位无法识别的案件 {c} 件、信访 {p} 件、台账 {l} 条（{jiceng} status --flags）', en: '  Left out: {c} cases, {p} petitions, {l} ledger rows whose unit is unknown ({jiceng} status --flags)' }, L, {
      c: x.unknown_unit.cases, p: x.unknown_unit.petitions, l: x.unknown_unit.ledger_rows,
    }));
  }
  if (x.organ_units.cases + x.organ_units.petitions + x.organ_units.ledger_rows) {
    out.line(tr({ zh: '  未计入：机关和专业警种自身的案件 {c} 件、信访 {p} 件、台账 {l} 条', en: '  Left out: the organs\' own {c} cases, {p} petitions, {l} ledger rows' }, L, {
      c: x.organ_units.cases, p: x.organ_units.petitions, l: x.organ_units.ledger_rows,
    }));
  }
}

function printWhatIf(w: WhatIfResult, L: Lang): void {
  out.line();
  out.heading(w.from
    ? tr({ zh: '调整测算：从 {u} 调出 {n} 名民警，逐一补给当时缺口最大的所', en: 'What-if: move {n} sworn officers from {u}, one at a time, to the station short the most at that moment' }, L, { n: w.n, u: stationLabel(w.from.unit_name, w.from.unit_id, L) })
    : tr({ zh: '调整测算：从机关和专业警种调出 {n} 名民警，逐一补给当时缺口最大的所', en: 'What-if: move {n} sworn officers from hq and specialist units, one at a time, to the station short the most at that moment' }, L, { n: w.n }));
  out.table(w.moves.map((m) => ({
    step: m.step, from: `${m.from_id} ${m.from_name}`, to: `${m.to_id} ${m.to_name}`, before: signed(m.gap_before), after: signed(m.gap_after),
    note: m.was_short ? '' : tr({ zh: '该所已不缺员', en: 'station no longer short' }, L),
  })), [
    { key: 'step', title: tr({ zh: '顺序', en: 'move' }, L), align: 'right' },
    { key: 'from', title: tr({ zh: '调出', en: 'from' }, L) },
    { key: 'to', title: tr({ zh: '调入', en: 'to' }, L) },
    { key: 'before', title: tr({ zh: '调入前缺口', en: 'gap before' }, L), align: 'right' },
    { key: 'after', title: tr({ zh: '调入后缺口', en: 'gap after' }, L), align: 'right' },
    { key: 'note', title: '' },
  ]);
  out.line();
  const rows: Row[] = w.stations.map((s) => ({
    unit: stationLabel(s.station_name, s.station_id, L), required: f2(s.required_frontline), a0: s.actual_before ?? dash, got: s.received ? '+' + s.received : '',
    a1: s.actual_after ?? dash, g0: signed(s.gap_before) + (s.short_before ? ' *' : ''), g1: signed(s.gap_after) + (s.short_after ? ' *' : ''),
    u0: pct(s.utilisation_before), u1: pct(s.utilisation_after), short: s.short_after,
  }));
  const short = (r: Row): boolean => Boolean(r.short);
  out.table(rows, [
    { key: 'unit', title: tr({ zh: '单位', en: 'unit' }, L), highlight: short },
    { key: 'required', title: tr({ zh: '应配', en: 'required' }, L), align: 'right' },
    { key: 'a0', title: tr({ zh: '实有（前）', en: 'actual before' }, L), align: 'right' },
    { key: 'got', title: tr({ zh: '调入', en: 'moved in' }, L), align: 'right' },
    { key: 'a1', title: tr({ zh: '实有（后）', en: 'actual after' }, L), align: 'right' },
    { key: 'g0', title: tr({ zh: '缺口（前）', en: 'gap before' }, L), align: 'right' },
    { key: 'g1', title: tr({ zh: '缺口（后）', en: 'gap after' }, L), align: 'right', highlight: short },
    { key: 'u0', title: tr({ zh: '利用率（前）', en: 'utilisation before' }, L), align: 'right' },
    { key: 'u1', title: tr({ zh: '利用率（后）', en: 'utilisation after' }, L), align: 'right' },
  ]);
  const given = w.organs.filter((o) => o.given > 0);
  out.line(tr({ zh: '调出：{list}', en: 'Taken from: {list}' }, L, {
    list: given.map((o) => `${stationLabel(o.unit_name, o.unit_id, L)} ${o.sworn_before} → ${o.sworn_after}`).join(tr({ zh: '；', en: '; ' }, L)),
  }));
  for (const c of w.counties) {
    out.line(tr({ zh: '{who}：基层所队民警占比 {a} → {b}；缺员合计 {s0} → {s1} 名；缺员所 {n0} → {n1} 个', en: '{who}: grassroots share {a} → {b}; officers short {s0} → {s1}; stations short {n0} → {n1}' }, L, {
      who: countyLabel(c.county, L), a: pct(c.grassroots_share_before), b: pct(c.grassroots_share_after),
      s0: f1(c.shortfall_before), s1: f1(c.shortfall_after), n0: c.stations_short_before, n1: c.stations_short_after,
    }));
  }
  if (w.moves_to_short < w.n) {
    out.line(tr({ zh: '  其中 {k} 名调入时该所已不缺员：缺口已补齐', en: '  {k} of the moves went to a station that was no longer short: the shortfall is covered' }, L, { k: w.n - w.moves_to_short }));
  }
}

const PARAM_TITLES: Record<string, Text> = {
  hours_per_case: { zh: '每件案件工时（刑事、治安及按案由）', en: 'hours per case (all types and categories)' },
  'hours_per_case.criminal': { zh: '刑事案件工时', en: 'hours per criminal case' },
  'hours_per_case.public_security': { zh: '治安案件工时', en: 'hours per public-security case' },
  hours_per_petition: { zh: '每件信访工时', en: 'hours per petition' },
  ledger_hours: { zh: '台账登记工时', en: 'recorded ledger hours' },
  available_hours_per_officer: { zh: '每名民警可用工时', en: 'available hours per officer' },
  committed_ceiling: { zh: '承诺时间上限', en: 'committed-time ceiling' },
  scheduled_hours_per_quarter: { zh: '排班工时', en: 'scheduled hours' },
  leave_hours_per_quarter: { zh: '休假工时', en: 'leave hours' },
  training_hours_per_quarter: { zh: '培训工时', en: 'training hours' },
  absence_hours_per_quarter: { zh: '缺勤工时', en: 'absence hours' },
};

function printSensitivity(s: SensitivityResult, L: Lang): void {
  for (const p of s.params) {
    out.line();
    const title = PARAM_TITLES[p.param] ? tr(PARAM_TITLES[p.param], L) : p.param;
    const values = p.value_base === null
      ? `×${num(p.factor_low)} / ×1 / ×${num(p.factor_high)}`
      : `${num(p.value_low!)} / ${num(p.value_base)} / ${num(p.value_high!)}`;
    out.heading(tr({ zh: '敏感性：{t}（{p}）±{r}：低 / 基准 / 高 = {v}', en: 'Sensitivity: {t} ({p}) ±{r}: low / base / high = {v}' }, L, { t: title, p: p.param, r: pct(p.rel), v: values }));
    const rows: Row[] = p.stations.map((r) => ({
      unit: stationLabel(r.station_name, r.station_id, L), actual: r.actual_frontline_sworn ?? dash,
      lo: f2(r.required_low), base: f2(r.required_base), hi: f2(r.required_high),
      glo: signed(r.gap_low), gbase: signed(r.gap_base), ghi: signed(r.gap_high),
    }));
    for (const c of p.counties) {
      rows.push({
        unit: countyLabel(c.county, L), actual: '', lo: f2(c.required_low), base: f2(c.required_base), hi: f2(c.required_high),
        glo: tr({ zh: '缺 {x}', en: 'short {x}' }, L, { x: f1(c.shortfall_low) }), gbase: tr({ zh: '缺 {x}', en: 'short {x}' }, L, { x: f1(c.shortfall_base) }),
        ghi: tr({ zh: '缺 {x}', en: 'short {x}' }, L, { x: f1(c.shortfall_high) }),
      });
    }
    out.table(rows, [
      { key: 'unit', title: tr({ zh: '单位', en: 'unit' }, L) },
      { key: 'actual', title: tr({ zh: '实有一线', en: 'actual' }, L), align: 'right' },
      { key: 'lo', title: tr({ zh: '应配（低）', en: 'required (low)' }, L), align: 'right' },
      { key: 'base', title: tr({ zh: '应配（基准）', en: 'required (base)' }, L), align: 'right' },
      { key: 'hi', title: tr({ zh: '应配（高）', en: 'required (high)' }, L), align: 'right' },
      { key: 'glo', title: tr({ zh: '缺口（低）', en: 'gap (low)' }, L), align: 'right' },
      { key: 'gbase', title: tr({ zh: '缺口（基准）', en: 'gap (base)' }, L), align: 'right' },
      { key: 'ghi', title: tr({ zh: '缺口（高）', en: 'gap (high)' }, L), align: 'right' },
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

const PLAN_COLS = [
  'quarter', 'scope', 'station_id', 'station_name', 'county', 'unit_kind', 'area_type', 'cases_criminal', 'cases_public_security',
  'cases_total', 'petitions', 'ledger_hours_recorded', 'hours_cases', 'hours_petitions', 'hours_ledger', 'hours_total',
  'required_frontline', 'required_frontline_ceil', 'actual_frontline_sworn', 'gap', 'gap_ceil', 'utilisation', 'short', 'reason',
  'available_hours_per_officer', 'committed_ceiling',
];

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

export function whatifCsv(w: WhatIfResult): string {
  const rows: Row[] = w.stations.map((s) => ({ quarter: w.quarter, ...s }));
  return formatCsv(rows, [
    'quarter', 'station_id', 'station_name', 'county', 'unit_kind', 'workload_hours', 'required_frontline', 'required_frontline_ceil',
    'actual_before', 'received', 'actual_after', 'gap_before', 'gap_after', 'gap_ceil_before', 'gap_ceil_after',
    'utilisation_before', 'utilisation_after', 'short_before', 'short_after',
  ]);
}

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
