// Header → canonical field mapping: the header grammar over the contract's aliases, the user's
// --map file or a remembered mapping, and evidence from the sampled values, with a confidence each.
import { msg } from '../i18n/message.js';
import { readFileSync } from 'node:fs';
import { KINDS, KIND_NAMES, isKindName, type Field, type Kind, type KindName } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import { aliasVariants, bracketMeasure, normalizeHeader, readings, RULE_CONFIDENCE, type MatchRule } from '../contract/headers.js';
import { UserError } from '../errors.js';
import type { Cell } from './source.js';
import { valueEvidence, type SheetValues } from './evidence.js';

/** A user's mapping file: per kind, extra header aliases and constants for fields the file lacks. */
export interface UserMapping {
  [kind: string]: { headers?: Record<string, string>; constants?: Record<string, string | number | boolean> };
}

/** A header cell as found: its display text and the spellings to try against the aliases. */
export interface HeaderColumn {
  index: number;
  display: string;
  candidates: string[];
}

/** Why a column was mapped onto a field, and how sure the mapping is (0..1). */
export interface Evidence {
  field: string;
  column: number;
  header: string;
  rule: MatchRule;
  /** The alias (or --map entry) the header matched. */
  alias: string;
  confidence: number;
  /** What the sampled values said, if anything: a key of the ev_* catalog messages. */
  values?: string;
}

export interface ColumnMapping {
  kind: KindName;
  /** field name → column index */
  columns: Map<string, number>;
  /** field name → constant value (from --map constants, --as-of, the title or the sheet name) */
  constants: Map<string, string | number | boolean>;
  /** fields found, for the score */
  matched: number;
  matchedRequired: number;
  missingRequired: Field[];
  /** field name → why its column was chosen (columns filled by a fallback have none). */
  evidence: Map<string, Evidence>;
  /** Columns a field's spelling matched but that were not used: too unsure, ambiguous or beaten by another. */
  rejected: Evidence[];
}

/** A header whose figures are in ten thousands: （万人）, (万元). */
const SCALED = /[(（]\s*万/;

/** Below this a column is not taken for a field. */
export const CONFIDENT = 0.6;

/** Spellings of a header worth trying: as written, without a parenthesised unit, without required-markers. */
export function headerCandidates(text: string): string[] {
  const base = normalizeKey(text).replace(/^[*※★#]+/, '').replace(/[:：]$/, '');
  if (!base) return [];
  const out = [base];
  const noParen = base.replace(/\([^)]*\)|\[[^\]]*\]|（[^）]*）/g, '');
  if (noParen && noParen !== base) out.push(noParen);
  return out;
}

interface Hit {
  field: Field;
  rule: MatchRule;
  /** Position of the alias in the field's list: the more specific spelling wins a tie. */
  rank: number;
  alias: string;
}
type SpellingIndex = Map<string, Hit[]>;
const indexCache = new Map<KindName, SpellingIndex>();

/** Every spelling the grammar accepts for a kind's fields, with the rule and alias behind it. */
export function spellingIndex(kind: KindName): SpellingIndex {
  const cached = indexCache.get(kind);
  if (cached) return cached;
  const index: SpellingIndex = new Map();
  for (const field of KINDS[kind].fields) {
    [field.name, ...field.aliases].forEach((alias, rank) => {
      for (const v of aliasVariants(alias, field)) {
        const list = index.get(v.key) ?? [];
        if (!list.some((h) => h.field === field && RULE_CONFIDENCE[h.rule] >= RULE_CONFIDENCE[v.rule])) {
          list.push({ field, rule: v.rule, rank, alias });
        }
        index.set(v.key, list);
      }
    });
  }
  indexCache.set(kind, index);
  return index;
}

/** A --map (or remembered) mapping's headers for one kind, as an index of its own. */
function userIndex(kind: KindName, mapping: UserMapping | undefined, rule: MatchRule): SpellingIndex {
  const index: SpellingIndex = new Map();
  for (const [header, fieldName] of Object.entries(mapping?.[kind]?.headers ?? {})) {
    const field = KINDS[kind].fields.find((f) => f.name === fieldName);
    if (!field) continue;
    for (const key of new Set([normalizeKey(header), normalizeHeader(header)])) index.set(key, [{ field, rule, rank: -1, alias: header }]);
  }
  return index;
}

interface Candidate {
  field: Field;
  rule: MatchRule;
  rank: number;
  alias: string;
  confidence: number;
}

const columnCache = new Map<string, Candidate[]>();
const readingCache = new Map<string, ReturnType<typeof readings>>();

const NOT_A_HEADER = /^[\d\s.,:\-/%+]*$/;

/** A header cell is short: longer text (a title, a note, a 1 MB cell) is never read as one. */
const MAX_HEADER_CHARS = 60;

/** Every spelling of every kind: a reading outside it can match no contract alias. */
let allSpellings: Set<string> | undefined;
function spellingUnion(): Set<string> {
  if (!allSpellings) allSpellings = new Set(KIND_NAMES.flatMap((k) => [...spellingIndex(k).keys()]));
  return allSpellings;
}
const NO_READINGS: ReturnType<typeof readings> = Object.freeze([]) as unknown as ReturnType<typeof readings>;

/**
 * The readings of one spelling that some contract alias knows, computed once per distinct cell
 * text whatever the kind; most cells a header search looks at are data and have none.
 */
function readingsOf(cand: string): ReturnType<typeof readings> {
  if (cand.length > MAX_HEADER_CHARS) return NO_READINGS;
  let r = readingCache.get(cand);
  if (!r) {
    const union = spellingUnion();
    const all = readings(normalizeHeader(cand)).filter((x) => union.has(x.key));
    r = all.length ? all : NO_READINGS;
    if (readingCache.size > 200_000) readingCache.clear();
    readingCache.set(cand, r);
  }
  return r;
}

/** The fields one header cell can name in a kind, best first; a tie between two fields names none. */
function columnCandidates(kind: KindName, col: HeaderColumn, user?: SpellingIndex): Candidate[] {
  // Long text, numbers and dates are data, never a header (most cells a header search looks at).
  if (col.display.length > MAX_HEADER_CHARS * 4 || NOT_A_HEADER.test(col.display)) return [];
  const known = col.candidates.map(readingsOf);
  if (!user?.size && known.every((r) => r.length === 0)) return [];
  const cacheKey = user ? '' : `${kind}\u0000${col.candidates.join('\u0000')}`;
  const cached = cacheKey ? columnCache.get(cacheKey) : undefined;
  if (cached) return cached;
  const best = new Map<Field, Candidate>();
  const consider = (index: SpellingIndex, spellings: Array<ReturnType<typeof readings>>): void => {
    spellings.forEach((list, ci) => {
      for (const reading of list) {
        for (const hit of index.get(reading.key) ?? []) {
          const confidence = Math.min(RULE_CONFIDENCE[reading.rule], RULE_CONFIDENCE[hit.rule]) - (ci ? 0.01 : 0);
          const rule: MatchRule = RULE_CONFIDENCE[reading.rule] < RULE_CONFIDENCE[hit.rule] ? reading.rule : hit.rule;
          const prev = best.get(hit.field);
          if (!prev || confidence > prev.confidence || (confidence === prev.confidence && hit.rank < prev.rank)) {
            best.set(hit.field, { field: hit.field, rule, rank: hit.rank, alias: hit.alias, confidence });
          }
        }
      }
    });
  };
  // A --map entry for this header decides alone: the user said what it is.
  if (user?.size) consider(user, [col.display, ...col.candidates].map((c) => readings(normalizeHeader(c))));
  if (!best.size) consider(spellingIndex(kind), known);
  const list = [...best.values()].sort((a, b) => b.confidence - a.confidence || a.rank - b.rank);
  // Two fields read equally well from one header (案件 → 案件编号? 案件类别?): it names neither.
  const out = list.length > 1 && Math.abs(list[0].confidence - list[1].confidence) < 1e-9 && list[0].rule !== 'alias' ? [] : list;
  if (cacheKey) {
    if (columnCache.size > 200_000) columnCache.clear();
    columnCache.set(cacheKey, out);
  }
  return out;
}

export interface MapContext {
  /** Sampled values per column (from the rows below the header). */
  values?: SheetValues;
  /** The --map headers come from a remembered mapping rather than the command line. */
  remembered?: boolean;
}

/**
 * Maps the header columns onto a kind's fields. Each column proposes the fields its header can
 * name, with a confidence that the sampled values raise or lower; a field takes its most
 * confident column (then the more specific alias, then the leftmost), and a column feeds one field.
 */
export function mapColumns(kind: KindName, header: HeaderColumn[], mapping?: UserMapping, ctx: MapContext = {}): ColumnMapping {
  const user = mapping?.[kind]?.headers ? userIndex(kind, mapping, ctx.remembered ? 'remembered' : 'map') : undefined;
  const proposals: Evidence[] = [];
  const ranks = new Map<Evidence, number>();
  for (const col of header) {
    if (!col.candidates.length) continue;
    // 户籍人口（万人）, 金额（万元）: figures in ten thousands would load 10,000 times too small.
    const scaled = SCALED.test(col.display);
    const candidates = columnCandidates(kind, col, user);
    // 耗时（分钟）, 面积（平方米）: figures in another unit would load as the field's own. Read only for a
    // header some field with a unit of measure may take (a header search maps every cell of 30 rows).
    const measure = candidates.some((c) => c.field.measure) ? bracketMeasure(col.display) : undefined;
    for (const c of candidates) {
      let confidence = c.confidence;
      const told = c.rule === 'map' || c.rule === 'remembered';
      const otherUnit = !scaled && measure !== undefined && c.field.measure !== undefined && !c.field.measure.includes(measure);
      let values: string | undefined = told ? undefined : scaled ? 'scaled' : otherUnit ? 'other_unit' : undefined;
      if (values) confidence -= 0.5;
      const sample = ctx.values?.get(col.index);
      if (sample && c.rule !== 'map' && c.rule !== 'remembered') {
        const ev = valueEvidence(c.field, sample, ctx.values!.units);
        confidence += ev.delta;
        values = values ?? ev.note;
      }
      const e: Evidence = { field: c.field.name, column: col.index, header: col.display, rule: c.rule, alias: c.alias, confidence: round(confidence), values };
      proposals.push(e);
      ranks.set(e, c.rank);
    }
  }
  proposals.sort((a, b) => b.confidence - a.confidence || ranks.get(a)! - ranks.get(b)! || a.column - b.column);
  const evidence = new Map<string, Evidence>();
  const usedColumns = new Set<number>();
  const rejected: Evidence[] = [];
  for (const p of proposals) {
    if (p.confidence < CONFIDENT || evidence.has(p.field) || usedColumns.has(p.column)) {
      rejected.push(p);
      continue;
    }
    evidence.set(p.field, p);
    usedColumns.add(p.column);
  }
  const columns = new Map<string, number>();
  for (const [field, e] of evidence) columns.set(field, e.column);
  const constants = new Map<string, string | number | boolean>();
  for (const [field, value] of Object.entries(mapping?.[kind]?.constants ?? {})) {
    if (!columns.has(field)) constants.set(field, value);
  }
  const out = summarize(KINDS[kind], columns, constants);
  out.evidence = evidence;
  out.rejected = rejected.filter((r) => !evidence.has(r.field) || evidence.get(r.field)!.column !== r.column);
  return out;
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

export function summarize(kind: Kind, columns: Map<string, number>, constants: Map<string, string | number | boolean>): ColumnMapping {
  const has = (f: Field): boolean => columns.has(f.name) || constants.has(f.name);
  const required = kind.fields.filter((f) => f.required);
  return {
    kind: kind.name,
    columns,
    constants,
    matched: kind.fields.filter((f) => columns.has(f.name)).length,
    matchedRequired: required.filter((f) => columns.has(f.name)).length,
    missingRequired: required.filter((f) => !has(f)),
    evidence: new Map(),
    rejected: [],
  };
}

/** How well a header row fits each kind: the count of distinct fields it names. */
export function bestKindScore(header: HeaderColumn[], kinds: KindName[], mapping?: UserMapping): number {
  let best = 0;
  for (const kind of kinds) best = Math.max(best, mapColumns(kind, header, mapping).matched);
  return best;
}

export function loadMappingFile(path: string): UserMapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(msg('map_missing', { path }), { hint: msg('map_missing_hint'), exitCode: 2 });
    throw new UserError(msg('map_unreadable', { path, detail: (e as Error).message.split('\n')[0] }), { hint: msg('map_unreadable_hint'), exitCode: 2 });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // Node's own text is English: say where, in the user's language, from the position it gives.
    const at = /position (\d+)/.exec((e as Error).message);
    const pos = at ? Number(at[1]) : text.length;
    const line = text.slice(0, pos).split('\n').length;
    throw new UserError(msg('map_not_json', { path, line }), { hint: msg('map_unreadable_hint'), exitCode: 2 });
  }
  return checkMapping(raw, path);
}

/** Checks a mapping (from a file or the workspace) names only known kinds and fields. */
export function checkMapping(raw: unknown, path: string): UserMapping {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(msg('map_not_object', { path }), { exitCode: 2 });
  }
  for (const [kind, spec] of Object.entries(raw as Record<string, unknown>)) {
    if (!isKindName(kind)) {
      throw new UserError(msg('map_unknown_kind', { path, kind }), { hint: msg('unknown_kind_hint', { kinds: KIND_NAMES.join(', ') }), exitCode: 2 });
    }
    const s = spec as UserMapping[string];
    const fields = KINDS[kind].fields.map((f) => f.name);
    for (const [header, field] of Object.entries(s?.headers ?? {})) {
      if (!fields.includes(field)) {
        throw new UserError(msg('map_unknown_header_field', { path, kind, header, field: String(field) }), {
          hint: msg('map_fields_hint', { kind, fields: fields.join(', ') }),
          exitCode: 2,
        });
      }
    }
    for (const field of Object.keys(s?.constants ?? {})) {
      if (!fields.includes(field)) {
        throw new UserError(msg('map_unknown_constant_field', { path, kind, field: String(field) }), {
          hint: msg('map_fields_hint', { kind, fields: fields.join(', ') }),
          exitCode: 2,
        });
      }
    }
  }
  return raw as UserMapping;
}

/** The header cell closest to any spelling of a field, for "did you mean" in errors. */
export function closestHeader(field: Field, header: HeaderColumn[]): { header: string; alias: string } | undefined {
  let best: { header: string; alias: string; d: number } | undefined;
  for (const col of header) {
    const h = normalizeHeader(col.display);
    if (!h) continue;
    for (const alias of field.aliases) {
      const a = normalizeHeader(alias);
      const d = editDistance(h, a) / Math.max(h.length, a.length);
      if (!best || d < best.d) best = { header: col.display, alias, d };
    }
  }
  return best && best.d <= 0.67 ? { header: best.header, alias: best.alias } : undefined;
}

function editDistance(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (A[i - 1] === B[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[B.length];
}

/** The cells of one column in the rows below the header, for evidence. */
export function columnSamples(rows: Cell[][], index: number, limit = 30): Cell[] {
  const out: Cell[] = [];
  for (const r of rows) {
    const c = r[index];
    if (c === null || c === undefined || (typeof c === 'string' && !c.trim())) continue;
    out.push(c);
    if (out.length >= limit) break;
  }
  return out;
}
