// The shape of a jiceng Parquet lake: its tables, partitions, manifest, and where each row's county and quarter come from.
import { createHash } from 'node:crypto';
import { KINDS, KIND_NAMES, type KindName } from '../contract/kinds.js';
import { ident, lit } from '../db/database.js';
import { quarterSql } from '../quarter.js';
import { resolvedColumn, tableColumns, type ExtraColumn } from '../db/schema.js';

/** What a manifest says it is; a lake is recognised by this. */
export const LAKE_FORMAT = 'jiceng-lake';
/** Bumped when the layout changes so that an older jiceng cannot read it. */
export const LAKE_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const SCHEMA_FILE = 'schema.json';
/** The computed metric values (every quarter with data, every station and county). */
export const METRICS_TABLE = 'metric_values';
/** The loads that brought the rows into the exporting workspace (original file, sheet, SHA-256, data date): one file. */
export const LOADS_TABLE = 'loads';
export const LOADS_COLUMNS = ['load_id', 'kind', 'file_name', 'sheet', 'sha256', 'file_size', 'encoding', 'data_date', 'county', 'finished_at', 'tool_version'];

export interface ManifestFile {
  /** Relative to the lake folder, with forward slashes. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface ManifestTable {
  rows: number;
  partitioned_by: string[];
  files: ManifestFile[];
  /** SHA-256 over "path sha256" lines of its files, sorted by path. */
  digest: string;
  /** Rows per county. */
  counties: Record<string, number>;
}

export interface Manifest {
  format: typeof LAKE_FORMAT;
  format_version: number;
  tool_version: string;
  exported_at: string;
  counties: string[];
  /** Quarters with metric values. */
  quarters: string[];
  tables: Record<string, ManifestTable>;
  /** SHA-256 over the tables' "name rows digest" lines, sorted by name. */
  digest: string;
}

/** The field whose quarter partitions a kind, or undefined (stations, staffing, headcount: county only). */
export function periodField(kind: KindName): string | undefined {
  return KINDS[kind].fields.find((f) => f.periodField)?.name;
}

/** Findings have no date of their own that places them: they take the quarter of the case they review. */
export function hasQuarter(kind: KindName): boolean {
  return kind === 'findings' || periodField(kind) !== undefined;
}

export function partitionsOf(table: KindName | typeof METRICS_TABLE): string[] {
  return table === METRICS_TABLE || hasQuarter(table) ? ['county', 'quarter'] : ['county'];
}

/** The columns a lake table's files hold besides the partition columns (stations.county is a partition). */
export function fileColumns(kind: KindName): ExtraColumn[] {
  return tableColumns(KINDS[kind]).filter((c) => !(hasCountyField(kind) && c.name === 'county'));
}

/** Kinds whose rows carry a county field: the partition value takes its place in the files. */
function hasCountyField(kind: KindName): boolean {
  return KINDS[kind].fields.some((f) => f.name === 'county');
}


/**
 * A SELECT over a canonical table adding each row's county and quarter. The county is the load's
 * county when the load named one, else the county of the unit the row names (stations.county), else
 * `fallback` (the workspace's county: --county or jiceng.json). Findings reach their unit through
 * their case.
 */
export function placedRowsSql(kind: KindName, fallback: string | null, withRowId = false): string {
  const T = ident(kind);
  const rid = withRowId ? ', t.rowid AS _rid' : '';
  const fb = fallback === null ? 'NULL' : lit(fallback);
  const loads = `LEFT JOIN (SELECT load_id, any_value(county) AS l_county FROM loads GROUP BY load_id) l ON l.load_id = t._load_id`;
  // One county per station id (a merge that would make two is refused, see import.ts).
  const units = `(SELECT station_id AS u_id, any_value(county) AS u_county FROM stations WHERE county IS NOT NULL GROUP BY station_id)`;
  if (kind === 'stations') {
    return `SELECT t.* REPLACE (coalesce(NULLIF(t.county, ''), NULLIF(l.l_county, ''), ${fb}) AS county)${rid} FROM ${T} t ${loads}`;
  }
  if (kind === 'findings') {
    return `SELECT t.*, coalesce(u.u_county, NULLIF(l.l_county, ''), ${fb}) AS county, ${quarterSql('c.c_received')} AS quarter${rid}
      FROM ${T} t ${loads}
      LEFT JOIN (SELECT case_id AS c_id, any_value(station_id) AS c_station, min(received_at) AS c_received FROM cases GROUP BY case_id) c ON c.c_id = t.case_id
      LEFT JOIN ${units} u ON u.u_id = c.c_station`;
  }
  const unit = KINDS[kind].fields.find((f) => f.unitRef && f.required)!;
  const p = periodField(kind);
  // The county of the unit the row resolved to is the canonical name (a row may write 甲县 for 甲县公安局);
  // loads.county is '' for a workspace's one unnamed county.
  const county = hasCountyField(kind)
    ? `* REPLACE (coalesce(u.u_county, NULLIF(l.l_county, ''), NULLIF(t.county, ''), ${fb}) AS county)`
    : `*, coalesce(u.u_county, NULLIF(l.l_county, ''), ${fb}) AS county`;
  return `SELECT t.${county}${p ? `, ${quarterSql(`t.${ident(p)}`)} AS quarter` : ''}${rid}
    FROM ${T} t ${loads} LEFT JOIN ${units} u ON u.u_id = t.${ident(resolvedColumn(unit))}`;
}

export const LAKE_TABLES: KindName[] = [...KIND_NAMES];

export function tableDigest(files: Array<{ path: string; sha256: string }>): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) h.update(`${f.path} ${f.sha256}\n`);
  return h.digest('hex');
}

export function manifestDigest(tables: Record<string, ManifestTable>): string {
  const h = createHash('sha256');
  for (const name of Object.keys(tables).sort()) h.update(`${name} ${tables[name].rows} ${tables[name].digest}\n`);
  return h.digest('hex');
}

