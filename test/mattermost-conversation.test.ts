// A conversation through the real Mattermost adapter (@mattermost/client against our test server, the
// composition root as in production): a clarifying question answered by a word in the thread and by a
// button (the signed interactive-action path), follow-ups in a thread, and a user whose Mattermost locale
// is `fr` answered in French (the question, the confirmation and the command's own reply), a change of
// locale picked up from the `user_updated` event. Every REST exchange is checked against the OpenAPI files.
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { checkAll } from './mattermost-server/contract.js';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';
import { CATALOG, sampleCommands, tmpDir } from './helpers/robot.js';

let server: TestServer;
let app: App;
const calls: string[] = [];
let ids: { admin: string; op: string; amelie: string; paul: string; bot: string; ops: string };

beforeAll(async () => {
  server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const admin = server.createUser('alice');
  const op = server.createUser('olga');
  const amelie = server.createUser('amelie', { locale: 'fr' });
  const paul = server.createUser('paul');
  const ops = server.createChannel(team.id, 'ops');
  for (const u of [bot, admin, op, amelie, paul]) server.addToChannel(ops.id, u.id);
  ids = { admin: admin.id, op: op.id, amelie: amelie.id, paul: paul.id, bot: bot.id, ops: ops.id };
  const config = configSchema.parse({
    domain: 'acme.example.org',
    stateDir: tmpDir('summoner-conversation-'),
    admins: [admin.id, amelie.id],
    roles: { operator: [op.id, paul.id] },
    confirmTimeoutS: 10,
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
    mattermost: { url: server.url, team: 'acme', channels: ['ops'], pingIntervalMs: 600, reconnectMinMs: 50, reconnectMaxMs: 400 },
  });
  app = await createApp({
    config,
    secrets: { mattermostToken: bot.token },
    log: pino({ level: 'silent' }),
    commands: sampleCommands(calls),
    apps: () => CATALOG,
  });
  await app.start();
  // the adapter is listening once its socket is up: a ping in the channel is answered
  const p = server.post(ids.admin, ids.ops, '@summoner ping');
  await server.waitFor(() => botReplies(p.id)[0], 8000);
});

afterAll(async () => {
  await app?.stop('tests done');
  await server?.close();
});

afterEach(() => {
  calls.length = 0;
});

/** What a person reads in a post: its message, or the text of its attachments (buttons live in one). */
const shown = (p: Post): string =>
  [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n');
const actionsOf = (p: Post): { id: string; name: string }[] => (p.props as any)?.attachments?.[0]?.actions ?? [];
const botReplies = (rootId: string): Post[] => server.posts().filter((p) => p.user_id === ids.bot && p.root_id === rootId);
/** The n-th reply of the bot in the thread, once there (bounded). */
const nth = (rootId: string, n: number, timeoutMs = 8000): Promise<Post> => server.waitFor(() => botReplies(rootId)[n - 1], timeoutMs);
/** The bot's reply in the thread that carries buttons (they are added once the post exists: they are signed for it). */
const withButtons = (rootId: string): Promise<Post> => server.waitFor(() => botReplies(rootId).find((x) => actionsOf(x).length > 0), 8000);

describe('a clarifying question', () => {
  it('is asked for an incomplete request, and a word typed in the thread (no mention) answers it', async () => {
    const root = server.post(ids.op, ids.ops, '@summoner deploy please');
    const question = await withButtons(root.id);
    expect(shown(question)).toContain('`summon`: which app?');
    expect(actionsOf(question).map((a) => a.name)).toEqual(CATALOG);
    expect(calls).toEqual([]);
    server.post(ids.op, ids.ops, 'wekan', { rootId: root.id });
    const answer = await server.waitFor(() => botReplies(root.id).find((x) => x.message.includes('summoned wekan')), 8000);
    expect(answer.message).toBe('(read as `summon wekan`)\nsummoned wekan');
    expect(calls).toEqual(['summon wekan']);
  });

  it('chatter in the thread that answers nothing runs nothing', async () => {
    const root = server.post(ids.op, ids.ops, '@summoner back up please');
    await withButtons(root.id);
    server.post(ids.op, ids.ops, 'hmm, let me think', { rootId: root.id });
    // the answer that follows still counts: the chatter neither ran anything nor closed the question
    server.post(ids.op, ids.ops, 'ghost', { rootId: root.id });
    await server.waitFor(() => botReplies(root.id).find((x) => x.message.includes('backed up ghost')), 8000);
    expect(calls).toEqual(['backup ghost']);
  });

  it('is answered by a button, through the signed action endpoint, only by the user it was asked of', async () => {
    const root = server.post(ids.op, ids.ops, '@summoner back up please');
    const question = await withButtons(root.id);
    const ghost = actionsOf(question).find((a) => a.name === 'ghost')!;
    // someone else's click is answered privately and consumes nothing
    expect(await server.clickButton(ids.paul, question.id, ghost.id)).toBe(200);
    await server.waitFor(() => server.ephemerals(ids.paul).find((e) => e.post.message.includes('Only')));
    expect(calls).toEqual([]);
    expect(await server.clickButton(ids.op, question.id, ghost.id)).toBe(200);
    // the question is replaced by what was chosen, and the command's reply follows in the thread
    await server.waitFor(() => server.posts().find((p) => p.id === question.id && shown(p).includes('→ **ghost** (olga)')));
    await server.waitFor(() => botReplies(root.id).find((x) => x.message.includes('backed up ghost')), 8000);
    expect(calls).toEqual(['backup ghost']);
  });
});

describe('follow-ups in a thread', () => {
  it('reuse the previous command of the user in that thread ("and ghost too", "same for nextcloud")', async () => {
    const root = server.post(ids.op, ids.ops, '@summoner backup wekan');
    await nth(root.id, 1);
    server.post(ids.op, ids.ops, '@summoner and ghost too', { rootId: root.id });
    await nth(root.id, 2);
    server.post(ids.op, ids.ops, '@summoner same for nextcloud', { rootId: root.id });
    const third = await nth(root.id, 3);
    expect(third.message).toBe('(read as `backup nextcloud`)\nbacked up nextcloud');
    expect(calls).toEqual(['backup wekan', 'backup ghost', 'backup nextcloud']);
    // a new thread has no previous command: nothing is reused
    const other = server.post(ids.op, ids.ops, '@summoner and gitlab too');
    await nth(other.id, 1);
    expect(calls).toHaveLength(3);
  });

  it('in French: "et pour ghost ?" after a summon', async () => {
    const root = server.post(ids.op, ids.ops, '@summoner summon wekan');
    await nth(root.id, 1);
    server.post(ids.op, ids.ops, '@summoner et pour ghost ?', { rootId: root.id });
    await nth(root.id, 2);
    expect(calls).toEqual(['summon wekan', 'summon ghost']);
  });
});

describe('a user whose Mattermost locale is fr', () => {
  it('gets the question in French', async () => {
    const root = server.post(ids.amelie, ids.ops, '@summoner déploie stp');
    const question = await withButtons(root.id);
    expect(shown(question)).toContain('`summon` : quelle app ?');
  });

  it('gets the confirmation in French, with French buttons, and "oui" runs it', async () => {
    const root = server.post(ids.amelie, ids.ops, '@summoner supprime ghost');
    const proposal = await withButtons(root.id);
    expect(shown(proposal)).toContain('**dismiss ghost** est destructif');
    expect(actionsOf(proposal).map((a) => a.name)).toEqual(['Oui, dismiss', 'Annuler']);
    server.post(ids.amelie, ids.ops, '@summoner oui', { rootId: root.id });
    await server.waitFor(() => (calls.length ? calls : undefined), 8000);
    expect(calls).toEqual(['dismiss ghost']);
  });

  it("gets the command's own reply in French", async () => {
    const root = server.post(ids.amelie, ids.ops, '@summoner ping');
    const r = await nth(root.id, 1);
    expect(r.message).toBe('pong');
    const who = server.post(ids.amelie, ids.ops, '@summoner whoami');
    const w = await nth(who.id, 1);
    expect(w.message).toContain('Vous êtes @amelie');
  });

  it('a change of locale (Settings → Language) is picked up from the user_updated event', async () => {
    const before = server.post(ids.paul, ids.ops, '@summoner fais-moi un café');
    expect(shown(await nth(before.id, 1))).toContain("I don't know the command");
    server.setLocale(ids.paul, 'fr');
    // the event reaches the adapter over its socket, not at once: ask until the answer is French (bounded)
    let french = false;
    for (let i = 0; i < 40 && !french; i++) {
      const p = server.post(ids.paul, ids.ops, '@summoner fais-moi un café');
      french = shown(await nth(p.id, 1)).includes('Je ne connais pas la commande');
    }
    expect(french).toBe(true);
  });
});

describe('the exchanges', () => {
  it('all match the Mattermost OpenAPI', () => {
    const { checked, violations } = checkAll(server.exchanges);
    expect(violations).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
