// Composition root: config → state → robot → HTTP → chat adapter; stop in reverse.
// The only place that knows every part; each part gets just its slice.
import type { Logger } from 'pino';
import { builtinCommands, coreCommands } from '../commands/index.js';
import type { Config, Secrets } from './config/schema.js';
import { createHttpServer, json, type HttpServer } from './http/server.js';
import type { AnyCommand, Services } from './robot/command.js';
import type { Core } from './core/boot.js';
import { certificatesView } from './core/edge.js';
import type { TypeResolver } from './robot/grammar/parse.js';
import { namedSetType } from './robot/resolvers.js';
import { Robot } from './robot/robot.js';
import { openStore, type Store } from './robot/store.js';
import type { ChatPort } from './robot/types.js';
import { readVersion } from './version.js';
import { describeEvent } from './notify/events.js';
import { createMetrics, type Metrics } from './metrics.js';

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
  /**
   * Find the apps again and clean up interrupted summons at start (default true). The one-shot form runs
   * beside a running bot on the same state (`docker exec … status`): it must not, or it would take the bot's
   * summon in progress for an interrupted one and remove what it created.
   */
  recoverAtStart?: boolean;
  /** Where metrics go (default: a registry of this app's own, served at /metrics). */
  metrics?: Metrics;
  now?: () => number;
}

export interface App {
  readonly robot: Robot;
  readonly chat: ChatPort;
  readonly store: Store;
  readonly http?: HttpServer;
  readonly metrics: Metrics;
  start(): Promise<void>;
  stop(reason: string): Promise<void>;
}

export async function createApp(o: AppOptions): Promise<App> {
  const { config, log } = o;
  const version = readVersion();
  const metrics = o.metrics ?? createMetrics();
  const store = observeCommands(openStore(config.stateDir, o.now, { version }), metrics, log);
  if (store.schema.applied.length) {
    log.info({ from: store.schema.openedAt, to: store.schema.version, applied: store.schema.applied }, 'state schema migrated');
  }
  metrics.setInfo({ version, schemaVersion: store.schema.version });
  const core = o.core;
  // The app names of the catalog: `summon wekn` answers "did you mean wekan?", never runs on a guess.
  const appNames = () => core?.catalog.names() ?? [];
  const types = new Map<string, TypeResolver>([
    ['minion', namedSetType({ noun: 'app', names: appNames })],
    ['minion-or-all', namedSetType({ noun: 'app', names: appNames, allowAll: true })],
    ...(o.types ?? []),
  ]);
  const services: Services = {
    metrics,
    ...(core ? { core: core.services, catalog: core.catalog, engine: { describe: () => core.describe() }, certs: certificatesView(core.edge) } : {}),
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
      metrics,
    });
    const port = chat;
    http.route('GET', '/healthz', async () => {
      const h = port.health();
      return json(h.healthy ? 200 : 503, { status: h.healthy ? 'ok' : 'unhealthy', chat: h.detail, version, running: robot.running });
    });
    metrics.chatHealthFrom(() => port.health().healthy);
    http.route('GET', '/metrics', async () => {
      const m = await metrics.render();
      return { status: 200, headers: { 'content-type': m.contentType }, body: m.body };
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
    metrics,
    async start() {
      await http?.start();
      await theChat.start(robot);
      log.info({ version, adapter: theChat.name, schema: store.schema.version }, 'summoner started');
      if (theChat.name !== 'shell') await theChat.send(ops, { text: `Summoner ${version} is up.` }).catch(() => undefined);
      if (core) {
        // Until the notification center routes them, the core's events go to the ops channel.
        if (theChat.name !== 'shell') core.events.on((e) => theChat.send(ops, describeEvent(e)).then(() => undefined));
        if (o.recoverAtStart !== false) void reconcileAtStart(core).then(() => {
          // the bot's proxy is rendered from what runs, after the start's reconcile; the shell (often a one-shot
          // command) leaves it to the first summon or dismiss
          if (theChat.name === 'shell' || !core.engineConfigured()) return;
          core.edge.start().catch((err: unknown) => log.error({ code: (err as { code?: string }).code ?? 'internal', err: (err as Error).message }, 'the proxy did not start'));
        });
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
      await core?.edge.stop();
      await http?.stop();
      store.close();
      log.info({ reason }, 'summoner stopped');
    },
  };
}

/**
 * Every finished audit row is one structured log line (with its audit id) and one sample of the command
 * metrics. The robot knows nothing of either: its store is wrapped here. A proposal finishes twice (proposed,
 * then confirmed/declined/expired, or the run's outcome), and is counted under each outcome.
 */
function observeCommands(store: Store, metrics: Metrics, log: Logger): Store {
  return {
    ...store,
    startAudit(a) {
      const auditId = store.startAudit(a);
      // the text is not logged: it is in the audit table, and a command's arguments are the user's to keep there
      log.info({ auditId, userId: a.userId, channelId: a.channelId, source: a.source, messageId: a.messageId }, 'command received');
      return auditId;
    },
    finishAudit(id, f) {
      store.finishAudit(id, f);
      metrics.commandFinished(f.command, f.outcome, f.durationMs);
      const line = { auditId: id, command: f.command ?? undefined, outcome: f.outcome, code: f.code ?? undefined, durationMs: f.durationMs };
      log.info(line, 'command finished');
    },
  };
}
