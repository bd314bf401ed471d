// What every part of the backup module shares: its dependencies and the values derived from them once
// (the backup root, the clock, where an app's units are found, stopped and started).
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { ASIDE_SUFFIX, type Engine } from '../engine/index.js';
import type { JobQueue } from '../jobs.js';
import { containerTarget } from '../deploy/containers.js';
import type { DeployTarget, LiveUnit } from '../deploy/target.js';
import { containerLocator, type UnitLocator } from '../deploy/locate.js';
import type { BackupLog, BackupServiceDeps } from './types.js';

export interface BackupContext {
  deps: BackupServiceDeps;
  config: Config;
  engine: Engine;
  catalog: BackupServiceDeps['catalog'];
  jobs: JobQueue;
  log: BackupLog;
  domain: string;
  now: () => Date;
  root: string;
  dirOf: (app: string) => string;
  notAside: (c: { name: string }) => boolean;
  target: DeployTarget;
  runningUnits: (app: string) => Promise<LiveUnit[]>;
  locator: UnitLocator;
}

export function backupContext(deps: BackupServiceDeps): BackupContext {
  const { config, engine, catalog, jobs, log } = deps;
  const domain = config.domain;
  const now = deps.now ?? (() => new Date());
  const root = path.resolve(config.backupRoot);
  const dirOf = (app: string) => path.join(root, app);

  const notAside = (c: { name: string }) => !c.name.endsWith(ASIDE_SUFFIX);
  const target = deps.target ?? containerTarget(engine, config);
  /** The app's running units, databases first (stop them in reverse, start them in this order). */
  const runningUnits = async (app: string) => (await target.live(app)).filter((u) => !u.aside && u.running);
  const locator = deps.locator ?? containerLocator(engine, domain);
  return { deps, config, engine, catalog, jobs, log, domain, now, root, dirOf, notAside, target, runningUnits, locator };
}
