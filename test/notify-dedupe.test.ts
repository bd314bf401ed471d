// The outbox store's duplicate check: the keys of accepted events (delivery ids, body hashes) are an append-only
// log checked in memory. Events stored together share one savepoint; one that fails leaves nothing behind while
// the others are kept; duplicates are refused within a batch, after a restart and across the migration from the
// old unique-index table; a week-old key is forgotten in memory too.
import { describe, expect, it } from 'vitest';
import { openOutboxStore, type NewEvent } from '../src/notify/outbox-store.js';
import { openStore } from '../src/robot/store.js';
import { MIGRATIONS } from '../src/schema.js';
import { openTestStore, tmpDir } from './helpers/robot.js';

const event = (id: string, ...lanes: string[]): NewEvent => ({
  dedupe: [`gh:${id}`, `gh:body:${id}`],
  rows: (lanes.length ? lanes : ['dev']).map((lane) => ({ lane, kind: 'post' as const, data: JSON.stringify({ kind: 'post', channel: lane, out: { text: `n=${id}` } }), recipe: 'r' })),
});
const texts = (db: { prepare(s: string): { all(): unknown[] } }) =>
  (db.prepare(`SELECT data FROM notify_outbox ORDER BY id`).all() as { data: string }[]).map((r) => (JSON.parse(r.data) as { out: { text: string } }).out.text);

describe('outbox store: accepted keys', () => {
  it('stores a batch whose one event fails without it, keeps the others, and accepts that event again later', async () => {
    const store = openTestStore(tmpDir('summoner-dedupe-'));
    const ob = openOutboxStore(store.sqlite);
    store.sqlite.db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON notify_outbox WHEN NEW.data LIKE '%n=boom%' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    // the failing event's second row is the one refused: its first row and its keys must go too
    const boom = { ...event('boom', 'dev'), rows: [...event('boom-first', 'dev').rows, ...event('boom', 'ops').rows] };
    const out = ob.acceptMany([event('a'), boom, event('c', 'dev', 'ops'), event('a')]);
    await ob.committed();
    expect(out[0]).toHaveLength(1);
    expect(out[1]).toBeInstanceOf(Error);
    expect((out[1] as Error).message).toContain('disk says no');
    expect(out[2]!).toHaveLength(2);
    expect(out[3]).toBeUndefined(); // the same delivery id twice in one batch: the second is a duplicate
    expect(texts(store.sqlite.db)).toEqual(['n=a', 'n=c', 'n=c']);
    expect((out[2] as { id: number }[]).map((r) => r.id)).toEqual((store.sqlite.db.prepare(`SELECT id FROM notify_outbox WHERE data LIKE '%n=c%' ORDER BY id`).all() as { id: number }[]).map((r) => r.id));
    store.sqlite.db.exec('DROP TRIGGER refuse');
    // nothing of the failed event was kept: its retry is new, and the retry's retry a duplicate
    expect(ob.acceptMany([boom, boom]).map((r) => (r instanceof Error ? 'error' : r === undefined ? 'duplicate' : r.length))).toEqual([2, 'duplicate']);
    await ob.committed();
    expect(texts(store.sqlite.db)).toEqual(['n=a', 'n=c', 'n=c', 'n=boom-first', 'n=boom']);
    store.close();
  });

  it('refuses a replayed body under a new delivery id, and records that id too', async () => {
    const store = openTestStore(tmpDir('summoner-dedupe-'));
    const ob = openOutboxStore(store.sqlite);
    expect(ob.accept(['gh:d1', 'gh:body:x'], event('x').rows)).toHaveLength(1);
    expect(ob.accept(['gh:d2', 'gh:body:x'], event('x').rows)).toBeUndefined();
    expect(ob.accept(['gh:d2', 'gh:body:y'], event('y').rows)).toBeUndefined();
    await ob.committed();
    expect(texts(store.sqlite.db)).toEqual(['n=x']);
    store.close();
  });

  it('still refuses the keys after a restart, through every store on the connection', async () => {
    const dir = tmpDir('summoner-dedupe-');
    let store = openTestStore(dir);
    const first = openOutboxStore(store.sqlite);
    first.acceptMany([event('a'), event('b')]);
    // a second store on the same connection (the `outbox` command's, a test's) sees the same keys at once
    expect(openOutboxStore(store.sqlite).accept(event('a').dedupe, event('a').rows)).toBeUndefined();
    await first.committed();
    store.close();
    store = openTestStore(dir);
    const ob = openOutboxStore(store.sqlite);
    expect(ob.acceptMany([event('a'), event('b'), event('c')]).map((r) => r === undefined)).toEqual([true, true, false]);
    await ob.committed();
    expect(texts(store.sqlite.db)).toEqual(['n=a', 'n=b', 'n=c']);
    store.close();
  });

  it('keeps the delivery ids of a database from before the append-only log', async () => {
    const dir = tmpDir('summoner-dedupe-');
    const before = MIGRATIONS.filter((m) => m.version <= 5);
    const old = openStore(dir, Date.now, { migrations: before, version: '0.9.0' });
    old.sqlite.db.prepare(`INSERT INTO notify_event (dedupe, at) VALUES (?, ?), (?, ?)`).run('gh:old', Date.now(), 'gh:body:old', Date.now());
    old.sqlite.db.prepare(`INSERT INTO notify_outbox (lane, kind, data, recipe, accepted_at) VALUES ('dev', 'post', '{}', 'r', ?)`).run(Date.now());
    old.close();
    const store = openTestStore(dir);
    const ob = openOutboxStore(store.sqlite);
    expect(ob.accept(['gh:old'], event('old').rows)).toBeUndefined();
    expect(ob.accept(['gh:new', 'gh:body:old'], event('new').rows)).toBeUndefined();
    expect(ob.pending('dev', 10)).toHaveLength(1); // the owed row kept its place in its lane
    store.close();
  });

  it('forgets keys older than a week, in the log and in memory', async () => {
    const store = openTestStore(tmpDir('summoner-dedupe-'));
    let now = Date.parse('2026-11-01T12:00:00Z');
    const ob = openOutboxStore(store.sqlite, () => now);
    ob.acceptMany([event('old')]);
    now += 6 * 24 * 3600 * 1000;
    ob.acceptMany([event('recent')]);
    now += 2 * 24 * 3600 * 1000;
    expect(ob.prune()).toBe(2); // the old event's two keys (its row is still owed: kept)
    await ob.committed();
    expect(ob.acceptMany([event('old'), event('recent')]).map((r) => r === undefined)).toEqual([false, true]);
    store.close();
  });
});
