// The deployment core on a Swarm manager: the same CoreServices, the same DeployPlan from `deps.planDeploy`,
// but each ContainerPlan becomes a Swarm service. A team that outgrows one host moves to a Swarm without
// changing its minions: same commands, same `summoner.*` labels (on the service and on its task
// containers), same folders, same secrets file.
//
// What differs from standalone, and why:
// - names: Swarm takes only DNS name components for services and networks (no dots), so the plan's names
//   are made Swarm-safe (`swarmName`: `web-example.org` → `web-example-org`); labels find everything.
// - networks: attachable overlays (the private one internal). The proxy network of standalone mode is a
//   bridge; a bridge of the proxy network's name is reported as `swarm.network_conflict` rather than
//   worked around under another name, because the proxy joins that network by its configured name: a
//   silently renamed overlay would leave the proxy unable to reach any app.
// - endpoint mode dnsrr and host-mode ports: VIPs and the ingress mesh need IPVS, which not every kernel has.
// - generated secrets also become Docker secrets (files under /run/secrets), see `ensureDockerSecrets`.
// - bind mounts are folders of this host: services with mounts are pinned to this node.
// - the health gate probes from the host through docker_gwbridge, or from inside the task (./health.ts).
import { SummonerError } from '../../errors.js';
import { createLifecycle } from '../deploy/lifecycle.js';
import {
  EXTRA_LABEL,
  describe,
  inspectContainer,
  isRunningTask,
  listServices,
  networkNames,
  nodeHostnames,
  publishedHostPorts,
  selector,
  serviceLogs,
  type ServiceInfo,
  type TaskInfo,
} from '../engine/index.js';
import { coldCopyBackupHook } from '../coldcopy.js';
import { hostProbes } from '../preflight.js';
import { parseImageRef } from '../registry.js';
import { byRole, parseHealth } from '../reporting.js';
import { loadSecrets, redact, type SecretValues } from '../secrets.js';
import { engineSummary } from '../services.js';
import type {
  ContainerStatus,
  CoreServices,
  CoreServicesDeps,
  DriftReport,
  EngineSummary,
  LogsResult,
  MinionState,
  MinionStatus,
  ReconcileResult,
} from '../services.js';
import { LABEL, type DeployPlan } from '../types.js';
import { checkServiceOnce, runningTask, tasksOf } from './health.js';
import { effectiveOf, hashSwarmSpec, serviceSpecOf, swarmSpecDiff } from './spec.js';
import { imageOf, isJob, replicasOf, swarmTarget } from './target.js';
import { createScale } from './scale.js';

export { swarmName, secretName, secretPath } from './names.js';
export { serviceSpecOf, effectiveOf, hashSwarmSpec } from './spec.js';

export { SECRET_LABEL } from './target.js';

const tagOf = (image: string) => parseImageRef(image).tag;
const forceOf = (s: ServiceInfo) => ((s.spec.TaskTemplate ?? {}) as { ForceUpdate?: number }).ForceUpdate ?? 0;

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
  const target = swarmTarget(engine, config, log);
  const lifecycle = createLifecycle({
    ...deps,
    target,
    backupHook: deps.backupHook ?? coldCopyBackupHook({ dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot }),
    // host ports taken by services (host mode) and containers; on failure none (the bind probe still runs)
    probes: { ...(deps.probes ?? hostProbes), publishedPorts: deps.probes?.publishedPorts ?? (() => publishedHostPorts(engine).catch(() => [])) },
  });
  const { recover } = lifecycle;

  async function secretsOf(app: string): Promise<SecretValues> {
    // fails closed: a damaged secrets file stops what would show the app's output, rather than show it unmasked
    return loadSecrets(secretsDir, app);
  }

  async function liveOf(app?: string): Promise<LiveService[]> {
    const list = (await listServices(engine, selector(domain, app))).sort(byRole);
    return Promise.all(list.map(async (info) => ({ info, labels: info.labels, tasks: await tasksOf(engine, info) })));
  }

  // ---- status / reconcile -----------------------------------------------------------------------

  type ServiceState = 'running' | 'starting' | 'restarting' | 'failed' | 'stopped';

  function serviceState(s: LiveService): ServiceState {
    // a job that completed has done its part (it counts as running for the minion's state)
    if (isJob(s.info)) return s.tasks.some((t) => t.state === 'complete') ? 'running' : s.tasks.some((t) => t.state === 'running' || t.state === 'starting') ? 'starting' : 'failed';
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

  /** Where it runs: its task's node, or each node of its running tasks when it runs several (`scale`). */
  function nodesOf(s: LiveService, t: TaskInfo | undefined, hosts: Map<string, string>): Pick<ContainerStatus, 'node' | 'tasks'> {
    const wanted = replicasOf(s.info);
    if (wanted <= 1) return t?.nodeId && hosts.get(t.nodeId) ? { node: hosts.get(t.nodeId)! } : {};
    const running = s.tasks.filter(isRunningTask);
    const nodes = [...new Set(running.map((x) => hosts.get(x.nodeId) ?? x.nodeId.slice(0, 12)))].sort();
    return { tasks: { running: running.length, wanted }, ...(nodes.length ? { node: nodes.join(', ') } : {}) };
  }

  const liveHashOf = (s: ServiceInfo, names: Map<string, string>) => hashSwarmSpec(effectiveOf(s.spec, (id) => names.get(id) ?? id));

  async function statusOfApp(app: string, ss: LiveService[], names: Map<string, string>, hosts: Map<string, string>): Promise<MinionStatus> {
    const appS = ss.find((s) => s.labels[LABEL.role] === 'app') ?? ss[0]!;
    const states = ss.map(serviceState);
    const state = minionState(states);
    let health: MinionStatus['health'] = 'unknown';
    if (state === 'running') {
      const results = await Promise.all(ss.map((s) => isJob(s.info) || checkServiceOnce(engine, s.info, parseHealth(s.labels[EXTRA_LABEL.health]), s.tasks)));
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
        state: isJob(s.info) && states[i] === 'running' ? 'completed' : states[i] === 'running' ? 'running' : t ? `${states[i]} (task ${t.state})` : states[i]!,
        ...(c?.health ? { health: c.health } : {}),
        restarts: restartsOf(s),
        ...(startedAt ? { startedAt } : {}),
        ...nodesOf(s, t, hosts),
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
    const hosts = await nodeHostnames(engine).catch(() => new Map<string, string>());
    const out: MinionStatus[] = [];
    for (const [a, ss] of [...by].sort(([x], [y]) => x.localeCompare(y))) out.push(await statusOfApp(a, ss, names, hosts));
    return out;
  }

  async function reconcile(): Promise<ReconcileResult> {
    await recover();
    const by = await byApp();
    const names = await networkNames(engine);
    const hosts = await nodeHostnames(engine).catch(() => new Map<string, string>());
    const minions: MinionStatus[] = [];
    const drift: DriftReport[] = [];
    for (const [app, ss] of [...by].sort(([x], [y]) => x.localeCompare(y))) {
      minions.push(await statusOfApp(app, ss, names, hosts));
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
                const refs = target.secretRefs(plan, secrets).get(cp.name) ?? [];
                const labels = Object.fromEntries(Object.entries(s.labels).filter(([k]) => k.startsWith('summoner.')));
                const { spec } = serviceSpecOf({
                  container: { ...cp, labels: { ...cp.labels, ...labels } },
                  proxyNetwork,
                  secrets: refs.map((r) => ({ variable: r.variable, name: r.name, id: '', ...(r.file ? { file: r.file } : {}) })),
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

  async function describeEngine(): Promise<EngineSummary> {
    const d = await describe(engine);
    return engineSummary(d, d.swarmManager ? await listServices(engine, selector(domain)) : []);
  }

  const { summon, dismiss, checkDismiss, planUpdate, planRollback, restart, versions, update, rollback, jobs } = lifecycle;
  const { scale } = createScale(engine, domain, jobs);
  return { summon, dismiss, checkDismiss, planUpdate, planRollback, status, logs, restart, versions, update, rollback, scale, describeEngine, reconcile, recover, jobs };
}
