// The three-node Swarm of scripts/docker/swarm-nodes.sh (docker-in-docker containers on a private bridge):
// an Engine for the manager (and for each node, to look inside a task that runs there), the node names, and a
// test environment whose data roots lie in the folder every node mounts at the same path. The shared host
// engine never enters swarm mode: every Swarm test runs here.
import { execFileSync } from 'node:child_process';
import { createEngine, removeNetwork, setNodeLabel as setLabel, type Engine } from '../../src/core/engine/index.js';
import { swarmName } from '../../src/core/swarm/index.js';
import { cleanupSwarmDomain, makeEnvOn, type TestEnv } from './docker.js';

export const NODES = ['manager', 'worker1', 'worker2'] as const;
export type NodeName = (typeof NODES)[number];

/** The nodes' addresses on the private bridge (10.199.0.0/24); each engine's API listens there on 2375. */
export const NODE_ADDR: Record<NodeName, string> = { manager: '10.199.0.2', worker1: '10.199.0.3', worker2: '10.199.0.4' };
/** The manager's Engine API, as Summoner is given it. */
export const MANAGER_API = process.env.SUMMONER_SWARM_MANAGER ?? `tcp://${NODE_ADDR.manager}:2375`;
/** Mounted at the same path in every node: data roots here resolve on whichever node runs a task. */
export const SHARED_ROOT = '/var/tmp/summoner-swarm';

/** The node's container on the host engine (stopping it is how a node is lost). */
export const nodeContainer = (n: NodeName) => `summoner-swarm-${n}`;

/** Are the nodes up? Skips on a developer's machine without them; under SUMMONER_REQUIRE_ENGINE=1 it fails. */
export function swarmNodesAvailable(): boolean {
  let ok = false;
  try {
    ok = NODES.every((n) => execFileSync('docker', ['inspect', '-f', '{{.State.Running}}', nodeContainer(n)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'true');
  } catch {
    ok = false;
  }
  if (!ok && process.env.SUMMONER_REQUIRE_ENGINE === '1') {
    throw new Error('SUMMONER_REQUIRE_ENGINE=1 but the Swarm test nodes do not run: run scripts/docker/swarm-nodes.sh');
  }
  return ok;
}

/** An Engine for one node's own API (inspect or exec a task container that runs there). */
export function nodeEngine(n: NodeName): Engine {
  return createEngine({ socket: `tcp://${NODE_ADDR[n]}:2375` });
}

/** Node ID → hostname (manager, worker1, worker2), read from the manager. */
export async function nodeNames(manager: Engine): Promise<Map<string, NodeName>> {
  const nodes = (await manager.docker.listNodes()) as { ID: string; Description?: { Hostname?: string } }[];
  return new Map(nodes.map((x) => [x.ID, x.Description?.Hostname as NodeName]));
}

/** Change one node's spec through the manager (its labels, its availability), as `docker node update` does. */
export async function updateNode(manager: Engine, node: NodeName, change: (spec: { Labels?: Record<string, string>; Availability?: string }) => object): Promise<void> {
  const ids = [...(await nodeNames(manager))].filter(([, n]) => n === node).map(([id]) => id);
  const n = manager.docker.getNode(ids[0]!);
  const cur = (await n.inspect()) as { Version: { Index: number }; Spec: { Labels?: Record<string, string>; Availability?: string } };
  await n.update({ _query: { version: cur.Version.Index }, _body: change(cur.Spec) });
}

/** Add (value) or remove (undefined) one label of one node, by its name, through the manager (Summoner's own call). */
export async function setNodeLabel(manager: Engine, node: NodeName, key: string, value: string | undefined): Promise<void> {
  const id = [...(await nodeNames(manager))].find(([, n]) => n === node)?.[0];
  if (!id) throw new Error(`no node ${node} in the swarm`);
  await setLabel(manager, id, key, value);
}

/** A unique domain whose data roots are under SHARED_ROOT, Summoner's engine the manager's API, Swarm mode. */
export function makeSwarmEnv(prefix = 'sw'): TestEnv {
  return makeEnvOn(
    {
      socket: MANAGER_API,
      mode: 'swarm',
      // every node mounts SHARED_ROOT at the same path: files written by root in the tasks are removed from the host
      base: SHARED_ROOT,
      async cleanup(engine, domain, proxyNetwork) {
        await cleanupSwarmDomain(engine, domain);
        await removeNetwork(engine, swarmName(proxyNetwork)).catch(() => undefined);
      },
    },
    prefix,
  );
}
