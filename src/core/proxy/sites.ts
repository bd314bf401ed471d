// Where the proxy's sites come from: a deploy plan (summon, update), or the engine's containers at start
// (the engine is the source of truth: the proxy always matches what runs).
import { listContainers, listServices, selector, ASIDE_SUFFIX, type Engine, type SwarmContainerSpec } from '../engine/index.js';
import type { CatalogView } from '../services.js';
import { LABEL, PROXIED_ROLES, type DeployPlan, type Minion } from '../types.js';
import type { ProxySite } from './render.js';

const DEFAULT_PROXY: Minion['proxy'] = { maxBodySize: '10m', websocket: false, timeoutS: 60 };

/**
 * The plan's sites: its main web service at the app's host, then each other web service at its own. `upstreamOf`
 * names the upstream from the plan's container name (on a Swarm: the service's Swarm-safe name).
 */
export function sitesFromPlan(plan: DeployPlan, minion: Pick<Minion, 'proxy'> | undefined, upstreamOf: (name: string) => string = (n) => n): ProxySite[] {
  return plan.containers
    .filter((c) => PROXIED_ROLES.has(c.role))
    .sort((a, b) => Number(b.role === 'app') - Number(a.role === 'app'))
    .map((c) => ({
      app: plan.app,
      host: c.env.VIRTUAL_HOST ?? new URL(plan.url).hostname,
      upstream: { container: upstreamOf(c.name), port: Number(c.env.VIRTUAL_PORT) },
      ...(minion?.proxy ?? DEFAULT_PROXY),
    }));
}

/** Every web container of the domain (not the ones set aside during an update), read from its env. */
export async function sitesFromEngine(engine: Engine, domain: string, catalog: CatalogView): Promise<ProxySite[]> {
  const list = (await Promise.all([...PROXIED_ROLES].map((role) => listContainers(engine, { ...selector(domain), [LABEL.role]: role })))).flat();
  const sites: ProxySite[] = [];
  for (const c of list) {
    if (c.name.endsWith(ASIDE_SUFFIX)) continue;
    const app = c.labels[LABEL.app];
    if (!app) continue;
    const inspect = await engine.docker.getContainer(c.name).inspect().catch(() => undefined);
    if (!inspect) continue;
    const env = new Map((inspect.Config.Env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
    const host = env.get('VIRTUAL_HOST');
    const port = Number(env.get('VIRTUAL_PORT'));
    if (!host || !Number.isInteger(port)) continue;
    sites.push({ app, host, upstream: { container: c.name, port }, ...(catalog.get(app)?.proxy ?? DEFAULT_PROXY) });
  }
  return sites;
}

/** Every web service of the domain on a Swarm, read from its spec's env; the upstream is the service's name. */
export async function sitesFromSwarm(engine: Engine, domain: string, catalog: CatalogView): Promise<ProxySite[]> {
  const list = (await Promise.all([...PROXIED_ROLES].map((role) => listServices(engine, { ...selector(domain), [LABEL.role]: role })))).flat();
  const sites: ProxySite[] = [];
  for (const svc of list) {
    const app = svc.labels[LABEL.app];
    const cs = (svc.spec.TaskTemplate as { ContainerSpec?: SwarmContainerSpec } | undefined)?.ContainerSpec;
    const env = new Map((cs?.Env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
    const host = env.get('VIRTUAL_HOST');
    const port = Number(env.get('VIRTUAL_PORT'));
    if (!app || !host || !Number.isInteger(port)) continue;
    sites.push({ app, host, upstream: { container: svc.name, port }, ...(catalog.get(app)?.proxy ?? DEFAULT_PROXY) });
  }
  return sites;
}
