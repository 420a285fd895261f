// The one error type users see: what failed, where, and what to do about it.
import { say, type Message } from './i18n/message.js';

export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  rejected: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A problem the user can act on. Built from catalog messages (`new UserError(msg('bad_quarter',
 * {value}), {hint: msg('bad_quarter_hint', {forms})})`), shown in the chosen language by the output module;
 * `message` and `hint` hold the English text for logs and tests. A plain string is the older form.
 */
export class UserError extends Error {
  readonly hint?: string;
  readonly exitCode: ExitCode;
  readonly code: string;
  /** The catalog message, when the error was built from one. */
  readonly msg?: Message;
  readonly hintMsg?: Message;

  constructor(message: string | Message, options: { hint?: string | Message; exitCode?: ExitCode; code?: string } = {}) {
    super(typeof message === 'string' ? message : say(message, 'en'));
    this.name = 'UserError';
    if (typeof message !== 'string') this.msg = message;
    if (options.hint !== undefined && typeof options.hint !== 'string') this.hintMsg = options.hint;
    this.hint = options.hint === undefined ? undefined : typeof options.hint === 'string' ? options.hint : say(options.hint, 'en');
    this.exitCode = options.exitCode ?? EXIT.error;
    this.code = options.code ?? (typeof message === 'string' ? 'error' : message.code);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
