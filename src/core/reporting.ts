// How the core reports steps: a reporter that never breaks the job, and throttled pull progress.
// Shared by the container and the Swarm services.
import type { HealthSpec } from './types.js';
import { LABEL } from './types.js';

/**
 * What a step is about, as typed fields beside its text (rendered only at the edge, never parsed back out of
 * the text): the app it concerns (a run over several apps), and whether it is the clean-up after a failure.
 */
export interface StepDetail {
  app?: string;
  cleanup?: boolean;
  /** The step as a key and its values, for the edge to say in the user's language (the text is the English). */
  say?: StepSaying;
}

/** The steps a progress post shows most (summon, restart, dismiss, backup, restore, update, rollback), keyed for translation at the edge. */
export type StepKey =
  | 'preflight'
  | 'image'
  | 'starting'
  | 'creatingService'
  | 'waitHealthy'
  | 'waitFinish'
  | 'stopping'
  | 'removing'
  | 'restarting'
  | 'ready'
  | 'leftover'
  | 'failedCleanup'
  | 'finalBackup'
  | 'deletingData'
  | 'dumping'
  | 'archiving'
  | 'stoppingForCold'
  | 'proxyServing'
  | 'proxyRemoving'
  | 'checksum'
  | 'safetyLive'
  | 'safetyFolders'
  | 'puttingBackFolders'
  | 'backAsOf'
  | 'twinStart'
  | 'loading'
  | 'comparingSums'
  | 'comparingCounts'
  | 'stoppingForSwap'
  | 'startingRestored'
  | 'puttingBefore'
  | 'coldCopy'
  | 'puttingBackData'
  | 'dumpOf'
  | 'noBackupRestart'
  | 'failedRollingBack'
  | 'runsNow'
  | 'noPreUpdateBackup'
  | 'runsAgain';

export interface StepSaying {
  key: StepKey;
  /** Values from outside (names, URLs, types), passed in as they are. */
  values?: readonly string[];
}

/** A step's detail that says it by key (and concerns `app` when given). */
export const saying = (key: StepKey, values: readonly string[] = [], detail: Omit<StepDetail, 'say'> = {}): StepDetail => ({ ...detail, say: { key, values } });

export interface Reporter {
  step(text: string, detail?: StepDetail): void;
}

const ROLE_ORDER: Record<string, number> = { db: 0, cache: 1, job: 2, worker: 3, web: 4, app: 4 };
/** Databases first, then caches, jobs, workers, and the app last (start order; stop order is the reverse). */
export const byRole = <T extends { labels: Record<string, string> }>(a: T, b: T) =>
  (ROLE_ORDER[a.labels[LABEL.role] ?? ''] ?? 5) - (ROLE_ORDER[b.labels[LABEL.role] ?? ''] ?? 5);

/** The HealthSpec a container or service carries in its label (restart and status need no catalog). */
export function parseHealth(label: string | undefined): HealthSpec | undefined {
  if (!label) return undefined;
  try {
    return JSON.parse(label) as HealthSpec;
  } catch {
    return undefined;
  }
}

/** Reporter whose failures never break the job, deduplicating repeats. */
export function safeReporter(r: Reporter): Reporter {
  let last = '';
  return {
    step(text, detail) {
      const key = `${detail?.app ?? ''}\0${text}`;
      if (key === last) return;
      last = key;
      try {
        r.step(text, detail);
      } catch {
        /* the chat's problem, not the deploy's */
      }
    },
  };
}

/** Pull progress: at most one update per interval, plus the first. */
export function throttled(r: Reporter, ms = 1000): (text: string) => void {
  let at = 0;
  return (text) => {
    const now = Date.now();
    if (now - at >= ms) {
      at = now;
      r.step(text);
    }
  };
}
