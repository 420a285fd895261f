// Recognising a lake (or a folder of lakes) and checking it whole against its manifest before anything is loaded.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { msg, say, type Message } from '../i18n/message.js';
import { LOADABLE_EXTENSIONS, sha256File } from '../ingest/load.js';
import { LAKE_FORMAT, manifestDigest, tableDigest, LAKE_FORMAT_VERSION, LAKE_TABLES, LOADS_TABLE, MANIFEST_FILE, METRICS_TABLE, type Manifest } from './layout.js';

export function isLake(dir: string): boolean {
  const p = join(dir, MANIFEST_FILE);
  if (!existsSync(p)) return false;
  try {
    return (JSON.parse(readFileSync(p, 'utf8')) as { format?: string }).format === LAKE_FORMAT;
  } catch {
    return true; // a damaged manifest still marks a lake: loading it says what is wrong
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The lakes named by the paths: a lake folder, or a folder whose subfolders are lakes. Null when
 * none of the paths is a lake (they are exports, loaded as usual); an error when lakes and exports
 * are mixed.
 */
export function lakePaths(paths: string[]): string[] | null {
  const lakes: string[] = [];
  let other: string | undefined;
  for (const p of paths) {
    const abs = resolve(p);
    if (isDir(abs) && isLake(abs)) lakes.push(abs);
    else if (isDir(abs)) {
      const inner = readdirSync(abs).sort().map((e) => join(abs, e)).filter((d) => isDir(d) && isLake(d));
      if (inner.length) lakes.push(...inner);
      // Exports beside the lakes would otherwise be passed over without a word.
      if (!inner.length || readdirSync(abs).some((e) => LOADABLE_EXTENSIONS.includes(extname(e).toLowerCase()))) other ??= p;
    } else other ??= p;
  }
  if (!lakes.length) return null;
  if (other !== undefined) throw new UserError(msg('lake_mixed_paths', { lake: basename(lakes[0]) }), { hint: msg('lake_mixed_paths_hint') });
  return lakes;
}

function damaged(dir: string, detail: Message): UserError {
  return new UserError(msg('lake_damaged', { lake: basename(dir), detail: say(detail, 'en') }), { hint: msg('lake_damaged_hint'), code: 'lake_damaged' });
}

/** Reads the manifest and checks every file and digest; any difference refuses the whole lake. */
export async function verifyLake(dir: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
    if (!manifest || typeof manifest !== 'object' || !manifest.tables) throw new Error('no tables');
  } catch (e) {
    throw damaged(dir, msg('lake_bad_manifest', { detail: (e as Error).message }));
  }
  if (manifest.format_version > LAKE_FORMAT_VERSION) {
    throw damaged(dir, msg('lake_newer_format', { found: manifest.format_version, supported: LAKE_FORMAT_VERSION }));
  }
  for (const table of [...LAKE_TABLES, LOADS_TABLE, METRICS_TABLE]) {
    if (!manifest.tables[table]) throw damaged(dir, msg('lake_missing_file', { file: `${table}/` }));
  }
  if (manifestDigest(manifest.tables) !== manifest.digest) throw damaged(dir, msg('lake_manifest_digest'));
  for (const [table, t] of Object.entries(manifest.tables)) {
    if (t.rows > 0 && !t.files.length) throw damaged(dir, msg('lake_missing_file', { file: `${table}/` }));
    for (const f of t.files) {
      const p = join(dir, f.path);
      if (!existsSync(p)) throw damaged(dir, msg('lake_missing_file', { file: f.path }));
      if ((await sha256File(p)).sha256 !== f.sha256) throw damaged(dir, msg('lake_file_changed', { file: f.path }));
    }
    if (tableDigest(t.files) !== t.digest) throw damaged(dir, msg('lake_digest_mismatch', { table }));
  }
  return manifest;
}

export { damaged as lakeDamaged };
