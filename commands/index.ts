// The explicit command list (STYLE: a registry in the composition root, not registration by import side effect).
import type { AnyCommand } from '../src/robot/command.js';
import certs from './certs.js';
import dismiss from './dismiss.js';
import help from './help.js';
import history from './history.js';
import list from './list.js';
import logs from './logs.js';
import ping from './ping.js';
import recipes from './recipes.js';
import report from './report.js';
import { scheduleCmd, schedules } from './schedules.js';
import restart from './restart.js';
import rollback from './rollback.js';
import status from './status.js';
import summon from './summon.js';
import update from './update.js';
import versions from './versions.js';
import whoami from './whoami.js';

export const builtinCommands: readonly AnyCommand[] = [help, history, whoami, ping, status];

/** The notification center's and the scheduler's commands (they need `services.notify` / `services.scheduler`). */
export const notifyCommands: readonly AnyCommand[] = [recipes, schedules, scheduleCmd, report];

/** The deployment core's commands (they need `services.core` and the `minion` argument type). */
export const coreCommands: readonly AnyCommand[] = [list, summon, dismiss, logs, restart, versions, update, rollback, certs];
