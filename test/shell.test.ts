// The README's way in: the real entry point, in a child process, with the shell adapter.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './helpers/main-process.js';
import { tmpDir } from './helpers/robot.js';

const run = runMain;

describe('shell adapter through the real entry point', () => {
  it('runs one command and exits (one-shot form for scripts)', async () => {
    const r = await run(['statsu']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('(read as `status`)');
    expect(r.out).toMatch(/\*\*Summoner \d+\.\d+\.\d+\*\*, up \d+s/);
    expect(r.out).toContain('Chat: shell, healthy');
  });

  it('says when no running bot answers on the control socket, and runs the command itself', async () => {
    const cwd = tmpDir('summoner-shell-');
    const r = await run(['ping'], { cwd });
    expect(r.code).toBe(0);
    expect(r.err).toBe(`summoner: no running bot answers on ${fs.realpathSync(cwd)}/state/control.sock: running the command in this process (it does not join a bot's per-app queue)\n`);
    expect(r.out).toContain('pong');
  });

  it('exits non-zero when the one-shot command fails', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.out).toContain("I don't know the command `frobnicate`");
  });

  it('opens a prompt that takes the same commands as chat, until exit', async () => {
    const r = await run([], { input: 'help\nstatsu\nwhoami\nsumon wekn\nlist\nexit\n' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Summoner shell. Type `help`');
    expect(r.out).toContain('**Commands you can run** (27)');
    expect(r.out).toContain('`summon <app> [version]`');
    // the shipped catalog is loaded: a near-miss on the verb is read, one on the app is only proposed (asked, not run)
    expect(r.out).toContain('Did you mean **summon wekan**? I am not sure enough to run it on my own.');
    const shipped = fs.readdirSync(path.resolve('minions'), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
    expect(r.out).toMatch(new RegExp(`${shipped} apps in the catalog:[\\s\\S]*\\*\\*wekan\\*\\*`));
    expect(r.out).toContain('(read as `status`)');
    expect(r.out).toMatch(/You are @\S+, user id `shell:/);
    expect(r.out).toContain('no summoner.yml found');
  });

  it('keeps its audit across runs in the state folder', async () => {
    const cwd = tmpDir('summoner-shell-');
    await run(['ping'], { cwd });
    const r = await run(['history', '5'], { cwd });
    expect(r.out).toContain('`ping` | ok |');
    expect(fs.statSync(path.join(cwd, 'state/summoner.db')).mode & 0o777).toBe(0o600);
  }, 90_000); // two starts of the real entry point: 12-17 s each under load 40-50 on the 2-core machine

  it('stops on a bad config with one line naming the key, and no stack trace', async () => {
    const cwd = tmpDir('summoner-shell-');
    fs.writeFileSync(path.join(cwd, 'summoner.yml'), 'domain: example.org\nmattermost:\n  url: https://chat.example.org\n  teem: ops\n');
    const r = await run(['status'], { cwd });
    expect(r.code).toBe(2);
    expect(r.err).toBe('summoner: config error: summoner.yml: unknown key mattermost.teem (check its spelling; see summoner.example.yml)\n');
    expect(r.out).toBe('');
  });
});
