// Physical backups (x-summoner `backup: { method: physical }`) on real MariaDB with mariadb-backup (the
// local image summoner-test/mariadb:10.11-backup): FLOAT values that a logical dump rounds come back bit
// for bit. Backup → verify → destroy → restore gives identical CHECKSUM TABLE results, the restore built
// beside the live server and swapped in; a server whose root Summoner does not know is refused, saying why.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups } from '../src/core/backup/manifest.js';
import type { Minion } from '../src/core/types.js';
import { sql, wire, type Wired } from './helpers/backup.js';
import { RecordingReporter, engineAvailable, makeTestEnv, webDbMinion, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

function physicalMinion(name: string, randomRoot = false): Minion {
  const m = webDbMinion(name);
  const env = { ...m.database!.environment };
  if (randomRoot) {
    delete env.MARIADB_ROOT_PASSWORD;
    env.MARIADB_RANDOM_ROOT_PASSWORD = 'yes';
  }
  return { ...m, backup: { hot: true, cold: false, method: 'physical' }, database: { ...m.database!, tag: '10.11-backup', environment: env } };
}

const app = 'physdb';
const noRoot = 'physnoroot';
const CHECKSUMS = 'CHECKSUM TABLE readings, notes EXTENDED';

run('physical backups (mariadb-backup): exact where a logical dump is not', () => {
  let env: TestEnv;
  let w: Wired;

  beforeAll(async () => {
    env = makeTestEnv('phys');
    w = wire(env, [physicalMinion(app), physicalMinion(noRoot, true)]);
    await w.core.summon(app, undefined, new RecordingReporter());
  }, 240_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('backup → verify → destroy → restore gives identical CHECKSUM TABLE results, FLOAT values included', async () => {
    await sql(env, app, 'mariadb', `
      CREATE TABLE readings (id INT PRIMARY KEY, v FLOAT, d DOUBLE);
      INSERT INTO readings SELECT seq, seq / 7, seq / 7 FROM seq_1_to_5000;
      CREATE TABLE notes (id INT PRIMARY KEY AUTO_INCREMENT, body TEXT) DEFAULT CHARSET utf8mb4;
      INSERT INTO notes (body) VALUES ('emoji 🎉'), ('plain');
      CREATE VIEW recent AS SELECT id, v FROM readings WHERE id > 4990;`);
    const before = await sql(env, app, 'mariadb', CHECKSUMS);
    const floats = await sql(env, app, 'mariadb', 'SELECT SUM(v), MAX(v), BIT_XOR(CAST(v * 1e9 AS SIGNED)) FROM readings');

    const [res] = await w.backups.backup(app, new RecordingReporter());
    expect(res).toMatchObject({ ok: true, kind: 'dump' });
    expect(path.basename(res!.file!)).toMatch(/^physdb-\d{8}T\d{6}Z-physical\.xbstream\.(zst|gz)$/);
    expect(res!.flags.join(' ')).not.toMatch(/lossy/); // a physical copy keeps FLOAT exactly
    const entry = (await listBackups(env.config.backupRoot, app)).find((b) => b.path === res!.file)!;
    expect(entry.manifest).toMatchObject({ method: 'physical', tool: 'mariadb-backup', tableNames: ['notes', 'readings'] });

    const v = await w.backups.verify(app, entry.manifest.file, new RecordingReporter());
    expect(v.detail).toMatch(/^2 tables as recorded, every row read back \(CHECKSUM TABLE\), a physical copy$/);
    expect(v.ok).toBe(true);

    // destroy: the data changes and a table goes
    await sql(env, app, 'mariadb', 'UPDATE readings SET v = v * 2; DROP TABLE notes;');
    expect(await sql(env, app, 'mariadb', 'SHOW TABLES')).not.toMatch(/notes/);

    const r = new RecordingReporter();
    const out = await w.backups.restore(app, 'latest', r);
    expect(out.file).toBe(entry.manifest.file);
    expect(out.checked).toMatch(/^2 tables as recorded/);
    expect(r.text()).toMatch(/mariadb-backup --prepare/);
    expect(await sql(env, app, 'mariadb', CHECKSUMS)).toBe(before);
    expect(await sql(env, app, 'mariadb', 'SELECT SUM(v), MAX(v), BIT_XOR(CAST(v * 1e9 AS SIGNED)) FROM readings')).toBe(floats);
    expect((await sql(env, app, 'mariadb', 'SELECT COUNT(*) FROM recent')).trim()).toBe('10');
    expect((await w.core.status(app))[0]!.state).toBe('running');
    // the safety copy of the destroyed state is physical too, and kept apart
    const safety = (await listBackups(env.config.backupRoot, app)).find((b) => b.manifest.safety);
    expect(safety?.manifest).toMatchObject({ method: 'physical', reason: 'pre-restore' });
  }, 300_000);

  it('a server whose root password Summoner does not know: no physical backup, and it says what to do', async () => {
    await w.core.summon(noRoot, undefined, new RecordingReporter());
    const [res] = await w.backups.backup(noRoot, new RecordingReporter());
    expect(res!.ok).toBe(false);
    expect(res!.error).toMatch(/a physical backup of physnoroot needs its server's root/);
    expect(await listBackups(env.config.backupRoot, noRoot)).toEqual([]);
  }, 240_000);
});
