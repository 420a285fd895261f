// Statistics integrity across the workspace: declared figures that differ from the case records, quarter by quarter.
import type { Workspace } from '../workspace.js';
import { integrityReport, quartersWithData, type DeclaredGap } from '../metrics/run.js';

/** declared_vs_recorded gaps in every quarter that has ledger data (statistics integrity at a glance). */
export async function declaredGaps(ws: Workspace): Promise<DeclaredGap[]> {
  const gaps: DeclaredGap[] = [];
  for (const q of await quartersWithData(ws.db)) {
    if (!q.ledger) continue;
    gaps.push(...(await integrityReport(ws, { quarter: q.quarter })).gaps);
  }
  return gaps;
}
