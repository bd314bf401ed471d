// versions, update and rollback against the real engine and the local registry (127.0.0.1:5000, Debian's
// docker-registry, started by scripts/docker/setup.sh): tags read over the Registry HTTP API v2, a newer tag
// pulled, an unhealthy new image rolled back with its data, and `rollback` on demand.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet, inspectContainer, containerIp, listContainers, selector } from '../src/core/engine/index.js';
import { createCoreServices, type CoreServices } from '../src/core/services.js';
import { LABEL } from '../src/core/types.js';
import { RecordingReporter, catalogOf, engineAvailable, registryAvailable, handPlan, makeTestEnv, minion, silentLog, type TestEnv } from './helpers/docker.js';

const REGISTRY = '127.0.0.1:5000';
const REPO = `${REGISTRY}/summoner/web`;

const run = engineAvailable() && (await registryAvailable(REGISTRY)) ? describe : describe.skip;

run('services: versions, update with rollback, rollback on demand', () => {
  let env: TestEnv;
  let services: CoreServices;
  // the app image comes from the registry, so `versions` and `update` talk to it
  const base = minion('x').web;
  const m = minion('upd', { web: { ...base, image: REPO, tag: '1.0', health: { ...base.health, timeoutS: 8 } } });
  const appName = () => `upd-${env.domain}`;

  async function version(): Promise<string> {
    const c = (await inspectContainer(env.engine, appName()))!;
    const ip = containerIp(c, env.config.engine.proxyNetwork)!;
    return (await httpGet(`http://${ip}:8080/version`, 3000)).body.trim();
  }

  beforeAll(async () => {
    env = makeTestEnv('upd');
    services = createCoreServices({ config: env.config, engine: env.engine, catalog: catalogOf(m), planDeploy: handPlan, secretsDir: env.secretsDir, log: silentLog() });
    // A broken "1.2": the crash image (prints to stderr, exits 1) pushed under the web repository.
    const crash = env.engine.docker.getImage('summoner-test/crash:1.0');
    await crash.tag({ repo: REPO, tag: '1.2-broken' });
    const stream = (await env.engine.docker.getImage(`${REPO}:1.2-broken`).push({ authconfig: { serveraddress: REGISTRY } } as never)) as unknown as NodeJS.ReadableStream;
    await new Promise((resolve, reject) => env.engine.docker.modem.followProgress(stream, (e: unknown) => (e ? reject(e) : resolve(undefined))));
    await services.summon('upd', undefined, new RecordingReporter());
    fs.writeFileSync(path.join(env.config.dataRoot, 'upd', 'files', 'note.txt'), 'written on 1.0');
  }, 120_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('versions: tags from the registry, the pinned one marked, major jumps flagged', async () => {
    const v = await services.versions('upd');
    const tags = v.tags.map((t) => t.tag);
    expect(tags).toEqual(expect.arrayContaining(['1.0', '1.1', '2.0']));
    expect(v.tags.find((t) => t.tag === '1.0')?.pinned).toBe(true);
    expect(v.tags.find((t) => t.tag === '2.0')?.majorJump).toBe(true);
    expect(v.tags.find((t) => t.tag === '1.1')?.majorJump).toBeFalsy();
  });

  it('update to 1.1: backup first, pulled from the registry, health-gated, old pinned for rollback', async () => {
    await env.engine.docker.getImage(`${REPO}:1.1`).remove({ force: true }).catch(() => undefined);
    const r = new RecordingReporter();
    const res = await services.update('upd', '1.1', { force: false }, r);
    expect(res).toMatchObject({ status: 'updated', from: '1.0', to: '1.1' });
    expect(res.status === 'updated' && res.backup?.file).toBeTruthy();
    expect(await version()).toBe('1.1');
    const c = (await inspectContainer(env.engine, appName()))!;
    expect(c.labels[LABEL.version]).toBe('1.1');
    expect(c.labels['summoner.rollback.version']).toBe('1.0');
    expect(fs.readFileSync(path.join(env.config.dataRoot, 'upd', 'files', 'note.txt'), 'utf8')).toBe('written on 1.0');
    expect(r.steps.some((s) => /image .*:1\.1/.test(s))).toBe(true);
  });

  it('update to an unhealthy image fails, and image and data go back together', async () => {
    fs.writeFileSync(path.join(env.config.dataRoot, 'upd', 'files', 'note.txt'), 'written on 1.1');
    const r = new RecordingReporter();
    const err = await services.update('upd', '1.2-broken', { force: false }, r).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'update.rolled_back' });
    expect(String((err as Error).message)).toMatch(/health check|crashed|exited/);
    expect(r.steps.join('\n')).toMatch(/back|restor/i);
    expect(await version()).toBe('1.1');
    const names = (await listContainers(env.engine, selector(env.domain, 'upd'))).map((c) => c.name);
    expect(names).toEqual([appName()]); // nothing set aside is left
    expect(fs.readFileSync(path.join(env.config.dataRoot, 'upd', 'files', 'note.txt'), 'utf8')).toBe('written on 1.1');
  });

  it('rollback on demand returns to the pinned 1.0 image and the data from before the update', async () => {
    fs.writeFileSync(path.join(env.config.dataRoot, 'upd', 'files', 'note.txt'), 'written after the update');
    const res = await services.rollback('upd', new RecordingReporter());
    expect(res).toMatchObject({ from: '1.1', to: '1.0' });
    expect(res.restoredFrom).toBeTruthy();
    expect(await version()).toBe('1.0');
    expect(fs.readFileSync(path.join(env.config.dataRoot, 'upd', 'files', 'note.txt'), 'utf8')).toBe('written on 1.0');
    await expect(services.rollback('upd', new RecordingReporter())).rejects.toMatchObject({ code: 'rollback.none' });
  });

  it('update refuses a hostile version before touching anything', async () => {
    for (const v of ['1.0;rm -rf /', '../../etc', '$(id)', 'x'.repeat(10_000)]) {
      await expect(services.update('upd', v, { force: false }, new RecordingReporter())).rejects.toMatchObject({ code: "minion.bad_version" });
    }
    expect(await version()).toBe('1.0');
  });
});
