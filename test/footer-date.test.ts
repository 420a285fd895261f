// A case-system footer line 导出日期：… is a footer, never a data row, and names the export's data date.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { initWorkspace, openWorkspace } from '../src/workspace.js';
import { loadFile } from '../src/ingest/load.js';
import { tmp, writeText } from './helpers.js';

describe('loadFile with a 导出日期 footer', () => {
  it('skips the footer, rejects nothing, and records its date as the data date', async () => {
    const dir = tmp();
    await initWorkspace(dir);
    const ws = await openWorkspace(dir);
    try {
      const csv = writeText(join(dir, '案件.csv'), [
        ['案件编号', '办案单位', '案件类别', '受理时间'],
        ['A1', '城关派出所', '刑事', '2026-07-03'],
        ['A2', '城关派出所', '治安', '2026-08-20'],
        ['导出日期：2026年10月8日', '', '', ''],
        ['导出人：李四', '', '', ''],
      ], 'gb18030');
      const [r] = await loadFile(ws, csv, { today: '2026-11-30' });
      expect(r).toMatchObject({ kind: 'cases', rows_in_file: 4, rows_loaded: 2, rows_skipped: 2, rows_rejected: 0 });
      // The date the footer names as the export date wins over the latest date in the rows (2026-08-20).
      expect(await ws.db.scalar(`SELECT CAST(data_date AS VARCHAR) FROM loads WHERE load_id = ${r.load_id}`)).toBe('2026-10-08');
    } finally {
      ws.close();
    }
  });
});
