// A workspace: a folder holding jiceng.duckdb and jiceng.json. Opening it checks and migrates the schema.
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync, rmSync, accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { Database } from './db/database.js';
import { SCHEMA_VERSION, schemaDdl } from './db/schema.js';
import { migrateWorkspace, migrationPlan } from './db/migrate.js';
import { ioUserError } from './util/fs-errors.js';
import { msg } from './i18n/message.js';
import { DEFAULT_CONFIG, type WorkspaceConfig } from './config.js';
import { validateConfig } from './config-schema.js';
import { UserError } from './errors.js';
import { TOOL_VERSION } from './version.js';
import { DEFAULT_SCORECARD } from './metrics/score.js';
import { PLAN_DEFAULTS } from './plan/params.js';
import { SAMPLE_DEFAULTS } from './sample/settings.js';

export const DB_FILE = 'jiceng.duckdb';
export const CONFIG_FILE = 'jiceng.json';

export interface Workspace {
  dir: string;
  db: Database;
  config: WorkspaceConfig;
  close(): void;
}

export function resolveWorkspaceDir(option?: string): string {
  return resolve(option ?? process.env.JICENG_WORKSPACE ?? process.cwd());
}

export async function initWorkspace(dir: string): Promise<{ dir: string; created: boolean }> {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const dbPath = join(abs, DB_FILE);
  const created = !existsSync(dbPath);
  if (!existsSync(join(abs, CONFIG_FILE))) writeConfig(abs, initialConfig());
  const db = await Database.open(dbPath);
  try {
    await ensureSchema(db, dbPath);
  } finally {
    db.close();
  }
  return { dir: abs, created };
}

/** A new workspace's jiceng.json spells out every section's defaults, so users see what to tune. */
function initialConfig(): WorkspaceConfig {
  return { ...DEFAULT_CONFIG, scorecard: DEFAULT_SCORECARD, plan: PLAN_DEFAULTS, sample: SAMPLE_DEFAULTS };
}

export async function openWorkspace(dir: string, options: { readOnly?: boolean } = {}): Promise<Workspace> {
  const abs = resolve(dir);
  const dbPath = join(abs, DB_FILE);
  if (!existsSync(dbPath)) {
    throw new UserError(msg('no_workspace', { dir: abs }), {
      hint: dir === process.cwd() ? msg('no_workspace_hint') : msg('no_workspace_hint_dir', { dir }),
    });
  }
  if (!options.readOnly) assertWritable(abs);
  const config = readConfig(abs);
  const db = await Database.open(dbPath, { readOnly: options.readOnly });
  try {
    if (!options.readOnly) await ensureSchema(db, dbPath);
    else await checkReadable(db, dbPath, abs);
  } catch (e) {
    db.close();
    throw e;
  }
  return { dir: abs, db, config, close: () => db.close() };
}

function assertWritable(dir: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UserError(msg('workspace_read_only', { dir }), { hint: msg('workspace_read_only_hint') });
  }
}

/**
 * The workspace's schema version; undefined for a database with no tables yet (a new workspace, or
 * an `init` that was interrupted). Refuses a newer schema, and a DuckDB file that holds tables but
 * is not a jiceng workspace.
 */
async function checkSchemaVersion(db: Database, dbPath: string): Promise<number | undefined> {
  const hasMeta = await db.scalar<number>(`SELECT count(*)::INT FROM duckdb_tables() WHERE table_name = 'meta'`);
  const v = hasMeta ? await db.scalar<string | undefined>(`SELECT value FROM meta WHERE key = 'schema_version'`) : undefined;
  if (v === undefined || v === null) {
    const tables = await db.scalar<number>(`SELECT count(*)::INT FROM duckdb_tables() WHERE NOT temporary`);
    if (!tables) return undefined;
    throw new UserError(msg('not_a_workspace', { path: dbPath }), { hint: msg('not_a_workspace_hint') });
  }
  const version = Number(v);
  if (!Number.isInteger(version) || version < 0) {
    throw new UserError(msg('workspace_damaged', { path: dbPath, version: String(v) }), { hint: msg('workspace_damaged_hint') });
  }
  if (version > SCHEMA_VERSION) {
    throw new UserError(msg('workspace_newer', { path: dbPath, version, current: SCHEMA_VERSION }), { hint: msg('workspace_newer_hint') });
  }
  return version;
}

/** A read-only command cannot upgrade an older workspace: say how to, or that it cannot be done. */
async function checkReadable(db: Database, dbPath: string, dir: string): Promise<void> {
  const version = await checkSchemaVersion(db, dbPath);
  if (version === undefined) {
    throw new UserError(msg('workspace_empty', { path: dbPath }), { hint: msg('workspace_empty_hint', { dir }) });
  }
  if (version < SCHEMA_VERSION) {
    migrationPlan(version, dbPath); // refuses what cannot be upgraded
    throw new UserError(msg('workspace_old', { path: dbPath, version, current: SCHEMA_VERSION }), { hint: msg('workspace_old_hint', { dir }) });
  }
}

/**
 * Creates missing tables and records the schema version; upgrades a workspace from an older
 * jiceng (db/migrate.ts) and refuses one from a newer jiceng.
 */
async function ensureSchema(db: Database, dbPath: string): Promise<void> {
  const version = await checkSchemaVersion(db, dbPath);
  if (version === SCHEMA_VERSION) return;
  if (version !== undefined) {
    await migrateWorkspace(db, dbPath, version);
    return;
  }
  await db.transaction(async () => {
    for (const ddl of schemaDdl()) await db.run(ddl);
    await db.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('created_with', ?)`, [String(SCHEMA_VERSION), TOOL_VERSION]);
  });
}

export function readConfig(dir: string): WorkspaceConfig {
  const p = join(dir, CONFIG_FILE);
  if (!existsSync(p)) return { ...DEFAULT_CONFIG };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(p, 'utf8'));
  } catch (e) {
    throw new UserError(msg('config_not_json', { path: p, detail: (e as Error).message }), { hint: msg('config_not_json_hint') });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError(msg('config_not_object', { path: p }), { hint: msg('config_not_object_hint') });
  }
  validateConfig(parsed as Record<string, unknown>, p);
  return { ...DEFAULT_CONFIG, ...(parsed as object) } as WorkspaceConfig;
}

export function writeConfig(dir: string, config: WorkspaceConfig): void {
  const p = join(dir, CONFIG_FILE);
  const tmp = p + '.tmp';
  try {
    writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n');
    renameSync(tmp, p);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw ioUserError(e, { path: p, what: 'settings' }) ?? e;
  }
}
