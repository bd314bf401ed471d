// The outbox worker on a real SQLite store: order per lane, coalescing of a backlog into one post, and a
// batch resent with exactly the same rows after a crash (so the chat's idempotency key dedupes it).
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createCounters } from '../src/notify/metrics.js';
import { createOutboxWorker, isPermanent } from '../src/notify/outbox.js';
import { MattermostHttpError } from '../adapters/mattermost/rest.js';
import { openOutboxStore, type OutboxRow } from '../src/notify/outbox-store.js';
import { openTestStore, tmpDir } from './helpers/robot.js';

const log = pino({ level: 'silent' });
const postRow = (lane: string, text: string) => ({ lane, kind: 'post' as const, data: JSON.stringify({ kind: 'post', channel: lane, out: { text } }), recipe: 'r' });
const textsOf = (rows: readonly OutboxRow[]) => rows.map((r) => (JSON.parse(r.data) as { out: { text: string } }).out.text);

describe('outbox worker', () => {
  it('coalesces a backlog per lane, keeps order, and resends a batch unchanged after a crash', async () => {
    const dir = tmpDir('summoner-outbox-');
    let store = openTestStore(dir);
    let ob = openOutboxStore(store.sqlite);
    const sent: { key: number; texts: string[] }[] = [];
    let release: () => void = () => undefined;
    const hold = new Promise<void>((r) => (release = r));
    let first = true;
    const worker = createOutboxWorker({
      store: ob,
      log,
      counters: createCounters(),
      maxAttempts: 5,
      coalesce: 3,
      deliver: async (rows) => {
        sent.push({ key: rows[0]!.batch!, texts: textsOf(rows) });
        if (first) {
          first = false;
          await hold; // the first post hangs: a backlog builds behind it
        }
      },
    });
    ob.accept('e1', [postRow('dev', 'a')]);
    await ob.committed();
    worker.kick('dev');
    await vi.waitFor(() => expect(sent).toHaveLength(1), { timeout: 5_000, interval: 5 }); // 'a' is in flight, held
    for (const t of ['b', 'c', 'd', 'e']) ob.accept(`e-${t}`, [postRow('dev', t)]);
    await ob.committed();
    worker.kick('dev');
    release();
    await vi.waitFor(() => expect(ob.counts()).toEqual({ delivered: 5 }), { timeout: 5_000, interval: 5 });
    expect(sent.map((s) => s.texts)).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    await worker.stop();

    // A crash while a batch is in flight: the next start sends the same rows under the same key, even though
    // more rows arrived meanwhile.
    ob.accept('f', [postRow('ops', 'f')]);
    ob.accept('g', [postRow('ops', 'g')]);
    await ob.committed();
    let crashHold: () => void = () => undefined;
    const w1 = createOutboxWorker({
      store: ob,
      log,
      counters: createCounters(),
      maxAttempts: 5,
      coalesce: 10,
      deliver: async (rows) => {
        sent.push({ key: rows[0]!.batch!, texts: textsOf(rows) });
        await new Promise<void>((r) => (crashHold = r)); // never marked delivered: the process "dies" here
      },
    });
    w1.kick('ops');
    await vi.waitFor(() => expect(sent.at(-1)!.texts).toEqual(['f', 'g']), { timeout: 5_000, interval: 5 });
    const key = sent.at(-1)!.key;
    ob.accept('h', [postRow('ops', 'h')]);
    await ob.committed();
    void w1.stop(10);
    crashHold();
    store.close();

    store = openTestStore(dir);
    ob = openOutboxStore(store.sqlite);
    const w2 = createOutboxWorker({
      store: ob,
      log,
      counters: createCounters(),
      maxAttempts: 5,
      coalesce: 10,
      deliver: async (rows) => void sent.push({ key: rows[0]!.batch!, texts: textsOf(rows) }),
    });
    w2.start();
    await vi.waitFor(() => expect(ob.counts()).toEqual({ delivered: 8 }), { timeout: 5_000, interval: 5 });
    expect(sent.slice(-2)).toEqual([
      { key, texts: ['f', 'g'] }, // same batch, same key: the chat drops the twin
      { key: key + 2, texts: ['h'] },
    ]);
    await w2.stop();
    store.close();
  });

  it('retries a failing delivery with backoff, then marks it failed without blocking the lane', async () => {
    const store = openTestStore(tmpDir('summoner-outbox-'));
    const ob = openOutboxStore(store.sqlite);
    const tries: string[] = [];
    const w = createOutboxWorker({
      store: ob,
      log,
      counters: createCounters(),
      maxAttempts: 3,
      retryMinMs: 5,
      retryMaxMs: 10,
      coalesce: 1,
      deliver: async (rows) => {
        const t = textsOf(rows)[0]!;
        tries.push(t);
        if (t === 'bad') throw new Error('channel not found');
      },
    });
    ob.accept('1', [postRow('x', 'bad')]);
    ob.accept('2', [postRow('x', 'good')]);
    await ob.committed();
    w.kick('x');
    await vi.waitFor(() => expect(ob.counts()).toEqual({ delivered: 1, failed: 1 }), { timeout: 5_000, interval: 5 });
    expect(tries).toEqual(['bad', 'bad', 'bad', 'good']);
    await w.stop();
    store.close();
  });

  it('a permanent failure (404) is a dead letter at once, said once, and does not hold the other lanes', async () => {
    const ob = openOutboxStore(openTestStore(tmpDir('summoner-dead-')).sqlite);
    const attempts = new Map<string, number>();
    const delivered: { lane: string; ms: number }[] = [];
    const dead: string[] = [];
    const t0 = Date.now();
    const worker = createOutboxWorker({
      store: ob,
      log,
      counters: createCounters(),
      maxAttempts: 20,
      concurrency: 1, // one lane at a time: a held lane would hold everyone
      retryMinMs: 60_000, // a transient retry would wait a minute: the test would time out
      onDeadLetter: (row) => dead.push(row.lane),
      deliver: async (rows) => {
        const lane = rows[0]!.lane;
        attempts.set(lane, (attempts.get(lane) ?? 0) + 1);
        if (lane === 'gone') throw new Error('mattermost: cannot find channel "gone"', { cause: new MattermostHttpError('404 not found', 404, '/api/v4/teams/x/channels/name/gone') });
        delivered.push({ lane, ms: Date.now() - t0 });
      },
    });
    for (const i of [1, 2, 3]) ob.accept(`g${i}`, [postRow('gone', `g${i}`)]);
    ob.accept('d1', [postRow('dev', 'd1')]);
    await ob.committed();
    worker.kick('gone');
    worker.kick('dev');
    await vi.waitFor(() => expect(delivered.map((d) => d.lane)).toEqual(['dev']), { timeout: 5_000 });
    await vi.waitFor(() => expect(ob.counts()).toEqual({ failed: 3, delivered: 1 }), { timeout: 5_000 });
    // one attempt per post, no retry; each refusal reported to the center (which says it once per lane)
    expect(attempts.get('gone')).toBe(3); // coalescing is off here: one attempt for each of the 3 posts
    expect(dead).toEqual(['gone', 'gone', 'gone']); // the center says it once per lane
    expect(delivered[0]!.ms).toBeLessThan(2_000);
    await worker.stop();
    expect(isPermanent(new MattermostHttpError('503', 503, '/x'))).toBe(false);
    expect(isPermanent(new MattermostHttpError('403', 403, '/x'))).toBe(true);
  });
});
