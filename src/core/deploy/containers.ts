// The deploy target for standalone containers: one container per unit, renamed `*-prev` while a swap
// proves its replacement. Only engine objects here; the order of a deploy is the lifecycle's.
import type { Config } from '../../config/schema.js';
import { SummonerError } from '../../errors.js';
import {
  ASIDE_SUFFIX,
  EXTRA_LABEL,
  checkOnce,
  containerLogs,
  waitExit,
  createContainer,
  ensureImage,
  ensureNetwork,
  inspectContainer,
  inspectImage,
  listContainers,
  listNetworks,
  removeContainer,
  removeNetwork,
  renameContainer,
  restartContainer,
  selector,
  signalStop,
  startContainer,
  stopContainer,
  waitHealthy,
  type ContainerInfo,
  type Engine,
  type ImageInfo,
} from '../engine/index.js';
import { byRole, parseHealth, said, throttled, type Reporter } from '../reporting.js';
import { LABEL, PROXIED_ROLES, type ContainerPlan, type DeployPlan } from '../types.js';
import type { DeployTarget, HeldUnits, LiveUnit, StartedUnit } from './target.js';

/** Where a unit's health is probed: on the proxy network (where the proxy reaches it), else its first one. */
interface Probe {
  network?: string;
}

/** A container as a unit of the lifecycle. */
export const containerUnit = (c: ContainerInfo): LiveUnit => ({
  name: c.name,
  role: c.labels[LABEL.role] ?? '?',
  labels: c.labels,
  image: c.image,
  pin: c.imageId,
  running: c.state === 'running',
  aside: c.name.endsWith(ASIDE_SUFFIX),
});

export function containerTarget(engine: Engine, config: Config): DeployTarget & { inspectAll(app?: string): Promise<ContainerInfo[]> } {
  const domain = config.domain;
  const proxyNetwork = config.engine.proxyNetwork;

  const unitOf = containerUnit;

  async function inspectAll(app?: string): Promise<ContainerInfo[]> {
    const list = await listContainers(engine, selector(domain, app));
    const infos = await Promise.all(list.map((c) => inspectContainer(engine, c.id)));
    return infos.filter((c): c is ContainerInfo => !!c).sort(byRole);
  }

  const networkOfRole = (role: string, networks: string[]) => (PROXIED_ROLES.has(role) ? proxyNetwork : networks[0]);
  const started = (name: string, network: string | undefined): StartedUnit => ({ name, ref: { ...(network ? { network } : {}) } satisfies Probe });

  async function imageOrThrow(ref: string, pinned: boolean): Promise<ImageInfo> {
    const i = await inspectImage(engine, ref);
    if (i) return i;
    if (pinned) throw new SummonerError('image.missing', `the pinned image ${ref} is no longer on this host`, { hint: 'it was pruned; update to a version instead' });
    throw new SummonerError('image.missing', `image ${ref} is not here`);
  }

  async function startAndProbe(u: LiveUnit): Promise<StartedUnit> {
    await startContainer(engine, u.name);
    const info = await inspectContainer(engine, u.name);
    return started(u.name, networkOfRole(u.role, Object.keys(info?.networks ?? {})));
  }

  return {
    kind: 'containers',
    journalName: 'deploying',
    startKey: 'starting',
    inspectAll,
    async ready() {},
    async live(app) {
      return (await inspectAll(app)).map(unitOf);
    },
    async leftovers(app) {
      const nets = await listNetworks(engine, selector(domain, app));
      return { networks: nets.map((n) => n.name).filter((n) => n !== proxyNetwork), others: 0 };
    },
    async healthyNow(u) {
      const spec = parseHealth(u.labels[EXTRA_LABEL.health]);
      return spec ? checkOnce(engine, u.name, spec, proxyNetwork) : true;
    },
    async checkPlan() {},
    namesOf(plan) {
      return { units: plan.containers.map((c) => c.name), networks: plan.networks.map((n) => n.name).filter((n) => n !== proxyNetwork) };
    },
    unitName: (c) => c.name,
    async pull(plan: DeployPlan, reporter: Reporter, overrides: Record<string, string> = {}) {
      const progress = throttled(reporter);
      // a rollback pin is an image id: it is here or it is gone (checked at start), never pulled
      const refs = new Set(plan.containers.filter((c) => !overrides[c.name]).map((c) => c.image));
      for (const ref of refs) {
        reporter.step(...said('image', [ref]));
        await ensureImage(engine, ref, (p) => progress(p.text));
      }
    },
    async ensureNetworks(plan) {
      const created: string[] = [];
      for (const n of plan.networks) {
        const r = await ensureNetwork(engine, n);
        if (r.created && n.name !== proxyNetwork) created.push(n.name);
      }
      return created;
    },
    async prepare() {
      return undefined;
    },
    async start(plan: DeployPlan, c: ContainerPlan, opts) {
      const image = await imageOrThrow(opts.imageOverride ?? c.image, !!opts.imageOverride);
      await createContainer(engine, c, image, {
        noAliasNetworks: [proxyNetwork],
        publishAddress: config.engine.publishAddress,
        extraLabels: opts.labels,
        ...(opts.imageOverride ? { imageOverride: opts.imageOverride } : {}),
      });
      await startContainer(engine, c.name);
      return started(c.name, c.networks.includes(proxyNetwork) ? proxyNetwork : c.networks[0]);
    },
    async waitHealthy(s, spec, redact, signal) {
      if (!spec) return;
      const { network } = (s.ref ?? {}) as Probe;
      await waitHealthy(engine, s.name, spec, { ...(network ? { network } : {}), redact, ...(signal ? { signal } : {}) });
    },
    async waitDone(s, timeoutS, redact, signal) {
      const code = await waitExit(engine, s.name, timeoutS * 1000, signal);
      if (code === 0) return;
      const last = (await containerLogs(engine, s.name, 10).catch(() => [])).map((l) => redact(l.text));
      throw new SummonerError('deploy.job_failed', `${s.name} exited with ${code}${last.length ? `; its last lines:\n${last.join('\n')}` : ''}`, {
        hint: 'a job must exit 0 before the services that depend on it start; read its logs',
      });
    },
    async stop(u) {
      await stopContainer(engine, u.name, 30);
    },
    interrupt: (u) => signalStop(engine, u.name),
    resume: startAndProbe,
    async restart(u) {
      await restartContainer(engine, u.name, 30);
      const info = await inspectContainer(engine, u.name);
      return started(u.name, networkOfRole(u.role, Object.keys(info?.networks ?? {})));
    },
    remove: (name) => removeContainer(engine, name),
    removeNetwork: (name) => removeNetwork(engine, name),
    async tidy() {},
    async hold(units) {
      return { units, state: { aside: [] as string[] } };
    },
    async setAside(held: HeldUnits) {
      const aside = (held.state as { aside: string[] }).aside;
      // stale leftovers of an interrupted swap make way
      for (const u of held.units) await removeContainer(engine, u.name + ASIDE_SUFFIX);
      for (const u of held.units) {
        await renameContainer(engine, u.name, u.name + ASIDE_SUFFIX);
        aside.push(u.name);
      }
    },
    async discard(list, held, planned) {
      const aside = (held.state as { aside: string[] }).aside;
      const failed: string[] = [];
      for (const s of [...list].reverse()) if (!(await removeContainer(engine, s.name).then(() => true, () => false))) failed.push(s.name);
      // containers of the plan under their final names that were not recorded (a create raced) go too
      for (const n of planned) if (!aside.includes(n)) await removeContainer(engine, n);
      if (failed.length) throw new SummonerError('engine.error', `could not remove ${failed.join(', ')}`);
    },
    async putBack(held) {
      const aside = (held.state as { aside: string[] }).aside;
      for (const name of aside) {
        await removeContainer(engine, name);
        await renameContainer(engine, name + ASIDE_SUFFIX, name);
      }
      aside.length = 0;
      const out: StartedUnit[] = [];
      for (const u of held.units) if (u.role !== 'job') out.push(await startAndProbe(u));
      return out;
    },
    async release(held) {
      for (const u of held.units) await removeContainer(engine, u.name + ASIDE_SUFFIX).catch(() => undefined);
    },
    ping: () => engine.docker.ping(),
  } satisfies DeployTarget & { inspectAll(app?: string): Promise<ContainerInfo[]> };
}
