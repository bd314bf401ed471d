// Shared by the test/security files of the listeners: an app with one webhook on a recording chat, both
// listeners on free loopback ports, and raw sockets for the slow-client cases.
import net from 'node:net';
import { afterEach } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import pino from 'pino';
import { RecordingChat } from '../helpers/recording-chat.js';
import { tmpDir } from '../helpers/robot.js';

export const HOOK_SECRET = 'security-hook-secret-0123456789';

export async function startHookApp(http: Record<string, unknown> = {}, secrets: { metricsToken?: string } = {}): Promise<App> {
  const config = configSchema.parse({
    stateDir: tmpDir('summoner-sec-'),
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0', ...http },
    notify: { hooks: { gh: { source: 'github', secretEnv: 'X' } } },
  });
  const app = await createApp({ config, secrets: { hooks: { gh: HOOK_SECRET }, ...secrets }, log: pino({ level: 'silent' }), chat: new RecordingChat() });
  await app.start();
  return app;
}

/** `startHookApp` for one test file: every app it started is stopped after each test. */
export function hookApps(): typeof startHookApp {
  const apps: App[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.stop('test');
  });
  return async (...a) => {
    const app = await startHookApp(...a);
    apps.push(app);
    return app;
  };
}

/** A raw connection; resolves once connected. `closed` resolves when the server ends it, with what it said. */
export async function rawSocket(url: string): Promise<{ sock: net.Socket; said: () => string; closed: Promise<string> }> {
  const u = new URL(url);
  const sock = net.connect(Number(u.port), u.hostname);
  let data = '';
  sock.setEncoding('utf8');
  sock.on('data', (d: string) => (data += d));
  const closed = new Promise<string>((resolve) => sock.on('close', () => resolve(data)));
  sock.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', () => resolve());
    sock.once('error', reject);
  });
  return { sock, said: () => data, closed };
}
