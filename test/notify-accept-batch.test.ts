// Webhook events arriving together are stored in one commit (the accept window), and nobody is answered before
// it. Through the real HTTP listener and a real SQLite store: every 202 lands once in chat; an event whose write
// fails inside a shared commit is answered 503, leaves nothing behind, and its retry is accepted (not called a
// duplicate) while the others of its commit are kept.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createNotifyCenter, type NotifyCenter } from '../src/notify/center.js';
import { notifySchema } from '../src/notify/config.js';
import type { Store } from '../src/robot/store.js';
import type { ChatPort, Outbound } from '../src/robot/types.js';
import { openTestStore, tmpDir } from './helpers/robot.js';

const TOKEN = 'gen-token-0123456789';
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function setup() {
  const store: Store = openTestStore(tmpDir('summoner-accept-'));
  const sent: string[] = [];
  const chat: ChatPort = {
    name: 'fake',
    async start() {},
    async reply() {
      throw new Error('not used');
    },
    async send(_channel: string, out: Outbound) {
      sent.push(...out.text.split('\n'));
      return { id: randomUUID(), update: async () => undefined };
    },
    health: () => ({ healthy: true, detail: 'fake' }),
    async stop() {},
  };
  // every COMMIT the state database makes, counted on its one connection
  let commits = 0;
  const db = store.sqlite.db as unknown as { exec(sql: string): unknown };
  const exec = db.exec.bind(db);
  db.exec = (sql: string) => {
    const r = exec(sql);
    if (sql === 'COMMIT') commits++;
    return r;
  };
  const http: HttpServer = createHttpServer({ listen: '127.0.0.1:0' });
  const center: NotifyCenter = createNotifyCenter({
    config: notifySchema.parse({
      acceptWindowMs: 50, // wide enough that requests sent at once surely share it on a loaded machine
      hooks: { gen: { source: 'generic', secretEnv: 'X', ratePerSecond: 10_000, burst: 10_000 } },
      recipes: [{ name: 'pings', when: { source: 'generic', event: 'ping' }, then: [{ post: { channel: 'dev', template: 'n={{n}}' } }] }],
    }),
    hookSecrets: { gen: TOKEN },
    opsChannel: 'ops',
    store,
    chat,
    robot: { invokeAsSystem: async () => ({ outcome: 'ok' }) as never, seen: () => true },
    log: pino({ level: 'silent' }),
    http,
  });
  await http.start();
  center.start();
  cleanups.push(() => store.close(), () => center.stop(), () => http.stop());
  const send = async (n: string, delivery: string) => {
    const res = await fetch(`${http.url}/hooks/gen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-summoner-event': 'ping', 'x-summoner-delivery': delivery },
      body: JSON.stringify({ n }),
    });
    return { status: res.status, body: await res.text(), commitsThen: commits };
  };
  return { store, sent, send, commits: () => commits };
}

describe('accept window (group commit of webhook events)', () => {
  it('stores events sent at once in shared commits, answers each only after one, and delivers every one once', async () => {
    const { sent, send, commits } = await setup();
    const before = commits();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(String(i), `d-${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(202));
    // each 202 left after a commit; the thirty events (and the outbox's own writes meanwhile) took a few commits, not thirty
    for (const a of answers) expect(a.commitsThen).toBeGreaterThan(before);
    expect(commits() - before).toBeLessThanOrEqual(10);
    await vi.waitFor(() => expect(sent).toHaveLength(30), { timeout: 10_000 });
    expect([...sent].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `n=${i}`).sort());
  });

  it('answers 503 for the event whose write fails, keeps the others of its commit, and accepts its retry', async () => {
    const { store, sent, send } = await setup();
    // a write that fails for one event only (as a full disk or a constraint would), inside the shared transaction
    store.sqlite.db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON notify_outbox WHEN NEW.data LIKE '%n=boom%' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const answers = await Promise.all(['a', 'b', 'boom', 'c', 'd'].map((n) => send(n, `e-${n}`)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 503, 202, 202]);
    expect(answers[2]!.body).toContain('send it again');
    await vi.waitFor(() => expect([...sent].sort()).toEqual(['n=a', 'n=b', 'n=c', 'n=d']), { timeout: 10_000 });
    // nothing of the failed event was kept: the sender's retry (same delivery id, same body) is a new event
    store.sqlite.db.exec('DROP TRIGGER refuse');
    const retry = await send('boom', 'e-boom');
    expect(retry.status).toBe(202);
    expect(JSON.parse(retry.body)).toEqual({ status: 'accepted', actions: 1 });
    await vi.waitFor(() => expect(sent).toContain('n=boom'), { timeout: 10_000 });
    // and a second retry after that is the duplicate it now is
    expect(JSON.parse((await send('boom', 'e-boom')).body)).toEqual({ status: 'duplicate' });
    expect(sent.filter((t) => t === 'n=boom')).toHaveLength(1);
  });
});
