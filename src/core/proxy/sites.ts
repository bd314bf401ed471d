// Where the proxy's sites come from: a deploy plan (summon, update), or the engine's containers at start
// (the engine is the source of truth: the proxy always matches what runs).
import { listContainers, selector, ASIDE_SUFFIX, type Engine } from '../engine/index.js';
import type { CatalogView } from '../services.js';
import { LABEL, type DeployPlan, type Minion } from '../types.js';
import type { ProxySite } from './render.js';

const DEFAULT_PROXY: Minion['proxy'] = { maxBodySize: '10m', websocket: false, timeoutS: 60 };

export function siteFromPlan(plan: DeployPlan, minion: Pick<Minion, 'proxy'> | undefined): ProxySite | undefined {
  const app = plan.containers.find((c) => c.role === 'app');
  if (!app) return undefined;
  const host = app.env.VIRTUAL_HOST ?? new URL(plan.url).hostname;
  const port = Number(app.env.VIRTUAL_PORT);
  return { app: plan.app, host, upstream: { container: app.name, port }, ...(minion?.proxy ?? DEFAULT_PROXY) };
}

/** Every app container of the domain (not the ones set aside during an update), read from its env. */
export async function sitesFromEngine(engine: Engine, domain: string, catalog: CatalogView): Promise<ProxySite[]> {
  const list = await listContainers(engine, { ...selector(domain), [LABEL.role]: 'app' });
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
