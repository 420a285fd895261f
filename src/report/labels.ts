// Words of the reports: every label is a catalog code (src/i18n/catalog/reportlabels.ts and the trend,
// figures and display-name domains), rendered in the report's language. Tables keyed by a code union
// are typed by it, so a new group or sheet cannot compile without its label.
import type { Lang } from '../i18n/index.js';
import { msg, say, type Param } from '../i18n/message.js';
import { kindName } from '../i18n/names.js';
import type { REPORT_LABELS } from '../i18n/catalog/reportlabels.js';
import type { TRENDS } from '../i18n/catalog/trends.js';
import type { FIGURES } from '../i18n/catalog/figures.js';
import type { LABELS } from '../i18n/catalog/labels.js';
import { GROUPS, type MetricGroup } from '../metrics/format.js';
import type { ScoreMethod } from '../metrics/score.js';
import { listText, partsText } from '../format.js';
import type { UserError } from '../errors.js';

export type { Lang };

/** A code the reports may show: a typo or a code of another domain does not compile. */
export type ReportCode = keyof typeof REPORT_LABELS | keyof typeof TRENDS | keyof typeof FIGURES | keyof typeof LABELS;

/** A report label in the language: t('report_period', lang, { start, end }). */
export function t(code: ReportCode, lang: Lang, params?: Record<string, Param>): string {
  return say(msg(code, params), lang);
}

/** Sheet names (≤ 31 characters, none of : \ / ? * [ ]) and HTML section titles. */
export const SHEETS = {
  summary: 'report_sheet_summary',
  plan: 'report_sheet_plan',
  quality: 'report_sheet_quality',
  provenance: 'report_sheet_provenance',
  changes: 'report_sheet_changes',
} as const satisfies Record<string, ReportCode>;

/** Metric group titles (HTML sections, workbook headers). */
export const GROUP_TITLES = {
  staffing: 'group_staffing',
  workload: 'group_workload',
  report_burden: 'group_report_burden',
  petitions: 'group_petitions',
  backtracking: 'group_backtracking',
  integrity: 'group_integrity',
  other: 'group_other',
} as const satisfies Record<MetricGroup, ReportCode>;

/** Short group names for sheet tabs. */
export const GROUP_SHEETS = {
  staffing: 'group_sheet_staffing',
  workload: 'group_sheet_workload',
  report_burden: 'group_sheet_report_burden',
  petitions: 'group_sheet_petitions',
  backtracking: 'group_sheet_backtracking',
  integrity: 'group_sheet_integrity',
  other: 'group_sheet_other',
} as const satisfies Record<MetricGroup, ReportCode>;

export const groupTitle = (g: MetricGroup, lang: Lang): string => t(GROUP_TITLES[g], lang);
export const groupSheet = (g: MetricGroup, lang: Lang): string => t(GROUP_SHEETS[g], lang);
export { GROUPS };

/** Open enums of the data (area types, ledger kinds, petition causes, declared indicators): known codes have names. */
export const AREA_TYPES = { urban: 'area_type_urban', town: 'area_type_town', rural: 'area_type_rural' } as const satisfies Record<string, ReportCode>;
export const LEDGER_KINDS = {
  report: 'ledger_kind_report', register: 'ledger_kind_register', meeting: 'ledger_kind_meeting', inspection: 'ledger_kind_inspection', non_police: 'ledger_kind_non_police',
} as const satisfies Record<string, ReportCode>;
export const CAUSES = {
  policy: 'petition_cause_policy', execution: 'petition_cause_execution', grassroots: 'petition_cause_grassroots', unreasonable: 'petition_cause_unreasonable', other: 'petition_cause_other',
} as const satisfies Record<string, ReportCode>;
export const INDICATORS = {
  criminal_cases_received: 'indicator_criminal_cases_received', public_security_cases_received: 'indicator_public_security_cases_received',
} as const satisfies Record<string, ReportCode>;
const TARGETS: Record<string, ReportCode> = { ...AREA_TYPES, station: 'target_station', county: 'target_county' };

/** A code's name, or the code as written when it is not a known one (open enums keep raw values); blank → （未填）. */
export function codeLabel(map: Record<string, ReportCode>, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return t('report_unknown', lang);
  return Object.hasOwn(map, code) ? t(map[code], lang) : code;
}

/** The display name of a kind of export (单位 / units); an unknown kind as written. */
export const kindLabel = (kind: string, lang: Lang): string => say(kindName(kind), lang);

/** The name of a flag; an unknown one as written. */
export { flagLabel } from '../quality/flags.js';

/**
 * Threshold rules for people: "min 15 for urban; min 3 for rural" → "≥ 15（城区）；≥ 3（农村）",
 * "min 60%" → "≥ 60%", "min 0; max 0" → "= 0". Share limits are shown as percentages.
 */
export function rulesText(rules: Array<{ op: 'min' | 'max'; limit: number; targets: string[] }>, unit: string, lang: Lang): string {
  const value = (x: number): string => (unit === 'share' ? `${+(x * 100).toFixed(2)}%` : String(+x.toFixed(4)));
  const scoped = (rule: string, targets: string[]): string =>
    targets.length ? t('threshold_scoped', lang, { rule, targets: listText(targets.map((x) => codeLabel(TARGETS, x, lang)), lang) }) : rule;
  const parts: string[] = [];
  const done = new Set<number>();
  rules.forEach((r, i) => {
    if (done.has(i)) return;
    const twin = rules.findIndex((o, j) => j > i && o.op !== r.op && o.limit === r.limit && o.targets.join() === r.targets.join());
    if (twin >= 0) {
      done.add(twin);
      parts.push(scoped(`= ${value(r.limit)}`, r.targets));
    } else parts.push(scoped(`${r.op === 'min' ? '≥' : '≤'} ${value(r.limit)}`, r.targets));
  });
  return partsText(parts, lang);
}

/** text（inner） in Chinese, text (inner) in English. */
export const bracketed = (text: string, inner: string | number, lang: Lang): string => t('report_bracketed', lang, { text, inner });

/** 标签：内容 / label: text. */
export const labelled = (label: string, text: string, lang: Lang): string => t('report_warning_line', lang, { label, text });

/** A metric's title and short name in the language (the definitions carry both). */
export const metricTitle = (d: { title_zh: string; title_en: string }, lang: Lang): string => d[`title_${lang}`];
export const metricShort = (d: { short_zh: string; short_en: string }, lang: Lang): string => d[`short_${lang}`];

/** A metric's legend: 短名：标题（单位；阈值 ≥ 15（城区）） / short: title (unit; threshold ≥ 15 (urban)). */
export function metricLegend(m: { short: string; title: string; unit_text: string; thresholds_text: string }, lang: Lang, id?: string): string {
  const parts = [...(id ? [id] : []), m.unit_text, ...(m.thresholds_text ? [t('report_threshold_rule', lang, { rules: m.thresholds_text })] : [])];
  return t('report_metric_legend', lang, { short: m.short, title: m.title, parts: partsText(parts, lang) });
}

/** A scorecard row's missing metrics and those left out as too few: 甲、乙；样本过少未计分：丙. */
export function missingText(r: { missing: string[]; too_few: string[] }, lang: Lang): string {
  const parts = [listText(r.missing, lang), r.too_few.length ? say(msg('score_too_few', { list: listText(r.too_few, lang) }), lang) : ''];
  return partsText(parts.filter(Boolean), lang);
}

/** A user error's text in the report's language (its catalog message when it has one). */
export const errorText = (e: UserError, lang: Lang): string => (e.msg ? say(e.msg, lang) : e.message);

const SCORE_METHODS = { minmax: 'score_method_minmax', rank: 'score_method_rank' } as const satisfies Record<ScoreMethod, ReportCode>;

/** The scorecard's normalisation in words (最小–最大标准化 / min–max scaling); an unknown one as written. */
export const scoreMethodName = (method: string, lang: Lang): string => (Object.hasOwn(SCORE_METHODS, method) ? t(SCORE_METHODS[method as ScoreMethod], lang) : method);
