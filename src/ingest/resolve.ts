// Resolving unit references (by id or by name) against the stations table, in every kind.
import { KINDS, KIND_NAMES } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import { Database, ident } from '../db/database.js';
import { resolvedColumn } from '../db/schema.js';

/** Suffixes dropped for the last-resort match (城关所 = 城关派出所), used only when unambiguous. */
const UNIT_SUFFIX = /(派出所|公安派出所|警务室|分局|大队|中队|所)$/;

export function shortUnitKey(key: string): string {
  return key.replace(/^.*?(县|市|区)公安局/, '').replace(UNIT_SUFFIX, '');
}

/**
 * Re-resolves every unit reference in the workspace. Run after each load: stations loaded later
 * resolve rows loaded earlier, and a row naming an unknown unit stays with a NULL id (flagged).
 */
export async function resolveUnits(db: Database): Promise<void> {
  const stations = await db.all<{ station_id: string; station_name: string }>(`SELECT station_id, station_name FROM stations`);
  const byId = new Map<string, string>();
  const byName = new Map<string, string>();
  const byShort = new Map<string, string | null>();
  for (const s of stations) {
    byId.set(normalizeKey(s.station_id), s.station_id);
    byName.set(normalizeKey(s.station_name), s.station_id);
    const short = shortUnitKey(normalizeKey(s.station_name));
    if (short) byShort.set(short, byShort.has(short) && byShort.get(short) !== s.station_id ? null : s.station_id);
  }
  const lookup = (raw: string): string | null => {
    const k = normalizeKey(raw);
    return byId.get(k) ?? byName.get(k) ?? byShort.get(shortUnitKey(k)) ?? null;
  };
  await db.run(`CREATE OR REPLACE TEMP TABLE unit_lookup (raw VARCHAR, station_id VARCHAR)`);
  for (const kind of KIND_NAMES) {
    for (const f of KINDS[kind].fields.filter((x) => x.unitRef)) {
      const col = ident(f.name);
      const target = ident(resolvedColumn(f));
      const raws = await db.all<{ raw: string }>(`SELECT DISTINCT ${col} AS raw FROM ${ident(kind)} WHERE ${col} IS NOT NULL`);
      if (!raws.length) continue;
      await db.run(`DELETE FROM unit_lookup`);
      const values = raws.map((r) => [r.raw, lookup(r.raw)]);
      for (let i = 0; i < values.length; i += 500) {
        const part = values.slice(i, i + 500);
        await db.run(`INSERT INTO unit_lookup VALUES ${part.map(() => '(?, ?)').join(', ')}`, part.flat());
      }
      await db.run(`UPDATE ${ident(kind)} t SET ${target} = u.station_id FROM unit_lookup u
        WHERE t.${col} = u.raw AND t.${target} IS DISTINCT FROM u.station_id`);
    }
  }
  await db.run(`DROP TABLE IF EXISTS unit_lookup`);
}
