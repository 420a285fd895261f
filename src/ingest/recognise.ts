// Recognising a sheet: its header, each kind's mapping with fallbacks and a score, and the one
// kind to load it as, or the reason it cannot be loaded. Shared by `load` and `inspect`.
import { fieldName, fieldWithCode, kindChoice, kindName, kindWithCode } from '../i18n/names.js';
import { KINDS, KIND_NAMES, type KindName } from '../contract/kinds.js';
import { normalizeHeader } from '../contract/headers.js';
import { msg, type Message } from '../i18n/message.js';
import { CONFIDENT, closestHeader, columnSamples, mapColumns, summarize, type ColumnMapping, type Evidence, type HeaderColumn, type UserMapping } from './mapping.js';
import { cellText, dateFromTitle, findHeader, findKnownHeader, singleRowHeader, type HeaderFound } from './header.js';
import type { SheetValues } from './evidence.js';
import type { KnownUnits } from './known-units.js';
import { headerSignature, type RememberedMapping } from './remembered.js';
import type { RawRow } from './source.js';

/** How many headers a "no column for required field" error lists. */
const SEEN_HEADERS = 40;

export interface RecogniseOptions {
  kinds?: KindName[];
  mapping?: UserMapping;
  asOf?: string;
  /** --county: the county of every row of a file without a county column. */
  county?: string;
}

export interface RecogniseEnv {
  units: KnownUnits;
  remembered: RememberedMapping[];
}

export interface KindScore {
  kind: KindName;
  mapping: ColumnMapping;
  score: number;
  /** Fields read from a column with confidence. */
  fieldsMatched: number;
  /** Of those, fields only this kind has (a population, a person id, an item). */
  distinctive: number;
  loadable: boolean;
  /** Notes on fallbacks used: the title's date, --as-of, a sheet name that is a unit, a derived field. */
  notes: Message[];
  /** A sheet or file name tried as the unit and not found among the stations. */
  unitNameRefused?: string;
}

export interface Refusal {
  kind: KindName;
  field: string;
  message: Message;
  hint: Message;
}

export interface SheetRecognition {
  found?: HeaderFound;
  /** Every candidate kind, best first. */
  scores: KindScore[];
  /** The mappings to load: one, or several with --kind a,b. */
  chosen: KindScore[];
  refusals: Refusal[];
  /** The remembered mappings that recognised this header. */
  remembered: RememberedMapping[];
  signature?: string;
}

/** Per kind, the alias spellings no other kind uses (案件类别, 警号, 事项): what tells that kind apart. */
const DISTINCTIVE: Record<KindName, Set<string>> = (() => {
  const spell = (k: KindName): string[] => KINDS[k].fields.flatMap((f) => [f.name, ...f.aliases].map(normalizeHeader));
  const out = {} as Record<KindName, Set<string>>;
  for (const kind of KIND_NAMES) {
    const others = new Set(KIND_NAMES.filter((k) => k !== kind).flatMap(spell));
    out[kind] = new Set(spell(kind).filter((s) => !others.has(s)));
  }
  return out;
})();

/** A column read through a spelling only this kind uses, or through the user's own mapping. */
export function isDistinctive(kind: KindName, e: Evidence): boolean {
  return e.rule === 'map' || e.rule === 'remembered' || DISTINCTIVE[kind].has(normalizeHeader(e.alias));
}

/** Names that say nothing about a unit: Sheet1, 工作表1. */
const GENERIC_NAME = /^(sheet|工作表|表)\s*\d*$/i;

/** Finds the header, maps it onto every candidate kind and decides what the sheet loads as. */
export function recogniseSheet(head: RawRow[], names: { sheet: string; file: string }, options: RecogniseOptions, env: RecogniseEnv): SheetRecognition {
  const bySignature = new Map<string, RememberedMapping[]>();
  for (const r of env.remembered) bySignature.set(r.signature, [...(bySignature.get(r.signature) ?? []), r]);
  let remembered: RememberedMapping[] = [];
  let found: HeaderFound | undefined;
  if (bySignature.size) {
    found = findKnownHeader(head, (cols) => bySignature.has(headerSignature(cols)));
    if (found) remembered = bySignature.get(headerSignature(found.columns))!;
  }
  // A --map on the command line outranks a remembered mapping for the same kind.
  let mapping = options.mapping;
  let kinds = options.kinds;
  if (remembered.length) {
    mapping = { ...Object.fromEntries(remembered.map((r) => [r.kind, r.mapping])), ...(options.mapping ?? {}) };
    kinds = kinds ?? remembered.map((r) => r.kind);
  }
  const candidateKinds = kinds ?? KIND_NAMES;
  found = found ?? findHeader(head, candidateKinds, mapping);
  if (!found) {
    const table = kinds ? undefined : tableOfNoKind(head, sheetLabel(names.file, names.sheet));
    return { scores: [], chosen: [], refusals: table ? [table] : [], remembered };
  }
  const header = found.columns;
  const dataRows = head.slice(found.dataStart).map((r) => r.cells);
  const values: SheetValues = new Map();
  for (const col of header) if (col.candidates.length) values.set(col.index, columnSamples(dataRows, col.index));
  values.units = env.units;

  const scores = candidateKinds.map((kind) => {
    const rememberedHere = remembered.some((r) => r.kind === kind) && !options.mapping?.[kind];
    const m = mapColumns(kind, header, mapping, { values, remembered: rememberedHere });
    return scoreKind(withFallbacks(m, names, found!.titleText, options, env.units), Boolean(kinds));
  });
  scores.sort((a, b) => Number(b.loadable) - Number(a.loadable) || b.score - a.score || candidateKinds.indexOf(a.kind) - candidateKinds.indexOf(b.kind));

  const where = sheetLabel(names.file, names.sheet);
  const refusals: Refusal[] = [];
  let chosen: KindScore[];
  if (kinds) {
    chosen = scores.filter((s) => s.loadable);
    for (const s of scores.filter((x) => !x.loadable)) refusals.push(refusal(s, header, where));
  } else {
    const best = scores[0];
    const also = best?.loadable ? alsoAnotherKind(best, scores) : undefined;
    const twin = best?.loadable && !also ? twinColumns(best, head.slice(found.dataStart)) : undefined;
    if (also) {
      chosen = [];
      refusals.push(twoKinds(best!, also, where));
    } else if (twin) {
      chosen = [];
      refusals.push(twoColumns(best!, twin, where));
    } else if (best?.loadable) chosen = [best];
    else {
      chosen = [];
      // Something of a kind but not enough to load it: an error, never a quiet skip.
      const partial = scores.filter((s) => s.fieldsMatched >= 2).sort((a, b) => b.score - a.score)[0];
      if (partial) refusals.push(refusal(partial, header, where));
    }
  }
  return { found, scores, chosen, refusals, remembered, signature: headerSignature(header) };
}

/**
 * Two columns that read equally well as one required field or unit (办案单位 and 主办单位, 受理时间
 * and 受理日期) and disagree on a row: which one the figures come from is the user's to say. Taking
 * the leftmost quietly put cases on the wrong unit or quarter. Columns that agree on every row read
 * are one fact written twice, and the first is taken as before.
 */
function twinColumns(best: KindScore, rows: RawRow[]): { field: string; a: string; b: string; row: number } | undefined {
  const kind = KINDS[best.kind];
  // A column another field took (下发部门 as the issuer) is that field's, not a twin.
  const used = new Set(best.mapping.columns.values());
  for (const [field, chosen] of best.mapping.evidence) {
    const f = kind.fields.find((x) => x.name === field);
    // The user's --map (or a mapping remembered from it) has said which column: it is taken.
    if (!f || !(f.required || f.unitRef) || chosen.rule === 'map' || chosen.rule === 'remembered') continue;
    for (const other of best.mapping.rejected) {
      if (other.field !== field || used.has(other.column) || other.confidence !== chosen.confidence) continue;
      for (const r of rows) {
        const x = cellText(r.cells[chosen.column]);
        const y = cellText(r.cells[other.column]);
        if (x && y && x !== y) return { field, a: chosen.header, b: other.header, row: r.row };
      }
    }
  }
  return undefined;
}

/**
 * Another kind the sheet also holds: a column only that kind has, for a field it requires (民警数
 * beside 常住人口), which the chosen kind would drop without a word. A table of population and
 * officer counts is both a stations and a headcount export (DATA-CONTRACT): which to load is the
 * user's to say. An optional column of another kind (a 备注 beside a case) is no such sign.
 */
function alsoAnotherKind(best: KindScore, scores: KindScore[]): { score: KindScore; headers: string[] } | undefined {
  const used = new Set(best.mapping.columns.values());
  for (const s of scores) {
    if (s === best || s.distinctive === 0) continue;
    const required = new Set(KINDS[s.kind].fields.filter((f) => f.required).map((f) => f.name));
    const own = [...s.mapping.evidence.values()].filter((e) => e.confidence >= CONFIDENT && required.has(e.field) && isDistinctive(s.kind, e) && !used.has(e.column));
    if (own.length) return { score: s, headers: own.map((e) => e.header) };
  }
  return undefined;
}

function twoColumns(best: KindScore, twin: { field: string; a: string; b: string; row: number }, where: string): Refusal {
  return {
    kind: best.kind, field: twin.field,
    message: msg('sheet_two_columns', { where, field: fieldWithCode(best.kind, twin.field), a: twin.a, b: twin.b, row: twin.row }),
    hint: msg('sheet_two_columns_hint', { json: mapLine(best.kind, twin.a, twin.field) }),
  };
}

/** The --map line that maps one header onto a field, as a user pastes it: {"cases": {"headers": {"办案部门": "station"}}}. */
function mapLine(kind: KindName, header: string, field: string): string {
  return JSON.stringify({ [kind]: { headers: { [header]: field } } }).replace(/":/g, '": ').replace(/,"/g, ', "');
}

function twoKinds(best: KindScore, also: { score: KindScore; headers: string[] }, where: string): Refusal {
  const other = also.score;
  const missing = other.mapping.missingRequired[0];
  return {
    kind: best.kind, field: '',
    message: msg('sheet_two_kinds', { where, kind: kindWithCode(best.kind), other: kindWithCode(other.kind), headers: also.headers.slice(0, SEEN_HEADERS).join(', ') }),
    hint: missing
      ? msg('sheet_two_kinds_missing_hint', { both: `${best.kind},${other.kind}`, one: best.kind, other: kindName(other.kind), field: fieldName(other.kind, missing.name) })
      : msg('sheet_two_kinds_hint', { both: `${best.kind},${other.kind}`, one: best.kind }),
  };
}

/**
 * A row that looks like a table header (three or more cells) naming a field of some kind, in a
 * sheet where no header of any kind was found: a register of something else (vehicles, a budget).
 * It is refused rather than skipped, so a folder load cannot leave it out quietly.
 */
function tableOfNoKind(head: RawRow[], where: string): Refusal | undefined {
  for (const row of head.slice(0, 10)) {
    const cells = row.cells.map((c) => (c === null || c === undefined ? '' : String(c).trim()));
    const named = cells.filter((c) => c && c.length <= 20);
    if (named.length < 3 || named.length < cells.filter(Boolean).length) continue;
    const header = singleRowHeader(row);
    for (const kind of KIND_NAMES) {
      if (mapColumns(kind, header).matched >= 1) {
        return {
          kind, field: '',
          message: msg('sheet_of_no_kind', { where, kind: kindWithCode(kind), seen: named.slice(0, SEEN_HEADERS).join(', ') }),
          hint: msg('sheet_of_no_kind_hint', { name: kindName(kind), kind, kinds: KIND_NAMES.map(kindChoice) }),
        };
      }
    }
  }
  return undefined;
}

/** A kind's score: its fields read with confidence, required and distinctive ones weighing more. */
function scoreKind(m: ColumnMapping & { notes?: Message[]; unitNameRefused?: string }, forced: boolean): KindScore {
  let score = 0;
  let distinctive = 0;
  for (const e of m.evidence.values()) {
    const field = KINDS[m.kind].fields.find((f) => f.name === e.field)!;
    const own = isDistinctive(m.kind, e);
    if (own) distinctive++;
    score += e.confidence * (field.required ? 2 : 1) * (own ? 1.5 : 1);
  }
  const unsure = [...m.evidence.values()].some((e) => e.confidence < CONFIDENT);
  // Forced with --kind, the user vouches for the kind; otherwise a kind needs one field of its own.
  const loadable = m.missingRequired.length === 0 && !unsure && (forced || distinctive > 0);
  return {
    kind: m.kind, mapping: m, score: Math.round(score * 100) / 100, fieldsMatched: m.evidence.size, distinctive, loadable,
    notes: m.notes ?? [], unitNameRefused: m.unitNameRefused,
  };
}

function refusal(s: KindScore, header: HeaderColumn[], where: string): Refusal {
  const kindDef = KINDS[s.kind];
  const missing = s.mapping.missingRequired[0];
  const seenAll = header.map((h) => (h.display.length > 40 ? `${h.display.slice(0, 40)}…` : h.display)).filter(Boolean);
  // A sheet may have 16,000 columns: name the first few, not a 200 KB line.
  const seen = seenAll.slice(0, SEEN_HEADERS).join(', ') + (seenAll.length > SEEN_HEADERS ? `, … (${seenAll.length - SEEN_HEADERS} more)` : '');
  if (!missing) {
    // Every required field is there, but nothing only this kind has: the sheet is of no kind.
    return {
      kind: s.kind, field: '',
      message: msg('sheet_of_no_kind', { where, kind: kindWithCode(s.kind), seen }),
      hint: msg('sheet_of_no_kind_hint', { name: kindName(s.kind), kind: s.kind, kinds: KIND_NAMES.map(kindChoice) }),
    };
  }
  const used = new Set(s.mapping.columns.values());
  const free = header.filter((h) => !used.has(h.index));
  const close = closestHeader(missing, free);
  const json = (h: string): string => mapLine(s.kind, h, missing.name);
  const aliases = missing.aliases.slice(0, 3).join('/');
  if (missing.unitRef && s.unitNameRefused) {
    return {
      kind: s.kind, field: missing.name,
      message: msg('sheet_no_unit_column', { where, kind: kindWithCode(s.kind), field: fieldWithCode(s.kind, missing.name), aliases, name: s.unitNameRefused }),
      hint: msg('sheet_no_unit_column_hint', { json: json(close?.header ?? kindDef.fields.find((f) => f.name === missing.name)!.aliases[0]) }),
    };
  }
  if (missing.name === kindDef.snapshotField && !close) {
    // A roster or headcount table without a date column: the usual fix is the date it was taken on.
    return {
      kind: s.kind, field: missing.name,
      message: msg('sheet_missing_field', { where, kind: kindWithCode(s.kind), field: fieldWithCode(s.kind, missing.name), aliases, seen }),
      hint: msg('sheet_missing_snapshot_hint', { alias: missing.aliases[0] }),
    };
  }
  const message = close
    ? msg('sheet_missing_field_closest', { where, kind: kindWithCode(s.kind), field: fieldWithCode(s.kind, missing.name), aliases, seen, closest: close.header })
    : msg('sheet_missing_field', { where, kind: kindWithCode(s.kind), field: fieldWithCode(s.kind, missing.name), aliases, seen });
  const hint = close ? msg('sheet_missing_field_hint', { json: json(close.header) }) : msg('sheet_missing_field_add_hint', { alias: missing.aliases[0], json: json(missing.aliases[0]) });
  return { kind: s.kind, field: missing.name, message, hint };
}

export function sheetLabel(file: string, sheet: string): string {
  return file === sheet || file.replace(/\.[^.]+$/, '') === sheet ? file : `${file} [${sheet}]`;
}

/**
 * Fields a file may lack but the loader can still fill: the snapshot date (from --as-of or the
 * title: 截至2026年9月30日), a unit reference from a sheet or file name that is a known unit, and a
 * field read from another column (unit kind from the unit's name).
 */
function withFallbacks(
  m: ColumnMapping,
  names: { sheet: string; file: string },
  title: string,
  options: RecogniseOptions,
  units: KnownUnits,
): ColumnMapping & { notes: Message[]; unitNameRefused?: string } {
  const kind = KINDS[m.kind];
  const constants = new Map(m.constants);
  const notes: Message[] = [];
  const snap = kind.snapshotField;
  if (snap && !m.columns.has(snap) && !constants.has(snap)) {
    const fromTitle = dateFromTitle(title);
    if (options.asOf) constants.set(snap, options.asOf);
    else if (fromTitle) constants.set(snap, fromTitle);
    if (constants.has(snap)) notes.push(msg(options.asOf ? 'note_taken_from_as_of' : 'note_taken_from_title', { field: fieldName(m.kind, snap), value: String(constants.get(snap)) }));
  }
  let unitNameRefused: string | undefined;
  for (const f of kind.fields) {
    if (!f.unitRef || !f.required || m.columns.has(f.name) || constants.has(f.name)) continue;
    const fileBase = names.file.replace(/\.[^.]+$/, '').trim();
    const tried = [names.sheet.trim(), fileBase].filter((n) => n && !GENERIC_NAME.test(n));
    const unit = tried.find((n) => units.has(n));
    if (unit) {
      constants.set(f.name, unit);
      // A CSV's sheet is its file: say which name the user gave the unit in.
      const from = unit !== names.sheet.trim() || names.sheet.trim() === fileBase ? 'note_taken_from_file_name' : 'note_taken_from_sheet_name';
      notes.push(msg(from, { field: fieldName(m.kind, f.name), value: unit }));
    } else if (tried.length) unitNameRefused = tried[0];
  }
  // The county of every row, when the file has no county column and --county names it.
  if (options.county !== undefined && kind.fields.some((f) => f.name === 'county') && !m.columns.has('county') && !constants.has('county')) {
    constants.set('county', options.county);
  }
  const columns = new Map(m.columns);
  for (const f of kind.fields) {
    const from = f.deriveFrom;
    if (from && !columns.has(f.name) && !constants.has(f.name) && columns.has(from)) {
      columns.set(f.name, columns.get(from)!);
      notes.push(msg('note_derived_field', { field: fieldName(m.kind, f.name), from: fieldName(m.kind, from), header: f.aliases[0] }));
    }
  }
  const out = summarize(kind, columns, constants);
  out.evidence = m.evidence;
  out.rejected = m.rejected;
  // A column left out for its unit of measure (耗时（分钟）, 人口（万人）): the load says so, not only inspect.
  const leftOut = new Set<string>();
  for (const r of m.rejected) {
    if ((r.values === 'scaled' || r.values === 'other_unit') && !out.columns.has(r.field) && !out.constants.has(r.field) && !leftOut.has(r.field)) {
      leftOut.add(r.field);
      notes.push(msg('note_column_other_unit', { header: r.header, field: fieldName(m.kind, r.field) }));
    }
  }
  if (snap && !out.columns.has(snap) && !out.constants.has(snap)) {
    // A roster without a date cannot be placed in time: make it a missing required field.
    out.missingRequired = [...out.missingRequired, kind.fields.find((f) => f.name === snap)!];
  }
  return Object.assign(out, { notes, unitNameRefused });
}

/** The sheet's failure when nothing loads: for `load` to defer a file whose unit may come later. */
export function waitsForUnits(r: SheetRecognition): boolean {
  return r.chosen.length === 0 && r.refusals.some((x) => x.message.code === 'sheet_no_unit_column');
}
