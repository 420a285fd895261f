// The "metrics" section of jiceng.json: the small-number floor and the clearance window, checked.
import { msg } from '../i18n/message.js';
import { UserError } from '../errors.js';
import { configSection, type WorkspaceConfig } from '../config.js';

export interface MetricSettings {
  /** A share whose denominator is below this is "too few": greyed, no breach, no change, no score. */
  min_denominator: number;
  /** clearance_rate_30d: days a case has to be cleared in, and must have had before the data date. */
  clearance_window_days: number;
}

export const DEFAULT_METRIC_SETTINGS: MetricSettings = { min_denominator: 5, clearance_window_days: 30 };

export function metricSettings(config: WorkspaceConfig | undefined): MetricSettings {
  const c = config ? configSection<MetricSettings>(config, 'metrics', DEFAULT_METRIC_SETTINGS) : DEFAULT_METRIC_SETTINGS;
  for (const k of ['min_denominator', 'clearance_window_days'] as const) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new UserError(msg('metric_setting_bad', { key: k, value: JSON.stringify(v) ?? 'undefined' }), { hint: msg('metric_setting_bad_hint') });
    }
  }
  return { min_denominator: c.min_denominator, clearance_window_days: c.clearance_window_days };
}
