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
  | 'safetyBefore'
  | 'restoredHealthy'
  | 'safetyKept'
  | 'safetyFolders'
  | 'puttingBackFolders'
  | 'backAsOf'
  | 'twinStart'
  | 'loading'
  | 'loadingStaged'
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

/** Each keyed step in the core's own words (English), from its values: the edge's catalogues say it in others. */
const STEP_TEXT: Record<StepKey, (...values: string[]) => string> = {
  preflight: () => 'pre-flight checks',
  image: (ref) => `image ${ref}`,
  starting: (name) => `starting ${name}`,
  creatingService: (name) => `creating service ${name}`,
  waitHealthy: (name) => `waiting for ${name} to be healthy`,
  waitFinish: (name) => `waiting for ${name} to finish`,
  stopping: (name) => `stopping ${name}`,
  removing: (name) => `removing ${name}`,
  restarting: (name) => `restarting ${name}`,
  ready: (app, url) => `${app} is ready at ${url}`,
  leftover: (app) => `removing what is left of an earlier ${app} (data kept)`,
  failedCleanup: (app) => `${app} failed; removing what was created (data kept)`,
  finalBackup: (app) => `final backup of ${app} before deleting its data`,
  deletingData: (app) => `deleting ${app}'s data`,
  dumping: (type, container, node) => `dumping ${type} (${container}${node ? ` on ${node}` : ''})`,
  archiving: () => 'archiving its folders',
  stoppingForCold: (name) => `stopping ${name} for a cold copy`,
  proxyServing: (hosts) => `proxy: serving ${hosts}`,
  proxyRemoving: (app) => `proxy: removing ${app}`,
  checksum: (file) => `checking the checksum of ${file}`,
  safetyBefore: () => 'safety backup of the data from before the restore, from its kept folders',
  restoredHealthy: (app, down) => `${app} is healthy on the restored data (down ${down} s)`,
  safetyKept: (folders) => `no safety backup could be taken: the data from before stays in ${folders}`,
  safetyFolders: () => 'safety backup of the current folders',
  puttingBackFolders: (file) => `putting back the folders from ${file}`,
  backAsOf: (app, at) => `${app} is back as of ${at}`,
  twinStart: (type, container, name) => `starting a fresh ${type} beside ${container}, with its settings (${name})`,
  loading: (file, size) => `loading ${file} into it (${size ?? 'size unknown'})`,
  loadingStaged: (file, size) => `loading ${file} into it (${size ?? 'size unknown'}), from a copy decompressed beside it`,
  comparingSums: () => 'comparing its tables, row counts and checksums with the backup',
  comparingCounts: () => 'comparing its tables and row counts with the backup',
  stoppingForSwap: (name) => `stopping ${name} for the swap`,
  startingRestored: (container) => `starting ${container} on the restored data`,
  puttingBefore: (app) => `${app} did not come back on the restored data: putting its data before back`,
  coldCopy: (app) => `cold copy of ${app}'s data`,
  puttingBackData: (app, file) => `putting back ${app}'s data from ${file}`,
  dumpOf: (app, file) => `dump of ${app}'s database: ${file}`,
  noBackupRestart: (app) => `no backup: starting ${app} again unchanged`,
  failedRollingBack: (reason, app) => `${reason} failed: rolling back ${app}`,
  runsNow: (app, to, from) => `${app} runs ${to} (was ${from})`,
  noPreUpdateBackup: () => 'no pre-update backup found: the data stays as it is',
  runsAgain: (app, to, from) => `${app} runs ${to} again (was ${from})`,
};

/**
 * A step said by key: its text in the core's words and its detail carrying the key and values, as the two
 * arguments of `Reporter.step` (`reporter.step(...said('ready', [app, url]))`). Values are written once.
 */
export function said(key: StepKey, values: readonly string[] = [], detail: Omit<StepDetail, 'say'> = {}): [string, StepDetail] {
  return [STEP_TEXT[key](...values), { ...detail, say: { key, values } }];
}

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
