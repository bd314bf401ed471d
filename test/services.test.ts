// The deployment core against the real engine: summon web+db, the second summon, status/logs/restart,
// a restarted bot finding everything again, hand changes reported, dismiss (data kept), purge after a
// cold copy. Unique domain per run; everything labelled with it is removed in afterAll.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectContainer, inspectNetwork, httpGet, listContainers, selector } from '../src/core/engine/index.js';
import { listColdCopy } from '../src/core/coldcopy.js';
import { loadSecrets } from '../src/core/secrets.js';
import { createCoreServices, type CoreServices } from '../src/core/services.js';
import { LABEL } from '../src/core/types.js';
import {
  RecordingReporter,
  catalogOf,
  engineAvailable,
  handPlan,
  makeTestEnv,
  silentLog,
  webDbMinion,
  type TestEnv,
} from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

run('services: lifecycle of a web+db minion on the real engine', () => {
  let env: TestEnv;
  let services: CoreServices;
  const m = webDbMinion('webdb');
  const log = silentLog();
  const make = () =>
    createCoreServices({ config: env.config, engine: env.engine, catalog: catalogOf(m), planDeploy: handPlan, secretsDir: env.secretsDir, log });
  const appName = () => `webdb-${env.domain}`;
  const dbName = () => `mariadb-webdb-${env.domain}`;

  beforeAll(() => {
    env = makeTestEnv('life');
    services = make();
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('summons: networks, two labelled containers, healthy, answering on its container address', async () => {
    const r = new RecordingReporter();
    const res = await services.summon('webdb', undefined, r);
    expect(res).toMatchObject({ status: 'summoned', app: 'webdb', version: '1.0', url: `https://webdb.${env.domain}` });
    expect(r.steps).toContain('pre-flight checks');
    expect(r.steps.at(-1)).toBe(`webdb is ready at https://webdb.${env.domain}`);
    expect(r.steps.indexOf(`starting ${dbName()}`)).toBeLessThan(r.steps.indexOf(`starting ${appName()}`));

    const proxy = await inspectNetwork(env.engine, env.config.engine.proxyNetwork);
    const priv = await inspectNetwork(env.engine, `summoner-webdb-${env.domain}`);
    expect(proxy?.internal).toBe(false);
    expect(priv?.internal).toBe(true);
    expect(priv?.labels[LABEL.app]).toBe('webdb');

    const app = (await inspectContainer(env.engine, appName()))!;
    const db = (await inspectContainer(env.engine, dbName()))!;
    expect(app.state).toBe('running');
    expect(db.state).toBe('running');
    expect(app.labels).toMatchObject({
      [LABEL.app]: 'webdb',
      [LABEL.role]: 'app',
      [LABEL.domain]: env.domain,
      [LABEL.version]: '1.0',
      [LABEL.digest]: m.digest,
      [LABEL.managed]: 'true',
    });
    expect(db.labels[LABEL.role]).toBe('db');
    expect(app.liveHash).toBe(app.labels[LABEL.config]);
    expect(db.liveHash).toBe(db.labels[LABEL.config]);
    expect(Object.keys(app.networks).sort()).toEqual([env.config.engine.proxyNetwork, `summoner-webdb-${env.domain}`].sort());
    expect(Object.keys(db.networks)).toEqual([`summoner-webdb-${env.domain}`]);
    expect(db.networks[`summoner-webdb-${env.domain}`]!.aliases).toContain('db');

    // the app answers on its container address
    const ip = app.networks[env.config.engine.proxyNetwork]!.ip;
    const page = await httpGet(`http://${ip}:8080/version`, 3000);
    expect(page.status).toBe(200);
    expect(page.body.trim()).toBe('1.0');

    // data in the configured roots, bind mounted, no anonymous volumes
    const raw = await env.engine.docker.getContainer(dbName()).inspect();
    expect(raw.Mounts.map((x) => x.Type)).toEqual(['bind']);
    expect(raw.Mounts[0]!.Source).toBe(path.join(env.config.dbRoot, 'webdb', 'mysql'));
    expect(fs.existsSync(path.join(env.config.dbRoot, 'webdb', 'mysql', 'mysql'))).toBe(true);
    expect(raw.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');

    // secrets: generated once, 0600 in a 0700 dir, never in the progress
    const secretsFile = path.join(env.secretsDir, 'webdb.json');
    expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(env.secretsDir).mode & 0o777).toBe(0o700);
    const secrets = await loadSecrets(env.secretsDir, 'webdb');
    expect(secrets.DB_PASSWORD).toMatch(/^[A-Za-z0-9]{24}$/);
    for (const v of Object.values(secrets)) {
      expect(r.text()).not.toContain(v);
      expect(JSON.stringify(log.lines)).not.toContain(v);
    }
    expect(raw.Config.Env).toContain(`MARIADB_PASSWORD=${secrets.DB_PASSWORD}`);
  }, 180_000);

  it('a second summon says it is already there, and keeps the secrets', async () => {
    const before = await loadSecrets(env.secretsDir, 'webdb');
    const res = await services.summon('webdb', undefined, new RecordingReporter());
    expect(res).toMatchObject({ status: 'already', version: '1.0', url: `https://webdb.${env.domain}` });
    expect(await loadSecrets(env.secretsDir, 'webdb')).toEqual(before);
  }, 30_000);

  it('status: state, health, uptime, version, URL, restarts', async () => {
    const [s, ...rest] = await services.status();
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ app: 'webdb', state: 'running', health: 'healthy', version: '1.0', url: `https://webdb.${env.domain}`, restarts: 0, drifted: false });
    expect(s!.uptimeS).toBeGreaterThanOrEqual(0);
    expect(s!.containers.map((c) => c.role)).toEqual(['db', 'app']);
    const [one] = await services.status('webdb');
    expect(one!.app).toBe('webdb');
    await expect(services.status('nothere')).rejects.toMatchObject({ code: 'minion.not_summoned' });
  }, 30_000);

  it('logs: the last lines, with the secret redacted', async () => {
    const secrets = await loadSecrets(env.secretsDir, 'webdb');
    const res = await services.logs('webdb', 20);
    expect(res.container).toBe(appName());
    const text = res.lines.join('\n');
    expect(text).toContain('web starting, db password is [redacted]');
    expect(text).not.toContain(secrets.DB_PASSWORD!);
    const raw = await env.engine.docker.getContainer(appName()).logs({ stdout: true, stderr: true, tail: 20 });
    expect(raw.toString()).toContain(secrets.DB_PASSWORD!); // it really was there
    expect((await services.logs('webdb', 1)).lines).toHaveLength(1);
  }, 30_000);

  it('restart: both containers restart and pass the health gate', async () => {
    const before = (await inspectContainer(env.engine, appName()))!.startedAt!;
    const r = new RecordingReporter();
    await services.restart('webdb', r);
    const after = (await inspectContainer(env.engine, appName()))!;
    expect(after.state).toBe('running');
    expect(after.startedAt!.getTime()).toBeGreaterThan(before.getTime());
    expect(r.steps).toContain(`restarting ${dbName()}`);
    expect(r.steps).toContain(`waiting for ${appName()} to be healthy`);
  }, 120_000);

  it('one operation at a time: a second operation waits and says so', async () => {
    const r1 = new RecordingReporter();
    const r2 = new RecordingReporter();
    const first = services.restart('webdb', r1);
    const second = services.summon('webdb', undefined, r2);
    expect(services.jobs.current('webdb')?.label).toBe('restart webdb');
    expect(r2.steps[0]).toBe('waiting for restart webdb to finish');
    await first;
    expect(await second).toMatchObject({ status: 'already' });
  }, 120_000);

  it('a restarted bot (fresh services) finds the minion from labels alone', async () => {
    const fresh = make();
    const rec = await fresh.reconcile();
    expect(rec.minions.map((x) => [x.app, x.state, x.version])).toEqual([['webdb', 'running', '1.0']]);
    expect(rec.drift).toEqual([]);
    const d = await fresh.describeEngine();
    expect(d.apps).toEqual(['webdb']);
    expect(d.managed).toBe(2);
    const info = (await env.engine.docker.info()) as { Swarm?: { LocalNodeState?: string } };
    expect(d.swarm).toBe(info.Swarm?.LocalNodeState === 'active'); // the swarm tests may have made this node a manager
    expect(d.version).toMatch(/^\d+\./);
  }, 60_000);

  it('a container recreated by hand with another env is reported', async () => {
    // "by hand": same name, same labels (config hash included), one env var changed
    const c = env.engine.docker.getContainer(appName());
    const raw = await c.inspect();
    await c.remove({ force: true });
    const created = await env.engine.docker.createContainer({
      name: appName(),
      Image: raw.Config.Image,
      Env: raw.Config.Env.map((e) => (e.startsWith('GREETING=') ? 'GREETING=changed-by-hand' : e)),
      Cmd: raw.Config.Cmd as string[],
      Labels: raw.Config.Labels,
      HostConfig: { Mounts: raw.HostConfig.Mounts, NetworkMode: env.config.engine.proxyNetwork, RestartPolicy: { Name: 'unless-stopped' } },
    });
    await env.engine.docker.getNetwork(`summoner-webdb-${env.domain}`).connect({ Container: created.id, EndpointConfig: { Aliases: ['web'] } });
    await created.start();
    const rec = await make().reconcile();
    expect(rec.drift).toEqual([{ app: 'webdb', container: appName(), fields: ['env'], reason: 'changed-by-hand' }]);
    const [s] = await services.status('webdb');
    expect(s!.drifted).toBe(true);
    expect(s!.containers.find((x) => x.role === 'app')!.drifted).toBe(true);
    // the report names fields, never values
    expect(JSON.stringify(rec)).not.toContain('changed-by-hand-value');
  }, 60_000);

  it('dismiss stops and removes the containers and the private network, and keeps the data', async () => {
    const r = new RecordingReporter();
    const res = await services.dismiss('webdb', { purge: false }, r);
    expect(res.removed.sort()).toEqual([appName(), dbName()].sort());
    expect(res.networks).toEqual([`summoner-webdb-${env.domain}`]);
    expect(await listContainers(env.engine, selector(env.domain))).toEqual([]);
    expect(await inspectNetwork(env.engine, `summoner-webdb-${env.domain}`)).toBeUndefined();
    expect(fs.existsSync(path.join(env.config.dbRoot, 'webdb', 'mysql', 'mysql'))).toBe(true);
    expect(fs.existsSync(path.join(env.secretsDir, 'webdb.json'))).toBe(true);
    await expect(services.dismiss('webdb', { purge: false }, r)).rejects.toMatchObject({ code: 'minion.not_summoned' });
  }, 60_000);

  it('summon again reuses the data and secrets; dismiss --purge deletes the data only after a cold copy', async () => {
    fs.writeFileSync(path.join(env.config.dataRoot, 'webdb', 'files', 'note.txt'), 'keep me');
    const again = await services.summon('webdb', undefined, new RecordingReporter());
    expect(again.status).toBe('summoned');
    const app = (await inspectContainer(env.engine, appName()))!;
    const page = await httpGet(`http://${app.networks[env.config.engine.proxyNetwork]!.ip}:8080/files/note.txt`, 3000);
    expect(page.body).toBe('keep me');

    const r = new RecordingReporter();
    const res = await services.dismiss('webdb', { purge: true }, r);
    expect(res.purged).toBe(true);
    expect(res.backup?.file).toMatch(new RegExp(`^${env.config.backupRoot}/webdb/webdb-\\d{8}T\\d{6}Z-cold\\.tar\\.gz$`));
    const entries = await listColdCopy(res.backup!.file);
    expect(entries).toContain('data/webdb/files/note.txt');
    expect(entries.some((e) => e.startsWith('db/webdb/mysql/'))).toBe(true);
    expect(fs.existsSync(path.join(env.config.dataRoot, 'webdb'))).toBe(false);
    expect(fs.existsSync(path.join(env.config.dbRoot, 'webdb'))).toBe(false);
    expect(fs.existsSync(path.join(env.secretsDir, 'webdb.json'))).toBe(false);
    expect(r.steps.indexOf("final backup of webdb before deleting its data")).toBeLessThan(r.steps.indexOf("deleting webdb's data"));
    expect(await listContainers(env.engine, selector(env.domain))).toEqual([]);
  }, 240_000);
});
