// What the report says about its figures: the data date line, the too-few note, a share with its n.
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';
import { shareWithN, type ShownValue } from '../format.js';
import type { MetricCell, ReportModel } from './model.js';

/** 数据日期：2026-10-08（取自案件导出）, or that it is unknown. */
export function dataDateText(model: Pick<ReportModel, 'data_date' | 'data_date_source'>, lang: Lang): string {
  if (!model.data_date) return say(msg('data_date_unknown'), lang);
  const source = say(msg(model.data_date_source === 'as_of' ? 'data_date_source_as_of' : 'data_date_source_loads'), lang);
  return say(msg('data_date_line', { date: model.data_date, source }), lang);
}

export function tooFewNote(model: Pick<ReportModel, 'min_denominator'>, lang: Lang): string {
  return say(msg('too_few_note', { min: model.min_denominator }), lang);
}

/** 45.0%（9/20）, 样本过少（1/1）, or the plain value for a figure that is not a share. */
export function cellValueText(cell: MetricCell, unit: string, lang: Lang): string {
  return shareWithN(cell, unit, lang);
}

/** The cell's Excel number format when it carries its n: 0.0%"（9/20）", or "样本过少（1/1）" alone. */
export function shareFormat(cell: ShownValue, unit: string, base: string, lang: Lang): string {
  if (unit !== 'share' || cell.value === null || cell.denominator === null) return base;
  const text = shareWithN(cell, unit, lang).replace(/"/g, '');
  if (cell.small) return `"${text}"`;
  const n = text.slice(text.indexOf('%') + 1);
  return `${base}"${n}"`;
}

/** The compared quarter's value of a cell, with its n, as shareWithN takes it. */
export function previousOf(cell: MetricCell): ShownValue {
  return { value: cell.previous, numerator: cell.previous_numerator, denominator: cell.previous_denominator, small: cell.previous_small };
}

/** Under the quarter change: the data date each quarter was measured at. */
export function comparedDatesText(model: Pick<ReportModel, 'quarter' | 'compare' | 'data_date' | 'compare_data_date'>, lang: Lang): string {
  return say(msg('data_dates_compared', { q1: model.compare ?? '', d1: model.compare_data_date ?? '—', q2: model.quarter, d2: model.data_date ?? '—' }), lang);
}
