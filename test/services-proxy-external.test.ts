// `proxy: external`: another proxy (nginx-proxy + acme-companion, Traefik) serves the minions. Through the
// real composition (createCore), a summoned minion carries the conventional variables, and Summoner creates
// no nginx container, no proxy files and no certificates.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../src/config/schema.js';
import { createCore, type Core } from '../src/core/boot.js';
import { inspectContainer } from '../src/core/engine/index.js';
import { RecordingReporter, engineAvailable, makeTestEnv, registryAvailable, silentLog, type TestEnv, TEST_CATALOG } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

run('proxy: external', () => {
  let env: TestEnv;
  let config: Config;
  let core: Core;

  beforeAll(async () => {
    env = makeTestEnv('pxext');
    config = configSchema.parse({ ...env.config, proxy: { mode: 'external' }, certificates: { email: 'ops@example.org' } });
    core = await createCore({ config, log: silentLog(), shippedDir: TEST_CATALOG });
  });
  afterAll(async () => {
    await core?.edge.stop();
    await env?.cleanup();
  });

  it('deploys the minion with VIRTUAL_HOST, VIRTUAL_PORT, LETSENCRYPT_HOST, LETSENCRYPT_EMAIL and touches no nginx', async (ctx) => {
    if (!(await registryAvailable())) ctx.skip(); // the test catalog's web minion comes from the local registry
    expect(core.edge.mode).toBe('external');
    await core.edge.start();
    const res = await core.services.summon('web', undefined, new RecordingReporter());
    expect(res.status).toBe('summoned');
    const inspect = await env.engine.docker.getContainer(`web-${env.domain}`).inspect();
    const vars = Object.fromEntries((inspect.Config.Env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    expect(vars).toMatchObject({
      VIRTUAL_HOST: `web.${env.domain}`,
      VIRTUAL_PORT: '8080',
      LETSENCRYPT_HOST: `web.${env.domain}`,
      LETSENCRYPT_EMAIL: 'ops@example.org',
    });
    // on the shared network, where an external proxy finds it
    expect(Object.keys(inspect.NetworkSettings.Networks)).toContain(config.engine.proxyNetwork);
    expect(await inspectContainer(env.engine, `proxy-${env.domain}`)).toBeUndefined();
    const withLabel = await env.engine.docker.listContainers({ all: true, filters: { label: [`summoner.proxy=${env.domain}`] } });
    expect(withLabel).toEqual([]);
    expect(fs.existsSync(path.join(config.stateDir, 'proxy'))).toBe(false);
    expect(fs.existsSync(path.join(config.stateDir, 'acme'))).toBe(false);
    expect(await core.describe()).toContain('; proxy external (VIRTUAL_HOST / LETSENCRYPT_HOST on the minions)');
    await core.services.dismiss('web', { purge: false }, new RecordingReporter());
  }, 60_000);
});
