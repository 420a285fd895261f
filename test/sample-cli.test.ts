// The `jiceng sample` commands, run through commander as the CLI does (output captured).
import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parseShare, sanitizeFileName } from '../src/cli/commands/sample.js';
import { runCli } from './cli.js';
import { initWorkspace, openWorkspace } from '../src/workspace.js';
import { colIndex } from '../src/sample/workbook.js';

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
  it('parseShare and sanitizeFileName', () => {
    expect(parseShare('10%', '--rate', 'en', { allowOne: true })).toBeCloseTo(0.1, 15);
    expect(parseShare('１０％', '--rate', 'en')).toBeCloseTo(0.1, 15);
    expect(parseShare('1', '--rate', 'en', { allowOne: true })).toBe(1);
    expect(() => parseShare('1', '--tolerable', 'en')).toThrow(/--tolerable/);
    expect(() => parseShare('abc', '--rate', 'en')).toThrow();
    expect(sanitizeFileName('a/b\\c:d*e?f"g<h>i|j.xlsx')).toBe('a_b_c_d_e_f_g_h_i_j.xlsx');
    expect(sanitizeFileName('..')).toBe('sample');
  });
});
