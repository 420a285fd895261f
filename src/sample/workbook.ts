// The auditor workbook of a sample: method and manifest, the answer sheet with dropdowns, and reading it back.
import { msg } from '../i18n/message.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Database } from '../db/database.js';
import { tr, type Lang, type Text } from '../i18n/index.js';
import { normalizeKey } from '../contract/normalize.js';
import { ALGORITHM, compareCodePoints, rankInput, rankKey } from './rank.js';
import { CASES_DEDUP_SQL, NONE_VALUE, UNKNOWN_STATION } from './population.js';
import type { SampleManifest, StratumSummary } from './draw.js';
import type { StratifyKey } from './settings.js';
import { UserError } from '../errors.js';

/** First cell of the hidden manifest sheet: how `sample verify` recognises a sample workbook. */
export const MANIFEST_MARKER = 'jiceng-sample-manifest';
export const MANIFEST_SHEET = 'manifest';
export const LISTS_SHEET = 'lists';

/** Result dropdown values; both spellings are findings.result codes in the contract (合格→pass, 不合格→defect). */
export const RESULT_VALUES: Record<Lang, [pass: string, defect: string]> = { zh: ['合格', '不合格'], en: ['pass', 'defect'] };

export const SHEET_NAMES = {
  method: { zh: '说明', en: 'Method' },
  findings: { zh: '倒查登记', en: 'Findings' },
} satisfies Record<string, Text>;

/**
 * The answer sheet's columns. The answer headers map onto the findings kind (src/contract/kinds.ts);
 * the reference headers deliberately match no alias of any kind, so `jiceng load` sees a findings sheet
 * and nothing else (a sheet naming 办案单位/案件类别/受理时间 would be taken for a cases export).
 */
export const COLUMNS = [
  { id: 'no', title: { zh: '序号', en: 'No.' }, width: 6 },
  { id: 'case_id', title: { zh: '案件编号', en: 'Case ID' }, width: 24, field: 'case_id' },
  { id: 'station', title: { zh: '办案所队', en: 'Police station' }, width: 16 },
  { id: 'case_type', title: { zh: '案件种类', en: 'Case kind' }, width: 9 },
  { id: 'category', title: { zh: '案由类别', en: 'Offence' }, width: 12 },
  { id: 'received_at', title: { zh: '受理', en: 'Received on' }, width: 16 },
  { id: 'filed_at', title: { zh: '立案', en: 'Filed on' }, width: 16 },
  { id: 'solved_at', title: { zh: '破案', en: 'Solved on' }, width: 16 },
  { id: 'closed_at', title: { zh: '结案/查结', en: 'Closed on' }, width: 16 },
  { id: 'officer', title: { zh: '主办人', en: 'Lead officer' }, width: 11 },
  { id: 'amount', title: { zh: '金额(元)', en: 'Amount involved (yuan)' }, width: 13 },
  { id: 'selection', title: { zh: '抽取方式', en: 'Selection' }, width: 9 },
  { id: 'result', title: { zh: '倒查结果', en: 'Result' }, width: 10, field: 'result', answer: true },
  { id: 'defect_type', title: { zh: '问题类型', en: 'Defect type' }, width: 13, field: 'defect_type', answer: true },
  { id: 'reviewer', title: { zh: '倒查人', en: 'Reviewer' }, width: 10, field: 'reviewer', answer: true },
  { id: 'reviewed_at', title: { zh: '倒查日期', en: 'Review date' }, width: 12, field: 'reviewed_at', answer: true },
  { id: 'notes', title: { zh: '备注', en: 'Notes' }, width: 36, field: 'notes', answer: true },
] as const satisfies ReadonlyArray<{ id: string; title: Text; width: number; field?: string; answer?: boolean }>;

type ColumnId = (typeof COLUMNS)[number]['id'];
export const colIndex = (id: ColumnId): number => COLUMNS.findIndex((c) => c.id === id) + 1;
const colLetter = (id: ColumnId): string => String.fromCharCode(64 + colIndex(id));

/** One sampled case with what an auditor needs to pull the file. */
export interface WorkbookRow {
  case_id: string;
  stratum: string;
  certainty: boolean;
  station_name: string;
  case_type: string | null;
  category: string | null;
  received_at: string | null;
  filed_at: string | null;
  solved_at: string | null;
  closed_at: string | null;
  officer: string | null;
  amount: string | null;
}

/** The sampled cases with their details from the cases table (a case since deleted keeps its id and stratum). */
export async function readWorkbookRows(db: Database, manifest: SampleManifest): Promise<WorkbookRow[]> {
  const rows = await db.all<Omit<WorkbookRow, 'station_name'> & { station: string | null; station_name: string | null }>(
    `WITH c AS (${CASES_DEDUP_SQL}),
     s AS (SELECT station_id, min(station_name) AS station_name FROM stations GROUP BY station_id)
     SELECT sc.case_id, sc.stratum, sc.certainty, c.station, s.station_name, c.case_type, c.category,
       strftime(c.received_at, '%Y-%m-%d %H:%M:%S') AS received_at, strftime(c.filed_at, '%Y-%m-%d %H:%M:%S') AS filed_at,
       strftime(c.solved_at, '%Y-%m-%d %H:%M:%S') AS solved_at, strftime(c.closed_at, '%Y-%m-%d %H:%M:%S') AS closed_at,
       c.officer, CAST(c.amount AS VARCHAR) AS amount
     FROM sample_cases sc LEFT JOIN c ON c.case_id = sc.case_id LEFT JOIN s ON s.station_id = sc.station_id
     WHERE sc.sample_id = $id`,
    { id: manifest.sample_id },
  );
  const strata = new Map(manifest.strata.map((s) => [s.stratum, s]));
  const out = rows.map((r) => ({
    ...r,
    certainty: Boolean(r.certainty),
    amount: r.amount === null ? null : String(r.amount),
    station_name: r.station_name ?? strata.get(r.stratum)?.station_name ?? r.station ?? UNKNOWN_STATION,
  }));
  return out.sort(
    (a, b) =>
      compareCodePoints(strata.get(a.stratum)?.station ?? a.stratum, strata.get(b.stratum)?.station ?? b.stratum) ||
      compareCodePoints(a.stratum, b.stratum) ||
      compareCodePoints(a.case_id, b.case_id),
  );
}

export interface WorkbookOptions {
  lang: Lang;
  defectTypes: string[];
}

const CASE_TYPE_TEXT: Record<string, Text> = {
  criminal: { zh: '刑事', en: 'criminal' },
  public_security: { zh: '治安', en: 'public security' },
};

function caseTypeText(code: string | null, lang: Lang): string {
  if (!code) return '';
  return CASE_TYPE_TEXT[code] ? tr(CASE_TYPE_TEXT[code], lang) : code;
}

/** 'YYYY-MM-DD HH:MM:SS' → a Date whose UTC fields are that wall-clock time (exceljs writes dates as UTC). */
export function wallClockDate(s: string): { date: Date; hasTime: boolean } {
  const [d, t = '00:00:00'] = s.split(' ');
  const [y, m, day] = d.split('-').map(Number);
  const [hh, mm, ss] = t.split(':').map(Number);
  return { date: new Date(Date.UTC(y, m - 1, day, hh, mm, ss)), hasTime: hh !== 0 || mm !== 0 || ss !== 0 };
}

function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}

/** A stratum's values in words: 城关派出所 · 刑事 · 盗窃. */
export function stratumLabel(s: Pick<StratumSummary, 'station_name' | 'values'>, lang: Lang): string {
  const parts = [s.station_name];
  const v = s.values as Partial<Record<StratifyKey, string>>;
  if (v.case_type !== undefined) parts.push(v.case_type === NONE_VALUE ? '—' : caseTypeText(v.case_type, lang));
  if (v.category !== undefined) parts.push(v.category === NONE_VALUE ? '—' : v.category);
  return parts.join(' · ');
}

export interface StationCoverage {
  station: string;
  station_name: string;
  population: number;
  certainty: number;
  sampled: number;
  coverage: number;
}

/** Strata summed per station, in station order. */
export function stationCoverage(strata: StratumSummary[]): StationCoverage[] {
  const map = new Map<string, StationCoverage>();
  for (const s of strata) {
    let c = map.get(s.station);
    if (!c) map.set(s.station, (c = { station: s.station, station_name: s.station_name, population: 0, certainty: 0, sampled: 0, coverage: 0 }));
    c.population += s.population;
    c.certainty += s.certainty;
    c.sampled += s.sampled;
  }
  const out = [...map.values()].sort((a, b) => compareCodePoints(a.station, b.station));
  for (const c of out) c.coverage = c.population ? c.sampled / c.population : 0;
  return out;
}

const STRATIFY_TEXT: Record<StratifyKey, Text> = {
  station: { zh: '办案单位', en: 'unit' },
  case_type: { zh: '案件类别（刑事/治安）', en: 'case type (criminal/public security)' },
  category: { zh: '案由', en: 'offence' },
};

/** The plain-words explanation on the first sheet: paragraphs, headings marked; `example` is a drawn case to show a rank worked out. */
export function methodParagraphs(m: SampleManifest, lang: Lang, example?: { case_id: string; stratum: string }): Array<{ text: string; heading: boolean }> {
  const ex = example ?? { case_id: lang === 'zh' ? '<案件编号>' : '<case id>', stratum: m.strata[0]?.stratum ?? '' };
  const by = m.stratify.map((k) => tr(STRATIFY_TEXT[k], lang)).join(lang === 'zh' ? '、' : ', ');
  const vars = {
    q: m.quarter, s: m.quarter_start, e: m.quarter_end, n: m.population_size, by, rate: percent(m.rate, 2), min: m.min_per_stratum,
    seed: m.seed, alg: ALGORITHM, size: m.sample_size, cert: m.certainty_size,
    above: m.include_all_above === null ? '' : m.include_all_above.toFixed(2),
    example: rankInput(m.seed, ex.stratum, ex.case_id), rank: rankKey(m.seed, ex.stratum, ex.case_id), cid: ex.case_id,
    unknown: UNKNOWN_STATION, file: tr(SHEET_NAMES.findings, lang),
  };
  const zh = [
    '一、这份样本是怎么抽出来的（谁也不能挑选，谁都可以核对）',
    '1. 抽样总体：{q}（{s} 至 {e}）受理的重大刑事案件和重大治安案件，共 {n} 件。案件台账没有“是否重大”一列时，该季度全部刑事、治安案件都算在内。',
    '2. 分层：按{by}分层，每一层单独抽取。办案单位不在单位表中的案件，按台账上填写的单位名单独成层（显示为“{unknown}:单位名”）。',
    m.include_all_above === null
      ? '3. 必查案件：本次未设金额线，全部案件参加随机抽取。'
      : '3. 必查案件：涉案金额超过 {above} 元的案件全部倒查（共 {cert} 件），单独计数，不占随机抽取的名额。',
    '4. 每层抽多少：max(每层至少 {min} 件, ⌈{rate} × 该层案件数（必查案件除外）⌉)，且不超过该层案件数。所以全县和每个所队的抽取比例都不低于 {rate}。',
    '5. 抽哪几件：每件案件的“排序码”是文字“{alg}|种子|层代码|案件编号”的 SHA-256 值（十六进制），每层取排序码最小的那几件（必查案件除外）。种子在抽样时确定并记录在下方，层代码见第五部分。例如案件 {cid} 的文字是 {example}，排序码是 {rank}；在任何电脑上都可以核算：printf \'%s\' \'{example}\' | sha256sum 。',
    '6. 同一种子、同一总体，在任何电脑、任何版本的 Node 上结果都相同，与案件导入的先后顺序无关。提高抽样比例再抽一次（种子不变），原来抽中的案件全部保留，只是每层多取排序靠后的几件。',
    '7. 总体指纹：把总体全部案件编号按字节顺序排序、以换行连接，计算 SHA-256。数据有任何增删，指纹就会变化。',
    '8. 核对：jiceng sample verify 本工作簿.xlsx —— 从工作区重新抽取并逐件比对，报告被增加、删除或调换的案件，以及总体是否变化。',
    '二、怎样填写',
    '在“{file}”表中逐件填写：倒查结果（下拉选择 合格/不合格）、问题类型（下拉选择，不合格时填写）、倒查人、倒查日期、备注。其余各列已锁定，请勿修改案件编号，也不要增删行。工作表保护没有密码。',
    '填好后运行 jiceng load 本工作簿.xlsx 导入结果，再运行 jiceng sample findings 查看各所队和全县的问题率及其置信区间。',
  ];
  const en = [
    'I. How this sample was drawn (nobody can choose it, anybody can check it)',
    '1. Population: the major criminal and public-security cases received in {q} ({s} to {e}): {n} cases. When the case export has no major-case column, every criminal and public-security case of the quarter counts.',
    '2. Strata: by {by}; each stratum is drawn separately. Cases whose unit is missing from the stations table form strata by the unit as written ("{unknown}:name").',
    m.include_all_above === null
      ? '3. Certainty items: no amount threshold was set; every case took part in the random draw.'
      : '3. Certainty items: every case with an amount above {above} yuan is reviewed ({cert} cases); they are counted apart and take no place in the random draw.',
    '4. How many per stratum: max({min}, ⌈{rate} × the stratum\'s cases other than certainty items⌉), at most all of them. So the share drawn is at least {rate} in the county and in every station.',
    '5. Which ones: each case\'s rank is the SHA-256 (hex) of the text "{alg}|seed|stratum key|case id"; each stratum takes its lowest ranks (certainty items apart). The seed was fixed at the draw and is recorded below; stratum keys are in part V. For example, case {cid} has the text {example} and the rank {rank}; anyone can recompute it: printf \'%s\' \'{example}\' | sha256sum',
    '6. The same seed and the same population give the same sample on any machine and any Node version, whatever order the cases were loaded in. Raising the rate with the same seed keeps every case already drawn and adds the next ranks.',
    '7. Population digest: the SHA-256 of all the population\'s case ids sorted by byte order and joined by newlines. Any case added or removed changes it.',
    '8. Checking: jiceng sample verify this-workbook.xlsx re-derives the sample from the workspace and compares case by case, reporting any case added, removed or swapped, and whether the population changed.',
    'II. How to fill it in',
    'On the "{file}" sheet, for each case: Result (dropdown: pass/defect), Defect type (dropdown, for defects), Reviewer, Review date, Notes. The other columns are locked: do not edit case ids or add or delete rows. Sheet protection has no password.',
    'Then run jiceng load this-workbook.xlsx to load the findings, and jiceng sample findings for defect rates with their confidence intervals per station and for the county.',
  ];
  const headings = [0, 9];
  return (lang === 'zh' ? zh : en).map((p, i) => ({ text: tr({ zh: p, en: p }, lang, vars), heading: headings.includes(i) }));
}

/** Manifest as labelled rows for the first sheet. */
export function manifestRows(m: SampleManifest, lang: Lang): Array<[string, string]> {
  const T = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
  return [
    [T('样本编号', 'Sample ID'), m.sample_id],
    [T('季度', 'Quarter'), T(`${m.quarter}（${m.quarter_start} — ${m.quarter_end}）`, `${m.quarter} (${m.quarter_start} — ${m.quarter_end})`)],
    [T('抽样比例', 'Sampling rate'), T(`${m.rate}（${percent(m.rate, 2)}）`, `${m.rate} (${percent(m.rate, 2)})`)],
    [T('每层至少', 'Minimum per stratum'), String(m.min_per_stratum)],
    // Names, not codes: 办案单位和案件类别 (not 、, which the header grammar reads as alternatives) / unit, case type.
    [T('分层依据', 'Stratified by'), m.stratify.map((k) => tr(STRATIFY_TEXT[k], lang)).join(T('和', ', '))],
    [T('必查金额线（元）', 'Certainty above (yuan)'), m.include_all_above === null ? T('未设', 'none') : m.include_all_above.toFixed(2)],
    [T('随机种子', 'Seed'), m.seed],
    [T('抽样算法', 'Algorithm'), m.algorithm],
    [T('总体案件数', 'Population size'), String(m.population_size)],
    [T('总体指纹 SHA-256', 'Population digest SHA-256'), m.population_digest],
    [T('样本量', 'Sample size'), String(m.sample_size)],
    [T('其中必查', 'of which certainty items'), String(m.certainty_size)],
    [T('抽样时间（UTC）', 'Drawn at (UTC)'), m.created_at],
    [T('工具版本', 'Tool version'), `jiceng ${m.tool_version}`],
  ];
}

const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFDDE4EE' } };
const ANSWER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFF7D6' } };

/** Protection for every sheet: nothing can be inserted, deleted or reformatted; filtering is allowed. */
const PROTECTION = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: false,
  formatColumns: true,
  formatRows: true,
  insertColumns: false,
  insertRows: false,
  insertHyperlinks: false,
  deleteColumns: false,
  deleteRows: false,
  sort: false,
  autoFilter: true,
  pivotTables: false,
  objects: false,
  scenarios: false,
};

/** Writes the workbook; returns the path. Sheet protection has no password (it guards against slips, not fraud: verify does that). */
export async function writeSampleWorkbook(path: string, manifest: SampleManifest, rows: WorkbookRow[], opts: WorkbookOptions): Promise<string> {
  const { lang } = opts;
  const wb = new ExcelJS.Workbook();
  wb.creator = `jiceng ${manifest.tool_version}`;
  wb.title = `${tr({ zh: '案件倒查样本', en: 'Case backtracking sample' }, lang)} ${manifest.sample_id}`;
  wb.created = new Date(manifest.created_at);
  wb.modified = wb.created;
  const example = rows.find((r) => !r.certainty) ?? rows[0];
  addMethodSheet(wb, manifest, opts, example);
  await addFindingsSheet(wb, manifest, rows, opts);
  await addManifestSheet(wb, manifest, rows);
  await protectAll(wb);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await lockStructure(Buffer.from(await wb.xlsx.writeBuffer())));
  return path;
}

/**
 * Protects the workbook's structure (no sheet added, deleted, renamed or unhidden, so the hidden
 * manifest stays put): exceljs 4.4 cannot write <workbookProtection>, so it goes into
 * xl/workbook.xml here, in the place the schema gives it (after workbookPr).
 */
export async function lockStructure(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const part = zip.file('xl/workbook.xml');
  if (!part) throw new Error('workbook.xml missing from the written workbook');
  const xml = await part.async('string');
  if (/<workbookProtection\b/.test(xml)) return xlsx;
  const tag = '<workbookProtection lockStructure="1"/>';
  const locked = /<workbookPr\b[^>]*\/>/.test(xml)
    ? xml.replace(/(<workbookPr\b[^>]*\/>)/, `$1${tag}`)
    : xml.replace(/(<bookViews\b)/, `${tag}$1`);
  zip.file('xl/workbook.xml', locked);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function addMethodSheet(wb: ExcelJS.Workbook, m: SampleManifest, opts: WorkbookOptions, example?: WorkbookRow): void {
  const { lang } = opts;
  const ws = wb.addWorksheet(tr(SHEET_NAMES.method, lang), {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ showGridLines: false }],
  });
  const widths = [30, 20, 11, 11, 11, 11, 11];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const span = widths.length;
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  let r = 1;
  const para = (text: string, opts2: { bold?: boolean; size?: number } = {}): void => {
    ws.mergeCells(r, 1, r, span);
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.font = { bold: opts2.bold, size: opts2.size ?? 11 };
    const units = [...text].reduce((a, ch) => a + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    ws.getRow(r).height = Math.max(1, Math.ceil(units / (totalWidth * 0.95))) * 15 + (opts2.size ? 8 : 2);
    r++;
  };
  para(`${tr({ zh: '案件倒查样本', en: 'Case backtracking sample' }, lang)} ${m.sample_id}`, { bold: true, size: 14 });
  r++;
  for (const p of methodParagraphs(m, lang, example)) para(p.text, { bold: p.heading });
  r++;
  para(tr({ zh: '三、样本清单', en: 'III. Manifest' }, lang), { bold: true });
  for (const [k, v] of manifestRows(m, lang)) {
    ws.getCell(r, 1).value = k;
    ws.getCell(r, 1).font = { bold: true };
    ws.mergeCells(r, 2, r, span);
    ws.getCell(r, 2).value = v;
    ws.getCell(r, 2).alignment = { wrapText: true };
    for (let c = 1; c <= span; c++) ws.getCell(r, c).border = BORDER;
    r++;
  }
  r++;
  para(tr({ zh: '四、各所队抽取情况', en: 'IV. Coverage per station' }, lang), { bold: true });
  const head = (titles: string[]): void => {
    titles.forEach((t, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = t;
      c.font = { bold: true };
      c.fill = HEAD_FILL;
      c.border = BORDER;
      c.alignment = { horizontal: i >= 2 ? 'right' : 'left' };
    });
    r++;
  };
  const line = (values: Array<string | number>, pctCol?: number): void => {
    values.forEach((v, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = v;
      c.border = BORDER;
      if (i === pctCol) c.numFmt = '0.0%';
    });
    r++;
  };
  // Headers here match no alias of any kind, so `jiceng load` never takes this sheet for data.
  head([tr({ zh: '办案所队', en: 'Police station' }, lang), tr({ zh: '层代码', en: 'Station key' }, lang), tr({ zh: '总体', en: 'Population' }, lang), tr({ zh: '必查', en: 'Certainty' }, lang), tr({ zh: '抽取合计', en: 'Sampled' }, lang), tr({ zh: '覆盖率', en: 'Coverage' }, lang)]);
  const cov = stationCoverage(m.strata);
  for (const s of cov) line([s.station_name, s.station, s.population, s.certainty, s.sampled, s.coverage], 5);
  const totalSampled = cov.reduce((a, s) => a + s.sampled, 0);
  // The county's backtrack coverage over every unit: the same definition as the report's county figure
  // (metrics/backtrack_coverage.sql, county row).
  line([tr({ zh: '全县（全部单位）', en: 'County (all units)' }, lang), '', m.population_size, m.certainty_size, totalSampled, m.population_size ? totalSampled / m.population_size : 0], 5);
  r++;
  para(tr({ zh: '五、分层明细', en: 'V. Strata' }, lang), { bold: true });
  head([tr({ zh: '层', en: 'Stratum' }, lang), tr({ zh: '层代码', en: 'Stratum key' }, lang), tr({ zh: '总体', en: 'Population' }, lang), tr({ zh: '必查', en: 'Certainty' }, lang), tr({ zh: '随机抽取', en: 'Drawn' }, lang), tr({ zh: '抽取合计', en: 'Sampled' }, lang), tr({ zh: '覆盖率', en: 'Coverage' }, lang)]);
  for (const s of m.strata) line([stratumLabel(s, lang), s.stratum, s.population, s.certainty, s.drawn, s.sampled, s.population ? s.sampled / s.population : 0], 6);
}

function cellDate(cell: ExcelJS.Cell, s: string | null): void {
  if (!s) return;
  const { date, hasTime } = wallClockDate(s);
  cell.value = date;
  cell.numFmt = hasTime ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
}

async function addFindingsSheet(wb: ExcelJS.Workbook, m: SampleManifest, rows: WorkbookRow[], opts: WorkbookOptions): Promise<void> {
  const { lang } = opts;
  const ws = wb.addWorksheet(tr(SHEET_NAMES.findings, lang), {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1, activeCell: `${colLetter('result')}2` }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:1',
    },
    headerFooter: {
      oddHeader: `&L${tr({ zh: '案件倒查登记', en: 'Case backtracking findings' }, lang)}&R${m.sample_id}`,
      oddFooter: tr({ zh: '&C第 &P 页，共 &N 页', en: '&CPage &P of &N' }, lang),
    },
  });
  COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
  });
  const header = ws.getRow(1);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = tr(c.title, lang);
    cell.font = { bold: true };
    cell.fill = 'answer' in c && c.answer ? { ...ANSWER_FILL, fgColor: { argb: 'FFFFE699' } } : HEAD_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  header.height = 30;
  const [pass, defect] = RESULT_VALUES[lang];
  rows.forEach((row, i) => {
    const r = ws.getRow(i + 2);
    const set = (id: ColumnId, v: ExcelJS.CellValue): ExcelJS.Cell => {
      const cell = r.getCell(colIndex(id));
      if (v !== null && v !== undefined && v !== '') cell.value = v;
      return cell;
    };
    set('no', i + 1);
    set('case_id', row.case_id); // a string: written as a text cell, leading zeros and =+-@ kept as typed
    set('station', row.station_name);
    set('case_type', caseTypeText(row.case_type, lang));
    set('category', row.category);
    cellDate(r.getCell(colIndex('received_at')), row.received_at);
    cellDate(r.getCell(colIndex('filed_at')), row.filed_at);
    cellDate(r.getCell(colIndex('solved_at')), row.solved_at);
    cellDate(r.getCell(colIndex('closed_at')), row.closed_at);
    set('officer', row.officer);
    if (row.amount !== null) {
      const c = set('amount', Number(row.amount));
      c.numFmt = '#,##0.00';
    }
    set('selection', row.certainty ? tr({ zh: '必查', en: 'certainty' }, lang) : tr({ zh: '随机', en: 'random' }, lang));
    for (let c = 1; c <= COLUMNS.length; c++) {
      const cell = r.getCell(c);
      cell.border = BORDER;
      const spec = COLUMNS[c - 1];
      if ('answer' in spec && spec.answer) {
        cell.protection = { locked: false };
        cell.fill = ANSWER_FILL;
      }
      if (spec.id === 'notes') cell.alignment = { wrapText: true, vertical: 'top' };
    }
    r.getCell(colIndex('reviewed_at')).numFmt = 'yyyy-mm-dd';
  });
  const last = rows.length + 1;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: COLUMNS.length } };
  if (rows.length) {
    // Range validations exist at runtime (exceljs 4.4) but are missing from its typings.
    const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    const range = (id: ColumnId): string => `${colLetter(id)}2:${colLetter(id)}${last}`;
    validations.add(range('result'), {
      type: 'list',
      allowBlank: true,
      formulae: [`"${pass},${defect}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: tr({ zh: '倒查结果', en: 'Result' }, lang),
      error: tr({ zh: '请从下拉列表选择：{p} 或 {d}', en: 'choose from the list: {p} or {d}' }, lang, { p: pass, d: defect }),
      showInputMessage: true,
      promptTitle: tr({ zh: '倒查结果', en: 'Result' }, lang),
      prompt: `${pass} / ${defect}`,
    });
    validations.add(range('defect_type'), {
      type: 'list',
      allowBlank: true,
      formulae: [defectListFormula(wb, opts.defectTypes)],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: tr({ zh: '问题类型', en: 'Defect type' }, lang),
      error: tr({ zh: '请从下拉列表选择问题类型；列表之外的写“其他”并在备注说明', en: 'choose a defect type from the list; anything else: 其他 (other), explained in Notes' }, lang),
    });
    validations.add(range('reviewed_at'), {
      type: 'date',
      operator: 'between',
      allowBlank: true,
      formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2099, 11, 31))],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: tr({ zh: '倒查日期', en: 'Review date' }, lang),
      error: tr({ zh: '请填写日期，例如 2026-10-15', en: 'enter a date, e.g. 2026-10-15' }, lang),
    });
    ws.addConditionalFormatting({
      ref: range('result'),
      rules: [
        {
          type: 'cellIs', operator: 'equal', formulae: [`"${defect}"`], priority: 1,
          style: { font: { color: { argb: 'FF9C0006' }, bold: true }, fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } },
        },
      ],
    });
  }
}

/** An inline list when it fits Excel's 255-character limit and has no commas or quotes; else a range on a hidden sheet. */
function defectListFormula(wb: ExcelJS.Workbook, types: string[]): string {
  const inline = types.join(',');
  if (inline.length <= 250 && !types.some((t) => /[,"]/.test(t))) return `"${inline}"`;
  const ws = wb.getWorksheet(LISTS_SHEET) ?? wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  types.forEach((t, i) => (ws.getCell(i + 1, 1).value = t));
  return `${LISTS_SHEET}!$A$1:$A$${types.length}`;
}

async function addManifestSheet(wb: ExcelJS.Workbook, m: SampleManifest, rows: WorkbookRow[]): Promise<void> {
  const ws = wb.addWorksheet(MANIFEST_SHEET, { state: 'hidden' });
  const kv: Array<[string, string]> = [
    [MANIFEST_MARKER, '1'],
    ['sample_id', m.sample_id],
    ['quarter', m.quarter],
    ['rate', String(m.rate)],
    ['seed', m.seed],
    ['algorithm', m.algorithm],
    ['stratify', m.stratify.join(',')],
    ['min_per_stratum', String(m.min_per_stratum)],
    ['include_all_above', m.include_all_above === null ? '' : m.include_all_above.toFixed(2)],
    ['population_size', String(m.population_size)],
    ['population_digest', m.population_digest],
    ['sample_size', String(m.sample_size)],
    ['created_at', m.created_at],
    ['tool_version', m.tool_version],
  ];
  for (const [k, v] of kv) ws.addRow([k, v]);
  for (const r of rows) ws.addRow(['case', r.case_id, r.stratum, r.certainty ? '1' : '0', rankKey(m.seed, r.stratum, r.case_id)]);
  ws.getColumn(1).width = 20;
  ws.getColumn(2).width = 70;
}

async function protectAll(wb: ExcelJS.Workbook): Promise<void> {
  for (const ws of wb.worksheets) await ws.protect('', PROTECTION);
}

// ---------------------------------------------------------------------------------------------
// Reading a workbook back (sample verify)

/** What `sample verify` takes from a workbook. */
export interface WorkbookContents {
  /** From the hidden manifest sheet; undefined when the sheet is missing. */
  manifest?: Record<string, string>;
  sample_id?: string;
  /** Case ids on the answer sheet, in row order, with their Excel row numbers. */
  cases: Array<{ case_id: string; row: number }>;
  sheet?: string;
}

/** Header spellings of the case-id column (normalised): the findings field's name and aliases, and the English header. */
const CASE_ID_HEADERS = new Set(['案件编号', 'case_id', 'caseid', 'caseno.', 'caseno'].map(normalizeKey));
const SAMPLE_ID_RE = /\b(\d{4}Q[1-4]-[0-9a-f]{8})\b/;

/** Flattens any exceljs cell value (rich text from LibreOffice, formulas, hyperlinks) to text. */
export function cellString(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const o = v as unknown as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((t) => t.text).join('');
  if ('result' in o) return cellString(o.result as ExcelJS.CellValue);
  if ('text' in o) return cellString(o.text as ExcelJS.CellValue);
  return '';
}

export async function readSampleWorkbook(path: string, lang: Lang = 'zh'): Promise<WorkbookContents> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new UserError(msg('sample_workbook_unreadable', { p: path, m: (e as Error).message.split('\n')[0] }), {
      hint: msg('sample_workbook_unreadable_hint'),
    });
  }
  const out: WorkbookContents = { cases: [] };
  for (const ws of wb.worksheets) {
    if (cellString(ws.getCell(1, 1).value).trim() === MANIFEST_MARKER) {
      const kv: Record<string, string> = {};
      ws.eachRow((row) => {
        const k = cellString(row.getCell(1).value).trim();
        if (k && k !== 'case' && !(k in kv)) kv[k] = cellString(row.getCell(2).value).trim();
      });
      out.manifest = kv;
      out.sample_id = kv.sample_id;
      continue;
    }
    if (out.sheet !== undefined || ws.state !== 'visible') continue;
    let headerRow = 0;
    let idCol = 0;
    for (let r = 1; r <= Math.min(ws.rowCount, 10) && !headerRow; r++) {
      const row = ws.getRow(r);
      for (let c = 1; c <= row.cellCount; c++) {
        if (CASE_ID_HEADERS.has(normalizeKey(cellString(row.getCell(c).value)))) {
          headerRow = r;
          idCol = c;
          break;
        }
      }
    }
    if (!headerRow) continue;
    out.sheet = ws.name;
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const id = cellString(ws.getRow(r).getCell(idCol).value).trim();
      if (id) out.cases.push({ case_id: id, row: r });
    }
  }
  if (!out.sample_id) {
    // The hidden sheet was deleted: look for the id in the first sheet's text.
    const first = wb.worksheets[0];
    first?.eachRow((row) => {
      row.eachCell((cell) => {
        const m = SAMPLE_ID_RE.exec(cellString(cell.value));
        if (m && !out.sample_id) out.sample_id = m[1];
      });
    });
  }
  return out;
}
