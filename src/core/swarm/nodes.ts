// What a Swarm's nodes mean for the apps (the node watch, notify/node-watch.ts): which node is down or
// drained, and for each app's service whether it can go on elsewhere or is held by its placement (a database
// pinned to the node that holds its data). Read from the manager only: node states, service constraints and
// task placement are all in its API. The diff itself is pure (`nodeNews`), so it is tested without a Swarm.
import { listNodes, listServices, listTasks, selector, type Engine, type SwarmNodeInfo } from '../engine/index.js';
import { LABEL } from '../types.js';

export interface SwarmUnitView {
  app: string;
  /** The compose service's name (its alias on the app's network), else its role. */
  unit: string;
  role: string;
  /** The nodes its placement allows (all of them when it has no constraint). */
  allowed: string[];
  /** Nodes with a task of it running now. */
  running: string[];
  /** Why a task waits to be placed (Swarm's own words, e.g. "no suitable node"), when one does. */
  unplaced?: string;
}

export interface SwarmView {
  nodes: SwarmNodeInfo[];
  units: SwarmUnitView[];
}

/** Does a node meet one placement constraint (`node.id==…`, `node.hostname!=…`, `node.labels.k==v`, `node.role==…`)? */
function meets(n: SwarmNodeInfo, constraint: string): boolean {
  const m = /^\s*([\w.-]+)\s*(==|!=)\s*(.*?)\s*$/.exec(constraint);
  if (!m) return true; // a form this reader does not know (engine.labels…): not held against the node
  const [, key, op, want] = m as unknown as [string, string, string, string];
  const have = key === 'node.id' ? n.id : key === 'node.hostname' ? n.hostname : key === 'node.role' ? n.role : key.startsWith('node.labels.') ? n.labels[key.slice('node.labels.'.length)] : undefined;
  if (have === undefined && !key.startsWith('node.labels.')) return true;
  return op === '==' ? have === want : have !== want;
}

/** The nodes a service's constraints allow. */
export function allowedNodes(nodes: SwarmNodeInfo[], constraints: readonly string[]): string[] {
  return nodes.filter((n) => constraints.every((c) => meets(n, c))).map((n) => n.id);
}

export async function readSwarmView(engine: Engine, domain: string): Promise<SwarmView> {
  const nodes = await listNodes(engine);
  const units: SwarmUnitView[] = [];
  // the apps' services, and the managed proxy's (labelled with the domain only: it is no app)
  const services = [...(await listServices(engine, selector(domain))), ...(await listServices(engine, { [LABEL.proxy]: domain }))];
  for (const s of services) {
    const tt = (s.spec.TaskTemplate ?? {}) as { Placement?: { Constraints?: string[] }; Networks?: { Aliases?: string[] }[] };
    const tasks = (await listTasks(engine, s.id)).filter((t) => t.desiredState === 'running');
    const waiting = tasks.find((t) => t.state === 'pending' && (t.err || t.message));
    // the managed proxy: a global service, one task per node (proxy/swarm.ts)
    if (s.labels[LABEL.proxy]) {
      units.push({ app: 'the proxy', unit: 'proxy', role: 'proxy', allowed: allowedNodes(nodes, []), running: [...new Set(tasks.filter((t) => t.state === 'running').map((t) => t.nodeId))] });
      continue;
    }
    units.push({
      app: s.labels[LABEL.app] ?? s.name,
      unit: tt.Networks?.flatMap((n) => n.Aliases ?? [])[0] ?? s.labels[LABEL.role] ?? s.name,
      role: s.labels[LABEL.role] ?? '',
      allowed: allowedNodes(nodes, tt.Placement?.Constraints ?? []),
      running: [...new Set(tasks.filter((t) => t.state === 'running').map((t) => t.nodeId))],
      ...(waiting ? { unplaced: waiting.err ?? waiting.message ?? '' } : {}),
    });
  }
  return { nodes, units };
}

/** How a node stands, in one word: what the watch remembers between checks. */
export const nodeCondition = (n: SwarmNodeInfo): 'ready' | 'down' | 'drained' | 'paused' =>
  n.state !== 'ready' ? 'down' : n.availability === 'drain' ? 'drained' : n.availability === 'pause' ? 'paused' : 'ready';

export interface NodeNews {
  nodeId: string;
  /** Its hostname, as shown. */
  node: string;
  condition: ReturnType<typeof nodeCondition>;
  /** One line per app that it touches, saying what it means there. */
  impacts: string[];
}

const isDb = (u: SwarmUnitView) => u.role === 'db';
/** A hostname is the node's own word: only host-name characters reach chat (no markup, no mention). */
const shownHost = (h: string) => h.replace(/[^A-Za-z0-9.-]/g, '?').slice(0, 63);
const unitWords = (u: SwarmUnitView) => (isDb(u) ? `${u.app}'s database` : u.role === 'app' ? `${u.app}'s web service` : `${u.app}'s ${u.unit}`);

/**
 * The changes since the conditions last said (`said`: node id → condition), with their meaning for each app.
 * A node first seen ready is not news; one first seen down or drained is (the bot may have started after it fell).
 * `before` is the previous check's view: by the time a change is seen, Swarm has often moved the tasks already,
 * so where they ran comes from there.
 */
export function nodeNews(view: SwarmView, said: ReadonlyMap<string, string>, before?: SwarmView): NodeNews[] {
  const out: NodeNews[] = [];
  const host = new Map(view.nodes.map((n) => [n.id, shownHost(n.hostname)]));
  const ranOn = (u: SwarmUnitView, id: string) => u.running.includes(id) || !!before?.units.find((b) => b.app === u.app && b.unit === u.unit && b.role === u.role)?.running.includes(id);
  for (const n of view.nodes) {
    const condition = nodeCondition(n);
    const before = said.get(n.id);
    if (before === condition || (before === undefined && condition === 'ready')) continue;
    const impacts: string[] = [];
    if (condition === 'ready') {
      for (const u of view.units) if (u.allowed.length === 1 && u.allowed[0] === n.id) impacts.push(`${unitWords(u)} can run again on ${shownHost(n.hostname)}`);
    } else {
      const others = new Set(view.nodes.filter((x) => x.id !== n.id && nodeCondition(x) === 'ready').map((x) => x.id));
      for (const u of view.units) {
        // the proxy is global: a task on every node it is allowed on, so its port there served whether or not a
        // check saw that task running (between two checks its task is often already marked gone, the node not yet
        // down: docker-swarm-nodes missed the line so, once)
        const here = u.allowed.includes(n.id) && (u.role === 'proxy' || ranOn(u, n.id) || u.allowed.length === 1);
        if (!here) continue;
        // its tasks do not move: the node's own ports stop answering, the other nodes' go on
        if (u.role === 'proxy') {
          if (condition !== 'paused') impacts.push(`the proxy no longer answers on ${shownHost(n.hostname)}'s ports; the other nodes' serve`);
          continue;
        }
        // paused: running tasks stay, nothing new is placed there
        if (condition === 'paused') {
          if (!u.allowed.some((id) => others.has(id))) impacts.push(`${unitWords(u)} cannot be placed anywhere else while ${shownHost(n.hostname)} is paused (its tasks there keep running)`);
          continue;
        }
        const now = u.running.filter((id) => id !== n.id && others.has(id));
        if (now.length) impacts.push(`${unitWords(u)} moved from ${shownHost(n.hostname)} to ${now.map((id) => host.get(id)).join(', ')}`);
        else if (u.allowed.some((id) => others.has(id))) impacts.push(`${unitWords(u)} had a task there: Swarm moves it to another node`);
        else {
          const where = isDb(u) ? `is pinned to ${shownHost(n.hostname)}, where its data is` : `can only run on ${shownHost(n.hostname)}`;
          impacts.push(`${unitWords(u)} ${where}; ${shownHost(n.hostname)} is ${condition}: ${u.app} is unavailable until ${shownHost(n.hostname)} is back`);
        }
      }
    }
    out.push({ nodeId: n.id, node: shownHost(n.hostname), condition, impacts: [...new Set(impacts)].sort() });
  }
  return out;
}
