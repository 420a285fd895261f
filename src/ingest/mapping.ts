// Header → canonical field mapping: contract aliases, the user's --map file, and kind detection.
import { msg } from '../i18n/message.js';
import { readFileSync } from 'node:fs';
import { KINDS, KIND_NAMES, isKindName, type Field, type Kind, type KindName } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import { UserError } from '../errors.js';

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
}

/** Spellings of a header worth trying: as written, without a parenthesised unit, without required-markers. */
export function headerCandidates(text: string): string[] {
  const base = normalizeKey(text).replace(/^[*※★#]+/, '').replace(/[:：]$/, '');
  if (!base) return [];
  const out = [base];
  const noParen = base.replace(/\([^)]*\)|\[[^\]]*\]|（[^）]*）/g, '');
  if (noParen && noParen !== base) out.push(noParen);
  return out;
}

type AliasIndex = Map<string, { field: Field; rank: number }>;
const aliasIndexCache = new Map<string, AliasIndex>();

function aliasIndex(kind: KindName, mapping?: UserMapping): AliasIndex {
  const cacheKey = mapping ? '' : kind;
  const cached = cacheKey ? aliasIndexCache.get(cacheKey) : undefined;
  if (cached) return cached;
  const index: AliasIndex = new Map();
  const k = KINDS[kind];
  // User mappings outrank the contract's aliases (rank -1).
  const user = mapping?.[kind]?.headers ?? {};
  for (const [header, fieldName] of Object.entries(user)) {
    const field = k.fields.find((f) => f.name === fieldName);
    if (field) index.set(normalizeKey(header), { field, rank: -1 });
  }
  for (const field of k.fields) {
    const spellings = [field.name, ...field.aliases];
    spellings.forEach((alias, rank) => {
      const key = normalizeKey(alias);
      if (!index.has(key)) index.set(key, { field, rank });
    });
  }
  if (cacheKey) aliasIndexCache.set(cacheKey, index);
  return index;
}

/** Maps the header columns onto a kind's fields; the most specific alias wins, then the leftmost column. */
export function mapColumns(kind: KindName, header: HeaderColumn[], mapping?: UserMapping): ColumnMapping {
  const index = aliasIndex(kind, mapping);
  const best = new Map<string, { col: number; rank: number }>();
  for (const col of header) {
    for (const cand of col.candidates) {
      const hit = index.get(cand);
      if (!hit) continue;
      const prev = best.get(hit.field.name);
      if (!prev || hit.rank < prev.rank) best.set(hit.field.name, { col: col.index, rank: hit.rank });
      break;
    }
  }
  // One column feeds at most one field: keep the field that claims it with the best rank.
  const byColumn = new Map<number, { field: string; rank: number }>();
  for (const [field, { col, rank }] of best) {
    const prev = byColumn.get(col);
    if (!prev || rank < prev.rank) byColumn.set(col, { field, rank });
  }
  const columns = new Map<string, number>();
  for (const [col, { field }] of byColumn) columns.set(field, col);

  const constants = new Map<string, string | number | boolean>();
  for (const [field, value] of Object.entries(mapping?.[kind]?.constants ?? {})) {
    if (!columns.has(field)) constants.set(field, value);
  }
  return summarize(KINDS[kind], columns, constants);
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
  };
}

/** How well a header row fits each kind: the count of distinct fields it names. */
export function bestKindScore(header: HeaderColumn[], kinds: KindName[], mapping?: UserMapping): number {
  let best = 0;
  for (const kind of kinds) best = Math.max(best, mapColumns(kind, header, mapping).matched);
  return best;
}

export function loadMappingFile(path: string): UserMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(msg('map_unreadable', { path, detail: (e as Error).message.split('\n')[0] }), { hint: msg('map_unreadable_hint'), exitCode: 2 });
  }
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
    const h = normalizeKey(col.display);
    if (!h) continue;
    for (const alias of field.aliases) {
      const a = normalizeKey(alias);
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
