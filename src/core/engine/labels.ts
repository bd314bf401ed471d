// Label conventions beyond the catalog contract (`LABEL` in ../types.ts): what the engine must carry so that
// a restarted bot can do everything from the containers alone.
import { LABEL } from '../types.js';

export const EXTRA_LABEL = {
  /** The URL announced when the minion became ready. */
  url: 'summoner.url',
  /** The container's HealthSpec (JSON): restart and status need no catalog. */
  health: 'summoner.health',
  /** After an update: the image id this container replaced (pinned for `rollback`). */
  rollbackImage: 'summoner.rollback.image',
  /** After an update: the version it replaced. */
  rollbackVersion: 'summoner.rollback.version',
  /** After an update: the backup taken just before it (a file path). */
  rollbackBackup: 'summoner.rollback.backup',
} as const;

/** Labels that select everything Summoner manages for one domain (and optionally one app). */
export function selector(domain: string, app?: string): Record<string, string> {
  return { [LABEL.managed]: 'true', [LABEL.domain]: domain, ...(app ? { [LABEL.app]: app } : {}) };
}

/** Containers set aside during an update/rollback are renamed with this suffix until the swap is decided. */
export const ASIDE_SUFFIX = '-prev';
