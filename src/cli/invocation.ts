// How a person runs jiceng on this machine, so every next-step hint the CLI prints works as printed.
import { realpathSync, statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join } from 'node:path';

/** What the answer depends on: the environment, the platform, and which files exist. */
export interface InvocationInput {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
}

/**
 * The command to print in hints:
 * - run by a bundle's launcher (it sets JICENG_LAUNCHER to the path it was started by): `jiceng`
 *   when that same launcher is what `jiceng` finds on the PATH, else the path itself (`./jiceng`);
 * - run by `npx jiceng` / `npm exec jiceng` (npm sets npm_command=exec and the script name): `npx jiceng`;
 * - otherwise (a global `npm install -g`, or a link on the PATH): `jiceng`.
 */
export function invocationOf({ env, platform }: InvocationInput): string {
  const launcher = env.JICENG_LAUNCHER;
  if (launcher) {
    const found = findOnPath('jiceng', env, platform);
    if (found && sameFile(found, launcher, platform)) return 'jiceng';
    return quoteForShell(launcher.includes('/') || launcher.includes('\\') ? launcher : `./${launcher}`, platform);
  }
  if (env.npm_command === 'exec' && firstWord(env.npm_lifecycle_script) === 'jiceng') return 'npx jiceng';
  return 'jiceng';
}

let cached: string | undefined;

/** The command for this process (worked out once). */
export function jicengCommand(): string {
  cached ??= invocationOf({ env: process.env, platform: process.platform });
  return cached;
}

/** npm records the script as typed, possibly quoted: `'jiceng'` or `jiceng demo`. */
function firstWord(script: string | undefined): string | undefined {
  const word = script?.trim().split(/\s+/)[0]?.replace(/^['"]|['"]$/g, '');
  return word ? basename(word) : undefined;
}

/** The file a shell would run for `name`: the first match along PATH (with PATHEXT on Windows). */
export function findOnPath(name: string, env: Record<string, string | undefined>, platform: NodeJS.Platform): string | undefined {
  const win = platform === 'win32';
  const pathVar = (win ? env.Path ?? env.PATH ?? env.path : env.PATH) ?? '';
  const exts = win ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  for (const dir of pathVar.split(win ? ';' : delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext.toLowerCase()); // Windows matches names case-insensitively
      try {
        const st = statSync(candidate);
        if (st.isFile() && (win || (st.mode & 0o111) !== 0)) return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

function sameFile(a: string, b: string, platform: NodeJS.Platform): boolean {
  try {
    const [ra, rb] = [realpathSync(a), realpathSync(b)];
    return platform === 'win32' ? ra.toLowerCase() === rb.toLowerCase() : ra === rb;
  } catch {
    return false;
  }
}

/** A path that needs quoting to be typed again as one word. */
function quoteForShell(p: string, platform: NodeJS.Platform): string {
  if (/^[\w@%+=:,./\\-]+$/.test(p)) return p;
  return platform === 'win32' ? `"${p}"` : `'${p.replace(/'/g, `'\\''`)}'`;
}
