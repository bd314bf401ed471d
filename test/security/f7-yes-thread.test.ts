// Issue 12, finding 7: a typed "yes" confirms only the proposal of that user in that channel AND that thread.
// On the old code it confirmed the newest proposal of the user in the channel, whatever the thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatWorld, type ChatWorld } from '../helpers/mattermost-app.js';

let w: ChatWorld;
beforeAll(async () => {
  w = await chatWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('finding 7: "yes" is bound to the thread of the proposal', () => {
  it('in a channel: a yes outside the thread confirms nothing; in the thread it runs', async () => {
    const ask = w.server.post(w.ids.admin, w.ids.ops, '@summoner dismiss ghost');
    const [proposal] = await w.reply(ask.id);
    expect(w.shown(proposal!)).toContain('is destructive');
    const elsewhere = w.server.post(w.ids.admin, w.ids.ops, '@summoner yes');
    const [no] = await w.reply(elsewhere.id);
    expect(no!.message).toMatch(/^Nothing is waiting for your confirmation in this thread/);
    expect(w.calls).toEqual([]);
    const inThread = w.server.post(w.ids.admin, w.ids.ops, '@summoner yes', { rootId: ask.id });
    await w.server.waitFor(() => w.calls.length > 0, 8000);
    expect(w.calls).toEqual(['dismiss ghost']);
    expect(inThread.root_id).toBe(ask.id);
  });

  it('in a DM: the same', async () => {
    w.calls.length = 0;
    const dm = w.server.directChannel(w.ids.admin, w.ids.bot);
    const ask = w.server.post(w.ids.admin, dm.id, 'dismiss wekan');
    await w.reply(ask.id);
    const elsewhere = w.server.post(w.ids.admin, dm.id, 'yes');
    const [no] = await w.reply(elsewhere.id);
    expect(no!.message).toMatch(/^Nothing is waiting for your confirmation in this thread/);
    expect(w.calls).toEqual([]);
    w.server.post(w.ids.admin, dm.id, 'yes', { rootId: ask.id });
    await w.server.waitFor(() => w.calls.length > 0, 8000);
    expect(w.calls).toEqual(['dismiss wekan']);
  });
});
