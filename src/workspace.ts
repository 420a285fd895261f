// A workspace: a folder holding jiceng.duckdb and jiceng.json. Opening it checks and migrates the schema.
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync, rmSync, accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { Database } from './db/database.js';
import { SCHEMA_VERSION, schemaDdl } from './db/schema.js';
import { migrateWorkspace, migrationPlan } from './db/migrate.js';
import { ioUserError } from './util/fs-errors.js';
import { DEFAULT_CONFIG, type WorkspaceConfig } from './config.js';
import { UserError } from './errors.js';
import { TOOL_VERSION } from './version.js';
import { DEFAULT_SCORECARD } from './metrics/score.js';
import { PLAN_DEFAULTS } from './plan/params.js';
import { SAMPLE_DEFAULTS } from './sample/settings.js';
import { jicengCommand } from './cli/invocation.js';

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
    throw new UserError(`no jiceng workspace in ${abs}`, {
      hint: `run \`${jicengCommand()} init ${dir === process.cwd() ? '' : dir}\` first, or pass -w/--workspace DIR`.replace('  ', ' '),
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
    throw new UserError(`workspace ${dir} is read-only`, { hint: 'make the folder writable, or copy the workspace somewhere writable' });
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
    throw new UserError(`${dbPath} is a DuckDB database but not a jiceng workspace (it records no schema version)`, {
      hint: `use an empty folder for the workspace: ${jicengCommand()} init NEWDIR`,
      code: 'not-a-workspace',
    });
  }
  const version = Number(v);
  if (!Number.isInteger(version) || version < 0) {
    throw new UserError(`workspace ${dbPath} is damaged: its schema version "${v}" is not a number`, {
      hint: `load the exports into a new workspace (${jicengCommand()} init NEWDIR)`,
      code: 'not-a-workspace',
    });
  }
  if (version > SCHEMA_VERSION) {
    throw new UserError(`workspace ${dbPath} was written by a newer jiceng (schema ${version}; this is ${SCHEMA_VERSION})`, {
      hint: 'upgrade jiceng, or load the exports into a new workspace',
    });
  }
  return version;
}

/** A read-only command cannot upgrade an older workspace: say how to, or that it cannot be done. */
async function checkReadable(db: Database, dbPath: string, dir: string): Promise<void> {
  const version = await checkSchemaVersion(db, dbPath);
  if (version === undefined) {
    throw new UserError(`${dbPath} holds no jiceng tables (was \`jiceng init\` interrupted?)`, { hint: `run \`${jicengCommand()} init ${dir}\``, code: 'not-a-workspace' });
  }
  if (version < SCHEMA_VERSION) {
    migrationPlan(version, dbPath); // refuses what cannot be upgraded
    throw new UserError(`workspace ${dbPath} was written by an older jiceng (schema ${version}) and must be upgraded to schema ${SCHEMA_VERSION} first`, {
      hint: `run \`${jicengCommand()} init ${dir}\` once to upgrade it (any command that writes to the workspace also does)`,
      code: 'schema-old',
    });
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
    throw new UserError(`${p} is not valid JSON: ${(e as Error).message}`, { hint: 'fix the file, or delete it to get the defaults back' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError(`${p} must hold a JSON object`, { hint: 'delete it to get the defaults back' });
  }
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
    throw ioUserError(e, { path: p, what: 'the workspace settings' }) ?? e;
  }
}
