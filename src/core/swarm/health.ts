// The health gate for a service: its task must be running and the plan's HealthSpec must pass.
//
// Where the check runs (found on this machine, Docker 20.10, single-node swarm):
// - overlay addresses (10.0.x.x) are NOT reachable from the host: they live in the overlay's namespace,
//   and a GET to one leaves by the default route; here something outside even answered it (404). So the
//   host never probes an overlay address.
// - every task container that has a non-internal overlay network also gets an endpoint on the local bridge
//   `docker_gwbridge` (172.x), which the host reaches like any bridge address. An HTTP check uses it: the
//   same host-side GET as standalone, no tools needed inside the image. (The app is always on the proxy
//   network, which is not internal, so it always has one.)
// - a task with only internal networks (a database) has no gwbridge endpoint; an HTTP check then runs
//   inside the task container (`wget`, else `curl`, against 127.0.0.1), and an `exec` check runs there
//   anyway, as in standalone.
// - a task on another node: its container is not this engine's to inspect or exec into. An exec check is the
//   service's own HEALTHCHECK (./spec.ts), and Swarm reports such a task `running` only once it passed (and
//   replaces it when it fails), so `running` there is the check; services with an HTTP check are pinned to
//   this node (spec.ts `pinnedHere`), and one found elsewhere is not called healthy.
// A task that fails, is rejected or exits is `swarm.task_failed` (or `image.missing` when the node has no
// such image) with its last log lines, redacted by the caller's `redact`.
import { SummonerError } from '../../errors.js';
import {
  containerLogs,
  execIn,
  gatewayAddress,
  httpGet,
  isRunningTask,
  listTasks,
  pause,
  swarmState,
  type Engine,
  type TaskInfo,
} from '../engine/index.js';
import type { HealthSpec } from '../types.js';

export interface ServiceRef {
  id: string;
  name: string;
}

/** Which tasks belong to the deployment being checked (older generations are ignored). */
export interface TaskFilter {
  forceUpdate: number;
  image?: string;
}

export interface ServiceHealthOptions {
  filter: TaskFilter;
  redact?: (text: string) => string;
  onAttempt?: (attempt: number, reason: string) => void;
  /** Time allowed for the task to get to `running` (pull, start), on top of the health timeout. */
  startTimeoutS?: number;
  /**
   * The service carries the exec check as its own HEALTHCHECK (spec.ts): Swarm holds a new task in `starting`
   * until that check passed, so `running` is the check, on this node as on others (no second exec here).
   */
  checkedBySwarm?: boolean;
  /** The deploy was called off: stop waiting. */
  signal?: AbortSignal;
}

export interface ServiceHealthResult {
  attempts: number;
  ms: number;
  target: string;
  task: TaskInfo;
}

/** How often a task that does not run yet is looked at. */
export const START_POLL_MS = 250;
const FAILED = new Set(['failed', 'rejected', 'complete', 'orphaned']);
/**
 * A rejection Swarm itself recovers from: a node label set just before the service was created reached the
 * manager's scheduler before the node's own agent, which then refuses the task; the orchestrator places a new
 * one (seen on the three-node test Swarm). Waiting on is right; failing the summon was not.
 */
const TRANSIENT_REJECTION = /assigned node no longer meets constraints/i;
export const hasFailed = (t: TaskInfo) => FAILED.has(t.state) && !(t.state === 'rejected' && TRANSIENT_REJECTION.test(t.err ?? ''));
const IMAGE_MISSING = /no such image|manifest unknown|pull access denied|repository does not exist|not found: manifest|image .* not found/i;

const url = (host: string, spec: NonNullable<HealthSpec['http']>) =>
  `http://${host}:${spec.port}${spec.path.startsWith('/') ? '' : '/'}${spec.path}`;

export async function lastLines(engine: Engine, containerId: string | undefined, redact: (s: string) => string, n = 10): Promise<string[]> {
  if (!containerId) return [];
  try {
    return (await containerLogs(engine, containerId, n)).map((l) => redact(l.text));
  } catch {
    return []; // the container went with its task
  }
}

export async function taskFailure(engine: Engine, service: ServiceRef, t: TaskInfo, redact: (s: string) => string): Promise<SummonerError> {
  const why = t.err ?? (t.state === 'complete' ? `exited with code ${t.exitCode ?? 0}` : t.message ?? t.state);
  if (t.state === 'rejected' && IMAGE_MISSING.test(why)) {
    return new SummonerError('image.missing', `${service.name}: the node has no image ${t.image} (${why})`, {
      hint: 'check the version (`versions <app>`) and that every node can pull from the registry',
    });
  }
  const lines = await lastLines(engine, t.containerId, redact);
  return new SummonerError('swarm.task_failed', `${service.name}: its task ${t.state === 'complete' ? 'stopped' : t.state} (${redact(why)})${lines.length ? `; last lines:\n${lines.join('\n')}` : ''}`, {
    hint: 'read its logs (`logs <app>`, `docker service ps --no-trunc`); check the image version and its settings',
  });
}

const localNodes = new WeakMap<Engine, Promise<string>>();
/** This engine's own node id (asked once per engine). */
function localNode(engine: Engine): Promise<string> {
  let p = localNodes.get(engine);
  if (!p) {
    p = swarmState(engine).then((s) => s.nodeId);
    p.catch(() => localNodes.delete(engine));
    localNodes.set(engine, p);
  }
  return p;
}

/** One probe of a running task; resolves with a reason when it does not pass. */
export async function probe(engine: Engine, t: TaskInfo, spec: HealthSpec, timeoutMs: number): Promise<{ ok: boolean; reason: string; target: string }> {
  const cid = t.containerId;
  if (!cid) return { ok: false, reason: 'task has no container yet', target: 'task' };
  if (t.nodeId && t.nodeId !== (await localNode(engine))) {
    const target = `task on node ${t.nodeId}`;
    if (spec.http) return { ok: false, reason: 'it runs on another node, and its HTTP check runs only from this one', target };
    return { ok: true, reason: spec.exec ? 'Swarm reports it running once its HEALTHCHECK passed' : 'running', target };
  }
  if (spec.http) {
    // with a probe in the engine (Summoner in a container, off the apps' networks) the gateway address is not
    // reachable either: the check runs inside the task container
    const ip = engine.prober?.kind === "engine" ? undefined : await gatewayAddress(engine, cid);
    if (ip) {
      const target = url(ip, spec.http);
      try {
        const r = await httpGet(target, timeoutMs);
        const ok = spec.http.expect ? r.status === spec.http.expect : r.status >= 200 && r.status < 400;
        return { ok, reason: `HTTP ${r.status}`, target };
      } catch (err) {
        return { ok: false, reason: err instanceof Error ? err.message : String(err), target };
      }
    }
    // inside the container; busybox's `wget -T` crashes on Debian's build, so the exec's own timeout is used
    const inside = url('127.0.0.1', spec.http);
    let reason = 'no wget or curl in the image to check it from inside';
    for (const argv of [['wget', '-q', '-O', '/dev/null', inside], ['curl', '-fsS', '-o', '/dev/null', inside]]) {
      try {
        const r = await execIn(engine, cid, argv, { timeoutMs: Math.max(5000, timeoutMs) });
        if (r.exitCode === 0) return { ok: true, reason: 'ok', target: `${argv[0]} ${inside} (inside)` };
        if (r.exitCode === 126 || r.exitCode === 127) continue;
        return { ok: false, reason: `${argv[0]} exited with ${r.exitCode}`, target: `${argv[0]} ${inside} (inside)` };
      } catch (err) {
        if (err instanceof SummonerError && err.code === 'engine.unreachable') throw err;
        reason = err instanceof Error ? err.message : String(err);
        if (/executable file not found|no such file/i.test(reason)) continue;
        return { ok: false, reason, target: 'inside' };
      }
    }
    return { ok: false, reason, target: 'inside' };
  }
  if (spec.exec?.length) {
    const r = await execIn(engine, cid, spec.exec, { timeoutMs: Math.max(5000, timeoutMs) });
    return { ok: r.exitCode === 0, reason: `exit code ${r.exitCode}`, target: 'exec' };
  }
  return { ok: true, reason: 'running', target: 'running' };
}

/** The tasks of this generation, newest first. */
export async function tasksOf(engine: Engine, service: ServiceRef, filter?: TaskFilter): Promise<TaskInfo[]> {
  const all = await listTasks(engine, service.id);
  return filter ? all.filter((t) => t.forceUpdate === filter.forceUpdate && (!filter.image || t.image === filter.image)) : all;
}

/**
 * Until n tasks (of one generation, when filtered) run, or exactly n (a scale down: the others stopped). Swarm
 * calls a task running once its HEALTHCHECK passed. Bounded; called off by the signal.
 */
export async function waitTasksRunning(
  engine: Engine,
  service: ServiceRef,
  n: number,
  o: { filter?: TaskFilter; timeoutS: number; exact?: boolean; signal?: AbortSignal; onCount?: (running: number) => void },
): Promise<TaskInfo[]> {
  const end = Date.now() + o.timeoutS * 1000;
  let said = -1;
  for (;;) {
    if (o.signal?.aborted) throw new SummonerError('app.unhealthy', `waiting for the tasks of ${service.name} was called off`);
    const tasks = await tasksOf(engine, service, o.filter);
    const running = tasks.filter(isRunningTask);
    if (running.length !== said) o.onCount?.(running.length);
    said = running.length;
    if (o.exact ? running.length === n : running.length >= n) return running;
    const failed = tasks.find((t) => t.desiredState === 'running' && (t.state === 'failed' || t.state === 'rejected'));
    if (failed) throw new SummonerError('swarm.task_failed', `${service.name}: a task ${failed.state} (${failed.err ?? failed.message ?? 'no reason given'})`);
    if (Date.now() > end) throw new SummonerError('app.unhealthy', `${service.name}: ${running.length} of ${n} task(s) running after ${o.timeoutS} s`);
    await pause(START_POLL_MS, o.signal);
  }
}

/** The task that runs now (desired and actual state running), if any. */
export const runningTask = (tasks: readonly TaskInfo[]) => tasks.find(isRunningTask);

/** Wait until a task of this generation runs and passes the check; reject with swarm.task_failed / app.unhealthy. */
export async function waitServiceHealthy(engine: Engine, service: ServiceRef, spec: HealthSpec, opts: ServiceHealthOptions): Promise<ServiceHealthResult> {
  const redact = opts.redact ?? ((s: string) => s);
  const start = Date.now();
  const deadline = start + (spec.timeoutS + (opts.startTimeoutS ?? 60)) * 1000;
  let healthDeadline: number | undefined;
  const interval = Math.max(200, spec.intervalS * 1000);
  let attempt = 0;
  let last = 'no task yet';
  let lastTask: TaskInfo | undefined;
  for (;;) {
    if (opts.signal?.aborted) throw new SummonerError('app.unhealthy', `health check of ${service.name} called off`);
    attempt++;
    const tasks = await tasksOf(engine, service, opts.filter);
    const failed = tasks.find(hasFailed);
    if (failed) throw await taskFailure(engine, service, failed, redact);
    const t = runningTask(tasks);
    lastTask = t ?? tasks[0];
    if (t) {
      healthDeadline ??= Date.now() + spec.timeoutS * 1000;
      if (opts.checkedBySwarm && spec.exec?.length) return { attempts: attempt, ms: Date.now() - start, target: 'HEALTHCHECK (Swarm)', task: t };
      try {
        const r = await probe(engine, t, spec, Math.min(5000, Math.max(1000, interval)));
        if (r.ok) return { attempts: attempt, ms: Date.now() - start, target: r.target, task: t };
        last = r.reason;
      } catch (err) {
        if (err instanceof SummonerError && err.code === 'engine.unreachable') throw err;
        last = err instanceof Error ? err.message : String(err);
      }
    } else {
      last = tasks[0] ? `task ${tasks[0].state}${tasks[0].message ? ` (${tasks[0].message})` : ''}` : 'no task yet';
    }
    opts.onAttempt?.(attempt, last);
    const now = Date.now();
    // the last check is at the deadline, not an interval before it: "within 25 s" means 25 s were given
    const left = Math.min(healthDeadline ?? deadline, deadline) - now;
    if (left <= 0) {
      // one last look: a task that failed meanwhile says more than "unhealthy"
      const after = await tasksOf(engine, service, opts.filter);
      const f = after.find(hasFailed);
      if (f) throw await taskFailure(engine, service, f, redact);
      if (!runningTask(after)) {
        throw new SummonerError('swarm.task_failed', `${service.name}: no task running after ${Math.round((now - start) / 1000)} s (last: ${redact(last)})`, {
          hint: 'see `docker service ps --no-trunc`: a pull that does not end, or no node that can run it',
        });
      }
      const lines = healthDeadline ? await lastLines(engine, lastTask?.containerId, redact, 5) : [];
      throw new SummonerError('app.unhealthy', `${service.name} did not pass its health check within ${spec.timeoutS} s (last: ${redact(last)})${lines.length ? `; last lines:\n${lines.join('\n')}` : ''}`, {
        hint: 'read its logs (`logs <app>`); a slow first start may need a longer health timeout',
      });
    }
    // A task not running yet is looked at every 250 ms (one GET to the manager): its `running` is the gate, and
    // a longer or doubling wait added up to a second to every unit of a deploy (bench:swarm: 2.6 s per gate at
    // 100 ms doubling to 1 s). A running task whose own check fails is probed from 100 ms, doubling to the interval.
    await pause(Math.min(interval, t ? 100 * 2 ** (attempt - 1) : START_POLL_MS, left), opts.signal);
  }
}

/** How long `status` gives one probe: an exec on a loaded node takes seconds to start (3 s read healthy apps as down at load 15). */
export const STATUS_PROBE_MS = 10_000;

/** One check, no waiting (for `status`). */
export async function checkServiceOnce(engine: Engine, service: ServiceRef, spec: HealthSpec | undefined, tasks?: TaskInfo[]): Promise<boolean> {
  const t = runningTask(tasks ?? (await tasksOf(engine, service)));
  if (!t) return false;
  if (!spec) return true;
  try {
    return (await probe(engine, t, spec, STATUS_PROBE_MS)).ok;
  } catch (err) {
    if (err instanceof SummonerError && err.code === 'engine.unreachable') throw err;
    return false;
  }
}
