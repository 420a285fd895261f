// Display names a person reads in place of codes: kinds of export, metric directions.
import type { Entry } from '../message.js';

export const LABELS = {
  // One per kind of src/contract/kinds.ts (test/catalog.test.ts checks every kind has one).
  kind_stations: { zh: '单位', en: 'units' },
  kind_staffing: { zh: '花名册', en: 'staff roster' },
  kind_headcount: { zh: '警力统计', en: 'headcount' },
  kind_cases: { zh: '案件', en: 'cases' },
  kind_ledger: { zh: '台账', en: 'ledger' },
  kind_petitions: { zh: '信访', en: 'petitions' },
  kind_findings: { zh: '倒查结果', en: 'backtracking findings' },
  direction_higher_is_better: { zh: '越高越好', en: 'higher is better' },
  direction_lower_is_better: { zh: '越低越好', en: 'lower is better' },
  direction_closest_to_zero: { zh: '越接近 0 越好', en: 'closest to zero is best' },
  direction_neutral: { zh: '中性', en: 'neutral' },
  metric_legend_threshold: { zh: '阈值 {rules}', en: 'threshold {rules}' },
  no_threshold: { zh: '无', en: 'none' },
} satisfies Record<string, Entry>;
