// Thin wrapper over @duckdb/node-api: one instance per workspace file, plain JS rows out.
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from './duckdb-api.js';
import { UserError, EXIT } from '../errors.js';
import { ioUserError } from '../util/fs-errors.js';
import { msg as message } from '../i18n/message.js';
import { output } from '../cli/output.js';

export type Row = Record<string, unknown>;
export type Params = Record<string, DuckDBValue> | DuckDBValue[];

const NUMERIC_AS_TEXT = new Set<number>([
  DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT, DuckDBTypeId.DECIMAL,
]);

export interface OpenOptions {
  readOnly?: boolean;
  /** How long to wait for another jiceng process to release the workspace. */
  waitMs?: number;
}

export class Database {
  /** Inside transaction(): a storage failure then means the whole transaction was rolled back. */
  private inTransaction = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly path: string,
    /** A sibling (see sibling()) closes its connection only; the instance is its opener's. */
    private readonly ownsInstance = true,
  ) {}

  /**
   * A second connection to the same open database, for read-only queries run side by side with this
   * one's (DuckDB runs the queries of different connections at the same time). It has its own TEMP
   * objects and sees only what is committed, so there is none inside transaction() (undefined);
   * close() closes the connection only.
   */
  async sibling(): Promise<Database | undefined> {
    if (this.inTransaction) return undefined;
    return new Database(this.instance, await this.instance.connect(), this.path, false);
  }

  static async open(path: string, options: OpenOptions = {}): Promise<Database> {
    const deadline = Date.now() + (options.waitMs ?? 3000);
    // A bounded memory budget: big loads spill their staging tables to <workspace>/jiceng.duckdb.tmp
    // instead of growing with the number of rows (JICENG_MEMORY_LIMIT overrides, e.g. 4GB).
    const config: Record<string, string> = { memory_limit: process.env.JICENG_MEMORY_LIMIT ?? '1GB' };
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    for (let attempt = 0; ; attempt++) {
      try {
        const instance = await DuckDBInstance.create(path, config);
        const connection = await instance.connect();
        return new Database(instance, connection, path);
      } catch (e) {
        const msg = String((e as Error).message ?? e);
        if (/No space left on device|Disk quota exceeded/i.test(msg)) throw storageError(e, path, false) ?? e;
        if (/Could not set lock|Conflicting lock/i.test(msg)) {
          if (Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 150 + 50 * Math.min(attempt, 6)));
            continue;
          }
          throw new UserError(message('workspace_busy', { path }), {
            hint: message('workspace_busy_hint'),
            exitCode: EXIT.error,
          });
        }
        if (/read-only|Permission denied|Read-only file system/i.test(msg)) {
          throw new UserError(message('db_open_failed', { path, detail: firstLine(msg) }), {
            hint: message('db_open_failed_writable_hint'),
          });
        }
        throw new UserError(message('db_open_failed', { path, detail: firstLine(msg) }), {
          hint: message('db_open_failed_hint'),
        });
      }
    }
  }

  async run(sql: string, params?: Params): Promise<void> {
    const t0 = TRACE ? traceStart() : undefined;
    try {
      await this.connection.run(sql, params);
    } catch (e) {
      throw this.mapError(e);
    }
    if (t0) trace(sql, t0);
  }

  /**
   * The one place where storage failures become a user's error: a full disk, a read-only or
   * failing disk under the workspace (DuckDB reports them as I/O errors, typically at COMMIT when
   * it writes the WAL). Other errors pass through unchanged. Also used for the appender.
   */
  mapError(e: unknown): unknown {
    return storageError(e, this.path, this.inTransaction) ?? e;
  }

  /** Runs a query and returns plain rows: big integers and decimals as numbers, dates as ISO text. */
  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const t0 = TRACE ? traceStart() : undefined;
    let reader;
    try {
      reader = await this.connection.runAndReadAll(sql, params);
    } catch (e) {
      throw this.mapError(e);
    }
    if (t0) trace(sql, t0);
    const rows = reader.getRowObjectsJson() as Row[];
    const types = reader.columnTypes();
    const names = reader.columnNames();
    const numeric = names.filter((_, i) => NUMERIC_AS_TEXT.has(types[i].typeId));
    if (numeric.length) {
      for (const row of rows) {
        for (const n of numeric) if (row[n] !== null && row[n] !== undefined) row[n] = Number(row[n]);
      }
    }
    return rows as T[];
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async scalar<T = unknown>(sql: string, params?: Params): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /** Runs fn inside a transaction; any error rolls it back so the workspace is as before. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    this.inTransaction = true;
    try {
      const out = await fn();
      await this.run('COMMIT');
      return out;
    } catch (e) {
      try {
        await this.run('ROLLBACK');
      } catch {
        // The transaction may already be aborted (a failed COMMIT is); nothing more to undo.
      }
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  close(): void {
    try {
      this.connection.closeSync();
    } finally {
      if (this.ownsInstance) this.instance.closeSync();
    }
  }
}

/**
 * JICENG_TRACE_SQL=1 prints each statement's end (@ ms since the process started), wall and CPU
 * time to stderr, for finding slow steps and the gaps between them; a number above 1 prints that
 * many characters of each statement instead of 140
 * (CPU counts DuckDB's threads too; on a shared machine it is the steadier figure).
 */
const TRACE = Boolean(process.env.JICENG_TRACE_SQL);
function traceStart(): { wall: number; cpu: NodeJS.CpuUsage } {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}
function trace(sql: string, t0: { wall: number; cpu: NodeJS.CpuUsage }): void {
  const c = process.cpuUsage(t0.cpu);
  const cpu = (c.user + c.system) / 1000;
  output().trace(`@${performance.now().toFixed(0)} [sql ${(performance.now() - t0.wall).toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms] ${sql.replace(/\s+/g, ' ').slice(0, Number(process.env.JICENG_TRACE_SQL) > 1 ? Number(process.env.JICENG_TRACE_SQL) : 140)}`);
}

/** A storage failure on the workspace database as a one-line UserError, or undefined. */
function storageError(e: unknown, path: string, rolledBack: boolean): UserError | undefined {
  if (e instanceof UserError) return e;
  return ioUserError(e, { path, what: 'workspace', rolledBack });
}

export function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/** Quotes an identifier for SQL (identifiers cannot be bound as parameters). */
export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** A SQL string literal. */
export function lit(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}
