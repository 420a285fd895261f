// The jiceng program: global flags, one thin module per command, errors turned into exit codes.
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { reportError } from './output.js';
import { EXIT } from '../errors.js';
import * as init from './commands/init.js';
import * as load from './commands/load.js';
import * as status from './commands/status.js';
import * as demo from './commands/demo.js';
import * as metrics from './commands/metrics.js';
import * as sample from './commands/sample.js';
import * as plan from './commands/plan.js';
import * as report from './commands/report.js';

const commands: Array<{ register(p: Command): void }> = [init, load, status, demo, metrics, sample, plan, report];

export function buildProgram(): Command {
  const program = new Command('jiceng')
    .description('基层: quarterly assessment, staffing and case backtracking for county public-security bureaus')
    .version(TOOL_VERSION)
    .option('-w, --workspace <dir>', 'workspace folder (default: $JICENG_WORKSPACE or the current folder)')
    .option('--lang <lang>', 'output language: zh or en (default zh)')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const c of commands) c.register(program);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
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
