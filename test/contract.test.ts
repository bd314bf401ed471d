// Contract test: a realistic bot session against the test server, every REST exchange checked
// against the Mattermost OpenAPI spec (assembled at run time from ../shared/mattermost-openapi).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkAll, DEVIATIONS, validateCommandResponse, validateExchange } from './mattermost-server/contract.js';
import { connectWs, restClient } from './mattermost-server/client.js';
import { startTestServer, type Exchange, type TestServer } from './mattermost-server/index.js';

async function expectReject(p: Promise<unknown>): Promise<void> {
  await p.then(
    () => {
      throw new Error('expected a failure');
    },
    () => undefined,
  );
}

describe('contract: a realistic session validates against the OpenAPI spec', () => {
  let server: TestServer;
  let integration: Server;
  let integrationUrl = '';

  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    server = await startTestServer();
    integration = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ update: { message: 'approved' }, ephemeral_text: 'ok' }));
      });
    });
    await new Promise<void>((r) => integration.listen(0, '127.0.0.1', () => r()));
    integrationUrl = `http://127.0.0.1:${(integration.address() as AddressInfo).port}`;

    const team = server.createTeam('acme');
    const bot = server.createUser('summoner', { bot: true });
    const alice = server.createUser('alice');
    server.addToTeam(team.id, bot.id);
    server.addToTeam(team.id, alice.id);
    const town = server.createChannel(team.id, 'town-square');
    const secret = server.createChannel(team.id, 'secret', 'P');
    server.addToChannel(town.id, bot.id);
    server.addToChannel(town.id, alice.id);
    server.addToChannel(secret.id, alice.id);

    const ws = connectWs(server.url, bot.token);
    const c = restClient(server.url, bot.token);
    try {
      // Startup: who am I, where am I.
      await c.ping(false);
      await c.getClientConfig();
      const me = await c.getMe();
      await c.getMyTeams();
      await c.getTeamByName('acme');
      await c.getMyChannels(team.id);
      const raw = (method: string, route: string, body?: unknown) =>
        fetch(`${server.url}/api/v4${route}`, {
          method,
          headers: { Authorization: `BEARER ${bot.token}`, 'Content-Type': 'application/json' },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }).then((r) => r.json());
      await raw('GET', '/users/me/channels'); // Client4 has no method for this one
      const ch = await c.getChannelByNameAndTeamName('acme', 'town-square');
      await c.getChannelByName(team.id, 'town-square');
      await c.getChannel(ch.id);
      await c.getMyChannelMember(ch.id);
      await c.getUser(alice.id);
      await c.getUserByUsername('alice');
      await c.getProfilesByIds([alice.id]);
      await server.waitFor(() => server.sockets() === 1);

      // A human asks, the bot answers in the thread, acks with a reaction, edits its progress post.
      const ask = server.post(alice.id, town.id, '@summoner deploy');
      await server.waitFor(() => ws.posted().find((p) => p.id === ask.id));
      await raw('POST', '/users/me/typing', { channel_id: town.id, parent_id: ask.id }); // no Client4 method either
      await c.addReaction(me.id, ask.id, 'eyes');
      const reply = await c.createPost({ channel_id: town.id, message: 'deploying…', root_id: ask.id, pending_post_id: `${me.id}:1` } as any);
      await c.createPost({ channel_id: town.id, message: 'deploying…', root_id: ask.id, pending_post_id: `${me.id}:1` } as any);
      await c.patchPost({ id: reply.id, message: 'deployed', props: { attachments: [{ color: 'good', text: 'ok' }] } } as any);
      await c.updatePost({ id: reply.id, message: 'deployed!', props: {} } as any);
      await c.getPost(reply.id);
      await c.getPostThread(reply.id);
      await c.getReactionsForPost(ask.id);
      await c.removeReaction(me.id, ask.id, 'eyes');

      // DM and catch-up reads.
      const dm = await c.createDirectChannel([me.id, alice.id]);
      await c.createPost({ channel_id: dm.id, message: 'hi' } as any);
      await c.getPostsSince(town.id, ask.create_at - 1);
      await c.getPosts(town.id, 0, 30);
      await c.getPostsBefore(town.id, reply.id, 0, 10);
      await c.getPostsAfter(town.id, ask.id, 0, 10);

      // A button round trip (REST action endpoint).
      const proposal = await c.createPost({
        channel_id: town.id,
        message: 'Restart?',
        props: { attachments: [{ actions: [{ id: 'yes', name: 'Yes', type: 'button', integration: { url: integrationUrl, context: { p: '1' } } }] }] },
      } as any);
      expect(await server.clickButton(alice.id, proposal.id, 'yes')).toBe(200);

      // Documented errors.
      await expectReject(c.getUserByUsername('ghost'));
      await expectReject(c.getChannelByNameAndTeamName('acme', 'nope'));
      await expectReject(c.getChannelByNameAndTeamName('nope', 'town-square'));
      await expectReject(c.createPost({ channel_id: secret.id, message: 'x' } as any));
      await expectReject(c.createPost({ channel_id: town.id, message: 'x', root_id: reply.id } as any));
      await expectReject(c.createPost({ channel_id: town.id, message: 'x'.repeat(16384) } as any));
      await expectReject(c.addReaction(alice.id, ask.id, 'eyes'));
      await expectReject(restClient(server.url, 'y'.repeat(26)).getMe());
      server.faults.failNext(1, 429);
      await expectReject(c.getMe());
    } finally {
      ws.close();
    }
  });

  afterAll(async () => {
    await server?.close();
    await new Promise<void>((r) => integration?.close(() => r()));
    vi.restoreAllMocks();
  });

  it('has no violations and checked every exchange', () => {
    const result = checkAll(server.exchanges);
    expect(result.violations).toEqual([]);
    expect(result.checked).toBe(server.exchanges.length);
    expect(result.checked).toBeGreaterThan(30);
    // The session covered the deviations on purpose.
    expect(server.exchanges.some((e) => e.path === '/api/v4/reactions' && e.status === 200)).toBe(true);
    expect(server.exchanges.some((e) => e.status === 429 && e.responseContentType.startsWith('text/plain'))).toBe(true);
    expect(server.exchanges.some((e) => e.path.endsWith('/patch') && typeof (e.requestBody as any)?.props === 'object')).toBe(true);
  });

  describe('the checker catches', () => {
    const find = (pred: (e: Exchange) => boolean): Exchange => {
      const ex = server.exchanges.find(pred);
      if (!ex) throw new Error('exchange not found');
      return structuredClone(ex);
    };

    it('a wrong status', () => {
      const ex = find((e) => e.method === 'POST' && e.path === '/api/v4/posts' && e.status === 201);
      ex.status = 200;
      expect(validateExchange(ex).join('\n')).toMatch(/status 200 is not documented/);
      const reaction = find((e) => e.path === '/api/v4/reactions' && e.status === 200);
      expect(validateExchange(reaction)).toEqual([]); // the documented deviation…
      reaction.status = 202;
      expect(validateExchange(reaction).join('\n')).toMatch(/status 202/); // …and nothing more
    });

    it('a missing required field', () => {
      const create = find((e) => e.method === 'POST' && e.path === '/api/v4/posts' && e.status === 201);
      delete (create.requestBody as any).message;
      expect(validateExchange(create).join('\n')).toMatch(/request body: .*required.*'message'/);
      const update = find((e) => e.method === 'PUT' && /^\/api\/v4\/posts\/[a-z0-9]{26}$/.test(e.path));
      delete (update.requestBody as any).id;
      expect(validateExchange(update).join('\n')).toMatch(/'id'/);
      const err = find((e) => e.status === 404);
      delete (err.responseBody as any).request_id;
      expect(validateExchange(err).join('\n')).toMatch(/lacks request_id/);
    });

    it('an unknown path or method', () => {
      const ex = find((e) => e.path === '/api/v4/users/me');
      ex.path = '/api/v4/users/me/frobnicate/now';
      expect(validateExchange(ex).join('\n')).toMatch(/path not in the spec/);
      const m = find((e) => e.path === '/api/v4/system/ping');
      m.method = 'PATCH';
      expect(validateExchange(m).join('\n')).toMatch(/method not in the spec/);
      const all = checkAll([ex, m]);
      expect(all.checked).toBe(0);
      expect(all.violations).toHaveLength(2);
    });

    it('wrong types, content types and 429 bodies', () => {
      const post = find((e) => e.method === 'GET' && /^\/api\/v4\/posts\/[a-z0-9]{26}$/.test(e.path));
      (post.responseBody as any).create_at = String((post.responseBody as any).create_at);
      expect(validateExchange(post).join('\n')).toMatch(/create_at must be integer/);
      const me = find((e) => e.path === '/api/v4/users/me' && e.status === 200);
      me.responseContentType = 'application/json; charset=utf-8';
      expect(validateExchange(me).join('\n')).toMatch(/exactly application\/json/);
      const limited = find((e) => e.status === 429);
      limited.responseBody = { message: 'slow down' };
      limited.responseContentType = 'application/json';
      expect(validateExchange(limited).join('\n')).toMatch(/limit exceeded/);
      const patch = find((e) => e.path.endsWith('/patch'));
      (patch.requestBody as any).props = 'not-an-object';
      expect(validateExchange(patch).join('\n')).toMatch(/props must be object/);
    });

    it('CommandResponse uses the snake_case wire names', () => {
      expect(DEVIATIONS.snakeCaseSchemas).toContain('CommandResponse');
      expect(validateCommandResponse({ response_type: 'in_channel', text: 'hi', attachments: [{ fallback: 'x', ts: 123, fields: [{ title: 'a', value: 'b', short: true }] }] })).toEqual([]);
      expect(validateCommandResponse({ response_type: 5 }).join('\n')).toMatch(/response_type must be string/);
    });
  });
});
