// Networks: ensure idempotently (labelled), remove. Names are exact: the engine's name filter matches substrings.
import type { Engine } from './connection.js';
import { call, isNotFound, mapEngineError, statusOf } from './errors.js';

export interface NetworkSpec {
  name: string;
  internal: boolean;
  labels: Record<string, string>;
}

export interface NetworkInfo {
  id: string;
  name: string;
  internal: boolean;
  labels: Record<string, string>;
  containers: string[];
}

export async function inspectNetwork(engine: Engine, name: string): Promise<NetworkInfo | undefined> {
  try {
    const n = (await engine.docker.getNetwork(name).inspect()) as {
      Id: string; Name: string; Internal?: boolean; Labels?: Record<string, string> | null; Containers?: Record<string, unknown> | null;
    };
    if (n.Name !== name) return undefined; // the engine also resolves id prefixes
    return { id: n.Id, name: n.Name, internal: !!n.Internal, labels: n.Labels ?? {}, containers: Object.keys(n.Containers ?? {}) };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw mapEngineError(err, { doing: `inspecting network ${name}`, socket: engine.socket });
  }
}

/** Create the network unless one of that name exists. Returns whether it was created now. */
export async function ensureNetwork(engine: Engine, spec: NetworkSpec): Promise<{ created: boolean; info: NetworkInfo }> {
  const existing = await inspectNetwork(engine, spec.name);
  if (existing) return { created: false, info: existing };
  try {
    await engine.docker.createNetwork({
      Name: spec.name,
      Driver: 'bridge',
      Internal: spec.internal,
      CheckDuplicate: true,
      Labels: spec.labels,
    });
  } catch (err) {
    // lost a race with another creator: fine, it exists now
    if (statusOf(err) !== 409) throw mapEngineError(err, { doing: `creating network ${spec.name}`, socket: engine.socket });
  }
  const info = await inspectNetwork(engine, spec.name);
  if (!info) throw mapEngineError(new Error(`network ${spec.name} vanished after create`), { doing: `creating network ${spec.name}` });
  return { created: true, info };
}

/** Remove a network; absent is fine. */
export async function removeNetwork(engine: Engine, name: string): Promise<boolean> {
  try {
    await engine.docker.getNetwork(name).remove();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw mapEngineError(err, { doing: `removing network ${name}`, socket: engine.socket });
  }
}

/** Networks carrying all these labels. */
export async function listNetworks(engine: Engine, labels: Record<string, string>): Promise<NetworkInfo[]> {
  const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const list = await call({ doing: 'listing networks', socket: engine.socket }, () => engine.docker.listNetworks({ filters: { label } }));
  return list.map((n) => ({
    id: n.Id,
    name: n.Name,
    internal: !!n.Internal,
    labels: n.Labels ?? {},
    containers: Object.keys(n.Containers ?? {}),
  }));
}
