// The questions boot asks the engine before ready go out as plain GETs (src/core/engine/at-start.ts), not
// through dockerode: their answers must be dockerode's, against the real engine.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerImage, isSwarmManager } from '../src/core/engine/at-start.js';
import { selfImage } from '../src/core/engine/chown.js';
import { createEngine, describe as describeEngine } from '../src/core/engine/index.js';
import { engineAvailable, SOCKET } from './helpers/docker.js';
import { NODE_ADDR, swarmNodesAvailable } from './helpers/swarm-nodes.js';
import { pino } from 'pino';
import { configSchema } from '../src/config/schema.js';
import { createCore } from '../src/core/boot.js';

const run = engineAvailable();
const engine = createEngine({ socket: SOCKET });
const name = `summoner-at-start-${randomBytes(4).toString('hex')}`;

describe.runIf(run)('engine questions at start, without dockerode', () => {
  afterAll(async () => {
    await engine.docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  });

  it('the Swarm role is the one dockerode reads from the same engine', async () => {
    const d = await describeEngine(engine);
    expect(await isSwarmManager(SOCKET, 10_000)).toBe(d.swarmManager);
  });

  it("a container's image is the one dockerode inspects; selfImage finds it by host name", async () => {
    const c = await engine.docker.createContainer({ name, Image: 'summoner-test/web:2.0', Labels: { 'summoner.test': 'at-start' } });
    const inspected = await c.inspect();
    expect(inspected.Image).toMatch(/^sha256:/);
    expect(await containerImage(SOCKET, name, 10_000)).toBe(inspected.Image);
    expect(await selfImage(engine, { hostname: name, inContainer: true })).toBe(inspected.Image);
    expect(await selfImage(engine, { hostname: name, inContainer: false })).toBeUndefined();
  });

  it('a name is data in the path, an unknown container or a missing socket rejects with what happened', async () => {
    // "../info" would reach GET /info if it were not escaped; escaped, the engine refuses the path (it
    // redirects the cleaned path, which is not followed) instead of answering the /info document
    await expect(containerImage(SOCKET, '../info', 10_000)).rejects.toThrow(/the engine answered (301|404) to GET \/containers\/\.\.%2Finfo\/json/);
    await expect(containerImage(SOCKET, `${name}-none`, 10_000)).rejects.toThrow(/answered 404/);
    await expect(isSwarmManager('/nonexistent/docker.sock', 10_000)).rejects.toThrow(/ENOENT/);
    expect(await selfImage(createEngine({ socket: '/nonexistent/docker.sock' }), { hostname: name, inContainer: true })).toBeUndefined();
  });
});

/** A Unix socket that forwards every connection to a TCP engine (the nested Swarm nodes listen on TCP). */
async function unixToTcp(host: string, port: number): Promise<{ socket: string; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-at-start-'));
  const socket = path.join(dir, 'engine.sock');
  const server = net.createServer((c) => {
    const up = net.connect(port, host);
    c.pipe(up).pipe(c);
    up.on('error', () => c.destroy());
    c.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(socket, r));
  return { socket, close: () => new Promise<void>((r) => server.close(() => (fs.rmSync(dir, { recursive: true, force: true }), r()))) };
}

describe.runIf(run && swarmNodesAvailable())('the Swarm role from GET /swarm, on real Swarm nodes', () => {
  it('a manager is a manager and a worker is not, as GET /info says on the same engines', async () => {
    for (const [node, manager] of [['manager', true], ['worker1', false]] as const) {
      const f = await unixToTcp(NODE_ADDR[node], 2375);
      try {
        const info = (await (await fetch(`http://${NODE_ADDR[node]}:2375/info`)).json()) as { Swarm: { LocalNodeState: string; ControlAvailable: boolean } };
        expect(info.Swarm.LocalNodeState === 'active' && info.Swarm.ControlAvailable).toBe(manager);
        expect(await isSwarmManager(f.socket, 10_000)).toBe(manager);
      } finally {
        await f.close();
      }
    }
  });
});

describe.runIf(run && swarmNodesAvailable())('an engine given as tcp://host:port (engine.socket)', () => {
  it('is configured, and with mode auto its role is read through the API: the manager deploys services, a worker containers', async () => {
    for (const [node, mode] of [['manager', 'swarm'], ['worker1', 'standalone']] as const) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-at-start-'));
      try {
        const config = configSchema.parse({ domain: 'at-start.summoner.test', stateDir: path.join(root, 'state'), dataRoot: path.join(root, 'data'), dbRoot: path.join(root, 'db'), backupRoot: path.join(root, 'backups'), engine: { socket: `tcp://${NODE_ADDR[node]}:2375`, mode: 'auto' }, proxy: { mode: 'external' } });
        const core = await createCore({ config, log: pino({ level: 'silent' }) });
        expect(core.mode).toBe(mode);
        expect(core.engineConfigured()).toBe(true);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
  });
});

describe('the Swarm role when GET /swarm gives no plain answer', () => {
  // An engine's answers where the quick question is not enough (a manager whose swarm has lost its leader
  // answers /swarm with an error, /info still says it controls the swarm): /info decides, as before.
  async function engineAnswering(swarm: { status: number; body: string } | 'hang', info: object) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-at-start-'));
    const socket = path.join(dir, 'engine.sock');
    const asked: string[] = [];
    const server = http.createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === '/swarm') {
        if (swarm === 'hang') return;
        res.writeHead(swarm.status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: swarm.body }));
      } else if (req.url === '/info') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(info));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(socket, r));
    return { socket, asked, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => (fs.rmSync(dir, { recursive: true, force: true }), r())))) };
  }
  const manager = { Swarm: { LocalNodeState: 'active', ControlAvailable: true } };
  const locked = { Swarm: { LocalNodeState: 'locked', ControlAvailable: false } };

  it('plain answers decide alone; a leaderless manager, a locked swarm and a hung /swarm are read from /info', async () => {
    const cases = [
      { swarm: { status: 503, body: 'This node is not part of a swarm' }, info: manager, want: false, asked: ['/swarm'] },
      { swarm: { status: 503, body: "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state." }, info: manager, want: false, asked: ['/swarm'] },
      { swarm: { status: 503, body: 'rpc error: code = Unknown desc = The swarm does not have a leader.' }, info: manager, want: true, asked: ['/swarm', '/info'] },
      { swarm: { status: 503, body: 'Swarm is encrypted and needs to be unlocked before it can be used.' }, info: locked, want: false, asked: ['/swarm', '/info'] },
      { swarm: 'hang' as const, info: manager, want: true, asked: ['/swarm', '/info'] },
    ];
    for (const c of cases) {
      const e = await engineAnswering(c.swarm, c.info);
      try {
        expect(await isSwarmManager(e.socket, 10_000)).toBe(c.want);
        expect(e.asked).toEqual(c.asked);
      } finally {
        await e.close();
      }
    }
  });

  it('an engine that accepts and never answers fails the question within its timeout, not never', async () => {
    const hung = http.createServer(() => undefined);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-at-start-'));
    const socket = path.join(dir, 'engine.sock');
    await new Promise<void>((r) => hung.listen(socket, r));
    try {
      // the quick question gives up, then /info within the same bound
      await expect(isSwarmManager(socket, 300)).rejects.toThrow(/did not answer GET \/info within 300 ms/);
      await expect(containerImage(socket, 'x', 300)).rejects.toThrow(/did not answer GET \/containers\/x\/json within 300 ms/);
    } finally {
      hung.closeAllConnections();
      await new Promise<void>((r) => hung.close(() => r()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
