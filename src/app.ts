// Composition root: config → state → robot → HTTP → chat adapter; stop in reverse.
// The only place that knows every part; each part gets just its slice.
import type { Logger } from 'pino';
import { builtinCommands, coreCommands } from '../commands/index.js';
import type { Config, Secrets } from './config/schema.js';
import { createHttpServer, json, type HttpServer } from './http/server.js';
import type { AnyCommand, Services } from './robot/command.js';
import type { Core } from './core/boot.js';
import type { TypeResolver } from './robot/grammar/parse.js';
import { namedSetType } from './robot/resolvers.js';
import { Robot } from './robot/robot.js';
import { openStore, type Store } from './robot/store.js';
import type { ChatPort } from './robot/types.js';
import { readVersion } from './version.js';
import { describeEvent } from './notify/events.js';

export interface AppOptions {
  config: Config;
  secrets: Secrets;
  log: Logger;
  /** A chat adapter to use (the shell, or a test double); otherwise Mattermost when configured. */
  chat?: ChatPort;
  /** Extra commands and argument types (later modules; tests). */
  commands?: readonly AnyCommand[];
  types?: ReadonlyMap<string, TypeResolver>;
  services?: Services;
  /** The deployment core (src/core/boot.ts); without it the core's commands are not offered. */
  core?: Core;
  now?: () => number;
}

export interface App {
  readonly robot: Robot;
  readonly chat: ChatPort;
  readonly store: Store;
  readonly http?: HttpServer;
  start(): Promise<void>;
  stop(reason: string): Promise<void>;
}

export async function createApp(o: AppOptions): Promise<App> {
  const { config, log } = o;
  const version = readVersion();
  const store = openStore(config.stateDir, o.now);
  const core = o.core;
  // The app names of the catalog: `summon wekn` answers "did you mean wekan?", never runs on a guess.
  const appNames = () => core?.catalog.names() ?? [];
  const types = new Map<string, TypeResolver>([
    ['minion', namedSetType({ noun: 'app', names: appNames })],
    ['minion-or-all', namedSetType({ noun: 'app', names: appNames, allowAll: true })],
    ...(o.types ?? []),
  ]);
  const services: Services = {
    ...(core ? { core: core.services, catalog: core.catalog, engine: { describe: () => core.describe() } } : {}),
    ...(core?.backups ? { backups: core.backups } : {}),
    ...(o.services ?? {}),
  };
  const robot = new Robot({
    commands: [...builtinCommands, ...(core ? coreCommands : []), ...(o.commands ?? [])],
    types,
    store,
    access: config,
    confirmTimeoutMs: config.confirmTimeoutS * 1000,
    services,
    log,
    version,
    now: o.now,
  });

  let http: HttpServer | undefined;
  let chat = o.chat;
  if (!chat) {
    if (!config.mattermost) throw new Error('no chat adapter: configure mattermost in summoner.yml, or run the shell');
    if (!o.secrets.mattermostToken) throw new Error('SUMMONER_MATTERMOST_TOKEN is not set');
    http = createHttpServer({
      listen: config.http.listen,
      publicUrl: config.http.publicUrl,
      onError: (err, req) => log.error({ err, ...req }, 'HTTP handler failed'),
    });
    // Loaded on demand: the shell never pays for the Mattermost client.
    const { createMattermostAdapter } = await import('../adapters/mattermost/index.js');
    chat = createMattermostAdapter({
      config: config.mattermost,
      token: o.secrets.mattermostToken,
      slashToken: o.secrets.slashToken,
      http,
      log: log.child({ module: 'mattermost' }),
      store: store.kv,
    });
    const port = chat;
    http.route('GET', '/healthz', async () => {
      const h = port.health();
      return json(h.healthy ? 200 : 503, { status: h.healthy ? 'ok' : 'unhealthy', chat: h.detail, version, running: robot.running });
    });
  }
  robot.attach(chat);
  const ops = config.channels.ops;
  const theChat = chat;

  /** The engine is the source of truth: find every minion again, finish interrupted summons, report hand edits. */
  async function reconcileAtStart(c: Core): Promise<void> {
    if (!c.engineConfigured()) return; // no engine socket here: nothing to find again (`status` says so)
    try {
      const r = await c.services.reconcile();
      const byHand = r.drift.filter((d) => d.reason === 'changed-by-hand');
      if (byHand.length && theChat.name !== 'shell') {
        const lines = byHand.map((d) => `- ${d.container}${d.fields.length ? ` (${d.fields.join(', ')})` : ''}`);
        await theChat.send(ops, { text: `:warning: Changed by hand since I created them:\n${lines.join('\n')}\n\`update <app> --force\` puts the catalog's version back.`, color: 'warning' });
      }
    } catch (err) {
      log.warn({ code: (err as { code?: string }).code ?? 'internal' }, 'could not read the engine at start; `status` tells when it answers');
    }
  }

  return {
    robot,
    chat: theChat,
    store,
    http,
    async start() {
      await http?.start();
      await theChat.start(robot);
      log.info({ version, adapter: theChat.name }, 'summoner started');
      if (theChat.name !== 'shell') await theChat.send(ops, { text: `Summoner ${version} is up.` }).catch(() => undefined);
      if (core) {
        // Until the notification center routes them, the core's events go to the ops channel.
        if (theChat.name !== 'shell') core.events.on((e) => theChat.send(ops, describeEvent(e)).then(() => undefined));
        void reconcileAtStart(core);
      }
    },
    async stop(reason) {
      const running = robot.running;
      await robot.stop();
      if (theChat.name !== 'shell') {
        await theChat
          .send(ops, {
            text: `Summoner is stopping (${reason}). ${running ? `${running} running command(s) were finished first.` : 'Nothing was running.'} New commands wait until it is back.`,
          })
          .catch(() => undefined);
      }
      await theChat.stop();
      await http?.stop();
      store.close();
      log.info({ reason }, 'summoner stopped');
    },
  };
}
