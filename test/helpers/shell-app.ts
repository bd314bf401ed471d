// The whole bot on the shell adapter, with the test catalog and the real engine, for tests that drive it as a
// team does: `say` runs one command and returns what the shell printed for it.
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { createShellAdapter } from '../../adapters/shell/index.js';
import { createApp, type App } from '../../src/app.js';
import { createCore } from '../../src/core/boot.js';
import { makeTestEnv, TEST_CATALOG, type TestEnv } from './docker.js';

export interface ShellApp {
  env: TestEnv;
  app: App;
  say(text: string): Promise<string>;
  stop(): Promise<void>;
}

/** `tweak` changes the test environment's config (e.g. a catalog folder for `minion add`) before the bot starts. */
export async function startShellApp(prefix: string, tweak?: (config: TestEnv['config']) => void): Promise<ShellApp> {
  const env = makeTestEnv(prefix);
  tweak?.(env.config);
  let out = '';
  const output = new PassThrough();
  output.on('data', (d: Buffer) => (out += d.toString()));
  const shell = createShellAdapter({ input: new PassThrough(), output, login: 'tester' });
  const log = pino({ level: 'silent' });
  const core = await createCore({ config: env.config, log, shippedDir: TEST_CATALOG });
  const app = await createApp({ config: env.config, secrets: {}, log, chat: shell, core });
  await app.start();
  return {
    env,
    app,
    async say(text) {
      const before = out.length;
      await shell.runOnce(text);
      return out.slice(before);
    },
    async stop() {
      await app.stop('tests done');
      await env.cleanup();
    },
  };
}
