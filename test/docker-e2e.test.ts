// The deployment core through the robot, as a team uses it: the shell adapter and the real Mattermost adapter
// (on our Mattermost test server), the test catalog (test/minions, locally built images), the real engine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { createCore } from '../src/core/boot.js';
import { containerIp, httpGet, inspectContainer, inspectNetwork, listContainers, startScratchContainer } from '../src/core/engine/index.js';
import { LABEL } from '../src/core/types.js';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';
import { engineAvailable, makeTestEnv, TEST_CATALOG, type TestEnv } from './helpers/docker.js';
import { startShellApp, type ShellApp } from './helpers/shell-app.js';

const run = engineAvailable() ? describe : describe.skip;

run('the core through the shell adapter', () => {
  let env: TestEnv;
  let rig: ShellApp;
  const say = (text: string) => rig.say(text);

  // a catalog folder `minion add` writes into, and a host folder it may read compose files from
  const custom = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-e2e-custom-'));
  beforeAll(async () => {
    fs.mkdirSync(path.join(custom, 'catalog'));
    fs.mkdirSync(path.join(custom, 'src'));
    fs.copyFileSync(path.join(TEST_CATALOG, 'web/compose.yml'), path.join(custom, 'src/compose.yml'));
    rig = await startShellApp('e2esh', (c) => {
      c.catalogDirs = [path.join(custom, 'catalog')];
      c.minionAdd.pathRoots = [path.join(custom, 'src')];
    });
    env = rig.env;
  });
  afterAll(async () => {
    await rig?.stop();
    fs.rmSync(custom, { recursive: true, force: true });
  });

  it('lists the catalog', async () => {
    const text = await say('list');
    expect(text).toMatch(/\*\*webdb\*\*/);
    expect(text).toMatch(/mariadb 10\.11/);
  });

  it('summons an app with a database: networks, named and labelled containers, health, URL', async () => {
    const text = await say('summon webdb');
    expect(text).toContain('summoning webdb…');
    expect(text).toContain('pre-flight checks');
    expect(text).toContain(`webdb 1.0 is ready at https://webdb.${env.domain}`);
    const appC = (await inspectContainer(env.engine, `webdb-${env.domain}`))!;
    const dbC = (await inspectContainer(env.engine, `mariadb-webdb-${env.domain}`))!;
    expect(appC.labels).toMatchObject({ [LABEL.app]: 'webdb', [LABEL.role]: 'app', [LABEL.domain]: env.domain, [LABEL.version]: '1.0' });
    expect(dbC.labels).toMatchObject({ [LABEL.app]: 'webdb', [LABEL.role]: 'db' });
    expect(appC.labels[LABEL.digest]).toMatch(/^sha256:/);
    expect((await inspectNetwork(env.engine, `summoner-webdb-${env.domain}`))?.internal).toBe(true);
    const ip = containerIp(appC, env.config.engine.proxyNetwork)!;
    expect((await httpGet(`http://${ip}:8080/health`, 3000)).status).toBe(200);
  });

  it('a second summon says it is already there; a near-miss is read', async () => {
    const text = await say('sumon webdb');
    expect(text).toContain('(read as `summon webdb`)');
    expect(text).toContain(`webdb is already here (version 1.0) at https://webdb.${env.domain}`);
  });

  it('status, status <app>, logs, restart', async () => {
    expect(await say('status')).toMatch(new RegExp(`- webdb 1\\.0: running, healthy, https://webdb\\.${env.domain.replace(/\./g, '\\.')}`));
    const detail = await say('status webdb');
    expect(detail).toContain(`mariadb-webdb-${env.domain} (db): running`);
    expect(await say('logs webdb 5')).toMatch(/Last \d+ lines of webdb-/);
    expect(await say('restart webdb')).toContain('webdb restarted and healthy');
  });

  it('an unknown app gets a suggestion, and hostile names a clear refusal', async () => {
    // a near-miss on the app is proposed (or asked about), never run
    expect(await say('summon webd')).toMatch(/did you mean .*summon webdb/i);
    expect(await say('summon ../../etc')).toMatch(/not a valid app name/);
    expect(await say('summon webdb 1.0;rm')).toMatch(/`1\.0;rm` is not a valid name/);
    expect(await say('summon webdb latest')).toMatch(/`latest` is not a version/);
    expect(await say(`summon ${'w'.repeat(10_000)}`)).toMatch(/not a valid app name|too long/);
  });

  // an update (a backup, then new containers behind their health checks) and a rollback (the database restored in a
  // twin, swapped in, a safety copy from the kept folders) run in this test: at load average 12 on the 2-core machine it
  // passed the default 30 s bound mid-rollback, so its bound is sized to that work
  it('update, rollback and prune say before any yes what they cannot do or need not do', { timeout: 180_000 }, async () => {
    const same = await say('update webdb 1.0');
    expect(same).toMatch(/webdb already runs 1\.0/);
    expect(same).not.toMatch(/destructive/);
    const none = await say('rollback webdb');
    expect(none).toContain('webdb has no earlier version to go back to');
    expect(none).not.toMatch(/destructive/);
    expect(await say('prune webdb')).toContain('webdb has no backup yet.');
    // the word for a version is no version: read as the update to the catalog's, which webdb runs already
    const word = await say('update webdb version');
    expect(word).toContain('(read as `update webdb`)');
    expect(word).toMatch(/webdb already runs 1\.0/);
    expect(word).not.toMatch(/destructive/);
    const other = await say('update webdb 1.1');
    expect(other).toContain('**update webdb 1.1** is destructive: back up webdb, then move it from 1.0 to 1.1');
    const updated = await say('yes');
    expect(updated).toContain('webdb runs 1.1 (was 1.0;');
    // chat names the backup as `backups` lists it, not by the host's path
    expect(updated).toMatch(/Backup taken first: webdb-\d{8}T\d{6}Z-\S+\n/);
    expect(await say('rollback webdb')).toMatch(/put webdb back from 1\.1 on 1\.0, with the data of webdb-\d{8}T\d{6}Z-\S+, taken before the update/);
    const back = await say('yes');
    expect(back).toContain('webdb runs 1.0 again (was 1.1;');
    expect(back).toMatch(/Data restored from webdb-\d{8}T\d{6}Z-\S+\./);
    expect(back).not.toContain(env.root);
  });

  it('a custom minion is added from a host path and removed while not summoned; a shipped one is never removed', async () => {
    expect(await say(`minion add mine ${path.join(custom, 'src/compose.yml')}`)).toContain('add the minion **mine**');
    expect(await say('yes')).toContain('mine is in the catalog');
    expect(await say('minion remove webdb')).toContain('webdb is shipped with Summoner: it cannot be removed');
    expect(await say('minion remove mine')).toContain('remove the custom minion **mine** from the catalog');
    expect(await say('yes')).toContain('mine is no longer in the catalog');
  });

  it('dismiss is confirmed, then removes the containers and keeps the data', async () => {
    // an app of the catalog that is not summoned here: said at once, no "yes" asked for nothing
    const none = await say('dismiss webpg');
    expect(none).toContain('webpg is not summoned here, and it has no data here');
    expect(none).not.toMatch(/destructive|reply \*\*yes\*\*/i);
    const proposal = await say('dismiss webdb');
    expect(proposal).toMatch(/stop and remove webdb's containers/);
    const done = await say('yes');
    expect(done).toContain('webdb is dismissed');
    expect(done).toContain('Its data is kept.');
    expect(await inspectContainer(env.engine, `webdb-${env.domain}`)).toBeUndefined();
    expect(await inspectContainer(env.engine, `mariadb-webdb-${env.domain}`)).toBeUndefined();
  });
});

run('the core through the Mattermost adapter', () => {
  let env: TestEnv;
  let server: TestServer;
  let app: App;
  let ids: { admin: string; bob: string; bot: string; dev: string };

  const shown = (p: Post): string =>
    [p.message, ...((((p.props as Record<string, unknown>)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? ''))].filter(Boolean).join('\n');
  const replies = (rootId: string) => server.posts().filter((p) => p.user_id === ids.bot && p.root_id === rootId);

  beforeAll(async () => {
    env = makeTestEnv('e2emm');
    server = await startTestServer();
    const team = server.createTeam('acme');
    const bot = server.createUser('summoner', { bot: true });
    const admin = server.createUser('alice');
    const bob = server.createUser('bob');
    const dev = server.createChannel(team.id, 'dev');
    for (const u of [bot, admin, bob]) server.addToChannel(dev.id, u.id);
    ids = { admin: admin.id, bob: bob.id, bot: bot.id, dev: dev.id };
    const config = configSchema.parse({
      ...env.config,
      admins: [admin.id],
      http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
      channels: { ops: 'dev' },
      mattermost: { url: server.url, team: 'acme', channels: ['dev'] },
    });
    const log = pino({ level: 'silent' });
    const core = await createCore({ config, log, shippedDir: TEST_CATALOG });
    // what a restore stopped by the last stop left: its twin server and the dump staged beside the folders,
    // cleared at start (src/core/backup/interrupted.ts; test/docker-interrupted-restore.test.ts has every case)
    fs.mkdirSync(path.join(config.dbRoot, 'gone', 'pgdata.restore-20261206T101500Z-0badc0de-load'), { recursive: true });
    await startScratchContainer(env.engine, { name: `summoner-restore-gone-${env.domain}`, image: 'summoner-test/web:1.0', env: [], cmd: ['/bin/busybox', 'sleep', '600'], labels: { [LABEL.managed]: 'true', [LABEL.domain]: env.domain, [LABEL.app]: 'gone', [LABEL.role]: 'restore' } });
    const twinMade = (await listContainers(env.engine, { [LABEL.domain]: env.domain })).find((c) => c.name === `summoner-restore-gone-${env.domain}`)!.created;
    // (the engine tells whole seconds: the bot starts in a later one)
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan((twinMade + 1) * 1000), { timeout: 3000, interval: 50 });
    app = await createApp({ config, secrets: { mattermostToken: bot.token }, log, core, startedAt: Date.now() });
    await app.start();
  });

  it('clears at start what a restore stopped part-way left', async () => {
    await app.settled;
    expect(await inspectContainer(env.engine, `summoner-restore-gone-${env.domain}`)).toBeUndefined();
    expect(fs.readdirSync(path.join(env.config.dbRoot, 'gone'))).toEqual([]);
  });
  afterAll(async () => {
    await app?.stop('tests done');
    await server?.close();
    await env?.cleanup();
  });

  it('summon in a channel: one progress post, edited as it goes, ending with the URL', async () => {
    const p = server.post(ids.admin, ids.dev, '@summoner summon webpg');
    const final = await server.waitFor(() => replies(p.id).find((r) => /ready at/.test(shown(r))), 90_000);
    expect(shown(final)).toMatch(new RegExp(`webpg \\S+ is ready at https://pg\\.${env.domain.replace(/\./g, '\\.')}`));
    expect(replies(p.id)).toHaveLength(1); // the same post, edited
    expect(final.edit_at).toBeGreaterThan(0);
    const app = (await inspectContainer(env.engine, `webpg-${env.domain}`))!;
    const db = (await inspectContainer(env.engine, `postgres-webpg-${env.domain}`))!;
    expect(app.state).toBe('running');
    expect(db.labels[LABEL.role]).toBe('db');
    const ip = containerIp(app, env.config.engine.proxyNetwork)!;
    expect((await httpGet(`http://${ip}:8080/health`, 3000)).status).toBe(200);
    // a second summon, by slash-free mention in the thread, says it is there
    const again = server.post(ids.admin, ids.dev, '@summoner summon webpg');
    const r2 = await server.waitFor(() => replies(again.id).find((r) => /already here/.test(shown(r))), 30_000);
    expect(shown(r2)).toContain('webpg is already here');
  });

  it('a non-admin is refused and nothing is deployed', async () => {
    const p = server.post(ids.bob, ids.dev, '@summoner dismiss webpg');
    const r = await server.waitFor(() => replies(p.id)[0], 8000);
    expect(shown(r)).toContain('`dismiss` is not yours to run');
    expect((await inspectContainer(env.engine, `webpg-${env.domain}`))?.state).toBe('running');
  });

  it('dismiss asks first, and runs on "yes"', async () => {
    const p = server.post(ids.admin, ids.dev, '@summoner dismiss webpg');
    await server.waitFor(() => replies(p.id).find((r) => /stop and remove webpg/.test(shown(r))), 8000);
    const yes = server.post(ids.admin, ids.dev, '@summoner yes', { rootId: p.id });
    await server.waitFor(() => server.posts(ids.dev).find((r) => r.user_id === ids.bot && /webpg is dismissed/.test(shown(r))), 30_000);
    expect(yes.id).toBeTruthy();
    expect(await inspectContainer(env.engine, `webpg-${env.domain}`)).toBeUndefined();
    expect(await inspectContainer(env.engine, `postgres-webpg-${env.domain}`)).toBeUndefined();
  });
});
