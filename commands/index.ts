// The explicit command list (STYLE: a registry in the composition root, not registration by import side effect).
import type { AnyCommand } from '../src/robot/command.js';
import certs from './certs.js';
import backup from './backup.js';
import backups from './backups.js';
import dismiss from './dismiss.js';
import explain from './explain.js';
import help from './help.js';
import history from './history.js';
import list from './list.js';
import logs from './logs.js';
import minion from './minion.js';
import ping from './ping.js';
import recipes from './recipes.js';
import outbox from './outbox.js';
import report from './report.js';
import { scheduleCmd, schedules } from './schedules.js';
import prune from './prune.js';
import restore from './restore.js';
import restart from './restart.js';
import rollback from './rollback.js';
import scale from './scale.js';
import status from './status.js';
import summon from './summon.js';
import update from './update.js';
import verify from './verify.js';
import versions from './versions.js';
import whoami from './whoami.js';

export const builtinCommands: readonly AnyCommand[] = [help, history, whoami, ping, status, explain];

/** The backup module's commands (they need `services.backups`). */
export const backupCommands: readonly AnyCommand[] = [backup, backups, restore, verify, prune];

/** The notification center's and the scheduler's commands (they need `services.notify` / `services.scheduler`). */
export const notifyCommands: readonly AnyCommand[] = [recipes, outbox, schedules, scheduleCmd, report];

/** The deployment core's commands (they need `services.core` and the `minion` argument type). */
export const coreCommands: readonly AnyCommand[] = [list, minion, summon, dismiss, logs, restart, scale, versions, update, rollback, certs, ...backupCommands];
