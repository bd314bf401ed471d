// Dumps that must fail, and say so: the dump tool killed mid-way, a full disk (a 2 MB tmpfs as the backup
// root), a database that refuses the credentials. Each: a clear failure with the cause, no file that looks
// complete (no partial left either), no manifest. Real MariaDB/PostgreSQL containers, real kill, real tmpfs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dumpDatabase } from '../src/core/backup/dump.js';
import { listBackups } from '../src/core/backup/manifest.js';
import { createBackupService } from '../src/core/backup/service.js';
import { execPid, startScratchContainer } from '../src/core/engine/index.js';
import { loadSecrets, saveSecrets } from '../src/core/secrets.js';
import { hotDbMinion, hotPgMinion, sql, wire, type Wired } from './helpers/backup.js';
import { RecordingReporter, catalogOf, engineAvailable, makeTestEnv, silentLog, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;
const isRoot = process.getuid?.() === 0;
// CI runs as root with an engine: there, the full-disk test (a tmpfs mount needs root) fails instead of skipping
if (!isRoot && process.env.SUMMONER_REQUIRE_ENGINE === '1') throw new Error('SUMMONER_REQUIRE_ENGINE=1: the full-disk test runs as root (tmpfs)');

run('backups that fail: killed tool, full disk, refused credentials', () => {
  let env: TestEnv;
  let w: Wired;
  const db = 'faultdb';
  const pg = 'faultpg';
  const dir = () => path.join(env.config.backupRoot, db);

  beforeAll(async () => {
    env = makeTestEnv('bakf');
    w = wire(env, [hotDbMinion(db), hotPgMinion(pg)]);
    await w.core.summon(db, undefined, new RecordingReporter());
    await w.core.summon(pg, undefined, new RecordingReporter());
    // ~13 MB of incompressible-ish hex: several MB compressed, more than the 2 MB tmpfs
    await sql(env, db, 'mariadb', 'CREATE TABLE big (id INT PRIMARY KEY, h VARCHAR(200)); INSERT INTO big SELECT seq, SHA2(RAND(seq), 512) FROM seq_1_to_100000;');
    // the kill tests need a dump that lasts: ~50 MB more in each
    await sql(env, db, 'mariadb', 'CREATE TABLE huge (id INT PRIMARY KEY, h VARCHAR(200)); INSERT INTO huge SELECT seq, SHA2(RAND(seq), 512) FROM seq_1_to_400000;');
    await sql(env, pg, 'postgres', 'CREATE TABLE huge AS SELECT g AS id, md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) AS h FROM generate_series(1, 400000) g;');
    await sql(env, pg, 'postgres', 'CREATE TABLE big (id INT PRIMARY KEY, h TEXT); INSERT INTO big SELECT g, md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) FROM generate_series(1, 100000) g;');
  }, 180_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  const leftovers = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d) : []);

  /** Options that SIGKILL the dump process (its host pid, from exec inspect) once 1 MB has come out of it. */
  function killer() {
    let pid: number | undefined;
    let execId: string | undefined;
    let asking = false;
    const state = { killed: false, atBytes: 0 };
    let seen = 0;
    const tryKill = () => {
      if (state.killed || !pid || seen < 1e6) return;
      state.killed = true;
      state.atBytes = seen;
      process.kill(pid, 'SIGKILL');
    };
    // (asked again as the dump goes while it is not known: a busy engine may not show the exec's pid within execPid's
    // first second, and a pid never read let the dump finish unkilled)
    const ask = () => {
      if (!execId || pid || asking || state.killed) return;
      asking = true;
      void execPid(env.engine, execId).then((p) => {
        pid = p;
        asking = false;
        tryKill();
      });
    };
    return {
      state,
      onExecStart: (id: string) => {
        execId = id;
        ask();
      },
      onProgress: (n: number) => {
        seen = n;
        tryKill();
        ask();
      },
    };
  }

  it('mariadb-dump killed mid-way: dump_failed with the cause, no file, no partial, no manifest', async () => {
    const s = await loadSecrets(env.secretsDir, db);
    const k = killer();
    const err = await dumpDatabase(
      env.engine,
      { app: db, type: 'mariadb', container: `mariadb-${db}-${env.domain}`, database: 'app', user: 'app', password: s.DB_PASSWORD! },
      { dir: dir(), codec: 'gzip', level: 9, reason: 'test', onExecStart: k.onExecStart, onProgress: k.onProgress },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(k.state.killed).toBe(true);
    expect(k.state.atBytes).toBeGreaterThan(0);
    expect(err).toMatchObject({ code: expect.stringMatching(/^backup\.dump_(failed|incomplete)$/) });
    expect((err as Error).message).toMatch(/exited with 137|completion marker|cut short/);
    expect(leftovers(dir())).toEqual([]);
    expect(await listBackups(env.config.backupRoot, db)).toEqual([]);
  }, 120_000);


  it('pg_dump killed mid-way: a clear failure, nothing is kept', async () => {
    const s = await loadSecrets(env.secretsDir, pg);
    const k = killer();
    const pgDir = path.join(env.config.backupRoot, pg);
    const err = await dumpDatabase(
      env.engine,
      { app: pg, type: 'postgres', container: `postgres-${pg}-${env.domain}`, database: 'appdb', user: 'app', password: s.DB_PASSWORD! },
      { dir: pgDir, codec: 'gzip', level: 9, reason: 'test', onExecStart: k.onExecStart, onProgress: k.onProgress },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(k.state.killed).toBe(true);
    expect(err).toMatchObject({ code: expect.stringMatching(/^backup\.dump_(failed|incomplete)$/) });
    expect((err as Error).message).toMatch(/exited with 137/);
    expect(leftovers(pgDir)).toEqual([]);
  }, 120_000);

  it('PostgreSQL read back whole (pgReadBack: full) and by its table of contents: both pass on a good dump', async () => {
    const s = await loadSecrets(env.secretsDir, pg);
    const t = { app: pg, type: 'postgres' as const, container: `postgres-${pg}-${env.domain}`, database: 'appdb', user: 'app', password: s.DB_PASSWORD! };
    const pgDir = path.join(env.root, 'pg-readback');
    for (const pgReadBack of ['full', 'toc'] as const) {
      const m = await dumpDatabase(env.engine, t, { dir: pgDir, codec: 'zstd', reason: 'test', pgReadBack });
      expect(m.tables).toMatchObject({ 'public.big': 100000, 'public.huge': 400000 });
      expect(m.rawBytes!).toBeGreaterThan(50e6);
    }
    expect(fs.readdirSync(pgDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  }, 120_000);

  it('a database container from before the labels is found by its name `<dbtype>-<app>-<domain>`', async () => {
    const name = `postgres-legacy-${env.domain}`;
    await startScratchContainer(env.engine, { name, image: 'summoner-test/postgres:15', env: ['POSTGRES_USER=old', 'POSTGRES_PASSWORD=old-password', 'POSTGRES_DB=olddb'], labels: {} });
    const legacy = hotPgMinion('legacy');
    const backups = createBackupService({ config: env.config, engine: env.engine, catalog: catalogOf(legacy), secretsDir: env.secretsDir, jobs: w.jobs, log: silentLog() });
    expect(await backups.findDb('legacy')).toMatchObject({ type: 'postgres', container: name, running: true });
    expect(await backups.apps()).toContain('legacy');
    // no secrets file for it: the user, database and password come from the container's own environment
    // retried while the server is still initialising (its own words), any other outcome is the answer
    const res = await vi.waitFor(
      async () => {
        const [r] = await backups.backup('legacy', new RecordingReporter());
        if (!r!.ok && /connection|starting up|No such file|shut down/i.test(r!.error ?? '')) throw new Error(`not ready: ${r!.error}`);
        return r;
      },
      // a fresh PostgreSQL initdb takes 10-60 s on a loaded 2-core machine
      { timeout: 120_000, interval: 500 },
    );
    expect(res, JSON.stringify(res)).toMatchObject({ app: 'legacy', kind: 'dump', ok: true });
    const [b] = await listBackups(env.config.backupRoot, 'legacy');
    expect(b!.manifest).toMatchObject({ database: 'olddb', type: 'postgres' });
  }, 180_000);

  it.skipIf(!isRoot)('a full disk (2 MB tmpfs as backup root): a clear failure, no file, no manifest', async () => {
    const small = path.join(env.root, 'small-disk');
    fs.mkdirSync(small, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small]);
    try {
      const config = { ...env.config, backupRoot: small, backup: { ...env.config.backup, compression: 'gzip' as const } };
      const backups = createBackupService({ config, engine: env.engine, catalog: catalogOf(hotDbMinion(db)), secretsDir: env.secretsDir, jobs: w.jobs, log: silentLog() });
      const [res] = await backups.backup(db, new RecordingReporter());
      expect(res).toMatchObject({ app: db, kind: 'dump', ok: false });
      expect(res!.error).toMatch(/the backup disk is full/);
      expect(leftovers(path.join(small, db))).toEqual([]);
      // the database is untouched and still answers
      expect((await sql(env, db, 'mariadb', 'SELECT COUNT(*) FROM big')).trim()).toBe('100000');
    } finally {
      execFileSync('umount', [small]);
    }
  }, 120_000);

  it('a database that refuses the credentials: the tool\'s own error, no file, no manifest, secrets not shown', async () => {
    const good = await loadSecrets(env.secretsDir, pg);
    await saveSecrets(env.secretsDir, pg, { ...good, DB_PASSWORD: 'not-the-password-at-all' });
    try {
      const pgDir = path.join(env.config.backupRoot, pg);
      const [res] = await w.backups.backup(pg, new RecordingReporter());
      expect(res).toMatchObject({ app: pg, ok: false });
      expect(res!.error).toMatch(/password authentication failed for user "app"/);
      expect(res!.error).not.toContain('not-the-password-at-all');
      expect(leftovers(pgDir), JSON.stringify([res, leftovers(pgDir)])).toEqual([]);
      expect(w.events.filter((e) => e.type === 'backup.failed' && e.app === pg)).toHaveLength(1);
    } finally {
      await saveSecrets(env.secretsDir, pg, good);
    }
    const s = await loadSecrets(env.secretsDir, db);
    await saveSecrets(env.secretsDir, db, { ...s, DB_PASSWORD: 'wrong-wrong-wrong' });
    try {
      const [res] = await w.backups.backup(db, new RecordingReporter());
      expect(res!.ok).toBe(false);
      expect(res!.error).toMatch(/Access denied for user 'app'/);
      expect(leftovers(dir())).toEqual([]);
    } finally {
      await saveSecrets(env.secretsDir, db, s);
    }
    // with the right credentials again, both back up
    const ok = await w.backups.backupAll(new RecordingReporter());
    expect(ok.map((r) => [r.app, r.ok]), JSON.stringify(ok)).toEqual([
      [db, true],
      [pg, true],
    ]);
  }, 180_000);
});
