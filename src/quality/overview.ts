// What `status` reports about a workspace: its kinds and loads, lakes merged, flagged rows, declared gaps, rejects, mappings.
import type { Workspace } from '../workspace.js';
import { lakeLoads } from '../lake/status.js';
import { listFlags, listRejects, workspaceStatus, type WorkspaceStatus } from '../status.js';
import { readRemembered, type RememberedMapping } from '../ingest/remembered.js';
import type { DeclaredGap } from '../metrics/run.js';
import type { Message } from '../i18n/message.js';
import { declaredGaps } from './integrity.js';

export interface Overview {
  dir: string;
  status: WorkspaceStatus;
  lakes: Awaited<ReturnType<typeof lakeLoads>>;
  gaps: DeclaredGap[];
  /** Broken metric files met while computing the gaps, each once. */
  warnings: Message[];
  mappings: RememberedMapping[];
  /** Every rejected row, when asked for. */
  rejects?: Awaited<ReturnType<typeof listRejects>>;
  /** Every flagged row, when asked for. */
  flagged?: Awaited<ReturnType<typeof listFlags>>;
}

export async function workspaceOverview(ws: Workspace, opts: { rejects?: boolean; flags?: boolean; strict?: boolean } = {}): Promise<Overview> {
  const status = await workspaceStatus(ws.db);
  const rejects = opts.rejects ? await listRejects(ws.db) : undefined;
  const flagged = opts.flags ? await listFlags(ws.db) : undefined;
  const { gaps, warnings } = await declaredGaps(ws, Boolean(opts.strict));
  const lakes = await lakeLoads(ws.db);
  const mappings = await readRemembered(ws.db);
  return { dir: ws.dir, status, lakes, gaps, warnings, mappings, ...(rejects ? { rejects } : {}), ...(flagged ? { flagged } : {}) };
}
