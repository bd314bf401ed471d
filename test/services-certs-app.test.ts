// The whole composition with a managed proxy: createCore (edge through the deploy hooks) + createApp with a
// recording chat. The bot starts the proxy itself after its start-up reconcile; summoning the test catalog's
// web app gets a Pebble certificate through nginx, and issuance and renewal are posted in the ops channel.
import path from 'node:path';
import https from 'node:https';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import type { Config } from '../src/config/schema.js';
import { createCore, type Core } from '../src/core/boot.js';
import { inspectContainer } from '../src/core/engine/index.js';
import { RecordingReporter, engineAvailable, freePort, makeTestEnv, registryAvailable, silentLog, waitFor, type TestEnv, TEST_CATALOG } from './helpers/docker.js';
import { pebbleAvailable, pebbleConfig, startChallTestSrv, startPebble, type Pebble } from './helpers/pebble.js';
import { RecordingChat } from './helpers/recording-chat.js';

const run = engineAvailable() && pebbleAvailable() ? describe : describe.skip;

run('certificates through the whole bot (createCore + createApp)', () => {
  let env: TestEnv;
  let config: Config;
  let core: Core;
  let app: App;
  let pebble: Pebble;
  let dns: { address: string; stop(): Promise<void> };
  const chat = new RecordingChat();
  let httpsPort = 0;
  // the app's warnings and errors, kept: a proxy that fails to start says why in the failure, at once
  const appLog: { level: number; msg: string; err?: unknown }[] = [];
  const opsTexts = () => chat.posts.filter((p) => p.channelId === config.channels.ops).map((p) => p.out.text ?? '');

  beforeAll(async () => {
    env = makeTestEnv('acmeapp');
    const httpPort = await freePort();
    httpsPort = await freePort();
    dns = await startChallTestSrv();
    pebble = await startPebble({ dir: path.join(env.root, 'pebble'), httpPort, dnsServer: dns.address, validityS: 30 });
    // the bot's own resolver cannot know the test names (Pebble's DNS can); the self-probe through the proxy still runs
    config = pebbleConfig(env.config, pebble, { httpPort, httpsPort }, { skipDnsCheck: true });
    core = await createCore({ config, log: silentLog(), shippedDir: TEST_CATALOG });
    const sink = { write: (line: string) => void appLog.push(JSON.parse(line) as (typeof appLog)[number]) };
    app = await createApp({ config, secrets: {}, log: pino({ level: 'warn' }, sink), chat, core });
    await app.start();
  }, 90_000);
  afterAll(async () => {
    await app?.stop('tests done');
    await pebble?.stop();
    await dns?.stop();
    await env?.cleanup();
  });

  it('the bot starts the proxy itself; a summon gets a certificate; issuance and renewal are posted in ops', async (ctx) => {
    if (!(await registryAvailable())) ctx.skip(); // the test catalog's web app comes from the local registry
    expect(core.edge.mode).toBe('managed');
    // started by app.start (after the reconcile), before any summon
    // the event meant: the proxy container running, or the bot's own line saying it did not start
    await waitFor(async () => {
      const failed = appLog.find((l) => l.msg === 'the proxy did not start');
      if (failed) throw new Error(`the proxy did not start: ${JSON.stringify(failed)}`);
      return (await inspectContainer(env.engine, `proxy-${env.domain}`))?.state === 'running';
    }, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}; the app's warnings and errors: ${JSON.stringify(appLog).slice(0, 2000)}`);
    });

    const r = new RecordingReporter();
    const res = await core.services.summon('web', undefined, r);
    expect(res.status).toBe('summoned');
    const host = `web.${env.domain}`;
    await waitFor(async () => opsTexts().find((t) => t.startsWith(`:lock: Certificate for ${host} issued`)), 10_000);

    const root = await pebble.root();
    const status = await new Promise<number>((resolve, reject) =>
      https
        .get({ host: '127.0.0.1', port: httpsPort, servername: host, headers: { Host: host }, ca: root, agent: false, path: '/' }, (res2) => {
          res2.resume();
          resolve(res2.statusCode ?? 0);
        })
        .on('error', reject),
    );
    expect(status).toBe(200);
    expect(await core.describe()).toContain(`; proxy proxy-${env.domain} running (1 site(s), ports ${config.proxy.httpPort}/${httpsPort}, ACME)`);

    // 30 s certificates: renewed by the scheduled check after 20 s, and said in ops
    await waitFor(async () => opsTexts().find((t) => t.startsWith(`:lock: Certificate for ${host} renewed`)), 45_000, 500);
  }, 90_000);
});
