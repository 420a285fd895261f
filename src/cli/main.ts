// The jiceng program: global flags, one thin module per command, errors turned into exit codes.
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { reportError, terminalEffects } from './output.js';
import { currentExitCode, withEffects, type Effects } from './effects.js';
import { EXIT, UserError } from '../errors.js';
import { langArg, parseLang, UnknownLangError, type Lang } from '../i18n/index.js';
import { msg } from '../i18n/message.js';
import { LocalizedCommand, helpTexts, localize } from './help.js';
type CommandModule = { register(p: Command, lang: Lang): void };

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
export async function buildProgram(only?: string, lang: Lang = 'zh'): Promise<Command> {
  const t = helpTexts(lang);
  const program = new LocalizedCommand('jiceng');
  program.lang = lang;
  program
    .description(t('help_program'))
    .version(TOOL_VERSION, '-V, --version', t('help_version_option'))
    .option('-w, --workspace <dir>', t('help_opt_workspace'))
    .option('--lang <lang>', t('help_opt_lang'))
    .option('--debug', t('help_opt_debug'))
    .exitOverride();
  const names = only ? [only] : Object.keys(COMMANDS);
  const modules = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const m of modules) m.register(program, lang);
  for (const sub of program.commands) sub.exitOverride();
  localize(program, lang);
  return program;
}

/** The language of this run: --lang, then JICENG_LANG, then zh; an unknown one is a usage error. */
function chooseLang(argv: string[]): Lang {
  try {
    return parseLang(langArg(argv));
  } catch (e) {
    if (e instanceof UnknownLangError) {
      throw new UserError(msg('bad_lang', { value: e.value, source: e.source }), { hint: msg('bad_lang_hint'), exitCode: EXIT.usage });
    }
    throw e;
  }
}

/**
 * Runs the program on `argv` (node, script, arguments…) with the given effects (the terminal, the
 * machine's clock and the disk by default; tests pass recording ones) and returns the exit code.
 */
export async function main(argv: string[], effects: Effects = terminalEffects()): Promise<number> {
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  const { value } = await withEffects(effects, argv, async () => {
    let lang: Lang = 'zh';
    try {
      lang = chooseLang(argv);
      const versionOnly = argv.length === 3 && (argv[2] === '-V' || argv[2] === '--version');
      const program = versionOnly ? await buildProgram('init', lang) : await buildProgram(commandNamed(argv), lang);
      writeCommanderThrough(program, effects);
      await program.parseAsync(argv);
      return currentExitCode();
    } catch (e) {
      if (e instanceof CommanderError) {
        if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
        return EXIT.usage;
      }
      return reportError(e, { json, debug, lang });
    }
  });
  return value;
}

/** Commander's own help, version and usage errors go through the run's output too. */
function writeCommanderThrough(program: Command, effects: Effects): void {
  const config = { writeOut: (s: string) => effects.output.write(s), writeErr: (s: string) => effects.output.writeErr(s) };
  const walk = (c: Command): void => {
    c.configureOutput(config);
    c.commands.forEach(walk);
  };
  walk(program);
}
