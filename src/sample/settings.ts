// The `sample` section of jiceng.json: defaults for drawing and judging backtracking samples, validated.
import { msg } from '../i18n/message.js';
import { configSection, type WorkspaceConfig } from '../config.js';
import { UserError, EXIT } from '../errors.js';

/** What a case can be stratified by (station is always the first key: coverage is promised per station). */
export const STRATIFY_KEYS = ['station', 'case_type', 'category'] as const;
export type StratifyKey = (typeof STRATIFY_KEYS)[number];

export const DEFAULT_DEFECT_TYPES = ['立案不实', '超期办案', '证据不足', '程序违法', '统计不实', '其他'];

export interface SampleSettings {
  /** Share of the backtrack population to draw in every stratum (0.10 = the 10% rule). */
  rate: number;
  stratify: string[];
  min_per_stratum: number;
  /** Cases with an amount above this (yuan) are taken with certainty; null = none. */
  include_all_above: number | null;
  /** The dropdown of the auditor workbook's 问题类型 column. */
  defect_types: string[];
  /** Tolerable defect rate for "what the sample can prove" (AICPA tolerable deviation rate). */
  tolerable_rate: number;
  /** Confidence of the bounds (1 − risk of overreliance). */
  confidence: number;
}

export const SAMPLE_DEFAULTS: SampleSettings = {
  rate: 0.1,
  stratify: ['station', 'case_type'],
  min_per_stratum: 1,
  include_all_above: null,
  defect_types: DEFAULT_DEFECT_TYPES,
  tolerable_rate: 0.05,
  confidence: 0.95,
};

/** The workspace's sample settings over the defaults; a bad value is a usage error naming the key. */
export function sampleSettings(config: WorkspaceConfig): SampleSettings {
  const s = configSection<SampleSettings>(config, 'sample', SAMPLE_DEFAULTS);
  const bad = (key: string, want: string): never => {
    throw new UserError(
      msg('sample_bad_setting', { key, want }),
      { hint: msg('fix_or_delete_setting_hint'), exitCode: EXIT.usage },
    );
  };
  if (!(typeof s.rate === 'number' && s.rate > 0 && s.rate <= 1)) bad('rate', '0 < rate ≤ 1');
  if (!Array.isArray(s.stratify) || !s.stratify.every((k) => typeof k === 'string')) bad('stratify', '["station", "case_type"]');
  if (!(Number.isInteger(s.min_per_stratum) && s.min_per_stratum >= 0)) bad('min_per_stratum', 'an integer ≥ 0');
  if (s.include_all_above !== null && !(typeof s.include_all_above === 'number' && s.include_all_above >= 0)) bad('include_all_above', 'null or an amount ≥ 0');
  if (!Array.isArray(s.defect_types) || !s.defect_types.length || !s.defect_types.every((t) => typeof t === 'string' && t.trim())) {
    bad('defect_types', 'a non-empty list of texts');
  }
  if (!(typeof s.tolerable_rate === 'number' && s.tolerable_rate > 0 && s.tolerable_rate < 1)) bad('tolerable_rate', '0 < rate < 1');
  if (!(typeof s.confidence === 'number' && s.confidence > 0 && s.confidence < 1)) bad('confidence', '0 < confidence < 1');
  return s;
}

/** Normalises a stratification list: known keys only, station first, no repeats. */
export function normalizeStratify(keys: string[]): StratifyKey[] {
  const out: StratifyKey[] = ['station'];
  for (const raw of keys) {
    const k = raw.trim().toLowerCase();
    if (!k || k === 'none') continue;
    if (!(STRATIFY_KEYS as readonly string[]).includes(k)) {
      throw new UserError(
        msg('sample_bad_stratify', { k: raw }),
        { hint: msg('sample_stratify_keys_hint', { keys: STRATIFY_KEYS.join(', ') }), exitCode: EXIT.usage },
      );
    }
    if (!out.includes(k as StratifyKey)) out.push(k as StratifyKey);
  }
  return out;
}
