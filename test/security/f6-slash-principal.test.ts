// Issue 12, finding 6 (the slash part, chat side): the slash token alone does not make a principal. The team
// and channel Mattermost sends must be ours, the user's name is looked up by id (never the body's user_name),
// and a `response_url` is only posted to when its origin is the Mattermost server's. On the old code the token
// let its holder act as anyone anywhere, and the bot posted its answer to whatever response_url it was given.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatWorld, SLASH_TOKEN, type ChatWorld } from '../helpers/mattermost-app.js';

let w: ChatWorld;
let evil: Server;
const stolen: string[] = [];
beforeAll(async () => {
  w = await chatWorld();
  evil = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      stolen.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise((r) => evil?.close(r));
  await w?.close();
});

const slash = async (fields: Record<string, string>) => {
  const res = await fetch(`${w.app.http!.url}/mattermost/slash`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Token ${SLASH_TOKEN}` },
    body: new URLSearchParams({ command: '/summon', ...fields }).toString(),
  });
  return { status: res.status, body: (await res.json()) as { text?: string } };
};

describe('finding 6: a slash request is checked beyond its token', () => {
  it('refuses a request naming another team or a channel outside the team, even with the right token', async () => {
    const before = w.audit().length;
    const otherTeam = w.server.createTeam('elsewhere');
    const foreign = w.server.createChannel(otherTeam.id, 'foreign');
    const wrongTeam = await slash({ team_id: otherTeam.id, channel_id: w.ids.dev, user_id: w.ids.admin, text: 'dismiss ghost --purge', trigger_id: 'T-team' });
    expect(wrongTeam).toMatchObject({ status: 403, body: { text: expect.stringMatching(/^refused: /) } });
    const wrongChannel = await slash({ team_id: w.ids.teamId, channel_id: foreign.id, user_id: w.ids.admin, text: 'dismiss ghost --purge', trigger_id: 'T-chan' });
    expect(wrongChannel.status).toBe(403);
    expect(w.audit().length).toBe(before); // nothing reached the robot
    expect(w.calls).toEqual([]);
  });

  it("names the user from the user API, not the body's user_name", async () => {
    expect((await slash({ team_id: w.ids.teamId, channel_id: w.ids.dev, user_id: w.ids.bob, user_name: '@channel', text: 'whoami', trigger_id: 'T-name' })).status).toBe(200);
    const row = await w.auditOf('whoami');
    expect(row).toMatchObject({ userId: w.ids.bob, userName: 'bob' });
  });

  it('posts to a response_url only on the Mattermost server', async () => {
    // a channel of the team the bot is not in: its answer can only go through response_url
    const side = w.server.createChannel(w.ids.teamId, 'side');
    w.server.addToChannel(side.id, w.ids.bob);
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/hooks/commands/x`;
    expect((await slash({ team_id: w.ids.teamId, channel_id: side.id, user_id: w.ids.bob, text: 'ping', trigger_id: 'T-evil', response_url: evilUrl })).status).toBe(200);
    // the next answer in that channel, through Mattermost's own response_url, lands after it (answers keep their order)
    expect((await w.server.runSlash(w.ids.bob, side.id, '/summon whoami')).status).toBe(200);
    await w.server.waitFor(() => w.server.posts(side.id).find((p) => p.message.includes('You are @bob')), 8000);
    expect(stolen).toEqual([]);
  });
});
