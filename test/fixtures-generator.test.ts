import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, type KindName } from '../src/contract/kinds.js';
import { normalizeKey } from '../src/contract/normalize.js';
import {
  DEFAULT_SEED, LARGE_CASE_HEADERS, generateCounty, idCheckChar, isValidIdNumber, repoRoot,
  writeLargeCasesCsv, writeLargeCasesXlsx, type GeneratedManifest,
} from '../fixtures/generate.js';
import { QUIRK_CATALOG } from '../fixtures/quirks.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = sha(await readFile(join(dir, f)));
  return out;
}

/** Cells of a text export (CSV/TSV), naive split is enough: the generator quotes only numbers with commas. */
function parseDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\ufeff/, '').split(/\r?\n/)) {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === delimiter) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  if (rows.length && rows[rows.length - 1]!.join('') === '' && rows[rows.length - 1]!.length === 1) rows.pop();
  return rows;
}

function htmlRows(html: string): string[][] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')),
  );
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

/** All rows of a workbook's sheets as text, row numbers preserved (index 0 = row 1). */
async function xlsxRows(path: string): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out = new Map<string, string[][]>();
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
      rows.push(cells);
    }
    out.set(ws.name, rows);
  }
  return out;
}

/** Every file's rows by sheet, decoded the way a loader would have to. */
async function readDemo(dir: string, m: GeneratedManifest): Promise<Map<string, Map<string, string[][]>>> {
  const out = new Map<string, Map<string, string[][]>>();
  for (const f of m.expected.files) {
    const path = join(dir, f.file);
    const bytes = await readFile(path);
    if (f.container === 'xlsx') out.set(f.file, await xlsxRows(path));
    else if (f.container === 'html') out.set(f.file, new Map([[f.sheets[0]!.sheet, htmlRows(bytes.toString('utf8'))]]));
    else {
      const text =
        f.encoding === 'gb18030' ? new TextDecoder('gb18030', { fatal: true }).decode(bytes)
        : f.encoding === 'utf-16le' ? new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2))
        : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      out.set(f.file, new Map([[f.sheets[0]!.sheet, parseDelimited(text, f.delimiter === 'tab' ? '\t' : f.delimiter!)]]));
    }
  }
  return out;
}

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'jiceng-fixtures-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('generateCounty', () => {
  let a: string;
  let b: string;
  let m: GeneratedManifest;
  let files: Map<string, Map<string, string[][]>>;

  beforeAll(async () => {
    a = await tmp();
    b = await tmp();
    m = await generateCounty({ outDir: a, seed: DEFAULT_SEED });
    await generateCounty({ outDir: b, seed: DEFAULT_SEED });
    files = await readDemo(a, m);
  });

  it('writes byte-identical files for the same seed', async () => {
    const ha = await hashes(a);
    const hb = await hashes(b);
    expect(Object.keys(ha).length).toBe(12);
    expect(hb).toEqual(ha);
    for (const f of m.files) expect(ha[f.file]).toBe(f.sha256);
  });

  it('writes the same bytes whatever the machine time zone', async () => {
    const c = await tmp();
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(new Date(Date.UTC(2026, 0, 1)).getHours()).not.toBe(0);
      await generateCounty({ outDir: c, seed: DEFAULT_SEED });
    } finally {
      process.env.TZ = saved;
    }
    expect(await hashes(c)).toEqual(await hashes(a));
  });

  it('writes different data for another seed', async () => {
    const c = await tmp();
    await generateCounty({ outDir: c, seed: DEFAULT_SEED + 1, formats: ['csv'] });
    const hc = await hashes(c);
    const ha = await hashes(a);
    expect(hc['案件台账_2026Q2.csv']).not.toBe(ha['案件台账_2026Q2.csv']);
  });

  it('matches the committed fixtures/demo (regenerate with `npm run fixtures`, never edit by hand)', async () => {
    const committed = await hashes(join(repoRoot(), 'fixtures', 'demo'));
    expect(committed).toEqual(await hashes(a));
  });

  it('plants every quirk of the contract and records where', async () => {
    for (const q of QUIRK_CATALOG) expect(m.quirks[q.id], q.id).toBeTruthy();
    const md = await readFile(join(a, 'QUIRKS.md'), 'utf8');
    expect(md).not.toContain('(not generated)');
    expect(md).toContain('平安县公安局2026年第三季度案件台账');
  });

  it('keeps the demo small', () => {
    const total = m.files.reduce((s, f) => s + f.bytes, 0);
    expect(total).toBeLessThan(600_000);
  });

  it('writes headers that are contract aliases, with every required field, so each kind is detectable', () => {
    for (const f of m.expected.files) {
      for (const s of f.sheets) {
        const kind = KINDS[s.kind];
        const width = Math.max(...s.headers.map((h) => h.length));
        const mapped = new Set<string>();
        for (let c = 0; c < width; c++) {
          const candidates = s.headers.map((h) => h[c] ?? '').filter(Boolean);
          const header = candidates[candidates.length - 1];
          if (!header || header === '序号') continue;
          const field = kind.fields.find((fl) => [fl.name, ...fl.aliases].some((al) => normalizeKey(al) === normalizeKey(header)));
          expect(field, `${f.file} › ${s.sheet}: header ${header} is no alias of ${s.kind}`).toBeTruthy();
          mapped.add(field!.name);
        }
        for (const fl of kind.fields.filter((x) => x.required)) {
          if (s.unit_from_sheet_name && fl.unitRef) continue;
          expect(mapped.has(fl.name), `${f.file} › ${s.sheet} lacks required ${s.kind}.${fl.name}`).toBe(true);
        }
      }
    }
  });

  it('row counts in EXPECTED.json match the files row for row', () => {
    for (const f of m.expected.files) {
      for (const s of f.sheets) {
        const rows = files.get(f.file)!.get(s.sheet)!;
        const expectedRows = s.title_rows + s.header_rows + s.data_rows + s.blank_rows + s.total_rows + s.footer_lines;
        const where = `${f.file} › ${s.sheet}`;
        expect(rows.length, where).toBe(expectedRows);
        const blank = rows.filter((r) => r.every((c) => c.trim() === '')).length;
        expect(blank, where).toBe(s.blank_rows);
        const totals = rows.filter((r) => r.some((c) => /^(合计|小计|总计)$/.test(c.trim()))).length;
        expect(totals, where).toBe(s.total_rows);
        const footers = rows.filter((r) => r.some((c) => /^(制表人|填表人|制表日期)/.test(c.trim()))).length;
        expect(footers, where).toBe(s.footer_lines);
        // per column, the lowest non-empty header cell (exceljs repeats a merged group's value in each cell)
        const width = Math.max(...s.headers.map((h) => h.length));
        const composed = Array.from({ length: width }, (_, c) => s.headers.map((h) => h[c] ?? '').filter(Boolean).pop() ?? '');
        expect(rows[s.header_row - 1]!.slice(0, width), where).toEqual(composed);
      }
    }
  });

  it('EXPECTED.json kinds add up: files hold every clean row exactly once', () => {
    const e = m.expected;
    for (const k of Object.keys(e.kinds) as KindName[]) {
      expect(e.kinds[k].rows, k).toBe(e.kinds[k].truth);
      const fromSheets = e.files.flatMap((f) => f.sheets).filter((s) => s.kind === k).reduce((n, s) => n + s.data_rows, 0);
      expect(fromSheets, k).toBe(e.kinds[k].rows);
    }
    expect(e.kinds.stations.rows).toBe(13);
    expect(e.kinds.cases.rows).toBeGreaterThan(1200);
    expect(e.kinds.cases.rows).toBeLessThan(1900);
    expect(e.kinds.petitions.rows).toBe(100);
    // case ids: unique over all three case files, and as many as the clean cases
    const ids: string[] = [];
    for (const f of e.files) {
      for (const s of f.sheets.filter((x) => x.kind === 'cases')) {
        const rows = files.get(f.file)!.get(s.sheet)!;
        const col = rows[s.header_row - 1]!.indexOf('案件编号');
        for (const r of rows.slice(s.header_row)) if (/^[AB]\d{12}2026\d{5}$/.test(r[col] ?? '')) ids.push(r[col]!);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(e.kinds.cases.truth);
  });

  it('EXPECTED.json per-station truths agree with the county and the files', () => {
    const e = m.expected;
    for (const q of ['2026Q2', '2026Q3'] as const) {
      const Q = e.quarters[q];
      const units = Object.values(Q.units);
      expect(Q.county.sworn).toBe(units.reduce((s, u) => s + u.sworn, 0));
      expect(Q.county.cases_received).toBe(units.reduce((s, u) => s + (u.cases?.received ?? 0), 0));
      expect(Q.county.ledger_items).toBe(units.reduce((s, u) => s + (u.ledger?.items ?? 0), 0));
      expect(Q.county.petitions).toBe(units.reduce((s, u) => s + u.petitions, 0));
      for (const [name, u] of Object.entries(Q.units)) {
        if (u.unit_kind !== 'station') continue;
        expect(u.population, name).toBeGreaterThanOrEqual(20000);
        expect(u.population, name).toBeLessThanOrEqual(90000);
        expect(u.cases!.criminal + u.cases!.public_security).toBe(u.cases!.received);
        const flagged = Q.declared_vs_recorded.flagged.filter((g) => g.station === name);
        const gapC = flagged.find((g) => g.code === 'criminal_cases_received')?.gap ?? 0;
        const gapP = flagged.find((g) => g.code === 'public_security_cases_received')?.gap ?? 0;
        expect(u.declared!.criminal_cases_received - u.cases!.criminal, name).toBe(gapC);
        expect(u.declared!.public_security_cases_received - u.cases!.public_security, name).toBe(gapP);
      }
    }
    expect(e.quarters['2026Q2'].declared_vs_recorded.flagged).toEqual([]);
    const flagged = e.quarters['2026Q3'].declared_vs_recorded.flagged;
    expect(flagged.map((g) => g.gap).sort((x, y) => x - y)).toEqual([-5, 3]);
    expect(new Set(flagged.map((g) => g.station)).size).toBe(2);
    expect(e.deliberate.altered_statistics).toEqual(flagged);
    // the headcount-only unit, and the badly understaffed rural station
    expect(e.quarters['2026Q3'].units['看守所']!.staff_source).toBe('headcount');
    const baima = e.quarters['2026Q3'].units['白马乡派出所']!;
    expect(baima.sworn / baima.authorized_strength).toBeLessThan(0.5);
    // 2026Q3 case counts per station, read back from the xlsx
    const sheet = e.files.find((f) => f.file === '案件台账_2026Q3.xlsx')!.sheets[0]!;
    const rows = files.get('案件台账_2026Q3.xlsx')!.get(sheet.sheet)!;
    const head = rows[sheet.header_row - 1]!;
    const byStation = new Map<string, number>();
    for (const r of rows.slice(sheet.header_row)) {
      if (!/^[AB]\d/.test(r[head.indexOf('案件编号')]!)) continue;
      const st = r[head.indexOf('主办单位')]!;
      byStation.set(st, (byStation.get(st) ?? 0) + 1);
    }
    for (const [name, u] of Object.entries(e.quarters['2026Q3'].units)) {
      if (u.unit_kind === 'station') expect(byStation.get(name), name).toBe(u.cases!.received);
    }
  });

  it('writes true totals in 合计 rows, except the deliberately stale one', () => {
    const num = (s: string) => Number(s.normalize('NFKC').replace(/,/g, ''));
    const st = files.get('单位基础信息.xlsx')!.get('单位基础信息')!;
    const total = st.find((r) => r.includes('合计'))!;
    const data = st.slice(3).filter((r) => /^\d+$/.test(r[0]!));
    expect(data.length).toBe(13);
    for (const col of [6, 7, 8, 9, 11]) {
      expect(num(total[col]!), `column ${col + 1}`).toBe(data.reduce((s, r) => s + (r[col] ? num(r[col]!) : 0), 0));
    }
    const area = data.reduce((s, r) => s + (r[10] ? Math.round(num(r[10]!) * 10) : 0), 0);
    expect(Math.round(num(total[10]!) * 10)).toBe(area);
    const hc = files.get('警力统计表.txt')!.get('警力统计表')!;
    const hcTotal = hc.find((r) => r[0] === '合计')!;
    const hcData = hc.slice(2).filter((r) => /^\d{4}/.test(r[1] ?? ''));
    const mismatch = m.expected.deliberate.total_mismatch[0]!;
    expect(num(hcTotal[2]!)).toBe(mismatch.written);
    expect(hcData.reduce((s, r) => s + num(r[2]!), 0)).toBe(mismatch.rows_sum);
    expect(mismatch.written).not.toBe(mismatch.rows_sum);
    for (const col of [3, 4, 5, 6, 7, 8, 9]) expect(num(hcTotal[col]!)).toBe(hcData.reduce((s, r) => s + num(r[col]!), 0));
  });

  it('keeps 警号 with leading zeros as text', () => {
    const roster = files.get('县局台账汇编_2026Q2.xlsx')!.get('警力花名册')!;
    const badges = roster.slice(2).map((r) => r[1]!).filter((x) => /^\d+$/.test(x));
    expect(badges.length).toBeGreaterThan(90);
    for (const b of badges) expect(b).toMatch(/^0\d{5}$/);
  });
});

describe('ID numbers', () => {
  it('computes the MOD 11-2 check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194902300028')).toBe(false); // no 30 February
  });

  it('are valid in the petition files except the two deliberate ones', async () => {
    const dir = await tmp();
    const m = await generateCounty({ outDir: dir, formats: ['csv', 'xls'] });
    const files = await readDemo(dir, m);
    const seen: Array<{ pid: string; id: string }> = [];
    for (const f of m.expected.files.filter((x) => x.sheets[0]!.kind === 'petitions')) {
      const s = f.sheets[0]!;
      const rows = files.get(f.file)!.get(s.sheet)!;
      const head = rows[s.header_row - 1]!;
      const idCol = head.findIndex((h) => h === '身份证号' || h === '公民身份号码');
      const pidCol = head.findIndex((h) => h === '信访编号' || h === '件号');
      for (const r of rows.slice(s.header_row)) if (/^XF/.test(r[pidCol] ?? '')) seen.push({ pid: r[pidCol]!, id: r[idCol]! });
    }
    expect(seen.length).toBe(100);
    const invalid = seen.filter((x) => !isValidIdNumber(x.id));
    expect(invalid.map((x) => ({ petition_id: x.pid, id_number: x.id }))).toEqual(m.expected.deliberate.invalid_id_numbers);
    expect(invalid.length).toBe(2);
    for (const x of seen) expect(x.id).toMatch(/^\d{17}[\dX]$/);
  });
});

describe('generateCounty options', () => {
  it('writes only the requested formats and scales the volumes', async () => {
    const dir = await tmp();
    const m = await generateCounty({ outDir: dir, seed: 7, scale: 0.5, formats: ['csv'] });
    expect(m.files.map((f) => f.file).sort()).toEqual(['EXPECTED.json', 'QUIRKS.md', '信访台账_2026Q3.csv', '刑侦大队案件_2026.csv', '案件台账_2026Q2.csv'].sort());
    expect(m.expected.kinds.cases.truth).toBeLessThan(1000);
    expect(m.expected.kinds.petitions.truth).toBe(50);
    expect(m.expected.kinds.cases.rows).toBeLessThan(m.expected.kinds.cases.truth);
  });

  it('refuses bad options', async () => {
    await expect(generateCounty({ outDir: await tmp(), seed: -1 })).rejects.toThrow(/seed/);
    await expect(generateCounty({ outDir: await tmp(), scale: 0 })).rejects.toThrow(/scale/);
  });
});

describe('writeLargeCasesXlsx', () => {
  it('streams the requested number of rows, deterministically', async () => {
    const dir = await tmp();
    const p1 = join(dir, 'a.xlsx');
    const p2 = join(dir, 'b.xlsx');
    const r = await writeLargeCasesXlsx(p1, 1000, 42);
    await writeLargeCasesXlsx(p2, 1000, 42);
    expect(r.rows).toBe(1000);
    expect(sha(await readFile(p1))).toBe(sha(await readFile(p2)));
    const sheets = await xlsxRows(p1);
    const rows = sheets.get('案件台账')!;
    expect(rows[r.headerRow - 1]).toEqual(LARGE_CASE_HEADERS);
    const data = rows.slice(r.headerRow);
    expect(data.length).toBe(1000);
    expect(new Set(data.map((x) => x[0])).size).toBe(1000);
    expect(data.every((x) => /^0\d{5}$/.test(x[11]!))).toBe(true);
  });
});

describe('writeLargeCasesCsv', () => {
  it('writes the requested rows in UTF-8 and GB18030 with the same content', async () => {
    const dir = await tmp();
    const u = await writeLargeCasesCsv(join(dir, 'u.csv'), 1000, 42, 'utf-8');
    const g = await writeLargeCasesCsv(join(dir, 'g.csv'), 1000, 42, 'gb18030');
    expect(u.rows).toBe(1000);
    expect(g.rows).toBe(1000);
    const ub = await readFile(join(dir, 'u.csv'));
    const gb = await readFile(join(dir, 'g.csv'));
    expect(u.bytes).toBe(ub.length);
    expect(g.bytes).toBe(gb.length);
    const ut = new TextDecoder('utf-8', { fatal: true }).decode(ub);
    const gt = new TextDecoder('gb18030', { fatal: true }).decode(gb);
    expect(gt).toBe(ut);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow();
    const lines = ut.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(1001);
    expect(lines[0]).toBe(LARGE_CASE_HEADERS.join(','));
  });
});
