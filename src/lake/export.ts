// `jiceng export --parquet DIR`: the workspace's canonical tables and metric values as a hive-partitioned, ZSTD Parquet lake.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ident, lit } from '../db/database.js';
import { EXIT, UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Workspace } from '../workspace.js';
import { TOOL_VERSION } from '../version.js';
import { sha256File } from '../ingest/load.js';
import { ioUserError } from '../util/fs-errors.js';
import {
  fileColumns, LAKE_FORMAT, manifestDigest, tableDigest, LAKE_FORMAT_VERSION, LAKE_TABLES, LOADS_COLUMNS, LOADS_TABLE, MANIFEST_FILE, METRICS_TABLE, partitionsOf, placedRowsSql, SCHEMA_FILE,
  type Manifest, type ManifestTable,
} from './layout.js';
import { lakeSchema } from './schema-doc.js';
import { stageMetricValues, METRIC_COLUMNS } from './metric-values.js';
import { isLake } from './read.js';

export interface ExportOptions {
  /** The county to export; in a workspace whose stations name no county, the name to give it. */
  county?: string;
}

export interface ExportResult {
  dir: string;
  manifest: Manifest;
}

/**
 * The county name for rows the workspace leaves unnamed, and the counties to export. A workspace
 * whose stations name no county needs one from --county or jiceng.json ("county"); one that names
 * several exports them all, or the one --county picks.
 */
async function countiesOf(ws: Workspace, wanted: string | undefined): Promise<{ fallback: string | null; only: string | null }> {
  const named = (await ws.db.all<{ county: string }>(`SELECT DISTINCT county FROM stations WHERE county IS NOT NULL ORDER BY county`)).map((r) => r.county);
  const configured = typeof ws.config.county === 'string' && ws.config.county.trim() ? ws.config.county.trim() : undefined;
  if (!named.length) {
    const name = wanted ?? configured;
    if (!name) throw new UserError(msg('export_needs_county'), { hint: msg('export_needs_county_hint'), exitCode: EXIT.usage });
    return { fallback: name, only: null };
  }
  if (wanted && !named.includes(wanted)) {
    throw new UserError(msg('export_unknown_county', { county: wanted, counties: named.join(', ') }), { hint: msg('export_unknown_county_hint'), exitCode: EXIT.usage });
  }
  return { fallback: named.length === 1 ? named[0] : configured ?? null, only: wanted ?? null };
}

/** Where the lake is written first: beside DIR, so the final rename stays on one file system. */
function stagingDir(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
}

function listParquet(root: string, table: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.parquet')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(join(root, table));
  return out.sort();
}

async function describeFiles(root: string, table: string, rows: number, partitions: string[], counties: Record<string, number>): Promise<ManifestTable> {
  const files = [];
  for (const path of listParquet(root, table)) {
    const { sha256, size } = await sha256File(join(root, path));
    files.push({ path, sha256, bytes: size });
  }
  return { rows, partitioned_by: partitions, files, digest: tableDigest(files), counties };
}

/** Writes one table's rows (a SELECT with county [and quarter] columns) as partitioned Parquet. */
async function copyTable(ws: Workspace, root: string, table: string, select: string, columns: string[], partitions: string[]): Promise<ManifestTable> {
  const db = ws.db;
  const staged = `lake_${table}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(staged)} AS SELECT ${[...columns, ...partitions].map(ident).join(', ')} FROM (${select})`);
  const byCounty = await db.all<{ county: string | null; n: number }>(`SELECT county, count(*)::BIGINT AS n FROM ${ident(staged)} GROUP BY county ORDER BY county`);
  const rows = byCounty.reduce((s, r) => s + Number(r.n), 0);
  if (rows > 0) {
    await db.run(`COPY ${ident(staged)} TO ${lit(join(root, table))} (FORMAT PARQUET, PARTITION_BY (${partitions.map(ident).join(', ')}), COMPRESSION ZSTD)`);
  }
  await db.run(`DROP TABLE ${ident(staged)}`);
  const counties = Object.fromEntries(byCounty.map((r) => [r.county ?? '', Number(r.n)]));
  return describeFiles(root, table, rows, partitions, counties);
}

export async function exportLake(ws: Workspace, target: string, options: ExportOptions = {}): Promise<ExportResult> {
  const dir = resolve(target);
  if (existsSync(dir) && !(statSync(dir).isDirectory() && (readdirSync(dir).length === 0 || isLake(dir)))) {
    throw new UserError(msg('export_dir_not_lake', { dir }), { hint: msg('export_dir_not_lake_hint'), exitCode: EXIT.usage });
  }
  const { fallback, only } = await countiesOf(ws, options.county);
  const stage = stagingDir(dir);
  rmSync(stage, { recursive: true, force: true });
  try {
    mkdirSync(stage, { recursive: true });
    const tables: Record<string, ManifestTable> = {};
    const keep = only === null ? '' : `WHERE county = ${lit(only)}`;
    for (const kind of LAKE_TABLES) {
      const partitions = partitionsOf(kind);
      const select = `SELECT * FROM (${placedRowsSql(kind, fallback)}) ${keep}`;
      const t = await copyTable(ws, stage, kind, select, fileColumns(kind).map((c) => c.name), partitions);
      if (t.counties['']) {
        throw new UserError(msg('export_unplaced_rows', { table: kind, rows: t.counties[''] }), { hint: msg('export_unplaced_rows_hint') });
      }
      tables[kind] = t;
    }
    // The source loads, so a merge keeps each record's original file, sheet, SHA-256 and data date.
    await ws.db.run(`CREATE OR REPLACE TEMP TABLE lake_loads AS SELECT ${LOADS_COLUMNS.map((c) => `CAST(${ident(c)} AS ${c === 'load_id' ? 'INTEGER' : c === 'file_size' ? 'BIGINT' : c === 'data_date' ? 'DATE' : c === 'finished_at' ? 'TIMESTAMP' : 'VARCHAR'}) AS ${ident(c)}`).join(', ')} FROM loads`);
    const loadRows = await ws.db.scalar<number>(`SELECT count(*)::INT FROM lake_loads`);
    mkdirSync(join(stage, LOADS_TABLE), { recursive: true });
    await ws.db.run(`COPY lake_loads TO ${lit(join(stage, LOADS_TABLE, 'loads.parquet'))} (FORMAT PARQUET, COMPRESSION ZSTD)`);
    await ws.db.run(`DROP TABLE lake_loads`);
    tables[LOADS_TABLE] = await describeFiles(stage, LOADS_TABLE, loadRows, [], {});
    const metricsTemp = 'lake_metric_stage';
    const { quarters } = await stageMetricValues(ws, metricsTemp, fallback);
    const metricCols = METRIC_COLUMNS.map((c) => c.name).filter((c) => c !== 'county' && c !== 'quarter');
    tables[METRICS_TABLE] = await copyTable(ws, stage, METRICS_TABLE, `SELECT * FROM ${ident(metricsTemp)} ${keep}`, metricCols, partitionsOf(METRICS_TABLE));
    await ws.db.run(`DROP TABLE ${ident(metricsTemp)}`);

    const counties = [...new Set(Object.values(tables).flatMap((t) => Object.keys(t.counties)))].filter(Boolean).sort();
    const manifest: Manifest = {
      format: LAKE_FORMAT,
      format_version: LAKE_FORMAT_VERSION,
      tool_version: TOOL_VERSION,
      exported_at: new Date().toISOString(),
      counties,
      quarters,
      tables,
      digest: manifestDigest(tables),
    };
    writeFileSync(join(stage, SCHEMA_FILE), JSON.stringify(lakeSchema(), null, 2) + '\n');
    writeFileSync(join(stage, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    // Swap the finished lake in: a reader never sees half a lake.
    if (existsSync(dir)) {
      const old = `${stage}-old`;
      renameSync(dir, old);
      renameSync(stage, dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      mkdirSync(dirname(dir), { recursive: true });
      renameSync(stage, dir);
    }
    return { dir, manifest };
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw ioUserError(e, { path: dir, what: 'lake' }) ?? e;
  }
}
