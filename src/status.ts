// What the workspace holds: rows and periods per kind, the loads done, rejects and flagged rows.
import { msg, type Message, type Param } from './i18n/message.js';
import { KINDS, KIND_NAMES, type KindName } from './contract/kinds.js';
import { ident } from './db/database.js';
import { quarterSql } from './quarter.js';
import type { Database } from './db/database.js';
import { summarizeFlags, listFlags, type FlagSummary, type FlaggedRow } from './quality/flags.js';

export interface KindStatus {
  kind: KindName;
  rows: number;
  /** Quarters (by the period field) or snapshot dates covered. */
  periods: string[];
  loads: number;
  rejected: number;
  flagged: number;
}

export interface LoadRow {
  load_id: number;
  kind: string;
  file_name: string;
  sheet: string;
  sha256: string;
  rows_in_file: number;
  rows_added: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_skipped: number;
  rows_rejected: number;
  finished_at: string;
  /** The day a case or petition export's figures are true as of (ingest/data-date.ts); null for other kinds. */
  data_date: string | null;
  tool_version: string | null;
  command: string | null;
}

export interface RejectRow {
  load_id: number;
  kind: string;
  file: string;
  sheet: string;
  row: number;
  column: string;
  /** The English text, kept for readers of older versions; code and params say the same. */
  reason: string;
  code: string | null;
  params: string | null;
}

/** Why a row was rejected, as a message: its code and parameters, or the stored text of an older load. */
export function rejectMessage(r: Pick<RejectRow, 'reason' | 'code' | 'params'>): Message {
  if (!r.code) return msg('legacy_text', { text: r.reason });
  let params: Record<string, Param> = {};
  try {
    params = r.params ? (JSON.parse(r.params) as Record<string, Param>) : {};
  } catch {
    // A damaged params column: the code alone still names the reason.
  }
  return msg(r.code, params);
}

export interface WorkspaceStatus {
  kinds: KindStatus[];
  loads: LoadRow[];
  rejects_total: number;
  flags: FlagSummary[];
}

/** Rejects of the latest load of each file, sheet and kind: a corrected re-export supersedes old rejects. */
const CURRENT_REJECTS = `SELECT r.* FROM rejects r JOIN (
    SELECT max(load_id) AS load_id FROM loads GROUP BY file_name, sheet, kind) l USING (load_id)`;

export async function workspaceStatus(db: Database): Promise<WorkspaceStatus> {
  const flags = await summarizeFlags(db);
  const kinds: KindStatus[] = [];
  for (const kind of KIND_NAMES) {
    const k = KINDS[kind];
    const period = k.fields.find((f) => f.periodField)?.name;
    const snap = k.snapshotField;
    const rows = await db.scalar<number>(`SELECT count(*)::INT FROM ${ident(kind)}`);
    let periods: string[] = [];
    if (period) {
      periods = (
        await db.all<{ p: string }>(
          `SELECT DISTINCT ${quarterSql(ident(period))} AS p FROM ${ident(kind)} WHERE ${ident(period)} IS NOT NULL ORDER BY p`,
        )
      ).map((r) => r.p);
    } else if (snap) {
      periods = (await db.all<{ p: string }>(`SELECT DISTINCT CAST(${ident(snap)} AS VARCHAR) AS p FROM ${ident(kind)} ORDER BY p`)).map((r) => r.p);
    }
    const loads = await db.scalar<number>(`SELECT count(*)::INT FROM loads WHERE kind = ?`, [kind]);
    const rejected = await db.scalar<number>(`SELECT count(*)::INT FROM (${CURRENT_REJECTS}) WHERE kind = ?`, [kind]);
    const flagged = flags.filter((f) => f.kind === kind).reduce((s, f) => s + f.rows, 0);
    kinds.push({ kind, rows, periods, loads, rejected, flagged });
  }
  const loads = await listLoads(db);
  const rejects_total = await db.scalar<number>(`SELECT count(*)::INT FROM (${CURRENT_REJECTS})`);
  return { kinds, loads, rejects_total, flags };
}

/** Every load of the workspace, oldest first (status and the report's provenance both list them). */
export async function listLoads(db: Database): Promise<LoadRow[]> {
  const rows = await db.all<LoadRow>(`SELECT load_id, kind, file_name, sheet, sha256,
      coalesce(rows_in_file, 0) AS rows_in_file, coalesce(rows_added, 0) AS rows_added, coalesce(rows_updated, 0) AS rows_updated,
      coalesce(rows_unchanged, 0) AS rows_unchanged, coalesce(rows_skipped, 0) AS rows_skipped, coalesce(rows_rejected, 0) AS rows_rejected,
      strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at, CAST(data_date AS VARCHAR) AS data_date, tool_version, command
    FROM loads ORDER BY load_id`);
  return rows.map((l) => ({ ...l, load_id: Number(l.load_id) }));
}

export async function listRejects(db: Database, limit = 100_000): Promise<RejectRow[]> {
  return db.all<RejectRow>(`${CURRENT_REJECTS} ORDER BY r.file, r.sheet, r."row" LIMIT ${limit}`);
}

export { listFlags, type FlaggedRow };
