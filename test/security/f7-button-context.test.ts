// Issue 12, finding 7: a button click is trusted only through its signed context, which binds the proposal,
// the user who may answer, the post the button is on and an expiry. The clicking user Mattermost names must
// be that user; the name shown comes from the user API, not from the request. On the old code a context
// was accepted on any post and the body's user_name was echoed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../mattermost-server/index.js';
import { chatWorld, type ChatWorld } from '../helpers/mattermost-app.js';

let w: ChatWorld;
beforeAll(async () => {
  w = await chatWorld();
});
afterAll(async () => {
  await w?.close();
});

const actionsOf = (p: Post) => ((p.props as any)?.attachments?.[0]?.actions ?? []) as { id: string; name: string; integration: { url: string; context: Record<string, string> } }[];
const click = async (body: Record<string, unknown>) => {
  const res = await fetch(`${w.app.http!.url}/mattermost/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as { ephemeral_text?: string; update?: { message: string } };
};

describe('finding 7: buttons trust only their signed context', () => {
  it('refuses a genuine context sent for another post or by another user; names the clicker from the user API', async () => {
    const ask = w.server.post(w.ids.admin, w.ids.ops, '@summoner dismiss ghost --purge');
    const proposal = await w.server.waitFor(() => w.botReplies(ask.id).find((p) => actionsOf(p).length === 2), 8000);
    const yes = actionsOf(proposal)[0]!;
    expect(yes.integration.context).toMatchObject({ bound_user: w.ids.admin, bound_post: proposal.id });

    // the context, lifted onto another post: refused
    const other = await click({ user_id: w.ids.admin, user_name: 'alice', channel_id: w.ids.ops, post_id: ask.id, context: yes.integration.context });
    expect(other.ephemeral_text).toMatch(/not valid/);
    // someone else clicking (through Mattermost): refused privately, the buttons stay
    expect(await w.server.clickButton(w.ids.bob, proposal.id, yes.id)).toBe(200);
    expect(w.server.ephemerals(w.ids.bob).at(-1)!.post.message).toMatch(/Only @alice, who asked, can answer this/);
    // an altered binding breaks the signature
    const forged = await click({ user_id: w.ids.bob, channel_id: w.ids.ops, post_id: proposal.id, context: { ...yes.integration.context, bound_user: w.ids.bob } });
    expect(forged.ephemeral_text).toMatch(/not valid/);
    expect(w.calls).toEqual([]);

    // the asker's click runs it; the name shown is looked up, not the request's user_name
    const ok = await click({ user_id: w.ids.admin, user_name: '@channel', channel_id: w.ids.ops, post_id: proposal.id, context: yes.integration.context });
    expect(ok.update?.message).toContain('Confirmed by alice');
    expect(JSON.stringify(ok)).not.toContain('@channel');
    await w.server.waitFor(() => w.calls.length > 0, 8000);
    expect(w.calls).toEqual(['dismiss ghost --purge']);
  });

  it('signs with a secret of this install, kept owner-only in the state folder (buttons survive a restart)', () => {
    const st = fs.statSync(path.join(w.stateDir, 'mattermost-buttons.key'));
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.size).toBe(32);
  });
});
