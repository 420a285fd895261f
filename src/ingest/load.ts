// `jiceng load`: each file in one transaction; each sheet detected, mapped, parsed, staged and merged.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { KINDS, KIND_NAMES, type KindName } from '../contract/kinds.js';
import { UserError } from '../errors.js';
import type { Workspace } from '../workspace.js';
import { TOOL_VERSION } from '../version.js';
import type { ColumnMapping, HeaderColumn, UserMapping } from './mapping.js';
import { cellText, HEADER_SEARCH_ROWS } from './header.js';
import { RowTally } from './row-tally.js';
import { recogniseSheet, sheetLabel, waitsForUnits, type Refusal } from './recognise.js';
import { kindWithCode } from '../i18n/names.js';
import { KnownUnits } from './known-units.js';
import { ID_LENGTH, mappingForSheet, readRemembered, rememberMapping, touchMapping } from './remembered.js';
import { msg, say, type Message, type Param } from '../i18n/message.js';
import { compileRowParser, extraFieldsReject, type RowContext, type RowOutcome } from './rows.js';
import { classifyRaw, type RawSpan } from './sql/classify.js';
import { localDate } from './load-options.js';
import { parseRawRows, sqlParsable } from './sql/parse-rows.js';
import { dropRawStage, stageRawCsv, type RawStage } from './sql/raw-csv.js';
import {
  ChunkedAppender, createFlagStage, createRejectStage, createStage, dropStage, FLAG_STAGE_WIDTH, mergeStage, recordRowFlags, REJECT_STAGE_WIDTH, stagedSums,
} from './stage.js';
import { ident } from '../db/database.js';
import { ambiguousInStage, countyKey, fileCounty, resolveUnits, unitIndex } from './resolve.js';
import { settleStations } from './stations.js';
import { openTableFile } from './readers/index.js';
import type { RawRow, SheetSource } from './source.js';
import { parseDate, parseNumber } from './values.js';
import { normalizeKey } from '../contract/normalize.js';
import { recordDataDate } from './data-date.js';

export const LOADABLE_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.csv', '.tsv', '.txt', '.htm', '.html'];

export interface LoadOptions {
  /** Load as these kinds instead of detecting (several: one sheet loaded as each). */
  kinds?: KindName[];
  mapping?: UserMapping;
  mappingName?: string;
  encoding?: string;
  /** Snapshot date for staffing/headcount files without a 统计日期 column; the data date of case and petition files. */
  asOf?: string;
  /** The county the files belong to (--county): units are resolved among its units. */
  county?: string;
  includeHidden?: boolean;
  command?: string;
  onProgress?: (p: { file: string; sheet: string; rows: number }) => void;
  /** For tests: what "today" is when judging future dates. */
  today?: string;
  /**
   * A sheet whose unit can only come from its name, and that name is not a unit yet, throws
   * DeferFile (nothing written) so a folder load can retry the file after its stations table.
   */
  deferUnits?: boolean;
}

/** Thrown by loadFile with deferUnits: the file waits for units that a later file may bring. */
export class DeferFile extends Error {
  constructor() {
    super('file deferred until the stations are loaded');
  }
}

export type SheetStatus = 'loaded' | 'unchanged' | 'failed' | 'ignored';

export interface SheetResult {
  file: string;
  sheet: string;
  kind: KindName | null;
  status: SheetStatus;
  load_id: number | null;
  header_row: number | null;
  rows_in_file: number;
  /** Rows accepted from this sheet: added + updated + unchanged. */
  rows_loaded: number;
  rows_added: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_skipped: number;
  rows_rejected: number;
  /** What the load of this sheet warns about, as catalog messages (stored in loads.warnings). */
  warnings: Message[];
  /** The county the sheet was placed in (--county, or the workspace's one county); null: unknown. */
  county?: string | null;
  error?: Message;
  hint?: Message;
  /** Information lines (a remembered mapping used or saved). */
  notes?: Message[];
  /** The remembered mapping this sheet used or saved. */
  mapping_id?: string;
}

/** Expands folders into the loadable files inside them (not recursive), skipping Excel lock files. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UserError(msg('no_such_path', { path: p }), { hint: msg('check_path_hint'), exitCode: 2 });
    }
    if (st.isDirectory()) {
      const files = readdirSync(abs)
        .filter((f) => LOADABLE_EXTENSIONS.includes(extname(f).toLowerCase()) && !f.startsWith('~$') && !f.startsWith('.'))
        .sort((a, b) => a.localeCompare(b, 'zh'));
      out.push(...files.map((f) => join(abs, f)));
    } else out.push(abs);
  }
  return out;
}

export async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  // 1 MB reads: with the default 64 KB ones, hashing a 27 MB export took 50–75 ms instead of 21–24.
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

export async function loadFile(ws: Workspace, path: string, options: LoadOptions = {}): Promise<SheetResult[]> {
  assertRegularFile(path);
  // Open (and so check) the file before hashing it: a missing or empty file is then a clear refusal.
  const table = await openTableFile(path, { encoding: options.encoding });
  let sha256: string;
  let size: number;
  try {
    ({ sha256, size } = await sha256File(path));
  } catch (e) {
    await table.dispose();
    throw e;
  }
  const fileName = basename(path);
  const today = options.today ?? localDate();
  const ctx: RowContext = {
    date1904: false,
    today,
    horizon: addYear(today),
    postKeywords: ws.config.post_keywords,
  };
  const db = ws.db;
  let results: SheetResult[] = [];
  let raw: RawStage | undefined;
  try {
    // Outside the transaction: a read_csv that fails leaves the file to the Node reader.
    raw = await stageRawCsv(db, table, 'raw_csv');
    const noop = new NoChange();
    try {
      await db.transaction(async () => {
        for await (const sheet of table.sheets) {
          const sheetResults = await loadSheet(ws, sheet, { path, fileName, sha256, size, encoding: table.encoding, raw, delimited: table.format === 'csv' }, options, {
            ...ctx,
            date1904: sheet.date1904,
          });
          results.push(...sheetResults);
        }
        const changed = results.some((r) => r.status === 'loaded');
        if (!changed) {
          noop.results = results;
          throw noop;
        }
        // A file that changed no stations re-resolves only the kinds it loaded.
        const loaded = new Set(results.filter((r) => r.status === 'loaded' && r.kind).map((r) => r.kind!));
        await resolveUnits(db, loaded.has('stations') ? undefined : [...loaded]);
      });
    } catch (e) {
      if (e !== noop) throw e;
      results = noop.results;
    }
  } finally {
    await dropRawStage(db, raw);
    await table.dispose();
  }
  return results;
}

/** /dev/zero, a FIFO or a socket would be read forever (or hashed and read twice): refuse them. */
function assertRegularFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    return; // missing: the reader says so
  }
  if (!st.isFile() && !st.isDirectory()) {
    throw new UserError(msg('not_a_regular_file', { path }), { hint: msg('not_a_regular_file_hint') });
  }
}

/** Thrown inside the transaction when a file changes nothing, so nothing at all is written. */
class NoChange extends Error {
  results: SheetResult[] = [];
}

interface FileInfo {
  path: string;
  fileName: string;
  sha256: string;
  size: number;
  encoding?: string;
  /** A plain UTF-8 CSV read straight into DuckDB: its rows are parsed in SQL. */
  raw?: RawStage;
  /** A CSV: its fields are placed by delimiters, so a row wider than its header is shifted. */
  delimited: boolean;
}

function emptyResult(file: string, sheet: string): SheetResult {
  return {
    file, sheet, kind: null, status: 'ignored', load_id: null, header_row: null, rows_in_file: 0, rows_loaded: 0,
    rows_added: 0, rows_updated: 0, rows_unchanged: 0, rows_skipped: 0, rows_rejected: 0, warnings: [],
  };
}

async function bufferRows(iter: AsyncIterator<RawRow>, n: number): Promise<RawRow[]> {
  const out: RawRow[] = [];
  while (out.length < n) {
    const next = await iter.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

interface Target {
  kind: KindName;
  mapping: ColumnMapping;
  parse: ReturnType<typeof compileRowParser>;
  stage: string;
  rejectStage: string;
  flagStage: string;
  appender: ChunkedAppender;
  rejects: ChunkedAppender;
  flags: ChunkedAppender;
  result: SheetResult;
  /** Rows whose answer cells are all empty (a findings row not reviewed yet): skipped. */
  pending: number;
}

async function loadSheet(ws: Workspace, sheet: SheetSource, file: FileInfo, options: LoadOptions, ctx: RowContext): Promise<SheetResult[]> {
  const db = ws.db;
  const base = emptyResult(file.fileName, sheet.name);
  const iter = sheet.rows[Symbol.asyncIterator]();
  const drain = async (): Promise<void> => {
    for (let n = await iter.next(); !n.done; n = await iter.next());
  };
  if (sheet.hidden && !options.includeHidden) {
    await drain();
    base.warnings.push(msg('warn_hidden_sheet'));
    return [base];
  }
  const head = await bufferRows(iter, HEADER_SEARCH_ROWS + 1);
  const rec = recogniseSheet(head, { sheet: sheet.name, file: file.fileName }, options, {
    units: await KnownUnits.read(db),
    remembered: await readRemembered(db),
  });
  // A sheet named after a unit, in a folder whose stations table loads later: try it again then.
  if (options.deferUnits && waitsForUnits(rec)) throw new DeferFile();
  const found = rec.found;
  if (!found || (!rec.chosen.length && !rec.refusals.length)) {
    await drain();
    if (rec.refusals.length) return rec.refusals.map((x) => failedResult(base, x));
    if (options.kinds) {
      return [{ ...base, status: 'failed', kind: options.kinds[0], error: msg('sheet_no_header_for_kind', { where: sheetLabel(file.fileName, sheet.name), kinds: options.kinds.map(kindWithCode), rows: HEADER_SEARCH_ROWS }), hint: msg('sheet_no_header_for_kind_hint') }];
    }
    base.warnings.push(msg(head.length ? 'warn_no_header' : 'warn_empty_sheet'));
    return [base];
  }
  const header = found.columns;
  base.header_row = found.headerRowNumbers[found.headerRowNumbers.length - 1];

  const targets: Target[] = [];
  const failed: SheetResult[] = rec.refusals.map((x) => failedResult(base, x));
  const remembered = new Map(rec.remembered.map((r) => [r.kind, r]));
  for (const s of rec.chosen) {
    const m = s.mapping;
    const result: SheetResult = { ...base, warnings: [...base.warnings], kind: m.kind };
    const loadId = await db.scalar<number>(`SELECT nextval('load_seq')::INT`);
    const stage = `stg_${loadId}`;
    const rejectStage = `rej_${loadId}`;
    const flagStage = `flg_${loadId}`;
    const width = await createStage(db, stage, m.kind);
    await createRejectStage(db, rejectStage);
    await createFlagStage(db, flagStage);
    let parse;
    try {
      parse = compileRowParser(m.kind, m, header, ctx);
    } catch (e) {
      result.status = 'failed';
      result.error = msg('sheet_bad_constant', { where: sheetLabel(file.fileName, sheet.name), detail: (e as Error).message });
      result.hint = msg('sheet_bad_constant_hint');
      failed.push(result);
      continue;
    }
    for (const w of s.notes) result.warnings.push(w);
    const used = remembered.get(m.kind);
    if (used && !options.mapping?.[m.kind]) {
      result.notes = [msg('mapping_remembered_used', { id: used.id, source: used.source, date: used.created_at.slice(0, 10) })];
      result.mapping_id = used.id;
      await touchMapping(db, used.signature, used.kind);
    } else if (options.mapping && rec.signature) {
      const spec = mappingForSheet(options.mapping, m.kind, header);
      if (spec) {
        await rememberMapping(db, { signature: rec.signature, kind: m.kind, mapping: spec, source: options.mappingName ?? '--map', headers: header.map((h) => h.display) });
        result.notes = [msg('mapping_remembered_saved', { id: rec.signature.slice(0, ID_LENGTH) })];
        result.mapping_id = rec.signature.slice(0, ID_LENGTH);
      }
    }
    result.load_id = loadId;
    targets.push({
      kind: m.kind, mapping: m, parse, stage, rejectStage, flagStage, result, pending: 0,
      appender: await ChunkedAppender.open(db, stage, width),
      rejects: await ChunkedAppender.open(db, rejectStage, REJECT_STAGE_WIDTH),
      flags: await ChunkedAppender.open(db, flagStage, FLAG_STAGE_WIDTH),
    });
  }
  if (!targets.length) {
    await drain();
    return failed;
  }

  // The data rows: through Node row by row, or (a plain CSV staged raw) classified and parsed in SQL.
  const headerKeys: string[] = [];
  for (const h of header) headerKeys[h.index] = h.candidates[0] ?? '';
  const titles = new Set(
    head
      .filter((r) => r.row < found.headerRowNumbers[0])
      .map((r) => normalizeKey(r.cells.map(cellText).filter(Boolean).join('')))
      .filter(Boolean),
  );
  const tally = new RowTally(base.header_row!, headerKeys, titles);
  const progress = (rows: number): void => options.onProgress?.({ file: file.fileName, sheet: sheet.name, rows });
  // A CSV row wider than its header is rejected whole (rows.ts extraFieldsReject).
  const extraFrom = file.delimited ? Math.max(...head.filter((r) => found.headerRowNumbers.includes(r.row)).map((r) => r.cells.length)) : undefined;
  const handle = (r: RawRow): void => {
    if (!tally.isData(r)) return;
    const extra = extraFrom === undefined ? undefined : extraFieldsReject(r.cells, extraFrom);
    for (const t of targets) pushOutcome(t, extra ?? t.parse(r.cells, r.row), r.row);
    if (tally.dataRows % 5000 === 0) progress(tally.dataRows);
  };
  const headRows = head.slice(found.dataStart);
  // A longer file (rows beyond the first ones read), every kind one SQL can parse: SQL parses all
  // its data rows, the first ones too, so one path fills the stage in file order.
  const sqlTargets = head.length > HEADER_SEARCH_ROWS && targets.every((t) => sqlParsable(t.kind, t.mapping, header));
  /** Tables the stages read (rows parsed in SQL), dropped after them. */
  const stageReads: string[] = [];
  if (file.raw && sqlTargets) {
    const headOther = headRows.filter((r) => !tally.isData(r)).map((r) => r.row);
    await iter.return?.();
    closeAppenders(targets);
    const span = { from: head[found.dataStart - 1].row, after: head[head.length - 1].row, other: headOther };
    stageReads.push(...(await sqlRows(db, file.raw, span, tally, targets, header, ctx, extraFrom)));
  } else {
    for (const r of headRows) handle(r);
    for (let n = await iter.next(); !n.done; n = await iter.next()) handle(n.value);
    closeAppenders(targets);
  }
  const { lastRow, skipped, hiddenRows, uncachedFormulas, footers } = tally;
  const totalRow = tally.seenTotals.filter((r) => !/小计/.test(r.cells.map(cellText).join(''))).pop();
  progress(tally.dataRows);

  const out: SheetResult[] = [...failed];
  for (const t of targets) {
    const r = t.result;
    // Units within their county: the file's county, stations settled against the workspace, and a
    // sheet whose unit names belong to several counties refused rather than guessed.
    const index = await unitIndex(db);
    const county = fileCounty(index, options.county);
    // '' (the unnamed county of a workspace whose stations name none) is kept in loads.county only.
    r.county = county === '' ? null : county;
    const settled = t.kind === 'stations' ? await settleStations(db, t.stage, t.rejectStage, county, displayOf(t.mapping, header, 'station_id')) : undefined;
    if (settled?.coded) r.warnings.push(msg('warn_stations_coded', { n: settled.coded }));
    const ambiguous =
      settled
        ? settled.ambiguous
        : county === null && index.counties.length > 1
          ? await ambiguousInStage(db, t.stage, t.kind, index)
          : undefined;
    if (ambiguous) {
      const where = sheetLabel(file.fileName, sheet.name);
      r.status = 'failed';
      r.load_id = null;
      r.error = msg('ambiguous_unit_no_county', { where, unit: ambiguous.unit, counties: ambiguous.counties.join('、') });
      r.hint = msg('ambiguous_unit_no_county_hint', { county: ambiguous.counties.find((c) => c !== '-') ?? ambiguous.counties[0] });
      await dropStage(db, t.stage);
      await db.run(`DROP TABLE IF EXISTS ${t.rejectStage}; DROP TABLE IF EXISTS ${t.flagStage}`);
      out.push(r);
      continue;
    }
    const keyLabel = KINDS[t.kind].key.map((k) => displayOf(t.mapping, header, k)).join('+');
    const counts = await mergeStage(db, t.stage, t.kind, { loadId: r.load_id!, file: file.fileName, sheet: sheet.name, sha256: file.sha256 }, t.rejectStage, keyLabel, { index, county });
    const rejected = await db.scalar<number>(`SELECT count(*)::INT FROM ${t.rejectStage}`);
    r.rows_in_file = lastRow - base.header_row!;
    r.rows_added = counts.added;
    r.rows_updated = counts.updated;
    r.rows_unchanged = counts.unchanged;
    r.rows_loaded = counts.added + counts.updated + counts.unchanged;
    r.rows_skipped = skipped + counts.duplicates + t.pending;
    if (t.pending) r.warnings.push(msg('warn_pending_rows', { n: t.pending }));
    r.rows_rejected = rejected;
    if (counts.duplicates) r.warnings.push(duplicateWarning(counts.duplicates, counts.duplicateGroups));
    if (counts.conflicts) r.warnings.push(msg('warn_conflicts', { n: counts.conflicts }));
    for (const p of counts.replaced) {
      const from = p.file === file.fileName ? `${p.file} [${p.sheet}]` : p.file;
      r.warnings.push(msg('warn_differs_from_earlier', { n: p.records, file: from, load: p.load_id }));
    }
    if (hiddenRows) r.warnings.push(msg('warn_hidden_rows', { n: hiddenRows }));
    if (uncachedFormulas) {
      r.warnings.push(msg('warn_uncached_formulas', { n: uncachedFormulas }));
    }
    if (t.kind === 'stations') {
      const zero = await zeroPopulationStations(db, t.stage);
      if (zero) r.warnings.push(msg('warn_zero_population', { n: zero }));
    }
    if (totalRow) r.warnings.push(...(await checkTotals(db, t, header, totalRow)));
    const flagged = await recordRowFlags(db, t.kind, t.flagStage, { loadId: r.load_id!, file: file.fileName, sheet: sheet.name });
    const notices = r.warnings;
    if (flagged.flagged) notices.push(msg('rows_flagged_optional', { n: flagged.flagged }));
    for (const d of flagged.derived) notices.push(msg('rows_value_derived', { n: d.rows, column: d.column, from: d.from }));
    // --county naming no county of the workspace: a typo leaves every unit unknown, so say so.
    if (options.county !== undefined && t.kind !== 'stations' && index.counties.length && !index.counties.some((c) => countyKey(c) === countyKey(options.county))) {
      notices.push(msg('county_not_in_workspace', { county: options.county, counties: index.counties.map((c) => c ?? '-').join('、') }));
    }
    r.status = counts.added + counts.updated > 0 || !(await loadedBefore(db, file.sha256, sheet.name, t.kind)) ? 'loaded' : 'unchanged';
    await db.run(`INSERT INTO rejects SELECT ?, ?, ?, ?, CAST("row" AS INTEGER), "column", reason, code, params FROM ${t.rejectStage}`, [
      r.load_id!, t.kind, file.fileName, sheet.name,
    ]);
    await db.run(
      `INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP, now()::TIMESTAMP, ?, ?, NULL, ?)`,
      [
        r.load_id!, t.kind, file.path, file.fileName, sheet.name, file.sha256, file.size, file.encoding ?? null, r.header_row,
        r.rows_in_file, r.rows_added, r.rows_updated, r.rows_unchanged, r.rows_skipped, r.rows_rejected,
        JSON.stringify(r.warnings.map((w) => ({ code: w.code, params: w.params ?? {} }))),
        options.mappingName ?? null, TOOL_VERSION, options.command ?? null, county,
      ],
    );
    await recordDataDate(db, { loadId: r.load_id!, kind: t.kind, stage: t.stage, titleText: found.titleText, footers, asOf: options.asOf });
    await dropStage(db, t.stage);
    await db.run(`DROP TABLE IF EXISTS ${t.rejectStage}; DROP TABLE IF EXISTS ${t.flagStage}`);
    out.push(r);
  }
  for (const name of stageReads) await db.run(`DROP TABLE IF EXISTS ${ident(name)}`);
  return out;
}

function pushOutcome(t: Target, outcome: RowOutcome, row: number): void {
  if (outcome.ok) {
    t.appender.push(outcome.values);
    if (outcome.flags) for (const f of outcome.flags) t.flags.push([String(row), f.column, f.field, f.code, JSON.stringify(f.params)]);
  } else if ('pending' in outcome) t.pending++;
  else t.rejects.push([String(row), outcome.column, say(outcome.reason, 'en'), outcome.reason.code, JSON.stringify(outcome.reason.params ?? {})]);
}

function closeAppenders(targets: Target[]): void {
  for (const t of targets) {
    t.appender.close();
    t.rejects.close();
    t.flags.close();
  }
}

/**
 * The data rows of a raw-staged CSV after record `span.from`: classified and parsed in SQL
 * (ingest/sql), each target's stage a view over the raw rows. Returns the tables those views read,
 * to drop once the sheet is merged.
 */
async function sqlRows(db: Workspace['db'], raw: RawStage, span: RawSpan, tally: RowTally, targets: Target[], header: HeaderColumn[], ctx: RowContext, extraFrom: number | undefined): Promise<string[]> {
  const records = await db.scalar<number>(`SELECT count(*)::INT FROM ${raw.ref}`);
  tally.lastRow = Math.max(tally.lastRow, records);
  const { dataSql, nonData } = await classifyRaw(db, raw, span, tally.headerKeys, tally.titles, (r, cls) => tally.other(r, cls));
  const read = [nonData];
  for (const t of targets) {
    const { rows, lookups } = await parseRawRows(db, raw, dataSql, { kind: t.kind, mapping: t.mapping, header, stage: t.stage, rejectStage: t.rejectStage, flagStage: t.flagStage, extraFrom }, ctx);
    // Every data row: the first ones, already counted as the reader gave them, included.
    if (t === targets[0]) tally.dataRows = rows;
    read.push(...lookups);
  }
  return read;
}

/** "2 exact duplicate row(s) skipped, the first of each kept: rows 9, 10; rows 3, 12": never silent. */
function duplicateWarning(n: number, groups: number[][]): Message {
  const examples: Param[] = groups.map((g) => msg('rows_list', { rows: g.join(', ') }));
  if (groups.reduce((s, g) => s + g.length - 1, 0) < n) examples.push('…');
  return msg('warn_duplicates', { n, examples });
}

/**
 * Police stations (派出所) declaring a population of 0: loaded as written (the metrics then give no
 * per-10,000 figure, reason no_population) and flagged (quality/flags.ts zero_population).
 */
async function zeroPopulationStations(db: Workspace['db'], stage: string): Promise<number> {
  return db.scalar<number>(`SELECT count(*)::INT FROM ${stage}
    WHERE unit_kind = 'station' AND CAST(coalesce(population_resident, population_registered) AS DOUBLE) = 0`);
}

async function loadedBefore(db: Workspace['db'], sha256: string, sheet: string, kind: KindName): Promise<boolean> {
  const n = await db.scalar<number>(`SELECT count(*)::INT FROM loads WHERE sha256 = ? AND sheet = ? AND kind = ?`, [sha256, sheet, kind]);
  return n > 0;
}

function displayOf(m: ColumnMapping, header: HeaderColumn[], field: string): string {
  const col = m.columns.get(field);
  return col !== undefined ? header[col]?.display || field : field;
}

function failedResult(base: SheetResult, x: Refusal): SheetResult {
  return {
    ...base, warnings: [...base.warnings], kind: x.kind, status: 'failed',
    error: x.message, hint: x.hint,
  };
}

/** A total row is a control total: its figures must equal the sums of the loaded rows. */
async function checkTotals(db: Workspace['db'], t: Target, header: HeaderColumn[], total: RawRow): Promise<Message[]> {
  const fields = KINDS[t.kind].fields.filter((f) => f.summable && t.mapping.columns.has(f.name)).map((f) => f.name);
  const sums = await stagedSums(db, t.stage, fields);
  const warnings: Message[] = [];
  for (const f of fields) {
    const col = t.mapping.columns.get(f)!;
    const parsed = parseNumber(total.cells[col] ?? null);
    if (!parsed.ok || parsed.value === null) continue;
    const declared = parsed.value;
    const actual = sums[f];
    if (Math.abs(declared - actual) > 1e-6 * Math.max(1, Math.abs(declared))) {
      const params = { row: total.row, column: header[col].display, declared: fmt(declared), actual: fmt(actual) };
      warnings.push(t.result.rows_rejected ? msg('warn_total_mismatch_rejected', { ...params, rejected: t.result.rows_rejected }) : msg('warn_total_mismatch', params));
    }
  }
  return warnings;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function addYear(d: string): string {
  return `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
}
