// Reading the numbers people type for `sample` options: shares (0.10, 10%), whole numbers, amounts in yuan.
import { msg } from '../i18n/message.js';
import { EXIT, UserError } from '../errors.js';

/** '0.10', '10%', '１０％' → 0.1; a usage error naming the option otherwise. */
export function parseShare(s: string, option: string, opts: { allowZero?: boolean; allowOne?: boolean } = {}): number {
  const t = s.normalize('NFKC').trim();
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(%)?$/.exec(t);
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  const ok = Number.isFinite(v) && (opts.allowZero ? v >= 0 : v > 0) && (opts.allowOne ? v <= 1 : v < 1);
  if (!ok) throw new UserError(msg('sample_bad_fraction', { o: option, v: s }), { hint: msg('sample_bad_fraction_hint'), exitCode: EXIT.usage });
  return v;
}

/** A whole number ≥ min ('1,200' too). */
export function parseCount(s: string, option: string, min: number): number {
  const t = s.normalize('NFKC').trim().replace(/,/g, '');
  const v = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(v) || v < min) throw new UserError(msg('sample_bad_whole_number', { o: option, m: min, v: s }), { exitCode: EXIT.usage });
  return v;
}

/** An amount in yuan, at most two decimals. */
export function parseAmount(s: string): number {
  const t = s.normalize('NFKC').trim().replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t) || Number(t) > 1e15) {
    throw new UserError(msg('sample_bad_amount', { v: s }), { hint: msg('sample_bad_amount_hint'), exitCode: EXIT.usage });
  }
  return Number(t);
}
