// The auditor workbook's words: sheet and column names, the method paragraphs and manifest rows, display names.
import type { Lang } from '../i18n/index.js';
import { msg, say, type Message } from '../i18n/message.js';
import { ALGORITHM, rankInput, rankKey } from './rank.js';
import { NONE_VALUE, UNKNOWN_STATION } from './population.js';
import type { SampleManifest, StratumSummary } from './draw.js';
import type { StratifyKey } from './settings.js';

/** First cell of the hidden manifest sheet: how `sample verify` recognises a sample workbook. */
export const MANIFEST_MARKER = 'jiceng-sample-manifest';
export const MANIFEST_SHEET = 'manifest';
export const LISTS_SHEET = 'lists';

/**
 * Result dropdown values: data the loader reads back, not interface words. Both spellings are
 * findings.result codes in the contract (合格→pass, 不合格→defect), so they live with it, not in the catalog.
 */
export const RESULT_VALUES: Record<Lang, [pass: string, defect: string]> = { zh: ['合格', '不合格'], en: ['pass', 'defect'] };

/** Sheet names by catalog code. */
export const SHEET_CODES = { method: 'wb_sheet_method', findings: 'wb_sheet_findings' } as const;

/**
 * The answer sheet's columns (title: a catalog code). The answer headers map onto the findings kind
 * (src/contract/kinds.ts); the reference headers deliberately match no alias of any kind, so `jiceng load`
 * sees a findings sheet and nothing else (a sheet naming 办案单位/案件类别/受理时间 would be taken for a cases export).
 */
export const COLUMNS = [
  { id: 'no', title: 'wb_col_no', width: 6 },
  { id: 'case_id', title: 'wb_col_case_id', width: 24, field: 'case_id' },
  { id: 'station', title: 'wb_col_station', width: 16 },
  { id: 'case_type', title: 'wb_col_case_type', width: 9 },
  { id: 'category', title: 'wb_col_category', width: 12 },
  { id: 'received_at', title: 'wb_col_received_at', width: 16 },
  { id: 'filed_at', title: 'wb_col_filed_at', width: 16 },
  { id: 'solved_at', title: 'wb_col_solved_at', width: 16 },
  { id: 'closed_at', title: 'wb_col_closed_at', width: 16 },
  { id: 'officer', title: 'wb_col_officer', width: 11 },
  { id: 'amount', title: 'wb_col_amount', width: 13 },
  { id: 'selection', title: 'wb_col_selection', width: 9 },
  { id: 'result', title: 'wb_col_result', width: 10, field: 'result', answer: true },
  { id: 'defect_type', title: 'wb_col_defect_type', width: 13, field: 'defect_type', answer: true },
  { id: 'reviewer', title: 'wb_col_reviewer', width: 10, field: 'reviewer', answer: true },
  { id: 'reviewed_at', title: 'wb_col_reviewed_at', width: 12, field: 'reviewed_at', answer: true },
  { id: 'notes', title: 'wb_col_notes', width: 36, field: 'notes', answer: true },
] as const satisfies ReadonlyArray<{ id: string; title: string; width: number; field?: string; answer?: boolean }>;

export type ColumnId = (typeof COLUMNS)[number]['id'];
export const colIndex = (id: ColumnId): number => COLUMNS.findIndex((c) => c.id === id) + 1;

const CASE_TYPE_CODES: Record<string, string> = { criminal: 'sp_case_type_criminal', public_security: 'sp_case_type_public_security' };
const STRATIFY_CODES: Record<StratifyKey, string> = { station: 'sp_stratify_station', case_type: 'sp_stratify_case_type', category: 'sp_stratify_category' };

/** A case type by name (刑事 / criminal); an unknown code as written. */
export function caseTypeText(code: string | null, lang: Lang): string {
  if (!code) return '';
  return CASE_TYPE_CODES[code] ? say(msg(CASE_TYPE_CODES[code]), lang) : code;
}

/** A station's name for people: the placeholder of a case without any unit becomes 未知单位 / unknown unit. */
export function stationDisplayName(name: string, lang: Lang): string {
  return name === UNKNOWN_STATION ? say(msg('sp_unknown_unit'), lang) : name;
}

/** The stratify keys by name, joined: 办案单位和案件类别 (not 、, which the header grammar reads as alternatives) / unit, case type. */
export function stratifyNames(keys: StratifyKey[], lang: Lang, joiner: Message = msg('sp_stratify_joiner')): string {
  return keys.map((k) => say(msg(STRATIFY_CODES[k]), lang)).join(say(joiner, lang));
}

export function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}

/** A stratum's values in words: 城关派出所 · 刑事 · 盗窃. */
export function stratumLabel(s: Pick<StratumSummary, 'station_name' | 'values'>, lang: Lang): string {
  const parts = [stationDisplayName(s.station_name, lang)];
  const v = s.values as Partial<Record<StratifyKey, string>>;
  if (v.case_type !== undefined) parts.push(v.case_type === NONE_VALUE ? '—' : caseTypeText(v.case_type, lang));
  if (v.category !== undefined) parts.push(v.category === NONE_VALUE ? '—' : v.category);
  return parts.join(' · ');
}

/** The plain-words explanation on the first sheet: paragraphs, headings marked; `example` is a drawn case to show a rank worked out. */
export function methodParagraphs(m: SampleManifest, lang: Lang, example?: { case_id: string; stratum: string }): Array<{ text: string; heading: boolean }> {
  const ex = example ?? { case_id: say(msg('wb_case_id_placeholder'), lang), stratum: m.strata[0]?.stratum ?? '' };
  // The workbook is read away from this machine: the command is named plainly, not as it runs here.
  const vars = {
    jiceng: 'jiceng', q: m.quarter, s: m.quarter_start, e: m.quarter_end, n: m.population_size, by: stratifyNames(m.stratify, lang, msg('sp_and')),
    rate: percent(m.rate, 2), min: m.min_per_stratum, seed: m.seed, alg: ALGORITHM, size: m.sample_size, cert: m.certainty_size,
    above: m.include_all_above === null ? '' : m.include_all_above.toFixed(2),
    example: rankInput(m.seed, ex.stratum, ex.case_id), rank: rankKey(m.seed, ex.stratum, ex.case_id), cid: ex.case_id,
    unknown: UNKNOWN_STATION, file: say(msg(SHEET_CODES.findings), lang),
  };
  const codes = [
    'wb_p_heading_drawn', 'wb_p_population', 'wb_p_strata', m.include_all_above === null ? 'wb_p_certainty_none' : 'wb_p_certainty',
    'wb_p_how_many', 'wb_p_which', 'wb_p_same_seed', 'wb_p_digest', 'wb_p_checking', 'wb_p_heading_fill', 'wb_p_fill', 'wb_p_then',
  ];
  const headings = new Set(['wb_p_heading_drawn', 'wb_p_heading_fill']);
  return codes.map((code) => ({ text: say(msg(code, vars), lang), heading: headings.has(code) }));
}

/** Manifest as labelled rows for the first sheet. */
export function manifestRows(m: SampleManifest, lang: Lang): Array<[string, string]> {
  const t = (code: string, params?: Record<string, string | number>): string => say(msg(code, params), lang);
  return [
    [t('wb_m_sample_id'), m.sample_id],
    [t('wb_m_quarter'), t('wb_m_quarter_value', { q: m.quarter, s: m.quarter_start, e: m.quarter_end })],
    [t('wb_m_rate'), t('wb_m_rate_value', { r: m.rate, p: percent(m.rate, 2) })],
    [t('wb_m_min'), String(m.min_per_stratum)],
    [t('wb_m_stratify'), stratifyNames(m.stratify, lang)],
    [t('wb_m_above'), m.include_all_above === null ? t('wb_m_above_none') : m.include_all_above.toFixed(2)],
    [t('wb_m_seed'), m.seed],
    [t('wb_m_algorithm'), m.algorithm],
    [t('wb_m_population'), String(m.population_size)],
    [t('wb_m_digest'), m.population_digest],
    [t('wb_m_size'), String(m.sample_size)],
    [t('wb_m_certainty'), String(m.certainty_size)],
    [t('wb_m_created'), m.created_at],
    [t('wb_m_tool'), `jiceng ${m.tool_version}`],
  ];
}
