// End to end: the composition root (robot + real Mattermost adapter on @mattermost/client + HTTP listener)
// against our Mattermost test server, as a team would use it. Every exchange is checked against the OpenAPI files.
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { checkAll } from './mattermost-server/contract.js';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';
import { sampleCommands, sampleTypes, tmpDir } from './helpers/robot.js';

let server: TestServer;
let app: App;
const calls: string[] = [];
let ids: { admin: string; op: string; bob: string; bot: string; ops: string; dev: string; teamId: string };
const SLASH_TOKEN = 'slash-secret-token-123';

beforeAll(async () => {
  server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const admin = server.createUser('alice');
  const op = server.createUser('olga');
  const bob = server.createUser('bob');
  const ops = server.createChannel(team.id, 'ops');
  const dev = server.createChannel(team.id, 'dev');
  for (const u of [bot, admin, op, bob]) for (const c of [ops, dev]) server.addToChannel(c.id, u.id);
  ids = { admin: admin.id, op: op.id, bob: bob.id, bot: bot.id, ops: ops.id, dev: dev.id, teamId: team.id };

  const config = configSchema.parse({
    domain: 'acme.example.org',
    stateDir: tmpDir('summoner-e2e-'),
    admins: [admin.id],
    roles: { operator: [op.id] },
    confirmTimeoutS: 5,
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
    channels: { ops: 'ops' },
    mattermost: { url: server.url, team: 'acme', channels: ['ops', 'dev'], pingIntervalMs: 600, reconnectMinMs: 50, reconnectMaxMs: 400 },
  });
  app = await createApp({
    config,
    secrets: { mattermostToken: bot.token, slashToken: SLASH_TOKEN },
    log: pino({ level: 'silent' }),
    commands: sampleCommands(calls),
    types: sampleTypes(),
  });
  await app.start();
  server.registerSlashCommand({ teamId: team.id, trigger: 'summon', url: `${app.http!.url}/mattermost/slash`, token: SLASH_TOKEN });
});

afterAll(async () => {
  await app?.stop('tests done');
  await server?.close();
});

afterEach(() => {
  calls.length = 0;
});

/** What a person reads in a post: its message, or the text of its attachments (coloured replies use one). */
const shown = (p: Post): string =>
  [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n');
const botReplies = (rootId: string): Post[] => server.posts().filter((p) => p.user_id === ids.bot && p.root_id === rootId);
const reply = (rootId: string, n = 1): Promise<Post[]> =>
  server.waitFor(() => {
    const r = botReplies(rootId);
    return r.length >= n ? r : undefined;
  }, 8000);

describe('Summoner on Mattermost, end to end', () => {
  it('announces itself in the ops channel at start', async () => {
    await server.waitFor(() => server.posts(ids.ops).find((p) => p.user_id === ids.bot && /Summoner .* is up/.test(p.message)));
  });

  it('answers a mention in a channel in its thread', async () => {
    const p = server.post(ids.bob, ids.dev, '@summoner ping');
    const [r] = await reply(p.id);
    expect(r!.message).toBe('pong');
    expect(r!.channel_id).toBe(ids.dev);
  });

  it('answers a direct message, and reads near-misses', async () => {
    const dm = server.directChannel(ids.bob, ids.bot);
    const p = server.post(ids.bob, dm.id, 'statsu');
    const [r] = await reply(p.id);
    expect(shown(r!)).toMatch(/^\(read as `status`\)\n\*\*Summoner \d/);
    expect(shown(r!)).toContain('Chat: mattermost, healthy');
  });

  it('runs the slash command and posts the answer in the channel', async () => {
    const res = await server.runSlash(ids.bob, ids.dev, '/summon whoami');
    expect(res.status).toBe(200);
    const answer = await server.waitFor(() => server.posts(ids.dev).find((p) => p.user_id === ids.bot && p.message.includes(`user id \`${ids.bob}\``)));
    expect(answer.message).toContain('You are @bob');
  });

  it('refuses a non-admin, saying who can run it', async () => {
    const p = server.post(ids.bob, ids.dev, '@summoner summon wekan');
    const [r] = await reply(p.id);
    expect(r!.message).toContain('`summon` is not yours to run');
    expect(r!.message).toContain(ids.op);
    expect(calls).toEqual([]);
  });

  it('lets an operator run what the role allows', async () => {
    const p = server.post(ids.op, ids.dev, '@summoner sumon wekan');
    const [r] = await reply(p.id);
    expect(r!.message).toBe('(read as `summon wekan`)\nsummoned wekan');
    expect(calls).toEqual(['summon wekan']);
  });

  it('runs a destructive command after its button is clicked by the asker', async () => {
    const p = server.post(ids.admin, ids.ops, '@summoner dismiss ghost --purge');
    // its buttons are signed for the post, so they are added once it exists
    const proposal = await server.waitFor(() => botReplies(p.id).find((x) => (x.props as any)?.attachments?.[0]?.actions), 8000);
    expect(proposal!.message + JSON.stringify(proposal!.props)).toContain('is destructive');
    const actions = (proposal!.props as any).attachments[0].actions as { id: string; name: string }[];
    expect(actions.map((a) => a.name)).toEqual(['Yes, dismiss', 'Cancel']);
    expect(calls).toEqual([]);
    // someone else's click does not count
    expect(await server.clickButton(ids.bob, proposal!.id, actions[0]!.id)).toBe(200);
    expect(calls).toEqual([]);
    expect(await server.clickButton(ids.admin, proposal!.id, actions[0]!.id)).toBe(200);
    const done = await server.waitFor(() => botReplies(p.id).find((x) => x.message === 'dismissed ghost'));
    expect(done).toBeTruthy();
    expect(calls).toEqual(['dismiss ghost --purge']);
    const updated = server.posts(ids.ops).find((x) => x.id === proposal!.id)!;
    expect(updated.message).toContain('Confirmed by alice');
    // bob was told privately, and his click did not take the buttons away from alice
    expect(server.ephemerals(ids.bob).map((e: any) => e.message ?? e.post?.message).join(' ')).toContain('Only @alice');
  });

  it('runs a destructive command after "yes" in the thread from the same user', async () => {
    const p = server.post(ids.admin, ids.ops, '@summoner dismiss wekan');
    await reply(p.id);
    server.post(ids.admin, ids.ops, '@summoner yes', { rootId: p.id });
    await server.waitFor(() => botReplies(p.id).find((x) => x.message === 'dismissed wekan'));
    expect(calls).toEqual(['dismiss wekan']);
  });

  it('expires an unanswered proposal with a message', async () => {
    const p = server.post(ids.admin, ids.ops, '@summoner dismiss nextcloud');
    const [proposal] = await reply(p.id);
    const expired = await server.waitFor(
      () => server.posts(ids.ops).find((x) => x.id === proposal!.id && x.message.startsWith('Expired:')),
      9000,
    );
    expect(expired.message).toContain('`dismiss nextcloud` was not confirmed within 5 s. Nothing was done.');
    server.post(ids.admin, ids.ops, '@summoner yes', { rootId: p.id });
    await reply(p.id, 2);
    expect(botReplies(p.id).at(-1)!.message).toBe('Nothing is waiting for your confirmation in this thread (answer in the thread of the proposal, or use its buttons).');
    expect(calls).toEqual([]);
  }, 15_000);

  it('never runs an edited post again', async () => {
    const p = server.post(ids.op, ids.dev, '@summoner backup all');
    await reply(p.id);
    server.editPost(ids.op, p.id, '@summoner backup wekan');
    // a later post as the marker: the edit event came before it, so a second run would be in before its answer
    const marker = server.post(ids.op, ids.dev, '@summoner ping');
    expect((await reply(marker.id))[0]!.message).toBe('pong');
    expect(calls).toEqual(['backup all']);
    expect(botReplies(p.id)).toHaveLength(1);
  });

  it('answers bad input clearly and keeps serving', async () => {
    // Mattermost itself refuses posts over 16383 code points, so the longest a command can be is that.
    const inputs = ['@summoner ' + 'x'.repeat(16_000), '@summoner \u0000\u0007', '@summoner 🚀🔥 зачем', '@summoner "unclosed'];
    const posts = inputs.map((t) => server.post(ids.bob, ids.dev, t));
    const answers = await Promise.all(posts.map((p) => reply(p.id)));
    expect(answers.map((a) => a[0]!.message.split('\n')[0])).toEqual([
      'that message is too long for a command (16000 characters; a command is at most 2000).',
      'I heard nothing to do.',
      "I don't know the command `🚀🔥`.",
      'I could not read that: a quote (") is never closed.',
    ]);
    const p = server.post(ids.bob, ids.dev, '@summoner ping');
    expect((await reply(p.id))[0]!.message).toBe('pong');
  });

  it('splits a reply longer than a Mattermost post', async () => {
    const long = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'é'.repeat(5)}`).join(' ');
    const p = server.post(ids.op, ids.dev, `@summoner note ${long.slice(0, 15_000)}`);
    const r = await reply(p.id);
    expect(r.length).toBeGreaterThanOrEqual(1);
    for (const x of r) expect([...x.message].length).toBeLessThanOrEqual(16_383);
  });

  it('reports unhealthy over HTTP while the socket is silent, healthy again after', async () => {
    const health = async () => (await fetch(`${app.internalHttp!.url}/healthz`)).status;
    expect(await health()).toBe(200);
    const poll = async (want: number) => {
      let got = 0;
      await vi
        .waitFor(async () => expect((got = await health())).toBe(want), { timeout: 6_000, interval: 100 })
        .catch(() => undefined); // the caller's expect names the status seen last
      return got;
    };
    server.faults.silenceSocket(true);
    const during = await poll(503);
    server.faults.silenceSocket(false);
    expect(during).toBe(503);
    let after = 0;
    after = await poll(200);
    expect(after).toBe(200);
  }, 15_000);

  it('audits who ran what and how it ended', async () => {
    const p = server.post(ids.admin, ids.ops, '@summoner history 50');
    const [r] = await reply(p.id);
    expect(r!.message).toContain('| bob | `summon wekan` | denied (command.denied)');
    expect(r!.message).toContain('| olga | `sumon wekan` | ok |');
  });

  it('sent and received only what the OpenAPI files allow', () => {
    const { checked, violations } = checkAll(server.exchanges);
    expect(violations).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });
});

describe('stopping', () => {
  it('says so in the ops channel', async () => {
    await app.stop('SIGTERM');
    const notice = await server.waitFor(() => server.posts(ids.ops).find((p) => p.user_id === ids.bot && p.message.startsWith('Summoner is stopping (SIGTERM)')));
    expect(notice.message).toContain('New commands wait until it is back.');
    app = undefined as unknown as App;
  });
});
