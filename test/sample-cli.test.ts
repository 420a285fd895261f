// The `jiceng sample` commands, run through commander as the CLI does (output captured).
import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parseShare } from '../src/sample/options.js';
import { defaultWorkbookName, workbookPath } from '../src/sample/files.js';
import { initWorkspace, openWorkspace } from '../src/workspace.js';
import { colIndex } from '../src/sample/workbook.js';
import { chineseWords, englishSentences } from './language-check.js';
import { runCli } from './cli.js';

/** `jiceng <args>` in-process (test/cli.ts): exit code, output and the error it reported. */
const run = (args: string[]) => runCli(args);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function countyDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-sample-cli-'));
  dirs.push(dir);
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  try {
    for (const [id, name] of [['S01', '城关派出所'], ['S02', '东关派出所']]) {
      await ws.db.run(`INSERT INTO stations (station_id, station_name, unit_kind) VALUES (?, ?, 'station')`, [id, name]);
      for (let i = 0; i < 45; i++) {
        await ws.db.run(
          `INSERT INTO cases (case_id, station, station_id, case_type, is_major, received_at) VALUES (?, ?, ?, ?, NULL, CAST(? AS TIMESTAMP))`,
          [`${id}-${String(i).padStart(4, '0')}`, name, id, i % 2 ? 'criminal' : 'public_security', `2026-09-${String(1 + (i % 28)).padStart(2, '0')} 08:00:00`],
        );
      }
    }
  } finally {
    ws.close();
  }
  return dir;
}

describe('jiceng sample size', () => {
  it('says 59 for 95% confidence, 5% tolerable, no expected deviations', async () => {
    const r = await run(['sample', 'size', '--confidence', '0.95', '--tolerable', '0.05']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/样本量：59 件/);
    const en = await run(['--lang', 'en', 'sample', 'size', '--confidence', '95%', '--tolerable', '5%', '--expected', '0']);
    expect(en.stdout).toMatch(/^Sample size: 59$/m);
    expect(en.stdout).toMatch(/exact binomial/);
  });
  it('JSON, expected deviations and the hypergeometric model', async () => {
    const a = JSON.parse((await run(['sample', 'size', '--tolerable', '0.05', '--expected', '0.01', '--json'])).stdout);
    expect(a).toMatchObject({ sample_size: 93, allowed_deviations: 1, model: 'binomial' });
    const b = JSON.parse((await run(['sample', 'size', '--population', '100', '--json'])).stdout);
    expect(b).toMatchObject({ sample_size: 45, model: 'hypergeometric', population_deviations: 5, at_rate: { size: 10, enough: false } });
  });
  it('refuses bad values with a usage error', async () => {
    const r = await run(['sample', 'size', '--tolerable', '0.05', '--expected', '0.06']);
    expect(r.code).toBe(2);
    const s = await run(['sample', 'size', '--confidence', '1.5']);
    expect(s.code).toBe(2);
    expect(String((s.error as Error).message)).toMatch(/--confidence/);
  });
});

describe('jiceng sample draw / verify / findings / list', () => {
  it('draws, writes the workbook, verifies it, catches a swap, and reports what the sample can prove', async () => {
    const dir = await countyDir();
    const d = await run(['-w', dir, 'sample', 'draw', '--quarter', '2026Q3', '--seed', 'cli', '--json']);
    expect(d.code).toBe(0);
    const m = JSON.parse(d.stdout);
    expect(m).toMatchObject({ quarter: '2026Q3', seed: 'cli', rate: 0.1, population_size: 90, seed_generated: false });
    expect(m.workbook).toBe(join(dir, 'reports', `倒查样本_2026Q3_${m.sample_id}.xlsx`));
    expect(existsSync(m.workbook)).toBe(true);

    const again = await run(['-w', dir, 'sample', 'draw', '--quarter', '2026Q3', '--seed', 'cli']);
    expect(again.stdout).toContain(m.sample_id);
    expect(again.stderr).toMatch(/沿用原记录/);

    const v = await run(['-w', dir, 'sample', 'verify', m.workbook]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/核对通过/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(m.workbook);
    const sheet = wb.getWorksheet('倒查登记')!;
    const listed = new Set<string>();
    sheet.eachRow((row, n) => n > 1 && listed.add(String(row.getCell(colIndex('case_id')).value)));
    const cell = sheet.getCell(2, colIndex('case_id'));
    const was = String(cell.value);
    const undrawn = Array.from({ length: 45 }, (_, i) => `${was.slice(0, 3)}-${String(i).padStart(4, '0')}`).find((id) => !listed.has(id))!;
    cell.value = undrawn;
    const edited = join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const bad = await run(['-w', dir, '--lang', 'en', 'sample', 'verify', edited, '--json']);
    expect(bad.code).toBe(3);
    const rep = JSON.parse(bad.stdout);
    expect(rep.status).toBe('mismatch');
    expect(rep.diff.swapped).toEqual([{ removed: was, added: undrawn, same_stratum: expect.any(Boolean) }]);
    const text = await run(['-w', dir, 'sample', 'verify', edited]);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain(`调换：${was} 被换成 ${undrawn}`);

    const f = await run(['-w', dir, 'sample', 'findings']);
    expect(f.code).toBe(0);
    expect(f.stdout).toMatch(/还没有倒查结果/);
    expect(f.stdout).toMatch(/城关派出所/);
    const fj = JSON.parse((await run(['-w', dir, 'sample', 'findings', m.sample_id, '--json'])).stdout);
    expect(fj.has_findings).toBe(false);
    expect(fj.county.capacity.required).toBe(59);

    const l = JSON.parse((await run(['-w', dir, 'sample', 'list', '--json'])).stdout);
    expect(l.map((x: { sample_id: string }) => x.sample_id)).toEqual([m.sample_id]);

    const w = await run(['-w', dir, 'sample', 'workbook', m.sample_id, '--out', join(dir, 'again:copy'), '--json']);
    expect(JSON.parse(w.stdout).workbook).toBe(join(dir, 'again_copy.xlsx'));
  });

  it('generates and prints a seed; explains usage errors', async () => {
    const dir = await countyDir();
    const d = await run(['-w', dir, '--lang', 'en', 'sample', 'draw', '--no-workbook']);
    expect(d.code).toBe(0);
    expect(d.stderr).toMatch(/seed [0-9a-f]{16} was generated/);
    expect(d.stdout).toMatch(/County/);
    const bad = await run(['-w', dir, 'sample', 'draw', '--rate', '0']);
    expect(bad.code).toBe(2);
    const strat = await run(['-w', dir, 'sample', 'draw', '--stratify', 'officer']);
    expect(strat.code).toBe(2);
    expect((strat.error as Error & { hint?: string }).hint).toMatch(/case_type/);
    const none = await run(['-w', dir, 'sample', 'verify', 'NOPE-1']);
    expect(none.code).toBe(1);
  });
});

describe('helpers', () => {
  it('parseShare, and the workbook path: the default name per language, --out made safe (one sanitizeFileName)', () => {
    expect(parseShare('10%', '--rate', { allowOne: true })).toBeCloseTo(0.1, 15);
    expect(parseShare('１０％', '--rate')).toBeCloseTo(0.1, 15);
    expect(parseShare('1', '--rate', { allowOne: true })).toBe(1);
    expect(() => parseShare('1', '--tolerable')).toThrow(/--tolerable/);
    expect(() => parseShare('abc', '--rate')).toThrow();
    const m = { quarter: '2026Q3', sample_id: '2026Q3-0a1b2c3d' };
    expect(defaultWorkbookName(m, 'zh')).toBe('倒查样本_2026Q3_2026Q3-0a1b2c3d.xlsx');
    expect(defaultWorkbookName(m, 'en')).toBe('backtrack-sample_2026Q3_2026Q3-0a1b2c3d.xlsx');
    expect(workbookPath('/ws', m, undefined, 'zh')).toBe(join('/ws', 'reports', '倒查样本_2026Q3_2026Q3-0a1b2c3d.xlsx'));
    expect(workbookPath('/ws', m, '/out/a:b*c?d"e<f>g|h.xlsx', 'zh')).toBe(join('/out', 'a_b_c_d_e_f_g_h.xlsx'));
    // Windows device names get a leading _, and .xlsx is added when missing.
    expect(workbookPath('/ws', m, '/out/CON', 'en')).toBe(join('/out', '_CON.xlsx'));
    expect(workbookPath('/ws', m, '/out/nul.xlsx', 'en')).toBe(join('/out', '_nul.xlsx'));
    // The byte limit: a very long name is cut on a character boundary, the extension kept.
    const long = workbookPath('/ws', m, `/out/${'倒'.repeat(200)}.xlsx`, 'zh');
    expect(Buffer.byteLength(long.slice('/out/'.length))).toBeLessThanOrEqual(180);
    expect(long.endsWith('倒.xlsx')).toBe(true);
  });
});

describe('every sample output in the chosen language', () => {
  /** Every sample command, its stdout and stderr, and the workbook's visible sheets. */
  async function everything(lang: 'zh' | 'en'): Promise<{ text: string; workbook: string; names: string[]; data: string[] }> {
    const dir = await countyDir();
    const ws = await openWorkspace(dir);
    try {
      // A case whose unit is not in the stations table, and one with no unit at all (未知单位 / unknown unit).
      await ws.db.run(`INSERT INTO cases (case_id, station, station_id, case_type, received_at) VALUES
        ('X-0001', '新区警务站', NULL, 'criminal', TIMESTAMP '2026-09-03 08:00:00'),
        ('X-0002', NULL, NULL, 'criminal', TIMESTAMP '2026-09-04 08:00:00')`);
    } finally {
      ws.close();
    }
    const L = ['--lang', lang, '-w', dir];
    const runs = [await run([...L, 'sample', 'draw', '--quarter', '2026Q3', '--seed', 'lang', '--stratify', 'station,case_type', '--include-all-above', '1000'])];
    const m = JSON.parse((await run([...L, 'sample', 'list', '--json'])).stdout)[0] as { sample_id: string };
    const file = join(dir, 'reports', `${lang === 'zh' ? '倒查样本' : 'backtrack-sample'}_2026Q3_${m.sample_id}.xlsx`);
    runs.push(
      await run([...L, 'sample', 'draw', '--quarter', '2026Q3', '--seed', 'lang', '--stratify', 'station,case_type', '--include-all-above', '1000']),
      await run([...L, 'sample', 'verify', file]),
      await run([...L, 'sample', 'verify', m.sample_id]),
      await run([...L, 'sample', 'size']),
      await run([...L, 'sample', 'size', '--population', '100', '--expected', '0.01']),
      await run([...L, 'sample', 'findings']),
      await run([...L, 'sample', 'list']),
      await run([...L, 'sample', 'workbook', m.sample_id]),
    );
    // Findings: one defect, so the rates, intervals and their method are printed too.
    const w2 = await openWorkspace(dir);
    try {
      const ids = await w2.db.all<{ case_id: string }>(`SELECT case_id FROM sample_cases WHERE sample_id = ? ORDER BY case_id`, [m.sample_id]);
      for (const [i, r] of ids.entries()) await w2.db.run(`INSERT INTO findings (case_id, result, defect_type) VALUES (?, ?, ?)`, [r.case_id, i === 0 ? 'defect' : 'pass', i === 0 ? '超期办案' : null]);
    } finally {
      w2.close();
    }
    runs.push(await run([...L, 'sample', 'findings']));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const cells: string[] = [];
    // Where a unit is named for people: the answer sheet's unit column and the method sheet's first column.
    const names: string[] = [];
    const [method, answers] = book.worksheets.filter((x) => x.state === 'visible');
    for (const s of [method, answers]) {
      cells.push(s.name);
      s.eachRow((row) => row.eachCell((c) => cells.push(c.value instanceof Date ? '' : String(c.value ?? ''))));
    }
    // (The method paragraphs explain the stratum key (unknown):<unit> itself: data, left out here.)
    method.eachRow((row) => names.push(String(row.getCell(1).value ?? '')));
    names.splice(0, names.length, ...names.filter((n) => n.length < 40));
    answers.eachRow((row) => names.push(String(row.getCell(colIndex('station')).value ?? '')));
    expect(book.worksheets.filter((x) => x.state === 'visible')).toHaveLength(2);
    const data = ['城关派出所', '东关派出所', '新区警务站', '超期办案', 'lang', file, dir];
    return { text: runs.map((r) => r.stdout + r.stderr).join('\n'), workbook: cells.join('\n'), names, data };
  }

  it('in zh: no English sentence outside data, paths, flags and commands; the unknown unit by name', async () => {
    const { text, workbook, names, data } = await everything('zh');
    expect(englishSentences(text, data)).toEqual([]);
    expect(englishSentences(workbook, data)).toEqual([]);
    // A case without any unit: 未知单位 where units are named (its stratum key, (unknown), is data and stays).
    expect(text).toContain('未知单位');
    expect(text).not.toContain('(unknown)');
    expect(names).toContain('未知单位');
    expect(names).toContain('未知单位 · 刑事');
    expect(names.filter((n) => n.includes('(unknown)'))).toEqual([]);
    for (const t of [text, workbook]) expect(t).not.toMatch(/station,\s*case_type/);
    expect(workbook).toContain('办案单位和案件类别（刑事/治安）');
    expect(text).toContain('分层 办案单位、案件类别（刑事/治安）');
  }, 120_000);

  it('in en: no Chinese interface word', async () => {
    const { text, workbook, names, data } = await everything('en');
    expect(chineseWords(text, data)).toEqual([]);
    expect(chineseWords(workbook, data)).toEqual([]);
    expect(text).toContain('unknown unit');
    expect(text).not.toContain('(unknown)');
    expect(names).toContain('unknown unit · criminal');
    expect(names.filter((n) => n.includes('(unknown)'))).toEqual([]);
    expect(workbook).toContain('unit, case type (criminal/public security)');
  }, 120_000);
});
