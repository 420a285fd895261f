// The units a workspace already knows (the stations table), for telling a unit's name from any
// other word: in a sheet's name, a file's name, or a column's values.
import { normalizeKey } from '../contract/normalize.js';
import type { Database } from '../db/database.js';
import { shortUnitKey, unitShortKeys } from './resolve.js';

export class KnownUnits {
  private readonly keys = new Set<string>();
  private readonly shorts = new Map<string, number>();

  constructor(units: Array<{ station_id: string; station_name: string }> = []) {
    for (const u of units) this.add(u.station_id, u.station_name);
  }

  add(id: string | null, name: string | null): void {
    for (const v of [id, name]) {
      if (!v) continue;
      const k = normalizeKey(v);
      this.keys.add(k);
    }
    if (name) for (const s of unitShortKeys(normalizeKey(name))) this.shorts.set(s, (this.shorts.get(s) ?? 0) + 1);
  }

  get size(): number {
    return this.keys.size;
  }

  /** The text names one known unit: by id, by name, or by a short name only one unit has (城关所). */
  has(text: string): boolean {
    const k = normalizeKey(text);
    if (!k) return false;
    if (this.keys.has(k)) return true;
    const s = shortUnitKey(k);
    return Boolean(s) && this.shorts.get(s) === 1;
  }

  static async read(db: Database): Promise<KnownUnits> {
    const rows = await db.all<{ station_id: string; station_name: string }>(`SELECT station_id, station_name FROM stations`);
    return new KnownUnits(rows);
  }
}
