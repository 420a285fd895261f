// What one run of the CLI does to the world (output, clock, file writes), injected so tests can pin and record it.
import { writeFileSync } from 'node:fs';
import type { Output } from './output.js';

export interface Clock {
  now(): Date;
  /** The local calendar date, YYYY-MM-DD. */
  today(): string;
}

export interface FileWriter {
  /** Writes a whole text file (a --write-map mapping, say). */
  writeText(path: string, text: string): void;
}

export interface Effects {
  output: Output;
  clock: Clock;
  files: FileWriter;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A clock that reads the machine's time, or always answers `fixed` (tests pin dates with it). */
export function clockAt(fixed?: Date): Clock {
  const now = (): Date => (fixed ? new Date(fixed.getTime()) : new Date());
  return {
    now,
    today: () => {
      const d = now();
      return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
    },
  };
}

export const diskWriter: FileWriter = { writeText: (path, text) => writeFileSync(path, text) };

/** The effects of the run in progress (main() sets them); undefined outside a run. */
let current: Effects | undefined;
/** The exit code a command asked for (a number it returned), for main() to return. */
let exitCode = 0;
/** The command line of the run in progress (recorded in loads and reports). */
let argv: string[] = process.argv;

export function currentEffects(): Effects | undefined {
  return current;
}

/** Runs `fn` with `effects` as the current ones, restoring the previous ones after (runs may nest in tests). */
export async function withEffects<T>(effects: Effects, args: string[], fn: () => Promise<T>): Promise<{ value: T; exitCode: number }> {
  const before = { current, exitCode, argv };
  current = effects;
  exitCode = 0;
  argv = args;
  try {
    const value = await fn();
    return { value, exitCode };
  } finally {
    current = before.current;
    exitCode = before.exitCode;
    argv = before.argv;
  }
}

export function setExitCode(code: number): void {
  exitCode = code;
}

export function currentExitCode(): number {
  return exitCode;
}

/** The run's argv (node, script, arguments…). */
export function runArgv(): string[] {
  return argv;
}

/** The command as the user typed it, for the loads table: `jiceng load …`. */
export function commandText(): string {
  return ['jiceng', ...argv.slice(2)].join(' ');
}

/** The clock of this run (the machine's outside a run). */
export function clock(): Clock {
  return current?.clock ?? clockAt();
}

/** The file writer of this run (the disk outside a run). */
export function files(): FileWriter {
  return current?.files ?? diskWriter;
}
