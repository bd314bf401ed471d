// The backup module's types: what its facade (service.ts) offers and what it is built from. Below every part
// of the module, so that the parts and the facade import them without a cycle.
import type { Config } from '../../config/schema.js';
import type { EventBus } from '../events.js';
import type { JobQueue } from '../jobs.js';
import type { Engine } from '../engine/index.js';
import type { Reporter } from '../reporting.js';
import type { DeployTarget, LiveUnit } from '../deploy/target.js';
import type { ExecTarget, UnitLocator } from '../deploy/locate.js';
import type { DbType, Minion } from '../types.js';
import type { BackupEntry, Manifest } from './manifest.js';
import type { RetentionPlan } from './retention.js';
import type { VerifyResult } from './verify.js';
import type { Log as BackupLog } from '../ports/log.js';

export type { BackupLog };

/** Where an off-site copy goes (backup.storage.sftp). */
export interface OffsiteTarget {
  readonly name: string;
  /** Upload, then check the remote copy's checksum; resolves with what was checked. */
  upload(app: string, file: string, manifest: Manifest): Promise<{ sha256: string; encrypted: boolean; remote: string }>;
}

export interface BackupServiceDeps {
  config: Config;
  engine: Engine;
  catalog: { get(name: string): Minion | undefined; names(): string[] };
  secretsDir: string;
  jobs: JobQueue;
  events?: EventBus;
  log: BackupLog;
  offsite?: OffsiteTarget;
  now?: () => Date;
  /** Where the app's units are found, stopped and started again (default: standalone containers). */
  target?: DeployTarget;
  /** Where the app's containers run (default: standalone containers of `engine`; Swarm: each task on its node). */
  locator?: UnitLocator;
}

export interface BackupResult {
  app: string;
  kind: 'dump' | 'cold';
  ok: boolean;
  file?: string;
  bytes?: number;
  sha256?: string;
  durationMs: number;
  error?: string;
  flags: string[];
  downtimeMs?: number;
  /** Off-site copy: `ok` or the reason it failed (the local backup stands either way). */
  offsite?: string;
  /** Prune after the backup: what went, or that it waits for a confirmation. */
  pruned?: string[];
  pruneHeld?: number;
}

export interface RestoreResult {
  app: string;
  file: string;
  kind: 'dump' | 'cold';
  safety?: string;
  ms: number;
  /** How long the app was stopped for the swap. */
  downtimeMs?: number;
  /** What the check of the restored database compared before the swap. */
  checked?: string;
  /** Notes for the reply (e.g. FLOAT columns the dump does not keep exactly). */
  notes: string[];
  /** The other dumps of the same run restored with it (a minion with several databases). */
  also?: string[];
}

export interface RestoreOptions {
  /** A cold copy: go on when no safety copy of the current folders can be taken (a dump's restore never needs it). */
  force?: boolean;
  /** MariaDB/MySQL without a known root password: DEFINER clauses of the dump become the app's user. */
  definersToApp?: boolean;
}

export interface DbFound {
  type: DbType;
  /** Its container's name (for messages). */
  container: string;
  running: boolean;
  image: string;
  /** Where its container runs: every exec, inspect and twin of it goes there (this engine, or its Swarm node's). */
  at: ExecTarget;
  /** The deploy unit that stops and starts it (a container, a Swarm service). */
  unit: LiveUnit;
  /** A database beyond the minion's first: its compose service (`<app>-<service>-<domain>`). */
  service?: string;
}

/** What sweepInterrupted cleared at the bot's start (interrupted.ts). */
export interface InterruptedSweep {
  /** Throw-away servers removed. */
  containers: string[];
  /** Staged dumps and fresh folders removed. */
  removed: string[];
  /** Data folders put back from their `.before-restore-…` copy. */
  putBack: string[];
  /** Data a restore replaced, kept beside its folder (said in that restore's result): left for the team. */
  kept: string[];
  /** What could not be cleared, and why. */
  failed: string[];
}

export interface BackupService {
  /** Every backup kind the app's policy asks for. */
  backup(app: string, reporter: Reporter, opts?: { reason?: string }): Promise<BackupResult[]>;
  /** All summoned apps, at most `backup.parallel` at once; `onResult` as each finishes. */
  backupAll(reporter: Reporter, opts?: { reason?: string; onResult?: (r: BackupResult) => void }): Promise<BackupResult[]>;
  list(app: string): Promise<BackupEntry[]>;
  /** The backup `which` names (safety copies only by file name); a date matching several is a question (backup.ambiguous). */
  choose(app: string, which: string | undefined, kind?: 'dump'): Promise<BackupEntry>;
  /** Record a file Summoner made before changing an app (a cold copy before update, rollback or purge) as a safety copy. */
  recordSafety(app: string, file: string, reason: string, kind: 'cold'): Promise<Manifest>;
  restore(app: string, which: string | undefined, reporter: Reporter, opts?: RestoreOptions): Promise<RestoreResult>;
  verify(app: string, which: string | undefined, reporter: Reporter): Promise<VerifyResult>;
  /** The newest backup of the app that succeeded (for the scheduler's missed-backup alarm). */
  lastBackup(app: string): Promise<Manifest | undefined>;
  /** What retention would remove (and whether that needs a confirmation). */
  prunePlan(app: string): Promise<RetentionPlan<BackupEntry & { id: string; at: Date; verified: boolean }>>;
  /** Remove what retention says; `confirmed` lets a larger-than-usual prune through. */
  prune(app: string, opts: { confirmed: boolean }): Promise<{ removed: string[]; held: number }>;
  /** Summoned apps (labels, and the naming scheme for catalog apps deployed before the labels). */
  apps(): Promise<string[]>;
  findDb(app: string): Promise<DbFound | undefined>;
  /**
   * A dump while the app is stopped (update/rollback/purge stop it first): the database container is
   * started for the dump and stopped again. Resolves with the manifest, or undefined when there is no database.
   */
  dumpStopped(app: string, reason: string, reporter: Reporter): Promise<Manifest | undefined>;
  /** Clears what restores and verifies stopped before `startedAt` (the bot's start) left: servers, staged dumps, fresh folders. */
  sweepInterrupted(startedAt: number): Promise<InterruptedSweep>;
}
