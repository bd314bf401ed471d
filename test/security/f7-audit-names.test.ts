// Issue 12, finding 7: the audit's user name is looked up by user id (the user API, cached), never taken from
// the post's `sender_name` (a nickname, or a webhook's `override_username`), and names rendered by `history`
// are escaped. On the old code a webhook named "@channel" put `@channel` into the audit, and `history` posted it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatWorld, type ChatWorld } from '../helpers/mattermost-app.js';

let w: ChatWorld;
beforeAll(async () => {
  w = await chatWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('finding 7: audit names come from the user id', () => {
  it("a webhook's override_username is not the audited name, and history cannot post @channel", async () => {
    const hook = w.server.createIncomingWebhook({ userId: w.ids.admin, channelId: w.ids.ops });
    const res = await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '@summoner status', username: '@channel' }) });
    expect(res.status).toBe(200);
    const row = await w.auditOf('status');
    expect(row).toMatchObject({ userId: w.ids.admin, userName: 'alice' });
    const ask = w.server.post(w.ids.observer, w.ids.ops, '@summoner history');
    const [table] = await w.reply(ask.id);
    expect(table!.message).toContain('| ref |');
    expect(table!.message).not.toMatch(/@(channel|here|all)\b/);
    expect(table!.message).toContain('alice');
  });
});
