// One workbook, one case number on two sheets with different values (七月 and 八月 sheets, a case
// solved in August): the later sheet wins, and says so (corpus test). Reloading the unchanged file
// must then change nothing: each reload swapped the two sheets' values and counted updates.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { loadFile } from '../src/ingest/load.js';
import { withWorkspace, writeText, writeXlsx } from './helpers.js';

const TODAY = '2026-11-30';
const HEADER = ['案件编号', '案件类别', '受理时间'];

describe('a key on two sheets of one workbook', () => {
  it('the later sheet wins once; a reload of the unchanged file changes nothing; a new export updates as usual', async () => {
    await withWorkspace(async (ws, dir) => {
      await loadFile(ws, writeText(join(dir, '单位.csv'), [['单位编码', '单位名称', '单位类别'], ['S01', '城关派出所', '派出所'], ['S02', '东关派出所', '派出所']], 'utf-8'), { today: TODAY });
      const v1 = await writeXlsx(join(dir, 'v1', '案件.xlsx'), [
        { name: '城关派出所', rows: [HEADER, ['X100', '刑事', '2026-08-01'], ['X101', '刑事', '2026-08-01']] },
        { name: '东关派出所', rows: [HEADER, ['X100', '治安', '2026-08-02'], ['X102', '治安', '2026-08-02']] },
      ]);
      const first = await loadFile(ws, v1, { today: TODAY });
      expect(first.map((r) => [r.sheet, r.rows_added, r.rows_updated, r.rows_rejected])).toEqual([['城关派出所', 2, 0, 0], ['东关派出所', 1, 1, 0]]);
      const cases = async () => ws.db.all(`SELECT case_id, station_id, case_type FROM cases ORDER BY case_id`);
      const afterFirst = [
        { case_id: 'X100', station_id: 'S02', case_type: 'public_security' },
        { case_id: 'X101', station_id: 'S01', case_type: 'criminal' },
        { case_id: 'X102', station_id: 'S02', case_type: 'public_security' },
      ];
      expect(await cases()).toEqual(afterFirst);
      const loads = await ws.db.scalar<number>(`SELECT count(*)::INT FROM loads`);
      for (let i = 0; i < 2; i++) {
        const again = await loadFile(ws, v1, { today: TODAY });
        expect(again.map((r) => [r.status, r.rows_updated, r.rows_added])).toEqual([['unchanged', 0, 0], ['unchanged', 0, 0]]);
        expect(await cases()).toEqual(afterFirst);
      }
      expect(await ws.db.scalar<number>(`SELECT count(*)::INT FROM loads`)).toBe(loads);
      // A new export where X101 moved to 东关's sheet: an update, as between any two exports.
      const v2 = await writeXlsx(join(dir, 'v2', '案件.xlsx'), [
        { name: '城关派出所', rows: [HEADER, ['X100', '刑事', '2026-08-01']] },
        { name: '东关派出所', rows: [HEADER, ['X101', '刑事', '2026-08-01'], ['X102', '治安', '2026-08-02']] },
      ]);
      const moved = await loadFile(ws, v2, { today: TODAY });
      expect(moved.map((r) => [r.sheet, r.rows_updated, r.rows_rejected])).toEqual([['城关派出所', 1, 0], ['东关派出所', 1, 0]]);
      expect(await cases()).toEqual([
        { case_id: 'X100', station_id: 'S01', case_type: 'criminal' },
        { case_id: 'X101', station_id: 'S02', case_type: 'criminal' },
        { case_id: 'X102', station_id: 'S02', case_type: 'public_security' },
      ]);
    });
  });
});
