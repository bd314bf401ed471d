// The explicit command list (STYLE: a registry in the composition root, not registration by import side effect).
import type { AnyCommand } from '../src/robot/command.js';
import help from './help.js';
import history from './history.js';
import ping from './ping.js';
import status from './status.js';
import whoami from './whoami.js';

export const builtinCommands: readonly AnyCommand[] = [help, history, whoami, ping, status];
