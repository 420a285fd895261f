// The one error type users see: what failed, where, and what to do about it.

export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  rejected: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UserError extends Error {
  readonly hint?: string;
  readonly exitCode: ExitCode;
  readonly code: string;

  constructor(message: string, options: { hint?: string; exitCode?: ExitCode; code?: string } = {}) {
    super(message);
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.error;
    this.code = options.code ?? 'error';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
