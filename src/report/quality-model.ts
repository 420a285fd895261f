// The report's data-quality and provenance sections: rejected and flagged rows (personal fields masked), declared-count gaps, the loads.
import type { Database } from '../db/database.js';
import { ident } from '../db/database.js';
import { KINDS, KIND_NAMES } from '../contract/kinds.js';
import { fieldName } from '../i18n/names.js';
import { say } from '../i18n/message.js';
import type { MetricsResult } from '../metrics/run.js';
import { listLoads, listRejects, rejectMessage, type LoadRow, type RejectRow } from '../status.js';
import { flagSources, listFlags, summarizeFlags, type FlaggedRow, type FlagSummary } from '../quality/flags.js';
import { maskIdNumber, maskName, maskPhone } from './mask.js';
import { INDICATORS, codeLabel, flagLabel, kindLabel, type Lang } from './labels.js';
import type { ReportOptions } from './model.js';

export interface FlaggedRowModel {
  kind: string;
  flag: string;
  file: string;
  sheet: string;
  row: number;
  column: string;
  value: string | null;
  record: string | null;
  /** Personal fields of the row: masked unless the report includes personal data. Workbook only. */
  name: string | null;
  id_number: string | null;
  phone: string | null;
}

export interface GapRow {
  label: string;
  indicator: string;
  date: string;
  declared: number;
  recorded: number;
  gap: number;
}

export interface QualityModel {
  rejects_total: number;
  rejects: RejectRow[];
  reject_summary: Array<{ kind: string; file: string; sheet: string; column: string; reason: string; rows: number }>;
  flags: FlagSummary[];
  flagged_rows: FlaggedRowModel[];
  flagged_total: number;
  gaps: GapRow[];
  /** Personal fields in flagged_rows are masked. */
  masked: boolean;
}

/** A load as the provenance lists it: status's row (one query over `loads`), with the rows taken in. */
export interface LoadModel extends LoadRow {
  /** Added, updated and unchanged rows. */
  rows_loaded: number;
}

/** Flag conditions per kind, as src/quality/flags.ts defines them, to find the flagged rows' keys and personal fields. */
function flaggedRowsSql(): string[] {
  const q: string[] = [];
  for (const kind of KIND_NAMES) {
    const k = KINDS[kind];
    // The same conditions as the flags themselves (quality/flags.ts), with the record and its personal fields.
    const conds = flagSources().filter((s) => s.kind === kind).map((s) => `(${s.where})`);
    if (!conds.length) continue;
    const field = (p: string): string => {
      const f = k.fields.find((x) => x.personal === p);
      return f ? `CAST(${ident(f.name)} AS VARCHAR)` : 'NULL::VARCHAR';
    };
    const key = k.key.length ? `concat_ws(' / ', ${k.key.map((x) => `CAST(${ident(x)} AS VARCHAR)`).join(', ')})` : 'NULL::VARCHAR';
    q.push(`SELECT '${kind}' AS kind, _file AS file, _sheet AS sheet, _row AS "row", ${key} AS record,
      ${field('name')} AS name, ${field('id_number')} AS id_number, ${field('phone')} AS phone
      FROM ${ident(kind)} WHERE ${conds.join(' OR ')}`);
  }
  return q;
}

/** A flagged row's record key and personal fields, as flaggedRowsSql reads them. */
interface FlaggedExtra {
  record: string | null;
  name: string | null;
  id_number: string | null;
  phone: string | null;
}

/**
 * What the data-quality section reads from the workspace: rejected and flagged rows of every county,
 * the same for every report of one run (a city's county reports share one read).
 */
export interface QualityRows {
  rejects: RejectRow[];
  flags: FlagSummary[];
  flagged: FlaggedRow[];
  /** Keyed kind, file, sheet, row (joined by U+0001). */
  extra: Map<string, FlaggedExtra>;
}

/** Reads the rows of the data-quality section; `limit`: most flagged rows listed one by one. */
export async function readQualityRows(db: Database, limit: number): Promise<QualityRows> {
  const rejects = await listRejects(db);
  const flags = await summarizeFlags(db);
  const flagged = await listFlags(db, limit);
  const extra = new Map<string, FlaggedExtra>();
  const sql = flaggedRowsSql();
  if (sql.length) {
    const rows = await db.all<{ kind: string; file: string; sheet: string; row: number } & FlaggedExtra>(sql.join(' UNION ALL '));
    for (const r of rows) extra.set([r.kind, r.file, r.sheet, r.row].join('\u0001'), r);
  }
  return { rejects, flags, flagged, extra };
}

/** The data-quality section; `opts.qualityRows` when the run already read them (readQualityRows with the same row limit). */
export async function buildQuality(db: Database, result: MetricsResult, labels: Map<string, string>, lang: Lang, opts: ReportOptions): Promise<QualityModel> {
  const limit = opts.rowLimit ?? 5000;
  const read = await (opts.qualityRows ? opts.qualityRows() : readQualityRows(db, limit));
  const allRejects = read.rejects.map((r) => ({ ...r, reason: say(rejectMessage(r), lang) }));
  const summary = new Map<string, QualityModel['reject_summary'][number]>();
  for (const r of allRejects) {
    const k = [r.kind, r.file, r.sheet, r.column, r.reason].join('\u0001');
    const s = summary.get(k) ?? { kind: r.kind, file: r.file, sheet: r.sheet, column: r.column, reason: r.reason, rows: 0 };
    s.rows++;
    summary.set(k, s);
  }
  const flags = [...read.flags];
  const flagged = read.flagged;
  const flaggedTotal = flags.reduce((n, f) => n + f.rows, 0);
  const extra = read.extra;
  const masked = !opts.includePersonalData;
  const flagged_rows: FlaggedRowModel[] = flagged.map((f) => {
    const x = extra.get([f.kind, f.file, f.sheet, f.row].join('\u0001'));
    return {
      kind: kindLabel(f.kind, lang),
      flag: flagLabel(f.flag, lang),
      file: f.file,
      sheet: f.sheet,
      row: Number(f.row),
      column: say(fieldName(f.kind, f.column), lang),
      value: f.value,
      record: x?.record ?? null,
      name: x?.name == null ? null : masked ? maskName(x.name) : x.name,
      id_number: x?.id_number == null ? null : masked ? maskIdNumber(x.id_number) : x.id_number,
      phone: x?.phone == null ? null : masked ? maskPhone(x.phone) : x.phone,
    };
  });

  const gaps: GapRow[] = [];
  for (const v of result.values) {
    if (v.metric !== 'declared_vs_recorded' || v.scope !== 'station' || !v.detail || typeof v.detail !== 'object') continue;
    const list = (v.detail as { gaps?: Array<{ indicator: string; date: string; declared: number; recorded: number; gap: number }> }).gaps ?? [];
    for (const g of list) {
      if (Number(g.gap) === 0) continue;
      gaps.push({
        label: labels.get(v.station_id!) ?? v.station_name ?? '',
        indicator: codeLabel(INDICATORS, g.indicator, lang),
        date: String(g.date),
        declared: Number(g.declared),
        recorded: Number(g.recorded),
        gap: Number(g.gap),
      });
    }
  }
  return {
    rejects_total: allRejects.length,
    rejects: allRejects.slice(0, limit),
    reject_summary: [...summary.values()].sort((a, b) => b.rows - a.rows || a.file.localeCompare(b.file)),
    flags,
    flagged_rows,
    flagged_total: flaggedTotal,
    gaps,
    masked,
  };
}

/** The workspace's loads for the provenance section; `read`: the run's listLoads already under way. */
export async function buildLoads(db: Database, read?: Promise<LoadRow[]>): Promise<LoadModel[]> {
  return (await (read ?? listLoads(db))).map((l) => ({ ...l, rows_loaded: l.rows_added + l.rows_updated + l.rows_unchanged }));
}
