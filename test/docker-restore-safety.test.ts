// Restores that cannot lose data, and verification inside the dump's snapshot, on real MariaDB and
// PostgreSQL (the local Debian images): a restore is built beside the live database and swapped in only
// once checked, so a load that fails part-way leaves the live data exactly as it was (compared by
// fingerprint: every table's rows and content checksum, and the schema), with the loader's own error text.
// Backups taken under a writer committing 200+ transactions a second verify; a dump altered by one row does
// not, naming the table; a FLOAT column is reported at backup time.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDecompressed, compressor, sha256File, codecOfFile, DEFAULT_LEVEL } from '../src/core/backup/compress.js';
import { fingerprintDatabase } from '../src/core/backup/dump.js';
import { dumperFor } from '../src/core/backup/dumpers.js';
import { listBackups, writeManifest, type BackupEntry } from '../src/core/backup/manifest.js';
import { containerLogs, execStream, listContainers } from '../src/core/engine/index.js';
import { loadSecrets } from '../src/core/secrets.js';
import type { Minion } from '../src/core/types.js';
import { hotPgMinion, sql, wire, type Wired } from './helpers/backup.js';
import { RecordingReporter, engineAvailable, makeTestEnv, webDbMinion, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

/** MariaDB whose root password Summoner does not know (a random one): restores run as the app's user. */
function randomRootMinion(name: string): Minion {
  const m = webDbMinion(name);
  const env = { ...m.database!.environment };
  delete env.MARIADB_ROOT_PASSWORD;
  env.MARIADB_RANDOM_ROOT_PASSWORD = 'yes';
  return { ...m, backup: { hot: true, cold: false }, database: { ...m.database!, environment: env } };
}

const apps = { pg: 'safepg', maria: 'safedb' } as const;

run('restore built beside the live database; verify inside the dump snapshot', () => {
  let env: TestEnv;
  let w: Wired;
  let definerBackup = '';
  const dbName = (type: 'mariadb' | 'postgres') => `${type}-${type === 'postgres' ? apps.pg : apps.maria}-${env.domain}`;

  /** The live database's tables (rows + content checksum) and its schema: "byte-for-byte as before". */
  async function fingerprint(type: 'mariadb' | 'postgres'): Promise<string> {
    const app = type === 'postgres' ? apps.pg : apps.maria;
    const s = await loadSecrets(env.secretsDir, app);
    const t = type === 'postgres' ? { app, type, container: dbName(type), database: 'appdb', user: 'app', password: s.DB_PASSWORD! } : { app, type, container: dbName(type), database: 'app', user: 'app', password: s.DB_PASSWORD! };
    const fp = await fingerprintDatabase(env.engine, dbName(type), dumperFor(type), t);
    const schema =
      type === 'postgres'
        ? await sql(env, app, type, "SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2; SELECT rolname FROM pg_roles ORDER BY 1;")
        : await sql(env, app, type, "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'app' ORDER BY 1; SELECT COUNT(*) FROM information_schema.views WHERE table_schema = 'app';");
    return JSON.stringify(fp) + schema;
  }

  /** The random root password the MariaDB entrypoint printed (Summoner does not know it). */
  async function mariaRootPassword(): Promise<string> {
    const logs = await containerLogs(env.engine, dbName('mariadb'), 500);
    const pw = logs.map((l) => /GENERATED ROOT PASSWORD: (\S+)/.exec(l.text)?.[1]).find(Boolean);
    expect(pw).toBeTruthy();
    return pw!;
  }

  async function leftovers(app: string): Promise<string[]> {
    const dir = path.join(env.config.dbRoot, app);
    const folders = fs.readdirSync(dir).filter((f) => f.includes('restore-'));
    const containers = (await listContainers(env.engine, { 'summoner.domain': env.domain })).filter((c) => c.name.startsWith('summoner-restore-'));
    return [...folders, ...containers.map((c) => c.name)];
  }

  beforeAll(async () => {
    env = makeTestEnv('rsafe');
    w = wire(env, [hotPgMinion(apps.pg), randomRootMinion(apps.maria)]);
    await w.core.summon(apps.pg, undefined, new RecordingReporter());
    await w.core.summon(apps.maria, undefined, new RecordingReporter());
  }, 240_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('postgres: a table created after the backup in a schema of the dump no longer breaks the restore: the database becomes exactly the backup', async () => {
    await sql(env, apps.pg, 'postgres', `
      CREATE SCHEMA sales;
      CREATE TABLE sales.orders (id INT PRIMARY KEY, item TEXT, price REAL, at TIMESTAMPTZ DEFAULT '2026-01-01');
      INSERT INTO sales.orders SELECT g, 'item ' || g, g / 3.0, '2026-01-01'::timestamptz + g * interval '1 minute' FROM generate_series(1, 2000) g;
      CREATE ROLE reader;
      GRANT USAGE ON SCHEMA sales TO reader;
      GRANT SELECT ON sales.orders TO reader;`);
    const [res] = await w.backups.backup(apps.pg, new RecordingReporter());
    expect(res).toMatchObject({ ok: true });
    const atBackup = await fingerprint('postgres');
    await sql(env, apps.pg, 'postgres', 'CREATE TABLE sales.later (x INT); INSERT INTO sales.orders VALUES (9999, \'late\', 1);');
    expect(await fingerprint('postgres')).not.toBe(atBackup);

    const r = new RecordingReporter();
    const out = await w.backups.restore(apps.pg, 'latest', r);
    expect(out.file).toBe(path.basename(res!.file!));
    expect(out.checked).toMatch(/^\d+ tables, \d+ rows and their checksums as recorded$/);
    expect(r.text()).toMatch(/starting a fresh postgres beside/);
    // decompressed beside the fresh server while it started, and read there by pg_restore (staged-load.ts)
    expect(r.text()).toMatch(/into it \(\d+ MB\), from a copy decompressed beside it/);
    expect(await fingerprint('postgres')).toBe(atBackup);
    expect((await w.core.status(apps.pg))[0]!.state).toBe('running');
    expect(await leftovers(apps.pg)).toEqual([]);
  }, 240_000);

  it('postgres: a restore failing part-way (a role the dump grants to was dropped since) leaves the live database as it was and says why', async () => {
    await sql(env, apps.pg, 'postgres', 'REVOKE ALL ON sales.orders FROM reader; REVOKE ALL ON SCHEMA sales FROM reader; DROP ROLE reader; INSERT INTO sales.orders VALUES (10000, \'after\', 2);');
    const before = await fingerprint('postgres');
    const err = await w.backups.restore(apps.pg, 'latest', new RecordingReporter()).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(err?.code).toBe('backup.restore_failed');
    expect(err!.message).toMatch(/role "reader" does not exist/);
    expect(err!.message).toMatch(/Nothing was changed/);
    expect(err!.message).not.toMatch(/operation was aborted/i);
    expect(await fingerprint('postgres')).toBe(before);
    expect((await w.core.status(apps.pg))[0]!.state).toBe('running');
    expect(await leftovers(apps.pg)).toEqual([]);
  }, 240_000);

  it('mariadb: a FLOAT column is reported at backup time', async () => {
    await sql(env, apps.maria, 'mariadb', `
      CREATE TABLE readings (id INT PRIMARY KEY, v FLOAT, d DOUBLE);
      INSERT INTO readings SELECT seq, seq / 7, seq / 7 FROM seq_1_to_300;`);
    const [res] = await w.backups.backup(apps.maria, new RecordingReporter());
    expect(res!.ok).toBe(true);
    expect(res!.flags.join(' ')).toMatch(/^lossy: FLOAT column readings\.v \(float\): a logical dump keeps 6 significant digits/);
    const [b] = (await listBackups(env.config.backupRoot, apps.maria)).slice(-1);
    expect(b!.manifest.lossy).toEqual(['readings.v (float)']);
  }, 120_000);

  it('mariadb: a restore failing part-way (a view whose DEFINER the app user cannot set) leaves the live database as it was and says why', async () => {
    const rootPw = await mariaRootPassword();
    const asRoot = (q: string) => execStream(env.engine, dbName('mariadb'), ['mariadb', '-h127.0.0.1', '-uroot', 'app'], { env: [`MYSQL_PWD=${rootPw}`], stdin: Readable.from([Buffer.from(q)]) });
    const v = await asRoot("CREATE DEFINER='root'@'%' VIEW big_readings AS SELECT id, d FROM readings WHERE d > 20;");
    expect(v.stderr).toBe('');
    const [res] = await w.backups.backup(apps.maria, new RecordingReporter());
    expect(res!.ok).toBe(true);
    definerBackup = path.basename(res!.file!);
    await sql(env, apps.maria, 'mariadb', 'INSERT INTO readings VALUES (1000, 1, 1);');
    const before = await fingerprint('mariadb');
    const err = await w.backups.restore(apps.maria, 'latest', new RecordingReporter()).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(err?.code).toBe('backup.restore_failed');
    expect(err!.message).toMatch(/mariadb could not load \S+ \(exit 1\): ERROR 1227 .*Access denied; you need \(at least one of\) the SUPER.* privilege/);
    expect((err as Error & { hint?: string }).hint).toMatch(/--definers-to-app/);
    expect(err!.message).toMatch(/Nothing was changed/);
    expect(await fingerprint('mariadb')).toBe(before);
    expect((await w.core.status(apps.maria))[0]!.state).toBe('running');
    expect(await leftovers(apps.maria)).toEqual([]);
  }, 240_000);

  for (const type of ['mariadb', 'postgres'] as const) {
    const app = type === 'postgres' ? apps.pg : apps.maria;
    let underLoad: BackupEntry;

    it(`${type}: a backup taken while a writer commits 200+ transactions a second verifies`, async () => {
      await sql(env, app, type, type === 'postgres'
        ? "CREATE TABLE ticks (id SERIAL PRIMARY KEY, v INT); CREATE TABLE bulk (id INT PRIMARY KEY, body TEXT); INSERT INTO bulk SELECT g, 'row ' || lpad(g::text, 7, '0') || repeat('x', 80) FROM generate_series(1, 200000) g; CREATE TABLE notes (id INT PRIMARY KEY, doc JSONB, amount NUMERIC(10, 2)); INSERT INTO notes SELECT g, jsonb_build_object('n', g, 'tags', jsonb_build_array('a', g % 7)), g / 3.0 FROM generate_series(1, 1000) g;"
        : "CREATE TABLE ticks (id INT PRIMARY KEY AUTO_INCREMENT, v INT); CREATE TABLE bulk (id INT PRIMARY KEY, body TEXT); INSERT INTO bulk SELECT seq, CONCAT('row ', LPAD(seq, 7, '0'), REPEAT('x', 80)) FROM seq_1_to_200000;");
      const s = await loadSecrets(env.secretsDir, app);
      // commits that do not wait for the disk (the same transactions, at the rate a busy app reaches on this host)
      if (type === 'mariadb') {
        const g = await execStream(env.engine, dbName(type), ['mariadb', '-h127.0.0.1', '-uroot', '-e', 'SET GLOBAL innodb_flush_log_at_trx_commit = 2'], { env: [`MYSQL_PWD=${await mariaRootPassword()}`] });
        expect(g.stderr).toBe('');
      }
      let stop = false;
      // one statement per transaction (autocommit), as fast as the client goes
      const feed = Readable.from(
        (async function* () {
          if (type === 'postgres') yield Buffer.from('SET synchronous_commit TO off;\n');
          for (let i = 0; !stop; i++) {
            yield Buffer.from(Array.from({ length: 20 }, (_, k) => `INSERT INTO ticks (v) VALUES (${i * 20 + k});\n`).join(''));
            await new Promise((r) => setImmediate(r));
          }
        })(),
      );
      const writer = type === 'postgres'
        ? execStream(env.engine, dbName(type), ['psql', '-h', '127.0.0.1', '-U', 'app', '-d', 'appdb', '-X', '-q', '-f', '-'], { env: [`PGPASSWORD=${s.DB_PASSWORD}`], stdin: feed })
        : execStream(env.engine, dbName(type), ['mariadb', '-h127.0.0.1', '-uapp', 'app'], { env: [`MYSQL_PWD=${s.DB_PASSWORD}`], stdin: feed });
      const ticks = async () => Number((await sql(env, app, type, 'SELECT COUNT(*) FROM ticks')).trim());
      try {
        await vi.waitFor(async () => expect(await ticks()).toBeGreaterThan(200), { timeout: 30_000, interval: 200 });
        const n0 = await ticks();
        const t0 = Date.now();
        const [res] = await w.backups.backup(app, new RecordingReporter());
        const n1 = await ticks();
        const rate = (n1 - n0) / ((Date.now() - t0) / 1000);
        console.log(`${type}: the writer committed ${Math.round(rate)} transactions/s during the backup`);
        expect(rate).toBeGreaterThan(200);
        expect(res!.ok).toBe(true);
        underLoad = (await listBackups(env.config.backupRoot, app)).find((b) => b.path === res!.file)!;
        expect(underLoad.manifest.checksums?.ticks ?? underLoad.manifest.checksums?.['public.ticks']).toMatch(/\S/);
        if (type === 'postgres') {
          // columns whose binary hash is exact (int, text) are summed by hash_record_extended, written r:<sum>; a
          // table with jsonb or numeric by its rows' text, as before: both kinds in one manifest, both verified below
          expect(underLoad.manifest.checksums!['public.bulk']).toMatch(/^r:-?\d+$/);
          expect(underLoad.manifest.checksums!['public.notes']).toMatch(/^-?\d+$/);
        }
      } finally {
        stop = true;
        await writer.catch(() => undefined);
      }
      const v = await w.backups.verify(app, underLoad.manifest.file, new RecordingReporter());
      expect(v.detail).toMatch(/tables, \d+ rows and their checksums as recorded/);
      expect(v.ok).toBe(true);
    }, 300_000);

    it(`${type}: a dump altered by one row in the middle fails verify, naming the table`, async () => {
      const original = fs.readFileSync(underLoad.path);
      const manifest = fs.readFileSync(`${underLoad.path}.json`);
      try {
        // decompress, change one value in the middle of table bulk (same length), compress, re-seal the manifest
        const d = openDecompressed(underLoad.path);
        const parts: Buffer[] = [];
        for await (const c of d.stream) parts.push(c as Buffer);
        const raw = Buffer.concat(parts);
        const at = raw.indexOf(Buffer.from('row 0100000'));
        expect(at).toBeGreaterThan(0);
        raw.write('row 0100001', at);
        const codec = codecOfFile(underLoad.path);
        const c = compressor(codec, DEFAULT_LEVEL[codec]);
        const out: Buffer[] = [];
        c.stream.on('data', (b: Buffer) => out.push(b));
        const ended = new Promise((r) => c.stream.on('end', r));
        c.stream.end(raw);
        await ended;
        fs.writeFileSync(underLoad.path, Buffer.concat(out));
        await writeManifest(`${underLoad.path}.json`, { ...underLoad.manifest, bytes: fs.statSync(underLoad.path).size, sha256: await sha256File(underLoad.path) });
        const v = await w.backups.verify(app, underLoad.manifest.file, new RecordingReporter());
        expect(v.ok).toBe(false);
        expect(v.detail).toMatch(new RegExp(`^table ${type === 'postgres' ? 'public\\.bulk' : 'bulk'} has the same 200000 rows in number but not in content`));
        // and a restore of it stops before the swap, naming the table (MariaDB: from the load stream itself)
        const before = await fingerprint(type);
        const err = await w.backups.restore(app, underLoad.manifest.file, new RecordingReporter(), { definersToApp: true }).then(
          () => undefined,
          (e: Error & { code?: string }) => e,
        );
        expect(err?.code).toBe('backup.restore_failed');
        expect(err!.message).toMatch(new RegExp(`${type === 'postgres' ? 'table public\\.bulk' : 'as loaded, table bulk'} has the same 200000 rows in number but not in content`));
        expect(err!.message).toMatch(/Nothing was changed/);
        expect(await fingerprint(type)).toBe(before);
      } finally {
        fs.writeFileSync(underLoad.path, original);
        fs.writeFileSync(`${underLoad.path}.json`, manifest);
      }
    }, 300_000);
  }

  // last of the MariaDB tests: a restore of a server with a random root password gives it the fresh one's (unknown too)
  it("mariadb: the same restore with --definers-to-app succeeds: the view's DEFINER becomes the app's user, said in the result", async () => {
    const r = new RecordingReporter();
    const out = await w.backups.restore(apps.maria, definerBackup, r, { definersToApp: true });
    expect(out.checked).toMatch(/^\d+ tables, \d+ rows and their checksums as recorded$/);
    expect(out.notes.join('\n')).toMatch(/DEFINER rewritten to the app's user app \(no root password known\): `root`@`%` \(1 object\)/);
    expect((await sql(env, apps.maria, 'mariadb', "SELECT DEFINER FROM information_schema.views WHERE table_schema = 'app' AND table_name = 'big_readings'")).trim()).toBe('app@%');
    // the backup's state: the row inserted after it is gone, the view answers
    expect((await sql(env, apps.maria, 'mariadb', 'SELECT COUNT(*) FROM readings WHERE id = 1000')).trim()).toBe('0');
    expect(Number((await sql(env, apps.maria, 'mariadb', 'SELECT COUNT(*) FROM big_readings')).trim())).toBeGreaterThan(0);
    expect((await w.core.status(apps.maria))[0]!.state).toBe('running');
    expect(await leftovers(apps.maria)).toEqual([]);
  }, 240_000);

  it('restore <app> <today> never takes a safety copy: with several manual backups that day it asks which, naming them', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const list = await listBackups(env.config.backupRoot, apps.pg);
    const safety = list.filter((b) => b.manifest.safety && b.manifest.createdAt.startsWith(today));
    const manual = list.filter((b) => !b.manifest.safety && b.manifest.reason === 'manual');
    expect(safety.length).toBeGreaterThan(0);
    expect(manual.length).toBeGreaterThan(1);
    const err = await w.backups.choose(apps.pg, today).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(err?.code).toBe('backup.ambiguous');
    for (const b of manual) expect(err!.message).toContain(b.manifest.file);
    for (const b of safety) expect(err!.message).not.toContain(b.manifest.file);
    // latest is the newest backup that is not a safety copy
    expect((await w.backups.choose(apps.pg, undefined)).manifest.file).toBe(manual[manual.length - 1]!.manifest.file);
  });
});
