// The deployment core's facade: what commands call (through ctx). Results are typed values, not chat text;
// progress goes through a reporter; failures are SummonerErrors with a namespaced code. The engine is the
// source of truth: everything is found again from the `summoner.*` labels of the configured domain.
import type { Chown } from './engine/chown.js';
import type { Config } from '../config/schema.js';
import { SummonerError } from '../errors.js';
import { coldCopyBackupHook } from './coldcopy.js';
import {
  ASIDE_SUFFIX,
  EXTRA_LABEL,
  checkOnce,
  containerLogs,
  describe,
  inspectImage,
  inspectContainer,
  listContainers,
  liveSpec,
  selector,
  specDiff,
  specFromPlan,
  type ContainerInfo,
  type Engine,
} from './engine/index.js';
import { createLifecycle } from './deploy/lifecycle.js';
import { withBuiltImages } from './build-minion.js';
import { containerTarget } from './deploy/containers.js';
import type { JobQueue } from './jobs.js';
import { byRole, parseHealth, throttled, type Reporter } from './reporting.js';
import { hostProbes, type PreflightProbes } from './preflight.js';
import { parseImageRef, type RegistryCredentials, type VersionsReport } from './registry.js';
import { loadSecrets, redact, type SecretValues } from './secrets.js';
import { LABEL, PROXIED_ROLES, type DeployPlan } from './types.js';
import type { EventBus } from './events.js';

// ---- ports --------------------------------------------------------------------------------------

export type { Reporter } from './reporting.js';

// moved: the ports live in ./ports/deploy.ts and ./ports/log.ts (re-exported here for their importers).
export type { BackupHook, BackupRef, CatalogView, DeployHooks, PlanDeploy } from './ports/deploy.js';
export type { Log as CoreLog } from './ports/log.js';
export type { DismissResult, RollbackResult, SummonResult, UpdatePlan, UpdateResult } from './deploy/lifecycle.js';
import type { BackupHook, CatalogView, DeployHooks, PlanDeploy } from './ports/deploy.js';
import type { Log as CoreLog } from './ports/log.js';
import type { DismissResult, RollbackResult, SummonResult, UpdatePlan, UpdateResult } from './deploy/lifecycle.js';

export interface CoreServicesDeps {
  config: Config;
  engine: Engine;
  catalog: CatalogView;
  planDeploy: PlanDeploy;
  /** `<stateDir>/secrets` normally. */
  secretsDir: string;
  backupHook?: BackupHook;
  hooks?: DeployHooks;
  log: CoreLog;
  /** Pre-flight probes (tests replace them). */
  probes?: PreflightProbes;
  registryCredentials?: Record<string, RegistryCredentials>;
  fetch?: typeof fetch;
  /** Shared queue (the backup module uses the same one so backups and deploys never race). */
  jobs?: JobQueue;
  /** Where summons in progress are journaled (default `<stateDir>/deploying`). */
  journalDir?: string;
  /** How long a failed summon waits for a lost engine to come back to clean up (default 10 min). */
  engineReturnWaitMs?: number;
  /** Hands a folder to an image's user when this process may not (not root): see engine/chown.ts. */
  chown?: Chown;
  /** Where a successful summon or dismiss is announced (the notification center listens). */
  events?: EventBus;
}

// ---- results ------------------------------------------------------------------------------------

export type MinionState = 'running' | 'stopped' | 'restarting' | 'partial' | 'crashed';

export interface ContainerStatus {
  name: string;
  role: string;
  image: string;
  /** What the image reference resolved to when the container was created (label summoner.image-digest). */
  digest?: string;
  state: string;
  health?: string;
  restarts: number;
  startedAt?: Date;
  /** Swarm: the hostname of the node that runs its task (or ran it last); of each node, for several tasks. */
  node?: string;
  /** Swarm: how many of its tasks run, when `scale` asked for more than one. */
  tasks?: { running: number; wanted: number };
  /** Changed by hand since Summoner created it (config hash mismatch). */
  drifted: boolean;
}

export interface MinionStatus {
  app: string;
  domain: string;
  version: string;
  url?: string;
  /** The addresses of its other web services (a minion may serve several, each at its own host). */
  moreUrls?: string[];
  state: MinionState;
  health: 'healthy' | 'unhealthy' | 'unknown';
  uptimeS?: number;
  restarts: number;
  containers: ContainerStatus[];
  drifted: boolean;
  /** The catalog's file changed since the deploy (digest label ≠ catalog digest). */
  catalogChanged: boolean;
}

export interface DriftReport {
  app: string;
  container: string;
  /** Names of the fields that differ from what the catalog would create (values never shown). */
  fields: string[];
  reason: 'changed-by-hand' | 'catalog-changed' | 'left-aside';
}

export interface ReconcileResult {
  minions: MinionStatus[];
  drift: DriftReport[];
}

export interface LogsResult {
  app: string;
  container: string;
  lines: string[];
}

export interface EngineSummary {
  version: string;
  apiVersion: string;
  swarm: boolean;
  swarmManager: boolean;
  storageDriver: string;
  containers: number;
  managed: number;
  apps: string[];
}

export interface ScaleResult {
  app: string;
  replicas: number;
  /** The services scaled, each with the nodes its tasks run on. */
  scaled: { service: string; from: number; nodes: string[] }[];
  /** The app's other services, each with why it runs one task. */
  kept: { service: string; why: string }[];
  ms: number;
}

export interface CoreServices {
  summon(app: string, version: string | undefined, reporter: Reporter): Promise<SummonResult>;
  dismiss(app: string, opts: { purge: boolean }, reporter: Reporter): Promise<DismissResult>;
  /** Throws when a dismiss would have nothing to act on (asked before the confirmation). */
  checkDismiss(app: string, opts: { purge: boolean }): Promise<void>;
  /** What an update would do (or that it has nothing to do), asked before the confirmation. */
  planUpdate(app: string, version: string | undefined, opts: { force: boolean }): Promise<UpdatePlan>;
  /** What a rollback would put back, asked before the confirmation. */
  planRollback(app: string): Promise<{ from: string; to: string; backup?: string }>;
  status(app?: string): Promise<MinionStatus[]>;
  logs(app: string, n: number): Promise<LogsResult>;
  restart(app: string, reporter: Reporter): Promise<{ app: string; ms: number }>;
  versions(app: string): Promise<VersionsReport>;
  update(app: string, version: string | undefined, opts: { force: boolean }, reporter: Reporter): Promise<UpdateResult>;
  rollback(app: string, reporter: Reporter): Promise<RollbackResult>;
  /** Swarm: run `replicas` tasks of each web and worker service of the app that keeps no data (scale.ts). */
  scale(app: string, replicas: number, reporter: Reporter): Promise<ScaleResult>;
  describeEngine(): Promise<EngineSummary>;
  reconcile(): Promise<ReconcileResult>;
  /** Finish the cleanup of summons cut short (engine or bot gone mid-way); returns the apps cleaned. */
  recover(): Promise<string[]>;
  readonly jobs: JobQueue;
}

// ---- helpers ------------------------------------------------------------------------------------

const tagOf = (image: string) => parseImageRef(image).tag;

/** What `engine` shows: the engine's own description and the units Summoner manages on it (by their labels). */
export function engineSummary(d: Awaited<ReturnType<typeof describe>>, managed: { labels: Record<string, string> }[]): EngineSummary {
  return {
    version: d.version,
    apiVersion: d.apiVersion,
    swarm: d.swarm,
    swarmManager: d.swarmManager,
    storageDriver: d.storageDriver,
    containers: d.containers,
    managed: managed.length,
    apps: [...new Set(managed.map((c) => c.labels[LABEL.app] ?? '?'))].sort(),
  };
}

export function createCoreServices(deps: CoreServicesDeps): CoreServices {
  const { config, engine, catalog, planDeploy, secretsDir, log } = deps;
  const domain = config.domain;
  const target = containerTarget(engine, config);
  const lifecycle = createLifecycle({
    ...deps,
    target,
    backupHook: deps.backupHook ?? coldCopyBackupHook({ dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot }),
    probes: { ...(deps.probes ?? hostProbes), publishedPorts: deps.probes?.publishedPorts ?? publishedPorts },
    // services built from the minion's folder (`build:`) get their image first, tagged by their context's hash
    prepareMinion: (minion, reporter) => withBuiltImages(engine, minion, { step: (l) => reporter.step(l), output: throttled(reporter) }),
  });
  const { recover } = lifecycle;

  async function publishedPorts(): Promise<{ port: number; protocol: string; container: string }[]> {
    const all = await engine.docker.listContainers({ all: false }).catch(() => []);
    const out: { port: number; protocol: string; container: string }[] = [];
    for (const c of all) {
      for (const p of c.Ports ?? []) {
        if (p.PublicPort) out.push({ port: p.PublicPort, protocol: p.Type, container: (c.Names[0] ?? '').replace(/^\//, '') });
      }
    }
    return out;
  }

  const liveOf = (app: string) => target.inspectAll(app);
  const isAside = (c: { name: string }) => c.name.endsWith(ASIDE_SUFFIX);

  async function secretsOf(app: string): Promise<SecretValues> {
    // fails closed: a damaged secrets file stops what would show the app's output, rather than show it unmasked
    return loadSecrets(secretsDir, app);
  }

  // ---- status / reconcile -----------------------------------------------------------------------

  function stateOf(cs: ContainerInfo[]): MinionState {
    if (cs.some((c) => c.state === 'restarting')) return 'restarting';
    if (cs.every((c) => c.state === 'running')) return 'running';
    if (cs.some((c) => c.state === 'running')) return 'partial';
    if (cs.some((c) => c.state === 'exited' && c.exitCode !== 0 && c.exitCode !== 143 && c.exitCode !== 137 && c.exitCode !== 0)) return 'crashed';
    return 'stopped';
  }

  async function statusOfApp(app: string, cs: ContainerInfo[]): Promise<MinionStatus> {
    const current = cs.filter((c) => !isAside(c));
    const appC = current.find((c) => c.labels[LABEL.role] === 'app') ?? current[0]!;
    // a job that exited 0 has done its work: it is neither a stopped nor an unhealthy service
    const serving = current.filter((c) => !(c.labels[LABEL.role] === 'job' && c.state === 'exited' && c.exitCode === 0));
    const state = stateOf(serving);
    let health: MinionStatus['health'] = 'unknown';
    if (state === 'running') {
      const results = await Promise.all(
        serving.map(async (c) => {
          const spec = parseHealth(c.labels[EXTRA_LABEL.health]);
          if (!spec) return c.health ? c.health === 'healthy' : undefined;
          const net = PROXIED_ROLES.has(c.labels[LABEL.role] ?? '') ? config.engine.proxyNetwork : Object.keys(c.networks)[0];
          return checkOnce(engine, c.name, spec, net);
        }),
      );
      health = results.every((r) => r !== false) ? 'healthy' : 'unhealthy';
    } else if (state !== 'stopped') health = 'unhealthy';
    const m = catalog.get(app);
    const digest = appC.labels[LABEL.digest];
    const url = appC.labels[EXTRA_LABEL.url];
    const moreUrls = current.filter((c) => c.labels[LABEL.role] === 'web').map((c) => c.labels[EXTRA_LABEL.url]).filter((u): u is string => !!u && u !== url);
    return {
      app,
      domain,
      version: appC.labels[LABEL.version] ?? tagOf(appC.image),
      ...(url ? { url } : {}),
      ...(moreUrls.length ? { moreUrls } : {}),
      state,
      health,
      ...(appC.state === 'running' && appC.startedAt ? { uptimeS: Math.max(0, Math.round((Date.now() - appC.startedAt.getTime()) / 1000)) } : {}),
      restarts: current.reduce((a, c) => a + c.restartCount, 0),
      containers: current.map((c) => ({
        name: c.name,
        role: c.labels[LABEL.role] ?? '?',
        image: c.image,
        ...(c.labels[LABEL.imageDigest] ? { digest: c.labels[LABEL.imageDigest] } : {}),
        state: c.state,
        ...(c.health ? { health: c.health } : {}),
        restarts: c.restartCount,
        ...(c.startedAt ? { startedAt: c.startedAt } : {}),
        drifted: c.liveHash !== c.labels[LABEL.config],
      })),
      drifted: current.some((c) => c.liveHash !== c.labels[LABEL.config]),
      catalogChanged: !!m && !!digest && digest !== m.digest,
    };
  }

  async function allByApp(only?: string): Promise<Map<string, ContainerInfo[]>> {
    const list = await listContainers(engine, selector(domain, only));
    const infos = (await Promise.all(list.map((c) => inspectContainer(engine, c.id)))).filter((c): c is ContainerInfo => !!c);
    const by = new Map<string, ContainerInfo[]>();
    for (const c of infos) {
      const app = c.labels[LABEL.app] ?? '?';
      by.set(app, [...(by.get(app) ?? []), c]);
    }
    for (const cs of by.values()) cs.sort(byRole);
    return by;
  }

  async function status(app?: string): Promise<MinionStatus[]> {
    const by = await allByApp(app);
    if (app && !by.size) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: 'summon it first' });
    const out: MinionStatus[] = [];
    for (const [a, cs] of [...by].sort(([x], [y]) => x.localeCompare(y))) {
      if (cs.some((c) => !isAside(c))) out.push(await statusOfApp(a, cs));
    }
    return out;
  }

  async function reconcile(): Promise<ReconcileResult> {
    await recover();
    const by = await allByApp();
    const minions: MinionStatus[] = [];
    const drift: DriftReport[] = [];
    for (const [app, cs] of [...by].sort(([x], [y]) => x.localeCompare(y))) {
      if (cs.some((c) => !isAside(c))) minions.push(await statusOfApp(app, cs));
      const m = catalog.get(app);
      let plan: DeployPlan | undefined;
      for (const c of cs) {
        if (isAside(c)) {
          drift.push({ app, container: c.name, fields: [], reason: 'left-aside' });
          continue;
        }
        if (c.liveHash !== c.labels[LABEL.config]) {
          let fields: string[] = [];
          try {
            if (m) {
              plan ??= planDeploy(m, { config, version: c.labels[LABEL.version] ?? tagOf(c.image), secrets: await secretsOf(app) });
              const cp = plan.containers.find((x) => x.role === c.labels[LABEL.role]);
              const image = cp ? await inspectImage(engine, c.imageId) : undefined;
              const live = await liveSpec(engine, c.name);
              if (cp && image && live) {
                const labels = Object.fromEntries(Object.entries(c.labels).filter(([k]) => k.startsWith('summoner.')));
                fields = specDiff(specFromPlan(cp, image, { ...cp.labels, ...labels }), live);
              }
            }
          } catch {
            /* fields stay unknown */
          }
          drift.push({ app, container: c.name, fields, reason: 'changed-by-hand' });
        } else if (m && c.labels[LABEL.digest] && c.labels[LABEL.digest] !== m.digest) {
          drift.push({ app, container: c.name, fields: [], reason: 'catalog-changed' });
        }
      }
    }
    for (const d of drift) log.warn({ app: d.app, container: d.container, reason: d.reason, fields: d.fields }, 'reconcile: drift');
    log.info({ minions: minions.map((m) => `${m.app}:${m.state}`) }, 'reconciled');
    return { minions, drift };
  }

  // ---- logs / restart ---------------------------------------------------------------------------

  async function logs(app: string, n: number): Promise<LogsResult> {
    const live = (await liveOf(app)).filter((c) => !isAside(c));
    const c = live.find((x) => x.labels[LABEL.role] === 'app') ?? live[0];
    if (!c) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`);
    const tail = Math.max(1, Math.min(1000, Math.floor(n) || 50));
    const secrets = await secretsOf(app);
    const lines = (await containerLogs(engine, c.name, tail)).map((l) => redact(l.text, secrets));
    return { app, container: c.name, lines };
  }

  async function describeEngine(): Promise<EngineSummary> {
    return engineSummary(await describe(engine), await listContainers(engine, selector(domain)));
  }

  async function scale(app: string): Promise<ScaleResult> {
    throw new SummonerError('scale.unsupported', `${app} runs as containers on one host, one container per service: only a Swarm runs several tasks of a service`, {
      hint: 'run Summoner on a Swarm manager (`engine.mode: swarm`) to scale web and worker services',
    });
  }

  const { summon, dismiss, checkDismiss, planUpdate, planRollback, restart, versions, update, rollback, jobs } = lifecycle;
  return { summon, dismiss, checkDismiss, planUpdate, planRollback, status, logs, restart, versions, update, rollback, scale, describeEngine, reconcile, recover, jobs };
}
