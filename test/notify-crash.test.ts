// Done-when 2: the real bot process accepts events, is killed (SIGKILL) before it could deliver them, and
// delivers each exactly once after a restart; Mattermost answering 429 and 500 for a while delays posts but
// loses none and keeps their order.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './mattermost-server/index.js';
import { freePort, startBot, waitHealthy, type BotProcess } from './helpers/bot-process.js';
import { tmpDir } from './helpers/robot.js';
import { fixture, githubHeaders, post } from './helpers/webhooks.js';

const SECRET = 'crash-test-secret-0123456789';
let server: TestServer;
let dir: string;
let base: string;
/** The internal listener (health). */
let internal: string;
let env: Record<string, string>;
let ci: string;
let botId: string;
const bots: BotProcess[] = [];

const marks = () =>
  server
    .posts(ci)
    .filter((p) => p.user_id === botId)
    .flatMap((p) => [...[p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].join('\n').matchAll(/delivery (\S+)/g)].map((m) => m[1]!));

async function send(delivery: string): Promise<number> {
  // each event its own body: the same body under a new delivery id is a replay, refused as a duplicate
  const body = Buffer.from(JSON.stringify({ ...JSON.parse(fixture('github', 'workflow_run.failure').toString()), test_delivery: delivery }));
  return (await post(`${base}/hooks/github`, body, githubHeaders(SECRET, 'workflow_run', body, { delivery }))).status;
}

function run(): BotProcess {
  const b = startBot({ cwd: dir, config: path.join(dir, 'summoner.yml'), env });
  bots.push(b);
  return b;
}

beforeAll(async () => {
  server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  botId = bot.id;
  for (const n of ['ops', 'ci']) {
    const c = server.createChannel(team.id, n);
    server.addToChannel(c.id, bot.id);
    if (n === 'ci') ci = c.id;
  }
  dir = tmpDir('summoner-crash-');
  const port = await freePort();
  const internalPort = await freePort();
  base = `http://127.0.0.1:${port}`;
  internal = `http://127.0.0.1:${internalPort}`;
  env = { SUMMONER_MATTERMOST_TOKEN: bot.token, SUMMONER_HOOK_GH: SECRET };
  fs.writeFileSync(
    path.join(dir, 'summoner.yml'),
    [
      `stateDir: ${path.join(dir, 'state')}`,
      `http: { listen: "127.0.0.1:${port}", internalListen: "127.0.0.1:${internalPort}" }`,
      'log: { level: warn }',
      `mattermost: { url: "${server.url}", team: acme, channels: [ops], reconnectMinMs: 50, reconnectMaxMs: 300 }`,
      'notify:',
      '  hooks:',
      '    github: { source: github, secretEnv: SUMMONER_HOOK_GH }',
      '  recipes:',
      '    - name: runs',
      '      when: { source: github, event: workflow_run }',
      '      then: [{ post: { channel: ci, template: "run {{workflow_run.run_number}} delivery {{summoner.delivery}}" } }]',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  for (const b of bots) if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
  await server?.close();
});

describe('durable outbox across a crash', () => {
  it('delivers every accepted event exactly once after SIGKILL and restart', async () => {
    const first = run();
    await waitHealthy(`${internal}/healthz`, first);
    const early = ['d-01', 'd-02', 'd-03'];
    for (const d of early) expect(await send(d)).toBe(202);
    await server.waitFor(() => marks().length === 3, 8000);

    // Mattermost now fails every request: the bot accepts (202 means stored) but cannot post.
    server.faults.random({ rate: 1, statuses: [500] });
    const held = Array.from({ length: 12 }, (_, i) => `d-h${String(i).padStart(2, '0')}`);
    for (const d of held) expect(await send(d)).toBe(202);
    // the bot has tried to post and been refused: the held ones are in its outbox, not in the channel
    await server.waitFor(() => server.exchanges.some((x) => (x as { fault?: boolean }).fault === true && x.method === 'POST'), 8000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(marks()).toEqual(early); // none of the held ones got out
    server.faults.random(null);

    const second = run();
    await waitHealthy(`${internal}/healthz`, second);
    await server.waitFor(() => marks().length >= 15, 15_000);
    // a sender retrying after the crash (GitHub's "redeliver") is told it is a duplicate
    expect(await send('d-h03')).toBe(200);
    expect(await send('d-02')).toBe(200);
    // a later event as the marker: the lane is ordered, so a twin would have been posted before it
    expect(await send('d-marker')).toBe(202);
    await server.waitFor(() => marks().includes('d-marker'), 8000);
    expect(marks()).toEqual([...early, ...held, 'd-marker']); // each exactly once, in order
    second.child.kill('SIGTERM');
    await second.exited;
  }, 60_000);

  it('does not post twice when killed after Mattermost made the post but before it was marked delivered', async () => {
    const b = run();
    await waitHealthy(`${internal}/healthz`, b);
    expect(await send('k-0')).toBe(202); // the bot looks the channel up once; then every request is a post
    await server.waitFor(() => marks().includes('k-0'), 8000);
    const before = marks().length;
    server.faults.latency(1500); // the post is made 1.5 s after the request: the bot dies in between
    for (const d of ['k-1', 'k-2', 'k-3']) expect(await send(d)).toBe(202);
    // time is what is under test here: the kill must land inside the 1.5 s the server holds the post request,
    // and nothing observable happens in that window to wait for
    await new Promise((r) => setTimeout(r, 400));
    b.child.kill('SIGKILL');
    await b.exited;
    await server.waitFor(() => marks().length > before, 5000); // the server finishes what it was asked
    server.faults.latency(0);
    const made = marks().slice(before);
    expect(made.length).toBeGreaterThan(0); // the post was made, the bot never heard of it
    const again = run();
    await waitHealthy(`${internal}/healthz`, again);
    await server.waitFor(() => marks().length >= before + 3, 15_000);
    expect(await send('k-marker')).toBe(202); // a later event: a twin would come before it
    await server.waitFor(() => marks().includes('k-marker'), 8000);
    expect(marks().slice(before)).toEqual(['k-1', 'k-2', 'k-3', 'k-marker']); // resent under the same key: no twin
    again.child.kill('SIGTERM');
    await again.exited;
  }, 60_000);

  it('rides out 429s and 500s from Mattermost: delayed, none lost, order kept', async () => {
    const b = run();
    await waitHealthy(`${internal}/healthz`, b);
    const before = marks().length;
    server.faults.failNext(4, 429, { method: 'POST', path: /\/posts$/ });
    server.faults.failNext(3, 500, { method: 'POST', path: /\/posts$/ });
    const ids = Array.from({ length: 10 }, (_, i) => `r-${i}`);
    for (const d of ids) expect(await send(d)).toBe(202);
    await server.waitFor(() => marks().length >= before + 10, 20_000);
    expect(await send('r-marker')).toBe(202); // a later event: a retried twin would come before it
    await server.waitFor(() => marks().includes('r-marker'), 8000);
    expect(marks().slice(before)).toEqual([...ids, 'r-marker']);
    const faulted = server.exchanges.filter((x) => (x as { fault?: boolean }).fault).length;
    expect(faulted).toBeGreaterThanOrEqual(7);
    b.child.kill('SIGTERM');
    await b.exited;
  }, 60_000);
});
