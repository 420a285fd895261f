// Reading an auditor workbook back (sample verify): its hidden manifest and the case ids on its answer sheet.
import ExcelJS from 'exceljs';
import { msg } from '../i18n/message.js';
import { normalizeKey } from '../contract/normalize.js';
import { UserError } from '../errors.js';
import { MANIFEST_MARKER } from './workbook-text.js';

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

export async function readSampleWorkbook(path: string): Promise<WorkbookContents> {
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
