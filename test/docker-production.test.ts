// The README's "Run in production: the container", followed literally from a clean clone (no node_modules), with
// only the edits it names for a closed or shared host: unique names, SUMMONER_HOME and SUMMONER_PUBLISH in
// deploy/.env; the paths under SUMMONER_HOME, a proxy network, the local nginx image, loopback and free ports,
// Pebble as the ACME CA (its CA file under SUMMONER_HOME), no DNS pre-flight and a short health.exitAfterS in
// deploy/summoner.yml; one webhook uncommented. Against our Mattermost test server and Pebble on the Docker
// bridge's gateway (the container dials them there). Then what a team does with it: summon behind the managed
// proxy with a Pebble certificate, a signed webhook, `docker exec … summoner status|backup`, `docker-compose
// restart`, an upgrade to a newer image, and a deaf bot restarted by its policy.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { dump as toYaml, load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './mattermost-server/index.js';
import { TEST_CATALOG, engineAvailable, freePort, makeTestEnv, registryAvailable, type TestEnv } from './helpers/docker.js';
import { REPO, bridgeGateway, docker, dockerOk, ensureNextImage, socketGid, waitHealth } from './helpers/image.js';
import { pebbleAvailable, startChallTestSrv, startPebble, type Pebble } from './helpers/pebble.js';
import { shown } from './helpers/summoner-container.js';
import { fixture, githubHeaders, post } from './helpers/webhooks.js';

const exec = promisify(execFile);
const run = engineAvailable() && pebbleAvailable() ? describe : describe.skip;
const HOOK_SECRET = 'production-hook-secret-0123456789';

/** A command of the README, argv only, in `cwd`; compose gets a bare environment: everything comes from deploy/.env. */
async function sh(cwd: string, cmd: string, args: string[], timeoutMs = 300_000): Promise<string> {
  try {
    const r = await exec(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.homedir() } });
    return r.stdout + r.stderr;
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${x.message}\n${(x.stdout ?? '').slice(-3000)}\n${(x.stderr ?? '').slice(-3000)}`);
  }
}

/** Set `KEY=value` lines of an env file (each key must be there: only the template's keys are edited). */
function editEnv(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [k, v] of Object.entries(values)) {
    const re = new RegExp(`^${k}=.*$`, 'm');
    if (!re.test(out)) throw new Error(`deploy/env.example has no ${k}`);
    out = out.replace(re, `${k}=${v}`);
  }
  return out;
}

/** The certificate an HTTPS site presents (verified against `ca`) and the body it answers. */
function httpsGet(port: number, host: string, ca: string): Promise<{ status: number; body: string; fingerprint: string; issuer: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, servername: host, headers: { Host: host }, ca, agent: false, path: '/' }, (res) => {
      const cert = (res.socket as TLSSocket).getPeerCertificate();
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint: cert.fingerprint256, issuer: String(cert.issuer?.CN ?? '') }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  });
}

run('production as the README writes it', () => {
  let env: TestEnv;
  let server: TestServer;
  let pebble: Pebble;
  let dns: { address: string; stop(): Promise<void> };
  let nextImage = '';
  let clone: string;
  let home: string;
  let container: string;
  let image: string;
  let project: string;
  let publish: number;
  let httpsPort: number;
  let ids: { alice: string; bot: string; ops: string; dev: string };
  let root: string;
  const compose = (...args: string[]) => sh(clone, 'docker-compose', ['-f', 'deploy/compose.yml', ...args]);
  const botPosts = (channel: string) => server.posts(channel).filter((p) => p.user_id === ids.bot).map(shown);
  const ask = async (text: string, want: RegExp, ms = 30_000) => {
    const p = server.post(ids.alice, ids.ops, `@summoner ${text}`);
    return server.waitFor(() => {
      const all = server.posts().filter((x) => x.user_id === ids.bot && x.root_id === p.id).map(shown).join('\n');
      return want.test(all) ? all : undefined;
    }, ms);
  };
  const exitCodeAndRestarts = async () => JSON.parse(await dockerOk(['inspect', '-f', '{{json .RestartCount}}', container])) as number;

  beforeAll(async () => {
    // the test minions' image comes from the local registry (scripts/docker/setup.sh): a missing one fails, never skips
    if (!(await registryAvailable())) throw new Error('no registry on 127.0.0.1:5000: run bash scripts/docker/setup.sh');
    env = makeTestEnv('prod');
    const gw = await bridgeGateway();
    // the chat: a team with the bot and an admin, its ops and dev channels
    server = await startTestServer({ host: gw });
    const team = server.createTeam('acme');
    const bot = server.createUser('summoner', { bot: true });
    const alice = server.createUser('alice');
    const ops = server.createChannel(team.id, 'ops');
    const dev = server.createChannel(team.id, 'dev');
    for (const c of [ops, dev]) for (const u of [bot, alice]) server.addToChannel(c.id, u.id);
    ids = { alice: alice.id, bot: bot.id, ops: ops.id, dev: dev.id };

    // the ACME CA: Pebble on the gateway (the bot dials it), validating HTTP-01 on the proxy's port on loopback
    const httpPort = await freePort();
    httpsPort = await freePort();
    publish = await freePort();
    dns = await startChallTestSrv();
    pebble = await startPebble({ dir: path.join(env.root, 'pebble'), httpPort, dnsServer: dns.address, host: gw });
    root = await pebble.root();

    // a clean clone: no node_modules, no build output
    clone = path.join(env.root, 'clone');
    await sh(env.root, 'git', ['clone', '-q', REPO, clone]);
    expect(fs.existsSync(path.join(clone, 'node_modules'))).toBe(false);

    // --- step 1: the image
    image = `summoner-prod-test/summoner:${env.id}`;
    await sh(clone, 'bash', ['scripts/image/build.sh', '-q', '-t', image], 1_200_000);

    // --- step 2: deploy/.env and deploy/summoner.yml, with the README's edits
    home = path.join(env.root, 'home');
    container = `summoner-${env.id}`;
    project = `summoner${env.id}`;
    await sh(clone, 'cp', ['deploy/env.example', 'deploy/.env']);
    await sh(clone, 'chmod', ['600', 'deploy/.env']);
    const envFile = path.join(clone, 'deploy/.env');
    fs.writeFileSync(
      envFile,
      editEnv(fs.readFileSync(envFile, 'utf8'), {
        COMPOSE_PROJECT_NAME: project,
        SUMMONER_CONTAINER: container,
        SUMMONER_IMAGE: image,
        DOCKER_GID: String(socketGid()),
        SUMMONER_HOME: home,
        SUMMONER_PUBLISH: `127.0.0.1:${publish}`,
        SUMMONER_MATTERMOST_TOKEN: bot.token,
        SUMMONER_HOOK_GITHUB: HOOK_SECRET,
      }),
    );
    await sh(clone, 'cp', ['deploy/summoner.example.yml', 'deploy/summoner.yml']);
    const cfgFile = path.join(clone, 'deploy/summoner.yml');
    const cfg = parseYaml(fs.readFileSync(cfgFile, 'utf8')) as any;
    Object.assign(cfg, {
      domain: env.domain,
      admins: [alice.id],
      roles: {},
      stateDir: `${home}/state`,
      dataRoot: `${home}/data`,
      dbRoot: `${home}/databases`,
      backupRoot: `${home}/backups`,
      catalogDirs: [`${home}/minions`],
    });
    cfg.channels.ops = 'ops';
    cfg.mattermost = { ...cfg.mattermost, url: server.url, team: 'acme', channels: ['ops', 'dev'], pingIntervalMs: 3000, reconnectMinMs: 100, reconnectMaxMs: 1000 };
    cfg.http.publicUrl = `http://${gw}:${publish}`;
    cfg.engine.proxyNetwork = env.config.engine.proxyNetwork;
    Object.assign(cfg.proxy, { image: 'summoner-test/nginx:1.22', bind: '127.0.0.1', httpPort, httpsPort });
    Object.assign(cfg.certificates, { directoryUrl: pebble.directoryUrl, stagingUrl: '', caFile: `${home}/acme-ca.pem`, skipDnsCheck: true });
    cfg.health = { exitAfterS: 20, checkEveryS: 2 };
    // the webhook the example has commented out, uncommented
    cfg.notify.hooks = { github: { source: 'github', secretEnv: 'SUMMONER_HOOK_GITHUB' } };
    fs.writeFileSync(cfgFile, toYaml(cfg));

    // --- step 3: SUMMONER_HOME, the bot's user's; the CA file and our minions in it
    await sh(clone, 'install', ['-d', '-o', '1000', '-g', '1000', `${home}/data`, `${home}/databases`, `${home}/backups`, `${home}/minions`]);
    await sh(clone, 'install', ['-d', '-o', '1000', '-g', '1000', '-m', '0700', `${home}/state`]);
    fs.copyFileSync(pebble.caFile, `${home}/acme-ca.pem`);
    const web = fs.readFileSync(path.join(TEST_CATALOG, 'web', 'compose.yml'), 'utf8');
    for (const [name, text] of [
      ['web', web],
      // its app answers only after 6 s: a summon that stays in progress that long
      ['slowweb', web.replace('    image: 127.0.0.1:5000/summoner/web:1.0\n', '    image: 127.0.0.1:5000/summoner/web:1.0\n    command: ["/bin/sh", "-c", "sleep 6; exec /bin/busybox httpd -f -v -p 8080 -h /www"]\n')],
    ] as const) {
      if (name === 'slowweb' && text === web) throw new Error('test/minions/web changed: update the slowweb minion');
      fs.mkdirSync(`${home}/minions/${name}`);
      fs.writeFileSync(`${home}/minions/${name}/compose.yml`, text);
    }

    // --- step 4: start it
    await compose('up', '-d');
  }, 1_500_000);

  afterAll(async () => {
    if (clone && process.env.SUMMONER_KEEP_CONTAINER !== '1') await compose('down', '--timeout', '5').catch(() => undefined);
    for (const tag of [image, nextImage]) if (tag) await docker(['image', 'rm', tag]);
    await pebble?.stop();
    await dns?.stop();
    await server?.close().catch(() => undefined);
    await env?.cleanup();
  }, 180_000);

  it('becomes healthy, hardened, on the image built from the clone, and says so in ops', async () => {
    await waitHealth(container, 'healthy', 120_000);
    const c = JSON.parse(await dockerOk(['inspect', container]))[0];
    expect(c.Config.Image).toBe(image);
    expect(c.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    expect(c.HostConfig.ReadonlyRootfs).toBe(true);
    expect(c.HostConfig.CapDrop).toEqual(['ALL']);
    expect(c.HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(Object.keys(c.NetworkSettings.Networks)).not.toContain(env.config.engine.proxyNetwork);
    // the node binary it runs
    expect((await dockerOk(['exec', container, 'node', '-p', 'process.versions.node'])).trim()).toMatch(/^24\./);
    await server.waitFor(() => botPosts(ids.ops).some((t) => /Summoner .* is up/.test(t)), 30_000);
    expect(await ask('ping', /pong/)).toMatch(/pong/);
  }, 180_000);

  it('summons an app behind the managed proxy, which gets a Pebble certificate and answers over HTTPS', async () => {
    const text = await ask('summon web', /web 1\.0 is ready at|failed|:warning:/, 120_000);
    expect(text).toMatch(/web 1\.0 is ready at https:\/\/web\./);
    const host = `web.${env.domain}`;
    const got = await until(async () => {
      const r = await httpsGet(httpsPort, host, root).catch(() => undefined);
      return r?.status === 200 ? r : undefined;
    }, 90_000);
    expect(got.body).toMatch(/hello from|web/i);
    expect(got.issuer).toMatch(/Pebble/i);
    // nginx mounts the proxy's configuration and certificates from the state folder, at the host's path
    const proxy = JSON.parse(await dockerOk(['inspect', `proxy-${env.domain}`]))[0];
    const sources = (proxy.Mounts as { Source: string }[]).map((m) => m.Source);
    expect(sources.some((s) => s.startsWith(`${home}/state/proxy`))).toBe(true);
    expect(sources.some((s) => s.startsWith(`${home}/state/acme`))).toBe(true);
    fingerprint = got.fingerprint;
  }, 240_000);
  let fingerprint = '';

  it('posts a signed webhook in a channel', async () => {
    const body = fixture('github', 'workflow_run.success');
    const r = await post(`http://127.0.0.1:${publish}/hooks/github`, body, githubHeaders(HOOK_SECRET, 'workflow_run', body, { delivery: crypto.randomUUID() }));
    expect(r.status).toBe(202);
    const posted = await server.waitFor(() => botPosts(ids.dev).find((t) => /Build on main: success/.test(t)), 30_000);
    expect(posted).toContain('https://github.com/octo-org/octo-repo/actions/runs/30433643');
  }, 60_000);

  it('`docker exec <c> summoner status` shows the running bot: its uptime and its chat', async () => {
    const st = await docker(['exec', container, 'summoner', 'status']);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stderr).toBe('');
    // up since the container started, not a fresh process's 0 s
    const up = /Summoner \d+\.\d+\.\d+\S*\*\*, up ((\d+)m )?(\d+)s/.exec(st.stdout);
    expect(up, st.stdout).not.toBeNull();
    expect(Number(up![2] ?? 0) * 60 + Number(up![3])).toBeGreaterThanOrEqual(5);
    expect(st.stdout).toMatch(/^Chat: mattermost, healthy/m);
    expect(st.stdout).toMatch(/web/);
  }, 60_000);

  it('`docker exec <c> summoner backup <app>` waits for a running summon of that app and shows its progress', async () => {
    const p = server.post(ids.alice, ids.ops, '@summoner summon slowweb');
    await server.waitFor(() => /summoning slowweb/.test(server.posts().filter((x) => x.user_id === ids.bot && x.root_id === p.id).map(shown).join('\n')), 30_000);
    const b = await docker(['exec', container, 'summoner', 'backup', 'slowweb'], 180_000);
    expect(b.stdout).toMatch(/waiting for summon slowweb to finish/);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    // the summon had finished first, and the backup is in the bot's audit as the host's shell
    const replies = server.posts().filter((x) => x.user_id === ids.bot && x.root_id === p.id).map(shown).join('\n');
    expect(replies).toMatch(/slowweb 1\.0 is ready at/);
    const h = await dockerOk(['exec', container, 'summoner', 'history', '5']);
    expect(h).toMatch(/\| node \| `backup slowweb` \| ok/);
  }, 240_000);

  it('`docker-compose restart` keeps the audit, the proxy and the certificate', async () => {
    const proxyId = (await dockerOk(['inspect', '-f', '{{.Id}}', `proxy-${env.domain}`])).trim();
    await compose('restart');
    await waitHealth(container, 'healthy', 120_000);
    const h = await dockerOk(['exec', container, 'summoner', 'history', '50']);
    expect(h).toMatch(/summon web/);
    expect((await dockerOk(['inspect', '-f', '{{.Id}} {{.State.Running}}', `proxy-${env.domain}`])).trim()).toBe(`${proxyId} true`);
    const again = await httpsGet(httpsPort, `web.${env.domain}`, root);
    expect(again.status).toBe(200);
    expect(again.fingerprint).toBe(fingerprint);
  }, 240_000);

  it('an upgrade to a newer image (same tag, `docker-compose up -d`) keeps the audit, the proxy and the certificate', async () => {
    const before = (await dockerOk(['inspect', '-f', '{{.Id}}', container])).trim();
    nextImage = await ensureNextImage(image);
    await dockerOk(['tag', nextImage, image]);
    await compose('up', '-d');
    const after = (await dockerOk(['inspect', '-f', '{{.Id}}', container])).trim();
    expect(after).not.toBe(before); // replaced
    await waitHealth(container, 'healthy', 120_000);
    const st = await dockerOk(['exec', container, 'summoner', 'status']);
    expect(st).toMatch(/Summoner 99\.0\.0-next/);
    const h = await dockerOk(['exec', container, 'summoner', 'history', '50']);
    expect(h).toMatch(/summon web/);
    expect(h).toMatch(/backup slowweb/);
    const again = await httpsGet(httpsPort, `web.${env.domain}`, root);
    expect(again.status).toBe(200);
    expect(again.fingerprint).toBe(fingerprint);
  }, 300_000);

  it('deaf past health.exitAfterS (its chat unreachable), it exits, its policy restarts it, and ops is told once it is back', async () => {
    const restarts = await exitCodeAndRestarts();
    const since = server.posts(ids.ops).length;
    // the chat server is gone for the bot: its container loses the network it reaches Mattermost by (a
    // partition, as a stopped server or a dead route looks from the bot; the engine stays reachable on its socket)
    const net = `${project}_default`;
    await dockerOk(['network', 'disconnect', net, container]);
    await until(async () => ((await exitCodeAndRestarts()) > restarts ? true : undefined), 150_000);
    const logs = await dockerOk(['logs', '--since', '5m', container]);
    expect(logs).toMatch(/unhealthy too long: exiting/);
    // the chat is back (a container between two restarts refuses a network for a moment: retried)
    await until(async () => ((await docker(['network', 'connect', net, container])).code === 0 ? true : undefined), 60_000);
    const back = await server.waitFor(() => botPosts(ids.ops).find((t) => /restarted after being deaf: chat down/.test(t)), 120_000);
    expect(back).toMatch(/its restart policy started it again/);
    expect(server.posts(ids.ops).length).toBeGreaterThan(since);
    await waitHealth(container, 'healthy', 120_000);
    expect(await ask('ping', /pong/)).toMatch(/pong/);
  }, 360_000);
});

/** vi.waitFor over a check that answers undefined while the awaited state is not there yet. */
function until<T>(fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  return vi.waitFor(
    async () => {
      const v = await fn();
      if (v === undefined) throw new Error(`not reached within ${ms} ms`);
      return v;
    },
    { timeout: ms, interval: 500 },
  );
}
