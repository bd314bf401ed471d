// Containers: create exactly a ContainerPlan, start/stop/remove/inspect/list by label, logs, exec.
// The config-hash label is computed from the container's *effective* spec (plan merged with the image's
// defaults, as the engine merges them), so it can be recomputed from a live inspect to spot hand changes.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { SummonerError } from '../../errors.js';
import { LABEL, type ContainerPlan } from '../types.js';
import type { Engine } from './connection.js';
import { call, isNotFound, mapEngineError, statusOf } from './errors.js';
import { assertMounts } from './mount-guard.js';
import type { ImageInfo } from './images.js';
import { demux, readAll } from './streams.js';

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerInfo {
  id: string;
  name: string;
  /** The image reference it was created from (`repo:tag` or `sha256:…`). */
  image: string;
  imageId: string;
  labels: Record<string, string>;
  state: ContainerState;
  exitCode: number;
  startedAt?: Date;
  finishedAt?: Date;
  restartCount: number;
  /** The image's own HEALTHCHECK status, when it has one. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  networks: Record<string, { ip: string; aliases: string[] }>;
  /** Recomputed from the live container; compare with labels[LABEL.config]. */
  liveHash: string;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: ContainerState;
  status: string;
  /** When it was created (seconds since the epoch). */
  created: number;
}

// ---- effective spec and its hash ------------------------------------------------------------------

export interface EffectiveSpec {
  image: string;
  env: string[];
  cmd: string[];
  entrypoint: string[];
  user: string;
  mounts: string[];
  ports: string[];
  networks: string[];
  restart: string;
  labels: string[];
}

function envMerge(imageEnv: string[], planEnv: Record<string, string>): string[] {
  const m = new Map<string, string>();
  for (const kv of imageEnv) {
    const i = kv.indexOf('=');
    m.set(i < 0 ? kv : kv.slice(0, i), i < 0 ? '' : kv.slice(i + 1));
  }
  for (const [k, v] of Object.entries(planEnv)) m.set(k, v);
  return [...m].map(([k, v]) => `${k}=${v}`).sort();
}

const ownLabels = (labels: Record<string, string>) =>
  Object.entries(labels)
    .filter(([k]) => k.startsWith('summoner.') && k !== LABEL.config)
    .map(([k, v]) => `${k}=${v}`)
    .sort();

/** What the engine will run for this plan on this image (the engine's own merge rules). */
export function specFromPlan(plan: ContainerPlan, image: Pick<ImageInfo, 'env' | 'cmd' | 'entrypoint' | 'user'>, labels: Record<string, string>): EffectiveSpec {
  const userEntrypoint = plan.entrypoint ?? [];
  let cmd = plan.command ?? [];
  let entrypoint = userEntrypoint;
  if (userEntrypoint.length === 0) {
    if (cmd.length === 0) cmd = image.cmd ?? [];
    if (plan.entrypoint === undefined) entrypoint = image.entrypoint ?? [];
  }
  return {
    image: plan.image,
    env: envMerge(image.env, plan.env),
    cmd,
    entrypoint,
    user: plan.user || image.user || '',
    mounts: plan.mounts.map((m) => `${path.resolve(m.source)}:${m.target}:${m.readOnly ? 'ro' : 'rw'}`).sort(),
    ports: plan.ports.map((p) => `${p.host}:${p.container}/${p.protocol}`).sort(),
    networks: [...plan.networks].sort(),
    restart: plan.oneShot ? 'no' : 'unless-stopped',
    labels: ownLabels(labels),
  };
}

type Inspect = Docker.ContainerInspectInfo;

export function specFromInspect(i: Inspect): EffectiveSpec {
  const portBindings = (i.HostConfig?.PortBindings ?? {}) as Record<string, { HostPort?: string }[] | null>;
  const ports: string[] = [];
  for (const [key, binds] of Object.entries(portBindings)) {
    const [container, protocol = 'tcp'] = key.split('/');
    for (const b of binds ?? []) if (b.HostPort) ports.push(`${b.HostPort}:${container}/${protocol}`);
  }
  return {
    image: i.Config.Image,
    env: [...(i.Config.Env ?? [])].sort(),
    cmd: ([] as string[]).concat((i.Config.Cmd as string[] | string | null | undefined) ?? []),
    entrypoint: ([] as string[]).concat((i.Config.Entrypoint as string[] | string | null | undefined) ?? []),
    user: i.Config.User ?? '',
    mounts: (i.Mounts ?? [])
      .filter((m) => m.Type === 'bind')
      .map((m) => `${m.Source}:${m.Destination}:${m.RW ? 'rw' : 'ro'}`)
      .sort(),
    ports: ports.sort(),
    networks: Object.keys(i.NetworkSettings?.Networks ?? {}).sort(),
    restart: i.HostConfig?.RestartPolicy?.Name ?? '',
    labels: ownLabels(i.Config.Labels ?? {}),
  };
}

export function hashSpec(spec: EffectiveSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

/** Which fields differ (names only: values may be secrets). */
export function specDiff(a: EffectiveSpec, b: EffectiveSpec): string[] {
  return (Object.keys(a) as (keyof EffectiveSpec)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

// ---- lifecycle ------------------------------------------------------------------------------------

export interface CreateOptions {
  /** Networks on which the plan's aliases are NOT set (the shared proxy network: `db` there would clash). */
  noAliasNetworks?: string[];
  /** Extra labels (e.g. rollback pins); part of the hash. */
  extraLabels?: Record<string, string>;
  /** Create from this image reference instead of plan.image (a pinned `sha256:` id on rollback). */
  imageOverride?: string;
  /** Host address the plan's ports are published on (`engine.publishAddress`); default loopback only. */
  publishAddress?: string;
}

/**
 * Least privilege for every app and database container: no privilege gain through setuid binaries or file
 * capabilities (`no-new-privileges`), and the capabilities a web app or a database never needs dropped from
 * Docker's default set: NET_RAW (raw sockets: ping, ARP/DNS spoofing on the shared network) and MKNOD (device
 * nodes). Kept on purpose: CHOWN, SETUID, SETGID, FOWNER, DAC_OVERRIDE (databases' entrypoints hand their
 * folders to their user and step down with gosu), SYS_CHROOT and AUDIT_WRITE (GitLab's sshd fails without
 * them), NET_BIND_SERVICE (images that listen on 80), KILL, SETPCAP, SETFCAP, FSETID.
 */
export const CONTAINER_SECURITY = { SecurityOpt: ['no-new-privileges:true'], CapDrop: ['NET_RAW', 'MKNOD'] } as const;

/** The compose file's hardening and limits (cap_drop, read_only, no-new-privileges, tmpfs, memory, CPU…), as given. */
function applyLimits(create: Docker.ContainerCreateOptions, plan: ContainerPlan): void {
  const l = plan.limits;
  if (!l) return;
  const hc = (create.HostConfig ??= {});
  if (l.capDrop?.length) hc.CapDrop = [...new Set([...(hc.CapDrop ?? []), ...l.capDrop])];
  if (l.readOnly) hc.ReadonlyRootfs = true;
  if (l.noNewPrivileges) hc.SecurityOpt = [...new Set([...(hc.SecurityOpt ?? []), 'no-new-privileges:true'])];
  if (l.tmpfs && Object.keys(l.tmpfs).length) hc.Tmpfs = { ...l.tmpfs };
  if (l.memoryBytes) hc.Memory = l.memoryBytes;
  if (l.memoryReservationBytes) hc.MemoryReservation = l.memoryReservationBytes;
  if (l.nanoCpus) hc.NanoCpus = l.nanoCpus;
  if (l.pidsLimit) hc.PidsLimit = l.pidsLimit;
  if (l.shmSizeBytes) hc.ShmSize = l.shmSizeBytes;
  if (l.ulimits?.length) hc.Ulimits = l.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard }));
  if (l.init !== undefined) hc.Init = l.init;
  if (l.workingDir) create.WorkingDir = l.workingDir;
  if (l.stopGraceS !== undefined) create.StopTimeout = l.stopGraceS;
}

/** The registry digest of `ref` in this image (`sha256:…`), else the image id: what `repo:tag` resolved to here. */
export function resolvedDigest(ref: string, image: Pick<ImageInfo, 'id' | 'repoDigests'>): string {
  const pinned = /@(sha256:[0-9a-f]{64})$/.exec(ref)?.[1];
  if (pinned) return pinned;
  const repo = ref.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
  const match = image.repoDigests.find((d) => d.startsWith(`${repo}@`)) ?? image.repoDigests[0];
  return match ? match.slice(match.indexOf('@') + 1) : image.id;
}

/** Create (not start) the container of a plan, attached to all its networks. Returns its id and config hash. */
export async function createContainer(engine: Engine, plan: ContainerPlan, image: ImageInfo, opts: CreateOptions = {}): Promise<{ id: string; hash: string }> {
  const ctx = { doing: `creating container ${plan.name}`, socket: engine.socket, image: opts.imageOverride ?? plan.image };
  assertMounts(engine, `container ${plan.name}`, plan.labels, plan.mounts.map((m) => m.source));
  const effectivePlan = opts.imageOverride ? { ...plan, image: opts.imageOverride } : plan;
  // the digest the tag resolved to at this summon (a floating tag moves; this does not): shown by `status`
  const labels0 = { ...plan.labels, [LABEL.imageDigest]: resolvedDigest(effectivePlan.image, image), ...(opts.extraLabels ?? {}) };
  const hash = hashSpec(specFromPlan(effectivePlan, image, labels0));
  const labels = { ...labels0, [LABEL.config]: hash };
  const noAlias = new Set(opts.noAliasNetworks ?? []);
  const endpoint = (net: string) => (noAlias.has(net) || plan.aliases.length === 0 ? {} : { Aliases: plan.aliases });
  const [first, ...others] = plan.networks;
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of plan.ports) {
    const key = `${p.container}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: opts.publishAddress ?? '127.0.0.1', HostPort: String(p.host) });
  }
  const create: Docker.ContainerCreateOptions = {
    name: plan.name,
    Image: effectivePlan.image,
    Env: Object.entries(plan.env).map(([k, v]) => `${k}=${v}`),
    Labels: labels,
    ExposedPorts: exposed,
    HostConfig: {
      Mounts: plan.mounts.map((m) => ({ Type: 'bind' as const, Source: path.resolve(m.source), Target: m.target, ReadOnly: m.readOnly })),
      PortBindings: bindings,
      // a job runs once: restarting it after it exits would run a migration again and again
      RestartPolicy: { Name: plan.oneShot ? 'no' : 'unless-stopped' },
      SecurityOpt: [...CONTAINER_SECURITY.SecurityOpt],
      CapDrop: [...CONTAINER_SECURITY.CapDrop],
      ...(first ? { NetworkMode: first } : {}),
    },
    ...(first ? { NetworkingConfig: { EndpointsConfig: { [first]: endpoint(first) } } } : {}),
  };
  applyLimits(create, plan);
  if (plan.command) create.Cmd = plan.command;
  if (plan.entrypoint) create.Entrypoint = plan.entrypoint;
  if (plan.user) create.User = plan.user;
  const c = await call(ctx, () => engine.docker.createContainer(create));
  for (const net of others) {
    await call({ ...ctx, doing: `connecting ${plan.name} to ${net}` }, () =>
      engine.docker.getNetwork(net).connect({ Container: c.id, EndpointConfig: endpoint(net) }),
    );
  }
  return { id: c.id, hash };
}

export async function startContainer(engine: Engine, name: string): Promise<void> {
  try {
    await engine.docker.getContainer(name).start();
  } catch (err) {
    if (statusOf(err) === 304) return; // already started
    throw mapEngineError(err, { doing: `starting ${name}`, socket: engine.socket });
  }
}

export async function stopContainer(engine: Engine, name: string, timeoutS = 10): Promise<void> {
  try {
    await engine.docker.getContainer(name).stop({ t: timeoutS });
  } catch (err) {
    if (statusOf(err) === 304 || isNotFound(err)) return; // already stopped / gone
    throw mapEngineError(err, { doing: `stopping ${name}`, socket: engine.socket });
  }
}

/**
 * Send a running container its stop signal and return (the first half of `docker stop`): from then on its
 * restart policy no longer applies (the engine cancels it for the stop signal), so whatever it depends on can
 * be stopped beside it. Not running or gone: nothing to do.
 */
export async function signalStop(engine: Engine, name: string): Promise<void> {
  const c = engine.docker.getContainer(name);
  try {
    const i = await c.inspect();
    if (!i.State.Running) return;
    // the container's own stop signal: another one would leave its restart policy in force
    await c.kill({ signal: (i.Config as { StopSignal?: string }).StopSignal || 'SIGTERM' });
  } catch (err) {
    if (statusOf(err) === 409 || isNotFound(err)) return; // stopped meanwhile / gone
    throw mapEngineError(err, { doing: `stopping ${name}`, socket: engine.socket });
  }
}

export async function renameContainer(engine: Engine, name: string, newName: string): Promise<void> {
  await call({ doing: `renaming ${name} to ${newName}`, socket: engine.socket }, () => engine.docker.getContainer(name).rename({ name: newName }));
}

export async function restartContainer(engine: Engine, name: string, timeoutS = 10): Promise<void> {
  await call({ doing: `restarting ${name}`, socket: engine.socket }, () => engine.docker.getContainer(name).restart({ t: timeoutS }));
}

/** Force-remove a container (bind-mounted data stays). Absent is fine; returns whether it existed. */
export async function removeContainer(engine: Engine, name: string): Promise<boolean> {
  try {
    await engine.docker.getContainer(name).remove({ force: true, v: false });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    if (statusOf(err) === 409 && /already in progress/i.test(String((err as { json?: { message?: string } }).json?.message))) return true;
    throw mapEngineError(err, { doing: `removing ${name}`, socket: engine.socket });
  }
}

export async function inspectContainer(engine: Engine, name: string): Promise<ContainerInfo | undefined> {
  let i: Inspect;
  try {
    i = await engine.docker.getContainer(name).inspect();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw mapEngineError(err, { doing: `inspecting ${name}`, socket: engine.socket });
  }
  const date = (s?: string) => (s && !s.startsWith('0001-') ? new Date(s) : undefined);
  const nets = (i.NetworkSettings?.Networks ?? {}) as Record<string, { IPAddress?: string; Aliases?: string[] | null }>;
  const health = (i.State as { Health?: { Status?: string } }).Health?.Status;
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    image: i.Config.Image,
    imageId: i.Image,
    labels: i.Config.Labels ?? {},
    state: i.State.Status as ContainerState,
    exitCode: i.State.ExitCode,
    startedAt: date(i.State.StartedAt),
    finishedAt: date(i.State.FinishedAt),
    restartCount: i.RestartCount ?? 0,
    health: health === 'starting' || health === 'healthy' || health === 'unhealthy' ? health : undefined,
    networks: Object.fromEntries(Object.entries(nets).map(([k, v]) => [k, { ip: v.IPAddress ?? '', aliases: v.Aliases ?? [] }])),
    liveHash: hashSpec(specFromInspect(i)),
  };
}

/** The live effective spec (for diffs); undefined if the container is gone. */
export async function liveSpec(engine: Engine, name: string): Promise<EffectiveSpec | undefined> {
  try {
    return specFromInspect(await engine.docker.getContainer(name).inspect());
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw mapEngineError(err, { doing: `inspecting ${name}`, socket: engine.socket });
  }
}

/** All containers (running or not) carrying all these labels. */
export async function listContainers(engine: Engine, labels: Record<string, string>): Promise<ContainerSummary[]> {
  const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const list = await call({ doing: 'listing containers', socket: engine.socket }, () =>
    engine.docker.listContainers({ all: true, filters: { label } }),
  );
  return list.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    image: c.Image,
    labels: c.Labels ?? {},
    state: c.State as ContainerState,
    status: c.Status,
    created: c.Created,
  }));
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Wait until a container exits (a one-shot job); resolves with its exit code, rejects after `timeoutMs`. */
export async function waitExit(engine: Engine, name: string, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const doing = `waiting for ${name} to finish`;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SummonerError('deploy.job_timeout', `${name} did not finish within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    // the deploy was called off elsewhere: stop waiting (the container is removed by the caller's cleanup)
    onAbort = () => reject(new SummonerError('deploy.job_timeout', `waiting for ${name} was called off`));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const r = (await Promise.race([call({ doing, socket: engine.socket }, () => engine.docker.getContainer(name).wait()), timeout])) as { StatusCode?: number };
    return r.StatusCode ?? -1;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** The last `tail` lines of stdout+stderr, in order. */
export async function containerLogs(engine: Engine, name: string, tail: number): Promise<LogLine[]> {
  const buf = await call({ doing: `reading the logs of ${name}`, socket: engine.socket }, async () => {
    const out = (await engine.docker.getContainer(name).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown;
    return Buffer.isBuffer(out) ? out : await readAll(out as Readable);
  });
  return demux(buf).lines.slice(-tail);
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run argv inside the container; the exit code comes from exec inspect once the stream has ended. */
export async function execIn(engine: Engine, name: string, argv: string[], opts: { timeoutMs?: number; env?: string[] } = {}): Promise<ExecResult> {
  const ctx = { doing: `running ${argv[0] ?? ''} in ${name}`, socket: engine.socket };
  const exec = await call(ctx, () =>
    engine.docker.getContainer(name).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, Tty: false, ...(opts.env ? { Env: opts.env } : {}) }),
  );
  const stream = (await call(ctx, () => exec.start({ hijack: true, stdin: false }))) as unknown as Readable & { destroy(): void };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const buf = await Promise.race([
    call(ctx, () => readAll(stream)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stream.destroy();
        reject(new SummonerError('engine.exec_timeout', `${argv[0] ?? 'command'} in ${name} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  const out = demux(buf);
  // the stream can end a moment before the engine records the exit code
  for (let i = 0; i < 50; i++) {
    const info = await call(ctx, () => exec.inspect());
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) {
      return { exitCode: info.ExitCode, stdout: out.stdout, stderr: out.stderr };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new SummonerError('engine.exec_failed', `no exit code for ${argv[0] ?? 'command'} in ${name}`);
}

/** execIn, rejecting on a non-zero exit code (STYLE "What to avoid" 5). */
export async function execChecked(engine: Engine, name: string, argv: string[], opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
  const r = await execIn(engine, name, argv, opts);
  if (r.exitCode !== 0) {
    // stderr stays out of the message: it may echo secrets; callers redact and show it if they want
    throw new SummonerError('engine.exec_failed', `${argv[0] ?? 'command'} in ${name} exited with ${r.exitCode}`, { detail: r });
  }
  return r;
}
