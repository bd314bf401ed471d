// Issue 16, Done-when 3: the channels notifications go to are checked at start (a misspelled one stops the bot
// with one line naming the recipe), and a channel archived while the bot runs sends its events to the dead
// letters at once, said once in ops, while the other channels' events keep flowing.
// Real composition root + real Mattermost adapter against our Mattermost test server.
import { createHmac, randomUUID } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createShellAdapter } from '../adapters/shell/index.js';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';
import { sampleTypes, tmpDir } from './helpers/robot.js';
import { post } from './helpers/webhooks.js';

const SECRET = 'gen-secret-0123456789';
const shown = (p: Post): string =>
  [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n');

const toDelete: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of toDelete.splice(0).reverse()) await f().catch(() => undefined);
});
afterAll(async () => {
  for (const f of toDelete.splice(0).reverse()) await f().catch(() => undefined);
});

/** A team with ops, dev, ci and qa (the bot a member of each), lonely (public, bot not in it) and a human. */
async function world() {
  const server = await startTestServer();
  toDelete.push(() => server.close());
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const admin = server.createUser('alice');
  const ch = Object.fromEntries(['ops', 'dev', 'ci', 'qa', 'lonely'].map((n) => [n, server.createChannel(team.id, n)]));
  for (const n of ['ops', 'dev', 'ci', 'qa']) for (const u of [bot, admin]) server.addToChannel(ch[n]!.id, u.id);
  server.addToChannel(ch['lonely']!.id, admin.id);
  return { server, bot, admin, ch: Object.fromEntries(Object.entries(ch).map(([k, v]) => [k, v.id])) as Record<string, string> };
}

const recipe = (name: string, channel: string, target = name) => ({
  name,
  when: { source: 'generic', event: 'ping', filter: { target } },
  then: [{ post: { channel, template: `${name} {{n}}` } }],
});

async function appFor(server: TestServer, botToken: string, adminId: string, recipes: unknown[], hookChannel?: string): Promise<App> {
  const config = configSchema.parse({
    stateDir: tmpDir('summoner-notify-ch-'),
    admins: [adminId],
    // every request comes from 127.0.0.1: the per-client bucket must not be what the test measures
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0', rateLimit: { perSecond: 10_000, burst: 10_000 } },
    channels: { ops: 'ops' },
    mattermost: { url: server.url, team: 'acme', channels: ['ops', 'dev'], reconnectMinMs: 50, reconnectMaxMs: 400 },
    notify: {
      hooks: { gen: { source: 'generic', secretEnv: 'X_GEN', ...(hookChannel ? { channel: hookChannel } : {}) } },
      recipes,
      // one lane per channel at once, so a dead lane could only hold others up through the code under test
      deliveryConcurrency: 4,
    },
  });
  const app = await createApp({
    config,
    secrets: { mattermostToken: botToken, hooks: { gen: SECRET } },
    log: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    types: sampleTypes(),
    commands: [],
  });
  toDelete.push(() => app.stop('tests done'));
  return app;
}

function send(app: App, target: string, n: number): Promise<{ status: number }> {
  const body = JSON.stringify({ target, n });
  const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  return post(`${app.http!.url}/hooks/gen`, body, {
    'content-type': 'application/json',
    'x-summoner-event': 'ping',
    'x-summoner-delivery': randomUUID(),
    'x-summoner-signature': sig,
  });
}

describe('notification channels checked at start', () => {
  it('a misspelled channel, a channel without the bot and an unknown user stop the start: one line naming each recipe', async () => {
    const w = await world();
    const app = await appFor(
      w.server,
      w.bot.token,
      w.admin.id,
      [recipe('typo', 'deve'), recipe('good', 'dev'), recipe('shy', '~lonely'), recipe('to-nobody', '@nobody'), recipe('typo-too', 'deve'), recipe('per-event', '{{target}}')],
      'devv',
    );
    const err = (await app.start().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { code?: string };
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('config.invalid');
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain('recipe typo: channel ~deve does not exist in team "acme"');
    expect(err.message).toContain('recipe typo-too: channel ~deve does not exist');
    expect(err.message).toContain('recipe shy: bot @summoner is not a member of channel ~lonely: add it with /invite @summoner ~lonely');
    expect(err.message).toContain('recipe to-nobody: user @nobody does not exist');
    expect(err.message).toContain('hook gen: channel ~devv does not exist');
    expect(err.message).not.toContain('recipe good');
    expect(err.message).not.toContain('per-event'); // templated: checked per event, not at start
  });

  it('starts when every channel is right, and says what it could not check (a templated channel)', async () => {
    const w = await world();
    const app = await appFor(w.server, w.bot.token, w.admin.id, [recipe('good', 'dev'), recipe('to-alice', '@alice'), recipe('per-event', '{{target}}')]);
    await app.start();
    const r = await app.notify.checkDestinations();
    expect(r.checked).toBe(3); // ops, dev, @alice
    expect(r.unchecked).toEqual(['recipe per-event ({{target}}): a templated channel is checked per event only']);
  });

  it('in the shell: says which channels it cannot check, and starts', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
    const config = configSchema.parse({
      stateDir: tmpDir('summoner-notify-ch-shell-'),
      http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
      notify: { hooks: { gen: { source: 'generic', secretEnv: 'X_GEN' } }, recipes: [recipe('typo', 'deve'), recipe('to-bob', '@bob')] },
    });
    const shell = createShellAdapter({ input: new PassThrough(), output: new PassThrough(), login: 'tester' });
    const app = await createApp({ config, secrets: { hooks: { gen: SECRET } }, log, chat: shell, commands: [], types: sampleTypes() });
    toDelete.push(() => app.stop('tests done'));
    await app.start();
    const said = lines.map((l) => JSON.parse(l).msg as string);
    expect(said).toContain('the shell adapter cannot check channels; not checked: ~deve, @bob');
  });
});

describe('a channel archived while the bot runs', () => {
  it('its events become dead letters at the first attempt, ops is told once, the other channels keep flowing in order', async () => {
    const w = await world();
    const app = await appFor(w.server, w.bot.token, w.admin.id, [recipe('to-ci', 'ci', 'ci'), recipe('to-qa', 'qa', 'qa'), recipe('to-dev', 'dev', 'dev')]);
    await app.start();
    const botPosts = (channel: string) => w.server.posts(channel).filter((p) => p.user_id === w.bot.id);
    const devLines = () => botPosts(w.ch['dev']!).flatMap((p) => shown(p).split('\n'));
    let n = 0;
    /** One round: an event for `other` and one for dev at once; resolves with the dev event's accept → posted time. */
    async function round(other: string): Promise<number> {
      const i = ++n;
      const t0 = performance.now();
      const [a, dev] = await Promise.all([send(app, other, i), send(app, 'dev', i)]);
      expect([a.status, dev.status]).toEqual([202, 202]);
      await vi.waitFor(() => expect(devLines()).toContain(`to-dev ${i}`), { timeout: 10_000, interval: 2 });
      return performance.now() - t0;
    }
    for (let i = 0; i < 5; i++) await round('ci');
    await vi.waitFor(() => expect(botPosts(w.ch['ci']!).flatMap((p) => shown(p).split('\n'))).toContain(`to-ci ${n}`), { timeout: 10_000 });
    const ciPostsBefore = botPosts(w.ch['ci']!).length;

    w.server.archiveChannel(w.ch['ci']!);
    // Same run, alternating rounds: dev beside a live channel (qa), then dev beside the archived one (ci).
    const ROUNDS = 30;
    const beside: Record<'live' | 'dead', number[]> = { live: [], dead: [] };
    const deadNums: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      beside.live.push(await round('qa'));
      beside.dead.push(await round('ci'));
      deadNums.push(n);
    }

    const dead = () => app.notify.deadLetters();
    // every ci event after the archive is a dead letter, each after one attempt, none left pending
    await vi.waitFor(() => expect(dead().length).toBe(ROUNDS), { timeout: 10_000 });
    for (const d of dead()) {
      expect(d).toMatchObject({ recipe: 'to-ci', lane: 'ci', attempts: 1 });
      expect(d.error).toContain('400');
    }
    expect(dead().map((d) => JSON.parse(d.data).out.text)).toEqual(deadNums.map((i) => `to-ci ${i}`));
    expect(app.notify.outbox().pending ?? 0).toBe(0);
    expect(botPosts(w.ch['ci']!).length).toBe(ciPostsBefore);
    expect(botPosts(w.ch['qa']!).flatMap((p) => shown(p).split('\n')).length).toBe(ROUNDS);
    // ops is told once, naming the channel and the recipe
    const told = await vi.waitFor(() => {
      const t = botPosts(w.ch['ops']!).filter((p) => shown(p).includes('are refused'));
      expect(t.length).toBe(1);
      return t;
    });
    expect(shown(told[0]!)).toContain('Notifications for ~ci (recipe to-ci) are refused');
    // dev got every event, in order
    const devNums = devLines()
      .filter((l) => l.startsWith('to-dev '))
      .map((l) => Number(l.slice('to-dev '.length)));
    expect(devNums).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
    // figures for the report (timing is not asserted: the machine is shared)
    process.stderr.write(
      `${JSON.stringify({
        dev_latency_ms_beside_live_channel: { median: +median(beside.live).toFixed(1), p90: +p90(beside.live).toFixed(1) },
        dev_latency_ms_beside_archived_channel: { median: +median(beside.dead).toFixed(1), p90: +p90(beside.dead).toFixed(1) },
        rounds: ROUNDS,
      })}\n`,
    );
  }, 60_000);
});
