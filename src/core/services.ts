// The deployment core's facade: what commands call (through ctx). Results are typed values, not chat text;
// progress goes through a reporter; failures are SummonerErrors with a namespaced code. The engine is the
// source of truth: everything is found again from the `summoner.*` labels of the configured domain.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Chown } from './engine/chown.js';
import type { Config } from '../config/schema.js';
import { SummonerError, isSummonerError } from '../robot/errors.js';
import { coldCopyBackupHook } from './coldcopy.js';
import {
  ASIDE_SUFFIX,
  EXTRA_LABEL,
  checkOnce,
  containerLogs,
  createContainer,
  describe,
  ensureImage,
  ensureNetwork,
  inspectImage,
  inspectContainer,
  listContainers,
  listNetworks,
  liveSpec,
  removeContainer,
  removeNetwork,
  renameContainer,
  restartContainer,
  selector,
  specDiff,
  specFromPlan,
  startContainer,
  stopContainer,
  waitHealthy,
  type ContainerInfo,
  type Engine,
  type ImageInfo,
  assertAppPaths,
} from './engine/index.js';
import { lookupMinion } from './catalog/load.js';
import { withBuiltImages } from './build-minion.js';
import { checkVersion as checkTagOrThrow } from './catalog/plan.js';
import { JobQueue } from './jobs.js';
import { byRole, parseHealth, safeReporter, throttled, type Reporter } from './reporting.js';
import { createRecovery, DeployJournal, type DeployJournalEntry } from './journal.js';
import { hostProbes, majorOf, preflight, type PreflightProbes } from './preflight.js';
import { listTags, parseImageRef, versionsReport, type RegistryCredentials, type VersionsReport } from './registry.js';
import { ensureSecrets, loadSecrets, redact, removeSecrets, type SecretValues } from './secrets.js';
import { LABEL, type ContainerPlan, type DeployPlan, type Minion } from './types.js';
import type { EventBus } from '../notify/events.js';

// ---- ports --------------------------------------------------------------------------------------

export type { Reporter } from './reporting.js';

// moved: the ports live in ./ports/deploy.ts and ./ports/log.ts (re-exported here for their importers).
export type { BackupHook, BackupRef, CatalogView, DeployHooks, PlanDeploy } from './ports/deploy.js';
export type { Log as CoreLog } from './ports/log.js';
import type { BackupHook, BackupRef, CatalogView, DeployHooks, PlanDeploy } from './ports/deploy.js';
import type { Log as CoreLog } from './ports/log.js';

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

export type SummonResult =
  | { status: 'summoned'; app: string; url: string; version: string; containers: string[]; ms: number }
  | { status: 'already'; app: string; url?: string; version: string; requested?: string };

export interface DismissResult {
  app: string;
  removed: string[];
  networks: string[];
  purged: boolean;
  backup?: BackupRef;
}

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
  /** Changed by hand since Summoner created it (config hash mismatch). */
  drifted: boolean;
}

export interface MinionStatus {
  app: string;
  domain: string;
  version: string;
  url?: string;
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

export type UpdateResult =
  | { status: 'updated'; app: string; from: string; to: string; backup?: BackupRef; ms: number }
  | { status: 'current'; app: string; version: string };

export interface RollbackResult {
  app: string;
  from: string;
  to: string;
  restoredFrom?: string;
  ms: number;
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

export interface CoreServices {
  summon(app: string, version: string | undefined, reporter: Reporter): Promise<SummonResult>;
  dismiss(app: string, opts: { purge: boolean }, reporter: Reporter): Promise<DismissResult>;
  status(app?: string): Promise<MinionStatus[]>;
  logs(app: string, n: number): Promise<LogsResult>;
  restart(app: string, reporter: Reporter): Promise<{ app: string; ms: number }>;
  versions(app: string): Promise<VersionsReport>;
  update(app: string, version: string | undefined, opts: { force: boolean }, reporter: Reporter): Promise<UpdateResult>;
  rollback(app: string, reporter: Reporter): Promise<RollbackResult>;
  describeEngine(): Promise<EngineSummary>;
  reconcile(): Promise<ReconcileResult>;
  /** Finish the cleanup of summons cut short (engine or bot gone mid-way); returns the apps cleaned. */
  recover(): Promise<string[]>;
  readonly jobs: JobQueue;
}

// ---- helpers ------------------------------------------------------------------------------------

const tagOf = (image: string) => parseImageRef(image).tag;

export function createCoreServices(deps: CoreServicesDeps): CoreServices {
  const { config, engine, catalog, planDeploy, secretsDir, log } = deps;
  const domain = config.domain;
  const jobs = deps.jobs ?? new JobQueue();
  const journal = new DeployJournal(deps.journalDir ?? path.join(config.stateDir, 'deploying'));
  const probes: PreflightProbes = {
    ...(deps.probes ?? hostProbes),
    publishedPorts: deps.probes?.publishedPorts ?? publishedPorts,
  };
  const roots = { dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot };
  const backupHook: BackupHook = deps.backupHook ?? coldCopyBackupHook(roots);

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

  /** A version asked for in chat is checked before anything is touched. */
  function checkVersion(version: string | undefined): void {
    if (version !== undefined) checkTagOrThrow(version);
  }

  function minionOf(app: string): Minion {
    return lookupMinion(catalog, app);
  }

  async function liveOf(app: string): Promise<ContainerInfo[]> {
    const list = await listContainers(engine, selector(domain, app));
    const infos = await Promise.all(list.map((c) => inspectContainer(engine, c.id)));
    return infos.filter((c): c is ContainerInfo => !!c).sort(byRole);
  }

  const isAside = (c: { name: string }) => c.name.endsWith(ASIDE_SUFFIX);

  async function secretsOf(app: string): Promise<SecretValues> {
    // fails closed: a damaged secrets file stops what would show the app's output, rather than show it unmasked
    return loadSecrets(secretsDir, app);
  }

  function healthNetwork(plan: ContainerPlan): string | undefined {
    // the app is checked on the proxy network (where the proxy will reach it), the db on its private one
    return plan.networks.includes(config.engine.proxyNetwork) ? config.engine.proxyNetwork : plan.networks[0];
  }

  function extraLabels(plan: DeployPlan, c: ContainerPlan): Record<string, string> {
    return { [EXTRA_LABEL.url]: plan.url, [EXTRA_LABEL.health]: JSON.stringify(c.health) };
  }

  async function ensureImages(plan: DeployPlan, reporter: Reporter): Promise<Map<string, ImageInfo>> {
    const images = new Map<string, ImageInfo>();
    const progress = throttled(reporter);
    for (const ref of [...new Set(plan.containers.map((c) => c.image))]) {
      reporter.step(`image ${ref}`);
      images.set(ref, await ensureImage(engine, ref, (p) => progress(p.text)));
    }
    return images;
  }

  /** Create, start and health-gate the plan's containers, db first. Records what it created. */
  async function bringUp(
    plan: DeployPlan,
    images: Map<string, ImageInfo>,
    reporter: Reporter,
    created: string[],
    secrets: SecretValues,
    opts: { imageOverride?: Record<string, string>; labels?: Record<string, string> } = {},
  ): Promise<void> {
    for (const c of plan.containers) {
      const override = opts.imageOverride?.[c.role];
      const image = override ? await inspectImageOrThrow(override) : images.get(c.image);
      if (!image) throw new SummonerError('image.missing', `image ${c.image} is not here`);
      reporter.step(`creating ${c.name}`);
      await createContainer(engine, c, image, {
        noAliasNetworks: [config.engine.proxyNetwork],
        publishAddress: config.engine.publishAddress,
        extraLabels: { ...extraLabels(plan, c), ...(opts.labels ?? {}) },
        ...(override ? { imageOverride: override } : {}),
      });
      created.push(c.name);
      reporter.step(`starting ${c.name}`);
      await startContainer(engine, c.name);
      reporter.step(`waiting for ${c.name} to be healthy`);
      const net = healthNetwork(c);
      await waitHealthy(engine, c.name, c.health, { ...(net ? { network: net } : {}), redact: (t) => redact(t, secrets) });
    }
  }

  async function inspectImageOrThrow(ref: string): Promise<ImageInfo> {
    const i = await inspectImage(engine, ref);
    if (!i) throw new SummonerError('image.missing', `the pinned image ${ref} is no longer on this host`, { hint: 'it was pruned; update to a version instead' });
    return i;
  }

  /** Remove containers (reverse order), swallowing and logging failures; returns what could not be removed. */
  async function removeAll(names: string[]): Promise<string[]> {
    const failed: string[] = [];
    for (const n of [...names].reverse()) {
      try {
        await removeContainer(engine, n);
      } catch (err) {
        failed.push(n);
        log.warn({ container: n, code: isSummonerError(err) ? err.code : 'unknown' }, 'cleanup: could not remove container');
      }
    }
    return failed;
  }

  /** Bind-mount sources under the data roots, owned as the image needs; then the files the plan carries. */
  async function makeFolders(plan: DeployPlan): Promise<void> {
    assertAppPaths(plan.app, [config.dataRoot, config.dbRoot], [...plan.folders, ...(plan.files ?? []).map((f) => f.path)]);
    for (const f of plan.folders) {
      const dir = path.resolve(f);
      await fs.mkdir(dir, { recursive: true });
      const owner = plan.folderOwners?.[f];
      if (owner) await chownQuiet(dir, owner);
    }
    for (const file of plan.files ?? []) {
      const target = path.resolve(file.path);
      if (!plan.folders.some((f) => target.startsWith(path.resolve(f) + path.sep))) {
        throw new SummonerError('plan.bad_file', `a generated file would land outside ${plan.app}'s folders`);
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      // written whole then renamed: a container never reads half a file; content is never logged
      const tmp = `${target}.summoner-tmp`;
      await fs.writeFile(tmp, file.content, { mode: file.mode });
      await fs.chmod(tmp, file.mode);
      if (file.owner) await chownQuiet(tmp, file.owner);
      await fs.rename(tmp, target);
    }
  }

  async function chownQuiet(p: string, owner: { uid: number; gid: number }): Promise<void> {
    await fs.chown(p, owner.uid, owner.gid).catch(async (err: NodeJS.ErrnoException) => {
      // not root (Summoner's own container runs as `node`): the engine does it, when it can
      if (err.code === 'EPERM' && deps.chown) return deps.chown(p, owner);
      // otherwise the folder keeps our owner; images that start as root fix it themselves, others may not
      log.warn({ path: p, uid: owner.uid, code: err.code }, 'could not hand the folder to the image user');
    });
  }

  // ---- summon -----------------------------------------------------------------------------------

  async function summon(app: string, version: string | undefined, reporter0: Reporter): Promise<SummonResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    checkVersion(version);
    return jobs.run(app, `summon ${app}`, async () => {
      const t0 = Date.now();
      const live = await liveOf(app);
      const current = live.filter((c) => !isAside(c));
      const appC = current.find((c) => c.labels[LABEL.role] === 'app');
      if (appC && current.every((c) => c.state === 'running')) {
        const spec = parseHealth(appC.labels[EXTRA_LABEL.health]);
        const healthy = spec ? await checkOnce(engine, appC.name, spec, config.engine.proxyNetwork) : true;
        if (healthy) {
          const v = appC.labels[LABEL.version] ?? tagOf(appC.image);
          const url = appC.labels[EXTRA_LABEL.url];
          return { status: 'already', app, version: v, ...(url ? { url } : {}), ...(version && version !== v ? { requested: version } : {}) };
        }
      }
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      // services built from the minion's folder (`build:`) get their image first, tagged by their context's hash
      const ready = await withBuiltImages(engine, minion, { step: (l) => reporter.step(l), output: throttled(reporter) });
      const plan = planDeploy(ready, { config, ...(version ? { version } : {}), secrets });
      reporter.step('pre-flight checks');
      await preflight({ plan, minion, roots: [config.dataRoot, config.dbRoot], ownContainers: live.map((c) => c.name) }, probes);
      if (live.length) {
        reporter.step(`removing what is left of an earlier ${app} (data kept)`);
        for (const c of live) await stopContainer(engine, c.name, 10);
        const failed = await removeAll(live.map((c) => c.name));
        if (failed.length) throw new SummonerError('engine.error', `could not remove the old containers of ${app}`);
      }
      const created: string[] = [];
      const createdNets: string[] = [];
      const entry: DeployJournalEntry = {
        app,
        containers: plan.containers.map((c) => c.name),
        networks: plan.networks.map((n) => n.name).filter((n) => n !== config.engine.proxyNetwork),
        startedAt: new Date().toISOString(),
      };
      await journal.write(entry);
      try {
        for (const n of plan.networks) {
          const r = await ensureNetwork(engine, n);
          if (r.created && n.name !== config.engine.proxyNetwork) createdNets.push(n.name);
        }
        await makeFolders(plan);
        const images = await ensureImages(plan, reporter);
        await bringUp(plan, images, reporter, created, secrets);
        await deps.hooks?.afterReady?.(plan, reporter);
      } catch (err) {
        reporter.step(`${app} failed; removing what was created (data kept)`);
        const failed = await removeAll(created);
        for (const n of createdNets.reverse()) {
          await removeNetwork(engine, n).catch((e: unknown) => {
            failed.push(n);
            log.warn({ network: n, code: isSummonerError(e) ? e.code : 'unknown' }, 'cleanup: could not remove network');
          });
        }
        if (!failed.length) await journal.clear(app);
        else if (isSummonerError(err) && err.code === 'engine.unreachable') {
          reporter.step(`the engine is gone: ${app}'s containers will be removed as soon as it answers again (data kept)`);
          recovery.whenEngineReturns(entry);
        } else log.warn({ app, left: failed }, 'summon cleanup incomplete; the next summon or start removes the rest');
        log.warn({ app, code: isSummonerError(err) ? err.code : 'internal' }, 'summon failed');
        throw err;
      }
      await journal.clear(app);
      reporter.step(`${app} is ready at ${plan.url}`);
      log.info({ app, version: plan.version, ms: Date.now() - t0 }, 'summoned');
      deps.events?.emit({ type: 'minion.summoned', app, url: plan.url, version: plan.version });
      return { status: 'summoned', app, url: plan.url, version: plan.version, containers: plan.containers.map((c) => c.name), ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  // ---- cleanup of summons cut short ---------------------------------------------------------------

  /** Remove what a journaled summon created (containers, its private networks); data is never touched. */
  async function cleanupEntry(e: DeployJournalEntry): Promise<void> {
    const failed = await removeAll(e.containers);
    for (const n of [...e.networks].reverse()) {
      await removeNetwork(engine, n).catch(() => failed.push(n));
    }
    if (failed.length) throw new SummonerError('engine.error', `could not remove ${failed.join(', ')}`);
    await journal.clear(e.app);
    log.info({ app: e.app, containers: e.containers }, 'removed what an interrupted summon had created');
  }

  const recovery = createRecovery({
    journal,
    jobs,
    log,
    ping: () => engine.docker.ping(),
    cleanup: cleanupEntry,
    ...(deps.engineReturnWaitMs !== undefined ? { waitMs: deps.engineReturnWaitMs } : {}),
  });
  const recover = () => recovery.recover();

  // ---- dismiss ----------------------------------------------------------------------------------

  async function dismiss(app: string, opts: { purge: boolean }, reporter0: Reporter): Promise<DismissResult> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `dismiss ${app}`, async () => {
      const live = await liveOf(app);
      const nets = await listNetworks(engine, selector(domain, app));
      const hasData = await Promise.all([config.dataRoot, config.dbRoot].map((r) => fs.stat(path.resolve(r, app)).then(() => true, () => false)));
      if (!live.length && !nets.length && !(opts.purge && hasData.some(Boolean))) {
        throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: 'see `status`' });
      }
      await deps.hooks?.beforeDismiss?.(app, reporter);
      // stop the app first, then its database: a clean shutdown, and a consistent cold copy
      for (const c of [...live].reverse()) {
        reporter.step(`stopping ${c.name}`);
        await stopContainer(engine, c.name, 30);
      }
      let backup: BackupRef | undefined;
      if (opts.purge && hasData.some(Boolean)) {
        reporter.step(`final backup of ${app} before deleting its data`);
        try {
          backup = await backupHook.backup(app, 'purge', reporter);
        } catch (err) {
          throw new SummonerError('backup.unavailable', `no final backup of ${app} could be taken, so nothing was deleted (containers are stopped)`, {
            hint: 'fix the backup, then dismiss --purge again; `summon` brings it back meanwhile',
            cause: err,
          });
        }
      }
      const removed: string[] = [];
      for (const c of [...live].reverse()) {
        reporter.step(`removing ${c.name}`);
        if (await removeContainer(engine, c.name)) removed.push(c.name);
      }
      const networks: string[] = [];
      for (const n of nets) {
        if (n.name === config.engine.proxyNetwork) continue;
        if (await removeNetwork(engine, n.name)) networks.push(n.name);
      }
      if (opts.purge) {
        reporter.step(`deleting ${app}'s data`);
        for (const r of [config.dataRoot, config.dbRoot]) await fs.rm(path.resolve(r, app), { recursive: true, force: true });
        await removeSecrets(secretsDir, app);
      }
      log.info({ app, removed, purged: opts.purge }, 'dismissed');
      deps.events?.emit({ type: 'minion.dismissed', app, purged: opts.purge });
      return { app, removed, networks, purged: opts.purge, ...(backup ? { backup } : {}) };
    }, (text) => reporter.step(text));
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
    const state = stateOf(current);
    let health: MinionStatus['health'] = 'unknown';
    if (state === 'running') {
      const results = await Promise.all(
        current.map(async (c) => {
          const spec = parseHealth(c.labels[EXTRA_LABEL.health]);
          if (!spec) return c.health ? c.health === 'healthy' : undefined;
          const net = c.labels[LABEL.role] === 'app' ? config.engine.proxyNetwork : Object.keys(c.networks)[0];
          return checkOnce(engine, c.name, spec, net);
        }),
      );
      health = results.every((r) => r !== false) ? 'healthy' : 'unhealthy';
    } else if (state !== 'stopped') health = 'unhealthy';
    const m = catalog.get(app);
    const digest = appC.labels[LABEL.digest];
    const url = appC.labels[EXTRA_LABEL.url];
    return {
      app,
      domain,
      version: appC.labels[LABEL.version] ?? tagOf(appC.image),
      ...(url ? { url } : {}),
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

  async function restart(app: string, reporter0: Reporter): Promise<{ app: string; ms: number }> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `restart ${app}`, async () => {
      const t0 = Date.now();
      const live = (await liveOf(app)).filter((c) => !isAside(c));
      if (!live.length) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`);
      const secrets = await secretsOf(app);
      for (const c of live) {
        reporter.step(`restarting ${c.name}`);
        if (c.state === 'running') await restartContainer(engine, c.name, 30);
        else await startContainer(engine, c.name);
        const spec = parseHealth(c.labels[EXTRA_LABEL.health]);
        if (spec) {
          reporter.step(`waiting for ${c.name} to be healthy`);
          const net = c.labels[LABEL.role] === 'app' ? config.engine.proxyNetwork : Object.keys(c.networks)[0];
          await waitHealthy(engine, c.name, spec, { ...(net ? { network: net } : {}), redact: (t) => redact(t, secrets) });
        }
      }
      return { app, ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  // ---- versions / update / rollback -------------------------------------------------------------

  async function versions(app: string): Promise<VersionsReport> {
    const minion = minionOf(app);
    const live = (await liveOf(app).catch(() => [])).find((c) => c.labels[LABEL.role] === 'app' && !isAside(c));
    const pinned = live?.labels[LABEL.version] ?? minion.web.tag;
    const ref = parseImageRef(`${minion.web.image}:${pinned}`);
    const tags = await listTags(ref, { ...(deps.registryCredentials ? { credentials: deps.registryCredentials } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    return versionsReport(ref, tags, pinned);
  }

  /**
   * Swap the live containers for those of `plan`: stop the old (app, then db), back up, set the old aside
   * (renamed), optionally put data back from `restoreFrom`, bring up the new behind the health gate.
   * Success removes the old; failure removes the new, restores the data from the backup just taken, puts
   * the old back and starts it. Caddy's "build the new, then swap; keep the old on failure".
   */
  async function swap(
    app: string,
    live: ContainerInfo[],
    plan: DeployPlan,
    reporter: Reporter,
    opts: {
      reason: 'update' | 'rollback';
      force: boolean;
      images: Map<string, ImageInfo>;
      imageOverride?: Record<string, string>;
      labels?: (role: string, backup: BackupRef | undefined) => Record<string, string>;
      restoreFrom?: BackupRef;
    },
  ): Promise<BackupRef | undefined> {
    const secrets = await secretsOf(app);
    for (const c of [...live].reverse()) {
      reporter.step(`stopping ${c.name}`);
      await stopContainer(engine, c.name, 30);
    }
    let backup: BackupRef | undefined;
    try {
      backup = await backupHook.backup(app, opts.reason, reporter);
    } catch (err) {
      if (!opts.force) {
        reporter.step(`no backup: starting ${app} again unchanged`);
        for (const c of live) await startContainer(engine, c.name).catch(() => undefined);
        throw new SummonerError('backup.unavailable', `no backup available for ${app}, so it was not ${opts.reason === 'update' ? 'updated' : 'rolled back'}`, {
          hint: opts.reason === 'update' ? 'fix the backup first, or `update --force` to go on without one' : 'fix the backup first',
          cause: err,
        });
      }
      reporter.step('no backup available; going on without one (--force)');
    }
    // stale leftovers of an interrupted swap make way
    for (const c of live) await removeContainer(engine, c.name + ASIDE_SUFFIX);
    const aside: string[] = [];
    const created: string[] = [];
    try {
      for (const c of live) {
        await renameContainer(engine, c.name, c.name + ASIDE_SUFFIX);
        aside.push(c.name);
      }
      if (opts.restoreFrom) await backupHook.restore(app, opts.restoreFrom, reporter);
      for (const n of plan.networks) await ensureNetwork(engine, n);
      await makeFolders(plan);
      await bringUpWithLabels(plan, { ...opts, labels: (role) => opts.labels?.(role, backup) ?? {} }, reporter, created, secrets);
    } catch (err) {
      reporter.step(`${opts.reason} failed: rolling back ${app}`);
      try {
        await removeAllOrThrow(created);
        // containers of the plan that exist under their final names but were not recorded (create raced) go too
        for (const c of plan.containers) if (!aside.includes(c.name)) await removeContainer(engine, c.name);
        if (backup && (created.length || opts.restoreFrom)) await backupHook.restore(app, backup, reporter);
        for (const name of aside) {
          await removeContainer(engine, name);
          await renameContainer(engine, name + ASIDE_SUFFIX, name);
        }
        for (const c of live) {
          await startContainer(engine, c.name);
          const spec = parseHealth(c.labels[EXTRA_LABEL.health]);
          const net = c.labels[LABEL.role] === 'app' ? config.engine.proxyNetwork : Object.keys(c.networks)[0];
          if (spec) await waitHealthy(engine, c.name, spec, { ...(net ? { network: net } : {}), redact: (t) => redact(t, secrets) });
        }
      } catch (err2) {
        throw new SummonerError('update.rollback_failed', `${opts.reason} of ${app} failed, and so did putting the old version back`, {
          hint: `the old containers may be named *${ASIDE_SUFFIX}; the backup is ${backup ? path.basename(backup.file) : 'missing'}`,
          cause: new AggregateError([err, err2]),
        });
      }
      const why = isSummonerError(err) ? `${err.code}: ${err.message}` : String((err as Error)?.message ?? err);
      throw new SummonerError('update.rolled_back', `${opts.reason} of ${app} failed (${why}); the previous version runs again, with its data`, {
        hint: 'read the logs of the failed start; nothing was lost',
        cause: err,
      });
    }
    for (const name of aside) await removeContainer(engine, name + ASIDE_SUFFIX).catch(() => undefined);
    return backup;
  }

  async function bringUpWithLabels(
    plan: DeployPlan,
    opts: { images: Map<string, ImageInfo>; imageOverride?: Record<string, string>; labels?: (role: string) => Record<string, string> },
    reporter: Reporter,
    created: string[],
    secrets: SecretValues,
  ): Promise<void> {
    for (const c of plan.containers) {
      const one: DeployPlan = { ...plan, containers: [c] };
      await bringUp(one, opts.images, reporter, created, secrets, {
        ...(opts.imageOverride ? { imageOverride: opts.imageOverride } : {}),
        ...(opts.labels ? { labels: opts.labels(c.role) } : {}),
      });
    }
  }

  async function removeAllOrThrow(names: string[]): Promise<void> {
    const failed = await removeAll(names);
    if (failed.length) throw new SummonerError('engine.error', `could not remove ${failed.join(', ')}`);
  }

  async function update(app: string, version: string | undefined, opts: { force: boolean }, reporter0: Reporter): Promise<UpdateResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    checkVersion(version);
    return jobs.run(app, `update ${app}`, async () => {
      const t0 = Date.now();
      const live = (await liveOf(app)).filter((c) => !isAside(c));
      const appC = live.find((c) => c.labels[LABEL.role] === 'app');
      if (!appC) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: 'summon it first' });
      const from = appC.labels[LABEL.version] ?? tagOf(appC.image);
      const to = version ?? minion.web.tag;
      if (to === from && !opts.force) return { status: 'current', app, version: from };
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      const plan = planDeploy(minion, { config, version: to, secrets });
      const dbLive = live.find((c) => c.labels[LABEL.role] === 'db');
      const dbNew = plan.containers.find((c) => c.role === 'db');
      if (dbLive && dbNew) {
        const a = majorOf(dbLive.labels[LABEL.version] ?? tagOf(dbLive.image));
        const b = majorOf(tagOf(dbNew.image));
        if (a !== undefined && b !== undefined && a !== b) {
          throw new SummonerError('update.db_major_jump', `${app}'s database would go from major ${a} to ${b}: Summoner does not do that in place`, {
            hint: 'back up, then migrate the database by hand (dump and restore)',
          });
        }
      }
      reporter.step('pre-flight checks');
      await preflight({ plan, minion, roots: [config.dataRoot, config.dbRoot], ownContainers: live.map((c) => c.name) }, probes);
      // pull before stopping anything: a missing image costs no downtime
      const images = await ensureImages(plan, reporter);
      const pins: Record<string, string> = {};
      for (const c of live) pins[c.labels[LABEL.role] ?? ''] = c.imageId;
      const backup = await swap(app, live, plan, reporter, {
        reason: 'update',
        force: opts.force,
        images,
        labels: (role, b) => ({
          [EXTRA_LABEL.rollbackVersion]: from,
          ...(pins[role] ? { [EXTRA_LABEL.rollbackImage]: pins[role] } : {}),
          ...(b ? { [EXTRA_LABEL.rollbackBackup]: b.file } : {}),
        }),
      });
      reporter.step(`${app} runs ${to} (was ${from})`);
      log.info({ app, from, to }, 'updated');
      return { status: 'updated', app, from, to, ...(backup ? { backup } : {}), ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  async function rollback(app: string, reporter0: Reporter): Promise<RollbackResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    return jobs.run(app, `rollback ${app}`, async () => {
      const t0 = Date.now();
      const live = (await liveOf(app)).filter((c) => !isAside(c));
      const appC = live.find((c) => c.labels[LABEL.role] === 'app');
      if (!appC) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`);
      const to = appC.labels[EXTRA_LABEL.rollbackVersion];
      if (!to) throw new SummonerError('rollback.none', `${app} has no earlier version to go back to`, { hint: 'rollback undoes the last update' });
      const from = appC.labels[LABEL.version] ?? tagOf(appC.image);
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      const plan = planDeploy(minion, { config, version: to, secrets });
      const imageOverride: Record<string, string> = {};
      for (const c of live) {
        const pin = c.labels[EXTRA_LABEL.rollbackImage];
        if (pin) imageOverride[c.labels[LABEL.role] ?? ''] = pin;
      }
      const file = appC.labels[EXTRA_LABEL.rollbackBackup];
      const restoreFrom = file && (await fs.stat(file).then(() => true, () => false)) ? { file, kind: 'cold' } : undefined;
      if (!restoreFrom) reporter.step('no pre-update backup found: the data stays as it is');
      const images = new Map<string, ImageInfo>();
      for (const c of plan.containers) {
        if (!imageOverride[c.role]) images.set(c.image, await ensureImage(engine, c.image, () => undefined));
      }
      await swap(app, live, plan, reporter, { reason: 'rollback', force: false, images, imageOverride, ...(restoreFrom ? { restoreFrom } : {}) });
      reporter.step(`${app} runs ${to} again (was ${from})`);
      log.info({ app, from, to }, 'rolled back');
      return { app, from, to, ...(restoreFrom ? { restoredFrom: restoreFrom.file } : {}), ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  async function describeEngine(): Promise<EngineSummary> {
    const d = await describe(engine);
    const list = await listContainers(engine, selector(domain));
    return {
      version: d.version,
      apiVersion: d.apiVersion,
      swarm: d.swarm,
      swarmManager: d.swarmManager,
      storageDriver: d.storageDriver,
      containers: d.containers,
      managed: list.length,
      apps: [...new Set(list.map((c) => c.labels[LABEL.app] ?? '?'))].sort(),
    };
  }

  return { summon, dismiss, status, logs, restart, versions, update, rollback, describeEngine, reconcile, recover, jobs };
}
