// Coded errors (STYLE: one class, a namespaced `code`, wrapped once at the boundary). Callers branch on `code`.

export type ErrorCode =
  | 'config.invalid'
  | 'command.unknown'
  | 'command.ambiguous'
  | 'command.invalid_args'
  | 'command.too_long'
  | 'command.denied'
  | 'confirm.none_pending'
  | 'confirm.expired'
  | 'confirm.not_yours'
  | 'chat.unavailable'
  | 'internal'
  | (string & {}); // later modules add their own, namespaced like module ids (engine.unreachable, ...)

export class SummonerError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it; shown in chat under the message. */
  readonly hint?: string;
  /** Already shown in chat (e.g. as the end of a progress post): the robot records it and says no more. */
  shown = false;
  constructor(code: ErrorCode, message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'SummonerError';
    this.code = code;
    this.hint = opts.hint;
  }
}

export function isSummonerError(e: unknown): e is SummonerError {
  return e instanceof SummonerError;
}
