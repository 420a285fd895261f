// Why a metric value is null: null_reason_<code> for each reason code the metric SQL returns
// (metrics/format.ts reasonText), and breakdown_field_<arg> for no_breakdown's argument.
import type { Entry } from '../message.js';

export const NULL_REASONS = {
  null_reason_no_population: { zh: '无辖区人口数据', en: 'no population for the station' },
  null_reason_no_staff_data: { zh: '无花名册或警力统计数据', en: 'no roster or headcount rows for the unit' },
  null_reason_no_breakdown: { zh: '警力统计表未提供{arg}', en: 'the headcount table gives no {arg}' },
  null_reason_no_sworn: { zh: '无民警', en: 'no sworn officers' },
  null_reason_no_frontline: { zh: '无一线民警', en: 'no frontline sworn officers' },
  null_reason_no_authorized_strength: { zh: '无编制数', en: 'no authorized strength' },
  null_reason_no_case_data: { zh: '本季度无案件数据', en: 'no case records for the quarter' },
  null_reason_no_criminal_cases: { zh: '本季度无受理刑事案件', en: 'no criminal cases received in the quarter' },
  null_reason_no_known_source: { zh: '无案件来源数据', en: 'no case with a known source' },
  null_reason_no_closed_cases: { zh: '本季度受理案件均未结案', en: 'none of the quarter\'s cases is closed' },
  null_reason_no_ledger_data: { zh: '本季度无台账数据', en: 'no ledger rows for the quarter' },
  null_reason_no_hours: { zh: '台账无耗时数据', en: 'no hours recorded in the ledger' },
  null_reason_no_due_dates: { zh: '台账无截止及报送日期', en: 'no ledger row has both a due and a submitted date' },
  null_reason_no_petition_data: { zh: '本季度无信访数据', en: 'no petitions loaded for the quarter' },
  null_reason_no_petitions: { zh: '本季度无信访件', en: 'no petitions in the quarter' },
  null_reason_no_known_cause: { zh: '无成因类别数据', en: 'no petition with a known cause' },
  null_reason_no_satisfaction: { zh: '无满意度评价', en: 'no satisfaction answers' },
  null_reason_no_major_cases: { zh: '本季度无重大案件（倒查总体为空）', en: 'no major cases received (empty backtrack population)' },
  null_reason_no_sample: { zh: '本季度未抽取倒查样本（运行 {jiceng} sample draw）', en: 'no audit sample drawn for the quarter (run {jiceng} sample draw)' },
  null_reason_no_findings: { zh: '无倒查结果', en: 'no findings for the quarter\'s cases' },
  null_reason_no_declared_statistics: { zh: '台账无刑事/治安案件受理数上报', en: 'no declared case counts in the ledger' },
  null_reason_zero_denominator: { zh: '分母为零', en: 'the denominator is zero' },
  null_reason_no_data: { zh: '无数据', en: 'no data' },
  null_reason_no_stations: { zh: '无可汇总的派出所', en: 'no station to pool' },

  // The headcount columns no_breakdown:<arg> names.
  breakdown_field_auxiliary: { zh: '辅警数', en: 'an auxiliary count' },
  breakdown_field_frontline: { zh: '一线民警数', en: 'a frontline count' },
  breakdown_field_command: { zh: '领导职数', en: 'a command count' },
  breakdown_field_office: { zh: '内勤民警数', en: 'an office count' },
  breakdown_field_qualified: { zh: '具有执法资格民警数', en: 'a qualified count' },
  breakdown_field_seconded_out: { zh: '借调外出人数', en: 'a seconded-out count' },
} satisfies Record<string, Entry>;
