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
  // minion add|show|remove (src/core/custom-minions.ts)
  | 'minion.source_refused'
  | 'minion.source_unreadable'
  | 'minion.invalid'
  | 'minion.exists'
  | 'minion.shipped'
  | 'minion.summoned'
  | 'minion.changed'
  | 'minion.no_catalog_dir'
  | 'minion.write_failed'
  // Dockerfile minions (src/core/engine/build.ts)
  | 'build.refused'
  | 'build.missing'
  | 'build.failed'
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
