// The prefecture workbook: counties side by side (values and ranks), the joint station ranking, issuing departments, the counties' trends.
import type ExcelJS from 'exceljs';
import { Workbook } from './workbook-class.js';
import { msg, say } from '../i18n/message.js';
import { labelled, scoreMethodName, t } from './labels.js';
import { listText } from '../format.js';
import { excelFormat } from './numbers.js';
import type { PrefectureModel } from './prefecture.js';
import { BREACH_STYLE, SheetBuilder, newSheet, pageSetup } from './xlsx.js';
import { trendSheet } from './trend-sheet.js';

function countiesSheet(wb: ExcelJS.Workbook, taken: Set<string>, p: PrefectureModel): void {
  const lang = p.lang;
  const name = say(msg('prefecture_sheet_counties'), lang);
  const ws = newSheet(wb, taken, name, { x: 1, y: 0 });
  const b = new SheetBuilder(ws);
  b.title(p.title, 14);
  b.line(t('report_period', lang, { start: p.start, end: p.end }), true);
  b.line(t('report_generated', lang, { at: p.generated_at, v: p.tool_version }), true);
  for (const w of p.warnings) b.line(labelled(t('report_warnings', lang), w, lang), true);
  b.line(say(msg('prefecture_counties_note'), lang), true);
  for (const g of p.groups) {
    b.skip();
    b.title(g.title, 12);
    b.header([
      { header: say(msg('trend_county'), lang), width: 24 },
      { header: say(msg('prefecture_stations'), lang) },
      ...g.metrics.flatMap((m) => [{ header: `${m.short} · ${m.id}`, width: 16 }, { header: say(msg('prefecture_rank_of', { m: m.short }), lang), width: 10 }]),
    ]);
    for (const r of g.rows) {
      const row = b.values([
        { v: r.county.label },
        { v: r.county.stations },
        ...g.metrics.flatMap((m) => {
          const c = r.cells[m.id];
          return [{ v: c?.value ?? null, fmt: excelFormat(m.unit) }, { v: c?.rank ?? null, fmt: '0' }];
        }),
      ]);
      g.metrics.forEach((m, i) => {
        if (r.cells[m.id]?.breach) ws.getCell(row, 3 + 2 * i).style = { ...ws.getCell(row, 3 + 2 * i).style, fill: BREACH_STYLE.fill, font: BREACH_STYLE.font };
      });
    }
  }
  b.skip();
  b.title(say(msg('prefecture_breaches'), lang), 12);
  if (!p.breaches.length) b.line(say(msg('prefecture_no_breaches'), lang));
  else {
    b.header([{ header: say(msg('trend_county'), lang) }, { header: t('report_metric', lang), width: 40 }, { header: t('report_value', lang) }, { header: t('report_threshold', lang) }]);
    for (const x of p.breaches) b.values([{ v: x.county }, { v: x.metric.title }, { v: x.value, fmt: excelFormat(x.metric.unit) }, { v: x.threshold }]);
  }
  b.applyWidths();
  pageSetup(ws, p, name, true);
}

function rankingSheet(wb: ExcelJS.Workbook, taken: Set<string>, p: PrefectureModel): void {
  const lang = p.lang;
  const name = say(msg('prefecture_sheet_ranking'), lang);
  const ws = newSheet(wb, taken, name, { x: 0, y: 1 });
  const b = new SheetBuilder(ws);
  const header = b.header([
    { header: t('report_rank', lang) }, { header: t('report_station_id', lang) }, { header: t('report_station', lang), width: 36 }, { header: say(msg('trend_county'), lang) },
    { header: t('report_score', lang) }, { header: say(msg('prefecture_breach_count'), lang) }, { header: t('report_missing', lang), width: 40 },
  ]);
  for (const r of p.ranking.rows) {
    b.values([{ v: r.rank }, { v: r.station_id }, { v: r.label }, { v: r.county ?? '' }, { v: r.score, fmt: '0.0' }, { v: r.breaches, fmt: '0' }, { v: listText(r.missing, lang) }]);
  }
  b.skip();
  b.line(say(msg('prefecture_ranking_note', { method: scoreMethodName(p.ranking.method, lang) }), lang), true);
  b.applyWidths();
  pageSetup(ws, p, name, false, `${header}:${header}`);
}

function issuersSheet(wb: ExcelJS.Workbook, taken: Set<string>, p: PrefectureModel): void {
  const lang = p.lang;
  const name = say(msg('prefecture_sheet_issuers'), lang);
  const ws = newSheet(wb, taken, name, { x: 1, y: 1 });
  const b = new SheetBuilder(ws);
  const cs = p.counties.map((c) => c.label);
  const items = say(msg('prefecture_items'), lang);
  const hours = say(msg('prefecture_hours'), lang);
  const header = b.header([
    { header: say(msg('prefecture_issuer'), lang), width: 30 },
    ...cs.map((c) => ({ header: `${c} ${items}`, width: 14 })),
    { header: `${t('report_total', lang)} ${items}` },
    ...cs.map((c) => ({ header: `${c} ${hours}`, width: 14 })),
    { header: `${t('report_total', lang)} ${hours}` },
  ]);
  for (const r of p.issuers) {
    b.values([
      { v: r.issuer },
      ...cs.map((c) => ({ v: r.items[c] ?? 0, fmt: '0' })),
      { v: r.total_items, fmt: '0' },
      ...cs.map((c) => ({ v: r.hours[c] ?? 0, fmt: '0.0' })),
      { v: r.total_hours, fmt: '0.0' },
    ]);
  }
  if (!p.issuers.length) b.line(say(msg('prefecture_no_issuers'), lang));
  b.applyWidths();
  pageSetup(ws, p, name, true, `${header}:${header}`);
}

/** Builds the prefecture workbook (pure: nothing is written). */
export function buildPrefectureWorkbook(p: PrefectureModel): ExcelJS.Workbook {
  const wb = new Workbook();
  wb.creator = 'jiceng';
  wb.title = p.title;
  wb.subject = p.quarter;
  const taken = new Set<string>();
  countiesSheet(wb, taken, p);
  rankingSheet(wb, taken, p);
  issuersSheet(wb, taken, p);
  if (p.trend) trendSheet(wb, taken, p, p.trend);
  return wb;
}
