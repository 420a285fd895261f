// `jiceng load LAKE…`: loads each lake (one transaction each) and prints what it changed.
import { openWorkspace } from '../workspace.js';
import { loadLake, type LakeResult } from '../lake/import.js';
import { out } from './output.js';
import { commandText } from './effects.js';
import { msg, say } from '../i18n/message.js';
import { EXIT } from '../errors.js';
import type { Context } from './context.js';

export async function loadLakes(ctx: Context, lakes: string[], flags: { json?: boolean }): Promise<number> {
  const ws = await openWorkspace(ctx.workspaceDir);
  const results: LakeResult[] = [];
  try {
    for (const dir of lakes) {
      const r = await loadLake(ws, dir, { command: commandText() });
      results.push(r);
      if (flags.json) continue;
      if (r.status === 'unchanged') {
        out.info(say(msg('lake_unchanged', { lake: r.lake, rows: r.rows }), ctx.lang));
        continue;
      }
      for (const t of r.tables) {
        out.info(say(msg('lake_loaded', { lake: r.lake, county: t.county, table: t.table, rows: t.rows, added: t.added, updated: t.updated, unchanged: t.unchanged }), ctx.lang));
      }
    }
  } finally {
    ws.close();
  }
  if (flags.json) out.json({ lakes: results });
  return EXIT.ok;
}
