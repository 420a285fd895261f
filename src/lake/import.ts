// `jiceng load LAKE`: merging a verified lake into the workspace by natural key and county, in one transaction.
import { basename, join } from 'node:path';
import { KINDS, type KindName } from '../contract/kinds.js';
import { Database, ident, lit } from '../db/database.js';
import { tableColumns } from '../db/schema.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Workspace } from '../workspace.js';
import { TOOL_VERSION } from '../version.js';
import { fileColumns, LAKE_TABLES, LOADS_TABLE, partitionsOf, placedRowsSql, type Manifest } from './layout.js';
import { lakeDamaged, verifyLake } from './read.js';

export interface LakeTableResult {
  table: KindName;
  county: string;
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
}

export interface LakeResult {
  lake: string;
  dir: string;
  status: 'loaded' | 'unchanged';
  counties: string[];
  rows: number;
  tables: LakeTableResult[];
}

/** Thrown inside the transaction when the lake changes nothing, so nothing at all is written. */
class NoChange extends Error {}

/** The county of the workspace's own rows that name none: jiceng.json's, or the one its stations name. */
async function workspaceCounty(ws: Workspace): Promise<string | null> {
  if (typeof ws.config.county === 'string' && ws.config.county.trim()) return ws.config.county.trim();
  const named = await ws.db.all<{ county: string }>(`SELECT DISTINCT county FROM stations WHERE county IS NOT NULL`);
  return named.length === 1 ? named[0].county : null;
}

/** The fingerprint of a record's content (data fields and what loading derived from them), not of where it came from. */
function contentHash(kind: KindName, alias: string): string {
  const cols = tableColumns(KINDS[kind]).filter((c) => !c.name.startsWith('_')).map((c) => c.name);
  return `md5(concat_ws(chr(31), ${cols.map((c) => `coalesce(CAST(${alias}.${ident(c)} AS VARCHAR), chr(0))`).join(', ')}))`;
}

function readFiles(dir: string, files: string[], partitions: string[]): string {
  const list = `[${files.map((f) => lit(join(dir, f))).join(', ')}]`;
  // Partition values are text whatever they look like (a county named 2026 stays text).
  const types = partitions.map((p) => `'${p}': VARCHAR`).join(', ');
  return partitions.length ? `read_parquet(${list}, hive_partitioning = true, hive_types = {${types}}, union_by_name = true)` : `read_parquet(${list})`;
}

async function columnsOf(db: Database, table: string): Promise<string[]> {
  return (await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(table)})`)).map((r) => r.column_name);
}

/** Merges one table of the lake; returns per-county counts. Must run inside the lake's transaction. */
async function mergeTable(ws: Workspace, dir: string, manifest: Manifest, kind: KindName, fallback: string | null, command: string): Promise<LakeTableResult[]> {
  const db = ws.db;
  const t = manifest.tables[kind];
  if (!t.rows) return [];
  const lake = basename(dir);
  const IN = ident(`lake_in_${kind}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${IN} AS SELECT * FROM ${readFiles(dir, t.files.map((f) => f.path), partitionsOf(kind))}`);
  const expected = [...fileColumns(kind).map((c) => c.name), ...partitionsOf(kind)].sort();
  const found = (await columnsOf(db, `lake_in_${kind}`)).sort();
  if (expected.join() !== found.join()) {
    const missing = expected.filter((c) => !found.includes(c));
    const extra = found.filter((c) => !expected.includes(c));
    const detail = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unknown ${extra.join(', ')}` : ''].filter(Boolean).join('; ');
    throw lakeDamaged(dir, msg('lake_columns_differ', { table: kind, detail }));
  }
  const n = await db.scalar<number>(`SELECT count(*)::BIGINT FROM ${IN}`);
  if (Number(n) !== t.rows) throw lakeDamaged(dir, msg('lake_rows_mismatch', { table: kind, found: Number(n), expected: t.rows }));

  // What the workspace holds, placed in its county, against the lake's rows: added, updated or unchanged.
  const CUR = ident(`lake_cur_${kind}`);
  const CMP = ident(`lake_cmp_${kind}`);
  // Only rows sharing a key with the lake can match: the rest of a big workspace is not fingerprinted.
  await db.run(`CREATE OR REPLACE TEMP TABLE ${CUR} AS SELECT _rid, _key, county, ${contentHash(kind, 'p')} AS fp
    FROM (${placedRowsSql(kind, fallback, true)}) p WHERE p._key IN (SELECT _key FROM ${IN})`);
  // A record of an unnamed county with the lake's key may be the same record: never guess.
  const unplaced = await db.scalar<number>(`SELECT count(*)::INT FROM ${CUR} WHERE county IS NULL`);
  if (unplaced) throw new UserError(msg('lake_unplaced_rows', { rows: unplaced, table: kind, lake }), { hint: msg('lake_unplaced_rows_hint') });
  await db.run(`CREATE OR REPLACE TEMP TABLE ${CMP} AS
    SELECT i._key, i.county, i._load_id AS src, c._rid,
      CASE WHEN c._key IS NULL THEN 'added' WHEN c.fp = ${contentHash(kind, 'i')} THEN 'unchanged' ELSE 'updated' END AS outcome
    FROM ${IN} i LEFT JOIN ${CUR} c ON c._key = i._key AND c.county = i.county`);
  const counts = await db.all<{ county: string; rows: number; added: number; updated: number; unchanged: number }>(`
    SELECT county, count(*)::INT AS rows, count(*) FILTER (outcome = 'added')::INT AS added,
      count(*) FILTER (outcome = 'updated')::INT AS updated, count(*) FILTER (outcome = 'unchanged')::INT AS unchanged
    FROM ${CMP} GROUP BY county ORDER BY county`);

  // One load per county and original load: each record keeps its original file, sheet and data date.
  const IDS = ident(`lake_ids_${kind}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${IDS} AS
    SELECT county, src, nextval('load_seq')::INT AS load_id, count(*)::INT AS rows,
      count(*) FILTER (outcome = 'added')::INT AS added, count(*) FILTER (outcome = 'updated')::INT AS updated,
      count(*) FILTER (outcome = 'unchanged')::INT AS unchanged
    FROM ${CMP} GROUP BY county, src`);
  const srcLoads = manifest.tables[LOADS_TABLE].files.length ? readFiles(dir, manifest.tables[LOADS_TABLE].files.map((f) => f.path), []) : null;
  await db.run(`INSERT INTO loads (load_id, kind, file_path, file_name, sheet, sha256, file_size, encoding, header_row, rows_in_file,
      rows_added, rows_updated, rows_unchanged, rows_skipped, rows_rejected, warnings, mapping, started_at, finished_at, tool_version, command, data_date, county)
    SELECT x.load_id, ${lit(kind)}, ${lit(dir)}, ${lit(lake)}, coalesce(s.sheet, ${lit(kind)}), s.sha256, s.file_size, 'parquet', NULL, x.rows,
      x.added, x.updated, x.unchanged, 0, 0, '[]', NULL, now()::TIMESTAMP, now()::TIMESTAMP, ${lit(TOOL_VERSION)}, ${lit(command)}, s.data_date, x.county
    FROM ${IDS} x ${srcLoads ? `LEFT JOIN ${srcLoads} s ON s.load_id = x.src` : 'LEFT JOIN (SELECT NULL::INT AS load_id, NULL AS sheet, NULL AS sha256, NULL::BIGINT AS file_size, NULL::DATE AS data_date) s ON false'}`);

  await db.run(`DELETE FROM ${ident(kind)} WHERE rowid IN (SELECT _rid FROM ${CMP} WHERE outcome = 'updated')`);
  const cols = tableColumns(KINDS[kind]).map((c) => c.name);
  const select = cols.map((c) => (c === '_load_id' ? 'x.load_id' : `i.${ident(c)}`));
  await db.run(`INSERT INTO ${ident(kind)} (${cols.map(ident).join(', ')})
    SELECT ${select.join(', ')} FROM ${IN} i
    JOIN ${CMP} c ON c._key = i._key AND c.county = i.county AND c.outcome <> 'unchanged'
    JOIN ${IDS} x ON x.county = i.county AND x.src IS NOT DISTINCT FROM i._load_id`);
  for (const tmp of [IN, CUR, CMP, IDS]) await db.run(`DROP TABLE IF EXISTS ${tmp}`);
  return counts.map((c) => ({ table: kind, ...c }));
}

/** Refuses a merge that gives one station id to two counties: their figures would mix. */
async function assertStationsApart(db: Database): Promise<void> {
  const clash = await db.one<{ station_id: string; a: string; b: string }>(`
    SELECT station_id, list_sort(list(coalesce(county, '?')))[1] AS a, list_sort(list(coalesce(county, '?')))[2] AS b
    FROM stations WHERE station_id IS NOT NULL GROUP BY station_id HAVING count(*) > 1 ORDER BY station_id LIMIT 1`);
  if (clash) throw new UserError(msg('lake_station_clash', { station: clash.station_id, a: clash.a, b: clash.b }), { hint: msg('lake_station_clash_hint') });
}

/**
 * Loads one lake: verified whole first (files, digests, columns), then merged table by table in
 * one transaction. A lake that changes nothing writes nothing and says so.
 */
export async function loadLake(ws: Workspace, dir: string, options: { command?: string } = {}): Promise<LakeResult> {
  const manifest = await verifyLake(dir);
  const fallback = await workspaceCounty(ws);
  const command = options.command ?? `jiceng load ${dir}`;
  const tables: LakeTableResult[] = [];
  const noop = new NoChange();
  try {
    await ws.db.transaction(async () => {
      for (const kind of LAKE_TABLES) tables.push(...(await mergeTable(ws, dir, manifest, kind, fallback, command)));
      if (!tables.some((t) => t.added + t.updated > 0)) throw noop;
      await assertStationsApart(ws.db);
    });
  } catch (e) {
    if (e !== noop) throw e;
  }
  const status = tables.some((t) => t.added + t.updated > 0) ? 'loaded' : 'unchanged';
  return { lake: basename(dir), dir, status, counties: manifest.counties, rows: tables.reduce((s, t) => s + t.rows, 0), tables };
}
