// Issue 12, finding 1: posts made by Mattermost integrations never act. An incoming webhook posts under its
// creator's user id (`from_webhook`); slash responses carry `from_webhook` and `override_username`; bots carry
// `from_bot`. On the old code an admin's webhook URL was enough to propose and confirm `dismiss … --purge` as
// that admin. Driven through the real adapter against the Mattermost test server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatWorld, type ChatWorld } from '../helpers/mattermost-app.js';

let w: ChatWorld;
beforeAll(async () => {
  w = await chatWorld();
});
afterAll(async () => {
  await w?.close();
});

const send = async (url: string, body: unknown): Promise<number> => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
};
/** Audit rows of a text refused as an integration's post, once there are `n` of them. */
const refusals = (text: string, code: string, n: number) =>
  w.server.waitFor(() => {
    const rows = w.audit().filter((r) => r.text === text && r.code === code && r.outcome === 'denied');
    return rows.length >= n ? rows : undefined;
  }, 8000);

describe('finding 1: posts made by integrations never propose nor confirm', () => {
  it("a command and its 'yes' through an admin's incoming webhook, in a DM: nothing runs, the audit records both refusals", async () => {
    const hook = w.server.createIncomingWebhook({ userId: w.ids.admin, channelId: w.ids.dev });
    expect(await send(hook.url, { channel: '@summoner', text: 'dismiss ghost --purge' })).toBe(200);
    const [cmd] = await refusals('dismiss ghost --purge', 'principal.webhook', 1);
    expect(cmd).toMatchObject({ userId: w.ids.admin, userName: 'alice', outcome: 'denied', command: null });
    expect(await send(hook.url, { channel: '@summoner', text: 'yes' })).toBe(200);
    await refusals('yes', 'principal.webhook', 1);
    expect(w.calls).toEqual([]);
    expect(w.audit().some((r) => r.outcome === 'proposed' || r.command === 'dismiss')).toBe(false);
  });

  it("the same in a listened channel, with a mention: nothing runs, and a real admin's waiting proposal stays unconfirmed", async () => {
    const real = w.server.post(w.ids.admin, w.ids.ops, '@summoner dismiss nextcloud');
    const [proposal] = await w.reply(real.id);
    expect(w.shown(proposal!)).toContain('is destructive');
    const hook = w.server.createIncomingWebhook({ userId: w.ids.admin, channelId: w.ids.ops });
    expect(await send(hook.url, { text: '@summoner dismiss wekan --purge' })).toBe(200);
    await refusals('dismiss wekan --purge', 'principal.webhook', 1);
    expect(await send(hook.url, { text: '@summoner yes', username: 'alice' })).toBe(200);
    await refusals('yes', 'principal.webhook', 2);
    expect(w.calls).toEqual([]);
    expect(w.app.store.pendingFor(w.ids.admin, w.ids.ops, real.id)).toMatchObject({ canonical: 'dismiss nextcloud', state: 'pending' });
  });

  it("a slash command's in-channel response (from_webhook, override_username) that mentions the bot is refused", async () => {
    const echo: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ response_type: 'in_channel', text: '@summoner dismiss gitlab --purge', username: 'alice' }));
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    try {
      w.server.registerSlashCommand({ teamId: w.ids.teamId, trigger: 'echo', url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`, token: 'echo-token' });
      expect((await w.server.runSlash(w.ids.bob, w.ids.dev, '/echo hi')).status).toBe(200);
      const made = w.server.posts(w.ids.dev).find((p) => p.message === '@summoner dismiss gitlab --purge')!;
      expect(made.props).toMatchObject({ from_webhook: 'true', override_username: 'alice' });
      const [row] = await refusals('dismiss gitlab --purge', 'principal.webhook', 1);
      expect(row).toMatchObject({ userId: w.ids.bob, userName: 'bob' }); // the author by id, never the override
    } finally {
      await new Promise((r) => echo.close(r));
    }
    expect(w.calls).toEqual([]);
  });

  it('a bot that is not in mattermost.allowBots is refused; one that is may act', async () => {
    const p = w.server.post(w.ids.otherBot, w.ids.dev, '@summoner dismiss wordpress --purge');
    expect(w.server.posts(w.ids.dev).find((x) => x.id === p.id)!.props).toMatchObject({ from_bot: 'true' });
    await refusals('dismiss wordpress --purge', 'principal.bot', 1);
    const ok = w.server.post(w.ids.trustedBot, w.ids.dev, '@summoner ping');
    const [r] = await w.reply(ok.id);
    expect(r!.message).toBe('pong');
    expect(w.calls).toEqual([]);
  });
});
