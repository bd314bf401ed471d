// The deploy target for a Swarm manager: each unit is a Swarm service (see ./index.ts for what differs from
// standalone, and why). A swap updates services in place and puts their old specs back on failure. Only
// engine objects here; the order of a deploy is the lifecycle's (../deploy/lifecycle.ts).
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { SummonerError, isSummonerError } from '../../errors.js';
import type { CoreLog } from '../deploy/lifecycle.js';
import type { DeployTarget, HeldUnits, LiveUnit, StartedUnit } from '../deploy/target.js';
import {
  EXTRA_LABEL,
  createService,
  ensureImage,
  ensureOverlayNetwork,
  ensureSecret,
  inspectAnyNetwork,
  inspectService,
  listOverlays,
  listSecrets,
  listServices,
  listTasks,
  listNodes,
  setNodeLabel,
  pause,
  ping,
  removeNetwork,
  removeSecret,
  removeService,
  selector,
  serviceContainers,
  swarmState,
  updateService,
  assertOverlay,
  type Engine,
  type ServiceInfo,
  type SwarmServiceSpec,
  type TaskInfo,
} from '../engine/index.js';
import { removeContainer, stopContainer } from '../engine/containers.js';
import { byRole, parseHealth, throttled, type Reporter } from '../reporting.js';
import type { SecretValues } from '../secrets.js';
import { LABEL, type ContainerPlan, type DeployPlan } from '../types.js';
import { checkServiceOnce, lastLines, runningTask, START_POLL_MS, tasksOf, waitServiceHealthy, waitTasksRunning, type TaskFilter } from './health.js';
import { secretName, swarmName } from './names.js';
import { scaleOf, serviceSpecOf, type SecretMount } from './spec.js';
import { dataLabelKey, dataPlacement } from './data-node.js';

/** Label on Docker secrets: the variable they hold. */
export const SECRET_LABEL = 'summoner.secret';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Poll `busy` every 250 ms while it holds: true once it no longer does, false when `timeoutMs` ran out first. */
async function pollWhile(busy: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (await busy()) {
    if (Date.now() > end) return false;
    await sleep(250);
  }
  return true;
}
export const imageOf = (s: ServiceInfo) => ((s.spec.TaskTemplate ?? {}) as { ContainerSpec?: { Image?: string } }).ContainerSpec?.Image ?? '';
export const replicasOf = (s: ServiceInfo) => s.spec.Mode?.Replicated?.Replicas ?? 1;
/** Its tasks run a HEALTHCHECK of their own (not NONE, not inherited from the image). */
const hasHealthcheck = (s: ServiceInfo | undefined) => {
  const test = ((s?.spec.TaskTemplate ?? {}) as { ContainerSpec?: { HealthCheck?: { Test?: string[] } } }).ContainerSpec?.HealthCheck?.Test;
  return !!test?.length && test[0] !== 'NONE';
};
/** A one-shot job service (ReplicatedJob): done once its task completed, never scaled or restarted. */
export const isJob = (s: ServiceInfo) => !!s.spec.Mode?.ReplicatedJob;
/** Task states whose container may still run (or be about to): a stop waits until none is left. */
/** Swarm's update states while its updater is still replacing tasks. */
const ROLLING = new Set(['updating', 'rollback_started']);
const NOT_STOPPED = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);
/**
 * No container of the service runs on this node, and every task the manager still calls not stopped is this node's
 * and is wanted stopped: the manager's view is stale (the node's agent has not reported), not a task that runs.
 */
export function onlyStaleHere(runningHere: readonly string[], notStopped: readonly TaskInfo[], self: string): boolean {
  return !!self && runningHere.length === 0 && notStopped.length > 0 && notStopped.every((t) => t.nodeId === self && t.desiredState !== 'running');
}
/** Probed when a service carries no health label (restart of a hand-made one). */
const DEFAULT_HEALTH = { timeoutS: 60, intervalS: 1 };
/**
 * How long a task may take to get to `running`, on top of its health timeout. The first task of an app on a
 * node joins its overlays there (sandbox, VXLAN, iptables): seen to take over 80 s on a loaded three-node test
 * Swarm. A task that fails or is rejected is reported at once; this bounds only one that stays pending.
 */
/** How long a task may take to be placed, pulled and started, beyond the service's own health timeout. */
export const TASK_START_S = 180;

/** A service as a unit of the lifecycle (its tasks tell whether it runs). */
export const serviceUnit = (info: ServiceInfo, tasks: TaskInfo[]): LiveUnit => ({
  name: info.name,
  role: info.labels[LABEL.role] ?? '?',
  labels: info.labels,
  image: imageOf(info),
  // repository:tag as deployed: a registry keeps it, unlike a pruned image id
  pin: imageOf(info),
  running: replicasOf(info) > 0 && !!runningTask(tasks),
  aside: false,
});

/** What `start` and friends hand to `waitHealthy`. */
interface ServiceStart {
  id: string;
  name: string;
  filter: TaskFilter;
}

export type SecretRef = { variable: string; name: string; value: string; file?: SecretMount['file'] };
/** Label on Docker secrets that hold a config file: its target in the container. */
export const FILE_LABEL = 'summoner.file';
/** Docker refuses a secret over 500 KB (swarmkit's MaxSecretSize). */
const MAX_SECRET_BYTES = 500 * 1024;

export function swarmTarget(engine: Engine, config: Config, log: CoreLog): DeployTarget & { secretRefs(plan: DeployPlan, secrets: SecretValues): Map<string, SecretRef[]> } {
  const domain = config.domain;
  const proxyNetwork = config.engine.proxyNetwork;
  let nodeId = '';

  /** This node must be a Swarm manager: only managers create services. */
  async function requireManager(): Promise<string> {
    const s = await swarmState(engine);
    if (!s.manager) {
      throw new SummonerError('swarm.not_manager', s.active ? 'this engine is a Swarm worker: services are created on a manager' : 'this engine is not in a Swarm', {
        hint: s.active ? 'point engine.socket at a manager' : 'run `docker swarm init`, or set engine.mode to standalone',
      });
    }
    return s.nodeId;
  }

  /** Overlays of the plan's networks; a non-overlay of the same name stops the summon before anything exists. */
  async function checkNetworks(plan: DeployPlan): Promise<void> {
    for (const n of plan.networks) {
      const existing = await inspectAnyNetwork(engine, swarmName(n.name));
      if (existing) assertOverlay(existing);
    }
  }

  /**
   * The Docker secrets the plan's generated values and its config files become, per container (names only;
   * values and contents never logged).
   */
  function secretRefs(plan: DeployPlan, secrets: SecretValues): Map<string, SecretRef[]> {
    const out = new Map<string, SecretRef[]>();
    const fileAt = new Map((plan.files ?? []).map((f) => [path.resolve(f.path), f]));
    for (const c of plan.containers) {
      const envValues = Object.values(c.env);
      const refs: SecretRef[] = [];
      for (const variable of plan.secrets) {
        const value = secrets[variable];
        // only the variables this container's environment really carries
        if (value === undefined || value.length < 4 || !envValues.some((v) => v.includes(value))) continue;
        refs.push({ variable, name: secretName(plan.app, plan.domain, variable, value), value });
      }
      // a mount of one file Summoner writes (its copy lives on this node only): the file itself travels as a secret
      for (const m of c.mounts) {
        const f = fileAt.get(path.resolve(m.source));
        if (!f) continue;
        if (Buffer.byteLength(f.content) > MAX_SECRET_BYTES) {
          throw new SummonerError('plan.file_too_large', `${path.basename(f.path)} (mounted at ${m.target}) is over 500 KB: a Swarm carries config files as Docker secrets, which are at most 500 KB`, {
            hint: 'keep the big file in a volume of the app instead of a config file',
          });
        }
        const file = { target: m.target, mode: f.mode, uid: f.owner?.uid ?? 0, gid: f.owner?.gid ?? 0 };
        refs.push({ variable: m.target, name: secretName(plan.app, plan.domain, `file${m.target}`, `${file.mode}:${file.uid}:${file.gid}:${f.content}`), value: f.content, file });
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
  async function ensureDockerSecrets(app: string, refs: Map<string, SecretRef[]>): Promise<Map<string, SecretMount[]>> {
    const byName = new Map<string, SecretMount>();
    const out = new Map<string, SecretMount[]>();
    for (const [container, list] of refs) {
      const mounts: SecretMount[] = [];
      for (const r of list) {
        let m = byName.get(r.name);
        if (!m) {
          const res = await ensureSecret(engine, r.name, r.value, { ...selector(domain, app), ...(r.file ? { [FILE_LABEL]: r.file.target } : { [SECRET_LABEL]: r.variable }) });
          m = { variable: r.variable, name: r.name, id: res.info.id, ...(r.file ? { file: r.file } : {}) };
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
    if (!(await pollWhile(async () => (await serviceContainers(engine, serviceId, { running: true })).length > 0, timeoutMs))) {
      log.warn({ service: serviceId }, 'task containers still there after the service was removed');
      return;
    }
    // A job's exited container is not always removed once its service is gone (seen on Engine 20.10): a dismiss
    // waited its whole minute for it, and it stayed behind. Nothing runs any more: what is left is removed here.
    for (const id of await serviceContainers(engine, serviceId)) await removeContainer(engine, id).catch(() => undefined);
  }

  /**
   * Scale to 0 and wait until no task container runs (a clean stop, for a consistent cold copy). Bounded at two
   * minutes: a task on another node is seen stopped only when its agent reports it, which took over a minute on a
   * loaded 2-core host running three nested nodes (an update failed there at 60 s, in a full docker test run).
   */
  async function scaleDown(name: string, timeoutMs = 120_000): Promise<void> {
    const s = await settledService(name);
    if (!s || isJob(s)) return; // a job's task has exited already; its mode cannot become Replicated
    const toZero = (spec: SwarmServiceSpec): SwarmServiceSpec => ({ ...spec, Mode: { Replicated: { Replicas: 0 } } });
    if (replicasOf(s) !== 0) await updateService(engine, name, toZero);
    const end = Date.now() + timeoutMs;
    // Swarm's agent normally stops the task within its grace period; on a loaded node it was seen to leave a
    // task running for over a minute after the scale to 0. Past this point the container itself is stopped
    // (the service wants 0 replicas, so nothing restarts it).
    const nudgeAt = Date.now() + Math.min(20_000, timeoutMs / 2);
    let nudged = false;
    let staleSince: number | undefined;
    for (;;) {
      const running = await serviceContainers(engine, s.id, { running: true });
      // a task on another node has no container here: its state in the manager's task list tells when it stopped
      // (a database's folders are swapped or archived only then)
      const elsewhere = (await listTasks(engine, s.id)).filter((t) => NOT_STOPPED.has(t.state));
      if (!running.length && !elsewhere.length) return;
      // Past the nudge, a task of this node that the manager still calls running while no container of it runs
      // here is a report this node's agent has not sent (seen once in CI, the nested nodes' gossip timing out):
      // this engine's own containers are the truth for this node, so it counts as stopped once that holds 5 s.
      if (nudged && onlyStaleHere(running, elsewhere, nodeId || (nodeId = (await swarmState(engine)).nodeId))) {
        staleSince ??= Date.now();
        if (Date.now() - staleSince >= 5_000) {
          log.warn({ service: name, tasks: elsewhere.map((t) => t.slot) }, 'swarm still reports a task running on this node, whose container has stopped: taken as stopped');
          return;
        }
      } else staleSince = undefined;
      if (!nudged && Date.now() > nudgeAt) {
        nudged = true;
        // A task the manager still wants running was started by a rollout the scale to 0 raced (its updater replaced
        // the slot after the orchestrator had emptied it; seen in CI, the task kept for two minutes). Stopping its
        // container would only make Swarm start another: the scale is written again, and the orchestrator, woken by
        // it, removes the task.
        if (elsewhere.some((t) => t.desiredState === 'running')) {
          log.warn({ service: name, tasks: elsewhere.map((t) => t.slot) }, 'swarm still wants a task running after the scale to 0: scaling to 0 again');
          await updateService(engine, name, toZero);
        }
        log.warn({ service: name, containers: running.length }, 'swarm left a task running after the scale to 0: stopping its container');
        for (const id of running) {
          await stopContainer(engine, id, 10).catch((err: unknown) =>
            log.warn({ service: name, container: id.slice(0, 12), code: isSummonerError(err) ? err.code : 'unknown' }, 'could not stop the task container'),
          );
        }
        continue;
      }
      if (Date.now() > end) {
        // say which task is left, where, and what its node is doing: a CI run saw this once and could not tell
        const left = await leftTasks(elsewhere).catch(() => '');
        throw new SummonerError('swarm.stop_timeout', `${name} did not stop within ${timeoutMs / 1000} s${left ? `: ${left}` : ''}`);
      }
      await sleep(250);
    }
  }

  /**
   * The service once no rollout of it is under way. A scale to 0 written while Swarm's updater is still replacing a
   * task races it: the updater can start the slot's new task after the orchestrator emptied it, and nothing stops
   * that task. A hand change or a previous update still rolling is waited for, bounded (a paused rollout is settled).
   */
  async function settledService(name: string, timeoutMs = 60_000): Promise<ServiceInfo | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = await inspectService(engine, name);
      if (!s || !ROLLING.has(s.updateState ?? '')) return s;
      if (Date.now() > end) {
        log.warn({ service: name, update: s.updateState }, 'a rollout of the service is still under way; going on');
        return s;
      }
      await sleep(250);
    }
  }

  /** The tasks still not stopped, as "task 1 running since 03:12:11 on worker2 (node ready, active)". */
  async function leftTasks(tasks: TaskInfo[]): Promise<string> {
    const nodes = new Map((await listNodes(engine)).map((n) => [n.id, n]));
    return tasks
      .map((t) => {
        const n = nodes.get(t.nodeId);
        const since = t.at ? ` since ${t.at.toISOString().slice(11, 19)}` : '';
        const where = n ? `${n.hostname} (node ${n.state}, ${n.availability})` : `node ${t.nodeId.slice(0, 12) || 'unassigned'}`;
        return `task ${t.slot} ${t.state}${since} on ${where}, desired ${t.desiredState}${t.message ? ` (${t.message})` : ''}`;
      })
      .join('; ');
  }

  /**
   * Wait until Swarm's task reaper has deleted the tasks it is removing (desired state `remove`: a scale to 0 gives
   * every task that, and the reaper deletes each once it stopped). A service removed meanwhile makes the manager's
   * orchestrator look up each of its tasks again, and the Engine 20.10 (swarmkit) manager dereferences the one the
   * reaper just deleted: its dockerd panics (`SetServiceTasksRemove`, service.go:78; seen in the test Swarm, where a
   * `dismiss --purge` after the cold copy's scale to 0 took the manager down). Bounded: past it the service is
   * removed anyway.
   */
  async function waitReaped(serviceId: string, timeoutMs = 30_000): Promise<void> {
    if (!(await pollWhile(async () => (await listTasks(engine, serviceId)).some((t) => t.desiredState === 'remove'), timeoutMs))) {
      log.warn({ service: serviceId, waitedS: timeoutMs / 1000 }, 'tasks still being removed by Swarm: removing the service anyway');
    }
  }

  async function removeServiceAndWait(name: string): Promise<boolean> {
    const s = await inspectService(engine, name);
    if (!s) return false;
    await waitReaped(s.id);
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


  async function serviceOrThrow(name: string): Promise<ServiceInfo> {
    const s = await inspectService(engine, name);
    if (!s) throw new SummonerError('engine.not_found', `service ${name} is gone`);
    return s;
  }

  /** Back to at least one replica, tasks replaced (a restart, or a start after a stop). */
  async function forceUp(u: LiveUnit): Promise<StartedUnit> {
    const s = await serviceOrThrow(u.name);
    const { forceUpdate } = await updateService(
      engine,
      u.name,
      // back to the count `scale` asked for (a cold backup's stop set it to 0)
      (spec) => ({ ...spec, Mode: { Replicated: { Replicas: scaleOf(spec.Labels) ?? Math.max(1, spec.Mode?.Replicated?.Replicas ?? 1) } } }),
      { force: true },
    );
    return { name: u.name, ref: { id: s.id, name: u.name, filter: { forceUpdate } } satisfies ServiceStart };
  }

  return {
    kind: 'swarm',
    // its own journal folder: entries name services and overlays, which the standalone core must not read
    journalName: 'deploying-swarm',
    startKey: 'creatingService',
    secretRefs,
    async ready() {
      nodeId = await requireManager();
    },
    async live(app) {
      const list = (await listServices(engine, selector(domain, app))).sort(byRole);
      return Promise.all(list.map(async (info) => serviceUnit(info, await tasksOf(engine, info))));
    },
    async leftovers(app) {
      const nets = (await listOverlays(engine, selector(domain, app))).filter((n) => n.name !== swarmName(proxyNetwork));
      return { networks: nets.map((n) => n.name), others: (await listSecrets(engine, selector(domain, app))).length };
    },
    async healthyNow(u) {
      const s = await inspectService(engine, u.name);
      return !!s && checkServiceOnce(engine, s, parseHealth(u.labels[EXTRA_LABEL.health]));
    },
    checkPlan: checkNetworks,
    namesOf(plan) {
      return {
        units: plan.containers.map((c) => swarmName(c.name)),
        networks: plan.networks.map((n) => swarmName(n.name)).filter((n) => n !== swarmName(proxyNetwork)),
      };
    },
    unitName: (c) => swarmName(c.name),
    async pull(plan: DeployPlan, reporter: Reporter, overrides: Record<string, string> = {}) {
      // pulled here first (this node runs the tasks of services with data): progress in chat, and a missing
      // image is `image.missing` before anything exists
      const progress = throttled(reporter);
      for (const ref of new Set(plan.containers.map((c) => overrides[swarmName(c.name)] ?? c.image))) {
        reporter.step(`image ${ref}`);
        await ensureImage(engine, ref, (p) => progress(p.text));
      }
    },
    async ensureNetworks(plan) {
      const created: string[] = [];
      for (const n of plan.networks) {
        const name = swarmName(n.name);
        const r = await ensureOverlayNetwork(engine, { name, internal: n.internal, labels: n.labels });
        if (r.created && name !== swarmName(proxyNetwork)) created.push(name);
      }
      return created;
    },
    async prepare(plan, secrets) {
      return ensureDockerSecrets(plan.app, secretRefs(plan, secrets));
    },
    async start(plan: DeployPlan, c: ContainerPlan, opts) {
      if (!nodeId) nodeId = await requireManager();
      const container = opts.imageOverride ? { ...c, image: opts.imageOverride } : c;
      const mounts = (opts.prepared as Map<string, SecretMount[]> | undefined)?.get(c.name) ?? [];
      const name = swarmName(c.name);
      const cur = await inspectService(engine, name);
      // a database stays on the node that holds its folders, recorded there as a node label (looked up at every start)
      let dataConstraint: string | undefined;
      if (c.role === 'db') {
        const where = dataPlacement(plan.app, await listNodes(engine), cur ? { spec: cur.spec, tasks: await listTasks(engine, cur.id) } : undefined, nodeId);
        if (where.label) await setNodeLabel(engine, where.label.nodeId, where.label.key, where.label.value);
        log.info({ app: plan.app, service: name, node: where.why }, 'the database runs on the node that holds its data');
        dataConstraint = where.constraint;
      }
      // the task count `scale` asked for holds through updates, for a service that still keeps no data
      const scaled = cur && !c.mounts.length ? scaleOf(cur.labels) : undefined;
      const extraLabels = scaled ? { ...opts.labels, [LABEL.scale]: String(scaled) } : opts.labels;
      const { spec } = serviceSpecOf({ container, proxyNetwork, secrets: mounts, extraLabels, nodeId, ...(dataConstraint ? { dataConstraint } : {}), ...(scaled ? { replicas: scaled } : {}) });
      let ref: ServiceStart;
      if (cur) {
        const r = await updateService(engine, name, () => spec, { force: true });
        ref = { id: cur.id, name, filter: { forceUpdate: r.forceUpdate, image: container.image } };
      } else {
        ref = { id: await createService(engine, spec), name, filter: { forceUpdate: 0, image: container.image } };
      }
      return { name, ref };
    },
    async waitHealthy(s, spec, redact, signal) {
      const r = s.ref as ServiceStart;
      // a service that carries its exec check as HEALTHCHECK (spec.ts healthcheckOf: every one this target
      // creates; a spec put back from before may not) is checked by Swarm itself before its task runs
      const info = await inspectService(engine, r.name);
      const checkedBySwarm = !!spec?.exec?.length && hasHealthcheck(info);
      await waitServiceHealthy(engine, { id: r.id, name: r.name }, spec ?? DEFAULT_HEALTH, { filter: r.filter, redact, startTimeoutS: TASK_START_S, checkedBySwarm, ...(signal ? { signal } : {}) });
      // a scaled service (`scale`): every task of this generation, not only the first, before it counts as started
      const wanted = info ? replicasOf(info) : 1;
      if (wanted > 1) await waitTasksRunning(engine, { id: r.id, name: r.name }, wanted, { filter: r.filter, timeoutS: (spec ?? DEFAULT_HEALTH).timeoutS + TASK_START_S, ...(signal ? { signal } : {}) });
    },
    async waitDone(s, timeoutS, redact, signal) {
      // a job service (spec.ts: ReplicatedJob, no restart): its one task of this generation completes or fails
      const r = s.ref as ServiceStart;
      const end = Date.now() + (Math.max(30, timeoutS) + TASK_START_S) * 1000;
      for (;;) {
        if (signal?.aborted) throw new SummonerError('deploy.job_timeout', `waiting for ${r.name} was called off`);
        const tasks = await tasksOf(engine, { id: r.id, name: r.name }, { forceUpdate: r.filter.forceUpdate });
        if (tasks.some((t) => t.state === 'complete')) return;
        const bad = tasks.find((t) => t.state === 'failed' || t.state === 'rejected' || t.state === 'orphaned');
        if (bad || Date.now() > end) {
          const why = bad ? redact(bad.err ?? bad.message ?? bad.state) : `not done after ${Math.max(30, timeoutS) + TASK_START_S} s`;
          const last = await lastLines(engine, bad?.containerId, redact);
          throw new SummonerError('deploy.job_failed', `${r.name}: ${why}${last.length ? `; its last lines:\n${last.join('\n')}` : ''}`, {
            hint: 'a job must exit 0 before the services that depend on it start; read its logs (`docker service logs`)',
          });
        }
        await pause(START_POLL_MS, signal);
      }
    },
    stop: (u) => scaleDown(u.name),
    resume: forceUp,
    restart: forceUp,
    remove: removeServiceAndWait,
    removeNetwork: removeNetworkPatiently,
    async tidy(app) {
      await pruneSecrets(app);
    },
    async forgetData(app) {
      // only the label Summoner sets: the single `summoner.data=<app>` of earlier versions is the operator's
      const key = dataLabelKey(app);
      for (const n of await listNodes(engine)) if (n.labels[key] !== undefined) await setNodeLabel(engine, n.id, key, undefined);
    },
    async hold(units) {
      // the specs as they run (before the scale to 0): what putBack writes again
      const specs = new Map<string, SwarmServiceSpec>();
      for (const u of units) specs.set(u.name, structuredClone((await serviceOrThrow(u.name)).spec));
      return { units, state: specs };
    },
    async setAside() {
      // services are updated in place; their old specs are held
    },
    async discard(started, held) {
      const heldNames = new Set(held.units.map((u) => u.name));
      for (const u of [...held.units].reverse()) await scaleDown(u.name);
      // services the swap created (not in the old version) go
      for (const s of [...started].reverse()) if (!heldNames.has(s.name)) await removeServiceAndWait(s.name);
    },
    async putBack(held: HeldUnits) {
      const specs = held.state as Map<string, SwarmServiceSpec>;
      const out: StartedUnit[] = [];
      for (const u of held.units) {
        if (u.role === 'job') continue;
        const spec = specs.get(u.name)!;
        const s = await serviceOrThrow(u.name);
        const { forceUpdate } = await updateService(engine, u.name, () => structuredClone(spec), { force: true });
        out.push({ name: u.name, ref: { id: s.id, name: u.name, filter: { forceUpdate } } satisfies ServiceStart });
      }
      return out;
    },
    async release(held) {
      const app = held.units[0]?.labels[LABEL.app];
      if (app) await pruneSecrets(app);
    },
    ping: () => ping(engine),
  };
}
