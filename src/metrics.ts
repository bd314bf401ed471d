// Summoner's Prometheus metrics (prom-client): one registry, served at GET /metrics (src/app.ts). Every metric
// is defined here, except the notification center's counters, declared into this same registry by
// src/notify/metrics.ts; the modules that observe something call one small function.
//
// Labels stay bounded: command names come from the command table (never the user's text), app names from the
// catalog, domains from the config. Times are exposed as Unix timestamps (Prometheus convention: alert on
// `time() - x`), plus a computed age for backups, which is what people look at.
//
// prom-client (with its OpenTelemetry API and the default collectors' event-loop histogram) costs several MB of
// resident memory: it is loaded at the first scrape, or once observations pile up, and the observations made
// before are replayed into it in order. A shell without the HTTP listener is never scraped and never loads it.
import { createRequire } from 'node:module';
import type client from 'prom-client';

export type ChatResync = 'resumed' | 'caught_up';

export interface Metrics {
  readonly registry: client.Registry;
  /** Runs `use` with the registry once it is built (at once if it is): other modules declare their metrics there
   * without loading prom-client early. */
  onRegistry(use: (registry: client.Registry) => void): void;
  /** The text to serve at /metrics, and its content type. */
  render(): Promise<{ contentType: string; body: string }>;

  // ---- the robot (wired: src/app.ts records every finished audit row) ----
  /** A command ended with an outcome (ok, error, denied, invalid, unknown, proposed, confirmed, declined, expired…). */
  commandFinished(command: string | null | undefined, outcome: string, durationMs?: number): void;

  // ---- the chat socket (wired: adapters/mattermost) ----
  chatReconnected(): void;
  /** After a reconnect: the server replayed what was missed (resumed), or it was fetched through REST (caught_up). */
  chatResynced(how: ChatResync): void;
  /** Posts fetched through REST while catching up. */
  chatCaughtUpPosts(n: number): void;
  /** Where the chat's health comes from (read at each scrape). */
  chatHealthFrom(fn: () => boolean): void;

  // ---- outbox (deliveries are counted by the notification center, summoner_notify_outbox_total) ----
  /** The number of events waiting for delivery (read at each scrape). */
  outboxDepthFrom(fn: () => number): void;

  // ---- jobs (the core's queue, schedules; issues 5/6 call these) ----
  jobFinished(kind: string, outcome: 'ok' | 'error' | 'cancelled' | string, durationMs?: number): void;

  // ---- backups (issue 5 calls this) ----
  backupFinished(app: string, o: { sizeBytes: number; at?: Date }): void;

  // ---- certificates (issue 4 calls these) ----
  certificateExpires(domain: string, notAfter: Date): void;
  certificateRemoved(domain: string): void;

  // ---- Summoner itself ----
  setInfo(o: { version: string; schemaVersion: number }): void;
}

export interface MetricsOptions {
  defaultMetrics?: boolean;
  now?: () => number;
  /** Observations kept before prom-client is loaded and they are replayed (default 1,000). */
  deferUpTo?: number;
}

type Recorder = Omit<Metrics, 'registry' | 'render'>;
type Call = { [K in keyof Recorder]: [K, Parameters<Recorder[K]>] }[keyof Recorder];

/** Metrics whose prom-client registry is built on first need (see the top of this file). */
export function createMetrics(o: MetricsOptions = {}): Metrics {
  const pending: Call[] = [];
  const limit = o.deferUpTo ?? 1000;
  const waiting: ((registry: client.Registry) => void)[] = [];
  let real: Metrics | undefined;
  const load = (): Metrics => {
    if (real) return real;
    const promClient = createRequire(import.meta.url)('prom-client') as typeof client;
    real = buildMetrics(promClient, o);
    for (const use of waiting.splice(0)) use(real.registry);
    for (const [name, args] of pending.splice(0)) (real[name] as (...a: unknown[]) => void)(...args);
    return real;
  };
  const record =
    <K extends keyof Recorder>(name: K) =>
    (...args: Parameters<Recorder[K]>): void => {
      if (real) return (real[name] as (...a: unknown[]) => void)(...args);
      pending.push([name, args] as Call);
      if (pending.length >= limit) load();
    };
  return {
    get registry() {
      return load().registry;
    },
    onRegistry(use) {
      if (real) use(real.registry);
      else waiting.push(use);
    },
    render: () => load().render(),
    commandFinished: record('commandFinished'),
    chatReconnected: record('chatReconnected'),
    chatResynced: record('chatResynced'),
    chatCaughtUpPosts: record('chatCaughtUpPosts'),
    chatHealthFrom: record('chatHealthFrom'),
    outboxDepthFrom: record('outboxDepthFrom'),
    jobFinished: record('jobFinished'),
    // the time is taken now: a replay later must not date the backup at the replay
    backupFinished: (app, b) => record('backupFinished')(app, { ...b, at: b.at ?? new Date((o.now ?? Date.now)()) }),
    certificateExpires: record('certificateExpires'),
    certificateRemoved: record('certificateRemoved'),
    setInfo: record('setInfo'),
  };
}

function buildMetrics(client: typeof import('prom-client'), o: MetricsOptions): Metrics {
  const now = o.now ?? Date.now;
  const registry = new client.Registry();
  if (o.defaultMetrics ?? true) client.collectDefaultMetrics({ register: registry, prefix: 'summoner_' });
  const reg = { registers: [registry] };

  const commands = new client.Counter({ name: 'summoner_commands_total', help: 'Commands handled, by command and outcome', labelNames: ['command', 'outcome'] as const, ...reg });
  const commandSeconds = new client.Histogram({
    name: 'summoner_command_duration_seconds',
    help: 'How long commands took, from receipt to result',
    labelNames: ['command'] as const,
    buckets: [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30, 60, 180, 600],
    ...reg,
  });
  const reconnects = new client.Counter({ name: 'summoner_chat_reconnects_total', help: 'Chat socket reconnects', ...reg });
  const resyncs = new client.Counter({ name: 'summoner_chat_resyncs_total', help: 'After a reconnect: resumed by server replay, or caught up through REST', labelNames: ['how'] as const, ...reg });
  const caughtUp = new client.Counter({ name: 'summoner_chat_caught_up_posts_total', help: 'Posts fetched through REST while catching up', ...reg });
  let chatHealth: (() => boolean) | undefined;
  new client.Gauge({
    name: 'summoner_chat_up',
    help: '1 while the chat connection is up and alive (as /healthz), else 0',
    ...reg,
    collect() {
      if (chatHealth) this.set(chatHealth() ? 1 : 0);
    },
  });

  let outboxDepth: (() => number) | undefined;
  new client.Gauge({
    name: 'summoner_outbox_depth',
    help: 'Events waiting in the outbox for delivery',
    ...reg,
    collect() {
      if (outboxDepth) this.set(outboxDepth());
    },
  });

  const jobs = new client.Counter({ name: 'summoner_jobs_total', help: 'Jobs finished, by kind and outcome', labelNames: ['kind', 'outcome'] as const, ...reg });
  const jobSeconds = new client.Histogram({ name: 'summoner_job_duration_seconds', help: 'How long jobs took', labelNames: ['kind'] as const, buckets: [1, 5, 15, 60, 300, 900, 3600], ...reg });

  const backupAt = new Map<string, number>();
  const backupSize = new client.Gauge({ name: 'summoner_backup_size_bytes', help: 'Size of the last successful backup, by app', labelNames: ['app'] as const, ...reg });
  const backupTs = new client.Gauge({ name: 'summoner_backup_last_success_timestamp_seconds', help: 'When the last successful backup finished, by app', labelNames: ['app'] as const, ...reg });
  new client.Gauge({
    name: 'summoner_backup_age_seconds',
    help: 'Age of the last successful backup, by app',
    labelNames: ['app'] as const,
    ...reg,
    collect() {
      for (const [app, at] of backupAt) this.set({ app }, Math.max(0, (now() - at) / 1000));
    },
  });

  const certExpiry = new client.Gauge({ name: 'summoner_certificate_expiry_timestamp_seconds', help: 'When each certificate expires', labelNames: ['domain'] as const, ...reg });

  const info = new client.Gauge({ name: 'summoner_build_info', help: 'Always 1; the labels say which Summoner runs', labelNames: ['version'] as const, ...reg });
  const schema = new client.Gauge({ name: 'summoner_state_schema_version', help: 'Schema version of the state database', ...reg });

  return {
    registry,
    onRegistry: (use) => use(registry),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    commandFinished(command, outcome, durationMs) {
      const name = command || '(none)';
      commands.inc({ command: name, outcome });
      if (durationMs !== undefined && durationMs >= 0) commandSeconds.observe({ command: name }, durationMs / 1000);
    },
    chatReconnected: () => reconnects.inc(),
    chatResynced: (how) => resyncs.inc({ how }),
    chatCaughtUpPosts: (n) => {
      if (n > 0) caughtUp.inc(n);
    },
    chatHealthFrom(fn) {
      chatHealth = fn;
    },
    outboxDepthFrom(fn) {
      outboxDepth = fn;
    },
    jobFinished(kind, outcome, durationMs) {
      jobs.inc({ kind, outcome });
      if (durationMs !== undefined && durationMs >= 0) jobSeconds.observe({ kind }, durationMs / 1000);
    },
    backupFinished(app, b) {
      const at = (b.at ?? new Date(now())).getTime();
      backupAt.set(app, at);
      backupSize.set({ app }, b.sizeBytes);
      backupTs.set({ app }, at / 1000);
    },
    certificateExpires: (domain, notAfter) => certExpiry.set({ domain }, notAfter.getTime() / 1000),
    certificateRemoved: (domain) => certExpiry.remove({ domain }),
    setInfo(o) {
      info.reset();
      info.set({ version: o.version }, 1);
      schema.set(o.schemaVersion);
    },
  };
}
