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
