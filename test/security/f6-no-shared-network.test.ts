// Finding 6, Summoner off the apps' shared network: with `engine.healthProbe: engine` (what `auto` picks in
// a container) the HTTP health checks run from a probe container driven through the Engine API, not from
// Summoner's process. The busybox httpd of the app logs who asked for /health: the probe container's
// address on the proxy network, never the host's. The probe listens on nothing, has no mounts, no ports,
// a read-only root, every capability dropped, and is on the proxy network only; removed behind Summoner's
// back it is made again. On the old code there is no such setting (config error) and the bot had to join
// the proxy network to check its apps.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { createCore, type Core } from '../../src/core/boot.js';
import { containerLogs, inspectContainer, probeName } from '../../src/core/engine/index.js';
import { RecordingReporter, TEST_CATALOG, engineAvailable, makeTestEnv, registryAvailable, silentLog, type TestEnv } from '../helpers/docker.js';
import { docker, dockerOk } from '../helpers/image.js';

const run = engineAvailable() ? describe : describe.skip;

/** An image with `node` (what Summoner's own image gives the probe): the local Debian test root plus this machine's node. */
async function probeImage(): Promise<string> {
  const tag = `summoner-test/probe-node:${process.version.slice(1)}`;
  if ((await docker(['image', 'inspect', tag])).code === 0) return tag;
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-node-'));
  fs.copyFileSync(fs.realpathSync(process.execPath), path.join(ctx, 'node'));
  fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM summoner-test/mariadb:10.11\nCOPY node /usr/local/bin/node\nENTRYPOINT []\n');
  await dockerOk(['build', '-q', '--label', 'org.summoner.test=probe-node', '-t', tag, ctx], 300_000);
  fs.rmSync(ctx, { recursive: true, force: true });
  return tag;
}

run('health checks without Summoner on the proxy network (real engine)', () => {
  let env: TestEnv;
  let core: Core;
  beforeAll(async () => {
    if (!(await registryAvailable())) throw new Error('no local registry on 127.0.0.1:5000: run scripts/docker/setup.sh');
    env = makeTestEnv('noshare');
    const image = await probeImage();
    const config = configSchema.parse({
      ...env.config,
      catalogDirs: [TEST_CATALOG],
      engine: { ...env.config.engine, healthProbe: 'engine', probeImage: image },
    });
    core = await createCore({ config, log: silentLog() });
  }, 300_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('summons with the HTTP check run from the probe container, which is the one asking', async () => {
    const res = await core.services.summon('web', undefined, new RecordingReporter());
    expect(res).toMatchObject({ status: 'summoned' });
    const probe = (await inspectContainer(env.engine, probeName(env.domain)))!;
    expect(probe.state).toBe('running');
    const probeIp = probe.networks[env.config.engine.proxyNetwork]!.ip;
    expect(probeIp).toBeTruthy();
    // busybox httpd -v logs each request's peer address: the health checks came from the probe. The line is
    // written after the answer, and reaches the engine's log a moment later: a summon whose first check passed
    // can return before it is there (seen under load), so it is waited for
    const outsidePeers = async () => {
      const lines = (await containerLogs(env.engine, `web-${env.domain}`, 100)).map((l) => l.text).join('\n');
      const peers = [...lines.matchAll(/\[(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)\]:\d+: response/g)].map((x) => x[1]);
      // (127.0.0.1 is the image's own Docker HEALTHCHECK, run inside the app)
      return peers.filter((p) => p !== '127.0.0.1');
    };
    await vi.waitFor(async () => expect((await outsidePeers()).length).toBeGreaterThan(0), { timeout: 10_000, interval: 100 });
    expect(new Set(await outsidePeers())).toEqual(new Set([probeIp]));
  }, 180_000);

  it('the probe has nothing to reach Summoner by: proxy network only, no ports, no mounts, no capabilities, read-only', async () => {
    const i = await env.engine.docker.getContainer(probeName(env.domain)).inspect();
    expect(Object.keys(i.NetworkSettings.Networks)).toEqual([env.config.engine.proxyNetwork]);
    expect(i.Mounts).toEqual([]);
    expect(Object.keys(i.HostConfig.PortBindings ?? {})).toEqual([]);
    expect(i.HostConfig.CapDrop).toEqual(['ALL']);
    expect(i.HostConfig.ReadonlyRootfs).toBe(true);
    expect(i.HostConfig.SecurityOpt).toContain('no-new-privileges:true');
    const listening = execFileSync('docker', ['exec', probeName(env.domain), 'cat', '/proc/net/tcp'], { encoding: 'utf8' });
    // no socket in LISTEN state but Docker's embedded DNS (127.0.0.11, hex 0B00007F, on every user network)
    expect(listening.split('\n').filter((l) => / 0A /.test(l) && !/: 0B00007F:/.test(l))).toEqual([]);
  });

  it('status checks through the probe, and a probe removed behind its back is made again', async () => {
    await dockerOk(['rm', '-f', probeName(env.domain)]);
    const [web] = await core.services.status('web');
    expect(web).toMatchObject({ health: 'healthy' });
    expect((await inspectContainer(env.engine, probeName(env.domain)))?.state).toBe('running');
  }, 60_000);
});
