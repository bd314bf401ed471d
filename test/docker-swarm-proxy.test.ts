// Issue 15, done-when 1 and 4: the managed proxy on the three-node Swarm (scripts/docker/swarm-nodes.sh).
// nginx runs as a global service (one task per node, ports 80/443 published on each node), its configuration in
// Docker configs and the certificates' keys in Docker secrets. The five-service minion is summoned with its
// database pinned to worker2 (node label summoner.data.<app>); Pebble issues its certificate through a real HTTP-01
// challenge that it validates on worker1's port 80 (its DNS answers worker1's address for every name), while
// Summoner talks to the manager; then every node answers the app over HTTPS with that certificate. A set nginx refuses
// is never rolled out: the service's spec stays, and every node keeps serving the last good set.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/config/schema.js';
import { createEdge, type Edge } from '../src/core/edge.js';
import { inspectService, listTasks } from '../src/core/engine/index.js';
import { createEventBus } from '../src/core/events.js';
import { plainGet } from '../src/core/http-probe.js';
import { GENERATION_PATH } from '../src/core/proxy/render.js';
import type { CoreServices } from '../src/core/services.js';
import { createSwarmServices, swarmName } from '../src/core/swarm/index.js';
import { RecordingReporter, catalogOf, engineAvailable, handPlan, silentLog, type TestEnv } from './helpers/docker.js';
import { swarmFiveServiceMinion } from './helpers/multi.js';
import { pebbleAvailable, pebbleConfig, startChallTestSrv, startPebble, type Pebble } from './helpers/pebble.js';
import { NODES, NODE_ADDR, makeSwarmEnv, nodeNames, setNodeLabel, swarmNodesAvailable } from './helpers/swarm-nodes.js';

const run = engineAvailable() && swarmNodesAvailable() && pebbleAvailable() ? describe : describe.skip;

/** GET / over HTTPS at one node, for `host`, trusting only `ca`: the status, the body, the certificate's issuer. */
function httpsAt(addr: string, host: string, ca: string): Promise<{ status: number; body: string; issuer: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: addr, port: 443, servername: host, headers: { Host: host }, ca, agent: false, path: '/', timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate?.();
        resolve({ status: res.statusCode ?? 0, body, issuer: String(cert?.issuer?.CN ?? '') });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

run('the managed proxy on the three-node Swarm', () => {
  let env: TestEnv;
  let config: Config;
  let core: CoreServices;
  let edge: Edge;
  let pebble: Pebble;
  let dns: { address: string; stop(): Promise<void> };
  const app = `px${randomBytes(3).toString('hex')}`;
  const m = swarmFiveServiceMinion(app);
  const host = () => `${app}.${env.domain}`;
  const proxyService = () => swarmName(`proxy-${env.domain}`);
  /** What each node serves as the set's id on its port 80. */
  const setIds = () => Promise.all(NODES.map((n) => plainGet(NODE_ADDR[n], 80, GENERATION_PATH, 'summoner-proxy.invalid', 3000).then((r) => r.body, () => 'no answer')));

  beforeAll(async () => {
    env = makeSwarmEnv('px');
    // Pebble validates on port 80 of the address its DNS gives: worker1's, whichever node runs Summoner's engine
    dns = await startChallTestSrv(NODE_ADDR.worker1);
    pebble = await startPebble({ dir: path.join(env.root, 'pebble'), httpPort: 80, dnsServer: dns.address });
    config = pebbleConfig(env.config, pebble, { httpPort: 80, httpsPort: 443 });
    const log = silentLog();
    const catalog = catalogOf(m);
    // the bot's resolver cannot know the test names: they resolve as Pebble's DNS says (to worker1, a node of ours)
    edge = createEdge({ config, engine: env.engine, catalog, log, events: createEventBus(), engineMode: 'swarm', certs: { lookup: async () => [NODE_ADDR.worker1] } });
    core = createSwarmServices({ config, engine: env.engine, catalog, planDeploy: handPlan, secretsDir: env.secretsDir, log, hooks: edge.hooks });
    await setNodeLabel(env.engine, 'worker2', `summoner.data.${app}`, 'true');
  }, 60_000);
  afterAll(async () => {
    await edge?.stop();
    if (env) await setNodeLabel(env.engine, 'worker2', `summoner.data.${app}`, undefined).catch(() => undefined);
    await pebble?.stop();
    await dns?.stop();
    await env?.cleanup();
  }, 180_000);

  /**
   * The app through one node's proxy, 200 within a bound: a node's overlay learns where the web task runs through
   * Swarm's gossip, which under a full run's load lagged the summon's end (worker2 answered 504 for a while once).
   */
  async function answers(n: (typeof NODES)[number], root: string) {
    const t1 = Date.now();
    let last = '';
    const got = await vi.waitFor(
      async () => {
        const g = await httpsAt(NODE_ADDR[n], host(), root).catch((err: Error) => ({ status: 0, body: err.message, issuer: '' }));
        last = `${g.status} ${g.body.slice(0, 80)}`;
        expect({ node: n, status: g.status }).toEqual({ node: n, status: 200 });
        return g;
      },
      { timeout: 60_000, interval: 500 },
    ).catch((err: Error) => {
      throw new Error(`${n} did not answer 200 within 60 s (last: ${last}): ${err.message}`);
    });
    if (Date.now() - t1 > 1000) console.log(`${n} answered 200 after ${((Date.now() - t1) / 1000).toFixed(1)} s (${last})`);
    return got;
  }

  it('runs nginx on every node; a summon with the database on worker2 answers on every node over HTTPS with a Pebble certificate', async () => {
    await edge.start();
    const svc = (await inspectService(env.engine, proxyService()))!;
    expect(svc.spec.Mode).toEqual({ Global: {} });
    // the empty set, served by each of the three nodes
    const first = await setIds();
    expect(new Set(first).size).toBe(1);
    expect(first[0]).toMatch(/^[a-z0-9]+-[0-9a-f]{6}$/);

    const r = new RecordingReporter();
    const t0 = Date.now();
    expect((await core.summon(app, undefined, r)).status).toBe('summoned');
    console.log(`summon with the proxy and a certificate on three nodes: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(r.steps).toContain(`proxy: serving ${host()}`);
    expect(r.steps.find((s) => s.startsWith(`certificate for ${host()}`))).not.toMatch(/failed|HTTP serves meanwhile/);

    // the database runs on worker2, where its data is
    const nodes = await nodeNames(env.engine);
    const db = (await inspectService(env.engine, swarmName(`postgres-${app}-${env.domain}`)))!;
    const dbTask = (await listTasks(env.engine, db.id)).find((t) => t.state === 'running')!;
    expect(nodes.get(dbTask.nodeId)).toBe('worker2');

    // every node answers the app over HTTPS, with the certificate Pebble issued (trusting Pebble's root only)
    const root = await pebble.root();
    for (const n of NODES) {
      const got = await answers(n, root);
      expect(got.issuer).toMatch(/pebble/i);
      // and HTTP redirects there
      const plain = await plainGet(NODE_ADDR[n], 80, '/', host());
      expect(plain.status).toBe(301);
    }
    // the key is a Docker secret of the proxy's service, never a config (whose content `inspect` shows)
    const spec = (await inspectService(env.engine, proxyService()))!.spec.TaskTemplate as { ContainerSpec: { Secrets?: { File: { Name: string } }[]; Configs?: { File: { Name: string } }[] } };
    expect(spec.ContainerSpec.Secrets?.map((s) => s.File.Name)).toEqual([`/etc/summoner/certs/${host()}/key.pem`]);
    expect(spec.ContainerSpec.Configs?.map((c) => c.File.Name)).not.toContain(`/etc/summoner/certs/${host()}/key.pem`);
  }, 600_000);

  it('a set nginx refuses is never rolled out: the spec stays, every node keeps serving the last good set', async () => {
    const before = (await inspectService(env.engine, proxyService()))!;
    const served = await setIds();
    expect(new Set(served).size).toBe(1);
    // a plain token (it passes Summoner's own checks) that nginx refuses: only `nginx -t` can tell
    const bad = { app: 'broken', host: `broken.${env.domain}`, upstream: { container: 'nothing-here', port: 80 }, maxBodySize: '10q', websocket: false, timeoutS: 60 };
    await expect(edge.proxy!.upsert(bad)).rejects.toMatchObject({ code: 'proxy.config_invalid', message: expect.stringMatching(/of broken: .*client_max_body_size/) });
    const after = (await inspectService(env.engine, proxyService()))!;
    // the spec is the one before (its version index also moves with Swarm's own status writes: not compared)
    expect(after.spec).toEqual(before.spec);
    expect(edge.proxy!.list().map((s) => s.app)).toEqual([app]);
    expect(await setIds()).toEqual(served);
    const root = await pebble.root();
    for (const n of NODES) await answers(n, root);
  }, 300_000);
});
