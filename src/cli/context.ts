// Options every command shares, read from the program's global flags.
import type { Command } from 'commander';
import { parseLang, type Lang } from '../i18n/index.js';
import { resolveWorkspaceDir } from '../workspace.js';
import { setExitCode } from './effects.js';

export interface Context {
  workspaceDir: string;
  lang: Lang;
  debug: boolean;
}

export function contextOf(cmd: Command): Context {
  const g = cmd.optsWithGlobals() as { workspace?: string; lang?: string; debug?: boolean };
  return { workspaceDir: resolveWorkspaceDir(g.workspace), lang: parseLang(g.lang), debug: Boolean(g.debug) };
}

/** Wraps a command action so errors become one line and an exit code (see main.ts). */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A): Promise<void> => {
    const code = await fn(...args);
    if (typeof code === 'number' && code !== 0) setExitCode(code);
  };
}
