// Node functions applied in SQL through lookup tables: the distinct inputs of a query are read a
// page at a time, mapped by the Node function (the one definition of a parse or a derivation),
// and appended to a temp table (raw, out1, out2, …) that the SQL then joins.
import type { Database } from '../../db/database.js';
import { ident } from '../../db/database.js';
import { ChunkedAppender } from '../stage.js';

/** Distinct inputs read per page: memory stays bounded however many there are. */
const PAGE = 20_000;

/**
 * Creates temp table `name` (raw VARCHAR, ...outputs VARCHAR) holding fn(raw) for every distinct
 * non-null value of `distinctSql` (a query with one VARCHAR column). Returns how many there were.
 */
export async function nodeLookup(
  db: Database,
  name: string,
  distinctSql: string,
  outputs: string[],
  fn: (raw: string) => (string | null)[],
): Promise<number> {
  const inputs = `${name}_in`;
  // Numbered for paging (rowid is no help: inside a transaction it does not start at 0).
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(inputs)} AS
    SELECT raw, row_number() OVER () AS i FROM (SELECT DISTINCT * FROM (${distinctSql}) d(raw) WHERE raw IS NOT NULL)`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} (raw VARCHAR, ${outputs.map((o) => `${ident(o)} VARCHAR`).join(', ')})`);
  const n = await db.scalar<number>(`SELECT count(*)::INT FROM ${ident(inputs)}`);
  for (let from = 0; from < n; from += PAGE) {
    const page = await db.all<{ raw: string }>(`SELECT raw FROM ${ident(inputs)} WHERE i > ${from} AND i <= ${from + PAGE}`);
    const appender = await ChunkedAppender.open(db, name, outputs.length + 1);
    for (const { raw } of page) appender.push([raw, ...fn(raw)]);
    appender.close();
  }
  await db.run(`DROP TABLE IF EXISTS ${ident(inputs)}`);
  return n;
}
