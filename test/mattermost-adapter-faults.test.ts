// The Mattermost adapter under faults: dropped sockets (within and beyond the server's replay buffer) while the
// server answers 429 and 5xx at random. Every command must be answered exactly once, in order per channel.
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMattermostAdapter } from '../adapters/mattermost/index.js';
import type { MattermostConfig } from '../src/config/schema.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import type { ChatPort, InboundMessage, RobotPort } from '../src/robot/types.js';
import { startTestServer, type TestServer } from './mattermost-server/index.js';

const log = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
/** Pacing, not waiting: the commands arrive spread over time as in a busy channel, not all in one tick. */
const pace = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.restoreAllMocks();
});

async function setup(channelCount: number, config: Partial<MattermostConfig>) {
  vi.spyOn(console, 'log').mockImplementation(() => undefined); // @mattermost/client logs freely
  const server: TestServer = await startTestServer();
  cleanups.push(() => server.close());
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const alice = server.createUser('alice');
  const channels = Array.from({ length: channelCount }, (_, i) => server.createChannel(team.id, `ch${i}`));
  for (const ch of channels) for (const u of [bot, alice]) server.addToChannel(ch.id, u.id);
  const http: HttpServer = createHttpServer({ listen: '127.0.0.1:0' });
  await http.start();
  cleanups.push(() => http.stop());

  const received: InboundMessage[] = [];
  const seen = new Set<string>();
  let adapter!: ChatPort;
  const robot: RobotPort = {
    seen: (id) => seen.has(id),
    async receive(msg) {
      if (seen.has(msg.id)) return;
      seen.add(msg.id);
      received.push(msg);
      if (msg.addressed) await adapter.reply(msg, { text: `done: ${msg.text}` });
    },
    click: async () => ({ kind: 'private', text: 'n/a' }),
  };
  adapter = createMattermostAdapter({
    config: { url: server.url, team: 'acme', channels: channels.map((c) => c.name), slashTrigger: 'summon', pingIntervalMs: 1_000, reconnectMinMs: 30, reconnectMaxMs: 300, ...config },
    token: bot.token,
    http,
    log,
    tuning: { retryMinMs: 20, retryMaxMs: 200 },
  });
  await adapter.start(robot);
  cleanups.push(() => adapter.stop());
  return { server, adapter, bot, alice, channels, received };
}

/** Poll fast (the down window after a drop lasts only a reconnect delay). */
async function until(fn: () => boolean, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (!fn()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
  return Date.now() - t0;
}

describe('mattermost adapter under faults', () => {
  it('reconnects with its own backoff, not the client default of 3 s', async () => {
    const w = await setup(1, { reconnectMinMs: 400, reconnectMaxMs: 1_000 });
    w.server.faults.dropSockets();
    await until(() => !w.adapter.health().healthy, 2_000);
    const downFor = await until(() => w.adapter.health().healthy, 5_000);
    expect(downFor).toBeGreaterThanOrEqual(350);
    expect(downFor).toBeLessThan(1_500);
  });

  it('answers 500 commands exactly once and in order per channel through 20 socket drops and random 429/5xx', async () => {
    const CHANNELS = 5;
    const COMMANDS = 500;
    const DROPS = 20;
    const w = await setup(CHANNELS, {});
    const t0 = Date.now();
    w.server.faults.random({ rate: 0.08, statuses: [429, 500, 502, 503], seed: Number(process.env['FAULT_SEED'] ?? 1234) });

    let unhealthySeen = 0;
    let drops = 0;
    const perDrop = COMMANDS / DROPS;
    for (let i = 0; i < COMMANDS; i++) {
      const ch = w.channels[i % CHANNELS]!;
      w.server.post(w.alice.id, ch.id, `@summoner cmd ${i}`);
      if (i % 5 === 4) await pace(1);
      if (i % perDrop === Math.floor(perDrop / 2)) {
        // Alternate: a gap the server can replay, and a gap beyond its buffer (new connection id → REST catch-up).
        if (drops % 2 === 0) w.server.faults.dropSockets();
        else w.server.faults.forgetConnections();
        drops++;
        await until(() => !w.adapter.health().healthy, 2_000);
        unhealthySeen++;
        // Keep posting while the socket is down: these posts are in the gap.
        for (let k = 0; k < 3 && i + 1 < COMMANDS; k++) {
          i++;
          w.server.post(w.alice.id, w.channels[i % CHANNELS]!.id, `@summoner cmd ${i}`);
        }
        await until(() => w.adapter.health().healthy, 5_000);
      }
    }
    expect(drops).toBe(DROPS);
    expect(unhealthySeen).toBe(DROPS);

    const replies = () => w.server.posts().filter((p) => p.user_id === w.bot.id);
    const tLoop = Date.now() - t0;
    try {
      await w.server.waitFor(() => replies().length >= COMMANDS, 45_000);
    } catch (err) {
      const got = new Set(w.received.map((m) => m.text));
      const missing = Array.from({ length: COMMANDS }, (_, i) => `cmd ${i}`).filter((t) => !got.has(t));
      const all = w.server.posts();
      const byId = new Map(all.map((p) => [p.id, p]));
      for (const t of missing.slice(0, 2)) {
        const P = all.find((p) => p.message === `@summoner ${t}`)!;
        const ex = w.server.exchanges.filter((e) => e.path === `/api/v4/channels/${P.channel_id}/posts`);
        console.error(t, P.id, P.create_at, ex.map((e) => [e.query['after'] ? byId.get(e.query['after'])?.create_at ?? 'unknown' : e.query['per_page'], e.status, Array.isArray((e.responseBody as any)?.order) ? (e.responseBody as any).order.length : '-', (e.responseBody as any)?.order?.includes?.(P.id)]));
      }
      console.error({ tLoop, replies: replies().length, received: w.received.length, missing: missing.slice(0, 20), health: w.adapter.health(), faults: w.server.exchanges.filter((e) => e.fault).length, exchanges: w.server.exchanges.length });
      throw err;
    }
    w.server.faults.random(null);
    // a later command in every channel as the marker: replies are ordered per channel, so a twin of any
    // earlier reply would be posted before the marker's
    for (const ch of w.channels) w.server.post(w.alice.id, ch.id, '@summoner cmd marker');
    const isMarker = (text: string) => text.endsWith('cmd marker');
    await w.server.waitFor(() => replies().filter((p) => isMarker(p.message)).length >= CHANNELS, 10_000);

    const all = replies().filter((p) => !isMarker(p.message));
    expect(all).toHaveLength(COMMANDS);
    const texts = all.map((p) => p.message);
    expect(new Set(texts).size).toBe(COMMANDS); // exactly once
    for (let c = 0; c < CHANNELS; c++) {
      const got = all.filter((p) => p.channel_id === w.channels[c]!.id).map((p) => Number(p.message.split(' ').pop()));
      const want = Array.from({ length: COMMANDS }, (_, i) => i).filter((i) => i % CHANNELS === c);
      expect(got).toEqual(want); // in order per channel
    }
    // Each reply sits in the thread of its command.
    const byId = new Map(w.server.posts().map((p) => [p.id, p]));
    for (const r of all) expect(byId.get(r.root_id)!.message).toBe(`@summoner ${r.message.replace('done: ', '')}`);
    expect(w.received.filter((m) => m.addressed && !isMarker(m.text))).toHaveLength(COMMANDS);

    // The faults really happened, and the REST catch-up path was used.
    const faults = w.server.exchanges.filter((e) => e.fault);
    expect(faults.some((e) => e.status === 429)).toBe(true);
    expect(faults.some((e) => e.status >= 500)).toBe(true);
    expect(w.server.exchanges.some((e) => e.path.endsWith('/posts') && e.method === 'GET' && e.query['after'])).toBe(true);
    expect(w.received.some((m) => m.replayed)).toBe(true);
    expect(w.adapter.health().healthy).toBe(true);
    expect(Date.now() - t0).toBeLessThan(50_000);
  }, 60_000);
});
