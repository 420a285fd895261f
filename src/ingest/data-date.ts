// The data date of a case or petition export: the day its figures are true as of (--as-of, else an
// export or statistics date the title or footer names, else the latest date in the file).
import type { Database } from '../db/database.js';
import { ident } from '../db/database.js';
import { KINDS, type KindName } from '../contract/kinds.js';

/** Kinds whose figures are censored by the export day (open cases and petitions). */
export const DATED_KINDS: KindName[] = ['cases', 'petitions'];

export type DataDateSource = 'as_of' | 'named' | 'latest_date';

// A date written after a word that names the export or statistics day: 截至2026年9月30日,
// 导出日期：2026-10-08, 制表日期：2026年10月8日, 统计日期/数据日期/打印日期. A range such as
// 统计时间：7月1日至9月30日 names a period, not a day, and is not taken.
const NAMED_DATE = /(?:截至|截止(?:日期|时间)?|(?:导出|制表|填表|统计|数据|打印|报表)(?:日期|时间))\s*[:：]?\s*(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?!\d)(?![日号]?\s*(?:至|到|~|～|—|–))/g;

/** The latest export or statistics date named in the text (title rows and footer lines), as yyyy-mm-dd. */
export function namedDataDate(text: string): string | undefined {
  let best: string | undefined;
  for (const m of text.normalize('NFKC').matchAll(NAMED_DATE)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) continue;
    const iso = dt.toISOString().slice(0, 10);
    if (!best || iso > best) best = iso;
  }
  return best;
}

/** The latest date of any date field among rows of a staged table (VARCHAR values as parsed). */
async function latestStagedDate(db: Database, stage: string, kind: KindName): Promise<string | null> {
  const fields = KINDS[kind].fields.filter((f) => (f.type === 'date' || f.type === 'datetime') && !f.future).map((f) => f.name);
  if (!fields.length) return null;
  // Staged dates are canonical text, 'YYYY-MM-DD' and maybe ' HH:MM:SS' (values/date.ts): the
  // latest day is the greatest first ten characters, with no cast of every value (60 ms at 200,000 cases).
  const cols = fields.map((f) => `max(left(${ident(f)}, 10))`);
  const expr = cols.length === 1 ? cols[0] : `greatest(${cols.join(', ')})`;
  const v = await db.scalar<unknown>(`SELECT CAST(TRY_CAST(${expr} AS DATE) AS VARCHAR) FROM ${ident(stage)}`);
  return v === null || v === undefined ? null : String(v);
}

export interface DataDateInput {
  loadId: number;
  kind: KindName;
  /** The staged rows of this sheet (still present). */
  stage: string;
  /** Text of the title rows above the header. */
  titleText: string;
  /** Text of the footer lines below the data (制表人/制表日期…). */
  footers: string[];
  asOf?: string;
}

/**
 * Works out and stores loads.data_date for a case or petition load; other kinds are left alone.
 * Returns the date and where it came from (null when the sheet has no date at all).
 */
export async function recordDataDate(db: Database, input: DataDateInput): Promise<{ date: string; source: DataDateSource } | null> {
  if (!DATED_KINDS.includes(input.kind)) return null;
  let found: { date: string; source: DataDateSource } | null = null;
  if (input.asOf) found = { date: input.asOf, source: 'as_of' };
  else {
    const named = namedDataDate([input.titleText, ...input.footers].join('\n'));
    if (named) found = { date: named, source: 'named' };
    else {
      const latest = await latestStagedDate(db, input.stage, input.kind);
      if (latest) found = { date: latest, source: 'latest_date' };
    }
  }
  if (found) await db.run(`UPDATE loads SET data_date = CAST(? AS DATE) WHERE load_id = ?`, [found.date, input.loadId]);
  return found;
}
