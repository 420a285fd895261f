// Display names a person reads in place of codes: metric directions.
import type { Entry } from '../message.js';

export const LABELS = {
  direction_higher_is_better: { zh: '越高越好', en: 'higher is better' },
  direction_lower_is_better: { zh: '越低越好', en: 'lower is better' },
  direction_closest_to_zero: { zh: '越接近 0 越好', en: 'closest to zero is best' },
  direction_neutral: { zh: '中性', en: 'neutral' },
  metric_legend_threshold: { zh: '阈值 {rules}', en: 'threshold {rules}' },
  no_threshold: { zh: '无', en: 'none' },
} satisfies Record<string, Entry>;
