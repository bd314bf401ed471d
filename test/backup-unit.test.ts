// The backup module's pure parts: retention over a simulated month, the exec stream demuxer, the dump
// commands of each database (MongoDB's included: there is no MongoDB here, so its command building and
// failure reading are what can be tested), backup picking, count comparison, compression round trips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { compressor, HashTap, pickCodec, sha256File, TailTap, testDecompress, zstdAvailable } from '../src/core/backup/compress.js';
import { credentialsFromEnv, dumperFor, mongoConfig, parseCounts, type DbTarget } from '../src/core/backup/dumpers.js';
import { pickBackup, stamp, type BackupEntry, type Manifest } from '../src/core/backup/manifest.js';
import { isoWeekKey, planRetention, type RetentionItem, type RetentionPolicy } from '../src/core/backup/retention.js';
import { compareCounts } from '../src/core/backup/verify.js';
import { fastLoadFlags } from '../src/core/backup/service.js';
import { DockerDemux } from '../src/core/engine/exec-stream.js';

const H = 3600_000;

describe('retention', () => {
  const policy: RetentionPolicy = { keepLast: 4, daily: 7, weekly: 4, monthly: 3, maxPruneShare: 0.5 };
  // every 6 hours, 2026-11-01T00:00Z … 2026-11-30T18:00Z: 120 backups
  const month = (): RetentionItem[] =>
    Array.from({ length: 120 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 10, 1) + i * 6 * H);
      return { id: at.toISOString(), at, verified: false };
    });
  const iso = (d: number, h: number) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
  const expected = [
    iso(30, 18), iso(30, 12), iso(30, 6), iso(30, 0), // last 4
    iso(29, 18), iso(28, 18), iso(27, 18), iso(26, 18), iso(25, 18), iso(24, 18), // daily (30th counted above)
    iso(22, 18), iso(15, 18), // weekly: W47, W46 (W49 = 30th, W48 = 29th already kept)
    iso(10, 6), // the newest verified
  ];

  it('ISO weeks: Monday starts one, the Thursday decides the year', () => {
    expect(isoWeekKey(new Date(Date.UTC(2026, 10, 30)))).toBe('2026-W49'); // a Monday
    expect(isoWeekKey(new Date(Date.UTC(2026, 10, 29, 23)))).toBe('2026-W48'); // Sunday
    expect(isoWeekKey(new Date(Date.UTC(2027, 0, 1)))).toBe('2026-W53');
    expect(isoWeekKey(new Date(Date.UTC(2024, 11, 30)))).toBe('2025-W01');
  });

  it('a month of backups at once: exactly last N + daily + weekly + monthly + the newest verified', () => {
    const items = month();
    for (const it of items) if (it.id === iso(3, 0) || it.id === iso(10, 6)) it.verified = true;
    const plan = planRetention(items, policy);
    expect(plan.keep.map((k) => k.item.id).sort()).toEqual([...expected].sort());
    expect(plan.remove).toHaveLength(120 - expected.length);
    expect(plan.keep.find((k) => k.item.id === iso(10, 6))!.reasons).toEqual(['newest verified']);
    expect(plan.keep.find((k) => k.item.id === iso(30, 18))!.reasons).toEqual(['last 1', 'daily 2026-11-30', 'weekly 2026-W49', 'monthly 2026-11']);
    // removing 107 of 120 is far above the usual share: it must be confirmed
    expect(plan.needsConfirmation).toBe(true);
  });

  it('pruned after every backup for a month: the same set, never a confirmation, never the newest verified', () => {
    let have: RetentionItem[] = [];
    const all = month();
    for (const it of all) {
      if (it.id === iso(3, 0) || it.id === iso(10, 6)) it.verified = true;
      have.push(it);
      const plan = planRetention(have, policy);
      expect(plan.needsConfirmation).toBe(false);
      const newestVerified = [...have].reverse().find((x) => x.verified);
      if (newestVerified) expect(plan.remove).not.toContain(newestVerified);
      have = have.filter((x) => !plan.remove.includes(x));
    }
    expect(have.map((x) => x.id).sort()).toEqual([...expected].sort());
  });

  it('the newest verified is kept even when every rule would drop it; an empty list removes nothing', () => {
    const items = month().slice(0, 40);
    items[0]!.verified = true;
    const plan = planRetention(items, { keepLast: 1, daily: 0, weekly: 0, monthly: 0, maxPruneShare: 1 });
    expect(plan.keep.map((k) => k.item.id)).toEqual([items[39]!.id, items[0]!.id]);
    expect(planRetention([], policy)).toEqual({ keep: [], remove: [], needsConfirmation: false });
  });
});

describe('exec stream demuxer', () => {
  const frame = (type: number, text: string) => {
    const body = Buffer.from(text);
    const h = Buffer.alloc(8);
    h[0] = type;
    h.writeUInt32BE(body.length, 4);
    return Buffer.concat([h, body]);
  };

  it('splits stdout from stderr whatever the chunking, byte for byte', async () => {
    const whole = Buffer.concat([frame(1, 'hello '), frame(2, 'warn: x\n'), frame(1, 'wörld'), frame(1, ''), frame(2, 'more'), frame(1, '!')]);
    for (const size of [1, 3, 7, 8, 9, 1000]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < whole.length; i += size) chunks.push(whole.subarray(i, i + size));
      const err: Buffer[] = [];
      const out: Buffer[] = [];
      await pipeline(Readable.from(chunks), new DockerDemux((b) => err.push(Buffer.from(b))), new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
      expect(Buffer.concat(out).toString()).toBe('hello wörld!');
      expect(Buffer.concat(err).toString()).toBe('warn: x\nmore');
    }
  });

  it('a stream cut inside a frame, or not multiplexed, is an error', async () => {
    const cut = frame(1, 'abcdef').subarray(0, 10);
    await expect(pipeline(Readable.from([cut]), new DockerDemux(() => undefined), new Writable({ write: (_c, _e, cb) => cb() }))).rejects.toThrow(/middle of a frame/);
    await expect(pipeline(Readable.from([Buffer.from('plain text, no frames')]), new DockerDemux(() => undefined), new Writable({ write: (_c, _e, cb) => cb() }))).rejects.toThrow(/not multiplexed/);
  });
});

describe('dump commands', () => {
  const t: DbTarget = { app: 'wiki', type: 'mariadb', container: 'mariadb-wiki-x', database: 'wiki', user: 'wiki', password: 's3cret-PW' };
  const noSecretInArgv = (argv: string[]) => expect(argv.join(' ')).not.toContain('s3cret-PW');

  it('MariaDB: a consistent snapshot with routines, triggers and events; the password only in MYSQL_PWD', () => {
    const d = dumperFor('mariadb');
    const c = d.dump(t);
    expect(c.argv[0]).toBe('mariadb-dump');
    expect(c.argv).toEqual(expect.arrayContaining(['--single-transaction', '--routines', '--triggers', '--events', '--databases', 'wiki']));
    expect(c.env).toEqual(['MYSQL_PWD=s3cret-PW']);
    noSecretInArgv(c.argv);
    expect(dumperFor('mysql').dump({ ...t, type: 'mysql' }).argv[0]).toBe('mysqldump');
    expect(d.completed!('INSERT ...;\n-- Dump completed on 2026-11-29 16:00:00\n')).toBe(true);
    expect(d.completed!('INSERT INTO `big` VALUES (1,')).toBe(false);
    expect(d.fatal("mariadb-dump: Got error: 1045: \"Access denied for user 'wiki'@'localhost'\"")).toMatch(/Access denied/);
    expect(d.fatal('Warning: something harmless')).toBeUndefined();
  });

  it('PostgreSQL: custom format, PGPASSWORD, restore with --clean --if-exists', () => {
    const d = dumperFor('postgres');
    const pg = { ...t, type: 'postgres' as const };
    expect(d.dump(pg).argv).toEqual(expect.arrayContaining(['pg_dump', '--format=custom', '-d', 'wiki', '-U', 'wiki']));
    expect(d.dump(pg).env).toEqual(['PGPASSWORD=s3cret-PW']);
    expect(d.restore(pg).argv).toEqual(expect.arrayContaining(['pg_restore', '--clean', '--if-exists', '--exit-on-error']));
    noSecretInArgv(d.restore(pg).argv);
    // table names are quoted, not pasted
    expect(d.countRows(pg, ['public.odd"name']).argv.at(-1)).toContain('"public"."odd""name"');
  });

  it('MongoDB (untested against a server: not packaged here): archive on stdout, the password on stdin, never in argv', () => {
    const d = dumperFor('mongo');
    const m = { ...t, type: 'mongo' as const, password: 'p"w s3cret-PW' };
    const c = d.dump(m);
    expect(c.argv.slice(0, 2)).toEqual(['mongodump', '--archive']);
    expect(c.argv).toContain('--config=/dev/stdin');
    expect(c.argv).toContain('--db=wiki');
    noSecretInArgv(c.argv);
    expect(c.stdinText).toBe(mongoConfig(m));
    expect(c.stdinText).toBe('password: "p\\"w s3cret-PW"\n');
    const r = d.restore(m);
    expect(r.argv).toEqual(expect.arrayContaining(['mongorestore', '--archive', '--drop', '--nsInclude=wiki.*']));
    noSecretInArgv(r.argv);
    expect(d.fatal('2026-11-29T16:00:00.000+0000\tFailed: error connecting to db server: server returned error on SASL authentication step: Authentication failed.')).toMatch(/Failed:/);
    expect(d.fatal('2026-11-29T16:00:00.000+0000\twriting wiki.posts to archive on stdout')).toBeUndefined();
    expect(d.ext).toBe('archive');
    expect(credentialsFromEnv('mongo', { MONGO_INITDB_ROOT_USERNAME: 'root', MONGO_INITDB_ROOT_PASSWORD: 'x', MONGO_INITDB_DATABASE: 'wekan' })).toEqual({ user: 'root', password: 'x', database: 'wekan' });
  });

  it('credentials come from the container environment the way the images read them', () => {
    expect(credentialsFromEnv('mariadb', { MYSQL_USER: 'u', MYSQL_PASSWORD: 'p', MYSQL_DATABASE: 'd', MYSQL_ROOT_PASSWORD: 'r' })).toEqual({ user: 'u', password: 'p', database: 'd', rootPassword: 'r' });
    expect(credentialsFromEnv('mariadb', { MARIADB_ROOT_PASSWORD: 'r', MARIADB_DATABASE: 'd' })).toEqual({ user: 'root', password: 'r', database: 'd', rootPassword: 'r' });
    expect(credentialsFromEnv('postgres', { POSTGRES_PASSWORD: 'p' })).toEqual({ user: 'postgres', database: 'postgres', password: 'p' });
    expect(parseCounts('items\t502\npublic.x\t0\nnot a line\n')).toEqual({ items: 502, 'public.x': 0 });
  });
});

describe('picking and comparing', () => {
  const entry = (createdAt: string, file: string, kind: Manifest['kind'] = 'dump'): BackupEntry => ({
    path: `/b/${file}`,
    manifest: { version: 1, app: 'a', kind, file, createdAt, reason: 'manual', bytes: 1, sha256: 'x', durationMs: 1, flags: [] },
  });
  const list = [entry('2026-11-20T10:15:00.000Z', 'a-20261120T101500Z-dump.sql.zst'), entry('2026-11-20T18:00:00.000Z', 'a-20261120T180000Z-cold.tar.gz', 'cold'), entry('2026-11-21T09:00:00.000Z', 'a-20261121T090000Z-dump.sql.zst')];

  it('latest, a day, a minute, a file name; a kind', () => {
    expect(pickBackup(list, undefined)!.manifest.file).toContain('20261121T0900');
    expect(pickBackup(list, 'latest')!.manifest.file).toContain('20261121T0900');
    expect(pickBackup(list, '2026-11-20')!.manifest.file).toContain('cold');
    expect(pickBackup(list, '2026-11-20', 'dump')!.manifest.file).toContain('20261120T1015');
    expect(pickBackup(list, '2026-11-20T10:15')!.manifest.file).toContain('20261120T1015');
    expect(pickBackup(list, 'a-20261120T101500Z-dump.sql.zst')!.manifest.file).toBe('a-20261120T101500Z-dump.sql.zst');
    expect(pickBackup(list, '2026-12-01')).toBeUndefined();
    expect(stamp(new Date('2026-11-22T10:15:00.123Z'))).toBe('20261122T101500Z');
  });

  it('counts: missing, extra and different tables are named', () => {
    expect(compareCounts({ a: 1, b: 2 }, { a: 1, b: 2 })).toEqual([]);
    expect(compareCounts({ a: 1, b: 2 }, { a: 0, c: 5 })).toEqual(['table a has 0 rows, the dump had 1', 'table b is missing', 'table c was not in the dump']);
  });
});

describe('compression', () => {
  it.each(['gzip', 'zstd'] as const)('%s: compresses, hashes in the same pass, decompresses back; a cut file does not', async (codec) => {
    if (codec === 'zstd' && !(await zstdAvailable())) return; // the setup script installs it; gzip is the fallback
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-compress-'));
    try {
      const file = path.join(dir, `x.${codec === 'zstd' ? 'zst' : 'gz'}`);
      const raw = Buffer.from(Array.from({ length: 20000 }, (_, i) => `line ${i} ${i * 7919}\n`).join(''));
      const c = compressor(codec, 3);
      const hash = new HashTap();
      const tail = new TailTap(32);
      await pipeline(Readable.from([raw]), tail, c.stream, hash, fs.createWriteStream(file));
      await c.done;
      expect(hash.digest()).toBe(await sha256File(file));
      expect(hash.bytes).toBe(fs.statSync(file).size);
      expect(tail.bytes).toBe(raw.length);
      expect(tail.tail()).toBe(raw.subarray(-32).toString());
      expect(await testDecompress(file)).toBe(raw.length);
      fs.writeFileSync(file, fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size / 2)));
      await expect(testDecompress(file)).rejects.toMatchObject({ code: 'backup.corrupt' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gzip when asked; auto picks zstd only when the program is there', async () => {
    expect(await pickCodec('gzip')).toBe('gzip');
    expect(await pickCodec('auto')).toBe((await zstdAvailable()) ? 'zstd' : 'gzip');
  });
});

describe('the result table', () => {
  it('one row per backup, failures with their reason, pipes escaped', async () => {
    const { resultTable, size } = await import('../commands/backup-render.js');
    const t = resultTable([
      { app: 'wiki', kind: 'dump', ok: true, bytes: 12_345_678, sha256: 'abcdef0123456789ff', durationMs: 4200, flags: ['small: 10 bytes, the previous dump had 100'], offsite: 'ok' },
      { app: 'chat', kind: 'cold', ok: false, durationMs: 100, error: 'tar | failed', flags: [] },
    ]);
    const lines = t.split('\n');
    expect(lines[0]).toBe('| app | kind | size | duration | sha256 | result |');
    expect(lines[2]).toBe('| wiki | dump | 12.3 MB | 4.2 s | `abcdef012345` | :white_check_mark: ok; :warning: small: 10 bytes, the previous dump had 100; off-site ok |');
    expect(lines[3]).toBe('| chat | cold | – | 0.1 s | – | :x: tar \\| failed |');
    expect(size(999)).toBe('999 B');
    expect(size(2.5e9)).toBe('2.50 GB');
  });
});

describe('rechunking', () => {
  it('gathers small frames into large chunks, byte for byte, the rest at the end', async () => {
    const { Rechunk } = await import('../src/core/backup/compress.js');
    const input = Array.from({ length: 100 }, (_, i) => Buffer.from(`frame ${i};`.repeat(50)));
    const out: Buffer[] = [];
    await pipeline(Readable.from(input), new Rechunk(4096), new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
    expect(Buffer.concat(out).equals(Buffer.concat(input))).toBe(true);
    expect(out.slice(0, -1).every((c) => c.length >= 4096)).toBe(true);
    expect(out.length).toBeLessThan(input.length / 5);
  });
});

describe("the restore twin's fast-load flags", () => {
  it('are appended to a server command or bare flags, later than the minion\'s own (so they win for the load)', () => {
    expect(fastLoadFlags('mariadb', ['mariadbd', '--innodb-buffer-pool-size=512M'])).toEqual(expect.arrayContaining(['--skip-log-bin', '--innodb-doublewrite=0', '--innodb-flush-log-at-trx-commit=0']));
    expect(fastLoadFlags('mysql', ['--character-set-server=utf8mb4'])).toContain('--innodb-doublewrite=0');
    expect(fastLoadFlags('mariadb', [])).toContain('--skip-log-bin');
    const pg = fastLoadFlags('postgres', ['postgres', '-c', 'shared_buffers=256MB']);
    for (const kv of ['fsync=off', 'full_page_writes=off', 'wal_level=minimal', 'max_wal_senders=0', 'archive_mode=off']) expect(pg[pg.indexOf(kv) - 1]).toBe('-c');
  });
  it('are never appended to a wrapper script, nor for a database without them', () => {
    expect(fastLoadFlags('mariadb', ['/usr/local/bin/start.sh', 'mariadbd'])).toEqual([]);
    expect(fastLoadFlags('postgres', ['bash', '-c', 'exec postgres'])).toEqual([]);
    expect(fastLoadFlags('mongo', ['mongod'])).toEqual([]);
  });
});
