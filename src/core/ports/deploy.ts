// Ports of the deploy facade (src/core/services.ts), in their own file below both the facade and the code that
// implements them (catalog/load.ts, catalog/plan.ts, coldcopy.ts, backup/hook.ts): no import cycle through the facade.
import type { Config } from '../../config/schema.js';
import type { Reporter } from '../reporting.js';
import type { SecretValues } from '../secrets.js';
import type { DeployPlan, Minion } from '../types.js';

export interface CatalogView {
  get(name: string): Minion | undefined;
  names(): string[];
}

/** What the robot's commands see of the catalog (list, status, help). */
export interface CatalogListing {
  all(): readonly Minion[];
  get(name: string): Minion | undefined;
  names(): string[];
  /** Catalog files that did not load, each with the key at fault. */
  readonly problems: readonly { file: string; key: string; message: string }[];
  /** What was normalised in the files that loaded, and warnings (floating tags, unset variables). */
  readonly notes?: readonly { file: string; key: string; message: string; warning?: boolean }[];
}

/** The catalog's plan builder (pure). `version` overrides the app's pinned tag. */
export type PlanDeploy = (minion: Minion, input: { config: Config; version?: string; secrets: SecretValues }) => DeployPlan;

export interface BackupRef {
  /** Where it is (a file for the cold copy). */
  file: string;
  kind: string;
}

/** What takes and restores a backup. Defaults to the cold copy (containers are stopped by the caller). */
export interface BackupHook {
  backup(app: string, reason: 'purge' | 'update' | 'rollback', reporter: Reporter): Promise<BackupRef>;
  restore(app: string, ref: BackupRef, reporter: Reporter): Promise<void>;
}

/** Where the proxy and certificate modules plug in. */
export interface DeployHooks {
  /** After the health gate, before the URL is announced. */
  afterReady?(plan: DeployPlan, reporter: Reporter): Promise<void>;
  /** Before the containers of a dismissed minion are removed. */
  beforeDismiss?(app: string, reporter: Reporter): Promise<void>;
}
