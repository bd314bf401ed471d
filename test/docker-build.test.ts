// A Dockerfile minion against the real engine: `build: ./app` in a catalog folder, FROM a local test image, is
// built by the engine (its output in the progress), tagged summoner-build/<app>-<service>:<hash of the context>,
// summoned like any other and healthy; an unchanged context is not built again, a changed one is a new tag; a
// failing build fails the summon with the engine's message and leaves nothing running; a context with a symlink
// leading out of the minion's folder is refused before anything reaches the engine.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { createCore, type Core } from '../src/core/boot.js';
import { readBuildContext } from '../src/core/engine/build.js';
import { inspectContainer } from '../src/core/engine/containers.js';
import { inspectImage } from '../src/core/engine/images.js';
import { SummonerError } from '../src/errors.js';
import { engineAvailable, makeTestEnv, registryAvailable, RecordingReporter, TEST_CATALOG, type TestEnv } from './helpers/docker.js';

const required = process.env.SUMMONER_REQUIRE_ENGINE === '1';
const ready = engineAvailable() && (await registryAvailable());
if (required && !ready) throw new Error('SUMMONER_REQUIRE_ENGINE=1 but no engine or local registry (run scripts/docker/setup.sh)');

const BASE = '127.0.0.1:5000/summoner/web:1.0';
const compose = (app: string) => `services:
  web:
    build: ./app
    environment:
      GREETING: built
x-summoner:
  description: a minion built from a Dockerfile (${app})
  web:
    service: web
    port: 8080
    health:
      http: { path: /built.txt }
      timeoutS: 30
      intervalS: 1
  backup: cold
  requires: { memoryMb: 16, diskMb: 1 }
`;

describe.skipIf(!ready)('Dockerfile minions (build:) on the real engine', () => {
  let env: TestEnv;
  let core: Core;
  let catalogDir: string;
  const images = new Set<string>();

  const write = (app: string, dockerfile: string, files: Record<string, string> = {}) => {
    const dir = path.join(catalogDir, app);
    fs.mkdirSync(path.join(dir, 'app'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'compose.yml'), compose(app));
    fs.writeFileSync(path.join(dir, 'app', 'Dockerfile'), dockerfile);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'app', name), text);
  };

  beforeAll(async () => {
    env = makeTestEnv('b');
    catalogDir = path.join(env.root, 'catalog');
    write('built', `FROM ${BASE}\nCOPY built.txt /www/built.txt\n`, { 'built.txt': 'made by the engine\n' });
    write('broken', `FROM ${BASE}\nCOPY missing.txt /www/missing.txt\n`);
    const config = configSchema.parse({ ...env.config, catalogDirs: [catalogDir] });
    core = await createCore({ config, log: pino({ level: 'silent' }), shippedDir: TEST_CATALOG });
    expect(core.catalog.problems.filter((p) => p.file.startsWith(catalogDir))).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await env?.cleanup();
    // only the images this test built
    for (const ref of images) await env.engine.docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  });

  it('builds from the context, streams the output, tags by the context hash, and summons it healthy', async () => {
    const m = core.catalog.get('built')!;
    expect(m.web.image).toBe('summoner-build/built-web');
    const r = new RecordingReporter();
    const res = await core.services.summon('built', undefined, r);
    expect(res.status).toBe('summoned');
    const hash = readBuildContext(m.web.build!).hash;
    const ref = `summoner-build/built-web:${hash.slice(0, 16)}`;
    images.add(ref);
    expect(r.text()).toContain('building web from app/Dockerfile');
    expect(r.text()).toMatch(/web: Step 1\/\d : FROM 127\.0\.0\.1:5000\/summoner\/web:1\.0/);
    expect(r.text()).toContain(`built ${ref}`);
    const img = (await inspectImage(env.engine, ref))!;
    expect(img.labels['summoner.build-context']).toBe(hash);
    const c = (await inspectContainer(env.engine, `built-${env.domain}`))!;
    expect(c.state).toBe('running');
    expect(c.image).toBe(ref);

    // summoned again after a dismiss: the same context is not built again
    await core.services.dismiss('built', { purge: false }, new RecordingReporter());
    const again = new RecordingReporter();
    expect((await core.services.summon('built', undefined, again)).status).toBe('summoned');
    expect(again.text()).toContain(`${ref} is already built (its context is unchanged)`);
    expect(again.text()).not.toMatch(/Step 1\//);

    // a changed context is a new tag
    fs.writeFileSync(path.join(catalogDir, 'built', 'app', 'built.txt'), 'changed\n');
    expect(readBuildContext(m.web.build!).hash).not.toBe(hash);
  }, 180_000);

  it('a failing build fails the summon with the engine\'s message and leaves nothing running', async () => {
    const r = new RecordingReporter();
    const e = await core.services.summon('broken', undefined, r).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SummonerError);
    expect((e as SummonerError).code).toBe('build.failed');
    expect((e as SummonerError).message).toMatch(/missing\.txt/);
    expect(await inspectContainer(env.engine, `broken-${env.domain}`)).toBeUndefined();
  }, 120_000);

  it('refuses a context whose symlink leads out of the minion\'s folder, before the engine sees it', () => {
    const m = core.catalog.get('built')!;
    fs.symlinkSync('/etc/passwd', path.join(catalogDir, 'built', 'app', 'passwd'));
    try {
      expect(() => readBuildContext(m.web.build!)).toThrow(/passwd is a symlink leading outside the build context/);
    } finally {
      fs.rmSync(path.join(catalogDir, 'built', 'app', 'passwd'));
    }
  });
});
