// The workbook's trend sheet: per headline metric, a block of units × quarters (values as numbers, shares with their counts).
import type ExcelJS from 'exceljs';
import { msg, say } from '../i18n/message.js';
import { bracketed, t } from './labels.js';
import type { ReportModel } from './model.js';
import { excelFormat } from './numbers.js';
import { shareFormat } from './figures.js';
import { BREACH_STYLE, SheetBuilder, newSheet, pageSetup } from './xlsx.js';
import { trendWarnings, type TrendModel } from './trend.js';

/** Adds the trend sheet: a title, then one block per metric (title row, header, a row per station and county). */
export function trendSheet(wb: ExcelJS.Workbook, taken: Set<string>, model: Pick<ReportModel, 'title' | 'lang'>, trend: TrendModel): void {
  const lang = model.lang;
  const name = say(msg('trend_sheet'), lang);
  const ws = newSheet(wb, taken, name, { x: 2, y: 0 });
  const b = new SheetBuilder(ws);
  const q = trend.quarters;
  b.title(q.length ? say(msg('trend_heading', { first: q[0], last: q[q.length - 1], n: q.length }), lang) : say(msg('trend_title'), lang), 14);
  b.line(say(msg('trend_intro'), lang), true);
  for (const w of trendWarnings({ ...trend, skipped: [] }, lang)) b.line(w, true);
  if (!q.length) b.line(say(msg('trend_no_quarters'), lang));
  const several = new Set(trend.metrics.flatMap((m) => m.rows.map((r) => r.county ?? '\u0000'))).size > 1;
  for (const m of trend.metrics) {
    b.skip();
    b.title(bracketed(`${m.title} · ${m.id}`, m.unit_text, lang), 12);
    const counts = m.rows.some((r) => r.points.some((p) => p.numerator !== null && p.denominator !== null));
    b.header([
      { header: t('report_station_id', lang) },
      { header: t('report_station', lang), width: 30 },
      ...(several ? [{ header: say(msg('trend_county'), lang) }] : []),
      ...q.map((x) => ({ header: x, width: 12 })),
      ...(counts ? q.map((x) => ({ header: say(msg('trend_n', { q: x }), lang), width: 14 })) : []),
    ]);
    const first = several ? 4 : 3;
    for (const r of m.rows) {
      const row = b.values([
        { v: r.station_id ?? '' },
        { v: r.label },
        ...(several ? [{ v: r.county ?? '' }] : []),
        ...r.points.map((p) => ({ v: p.value, fmt: p.small ? shareFormat(p, m.unit, excelFormat(m.unit), lang) : excelFormat(m.unit), grey: p.small })),
        ...(counts ? r.points.map((p) => ({ v: p.numerator !== null && p.denominator !== null ? `${p.numerator}/${p.denominator}` : '' })) : []),
      ], r.scope === 'county');
      r.points.forEach((p, i) => {
        if (p.breach) ws.getCell(row, first + i).style = { ...ws.getCell(row, first + i).style, fill: BREACH_STYLE.fill, font: BREACH_STYLE.font };
      });
    }
  }
  b.applyWidths();
  pageSetup(ws, model, name, q.length > 6);
}
