// The load options a person types (--as-of, --county, --kind), checked before anything is opened.
// Kept apart from the loader so that `metrics --as-of` and `report --as-of` do not import it.
import { KIND_NAMES, type KindName } from '../contract/kinds.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { parseDate } from './values.js';

/** Today's date where the tool runs (YYYY-MM-DD), `offsetDays` away. */
export function localDate(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86400000);
  const z = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
  return z.toISOString().slice(0, 10);
}

/**
 * Validates an --as-of value early, so a typo is a usage error rather than a failed sheet. A date
 * after today is refused: data cannot be as of a day that has not come, and open cases would age
 * to it (a roster dated 2099 or a data date of 2099 made every median "—").
 */
export function parseAsOf(s: string | undefined, today = localDate()): string | undefined {
  if (s === undefined) return undefined;
  const p = parseDate(s);
  if (!p.ok || p.value === null) throw new UserError(msg('bad_as_of', { value: s }), { hint: msg('bad_as_of_hint'), exitCode: 2 });
  if (p.value.slice(0, 10) > today) throw new UserError(msg('as_of_in_future', { value: s, today }), { hint: msg('as_of_in_future_hint'), exitCode: 2 });
  return p.value;
}

/** Validates --county: a name, not an empty string. */
export function parseCounty(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const c = s.trim();
  if (!c) throw new UserError(msg('county_option_empty'), { hint: msg('county_option_empty_hint'), exitCode: 2 });
  return c;
}

export function parseKinds(s: string | undefined): KindName[] | undefined {
  if (!s) return undefined;
  const kinds = s.split(',').map((x) => x.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!(KIND_NAMES as string[]).includes(k)) {
      throw new UserError(msg('unknown_kind', { kind: k }), { hint: msg('unknown_kind_hint', { kinds: KIND_NAMES.join(', ') }), exitCode: 2 });
    }
  }
  return kinds as KindName[];
}

