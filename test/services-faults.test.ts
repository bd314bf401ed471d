// Failed summons on the real engine: each says what failed, removes what it created (containers, the
// private network) and keeps the data folder as it was.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectNetwork, listContainers, selector } from '../src/core/engine/index.js';
import { hostProbes } from '../src/core/preflight.js';
import { createCoreServices } from '../src/core/services.js';
import type { Minion } from '../src/core/types.js';
import {
  RecordingReporter,
  catalogOf,
  engineAvailable,
  freePort,
  handPlan,
  makeTestEnv,
  silentLog,
  webDbMinion,
  webMinion,
  type TestEnv,
} from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

async function registryUp(): Promise<boolean> {
  try {
    return (await fetch('http://127.0.0.1:5000/v2/', { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

run('services: failed summons leave nothing behind but the data', () => {
  let env: TestEnv;
  beforeAll(() => {
    env = makeTestEnv('fault');
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  const services = (m: Minion, probes = hostProbes) =>
    createCoreServices({ config: env.config, engine: env.engine, catalog: catalogOf(m), planDeploy: handPlan, secretsDir: env.secretsDir, log: silentLog(), probes });

  /** Data the minion had before: must be there, unchanged, after the failure. */
  function seedData(app: string): string {
    const f = path.join(env.config.dataRoot, app, 'files', 'precious.txt');
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, `data of ${app}`);
    return f;
  }

  async function expectNothingLeft(app: string, file: string) {
    expect(await listContainers(env.engine, selector(env.domain, app))).toEqual([]);
    expect(await inspectNetwork(env.engine, `summoner-${app}-${env.domain}`)).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).toBe(`data of ${app}`);
  }

  it('missing image → image.missing, before anything is created', async () => {
    const repo = (await registryUp()) ? '127.0.0.1:5000/summoner/does-not-exist' : 'summoner-test/does-not-exist';
    const m = webDbMinion('noimg');
    m.web = { ...m.web, image: repo, tag: '9.9' };
    const file = seedData('noimg');
    const r = new RecordingReporter();
    const err = await services(m).summon('noimg', undefined, r).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'image.missing' });
    expect((err as Error).message).toContain(`${repo}:9.9`);
    await expectNothingLeft('noimg', file);
  }, 60_000);

  it('host port already taken → port.taken from the pre-flight, nothing created', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const m = webMinion('porty');
      m.web = { ...m.web, ports: [{ host: port, container: 8080, protocol: 'tcp' }] };
      const file = seedData('porty');
      const r = new RecordingReporter();
      await expect(services(m).summon('porty', undefined, r)).rejects.toMatchObject({ code: 'port.taken', message: expect.stringContaining(String(port)) });
      expect(r.steps.some((s) => s.startsWith('creating'))).toBe(false);
      await expectNothingLeft('porty', file);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('a port taken between pre-flight and start (engine says so) → port.taken, db removed too', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const m = webDbMinion('race');
      m.web = { ...m.web, ports: [{ host: port, container: 8080, protocol: 'tcp' }] };
      const file = seedData('race');
      // a pre-flight that sees nothing: the clash is only found by the engine at start
      const blind = { ...hostProbes, portFree: async () => true, publishedPorts: async () => [] };
      const r = new RecordingReporter();
      const err = await services(m, blind).summon('race', undefined, r).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'port.taken' });
      expect(r.steps).toContain(`starting mariadb-race-${env.domain}`); // the db was up before the clash
      expect(r.steps).toContain('race failed; removing what was created (data kept)');
      await expectNothingLeft('race', file);
      expect(fs.existsSync(path.join(env.config.dbRoot, 'race', 'mysql', 'mysql'))).toBe(true); // db data kept
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('a container that exits at start → app.crashed with its last lines, db removed too', async () => {
    const m = webDbMinion('crashy');
    const { command: _drop, ...web } = m.web;
    m.web = { ...web, image: 'summoner-test/crash', tag: '1.0' };
    const file = seedData('crashy');
    const r = new RecordingReporter();
    const err = await services(m).summon('crashy', undefined, r).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'app.crashed' });
    expect((err as Error).message).toContain('summoner-test/crash: failing on purpose');
    await expectNothingLeft('crashy', file);
  }, 120_000);

  it('pre-flight: not enough memory/disk, unsupported db version → clear errors, nothing created', async () => {
    const m = webDbMinion('greedy');
    m.requires = { memoryMb: 10_000_000, diskMb: 10 };
    const file = seedData('greedy');
    await expect(services(m).summon('greedy', undefined, new RecordingReporter())).rejects.toMatchObject({ code: 'preflight.memory' });
    m.requires = { memoryMb: 1, diskMb: 1_000_000_000 };
    await expect(services(m).summon('greedy', undefined, new RecordingReporter())).rejects.toMatchObject({ code: 'preflight.disk' });
    m.requires = { memoryMb: 1, diskMb: 1 };
    m.database = { ...m.database!, supports: '>=11 <12' };
    await expect(services(m).summon('greedy', undefined, new RecordingReporter())).rejects.toMatchObject({
      code: 'preflight.db_version',
      message: expect.stringContaining('mariadb 10.11 is not supported'),
    });
    await expectNothingLeft('greedy', file);
  }, 60_000);

  it('an unknown minion → minion.unknown', async () => {
    await expect(services(webMinion('a')).summon('b', undefined, new RecordingReporter())).rejects.toMatchObject({ code: 'minion.unknown' });
  });
});
