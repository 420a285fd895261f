// Statistics integrity across the workspace: declared figures that differ from the case records, quarter by quarter.
import type { Workspace } from '../workspace.js';
import type { Message } from '../i18n/message.js';
import { integrityReport, type DeclaredGap } from '../metrics/run.js';
import { quartersWithData } from '../quarter.js';

/**
 * declared_vs_recorded gaps in every quarter that has ledger data (statistics integrity at a glance),
 * and the warnings of a broken metric file, each said once rather than once per quarter. With
 * `strict`, a broken metric file aborts instead.
 */
export async function declaredGaps(ws: Workspace, strict = false): Promise<{ gaps: DeclaredGap[]; warnings: Message[] }> {
  const gaps: DeclaredGap[] = [];
  const warnings = new Map<string, Message>();
  for (const q of await quartersWithData(ws.db)) {
    if (!q.ledger) continue;
    const r = await integrityReport(ws, { quarter: q.quarter, strict });
    gaps.push(...r.gaps);
    for (const w of r.warnings) warnings.set(JSON.stringify(w), w);
  }
  return { gaps, warnings: [...warnings.values()] };
}
