// The running bot's control socket (src/control): `summoner <command…>` in a second process runs its command
// in the bot, as the host's shell, with the bot's audit; its posts (progress edits too) come back as they are
// made, and the exit code is the command's outcome. Real robot, real store, real Unix socket.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { runThroughBot } from '../src/control/client.js';
import { controlSocketPath } from '../src/control/protocol.js';
import { createControlServer, type ControlServer } from '../src/control/server.js';
import { openTestStore, testBot, type TestBot, tmpDir } from './helpers/robot.js';

interface Rig extends TestBot {
  control: ControlServer;
  socket: string;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.control.close();
});

async function rig(): Promise<Rig> {
  const dir = tmpDir('summoner-control-');
  const bot = await testBot({ dir, store: openTestStore(dir) });
  const socket = controlSocketPath(dir);
  const control = createControlServer({ socketPath: socket, chat: bot.chat, confirmTimeoutS: 5, log: pino({ level: 'silent' }) });
  bot.robot.attach(control.chat);
  await control.listen(bot.robot);
  const r = { ...bot, control, socket };
  rigs.push(r);
  return r;
}

/** `summoner <text>` through the socket, with `stdin` as what the user types (undefined: end of input at once). */
async function run(socket: string, text: string, stdin?: string): Promise<{ code: number | undefined; out: string; err: string }> {
  const input = new PassThrough();
  if (stdin !== undefined) input.end(stdin);
  else input.end();
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => (e += d.toString()));
  const code = await runThroughBot(socket, text, { stdin: input, stdout: out, stderr: err, login: 'ops' });
  return { code, out: o, err: e };
}

describe('the control socket', () => {
  it('is owner-only in the state folder', async () => {
    const r = await rig();
    expect(r.socket).toBe(path.join(r.dir, 'control.sock'));
    const st = fs.statSync(r.socket);
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
  });

  it("runs the command in the bot as the host's shell, with the bot's audit, and exits 0", async () => {
    const r = await rig();
    const res = await run(r.socket, 'whoami');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/ops/);
    expect(res.out).toMatch(/shell:ops/);
    const row = r.store.history(1)[0]!;
    expect(row).toMatchObject({ userId: 'shell:ops', source: 'shell', command: 'whoami', outcome: 'ok' });
    // nothing went to the bot's chat
    expect(r.chat.posts).toEqual([]);
  });

  it('streams progress edits back as they are made', async () => {
    const r = await rig();
    const res = await run(r.socket, 'work');
    expect(res.code).toBe(0);
    const lines = res.out.trim().split('\n');
    expect(lines[0]).toBe('starting');
    // each edit adds its new lines, as a log: no line is printed twice
    expect(lines.some((l) => /^step \d+\/20$/.test(l))).toBe(true);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.at(-1)).toBe('all 20 steps done');
  });

  it('exits 1 when the command fails, is unknown or is refused', async () => {
    const r = await rig();
    const failed = await run(r.socket, 'explode coded');
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/the Docker engine does not answer/);
    expect((await run(r.socket, 'frobnicate')).code).toBe(1);
    expect(r.store.history(2).map((h) => h.outcome)).toEqual(['unknown', 'error']);
  });

  it('asks for a destructive command: a typed yes runs it (exit 0), end of input cancels it (exit 1)', async () => {
    const r = await rig();
    const yes = await run(r.socket, 'dismiss ghost', 'yes\n');
    expect(yes.out).toMatch(/destructive/);
    expect(yes.out).toMatch(/dismissed ghost/);
    expect(yes.code).toBe(0);
    expect(r.calls).toEqual(['dismiss ghost']);

    const none = await run(r.socket, 'dismiss wekan');
    expect(none.out).toMatch(/Cancelled `dismiss wekan`/);
    expect(none.code).toBe(1);
    expect(r.calls).toEqual(['dismiss ghost']);
    const rows = r.store.history(10).filter((h) => h.text.startsWith('dismiss'));
    expect(rows.map((h) => h.outcome)).toEqual(['declined', 'ok']);
  });

  it('answers undefined where no bot listens (no socket, or the socket of a dead bot), and a new bot replaces a stale socket', async () => {
    const dir = tmpDir('summoner-control-');
    const socket = controlSocketPath(dir);
    expect(await run(socket, 'ping')).toMatchObject({ code: undefined });
    // a socket file nobody listens on: a bot killed with -9 (no chance to remove it)
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((r) => child.stdout!.once('data', r));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(fs.existsSync(socket)).toBe(true);
    expect(await run(socket, 'ping')).toMatchObject({ code: undefined });

    const bot = await testBot({ dir, store: openTestStore(dir) });
    const control = createControlServer({ socketPath: socket, chat: bot.chat, confirmTimeoutS: 5, log: pino({ level: 'silent' }) });
    bot.robot.attach(control.chat);
    await control.listen(bot.robot);
    rigs.push({ ...bot, control, socket });
    const res = await run(socket, 'ping');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/pong/);
  });

  it('leaves a live bot\'s socket alone', async () => {
    const r = await rig();
    const other = createControlServer({ socketPath: r.socket, chat: r.chat, confirmTimeoutS: 5, log: pino({ level: 'silent' }) });
    await other.listen(r.robot);
    await other.close();
    // the first bot still answers
    expect((await run(r.socket, 'ping')).code).toBe(0);
  });
});
