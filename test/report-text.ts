// The visible text of a report, for goldens and language checks: the HTML's text and each workbook sheet's
// cells (numbers with their number format, which carries text such as （9/20） or ±), normalised for what varies.
import ExcelJS from 'exceljs';

/** Generation and load times, and the folder the test wrote into, are the only parts of a report that vary. */
export function normalise(text: string, dirs: string[]): string {
  let s = text;
  for (const d of dirs) s = s.split(d).join('⟪out⟫');
  return s.replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?/g, '⟪time⟫');
}

/** The HTML's text, one line per element: no markup, no styles. */
export function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .split('\n').map((x) => x.trim()).filter(Boolean).join('\n');
}

const cellText = (c: ExcelJS.Cell): string => {
  const v = c.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return c.numFmt && c.numFmt !== 'General' ? `${v} ⟨${c.numFmt}⟩` : String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
};

/** Each sheet's visible text: its name, print header, then one line per non-empty row (cells joined by │). */
export async function workbookText(path: string): Promise<Array<{ sheet: string; text: string }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((ws) => {
    const lines = [`# ${ws.name}`, `⟪header⟫ ${ws.headerFooter?.oddHeader ?? ''}`];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c) => cells.push(cellText(c)));
      lines.push(`${n}: ${cells.join(' │ ')}`);
    });
    return { sheet: ws.name, text: lines.join('\n') };
  });
}
