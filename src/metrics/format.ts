// Words and numbers for metric values: group titles, units, reasons for a null value, value formatting.
import { tr, type Lang, type Text } from '../i18n/index.js';
import { CATALOG } from '../i18n/catalog/index.js';
import { msg, say } from '../i18n/message.js';

export const GROUPS = ['staffing', 'workload', 'report_burden', 'petitions', 'backtracking', 'integrity', 'other'] as const;
export type MetricGroup = (typeof GROUPS)[number];

/** Group titles: the catalog's group_<group> (src/i18n/catalog/reportlabels.ts). */
export const GROUP_TITLES = Object.fromEntries(GROUPS.map((g) => [g, CATALOG[`group_${g}`]])) as Record<MetricGroup, Text>;

/** A unit's name (catalog unit_<unit>); an unknown unit as written. */
export function unitText(unit: string, lang: Lang): string {
  return CATALOG[`unit_${unit}`] ? say(msg(`unit_${unit}`), lang) : unit;
}

/** Why a value is null: codes the metric SQL returns as `reason` (anything else is shown as written). */
const REASONS: Record<string, Text> = {
  no_population: { zh: '无辖区人口数据', en: 'no population for the station' },
  no_staff_data: { zh: '无花名册或警力统计数据', en: 'no roster or headcount rows for the unit' },
  no_breakdown: { zh: '警力统计表未提供{arg}', en: 'the headcount table gives no {arg}' },
  no_sworn: { zh: '无民警', en: 'no sworn officers' },
  no_frontline: { zh: '无一线民警', en: 'no frontline sworn officers' },
  no_authorized_strength: { zh: '无编制数', en: 'no authorized strength' },
  no_case_data: { zh: '本季度无案件数据', en: 'no case records for the quarter' },
  no_criminal_cases: { zh: '本季度无受理刑事案件', en: 'no criminal cases received in the quarter' },
  no_known_source: { zh: '无案件来源数据', en: 'no case with a known source' },
  no_closed_cases: { zh: '本季度受理案件均未结案', en: 'none of the quarter\'s cases is closed' },
  no_ledger_data: { zh: '本季度无台账数据', en: 'no ledger rows for the quarter' },
  no_hours: { zh: '台账无耗时数据', en: 'no hours recorded in the ledger' },
  no_due_dates: { zh: '台账无截止及报送日期', en: 'no ledger row has both a due and a submitted date' },
  no_petition_data: { zh: '本季度无信访数据', en: 'no petitions loaded for the quarter' },
  no_petitions: { zh: '本季度无信访件', en: 'no petitions in the quarter' },
  no_known_cause: { zh: '无成因类别数据', en: 'no petition with a known cause' },
  no_satisfaction: { zh: '无满意度评价', en: 'no satisfaction answers' },
  no_major_cases: { zh: '本季度无重大案件（倒查总体为空）', en: 'no major cases received (empty backtrack population)' },
  no_sample: { zh: '本季度未抽取倒查样本（运行 {jiceng} sample draw）', en: 'no audit sample drawn for the quarter (run {jiceng} sample draw)' },
  no_findings: { zh: '无倒查结果', en: 'no findings for the quarter\'s cases' },
  no_declared_statistics: { zh: '台账无刑事/治安案件受理数上报', en: 'no declared case counts in the ledger' },
  zero_denominator: { zh: '分母为零', en: 'the denominator is zero' },
  no_data: { zh: '无数据', en: 'no data' },
  no_stations: { zh: '无可汇总的派出所', en: 'no station to pool' },
};

const BREAKDOWN_FIELDS: Record<string, Text> = {
  auxiliary: { zh: '辅警数', en: 'an auxiliary count' },
  frontline: { zh: '一线民警数', en: 'a frontline count' },
  command: { zh: '领导职数', en: 'a command count' },
  office: { zh: '内勤民警数', en: 'an office count' },
  qualified: { zh: '具有执法资格民警数', en: 'a qualified count' },
  seconded_out: { zh: '借调外出人数', en: 'a seconded-out count' },
};

/** A reason code (optionally `code:arg`) in words; unknown text is returned as written. */
export function reasonText(reason: string | null | undefined, lang: Lang): string {
  if (!reason) return '';
  const [code, arg] = reason.split(':', 2);
  const t = REASONS[code];
  if (!t) return CATALOG[code] ? say(msg(code, { arg: arg ?? null }), lang) : reason;
  const argText = arg ? (BREAKDOWN_FIELDS[arg] ? tr(BREAKDOWN_FIELDS[arg], lang) : arg) : '';
  return tr(t, lang, { arg: argText });
}

// Values and changes for people: one formatting module (src/format.ts) for the terminal and the reports.
export { formatValue, formatChange } from '../format.js';
