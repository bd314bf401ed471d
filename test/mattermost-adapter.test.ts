// The Mattermost adapter against the in-process test server, driven through the real @mattermost/client.
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMattermostAdapter, type KeyValueStore } from '../adapters/mattermost/index.js';
import { codePoints, MAX_POST_RUNES } from '../adapters/mattermost/split.js';
import type { MattermostConfig } from '../src/config/schema.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import type { ButtonClick, ChatPort, InboundMessage, RobotPort, SentPost } from '../src/robot/types.js';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';

const SLASH_TOKEN = 'slash-secret-0123456789';
const log = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

/** A robot that echoes addressed messages; a few words trigger buttons, long replies, acks and edits. */
function echoRobot(adapter: () => ChatPort, seenIds = new Set<string>()) {
  const received: InboundMessage[] = [];
  const clicks: ButtonClick[] = [];
  const sent: SentPost[] = [];
  const robot: RobotPort = {
    seen: (id) => seenIds.has(id),
    async receive(msg) {
      if (seenIds.has(msg.id)) return;
      seenIds.add(msg.id);
      received.push(msg);
      if (!msg.addressed) return;
      const a = adapter();
      const [verb, arg] = msg.text.split(/\s+/);
      if (verb === 'buttons') {
        await a.reply(msg, {
          text: 'Delete web?',
          buttons: [
            { id: 'yes', label: 'Yes', style: 'danger', context: { proposal: 'p1', decision: 'yes' }, forUser: msg.userId },
            { id: 'no', label: 'No', context: { proposal: 'p1', decision: 'no' }, forUser: msg.userId },
          ],
        });
      } else if (verb === 'long') {
        const n = Number(arg);
        await a.reply(msg, { text: Array.from({ length: n }, (_, i) => `line ${i} ${'ж'.repeat(20)}`).join('\n') });
      } else if (verb === 'ack') {
        await a.ack?.(msg);
        await a.reply(msg, { text: 'acked' });
      } else if (verb === 'progress') {
        const p = await a.reply(msg, { text: 'working…' });
        sent.push(p);
        await p.update({ text: 'done', color: 'good' });
      } else {
        await a.reply(msg, { text: `echo: ${msg.text}` });
      }
    },
    async click(click) {
      clicks.push(click);
      return { kind: 'replace', out: { text: `clicked ${click.context['decision']}` } };
    },
  };
  return { robot, received, clicks, sent, seenIds };
}

interface World {
  server: TestServer;
  http: HttpServer;
  adapter: ChatPort;
  robot: ReturnType<typeof echoRobot>;
  bot: { id: string; token: string; username: string };
  alice: { id: string; username: string };
  teamId: string;
  dev: { id: string };
  ops: { id: string };
  config: MattermostConfig;
  store: KeyValueStore;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.adapter.stop().catch(() => undefined);
    await w.http.stop();
    await w.server.close();
  }
  vi.restoreAllMocks();
});

function memStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
}

async function world(opts: { config?: Partial<MattermostConfig>; start?: boolean; store?: KeyValueStore } = {}): Promise<World> {
  vi.spyOn(console, 'log').mockImplementation(() => undefined); // @mattermost/client logs freely
  const server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const alice = server.createUser('alice');
  for (const u of [bot, alice]) server.addToTeam(team.id, u.id);
  const dev = server.createChannel(team.id, 'dev');
  const ops = server.createChannel(team.id, 'ops');
  for (const ch of [dev, ops]) for (const u of [bot, alice]) server.addToChannel(ch.id, u.id);
  const http = createHttpServer({ listen: '127.0.0.1:0' });
  await http.start();
  const config: MattermostConfig = {
    url: server.url,
    team: 'acme',
    channels: ['dev', 'ops'],
    slashTrigger: 'summon',
    pingIntervalMs: 1_000,
    reconnectMinMs: 20,
    reconnectMaxMs: 200,
    ...opts.config,
  };
  const store = opts.store ?? memStore();
  let adapter!: ChatPort;
  const robot = echoRobot(() => adapter);
  adapter = createMattermostAdapter({ config, token: bot.token, slashToken: SLASH_TOKEN, http, log, store, tuning: { retryMinMs: 10, retryMaxMs: 100 } });
  const w: World = { server, http, adapter, robot, bot, alice, teamId: team.id, dev, ops, config, store };
  worlds.push(w);
  if (opts.start ?? true) await adapter.start(robot.robot);
  return w;
}

const botPosts = (w: World, channelId: string): Post[] => w.server.posts(channelId).filter((p) => p.user_id === w.bot.id);

describe('mattermost adapter: start', () => {
  it('rejects a bad token, naming the server and the status', async () => {
    const w = await world({ start: false });
    const bad = createMattermostAdapter({ config: w.config, token: 'x'.repeat(26), http: w.http, log });
    const err = await bad.start(w.robot.robot).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(new RegExp(`^token rejected by ${w.server.url}: 401 `));
    expect((err as Error).message).not.toContain('x'.repeat(26));
  });

  it('rejects unknown channels and channels the bot is not in, saying how to fix it', async () => {
    const w = await world({ start: false });
    const lonely = w.server.createChannel(w.teamId, 'lonely');
    w.server.addToChannel(lonely.id, w.alice.id);
    const a = createMattermostAdapter({ config: { ...w.config, channels: ['dev', 'lonely', 'nowhere'] }, token: w.bot.token, http: w.http, log });
    const err = (await a.start(w.robot.robot).catch((e: Error) => e)) as Error;
    expect(err.message).toContain('bot @summoner is not a member of channel ~lonely: add it with /invite @summoner ~lonely');
    expect(err.message).toContain('channel ~nowhere does not exist in team "acme"');
    const noTeam = createMattermostAdapter({ config: { ...w.config, team: 'other' }, token: w.bot.token, http: w.http, log });
    expect(((await noTeam.start(w.robot.robot).catch((e: Error) => e)) as Error).message).toBe(
      `team "other" does not exist on ${w.server.url} (mattermost.team must be the team's name, as in its URL)`,
    );
  });

  it('asks the start questions that do not depend on each other together: a wave of waiting per step, not per call', async () => {
    const w = await world({ start: false });
    const qa = w.server.createChannel(w.teamId, 'qa');
    for (const u of [w.bot, w.alice]) w.server.addToChannel(qa.id, u.id);
    // a remote server: every REST answer waits, so calls sent together arrive together and a call sent after an
    // answer arrives a whole wait later
    const latencyMs = 150;
    w.server.faults.latency(latencyMs);
    const a = createMattermostAdapter({ config: { ...w.config, channels: ['dev', 'ops', 'qa'] }, token: w.bot.token, http: w.http, log, store: memStore() });
    worlds.push({ ...w, adapter: a });
    const from = w.server.exchanges.length;
    await a.start(w.robot.robot);
    const calls = w.server.exchanges.slice(from).sort((x, y) => x.receivedAt! - y.receivedAt!);
    // waves: a call that arrives half a wait or more after the first of the current wave was sent after an answer.
    // (Not "after every earlier call was answered": a channel's next question follows its own answer, and on a busy
    // machine the calls of one wave arrive a few milliseconds apart, so a fast channel's next call could arrive before
    // a slow one's answer and two waves read as one; seen once in a full run.)
    const waves: string[][] = [];
    let waveStart = -Infinity;
    for (const c of calls) {
      if (c.receivedAt! - waveStart >= latencyMs / 2) {
        waves.push([]);
        waveStart = c.receivedAt!;
      }
      waves.at(-1)!.push(`${c.method} ${c.path.replace(/[a-z0-9]{26}/g, ':id')}`);
    }
    // me and teams; the three channels by name; the bot's membership of each; each channel's newest post and the DMs
    expect(waves.map((x) => x.length)).toEqual([2, 3, 3, 4]);
    expect(waves[0]!.sort()).toEqual(['GET /api/v4/users/me', 'GET /api/v4/users/me/teams']);
    expect(waves[3]).toContain('GET /api/v4/users/me/channels');
  });

  it('is healthy once started, unhealthy after stop', async () => {
    const w = await world();
    expect(w.adapter.health()).toMatchObject({ healthy: true });
    await w.adapter.stop();
    expect(w.adapter.health().healthy).toBe(false);
  });
});

describe('mattermost adapter: messages', () => {
  it('answers a mention in its thread, passes chatter unaddressed, ignores its own posts', async () => {
    const w = await world();
    const chatter = w.server.post(w.alice.id, w.dev.id, 'lunch anyone?');
    const cmd = w.server.post(w.alice.id, w.dev.id, '@summoner status web');
    const reply = await w.server.waitFor(() => botPosts(w, w.dev.id)[0]);
    expect(reply).toMatchObject({ message: 'echo: status web', root_id: cmd.id });
    const inThread = w.server.post(w.alice.id, w.dev.id, '@summoner again', { rootId: cmd.id });
    await w.server.waitFor(() => botPosts(w, w.dev.id).length === 2);
    expect(botPosts(w, w.dev.id)[1]).toMatchObject({ message: 'echo: again', root_id: cmd.id });
    const got = w.robot.received;
    expect(got.map((m) => [m.id, m.addressed, m.kind, m.userName, m.threadId])).toEqual([
      [chatter.id, false, 'channel', 'alice', chatter.id],
      [cmd.id, true, 'channel', 'alice', cmd.id],
      [inThread.id, true, 'channel', 'alice', cmd.id],
    ]);
    expect(got[1]).toMatchObject({ text: 'status web', userId: w.alice.id, channelId: w.dev.id, channelName: 'dev', source: 'mattermost' });
    // Its own replies never come back as messages.
    expect(got.some((m) => m.userId === w.bot.id)).toBe(false);
  });

  it('answers a direct message without a mention', async () => {
    const w = await world();
    const dm = w.server.directChannel(w.alice.id, w.bot.id);
    const p = w.server.post(w.alice.id, dm.id, 'status');
    const reply = await w.server.waitFor(() => botPosts(w, dm.id)[0]);
    expect(reply).toMatchObject({ message: 'echo: status', root_id: p.id });
    expect(w.robot.received[0]).toMatchObject({ kind: 'dm', addressed: true });
  });

  it('ignores posts of other bots unless addressed, and channels it was not configured for', async () => {
    const w = await world();
    const other = w.server.createUser('otherbot', { bot: true });
    w.server.addToChannel(w.dev.id, other.id);
    const elsewhere = w.server.createChannel(w.teamId, 'random');
    w.server.addToChannel(elsewhere.id, w.bot.id);
    w.server.addToChannel(elsewhere.id, w.alice.id);
    w.server.post(w.alice.id, elsewhere.id, '@summoner not here');
    w.server.post(other.id, w.dev.id, 'beep', { props: { from_bot: 'true' } });
    w.server.post(other.id, w.dev.id, '@summoner hello from a bot', { props: { from_bot: 'true' } });
    await w.server.waitFor(() => botPosts(w, w.dev.id)[0]);
    // a later message as the marker: events arrive in order, so anything taken wrongly would be in before it
    w.server.post(w.alice.id, w.dev.id, '@summoner marker');
    await w.server.waitFor(() => botPosts(w, w.dev.id).find((x) => x.message === 'echo: marker'));
    expect(w.robot.received.map((m) => m.text)).toEqual(['hello from a bot', 'marker']);
    expect(botPosts(w, elsewhere.id)).toEqual([]);
  });

  it('never runs an edited post twice', async () => {
    const w = await world();
    const p = w.server.post(w.alice.id, w.dev.id, '@summoner once');
    await w.server.waitFor(() => botPosts(w, w.dev.id)[0]);
    w.server.editPost(w.alice.id, p.id, '@summoner once more');
    w.server.post(w.alice.id, w.dev.id, '@summoner marker');
    await w.server.waitFor(() => botPosts(w, w.dev.id).length === 2); // the marker's answer: the edit came before it
    expect(botPosts(w, w.dev.id).map((x) => x.message)).toEqual(['echo: once', 'echo: marker']);
    expect(w.robot.received.filter((m) => m.id === p.id)).toHaveLength(1);
  });

  it('splits an over-long reply into posts under the limit, in order, in the thread', async () => {
    const w = await world();
    const p = w.server.post(w.alice.id, w.dev.id, '@summoner long 1500');
    const posts = await w.server.waitFor(() => (botPosts(w, w.dev.id).length >= 3 ? botPosts(w, w.dev.id) : undefined));
    const expected = Array.from({ length: 1500 }, (_, i) => `line ${i} ${'ж'.repeat(20)}`).join('\n');
    expect(codePoints(expected)).toBeGreaterThan(2 * MAX_POST_RUNES);
    expect(posts).toHaveLength(3);
    for (const x of posts) {
      expect(codePoints(x.message)).toBeLessThanOrEqual(MAX_POST_RUNES);
      expect(x.root_id).toBe(p.id);
    }
    expect(posts.map((x) => x.message).join('\n')).toBe(expected);
  });

  it('acknowledges with a reaction and edits a sent post', async () => {
    const w = await world();
    const p = w.server.post(w.alice.id, w.dev.id, '@summoner ack');
    await w.server.waitFor(() => botPosts(w, w.dev.id)[0]);
    const reacted = w.server.posts(w.dev.id).find((x) => x.id === p.id)!;
    expect((reacted.metadata['reactions'] as { emoji_name: string; user_id: string }[])[0]).toMatchObject({ emoji_name: 'eyes', user_id: w.bot.id });

    w.server.post(w.alice.id, w.dev.id, '@summoner progress');
    await w.server.waitFor(() => w.robot.sent[0]);
    const edited = await w.server.waitFor(() => w.server.posts(w.dev.id).find((x) => x.id === w.robot.sent[0]!.id && x.edit_at > 0));
    expect(edited.message).toBe('');
    expect(edited.props['attachments'][0]).toMatchObject({ color: 'good', text: 'done' });
  });

  it('sends to a channel by name and to a user by @name', async () => {
    const w = await world();
    const sent = await w.adapter.send('ops', { text: 'backup finished' });
    expect(w.server.posts(w.ops.id).find((x) => x.id === sent.id)).toMatchObject({ message: 'backup finished', root_id: '' });
    const dm = await w.adapter.send('@alice', { text: 'psst' });
    const dmChannel = w.server.directChannel(w.alice.id, w.bot.id);
    expect(w.server.posts(dmChannel.id).find((x) => x.id === dm.id)?.message).toBe('psst');
  });
});

describe('mattermost adapter: slash command and buttons', () => {
  it('answers a slash command at once, then posts the reply in the channel', async () => {
    const w = await world();
    w.server.registerSlashCommand({ teamId: w.teamId, trigger: 'summon', url: `${w.http.url}/mattermost/slash`, token: SLASH_TOKEN });
    const res = await w.server.runSlash(w.alice.id, w.dev.id, '/summon deploy web');
    expect(res.status).toBe(200);
    expect(w.server.ephemerals(w.alice.id).at(-1)!.post.message).toContain('/summon deploy web');
    const reply = await w.server.waitFor(() => botPosts(w, w.dev.id)[0]);
    expect(reply).toMatchObject({ message: 'echo: deploy web', root_id: '' });
    expect(w.robot.received[0]).toMatchObject({ kind: 'slash', addressed: true, userName: 'alice', channelId: w.dev.id });
    expect(w.robot.received[0]!.id).toMatch(/^slash:/);

    // Inside a thread, the reply goes to that thread.
    const root = w.server.post(w.alice.id, w.dev.id, 'a thread');
    await w.server.runSlash(w.alice.id, w.dev.id, '/summon in thread', { rootId: root.id });
    await w.server.waitFor(() => botPosts(w, w.dev.id).find((x) => x.message === 'echo: in thread' && x.root_id === root.id));
  });

  it('answers through response_url where the bot is not a member', async () => {
    const w = await world();
    const side = w.server.createChannel(w.teamId, 'side');
    w.server.addToChannel(side.id, w.alice.id);
    w.server.registerSlashCommand({ teamId: w.teamId, trigger: 'summon', url: `${w.http.url}/mattermost/slash`, token: SLASH_TOKEN });
    expect((await w.server.runSlash(w.alice.id, side.id, '/summon hi there')).status).toBe(200);
    const post = await w.server.waitFor(() => w.server.posts(side.id).find((p) => p.message === 'echo: hi there'));
    expect(post.props['from_webhook']).toBe('true');
  });

  it('refuses a slash request with a wrong or missing token (401), form or JSON', async () => {
    const w = await world();
    const url = `${w.http.url}/mattermost/slash`;
    const form = new URLSearchParams({ token: 'wrong', user_id: w.alice.id, channel_id: w.dev.id, text: 'x' });
    expect((await fetch(url, { method: 'POST', body: form })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' })).status).toBe(401);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${SLASH_TOKEN}` },
      body: JSON.stringify({ user_id: w.alice.id, user_name: 'alice', team_id: w.teamId, channel_id: w.dev.id, text: 'json works', trigger_id: 'T9' }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ response_type: 'ephemeral' });
    await w.server.waitFor(() => botPosts(w, w.dev.id).find((x) => x.message === 'echo: json works'));
    expect(w.robot.received.map((m) => m.id)).toEqual(['slash:T9']);
  });

  it('turns buttons into attachments; a click reaches robot.click and replaces the buttons', async () => {
    const w = await world();
    w.server.post(w.alice.id, w.dev.id, '@summoner buttons');
    // the buttons are signed for their post, so they arrive once the post exists
    const post = await w.server.waitFor(() => botPosts(w, w.dev.id).find((p) => p.props['attachments']?.[0]?.actions));
    const actions = post.props['attachments'][0].actions;
    expect(actions.map((a: { id: string; name: string }) => [a.id, a.name])).toEqual([
      ['yes', 'Yes'],
      ['no', 'No'],
    ]);
    expect(actions[0].integration.url).toBe(`${w.http.publicUrl}/mattermost/actions`);
    expect(await w.server.clickButton(w.alice.id, post.id, 'yes')).toBe(200);
    expect(w.robot.clicks).toEqual([{ userId: w.alice.id, userName: 'alice', channelId: w.dev.id, postId: post.id, context: { proposal: 'p1', decision: 'yes' } }]);
    const updated = await w.server.waitFor(() => w.server.posts(w.dev.id).find((x) => x.id === post.id && x.message === 'clicked yes'));
    expect(updated.props['attachments']).toBeUndefined();
  });

  it('refuses a forged click', async () => {
    const w = await world();
    const res = await fetch(`${w.http.url}/mattermost/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: w.alice.id, post_id: 'p', channel_id: w.dev.id, context: { proposal: 'p1', decision: 'yes', token: 'forged' } }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ephemeral_text: 'This button is not valid any more. Run the command again.' });
    expect(w.robot.clicks).toEqual([]);
  });
});

describe('mattermost adapter: outbound faults', () => {
  it('retries 429 (honouring Retry-After) and 500 without duplicating the reply', async () => {
    const w = await world();
    w.server.faults.failNext(1, 429, { method: 'POST', path: /\/api\/v4\/posts$/ });
    w.server.faults.failNext(2, 500, { method: 'POST', path: /\/api\/v4\/posts$/ });
    const t0 = Date.now();
    w.server.post(w.alice.id, w.dev.id, '@summoner persist');
    await w.server.waitFor(() => botPosts(w, w.dev.id)[0], 10_000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000); // Retry-After: 1
    const creates = w.server.exchanges.filter((e) => e.method === 'POST' && e.path === '/api/v4/posts');
    expect(creates.map((e) => e.status)).toEqual([429, 500, 500, 201]);
    // Every attempt carried the same pending_post_id.
    expect(new Set(creates.map((e) => (e.requestBody as { pending_post_id: string }).pending_post_id)).size).toBe(1);
    // no twin: proven after a later message's answer, not after a pause
    w.server.post(w.alice.id, w.dev.id, '@summoner marker');
    await w.server.waitFor(() => botPosts(w, w.dev.id).find((x) => x.message === 'echo: marker'), 10_000);
    expect(botPosts(w, w.dev.id)).toHaveLength(2);
  });

  it('keeps replies in order per channel while the server fails', async () => {
    const w = await world();
    w.server.faults.random({ rate: 0.3, statuses: [500, 502, 503], seed: 7 });
    for (let i = 0; i < 20; i++) w.server.post(w.alice.id, w.dev.id, `@summoner n${i}`);
    await w.server.waitFor(() => botPosts(w, w.dev.id).length >= 20, 20_000);
    w.server.faults.random(null);
    expect(botPosts(w, w.dev.id).map((p) => p.message)).toEqual(Array.from({ length: 20 }, (_, i) => `echo: n${i}`));
  });

  it('stop() flushes owed replies before closing', async () => {
    const w = await world();
    w.server.faults.failNext(3, 503, { method: 'POST', path: /\/api\/v4\/posts$/ });
    w.server.post(w.alice.id, w.dev.id, '@summoner owed');
    await w.server.waitFor(() => w.robot.received[0]);
    await w.adapter.stop();
    expect(botPosts(w, w.dev.id).map((p) => p.message)).toEqual(['echo: owed']);
    await w.server.waitFor(() => w.server.sockets() === 0, 2_000);
  });
});

describe('mattermost adapter: socket', () => {
  it('catches up after a restart from the stored last post id', async () => {
    const store = memStore();
    const w = await world({ store });
    w.server.post(w.alice.id, w.dev.id, '@summoner before');
    await w.server.waitFor(() => botPosts(w, w.dev.id)[0]);
    await w.adapter.stop();
    expect([...store.map.keys()].some((k) => k.includes(w.dev.id))).toBe(true);
    w.server.post(w.alice.id, w.dev.id, '@summoner while away 1');
    w.server.post(w.alice.id, w.dev.id, '@summoner while away 2');
    // A restart is a new process: new HTTP listener, new adapter, same store.
    const http2 = createHttpServer({ listen: '127.0.0.1:0' });
    await http2.start();
    let second!: ChatPort;
    const robot2 = echoRobot(() => second, w.robot.seenIds); // the robot's dedup is persistent
    second = createMattermostAdapter({ config: w.config, token: w.bot.token, http: http2, log, store, tuning: { retryMinMs: 10, retryMaxMs: 100 } });
    await second.start(robot2.robot);
    try {
      await w.server.waitFor(() => botPosts(w, w.dev.id).length === 3);
      expect(botPosts(w, w.dev.id).map((p) => p.message)).toEqual(['echo: before', 'echo: while away 1', 'echo: while away 2']);
      expect(robot2.received.every((m) => m.replayed)).toBe(true);
    } finally {
      await second.stop();
      await http2.stop();
    }
  });

  it('reports unhealthy when the socket goes silent past the ping interval, healthy again after', async () => {
    const w = await world({ config: { pingIntervalMs: 300 } });
    expect(w.adapter.health().healthy).toBe(true);
    w.server.faults.silenceSocket(true);
    await w.server.waitFor(() => !w.adapter.health().healthy, 3_000);
    expect(w.adapter.health().detail).toMatch(/silent|down/);
    w.server.faults.silenceSocket(false);
    await w.server.waitFor(() => w.adapter.health().healthy, 5_000);
    w.server.post(w.alice.id, w.dev.id, '@summoner still there');
    await w.server.waitFor(() => botPosts(w, w.dev.id)[0], 5_000);
  });
});
