// Issue 14, done-when 3 on a Swarm (issue 15's three nodes, scripts/docker/swarm-nodes.sh): the five-service
// minion of services-multi.test.ts (web + PostgreSQL + a cache + a worker + a migration job, local test
// images) summoned as Swarm services through the nested manager: in dependency order (read from Swarm's own
// task timestamps), the job as a one-shot job service that completes once, every service behind its health
// gate, the stateless cache on another node than the data (checked there by Swarm's task health), the worker
// reaching it across nodes over the overlay; then updated (the job runs again) and rolled back.
// Its backups (the database pinned to a worker): test/docker-swarm-backup.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectService, listContainers, listNodes, listTasks, selector, type SwarmTaskSpec, type TaskInfo } from '../src/core/engine/index.js';
import { createSwarmServices, swarmName } from '../src/core/swarm/index.js';
import type { CoreServices } from '../src/core/services.js';
import { RecordingReporter, catalogOf, engineAvailable, handPlan, silentLog, type TestEnv } from './helpers/docker.js';
import { swarmFiveServiceMinion } from './helpers/multi.js';
import { NODES, makeSwarmEnv, nodeEngine, nodeNames, swarmNodesAvailable } from './helpers/swarm-nodes.js';

const run = engineAvailable() && swarmNodesAvailable() ? describe : describe.skip;

run('a five-service minion on the three-node Swarm', () => {
  let env: TestEnv;
  let core: CoreServices;
  const app = 'crm';
  // the cache also reads a config file (compose `configs:`): the copy Summoner writes is on the manager only, so
  // on a worker the file must come as a Docker secret; the cache's check reads it there before its GET
  const CACHE_CONF = `cache config of ${app}`;
  const cacheCheck = ['/bin/busybox', 'sh', '-c', `/bin/busybox grep -q '${CACHE_CONF}' /etc/cache.conf && /bin/busybox wget -q -O /dev/null http://127.0.0.1:6379/health`];
  const m0 = swarmFiveServiceMinion(app);
  const m: typeof m0 = {
    ...m0,
    services: m0.services!.map((s) =>
      s.service === 'cache'
        ? { ...s, volumes: [{ name: 'cache-configs', target: '/etc/cache.conf', readOnly: true, subpath: 'etc-cache.conf', file: true }], health: { ...s.health!, exec: cacheCheck } }
        : s,
    ),
    volumes: [...(m0.volumes ?? []), 'cache-configs'],
    files: [...(m0.files ?? []), { volume: 'cache-configs', path: 'etc-cache.conf', content: `${CACHE_CONF}\n`, mode: 0o444 }],
  };
  const svc = (service: string) =>
    swarmName(service === 'web' ? `${app}-${env.domain}` : service === 'db' ? `postgres-${app}-${env.domain}` : `${app}-${service}-${env.domain}`);
  /** The service's tasks of its current generation (newest first). */
  const tasksOf = async (service: string): Promise<TaskInfo[]> => {
    const s = (await inspectService(env.engine, svc(service)))!;
    const force = (s.spec.TaskTemplate as SwarmTaskSpec).ForceUpdate ?? 0;
    return (await listTasks(env.engine, s.id)).filter((t) => t.forceUpdate === force);
  };
  const running = async (service: string) => (await tasksOf(service)).find((t) => t.state === 'running' && t.desiredState === 'running')!;
  const migrations = () => fs.readFileSync(path.join(env.config.dataRoot, app, 'files', 'migrations.log'), 'utf8').trim().split('\n');

  beforeAll(() => {
    env = makeSwarmEnv('sm');
    core = createSwarmServices({ config: env.config, engine: env.engine, catalog: catalogOf(m), planDeploy: handPlan, secretsDir: env.secretsDir, log: silentLog() });
  });
  afterAll(async () => {
    await env?.cleanup();
  }, 120_000);

  it('summons every service in dependency order, each behind its gate, across nodes', async () => {
    const r = new RecordingReporter();
    const t0 = Date.now();
    const res = await core.summon(app, undefined, r);
    console.log(`summon of five services on three nodes: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(res.status).toBe('summoned');
    expect(r.steps).toContain(`waiting for ${svc('migrate')} to finish`);

    const [db, cache, worker, web] = await Promise.all(['db', 'cache', 'worker', 'web'].map(running));
    const job = (await tasksOf('migrate'))[0]!;
    // the job: one task, completed (exit 0), once
    expect((await tasksOf('migrate')).map((t) => t.state)).toEqual(['complete']);
    expect(job.exitCode ?? 0).toBe(0);
    expect(migrations()).toHaveLength(1);
    // Swarm's own times: a task is `running` only once its HEALTHCHECK passed (db, cache, worker), and the job's
    // `at` is when it completed. The job started after the db was healthy, the worker after the job completed
    // and the cache was healthy, the web after the worker was healthy.
    const at = (t: TaskInfo) => t.at!.getTime();
    const created = (t: TaskInfo) => t.createdAt!.getTime();
    expect(at(db!)).toBeLessThanOrEqual(created(job));
    expect(at(job)).toBeLessThanOrEqual(created(worker!));
    expect(at(cache!)).toBeLessThanOrEqual(created(worker!));
    expect(at(worker!)).toBeLessThanOrEqual(created(web!));

    // placement: everything with data (and the web, checked over HTTP from here) on the manager; the stateless
    // cache elsewhere, and the worker reached it there (its health needs a GET of http://cache:6379 to pass)
    const nodes = await nodeNames(env.engine);
    const where = (t: TaskInfo) => nodes.get(t.nodeId);
    expect([db, worker, web, job].map((t) => where(t!))).toEqual(['manager', 'manager', 'manager', 'manager']);
    expect(['worker1', 'worker2']).toContain(where(cache!));
    // no node was labelled for it: Summoner pinned its database to its own node and said so on the node
    const labelled = (await listNodes(env.engine)).filter((n) => n.labels[`summoner.data.${app}`] === 'true');
    expect(labelled.map((n) => nodes.get(n.id))).toEqual(['manager']);
    expect(((await inspectService(env.engine, svc('db')))!.spec.TaskTemplate as SwarmTaskSpec).Placement?.Constraints).toEqual([`node.labels.summoner.data.${app}==true`]);
    expect(fs.existsSync(path.join(env.config.dataRoot, app, 'files', 'worker-ok'))).toBe(true);
    const cacheSpec = (await inspectService(env.engine, svc('cache')))!.spec.TaskTemplate as SwarmTaskSpec;
    // sent as dockerode types it (HealthCheck; the engine decodes JSON keys case-insensitively), read back in the
    // engine's own spelling
    expect((cacheSpec.ContainerSpec as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test).toEqual(['CMD', ...cacheCheck]);
    expect(cacheSpec.Placement?.Constraints ?? []).toEqual([]);
    // its config file is a Docker secret at its target (the check above read it on the worker), not a bind
    expect(cacheSpec.ContainerSpec!.Mounts ?? []).toEqual([]);
    expect(cacheSpec.ContainerSpec!.Secrets!.map((s) => s.File!.Name)).toEqual(['/etc/cache.conf']);

    const [st] = await core.status(app);
    expect(st).toMatchObject({ state: 'running', health: 'healthy' });
    expect(st!.containers.find((c) => c.name === svc('migrate'))).toMatchObject({ role: 'job', state: 'completed' });
    expect((await core.summon(app, undefined, new RecordingReporter())).status).toBe('already');
  }, 900_000);

  it('is updated (the migration job runs again before the new web) and rolled back', async () => {
    const u = await core.update(app, '1.1', { force: false }, new RecordingReporter());
    expect(u).toMatchObject({ status: 'updated', from: '1.0', to: '1.1' });
    expect(migrations()).toHaveLength(2);
    expect(((await inspectService(env.engine, svc('web')))!.spec.TaskTemplate as SwarmTaskSpec).ContainerSpec!.Image).toBe('summoner-test/web:1.1');
    const r = await core.rollback(app, new RecordingReporter());
    expect(r).toMatchObject({ from: '1.1', to: '1.0' });
    expect((await core.status(app))[0]).toMatchObject({ state: 'running', health: 'healthy', version: '1.0' });
  }, 900_000);

  it('is dismissed with nothing left on any node, the exited containers of its job included', async () => {
    expect(await core.dismiss(app, { purge: false }, new RecordingReporter())).toMatchObject({ app });
    for (const n of NODES) {
      const left = await listContainers(nodeEngine(n), selector(env.domain, app)); // all, exited ones too
      expect(left.map((c) => `${n}: ${c.name} ${c.state}`)).toEqual([]);
    }
  }, 300_000);
});
