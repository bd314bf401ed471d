// Composition root: config → state → HTTP → chat adapter → notify, schedule → services → robot; stop in reverse.
// The only place that knows every part; each part gets just its slice.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { builtinCommands, coreCommands, notifyCommands } from '../commands/index.js';
import type { Config, Secrets } from './config/schema.js';
import { createHttpServer, json, type HttpServer } from './http/server.js';
import { bearerMatches } from './http/bearer.js';
import { registerSecret, registerSecrets } from './secrets/redact.js';
import type { AnyCommand } from './robot/command.js';
import { absentService, type Services } from '../commands/services.js';
import type { Core } from './core/boot.js';
import { certificateCheckJob } from './core/certs/check-job.js';
import { createCustomMinions } from './core/custom-minions.js';
import { certificatesView } from './core/edge.js';
import type { TypeResolver } from './robot/grammar/parse.js';
import { appArgTypes } from './robot/resolvers.js';
import { Robot } from './robot/robot.js';
import { openStore, TICK_DAYS, type Store } from './robot/store.js';
import { MIGRATIONS } from './schema.js';
import { applyPendingRestore, createStateBackups, restoreOutcomeText as restoredText } from './state/backups.js';
import type { ChatPort, HttpResponseInfo, SystemInvocation } from './robot/types.js';
import { readVersion } from './version.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createNotifyCenter, type NotifyCenter } from './notify/center.js';
import { createScheduler, type Scheduler } from './schedule/scheduler.js';
import { createStatusReport, type CertificateInfo } from './notify/report.js';
import { createHealthWatch } from './notify/health-watch.js';
import { createDiskWatch } from './notify/disk-watch.js';
import { createNodeWatch } from './notify/node-watch.js';
import { createCounters } from './notify/metrics.js';
import { overdueBackups } from './schedule/deadline.js';
import { declaredVerb } from './notify/recipes.js';
import { ping } from './core/engine/index.js';
import { createControlServer, type ControlServer } from './control/server.js';
import { controlSocketPath } from './control/protocol.js';
import { backFromDeafText, createDeafWatch, type DeafMarker, type DeafWatch } from './health/deaf.js';
import { startIdleTrim, type IdleTrim } from './idle-trim.js';
import { compilersOnceSettled } from './tiering.js';

/** The certificates the status report shows (it keeps those close to expiry). */
function certificatesClose(core: Core): CertificateInfo[] {
  const now = Date.now();
  return certificatesView(core.edge)
    .list()
    .flatMap((c) => ('notAfter' in c ? [{ name: c.name, notAfter: c.notAfter.toISOString(), daysLeft: Math.floor((c.notAfter.getTime() - now) / 86_400_000) }] : []));
}

export interface AppOptions {
  config: Config;
  secrets: Secrets;
  log: Logger;
  /** A chat adapter to use (the shell, or a test double); otherwise Mattermost when configured. */
  chat?: ChatPort;
  /** Extra commands and argument types (later modules; tests). */
  commands?: readonly AnyCommand[];
  types?: ReadonlyMap<string, TypeResolver>;
  /** App names sentences may mention (default: the core catalog's; tests without a core give their own). */
  apps?: () => readonly string[];
  services?: Services;
  /** The deployment core (src/core/boot.ts); without it the core's commands are not offered. A promise: its
   * start asks the engine (an /info of ~10 ms on the engine's side), answered while the state database opens. */
  core?: Core | Promise<Core>;
  /**
   * Find the apps again and clean up interrupted summons at start (default true). The one-shot form runs
   * beside a running bot on the same state (`docker exec … status`): it must not, or it would take the bot's
   * summon in progress for an interrupted one and remove what it created.
   */
  recoverAtStart?: boolean;
  /**
   * When this bot began (default: its process's start): what an interrupted restore or verify left is what
   * predates it, and is cleared at start; what is made after is the bot's own work in flight.
   */
  startedAt?: number;
  /** Where metrics go (default: a registry of this app's own, served at /metrics). */
  metrics?: Metrics;
  now?: () => number;
  /** The certificate module's view, for the status report (issue 4 connects it). */
  certificates?: () => Promise<CertificateInfo[]>;
  /**
   * Run the background work: webhooks, the outbox and the scheduler (default true). A one-shot shell command
   * sets false: it must not take a running bot's port, post its owed notifications, nor run its jobs.
   */
  background?: boolean;
  /**
   * Listen on the control socket (<stateDir>/control.sock) so that `summoner <command…>` runs in this bot
   * (default: when the bot runs its own Mattermost adapter).
   */
  control?: boolean;
  /**
   * Called once when the bot stayed unhealthy for `health.exitAfterS` (main.ts stops it and exits non-zero).
   * Without it, no deaf watch runs (tests, the shell).
   */
  onDeaf?: (marker: DeafMarker) => void;
  /**
   * Called once a confirmed `restore summoner` has left its marker: the caller stops the bot and starts it again
   * (main.ts: exit 75, the restart policy; the shell: put back when it closes). The next start puts the state back.
   */
  onRestart?: (reason: string) => void;
}

export interface App {
  readonly robot: Robot;
  readonly chat: ChatPort;
  readonly store: Store;
  /** The public listener (webhooks, slash command, buttons), when one runs. */
  readonly http?: HttpServer;
  /** The internal listener (/healthz, /metrics): runs whenever the public one does. */
  readonly internalHttp?: HttpServer;
  readonly metrics: Metrics;
  readonly notify: NotifyCenter;
  readonly scheduler: Scheduler;
  start(): Promise<void>;
  /** Settles when the work the start leaves running after ready (the catalog read, the reconcile) has ended and
   * the optimizing compilers are on (src/tiering.ts). */
  readonly settled: Promise<void>;
  stop(reason: string): Promise<void>;
}

/** The apps' roots: inside stateDir by default, never part of Summoner's own snapshot, never moved by its restore. */
const appRootsOf = (config: Config) => [config.dataRoot, config.dbRoot, config.backupRoot];

/** Puts back the snapshot a confirmed `restore summoner` left a marker for; the bot is stopped or not yet started. */
export async function putBackPendingState(config: Config) {
  const r = await applyPendingRestore({ stateDir: config.stateDir, backupRoot: config.backupRoot, roots: appRootsOf(config), known: MIGRATIONS.length });
  if (r?.ok) {
    // the snapshot was taken while `backup summoner` ran: its row (and any other then in flight) never ends there
    const store = openStore(config.stateDir, Date.now, { migrations: MIGRATIONS });
    try {
      store.markInterrupted();
    } finally {
      store.close();
    }
  }
  return r;
}

export async function createApp(o: AppOptions): Promise<App> {
  const { config, log } = o;
  // whoever built the secrets (loadConfig, a test), they are masked in the logs from here on
  registerSecret(o.secrets.mattermostToken);
  registerSecret(o.secrets.slashToken);
  registerSecret(o.secrets.metricsToken);
  registerSecrets(o.secrets.hooks);
  const version = readVersion();
  const metrics = o.metrics ?? createMetrics();
  // a confirmed `restore summoner` is put back here, before the store opens (not by a one-shot guest beside a bot)
  const restored = (o.background ?? true) ? await putBackPendingState(config) : undefined;
  if (restored) log[restored.ok ? 'warn' : 'error']({ ...restored }, restored.ok ? "Summoner's state restored from a backup" : "Summoner's state could not be restored");
  const store = observeCommands(openStore(config.stateDir, o.now ?? Date.now, { version, migrations: MIGRATIONS }), metrics, log);
  if (o.background ?? true) {
    // the owner of the state file: what was still running when the last bot stopped will never finish
    const cut = store.markInterrupted();
    if (cut) log.warn({ commands: cut }, 'commands left running by the last stop are marked interrupted');
  }
  if (store.schema.applied.length) {
    log.info({ from: store.schema.openedAt, to: store.schema.version, applied: store.schema.applied }, 'state schema migrated');
  }
  metrics.setInfo({ version, schemaVersion: store.schema.version });
  const core = await o.core;
  // The app names of the catalog: `summon wekn` answers "did you mean wekan?", never runs on a guess.
  const appNames = o.apps ?? (() => core?.catalog.names() ?? []);
  const types = new Map<string, TypeResolver>([
    ...appArgTypes(appNames),
    ...(o.types ?? []),
  ]);
  let http: HttpServer | undefined;
  let chat = o.chat;
  let notify: NotifyCenter | undefined;
  let dropped = 0;
  // The public listener faces Mattermost and the webhook senders (maybe the internet): a connection cap, a
  // per-client token bucket and short header/body deadlines apply before any route, so before any signature
  // work. Health and metrics are not on it (the internal listener below).
  const makeHttp = () =>
    createHttpServer({
      listen: config.http.listen,
      publicUrl: config.http.publicUrl,
      maxBodyBytes: config.notify.maxBodyBytes,
      maxConnections: config.http.maxConnections,
      clientRate: config.http.rateLimit,
      bodyTimeoutMs: config.http.bodyTimeoutMs,
      headersTimeoutMs: config.http.headersTimeoutMs,
      onError: (err, req) => log.error({ err, ...req }, 'HTTP handler failed'),
      onRefused: (status, req) => notify?.onRefused(status, req),
      onDropped: () => {
        // said once per 100 drops: a flood must not become a flood of log lines
        if (dropped++ % 100 === 0) log.warn({ maxConnections: config.http.maxConnections, dropped }, 'public listener: connection cap reached, connections dropped');
      },
    });
  const background = o.background ?? true;
  // Webhooks need the listener in the shell too.
  if (background && Object.keys(config.notify.hooks).length > 0) http = makeHttp();
  if (!chat) {
    if (!config.mattermost) throw new Error('no chat adapter: configure mattermost in summoner.yml, or run the shell');
    if (!o.secrets.mattermostToken) throw new Error('SUMMONER_MATTERMOST_TOKEN is not set');
    http ??= makeHttp();
    // Loaded on demand: the shell never pays for the Mattermost client.
    const { createMattermostAdapter } = await import('../adapters/mattermost/index.js');
    chat = createMattermostAdapter({
      config: config.mattermost,
      token: o.secrets.mattermostToken,
      slashToken: o.secrets.slashToken,
      buttonSecret: installSecret(config.stateDir, 'mattermost-buttons.key'),
      http,
      log: log.child({ module: 'mattermost' }),
      store: store.kv,
      metrics,
    });
    const port = chat;
    metrics.chatHealthFrom(() => port.health().healthy);
  }
  // The internal listener: /healthz and /metrics, on loopback (or the container's own address) by default,
  // served whenever the public listener runs (the shell with webhooks too). Not reachable by the apps.
  let internalHttp: HttpServer | undefined;
  if (http) {
    internalHttp = createHttpServer({ listen: config.http.internalListen, maxBodyBytes: 1024, onError: (err, req) => log.error({ err, ...req }, 'HTTP handler failed') });
    const port = chat;
    const metricsToken = o.secrets.metricsToken;
    internalHttp.route('GET', '/healthz', async () => {
      const h = port.health();
      return json(h.healthy ? 200 : 503, { status: h.healthy ? 'ok' : 'unhealthy', chat: h.detail, version, running: robot.running });
    });
    internalHttp.route('GET', '/metrics', async (req): Promise<HttpResponseInfo> => {
      if (metricsToken && !bearerMatches(req.headers.authorization, metricsToken)) {
        return { status: 401, headers: { 'www-authenticate': 'Bearer realm="summoner-metrics"' }, body: 'unauthorized\n' };
      }
      refreshCertificateGauges();
      const m = await metrics.render();
      return { status: 200, headers: { 'content-type': m.contentType }, body: m.body };
    });
  }
  // `summoner <command…>` beside the running bot: answered by this bot through its control socket
  let control: ControlServer | undefined;
  if (o.control ?? !o.chat) {
    control = createControlServer({ socketPath: controlSocketPath(config.stateDir), chat, confirmTimeoutS: config.confirmTimeoutS, log: log.child({ module: 'control' }) });
    chat = control.chat;
  }
  const ops = config.channels.ops;
  // The robot is built last, on the finished services; notify and the scheduler reach it through this door
  // (called only once the app runs, so after the robot exists).
  const door = {
    invokeAsSystem: (inv: SystemInvocation) => robot.invokeAsSystem(inv),
    seen: (id: string) => robot.seen(id),
  };
  notify = createNotifyCenter({
    config: config.notify,
    hookSecrets: o.secrets.hooks ?? {},
    opsChannel: ops,
    store,
    chat,
    robot: door,
    log: log.child({ module: 'notify' }),
    http,
    // its counters live in the one registry /metrics serves, declared there when prom-client is loaded
    counters: createCounters((use) => metrics.onRegistry(use)),
    // In the shell the command's own answer already says what happened: no event echo there.
    events: chat.localConsole ? undefined : core?.events,
    now: o.now,
  });
  const center = notify;
  metrics.outboxDepthFrom(() => center.outbox().pending ?? 0);
  const scheduler = createScheduler({
    jobs: config.schedules,
    store,
    robot: door,
    chat,
    opsChannel: ops,
    events: core?.events,
    onFinished: (job, ok, durationMs) => metrics.jobFinished(`schedule:${job}`, ok ? 'ok' : 'error', durationMs),
    log: log.child({ module: 'schedule' }),
    now: o.now,
  });
  scheduler.addBuiltin({ name: 'notify-prune', cron: '17 4 * * *', run: async () => `forgot ${center.prune()} old outbox row(s)` });
  scheduler.addBuiltin({
    name: 'state-prune',
    cron: '23 4 * * *',
    run: async () => {
      const r = store.prune();
      return `forgot ${r.seen} handled message id(s) older than a week and ${r.ticks} built-in job run(s) older than ${TICK_DAYS} days`;
    },
  });
  if (core && core.engineConfigured()) {
    const watch = createHealthWatch({ status: () => core.services.status(), events: core.events });
    scheduler.addBuiltin({ name: 'health-watch', cron: '*/5 * * * *', run: () => watch.check() });
  }
  // on a Swarm manager: a node down, drained or paused, and back, said once with what it means for each app
  const swarmView = core?.swarmView;
  if (swarmView) {
    const nodes = createNodeWatch({ view: swarmView, events: core.events, state: store.kv });
    scheduler.addBuiltin({ name: 'node-watch', cron: '* * * * *', run: () => nodes.check() });
  }
  // the filesystems of the data, database and backup roots (and the engine's), said once per crossing
  if (core) {
    const disk = createDiskWatch({
      roots: [
        { name: 'data', path: config.dataRoot },
        { name: 'databases', path: config.dbRoot },
        { name: 'backups', path: config.backupRoot },
        { name: 'docker', path: '/var/lib/docker', optional: true },
      ],
      warnPercent: config.notify.disk.warnPercent,
      clearPercent: config.notify.disk.clearPercent,
      events: core.events,
      state: store.kv,
    });
    scheduler.addBuiltin({ name: 'disk-watch', cron: config.notify.disk.cron, run: () => disk.check() });
  }
  // a scheduled backup that did not report by its deadline is said once per missed time
  scheduler.addBuiltin({
    name: 'backup-deadline',
    cron: '*/10 * * * *',
    run: async () => {
      const late = overdueBackups(scheduler.list(), (o.now ?? Date.now)(), config.backup.deadlineMinutes * 60_000);
      for (const l of late) {
        const key = `backup-missed:${l.job}`;
        if (store.kv.get(key) === String(l.due)) continue;
        store.kv.set(key, String(l.due));
        core?.events.emit({ type: 'backup.missed', job: l.job, deadline: new Date(l.deadline).toISOString() });
      }
      return late.length ? `late: ${late.map((l) => l.job).join(', ')}` : 'no scheduled backup is late';
    },
  });
  // the certificate check: a job of the one scheduler (listed by `schedules`, caught up after downtime)
  const certs = core?.edge.certs;
  if (core && certs) scheduler.addBuiltin(certificateCheckJob(certs, { cron: config.certificates.checkCron, ready: () => core.edge.start() }));
  if (core) {
    core.events.on((e) => {
      if (e.type === 'backup.done') metrics.backupFinished(e.app, { sizeBytes: e.bytes, at: new Date(e.at) });
    });
  }
  const backupsOf = core?.backups;
  const report = createStatusReport({
    ...(backupsOf
      ? {
          lastBackup: async (app: string) => {
            const m = await backupsOf.lastBackup(app);
            return m ? { at: Date.parse(m.createdAt), ok: true, what: m.kind, bytes: m.bytes } : undefined;
          },
        }
      : {}),
    ...(core && core.engineConfigured() ? { status: () => core.services.status() } : {}),
    dataRoot: config.dataRoot,
    backupRoot: config.backupRoot,
    ...(o.certificates ? { certificates: o.certificates } : core?.edge.certs ? { certificates: async () => certificatesClose(core) } : {}),
    failuresSince: (at) => scheduler.failuresSince(at),
    kv: store.kv,
    now: o.now,
  });
  const services: Services = {
    metrics,
    ...(core ? { core: core.services, catalog: core.catalog, engine: { describe: () => core.describe() }, certs: certificatesView(core.edge) } : {}),
    ...(core?.backups ? { backups: core.backups } : {}),
    ...(core
      ? {
          minions: createCustomMinions({
            catalogDirs: config.catalogDirs,
            pathRoots: config.minionAdd.pathRoots,
            timeoutMs: config.minionAdd.timeoutS * 1000,
            catalog: core.catalog,
            // a summoned app keeps its file; an engine that does not answer refuses the removal
            // (status of every app: status(<app>) refuses an app that is not summoned, which is the answer here)
            deployed: async (name) => (await core.services.status()).some((s) => s.app === name),
          }),
        }
      : {}),
    notify: center,
    scheduler,
    report,
    state: {
      ...createStateBackups({ stateDir: config.stateDir, backupRoot: config.backupRoot, roots: appRootsOf(config), db: store.db, version, known: MIGRATIONS.length, now: o.now }),
      restart(reason: string) {
        if (!o.onRestart) return false;
        o.onRestart(reason);
        return true;
      },
    },
    ...(o.services ?? {}),
  };
  const robot = new Robot({
    commands: [...builtinCommands, ...notifyCommands, ...(core ? coreCommands : []), ...(o.commands ?? [])],
    types,
    store,
    access: config,
    confirmTimeoutMs: config.confirmTimeoutS * 1000,
    services,
    absent: absentService(services),
    log,
    version,
    now: o.now,
    // app names are words a sentence may use anywhere ("show me the logs of ghost")
    apps: appNames,
    // what each app is for ("restart the kanban": `restart`: which app? wekan)
    ...(core ? { described: () => new Map(core.catalog.all().map((m) => [m.name, m.description])) } : {}),
    // what scheduled jobs and recipes post, and the answer to a message without a locale
    lang: config.language,
    // what a question about a summoned app offers ("`logs`: which app? ghost, gitlab")
    ...(core?.engineConfigured() ? { summoned: async () => (await core.services.status()).map((s) => s.app) } : {}),
  });
  const undeclared = declaredCommandProblems(robot, config);
  if (undeclared.length) throw new Error(`config error: ${undeclared.join('; ')}`);

  robot.attach(chat);
  const theChat = chat;
  const deaf: DeafWatch | undefined = o.onDeaf
    ? createDeafWatch({
        stateDir: config.stateDir,
        exitAfterS: config.health.exitAfterS,
        checkEveryMs: config.health.checkEveryS * 1000,
        async probe() {
          const h = theChat.health();
          if (!h.healthy) return { healthy: false, detail: `chat down (${h.detail})` };
          if (core?.engineConfigured()) {
            const reached = await Promise.race([
              ping(core.engine).then(() => true, () => false),
              new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref()),
            ]);
            if (!reached) return { healthy: false, detail: `engine unreachable at ${config.engine.socket}` };
          }
          return { healthy: true, detail: 'ok' };
        },
        onDeaf: o.onDeaf,
        async announce(m) {
          await theChat.send(ops, { text: backFromDeafText(m, (o.now ?? Date.now)()), color: 'warning' });
          log.info({ since: m.since, exitedAt: m.exitedAt }, 'announced the restart after a deaf exit');
          return true;
        },
        now: o.now,
      })
    : undefined;

  /** Certificate expiries as gauges, read from the certificate folder at each scrape. */
  function refreshCertificateGauges(): void {
    for (const c of core ? certificatesView(core.edge).list() : []) {
      if ('notAfter' in c) metrics.certificateExpires(c.name, c.notAfter);
    }
  }

  /** Reads the catalog once the prompt is shown or the chat connected (a timer: after what `start` returns to). */
  function warmCatalog(c: Core): Promise<void> {
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        try {
          const t0 = performance.now();
          const minions = c.catalog.names().length;
          log.info({ minions, ms: Math.round(performance.now() - t0) }, 'catalog loaded after ready');
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'the catalog could not be read after ready; the first command that needs it says why');
        } finally {
          resolve();
        }
      }, 0).unref(),
    );
  }

  let stopping = false;
  /** The engine is the source of truth: find every minion again, finish interrupted summons, report hand edits. */
  async function reconcileAtStart(c: Core): Promise<void> {
    if (!c.engineConfigured()) return; // no engine socket here: nothing to find again (`status` says so)
    // after ready: its first engine call loads dockerode (~0.1 s of CPU), which the prompt need not wait for
    await new Promise<void>((r) => setImmediate(r));
    if (stopping) return;
    try {
      // what a restore or a verify stopped part-way by the last stop left (its servers, staged dumps, fresh folders)
      // goes first, so that the reconcile does not report its servers as drift (only what predates this process:
      // a restore asked meanwhile is its own)
      await c.backups?.sweepInterrupted(o.startedAt ?? performance.timeOrigin).catch((err: Error) => log.warn({ err: err.message }, 'could not clear what an interrupted restore left'));
      const r = await c.services.reconcile();
      const byHand = r.drift.filter((d) => d.reason === 'changed-by-hand');
      if (byHand.length && !theChat.localConsole) {
        const lines = byHand.map((d) => `- ${d.container}${d.fields.length ? ` (${d.fields.join(', ')})` : ''}`);
        await theChat.send(ops, { text: `:warning: Changed by hand since I created them:\n${lines.join('\n')}\n\`update <app> --force\` puts the catalog's version back.`, color: 'warning' });
      }
    } catch (err) {
      log.warn({ code: (err as { code?: string }).code ?? 'internal' }, 'could not read the engine at start; `status` tells when it answers');
    }
  }

  let started: () => void = () => undefined;
  let trim: IdleTrim | undefined;
  const settled = new Promise<void>((r) => (started = r));
  return {
    robot,
    chat: theChat,
    settled,
    store,
    http,
    internalHttp,
    metrics,
    notify,
    scheduler,
    async start() {
      await internalHttp?.start();
      await http?.start();
      await theChat.start(robot);
      // a recipe's misspelled channel stops the start here, with the recipe named, not each event later
      if (background) await center.checkDestinations();
      log.info({ version, adapter: theChat.name, schema: store.schema.version }, 'summoner started');
      if (!theChat.localConsole) await theChat.send(ops, { text: `Summoner ${version} is up.` }).catch(() => undefined);
      if (restored) await theChat.send(ops, { text: restoredText(restored), color: restored.ok ? 'good' : 'danger' }).catch(() => undefined);
      await control?.listen(robot);
      if (deaf) {
        deaf.start();
        void deaf.check(); // a restart after a deaf exit is told as soon as the chat takes posts
      }
      if (background) {
        // Owed notifications (from before a restart) go out now; the core's events route through recipes.
        center.start();
        // Missed runs are caught up in the background: a long `backup all` must not hold the start.
        void scheduler.start().catch((err: unknown) => log.error({ err }, 'the scheduler could not start'));
      }
      // (reconcileAtStart catches its own failures: it never rejects)
      const reconciled = core && o.recoverAtStart !== false ? reconcileAtStart(core) : Promise.resolve();
      if (core) {
        void reconciled.then(() => {
          // the bot's proxy is rendered from what runs, after the start's reconcile; the shell (often a one-shot
          // command) leaves it to the first summon or dismiss. Not part of `settled`: it can wait on the proxy's
          // container, and commands run meanwhile
          if (stopping || o.recoverAtStart === false || theChat.localConsole || !core.engineConfigured()) return;
          core.edge.start().catch((err: unknown) => log.error({ code: (err as { code?: string }).code ?? 'internal', err: (err as Error).message }, 'the proxy did not start'));
        });
      }
      // the catalog is read on first use (core/catalog/live.ts): the bot reads it now, in the background, so the
      // first command does not wait for it; a one-shot command reads only what it needs
      const warmed = core && background ? warmCatalog(core) : Promise.resolve();
      // the start's own work done, what runs from here (commands, jobs) is optimized as usual (src/tiering.ts)
      // and from then on the young generation a burst grew is given back once the bot is quiet (src/idle-trim.ts)
      void compilersOnceSettled([warmed, reconciled]).then(() => {
        if (!stopping) {
          trim = startIdleTrim({ onTrim: (before, after) => log.debug({ youngMb: [before / 2 ** 20, after / 2 ** 20].map((x) => Math.round(x * 10) / 10) }, 'idle: young generation trimmed') });
        }
        started();
      });
    },
    async stop(reason) {
      stopping = true;
      trim?.stop();
      const running = robot.running;
      // The outbox first: an owed notification or recipe command stays owed rather than meeting a closed robot.
      await center.stop();
      deaf?.stop();
      await Promise.race([scheduler.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]);
      await Promise.all([robot.stop(), control?.close()]);
      if (!theChat.localConsole) {
        await theChat
          .send(ops, {
            text: `Summoner is stopping (${reason}). ${running ? `${running} running command(s) were finished first.` : 'Nothing was running.'} New commands wait until it is back.`,
          })
          .catch(() => undefined);
      }
      await theChat.stop();
      await core?.edge.stop();
      await http?.stop();
      await internalHttp?.stop();
      store.close();
      log.info({ reason }, 'summoner stopped');
    },
  };
}

/**
 * What the config's scheduled jobs and recipe commands may run, checked once at load (and again by the robot
 * at every run): each names a command exactly, and a destructive one must say `destructive: true` (the config
 * is written by an admin). Every problem is reported, each with the job or recipe named.
 */
export function declaredCommandProblems(robot: Robot, config: Config): string[] {
  const problems: string[] = [];
  for (const j of config.schedules) {
    const v = robot.vet(j.command);
    if (!v.ok) problems.push(`schedules: job ${j.name}: its command cannot run: ${v.message}`);
    else if (v.destructive && !j.destructive) problems.push(`schedules: job ${j.name}: \`${v.command.name}\` is destructive: declare it with destructive: true`);
  }
  for (const r of config.notify.recipes) {
    r.then.forEach((a, i) => {
      if (!a.command) return;
      const c = typeof a.command === 'string' ? { run: a.command } : a.command;
      const verb = declaredVerb(c.run);
      const cmd = robot.info().commands().find((x) => x.name === verb || (x.aliases ?? []).includes(verb));
      const where = `notify.recipes: recipe ${r.name}: then.${i}.command`;
      if (!cmd) problems.push(`${where}: ${JSON.stringify(verb)} is not a command (a recipe command starts with its verb, as typed in chat)`);
      else if (cmd.destructive && !('destructive' in c && c.destructive)) {
        problems.push(`${where}: \`${cmd.name}\` is destructive: write the action as { run: …, destructive: true } to allow it`);
      }
    });
  }
  return problems;
}

/** A secret of this install (32 random bytes), made once into the state folder, owner-only. */
function installSecret(stateDir: string, name: string): Buffer {
  const file = path.join(stateDir, name);
  try {
    const b = fs.readFileSync(file);
    if (b.length >= 32) {
      fs.chmodSync(file, 0o600);
      return b;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const b = randomBytes(32);
  fs.writeFileSync(file, b, { mode: 0o600 });
  return b;
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
