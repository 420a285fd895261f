// Messages and labels of trends (metrics --trend, the report's trend section and sheet) and of the prefecture report.
import type { Entry } from '../message.js';

export const TRENDS = {
  // --quarters and --trend
  trend_bad_range: { zh: '无法识别季度范围“{value}”', en: 'cannot read the quarter range "{value}"' },
  trend_bad_range_hint: { zh: '写成 起始季度..结束季度，例如 --quarters 2025Q4..2026Q3（起始不晚于结束）', en: 'write it as FIRST..LAST, e.g. --quarters 2025Q4..2026Q3 (the first not after the last)' },
  trend_bad_count: { zh: '--trend 的季度数“{value}”无效', en: 'invalid number of quarters for --trend: "{value}"' },
  trend_bad_count_hint: { zh: '给 1 到 40 之间的整数，例如 --trend 4；不给则为 8', en: 'give a whole number from 1 to 40, e.g. --trend 4; without one it is 8' },
  trend_range_empty: { zh: '{range} 范围内没有任何案件、台账或信访数据', en: 'no case, ledger or petition rows in {range}' },
  trend_range_empty_hint: { zh: '有数据的季度：{quarters}', en: 'quarters with data: {quarters}' },
  trend_quarters_empty: { zh: '{quarters} 没有案件、台账或信访数据，未列入趋势', en: '{quarters} hold no case, ledger or petition rows: left out of the trend' },
  trend_metrics_skipped: { zh: '本工作区没有以下趋势指标，未列入：{metrics}', en: 'trend metrics not defined in this workspace, left out: {metrics}' },
  // Words of the trend tables, section and sheet
  trend_title: { zh: '主要指标趋势', en: 'Trends of the headline metrics' },
  trend_sheet: { zh: '指标趋势', en: 'Trends' },
  trend_heading: { zh: '主要指标趋势（{first} 至 {last}，{n} 个季度）', en: 'Headline metrics over {n} quarter(s), {first} to {last}' },
  trend_intro: {
    zh: '每个季度的数值与当季报告口径相同；比例类指标括号内为“分子/分母”。▼ 为未达阈值，— 为无法计算。',
    en: 'Each quarter is computed as that quarter\'s report computes it; shares show numerator/denominator in brackets. ▼ breaches the threshold; — cannot be computed.',
  },
  trend_unit: { zh: '单位', en: 'Unit' },
  trend_county: { zh: '县局', en: 'County' },
  trend_line: { zh: '走势', en: 'Trend' },
  trend_n: { zh: '{q} 分子/分母', en: '{q} n' },
  trend_no_quarters: { zh: '没有可显示的季度。', en: 'No quarter to show.' },
  trend_county_row: { zh: '{county}（全县）', en: '{county} (county)' },
  trend_county_unnamed: { zh: '全县', en: 'County' },
  prefecture_station_label: { zh: '{county}·{station}', en: '{station} ({county})' },
  trend_breach_note: { zh: '* 未达阈值', en: '* threshold breached' },
} satisfies Record<string, Entry>;
