// Quarters, in one place: the Quarter type, reading a label in any accepted spelling, the quarter of
// a date, the one before, ranges A..B, and which quarter a workspace reports when none is given.
import { msg, type Message } from './i18n/message.js';
import { UserError, EXIT } from './errors.js';
import type { Database, Params } from './db/database.js';

export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
  /** '2026Q3' */
  label: string;
  /** First day, '2026-07-01'. */
  start: string;
  /** Last day (inclusive), '2026-09-30'. */
  end: string;
}

/** How many rows of each dated kind a quarter holds. */
export interface QuarterData {
  quarter: string;
  cases: number;
  ledger: number;
  petitions: number;
}

/** Which option a bad quarter came from, named in the refusal. */
export type QuarterWhat = 'quarter' | 'comparison_quarter';

// Years a quarter may fall in: the loader's date range (values/date.ts), so any loaded date has a quarter.
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

const QUARTER_Q_RE = /^(\d{4})(?:年|[-_/.])?Q([1-4])$/;
const QUARTER_ZH_RE = /^(\d{4})(?:年度?)?第?([1-4一二三四])季度?$/;
const ZH_Q: Record<string, 1 | 2 | 3 | 4> = { '1': 1, '2': 2, '3': 3, '4': 4, 一: 1, 二: 2, 三: 3, 四: 4 };
const QUARTER_ENDS = ['', '03-31', '06-30', '09-30', '12-31'];
const QUARTER_STARTS = ['', '01-01', '04-01', '07-01', '10-01'];
const LABEL_RE = /^(\d{4})Q([1-4])$/;
const WS_RE = /[\s\u200b\ufeff]+/g;
// Only characters NFKC may change (full-width digits and letters, ideographic space) need it.
const NEEDS_NFKC_RE = /[\u00a0-\u00ff\u2000-\u33ff\uf900-\uffef]/;

function makeQuarter(year: number, q: 1 | 2 | 3 | 4): Quarter {
  const y = String(year);
  return { year, q, label: y + 'Q' + q, start: y + '-' + QUARTER_STARTS[q], end: y + '-' + QUARTER_ENDS[q] };
}

/** '2026Q3', '2026q3', '2026-Q3', '2026 q3', '２０２６Ｑ３', '2026年第三季度', '2026年3季度'… → the quarter, or null. */
export function parseQuarter(s: string): Quarter | null {
  if (typeof s !== 'string') return null;
  const k = (NEEDS_NFKC_RE.test(s) ? s.normalize('NFKC') : s).replace(WS_RE, '').toUpperCase();
  const m = QUARTER_Q_RE.exec(k) ?? QUARTER_ZH_RE.exec(k);
  if (!m) return null;
  const year = +m[1];
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  return makeQuarter(year, ZH_Q[m[2]]);
}

/** parseQuarter, or a one-line usage error (bad_quarter) naming the option and the accepted forms. */
export function parseQuarterOrThrow(s: string, what: QuarterWhat = 'quarter'): Quarter {
  const q = parseQuarter(s);
  if (!q) {
    throw new UserError(msg('bad_quarter', { what: msg(`what_${what}`), value: s }), { exitCode: EXIT.usage, hint: msg('bad_quarter_hint', { forms: msg('quarter_forms') }) });
  }
  return q;
}

const isDigitAt = (s: string, i: number): boolean => s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** 'YYYY-MM-DD' (or a datetime starting so) → its quarter label, '2026Q3'. Throws on malformed input. */
export function quarterOf(date: string): string {
  if (typeof date !== 'string' || date.length < 7 || date.charCodeAt(4) !== 45 || !isDigitAt(date, 0) || !isDigitAt(date, 5) || !isDigitAt(date, 6)) {
    throw new RangeError('quarterOf needs a YYYY-MM-DD date');
  }
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  if (m < 1 || m > 12) throw new RangeError('quarterOf needs a YYYY-MM-DD date');
  return date.slice(0, 4) + 'Q' + ((m + 2) / 3 | 0);
}

/** '2026Q3' → '2026Q2'; '2026Q1' → '2025Q4'. Any parseQuarter spelling is accepted; throws otherwise. */
export function previousQuarter(label: string): string {
  const m = LABEL_RE.exec(label);
  let year: number;
  let q: number;
  if (m) {
    year = +m[1];
    q = +m[2];
  } else {
    const p = parseQuarter(label);
    if (!p) throw new RangeError('previousQuarter needs a quarter label such as 2026Q3');
    year = p.year;
    q = p.q;
  }
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

/** Quarters counted from year 0, so consecutive quarters are consecutive numbers. */
export const quarterIndex = (q: Pick<Quarter, 'year' | 'q'>): number => q.year * 4 + (q.q - 1);
/** The label of a quarterIndex. */
export const quarterLabelAt = (i: number): string => `${Math.floor(i / 4)}Q${(i % 4) + 1}`;

/** Every quarter label from `from` to `to` inclusive ([] when `to` comes first). */
export function quarterRange(from: Quarter, to: Quarter): string[] {
  const a = quarterIndex(from);
  const b = quarterIndex(to);
  return b < a ? [] : Array.from({ length: b - a + 1 }, (_, i) => quarterLabelAt(a + i));
}

/** `2025Q4..2026Q3` → every quarter label from the first to the last; a bad range is a one-line usage error. */
export function parseQuarterRange(text: string): string[] {
  const bad = (): UserError =>
    new UserError(msg('trend_bad_range', { value: text }), { hint: msg('trend_bad_range_hint'), exitCode: EXIT.usage, code: 'trend_bad_range' });
  const parts = String(text ?? '').split('..');
  if (parts.length !== 2) throw bad();
  const [a, b] = parts.map((p) => parseQuarter(p.trim()));
  if (!a || !b || quarterIndex(b) < quarterIndex(a)) throw bad();
  return quarterRange(a, b);
}

/** SQL for the quarter label ('2026Q3') of a DATE or TIMESTAMP expression; NULL stays NULL. */
export function quarterSql(expr: string): string {
  return `CASE WHEN ${expr} IS NULL THEN NULL ELSE year(${expr})::VARCHAR || 'Q' || quarter(${expr})::VARCHAR END`;
}

/** Quarters that hold case, ledger or petition rows, oldest first. */
export async function quartersWithData(db: Database): Promise<QuarterData[]> {
  const rows = await db.all<{ quarter: string; kind: string; n: number }>(`
    SELECT ${quarterSql('d')} AS quarter, kind, n FROM (
      -- Count each table by quarter first, then name the few quarters: nothing is built per row.
      SELECT date_trunc('quarter', CAST(received_at AS DATE))::DATE AS d, 'cases' AS kind, count(*)::INTEGER AS n FROM cases WHERE received_at IS NOT NULL GROUP BY 1
      UNION ALL SELECT date_trunc('quarter', "date")::DATE, 'ledger', count(*)::INTEGER FROM ledger WHERE "date" IS NOT NULL GROUP BY 1
      UNION ALL SELECT date_trunc('quarter', received_at)::DATE, 'petitions', count(*)::INTEGER FROM petitions WHERE received_at IS NOT NULL GROUP BY 1)`);
  const by = new Map<string, QuarterData>();
  for (const r of rows) {
    const q = by.get(r.quarter) ?? { quarter: r.quarter, cases: 0, ledger: 0, petitions: 0 };
    q[r.kind as 'cases' | 'ledger' | 'petitions'] = Number(r.n);
    by.set(r.quarter, q);
  }
  return [...by.values()].sort((a, b) => quarterKey(a.quarter) - quarterKey(b.quarter));
}

// Labels sort by number, not text: year 10000 is out of range, but '9999Q4' < '10000Q1' as text would not be.
const quarterKey = (label: string): number => {
  const q = parseQuarter(label);
  return q ? quarterIndex(q) : Number.MAX_SAFE_INTEGER;
};

/** The latest quarter with case rows, or null when the workspace holds no case. */
export async function latestQuarterWithData(db: Database, quarters?: QuarterData[]): Promise<Quarter | null> {
  const withCases = (quarters ?? (await quartersWithData(db))).filter((q) => q.cases > 0);
  return withCases.length ? parseQuarter(withCases[withCases.length - 1].quarter) : null;
}

/** The quarter of the latest day among the rows of `sql` (its first column, a DATE or TIMESTAMP), or null when there is none. */
export async function latestQuarterOf(db: Database, sql: string, params?: Params): Promise<Quarter | null> {
  const day = await db.scalar<string | null>(`SELECT strftime(max(d), '%Y-%m-%d') FROM (${sql}) AS t(d)`, params);
  return day ? parseQuarter(quarterOf(day)) : null;
}

function describeQuarters(qs: QuarterData[]): Message[] {
  return qs.map((q) => msg('quarter_with_counts', { ...q }));
}

/**
 * The quarter to report: the given one (any parseQuarter spelling, checked to hold data when the
 * workspace has any) or, when none is given, the latest quarter with case data. Refusals are catalog
 * codes: bad_quarter, no_data_for_quarter, no_default_quarter.
 */
export async function resolveQuarter(db: Database, given: string | undefined, quarters?: QuarterData[], what: QuarterWhat = 'quarter'): Promise<Quarter> {
  const qs = quarters ?? (await quartersWithData(db));
  if (given === undefined || given === '') {
    const latest = await latestQuarterWithData(db, qs);
    if (!latest) {
      throw new UserError(msg('no_default_quarter'), { hint: msg('no_default_quarter_hint', { forms: msg('quarter_forms') }) });
    }
    return latest;
  }
  const q = parseQuarterOrThrow(given, what);
  if (qs.length && !qs.some((x) => x.quarter === q.label)) {
    throw new UserError(msg('no_data_for_quarter', { quarter: q.label }), { hint: msg('no_data_for_quarter_hint', { quarters: describeQuarters(qs) }) });
  }
  return q;
}
