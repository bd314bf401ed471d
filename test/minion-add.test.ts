// `minion add|show|remove` through a real robot, with compose files served by a local HTTP server and read from
// host folders: what is proposed is what is written (0644, atomically, into the first catalogDirs folder), the
// catalog reloads, and every unsafe or broken source is refused with why, leaving nothing behind.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import minionCommand from '../commands/minion.js';
import { builtinCommands } from '../commands/index.js';
import { loadCatalog } from '../src/core/catalog/index.js';
import { liveCatalog, type LiveCatalog } from '../src/core/catalog/live.js';
import { createCustomMinions, type CustomMinions } from '../src/core/custom-minions.js';
import { SummonerError } from '../src/errors.js';
import { testBot, tmpDir, type TestBot } from './helpers/robot.js';

const SHIPPED = path.resolve(import.meta.dirname, '../minions');
const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/compose');
const KUMA = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/compose/uptime-kuma/compose.yml'), 'utf8');
const BAD = `services:
  web:
    image: nginx:1.27.3
    privileged: true
    cap_add: [SYS_ADMIN]
    volumes: ['/var/run/docker.sock:/var/run/docker.sock']
    ports: ['8080:80']
`;

let server: http.Server;
let base: string;
let changing = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(body);
    };
    switch (req.url) {
      case '/kuma.yml':
        return send(200, KUMA);
      case '/moved':
        return send(302, '', { location: '/kuma.yml' });
      case '/to-file':
        return send(302, '', { location: 'file:///etc/passwd' });
      case '/big':
        return send(200, `services:\n${'#'.repeat(300 * 1024)}\n`);
      case '/html':
        return send(200, '<html><body>Not found</body></html>', { 'content-type': 'text/html' });
      case '/bad.yml':
        return send(200, BAD);
      case '/changing':
        return send(200, KUMA.replace('restart: unless-stopped', `restart: unless-stopped # ${changing++}`));
      case '/slow':
        return; // never answers
      default:
        return send(404, 'no');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let dir: string;
let catalogDir: string;
let hostRoot: string;
let catalog: LiveCatalog;
let summoned: Set<string>;
let minions: CustomMinions;
let bot: TestBot | undefined;

beforeEach(() => {
  dir = tmpDir('summoner-minion-add-');
  catalogDir = path.join(dir, 'catalog');
  hostRoot = path.join(dir, 'host');
  fs.mkdirSync(catalogDir);
  fs.mkdirSync(hostRoot);
  catalog = liveCatalog(() => loadCatalog([{ dir: SHIPPED, origin: 'shipped' }, { dir: catalogDir, origin: 'custom' }]));
  summoned = new Set();
  minions = createCustomMinions({ catalogDirs: [catalogDir], pathRoots: [hostRoot], catalog, deployed: async (n) => summoned.has(n), timeoutMs: 10_000 });
});
afterEach(async () => {
  await bot?.robot.stop?.();
  bot = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SummonerError);
  return e as SummonerError;
};
const entries = () => fs.readdirSync(catalogDir);

describe('minion add from chat', () => {
  it('proposes with the notes and the services, writes exactly that file after yes, and the catalog sees it', async () => {
    bot = await testBot({ commands: [...builtinCommands, minionCommand], services: { minions, catalog } });
    await bot.chat.say(`minion add kuma ${base}/kuma.yml`);
    const proposal = bot.chat.texts().at(-1)!;
    expect(proposal).toContain('add the minion **kuma**');
    expect(proposal).toContain('- uptime-kuma (web, port 3001');
    expect(proposal).toMatch(/floating tag/); // the warnings are shown before anything is written
    expect(entries()).toEqual([]);
    await bot.chat.say('yes');
    expect(bot.chat.texts().at(-1)).toContain(':white_check_mark: kuma is in the catalog');
    const file = path.join(catalogDir, 'kuma', 'compose.yml');
    expect(fs.readFileSync(file, 'utf8')).toBe(KUMA);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(path.join(catalogDir, 'kuma'))).toEqual(['compose.yml']); // no temporary file left
    expect(catalog.get('kuma')?.web.service).toBe('uptime-kuma');

    await bot.chat.say('minion show kuma');
    const shown = bot.chat.texts().at(-1)!;
    expect(shown).toContain('image: louislam/uptime-kuma:2');
    expect(shown).toContain('data:/app/data');
    expect(shown).toMatch(/`services\.uptime-kuma\.volumes\[0\]`: normalised: the bind mount \.\/data became the named volume data/);

    await bot.chat.say('minion remove kuma');
    expect(bot.chat.texts().at(-1)).toContain('remove the custom minion **kuma**');
    expect(catalog.get('kuma')).toBeDefined();
    await bot.chat.say('yes');
    expect(catalog.get('kuma')).toBeUndefined();
    const [aside] = entries();
    expect(aside).toMatch(/^\.kuma\.removed-/);
    expect(fs.readFileSync(path.join(catalogDir, aside!, 'compose.yml'), 'utf8')).toBe(KUMA); // kept, not deleted
  });

  it('takes the compose file attached to the message: the staged text is written after yes; two files or none are refused', async () => {
    bot = await testBot({ commands: [...builtinCommands, minionCommand], services: { minions, catalog } });
    const file = (name: string, text: string) => ({ id: `f${name.length}`.padEnd(26, '0'), name, text });
    await bot.chat.say('minion add kuma', { attachments: [file('a.yml', KUMA), file('bb.yml', KUMA)] });
    expect(bot.chat.texts().at(-1)).toContain('2 files are attached: attach only the compose file');
    await bot.chat.say('minion add kuma');
    expect(bot.chat.texts().at(-1)).toContain('or attach it to the message');
    await bot.chat.say('minion add bad', { attachments: [file('bad.yml', BAD)] });
    expect(bot.chat.texts().at(-1)).toMatch(/the file does not load \(\d+ problems\)[\s\S]*privileged/);
    expect(entries()).toEqual([]);

    await bot.chat.say('minion add kuma', { attachments: [file('compose.yaml', KUMA)] });
    expect(bot.chat.texts().at(-1)).toContain('from the attached file compose.yaml');
    // the confirmation carries no file: what was shown is what is written
    await bot.chat.say('yes');
    expect(bot.chat.texts().at(-1)).toContain(':white_check_mark: kuma is in the catalog');
    expect(fs.readFileSync(path.join(catalogDir, 'kuma', 'compose.yml'), 'utf8')).toBe(KUMA);
    // a source named in the command wins over an attachment
    await bot.chat.say(`minion add kuma2 ${base}/kuma.yml`, { attachments: [file('bad.yml', BAD)] });
    expect(bot.chat.texts().at(-1)).toContain(`from ${base}/kuma.yml`);
  });

  it('is for admins only', async () => {
    bot = await testBot({ commands: [...builtinCommands, minionCommand], services: { minions, catalog } });
    await bot.chat.say(`minion add kuma ${base}/kuma.yml`, { userId: 'u-op', userName: 'olga' });
    expect(bot.chat.texts().at(-1)).toMatch(/may not|admins/);
    expect(entries()).toEqual([]);
  });

  it('follows a redirect to http(s) only, and refuses what cannot be a compose file', async () => {
    expect((await minions.stage('kuma', `${base}/moved`)).text).toBe(KUMA);
    expect((await refusal(minions.stage('a', `${base}/to-file`))).message).toMatch(/redirects to a file URL: refused/);
    expect((await refusal(minions.stage('a', 'file:///etc/passwd'))).message).toMatch(/only https and http/);
    expect((await refusal(minions.stage('a', 'ftp://example.org/x.yml'))).message).toMatch(/only https and http/);
    expect((await refusal(minions.stage('a', 'http://user:pw@127.0.0.1/x.yml'))).message).toMatch(/credentials/);
    expect((await refusal(minions.stage('a', `${base}/big`))).message).toMatch(/too large/);
    expect((await refusal(minions.stage('a', `${base}/html`))).message).toMatch(/top level must be a mapping/);
    expect((await refusal(minions.stage('a', `${base}/nothere`))).message).toMatch(/answered 404/);
    const quick = createCustomMinions({ catalogDirs: [catalogDir], pathRoots: [], catalog, deployed: async () => false, timeoutMs: 300 });
    const slow = await refusal(quick.stage('a', `${base}/slow`));
    expect(slow.code).toBe('minion.source_unreadable');
    expect(slow.message).toMatch(/did not answer within/);
    expect(entries()).toEqual([]);
  });

  it('reports every problem of a file at once and writes nothing', async () => {
    const e = await refusal(minions.stage('bad', `${base}/bad.yml`));
    expect(e.code).toBe('minion.invalid');
    expect(e.message).toMatch(/3 problems/);
    for (const key of ['services.web.privileged', 'services.web.cap_add', 'services.web.volumes[0]']) expect(e.message).toContain(key);
    expect(entries()).toEqual([]);
  });

  it('writes only what was shown: a file that changed since the proposal is refused', async () => {
    await minions.stage('kuma', `${base}/changing`);
    const e = await refusal(minions.add('kuma', `${base}/changing`));
    expect(e.code).toBe('minion.changed');
    expect(entries()).toEqual([]);
    // and nothing is written without a proposal
    expect((await refusal(minions.add('other', `${base}/kuma.yml`))).code).toBe('minion.changed');
  });

  it('reads a host path only under minionAdd.pathRoots, symlinks resolved', async () => {
    fs.writeFileSync(path.join(hostRoot, 'compose.yml'), KUMA);
    expect((await minions.stage('kuma', path.join(hostRoot, 'compose.yml'))).text).toBe(KUMA);
    fs.writeFileSync(path.join(dir, 'outside.yml'), KUMA);
    expect((await refusal(minions.stage('a', path.join(dir, 'outside.yml')))).message).toMatch(/outside the folders/);
    fs.symlinkSync(path.join(dir, 'outside.yml'), path.join(hostRoot, 'link.yml'));
    expect((await refusal(minions.stage('a', path.join(hostRoot, 'link.yml')))).message).toMatch(/outside the folders/);
    expect((await refusal(minions.stage('a', `${hostRoot}/../outside.yml`))).message).toMatch(/outside the folders/);
    fs.mkdirSync(path.join(hostRoot, 'sub'));
    expect((await refusal(minions.stage('a', path.join(hostRoot, 'sub')))).message).toMatch(/not a regular file/);
    expect((await refusal(minions.stage('a', 'relative/compose.yml'))).message).toMatch(/absolute path/);
    const off = createCustomMinions({ catalogDirs: [catalogDir], pathRoots: [], catalog, deployed: async () => false });
    expect((await refusal(off.stage('a', path.join(hostRoot, 'compose.yml')))).message).toMatch(/reading compose files from the host is off/);
  });

  it('from a host path, brings the files beside it that the file uses, and only those; a change to one after the proposal is refused', async () => {
    const src = path.join(hostRoot, 'outline');
    fs.mkdirSync(src);
    fs.copyFileSync(path.join(FIXTURES, 'outline/compose.yml'), path.join(src, 'compose.yml'));
    fs.copyFileSync(path.join(FIXTURES, 'outline/docker.env'), path.join(src, 'docker.env'));
    fs.writeFileSync(path.join(src, 'redis.conf'), 'maxmemory 64mb\n');
    fs.writeFileSync(path.join(src, 'notes.txt'), 'not used by the file\n');
    fs.writeFileSync(path.join(dir, 'elsewhere.env'), 'SECRET=outside\n');
    bot = await testBot({ commands: [...builtinCommands, minionCommand], services: { minions, catalog } });
    // named wiki, it would take the shipped outline's subdomain: said before anything is asked or written
    await bot.chat.say(`minion add wiki ${path.join(src, 'compose.yml')}`);
    expect(bot.chat.texts().at(-1)).toContain('subdomain wiki is already used by outline');
    expect(bot.chat.texts().at(-1)).not.toMatch(/destructive/);
    await bot.chat.say(`minion add notes ${path.join(src, 'compose.yml')}`);
    const proposal = bot.chat.texts().at(-1)!;
    expect(proposal).toContain('with the 2 files beside it that it uses (docker.env, redis.conf)');
    expect(proposal).not.toMatch(/docker\.env is not in the minion's folder/);
    await bot.chat.say('yes');
    expect(bot.chat.texts().at(-1)).toContain(':white_check_mark: notes is in the catalog');
    const folder = path.join(catalogDir, 'notes');
    expect(fs.readdirSync(folder).sort()).toEqual(['compose.yml', 'docker.env', 'redis.conf']);
    expect(fs.readFileSync(path.join(folder, 'docker.env'), 'utf8')).toBe(fs.readFileSync(path.join(src, 'docker.env'), 'utf8'));
    expect(fs.statSync(path.join(folder, 'docker.env')).mode & 0o777).toBe(0o600); // env files hold passwords
    expect((catalog.get('notes')?.notes ?? []).some((n) => /not in the minion's folder/.test(n.message))).toBe(false);

    // a file beside it changed between the proposal and the yes: nothing is written
    fs.mkdirSync(path.join(hostRoot, 'two'));
    fs.copyFileSync(path.join(src, 'compose.yml'), path.join(hostRoot, 'two/compose.yml'));
    fs.copyFileSync(path.join(src, 'docker.env'), path.join(hostRoot, 'two/docker.env'));
    const staged = await minions.stage('two', path.join(hostRoot, 'two/compose.yml'));
    expect([...staged.beside.keys()]).toEqual(['docker.env']);
    fs.appendFileSync(path.join(hostRoot, 'two/docker.env'), 'EXTRA=1\n');
    expect((await refusal(minions.add('two', path.join(hostRoot, 'two/compose.yml')))).message).toMatch(/changed since it was shown/);
    expect(fs.existsSync(path.join(catalogDir, 'two'))).toBe(false);

    // a file beside it that is a symlink leading out of the folder is never read: the file is refused, saying why
    fs.symlinkSync(path.join(dir, 'elsewhere.env'), path.join(hostRoot, 'two/redis.conf'));
    expect((await refusal(minions.stage('three', path.join(hostRoot, 'two/compose.yml')))).message).toMatch(/redis\.conf is a symlink/);
  });

  it('never overwrites a shipped or existing minion, and never removes a shipped or summoned one', async () => {
    const shipped = await refusal(minions.stage('ghost', `${base}/kuma.yml`));
    expect(shipped.code).toBe('minion.shipped');
    expect((await refusal(minions.checkRemovable('ghost'))).code).toBe('minion.shipped');
    expect((await refusal(minions.stage('../x', `${base}/kuma.yml`))).code).toBe('minion.bad_name');
    await minions.stage('kuma', `${base}/kuma.yml`);
    await minions.add('kuma', `${base}/kuma.yml`);
    expect((await refusal(minions.stage('kuma', `${base}/kuma.yml`))).code).toBe('minion.exists');
    summoned.add('kuma');
    const e = await refusal(minions.remove('kuma'));
    expect(e.code).toBe('minion.summoned');
    expect(catalog.get('kuma')).toBeDefined();
    expect(entries()).toEqual(['kuma']);
  });
});
