// `inspect` over files and folders: how each sheet would load, read against the workspace's units and
// remembered mappings when one exists (never written), and the mapping used, merged for --write-map.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, openWorkspace } from '../workspace.js';
import { expandPaths, type LoadOptions } from './load.js';
import type { UserMapping } from './mapping.js';
import { inspectFile, type InspectSheet } from './inspect.js';
import { KnownUnits } from './known-units.js';
import { readRemembered, type RememberedMapping } from './remembered.js';

export interface InspectQuery {
  kinds?: LoadOptions['kinds'];
  mapping?: UserMapping;
  workspaceDir: string;
  /** Today's date (YYYY-MM-DD): dates after it are suspicious. */
  today: string;
  encoding?: string;
  includeHidden?: boolean;
}

export interface InspectOutcome {
  sheets: InspectSheet[];
  /** The workspace was found and read. */
  read: boolean;
  /** Every sheet's mapping merged into one --map file. */
  mapping: UserMapping;
}

export async function inspectPaths(paths: string[], q: InspectQuery): Promise<InspectOutcome> {
  const { units, remembered, read, postKeywords } = await readOnlyWorkspace(q.workspaceDir);
  const sheets: InspectSheet[] = [];
  for (const file of expandPaths(paths)) {
    sheets.push(...(await inspectFile(file, { kinds: q.kinds, mapping: q.mapping }, { units, remembered, postKeywords, today: q.today, encoding: q.encoding, includeHidden: q.includeHidden })));
  }
  return { sheets, read, mapping: mergedMapping(sheets) };
}

function mergedMapping(sheets: InspectSheet[]): UserMapping {
  const merged: UserMapping = {};
  for (const s of sheets) {
    for (const [kind, spec] of Object.entries(s.mapping)) {
      const prev = merged[kind] ?? {};
      merged[kind] = {
        headers: { ...(prev.headers ?? {}), ...(spec.headers ?? {}) },
        ...(spec.constants || prev.constants ? { constants: { ...(prev.constants ?? {}), ...(spec.constants ?? {}) } } : {}),
      };
    }
  }
  return merged;
}

/** The workspace's units and remembered mappings when one exists and can be read; never written. */
async function readOnlyWorkspace(dir: string): Promise<{ units: KnownUnits; remembered: RememberedMapping[]; read: boolean; postKeywords?: Array<[string, string[]]> }> {
  if (!existsSync(join(dir, DB_FILE))) return { units: new KnownUnits(), remembered: [], read: false };
  try {
    const ws = await openWorkspace(dir, { readOnly: true });
    try {
      return { units: await KnownUnits.read(ws.db), remembered: await readRemembered(ws.db), read: true, postKeywords: ws.config.post_keywords };
    } finally {
      ws.close();
    }
  } catch {
    return { units: new KnownUnits(), remembered: [], read: false };
  }
}
