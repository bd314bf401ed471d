#!/usr/bin/env -S node --max-semi-space-size=4 --no-turbofan --no-maglev
// Entry point: `summoner` opens the shell (or connects to Mattermost when configured);
// `summoner <command…>` runs one command in the shell and exits (for scripts).
import os from 'node:os';
import { createShellAdapter } from '../adapters/shell/index.js';
import { createApp, putBackPendingState } from './app.js';
import { restoreOutcomeText } from './state/backups.js';
import { createCore } from './core/boot.js';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger } from './log.js';
import { runThroughBot } from './control/client.js';
import { controlSocketPath } from './control/protocol.js';
import { DEAF_EXIT_CODE } from './health/deaf.js';

/** `restore summoner` in the bot: the same code as a deaf exit, so the same restart policy starts it again. */
const RESTART_EXIT_CODE = DEAF_EXIT_CODE;
/** How long a stop asked for during the start waits for it to end (under `docker stop`'s default 10 s). */
const STOP_DURING_START_MS = 5_000;
import type { Config } from './config/schema.js';

/** After a confirmed `restore summoner`, with the bot stopped: the snapshot put back, and what happened said. */
async function putBackState(config: Config): Promise<void> {
  const r = await putBackPendingState(config);
  if (r) process.stdout.write(`${restoreOutcomeText(r)}\n`);
}

async function main(argv: string[]): Promise<number> {
  let configFile: string | undefined;
  let explain: string | undefined;
  let explainNow: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--explain') explain = argv[++i] ?? '';
    else if (a.startsWith('--explain=')) explain = a.slice('--explain='.length);
    else if (a === '--now') explainNow = argv[++i];
    else if (a.startsWith('--now=')) explainNow = a.slice('--now='.length);
    else if (a === '--config' || a === '-c') configFile = argv[++i];
    else if (a.startsWith('--config=')) configFile = a.slice('--config='.length);
    else words.push(a);
  }

  let loaded;
  try {
    loaded = loadConfig(configFile);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`summoner: config error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const { config, secrets } = loaded;
  if (explain !== undefined) {
    // what a sentence would run: no engine, no chat, no state; the catalog's names are the app vocabulary
    const { explainCatalog, explainText } = await import('./explain.js');
    const { langOf } = await import('./i18n/messages.js');
    const described = explainCatalog(config.catalogDirs);
    const apps = [...described.keys()];
    // --now: dates in words read as of that moment (a corpus written for one day checked on another)
    const at = explainNow === undefined ? undefined : Date.parse(explainNow);
    if (at !== undefined && Number.isNaN(at)) {
      process.stderr.write(`summoner: --now: not a date: ${explainNow} (an ISO date such as 2026-12-02T09:30:00Z)\n`);
      return 2;
    }
    process.stdout.write(`${JSON.stringify(explainText(explain, { apps, described, lang: langOf(process.env.LC_ALL || process.env.LANG), now: at === undefined ? undefined : () => at }))}\n`);
    return 0;
  }
  if (words.length > 0) {
    // A running bot on this state answers the command itself (its audit, its per-app queue, its progress).
    const socket = controlSocketPath(config.stateDir);
    const code = await runThroughBot(socket, words.join(' '), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, login: os.userInfo().username });
    if (code !== undefined) return code;
    process.stderr.write(`summoner: no running bot answers on ${socket}: running the command in this process (it does not join a bot's per-app queue)\n`);
  }
  const useShell = words.length > 0 || !config.mattermost;
  // In the shell, logs go to stderr and only warnings show, so they do not mix with answers.
  // Every secret is masked by value in every log line (registered where loadConfig read it; src/secrets/redact.ts).
  // The interactive shell is read by a person: its log lines are short and human, on stderr (JSON stays the
  // format of the bot and of one-shot commands, which scripts read).
  const log = createLogger(useShell && config.log.level === 'info' ? 'warn' : config.log.level, useShell ? 2 : 1, { human: useShell && words.length === 0 });
  const login = os.userInfo().username;
  // not awaited here: createApp opens the state database while the engine answers the core's start questions
  const pending = createCore({ config, log: log.child({ module: 'core' }) });
  pending.catch(() => undefined); // a failure is createApp's (it awaits it), not an unhandled rejection meanwhile

  if (useShell) {
    let closed: () => void = () => undefined;
    const done = new Promise<void>((r) => (closed = r));
    const shell = createShellAdapter({ input: process.stdin, output: process.stdout, login, onClose: () => closed(), locale: process.env.LC_ALL || process.env.LANG });
    // one-shot: a guest beside a possibly running bot, which owns recovery, webhooks, outbox and scheduled jobs
    // a confirmed `restore summoner`: the shell closes, the state is put back, and the user starts it again
    let restart = false;
    const onRestart = () => {
      restart = true;
      if (words.length === 0) setImmediate(() => shell.stop());
    };
    const app = await createApp({ config, secrets, log, chat: shell, core: pending, recoverAtStart: words.length === 0, background: words.length === 0, onRestart });
    await app.start();
    if (words.length > 0) {
      // the outcome of what this message ran (for a `yes`: the confirmed command's), not the newest audit row
      const id = await shell.runOnce(words.join(' '));
      const ran = app.robot.outcomeOf(id);
      await app.stop('one-shot done');
      if (restart) await putBackState(config);
      return ran && ['ok', 'proposed', 'declined'].includes(ran.outcome) ? 0 : 1;
    }
    if (!loaded.file) process.stdout.write('(no summoner.yml found: running with defaults; see summoner.example.yml)\n');
    shell.interactive();
    process.once('SIGTERM', () => shell.stop());
    await done;
    // `exit` closes the prompt, not the input: a pipe that stays open (`docker exec -i`, a script) would keep
    // the process alive after the goodbye
    process.stdin.destroy();
    await app.stop('shell closed');
    if (restart) {
      await putBackState(config);
      process.stdout.write('Start `summoner` again to run on it.\n');
    }
    return 0;
  }

  let deafExit: (() => void) | undefined;
  let restartExit: (() => void) | undefined;
  const app = await createApp({
    config,
    secrets,
    log,
    core: pending,
    onDeaf: (m) => {
      log.error({ since: m.since, detail: m.detail, exitAfterS: config.health.exitAfterS }, 'unhealthy too long: exiting so that the restart policy starts a fresh bot');
      deafExit?.();
    },
    // a confirmed `restore summoner`: stop, exit 75; the restart policy starts the bot, which puts the state back first
    onRestart: (reason) => {
      log.warn({ reason }, 'stopping so that the restart policy starts Summoner again on its restored state');
      setImmediate(() => restartExit?.());
    },
  });
  // A stop asked for while the start still runs (the chat may already be live, a command in flight) waits
  // for the start to end, then stops as usual: the signal's default action would kill that command. A start
  // that does not end (a chat socket that never opens waits up to its connect timeout) does not hold it long.
  let stopAsked: string | undefined;
  let onStop: ((sig: string) => void) | undefined;
  let stuckStart: NodeJS.Timeout | undefined;
  const stopOn = (sig: string) => () => {
    if (onStop) return onStop(sig);
    stopAsked ??= sig;
    stuckStart ??= setTimeout(() => {
      process.stderr.write(`summoner: ${sig} during a start that did not end within ${STOP_DURING_START_MS / 1000} s: exiting\n`);
      process.exit(1);
    }, STOP_DURING_START_MS);
  };
  process.once('SIGTERM', stopOn('SIGTERM'));
  process.once('SIGINT', stopOn('SIGINT'));
  try {
    await app.start();
    clearTimeout(stuckStart);
  } catch (e) {
    clearTimeout(stuckStart);
    process.stderr.write(`summoner: cannot start: ${(e as Error).message}\n`);
    await app.stop('failed start').catch(() => undefined);
    return 1;
  }
  return new Promise<number>((resolve) => {
    onStop = (sig) => void app.stop(sig).finally(() => resolve(0));
    if (stopAsked) onStop(stopAsked);
    // deaf: stop (bounded: the chat is down, its goodbye may not land) and exit non-zero
    restartExit = () => {
      void app.stop('restore summoner').finally(() => resolve(RESTART_EXIT_CODE));
    };
    deafExit = () => {
      void Promise.race([app.stop(`unhealthy for ${config.health.exitAfterS} s`), new Promise((r) => setTimeout(r, 20_000).unref())]).finally(() => resolve(DEAF_EXIT_CODE));
    };
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // a deaf bot may hold a reconnect timer or a stuck socket: its exit must not wait for them
    if (code === DEAF_EXIT_CODE) process.exit(code);
  },
  (e: unknown) => {
    const hint = (e as { hint?: unknown }).hint;
    process.stderr.write(`summoner: ${(e as Error).message ?? String(e)}\n${typeof hint === 'string' ? `summoner: ${hint}\n` : ''}`);
    process.exitCode = 1;
  },
);
