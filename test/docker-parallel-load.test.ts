// A MariaDB dump loaded over several connections (src/core/backup/parallel-load.ts) gives the same database as
// the one-connection load, on a real server: a backup of a database with what a real app has (rows over
// several INSERT statements, a table without a primary key, MyISAM, BLOBs, utf8mb4, FLOAT and DOUBLE,
// TIMESTAMPs, foreign keys, a trigger whose body inserts, a procedure, a function, an event, a view) is
// loaded into two fresh servers, one connection and three, and every table's CHECKSUM TABLE and every
// object's definition compared. A dump whose rows fail part-way fails the parallel load with MariaDB's own
// error, and all its connections stop.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../src/core/backup/dump.js';
import { dumperFor, type DbTarget } from '../src/core/backup/dumpers.js';
import { listBackups, type BackupEntry } from '../src/core/backup/manifest.js';
import { loadSqlParallel } from '../src/core/backup/parallel-load.js';
import { loadDump } from '../src/core/backup/restore.js';
import { waitReady } from '../src/core/backup/verify.js';
import { removeContainer, startScratchContainer } from '../src/core/engine/index.js';
import { generatePassword } from '../src/core/secrets.js';
import { hotDbMinion, sql, wire, type Wired } from './helpers/backup.js';
import { RecordingReporter, engineAvailable, makeTestEnv, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

const SEED = `
  CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(100)) ENGINE=InnoDB;
  CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, f FLOAT, d DOUBLE, at TIMESTAMP NULL, FOREIGN KEY (parent_id) REFERENCES parent(id)) ENGINE=InnoDB;
  CREATE TABLE big (id INT PRIMARY KEY, body VARCHAR(255), blob_col BLOB) ENGINE=InnoDB;
  CREATE TABLE nopk (a INT, b VARCHAR(40)) ENGINE=InnoDB;
  CREATE TABLE legacy (id INT PRIMARY KEY, note TEXT, KEY (note(10))) ENGINE=MyISAM;
  CREATE TABLE audit (id INT PRIMARY KEY AUTO_INCREMENT, what VARCHAR(200));
  CREATE TRIGGER child_audit AFTER INSERT ON child FOR EACH ROW INSERT INTO audit (what) VALUES (CONCAT('child ', NEW.id));
  CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
  DELIMITER //
  CREATE PROCEDURE touch(IN n INT)
  BEGIN
INSERT INTO \`audit\` (what) VALUES (CONCAT('touch ', n));
SET @last = n;
  END//
  DELIMITER ;
  CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DISABLE DO DELETE FROM audit WHERE id < 0;
  CREATE VIEW heavy AS SELECT c.id, p.name FROM child c JOIN parent p ON p.id = c.parent_id WHERE c.d > 10;
  INSERT INTO parent SELECT seq, CONCAT('parent ', seq, ' 🎉 ''quoted'' ; INSERT INTO \`x\` VALUES (1);') FROM seq_1_to_2000;
  INSERT INTO child SELECT seq, 1 + seq % 2000, seq / 3, seq / 7, FROM_UNIXTIME(1700000000 + seq) FROM seq_1_to_20000;
  INSERT INTO big SELECT seq, CONCAT(REPEAT('x', seq % 200), '\\n;\\\\', seq), UNHEX(SHA2(seq, 256)) FROM seq_1_to_40000;
  INSERT INTO nopk SELECT seq % 50, CONCAT('dup ', seq % 50) FROM seq_1_to_3000;
  INSERT INTO legacy SELECT seq, REPEAT('legacy row ', 1 + seq % 30) FROM seq_1_to_5000;
`;

run('a MariaDB dump loaded over several connections gives the same database', () => {
  let env: TestEnv;
  let w: Wired;
  let backup: BackupEntry;
  const app = 'pardb';
  const d = dumperFor('mariadb');

  beforeAll(async () => {
    env = makeTestEnv('par');
    w = wire(env, [hotDbMinion(app)]);
    await w.core.summon(app, undefined, new RecordingReporter());
    await sql(env, app, 'mariadb', SEED);
    const [b] = await w.backups.backup(app, new RecordingReporter());
    expect(b?.ok).toBe(true);
    backup = (await listBackups(env.config.backupRoot, app)).find((e) => e.path === b!.file)!;
  }, 400_000);

  afterAll(async () => {
    await env?.cleanup(); // the fresh servers carry the test's domain label
  }, 120_000);

  /** A fresh server of the app's image, loaded as root, then what it holds: checksums and definitions. */
  async function freshLoad(label: string, load: (t: DbTarget) => Promise<void>, readBack = true): Promise<string> {
    const root = generatePassword(20);
    const t: DbTarget = { app, type: 'mariadb', container: `summoner-partest-${env.id}-${label}`, database: 'app', user: 'root', password: root };
    await startScratchContainer(env.engine, { name: t.container, image: 'summoner-test/mariadb:10.11', env: d.serverEnv({ ...t, user: 'app' }, root), labels: { 'summoner.domain': env.domain } });
    try {
      await waitReady(env.engine, t, 180);
      await load(t);
      if (!readBack) return '';
      const q = (s: string) => runTool(env.engine, t.container, { argv: ['mariadb', '-h', '127.0.0.1', '-uroot', '-N', '-B', 'app', '-e', s], env: [`MYSQL_PWD=${root}`] }, 'reading back');
      const tables = (await q("SELECT table_name FROM information_schema.tables WHERE table_schema = 'app' AND table_type = 'BASE TABLE' ORDER BY 1")).trim().split('\n');
      expect(tables).toEqual(['audit', 'big', 'child', 'legacy', 'nopk', 'parent']);
      const sums = await q(`CHECKSUM TABLE ${tables.map((x) => `\`${x}\``).join(', ')} EXTENDED`);
      const counts = await q(tables.map((x) => `SELECT '${x}', COUNT(*) FROM \`${x}\``).join(' UNION ALL '));
      const objects = await q(
        "SELECT 'trigger', trigger_name, action_statement FROM information_schema.triggers WHERE trigger_schema = 'app' UNION ALL SELECT 'routine', routine_name, routine_definition FROM information_schema.routines WHERE routine_schema = 'app' UNION ALL SELECT 'event', event_name, event_definition FROM information_schema.events WHERE event_schema = 'app' UNION ALL SELECT 'view', table_name, view_definition FROM information_schema.views WHERE table_schema = 'app' UNION ALL SELECT 'engine', table_name, engine FROM information_schema.tables WHERE table_schema = 'app' ORDER BY 1, 2",
      );
      return [sums, counts, objects].join('\n');
    } finally {
      await removeContainer(env.engine, t.container).catch(() => undefined);
    }
  }

  it('one connection and three: the same tables, rows, checksums and objects', async () => {
    const serial = await freshLoad('serial', (t) => loadDump(env.engine, t, backup, [], 0));
    const parallel = await freshLoad('parallel', (t) => loadDump(env.engine, t, backup, [], 2));
    expect(serial).toMatch(/child\t20000/);
    expect(serial).toMatch(/big\t40000/);
    expect(serial).toMatch(/trigger\tchild_audit/);
    expect(serial).toMatch(/event\tnightly/);
    expect(serial).toMatch(/legacy\tMyISAM/);
    expect(parallel).toBe(serial);
    // and the live database holds the same (the trigger did not fire again during either load)
    expect(serial).toMatch(/audit\t20000/);
  }, 400_000);

  it('the rows did go over several connections', async () => {
    let used = { connections: 0, rowStatements: 0 };
    await freshLoad('count', async (t) => {
      const { openDecompressed } = await import('../src/core/backup/compress.js');
      const src = openDecompressed(backup.path);
      const r = await loadSqlParallel(env.engine, t.container, d.restore(t), src.stream, 2);
      expect(r.exitCode).toBe(0);
      used = { connections: r.connections, rowStatements: r.rowStatements };
    });
    expect(used.connections).toBe(3);
    expect(used.rowStatements).toBeGreaterThan(6); // big alone is several of mariadb-dump's 1 MB statements
  }, 400_000);

  it('rows failing part-way: MariaDB\'s own error, every connection stopped', async () => {
    const dump = [
      '/*!40101 SET NAMES utf8mb4 */;',
      'CREATE TABLE `t` (id INT PRIMARY KEY);',
      ...Array.from({ length: 40 }, (_, k) => `INSERT INTO \`t\` VALUES ${Array.from({ length: 500 }, (_, j) => `(${k * 500 + j})`).join(',')};`),
      'INSERT INTO `t` VALUES (7);', // a duplicate key
      ...Array.from({ length: 40 }, (_, k) => `INSERT INTO \`t\` VALUES ${Array.from({ length: 500 }, (_, j) => `(${100000 + k * 500 + j})`).join(',')};`),
      'CREATE TABLE `after_rows` (x INT);',
      '',
    ].join('\n');
    await freshLoad('fail', async (t) => {
      const r = await loadSqlParallel(env.engine, t.container, d.restore({ ...t, database: 'app' }), Readable.from([Buffer.from(`USE \`app\`;\n${dump}`)]), 2);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(/Duplicate entry '7' for key 'PRIMARY'/);
      // the leader never ran what came after the failed rows
      const after = await runTool(env.engine, t.container, { argv: ['mariadb', '-h', '127.0.0.1', '-uroot', '-N', '-B', '-e', "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'after_rows'"], env: [`MYSQL_PWD=${t.password}`] }, 'reading back');
      expect(after.trim()).toBe('0');
    }, false);
  }, 400_000);
});
