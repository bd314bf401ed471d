// A production-like rig for Summoner's own container: our Mattermost test server on the host's bridge address
// (the container dials it there), a team with the bot and an admin, a unique test env (domain, data roots,
// proxy network), a state volume, and the config file mounted as /etc/summoner/summoner.yml.
// run() starts a container of a given image on that volume the way deploy/compose.yml does.
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, type Post, type TestServer } from '../mattermost-server/index.js';
import { makeTestEnv, TEST_CATALOG, type TestEnv } from './docker.js';
import { bridgeGateway, docker, dockerOk, publishedPort, socketGid } from './image.js';

/** The GitHub hook's secret in the rig's bot (test only). */
export const HOOK_SECRET = 'rig-hook-secret-0123456789';


export interface Rig {
  server: TestServer;
  env: TestEnv;
  ids: { alice: string; bot: string; ops: string };
  volume: string;
  botToken: string;
  /** Create and start a Summoner container of `image` on the rig's volume; resolves with its published HTTP port (the public listener). */
  run(name: string, image: string, o?: { stopTimeoutS?: number; healthIntervalS?: number; restart?: 'unless-stopped' }): Promise<number>;
  /** The bot's posts in a thread, as a person reads them (message + attachment texts). */
  replies(rootId: string): string;
  /** Alice mentions the bot in the ops channel; resolves with the bot's replies once one matches `want`. */
  ask(text: string, want: RegExp, ms?: number): Promise<string>;
  /** GET a path of the bot's internal listener (127.0.0.1:9090 inside its container: /healthz, /metrics). */
  internal(name: string, path: string): Promise<{ status: number; contentType: string; body: string }>;
  /** Bytes of a file in the volume (read through a throwaway container of `image`). */
  sha256InVolume(image: string, file: string): Promise<string>;
  cleanup(containers: string[]): Promise<void>;
}

export const shown = (p: Post): string =>
  [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n');

/**
 * summoner.yml for Summoner in a container of the test env: its state on the image's volume, the env's roots at
 * the same paths inside as outside (the units it creates bind-mount those paths, and the engine resolves them
 * where it runs), the engine's socket mounted, no proxy (the proxy's own tests publish ports 80/443), the test
 * server's team `acme` and its ops channel, alice (`admin`) the admin.
 */
export function containerConfig(env: TestEnv, server: TestServer, admin: string, mode: 'standalone' | 'swarm') {
  return {
    domain: env.domain,
    stateDir: '/var/lib/summoner',
    dataRoot: env.config.dataRoot,
    dbRoot: env.config.dbRoot,
    backupRoot: env.config.backupRoot,
    engine: { socket: '/var/run/docker.sock', mode, proxyNetwork: env.config.engine.proxyNetwork },
    proxy: { mode: 'external' },
    admins: [admin],
    channels: { ops: 'ops' },
    mattermost: { url: server.url, team: 'acme', channels: ['ops'], pingIntervalMs: 3000, reconnectMinMs: 100, reconnectMaxMs: 1000 },
  };
}

export async function startRig(prefix: string): Promise<Rig> {
  const gw = await bridgeGateway();
  const server = await startTestServer({ host: gw });
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const alice = server.createUser('alice');
  const ops = server.createChannel(team.id, 'ops');
  for (const u of [bot, alice]) server.addToChannel(ops.id, u.id);
  const ids = { alice: alice.id, bot: bot.id, ops: ops.id };

  const env = makeTestEnv(prefix);
  const volume = `summoner-state-${env.id}`;
  // The container creates the apps' folders under the data roots: they must be its user's (uid 1000).
  fs.chmodSync(env.root, 0o755);
  const roots = [env.config.dataRoot, env.config.dbRoot, env.config.backupRoot];
  for (const d of roots) {
    fs.mkdirSync(d, { recursive: true });
    fs.chownSync(d, 1000, 1000);
  }
  // A minion of this run whose app runs as uid 2000: its folders must be handed over (Summoner is not root).
  const extraCatalog = path.join(env.root, 'catalog');
  fs.mkdirSync(path.join(extraCatalog, 'owned'), { recursive: true });
  const web = fs.readFileSync(path.join(TEST_CATALOG, 'web', 'compose.yml'), 'utf8');
  fs.writeFileSync(path.join(extraCatalog, 'owned', 'compose.yml'), web.replace(/^  web:\n    service: web\n/m, '  web:\n    service: web\n    owner: "2000:2000"\n'));
  if (!fs.readFileSync(path.join(extraCatalog, 'owned', 'compose.yml'), 'utf8').includes('owner: "2000:2000"')) throw new Error('test/minions/web changed: update the owned minion');
  // and one whose health check keeps failing for 25 s: a summon that stays in progress that long
  fs.mkdirSync(path.join(extraCatalog, 'slow'), { recursive: true });
  const slow = web.replace('path: /health', 'path: /never-healthy').replace('timeoutS: 20', 'timeoutS: 25');
  if (slow === web) throw new Error('test/minions/web changed: update the slow minion');
  fs.writeFileSync(path.join(extraCatalog, 'slow', 'compose.yml'), slow);
  const config = {
    ...containerConfig(env, server, alice.id, 'standalone'),
    catalogDirs: [TEST_CATALOG, extraCatalog],
    http: { listen: '0.0.0.0:8080' },
    // one webhook and its recipe: the upgrade test leaves an event owed across the swap
    notify: {
      hooks: { github: { source: 'github', secretEnv: 'SUMMONER_HOOK_GH' } },
      recipes: [{ name: 'runs', when: { source: 'github', event: 'workflow_run' }, then: [{ post: { channel: 'ops', template: 'run delivery {{summoner.delivery}}' } }] }],
    },
  };
  const configFile = path.join(env.root, 'summoner.yml');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o644 }); // JSON is YAML
  await dockerOk(['volume', 'create', '--label', `org.summoner.test=${env.id}`, volume]);
  // compose creates this network for Summoner; here the test does (cleaned up with the env)
  await dockerOk(['network', 'create', '--label', `summoner.domain=${env.domain}`, env.config.engine.proxyNetwork]);

  const botPosts = (rootId: string): Post[] => server.posts().filter((p) => p.user_id === ids.bot && p.root_id === rootId);
  const replies = (rootId: string) => botPosts(rootId).map(shown).join('\n');

  return {
    server,
    env,
    ids,
    volume,
    botToken: bot.token,
    async run(name, image, o = {}) {
      await dockerOk([
        'create', '--name', name, '--label', `org.summoner.test=${env.id}`,
        '--init', // as deploy/compose.yml: Docker's init as PID 1
        // and hardened as deploy/compose.yml: no capability, no new privileges, read-only root, tmpfs /tmp
        '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges:true', '--read-only', '--tmpfs', '/tmp:size=64m,mode=1777',
        // the non-root user reaches the socket through its group (its gid differs per host)
        '--group-add', String(socketGid()),
        '-v', '/var/run/docker.sock:/var/run/docker.sock',
        '-v', `${volume}:/var/lib/summoner`,
        '-v', `${configFile}:/etc/summoner/summoner.yml:ro`,
        '-v', `${TEST_CATALOG}:${TEST_CATALOG}:ro`,
        '-v', `${extraCatalog}:${extraCatalog}:ro`,
        ...roots.flatMap((d) => ['-v', `${d}:${d}`]),
        '-e', `SUMMONER_MATTERMOST_TOKEN=${bot.token}`,
        '-e', `SUMMONER_HOOK_GH=${HOOK_SECRET}`,
        '-p', '127.0.0.1::8080',
        '--stop-timeout', String(o.stopTimeoutS ?? 30),
        // deploy/compose.yml's policy: what starts the bot again after it exits 75 (a restore of its own state)
        ...(o.restart ? ['--restart', o.restart] : []),
        // the image's HEALTHCHECK, probed faster for the tests
        '--health-interval', `${o.healthIntervalS ?? 1}s`, '--health-timeout', '3s', '--health-retries', '2', '--health-start-period', '20s',
        image,
      ]);
      // Summoner is not on the apps' proxy network: in its container, health checks run from its probe
      // container (src/core/engine/probe.ts), through the Engine API.
      await dockerOk(['start', name]);
      return publishedPort(name, 8080).catch(() => 0); // 0: it exited at once (a refused start)
    },
    replies,
    async internal(name, path) {
      const script = `fetch('http://127.0.0.1:9090${path}').then(async (r) => console.log(JSON.stringify({ status: r.status, contentType: r.headers.get('content-type') ?? '', body: await r.text() })), (e) => { console.error(String(e.cause ?? e)); process.exit(1); })`;
      const out = await dockerOk(['exec', name, 'node', '-e', script]);
      return JSON.parse(out.trim().split('\n').pop()!);
    },
    async ask(text, want, ms = 20_000) {
      const p = server.post(ids.alice, ids.ops, `@summoner ${text}`);
      return server.waitFor(() => {
        const all = replies(p.id);
        return want.test(all) ? all : undefined;
      }, ms);
    },
    async sha256InVolume(image, file) {
      const out = await dockerOk(['run', '--rm', '--entrypoint', 'sha256sum', '-v', `${volume}:/s:ro`, image, `/s/${file}`]);
      return out.split(' ')[0]!;
    },
    async cleanup(containers) {
      if (process.env.SUMMONER_KEEP_CONTAINER !== '1') for (const c of containers) await docker(['rm', '-f', c]);
      await docker(['volume', 'rm', '-f', volume]);
      await env.cleanup();
      await server.close().catch(() => undefined);
    },
  };
}
