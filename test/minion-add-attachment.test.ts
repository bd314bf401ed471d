// `minion add <name>` with the compose file attached to the Mattermost message, end to end: a user uploads the
// file and posts the command through the REAL @mattermost/client against our test server; the adapter reads the
// attachment with the bot's token (GET /files/{id}/info, then the bytes), the robot proposes with the notes,
// the user's "yes" writes exactly that file, and `list` shows the minion. Every REST exchange is checked against
// Mattermost's OpenAPI files (../shared/mattermost-openapi), the new file routes included.
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMattermostAdapter } from '../adapters/mattermost/index.js';
import { builtinCommands } from '../commands/index.js';
import listCommand from '../commands/list.js';
import minionCommand from '../commands/minion.js';
import { loadCatalog } from '../src/core/catalog/index.js';
import { liveCatalog } from '../src/core/catalog/live.js';
import { createCustomMinions } from '../src/core/custom-minions.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import type { ChatPort } from '../src/robot/types.js';
import { testBot, tmpDir, type TestBot } from './helpers/robot.js';
import { restClient } from './mattermost-server/client.js';
import { checkAll } from './mattermost-server/contract.js';
import { startTestServer, type TestServer } from './mattermost-server/index.js';

const KUMA = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/compose/uptime-kuma/compose.yml'), 'utf8');
const SHIPPED = path.resolve(import.meta.dirname, '../minions');
const log = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
  vi.restoreAllMocks();
});

async function world() {
  vi.spyOn(console, 'log').mockImplementation(() => undefined); // @mattermost/client logs freely
  const server: TestServer = await startTestServer();
  cleanup.push(() => server.close());
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const alice = server.createUser('alice');
  for (const u of [bot, alice]) server.addToTeam(team.id, u.id);
  const ops = server.createChannel(team.id, 'ops');
  for (const u of [bot, alice]) server.addToChannel(ops.id, u.id);
  const http: HttpServer = createHttpServer({ listen: '127.0.0.1:0' });
  await http.start();
  cleanup.push(() => http.stop());

  const dir = tmpDir('summoner-minion-attach-');
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const catalogDir = path.join(dir, 'catalog');
  fs.mkdirSync(catalogDir);
  const catalog = liveCatalog(() => loadCatalog([{ dir: SHIPPED, origin: 'shipped' }, { dir: catalogDir, origin: 'custom' }]));
  const minions = createCustomMinions({ catalogDirs: [catalogDir], pathRoots: [], catalog, deployed: async () => false });
  const tb: TestBot = await testBot({ dir, commands: [...builtinCommands, minionCommand, listCommand], services: { minions, catalog }, access: { admins: [alice.id], roles: {}, shellIsAdmin: false } });
  cleanup.push(() => tb.robot.stop?.());
  const adapter: ChatPort = createMattermostAdapter({
    config: { url: server.url, team: 'acme', channels: ['ops'], slashTrigger: 'summon', pingIntervalMs: 1_000, reconnectMinMs: 20, reconnectMaxMs: 200 },
    token: bot.token,
    slashToken: 'slash-secret-0123456789',
    http,
    log,
    store: (() => {
      const m = new Map<string, string>();
      return { get: (k: string) => m.get(k), set: (k: string, v: string) => void m.set(k, v) };
    })(),
    tuning: { retryMinMs: 10, retryMaxMs: 100 },
  });
  tb.robot.attach(adapter);
  await adapter.start(tb.robot);
  cleanup.push(() => adapter.stop());
  const user = restClient(server.url, alice.token);
  const botSays = () => server.posts(ops.id).filter((p) => p.user_id === bot.id).map((p) => p.message);
  return { server, ops, alice, user, catalogDir, catalog, botSays };
}

async function upload(user: ReturnType<typeof restClient>, channelId: string, name: string, text: string, type = 'application/x-yaml'): Promise<string> {
  const form = new FormData();
  form.append('channel_id', channelId);
  form.append('files', new Blob([text], { type }), name);
  const r = await user.uploadFile(form);
  return r.file_infos[0]!.id;
}

describe('minion add with the compose file attached (Mattermost)', () => {
  it('the bot reads the attachment, proposes, and after yes the minion is written and listed', async () => {
    const w = await world();
    const fileId = await upload(w.user, w.ops.id, 'compose.yaml', KUMA);
    // the server links the file to the post and serves it in metadata.files
    const post = await w.user.createPost({ channel_id: w.ops.id, message: '@summoner minion add kuma', file_ids: [fileId] } as never);
    expect((await w.user.getPost(post.id)).metadata?.files?.map((f) => f.name)).toEqual(['compose.yaml']);

    await vi.waitFor(() => expect(w.botSays().at(-1)).toContain('add the minion **kuma**'), { timeout: 10_000, interval: 50 });
    const proposal = w.botSays().at(-1)!;
    expect(proposal).toContain('from the attached file compose.yaml');
    expect(proposal).toContain('- uptime-kuma (web, port 3001');
    expect(fs.readdirSync(w.catalogDir)).toEqual([]); // nothing written before the yes

    await w.user.createPost({ channel_id: w.ops.id, message: '@summoner yes', root_id: post.id } as never);
    await vi.waitFor(() => expect(w.botSays().join('\n---\n')).toContain(':white_check_mark: kuma is in the catalog'), { timeout: 10_000, interval: 50 });
    expect(fs.readFileSync(path.join(w.catalogDir, 'kuma', 'compose.yml'), 'utf8')).toBe(KUMA);
    expect(w.catalog.get('kuma')?.origin).toBe('custom');

    await w.user.createPost({ channel_id: w.ops.id, message: '@summoner list' } as never);
    await vi.waitFor(() => expect(w.botSays().find((m) => /apps in the catalog/.test(m))).toBeDefined(), { timeout: 10_000, interval: 50 });
    expect(w.botSays().find((m) => /apps in the catalog/.test(m))).toMatch(/\bkuma\b/); // `list` shows the new minion

    // the bot read the file with its own token, through the documented routes
    const reads = w.server.exchanges.filter((e) => e.method === 'GET' && e.path.startsWith(`/api/v4/files/${fileId}`)).map((e) => `${e.path.slice(`/api/v4/files/${fileId}`.length) || '/'} ${e.status}`);
    expect(reads).toEqual(['/info 200', '/ 200']);
    const { violations } = checkAll(w.server.exchanges);
    expect(violations).toEqual([]);
  });

  it('an image or an oversized file is not read: the command asks for the compose file, nothing is written', async () => {
    const w = await world();
    const png = await upload(w.user, w.ops.id, 'screenshot.png', 'not really a png', 'image/png');
    const big = await upload(w.user, w.ops.id, 'huge.yml', `services:\n${'#'.repeat(300 * 1024)}\n`);
    await w.user.createPost({ channel_id: w.ops.id, message: '@summoner minion add kuma', file_ids: [png, big] } as never);
    await vi.waitFor(() => expect(w.botSays().at(-1)).toMatch(/say where the compose file is.*or attach it/), { timeout: 10_000, interval: 50 });
    // the bytes of neither were fetched: the info said what they are
    expect(w.server.exchanges.filter((e) => e.method === 'GET' && (e.path === `/api/v4/files/${png}` || e.path === `/api/v4/files/${big}`))).toEqual([]);
    expect(fs.readdirSync(w.catalogDir)).toEqual([]);
  });
});
