// Row classification over a raw stage: SQL settles the rows that are certainly data (the first two
// cells solid and free of total/footer words, four or more cells filled, too few cells like the
// header's to be a repeated header); every other row is read back and classified by header.ts
// classifyRow, the one definition, exactly as the Node reader's rows are.
import type { Database } from '../../db/database.js';
import { ident, lit } from '../../db/database.js';
import { classifyRow, SPECIAL_START_CHARS, type RowClass } from '../header.js';
import type { Cell, RawRow } from '../source.js';
import { ChunkedAppender } from '../stage.js';
import type { RawStage } from './raw-csv.js';

/** Rows read back per page for Node's classification. */
const PAGE = 5_000;

/**
 * A code point that is surely neither whitespace nor anything trim() removes: visible ASCII or a
 * unified CJK ideograph (cheap range tests; other characters leave the row to Node).
 */
function plain(cp: string): string {
  return `(${cp} BETWEEN 33 AND 126 OR ${cp} BETWEEN 19968 AND 40959)`;
}
/** The same characters as a regular expression class. */
const PLAIN_CLASS = '[\\x21-\\x7e\\x{4e00}-\\x{9fff}]';

/**
 * SQL true for every row classifyRow might not call 'data' (the rest are certainly data). Written as
 * a disjunction of the certain tests' negations, not NOT (a AND b ...): DuckDB then evaluates each
 * test only on the rows no earlier one has picked, and the costly header count only where a cheap
 * one has not already ruled a header out.
 */
export function unsureRowSql(raw: RawStage, headerKeys: string[]): string {
  const col = (i: number): string => ident(`c${i}`);
  // Solid: non-empty, nothing for trim() at either end, so it is the row's first (second) non-empty cell as is.
  // One regular expression: half the CPU of unicode() on the first and on right(c, 1) (which counts characters).
  const notSolid = (c: string): string => `(${c} IS NULL OR NOT regexp_full_match(${c}, '(?s)${PLAIN_CLASS}(.*${PLAIN_CLASS})?'))`;
  // One of the first three characters starts a total or footer word (matched in place, not on left(c, 3)'s copy).
  const special = `'(?s)^.{0,2}[${SPECIAL_START_CHARS.join('')}]'`;
  const filled = (c: string): string => `(${c} IS NOT NULL AND ${plain(`unicode(${c})`)})::INT`;
  // Two more filled cells among the next four make four: blank, title and footer rows have fewer.
  const more = Array.from({ length: Math.max(0, Math.min(raw.width, headerKeys.length, 6) - 2) }, (_, i) => filled(col(i + 2)));
  const parts = [
    notSolid(col(0)),
    notSolid(col(1)),
    // (Both cells are non-empty here: a NULL cell has made the row unsure already.)
    `regexp_matches(${col(0)}, ${special})`,
    `regexp_matches(${col(1)}, ${special})`,
    more.length >= 2 ? `(${more.join(' + ')}) < 2` : 'true',
  ];
  // A repeated header: classifyRow counts only cells holding the first character of their key, and
  // needs 60% of the named columns; a row where enough of them lack it cannot be one.
  const named = headerKeys.map((k, i) => ({ k, i })).filter((x) => x.k && !/[\ud800-\udfff]/.test(x.k[0]));
  const namedAll = headerKeys.filter(Boolean).length;
  if (namedAll >= 2) {
    let needed = 0;
    while (needed / namedAll < 0.6) needed++;
    // If `lacking` columns lack their key's first character, at most namedAll - lacking can match.
    // (All named columns are counted: a yes/no column holding 是 under 是否重大 is common.)
    const lacking = namedAll - needed + 1;
    if (named.length < lacking) return 'true';
    const lacks = named.map(({ k, i }) => {
      if (i >= raw.width) return '1';
      const up = k[0].toUpperCase();
      const has = up === k[0] ? `contains(${col(i)}, ${lit(k[0])})` : `(contains(${col(i)}, ${lit(k[0])}) OR contains(${col(i)}, ${lit(up)}))`;
      return `(${col(i)} IS NULL OR NOT ${has})::INT`;
    });
    // The first `lacking` named columns all lacking settle it for most rows; the count of all only for the others.
    parts.push(`((${lacks.slice(0, lacking).join(' + ')}) < ${lacking} AND (${lacks.join(' + ')}) < ${lacking})`);
  }
  return parts.join(' OR ');
}

/** The rows of a raw stage to classify: data rows follow record `from`; those up to `after` are classified already, `other` the ones not data. */
export interface RawSpan {
  from: number;
  after: number;
  other: number[];
}

export interface Classified {
  /** SQL condition over the raw stage as r (n = r.rowid + 1) selecting the data rows after `span.from`. */
  dataSql: string;
  /** Temp table of the rows that are not data (found by Node among those SQL was unsure of). */
  nonData: string;
}

/**
 * Classifies the raw rows after record `span.after`; each row that is not data is passed to onOther
 * in row order (blank, total, footer, repeated header), as the Node loop would see it.
 */
export async function classifyRaw(
  db: Database,
  raw: RawStage,
  span: RawSpan,
  headerKeys: string[],
  titles: Set<string>,
  onOther: (r: RawRow, cls: RowClass) => void,
): Promise<Classified> {
  const unsureRows = unsureRowSql(raw, headerKeys);
  const nonData = `${raw.table}_nondata`;
  const unsure = `${raw.table}_unsure`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(nonData)} (n VARCHAR)`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(unsure)} AS
    SELECT rowid + 1 AS n, * FROM ${raw.ref} WHERE rowid + 1 > ${span.after} AND (${unsureRows})`);
  const total = await db.scalar<number>(`SELECT count(*)::INT FROM ${ident(unsure)}`);
  const known = await ChunkedAppender.open(db, nonData, 1);
  for (const n of span.other) known.push([String(n)]);
  known.close();
  // Paged by record number (n is unique), so no row_number() over the whole raw table is needed.
  for (let done = 0, after = 0; done < total; ) {
    const rows = await db.all<Record<string, string | number | null>>(`SELECT * FROM ${ident(unsure)} WHERE n > ${after} ORDER BY n LIMIT ${PAGE}`);
    if (!rows.length) break;
    done += rows.length;
    after = Number(rows[rows.length - 1].n);
    const other: string[] = [];
    for (const rec of rows) {
      const r: RawRow = { row: Number(rec.n), cells: cellsOf(rec, raw.width) };
      const cls = classifyRow(r, headerKeys, titles);
      if (cls === 'data') continue;
      other.push(String(r.row));
      onOther(r, cls);
    }
    const appender = await ChunkedAppender.open(db, nonData, 1);
    for (const n of other) appender.push([n]);
    appender.close();
  }
  await db.run(`DROP TABLE IF EXISTS ${ident(unsure)}`);
  return {
    dataSql: `r.rowid + 1 > ${span.from} AND r.rowid + 1 NOT IN (SELECT CAST(n AS BIGINT) FROM ${ident(nonData)})`,
    nonData,
  };
}

/** The cells as the Node reader gives them: empty as null, trailing empties dropped. */
function cellsOf(rec: Record<string, string | number | null>, width: number): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < width; i++) {
    const v = rec[`c${i}`];
    cells.push(v === null || v === undefined ? null : String(v));
  }
  let n = cells.length;
  while (n > 0 && cells[n - 1] === null) n--;
  cells.length = n;
  return cells;
}
