// The real bot (src/main.ts through tsx) in a child process, for tests that kill it and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const main = path.join(root, 'src/main.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface BotProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string | null>;
}

export function startBot(o: { cwd: string; config: string; env: Record<string, string> }): BotProcess {
  const child = spawn(process.execPath, ['--import', tsx, main, '--config', o.config], {
    cwd: o.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, sig) => resolve(sig ?? code)));
  return { child, output: () => out, exited };
}

/** Waits (bounded) until `url` answers 200 (the bot's /healthz once the chat is connected); fails at once if the bot exits. */
export async function waitHealthy(url: string, bot: BotProcess, timeoutMs = 20_000): Promise<void> {
  let settled = false;
  const died = bot.exited.then((code) => {
    if (!settled) throw new Error(`the bot exited (${code}): ${bot.output().slice(-2000)}`);
  });
  const healthy = vi.waitFor(
    async () => {
      if (settled) return; // the bot died: stop asking
      const r = await fetch(url); // refused while not listening yet: waitFor retries
      if (r.status !== 200) throw new Error(`/healthz answered ${r.status}`);
    },
    { timeout: timeoutMs, interval: 100 },
  );
  try {
    await Promise.race([healthy, died]);
  } catch (e) {
    throw new Error(`the bot did not become healthy: ${(e as Error).message}\n${bot.output().slice(-2000)}`, { cause: e });
  } finally {
    settled = true;
    healthy.catch(() => undefined);
  }
}
