// Workspace tables, derived from the contract: canonical tables, load log, rejects, and views.
import { KINDS, KIND_NAMES, type Field, type FieldType, type Kind, type KindName } from '../contract/kinds.js';
import { ident } from './database.js';

/** Bumped whenever the tables change shape; older workspaces are migrated in migrate.ts. */
export const SCHEMA_VERSION = 2;

export const SQL_TYPE: Record<FieldType, string> = {
  id: 'VARCHAR',
  text: 'VARCHAR',
  enum: 'VARCHAR',
  int: 'INTEGER',
  number: 'DOUBLE',
  money: 'DECIMAL(18,2)',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  bool: 'BOOLEAN',
};

/** The resolved station id column kept beside a unit reference (cases.station → cases.station_id). */
export function resolvedColumn(field: Field): string {
  return field.name === 'station' ? 'station_id' : `${field.name}_id`;
}

/** Columns a canonical table has besides the contract's fields. */
export interface ExtraColumn {
  name: string;
  sql: string;
}

export function extraColumns(kind: Kind): ExtraColumn[] {
  const extra: ExtraColumn[] = kind.fields.filter((f) => f.unitRef).map((f) => ({ name: resolvedColumn(f), sql: 'VARCHAR' }));
  if (kind.fields.some((f) => f.personal === 'id_number')) extra.push({ name: 'id_number_valid', sql: 'BOOLEAN' });
  if (kind.name === 'stations') extra.push({ name: 'name_key', sql: 'VARCHAR' });
  return extra;
}

/** Provenance: every accepted row knows which load, file, sheet and row it came from. */
export const PROVENANCE: ExtraColumn[] = [
  { name: '_load_id', sql: 'INTEGER' },
  { name: '_file', sql: 'VARCHAR' },
  { name: '_sheet', sql: 'VARCHAR' },
  { name: '_row', sql: 'INTEGER' },
  { name: '_key', sql: 'VARCHAR' },
  { name: '_hash', sql: 'VARCHAR' },
];

export function dataColumns(kind: Kind): ExtraColumn[] {
  return kind.fields.map((f) => ({ name: f.name, sql: SQL_TYPE[f.type] }));
}

export function tableColumns(kind: Kind): ExtraColumn[] {
  return [...dataColumns(kind), ...extraColumns(kind), ...PROVENANCE];
}

function createTable(name: string, cols: ExtraColumn[], temp = false): string {
  return `CREATE ${temp ? 'TEMP ' : ''}TABLE IF NOT EXISTS ${ident(name)} (${cols.map((c) => `${ident(c.name)} ${c.sql}`).join(', ')})`;
}

export function canonicalTableDdl(kind: KindName): string {
  return createTable(kind, tableColumns(KINDS[kind]));
}

export function schemaDdl(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
    `CREATE SEQUENCE IF NOT EXISTS load_seq START 1`,
    `CREATE TABLE IF NOT EXISTS loads (
      load_id INTEGER, kind VARCHAR, file_path VARCHAR, file_name VARCHAR, sheet VARCHAR,
      sha256 VARCHAR, file_size BIGINT, encoding VARCHAR, header_row INTEGER,
      rows_in_file INTEGER, rows_added INTEGER, rows_updated INTEGER, rows_unchanged INTEGER,
      rows_skipped INTEGER, rows_rejected INTEGER, warnings VARCHAR, mapping VARCHAR,
      started_at TIMESTAMP, finished_at TIMESTAMP, tool_version VARCHAR, command VARCHAR,
      data_date DATE, county VARCHAR)`,
    // A rejected row: where, and why as a message code with its parameters (JSON); reason is the English text.
    `CREATE TABLE IF NOT EXISTS rejects (
      load_id INTEGER, kind VARCHAR, file VARCHAR, sheet VARCHAR, "row" INTEGER, "column" VARCHAR, reason VARCHAR,
      code VARCHAR, params VARCHAR)`,
    // A value that did not fit an optional field: the row loaded with the field empty, and this says why.
    `CREATE TABLE IF NOT EXISTS row_flags (
      load_id INTEGER, kind VARCHAR, file VARCHAR, sheet VARCHAR, "row" INTEGER, "column" VARCHAR, field VARCHAR,
      code VARCHAR, params VARCHAR)`,
    // Mappings given with --map, remembered by the header signature of the sheet they were used on.
    `CREATE TABLE IF NOT EXISTS mappings (
      signature VARCHAR, kind VARCHAR, mapping VARCHAR, source VARCHAR, headers VARCHAR,
      created_at TIMESTAMP, last_used_at TIMESTAMP)`,
    // Audit samples (案件倒查): one manifest row per draw, one row per drawn case.
    `CREATE TABLE IF NOT EXISTS samples (
      sample_id VARCHAR, quarter VARCHAR, rate DOUBLE, seed VARCHAR, algorithm VARCHAR,
      stratify VARCHAR[], min_per_stratum INTEGER, include_all_above DECIMAL(18,2),
      population_size INTEGER, population_digest VARCHAR, sample_size INTEGER,
      strata VARCHAR, created_at TIMESTAMP, tool_version VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS sample_cases (
      sample_id VARCHAR, case_id VARCHAR, station_id VARCHAR, stratum VARCHAR, rank_key VARCHAR, certainty BOOLEAN)`,
    ...KIND_NAMES.map(canonicalTableDdl),
  ];
}
