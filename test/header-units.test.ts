// A header's bracket may give the unit its figures are in: 耗时（小时） is the hours field, but
// 用时（分钟） or 面积（平方米） would load 90 minutes as 90 hours, square metres as km². Such a column
// is not taken for the field (the load says so); a --map naming it is the user's word and is taken.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { loadFile } from '../src/ingest/load.js';
import { withWorkspace, writeText } from './helpers.js';

const TODAY = '2026-11-30';

describe('units of measure in header brackets', () => {
  it('a column in another unit loads its field empty, with a warning naming the header; the field\'s own unit is taken', async () => {
    await withWorkspace(async (ws, dir) => {
      const stations = writeText(join(dir, '单位.csv'), [
        ['单位编码', '单位名称', '单位类别', '常住人口（人）', '户籍人口（户）', '辖区面积（平方米）'],
        ['S01', '城关派出所', '派出所', 50000, 12000, 3000000],
      ], 'utf-8');
      const minutes = writeText(join(dir, '台账_分钟.csv'), [['单位', '日期', '事项', '类型', '用时（分钟）'], ['城关派出所', '2026-08-01', '报表A', '报表', 90]], 'utf-8');
      const hours = writeText(join(dir, '台账_小时.csv'), [['单位', '日期', '事项', '类型', '耗时（小时）'], ['城关派出所', '2026-08-02', '报表B', '报表', 2]], 'utf-8');
      const [st] = await loadFile(ws, stations, { today: TODAY });
      expect(st.status).toBe('loaded');
      expect(st.warnings.filter((w) => w.code === 'note_column_other_unit').map((w) => w.params?.header)).toEqual(['户籍人口（户）', '辖区面积（平方米）']);
      const [m] = await loadFile(ws, minutes, { today: TODAY });
      expect(m.warnings.map((w) => w.code)).toContain('note_column_other_unit');
      const [h] = await loadFile(ws, hours, { today: TODAY });
      expect(h.warnings.map((w) => w.code)).not.toContain('note_column_other_unit');
      expect(await ws.db.all(`SELECT population_resident, population_registered, area_km2 FROM stations`)).toEqual([
        { population_resident: 50000, population_registered: null, area_km2: null },
      ]);
      expect(await ws.db.all(`SELECT item, CAST(hours AS DOUBLE) AS hours FROM ledger ORDER BY item`)).toEqual([
        { item: '报表A', hours: null },
        { item: '报表B', hours: 2 },
      ]);
    });
  });

  it('--map naming the column takes it as the user says', async () => {
    await withWorkspace(async (ws, dir) => {
      const stations = writeText(join(dir, '单位.csv'), [['单位编码', '单位名称', '单位类别'], ['S01', '城关派出所', '派出所']], 'utf-8');
      const f = writeText(join(dir, '台账.csv'), [['单位', '日期', '事项', '类型', '用时（工时）'], ['城关派出所', '2026-08-01', '报表A', '报表', 3]], 'utf-8');
      await loadFile(ws, stations, { today: TODAY });
      const [r] = await loadFile(ws, f, { today: TODAY });
      expect(r.warnings.map((w) => w.code)).not.toContain('note_column_other_unit');
      const g = writeText(join(dir, '台账2.csv'), [['单位', '日期', '事项', '类型', '用时（分钟）'], ['城关派出所', '2026-08-03', '报表C', '报表', 1.5]], 'utf-8');
      const [s] = await loadFile(ws, g, { today: TODAY, mapping: { ledger: { headers: { '用时（分钟）': 'hours' } } } });
      expect(s.warnings.map((w) => w.code)).not.toContain('note_column_other_unit');
      expect(await ws.db.all(`SELECT item, CAST(hours AS DOUBLE) AS hours FROM ledger ORDER BY item`)).toEqual([
        { item: '报表A', hours: 3 },
        { item: '报表C', hours: 1.5 },
      ]);
    });
  });
});
