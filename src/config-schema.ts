// The one declared shape of jiceng.json: every key any module reads, with its type. An unknown key or a
// wrong type is refused when the file is read, naming the key, the file and what was expected. Ranges
// (rate ≤ 1, hours ≥ 0…) stay with the module that owns each section, which says why a value is wrong.
import { msg, type Message } from './i18n/message.js';
import { UserError, EXIT } from './errors.js';

export type Shape =
  | { t: 'integer' }
  | { t: 'number' }
  | { t: 'string' }
  | { t: 'boolean' }
  | { t: 'null' }
  | { t: 'list'; of: Shape }
  | { t: 'pair'; of: [Shape, Shape] }
  /** An object with these keys only (each optional). */
  | { t: 'object'; keys: Record<string, Shape> }
  /** An object with any keys (metric ids, categories), each value of one shape. */
  | { t: 'map'; of: Shape }
  | { t: 'either'; of: Shape[] };

const integer: Shape = { t: 'integer' };
const number: Shape = { t: 'number' };
const string: Shape = { t: 'string' };
const boolean: Shape = { t: 'boolean' };
const nothing: Shape = { t: 'null' };
const list = (of: Shape): Shape => ({ t: 'list', of });
const object = (keys: Record<string, Shape>): Shape => ({ t: 'object', keys });
const map = (of: Shape): Shape => ({ t: 'map', of });
const either = (...of: Shape[]): Shape => ({ t: 'either', of });

/** Hours, or a share of the scheduled hours written "8%". */
const hoursOrPercent = either(number, string);

/** jiceng.json: the keys read by config.ts, metrics/settings.ts, metrics/score.ts, sample/settings.ts, plan/params.ts and lake/. */
export const CONFIG_SCHEMA: Shape = object({
  config_version: integer,
  /** Post keywords (contract/kinds.ts): [[post_class, [keyword…]], …]. */
  post_keywords: list({ t: 'pair', of: [string, list(string)] }),
  /** The workspace's county (lake export and import). */
  county: string,
  metrics: object({ min_denominator: integer, clearance_window_days: integer }),
  scorecard: object({ method: string, weights: map(number), directions: map(string) }),
  sample: object({
    rate: number, stratify: list(string), min_per_stratum: integer, include_all_above: either(number, nothing),
    defect_types: list(string), tolerable_rate: number, confidence: number,
  }),
  plan: object({
    hours_per_case: map(number), hours_per_category: map(number), hours_per_petition: number, include_ledger_hours: boolean,
    scheduled_hours_per_quarter: number, leave_hours_per_quarter: hoursOrPercent, training_hours_per_quarter: hoursOrPercent,
    absence_hours_per_quarter: hoursOrPercent, available_hours_per_officer: either(number, nothing), committed_ceiling: number,
  }),
});

/** What a shape expects, as a noun phrase in the reader's language. */
export function expected(s: Shape): Message {
  switch (s.t) {
    case 'integer': return msg('config_want_integer');
    case 'number': return msg('config_want_number');
    case 'string': return msg('config_want_text');
    case 'boolean': return msg('config_want_boolean');
    case 'null': return msg('config_want_null');
    case 'list': return msg('config_want_list', { of: expected(s.of) });
    case 'pair': return msg('config_want_pair', { first: expected(s.of[0]), second: expected(s.of[1]) });
    case 'object': return msg('config_want_object', { keys: Object.keys(s.keys).join(', ') });
    case 'map': return msg('config_want_map', { of: expected(s.of) });
    case 'either': return msg('config_want_either', { options: s.of.map(expected) });
  }
}

/** What a JSON value is, for the message: a word in the reader's language. */
function seen(v: unknown): Message {
  if (v === null) return msg('config_want_null');
  if (Array.isArray(v)) return msg('config_seen_list');
  if (typeof v === 'object') return msg('config_seen_object');
  if (typeof v === 'string') return msg('config_seen_text', { value: JSON.stringify(v) });
  if (typeof v === 'boolean') return msg('config_seen_boolean', { value: String(v) });
  return msg('config_seen_number', { value: String(v) });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fits(s: Shape, v: unknown): boolean {
  switch (s.t) {
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    case 'list': return Array.isArray(v);
    case 'pair': return Array.isArray(v) && v.length === 2;
    case 'object': case 'map': return isPlainObject(v);
    case 'either': return s.of.some((o) => fits(o, v) && problem(o, v, '') === undefined);
  }
}

interface Problem {
  key: string;
  unknown?: { known: string[] };
  want?: Shape;
  got?: unknown;
}

/** The first place `v` departs from `s`, by dotted key path (plan.hours_per_case.criminal, post_keywords[2][1]). */
function problem(s: Shape, v: unknown, key: string): Problem | undefined {
  if (!fits(s, v)) return { key, want: s, got: v };
  if (s.t === 'list') {
    for (const [i, x] of (v as unknown[]).entries()) {
      const p = problem(s.of, x, `${key}[${i}]`);
      if (p) return p;
    }
  } else if (s.t === 'pair') {
    for (const i of [0, 1]) {
      const p = problem(s.of[i], (v as unknown[])[i], `${key}[${i}]`);
      if (p) return p;
    }
  } else if (s.t === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const path = key ? `${key}.${k}` : k;
      if (!(k in s.keys)) return { key: path, unknown: { known: Object.keys(s.keys) } };
      const p = problem(s.keys[k], x, path);
      if (p) return p;
    }
  } else if (s.t === 'map') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = problem(s.of, x, key ? `${key}.${k}` : k);
      if (p) return p;
    }
  }
  return undefined;
}

/** Checks a parsed jiceng.json against the schema; throws one usage error naming the key, the file and what was expected. */
export function validateConfig(value: Record<string, unknown>, path: string): void {
  const p = problem(CONFIG_SCHEMA, value, '');
  if (!p) return;
  if (p.unknown) {
    throw new UserError(msg('config_unknown_key', { path, key: p.key, known: p.unknown.known.join(', ') }), {
      hint: msg('config_unknown_key_hint'), exitCode: EXIT.usage,
    });
  }
  throw new UserError(msg('config_wrong_type', { path, key: p.key, want: expected(p.want!), got: seen(p.got) }), {
    hint: msg('config_wrong_type_hint'), exitCode: EXIT.usage,
  });
}
