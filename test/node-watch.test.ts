// The node watch (notify/node-watch.ts over core/swarm/nodes.ts) on views a Swarm manager would give: each
// change of a node said once, with what it means for each app, remembered across restarts (kv). The same
// watch on the real three-node Swarm: test/docker-swarm-nodes.test.ts.
import { describe, expect, it } from 'vitest';
import { createEventBus, describeEvent, type SummonerEvent } from '../src/core/events.js';
import { allowedNodes, nodeNews, type SwarmView } from '../src/core/swarm/nodes.js';
import type { SwarmNodeInfo } from '../src/core/engine/index.js';
import { createNodeWatch } from '../src/notify/node-watch.js';

const node = (id: string, o: Partial<SwarmNodeInfo> = {}): SwarmNodeInfo => ({ id, hostname: id, state: 'ready', availability: 'active', role: 'worker', labels: {}, ...o });

function cluster(o: { worker1?: Partial<SwarmNodeInfo>; worker2?: Partial<SwarmNodeInfo> } = {}): SwarmView {
  const nodes = [node('manager', { role: 'manager' }), node('worker1', { labels: { 'summoner.data': 'crm' }, ...o.worker1 }), node('worker2', o.worker2)];
  const allowed = (c: string[]) => allowedNodes(nodes, c);
  return {
    nodes,
    units: [
      { app: 'crm', unit: 'db', role: 'db', allowed: allowed(['node.labels.summoner.data==crm']), running: ['worker1'] },
      { app: 'crm', unit: 'cache', role: 'cache', allowed: allowed([]), running: ['worker2'] },
      { app: 'crm', unit: 'web', role: 'app', allowed: allowed(['node.id==manager']), running: ['manager'] },
      { app: 'wiki', unit: 'web', role: 'app', allowed: allowed(['node.role==manager']), running: ['manager'] },
    ],
  };
}

function rig() {
  const kv = new Map<string, string>();
  const events: SummonerEvent[] = [];
  const bus = createEventBus();
  bus.on((e) => void events.push(e));
  let view = cluster();
  const watch = () => createNodeWatch({ view: async () => view, events: bus, state: { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v) } });
  return { kv, events, set: (v: SwarmView) => (view = v), watch };
}

describe('placement constraints', () => {
  it('are read for id, hostname, role and labels, with == and !=', () => {
    const nodes = cluster().nodes;
    expect(allowedNodes(nodes, [])).toEqual(['manager', 'worker1', 'worker2']);
    expect(allowedNodes(nodes, ['node.labels.summoner.data==crm'])).toEqual(['worker1']);
    expect(allowedNodes(nodes, ['node.role!=manager', 'node.hostname!=worker1'])).toEqual(['worker2']);
    expect(allowedNodes(nodes, ['node.id == manager'])).toEqual(['manager']);
  });
});

describe('the node watch', () => {
  it('says nothing of nodes that are ready, then each change once, with its meaning per app', async () => {
    const r = rig();
    const w = r.watch();
    expect(await w.check()).toBe('3 node(s), 0 not ready');
    expect(r.events).toEqual([]);

    // worker2 drained: its stateless task moves, nothing is down
    r.set(cluster({ worker2: { availability: 'drain' } }));
    await w.check();
    await w.check(); // still drained: not said again
    expect(r.events).toEqual([{ type: 'swarm.node', node: 'worker2', condition: 'drained', impacts: ["crm's cache had a task there: Swarm moves it to another node"], at: expect.any(Number) }]);
    expect(describeEvent(r.events[0]!)).toMatchObject({ color: 'warning' });

    // worker1, which holds crm's database, goes down: crm is unavailable, and said so
    r.set(cluster({ worker1: { state: 'down' }, worker2: { availability: 'drain' } }));
    await w.check();
    expect(r.events[1]).toMatchObject({
      node: 'worker1',
      condition: 'down',
      impacts: ["crm's database is pinned to worker1, where its data is; worker1 is down: crm is unavailable until worker1 is back"],
    });
    const said = describeEvent(r.events[1]!);
    expect(said.color).toBe('danger');
    expect(said.text).toMatch(/^:x: Swarm node worker1 is down\n- crm's database is pinned to worker1/);

    // a restarted bot remembers what was said: nothing repeated
    const again = r.watch();
    await again.check();
    expect(r.events).toHaveLength(2);
    // both back: said once each
    r.set(cluster());
    await again.check();
    await again.check();
    expect(r.events.slice(2).map((e) => e.type === 'swarm.node' && [e.node, e.condition, e.impacts])).toEqual([
      ['worker1', 'ready', ["crm's database can run again on worker1"]],
      ['worker2', 'ready', []],
    ]);
    expect(describeEvent(r.events[2]!).text).toMatch(/^:white_check_mark: Swarm node worker1 is back/);
  });

  it('a task already moved when the change is seen: where it ran comes from the last check, where it runs now is said', async () => {
    const r = rig();
    const w = r.watch();
    await w.check(); // the cache runs on worker2
    const drained = cluster({ worker2: { availability: 'drain' } });
    drained.units = drained.units.map((u) => (u.unit === 'cache' ? { ...u, running: ['manager'] } : u));
    r.set(drained);
    await w.check();
    expect(r.events).toEqual([expect.objectContaining({ node: 'worker2', condition: 'drained', impacts: ["crm's cache moved from worker2 to manager"] })]);
  });

  it('a node already down when the watch first looks is said (the bot may have started after it fell)', async () => {
    const r = rig();
    r.set(cluster({ worker2: { state: 'down' } }));
    await r.watch().check();
    expect(r.events).toEqual([expect.objectContaining({ node: 'worker2', condition: 'down', impacts: ["crm's cache had a task there: Swarm moves it to another node"] })]);
  });

  it('a unit that can run nowhere else is unavailable; a hostile hostname reaches chat as plain characters', () => {
    const v = cluster();
    v.nodes[0] = { ...v.nodes[0]!, hostname: '@channel **x**', state: 'down' };
    const [news] = nodeNews(v, new Map());
    expect(news!.node).toBe('?channel???x??');
    expect(news!.impacts).toEqual([
      "crm's web service can only run on ?channel???x??; ?channel???x?? is down: crm is unavailable until ?channel???x?? is back",
      "wiki's web service can only run on ?channel???x??; ?channel???x?? is down: wiki is unavailable until ?channel???x?? is back",
    ]);
  });

  it('the proxy (a global service) does not move: a node drained or down stops answering on its ports, paused says nothing', () => {
    const v = cluster({ worker2: { availability: 'drain' } });
    v.units.push({ app: 'the proxy', unit: 'proxy', role: 'proxy', allowed: allowedNodes(v.nodes, []), running: ['manager', 'worker1', 'worker2'] });
    const [drained] = nodeNews(v, new Map());
    expect(drained!.impacts).toEqual(["crm's cache had a task there: Swarm moves it to another node", "the proxy no longer answers on worker2's ports; the other nodes' serve"]);
    const p = cluster({ worker2: { availability: 'pause' } });
    p.units = [{ app: 'the proxy', unit: 'proxy', role: 'proxy', allowed: allowedNodes(p.nodes, []), running: ['manager', 'worker1', 'worker2'] }];
    expect(nodeNews(p, new Map())[0]!.impacts).toEqual([]);
  });

  it("a node down whose proxy task no check saw running (already gone, the node not yet down) still stops the proxy's ports", () => {
    const v = cluster({ worker1: { state: 'down' } });
    v.units = [{ app: 'the proxy', unit: 'proxy', role: 'proxy', allowed: allowedNodes(v.nodes, []), running: ['manager', 'worker2'] }];
    const before = cluster();
    before.units = [{ ...v.units[0]!, running: ['manager', 'worker2'] }];
    expect(nodeNews(v, new Map(), before)[0]!.impacts).toEqual(["the proxy no longer answers on worker1's ports; the other nodes' serve"]);
  });
});
