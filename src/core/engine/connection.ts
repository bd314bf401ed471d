// The connection to the Docker Engine: one dockerode client per socket. Handles do no I/O (STYLE §8);
// every call goes through `call()` so failures arrive as SummonerErrors.
import type Docker from 'dockerode';
import { loadDockerode } from './dockerode.js';
import { call } from './errors.js';
import type { HttpProber } from './prober.js';

export interface Engine {
  /** The dockerode client. Only `src/core/engine/` touches it. */
  readonly docker: Docker;
  readonly socket: string;
  /**
   * How HTTP health checks reach an app (./probe.ts): set once at start by the composition (boot.ts);
   * undefined: this process dials the app's address itself.
   */
  prober?: HttpProber;
  /** Host folders that containers may mount, one sub-folder per app (`<root>/<app>/…`): the data roots. */
  readonly mountRoots?: readonly string[];
}

export interface EngineOptions {
  /** A unix socket path or `tcp://host:port` (see endpointOf). */
  socket: string;
  /** Per-request timeout (ms); long operations (pull, logs, exec) stream and are not cut by it. */
  timeoutMs?: number;
  /** The data roots: every bind mount must lie under `<root>/<app>/` of one of them (engine/mount-guard.ts). */
  mountRoots?: readonly string[];
  /** Client certificate and CA (PEM) for an `https://host:port` endpoint. */
  tls?: { ca: Buffer; cert: Buffer; key: Buffer };
}

/**
 * A unix socket path, `tcp://host:port`: a remote engine's API in plain HTTP, for a Swarm manager or node reached
 * over a private network only (the test nodes of scripts/docker/swarm-nodes.sh), or `https://host:port`: TLS,
 * with the client certificate of EngineOptions.tls.
 */
export function endpointOf(socket: string): { socketPath: string } | { host: string; port: number; protocol: 'http' | 'https' } {
  const m = /^(tcp|https):\/\/([^:/]+):(\d+)\/?$/.exec(socket);
  return m ? { host: m[2]!, port: Number(m[3]), protocol: m[1] === 'https' ? 'https' : 'http' } : { socketPath: socket };
}

/** The client is made on first use: a bot without an engine never loads dockerode. */
export function createEngine(opts: EngineOptions): Engine {
  let docker: Docker | undefined;
  return {
    socket: opts.socket,
    prober: undefined,
    ...(opts.mountRoots ? { mountRoots: [...opts.mountRoots] } : {}),
    get docker() {
      if (!docker) {
        const Dockerode = loadDockerode();
        docker = new Dockerode({ ...endpointOf(opts.socket), ...(opts.tls ?? {}), ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}) });
      }
      return docker;
    },
  };
}

export interface EngineDescription {
  version: string;
  apiVersion: string;
  os: string;
  storageDriver: string;
  /** Swarm manager/worker active on this node. */
  swarm: boolean;
  swarmManager: boolean;
  containers: number;
}

export async function ping(engine: Engine): Promise<void> {
  await call({ doing: 'pinging the engine', socket: engine.socket }, () => engine.docker.ping());
}

export async function describe(engine: Engine): Promise<EngineDescription> {
  const ctx = { doing: 'reading the engine version', socket: engine.socket };
  const [version, info] = await Promise.all([call(ctx, () => engine.docker.version()), call(ctx, () => engine.docker.info())]);
  const swarm = (info.Swarm ?? {}) as { LocalNodeState?: string; ControlAvailable?: boolean };
  return {
    version: version.Version,
    apiVersion: version.ApiVersion,
    os: `${info.OperatingSystem ?? version.Os}`,
    storageDriver: `${info.Driver ?? ''}`,
    swarm: swarm.LocalNodeState === 'active',
    swarmManager: swarm.LocalNodeState === 'active' && swarm.ControlAvailable === true,
    containers: Number(info.Containers ?? 0),
  };
}
