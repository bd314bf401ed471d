// Backups against the real engine, MariaDB and PostgreSQL from the locally built Debian images: hot dumps
// with their manifests and end checks, backup → destroy the database → restore (compared by query
// results), verify on a good and on altered/truncated backups, restore refusing a bad checksum.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDecompressed } from '../src/core/backup/compress.js';
import { listBackups } from '../src/core/backup/manifest.js';
import { stopContainer } from '../src/core/engine/index.js';
import { hotDbMinion, hotPgMinion, sql, wire, type Wired } from './helpers/backup.js';
import { RecordingReporter, engineAvailable, makeTestEnv, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

const SEED = {
  mariadb: `
    CREATE TABLE items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(100) NOT NULL, price DECIMAL(10,2), note TEXT, data BLOB);
    CREATE TABLE tags (item_id INT NOT NULL, tag VARCHAR(40) NOT NULL, PRIMARY KEY (item_id, tag));
    CREATE TABLE audit (id INT PRIMARY KEY AUTO_INCREMENT, what VARCHAR(100));
    CREATE TRIGGER items_audit AFTER INSERT ON items FOR EACH ROW INSERT INTO audit (what) VALUES (CONCAT('added ', NEW.name));
    CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
    INSERT INTO items (name, price, note, data) VALUES ('Wörterbuch', 12.50, 'tab\\there; quote '' and backslash \\\\', UNHEX('00FF10')), ('emoji 🎉', NULL, NULL, NULL);
    INSERT INTO items (name, price) SELECT CONCAT('row ', seq), seq / 7 FROM seq_1_to_500;
    INSERT INTO tags SELECT id, IF(id % 2, 'odd', 'even') FROM items;
  `,
  postgres: `
    CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL, price NUMERIC(10,2), note TEXT, data BYTEA, born TIMESTAMPTZ DEFAULT '2026-01-02 03:04:05+00');
    CREATE TABLE tags (item_id INT NOT NULL REFERENCES items(id), tag TEXT NOT NULL, PRIMARY KEY (item_id, tag));
    CREATE SCHEMA extra;
    CREATE TABLE extra.notes (id INT PRIMARY KEY, body JSONB);
    CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 10;
    INSERT INTO items (name, price, note, data) VALUES ('Wörterbuch', 12.50, E'tab\\there; quote '' and backslash \\\\', '\\x00ff10'), ('emoji 🎉', NULL, NULL, NULL);
    INSERT INTO items (name, price) SELECT 'row ' || g, g / 7.0 FROM generate_series(1, 500) g;
    INSERT INTO tags SELECT id, CASE WHEN id % 2 = 1 THEN 'odd' ELSE 'even' END FROM items;
    INSERT INTO extra.notes VALUES (1, '{"a": [1, 2, {"b": null}]}');
  `,
};

/** What the tables hold, compared by query results. */
const SNAPSHOT = {
  mariadb: `SELECT id, name, price, note, HEX(data) FROM items ORDER BY id; SELECT * FROM tags ORDER BY item_id, tag; SELECT * FROM audit ORDER BY id; SELECT twice(21);
            SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = 'app';`,
  postgres: `SELECT id, name, price, note, encode(data, 'hex'), born FROM items ORDER BY id; SELECT * FROM tags ORDER BY item_id, tag; SELECT * FROM extra.notes; SELECT * FROM cheap ORDER BY id;`,
};

const DESTROY = {
  mariadb: 'DROP TABLE tags; DELETE FROM items WHERE id > 10; UPDATE items SET name = \'changed\'; CREATE TABLE intruder (x INT);',
  postgres: 'DROP VIEW cheap; DROP TABLE tags; DELETE FROM items WHERE id > 10; UPDATE items SET name = \'changed\'; DROP SCHEMA extra CASCADE; CREATE TABLE intruder (x INT);',
};

run('backups: dump, restore, verify on real MariaDB and PostgreSQL', () => {
  let env: TestEnv;
  let w: Wired;
  const apps = { mariadb: 'shopdb', postgres: 'shoppg' } as const;

  beforeAll(async () => {
    env = makeTestEnv('bak');
    w = wire(env, [hotDbMinion(apps.mariadb), hotPgMinion(apps.postgres)], { dumpBeforeUpdate: true });
    // one after the other: two first summons would race to create the shared proxy network
    await w.core.summon(apps.mariadb, undefined, new RecordingReporter());
    await w.core.summon(apps.postgres, undefined, new RecordingReporter());
  }, 180_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  for (const type of ['mariadb', 'postgres'] as const) {
    const app = apps[type];
    let before = '';

    it(`${type}: a hot dump writes a compressed file and its manifest, after its end checks`, async () => {
      await sql(env, app, type, SEED[type]);
      before = await sql(env, app, type, SNAPSHOT[type]);
      expect(before).toContain('Wörterbuch');
      expect(before.split('\n').length).toBeGreaterThan(1000);

      const r = new RecordingReporter();
      const [res, ...more] = await w.backups.backup(app, r);
      expect(res!.error).toBeUndefined();
      expect(more).toEqual([]);
      expect(res).toMatchObject({ app, kind: 'dump', ok: true });
      const dir = path.join(env.config.backupRoot, app);
      const files = fs.readdirSync(dir);
      expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
      const [b] = await listBackups(env.config.backupRoot, app);
      expect(b!.path).toBe(res!.file);
      expect(path.basename(b!.path)).toMatch(new RegExp(`^${app}-\\d{8}T\\d{6}Z-dump\\.(sql|pgdump)\\.(zst|gz)$`));
      expect(fs.statSync(b!.path).mode & 0o777).toBe(0o600);
      const m = b!.manifest;
      expect(m).toMatchObject({ app, kind: 'dump', type, tool: type === 'mariadb' ? 'mariadb-dump' : 'pg_dump', reason: 'manual' });
      expect(m.toolVersion).toMatch(type === 'mariadb' ? /10\.11/ : /pg_dump \(PostgreSQL\) 15/);
      expect(m.serverVersion).toMatch(type === 'mariadb' ? /^10\.11/ : /^15/);
      expect(m.bytes).toBe(fs.statSync(b!.path).size);
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.rawBytes!).toBeGreaterThan(m.bytes);
      const itemsKey = type === 'mariadb' ? 'items' : 'public.items';
      expect(m.tables![itemsKey]).toBe(502);
      expect(w.events.find((e) => e.type === 'backup.done' && e.app === app)).toMatchObject({ sha256: m.sha256, bytes: m.bytes });
    }, 120_000);

    it(`${type}: backup → destroy the data → restore gives the same query results`, async () => {
      await sql(env, app, type, DESTROY[type]);
      expect(await sql(env, app, type, SNAPSHOT[type]).catch(() => 'broken')).not.toBe(before);

      // a row written to the live database while the backup loads beside it: the restore replaces it, and the
      // safety copy (taken from the replaced folders after the swap) keeps it
      let written: Promise<number> | undefined;
      const r = new (class extends RecordingReporter {
        override step(text: string): void {
          super.step(text);
          if (!written && /^starting a fresh/.test(text)) written = sql(env, app, type, "INSERT INTO items (name) VALUES ('written during the load');").then(() => this.steps.length);
        }
      })();
      const res = await w.backups.restore(app, 'latest', r);
      expect(res.kind).toBe('dump');
      expect(res.safety).toMatch(/-dump\./);
      const writtenAt = await written!;
      const swapAt = r.steps.findIndex((x) => /for the swap$/.test(x));
      expect(writtenAt, 'the live write ended before the swap').toBeLessThanOrEqual(swapAt);
      // the app healthy on the restored data first, then the safety copy from the kept folders, which are gone after it
      expect(r.steps.findIndex((x) => /is healthy on the restored data/.test(x))).toBeLessThan(r.steps.findIndex((x) => /from its kept folders/.test(x)));
      expect(fs.readdirSync(path.join(env.config.dbRoot, app)).filter((f) => f.includes('restore-'))).toEqual([]);
      expect(res.notes.join(' ')).not.toMatch(/no safety backup/);
      const kept = openDecompressed(path.join(env.config.backupRoot, app, res.safety!));
      let dumped = '';
      for await (const c of kept.stream) dumped += (c as Buffer).toString('utf8');
      await kept.done;
      expect(dumped).toContain('written during the load');
      expect(await sql(env, app, type, "SELECT COUNT(*) FROM items WHERE name = 'written during the load';")).toMatch(/^\s*0\s*$/);
      // the safety dump of the damaged database is far smaller than the backup before it: flagged
      const safety = (await listBackups(env.config.backupRoot, app)).find((b) => b.manifest.file === res.safety)!;
      expect(safety.manifest.reason).toBe('pre-restore');
      expect(safety.manifest.flags.join(' ')).toMatch(/^small: \d+ bytes, the previous dump had \d+/);
      expect(r.steps.join('\n')).toMatch(/checking the checksum/);
      expect(await sql(env, app, type, SNAPSHOT[type])).toBe(before);
      // the table that did not exist at dump time is gone too: the restore is the dump, not a merge
      const tables = await sql(env, app, type, type === 'mariadb' ? 'SHOW TABLES' : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
      if (type === 'mariadb') expect(tables).not.toContain('intruder');
      // the twin loaded with fast-load flags (no fsync, no doublewrite / full-page writes) that the swapped-in
      // server does not keep: it runs with the minion's own settings, crash-safe again
      expect(r.steps.join('\n')).toMatch(type === 'mariadb' ? /fast-load flags.*--innodb-doublewrite=0/ : /fast-load flags.*fsync=off/);
      const settings =
        type === 'mariadb'
          ? await sql(env, app, type, 'SELECT @@innodb_doublewrite, @@innodb_flush_log_at_trx_commit, @@log_bin;')
          : await sql(env, app, type, 'SHOW fsync; SHOW full_page_writes; SHOW synchronous_commit; SHOW wal_level; SHOW autovacuum;');
      expect(settings.trim().split(/\s+/)).toEqual(type === 'mariadb' ? ['1', '1', '0'] : ['on', 'on', 'on', 'replica', 'on']);
      // the app came back behind its health check
      const st = (await w.core.status(app))[0]!;
      expect(st.state).toBe('running');
    }, 180_000);

    it(`${type}: verify passes on a good backup, in a throw-away container that is removed after`, async () => {
      const r = new RecordingReporter();
      const first = (await listBackups(env.config.backupRoot, app))[0]!;
      const v = await w.backups.verify(app, first.manifest.file, r);
      expect(v).toMatchObject({ ok: true, file: first.manifest.file });
      expect(v.detail).toMatch(/tables, \d+ rows and their checksums as recorded/);
      // PostgreSQL: loaded from a copy decompressed beside its folders (staged-load.ts), gone with the server
      expect(r.steps.some((x) => x.includes('into it, from a copy decompressed beside it'))).toBe(type === 'postgres');
      expect(fs.readdirSync(path.join(env.config.dbRoot, app)).filter((f) => f.includes('verify-'))).toEqual([]);
      const left = await env.engine.docker.listContainers({ all: true, filters: { label: ['summoner.verify=true', `summoner.domain=${env.domain}`] } });
      expect(left).toEqual([]);
      const again = (await listBackups(env.config.backupRoot, app)).find((b) => b.manifest.file === first.manifest.file)!;
      expect(again.manifest.verified).toMatchObject({ ok: true });
    }, 180_000);

    it(`${type}: verify fails with the reason on altered and truncated copies; restore refuses them`, async () => {
      const list = await listBackups(env.config.backupRoot, app);
      const good = list[0]!;
      const bytes = fs.readFileSync(good.path);
      try {
        // altered: one byte in the middle
        const altered = Buffer.from(bytes);
        const at = Math.floor(altered.length / 2);
        altered[at] = altered[at]! ^ 0xff;
        fs.writeFileSync(good.path, altered);
        const v1 = await w.backups.verify(app, good.manifest.file, new RecordingReporter());
        expect(v1.ok).toBe(false);
        expect(v1.detail).toMatch(/does not match its manifest/);
        await expect(w.backups.restore(app, good.manifest.file, new RecordingReporter())).rejects.toMatchObject({ code: 'backup.checksum_mismatch' });
        // truncated
        fs.writeFileSync(good.path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
        const v2 = await w.backups.verify(app, good.manifest.file, new RecordingReporter());
        expect(v2.ok).toBe(false);
        expect(v2.detail).toMatch(/altered or truncated/);
        await expect(w.backups.restore(app, good.manifest.file, new RecordingReporter())).rejects.toMatchObject({ code: 'backup.checksum_mismatch' });
        // nothing was touched: the data is still what was restored before
        expect(await sql(env, app, type, SNAPSHOT[type])).toBe(before);
      } finally {
        fs.writeFileSync(good.path, bytes);
      }
    }, 180_000);
  }

  it('verify notices a dump whose content differs from its recorded row counts', async () => {
    // a manifest that lies about the counts (as if rows were lost between count and dump) fails the comparison
    const list = await listBackups(env.config.backupRoot, apps.postgres);
    const b = list[0]!;
    const m = { ...b.manifest, tables: { ...b.manifest.tables, 'public.items': 503 } };
    const original = fs.readFileSync(`${b.path}.json`);
    fs.writeFileSync(`${b.path}.json`, JSON.stringify(m));
    try {
      const v = await w.backups.verify(apps.postgres, b.manifest.file, new RecordingReporter());
      expect(v.ok).toBe(false);
      expect(v.detail).toBe('table public.items has 502 rows, the dump had 503');
    } finally {
      fs.writeFileSync(`${b.path}.json`, original);
    }
  }, 180_000);

  it('a stopped database is a clear failure, not a file', async () => {
    await stopContainer(env.engine, `mariadb-${apps.mariadb}-${env.domain}`, 10);
    const before = fs.readdirSync(path.join(env.config.backupRoot, apps.mariadb)).sort();
    const [res] = await w.backups.backup(apps.mariadb, new RecordingReporter());
    expect(res).toMatchObject({ ok: false, kind: 'dump' });
    expect(res!.error).toMatch(/is not running/);
    expect(fs.readdirSync(path.join(env.config.backupRoot, apps.mariadb)).sort()).toEqual(before);
    expect(w.events.find((e) => e.type === 'backup.failed' && e.app === apps.mariadb)).toBeTruthy();
  }, 60_000);

  it('update takes a real dump of the database first (started for it when stopped), and the cold copy', async () => {
    // the test before left the database stopped
    const before = (await listBackups(env.config.backupRoot, apps.mariadb)).length;
    const r = new RecordingReporter();
    const res = await w.core.update(apps.mariadb, '1.1', { force: false }, r);
    expect(res).toMatchObject({ status: 'updated', from: '1.0', to: '1.1' });
    const after = await listBackups(env.config.backupRoot, apps.mariadb);
    const dump = after.find((b) => b.manifest.reason === 'update');
    expect(dump?.manifest).toMatchObject({ kind: 'dump', type: 'mariadb' });
    expect(dump!.manifest.tables!.items).toBe(502);
    // the dump and the cold copy, both safety copies with their manifests
    expect(after.length).toBe(before + 2);
    expect(dump!.manifest.safety).toBe(true);
    expect(res.status === 'updated' && res.backup?.file).toMatch(/-cold\.tar\.gz$/);
    const cold = after.find((b) => res.status === 'updated' && b.path === res.backup?.file);
    expect(cold?.manifest).toMatchObject({ kind: 'cold', reason: 'update', safety: true });
    expect(r.text()).toMatch(/dump of shopdb's database: shopdb-\S+-dump\.sql\./);
    expect((await sql(env, apps.mariadb, 'mariadb', 'SELECT COUNT(*) FROM items')).trim()).toBe('502');
  }, 180_000);

  it('the cold copy that update took is listed by `backups` and put back by `restore` (issue 14, done-when 6)', async () => {
    const listed = await w.backups.list(apps.mariadb);
    const cold = listed.find((b) => b.manifest.kind === 'cold' && b.manifest.reason === 'update');
    expect(cold).toBeTruthy();
    // a change after the update, which restoring the pre-update cold copy must undo
    await sql(env, apps.mariadb, 'mariadb', 'DELETE FROM items WHERE id > 500');
    expect((await sql(env, apps.mariadb, 'mariadb', 'SELECT COUNT(*) FROM items')).trim()).toBe('500');
    const res = await w.backups.restore(apps.mariadb, cold!.manifest.file, new RecordingReporter());
    expect(res).toMatchObject({ app: apps.mariadb, kind: 'cold', file: cold!.manifest.file });
    await vi.waitFor(async () => expect((await sql(env, apps.mariadb, 'mariadb', 'SELECT COUNT(*) FROM items')).trim()).toBe('502'), { timeout: 60_000, interval: 500 });
  }, 240_000);
});
