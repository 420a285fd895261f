// Commander in the chosen language: help headings, usage words, option extras and commander's own
// errors all come from the catalog (catalog/cli.ts). Errors become UserErrors, printed by reportError.
import { Command, Help, type Option } from 'commander';
import { msg, say, type Message, type Param } from '../i18n/message.js';
import type { Lang } from '../i18n/index.js';
import { EXIT, UserError } from '../errors.js';
import { displayWidth } from './output.js';

/** The help texts of a command module: t('help_load_kind') in the chosen language. */
export type HelpText = (code: string, params?: Record<string, Param>) => string;
export const helpTexts = (lang: Lang): HelpText => (code, params) => say(msg(code, params), lang);

const HEADINGS: Record<string, string> = {
  'Usage:': 'help_usage',
  'Options:': 'help_options',
  'Global Options:': 'help_global_options',
  'Commands:': 'help_commands',
  'Arguments:': 'help_arguments',
};

/** Chunks for wrapping: a word with the spaces before it, or one wide (CJK) character. */
const CHUNK = /\s*(?:[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[^\s\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+)/gu;

const CLOSING = /^[，。；：、）”’》！？,.;:)]/u;

function localizedHelp(lang: Lang): Partial<Help> {
  const t = helpTexts(lang);
  const words = (s: string): string => s.replace(/\[options\]/g, t('help_options_token')).replace(/\[command\]/g, t('help_command_token'));
  const extras = (o: { argChoices?: string[]; defaultValue?: unknown; defaultValueDescription?: string; presetArg?: unknown; envVar?: string; required?: boolean; optional?: boolean; isBoolean?: () => boolean; description: string }, isOption: boolean): string => {
    const info: string[] = [];
    if (o.argChoices) info.push(t('help_choices', { values: o.argChoices.join(', ') }));
    if (o.defaultValue !== undefined && !(Array.isArray(o.defaultValue) && o.defaultValue.length === 0)) {
      const show = !isOption || o.required || o.optional || (o.isBoolean?.() && typeof o.defaultValue === 'boolean');
      if (show) info.push(t('help_default', { value: o.defaultValueDescription ?? (typeof o.defaultValue === 'string' ? o.defaultValue : JSON.stringify(o.defaultValue)) }));
    }
    if (isOption && o.presetArg !== undefined && o.optional) info.push(t('help_preset', { value: String(o.presetArg) }));
    if (isOption && o.envVar !== undefined) info.push(t('help_env', { name: o.envVar }));
    if (!info.length) return o.description;
    const extra = lang === 'zh' ? `（${info.join('；')}）` : `(${info.join(', ')})`;
    return o.description ? `${o.description}${lang === 'zh' ? '' : ' '}${extra}` : extra;
  };
  return {
    styleTitle: (s: string) => (HEADINGS[s] ? t(HEADINGS[s]) : s),
    commandUsage(this: Help, cmd: Command) {
      return words(Help.prototype.commandUsage.call(this, cmd));
    },
    subcommandTerm(this: Help, cmd: Command) {
      return words(Help.prototype.subcommandTerm.call(this, cmd));
    },
    optionDescription: (o: Option) => extras(o as never, true),
    argumentDescription: (a) => extras(a as never, false),
    displayWidth: (s: string) => displayWidth(s.replace(/\x1b\[\d*(;\d*)*m/g, '')),
    boxWrap(this: Help, str: string, width: number) {
      if (width < this.minWidthToWrap) return str;
      const out: string[] = [];
      for (const line of str.split(/\r\n|\n/)) {
        // Chinese text breaks between any two characters; English only at spaces (data like 2026年3季度 stays whole).
        const chunks = line.match(lang === 'zh' ? CHUNK : /\s*\S+/g);
        if (!chunks) {
          out.push('');
          continue;
        }
        let cur = chunks.shift()!;
        for (const c of chunks) {
          // Closing punctuation never starts a line (it stays with the character before it).
          if (displayWidth(cur) + displayWidth(c) <= width || CLOSING.test(c)) cur += c;
          else {
            out.push(cur);
            cur = c.trimStart();
          }
        }
        out.push(cur);
      }
      return out.join('\n');
    },
  };
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate, when one is close enough to be a typo. */
export function suggest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = distance(word, c);
    if (dist < bestD && dist <= Math.max(1, Math.floor(c.length * 0.4))) {
      best = c;
      bestD = dist;
    }
  }
  return best;
}

function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function usageError(cmd: Command, m: Message, commanderCode: string): never {
  throw new UserError(m, { hint: msg('cli_usage_hint', { command: fullName(cmd) }), exitCode: EXIT.usage, code: commanderCode });
}

/**
 * A commander Command whose own errors are catalog messages. The overridden methods are
 * commander 14's error paths (command.js: unknownCommand, unknownOption, missingArgument, …).
 */
export class LocalizedCommand extends Command {
  lang: Lang = 'zh';

  override createCommand(name?: string): Command {
    const c = new LocalizedCommand(name);
    c.lang = this.lang;
    return c;
  }

  unknownCommand(): never {
    const name = String(this.args[0]);
    const names = this.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    const s = suggest(name, names);
    usageError(this, s ? msg('cli_unknown_command_suggest', { name, suggestion: s }) : msg('cli_unknown_command', { name }), 'cli_unknown_command');
  }

  unknownOption(flag: string): void {
    if ((this as unknown as { _allowUnknownOption: boolean })._allowUnknownOption) return;
    const flags: string[] = [];
    for (let c: Command | null = this; c; c = c.parent) flags.push(...c.options.map((o) => o.long).filter((l): l is string => Boolean(l)));
    flags.push('--help');
    const s = flag.startsWith('--') ? suggest(flag, flags) : undefined;
    usageError(this, s ? msg('cli_unknown_option_suggest', { flag, suggestion: s }) : msg('cli_unknown_option', { flag }), 'cli_unknown_option');
  }

  missingArgument(name: string): never {
    usageError(this, msg('cli_missing_argument', { name }), 'cli_missing_argument');
  }

  optionMissingArgument(option: Option): never {
    usageError(this, msg('cli_option_missing_argument', { flags: option.flags }), 'cli_option_missing_argument');
  }

  missingMandatoryOptionValue(option: Option): never {
    usageError(this, msg('cli_missing_mandatory_option', { flags: option.flags }), 'cli_missing_mandatory_option');
  }

  _conflictingOption(option: Option, other: Option): never {
    usageError(this, msg('cli_conflicting_option', { a: option.flags, b: other.flags }), 'cli_conflicting_option');
  }

  _excessArguments(received: string[]): void {
    if ((this as unknown as { _allowExcessArguments: boolean })._allowExcessArguments) return;
    usageError(this, msg('cli_excess_arguments', { command: fullName(this), expected: this.registeredArguments.length, got: received.length }), 'cli_excess_arguments');
  }
}

/** Sets a command's help and its help/version texts in the language; call on every command once built. */
export function localize(cmd: Command, lang: Lang): void {
  const t = helpTexts(lang);
  cmd.configureHelp(localizedHelp(lang));
  cmd.helpOption('-h, --help', t('help_help_option'));
  if (cmd.commands.length) cmd.helpCommand('help [command]', t('help_help_command'));
  for (const sub of cmd.commands) localize(sub, lang);
}
