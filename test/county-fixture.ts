// A small county's exports over several quarters (units, headcount, cases, ledger, petitions), written as a county would send them, for trend and prefecture tests.
import { join } from 'node:path';
import { expect } from 'vitest';
import { cli, writeText, writeXlsx } from './helpers.js';

export interface StationSpec {
  id: string;
  name: string;
  area: '城区' | '农村';
  population: number;
  /** Per quarter: [sworn, frontline] at the quarter's last day. */
  staff: Array<[number, number]>;
  /** Per quarter: ledger items (each 2 hours, issued by `issuers[i % issuers.length]`), petitions, criminal cases. */
  ledger: number[];
  petitions: number[];
  cases: number[];
  issuers?: string[];
}

const quarterDates = (label: string): { mid: string; end: string; month: number; year: number } => {
  const year = Number(label.slice(0, 4));
  const q = Number(label.slice(5));
  const month = 3 * (q - 1) + 2;
  const last = ['03-31', '06-30', '09-30', '12-31'][q - 1];
  return { mid: `${year}-${String(month).padStart(2, '0')}`, end: `${year}-${last}`, month, year };
};

/** Writes the county's five exports into `dir` and returns their paths. */
export async function writeCounty(dir: string, county: string, stations: StationSpec[], quarters: string[]): Promise<string[]> {
  const files: string[] = [];
  files.push(await writeXlsx(join(dir, `${county}单位基础信息.xlsx`), [{
    name: '单位',
    rows: [
      [`${county}公安局派出所基础信息表`],
      ['单位编码', '单位名称', '所属县局', '单位类别', '辖区类型', '常住人口'],
      ...stations.map((s) => [s.id, s.name, county, '派出所', s.area, s.population]),
    ],
  }]));
  const head: (string | number | null)[][] = [[`${county}公安局警力统计表`], ['单位', '统计日期', '民警数', '一线民警']];
  for (const [i, q] of quarters.entries()) for (const s of stations) head.push([s.name, quarterDates(q).end, s.staff[i][0], s.staff[i][1]]);
  files.push(await writeXlsx(join(dir, `${county}警力统计表.xlsx`), [{ name: '警力', rows: head }]));

  const cases: (string | number | null)[][] = [['案件编号', '办案单位', '案件类别', '受理时间', '结案时间']];
  const ledger: (string | number | null)[][] = [['单位', '日期', '事项', '类型', '下发部门', '耗时(小时)']];
  const petitions: (string | number | null)[][] = [['信访编号', '登记日期', '责任单位']];
  for (const [i, q] of quarters.entries()) {
    const d = quarterDates(q);
    for (const s of stations) {
      for (let k = 0; k < s.cases[i]; k++) cases.push([`${s.id}-${q}-A${k + 1}`, s.name, '刑事', `${d.mid}-0${k + 1} 09:00`, `${d.mid}-1${k + 1}`]);
      for (let k = 0; k < s.ledger[i]; k++) {
        const issuers = s.issuers ?? ['治安大队'];
        ledger.push([s.name, `${d.mid}-0${k + 1}`, `${q}报表${k + 1}`, '报表', issuers[k % issuers.length], 2]);
      }
      for (let k = 0; k < s.petitions[i]; k++) petitions.push([`XF-${s.id}-${q}-${k + 1}`, `${d.mid}-2${k}`, s.name]);
    }
  }
  files.push(writeText(join(dir, `${county}案件台账.csv`), cases, 'gb18030'));
  files.push(await writeXlsx(join(dir, `${county}报表台账.xlsx`), [{ name: '台账', rows: [[`${county}基层报表台账登记`], ...ledger] }]));
  files.push(writeText(join(dir, `${county}信访台账.csv`), petitions, 'utf-8-bom'));
  return files;
}

/** A fresh workspace with the given files loaded through the CLI. */
export function loadWorkspace(ws: string, files: string[]): void {
  const init = cli(['init', ws]);
  expect(init.code, init.stderr).toBe(0);
  const r = cli(['load', ...files, '-w', ws, '--json']);
  expect(r.code, r.stderr + r.stdout).toBe(0);
}
