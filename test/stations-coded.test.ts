// A stations file without 单位编码 keys each unit by its name; a later one with codes is the same
// units, coded. It made a second 城关派出所 (S01) beside the first, with the population and no officers.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { loadFile } from '../src/ingest/load.js';
import { withWorkspace, writeText } from './helpers.js';

const TODAY = '2026-11-30';

describe('stations known by name, then given codes', () => {
  it('become the coded records, with the rows that named them resolved to the codes; a reload changes nothing', async () => {
    await withWorkspace(async (ws, dir) => {
      const byName = writeText(join(dir, '单位_无编码.csv'), [['单位名称', '单位类别', '常住人口'], ['城关派出所', '派出所', 50000], ['东关派出所', '派出所', 30000]], 'utf-8');
      const cases = writeText(join(dir, '案件.csv'), [['案件编号', '办案单位', '案件类别', '受理时间'], ['C1', '城关派出所', '刑事', '2026-08-01'], ['C2', '东关派出所', '刑事', '2026-08-01']], 'utf-8');
      const coded = writeText(join(dir, '单位_有编码.csv'), [['单位编码', '单位名称', '单位类别', '常住人口'], ['S01', '城关派出所', '派出所', 52000]], 'utf-8');
      for (const f of [byName, cases]) await loadFile(ws, f, { today: TODAY });
      const [r] = await loadFile(ws, coded, { today: TODAY });
      expect(r.warnings.map((w) => [w.code, w.params])).toContainEqual(['warn_stations_coded', { n: 1 }]);
      expect(await ws.db.all(`SELECT station_id, station_name, population_resident FROM stations ORDER BY station_id`)).toEqual([
        { station_id: 'S01', station_name: '城关派出所', population_resident: 52000 },
        { station_id: '东关派出所', station_name: '东关派出所', population_resident: 30000 },
      ]);
      expect(await ws.db.all(`SELECT case_id, station_id FROM cases ORDER BY case_id`)).toEqual([
        { case_id: 'C1', station_id: 'S01' },
        { case_id: 'C2', station_id: '东关派出所' },
      ]);
      expect((await loadFile(ws, coded, { today: TODAY }))[0].status).toBe('unchanged');
    });
  });
});
