// Pure parts of the Mattermost adapter: splitting, mention parsing, backoff, button signatures, slash fields, health.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expBackoff, parseRetryAfter, withJitter } from '../adapters/mattermost/backoff.js';
import { renderPost, signContext, verifyContext, actionId } from '../adapters/mattermost/buttons.js';
import { socketHealth } from '../adapters/mattermost/health.js';
import { secretEquals } from '../adapters/mattermost/http.js';
import { catchUpFrom, nextCursor } from '../adapters/mattermost/cursor.js';
import { classifyPost, findMention, stripMention, type WirePost } from '../adapters/mattermost/inbound.js';
import { slashMessage } from '../adapters/mattermost/slash.js';
import { reconnectDelay, websocketUrl } from '../adapters/mattermost/socket.js';
import { codePoints, MAX_POST_RUNES, splitMessage } from '../adapters/mattermost/split.js';

describe('splitMessage', () => {
  it('leaves short text alone and counts code points, not UTF-16 units', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
    const emoji = '😀'.repeat(MAX_POST_RUNES); // 2 UTF-16 units each, exactly at the limit in code points
    expect(emoji.length).toBe(2 * MAX_POST_RUNES);
    expect(splitMessage(emoji)).toEqual([emoji]);
    const over = emoji + '😀';
    const parts = splitMessage(over);
    expect(parts.length).toBe(2);
    expect(parts.every((p) => codePoints(p) <= MAX_POST_RUNES)).toBe(true);
    expect(parts.join('')).toBe(over);
    expect(parts.some((p) => /[\ud800-\udbff]$/.test(p))).toBe(false); // no surrogate pair cut in half
  });

  it('prefers line boundaries and keeps every line intact', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(10)}`);
    const parts = splitMessage(lines.join('\n'), 100);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(codePoints(p)).toBeLessThanOrEqual(100);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });

  it('closes and reopens a code fence across chunks, with its info string', () => {
    const body = Array.from({ length: 30 }, (_, i) => `echo step ${i}`);
    const text = ['Output:', '```bash', ...body, '```', 'done'].join('\n');
    const parts = splitMessage(text, 120);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(codePoints(p)).toBeLessThanOrEqual(120);
      const fences = p.split('\n').filter((l) => l.startsWith('```')).length;
      expect(fences % 2).toBe(0); // every chunk is balanced
    }
    expect(parts[1]!.startsWith('```bash\n')).toBe(true);
    // Dropping the added fences gives back the original lines.
    const rebuilt = parts
      .map((p, i) => {
        const ls = p.split('\n');
        if (i > 0 && ls[0] === '```bash') ls.shift();
        if (i < parts.length - 1 && ls.at(-1) === '```') ls.pop();
        return ls.join('\n');
      })
      .join('\n');
    expect(rebuilt).toBe(text);
  });

  it('cuts a single over-long line, preferring spaces', () => {
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const parts = splitMessage(words, 50);
    for (const p of parts) expect(codePoints(p)).toBeLessThanOrEqual(50);
    expect(parts.join('')).toBe(words);
    expect(parts.slice(0, -1).every((p) => p.endsWith(' '))).toBe(true);
  });

  it('splits a real over-long reply under the server limit', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `row ${i}: ${'é'.repeat(5)}`).join('\n');
    const parts = splitMessage(text);
    expect(codePoints(text)).toBeGreaterThan(2 * MAX_POST_RUNES);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => codePoints(p) <= MAX_POST_RUNES)).toBe(true);
    expect(parts.join('\n')).toBe(text);
  });
});

describe('mentions', () => {
  it('finds whole @username mentions only', () => {
    expect(findMention('@summoner deploy', 'summoner')).toEqual({ start: 0, end: 9 });
    expect(findMention('hey @Summoner.', 'summoner')).toBeDefined();
    expect(findMention('@summoner-old deploy', 'summoner')).toBeUndefined();
    expect(findMention('mail me@summoner.org', 'summoner')).toBeUndefined();
    expect(findMention('@summoner.bot hi', 'summoner')).toBeUndefined();
  });

  it('strips a leading mention with optional punctuation, or cuts it out mid-sentence', () => {
    expect(stripMention('@summoner: deploy web', 'summoner')).toEqual({ mentioned: true, text: 'deploy web' });
    expect(stripMention('  @summoner, status', 'summoner')).toEqual({ mentioned: true, text: 'status' });
    expect(stripMention('please @summoner deploy web', 'summoner')).toEqual({ mentioned: true, text: 'please deploy web' });
    expect(stripMention('just chatting', 'summoner')).toEqual({ mentioned: false, text: 'just chatting' });
  });

  const self = { id: 'bot0000000000000000000000a', username: 'summoner' };
  const post = (over: Partial<WirePost>): WirePost => ({
    id: 'p'.repeat(26),
    create_at: 1,
    user_id: 'u'.repeat(26),
    channel_id: 'c'.repeat(26),
    root_id: '',
    message: 'hello',
    type: '',
    props: {},
    ...over,
  });

  it('classifies posts: addressed, chatter, DMs, threads, own/system/bot posts', () => {
    const addressed = classifyPost(post({ message: '@summoner deploy' }), { channelType: 'O' }, self);
    expect('message' in addressed && addressed.message).toMatchObject({ addressed: true, text: 'deploy', kind: 'channel', threadId: 'p'.repeat(26) });
    const byId = classifyPost(post({ message: 'hey Summoner Bot deploy' }), { channelType: 'O', mentions: [self.id] }, self);
    expect('message' in byId && byId.message.addressed).toBe(true);
    const chatter = classifyPost(post({ message: 'lunch?' }), { channelType: 'O' }, self);
    expect('message' in chatter && chatter.message.addressed).toBe(false);
    const dm = classifyPost(post({ message: 'status' }), { channelType: 'D' }, self);
    expect(dm).toMatchObject({ message: { addressed: true, kind: 'dm', text: 'status' } });
    const reply = classifyPost(post({ message: '@summoner go', root_id: 'r'.repeat(26) }), { channelType: 'O' }, self);
    expect('message' in reply && reply.message.threadId).toBe('r'.repeat(26));
    expect(classifyPost(post({ user_id: self.id, message: '@summoner loop' }), { channelType: 'O' }, self)).toEqual({ ignore: 'own post' });
    expect(classifyPost(post({ type: 'system_join_channel' }), { channelType: 'O' }, self)).toEqual({ ignore: 'system post' });
    expect(classifyPost(post({ props: { from_bot: 'true' } }), { channelType: 'O' }, self)).toEqual({ ignore: 'post from another bot' });
    const botAddressed = classifyPost(post({ props: { from_bot: 'true' }, message: '@summoner hi' }), { channelType: 'O' }, self);
    expect('message' in botAddressed && botAddressed.message.integration).toBe('bot'); // passed on, to be refused and audited
    const hook = classifyPost(post({ props: { from_webhook: 'true', override_username: 'x' }, message: '@summoner hi' }), { channelType: 'O' }, self);
    expect('message' in hook && hook.message.integration).toBe('webhook');
    const allowed = classifyPost(post({ props: { from_bot: 'true' }, message: '@summoner hi' }), { channelType: 'O' }, self, { isBot: true }, ['u'.repeat(26)]);
    expect('message' in allowed && allowed.message.integration).toBeUndefined();
    const replayed = classifyPost(post({ message: '@summoner x' }), { channelType: 'O', replayed: true }, self);
    expect('message' in replayed && replayed.message.replayed).toBe(true);
  });
});

describe('backoff', () => {
  it('grows exponentially and is capped', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => expBackoff(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(expBackoff(500, 100, 1000)).toBe(1000);
  });
  it('adds up to half again as jitter', () => {
    expect(withJitter(1000, () => 0)).toBe(1000);
    expect(withJitter(1000, () => 0.999)).toBeLessThanOrEqual(1500);
  });
  it('sets the socket client delay from the failure count', () => {
    expect(reconnectDelay(1, 50, 400)).toEqual({ base: 50, jitter: 25 });
    expect(reconnectDelay(4, 50, 400).base).toBe(400);
    expect(reconnectDelay(9, 50, 400).base).toBe(400);
  });
  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('1')).toBe(1000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
  });
  it('derives the websocket URL from the site URL', () => {
    expect(websocketUrl('https://chat.example.org/')).toBe('wss://chat.example.org/api/v4/websocket');
    expect(websocketUrl('http://127.0.0.1:8065')).toBe('ws://127.0.0.1:8065/api/v4/websocket');
  });
});

describe('buttons', () => {
  const secret = randomBytes(32);
  it('signs contexts and refuses forged or altered ones', () => {
    const ctx = { proposal: '42', decision: 'yes' };
    const signed = { ...ctx, token: signContext(secret, ctx) };
    expect(verifyContext(secret, signed)).toEqual(ctx);
    expect(verifyContext(secret, { ...signed, decision: 'no' })).toBeUndefined();
    expect(verifyContext(secret, ctx)).toBeUndefined();
    expect(verifyContext(randomBytes(32), signed)).toBeUndefined();
    expect(verifyContext(secret, 'nope')).toBeUndefined();
  });
  it('renders attachments with actions, integration URL and colour', () => {
    const out = { text: 'Delete app?', color: 'danger', buttons: [{ id: 'yes-1', label: 'Yes', style: 'danger' as const, context: { p: '1' } }] };
    // without the post's id, the buttons are left out (they are signed for their post)
    expect((renderPost(out, out.text, true, 'http://bot/mattermost/actions', secret).props['attachments'] as any[])[0].actions).toBeUndefined();
    const body = renderPost(out, out.text, true, 'http://bot/mattermost/actions', secret, 'post1');
    const att = (body.props['attachments'] as any[])[0];
    expect(body.message).toBe('');
    expect(att).toMatchObject({ color: 'danger', text: 'Delete app?' });
    expect(att.actions[0]).toMatchObject({ id: 'yes1', name: 'Yes', type: 'button', style: 'danger', integration: { url: 'http://bot/mattermost/actions' } });
    expect(verifyContext(secret, att.actions[0].integration.context)).toEqual({ p: '1', bound_user: '', bound_post: 'post1', bound_until: '' });
    expect(renderPost({ text: 'plain' }, 'plain', true, 'u', secret)).toEqual({ message: 'plain', props: {} });
    expect(actionId('---', 3)).toBe('action3');
  });
});

describe('slash and http helpers', () => {
  it('builds a slash InboundMessage', () => {
    const m = slashMessage({ trigger_id: 'T1', text: ' deploy web ', user_id: 'u1', user_name: 'alice', channel_id: 'c1', channel_name: 'dev', root_id: 'r1' });
    expect(m).toEqual({ id: 'slash:T1', kind: 'slash', text: 'deploy web', userId: 'u1', userName: 'alice', channelId: 'c1', channelName: 'dev', threadId: 'r1', addressed: true, source: 'mattermost' });
    expect(slashMessage({ text: 'x' }).id).toMatch(/^slash:[0-9a-f-]{36}$/);
  });
  it('compares secrets in constant time whatever the lengths', () => {
    expect(secretEquals('abc', 'abc')).toBe(true);
    expect(secretEquals('abc', 'abd')).toBe(false);
    expect(secretEquals('ab', 'abc')).toBe(false);
  });
});

describe('health', () => {
  const base = { up: true, lastFrameAt: 10_000, downSince: undefined, fails: 0, lastError: undefined, nextRetryMs: undefined };
  it('is healthy while frames arrive, unhealthy when down or silent past the ping interval', () => {
    const o = { pingIntervalMs: 1000, running: true, pendingPosts: 0 };
    expect(socketHealth(base, { ...o, now: 10_500 }).healthy).toBe(true);
    expect(socketHealth(base, { ...o, now: 12_000 })).toMatchObject({ healthy: false, detail: expect.stringContaining('silent') });
    expect(socketHealth({ ...base, up: false, downSince: 9_000, fails: 2 }, { ...o, now: 10_000 })).toMatchObject({ healthy: false, detail: expect.stringContaining('down') });
    expect(socketHealth(base, { ...o, now: 10_000, running: false }).healthy).toBe(false);
  });
});

describe('catch-up cursor', () => {
  it('moves forward only, and keeps the last strictly older post for posts sharing a millisecond', () => {
    const a = nextCursor(undefined, { id: 'a', create_at: 10 })!;
    expect(a).toEqual({ id: 'a', at: 10 });
    expect(catchUpFrom(a)).toBe('a');
    const b = nextCursor(a, { id: 'b', create_at: 20 })!;
    expect(b).toEqual({ id: 'b', at: 20, prevId: 'a' });
    const c = nextCursor(b, { id: 'c', create_at: 20 })!; // same millisecond as b
    expect(c).toEqual({ id: 'c', at: 20, prevId: 'a' });
    expect(catchUpFrom(c)).toBe('a'); // after=a re-reads b and c, and anything else stamped 20
    expect(nextCursor(c, { id: 'old', create_at: 15 })).toBeUndefined();
    expect(nextCursor(c, { id: 'c', create_at: 20 })).toBeUndefined();
    expect(nextCursor(c, { id: 'd', create_at: 21 })).toEqual({ id: 'd', at: 21, prevId: 'c' });
    expect(catchUpFrom(undefined)).toBeUndefined();
  });
});

describe('routeClientConsole', () => {
  it("sends @mattermost/client's console.log lines to the log while the adapter runs, then puts console.log back", async () => {
    const { routeClientConsole } = await import('../adapters/mattermost/console.js');
    const lines: { obj: object; msg?: string }[] = [];
    const original = console.log;
    const restore = routeClientConsole({ debug: (obj, msg) => void lines.push({ obj, ...(msg ? { msg } : {}) }) });
    console.log('websocket connecting to %s', 'ws://x/api/v4/websocket');
    restore();
    expect(console.log).toBe(original);
    expect(lines).toEqual([{ obj: { lib: '@mattermost/client' }, msg: 'websocket connecting to ws://x/api/v4/websocket' }]);
  });
});
