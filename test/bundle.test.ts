// The shipped entry point is a bundle (scripts/bundle.ts) of tsc's build: this builds both, from this tree,
// into a folder laid out like the repository and the image (package.json, minions/ and node_modules/ beside
// dist/), and runs the bundle as `npm start` does: the shell, a one-shot `--explain`, and the Mattermost
// adapter against our test server. Each loads code the bundle defers (natural through createRequire, the
// explain and Mattermost chunks, the catalog's validator), so a chunk or a package it cannot find fails here.
// The process's own life is checked here too, as `docker stop` sees it: `exit` with the input still open, a
// SIGTERM while the start runs, and one during a start that does not end.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SHIPPED_ENTRY, shippedNodeFlags } from '../bench/node-flags.js';
import { BUNDLED_PACKAGES, bundle } from '../scripts/bundle.js';
import { startTestServer, type TestServer } from './mattermost-server/index.js';

const root = path.resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** The bare specifiers (packages) the bundle's files import, statically or on first use. */
function importedPackages(dir: string): Set<string> {
  const found = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    // imported, or required by name (CommonJS packages our code loads through createRequire: `require2("ws")`,
    // `createRequire(import.meta.url)("@mattermost/client")`)
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\d*\s*\(\s*|\(import\.meta\.url\)\s*\(\s*)["']([^"'./][^"']*)["']/g)) {
      if (!m[1]!.startsWith('node:')) found.add(m[1]!.startsWith('@') ? m[1]!.split('/').slice(0, 2).join('/') : m[1]!.split('/')[0]!);
    }
  }
  return found;
}

describe('the shipped bundle', () => {
  let home: string;
  let entry: string;
  const children = new Set<ChildProcess>();

  /** Runs the bundle with the shipped flags in `home`; output (stdout and stderr) collected. */
  function run(args: string[], env: Record<string, string> = {}): { child: ChildProcess; out: () => string; closed: Promise<number | null> } {
    const child = spawn(process.execPath, [...shippedNodeFlags(), entry, ...args], { cwd: home, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env } });
    children.add(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
    return { child, out: () => out, closed };
  }

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-bundle-'));
    for (const f of ['package.json', 'minions', 'node_modules']) fs.symlinkSync(path.join(root, f), path.join(home, f));
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', path.join(home, 'dist')], { timeout: 170_000 }, (err, stdout) =>
        err ? reject(new Error(`tsc: ${err.message}\n${stdout}`)) : resolve(),
      ),
    );
    await bundle(path.join(home, 'dist'));
    entry = path.join(home, SHIPPED_ENTRY);
    fs.writeFileSync(path.join(home, 'summoner.yml'), `stateDir: ${path.join(home, 'state')}\nengine:\n  socket: /nonexistent/docker.sock\n`);
  }, 180_000);

  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it("keeps main.ts's first line (the bin's flags) and bundles only the packages the start loads", () => {
    expect(fs.readFileSync(entry, 'utf8').split('\n')[0]).toBe(fs.readFileSync(path.join(root, 'src/main.ts'), 'utf8').split('\n')[0]);
    const imported = importedPackages(path.dirname(entry));
    for (const p of BUNDLED_PACKAGES) expect(imported, `${p} is inside the bundle`).not.toContain(p);
    // loaded on first use or native: still packages, resolved from node_modules beside dist/
    for (const p of ['@mattermost/client', 'better-sqlite3', 'ws']) expect(imported).toContain(p);
  });

  it('answers in the shell, with what it loads on first use', async () => {
    const shell = run([]);
    await vi.waitFor(() => expect(shell.out()).toContain('summoner> '), { timeout: 30_000, interval: 20 });
    shell.child.stdin!.write('explain sumon wekan\n');
    await vi.waitFor(() => expect(shell.out()).toContain('`summon wekan`'), { timeout: 15_000, interval: 20 });
    shell.child.stdin!.write('lsit\n'); // a near-miss (natural's distance), and the catalog read and checked
    await vi.waitFor(() => expect(shell.out()).toMatch(/\*\*wekan\*\* v[\d.]+/), { timeout: 15_000, interval: 20 });
    shell.child.stdin!.write('exit\n');
    expect(await shell.closed).toBe(0);
    expect(shell.out()).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
  }, 60_000);

  it('is ASCII only, and reads the characters its regular expressions were written with as before', async () => {
    // (one non-ASCII character makes V8 keep a whole chunk's source as two-byte text: scripts/bundle.ts's asciiOnly)
    for (const f of fs.readdirSync(path.dirname(entry)).filter((n) => n.endsWith('.js'))) {
      expect(fs.readFileSync(path.join(path.dirname(entry), f), 'utf8'), f).not.toMatch(/[^\x00-\x7f]/);
    }
    // the same readings and answers as tsc's build, which keeps the characters as written: « quelqu’un sait si… »
    // is `backups ghost` only through a regular expression literal's curly apostrophe (addressing.ts; with it
    // written otherwise the sentence reads as no request), and the second answer holds accents and an emoji
    for (const text of ['quelqu’un sait si ghost a été sauvegardé ?', 'ghost est en panne 😒 redémarre-le', 'salut summoner ! sauvegarde ghost stp 🙏']) {
      const bundled = run(['--explain', text]);
      const plain = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [path.join(home, 'dist/src/main.js'), '--explain', text], { cwd: home }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
      );
      expect(await bundled.closed).toBe(0);
      expect(JSON.parse(bundled.out().trim()), text).toEqual(JSON.parse(plain.trim()));
    }
  }, 60_000);

  it('prints what it would run with --explain, as one JSON line', async () => {
    const one = run(['--explain', 'please back up everything']);
    expect(await one.closed).toBe(0);
    expect(JSON.parse(one.out().trim())).toMatchObject({ command: 'backup', canonical: 'backup all', confirm: false });
  }, 30_000);

  describe('with Mattermost', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(async () => {
      await server?.close();
    });

    it('connects through its Mattermost chunk, answers a post, and stops as asked, even during its start', async () => {
      const team = server.createTeam('bundle');
      const bot = server.createUser('summoner', { bot: true });
      const alice = server.createUser('alice');
      const ops = server.createChannel(team.id, 'ops');
      for (const u of [bot, alice]) {
        server.addToTeam(team.id, u.id);
        server.addToChannel(ops.id, u.id);
      }
      fs.writeFileSync(
        path.join(home, 'mm.yml'),
        `stateDir: ${path.join(home, 'state-mm')}\nengine:\n  socket: /nonexistent/docker.sock\nhttp:\n  listen: 127.0.0.1:0\n  internalListen: 127.0.0.1:0\n` +
          `mattermost:\n  url: ${server.url}\n  team: ${team.name}\n  channels: [ops]\nchannels:\n  ops: ops\n`,
      );
      const before = server.sockets();
      const bot$ = run(['--config', path.join(home, 'mm.yml')], { SUMMONER_MATTERMOST_TOKEN: bot.token });
      await vi.waitFor(() => expect(server.sockets()).toBeGreaterThan(before), { timeout: 30_000, interval: 20 });
      server.post(alice.id, ops.id, '@summoner ping');
      const reply = await server.waitFor(() => server.posts(ops.id).find((p) => p.user_id === bot.id && /pong/i.test(p.message)), 15_000);
      expect(reply.message).toMatch(/pong/i);
      bot$.child.kill('SIGTERM');
      expect(await bot$.closed).toBe(0);
      expect(bot$.out()).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);

      // `docker stop` as soon as the chat is live, while the start still runs: a graceful stop (exit 0), not
      // the signal's default action (the process killed, a command in flight with it)
      const early = server.sockets();
      const again = run(['--config', path.join(home, 'mm.yml')], { SUMMONER_MATTERMOST_TOKEN: bot.token });
      await vi.waitFor(() => expect(server.sockets()).toBeGreaterThan(early), { timeout: 30_000, interval: 1 });
      again.child.kill('SIGTERM');
      expect(await again.closed).toBe(0);

      // a start that does not end (a server that takes the connection and never answers) does not hold a
      // stop past the bound: exit 1, saying why
      const held: net.Socket[] = [];
      const silent = net.createServer((sock) => void held.push(sock));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
      const port = (silent.address() as net.AddressInfo).port;
      fs.writeFileSync(path.join(home, 'silent.yml'), fs.readFileSync(path.join(home, 'mm.yml'), 'utf8').replace(server.url, `http://127.0.0.1:${port}`));
      const stuck = run(['--config', path.join(home, 'silent.yml')], { SUMMONER_MATTERMOST_TOKEN: bot.token });
      await vi.waitFor(() => expect(held.length).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
      stuck.child.kill('SIGTERM');
      expect(await stuck.closed).toBe(1);
      expect(stuck.out()).toContain('SIGTERM during a start that did not end within 5 s: exiting');
      for (const sock of held) sock.destroy();
      silent.close();
    }, 90_000);
  });
});
