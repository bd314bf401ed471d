// The process under test for bench:commands, run apart from the Mattermost test server so that the bot's CPU
// does not slow the server it talks to (as in production). ROLE=echo is the bare @mattermost/client floor;
// ROLE=summoner is the real app: robot, audit, adapter. Prints "ready" once listening; stops on SIGTERM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mattermostClient from '@mattermost/client';
import pino from 'pino';
import WebSocket from 'ws';
import { ensureWebSocketGlobals } from '../adapters/mattermost/globals.js';
import { createApp } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';

const { Client4, WebSocketClient } = mattermostClient;
const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const url = env('MM_URL');
const token = env('MM_TOKEN');
const botId = env('MM_BOT_ID');
// @mattermost/client logs with console.log; the parent reads "ready" on stdout, so keep stdout for that.
console.log = () => undefined;

async function echo(): Promise<() => Promise<void>> {
  ensureWebSocketGlobals();
  const rest = new Client4();
  rest.setUrl(url);
  rest.setToken(token);
  const ws = new WebSocketClient({
    newWebSocketFn: (u: string) => new WebSocket(u, { headers: { Authorization: `Bearer ${token}` } }) as unknown as globalThis.WebSocket,
  });
  ws.addMissedMessageListener(() => undefined);
  ws.addMessageListener((msg: any) => {
    if (msg.event !== 'posted') return;
    const p = JSON.parse(msg.data.post);
    if (p.user_id === botId) return;
    void rest.createPost({ channel_id: p.channel_id, root_id: p.root_id || p.id, message: 'pong' } as never);
  });
  ws.initialize(url.replace(/^http/, 'ws') + '/api/v4/websocket');
  return async () => ws.close();
}

async function summoner(): Promise<() => Promise<void>> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-bench-'));
  const config = configSchema.parse({
    domain: 'bench.example.org',
    stateDir,
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
    mattermost: { url, team: env('MM_TEAM'), channels: env('MM_CHANNELS').split(',') },
    channels: { ops: env('MM_CHANNELS').split(',')[0] },
  });
  const app = await createApp({ config, secrets: { mattermostToken: token }, log: pino({ level: process.env.BENCH_LOG ?? 'silent' }, pino.destination(2)) });
  await app.start();
  return async () => {
    await app.stop('bench done');
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
}

const stop = await (env('ROLE') === 'echo' ? echo() : summoner());
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void stop().finally(() => process.exit(0));
});
