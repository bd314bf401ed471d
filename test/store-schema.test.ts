// The embedded database's schema version: recorded, migrated forward in order, and a newer database refused
// (an older build on newer state) with a clear message and without changing a byte of it.
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/schema.js';
import { NOTIFY_MIGRATIONS } from '../src/notify/schema.js';
import { ROBOT_MIGRATIONS } from '../src/robot/schema.js';
import { SCHEDULE_MIGRATIONS } from '../src/schedule/schema.js';
import { schemaOf, schemaVersionOf, type Migration } from '../src/state/migrations.js';
import { openStore } from '../src/robot/store.js';
import { openTestStore, tmpDir } from './helpers/robot.js';

const digest = (dir: string) =>
  fs
    .readdirSync(dir)
    .sort()
    .map((f) => `${f}:${crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')}`);

const audit = (store: ReturnType<typeof openStore>, text: string) => {
  const id = store.startAudit({ userId: 'u1', userName: 'alice', channelId: 'c1', source: 'test', messageId: `m-${text}`, text });
  store.finishAudit(id, { command: text.split(' ')[0], outcome: 'ok', durationMs: 3 });
};

describe('state schema versions', () => {
  it('records the version and the history of a new database', () => {
    const dir = tmpDir('summoner-schema-');
    const store = openTestStore(dir, { version: '1.2.3' });
    expect(store.schema).toEqual({ version: MIGRATIONS.length, openedAt: 0, applied: MIGRATIONS.map((m) => m.name) });
    store.close();
    expect(schemaVersionOf(path.join(dir, 'summoner.db'))).toBe(MIGRATIONS.length);
    const db = new Database(path.join(dir, 'summoner.db'), { readonly: true });
    const rows = db.prepare('SELECT version, name, by_version FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(rows).toEqual(MIGRATIONS.map((m, i) => ({ version: i + 1, name: m.name, by_version: '1.2.3' })));
  });

  it('migrates an older database forward and keeps its audit (an upgrade)', () => {
    const dir = tmpDir('summoner-schema-');
    const old = openStore(dir, Date.now, { version: '0.1.0', migrations: MIGRATIONS.slice(0, 1) });
    audit(old, 'summon wekan');
    old.close();
    expect(schemaVersionOf(path.join(dir, 'summoner.db'))).toBe(1);

    const next: Migration[] = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'test: a later table', up: 'CREATE TABLE later (id INTEGER PRIMARY KEY, note TEXT)' }];
    const store = openStore(dir, Date.now, { version: '0.2.0', migrations: next });
    expect(store.schema.openedAt).toBe(1);
    expect(store.schema.version).toBe(next.length);
    expect(store.schema.applied).toEqual(next.slice(1).map((m) => m.name));
    expect(store.history(10).map((h) => h.text)).toEqual(['summon wekan']);
    store.db.prepare('INSERT INTO later (note) VALUES (?)').run('works');
    store.close();
    const db = new Database(path.join(dir, 'summoner.db'), { readonly: true });
    const by = db.prepare('SELECT version, by_version FROM schema_migrations ORDER BY version').all();
    db.close();
    // the first migration ran under 0.1.0 before the history table existed: recorded by the build that made it
    expect(by).toEqual(next.map((_, i) => ({ version: i + 1, by_version: '0.2.0' })));
  });

  it('refuses a database from a newer Summoner, with a clear message, changing nothing', () => {
    const dir = tmpDir('summoner-schema-');
    const newer: Migration[] = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'from the future', up: 'CREATE TABLE future (x)' }];
    const s = openStore(dir, Date.now, { version: '9.0.0', migrations: newer });
    audit(s, 'status');
    s.close();
    const before = digest(dir);

    let err: unknown;
    try {
      openTestStore(dir, { version: '1.0.0' });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'state.schema_newer' });
    const msg = (err as Error).message;
    expect(msg).toContain(`schema version ${newer.length}`);
    expect(msg).toContain(`this Summoner (1.0.0) knows versions up to ${MIGRATIONS.length}`);
    expect(msg).toContain('written by a newer Summoner');
    expect((err as { hint?: string }).hint).toMatch(/restore a backup/);
    expect(digest(dir)).toEqual(before);

    // the newer build still opens it, audit intact
    const again = openStore(dir, Date.now, { version: '9.0.0', migrations: newer });
    expect(again.history(5).map((h) => h.text)).toEqual(['status']);
    again.close();
  });

  it('each module declares its own tables; the composition root puts them in one order, and a clash or a gap is refused', () => {
    // the tables a fresh database gets, by the module whose schema.ts declares them
    const tablesOf = (list: readonly Migration[]) => list.flatMap((m) => (typeof m.up === 'string' ? [...m.up.matchAll(/CREATE TABLE (\w+)/g)].map((x) => x[1]) : []));
    expect(tablesOf(ROBOT_MIGRATIONS)).toEqual(['audit', 'seen', 'proposal', 'kv', 'schema_migrations']);
    expect(tablesOf(NOTIFY_MIGRATIONS).every((n) => n!.startsWith('notify_'))).toBe(true);
    expect(tablesOf(SCHEDULE_MIGRATIONS).every((n) => n!.startsWith('schedule_'))).toBe(true);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(schemaOf(SCHEDULE_MIGRATIONS, ROBOT_MIGRATIONS, NOTIFY_MIGRATIONS)).toEqual(MIGRATIONS); // the list order does not matter
    const clash: Migration = { version: 3, name: 'another module: its table', up: 'CREATE TABLE other (x)' };
    expect(() => schemaOf(ROBOT_MIGRATIONS, NOTIFY_MIGRATIONS, [clash])).toThrow(/version 3 is claimed twice: notify: .*; another module: its table/);
    expect(() => schemaOf(ROBOT_MIGRATIONS, SCHEDULE_MIGRATIONS)).toThrow(/schema version 3 is missing \(next is 4/);
  });
});
