// The auditor workbook, `sample verify`, and the findings evaluation.
import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { drawSample, type SampleManifest } from '../src/sample/draw.js';
import {
  COLUMNS, LISTS_SHEET, MANIFEST_MARKER, MANIFEST_SHEET, cellString, colIndex, readSampleWorkbook, readWorkbookRows, writeSampleWorkbook,
} from '../src/sample/workbook.js';
import { diffCases, verifySample } from '../src/sample/verify.js';
import { capacityOf, evaluateSample } from '../src/sample/evaluate.js';
import { exactInterval, exactUpperOneSided } from './exact-binomial.js';
import { createHash } from 'node:crypto';
import { DEFAULT_DEFECT_TYPES } from '../src/sample/settings.js';
import { KINDS, KIND_NAMES } from '../src/contract/kinds.js';
import { normalizeKey } from '../src/contract/normalize.js';
import { findHeader } from '../src/ingest/header.js';
import { mapColumns } from '../src/ingest/mapping.js';
import type { RawRow } from '../src/ingest/source.js';
import { msg, say } from '../src/i18n/message.js';

const STATIONS = [
  ['S01', '城关派出所'],
  ['S02', '东关派出所'],
  ['S03', '河口派出所'],
] as const;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'jiceng-sample-wb-'));
}

/** 3 stations × 2 types, 40 cases each station; ids that look like real ones (leading zeros, a formula-like one). */
async function county(): Promise<Workspace> {
  const dir = tmp();
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  cleanups.push(() => ws.close());
  for (const [id, name] of STATIONS) await ws.db.run(`INSERT INTO stations (station_id, station_name, unit_kind) VALUES (?, ?, 'station')`, [id, name]);
  const rows: unknown[][] = [];
  let k = 0;
  for (const [sid, name] of STATIONS) {
    for (let i = 0; i < 40; i++) {
      k++;
      const id = k === 1 ? '=1+1' : `0${String(610000 + k * 13)}`;
      rows.push([id, name, sid, i % 3 ? 'criminal' : 'public_security', i % 2 ? '盗窃' : '诈骗', `2026-0${7 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')} ${i % 2 ? '09:30:00' : '00:00:00'}`, `2026-10-0${1 + (i % 9)} 00:00:00`, `00${1000 + i}`, i % 7 ? `${1000 * i}.50` : null]);
    }
  }
  await ws.db.run(
    `INSERT INTO cases (case_id, station, station_id, case_type, category, is_major, received_at, closed_at, officer, amount)
     VALUES ${rows.map(() => '(?, ?, ?, ?, ?, NULL, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, CAST(? AS DECIMAL(18,2)))').join(', ')}`,
    rows.flat() as string[],
  );
  return ws;
}

async function drawAndWrite(ws: Workspace, lang: 'zh' | 'en' = 'zh', defectTypes = DEFAULT_DEFECT_TYPES): Promise<{ m: SampleManifest; file: string }> {
  const { manifest: m } = await drawSample(ws, { quarter: '2026Q3', seed: 'wb', rate: 0.1, includeAllAbove: 35000, now: new Date(Date.UTC(2026, 9, 8, 2, 30)) });
  const file = join(ws.dir, 'reports', `样本_${m.sample_id}.xlsx`);
  await writeSampleWorkbook(file, m, await readWorkbookRows(ws.db, m), { lang, defectTypes });
  return { m, file };
}

async function openBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** A sheet's rows as the loader's readers hand them over (for the loader's own header detection). */
function rawRows(ws: ExcelJS.Worksheet): RawRow[] {
  const out: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: RawRow['cells'] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v instanceof Date ? v : v === null || v === undefined ? null : typeof v === 'number' ? v : cellString(v) || null);
    }
    out.push({ row: n, cells });
  });
  return out;
}

describe('writeSampleWorkbook', () => {
  it('writes method, findings and a hidden manifest sheet; one row per sampled case with its details', async () => {
    const ws = await county();
    const { m, file } = await drawAndWrite(ws);
    expect(existsSync(file)).toBe(true);
    const wb = await openBook(file);
    expect(wb.worksheets.map((s) => [s.name, s.state])).toEqual([['说明', 'visible'], ['倒查登记', 'visible'], [MANIFEST_SHEET, 'hidden']]);
    const sheet = wb.getWorksheet('倒查登记')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...COLUMNS.map((c) => say(msg(c.title), 'zh'))]);
    expect(sheet.rowCount).toBe(m.sample_size + 1);
    const ids = Array.from({ length: m.sample_size }, (_, i) => sheet.getCell(i + 2, colIndex('case_id')).value);
    expect(ids.every((v) => typeof v === 'string')).toBe(true); // text cells: leading zeros and '=1+1' stay as written
    const rows = await readWorkbookRows(ws.db, m);
    expect(ids).toEqual(rows.map((r) => r.case_id));
    // A row's reference data: station name, type, date as a real date (wall-clock, not shifted by the time zone), officer, amount.
    const r0 = rows[0];
    const row = sheet.getRow(2);
    expect(row.getCell(colIndex('station')).value).toBe(r0.station_name);
    const received = row.getCell(colIndex('received_at')).value as Date;
    expect(received).toBeInstanceOf(Date);
    expect(received.toISOString().slice(0, 19).replace('T', ' ')).toBe(r0.received_at);
    expect(row.getCell(colIndex('officer')).value).toBe(r0.officer);
    const manifest = wb.getWorksheet(MANIFEST_SHEET)!;
    expect(manifest.getCell('A1').value).toBe(MANIFEST_MARKER);
    const method = wb.getWorksheet('说明')!;
    const text = rawRows(method).map((r) => r.cells.join(' ')).join('\n');
    for (const needle of [m.sample_id, m.seed, m.population_digest, 'SHA-256', '2026Q3', 'jiceng sample verify']) expect(text).toContain(needle);
    // A worked rank: the text of a drawn case and its SHA-256, as sha256sum would print it.
    const ex = rows.find((x) => !x.certainty)!;
    expect(text).toContain(`jiceng-sample-v1|wb|${ex.stratum}|${ex.case_id}`);
    // Computed here with node:crypto, not with the module that drew the sample.
    expect(text).toContain(createHash('sha256').update(`jiceng-sample-v1|wb|${ex.stratum}|${ex.case_id}`, 'utf8').digest('hex'));
  });

  it('has dropdowns on the answer columns, unlocked answer cells, protection, frozen header, filter and print setup', async () => {
    const ws = await county();
    const { m, file } = await drawAndWrite(ws);
    const wb = await openBook(file);
    const sheet = wb.getWorksheet('倒查登记')!;
    const last = m.sample_size + 1;
    const dv = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    const col = (id: Parameters<typeof colIndex>[0]) => sheet.getColumn(colIndex(id)).letter;
    for (let r = 2; r <= last; r++) {
      expect(dv[`${col('result')}${r}`]).toMatchObject({ type: 'list', formulae: ['"合格,不合格"'], showErrorMessage: true });
      expect(dv[`${col('defect_type')}${r}`]).toMatchObject({ type: 'list', formulae: [`"${DEFAULT_DEFECT_TYPES.join(',')}"`] });
      expect(dv[`${col('reviewed_at')}${r}`]).toMatchObject({ type: 'date' });
    }
    expect(dv[`${col('result')}${last + 1}`]).toBeUndefined();
    expect(dv[`${col('case_id')}2`]).toBeUndefined();
    // Answer cells unlocked, everything else locked (the default), sheet protected without a password.
    for (const c of COLUMNS) {
      const locked = sheet.getCell(2, colIndex(c.id)).protection?.locked;
      if ('answer' in c && c.answer) expect(locked).toBe(false);
      else expect(locked).not.toBe(false);
    }
    const prot = (sheet as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(prot).toMatchObject({ sheet: true, autoFilter: true, insertRows: undefined, deleteRows: undefined });
    expect(prot.hashValue).toBeUndefined();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    for (const s of wb.worksheets) expect((s as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    // The workbook's structure is locked too: no sheet added, deleted, renamed or unhidden.
    const { default: JSZip } = await import('jszip');
    const { readFileSync } = await import('node:fs');
    const zip = await JSZip.loadAsync(readFileSync(file));
    expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/<workbookPr\b[^>]*\/><workbookProtection lockStructure="1"\/>/);
  });

  it('is read by the loader as a findings sheet and nothing else; the other sheets look like no data kind', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const ws = await county();
      const { file } = await drawAndWrite(ws, lang);
      const wb = await openBook(file);
      const answer = wb.worksheets[1];
      const found = findHeader(rawRows(answer).slice(0, 31), KIND_NAMES);
      expect(found, lang).toBeDefined();
      const mappings = KIND_NAMES.map((k) => mapColumns(k, found!.columns));
      const complete = mappings.filter((mm) => mm.missingRequired.length === 0).map((mm) => mm.kind);
      // Findings must be complete; cases must not be (otherwise the loader would take the sheet for a case export).
      const findings = mappings.find((mm) => mm.kind === 'findings')!;
      if (lang === 'zh') {
        expect(complete).toEqual(['findings']);
        expect([...findings.columns.keys()].sort()).toEqual(['case_id', 'defect_type', 'notes', 'result', 'reviewed_at', 'reviewer']);
      } else {
        // 'Case ID' needs the English alias 'case id' in kinds.ts (asked for in the report); the answers already map.
        expect([...findings.columns.keys()]).toEqual(expect.arrayContaining(['result', 'defect_type', 'reviewer', 'reviewed_at', 'notes']));
        expect(complete.filter((k) => k !== 'findings')).toEqual([]);
      }
      for (const s of [wb.worksheets[0], wb.worksheets[2]]) {
        const h = findHeader(rawRows(s).slice(0, 31), KIND_NAMES);
        expect(h, `${lang} ${s.name}`).toBeUndefined();
      }
    }
  });

  it('reference headers match no alias of any kind', () => {
    const aliases = new Set(KIND_NAMES.flatMap((k) => KINDS[k].fields.flatMap((f) => [f.name, ...f.aliases])).map(normalizeKey));
    for (const c of COLUMNS) {
      if ('field' in c) continue;
      for (const t of [say(msg(c.title), 'zh'), say(msg(c.title), 'en')]) {
        const k = normalizeKey(t);
        expect(aliases.has(k), t).toBe(false);
        expect(aliases.has(k.replace(/\([^)]*\)/g, '')), t).toBe(false);
      }
    }
  });

  it('puts a long defect-type list on a hidden sheet and refers to it', async () => {
    const ws = await county();
    const types = Array.from({ length: 40 }, (_, i) => `问题类型第${i + 1}种（较长的说明文字）`);
    const { file } = await drawAndWrite(ws, 'zh', types);
    const wb = await openBook(file);
    const lists = wb.getWorksheet(LISTS_SHEET)!;
    expect(lists.state).toBe('hidden');
    expect(lists.getCell('A40').value).toBe(types[39]);
    const dv = (wb.getWorksheet('倒查登记') as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(dv[`${wb.getWorksheet('倒查登记')!.getColumn(colIndex('defect_type')).letter}2`].formulae).toEqual([`${LISTS_SHEET}!$A$1:$A$40`]);
  });

  it('English workbook: pass/defect dropdown and English sheet names', async () => {
    const ws = await county();
    const { file } = await drawAndWrite(ws, 'en');
    const wb = await openBook(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Method', 'Findings', MANIFEST_SHEET]);
    const sheet = wb.getWorksheet('Findings')!;
    const dv = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(dv[`${sheet.getColumn(colIndex('result')).letter}2`].formulae).toEqual(['"pass,defect"']);
  });
});

describe('diffCases', () => {
  it('pairs removed and added cases as swaps within a stratum first', () => {
    const strata: Record<string, string> = { a: 'S1', b: 'S1', c: 'S2', x: 'S1', y: 'S2', z: 'S3' };
    const d = diffCases(['x', 'b', 'y', 'y', 'q'], ['a', 'b', 'c'], (id) => strata[id]);
    expect(d.swapped).toEqual([
      { removed: 'a', added: 'x', same_stratum: true },
      { removed: 'c', added: 'y', same_stratum: true },
    ]);
    expect(d.added).toEqual(['q']);
    expect(d.removed).toEqual([]);
    expect(d.duplicates).toEqual(['y']);
    expect(d.outside_population).toEqual(['q']);
  });
});

describe('verifySample', () => {
  it('verifies an untouched workbook and the stored record', async () => {
    const ws = await county();
    const { m, file } = await drawAndWrite(ws);
    const r = await verifySample(ws.db, file);
    expect(r.status).toBe('verified');
    expect(r.checked).toBe('workbook');
    expect(r.sample_id).toBe(m.sample_id);
    expect(r.population.changed).toBe(false);
    expect(r.derived_size).toBe(m.sample_size);
    const byId = await verifySample(ws.db, m.sample_id);
    expect(byId.status).toBe('verified');
    expect(byId.checked).toBe('record');
  });

  it('catches one swapped case', async () => {
    const ws = await county();
    const { m, file } = await drawAndWrite(ws);
    const drawn = new Set((await readSampleWorkbook(file)).cases.map((c) => c.case_id));
    const wb = await openBook(file);
    const sheet = wb.getWorksheet('倒查登记')!;
    const cell = sheet.getCell(3, colIndex('case_id'));
    const original = String(cell.value);
    // Swap it for an undrawn case of the same station.
    const rows = await ws.db.all<{ case_id: string }>(
      `SELECT case_id FROM cases WHERE station = ? ORDER BY case_id`,
      [String(sheet.getCell(3, colIndex('station')).value)],
    );
    const replacement = rows.map((r) => r.case_id).find((id) => !drawn.has(id))!;
    cell.value = replacement;
    const edited = join(ws.dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const r = await verifySample(ws.db, edited, 'en');
    expect(r.status).toBe('mismatch');
    expect(r.diff.swapped).toHaveLength(1);
    expect(r.diff.swapped[0]).toMatchObject({ removed: original, added: replacement });
    expect(r.diff.added).toEqual([]);
    expect(r.diff.removed).toEqual([]);
    expect(m.sample_size).toBeGreaterThan(0);
  });

  it('catches a deleted row, an added row and an edited manifest', async () => {
    const ws = await county();
    const { file } = await drawAndWrite(ws);
    const wb = await openBook(file);
    const sheet = wb.getWorksheet('倒查登记')!;
    const removed = String(sheet.getCell(2, colIndex('case_id')).value);
    sheet.getCell(2, colIndex('case_id')).value = null;
    sheet.getCell(sheet.rowCount + 1, colIndex('case_id')).value = 'NOT-A-CASE';
    const manifest = wb.getWorksheet(MANIFEST_SHEET)!;
    manifest.eachRow((row) => {
      if (row.getCell(1).value === 'seed') row.getCell(2).value = 'other-seed';
    });
    const edited = join(ws.dir, 'edited2.xlsx');
    await wb.xlsx.writeFile(edited);
    const r = await verifySample(ws.db, edited);
    expect(r.status).toBe('mismatch');
    // One missing and one added: reported as a swap (across strata), the added one outside the population.
    expect(r.diff.swapped).toEqual([{ removed, added: 'NOT-A-CASE', same_stratum: false }]);
    expect(r.diff.outside_population).toEqual(['NOT-A-CASE']);
    expect(r.manifest_conflicts).toEqual([{ key: 'seed', workbook: 'other-seed', workspace: 'wb' }]);
  });

  it('says when the population changed since the draw', async () => {
    const ws = await county();
    const { m, file } = await drawAndWrite(ws);
    await ws.db.run(`INSERT INTO cases (case_id, station, station_id, case_type, is_major, received_at) VALUES ('LATE-1', '城关派出所', 'S01', 'criminal', NULL, TIMESTAMP '2026-09-29 10:00:00')`);
    const r = await verifySample(ws.db, file);
    expect(r.population.changed).toBe(true);
    expect(r.population.size_now).toBe(m.population_size + 1);
    expect(r.status).toBe('population_changed');
    expect(r.reference).toBe('record');
    const byId = await verifySample(ws.db, m.sample_id);
    expect(byId.status).toBe('population_changed');
  });

  it('says when the same cases now fall in other strata (units resolved differently)', async () => {
    const ws = await county();
    const { file } = await drawAndWrite(ws);
    await ws.db.run(`UPDATE cases SET station_id = NULL WHERE station_id = 'S03'`);
    const r = await verifySample(ws.db, file);
    expect(r.population.changed).toBe(true);
    expect(r.population.strata_changed).toBe(true);
    expect(r.population.digest_now).toBe(r.population.digest_at_draw);
    expect(r.status).toBe('population_changed');
    expect(r.diff.swapped).toEqual([]);
  });

  it('re-derives from the workbook manifest when the workspace has no record, and finds the id without the manifest sheet', async () => {
    const ws = await county();
    const { m, file } = await drawAndWrite(ws);
    await ws.db.run(`DELETE FROM sample_cases`);
    await ws.db.run(`DELETE FROM samples`);
    const r = await verifySample(ws.db, file);
    expect(r.recorded).toBe(false);
    expect(r.status).toBe('verified');
    const wb = await openBook(file);
    wb.removeWorksheet(wb.getWorksheet(MANIFEST_SHEET)!.id);
    const stripped = join(ws.dir, 'stripped.xlsx');
    await wb.xlsx.writeFile(stripped);
    expect((await readSampleWorkbook(stripped)).sample_id).toBe(m.sample_id);
    await expect(verifySample(ws.db, stripped)).rejects.toThrow(/no sample|没有样本/);
  });

  it('refuses a file that is not a sample workbook', async () => {
    const ws = await county();
    const other = join(ws.dir, 'other.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['hello']);
    await wb.xlsx.writeFile(other);
    await expect(verifySample(ws.db, other, 'en')).rejects.toThrow(/not a jiceng sample workbook/);
    await expect(verifySample(ws.db, join(ws.dir, 'missing.xlsx'), 'en')).rejects.toThrow(/no such file/);
  });
});

describe('evaluateSample', () => {
  async function withFindings(): Promise<{ ws: Workspace; m: SampleManifest; ids: string[] }> {
    const ws = await county();
    const { manifest: m } = await drawSample(ws, { quarter: '2026Q3', seed: 'ev', rate: 0.25 });
    const ids = (await ws.db.all<{ case_id: string }>(`SELECT case_id FROM sample_cases WHERE sample_id = ? ORDER BY case_id`, [m.sample_id])).map((r) => r.case_id);
    return { ws, m, ids };
  }

  it('before findings: what the sample can prove', async () => {
    const { ws, m } = await withFindings();
    const ev = await evaluateSample(ws.db, m, { confidence: 0.95, tolerable: 0.05 });
    expect(ev.has_findings).toBe(false);
    expect(ev.county.sampled).toBe(m.sample_size);
    expect(ev.county.defect_rate).toBeNull();
    expect(ev.county.capacity.zero_defect_upper).toBeCloseTo(1 - Math.pow(0.05, 1 / m.sample_size), 15);
    expect(ev.county.capacity.required).toBe(59);
    expect(ev.county.capacity.needed).toBe(Math.max(m.sample_size, 59));
    expect(ev.county.capacity.sufficient).toBe(m.sample_size >= 59);
    expect(ev.stations).toHaveLength(3);
    for (const s of ev.stations) {
      expect(s.population).toBe(40);
      expect(s.capacity.census).toBe(true); // 40 cases < 59: only a full review proves 5%
      expect(s.capacity.needed).toBe(40);
    }
    expect(capacityOf(100, 1000, 0.95, 0.05)).toEqual({ n: 100, population: 1000, zero_defect_upper: expect.closeTo(1 - Math.pow(0.05, 1 / 100), 12), required: 59, required_finite: 57, needed: 100, sufficient: true, census: false });
    expect(capacityOf(20, 1000, 0.95, 0.05)).toMatchObject({ needed: 59, sufficient: false });
  });

  it('defect rates with exact bounds, per station and for the county', async () => {
    const { ws, m, ids } = await withFindings();
    // Review all but two; 3 defects of two types; one finding for a case outside the sample.
    const reviewed = ids.slice(0, ids.length - 2);
    const defects = new Map([[reviewed[0], '超期办案'], [reviewed[4], '证据不足'], [reviewed[9], '超期办案']]);
    for (const id of reviewed) {
      await ws.db.run(`INSERT INTO findings (case_id, result, defect_type, reviewer, reviewed_at) VALUES (?, ?, ?, '张三', DATE '2026-10-15')`, [
        id, defects.has(id) ? 'defect' : 'pass', defects.get(id) ?? null,
      ]);
    }
    const outsider = (await ws.db.all<{ case_id: string }>(`SELECT case_id FROM cases WHERE case_id NOT IN (SELECT case_id FROM sample_cases) LIMIT 1`))[0].case_id;
    await ws.db.run(`INSERT INTO findings (case_id, result) VALUES (?, 'defect')`, [outsider]);

    const ev = await evaluateSample(ws.db, m, { confidence: 0.95, tolerable: 0.05 });
    expect(ev.has_findings).toBe(true);
    expect(ev.outside_sample).toBe(1);
    const c = ev.county;
    expect(c.reviewed).toBe(ids.length - 2);
    expect(c.pending).toBe(2);
    expect(c.defects).toBe(3);
    expect(c.defect_rate).toBe(3 / (ids.length - 2));
    // Checked against an independent computation (bisection on the binomial CDF summed term by term), not src/stats itself.
    const ci = exactInterval(3, ids.length - 2, 0.95);
    expect(c.ci_lower).toBeCloseTo(ci.lower, 9);
    expect(c.ci_upper).toBeCloseTo(ci.upper, 9);
    expect(c.upper_one_sided).toBeCloseTo(exactUpperOneSided(3, ids.length - 2, 0.95), 9);
    expect(c.defect_types).toEqual([{ type: '超期办案', count: 2 }, { type: '证据不足', count: 1 }]);
    // Stations add up to the county.
    expect(ev.stations.reduce((a, s) => a + s.reviewed, 0)).toBe(c.reviewed);
    expect(ev.stations.reduce((a, s) => a + s.defects, 0)).toBe(3);
    for (const s of ev.stations) {
      if (!s.reviewed) continue;
      const sci = exactInterval(s.defects, s.reviewed, 0.95);
      expect(s.ci_lower).toBeCloseTo(sci.lower, 9);
      expect(s.ci_upper).toBeCloseTo(sci.upper, 9);
    }
    expect(ev.method.interval).toMatch(/Clopper–Pearson/);
    // The weighted estimate needs every stratum reviewed; here it is.
    const strata = new Map(m.strata.map((s) => [s.stratum, s]));
    const sc = await ws.db.all<{ case_id: string; stratum: string }>(`SELECT case_id, stratum FROM sample_cases WHERE sample_id = ?`, [m.sample_id]);
    const per = new Map<string, { r: number; d: number }>();
    for (const x of sc) {
      if (!reviewed.includes(x.case_id)) continue;
      const t = per.get(x.stratum) ?? { r: 0, d: 0 };
      t.r++;
      if (defects.has(x.case_id)) t.d++;
      per.set(x.stratum, t);
    }
    expect([...strata.keys()].every((k) => per.has(k))).toBe(true);
    const w = [...strata.values()].reduce((a, s) => a + (s.population * per.get(s.stratum)!.d) / per.get(s.stratum)!.r, 0) / m.population_size;
    expect(c.weighted_rate).not.toBeNull();
    expect(c.weighted_rate).toBeCloseTo(w, 14);
    expect(c.weighted_rate).not.toBeCloseTo(c.defect_rate!, 6); // strata sampled at unequal fractions
  });
});
