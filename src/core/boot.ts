// The deployment core, put together from the config: the catalog (shipped minions plus the config's
// folders), the engine client, and the services in the engine's mode (containers, or Swarm services when
// the engine is a Swarm manager and the mode is auto or swarm). Only src/app.ts calls this.
import fs from 'node:fs';
import { chownByEngine, selfImage } from './engine/chown.js';
import { engineProber } from './engine/probe.js';
import { swarmName } from './swarm/names.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/schema.js';
import type { CatalogListing } from './ports/deploy.js';
import { loadCatalog, planDeploy } from './catalog/index.js';
import { liveCatalog, type LiveCatalog } from './catalog/live.js';
import { createEngine, describe as describeEngine, endpointOf, type Engine } from './engine/index.js';
import { isSwarmManager } from './engine/at-start.js';
import { JobQueue } from './jobs.js';
import type { SwarmView } from './swarm/nodes.js';
import { createCoreServices, type CoreLog, type CoreServices } from './services.js';
import { createEventBus, type EventBus } from './events.js';
import { createEdge, type Edge } from './edge.js';
import { createBackupService, type BackupService } from './backup/service.js';
import { createSftpTarget } from './backup/sftp.js';
import { dumpAndColdCopyHook } from './backup/hook.js';
import { coldCopyBackupHook } from './coldcopy.js';

/** The shipped catalog, beside src/ in the checkout and in the image (dist/ is one level deeper). */
export function shippedCatalogDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'minions')) && fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'minions');
    dir = path.dirname(dir);
  }
  throw new Error('the shipped catalog (minions/) was not found beside the program');
}

export interface Core {
  services: CoreServices;
  /** Reloaded by `minion add` / `minion remove`. */
  catalog: CatalogListing & LiveCatalog;
  engine: Engine;
  /** Where the core's modules announce what happened (the notification center listens). */
  events: EventBus;
  /** Dumps, cold copies, restore, verify, retention, off-site copies (containers, or Swarm services beside their tasks). */
  backups?: BackupService;
  mode: 'standalone' | 'swarm';
  /** On a Swarm manager: its nodes and what runs where (the node watch reads it). */
  swarmView?: () => Promise<SwarmView>;
  /** The reverse proxy and certificates (started by app.ts once the robot runs). */
  edge: Edge;
  /** One line for `status`. */
  describe(): Promise<string>;
  /** Is there an engine socket to talk to (cheap: no connection)? */
  engineConfigured(): boolean;
}

export async function createCore(o: { config: Config; log: CoreLog; shippedDir?: string; events?: EventBus }): Promise<Core> {
  const { config, log } = o;
  const events = o.events ?? createEventBus({ onListenerError: (err) => log.warn({ err }, 'an event listener failed') });
  const shippedDir = o.shippedDir ?? shippedCatalogDir();
  const catalog = liveCatalog(
    () =>
      loadCatalog([
        { dir: shippedDir, origin: 'shipped' },
        ...config.catalogDirs.map((dir) => ({ dir: path.resolve(dir), origin: 'custom' as const })),
      ]),
    // loaded on first use (main.ts warms it right after ready): its warnings are said then, once
    (c) => {
      for (const p of c.problems) log.warn({ file: p.file, key: p.key }, `catalog: ${p.message}`);
      for (const n of c.notes) {
        if (n.warning) log.warn({ file: n.file, key: n.key }, `catalog note: ${n.message}`);
        else log.info({ file: n.file, key: n.key }, `catalog note: ${n.message}`);
      }
    },
  );
  const engine = createEngine({ socket: config.engine.socket, timeoutMs: 60_000, mountRoots: [config.dataRoot, config.dbRoot] });
  // an engine's API over the network (engine.socket: tcp://host:port) is there without a file to find
  const remote = !('socketPath' in endpointOf(config.engine.socket));
  const configured = () => remote || fs.existsSync(config.engine.socket);
  // the two questions to the engine go out together (one round trip of waiting before ready, not two)
  const [mode, own] = await Promise.all([
    config.engine.mode === 'auto' && configured()
      ? (remote ? describeEngine(engine).then((d) => d.swarmManager) : isSwarmManager(config.engine.socket, 60_000)).then(
          (manager): Core['mode'] => (manager ? 'swarm' : 'standalone'),
          (): Core['mode'] => 'standalone',
        )
      : Promise.resolve<Core['mode']>(config.engine.mode === 'swarm' ? 'swarm' : 'standalone'),
    // In Summoner's own (non-root) container, folders are handed to the apps' users by the engine.
    fs.existsSync('/.dockerenv') ? selfImage(engine) : Promise.resolve(undefined),
  ]);
  const helper = process.getuid?.() === 0 ? undefined : own;
  // Summoner is not on the apps' network: in a container of this engine, HTTP health checks run in a probe
  // container through the Engine API (engine/probe.ts says why). `/.dockerenv` alone is not enough: a
  // process in some other container (a CI sandbox) that reaches the engine is on the engine's host network.
  const probeMode = config.engine.healthProbe === 'auto' ? (own ? 'engine' : 'direct') : config.engine.healthProbe;
  if (probeMode === 'engine') {
    const image = config.engine.probeImage ?? own;
    if (image) engine.prober = engineProber(engine, { image, network: mode === 'swarm' ? swarmName(config.engine.proxyNetwork) : config.engine.proxyNetwork, domain: config.domain });
    else log.warn({}, 'health checks: no image for the probe container (set engine.probeImage); they dial the apps from here, which works only on their network');
  }
  // the proxy and certificates plug into every summon and dismiss through the deploy hooks
  const edge = createEdge({ config, engine, catalog, log, events, engineMode: mode });
  const deps = {
    ...(helper ? { chown: (target: string, owner: { uid: number; gid: number }) => chownByEngine(engine, helper, target, owner) } : {}),
    hooks: edge.hooks,
    config,
    engine,
    catalog,
    planDeploy,
    secretsDir: path.join(config.stateDir, 'secrets'),
    log,
    jobs: new JobQueue(),
    events,
  };
  // the Swarm side is loaded only on a Swarm manager: there, backups stop and start services through the Swarm
  // target and run beside each database's task on its node (swarm/locate.ts)
  const onSwarm =
    mode === 'swarm'
      ? (await import('./swarm/locate.js')).swarmBackupDeps(engine, config, log)
      : {};
  const backups = createBackupService({ ...deps, ...onSwarm, events, ...(config.backup.sftp ? { offsite: createSftpTarget(config.backup.sftp) } : {}) });
  // before an update, a rollback or a purge: a real dump where there is a database, and the cold copy
  // (on a Swarm the services keep their cold copy before an update: a dump there needs a stopped service started)
  const backupHook = mode === 'standalone' ? dumpAndColdCopyHook(backups, coldCopyBackupHook({ dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot })) : undefined;
  const services = mode === 'swarm' ? (await import('./swarm/index.js')).createSwarmServices(deps) : createCoreServices({ ...deps, ...(backupHook ? { backupHook } : {}) });
  const nodes = mode === 'swarm' ? await import('./swarm/nodes.js') : undefined;
  return {
    services,
    ...(nodes ? { swarmView: () => nodes.readSwarmView(engine, config.domain) } : {}),
    backups,
    catalog,
    engine,
    events,
    mode,
    edge,
    engineConfigured: configured,
    async describe() {
      const e = await services.describeEngine();
      return `Docker ${e.version} (API ${e.apiVersion}), ${e.swarmManager ? 'swarm manager' : e.swarm ? 'swarm worker' : 'standalone'}, deploying as ${mode === 'swarm' ? 'services' : 'containers'}; ${e.managed} managed container(s); ${await edge.describe()}`;
    },
  };
}
