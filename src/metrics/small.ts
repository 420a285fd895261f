// Small numbers: a share whose denominator is below min_denominator is "too few" — kept, shown greyed
// with its n, but never a breach, a change or a score (a station with one petition is not 100% good).
import type { MetricDefinition } from './definitions.js';
import type { MetricValue } from './run.js';

/** True when the value is a share over fewer than `min` cases. */
export function isTooFew(def: Pick<MetricDefinition, 'unit'>, v: Pick<MetricValue, 'value' | 'denominator'>, min: number): boolean {
  return def.unit === 'share' && v.value !== null && v.denominator !== null && v.denominator < min;
}

/** Marks too-few shares (small: true) and lifts their breach. */
export function markSmallNumbers(values: MetricValue[], defs: MetricDefinition[], min: number): MetricValue[] {
  const byId = new Map(defs.map((d) => [d.id, d]));
  return values.map((v) => {
    const def = byId.get(v.metric);
    if (!def || !isTooFew(def, v, min)) return v;
    return { ...v, small: true, breach: false };
  });
}
