// `scale <app> <n>` on a Swarm: several tasks of the app's web and worker services that keep no data, on any
// node. The count is written on the service (label summoner.scale), so restarts, updates and the stop/start of a
// cold backup keep it (target.ts), and the recorded spec hash follows, so it is not reported as a change by hand.
// The new count is proven (every task running, checked) before the call returns; otherwise the old one is put back.
import { SummonerError, isSummonerError } from '../../errors.js';
import { EXTRA_LABEL, listServices, networkNames, nodeHostnames, selector, updateService, type Engine, type ServiceInfo, type SwarmTaskSpec } from '../engine/index.js';
import type { JobQueue } from '../jobs.js';
import { parseHealth, safeReporter, type Reporter } from '../reporting.js';
import type { ScaleResult } from '../services.js';
import { LABEL } from '../types.js';
import { checkServiceOnce, waitTasksRunning } from './health.js';
import { effectiveOf, hashSwarmSpec, MAX_SCALE } from './spec.js';
import { isJob, replicasOf, TASK_START_S } from './target.js';

/** Why a service runs one task, or undefined when it may run several: web and worker services without data folders. */
export function whyNotScalable(s: ServiceInfo): string | undefined {
  const role = s.labels[LABEL.role] ?? '';
  if (isJob(s)) return 'a job runs once';
  if (role === 'db') return 'a database runs once, on the node that holds its data';
  if (role !== 'app' && role !== 'web' && role !== 'worker') return `a ${role || 'service'} of this role runs once`;
  // config files travel as Docker secrets (no mount); every mount is a folder of its data on one node
  const mounts = ((s.spec.TaskTemplate ?? {}) as SwarmTaskSpec).ContainerSpec?.Mounts ?? [];
  const data = mounts.filter((m) => m.Type !== 'tmpfs').map((m) => m.Target ?? '?');
  if (data.length) return `it keeps data in ${data.join(', ')}: its tasks would share those folders`;
  return undefined;
}

export function createScale(engine: Engine, domain: string, jobs: JobQueue) {
  /** Set the count, with its label and the recorded hash (Summoner's own change: no drift). */
  async function setReplicas(name: string, n: number, names: Map<string, string>): Promise<void> {
    await updateService(engine, name, (spec) => {
      const labels: Record<string, string> = { ...(spec.Labels ?? {}), [LABEL.scale]: String(n) };
      const next = { ...spec, Labels: labels, Mode: { Replicated: { Replicas: n } } };
      labels[LABEL.config] = hashSwarmSpec(effectiveOf(next, (id) => names.get(id) ?? id));
      return next;
    });
  }

  /** Until exactly n tasks run (and pass the check Summoner runs itself, for a service Swarm does not check). */
  async function waitTasks(s: ServiceInfo, n: number, reporter: Reporter): Promise<string[]> {
    const health = parseHealth(s.labels[EXTRA_LABEL.health]);
    const timeoutS = (health?.timeoutS ?? 60) + TASK_START_S;
    const running = await waitTasksRunning(engine, s, n, { exact: true, timeoutS, onCount: (k) => reporter.step(`${s.name}: ${k} of ${n} task(s) running`) });
    if (health?.http && !(await checkServiceOnce(engine, s, health))) throw new SummonerError('scale.failed', `${s.name}: its tasks run but do not pass the check over HTTP`);
    return running.map((t) => t.nodeId);
  }

  async function scale(app: string, n: number, reporter0: Reporter): Promise<ScaleResult> {
    const reporter = safeReporter(reporter0);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SCALE) {
      throw new SummonerError('command.invalid_args', `a service runs 1 to ${MAX_SCALE} tasks, not ${n}`, { hint: n < 1 ? `to stop ${app}, \`dismiss ${app}\` (its data is kept)` : undefined });
    }
    return jobs.run(app, `scale ${app}`, async () => {
      const t0 = Date.now();
      const live = await listServices(engine, selector(domain, app));
      if (!live.length) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: `\`summon ${app}\` first` });
      const kept = live.flatMap((s) => {
        const why = whyNotScalable(s);
        return why ? [{ service: s.name, why }] : [];
      });
      const scalable = live.filter((s) => !whyNotScalable(s));
      if (!scalable.length) {
        throw new SummonerError('scale.nothing', `${app} has no service that can run several tasks: ${kept.map((k) => `${k.service}: ${k.why}`).join('; ')}`, {
          hint: 'web and worker services without data folders scale; keep uploads and state in the database or in object storage to scale a web service',
        });
      }
      const names = await networkNames(engine);
      const before = new Map(scalable.map((s) => [s.name, replicasOf(s)]));
      const nodes = new Map<string, string[]>();
      try {
        for (const s of scalable) {
          reporter.step(`${s.name}: ${before.get(s.name)} → ${n} task(s)`);
          await setReplicas(s.name, n, names);
        }
        for (const s of scalable) nodes.set(s.name, await waitTasks(s, n, reporter));
      } catch (err) {
        // what ran before was proven: back to it
        reporter.step(`back to what ran before: ${[...before].map(([s, r]) => `${s} ${r}`).join(', ')}`, { cleanup: true });
        for (const [name, r] of before) await setReplicas(name, r, names).catch(() => undefined);
        const why = isSummonerError(err) ? err.message : (err as Error).message;
        throw new SummonerError('scale.failed', `${app} could not run ${n} task(s) per service (${why}); it runs as before`, { cause: err });
      }
      const hosts = await nodeHostnames(engine).catch(() => new Map<string, string>());
      return {
        app,
        replicas: n,
        scaled: scalable.map((s) => ({ service: s.name, from: before.get(s.name)!, nodes: (nodes.get(s.name) ?? []).map((id) => hosts.get(id) ?? id.slice(0, 12)).sort() })),
        kept,
        ms: Date.now() - t0,
      };
    }, (t) => reporter.step(t));
  }

  return { scale };
}
