// Short unit names: 城关所 and 城关 are the one 城关派出所, but a squad, an outpost or a brigade
// named like a station is another unit. Matching them put a 中队's cases on the station, unflagged.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { loadFile } from '../src/ingest/load.js';
import { listFlags } from '../src/quality/flags.js';
import { KnownUnits } from '../src/ingest/known-units.js';
import { withWorkspace, writeText } from './helpers.js';

describe('short unit names', () => {
  it('resolve within the same kind of unit only; other units load unresolved and flagged', async () => {
    await withWorkspace(async (ws, dir) => {
      const stations = writeText(join(dir, '单位.csv'), [
        ['单位编码', '单位名称', '单位类别', '常住人口'],
        ['S01', '城关派出所', '派出所', 50000],
        ['S02', '东关派出所', '派出所', 30000],
        ['S03', '刑侦大队', '刑侦', null],
      ], 'utf-8');
      const cases = writeText(join(dir, '案件.csv'), [
        ['案件编号', '办案单位', '案件类别', '受理时间'],
        ['A1', '城关所', '刑事', '2026-08-01'],
        ['A2', '城关', '刑事', '2026-08-01'],
        ['A3', '东关公安派出所', '治安', '2026-08-01'],
        ['A4', '城关中队', '治安', '2026-08-01'],
        ['A5', '城关警务室', '治安', '2026-08-01'],
        ['A6', '刑侦中队', '刑事', '2026-08-01'],
        ['A7', '刑侦大队', '刑事', '2026-08-01'],
      ], 'utf-8');
      for (const f of [stations, cases]) {
        for (const r of await loadFile(ws, f, { today: '2026-11-30' })) expect(r.status).toBe('loaded');
      }
      const rows = await ws.db.all<{ case_id: string; station_id: string | null }>(`SELECT case_id, station_id FROM cases ORDER BY case_id`);
      expect(rows).toEqual([
        { case_id: 'A1', station_id: 'S01' },
        { case_id: 'A2', station_id: 'S01' },
        { case_id: 'A3', station_id: 'S02' },
        { case_id: 'A4', station_id: null },
        { case_id: 'A5', station_id: null },
        { case_id: 'A6', station_id: null },
        { case_id: 'A7', station_id: 'S03' },
      ]);
      const unknown = (await listFlags(ws.db)).filter((f) => f.kind === 'cases' && f.flag === 'unknown_unit').map((f) => f.value);
      expect(unknown.sort()).toEqual(['刑侦中队', '城关中队', '城关警务室']);
    });
  });

  it('a file or sheet name is a unit only when it names one of the same kind', () => {
    const known = new KnownUnits([
      { station_id: 'S01', station_name: '城关派出所' },
      { station_id: 'S03', station_name: '刑侦大队' },
    ]);
    expect(['城关所', '城关派出所', '城关', 'S01', '刑侦大队'].map((t) => known.has(t))).toEqual([true, true, true, true, true]);
    expect(['城关中队', '城关警务室', '刑侦中队', '城关分局'].map((t) => known.has(t))).toEqual([false, false, false, false]);
  });
});
