// The backup module's facade (what the backup, backups, restore, verify and prune commands call), composed of
// one part per idea: targets.ts (an app's database and app containers, credentials, starting units again),
// backups.ts (the backups on this host), prune.ts (retention), run.ts (backup runs through the shared
// JobQueue, off-site copy, events), folders.ts and twin-restore.ts (a dump restored beside the live database,
// then swapped in; spare.ts the empty server a PostgreSQL restore starts from; interrupted.ts clears what one stopped part-way left), restore-run.ts and verify-run.ts (the restore and verify commands' runs). The parts share
// one BackupContext (context.ts); the types are in types.ts.
import { backupContext } from './context.js';
import { createBackupSet } from './backups.js';
import { createFolders } from './folders.js';
import { createInterruptedSweep } from './interrupted.js';
import { createPrune } from './prune.js';
import { createRestore } from './restore-run.js';
import { createRuns } from './run.js';
import { createSpares } from './spare.js';
import { createTargets } from './targets.js';
import { createTwinRestore } from './twin-restore.js';
import type { BackupService, BackupServiceDeps } from './types.js';
import { createVerify } from './verify-run.js';

export type { BackupLog, BackupResult, BackupService, BackupServiceDeps, DbFound, OffsiteTarget, RestoreOptions, RestoreResult } from './types.js';
export { fastLoadFlags } from './twin-restore.js';

export function createBackupService(deps: BackupServiceDeps): BackupService {
  const ctx = backupContext(deps);
  const targets = createTargets(ctx);
  const set = createBackupSet(ctx);
  const pruning = createPrune(ctx, set);
  const folders = createFolders(ctx);
  const spares = createSpares(ctx, targets, folders);
  const runs = createRuns(ctx, targets, pruning, spares);
  const twin = createTwinRestore(ctx, targets, folders, spares);
  const { restore } = createRestore(ctx, targets, set, runs, twin);
  const { verify } = createVerify(ctx, targets, set, folders);
  const { backup, backupAll, dumpStopped } = runs;
  const { list, pick, recordSafety, lastBackup } = set;
  const { prunePlan, prune } = pruning;
  const { apps, findDb } = targets;
  const { sweepInterrupted } = createInterruptedSweep(ctx);
  return { backup, backupAll, list, choose: pick, recordSafety, restore, verify, lastBackup, prunePlan, prune, apps, findDb, dumpStopped, sweepInterrupted };
}
