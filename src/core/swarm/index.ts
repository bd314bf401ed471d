// The deployment core on a Swarm manager: the same CoreServices, the same DeployPlan from `deps.planDeploy`,
// but each ContainerPlan becomes a Swarm service. A team that outgrows one host moves to a Swarm without
// changing its minions: same commands, same `summoner.*` labels (on the service and on its task
// containers), same folders, same secrets file.
//
// What differs from standalone, and why:
// - names: Swarm takes only DNS name components for services and networks (no dots), so the plan's names
//   are made Swarm-safe (`swarmName`: `web-example.org` → `web-example-org`); labels find everything.
// - networks: attachable overlays (the private one internal). The proxy network of standalone mode is a
//   bridge; a bridge of the proxy network's name is reported as `swarm.network-conflict` rather than
//   worked around under another name, because the proxy joins that network by its configured name: a
//   silently renamed overlay would leave the proxy unable to reach any app.
// - endpoint mode dnsrr and host-mode ports: VIPs and the ingress mesh need IPVS, which not every kernel has.
// - generated secrets also become Docker secrets (files under /run/secrets), see `ensureDockerSecrets`.
// - bind mounts are folders of this host: services with mounts are pinned to this node.
// - the health gate probes from the host through docker_gwbridge, or from inside the task (./health.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError, isSummonerError } from '../../robot/errors.js';
import { lookupMinion } from '../catalog/load.js';
import { checkVersion as checkTagOrThrow } from '../catalog/plan.js';
import { coldCopyBackupHook } from '../coldcopy.js';
import {
  EXTRA_LABEL,
  createService,
  describe,
  ensureImage,
  ensureOverlayNetwork,
  ensureSecret,
  inspectAnyNetwork,
  inspectContainer,
  inspectService,
  listOverlays,
  listSecrets,
  listServices,
  networkNames,
  ping,
  publishedHostPorts,
  removeNetwork,
  removeSecret,
  removeService,
  selector,
  serviceContainers,
  serviceLogs,
  swarmState,
  updateService,
  assertOverlay,
  type ServiceInfo,
  type TaskInfo,
  assertAppPaths,
} from '../engine/index.js';
import { stopContainer } from '../engine/containers.js';
import { JobQueue } from '../jobs.js';
import { createRecovery, DeployJournal, type DeployJournalEntry } from '../journal.js';
import { hostProbes, majorOf, preflight, type PreflightProbes } from '../preflight.js';
import { listTags, parseImageRef, versionsReport, type VersionsReport } from '../registry.js';
import { byRole, parseHealth, safeReporter, throttled } from '../reporting.js';
import { ensureSecrets, loadSecrets, redact, removeSecrets, type SecretValues } from '../secrets.js';
import type {
  BackupHook,
  BackupRef,
  ContainerStatus,
  CoreServices,
  CoreServicesDeps,
  DismissResult,
  DriftReport,
  EngineSummary,
  LogsResult,
  MinionState,
  MinionStatus,
  ReconcileResult,
  Reporter,
  RollbackResult,
  SummonResult,
  UpdateResult,
} from '../services.js';
import { LABEL, type ContainerPlan, type DeployPlan, type Minion } from '../types.js';
import { checkServiceOnce, runningTask, tasksOf, waitServiceHealthy, type TaskFilter } from './health.js';
import { secretName, swarmName } from './names.js';
import { effectiveOf, hashSwarmSpec, serviceSpecOf, swarmSpecDiff, type SecretMount } from './spec.js';

export { swarmName, secretName, secretPath } from './names.js';
export { serviceSpecOf, effectiveOf, hashSwarmSpec } from './spec.js';

/** Label on Docker secrets: the variable they hold. */
export const SECRET_LABEL = 'summoner.secret';

const tagOf = (image: string) => parseImageRef(image).tag;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const imageOf = (s: ServiceInfo) => ((s.spec.TaskTemplate ?? {}) as { ContainerSpec?: { Image?: string } }).ContainerSpec?.Image ?? '';
const forceOf = (s: ServiceInfo) => ((s.spec.TaskTemplate ?? {}) as { ForceUpdate?: number }).ForceUpdate ?? 0;
const replicasOf = (s: ServiceInfo) => s.spec.Mode?.Replicated?.Replicas ?? 1;

/** A service and its tasks, as `status` and friends read them. */
interface LiveService {
  info: ServiceInfo;
  labels: Record<string, string>;
  tasks: TaskInfo[];
}

export function createSwarmServices(deps: CoreServicesDeps): CoreServices {
  const { config, engine, catalog, planDeploy, secretsDir, log } = deps;
  const domain = config.domain;
  const proxyNetwork = config.engine.proxyNetwork;
  const jobs = deps.jobs ?? new JobQueue();
  // its own journal folder: entries name services and overlays, which the standalone core must not read
  const journal = new DeployJournal(deps.journalDir ?? path.join(config.stateDir, 'deploying-swarm'));
  const probes: PreflightProbes = { ...(deps.probes ?? hostProbes), publishedPorts: deps.probes?.publishedPorts ?? publishedPorts };
  const roots = { dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot };
  const backupHook: BackupHook = deps.backupHook ?? coldCopyBackupHook(roots);

  /** Host ports taken by services (host mode) and containers; on failure none (the bind probe still runs). */
  async function publishedPorts(): Promise<{ port: number; protocol: string; container: string }[]> {
    return publishedHostPorts(engine).catch(() => []);
  }

  /** A version asked for in chat is checked before anything is touched. */
  function checkVersion(version: string | undefined): void {
    if (version !== undefined) checkTagOrThrow(version);
  }

  function minionOf(app: string): Minion {
    return lookupMinion(catalog, app);
  }

  /** This node must be a Swarm manager: only managers create services. */
  async function requireManager(): Promise<string> {
    const s = await swarmState(engine);
    if (!s.manager) {
      throw new SummonerError('swarm.not-manager', s.active ? 'this engine is a Swarm worker: services are created on a manager' : 'this engine is not in a Swarm', {
        hint: s.active ? 'point engine.socket at a manager' : 'run `docker swarm init`, or set engine.mode to standalone',
      });
    }
    return s.nodeId;
  }

  async function secretsOf(app: string): Promise<SecretValues> {
    // fails closed: a damaged secrets file stops what would show the app's output, rather than show it unmasked
    return loadSecrets(secretsDir, app);
  }

  async function liveOf(app?: string): Promise<LiveService[]> {
    const list = (await listServices(engine, selector(domain, app))).sort(byRole);
    return Promise.all(list.map(async (info) => ({ info, labels: info.labels, tasks: await tasksOf(engine, info) })));
  }

  function extraLabels(plan: DeployPlan, c: ContainerPlan): Record<string, string> {
    return { [EXTRA_LABEL.url]: plan.url, [EXTRA_LABEL.health]: JSON.stringify(c.health) };
  }

  // ---- pieces of a deploy -----------------------------------------------------------------------

  async function ensureImages(plan: DeployPlan, reporter: Reporter): Promise<void> {
    // pulled here first (this node runs the tasks of services with data): progress in chat, and a missing
    // image is `image.missing` before anything exists
    const progress = throttled(reporter);
    for (const ref of [...new Set(plan.containers.map((c) => c.image))]) {
      reporter.step(`image ${ref}`);
      await ensureImage(engine, ref, (p) => progress(p.text));
    }
  }

  /** Overlays of the plan's networks; a non-overlay of the same name stops the summon before anything exists. */
  async function checkNetworks(plan: DeployPlan): Promise<void> {
    for (const n of plan.networks) {
      const existing = await inspectAnyNetwork(engine, swarmName(n.name));
      if (existing) assertOverlay(existing);
    }
  }

  /** Not root (Summoner's own container runs as `node`): the engine hands the folder over (engine/chown.ts). */
  async function chownOrAsk(p: string, owner: { uid: number; gid: number }): Promise<void> {
    await fs.chown(p, owner.uid, owner.gid).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EPERM' && deps.chown) return deps.chown(p, owner);
      throw err;
    });
  }

  async function makeFolders(plan: DeployPlan): Promise<void> {
    assertAppPaths(plan.app, [config.dataRoot, config.dbRoot], [...plan.folders, ...(plan.files ?? []).map((f) => f.path)]);
    for (const f of plan.folders) {
      await fs.mkdir(path.resolve(f), { recursive: true });
      const owner = plan.folderOwners?.[f];
      if (owner) await chownOrAsk(path.resolve(f), owner);
    }
    for (const file of plan.files ?? []) {
      await fs.mkdir(path.dirname(file.path), { recursive: true });
      await fs.writeFile(file.path, file.content, { mode: file.mode });
      await fs.chmod(file.path, file.mode);
      if (file.owner) await chownOrAsk(file.path, file.owner);
    }
  }

  /** The Docker secrets the plan's generated values become, per container (names only; values never logged). */
  function secretRefs(plan: DeployPlan, secrets: SecretValues): Map<string, { variable: string; name: string; value: string }[]> {
    const out = new Map<string, { variable: string; name: string; value: string }[]>();
    for (const c of plan.containers) {
      const envValues = Object.values(c.env);
      const refs: { variable: string; name: string; value: string }[] = [];
      for (const variable of plan.secrets) {
        const value = secrets[variable];
        // only the variables this container's environment really carries
        if (value === undefined || value.length < 4 || !envValues.some((v) => v.includes(value))) continue;
        refs.push({ variable, name: secretName(plan.app, plan.domain, variable, value), value });
      }
      out.set(c.name, refs);
    }
    return out;
  }

  /**
   * Generated secrets become Docker secrets, mounted at /run/secrets/<VAR> (encrypted in the Swarm's store,
   * on tmpfs in the task, never in `docker inspect`), AND they stay in the environment: most images only
   * read `MARIADB_PASSWORD`-style variables, and those that read `*_FILE` refuse both at once, so no `_FILE`
   * variable is added; the file is there for images and tools that read it. Names carry a hash of the value
   * (secrets are immutable): a changed value gets a new secret, unused ones are removed after a deploy.
   */
  async function ensureDockerSecrets(
    app: string,
    refs: Map<string, { variable: string; name: string; value: string }[]>,
    created: string[],
  ): Promise<Map<string, SecretMount[]>> {
    const byName = new Map<string, SecretMount>();
    const out = new Map<string, SecretMount[]>();
    for (const [container, list] of refs) {
      const mounts: SecretMount[] = [];
      for (const r of list) {
        let m = byName.get(r.name);
        if (!m) {
          const res = await ensureSecret(engine, r.name, r.value, { ...selector(domain, app), [SECRET_LABEL]: r.variable });
          if (res.created) created.push(res.info.id);
          m = { variable: r.variable, name: r.name, id: res.info.id };
          byName.set(r.name, m);
        }
        mounts.push(m);
      }
      out.set(container, mounts);
    }
    return out;
  }

  /** Remove the app's secrets no service uses any more (all of them when none is left). */
  async function pruneSecrets(app: string): Promise<string[]> {
    const used = new Set<string>();
    for (const s of await listServices(engine, selector(domain, app))) {
      const cs = ((s.spec.TaskTemplate ?? {}) as { ContainerSpec?: { Secrets?: { SecretName?: string }[] } }).ContainerSpec;
      for (const x of cs?.Secrets ?? []) if (x.SecretName) used.add(x.SecretName);
    }
    const removed: string[] = [];
    for (const s of await listSecrets(engine, selector(domain, app))) {
      if (used.has(s.name)) continue;
      try {
        if (await removeSecret(engine, s.id)) removed.push(s.name);
      } catch (err) {
        log.warn({ secret: s.name, code: isSummonerError(err) ? err.code : 'unknown' }, 'could not remove a secret');
      }
    }
    return removed;
  }

  /** Wait until the service's task containers are gone from this node (networks can be removed then). */
  async function waitContainersGone(serviceId: string, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while ((await serviceContainers(engine, serviceId)).length) {
      if (Date.now() > end) {
        log.warn({ service: serviceId }, 'task containers still there after the service was removed');
        return;
      }
      await sleep(250);
    }
  }

  /** Scale to 0 and wait until no task container runs (a clean stop, for a consistent cold copy). */
  async function scaleDown(name: string, timeoutMs = 60_000): Promise<void> {
    const s = await inspectService(engine, name);
    if (!s) return;
    if (replicasOf(s) !== 0) {
      await updateService(engine, name, (spec) => ({ ...spec, Mode: { Replicated: { Replicas: 0 } } }));
    }
    const end = Date.now() + timeoutMs;
    // Swarm's agent normally stops the task within its grace period; on a loaded node it was seen to leave a
    // task running for over a minute after the scale to 0. Past this point the container itself is stopped
    // (the service wants 0 replicas, so nothing restarts it).
    const nudgeAt = Date.now() + Math.min(20_000, timeoutMs / 2);
    let nudged = false;
    for (;;) {
      const running = await serviceContainers(engine, s.id, { running: true });
      if (!running.length) return;
      if (!nudged && Date.now() > nudgeAt) {
        nudged = true;
        log.warn({ service: name, containers: running.length }, 'swarm left a task running after the scale to 0: stopping its container');
        for (const id of running) await stopContainer(engine, id, 10).catch(() => undefined);
        continue;
      }
      if (Date.now() > end) throw new SummonerError('swarm.stop-timeout', `${name} did not stop within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }

  async function removeServiceAndWait(name: string): Promise<boolean> {
    const s = await inspectService(engine, name);
    if (!s) return false;
    const removed = await removeService(engine, s.id);
    await waitContainersGone(s.id);
    return removed;
  }

  /** Remove a network, retrying while the engine still counts endpoints of removed tasks. */
  async function removeNetworkPatiently(name: string, timeoutMs = 20_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await removeNetwork(engine, name);
      } catch (err) {
        if (Date.now() > end || !(isSummonerError(err) && /active endpoints|in use/i.test(err.message))) throw err;
        await sleep(300);
      }
    }
  }

  /** Remove services (app first), then the private networks and the app's secrets; returns what failed. */
  async function removeDeployment(app: string, services: string[], networks: string[]): Promise<string[]> {
    const failed: string[] = [];
    for (const n of [...services].reverse()) {
      try {
        await removeServiceAndWait(n);
      } catch (err) {
        failed.push(n);
        log.warn({ service: n, code: isSummonerError(err) ? err.code : 'unknown' }, 'cleanup: could not remove service');
      }
    }
    for (const n of [...networks].reverse()) {
      try {
        await removeNetworkPatiently(n);
      } catch (err) {
        failed.push(n);
        log.warn({ network: n, code: isSummonerError(err) ? err.code : 'unknown' }, 'cleanup: could not remove network');
      }
    }
    try {
      await pruneSecrets(app);
    } catch (err) {
      failed.push('secrets');
      log.warn({ app, code: isSummonerError(err) ? err.code : 'unknown' }, 'cleanup: could not remove secrets');
    }
    return failed;
  }

  /** Create one service behind the health gate. */
  async function bringUpService(
    plan: DeployPlan,
    c: ContainerPlan,
    mounts: SecretMount[],
    nodeId: string,
    reporter: Reporter,
    created: string[],
    secrets: SecretValues,
    labels: Record<string, string> = {},
  ): Promise<void> {
    const { spec } = serviceSpecOf({ container: c, proxyNetwork, secrets: mounts, extraLabels: { ...extraLabels(plan, c), ...labels }, nodeId });
    reporter.step(`creating service ${spec.Name}`);
    const id = await createService(engine, spec);
    created.push(spec.Name!);
    reporter.step(`waiting for ${spec.Name} to be healthy`);
    await waitServiceHealthy(engine, { id, name: spec.Name! }, c.health, {
      filter: { forceUpdate: 0, image: c.image },
      redact: (t) => redact(t, secrets),
    });
  }

  // ---- summon -----------------------------------------------------------------------------------

  async function summon(app: string, version: string | undefined, reporter0: Reporter): Promise<SummonResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    checkVersion(version);
    return jobs.run(app, `summon ${app}`, async () => {
      const t0 = Date.now();
      const nodeId = await requireManager();
      const live = await liveOf(app);
      const appS = live.find((s) => s.labels[LABEL.role] === 'app');
      if (appS && live.every((s) => replicasOf(s.info) > 0 && runningTask(s.tasks))) {
        const healthy = await checkServiceOnce(engine, appS.info, parseHealth(appS.labels[EXTRA_LABEL.health]), appS.tasks);
        if (healthy) {
          const v = appS.labels[LABEL.version] ?? tagOf(imageOf(appS.info));
          const url = appS.labels[EXTRA_LABEL.url];
          return { status: 'already', app, version: v, ...(url ? { url } : {}), ...(version && version !== v ? { requested: version } : {}) };
        }
      }
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      const plan = planDeploy(minion, { config, ...(version ? { version } : {}), secrets });
      reporter.step('pre-flight checks');
      await preflight({ plan, minion, roots: [config.dataRoot, config.dbRoot], ownContainers: live.map((s) => s.info.name) }, probes);
      await checkNetworks(plan);
      if (live.length) {
        reporter.step(`removing what is left of an earlier ${app} (data kept)`);
        const failed = await removeDeployment(app, live.map((s) => s.info.name), []);
        if (failed.length) throw new SummonerError('engine.error', `could not remove the old services of ${app}`);
      }
      const services = plan.containers.map((c) => swarmName(c.name));
      const privateNets = plan.networks.map((n) => swarmName(n.name)).filter((n) => n !== swarmName(proxyNetwork));
      const entry: DeployJournalEntry = { app, containers: services, networks: privateNets, startedAt: new Date().toISOString() };
      await journal.write(entry);
      const created: string[] = [];
      const createdNets: string[] = [];
      const createdSecrets: string[] = [];
      try {
        await ensureImages(plan, reporter);
        for (const n of plan.networks) {
          const name = swarmName(n.name);
          const r = await ensureOverlayNetwork(engine, { name, internal: n.internal, labels: n.labels });
          if (r.created && name !== swarmName(proxyNetwork)) createdNets.push(name);
        }
        await makeFolders(plan);
        const mounts = await ensureDockerSecrets(app, secretRefs(plan, secrets), createdSecrets);
        for (const c of plan.containers) {
          await bringUpService(plan, c, mounts.get(c.name) ?? [], nodeId, reporter, created, secrets);
        }
        await deps.hooks?.afterReady?.(plan, reporter);
      } catch (err) {
        reporter.step(`${app} failed; removing what was created (data kept)`);
        const failed = await removeDeployment(app, created, createdNets);
        if (!failed.length) await journal.clear(app);
        else if (isSummonerError(err) && err.code === 'engine.unreachable') {
          reporter.step(`the engine is gone: ${app}'s services will be removed as soon as it answers again (data kept)`);
          recovery.whenEngineReturns(entry);
        } else log.warn({ app, left: failed }, 'summon cleanup incomplete; the next summon or start removes the rest');
        log.warn({ app, code: isSummonerError(err) ? err.code : 'internal' }, 'summon failed');
        throw err;
      }
      await pruneSecrets(app).catch(() => undefined); // values replaced since an earlier deploy
      await journal.clear(app);
      reporter.step(`${app} is ready at ${plan.url}`);
      log.info({ app, version: plan.version, ms: Date.now() - t0, mode: 'swarm' }, 'summoned');
      deps.events?.emit({ type: 'minion.summoned', app, url: plan.url, version: plan.version });
      return { status: 'summoned', app, url: plan.url, version: plan.version, containers: services, ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  // ---- cleanup of summons cut short ---------------------------------------------------------------

  async function cleanupEntry(e: DeployJournalEntry): Promise<void> {
    const failed = await removeDeployment(e.app, e.containers, e.networks);
    if (failed.length) throw new SummonerError('engine.error', `could not remove ${failed.join(', ')}`);
    await journal.clear(e.app);
    log.info({ app: e.app, services: e.containers }, 'removed what an interrupted summon had created');
  }

  const recovery = createRecovery({
    journal,
    jobs,
    log,
    ping: () => ping(engine),
    cleanup: cleanupEntry,
    ...(deps.engineReturnWaitMs !== undefined ? { waitMs: deps.engineReturnWaitMs } : {}),
  });
  const recover = () => recovery.recover();

  // ---- dismiss ----------------------------------------------------------------------------------

  async function dismiss(app: string, opts: { purge: boolean }, reporter0: Reporter): Promise<DismissResult> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `dismiss ${app}`, async () => {
      const live = await liveOf(app);
      const nets = (await listOverlays(engine, selector(domain, app))).filter((n) => n.name !== swarmName(proxyNetwork));
      const secretsLeft = await listSecrets(engine, selector(domain, app));
      const hasData = await Promise.all([config.dataRoot, config.dbRoot].map((r) => fs.stat(path.resolve(r, app)).then(() => true, () => false)));
      if (!live.length && !nets.length && !secretsLeft.length && !(opts.purge && hasData.some(Boolean))) {
        throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: 'see `status`' });
      }
      await deps.hooks?.beforeDismiss?.(app, reporter);
      // stop the app first, then its database: a clean shutdown, and a consistent cold copy
      for (const s of [...live].reverse()) {
        reporter.step(`stopping ${s.info.name}`);
        await scaleDown(s.info.name);
      }
      let backup: BackupRef | undefined;
      if (opts.purge && hasData.some(Boolean)) {
        reporter.step(`final backup of ${app} before deleting its data`);
        try {
          backup = await backupHook.backup(app, 'purge', reporter);
        } catch (err) {
          throw new SummonerError('backup.unavailable', `no final backup of ${app} could be taken, so nothing was deleted (services are scaled to 0)`, {
            hint: 'fix the backup, then dismiss --purge again; `summon` brings it back meanwhile',
            cause: err,
          });
        }
      }
      const removed: string[] = [];
      for (const s of [...live].reverse()) {
        reporter.step(`removing ${s.info.name}`);
        if (await removeServiceAndWait(s.info.name)) removed.push(s.info.name);
      }
      const networks: string[] = [];
      for (const n of nets) if (await removeNetworkPatiently(n.name)) networks.push(n.name);
      const secretsRemoved = await pruneSecrets(app);
      if (opts.purge) {
        reporter.step(`deleting ${app}'s data`);
        for (const r of [config.dataRoot, config.dbRoot]) await fs.rm(path.resolve(r, app), { recursive: true, force: true });
        await removeSecrets(secretsDir, app);
      }
      log.info({ app, removed, secrets: secretsRemoved.length, purged: opts.purge, mode: 'swarm' }, 'dismissed');
      deps.events?.emit({ type: 'minion.dismissed', app, purged: opts.purge });
      return { app, removed, networks, purged: opts.purge, ...(backup ? { backup } : {}) };
    }, (text) => reporter.step(text));
  }

  // ---- status / reconcile -----------------------------------------------------------------------

  type ServiceState = 'running' | 'starting' | 'restarting' | 'failed' | 'stopped';

  function serviceState(s: LiveService): ServiceState {
    if (replicasOf(s.info) === 0) return 'stopped';
    const current = s.tasks.filter((t) => t.desiredState === 'running');
    const running = current.filter((t) => t.state === 'running').length;
    if (running >= replicasOf(s.info)) return 'running';
    const failedRecently = s.tasks.some((t) => t.state === 'failed' || t.state === 'rejected');
    if (current.length) return failedRecently ? 'restarting' : 'starting';
    return 'failed';
  }

  function minionState(states: ServiceState[]): MinionState {
    if (states.every((s) => s === 'running')) return 'running';
    if (states.some((s) => s === 'restarting')) return 'restarting';
    if (states.some((s) => s === 'running' || s === 'starting')) return 'partial';
    if (states.every((s) => s === 'stopped')) return 'stopped';
    return 'crashed';
  }

  /** Failed tasks of the current generation: Swarm's restarts. */
  const restartsOf = (s: LiveService) => s.tasks.filter((t) => t.forceUpdate === forceOf(s.info) && (t.state === 'failed' || t.state === 'rejected')).length;

  const liveHashOf = (s: ServiceInfo, names: Map<string, string>) => hashSwarmSpec(effectiveOf(s.spec, (id) => names.get(id) ?? id));

  async function statusOfApp(app: string, ss: LiveService[], names: Map<string, string>): Promise<MinionStatus> {
    const appS = ss.find((s) => s.labels[LABEL.role] === 'app') ?? ss[0]!;
    const states = ss.map(serviceState);
    const state = minionState(states);
    let health: MinionStatus['health'] = 'unknown';
    if (state === 'running') {
      const results = await Promise.all(ss.map((s) => checkServiceOnce(engine, s.info, parseHealth(s.labels[EXTRA_LABEL.health]), s.tasks)));
      health = results.every(Boolean) ? 'healthy' : 'unhealthy';
    } else if (state !== 'stopped') health = 'unhealthy';
    const containers: ContainerStatus[] = [];
    let drifted = false;
    for (const [i, s] of ss.entries()) {
      const t = runningTask(s.tasks) ?? s.tasks[0];
      const c = t?.containerId && t.state === 'running' ? await inspectContainer(engine, t.containerId).catch(() => undefined) : undefined;
      const d = liveHashOf(s.info, names) !== s.labels[LABEL.config];
      drifted ||= d;
      const startedAt = t?.state === 'running' ? (c?.startedAt ?? t.at) : undefined;
      containers.push({
        name: s.info.name,
        role: s.labels[LABEL.role] ?? '?',
        image: imageOf(s.info),
        state: states[i] === 'running' ? 'running' : t ? `${states[i]} (task ${t.state})` : states[i]!,
        ...(c?.health ? { health: c.health } : {}),
        restarts: restartsOf(s),
        ...(startedAt ? { startedAt } : {}),
        drifted: d,
      });
    }
    const appStatus = containers.find((c) => c.name === appS.info.name);
    const m = catalog.get(app);
    const digest = appS.labels[LABEL.digest];
    const url = appS.labels[EXTRA_LABEL.url];
    return {
      app,
      domain,
      version: appS.labels[LABEL.version] ?? tagOf(imageOf(appS.info)),
      ...(url ? { url } : {}),
      state,
      health,
      ...(appStatus?.state === 'running' && appStatus.startedAt ? { uptimeS: Math.max(0, Math.round((Date.now() - appStatus.startedAt.getTime()) / 1000)) } : {}),
      restarts: containers.reduce((a, c) => a + c.restarts, 0),
      containers,
      drifted,
      catalogChanged: !!m && !!digest && digest !== m.digest,
    };
  }

  async function byApp(only?: string): Promise<Map<string, LiveService[]>> {
    const by = new Map<string, LiveService[]>();
    for (const s of await liveOf(only)) {
      const app = s.labels[LABEL.app] ?? '?';
      by.set(app, [...(by.get(app) ?? []), s]);
    }
    return by;
  }

  async function status(app?: string): Promise<MinionStatus[]> {
    const by = await byApp(app);
    if (app && !by.size) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: 'summon it first' });
    const names = await networkNames(engine);
    const out: MinionStatus[] = [];
    for (const [a, ss] of [...by].sort(([x], [y]) => x.localeCompare(y))) out.push(await statusOfApp(a, ss, names));
    return out;
  }

  async function reconcile(): Promise<ReconcileResult> {
    await recover();
    const by = await byApp();
    const names = await networkNames(engine);
    const minions: MinionStatus[] = [];
    const drift: DriftReport[] = [];
    for (const [app, ss] of [...by].sort(([x], [y]) => x.localeCompare(y))) {
      minions.push(await statusOfApp(app, ss, names));
      const m = catalog.get(app);
      let plan: DeployPlan | undefined;
      let secrets: SecretValues | undefined;
      for (const s of ss) {
        const live = effectiveOf(s.info.spec, (id) => names.get(id) ?? id);
        if (liveHashOf(s.info, names) !== s.labels[LABEL.config]) {
          let fields: string[] = [];
          try {
            if (m) {
              secrets ??= await secretsOf(app);
              plan ??= planDeploy(m, { config, version: s.labels[LABEL.version] ?? tagOf(imageOf(s.info)), secrets });
              const cp = plan.containers.find((x) => x.role === s.labels[LABEL.role]);
              if (cp) {
                const refs = secretRefs(plan, secrets).get(cp.name) ?? [];
                const labels = Object.fromEntries(Object.entries(s.labels).filter(([k]) => k.startsWith('summoner.')));
                const { spec } = serviceSpecOf({
                  container: { ...cp, labels: { ...cp.labels, ...labels } },
                  proxyNetwork,
                  secrets: refs.map((r) => ({ variable: r.variable, name: r.name, id: '' })),
                  replicas: replicasOf(s.info),
                });
                fields = swarmSpecDiff(effectiveOf(spec), live);
              }
            }
          } catch {
            /* fields stay unknown */
          }
          drift.push({ app, container: s.info.name, fields, reason: 'changed-by-hand' });
        } else if (m && s.labels[LABEL.digest] && s.labels[LABEL.digest] !== m.digest) {
          drift.push({ app, container: s.info.name, fields: [], reason: 'catalog-changed' });
        }
      }
    }
    for (const d of drift) log.warn({ app: d.app, container: d.container, reason: d.reason, fields: d.fields }, 'reconcile: drift');
    log.info({ minions: minions.map((m) => `${m.app}:${m.state}`), mode: 'swarm' }, 'reconciled');
    return { minions, drift };
  }

  // ---- logs / restart ---------------------------------------------------------------------------

  async function logs(app: string, n: number): Promise<LogsResult> {
    const live = await liveOf(app);
    const s = live.find((x) => x.labels[LABEL.role] === 'app') ?? live[0];
    if (!s) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`);
    const tail = Math.max(1, Math.min(1000, Math.floor(n) || 50));
    const secrets = await secretsOf(app);
    const lines = (await serviceLogs(engine, s.info.id, tail)).map((l) => redact(l.text, secrets));
    return { app, container: s.info.name, lines };
  }

  /** Restart = force update: Swarm replaces each task (stop first), db before app, each behind the gate. */
  async function restart(app: string, reporter0: Reporter): Promise<{ app: string; ms: number }> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `restart ${app}`, async () => {
      const t0 = Date.now();
      const live = await liveOf(app);
      if (!live.length) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`);
      const secrets = await secretsOf(app);
      for (const s of live) {
        reporter.step(`restarting ${s.info.name}`);
        const { forceUpdate } = await updateService(
          engine,
          s.info.name,
          (spec) => ({ ...spec, Mode: { Replicated: { Replicas: Math.max(1, spec.Mode?.Replicated?.Replicas ?? 1) } } }),
          { force: true },
        );
        const spec = parseHealth(s.labels[EXTRA_LABEL.health]) ?? { timeoutS: 60, intervalS: 1 };
        reporter.step(`waiting for ${s.info.name} to be healthy`);
        await waitServiceHealthy(engine, s.info, spec, { filter: { forceUpdate }, redact: (t) => redact(t, secrets) });
      }
      return { app, ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  // ---- versions / update / rollback -------------------------------------------------------------

  async function versions(app: string): Promise<VersionsReport> {
    const minion = minionOf(app);
    const live = (await liveOf(app).catch(() => [])).find((s) => s.labels[LABEL.role] === 'app');
    const pinned = live?.labels[LABEL.version] ?? minion.web.tag;
    const ref = parseImageRef(`${minion.web.image}:${pinned}`);
    const tags = await listTags(ref, { ...(deps.registryCredentials ? { credentials: deps.registryCredentials } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    return versionsReport(ref, tags, pinned);
  }

  /**
   * Replace the live services' specs by the plan's (image, env, labels …), db first, each behind the gate.
   * The data is backed up with the services scaled to 0; on failure the data is put back and every service
   * gets the spec it had, behind the gate again.
   */
  async function swap(
    app: string,
    live: LiveService[],
    plan: DeployPlan,
    reporter: Reporter,
    opts: {
      reason: 'update' | 'rollback';
      force: boolean;
      labels?: (role: string, backup: BackupRef | undefined) => Record<string, string>;
      restoreFrom?: BackupRef;
    },
  ): Promise<BackupRef | undefined> {
    const secrets = await secretsOf(app);
    const nodeId = await requireManager();
    const old = new Map(live.map((s) => [s.info.name, s.info.spec]));
    for (const s of [...live].reverse()) {
      reporter.step(`stopping ${s.info.name}`);
      await scaleDown(s.info.name);
    }
    const startOld = async () => {
      for (const s of live) {
        const spec = old.get(s.info.name)!;
        const { forceUpdate } = await updateService(engine, s.info.name, () => structuredClone(spec), { force: true });
        const h = parseHealth(s.labels[EXTRA_LABEL.health]);
        if (h) await waitServiceHealthy(engine, s.info, h, { filter: { forceUpdate }, redact: (t) => redact(t, secrets) });
      }
    };
    let backup: BackupRef | undefined;
    try {
      backup = await backupHook.backup(app, opts.reason, reporter);
    } catch (err) {
      if (!opts.force) {
        reporter.step(`no backup: starting ${app} again unchanged`);
        await startOld().catch(() => undefined);
        throw new SummonerError('backup.unavailable', `no backup available for ${app}, so it was not ${opts.reason === 'update' ? 'updated' : 'rolled back'}`, {
          hint: opts.reason === 'update' ? 'fix the backup first, or `update --force` to go on without one' : 'fix the backup first',
          cause: err,
        });
      }
      reporter.step('no backup available; going on without one (--force)');
    }
    let touched = false;
    try {
      if (opts.restoreFrom) await backupHook.restore(app, opts.restoreFrom, reporter);
      for (const n of plan.networks) await ensureOverlayNetwork(engine, { name: swarmName(n.name), internal: n.internal, labels: n.labels });
      await makeFolders(plan);
      const mounts = await ensureDockerSecrets(app, secretRefs(plan, secrets), []);
      for (const c of plan.containers) {
        const name = swarmName(c.name);
        const { spec } = serviceSpecOf({
          container: c,
          proxyNetwork,
          secrets: mounts.get(c.name) ?? [],
          extraLabels: { ...extraLabels(plan, c), ...(opts.labels?.(c.role, backup) ?? {}) },
          nodeId,
        });
        reporter.step(`${opts.reason === 'update' ? 'updating' : 'rolling back'} ${name}`);
        touched = true;
        const cur = await inspectService(engine, name);
        let filter: TaskFilter;
        let ref: { id: string; name: string };
        if (cur) {
          const r = await updateService(engine, name, () => spec, { force: true });
          filter = { forceUpdate: r.forceUpdate, image: c.image };
          ref = cur;
        } else {
          ref = { id: await createService(engine, spec), name };
          filter = { forceUpdate: 0, image: c.image };
        }
        reporter.step(`waiting for ${name} to be healthy`);
        await waitServiceHealthy(engine, ref, c.health, { filter, redact: (t) => redact(t, secrets) });
      }
    } catch (err) {
      reporter.step(`${opts.reason} failed: rolling back ${app}`);
      try {
        for (const s of [...live].reverse()) await scaleDown(s.info.name);
        if (backup && (touched || opts.restoreFrom)) await backupHook.restore(app, backup, reporter);
        await startOld();
      } catch (err2) {
        throw new SummonerError('update.rollback_failed', `${opts.reason} of ${app} failed, and so did putting the old version back`, {
          hint: `the backup is ${backup ? path.basename(backup.file) : 'missing'}; \`docker service rollback\` may help`,
          cause: new AggregateError([err, err2]),
        });
      }
      const why = isSummonerError(err) ? `${err.code}: ${err.message}` : String((err as Error)?.message ?? err);
      throw new SummonerError('update.rolled_back', `${opts.reason} of ${app} failed (${why}); the previous version runs again, with its data`, {
        hint: 'read the logs of the failed start; nothing was lost',
        cause: err,
      });
    }
    await pruneSecrets(app).catch(() => undefined);
    return backup;
  }

  async function update(app: string, version: string | undefined, opts: { force: boolean }, reporter0: Reporter): Promise<UpdateResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    checkVersion(version);
    return jobs.run(app, `update ${app}`, async () => {
      const t0 = Date.now();
      const live = await liveOf(app);
      const appS = live.find((s) => s.labels[LABEL.role] === 'app');
      if (!appS) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: 'summon it first' });
      const from = appS.labels[LABEL.version] ?? tagOf(imageOf(appS.info));
      const to = version ?? minion.web.tag;
      if (to === from && !opts.force) return { status: 'current', app, version: from };
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      const plan = planDeploy(minion, { config, version: to, secrets });
      const dbLive = live.find((s) => s.labels[LABEL.role] === 'db');
      const dbNew = plan.containers.find((c) => c.role === 'db');
      if (dbLive && dbNew) {
        const a = majorOf(dbLive.labels[LABEL.version] ?? tagOf(imageOf(dbLive.info)));
        const b = majorOf(tagOf(dbNew.image));
        if (a !== undefined && b !== undefined && a !== b) {
          throw new SummonerError('update.db_major_jump', `${app}'s database would go from major ${a} to ${b}: Summoner does not do that in place`, {
            hint: 'back up, then migrate the database by hand (dump and restore)',
          });
        }
      }
      reporter.step('pre-flight checks');
      await preflight({ plan, minion, roots: [config.dataRoot, config.dbRoot], ownContainers: live.map((s) => s.info.name) }, probes);
      await checkNetworks(plan);
      // pull before stopping anything: a missing image costs no downtime
      await ensureImages(plan, reporter);
      const pins: Record<string, string> = {};
      for (const s of live) pins[s.labels[LABEL.role] ?? ''] = imageOf(s.info);
      const backup = await swap(app, live, plan, reporter, {
        reason: 'update',
        force: opts.force,
        labels: (role, b) => ({
          [EXTRA_LABEL.rollbackVersion]: from,
          ...(pins[role] ? { [EXTRA_LABEL.rollbackImage]: pins[role] } : {}),
          ...(b ? { [EXTRA_LABEL.rollbackBackup]: b.file } : {}),
        }),
      });
      reporter.step(`${app} runs ${to} (was ${from})`);
      log.info({ app, from, to, mode: 'swarm' }, 'updated');
      return { status: 'updated', app, from, to, ...(backup ? { backup } : {}), ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  async function rollback(app: string, reporter0: Reporter): Promise<RollbackResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    return jobs.run(app, `rollback ${app}`, async () => {
      const t0 = Date.now();
      const live = await liveOf(app);
      const appS = live.find((s) => s.labels[LABEL.role] === 'app');
      if (!appS) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`);
      const to = appS.labels[EXTRA_LABEL.rollbackVersion];
      if (!to) throw new SummonerError('rollback.none', `${app} has no earlier version to go back to`, { hint: 'rollback undoes the last update' });
      const from = appS.labels[LABEL.version] ?? tagOf(imageOf(appS.info));
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      const plan = planDeploy(minion, { config, version: to, secrets });
      // the images the update replaced (repository:tag as deployed; a registry keeps them, unlike a pruned id)
      for (const c of plan.containers) {
        const s = live.find((x) => x.labels[LABEL.role] === c.role);
        const pin = s?.labels[EXTRA_LABEL.rollbackImage];
        if (pin) c.image = pin;
      }
      const file = appS.labels[EXTRA_LABEL.rollbackBackup];
      const restoreFrom = file && (await fs.stat(file).then(() => true, () => false)) ? { file, kind: 'cold' } : undefined;
      if (!restoreFrom) reporter.step('no pre-update backup found: the data stays as it is');
      await ensureImages(plan, reporter);
      await swap(app, live, plan, reporter, { reason: 'rollback', force: false, ...(restoreFrom ? { restoreFrom } : {}) });
      reporter.step(`${app} runs ${to} again (was ${from})`);
      log.info({ app, from, to, mode: 'swarm' }, 'rolled back');
      return { app, from, to, ...(restoreFrom ? { restoredFrom: restoreFrom.file } : {}), ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  async function describeEngine(): Promise<EngineSummary> {
    const d = await describe(engine);
    const list = d.swarmManager ? await listServices(engine, selector(domain)) : [];
    return {
      version: d.version,
      apiVersion: d.apiVersion,
      swarm: d.swarm,
      swarmManager: d.swarmManager,
      storageDriver: d.storageDriver,
      containers: d.containers,
      managed: list.length,
      apps: [...new Set(list.map((s) => s.labels[LABEL.app] ?? '?'))].sort(),
    };
  }

  return { summon, dismiss, status, logs, restart, versions, update, rollback, describeEngine, reconcile, recover, jobs };
}
