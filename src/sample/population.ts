// The backtrack population of a quarter (METRICS.md): major criminal and public-security cases received in it.
import { msg } from '../i18n/message.js';
import type { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { latestQuarterOf, parseQuarterOrThrow, type Quarter } from '../quarter.js';
import type { StratifyKey } from './settings.js';
import type { Member } from './rank.js';

/** Stratum value for a case whose unit did not resolve to a stations row: '(unknown):<unit as written>'. */
export const UNKNOWN_STATION = '(unknown)';
/** Stratum value for an empty case type or category. */
export const NONE_VALUE = '(none)';

/**
 * The population as SQL, for metrics that need the same definition (backtrack_coverage): one row
 * per case id (CASES_DEDUP_SQL), received on a day of
 * the quarter ($start..$end inclusive, 'YYYY-MM-DD'), case type criminal or public_security, and
 * is_major not false — a NULL is_major (the export had no 是否重大 column) counts as major.
 */
/** One row per case id: if a case id was ever stored twice, the latest load wins. */
export const CASES_DEDUP_SQL = `SELECT * FROM cases WHERE case_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY _load_id DESC NULLS LAST, _row DESC NULLS LAST, station_id NULLS LAST, station) = 1`;

export const POPULATION_SQL = `
  WITH c AS (${CASES_DEDUP_SQL})
  SELECT c.* FROM c
  WHERE CAST(c.received_at AS DATE) BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
    AND c.case_type IN ('criminal', 'public_security')
    AND coalesce(c.is_major, true)`;

/** What the draw needs of a case (details for the workbook are read separately, for the drawn cases only). */
export interface PopulationCase {
  case_id: string;
  station_id: string | null;
  /** The unit as written in the export. */
  station: string | null;
  /** stations.station_name of the resolved unit. */
  station_name: string | null;
  case_type: string | null;
  category: string | null;
  is_major: boolean | null;
  /** amount > the certainty threshold (compared as DECIMAL in SQL). */
  above: boolean;
}

/** A quarter label in any accepted spelling (quarter.ts), or the usage error bad_quarter. */
export function resolveQuarterLabel(label: string, _lang?: Lang): Quarter {
  return parseQuarterOrThrow(label);
}

/** The quarter asked for, or else the latest quarter with a case in the backtrack population. */
export async function chooseQuarter(db: Database, label: string | undefined, _lang?: Lang): Promise<Quarter> {
  if (label) return parseQuarterOrThrow(label);
  const latest = await latestQuarterOf(
    db,
    `SELECT received_at FROM cases WHERE case_type IN ('criminal', 'public_security') AND coalesce(is_major, true)`,
  );
  if (!latest) {
    throw new UserError(msg('sample_no_cases'), {
      hint: msg('sample_no_cases_hint'),
    });
  }
  return latest;
}

/** Reads the population of a quarter, with the certainty flag for amounts above `threshold` (yuan). */
export async function readPopulation(db: Database, quarter: Quarter, threshold: number | null): Promise<PopulationCase[]> {
  const rows = await db.all<PopulationCase>(
    `WITH p AS (${POPULATION_SQL}),
     s AS (SELECT station_id, min(station_name) AS station_name FROM stations GROUP BY station_id)
     SELECT p.case_id, p.station_id, p.station, s.station_name, p.case_type, p.category, p.is_major,
       coalesce(p.amount > CAST($threshold AS DECIMAL(18,2)), false) AS above
     FROM p LEFT JOIN s ON s.station_id = p.station_id`,
    { start: quarter.start, end: quarter.end, threshold: threshold === null ? null : threshold.toFixed(2) },
  );
  return rows;
}

/** How many case ids are stored more than once in the quarter (the loader keys cases by id, so normally 0). */
export async function duplicateCaseIds(db: Database, quarter: Quarter): Promise<number> {
  return db.scalar<number>(
    `SELECT count(*)::INT FROM (SELECT case_id FROM cases WHERE CAST(received_at AS DATE) BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
     GROUP BY case_id HAVING count(*) > 1)`,
    { start: quarter.start, end: quarter.end },
  );
}

/** The station stratum value of a case: its resolved station id, or '(unknown):<unit as written>'. */
export function stationKey(c: Pick<PopulationCase, 'station_id' | 'station'>): string {
  if (c.station_id !== null && c.station_id !== '') return c.station_id;
  return c.station ? `${UNKNOWN_STATION}:${c.station}` : UNKNOWN_STATION;
}

/** The display name of a case's station: the stations table's name, else the unit as written. */
export function stationLabel(c: Pick<PopulationCase, 'station_id' | 'station' | 'station_name'>): string {
  return c.station_name ?? c.station ?? c.station_id ?? UNKNOWN_STATION;
}

/** The population as draw members. */
export function toMembers(pop: PopulationCase[], stratify: StratifyKey[]): Member[] {
  return pop.map((c) => {
    const values = {} as Record<StratifyKey, string>;
    for (const k of stratify) {
      if (k === 'station') values.station = stationKey(c);
      else if (k === 'case_type') values.case_type = c.case_type ?? NONE_VALUE;
      else values.category = c.category?.trim() || NONE_VALUE;
    }
    return { case_id: c.case_id, values, certainty: c.above };
  });
}
