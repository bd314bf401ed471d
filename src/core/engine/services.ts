// Swarm objects: services, their tasks and logs, secrets, overlay networks, and the swarm state itself.
// Faithful wrappers like the rest of the engine: names are exact (the engine's name filters match
// substrings and also resolve id prefixes), failures are SummonerErrors.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { SummonerError } from '../../errors.js';
import type { Engine } from './connection.js';
import { call, isNotFound, mapEngineError, statusOf } from './errors.js';
import { assertMounts } from './mount-guard.js';
import { demux, readAll } from './streams.js';

// ---- swarm ----------------------------------------------------------------------------------------

export interface SwarmState {
  /** LocalNodeState: inactive | pending | active | error | locked. */
  state: string;
  active: boolean;
  manager: boolean;
  nodeId: string;
}

export async function swarmState(engine: Engine): Promise<SwarmState> {
  const info = await call({ doing: 'reading the swarm state', socket: engine.socket }, () => engine.docker.info());
  const s = (info.Swarm ?? {}) as { LocalNodeState?: string; ControlAvailable?: boolean; NodeID?: string };
  const state = s.LocalNodeState ?? 'inactive';
  return { state, active: state === 'active', manager: state === 'active' && s.ControlAvailable === true, nodeId: s.NodeID ?? '' };
}

// ---- overlay networks -----------------------------------------------------------------------------

export interface OverlaySpec {
  name: string;
  internal: boolean;
  labels: Record<string, string>;
}

export interface OverlayInfo {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  labels: Record<string, string>;
}

export async function inspectAnyNetwork(engine: Engine, name: string): Promise<OverlayInfo | undefined> {
  try {
    const n = (await engine.docker.getNetwork(name).inspect()) as {
      Id: string; Name: string; Driver?: string; Scope?: string; Internal?: boolean; Attachable?: boolean; Labels?: Record<string, string> | null;
    };
    if (n.Name !== name) return undefined; // an id prefix, not the name
    return {
      id: n.Id,
      name: n.Name,
      driver: n.Driver ?? '',
      scope: n.Scope ?? '',
      internal: !!n.Internal,
      attachable: !!n.Attachable,
      labels: n.Labels ?? {},
    };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw mapEngineError(err, { doing: `inspecting network ${name}`, socket: engine.socket });
  }
}

/**
 * Create an attachable overlay network unless one of that name exists. A network of that name that is not
 * an overlay (the standalone proxy bridge) is `swarm.network_conflict`: services cannot join a bridge.
 */
export async function ensureOverlayNetwork(engine: Engine, spec: OverlaySpec): Promise<{ created: boolean; info: OverlayInfo }> {
  const existing = await inspectAnyNetwork(engine, spec.name);
  if (existing) {
    assertOverlay(existing);
    return { created: false, info: existing };
  }
  try {
    await engine.docker.createNetwork({
      Name: spec.name,
      Driver: 'overlay',
      Attachable: true, // the proxy (a plain container, or a service) and `docker run --network` can join
      Internal: spec.internal,
      CheckDuplicate: true,
      Labels: spec.labels,
    });
  } catch (err) {
    if (statusOf(err) !== 409) throw mapEngineError(err, { doing: `creating overlay network ${spec.name}`, socket: engine.socket });
  }
  const info = await inspectAnyNetwork(engine, spec.name);
  if (!info) throw new SummonerError('engine.error', `overlay network ${spec.name} vanished after create`);
  assertOverlay(info);
  return { created: true, info };
}

export function assertOverlay(n: OverlayInfo): void {
  // a swarm network the allocator has not processed yet shows no driver for a moment after its create
  if (n.driver === 'overlay' || (n.scope === 'swarm' && !n.driver)) return;
  throw new SummonerError('swarm.network_conflict', `network ${n.name} is a ${n.driver || 'non-overlay'} network (${n.scope || 'local'} scope); Swarm services can only join overlay networks`, {
    hint: `it is left from standalone mode: move its containers off it and remove it (docker network rm ${n.name}), or give the Swarm another engine.proxyNetwork`,
  });
}

/** Overlay networks carrying all these labels. */
export async function listOverlays(engine: Engine, labels: Record<string, string>): Promise<OverlayInfo[]> {
  const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const list = await call({ doing: 'listing networks', socket: engine.socket }, () => engine.docker.listNetworks({ filters: { label, driver: ['overlay'] } }));
  return list.map((n) => ({
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    internal: !!n.Internal,
    attachable: !!n.Attachable,
    labels: n.Labels ?? {},
  }));
}

/** Network id → name, for reading service specs (the engine stores network ids there). */
export async function networkNames(engine: Engine): Promise<Map<string, string>> {
  const list = await call({ doing: 'listing networks', socket: engine.socket }, () => engine.docker.listNetworks());
  return new Map(list.map((n) => [n.Id, n.Name]));
}

/** Node id → hostname of every node in the Swarm (for `status`: which node runs what). */
export async function nodeHostnames(engine: Engine): Promise<Map<string, string>> {
  const nodes = (await call({ doing: 'listing the swarm nodes', socket: engine.socket }, () => engine.docker.listNodes())) as { ID: string; Description?: { Hostname?: string } }[];
  return new Map(nodes.flatMap((n) => (n.Description?.Hostname ? [[n.ID, n.Description.Hostname] as const] : [])));
}

/** A Swarm node as the manager sees it (for the node watch: which is down or drained). */
export interface SwarmNodeInfo {
  id: string;
  hostname: string;
  /** ready | down | unknown | disconnected */
  state: string;
  /** active | pause | drain */
  availability: string;
  /** manager | worker */
  role: string;
  labels: Record<string, string>;
  /** The node's address as the Swarm knows it (Status.Addr): where its host-mode published ports answer. */
  addr?: string;
}

export async function listNodes(engine: Engine): Promise<SwarmNodeInfo[]> {
  const nodes = (await call({ doing: 'listing the swarm nodes', socket: engine.socket }, () => engine.docker.listNodes())) as {
    ID: string;
    Description?: { Hostname?: string };
    Status?: { State?: string; Addr?: string };
    Spec?: { Availability?: string; Role?: string; Labels?: Record<string, string> };
    ManagerStatus?: { Addr?: string };
  }[];
  return nodes.map((n) => ({
    id: n.ID,
    hostname: n.Description?.Hostname ?? n.ID.slice(0, 12),
    state: n.Status?.State ?? 'unknown',
    availability: n.Spec?.Availability ?? 'active',
    role: n.Spec?.Role ?? 'worker',
    labels: n.Spec?.Labels ?? {},
    // a manager may report 0.0.0.0 in Status.Addr; its ManagerStatus.Addr (`ip:2377`) has the real one
    ...(nodeAddr(n.Status?.Addr, n.ManagerStatus?.Addr) ? { addr: nodeAddr(n.Status?.Addr, n.ManagerStatus?.Addr)! } : {}),
  }));
}

function nodeAddr(status?: string, manager?: string): string | undefined {
  if (status && status !== '0.0.0.0') return status;
  const m = manager?.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return m || undefined;
}

/** "update out of sequence": someone else wrote the object between our read and our write; read it again. */
const outOfSequence = (err: unknown) => /out of sequence/i.test(String((err as { json?: { message?: string } }).json?.message ?? (err as Error).message));

/** Set (value) or remove (undefined) one label of a node, as `docker node update --label-add/--label-rm` does. */
export async function setNodeLabel(engine: Engine, nodeId: string, key: string, value: string | undefined): Promise<void> {
  const ctx = { doing: `labelling node ${nodeId}`, socket: engine.socket };
  for (let attempt = 0; ; attempt++) {
    const n = engine.docker.getNode(nodeId);
    const cur = (await call(ctx, () => n.inspect())) as { Version?: { Index?: number }; Spec?: { Labels?: Record<string, string> } & Record<string, unknown> };
    const labels = { ...(cur.Spec?.Labels ?? {}) };
    if (value === undefined) delete labels[key];
    else labels[key] = value;
    try {
      await n.update({ _query: { version: cur.Version?.Index ?? 0 }, _body: { ...cur.Spec, Labels: labels } });
      return;
    } catch (err) {
      if (attempt < 3 && outOfSequence(err)) continue;
      throw mapEngineError(err, ctx);
    }
  }
}

/**
 * The address of a task container on `docker_gwbridge`, the local bridge every swarm container that has a
 * non-internal overlay network also joins. Unlike overlay addresses, it is reachable from this host.
 */
export async function gatewayAddress(engine: Engine, containerId: string): Promise<string | undefined> {
  try {
    const n = (await engine.docker.getNetwork('docker_gwbridge').inspect()) as { Containers?: Record<string, { IPv4Address?: string }> | null };
    const ep = Object.entries(n.Containers ?? {}).find(([id]) => id === containerId || id.startsWith(containerId))?.[1];
    return ep?.IPv4Address ? ep.IPv4Address.split('/')[0] : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw mapEngineError(err, { doing: 'inspecting docker_gwbridge', socket: engine.socket });
  }
}

// ---- secrets and configs --------------------------------------------------------------------------
// Two kinds of Swarm object with one shape: a secret (content never shown; generated passwords, keys) and a
// config (content shown by `docker config inspect`; the proxy's nginx files). Values never go into errors.

export interface SecretInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
}
export type ConfigInfo = SecretInfo;

interface RawObject {
  ID: string;
  Spec?: { Name?: string; Labels?: Record<string, string> | null };
}

type ObjectKind = 'secret' | 'config';

interface ObjectApi {
  get(name: string): { inspect(): Promise<unknown>; remove(): Promise<unknown> };
  create(opts: object): Promise<unknown>;
  list(opts: object): Promise<unknown>;
}

/** dockerode's calls for one kind. */
function objectApi(engine: Engine, kind: ObjectKind): ObjectApi {
  const d = engine.docker;
  return kind === 'secret'
    ? { get: (n: string) => d.getSecret(n), create: (o: object) => d.createSecret(o), list: (o: object) => d.listSecrets(o) }
    : { get: (n: string) => d.getConfig(n), create: (o: object) => d.createConfig(o), list: (o: object) => d.listConfigs(o) };
}

const objectInfo = (s: RawObject): SecretInfo => ({ id: s.ID, name: s.Spec?.Name ?? '', labels: s.Spec?.Labels ?? {} });

async function inspectObject(engine: Engine, kind: ObjectKind, name: string): Promise<SecretInfo | undefined> {
  try {
    const s = (await objectApi(engine, kind).get(name).inspect()) as unknown as RawObject;
    return s.Spec?.Name === name ? objectInfo(s) : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw mapEngineError(err, { doing: `inspecting ${kind} ${name}`, socket: engine.socket });
  }
}

/** Create one, or reuse one of the same name (names carry a hash of the value: same name, same value). */
async function ensureObject(engine: Engine, kind: ObjectKind, name: string, value: string, labels: Record<string, string>): Promise<{ created: boolean; info: SecretInfo }> {
  const existing = await inspectObject(engine, kind, name);
  if (existing) return { created: false, info: existing };
  try {
    const s = (await objectApi(engine, kind).create({ Name: name, Labels: labels, Data: Buffer.from(value, 'utf8').toString('base64') })) as { id: string };
    return { created: true, info: { id: s.id, name, labels } };
  } catch (err) {
    // the value never goes into the error: only the name
    if (statusOf(err) === 409) {
      const again = await inspectObject(engine, kind, name);
      if (again) return { created: false, info: again };
    }
    throw mapEngineError(err, { doing: `creating ${kind} ${name}`, socket: engine.socket });
  }
}

async function listObjects(engine: Engine, kind: ObjectKind, labels: Record<string, string>): Promise<SecretInfo[]> {
  const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const list = (await call({ doing: `listing ${kind}s`, socket: engine.socket }, () => objectApi(engine, kind).list({ filters: { label } }))) as unknown as RawObject[];
  return list.map(objectInfo);
}

/** Remove one; absent is fine. In use by a service → engine.conflict. */
async function removeObject(engine: Engine, kind: ObjectKind, idOrName: string): Promise<boolean> {
  try {
    await objectApi(engine, kind).get(idOrName).remove();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw mapEngineError(err, { doing: `removing ${kind} ${idOrName}`, socket: engine.socket });
  }
}

export const inspectSecret = (engine: Engine, name: string) => inspectObject(engine, 'secret', name);
export const ensureSecret = (engine: Engine, name: string, value: string, labels: Record<string, string>) => ensureObject(engine, 'secret', name, value, labels);
export const listSecrets = (engine: Engine, labels: Record<string, string>) => listObjects(engine, 'secret', labels);
export const removeSecret = (engine: Engine, idOrName: string) => removeObject(engine, 'secret', idOrName);
export const ensureConfig = (engine: Engine, name: string, value: string, labels: Record<string, string>) => ensureObject(engine, 'config', name, value, labels);
export const listConfigs = (engine: Engine, labels: Record<string, string>) => listObjects(engine, 'config', labels);
export const removeConfig = (engine: Engine, idOrName: string) => removeObject(engine, 'config', idOrName);

// ---- services -------------------------------------------------------------------------------------

export type SwarmServiceSpec = Docker.ServiceSpec;
export type SwarmTaskSpec = Docker.ContainerTaskSpec;
export type SwarmContainerSpec = NonNullable<Docker.ContainerTaskSpec['ContainerSpec']>;

export interface ServiceInfo {
  id: string;
  name: string;
  /** The spec's version: an update must name the one it read. */
  version: number;
  labels: Record<string, string>;
  spec: SwarmServiceSpec;
  previousSpec?: SwarmServiceSpec;
  createdAt?: Date;
  updatedAt?: Date;
  /** updating | paused | completed | rollback_started | rollback_paused | rollback_completed */
  updateState?: string;
  updateMessage?: string;
}

interface RawService {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: SwarmServiceSpec;
  PreviousSpec?: SwarmServiceSpec;
  UpdateStatus?: { State?: string; Message?: string };
}

const dateOf = (s?: string) => (s && !s.startsWith('0001-') ? new Date(s) : undefined);

function serviceInfo(s: RawService): ServiceInfo {
  return {
    id: s.ID,
    name: s.Spec?.Name ?? '',
    version: s.Version?.Index ?? 0,
    labels: s.Spec?.Labels ?? {},
    spec: s.Spec ?? {},
    ...(s.PreviousSpec ? { previousSpec: s.PreviousSpec } : {}),
    ...(dateOf(s.CreatedAt) ? { createdAt: dateOf(s.CreatedAt)! } : {}),
    ...(dateOf(s.UpdatedAt) ? { updatedAt: dateOf(s.UpdatedAt)! } : {}),
    ...(s.UpdateStatus?.State ? { updateState: s.UpdateStatus.State } : {}),
    ...(s.UpdateStatus?.Message ? { updateMessage: s.UpdateStatus.Message } : {}),
  };
}

export async function inspectService(engine: Engine, name: string): Promise<ServiceInfo | undefined> {
  try {
    const s = (await engine.docker.getService(name).inspect()) as RawService;
    if (s.Spec?.Name !== name && s.ID !== name) return undefined; // an id prefix of another service
    return serviceInfo(s);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw mapEngineError(err, { doing: `inspecting service ${name}`, socket: engine.socket });
  }
}

export async function listServices(engine: Engine, labels: Record<string, string>): Promise<ServiceInfo[]> {
  const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const list = (await call({ doing: 'listing services', socket: engine.socket }, () => engine.docker.listServices({ filters: { label } }))) as unknown as RawService[];
  return list.map(serviceInfo);
}

/** Bind mounts of a service spec: only the app's folders under the data roots (engine/mount-guard.ts). */
function guardServiceMounts(engine: Engine, spec: SwarmServiceSpec): void {
  const cs = (spec.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec;
  const binds = (cs?.Mounts ?? []).filter((m) => (m.Type ?? 'volume') !== 'tmpfs').map((m) => m.Source ?? '');
  assertMounts(engine, `service ${spec.Name ?? ''}`, (spec.Labels ?? cs?.Labels) as Record<string, string> | undefined, binds);
}

/** Create a service; resolves with its id. */
export async function createService(engine: Engine, spec: SwarmServiceSpec, auth?: Docker.AuthConfig): Promise<string> {
  const image = (spec.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec?.Image;
  const ctx = { doing: `creating service ${spec.Name ?? ''}`, socket: engine.socket, ...(image ? { image } : {}) };
  guardServiceMounts(engine, spec);
  const s = await call(ctx, () => (auth ? engine.docker.createService(auth, spec) : engine.docker.createService(spec)));
  return s.id;
}

/**
 * Replace a service's spec (read, change, write with the version read). `force` bumps ForceUpdate so the
 * tasks are replaced even when nothing else changed (that is `restart`). Returns the ForceUpdate counter and
 * the spec written.
 */
export async function updateService(
  engine: Engine,
  name: string,
  change: (spec: SwarmServiceSpec) => SwarmServiceSpec,
  opts: { force?: boolean } = {},
): Promise<{ forceUpdate: number; spec: SwarmServiceSpec }> {
  const ctx = { doing: `updating service ${name}`, socket: engine.socket };
  for (let attempt = 0; ; attempt++) {
    const cur = await inspectService(engine, name);
    if (!cur) throw new SummonerError('engine.not_found', `service ${name} is gone`);
    const spec = change(structuredClone(cur.spec));
    const tt = (spec.TaskTemplate ?? {}) as Docker.ContainerTaskSpec;
    if (opts.force) tt.ForceUpdate = (tt.ForceUpdate ?? 0) + 1;
    spec.TaskTemplate = tt;
    guardServiceMounts(engine, spec);
    try {
      await engine.docker.getService(cur.id).update({ ...spec, version: cur.version } as unknown as Docker.ServiceSpec);
      return { forceUpdate: tt.ForceUpdate ?? 0, spec };
    } catch (err) {
      if (attempt < 3 && outOfSequence(err)) continue;
      throw mapEngineError(err, ctx);
    }
  }
}

/** Remove a service (its tasks' containers go shortly after); absent is fine. */
export async function removeService(engine: Engine, name: string): Promise<boolean> {
  try {
    await engine.docker.getService(name).remove();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw mapEngineError(err, { doing: `removing service ${name}`, socket: engine.socket });
  }
}

// ---- tasks ----------------------------------------------------------------------------------------

export type TaskState =
  | 'new' | 'allocated' | 'pending' | 'assigned' | 'accepted' | 'preparing' | 'ready' | 'starting' | 'running'
  | 'complete' | 'shutdown' | 'failed' | 'rejected' | 'remove' | 'orphaned';

/** A task that runs now and is meant to (not one on its way out). */
export const isRunningTask = (t: TaskInfo) => t.state === 'running' && t.desiredState === 'running';

export interface TaskInfo {
  id: string;
  serviceId: string;
  slot: number;
  nodeId: string;
  state: TaskState;
  desiredState: string;
  /** The engine's error for a failed/rejected task ("task: non-zero exit (1)", "No such image: …"). */
  err?: string;
  message?: string;
  containerId?: string;
  exitCode?: number;
  /** When the task reached its current state. */
  at?: Date;
  createdAt?: Date;
  /** The task's own copy of the service's TaskTemplate.ForceUpdate (tells a restart's tasks apart). */
  forceUpdate: number;
  image: string;
}

interface RawTask {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  CreatedAt?: string;
  DesiredState?: string;
  Spec?: Docker.ContainerTaskSpec;
  Status?: { Timestamp?: string; State?: string; Message?: string; Err?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
}

/** Every task of a service (current and the kept history), newest first. */
export async function listTasks(engine: Engine, serviceId: string): Promise<TaskInfo[]> {
  const list = (await call({ doing: `listing the tasks of ${serviceId}`, socket: engine.socket }, () =>
    engine.docker.listTasks({ filters: { service: [serviceId] } }),
  )) as RawTask[];
  return list
    .map((t) => ({
      id: t.ID,
      serviceId: t.ServiceID ?? '',
      slot: t.Slot ?? 0,
      nodeId: t.NodeID ?? '',
      state: (t.Status?.State ?? 'new') as TaskState,
      desiredState: t.DesiredState ?? '',
      ...(t.Status?.Err ? { err: t.Status.Err } : {}),
      ...(t.Status?.Message ? { message: t.Status.Message } : {}),
      ...(t.Status?.ContainerStatus?.ContainerID ? { containerId: t.Status.ContainerStatus.ContainerID } : {}),
      ...(typeof t.Status?.ContainerStatus?.ExitCode === 'number' ? { exitCode: t.Status.ContainerStatus.ExitCode } : {}),
      ...(dateOf(t.Status?.Timestamp) ? { at: dateOf(t.Status?.Timestamp)! } : {}),
      ...(dateOf(t.CreatedAt) ? { createdAt: dateOf(t.CreatedAt)! } : {}),
      forceUpdate: t.Spec?.ForceUpdate ?? 0,
      image: t.Spec?.ContainerSpec?.Image ?? '',
    }))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

/** Containers that belong to a service's tasks on this node: all of them, or only those running. */
export async function serviceContainers(engine: Engine, serviceId: string, opts: { running?: boolean } = {}): Promise<string[]> {
  const filters: Record<string, string[]> = { label: [`com.docker.swarm.service.id=${serviceId}`] };
  if (opts.running) filters.status = ['running', 'restarting'];
  const list = await call({ doing: `listing the containers of ${serviceId}`, socket: engine.socket }, () =>
    engine.docker.listContainers({ all: !opts.running, filters }),
  );
  return list.map((c) => c.Id);
}

/** Host ports published by services (their endpoints) and by running containers; a task container counts as its service. */
export async function publishedHostPorts(engine: Engine): Promise<{ port: number; protocol: string; container: string }[]> {
  const out: { port: number; protocol: string; container: string }[] = [];
  const services = (await call({ doing: 'listing services', socket: engine.socket }, () => engine.docker.listServices())) as unknown as {
    ID: string; Spec?: SwarmServiceSpec; Endpoint?: { Ports?: Docker.PortConfig[] };
  }[];
  for (const s of services) {
    for (const p of s.Endpoint?.Ports ?? s.Spec?.EndpointSpec?.Ports ?? []) {
      if (p.PublishedPort) out.push({ port: p.PublishedPort, protocol: p.Protocol ?? 'tcp', container: s.Spec?.Name ?? s.ID });
    }
  }
  const containers = await call({ doing: 'listing containers', socket: engine.socket }, () => engine.docker.listContainers({ all: false }));
  for (const c of containers) {
    const name = c.Labels?.['com.docker.swarm.service.name'] ?? (c.Names[0] ?? '').replace(/^\//, '');
    for (const p of c.Ports ?? []) if (p.PublicPort) out.push({ port: p.PublicPort, protocol: p.Type, container: name });
  }
  return out;
}

// ---- logs -----------------------------------------------------------------------------------------

/** The last `tail` lines of a service's stdout+stderr (all its tasks), in order. */
export async function serviceLogs(engine: Engine, idOrName: string, tail: number): Promise<{ stream: 'stdout' | 'stderr'; text: string }[]> {
  const buf = await call({ doing: `reading the logs of service ${idOrName}`, socket: engine.socket }, async () => {
    const out = (await engine.docker.getService(idOrName).logs({ stdout: true, stderr: true, tail, follow: false, details: false } as object)) as unknown;
    return Buffer.isBuffer(out) ? out : await readAll(out as Readable);
  });
  return demux(buf).lines.slice(-tail);
}
