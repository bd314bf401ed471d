// Drives the in-process Mattermost test server with the REAL @mattermost/client (Client4 + WebSocketClient).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientError } from '@mattermost/client';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type Channel, type Team, type TestServer, type User } from './mattermost-server/index.js';
import { connectWs, installNodeWebSocketGlobals, restClient, type WsHandle } from './mattermost-server/client.js';

installNodeWebSocketGlobals();

interface World {
  server: TestServer;
  team: Team;
  bot: User & { token: string };
  alice: User & { token: string };
  bob: User & { token: string };
  town: Channel;
  secret: Channel;
}

async function world(): Promise<World> {
  const server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const alice = server.createUser('alice');
  const bob = server.createUser('bob');
  for (const u of [bot, alice, bob]) server.addToTeam(team.id, u.id);
  const town = server.createChannel(team.id, 'town-square');
  const secret = server.createChannel(team.id, 'secret', 'P');
  server.addToChannel(town.id, bot.id);
  server.addToChannel(town.id, alice.id);
  server.addToChannel(secret.id, alice.id);
  return { server, team, bot, alice, bob, town, secret };
}

/** A tiny local HTTP receiver for slash commands and button integrations. */
interface Receiver {
  url: string;
  requests: Array<{ headers: IncomingMessage['headers']; body: string; path: string }>;
  respond: (req: { body: string; path: string }) => { status: number; json?: unknown; text?: string };
  close(): Promise<void>;
}
async function receiver(): Promise<Receiver> {
  const rec: Receiver = {
    url: '',
    requests: [],
    respond: () => ({ status: 200, json: {} }),
    close: async () => {},
  };
  const srv: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      rec.requests.push({ headers: req.headers, body, path: req.url ?? '' });
      const out = rec.respond({ body, path: req.url ?? '' });
      if (out.json !== undefined) {
        res.writeHead(out.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(out.json));
      } else {
        res.writeHead(out.status, { 'Content-Type': 'text/plain' });
        res.end(out.text ?? '');
      }
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  rec.url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  rec.close = () => new Promise<void>((r) => srv.close(() => r()));
  return rec;
}

async function rejection(p: Promise<unknown>): Promise<ClientError> {
  try {
    await p;
  } catch (e) {
    return e as ClientError;
  }
  throw new Error('expected the call to fail');
}

describe('REST with the real Client4', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    await w.server.close();
  });

  it('serves users, teams and channels with exact JSON content type and headers', async () => {
    const c = restClient(w.server.url, w.bot.token);
    const me = await c.getMe();
    expect(me.id).toBe(w.bot.id);
    expect(me.is_bot).toBe(true);
    expect(me.id).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/);
    expect((await c.getUserByUsername('alice')).id).toBe(w.alice.id);
    expect((await c.getUser(w.alice.id)).username).toBe('alice');
    const profiles = await c.getProfilesByIds([w.alice.id, w.bob.id]);
    expect(profiles.map((u) => u.username).sort()).toEqual(['alice', 'bob']);
    expect((await c.getTeamByName('acme')).id).toBe(w.team.id);
    expect((await c.getMyTeams()).map((t) => t.id)).toEqual([w.team.id]);
    expect((await c.getMyChannels(w.team.id)).map((ch) => ch.id)).toEqual([w.town.id]);
    expect((await c.getChannelByNameAndTeamName('acme', 'town-square')).id).toBe(w.town.id);
    expect((await c.getChannelByName(w.team.id, 'town-square')).id).toBe(w.town.id);
    expect((await c.getChannel(w.town.id)).type).toBe('O');
    expect((await c.getMyChannelMember(w.town.id)).user_id).toBe(w.bot.id);
    const cfg = (await c.getClientConfig()) as unknown as Record<string, string>;
    expect(cfg.MaxPostSize).toBe('16383');
    const ping = await c.ping(false);
    expect(ping.status).toBe('OK');

    const res = await fetch(`${w.server.url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${w.bot.token}` } });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^[a-z0-9]{26}$/);
    expect(res.headers.get('x-version-id')).toMatch(/^11\.2\.0\./);
    // The `Token` scheme is accepted too.
    const tok = await fetch(`${w.server.url}/api/v4/users/me`, { headers: { Authorization: `Token ${w.bot.token}` } });
    expect(tok.status).toBe(200);
  });

  it('answers errors as AppError bodies with the real ids', async () => {
    const c = restClient(w.server.url, w.bot.token);
    const e404 = await rejection(c.getUserByUsername('nobody'));
    expect(e404.status_code).toBe(404);
    expect(e404.server_error_id).toBe('app.user.get_by_username.app_error');
    const eTeam = await rejection(c.getChannelByNameAndTeamName('nope', 'town-square'));
    expect(eTeam.server_error_id).toBe('app.team.get_by_name.missing.app_error');
    const eCh = await rejection(c.getChannelByNameAndTeamName('acme', 'nope'));
    expect(eCh.server_error_id).toBe('app.channel.get_by_name.missing.app_error');
    const ePriv = await rejection(c.getChannelByNameAndTeamName('acme', 'secret'));
    expect(ePriv.status_code).toBe(403);

    const bad = restClient(w.server.url, 'x'.repeat(26));
    const e401 = await rejection(bad.getMe());
    expect(e401.status_code).toBe(401);
    expect(e401.server_error_id).toBe('api.context.session_expired.app_error');

    const q = await fetch(`${w.server.url}/api/v4/users/me?access_token=${w.bot.token}`);
    expect(q.status).toBe(401);
    expect(((await q.json()) as any).id).toBe('api.context.token_provided.app_error');
    const body = (await (await fetch(`${w.server.url}/api/v4/users/me`)).json()) as any;
    expect(Object.keys(body).sort()).toEqual(['detailed_error', 'id', 'message', 'request_id', 'status_code']);
  });

  it('creates, patches, updates posts; reactions answer 200; thread rules hold', async () => {
    const c = restClient(w.server.url, w.bot.token);
    const post = await c.createPost({ channel_id: w.town.id, message: 'hello #world' } as any);
    expect(post.props.from_bot).toBe('true');
    expect(post.hashtags).toBe('#world');
    const ex = w.server.exchanges.at(-1)!;
    expect(ex.status).toBe(201);

    const patched = await c.patchPost({ id: post.id, message: 'hello again' } as any);
    expect(patched.message).toBe('hello again');
    expect(patched.edit_at).toBeGreaterThan(0);
    expect(patched.props.from_bot).toBe('true');

    const updated = await c.updatePost({ id: post.id, message: 'replaced' } as any);
    expect(updated.message).toBe('replaced');
    const mismatch = await fetch(`${w.server.url}/api/v4/posts/${post.id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${w.bot.token}` },
      body: JSON.stringify({ id: w.alice.id, message: 'x' }),
    });
    expect(mismatch.status).toBe(400);

    const reaction = await c.addReaction(w.bot.id, post.id, 'white_check_mark');
    expect(reaction.emoji_name).toBe('white_check_mark');
    expect(w.server.exchanges.at(-1)!.status).toBe(200);
    expect((await c.getReactionsForPost(post.id)).length).toBe(1);
    const eOther = await rejection(c.addReaction(w.alice.id, post.id, 'x'));
    expect(eOther.server_error_id).toBe('api.reaction.save_reaction.user_id.app_error');
    await c.removeReaction(w.bot.id, post.id, 'white_check_mark');
    expect((await c.getReactionsForPost(post.id)).length).toBe(0);

    const reply = await c.createPost({ channel_id: w.town.id, message: 'reply', root_id: post.id } as any);
    expect(reply.root_id).toBe(post.id);
    const eReplyToReply = await rejection(c.createPost({ channel_id: w.town.id, message: 'r2', root_id: reply.id } as any));
    expect(eReplyToReply.status_code).toBe(400);
    expect(eReplyToReply.server_error_id).toBe('api.post.create_post.root_id.app_error');
    const eUnknownRoot = await rejection(c.createPost({ channel_id: w.town.id, message: 'r3', root_id: w.bob.id } as any));
    expect(eUnknownRoot.server_error_id).toBe('api.post.create_post.channel_root_id.app_error');
    const thread = await c.getPostThread(reply.id);
    expect(thread.order).toEqual([reply.id, post.id]);

    const eLong = await rejection(c.createPost({ channel_id: w.town.id, message: '😀'.repeat(16384) } as any));
    expect(eLong.server_error_id).toBe('model.post.is_valid.message_length.app_error');
    await c.createPost({ channel_id: w.town.id, message: '😀'.repeat(16383) } as any); // code points, not UTF-16 units

    const eMember = await rejection(c.createPost({ channel_id: w.secret.id, message: 'x' } as any));
    expect(eMember.status_code).toBe(403);

    const a = await c.createPost({ channel_id: w.town.id, message: 'once', pending_post_id: 'p-1' } as any);
    const b = await c.createPost({ channel_id: w.town.id, message: 'once', pending_post_id: 'p-1' } as any);
    expect(b.id).toBe(a.id);
    expect(w.server.posts(w.town.id).filter((p) => p.message === 'once')).toHaveLength(1);
  });

  it('DMs: 201 every time, sorted name, empty team', async () => {
    const c = restClient(w.server.url, w.bot.token);
    const dm = await c.createDirectChannel([w.bot.id, w.alice.id]);
    expect(dm.type).toBe('D');
    expect(dm.team_id).toBe('');
    expect(dm.name).toBe([w.bot.id, w.alice.id].sort().join('__'));
    const again = await c.createDirectChannel([w.alice.id, w.bot.id]);
    expect(again.id).toBe(dm.id);
    expect(w.server.exchanges.at(-1)!.status).toBe(201);
    const eOthers = await rejection(c.createDirectChannel([w.alice.id, w.bob.id]));
    expect(eOthers.status_code).toBe(403);
    expect((await c.getMyChannels(w.team.id)).map((x) => x.id)).toContain(dm.id);
  });

  it('catch-up: since returns changed posts newest first, roots in posts; cursor paging', async () => {
    const c = restClient(w.server.url, w.bot.token);
    const ch = w.server.createChannel(w.team.id, 'catchup');
    w.server.addToChannel(ch.id, w.bot.id);
    w.server.addToChannel(ch.id, w.alice.id);
    const root = w.server.post(w.alice.id, ch.id, 'root');
    const t0 = root.update_at;
    const p1 = w.server.post(w.alice.id, ch.id, 'one');
    const r1 = w.server.post(w.alice.id, ch.id, 'reply', { rootId: root.id });
    const list = await c.getPostsSince(ch.id, t0);
    expect(list.order).toEqual([r1.id, p1.id]);
    expect(Object.keys(list.posts).sort()).toEqual([root.id, p1.id, r1.id].sort());
    w.server.editPost(w.alice.id, p1.id, 'one (edited)');
    const after = await c.getPostsSince(ch.id, r1.update_at);
    expect(after.order).toEqual([p1.id]);
    expect(after.posts[p1.id]!.message).toBe('one (edited)');
    const beforeDelete = after.posts[p1.id]!.update_at;
    w.server.deletePost(r1.id);
    const deleted = await c.getPostsSince(ch.id, beforeDelete);
    expect(deleted.order).toEqual([r1.id]);
    expect(deleted.posts[r1.id]!.delete_at).toBeGreaterThan(0);
    expect((await c.getPostThread(root.id)).order).toEqual([root.id]);
    const e404 = await rejection(c.getPost(r1.id));
    expect(e404.status_code).toBe(404);

    const r2 = w.server.post(w.alice.id, ch.id, 'reply 2', { rootId: root.id });
    const page = await c.getPosts(ch.id, 0, 2);
    expect(page.order).toEqual([r2.id, p1.id]);
    expect(page.prev_post_id).toBe(root.id);
    expect(Object.keys(page.posts)).toContain(root.id); // the thread root comes along
    const before = await c.getPostsBefore(ch.id, p1.id, 0, 10);
    expect(before.order).toEqual([root.id]);
    const afterCursor = await c.getPostsAfter(ch.id, root.id, 0, 1);
    expect(afterCursor.order).toEqual([p1.id]);
    expect(afterCursor.next_post_id).toBe(r2.id);
  });

  it('rate limiting: plain-text 429 that Client4 cannot parse', async () => {
    const c = restClient(w.server.url, w.bot.token);
    w.server.faults.failNext(1, 429, { path: /users\/me$/ });
    const e = await rejection(c.getMe());
    expect(e.status_code).toBeUndefined();
    expect(e.message).toBe('');
    const ex = w.server.exchanges.at(-1)!;
    expect(ex.status).toBe(429);
    expect(ex.fault).toBe(true);
    expect(ex.responseContentType).toBe('text/plain; charset=utf-8');
    expect(ex.responseBody).toBe('limit exceeded\n');

    w.server.faults.failNext(1, 429);
    const raw = await fetch(`${w.server.url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${w.bot.token}` } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    expect(raw.headers.get('x-ratelimit-limit')).toBe('101');
    expect(raw.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await raw.text()).toBe('limit exceeded\n');

    w.server.faults.failNext(1, 503, { method: 'POST' });
    expect((await c.getMe()).id).toBe(w.bot.id); // GET does not match
    const e503 = await rejection(c.createPost({ channel_id: w.town.id, message: 'x' } as any));
    expect(e503.status_code).toBe(503);

    w.server.faults.random({ rate: 1, statuses: [502], seed: 7 });
    const e502 = await rejection(c.getMe());
    expect(e502.status_code).toBe(502);
    w.server.faults.random(null);
    expect((await c.getMe()).id).toBe(w.bot.id);

    w.server.faults.latency(150);
    const t0 = Date.now();
    await c.getMe();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    w.server.faults.latency(0);
  });
});

describe('WebSocket with the real WebSocketClient', () => {
  let w: World;
  let clients: WsHandle[] = [];
  const ws = (token: string, opts?: Parameters<typeof connectWs>[2]) => {
    const h = connectWs(w.server.url, token, opts);
    clients.push(h);
    return h;
  };
  beforeEach(async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    w = await world();
  });
  afterEach(async () => {
    for (const h of clients) h.close();
    clients = [];
    await w.server.close();
    vi.restoreAllMocks();
  });

  it('hello, ping/pong, posted to every member incl. the author, edits and reactions', async () => {
    const bot = ws(w.bot.token);
    const alice = ws(w.alice.token);
    await w.server.waitFor(() => w.server.sockets() === 2);
    await w.server.waitFor(() => bot.events.length >= 1 && alice.events.length >= 1);
    const hello = bot.events[0];
    expect(hello.event).toBe('hello');
    expect(hello.seq).toBe(0);
    expect(hello.data.connection_id).toMatch(/^[a-z0-9]{26}$/);
    expect(hello.data.server_version).toMatch(/^11\.2\.0\./);
    expect(hello.broadcast.user_id).toBe(w.bot.id);

    const pong = await new Promise<any>((resolve) => bot.client.sendMessage('ping', {}, resolve as (msg?: unknown) => void));
    expect(pong.status).toBe('OK');
    expect(pong.data.text).toBe('pong');
    expect(pong.data.node_id).toBe('');

    const typingAck = await new Promise<any>((resolve) => alice.client.sendMessage('user_typing', { channel_id: w.town.id, parent_id: '' }, resolve));
    expect(typingAck.status).toBe('OK');
    await new Promise<void>((resolve) => alice.client.userTyping(w.town.id, '', resolve));
    await w.server.waitFor(() => bot.events.find((e) => e.event === 'typing'));
    expect(alice.events.find((e) => e.event === 'typing')).toBeUndefined();

    w.server.post(w.alice.id, w.town.id, 'hey @summoner');
    await w.server.waitFor(() => bot.posted().length === 1 && alice.posted().length === 1);
    const ev = bot.events.find((e) => e.event === 'posted');
    expect(typeof ev.data.post).toBe('string');
    expect(ev.data.channel_type).toBe('O');
    expect(ev.data.channel_name).toBe('town-square');
    expect(ev.data.sender_name).toBe('@alice');
    expect(ev.data.team_id).toBe(w.team.id);
    expect(ev.data.set_online).toBe(true);
    expect(JSON.parse(ev.data.mentions)).toEqual([w.bot.id]);
    const aliceEv = alice.events.find((e) => e.event === 'posted');
    expect(aliceEv.data.mentions).toBeUndefined(); // the author is not mentioned

    // The bot sees its own post too.
    const c = restClient(w.server.url, w.bot.token);
    const mine = await c.createPost({ channel_id: w.town.id, message: 'mine' } as any);
    await w.server.waitFor(() => bot.posted().find((p) => p.id === mine.id));
    await c.patchPost({ id: mine.id, message: 'mine!' } as any);
    await c.addReaction(w.bot.id, mine.id, 'eyes');
    await w.server.waitFor(() => alice.events.find((e) => e.event === 'reaction_added'));
    const edited = alice.events.find((e) => e.event === 'post_edited');
    expect(JSON.parse(edited.data.post).message).toBe('mine!');
    expect(JSON.parse(alice.events.find((e) => e.event === 'reaction_added').data.reaction).emoji_name).toBe('eyes');

    // DMs: team_id '' and display name @sender.
    const dm = w.server.directChannel(w.alice.id, w.bot.id);
    w.server.post(w.alice.id, dm.id, 'psst');
    await w.server.waitFor(() => bot.posted().find((p) => p.message === 'psst'));
    const dmEv = bot.events.find((e) => e.event === 'posted' && JSON.parse(e.data.post).message === 'psst');
    expect(dmEv.data.team_id).toBe('');
    expect(dmEv.data.channel_type).toBe('D');
    expect(dmEv.data.channel_display_name).toBe('@alice');
    for (const h of [bot, alice]) h.events.forEach((e, i) => expect(e.seq).toBe(i));
  });

  it('incoming webhooks post as their creator, with from_webhook and the overrides; bots carry from_bot', async () => {
    const bot = ws(w.bot.token);
    await w.server.waitFor(() => bot.events.some((e) => e.event === 'hello'));
    const hook = w.server.createIncomingWebhook({ userId: w.alice.id, channelId: w.town.id, displayName: 'CI' });
    const send = (body: unknown, type = 'application/json') =>
      fetch(hook.url, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const r = await send({ text: 'deployed', username: 'Release Bot', icon_url: 'https://x.example/i.png' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('ok');
    const posted = await w.server.waitFor(() => bot.events.find((e) => e.event === 'posted' && JSON.parse(e.data.post).message === 'deployed'));
    const post = JSON.parse(posted.data.post);
    expect(post).toMatchObject({ user_id: w.alice.id, channel_id: w.town.id, props: { from_webhook: 'true', override_username: 'Release Bot', override_icon_url: 'https://x.example/i.png', webhook_display_name: 'CI' } });
    expect(posted.data.sender_name).toBe('Release Bot'); // the override, not the author
    // `channel: "@user"` goes to the DM between the creator and that user; the form encoding works too
    expect((await send(`payload=${encodeURIComponent(JSON.stringify({ channel: '@summoner', text: 'psst' }))}`, 'application/x-www-form-urlencoded')).status).toBe(200);
    const dm = await w.server.waitFor(() => w.server.posts().find((p) => p.message === 'psst'));
    expect(dm).toMatchObject({ user_id: w.alice.id, props: { from_webhook: 'true' } });
    expect(dm.channel_id).toBe(w.server.directChannel(w.alice.id, w.bot.id).id);
    expect((await send({ text: '' })).status).toBe(400);
    expect((await fetch(`${w.server.url}/hooks/${'x'.repeat(26)}`, { method: 'POST', body: '{"text":"x"}' })).status).toBe(400);
    // a bot account's posts carry from_bot
    expect(w.server.post(w.bot.id, w.town.id, 'beep').props).toMatchObject({ from_bot: 'true' });
  });

  it('resume after dropSockets replays the missed events: no hello, no gap', async () => {
    const bot = ws(w.bot.token);
    await w.server.waitFor(() => bot.events.length === 1 && w.server.sockets() === 1);
    const connId = bot.events[0].data.connection_id;
    w.server.post(w.alice.id, w.town.id, 'before');
    await w.server.waitFor(() => bot.posted().length === 1);

    w.server.faults.dropSockets();
    w.server.post(w.alice.id, w.town.id, 'while away 1');
    w.server.post(w.alice.id, w.town.id, 'while away 2');
    await w.server.waitFor(() => bot.reconnects === 1 && bot.posted().length === 3);
    w.server.post(w.alice.id, w.town.id, 'after');
    await w.server.waitFor(() => bot.posted().length === 4);

    expect(bot.posted().map((p) => p.message)).toEqual(['before', 'while away 1', 'while away 2', 'after']);
    expect(bot.events.filter((e) => e.event === 'hello')).toHaveLength(1);
    expect(bot.missed).toBe(0);
    expect(bot.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect((bot.client as any).connectionId).toBe(connId);
  });

  it('forgetConnections forces a new connection id, hello seq 0 and the missed-message listener', async () => {
    const bot = ws(w.bot.token);
    await w.server.waitFor(() => bot.events.length === 1);
    const first = bot.events[0].data.connection_id;
    w.server.post(w.alice.id, w.town.id, 'one');
    await w.server.waitFor(() => bot.posted().length === 1);
    w.server.faults.forgetConnections();
    w.server.post(w.alice.id, w.town.id, 'lost while away');
    await w.server.waitFor(() => bot.missed === 1 && bot.events.filter((e) => e.event === 'hello').length === 2);
    const hellos = bot.events.filter((e) => e.event === 'hello');
    expect(hellos[1].seq).toBe(0);
    expect(hellos[1].data.connection_id).not.toBe(first);
    expect(bot.posted().map((p) => p.message)).toEqual(['one']); // the REST catch-up is the client's job
    w.server.post(w.alice.id, w.town.id, 'two');
    await w.server.waitFor(() => bot.posted().length === 2);
  });

  it('challenge-authenticated sockets: hello before the OK reply, never resumed', async () => {
    const bot = ws(w.bot.token, { headerAuth: false });
    await w.server.waitFor(() => bot.events.length === 1 && w.server.sockets() === 1);
    const first = bot.events[0].data.connection_id;
    w.server.faults.dropSockets();
    await w.server.waitFor(() => bot.missed === 1);
    const hellos = bot.events.filter((e) => e.event === 'hello');
    expect(hellos).toHaveLength(2);
    expect(hellos[1].data.connection_id).not.toBe(first);
  });

  it('silenceSocket: the client ping times out, reconnects and gets the held events replayed', async () => {
    const bot = ws(w.bot.token, { pingIntervalMs: 300 });
    await w.server.waitFor(() => bot.events.length === 1 && w.server.sockets() === 1);
    w.server.faults.silenceSocket(true);
    w.server.post(w.alice.id, w.town.id, 'during silence');
    await w.server.waitFor(() => bot.closes >= 1, 5000);
    w.server.faults.silenceSocket(false);
    await w.server.waitFor(() => bot.posted().length === 1, 5000);
    expect(bot.missed).toBe(0);
    expect(bot.events.filter((e) => e.event === 'hello')).toHaveLength(1);
  });
});

/** A raw `ws` socket that records every frame. */
async function rawSocket(url: string, opts: { token?: string; query?: string } = {}) {
  const frames: any[] = [];
  const sock = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v4/websocket${opts.query ?? ''}`, {
    headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
  });
  let closed = false;
  sock.on('message', (d) => frames.push(JSON.parse(String(d))));
  sock.on('close', () => (closed = true));
  sock.on('error', () => {});
  await new Promise<void>((resolve) => {
    sock.once('open', () => resolve());
    sock.once('close', () => resolve());
  });
  return { sock, frames, isClosed: () => closed, send: (o: unknown) => sock.send(JSON.stringify(o)) };
}

describe('WebSocket protocol details (raw ws)', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(async () => {
    await w.server.close();
  });

  it('challenge auth: FAIL before auth, hello then OK, bad token closes, second challenge ignored', async () => {
    const s = await rawSocket(w.server.url);
    s.send({ seq: 1, action: 'ping' });
    await w.server.waitFor(() => s.frames.length === 1);
    expect(s.frames[0]).toMatchObject({ status: 'FAIL', seq_reply: 1, error: { id: 'api.web_socket_router.not_authenticated.app_error', status_code: 401 } });
    s.send({ seq: 2, action: 'authentication_challenge', data: { token: w.bot.token } });
    await w.server.waitFor(() => s.frames.length === 3);
    expect(s.frames[1]).toMatchObject({ event: 'hello', seq: 0 });
    expect(s.frames[2]).toEqual({ status: 'OK', seq_reply: 2 });
    s.send({ seq: 3, action: 'authentication_challenge', data: { token: w.bot.token } });
    s.send({ seq: 4, action: 'nonsense' });
    s.send({ seq: 0, action: 'ping' });
    await w.server.waitFor(() => s.frames.length === 5);
    expect(s.frames[3]).toMatchObject({ status: 'FAIL', seq_reply: 4, error: { id: 'api.web_socket_router.bad_action.app_error' } });
    expect(s.frames[4]).toMatchObject({ status: 'FAIL', error: { id: 'api.web_socket_router.bad_seq.app_error' } });
    s.sock.close();

    const bad = await rawSocket(w.server.url);
    bad.send({ seq: 1, action: 'authentication_challenge', data: { token: 'nope' } });
    await w.server.waitFor(() => bad.isClosed());
    expect(bad.frames).toEqual([]);
  });

  it('resume outcomes: replay, continue, missed (queue overflow), unknown id, id without seq', async () => {
    const a = await rawSocket(w.server.url, { token: w.bot.token });
    await w.server.waitFor(() => a.frames.length === 1);
    const connId = a.frames[0].data.connection_id;
    w.server.post(w.alice.id, w.town.id, 'one'); // seq 1
    await w.server.waitFor(() => a.frames.length === 2);
    a.sock.terminate();
    await w.server.waitFor(() => w.server.sockets() === 0);

    // Nothing missed: asking for the next seq just continues, no hello.
    const b = await rawSocket(w.server.url, { token: w.bot.token, query: `?connection_id=${connId}&sequence_number=2` });
    w.server.post(w.alice.id, w.town.id, 'two'); // seq 2
    await w.server.waitFor(() => b.frames.length === 1);
    expect(b.frames[0]).toMatchObject({ event: 'posted', seq: 2 });
    b.sock.terminate();
    await w.server.waitFor(() => w.server.sockets() === 0);

    // Replay from the dead queue.
    const c = await rawSocket(w.server.url, { token: w.bot.token, query: `?connection_id=${connId}&sequence_number=1` });
    await w.server.waitFor(() => c.frames.length === 2);
    expect(c.frames.map((f) => f.seq)).toEqual([1, 2]);
    c.sock.terminate();
    await w.server.waitFor(() => w.server.sockets() === 0);

    // More than 128 events while away: seq 3 fell out of the dead queue → new id, hello seq 0.
    for (let i = 0; i < 140; i++) w.server.post(w.alice.id, w.town.id, `flood ${i}`);
    const d = await rawSocket(w.server.url, { token: w.bot.token, query: `?connection_id=${connId}&sequence_number=3` });
    await w.server.waitFor(() => d.frames.length === 1);
    expect(d.frames[0]).toMatchObject({ event: 'hello', seq: 0 });
    expect(d.frames[0].data.connection_id).not.toBe(connId);
    d.sock.terminate();

    // Unknown id → fresh.
    const e = await rawSocket(w.server.url, { token: w.bot.token, query: `?connection_id=${'q'.repeat(26)}&sequence_number=5` });
    await w.server.waitFor(() => e.frames.length === 1);
    expect(e.frames[0]).toMatchObject({ event: 'hello', seq: 0 });
    e.sock.terminate();

    // A connection id without a sequence number drops the socket.
    const f = await rawSocket(w.server.url, { token: w.bot.token, query: `?connection_id=${connId}` });
    await w.server.waitFor(() => f.isClosed());
  });

  it('disconnected connection ids expire after the TTL', async () => {
    const server = await startTestServer({ connectionTtlMs: 50 });
    try {
      const u = server.createUser('u');
      const a = await rawSocket(server.url, { token: u.token });
      await server.waitFor(() => a.frames.length === 1);
      const id = a.frames[0].data.connection_id;
      a.sock.terminate();
      await server.waitFor(() => server.sockets() === 0);
      // time itself is under test: the 50 ms TTL must run out; no event marks an id forgotten (that is the point)
      await new Promise((r) => setTimeout(r, 80));
      const b = await rawSocket(server.url, { token: u.token, query: `?connection_id=${id}&sequence_number=1` });
      await server.waitFor(() => b.frames.length === 1);
      expect(b.frames[0].event).toBe('hello');
      expect(b.frames[0].data.connection_id).not.toBe(id);
      b.sock.terminate();
    } finally {
      await server.close();
    }
  });

  it('closes unauthenticated sockets after the auth timeout', async () => {
    const server = await startTestServer({ authTimeoutMs: 50 });
    try {
      const s = await rawSocket(server.url);
      await server.waitFor(() => s.isClosed(), 2000);
    } finally {
      await server.close();
    }
  });
});

describe('integrations: slash commands and buttons', () => {
  let w: World;
  let rec: Receiver;
  let clients: WsHandle[] = [];
  beforeEach(async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    w = await world();
    rec = await receiver();
  });
  afterEach(async () => {
    for (const h of clients) h.close();
    clients = [];
    await rec.close();
    await w.server.close();
    vi.restoreAllMocks();
  });

  it('runSlash POSTs the documented form with Authorization: Token and applies in_channel responses', async () => {
    w.server.registerSlashCommand({ teamId: w.team.id, trigger: 'summon', url: `${rec.url}/slash`, token: 'cmdtoken' });
    rec.respond = () => ({ status: 200, json: { response_type: 'in_channel', text: 'on it, @bob', username: 'Deployer' } });
    const root = w.server.post(w.alice.id, w.town.id, 'thread root');
    const res = await w.server.runSlash(w.alice.id, w.town.id, '/summon deploy @bob ~town-square', { rootId: root.id });
    expect(res.status).toBe(200);
    expect(res.body.text).toBe('on it, @bob');
    const req = rec.requests[0]!;
    expect(req.headers.authorization).toBe('Token cmdtoken');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.body);
    expect(form.get('command')).toBe('/summon');
    expect(form.get('text')).toBe('deploy @bob ~town-square');
    expect(form.get('user_id')).toBe(w.alice.id);
    expect(form.get('user_name')).toBe('alice');
    expect(form.get('channel_id')).toBe(w.town.id);
    expect(form.get('channel_name')).toBe('town-square');
    expect(form.get('team_id')).toBe(w.team.id);
    expect(form.get('team_domain')).toBe('acme');
    expect(form.get('root_id')).toBe(root.id);
    expect(form.get('token')).toBe('cmdtoken');
    expect(form.get('trigger_id')).toBeTruthy();
    expect(form.get('response_url')).toMatch(/\/hooks\/commands\/[a-z0-9]{26}$/);
    expect(form.get('user_mentions[0]')).toBe('bob');
    expect(form.get('user_mentions_ids[0]')).toBe(w.bob.id);
    expect(form.get('channel_mentions_ids[0]')).toBe(w.town.id);
    const reply = w.server.posts(w.town.id).at(-1)!;
    expect(reply.message).toBe('on it, @bob');
    expect(reply.root_id).toBe(root.id);
    // posted as the caller, marked as an integration's post, with the response's username as the override
    expect(reply).toMatchObject({ user_id: w.alice.id, props: { from_webhook: 'true', override_username: 'Deployer' } });

    // Delayed response through response_url (plain text).
    const delayed = await fetch(form.get('response_url')!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ response_type: 'in_channel', text: 'done' }) });
    expect(delayed.status).toBe(200);
    expect(await delayed.text()).toBe('ok');
    expect(w.server.posts(w.town.id).at(-1)!.message).toBe('done');

    // Ephemeral (default) responses are not stored as posts.
    rec.respond = () => ({ status: 200, json: { text: 'only you see this' } });
    const before = w.server.posts().length;
    await w.server.runSlash(w.alice.id, w.town.id, 'status', { trigger: 'summon' });
    expect(w.server.posts().length).toBe(before);
    expect(w.server.ephemerals(w.alice.id).at(-1)!.post.message).toBe('only you see this');
    expect(new URLSearchParams(rec.requests.at(-1)!.body).get('text')).toBe('status');
  });

  it('clickButton goes through the REST action endpoint; update emits post_edited; non-200 gives 400', async () => {
    const bot = connectWs(w.server.url, w.bot.token);
    clients.push(bot);
    const c = restClient(w.server.url, w.bot.token);
    const post = await c.createPost({
      channel_id: w.town.id,
      message: 'Restart nextcloud?',
      props: {
        attachments: [
          {
            text: 'proposal',
            actions: [
              { id: 'approve', name: 'Approve', type: 'button', style: 'primary', integration: { url: `${rec.url}/action`, context: { proposal: 'p1', decision: 'yes' } } },
              { name: 'Deny', integration: { url: `${rec.url}/action`, context: { proposal: 'p1', decision: 'no' } } },
            ],
          },
        ],
      },
    } as any);
    expect(post.type).toBe('slack_attachment');
    const deny = (post.props as any).attachments[0].actions[1];
    expect(deny.id).toMatch(/^[a-z0-9]{26}$/); // generated when absent

    rec.respond = () => ({ status: 200, json: { update: { message: 'Approved by @alice', props: {} }, ephemeral_text: 'noted' } });
    const status = await w.server.clickButton(w.alice.id, post.id, 'approve');
    expect(status).toBe(200);
    const body = JSON.parse(rec.requests[0]!.body);
    expect(body).toMatchObject({
      user_id: w.alice.id,
      user_name: 'alice',
      channel_id: w.town.id,
      post_id: post.id,
      type: 'button',
      context: { proposal: 'p1', decision: 'yes' },
      team_id: w.team.id,
    });
    expect(body.trigger_id).toBeTruthy();
    await w.server.waitFor(() => bot.events.find((e) => e.event === 'post_edited'));
    const stored = w.server.posts(w.town.id).find((p) => p.id === post.id)!;
    expect(stored.message).toBe('Approved by @alice');
    expect(stored.props.from_bot).toBe('true'); // retained
    expect(stored.props.attachments).toBeUndefined();
    expect(w.server.ephemerals(w.alice.id).at(-1)!.post.message).toBe('noted');

    rec.respond = () => ({ status: 500, text: 'boom' });
    const post2 = await c.createPost({ channel_id: w.town.id, message: 'x', props: { attachments: [{ actions: [{ id: 'go', name: 'Go', integration: { url: `${rec.url}/action`, context: {} } }] }] } } as any);
    expect(await w.server.clickButton(w.alice.id, post2.id, 'go')).toBe(400);
    expect((w.server.exchanges.at(-1)!.responseBody as any).id).toBe('api.post.do_action.action_integration.app_error');
    expect(await w.server.clickButton(w.alice.id, post2.id, 'nope')).toBe(404);
  });
});
