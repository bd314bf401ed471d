// The real bot (src/main.ts through tsx) in a child process, for tests that kill it and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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

/** Polls `url` until it answers 200 (the bot's /healthz once the chat is connected). */
export async function waitHealthy(url: string, bot: BotProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (bot.child.exitCode !== null) throw new Error(`the bot exited: ${bot.output().slice(-2000)}`);
    try {
      const r = await fetch(url);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the bot did not become healthy: ${bot.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
