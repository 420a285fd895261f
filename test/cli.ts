// The one CLI test harness: main(argv) in-process with recording effects, or the built program as a real process.
import { main } from '../src/cli/main.js';
import { outputTo } from '../src/cli/output.js';
import { clockAt, diskWriter, type Effects, type FileWriter } from '../src/cli/effects.js';
export { cli as spawnCli, cliAsync as spawnCliAsync, type CliResult } from './helpers.js';
import type { CliResult } from './helpers.js';

/** A run's exit code and output, and the error it reported, if any. */
export interface CliRun extends CliResult {
  error?: unknown;
}

export interface RunOptions {
  /** Pin the clock (today's date in checks and file names). */
  now?: Date;
  /** Where files go (the disk by default). */
  files?: FileWriter;
  /** Environment for the run (JICENG_LANG, JICENG_WORKSPACE…), restored after. */
  env?: Record<string, string | undefined>;
}

/** Effects that record stdout and stderr as text, never a terminal (no colour, no progress). */
export function recordingEffects(opts: RunOptions = {}): Effects & { stdout(): string; stderr(): string; error(): unknown } {
  let stdout = '';
  let stderr = '';
  let error: unknown;
  const output = outputTo({
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutTty: false,
    stderrTty: false,
    color: false,
    progress: false,
  });
  const report = output.error;
  // The error object too, for tests that look past the printed line (its hint, its category).
  output.error = (e, o) => ((error = e), report(e, o));
  return { output, clock: clockAt(opts.now), files: opts.files ?? diskWriter, stdout: () => stdout, stderr: () => stderr, error: () => error };
}

/**
 * Runs `jiceng <args>` in this process, as bin/jiceng.js would, and returns the exit code and what
 * was written. Every error, usage error included, is an exit code here, exactly as in a real run.
 */
export async function runCli(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const effects = recordingEffects(opts);
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const code = await main(['node', 'jiceng', ...args], effects);
    const error = effects.error();
    return { code, stdout: effects.stdout(), stderr: effects.stderr(), ...(error === undefined ? {} : { error }) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
