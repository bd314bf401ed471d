// The edge of the deployment: the reverse proxy and the certificates, plugged into the services through
// DeployHooks (afterReady → server block + certificate; beforeDismiss → server block removed). Proxy and
// certificates do not import each other: this file puts them together.
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { EventBus } from './events.js';
import { isSummonerError } from '../errors.js';
import { CertificateManager, type CertificateManagerOptions, type CertificatesView } from './certs/manager.js';
import type { Engine } from './engine/index.js';
import { NginxProxy } from './proxy/nginx.js';
import type { ManagedProxy } from './proxy/site-book.js';
import { sitesFromEngine, sitesFromPlan, sitesFromSwarm } from './proxy/sites.js';
import { SwarmProxy } from './proxy/swarm.js';
import { swarmName } from './swarm/names.js';
import type { CatalogView, CoreLog, DeployHooks } from './services.js';
import { said } from './reporting.js';

export interface Edge {
  readonly mode: 'managed' | 'external';
  hooks: DeployHooks;
  /** The managed proxy (absent with `proxy.mode: external`): one nginx container, or a global service on a Swarm. */
  proxy?: ManagedProxy;
  certs?: CertificateManager;
  /** Start the proxy on the engine's state and the certificate schedule. Safe to call twice. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One phrase for `status`. */
  describe(): Promise<string>;
}

/** The `certs` command's view of an edge. */
export function certificatesView(edge: Edge): CertificatesView {
  const certs = edge.certs;
  if (edge.mode === 'managed' && certs) return { mode: 'managed', list: () => certs.list() };
  return { mode: edge.mode === 'managed' ? 'disabled' : edge.mode, list: () => [] };
}

export interface EdgeOptions {
  config: Config;
  engine: Engine;
  catalog: CatalogView;
  log: CoreLog;
  events: EventBus;
  engineMode: 'standalone' | 'swarm';
  /** Tests: a DNS lookup, a clock. */
  certs?: Partial<Pick<CertificateManagerOptions, 'lookup' | 'now' | 'localAddresses'>>;
}

export function createEdge(o: EdgeOptions): Edge {
  const { config, log } = o;
  if (config.proxy.mode === 'external') {
    // another proxy (nginx-proxy + acme-companion, Traefik) reads VIRTUAL_HOST / LETSENCRYPT_HOST from the minions
    return {
      mode: 'external',
      hooks: {},
      start: async () => undefined,
      stop: async () => undefined,
      describe: async () => 'proxy external (VIRTUAL_HOST / LETSENCRYPT_HOST on the minions)',
    };
  }
  const stateDir = path.resolve(config.stateDir);
  const certsDir = path.join(stateDir, 'acme', 'certs');
  const swarm = o.engineMode === 'swarm';
  const proxyOptions = {
    proxy: config.proxy,
    domain: config.domain,
    network: config.engine.proxyNetwork,
    engine: o.engine,
    root: path.join(stateDir, 'proxy'),
    certsDir,
    log,
  };
  // on a Swarm: a global service from Docker configs, upstreams by service name (proxy/swarm.ts)
  const proxy: ManagedProxy = swarm ? new SwarmProxy(proxyOptions) : new NginxProxy(proxyOptions);
  const sitesNow = () => (swarm ? sitesFromSwarm : sitesFromEngine)(o.engine, config.domain, o.catalog);
  const certs = config.certificates.enabled
    ? new CertificateManager({
        config: config.certificates,
        dir: path.join(stateDir, 'acme'),
        challenges: proxy.challenges,
        probe: () => proxy.reachAt(),
        ...(proxy.localAddresses ? { localAddresses: () => proxy.localAddresses!() } : {}),
        events: o.events,
        log,
        onInstalled: async () => {
          await proxy.refresh();
        },
        names: () => proxy.list().map((s) => s.host),
        ...o.certs,
      })
    : undefined;

  let starting: Promise<void> | undefined;
  const start = () =>
    (starting ??= (async () => {
      await proxy.start(await sitesNow());
      // upstreams are addresses: follow the app containers' restarts and re-creations
      proxy.watch();
      certs?.startRetries();
      // names served without a certificate (an order cut short by a stop, certificates just enabled): order
      // them now, in the background; failures are announced and retried like any other
      for (const s of proxy.list()) {
        if (certs && !certs.info(s.host)) void certs.ensure(s.host).catch(() => undefined);
      }
    })().catch((err) => {
      starting = undefined; // a later summon tries again
      throw err;
    }));

  const hooks: DeployHooks = {
    async afterReady(plan, reporter) {
      // one site per web service of the minion, replaced together
      const sites = sitesFromPlan(plan, o.catalog.get(plan.app), swarm ? swarmName : undefined);
      if (!sites.length) return;
      await start();
      reporter.step(...said('proxyServing', [sites.map((s) => s.host).join(', ')]));
      const applied = await proxy.replaceApp(plan.app, sites);
      if (!applied.confirmed) reporter.step('proxy: the new configuration is switched but not yet seen answering (the log says where)');
      if (!certs) return;
      // a CA that refuses or is down never fails the summon: the app answers on HTTP meanwhile, and a retry is queued
      for (const site of sites) {
        try {
          let said = false;
          const info = await certs.ensure(site.host, (text) => {
            said = true;
            reporter.step(text);
          });
          if (!said) reporter.step(`certificate for ${site.host}: valid until ${info.notAfter.toISOString()}`);
        } catch (err) {
          reporter.step(`certificate for ${site.host}: ${isSummonerError(err) ? err.message : 'failed'}; HTTP serves meanwhile`);
        }
      }
    },
    async beforeDismiss(app, reporter) {
      await start();
      if (!proxy.list().some((s) => s.app === app)) return;
      reporter.step(...said('proxyRemoving', [app]));
      await proxy.remove(app);
    },
  };

  return {
    mode: 'managed',
    hooks,
    proxy,
    ...(certs ? { certs } : {}),
    start,
    async stop() {
      proxy.unwatch();
      certs?.stopRetries();
    },
    async describe() {
      return `${await proxy.describe()} (${proxy.list().length} site(s), ports ${config.proxy.httpPort}/${config.proxy.httpsPort}${certs ? ', ACME' : ', HTTP only'})`;
    },
  };
}
