// Choices: yes/no cells and enum codes (a field's codes and aliases from the contract).
import { msg } from '../../i18n/message.js';
import { BOOL_CODES, type Field } from '../../contract/kinds.js';
import { cleanText, normalizeKey } from '../../contract/normalize.js';
import { EMPTY, R, fail, isBlank, isPlaceholder, ok, type Parsed, type RawCell } from './common.js';
import { dateCellText } from './date.js';

/**
 * Spellings beyond kinds.ts BOOL_CODES that real exports use for yes/no columns:
 * 执法资格 levels (基本级/中级/高级 = qualified), 是否重大 / 案件等级 grades (重大, 重特大, 特大,
 * 特别重大 = major; 一般, 较大 = not major), and 已取得/未取得 qualification wording.
 */
const BOOL_EXTRA_YES = ['基本级', '中级', '高级', '重大', '重特大', '特大', '特别重大', '已取得', '取得', '✔', '☑'];
const BOOL_EXTRA_NO = ['一般', '较大', '未取得', '✗', '✘', '☐'];

/** normalizeKey(spelling) → value; also holds the spellings as written and upper-cased, so the
 * common cell ('是', 'Y') is found without normalising. */
const BOOL_MAP: Map<string, boolean> = (() => {
  const m = new Map<string, boolean>();
  const add = (words: string[], v: boolean): void => {
    for (const w of words) {
      m.set(normalizeKey(w), v);
      m.set(w, v);
      m.set(w.toUpperCase(), v);
    }
  };
  add([...BOOL_CODES.true, ...BOOL_EXTRA_YES], true);
  add([...BOOL_CODES.false, ...BOOL_EXTRA_NO], false);
  return m;
})();

const NEGATION_RE = /[无否未不没]/;
const TRUE_RESULT: { ok: true; value: boolean } = Object.freeze({ ok: true as const, value: true });
const FALSE_RESULT: { ok: true; value: boolean } = Object.freeze({ ok: true as const, value: false });

/** Yes/no cell → boolean. '无' is "no" here, not an empty cell. */
export function parseBool(raw: RawCell): Parsed<boolean> {
  if (raw === null || raw === undefined) return EMPTY;
  if (typeof raw === 'boolean') return raw ? TRUE_RESULT : FALSE_RESULT;
  if (typeof raw === 'number') {
    if (raw === 1) return TRUE_RESULT;
    if (raw === 0) return FALSE_RESULT;
    return fail(R.not_yes_no);
  }
  if (typeof raw !== 'string') return fail(R.not_yes_no);
  let v = BOOL_MAP.get(raw);
  if (v !== undefined) return v ? TRUE_RESULT : FALSE_RESULT;
  if (isBlank(raw)) return EMPTY;
  let k = normalizeKey(raw);
  v = BOOL_MAP.get(k);
  if (v === undefined && k.length > 2 && k.endsWith('案件')) {
    // 案件等级 columns: 重大案件, 一般案件.
    k = k.slice(0, k.length - 2);
    v = BOOL_MAP.get(k);
  }
  if (v !== undefined) return v ? TRUE_RESULT : FALSE_RESULT;
  // Any qualification level (基本级执法资格, 高级) is a yes unless it says 无/否/未.
  if (k.includes('级') && !NEGATION_RE.test(k)) return TRUE_RESULT;
  if (k.startsWith('已取得')) return TRUE_RESULT;
  if (k.startsWith('未取得')) return FALSE_RESULT;
  if (isPlaceholder(raw)) return EMPTY;
  return fail(R.not_yes_no);
}

// ---------------------------------------------------------------------------------------------
// Enums

interface EnumTable {
  /** normalised alias or code → code, or AMBIGUOUS when two codes share a spelling. */
  exact: Map<string, string>;
  /** Aliases for substring matching, longest first. */
  subs: Array<{ alias: string; code: string }>;
  expected: string;
  /** Results by raw cell text: enum columns repeat a handful of spellings millions of times. */
  memo: Map<string, Parsed<string>>;
}
const ENUM_MEMO_MAX = 4096;
const AMBIGUOUS = '\u0000ambiguous';
const ENUM_TABLES = new WeakMap<Field, EnumTable>();

// The last table asked for: a row asks for the same few fields over and over.
let lastField: Field | undefined;
let lastTable: EnumTable | undefined;

function enumTable(field: Field): EnumTable {
  if (field === lastField) return lastTable!;
  let t = ENUM_TABLES.get(field);
  if (t) {
    lastField = field;
    lastTable = t;
    return t;
  }
  const exact = new Map<string, string>();
  const subs: Array<{ alias: string; code: string }> = [];
  const firsts: string[] = [];
  const put = (k: string, code: string): void => {
    const prev = exact.get(k);
    exact.set(k, prev === undefined || prev === code ? code : AMBIGUOUS);
  };
  for (const [code, aliases] of Object.entries(field.codes ?? {})) {
    put(normalizeKey(code), code);
    firsts.push(aliases[0] ?? code);
    for (const a of aliases) {
      const k = normalizeKey(a);
      if (k.length === 0) continue;
      put(k, code);
      subs.push({ alias: k, code });
    }
  }
  subs.sort((a, b) => b.alias.length - a.alias.length);
  t = { exact, subs, expected: firsts.join(', '), memo: new Map() };
  ENUM_TABLES.set(field, t);
  return t;
}

const NEGATIONS = '不未非无没否';
/** Is there a negation word in `v` outside the matched span [from, to)? ('非常' = "very" is not one.) */
function negatedOutside(v: string, from: number, to: number): boolean {
  for (let i = 0; i < v.length; i++) {
    if (i >= from && i < to) continue;
    const ch = v[i];
    if (NEGATIONS.includes(ch)) {
      if (ch === '非' && v[i + 1] === '常') continue;
      return true;
    }
  }
  return false;
}

function cellToText(raw: string | number | boolean | Date): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : null;
  if (typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) return dateCellText(raw);
  return null;
}

/**
 * An enum cell → its code. Exact match on the code or any alias first; otherwise the longest
 * alias contained in the value wins ('城关派出所' → station), unless a negation word outside it
 * turns the meaning around ('未破案'), or two codes tie on length (ambiguous). An open enum keeps
 * an unmatched value as written.
 */
export function parseEnum(raw: RawCell, field: Field): Parsed<string> {
  if (raw === null || raw === undefined) return EMPTY;
  const t = enumTable(field);
  if (typeof raw === 'string') {
    const hit = t.memo.get(raw);
    if (hit !== undefined) return hit;
    const r = Object.freeze(matchEnum(raw, field, t));
    if (t.memo.size >= ENUM_MEMO_MAX) t.memo.clear();
    t.memo.set(raw, r);
    return r;
  }
  const text = cellToText(raw);
  if (text === null) return fail(R.not_valid_value);
  return matchEnum(text, field, t);
}

function matchEnum(text: string, field: Field, t: EnumTable): Parsed<string> {
  if (isBlank(text)) return EMPTY;
  const k = normalizeKey(text);
  const hit = t.exact.get(k);
  if (hit !== undefined) {
    if (hit === AMBIGUOUS) return fail(R.ambiguous_code);
    return ok(hit);
  }
  let bestCode: string | null = null;
  let bestAlias = '';
  for (let i = 0; i < t.subs.length; i++) {
    const e = t.subs[i];
    if (bestCode !== null && e.alias.length < bestAlias.length) break;
    const at = k.indexOf(e.alias);
    if (at < 0 || negatedOutside(k, at, at + e.alias.length)) continue;
    if (bestCode === null) {
      bestCode = e.code;
      bestAlias = e.alias;
    } else if (e.code !== bestCode) {
      return fail(msg('reject_ambiguous_aliases', { a: bestAlias, b: e.alias }));
    }
  }
  if (bestCode !== null) return ok(bestCode);
  if (isPlaceholder(text)) return EMPTY;
  if (field.open) return ok(cleanText(text));
  return fail(msg('reject_unknown_value', { expected: t.expected }));
}

/** The text parseBool gives for a spelling in its table as written ('是' → 'true'); undefined for any other cell. */
export function plainBoolText(raw: string): string | undefined {
  const v = BOOL_MAP.get(raw);
  return v === undefined ? undefined : v ? 'true' : 'false';
}

/**
 * For one field, its table looked up once: the code parseEnum gave a text before (null: empty),
 * without building a result; undefined when not seen or not a code.
 */
export function seenEnumReader(field: Field): (raw: string) => string | null | undefined {
  const memo = enumTable(field).memo;
  return (raw) => {
    const hit = memo.get(raw);
    return hit !== undefined && hit.ok ? hit.value : undefined;
  };
}
