// Upgrading a workspace written by an older jiceng: ordered steps from schema N to N+1, all run in
// one transaction with the current DDL, so a workspace is upgraded completely or not at all.
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { legacyMessage } from './legacy-messages.js';
import { TOOL_VERSION } from '../version.js';
import type { Database } from './database.js';
import { SCHEMA_VERSION, schemaDdl } from './schema.js';

/** One step: turns a schema `from` workspace into a schema `from + 1` one. */
export interface Migration {
  from: number;
  /** What changes, recorded in meta and shown to nobody else. */
  what: string;
  up(db: Database): Promise<void>;
}

/**
 * Every step, oldest first. When a table changes shape: bump SCHEMA_VERSION in schema.ts and append
 * `{ from: 1, what: '…', up: async (db) => { await db.run('ALTER TABLE …') } }` here; tables that
 * are merely new are created by schemaDdl() after the steps.
 */
export const MIGRATIONS: Migration[] = [
  {
    from: 1,
    what: 'loads gain data_date and county; rejects gain code and params; staffing, headcount, cases, ledger and petitions gain county; row_flags and mappings are new',
    up: async (db) => {
      // IF EXISTS: a workspace upgraded from further back may not have these tables yet (the DDL makes them).
      await db.run(`ALTER TABLE IF EXISTS loads ADD COLUMN IF NOT EXISTS data_date DATE`);
      await db.run(`ALTER TABLE IF EXISTS loads ADD COLUMN IF NOT EXISTS county VARCHAR`);
      await db.run(`ALTER TABLE IF EXISTS rejects ADD COLUMN IF NOT EXISTS code VARCHAR`);
      await db.run(`ALTER TABLE IF EXISTS rejects ADD COLUMN IF NOT EXISTS params VARCHAR`);
      // The county a row belongs to (所属县局): units are resolved within it.
      for (const kind of ['staffing', 'headcount', 'cases', 'ledger', 'petitions']) {
        await db.run(`ALTER TABLE IF EXISTS ${kind} ADD COLUMN IF NOT EXISTS county VARCHAR`);
      }
      await codeLegacyMessages(db);
    },
  },
];

/**
 * Schema 1 stored reject reasons and load warnings as English text: give each its message code and
 * parameters (db/legacy-messages.ts). rejects.reason keeps the English text for older readers;
 * loads.warnings becomes a JSON array of {code, params}.
 */
async function codeLegacyMessages(db: Database): Promise<void> {
  const has = async (table: string, column: string): Promise<boolean> =>
    (await db.scalar<number>(`SELECT count(*)::INT FROM duckdb_columns() WHERE table_name = ? AND column_name = ?`, [table, column])) > 0;
  if (await has('rejects', 'reason')) {
    const reasons = await db.all<{ reason: string }>(`SELECT DISTINCT reason FROM rejects WHERE code IS NULL AND reason IS NOT NULL`);
    for (const { reason } of reasons) {
      const m = legacyMessage(reason);
      await db.run(`UPDATE rejects SET code = ?, params = ? WHERE code IS NULL AND reason = ?`, [m.code, JSON.stringify(m.params ?? {}), reason]);
    }
  }
  if (await has('loads', 'warnings')) {
    const loads = await db.all<{ load_id: number; warnings: string }>(`SELECT load_id, warnings FROM loads WHERE warnings IS NOT NULL AND warnings <> '[]'`);
    for (const l of loads) {
      let list: unknown;
      try {
        list = JSON.parse(l.warnings);
      } catch {
        list = [l.warnings];
      }
      if (!Array.isArray(list)) list = [String(list)];
      const coded = (list as unknown[]).map((w) => {
        if (typeof w !== 'string') return w; // already a {code, params}
        const m = legacyMessage(w);
        return { code: m.code, params: m.params ?? {} };
      });
      await db.run(`UPDATE loads SET warnings = ? WHERE load_id = ?`, [JSON.stringify(coded), l.load_id]);
    }
  }
}

export interface MigrateOptions {
  /** For tests: the steps to use instead of MIGRATIONS. */
  steps?: Migration[];
}

/** The steps from `version` up to SCHEMA_VERSION, or a UserError saying this jiceng cannot do it. */
export function migrationPlan(version: number, dbPath: string, options: MigrateOptions = {}): Migration[] {
  const steps = options.steps ?? MIGRATIONS;
  const plan: Migration[] = [];
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = steps.find((s) => s.from === v);
    if (!step) {
      throw new UserError(msg('workspace_too_old', { path: dbPath, version, current: SCHEMA_VERSION }), { hint: msg('workspace_too_old_hint') });
    }
    plan.push(step);
  }
  return plan;
}

/**
 * Upgrades a workspace of schema `version` to SCHEMA_VERSION in one transaction: the steps, then
 * the current DDL (new tables), then meta. Any failure rolls everything back and the workspace
 * stays as it was, still readable by the jiceng that wrote it.
 */
export async function migrateWorkspace(db: Database, dbPath: string, version: number, options: MigrateOptions = {}): Promise<string[]> {
  const plan = migrationPlan(version, dbPath, options);
  await db.transaction(async () => {
    for (const step of plan) {
      try {
        await step.up(db);
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(msg('migration_failed', { path: dbPath, from: step.from, to: step.from + 1, detail: (e as Error).message.split('\n')[0] }), {
          hint: msg('migration_failed_hint'),
        });
      }
    }
    for (const ddl of schemaDdl()) await db.run(ddl);
    await db.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('migrated_from', ?), ('migrated_with', ?)`, [
      String(SCHEMA_VERSION), String(version), TOOL_VERSION,
    ]);
  });
  return plan.map((s) => `schema ${s.from} → ${s.from + 1}: ${s.what}`);
}
