// Finding the header below title rows (one row, or two with merged group cells) and telling
// data rows from blank, total, footer and repeated-header rows.
import type { Cell, RawRow } from './source.js';
import type { KindName } from '../contract/kinds.js';
import { FOOTER_WORDS, TOTAL_WORDS } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import { bestKindScore, headerCandidates, type HeaderColumn, type UserMapping } from './mapping.js';

/** How many leading rows to search for the header. */
export const HEADER_SEARCH_ROWS = 30;

export interface HeaderFound {
  /** Index (into the buffered rows) of the first data row. */
  dataStart: number;
  /** Excel row numbers of the header row(s). */
  headerRowNumbers: number[];
  columns: HeaderColumn[];
  /** Text of the rows above the header (titles), for dates like 截至2026年9月30日. */
  titleText: string;
}

export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

export function singleRowHeader(row: RawRow): HeaderColumn[] {
  return row.cells.map((c, index) => {
    const display = cellText(c);
    return { index, display, candidates: headerCandidates(display) };
  });
}

/** Two header rows: group cells (merged across, value only in the first cell) over sub-headers. */
export function twoRowHeader(top: RawRow, sub: RawRow): HeaderColumn[] {
  const n = Math.max(top.cells.length, sub.cells.length);
  const out: HeaderColumn[] = [];
  let group = '';
  for (let i = 0; i < n; i++) {
    const t = cellText(top.cells[i]);
    const s = cellText(sub.cells[i]);
    if (t) group = t;
    else if (!s) group = '';
    const g = t || (s ? group : '');
    if (!s) {
      out.push({ index: i, display: g, candidates: headerCandidates(g) });
    } else if (!g || g === s) {
      out.push({ index: i, display: s, candidates: headerCandidates(s) });
    } else {
      const candidates = [...headerCandidates(g + s), ...headerCandidates(s + g), ...headerCandidates(s), ...headerCandidates(g)];
      out.push({ index: i, display: `${g}/${s}`, candidates });
    }
  }
  return out;
}

/**
 * Searches the first rows for the header: the row (or pair of rows) naming the most fields of any
 * candidate kind. A pair wins only when its second row adds fields, so a title row above a
 * one-row header is never mistaken for a group row.
 */
export function findHeader(rows: RawRow[], kinds: KindName[], mapping?: UserMapping): HeaderFound | undefined {
  let best: { score: number; start: number; span: 1 | 2; columns: HeaderColumn[] } | undefined;
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const single = singleRowHeader(rows[i]);
    const s1 = bestKindScore(single, kinds, mapping);
    if (s1 > 0 && (!best || s1 > best.score)) best = { score: s1, start: i, span: 1, columns: single };
    if (i + 1 < rows.length && rows[i + 1].row === rows[i].row + 1) {
      const pair = twoRowHeader(rows[i], rows[i + 1]);
      const s2 = bestKindScore(pair, kinds, mapping);
      if (s2 > Math.max(s1, bestKindScore(singleRowHeader(rows[i + 1]), kinds, mapping)) && (!best || s2 > best.score)) {
        best = { score: s2, start: i, span: 2, columns: pair };
      }
    }
  }
  if (!best || best.score < 2) return undefined;
  return headerAt(rows, best.start, best.span, best.columns);
}

/** The header made of rows[start] (and the next row when span is 2), with the title rows above it. */
export function headerAt(rows: RawRow[], start: number, span: 1 | 2, columns: HeaderColumn[]): HeaderFound {
  return {
    dataStart: start + span,
    headerRowNumbers: rows.slice(start, start + span).map((r) => r.row),
    columns,
    titleText: rows
      .slice(0, start)
      .map((r) => r.cells.map(cellText).filter(Boolean).join(' '))
      .join(' '),
  };
}

/**
 * The first header row (or pair) whose signature is one `accept` knows: a remembered mapping's
 * headers, found before the contract's aliases are tried.
 */
export function findKnownHeader(rows: RawRow[], accept: (columns: HeaderColumn[]) => boolean): HeaderFound | undefined {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    if (i + 1 < rows.length && rows[i + 1].row === rows[i].row + 1) {
      const pair = twoRowHeader(rows[i], rows[i + 1]);
      if (accept(pair)) return headerAt(rows, i, 2, pair);
    }
    const single = singleRowHeader(rows[i]);
    if (accept(single)) return headerAt(rows, i, 1, single);
  }
  return undefined;
}

export type RowClass = 'data' | 'blank' | 'total' | 'footer' | 'header';

const TOTAL_RE = new RegExp(`^(全县|全局|全所|全部|本页|本表)?(${TOTAL_WORDS.join('|')}|共计)`);
const FOOTER_RE = new RegExp(`^(${FOOTER_WORDS.join('|')}|注[:：]|备注[:：]|说明[:：]|数据来源)`);

/** Characters that start every total or footer word: rows without them skip the costly checks. */
export const SPECIAL_START_CHARS = [...new Set([...TOTAL_WORDS, ...FOOTER_WORDS, '共计', '全县', '全局', '全所', '全部', '本页', '本表', '注', '备注', '说明', '数据来源'].map((w) => w[0]))];
/** The same characters as UTF-16 code units (one byte per unit), looked up without slicing the cell. */
const SPECIAL_START_UNITS = new Uint8Array(0x10000);
for (const c of SPECIAL_START_CHARS) SPECIAL_START_UNITS[c.charCodeAt(0)] = 1;

/** Does one of the first three characters of `s` start a total or footer word? */
function specialStart(s: string): boolean {
  const n = s.length < 3 ? s.length : 3;
  for (let i = 0; i < n; i++) if (SPECIAL_START_UNITS[s.charCodeAt(i)] === 1) return true;
  return false;
}

/** The named header columns of a sheet, with the first character of each key (and its upper case) worked out once. */
interface HeaderProbe {
  /** A copy of the keys it was made from: a changed array makes a new probe. */
  copy: string[];
  cols: number[];
  keys: string[];
  firsts: string[];
  /** The upper case of each first character, '' when it is the same character. */
  uppers: string[];
  /** The columns have been put in the order that decides a data row soonest. */
  ordered: boolean;
}
const PROBES = new WeakMap<string[], HeaderProbe>();

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Puts first the columns whose cell in this row fails the cheap tests (not text, or shorter than
 * the key): data rows then stop comparing before any text is searched. The count does not depend
 * on the order, so neither does the answer.
 */
function orderProbe(p: HeaderProbe, cells: Cell[]): void {
  const cheap = (j: number): boolean => {
    const c = cells[p.cols[j]];
    return typeof c !== 'string' || c.length < p.keys[j].length;
  };
  const order = p.cols.map((_, j) => j);
  order.sort((a, b) => Number(cheap(b)) - Number(cheap(a)) || a - b);
  p.cols = order.map((j) => p.cols[j]);
  p.keys = order.map((j) => p.keys[j]);
  p.firsts = order.map((j) => p.firsts[j]);
  p.uppers = order.map((j) => p.uppers[j]);
  p.ordered = true;
}

function headerProbe(headerKeys: string[]): HeaderProbe {
  const p = PROBES.get(headerKeys);
  if (p && sameKeys(p.copy, headerKeys)) return p;
  const made: HeaderProbe = { copy: Array.from(headerKeys), cols: [], keys: [], firsts: [], uppers: [], ordered: false };
  for (let i = 0; i < headerKeys.length; i++) {
    const key = headerKeys[i];
    if (!key) continue;
    made.cols.push(i);
    made.keys.push(key);
    made.firsts.push(key[0]);
    // The upper case only when it differs: looking for the same character twice finds nothing new.
    made.uppers.push(key[0].toUpperCase() === key[0] ? '' : key[0].toUpperCase());
  }
  PROBES.set(headerKeys, made);
  return made;
}

/**
 * Classifies a row below the header. Totals and footers are skipped, never rejected. `titles`
 * holds the title rows above the header (normalizeKey of their text): a print-style export repeats
 * them, with the header, at every page break.
 */
export function classifyRow(row: RawRow, headerKeys: string[], titles?: Set<string>): RowClass {
  let first = '';
  let second = '';
  let nonEmpty = 0;
  const cells = row.cells;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null || c === undefined || c === '') continue;
    // Trim only what could be blank or padded; the rest is taken as it is (this runs on every row).
    let t: string;
    if (typeof c === 'string') {
      const a = c.charCodeAt(0);
      const z = c.charCodeAt(c.length - 1);
      t = a <= 32 || z <= 32 || a === 0x3000 || z === 0x3000 || a === 0xa0 || z === 0xa0 || a === 0xfeff ? c.trim() : c;
    } else t = cellText(c);
    if (!t) continue;
    nonEmpty++;
    if (nonEmpty === 1) first = t;
    else if (nonEmpty === 2) second = t;
    else if (nonEmpty > 3) break; // more than three cells: neither blank, total nor footer decides on more
  }
  if (nonEmpty === 0) return 'blank';
  if (titles?.size && nonEmpty <= 2 && titles.has(normalizeKey(first + second))) return 'header';
  if (specialStart(first) || specialStart(second)) {
    const f = normalizeKey(first);
    if (TOTAL_RE.test(f) && f.length <= 12) return 'total';
    const s2 = normalizeKey(second);
    if (nonEmpty >= 2 && TOTAL_RE.test(s2) && s2.length <= 12 && /^\d*$/.test(f)) return 'total';
    if (nonEmpty <= 3 && FOOTER_RE.test(f)) return 'footer';
  }
  // A header row repeated in the middle of the data (page breaks in a print-style export):
  // compare the named columns, looking closer only when the raw text could match.
  const probe = headerProbe(headerKeys);
  if (!probe.ordered) orderProbe(probe, cells);
  const named = probe.cols.length;
  let same = 0;
  for (let j = 0; j < named; j++) {
    // Stop once even every column left matching could not reach the share below: a data row
    // is decided after about half its columns.
    if ((same + named - j) / named < 0.6) return 'data';
    const c = cells[probe.cols[j]];
    const key = probe.keys[j];
    // Cheap tests first: a header cell is at least as long as its key and holds its first character.
    if (typeof c !== 'string' || c.length < key.length) continue;
    if (!c.includes(probe.firsts[j]) && (probe.uppers[j] === '' || !c.includes(probe.uppers[j]))) continue;
    if (normalizeKey(c) === key) same++;
  }
  if (named >= 2 && same / named >= 0.6) return 'header';
  return 'data';
}

/** A snapshot date named in the title rows: 截至2026年9月30日, 2026-09-30, or a quarter (its last day). */
export function dateFromTitle(title: string): string | undefined {
  const t = title.normalize('NFKC');
  const d = t.match(/(20\d\d|19\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})/);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const dt = new Date(Date.UTC(y, m - 1, day));
    if (dt.getUTCMonth() === m - 1 && dt.getUTCDate() === day) return dt.toISOString().slice(0, 10);
  }
  const q = t.match(/(20\d\d)\s*(?:年\s*第?\s*([1-4一二三四])\s*季度|[-\s]?[Qq]([1-4]))/);
  if (q) {
    const digit = q[2] ?? q[3];
    const n = '一二三四'.includes(digit) ? '一二三四'.indexOf(digit) + 1 : Number(digit);
    const end = new Date(Date.UTC(Number(q[1]), n * 3, 0));
    return end.toISOString().slice(0, 10);
  }
  return undefined;
}
