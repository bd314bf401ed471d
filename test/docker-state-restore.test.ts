// `backup summoner` and its confirmed restore with Summoner run as a team runs it (issue 15, done-when 5):
// - on one host, its image in a container with `--restart unless-stopped`, as deploy/compose.yml runs it;
// - on a Swarm, the same image as a service on the manager of the nested three-node Swarm
//   (scripts/docker/swarm-nodes.sh): the manager's socket, a state volume on that node, Swarm's restart policy.
// In both, alice asks in ops. The yes stops the bot (exit code 75); the engine's restart policy starts it
// again (a new container: Swarm replaces the task), and that start puts the snapshot back before anything opens
// the state and says so in ops; a command given after the backup is gone from `history`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './mattermost-server/index.js';
import { engineAvailable } from './helpers/docker.js';
import { bridgeGateway, docker, dockerOk, ensureSummonerImage, type BuiltImage } from './helpers/image.js';
import { containerConfig, shown, startRig, type Rig } from './helpers/summoner-container.js';
import { MANAGER_API, makeSwarmEnv, nodeContainer, swarmNodesAvailable } from './helpers/swarm-nodes.js';
import type { TestEnv } from './helpers/docker.js';

const RESTORED = "Summoner's state was restored from summoner-state-";

/** One chat with the bot: alice's mention in ops, and the bot's posts in its thread or in ops. */
interface Talk {
  server: TestServer;
  ids: { alice: string; bot: string; ops: string };
  /** What the engine says of the bot's container or service (its state, its last log lines): for a failure's message. */
  engineSays?: () => Promise<string>;
}

/** Waits for what the bot says; on time out, says what it did say (every post of it) and what the engine says of it. */
async function until<T>(t: Talk, what: string, fn: () => T | undefined, ms: number): Promise<T> {
  try {
    return await t.server.waitFor(fn, ms);
  } catch {
    const said = t.server.posts().filter((x) => x.user_id === t.ids.bot).map((x) => `  ${x.root_id ? '↳ ' : ''}${shown(x).slice(0, 300)}`);
    throw new Error(`${what}: not within ${ms / 1000} s. The bot said:\n${said.join('\n') || '  nothing'}\n${(await t.engineSays?.()) ?? ''}`);
  }
}

async function ask(t: Talk, text: string, want: RegExp, ms = 60_000): Promise<{ root: string; said: string }> {
  const p = t.server.post(t.ids.alice, t.ids.ops, `@summoner ${text}`);
  const said = await until(t, `an answer to "${text}" matching ${want}`, () => {
    const all = t.server.posts().filter((x) => x.user_id === t.ids.bot && x.root_id === p.id).map(shown).join('\n');
    return want.test(all) ? all : undefined;
  }, ms);
  return { root: p.id, said };
}

/** The bot is connected: it said so in ops (a post made before its socket is up would never reach it). */
const isUp = (t: Talk, ms: number) => until(t, 'the bot up in ops', () => t.server.posts(t.ids.ops).find((p) => p.user_id === t.ids.bot && /Summoner \S+ is up/.test(p.message)), ms);

/**
 * The whole exchange: a backup, a command after it, the restore and its yes; then the bot's next start says
 * so in ops, and its history no longer holds the command given after the backup.
 */
async function backupThenRestore(t: Talk): Promise<void> {
  const backedUp = await ask(t, 'backup summoner', /Summoner's state backed up: (summoner-state-\S+)/, 120_000);
  const snapshot = /Summoner's state backed up: (summoner-state-[\w-]+)/.exec(backedUp.said)![1]!;
  await ask(t, 'whoami', /alice/);
  const proposal = await ask(t, 'restore summoner', new RegExp(`with ${snapshot}, taken`));
  const before = t.server.posts(t.ids.ops).length;
  // a typed yes is addressed to the bot, in the thread of the proposal
  t.server.post(t.ids.alice, t.ids.ops, '@summoner yes', { rootId: proposal.root });
  const back = await until(t, 'the restart on the snapshot', () => t.server.posts(t.ids.ops).slice(before).find((p) => p.user_id === t.ids.bot && shown(p).includes(RESTORED)), 180_000);
  expect(shown(back)).toContain(`${RESTORED.slice(0, -'summoner-state-'.length)}${snapshot}`);
  expect(shown(back)).toContain('as alice confirmed');
  const history = (await ask(t, 'history 20', /\| ref \|/)).said;
  expect(history).toContain('backup summoner');
  expect(history).not.toMatch(/\bwhoami\b/);
  expect(history).not.toContain('restore summoner');
}

const onHost = engineAvailable() ? describe : describe.skip;

onHost('backup summoner and its restore: one host, the image with its restart policy', () => {
  let image: BuiltImage;
  let rig: Rig;
  let name: string;

  beforeAll(async () => {
    image = await ensureSummonerImage();
    rig = await startRig('sto');
    name = `summoner-${rig.env.id}`;
    await rig.run(name, image.tag, { restart: 'unless-stopped' });
    await isUp({ server: rig.server, ids: rig.ids }, 120_000);
  }, 900_000);

  afterAll(async () => {
    await rig?.cleanup([name]);
  }, 120_000);

  it('the yes stops the bot, Docker starts it again, and it comes back on the snapshot', async () => {
    const engineSays = async () => `docker inspect: ${(await docker(['inspect', '-f', '{{.State.Status}} exit {{.State.ExitCode}} restarts {{.RestartCount}}', name])).stdout}\nlogs:\n${(await docker(['logs', '--tail', '30', name]).then((d) => d.stdout + d.stderr)).slice(-4000)}`;
    await backupThenRestore({ server: rig.server, ids: rig.ids, engineSays });
    // it exited (75) and was started again by its restart policy, not by the test
    expect(Number((await dockerOk(['inspect', '-f', '{{.RestartCount}}', name])).trim())).toBeGreaterThanOrEqual(1);
  }, 600_000);
});

const onSwarm = engineAvailable() && swarmNodesAvailable() ? describe : describe.skip;

onSwarm('backup summoner and its restore: a Swarm, the image as a service on the manager', () => {
  let image: BuiltImage;
  let server: TestServer;
  let env: TestEnv;
  let ids: Talk['ids'];
  let service: string;
  let volume: string;
  /** The docker CLI against the nested manager. */
  const onManager = (args: string[], ms?: number) => dockerOk(['-H', MANAGER_API, ...args], ms);

  beforeAll(async () => {
    image = await ensureSummonerImage();
    // the manager has its own image store: the image goes there as a registry would bring it
    if ((await docker(['-H', MANAGER_API, 'image', 'inspect', image.tag])).code !== 0) {
      const saved = path.join(os.tmpdir(), `summoner-image-${process.pid}.tar`);
      try {
        await dockerOk(['save', '-o', saved, image.tag], 600_000);
        await onManager(['load', '-q', '-i', saved], 600_000);
      } finally {
        fs.rmSync(saved, { force: true });
      }
    }
    server = await startTestServer({ host: await bridgeGateway() });
    const team = server.createTeam('acme');
    const bot = server.createUser('summoner', { bot: true });
    const alice = server.createUser('alice');
    const ops = server.createChannel(team.id, 'ops');
    for (const u of [bot, alice]) server.addToChannel(ops.id, u.id);
    ids = { alice: alice.id, bot: bot.id, ops: ops.id };

    env = makeSwarmEnv('sts');
    // the bot runs as uid 1000 and writes its own backups under backupRoot (on the folder every node mounts)
    fs.chmodSync(env.root, 0o755);
    for (const d of [env.config.dataRoot, env.config.dbRoot, env.config.backupRoot]) {
      fs.mkdirSync(d, { recursive: true });
      fs.chownSync(d, 1000, 1000);
    }
    const configFile = path.join(env.root, 'summoner.yml');
    const config = containerConfig(env, server, alice.id, 'swarm');
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o644 }); // JSON is YAML
    // the non-root user reaches the manager's socket through its group, as on one host
    const gid = (await dockerOk(['exec', nodeContainer('manager'), 'stat', '-c', '%g', '/var/run/docker.sock'])).trim();
    service = `summoner-${env.id}`;
    volume = `summoner-state-${env.id}`;
    await onManager([
      'service', 'create', '--detach', '--name', service, '--label', `org.summoner.test=${env.id}`,
      // the state volume is the manager's: the bot stays there, as its data does
      '--constraint', 'node.role==manager',
      '--restart-condition', 'any', '--restart-delay', '1s', '--init', '--group', gid,
      '--mount', 'type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock',
      '--mount', `type=volume,source=${volume},target=/var/lib/summoner`,
      '--mount', `type=bind,source=${configFile},target=/etc/summoner/summoner.yml,readonly`,
      ...[env.config.dataRoot, env.config.dbRoot, env.config.backupRoot].flatMap((d) => ['--mount', `type=bind,source=${d},target=${d}`]),
      '--env', `SUMMONER_MATTERMOST_TOKEN=${bot.token}`,
      image.tag,
    ]);
    await isUp({ server, ids }, 300_000);
  }, 1_200_000);

  afterAll(async () => {
    if (service) {
      await docker(['-H', MANAGER_API, 'service', 'rm', service]);
      // the volume goes once the task's container is gone from the manager
      await vi
        .waitFor(async () => {
          if ((await docker(['-H', MANAGER_API, 'volume', 'rm', volume])).code !== 0 && (await docker(['-H', MANAGER_API, 'volume', 'inspect', volume])).code === 0) throw new Error(`${volume} is still in use`);
        }, { timeout: 90_000, interval: 1000 })
        .catch(() => undefined);
    }
    await env?.cleanup();
    await server?.close().catch(() => undefined);
  }, 180_000);

  it('the yes stops the service task, Swarm starts a new one, and it comes back on the snapshot', async () => {
    const engineSays = async () =>
      `service ps:\n${(await docker(['-H', MANAGER_API, 'service', 'ps', '--no-trunc', '--format', '{{.Name}} {{.DesiredState}} {{.CurrentState}} {{.Error}}', service])).stdout}\nlogs:\n${(await docker(['-H', MANAGER_API, 'service', 'logs', '--tail', '30', '--raw', service]).then((d) => d.stdout + d.stderr)).slice(-4000)}`;
    await backupThenRestore({ server, ids, engineSays });
    // the first task ended with the restart code and Swarm replaced it (not the test)
    // and the new task passes the image's HEALTHCHECK (Swarm holds it in `starting` until then)
    await vi.waitFor(async () => {
      const tasks = await onManager(['service', 'ps', '--no-trunc', '--format', '{{.DesiredState}} {{.CurrentState}} {{.Error}}', service]);
      expect(tasks).toMatch(/exit \(75\)/);
      expect(tasks.split('\n').filter((l) => l.startsWith('Running Running'))).toHaveLength(1);
    }, { timeout: 120_000, interval: 1000 });
  }, 600_000);
});
