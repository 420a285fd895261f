// Remembered mappings: a --map that loaded a sheet is kept in the workspace under the sheet's header
// signature, so the next export with the same headers loads without flags.
import { createHash } from 'node:crypto';
import { normalizeHeader } from '../contract/headers.js';
import { KINDS, isKindName, type KindName } from '../contract/kinds.js';
import type { Database } from '../db/database.js';
import type { HeaderColumn, UserMapping } from './mapping.js';

export interface RememberedMapping {
  /** The short id people type: the signature's first 8 hex digits. */
  id: string;
  signature: string;
  kind: KindName;
  mapping: NonNullable<UserMapping[string]>;
  source: string;
  headers: string[];
  created_at: string;
  last_used_at: string;
}

export const ID_LENGTH = 8;

/** The sheet's header signature: SHA-256 of its normalised header cells, trailing blanks dropped. */
export function headerSignature(columns: HeaderColumn[]): string {
  const cells = columns.map((c) => normalizeHeader(c.display));
  while (cells.length && !cells[cells.length - 1]) cells.pop();
  return createHash('sha256').update(JSON.stringify(cells)).digest('hex');
}

export async function readRemembered(db: Database): Promise<RememberedMapping[]> {
  const rows = await db.all<{ signature: string; kind: string; mapping: string; source: string | null; headers: string | null; created_at: string; last_used_at: string }>(
    `SELECT signature, kind, mapping, source, headers, strftime(created_at, '%Y-%m-%d %H:%M') AS created_at,
       strftime(last_used_at, '%Y-%m-%d %H:%M') AS last_used_at FROM mappings ORDER BY created_at, signature, kind`,
  );
  return rows
    .filter((r) => isKindName(r.kind))
    .map((r) => ({
      id: r.signature.slice(0, ID_LENGTH),
      signature: r.signature,
      kind: r.kind as KindName,
      mapping: JSON.parse(r.mapping) as NonNullable<UserMapping[string]>,
      source: r.source ?? '',
      headers: r.headers ? (JSON.parse(r.headers) as string[]) : [],
      created_at: r.created_at,
      last_used_at: r.last_used_at,
    }));
}

/** Stores (or replaces) the mapping that loaded a sheet with these headers as this kind. */
export async function rememberMapping(
  db: Database,
  entry: { signature: string; kind: KindName; mapping: NonNullable<UserMapping[string]>; source: string; headers: string[] },
): Promise<void> {
  await db.run(`DELETE FROM mappings WHERE signature = ? AND kind = ?`, [entry.signature, entry.kind]);
  await db.run(`INSERT INTO mappings VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP, now()::TIMESTAMP)`, [
    entry.signature, entry.kind, JSON.stringify(entry.mapping), entry.source, JSON.stringify(entry.headers),
  ]);
}

export async function touchMapping(db: Database, signature: string, kind: KindName): Promise<void> {
  await db.run(`UPDATE mappings SET last_used_at = now()::TIMESTAMP WHERE signature = ? AND kind = ?`, [signature, kind]);
}

/** Forgets the mappings whose signature starts with the id; returns how many. */
export async function forgetMapping(db: Database, id: string): Promise<number> {
  const n = await db.scalar<number>(`SELECT count(*)::INT FROM mappings WHERE starts_with(signature, ?)`, [id.toLowerCase()]);
  if (n) await db.run(`DELETE FROM mappings WHERE starts_with(signature, ?)`, [id.toLowerCase()]);
  return n;
}

/** The part of a --map worth remembering for one sheet: its kind's headers that name one of the sheet's columns, and constants other than dates and units. */
export function mappingForSheet(mapping: UserMapping, kind: KindName, columns: HeaderColumn[]): NonNullable<UserMapping[string]> | undefined {
  const spec = mapping[kind];
  if (!spec) return undefined;
  const present = new Set(columns.map((c) => normalizeHeader(c.display)).filter(Boolean));
  const headers = Object.fromEntries(Object.entries(spec.headers ?? {}).filter(([h]) => present.has(normalizeHeader(h))));
  // A date or a unit given as a constant belongs to this export, not to every export with these
  // headers (next quarter's roster, another station's ledger): only the headers are remembered then.
  const constants = Object.fromEntries(
    Object.entries(spec.constants ?? {}).filter(([f]) => {
      const field = KINDS[kind].fields.find((x) => x.name === f);
      return field && field.type !== 'date' && field.type !== 'datetime' && !field.unitRef;
    }),
  );
  if (!Object.keys(headers).length && !Object.keys(constants).length) return undefined;
  return { ...(Object.keys(headers).length ? { headers } : {}), ...(Object.keys(constants).length ? { constants } : {}) };
}
