// Issue 15, done-when 2, and issue 14, done-when 3 on a Swarm: the five-service minion of
// docker-swarm-multi.test.ts (web + PostgreSQL + a cache + a worker + a migration job) on the three nodes of
// scripts/docker/swarm-nodes.sh, its database pinned to worker1 by the node label `summoner.data.<app>` (set by
// this test on worker1 for its own app, removed after). From the manager: the database dump runs next to its
// task on worker1 (through worker1's Engine API, `swarm.nodes`), with the cold copy of every volume; the dump
// is verified in a throw-away container on worker1; the rows are destroyed, the dump restored (a twin beside
// the live database on worker1, then the service scaled to 0, the folders swapped and the service back), and
// the same query answers as before. A node without an endpoint fails closed, naming the node.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackupService, type BackupService } from '../src/core/backup/service.js';
import { execStream, inspectService, listContainers, removeContainer, selector, type SwarmTaskSpec } from '../src/core/engine/index.js';
import { JobQueue } from '../src/core/jobs.js';
import { loadSecrets } from '../src/core/secrets.js';
import { createSwarmServices, swarmName } from '../src/core/swarm/index.js';
import { swarmBackupDeps, swarmLocator } from '../src/core/swarm/locate.js';
import { runningTask, tasksOf } from '../src/core/swarm/health.js';
import type { CoreServices } from '../src/core/services.js';
import { RecordingReporter, catalogOf, engineAvailable, handPlan, silentLog, type TestEnv } from './helpers/docker.js';
import { swarmFiveServiceMinion } from './helpers/multi.js';
import { NODE_ADDR, makeSwarmEnv, nodeEngine, nodeNames, setNodeLabel, swarmNodesAvailable } from './helpers/swarm-nodes.js';

const run = engineAvailable() && swarmNodesAvailable() ? describe : describe.skip;

run('backups of a five-service minion on the three-node Swarm, its database on a worker', () => {
  let env: TestEnv;
  let core: CoreServices;
  let backups: BackupService;
  // its own app name: the data label pins this app's databases only
  const app = `bk${randomBytes(3).toString('hex')}`;
  const m = { ...swarmFiveServiceMinion(app), backup: { hot: true, cold: true } };
  const dbService = () => swarmName(`postgres-${app}-${env.domain}`);
  const worker1 = nodeEngine('worker1');

  /** The database's running task: its node and its container there. */
  const dbTask = async () => {
    const s = (await inspectService(env.engine, dbService()))!;
    const t = runningTask(await tasksOf(env.engine, s))!;
    return { node: (await nodeNames(env.engine)).get(t.nodeId), container: t.containerId! };
  };
  /** A query in the database, run where it runs (worker1's engine), as the app's user. */
  const sql = async (query: string): Promise<string> => {
    const { container } = await dbTask();
    const pw = (await loadSecrets(env.secretsDir, app)).DB_PASSWORD ?? '';
    const r = await execStream(worker1, container, ['psql', '-h', '127.0.0.1', '-U', 'app', '-d', 'appdb', '-X', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-f', '-'], {
      env: [`PGPASSWORD=${pw}`],
      stdin: Readable.from([Buffer.from(query)]),
    });
    if (r.exitCode !== 0) throw new Error(`sql failed (${r.exitCode}): ${r.stderr}`);
    return r.stdout.trim();
  };
  const QUERY = 'SELECT id, name, amount FROM ledger ORDER BY id;';

  beforeAll(async () => {
    env = makeSwarmEnv('sb');
    // the workers' Engine APIs as a production config names them (the manager is Summoner's own engine)
    env.config.swarm = { nodes: { worker1: `tcp://${NODE_ADDR.worker1}:2375`, worker2: `tcp://${NODE_ADDR.worker2}:2375` } };
    const log = silentLog();
    const catalog = catalogOf(m);
    const jobs = new JobQueue();
    core = createSwarmServices({ config: env.config, engine: env.engine, catalog, planDeploy: handPlan, secretsDir: env.secretsDir, log, jobs });
    // wired as src/core/boot.ts wires them on a Swarm manager
    backups = createBackupService({ config: env.config, engine: env.engine, catalog, secretsDir: env.secretsDir, jobs, log, ...swarmBackupDeps(env.engine, env.config, log) });
    await setNodeLabel(env.engine, 'worker1', `summoner.data.${app}`, 'true');
  }, 60_000);
  afterAll(async () => {
    if (!env) return;
    await setNodeLabel(env.engine, 'worker1', `summoner.data.${app}`, undefined).catch(() => undefined);
    // a throw-away container left on worker1 by a failed run (none when every step cleaned up after itself)
    for (const c of await listContainers(worker1, selector(env.domain)).catch(() => [])) {
      if (!c.labels['com.docker.swarm.service.id']) await removeContainer(worker1, c.id).catch(() => undefined);
    }
    await env.cleanup();
  }, 120_000);

  it('summons the minion with its database on worker1, the node labelled summoner.data.<app>', async () => {
    const t0 = Date.now();
    expect((await core.summon(app, undefined, new RecordingReporter())).status).toBe('summoned');
    console.log(`summon with the database on worker1: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const spec = (await inspectService(env.engine, dbService()))!.spec.TaskTemplate as SwarmTaskSpec;
    expect(spec.Placement?.Constraints).toEqual([`node.labels.summoner.data.${app}==true`]);
    expect((await dbTask()).node).toBe('worker1');
    await sql("CREATE TABLE ledger (id int PRIMARY KEY, name text NOT NULL, amount numeric(12,2)); INSERT INTO ledger SELECT g, 'row ' || g, g * 1.25 FROM generate_series(1, 500) g;");
    expect(await sql('SELECT count(*) FROM ledger;')).toBe('500');
  }, 600_000);

  it('is backed up from the manager: the dump beside its task on worker1, and a cold copy of every volume', async () => {
    const before = await sql(QUERY);
    const r = new RecordingReporter();
    const res = await backups.backup(app, r);
    expect(res.map((x) => [x.kind, x.ok, x.error])).toEqual([
      ['dump', true, undefined],
      ['cold', true, undefined],
    ]);
    expect(r.steps.some((s) => /^dumping postgres \(.+ on worker1\)$/.test(s))).toBe(true);
    const [dump] = await backups.list(app);
    expect(dump!.manifest).toMatchObject({ kind: 'dump', type: 'postgres', tables: { 'public.ledger': 500 } });
    expect(dump!.manifest.checksums?.['public.ledger']).toMatch(/\w/);
    const { list } = await import('tar');
    const entries: string[] = [];
    await list({ file: res[1]!.file!, onReadEntry: (e) => void entries.push(e.path) });
    expect(entries.some((e) => e.includes('files/migrations.log'))).toBe(true);
    expect(entries.some((e) => e.includes('pgdata/'))).toBe(true);
    // every service runs again after the cold copy, the database still on worker1, its rows unchanged
    await expect.poll(async () => (await core.status(app))[0]?.state, { timeout: 60_000, interval: 500 }).toBe('running');
    expect((await dbTask()).node).toBe('worker1');
    expect(await sql(QUERY)).toBe(before);
  }, 600_000);

  it('is verified in a throw-away container on worker1', async () => {
    const dump = (await backups.list(app)).find((b) => b.manifest.kind === 'dump')!;
    const v = await backups.verify(app, dump.manifest.file, new RecordingReporter());
    expect(v).toMatchObject({ ok: true, tables: 1, rows: 500 });
    // thrown away: nothing of this app but its task containers on worker1
    expect((await listContainers(worker1, selector(env.domain))).filter((c) => !c.labels['com.docker.swarm.service.id'])).toEqual([]);
  }, 300_000);

  it('is restored after its rows are destroyed: the same query answers as before', async () => {
    const before = await sql(QUERY);
    await sql('DELETE FROM ledger WHERE id > 10; UPDATE ledger SET amount = 0;');
    expect(await sql(QUERY)).not.toBe(before);
    const dump = (await backups.list(app)).find((b) => b.manifest.kind === 'dump')!;
    const r = new RecordingReporter();
    const res = await backups.restore(app, dump.manifest.file, r);
    expect(res).toMatchObject({ app, kind: 'dump', checked: expect.stringMatching(/1 tables, 500 rows/) });
    expect(res.safety).toMatch(/dump/);
    expect((await dbTask()).node).toBe('worker1');
    expect(await sql(QUERY)).toBe(before);
    expect((await core.status(app))[0]).toMatchObject({ state: 'running', health: 'healthy' });
  }, 600_000);

  it('fails closed when the node that runs the database has no known endpoint, naming the node', async () => {
    const blind = swarmLocator(env.engine, { ...env.config, swarm: { nodes: {} } });
    const b = createBackupService({ config: env.config, engine: env.engine, catalog: catalogOf(m), secretsDir: env.secretsDir, jobs: new JobQueue(), log: silentLog(), locator: blind });
    await expect(b.findDb(app)).rejects.toMatchObject({ code: 'swarm.node_unknown', message: expect.stringMatching(/node worker1/) });
  }, 60_000);
});
