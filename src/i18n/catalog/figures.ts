// Messages of the figures: data dates, small numbers, censoring-aware metrics, the scorecard's exclusions.
import type { Entry } from '../message.js';

export const FIGURES = {
  data_dates_heading: { zh: '数据日期（案件、信访导出数据截至的日期）', en: 'Data dates (the day each case or petition export is true as of)' },
  data_date_label: { zh: '数据日期', en: 'data date' },
  data_date_of_county: { zh: '{county} {date}', en: '{county} {date}' },
  data_dates_by_county: { zh: '各县局按各自的数据日期计算：{list}；其余 {date}', en: 'each county at its own data date: {list}; the others {date}' },
  data_date_line: { zh: '数据日期：{date}（{source}）', en: 'Data date: {date} ({source})' },
  data_date_source_as_of: { zh: '--as-of 指定', en: 'given with --as-of' },
  data_date_source_loads: { zh: '取自案件导出', en: 'from the case exports' },
  data_date_unknown: { zh: '数据日期：未知（未加载本季度案件）', en: 'Data date: unknown (no cases loaded for the quarter)' },
  data_dates_compared: {
    zh: '各季度按各自的数据日期计算：{q1} 为 {d1}，{q2} 为 {d2}。“截至数据日期”的破结率不作环比，环比用 30 日内破结率。',
    en: 'Each quarter is measured at its own data date: {q1} at {d1}, {q2} at {d2}. Clearance "so far" is not compared across quarters; the change uses clearance within 30 days.',
  },
  too_few: { zh: '样本过少', en: 'too few' },
  too_few_note: {
    zh: '分母少于 {min} 的比例显示为“样本过少”（灰色），不计入超标、环比图和评分（jiceng.json 的 min_denominator 可调）',
    en: 'Shares whose denominator is below {min} are shown as "too few" (grey) and left out of breaches, the change chart and the scorecard (min_denominator in jiceng.json)',
  },
  score_too_few: { zh: '样本过少未计分：{list}', en: 'left out as too few: {list}' },
  km_not_reached: { zh: '截至数据日期未结案件过多，生存率未降到 50%，无法得出中位数', en: 'too many cases still open at the data date: the share still open never falls to 50%, so there is no median' },
  no_eligible_cases: { zh: '本季度无在数据日期前已受理满 {arg} 天的刑事案件', en: 'no criminal case received at least {arg} days before the data date' },
  no_quarter_cases: { zh: '本季度无受理案件', en: 'no case received in the quarter' },
  metric_setting_bad: { zh: 'jiceng.json 中 metrics.{key} 须为不小于 0 的整数，实际为 {value}', en: 'jiceng.json metrics.{key} must be a whole number ≥ 0, got {value}' },
  metric_setting_bad_hint: { zh: '例如 "metrics": {"min_denominator": 5, "clearance_window_days": 30}', en: 'e.g. "metrics": {"min_denominator": 5, "clearance_window_days": 30}' },
} satisfies Record<string, Entry>;
