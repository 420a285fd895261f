// The data date of a quarter's figures: --as-of, else the latest data date among the loads holding
// the quarter's cases (or petitions), else the latest date recorded on those rows.
import type { Database } from '../db/database.js';
import type { Quarter } from '../quarter.js';

const DATE_FIELDS = {
  cases: ['received_at', 'filed_at', 'solved_at', 'closed_at'],
  petitions: ['received_at', 'closed_at'],
} as const;

/** yyyy-mm-dd, or null when the quarter holds no such rows. */
export async function quarterDataDate(db: Database, q: Quarter, kind: 'cases' | 'petitions', asOf?: string): Promise<string | null> {
  if (asOf) return asOf;
  const inQuarter = `CAST(received_at AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)`;
  const fromLoads = await db.scalar<unknown>(
    `SELECT CAST(max(l.data_date) AS VARCHAR) FROM loads l
     WHERE l.kind = ? AND l.load_id IN (SELECT DISTINCT _load_id FROM ${kind} WHERE ${inQuarter})`,
    [kind, q.start, q.end],
  );
  if (fromLoads !== null && fromLoads !== undefined) return String(fromLoads);
  // Loads made before data dates were recorded (or rows written without a load): the latest date on
  // the rows of those loads.
  const cols = DATE_FIELDS[kind].map((f) => `CAST(${f} AS DATE)`).join(', ');
  const latest = await db.scalar<unknown>(
    `SELECT CAST(max(greatest(${cols})) AS VARCHAR) FROM ${kind}
     WHERE coalesce(_load_id, -1) IN (SELECT DISTINCT coalesce(_load_id, -1) FROM ${kind} WHERE ${inQuarter})`,
    [q.start, q.end],
  );
  return latest === null || latest === undefined ? null : String(latest);
}

/**
 * The data date of each county's share of the quarter, keyed by its stations' county as written (NUL
 * for none, as metrics group counties): the latest data date among the loads holding that county's
 * rows. Loading one county must not move another county's data date, and with it its clearance and
 * its open cases' ages. Empty with --as-of (one date for all) or where loads recorded none.
 */
export async function countyDataDates(db: Database, q: Quarter, kind: 'cases' | 'petitions', asOf?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (asOf) return out;
  const rows = await db.all<{ county: string | null; d: string | null }>(
    `SELECT s.county, CAST(max(l.data_date) AS VARCHAR) AS d
     FROM (SELECT DISTINCT _load_id, station_id FROM ${kind} WHERE CAST(received_at AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)) c
     JOIN stations s ON s.station_id = c.station_id JOIN loads l ON l.load_id = c._load_id
     WHERE l.kind = ? AND l.data_date IS NOT NULL GROUP BY s.county`,
    [q.start, q.end, kind],
  );
  for (const r of rows) {
    if (r.d === null) continue;
    const k = r.county ?? '\u0000';
    const prev = out.get(k);
    if (prev === undefined || r.d > prev) out.set(k, r.d);
  }
  return out;
}
