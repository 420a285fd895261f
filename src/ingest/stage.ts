// Staging parsed rows in a temp table and merging them into a canonical table by natural key:
// added, updated (same key, other values) or unchanged; duplicates inside one file handled here.
import duckdb from '@duckdb/node-bindings';
import type { DuckDBAppender } from '@duckdb/node-api';
import { KINDS, type KindName } from '../contract/kinds.js';
import { Database, ident, lit } from '../db/database.js';
import { SQL_TYPE, extraColumns, resolvedColumn } from '../db/schema.js';
import { countyInKey, stagedColumns } from './rows.js';
import { countyKey, createUnitLookup, type UnitIndex } from './resolve.js';
import { nodeLookup } from './sql/lookup.js';
import { messageSql } from './sql/message-sql.js';
import { msg } from '../i18n/message.js';

/** How many groups of exact duplicates a warning names. */
const DUPLICATE_EXAMPLES = 5;

/** A DuckDB string of up to this many UTF-8 bytes lives inside its 16-byte slot (no heap pointer). */
const INLINE_BYTES = 12;
const SLOT_BYTES = 16;
const VARCHAR_TYPE = 17; // duckdb_type DUCKDB_TYPE_VARCHAR
const utf8 = new TextEncoder();

/**
 * Appends rows of text values to a temp table in chunks, one level below @duckdb/node-api (see
 * TECH-NOTES): one reused data chunk; a short value (≤ 12 UTF-8 bytes: codes, dates, numbers,
 * names of up to four Chinese characters) is written straight into the column's slot bytes, which
 * are copied to the vector once per chunk; only longer values cost a call into DuckDB each; NULLs
 * are bits of a validity mask copied once per chunk.
 */
export class ChunkedAppender {
  private readonly raw: duckdb.Appender;
  private readonly chunk: duckdb.DataChunk;
  private readonly vectors: duckdb.Vector[];
  private readonly capacity: number;
  /** Per column: the chunk's 16-byte string slots, and its validity mask (bit per row, 1 = valid). */
  private readonly slots: Uint8Array<ArrayBuffer>[];
  private readonly validity: Uint8Array<ArrayBuffer>[];
  private readonly hasNull: boolean[];
  /** Values too long to inline: column, row and text, assigned after the slots are copied. */
  private longCol: number[] = [];
  private longRow: number[] = [];
  private longText: string[] = [];
  private size = 0;
  private readonly scratch = new Uint8Array(INLINE_BYTES * 3);

  constructor(
    appender: DuckDBAppender,
    private readonly width: number,
    private readonly mapError: (e: unknown) => unknown = (e) => e,
  ) {
    // @duckdb/node-api keeps the binding's appender in a private field; the version is pinned.
    const raw = (appender as unknown as { appender?: duckdb.Appender }).appender;
    if (!raw) throw new Error('@duckdb/node-api DuckDBAppender no longer exposes its binding appender');
    this.raw = raw;
    const varchar = duckdb.create_logical_type(VARCHAR_TYPE as duckdb.Type);
    this.chunk = duckdb.create_data_chunk(Array.from({ length: width }, () => varchar));
    this.vectors = Array.from({ length: width }, (_, c) => duckdb.data_chunk_get_vector(this.chunk, c));
    this.capacity = duckdb.vector_size();
    this.slots = Array.from({ length: width }, () => new Uint8Array(this.capacity * SLOT_BYTES));
    this.validity = Array.from({ length: width }, () => new Uint8Array(this.capacity / 8).fill(0xff));
    this.hasNull = new Array<boolean>(width).fill(false);
  }

  static async open(db: Database, table: string, width: number): Promise<ChunkedAppender> {
    return new ChunkedAppender(await db.connection.createAppender(table, 'main', 'temp'), width, (e) => db.mapError(e));
  }

  push(row: (string | null)[]): void {
    const r = this.size;
    for (let c = 0; c < this.width; c++) {
      const v = row[c];
      if (v === null || v === undefined) {
        this.slots[c]![r * SLOT_BYTES] = 0; // no stale length left in a NULL's slot
        this.validity[c]![r >> 3]! &= ~(1 << (r & 7));
        this.hasNull[c] = true;
      } else if (!this.inline(this.slots[c]!, r * SLOT_BYTES, v)) {
        this.slots[c]![r * SLOT_BYTES] = 0; // the slot is assigned by DuckDB after the copy
        this.longCol.push(c);
        this.longRow.push(r);
        this.longText.push(v);
      }
    }
    if (++this.size >= this.capacity) this.flushChunk();
  }

  /** Writes v into its slot when it fits inline (length, then the bytes, zero padded); false when it does not. */
  private inline(slots: Uint8Array<ArrayBuffer>, at: number, v: string): boolean {
    const n = v.length;
    if (n > INLINE_BYTES) return false;
    let i = 0;
    for (; i < n; i++) {
      const ch = v.charCodeAt(i);
      if (ch >= 0x80) break;
      slots[at + 4 + i] = ch;
    }
    let bytes = n;
    if (i < n) {
      // Not ASCII: let the encoder say whether it fits (a CJK character is 3 bytes, some are 4).
      const { read, written } = utf8.encodeInto(v, this.scratch);
      if (read < n || written > INLINE_BYTES) return false;
      for (let k = i; k < written; k++) slots[at + 4 + k] = this.scratch[k]!;
      bytes = written;
    }
    slots[at] = bytes & 0xff; // uint32 length, little-endian; at most 12
    for (let k = at + 4 + bytes; k < at + SLOT_BYTES; k++) slots[k] = 0;
    return true;
  }

  private flushChunk(): void {
    const n = this.size;
    if (!n) return;
    // A large stage spills to the workspace's temp folder: a full disk surfaces here too.
    try {
      duckdb.data_chunk_set_size(this.chunk, n);
      for (let c = 0; c < this.width; c++) {
        const slots = this.slots[c]!;
        duckdb.copy_data_to_vector(this.vectors[c]!, 0, slots.buffer, 0, n * SLOT_BYTES);
        if (this.hasNull[c]) {
          const mask = this.validity[c]!;
          duckdb.vector_ensure_validity_writable(this.vectors[c]!);
          duckdb.copy_data_to_vector_validity(this.vectors[c]!, 0, mask.buffer, 0, Math.ceil(n / 64) * 8);
          mask.fill(0xff);
          this.hasNull[c] = false;
        }
      }
      for (let i = 0; i < this.longText.length; i++) {
        duckdb.vector_assign_string_element(this.vectors[this.longCol[i]!]!, this.longRow[i]!, this.longText[i]!);
      }
      duckdb.append_data_chunk(this.raw, this.chunk);
    } catch (e) {
      throw this.mapError(e);
    } finally {
      this.longCol = [];
      this.longRow = [];
      this.longText = [];
      this.size = 0;
      duckdb.data_chunk_reset(this.chunk);
    }
  }

  close(): void {
    this.flushChunk();
    try {
      duckdb.appender_flush_sync(this.raw);
      duckdb.appender_close_sync(this.raw);
    } catch (e) {
      throw this.mapError(e);
    }
  }
}

export async function createStage(db: Database, name: string, kind: KindName): Promise<number> {
  const cols = stagedColumns(KINDS[kind]);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} (${cols.map((c) => `${ident(c.name)} VARCHAR`).join(', ')})`);
  return cols.length;
}

/** Whether a sheet's stage is a view (rows parsed in SQL: ingest/sql/parse-rows.ts) rather than a table. */
async function stageIsView(db: Database, name: string): Promise<boolean> {
  return (await db.scalar<number>(`SELECT count(*)::INT FROM duckdb_views() WHERE temporary AND view_name = ${lit(name)}`)) > 0;
}

/** Drops a sheet's stage, table or view. */
export async function dropStage(db: Database, name: string): Promise<void> {
  await db.run(`DROP ${(await stageIsView(db, name)) ? 'VIEW' : 'TABLE'} IF EXISTS ${ident(name)}`);
}

/** A stage that is a view becomes a table of the same rows, so that rows can be deleted from it. */
async function materializeStage(db: Database, name: string): Promise<void> {
  if (!(await stageIsView(db, name))) return;
  const rows = `${name}_rows`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(rows)} AS SELECT * FROM ${ident(name)}`);
  await db.run(`DROP VIEW ${ident(name)}`);
  await db.run(`ALTER TABLE ${ident(rows)} RENAME TO ${ident(name)}`);
}

/** Rejected rows of one sheet: where, the English reason, and (for newer reasons) a message code and its parameters. */
export async function createRejectStage(db: Database, name: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} ("row" VARCHAR, "column" VARCHAR, reason VARCHAR, code VARCHAR, params VARCHAR)`);
}

export const REJECT_STAGE_WIDTH = 5;

/** Values of one sheet that did not fit an optional field (or were derived): the row loads, flagged. */
export async function createFlagStage(db: Database, name: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} ("row" VARCHAR, "column" VARCHAR, field VARCHAR, code VARCHAR, params VARCHAR)`);
}

export const FLAG_STAGE_WIDTH = 5;

/**
 * Keeps row_flags consistent with the rows in the kind's table: flags of rows another load has
 * replaced go, and this load's flags are kept for the rows it supplied (not for skipped duplicates,
 * nor for unchanged rows, whose flags stay with the load that supplied them). A reloaded file
 * therefore never duplicates a flag.
 */
export async function recordRowFlags(
  db: Database,
  kind: KindName,
  flagStage: string,
  prov: { loadId: number; file: string; sheet: string },
): Promise<{ flagged: number; derived: Array<{ column: string; from: string | null; rows: number }> }> {
  const T = ident(kind);
  await db.run(`DELETE FROM row_flags f WHERE f.kind = ${lit(kind)} AND f.code <> 'ambiguous_unit'
    AND NOT EXISTS (SELECT 1 FROM ${T} t WHERE t._load_id = f.load_id AND t._row = f."row")`);
  await db.run(`INSERT INTO row_flags
    SELECT ${prov.loadId}, ${lit(kind)}, ${lit(prov.file)}, ${lit(prov.sheet)}, CAST(g."row" AS INTEGER), g."column", g.field, g.code, g.params
    FROM ${ident(flagStage)} g
    WHERE CAST(g."row" AS INTEGER) IN (SELECT _row FROM ${T} WHERE _load_id = ${prov.loadId})`);
  const flagged = await db.scalar<number>(`SELECT count(DISTINCT "row")::INT FROM row_flags
    WHERE load_id = ${prov.loadId} AND code <> 'flag_value_derived'`);
  const derived = await db.all<{ column: string; from: string | null; rows: number }>(`SELECT "column", json_extract_string(params, '$.from') AS "from", count(*)::INT AS rows
    FROM row_flags WHERE load_id = ${prov.loadId} AND code = 'flag_value_derived' GROUP BY ALL ORDER BY "column"`);
  return { flagged: flagged ?? 0, derived };
}

export interface MergeCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Exact duplicates of an earlier row in the same file: skipped. */
  duplicates: number;
  /** Rows sharing a key with different values in the same file: all rejected. */
  conflicts: number;
  /** The row numbers of each group of exact duplicates (the first is kept), first few groups. */
  duplicateGroups: number[][];
  /** Updated records by the earlier file (or other sheet of this file) they came from. */
  replaced: Array<{ file: string; sheet: string; load_id: number; records: number }>;
}

/**
 * Merges a stage into the canonical table. Keys: the kind's natural key; ledger rows add their
 * occurrence among identical keys in the file. A newer export replaces a record with the same key.
 */
export async function mergeStage(
  db: Database,
  stage: string,
  kind: KindName,
  prov: { loadId: number; file: string; sheet: string; sha256?: string },
  rejectStage: string,
  keyLabel: string,
  units?: { index: UnitIndex; county: string | null },
): Promise<MergeCounts> {
  const k = KINDS[kind];
  const S = ident(stage);
  const T = ident(kind);
  const dataCols = k.fields.map((f) => f.name);
  // The fingerprint over a staged row's data fields, as jiceng stored it in _hash up to now: used
  // to tell duplicate rows of one file apart (only rows sharing a key), and to compare with rows
  // stored with one. Rows stored from now on carry no fingerprint (_hash NULL): md5 of every row
  // cost a third of a big load's insert, and a stored row is compared by its typed values instead.
  const hashOf = (alias: string): string =>
    `md5(concat_ws(chr(31), ${dataCols.map((c) => `coalesce(${alias}.${ident(c)}, chr(0))`).join(', ')}))`;
  const typed = (f: (typeof k.fields)[number]): string => `CAST(s.${ident(f.name)} AS ${SQL_TYPE[f.type]})`;
  // Same record: a stored fingerprint equals the staged row's, or (no fingerprint) every field's
  // typed value equals the staged value cast as the insert casts it, NULL equal to NULL.
  const sameRecord = `CASE WHEN t._hash IS NOT NULL THEN t._hash = ${hashOf('s')}
    ELSE ${k.fields.map((f) => `t.${ident(f.name)} IS NOT DISTINCT FROM ${typed(f)}`).join(' AND ')} END`;
  const keyed = `${stage}_keyed`;
  const KD = ident(keyed);

  // Ledger rows have no id: identical rows are told apart by their occurrence in the file, which
  // needs a pass of its own. Other kinds merge straight from the stage (no copy of a big file).
  let SRC = S;
  if (k.keyByOccurrence) {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${KD} AS
      SELECT * REPLACE (_key || chr(31) || CAST(row_number() OVER (PARTITION BY _key ORDER BY CAST(_row AS INTEGER)) AS VARCHAR) AS _key)
      FROM ${S} x`);
    SRC = KD;
  }

  // Duplicate keys inside the file: identical rows keep the first; differing rows are all rejected.
  // A cheap pass finds the keys (reading the key alone, which a stage that is a view works out
  // without the other fields); the detail is worked out only for them (usually none).
  const dupTable = ident(`${stage}_dups`);
  const dupKeys = `SELECT _key FROM ${SRC} GROUP BY _key HAVING count(*) > 1`;
  let dupCounts = { duplicates: 0, conflicts: 0, groups: 0 };
  if ((await db.scalar<number>(`SELECT count(*)::INT FROM (${dupKeys})`)) > 0) {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${dupTable} AS
      SELECT _key, count(DISTINCT ${hashOf('s')}) AS variants, min(CAST(_row AS INTEGER)) AS first_row,
             list(CAST(_row AS INTEGER) ORDER BY CAST(_row AS INTEGER)) AS rows_list
      FROM ${SRC} s WHERE _key IN (${dupKeys}) GROUP BY _key`);
    dupCounts = (await db.one<{ duplicates: number; conflicts: number; groups: number }>(`
      SELECT coalesce(sum(CASE WHEN variants = 1 THEN len(rows_list) - 1 ELSE 0 END), 0)::INT AS duplicates,
             coalesce(sum(CASE WHEN variants > 1 THEN len(rows_list) ELSE 0 END), 0)::INT AS conflicts,
             count(*)::INT AS groups
      FROM ${dupTable}`))!;
  }
  let duplicateGroups: number[][] = [];
  if (dupCounts.groups > 0) {
    duplicateGroups = (
      await db.all<{ rows_list: number[] }>(`SELECT rows_list FROM ${dupTable} WHERE variants = 1 ORDER BY first_row LIMIT ${DUPLICATE_EXAMPLES}`)
    ).map((r) => r.rows_list.map(Number));
    await db.run(`INSERT INTO ${ident(rejectStage)} ("row", "column", reason, code, params)
      SELECT s._row, ${lit(keyLabel)},
        'duplicate key with different values; rows ' || array_to_string(d.rows_list, ', ') || ' share it: fix the export so only one remains',
        'reject_duplicate_key', json_object('rows', array_to_string(d.rows_list, ', '))::VARCHAR
      FROM ${SRC} s JOIN ${dupTable} d USING (_key) WHERE d.variants > 1`);
    if (SRC === S) await materializeStage(db, stage);
    await db.run(`DELETE FROM ${SRC} WHERE _key IN (SELECT _key FROM ${dupTable} WHERE variants > 1)
      OR EXISTS (SELECT 1 FROM ${dupTable} d WHERE d._key = ${SRC}._key AND d.variants = 1 AND CAST(${SRC}._row AS INTEGER) <> d.first_row)`);
  }

  // Added, updated or unchanged against what the workspace holds. Into an empty table every row
  // is added and nothing is replaced: no comparison table then.
  const cmp = ident(`${stage}_cmp`);
  const targetEmpty = (await db.scalar<number>(`SELECT count(*)::INT FROM (SELECT 1 FROM ${T} LIMIT 1)`)) === 0;
  let counts: { added: number; updated: number; unchanged: number };
  let replaced: MergeCounts['replaced'] = [];
  if (targetEmpty) {
    counts = { added: await db.scalar<number>(`SELECT count(*)::INT FROM ${SRC}`), updated: 0, unchanged: 0 };
  } else {
    if (await rejectOtherCountyKeys(db, stage, SRC, k, rejectStage, keyLabel, units?.county ?? null)) {
      if (SRC === S) await materializeStage(db, stage);
      await db.run(`DELETE FROM ${SRC} WHERE _key IN (SELECT _key FROM ${ident(`${stage}_xc`)})`);
    }
    await db.run(`DROP TABLE IF EXISTS ${ident(`${stage}_xc`)}; DROP TABLE IF EXISTS ${ident(`${stage}_ck`)}`);
    // A record a later sheet of this same workbook holds stays as that sheet has it (the later sheet
    // wins): without this, each reload of the unchanged file swapped the sheets' values back and forth.
    const later = prov.sha256 === undefined ? 'false' : `t._load_id IN (${laterSheetLoads(prov.sha256, prov.sheet)})`;
    await db.run(`CREATE OR REPLACE TEMP TABLE ${cmp} AS
      SELECT s._key, CASE WHEN t._key IS NULL THEN 'added' WHEN ${later} OR ${sameRecord} THEN 'unchanged' ELSE 'updated' END AS outcome
      FROM ${SRC} s LEFT JOIN ${T} t ON t._key = s._key`);
    counts = (await db.one<{ added: number; updated: number; unchanged: number }>(`
      SELECT count(*) FILTER (outcome = 'added')::INT AS added, count(*) FILTER (outcome = 'updated')::INT AS updated,
             count(*) FILTER (outcome = 'unchanged')::INT AS unchanged FROM ${cmp}`))!;

    // Two exports that disagree: the newer one wins by key, and the user is told which earlier file,
    // or other sheet of this file, lost. Not for the same file and sheet: a corrected re-export of a
    // file is expected to change values.
    replaced = await db.all<{ file: string; sheet: string; load_id: number; records: number }>(`
      SELECT t._file AS file, t._sheet AS sheet, t._load_id AS load_id, count(*)::INT AS records
      FROM ${T} t JOIN ${cmp} c ON c._key = t._key AND c.outcome = 'updated'
      WHERE t._file <> ${lit(prov.file)} OR t._sheet IS DISTINCT FROM ${lit(prov.sheet)}
      GROUP BY ALL ORDER BY load_id`);
    if (counts.updated) await db.run(`DELETE FROM ${T} WHERE _key IN (SELECT _key FROM ${cmp} WHERE outcome = 'updated')`);
  }
  const extras = extraColumns(k).map((c) => c.name);
  const stagedExtras = new Set(stagedColumns(k).map((c) => c.name));
  const resolved = units ? await resolveInStage(db, stage, SRC, k, units) : { joins: [], columns: new Map<string, string>(), tables: [] };
  const targetCols = [...dataCols, ...extras, '_load_id', '_file', '_sheet', '_row', '_key', '_hash'];
  const select = [
    ...k.fields.map(typed),
    ...extras.map((e) => (stagedExtras.has(e) ? `s.${ident(e)}` : (resolved.columns.get(e) ?? 'NULL'))),
    `${prov.loadId}`,
    lit(prov.file),
    lit(prov.sheet),
    'CAST(s._row AS INTEGER)',
    's._key',
    'NULL',
  ];
  const changed = counts.unchanged === 0 ? '' : `JOIN ${cmp} c ON c._key = s._key WHERE c.outcome <> 'unchanged'`;
  await db.run(`INSERT INTO ${T} (${targetCols.map(ident).join(', ')}) SELECT ${select.join(', ')} FROM ${SRC} s ${resolved.joins.join(' ')} ${changed}`);
  for (const t of [keyed, `${stage}_dups`, `${stage}_cmp`, ...resolved.tables]) await db.run(`DROP TABLE IF EXISTS ${ident(t)}`);
  return { ...counts, duplicates: dupCounts.duplicates, conflicts: dupCounts.conflicts, duplicateGroups, replaced };
}

/**
 * The loads of sheets that come after `sheet` in the workbook with this content (sha256), by the
 * order of their first loads (sheets load in workbook order); none on the file's first load.
 */
function laterSheetLoads(sha256: string, sheet: string): string {
  return `WITH f AS (SELECT sheet, min(load_id) AS first FROM loads WHERE sha256 = ${lit(sha256)} GROUP BY sheet)
    SELECT l.load_id FROM loads l JOIN f ON f.sheet = l.sheet
    WHERE l.sha256 = ${lit(sha256)} AND f.first > (SELECT first FROM f WHERE sheet = ${lit(sheet)})`;
}

/**
 * Rows whose key is already another county's record (a case number, a petition number or an
 * auxiliary's 人员编号 two counties both use): rejected, never taken as a replacement, for no
 * county's figures may change when another county loads. Kinds whose key names a unit hold the
 * county in the key already (countyInKey); stations settle theirs (settleStations). A row with no
 * county, or stored under none, keeps the old rule. Leaves the keys in {stage}_xc; true when any.
 */
async function rejectOtherCountyKeys(
  db: Database,
  stage: string,
  SRC: string,
  k: (typeof KINDS)[KindName],
  rejectStage: string,
  keyLabel: string,
  loadCounty: string | null,
): Promise<boolean> {
  if (k.name === 'stations' || countyInKey(k) || !k.fields.some((f) => f.name === 'county')) return false;
  const T = ident(k.name);
  const staged = `coalesce(s.county, ${loadCounty === null ? 'CAST(NULL AS VARCHAR)' : lit(loadCounty)})`;
  const stored = 'coalesce(t.county, l.county)';
  const CK = `${stage}_ck`;
  const counties = `SELECT county FROM ${T} UNION SELECT county FROM loads UNION SELECT county FROM ${SRC}${loadCounty === null ? '' : ` UNION SELECT ${lit(loadCounty)}`}`;
  await nodeLookup(db, CK, counties, ['ck'], (raw) => [countyKey(raw) || null]);
  // One county (or none) in sight: no other county's record to meet.
  if ((await db.scalar<number>(`SELECT count(DISTINCT ck)::INT FROM ${ident(CK)}`)) < 2) return false;
  const XC = ident(`${stage}_xc`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${XC} AS
    SELECT s._key, s._row, ${stored} AS other
    FROM ${SRC} s JOIN ${T} t ON t._key = s._key LEFT JOIN loads l ON l.load_id = t._load_id
      JOIN ${ident(CK)} a ON a.raw = ${stored} JOIN ${ident(CK)} b ON b.raw = ${staged}
    WHERE a.ck IS NOT NULL AND b.ck IS NOT NULL AND a.ck <> b.ck`);
  if ((await db.scalar<number>(`SELECT count(*)::INT FROM ${XC}`)) === 0) return false;
  const reason = messageSql(msg('reject_key_other_county', { key: keyLabel, county: '' }), { county: 'other' });
  await db.run(`INSERT INTO ${ident(rejectStage)} ("row", "column", reason, code, params)
    SELECT _row, ${lit(keyLabel)}, ${reason.text}, ${reason.code}, ${reason.params}
    FROM ${XC} ORDER BY CAST(_row AS INTEGER)`);
  return true;
}

/**
 * The resolved unit ids of a staged sheet, looked up as resolveUnits does (the row's county, else
 * the load's), so that the insert writes them: resolveUnits then finds nothing to change, where an
 * UPDATE of every new row cost as much again as writing it (and a rewrite at commit).
 */
async function resolveInStage(
  db: Database,
  stage: string,
  SRC: string,
  k: (typeof KINDS)[KindName],
  units: { index: UnitIndex; county: string | null },
): Promise<{ joins: string[]; columns: Map<string, string>; tables: string[] }> {
  const out = { joins: [] as string[], columns: new Map<string, string>(), tables: [] as string[] };
  const loadCounty = units.county === null ? 'CAST(NULL AS VARCHAR)' : lit(units.county);
  const rowCounty = k.fields.some((f) => f.name === 'county') ? `coalesce(s.county, ${loadCounty})` : loadCounty;
  for (const [i, f] of k.fields.filter((x) => x.unitRef).entries()) {
    const col = `s.${ident(f.name)}`;
    const raws = await db.all<{ raw: string; county: string | null }>(`SELECT DISTINCT ${col} AS raw, ${rowCounty} AS county FROM ${SRC} s WHERE ${col} IS NOT NULL`);
    if (!raws.length) continue;
    const name = `${stage}_units${i}`;
    await createUnitLookup(db, name, raws, units.index);
    out.tables.push(name);
    out.joins.push(`LEFT JOIN ${ident(name)} u${i} ON u${i}.raw = ${col} AND u${i}.county IS NOT DISTINCT FROM ${rowCounty}`);
    out.columns.set(resolvedColumn(f), `u${i}.station_id`);
  }
  return out;
}

/** Sums of the summable fields over what this sheet staged, for checking a total row. */
export async function stagedSums(db: Database, stage: string, fields: string[]): Promise<Record<string, number>> {
  if (!fields.length) return {};
  const row = await db.one<Record<string, number>>(
    `SELECT ${fields.map((f) => `coalesce(sum(CAST(${ident(f)} AS DOUBLE)), 0) AS ${ident(f)}`).join(', ')} FROM ${ident(stage)}`,
  );
  return row ?? {};
}
