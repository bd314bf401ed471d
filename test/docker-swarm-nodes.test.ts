// Issue 15, node events, on the three-node Swarm (scripts/docker/swarm-nodes.sh): a minion whose database is
// pinned to worker1 (node label summoner.data=<app>) and whose stateless cache runs on worker2. Drained,
// worker2's task moves and ops is told once; worker1 lost (its node container stopped, as a machine that dies),
// ops is told crm is unavailable and why; worker1 back, it is said, and the app is healthy again and said so.
// The managed proxy runs on every node (proxy/swarm.ts): a client polling the app through it while worker2 is
// drained sees no failed request.
// It drains and stops nodes: it runs alone (vitest.config.ts DOCKER_ALONE), after the other engine files.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { createEdge, type Edge } from '../src/core/edge.js';
import { createEventBus, describeEvent, type SummonerEvent } from '../src/core/events.js';
import { plainGet } from '../src/core/http-probe.js';
import { inspectService, listTasks, updateService } from '../src/core/engine/index.js';
import { createSwarmServices, swarmName } from '../src/core/swarm/index.js';
import { readSwarmView } from '../src/core/swarm/nodes.js';
import type { CoreServices } from '../src/core/services.js';
import { createHealthWatch } from '../src/notify/health-watch.js';
import { createNodeWatch } from '../src/notify/node-watch.js';
import { RecordingReporter, catalogOf, engineAvailable, handPlan, silentLog, type TestEnv } from './helpers/docker.js';
import { fiveServiceMinion, swarmFiveServiceMinion } from './helpers/multi.js';
import { NODE_ADDR, makeSwarmEnv, nodeContainer, nodeNames, setNodeLabel, swarmNodesAvailable, updateNode } from './helpers/swarm-nodes.js';

const run = engineAvailable() && swarmNodesAvailable() ? describe : describe.skip;

run('Swarm nodes lost, drained and back, said in ops', () => {
  let env: TestEnv;
  let core: CoreServices;
  let edge: Edge;
  const app = `nd${randomBytes(3).toString('hex')}`;
  // web, PostgreSQL and the cache of the five-service minion (no job, no worker: nothing else to wait for)
  const five = swarmFiveServiceMinion(app);
  const m = {
    ...five,
    web: { ...fiveServiceMinion(app).web, dependsOn: [{ service: 'db', condition: 'service_healthy' as const, required: true, restart: false }] },
    services: five.services!.filter((s) => ['web', 'database', 'cache'].includes(s.role!)).map((s) => (s.role === 'web' ? { ...s, dependsOn: [{ service: 'db', condition: 'service_healthy' as const, required: true, restart: false }] } : s)),
  };
  const events: SummonerEvent[] = [];
  const kv = new Map<string, string>();
  let nodeWatch: ReturnType<typeof createNodeWatch>;
  let healthWatch: ReturnType<typeof createHealthWatch>;
  const said = (type: SummonerEvent['type']) => events.filter((e) => e.type === type);
  const where = async (service: string) => {
    const s = (await inspectService(env.engine, swarmName(service)))!;
    const names = await nodeNames(env.engine);
    return (await listTasks(env.engine, s.id)).filter((t) => t.state === 'running' && t.desiredState === 'running').map((t) => names.get(t.nodeId));
  };
  const cache = () => `${app}-cache-${env.domain}`;

  beforeAll(async () => {
    env = makeSwarmEnv('nd');
    const config = configSchema.parse({ ...env.config, proxy: { mode: 'managed', image: 'summoner-test/nginx:1.22', httpPort: 80, httpsPort: 443 }, certificates: { enabled: false } });
    edge = createEdge({ config, engine: env.engine, catalog: catalogOf(m), log: silentLog(), events: createEventBus(), engineMode: 'swarm' });
    core = createSwarmServices({ config, engine: env.engine, catalog: catalogOf(m), planDeploy: handPlan, secretsDir: env.secretsDir, log: silentLog(), hooks: edge.hooks });
    const bus = createEventBus();
    bus.on((e) => void events.push(e));
    nodeWatch = createNodeWatch({ view: () => readSwarmView(env.engine, env.domain), events: bus, state: { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v) } });
    healthWatch = createHealthWatch({ status: () => core.status(), events: bus });
    // the nodes may still be rejoining (the engine-restart file, in the same project, restarts them all)
    await vi.waitFor(async () => expect((await readSwarmView(env.engine, env.domain)).nodes.map((n) => n.state)).toEqual(['ready', 'ready', 'ready']), { timeout: 180_000, interval: 1000 });
    await setNodeLabel(env.engine, 'worker1', 'summoner.data', app);
  }, 240_000);
  afterAll(async () => {
    await edge?.stop();
    if (!env) return;
    // whatever happened, the nodes are as they were: worker1 running, worker2 active, no label
    execFileSync('docker', ['start', nodeContainer('worker1')]);
    await vi.waitFor(async () => expect((await readSwarmView(env.engine, env.domain)).nodes.every((n) => n.state === 'ready')).toBe(true), { timeout: 120_000, interval: 1000 }).catch(() => undefined);
    await updateNode(env.engine, 'worker2', (spec) => ({ ...spec, Availability: 'active' })).catch(() => undefined);
    await setNodeLabel(env.engine, 'worker1', 'summoner.data', undefined).catch(() => undefined);
    await env.cleanup();
  }, 240_000);

  it('summons the minion: its database on worker1, its cache elsewhere; nothing is news yet', async () => {
    await edge.start();
    expect((await core.summon(app, undefined, new RecordingReporter())).status).toBe('summoned');
    expect(await where(`postgres-${app}-${env.domain}`)).toEqual(['worker1']);
    expect(await nodeWatch.check()).toBe('3 node(s), 0 not ready');
    expect(await healthWatch.check()).toMatch(/, 0 down$/);
    expect(events).toEqual([]);
  }, 600_000);

  it('the node that runs the cache drained: the task moves, the app stays healthy, ops is told once', async () => {
    // the manager holds the web service (its HTTP check runs from there), worker1 the database; the cache was
    // placed before the web existed, so it may share the manager: re-placed (`docker service update --force`,
    // what an operator does), Swarm's spread puts it on the node with no task, worker2
    if ((await where(cache()))[0] !== 'worker2') {
      await updateService(env.engine, swarmName(cache()), (spec) => spec, { force: true });
      await vi.waitFor(async () => expect(await where(cache())).toEqual(['worker2']), { timeout: 120_000, interval: 1000 });
    }
    await nodeWatch.check(); // a minute-ly check saw it there
    // a client polls the app through the proxy (the manager's port 80) from before the drain until after the move
    const polls = { ok: 0, failed: [] as string[] };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const r = await plainGet(NODE_ADDR.manager, 80, '/', `${app}.${env.domain}`, 5000).catch((err: Error) => ({ status: 0, body: err.message }));
        if (r.status === 200) polls.ok++;
        else polls.failed.push(`${r.status} ${r.body.slice(0, 80)}`);
      }
    })();
    await vi.waitFor(() => expect(polls.ok).toBeGreaterThan(0), { timeout: 10_000, interval: 100 });
    await updateNode(env.engine, 'worker2', (spec) => ({ ...spec, Availability: 'drain' }));
    await vi.waitFor(async () => expect((await where(cache())).filter((n) => n !== 'worker2')).toHaveLength(1), { timeout: 120_000, interval: 1000 });
    polling = false;
    await poller;
    console.log(`polled through the proxy during the drain: ${polls.ok} answered, ${polls.failed.length} failed`);
    expect(polls.failed).toEqual([]);
    expect(polls.ok).toBeGreaterThan(10);
    await nodeWatch.check();
    await nodeWatch.check();
    // seen after the move (as a watch that runs every minute mostly does): where it went is said
    const [moved] = said('swarm.node');
    expect(said('swarm.node')).toEqual([expect.objectContaining({ node: 'worker2', condition: 'drained' })]);
    const to = (await where(cache()))[0];
    expect(moved!.type === 'swarm.node' && moved!.impacts).toEqual([`${app}'s cache moved from worker2 to ${to}`, "the proxy no longer answers on worker2's ports; the other nodes' serve"]);
    await vi.waitFor(async () => expect((await core.status(app))[0]).toMatchObject({ health: 'healthy' }), { timeout: 120_000, interval: 2000 });
    await updateNode(env.engine, 'worker2', (spec) => ({ ...spec, Availability: 'active' }));
    await nodeWatch.check();
    expect(said('swarm.node').at(-1)).toMatchObject({ node: 'worker2', condition: 'ready' });
  }, 300_000);

  it('the node that holds the database lost: ops is told the app is unavailable and why; back, it is healthy again', async () => {
    const before = said('swarm.node').length;
    execFileSync('docker', ['stop', '-t', '1', nodeContainer('worker1')]);
    // the manager marks it down after its heartbeats stop (some seconds)
    await vi.waitFor(async () => {
      await nodeWatch.check();
      expect(said('swarm.node').length).toBeGreaterThan(before);
    }, { timeout: 120_000, interval: 2000 });
    const down = said('swarm.node')[before]!;
    expect(down).toMatchObject({ node: 'worker1', condition: 'down' });
    // the database line; the cache may have moved to worker1 when worker2 was drained: then it moves again
    const impacts = down.type === 'swarm.node' ? down.impacts : [];
    expect(impacts).toContain(`${app}'s database is pinned to worker1, where its data is; worker1 is down: ${app} is unavailable until worker1 is back`);
    expect(impacts).toContain("the proxy no longer answers on worker1's ports; the other nodes' serve");
    for (const l of impacts.filter((x) => !x.includes('database') && !x.startsWith('the proxy'))) expect(l).toMatch(new RegExp(`^${app}'s cache (had a task there: Swarm moves it to another node|moved from worker1 to (manager|worker2))$`));
    expect(describeEvent(down)).toMatchObject({ color: 'danger', text: expect.stringMatching(/^:x: Swarm node worker1 is down\n- /) });
    await nodeWatch.check();
    expect(said('swarm.node')).toHaveLength(before + 1); // once

    execFileSync('docker', ['start', nodeContainer('worker1')]);
    await vi.waitFor(async () => {
      await nodeWatch.check();
      expect(said('swarm.node').at(-1)).toMatchObject({ node: 'worker1', condition: 'ready', impacts: [`${app}'s database can run again on worker1`] });
    }, { timeout: 180_000, interval: 2000 });
    // the database's task starts again there and the app is healthy: the health watch says so once (it said
    // the app down first if a check ran while it was)
    await vi.waitFor(async () => expect((await core.status(app))[0]).toMatchObject({ state: 'running', health: 'healthy' }), { timeout: 240_000, interval: 2000 });
    expect(await where(`postgres-${app}-${env.domain}`)).toEqual(['worker1']);
  }, 600_000);

  it('the health watch says the app down while its database is gone, and healthy again once it is back', async () => {
    const before = events.length;
    execFileSync('docker', ['stop', '-t', '1', nodeContainer('worker1')]);
    await vi.waitFor(async () => {
      await healthWatch.check();
      expect(said('minion.unhealthy').length).toBeGreaterThan(0);
    }, { timeout: 180_000, interval: 2000 });
    execFileSync('docker', ['start', nodeContainer('worker1')]);
    await vi.waitFor(async () => {
      await healthWatch.check();
      expect(said('minion.recovered')).toEqual([expect.objectContaining({ app })]);
    }, { timeout: 300_000, interval: 3000 });
    expect(events.slice(before).filter((e) => e.type === 'minion.unhealthy')).toHaveLength(1);
  }, 600_000);
});
