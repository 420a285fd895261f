// How report values look: one rule per metric unit, shared by the workbook's number formats and the HTML's text.

/** Decimals shown for a unit: per-10k figures with one decimal, shares as 0.0%, counts whole. */
export function decimalsOf(unit: string): number {
  switch (unit) {
    case 'share':
      return 1; // of the percentage
    case 'per_10k':
    case 'days':
    case 'hours':
      return 1;
    case 'count':
    case 'persons':
    case 'cases':
    case 'items':
      return 0;
    default:
      return 2;
  }
}

const isCount = (unit: string): boolean => ['count', 'persons', 'cases', 'items'].includes(unit);

/** One minus sign (−) for negative figures; a figure that rounds to zero has none (no -0.0). */
export function typographicMinus(s: string): string {
  return /^-(?=[\d.,]*[1-9])/.test(s) ? '−' + s.slice(1) : s.replace(/^-/, '');
}

/** A value as text: 57.1%, 15.3, 42, 28.40, −2; null → —. */
export function formatNumber(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 'share') return typographicMinus((value * 100).toFixed(1)) + '%';
  if (isCount(unit) && Number.isInteger(value)) return typographicMinus(String(value));
  return typographicMinus(value.toFixed(decimalsOf(unit) || 2));
}

/** A change as text: +2.3pp for shares, +1.5 / −3 otherwise; a change that rounds to zero is ±0. */
export function formatChange(change: number | null | undefined, unit: string): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return '—';
  const abs = Math.abs(change);
  let text: string;
  if (unit === 'share') text = (abs * 100).toFixed(1) + 'pp';
  else if (isCount(unit) && Number.isInteger(abs)) text = String(abs);
  else text = abs.toFixed(decimalsOf(unit) || 2);
  const zero = !/[1-9]/.test(text);
  return (zero ? '±' : change > 0 ? '+' : '−') + text;
}

/** A share as text with a given number of decimals (for chart tables and notes). */
export const pct = (v: number | null | undefined, d = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : (v * 100).toFixed(d) + '%');

/** A plain number with d decimals, or —. */
export const num = (v: number | null | undefined, d = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d));

/** Excel number format for a value of the unit. */
export function excelFormat(unit: string): string {
  if (unit === 'share') return '0.0%';
  const d = decimalsOf(unit);
  return d === 0 ? '0' : '0.' + '0'.repeat(d);
}

/**
 * Excel number format for a change: signed; for shares the cell holds percentage points
 * (change × 100) and says so ("+2.3pp").
 */
export function excelChangeFormat(unit: string): string {
  // Positive; negative (the typographic minus −); zero (±, like the HTML and the terminal).
  if (unit === 'share') return '+0.0"pp";"−"0.0"pp";"±"0.0"pp"';
  const d = decimalsOf(unit);
  const f = d === 0 ? '0' : '0.' + '0'.repeat(d);
  return `+${f};"−"${f};"±"${f}`;
}

/** The number stored in a change cell: percentage points for shares. */
export const excelChangeValue = (change: number, unit: string): number => {
  // Rounded to the digits shown, so a change that rounds to zero is exactly 0 and reads ±0.
  const v = unit === 'share' ? change * 100 : change;
  const d = unit === 'share' ? 1 : decimalsOf(unit);
  const r = Math.round(v * 10 ** d) / 10 ** d;
  return r === 0 ? 0 : r;
};
