// Coded errors (STYLE: one class, a namespaced `code`, wrapped once at the boundary). Callers branch on `code`,
// never on message text. The kernel: imports nothing of ours.
//
// The codes form one closed list, grouped by the module that throws them, spelt `module.snake_case`. A new code
// is added here (the compiler then refuses any other spelling); `isErrorCode` checks a string from outside.

export const ERROR_CODES = [
  // robot: parse, permissions, confirmations, chat
  'command.unknown', 'command.ambiguous', 'command.invalid_args', 'command.too_long', 'command.empty', 'command.denied',
  'confirm.none_pending', 'confirm.expired', 'confirm.not_yours',
  'chat.unavailable', 'internal', 'service.unavailable',
  // config and state (the database, snapshots)
  'config.invalid',
  'state.not_a_database', 'state.not_a_snapshot', 'state.schema_newer', 'state.snapshot_damaged', 'state.snapshot_dest_not_empty',
  // core: the engine (the only dockerode importer) and the registry
  'engine.conflict', 'engine.denied', 'engine.error', 'engine.exec_failed', 'engine.exec_stream', 'engine.exec_timeout',
  'engine.mount_refused', 'engine.none', 'engine.not_found', 'engine.unreachable',
  'image.missing', 'registry.denied', 'registry.error', 'registry.unreachable',
  // minion add|show|remove (src/core/custom-minions.ts) and Dockerfile minions (src/core/engine/build.ts)
  'minion.source_refused', 'minion.source_unreadable', 'minion.exists', 'minion.shipped',
  'minion.summoned', 'minion.changed', 'minion.no_catalog_dir', 'minion.write_failed',
  'build.refused', 'build.missing', 'build.failed',
  // core: the catalog, plans, secrets and the deploy lifecycle
  'minion.bad_name', 'minion.bad_version', 'minion.invalid', 'minion.not_summoned', 'minion.unknown',
  'plan.bad_file', 'plan.file_too_large', 'plan.path_outside', 'port.taken',
  'secrets.invalid', 'secrets.missing', 'secrets.unreadable',
  'preflight.db_version', 'preflight.disk', 'preflight.memory', 'preflight.services',
  'app.crashed', 'app.unhealthy',
  'update.db_major_jump', 'update.rollback_failed', 'update.rolled_back', 'update.not_stopped', 'rollback.none',
  // core: swarm and the deploy lifecycle's one-shot jobs
  'deploy.job_failed', 'deploy.job_timeout', 'swarm.job_unsupported',
  'scale.unsupported', 'scale.nothing', 'scale.failed', 'swarm.data_node_ambiguous', 'swarm.data_node_lost', 'swarm.network_conflict', 'swarm.node_unknown', 'swarm.not_manager', 'swarm.stop_timeout', 'swarm.task_failed',
  // core: proxy and certificates
  'proxy.config_invalid', 'proxy.not_started', 'proxy.start_failed', 'proxy.rollout_failed',
  'certs.ca_error', 'certs.ca_unreachable', 'certs.preflight', 'certs.rate_limited',
  // core: backups
  'backup.ambiguous', 'backup.checksum_mismatch', 'backup.compress_failed', 'backup.corrupt', 'backup.db_stopped',
  'backup.decrypt_failed', 'backup.dump_failed', 'backup.dump_incomplete', 'backup.failed', 'backup.key_invalid',
  'backup.key_unsafe', 'backup.no_credentials', 'backup.no_database', 'backup.no_safety', 'backup.no_zstd', 'backup.none',
  'backup.not_encrypted', 'backup.nothing', 'backup.offsite_failed', 'backup.offsite_key', 'backup.offsite_mismatch',
  'backup.offsite_unreachable', 'backup.physical_unavailable', 'backup.restore_failed', 'backup.restore_unsupported', 'backup.tool_failed',
  'backup.unavailable', 'backup.unknown_format', 'backup.unsupported', 'backup.verify_failed', 'backup.wrong_kind',
  // notify, report, schedule
  'notify.bad_payload', 'notify.none', 'notify.unknown_recipe', 'report.none',
  'notify.recipe_invalid',
  'schedule.bad_command', 'schedule.bad_cron', 'schedule.bad_name', 'schedule.destructive_undeclared', 'schedule.none',
  'schedule.not_removable', 'schedule.taken', 'schedule.unknown',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

/** A code read from outside (a child's error, a stored row) is one of ours only if it is on the list. */
export function isErrorCode(s: unknown): s is ErrorCode {
  return typeof s === 'string' && KNOWN.has(s);
}

/** Typed fields some codes carry, instead of ad-hoc properties assigned onto the thrown value. */
export interface ErrorDetails {
  /** The CA's budget allows the order again at this time (ms since the epoch). */
  'certs.rate_limited': { retryAt: number };
  /** The command ran and exited non-zero: what it said. */
  'engine.exec_failed': { exitCode: number | null; stdout: string; stderr: string };
}
export type DetailOf<C extends ErrorCode> = C extends keyof ErrorDetails ? ErrorDetails[C] : undefined;

export class SummonerError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  /** What the user can do about it; shown in chat under the message. */
  readonly hint?: string;
  /** The typed fields of this code (see ErrorDetails), when it has some. */
  readonly detail?: DetailOf<C>;
  /** Already shown in chat (e.g. as the end of a progress post): the robot records it and says no more. */
  shown = false;
  constructor(code: C, message: string, opts: { hint?: string; cause?: unknown; detail?: DetailOf<C> } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'SummonerError';
    this.code = code;
    this.hint = opts.hint;
    if (opts.detail !== undefined) this.detail = opts.detail;
  }
}

export function isSummonerError(e: unknown): e is SummonerError {
  return e instanceof SummonerError;
}

/** A SummonerError of this code (narrows `detail` to the code's type). */
export function hasCode<C extends ErrorCode>(e: unknown, code: C): e is SummonerError<C> {
  return e instanceof SummonerError && e.code === code;
}

/**
 * A run failed and so did its cleanup (a restart in `finally`, a rollback): keep both, the run's error first.
 * The result keeps the run's code and hint, so callers that branch on `code` see the run's failure; the cleanup's
 * error travels in `errors` of the AggregateError that becomes its cause.
 */
export function withCleanupError(runError: unknown, cleanupError: unknown): unknown {
  const both = new AggregateError([runError, cleanupError], 'the run failed and so did its cleanup');
  if (runError instanceof SummonerError) {
    const e = new SummonerError(runError.code, `${runError.message}; the cleanup failed too: ${messageOf(cleanupError)}`, {
      ...(runError.hint ? { hint: runError.hint } : {}),
      cause: both,
      ...(runError.detail !== undefined ? { detail: runError.detail } : {}),
    });
    e.shown = runError.shown;
    return e;
  }
  return both;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
