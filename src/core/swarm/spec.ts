// ContainerPlan → Swarm service spec (pure), and the config hash that lets `status` spot hand changes
// (`docker service update --env-add …`): the hash is of the fields Summoner sets, computed the same way
// from the spec it sends and from a live inspect.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SwarmContainerSpec, SwarmServiceSpec } from '../engine/index.js';
import { CONTAINER_SECURITY } from '../engine/containers.js';
import { LABEL, type ContainerPlan } from '../types.js';
import { secretPath, swarmName } from './names.js';

/** A Docker secret mounted into a service: the file /run/secrets/<variable>. */
export interface SecretMount {
  /** The variable it holds; for a file, its target path. */
  variable: string;
  name: string;
  id: string;
  /**
   * A config file of the plan (compose `configs:`, a bind of one file beside the compose file), mounted at its
   * target as a Docker secret instead of a bind of Summoner's copy: the copy is on Summoner's node only, the
   * secret reaches every node (and, unlike a Docker config, its content never shows in `inspect`).
   */
  file?: { target: string; mode: number; uid: number; gid: number };
}

export interface ServiceSpecInput {
  container: ContainerPlan;
  /** The shared proxy network: aliases are not set there (`db` there would clash between apps). */
  proxyNetwork: string;
  secrets: SecretMount[];
  /** Labels beyond the plan's (URL, health spec …); part of the hash. */
  extraLabels?: Record<string, string>;
  /**
   * The manager's node: services that must run where Summoner can reach them are pinned to it (bind mounts of
   * this host's folders; an HTTP health check, which Summoner runs from this host).
   */
  nodeId?: string;
  /**
   * The constraint that keeps a database on the node holding its folders (data-node.ts: that node's label
   * `summoner.data.<app>`), whatever node Summoner talks to.
   */
  dataConstraint?: string;
  replicas?: number;
  /** Image reference to run instead of the plan's. */
  imageOverride?: string;
}

/** What Summoner sets on a service, normalised for hashing and diffs (no values are ever shown). */
export interface SwarmEffectiveSpec {
  image: string;
  env: string[];
  command: string[];
  args: string[];
  user: string;
  mounts: string[];
  networks: string[];
  secrets: string[];
  ports: string[];
  replicas: number;
  labels: string[];
}

const ownLabels = (labels: Record<string, string> | undefined) =>
  Object.entries(labels ?? {})
    .filter(([k]) => k.startsWith('summoner.') && k !== LABEL.config)
    .map(([k, v]) => `${k}=${v}`)
    .sort();

export function hashSwarmSpec(spec: SwarmEffectiveSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

/** Which fields differ (names only: values may be secrets). */
export function swarmSpecDiff(a: SwarmEffectiveSpec, b: SwarmEffectiveSpec): string[] {
  return (Object.keys(a) as (keyof SwarmEffectiveSpec)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Read back from a service spec; `netName` maps the network ids the engine stores to names. */
export function effectiveOf(spec: SwarmServiceSpec, netName: (idOrName: string) => string = (x) => x): SwarmEffectiveSpec {
  const tt = (spec.TaskTemplate ?? {}) as { ContainerSpec?: SwarmContainerSpec; Networks?: { Target?: string; Aliases?: string[] }[] };
  const cs = tt.ContainerSpec ?? {};
  const nets = tt.Networks ?? spec.Networks ?? [];
  return {
    image: cs.Image ?? '',
    env: [...(cs.Env ?? [])].sort(),
    command: cs.Command ?? [],
    args: cs.Args ?? [],
    user: cs.User ?? '',
    mounts: (cs.Mounts ?? []).map((m) => `${m.Type ?? 'bind'}:${m.Source ?? ''}:${m.Target ?? ''}:${m.ReadOnly ? 'ro' : 'rw'}`).sort(),
    networks: nets.map((n) => `${netName(n.Target ?? '')}:${[...(n.Aliases ?? [])].sort().join(',')}`).sort(),
    secrets: (cs.Secrets ?? []).map((s) => `${s.SecretName ?? ''}:${s.File?.Name ?? ''}`).sort(),
    ports: (spec.EndpointSpec?.Ports ?? []).map((p) => `${p.PublishedPort ?? ''}:${p.TargetPort ?? ''}/${p.Protocol ?? 'tcp'}/${p.PublishMode ?? 'ingress'}`).sort(),
    replicas: spec.Mode?.Replicated?.Replicas ?? 1,
    labels: ownLabels(spec.Labels),
  };
}

/** More tasks than this of one service is a typo, not a plan (a Swarm of a few nodes, one team). */
export const MAX_SCALE = 20;

/** The desired task count written on a service by `scale`, if any. */
export function scaleOf(labels: Record<string, string> | undefined): number | undefined {
  const n = Number(labels?.[LABEL.scale]);
  return Number.isInteger(n) && n >= 1 && n <= MAX_SCALE ? n : undefined;
}

/** The node label prefix that pins an app's databases to the node that holds their data (data-node.ts). */
export const DATA_NODE_LABEL = 'summoner.data';

/**
 * Must this unit run on the manager's node? Its data folders are there, or its check runs from there. Mounts of
 * config files (`files`: their targets) are Docker secrets, on every node: they do not pin.
 */
export const pinnedHere = (c: ContainerPlan, files: ReadonlySet<string> = new Set()) => c.mounts.some((m) => !files.has(m.target)) || !!c.health?.http;

/** Where a unit may run: a database to the node that holds its data; else to Summoner's node when pinnedHere. */
function placementOf(c: ContainerPlan, input: ServiceSpecInput, files: ReadonlySet<string>): { Placement?: { Constraints: string[] } } {
  if (input.dataConstraint && c.role === 'db') return { Placement: { Constraints: [input.dataConstraint] } };
  return input.nodeId && pinnedHere(c, files) ? { Placement: { Constraints: [`node.id==${input.nodeId}`] } } : {};
}

/**
 * The task's HEALTHCHECK: the plan's exec check (argv, no shell); otherwise the image's own check (no Test: it is
 * inherited, and there is none if the image has none) with the plan's patience. Swarm holds a task in `starting`
 * until its check passes and kills it after `Retries` failures: an image's 2 s timeout and no start period got
 * healthy tasks killed on a loaded node, so the start period is the plan's health timeout and a check may take 10 s.
 */
export function healthcheckOf(c: ContainerPlan): NonNullable<SwarmContainerSpec['HealthCheck']> | undefined {
  const h = c.health;
  if (c.oneShot || !h) return undefined;
  const s = 1_000_000_000;
  const patience = { Timeout: Math.max(10, h.intervalS) * s, StartPeriod: Math.max(1, h.timeoutS) * s };
  if (!h.exec?.length) return patience;
  return { Test: ['CMD', ...h.exec], Interval: Math.max(1, h.intervalS) * s, ...patience, Retries: 3 };
}

/**
 * The service for one container of the plan: same name scheme (made Swarm-safe), same `summoner.*` labels on
 * the service and on its task containers, the plan's networks (overlays of the same Swarm-safe names) with
 * its aliases except on the proxy network, DNS round robin (no IPVS needed), bind mounts, host-mode ports,
 * secrets as files. Restarts on any exit like `unless-stopped`; updates stop the old task first (two database
 * servers must never share a data folder).
 */
export function serviceSpecOf(input: ServiceSpecInput): { spec: SwarmServiceSpec; hash: string } {
  const c = input.container;
  const labels0 = { ...c.labels, ...(input.extraLabels ?? {}) };
  const image = input.imageOverride ?? c.image;
  const files = new Set(input.secrets.flatMap((s) => (s.file ? [s.file.target] : [])));
  const containerSpec: SwarmContainerSpec = {
    Image: image,
    Env: Object.entries(c.env).map(([k, v]) => `${k}=${v}`),
    Mounts: c.mounts.filter((m) => !files.has(m.target)).map((m) => ({ Type: 'bind' as const, Source: path.resolve(m.source), Target: m.target, ReadOnly: m.readOnly })),
    // a clean database shutdown may take a while; Swarm's default is 10 s, `dismiss` in standalone waits 30 s
    StopGracePeriod: 30_000_000_000,
  };
  // the same capability drop as standalone containers (engine/containers.ts CONTAINER_SECURITY; Engine API
  // 1.41+). Swarm services have no no-new-privileges before API 1.46 (ContainerSpec.Privileges.NoNewPrivileges),
  // so it is set only where the engine understands it (older ones ignore unknown fields).
  (containerSpec as Record<string, unknown>).CapabilityDrop = [...CONTAINER_SECURITY.CapDrop];
  (containerSpec as Record<string, unknown>).Privileges = { NoNewPrivileges: true };
  // Swarm's Command replaces the image's entrypoint (and then its CMD, as `docker run --entrypoint` does);
  // Args replaces only the CMD
  if (c.entrypoint) containerSpec.Command = c.entrypoint;
  if (c.command) containerSpec.Args = c.command;
  if (c.user) containerSpec.User = c.user;
  // an exec check becomes the task's own HEALTHCHECK: Swarm reports a task `running` only once it passed, on
  // whichever node runs it, and replaces a task that fails it (./health.ts trusts that for other nodes)
  // (the healthcheck is left out of the config hash: it follows from the plan's health, which is labelled)
  const hc = healthcheckOf(c);
  if (hc) containerSpec.HealthCheck = hc;
  if (input.secrets.length) {
    containerSpec.Secrets = input.secrets.map((s) => ({
      SecretID: s.id,
      SecretName: s.name,
      File: s.file
        ? { Name: s.file.target, UID: String(s.file.uid), GID: String(s.file.gid), Mode: s.file.mode }
        : { Name: path.basename(secretPath(s.variable)), UID: '0', GID: '0', Mode: 0o444 },
    }));
  }
  const spec: SwarmServiceSpec = {
    Name: swarmName(c.name),
    TaskTemplate: {
      ContainerSpec: containerSpec,
      // a job (migration, init) runs once: its task is not restarted, and the lifecycle waits for its exit
      RestartPolicy: c.oneShot ? { Condition: 'none' } : { Condition: 'any', Delay: 5_000_000_000, MaxAttempts: 0 },
      Networks: c.networks.map((n) => ({
        Target: swarmName(n),
        ...(n !== input.proxyNetwork && c.aliases.length ? { Aliases: [...c.aliases] } : {}),
      })),
      ...placementOf(c, input, files),
    },
    ...(c.oneShot
      ? { Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } } }
      : {
          Mode: { Replicated: { Replicas: input.replicas ?? 1 } },
          UpdateConfig: { Parallelism: 1, Order: 'stop-first', FailureAction: 'pause', Monitor: 5_000_000_000 },
        }),
    EndpointSpec: {
      // the default VIP mode needs IPVS in the kernel, which not every host has (this one does not);
      // DNS round robin works everywhere, and a reverse proxy resolves names anyway
      Mode: 'dnsrr',
      Ports: c.ports.map((p) => ({ Protocol: p.protocol, TargetPort: p.container, PublishedPort: p.host, PublishMode: 'host' as const })),
    },
  };
  const hash = hashSwarmSpec(effectiveOf({ ...spec, Labels: labels0 }));
  const labels = { ...labels0, [LABEL.config]: hash };
  spec.Labels = labels;
  containerSpec.Labels = labels;
  return { spec, hash };
}
