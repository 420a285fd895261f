// The jiceng program: global flags, one thin module per command, errors turned into exit codes.
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { reportError } from './output.js';
import { EXIT } from '../errors.js';
type CommandModule = { register(p: Command): void };

/**
 * Every command, in help order. Modules load on demand: `jiceng status` need not load exceljs or
 * vega, which keeps each start near the cost of DuckDB alone.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  init: () => import('./commands/init.js'),
  load: () => import('./commands/load.js'),
  inspect: () => import('./commands/inspect.js'),
  mappings: () => import('./commands/mappings.js'),
  status: () => import('./commands/status.js'),
  metrics: () => import('./commands/metrics.js'),
  report: () => import('./commands/report.js'),
  sample: () => import('./commands/sample.js'),
  plan: () => import('./commands/plan.js'),
  export: () => import('./commands/export.js'),
  demo: () => import('./commands/demo.js'),
};

/** Global options that take a value, so the command name can be told from their values. */
const VALUE_OPTIONS = new Set(['-w', '--workspace', '--lang']);

/** The command named on the command line, if it is one of ours. */
export function commandNamed(argv: string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) return Object.prototype.hasOwnProperty.call(COMMANDS, a) ? a : undefined;
  }
  return undefined;
}

/** The program with the named command registered, or all of them (for help and unknown commands). */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('jiceng')
    .description('基层: quarterly assessment, staffing and case backtracking for county public-security bureaus')
    .version(TOOL_VERSION)
    .option('-w, --workspace <dir>', 'workspace folder (default: $JICENG_WORKSPACE or the current folder)')
    .option('--lang <lang>', 'output language: zh or en (default zh)')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const names = only ? [only] : Object.keys(COMMANDS);
  const modules = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const m of modules) m.register(program);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const versionOnly = argv.length === 3 && (argv[2] === '-V' || argv[2] === '--version');
  const program = versionOnly ? await buildProgram('init') : await buildProgram(commandNamed(argv));
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(e, { json, debug });
  }
}
