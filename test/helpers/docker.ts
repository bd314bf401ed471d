// Helpers for tests against the real Docker Engine: a unique domain per run (parallel runs never collide),
// temporary roots, hand-written minions + a plan builder (the catalog's own is used where it exists),
// a recording reporter, and cleanup of everything labelled with the run's domain.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { configSchema, type Config } from '../../src/config/schema.js';
import {
  createEngine,
  followProgress,
  listContainers,
  listNetworks,
  removeContainer,
  removeNetwork,
  selector,
  type Engine,
} from '../../src/core/engine/index.js';
import type { CoreLog, PlanDeploy, Reporter } from '../../src/core/services.js';
import { planDeploy } from '../../src/core/catalog/plan.js';
import { LABEL, type Minion, type ServiceSpec } from '../../src/core/types.js';

/** The test minions (test/minions: web, webdb, webpg), built from the local test images. */
export const TEST_CATALOG = path.resolve(import.meta.dirname, '../minions');

export const SOCKET = process.env.DOCKER_SOCKET ?? '/var/run/docker.sock';

/**
 * Is there an engine to test against? Without one the engine files are skipped on a developer's machine;
 * in CI (`SUMMONER_REQUIRE_ENGINE=1`, set by .ci/run) a missing engine fails the run instead.
 */
export function engineAvailable(): boolean {
  let ok = false;
  try {
    ok = fs.statSync(SOCKET).isSocket();
  } catch {
    ok = false;
  }
  if (!ok && process.env.SUMMONER_REQUIRE_ENGINE === '1') {
    throw new Error(`SUMMONER_REQUIRE_ENGINE=1 but no Docker Engine socket at ${SOCKET}: run scripts/docker/setup.sh`);
  }
  return ok;
}

/** Root (tmpfs mounts, sshd, restarting dockerd): required like the engine in CI, which runs as root. */
export function rootAvailable(what: string): boolean {
  const ok = process.getuid?.() === 0;
  if (!ok && process.env.SUMMONER_REQUIRE_ENGINE === '1') throw new Error(`SUMMONER_REQUIRE_ENGINE=1 but not root: ${what} runs as root`);
  return ok;
}

/** The local registry (scripts/docker/ensure-registry.sh), required like the engine in CI. */
export async function registryAvailable(address = '127.0.0.1:5000'): Promise<boolean> {
  let ok = false;
  try {
    ok = (await fetch(`http://${address}/v2/`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    ok = false;
  }
  if (!ok && process.env.SUMMONER_REQUIRE_ENGINE === '1') throw new Error(`SUMMONER_REQUIRE_ENGINE=1 but no registry answers at ${address}`);
  return ok;
}

export interface TestEnv {
  id: string;
  domain: string;
  root: string;
  config: Config;
  engine: Engine;
  secretsDir: string;
  cleanup(): Promise<void>;
}

/** Where a test env lives: the engine's API, its mode, the folder its roots go under, and how it is cleaned. */
export interface EnvPlace {
  socket: string;
  mode: 'standalone' | 'swarm';
  base: string;
  /** Removes what the domain left on the engine (its roots are removed after). */
  cleanup(engine: Engine, domain: string, proxyNetwork: string): Promise<void>;
}

/** A unique domain, roots in a folder of `place.base`, a proxy network of its own, on `place`'s engine. */
export function makeEnvOn(place: EnvPlace, prefix: string): TestEnv {
  const id = `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const domain = `${id}.summoner.test`;
  fs.mkdirSync(place.base, { recursive: true });
  const root = fs.mkdtempSync(path.join(place.base, `summoner-${id}-`));
  const config = configSchema.parse({
    domain,
    stateDir: path.join(root, 'state'),
    dataRoot: path.join(root, 'data'),
    dbRoot: path.join(root, 'databases'),
    backupRoot: path.join(root, 'backups'),
    engine: { socket: place.socket, mode: place.mode, proxyNetwork: `summoner-proxy-${id}` },
    // no nginx on ports 80/443 of a shared machine: the proxy's own tests (test/services-proxy*.test.ts) turn it on
    proxy: { mode: 'external' },
  });
  const engine = createEngine({ socket: place.socket, mountRoots: [config.dataRoot, config.dbRoot] });
  return {
    id,
    domain,
    root,
    config,
    engine,
    secretsDir: path.join(config.stateDir, 'secrets'),
    async cleanup() {
      await place.cleanup(engine, domain, config.engine.proxyNetwork);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A unique domain, roots in a temp folder, a proxy network of its own, on the host engine. */
export function makeTestEnv(prefix = 't'): TestEnv {
  return makeEnvOn(
    {
      socket: SOCKET,
      mode: 'standalone',
      base: os.tmpdir(),
      async cleanup(engine, domain, proxyNetwork) {
        await cleanupDomain(engine, domain);
        await removeNetwork(engine, proxyNetwork).catch(() => undefined);
      },
    },
    prefix,
  );
}

/** Remove every container and network labelled with this domain (and any container named *<domain>*). */
export async function cleanupDomain(engine: Engine, domain: string): Promise<void> {
  const byLabel = await listContainers(engine, selector(domain));
  const all = await engine.docker.listContainers({ all: true });
  const names = new Set(byLabel.map((c) => c.name));
  for (const c of all) for (const n of c.Names) if (n.includes(domain)) names.add(n.replace(/^\//, ''));
  for (const n of names) await removeContainer(engine, n).catch(() => undefined);
  for (const n of await listNetworks(engine, selector(domain))) await removeNetwork(engine, n.name).catch(() => undefined);
}

export class RecordingReporter implements Reporter {
  readonly steps: string[] = [];
  step(text: string): void {
    this.steps.push(text);
  }
  text(): string {
    return this.steps.join('\n');
  }
}

export function silentLog(): CoreLog & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const rec = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, ...(msg ? { msg } : {}) });
  return { lines, info: rec('info'), warn: rec('warn'), error: rec('error'), debug: rec('debug') };
}

/** A free TCP port on the host (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '0.0.0.0', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

// ---- hand-written minions (summoner-test/* images) --------------------------------------------------

const webService = (over: Partial<ServiceSpec> = {}): ServiceSpec & { port: number } => ({
  service: 'web',
  image: 'summoner-test/web',
  tag: '1.0',
  environment: { DB_HOST: 'db', DB_PASSWORD: '${DB_PASSWORD}', GREETING: 'hello' },
  // prints the secret at start, so `logs` must redact it
  command: ['/bin/busybox', 'sh', '-c', 'echo "web starting, db password is $DB_PASSWORD"; exec /bin/busybox httpd -f -v -p 8080 -h /www'],
  volumes: [{ name: 'files', target: '/www/files' }],
  ports: [],
  health: { http: { path: '/health', port: 8080 }, timeoutS: 20, intervalS: 0.5 },
  port: 8080,
  ...over,
});

export function minion(name: string, over: Partial<Minion> = {}): Minion {
  return {
    name,
    file: `test/${name}/compose.yml`,
    digest: `sha256:${name}-digest-1`,
    description: `test minion ${name}`,
    subdomain: name,
    web: webService(),
    variables: { DB_PASSWORD: { generate: 'password', length: 24, secret: true } },
    backup: { hot: false, cold: true },
    proxy: { maxBodySize: '10m', websocket: false, timeoutS: 60 },
    requires: { memoryMb: 64, diskMb: 10 },
    ...over,
  };
}

/** web (summoner-test/web) + mariadb 10.11, as a catalog entry would describe them. */
export function webDbMinion(name = 'webdb'): Minion {
  return minion(name, {
    database: {
      service: 'db',
      image: 'summoner-test/mariadb',
      tag: '10.11',
      type: 'mariadb',
      version: '10.11',
      supports: '>=10.6 <12',
      port: 3306,
      environment: {
        MARIADB_ROOT_PASSWORD: '${DB_ROOT_PASSWORD}',
        MARIADB_DATABASE: 'app',
        MARIADB_USER: 'app',
        MARIADB_PASSWORD: '${DB_PASSWORD}',
      },
      volumes: [{ name: 'mysql', target: '/var/lib/mysql' }],
      ports: [],
      health: {
        exec: ['sh', '-c', 'mariadb -h127.0.0.1 -uapp -p"$MARIADB_PASSWORD" app -N -e "select 1"'],
        timeoutS: 90,
        intervalS: 1,
      },
    },
    variables: {
      DB_PASSWORD: { generate: 'password', length: 24, secret: true },
      DB_ROOT_PASSWORD: { generate: 'password', length: 24, secret: true },
    },
  });
}

export const webMinion = (name = 'web', over: Partial<Minion> = {}) => minion(name, over);

/** The catalog's own plan builder (names, labels, networks, folders under the roots), under its old name. */
export const handPlan: PlanDeploy = planDeploy;

export function catalogOf(...ms: Minion[]): { get(name: string): Minion | undefined; names(): string[] } {
  const map = new Map(ms.map((m) => [m.name, m]));
  return { get: (n) => map.get(n), names: () => [...map.keys()] };
}

/** vi.waitFor for a value: until fn gives a truthy one (a throw counts as not yet), bounded by ms. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 10_000, every = 200): Promise<T> {
  return vi.waitFor(
    async () => {
      const v = await fn();
      if (!v) throw new Error(`waitFor: not yet (${ms} ms bound)`);
      return v;
    },
    { timeout: ms, interval: every },
  );
}

// ---- swarm (test/docker-swarm*.test.ts) ---------------------------------------------------------------

// The Swarm tests run on the nested nodes of scripts/docker/swarm-nodes.sh (./swarm-nodes.ts): nothing here puts
// the shared host engine into swarm mode.

/** Remove every service, secret and overlay network labelled with this domain (swarm mode leftovers). */
export async function cleanupSwarmDomain(engine: Engine, domain: string): Promise<void> {
  const label = Object.entries(selector(domain)).map(([k, v]) => `${k}=${v}`);
  // the managed proxy's service, configs and secrets are labelled with the domain only (proxy/swarm.ts)
  const proxyLabel = [`${LABEL.proxy}=${domain}`];
  const services = [
    ...(await engine.docker.listServices({ filters: { label } }).catch(() => [])),
    ...(await engine.docker.listServices({ filters: { label: proxyLabel } }).catch(() => [])),
  ];
  for (const s of services) await engine.docker.getService(s.ID).remove().catch(() => undefined);
  // task containers go a moment after their service; networks and secrets can go then
  for (const s of services) {
    await vi
      .waitFor(
        async () => {
          const left = await engine.docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.id=${s.ID}`] } });
          if (left.length) throw new Error(`${left.length} task container(s) of ${s.ID} left`);
        },
        { timeout: 30_000, interval: 250 },
      )
      .catch(() => undefined); // best effort: what is left goes with the next cleanup
  }
  for (const l of [label, proxyLabel]) {
    const secrets = (await engine.docker.listSecrets({ filters: { label: l } }).catch(() => [])) as unknown as { ID: string }[];
    for (const s of secrets) await engine.docker.getSecret(s.ID).remove().catch(() => undefined);
  }
  const configs = (await engine.docker.listConfigs({ filters: { label: proxyLabel } } as object).catch(() => [])) as unknown as { ID: string }[];
  for (const c of configs) await engine.docker.getConfig(c.ID).remove().catch(() => undefined);
  // a network goes once its last endpoint (a task being torn down) has: retried, bounded
  for (const n of await listNetworks(engine, selector(domain))) {
    await vi.waitFor(() => removeNetwork(engine, n.name), { timeout: 6_000, interval: 300 }).catch(() => undefined);
  }
}

/** Tag a local image as `target` and push it (the local registry at 127.0.0.1:5000), unless the registry has it. */
export async function pushToLocalRegistry(engine: Engine, source: string, target: string): Promise<'pushed' | 'present'> {
  const m = /^([^/]+)\/(.+):([^:]+)$/.exec(target);
  if (!m) throw new Error(`not registry/repo:tag: ${target}`);
  const [, registry, repo, tag] = m as unknown as [string, string, string, string];
  const tags = await fetch(`http://${registry}/v2/${repo}/tags/list`)
    .then((r) => (r.ok ? (r.json() as Promise<{ tags?: string[] | null }>) : { tags: [] }))
    .catch(() => ({ tags: [] as string[] }));
  if (tags.tags?.includes(tag)) return 'present';
  await engine.docker.getImage(source).tag({ repo: `${registry}/${repo}`, tag });
  // the engine wants an X-Registry-Auth header even for a registry without auth
  const stream = (await engine.docker.getImage(target).push({ authconfig: { serveraddress: registry } } as object)) as unknown as import('node:stream').Readable;
  await followProgress(stream, () => undefined);
  return 'pushed';
}
