// The city-scale generator (fixtures/city.ts): deterministic for a seed, exact row counts, and a tiny
// city loads with no flags, no rejects and no flags raised; the report's personal-number guard on its petitions.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CITY_FILES, citySize, writeCity, type CityManifest } from '../fixtures/city.js';
import { assertNoPersonalNumbers, personalNumberGuard } from '../src/report/index.js';
import { openWorkspace } from '../src/workspace.js';
import { cli, tmp } from './helpers.js';

const SCALE = 0.002;
const hashes = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
const dataLines = (path: string): string[] => readFileSync(path, 'utf8').split('\r\n').filter(Boolean).slice(1);

describe('city generator', () => {
  let a: CityManifest;
  let dirA: string;
  beforeAll(async () => {
    dirA = tmp('jiceng-city-a-');
    a = await writeCity(dirA, { seed: 7, scale: SCALE });
  });

  it('writes the same bytes for the same seed and scale, other bytes for another seed', async () => {
    const dirB = tmp('jiceng-city-b-');
    await writeCity(dirB, { seed: 7, scale: SCALE });
    expect(hashes(dirB)).toEqual(hashes(dirA));
    const dirC = tmp('jiceng-city-c-');
    await writeCity(dirC, { seed: 8, scale: SCALE });
    expect(hashes(dirC)[CITY_FILES.cases]).not.toBe(hashes(dirA)[CITY_FILES.cases]);
  });

  it('sizes: full scale is the issue\'s city, a tiny scale keeps 2 counties of 8 units', () => {
    expect(citySize(1)).toEqual({ counties: 8, units: 220, staff: 12_000, cases: 1_000_000, ledger: 100_000, petitions: 50_000 });
    expect(citySize(0.5)).toEqual({ counties: 4, units: 110, staff: 6_000, cases: 500_000, ledger: 50_000, petitions: 25_000 });
    // 2 counties × 8 units; staff at least 3 a unit; ledger at least 3 rows a unit.
    expect(citySize(SCALE)).toEqual({ counties: 2, units: 16, staff: 48, cases: 2_000, ledger: 200, petitions: 100 });
  });

  it('writes exactly the rows of its size, every file with a 所属县局 column, two counties of 8 units', () => {
    const rows = Object.fromEntries(a.files.map((f) => [f.kind, dataLines(join(dirA, f.file)).length]));
    // 2 detention centres have no roster: they are the headcount table's 2 rows.
    expect(rows).toEqual({ stations: 16, staffing: 48, headcount: 2, cases: 2_000, ledger: 200, petitions: 100 });
    expect(a.files.map((f) => f.rows)).toEqual([16, 48, 2, 2_000, 200, 100]);
    for (const f of a.files) expect(readFileSync(join(dirA, f.file), 'utf8').split('\r\n')[0]!.split(',')).toContain('所属县局');
    const counties = dataLines(join(dirA, CITY_FILES.stations)).map((l) => l.split(',')[3]);
    expect(a.counties).toEqual(['东山县公安局', '西河县公安局']);
    expect(counties.filter((c) => c === '东山县公安局').length).toBe(8);
    expect(counties.filter((c) => c === '西河县公安局').length).toBe(8);
  });

  describe('loaded with `jiceng load DIR` and no flags', () => {
    let ws: string;
    beforeAll(() => {
      ws = tmp('jiceng-city-ws-');
      expect(cli(['init', ws]).code).toBe(0);
    });

    it('loads every row of every file: nothing skipped, rejected or flagged', () => {
      const r = cli(['load', dirA, '-w', ws, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const files = (JSON.parse(r.stdout) as { files: Array<{ kind: string; rows_loaded: number; rows_skipped: number; rows_rejected: number }> }).files;
      expect(files.map((f) => [f.kind, f.rows_loaded, f.rows_skipped, f.rows_rejected])).toEqual([
        ['stations', 16, 0, 0], ['staffing', 48, 0, 0], ['headcount', 2, 0, 0], ['cases', 2_000, 0, 0], ['ledger', 200, 0, 0], ['petitions', 100, 0, 0],
      ]);
      const status = JSON.parse(cli(['status', '-w', ws, '--json']).stdout) as { kinds: Array<{ kind: string; rows: number; flagged: number }> };
      expect(status.kinds.filter((k) => k.rows > 0).map((k) => [k.kind, k.rows, k.flagged])).toEqual([
        ['stations', 16, 0], ['staffing', 48, 0], ['headcount', 2, 0], ['cases', 2_000, 0], ['ledger', 200, 0], ['petitions', 100, 0],
      ]);
    });

    it('the HTML guard finds a petitioner\'s ID number or phone in a page, spaced or not, and passes a page without one', async () => {
      const petition = dataLines(join(dirA, CITY_FILES.petitions)).find((l) => l.split(',')[7] !== '')!.split(',');
      const [idNumber, phone] = [petition[6]!, petition[7]!];
      const w = await openWorkspace(ws, { readOnly: true });
      try {
        await expect(assertNoPersonalNumbers(w.db, `<td>${idNumber}</td>`)).rejects.toThrow(/petitions\.id_number/);
        await expect(assertNoPersonalNumbers(w.db, `<td>${phone.slice(0, 3)} ${phone.slice(3, 7)}-${phone.slice(7)}</td>`)).rejects.toThrow(/petitions\.phone/);
        // Station codes and case counts are long digit runs too, but no one's personal data.
        await expect(assertNoPersonalNumbers(w.db, '<td>341821510100</td><td>1234567</td>')).resolves.toBeUndefined();
      } finally {
        w.close();
      }
    });

    it('a run\'s guard, prepared ahead on a connection of its own, checks every page against one table and leaves none behind', async () => {
      const petition = dataLines(join(dirA, CITY_FILES.petitions)).find((l) => l.split(',')[7] !== '')!.split(',');
      const [idNumber, phone] = [petition[6]!, petition[7]!];
      const w = await openWorkspace(ws, { readOnly: true });
      const tempTables = async (): Promise<number> => w.db.scalar<number>(`SELECT count(*)::INT FROM duckdb_tables() WHERE temporary AND table_name LIKE 'personal_numbers_%'`);
      try {
        const guard = personalNumberGuard(w.db);
        guard.prepare();
        await expect(guard('<td>341821510100</td><td>1234567</td>')).resolves.toBeUndefined();
        await expect(guard(`<p>${idNumber.slice(0, 9)} ${idNumber.slice(9)}</p>`)).rejects.toThrow(/petitions\.id_number/);
        await expect(guard(`<td>${phone}</td>`)).rejects.toThrow(/petitions\.phone/);
        // Its table lives on its own connection: none on this one, during the run or after.
        expect(await tempTables()).toBe(0);
        await guard.close();
        expect(await tempTables()).toBe(0);
      } finally {
        w.close();
      }
    });
  });
});
