// `jiceng inspect`: how each sheet of some exports would load (kind, columns → fields with their
// evidence, rows that would load, be skipped or rejected), without writing to any workspace.
import { basename } from 'node:path';
import { DEFAULT_POST_KEYWORDS, type KindName } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import type { MatchRule } from '../contract/headers.js';
import type { Message } from '../i18n/message.js';
import { cellText, classifyRow, HEADER_SEARCH_ROWS } from './header.js';
import { KnownUnits } from './known-units.js';
import type { UserMapping } from './mapping.js';
import { recogniseSheet, type RecogniseOptions } from './recognise.js';
import type { RememberedMapping } from './remembered.js';
import { openTableFile } from './readers/index.js';
import { compileRowParser } from './rows.js';
import type { RawRow } from './source.js';

export interface InspectColumn {
  index: number;
  header: string;
  field: string | null;
  rule: MatchRule | null;
  alias: string | null;
  confidence: number | null;
  /** What the sampled values looked like (dates, not_dates, unit_names…: catalog ev_*). */
  values: string | null;
  /** Also read as this field (a derived field, e.g. unit_kind from the unit's name). */
  also_read_as: string | null;
  /** A field this column's header named but that was not taken, and why. */
  not_taken: { field: string; confidence: number; values: string | null } | null;
}

export interface InspectSheet {
  file: string;
  sheet: string;
  header_rows: number[];
  kind: KindName | null;
  score: number | null;
  runner_up: { kind: KindName; score: number } | null;
  columns: InspectColumn[];
  unmapped: string[];
  notes: Message[];
  refusals: Array<{ message: Message; hint: Message }>;
  remembered: string | null;
  rows: { in_file: number; load: number; skip: number; reject: number } | null;
  /** The mapping used, as a --map file would write it. */
  mapping: UserMapping;
}

export interface InspectEnv {
  units: KnownUnits;
  remembered: RememberedMapping[];
  postKeywords?: Array<[string, string[]]>;
  today: string;
  encoding?: string;
  includeHidden?: boolean;
}

export async function inspectFile(path: string, options: RecogniseOptions, env: InspectEnv): Promise<InspectSheet[]> {
  const table = await openTableFile(path, { encoding: env.encoding });
  const out: InspectSheet[] = [];
  try {
    for await (const sheet of table.sheets) {
      const iter = sheet.rows[Symbol.asyncIterator]();
      const head: RawRow[] = [];
      while (head.length < HEADER_SEARCH_ROWS + 1) {
        const n = await iter.next();
        if (n.done) break;
        head.push(n.value);
      }
      const file = basename(path);
      if (sheet.hidden && !env.includeHidden) {
        for (let n = await iter.next(); !n.done; n = await iter.next());
        continue;
      }
      const rec = recogniseSheet(head, { sheet: sheet.name, file }, options, env);
      const chosen = rec.chosen[0];
      const other = rec.scores.find((s) => s !== chosen && s.fieldsMatched > 0);
      const shown = chosen ?? rec.scores.find((s) => s.kind === rec.refusals[0]?.kind);
      const header = rec.found?.columns ?? [];
      const columns: InspectColumn[] = header
        .filter((h) => h.display)
        .map((h) => {
          const e = shown ? [...shown.mapping.evidence.values()].find((x) => x.column === h.index) : undefined;
          const derived = shown && !e ? [...shown.mapping.columns.entries()].find(([, c]) => c === h.index) : undefined;
          // A spelling matched but was not taken (too unsure, in 万, or another column won): say so.
          const passed = shown && !e ? shown.mapping.rejected.find((x) => x.column === h.index) : undefined;
          return {
            index: h.index, header: h.display, field: e?.field ?? null, rule: e?.rule ?? null, alias: e?.alias ?? null,
            confidence: e?.confidence ?? null, values: e?.values ?? null, also_read_as: derived?.[0] ?? null,
            not_taken: passed ? { field: passed.field, confidence: passed.confidence, values: passed.values ?? null } : null,
          };
        });
      const sheetResult: InspectSheet = {
        file, sheet: sheet.name, header_rows: rec.found?.headerRowNumbers ?? [],
        kind: chosen?.kind ?? null, score: chosen?.score ?? null,
        runner_up: other ? { kind: other.kind, score: other.score } : null,
        columns, unmapped: columns.filter((c) => !c.field).map((c) => c.header),
        notes: shown?.notes ?? [], refusals: rec.refusals.map((r) => ({ message: r.message, hint: r.hint })),
        remembered: rec.remembered[0]?.id ?? null, rows: null,
        mapping: shown ? mappingOf(shown.kind, shown.mapping.evidence, header, shown.mapping.constants) : {},
      };
      if (chosen && rec.found) {
        sheetResult.rows = await countRows(head, iter, rec.found, chosen, env);
      } else {
        for (let n = await iter.next(); !n.done; n = await iter.next());
      }
      out.push(sheetResult);
    }
  } finally {
    await table.dispose();
  }
  return out;
}

/** The mapping as a --map file: every mapped column's header, and the constants. */
function mappingOf(
  kind: KindName,
  evidence: Map<string, { column: number }>,
  header: Array<{ index: number; display: string }>,
  constants: Map<string, string | number | boolean>,
): UserMapping {
  const headers: Record<string, string> = {};
  for (const [field, e] of evidence) {
    const h = header.find((x) => x.index === e.column);
    if (h?.display) headers[h.display] = field;
  }
  const spec: NonNullable<UserMapping[string]> = { headers };
  if (constants.size) spec.constants = Object.fromEntries(constants);
  return { [kind]: spec };
}

/** Runs the rows through the kind's parser: what would load, be skipped (blank, totals, footers) or rejected. */
async function countRows(
  head: RawRow[],
  iter: AsyncIterator<RawRow>,
  found: NonNullable<ReturnType<typeof recogniseSheet>['found']>,
  chosen: ReturnType<typeof recogniseSheet>['chosen'][number],
  env: InspectEnv,
): Promise<{ in_file: number; load: number; skip: number; reject: number }> {
  const header = found.columns;
  const parse = compileRowParser(chosen.kind, chosen.mapping, header, {
    date1904: false, today: env.today, horizon: `${Number(env.today.slice(0, 4)) + 1}${env.today.slice(4)}`,
    postKeywords: env.postKeywords ?? DEFAULT_POST_KEYWORDS,
  });
  const headerKeys: string[] = [];
  for (const h of header) headerKeys[h.index] = h.candidates[0] ?? '';
  const titles = new Set(
    head.filter((r) => r.row < found.headerRowNumbers[0]).map((r) => normalizeKey(r.cells.map(cellText).filter(Boolean).join(''))).filter(Boolean),
  );
  const headerRow = found.headerRowNumbers[found.headerRowNumbers.length - 1];
  let last = headerRow;
  let load = 0;
  let skip = 0;
  let reject = 0;
  const handle = (r: RawRow): void => {
    if (r.row > last + 1) skip += r.row - last - 1;
    last = Math.max(last, r.row);
    if (classifyRow(r, headerKeys, titles) !== 'data') {
      skip++;
      return;
    }
    const o = parse(r.cells, r.row);
    if (o.ok) load++;
    else if ('pending' in o) skip++;
    else reject++;
  };
  for (const r of head.slice(found.dataStart)) handle(r);
  for (let n = await iter.next(); !n.done; n = await iter.next()) handle(n.value);
  return { in_file: last - headerRow, load, skip, reject };
}
