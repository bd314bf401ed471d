// Issue 14, "what to build" 2: a minion with two web services and two databases, on the real engine with the
// local test images. Each web service answers at its own host name through the managed proxy (nginx); the
// PostgreSQL and the MariaDB database are both dumped by `backup` (one run, each by its own tool), and
// `restore` puts both back from that run.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configSchema, type Config } from '../src/config/schema.js';
import { createBackupService, type BackupService } from '../src/core/backup/service.js';
import { createEdge, type Edge } from '../src/core/edge.js';
import { execStream, inspectContainer } from '../src/core/engine/index.js';
import { createEventBus } from '../src/core/events.js';
import { plainGet } from '../src/core/http-probe.js';
import { JobQueue } from '../src/core/jobs.js';
import { loadSecrets } from '../src/core/secrets.js';
import { createCoreServices, type CoreServices } from '../src/core/services.js';
import type { Minion, MinionService } from '../src/core/types.js';
import { hotPgMinion, sql } from './helpers/backup.js';
import { RecordingReporter, catalogOf, engineAvailable, freePort, handPlan, makeTestEnv, silentLog, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

/** web + admin (a second web service) + PostgreSQL `db` + MariaDB `audit`. */
function twoWebTwoDb(name: string): Minion {
  const base = hotPgMinion(name);
  const admin: MinionService = {
    service: 'admin',
    role: 'web',
    subdomain: `${name}-admin`,
    port: 8080,
    image: 'summoner-test/web',
    tag: '1.0',
    environment: {},
    // its own page, so that the proxy's answer tells which service served it
    command: ['/bin/busybox', 'sh', '-c', 'mkdir -p /tmp/w && echo ok > /tmp/w/health && echo admin-of-$$APP_VERSION > /tmp/w/index.html && exec /bin/busybox httpd -f -p 8080 -h /tmp/w'],
    volumes: [],
    ports: [],
    health: { http: { path: '/', port: 8080 }, timeoutS: 120, intervalS: 0.5 },
  };
  const audit: MinionService = {
    service: 'audit',
    role: 'database',
    dbType: 'mariadb',
    image: 'summoner-test/mariadb',
    tag: '10.11',
    environment: { MARIADB_ROOT_PASSWORD: '${AUDIT_ROOT_PASSWORD}', MARIADB_DATABASE: 'audit', MARIADB_USER: 'auditor', MARIADB_PASSWORD: '${AUDIT_PASSWORD}' },
    volumes: [{ name: 'auditdata', target: '/var/lib/mysql' }],
    ports: [],
    health: { exec: ['sh', '-c', 'mariadb -h127.0.0.1 -uauditor -p"$MARIADB_PASSWORD" audit -N -e "select 1"'], timeoutS: 300, intervalS: 1 },
  };
  // a first PostgreSQL start is slow on a loaded machine: a longer gate than the helper's
  const database = { ...base.database!, health: { ...base.database!.health, timeoutS: 300 } };
  return {
    ...base,
    database,
    variables: {
      ...base.variables,
      AUDIT_PASSWORD: { generate: 'password', length: 24, secret: true },
      AUDIT_ROOT_PASSWORD: { generate: 'password', length: 24, secret: true },
    },
    services: [
      { ...database, role: 'database', dbType: 'postgres' },
      audit,
      { ...base.web, role: 'web', subdomain: name },
      admin,
    ],
    volumes: ['files', 'pgdata', 'auditdata'],
  };
}

run('a minion with two web services and two databases', () => {
  let env: TestEnv;
  let config: Config;
  let edge: Edge;
  let core: CoreServices;
  let backups: BackupService;
  let httpPort = 0;
  const app = 'duo';
  const m = twoWebTwoDb(app);
  const get = (host: string, p = '/') => plainGet('127.0.0.1', httpPort, p, host);
  const auditSql = async (query: string) => {
    const s = await loadSecrets(env.secretsDir, app);
    const r = await execStream(env.engine, `${app}-audit-${env.domain}`, ['mariadb', '-h127.0.0.1', '-uauditor', 'audit', '-N', '-B'], {
      env: [`MYSQL_PWD=${s.AUDIT_PASSWORD ?? ''}`],
      stdin: Readable.from([Buffer.from(query)]),
    });
    if (r.exitCode !== 0) throw new Error(`sql failed (${r.exitCode}): ${r.stderr}`);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    env = makeTestEnv('mw');
    httpPort = await freePort();
    config = configSchema.parse({
      ...env.config,
      proxy: { mode: 'managed', image: 'summoner-test/nginx:1.22', bind: '127.0.0.1', httpPort, httpsPort: await freePort() },
      certificates: { enabled: false },
    });
    const catalog = catalogOf(m);
    const log = silentLog();
    const jobs = new JobQueue();
    edge = createEdge({ config, engine: env.engine, catalog, log, events: createEventBus(), engineMode: 'standalone' });
    backups = createBackupService({ config, engine: env.engine, catalog, secretsDir: env.secretsDir, jobs, log });
    core = createCoreServices({ config, engine: env.engine, catalog, planDeploy: handPlan, secretsDir: env.secretsDir, log, jobs, hooks: edge.hooks });
  });
  afterAll(async () => {
    await edge?.stop();
    await env?.cleanup();
  });

  it('summons both web services, each answering at its own host name through the proxy, and both databases', async () => {
    const r = new RecordingReporter();
    expect(await core.summon(app, undefined, r)).toMatchObject({ status: 'summoned' });
    expect(r.steps).toContain(`proxy: serving ${app}.${env.domain}, ${app}-admin.${env.domain}`);
    const main = await get(`${app}.${env.domain}`);
    expect(main.status).toBe(200);
    expect(main.body).toContain('summoner-test/web');
    const admin = await get(`${app}-admin.${env.domain}`);
    expect(admin.status).toBe(200);
    expect(admin.body.trim()).toBe('admin-of-1.0');
    // each database in its own container, on the private network only, answering by its compose name
    const audit = (await inspectContainer(env.engine, `${app}-audit-${env.domain}`))!;
    expect(audit.labels['summoner.role']).toBe('db');
    expect(Object.keys(audit.networks)).toEqual([`summoner-${app}-${env.domain}`]);
    expect(audit.networks[`summoner-${app}-${env.domain}`]!.aliases).toContain('audit');
    expect((await inspectContainer(env.engine, `${app}-admin-${env.domain}`))!.labels['summoner.role']).toBe('web');
    // one probe of each unit; on a loaded machine a probe may time out once, so wait (bounded) for a healthy report
    await vi.waitFor(async () => expect((await core.status(app))[0]).toMatchObject({ state: 'running', health: 'healthy' }), { timeout: 120_000, interval: 2_000 });
    const [st] = await core.status(app);
    expect(st!.containers.map((c) => c.role).sort()).toEqual(['app', 'db', 'db', 'web']);
    // Summoner's proxy without certificates serves http, on the port it publishes: the addresses say so (proxy.publicScheme)
    expect(st).toMatchObject({ url: `http://${app}.${env.domain}:${httpPort}`, moreUrls: [`http://${app}-admin.${env.domain}:${httpPort}`] });
  }, 900_000);

  it('backup dumps every database, each by its own tool, in one run; restore puts both back', async () => {
    await sql(env, app, 'postgres', 'CREATE TABLE notes (id int primary key, body text); INSERT INTO notes VALUES (1, $$kept$$);');
    await auditSql("CREATE TABLE events (id int primary key, what varchar(40)); INSERT INTO events VALUES (1, 'kept');");
    const res = await backups.backup(app, new RecordingReporter());
    expect(res.map((x) => [x.kind, x.ok, x.error ?? null])).toEqual([['dump', true, null], ['dump', true, null]]);
    const listed = await backups.list(app);
    expect(listed.map((b) => [b.manifest.type, b.manifest.service ?? null]).sort()).toEqual([['mariadb', 'audit'], ['postgres', null]]);
    expect(listed[0]!.manifest.run).toBeDefined();
    expect(listed[0]!.manifest.run).toBe(listed[1]!.manifest.run);
    expect(listed.find((b) => b.manifest.service === 'audit')!.manifest.tables).toEqual({ events: 1 });
    expect(listed.find((b) => b.manifest.type === 'postgres')!.manifest.tables).toMatchObject({ 'public.notes': 1 });

    // both databases change after the backup
    await sql(env, app, 'postgres', 'INSERT INTO notes VALUES (2, $$lost$$);');
    await auditSql("INSERT INTO events VALUES (2, 'lost');");

    const r = await backups.restore(app, undefined, new RecordingReporter());
    expect(r.kind).toBe('dump');
    expect(r.also).toHaveLength(1);
    expect((await sql(env, app, 'postgres', 'SELECT id, body FROM notes ORDER BY id;')).trim()).toBe('1\tkept');
    expect(await auditSql('SELECT id, what FROM events ORDER BY id;')).toBe('1\tkept');
    // both web services answer again through the proxy
    // (each is restarted on its own: one answering says nothing of the other, so both are waited for)
    for (const host of [`${app}-admin.${env.domain}`, `${app}.${env.domain}`]) {
      await vi.waitFor(async () => expect((await get(host)).status, host).toBe(200), { timeout: 30_000, interval: 500 });
    }
    await vi.waitFor(async () => expect((await core.status(app))[0]).toMatchObject({ state: 'running', health: 'healthy' }), { timeout: 120_000, interval: 2_000 });
  }, 900_000);
});
