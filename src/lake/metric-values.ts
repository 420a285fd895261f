// The computed metric values of every quarter with data, staged in a temp table for the lake.
import { ChunkedAppender } from '../ingest/stage.js';
import { ident } from '../db/database.js';
import { computeMetrics, type WorkspaceLike } from '../metrics/run.js';
import { quartersWithData } from '../quarter.js';
import { reasonText } from '../metrics/format.js';

export const METRIC_COLUMNS = [
  { name: 'metric', sql: 'VARCHAR' },
  { name: 'scope', sql: 'VARCHAR' },
  { name: 'station_id', sql: 'VARCHAR' },
  { name: 'station_name', sql: 'VARCHAR' },
  { name: 'value', sql: 'DOUBLE' },
  { name: 'numerator', sql: 'DOUBLE' },
  { name: 'denominator', sql: 'DOUBLE' },
  { name: 'breach', sql: 'BOOLEAN' },
  { name: 'threshold', sql: 'VARCHAR' },
  { name: 'reason', sql: 'VARCHAR' },
  { name: 'reason_zh', sql: 'VARCHAR' },
  { name: 'reason_en', sql: 'VARCHAR' },
  { name: 'detail', sql: 'VARCHAR' },
  { name: 'county', sql: 'VARCHAR' },
  { name: 'quarter', sql: 'VARCHAR' },
] as const;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Computes every metric for every quarter with data into TEMP table `name`; a value whose county
 * the workspace leaves unnamed takes `fallback`. Returns the quarters and the number of values.
 */
export async function stageMetricValues(ws: WorkspaceLike, name: string, fallback: string | null): Promise<{ quarters: string[]; rows: number }> {
  const db = ws.db;
  const raw = `${name}_text`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(raw)} (${METRIC_COLUMNS.map((c) => `${ident(c.name)} VARCHAR`).join(', ')})`);
  const quarters = (await quartersWithData(db)).map((q) => q.quarter);
  const appender = await ChunkedAppender.open(db, raw, METRIC_COLUMNS.length);
  let rows = 0;
  try {
    for (const quarter of quarters) {
      const r = await computeMetrics(ws, { quarter });
      for (const v of r.values) {
        appender.push([
          v.metric, v.scope, v.station_id, v.station_name, str(v.value), str(v.numerator), str(v.denominator), String(v.breach),
          v.threshold, v.reason, v.reason ? reasonText(v.reason, 'zh') : null, v.reason ? reasonText(v.reason, 'en') : null,
          str(v.detail), v.county ?? fallback, quarter,
        ]);
        rows++;
      }
    }
  } finally {
    appender.close();
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} AS SELECT ${METRIC_COLUMNS.map((c) => `CAST(${ident(c.name)} AS ${c.sql}) AS ${ident(c.name)}`).join(', ')} FROM ${ident(raw)}`);
  await db.run(`DROP TABLE ${ident(raw)}`);
  return { quarters, rows };
}
