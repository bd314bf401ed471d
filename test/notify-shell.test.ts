// The shell's one-shot form does one command and nothing else: with hooks and jobs configured (and a bot
// already holding the port), `summoner ping` neither listens, nor delivers owed notifications, nor runs jobs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openOutboxStore } from '../src/notify/outbox-store.js';
import { freePort } from './helpers/bot-process.js';
import { openTestStore, tmpDir } from './helpers/robot.js';

const root = path.resolve(import.meta.dirname, '..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('one-shot shell with the notification center configured', () => {
  it('runs the command only', async () => {
    const dir = tmpDir('summoner-oneshot-');
    const port = await freePort();
    const busy = net.createServer().listen(port, '127.0.0.1'); // a running bot holds the port
    await new Promise((r) => busy.once('listening', r));
    const stateDir = path.join(dir, 'state');
    // a notification owed to Mattermost from an earlier run
    const store = openTestStore(stateDir);
    const ob = openOutboxStore(store.sqlite);
    ob.accept('x:1', [{ lane: 'ops', kind: 'post', data: JSON.stringify({ kind: 'post', channel: 'ops', out: { text: 'owed to mattermost' } }), recipe: 'r' }]);
    await ob.committed();
    store.close();
    fs.writeFileSync(
      path.join(dir, 'summoner.yml'),
      [
        `stateDir: ${stateDir}`,
        `http: { listen: "127.0.0.1:${port}" }`,
        'notify:',
        '  hooks: { gh: { source: github, secretEnv: HOOK } }',
        'schedules:',
        '  - { name: every-second, cron: "* * * * * *", command: "whoami" }', // a real command: the config's jobs are checked at load
        '',
      ].join('\n'),
    );
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, ['--import', tsx, path.join(root, 'src/main.ts'), '--config', path.join(dir, 'summoner.yml'), 'ping'], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, HOOK: 'secret' },
      });
      let out = '';
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr.on('data', (d: Buffer) => (out += d.toString()));
      c.on('close', (code) => resolve({ code, out }));
    });
    busy.close();
    expect(r.code).toBe(0);
    expect(r.out).toContain('pong');
    expect(r.out).not.toContain('owed to mattermost');
    expect(r.out).not.toContain('You are');
    const after = openTestStore(stateDir);
    expect(openOutboxStore(after.sqlite).counts()).toEqual({ pending: 1 }); // still owed
    after.close();
  }, 30_000);
});
